"""Incidents as evidence for commitments (see commitments/evidence.py).

A commitment shows an incident when:
- an editor linked the two (``IncidentLink``): decision vi, "violations since the meeting",
  is such a list, kept by the secretariat;
- the incident is alleged to violate one of the commitment's clauses;
- the incident's violation category is mapped to one of the commitment's clauses.

Rules of thumb and not a search: nothing appears that nobody connected on purpose. At most
``LIMIT`` incidents per commitment, newest first, in a fixed number of queries whatever
the batch's size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext as _

from accordwatch.commitments.evidence import Evidence, Pointer
from accordwatch.commitments.models import Commitment, Meeting
from accordwatch.incidents.models import Incident, IncidentLink
from accordwatch.incidents.selectors import last_meeting, visible_incidents

LIMIT = 20

# The lookups from an incident to the commitments it is evidence for, one per rule above:
# an editor's link, the clause it allegedly violates, the clauses its violation category is
# mapped to. The designation dossier follows the same ones, so the two never disagree.
_CLAUSE = Commitment.clauses.field.related_query_name()  # "commitments"
COMMITMENT_PATHS: tuple[str, ...] = (
    "links__commitment_id",
    f"clause__{_CLAUSE}",
    f"violation_category__clauses__{_CLAUSE}",
)


def _newest_per_commitment(pairs: QuerySet[Any], commitment: str) -> list[tuple[int, int]]:
    """(commitment id, incident id) pairs, the ``LIMIT`` newest incidents per commitment."""
    ranked = pairs.annotate(
        cid=F(commitment),
        rank=Window(
            RowNumber(),
            partition_by=[F(commitment)],
            order_by=[F("event_date").desc(), F("id").desc()],
        ),
    ).filter(rank__lte=LIMIT)
    return [(cid, pk) for cid, pk in ranked.values_list("cid", "id")]


class IncidentsProvider:
    key = "incidents"
    label = "Incidents"

    def evidence_for(
        self, *, commitment_ids: Sequence[int], user: Any, as_of: dt.date | None = None
    ) -> dict[int, list[Evidence]]:
        incidents = visible_incidents(user=user)
        if as_of is not None:
            incidents = incidents.filter(event_date__lte=as_of)
        ids = list(commitment_ids)
        pairs: set[tuple[int, int]] = set()
        # One incident may reach a commitment by two paths: the set drops the twin.
        for path in COMMITMENT_PATHS:
            pairs.update(_newest_per_commitment(incidents.filter(**{f"{path}__in": ids}), path))
        found = {
            incident.pk: incident
            for incident in Incident.objects.filter(pk__in={pk for _, pk in pairs}).select_related(
                "event_type", "violation_category"
            )
        }
        # Per (commitment, incident): one incident linked to two decisions has two notes.
        notes = {
            (commitment_id, incident_id): note
            for commitment_id, incident_id, note in IncidentLink.objects.filter(
                commitment_id__in=ids
            ).values_list("commitment_id", "incident_id", "note")
        }
        out: dict[int, list[Evidence]] = defaultdict(list)
        for commitment_id, pk in sorted(pairs):
            incident = found[pk]
            kind = _("Ceasefire violation") if incident.violation_category_id else _("Incident")
            what = incident.violation_category or incident.event_type
            where = incident.location or incident.admin1
            out[commitment_id].append(
                Evidence(
                    provider=self.key,
                    kind=kind,
                    title=f"{what} — {where}" if where else str(what),
                    date=incident.event_date,
                    detail=notes.get((commitment_id, pk), "")
                    or incident.get_verification_status_display(),
                    url=reverse("incident-detail", args=[incident.dataset, incident.event_id]),
                )
            )
        for items in out.values():
            items.sort(key=lambda item: item.date or dt.date.min, reverse=True)
            del items[LIMIT:]
        return dict(out)

    def pointers_for(self, *, commitment_ids: Sequence[int], user: Any) -> dict[int, list[Pointer]]:
        """For a commitment with incidents as evidence, the whole "since the meeting" view.

        A decision of a meeting (decision vi: honour the ceasefire) points to what happened
        after that meeting; any other commitment (the ceasefire itself) to what happened
        after the Contact Group last met. Counted only over incidents the reader may see,
        so a restricted link does not betray itself by a pointer.
        """
        incidents = visible_incidents(user=user)
        ids = list(commitment_ids)
        concerned: set[int] = set()
        for path in COMMITMENT_PATHS:
            concerned.update(
                incidents.filter(**{f"{path}__in": ids}).values_list(path, flat=True).distinct()
            )
        if not concerned:
            return {}
        documents = dict(
            Commitment.objects.filter(pk__in=concerned).values_list("pk", "document_id")
        )
        meetings = {
            meeting.communique_id: meeting
            for meeting in Meeting.objects.visible_to(user)
            .filter(communique_id__in=set(documents.values()), starts_on__isnull=False)
            .order_by("starts_on", "id")
        }
        latest = last_meeting(user=user)
        out: dict[int, list[Pointer]] = {}
        for commitment_id in sorted(concerned):
            meeting = meetings.get(documents[commitment_id])
            if meeting is not None:
                label = _("Every incident since this decision's meeting: %(meeting)s") % {
                    "meeting": meeting.title
                }
            elif latest is not None:
                meeting = latest
                label = _("Every incident since the Contact Group last met: %(meeting)s") % {
                    "meeting": meeting.title
                }
            else:
                continue
            out[commitment_id] = [
                Pointer(
                    provider=self.key,
                    label=label,
                    url=reverse("incidents-since", args=[meeting.key]),
                )
            ]
        return out

"""Every read of incidents that a page, the API, an export or a report needs.

Each selector takes the ``user`` who reads and returns only what that user may see:
incidents by the visibility rule; witnesses and restricted source notes only to editors
(to everyone else they do not exist); retired incidents only to editors who ask.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import CharField, Count, F, Q, QuerySet, Sum
from django.db.models.functions import Cast, Substr
from django.http import Http404

from accordwatch.commitments.models import Meeting
from accordwatch.core.models import Actor, AuditEvent
from accordwatch.core.permissions import can_edit, is_member
from accordwatch.core.selectors import audit_events
from accordwatch.incidents import rollup
from accordwatch.incidents.models import (
    Attribution,
    EventType,
    ImportRun,
    Incident,
    IncidentComment,
    IncidentSourceNote,
    VerificationStep,
    ViolationCategory,
    Witness,
)


class IncidentNotFound(Incident.DoesNotExist, Http404):
    """Missing or not visible to the reader (deliberately indistinguishable)."""


def visible_incidents(*, user: Any, include_retired: bool = False) -> QuerySet[Incident]:
    """The incidents ``user`` may see. Retired ones (withdrawn by their source) are left out,
    except for an editor who asks for them."""
    incidents = Incident.objects.visible_to(user)
    if not (include_retired and can_edit(user)):
        incidents = incidents.filter(retired_at__isnull=True)
    return incidents


@dataclass(frozen=True)
class IncidentFilters:
    """What the pages and the API filter on. Empty means "any". Dates are inclusive."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    admin1: Sequence[str] = ()
    actor_ids: Sequence[int] = ()  # as actor 1 or actor 2
    event_types: Sequence[str] = ()  # EventType keys (event or sub-event level)
    violation_categories: Sequence[str] = ()  # ViolationCategory keys
    verification: Sequence[str] = ()  # Verification values
    dataset: str = ""

    def apply(self, incidents: QuerySet[Incident]) -> QuerySet[Incident]:
        if self.date_from:
            incidents = incidents.filter(event_date__gte=self.date_from)
        if self.date_to:
            incidents = incidents.filter(event_date__lte=self.date_to)
        if self.admin1:
            incidents = incidents.filter(admin1__in=list(self.admin1))
        if self.actor_ids:
            ids = list(self.actor_ids)
            incidents = incidents.filter(Q(actor1_id__in=ids) | Q(actor2_id__in=ids))
        # Vocabulary keys are looked up first (a few rows): the incidents are then filtered
        # on their own columns, with no join for the planner to weigh (PostgreSQL spent
        # more time planning the list page's joins than running its query).
        if self.event_types:
            ids = list(
                EventType.objects.filter(key__in=list(self.event_types)).values_list(
                    "id", flat=True
                )
            )
            incidents = incidents.filter(Q(event_type_id__in=ids) | Q(sub_event_type_id__in=ids))
        if self.violation_categories:
            keys = list(self.violation_categories)
            ids = list(ViolationCategory.objects.filter(key__in=keys).values_list("id", flat=True))
            incidents = incidents.filter(violation_category_id__in=ids)
        if self.verification:
            incidents = incidents.filter(verification_status__in=list(self.verification))
        if self.dataset:
            incidents = incidents.filter(dataset=self.dataset)
        return incidents


NO_FILTERS = IncidentFilters()
# What a list row shows besides the incident, joined in the same query.
LIST_RELATED = ("event_type", "sub_event_type", "actor1", "actor2", "violation_category", "place")


def incident_list(
    *, user: Any, filters: IncidentFilters = NO_FILTERS, include_retired: bool = False
) -> QuerySet[Incident]:
    """Newest first, with what a list row shows joined in (a fixed number of queries)."""
    incidents = filters.apply(visible_incidents(user=user, include_retired=include_retired))
    return incidents.select_related(*LIST_RELATED).order_by("-event_date", "-id")


class ActorIncidents:
    """The incidents naming any of ``actor_ids`` as actor 1 or actor 2, newest first, as
    the paginator slices them. The same rows as ``incident_list`` with ``actor_ids``, read
    differently: that query's OR of two columns makes the database gather every incident
    of the actor (tens of thousands for a busy one) and sort them all for one page; here
    each column's (actor, date) index gives the newest ``stop`` of its own, the two are
    merged, and only the page's rows are then read whole."""

    def __init__(self, *, user: Any, filters: IncidentFilters, total: int) -> None:
        self._ids = list(filters.actor_ids)
        others = replace(filters, actor_ids=())
        self._incidents = others.apply(visible_incidents(user=user))
        self._total = total

    def count(self) -> int:
        return self._total

    def __len__(self) -> int:
        return self._total

    def __getitem__(self, index: slice) -> list[Incident]:
        start, stop = index.start or 0, index.stop
        if stop is None or index.step is not None:
            raise TypeError("slice with a stop and no step")
        newest: set[tuple[dt.date, int]] = set()
        for column in ("actor1_id", "actor2_id"):
            newest.update(
                self._incidents.filter(**{f"{column}__in": self._ids})
                .order_by("-event_date", "-id")
                .values_list("event_date", "id")[:stop]
            )
        chosen = [pk for _, pk in sorted(newest, reverse=True)[start:stop]]
        # Plain rows: the page names their types and actors from small lookups.
        by_id = {row.pk: row for row in self._incidents.filter(pk__in=chosen)}
        return [by_id[pk] for pk in chosen]


def actor_attributions(*, user: Any, actor: Actor, limit: int = 200) -> list[Attribution]:
    """The violations the body attributed to ``actor``, newest first, among the incidents
    ``user`` may see. (The visible incidents are narrowed to the actor's attributions
    first: asked the other way, the database lists every visible incident.)"""
    attributed = visible_incidents(user=user).filter(attributions__party=actor)
    return list(
        Attribution.objects.filter(party=actor, incident__in=attributed)
        .select_related("incident", "incident__event_type", "incident__violation_category")
        .order_by("-incident__event_date", "-incident_id")[:limit]
    )


def incident_detail(*, user: Any, pk: int) -> Incident:
    incident = (
        visible_incidents(user=user, include_retired=True)
        .select_related(
            "event_type",
            "sub_event_type",
            "disorder_type",
            "actor1",
            "actor2",
            "place",
            "violation_category",
            "clause__document",
        )
        .filter(pk=pk)
        .first()
    )
    if incident is None:
        raise IncidentNotFound(f"no incident {pk}")
    return incident


def incident_attributions(*, user: Any, incident: Incident) -> QuerySet[Attribution]:
    """Attributions follow the incident's visibility; a party the reader may not see is
    left out (an "unattributed" entry names none)."""
    return (
        Attribution.objects.filter(incident=incident)
        .filter(Q(party__isnull=True) | Q(party__in=Actor.objects.visible_to(user)))
        .select_related("party")
    )


def incident_verification_steps(*, user: Any, incident: Incident) -> QuerySet[VerificationStep]:
    """The signed log, for members and editors; the public sees the status only (the log
    names the secretariat's staff)."""
    if not is_member(user):
        return VerificationStep.objects.none()
    return VerificationStep.objects.filter(incident=incident).order_by("at", "id")


def incident_comments(*, user: Any, incident: Incident) -> QuerySet[IncidentComment]:
    """The editors' discussion notes: editors only (they may name sources and doubts)."""
    if not can_edit(user):
        return IncidentComment.objects.none()
    return IncidentComment.objects.filter(incident=incident).order_by("at", "id")


def incident_witnesses(*, user: Any, incident: Incident) -> QuerySet[Witness]:
    """Witnesses are always restricted: editors only; nobody else learns they exist."""
    if not can_edit(user):
        return Witness.objects.none()
    return Witness.objects.filter(incident=incident)


def incident_source_notes(*, user: Any, incident: Incident) -> QuerySet[IncidentSourceNote]:
    """Restricted source details: editors only."""
    if not can_edit(user):
        return IncidentSourceNote.objects.none()
    return IncidentSourceNote.objects.filter(incident=incident).select_related("source")


# --- aggregates ------------------------------------------------------------------------

# A month as "YYYY-MM" from the ISO text of the date: the same on SQLite and PostgreSQL,
# and no per-row Python function (Django's TruncMonth is one on SQLite).
MONTH = Substr(Cast("event_date", output_field=CharField()), 1, 7)

DIMENSIONS = {
    "month": MONTH,
    "admin1": "admin1",
    "event_type": "event_type__key",
    "actor1": "actor1_id",
    "violation_category": "violation_category__key",
    "verification": "verification_status",
}


@dataclass(frozen=True)
class AggregateRow:
    keys: dict[str, Any]
    count: int
    fatalities: int


def incident_aggregates(
    *,
    user: Any,
    filters: IncidentFilters = NO_FILTERS,
    by: Sequence[str] = ("month", "admin1", "event_type"),
) -> list[AggregateRow]:
    """Counts and fatalities grouped by ``by`` (names from ``DIMENSIONS``), in the order of
    ``by``: from the rollup when it holds the answer, else by one GROUP BY."""
    unknown = [name for name in by if name not in DIMENSIONS]
    if unknown:
        raise ValueError(f"cannot group by {', '.join(unknown)}; choose from {sorted(DIMENSIONS)}")
    # The monthly rollup answers most questions without reading the incidents; when it
    # cannot answer exactly (see rollup.answer) the incidents are grouped here.
    answered = rollup.answer(user=user, filters=filters, by=by)
    if answered is not None:
        return answered
    # Dates inside a month (the days since a meeting): the whole months between them from
    # the rollup, the cut months at the ends from the incidents.
    split = rollup.month_split(filters)
    if split is not None:
        whole, edges = split
        answered = rollup.answer(user=user, filters=whole, by=by)
        if answered is not None:
            parts = [incident_aggregates_grouped(user=user, filters=edge, by=by) for edge in edges]
            return rollup.merged([answered, *parts], by)
    return incident_aggregates_grouped(user=user, filters=filters, by=by)


def incident_aggregates_grouped(
    *, user: Any, filters: IncidentFilters = NO_FILTERS, by: Sequence[str]
) -> list[AggregateRow]:
    """``incident_aggregates`` computed from the incidents themselves, in one GROUP BY."""
    incidents = filters.apply(visible_incidents(user=user)).order_by()
    grouped = (
        incidents.annotate(**{f"g_{name}": _expression(name) for name in by})
        .values(*(f"g_{name}" for name in by))
        .annotate(n=Count("id"), dead=Sum("fatalities"))
        .order_by(*(f"g_{name}" for name in by))
    )
    return [
        AggregateRow(
            keys={name: row[f"g_{name}"] for name in by},
            count=row["n"],
            fatalities=row["dead"] or 0,
        )
        for row in grouped
    ]


def _expression(name: str) -> Any:
    value = DIMENSIONS[name]
    return F(value) if isinstance(value, str) else value


# --- "since the last meeting" ----------------------------------------------------------


def meeting_cutoff(meeting: Meeting) -> dt.date | None:
    """The last day of the meeting: what happened after it is "since the meeting"."""
    return meeting.ends_on or meeting.starts_on


def incidents_since_meeting(
    *, user: Any, meeting: Meeting, filters: IncidentFilters = NO_FILTERS
) -> QuerySet[Incident]:
    """Incidents dated after ``meeting`` ended (the meeting must be visible to ``user``)."""
    if not Meeting.objects.visible_to(user).filter(pk=meeting.pk).exists():
        raise Http404("no such meeting")
    cutoff = meeting_cutoff(meeting)
    incidents = incident_list(user=user, filters=filters)
    if cutoff is None:
        return incidents.none()
    return incidents.filter(event_date__gt=cutoff)


def last_meeting(
    *, user: Any, body_kind: str = "contact_group", on: dt.date | None = None
) -> Meeting | None:
    """The latest visible meeting of this kind of body that started on or before ``on``."""
    meetings = Meeting.objects.visible_to(user).filter(body_kind=body_kind, starts_on__isnull=False)
    if on is not None:
        meetings = meetings.filter(starts_on__lte=on)
    return meetings.order_by("-starts_on", "-id").first()


@dataclass(frozen=True)
class IncidentOrigin:
    """Where an incident came from: the import run that created it with the run's audit event
    (which vouches for the rows it inserted), or, entered by hand or imported before imports
    kept a run, the audit event of its own creation."""

    run: ImportRun | None
    run_event: AuditEvent | None
    created: AuditEvent | None


def incident_origin(*, user: Any, incident: Incident) -> IncidentOrigin | None:
    """The origin of ``incident`` for an editor (from the audit log, which editors alone may
    read); None for anyone else."""
    if not can_edit(user):
        return None

    def first(record: Any, action: str) -> AuditEvent | None:
        events = audit_events(
            user=user,
            object_type=record._meta.label_lower,
            object_id=str(record.pk),
            action=action,
        )
        return events.order_by("seq").first()

    run_id = incident.import_run_id
    run = ImportRun.objects.filter(pk=run_id).first() if run_id is not None else None
    return IncidentOrigin(
        run=run,
        run_event=first(run, "incident.import") if run else None,
        created=None if run else first(incident, "incident.create"),
    )

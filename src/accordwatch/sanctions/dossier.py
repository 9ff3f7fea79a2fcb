"""The designation dossier of a listed person or group: what the other apps hold about it,
gathered for one printable page. Restricted: editors only (None for anyone else).

The link between the list and the rest is the entry's core actor (set by an editor): the
incidents attributed to that actor, the commitments those incidents go against (the
commitments they are evidence for: through an editor's link, the clause an incident
allegedly violates, or its violation category, as the incidents app ties them) and the
commitments the actor is responsible for come through those apps' own selectors, with the
reader's visibility.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.utils import timezone

from accordwatch.commitments import selectors as commitment_selectors
from accordwatch.commitments.models import Commitment
from accordwatch.core.models import Source
from accordwatch.core.permissions import can_edit
from accordwatch.incidents import selectors as incident_selectors
from accordwatch.incidents.evidence import COMMITMENT_PATHS
from accordwatch.incidents.models import Incident
from accordwatch.sanctions import selectors
from accordwatch.sanctions.models import Entry, EntryVersion

MAX_INCIDENTS = 200  # a dossier is read on paper; the incident list has the rest


@dataclass
class Dossier:
    entry: Entry
    versions: list[EntryVersion]
    incidents: list[Incident] = field(default_factory=list)
    incident_count: int = 0
    commitments: list[Commitment] = field(default_factory=list)
    # Commitments the actor's incidents go against, each with ``incident_count``.
    obstructed: list[Commitment] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    as_of: dt.date = field(default_factory=lambda: timezone.localdate())


def dossier_for(user: Any, reference_number: str) -> Dossier | None:
    if not can_edit(user):
        return None
    entry = selectors.entry_for(user, reference_number)
    if entry is None:
        return None
    found = Dossier(entry=entry, versions=list(selectors.entry_history(entry)))
    sources = {s.pk: s for s in entry.regime.sources.visible_to(user)}
    actor = entry.actor
    if actor is not None:
        incidents = (
            incident_selectors.visible_incidents(user=user)
            .filter(attributions__party=actor)
            .distinct()
            .select_related("event_type")
            .prefetch_related("attributions")
            .order_by("-event_date", "-id")
        )
        found.incident_count = incidents.count()
        found.incidents = list(incidents[:MAX_INCIDENTS])
        for incident in found.incidents:
            incident.attribution = next(  # type: ignore[attr-defined]
                (a for a in incident.attributions.all() if a.party_id == actor.pk), None
            )
        commitments = commitment_selectors.with_latest_assessment(
            commitment_selectors.visible_commitments(user=user).filter(responsible=actor),
            user=user,
            as_of=found.as_of,
        ).select_related("document")
        found.commitments = list(commitments.order_by("document__adopted_on", "key"))
        found.obstructed = _obstructed_commitments(user, actor, found.as_of)
        for source in actor.sources.visible_to(user):
            sources[source.pk] = source
    found.sources = sorted(sources.values(), key=lambda s: (s.published_on or dt.date.min, s.pk))
    return found


def _obstructed_commitments(user: Any, actor: Any, as_of: dt.date) -> list[Commitment]:
    """The commitments that incidents attributed to ``actor`` go against, with how many of
    those incidents each has, most first. One query per path, not one per incident."""
    incidents = incident_selectors.visible_incidents(user=user).filter(attributions__party=actor)
    pairs: set[tuple[int, int]] = set()
    # The incidents app's own paths from an incident to the commitments it is evidence for.
    for path in COMMITMENT_PATHS:
        pairs.update(
            incidents.filter(**{f"{path}__isnull": False})
            .values_list(path, "pk")
            .order_by()
            .distinct()
        )
    counts = Counter(commitment_id for commitment_id, _ in pairs)
    if not counts:
        return []
    commitments = commitment_selectors.with_latest_assessment(
        commitment_selectors.visible_commitments(user=user).filter(pk__in=counts),
        user=user,
        as_of=as_of,
    ).select_related("document")
    found = list(commitments)
    for commitment in found:
        commitment.incident_count = counts[commitment.pk]  # type: ignore[attr-defined]
    found.sort(key=lambda c: (-counts[c.pk], c.document.adopted_on or dt.date.min, c.key))
    return found


def entry_reference_for_actor(user: Any, actor_key: str) -> str | None:
    """The reference number of the entry (listed first, then delisted) that is this actor
    of the gazetteer, for reaching a dossier from an actor; None if there is none."""
    if not can_edit(user):
        return None
    entry = (
        selectors.entry_list(user)
        .filter(actor__key=actor_key)
        .order_by(F("removed_in").asc(nulls_first=True), "reference_number")
        .first()
    )
    return entry.reference_number if entry else None

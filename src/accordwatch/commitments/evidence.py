"""How a commitment reaches its evidence in other apps, without knowing them by name.

Each app registers an ``EvidenceProvider`` in its ``AppConfig.ready()``. Pages ask
``collect()`` for a batch of commitments and get, per commitment, the evidence the user
may see, newest first. A provider answers for the whole batch at once (no query per
commitment) and applies the same visibility rules as its own selectors.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.urls import reverse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Evidence:
    provider: str  # the provider's key, e.g. "incidents"
    kind: str  # a short human label, e.g. "Ceasefire violation"
    title: str
    date: dt.date | None
    url: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Pointer:
    """A link from a commitment to a whole view elsewhere ("every incident since the meeting
    that took this decision"), shown under the evidence rather than mixed into it."""

    provider: str
    label: str
    url: str


class EvidenceProvider(Protocol):
    key: str
    label: str

    def evidence_for(
        self, *, commitment_ids: Sequence[int], user: Any, as_of: dt.date | None = None
    ) -> dict[int, list[Evidence]]:
        """Evidence per commitment id: only what ``user`` may see and, given ``as_of``,
        only what was known on that date."""
        ...


_providers: dict[str, EvidenceProvider] = {}


def register(provider: EvidenceProvider) -> None:
    _providers[provider.key] = provider


def providers() -> list[EvidenceProvider]:
    return list(_providers.values())


def _newest_first(item: Evidence) -> tuple[bool, dt.date]:
    return (item.date is not None, item.date or dt.date.min)


def collect(
    *, commitment_ids: Sequence[int], user: Any, as_of: dt.date | None = None
) -> dict[int, list[Evidence]]:
    merged: dict[int, list[Evidence]] = defaultdict(list)
    for provider in _providers.values():
        found = provider.evidence_for(commitment_ids=commitment_ids, user=user, as_of=as_of)
        for commitment_id, items in found.items():
            merged[commitment_id].extend(items)
    for items in merged.values():
        items.sort(key=_newest_first, reverse=True)
    return dict(merged)


def pointers(*, commitment_ids: Sequence[int], user: Any) -> dict[int, list[Pointer]]:
    """Pointers per commitment from the providers that offer them (``pointers_for``)."""
    merged: dict[int, list[Pointer]] = defaultdict(list)
    for provider in _providers.values():
        pointers_for = getattr(provider, "pointers_for", None)
        if pointers_for is None:
            continue
        for commitment_id, items in pointers_for(commitment_ids=commitment_ids, user=user).items():
            merged[commitment_id].extend(items)
    return dict(merged)


class RelatedCommitmentsProvider:
    """A decision that follows up agreement commitments shows where those stand."""

    key = "commitments"
    label = "Related commitments"

    def evidence_for(
        self, *, commitment_ids: Sequence[int], user: Any, as_of: dt.date | None = None
    ) -> dict[int, list[Evidence]]:
        from accordwatch.commitments.selectors import latest_assessments, visible_commitments

        through = visible_commitments(user=user).model.related.through
        links = list(
            through.objects.filter(from_commitment_id__in=commitment_ids).values_list(
                "from_commitment_id", "to_commitment_id"
            )
        )
        targets = {
            c.pk: c for c in visible_commitments(user=user).filter(pk__in={t for _, t in links})
        }
        latest = latest_assessments(commitment_ids=list(targets), user=user, as_of=as_of)
        out: dict[int, list[Evidence]] = defaultdict(list)
        for source_id, target_id in links:
            target = targets.get(target_id)
            if target is None:
                continue
            assessment = latest.get(target_id)
            status = (
                assessment.get_score_display()
                if assessment and assessment.score is not None
                else _("not assessed")
            )
            out[source_id].append(
                Evidence(
                    provider=self.key,
                    kind=_("Commitment"),
                    title=target.title,
                    date=assessment.as_of if assessment else None,
                    url=reverse("commitment-detail", args=[target.key]),
                    detail=f"{status}"
                    + (_(" (illustrative)") if assessment and assessment.illustrative else ""),
                )
            )
        return out


class MeetingsProvider:
    """Meetings of the body or the monitoring committee that took up the commitment."""

    key = "meetings"
    label = "Meetings"

    def evidence_for(
        self, *, commitment_ids: Sequence[int], user: Any, as_of: dt.date | None = None
    ) -> dict[int, list[Evidence]]:
        from accordwatch.commitments.models import Meeting

        through = Meeting.discussed.through
        visible = Meeting.objects.visible_to(user)
        if as_of is not None:
            visible = visible.filter(starts_on__lte=as_of)
        rows = through.objects.filter(
            commitment_id__in=commitment_ids, meeting__in=visible
        ).select_related("meeting")
        out: dict[int, list[Evidence]] = defaultdict(list)
        for row in rows:
            meeting = row.meeting
            out[row.commitment_id].append(
                Evidence(
                    provider=self.key,
                    kind=_("Meeting"),
                    title=meeting.title,
                    date=meeting.starts_on,
                    url=reverse("meeting-detail", args=[meeting.key]),
                    detail=meeting.summary[:200],
                )
            )
        return out

"""Sanctions listings as evidence for commitments (see commitments/evidence.py).

A commitment shows the entries of a regime when an editor linked the two (``RegimeLink``):
decision vii of the communiqué welcomes the Mali regime, so its page lists who was put on
that list, when, and who has been taken off since. Given ``as_of``, only the listings made
by that date, and "delisted" only for a removal known by then. At most ``LIMIT`` entries
per commitment, newest first, in a fixed number of queries whatever the batch's size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from accordwatch.commitments.evidence import Evidence, Pointer
from accordwatch.sanctions.models import Entry, Regime, RegimeLink

LIMIT = 20


def _removed_on(entry: Entry) -> dt.date | None:
    """The day the list that no longer held the entry was generated (or imported)."""
    removal = entry.removed_in
    if removal is None:
        return None
    return (removal.generated_at or removal.imported_at).date()


def _links(commitment_ids: Sequence[int], user: Any) -> list[RegimeLink]:
    return list(
        RegimeLink.objects.filter(
            commitment_id__in=list(commitment_ids), regime__in=Regime.objects.visible_to(user)
        ).select_related("regime")
    )


class SanctionsProvider:
    key = "sanctions"
    label = "Sanctions"

    def evidence_for(
        self, *, commitment_ids: Sequence[int], user: Any, as_of: dt.date | None = None
    ) -> dict[int, list[Evidence]]:
        links = _links(commitment_ids, user)
        if not links:
            return {}
        entries = Entry.objects.visible_to(user).filter(
            regime_id__in={link.regime_id for link in links}
        )
        if as_of is not None:
            entries = entries.filter(listed_on__lte=as_of)
        per_regime: dict[int, list[Entry]] = defaultdict(list)
        for entry in entries.select_related("removed_in").order_by("-listed_on", "-id"):
            per_regime[entry.regime_id].append(entry)
        out: dict[int, list[Evidence]] = defaultdict(list)
        for link in links:
            for entry in per_regime.get(link.regime_id, [])[:LIMIT]:
                removed = _removed_on(entry)
                if removed is not None and (as_of is None or removed <= as_of):
                    detail = _("Delisted (list of %(date)s)") % {"date": removed.isoformat()}
                else:
                    detail = entry.summary[:200] or link.note
                out[link.commitment_id].append(
                    Evidence(
                        provider=self.key,
                        kind=_("Sanctions listing"),
                        title=f"{entry.reference_number} {entry.name}",
                        date=entry.listed_on,
                        url=reverse("sanctions-entry", args=[entry.reference_number]),
                        detail=detail,
                    )
                )
        return dict(out)

    def pointers_for(self, *, commitment_ids: Sequence[int], user: Any) -> dict[int, list[Pointer]]:
        """The whole regime's page, listed and delisted entries alike."""
        out: dict[int, list[Pointer]] = defaultdict(list)
        for link in _links(commitment_ids, user):
            out[link.commitment_id].append(
                Pointer(
                    provider=self.key,
                    label=_("The sanctions list: %(regime)s") % {"regime": link.regime.name},
                    url=reverse("sanctions-regime", args=[link.regime.key]),
                )
            )
        return dict(out)

"""Situation records as evidence for commitments (see commitments/evidence.py).

A commitment shows situation records when an editor said the record answers it (the
``answers`` field of indicators, interim administrations and heritage sites): the decision
on displaced people shows the latest figures, the one on interim administrations each
region's administration and its status, the one on heritage each site and its repairs.
Given ``as_of``, only what was known by then. A fixed number of queries per batch.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accordwatch.commitments.evidence import Evidence, Pointer
from accordwatch.situation import selectors
from accordwatch.situation.models import (
    AdministrationStatus,
    ComponentState,
    HeritageSite,
    Indicator,
    InterimAdministration,
)


def _links(model: Any, ids: Sequence[int], visible: Any) -> dict[int, list[int]]:
    through = model.answers.through
    owner = f"{model._meta.model_name}_id"
    out: dict[int, list[int]] = defaultdict(list)
    pairs = through.objects.filter(
        commitment_id__in=list(ids), **{f"{owner}__in": visible.values("pk")}
    ).values_list("commitment_id", owner)
    for commitment_id, record_id in pairs:
        out[record_id].append(commitment_id)
    return out


def _state_on(part: Any, as_of: dt.date | None) -> str:
    """A component's state as known on ``as_of``: rebuilt only once its rebuilding is dated
    by then (an undated repair counts only when no date is asked for)."""
    if part.state == ComponentState.REBUILT:
        if as_of is None or (part.rebuilt_on is not None and part.rebuilt_on <= as_of):
            return str(ComponentState.REBUILT.label)
        return str(ComponentState.DESTROYED.label)
    return str(part.get_state_display())


class SituationProvider:
    key = "situation"
    label = "Situation"

    def evidence_for(
        self, *, commitment_ids: Sequence[int], user: Any, as_of: dt.date | None = None
    ) -> dict[int, list[Evidence]]:
        out: dict[int, list[Evidence]] = defaultdict(list)
        self._figures(out, commitment_ids, user, as_of)
        self._administrations(out, commitment_ids, user, as_of)
        self._sites(out, commitment_ids, user, as_of)
        return dict(out)

    def _figures(self, out: dict, ids: Sequence[int], user: Any, as_of: dt.date | None) -> None:
        links = _links(Indicator, ids, selectors.visible_indicators(user=user))
        if not links:
            return
        keys = list(
            selectors.visible_indicators(user=user)
            .filter(pk__in=links)
            .values_list("key", flat=True)
        )
        url = reverse("situation-displacement")
        for obs in selectors.latest_observations(user=user, indicators=keys, as_of=as_of):
            for commitment_id in links[obs.indicator_id]:
                out[commitment_id].append(
                    Evidence(
                        provider=self.key,
                        kind=_("Figure"),
                        title=f"{obs.indicator.name} — {obs.place.name}: "
                        f"{number_format(obs.value, force_grouping=True)}",
                        date=obs.date,
                        url=url,
                        detail=_("Source: %(source)s") % {"source": obs.source.title},
                    )
                )

    def _administrations(
        self, out: dict, ids: Sequence[int], user: Any, as_of: dt.date | None
    ) -> None:
        visible = selectors.visible_administrations(user=user)
        links = _links(InterimAdministration, ids, visible)
        if not links:
            return
        day = as_of or dt.date.today()
        url = reverse("situation-interim")
        for admin in visible.filter(pk__in=links):
            if as_of is not None and (admin.installed_on is None or admin.installed_on > as_of):
                known = [p for p in admin.blocked_periods.all() if p.blocked_from <= as_of]
                if not known:
                    continue
            status = admin.status_on(day, list(admin.blocked_periods.all()))
            dates = [admin.installed_on] + [p.blocked_from for p in admin.blocked_periods.all()]
            known_dates = [d for d in dates if d is not None and (as_of is None or d <= as_of)]
            for commitment_id in links[admin.pk]:
                out[commitment_id].append(
                    Evidence(
                        provider=self.key,
                        kind=_("Interim administration"),
                        title=f"{admin.region.name}: {AdministrationStatus(status).label}",
                        date=max(known_dates) if known_dates else None,
                        url=url,
                        detail=admin.installed_note,
                    )
                )

    def _sites(self, out: dict, ids: Sequence[int], user: Any, as_of: dt.date | None) -> None:
        visible = selectors.visible_sites(user=user)
        links = _links(HeritageSite, ids, visible)
        if not links:
            return
        for site in visible.filter(pk__in=links):
            events = [e for e in selectors.site_timeline(site) if as_of is None or e.date <= as_of]
            detail = "; ".join(
                f"{part.name}: {_state_on(part, as_of)}"
                for part in site.components.all()
                if part.destroyed_on or part.state != ComponentState.INTACT
            )
            for commitment_id in links[site.pk]:
                out[commitment_id].append(
                    Evidence(
                        provider=self.key,
                        kind=_("Heritage site"),
                        title=site.name,
                        date=events[-1].date if events else None,
                        url=reverse("situation-site", args=[site.key]),
                        detail=detail,
                    )
                )

    def pointers_for(self, *, commitment_ids: Sequence[int], user: Any) -> dict[int, list[Pointer]]:
        out: dict[int, list[Pointer]] = defaultdict(list)
        pages = [
            (
                Indicator,
                selectors.visible_indicators(user=user),
                _("Displacement figures"),
                "situation-displacement",
            ),
            (
                InterimAdministration,
                selectors.visible_administrations(user=user),
                _("Interim administrations: map and table"),
                "situation-interim",
            ),
            (
                HeritageSite,
                selectors.visible_sites(user=user),
                _("Heritage sites"),
                "situation-heritage",
            ),
        ]
        for model, visible, label, name in pages:
            commitments = set()
            for record_commitments in _links(model, commitment_ids, visible).values():
                commitments.update(record_commitments)
            for commitment_id in sorted(commitments):
                out[commitment_id].append(
                    Pointer(provider=self.key, label=label, url=reverse(name))
                )
        return dict(out)

"""Every read of the situation records that a page, the API, an export or a report needs.

Each selector takes the ``user`` who reads and returns only what that user may see: a
figure is shown only with its indicator and its source, both visible to the reader (a
figure is never shown without where it comes from); the children of an administration or
a site (blocked periods, danger-list years, components) follow their parent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from accordwatch.core.models import Actor, Place, Source
from accordwatch.situation.models import (
    AdministrationStatus,
    HeritageSite,
    Indicator,
    InterimAdministration,
    Observation,
    PlaceRole,
)


class NotFound(Http404):
    """Missing or not visible to the reader: the two are deliberately the same answer."""


# --- indicators and observations ------------------------------------------------------


def visible_indicators(*, user: Any) -> QuerySet[Indicator]:
    return Indicator.objects.visible_to(user).select_related("origin")


def indicator_detail(*, user: Any, key: str) -> Indicator:
    found = visible_indicators(user=user).filter(key=key).first()
    if found is None:
        raise NotFound("no such indicator")
    return found


def visible_observations(
    *,
    user: Any,
    indicators: Sequence[str] = (),
    places: Sequence[str] = (),
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Observation]:
    """The figures ``user`` may see, oldest first; filtered by indicator and place keys."""
    observations = Observation.objects.visible_to(user).filter(
        indicator__in=Indicator.objects.visible_to(user),
        source__in=Source.objects.visible_to(user),
    )
    if indicators:
        observations = observations.filter(indicator__key__in=list(indicators))
    if places:
        observations = observations.filter(place__key__in=list(places))
    if date_from is not None:
        observations = observations.filter(date__gte=date_from)
    if date_to is not None:
        observations = observations.filter(date__lte=date_to)
    return observations.select_related(
        "indicator", "place", "place__parent", "place__parent__parent", "source"
    ).order_by("indicator__position", "indicator__key", "date", "place__name", "id")


def latest_observations(
    *, user: Any, indicators: Sequence[str] = (), as_of: dt.date | None = None
) -> list[Observation]:
    """The latest figure per indicator and place (on or before ``as_of``), each with its
    source and date. Two sources on the same latest date: the one recorded last.

    One query: the figures ``user`` may see are numbered within each indicator and place,
    newest first (a window function, on SQLite and PostgreSQL alike), and the first of
    each is read with its indicator, place and source. The numbering runs over the visible
    figures only, so a newer figure the reader may not see never hides an older one. Two
    places of the same name (a region and its town) come in the order they were created."""
    newest_first = Window(
        RowNumber(),
        partition_by=[F("indicator_id"), F("place_id")],
        order_by=[F("date").desc(), F("id").desc()],
    )
    latest = (
        visible_observations(user=user, indicators=indicators, date_to=as_of)
        .order_by()
        .annotate(rank=newest_first)
        .filter(rank=1)
        .values("pk")
    )
    return list(
        Observation.objects.filter(pk__in=latest)
        .select_related("indicator", "place", "place__parent", "place__parent__parent", "source")
        .order_by("indicator__position", "indicator__key", "place__name", "place_id")
    )


@dataclass
class SeriesPoint:
    date: dt.date
    value: int
    observation: Observation


@dataclass
class Series:
    indicator: Indicator
    place: Place
    points: list[SeriesPoint] = field(default_factory=list)


def series(*, user: Any, indicator: str, places: Sequence[str] = ()) -> list[Series]:
    """The figures of one indicator over time, one series per place."""
    out: dict[int, Series] = {}
    for row in visible_observations(user=user, indicators=[indicator], places=places):
        line = out.setdefault(row.place_id, Series(indicator=row.indicator, place=row.place))
        line.points.append(SeriesPoint(date=row.date, value=row.value, observation=row))
    return sorted(out.values(), key=lambda s: s.place.name)


@dataclass
class HostCountryRow:
    """One date's figures from one source: a value per host country, and their sum."""

    date: dt.date
    date_precision: str
    source: Source
    values: dict[int, Observation]
    total: int
    cells: list[Observation | None] = field(default_factory=list)


@dataclass
class HostCountryTable:
    indicator: Indicator
    countries: list[Place]
    rows: list[HostCountryRow]


def by_host_country(*, user: Any, indicator: str) -> HostCountryTable | None:
    """Refugees (or any host-country indicator) as a table: a row per date and source,
    a column per host country; the total is the sum of the countries that source gives."""
    found = visible_indicators(user=user).filter(key=indicator).first()
    if found is None or found.place_role != PlaceRole.HOST_COUNTRY:
        return None
    rows: dict[tuple[dt.date, int], HostCountryRow] = {}
    countries: dict[int, Place] = {}
    for obs in visible_observations(user=user, indicators=[indicator]):
        countries[obs.place_id] = obs.place
        row = rows.setdefault(
            (obs.date, obs.source_id),
            HostCountryRow(
                date=obs.date,
                date_precision=obs.date_precision,
                source=obs.source,
                values={},
                total=0,
            ),
        )
        row.values[obs.place_id] = obs
        row.total += obs.value
    ordered = sorted(countries.values(), key=lambda p: p.name)
    for row in rows.values():
        row.cells = [row.values.get(country.pk) for country in ordered]
    return HostCountryTable(
        indicator=found,
        countries=ordered,
        rows=[rows[k] for k in sorted(rows, key=lambda k: (k[0], k[1]))],
    )


# --- interim administrations ----------------------------------------------------------


@dataclass
class AdministrationLine:
    administration: InterimAdministration
    status: str
    head: Actor | None
    affiliation: Actor | None

    @property
    def status_label(self) -> str:
        return str(AdministrationStatus(self.status).label)


def visible_administrations(*, user: Any) -> QuerySet[InterimAdministration]:
    return (
        InterimAdministration.objects.visible_to(user)
        .select_related("region", "head", "affiliation")
        .prefetch_related("blocked_periods")
    )


def administration_lines(*, user: Any, as_of: dt.date | None = None) -> list[AdministrationLine]:
    """Each administration with its status on ``as_of`` (today by default); a head or an
    affiliation the reader may not see (a restricted actor) is left out."""
    day = as_of or dt.date.today()
    administrations = list(visible_administrations(user=user))
    actor_ids = {
        pk for a in administrations for pk in (a.head_id, a.affiliation_id) if pk is not None
    }
    shown = set(
        Actor.objects.visible_to(user).filter(pk__in=actor_ids).values_list("pk", flat=True)
    )
    return [
        AdministrationLine(
            administration=a,
            status=a.status_on(day, list(a.blocked_periods.all())),
            head=a.head if a.head_id in shown else None,
            affiliation=a.affiliation if a.affiliation_id in shown else None,
        )
        for a in administrations
    ]


# --- heritage sites -------------------------------------------------------------------


def visible_sites(*, user: Any) -> QuerySet[HeritageSite]:
    return (
        HeritageSite.objects.visible_to(user)
        .select_related("place")
        .prefetch_related(
            "danger_list",
            "components",
            Prefetch("institutions", queryset=Actor.objects.visible_to(user)),
        )
    )


def site_detail(*, user: Any, key: str) -> HeritageSite:
    found = visible_sites(user=user).filter(key=key).first()
    if found is None:
        raise NotFound("no such heritage site")
    return found


def danger_status(site: HeritageSite, year: int) -> bool | None:
    """Whether the site was on the danger list in ``year`` (None: nothing recorded yet)."""
    status = None
    for row in site.danger_list.all():
        if row.year <= year:
            status = row.in_danger
    return status


@dataclass
class TimelineEvent:
    date: dt.date
    precision: str
    kind: str  # "danger-in", "danger-out", "destroyed", "rebuilt"
    label: str
    component: Any = None


def site_timeline(site: HeritageSite) -> list[TimelineEvent]:
    """The site's dated events in order: danger-list changes and each component's
    destruction and rebuilding."""
    events: list[TimelineEvent] = []
    for row in site.danger_list.all():
        events.append(
            TimelineEvent(
                date=dt.date(row.year, 1, 1),
                precision="year",
                kind="danger-in" if row.in_danger else "danger-out",
                label=row.note,
            )
        )
    for part in site.components.all():
        if part.destroyed_on:
            events.append(
                TimelineEvent(
                    part.destroyed_on, part.destroyed_precision, "destroyed", part.name, part
                )
            )
        if part.rebuilt_on:
            events.append(
                TimelineEvent(part.rebuilt_on, part.rebuilt_precision, "rebuilt", part.name, part)
            )
    return sorted(events, key=lambda e: (e.date, e.kind))

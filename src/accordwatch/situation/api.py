"""API endpoints of the situation records (read-only): indicators, figures (each with its
date and source), the latest figure per indicator and place, interim administrations with
their status, heritage sites with their timelines.

Handlers parse input and call the selectors; a record the caller may not see is answered
404, exactly like one that does not exist.
"""

# No ``from __future__ import annotations``: ninja reads these annotations at run time.
import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from accordwatch.api_common import ANYONE, Paging, caller
from accordwatch.situation import selectors
from accordwatch.situation.models import HeritageSite, Observation

router = Router()


class IndicatorOut(Schema):
    key: str = Field(description="The indicator's code, e.g. idps.")
    name: str
    unit: str
    definition: str
    place_role: str = Field(description="location, or host_country (refugees).")
    origin: str | None = Field(None, alias="origin.key")
    hxl_tag: str


class SourceOut(Schema):
    key: str
    title: str
    publisher: str
    url: str


class ObservationOut(Schema):
    indicator: str = Field(alias="indicator.key")
    place: str = Field(alias="place.key")
    place_name: str = Field(alias="place.name")
    date: dt.date
    date_precision: str = Field(description="day, month or year: how exact the date is.")
    value: int
    source: SourceOut
    note: str


class ObservationQuery(Schema):
    indicator: list[str] = Field([], description="Indicator codes, e.g. idps.")
    place: list[str] = Field([], description="Place keys, e.g. mli or ner.")
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class BlockedOut(Schema):
    blocked_from: dt.date
    blocked_to: dt.date | None
    reason: str
    unverified: bool


class AdministrationOut(Schema):
    key: str
    region: str
    region_name: str
    status: str = Field(description="not_installed, blocked, installed or ended, on as_of.")
    installed_on: dt.date | None
    installed_note: str
    ended_on: dt.date | None
    head: str
    affiliation: str | None
    blocked_periods: list[BlockedOut]


class DangerOut(Schema):
    year: int
    in_danger: bool
    note: str


class ComponentOut(Schema):
    key: str
    name: str
    kind: str
    count: int
    state: str
    destroyed_on: dt.date | None
    destroyed_precision: str
    rebuilt_on: dt.date | None
    rebuilt_precision: str
    note: str


class SiteOut(Schema):
    key: str
    name: str
    unesco_id: str
    inscribed_year: int | None
    place: str | None = Field(None, alias="place.key")
    institutions: list[str]
    danger_list: list[DangerOut]
    components: list[ComponentOut]


@router.get("/situation/indicators", response=list[IndicatorOut], auth=ANYONE, summary="Indicators")
def list_indicators(request: HttpRequest) -> Any:
    return selectors.visible_indicators(user=caller(request))


@router.get(
    "/situation/observations",
    response=list[ObservationOut],
    auth=ANYONE,
    summary="Figures, oldest first",
)
@paginate(Paging)
def list_observations(
    request: HttpRequest, filters: Query[ObservationQuery]
) -> QuerySet[Observation]:
    return selectors.visible_observations(
        user=caller(request),
        indicators=filters.indicator,
        places=filters.place,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )


class LatestQuery(Schema):
    indicator: list[str] = Field([], description="Indicator codes; all if none.")
    as_of: dt.date | None = Field(None, description="The latest figure known on this date.")


@router.get(
    "/situation/latest",
    response=list[ObservationOut],
    auth=ANYONE,
    summary="The latest figure per indicator and place",
)
def latest(request: HttpRequest, filters: Query[LatestQuery]) -> Any:
    return selectors.latest_observations(
        user=caller(request), indicators=filters.indicator, as_of=filters.as_of
    )


class AsOfQuery(Schema):
    as_of: dt.date | None = Field(None, description="The day the status is for (default today).")


@router.get(
    "/situation/interim-administrations",
    response=list[AdministrationOut],
    auth=ANYONE,
    summary="Interim administrations and their status",
)
def list_administrations(request: HttpRequest, query: Query[AsOfQuery]) -> list[dict[str, Any]]:
    out = []
    for line in selectors.administration_lines(user=caller(request), as_of=query.as_of):
        a = line.administration
        out.append(
            {
                "key": a.key,
                "region": a.region.key,
                "region_name": a.region.name,
                "status": line.status,
                "installed_on": a.installed_on,
                "installed_note": a.installed_note,
                "ended_on": a.ended_on,
                "head": line.head.name_en if line.head else a.head_name,
                "affiliation": line.affiliation.key if line.affiliation else None,
                "blocked_periods": list(a.blocked_periods.all()),
            }
        )
    return out


def _site_out(site: Any) -> dict[str, Any]:
    return {
        "key": site.key,
        "name": site.name,
        "unesco_id": site.unesco_id,
        "inscribed_year": site.inscribed_year,
        "place": site.place.key if site.place else None,
        "institutions": [actor.key for actor in site.institutions.all()],
        "danger_list": list(site.danger_list.all()),
        "components": list(site.components.all()),
    }


@router.get(
    "/situation/heritage-sites", response=list[SiteOut], auth=ANYONE, summary="Heritage sites"
)
def list_sites(request: HttpRequest) -> list[dict[str, Any]]:
    return [_site_out(site) for site in selectors.visible_sites(user=caller(request))]


@router.get(
    "/situation/heritage-sites/{key}",
    response=SiteOut,
    auth=ANYONE,
    summary="A heritage site with its danger-list years and components",
)
def get_site(request: HttpRequest, key: str) -> dict[str, Any]:
    site = selectors.visible_sites(user=caller(request)).filter(key=key).first()
    if site is None:
        raise HeritageSite.DoesNotExist
    return _site_out(site)

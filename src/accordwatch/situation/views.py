"""The situation pages: displacement figures (series and host countries), interim
administrations (map and table), heritage sites and their timelines, and a print sheet
of each.

Views parse the query and ask the selectors, which decide what the reader may see; the
map's data is embedded with ``json_script`` from the same lines as the table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accordwatch.core import selectors as core_selectors
from accordwatch.core.views import vega_bundle_url
from accordwatch.situation import charts, selectors
from accordwatch.situation.models import AdministrationStatus, PlaceRole

BOUNDARIES = "geo/mli-adm1.geojson"
STATUS_COLOURS = {  # Okabe–Ito, as the charts: apart for the common colour-vision deficiencies
    AdministrationStatus.INSTALLED: "#009E73",
    AdministrationStatus.BLOCKED: "#D55E00",
    AdministrationStatus.NOT_INSTALLED: "#BBBBBB",
    AdministrationStatus.ENDED: "#56B4E9",
}


def _as_of(request: HttpRequest) -> tuple[dt.date, str]:
    """The ``as_of`` date asked for (today if none or unreadable) and an error to show."""
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return dt.date.today(), ""
    try:
        return dt.date.fromisoformat(raw), ""
    except ValueError:
        return dt.date.today(), _("“%(value)s” is not a date (YYYY-MM-DD); showing today.") % {
            "value": raw
        }


def _displacement_context(user: Any) -> dict[str, Any]:
    indicators = list(selectors.visible_indicators(user=user))
    sections = []
    for indicator in indicators:
        if indicator.place_role == PlaceRole.HOST_COUNTRY:
            table = selectors.by_host_country(user=user, indicator=indicator.key)
            chart = None
            if table is not None and table.rows:
                chart = charts.host_country_chart(
                    table,
                    title=_("%(indicator)s by host country") % {"indicator": indicator.name},
                    value_title=indicator.unit,
                )
            sections.append(
                {
                    "indicator": indicator,
                    "host_table": table,
                    "chart": chart,
                    "chart_id": f"chart-{indicator.key}",
                }
            )
        else:
            lines = selectors.series(user=user, indicator=indicator.key)
            chart = None
            if lines:
                chart = charts.series_chart(lines, title=indicator.name, value_title=indicator.unit)
            sections.append(
                {
                    "indicator": indicator,
                    "series": lines,
                    "chart": chart,
                    "chart_id": f"chart-{indicator.key}",
                }
            )
    return {
        "sections": sections,
        "latest": selectors.latest_observations(user=user),
        "indicator_sources": core_selectors.sources_of(user=user, records=indicators),
    }


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "situation/index.html",
        {
            "latest": selectors.latest_observations(user=user),
            "administrations": selectors.administration_lines(user=user),
            "sites": selectors.visible_sites(user=user),
        },
    )


@require_GET
def displacement(request: HttpRequest) -> HttpResponse:
    context = _displacement_context(request.user)
    context["vega_bundle_url"] = vega_bundle_url()
    return render(request, "situation/displacement.html", context)


@require_GET
def displacement_print(request: HttpRequest) -> HttpResponse:
    return render(request, "situation/displacement_print.html", _displacement_context(request.user))


def _interim_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    as_of, error = _as_of(request)
    lines = selectors.administration_lines(user=user, as_of=as_of)
    administrations = [line.administration for line in lines]
    map_data = {
        "boundaries": static(BOUNDARIES),
        "tiles": settings.MAP_TILES,
        "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        "colours": {str(k): v for k, v in STATUS_COLOURS.items()},
        "none_label": _("no interim administration recorded"),
        "regions": [
            {
                "name": line.administration.region.name,
                "alternate_names": line.administration.region.alternate_names,
                "status": line.status,
                "label": line.status_label,
                "lat": _float(line.administration.region.latitude),
                "lon": _float(line.administration.region.longitude),
            }
            for line in lines
        ],
    }
    return {
        "lines": lines,
        "as_of": as_of,
        "as_of_error": error,
        "map_data": map_data,
        "legend": [(str(status.label), STATUS_COLOURS[status]) for status in AdministrationStatus],
        "sources": core_selectors.sources_of(user=user, records=administrations),
    }


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


@require_GET
def interim(request: HttpRequest) -> HttpResponse:
    return render(request, "situation/interim.html", _interim_context(request))


@require_GET
def interim_print(request: HttpRequest) -> HttpResponse:
    return render(request, "situation/interim_print.html", _interim_context(request))


@require_GET
def heritage(request: HttpRequest) -> HttpResponse:
    user = request.user
    year = dt.date.today().year
    sites = [
        {
            "site": site,
            "in_danger": selectors.danger_status(site, year),
            "components": list(site.components.all()),
        }
        for site in selectors.visible_sites(user=user)
    ]
    return render(request, "situation/heritage.html", {"sites": sites})


def _site_context(request: HttpRequest, key: str) -> dict[str, Any]:
    user = request.user
    site = selectors.site_detail(user=user, key=key)
    components = list(site.components.all())
    return {
        "site": site,
        "in_danger": selectors.danger_status(site, dt.date.today().year),
        "timeline": selectors.site_timeline(site),
        "components": components,
        "component_sources": core_selectors.sources_of(user=user, records=components),
        "sources": core_selectors.sources_of(user=user, records=[site]).get(site.pk, []),
        "institutions": list(site.institutions.all()),
    }


@require_GET
def site_detail(request: HttpRequest, key: str) -> HttpResponse:
    return render(request, "situation/site_detail.html", _site_context(request, key))


@require_GET
def site_print(request: HttpRequest, key: str) -> HttpResponse:
    return render(request, "situation/site_print.html", _site_context(request, key))

"""The incident pages: the filtered list with its map and timeline, one incident, one
actor, and the incidents since a meeting.

Views parse the query and ask the selectors; what a reader may see (incidents, witnesses,
restricted source notes, the verification log) is decided there. The map's region counts
are embedded with ``json_script``; its points are fetched by the browser, once the page is
shown, from the GeoJSON API with the page's own filters (the API answers through the same
filtered selector as the table, as the reader who asks), so the map never shows what the
table would not, and the page does not carry thousands of points in its HTML.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accordwatch.commitments import selectors as commitment_selectors
from accordwatch.core.models import Actor, AuditHead, Confidentiality, PublicationState, Source
from accordwatch.core.permissions import can_edit, is_member
from accordwatch.core.views import vega_bundle_url
from accordwatch.incidents import charts, selectors
from accordwatch.incidents.bulk_forms import BulkActionForm
from accordwatch.incidents.models import EventType, Verification, ViolationCategory
from accordwatch.incidents.selectors import IncidentFilters
from accordwatch.incidents.widgets import PlainSelect

PAGE_SIZE = 50
MAP_POINT_LIMIT = 5000  # more points than this make the page heavy; the map says so
BOUNDARIES = "geo/mli-adm1.geojson"


AGGREGATE_CACHE_SECONDS = 24 * 3600
T = TypeVar("T")


def _cached(user: Any, name: str, filters: IncidentFilters, compute: Callable[[], T]) -> T:
    """Whole-table aggregates (region counts, timelines, the region list) cost a scan of
    every incident; they are kept until the next write. Every write records an audit event
    and moves the audit head, which is part of the key, so nothing stale is ever served.
    What a reader sees depends on the role alone, hence one entry per tier, and per language
    for the translated labels."""
    head = AuditHead.objects.filter(pk=1).values_list("hash", flat=True).first() or "none"
    tier = "editor" if can_edit(user) else "member" if is_member(user) else "public"
    parts = [name, tier, repr(filters), get_language() or "", head]
    key = "accordwatch:incidents:v2:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, AGGREGATE_CACHE_SECONDS)
    return value


def _region_names(user: Any) -> list[str]:
    """The regions of the incidents ``user`` may see, in order. A DISTINCT would read every
    row (visibility and retirement are not in the region index); instead each step asks
    for the first visible incident after the previous name, which the (admin1, date) index
    answers by a seek: one short query per region, whatever the number of incidents."""
    visible = selectors.visible_incidents(user=user).order_by("admin1")
    names: list[str] = []
    while True:
        name = (
            visible.filter(admin1__gt=names[-1] if names else "")
            .values_list("admin1", flat=True)
            .first()
        )
        if name is None:
            return names
        names.append(name)


def _vocabulary(user: Any) -> dict[str, Any]:
    """The filters' choices (regions, actors, types, categories) and the names of the types
    and categories by id (for the table's rows), kept like the aggregates: they change
    only with a write, and reading them cost the list page five queries."""
    return _cached(user, "vocabulary", selectors.NO_FILTERS, lambda: _vocabulary_uncached(user))


def _vocabulary_uncached(user: Any) -> dict[str, Any]:
    actors = Actor.objects.visible_to(user).order_by("name_en").only("key", "name_en", "acronym")
    types = list(EventType.objects.order_by("level", "position", "name"))
    categories = list(ViolationCategory.objects.all())
    return {
        "regions": _region_names(user),
        "actors": [
            (a.key, f"{a.name_en} ({a.acronym})" if a.acronym else a.name_en) for a in actors
        ],
        "event_types": [
            (t.key, t.name if t.level == "event" else f"— {t.name}")
            for t in types
            if t.level != "disorder"
        ],
        "categories": [(c.key, c.name) for c in categories],
        "type_names": {t.pk: t.name for t in types},
        "category_names": {c.pk: c.name for c in categories},
    }


class IncidentFilterForm(forms.Form):
    """The list's filters. An invalid value is ignored (and shown as an error), the others
    still apply."""

    date_from = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    admin1 = forms.ChoiceField(label=gettext_lazy("Region"), required=False, widget=PlainSelect)
    actor = forms.ChoiceField(label=gettext_lazy("Actor"), required=False, widget=PlainSelect)
    event_type = forms.ChoiceField(
        label=gettext_lazy("Event type"), required=False, widget=PlainSelect
    )
    violation = forms.ChoiceField(
        label=gettext_lazy("Violation category"), required=False, widget=PlainSelect
    )
    verification = forms.ChoiceField(
        label=gettext_lazy("Verification"), required=False, widget=PlainSelect
    )

    def __init__(self, data: Any, *, user: Any) -> None:
        super().__init__(data)
        anything = [("", _("Any"))]
        self.vocabulary = vocabulary = _vocabulary(user)
        self.fields["admin1"].choices = anything + [(name, name) for name in vocabulary["regions"]]
        self.fields["actor"].choices = anything + vocabulary["actors"]
        self.fields["event_type"].choices = anything + vocabulary["event_types"]
        self.fields["violation"].choices = anything + vocabulary["categories"]
        self.fields["verification"].choices = anything + list(Verification.choices)
        self._user = user

    def filters(self) -> IncidentFilters:
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        actor_ids: list[int] = []
        if data.get("actor"):
            actor_ids = list(
                Actor.objects.visible_to(self._user)
                .filter(key=data["actor"])
                .values_list("pk", flat=True)
            )
        return IncidentFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            admin1=[data["admin1"]] if data.get("admin1") else [],
            actor_ids=actor_ids,
            event_types=[data["event_type"]] if data.get("event_type") else [],
            violation_categories=[data["violation"]] if data.get("violation") else [],
            verification=[data["verification"]] if data.get("verification") else [],
        )

    def api_query(self) -> dict[str, str]:
        """The valid filters in the API's and the downloads' words (``from``, ``to``, …):
        the same incidents as ``filters()``, asked for by the reader's own browser."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        query = {}
        for field, name in API_NAMES.items():
            value = data.get(field)
            if value:
                query[name] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return query


# The list form's fields -> the API's query parameters (schemas.IncidentQuery).
API_NAMES = {
    "date_from": "from",
    "date_to": "to",
    "admin1": "admin1",
    "actor": "actor",
    "event_type": "event_type",
    "violation": "violation_category",
    "verification": "verification",
}


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _page(request: HttpRequest, incidents: Any, *, count: int | None = None) -> Any:
    paginator = Paginator(incidents, PAGE_SIZE)
    if count is not None:  # already counted (the list's aggregates): no second COUNT(*)
        paginator.count = count
    return paginator.get_page(request.GET.get("page"))


def _map_data(
    api_query: dict[str, str], regions: dict[str, int], type_names: dict[str, str]
) -> dict[str, Any]:
    """What the map needs besides its points: the count of every filtered incident per
    region (the choropleth counts them all), and where the browser fetches the newest
    ``MAP_POINT_LIMIT`` points: the GeoJSON API with the page's filters, one more than the
    limit so that the map can tell when it shows only some."""
    points_query = urlencode({**api_query, "limit": MAP_POINT_LIMIT + 1})
    return {
        "points_url": f"{reverse('api:incidents_geojson')}?{points_query}",
        "limit": MAP_POINT_LIMIT,
        "regions": regions,
        "boundaries": static(BOUNDARIES),
        "tiles": settings.MAP_TILES,
        "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        # Filled in by the browser: dataset and event id, escaped there.
        "detail": reverse("incident-detail", args=["DATASET", "EVENT"]),
        "types": type_names,
        "labels": {
            "incidents": _("incidents"),
            "fatalities": _("fatalities"),
            "none": _("no incident"),
        },
    }


def _timeline(user: Any, filters: IncidentFilters) -> tuple[SafeString, int]:
    """The timeline section of the incidents matching ``filters``, and how many they are
    (the pager's count, so that it needs no COUNT(*) of its own)."""
    kept = _cached(user, "timeline", filters, lambda: _timeline_uncached(user, filters))
    return mark_safe(kept["html"]), kept["total"]  # noqa: S308 -- see _timeline_html


def _timeline_uncached(user: Any, filters: IncidentFilters) -> dict[str, Any]:
    rows = selectors.incident_aggregates(user=user, filters=filters, by=("month", "event_type"))
    return {
        "html": _timeline_html(rows, _type_names()),
        "total": sum(row.count for row in rows),
    }


def _type_names() -> dict[str, str]:
    return dict(EventType.objects.values_list("key", "name"))


def _timeline_html(rows: list[selectors.AggregateRow], names: dict[str, str]) -> str:
    """The timeline section (two charts and the figures as a table) rendered once: a
    table of every month costs more to render than the rest of the page, and it changes
    only with the data, so the HTML is what is kept (see ``_cached``: one entry per data
    version, visibility tier, filters and language)."""
    timeline = _timeline_of(rows, names)
    return str(render_to_string("incidents/_timeline.html", {"timeline": timeline}))


def _timeline_of(rows: list[selectors.AggregateRow], names: dict[str, str]) -> dict[str, Any]:
    values = charts.timeline_values(rows, names)
    types, table = charts.timeline_table(values)
    counts_title, dead_title = _("Incidents per month"), _("Fatalities per month")
    return {
        "has_data": bool(values),
        "counts": charts.timeline_chart(values, measure="count", title=counts_title),
        "fatalities": charts.timeline_chart(values, measure="fatalities", title=dead_title),
        "counts_title": counts_title,
        "fatalities_title": dead_title,
        "types": types,
        "rows": table,
    }


def _list_aggregates(user: Any, filters: IncidentFilters) -> dict[str, Any]:
    """What the list shows about all the filtered incidents (the total, the count per
    region for the map, the monthly timeline by type), from one GROUP BY: each of them
    alone reads the same rows, so asking once costs about a third."""
    kept = _cached(user, "list", filters, lambda: _list_aggregates_uncached(user, filters))
    return {**kept, "timeline": mark_safe(kept["timeline"])}  # noqa: S308 -- see _timeline


def _list_aggregates_uncached(user: Any, filters: IncidentFilters) -> dict[str, Any]:
    rows = selectors.incident_aggregates(
        user=user, filters=filters, by=("month", "admin1", "event_type")
    )
    regions: dict[str, int] = {}
    by_month_type: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        if row.keys["admin1"]:
            regions[row.keys["admin1"]] = regions.get(row.keys["admin1"], 0) + row.count
        sums = by_month_type.setdefault((row.keys["month"], row.keys["event_type"]), [0, 0])
        sums[0] += row.count
        sums[1] += row.fatalities
    timeline_rows = [
        selectors.AggregateRow(keys={"month": month, "event_type": kind}, count=n, fatalities=dead)
        for (month, kind), (n, dead) in sorted(by_month_type.items())
    ]
    names = _type_names()
    return {
        "total": sum(row.count for row in rows),
        "regions": regions,
        "type_names": names,
        "timeline": _timeline_html(timeline_rows, names),
    }


def _openable_actors(user: Any, page: Any) -> dict[int, Actor]:
    """The actors of the page's rows that have an actor page this reader may open."""
    ids = {pk for i in page.object_list for pk in (i.actor1_id, i.actor2_id) if pk}
    visible = Actor.objects.visible_to(user).filter(pk__in=ids).only("key", "name_en", "acronym")
    return {actor.pk: actor for actor in visible}


@dataclass(frozen=True)
class ActorCell:
    text: str
    url: str = ""  # the actor page, when the reader may open it


@dataclass(frozen=True)
class TableRow:
    """What one line of ``_incident_table.html`` shows, worked out here: links, labels and
    the actors' wording are plain values, so the template only writes them out (a few
    dozen template lookups per row, each with its own include and URL reversal, cost more
    than the rest of the list page)."""

    incident: Any
    detail_url: str
    region_url: str
    kind: str
    violation: str  # the violation category's name, or ""
    actor1: ActorCell
    actor2: ActorCell | None
    badges: list[tuple[str, str]]  # (css modifier, label)
    verification: str


def _table_rows(
    request: HttpRequest, page: Any, vocabulary: dict[str, Any] | None = None
) -> list[TableRow]:
    """The page's incidents as table rows for ``request.user``. The rows come without
    joins; types, categories and the actors the reader may open are looked up once for
    the page. An actor the reader may open links to its page; otherwise the source's
    wording is shown, and the gazetteer name of an actor they may not see never is."""
    user = request.user
    openable = _openable_actors(user, page)
    vocabulary = vocabulary or _vocabulary(user)
    types, categories = vocabulary["type_names"], vocabulary["category_names"]
    badges_shown = can_edit(user) or is_member(user)
    confidentiality = dict(Confidentiality.choices)
    publication = dict(PublicationState.choices)
    verification = dict(Verification.choices)
    regions = reverse("incident-list")
    actor_urls: dict[int, str] = {}

    def cell(actor_id: int | None, name: str, empty: str) -> ActorCell:
        actor = openable.get(actor_id) if actor_id else None
        if actor is None:
            return ActorCell(name or empty)
        if actor.pk not in actor_urls:
            actor_urls[actor.pk] = reverse("incident-actor", args=[actor.key])
        return ActorCell(name or str(actor), actor_urls[actor.pk])

    rows = []
    for i in page.object_list:
        badges = []
        if badges_shown and i.confidentiality != Confidentiality.PUBLIC:
            badges.append((i.confidentiality, confidentiality[i.confidentiality]))
        if badges_shown and i.publication_state != PublicationState.PUBLISHED:
            badges.append((i.publication_state, publication[i.publication_state]))
        rows.append(
            TableRow(
                incident=i,
                detail_url=reverse("incident-detail", args=[i.dataset, i.event_id]),
                region_url=f"{regions}?{urlencode({'admin1': i.admin1})}" if i.admin1 else "",
                kind=types.get(i.sub_event_type_id or i.event_type_id, ""),
                violation=categories.get(i.violation_category_id, ""),
                actor1=cell(i.actor1_id, i.actor1_name, "—"),
                actor2=(
                    cell(i.actor2_id, i.actor2_name, "") if i.actor2_name or i.actor2_id else None
                ),
                badges=badges,
                verification=str(verification.get(i.verification_status, i.verification_status)),
            )
        )
    return rows


def _bulk_form(query: str) -> BulkActionForm:
    """The editors' bulk action form, its select boxes written out directly (``widgets``):
    the same markup, a few milliseconds less on every list page an editor opens."""
    form = BulkActionForm(initial={"filters": query})
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            field.widget = PlainSelect(attrs=field.widget.attrs, choices=field.widget.choices)
    return form


@require_GET
def incident_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = IncidentFilterForm(request.GET or None, user=user)
    filters = form.filters()
    aggregates = _list_aggregates(user, filters)
    page = _page(
        request,
        selectors.incident_list(user=user, filters=filters).select_related(None),
        count=aggregates["total"],
    )
    query = _query_without_page(request)
    return render(
        request,
        "incidents/incident_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "rows": _table_rows(request, page, form.vocabulary),
            "bulk_form": _bulk_form(query) if can_edit(user) else None,
            "map_data": _map_data(
                form.api_query(), aggregates["regions"], aggregates["type_names"]
            ),
            "map_download": f"{reverse('incidents-geojson')}?{urlencode(form.api_query())}",
            "timeline_html": aggregates["timeline"],
            "vega_bundle_url": vega_bundle_url(),
            "last_meeting": selectors.last_meeting(user=user),
        },
    )


@require_GET
def incident_detail(request: HttpRequest, dataset: str, event_id: str) -> HttpResponse:
    user = request.user
    pk = (
        selectors.visible_incidents(user=user, include_retired=True)
        .filter(dataset=dataset, event_id=event_id)
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:
        raise Http404("no such incident")
    incident = selectors.incident_detail(user=user, pk=pk)
    visible_actors = Actor.objects.visible_to(user)
    shown = set(
        visible_actors.filter(pk__in=[incident.actor1_id, incident.actor2_id]).values_list(
            "pk", flat=True
        )
    )
    clause = incident.clause
    if clause is not None and not (
        commitment_selectors.visible_documents(user=user).filter(pk=clause.document_id).exists()
    ):
        clause = None
    return render(
        request,
        "incidents/incident_detail.html",
        {
            "incident": incident,
            "actor1_link": incident.actor1 if incident.actor1_id in shown else None,
            "actor2_link": incident.actor2 if incident.actor2_id in shown else None,
            "associated": visible_actors.filter(
                pk__in=incident.associated_actors.values("pk")
            ).order_by("name_en"),
            "clause": clause,
            "attributions": selectors.incident_attributions(user=user, incident=incident),
            "steps": selectors.incident_verification_steps(user=user, incident=incident),
            "witnesses": selectors.incident_witnesses(user=user, incident=incident),
            "source_notes": selectors.incident_source_notes(user=user, incident=incident),
            "sources": Source.objects.visible_to(user).filter(pk__in=incident.sources.values("pk")),
        },
    )


@require_GET
def actor_detail(request: HttpRequest, key: str) -> HttpResponse:
    user = request.user
    actor = Actor.objects.visible_to(user).filter(key=key).first()
    if actor is None:
        raise Http404("no such actor")
    filters = IncidentFilters(actor_ids=[actor.pk])
    timeline, total = _timeline(user, filters)
    incidents = selectors.ActorIncidents(user=user, filters=filters, total=total)
    page = _page(request, incidents, count=total)
    return render(
        request,
        "incidents/actor_detail.html",
        {
            "actor": actor,
            "page": page,
            "rows": _table_rows(request, page),
            "query": _query_without_page(request),
            "attributed": selectors.actor_attributions(user=user, actor=actor),
            "timeline_html": timeline,
            "vega_bundle_url": vega_bundle_url(),
        },
    )


@require_GET
def since_meeting(request: HttpRequest, key: str) -> HttpResponse:
    user = request.user
    meeting = commitment_selectors.meeting_detail(user=user, key=key)
    cutoff = selectors.meeting_cutoff(meeting)
    incidents = selectors.incidents_since_meeting(user=user, meeting=meeting).select_related(None)
    by_region: list[selectors.AggregateRow] = []
    if cutoff is not None:
        # The same incidents as the list below (visible, not retired, after the cutoff):
        # their sum is the pager's count.
        after = IncidentFilters(date_from=cutoff + dt.timedelta(days=1))
        by_region = selectors.incident_aggregates(user=user, filters=after, by=("admin1",))
    page = _page(request, incidents, count=sum(row.count for row in by_region))
    return render(
        request,
        "incidents/since_meeting.html",
        {
            "meeting": meeting,
            "cutoff": cutoff,
            "page": page,
            "rows": _table_rows(request, page),
            "query": _query_without_page(request),
            "by_region": sorted(by_region, key=lambda row: -row.count),
            "list_url": reverse("incident-list")
            + (f"?date_from={cutoff + dt.timedelta(days=1)}" if cutoff else ""),
        },
    )

"""API endpoints of the incidents: the filtered list (cursor-paged), one incident, the map's
GeoJSON and the aggregates.

Handlers parse input and call selectors (through ``exports`` for the GeoJSON), nothing
more. An incident the caller may not see is answered 404, exactly like one that does not
exist.

The list is paged by a cursor, not an offset: newest first on (event_date, id), and each
page starts strictly after the last row of the one before. An event recorded while a
client walks the pages neither shifts nor repeats what it has still to read, and a page
deep into a million rows costs one index range scan.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from ninja import Field, Query, Router, Schema

from accordwatch.api_common import ANYONE, caller, input_error
from accordwatch.core.models import Actor
from accordwatch.core.permissions import can_edit
from accordwatch.incidents import exports, selectors
from accordwatch.incidents.models import Incident
from accordwatch.incidents.schemas import (
    AggregatesOut,
    IncidentDetailOut,
    IncidentPage,
    IncidentQuery,
)

router = Router()

# The aggregates' dimensions as the API names them → the selector's names.
AGGREGATE_DIMENSIONS = {
    "month": "month",
    "admin1": "admin1",
    "event_type": "event_type",
    "actor": "actor1",
}


# --- cursor -----------------------------------------------------------------------------


def encode_cursor(event_date: dt.date, pk: int) -> str:
    """Opaque to clients (they hand it back as it is); readable to us: date and id."""
    raw = f"{event_date.isoformat()}~{pk}".encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.date, int]:
    """The (event_date, id) a cursor stands for; ValueError if it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        day, pk = raw.split("~")
        return dt.date.fromisoformat(day), int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise ValueError("not a cursor from this API") from error


def after_cursor(incidents: QuerySet[Incident], cursor: str | None) -> QuerySet[Incident]:
    """The rows that come after ``cursor`` in newest-first (event_date, id) order."""
    if not cursor:
        return incidents
    day, pk = decode_cursor(cursor)
    return incidents.filter(Q(event_date__lt=day) | Q(event_date=day, id__lt=pk))


# --- list -------------------------------------------------------------------------------


class PageQuery(Schema):
    cursor: str | None = Field(None, description="`next` of the previous page.")
    limit: int = Field(50, ge=1, le=500, description="Incidents per page (at most 500).")


@router.get(
    "/incidents",
    response=IncidentPage,
    auth=ANYONE,
    summary="List incidents",
    description="Newest first. Pass the answer's `next` as `cursor` for the next page; "
    "`next` is null on the last page. Pages stay consistent while events are added.",
)
def list_incidents(
    request: HttpRequest, filters: Query[IncidentQuery], page: Query[PageQuery]
) -> dict[str, Any]:
    user = caller(request)
    incidents = selectors.incident_list(user=user, filters=filters.filters(user=user))
    try:
        incidents = after_cursor(incidents, page.cursor)
    except ValueError as error:
        raise input_error(["query", "cursor"], str(error)) from error
    rows = list(incidents[: page.limit + 1])
    items = rows[: page.limit]
    more = len(rows) > page.limit
    last = items[-1] if items else None
    return {
        "items": items,
        "next": encode_cursor(last.event_date, last.pk) if more and last else None,
    }


# --- map and aggregates (declared before the detail, whose path would match them) -------


class GeoLimit(Schema):
    limit: int | None = Field(None, ge=1, description="At most this many, the newest.")


@router.get(
    "/incidents.geojson",
    auth=ANYONE,
    summary="Incidents as GeoJSON",
    description="A FeatureCollection of the placed incidents the caller may see (same "
    "filters as the list), newest first, streamed; coordinates are [longitude, latitude]. "
    "`limit` keeps the newest ones only.",
)
def incidents_geojson(
    request: HttpRequest, filters: Query[IncidentQuery], page: Query[GeoLimit]
) -> Any:
    user = caller(request)
    blocks = exports.geojson(user=user, filters=filters.filters(user=user), limit=page.limit)
    response = StreamingHttpResponse(
        (block.encode("utf-8") for block in blocks), content_type="application/geo+json"
    )
    response["Cache-Control"] = "private, no-store"  # what one reader may see, not another
    return response


class AggregateQuery(IncidentQuery):
    by: str = Field(
        "month,admin1,event_type",
        description="Comma-separated, among month, admin1, event_type, actor.",
    )


@router.get(
    "/incidents/aggregates",
    response=AggregatesOut,
    auth=ANYONE,
    summary="Incident counts and fatalities",
    description="Counts and fatalities of the incidents the caller may see, grouped by "
    "`by` (computed by the database in one GROUP BY).",
)
def incident_aggregates(request: HttpRequest, query: Query[AggregateQuery]) -> JsonResponse:
    user = caller(request)
    by = [name.strip() for name in query.by.split(",") if name.strip()]
    unknown = [name for name in by if name not in AGGREGATE_DIMENSIONS]
    if unknown or not by or len(set(by)) != len(by):
        raise input_error(
            ["query", "by"], f"group by distinct names among {', '.join(AGGREGATE_DIMENSIONS)}"
        )
    rows = selectors.incident_aggregates(
        user=user,
        filters=query.filters(user=user),
        by=[AGGREGATE_DIMENSIONS[name] for name in by],
    )
    actor_keys: dict[int, str] = {}
    if "actor" in by:
        ids = {row.keys["actor1"] for row in rows} - {None}
        # An actor the caller may not see is not named (its key reads as null).
        actor_keys = dict(
            Actor.objects.visible_to(user).filter(id__in=ids).values_list("id", "key")
        )
    # Groups of actors the caller may not see merge into one unnamed group, so the answer
    # does not tell how many there are.
    merged: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        keys = {name: row.keys[AGGREGATE_DIMENSIONS[name]] for name in by}
        if "actor" in keys:
            keys["actor"] = actor_keys.get(keys["actor"])
        group = merged.setdefault(tuple(keys.values()), {**keys, "count": 0, "fatalities": 0})
        group["count"] += row.count
        group["fatalities"] += row.fatalities
    # Thousands of rows built here from the selector's plain values: written as they are,
    # not validated again one by one (that doubled the answer's time). AggregatesOut still
    # describes them in the OpenAPI schema.
    return JsonResponse({"by": by, "rows": list(merged.values())})


# --- one incident -----------------------------------------------------------------------


@router.get(
    "/incidents/{dataset}/{event_id}",
    response=IncidentDetailOut,
    auth=ANYONE,
    summary="An incident",
    description="With its attributions and verification log; witnesses and restricted "
    "source notes for editors only.",
)
def get_incident(request: HttpRequest, dataset: str, event_id: str) -> Incident:
    user = caller(request)
    pk = (
        selectors.visible_incidents(user=user, include_retired=True)
        .filter(dataset=dataset, event_id=event_id)
        .values_list("pk", flat=True)
        .first()
    )
    incident = selectors.incident_detail(user=user, pk=pk or 0)
    incident.attributions_seen = list(selectors.incident_attributions(user=user, incident=incident))
    incident.steps_seen = list(selectors.incident_verification_steps(user=user, incident=incident))
    editor = can_edit(user)
    incident.witnesses_seen = (
        list(selectors.incident_witnesses(user=user, incident=incident)) if editor else None
    )
    incident.notes_seen = (
        list(selectors.incident_source_notes(user=user, incident=incident)) if editor else None
    )
    return incident

"""Incident downloads: ACLED-layout CSV, HXL-tagged CSV and GeoJSON, streamed.

They take the API's filters (``from``, ``to``, ``admin1``, ``actor``, ``event_type``,
``violation_category``, ``verification``, ``dataset``) and give only what the reader may
see; witnesses and restricted source notes are in none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from pydantic import ValidationError

from accordwatch.incidents import exports
from accordwatch.incidents.schemas import query_from_params

Export = Callable[..., Iterator[str]]


def _download(
    request: HttpRequest, export: Export, name: str, content_type: str
) -> HttpResponseBase:
    try:
        query = query_from_params(request.GET)
    except ValidationError as error:
        fields = sorted({str(problem["loc"][0]) for problem in error.errors() if problem["loc"]})
        return HttpResponseBadRequest(
            f"invalid filter: {', '.join(fields)}", content_type="text/plain; charset=utf-8"
        )
    blocks = export(user=request.user, filters=query.filters(user=request.user))
    response = StreamingHttpResponse(
        (block.encode("utf-8") for block in blocks), content_type=content_type
    )
    today = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name.format(today=today)}"'
    response["Cache-Control"] = "private, no-store"  # what one reader may see, not another
    return response


@require_GET
def incidents_csv(request: HttpRequest) -> HttpResponseBase:
    return _download(request, exports.acled_csv, "incidents-{today}.csv", "text/csv; charset=utf-8")


@require_GET
def incidents_hxl_csv(request: HttpRequest) -> HttpResponseBase:
    return _download(
        request, exports.hxl_csv, "incidents-{today}.hxl.csv", "text/csv; charset=utf-8"
    )


@require_GET
def incidents_geojson(request: HttpRequest) -> HttpResponseBase:
    return _download(request, exports.geojson, "incidents-{today}.geojson", "application/geo+json")

"""Flow downloads for signed-in readers: CSV and HXL-tagged CSV, streamed.

They take the API's filters as query parameters (``from``, ``to``, ``status``, ``donor``
…) and hold only what the reader may see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accordwatch.assistance import exports
from accordwatch.assistance.query import BadFilter, flow_filters

Export = Callable[..., Iterator[str]]


def _download(request: HttpRequest, export: Export, name: str) -> HttpResponseBase:
    try:
        filters = flow_filters({key: request.GET.get(key, "") for key in request.GET})
    except BadFilter as error:
        return HttpResponseBadRequest(
            f"invalid filter: {error.name}", content_type="text/plain; charset=utf-8"
        )
    blocks = export(user=request.user, filters=filters)
    response = StreamingHttpResponse(
        (block.encode("utf-8") for block in blocks), content_type="text/csv; charset=utf-8"
    )
    today = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name.format(today=today)}"'
    response["Cache-Control"] = "private, no-store"  # what one reader may see, not another
    return response


@require_GET
@login_required
def flows_csv(request: HttpRequest) -> HttpResponseBase:
    return _download(request, exports.flows_csv, "assistance-flows-{today}.csv")


@require_GET
@login_required
def flows_hxl_csv(request: HttpRequest) -> HttpResponseBase:
    return _download(request, exports.flows_hxl, "assistance-flows-{today}.hxl.csv")

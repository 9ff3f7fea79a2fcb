"""The figures as downloads (CSV and HXL), filtered like the API: ``?indicator=idps``."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET

from accordwatch.situation import exports


def _filters(request: HttpRequest) -> dict:
    return {
        "indicators": request.GET.getlist("indicator"),
        "places": request.GET.getlist("place"),
    }


def _download(body, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def observations_csv(request: HttpRequest) -> StreamingHttpResponse:
    today = dt.date.today().isoformat()
    body = exports.observations_csv(user=request.user, **_filters(request))
    return _download(body, f"situation-figures-{today}.csv")


@require_GET
def observations_hxl(request: HttpRequest) -> StreamingHttpResponse:
    today = dt.date.today().isoformat()
    body = exports.observations_hxl(user=request.user, **_filters(request))
    return _download(body, f"situation-figures-{today}.hxl.csv")

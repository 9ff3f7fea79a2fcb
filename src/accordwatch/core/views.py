"""Core pages: the audit log, and the Vega bundle the chart pages load."""

from __future__ import annotations

import functools
import gzip
import hashlib
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accordwatch.core import selectors

AUDIT_PAGE_SIZE = 50


@require_GET
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Who changed what, when; before and after. Members get 403 from the selector."""
    object_type = request.GET.get("object_type", "").strip()
    object_id = request.GET.get("object_id", "").strip()
    events = selectors.audit_events(
        user=request.user, object_type=object_type, object_id=object_id
    ).select_related("user")
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(event, selectors.audit_changes(event)) for event in page.object_list]
    return render(
        request,
        "core/audit_log.html",
        {
            "page": page,
            "rows": rows,
            "object_type": object_type,
            "object_id": object_id,
            "object_types": selectors.audit_object_types(user=request.user),
            "query": urlencode(
                {k: v for k, v in (("object_type", object_type), ("object_id", object_id)) if v}
            ),
        },
    )


# --- The Vega / Vega-Lite / vega-embed bundle -------------------------------------------
#
# vl-convert ships these libraries inside its wheel and hands them out as one script, so a
# fresh clone needs nothing but `pip install`: no npm, no CDN, no build step. The bundle is
# built once per process (about two seconds), kept in memory with a gzip copy, and served
# under a URL that carries the vl-convert version, so browsers may cache it for a year.


@functools.cache
def _bundle() -> tuple[bytes, bytes, str]:
    import vl_convert

    body = vl_convert.javascript_bundle().encode("utf-8")
    return (
        body,
        gzip.compress(body, compresslevel=6, mtime=0),
        hashlib.sha256(body).hexdigest()[:16],
    )


def vega_version() -> str:
    import vl_convert

    return vl_convert.__version__


def vega_bundle_url() -> str:
    return reverse("vega-bundle", args=[vega_version()])


@require_GET
def vega_bundle(request: HttpRequest, version: str) -> HttpResponse:
    if version != vega_version():
        return HttpResponseNotFound("unknown bundle version")
    body, zipped, digest = _bundle()
    etag = f'"{digest}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(zipped, content_type="text/javascript; charset=utf-8")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["ETag"] = etag
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response

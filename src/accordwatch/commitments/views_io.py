"""CSV downloads of every list, and the upload page of the imports.

Downloads stream (``StreamingHttpResponse`` over ``exports``), and show only what the reader
may see; the commitments download takes the list page's own filters. The upload page runs
the same import handler as ``accordwatch import``, for editors only.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from accordwatch.commitments import exports
from accordwatch.commitments.forms import CommitmentFilterForm
from accordwatch.commitments.models import MeetingBody
from accordwatch.core import importing
from accordwatch.core.permissions import can_edit

# The list filters that choose commitments (``as_of`` only dates their standing).
CHOOSING_FILTERS = ("document", "pillar", "actor", "status", "overdue", "kind", "q")


def _csv_response(blocks: Iterator[str], name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (block.encode("utf-8") for block in blocks), content_type="text/csv; charset=utf-8"
    )
    today = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{today}.csv"'
    response["Cache-Control"] = "private, no-store"  # what one reader may see, not another
    return response


def _list_filters(request: HttpRequest) -> tuple[CommitmentFilterForm, dict]:
    form = CommitmentFilterForm(request.GET or None, user=request.user)
    return form, form.selector_arguments(today=timezone.localdate())


@require_GET
def commitments_csv(request: HttpRequest) -> HttpResponseBase:
    _, filters = _list_filters(request)
    return _csv_response(exports.commitments_csv(user=request.user, **filters), "commitments")


@require_GET
def assessments_csv(request: HttpRequest) -> HttpResponseBase:
    """Assessments of the commitments the list's filters choose (all, without filters);
    with ``as_of``, only those made by that date."""
    form, filters = _list_filters(request)
    chosen = any(request.GET.get(name) for name in CHOOSING_FILTERS)
    until = form.cleaned_data.get("as_of") if form.is_valid() else None
    blocks = exports.assessments_csv(
        user=request.user, commitment_filters=filters if chosen else None, until=until
    )
    return _csv_response(blocks, "assessments")


@require_GET
def documents_csv(request: HttpRequest) -> HttpResponseBase:
    return _csv_response(exports.documents_csv(user=request.user), "documents")


@require_GET
def meetings_csv(request: HttpRequest) -> HttpResponseBase:
    body_kind = request.GET.get("body_kind")
    if body_kind not in MeetingBody.values:
        body_kind = None
    return _csv_response(exports.meetings_csv(user=request.user, body_kind=body_kind), "meetings")


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, kind: str) -> HttpResponse:
    """GET: the form. POST: import the file, all or nothing, and show the summary or
    every problem found (422). The service checks the role again."""
    if not can_edit(request.user):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(_("Only editors and admins may import."))
    spec = importing.kind(kind)
    if spec is None:
        raise Http404(f"no import of {kind!r}")
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"spec": spec, "form": form, "summary": None, "problems": None}
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            upload = form.cleaned_data["file"]
            # Kinds that record where a file came from (a UN list import keeps its file name)
            # get the name the user's file had, not the server's temporary one.
            named = "file_name" in inspect.signature(spec.handler).parameters
            extra = {"file_name": upload.name} if named else {}
            try:
                context["summary"] = spec.handler(actor=request.user, stream=upload.file, **extra)
            except importing.ImportRejected as rejected:
                context["problems"] = rejected.problems
                status = 422
            finally:
                upload.close()
            context["file_name"] = upload.name
    return render(request, "commitments/import.html", context, status=status)

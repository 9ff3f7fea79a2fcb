"""Editors change existing records: a document's or a commitment's fields, and who may see
a document, a commitment or an assessment (publish, withdraw, restrict).

Like the other pages, these parse input and call selectors and services. The role is
checked first so that a reader learns nothing about which records exist; then the record
is looked up with the editor's own visibility (a missing one is a 404); the service checks
the role again and writes one audit event, none when nothing changed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accordwatch.commitments import selectors, services
from accordwatch.commitments.forms import (
    CommitmentForm,
    DocumentForm,
    PublicationForm,
    apply_service_errors,
)
from accordwatch.core.permissions import can_edit


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _editors_only(request: HttpRequest) -> HttpResponse | None:
    """Anonymous readers opening a page are sent to sign in; anyone else who may not edit
    (a member, or an anonymous post) is refused."""
    if can_edit(request.user):
        return None
    if not request.user.is_authenticated and request.method == "GET":
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(_("Only editors and admins may change records."))


def _saved_response(request: HttpRequest, url: str, changed: bool) -> HttpResponse:
    messages.success(request, _("Changes saved.") if changed else _("Nothing to save: no change."))
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _form_response(
    request: HttpRequest, form: Any, *, title: str, action: str, back: str
) -> HttpResponse:
    # The add forms' template: htmx swaps the form alone, errors included.
    context = {"form": form, "title": title, "action": action, "back": back}
    if _is_htmx(request):
        return render(request, "commitments/_editor_form.html", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "commitments/record_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, key: str) -> HttpResponse:
    if (response := _editors_only(request)) is not None:
        return response
    document = get_object_or_404(selectors.visible_documents(user=request.user), key=key)
    back = reverse("document-detail", args=[document.key])
    form = DocumentForm(request.POST or None, user=request.user, record=document)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        del data["key"]  # fixed: the record is found by it
        parties, sources = data.pop("parties"), data.pop("sources")
        try:
            _document, changed = services.document_upsert(
                actor=request.user, key=document.key, parties=parties, sources=sources, **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _saved_response(request, back, changed)
    return _form_response(
        request,
        form,
        title=_("Edit the document “%(name)s”") % {"name": document},
        action=reverse("document-edit", args=[document.key]),
        back=back,
    )


@require_http_methods(["GET", "POST"])
def commitment_edit(request: HttpRequest, key: str) -> HttpResponse:
    if (response := _editors_only(request)) is not None:
        return response
    commitment = get_object_or_404(selectors.visible_commitments(user=request.user), key=key)
    back = reverse("commitment-detail", args=[commitment.key])
    form = CommitmentForm(request.POST or None, user=request.user, record=commitment)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        del data["key"]
        try:
            _commitment, changed = services.commitment_upsert(
                actor=request.user,
                key=commitment.key,
                document=data.pop("document"),
                title=data.pop("title"),
                clauses=data.pop("clauses"),
                responsible=data.pop("responsible"),
                sources=data.pop("sources"),
                # Not on the form; passed as they are so the update keeps them.
                related=list(commitment.related.all()),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _saved_response(request, back, changed)
    return _form_response(
        request,
        form,
        title=_("Edit the commitment “%(name)s”") % {"name": commitment.title},
        action=reverse("commitment-edit", args=[commitment.key]),
        back=back,
    )


# --- publication ----------------------------------------------------------------------


def _publishable(user: Any, kind: str, ref: str) -> tuple[Model, str]:
    """The record named in the address, as the user may see it, and the page to go back to."""
    if kind == "document":
        document = get_object_or_404(selectors.visible_documents(user=user), key=ref)
        return document, reverse("document-detail", args=[document.key])
    if kind == "commitment":
        commitment = get_object_or_404(selectors.visible_commitments(user=user), key=ref)
        return commitment, reverse("commitment-detail", args=[commitment.key])
    if kind == "assessment" and ref.isdigit():
        assessment = get_object_or_404(
            selectors.visible_assessments(user=user).select_related("commitment"), pk=int(ref)
        )
        url = reverse("commitment-detail", args=[assessment.commitment.key])
        return assessment, f"{url}#assessments"
    raise Http404(f"nothing to publish at {kind}/{ref}")


@require_POST
def publication_change(request: HttpRequest, kind: str, ref: str) -> HttpResponse:
    """Publish, withdraw or change the confidentiality of a record, then go back to its page
    (where an editor still sees it, badged; readers stop seeing it at once)."""
    _editors_only(request)  # a post: raises for anyone who may not edit
    record, back = _publishable(request.user, kind, ref)
    form = PublicationForm(request.POST)
    if not form.is_valid():
        # The page offers valid choices only, so this is a hand-made request; the answer is
        # plain text because Django's messages quote the value sent.
        return _bad_request(form.errors.as_text())
    try:
        services.publication_set(
            actor=request.user,
            record=record,
            confidentiality=form.cleaned_data["confidentiality"] or None,
            publication_state=form.cleaned_data["publication_state"] or None,
        )
    except ValidationError as error:
        return _bad_request(" ".join(error.messages))
    messages.success(
        request,
        _("Visibility saved: %(state)s, %(confidentiality)s.")
        % {
            "state": record.get_publication_state_display(),  # type: ignore[attr-defined]
            "confidentiality": record.get_confidentiality_display(),  # type: ignore[attr-defined]
        },
    )
    return redirect(back)


def _bad_request(text: str) -> HttpResponse:
    return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")

"""The smaller editor actions of an incident's page: retire and restore it, remove an
attribution, add a restricted source note, link it to a commitment or unlink it; and the
editors' list of retired incidents (the only way back to them: no other list shows them).

Each is a POST from a form on the page (CSRF-protected like every form); the role is checked
before the incident is looked up, and the service checks it again and writes the audit
event. A success goes back to the incident's page; a form with errors is shown alone, with
them (status 400).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accordwatch.commitments.forms import apply_service_errors
from accordwatch.incidents import selectors, services
from accordwatch.incidents.forms import IncidentLinkForm, RestoreForm, RetireForm, SourceNoteForm
from accordwatch.incidents.models import Attribution, IncidentLink
from accordwatch.incidents.views_edit import (
    detail_url,
    editors_only,
    incident_for_editing,
    small_form_failed,
)

RETIRED_PAGE = 100


def _args(dataset: str, event_id: str) -> list[str]:
    return [dataset, event_id]


@require_GET
def retired_incidents(request: HttpRequest) -> HttpResponse:
    """Retired incidents, most recently retired first: every list, map and export leaves
    them out, so this is where an editor finds one to restore."""
    if (response := editors_only(request)) is not None:
        return response
    retired = (
        selectors.incident_list(user=request.user, include_retired=True)
        .filter(retired_at__isnull=False)
        .order_by("-retired_at", "-id")
    )
    page = Paginator(retired, RETIRED_PAGE).get_page(request.GET.get("page"))
    return render(request, "incidents/edit/retired.html", {"page": page})


@require_POST
def incident_retire(request: HttpRequest, dataset: str, event_id: str) -> HttpResponse:
    editors_only(request)
    incident = incident_for_editing(request.user, dataset, event_id)
    form = RetireForm(request.POST)
    if form.is_valid():
        retired = services.incident_retire(
            actor=request.user, incident=incident, reason=form.cleaned_data["reason"]
        )
        if retired:
            messages.success(
                request, _("Incident retired: members and the public no longer see it.")
            )
        else:
            messages.info(request, _("The incident was retired already."))
        return redirect(detail_url(incident))
    action = reverse("incident-retire", args=_args(dataset, event_id))
    return small_form_failed(request, incident, form, _("Retire the incident"), action)


@require_POST
def incident_restore(request: HttpRequest, dataset: str, event_id: str) -> HttpResponse:
    editors_only(request)
    incident = incident_for_editing(request.user, dataset, event_id)
    form = RestoreForm(request.POST)
    if form.is_valid():
        restored = services.incident_restore(
            actor=request.user, incident=incident, reason=form.cleaned_data["reason"] or ""
        )
        if restored:
            messages.success(request, _("Incident restored."))
        else:
            messages.info(request, _("The incident was not retired."))
        return redirect(detail_url(incident))
    action = reverse("incident-restore", args=_args(dataset, event_id))
    return small_form_failed(request, incident, form, _("Restore the incident"), action)


@require_POST
def incident_attribution_remove(
    request: HttpRequest, dataset: str, event_id: str, pk: int
) -> HttpResponse:
    editors_only(request)
    incident = incident_for_editing(request.user, dataset, event_id)
    attribution = (
        Attribution.objects.filter(incident=incident, pk=pk).select_related("incident").first()
    )
    if attribution is None:
        raise Http404("no such attribution")
    services.attribution_remove(actor=request.user, attribution=attribution)
    messages.success(request, _("Attribution removed."))
    return redirect(detail_url(incident) + "#h-attribution")


@require_POST
def incident_source_note(request: HttpRequest, dataset: str, event_id: str) -> HttpResponse:
    editors_only(request)
    incident = incident_for_editing(request.user, dataset, event_id)
    form = SourceNoteForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.source_note_add(actor=request.user, incident=incident, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Source note recorded (restricted)."))
            return redirect(detail_url(incident) + "#h-restricted")
    action = reverse("incident-source-note", args=_args(dataset, event_id))
    return small_form_failed(request, incident, form, _("Add a source note"), action)


@require_POST
def incident_link(request: HttpRequest, dataset: str, event_id: str) -> HttpResponse:
    editors_only(request)
    incident = incident_for_editing(request.user, dataset, event_id)
    form = IncidentLinkForm(request.POST, user=request.user)
    if form.is_valid():
        commitment = form.cleaned_data["commitment"]
        _link, changed = services.incident_link_set(
            actor=request.user,
            commitment=commitment,
            incident=incident,
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            (_("Linked to “%(title)s”.") if changed else _("Already linked to “%(title)s”."))
            % {"title": commitment.title},
        )
        return redirect(detail_url(incident) + "#h-links")
    action = reverse("incident-link", args=_args(dataset, event_id))
    return small_form_failed(request, incident, form, _("Link to a commitment"), action)


@require_POST
def incident_link_remove(
    request: HttpRequest, dataset: str, event_id: str, pk: int
) -> HttpResponse:
    editors_only(request)
    incident = incident_for_editing(request.user, dataset, event_id)
    link: Any = (
        IncidentLink.objects.filter(incident=incident, pk=pk)
        .select_related("commitment", "incident")
        .first()
    )
    if link is None:
        raise Http404("no such link")
    services.incident_link_remove(actor=request.user, link=link)
    messages.success(request, _("Link to “%(title)s” removed.") % {"title": link.commitment.title})
    return redirect(detail_url(incident) + "#h-links")

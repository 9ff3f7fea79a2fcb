"""Editors record and change incidents: the entry form with its map, the verification
workflow and the editors' discussion, attributions, witnesses, and who may see a record.

Like the other pages, these parse input and call selectors and services. The role is
checked first, so a reader learns nothing about which records exist; then the incident is
looked up with the editor's own visibility (a missing one is a 404); the service checks the
role again and writes one audit event.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accordwatch.commitments.forms import PublicationForm, apply_service_errors
from accordwatch.commitments.services import publication_set
from accordwatch.core.models import PlaceKind
from accordwatch.core.permissions import can_edit
from accordwatch.incidents import selectors, services
from accordwatch.incidents.forms import (
    DEFAULT_COUNTRY,
    SOURCE_SCALES,
    AttributionForm,
    CommentForm,
    IncidentForm,
    VerificationForm,
    WitnessForm,
    places_for_picking,
)
from accordwatch.incidents.importers import countries
from accordwatch.incidents.models import Dataset, Incident

FORM_TEMPLATE = "incidents/edit/incident_form.html"
BOUNDARIES = "geo/mli-adm1.geojson"  # the incident map's base layer, drawn the same way


def editors_only(request: HttpRequest) -> HttpResponse | None:
    """Anonymous readers opening a page are sent to sign in; anyone else who may not edit
    (a member, or an anonymous post) is refused."""
    if can_edit(request.user):
        return None
    if not request.user.is_authenticated and request.method == "GET":
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(_("Only editors and admins may change records."))


def incident_for_editing(user: Any, dataset: str, event_id: str) -> Incident:
    pk = (
        selectors.visible_incidents(user=user, include_retired=True)
        .filter(dataset=dataset, event_id=event_id)
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:
        raise Http404("no such incident")
    return selectors.incident_detail(user=user, pk=pk)


def detail_url(incident: Incident) -> str:
    return reverse("incident-detail", args=[incident.dataset, incident.event_id])


def _picker_data() -> dict[str, Any]:
    """What the point picker's map needs: the region polygons, the gazetteer's points (to
    move the marker when a place is chosen) and the region names as the gazetteer spells
    them (a click inside a polygon fills the region with that spelling)."""
    country = countries.country_named(DEFAULT_COUNTRY)
    if country is None:
        raise RuntimeError(f"{DEFAULT_COUNTRY} is missing from the table of countries")
    places = places_for_picking().filter(latitude__isnull=False, longitude__isnull=False)
    regions = places_for_picking().filter(kind=PlaceKind.ADMIN1).values_list("name", flat=True)
    return {
        "boundaries": static(BOUNDARIES),
        # Leaflet guesses its marker's address from its CSS, which fails once the static
        # files carry hashed names: the page gives the addresses instead.
        "icon": {
            "url": static("vendor/leaflet/images/marker-icon.png"),
            "retina": static("vendor/leaflet/images/marker-icon-2x.png"),
            "shadow": static("vendor/leaflet/images/marker-shadow.png"),
        },
        "places": {str(p.pk): [float(p.latitude), float(p.longitude)] for p in places},
        "regions": list(regions),
        # The country's box as the importers check it, for when the polygons are not loaded
        # yet; outside the polygons (or the box) the page warns before saving.
        "box": {
            "south": country.south,
            "north": country.north,
            "west": country.west,
            "east": country.east,
            "margin": countries.MARGIN,
        },
        "labels": {
            "outside": _("This point is outside %(country)s: check the coordinates.")
            % {"country": country.name},
        },
    }


def _form_page(request: HttpRequest, form: IncidentForm, **context: Any) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        FORM_TEMPLATE,
        {"form": form, "picker": _picker_data(), "source_scales": SOURCE_SCALES, **context},
        status=status,
    )


def _warn_point(request: HttpRequest, form: IncidentForm) -> None:
    if form.point_flag:
        messages.warning(
            request,
            _("Saved, and flagged: the point lies outside the country. Check the coordinates."),
        )


@require_http_methods(["GET", "POST"])
def incident_new(request: HttpRequest) -> HttpResponse:
    if (response := editors_only(request)) is not None:
        return response
    form = IncidentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        try:
            incident = services.incident_create(
                actor=request.user,
                dataset=Dataset.MONITOR,
                event_id=form.cleaned_data["event_id"],
                **values,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except IntegrityError:
            # Another editor saved the same id a moment before: nothing was written.
            form.add_error("event_id", _("This event id was taken a moment ago; save again."))
        else:
            messages.success(request, _("Incident %(id)s recorded.") % {"id": incident.event_id})
            _warn_point(request, form)
            return redirect(detail_url(incident))
    return _form_page(
        request,
        form,
        title=_("Record an incident"),
        action=reverse("incident-new"),
        back=reverse("incident-list"),
    )


@require_http_methods(["GET", "POST"])
def incident_edit(request: HttpRequest, dataset: str, event_id: str) -> HttpResponse:
    if (response := editors_only(request)) is not None:
        return response
    incident = incident_for_editing(request.user, dataset, event_id)
    form = IncidentForm(request.POST or None, user=request.user, record=incident)
    if request.method == "POST" and form.is_valid():
        try:
            _incident_saved, changed = services.incident_upsert(
                actor=request.user,
                dataset=incident.dataset,
                event_id=incident.event_id,
                **form.service_values(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Changes saved.") if changed else _("Nothing to save: no change.")
            )
            _warn_point(request, form)
            return redirect(detail_url(incident))
    return _form_page(
        request,
        form,
        title=_("Edit the incident %(id)s") % {"id": incident.event_id},
        action=reverse("incident-edit", args=[incident.dataset, incident.event_id]),
        back=detail_url(incident),
        incident=incident,
    )


# --- verification and discussion ------------------------------------------------------


def _verification_page(
    request: HttpRequest,
    incident: Incident,
    *,
    verify_form: VerificationForm | None = None,
    comment_form: CommentForm | None = None,
) -> HttpResponse:
    user = request.user
    entries = [
        {"kind": "step", "at": step.at, "by": step.by_label, "step": step, "text": step.comment}
        for step in selectors.incident_verification_steps(user=user, incident=incident)
    ] + [
        {"kind": "comment", "at": note.at, "by": note.by_label, "text": note.body}
        for note in selectors.incident_comments(user=user, incident=incident)
    ]
    entries.sort(key=lambda entry: entry["at"])
    failed = verify_form is not None or comment_form is not None
    return render(
        request,
        "incidents/edit/verification.html",
        {
            "incident": incident,
            "entries": entries,
            "verify_form": verify_form or VerificationForm(incident=incident),
            "comment_form": comment_form or CommentForm(),
            "back": detail_url(incident),
        },
        status=400 if failed else 200,
    )


@require_http_methods(["GET", "POST"])
def incident_verification(request: HttpRequest, dataset: str, event_id: str) -> HttpResponse:
    """The log of steps and comments, and the form for the next step."""
    if (response := editors_only(request)) is not None:
        return response
    incident = incident_for_editing(request.user, dataset, event_id)
    if request.method == "GET":
        return _verification_page(request, incident)
    form = VerificationForm(request.POST, incident=incident)
    if form.is_valid():
        try:
            step = services.incident_verify(
                actor=request.user,
                incident=incident,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Status now: %(status)s.") % {"status": step.get_status_display()}
            )
            return redirect(reverse("incident-verification", args=[dataset, event_id]))
    return _verification_page(request, incident, verify_form=form)


@require_POST
def incident_comment(request: HttpRequest, dataset: str, event_id: str) -> HttpResponse:
    editors_only(request)
    incident = incident_for_editing(request.user, dataset, event_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.incident_comment_add(
                actor=request.user, incident=incident, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Comment added."))
            return redirect(reverse("incident-verification", args=[dataset, event_id]))
    return _verification_page(request, incident, comment_form=form)


# --- attributions, witnesses, publication (small forms on the incident's page) ----------


def small_form_failed(
    request: HttpRequest, incident: Incident, form: Any, title: str, action: str
) -> HttpResponse:
    """A small form of the incident page came back with errors: show it alone, with them."""
    return render(
        request,
        "incidents/edit/small_form.html",
        {"form": form, "title": title, "action": action, "back": detail_url(incident)},
        status=400,
    )


@require_POST
def incident_attribution(request: HttpRequest, dataset: str, event_id: str) -> HttpResponse:
    editors_only(request)
    incident = incident_for_editing(request.user, dataset, event_id)
    form = AttributionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.attribution_set(actor=request.user, incident=incident, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Attribution saved."))
            return redirect(detail_url(incident) + "#h-attribution")
    action = reverse("incident-attribution", args=[dataset, event_id])
    return small_form_failed(request, incident, form, _("Attribute the incident"), action)


@require_POST
def incident_witness(request: HttpRequest, dataset: str, event_id: str) -> HttpResponse:
    editors_only(request)
    incident = incident_for_editing(request.user, dataset, event_id)
    form = WitnessForm(request.POST)
    if form.is_valid():
        try:
            services.witness_add(actor=request.user, incident=incident, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Witness recorded (restricted)."))
            return redirect(detail_url(incident) + "#h-restricted")
    action = reverse("incident-witness", args=[dataset, event_id])
    return small_form_failed(request, incident, form, _("Add a witness"), action)


@require_POST
def incident_publication(request: HttpRequest, dataset: str, event_id: str) -> HttpResponse:
    """Publish, withdraw or change the confidentiality of an incident."""
    editors_only(request)
    incident = incident_for_editing(request.user, dataset, event_id)
    form = PublicationForm(request.POST)
    if not form.is_valid():
        # The page offers valid choices only: this is a hand-made request.
        return HttpResponseBadRequest(
            form.errors.as_text(), content_type="text/plain; charset=utf-8"
        )
    publication_set(
        actor=request.user,
        record=incident,
        confidentiality=form.cleaned_data["confidentiality"] or None,
        publication_state=form.cleaned_data["publication_state"] or None,
    )
    messages.success(
        request,
        _("Visibility saved: %(state)s, %(confidentiality)s.")
        % {
            "state": incident.get_publication_state_display(),
            "confidentiality": incident.get_confidentiality_display(),
        },
    )
    return redirect(detail_url(incident))

"""Editors keep the assistance records by hand: flows (with the pledge a payment fulfils
and the decisions it answers), organisations, funds, conferences, appeals, and the
exchange-rate table.

Like the other editing pages, these parse input and call selectors and services. The role
is checked first, so a reader learns nothing about which records exist; the record is then
looked up with the editor's own visibility (a missing one is a 404); the service checks
the role again and writes one audit event, none when nothing changed. A payment that
takes its pledge past the pledged amount is saved, and the service's warning is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accordwatch.assistance import selectors, services
from accordwatch.assistance.edit_forms import (
    AppealForm,
    ConferenceForm,
    ExchangeRateForm,
    FlowDeleteForm,
    FlowForm,
    FundForm,
    OrganisationForm,
    OrganisationSearchForm,
)
from accordwatch.assistance.models import Flow
from accordwatch.commitments.forms import PublicationForm, apply_service_errors
from accordwatch.commitments.services import publication_set
from accordwatch.core.permissions import can_edit
from accordwatch.incidents.views_edit import editors_only

FORM_TEMPLATE = "assistance/edit_form.html"
FLOW_FORM_TEMPLATE = "assistance/flow_form.html"
ORGANISATIONS_PAGE = 100
RATES_PAGE = 100


def _form_page(
    request: HttpRequest, form: Any, template: str = FORM_TEMPLATE, **context: Any
) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(
        request, template, {"section": "assistance", "form": form, **context}, status=status
    )


def _saved(request: HttpRequest, changed: bool) -> None:
    messages.success(request, _("Changes saved.") if changed else _("Nothing to save: no change."))


# --- flows ------------------------------------------------------------------------------


def _flow_for_editing(user: Any, pk: int) -> Flow:
    try:
        return selectors.flow_detail(user=user, pk=pk)
    except Flow.DoesNotExist:
        raise Http404("no such flow") from None


def _flow_url(flow: Flow) -> str:
    return reverse("assistance-flow", args=[flow.pk])


def _warn(request: HttpRequest, warnings: list[str]) -> None:
    for warning in warnings:
        messages.warning(request, _("Saved, with a warning: %(warning)s.") % {"warning": warning})


def _prefill(request: HttpRequest) -> dict[str, Any]:
    """A pledge's page links to the form with the pledge chosen (``?fulfils=``): the new
    flow starts as a payment of the same donor, in the same currency, towards the same
    conference and decisions."""
    raw = request.GET.get("fulfils", "")
    if not raw.isdigit():
        return {}
    pledge = selectors.flows_to_fulfil(user=request.user).filter(pk=int(raw)).first()
    if pledge is None:
        return {}
    return {
        "fulfils": pledge.pk,
        "status": "paid",
        "source_org": pledge.source_org_id,
        "destination_org": pledge.destination_org_id,
        "currency": pledge.currency,
        "conference": pledge.conference_id,
        "appeal": pledge.appeal_id,
        "purpose": pledge.purpose,
        "sector": pledge.sector,
        "country_iso3": pledge.country_iso3,
        "commitments": [c.pk for c in pledge.commitments.all()],
        # Money paid against a public pledge is usually as public as the pledge.
        "confidentiality": pledge.confidentiality,
        "publication_state": pledge.publication_state,
    }


@require_http_methods(["GET", "POST"])
def flow_new(request: HttpRequest) -> HttpResponse:
    if (response := editors_only(request)) is not None:
        return response
    if request.method == "POST":
        form = FlowForm(request.POST, user=request.user)
    else:
        form = FlowForm(user=request.user, initial={"currency": "USD", **_prefill(request)})
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        try:
            result = services.flow_create(actor=request.user, **values)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Flow #%(pk)s recorded.") % {"pk": result.flow.pk})
            _warn(request, result.warnings)
            return redirect(_flow_url(result.flow))
    return _form_page(
        request,
        form,
        title=_("Record a flow"),
        action=request.get_full_path(),
        back=reverse("assistance-flows"),
        template=FLOW_FORM_TEMPLATE,
    )


@require_http_methods(["GET", "POST"])
def flow_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if (response := editors_only(request)) is not None:
        return response
    flow = _flow_for_editing(request.user, pk)
    form = FlowForm(request.POST or None, user=request.user, record=flow)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.flow_update(actor=request.user, flow=flow, **form.service_values())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            _saved(request, result.changed)
            _warn(request, result.warnings)
            return redirect(_flow_url(flow))
    return _form_page(
        request,
        form,
        title=_("Edit the flow #%(pk)s") % {"pk": flow.pk},
        action=reverse("assistance-flow-edit", args=[flow.pk]),
        back=_flow_url(flow),
        record=flow,
        template=FLOW_FORM_TEMPLATE,
    )


@require_POST
def flow_delete(request: HttpRequest, pk: int) -> HttpResponse:
    editors_only(request)
    flow = _flow_for_editing(request.user, pk)
    form = FlowDeleteForm(request.POST)
    if form.is_valid():
        try:
            services.flow_delete(actor=request.user, flow=flow)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Flow #%(pk)s removed.") % {"pk": pk})
            return redirect(reverse("assistance-flows"))
    return _form_page(
        request,
        form,
        title=_("Remove the flow #%(pk)s") % {"pk": pk},
        action=reverse("assistance-flow-delete", args=[pk]),
        back=_flow_url(flow),
        record=flow,
    )


# --- organisations, funds, conferences, appeals ----------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of keyed record: its form, its service, where editors find it."""

    name: str
    form: type
    service: Any
    records: Any  # selector: (user) -> queryset of the records the editor may see
    page: str | None  # the record's own page (url name taking the key), if it has one
    new_title: str
    edit_title: str
    publishable: bool = True


def _kinds() -> dict[str, Kind]:
    return {
        "organisation": Kind(
            "organisation",
            OrganisationForm,
            services.organisation_upsert,
            selectors.organisation_list,
            None,
            _("Add an organisation"),
            _("Edit the organisation “%(name)s”"),
            publishable=False,
        ),
        "fund": Kind(
            "fund",
            FundForm,
            services.fund_upsert,
            selectors.fund_list,
            "assistance-fund",
            _("Add a fund"),
            _("Edit the fund “%(name)s”"),
        ),
        "conference": Kind(
            "conference",
            ConferenceForm,
            services.conference_upsert,
            selectors.conference_list,
            "assistance-conference",
            _("Add a conference"),
            _("Edit the conference “%(name)s”"),
        ),
        "appeal": Kind(
            "appeal",
            AppealForm,
            services.appeal_upsert,
            selectors.appeal_list,
            None,
            _("Add an appeal or plan"),
            _("Edit the appeal “%(name)s”"),
        ),
    }


def _kind(name: str) -> Kind:
    kind = _kinds().get(name)
    if kind is None:
        raise Http404(f"no records of kind {name}")
    return kind


def _record_back(kind: Kind, record: Any) -> str:
    if kind.page and record is not None:
        return reverse(kind.page, args=[record.key])
    if kind.name == "organisation":
        return reverse("assistance-organisations")
    return reverse("assistance-records")


@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest, kind: str) -> HttpResponse:
    if (response := editors_only(request)) is not None:
        return response
    spec = _kind(kind)
    form = spec.form(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            record, _changed = spec.service(
                actor=request.user,
                key=form.cleaned_data["key"],
                new=True,
                **form.service_values(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except IntegrityError:
            form.add_error(None, _("Another record has the same identifier; nothing saved."))
        else:
            messages.success(request, _("“%(name)s” recorded.") % {"name": record})
            return redirect(_record_back(spec, record))
    return _form_page(
        request,
        form,
        title=spec.new_title,
        action=reverse("assistance-record-new", args=[kind]),
        back=_record_back(spec, None),
    )


@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    if (response := editors_only(request)) is not None:
        return response
    spec = _kind(kind)
    record = spec.records(user=request.user).filter(key=key).first()
    if record is None:
        raise Http404(f"no {kind} {key}")
    form = spec.form(request.POST or None, user=request.user, record=record)
    if request.method == "POST" and form.is_valid():
        try:
            _record, changed = spec.service(
                actor=request.user, key=record.key, **form.service_values()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except IntegrityError:
            form.add_error(None, _("Another record has the same identifier; nothing saved."))
        else:
            _saved(request, changed)
            return redirect(_record_back(spec, record))
    return _form_page(
        request,
        form,
        title=spec.edit_title % {"name": record},
        action=reverse("assistance-record-edit", args=[kind, record.key]),
        back=_record_back(spec, record),
        record=record,
        publication=_publication_control(kind, record) if spec.publishable else None,
        history_url=_history_url(record),
    )


def _history_url(record: Any) -> str:
    query = urlencode({"object_type": record._meta.label_lower, "object_id": record.pk})
    return f"{reverse('audit-log')}?{query}"


# --- who may see a flow, fund, conference or appeal -------------------------------------


def _publication_control(kind: str, record: Any) -> dict[str, Any]:
    return {
        "form": PublicationForm(
            initial={
                "confidentiality": record.confidentiality,
                "publication_state": record.publication_state,
            }
        ),
        "action": reverse(
            "assistance-publication", args=[kind, getattr(record, "key", None) or record.pk]
        ),
        "record": record,
    }


@require_POST
def publication_change(request: HttpRequest, kind: str, ref: str) -> HttpResponse:
    """Publish, withdraw or restrict a flow, fund, conference or appeal."""
    editors_only(request)
    if kind == "flow":
        if not ref.isdigit():
            raise Http404("no such flow")
        record: Any = _flow_for_editing(request.user, int(ref))
        back = _flow_url(record)
    else:
        spec = _kind(kind)
        if not spec.publishable:
            raise Http404(f"{kind} records have no publication state")
        record = spec.records(user=request.user).filter(key=ref).first()
        if record is None:
            raise Http404(f"no {kind} {ref}")
        back = reverse("assistance-record-edit", args=[kind, record.key])
    form = PublicationForm(request.POST)
    if not form.is_valid():
        # The page offers valid choices only: this is a hand-made request.
        return HttpResponseBadRequest(
            form.errors.as_text(), content_type="text/plain; charset=utf-8"
        )
    publication_set(
        actor=request.user,
        record=record,
        confidentiality=form.cleaned_data["confidentiality"] or None,
        publication_state=form.cleaned_data["publication_state"] or None,
    )
    messages.success(
        request,
        _("Visibility saved: %(state)s, %(confidentiality)s.")
        % {
            "state": record.get_publication_state_display(),
            "confidentiality": record.get_confidentiality_display(),
        },
    )
    return redirect(back)


# --- the editors' index, organisations, exchange rates ----------------------------------


@require_GET
def records_index(request: HttpRequest) -> HttpResponse:
    if (response := editors_only(request)) is not None:
        return response
    user = request.user
    return render(
        request,
        "assistance/edit_index.html",
        {
            "section": "assistance",
            "funds": selectors.fund_list(user=user),
            "conferences": selectors.conference_list(user=user),
            "appeals": selectors.appeal_list(user=user),
        },
    )


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    if (response := editors_only(request)) is not None:
        return response
    form = OrganisationSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    organisations = selectors.organisation_search(user=request.user, q=q)
    page = Paginator(organisations, ORGANISATIONS_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assistance/organisation_list.html",
        {"section": "assistance", "form": form, "page": page, "query": query.urlencode()},
    )


@require_http_methods(["GET", "POST"])
def rates(request: HttpRequest) -> HttpResponse:
    """The exchange-rate table, which every reader may consult (it says how the figures
    were converted); editors add or correct a rate with the form beside it."""
    editor = can_edit(request.user)
    form = None
    if request.method == "POST":
        editors_only(request)  # raises for anyone who may not edit
        form = ExchangeRateForm(request.POST)
        if form.is_valid():
            try:
                rate, changed = services.exchange_rate_set(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if changed:
                    messages.success(request, _("Rate saved: %(rate)s.") % {"rate": rate})
                else:
                    messages.success(request, _("Nothing to save: no change."))
                return redirect(reverse("assistance-rates") + f"?currency={rate.currency}")
    elif editor:
        # A row's "correct" link fills the form with that rate.
        asked = ("currency", "valid_from", "units_per_usd", "source")
        form = ExchangeRateForm(initial={name: request.GET.get(name, "") for name in asked})
    currency = request.GET.get("currency", "").strip()[:3]
    table = selectors.exchange_rate_list(currency=currency)
    page = Paginator(table, RATES_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "assistance/rates.html",
        {
            "section": "assistance",
            "form": form,
            "page": page,
            "currency": currency.upper(),
            "currencies": selectors.exchange_rate_currencies(),
            "query": f"currency={currency}" if currency else "",
        },
        status=400 if request.method == "POST" else 200,
    )

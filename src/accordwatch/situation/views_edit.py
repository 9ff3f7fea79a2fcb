"""Editors keep the situation records by hand: figures (record, correct, delete), indicators,
interim administrations with their blocked periods, heritage sites with their danger-list
years and their components.

Like the other pages, these parse input and call selectors and services. The role is
checked first, so a reader learns nothing about which records exist; then the record is
looked up with the editor's own visibility (a missing one is a 404); the service checks the
role again and writes one audit event, none when nothing changed.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accordwatch.commitments.forms import apply_service_errors
from accordwatch.incidents.views_edit import editors_only
from accordwatch.situation import selectors, services
from accordwatch.situation.forms import (
    BlockedPeriodFormSet,
    ComponentFormSet,
    DangerListingFormSet,
    HeritageSiteForm,
    IndicatorForm,
    InterimAdministrationForm,
    ObservationForm,
    blocked_period_rows,
    component_rows,
    danger_rows,
)
from accordwatch.situation.models import HeritageSite, InterimAdministration

FIGURES_PER_PAGE = 100


def _saved(request: HttpRequest, url: str, changed: bool, created: bool = False) -> HttpResponse:
    if created:
        messages.success(request, _("Recorded."))
    else:
        messages.success(
            request, _("Changes saved.") if changed else _("Nothing to save: no change.")
        )
    return redirect(url)


def _page(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    """A form page; 400 when it comes back from a post with errors."""
    status = 400 if request.method == "POST" else 200
    if request.method == "POST":
        context["has_row_errors"] = any(
            not formset.is_valid() for _legend, formset in context.get("formsets", [])
        )
    return render(request, template, context, status=status)


def _show_errors(form: Any, error: ValidationError, *, row_fields: Collection[str]) -> None:
    """A service's error next to the form's field; one about a child row (a blocked
    period, a component), which the row forms did not catch, goes on top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = None if field in row_fields else field
            for item in errors:
                form.add_error(target if target in form.fields else None, item)
        return
    apply_service_errors(form, error)


# --- figures and indicators -----------------------------------------------------------


@require_http_methods(["GET"])
def figures(request: HttpRequest) -> HttpResponse:
    """The editors' list of figures, one indicator at a time if asked, with the links to
    correct or delete each one."""
    if (response := editors_only(request)) is not None:
        return response
    indicator = request.GET.get("indicator", "").strip()
    rows = selectors.visible_observations(
        user=request.user, indicators=[indicator] if indicator else ()
    )
    page = Paginator(rows, FIGURES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "situation/edit_figures.html",
        {
            "indicators": selectors.visible_indicators(user=request.user),
            "chosen": indicator,
            "page": page,
            "query": urlencode({"indicator": indicator}) if indicator else "",
        },
    )


def _figures_url(indicator_key: str = "") -> str:
    url = reverse("situation-figures-edit")
    return f"{url}?{urlencode({'indicator': indicator_key})}" if indicator_key else url


@require_http_methods(["GET", "POST"])
def observation_new(request: HttpRequest) -> HttpResponse:
    if (response := editors_only(request)) is not None:
        return response
    initial = {}
    if key := request.GET.get("indicator"):
        initial["indicator"] = (
            selectors.visible_indicators(user=request.user).filter(key=key).first()
        )
    form = ObservationForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            observation, changed = services.observation_record(
                actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if not changed:
                messages.info(request, _("This figure was recorded already, as it is."))
            else:
                messages.success(request, _("Figure recorded."))
            return redirect(_figures_url(observation.indicator.key))
    return _page(
        request,
        "situation/edit_record.html",
        form=form,
        title=_("Record a figure"),
        action=request.get_full_path(),
        back=_figures_url(),
        caption=_(
            "A figure with the same indicator, place, date and source as one recorded replaces it."
        ),
    )


def _observation(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(selectors.visible_observations(user=request.user), pk=pk)


@require_http_methods(["GET", "POST"])
def observation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if (response := editors_only(request)) is not None:
        return response
    observation = _observation(request, pk)
    form = ObservationForm(request.POST or None, user=request.user, record=observation)
    if request.method == "POST" and form.is_valid():
        try:
            _saved_figure, changed = services.observation_correct(
                actor=request.user, observation=observation, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _saved(request, _figures_url(form.cleaned_data["indicator"].key), changed)
    return _page(
        request,
        "situation/edit_record.html",
        form=form,
        title=_("Correct a figure"),
        action=reverse("situation-figure-edit", args=[observation.pk]),
        back=_figures_url(observation.indicator.key),
        observation=observation,
    )


@require_http_methods(["GET", "POST"])
def observation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A page that asks first; the post deletes."""
    if (response := editors_only(request)) is not None:
        return response
    observation = _observation(request, pk)
    back = _figures_url(observation.indicator.key)
    if request.method == "POST":
        services.observation_delete(actor=request.user, observation=observation)
        messages.success(request, _("Figure deleted."))
        return redirect(back)
    return render(request, "situation/edit_delete.html", {"observation": observation, "back": back})


@require_http_methods(["GET", "POST"])
def indicator_form(request: HttpRequest, key: str | None = None) -> HttpResponse:
    """Add an indicator (no key in the address) or edit one."""
    if (response := editors_only(request)) is not None:
        return response
    record = selectors.indicator_detail(user=request.user, key=key) if key else None
    form = IndicatorForm(request.POST or None, user=request.user, record=record)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # Not on the form: the decisions an indicator answers are kept as they are.
        answers = list(record.answers.all()) if record is not None else []
        try:
            indicator, changed = services.indicator_upsert(
                actor=request.user, answers=answers, **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _saved(request, _figures_url(indicator.key), changed, created=record is None)
    return _page(
        request,
        "situation/edit_record.html",
        form=form,
        title=_("Edit the indicator “%(name)s”") % {"name": record.name}
        if record
        else _("Add an indicator"),
        action=request.path,
        back=_figures_url(record.key if record else ""),
    )


# --- interim administrations ----------------------------------------------------------


def _administration(request: HttpRequest, key: str) -> InterimAdministration:
    return get_object_or_404(selectors.visible_administrations(user=request.user), key=key)


@require_http_methods(["GET", "POST"])
def interim_form(request: HttpRequest, key: str | None = None) -> HttpResponse:
    """Add an interim administration or edit one, with its blocked periods."""
    if (response := editors_only(request)) is not None:
        return response
    record = _administration(request, key) if key else None
    data = request.POST or None
    form = InterimAdministrationForm(data, user=request.user, record=record)
    periods = BlockedPeriodFormSet(
        data, prefix="blocked", initial=blocked_period_rows(record) if record else None
    )
    if request.method == "POST" and form.is_valid() and periods.is_valid():
        answers = list(record.answers.all()) if record is not None else []
        try:
            _saved_record, changed = services.interim_administration_upsert(
                actor=request.user,
                blocked_periods=periods.rows(),
                answers=answers,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _show_errors(form, error, row_fields={"blocked_from", "blocked_to"})
        else:
            url = reverse("situation-interim")
            return _saved(request, url, changed, created=record is None)
    return _page(
        request,
        "situation/edit_with_rows.html",
        form=form,
        formsets=[(_("Blocked periods"), periods)],
        title=_("Edit the interim administration of %(region)s") % {"region": record.region.name}
        if record
        else _("Add an interim administration"),
        action=request.path,
        back=reverse("situation-interim"),
    )


# --- heritage sites -------------------------------------------------------------------


def _site(request: HttpRequest, key: str) -> HeritageSite:
    return selectors.site_detail(user=request.user, key=key)


@require_http_methods(["GET", "POST"])
def site_form(request: HttpRequest, key: str | None = None) -> HttpResponse:
    """Add a heritage site or edit one, with its danger-list years and its components."""
    if (response := editors_only(request)) is not None:
        return response
    record = _site(request, key) if key else None
    data = request.POST or None
    form = HeritageSiteForm(data, user=request.user, record=record)
    danger = DangerListingFormSet(
        data, prefix="danger", initial=danger_rows(record) if record else None
    )
    parts = ComponentFormSet(
        data,
        prefix="components",
        initial=component_rows(record) if record else None,
        form_kwargs={"user": request.user},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and all([danger.is_valid(), parts.is_valid()])  # both checked, errors shown on both
    ):
        answers = list(record.answers.all()) if record is not None else []
        try:
            site, changed = services.heritage_site_upsert(
                actor=request.user,
                danger_list=danger.rows(),
                components=parts.rows(),
                answers=answers,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _show_errors(
                form,
                error,
                row_fields={"year", "key", "rebuilt_on", "state", "count", "destroyed_on"},
            )
        else:
            url = reverse("situation-site", args=[site.key])
            return _saved(request, url, changed, created=record is None)
    return _page(
        request,
        "situation/edit_with_rows.html",
        form=form,
        formsets=[(_("On the List of World Heritage in Danger"), danger), (_("Parts"), parts)],
        title=_("Edit the heritage site “%(name)s”") % {"name": record.name}
        if record
        else _("Add a heritage site"),
        action=request.path,
        back=reverse("situation-site", args=[record.key])
        if record
        else reverse("situation-heritage"),
    )

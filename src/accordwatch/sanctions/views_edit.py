"""Editors change the sanctions records by hand: a regime's fields in our words and the
decisions it answers, an entry's summary and actor, who may see either, and the body's own
lists (create one; add, amend, delist and relist its entries).

Like the other pages, these parse input and call selectors and services. The role is
checked first, so a reader learns nothing about which records exist; then the record is
looked up with the editor's own visibility (a missing one is a 404); the service checks the
role again and writes one audit event.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accordwatch.commitments.forms import PublicationForm, apply_service_errors
from accordwatch.commitments.services import publication_set
from accordwatch.incidents.views_edit import editors_only
from accordwatch.sanctions import own_lists, selectors, services
from accordwatch.sanctions.forms import EntryNotesForm, ListingForm, OwnEntryForm, RegimeForm
from accordwatch.sanctions.models import Entry, Regime


def _regime(user: Any, key: str) -> Regime:
    regime = selectors.regime_for(user, key)
    if regime is None:
        raise Http404("no such regime")
    return regime


def _entry(user: Any, reference: str, *, own: bool = False) -> Entry:
    entry = selectors.entry_for(user, reference)
    if entry is None or (own and not entry.regime.is_own):
        raise Http404("no such entry")
    return entry


def _regime_url(regime: Regime) -> str:
    return reverse("sanctions-regime", args=[regime.key])


def _entry_url(entry: Entry) -> str:
    return reverse("sanctions-entry", args=[entry.reference_number])


def _page(request: HttpRequest, template: str, form: Any, **context: Any) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, **context}, status=status)


def _saved(request: HttpRequest, changed: bool) -> None:
    messages.success(request, _("Changes saved.") if changed else _("Nothing to save: no change."))


# --- regimes ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def own_regime_new(request: HttpRequest) -> HttpResponse:
    """Create one of the body's own lists."""
    if (response := editors_only(request)) is not None:
        return response
    form = RegimeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            regime = own_lists.own_regime_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("List created: add its entries."))
            return redirect(_regime_url(regime))
    return _page(
        request,
        "sanctions/edit_regime.html",
        form,
        title=_("A list of the body's own"),
        action=reverse("sanctions-own-regime-new"),
        back=reverse("sanctions-regime-list"),
    )


@require_http_methods(["GET", "POST"])
def regime_edit(request: HttpRequest, key: str) -> HttpResponse:
    if (response := editors_only(request)) is not None:
        return response
    regime = _regime(request.user, key)
    form = RegimeForm(request.POST or None, user=request.user, regime=regime)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.regime_edit(actor=request.user, regime=regime, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            _saved(request, changed)
            return redirect(_regime_url(regime))
    return _page(
        request,
        "sanctions/edit_regime.html",
        form,
        title=_("Edit the regime %(name)s") % {"name": regime.name},
        action=reverse("sanctions-regime-edit", args=[regime.key]),
        back=_regime_url(regime),
        regime=regime,
        publication=_publication_panel(
            regime, reverse("sanctions-regime-publication", args=[regime.key])
        ),
    )


def _publication_panel(record: Any, action: str) -> dict[str, Any]:
    """The who-may-see-it form beside an edit form, filled with the record's settings."""
    initial = {
        "confidentiality": record.confidentiality,
        "publication_state": record.publication_state,
    }
    return {"form": PublicationForm(initial=initial), "action": action}


def _publication_form(request: HttpRequest) -> PublicationForm | HttpResponse:
    form = PublicationForm(request.POST)
    if not form.is_valid():
        # The page offers valid choices only: this is a hand-made request.
        return HttpResponseBadRequest(
            form.errors.as_text(), content_type="text/plain; charset=utf-8"
        )
    return form


@require_POST
def regime_publication(request: HttpRequest, key: str) -> HttpResponse:
    editors_only(request)
    regime = _regime(request.user, key)
    form = _publication_form(request)
    if isinstance(form, HttpResponse):
        return form
    publication_set(
        actor=request.user,
        record=regime,
        confidentiality=form.cleaned_data["confidentiality"] or None,
        publication_state=form.cleaned_data["publication_state"] or None,
    )
    messages.success(request, _("Visibility saved."))
    return redirect(_regime_url(regime))


# --- any entry: notes and who may see it -------------------------------------------------


@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, reference: str) -> HttpResponse:
    """The body's own notes on an entry (summary, actor) and who may see it."""
    if (response := editors_only(request)) is not None:
        return response
    entry = _entry(request.user, reference)
    form = EntryNotesForm(request.POST or None, user=request.user, entry=entry)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.entry_annotate(
                actor=request.user,
                entry=entry,
                summary=form.cleaned_data["summary"],
                linked=form.cleaned_data["actor"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            _saved(request, changed)
            return redirect(_entry_url(entry))
    return _page(
        request,
        "sanctions/edit_entry.html",
        form,
        title=_("Notes on %(reference)s") % {"reference": entry.reference_number},
        action=reverse("sanctions-entry-edit", args=[entry.reference_number]),
        back=_entry_url(entry),
        entry=entry,
        publication=_publication_panel(
            entry, reverse("sanctions-entry-publication", args=[entry.reference_number])
        ),
    )


@require_POST
def entry_publication(request: HttpRequest, reference: str) -> HttpResponse:
    """Publish, withdraw or hold back an entry (imports keep the choice)."""
    editors_only(request)
    entry = _entry(request.user, reference)
    form = _publication_form(request)
    if isinstance(form, HttpResponse):
        return form
    services.entry_publication_set(
        actor=request.user,
        entry=entry,
        confidentiality=form.cleaned_data["confidentiality"] or entry.confidentiality,
        publication_state=form.cleaned_data["publication_state"] or entry.publication_state,
    )
    messages.success(request, _("Visibility saved."))
    return redirect(_entry_url(entry))


# --- entries of the body's own lists ---------------------------------------------------


@require_http_methods(["GET", "POST"])
def own_entry_new(request: HttpRequest, key: str) -> HttpResponse:
    if (response := editors_only(request)) is not None:
        return response
    regime = _regime(request.user, key)
    if not regime.is_own:
        raise Http404("entries are added by hand to the body's own lists only")
    form = OwnEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry, _changed = own_lists.own_entry_save(
                actor=request.user, regime=regime, **form.service_values()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except IntegrityError:
            # Another editor added an entry a moment before and took the reference number:
            # nothing was written.
            form.add_error(None, _("Another entry was added a moment ago; save again."))
        else:
            messages.success(
                request, _("Entry %(reference)s added.") % {"reference": entry.reference_number}
            )
            return redirect(_entry_url(entry))
    return _page(
        request,
        "sanctions/edit_own_entry.html",
        form,
        title=_("Add an entry to %(name)s") % {"name": regime.name},
        action=reverse("sanctions-own-entry-new", args=[regime.key]),
        back=_regime_url(regime),
    )


@require_http_methods(["GET", "POST"])
def own_entry_amend(request: HttpRequest, reference: str) -> HttpResponse:
    if (response := editors_only(request)) is not None:
        return response
    entry = _entry(request.user, reference, own=True)
    form = OwnEntryForm(request.POST or None, entry=entry)
    if request.method == "POST" and form.is_valid():
        try:
            _entry_saved, changed = own_lists.own_entry_save(
                actor=request.user, regime=entry.regime, entry=entry, **form.service_values()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            _saved(request, changed)
            return redirect(_entry_url(entry))
    return _page(
        request,
        "sanctions/edit_own_entry.html",
        form,
        title=_("Amend %(reference)s") % {"reference": entry.reference_number},
        action=reverse("sanctions-own-entry-amend", args=[entry.reference_number]),
        back=_entry_url(entry),
        entry=entry,
    )


@require_http_methods(["GET", "POST"])
def own_entry_listing(request: HttpRequest, reference: str) -> HttpResponse:
    """Delist a listed entry of the body's own list, or list a delisted one again."""
    if (response := editors_only(request)) is not None:
        return response
    entry = _entry(request.user, reference, own=True)
    form = ListingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        change = own_lists.own_entry_delist if entry.is_listed else own_lists.own_entry_relist
        try:
            change(actor=request.user, entry=entry, note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Entry delisted.") if entry.is_listed else _("Entry listed again.")
            )
            return redirect(_entry_url(entry))
    title = _("Delist %(reference)s") if entry.is_listed else _("List %(reference)s again")
    return _page(
        request,
        "sanctions/edit_listing.html",
        form,
        title=title % {"reference": entry.reference_number},
        action=reverse("sanctions-own-entry-listing", args=[entry.reference_number]),
        back=_entry_url(entry),
        entry=entry,
    )

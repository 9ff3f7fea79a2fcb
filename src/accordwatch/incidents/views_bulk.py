"""Bulk actions on the incident list: review, then apply.

The list's form posts here with the action and either the ticked incidents or "all that
match these filters" (the list's query string travels with it). The first POST changes
nothing: it shows how many incidents, under which filters, what will happen to them, and
what would block the action. The editor confirms on that page; the selection is then
worked out again and must be the one that was shown (same digest), or the editor is asked
to look again. The service checks the role, applies the action to all or to none, and
audits each incident.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accordwatch.core.permissions import can_edit
from accordwatch.incidents import selectors
from accordwatch.incidents.bulk_forms import SCOPE_ALL, BulkActionForm
from accordwatch.incidents.models import Verification
from accordwatch.incidents.services import ALLOWED_TRANSITIONS
from accordwatch.incidents.services_bulk import BulkAction, incidents_bulk_apply
from accordwatch.incidents.views import IncidentFilterForm

BLOCKERS_SHOWN = 20


def _filter_lines(form: IncidentFilterForm) -> list[tuple[str, str]]:
    """The filters in force, in words ("Region: Kidal"); invalid values were ignored."""
    data = getattr(form, "cleaned_data", {})
    lines = []
    for name, field in form.fields.items():
        value = data.get(name)
        if not value:
            continue
        if hasattr(field, "choices"):
            value = dict(field.choices).get(value, value)
        lines.append((str(field.label), str(value)))
    return lines


def _selection(user: Any, filter_form: IncidentFilterForm, form: BulkActionForm) -> QuerySet:
    """Every incident the filters match, or the ticked ones among them: a ticked id the
    filters do not match (or the editor cannot see) is not part of the selection."""
    incidents = selectors.incident_list(user=user, filters=filter_form.filters()).order_by()
    if form.cleaned_data["scope"] != SCOPE_ALL:
        incidents = incidents.filter(pk__in=form.cleaned_data["incident"])
    return incidents


def _fingerprint(ids: list[int]) -> str:
    return hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()


def _already_done(form: BulkActionForm) -> Q | None:
    """Incidents that already are as the action asks (left alone, not audited)."""
    data = form.cleaned_data
    action = data["action"]
    if action == BulkAction.PUBLISH:
        return Q(publication_state="published")
    if action == BulkAction.UNPUBLISH:
        return Q(publication_state="draft")
    if action == BulkAction.CONFIDENTIALITY:
        return Q(confidentiality=data["confidentiality"])
    if action == BulkAction.VIOLATION_CATEGORY:
        key = data.get("violation_category")
        return Q(violation_category__key=key) if key else Q(violation_category__isnull=True)
    return None


def _blocked(form: BulkActionForm, selection: QuerySet) -> tuple[int, list[str], list[str]]:
    """For a verification step: how many selected incidents are in a status that does not
    allow it, some of their event ids, and the statuses that do allow it."""
    if form.cleaned_data["action"] != BulkAction.VERIFY:
        return 0, [], []
    status = form.cleaned_data["status"]
    allowed_from = [current for current, nexts in ALLOWED_TRANSITIONS.items() if status in nexts]
    blocked = selection.exclude(verification_status__in=allowed_from)
    names = dict(Verification.choices)
    return (
        blocked.count(),
        list(blocked.order_by("event_id").values_list("event_id", flat=True)[:BLOCKERS_SHOWN]),
        [str(names[s]) for s in allowed_from],
    )


@require_POST
def incident_bulk(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_edit(user):
        raise PermissionDenied("Only editors and admins may change incidents.")
    form = BulkActionForm(request.POST)
    query = request.POST.get("filters", "")
    filter_form = IncidentFilterForm(QueryDict(query) or None, user=user)
    filter_form.filters()  # validates: what is invalid is ignored, as on the list
    back = reverse("incident-list") + (f"?{query}" if query else "")
    context: dict[str, Any] = {
        "form": form,
        "back": back,
        "filter_lines": _filter_lines(filter_form),
    }
    if not form.is_valid():
        return render(request, "incidents/bulk_review.html", context, status=400)
    selection = _selection(user, filter_form, form)
    ids = list(selection.order_by("pk").values_list("pk", flat=True))
    fingerprint = _fingerprint(ids)
    confirmed = request.POST.get("confirm") == "1"
    if confirmed and form.cleaned_data["fingerprint"] != fingerprint:
        form.add_error(
            None,
            _(
                "The incidents matching this selection changed since you reviewed it "
                "(they are now %(count)s). Nothing was changed: check again, then confirm."
            )
            % {"count": len(ids)},
        )
    elif confirmed:
        try:
            result = incidents_bulk_apply(actor=user, incident_ids=ids, **form.service_arguments())
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(changed)s incident changed (%(unchanged)s already were as asked).",
                    "%(changed)s incidents changed (%(unchanged)s already were as asked).",
                    result.changed,
                )
                % {"changed": result.changed, "unchanged": result.unchanged},
            )
            return redirect(back)
    scope_all = form.cleaned_data["scope"] == SCOPE_ALL
    hidden = [
        ("scope", form.cleaned_data["scope"]),
        ("filters", query),
        *form.service_arguments().items(),
        ("fingerprint", fingerprint),
        ("confirm", "1"),
        *(("incident", pk) for pk in ([] if scope_all else ids)),
    ]
    already = _already_done(form)
    blocked, blocked_ids, allowed_from = _blocked(form, selection)
    context.update(
        {
            "count": len(ids),
            "hidden": hidden,
            "already": selection.filter(already).count() if already is not None and ids else 0,
            "blocked": blocked,
            "blocked_ids": blocked_ids,
            "allowed_from": allowed_from,
            "action_lines": form.describe(),
            "scope_all": scope_all,
            # Ticked incidents the filters no longer match (or retired since): left out.
            "left_out": 0 if scope_all else len(form.cleaned_data["incident"]) - len(ids),
            "sample": list(
                selection.order_by("-event_date", "-id").values_list("event_id", flat=True)[:10]
            ),
        }
    )
    return render(request, "incidents/bulk_review.html", context)

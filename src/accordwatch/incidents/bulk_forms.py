"""The form of a bulk action on the incident list: which incidents (the ticked ones, or all
that match the list's filters), which action, and what the action needs (a confidentiality
level, a violation category, a verification status with its comment, a reason to retire)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accordwatch.core.models import Confidentiality
from accordwatch.incidents.models import Verification, ViolationCategory
from accordwatch.incidents.services_bulk import BulkAction

SCOPE_SELECTED = "selected"
SCOPE_ALL = "all"

ACTION_LABELS = {
    BulkAction.PUBLISH: _("Publish"),
    BulkAction.UNPUBLISH: _("Withdraw (back to draft)"),
    BulkAction.CONFIDENTIALITY: _("Change the confidentiality"),
    BulkAction.VIOLATION_CATEGORY: _("Set the violation category"),
    BulkAction.VERIFY: _("Move the verification status"),
    BulkAction.RETIRE: _("Retire (withdraw without erasing)"),
}


class _IncidentIdsField(forms.Field):
    """The ticked incidents' ids (the checkboxes of the table, or hidden inputs on the
    confirmation page). Any whole number passes; the view keeps those the filters match."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        try:
            return sorted({int(v) for v in values})
        except (TypeError, ValueError):
            raise forms.ValidationError(_("An incident id is not a number.")) from None


class BulkActionForm(forms.Form):
    scope = forms.ChoiceField(
        choices=[
            (SCOPE_SELECTED, _("The incidents ticked in the table")),
            (SCOPE_ALL, _("All the incidents that match these filters")),
        ],
        initial=SCOPE_SELECTED,
        widget=forms.RadioSelect,
    )
    incident = _IncidentIdsField(required=False)
    # The list's query string (its filters), carried so "all" means what the editor saw.
    filters = forms.CharField(required=False, widget=forms.HiddenInput)
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("", "—"), *ACTION_LABELS.items()],
    )
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"),
        required=False,
        choices=[("", "—"), *Confidentiality.choices],
    )
    violation_category = forms.ChoiceField(label=_("Violation category"), required=False)
    status = forms.ChoiceField(
        label=_("New verification status"),
        required=False,
        choices=[("", "—"), *Verification.choices],
    )
    comment = forms.CharField(
        label=_("Comment (why; kept in each incident's verification log)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(label=_("Reason for retiring"), required=False, max_length=300)
    # A digest of the selection shown on the confirmation page: if the incidents matching
    # the filters changed in between, the editor is asked to look again.
    fingerprint = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["violation_category"].choices = [
            ("", _("None (clear the category)")),
            *((c.key, c.name) for c in ViolationCategory.objects.all()),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        action = data.get("action")
        if action == BulkAction.CONFIDENTIALITY and not data.get("confidentiality"):
            self.add_error("confidentiality", _("Choose the confidentiality level."))
        if action == BulkAction.VERIFY:
            if not data.get("status"):
                self.add_error("status", _("Choose the new verification status."))
            if not (data.get("comment") or "").strip():
                self.add_error("comment", _("Say why: every verification step needs a comment."))
        if action == BulkAction.RETIRE and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why these incidents are retired."))
        if data.get("scope") == SCOPE_SELECTED and not data.get("incident"):
            self.add_error(
                None,
                _("Tick at least one incident, or choose all the incidents the filters match."),
            )
        return data

    def service_arguments(self) -> dict[str, Any]:
        """What ``incidents_bulk_apply`` takes besides the actor and the incidents."""
        data = self.cleaned_data
        return {
            "action": data["action"],
            "confidentiality": data.get("confidentiality") or "",
            "violation_category": data.get("violation_category") or "",
            "status": data.get("status") or "",
            "comment": data.get("comment") or "",
            "reason": data.get("reason") or "",
        }

    def describe(self) -> list[tuple[str, str]]:
        """The action and its settings in words, for the confirmation page."""
        data = self.cleaned_data
        action = data["action"]
        lines = [(str(_("Action")), str(ACTION_LABELS[action]))]
        shown = {
            BulkAction.CONFIDENTIALITY: ["confidentiality"],
            BulkAction.VIOLATION_CATEGORY: ["violation_category"],
            BulkAction.VERIFY: ["status", "comment"],
            BulkAction.RETIRE: ["reason"],
        }.get(action, [])
        for name in shown:
            field = self.fields[name]
            value = data.get(name) or ""
            if isinstance(field, forms.ChoiceField):
                value = str(dict(field.choices).get(value, value))
            lines.append((str(field.label), value))
        return lines

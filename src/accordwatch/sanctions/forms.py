"""Forms of the sanctions editing pages: they parse input; the services decide and write.

Choice lists offer only what the editor may see. Lists of values (nationalities, dates
of birth, aliases, identity documents, addresses) are one a line, as an editor copies them
from a decision; a document's or an address's parts are separated by semicolons.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accordwatch.commitments import selectors as commitment_selectors
from accordwatch.commitments.forms import ProseField
from accordwatch.commitments.models import Commitment
from accordwatch.core.forms import visibility_fields
from accordwatch.core.models import Actor
from accordwatch.sanctions.models import Entry, EntryKind, Regime, RegimeStatus
from accordwatch.sanctions.own_lists import (
    ADDRESS_FIELDS,
    DOCUMENT_FIELDS,
    address_part,
    birth_date_part,
    document_part,
    parse_lines,
    part_line,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LINES = forms.Textarea(attrs={"rows": 3, "dir": "auto"})
GENDERS = [("", _("Not said")), ("Male", _("Male")), ("Female", _("Female"))]


class LinesField(forms.CharField):
    """Several values, one a line; blank lines are dropped."""

    widget = LINES

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class _CommitmentsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.document.title} — {obj.title}" if obj.document_id else obj.title


class _ActorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name_en} ({obj.acronym})" if obj.acronym else obj.name_en


class RegimeForm(forms.Form):
    """A regime's fields in our words and the decisions it answers. ``new`` adds who may
    see one of the body's own lists when it is created."""

    name = forms.CharField(label=_("Name"), max_length=200)
    resolution = forms.CharField(
        label=_("Resolution or decision"),
        max_length=120,
        required=False,
        help_text=_("e.g. 2374 (2017), or the body's decision that set the list up"),
    )
    established_on = forms.DateField(label=_("Established on"), required=False, widget=DATE)
    ended_on = forms.DateField(label=_("Ended on"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=RegimeStatus.choices)
    criteria = ProseField(
        label=_("Designation criteria, in our words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    summary = ProseField(
        label=_("Summary, in our words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    commitments = _CommitmentsChoice(
        label=_("Decisions and commitments it answers"),
        queryset=Commitment.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args: Any, user: Any, regime: Regime | None = None, **kwargs: Any) -> None:
        if regime is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": regime.name,
                "resolution": regime.resolution,
                "established_on": regime.established_on,
                "ended_on": regime.ended_on,
                "status": regime.status,
                "criteria": regime.criteria,
                "summary": regime.summary,
                "commitments": list(regime.links.values_list("commitment_id", flat=True)),
            }
        super().__init__(*args, **kwargs)
        self.fields["commitments"].queryset = (  # type: ignore[attr-defined]
            commitment_selectors.visible_commitments(user=user)
            .select_related("document")
            .order_by("document__title", "key")
        )
        visibility_fields(self, regime)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("established_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("The regime cannot end before it was established."))
        return data


class EntryNotesForm(forms.Form):
    """The body's own notes on any entry: a summary in our words, the actor it is."""

    summary = ProseField(
        label=_("Summary, in our words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )
    actor = _ActorChoice(
        label=_("The actor of the gazetteer it is"),
        queryset=Actor.objects.none(),
        required=False,
        help_text=_("The dossier then shows the incidents attributed to this actor."),
    )

    def __init__(self, *args: Any, user: Any, entry: Entry, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"summary": entry.summary, "actor": entry.actor_id})
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = Actor.objects.visible_to(user).order_by(  # type: ignore[attr-defined]
            "name_en"
        )


def _birth_dates_field() -> LinesField:
    return LinesField(
        label=_("Dates of birth"),
        help_text=_("One a line: a day (1970-05-01), a year (1970) or two years (1960-1965)."),
    )


class OwnEntryForm(forms.Form):
    """An entry of one of the body's own lists, as the editor writes it."""

    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    first_name = forms.CharField(label=_("First name (or the entity's name)"), max_length=120)
    second_name = forms.CharField(label=_("Second name"), max_length=120, required=False)
    third_name = forms.CharField(label=_("Third name"), max_length=120, required=False)
    fourth_name = forms.CharField(label=_("Fourth name"), max_length=120, required=False)
    original_script = forms.CharField(
        label=_("Name in its original script"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    listed_on = forms.DateField(label=_("Listed on"), required=False, widget=DATE)
    gender = forms.ChoiceField(label=_("Gender"), choices=GENDERS, required=False)
    nationalities = LinesField(label=_("Nationalities"), help_text=_("One a line."))
    birth_dates = _birth_dates_field()
    birth_places = LinesField(label=_("Places of birth"), help_text=_("One a line."))
    aliases = LinesField(label=_("Aliases"), help_text=_("One a line."))
    low_aliases = LinesField(
        label=_("Weak aliases"),
        help_text=_("One a line: names that identify the person poorly (they count for less)."),
    )
    documents = LinesField(
        label=_("Identity documents"),
        help_text=_(
            "One a line, its parts separated by semicolons: type; number; issuing country; "
            "date of issue; note. Only the type is required. "
            "Example: Passport; A1234567; Mali; 2015-06-30"
        ),
    )
    addresses = LinesField(
        label=_("Addresses"),
        help_text=_(
            "One a line, its parts separated by semicolons: street; city; state or province; "
            "country; note. Leave a part empty to skip it, keeping its semicolon. "
            "Example: ; Kidal; Kidal region; Mali"
        ),
    )
    note = forms.CharField(
        label=_("Why (the decision, its date)"),
        max_length=500,
        required=False,
        help_text=_("Kept with this version in the entry's history."),
    )

    def __init__(self, *args: Any, entry: Entry | None = None, **kwargs: Any) -> None:
        if entry is not None and "initial" not in kwargs:
            data = entry.data or {}
            aliases = data.get("aliases", [])
            kwargs["initial"] = {
                "kind": entry.kind,
                "first_name": entry.first_name,
                "second_name": entry.second_name,
                "third_name": entry.third_name,
                "fourth_name": entry.fourth_name,
                "original_script": entry.original_script,
                "listed_on": entry.listed_on,
                "gender": entry.gender,
                "nationalities": entry.nationalities,
                "birth_dates": [_date_text(part) for part in entry.birth_dates or []],
                "birth_places": [part.get("city", "") for part in entry.birth_places or []],
                "aliases": [a["name"] for a in aliases if a.get("quality") != "low"],
                "low_aliases": [a["name"] for a in aliases if a.get("quality") == "low"],
                "documents": [part_line(d, DOCUMENT_FIELDS) for d in entry.documents or []],
                "addresses": [part_line(a, ADDRESS_FIELDS) for a in entry.addresses or []],
            }
        super().__init__(*args, **kwargs)
        visibility_fields(self, entry)

    def clean_birth_dates(self) -> list[str]:
        return _checked_lines(self.cleaned_data["birth_dates"], birth_date_part)

    def clean_documents(self) -> list[str]:
        return _checked_lines(self.cleaned_data["documents"], document_part)

    def clean_addresses(self) -> list[str]:
        return _checked_lines(self.cleaned_data["addresses"], address_part)

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["name_parts"] = [
            data.pop(name) for name in ("first_name", "second_name", "third_name", "fourth_name")
        ]
        return data


def _checked_lines(values: list[str], parse: Callable[[str], Any]) -> list[str]:
    """The lines, once each parses: every line that does not is one error on the field (the
    service parses them again, by the same pass, when it saves)."""
    _parts, problems = parse_lines(values, parse)
    if problems:
        raise ValidationError(problems)
    return values


def _date_text(part: dict[str, Any]) -> str:
    if part.get("from_year"):
        return f"{part['from_year']}-{part.get('to_year', '')}"
    return str(part.get("date") or part.get("year") or "")


class ListingForm(forms.Form):
    """Delist an entry of the body's own list, or list it again: the reason is required."""

    note = forms.CharField(
        label=_("Why (the decision, its date)"),
        max_length=500,
        help_text=_("Kept with this version in the entry's history."),
    )

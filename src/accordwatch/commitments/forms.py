"""Forms of the commitments pages: they parse input; the services decide what is valid.

Choice lists only offer what the reading user may see (documents, actors, sources), so a
form never names a record its user could not open.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accordwatch.commitments import selectors
from accordwatch.commitments.models import (
    Clause,
    Commitment,
    CommitmentKind,
    Document,
    DocumentKind,
    Pillar,
    Score,
)
from accordwatch.core.models import Actor, Confidentiality, PublicationState, Source

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError inline: on its field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        form.add_error(None, error)


class ProseField(forms.CharField):
    """Free text from a textarea. Browsers send its line breaks as CRLF; stored text uses LF,
    so an edit that changes nothing compares equal and writes no audit event."""

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        return text.replace("\r\n", "\n").replace("\r", "\n") if text else text


def _fix_for_editing(form: forms.Form) -> None:
    """Editing a record: its key is shown but stays as it is (addresses and imports rely on
    it), and who may see it changes only through the publication control, which is audited
    as a publication rather than hidden in an edit."""
    form.fields["key"].disabled = True
    form.fields["key"].help_text = _("The key cannot change: addresses and imports use it.")
    for name in ("confidentiality", "publication_state"):
        del form.fields[name]


class _VisibilityFields(forms.Form):
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"),
        choices=Confidentiality.choices,
        initial=Confidentiality.INTERNAL,
    )
    publication_state = forms.ChoiceField(
        label=_("Publication"), choices=PublicationState.choices, initial=PublicationState.DRAFT
    )


# --- filters -----------------------------------------------------------------------------

STATUS_CHOICES = [
    ("", _("Any status")),
    ("not_initiated", _("Not initiated")),
    ("minimal", _("Minimal")),
    ("intermediate", _("Intermediate")),
    ("full", _("Full")),
    ("not_applicable", _("Not applicable")),
    ("not_assessed", _("Not assessed")),
]


class CommitmentFilterForm(forms.Form):
    """The list's filters; the same query string drives the CSV download."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    document = forms.ChoiceField(label=_("Document"), required=False)
    pillar = forms.ChoiceField(label=_("Pillar"), required=False)
    actor = forms.ChoiceField(label=_("Responsible"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *CommitmentKind.choices]
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    as_of = forms.DateField(label=_("As of"), required=False, widget=DATE)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [("", _("All documents"))] + [
            (d.key, str(d)) for d in selectors.visible_documents(user=user).order_by("adopted_on")
        ]
        self.fields["pillar"].choices = [("", _("All pillars"))] + [
            (p.key, p.name) for p in Pillar.objects.all()
        ]
        self.fields["actor"].choices = [("", _("Anyone"))] + [
            (a.key, str(a))
            for a in Actor.objects.visible_to(user)
            .filter(commitments__isnull=False)
            .distinct()
            .order_by("name_en")
        ]

    def selector_arguments(self, *, today: dt.date) -> dict[str, Any]:
        # A bad value drops its own filter (the bar shows why), not the others.
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "document": data.get("document") or None,
            "pillar": data.get("pillar") or None,
            "actor": data.get("actor") or None,
            "status": data.get("status") or None,
            "overdue": True if data.get("overdue") else None,
            "kind": data.get("kind") or None,
            "q": (data.get("q") or "").strip() or None,
            "as_of": data.get("as_of") or today,
        }


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), required=False, widget=DATE)

    def as_of_or(self, today: dt.date) -> dt.date:
        if self.is_valid() and self.cleaned_data.get("as_of"):
            return self.cleaned_data["as_of"]
        return today


# --- editor forms ---------------------------------------------------------------------


class ActorChoiceField(forms.ModelMultipleChoiceField):
    """Actors by full name, acronym after it, so the list reads in the order it is sorted."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name_en} ({obj.acronym})" if obj.acronym else obj.name_en


def _source_choices(user: Any) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Sources"),
        queryset=Source.objects.visible_to(user).order_by("title"),
        required=False,
        help_text=_("Hold Ctrl (⌘ on a Mac) to pick several."),
    )


class AssessmentForm(_VisibilityFields):
    as_of = forms.DateField(label=_("As of"), widget=DATE)
    score = forms.TypedChoiceField(
        label=_("Score"),
        choices=[("", _("Not applicable (positions only)")), *Score.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why this score: what happened, and what is still missing."),
    )
    assessor_name = forms.CharField(
        label=_("Assessor, if not you"),
        required=False,
        max_length=200,
        help_text=_("For a judgement taken from a report, e.g. “Independent Observer”."),
    )
    illustrative = forms.BooleanField(
        label=_("Illustrative: no source makes this judgement"), required=False
    )

    def __init__(self, *args: Any, user: Any, commitment: Commitment, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "as_of": dt.date.today(),
                "confidentiality": commitment.confidentiality,
                "publication_state": commitment.publication_state,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["sources"] = _source_choices(user)
        if commitment.kind == CommitmentKind.POSITION:
            self.fields["score"].choices = [("", _("Not applicable"))]
        else:
            self.fields["score"].choices = [("", "—"), *Score.choices]
            self.fields["score"].required = True
        self.order_fields(
            ["as_of", "score", "rationale", "sources", "assessor_name", "illustrative"]
        )


class DocumentForm(_VisibilityFields):
    key = forms.SlugField(
        label=_("Key"),
        max_length=120,
        help_text=_("A short stable name used in addresses and imports, e.g. “apr-2015”."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=400)
    short_title = forms.CharField(label=_("Short title"), max_length=120, required=False)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=120,
        required=False,
        help_text=_("e.g. S/2015/364 or a PA-X number"),
    )
    summary = ProseField(
        label=_("Summary, in our own words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    adopted_on = forms.DateField(label=_("Adopted on"), required=False, widget=DATE)
    in_force_on = forms.DateField(label=_("In force on"), required=False, widget=DATE)
    ended_on = forms.DateField(label=_("Ended on"), required=False, widget=DATE)

    def __init__(
        self, *args: Any, user: Any, record: Document | None = None, **kwargs: Any
    ) -> None:
        """``record``: the document being edited (None to add one)."""
        self.record = record
        if record is not None:
            kwargs["initial"] = {**_document_values(record), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields["sources"] = _source_choices(user)
        self.fields["parties"] = ActorChoiceField(
            label=_("Parties"),
            queryset=Actor.objects.visible_to(user).order_by("name_en"),
            required=False,
        )
        self.order_fields(
            [
                "key",
                "kind",
                "title",
                "short_title",
                "reference",
                "summary",
                "adopted_on",
                "in_force_on",
                "ended_on",
                "parties",
                "sources",
            ]
        )
        if record is not None:
            _fix_for_editing(self)

    def clean_key(self) -> str:
        if self.record is not None:
            return self.record.key
        key = self.cleaned_data["key"]
        if Document.objects.filter(key=key).exists():
            raise ValidationError(_("A document with this key exists already."))
        return key

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        adopted, ended = data.get("adopted_on"), data.get("ended_on")
        if adopted and ended and ended < adopted:
            self.add_error("ended_on", _("A document cannot end before it is adopted."))
        return data


class CommitmentForm(_VisibilityFields):
    key = forms.SlugField(
        label=_("Key"),
        max_length=120,
        help_text=_("A short stable name used in addresses and imports, e.g. “apr-art-57”."),
    )
    document = forms.ModelChoiceField(label=_("Document"), queryset=Document.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = ProseField(
        label=_("Summary, in our own words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=CommitmentKind.choices,
        help_text=_("Actions are scored 0–3; positions are recorded but not scored."),
    )
    pillar = forms.ModelChoiceField(
        label=_("Pillar"), queryset=Pillar.objects.all(), required=False
    )
    theme = forms.CharField(label=_("Theme"), max_length=120, required=False)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    deadline_note = forms.CharField(
        label=_("Deadline as worded"),
        max_length=200,
        required=False,
        help_text=_("e.g. “within 60 days of signature”"),
    )
    weight = forms.DecimalField(
        label=_("Weight"),
        min_value=0.01,
        max_digits=6,
        decimal_places=2,
        initial=1,
        help_text=_("How much this commitment counts in the percentages (1 = normal)."),
    )

    def __init__(
        self, *args: Any, user: Any, record: Commitment | None = None, **kwargs: Any
    ) -> None:
        """``record``: the commitment being edited (None to add one)."""
        self.record = record
        if record is not None:
            kwargs["initial"] = {**_commitment_values(record), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        documents = selectors.visible_documents(user=user).order_by("adopted_on", "title")
        self.fields["document"].queryset = documents
        self.fields["responsible"] = ActorChoiceField(
            label=_("Responsible"),
            queryset=Actor.objects.visible_to(user).order_by("name_en"),
            required=False,
        )
        # Clauses grouped by document; the service checks they belong to the chosen one.
        grouped: dict[str, list[tuple[str, str]]] = {}
        clauses = Clause.objects.filter(document__in=documents).select_related("document")
        for clause in clauses.order_by("document__adopted_on", "document_id", "position", "id"):
            label = f"{clause.ref} {clause.heading}".strip()
            grouped.setdefault(str(clause.document), []).append((str(clause.pk), label))
        self.fields["clauses"] = forms.MultipleChoiceField(
            label=_("Clauses"),
            choices=list(grouped.items()),
            required=False,
            help_text=_("Only clauses of the chosen document."),
        )
        self.fields["sources"] = _source_choices(user)
        self.order_fields(
            [
                "key",
                "document",
                "title",
                "summary",
                "kind",
                "pillar",
                "theme",
                "clauses",
                "responsible",
                "deadline",
                "deadline_note",
                "weight",
                "sources",
            ]
        )
        if record is not None:
            _fix_for_editing(self)

    def clean_key(self) -> str:
        if self.record is not None:
            return self.record.key
        key = self.cleaned_data["key"]
        if Commitment.objects.filter(key=key).exists():
            raise ValidationError(_("A commitment with this key exists already."))
        return key

    def clean_clauses(self) -> list[Clause]:
        ids = [int(pk) for pk in self.cleaned_data.get("clauses") or []]
        return list(Clause.objects.filter(pk__in=ids))


def _document_values(document: Document) -> dict[str, Any]:
    """What the document form shows when editing: the record as stored, links included."""
    return {
        "key": document.key,
        "kind": document.kind,
        "title": document.title,
        "short_title": document.short_title,
        "reference": document.reference,
        "summary": document.summary,
        "adopted_on": document.adopted_on,
        "in_force_on": document.in_force_on,
        "ended_on": document.ended_on,
        "parties": list(document.parties.all()),
        "sources": list(document.sources.all()),
    }


def _commitment_values(commitment: Commitment) -> dict[str, Any]:
    return {
        "key": commitment.key,
        "document": commitment.document,
        "title": commitment.title,
        "summary": commitment.summary,
        "kind": commitment.kind,
        "pillar": commitment.pillar,
        "theme": commitment.theme,
        "clauses": [str(pk) for pk in commitment.clauses.values_list("pk", flat=True)],
        "responsible": list(commitment.responsible.all()),
        "deadline": commitment.deadline,
        "deadline_note": commitment.deadline_note,
        "weight": commitment.weight,
        "sources": list(commitment.sources.all()),
    }


class PublicationForm(forms.Form):
    """Who may see a record. A field left out keeps its value, so one button can publish or
    withdraw without touching the confidentiality."""

    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"), choices=Confidentiality.choices, required=False
    )
    publication_state = forms.ChoiceField(
        label=_("Publication"), choices=PublicationState.choices, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("confidentiality") and not data.get("publication_state"):
            raise ValidationError(_("Choose a confidentiality or a publication state."))
        return data

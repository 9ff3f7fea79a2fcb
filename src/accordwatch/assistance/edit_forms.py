"""Forms of the assistance editing pages: they parse input; the services decide and write.

Choice lists offer only what the editor may see. The services check every flow again
(amount, currency, a rate for the date, which pledge a payment may fulfil), and their
errors come back next to the field they name (``apply_service_errors``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accordwatch.assistance import selectors
from accordwatch.assistance.models import Flow, FlowStatus, Organisation
from accordwatch.commitments import selectors as commitment_selectors
from accordwatch.commitments.forms import DATE, ProseField
from accordwatch.core.forms import visibility_fields
from accordwatch.core.models import Actor, Source

# A new payment's "fulfils" list shows at most this many pledges when no donor is chosen
# yet (the list of a database of 100,000 flows would not fit a page); a pledge's own page
# links to a form with the pledge already chosen.
FULFIL_CHOICES = 300


class _Labelled(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _flow_label(obj) if isinstance(obj, Flow) else str(getattr(obj, "name", obj))


class _LabelledMany(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "title", None) or getattr(obj, "name", obj))


def _flow_label(flow: Flow) -> str:
    words = [
        f"#{flow.pk}",
        flow.source_org.name,
        f"{flow.get_status_display()} {flow.currency} {flow.amount:,.0f}",
        flow.date.isoformat(),
    ]
    if flow.purpose:
        words.append(flow.purpose[:60])
    return " · ".join(words)


def _currency(value: str) -> str:
    return (value or "").strip().upper()


class _CurrencyField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("min_length", 3)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"size": 4, "autocapitalize": "characters"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return _currency(super().to_python(value))


def _fix_key(form: forms.Form, record: Any) -> None:
    if record is not None:
        form.fields["key"].disabled = True
        form.fields["key"].required = False
        form.fields["key"].help_text = _("The key cannot change: addresses and imports use it.")


def _sources_field(user: Any) -> _LabelledMany:
    return _LabelledMany(
        label=_("Sources"),
        queryset=Source.objects.visible_to(user).order_by("title"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


KEY_HELP = _("Lower-case letters, digits and hyphens; it names the record in addresses.")


# --- flows ------------------------------------------------------------------------------


class FlowForm(forms.Form):
    source_org = _Labelled(label=_("Donor (from)"), queryset=Organisation.objects.none())
    destination_org = _Labelled(
        label=_("Recipient (to)"), queryset=Organisation.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=FlowStatus.choices)
    amount = forms.DecimalField(
        label=_("Amount"), min_value=0, max_digits=20, decimal_places=2, localize=False
    )
    currency = _CurrencyField(
        label=_("Currency"), initial="USD", help_text=_("ISO 4217 code, such as USD, EUR, XOF.")
    )
    date = forms.DateField(
        label=_("Date"),
        widget=DATE,
        help_text=_("The amount is converted to USD and EUR at the rates of this date."),
    )
    fulfils = _Labelled(
        label=_("Fulfils"),
        queryset=Flow.objects.none(),
        required=False,
        help_text=_(
            "For a commitment or a payment: the same donor's pledge (or commitment) it "
            "fulfils, in part or in full."
        ),
    )
    commitments = _LabelledMany(
        label=_("Commitments it answers"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("The decisions or commitments this money answers."),
    )
    conference = _Labelled(label=_("Conference"), queryset=None, required=False)
    appeal = _Labelled(label=_("Appeal or plan"), queryset=None, required=False)
    purpose = forms.CharField(label=_("Purpose or plan"), max_length=300, required=False)
    sector = forms.CharField(label=_("Sector"), max_length=120, required=False)
    flow_type = forms.CharField(label=_("Flow type"), max_length=60, required=False)
    country_iso3 = forms.CharField(
        label=_("Country (ISO 3166 alpha-3)"), max_length=3, required=False
    )
    description = ProseField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    sources = forms.Field(required=False)  # replaced in __init__

    def __init__(self, *args: Any, user: Any, record: Flow | None = None, **kwargs: Any) -> None:
        self.record = record
        if record is not None and "initial" not in kwargs:
            kwargs["initial"] = flow_values(record)
        super().__init__(*args, **kwargs)
        organisations = selectors.organisation_list(user=user)
        self.fields["source_org"].queryset = organisations
        self.fields["destination_org"].queryset = organisations
        self.fields["conference"].queryset = selectors.conference_list(user=user)
        self.fields["appeal"].queryset = selectors.appeal_list(user=user)
        self.fields["sources"] = _sources_field(user)
        self._commitment_choices(user)
        self._fulfils_choices(user)
        visibility_fields(self, record)

    def _commitment_choices(self, user: Any) -> None:
        commitments = commitment_selectors.visible_commitments(user=user).select_related("document")
        field = self.fields["commitments"]
        field.queryset = commitments
        grouped: dict[str, list[tuple[str, str]]] = {}
        ordered = commitments.order_by("document__adopted_on", "document_id", "position", "id")
        for commitment in ordered:
            title = commitment.title
            title = title if len(title) <= 120 else title[:119] + "…"
            grouped.setdefault(str(commitment.document), []).append((str(commitment.pk), title))
        field.choices = list(grouped.items())

    def _fulfils_choices(self, user: Any) -> None:
        """Validation accepts any pledge or commitment the editor may see (the service
        then checks the donor); the list shown is the chosen donor's, or the newest."""
        field = self.fields["fulfils"]
        field.queryset = selectors.flows_to_fulfil(user=user)
        donor = self._donor_id()
        shown = list(
            selectors.flows_to_fulfil(user=user, donor_id=donor).exclude(
                pk=self.record.pk if self.record else None
            )[:FULFIL_CHOICES]
        )
        chosen = self._chosen_fulfils()
        if chosen is not None and all(flow.pk != chosen for flow in shown):
            shown += list(field.queryset.filter(pk=chosen))
        field.choices = [("", "—")] + [(str(flow.pk), _flow_label(flow)) for flow in shown]

    def _donor_id(self) -> int | None:
        raw = self.data.get("source_org") if self.is_bound else self.initial.get("source_org")
        raw = getattr(raw, "pk", raw)
        return int(raw) if str(raw or "").isdigit() else None

    def _chosen_fulfils(self) -> int | None:
        raw = self.data.get("fulfils") if self.is_bound else self.initial.get("fulfils")
        raw = getattr(raw, "pk", raw)
        return int(raw) if str(raw or "").isdigit() else None

    def clean_country_iso3(self) -> str:
        code = (self.cleaned_data.get("country_iso3") or "").strip().upper()
        if code and not (len(code) == 3 and code.isalpha()):
            raise ValidationError(_("Three letters, such as MLI."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        fulfils, status = data.get("fulfils"), data.get("status")
        if fulfils is not None and status == FlowStatus.PLEDGE:
            self.add_error("fulfils", _("A pledge fulfils nothing: choose a commitment or paid."))
        return data

    def service_values(self) -> dict[str, Any]:
        """The cleaned form as ``flow_create``'s / ``flow_update``'s keyword arguments."""
        return dict(self.cleaned_data)


def flow_values(flow: Flow) -> dict[str, Any]:
    names = [
        "status",
        "amount",
        "currency",
        "date",
        "purpose",
        "sector",
        "flow_type",
        "country_iso3",
        "description",
    ]
    values: dict[str, Any] = {name: getattr(flow, name) for name in names}
    values.update(
        source_org=flow.source_org_id,
        destination_org=flow.destination_org_id,
        fulfils=flow.fulfils_id,
        conference=flow.conference_id,
        appeal=flow.appeal_id,
        commitments=[c.pk for c in flow.commitments.all()],
        sources=[s.pk for s in flow.sources.all()],
    )
    return values


class FlowDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, remove this flow: it was recorded by mistake."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


# --- reference records ------------------------------------------------------------------


class _KeyedForm(forms.Form):
    """A record found by its key; the key is fixed once the record exists."""

    key = forms.SlugField(label=_("Key"), max_length=120, help_text=KEY_HELP)
    instance_fields: tuple[str, ...] = ()
    has_visibility = True

    def __init__(self, *args: Any, user: Any, record: Any = None, **kwargs: Any) -> None:
        self.record = record
        if record is not None and "initial" not in kwargs:
            kwargs["initial"] = self.values_of(record)
        super().__init__(*args, **kwargs)
        self.fields["sources"] = _sources_field(user)
        _fix_key(self, record)
        if self.has_visibility:
            visibility_fields(self, record)

    def values_of(self, record: Any) -> dict[str, Any]:
        values = {name: getattr(record, name) for name in ("key", *self.instance_fields)}
        values["sources"] = [s.pk for s in record.sources.all()]
        return values

    def clean_key(self) -> str:
        if self.record is not None:
            return str(self.record.key)
        return str(self.cleaned_data["key"]).lower()

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("key", None)
        return data


class OrganisationForm(_KeyedForm):
    name = forms.CharField(label=_("Name"), max_length=300)
    acronym = forms.CharField(label=_("Acronym"), max_length=40, required=False)
    is_donor = forms.BooleanField(label=_("Donor"), required=False)
    is_recipient = forms.BooleanField(label=_("Recipient"), required=False)
    is_implementer = forms.BooleanField(label=_("Implementer"), required=False)
    org_type = forms.CharField(
        label=_("Type"),
        max_length=60,
        required=False,
        help_text=_("IATI organisation type code or FTS type, such as 10 (government)."),
    )
    iati_ref = forms.CharField(label=_("IATI identifier"), max_length=120, required=False)
    fts_id = forms.CharField(label=_("FTS organisation id"), max_length=40, required=False)
    actor = _Labelled(
        label=_("The same party among the actors"),
        queryset=Actor.objects.none(),
        required=False,
        help_text=_("A state or organisation already in the actors, when it is one."),
    )
    sources = forms.Field(required=False)
    instance_fields = (
        "name",
        "acronym",
        "is_donor",
        "is_recipient",
        "is_implementer",
        "org_type",
        "iati_ref",
        "fts_id",
    )
    has_visibility = False

    def __init__(self, *args: Any, user: Any, record: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, record=record, **kwargs)
        self.fields["key"].max_length = 160
        self.fields["actor"].queryset = Actor.objects.visible_to(user).order_by("name_en")
        self.fields["actor"].label_from_instance = lambda actor: actor.name_en  # type: ignore[attr-defined]

    def values_of(self, record: Any) -> dict[str, Any]:
        return super().values_of(record) | {"actor": record.actor_id}

    def service_values(self) -> dict[str, Any]:
        # The service's own ``actor`` is the user acting: the linked party goes by its id.
        data = super().service_values()
        chosen = data.pop("actor", None)
        data["actor_id"] = chosen.pk if chosen is not None else None
        return data


class FundForm(_KeyedForm):
    name = forms.CharField(label=_("Name"), max_length=300)
    organisation = _Labelled(
        label=_("Its organisation in the flows"),
        queryset=Organisation.objects.none(),
        help_text=_(
            "Contributions are flows into this organisation, disbursements flows out of it."
        ),
    )
    target = forms.DecimalField(
        label=_("Target"), min_value=0, max_digits=20, decimal_places=2, required=False
    )
    currency = _CurrencyField(label=_("Currency of the target"), initial="USD")
    established_on = forms.DateField(label=_("Established on"), widget=DATE, required=False)
    summary = ProseField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In our own words."),
    )
    sources = forms.Field(required=False)
    instance_fields = ("name", "target", "currency", "established_on", "summary")

    def __init__(self, *args: Any, user: Any, record: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, record=record, **kwargs)
        self.fields["organisation"].queryset = selectors.organisation_list(user=user)

    def values_of(self, record: Any) -> dict[str, Any]:
        return super().values_of(record) | {"organisation": record.organisation_id}


class ConferenceForm(_KeyedForm):
    name = forms.CharField(label=_("Name"), max_length=300)
    held_on = forms.DateField(label=_("Held on"), widget=DATE, required=False)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    organiser = forms.CharField(label=_("Organiser"), max_length=300, required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)
    requirements = forms.DecimalField(
        label=_("Requirements"), min_value=0, max_digits=20, decimal_places=2, required=False
    )
    requirements_currency = _CurrencyField(label=_("Currency of the requirements"), required=False)
    summary = ProseField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In our own words."),
    )
    sources = forms.Field(required=False)
    instance_fields = (
        "name",
        "held_on",
        "place",
        "organiser",
        "purpose",
        "requirements",
        "requirements_currency",
        "summary",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("requirements") is not None and not data.get("requirements_currency"):
            self.add_error("requirements_currency", _("Give the currency of the requirements."))
        return data


class AppealForm(_KeyedForm):
    name = forms.CharField(label=_("Name"), max_length=300)
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100, required=False)
    fts_plan_id = forms.CharField(label=_("FTS plan id"), max_length=40, required=False)
    requirements_usd = forms.DecimalField(
        label=_("Requirements (USD)"),
        min_value=0,
        max_digits=20,
        decimal_places=2,
        required=False,
    )
    sources = forms.Field(required=False)
    instance_fields = ("name", "year", "fts_plan_id", "requirements_usd")


class ExchangeRateForm(forms.Form):
    currency = _CurrencyField(label=_("Currency"))
    valid_from = forms.DateField(
        label=_("Valid from"),
        widget=DATE,
        help_text=_("Used for flows on this date and after, until the next rate."),
    )
    units_per_usd = forms.DecimalField(
        label=_("Units per US dollar"), min_value=0, max_digits=24, decimal_places=10
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("Who published the rate, and which (for example: ECB annual average)."),
    )


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, acronym or key"), required=False, max_length=100)


class FlowListForm(forms.Form):
    """The flow list's filters. A bad value drops its own filter, not the others."""

    donor = forms.ChoiceField(label=_("Donor"), required=False)
    recipient = forms.ChoiceField(label=_("Recipient"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *FlowStatus.choices]
    )
    conference = forms.ChoiceField(label=_("Conference"), required=False)
    fund = forms.ChoiceField(label=_("Fund"), required=False)
    year = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        donors, recipients = selectors.flow_parties(user=user)
        self.fields["donor"].choices = [("", _("Any donor")), *donors]
        self.fields["recipient"].choices = [("", _("Any recipient")), *recipients]
        self.fields["conference"].choices = [("", _("Any conference"))] + [
            (c.key, c.name) for c in selectors.conference_list(user=user)
        ]
        self.fields["fund"].choices = [("", _("Any fund"))] + [
            (f.key, f.name) for f in selectors.fund_list(user=user)
        ]
        self.fields["year"].choices = [("", _("Any year"))] + [
            (str(y), str(y)) for y in selectors.flow_years(user=user)
        ]

    def filters(self) -> selectors.FlowFilters:
        self.is_valid()
        data = {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value and name not in self.errors
        }
        year = data.pop("year", None)
        if year:
            data["date_from"] = dt.date(int(year), 1, 1)
            data["date_to"] = dt.date(int(year), 12, 31)
        return selectors.FlowFilters(**data)

"""Forms of the situation editing pages: they parse input; the services decide what is valid.

The forms check what they can show next to a field (a row's dates in order, a year given
twice) so an editor sees the problem where it is; the services check the same rules again,
and whatever they refuse is shown on the form too. Choice lists offer only what the editor
may see.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accordwatch.commitments.forms import DATE, ActorChoiceField, ProseField
from accordwatch.core.models import (
    Actor,
    Confidentiality,
    Place,
    PlaceKind,
    PublicationState,
    Source,
)
from accordwatch.situation import selectors
from accordwatch.situation.models import (
    ComponentKind,
    ComponentState,
    DatePrecision,
    HeritageSite,
    Indicator,
    InterimAdministration,
    Observation,
    PlaceRole,
)

FIGURE_PLACE_KINDS = (PlaceKind.COUNTRY, PlaceKind.ADMIN1, PlaceKind.ADMIN2)

# Words of the editing addresses (situation/heritage/new/ …) that a key may not take.
RESERVED_KEYS = {"new", "edit", "print"}


class _Visibility(forms.Form):
    """Who may see the record. The situation pages have no separate publication control,
    so the edit form carries it; a change is in the record's own audit event."""

    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"),
        choices=Confidentiality.choices,
        initial=Confidentiality.INTERNAL,
    )
    publication_state = forms.ChoiceField(
        label=_("Publication"), choices=PublicationState.choices, initial=PublicationState.DRAFT
    )


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


def _sources(user: Any, *, required: bool = False) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Sources"),
        queryset=Source.objects.visible_to(user).order_by("title"),
        required=required,
        help_text=_("Hold Ctrl (⌘ on a Mac) to pick several."),
    )


def _actors(user: Any, label: Any) -> ActorChoiceField:
    return ActorChoiceField(
        label=label, queryset=Actor.objects.visible_to(user).order_by("name_en"), required=False
    )


def _single_actor(user: Any, label: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label, queryset=Actor.objects.visible_to(user).order_by("name_en"), required=False
    )


class _KeyedForm(_Visibility):
    """A record found by its key: the key is chosen once, then shown but fixed."""

    model: Any = None  # the record's model, set by each form
    exists_message: Any = ""

    def __init__(self, *args: Any, record: Any = None, **kwargs: Any) -> None:
        self.record = record
        super().__init__(*args, **kwargs)
        if record is not None:
            self.fields["key"].disabled = True
            self.fields["key"].help_text = _("The key cannot change: addresses and imports use it.")

    def clean_key(self) -> str:
        if self.record is not None:
            return self.record.key
        key = self.cleaned_data["key"]
        if key in RESERVED_KEYS:
            raise ValidationError(_("This word is kept for the pages’ addresses."))
        if self.model.objects.filter(key=key).exists():
            raise ValidationError(self.exists_message)
        return key


# --- indicators and figures -----------------------------------------------------------


class IndicatorForm(_KeyedForm):
    model = Indicator
    exists_message = _("An indicator with this key exists already.")

    key = forms.SlugField(
        label=_("Key"), max_length=60, help_text=_("A short stable code, e.g. “idps”.")
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=60, initial="people")
    definition = ProseField(
        label=_("Definition, in our own words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    place_role = forms.ChoiceField(
        label=_("The place of a figure is"),
        choices=PlaceRole.choices,
        initial=PlaceRole.LOCATION,
    )
    origin = PlaceChoiceField(
        label=_("Country of origin"),
        queryset=Place.objects.filter(kind=PlaceKind.COUNTRY).order_by("name"),
        required=False,
        help_text=_("For refugees: the country they fled."),
    )
    hxl_tag = forms.CharField(
        label=_("HXL hashtag"),
        max_length=80,
        required=False,
        help_text=_("Used in the HXL download, e.g. “#affected+idps”."),
    )
    position = forms.IntegerField(
        label=_("Order on the pages"), min_value=0, initial=0, help_text=_("Smaller first.")
    )

    def __init__(self, *args: Any, user: Any, record: Indicator | None = None, **kw: Any) -> None:
        if record is not None:
            kw["initial"] = {**indicator_values(record), **kw.get("initial", {})}
        super().__init__(*args, record=record, **kw)
        self.fields["sources"] = _sources(user)

    def clean_hxl_tag(self) -> str:
        tag = self.cleaned_data["hxl_tag"].strip()
        if tag and not tag.startswith("#"):
            raise ValidationError(_("An HXL hashtag starts with “#”."))
        return tag


def indicator_values(indicator: Indicator) -> dict[str, Any]:
    return {
        "key": indicator.key,
        "name": indicator.name,
        "unit": indicator.unit,
        "definition": indicator.definition,
        "place_role": indicator.place_role,
        "origin": indicator.origin,
        "hxl_tag": indicator.hxl_tag,
        "position": indicator.position,
        "sources": list(indicator.sources.all()),
        "confidentiality": indicator.confidentiality,
        "publication_state": indicator.publication_state,
    }


class ObservationForm(_Visibility):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    place = PlaceChoiceField(
        label=_("Place"),
        queryset=Place.objects.order_by("name", "kind"),
        help_text=_("Where the people are, or the host country for refugees."),
    )
    date = forms.DateField(label=_("Date"), widget=DATE)
    date_precision = forms.ChoiceField(
        label=_("Date known to the"),
        choices=DatePrecision.choices,
        initial=DatePrecision.DAY,
        help_text=_("A figure “as of March 2017” is dated 2017-03-31, known to the month."),
    )
    value = forms.IntegerField(label=_("Figure"), min_value=0)
    source = forms.ModelChoiceField(label=_("Source"), queryset=Source.objects.none())
    note = forms.CharField(label=_("Note"), max_length=400, required=False)

    def __init__(self, *args: Any, user: Any, record: Observation | None = None, **kw: Any) -> None:
        if record is not None:
            kw["initial"] = {**observation_values(record), **kw.get("initial", {})}
        super().__init__(*args, **kw)
        self.fields["indicator"].queryset = selectors.visible_indicators(user=user)
        # Figures are counted for countries and regions; the incident imports fill the
        # gazetteer with thousands of localities, which would swamp the list. A figure
        # already recorded at a smaller place keeps it.
        areas = Q(kind__in=FIGURE_PLACE_KINDS)
        if record is not None:
            areas |= Q(pk=record.place_id)
        self.fields["place"].queryset = Place.objects.filter(areas).order_by("name", "kind")
        self.fields["source"].queryset = Source.objects.visible_to(user).order_by("title")


def observation_values(observation: Observation) -> dict[str, Any]:
    return {
        "indicator": observation.indicator,
        "place": observation.place,
        "date": observation.date,
        "date_precision": observation.date_precision,
        "value": observation.value,
        "source": observation.source,
        "note": observation.note,
        "confidentiality": observation.confidentiality,
        "publication_state": observation.publication_state,
    }


# --- interim administrations ----------------------------------------------------------


class InterimAdministrationForm(_KeyedForm):
    model = InterimAdministration
    exists_message = _("An interim administration with this key exists already.")

    key = forms.SlugField(
        label=_("Key"), max_length=120, help_text=_("A short stable code, e.g. “kidal”.")
    )
    region = PlaceChoiceField(
        label=_("Region"), queryset=Place.objects.filter(kind=PlaceKind.ADMIN1).order_by("name")
    )
    installed_on = forms.DateField(label=_("Installed on"), required=False, widget=DATE)
    installed_note = forms.CharField(
        label=_("About the installation"),
        max_length=300,
        required=False,
        help_text=_("e.g. “installed without the governor”"),
    )
    ended_on = forms.DateField(label=_("Ended on"), required=False, widget=DATE)
    head_name = forms.CharField(
        label=_("Head, as named"),
        max_length=200,
        required=False,
        help_text=_("When the head is not among the actors."),
    )
    note = ProseField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self, *args: Any, user: Any, record: InterimAdministration | None = None, **kw: Any
    ) -> None:
        if record is not None:
            kw["initial"] = {**administration_values(record), **kw.get("initial", {})}
        super().__init__(*args, record=record, **kw)
        if record is not None:  # a region recorded otherwise than as an admin-1 keeps it
            regions = Q(kind=PlaceKind.ADMIN1) | Q(pk=record.region_id)
            self.fields["region"].queryset = Place.objects.filter(regions).order_by("name")
        self.fields["head"] = _single_actor(user, _("Head"))
        self.fields["affiliation"] = _single_actor(user, _("Affiliation"))
        self.fields["sources"] = _sources(user)
        self.order_fields(
            [
                "key",
                "region",
                "installed_on",
                "installed_note",
                "ended_on",
                "head",
                "head_name",
                "affiliation",
                "note",
                "sources",
            ]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        installed, ended = data.get("installed_on"), data.get("ended_on")
        if installed and ended and ended < installed:
            self.add_error("ended_on", _("An administration cannot end before it is installed."))
        return data


def administration_values(administration: InterimAdministration) -> dict[str, Any]:
    return {
        "key": administration.key,
        "region": administration.region,
        "installed_on": administration.installed_on,
        "installed_note": administration.installed_note,
        "ended_on": administration.ended_on,
        "head": administration.head,
        "head_name": administration.head_name,
        "affiliation": administration.affiliation,
        "note": administration.note,
        "sources": list(administration.sources.all()),
        "confidentiality": administration.confidentiality,
        "publication_state": administration.publication_state,
    }


class BlockedPeriodForm(forms.Form):
    blocked_from = forms.DateField(label=_("Blocked from"), widget=DATE)
    blocked_to = forms.DateField(
        label=_("Until"), required=False, widget=DATE, help_text=_("Empty: still blocked.")
    )
    reason = forms.CharField(label=_("Reason"), max_length=400, required=False)
    unverified = forms.BooleanField(label=_("Date unverified"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("blocked_from"), data.get("blocked_to")
        if start and end and end < start:
            self.add_error("blocked_to", _("A blocked period cannot end before it starts."))
        return data


class _RowsFormSet(forms.BaseFormSet):
    """Rows given whole with their parent: the kept rows' values, in the order shown."""

    def rows(self) -> list[dict[str, Any]]:
        return [
            {name: value for name, value in form.cleaned_data.items() if name != "DELETE"}
            for form in self._kept()
        ]

    def _kept(self) -> list[forms.Form]:
        # An added row left blank comes back with no cleaned data (Django skips it); a
        # stored row shown unchanged comes back whole and is kept.
        return [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not self._should_delete_form(form)
        ]

    def _once_each(self, field: str, message: Any) -> None:
        """A value that two kept rows share is marked on the second."""
        seen: set[Any] = set()
        for form in self._kept():
            value = form.cleaned_data.get(field)
            if value in seen:
                form.add_error(field, message)
            seen.add(value)


BlockedPeriodFormSet = forms.formset_factory(
    BlockedPeriodForm, formset=_RowsFormSet, extra=1, can_delete=True
)


def blocked_period_rows(administration: InterimAdministration) -> list[dict[str, Any]]:
    return [
        {
            "blocked_from": p.blocked_from,
            "blocked_to": p.blocked_to,
            "reason": p.reason,
            "unverified": p.unverified,
        }
        for p in administration.blocked_periods.all()
    ]


# --- heritage sites -------------------------------------------------------------------


class HeritageSiteForm(_KeyedForm):
    model = HeritageSite
    exists_message = _("A heritage site with this key exists already.")

    key = forms.SlugField(
        label=_("Key"), max_length=120, help_text=_("A short stable code, e.g. “timbuktu”.")
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    unesco_id = forms.CharField(
        label=_("UNESCO id"),
        max_length=20,
        required=False,
        help_text=_("The number on the World Heritage List, e.g. 119."),
    )
    inscribed_year = forms.IntegerField(
        label=_("Inscribed in"), min_value=1900, max_value=2200, required=False
    )
    place = PlaceChoiceField(
        label=_("Place"), queryset=Place.objects.order_by("name", "kind"), required=False
    )
    description = ProseField(
        label=_("Description, in our own words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, user: Any, record: HeritageSite | None = None, **kw: Any
    ) -> None:
        if record is not None:
            kw["initial"] = {**site_values(record), **kw.get("initial", {})}
        super().__init__(*args, record=record, **kw)
        self.fields["institutions"] = _actors(user, _("Responsible institutions"))
        self.fields["institutions"].help_text = _(
            "Those who restore or protect it, e.g. UNESCO, ISESCO, IRCICA."
        )
        self.fields["sources"] = _sources(user)
        self.order_fields(
            ["key", "name", "unesco_id", "inscribed_year", "place", "description", "institutions"]
        )


def site_values(site: HeritageSite) -> dict[str, Any]:
    return {
        "key": site.key,
        "name": site.name,
        "unesco_id": site.unesco_id,
        "inscribed_year": site.inscribed_year,
        "place": site.place,
        "description": site.description,
        "institutions": list(site.institutions.all()),
        "sources": list(site.sources.all()),
        "confidentiality": site.confidentiality,
        "publication_state": site.publication_state,
    }


class DangerListingForm(forms.Form):
    year = forms.IntegerField(label=_("From the year"), min_value=1900, max_value=2200)
    in_danger = forms.BooleanField(
        label=_("On the danger list"),
        required=False,
        initial=True,
        help_text=_("Unticked: taken off the list that year."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class _DangerFormSet(_RowsFormSet):
    def clean(self) -> None:
        super().clean()
        self._once_each("year", _("This year is given twice."))


DangerListingFormSet = forms.formset_factory(
    DangerListingForm, formset=_DangerFormSet, extra=1, can_delete=True
)


def danger_rows(site: HeritageSite) -> list[dict[str, Any]]:
    return [
        {"year": row.year, "in_danger": row.in_danger, "note": row.note}
        for row in site.danger_list.all()
    ]


class ComponentForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=120)
    name = forms.CharField(label=_("Name"), max_length=200)
    # A blank first choice, so a row added and left empty reads as unchanged.
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *ComponentKind.choices])
    count = forms.IntegerField(label=_("How many"), min_value=1, initial=1)
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("From the dates")), *ComponentState.choices],
        required=False,
    )
    destroyed_on = forms.DateField(label=_("Destroyed on"), required=False, widget=DATE)
    destroyed_precision = forms.ChoiceField(
        label=_("known to the"), choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    rebuilt_on = forms.DateField(label=_("Rebuilt on"), required=False, widget=DATE)
    rebuilt_precision = forms.ChoiceField(
        label=_("known to the"), choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    note = forms.CharField(label=_("Note"), max_length=400, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sources"] = _sources(user)
        self.fields["sources"].help_text = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        destroyed, rebuilt = data.get("destroyed_on"), data.get("rebuilt_on")
        if destroyed and rebuilt and rebuilt < destroyed:
            self.add_error("rebuilt_on", _("A part cannot be rebuilt before it is destroyed."))
        if rebuilt and data.get("state") not in ("", None, ComponentState.REBUILT):
            self.add_error("state", _("A part with a rebuilding date is rebuilt."))
        return data


class _ComponentFormSet(_RowsFormSet):
    def clean(self) -> None:
        super().clean()
        self._once_each("key", _("Two parts cannot have the same key."))


ComponentFormSet = forms.formset_factory(
    ComponentForm, formset=_ComponentFormSet, extra=1, can_delete=True
)


def component_rows(site: HeritageSite) -> list[dict[str, Any]]:
    return [
        {
            "key": part.key,
            "name": part.name,
            "kind": part.kind,
            "count": part.count,
            "state": part.state,
            "destroyed_on": part.destroyed_on,
            "destroyed_precision": part.destroyed_precision,
            "rebuilt_on": part.rebuilt_on,
            "rebuilt_precision": part.rebuilt_precision,
            "note": part.note,
            "sources": list(part.sources.all()),
        }
        for part in site.components.all()
    ]

"""Forms of the incident editing pages: they parse input; the services decide and write.

Choice lists offer only what the editor may see. A point is checked against the country's
regions, the polygons the map draws (geo.py), so the page's warning and the stored flag
agree: latitude and longitude that look swapped are refused, a point outside the regions is
kept and flagged (the flag is shown on the incident's page). A country we ship no polygons
for is checked against its box, as the importers check every country.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accordwatch.commitments import selectors as commitment_selectors
from accordwatch.commitments.forms import ProseField
from accordwatch.commitments.models import Clause
from accordwatch.core.models import (
    Actor,
    Confidentiality,
    Place,
    PlaceKind,
    PublicationState,
    Source,
)
from accordwatch.incidents import geo, services
from accordwatch.incidents.importers import countries
from accordwatch.incidents.importers import vocabulary as vocab
from accordwatch.incidents.models import (
    Confidence,
    EventType,
    Incident,
    TypeLevel,
    Verification,
    ViolationCategory,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The country a new incident is in unless the editor says otherwise; the map's polygons
# (static/geo) are this country's regions.
DEFAULT_COUNTRY = "Mali"
# The flag a point outside its country gets; its beginning tells it apart from the other
# import flags, so an edit that moves the point replaces it.
POINT_FLAG_START = "the point ("

TIME_PRECISION = [
    (1, _("The day is known")),
    (2, _("Within a week")),
    (3, _("Within a month")),
]
# ACLED's words for how far a source reaches, offered as suggestions (any text is kept: the
# imports store what the file says).
SOURCE_SCALES = (
    "Local partner",
    "Subnational",
    "National",
    "Regional",
    "International",
    "New media",
    "Other",
)
GEO_PRECISION = [
    ("", _("Not said")),
    (1, _("The place itself")),
    (2, _("Near the place (its district)")),
    (3, _("The region only")),
]


class _ActorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name_en} ({obj.acronym})" if obj.acronym else obj.name_en


class _ActorsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name_en} ({obj.acronym})" if obj.acronym else obj.name_en


class _PlaceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


def places_for_picking() -> Any:
    """The gazetteer entries an incident can be placed at (countries are too coarse)."""
    return Place.objects.exclude(kind=PlaceKind.COUNTRY).order_by("name", "kind")


def _region_of(place: Place) -> Place | None:
    """The admin-1 region a place lies in (itself if it is one)."""
    seen = 0
    while place is not None and seen < 10:
        if place.kind == PlaceKind.ADMIN1:
            return place
        place, seen = place.parent, seen + 1
    return None


def point_check(country: str, latitude: float, longitude: float) -> tuple[str | None, str | None]:
    """(error, flag) for a point in ``country``: an error when the coordinates look swapped,
    a flag when the point lies outside the country's regions (or its box, for a country we
    have no polygons for); (None, None) when it is inside or the country is not one the
    table knows."""
    known = countries.country_named(country) if country else None
    if known is None:
        return None, None
    regions = geo.country_regions(known.iso3)
    if regions is not None:
        placed, outline = geo.place_point(regions, latitude, longitude), "regions"
    else:
        placed, outline = countries.place_point(known, latitude, longitude), "bounding box"
    if placed == countries.SWAPPED:
        return (
            _(
                "Latitude and longitude look swapped: (%(lat)s, %(lon)s) is outside "
                "%(country)s, (%(lon)s, %(lat)s) is inside."
            )
            % {"lat": latitude, "lon": longitude, "country": known.name},
            None,
        )
    if placed == countries.OUTSIDE:
        flag = f"{POINT_FLAG_START}{latitude}, {longitude}) is outside {known.name}'s {outline}"
        return None, flag
    return None, None


class IncidentForm(forms.Form):
    """An incident's own fields. ``record`` is the incident being edited (None for a new
    one); its event id and visibility are then fixed here (visibility changes go through
    the publication control, audited as a publication)."""

    event_id = forms.CharField(
        label=_("Event id"),
        max_length=40,
        required=False,
        help_text=_("Leave empty for the next id of the year, e.g. MON-2017-0004."),
    )
    event_date = forms.DateField(label=_("Date"), widget=DATE)
    event_date_end = forms.DateField(
        label=_("Last day, if it lasted several days"), required=False, widget=DATE
    )
    time_precision = forms.TypedChoiceField(
        label=_("How precise the date is"), choices=TIME_PRECISION, coerce=int, initial=1
    )
    event_type = forms.ModelChoiceField(label=_("Event type"), queryset=EventType.objects.none())
    sub_event_type = forms.ModelChoiceField(
        label=_("Sub-event type"), queryset=EventType.objects.none(), required=False
    )
    violation_category = forms.ModelChoiceField(
        label=_("Violation category"),
        queryset=ViolationCategory.objects.all(),
        required=False,
        help_text=_("Leave empty for an incident that is not an alleged violation."),
    )
    clause = forms.ModelChoiceField(
        label=_("Clause allegedly violated"), queryset=Clause.objects.none(), required=False
    )
    actor1 = _ActorChoice(label=_("Actor 1"), queryset=Actor.objects.none(), required=False)
    actor2 = _ActorChoice(label=_("Actor 2"), queryset=Actor.objects.none(), required=False)
    associated_actors = _ActorsChoice(
        label=_("Associated actors"),
        queryset=Actor.objects.none(),
        required=False,
        help_text=_("Groups fighting beside actor 1 or 2. Hold Ctrl (⌘ on a Mac) for several."),
    )
    civilian_targeting = forms.BooleanField(label=_("Civilians were targeted"), required=False)
    place = _PlaceChoice(
        label=_("Place in the gazetteer"),
        queryset=Place.objects.none(),
        required=False,
        help_text=_("Fills the region, the location and the point when they are empty."),
    )
    country = forms.CharField(label=_("Country"), max_length=120, initial=DEFAULT_COUNTRY)
    admin1 = forms.CharField(label=_("Region (admin 1)"), max_length=120, required=False)
    admin2 = forms.CharField(label=_("Cercle / district (admin 2)"), max_length=120, required=False)
    admin3 = forms.CharField(label=_("Commune (admin 3)"), max_length=120, required=False)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    latitude = forms.FloatField(
        label=_("Latitude"),
        min_value=-90,
        max_value=90,
        required=False,
        widget=forms.NumberInput(attrs={"step": "any"}),
        help_text=_("Click the map or drag its marker; typing moves the marker."),
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        min_value=-180,
        max_value=180,
        required=False,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    geo_precision = forms.TypedChoiceField(
        label=_("How precise the point is"),
        choices=GEO_PRECISION,
        coerce=int,
        empty_value=None,
        required=False,
    )
    fatalities = forms.IntegerField(
        label=_("Fatalities"),
        min_value=0,
        required=False,
        help_text=_("Leave empty when unknown; 0 means nobody died."),
    )
    fatalities_low = forms.IntegerField(
        label=_("Fatalities, low estimate"), min_value=0, required=False
    )
    fatalities_high = forms.IntegerField(
        label=_("Fatalities, high estimate"), min_value=0, required=False
    )
    source = forms.CharField(
        label=_("Reported by"),
        max_length=2000,
        required=False,
        help_text=_("Who reported it, as it may be shown (e.g. “MINUSMA; local radio”)."),
    )
    source_scale = forms.CharField(
        label=_("Source scale"),
        max_length=200,
        required=False,
        help_text=_("How far the reporting reaches, as ACLED says it: Local, National, …"),
        widget=forms.TextInput(attrs={"list": "source-scales"}),
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=2000,
        required=False,
        help_text=_("Separated by semicolons, as in ACLED (e.g. “women targeted: girls”)."),
    )
    notes = ProseField(
        label=_("Notes, in our own words"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    sources = forms.ModelMultipleChoiceField(
        label=_("Sources"),
        queryset=Source.objects.none(),
        required=False,
        help_text=_("Hold Ctrl (⌘ on a Mac) to pick several."),
    )
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"),
        choices=Confidentiality.choices,
        initial=Confidentiality.INTERNAL,
    )
    publication_state = forms.ChoiceField(
        label=_("Publication"), choices=PublicationState.choices, initial=PublicationState.DRAFT
    )

    def __init__(
        self, *args: Any, user: Any, record: Incident | None = None, **kwargs: Any
    ) -> None:
        self.record = record
        if record is not None:
            kwargs["initial"] = {**incident_values(record), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields["event_type"].queryset = EventType.objects.filter(level=TypeLevel.EVENT)
        subs = EventType.objects.filter(level=TypeLevel.SUB_EVENT).select_related("parent")
        self.fields["sub_event_type"].queryset = subs
        self.fields["sub_event_type"].choices = [("", "—")] + [
            (str(parent), [(str(s.pk), s.name) for s in subs if s.parent_id == parent.pk])
            for parent in self.fields["event_type"].queryset
        ]
        actors = Actor.objects.visible_to(user).order_by("name_en")
        self.fields["actor1"].queryset = actors
        self.fields["actor2"].queryset = actors
        self.fields["associated_actors"].queryset = actors
        places = places_for_picking()
        if record is not None and record.place_id is not None:
            # An imported record may sit on a country: keep it choosable, or saving the form
            # would drop the link.
            places = places | Place.objects.filter(pk=record.place_id)
        self.fields["place"].queryset = places
        self.fields["sources"].queryset = Source.objects.visible_to(user).order_by("title")
        documents = commitment_selectors.visible_documents(user=user)
        clauses = Clause.objects.filter(document__in=documents).select_related("document")
        self.fields["clause"].queryset = clauses
        grouped: dict[str, list[tuple[str, str]]] = {}
        for clause in clauses.order_by("document__adopted_on", "document_id", "position", "id"):
            label = f"{clause.ref} {clause.heading}".strip()
            grouped.setdefault(str(clause.document), []).append((str(clause.pk), label))
        self.fields["clause"].choices = [("", "—"), *grouped.items()]
        if record is not None:
            self.fields["event_id"].disabled = True
            self.fields["event_id"].required = False
            self.fields["event_id"].help_text = _(
                "The event id cannot change: addresses and re-imports use it."
            )
            del self.fields["confidentiality"], self.fields["publication_state"]

    def clean_event_id(self) -> str:
        if self.record is not None:
            return self.record.event_id
        event_id = (self.cleaned_data.get("event_id") or "").strip()
        if event_id and (not event_id.isprintable() or "/" in event_id or " " in event_id):
            raise ValidationError(_("An event id has no spaces or slashes."))
        return event_id

    def clean_tags(self) -> str:
        """One spelling whatever the editor typed: "a;b ; ;c" is stored as "a; b; c"."""
        tags = [tag.strip() for tag in (self.cleaned_data.get("tags") or "").split(";")]
        return "; ".join(tag for tag in tags if tag)

    def clean_event_date(self) -> dt.date:
        day = self.cleaned_data["event_date"]
        if day > timezone.localdate():
            raise ValidationError(_("The date is in the future."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        event_type, sub = data.get("event_type"), data.get("sub_event_type")
        if event_type and sub and sub.parent_id != event_type.pk:
            self.add_error(
                "sub_event_type",
                _("“%(sub)s” is not a kind of “%(type)s”.") % {"sub": sub, "type": event_type},
            )
        start, end = data.get("event_date"), data.get("event_date_end")
        if start and end and end < start:
            self.add_error("event_date_end", _("The last day comes before the first."))
        low, high = data.get("fatalities_low"), data.get("fatalities_high")
        if low is not None and high is not None and low > high:
            self.add_error("fatalities_high", _("The high estimate is below the low one."))
        self._fill_from_place(data)
        self._check_point(data)
        return data

    def _fill_from_place(self, data: dict[str, Any]) -> None:
        place = data.get("place")
        if place is None:
            return
        region = _region_of(place)
        if not data.get("admin1") and region is not None:
            data["admin1"] = region.name
        if not data.get("location") and place.kind == PlaceKind.LOCALITY:
            data["location"] = place.name
        no_point = data.get("latitude") is None and data.get("longitude") is None
        if no_point and place.latitude is not None and place.longitude is not None:
            data["latitude"], data["longitude"] = float(place.latitude), float(place.longitude)
            if data.get("geo_precision") is None:
                data["geo_precision"] = 1 if place.kind == PlaceKind.LOCALITY else 3

    def _check_point(self, data: dict[str, Any]) -> None:
        self.point_flag: str | None = None
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if "latitude" in self.errors or "longitude" in self.errors:
            return
        if (latitude is None) != (longitude is None):
            missing = "longitude" if longitude is None else "latitude"
            self.add_error(missing, _("Give both latitude and longitude, or neither."))
            return
        if latitude is None or longitude is None:
            return
        error, self.point_flag = point_check(data.get("country") or "", latitude, longitude)
        if error:
            self.add_error("latitude", error)

    def service_values(self) -> dict[str, Any]:
        """The cleaned form as ``incident_upsert``'s keyword arguments."""
        data = dict(self.cleaned_data)
        data.pop("event_id", None)
        event_type, sub = data["event_type"], data.get("sub_event_type")
        disorder = vocab.disorder_type_of(event_type.name, sub.name if sub else "")
        data["disorder_type"] = EventType.objects.filter(
            level=TypeLevel.DISORDER, name=disorder
        ).first()
        known = countries.country_named(data["country"])
        data["iso"] = known.iso if known else None
        for number in ("1", "2"):
            data[f"actor{number}_name"] = self._actor_name(number, data[f"actor{number}"])
        flags = list(self.record.import_flags) if self.record is not None else []
        flags = [flag for flag in flags if not str(flag).startswith(POINT_FLAG_START)]
        if self.point_flag:
            flags.append(self.point_flag)
        data["import_flags"] = flags
        return data

    def _actor_name(self, number: str, chosen: Actor | None) -> str:
        """The actor's name as the record keeps it: an imported record keeps its source's
        wording while its actor is unchanged."""
        record = self.record
        if record is not None and getattr(record, f"actor{number}_id") == (
            chosen.pk if chosen else None
        ):
            return getattr(record, f"actor{number}_name")
        return chosen.name_en if chosen is not None else ""


def incident_values(incident: Incident) -> dict[str, Any]:
    """What the form shows when editing: the record as stored."""
    names = [
        "event_id",
        "event_date",
        "event_date_end",
        "time_precision",
        "violation_category",
        "clause",
        "civilian_targeting",
        "country",
        "admin1",
        "admin2",
        "admin3",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "fatalities",
        "fatalities_low",
        "fatalities_high",
        "source",
        "source_scale",
        "notes",
        "tags",
    ]
    values = {name: getattr(incident, name) for name in names}
    values.update(
        event_type=incident.event_type_id,
        sub_event_type=incident.sub_event_type_id,
        actor1=incident.actor1_id,
        actor2=incident.actor2_id,
        place=incident.place_id,
        clause=incident.clause_id,
        violation_category=incident.violation_category_id,
        sources=list(incident.sources.all()),
        associated_actors=list(incident.associated_actors.all()),
    )
    return values


class VerificationForm(forms.Form):
    """One step of the workflow: only the statuses allowed from the current one are offered;
    the comment is required (the service checks both again)."""

    status = forms.ChoiceField(label=_("New status"))
    comment = ProseField(
        label=_("Why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was checked, by whom, and what it showed."),
    )

    def __init__(self, *args: Any, incident: Incident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = services.ALLOWED_TRANSITIONS[incident.verification_status]
        self.fields["status"].choices = [
            (value, label) for value, label in Verification.choices if value in allowed
        ]


class CommentForm(forms.Form):
    body = ProseField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A note for the other editors; it does not change the status."),
    )


class AttributionForm(forms.Form):
    party = _ActorChoice(
        label=_("Party"),
        queryset=Actor.objects.none(),
        required=False,
        help_text=_("Leave empty with “Unattributed” when no party could be named."),
    )
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Actor.objects.visible_to(user).order_by("name_en")


class WitnessForm(forms.Form):
    name = forms.CharField(
        label=_("Name or pseudonym"),
        max_length=200,
        help_text=_("Restricted: only editors ever see it."),
    )
    contact = forms.CharField(label=_("Contact"), max_length=300, required=False)
    statement = ProseField(
        label=_("Statement"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RetireForm(forms.Form):
    """Retiring hides the incident from members and the public; the reason is kept in the
    audit event, so it is required."""

    reason = ProseField(
        label=_("Why retire it"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: entered twice (see MON-2017-0003), or withdrawn by its source."),
        error_messages={"required": _("Say why the incident is retired.")},
    )


class RestoreForm(forms.Form):
    reason = ProseField(
        label=_("Why restore it"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class _SourceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.title


class SourceNoteForm(forms.Form):
    source = _SourceChoice(
        label=_("Source it concerns"),
        queryset=Source.objects.none(),
        required=False,
        help_text=_("Optional: the cited source this detail is about."),
    )
    detail = ProseField(
        label=_("Detail"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Restricted: who told us, through which channel. Only editors see it."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Source.objects.visible_to(user).order_by("title")


class _CommitmentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class IncidentLinkForm(forms.Form):
    """Link the incident to a commitment (a decision of a communiqué, a ceasefire
    commitment): the commitment's page then lists it. The same commitment again changes the
    link's note."""

    commitment = _CommitmentChoice(label=_("Commitment or decision"), queryset=None)
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("Shown beside the incident on the commitment's page."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        commitments = commitment_selectors.visible_commitments(user=user).select_related("document")
        field = self.fields["commitment"]
        field.queryset = commitments
        grouped: dict[str, list[tuple[str, str]]] = {}
        ordered = commitments.order_by("document__adopted_on", "document_id", "position", "id")
        for commitment in ordered:
            title = commitment.title if len(commitment.title) <= 120 else commitment.title[:119]
            grouped.setdefault(str(commitment.document), []).append(
                (str(commitment.pk), title + ("…" if title != commitment.title else ""))
            )
        field.choices = [("", "—"), *grouped.items()]

"""The situation on the ground that decisions point at: dated figures per place (people
displaced, refugees by host country), the interim administrations of the regions, and the
heritage sites with their damage and repair.

Data only: every rule (dates in order, counts not negative, who may write) is in
``services.py``; the constraints below are the database's last line.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from accordwatch.core.models import Actor, Cited, Place, Publishable, Source


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class PlaceRole(models.TextChoices):
    """What an observation's place means for this indicator."""

    LOCATION = "location", _("Where the people are")
    HOST_COUNTRY = "host_country", _("Host country")


class Indicator(Publishable, Cited):
    """A figure tracked over time, such as the number of people displaced inside the country."""

    key = models.SlugField(max_length=60, unique=True, help_text="code, e.g. idps")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=60, default="people")
    definition = models.TextField(blank=True)
    place_role = models.CharField(
        max_length=16, choices=PlaceRole.choices, default=PlaceRole.LOCATION
    )
    origin = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the country the people come from, for refugees",
    )
    hxl_tag = models.CharField(max_length=80, blank=True, help_text="e.g. #affected+idps")
    position = models.PositiveIntegerField(default=0)
    answers = models.ManyToManyField(
        "commitments.Commitment", blank=True, related_name="situation_indicators"
    )

    class Meta:
        ordering = ["position", "key"]

    def __str__(self) -> str:
        return self.name


class Observation(Publishable):
    """One figure: an indicator's value at a place on a date, as one source gives it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    date_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    value = models.BigIntegerField()
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["indicator", "place", "date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "place", "date", "source"], name="observation_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="observation_value_gte_0"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "place", "date"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.place_id} {self.date}: {self.value}"


class AdministrationStatus(models.TextChoices):
    NOT_INSTALLED = "not_installed", _("Not installed")
    BLOCKED = "blocked", _("Blocked")
    INSTALLED = "installed", _("Installed")
    ENDED = "ended", _("Ended")


class InterimAdministration(Publishable, Cited):
    """The interim authority of one region (annex 1 of the 2015 agreement, in the demo)."""

    key = models.SlugField(max_length=120, unique=True)
    region = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    installed_on = models.DateField(null=True, blank=True)
    installed_note = models.CharField(max_length=300, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    head = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    head_name = models.CharField(max_length=200, blank=True)
    affiliation = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    answers = models.ManyToManyField(
        "commitments.Commitment", blank=True, related_name="situation_administrations"
    )

    class Meta:
        ordering = ["region__name", "key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(installed_on__isnull=True)
                | models.Q(ended_on__gte=models.F("installed_on")),
                name="interim_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.region.name) if self.region_id else self.key

    def status_on(self, day: dt.date, periods: list[BlockedPeriod] | None = None) -> str:
        """Derived, never stored: blocked beats installed while a blocked period runs."""
        if periods is None:
            periods = list(self.blocked_periods.all())
        if self.ended_on is not None and self.ended_on <= day:
            return AdministrationStatus.ENDED
        for period in periods:
            if period.blocked_from <= day and (
                period.blocked_to is None or day < period.blocked_to
            ):
                return AdministrationStatus.BLOCKED
        if self.installed_on is not None and self.installed_on <= day:
            return AdministrationStatus.INSTALLED
        return AdministrationStatus.NOT_INSTALLED


class BlockedPeriod(models.Model):
    """A time when the installation or the work of an interim administration was blocked."""

    administration = models.ForeignKey(
        InterimAdministration, on_delete=models.CASCADE, related_name="blocked_periods"
    )
    blocked_from = models.DateField()
    blocked_to = models.DateField(null=True, blank=True, help_text="empty: still blocked")
    reason = models.CharField(max_length=400, blank=True)
    unverified = models.BooleanField(default=False, help_text="a date our sources do not confirm")

    class Meta:
        ordering = ["administration", "blocked_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(blocked_to__isnull=True)
                | models.Q(blocked_to__gte=models.F("blocked_from")),
                name="blocked_period_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.administration_id}: {self.blocked_from}–{self.blocked_to or ''}"


class HeritageSite(Publishable, Cited):
    key = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    unesco_id = models.CharField(max_length=20, blank=True, help_text="World Heritage List id")
    inscribed_year = models.PositiveSmallIntegerField(null=True, blank=True)
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(blank=True)
    institutions = models.ManyToManyField(Actor, blank=True, related_name="+")
    answers = models.ManyToManyField(
        "commitments.Commitment", blank=True, related_name="situation_heritage_sites"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DangerListing(models.Model):
    """From ``year`` on, the site is (or is no longer) on UNESCO's List of World Heritage in
    Danger; the status in any year is the latest row up to it."""

    site = models.ForeignKey(HeritageSite, on_delete=models.CASCADE, related_name="danger_list")
    year = models.PositiveSmallIntegerField()
    in_danger = models.BooleanField(default=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["site", "year"]
        constraints = [
            models.UniqueConstraint(fields=["site", "year"], name="danger_listing_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.site_id} {self.year}: {'in danger' if self.in_danger else 'removed'}"


class ComponentState(models.TextChoices):
    INTACT = "intact", _("Intact")
    DAMAGED = "damaged", _("Damaged")
    DESTROYED = "destroyed", _("Destroyed")
    REBUILT = "rebuilt", _("Rebuilt or restored")


class ComponentKind(models.TextChoices):
    MAUSOLEUM = "mausoleum", _("Mausoleum")
    MOSQUE = "mosque", _("Mosque")
    BUILDING = "building", _("Building or part of one")
    MANUSCRIPTS = "manuscripts", _("Manuscripts")
    OTHER = "other", _("Other")


class HeritageComponent(models.Model):
    """A part of a site, or a group of like parts ("14 mausoleums", ``count`` 14)."""

    site = models.ForeignKey(HeritageSite, on_delete=models.CASCADE, related_name="components")
    key = models.SlugField(max_length=120)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=ComponentKind.choices)
    count = models.PositiveIntegerField(default=1)
    state = models.CharField(max_length=12, choices=ComponentState.choices)
    destroyed_on = models.DateField(null=True, blank=True)
    destroyed_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    rebuilt_on = models.DateField(null=True, blank=True)
    rebuilt_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    note = models.CharField(max_length=400, blank=True)
    position = models.PositiveIntegerField(default=0)
    sources = models.ManyToManyField(Source, blank=True, related_name="+")

    class Meta:
        ordering = ["site", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "key"], name="heritage_component_unique"),
            models.CheckConstraint(
                condition=models.Q(rebuilt_on__isnull=True)
                | models.Q(destroyed_on__isnull=True)
                | models.Q(rebuilt_on__gte=models.F("destroyed_on")),
                name="heritage_component_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

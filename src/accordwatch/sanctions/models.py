"""Sanctions lists: regimes, listed persons and entities, their aliases, and every import's
state of every entry (so a delisting or an amendment is history, never an overwrite).

Data only; the rules live in ``services.py`` (edits) and ``imports.py`` (list imports).
The UN list is public data, so regimes, entries and imports are public once imported;
screening runs (a later module) will be restricted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accordwatch.core.models import Actor, Cited, Publishable


class RegimeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    LAPSED = "lapsed", _("Lapsed")


class RegimeOrigin(models.TextChoices):
    UN = "un", _("UN consolidated list")
    OWN = "own", _("The body's own list")


class Regime(Publishable, Cited):
    """A sanctions regime: one UN list type ("Mali", "Al-Qaida" …) or one of the body's own
    lists. ``list_type`` is the value entries carry in the UN file (for one of the body's
    own lists, its key: no UN file carries it, so no import touches its entries)."""

    key = models.SlugField(max_length=120, unique=True)
    list_type = models.CharField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    resolution = models.CharField(max_length=120, blank=True, help_text="e.g. 2374 (2017)")
    criteria = models.TextField(blank=True, help_text="designation criteria, in our words")
    established_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=RegimeStatus.choices, default=RegimeStatus.ACTIVE
    )
    origin = models.CharField(max_length=10, choices=RegimeOrigin.choices, default=RegimeOrigin.UN)
    # The body's own words on the regime and why it follows it; imports never touch it.
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    @property
    def is_own(self) -> bool:
        return self.origin == RegimeOrigin.OWN

    def __str__(self) -> str:
        return self.name


class ListImportKind(models.TextChoices):
    FILE = "file", _("Imported file")
    HAND = "hand", _("Edited by hand")


class ListImport(Publishable):
    """One version of the lists: an import of a list file (which file, when the list was
    generated, what changed), or an editor's change by hand to one of the body's own lists
    (who, when, why), so both show in an entry's history the same way."""

    kind = models.CharField(
        max_length=10, choices=ListImportKind.choices, default=ListImportKind.FILE
    )
    note = models.TextField(blank=True, help_text="for a change by hand: the editor's reason")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    individuals = models.PositiveIntegerField(default=0)
    entities = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        label = self.file_name if self.kind == ListImportKind.FILE else "edited by hand"
        return f"{label} ({self.imported_at:%Y-%m-%d %H:%M})"


class EntryKind(models.TextChoices):
    PERSON = "person", _("Person")
    ENTITY = "entity", _("Entity")


class Entry(Publishable):
    """A listed person or entity as the latest import gives it. ``data`` is that import's
    whole record; the columns below are copies of it for pages and queries."""

    regime = models.ForeignKey(Regime, on_delete=models.PROTECT, related_name="entries")
    reference_number = models.CharField(max_length=40, unique=True)
    data_id = models.PositiveBigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    first_name = models.TextField(blank=True)
    second_name = models.TextField(blank=True)
    third_name = models.TextField(blank=True)
    fourth_name = models.TextField(blank=True)
    name = models.TextField(help_text="the name parts joined, as given")
    original_script = models.TextField(blank=True)
    listed_on = models.DateField(null=True, blank=True)
    gender = models.TextField(blank=True)
    nationalities = models.JSONField(default=list, blank=True)
    birth_dates = models.JSONField(default=list, blank=True)
    birth_places = models.JSONField(default=list, blank=True)
    documents = models.JSONField(default=list, blank=True)
    addresses = models.JSONField(default=list, blank=True)
    comments = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    # The body's own words about the entry; imports never touch it.
    summary = models.TextField(blank=True)
    actor = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="sanctions_entries"
    )
    first_import = models.ForeignKey(
        ListImport, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_in = models.ForeignKey(
        ListImport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the import whose list no longer held the entry (delisted)",
    )

    class Meta:
        ordering = ["reference_number"]
        verbose_name_plural = "entries"

    def __str__(self) -> str:
        return f"{self.reference_number} {self.name}"

    @property
    def is_listed(self) -> bool:
        return self.removed_in_id is None

    @property
    def given_name_parts(self) -> list[str]:
        """The name parts the list gives, without the empty ones (a three-part name)."""
        return [part for part in (self.data or {}).get("name_parts", []) if part]


class AliasQuality(models.TextChoices):
    GOOD = "good", _("Good quality")
    LOW = "low", _("Low quality")
    AKA = "aka", _("Also known as")
    FKA = "fka", _("Formerly known as")
    UNSTATED = "", _("Not stated")


class Alias(models.Model):
    """Another name of an entry, with the UN's judgement of how well it identifies it.
    Replaced whole on each import that changes the entry; the versions keep the old ones."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="aliases")
    quality = models.CharField(max_length=10, choices=AliasQuality.choices, blank=True)
    # Free text of any length: the list's own values, never cut.
    name = models.TextField()
    date_of_birth = models.TextField(blank=True)
    city_of_birth = models.TextField(blank=True)
    country_of_birth = models.TextField(blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["entry", "id"]
        verbose_name_plural = "aliases"

    def __str__(self) -> str:
        return self.name


class VersionChange(models.TextChoices):
    ADDED = "added", _("Listed")
    CHANGED = "changed", _("Amended")
    REMOVED = "removed", _("Delisted")
    RELISTED = "relisted", _("Listed again")


class EntryVersion(models.Model):
    """An entry as one import found it. Written only when something changed, so an entry's
    versions are its history: listed, amended (which fields), delisted, listed again."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="versions")
    list_import = models.ForeignKey(ListImport, on_delete=models.PROTECT, related_name="versions")
    change = models.CharField(max_length=10, choices=VersionChange.choices)
    changed_fields = models.JSONField(default=list, blank=True)
    data = models.JSONField(default=dict, blank=True)  # the record; for a removal, the last one

    class Meta:
        ordering = ["entry", "-list_import__imported_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "list_import"], name="one_version_per_import")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.change} in import {self.list_import_id}"


class RegimeLink(models.Model):
    """An editor's link from a commitment (a communiqué decision welcoming or threatening
    sanctions) to the regime it concerns: the commitment then shows the regime's listings as
    evidence."""

    commitment = models.ForeignKey(
        "commitments.Commitment", on_delete=models.CASCADE, related_name="regime_links"
    )
    regime = models.ForeignKey(Regime, on_delete=models.CASCADE, related_name="links")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["commitment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "regime"], name="regime_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} → {self.regime_id}"


class ScreeningSource(models.TextChoices):
    PAGE = "page", _("Screening page")
    CLI = "cli", _("Command line")
    API = "api", _("API")
    DEMO = "demo", _("Demo example")


class ScreeningRun(models.Model):
    """One screening of one or many names against the lists. Restricted: only editors ever
    see runs, their hits and the decisions (the selectors return nothing to anyone else)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=ScreeningSource.choices)
    # The list version: the latest import when the index was built (the imports it holds
    # are that one and those before it).
    list_import = models.ForeignKey(
        ListImport, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    list_type = models.CharField(max_length=80, blank=True, help_text="empty: every regime")
    threshold = models.FloatField()
    input_name = models.CharField(max_length=255, blank=True, help_text="file name, if any")
    input_count = models.PositiveIntegerField(default=0)
    # The first inputs as given, so a run that found nothing still says what was screened.
    input_sample = models.JSONField(default=list, blank=True)
    hit_count = models.PositiveIntegerField(default=0)
    entry_count = models.PositiveIntegerField(default=0, help_text="entries in the index")

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"screening #{self.pk} ({self.source}, {self.started_at:%Y-%m-%d %H:%M})"


class ScreeningHit(models.Model):
    """One listed entry that one input row matched."""

    run = models.ForeignKey(ScreeningRun, on_delete=models.CASCADE, related_name="hits")
    row = models.PositiveIntegerField(help_text="the input's row number, from 1")
    query = models.JSONField(default=dict, help_text="the input row's values")
    query_key = models.CharField(max_length=255, db_index=True)
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="screening_hits")
    matched_name = models.TextField()
    score = models.FloatField()
    explanation = models.TextField()

    class Meta:
        ordering = ["run", "row", "-score", "id"]

    def __str__(self) -> str:
        return f"run {self.run_id} row {self.row} → {self.entry_id} ({self.score:.2f})"


class HitDecision(models.Model):
    """An editor's verdict on a (query name, entry) pair: later runs that meet the same
    normalised name and entry show it."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="hit_decisions")
    query_key = models.CharField(max_length=255)
    true_positive = models.BooleanField()
    comment = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()
    hit = models.ForeignKey(
        ScreeningHit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["entry", "query_key"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "query_key"], name="one_decision_per_pair")
        ]

    def __str__(self) -> str:
        verdict = "true" if self.true_positive else "false"
        return f"{self.query_key} ~ {self.entry_id}: {verdict} positive"

"""Security incidents and ceasefire violations: ACLED/UCDP-compatible events, plus what a
monitoring body adds (violation category, clause violated, verification, attribution,
witnesses and restricted source notes)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accordwatch.core.models import Actor, Cited, Place, Publishable, Source


class TypeLevel(models.TextChoices):
    DISORDER = "disorder", _("Disorder type")
    EVENT = "event", _("Event type")
    SUB_EVENT = "sub_event", _("Sub-event type")


class EventType(models.Model):
    """ACLED's vocabulary (disorder types, 6 event types, 25 sub-event types), seeded by
    migration 0002. A table rather than choices: a filter or an aggregate joins a small
    integer, and a new ACLED release is a data change, not a code change."""

    key = models.SlugField(max_length=60, unique=True)
    level = models.CharField(max_length=10, choices=TypeLevel.choices)
    name = models.CharField(max_length=120, help_text="As ACLED writes it.")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["level", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["level", "name"], name="eventtype_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ViolationCategory(models.Model):
    """What kind of ceasefire violation an incident is alleged to be. Configurable; the
    clauses say which ceasefire or agreement provisions a violation of this kind breaches,
    so that commitments carrying those clauses show the incidents as evidence."""

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    clauses = models.ManyToManyField(
        "commitments.Clause", blank=True, related_name="violation_categories"
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "violation categories"

    def __str__(self) -> str:
        return self.name


class Dataset(models.TextChoices):
    ACLED = "acled", "ACLED"
    UCDP = "ucdp", "UCDP GED"
    MONITOR = "monitor", _("Recorded by the secretariat")


class Verification(models.TextChoices):
    REPORTED = "reported", _("Reported")
    UNDER_INVESTIGATION = "under_investigation", _("Under investigation")
    VERIFIED = "verified", _("Verified")
    UNVERIFIABLE = "unverifiable", _("Unverifiable")
    DISMISSED = "dismissed", _("Dismissed")


class ImportRun(models.Model):
    """One run of an incidents import (an ACLED or UCDP file, an ACLED deletions file):
    which file, who ran it, when, and what it did. The events it created point to it; its
    one audit event carries the same facts and a digest of the rows it inserted, so the
    audit log vouches for a million created events without a million entries."""

    kind = models.CharField(max_length=40, help_text="acled, ucdp or acled-deletions")
    dataset = models.CharField(max_length=10, choices=Dataset.choices, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_label = models.CharField(max_length=150, help_text="Who ran it, as named then.")
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    retired = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # The ids of the incidents it created lie between these two (others may interleave on
    # PostgreSQL); their ``import_run`` names the run.
    first_id = models.BigIntegerField(null=True, blank=True)
    last_id = models.BigIntegerField(null=True, blank=True)
    rows_sha256 = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 over the created rows, as inserted."
    )

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        name = self.file_name or self.kind
        return f"{self.kind} import {self.pk}: {name}"


class Incident(Publishable, Cited):
    """One event. Imported events keep the source's own wording (actor names, admin names)
    beside the links to our gazetteer, so a re-import can tell what the source said."""

    dataset = models.CharField(max_length=10, choices=Dataset.choices)
    event_id = models.CharField(max_length=40, help_text="The dataset's own id (MLI1553).")

    event_date = models.DateField()
    event_date_end = models.DateField(null=True, blank=True, help_text="UCDP date_end.")
    time_precision = models.PositiveSmallIntegerField(default=1, help_text="1 day, 2 week, 3 month")

    # Indexed through the composite indexes below (type first), not on their own.
    disorder_type = models.ForeignKey(
        EventType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event_type = models.ForeignKey(
        EventType, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    sub_event_type = models.ForeignKey(
        EventType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    original_event_type = models.CharField(max_length=120, blank=True)

    actor1 = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    actor1_name = models.CharField(max_length=300, blank=True)
    assoc_actor_1 = models.CharField(max_length=600, blank=True)
    inter1 = models.PositiveSmallIntegerField(null=True, blank=True)
    actor2 = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    actor2_name = models.CharField(max_length=300, blank=True)
    assoc_actor_2 = models.CharField(max_length=600, blank=True)
    inter2 = models.PositiveSmallIntegerField(null=True, blank=True)
    interaction = models.PositiveSmallIntegerField(null=True, blank=True)
    associated_actors = models.ManyToManyField(Actor, blank=True, related_name="+")
    civilian_targeting = models.BooleanField(default=False)

    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="incidents"
    )
    iso = models.PositiveSmallIntegerField(null=True, blank=True, help_text="ISO 3166 numeric")
    region = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=120, blank=True)
    admin1 = models.CharField(max_length=120, blank=True)
    admin2 = models.CharField(max_length=120, blank=True)
    admin3 = models.CharField(max_length=120, blank=True)
    location = models.CharField(max_length=200, blank=True)
    # Floats: maps read these for every point, and the sources give four decimals at most.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    geo_precision = models.PositiveSmallIntegerField(null=True, blank=True)

    fatalities = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="ACLED's figure, UCDP's best; empty when no source gives one.",
    )
    fatalities_low = models.PositiveIntegerField(null=True, blank=True)
    fatalities_high = models.PositiveIntegerField(null=True, blank=True)

    source = models.TextField(blank=True, help_text="The dataset's source names.")
    source_scale = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    acled_timestamp = models.BigIntegerField(
        null=True, blank=True, help_text="When ACLED last changed the event (Unix seconds)."
    )
    import_flags = models.JSONField(default=list, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True, help_text="Withdrawn by the source.")

    # What a monitoring body adds.
    violation_category = models.ForeignKey(
        ViolationCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
        db_index=False,
    )
    clause = models.ForeignKey(
        "commitments.Clause",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
        help_text="The clause allegedly violated.",
    )
    verification_status = models.CharField(
        max_length=20, choices=Verification.choices, default=Verification.REPORTED
    )
    # The import that created the event (none for one entered by hand). Not indexed: every
    # index costs a million-row import its upkeep, and a run's events are found by the id
    # range it records (first_id … last_id).
    import_run = models.ForeignKey(
        ImportRun,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
        db_index=False,
    )

    class Meta:
        ordering = ["-event_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "event_id"], name="incident_event_unique"),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="incident_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="incident_longitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(fatalities_low__isnull=True)
                | models.Q(fatalities_high__isnull=True)
                | models.Q(fatalities_low__lte=models.F("fatalities_high")),
                name="incident_fatalities_ordered",
            ),
        ]
        # Every filter the pages offer is "X within a period", so each index puts the
        # filtered column first and the date second: one range scan per filter on a
        # million rows. The first one also serves the newest-first list and its cursor.
        indexes = [
            models.Index(fields=["event_date", "id"], name="incident_date"),
            models.Index(fields=["admin1", "event_date"], name="incident_admin1_date"),
            models.Index(fields=["event_type", "event_date"], name="incident_type_date"),
            models.Index(fields=["actor1", "event_date"], name="incident_actor1_date"),
            models.Index(fields=["actor2", "event_date"], name="incident_actor2_date"),
            models.Index(
                fields=["verification_status", "event_date"], name="incident_verified_date"
            ),
            models.Index(
                fields=["violation_category", "event_date"], name="incident_violation_date"
            ),
            # Covers month × admin1 × type aggregates without reading the table.
            models.Index(
                fields=["event_date", "admin1", "event_type", "fatalities"],
                name="incident_aggregate",
            ),
        ]

    def __str__(self) -> str:
        where = self.location or self.admin1 or self.country
        return f"{self.event_id} {self.event_date.isoformat()} {where}".strip()


class VerificationStep(models.Model):
    """One step of the verification workflow, dated and signed. Append-only (database
    triggers, migration 0003): the log shows who judged what, when, and why."""

    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, related_name="verification_steps"
    )
    status = models.CharField(max_length=20, choices=Verification.choices)
    previous_status = models.CharField(max_length=20, choices=Verification.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_label = models.CharField(max_length=150, help_text="The signer's name as it was then.")
    comment = models.TextField()

    class Meta:
        ordering = ["incident", "at", "id"]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.previous_status} → {self.status}"


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    LIKELY = "likely", _("Likely")
    UNATTRIBUTED = "unattributed", _("Unattributed")


class Attribution(models.Model):
    """Who the body holds responsible, per party, with a confidence. It is a judgement the
    body makes, not the source's actor columns; it follows the incident's visibility. An
    "unattributed" entry may name no party: responsibility could not be established."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="attributions")
    party = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="attributions"
    )
    confidence = models.CharField(max_length=14, choices=Confidence.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["incident", "id"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "party"], name="attribution_party_unique"),
            models.UniqueConstraint(
                fields=["incident"],
                condition=models.Q(party__isnull=True),
                name="attribution_one_unattributed",
            ),
            models.CheckConstraint(
                condition=models.Q(party__isnull=False) | models.Q(confidence="unattributed"),
                name="attribution_party_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party or 'unattributed'} ({self.confidence})"


class Witness(models.Model):
    """A person who saw the incident. Always restricted: only editors ever read these."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="witnesses")
    name = models.CharField(max_length=200)
    contact = models.CharField(max_length=300, blank=True)
    statement = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["incident", "id"]
        verbose_name_plural = "witnesses"

    def __str__(self) -> str:
        return f"witness {self.pk} of incident {self.incident_id}"


class IncidentSourceNote(models.Model):
    """Restricted detail on where the information came from (an informant, a channel, a
    protected report). Always restricted, like witnesses; the public ``sources`` of the
    incident are its Cited sources."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="source_notes")
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    detail = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["incident", "id"]

    def __str__(self) -> str:
        return f"source note {self.pk} of incident {self.incident_id}"


class IncidentLink(models.Model):
    """An editor's explicit link from a commitment (a communiqué decision, a ceasefire
    clause's commitment) to an incident that bears on it."""

    commitment = models.ForeignKey(
        "commitments.Commitment", on_delete=models.CASCADE, related_name="incident_links"
    )
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="links")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["commitment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "incident"], name="incident_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} → {self.incident_id}"


class IncidentComment(models.Model):
    """A note in the editors' discussion of an incident, beside the verification steps but
    without a change of status ("called the patrol leader, waiting for photos").
    Append-only like the steps (database triggers, migration 0005); editors only, because
    the discussion names sources and doubts the record itself does not publish."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="comments")
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_label = models.CharField(max_length=150, help_text="The author's name as it was then.")
    body = models.TextField()

    class Meta:
        ordering = ["incident", "at", "id"]

    def __str__(self) -> str:
        return f"comment {self.pk} on incident {self.incident_id}"


class IncidentRollup(Publishable):
    """Counts and fatalities of the live (not retired) incidents per month and per every
    value the aggregates filter or group on, including the two visibility columns, so that
    a reader's answer is a sum over the tiers the usual ``visible_to`` rule lets through.

    Derived data, never edited: ``incidents/rollup.py`` recomputes the months a write
    touched (database triggers list them in ``IncidentRollupStale``) and answers
    ``incident_aggregates`` from here when the question fits; ``accordwatch
    incidents-rollup`` rebuilds it whole. A million incidents fold into some 30,000 rows."""

    month = models.CharField(max_length=7, help_text="YYYY-MM")
    admin1 = models.CharField(max_length=120, blank=True)
    # No database constraints: the rollup is rebuilt from the incidents, which protect these.
    event_type = models.ForeignKey(
        EventType, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    sub_event_type = models.ForeignKey(
        EventType,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        db_index=False,
    )
    violation_category = models.ForeignKey(
        ViolationCategory,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        db_index=False,
    )
    verification_status = models.CharField(max_length=20)
    dataset = models.CharField(max_length=10)
    count = models.PositiveIntegerField()
    fatalities = models.PositiveBigIntegerField(help_text="Sum of the known figures.")
    fatalities_unknown = models.PositiveIntegerField(help_text="Incidents with no figure.")

    class Meta:
        indexes = [models.Index(fields=["month"], name="incident_rollup_month")]

    def __str__(self) -> str:
        return f"{self.month} {self.admin1}: {self.count}"


class IncidentRegionRollup(Publishable):
    """The same per month, admin1 and event type only: what the list page and the usual
    aggregates ask for, in a few thousand rows (a quarter of ``IncidentRollup`` on
    generated data, far fewer where verification and visibility vary)."""

    month = models.CharField(max_length=7, help_text="YYYY-MM")
    admin1 = models.CharField(max_length=120, blank=True)
    event_type = models.ForeignKey(
        EventType, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    count = models.PositiveIntegerField()
    fatalities = models.PositiveBigIntegerField()
    fatalities_unknown = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["month"], name="incident_region_rollup_month")]

    def __str__(self) -> str:
        return f"{self.month} {self.admin1}: {self.count}"


class IncidentActorRollup(Publishable):
    """The same per month and actor 1 (the aggregates' actor dimension): small, because it
    holds nothing else."""

    month = models.CharField(max_length=7, help_text="YYYY-MM")
    actor1_id = models.IntegerField(null=True)
    count = models.PositiveIntegerField()
    fatalities = models.PositiveBigIntegerField()
    fatalities_unknown = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["month"], name="incident_actor_rollup_month")]

    def __str__(self) -> str:
        return f"{self.month} actor {self.actor1_id}: {self.count}"


class IncidentRollupStale(models.Model):
    """Months whose rollup rows no longer match the incidents. Filled by triggers on the
    incidents table (every write path, even raw SQL), emptied by the refresh; while a month
    is listed, the aggregates read the incidents themselves."""

    month = models.CharField(max_length=7, primary_key=True)

    def __str__(self) -> str:
        return self.month

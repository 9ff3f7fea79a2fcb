"""Core records shared by every app: users and roles, actors, places, sources, the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    EDITOR = "editor", _("Editor")
    MEMBER = "member", _("Member")


class User(AbstractUser):
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        db_table = "core_user"


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    RESTRICTED = "restricted", _("Restricted")


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class VisibilityQuerySet(models.QuerySet):
    """Who may read what: the one rule every selector applies.

    - editors and admins: everything;
    - members: everything not restricted;
    - the public: published public records only.
    """

    def visible_to(self, user: User | AnonymousUser | None) -> VisibilityQuerySet:
        from accordwatch.core.permissions import can_edit, is_member

        if user is not None and can_edit(user):
            return self
        if user is not None and is_member(user):
            return self.exclude(confidentiality=Confidentiality.RESTRICTED)
        return self.filter(
            confidentiality=Confidentiality.PUBLIC, publication_state=PublicationState.PUBLISHED
        )


class Publishable(models.Model):
    """Mixed into every record that the public could see."""

    confidentiality = models.CharField(
        max_length=12, choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )
    publication_state = models.CharField(
        max_length=12, choices=PublicationState.choices, default=PublicationState.DRAFT
    )

    objects = VisibilityQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return (
            self.confidentiality == Confidentiality.PUBLIC
            and self.publication_state == PublicationState.PUBLISHED
        )


class SourceKind(models.TextChoices):
    UN_DOCUMENT = "un_document", _("UN document")
    OFFICIAL = "official", _("Official text")
    COMMUNIQUE = "communique", _("Communiqué or press release")
    REPORT = "report", _("Report")
    PRESS = "press", _("Press")
    DATASET = "dataset", _("Dataset")
    DATABASE = "database", _("Reference database")
    OTHER = "other", _("Other")


class Source(Publishable):
    """Where a fact comes from. Any record cites sources through its own ``sources`` field."""

    key = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=400)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=600, blank=True)
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.OTHER)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Cited(models.Model):
    sources = models.ManyToManyField(Source, blank=True, related_name="+")

    class Meta:
        abstract = True


class ActorKind(models.TextChoices):
    STATE = "state", _("State")
    GOVERNMENT = "government", _("Government")
    INTERNATIONAL_ORGANISATION = "igo", _("International organisation")
    OIC_ORGAN = "oic_organ", _("OIC organ or institution")
    ARMED_GROUP = "armed_group", _("Armed group")
    COALITION = "coalition", _("Coalition")
    BODY = "body", _("Body or committee")
    PERSON = "person", _("Person")
    NGO = "ngo", _("NGO")
    FINANCIAL_INSTITUTION = "financial", _("Financial institution")
    OTHER = "other", _("Other")


class Actor(Publishable, Cited):
    key = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=ActorKind.choices)
    name_en = models.CharField(max_length=300)
    name_fr = models.CharField(max_length=300, blank=True)
    name_ar = models.CharField(max_length=300, blank=True)
    acronym = models.CharField(max_length=40, blank=True)
    country = models.ForeignKey(
        "Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.acronym or self.name_en

    def name_in(self, language: str) -> str:
        return {"fr": self.name_fr, "ar": self.name_ar}.get(language) or self.name_en


class Membership(Publishable, Cited):
    """A member's time in a coalition: coalitions split and merge, so membership is dated."""

    coalition = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="coalitions")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["coalition", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="membership_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.coalition}"


class PlaceKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    ADMIN1 = "admin1", _("Region (admin 1)")
    ADMIN2 = "admin2", _("Cercle / district (admin 2)")
    ADMIN3 = "admin3", _("Commune (admin 3)")
    LOCALITY = "locality", _("Locality")


class Place(models.Model):
    """The gazetteer. Places are public reference data, so they carry no confidentiality."""

    key = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=12, choices=PlaceKind.choices)
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    iso_code = models.CharField(max_length=12, blank=True, help_text="ISO 3166 or P-code")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    alternate_names = models.JSONField(default=list, blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="+")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AuditEvent(models.Model):
    """One row per change, written by the service in the change's own transaction.

    Append-only: database triggers refuse UPDATE and DELETE (see migration 0002), and each
    row carries the hash of the previous one, so ``accordwatch audit verify`` notices an
    altered or removed row.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    user_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """The chain's tip, so that removing the last audit rows is noticed too."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit tip #{self.seq}"


class ApiToken(models.Model):
    """A token for scripts. Only a hash is stored; the token is shown once at creation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

"""Documents, their clauses, the commitments in them, assessments over time, meetings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accordwatch.core.models import Actor, Cited, Place, Publishable


class DocumentKind(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement")
    CEASEFIRE = "ceasefire", _("Ceasefire")
    COMMUNIQUE = "communique", _("Communiqué")
    RESOLUTION = "resolution", _("Resolution")
    TIMETABLE = "timetable", _("Timetable")
    REPORT = "report", _("Report")


class Document(Publishable, Cited):
    key = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    title = models.CharField(max_length=400)
    short_title = models.CharField(max_length=120, blank=True)
    summary = models.TextField(blank=True, help_text="In our own words.")
    adopted_on = models.DateField(null=True, blank=True)
    in_force_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parties = models.ManyToManyField(Actor, blank=True, related_name="documents")
    reference = models.CharField(max_length=120, blank=True, help_text="e.g. S/2015/364, PA-X 1365")

    class Meta:
        ordering = ["adopted_on", "title"]

    def __str__(self) -> str:
        return self.short_title or self.title


class ClauseLevel(models.TextChoices):
    TITLE = "title", _("Title")
    CHAPTER = "chapter", _("Chapter")
    ARTICLE = "article", _("Article")
    PARAGRAPH = "paragraph", _("Paragraph")
    ANNEX = "annex", _("Annex")


class Clause(models.Model):
    """A node of the document's structure; it inherits its document's visibility."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="clauses")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.CharField(max_length=12, choices=ClauseLevel.choices)
    ref = models.CharField(max_length=40, help_text='As cited: "Art. 57", "para. xiv", "Annex 2".')
    heading = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True, help_text="In our own words.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["document", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "ref"], name="clause_ref_unique_in_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document}, {self.ref}"


class Pillar(models.Model):
    """A theme that scores roll up to (the four pillars the Independent Observer uses)."""

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class CommitmentKind(models.TextChoices):
    ACTION = "action", _("Action")
    POSITION = "position", _("Position")


class Commitment(Publishable, Cited):
    """Who must do what, by when. Actions are scored 0–3; positions are not scored."""

    key = models.SlugField(max_length=120, unique=True, help_text="Stable key for imports.")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="commitments")
    clauses = models.ManyToManyField(Clause, blank=True, related_name="commitments")
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True, help_text="In our own words.")
    kind = models.CharField(
        max_length=10, choices=CommitmentKind.choices, default=CommitmentKind.ACTION
    )
    pillar = models.ForeignKey(
        Pillar, null=True, blank=True, on_delete=models.PROTECT, related_name="commitments"
    )
    theme = models.CharField(max_length=120, blank=True)
    responsible = models.ManyToManyField(Actor, blank=True, related_name="commitments")
    deadline = models.DateField(null=True, blank=True)
    deadline_note = models.CharField(max_length=200, blank=True, help_text='e.g. "within 60 days"')
    weight = models.DecimalField(max_digits=6, decimal_places=2, default=1)
    related = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="referenced_by",
        help_text="Commitments this one follows up (a decision pointing at agreement clauses).",
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["document", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="commitment_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Score(models.IntegerChoices):
    NOT_INITIATED = 0, _("Not initiated")
    MINIMAL = 1, _("Minimal")
    INTERMEDIATE = 2, _("Intermediate")
    FULL = 3, _("Full")


FULL_SCORE = Score.FULL


class Assessment(Publishable, Cited):
    """One dated judgement of a commitment's implementation. Append-only: a correction is
    a new assessment, so the timeline keeps what was believed when."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="assessments")
    as_of = models.DateField()
    score = models.PositiveSmallIntegerField(
        choices=Score.choices, null=True, blank=True, help_text="Empty means not applicable."
    )
    rationale = models.TextField()
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessor_name = models.CharField(
        max_length=200, blank=True, help_text="Who judged, if not a user."
    )
    illustrative = models.BooleanField(
        default=False, help_text="A judgement no source makes, shown as illustrative."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["commitment", "as_of", "id"]
        indexes = [models.Index(fields=["commitment", "as_of", "id"], name="assessment_timeline")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=3),
                name="assessment_score_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment} @ {self.as_of}: {self.get_score_display() or 'n/a'}"


class MeetingBody(models.TextChoices):
    CONTACT_GROUP = "contact_group", _("Contact Group")
    MONITORING_COMMITTEE = "monitoring_committee", _("Monitoring committee")
    SECURITY_COUNCIL = "security_council", _("Security Council")
    OTHER = "other", _("Other")


class Meeting(Publishable, Cited):
    key = models.SlugField(max_length=120, unique=True)
    body = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="meetings")
    body_kind = models.CharField(max_length=24, choices=MeetingBody.choices)
    title = models.CharField(max_length=300)
    level = models.CharField(max_length=60, blank=True, help_text="ministerial, ambassadors …")
    session_number = models.PositiveIntegerField(null=True, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    date_note = models.CharField(max_length=120, blank=True, help_text='e.g. "June 2017"')
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    communique = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    summary = models.TextField(blank=True)
    discussed = models.ManyToManyField(Commitment, blank=True, related_name="meetings")

    class Meta:
        ordering = ["-starts_on", "-session_number"]

    def __str__(self) -> str:
        return self.title

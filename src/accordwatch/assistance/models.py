"""Assistance in the OCHA FTS model: organisations, flows of money between them (pledged,
committed, paid), the funds and conferences they go through, the appeals they answer,
and the exchange rates that put every flow in US dollars and euros.

A flow keeps the amount and currency its source gave, and the USD and EUR amounts
computed when it was written (from the nearest earlier rate), so totals never depend on
a rate edited later and a reader sees which rate date was used.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accordwatch.core.models import Actor, Cited, Publishable

AMOUNT = {"max_digits": 20, "decimal_places": 2}


class Organisation(Cited):
    """A donor, recipient or implementer (one organisation may be all three).

    Reference data like the gazetteer's places, with no visibility of its own: members and
    the public see an organisation only through a flow, fund or conference they may see
    (``selectors.organisation_list``), so a restricted flow never names its donor."""

    key = models.SlugField(max_length=160, unique=True)
    name = models.CharField(max_length=300)
    acronym = models.CharField(max_length=40, blank=True)
    is_donor = models.BooleanField(default=False)
    is_recipient = models.BooleanField(default=False)
    is_implementer = models.BooleanField(default=False)
    org_type = models.CharField(
        max_length=60, blank=True, help_text="IATI OrganisationType code or FTS type."
    )
    iati_ref = models.CharField(max_length=120, blank=True, db_index=True)
    fts_id = models.CharField(max_length=40, blank=True, db_index=True)
    actor = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="organisations"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["iati_ref"],
                condition=~models.Q(iati_ref=""),
                name="organisation_iati_ref_unique",
            ),
            models.UniqueConstraint(
                fields=["fts_id"], condition=~models.Q(fts_id=""), name="organisation_fts_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.acronym or self.name

    @property
    def kinds(self) -> list[str]:
        return [
            kind
            for kind, flag in (
                ("donor", self.is_donor),
                ("recipient", self.is_recipient),
                ("implementer", self.is_implementer),
            )
            if flag
        ]


class ExchangeRate(models.Model):
    """How many units of ``currency`` buy one US dollar from ``valid_from`` on, until the
    next rate of that currency. Editors maintain the table; migration 0002 seeds it."""

    currency = models.CharField(max_length=3)
    valid_from = models.DateField()
    units_per_usd = models.DecimalField(max_digits=24, decimal_places=10)
    source = models.CharField(max_length=300, help_text="Who published the rate, and which.")

    class Meta:
        ordering = ["currency", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "valid_from"], name="rate_unique"),
            models.CheckConstraint(condition=models.Q(units_per_usd__gt=0), name="rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.units_per_usd}/USD from {self.valid_from}"


class Conference(Publishable, Cited):
    """A pledging or planning conference; pledges made there point at it."""

    key = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=300)
    held_on = models.DateField(null=True, blank=True)
    place = models.CharField(max_length=120, blank=True)
    organiser = models.CharField(max_length=300, blank=True)
    purpose = models.CharField(max_length=300, blank=True, help_text="What money was sought for.")
    requirements = models.DecimalField(null=True, blank=True, **AMOUNT)
    requirements_currency = models.CharField(max_length=3, blank=True)
    summary = models.TextField(blank=True, help_text="In our own words.")

    class Meta:
        ordering = ["held_on", "name"]

    def __str__(self) -> str:
        return self.name


class Appeal(Publishable, Cited):
    """A response plan or appeal (FTS "plan"): requirements in US dollars for a year."""

    key = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    fts_plan_id = models.CharField(max_length=40, blank=True, db_index=True)
    requirements_usd = models.DecimalField(null=True, blank=True, **AMOUNT)

    class Meta:
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class Fund(Publishable, Cited):
    """A pooled or trust fund. It is an organisation in the flows: contributions are flows
    into its organisation, disbursements flows out of it; the balance is computed."""

    key = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=300)
    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="fund")
    target = models.DecimalField(null=True, blank=True, **AMOUNT)
    currency = models.CharField(max_length=3, default="USD")
    established_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True, help_text="In our own words.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FlowStatus(models.TextChoices):
    PLEDGE = "pledge", _("Pledge")
    COMMITMENT = "commitment", _("Commitment")
    PAID = "paid", _("Paid contribution")


class FlowDataset(models.TextChoices):
    MANUAL = "manual", _("Recorded by the secretariat")
    IATI = "iati", "IATI"
    FTS = "fts", "OCHA FTS"


class Flow(Publishable, Cited):
    """Money from one organisation to another: pledged, committed or paid.

    Imported flows keep their dataset and external id, so importing the same file again
    updates rather than duplicates. A commitment or payment may say which pledge (or
    commitment) it fulfils, in part or in full."""

    dataset = models.CharField(max_length=8, choices=FlowDataset.choices, default="manual")
    external_id = models.CharField(max_length=200, blank=True)

    source_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="flows_out", db_index=False
    )
    destination_org = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="flows_in"
    )
    amount = models.DecimalField(**AMOUNT)
    currency = models.CharField(max_length=3)
    amount_usd = models.DecimalField(**AMOUNT)
    amount_eur = models.DecimalField(**AMOUNT)
    rate_date = models.DateField(
        null=True, blank=True, help_text="The date of the rates used to convert the amount."
    )
    status = models.CharField(max_length=12, choices=FlowStatus.choices)
    date = models.DateField()
    flow_type = models.CharField(
        max_length=60, blank=True, help_text="IATI transaction type or FTS flow type."
    )
    sector = models.CharField(max_length=120, blank=True)
    purpose = models.CharField(max_length=300, blank=True, help_text="Purpose or plan.")
    description = models.TextField(blank=True)
    country_iso3 = models.CharField(max_length=3, blank=True)

    conference = models.ForeignKey(
        Conference, null=True, blank=True, on_delete=models.PROTECT, related_name="flows"
    )
    appeal = models.ForeignKey(
        Appeal, null=True, blank=True, on_delete=models.PROTECT, related_name="flows"
    )
    fund = models.ForeignKey(
        Fund, null=True, blank=True, on_delete=models.PROTECT, related_name="flows"
    )
    fulfils = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="fulfilments"
    )
    commitments = models.ManyToManyField(
        "commitments.Commitment", blank=True, related_name="assistance_flows"
    )
    # Links the imports read from the files (docs/assistance.md, "Links between flows").
    parent_ref = models.CharField(
        max_length=200,
        blank=True,
        help_text="The external id, in the same dataset, of the flow this one follows "
        "(FTS parentFlowId; the IATI commitment a disbursement pays).",
    )
    counterpart_activity = models.CharField(
        max_length=200,
        blank=True,
        help_text="IATI: the activity at the other end of the transaction "
        "(receiver-activity-id or provider-activity-id).",
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        db_index=False,
        help_text="The same money reported by another publisher; counted there, not here.",
    )

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "external_id"],
                condition=~models.Q(external_id=""),
                name="flow_external_id_unique",
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="flow_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(amount_usd__gte=0) & models.Q(amount_eur__gte=0),
                name="flow_converted_positive",
            ),
        ]
        # The dashboard groups by donor × status and purpose × status. Each of these two
        # indexes holds every column those GROUP BYs read (visibility, date, amounts), so
        # the database answers from the index alone, in group order, without reading the
        # table: on 100,000 flows this is what keeps the dashboard within its target.
        # duplicate_of is in both because the dashboard leaves duplicates out.
        indexes = [
            models.Index(fields=["date", "id"], name="flow_date"),
            models.Index(
                fields=[
                    "source_org",
                    "status",
                    "confidentiality",
                    "publication_state",
                    "date",
                    "amount_usd",
                    "amount_eur",
                    "duplicate_of",
                ],
                name="flow_donor_totals",
            ),
            models.Index(
                fields=[
                    "purpose",
                    "status",
                    "confidentiality",
                    "publication_state",
                    "date",
                    "amount_usd",
                    "amount_eur",
                    "duplicate_of",
                ],
                name="flow_purpose_totals",
            ),
            models.Index(fields=["status", "date"], name="flow_status_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.amount} {self.currency} ({self.date})"

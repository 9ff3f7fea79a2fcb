"""Every read of assistance records, for pages, the API, exports and reports.

Each starts from ``Flow.objects.visible_to(user)`` (or the fund's, conference's …), so a
total, a fulfilment share or an organisation list never counts or names what the reader
may not see: a restricted pledge is absent from a member's figures, not merely hidden.
Totals are summed by the database (one GROUP BY each) in US dollars and euros.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import (
    Count,
    DecimalField,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Least

from accordwatch.assistance.models import (
    Appeal,
    Conference,
    Flow,
    FlowStatus,
    Fund,
    Organisation,
)
from accordwatch.assistance.rates import CENT, NoRate, Rates
from accordwatch.core.permissions import can_edit

ZERO = Decimal(0)


@dataclass(frozen=True)
class FlowFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    status: str | None = None
    donor: str | None = None  # organisation key (source)
    recipient: str | None = None  # organisation key (destination)
    conference: str | None = None
    fund: str | None = None
    appeal: str | None = None
    commitment: str | None = None  # commitment key
    sector: str | None = None
    purpose: str | None = None
    dataset: str | None = None
    country: str | None = None  # ISO 3166 alpha-3


def visible_flows(*, user: Any) -> QuerySet[Flow]:
    return Flow.objects.visible_to(user)


def counted(flows: QuerySet[Flow]) -> QuerySet[Flow]:
    """Leave out the flows that report money another flow already counts (an IATI
    recipient's report of what its donor reported, marked by the import): totals and
    downloads count each sum of money once. Both stay in the lists, for audit."""
    return flows.filter(duplicate_of__isnull=True)


def flow_list(*, user: Any, filters: FlowFilters | None = None) -> QuerySet[Flow]:
    """The flows ``user`` may see, filtered, newest first."""
    flows = visible_flows(user=user)
    f = filters or FlowFilters()
    if f.date_from:
        flows = flows.filter(date__gte=f.date_from)
    if f.date_to:
        flows = flows.filter(date__lte=f.date_to)
    if f.status:
        flows = flows.filter(status=f.status)
    if f.donor:
        flows = flows.filter(source_org__key=f.donor)
    if f.recipient:
        flows = flows.filter(destination_org__key=f.recipient)
    if f.conference:
        flows = flows.filter(conference__key=f.conference)
    if f.fund:
        flows = flows.filter(fund__key=f.fund)
    if f.appeal:
        flows = flows.filter(appeal__key=f.appeal)
    if f.commitment:
        flows = flows.filter(commitments__key=f.commitment)
    if f.sector:
        flows = flows.filter(sector=f.sector)
    if f.purpose:
        flows = flows.filter(purpose=f.purpose)
    if f.dataset:
        flows = flows.filter(dataset=f.dataset)
    if f.country:
        flows = flows.filter(country_iso3=f.country.upper())
    return flows.order_by("-date", "-id")


def flow_detail(*, user: Any, pk: int) -> Flow:
    """One flow ``user`` may see (Flow.DoesNotExist otherwise, as for one that is not)."""
    return (
        visible_flows(user=user)
        .select_related("source_org", "destination_org", "conference", "fund", "appeal")
        .get(pk=pk)
    )


def flow_fulfilments(*, user: Any, flow: Flow) -> QuerySet[Flow]:
    return visible_flows(user=user).filter(fulfils=flow).order_by("date", "id")


@dataclass(frozen=True, slots=True)
class FlowLinks:
    """What a table row says of a flow's links, counting only flows the reader may see."""

    fulfils: int | None = None  # the pledge or commitment it fulfils
    fulfils_status: str = ""
    payments: int = 0  # flows paid towards it
    commitments: int = 0  # commitments made towards it
    duplicate_of: int | None = None  # the flow that reports the same money and counts it


def flow_links(*, user: Any, flows: list[Flow]) -> dict[int, FlowLinks]:
    """The links of the flows a table shows, in two queries whatever their number."""
    visible = visible_flows(user=user)
    targets = {f.fulfils_id for f in flows if f.fulfils_id} | {
        f.duplicate_of_id for f in flows if f.duplicate_of_id
    }
    statuses = dict(visible.filter(pk__in=targets).values_list("pk", "status"))
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        visible.filter(fulfils__in=[f.pk for f in flows])
        .order_by()
        .values("fulfils_id", "status")
        .annotate(n=Count("id"))
    ):
        counts[row["fulfils_id"]][row["status"]] = row["n"]
    links = {}
    for f in flows:
        fulfils = f.fulfils_id if f.fulfils_id in statuses else None
        links[f.pk] = FlowLinks(
            fulfils=fulfils,
            fulfils_status=statuses.get(fulfils, "") if fulfils else "",
            payments=counts[f.pk].get(FlowStatus.PAID, 0),
            commitments=counts[f.pk].get(FlowStatus.COMMITMENT, 0),
            duplicate_of=f.duplicate_of_id if f.duplicate_of_id in statuses else None,
        )
    return links


def organisation_list(*, user: Any) -> QuerySet[Organisation]:
    """Editors: every organisation. Others: those named by a flow or fund they may see."""
    organisations = Organisation.objects.all()
    if can_edit(user):
        return organisations.order_by("name")
    flows = visible_flows(user=user)
    named = (
        Q(pk__in=flows.values("source_org_id"))
        | Q(pk__in=flows.filter(destination_org__isnull=False).values("destination_org_id"))
        | Q(pk__in=Fund.objects.visible_to(user).values("organisation_id"))
    )
    return organisations.filter(named).order_by("name")


def organisation_detail(*, user: Any, key: str) -> Organisation:
    return organisation_list(user=user).get(key=key)


def fund_list(*, user: Any) -> QuerySet[Fund]:
    return Fund.objects.visible_to(user).select_related("organisation").order_by("name")


def conference_list(*, user: Any) -> QuerySet[Conference]:
    return Conference.objects.visible_to(user).order_by("held_on", "name")


def appeal_list(*, user: Any) -> QuerySet[Appeal]:
    return Appeal.objects.visible_to(user).order_by("-year", "name")


# --- the dashboard ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Total:
    """Flows summed: how many, and how much in US dollars and euros."""

    count: int = 0
    usd: Decimal = ZERO
    eur: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class Group:
    key: Any  # the organisation id, the status or the purpose
    label: str
    by_status: dict[str, Total]

    def total(self, status: str) -> Total:
        return self.by_status.get(status, Total())


@dataclass(frozen=True)
class Dashboard:
    by_status: dict[str, Total]
    by_donor: list[Group]
    by_purpose: list[Group]


def _total(row: Mapping[str, Any]) -> Total:
    # Cents, whatever the database's sum type (SQLite sums decimals as floats).
    return Total(row["n"], _cents(row["usd"]), _cents(row["eur"]))


def _cents(value: Decimal | None) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


def _grouped(flows: QuerySet[Flow], column: str) -> dict[Any, dict[str, Total]]:
    rows = (
        flows.order_by()
        .values(column, "status")
        .annotate(n=Count("id"), usd=Sum("amount_usd"), eur=Sum("amount_eur"))
    )
    grouped: dict[Any, dict[str, Total]] = defaultdict(dict)
    for row in rows:
        grouped[row[column]][row["status"]] = _total(row)
    return grouped


def _ranked(grouped: dict[Any, dict[str, Total]], labels: dict[Any, str]) -> list[Group]:
    """Largest first by money paid, then committed, then pledged."""
    groups = [
        Group(key, labels.get(key, str(key or "")), statuses) for key, statuses in grouped.items()
    ]

    def weight(group: Group) -> tuple[Decimal, ...]:
        return tuple(group.total(s).usd for s in (FlowStatus.PAID, FlowStatus.COMMITMENT, "pledge"))

    return sorted(groups, key=weight, reverse=True)


def dashboard(*, user: Any, filters: FlowFilters | None = None) -> Dashboard:
    """Totals by donor × status and by purpose × status (two GROUP BYs, each answered
    from its covering index); the totals by status are summed from the donors' groups.
    The same money reported twice is counted once (``counted``)."""
    flows = counted(flow_list(user=user, filters=filters))
    donors = _grouped(flows, "source_org_id")
    by_status: dict[str, Total] = {}
    for statuses in donors.values():
        for status, total in statuses.items():
            seen = by_status.get(status, Total())
            by_status[status] = Total(
                seen.count + total.count, seen.usd + total.usd, seen.eur + total.eur
            )
    names = dict(Organisation.objects.filter(pk__in=list(donors)).values_list("pk", "name"))
    purposes = _grouped(flows, "purpose")
    return Dashboard(
        by_status=by_status,
        by_donor=_ranked(donors, names),
        by_purpose=_ranked(purposes, {key: key for key in purposes}),
    )


# --- pledge fulfilment ------------------------------------------------------------------


class Pledge(NamedTuple):
    """The fields of a pledge the fulfilment figures need (no model instance: a donor
    report reads thousands)."""

    pk: int
    date: dt.date
    amount_usd: Decimal
    source_org_id: int
    donor: str
    purpose: str
    conference_id: int | None


@dataclass(frozen=True, slots=True)
class PledgeFulfilment:
    pledge: Pledge
    committed_usd: Decimal
    paid_usd: Decimal

    @property
    def outstanding_usd(self) -> Decimal:
        return max(self.pledge.amount_usd - self.paid_usd, ZERO)

    @property
    def share_paid(self) -> float | None:
        if not self.pledge.amount_usd:
            return None
        return float(self.paid_usd / self.pledge.amount_usd)

    @property
    def fulfilled(self) -> bool:
        return self.paid_usd >= self.pledge.amount_usd

    @property
    def overpaid(self) -> bool:
        return self.paid_usd > self.pledge.amount_usd


@dataclass
class DonorFulfilment:
    organisation_id: int
    name: str
    pledged_usd: Decimal = ZERO
    paid_usd: Decimal = ZERO
    outstanding_usd: Decimal = ZERO
    unfulfilled: int = 0
    oldest_unfulfilled_days: int | None = None  # age of the oldest pledge not yet paid
    pledges: list[PledgeFulfilment] = field(default_factory=list)


def age_days(fulfilment: PledgeFulfilment, today: dt.date) -> int | None:
    """Days since an unfulfilled pledge was made; None once it is paid in full."""
    if fulfilment.fulfilled:
        return None
    return max((today - fulfilment.pledge.date).days, 0)


def pledge_fulfilment(
    *,
    user: Any,
    filters: FlowFilters | None = None,
    after: tuple[dt.date, int] | None = None,
    limit: int | None = None,
) -> list[PledgeFulfilment]:
    """Each pledge ``user`` may see, with what has been committed and paid towards it
    (counting only the commitments and payments ``user`` may see), oldest first: by date,
    then id. ``after`` (the date and id of a pledge) and ``limit`` read one page of them,
    the next ``limit`` pledges after that one, as the paged API does."""
    f = filters or FlowFilters()
    pledges = flow_list(user=user, filters=_replace_status(f, FlowStatus.PLEDGE)).order_by(
        "date", "id"
    )
    if after is not None:
        day, pk = after
        # date >= day is implied by the rest; said on its own, it lets the database start
        # its walk of the (date, id) index at the cursor instead of at the oldest pledge.
        pledges = pledges.filter(date__gte=day).filter(Q(date__gt=day) | Q(date=day, id__gt=pk))
    rows = pledges.values_list(
        "pk", "date", "amount_usd", "source_org_id", "source_org__name", "purpose", "conference_id"
    )
    if limit is not None:
        rows = rows[:limit]
        page = list(rows)
        # A page names its few pledges; the whole list is matched by a subquery instead
        # (tens of thousands of ids would not fit in one SQLite statement).
        fulfilled: Any = [row[0] for row in page]
    else:
        page = list(rows)
        fulfilled = pledges.values("pk")
    towards = (
        visible_flows(user=user)
        .filter(fulfils__in=fulfilled)
        .order_by()
        .values("fulfils_id", "status")
        .annotate(usd=Sum("amount_usd"))
    )
    sums: dict[tuple[int, str], Decimal] = {
        (row["fulfils_id"], row["status"]): _cents(row["usd"]) for row in towards
    }
    return [
        PledgeFulfilment(
            Pledge(*row),
            committed_usd=sums.get((row[0], FlowStatus.COMMITMENT), ZERO),
            paid_usd=sums.get((row[0], FlowStatus.PAID), ZERO),
        )
        for row in page
    ]


def _replace_status(filters: FlowFilters, status: str) -> FlowFilters:
    return replace(filters, status=status)


def fulfilment_by_donor(
    *, user: Any, today: dt.date, filters: FlowFilters | None = None
) -> list[DonorFulfilment]:
    """Pledges per donor: pledged, paid towards them, outstanding, and the age in days of
    the oldest pledge not yet paid in full. Largest outstanding first."""
    donors: dict[int, DonorFulfilment] = {}
    for item in pledge_fulfilment(user=user, filters=filters):
        pledge = item.pledge
        donor = donors.setdefault(
            pledge.source_org_id, DonorFulfilment(pledge.source_org_id, pledge.donor)
        )
        donor.pledges.append(item)
        donor.pledged_usd += item.pledge.amount_usd
        donor.paid_usd += min(item.paid_usd, item.pledge.amount_usd)
        donor.outstanding_usd += item.outstanding_usd
        age = age_days(item, today)
        if age is not None:
            donor.unfulfilled += 1
            oldest = donor.oldest_unfulfilled_days
            donor.oldest_unfulfilled_days = age if oldest is None else max(oldest, age)
    return sorted(donors.values(), key=lambda d: (-d.outstanding_usd, d.name))


def donor_fulfilment_totals(
    *, user: Any, today: dt.date, filters: FlowFilters | None = None
) -> list[DonorFulfilment]:
    """What ``fulfilment_by_donor`` gives without each donor's pledges, computed by the
    database in one query (each pledge's payments summed by a subquery, capped at the
    pledge, grouped by donor): for pages over many thousands of pledges."""
    f = filters or FlowFilters()
    paid_towards = (
        visible_flows(user=user)
        .filter(fulfils=OuterRef("pk"), status=FlowStatus.PAID)
        .order_by()
        .values("fulfils")
        .annotate(total=Sum("amount_usd"))
        .values("total")
    )
    money = DecimalField(max_digits=20, decimal_places=2)
    pledges = flow_list(user=user, filters=_replace_status(f, FlowStatus.PLEDGE)).annotate(
        paid=Coalesce(Subquery(paid_towards, output_field=money), Value(ZERO), output_field=money)
    )
    waiting = Q(paid__lt=F("amount_usd"))
    rows = (
        pledges.order_by()
        .values("source_org_id", "source_org__name")
        .annotate(
            pledged=Sum("amount_usd"),
            paid_capped=Sum(Least("paid", "amount_usd", output_field=money)),
            unfulfilled=Count("id", filter=waiting),
            oldest=Min("date", filter=waiting),
        )
    )
    donors = []
    for row in rows:
        pledged, paid = _cents(row["pledged"]), _cents(row["paid_capped"])
        oldest = row["oldest"]
        donors.append(
            DonorFulfilment(
                row["source_org_id"],
                row["source_org__name"],
                pledged_usd=pledged,
                paid_usd=paid,
                outstanding_usd=pledged - paid,
                unfulfilled=row["unfulfilled"],
                oldest_unfulfilled_days=max((today - oldest).days, 0) if oldest else None,
            )
        )
    return sorted(donors, key=lambda d: (-d.outstanding_usd, d.name))


# --- funds, conferences, appeals --------------------------------------------------------


@dataclass(frozen=True)
class FundPosition:
    fund: Fund
    contributions: dict[str, Total]  # by status, flows into the fund
    disbursements: dict[str, Total]  # by status, flows out of it

    @property
    def balance_usd(self) -> Decimal:
        paid = FlowStatus.PAID
        return self.contributions.get(paid, Total()).usd - self.disbursements.get(paid, Total()).usd

    @property
    def balance_eur(self) -> Decimal:
        paid = FlowStatus.PAID
        return self.contributions.get(paid, Total()).eur - self.disbursements.get(paid, Total()).eur

    @property
    def paid_in(self) -> Total:
        return self.contributions.get(FlowStatus.PAID, Total())

    @property
    def share_of_target(self) -> float | None:
        """Paid contributions against the target, when the target is in USD or EUR."""
        target = self.fund.target
        if not target:
            return None
        if self.fund.currency == "USD":
            return float(self.paid_in.usd / target)
        if self.fund.currency == "EUR":
            return float(self.paid_in.eur / target)
        return None


def _by_status(flows: QuerySet[Flow]) -> dict[str, Total]:
    return {
        row["status"]: _total(row)
        for row in counted(flows)
        .order_by()
        .values("status")
        .annotate(n=Count("id"), usd=Sum("amount_usd"), eur=Sum("amount_eur"))
    }


def fund_position(*, user: Any, key: str) -> FundPosition:
    fund = fund_list(user=user).get(key=key)
    flows = visible_flows(user=user)
    return FundPosition(
        fund=fund,
        contributions=_by_status(flows.filter(destination_org_id=fund.organisation_id)),
        disbursements=_by_status(flows.filter(source_org_id=fund.organisation_id)),
    )


@dataclass(frozen=True)
class Coverage:
    """Requirements against the money pledged, committed and paid towards them."""

    record: Conference | Appeal
    requirements_usd: Decimal | None
    by_status: dict[str, Total]

    def share(self, status: str) -> float | None:
        if not self.requirements_usd:
            return None
        return float(self.by_status.get(status, Total()).usd / self.requirements_usd)


def conference_funding(*, user: Any, key: str) -> Coverage:
    conference = conference_list(user=user).get(key=key)
    requirements = None
    if conference.requirements is not None and conference.requirements_currency:
        on = conference.held_on or dt.date.today()
        try:
            rates = Rates()
            requirements = rates.convert(
                conference.requirements, conference.requirements_currency, on
            ).usd
        except NoRate:
            requirements = None  # shown without a share rather than with a guessed one
    flows = visible_flows(user=user).filter(conference=conference)
    return Coverage(conference, requirements, _by_status(flows))


def appeal_funding(*, user: Any, key: str) -> Coverage:
    appeal = appeal_list(user=user).get(key=key)
    flows = visible_flows(user=user).filter(appeal=appeal)
    return Coverage(appeal, appeal.requirements_usd, _by_status(flows))


# --- the editing pages (flow list and page, rates, choices of the forms) -----------------


def flow_commitments(*, user: Any, flow: Flow) -> QuerySet[Any]:
    """The commitments (decisions) a flow answers, those ``user`` may see."""
    from accordwatch.commitments.selectors import visible_commitments

    return (
        visible_commitments(user=user)
        .filter(assistance_flows=flow)
        .select_related("document")
        .order_by("document__adopted_on", "position", "id")
    )


def flow_fulfilled(*, user: Any, flow: Flow) -> Flow | None:
    """The pledge or commitment ``flow`` fulfils, when ``user`` may see it."""
    if flow.fulfils_id is None:
        return None
    return visible_flows(user=user).select_related("source_org").filter(pk=flow.fulfils_id).first()


def pledge_progress(*, user: Any, flow: Flow) -> PledgeFulfilment:
    """What has been committed and paid towards one pledge or commitment, counting only
    the flows ``user`` may see."""
    sums = {
        row["status"]: _cents(row["usd"])
        for row in visible_flows(user=user)
        .filter(fulfils=flow)
        .order_by()
        .values("status")
        .annotate(usd=Sum("amount_usd"))
    }
    pledge = Pledge(
        flow.pk,
        flow.date,
        flow.amount_usd,
        flow.source_org_id,
        flow.source_org.name,
        flow.purpose,
        flow.conference_id,
    )
    return PledgeFulfilment(
        pledge,
        committed_usd=sums.get(FlowStatus.COMMITMENT, ZERO),
        paid_usd=sums.get(FlowStatus.PAID, ZERO),
    )


def flows_to_fulfil(*, user: Any, donor_id: int | None = None) -> QuerySet[Flow]:
    """Pledges and commitments a new commitment or payment may fulfil, newest first; one
    donor's when it is known (the service accepts only the same donor's)."""
    flows = visible_flows(user=user).filter(status__in=[FlowStatus.PLEDGE, FlowStatus.COMMITMENT])
    if donor_id is not None:
        flows = flows.filter(source_org_id=donor_id)
    return flows.select_related("source_org").order_by("-date", "-id")


def flow_years(*, user: Any) -> list[int]:
    """The years in which ``user`` may see flows, newest first (the list's year filter)."""
    # Two walks of the date index, each stopping at the first flow the reader may see:
    # MIN and MAX over a filtered table would read all of it.
    dates = visible_flows(user=user).values_list("date", flat=True)
    first, last = dates.order_by("date", "id").first(), dates.order_by("-date", "-id").first()
    if first is None or last is None:
        return []
    return list(range(last.year, first.year - 1, -1))


def exchange_rate_list(*, currency: str = "") -> QuerySet[Any]:
    """The exchange-rate table (reference data, the same for every reader), newest first
    within each currency."""
    from accordwatch.assistance.models import ExchangeRate

    rates = ExchangeRate.objects.all()
    if currency:
        rates = rates.filter(currency=currency.upper())
    return rates.order_by("currency", "-valid_from")


def exchange_rate_currencies() -> list[str]:
    from accordwatch.assistance.models import ExchangeRate

    return list(
        ExchangeRate.objects.order_by("currency").values_list("currency", flat=True).distinct()
    )


# --- the charts' aggregates -------------------------------------------------------------


def totals_by_sector(*, user: Any, filters: FlowFilters | None = None) -> list[Group]:
    """Totals by sector × status (one GROUP BY), largest first, as ``dashboard`` gives
    them by purpose; flows with no sector make one group with an empty label."""
    sectors = _grouped(counted(flow_list(user=user, filters=filters)), "sector")
    return _ranked(sectors, {key: key for key in sectors})


@dataclass(frozen=True, slots=True)
class FundMonth:
    """One month of a fund's paid flows: in, out, and the balance at the month's end."""

    month: dt.date
    contributed_usd: Decimal
    disbursed_usd: Decimal
    balance_usd: Decimal


def fund_monthly(*, user: Any, key: str) -> list[FundMonth]:
    """Paid contributions and disbursements of a fund month by month (months with
    neither are left out), with the running balance; the last balance is
    ``fund_position(...).balance_usd``. Only the flows ``user`` may see count."""
    from django.db.models.functions import TruncMonth

    fund = fund_list(user=user).get(key=key)
    paid = counted(visible_flows(user=user)).filter(status=FlowStatus.PAID).order_by()

    def monthly(flows: QuerySet[Flow]) -> dict[dt.date, Decimal]:
        rows = (
            flows.annotate(month=TruncMonth("date"))
            .values("month")
            .annotate(usd=Sum("amount_usd"))
            .values_list("month", "usd")
        )
        # SQLite may hand the month back as a datetime; the page wants dates.
        return {_as_date(month): _cents(usd) for month, usd in rows}

    into = monthly(paid.filter(destination_org_id=fund.organisation_id))
    out = monthly(paid.filter(source_org_id=fund.organisation_id))
    balance = ZERO
    months = []
    for month in sorted(set(into) | set(out)):
        contributed, disbursed = into.get(month, ZERO), out.get(month, ZERO)
        balance += contributed - disbursed
        months.append(FundMonth(month, contributed, disbursed, balance))
    return months


def _as_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def organisation_search(*, user: Any, q: str = "") -> QuerySet[Organisation]:
    """The organisations ``user`` may see whose name, acronym or key contains ``q``."""
    organisations = organisation_list(user=user)
    q = q.strip()
    if q:
        organisations = organisations.filter(
            Q(name__icontains=q) | Q(acronym__icontains=q) | Q(key__icontains=q)
        )
    return organisations


def flow_duplicate_of(*, user: Any, flow: Flow) -> Flow | None:
    """The flow that reports the same money as ``flow`` and counts it, when ``user`` may
    see it."""
    if flow.duplicate_of_id is None:
        return None
    return visible_flows(user=user).filter(pk=flow.duplicate_of_id).first()


def flow_duplicates(*, user: Any, flow: Flow) -> QuerySet[Flow]:
    """The flows ``user`` may see that report the money of ``flow`` again."""
    return visible_flows(user=user).filter(duplicate_of=flow).order_by("id")


def flow_parties(*, user: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(key, name) of the organisations that give, and of those that receive, a flow
    ``user`` may see: the flow list's donor and recipient choices. One index probe per
    organisation, rather than reading every flow."""
    from django.db.models import Exists

    flows = visible_flows(user=user).order_by()
    organisations = Organisation.objects.order_by("name")
    donors = organisations.filter(Exists(flows.filter(source_org=OuterRef("pk"))))
    recipients = organisations.filter(Exists(flows.filter(destination_org=OuterRef("pk"))))
    return list(donors.values_list("key", "name")), list(recipients.values_list("key", "name"))

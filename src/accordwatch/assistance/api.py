"""Read API of the assistance app: organisations, flows, the dashboard's figures, pledge
fulfilment, funds, conferences, appeals and exchange rates.

Handlers parse input and call selectors, nothing more. A flow, fund or conference the
caller may not see is answered 404, exactly like one that does not exist, and every
figure counts only the flows the caller may see. Amounts are exact decimals, written as
strings in JSON.
"""

# No ``from __future__ import annotations``: ninja's @paginate rebuilds the handler's
# signature outside this module, where string annotations such as Query[FlowQuery] fail.
import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from accordwatch.api_common import ANYONE, SIGNED_IN, Paging, caller, input_error
from accordwatch.assistance import selectors, services
from accordwatch.assistance.models import ExchangeRate, Flow, Organisation
from accordwatch.assistance.query import BadFilter, flow_filters
from accordwatch.assistance.rates import CENT
from accordwatch.assistance.selectors import FlowFilters, Total
from accordwatch.commitments.models import Commitment
from accordwatch.core.models import Source
from accordwatch.incidents.api import decode_cursor, encode_cursor

router = Router()


# --- answers ----------------------------------------------------------------------------


class OrganisationOut(Schema):
    key: str
    name: str
    acronym: str
    kinds: list[str] = Field(description="donor, recipient, implementer")
    iati_ref: str
    fts_id: str
    actor: str | None = Field(None, description="Key of the gazetteer actor it is, if any.")

    @staticmethod
    def resolve_actor(org: Organisation) -> str | None:
        return org.actor.key if org.actor_id and org.actor else None


class FlowOut(Schema):
    id: int
    dataset: str
    external_id: str
    date: dt.date
    status: str
    donor: str = Field(description="Key of the source organisation.")
    recipient: str | None = Field(None, description="Key of the destination organisation.")
    amount: Decimal
    currency: str
    amount_usd: Decimal
    amount_eur: Decimal
    rate_date: dt.date | None = Field(None, description="Date of the rates used to convert.")
    flow_type: str
    sector: str
    purpose: str
    description: str
    country_iso3: str
    conference: str | None = None
    fund: str | None = None
    appeal: str | None = None
    fulfils: int | None = Field(None, description="Id of the pledge or commitment it fulfils.")
    confidentiality: str
    publication_state: str

    @staticmethod
    def resolve_donor(flow: Flow) -> str:
        return flow.source_org.key

    @staticmethod
    def resolve_recipient(flow: Flow) -> str | None:
        return flow.destination_org.key if flow.destination_org else None

    @staticmethod
    def resolve_conference(flow: Flow) -> str | None:
        return getattr(flow, "conference_seen", None)

    @staticmethod
    def resolve_fund(flow: Flow) -> str | None:
        return getattr(flow, "fund_seen", None)

    @staticmethod
    def resolve_appeal(flow: Flow) -> str | None:
        return getattr(flow, "appeal_seen", None)

    @staticmethod
    def resolve_fulfils(flow: Flow) -> int | None:
        return getattr(flow, "fulfils_seen", None)


class FlowDetailOut(FlowOut):
    fulfilments: list[int] = Field(description="Ids of the flows that fulfil this one.")
    commitments: list[str] = Field(description="Keys of the commitments it answers.")
    sources: list[str] = Field(description="Keys of its sources.")

    @staticmethod
    def resolve_fulfilments(flow: Flow) -> list[int]:
        return flow.fulfilments_seen

    @staticmethod
    def resolve_commitments(flow: Flow) -> list[str]:
        return flow.commitments_seen

    @staticmethod
    def resolve_sources(flow: Flow) -> list[str]:
        return flow.sources_seen


class TotalOut(Schema):
    count: int
    usd: Decimal
    eur: Decimal


class GroupOut(Schema):
    key: str | None
    label: str
    by_status: dict[str, TotalOut]


class DashboardOut(Schema):
    by_status: dict[str, TotalOut]
    by_donor: list[GroupOut]
    by_purpose: list[GroupOut]


class PledgeOut(Schema):
    id: int
    date: dt.date
    donor: str = Field(description="Key of the organisation that pledged.")
    amount_usd: Decimal
    committed_usd: Decimal
    paid_usd: Decimal
    outstanding_usd: Decimal
    age_days: int | None = Field(None, description="Days since pledged, while not paid in full.")


class DonorFulfilmentOut(Schema):
    donor: str
    name: str
    pledged_usd: Decimal
    paid_usd: Decimal
    outstanding_usd: Decimal
    unfulfilled: int
    oldest_unfulfilled_days: int | None


class PledgePage(Schema):
    items: list[PledgeOut]
    next: str | None = Field(None, description="Pass as `cursor` for the next page.")


class FundOut(Schema):
    key: str
    name: str
    organisation: str
    target: Decimal | None
    currency: str
    established_on: dt.date | None
    summary: str
    contributions: dict[str, TotalOut] | None = None
    disbursements: dict[str, TotalOut] | None = None
    balance_usd: Decimal | None = None
    balance_eur: Decimal | None = None
    share_of_target: float | None = None


class ConferenceOut(Schema):
    key: str
    name: str
    held_on: dt.date | None
    place: str
    organiser: str
    purpose: str
    requirements: Decimal | None
    requirements_currency: str
    summary: str
    requirements_usd: Decimal | None = None
    by_status: dict[str, TotalOut] | None = None


class AppealOut(Schema):
    key: str
    name: str
    year: int | None
    fts_plan_id: str
    requirements_usd: Decimal | None
    by_status: dict[str, TotalOut] | None = None


class RateIn(Schema):
    currency: str = Field(description="ISO 4217 code, not USD.")
    valid_from: dt.date = Field(description="The rate holds from this day to the next rate.")
    units_per_usd: Decimal = Field(description="Units of the currency per US dollar.")
    source: str = Field(description="Who published the rate, and which (annual average …).")


class RateOut(Schema):
    currency: str
    valid_from: dt.date
    units_per_usd: Decimal
    source: str


# --- queries ----------------------------------------------------------------------------


class FlowQuery(Schema):
    date_from: dt.date | None = Field(None, alias="from", description="On or after this day.")
    date_to: dt.date | None = Field(None, alias="to", description="On or before this day.")
    status: str | None = Field(None, description="pledge, commitment or paid.")
    donor: str | None = Field(None, description="Key of the source organisation.")
    recipient: str | None = Field(None, description="Key of the destination organisation.")
    conference: str | None = Field(None, description="Key of a conference.")
    fund: str | None = Field(None, description="Key of a fund.")
    appeal: str | None = Field(None, description="Key of an appeal.")
    commitment: str | None = Field(None, description="Key of a commitment it answers.")
    sector: str | None = None
    purpose: str | None = None
    dataset: str | None = Field(None, description="manual, iati or fts.")
    country: str | None = Field(None, description="ISO 3166 alpha-3.")

    model_config = {"populate_by_name": True}

    def filters(self) -> FlowFilters:
        text = {
            name: (value.isoformat() if isinstance(value, dt.date) else value)
            for name, value in self.model_dump(by_alias=True).items()
            if value is not None
        }
        try:
            return flow_filters(text)
        except BadFilter as error:
            raise input_error(["query", error.name], str(error)) from error


# --- helpers ----------------------------------------------------------------------------


def _totals(totals: dict[str, Total]) -> dict[str, dict[str, Any]]:
    return {status: {"count": t.count, "usd": t.usd, "eur": t.eur} for status, t in totals.items()}


def _with_links(user: Any, flows: list[Flow]) -> list[Flow]:
    """Name each flow's conference, fund, appeal and fulfilled pledge only when the caller
    may see them (a public flow may go into an internal fund)."""
    conferences = dict(selectors.conference_list(user=user).values_list("pk", "key"))
    funds = dict(selectors.fund_list(user=user).values_list("pk", "key"))
    appeals = dict(selectors.appeal_list(user=user).values_list("pk", "key"))
    pledges = {flow.fulfils_id for flow in flows if flow.fulfils_id}
    visible = set(
        selectors.visible_flows(user=user).filter(pk__in=pledges).values_list("pk", flat=True)
    )
    for flow in flows:
        flow.conference_seen = conferences.get(flow.conference_id)
        flow.fund_seen = funds.get(flow.fund_id)
        flow.appeal_seen = appeals.get(flow.appeal_id)
        flow.fulfils_seen = flow.fulfils_id if flow.fulfils_id in visible else None
    return flows


# --- endpoints --------------------------------------------------------------------------


@router.get(
    "/assistance/organisations",
    response=list[OrganisationOut],
    auth=ANYONE,
    summary="List donors, recipients and implementers",
    description="Members and the public see the organisations named by a flow or fund "
    "they may see.",
)
@paginate(Paging)
def list_organisations(request: HttpRequest) -> QuerySet[Organisation]:
    return selectors.organisation_list(user=caller(request)).select_related("actor")


@router.get(
    "/assistance/organisations/{key}",
    response=OrganisationOut,
    auth=ANYONE,
    summary="An organisation",
)
def get_organisation(request: HttpRequest, key: str) -> Organisation:
    return selectors.organisation_detail(user=caller(request), key=key)


@router.get(
    "/assistance/flows",
    response=list[FlowOut],
    auth=ANYONE,
    summary="List flows",
    description="Newest first; the filters combine.",
)
@paginate(Paging)
def list_flows(request: HttpRequest, query: Query[FlowQuery]) -> Any:
    user = caller(request)
    flows = selectors.flow_list(user=user, filters=query.filters()).select_related(
        "source_org", "destination_org"
    )
    return _LinkedPage(user, flows)


class _LinkedPage:
    """A queryset wrapper that the paginator slices, naming links on the slice only."""

    def __init__(self, user: Any, flows: QuerySet[Flow]):
        self.user = user
        self.flows = flows

    def count(self) -> int:
        return self.flows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Flow]:
        return _with_links(self.user, list(self.flows[window]))


@router.get(
    "/assistance/flows/{flow_id}",
    response=FlowDetailOut,
    auth=ANYONE,
    summary="A flow",
    description="With the flows fulfilling it, and the commitments and sources the caller may see.",
)
def get_flow(request: HttpRequest, flow_id: int) -> Flow:
    user = caller(request)
    flow = selectors.flow_detail(user=user, pk=flow_id)
    _with_links(user, [flow])
    flow.fulfilments_seen = list(
        selectors.flow_fulfilments(user=user, flow=flow).values_list("pk", flat=True)
    )
    flow.commitments_seen = list(
        Commitment.objects.visible_to(user)
        .filter(assistance_flows=flow)
        .order_by("key")
        .values_list("key", flat=True)
    )
    flow.sources_seen = list(
        Source.objects.visible_to(user)
        .filter(pk__in=flow.sources.values("pk"))
        .order_by("key")
        .values_list("key", flat=True)
    )
    return flow


@router.get(
    "/assistance/dashboard",
    response=DashboardOut,
    auth=ANYONE,
    summary="Totals by status, donor and purpose",
    description="Counts and sums in USD and EUR of the flows the caller may see, with the "
    "flow filters.",
)
def get_dashboard(request: HttpRequest, query: Query[FlowQuery]) -> JsonResponse:
    user = caller(request)
    board = selectors.dashboard(user=user, filters=query.filters())
    donors = dict(
        Organisation.objects.filter(pk__in=[g.key for g in board.by_donor]).values_list("pk", "key")
    )

    def groups(items: list[selectors.Group], keys: dict[Any, str] | None) -> list[dict]:
        return [
            {
                "key": keys.get(g.key) if keys is not None else g.key,
                "label": g.label,
                "by_status": _totals(g.by_status),
            }
            for g in items
        ]

    # Hundreds of groups built here from the selector's plain values: written as they
    # are rather than validated again one by one (which tripled the answer's time);
    # DashboardOut still describes them in the OpenAPI schema.
    return JsonResponse(
        {
            "by_status": _totals(board.by_status),
            "by_donor": groups(board.by_donor, donors),
            "by_purpose": groups(board.by_purpose, None),
        },
        encoder=_DecimalsAsText,
    )


class _DecimalsAsText(DjangoJSONEncoder):
    """Amounts as exact decimal strings ("400.00"), as the validated answers write them."""


@router.get(
    "/assistance/pledges/fulfilment",
    response=list[DonorFulfilmentOut],
    auth=ANYONE,
    summary="Pledge fulfilment by donor",
    description="Per donor: pledged, paid towards the pledges, outstanding, how many pledges "
    "are not paid in full and how many days the oldest of them has waited; largest "
    "outstanding first. Each pledge is in `GET /api/assistance/pledges` (paged).",
)
def get_fulfilment(request: HttpRequest, query: Query[FlowQuery]) -> JsonResponse:
    rows = selectors.donor_fulfilment_totals(
        user=caller(request), today=timezone.localdate(), filters=query.filters()
    )
    keys = _organisation_keys({row.organisation_id for row in rows})
    # Written as they are, like the dashboard's groups; DonorFulfilmentOut describes them.
    return JsonResponse(
        [
            {
                "donor": keys[row.organisation_id],
                "name": row.name,
                "pledged_usd": str(_cents(row.pledged_usd)),
                "paid_usd": str(_cents(row.paid_usd)),
                "outstanding_usd": str(_cents(row.outstanding_usd)),
                "unfulfilled": row.unfulfilled,
                "oldest_unfulfilled_days": row.oldest_unfulfilled_days,
            }
            for row in rows
        ],
        safe=False,
    )


class PledgePageQuery(Schema):
    cursor: str | None = Field(None, description="`next` of the previous page.")
    limit: int = Field(50, ge=1, le=500, description="Pledges per page (at most 500).")


@router.get(
    "/assistance/pledges",
    response=PledgePage,
    auth=ANYONE,
    summary="Each pledge and what was committed and paid towards it",
    description="Oldest first (by date, then id), with the flow filters (`status` is "
    "always pledge). Pass the answer's `next` as `cursor` for the next page; `next` is "
    "null on the last page. Only the commitments and payments the caller may see count.",
)
def list_pledges(
    request: HttpRequest, query: Query[FlowQuery], page: Query[PledgePageQuery]
) -> JsonResponse:
    try:
        after = decode_cursor(page.cursor) if page.cursor else None
    except ValueError as error:
        raise input_error(["query", "cursor"], str(error)) from error
    today = timezone.localdate()
    rows = selectors.pledge_fulfilment(
        user=caller(request), filters=query.filters(), after=after, limit=page.limit + 1
    )
    items = rows[: page.limit]
    keys = _organisation_keys({item.pledge.source_org_id for item in items})
    last = items[-1].pledge if items else None
    # Up to 500 items built here from plain values and written as they are, as the
    # dashboard's groups are: validating each again took half the answer's time.
    # PledgePage still describes them in the OpenAPI schema.
    return JsonResponse(
        {
            "items": [
                {
                    "id": item.pledge.pk,
                    "date": item.pledge.date.isoformat(),
                    "donor": keys[item.pledge.source_org_id],
                    "amount_usd": str(_cents(item.pledge.amount_usd)),
                    "committed_usd": str(_cents(item.committed_usd)),
                    "paid_usd": str(_cents(item.paid_usd)),
                    "outstanding_usd": str(_cents(item.outstanding_usd)),
                    "age_days": selectors.age_days(item, today),
                }
                for item in items
            ],
            "next": encode_cursor(last.date, last.pk) if last and len(rows) > page.limit else None,
        }
    )


def _cents(amount: Decimal) -> Decimal:
    """An amount written with its cents ("0.00", not "0"), as every amount of the API is."""
    return amount.quantize(CENT)


def _organisation_keys(ids: set[int]) -> dict[int, str]:
    # The donors of flows the caller may see: naming them reveals nothing more.
    return dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "key"))


def _fund(fund: Any) -> dict[str, Any]:
    return {
        "key": fund.key,
        "name": fund.name,
        "organisation": fund.organisation.key,
        "target": fund.target,
        "currency": fund.currency,
        "established_on": fund.established_on,
        "summary": fund.summary,
    }


@router.get("/assistance/funds", response=list[FundOut], auth=ANYONE, summary="List funds")
def list_funds(request: HttpRequest) -> list[dict[str, Any]]:
    return [_fund(fund) for fund in selectors.fund_list(user=caller(request))]


@router.get(
    "/assistance/funds/{key}",
    response=FundOut,
    auth=ANYONE,
    summary="A fund and its position",
    description="Contributions (flows into it) and disbursements (flows out of it) by "
    "status; the balance is paid in less paid out.",
)
def get_fund(request: HttpRequest, key: str) -> dict[str, Any]:
    position = selectors.fund_position(user=caller(request), key=key)
    return {
        **_fund(position.fund),
        "contributions": _totals(position.contributions),
        "disbursements": _totals(position.disbursements),
        "balance_usd": position.balance_usd,
        "balance_eur": position.balance_eur,
        "share_of_target": position.share_of_target,
    }


@router.get(
    "/assistance/conferences",
    response=list[ConferenceOut],
    auth=ANYONE,
    summary="List conferences",
)
def list_conferences(request: HttpRequest) -> Any:
    return list(selectors.conference_list(user=caller(request)))


@router.get(
    "/assistance/conferences/{key}",
    response=ConferenceOut,
    auth=ANYONE,
    summary="A conference: requirements against funding",
)
def get_conference(request: HttpRequest, key: str) -> Any:
    coverage = selectors.conference_funding(user=caller(request), key=key)
    conference = coverage.record
    conference.requirements_usd = coverage.requirements_usd
    conference.by_status = _totals(coverage.by_status)
    return conference


@router.get("/assistance/appeals", response=list[AppealOut], auth=ANYONE, summary="List appeals")
def list_appeals(request: HttpRequest) -> Any:
    return list(selectors.appeal_list(user=caller(request)))


@router.get(
    "/assistance/appeals/{key}",
    response=AppealOut,
    auth=ANYONE,
    summary="An appeal: requirements against funding",
)
def get_appeal(request: HttpRequest, key: str) -> Any:
    coverage = selectors.appeal_funding(user=caller(request), key=key)
    appeal = coverage.record
    appeal.by_status = _totals(coverage.by_status)
    return appeal


@router.get(
    "/assistance/rates",
    response=list[RateOut],
    auth=ANYONE,
    summary="Exchange rates",
    description="Units of each currency per US dollar, from each date on.",
)
def list_rates(request: HttpRequest) -> QuerySet[ExchangeRate]:
    return ExchangeRate.objects.order_by("currency", "valid_from")


@router.post(
    "/assistance/rates",
    response={200: RateOut, 201: RateOut},
    auth=SIGNED_IN,
    summary="Add or correct an exchange rate (editors)",
    description="Flows already written keep the amounts converted when they were written. "
    "201 for a new rate, 200 for a corrected one; 401 without credentials, 403 for a "
    "non-editor, 422 names the invalid field.",
)
def set_rate(request: HttpRequest, payload: RateIn) -> tuple[int, ExchangeRate]:
    existed = ExchangeRate.objects.filter(
        currency=payload.currency.strip().upper(), valid_from=payload.valid_from
    ).exists()
    rate, _ = services.exchange_rate_set(
        actor=caller(request),
        currency=payload.currency,
        valid_from=payload.valid_from,
        units_per_usd=payload.units_per_usd,
        source=payload.source,
    )
    return (200 if existed else 201), rate

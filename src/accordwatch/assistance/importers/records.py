"""What the assistance parsers yield: IATI activities with their transactions, FTS flows.

The contract between the parsers (``iati.py``, ``fts.py``) and the import services the
assistance app will build on them. Text is trimmed; amounts are ``Decimal``; dates are
``datetime.date``; every repeated part is a tuple so that records stay hashable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

# IATI TransactionType codes we read; every other type is counted and skipped.
INCOMING_FUNDS = "1"
OUTGOING_COMMITMENT = "2"
DISBURSEMENT = "3"
EXPENDITURE = "4"
INCOMING_COMMITMENT = "11"
TRANSACTION_TYPES = {
    INCOMING_FUNDS: "incoming funds",
    OUTGOING_COMMITMENT: "outgoing commitment",
    DISBURSEMENT: "disbursement",
    EXPENDITURE: "expenditure",
    INCOMING_COMMITMENT: "incoming commitment",
}

# IATI OrganisationRole codes of participating-org.
FUNDING = "1"
ACCOUNTABLE = "2"
EXTENDING = "3"
IMPLEMENTING = "4"


@dataclass(frozen=True, slots=True)
class Narrative:
    text: str
    lang: str = ""  # xml:lang, or the activity's default language; "" when neither says


@dataclass(frozen=True, slots=True)
class Organisation:
    """A reporting, participating, provider or receiver organisation."""

    ref: str = ""  # the IATI organisation identifier, "" when the file gives none
    type: str = ""  # IATI OrganisationType code ("10" government, "40" multilateral …)
    role: str = ""  # participating-org only: FUNDING, ACCOUNTABLE, EXTENDING, IMPLEMENTING
    names: tuple[Narrative, ...] = ()
    activity_id: str = ""  # provider-activity-id / receiver-activity-id

    @property
    def name(self) -> str:
        return self.names[0].text if self.names else ""


@dataclass(frozen=True, slots=True)
class Sector:
    code: str
    vocabulary: str = "1"  # IATI SectorVocabulary; 1 = OECD DAC 5-digit (the default)
    percentage: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Transaction:
    line: int
    type: str  # one of TRANSACTION_TYPES
    date: dt.date  # transaction-date/@iso-date
    value: Decimal  # never negative
    currency: str  # the value's own, or the activity's default-currency
    value_date: dt.date  # the date for currency conversion; the transaction date if absent
    provider: Organisation | None = None
    receiver: Organisation | None = None
    sector: Sector | None = None
    description: tuple[Narrative, ...] = ()
    reference: str = ""  # transaction/@ref


@dataclass(frozen=True, slots=True)
class Activity:
    line: int
    identifier: str  # iati-identifier: the activity's key
    reporting_org: Organisation
    title: tuple[Narrative, ...]
    default_currency: str
    recipient_countries: tuple[str, ...]  # ISO 3166-1 alpha-2 codes as IATI writes them
    sectors: tuple[Sector, ...]
    participating_orgs: tuple[Organisation, ...]
    transactions: tuple[Transaction, ...]
    skipped_transactions: int = 0  # transactions of other types (5 interest, 12 purchase …)

    def orgs(self, role: str) -> tuple[Organisation, ...]:
        return tuple(org for org in self.participating_orgs if org.role == role)


# --- OCHA FTS ---------------------------------------------------------------------------

PLEDGE = "pledge"
COMMITMENT = "commitment"
PAID = "paid"
FLOW_STATUSES = (PLEDGE, COMMITMENT, PAID)


@dataclass(frozen=True, slots=True)
class FlowObject:
    """One end of a flow, as FTS describes it: an organisation, a plan, a location …"""

    type: str  # "Organization", "Plan", "Location", "UsageYear", "GlobalCluster" …
    id: str
    name: str
    behavior: str = ""  # FTS: "single" or "shared" (split between several objects)


@dataclass(frozen=True, slots=True)
class Flow:
    index: int  # position in data.flows, for messages
    id: str
    amount_usd: Decimal
    status: str  # one of FLOW_STATUSES
    date: dt.date
    original_amount: Decimal | None = None
    original_currency: str = ""
    decision_date: dt.date | None = None
    description: str = ""
    flow_type: str = ""  # "Standard", "Parked", "Pass Through" …
    sources: tuple[FlowObject, ...] = ()
    destinations: tuple[FlowObject, ...] = ()
    # FTS chains flows: parentFlowId is the flow upstream of this one (a pledge this
    # payment realises, or the donor's contribution a fund passes on), childFlowIds those
    # downstream. Both are FTS flow ids; "" and () when the flow has none.
    parent_id: str = ""
    child_ids: tuple[str, ...] = ()

    def sources_of(self, kind: str) -> tuple[FlowObject, ...]:
        return tuple(obj for obj in self.sources if obj.type == kind)

    def destinations_of(self, kind: str) -> tuple[FlowObject, ...]:
        return tuple(obj for obj in self.destinations if obj.type == kind)

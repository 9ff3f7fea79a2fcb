"""The links an import reads between flows: which pledge or commitment a flow fulfils, and
which IATI transaction reports money another publisher already reported.

Used by ``imports.py`` inside the import's transaction, once the file's flows are written
(the rules are in docs/assistance.md, "Links between flows"):

- a flow names the flow upstream of it (``parent_ref``: FTS ``parentFlowId``, or the IATI
  commitment a disbursement pays). The link becomes ``fulfils`` when it is an earlier
  stage of the same donor's money; otherwise (a fund passing a donor's money on) it is
  kept as the parent and not counted as a fulfilment. A parent not held yet waits: the
  import that brings it makes the link.
- a donor's outgoing IATI transaction and the recipient's incoming one that name each
  other's activity and agree on currency, amount and date are the same money: the
  recipient's is marked ``duplicate_of`` the donor's and left out of the totals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from accordwatch.assistance.importers import records as rec
from accordwatch.assistance.models import Flow, FlowStatus

# Which stage may fulfil which (the services' rule, repeated here as plain strings).
FULFILS = {
    FlowStatus.COMMITMENT.value: {FlowStatus.PLEDGE.value},
    FlowStatus.PAID.value: {FlowStatus.PLEDGE.value, FlowStatus.COMMITMENT.value},
}
CHUNK = 500
MAX_CHAIN = 1000  # a chain of parents longer than this is a broken file, not a chain


class Known(NamedTuple):
    """What a link needs of a flow."""

    pk: int
    status: str
    source_org_id: int
    parent_ref: str


def fulfils(child: Known | Flow, parent: Known) -> bool:
    """Whether ``parent`` is an earlier stage of the same donor's money."""
    return (
        parent.status in FULFILS.get(child.status, set())
        and parent.source_org_id == child.source_org_id
    )


def chunks(items: list[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def held(dataset: str, external_ids: Iterable[str]) -> dict[str, Known]:
    """The flows of ``dataset`` held under these external ids."""
    found: dict[str, Known] = {}
    for part in chunks(sorted(set(external_ids))):
        for ext, *known in Flow.objects.filter(dataset=dataset, external_id__in=part).values_list(
            "external_id", "pk", "status", "source_org_id", "parent_ref"
        ):
            found[ext] = Known(*known)
    return found


def cycle_from(start: str, parent_of: Any) -> list[str] | None:
    """The external ids of a cycle of parents through ``start`` (start first), if any."""
    chain = [start]
    current = parent_of(start)
    while current and len(chain) <= MAX_CHAIN:
        if current == start:
            return chain
        if current in chain:
            return None  # a cycle further up, reported from one of its own flows
        chain.append(current)
        current = parent_of(current)
    return chain if len(chain) > MAX_CHAIN else None


# --- the same money reported twice (IATI) -------------------------------------------------

# Outgoing type → the incoming type that reports the same money at the other end.
ANSWERS = {rec.OUTGOING_COMMITMENT: rec.INCOMING_COMMITMENT, rec.DISBURSEMENT: rec.INCOMING_FUNDS}
AMOUNT_TOLERANCE = Decimal("0.005")  # half a per cent of the larger value
DATE_TOLERANCE = dt.timedelta(days=31)


class Reported(NamedTuple):
    pk: int
    external_id: str
    flow_type: str
    currency: str
    amount: Decimal
    date: dt.date
    counterpart_activity: str
    duplicate_of_id: int | None

    @property
    def activity(self) -> str:
        return self.external_id.rsplit("#", 1)[0]

    @property
    def code(self) -> str:
        parts = self.flow_type.split()
        return parts[1] if len(parts) > 1 and parts[0] == "IATI" else ""


_REPORTED = (
    "pk",
    "external_id",
    "flow_type",
    "currency",
    "amount",
    "date",
    "counterpart_activity",
    "duplicate_of_id",
)


def _activity_flows(activities: set[str]) -> Iterator[Reported]:
    """The IATI flows of these activities: their external ids are ``<activity>#<n>``, read
    as ranges of the (dataset, external id) index."""
    from django.db.models import Q

    for part in chunks(sorted(activities), 100):
        ranges = Q()
        for activity in part:
            # "#" is followed by "$" in character order: the range holds "<activity>#…".
            ranges |= Q(external_id__gt=f"{activity}#", external_id__lt=f"{activity}$")
        for row in Flow.objects.filter(ranges, dataset="iati").values_list(*_REPORTED):
            yield Reported(*row)


def same_money(out: Reported, into: Reported) -> bool:
    """Whether a donor's outgoing transaction and a recipient's incoming one report the
    same money: they name each other's activity (either side suffices), are the matching
    types, and agree on currency, on the amount within half a per cent and on the date
    within 31 days."""
    if ANSWERS.get(out.code) != into.code or out.activity == into.activity:
        return False
    if out.counterpart_activity != into.activity and into.counterpart_activity != out.activity:
        return False
    if out.currency != into.currency or abs(out.date - into.date) > DATE_TOLERANCE:
        return False
    larger = max(out.amount, into.amount)
    return abs(out.amount - into.amount) <= larger * AMOUNT_TOLERANCE


@dataclass
class DuplicatePlan:
    """Each incoming flow's wanted ``duplicate_of`` (None: counted) where it changes."""

    changes: dict[int, int | None]
    marked: int  # pairs found in all


def plan_duplicates() -> DuplicatePlan:
    """Pairs every IATI incoming transaction that reports a donor's outgoing one, one to
    one, the closest in date first (then in amount, then by external id, so the outcome
    never depends on the order rows come back in)."""
    pointing = list(
        Reported(*row)
        for row in Flow.objects.filter(dataset="iati")
        .exclude(counterpart_activity="")
        .values_list(*_REPORTED)
    )
    flows = {flow.pk: flow for flow in pointing}
    activities = {flow.counterpart_activity for flow in pointing}
    for flow in _activity_flows(activities):
        flows[flow.pk] = flow
    by_activity: dict[str, list[Reported]] = {}
    for flow in flows.values():
        by_activity.setdefault(flow.activity, []).append(flow)
    pairs: list[tuple[Any, ...]] = []
    for flow in pointing:
        others = by_activity.get(flow.counterpart_activity, [])
        for other in others:
            out, into = (flow, other) if flow.code in ANSWERS else (other, flow)
            if same_money(out, into):
                key = (abs(out.date - into.date), abs(out.amount - into.amount))
                pairs.append((*key, out.external_id, into.external_id, out.pk, into.pk))
    used: set[int] = set()
    wanted: dict[int, int] = {}
    for *_, out_pk, into_pk in sorted(set(pairs)):
        if out_pk in used or into_pk in used:
            continue
        used.update((out_pk, into_pk))
        wanted[into_pk] = out_pk
    changes: dict[int, int | None] = {}
    marked_now = Flow.objects.filter(dataset="iati", duplicate_of__isnull=False).values_list(
        "pk", "duplicate_of_id"
    )
    for pk, duplicate_of in marked_now:
        if wanted.get(pk) != duplicate_of:
            changes[pk] = wanted.get(pk)
    for pk, out_pk in wanted.items():
        if flows[pk].duplicate_of_id != out_pk:
            changes[pk] = out_pk
    return DuplicatePlan(changes, len(wanted))

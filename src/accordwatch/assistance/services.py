"""Every write to assistance records: one transaction, one audit event, editors only.

Flows are checked here whoever writes them (a page, the API, the demo loader): a
non-numeric or negative amount, a currency that is not ISO 4217, a date with no exchange
rate, a ``fulfils`` that is not an earlier stage of the same donor's money — each refused
with the field named. A payment that takes a pledge past its amount is accepted with a
warning: donors do pay more than they pledged, and the secretariat wants to see it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from accordwatch.assistance.importers.currencies import is_currency
from accordwatch.assistance.models import (
    Appeal,
    Conference,
    ExchangeRate,
    Flow,
    FlowStatus,
    Fund,
    Organisation,
)
from accordwatch.assistance.rates import CENT, NoRate, Rates
from accordwatch.core import audit
from accordwatch.core.models import Source
from accordwatch.core.permissions import require_editor
from accordwatch.core.services import SYSTEM, upsert

# Which stage may fulfil which: a commitment or a payment fulfils a pledge, a payment a
# commitment. A pledge fulfils nothing.
FULFILS = {
    FlowStatus.COMMITMENT: {FlowStatus.PLEDGE},
    FlowStatus.PAID: {FlowStatus.PLEDGE, FlowStatus.COMMITMENT},
}


def _check_editor(actor: Any) -> None:
    if actor is not SYSTEM:
        require_editor(actor)


# --- reference records ------------------------------------------------------------------


def organisation_upsert(
    *, actor: Any, key: str, sources: Iterable[Source] = (), new: bool = False, **values: Any
) -> tuple[Organisation, bool]:
    return upsert(
        actor=actor, model=Organisation, key=key, values=values, m2m={"sources": sources}, new=new
    )


def conference_upsert(
    *, actor: Any, key: str, sources: Iterable[Source] = (), new: bool = False, **values: Any
) -> tuple[Conference, bool]:
    _check_currency(values.get("requirements_currency", ""), "requirements_currency", blank=True)
    return upsert(
        actor=actor, model=Conference, key=key, values=values, m2m={"sources": sources}, new=new
    )


def appeal_upsert(
    *, actor: Any, key: str, sources: Iterable[Source] = (), new: bool = False, **values: Any
) -> tuple[Appeal, bool]:
    return upsert(
        actor=actor, model=Appeal, key=key, values=values, m2m={"sources": sources}, new=new
    )


def fund_upsert(
    *, actor: Any, key: str, sources: Iterable[Source] = (), new: bool = False, **values: Any
) -> tuple[Fund, bool]:
    _check_currency(values.get("currency", "USD"), "currency")
    if "target" in values and values["target"] is not None:
        values["target"] = _amount(values["target"], "target")
    return upsert(
        actor=actor, model=Fund, key=key, values=values, m2m={"sources": sources}, new=new
    )


def exchange_rate_set(
    *, actor: Any, currency: str, valid_from: dt.date, units_per_usd: Any, source: str
) -> tuple[ExchangeRate, bool]:
    """Add or correct the rate of ``currency`` from ``valid_from``. Flows already written
    keep the amounts converted when they were written."""
    _check_editor(actor)
    currency = (currency or "").strip().upper()
    _check_currency(currency, "currency")
    if currency == "USD":
        raise ValidationError({"currency": "amounts are converted through USD: it needs no rate"})
    units = _amount(units_per_usd, "units_per_usd")
    if units == 0:
        raise ValidationError({"units_per_usd": "a rate must be greater than zero"})
    with transaction.atomic():
        rate = (
            ExchangeRate.objects.select_for_update()
            .filter(currency=currency, valid_from=valid_from)
            .first()
        )
        before = audit.snapshot(rate) if rate else None
        if rate is None:
            rate = ExchangeRate(currency=currency, valid_from=valid_from)
        rate.units_per_usd = units.quantize(Decimal("0.0000000001"))
        rate.source = source
        rate.full_clean()
        if before is not None and audit.snapshot(rate) == before:
            return rate, False
        rate.save()
        audit.record(
            user=actor,
            action="exchangerate.create" if before is None else "exchangerate.update",
            obj=rate,
            before=before,
            after=audit.snapshot(rate),
        )
    return rate, True


# --- flows ------------------------------------------------------------------------------


@dataclass
class FlowResult:
    flow: Flow
    changed: bool
    warnings: list[str] = field(default_factory=list)


def flow_create(
    *,
    actor: Any,
    source_org: Organisation,
    amount: Any,
    currency: str,
    status: str,
    date: dt.date,
    destination_org: Organisation | None = None,
    commitments: Iterable[Any] = (),
    sources: Iterable[Source] = (),
    **values: Any,
) -> FlowResult:
    """Record a flow; its USD and EUR amounts are computed at ``date``."""
    return _flow_write(
        actor=actor,
        flow=None,
        values={
            "source_org": source_org,
            "destination_org": destination_org,
            "amount": amount,
            "currency": currency,
            "status": status,
            "date": date,
            **values,
        },
        commitments=commitments,
        sources=sources,
    )


def flow_update(
    *,
    actor: Any,
    flow: Flow,
    commitments: Iterable[Any] | None = None,
    sources: Iterable[Source] | None = None,
    **values: Any,
) -> FlowResult:
    """Change a flow; the conversion is done again if the amount, currency or date moved."""
    return _flow_write(
        actor=actor, flow=flow, values=values, commitments=commitments, sources=sources
    )


def flow_upsert(
    *,
    actor: Any,
    dataset: str,
    external_id: str,
    commitments: Iterable[Any] = (),
    sources: Iterable[Source] = (),
    **values: Any,
) -> FlowResult:
    """Create or update the flow with this (dataset, external id): the demo and scripts
    use it to stay idempotent."""
    existing = Flow.objects.filter(dataset=dataset, external_id=external_id).first()
    return _flow_write(
        actor=actor,
        flow=existing,
        values={"dataset": dataset, "external_id": external_id, **values},
        commitments=commitments,
        sources=sources,
    )


_DERIVED = ("amount_usd", "amount_eur", "rate_date", "fund")


def _flow_write(
    *,
    actor: Any,
    flow: Flow | None,
    values: dict[str, Any],
    commitments: Iterable[Any] | None,
    sources: Iterable[Source] | None,
) -> FlowResult:
    _check_editor(actor)
    unknown = set(values) & set(_DERIVED)
    if unknown:
        raise ValidationError({name: "computed, not given" for name in sorted(unknown)})
    with transaction.atomic():
        if flow is not None:
            flow = Flow.objects.select_for_update().get(pk=flow.pk)
        before = audit.snapshot(flow) if flow is not None else None
        created = flow is None
        flow = flow or Flow()
        for name, value in values.items():
            setattr(flow, name, value)
        _check_flow(flow)
        if created or audit.snapshot(flow) != before:
            flow.save()
        if commitments is not None:
            flow.commitments.set(list(commitments))
        if sources is not None:
            flow.sources.set(list(sources))
        after = audit.snapshot(flow)
        if after == before:
            return FlowResult(flow, False, _fulfilment_warnings(flow))
        audit.record(
            user=actor,
            action="flow.create" if created else "flow.update",
            obj=flow,
            before=before,
            after=after,
        )
        return FlowResult(flow, True, _fulfilment_warnings(flow))


def _check_flow(flow: Flow) -> None:
    """Validate and complete ``flow`` in place: amount, currency, conversion, fund, fulfils."""
    flow.amount = _amount(flow.amount, "amount")
    if flow.amount != flow.amount.quantize(CENT):
        raise ValidationError({"amount": "at most two decimal places"})
    flow.amount = flow.amount.quantize(CENT)
    flow.currency = (flow.currency or "").strip().upper()
    _check_currency(flow.currency, "currency")
    if flow.status not in FlowStatus.values:
        raise ValidationError(
            {"status": f"should be one of {', '.join(FlowStatus.values)}; it is {flow.status!r}"}
        )
    if not isinstance(flow.date, dt.date):
        raise ValidationError({"date": "a date is required (YYYY-MM-DD)"})
    try:
        conversion = Rates().convert(flow.amount, flow.currency, flow.date)
    except NoRate as error:
        raise ValidationError({"date": str(error)}) from None
    flow.amount_usd, flow.amount_eur, flow.rate_date = (
        conversion.usd,
        conversion.eur,
        conversion.rate_date,
    )
    flow.fund = fund_of(flow.source_org_id, flow.destination_org_id)
    if flow.fulfils_id is not None:
        target = Flow.objects.get(pk=flow.fulfils_id)
        if flow.pk is not None and target.pk == flow.pk:
            raise ValidationError({"fulfils": "a flow cannot fulfil itself"})
        allowed = FULFILS.get(FlowStatus(flow.status), set())
        if target.status not in allowed:
            raise ValidationError({"fulfils": f"a {flow.status} cannot fulfil a {target.status}"})
        if target.source_org_id != flow.source_org_id:
            raise ValidationError(
                {"fulfils": "only the same donor's money fulfils a pledge or commitment"}
            )
    flow.full_clean(exclude=["commitments", "sources"])


def fund_of(source_id: int | None, destination_id: int | None) -> Fund | None:
    """The fund a flow goes into or comes out of, if either end is a fund's organisation."""
    ids = [pk for pk in (destination_id, source_id) if pk is not None]
    if not ids:
        return None
    funds = {fund.organisation_id: fund for fund in Fund.objects.filter(organisation_id__in=ids)}
    for pk in ids:
        if pk in funds:
            return funds[pk]
    return None


def _fulfilment_warnings(flow: Flow) -> list[str]:
    """What is worth an editor's second look, though not refused."""
    if flow.fulfils_id is None:
        return []
    target = Flow.objects.get(pk=flow.fulfils_id)
    paid = Flow.objects.filter(fulfils_id=target.pk, status=flow.status).aggregate(
        total=Sum("amount_usd")
    )["total"] or Decimal(0)
    if paid > target.amount_usd:
        word = "payments" if flow.status == FlowStatus.PAID else "commitments"
        return [
            f"the {word} fulfilling this {target.status} (USD {paid:,.2f}) exceed it "
            f"(USD {target.amount_usd:,.2f})"
        ]
    return []


def _amount(value: Any, name: str) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise ValidationError({name: "a number is required"})
    try:
        amount = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise ValidationError({name: f"not a number: {str(value)[:40]!r}"}) from None
    if not amount.is_finite():
        raise ValidationError({name: f"not a number: {str(value)[:40]!r}"})
    if amount < 0:
        raise ValidationError({name: "an amount cannot be negative"})
    return amount


def _check_currency(code: str, name: str, *, blank: bool = False) -> None:
    if blank and not code:
        return
    if not is_currency(code or ""):
        raise ValidationError({name: f"unknown currency {code!r}: give an ISO 4217 code"})


# --- removing a flow entered by mistake (added for the editing pages) ------------------


def flow_delete(*, actor: Any, flow: Flow) -> None:
    """Remove a flow recorded by mistake (entered twice, wrong donor). The audit event keeps
    every field, so nothing is lost. A pledge or commitment that other flows fulfil is
    refused: those flows would point at nothing; they are changed first."""
    _check_editor(actor)
    with transaction.atomic():
        flow = Flow.objects.select_for_update().get(pk=flow.pk)
        fulfilled_by = list(Flow.objects.filter(fulfils=flow).values_list("pk", flat=True)[:5])
        if fulfilled_by:
            numbers = ", ".join(f"#{pk}" for pk in fulfilled_by)
            raise ValidationError(
                {"fulfils": f"other flows fulfil this one ({numbers}); change them first"}
            )
        before = audit.snapshot(flow)
        audit.record(user=actor, action="flow.delete", obj=flow, before=before, after=None)
        flow.commitments.clear()
        flow.sources.clear()
        flow.delete()

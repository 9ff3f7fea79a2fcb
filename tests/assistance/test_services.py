"""Writing flows: conversion at the flow's date, refusals naming the field, warnings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accordwatch.assistance import services
from accordwatch.assistance.models import ExchangeRate, Flow, Organisation
from accordwatch.core.models import AuditEvent
from accordwatch.core.services import SYSTEM
from tests.assistance.helpers import flow, organisation

pytestmark = pytest.mark.django_db


def test_the_seeded_rates_are_there_and_documented():
    eur_2017 = ExchangeRate.objects.get(currency="EUR", valid_from=dt.date(2017, 1, 1))
    assert eur_2017.units_per_usd == Decimal("0.8851907586")  # 1 / 1.1297
    assert "ECB" in eur_2017.source
    assert ExchangeRate.objects.get(
        currency="SAR", valid_from=dt.date(2017, 1, 1)
    ).units_per_usd == Decimal("3.75")


def test_a_euro_pledge_is_stored_in_usd_and_eur_at_its_date():
    pledge = flow(amount="100000000", currency="EUR", date=dt.date(2017, 12, 13))
    assert pledge.amount_eur == Decimal("100000000.00")
    assert pledge.amount_usd == Decimal("112970000.00")  # 2017 average, 1.1297 USD per EUR
    assert pledge.rate_date == dt.date(2017, 1, 1)


def test_a_cfa_amount_goes_through_the_fixed_parity():
    paid = flow(amount="655957", currency="XOF", status="paid", date=dt.date(2018, 3, 1))
    assert paid.amount_eur == Decimal("1000.00")


def test_the_nearest_earlier_rate_is_used():
    services.exchange_rate_set(
        actor=SYSTEM,
        currency="EUR",
        valid_from=dt.date(2017, 12, 1),
        units_per_usd="0.8449",
        source="ECB monthly average, December 2017",
    )
    december = flow(amount="1000", currency="USD", date=dt.date(2017, 12, 13))
    november = flow(amount="1000", currency="USD", date=dt.date(2017, 11, 30))
    assert december.amount_eur == Decimal("844.90")
    assert november.amount_eur == Decimal("885.19")


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"amount": "-5"}, "amount", "negative"),
        ({"amount": "ten million"}, "amount", "not a number"),
        ({"amount": "12.345"}, "amount", "two decimal places"),
        ({"currency": "EURO"}, "currency", "unknown currency"),
        ({"currency": "NOK"}, "date", "no NOK exchange rate on or before 2017-12-13"),
        ({"date": dt.date(2009, 5, 1), "currency": "EUR"}, "date", "no EUR exchange rate"),
        ({"status": "promised"}, "status", "should be one of"),
    ],
)
def test_bad_flows_are_refused_with_the_field_named(changes, field, words):
    donor = organisation()
    values = {
        "source_org": donor,
        "amount": "1000",
        "currency": "USD",
        "status": "pledge",
        "date": dt.date(2017, 12, 13),
        **changes,
    }
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.flow_create(actor=SYSTEM, **values)
    assert words in " ".join(refused.value.message_dict[field])
    assert Flow.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_members_cannot_record_flows(delegate, analyst):
    donor = organisation()
    with pytest.raises(PermissionDenied):
        services.flow_create(
            actor=delegate,
            source_org=donor,
            amount="5",
            currency="USD",
            status="pledge",
            date=dt.date(2017, 1, 2),
        )
    made = services.flow_create(
        actor=analyst,
        source_org=donor,
        amount="5",
        currency="USD",
        status="pledge",
        date=dt.date(2017, 1, 2),
    )
    assert made.changed
    event = AuditEvent.objects.filter(action="flow.create").latest("seq")
    assert event.user_id == analyst.pk


def test_a_payment_larger_than_its_pledge_is_accepted_with_a_warning():
    donor = organisation()
    pledge = flow(source_org=donor, amount="1000000")
    first = services.flow_create(
        actor=SYSTEM,
        source_org=donor,
        amount="600000",
        currency="USD",
        status="paid",
        date=dt.date(2018, 1, 10),
        fulfils=pledge,
    )
    assert first.warnings == []
    second = services.flow_create(
        actor=SYSTEM,
        source_org=donor,
        amount="500000",
        currency="USD",
        status="paid",
        date=dt.date(2018, 2, 10),
        fulfils=pledge,
    )
    assert second.flow.pk
    assert "exceed" in second.warnings[0] and "1,100,000.00" in second.warnings[0]


def test_only_the_same_donors_later_stage_fulfils_a_pledge():
    pledge = flow()
    with pytest.raises(ValidationError) as other_donor:
        flow(status="paid", fulfils=pledge)
    assert "same donor" in other_donor.value.message_dict["fulfils"][0]
    with pytest.raises(ValidationError) as pledge_for_pledge:
        flow(source_org=pledge.source_org, status="pledge", fulfils=pledge)
    assert "cannot fulfil" in pledge_for_pledge.value.message_dict["fulfils"][0]


def test_a_flow_into_a_funds_organisation_belongs_to_the_fund():
    fund_org = organisation(name="Trust fund (test)", is_donor=False, is_recipient=True)
    fund, _ = services.fund_upsert(
        actor=SYSTEM, key="trust-fund", name="Trust fund", organisation=fund_org, currency="USD"
    )
    contribution = flow(destination_org=fund_org, status="paid")
    assert contribution.fund == fund


def test_the_same_upsert_twice_writes_one_event():
    donor = organisation()
    values = {
        "dataset": "manual",
        "external_id": "demo-1",
        "source_org": donor,
        "amount": "10",
        "currency": "EUR",
        "status": "pledge",
        "date": dt.date(2018, 2, 23),
    }
    assert services.flow_upsert(actor=SYSTEM, **values).changed
    events = AuditEvent.objects.count()
    assert not services.flow_upsert(actor=SYSTEM, **values).changed
    assert AuditEvent.objects.count() == events


def test_a_rate_for_usd_or_below_zero_is_refused():
    with pytest.raises(ValidationError):
        services.exchange_rate_set(
            actor=SYSTEM,
            currency="USD",
            valid_from=dt.date(2017, 1, 1),
            units_per_usd=1,
            source="x",
        )
    with pytest.raises(ValidationError):
        services.exchange_rate_set(
            actor=SYSTEM,
            currency="GBP",
            valid_from=dt.date(2017, 1, 1),
            units_per_usd="-1",
            source="x",
        )


def test_a_record_added_by_hand_never_takes_over_an_existing_key():
    services.organisation_upsert(actor=SYSTEM, key="isdb", name="Islamic Development Bank")
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.organisation_upsert(actor=SYSTEM, key="isdb", name="Other", new=True)
    assert "key" in refused.value.message_dict
    assert Organisation.objects.get(key="isdb").name == "Islamic Development Bank"
    assert AuditEvent.objects.count() == events

"""The assistance API per persona: restricted flows reach editors only, internal flows
members too, the public only public published ones — in lists, details and totals."""

from __future__ import annotations

import datetime as dt

import pytest

from accordwatch.assistance import services
from accordwatch.core.services import SYSTEM
from tests.assistance.helpers import flow, organisation

pytestmark = pytest.mark.django_db

RESTRICTED = {"confidentiality": "restricted", "publication_state": "published"}
INTERNAL = {"confidentiality": "internal", "publication_state": "published"}
DRAFT = {"confidentiality": "public", "publication_state": "draft"}
SEES = {
    "admin": {"open", "quiet", "secret", "draft"},
    "analyst": {"open", "quiet", "secret", "draft"},
    "delegate": {"open", "quiet", "draft"},
    "outsider": {"open"},
}


@pytest.fixture
def tiers():
    """A pledge per visibility tier, each from its own donor, keyed by its description."""
    made = {}
    for name, visibility in [
        ("open", {}),
        ("quiet", INTERNAL),
        ("secret", RESTRICTED),
        ("draft", DRAFT),
    ]:
        donor = organisation(key=f"{name}-donor", name=f"{name} donor")
        made[name] = flow(source_org=donor, amount="10", description=name, **visibility)
    return made


@pytest.mark.parametrize("persona", list(SEES))
def test_the_flow_list_holds_what_the_persona_may_see(tiers, as_persona, persona):
    answer = as_persona(persona).get("/api/assistance/flows").json()
    assert {item["description"] for item in answer["items"]} == SEES[persona]
    assert answer["count"] == len(SEES[persona])


@pytest.mark.parametrize("persona", list(SEES))
def test_a_hidden_flow_is_not_found(tiers, as_persona, persona):
    client = as_persona(persona)
    for name, made in tiers.items():
        status = client.get(f"/api/assistance/flows/{made.pk}").status_code
        assert status == (200 if name in SEES[persona] else 404), name


@pytest.mark.parametrize("persona", list(SEES))
def test_totals_and_organisations_count_only_what_the_persona_may_see(tiers, as_persona, persona):
    client = as_persona(persona)
    board = client.get("/api/assistance/dashboard").json()
    assert board["by_status"]["pledge"]["count"] == len(SEES[persona])
    assert {group["key"] for group in board["by_donor"]} == {f"{n}-donor" for n in SEES[persona]}
    orgs = client.get("/api/assistance/organisations").json()["items"]
    assert {org["key"] for org in orgs} == {f"{n}-donor" for n in SEES[persona]}
    fulfilment = client.get("/api/assistance/pledges/fulfilment").json()
    assert {row["donor"] for row in fulfilment} == {f"{n}-donor" for n in SEES[persona]}
    secret = client.get("/api/assistance/organisations/secret-donor")
    assert secret.status_code == (200 if "secret" in SEES[persona] else 404)


def test_filters_and_a_bad_filter(tiers, as_persona):
    client = as_persona("analyst")
    paid = client.get("/api/assistance/flows?status=paid").json()
    assert paid["count"] == 0
    by_donor = client.get("/api/assistance/flows?donor=quiet-donor").json()
    assert [item["description"] for item in by_donor["items"]] == ["quiet"]
    assert client.get("/api/assistance/flows?status=promised").status_code == 422
    assert client.get("/api/assistance/flows?from=someday").status_code == 422


def test_a_payment_shows_the_pledge_it_fulfils_and_the_pledge_its_fulfilments(as_persona):
    donor = organisation(key="d")
    pledge = flow(source_org=donor, amount="100")
    payment = flow(source_org=donor, amount="60", status="paid", fulfils=pledge)
    client = as_persona("outsider")
    assert client.get(f"/api/assistance/flows/{payment.pk}").json()["fulfils"] == pledge.pk
    detail = client.get(f"/api/assistance/flows/{pledge.pk}").json()
    assert detail["fulfilments"] == [payment.pk]
    (row,) = client.get("/api/assistance/pledges/fulfilment").json()
    assert row["outstanding_usd"] == "40.00"
    (item,) = client.get("/api/assistance/pledges").json()["items"]
    assert (item["paid_usd"], item["outstanding_usd"]) == ("60.00", "40.00")
    assert item["age_days"] > 0


def test_a_fund_and_a_conference(as_persona):
    fund_org = organisation(key="tf-org", name="Trust fund")
    services.fund_upsert(
        actor=SYSTEM,
        key="tf",
        name="Trust fund",
        organisation=fund_org,
        target="1000",
        currency="USD",
        confidentiality="public",
        publication_state="published",
    )
    services.conference_upsert(
        actor=SYSTEM,
        key="conf",
        name="Conference",
        held_on=dt.date(2018, 2, 23),
        requirements="500",
        requirements_currency="USD",
        confidentiality="internal",
        publication_state="published",
    )
    flow(destination_org=fund_org, amount="400", status="paid")
    fund = as_persona("outsider").get("/api/assistance/funds/tf").json()
    assert (fund["balance_usd"], fund["share_of_target"]) == ("400.00", 0.4)
    assert as_persona("outsider").get("/api/assistance/conferences/conf").status_code == 404
    conference = as_persona("delegate").get("/api/assistance/conferences/conf").json()
    assert conference["requirements_usd"] == "500.00"


def test_a_public_flow_into_an_internal_fund_does_not_name_the_fund(as_persona):
    fund_org = organisation(key="hidden-fund-org")
    services.fund_upsert(
        actor=SYSTEM, key="hidden", name="Hidden fund", organisation=fund_org, currency="USD"
    )
    made = flow(destination_org=fund_org, amount="5", status="paid")
    assert as_persona("outsider").get(f"/api/assistance/flows/{made.pk}").json()["fund"] is None
    assert as_persona("delegate").get(f"/api/assistance/flows/{made.pk}").json()["fund"] == "hidden"


def test_the_rates_are_listed(as_persona):
    rates = as_persona("outsider").get("/api/assistance/rates?limit=500").json()
    assert any(r["currency"] == "XOF" and r["valid_from"] == "2017-01-01" for r in rates)


def test_editors_add_a_rate_and_flows_written_after_use_it(as_persona):
    body = {
        "currency": "NOK",
        "valid_from": "2017-01-01",
        "units_per_usd": "8.26",
        "source": "A test rate",
    }
    assert (
        as_persona("outsider").post("/api/assistance/rates", body, "application/json").status_code
        == 401
    )
    assert (
        as_persona("delegate").post("/api/assistance/rates", body, "application/json").status_code
        == 403
    )
    bad = as_persona("analyst").post(
        "/api/assistance/rates", {**body, "units_per_usd": "-1"}, "application/json"
    )
    assert bad.status_code == 422
    made = as_persona("analyst").post("/api/assistance/rates", body, "application/json")
    assert made.status_code == 201
    nok = flow(amount="826", currency="NOK", date=dt.date(2017, 6, 1))
    assert str(nok.amount_usd) == "100.00"

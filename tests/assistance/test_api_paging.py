"""GET /api/assistance/pledges: each pledge with what was paid towards it, paged by cursor,
and per persona only the pledges and payments the caller may see."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.assistance.helpers import flow, organisation

pytestmark = pytest.mark.django_db

TIERS = {
    "open": {},
    "quiet": {"confidentiality": "internal", "publication_state": "published"},
    "secret": {"confidentiality": "restricted", "publication_state": "published"},
    "draft": {"confidentiality": "public", "publication_state": "draft"},
}
SEES = {
    "admin": {"open", "quiet", "secret", "draft"},
    "analyst": {"open", "quiet", "secret", "draft"},
    "delegate": {"open", "quiet", "draft"},
    "outsider": {"open"},
}
DAYS = [dt.date(2017, 12, 13), dt.date(2018, 2, 23), dt.date(2018, 2, 23)]


@pytest.fixture
def pledges():
    """Three pledges per visibility tier (two of them on the same day, so ties are paged by
    id), and a payment that is not a pledge and must not be listed."""
    made = {}
    for name, visibility in TIERS.items():
        donor = organisation(key=f"{name}-donor")
        for n, day in enumerate(DAYS):
            made[f"{name}-{n}"] = flow(
                source_org=donor, amount="100", date=day, description=name, **visibility
            )
    flow(source_org=organisation(key="payer"), status="paid", amount="5")
    return made


def walk(client, url: str, limit: int, cursor: str | None = None) -> tuple[list[dict], int]:
    """Every item of every page from ``cursor`` on, and the number of pages read."""
    items, pages = [], 0
    while True:
        answer = client.get(url, {"limit": limit, **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200, answer.content
        body = answer.json()
        items += body["items"]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            return items, pages
        assert len(body["items"]) == limit


@pytest.mark.parametrize("persona", list(SEES))
def test_walking_the_pages_reads_each_visible_pledge_once_oldest_first(
    pledges, as_persona, persona
):
    items, pages = walk(as_persona(persona), "/api/assistance/pledges", limit=2)
    expected = sorted(
        (made for key, made in pledges.items() if key.split("-")[0] in SEES[persona]),
        key=lambda made: (made.date, made.pk),
    )
    assert [item["id"] for item in items] == [made.pk for made in expected]
    assert pages == -(-len(expected) // 2)
    assert {item["donor"] for item in items} == {f"{name}-donor" for name in SEES[persona]}


def test_the_last_page_says_there_is_no_next(pledges, as_persona):
    client = as_persona("outsider")
    answer = client.get("/api/assistance/pledges", {"limit": 3}).json()
    assert len(answer["items"]) == 3
    assert answer["next"] is None


@pytest.mark.parametrize("persona", list(SEES))
def test_only_the_payments_the_caller_may_see_count_towards_a_pledge(as_persona, persona):
    donor = organisation(key="d")
    pledge = flow(source_org=donor, amount="100")
    flow(source_org=donor, amount="30", status="paid", fulfils=pledge)
    flow(source_org=donor, amount="50", status="paid", fulfils=pledge, **TIERS["secret"])
    flow(source_org=donor, amount="10", status="commitment", fulfils=pledge, **TIERS["quiet"])
    (item,) = as_persona(persona).get("/api/assistance/pledges").json()["items"]
    paid = "80.00" if "secret" in SEES[persona] else "30.00"
    committed = "10.00" if "quiet" in SEES[persona] else "0.00"
    assert (item["paid_usd"], item["committed_usd"]) == (paid, committed)
    assert item["outstanding_usd"] == f"{100 - float(paid):.2f}"
    assert item["age_days"] > 0


def test_a_pledge_paid_in_full_has_no_age(as_persona):
    donor = organisation(key="d")
    pledge = flow(source_org=donor, amount="100")
    flow(source_org=donor, amount="120", status="paid", fulfils=pledge)
    (item,) = as_persona("outsider").get("/api/assistance/pledges").json()["items"]
    assert (item["outstanding_usd"], item["age_days"]) == ("0.00", None)


def test_a_pledge_recorded_while_walking_neither_shifts_nor_repeats_the_rest(pledges, as_persona):
    client = as_persona("analyst")
    first = client.get("/api/assistance/pledges", {"limit": 4}).json()
    # An older pledge recorded meanwhile falls before the cursor: the walk goes on where it was.
    flow(source_org=organisation(key="late"), date=dt.date(2016, 1, 1))
    rest, _ = walk(client, "/api/assistance/pledges", limit=4, cursor=first["next"])
    ids = [item["id"] for item in first["items"] + rest]
    assert len(ids) == len(set(ids)) == len(pledges)


def test_the_flow_filters_apply_and_the_status_is_always_pledge(pledges, as_persona):
    client = as_persona("analyst")
    quiet = client.get("/api/assistance/pledges", {"donor": "quiet-donor"}).json()["items"]
    assert {item["donor"] for item in quiet} == {"quiet-donor"} and len(quiet) == 3
    dated = client.get("/api/assistance/pledges", {"from": "2018-01-01"}).json()["items"]
    assert len(dated) == 8
    assert len(client.get("/api/assistance/pledges?status=paid").json()["items"]) == 12


@pytest.mark.parametrize("cursor", ["nonsense", "MjAxNy0xMy0wMX4x"])
def test_a_cursor_that_is_not_ours_is_refused(as_persona, cursor):
    answer = as_persona("analyst").get("/api/assistance/pledges", {"cursor": cursor})
    assert answer.status_code == 422
    assert "cursor" in answer.content.decode()


@pytest.mark.parametrize("limit", [0, 501])
def test_the_page_size_is_bounded(as_persona, limit):
    answer = as_persona("analyst").get("/api/assistance/pledges", {"limit": limit})
    assert answer.status_code == 422


@pytest.mark.parametrize("persona", list(SEES))
def test_the_donor_totals_agree_with_the_pledges(pledges, as_persona, persona):
    client = as_persona(persona)
    donors = client.get("/api/assistance/pledges/fulfilment").json()
    assert {row["donor"] for row in donors} == {f"{n}-donor" for n in SEES[persona]}
    for row in donors:
        assert (row["pledged_usd"], row["unfulfilled"]) == ("300.00", 3)
        assert "pledges" not in row

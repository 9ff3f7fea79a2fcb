"""The assistance pages per persona: what each reader's tables count, the print view,
the fund and conference pages, and the decisions that show their flows."""

from __future__ import annotations

import datetime as dt

import pytest

from accordwatch.assistance import services
from accordwatch.commitments.evidence import collect, pointers
from accordwatch.core.services import SYSTEM
from tests import factories
from tests.assistance.helpers import flow, organisation

pytestmark = pytest.mark.django_db

RESTRICTED = {"confidentiality": "restricted", "publication_state": "published"}


@pytest.fixture
def records():
    flow(source_org=organisation(name="Open donor"), amount="1000", purpose="Joint Force")
    flow(source_org=organisation(name="Secret donor"), amount="7", **RESTRICTED)
    fund_org = organisation(name="Trust fund org", is_donor=False)
    services.fund_upsert(
        actor=SYSTEM,
        key="tf",
        name="Trust fund",
        organisation=fund_org,
        currency="USD",
        summary="Amount unverified.",
        confidentiality="public",
        publication_state="published",
    )
    services.conference_upsert(
        actor=SYSTEM,
        key="brussels",
        name="Brussels conference",
        held_on=dt.date(2018, 2, 23),
        confidentiality="public",
        publication_state="published",
    )


@pytest.mark.parametrize(
    ("persona", "secret_shown"),
    [("admin", True), ("analyst", True), ("delegate", False), ("outsider", False)],
)
def test_the_dashboard_shows_each_reader_what_it_may_see(
    records, as_persona, persona, secret_shown
):
    page = as_persona(persona).get("/assistance/").content.decode()
    assert "Open donor" in page
    assert ("Secret donor" in page) is secret_shown
    assert "Trust fund" in page and "Brussels conference" in page
    assert ("flows.hxl.csv" in page) is (persona != "outsider")


def test_the_print_view_and_a_bad_date(records, as_persona):
    client = as_persona("delegate")
    printed = client.get("/assistance/print/?from=2017-01-01").content.decode()
    assert "print-sheet" in printed and "Open donor" in printed
    page = client.get("/assistance/?from=someday")
    assert page.status_code == 200
    assert "cannot be read" in page.content.decode()


def test_user_text_is_escaped(as_persona):
    flow(source_org=organisation(name="<script>alert(1)</script>"), amount="5")
    page = as_persona("outsider").get("/assistance/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_fund_and_conference_pages(records, as_persona):
    assert (
        "Amount unverified." in as_persona("outsider").get("/assistance/funds/tf/").content.decode()
    )
    page = as_persona("outsider").get("/assistance/conferences/brussels/")
    assert page.status_code == 200
    assert as_persona("outsider").get("/assistance/funds/nothing/").status_code == 404


def test_a_decision_shows_the_flows_that_answer_it(as_persona, user_of):
    decision = factories.commitment(key="decision-viii", title="Support the Joint Force")
    donor = organisation(name="Gulf donor")
    flow(source_org=donor, amount="100", currency="EUR", commitments=[decision])
    flow(source_org=donor, amount="50", currency="EUR", commitments=[decision], **RESTRICTED)
    seen = collect(commitment_ids=[decision.pk], user=user_of("delegate"))[decision.pk]
    mine = [item for item in seen if item.provider == "assistance"]
    assert [item.title for item in mine] == ["Gulf donor: EUR 100"]
    (pointer,) = pointers(commitment_ids=[decision.pk], user=None)[decision.pk]
    page = as_persona("outsider").get(pointer.url).content.decode()
    assert "decision-viii" in page


def test_pledges_age_to_the_end_of_the_period_asked_for(as_persona):
    flow(source_org=organisation(name="Slow donor"), amount="10", date=dt.date(2017, 12, 13))
    page = as_persona("outsider").get("/assistance/?to=2018-12-13").content.decode()
    assert '<td class="num">365</td>' in page
    assert "13 December 2018" in page

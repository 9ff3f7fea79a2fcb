"""The assistance charts: each spec draws the selectors' figures, no more (a restricted
flow is absent from a delegate's charts as from the tables), and every spec compiles."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from decimal import Decimal

import pytest

from accordwatch.assistance import charts, selectors, services
from accordwatch.core.services import SYSTEM
from tests.assistance.helpers import flow, organisation

pytestmark = pytest.mark.django_db

RESTRICTED = {"confidentiality": "restricted", "publication_state": "published"}
PUBLIC = {"confidentiality": "public", "publication_state": "published"}
TODAY = dt.date(2018, 12, 13)


@pytest.fixture
def records():
    open_donor = organisation(name="Open donor")
    pledge = flow(source_org=open_donor, amount="1000", purpose="Joint Force", sector="Security")
    flow(source_org=open_donor, amount="400", status="commitment", fulfils=pledge)
    flow(source_org=open_donor, amount="250", status="paid", fulfils=pledge, sector="Security")
    flow(source_org=organisation(name="Other donor"), amount="300", purpose="Humanitarian")
    secret = organisation(name="Secret donor")
    flow(source_org=secret, amount="7000", purpose="Hidden purpose", **RESTRICTED)
    # A restricted payment towards a public pledge: a delegate sees the pledge unpaid.
    flow(source_org=open_donor, amount="500", status="paid", fulfils=pledge, **RESTRICTED)
    fund_org = organisation(name="Trust fund org", is_donor=False)
    services.fund_upsert(actor=SYSTEM, key="tf", name="Trust fund", organisation=fund_org, **PUBLIC)
    flow(destination_org=fund_org, amount="600", status="paid", date=dt.date(2018, 1, 10))
    flow(destination_org=fund_org, amount="900", status="paid", date=dt.date(2018, 3, 5))
    flow(
        source_org=fund_org,
        destination_org=organisation(),
        amount="250",
        status="paid",
        date=dt.date(2018, 3, 20),
    )
    flow(
        destination_org=fund_org,
        source_org=secret,
        amount="5000",
        status="paid",
        date=dt.date(2018, 2, 1),
        **RESTRICTED,
    )
    conference, _ = services.conference_upsert(
        actor=SYSTEM,
        key="brussels",
        name="Brussels",
        held_on=dt.date(2018, 2, 23),
        requirements=Decimal("2000"),
        requirements_currency="USD",
        **PUBLIC,
    )
    flow(amount="414", conference=conference, date=dt.date(2018, 2, 23))
    flow(amount="99", conference=conference, date=dt.date(2018, 2, 23), **RESTRICTED)


def _dashboard_specs(user):
    board = selectors.dashboard(user=user)
    donors = selectors.donor_fulfilment_totals(user=user, today=TODAY)
    sectors = selectors.totals_by_sector(user=user)
    return (
        board,
        donors,
        sectors,
        {
            "status": charts.status_chart(board.by_status, title="status"),
            "donor": charts.grouped_chart(board.by_donor, title="donor", group_title="Donor"),
            "purpose": charts.grouped_chart(board.by_purpose, title="purpose", group_title="P"),
            "sector": charts.grouped_chart(sectors, title="sector", group_title="Sector"),
            "fulfilment": charts.fulfilment_chart(donors, title="fulfilment"),
        },
    )


def _values(spec, key="usd", by=("group", "status")):
    return {tuple(value[name] for name in by): value[key] for value in spec["data"]["values"]}


@pytest.mark.parametrize("persona", ["analyst", "delegate", "outsider"])
def test_the_dashboard_charts_draw_the_selectors_figures(records, user_of, persona):
    user = user_of(persona)
    board, donors, sectors, specs = _dashboard_specs(user)
    labels = charts.status_labels()
    expected = {(labels[status],): float(total.usd) for status, total in board.by_status.items()}
    assert _values(specs["status"], by=("status",)) == expected
    for name, groups in (
        ("donor", board.by_donor),
        ("purpose", board.by_purpose),
        ("sector", sectors),
    ):
        expected = {
            (group.label or "–", labels[status]): float(total.usd)
            for group in groups
            for status, total in group.by_status.items()
        }
        assert _values(specs[name]) == expected, name
    expected = {}
    for donor in donors:
        expected[(donor.name, "paid")] = float(donor.paid_usd)
        expected[(donor.name, "outstanding")] = float(donor.outstanding_usd)
    assert _values(specs["fulfilment"], by=("donor", "key")) == expected


def test_a_delegate_s_charts_leave_restricted_flows_out(records, user_of):
    _, _, _, analyst = _dashboard_specs(user_of("analyst"))
    _, _, _, delegate = _dashboard_specs(user_of("delegate"))
    assert "Secret donor" in json.dumps(analyst)
    assert "Secret donor" not in json.dumps(delegate)
    assert "Hidden purpose" not in json.dumps(delegate)
    paid = _values(delegate["status"], by=("status",))[(charts.status_labels()["paid"],)]
    assert paid == 250.0 + 600 + 900 + 250  # the restricted payments are not counted
    # The open donor's pledge: 250 paid in the delegate's eyes, 750 in the analyst's.
    assert _values(delegate["fulfilment"], by=("donor", "key"))[("Open donor", "paid")] == 250.0
    assert _values(analyst["fulfilment"], by=("donor", "key"))[("Open donor", "paid")] == 750.0


def test_the_fulfilment_chart_shows_how_long_the_oldest_pledge_has_waited(records):
    donors = selectors.donor_fulfilment_totals(user=None, today=TODAY)
    spec = charts.fulfilment_chart(donors, title="fulfilment")
    waiting = {value["donor"]: value["waiting"] for value in spec["data"]["values"]}
    assert waiting["Open donor"] == "oldest waiting 365 days"
    assert charts.waiting_label(None) == "paid in full"
    assert charts.waiting_label(1) == "oldest waiting 1 day"


def test_the_fund_chart_shows_each_month_and_the_running_balance(records, user_of):
    for persona, balances in (
        ("analyst", [600.0, 5600.0, 6250.0]),
        ("delegate", [600.0, 1250.0]),
    ):
        user = user_of(persona)
        months = selectors.fund_monthly(user=user, key="tf")
        spec = charts.fund_chart(months, title="fund")
        balance = [v["usd"] for v in spec["data"]["values"] if v["key"] == "balance"]
        assert balance == balances, persona
        position = selectors.fund_position(user=user, key="tf")
        assert months[-1].balance_usd == position.balance_usd
    march = _values(spec, by=("month", "key"))
    assert march[("2018-03-01", "in")] == 900.0
    assert march[("2018-03-01", "out")] == -250.0  # paid out: drawn below the axis


def test_the_conference_chart_sets_requirements_beside_the_money(records, user_of):
    for persona, pledged in (("analyst", 513.0), ("delegate", 414.0)):
        coverage = selectors.conference_funding(user=user_of(persona), key="brussels")
        spec = charts.coverage_chart(coverage, title="conference")
        assert _values(spec, by=("key",)) == {("requirements",): 2000.0, ("pledge",): pledged}


def test_a_long_list_is_cut_in_the_chart_and_whole_in_the_table(as_persona):
    for n in range(charts.MOST_BARS + 2):
        flow(source_org=organisation(name=f"Donor {n:02d}"), amount=str(1000 + n))
    spec = charts.grouped_chart(selectors.dashboard(user=None).by_donor, title="d", group_title="")
    assert len({value["group"] for value in spec["data"]["values"]}) == charts.MOST_BARS
    assert spec["usermeta"] == {"shown": charts.MOST_BARS, "total": charts.MOST_BARS + 2}
    page = as_persona("outsider").get("/assistance/").content.decode()
    assert "The chart shows the largest 15; the table lists them all." in page
    assert "Donor 00" in page  # the smallest, left out of the chart, is in the table


def test_the_pages_embed_their_charts_and_the_print_view_keeps_the_tables(records, as_persona):
    client = as_persona("delegate")
    page = client.get("/assistance/").content.decode()
    for name in ("status", "donor", "purpose", "sector", "fulfilment"):
        assert f'data-vega-spec="chart-{name}"' in page
        assert f'id="chart-{name}" type="application/json"' in page
    assert "Secret donor" not in page
    assert "Source: flows recorded in accordwatch" in page
    printed = client.get("/assistance/print/").content.decode()
    assert "data-vega-spec" not in printed and "Open donor" in printed
    fund = client.get("/assistance/funds/tf/").content.decode()
    assert 'id="chart-fund"' in fund and "1,250" in fund
    conference = client.get("/assistance/conferences/brussels/").content.decode()
    assert 'id="chart-conference"' in conference


def test_no_sector_chart_when_no_flow_has_a_sector(as_persona):
    flow(amount="10")
    page = as_persona("analyst").get("/assistance/").content.decode()
    assert 'data-vega-spec="chart-donor"' in page
    assert "chart-sector" not in page


def test_every_spec_compiles_to_an_svg(records):
    vl_convert = pytest.importorskip("vl_convert")
    _, _, _, specs = _dashboard_specs(None)
    specs["fund"] = charts.fund_chart(selectors.fund_monthly(user=None, key="tf"), title="f")
    coverage = selectors.conference_funding(user=None, key="brussels")
    specs["conference"] = charts.coverage_chart(coverage, title="c")
    for name, spec in specs.items():
        # "container" width needs a page around it; a fixed width stands in for it here.
        svg = vl_convert.vegalite_to_svg({**spec, "width": 400})
        assert svg.startswith("<svg") and ("<rect" in svg or "<path" in svg), name


def _printed_charts(client) -> list[str]:
    page = client.get("/assistance/print/").content.decode()
    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    return [base64.b64decode(image).decode("utf-8") for image in images]


def test_the_print_view_draws_the_charts_as_images_of_what_the_reader_may_see(records, as_persona):
    pytest.importorskip("vl_convert")
    for persona, secret_shown in (("analyst", True), ("delegate", False)):
        svgs = _printed_charts(as_persona(persona))
        assert len(svgs) == 5  # status, donor, purpose, sector, fulfilment
        assert all(svg.startswith("<svg") for svg in svgs)
        assert any("Open donor" in svg for svg in svgs)
        assert any("Secret donor" in svg for svg in svgs) is secret_shown, persona

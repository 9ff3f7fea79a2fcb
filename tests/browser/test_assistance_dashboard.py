"""The assistance dashboard in a browser: an analyst sees the charts drawn and the tables'
figures, and follows the links to a fund and a conference; a delegate's page (charts and
the specs embedded in it included) never names a restricted flow's donor."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.processes import run_python

# Beside the demo's pledges: a payment towards one of them, a fund with money in and out,
# and a restricted donor. Written through the services (audited), named by a run tag.
SEED_CODE = """
import datetime as dt, json, sys
from accordwatch.assistance import services as s
from accordwatch.assistance.models import Flow
from accordwatch.core.services import SYSTEM
tag = sys.argv[1]
public = {"confidentiality": "public", "publication_state": "published"}
restricted = {"confidentiality": "restricted", "publication_state": "published"}
donor, _ = s.organisation_upsert(
    actor=SYSTEM, key=f"browser-donor-{tag}", name=f"Browser donor {tag}", is_donor=True
)
secret, _ = s.organisation_upsert(
    actor=SYSTEM, key=f"browser-secret-{tag}", name=f"Restricted donor {tag}", is_donor=True
)
fund_org, _ = s.organisation_upsert(
    actor=SYSTEM, key=f"browser-fund-org-{tag}", name=f"Browser fund {tag}"
)
fund, _ = s.fund_upsert(
    actor=SYSTEM, key=f"browser-fund-{tag}", name=f"Browser fund {tag}",
    organisation=fund_org, currency="USD", **public,
)
pledge = s.flow_create(
    actor=SYSTEM, source_org=donor, amount="5000000", currency="USD", status="pledge",
    date=dt.date(2018, 1, 15), purpose="Browser check", **public,
).flow
s.flow_create(
    actor=SYSTEM, source_org=donor, destination_org=fund_org, amount="2000000",
    currency="USD", status="paid", date=dt.date(2018, 3, 1), fulfils=pledge,
    purpose="Browser check", **public,
)
s.flow_create(
    actor=SYSTEM, source_org=fund_org, amount="750000", currency="USD", status="paid",
    date=dt.date(2018, 5, 2), purpose="Browser check", **public,
)
s.flow_create(
    actor=SYSTEM, source_org=secret, destination_org=fund_org, amount="7777000",
    currency="USD", status="pledge", date=dt.date(2018, 2, 1), purpose=f"Hidden {tag}",
    **restricted,
)
print(json.dumps({"fund": fund.key, "fund_name": fund.name}))
"""


@pytest.fixture(scope="module")
def seeded(app):
    result = run_python(SEED_CODE, env=app.env, args=(app.seed_tag,))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _watch_errors(page) -> list[str]:
    """JavaScript errors and console errors of the page, as they happen."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: (
            errors.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    return errors


def _expect_charts_drawn(page, names: list[str]) -> None:
    for name in names:
        chart = page.locator(f'[data-vega-spec="chart-{name}"]')
        expect(chart).to_have_attribute("data-rendered", "true")
        expect(chart.locator("svg").first).to_be_visible()


def _row(page, section: str, label: str):
    return page.locator(f"section[aria-labelledby='{section}'] tr", has_text=label)


def test_an_analyst_reads_the_charts_and_tables_and_opens_a_fund_and_a_conference(
    new_page, app, seeded
):
    tag = app.seed_tag
    page = new_page()
    errors = _watch_errors(page)
    log_in(page, app, "editor")
    page.goto(reverse("assistance-dashboard"))
    _expect_charts_drawn(page, ["status", "donor", "purpose", "fulfilment"])
    # The charts draw the demo's donors and the seeded ones, the restricted one included.
    donor_chart = page.locator('[data-vega-spec="chart-donor"] svg')
    expect(donor_chart).to_contain_text("Saudi Arabia")
    expect(page.locator('[data-vega-spec="chart-fulfilment"] svg')).to_contain_text(
        f"Browser donor {tag}"
    )
    # The tables under them hold the figures.
    expect(_row(page, "by-donor", f"Restricted donor {tag}")).to_contain_text("7,777,000")
    fulfilment = _row(page, "fulfilment", f"Browser donor {tag}")
    expect(fulfilment).to_contain_text("5,000,000")  # pledged
    expect(fulfilment).to_contain_text("2,000,000")  # paid towards it
    expect(fulfilment).to_contain_text("3,000,000")  # outstanding
    expect(page.locator("section[aria-labelledby='by-status'] .caption")).to_contain_text(
        "Source: flows recorded in accordwatch"
    )

    page.get_by_role("link", name=seeded["fund_name"]).click()
    page.wait_for_url(f"**{reverse('assistance-fund', args=[seeded['fund']])}")
    _expect_charts_drawn(page, ["fund"])
    expect(page.locator("main")).to_contain_text("USD 1,250,000")  # 2,000,000 in, 750,000 out
    months = page.locator("main table", has_text="Balance")
    expect(months.locator("tbody tr")).to_have_count(2)

    page.goto(reverse("assistance-dashboard"))
    page.get_by_role("link", name="High-level conference on the Sahel, Brussels").click()
    page.wait_for_url(f"**{reverse('assistance-conference', args=['brussels-2018-sahel'])}")
    _expect_charts_drawn(page, ["conference"])
    conference_chart = page.locator('[data-vega-spec="chart-conference"] svg')
    expect(conference_chart).to_contain_text("Requirements")
    expect(page.locator("main")).to_contain_text("European Union and its member states")
    assert errors == []


def test_a_delegate_sees_the_charts_without_the_restricted_flows(new_page, app, seeded):
    tag = app.seed_tag
    page = new_page()
    errors = _watch_errors(page)
    log_in(page, app, "member")
    page.goto(reverse("assistance-dashboard"))
    _expect_charts_drawn(page, ["status", "donor", "purpose", "fulfilment"])
    expect(page.locator('[data-vega-spec="chart-donor"] svg')).to_contain_text(
        f"Browser donor {tag}"
    )
    # Neither the drawn page nor the specs and tables in its source name the secret donor.
    assert f"Restricted donor {tag}" not in page.content()
    assert f"Hidden {tag}" not in page.content()
    # The fund's page counts only what the delegate may see (the restricted pledge is
    # not paid, so the balance is the same; the pledge is not listed among the flows).
    page.goto(reverse("assistance-fund", args=[seeded["fund"]]))
    _expect_charts_drawn(page, ["fund"])
    assert f"Restricted donor {tag}" not in page.content()
    assert errors == []

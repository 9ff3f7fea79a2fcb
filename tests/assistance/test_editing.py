"""Keeping the assistance records by hand: the flow list and page per persona, the editing
forms (who may open and post them), a round trip through the services, validation errors
next to their field, the overpayment warning, publication and removal, and CSRF."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from accordwatch.assistance import services
from accordwatch.assistance.models import Appeal, Conference, ExchangeRate, Flow, Fund, Organisation
from accordwatch.core.models import AuditEvent
from accordwatch.core.services import SYSTEM
from tests import factories
from tests.assistance.helpers import PUBLIC, flow, organisation

pytestmark = pytest.mark.django_db

EDITORS = {"admin", "analyst"}
PERSONAS = ["admin", "analyst", "delegate", "outsider"]


@pytest.fixture
def records():
    donor = organisation(key="norway", name="Norway")
    recipient = organisation(key="g5-force", name="G5 Sahel Joint Force", is_donor=False)
    pledge = flow(source_org=donor, destination_org=recipient, amount="1000", purpose="Force")
    internal = flow(
        source_org=organisation(key="inside", name="Internal donor"),
        amount="5",
        confidentiality="internal",
        publication_state="published",
    )
    restricted = flow(
        source_org=organisation(key="secret", name="Secret donor"),
        amount="7",
        confidentiality="restricted",
        publication_state="published",
    )
    fund_org = organisation(key="tf-org", name="Trust fund organisation", is_donor=False)
    services.fund_upsert(actor=SYSTEM, key="tf", name="Trust fund", organisation=fund_org, **PUBLIC)
    services.conference_upsert(
        actor=SYSTEM, key="brussels", name="Brussels", held_on=dt.date(2018, 2, 23), **PUBLIC
    )
    services.appeal_upsert(actor=SYSTEM, key="hrp-2018", name="Mali HRP 2018", year=2018, **PUBLIC)
    return {"pledge": pledge, "internal": internal, "restricted": restricted, "donor": donor}


def _flow_post(donor: Organisation, **values) -> dict:
    data = {
        "source_org": donor.pk,
        "status": "pledge",
        "amount": "250000",
        "currency": "USD",
        "date": "2017-12-13",
        **values,
    }
    data.setdefault("confidentiality", "public")
    data.setdefault("publication_state", "published")
    return data


def _table(page: str) -> str:
    """The flow list's table alone (the filters name organisations too)."""
    found = re.search(r'<table data-testid="flow-table">.*?</table>', page, re.S)
    return found.group(0) if found else ""


def _field_errors(page: str, field: str) -> str:
    """The error list rendered next to one field (empty when there is none)."""
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    return found.group(1) if found else ""


# --- reading: the list and a flow's page -------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_flow_list_shows_each_reader_what_it_may_see(records, as_persona, persona):
    page = as_persona(persona).get("/assistance/flows/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Norway" in text and f'href="/assistance/flows/{records["pledge"].pk}/"' in text
    assert ("Internal donor" in text) is (persona != "outsider")
    assert ("Secret donor" in text) is (persona in EDITORS)
    # Nor is the restricted donor offered as a filter choice.
    assert ('value="secret"' in text) is (persona in EDITORS)
    assert ("Record a flow" in text) is (persona in EDITORS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_restricted_flows_page_is_missing_for_readers(records, as_persona, persona):
    client = as_persona(persona)
    assert client.get(f"/assistance/flows/{records['pledge'].pk}/").status_code == 200
    expected = 200 if persona in EDITORS else 404
    assert client.get(f"/assistance/flows/{records['restricted'].pk}/").status_code == expected


def test_the_list_filters_and_pages(records, as_persona):
    client = as_persona("analyst")

    def listed(query: str) -> str:
        return _table(client.get(f"/assistance/flows/?{query}").content.decode())

    assert "Norway" in listed("donor=norway") and "Secret donor" not in listed("donor=norway")
    assert "Secret donor" in listed("status=pledge")
    assert "Norway" not in listed("status=paid")
    assert "Norway" in listed("year=2017")
    assert "Norway" not in listed("conference=brussels")
    # A value that is not offered drops its own filter, not the page.
    assert client.get("/assistance/flows/?year=1066&donor=norway").status_code == 200
    for n in range(55):
        flow(source_org=records["donor"], amount=str(n + 1), date=dt.date(2016, 1, 1))
    assert "Norway" not in listed("year=2017&status=paid")
    assert listed("year=2016").count("<tr>") == 50 + 1  # a page, and the heading row
    first = client.get("/assistance/flows/?donor=norway").content.decode()
    assert "Page 1 of 2" in first and "donor=norway&amp;page=2" in first


def test_a_pledges_page_shows_its_payments_money_and_decisions(records, as_persona):
    pledge = records["pledge"]
    decision = factories.commitment(title="Support the Joint Force")
    services.flow_update(actor=SYSTEM, flow=pledge, commitments=[decision])
    payment = flow(
        source_org=records["donor"],
        status="paid",
        amount="400",
        fulfils=pledge,
        date=dt.date(2018, 1, 5),
    )
    page = as_persona("delegate").get(f"/assistance/flows/{pledge.pk}/").content.decode()
    assert f'href="/assistance/flows/{payment.pk}/"' in page
    assert "outstanding USD 600" in page
    assert "Support the Joint Force" in page
    assert "Edit" not in page and "audit log" not in page
    payment_page = as_persona("outsider").get(f"/assistance/flows/{payment.pk}/").content.decode()
    assert f'href="/assistance/flows/{pledge.pk}/"' in payment_page
    editor_page = as_persona("analyst").get(f"/assistance/flows/{pledge.pk}/").content.decode()
    assert f"/assistance/flows/{pledge.pk}/edit/" in editor_page
    assert f"?fulfils={pledge.pk}" in editor_page
    assert f"object_type=assistance.flow&amp;object_id={pledge.pk}" in editor_page


# --- who may open and post each form ----------------------------------------------------

FORM_PAGES = [
    "/assistance/flows/new/",
    "/assistance/flows/{pledge}/edit/",
    "/assistance/records/",
    "/assistance/records/organisations/",
    "/assistance/records/organisation/new/",
    "/assistance/records/organisation/norway/edit/",
    "/assistance/records/fund/new/",
    "/assistance/records/fund/tf/edit/",
    "/assistance/records/conference/new/",
    "/assistance/records/conference/brussels/edit/",
    "/assistance/records/appeal/new/",
    "/assistance/records/appeal/hrp-2018/edit/",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_editors_open_the_forms(records, as_persona, persona):
    client = as_persona(persona)
    for url in FORM_PAGES:
        response = client.get(url.format(pledge=records["pledge"].pk))
        if persona in EDITORS:
            assert response.status_code == 200, url
        elif persona == "delegate":
            assert response.status_code == 403, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/login/?next="), url


@pytest.mark.parametrize("persona", ["delegate", "outsider"])
def test_readers_cannot_post_any_form(records, as_persona, persona):
    client = as_persona(persona)
    pledge, donor = records["pledge"], records["donor"]
    events = AuditEvent.objects.count()
    posts = [
        ("/assistance/flows/new/", _flow_post(donor)),
        (f"/assistance/flows/{pledge.pk}/edit/", _flow_post(donor, amount="1")),
        (f"/assistance/flows/{pledge.pk}/delete/", {"confirm": "on"}),
        (f"/assistance/publication/flow/{pledge.pk}/", {"publication_state": "withdrawn"}),
        ("/assistance/records/organisation/new/", {"key": "x", "name": "X"}),
        ("/assistance/records/fund/tf/edit/", {"name": "Renamed", "currency": "USD"}),
        ("/assistance/publication/conference/brussels/", {"publication_state": "draft"}),
        (
            "/assistance/rates/",
            {"currency": "XOF", "valid_from": "2017-01-01", "units_per_usd": "1", "source": "x"},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert AuditEvent.objects.count() == events
    assert Flow.objects.get(pk=pledge.pk).amount == 1000


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_rates_page_is_open_to_all_and_its_form_to_editors(as_persona, persona):
    page = as_persona(persona).get("/assistance/rates/?currency=EUR").content.decode()
    assert 'data-testid="rate-table"' in page
    assert ('data-testid="rate-form"' in page) is (persona in EDITORS)


# --- a round trip and validation -----------------------------------------------------------


def test_an_editor_records_and_changes_a_flow(records, as_persona):
    client = as_persona("analyst")
    decision = factories.commitment(title="Decision xi")
    source = factories.source(title="Pledge letter")
    events = AuditEvent.objects.count()
    response = client.post(
        "/assistance/flows/new/",
        _flow_post(
            records["donor"],
            destination_org=Organisation.objects.get(key="g5-force").pk,
            conference=Conference.objects.get(key="brussels").pk,
            appeal=Appeal.objects.get(key="hrp-2018").pk,
            commitments=[decision.pk],
            sources=[source.pk],
            purpose="Trust fund",
            country_iso3="mli",
        ),
    )
    assert response.status_code == 302
    new = Flow.objects.latest("id")
    assert response["Location"] == f"/assistance/flows/{new.pk}/"
    assert (new.amount, new.amount_usd, new.country_iso3) == (250000, 250000, "MLI")
    assert list(new.commitments.all()) == [decision] and list(new.sources.all()) == [source]
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.latest("seq").action == "flow.create"

    form = client.get(f"/assistance/flows/{new.pk}/edit/").content.decode()
    assert 'value="250000' in form and "Trust fund" in form
    changed = _flow_post(records["donor"], amount="300000", commitments=[decision.pk])
    assert client.post(f"/assistance/flows/{new.pk}/edit/", changed).status_code == 302
    new.refresh_from_db()
    assert new.amount == 300000 and list(new.sources.all()) == []
    assert AuditEvent.objects.latest("seq").action == "flow.update"
    # The same values again write nothing.
    events = AuditEvent.objects.count()
    client.post(f"/assistance/flows/{new.pk}/edit/", changed)
    assert AuditEvent.objects.count() == events
    page = client.get(f"/assistance/flows/{new.pk}/", follow=True).content.decode()
    assert "300,000" in page and "Decision xi" in page


def test_a_euro_flow_shows_both_amounts_and_the_rate_date(records, as_persona):
    services.exchange_rate_set(
        actor=SYSTEM,
        currency="EUR",
        valid_from=dt.date(2017, 6, 1),
        units_per_usd="0.8",
        source="test rate",
    )
    client = as_persona("analyst")
    client.post(
        "/assistance/flows/new/",
        _flow_post(records["donor"], amount="800", currency="eur", date="2017-12-01"),
    )
    new = Flow.objects.latest("id")
    assert (new.currency, new.amount_usd, new.amount_eur) == ("EUR", 1000, 800)
    page = client.get(f"/assistance/flows/{new.pk}/").content.decode()
    assert "USD 1,000.00" in page and "EUR 800.00" in page and "2017-06-01" in page


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("amount", {"amount": "-5"}),
        ("amount", {"amount": "lots"}),
        ("currency", {"currency": "ZZZ"}),
        ("date", {"currency": "XOF", "date": "1901-01-01"}),
        ("date", {"date": "13/12/2017"}),
        ("source_org", {"source_org": ""}),
        ("fulfils", {"status": "pledge", "fulfils": "PLEDGE"}),
        ("fulfils", {"status": "paid", "fulfils": "OTHER"}),
    ],
)
def test_bad_input_is_refused_next_to_its_field(records, as_persona, field, values):
    other = flow(source_org=organisation(name="Another donor"))
    values = {
        name: {"PLEDGE": records["pledge"].pk, "OTHER": other.pk}.get(value, value)
        for name, value in values.items()
    }
    before = Flow.objects.count()
    response = as_persona("analyst").post(
        "/assistance/flows/new/", _flow_post(records["donor"], **values)
    )
    assert response.status_code == 400
    assert _field_errors(response.content.decode(), field), field
    assert Flow.objects.count() == before


def test_a_payment_beyond_its_pledge_is_saved_with_a_warning(records, as_persona):
    pledge = records["pledge"]
    client = as_persona("analyst")
    form = client.get(f"/assistance/flows/new/?fulfils={pledge.pk}").content.decode()
    assert re.search(rf'<option value="{pledge.pk}" selected>', form)
    # The payment starts as the pledge's donor's, as visible as the pledge.
    assert re.search(rf'<option value="{records["donor"].pk}" selected>', form)
    assert '<option value="public" selected>' in form
    response = client.post(
        "/assistance/flows/new/",
        _flow_post(records["donor"], status="paid", amount="1500", fulfils=pledge.pk),
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Saved, with a warning" in page and "exceed" in page
    payment = Flow.objects.latest("id")
    assert payment.fulfils_id == pledge.pk and payment.status == "paid"
    assert (
        "Paid beyond the amount" in client.get(f"/assistance/flows/{pledge.pk}/").content.decode()
    )


def test_visibility_and_removal_of_a_flow(records, as_persona):
    client = as_persona("analyst")
    pledge = records["pledge"]
    client.post(f"/assistance/publication/flow/{pledge.pk}/", {"confidentiality": "restricted"})
    assert as_persona("delegate").get(f"/assistance/flows/{pledge.pk}/").status_code == 404
    payment = flow(source_org=records["donor"], status="paid", amount="10", fulfils=pledge)
    # A pledge that a payment fulfils stays until the payment is changed.
    refused = client.post(f"/assistance/flows/{pledge.pk}/delete/", {"confirm": "on"})
    assert refused.status_code == 400 and f"#{payment.pk}" in refused.content.decode()
    unconfirmed = client.post(f"/assistance/flows/{payment.pk}/delete/", {})
    assert unconfirmed.status_code == 400 and _field_errors(unconfirmed.content.decode(), "confirm")
    assert (
        client.post(f"/assistance/flows/{payment.pk}/delete/", {"confirm": "on"}).status_code == 302
    )
    assert not Flow.objects.filter(pk=payment.pk).exists()
    removed = AuditEvent.objects.latest("seq")
    assert removed.action == "flow.delete" and removed.before["amount"] == "10.00"


# --- reference records and rates ----------------------------------------------------------


def test_organisations_funds_conferences_and_appeals_round_trip(records, as_persona):
    client = as_persona("admin")
    actor = factories.actor(name_en="Kingdom of Norway")
    response = client.post(
        "/assistance/records/organisation/new/",
        {"key": "isdb", "name": "Islamic Development Bank", "acronym": "IsDB", "is_donor": "on"},
    )
    assert response.status_code == 302
    assert Organisation.objects.get(key="isdb").is_donor
    taken = client.post("/assistance/records/organisation/new/", {"key": "isdb", "name": "Other"})
    assert taken.status_code == 400 and _field_errors(taken.content.decode(), "key")
    assert Organisation.objects.get(key="isdb").name == "Islamic Development Bank"
    client.post(
        "/assistance/records/organisation/norway/edit/",
        {"name": "Norway", "is_donor": "on", "actor": actor.pk},
    )
    assert Organisation.objects.get(key="norway").actor == actor
    listing = client.get("/assistance/records/organisations/?q=isl").content.decode()
    assert "Islamic Development Bank" in listing and "Norway" not in listing

    client.post(
        "/assistance/records/fund/tf/edit/",
        {
            "name": "Trust Fund for Mali",
            "organisation": Organisation.objects.get(key="tf-org").pk,
            "currency": "usd",
            "target": "1000000",
        },
    )
    fund = Fund.objects.get(key="tf")
    assert (fund.name, fund.currency, fund.target) == ("Trust Fund for Mali", "USD", 1000000)
    bad = client.post(
        "/assistance/records/conference/new/",
        {
            "key": "paris",
            "name": "Paris",
            "requirements": "10",
            "confidentiality": "public",
            "publication_state": "draft",
        },
    )
    assert bad.status_code == 400 and _field_errors(bad.content.decode(), "requirements_currency")
    client.post(
        "/assistance/records/conference/new/",
        {
            "key": "paris",
            "name": "Paris",
            "requirements": "10",
            "requirements_currency": "eur",
            "held_on": "2017-12-13",
            "confidentiality": "public",
            "publication_state": "draft",
        },
    )
    assert Conference.objects.get(key="paris").requirements_currency == "EUR"
    assert as_persona("outsider").get("/assistance/conferences/paris/").status_code == 404
    client.post("/assistance/publication/conference/paris/", {"publication_state": "published"})
    assert as_persona("outsider").get("/assistance/conferences/paris/").status_code == 200
    client.post(
        "/assistance/records/appeal/hrp-2018/edit/",
        {"name": "Mali HRP 2018", "year": "2018", "requirements_usd": "263000000"},
    )
    assert Appeal.objects.get(key="hrp-2018").requirements_usd == 263000000


def test_an_editor_adds_and_corrects_a_rate(as_persona):
    client = as_persona("analyst")
    data = {
        "currency": "xof",
        "valid_from": "2030-01-01",
        "units_per_usd": "600",
        "source": "BCEAO",
    }
    assert client.post("/assistance/rates/", data).status_code == 302
    assert (
        ExchangeRate.objects.get(currency="XOF", valid_from=dt.date(2030, 1, 1)).units_per_usd
        == 600
    )
    client.post("/assistance/rates/", {**data, "units_per_usd": "590.5"})
    rate = ExchangeRate.objects.get(currency="XOF", valid_from=dt.date(2030, 1, 1))
    assert rate.units_per_usd == 590.5
    table = client.get("/assistance/rates/?currency=XOF").content.decode()
    assert "590.5" in table and "valid_from=2030-01-01" in table
    again = client.get("/assistance/rates/?currency=XOF&valid_from=2030-01-01&source=BCEAO")
    assert 'value="2030-01-01"' in again.content.decode()
    for field, values in [
        ("units_per_usd", {"units_per_usd": "0"}),
        ("currency", {"currency": "USD"}),
    ]:
        response = client.post("/assistance/rates/", {**data, **values})
        assert response.status_code == 400
        assert _field_errors(response.content.decode(), field), field


# --- CSRF ---------------------------------------------------------------------------------


def test_every_form_needs_its_csrf_token(records, user_of):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_of("analyst"))
    before = Flow.objects.count()
    refused = client.post("/assistance/flows/new/", _flow_post(records["donor"]))
    assert refused.status_code == 403 and Flow.objects.count() == before
    for url in ("/assistance/rates/", "/assistance/records/organisation/new/"):
        assert client.post(url, {"key": "x", "name": "x"}).status_code == 403
    page = client.get("/assistance/flows/new/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    accepted = client.post(
        "/assistance/flows/new/", {**_flow_post(records["donor"]), "csrfmiddlewaretoken": token}
    )
    assert accepted.status_code == 302 and Flow.objects.count() == before + 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_dashboard_fund_and_conference_pages_link_here(records, as_persona, persona):
    client = as_persona(persona)
    editor = persona in EDITORS
    board = client.get("/assistance/").content.decode()
    assert 'href="/assistance/flows/"' in board
    assert ('href="/assistance/flows/new/"' in board) is editor
    fund = client.get("/assistance/funds/tf/").content.decode()
    assert 'href="/assistance/flows/?fund=tf"' in fund
    assert ('href="/assistance/records/fund/tf/edit/"' in fund) is editor
    conference = client.get("/assistance/conferences/brussels/").content.decode()
    assert 'href="/assistance/flows/?conference=brussels"' in conference
    assert ('href="/assistance/records/conference/brussels/edit/"' in conference) is editor
    services.flow_update(
        actor=SYSTEM, flow=records["pledge"], conference=Conference.objects.get(key="brussels")
    )
    conference = client.get("/assistance/conferences/brussels/").content.decode()
    assert f'href="/assistance/flows/{records["pledge"].pk}/"' in conference


def test_an_identifier_used_by_another_record_is_refused_not_a_server_error(records, as_persona):
    client = as_persona("analyst")
    services.organisation_upsert(actor=SYSTEM, key="with-ref", name="Has ref", iati_ref="XM-DAC-1")
    response = client.post(
        "/assistance/records/organisation/new/",
        {"key": "copy", "name": "Copy", "iati_ref": "XM-DAC-1"},
    )
    assert response.status_code == 400
    assert not Organisation.objects.filter(key="copy").exists()
    # A fund's organisation stands for one fund only.
    taken = client.post(
        "/assistance/records/fund/new/",
        {
            "key": "tf2",
            "name": "Second fund",
            "organisation": Organisation.objects.get(key="tf-org").pk,
            "currency": "USD",
            "confidentiality": "internal",
            "publication_state": "draft",
        },
    )
    assert taken.status_code == 400 and _field_errors(taken.content.decode(), "organisation")


def test_a_flow_reported_twice_names_the_flow_that_counts_it(records, as_persona):
    donor_report = records["pledge"]
    recipient_report = flow(source_org=records["donor"], amount="1000", parent_ref="GB-1-2")
    services.flow_update(actor=SYSTEM, flow=recipient_report, duplicate_of=donor_report)
    client = as_persona("delegate")
    page = client.get(f"/assistance/flows/{recipient_report.pk}/").content.decode()
    assert f"same money as #{donor_report.pk}, counted there" in page and "GB-1-2" in page
    original = client.get(f"/assistance/flows/{donor_report.pk}/").content.decode()
    assert f'href="/assistance/flows/{recipient_report.pk}/">#{recipient_report.pk}</a>' in original
    listed = _table(client.get("/assistance/flows/?donor=norway").content.decode())
    assert f"same money as #{donor_report.pk}" in listed

"""Who sees which figures, administrations and sites, on the pages, in the API and in the
downloads: editors everything; members everything not restricted; the public published
public records only, and never a figure whose source it may not see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accordwatch.core import services as core
from accordwatch.situation import services
from tests import factories
from tests.situation.builders import displacement, place

pytestmark = pytest.mark.django_db

# The figures of ``displacement()`` each persona may see (as formatted on the pages).
SEEN = {
    "admin": {"33,042", "77,046", "40,743", "38,100", "999,999", "123,456"},
    "analyst": {"33,042", "77,046", "40,743", "38,100", "999,999", "123,456"},
    "delegate": {"33,042", "77,046", "40,743", "38,100"},
    "outsider": {"33,042", "77,046"},
}
ALL = SEEN["admin"]


@pytest.fixture
def data(persona_users):
    found = displacement()
    mali = found["mali"]
    region = place("mli-kidal", "Kidal", kind="admin1", parent=mali)
    hidden_region = place("mli-gao", "Gao", kind="admin1", parent=mali)
    services.interim_administration_upsert(
        actor=core.SYSTEM, key="kidal", region=region, installed_on="2017-02-28"
    )
    services.interim_administration_upsert(
        actor=core.SYSTEM,
        key="gao-secret",
        region=hidden_region,
        installed_on="2017-03-02",
        head_name="Secret Head Person",
        confidentiality="restricted",
    )
    services.heritage_site_upsert(actor=core.SYSTEM, key="timbuktu", name="Timbuktu")
    services.heritage_site_upsert(
        actor=core.SYSTEM, key="draft-site", name="Draft Site Name", publication_state="draft"
    )
    services.heritage_site_upsert(
        actor=core.SYSTEM,
        key="restricted-site",
        name="Restricted Site Name",
        confidentiality="restricted",
    )
    return found


def _numbers(text: str) -> set[str]:
    return {figure for figure in ALL if figure in text}


@pytest.mark.parametrize("persona", list(SEEN))
@pytest.mark.parametrize("name", ["situation-displacement", "situation-displacement-print"])
def test_displacement_pages_show_each_persona_its_figures(persona, name, as_persona, data):
    response = as_persona(persona).get(reverse(name))
    assert response.status_code == 200
    assert _numbers(response.content.decode()) == SEEN[persona]


@pytest.mark.parametrize("persona", list(SEEN))
def test_the_index_shows_the_latest_figure_each_persona_may_see(persona, as_persona, data):
    text = as_persona(persona).get(reverse("situation-index")).content.decode()
    assert "77,046" in text  # the latest public figure for IDPs in Mali
    assert "60,792" in text  # refugees in Niger
    if persona in ("delegate", "outsider"):
        assert "Secret Head Person" not in text and "Gao" not in text
        assert "Restricted Site Name" not in text
    if persona == "outsider":
        assert "Draft Site Name" not in text


@pytest.mark.parametrize("persona", list(SEEN))
def test_api_figures_follow_the_same_rule(persona, as_persona, data):
    client = as_persona(persona)
    body = client.get("/api/situation/observations?limit=500").json()
    values = {f"{item['value']:,}" for item in body["items"]}
    assert values & ALL == SEEN[persona]
    latest = client.get("/api/situation/latest?indicator=idps").json()
    assert [item["value"] for item in latest] == [77046]


@pytest.mark.parametrize("persona", list(SEEN))
@pytest.mark.parametrize("name", ["situation-figures-csv", "situation-figures-hxl"])
def test_downloads_follow_the_same_rule(persona, name, as_persona, data):
    response = as_persona(persona).get(reverse(name))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    plain = {figure.replace(",", "") for figure in ALL}
    found = {figure for figure in plain if figure in text}
    assert found == {figure.replace(",", "") for figure in SEEN[persona]}
    if persona in ("delegate", "outsider"):
        assert "Confidential count" not in text


def test_the_hxl_download_carries_the_hashtags(as_persona, data):
    response = as_persona("outsider").get(reverse("situation-figures-hxl"))
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    tags = lines[1].split(",")
    for tag in ("#date", "#adm1+name", "#affected+idps", "#affected+refugees", "#meta+source"):
        assert tag in tags
    row = dict(zip(tags, lines[2].split(","), strict=True))
    assert row["#affected+idps"] == "33042" and row["#date"] == "2016-08-31"
    assert row["#meta+source"] == "OCHA figures"


@pytest.mark.parametrize("persona", list(SEEN))
def test_interim_administrations_per_persona(persona, as_persona, data):
    client = as_persona(persona)
    for url in (reverse("situation-interim"), reverse("situation-interim-print")):
        text = client.get(url).content.decode()
        assert "Kidal" in text
        assert ("Secret Head Person" in text) == (persona in ("admin", "analyst"))
    body = client.get("/api/situation/interim-administrations?as_of=2017-03-01").json()
    keys = {item["key"]: item["status"] for item in body}
    assert keys["kidal"] == "installed"
    assert ("gao-secret" in keys) == (persona in ("admin", "analyst"))


@pytest.mark.parametrize("persona", list(SEEN))
def test_heritage_sites_per_persona(persona, as_persona, data):
    client = as_persona(persona)
    text = client.get(reverse("situation-heritage")).content.decode()
    api = {site["key"] for site in client.get("/api/situation/heritage-sites").json()}
    expected = {
        "admin": {"timbuktu", "draft-site", "restricted-site"},
        "analyst": {"timbuktu", "draft-site", "restricted-site"},
        "delegate": {"timbuktu", "draft-site"},
        "outsider": {"timbuktu"},
    }[persona]
    assert api == expected
    names = {"timbuktu": "Timbuktu", "draft-site": "Draft Site Name"}
    names["restricted-site"] = "Restricted Site Name"
    assert {key for key, name in names.items() if name in text} == expected
    for key in names:
        page = client.get(reverse("situation-site", args=[key]))
        printed = client.get(reverse("situation-site-print", args=[key]))
        detail = client.get(f"/api/situation/heritage-sites/{key}")
        want = 200 if key in expected else 404
        assert (page.status_code, printed.status_code, detail.status_code) == (want,) * 3


def test_a_figure_with_a_hidden_indicator_is_hidden(as_persona, data):
    services.indicator_upsert(
        actor=core.SYSTEM,
        key="idps",
        name="Internally displaced people",
        hxl_tag="#affected+idps",
        confidentiality="restricted",
    )
    text = as_persona("delegate").get(reverse("situation-displacement")).content.decode()
    assert "33,042" not in text and "60,792" in text


def test_no_source_title_of_a_restricted_source_reaches_the_public(as_persona, data):
    factories.source(title="Unrelated")
    text = as_persona("outsider").get(reverse("situation-displacement")).content.decode()
    assert "Confidential count" not in text


@pytest.mark.parametrize("persona", list(SEEN))
def test_a_decision_shows_only_the_records_its_reader_may_see(persona, user_of, data):
    from accordwatch.commitments import evidence
    from accordwatch.situation.models import HeritageSite, InterimAdministration

    decision = factories.commitment(title="Help the displaced")
    data["idps"].answers.add(decision)
    for record in (*InterimAdministration.objects.all(), *HeritageSite.objects.all()):
        record.answers.add(decision)
    found = evidence.collect(commitment_ids=[decision.pk], user=user_of(persona))[decision.pk]
    text = " ".join(item.title for item in found)
    assert {figure for figure in ALL if figure in text} == {"77,046"}
    # Before the public figure of 2018, each reader sees the latest figure it may see: the
    # restricted one for editors, the public one of 2016 for the others.
    day = dt.date(2017, 9, 1)
    known = evidence.collect(commitment_ids=[decision.pk], user=user_of(persona), as_of=day)
    then = " ".join(item.title for item in known[decision.pk])
    expected = "999,999" if persona in ("admin", "analyst") else "33,042"
    assert {figure for figure in ALL if figure in then} == {expected}
    assert ("Gao" in text) == (persona in ("admin", "analyst"))
    assert ("Restricted Site Name" in text) == (persona in ("admin", "analyst"))
    assert ("Draft Site Name" in text) == (persona != "outsider")
    pointers = evidence.pointers(commitment_ids=[decision.pk], user=user_of(persona))
    assert len(pointers[decision.pk]) == 3


def test_an_unreadable_date_on_the_interim_page_says_so(as_persona, data):
    text = as_persona("outsider").get(reverse("situation-interim") + "?as_of=10/03/2017")
    assert "is not a date" in text.content.decode()


@pytest.mark.parametrize("persona", list(SEEN))
def test_api_indicators(persona, as_persona, data):
    services.indicator_upsert(
        actor=core.SYSTEM, key="hidden", name="Hidden", confidentiality="restricted"
    )
    body = as_persona(persona).get("/api/situation/indicators").json()
    found = {item["key"]: item for item in body}
    assert found["refugees"]["origin"] == "mli" and found["idps"]["origin"] is None
    assert ("hidden" in found) == (persona in ("admin", "analyst"))


def test_a_regional_figure_names_its_region_and_country_in_hxl(as_persona, data):
    kidal = place("mli-kidal", "Kidal", kind="admin1", parent=data["mali"])
    services.observation_record(
        actor=core.SYSTEM,
        indicator=data["idps"],
        place=kidal,
        date="2018-01-31",
        value=4321,
        source=data["ocha"],
    )
    response = as_persona("outsider").get(reverse("situation-figures-hxl") + "?place=mli-kidal")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    row = dict(zip(lines[1].split(","), lines[2].split(","), strict=True))
    assert (row["#country+name"], row["#adm1+name"], row["#affected+idps"]) == (
        "Mali",
        "Kidal",
        "4321",
    )
    assert len(lines) == 3

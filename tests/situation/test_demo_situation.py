"""The demo's situation records: the fact sheet's figures with their sources, the five
interim authorities, the heritage sites, and the decisions that show them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse

from accordwatch.commitments import evidence
from accordwatch.commitments.models import Commitment
from accordwatch.demo import situation as demo
from accordwatch.demo.load import load
from accordwatch.situation import selectors
from accordwatch.situation.models import (
    AdministrationStatus,
    HeritageSite,
    InterimAdministration,
    Observation,
)

pytestmark = pytest.mark.django_db

FACTS = Path(__file__).resolve().parents[2].parent / "shared" / "facts" / "mali-2017.md"


@pytest.fixture
def loaded(db):
    return load()


def test_the_displacement_table_of_the_fact_sheet(loaded):
    figures = {
        (o.indicator.key, o.place.key, o.date, o.value, o.source.key)
        for o in Observation.objects.select_related("indicator", "place", "source")
    }
    assert ("idps", "mli", dt.date(2016, 8, 31), 33042, demo.OCHA_2016) in figures
    assert ("idps", "mli", dt.date(2018, 9, 30), 77046, demo.CMP_2018) in figures
    assert ("refugees", "mrt", dt.date(2018, 9, 30), 57425, demo.CMP_2018) in figures
    table = selectors.by_host_country(user=None, indicator="refugees")
    assert [row.total for row in table.rows] == [134811, 140276]  # the sheet's totals
    assert [p.name for p in table.countries] == ["Burkina Faso", "Mauritania", "Niger"]


def test_the_interim_authorities_and_their_status_over_time(loaded):
    def status_on(day: dt.date) -> dict[str, str]:
        lines = selectors.administration_lines(user=None, as_of=day)
        return {line.administration.region.name: line.status for line in lines}

    assert status_on(dt.date(2017, 3, 1)) == {
        "Gao": AdministrationStatus.NOT_INSTALLED,
        "Kidal": AdministrationStatus.INSTALLED,
        "Ménaka": AdministrationStatus.NOT_INSTALLED,
        "Taoudéni": AdministrationStatus.NOT_INSTALLED,
        "Tombouctou": AdministrationStatus.NOT_INSTALLED,
    }
    assert status_on(dt.date(2017, 3, 10))["Tombouctou"] == AdministrationStatus.BLOCKED
    assert set(status_on(dt.date(2017, 4, 20)).values()) == {AdministrationStatus.INSTALLED}
    taoudeni = InterimAdministration.objects.get(key="interim-taoudeni")
    assert taoudeni.blocked_periods.get().unverified  # the fact sheet's UNVERIFIED date


def test_heritage_sites_with_their_ids_and_timbuktu_timeline(loaded):
    assert dict(HeritageSite.objects.values_list("key", "unesco_id")) == {
        "timbuktu": "119",
        "djenne": "116",
        "tomb-of-askia": "1139",
        "cliff-of-bandiagara": "516",
    }
    timbuktu = selectors.site_detail(user=None, key="timbuktu")
    assert {a.key for a in timbuktu.institutions.all()} == {"isesco", "ircica", "unesco"}
    kinds = [(e.date.year, e.kind) for e in selectors.site_timeline(timbuktu)]
    assert (2012, "destroyed") in kinds and (2015, "rebuilt") in kinds
    assert selectors.danger_status(timbuktu, 2017) is True
    assert selectors.danger_status(timbuktu, 2008) is False


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        ("oic-cg-mali-2017-09-20-iv", "Kidal"),
        ("oic-cg-mali-2017-09-20-xii", "77,046"),
        ("oic-cg-mali-2017-09-20-xiii", "Timbuktu"),
        ("apr-interim-authorities", "Tombouctou"),
    ],
)
def test_the_decisions_show_the_situation_records(loaded, client, decision, expected):
    commitment = Commitment.objects.get(key=decision)
    found = evidence.collect(commitment_ids=[commitment.pk], user=None)[commitment.pk]
    assert any(expected in item.title for item in found if item.provider == "situation")
    page = client.get(reverse("commitment-detail", args=[decision])).content.decode()
    assert expected in page


def test_as_of_the_meeting_only_what_was_known_then(loaded):
    commitment = Commitment.objects.get(key="oic-cg-mali-2017-09-20-xii")
    found = evidence.collect(commitment_ids=[commitment.pk], user=None, as_of=dt.date(2017, 9, 20))[
        commitment.pk
    ]
    titles = " ".join(item.title for item in found if item.provider == "situation")
    assert "33,042" in titles and "77,046" not in titles


@pytest.mark.parametrize(
    "name", ["situation-index", "situation-displacement", "situation-interim", "situation-heritage"]
)
def test_the_demo_pages_open_for_the_public(loaded, client, name):
    assert client.get(reverse(name)).status_code == 200


def _runs(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.sub(r"\b\d+\b", " ", re.sub(r"[^\w]+", " ", text.lower())).split()
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_no_situation_text_repeats_eight_words_of_the_fact_sheet():
    if not FACTS.exists():
        pytest.fail(f"fact file missing: {FACTS}")
    original = _runs(FACTS.read_text(encoding="utf-8"))
    texts = [s["title"] + ". " + s["note"] for s in demo.SOURCES]
    texts += [row["definition"] for row in demo.INDICATORS]
    texts += [row.get("description", "") for row in demo.SITES]
    texts += [part["note"] for row in demo.SITES for part in row.get("components", [])]
    texts += [demo.NOT_NAMED, demo.BY_20_APRIL]
    assert [t[:60] for t in texts if _runs(t) & original] == []

"""The scores page's CSV download: the same figures as the page, for each reader."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

AS_OF = "2017-01-01"
HIDDEN_DOCUMENT = "Secret-internal agreement Harrier"
HIDDEN_ACTOR = "Secret-internal actor Kestrel"
FORMULA = '=HYPERLINK("http://example.org")'


@pytest.fixture
def world(persona_users):
    """One public action whose standing differs per reader: public 1 (minimal), then an
    internal 3 (full) that members see, then a restricted 0 that only editors see."""
    security = factories.pillar(key="security", name="Defence and security", position=0)
    government = factories.actor(key="government", name_en="Government of Testland")
    hidden_actor = factories.actor(
        key="hidden-actor", name_en=HIDDEN_ACTOR, confidentiality="internal"
    )
    agreement = factories.document(key="agreement", title="Agreement for peace")
    patrols = factories.commitment(
        key="patrols",
        document=agreement,
        pillar=security,
        responsible=[government, hidden_actor],
    )
    factories.assessment(patrols, dt.date(2016, 1, 1), 1)
    factories.assessment(patrols, dt.date(2016, 6, 1), 3, confidentiality="internal")
    factories.assessment(patrols, dt.date(2016, 9, 1), 0, confidentiality="restricted")
    hidden = factories.document(key="hidden-doc", title=HIDDEN_DOCUMENT, confidentiality="internal")
    factories.commitment(key="inside", document=hidden)
    return {"patrols": patrols}


def _download(client, **query):
    response = client.get(reverse("scores-csv"), query)
    assert response.status_code == 200, response.content
    return response


def _rows(client, **query) -> list[dict[str, str]]:
    response = _download(client, **query)
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def _percent(rows, group_by: str, key: str) -> str:
    found = [r["percent"] for r in rows if r["group_by"] == group_by and r["group_key"] == key]
    assert len(found) == 1, rows
    return found[0]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("outsider", "33.33"), ("delegate", "100.00"), ("analyst", "0.00"), ("admin", "0.00")],
)
def test_each_reader_gets_the_score_its_own_assessments_give(world, as_persona, persona, expected):
    rows = _rows(as_persona(persona), group_by="pillar", as_of=AS_OF)
    assert _percent(rows, "pillar", "security") == expected
    assert {row["as_of"] for row in rows} == {AS_OF}


def test_the_public_csv_differs_from_the_analyst_csv(world, as_persona):
    public = _rows(as_persona("outsider"), as_of=AS_OF)
    analyst = _rows(as_persona("analyst"), as_of=AS_OF)
    assert public != analyst
    # The hidden document and actor name no row of the public's CSV (nor its figures).
    public_text = repr(public)
    assert HIDDEN_DOCUMENT not in public_text and HIDDEN_ACTOR not in public_text
    assert "hidden-doc" not in public_text and "hidden-actor" not in public_text
    assert _percent(analyst, "document", "hidden-doc") == "0.00"
    assert _percent(analyst, "actor", "hidden-actor") == "0.00"
    # The public's whole: the patrols alone (the hidden document's action is not counted).
    assert _percent(public, "all", "all") == "33.33"
    whole = [row for row in analyst if row["group_by"] == "all"][0]
    assert whole["commitments"] == "2" and whole["maximum"] == "6.00"


def test_without_group_by_every_grouping_comes_in_the_pages_order(world, as_persona):
    rows = _rows(as_persona("analyst"), as_of=AS_OF)
    order = [row["group_by"] for row in rows]
    assert order == sorted(order, key=["pillar", "document", "actor", "all"].index)
    assert set(order) == {"pillar", "document", "actor", "all"}
    labels = {row["group_key"]: row["group_label"] for row in rows if row["group_by"] == "actor"}
    assert labels == {
        "government": "Government of Testland",
        "hidden-actor": HIDDEN_ACTOR,
        "": "No responsible actor",  # the hidden document's action
    }


@pytest.mark.parametrize("group_by", ["pillar", "document", "actor", "all"])
def test_one_grouping_only(world, as_persona, group_by):
    rows = _rows(as_persona("delegate"), group_by=group_by, as_of=AS_OF)
    assert rows and {row["group_by"] for row in rows} == {group_by}


def test_the_monthly_series_per_reader(world, as_persona):
    query = {"series": "monthly", "group_by": "pillar", "start": "2016-05-01", "end": "2016-10-15"}
    public, member, analyst = (
        [row for row in _rows(as_persona(persona), **query) if row["group_key"] == "security"]
        for persona in ("outsider", "delegate", "analyst")
    )
    assert [row["month"] for row in public] == [
        "2016-05",
        "2016-06",
        "2016-07",
        "2016-08",
        "2016-09",
        "2016-10",
    ]
    # Each month's figure holds on its last day; the last month's on the series' end.
    assert public[0]["as_of"] == "2016-05-31" and public[-1]["as_of"] == "2016-10-15"
    assert [row["percent"] for row in public] == ["33.33"] * 6
    assert [row["percent"] for row in member] == ["33.33"] + ["100.00"] * 5
    assert [row["percent"] for row in analyst][-2:] == ["0.00", "0.00"]


def test_a_series_without_dates_runs_to_today_from_the_first_document(world, as_persona):
    rows = _rows(as_persona("outsider"), series="monthly", group_by="all")
    # From the agreement's adoption (the factory's date), as the page's chart, which looks
    # ten years back at most.
    today = dt.date.today()
    first = max(dt.date(2015, 6, 1), dt.date(today.year - 10, today.month, 1))
    assert rows[0]["month"] == f"{first:%Y-%m}"
    assert rows[-1]["as_of"] == today.isoformat()


def test_the_download_streams_a_private_csv_file(world, as_persona):
    response = _download(as_persona("analyst"), group_by="pillar", as_of=AS_OF)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="scores-pillar-2017-01-01.csv"'
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_cell_a_spreadsheet_would_run_is_written_as_text(world, as_persona):
    formula = factories.pillar(key="formula-pillar", name=FORMULA)
    factories.commitment(key="f", document=world["patrols"].document, pillar=formula)
    rows = _rows(as_persona("outsider"), group_by="pillar", as_of=AS_OF)
    labels = {row["group_key"]: row["group_label"] for row in rows}
    assert labels["formula-pillar"] == "'" + FORMULA


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"group_by": "region"}, "group_by"),
        ({"as_of": "31/12/2017"}, "as_of"),
        ({"series": "weekly"}, "series"),
        ({"series": "monthly", "start": "2017-06-01", "end": "2017-01-01"}, "end"),
        ({"series": "monthly", "start": "1900-01-01", "end": "2017-01-01"}, "start"),
    ],
)
def test_a_bad_parameter_is_refused_and_named(world, as_persona, query, named):
    response = as_persona("outsider").get(reverse("scores-csv"), query)
    assert response.status_code == 400
    assert response.content.decode().startswith(f"{named}: ")


def test_the_scores_page_links_both_downloads(world, as_persona):
    client = as_persona("outsider")
    html = client.get(reverse("scores") + f"?as_of={AS_OF}").content.decode()
    url = reverse("scores-csv")
    assert f'href="{url}?as_of={AS_OF}"' in html
    assert f'href="{url}?series=monthly&amp;group_by=pillar&amp;end={AS_OF}"' in html
    rows = _rows(client, series="monthly", group_by="pillar", end=AS_OF)
    assert rows[-1]["as_of"] == AS_OF

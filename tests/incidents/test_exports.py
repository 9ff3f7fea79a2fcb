"""Incident downloads (ACLED-layout CSV, HXL-tagged CSV, GeoJSON) per persona: only what the
reader may see, never a witness or a restricted source note, retired events left out, the
API's filters; and the CSV re-imports through the ACLED import as "unchanged"."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from decimal import Decimal

import pytest

from accordwatch.core.services import SYSTEM
from accordwatch.incidents import services
from accordwatch.incidents.importers.acled import CURRENT_COLUMNS
from accordwatch.incidents.imports import acled_import_file, incidents_import
from accordwatch.incidents.models import Incident
from tests.conftest import real_file
from tests.incidents.builders import record

REAL = "acled-mali-2017-01-01-2019-02-27.csv"

pytestmark = pytest.mark.django_db

LEVELS = {
    "public": {"confidentiality": "public", "publication_state": "published"},
    "internal": {"confidentiality": "internal", "publication_state": "published"},
    "draft": {"confidentiality": "public", "publication_state": "draft"},
    "restricted": {"confidentiality": "restricted", "publication_state": "published"},
}
SEES = {
    "admin": {"public", "internal", "draft", "restricted"},
    "analyst": {"public", "internal", "draft", "restricted"},
    "delegate": {"public", "internal", "draft"},
    "outsider": {"public"},
}
PERSONAS = list(SEES)
WITNESS = "Witness Sigma"
SOURCE_NOTE = "a protected channel in Tessalit"
URLS = ["/incidents.csv", "/incidents.hxl.csv", "/incidents.geojson"]


def _imported(records) -> None:
    incidents_import(actor=SYSTEM, records=records)


@pytest.fixture
def world(db):
    """ACLED events, one at each visibility level (set by the body after the import), a
    retired one, and a witness and a source note on the public one."""
    records = [
        record(
            event_id=f"MLI-{level}",
            event_date=dt.date(2017, 7, 1 + n),
            admin1="Kidal" if n % 2 == 0 else "Gao",
            # A negative longitude and notes a spreadsheet would take for a formula.
            longitude=Decimal("-1.4078"),
            notes="=SUM(A1) written by an adversary" if level == "public" else "A clash.",
            timestamp=1_500_000_000 + n,
        )
        for n, level in enumerate(LEVELS)
    ]
    records.append(record(event_id="MLI-retired", event_date=dt.date(2017, 7, 9)))
    _imported(records)
    for level, values in LEVELS.items():
        event = Incident.objects.get(event_id=f"MLI-{level}")
        services.incident_upsert(actor=SYSTEM, dataset="acled", event_id=event.event_id, **values)
    retired = Incident.objects.get(event_id="MLI-retired")
    services.incident_upsert(
        actor=SYSTEM, dataset="acled", event_id="MLI-retired", **LEVELS["public"]
    )
    services.incident_retire(actor=SYSTEM, incident=retired, reason="deleted by ACLED")
    public = Incident.objects.get(event_id="MLI-public")
    services.witness_add(actor=SYSTEM, incident=public, name=WITNESS, contact="+223 1111")
    services.source_note_add(actor=SYSTEM, incident=public, detail=SOURCE_NOTE)
    return records


def _body(response) -> str:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content).decode("utf-8")


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def _event_ids(url: str, text: str) -> set[str]:
    if url.endswith(".geojson"):
        return {f["properties"]["event_id"] for f in json.loads(text)["features"]}
    rows = _csv_rows(text)
    data = rows[2:] if url.endswith(".hxl.csv") else rows[1:]
    return {row[0] for row in data}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", URLS)
def test_each_download_shows_only_what_the_reader_may_see(persona, url, world, as_persona):
    response = as_persona(persona).get(url)
    text = _body(response)
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]
    assert _event_ids(url, text) == {f"MLI-{level}" for level in SEES[persona]}
    assert "MLI-retired" not in text
    assert WITNESS not in text and SOURCE_NOTE not in text and "+223" not in text


@pytest.mark.parametrize("url", URLS)
def test_downloads_take_the_api_filters(url, world, as_persona):
    text = _body(as_persona("analyst").get(f"{url}?admin1=Gao&to=2017-07-03"))
    assert _event_ids(url, text) == {"MLI-internal"}


@pytest.mark.parametrize("url", URLS)
def test_a_malformed_filter_is_a_bad_request(url, world, as_persona):
    response = as_persona("analyst").get(f"{url}?from=yesterday")
    assert response.status_code == 400


def test_csv_has_acleds_columns_and_neutralises_formulas(world, as_persona):
    rows = _csv_rows(_body(as_persona("analyst").get("/incidents.csv")))
    assert tuple(rows[0]) == CURRENT_COLUMNS
    by_id = {row[0]: dict(zip(CURRENT_COLUMNS, row, strict=True)) for row in rows[1:]}
    public = by_id["MLI-public"]
    assert public["notes"].startswith("'=")
    assert public["longitude"] == "-1.4078"  # a number stays a number
    assert public["event_date"] == "2017-07-01" and public["year"] == "2017"
    assert public["sub_event_type"] == "Armed clash"
    assert public["timestamp"] == "1500000000"


def test_csv_export_reimports_unchanged(world, as_persona, analyst):
    exported = _body(as_persona("analyst").get("/incidents.csv")).encode("utf-8")
    before = Incident.objects.count()
    summary = acled_import_file(actor=analyst, stream=io.BytesIO(exported))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, len(LEVELS))
    assert Incident.objects.count() == before


def test_csv_export_reimports_the_same_fields(world, as_persona, analyst):
    """The import ignores an equal timestamp, so make the file's newer to have every field
    read again: nothing the source said may differ, the notes a spreadsheet would have run
    as a formula included (the export's leading ' comes off again on import)."""
    fields = (
        "event_date",
        "event_type_id",
        "sub_event_type_id",
        "actor1_name",
        "actor2_name",
        "admin1",
        "admin2",
        "location",
        "latitude",
        "longitude",
        "fatalities",
        "inter1",
        "interaction",
        "civilian_targeting",
        "source",
        "source_scale",
        "notes",
    )
    stored = {e.event_id: [getattr(e, f) for f in fields] for e in Incident.objects.all()}
    rows = _csv_rows(_body(as_persona("analyst").get("/incidents.csv")))
    stamp = CURRENT_COLUMNS.index("timestamp")
    for row in rows[1:]:
        row[stamp] = str(int(row[stamp]) + 1000)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    summary = acled_import_file(actor=analyst, stream=io.BytesIO(buffer.getvalue().encode()))
    assert summary.updated == len(LEVELS)
    for event in Incident.objects.filter(event_id__in=[r[0] for r in rows[1:]]):
        assert [getattr(event, f) for f in fields] == stored[event.event_id]


def test_hxl_second_row_is_hashtags(world, as_persona):
    rows = _csv_rows(_body(as_persona("outsider").get("/incidents.hxl.csv")))
    header, tags = rows[0], rows[1]
    assert len(header) == len(tags)
    assert all(tag.startswith("#") for tag in tags)
    named = dict(zip(header, tags, strict=True))
    assert named["event_id"] == "#event+id"
    assert named["admin1"] == "#adm1+name"
    assert named["location"] == "#loc+name"
    assert (named["latitude"], named["longitude"]) == ("#geo+lat", "#geo+lon")
    assert named["fatalities"] == "#affected+killed"
    assert named["source"] == "#meta+source"
    assert [row[0] for row in rows[2:]] == ["MLI-public"]
    public = dict(zip(header, rows[2], strict=True))
    assert (public["event_type"], public["sub_event_type"]) == ("Battles", "Armed clash")
    assert (public["latitude"], public["longitude"]) == ("18.4411", "-1.4078")
    assert (public["admin1"], public["fatalities"]) == ("Kidal", "2")


def test_geojson_download_is_valid(world, as_persona):
    collection = json.loads(_body(as_persona("delegate").get("/incidents.geojson")))
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        assert feature["geometry"]["type"] == "Point"
        assert feature["geometry"]["coordinates"] == [-1.4078, 18.4411]  # [lon, lat]


def test_large_export_streams_in_blocks(db, as_persona):
    records = [
        record(event_id=f"BULK{n}", event_date=dt.date(2017, 1, 1) + dt.timedelta(days=n % 300))
        for n in range(4500)
    ]
    _imported([dataclasses.replace(r, timestamp=1_500_000_000) for r in records])
    response = as_persona("analyst").get("/incidents.csv")
    blocks = list(response.streaming_content)
    assert len(blocks) > 2  # not one string built in memory
    assert len(_csv_rows(b"".join(blocks).decode())) == 4501


def test_the_real_extract_goes_out_and_back_in_unchanged(db, as_persona, analyst):
    """ACLED's pre-2019 file in, today's layout out: the export is read back as the same
    1,339 events (old labels already mapped, so the current layout carries them)."""
    with open(real_file(REAL), "rb") as stream:
        acled_import_file(actor=SYSTEM, stream=stream)
    fields = (
        "event_date",
        "event_type_id",
        "sub_event_type_id",
        "actor1_name",
        "actor2_name",
        "admin1",
        "admin3",
        "latitude",
        "longitude",
        "fatalities",
        "interaction",
    )
    stored = {e.event_id: [getattr(e, f) for f in fields] for e in Incident.objects.all()}
    exported = _body(as_persona("analyst").get("/incidents.csv"))
    assert len(_csv_rows(exported)) == 1 + 1339
    summary = acled_import_file(actor=analyst, stream=io.BytesIO(exported.encode("utf-8")))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 1339)
    # And read field by field (a newer timestamp makes the import compare everything).
    rows = _csv_rows(exported)
    stamp = CURRENT_COLUMNS.index("timestamp")
    for row in rows[1:]:
        row[stamp] = str(int(row[stamp]) + 1)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    acled_import_file(actor=analyst, stream=io.BytesIO(buffer.getvalue().encode("utf-8")))
    assert {e.event_id: [getattr(e, f) for f in fields] for e in Incident.objects.all()} == stored


def test_geojson_carries_awkward_text_exactly(db, as_persona):
    """The database writes each feature's JSON: quotes, backslashes, line breaks, markup,
    right-to-left script and emoji in a place or an actor come back exactly as stored, and
    every property the map reads is there."""
    awkward = 'Tin "Essako" \\ <script>alert(1)</script>\nتينزواتين 🌍'
    _imported(
        [
            record(event_id="GEO1", location=awkward, actor1=awkward, fatalities=3),
            record(event_id="GEO2", fatalities=None),
        ]
    )
    for event_id in ("GEO1", "GEO2"):
        services.incident_upsert(
            actor=SYSTEM, dataset="acled", event_id=event_id, **LEVELS["public"]
        )
    collection = json.loads(_body(as_persona("outsider").get("/incidents.geojson")))
    by_id = {f["properties"]["event_id"]: f for f in collection["features"]}
    assert set(by_id) == {"GEO1", "GEO2"}
    properties = by_id["GEO1"]["properties"]
    assert properties["location"] == awkward
    assert properties["actor1"] == awkward
    assert properties["fatalities"] == 3
    assert by_id["GEO2"]["properties"]["fatalities"] is None
    stored = Incident.objects.get(event_id="GEO1")
    assert properties["event_date"] == stored.event_date.isoformat()
    assert properties["event_type"] == stored.event_type.key
    assert by_id["GEO1"]["geometry"]["coordinates"] == [
        float(stored.longitude),
        float(stored.latitude),
    ]
    assert list(properties) == [
        "dataset", "event_id", "event_date", "event_type", "sub_event_type", "actor1",
        "actor2", "admin1", "location", "fatalities", "verification_status",
        "violation_category",
    ]  # fmt: skip

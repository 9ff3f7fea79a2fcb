"""The incident parsers (ACLED current and pre-2019, ACLED deletions, UCDP GED): pure, no
database.

The real ACLED extract is read from ../shared/data/real only (its licence forbids copying
any of it here); every broken file below is made in the test, from the generator or
written by hand.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import tracemalloc
from decimal import Decimal

import pytest

from accordwatch.core.importing import MAX_PROBLEMS, ImportRejected, Problems
from accordwatch.incidents.importers import vocabulary as vocab
from accordwatch.incidents.importers.acled import (
    CURRENT,
    CURRENT_COLUMNS,
    NOTES_MAX,
    PRE_2019,
    PRE_2019_COLUMNS,
    parse_acled,
    parse_acled_deletions,
)
from accordwatch.incidents.importers.cells import RECORD_FIELDS, SeenIds, build_record
from accordwatch.incidents.importers.generate import acled_csv_bytes, acled_rows, write_acled_csv
from accordwatch.incidents.importers.records import IncidentRecord
from accordwatch.incidents.importers.ucdp import parse_ucdp
from tests.conftest import real_file

TODAY = dt.date(2026, 1, 1)
REAL_ACLED = "acled-mali-2017-01-01-2019-02-27.csv"
COLUMN = {name: position for position, name in enumerate(CURRENT_COLUMNS)}


def csv_bytes(rows: list[list[str]], header=CURRENT_COLUMNS, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def generated(count: int = 20, **options) -> list[list[str]]:
    return list(acled_rows(count, seed=11, **options))


def read(data: bytes, *, today: dt.date = TODAY):
    problems = Problems()
    parsed = parse_acled(io.BytesIO(data), today=today, problems=problems)
    records = list(parsed)
    return records, problems.items, parsed


def only_problem(data: bytes, **options):
    records, problems, _ = read(data, **options)
    assert len(problems) == 1, problems
    return problems[0]


# --- the vocabulary ---------------------------------------------------------------


def test_vocabulary_has_acleds_three_disorder_six_event_and_25_sub_event_types():
    assert len(vocab.DISORDER_TYPES) == 3
    assert len(vocab.EVENT_TYPES) == 6
    assert len(vocab.EVENT_TYPE_OF) == 25
    assert sum(len(subs) for subs in vocab.SUB_EVENT_TYPES.values()) == 25  # none in two types


@pytest.mark.parametrize("label", sorted(vocab.OLD_LABELS))
def test_every_old_label_maps_into_todays_vocabulary(label):
    for inter1, inter2 in ((1, 2), (5, 0), (6, 0), (6, 1), (None, None)):
        event_type, sub_event_type = vocab.map_old_label(label, inter1=inter1, inter2=inter2)
        assert event_type in vocab.EVENT_TYPES
        assert sub_event_type == "" or vocab.EVENT_TYPE_OF[sub_event_type] == event_type


def test_riots_protests_is_split_by_the_actor_type():
    label = "Riots/Protests"
    assert vocab.map_old_label(label, inter1=5, inter2=None) == (vocab.RIOTS, "")
    assert vocab.map_old_label(label, inter1=1, inter2=5) == (vocab.RIOTS, "")
    assert vocab.map_old_label(label, inter1=6, inter2=None) == (vocab.PROTESTS, "Peaceful protest")
    assert vocab.map_old_label(label, inter1=6, inter2=1) == (vocab.PROTESTS, "")


def test_actor_type_labels_of_newer_exports_read_as_codes():
    assert vocab.inter_code("State forces") == 1
    assert vocab.inter_code("rebel groups") == 2
    assert vocab.inter_code("External/Other forces") == 8
    assert vocab.inter_code("Tourists") is None


# --- the real ACLED extract (pre-2019 export) ----------------------------------------


@pytest.fixture(scope="module")
def real_records():
    with real_file(REAL_ACLED).open("rb") as stream:
        problems = Problems()
        parsed = parse_acled(stream, today=TODAY, problems=problems)
        records = list(parsed)
    return records, problems, parsed


def test_real_extract_parses_as_1339_pre_2019_events_without_problems(real_records):
    records, problems, parsed = real_records
    assert problems.items == []
    assert parsed.format == PRE_2019
    assert len(records) == 1339
    assert len({record.event_id for record in records}) == 1339
    assert all(not record.flags for record in records)
    assert min(r.event_date for r in records) >= dt.date(2017, 1, 1)
    assert max(r.event_date for r in records) <= dt.date(2019, 2, 27)


def test_real_extract_every_old_label_is_mapped(real_records):
    records, _, _ = real_records
    labels = {record.original_event_type for record in records}
    assert labels <= set(vocab.OLD_LABELS)
    assert "Battle-No change of territory" in labels and "Remote violence" in labels
    for record in records:
        assert record.event_type in vocab.EVENT_TYPES
        assert record.disorder_type in vocab.DISORDER_VALUES
        if record.sub_event_type:
            assert vocab.EVENT_TYPE_OF[record.sub_event_type] == record.event_type
        if record.original_event_type == "Battle-No change of territory":
            assert (record.event_type, record.sub_event_type) == (vocab.BATTLES, "Armed clash")
        if record.original_event_type == "Remote violence":
            assert (record.event_type, record.sub_event_type) == (vocab.EXPLOSIONS, "")


CMA_SIDE = ("CMA", "HCUA", "MNLA")
PLATFORM_SIDE = ("GATIA", "CMFPR", "Platform")


def test_real_extract_july_2017_fighting_around_kidal_is_cma_against_gatia_cmfpr(real_records):
    records, _, _ = real_records
    clashes = [
        r
        for r in records
        if r.admin1 == "Kidal"
        and (r.event_date.year, r.event_date.month) == (2017, 7)
        and r.event_type == vocab.BATTLES
    ]
    assert len(clashes) >= 5
    for clash in clashes:
        sides = (clash.actor1, clash.actor2)
        assert any(name in sides[0] for name in CMA_SIDE), sides
        assert any(name in sides[1] for name in PLATFORM_SIDE), sides
    platform_named = " ".join(c.actor2 for c in clashes)
    assert "GATIA" in platform_named and "CMFPR" in platform_named
    places = {(c.event_date.day, c.location) for c in clashes}
    assert (11, "Anefis") in places  # the CMA took the town that day
    anefis = [c for c in clashes if c.location == "Anefis"]
    assert {c.sub_event_type for c in anefis} == {"Non-state actor overtakes territory"}


def test_real_extract_numbers_and_places_are_read(real_records):
    records, _, _ = real_records
    first = records[0]
    assert first.line == 2
    assert first.dataset == "acled" and first.event_id.startswith("MLI")
    assert isinstance(first.latitude, Decimal) and isinstance(first.timestamp, int)
    assert {r.time_precision for r in records} <= {1, 2, 3}
    assert {r.geo_precision for r in records} <= {1, 2, 3}
    assert sum(r.fatalities for r in records) > 0
    assert {r.country for r in records} == {"Mali"}


# --- generated files: round trip, determinism, memory ---------------------------------


@pytest.mark.parametrize(
    "options",
    [{}, {"dates": "words"}, {"actor_types": "labels"}],
    ids=["iso-dates-codes", "word-dates", "actor-type-labels"],
)
def test_generated_file_round_trips_through_the_parser(options):
    rows = generated(300, **options)
    records, problems, parsed = read(acled_csv_bytes(300, seed=11, **options))
    assert problems == []
    assert parsed.format == CURRENT
    assert len(records) == 300
    codes = list(acled_rows(300, seed=11))  # the same events with numeric codes
    for record, row, coded in zip(records, rows, codes, strict=True):
        cell = dict(zip(CURRENT_COLUMNS, row, strict=True))
        assert record.event_id == cell["event_id_cnty"]
        assert record.event_date.isoformat() == coded[COLUMN["event_date"]]
        assert record.event_type == cell["event_type"]
        assert record.sub_event_type == cell["sub_event_type"]
        assert record.original_event_type == cell["event_type"]
        assert record.disorder_type == cell["disorder_type"]
        assert (record.actor1, record.actor2) == (cell["actor1"], cell["actor2"])
        assert record.inter1 == int(coded[COLUMN["inter1"]])
        assert record.inter2 == (int(coded[COLUMN["inter2"]]) if coded[COLUMN["inter2"]] else None)
        assert record.interaction == int(coded[COLUMN["interaction"]])
        assert record.civilian_targeting == (cell["civilian_targeting"] == "Civilian targeting")
        assert (record.admin1, record.location) == (cell["admin1"], cell["location"])
        assert record.latitude == Decimal(cell["latitude"])
        assert record.longitude == Decimal(cell["longitude"])
        assert record.fatalities == int(cell["fatalities"])
        assert record.notes == cell["notes"] and record.tags == cell["tags"]
        assert record.timestamp == int(cell["timestamp"])
        assert record.flags == ()


def test_generator_is_deterministic_and_shaped_like_the_sahel():
    assert acled_csv_bytes(200, seed=3) == acled_csv_bytes(200, seed=3)
    assert acled_csv_bytes(200, seed=3) != acled_csv_bytes(200, seed=4)
    rows = generated(3000)
    types = [row[COLUMN["event_type"]] for row in rows]
    assert types.count(vocab.VIOLENCE_AGAINST_CIVILIANS) > types.count(vocab.RIOTS) * 4
    assert {row[COLUMN["sub_event_type"]] for row in rows} == set(vocab.EVENT_TYPE_OF)
    regions = [row[COLUMN["admin1"]] for row in rows]
    assert regions.count("Mopti") > regions.count("Kayes")
    fatalities = sorted(int(row[COLUMN["fatalities"]]) for row in rows)
    assert fatalities[len(fatalities) // 2] <= 1 < fatalities[-1]  # many zeros, a long tail
    dates = [row[COLUMN["event_date"]] for row in rows]
    assert dates == sorted(dates, reverse=True)  # newest first, as ACLED sorts


def test_the_quick_and_the_careful_reading_give_the_same_records(real_records):
    # Records come from the quick path unless something is unusual; read each line again
    # with the careful path and compare.
    from accordwatch.incidents.importers.acled import _Lines

    for data in (acled_csv_bytes(400, seed=5), acled_csv_bytes(400, actor_types="labels")):
        records, _, parsed = read(data)
        lines = _Lines(list(CURRENT_COLUMNS), parsed.format, TODAY, Problems())
        for record, row in zip(records, generated_rows_of(data), strict=True):
            assert lines._checked(record.line, [*row, ""]) == record
    records, _, _ = real_records
    with real_file(REAL_ACLED).open(encoding="utf-8", newline="") as text:
        reader = csv.reader(text)
        header = [name.lower() for name in next(reader)]
        lines = _Lines(header, PRE_2019, TODAY, Problems())
        for record, row in zip(records, reader, strict=True):
            assert lines._checked(record.line, [*row, ""]) == record


def generated_rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))[1:]


def test_seen_ids_find_repeats_of_every_shape():
    seen = SeenIds()
    ids = ["MLI1", "MLI01", "NER1", "12345", "ACLED-7", "MLI700000", "mli1"]
    assert [seen.first_line(event_id, line) for line, event_id in enumerate(ids, 2)] == [
        *range(2, 9)
    ]
    assert [seen.first_line(event_id, 100) for event_id in ids] == [*range(2, 9)]


def test_seen_ids_stay_small_on_huge_numbers():
    seen = SeenIds()
    seen._MAX_SLOTS = 1000  # as if the arrays were full
    assert seen.first_line("MLI5000", 2) == 2  # too far for the arrays: kept in the dict
    assert seen.first_line("MLI10", 3) == 3
    assert seen.first_line("MLI5000", 4) == 2
    assert sum(len(lines) for lines in seen._arrays.values()) <= 1000


def test_records_built_by_position_equal_records_built_by_keyword():
    values = [f"v{n}" for n in range(len(RECORD_FIELDS))]
    built = build_record(*values)
    assert built == IncidentRecord(**dict(zip(RECORD_FIELDS, values, strict=True)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.notes = "changed"  # type: ignore[misc]


def test_a_100000_line_file_parses_in_flat_memory(tmp_path):
    path = tmp_path / "acled-100k.csv"
    with path.open("wb") as target:
        write_acled_csv(target, 100_000, seed=1)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        with path.open("rb") as stream:
            count = sum(1 for _ in parse_acled(stream, today=TODAY))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 100_000
    # The file is ~45 MB and holding its records would take hundreds; reading it costs a
    # buffer, a few caches and 4 bytes per event id.
    assert size > 30_000_000
    assert peak < 4_000_000, f"peak {peak:,} bytes"


# --- bad input: every problem names its line and column ------------------------------


def test_truncated_file_cut_inside_a_quoted_cell():
    data = acled_csv_bytes(30, seed=2)
    cut = data[: data.rindex(b'"On ') + 20]  # the last line stops inside its notes
    problem = read(cut)[1][-1]
    assert problem.line == 31
    assert "never closed" in problem.message and "cut short" in problem.message


def test_truncated_file_cut_between_cells():
    rows = generated(10)
    data = csv_bytes(rows)
    last = data.rstrip(b"\n").rsplit(b"\n", 1)[1]
    cut = data[: data.rindex(last) + len(last.split(b",")[0]) + 1]  # only the id is left
    problem = only_problem(cut)
    assert (problem.line, problem.column) == (11, "year")  # the first column it lacks
    assert "cut short" in problem.message


def test_semicolon_separated_file_is_named_as_such():
    problem = only_problem(csv_bytes(generated(5), delimiter=";"))
    assert (problem.line, problem.column) == (1, "")
    assert "semicolons" in problem.message


def test_tab_separated_file_is_named_as_such():
    problem = only_problem(csv_bytes(generated(5), delimiter="\t"))
    assert "tabs" in problem.message


def test_missing_required_column_is_named():
    position = COLUMN["latitude"]
    header = [name for name in CURRENT_COLUMNS if name != "latitude"]
    rows = [row[:position] + row[position + 1 :] for row in generated(5)]
    problem = only_problem(csv_bytes(rows, header=header))
    assert (problem.line, problem.column) == (1, "latitude")
    assert "missing" in problem.message


def test_unknown_columns_are_accepted_and_ignored():
    header = [*CURRENT_COLUMNS, "population_best"]
    rows = [[*row, "1200"] for row in generated(5)]
    records, problems, _ = read(csv_bytes(rows, header=header))
    assert problems == [] and len(records) == 5


def test_unknown_event_type():
    rows = generated(6)
    rows[3][COLUMN["event_type"]] = "Skirmish"
    problem = only_problem(csv_bytes(rows))
    assert (problem.line, problem.column) == (5, "event_type")
    assert "'Skirmish' is not an ACLED event type" in problem.message


def test_old_label_in_a_current_file_says_so():
    rows = generated(4)
    rows[1][COLUMN["event_type"]] = "Remote violence"
    problem = only_problem(csv_bytes(rows))
    assert (problem.line, problem.column) == (3, "event_type")
    assert "pre-2019" in problem.message


def test_sub_event_type_of_another_event_type():
    rows = generated(10)
    row = next(r for r in rows if r[COLUMN["event_type"]] == vocab.BATTLES)
    row[COLUMN["sub_event_type"]] = "Peaceful protest"
    problem = only_problem(csv_bytes(rows))
    assert problem.column == "sub_event_type"
    assert "not a sub-event type of Battles" in problem.message


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("latitude", "95.2", "out of range"),
        ("longitude", "-190.5", "out of range"),
        ("latitude", "15,797", "use a dot"),
        ("fatalities", "-3", "out of range"),
        ("fatalities", "several", "not a number of deaths"),
        ("time_precision", "4", "out of range"),
        ("geo_precision", "x", "not a whole number"),
        ("inter1", "9", "not an actor type code"),
        ("interaction", "State forces+Rebel group", "not an interaction"),
        ("civilian_targeting", "maybe", "not 'Civilian targeting'"),
        ("event_date", "31 February 2019", "not a real date"),
        ("event_date", "02/22/2019", "not a date"),
        ("timestamp", "yesterday", "not a whole number"),
        ("actor1", "", "at least one actor"),
        ("event_id_cnty", "", "needs its id"),
        ("disorder_type", "Chaos", "not an ACLED disorder type"),
    ],
)
def test_bad_cell_is_reported_with_line_and_column(column, value, expected):
    rows = generated(8)
    rows[4][COLUMN[column]] = value
    records, problems, _ = read(csv_bytes(rows))
    assert [(p.line, p.column) for p in problems] == [(6, column)], problems
    assert expected in problems[0].message
    assert len(records) == 7  # the other lines are fine


def test_swapped_latitude_and_longitude_are_refused():
    rows = generated(6)
    row = rows[2]
    row[COLUMN["latitude"]], row[COLUMN["longitude"]] = (
        row[COLUMN["longitude"]],
        row[COLUMN["latitude"]],
    )
    problem = only_problem(csv_bytes(rows))
    assert (problem.line, problem.column) == (4, "latitude")
    assert "swapped" in problem.message


def test_point_outside_the_country_is_flagged_not_refused():
    rows = generated(6)
    rows[1][COLUMN["latitude"]], rows[1][COLUMN["longitude"]] = "14.6928", "-17.4467"  # Dakar
    records, problems, _ = read(csv_bytes(rows))
    assert problems == []
    flagged = [r for r in records if r.flags]
    assert [r.line for r in flagged] == [3]
    assert "outside Mali's bounding box" in flagged[0].flags[0]


def test_date_in_the_future():
    rows = generated(5)
    rows[0][COLUMN["event_date"]] = "2026-03-01"
    problem = only_problem(csv_bytes(rows), today=dt.date(2026, 2, 1))
    assert (problem.line, problem.column) == (2, "event_date")
    assert "in the future" in problem.message


def test_non_utf8_bytes_are_reported_at_their_line_and_column():
    rows = generated(6)
    rows[3][COLUMN["notes"]] = "Attaque signalée près de Sévaré"
    data = csv_bytes(rows)
    latin = data.replace(
        "Attaque signalée près de Sévaré".encode(), "Attaque signalée".encode("cp1252")
    )
    problem = read(latin)[1][0]
    assert (problem.line, problem.column) == (5, "notes")
    assert "0xE9" in problem.message and "UTF-8" in problem.message


def test_line_numbers_count_line_breaks_inside_cells():
    rows = generated(6)
    rows[1][COLUMN["notes"]] = "First paragraph.\nSecond paragraph.\nThird."
    rows[4][COLUMN["fatalities"]] = "many"
    problem = only_problem(csv_bytes(rows))
    assert problem.line == 8  # row 5 starts on line 6, pushed down two lines by row 2


def test_duplicate_event_id_names_both_lines():
    rows = generated(8)
    rows[6][COLUMN["event_id_cnty"]] = rows[1][COLUMN["event_id_cnty"]]
    problem = only_problem(csv_bytes(rows))
    assert (problem.line, problem.column) == (8, "event_id_cnty")
    assert "already used on line 3" in problem.message


def test_one_megabyte_notes_cell_is_refused_naming_line_and_column():
    rows = generated(4)
    rows[2][COLUMN["notes"]] = "x" * 1_000_000
    problem = only_problem(csv_bytes(rows))
    assert (problem.line, problem.column) == (4, "notes")
    assert f"at most {NOTES_MAX:,}" in problem.message
    assert len(problem.value) <= 80  # the cell is shortened in the report


def test_bom_and_blank_lines_are_accepted():
    data = b"\xef\xbb\xbf" + csv_bytes(generated(3)) + b"\n\n"
    records, problems, _ = read(data)
    assert problems == [] and len(records) == 3


def test_empty_file():
    problem = only_problem(b"")
    assert problem.line == 1 and "empty" in problem.message


def test_problems_stop_at_the_cap():
    rows = generated(MAX_PROBLEMS + 50)
    for row in rows:
        row[COLUMN["fatalities"]] = "?"
    records, problems, _ = read(csv_bytes(rows))
    assert records == []
    assert len(problems) == MAX_PROBLEMS + 1
    assert "stopped after" in problems[-1].message


def test_without_a_problems_collector_the_file_is_refused_at_the_end():
    rows = generated(5)
    rows[4][COLUMN["latitude"]] = "north"
    parsed = parse_acled(io.BytesIO(csv_bytes(rows)), today=TODAY)
    good = []
    with pytest.raises(ImportRejected) as refused:
        for record in parsed:
            good.append(record)
    assert len(good) == 4  # streamed first; the caller's transaction rolls them back
    assert [(p.line, p.column) for p in refused.value.problems] == [(6, "latitude")]


# --- the pre-2019 layout, written by hand -----------------------------------------------


def pre_2019_row(**cells: str) -> list[str]:
    base = {
        "data_id": "1",
        "iso": "466",
        "event_id_cnty": "MLI90001",
        "event_id_no_cnty": "90001",
        "event_date": "03 March 2018",
        "year": "2018",
        "time_precision": "1",
        "event_type": "Riots/Protests",
        "actor1": "Rioters (Mali)",
        "assoc_actor_1": "",
        "inter1": "5",
        "actor2": "",
        "assoc_actor_2": "",
        "inter2": "0",
        "interaction": "50",
        "region": "Western Africa",
        "country": "Mali",
        "admin1": "Bamako",
        "admin2": "Bamako",
        "admin3": "Bamako",
        "location": "Bamako",
        "latitude": "12.65",
        "longitude": "-8.0",
        "geo_precision": "1",
        "source": "Our test wire",
        "source_scale": "National",
        "notes": "Written for this test.",
        "fatalities": "0",
        "timestamp": "1520000000",
        "iso3": "MLI",
    }
    return [{**base, **cells}[name] for name in PRE_2019_COLUMNS]


def test_pre_2019_riots_protests_and_civilian_targeting():
    rows = [
        pre_2019_row(),
        pre_2019_row(
            event_id_cnty="MLI90002",
            actor1="Protesters (Mali)",
            inter1="6",
            interaction="60",
        ),
        pre_2019_row(
            event_id_cnty="MLI90003",
            event_type="Remote violence",
            actor1="Unidentified Armed Group (Mali)",
            inter1="3",
            actor2="Civilians (Mali)",
            inter2="7",
            interaction="37",
        ),
    ]
    records, problems, parsed = read(csv_bytes(rows, header=PRE_2019_COLUMNS))
    assert problems == [] and parsed.format == PRE_2019
    riot, protest, blast = records
    assert (riot.event_type, riot.sub_event_type, riot.inter2) == (vocab.RIOTS, "", None)
    assert (protest.event_type, protest.sub_event_type) == (vocab.PROTESTS, "Peaceful protest")
    assert blast.event_type == vocab.EXPLOSIONS and blast.civilian_targeting
    assert not riot.civilian_targeting
    assert riot.event_date == dt.date(2018, 3, 3)


def test_pre_2019_unknown_label():
    rows = [pre_2019_row(event_type="Battle-Stalemate")]
    problem = only_problem(csv_bytes(rows, header=PRE_2019_COLUMNS))
    assert (problem.line, problem.column) == (2, "event_type")
    assert "old or current" in problem.message


# --- ACLED's deletions file ---------------------------------------------------------


def deletions(data: bytes):
    problems = Problems()
    return list(parse_acled_deletions(io.BytesIO(data), problems=problems)), problems.items


def test_deletions_file():
    data = b"event_id_cnty,deleted_timestamp\nMLI12,1600000000\nMLI13,1600000300\n"
    records, problems = deletions(data)
    assert problems == []
    assert [(r.line, r.event_id, r.deleted_timestamp) for r in records] == [
        (2, "MLI12", 1600000000),
        (3, "MLI13", 1600000300),
    ]


def test_deletions_file_problems():
    data = b"event_id_cnty,deleted_timestamp\nMLI12,soon\nMLI13,1\nMLI13,2\n"
    records, problems = deletions(data)
    assert [(p.line, p.column) for p in problems] == [
        (2, "deleted_timestamp"),
        (4, "event_id_cnty"),
    ]
    assert [r.event_id for r in records] == ["MLI13"]
    _, problems = deletions(b"event_id,when\nMLI1,1\n")
    assert {p.column for p in problems} == {"event_id_cnty", "deleted_timestamp"}


# --- UCDP GED -------------------------------------------------------------------------

UCDP_HEADER = (
    "id,relid,year,type_of_violence,conflict_name,dyad_name,side_a,side_b,source_office,"
    "source_headline,where_prec,where_coordinates,adm_1,adm_2,latitude,longitude,country,"
    "country_id,region,date_prec,date_start,date_end,best,high,low"
)


def ucdp(*lines: str, today: dt.date = TODAY):
    data = "\n".join((UCDP_HEADER, *lines)).encode()
    problems = Problems()
    return list(parse_ucdp(io.BytesIO(data), today=today, problems=problems)), problems.items


def test_ucdp_events_map_onto_acled_fields():
    records, problems = ucdp(
        "9001,T-1,2017,1,Mali: Government,Government of Mali - JNIM,Government of Mali,JNIM,"
        "Wire A,Army post attacked,2,Boni town,Mopti region,Douentza cercle,15.07,-2.25,Mali,"
        "432,Africa,1,2017-07-06 00:00:00.000,2017-07-06 00:00:00.000,5,7,4",
        "9002,T-2,2017,2,Mali: CMA - Platform,CMA - Platform,CMA,Platform,Wire B,Clashes,1,"
        "Anefis village,Kidal region,Kidal cercle,18.05,0.60,Mali,432,Africa,3,2017-07-10,"
        "2017-07-12,10,12,8",
        "9003,T-3,2017,3,IS - civilians,IS - Civilians,IS Sahel,Civilians,,,4,Menaka region,"
        "Gao region,,15.9,2.4,Mali,432,Africa,4,2017-07-01,2017-07-31,3,3,3",
    )
    assert problems == []
    state, non_state, one_sided = records
    assert (state.dataset, state.event_id) == ("ucdp", "9001")
    assert (state.event_type, state.sub_event_type) == (vocab.BATTLES, "Armed clash")
    assert (state.inter1, state.inter2, state.interaction) == (1, None, None)
    assert (state.admin1, state.admin2, state.location) == ("Mopti", "Douentza", "Boni")
    assert (state.fatalities, state.fatalities_low, state.fatalities_high) == (5, 4, 7)
    assert state.geo_precision == 2 and state.iso == 466
    assert "UCDP type_of_violence 1" in state.original_event_type
    assert non_state.time_precision == 2 and non_state.event_date_end == dt.date(2017, 7, 12)
    assert non_state.tags == "conflict=Mali: CMA - Platform; dyad=CMA - Platform"
    assert one_sided.event_type == vocab.VIOLENCE_AGAINST_CIVILIANS
    assert one_sided.civilian_targeting and one_sided.inter2 == 7
    assert one_sided.time_precision == 3 and one_sided.geo_precision == 3


def test_ucdp_problems_name_line_and_column():
    good = (
        "9001,T-1,2017,1,C,D,Government of Mali,JNIM,W,H,1,Boni,Mopti region,,15.07,-2.25,"
        "Mali,432,Africa,1,2017-07-06,2017-07-06,5,7,4"
    )
    _, problems = ucdp(good.replace(",1,C,D,", ",4,C,D,"))
    assert [(p.line, p.column) for p in problems] == [(2, "type_of_violence")]
    _, problems = ucdp(good, good)
    assert [(p.line, p.column) for p in problems] == [(3, "id")]
    _, problems = ucdp(good.replace("15.07,-2.25", "-2.25,15.07"))
    assert [(p.line, p.column) for p in problems] == [(2, "latitude")]
    _, problems = ucdp(good, today=dt.date(2017, 7, 1))
    assert [(p.line, p.column) for p in problems] == [(2, "date_start")]
    data = b"id,side_a\n1,x\n"
    problems = Problems()
    assert list(parse_ucdp(io.BytesIO(data), today=TODAY, problems=problems)) == []
    assert {p.column for p in problems.items} >= {"type_of_violence", "date_start", "best"}

"""An import keeps the incidents rollup right inside its own transaction: on SQLite it
suspends the per-row insert trigger and recomputes the months it touched at the end; the
aggregates read from the rollup right after an import equal grouping the incidents."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection

from accordwatch.core.importing import ImportRejected
from accordwatch.core.services import SYSTEM
from accordwatch.incidents import rollup, selectors
from accordwatch.incidents.imports import incidents_import
from accordwatch.incidents.selectors import IncidentFilters
from tests.incidents.builders import deletion, record

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "analyst", "delegate", "outsider"]
GROUPINGS = [["month"], ["month", "admin1", "event_type"], ["admin1"], ["month", "actor1"]]


def _records(seed: int, count: int, *, months: int, timestamp: int = 1_500_000_000):
    rng = random.Random(seed)
    return [
        record(
            event_id=f"RU{n}",
            event_date=dt.date(2015 + rng.randrange(months) // 12, 1 + rng.randrange(12), 9),
            admin1=rng.choice(["Kidal", "Gao", "Mopti"]),
            event_type=rng.choice(["Battles", "Riots", "Explosions/Remote violence"]),
            sub_event_type="",
            fatalities=rng.choice([None, 0, 2, 9]),
            timestamp=timestamp,
        )
        for n in range(count)
    ]


def _agree(persona_users) -> None:
    assert rollup.stale_months() == []
    for persona in PERSONAS:
        user = persona_users.get(persona)
        for by in GROUPINGS:
            grouped = selectors.incident_aggregates_grouped(
                user=user, filters=IncidentFilters(), by=by
            )
            from_rollup = rollup.answer(user=user, filters=IncidentFilters(), by=by)
            assert from_rollup is not None, by  # nothing stale: the rollup answers
            assert from_rollup == grouped, (persona, by)


def _insert_trigger_count() -> int:
    if connection.vendor != "sqlite":
        return 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = %s",
            ["incidents_incident_rollup_insert"],
        )
        return cursor.fetchone()[0]


@pytest.mark.parametrize("months", [3, 60])  # a few months recomputed; many, all rebuilt
def test_the_rollup_is_right_as_soon_as_an_import_commits(months, persona_users):
    incidents_import(actor=SYSTEM, records=_records(1, 120, months=months))
    assert _insert_trigger_count() == 1  # put back
    _agree(persona_users)
    # A second run: new events, newer versions (their months may move) and a retirement.
    again = _records(2, 150, months=months, timestamp=1_600_000_000)
    summary = incidents_import(actor=SYSTEM, records=again, deletions=[deletion("RU7")])
    assert (summary.created, summary.updated, summary.retired) == (30, 120, 1)
    _agree(persona_users)


def test_a_refused_import_leaves_the_trigger_and_the_rollup_as_they_were(persona_users):
    incidents_import(actor=SYSTEM, records=_records(2, 20, months=3))
    with pytest.raises(ImportRejected):
        incidents_import(
            actor=SYSTEM, records=[*_records(3, 5, months=3), record(event_type="Picnic")]
        )
    assert _insert_trigger_count() == 1
    # The trigger still lists the months of later writes.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE incidents_incident SET fatalities = 40 WHERE event_id = 'RU1'")
    assert rollup.stale_months() != []
    rollup.refresh()
    _agree(persona_users)


def _indexes() -> list[tuple[str, str]]:
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'incidents_incident' ORDER BY name"
        )
        return cursor.fetchall()


def test_a_large_import_sets_the_indexes_aside_and_builds_them_again(monkeypatch, persona_users):
    """SQLite: past ``LARGE`` created rows the secondary indexes are dropped, and built
    again before the import commits; a refused import gets them back by its rollback."""
    from accordwatch.incidents import imports

    monkeypatch.setattr(imports._IndexUpkeep, "LARGE", 10)
    monkeypatch.setattr(imports, "BATCH", 25)
    before = _indexes()
    dropped: list[int] = []
    original = imports._IndexUpkeep.before_insert

    def spy(self, created):
        original(self, created)
        dropped.append(len(self.dropped))

    monkeypatch.setattr(imports._IndexUpkeep, "before_insert", spy)
    incidents_import(actor=SYSTEM, records=_records(4, 120, months=3))
    if connection.vendor == "sqlite":
        assert max(dropped) > 5  # they were set aside midway
    assert _indexes() == before
    _agree(persona_users)
    dropped.clear()
    with pytest.raises(ImportRejected):
        incidents_import(
            actor=SYSTEM,
            records=[*_records(5, 400, months=3, timestamp=1_700_000_000), record(event_type="x")],
        )
    if connection.vendor == "sqlite":
        assert max(dropped) > 5
    assert _indexes() == before

"""Incident records for tests: IncidentRecords as a parser yields them, and incidents made
through the services (so the audit trail is real)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from accordwatch.core.services import SYSTEM
from accordwatch.incidents import services
from accordwatch.incidents.importers.records import ACLED, DeletionRecord, IncidentRecord
from accordwatch.incidents.models import EventType, Incident

_seq = itertools.count(1)
PUBLIC = {"confidentiality": "public", "publication_state": "published"}


def record(**values: Any) -> IncidentRecord:
    n = next(_seq)
    base = IncidentRecord(
        line=n + 1,
        dataset=ACLED,
        event_id=f"TST{n}",
        event_date=dt.date(2017, 7, 6),
        time_precision=1,
        disorder_type="Political violence",
        event_type="Battles",
        sub_event_type="Armed clash",
        original_event_type="Battle-No change of territory",
        actor1="CMA: Coordination of Movements of the Azawad",
        assoc_actor_1="",
        inter1=2,
        actor2="GATIA: Imghad Tuareg and Allies Self-Defense Group",
        assoc_actor_2="",
        inter2=3,
        interaction=23,
        civilian_targeting=False,
        iso=466,
        region="Western Africa",
        country="Mali",
        admin1="Kidal",
        admin2="Kidal",
        admin3="Kidal",
        location="Kidal",
        latitude=Decimal("18.4411"),
        longitude=Decimal("1.4078"),
        geo_precision=1,
        source="Test wire",
        source_scale="National",
        notes="A clash written for a test.",
        fatalities=2,
        timestamp=1_500_000_000,
    )
    return dataclasses.replace(base, **values)


def deletion(event_id: str, line: int = 2) -> DeletionRecord:
    return DeletionRecord(line=line, event_id=event_id, deleted_timestamp=1_600_000_000)


def event_type(name: str) -> EventType:
    return EventType.objects.get(level="event", name=name)


def incident(**values: Any) -> Incident:
    n = next(_seq)
    values.setdefault("event_date", dt.date(2017, 7, 6))
    values.setdefault("event_type", event_type("Battles"))
    values.setdefault("admin1", "Kidal")
    values = {**PUBLIC, **values}
    return services.incident_upsert(
        actor=values.pop("actor", SYSTEM),
        dataset=values.pop("dataset", "monitor"),
        event_id=values.pop("event_id", f"MON{n}"),
        **values,
    )[0]

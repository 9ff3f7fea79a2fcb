"""What the incident parsers yield: one ``IncidentRecord`` per event, one ``DeletionRecord``
per line of an ACLED deletions file.

These are the contract between the parsers (``acled.py``, ``ucdp.py``) and the import
service that writes them; keep the field names and types stable. Every field is already
checked and normalised: the service does not parse text again.

Field names follow ACLED's current export where ACLED has the field; UCDP GED values are
mapped onto them (see docs/incidents-formats.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

ACLED = "acled"
UCDP = "ucdp"
DATASETS = (ACLED, UCDP)

# time_precision: how sure the date is (ACLED's codes; UCDP's date_prec is mapped onto them).
DAY, WEEK, MONTH = 1, 2, 3


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    """One event, as a source dataset reports it.

    Text fields are ``""`` when the file leaves them empty, never ``None``. Numbers that a
    file may leave empty are ``None`` then (``inter2`` of an event with one actor, the
    coordinates of an event placed only by name).
    """

    line: int  # the line of the file the event starts on (1 = header), for messages
    dataset: str  # ACLED or UCDP
    event_id: str  # stable across versions of the dataset: ACLED event_id_cnty, UCDP id
    event_date: dt.date  # UCDP: date_start
    time_precision: int  # DAY, WEEK or MONTH

    # ACLED's current vocabulary (vocabulary.py); older labels are mapped onto it.
    disorder_type: str
    event_type: str
    sub_event_type: str  # "" when an old label cannot tell which sub-event type it was
    original_event_type: str  # exactly as the file wrote it (old label, or UCDP's type code)

    actor1: str
    assoc_actor_1: str
    inter1: int | None  # ACLED inter code 1-8 (text labels of newer exports are mapped)
    actor2: str
    assoc_actor_2: str
    inter2: int | None
    interaction: int | None  # the two inter codes, lower first: 13, 37; 10 with one actor
    civilian_targeting: bool

    iso: int | None  # ISO 3166 numeric country code (466 for Mali)
    region: str
    country: str
    admin1: str
    admin2: str
    admin3: str
    location: str
    latitude: Decimal | None  # as written (ACLED gives 4 decimals); None if not placed
    longitude: Decimal | None
    geo_precision: int | None  # 1 the town itself, 2 near it / part of a region, 3 region

    source: str
    source_scale: str
    notes: str
    fatalities: int  # ACLED's figure; UCDP's "best" estimate
    fatalities_low: int | None = None  # UCDP only
    fatalities_high: int | None = None  # UCDP only
    tags: str = ""  # ACLED's tags, as written ("; "-separated)
    timestamp: int | None = None  # ACLED: when the event was last changed (newer wins)
    event_date_end: dt.date | None = None  # UCDP date_end; None for ACLED (one day)

    # Warnings that do not stop the import but should be shown and kept, e.g. a point
    # outside the country's bounding box. Worded for people; each a complete sentence.
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DeletionRecord:
    """A line of ACLED's deletions file: the event ``event_id`` was withdrawn by ACLED at
    ``deleted_timestamp`` (Unix seconds). The import retires the event (soft delete)."""

    line: int
    event_id: str
    deleted_timestamp: int

"""ACLED's CSV export, current or pre-2019, and ACLED's deletions file.

``parse_acled(stream, today=...)`` reads an export and yields one ``IncidentRecord`` per
line that is fine on its own. The format is told from the header: a ``sub_event_type``
column means today's export (31 columns, since 2019); without it, the export made before
ACLED's 2019 revision (``data_id``, ``event_id_no_cnty``, one ``event_type`` column with the
old labels, mapped by ``vocabulary.map_old_label``). Columns we do not read (``year``,
``data_id``, ``iso3``, anything ACLED adds) are accepted and ignored; a column we need and
cannot find is refused. The columns are documented in docs/incidents-formats.md.

All or nothing is for the caller to decide, and this is why the parser collects rather
than raises: it streams, so it cannot know that line 900,000 is broken before it has
yielded the lines above it. The import service writes what it is given in batches inside
one transaction and, when the file is read to the end, asks the parser for its problems:
any problem rolls the whole file back (one refusal lists up to ``MAX_PROBLEMS`` of them,
each with line and column, so a user fixes a file in one round). Refusing per batch
instead would leave half a file imported — "nothing half-written" rules that out.

- ``problems`` given: problems go there and nothing is raised; the caller looks at it
  once the iterator is exhausted (``problems.items``).
- ``problems`` omitted: the iterator raises ``ImportRejected`` at its end if there were
  any — after yielding the good lines, so a caller inside a transaction still rolls back.

A line with a problem is not yielded. Warnings that do not make a line wrong (a point
outside its country's bounding box) ride on the record in ``flags``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from accordwatch.commitments.importers.csvfile import restore
from accordwatch.core.importing import ImportRejected, Problems
from accordwatch.incidents.importers import vocabulary as vocab
from accordwatch.incidents.importers.cells import (
    NOTES_MAX,
    TEXT_MAX,
    CellError,
    SeenIds,
    build_record,
    parse_coordinate,
    parse_date,
    parse_int,
    parse_optional_int,
    parsed_dates,
)
from accordwatch.incidents.importers.countries import (
    OUTSIDE,
    SWAPPED,
    Country,
    country_named,
    country_of_iso,
    place_point,
)
from accordwatch.incidents.importers.csvrows import CsvRows
from accordwatch.incidents.importers.records import ACLED, DeletionRecord, IncidentRecord

CURRENT = "current"
PRE_2019 = "pre-2019"

# Today's export, in ACLED's order.
CURRENT_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
# The export before 2019, in its order.
PRE_2019_COLUMNS = (
    "data_id",
    "iso",
    "event_id_cnty",
    "event_id_no_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
    "iso3",
)
_ESSENTIAL = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "actor1",
    "country",
    "latitude",
    "longitude",
    "fatalities",
)
REQUIRED = {CURRENT: (*_ESSENTIAL, "sub_event_type"), PRE_2019: _ESSENTIAL}
# Columns read into the record (the others are accepted and ignored): every current
# column but the year, which the date gives. ``_Lines._fast`` unpacks their positions in
# this order.
READ_COLUMNS = tuple(column for column in CURRENT_COLUMNS if column != "year")

DELETION_COLUMNS = ("event_id_cnty", "deleted_timestamp")

MAX_FATALITIES = 1_000_000
MAX_TIMESTAMP = 2**53  # any real Unix time fits; beyond this, a cell is not a timestamp
CIVILIAN_TARGETING = "Civilian targeting"
_CIVILIAN_TARGETING_VALUES = {
    "": False,
    "civilian targeting": True,
    "civilians targeted": True,
    CIVILIAN_TARGETING: True,  # as written, for the quick reading; the careful one lowers
}
_TEXT_COLUMNS = (
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "source",
    "source_scale",
    "tags",
)


class _Recheck(Exception):
    """The quick reading of a line met something unusual; read it again with care."""


# Cells that take few values, read by one dict lookup (a KeyError sends the line to be
# checked with care).
_PRECISIONS: dict[str, int | None] = {"": None, "1": 1, "2": 2, "3": 3}
_ISO_CODES: dict[str, int | None] = {"": None, **{str(n): n for n in range(1000)}}


@dataclass(frozen=True, slots=True)
class _Types:
    disorder_type: str
    event_type: str
    sub_event_type: str


class AcledFile:
    """The records of one ACLED export, read as they are iterated.

    ``format`` (CURRENT or PRE_2019) is known once iteration has started; ``rows`` counts
    the data lines read, good or not; ``problems`` holds what was found.
    """

    def __init__(self, stream: BinaryIO, *, today: dt.date, problems: Problems | None = None):
        self.problems = problems if problems is not None else Problems()
        self.format = ""
        self.rows = 0
        self._raise_at_end = problems is None
        self._today = today
        self._records = self._read(stream)

    def __iter__(self) -> AcledFile:
        return self

    def __next__(self) -> IncidentRecord:
        return next(self._records)

    def _read(self, stream: BinaryIO) -> Iterator[IncidentRecord]:
        with CsvRows(stream, self.problems) as reader:
            names = reader.header(CURRENT_COLUMNS + PRE_2019_COLUMNS)
            if names is not None and self._check_header(names, reader.header_line):
                lines = _Lines(names, self.format, self._today, self.problems)
                for line, row in reader.rows():
                    self.rows += 1
                    record = lines.record(line, row)
                    if record is not None:
                        yield record
                    if self.problems.full:
                        break
        if self._raise_at_end and self.problems:
            raise ImportRejected(self.problems.items)

    def _check_header(self, names: list[str], line: int) -> bool:
        problems = self.problems
        before = len(problems)
        self.format = CURRENT if "sub_event_type" in names else PRE_2019
        seen: dict[str, int] = {}
        for position, name in enumerate(names, start=1):
            if name in seen and name in READ_COLUMNS:
                problems.add(line, name, f"appears twice (columns {seen[name]} and {position})")
            seen.setdefault(name, position)
        for name in REQUIRED[self.format]:
            if name not in seen:
                problems.add(
                    line,
                    name,
                    f"required column is missing from the header (read as ACLED's {self.format} "
                    "export)",
                )
        if len(problems) > before:
            problems.fatal = True
            return False
        return True


def parse_acled(stream: BinaryIO, *, today: dt.date, problems: Problems | None = None) -> AcledFile:
    """Read an ACLED export (bytes) as it is iterated; see the module's docstring for how
    problems are reported. ``today`` is the date after which an event date is refused."""
    return AcledFile(stream, today=today, problems=problems)


class _Lines:
    """Turns the cells of one line into a record, noting each problem with line and column.

    Cells are read by position: a column missing from the header reads as "" (each row gets
    one empty cell appended, and missing columns point at it).
    """

    def __init__(self, names: list[str], format: str, today: dt.date, problems: Problems):
        first: dict[str, int] = {}
        for position, name in enumerate(names):
            first.setdefault(name, position)
        self.at = {name: first.get(name, -1) for name in READ_COLUMNS}
        self.positions = tuple(self.at[name] for name in READ_COLUMNS)
        self.old = format == PRE_2019
        self.today = today
        self.problems = problems
        self.seen = SeenIds()
        self._types: dict[tuple[str, str, str, int | None, int | None], _Types] = {}
        self._inter: dict[str, int | None] = {}
        self._interaction: dict[str, int | None] = {}
        self._countries: dict[tuple[str, int | None], Country | None] = {}

    def record(self, line: int, row: list[str]) -> IncidentRecord | None:
        row.append("")
        try:
            return self._fast(line, row)
        except (_Recheck, KeyError, ValueError, ArithmeticError):
            return self._checked(line, row)

    def _fast(self, line: int, row: list[str]) -> IncidentRecord:
        """The usual line, read with few calls: every value comes from a cache that only
        ever holds values ``_checked`` accepted, or from a conversion that raises. Anything
        unusual (a value not seen yet, a problem, a flag) raises, and ``_checked`` reads the
        line again, slowly, with a message for each problem. Both give the same record."""
        (
            i_id,
            i_date,
            i_precision,
            i_disorder,
            i_event,
            i_sub,
            i_actor1,
            i_assoc1,
            i_inter1,
            i_actor2,
            i_assoc2,
            i_inter2,
            i_interaction,
            i_civilian,
            i_iso,
            i_region,
            i_country,
            i_admin1,
            i_admin2,
            i_admin3,
            i_location,
            i_lat,
            i_lon,
            i_geo,
            i_source,
            i_scale,
            i_notes,
            i_fatalities,
            i_tags,
            i_timestamp,
        ) = self.positions
        event_id = row[i_id]
        if not event_id or len(event_id) > 40 or event_id != event_id.strip():
            raise _Recheck
        event_date = parsed_dates[row[i_date]]
        if event_date > self.today:
            raise _Recheck
        inter1 = self._inter[row[i_inter1]]
        inter2 = self._inter[row[i_inter2]]
        interaction = self._interaction[row[i_interaction]]
        if interaction is None:  # computed from the actor types; _checked says how
            raise _Recheck
        types = self._types[(row[i_event], row[i_sub], row[i_disorder], inter1, inter2)]
        actor1 = row[i_actor1].strip()
        assoc_actor_1 = row[i_assoc1].strip()
        actor2 = row[i_actor2].strip()
        assoc_actor_2 = row[i_assoc2].strip()
        region = row[i_region].strip()
        country = row[i_country].strip()
        admin1 = row[i_admin1].strip()
        admin2 = row[i_admin2].strip()
        admin3 = row[i_admin3].strip()
        location = row[i_location].strip()
        source = row[i_source].strip()
        source_scale = row[i_scale].strip()
        tags = row[i_tags].strip()
        notes = row[i_notes]
        if (
            # A leading ' is how our own export keeps a spreadsheet from running a cell
            # as a formula; _checked takes it off again (rare, so the slow path).
            actor1[:1] == "'"
            or actor2[:1] == "'"
            or assoc_actor_1[:1] == "'"
            or assoc_actor_2[:1] == "'"
            or location[:1] == "'"
            or admin1[:1] == "'"
            or admin2[:1] == "'"
            or admin3[:1] == "'"
            or source[:1] == "'"
            or notes[:1] == "'"
            or tags[:1] == "'"
            or source_scale[:1] == "'"
            or region[:1] == "'"
            or country[:1] == "'"
            or not actor1
            or len(actor1) > 300
            or len(actor2) > 300
            or len(assoc_actor_1) > 600
            or len(assoc_actor_2) > 600
            or len(region) > 120
            or len(country) > 120
            or len(admin1) > 120
            or len(admin2) > 120
            or len(admin3) > 120
            or len(location) > 200
            or len(source) > 20_000
            or len(source_scale) > 200
            or len(tags) > 20_000
            or len(notes) > NOTES_MAX
        ):
            raise _Recheck
        iso = _ISO_CODES[row[i_iso]]
        geo_precision = _PRECISIONS[row[i_geo]]
        time_precision = _PRECISIONS[row[i_precision]]
        if time_precision is None:
            raise _Recheck
        fatalities = int(row[i_fatalities])
        written = row[i_timestamp]
        timestamp = int(written) if written else None
        if not 0 <= fatalities <= MAX_FATALITIES or (
            timestamp is not None and not 0 <= timestamp <= MAX_TIMESTAMP
        ):
            raise _Recheck
        if self.old:
            event_type = types.event_type
            civilian_targeting = event_type == vocab.VIOLENCE_AGAINST_CIVILIANS or (
                event_type == vocab.EXPLOSIONS and (inter1 == 7 or inter2 == 7)
            )
        else:
            civilian_targeting = _CIVILIAN_TARGETING_VALUES[row[i_civilian]]
        latitude = Decimal(row[i_lat])
        longitude = Decimal(row[i_lon])
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise _Recheck
        country_box = self._countries[(country, iso)]
        if country_box is not None and not country_box.contains(float(latitude), float(longitude)):
            raise _Recheck  # a flag or a problem: _checked words it
        if not self.seen.is_new(event_id, line):
            raise _Recheck
        return build_record(
            line,
            ACLED,
            event_id,
            event_date,
            time_precision,
            types.disorder_type,
            types.event_type,
            types.sub_event_type,
            row[i_event].strip(),
            actor1,
            assoc_actor_1,
            inter1,
            actor2,
            assoc_actor_2,
            inter2,
            interaction,
            civilian_targeting,
            iso,
            region,
            country,
            admin1,
            admin2,
            admin3,
            location,
            latitude,
            longitude,
            geo_precision,
            source,
            source_scale,
            notes,
            fatalities,
            None,
            None,
            tags,
            timestamp,
            None,
            (),
        )

    def _checked(self, line: int, row: list[str]) -> IncidentRecord | None:
        at = self.at
        problems = self.problems
        errors_before = len(problems)

        def cell_error(column: str, error: CellError) -> None:
            problems.add(line, column, str(error), row[at[column]])

        event_id = row[at["event_id_cnty"]].strip()
        if not event_id:
            problems.add(line, "event_id_cnty", "empty, but every event needs its id")
        elif len(event_id) > TEXT_MAX["event_id"]:
            problems.add(line, "event_id_cnty", "longer than 40 characters", event_id)
        else:
            first = self.seen.first_line(event_id, line)
            if first != line:
                problems.add(
                    line, "event_id_cnty", f"event id {event_id} is already used on line {first}"
                )

        event_date = None
        try:
            event_date = parse_date(row[at["event_date"]])
            if event_date > self.today:
                problems.add(
                    line,
                    "event_date",
                    f"{event_date.isoformat()} is in the future (today is "
                    f"{self.today.isoformat()})",
                    row[at["event_date"]],
                )
        except CellError as error:
            cell_error("event_date", error)

        time_precision = 1
        try:
            time_precision = parse_int(row[at["time_precision"]], low=1, high=3, what="1, 2 or 3")
        except CellError as error:
            cell_error("time_precision", error)

        inter1 = self._inter_code(line, row, "inter1")
        inter2 = self._inter_code(line, row, "inter2")
        interaction = self._interaction_code(line, row, inter1, inter2)
        types = self._event_types(line, row, inter1, inter2)

        text = {}
        for column in _TEXT_COLUMNS:
            value = restore(row[at[column]].strip())
            if len(value) > TEXT_MAX[column]:
                problems.add(
                    line,
                    column,
                    f"{len(value):,} characters; at most {TEXT_MAX[column]:,} are accepted here",
                    value,
                )
            text[column] = value
        if not text["actor1"]:
            problems.add(line, "actor1", "empty, but every event has at least one actor")
        notes = restore(row[at["notes"]])
        if len(notes) > TEXT_MAX["notes"]:
            problems.add(
                line,
                "notes",
                f"{len(notes):,} characters; at most {TEXT_MAX['notes']:,} are accepted in notes",
                notes,
            )

        iso = geo_precision = timestamp = None
        fatalities = 0
        try:
            iso = parse_optional_int(row[at["iso"]], low=0, high=999)
        except CellError as error:
            cell_error("iso", error)
        try:
            geo_precision = parse_optional_int(row[at["geo_precision"]], low=1, high=3)
        except CellError as error:
            cell_error("geo_precision", error)
        try:
            fatalities = parse_int(
                row[at["fatalities"]], low=0, high=MAX_FATALITIES, what="a number of deaths"
            )
        except CellError as error:
            cell_error("fatalities", error)
        try:
            timestamp = parse_optional_int(row[at["timestamp"]], low=0, high=MAX_TIMESTAMP)
        except CellError as error:
            cell_error("timestamp", error)

        civilian_targeting = False
        if self.old:
            # Not in the old export: ACLED now marks events whose main target is civilians.
            civilian_targeting = types is not None and (
                types.event_type == vocab.VIOLENCE_AGAINST_CIVILIANS
                or (types.event_type == vocab.EXPLOSIONS and vocab.CIVILIANS in (inter1, inter2))
            )
        else:
            written = row[at["civilian_targeting"]]
            found = _CIVILIAN_TARGETING_VALUES.get(written.strip().lower())
            if found is None:
                problems.add(
                    line,
                    "civilian_targeting",
                    f"{written!r} is not {CIVILIAN_TARGETING!r} or empty",
                    written,
                )
            else:
                civilian_targeting = found

        latitude, longitude, flags = self._point(line, row, text["country"], iso)

        if len(problems) > errors_before or problems.full or types is None or event_date is None:
            return None
        return build_record(
            line,
            ACLED,
            event_id,
            event_date,
            time_precision,
            types.disorder_type,
            types.event_type,
            types.sub_event_type,
            row[at["event_type"]].strip(),
            text["actor1"],
            text["assoc_actor_1"],
            inter1,
            text["actor2"],
            text["assoc_actor_2"],
            inter2,
            interaction,
            civilian_targeting,
            iso,
            text["region"],
            text["country"],
            text["admin1"],
            text["admin2"],
            text["admin3"],
            text["location"],
            latitude,
            longitude,
            geo_precision,
            text["source"],
            text["source_scale"],
            notes,
            fatalities,
            None,  # fatalities_low: UCDP only
            None,  # fatalities_high
            text["tags"],
            timestamp,
            None,  # event_date_end: UCDP only
            flags,
        )

    # --- cells that need more than one look ----------------------------------------

    def _inter_code(self, line: int, row: list[str], column: str) -> int | None:
        written = row[self.at[column]]
        try:
            return self._inter[written]
        except KeyError:
            pass
        text = written.strip()
        code: int | None
        if not text or text == "0":
            code = None  # no such actor
        elif text.isdigit():
            code = int(text)
            if code not in vocab.INTER_CODES:
                self.problems.add(line, column, f"{text} is not an actor type code (1-8)", text)
                return None
        else:
            code = vocab.inter_code(text)
            if code is None:
                self.problems.add(
                    line,
                    column,
                    f"{text!r} is not an actor type: one of "
                    + ", ".join(vocab.INTER_CODES.values()),
                    text,
                )
                return None
        if len(self._inter) < 1000:
            self._inter[written] = code
        return code

    def _interaction_code(
        self, line: int, row: list[str], inter1: int | None, inter2: int | None
    ) -> int | None:
        written = row[self.at["interaction"]]
        found = self._interaction.get(written, -1)
        if found != -1:
            return found
        text = written.strip()
        code: int | None
        if not text:
            # Not given: ACLED's rule, the two actor type codes, lower first (0: no actor).
            codes = sorted(c for c in (inter1, inter2) if c)
            return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0) if codes else None
        if text.isdigit():
            code = int(text)
            if not 10 <= code <= 88:
                self.problems.add(line, "interaction", f"{text} is not an interaction code", text)
                return None
        else:
            code = _interaction_from_labels(text)
            if code is None:
                self.problems.add(
                    line,
                    "interaction",
                    f"{text!r} is not an interaction: two actor types joined by '-' "
                    "(State forces-Rebel group) or one followed by ' only'",
                    text,
                )
                return None
        if len(self._interaction) < 1000:
            self._interaction[written] = code
        return code

    def _event_types(
        self, line: int, row: list[str], inter1: int | None, inter2: int | None
    ) -> _Types | None:
        at = self.at
        event_type = row[at["event_type"]]
        sub_event_type = row[at["sub_event_type"]]
        disorder_type = row[at["disorder_type"]]
        # The actor types matter only to the old "Riots/Protests" label.
        key = (event_type, sub_event_type, disorder_type, inter1, inter2)
        types = self._types.get(key)
        if types is None:
            types = self._resolve_types(line, event_type, sub_event_type, disorder_type, key)
        return types

    def _resolve_types(
        self,
        line: int,
        written_event: str,
        written_sub: str,
        written_disorder: str,
        key: tuple[str, str, str, int | None, int | None],
    ) -> _Types | None:
        problems = self.problems
        event_type = vocab.event_type_named(written_event)
        sub_event_type = ""
        if self.old:
            old = vocab.old_label_named(written_event)
            if old is not None:
                event_type, sub_event_type = vocab.map_old_label(old, inter1=key[3], inter2=key[4])
            elif event_type is None:
                problems.add(
                    line,
                    "event_type",
                    f"{written_event.strip()!r} is not an ACLED event type, old or current; "
                    "the old ones are: " + ", ".join(vocab.OLD_LABELS),
                    written_event,
                )
                return None
        else:
            if event_type is None:
                hint = (
                    " (an event type of the pre-2019 export; this file has the current columns)"
                    if vocab.old_label_named(written_event)
                    else ""
                )
                problems.add(
                    line,
                    "event_type",
                    f"{written_event.strip()!r} is not an ACLED event type{hint}; they are: "
                    + ", ".join(vocab.EVENT_TYPES),
                    written_event,
                )
                return None
            if written_sub.strip():
                found = vocab.sub_event_type_named(written_sub)
                if found is None or vocab.EVENT_TYPE_OF[found] != event_type:
                    problems.add(
                        line,
                        "sub_event_type",
                        f"{written_sub.strip()!r} is not a sub-event type of {event_type}; "
                        "they are: " + ", ".join(vocab.SUB_EVENT_TYPES[event_type]),
                        written_sub,
                    )
                    return None
                sub_event_type = found
        disorder_type = vocab.disorder_type_of(event_type, sub_event_type)
        if written_disorder.strip():
            found = vocab.disorder_type_named(written_disorder)
            if found is None:
                problems.add(
                    line,
                    "disorder_type",
                    f"{written_disorder.strip()!r} is not an ACLED disorder type; they are: "
                    + ", ".join(vocab.DISORDER_VALUES),
                    written_disorder,
                )
                return None
            disorder_type = found
        types = _Types(disorder_type, event_type, sub_event_type)
        if len(self._types) < 10_000:
            self._types[key] = types
        return types

    def _point(
        self, line: int, row: list[str], country_name: str, iso: int | None
    ) -> tuple[Decimal | None, Decimal | None, tuple[str, ...]]:
        at = self.at
        written_lat, written_lon = row[at["latitude"]], row[at["longitude"]]
        if not written_lat.strip() and not written_lon.strip():
            return None, None, ()  # placed by name only
        problems = self.problems
        latitude = longitude = None
        try:
            latitude = parse_coordinate(written_lat, limit=90)
        except CellError as error:
            problems.add(line, "latitude", str(error), written_lat)
        try:
            longitude = parse_coordinate(written_lon, limit=180)
        except CellError as error:
            problems.add(line, "longitude", str(error), written_lon)
        if latitude is None or longitude is None:
            return None, None, ()
        key = (country_name, iso)
        try:
            country = self._countries[key]
        except KeyError:
            country = country_named(country_name) or country_of_iso(iso)
            if len(self._countries) < 1000:
                self._countries[key] = country
        if country is None:
            return latitude, longitude, ()
        placed = place_point(country, float(latitude), float(longitude))
        if placed == SWAPPED:
            problems.add(
                line,
                "latitude",
                f"latitude and longitude look swapped: ({latitude}, {longitude}) is outside "
                f"{country.name}, ({longitude}, {latitude}) is inside; exchange the two cells",
                written_lat,
            )
            return None, None, ()
        if placed == OUTSIDE:
            flag = f"the point ({latitude}, {longitude}) is outside {country.name}'s bounding box"
            return latitude, longitude, (flag,)
        return latitude, longitude, ()


def _interaction_from_labels(text: str) -> int | None:
    if text.lower().endswith(" only"):
        code = vocab.inter_code(text[: -len(" only")])
        return code * 10 if code else None
    # Labels themselves hold "/" but never "-", so the first "-" parts the two actor types.
    left, sep, right = text.partition("-")
    first, second = vocab.inter_code(left), vocab.inter_code(right)
    if not sep or first is None or second is None:
        return None
    low, high = sorted((first, second))
    return low * 10 + high


# --- the deletions file ---------------------------------------------------------------


def parse_acled_deletions(
    stream: BinaryIO, *, problems: Problems | None = None
) -> Iterator[DeletionRecord]:
    """Read ACLED's list of deleted events (``event_id_cnty``, ``deleted_timestamp``).
    Problems as for ``parse_acled``: collected in ``problems`` if given, else raised as
    ``ImportRejected`` once the good lines are yielded."""
    raise_at_end = problems is None
    problems = problems if problems is not None else Problems()
    with CsvRows(stream, problems) as reader:
        names = reader.header(DELETION_COLUMNS)
        if names is not None:
            missing = [name for name in DELETION_COLUMNS if name not in names]
            for name in missing:
                problems.add(reader.header_line, name, "required column is missing from the header")
            if missing:
                problems.fatal = True
            else:
                yield from _deletions(reader, names, problems)
    if raise_at_end and problems:
        raise ImportRejected(problems.items)


def _deletions(reader: CsvRows, names: list[str], problems: Problems) -> Iterator[DeletionRecord]:
    id_at, timestamp_at = names.index("event_id_cnty"), names.index("deleted_timestamp")
    seen = SeenIds()
    for line, row in reader.rows():
        before = len(problems)
        event_id = row[id_at].strip()
        if not event_id:
            problems.add(line, "event_id_cnty", "empty, but a deletion names an event id")
        elif len(event_id) > TEXT_MAX["event_id"]:
            problems.add(line, "event_id_cnty", "longer than 40 characters", event_id)
        else:
            first = seen.first_line(event_id, line)
            if first != line:
                problems.add(
                    line, "event_id_cnty", f"event id {event_id} is already listed on line {first}"
                )
        timestamp = 0
        try:
            timestamp = parse_int(
                row[timestamp_at], low=0, high=MAX_TIMESTAMP, what="a Unix timestamp"
            )
        except CellError as error:
            problems.add(line, "deleted_timestamp", str(error), row[timestamp_at])
        if len(problems) == before and not problems.full:
            yield DeletionRecord(line=line, event_id=event_id, deleted_timestamp=timestamp)
        if problems.full:
            return

"""UCDP's Georeferenced Event Dataset (GED) as CSV, mapped onto ``IncidentRecord``.

``parse_ucdp(stream, today=...)`` works as ``acled.parse_acled`` does (streaming, problems
with line and column, collected or raised at the end; see that module's docstring).

How GED's columns land (documented for users in docs/incidents-formats.md):

- ``id`` → event_id (stable across GED versions); ``date_start``/``date_end`` → event_date
  and event_date_end; ``date_prec`` → time_precision (1 → day; 2-3 → week; 4-5 → month).
- ``type_of_violence``: 1 state-based and 2 non-state conflict → Battles / Armed clash;
  3 one-sided violence → Violence against civilians / Attack, civilian targeting. The
  disorder type is Political violence. original_event_type says which UCDP type it was.
- ``side_a``/``side_b`` → actor1/actor2. UCDP has no actor type codes; we give one only
  where GED's own naming says it: "Government of …" is 1 (state forces) and the
  one-sided target "Civilians" is 7. The interaction is set when both codes are known.
- ``adm_1``, ``adm_2``, ``where_coordinates`` → admin1, admin2, location, without the
  kind of place UCDP appends ("Kidal region" → "Kidal", "Anefis village" → "Anefis"),
  so they match the gazetteer; ``where_prec`` → geo_precision (1 → 1; 2-3 → 2; 4-7 → 3).
- ``best``, ``low``, ``high`` → fatalities, fatalities_low, fatalities_high.
- ``source_office`` (or ``source_article`` when empty) → source; ``source_headline`` →
  notes; ``conflict_name`` and ``dyad_name`` → tags ("conflict=…; dyad=…").
- ``country`` → country; ``country_id`` (a Gleditsch-Ward number) → iso where our country
  table knows it; ``region`` → region.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import BinaryIO, TypeVar

from accordwatch.core.importing import ImportRejected, Problems
from accordwatch.incidents.importers import vocabulary as vocab
from accordwatch.incidents.importers.cells import (
    TEXT_MAX,
    CellError,
    SeenIds,
    build_record,
    parse_coordinate,
    parse_date,
    parse_int,
    parse_optional_int,
)
from accordwatch.incidents.importers.countries import (
    OUTSIDE,
    SWAPPED,
    Country,
    country_named,
    country_of_gw,
    place_point,
)
from accordwatch.incidents.importers.csvrows import CsvRows
from accordwatch.incidents.importers.records import DAY, MONTH, UCDP, WEEK, IncidentRecord

COLUMNS = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
)
REQUIRED = (
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "date_start",
    "latitude",
    "longitude",
    "country",
    "best",
)

STATE_BASED, NON_STATE, ONE_SIDED = 1, 2, 3
TYPES_OF_VIOLENCE = {
    STATE_BASED: ("state-based conflict", vocab.BATTLES, "Armed clash"),
    NON_STATE: ("non-state conflict", vocab.BATTLES, "Armed clash"),
    ONE_SIDED: ("one-sided violence", vocab.VIOLENCE_AGAINST_CIVILIANS, "Attack"),
}
_TIME_PRECISION = {1: DAY, 2: WEEK, 3: WEEK, 4: MONTH, 5: MONTH}
_GEO_PRECISION = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3, 7: 3}
MAX_DEATHS = 1_000_000

# The kind of place UCDP writes after a name ("Kidal region", "Anefis village").
_PLACE_KIND = re.compile(
    r"\s+(?:region|province|state|cercle|district|department|governorate|county|"
    r"prefecture|commune|municipality|lga|town|village|city|area)\Z",
    re.IGNORECASE,
)

T = TypeVar("T")


def place_name(text: str) -> str:
    """A UCDP place name without the kind of place appended to it."""
    text = text.strip()
    stripped = _PLACE_KIND.sub("", text)
    return stripped or text


class UcdpFile:
    """The records of one GED CSV, read as they are iterated (see ``acled.AcledFile``)."""

    def __init__(self, stream: BinaryIO, *, today: dt.date, problems: Problems | None = None):
        self.problems = problems if problems is not None else Problems()
        self.rows = 0
        self._raise_at_end = problems is None
        self._today = today
        self._records = self._read(stream)

    def __iter__(self) -> UcdpFile:
        return self

    def __next__(self) -> IncidentRecord:
        return next(self._records)

    def _read(self, stream: BinaryIO) -> Iterator[IncidentRecord]:
        problems = self.problems
        with CsvRows(stream, problems) as reader:
            names = reader.header(COLUMNS)
            if names is not None:
                missing = [name for name in REQUIRED if name not in names]
                for name in missing:
                    problems.add(
                        reader.header_line,
                        name,
                        "required column is missing from the header (read as UCDP GED)",
                    )
                if missing:
                    problems.fatal = True
                else:
                    lines = _Lines(names, self._today, problems)
                    for line, row in reader.rows():
                        self.rows += 1
                        record = lines.record(line, row)
                        if record is not None:
                            yield record
                        if problems.full:
                            break
        if self._raise_at_end and problems:
            raise ImportRejected(problems.items)


def parse_ucdp(stream: BinaryIO, *, today: dt.date, problems: Problems | None = None) -> UcdpFile:
    """Read a UCDP GED CSV (bytes) as it is iterated."""
    return UcdpFile(stream, today=today, problems=problems)


class _Lines:
    def __init__(self, names: list[str], today: dt.date, problems: Problems):
        first: dict[str, int] = {}
        for position, name in enumerate(names):
            first.setdefault(name, position)
        self.at = {name: first.get(name, -1) for name in COLUMNS}
        self.today = today
        self.problems = problems
        self.seen = SeenIds()

    def record(self, line: int, row: list[str]) -> IncidentRecord | None:
        row.append("")  # missing columns read this empty cell
        at = self.at
        problems = self.problems
        before = len(problems)

        def cell(column: str, parse: Callable[[str], T], default: T) -> T:
            try:
                return parse(row[at[column]])
            except CellError as error:
                problems.add(line, column, str(error), row[at[column]])
                return default

        def text(column: str, field: str) -> str:
            value = row[at[column]].strip()
            if len(value) > TEXT_MAX[field]:
                problems.add(
                    line,
                    column,
                    f"{len(value):,} characters; at most {TEXT_MAX[field]:,} are accepted here",
                    value,
                )
            return value

        event_id = row[at["id"]].strip()
        if not event_id:
            problems.add(line, "id", "empty, but every event needs its id")
        elif len(event_id) > TEXT_MAX["event_id"]:
            problems.add(line, "id", "longer than 40 characters", event_id)
        elif (first := self.seen.first_line(event_id, line)) != line:
            problems.add(line, "id", f"event id {event_id} is already used on line {first}")

        violence = cell(
            "type_of_violence", lambda t: parse_int(t, low=1, high=3, what="1, 2 or 3"), 0
        )
        start = cell("date_start", parse_date, None)
        end = cell("date_end", lambda t: parse_date(t) if t.strip() else None, None)
        if start is not None and start > self.today:
            problems.add(
                line,
                "date_start",
                f"{start.isoformat()} is in the future (today is {self.today.isoformat()})",
                row[at["date_start"]],
            )
        if start is not None and end is not None and end < start:
            problems.add(
                line, "date_end", f"{end.isoformat()} is before date_start", row[at["date_end"]]
            )
        date_prec = cell("date_prec", lambda t: parse_optional_int(t, low=1, high=5), None)
        where_prec = cell("where_prec", lambda t: parse_optional_int(t, low=1, high=7), None)
        best = cell(
            "best", lambda t: parse_int(t, low=0, high=MAX_DEATHS, what="a number of deaths"), 0
        )
        low = cell("low", lambda t: parse_optional_int(t, low=0, high=MAX_DEATHS), None)
        high = cell("high", lambda t: parse_optional_int(t, low=0, high=MAX_DEATHS), None)
        country_id = cell("country_id", lambda t: parse_optional_int(t, low=0, high=9999), None)

        side_a = text("side_a", "actor1")
        side_b = text("side_b", "actor2")
        if not side_a:
            problems.add(line, "side_a", "empty, but every event has at least one side")
        country = text("country", "country")
        region = text("region", "region")
        admin1 = place_name(text("adm_1", "admin1"))
        admin2 = place_name(text("adm_2", "admin2"))
        location = place_name(text("where_coordinates", "location"))
        source = text("source_office", "source") or text("source_article", "source")
        notes = text("source_headline", "notes")
        conflict = text("conflict_name", "tags")
        dyad = text("dyad_name", "tags")

        flags: list[str] = []
        if low is not None and high is not None and not low <= best <= high:
            flags.append(f"UCDP's estimates are out of order: low {low}, best {best}, high {high}")
        country_box = country_of_gw(country_id) or country_named(country)
        latitude, longitude = self._point(line, row, country_box, flags)

        if len(problems) > before or problems.full or start is None or not violence:
            return None
        label, event_type, sub_event_type = TYPES_OF_VIOLENCE[violence]
        inter1 = vocab.STATE_FORCES if side_a.startswith("Government of") else None
        if violence == ONE_SIDED:
            inter2 = vocab.CIVILIANS if side_b.lower() == "civilians" else None
        else:
            inter2 = vocab.STATE_FORCES if side_b.startswith("Government of") else None
        interaction = min(inter1, inter2) * 10 + max(inter1, inter2) if inter1 and inter2 else None
        tags = "; ".join(
            f"{key}={value}" for key, value in (("conflict", conflict), ("dyad", dyad)) if value
        )
        return build_record(
            line,
            UCDP,
            event_id,
            start,
            _TIME_PRECISION.get(date_prec or 1, DAY),
            vocab.POLITICAL_VIOLENCE,
            event_type,
            sub_event_type,
            f"{label} (UCDP type_of_violence {violence})",
            side_a,
            "",
            inter1,
            side_b,
            "",
            inter2,
            interaction,
            violence == ONE_SIDED,
            country_box.iso if country_box else None,
            region,
            country,
            admin1,
            admin2,
            "",
            location,
            latitude,
            longitude,
            _GEO_PRECISION.get(where_prec) if where_prec else None,
            source,
            "",
            notes,
            best,
            low,
            high,
            tags,
            None,  # timestamp: GED versions are compared field by field
            end,
            tuple(flags),
        )

    def _point(
        self, line: int, row: list[str], country: Country | None, flags: list[str]
    ) -> tuple[Decimal | None, Decimal | None]:
        at = self.at
        problems = self.problems
        latitude = longitude = None
        try:
            latitude = parse_coordinate(row[at["latitude"]], limit=90)
        except CellError as error:
            problems.add(line, "latitude", str(error), row[at["latitude"]])
        try:
            longitude = parse_coordinate(row[at["longitude"]], limit=180)
        except CellError as error:
            problems.add(line, "longitude", str(error), row[at["longitude"]])
        if latitude is None or longitude is None or country is None:
            return latitude, longitude
        placed = place_point(country, float(latitude), float(longitude))
        if placed == SWAPPED:
            problems.add(
                line,
                "latitude",
                f"latitude and longitude look swapped: ({latitude}, {longitude}) is outside "
                f"{country.name}, ({longitude}, {latitude}) is inside; exchange the two cells",
                row[at["latitude"]],
            )
        elif placed == OUTSIDE:
            flags.append(
                f"the point ({latitude}, {longitude}) is outside {country.name}'s bounding box"
            )
        return latitude, longitude

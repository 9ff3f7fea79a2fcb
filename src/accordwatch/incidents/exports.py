"""Incident downloads, streamed: ACLED-layout CSV, HXL-tagged CSV and GeoJSON.

Every export reads ``selectors.incident_list`` (only what the reader may see, retired
events left out) through ``values_list`` in chunks, so a million rows cost a few thousand
in memory. None of them reads witnesses or restricted source notes: those tables are never
joined here, whoever asks.

The CSV has ACLED's current 31 columns in ACLED's order, written as ACLED writes them
(ISO dates, inter codes, "Civilian targeting"), so it re-imports through ``import acled``.
Text cells a spreadsheet would run as a formula get a leading ``'`` (as the commitments
exports do); numbers are written as numbers, so a negative longitude stays a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.db.models import F, QuerySet

from accordwatch.commitments.importers.csvfile import neutralise
from accordwatch.incidents import selectors
from accordwatch.incidents.importers.acled import CURRENT_COLUMNS
from accordwatch.incidents.json_sql import JsonArray, JsonObject
from accordwatch.incidents.models import EventType, Incident, ViolationCategory
from accordwatch.incidents.selectors import IncidentFilters

BOM = "\ufeff"  # spreadsheet programs need it to read UTF-8; the ACLED parser accepts it
CHUNK_ROWS = 2000

# ACLED's columns, read straight from the incident (actors and types as the source wrote
# them, which is what a re-import matches on again).
_ACLED_VALUES = (
    "event_id",
    "event_date",
    "time_precision",
    "disorder_type_id",
    "event_type_id",
    "sub_event_type_id",
    "actor1_name",
    "assoc_actor_1",
    "inter1",
    "actor2_name",
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
    "acled_timestamp",
)

# The HXL file: readable column names, then the HXL hashtag row (hxlstandard.org, core
# schema 1.1). Our own additions use the standard's attributes where one fits.
HXL_COLUMNS: tuple[tuple[str, str, str], ...] = (
    # (header, hashtag, value)
    ("event_id", "#event+id", "event_id"),
    ("dataset", "#meta+dataset", "dataset"),
    ("event_date", "#date+occurred", "event_date"),
    ("event_type", "#event+type", "event_type_id"),
    ("sub_event_type", "#event+subtype", "sub_event_type_id"),
    ("actor1", "#org+name+actor1", "actor1_name"),
    ("actor2", "#org+name+actor2", "actor2_name"),
    ("country", "#country+name", "country"),
    ("admin1", "#adm1+name", "admin1"),
    ("admin2", "#adm2+name", "admin2"),
    ("admin3", "#adm3+name", "admin3"),
    ("location", "#loc+name", "location"),
    ("latitude", "#geo+lat", "latitude"),
    ("longitude", "#geo+lon", "longitude"),
    ("geo_precision", "#geo+precision", "geo_precision"),
    ("fatalities", "#affected+killed", "fatalities"),
    ("violation_category", "#event+type+violation", "violation_category_id"),
    ("verification_status", "#status+verification", "verification_status"),
    ("source", "#meta+source", "source"),
    ("notes", "#description+notes", "notes"),
)

# The map's properties. Types and categories are read as ids and named from the small
# vocabulary tables in Python: three joins fewer on every row of a large map.
# One GeoJSON feature per incident, written by the database; properties in this order.
_FEATURE = JsonObject(
    as_text=True,
    type="Feature",
    geometry=JsonObject(type="Point", coordinates=JsonArray(F("longitude"), F("latitude"))),
    properties=JsonObject(
        dataset=F("dataset"),
        event_id=F("event_id"),
        event_date=F("event_date"),
        event_type=F("event_type__key"),
        sub_event_type=F("sub_event_type__key"),
        actor1=F("actor1_name"),
        actor2=F("actor2_name"),
        admin1=F("admin1"),
        location=F("location"),
        fatalities=F("fatalities"),
        verification_status=F("verification_status"),
        violation_category=F("violation_category__key"),
    ),
)


def cell(value: Any) -> str:
    """One value as CSV text: numbers and dates as they are, text formula-safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return neutralise(str(value))


def _coordinate(value: float | None) -> str:
    # ACLED writes four decimals; so do we, so a re-import reads the same point.
    return "" if value is None else f"{value:.4f}"


def csv_blocks(header: Sequence[Sequence[str]], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    """CSV text in blocks: a BOM and the header row(s), then ``CHUNK_ROWS`` rows a block."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerows(header)
    rows = iter(rows)
    while True:
        block = list(islice(rows, CHUNK_ROWS))
        writer.writerows(block)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if len(block) < CHUNK_ROWS:
            return


def _incidents(user: Any, filters: IncidentFilters) -> QuerySet[Incident]:
    # Oldest first, as a file is read; the (event_date, id) index gives this order.
    incidents = selectors.incident_list(user=user, filters=filters)
    return incidents.select_related(None).order_by("event_date", "id")


def _type_names() -> dict[int, str]:
    # Names from the small vocabulary table, rather than three joins on every exported row.
    return dict(EventType.objects.values_list("id", "name"))


def _acled_rows(incidents: QuerySet[Incident]) -> Iterator[list[str]]:
    values = incidents.values_list(*_ACLED_VALUES).iterator(chunk_size=CHUNK_ROWS)
    names = _type_names()
    for (
        event_id,
        event_date,
        precision,
        disorder,
        event_type,
        sub_event_type,
        actor1,
        assoc1,
        inter1,
        actor2,
        assoc2,
        inter2,
        interaction,
        civilian,
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
        scale,
        notes,
        fatalities,
        tags,
        timestamp,
    ) in values:
        yield [
            cell(event_id),
            event_date.isoformat(),
            str(event_date.year),
            cell(precision),
            cell(names.get(disorder)),
            cell(names.get(event_type)),
            cell(names.get(sub_event_type)),
            cell(actor1),
            cell(assoc1),
            cell(inter1),
            cell(actor2),
            cell(assoc2),
            cell(inter2),
            cell(interaction),
            "Civilian targeting" if civilian else "",
            cell(iso),
            cell(region),
            cell(country),
            cell(admin1),
            cell(admin2),
            cell(admin3),
            cell(location),
            _coordinate(latitude),
            _coordinate(longitude),
            cell(geo_precision),
            cell(source),
            cell(scale),
            cell(notes),
            cell(fatalities),
            cell(tags),
            cell(timestamp),
        ]


def acled_csv(*, user: Any, filters: IncidentFilters) -> Iterator[str]:
    """The incidents ``user`` may see, in ACLED's current column layout."""
    return csv_blocks([CURRENT_COLUMNS], _acled_rows(_incidents(user, filters)))


def hxl_csv(*, user: Any, filters: IncidentFilters) -> Iterator[str]:
    """The incidents ``user`` may see, with HXL hashtags as the second row."""
    fields = [value for _, _, value in HXL_COLUMNS]
    types = _type_names()
    categories = dict(ViolationCategory.objects.values_list("id", "name"))
    # How each column's value is written: names for the ids, four decimals for points.
    writers: list[Callable[[Any], str]] = [cell] * len(fields)
    for name in ("event_type_id", "sub_event_type_id"):
        writers[fields.index(name)] = lambda pk: cell(types.get(pk))
    writers[fields.index("violation_category_id")] = lambda pk: cell(categories.get(pk))
    writers[fields.index("latitude")] = _coordinate
    writers[fields.index("longitude")] = _coordinate
    values = _incidents(user, filters).values_list(*fields).iterator(chunk_size=CHUNK_ROWS)
    rows = ([write(value) for write, value in zip(writers, row, strict=True)] for row in values)
    header = [[name for name, _, _ in HXL_COLUMNS], [tag for _, tag, _ in HXL_COLUMNS]]
    return csv_blocks(header, rows)


def geojson(*, user: Any, filters: IncidentFilters, limit: int | None = None) -> Iterator[str]:
    """A FeatureCollection of the placed incidents ``user`` may see, newest first, as blocks
    of text. Coordinates are [longitude, latitude] (RFC 7946); an incident without a point
    cannot go on a map and is left out. ``limit`` keeps the newest ones only (the list
    page's map asks for its first few thousand)."""
    located = (
        selectors.incident_list(user=user, filters=filters)
        .select_related(None)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .annotate(feature=_FEATURE)
        .values_list("feature", flat=True)
    )
    if limit is not None:
        located = located[:limit]
    features = located.iterator(chunk_size=CHUNK_ROWS)
    yield '{"type":"FeatureCollection","features":['
    first = True
    # Each row arrives as one feature's JSON text, written by the database (json_sql.py).
    while block := list(islice(features, CHUNK_ROWS)):
        yield ("" if first else ",") + ",".join(block)
        first = False
    yield "]}"

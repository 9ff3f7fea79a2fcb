"""The figures CSV: the layout ``/situation/figures.csv`` downloads, read back.

Pure: bytes in, checked rows out, no Django. One row per figure; ``indicator``,
``date``, ``place_key``, ``value`` and ``source_key`` are required, ``date_precision``
and ``note`` optional; the other columns of the download (names, country, admin1, source
title and address) are accepted and ignored, since the keys say the same. Problems carry
the line and the column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from accordwatch.commitments.importers.csvfile import CsvReader, Layout, Problems

LAYOUT = Layout(
    columns=("indicator", "date", "date_precision", "place_key", "value", "source_key", "note"),
    required=("indicator", "date", "place_key", "value", "source_key"),
    ignored=("indicator_name", "unit", "country", "admin1", "source", "source_url"),
)
PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True, slots=True)
class FigureRow:
    line: int
    indicator: str
    date: dt.date
    date_precision: str
    place: str
    value: int
    source: str
    note: str


def read_figures(stream: BinaryIO, problems: Problems) -> Iterator[FigureRow]:
    """The file's valid rows, one at a time; every bad cell goes to ``problems``."""
    for record in CsvReader(stream, LAYOUT, problems):
        cells = record.cells
        ok = True
        for column in LAYOUT.required:
            if not cells.get(column, "").strip():
                problems.add(record.line, column, f"{column} is empty")
                ok = False
        raw_date = cells.get("date", "").strip()
        day = None
        if raw_date:
            try:
                day = dt.date.fromisoformat(raw_date)
            except ValueError:
                problems.add(record.line, "date", "not a date as YYYY-MM-DD", raw_date)
                ok = False
        raw_value = cells.get("value", "").strip().replace(",", "")
        value = None
        if raw_value:
            if raw_value.lstrip("-").isdigit():
                value = int(raw_value)
                if value < 0:
                    problems.add(record.line, "value", "a count cannot be negative", raw_value)
                    ok = False
            else:
                problems.add(record.line, "value", "not a whole number", raw_value)
                ok = False
        precision = cells.get("date_precision", "").strip() or "day"
        if precision not in PRECISIONS:
            problems.add(
                record.line, "date_precision", f"one of {', '.join(PRECISIONS)}", precision
            )
            ok = False
        if ok and day is not None and value is not None:
            yield FigureRow(
                line=record.line,
                indicator=cells["indicator"].strip(),
                date=day,
                date_precision=precision,
                place=cells["place_key"].strip(),
                value=value,
                source=cells["source_key"].strip(),
                note=cells.get("note", "").strip(),
            )

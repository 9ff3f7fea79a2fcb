"""Reading one cell of an incident file: dates, numbers, coordinates, text with a cap.

Each reader returns the value or raises ``CellError`` with a message for people; the
parsers add the line and the column. Readers used on every line are cached where values
repeat (a million events fall on a few thousand dates).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from array import array
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from accordwatch.incidents.importers.records import IncidentRecord

T = TypeVar("T")

# Longest text accepted per field, in characters. The notes cap is ours (ACLED's longest
# notes run to a few thousand characters); the others match the database columns.
NOTES_MAX = 100_000
TEXT_MAX = {
    "event_id": 40,
    "original_event_type": 120,
    "actor1": 300,
    "actor2": 300,
    "assoc_actor_1": 600,
    "assoc_actor_2": 600,
    "region": 120,
    "country": 120,
    "admin1": 120,
    "admin2": 120,
    "admin3": 120,
    "location": 200,
    "source": 20_000,
    "source_scale": 200,
    "notes": NOTES_MAX,
    "tags": 20_000,
}


class CellError(ValueError):
    """A cell that cannot be read; the message says what was expected."""


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# 2019-02-22, optionally followed by a time (UCDP writes "2019-02-22 00:00:00.000").
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T][\d:.]+)?\Z")
# 22 February 2019, 22-February-2019, 22 Feb 2019 (ACLED's exports over the years).
_WORD_DATE = re.compile(r"(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})\Z")
_DATE_CACHE_MAX = 50_000
# Cell text → date, for every date read so far (bounded). Only dates that parsed are kept,
# so a parser may look a cell up here first and fall back to ``parse_date``.
parsed_dates: dict[str, dt.date] = {}


def parse_date(text: str) -> dt.date:
    try:
        return parsed_dates[text]
    except KeyError:
        pass
    value = _read_date(text.strip())
    if len(parsed_dates) >= _DATE_CACHE_MAX:
        parsed_dates.clear()  # bounded: a file of endless distinct dates must not grow memory
    parsed_dates[text] = value
    return value


def _read_date(text: str) -> dt.date:
    if not text:
        raise CellError("empty, but a date is needed here")
    found = _ISO_DATE.match(text)
    if found:
        year, month, day = (int(part) for part in found.groups())
    else:
        found = _WORD_DATE.match(text)
        month = _MONTHS.get(found.group(2).lower(), 0) if found else 0
        if not found or not month:
            raise CellError(f"{text!r} is not a date: write 22 February 2019 or 2019-02-22")
        day, year = int(found.group(1)), int(found.group(3))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(f"{text!r} is not a real date") from None


def parse_int(text: str, *, low: int, high: int, what: str = "a whole number") -> int:
    try:
        value = int(text)
    except ValueError:
        raise CellError(f"{text.strip()!r} is not {what}") from None
    if not low <= value <= high:
        raise CellError(f"{value} is out of range: expected {low} to {high}")
    return value


def parse_optional_int(text: str, *, low: int, high: int) -> int | None:
    if not text or text.isspace():
        return None
    return parse_int(text, low=low, high=high)


def parse_coordinate(text: str, *, limit: int) -> Decimal:
    """A latitude (limit 90) or longitude (limit 180) in decimal degrees, as written."""
    text = text.strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        hint = " (use a dot for decimals)" if "," in text else ""
        raise CellError(f"{text!r} is not a number of degrees{hint}") from None
    if not value.is_finite() or not -limit <= value <= limit:
        raise CellError(f"{text} is out of range: degrees between -{limit} and {limit}")
    return value


def check_length(column: str, text: str, field: str | None = None) -> str:
    limit = TEXT_MAX[field or column]
    if len(text) > limit:
        raise CellError(f"{len(text):,} characters; at most {limit:,} are accepted here")
    return text


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


class SeenIds:
    """Which event ids a file has used so far, and on which line.

    A file holds one id per line, so this grows with the file, but slowly: ids are a
    country prefix and a number (MLI1553; UCDP: a number), so each prefix keeps an array
    of 4-byte line numbers indexed by the number — a few bytes per event rather than a
    dict entry. Ids of another shape, or with huge numbers, go to a dict.
    """

    # Arrays hold at most this many slots in all (32 MB); ids past it go to the dict, so
    # a file of odd ids (MLI9999999, NER9999999 …) cannot make the arrays balloon.
    _MAX_SLOTS = 1 << 23

    def __init__(self) -> None:
        self._arrays: dict[str, array[int]] = {}
        self._others: dict[str, int] = {}
        self._slots = 0

    def is_new(self, event_id: str, line: int) -> bool:
        """Note ``event_id`` on ``line``; False if an earlier line has it."""
        return self.first_line(event_id, line) == line

    def first_line(self, event_id: str, line: int) -> int:
        """Note that ``event_id`` is on ``line``; return the line it was first seen on
        (``line`` itself the first time)."""
        digits = event_id.lstrip(_LETTERS)
        # "MLI01" and "MLI1" are different ids: only canonical numbers use the arrays.
        if not (digits.isdigit() and digits.isascii() and digits[0] != "0" and len(digits) < 9):
            return self._others.setdefault(event_id, line)
        number = int(digits)
        prefix = event_id[: len(event_id) - len(digits)]
        lines = self._arrays.get(prefix)
        if lines is None:
            lines = self._arrays[prefix] = array("I")
        if number >= len(lines):
            grow = max(number + 1 - len(lines), len(lines))  # at least double: few copies
            if self._slots + grow > self._MAX_SLOTS:
                return self._others.setdefault(event_id, line)
            self._slots += grow
            lines.frombytes(bytes(lines.itemsize * grow))
        first = lines[number]
        if first:
            return first
        if self._others and event_id in self._others:  # went to the dict when arrays were full
            return self._others[event_id]
        lines[number] = line
        return line


def positional_builder(cls: type[T], names: tuple[str, ...]) -> Callable[..., T]:
    """A function that makes a ``cls`` (a frozen, slotted dataclass) from values given by
    position in ``names`` order: the same object its ``__init__`` makes, about twice as
    fast, which counts on a million lines (a frozen ``__init__`` goes through
    ``object.__setattr__`` once per field).

    ``names`` must list every field of ``cls`` exactly once; the check runs at import, so
    a field added to the dataclass and forgotten here fails at once, not silently."""
    fields = tuple(field.name for field in dataclasses.fields(cls))  # type: ignore[arg-type]
    if sorted(fields) != sorted(names) or not all(name.isidentifier() for name in names):
        raise TypeError(f"{cls.__name__} has fields {fields}, the builder was given {names}")
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
    for name in names:
        scope[f"set_{name}"] = getattr(cls, name).__set__  # the slot's own setter
    body = "".join(f"    set_{name}(obj, {name})\n" for name in names)
    source = f"def build({', '.join(names)}):\n    obj = new(cls)\n{body}    return obj\n"
    # As dataclasses builds every __init__: from the class's own field names (checked to be
    # identifiers above), never from input.
    exec(source, scope)  # noqa: S102
    return scope["build"]


# The order in which the parsers pass an IncidentRecord's values to ``build_record``.
RECORD_FIELDS = (
    "line",
    "dataset",
    "event_id",
    "event_date",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "original_event_type",
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
    "fatalities_low",
    "fatalities_high",
    "tags",
    "timestamp",
    "event_date_end",
    "flags",
)
build_record = positional_builder(IncidentRecord, RECORD_FIELDS)

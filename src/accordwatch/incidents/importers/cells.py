"""Reading one cell of an incident file: dates, numbers, coordinates, text with a cap.

Each reader returns the value or raises ``CellError`` with a message for people; the
parsers add the line and the column. Readers used on every line are cached where values
repeat (a million events fall on a few thousand dates).
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from decimal import Decimal, InvalidOperation

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
_dates: dict[str, dt.date] = {}


def parse_date(text: str) -> dt.date:
    try:
        return _dates[text]
    except KeyError:
        pass
    value = _read_date(text.strip())
    if len(_dates) >= _DATE_CACHE_MAX:
        _dates.clear()  # bounded: a file of endless distinct dates must not grow memory
    _dates[text] = value
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


_NUMBERED_ID = re.compile(r"([A-Za-z]*)(\d{1,9})\Z")


class SeenIds:
    """Which event ids a file has used so far, and on which line.

    A file holds one id per line, so this grows with the file, but slowly: ids are a
    country prefix and a number (MLI1553; UCDP: a number), so each prefix keeps an array
    of 4-byte line numbers indexed by the number — a few bytes per event rather than a
    dict entry. Ids of another shape, or with huge numbers, go to a dict.
    """

    _MAX_INDEX = 1 << 24  # past this, an array would cost more than it saves

    def __init__(self) -> None:
        self._arrays: dict[str, array[int]] = {}
        self._others: dict[str, int] = {}

    def first_line(self, event_id: str, line: int) -> int:
        """Note that ``event_id`` is on ``line``; return the line it was first seen on
        (``line`` itself the first time)."""
        found = _NUMBERED_ID.match(event_id)
        if found is None or int(found.group(2)) >= self._MAX_INDEX or found.group(2)[0] == "0":
            # "MLI01" and "MLI1" are different ids: only canonical numbers use the arrays
            return self._others.setdefault(event_id, line)
        prefix, number = found.group(1), int(found.group(2))
        lines = self._arrays.get(prefix)
        if lines is None:
            lines = self._arrays[prefix] = array("I")
        if number >= len(lines):
            grow = max(number + 1 - len(lines), len(lines))  # at least double: few copies
            lines.frombytes(bytes(lines.itemsize * grow))
        first = lines[number]
        if first:
            return first
        lines[number] = line
        return line

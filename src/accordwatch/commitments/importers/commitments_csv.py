"""The commitments CSV: its columns, and a parser that turns each line into a checked row.

This module checks what a line can say about itself (formats, lengths, choices, keys
repeated within the file). Whether a document, actor, clause or source named in a cell
exists is for ``accordwatch.commitments.imports`` to check against the database.

The columns are documented for users in docs/data-formats.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import BinaryIO, TypeVar

from accordwatch.commitments.importers.csvfile import CsvReader, Layout, Problems, Record

COLUMNS = (
    "key",
    "document",
    "title",
    "summary",
    "kind",
    "pillar",
    "theme",
    "clauses",
    "responsible",
    "deadline",
    "deadline_note",
    "weight",
    "related",
    "sources",
    "confidentiality",
    "publication_state",
)
REQUIRED = ("key", "document", "title")
# Appended by the export for reading convenience; the import accepts and ignores them.
COMPUTED = ("latest_score", "latest_status", "latest_as_of")
LAYOUT = Layout(columns=COLUMNS, required=REQUIRED, ignored=COMPUTED)

LIST_SEPARATOR = ";"  # written as "; " by the export; spaces around items are ignored

# Mirrors of the model's choices and sizes (a test keeps them in step with models.py).
KINDS = ("action", "position")
CONFIDENTIALITY = ("public", "internal", "restricted")
PUBLICATION_STATES = ("draft", "published", "withdrawn")
KEY_MAX = 120
TITLE_MAX = 300
THEME_MAX = 120
DEADLINE_NOTE_MAX = 200
CLAUSE_REF_MAX = 40
WEIGHT_MAX = Decimal("9999.99")  # DecimalField(max_digits=6, decimal_places=2)

_KEY = re.compile(r"[-a-zA-Z0-9_]+\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class CommitmentRow:
    """One checked line. ``columns`` says which columns the file has: a column left out of
    the file leaves that field of an existing commitment as it is.

    ``kind``, ``weight``, ``confidentiality`` and ``publication_state`` always have a value
    in the database, so an empty cell (``None`` here) keeps the current value, or gives a
    new commitment the default (action, 1, internal, draft).
    """

    line: int
    columns: frozenset[str]
    key: str
    document: str
    title: str
    summary: str = ""
    kind: str | None = None
    pillar: str = ""
    theme: str = ""
    clauses: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    deadline: dt.date | None = None
    deadline_note: str = ""
    weight: Decimal | None = None
    related: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    confidentiality: str | None = None
    publication_state: str | None = None


class CellError(ValueError):
    """A cell that cannot be read; the message says what was expected."""


def parse_key(text: str) -> str:
    text = text.strip()
    if not text:
        raise CellError("empty, but a key is needed here")
    if len(text) > KEY_MAX:
        raise CellError(f"a key is at most {KEY_MAX} characters ({len(text)} here)")
    if not _KEY.match(text):
        raise CellError(f"{text!r} is not a key: use letters, digits, hyphens, underscores")
    return text


def parse_optional_key(text: str) -> str:
    return parse_key(text) if text.strip() else ""


def parse_key_list(text: str) -> tuple[str, ...]:
    items = [item.strip() for item in text.split(LIST_SEPARATOR)]
    keys: dict[str, None] = {}  # keeps order, drops repeats
    for item in filter(None, items):
        keys[parse_key(item)] = None
    return tuple(keys)


def parse_ref_list(text: str) -> tuple[str, ...]:
    refs: dict[str, None] = {}
    for item in filter(None, (item.strip() for item in text.split(LIST_SEPARATOR))):
        if len(item) > CLAUSE_REF_MAX:
            raise CellError(f"{item!r} is longer than {CLAUSE_REF_MAX} characters")
        refs[item] = None
    return tuple(refs)


def text_of(limit: int | None, *, required: bool = False) -> Callable[[str], str]:
    # Text is kept exactly as written (no trimming) so that an export re-imports unchanged.
    def parse(text: str) -> str:
        if required and not text.strip():
            raise CellError("empty, but required")
        if limit is not None and len(text) > limit:
            raise CellError(f"longer than {limit} characters ({len(text)})")
        return text

    return parse


def choice_of(values: tuple[str, ...]) -> Callable[[str], str | None]:
    def parse(text: str) -> str | None:
        text = text.strip()
        if not text:
            return None
        if text.lower() not in values:
            raise CellError(f"{text!r} is not one of: {', '.join(values)}")
        return text.lower()

    return parse


def parse_date(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    if not _DATE.match(text):
        raise CellError(f"{text!r} is not a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CellError(f"{text!r} is not a real date") from None


def parse_weight(text: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CellError(f"{text!r} is not a number (use a dot for decimals: 1.5)") from None
    if not value.is_finite() or value <= 0:
        raise CellError(f"{text!r} must be a number above 0")
    if value > WEIGHT_MAX:
        raise CellError(f"{text!r} is above the largest weight, {WEIGHT_MAX}")
    if value != value.quantize(_CENT):
        raise CellError(f"{text!r} has more than two decimals")
    # Two decimals, as the database stores it, so that re-importing compares equal.
    return value.quantize(_CENT)


T = TypeVar("T")


class _LineReader:
    """Reads the cells of one record, noting each problem with its line and column."""

    def __init__(self, record: Record, problems: Problems):
        self.record = record
        self.problems = problems
        self.ok = True

    def get(self, column: str, parse: Callable[[str], T], default: T) -> T:
        cell = self.record.cells.get(column)
        if cell is None:
            return default
        try:
            return parse(cell)
        except CellError as error:
            self.ok = False
            self.problems.add(self.record.line, column, str(error), cell)
            return default


_FIELDS: tuple[tuple[str, Callable[[str], object], object], ...] = (
    ("summary", text_of(None), ""),
    ("kind", choice_of(KINDS), None),
    ("pillar", parse_optional_key, ""),
    ("theme", text_of(THEME_MAX), ""),
    ("clauses", parse_ref_list, ()),
    ("responsible", parse_key_list, ()),
    ("deadline", parse_date, None),
    ("deadline_note", text_of(DEADLINE_NOTE_MAX), ""),
    ("weight", parse_weight, None),
    ("related", parse_key_list, ()),
    ("sources", parse_key_list, ()),
    ("confidentiality", choice_of(CONFIDENTIALITY), None),
    ("publication_state", choice_of(PUBLICATION_STATES), None),
)


def read_commitments(
    stream: BinaryIO, problems: Problems, *, keys: set[str] | None = None
) -> Iterator[CommitmentRow]:
    """Yield each line of a commitments CSV that is fine on its own; note the others in
    ``problems``. A key used twice in the file is reported with both lines.

    ``keys``, if given, receives every key the file defines, lines with problems included,
    so that a reference to such a line is not reported a second time as unknown.
    """
    reader = CsvReader(stream, LAYOUT, problems)
    first_line_of: dict[str, int] = {}
    for record in reader:
        cells = _LineReader(record, problems)
        key = cells.get("key", parse_key, "")
        if key:
            if keys is not None:
                keys.add(key)
            first = first_line_of.setdefault(key, record.line)
            if first != record.line:
                cells.ok = False
                problems.add(
                    record.line, "key", f"key {key!r} is already used on line {first}", key
                )
        document = cells.get("document", parse_key, "")
        title = cells.get("title", text_of(TITLE_MAX, required=True), "")
        values = {name: cells.get(name, parse, default) for name, parse, default in _FIELDS}
        if key and key in values["related"]:  # type: ignore[operator]
            cells.ok = False
            problems.add(record.line, "related", "a commitment cannot be related to itself", key)
        if cells.ok:
            yield CommitmentRow(
                line=record.line,
                columns=reader.header,
                key=key,
                document=document,
                title=title,
                **values,  # type: ignore[arg-type]
            )
        if problems.full:
            return

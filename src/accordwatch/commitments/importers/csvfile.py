"""Reading a CSV file the way every accordwatch import wants it read.

- bytes in, UTF-8 only (a byte-order mark is allowed); the first byte that is not UTF-8 is
  reported with its line and column, and reading stops there;
- a header row names the columns: required ones must be there, unknown ones are refused
  (a misspelt column would otherwise be dropped without a word), and the computed columns
  that our own exports append are accepted and ignored;
- records come out one at a time with the line they start on, so memory stays flat;
- problems are collected, up to a cap, instead of stopping at the first one.

Spreadsheet formulas: our exports put a ``'`` before any cell that a spreadsheet would run
as a formula (see ``neutralise``); ``restore`` takes it off again on import, so a file
exported, opened and re-imported comes back unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

# Problems and shorten live in core (shared with the other apps' parsers); imported here
# so that ``from …csvfile import Problems`` keeps working.
from accordwatch.core.importing import Problems, not_utf8_problem, shorten

__all__ = ["CsvReader", "Layout", "Problems", "Record", "neutralise", "restore", "shorten"]

# Cells starting with these are run as formulas by spreadsheet programs (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ESCAPE = "'"
_ESCAPED_STARTS = (*FORMULA_STARTS, FORMULA_ESCAPE)


def neutralise(text: str) -> str:
    """Make a cell safe to open in a spreadsheet. A cell that starts with ``'`` gets one more,
    so that ``restore`` can tell our escape from text that really starts with a quote."""
    if text.startswith(_ESCAPED_STARTS):
        return FORMULA_ESCAPE + text
    return text


def restore(text: str) -> str:
    """Undo ``neutralise``: the exact inverse on everything ``neutralise`` writes."""
    if len(text) > 1 and text[0] == FORMULA_ESCAPE and text[1] in _ESCAPED_STARTS:
        return text[1:]
    return text


@dataclass(frozen=True, slots=True)
class Record:
    line: int  # the line the record starts on (a quoted cell may span several)
    cells: dict[str, str]  # column name → cell, formula escape removed


@dataclass(frozen=True)
class Layout:
    """The columns a kind of file may have."""

    columns: Sequence[str]  # every column the import reads, in export order
    required: Sequence[str]  # columns that must be in the header
    ignored: Sequence[str] = ()  # computed columns of our exports: accepted, not read


class CsvReader:
    """Iterate ``Record``s of a CSV byte stream; problems go to ``problems``.

    ``header`` is the set of read columns present in the file, known once iteration starts.
    """

    def __init__(self, stream: BinaryIO, layout: Layout, problems: Problems):
        self.stream = stream
        self.layout = layout
        self.problems = problems
        self.header: frozenset[str] = frozenset()

    def __iter__(self) -> Iterator[Record]:
        text = io.TextIOWrapper(
            self.stream, encoding="utf-8-sig", errors="surrogateescape", newline=""
        )
        try:
            yield from self._records(text)
        finally:
            text.detach()  # leave the caller's stream open; it is theirs to close

    def _records(self, text: io.TextIOWrapper) -> Iterator[Record]:
        reader = csv.reader(text, strict=True)
        problems = self.problems
        try:
            names = self._read_header(reader)
            if names is None:
                return
            width = len(names)
            start = reader.line_num + 1
            for row in reader:
                line, start = start, reader.line_num + 1
                if not any(row):
                    continue  # blank lines and rows of empty cells, as spreadsheets leave
                if self._not_utf8(row, names, line):
                    return
                if len(row) > width and not any(row[width:]):
                    row = row[:width]  # spreadsheets pad rows with empty cells
                if len(row) != width:
                    self._wrong_width(row, width, line)
                else:
                    yield Record(line, {n: restore(c) for n, c in zip(names, row, strict=True)})
                if problems.full:
                    return
        except csv.Error as error:
            problems.fatal = True
            problems.add(
                reader.line_num,
                "",
                f"the CSV is broken here ({error}): a quoted cell that is never closed, "
                "or a file cut short",
            )

    def _read_header(self, reader: csv.reader) -> list[str] | None:  # type: ignore[valid-type]
        problems = self.problems
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
        if header is None:
            problems.fatal = True
            problems.add(1, "", "the file is empty: expected a header row, then one row per record")
            return None
        line = reader.line_num
        if self._not_utf8(header, [f"column {i + 1}" for i in range(len(header))], line):
            return None
        names = [cell.strip().lower() for cell in header]
        while names and not names[-1]:
            names.pop()  # empty trailing header cells, as spreadsheets leave
        known = set(self.layout.columns) | set(self.layout.ignored)
        first_seen: dict[str, int] = {}
        for position, name in enumerate(names, start=1):
            if not name:
                problems.add(line, f"column {position}", "this column has no name in the header")
            elif name not in known:
                problems.add(
                    line,
                    name,
                    "unknown column (misspelt?); the columns are: "
                    + ", ".join(self.layout.columns),
                )
            elif name in first_seen:
                first = first_seen[name]
                problems.add(line, name, f"appears twice (columns {first} and {position})")
            first_seen.setdefault(name, position)
        for name in self.layout.required:
            if name not in first_seen:
                problems.add(line, name, "required column is missing from the header")
        if problems:
            problems.fatal = True
            return None
        self.header = frozenset(names) & frozenset(self.layout.columns)
        return names

    def _not_utf8(self, row: list[str], names: Sequence[str], line: int) -> bool:
        """Report the first byte that is not UTF-8, with its own line and column."""
        problem = not_utf8_problem(row, names, line)
        if problem is None:
            return False
        self.problems.fatal = True
        self.problems.add(problem.line, problem.column, problem.message)
        return True

    def _wrong_width(self, row: list[str], width: int, line: int) -> None:
        if len(row) < width:
            message = (
                f"{len(row)} cells where the header has {width}: "
                "the line is cut short (a truncated file?)"
            )
        else:
            message = (
                f"{len(row)} cells where the header has {width}: an extra comma outside quotes?"
            )
        self.problems.add(line, "", message)

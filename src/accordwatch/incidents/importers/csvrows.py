"""Rows of an incident CSV, read the way accordwatch reads every CSV, but positionally.

The commitments reader (``commitments/importers/csvfile.py``) builds a dict per line and
refuses unknown columns; incident files have a million lines and columns we do not read
(ACLED's ``data_id``, UCDP's ``gwnoa`` …), so this reader hands out plain lists and leaves
the header to the caller. The rules are the same: UTF-8 only (a byte-order mark is
allowed), the first byte that is not UTF-8 reported with its line and column, one
record at a time with the line it starts on, problems collected in a ``Problems``.

What it adds: a header split on the wrong delimiter (semicolons, tabs) is named as such,
and cells up to ``FIELD_LIMIT`` characters are read (the csv module's own limit, 131,072,
would end the file at a long notes cell with no column to name); the parsers apply their
own, smaller caps with line and column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from accordwatch.core.importing import Problems, not_utf8_problem

FIELD_LIMIT = 16 * 1024 * 1024  # characters; a cell longer than this ends the reading

_OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _allow_long_cells() -> None:
    # The limit is process-wide in the csv module; it is only ever raised here, never
    # lowered, so other readers keep working as before.
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)


class CsvRows:
    """Read a header, then rows of the header's width, from a CSV byte stream.

    Use as a context manager: ``with CsvRows(stream, problems) as rows: ...``; on leaving,
    the caller's stream is left open (it is theirs to close).
    """

    def __init__(self, stream: BinaryIO, problems: Problems):
        _allow_long_cells()
        self.problems = problems
        self._text = io.TextIOWrapper(
            stream, encoding="utf-8-sig", errors="surrogateescape", newline=""
        )
        self._reader = csv.reader(self._text, strict=True)
        self.names: list[str] = []
        self.header_line = 1  # the line the header was found on (blank lines may precede it)

    def __enter__(self) -> CsvRows:
        return self

    def __exit__(self, *exc: object) -> None:
        self._text.detach()

    def header(self, known: Sequence[str]) -> list[str] | None:
        """The column names, lower-cased and stripped; None (with a problem) when the file
        is empty, not UTF-8, or split on another delimiter. ``known`` are column names the
        caller reads, used to recognise a file separated by something other than commas."""
        problems = self.problems
        try:
            header = next(self._reader, None)
            while header is not None and not any(cell.strip() for cell in header):
                header = next(self._reader, None)
        except csv.Error as error:
            problems.fatal = True
            problems.add(self._reader.line_num, "", f"the header cannot be read ({error})")
            return None
        if header is None:
            problems.fatal = True
            problems.add(1, "", "the file is empty: expected a header row, then one row per event")
            return None
        line = self.header_line = self._reader.line_num
        problem = not_utf8_problem(header, [f"column {i + 1}" for i in range(len(header))], line)
        if problem is not None:
            problems.fatal = True
            problems.add(problem.line, problem.column, problem.message)
            return None
        names = [cell.strip().lower() for cell in header]
        while names and not names[-1]:
            names.pop()  # empty trailing header cells, as spreadsheets leave
        if self._other_delimiter(names, known, line):
            return None
        self.names = names
        return names

    def _other_delimiter(self, names: list[str], known: Sequence[str], line: int) -> bool:
        wanted = set(known)
        for delimiter, plural in _OTHER_DELIMITERS.items():
            split = [part.strip() for name in names for part in name.split(delimiter)]
            if len(split) > len(names) and len(wanted.intersection(split)) >= 2:
                self.problems.fatal = True
                self.problems.add(
                    line,
                    "",
                    f"the columns are separated by {plural}, not commas: export the file "
                    "again as comma-separated CSV (or open it in a spreadsheet and save it "
                    "as 'CSV, comma-separated')",
                )
                return True
        return False

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Yield (line the row starts on, cells) for every non-blank row of the header's
        width; rows of another width and broken quoting are noted in ``problems``."""
        reader = self._reader
        problems = self.problems
        names = self.names
        width = len(names)
        start = reader.line_num + 1
        try:
            for row in reader:
                line, start = start, reader.line_num + 1
                if not row or (len(row) == 1 and not row[0]):
                    continue  # a blank line
                if not "".join(row).isascii():
                    problem = not_utf8_problem(row, names, line)
                    if problem is not None:
                        problems.fatal = True
                        problems.add(problem.line, problem.column, problem.message)
                        return
                if len(row) != width:
                    if len(row) > width and not any(row[width:]):
                        row = row[:width]  # spreadsheets pad rows with empty cells
                    elif not any(row):
                        continue  # a row of empty cells
                    else:
                        self._wrong_width(row, width, line)
                        if problems.full:
                            return
                        continue
                yield line, row
        except csv.Error as error:
            problems.fatal = True
            if "field larger than field limit" in str(error):
                message = (
                    f"a cell longer than {FIELD_LIMIT:,} characters: is a quote missing "
                    "at the end of a cell above?"
                )
            else:
                message = (
                    f"the CSV is broken here ({error}): a quoted cell opened on line "
                    f"{start} is never closed, or the file is cut short"
                )
            problems.add(start, "", message)

    def _wrong_width(self, row: list[str], width: int, line: int) -> None:
        if len(row) < width:
            # Named after the first column the line does not reach.
            self.problems.add(
                line,
                self.names[len(row)],
                f"{len(row)} cells where the header has {width}: the line is cut short "
                "before this column (a truncated file?)",
            )
        else:
            self.problems.add(
                line,
                "",
                f"{len(row)} cells where the header has {width}: an extra comma outside quotes?",
            )

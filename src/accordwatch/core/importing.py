"""What every import shares: the problem report, the summary, and the registry of kinds.

An app offers a kind of import (``commitments``, later ``acled``, ``un-sanctions`` …) by
registering an ``ImportKind`` in its ``AppConfig.ready()``. The ``accordwatch import``
command and the upload page look kinds up here, so neither is edited when an app adds one.

Pure Python on purpose: the parsers in ``<app>/importers/`` use these types and must not
depend on Django.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

MAX_PROBLEMS = 100  # past this many, a file is too broken for a longer list to help


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One reason to refuse a file. ``line`` is the physical line in the file (1 = header);
    ``column`` is the header name, empty when the problem is about the whole line or file."""

    line: int
    column: str
    message: str
    value: str = ""  # the offending cell, shortened, shown for context

    def __str__(self) -> str:
        where = f"{self.line}: {self.column}" if self.column else str(self.line)
        return f"{where}: {self.message}"


_VALUE_SHOWN = 80

# Bytes that are not UTF-8 survive decoding as lone surrogates (errors="surrogateescape").
NOT_UTF8 = re.compile("[\udc80-\udcff]")


def shorten(text: str) -> str:
    return text if len(text) <= _VALUE_SHOWN else text[: _VALUE_SHOWN - 1] + "…"


class Problems:
    """Collects problems up to ``MAX_PROBLEMS``; then notes that it stopped."""

    def __init__(self, limit: int = MAX_PROBLEMS):
        self.items: list[ImportProblem] = []
        self.limit = limit
        self.fatal = False  # set when reading cannot go on (bad encoding, broken quoting)

    def add(self, line: int, column: str, message: str, value: str = "") -> None:
        if self.full:
            return
        self.items.append(ImportProblem(line, column, message, shorten(value)))
        if len(self.items) == self.limit:
            self.items.append(
                ImportProblem(line, "", f"stopped after {self.limit} problems; fix these first")
            )

    @property
    def full(self) -> bool:
        return len(self.items) > self.limit

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


def not_utf8_problem(row: Sequence[str], names: Sequence[str], line: int) -> ImportProblem | None:
    """The first byte that is not UTF-8 in a row decoded with ``errors="surrogateescape"``,
    with its own line (a quoted cell may hold line breaks) and column; None if there is none.
    ``line`` is the line the row starts on."""
    for name, cell in zip(names, row, strict=False):
        found = NOT_UTF8.search(cell)
        if found is None:
            line += cell.count("\n")
            continue
        byte = ord(found.group()) - 0xDC00
        return ImportProblem(
            line + cell.count("\n", 0, found.start()),
            name,
            f"byte 0x{byte:02X} is not UTF-8 (the file looks like Latin-1 or Windows-1252): "
            "save it as UTF-8 and import it again",
        )
    return None


class ImportRejected(Exception):
    """The file was refused and nothing was written."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = sorted(problems, key=lambda p: p.line)
        super().__init__(f"{len(self.problems)} problem(s); nothing was written")


@dataclass(frozen=True, slots=True)
class ImportSummary:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        return (
            f"{self.kind}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )


# progress(stage, done, total): stage is a short label ("checking", "writing").
Progress = Callable[[str, int, int], None]


class ImportHandler(Protocol):
    def __call__(
        self, *, actor: Any, stream: BinaryIO, progress: Progress | None = None
    ) -> ImportSummary:
        """Read ``stream`` (bytes), write everything or nothing; raise ImportRejected."""
        ...


@dataclass(frozen=True, slots=True)
class ImportOption:
    """Something one kind of import takes besides its file, handed to its handler as a
    keyword argument named after the flag: a switch (``--create-missing`` gives
    ``create_missing=True``) or a second file (``--deletions FILE`` gives ``deletions=``
    the file opened for reading bytes). A handler must work without it: the upload page
    passes none."""

    flag: str  # "--create-missing"
    help: str
    takes_file: bool = False

    @property
    def name(self) -> str:
        return self.flag.lstrip("-").replace("-", "_")


@dataclass(frozen=True)
class ImportKind:
    key: str  # the command's argument: ``accordwatch import <key> FILE``
    label: Any  # for the upload page and the command's help (may be a lazy translation)
    handler: ImportHandler
    file_types: str = ".csv"  # the upload field's ``accept`` attribute
    options: tuple[ImportOption, ...] = ()  # what ``accordwatch import <key>`` also takes


_kinds: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> None:
    _kinds[kind.key] = kind


def kinds() -> list[ImportKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.key)


def kind(key: str) -> ImportKind | None:
    return _kinds.get(key)

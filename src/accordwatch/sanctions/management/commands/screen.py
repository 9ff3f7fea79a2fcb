"""``accordwatch screen FILE.csv --out hits.csv``: screen a file of names against the lists.

FILE is UTF-8 CSV with a ``name`` column, optionally ``birth_date`` and ``nationality``;
every other column is carried through to the output. hits.csv gets one row per hit: the
input row's columns, then the entry's reference number, the matched name, the score, the
explanation and any earlier verdict on that name and entry.

Rows are read, screened and written one at a time, and hits stored in batches, so the
file's size does not matter (memory stays flat). The run is stored like the page's and the
API's; a file that breaks midway stops the command with FILE:LINE and a non-zero exit, the
hits found until then kept in hits.csv and in the run.
"""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)

from accordwatch.core.importing import NOT_UTF8
from accordwatch.core.models import User
from accordwatch.core.services import SYSTEM
from accordwatch.sanctions import screening
from accordwatch.sanctions.models import ScreeningSource

HIT_COLUMNS = ("reference_number", "matched_name", "score", "explanation", "decision")
MAX_CELL = 1_000_000  # characters; csv's own limit (128 KiB) would stop on a long cell
PROGRESS_EVERY = 500  # rows


class FileProblem(Exception):
    def __init__(self, line: int, column: str, message: str):
        super().__init__(f"{line}: {column + ': ' if column else ''}{message}")


def _header(row: list[str]) -> list[str]:
    return [cell.strip().lstrip("\ufeff") for cell in row]


def _output_columns(header: list[str]) -> list[str]:
    """The input's columns, then ours; one of ours that the input already has is written
    as ``hit_<name>`` so no column is overwritten."""
    taken = set(header)
    return [*header, *(f"hit_{c}" if c in taken else c for c in HIT_COLUMNS)]


def _check_utf8(row: list[str], header: list[str], line: int) -> None:
    if NOT_UTF8.search("".join(row)) is None:
        return  # one search per row; the cell is looked for only when there is one
    for index, cell in enumerate(row):
        if NOT_UTF8.search(cell):
            column = header[index] if index < len(header) else f"column {index + 1}"
            raise FileProblem(line, column, "not UTF-8 (save the file as UTF-8)")


class Command(BaseCommand):
    help = (
        "Screen a CSV file of names against the sanctions lists: "
        "`accordwatch screen FILE.csv --out hits.csv`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV with a `name` column")
        parser.add_argument("--out", type=Path, required=True, help="where to write the hits")
        parser.add_argument(
            "--threshold",
            type=float,
            default=None,
            help="lowest score reported, above 0 and at most 1 (default: the engine's)",
        )
        parser.add_argument(
            "--list-type",
            default="",
            metavar="TYPE",
            help='screen against one UN list type only (e.g. "Mali"); default: every list',
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="the editor the run and the audit log name (default: system)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, file: Path, out: Path, **options: Any):
        file, out = Path(file), Path(out)  # call_command passes options as given
        actor = self._actor(options.get("user"))
        threshold = options.get("threshold")
        if threshold is not None and not 0.0 < threshold <= 1.0:
            raise CommandError("--threshold must be above 0 and at most 1")
        list_type = (options.get("list_type") or "").strip()
        try:
            screening.list_type_check(list_type)
        except screening.UnknownListType as error:
            raise CommandError(
                f"--list-type {error.list_type!r}: no such list (known: {error.known})"
            ) from None
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        if out.resolve() == file.resolve():
            raise CommandError("--out must not be the input file")
        show = not options["no_progress"] and options.get("verbosity", 1) > 0
        csv.field_size_limit(MAX_CELL)
        started = time.monotonic()
        try:
            run, problem = self._screen(file, out, actor, threshold, list_type, show)
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        except OSError as error:  # unreadable input, --out in a missing or closed folder
            raise CommandError(f"{error.filename or file}: {error.strerror or error}") from None
        elapsed = max(time.monotonic() - started, 1e-9)
        rate = run.input_count / elapsed
        listed = run.list_import
        version = (listed.generated_at or listed.imported_at) if listed else None
        self.stdout.write(
            f"screened {run.input_count} names in {elapsed:.1f} s ({rate:,.0f} names/s) against "
            f"{run.entry_count} listed entries"
            + (f" (list of {version:%Y-%m-%d})" if version else "")
            + f"\n{run.hit_count} hits; run #{run.pk}; hits written to {out}"
        )
        if problem is not None:
            raise CommandError(f"{file}:{problem} (stopped here; the hits above are kept)")

    def _screen(
        self,
        file: Path,
        out: Path,
        actor: Any,
        threshold: float | None,
        list_type: str,
        show: bool,
    ) -> tuple[Any, FileProblem | None]:
        with open(file, "rb") as binary:
            text = io.TextIOWrapper(
                binary, encoding="utf-8-sig", errors="surrogateescape", newline=""
            )
            # Strict: an unclosed quote is an error at its line, not a name that swallows
            # every line after it.
            reader = csv.reader(text, strict=True)
            try:
                header = _header(next(reader, []))
                _check_utf8(header, header, 1)
            except (csv.Error, FileProblem) as error:
                raise CommandError(f"{file}:1: {error}") from None
            if "name" not in header:
                shown = ", ".join(header) if any(header) else "none"
                raise CommandError(
                    f"{file}:1: no `name` column (the header has: {shown}); "
                    "the columns are name, optionally birth_date and nationality, and any others"
                )
            twice = [c for c in ("name", "birth_date", "nationality") if header.count(c) > 1]
            if twice:
                raise CommandError(
                    f"{file}:1: the header has `{twice[0]}` more than once: "
                    "which one to screen cannot be told (rename the other)"
                )
            size = file.stat().st_size
            with (
                self._progress(show) as progress,
                open(out, "w", encoding="utf-8", newline="") as target,
                screening.Screening.start(
                    actor=actor,
                    source=ScreeningSource.CLI,
                    threshold=threshold,
                    list_type=list_type,
                    input_name=file.name,
                ) as run,
            ):
                task = progress.add_task("screening", total=size)
                writer = csv.writer(target)
                writer.writerow(_output_columns(header))
                problem = self._rows(
                    reader,
                    header,
                    run,
                    writer,
                    lambda: progress.update(task, completed=binary.tell()),
                )
                progress.update(task, completed=size)
            return run.run, problem

    def _rows(
        self, reader: Any, header: list[str], run: screening.Screening, writer: Any, tick: Any
    ) -> FileProblem | None:
        decisions = screening.known_decisions()
        verdicts = {True: "true positive", False: "false positive"}
        width = len(header)
        line = 1
        try:
            for number, row in enumerate(reader, start=1):
                start, line = line + 1, reader.line_num
                if not row:
                    continue  # a blank line
                _check_utf8(row, header, start)
                if len(row) != width:
                    raise FileProblem(start, "", f"{len(row)} cells where the header has {width}")
                values = dict(zip(header, row, strict=True))
                if not screening.birth_date_readable(values.get("birth_date") or ""):
                    raise FileProblem(
                        start,
                        "birth_date",
                        f"{values['birth_date'].strip()!r} is not a date of birth "
                        "(give YYYY-MM-DD or a year, or leave it empty)",
                    )
                hits = run.screen(
                    values,
                    name=values["name"],
                    birth_date=values.get("birth_date"),
                    nationality=values.get("nationality"),
                    row=number,
                )
                for hit in hits:
                    verdict = decisions.get((hit.query_key, hit.entry_pk))
                    writer.writerow(
                        [
                            *row,
                            hit.reference_number,
                            hit.matched_name,
                            f"{hit.score:.4f}",
                            hit.explanation,
                            verdicts.get(verdict, "") if verdict is not None else "",
                        ]
                    )
                if number % PROGRESS_EVERY == 0:
                    tick()
        except csv.Error as error:
            return FileProblem(line + 1, "", f"not readable as CSV ({error})")
        except FileProblem as problem:
            return problem
        return None

    def _actor(self, username: str | None) -> Any:
        if not username:
            return SYSTEM
        try:
            return User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"no active user called {username!r}") from None

    def _progress(self, show: bool) -> Progress:
        console = Console(stderr=True)
        return Progress(
            TextColumn("{task.description:<9}"),
            BarColumn(),
            TaskProgressColumn(),
            DownloadColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not show or not console.is_terminal,
        )

"""``accordwatch import <kind> FILE [options]``: load a file, all or nothing.

The kinds come from ``accordwatch.core.importing``, where each app registers its own in
``AppConfig.ready()``, with the options it takes (``--create-missing``, ``--deletions
FILE`` …); this command never needs editing when an app adds a kind or an option.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from accordwatch.core import importing
from accordwatch.core.models import User
from accordwatch.core.services import SYSTEM


class _CountingFile(io.RawIOBase):
    """A file that reports how many bytes have been read, for the progress bar."""

    def __init__(self, raw: io.RawIOBase, on_read: Callable[[int], None]):
        self._raw = raw
        self._on_read = on_read

    def readable(self) -> bool:
        return True

    @property
    def name(self) -> str:
        # So an import can record which file it read (the sanctions import keeps it).
        return str(getattr(self._raw, "name", ""))

    def readinto(self, buffer: Any) -> int | None:
        count = self._raw.readinto(buffer)
        self._on_read(count or 0)
        return count

    def close(self) -> None:
        self._raw.close()
        super().close()


class Command(BaseCommand):
    help = (
        "Import a file, all or nothing: `accordwatch import commitments FILE.csv`. "
        "Problems are printed as FILE:LINE: column: message and nothing is written."
    )

    def add_arguments(self, parser):
        kinds = importing.kinds()
        parser.add_argument(
            "kind",
            choices=[kind.key for kind in kinds],
            help="what the file holds: " + "; ".join(f"{k.key} ({k.label})" for k in kinds),
        )
        parser.add_argument("file", type=Path, help="the file to import")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="the editor the audit log names as the importer (default: system)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        for option, keys in _kind_options(kinds).items():
            only = f" (import {' and '.join(keys)})"
            if option.takes_file:
                parser.add_argument(option.flag, type=Path, metavar="FILE", help=option.help + only)
            else:
                parser.add_argument(option.flag, action="store_true", help=option.help + only)

    def handle(self, *args, kind: str, file: Path, user: str | None, **options):
        handler = importing.kind(kind)
        assert handler is not None  # argparse only lets registered kinds through
        actor = self._actor(user)
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        show = not options["no_progress"] and options.get("verbosity", 1) > 0
        with ExitStack() as files:
            extra = self._extra(handler, options, files)
            summary, problems = self._run(handler, actor, file, show, extra)
        if problems:
            for problem in problems:
                self.stderr.write(f"{file}:{problem}")
            raise CommandError(f"{file}: {len(problems)} problem(s); nothing was written")
        self.stdout.write(str(summary))

    def _extra(
        self, handler: importing.ImportKind, options: dict[str, Any], files: ExitStack
    ) -> dict[str, Any]:
        """The kind's own options as its handler's keyword arguments; an option given that
        this kind does not take is an error rather than silently ignored."""
        offered = {option.name for option in handler.options}
        extra: dict[str, Any] = {}
        for option in _kind_options(importing.kinds()):
            value = options.get(option.name)
            if value in (None, False):
                continue
            if option.name not in offered:
                raise CommandError(f"{option.flag} does not apply to `import {handler.key}`")
            if option.takes_file:
                if not value.is_file():
                    raise CommandError(f"{value}: no such file ({option.flag})")
                value = files.enter_context(open(value, "rb"))  # noqa: SIM115 - the stack closes it
            extra[option.name] = value
        return extra

    def _run(
        self,
        handler: importing.ImportKind,
        actor: Any,
        file: Path,
        show: bool,
        extra: dict[str, Any],
    ) -> tuple[Any, list[importing.ImportProblem]]:
        with self._progress(file, show) as (reading, report), open(file, "rb", buffering=0) as raw:
            stream = io.BufferedReader(_CountingFile(raw, reading), buffer_size=64 * 1024)
            try:
                summary = handler.handler(actor=actor, stream=stream, progress=report, **extra)
            except importing.ImportRejected as rejected:
                return None, rejected.problems
            except PermissionDenied as error:
                raise CommandError(str(error)) from None
        return summary, []

    def _actor(self, username: str | None) -> Any:
        if not username:
            return SYSTEM
        try:
            return User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"no active user called {username!r}") from None

    @contextmanager
    def _progress(self, file: Path, show: bool) -> Iterator[tuple[Any, Any]]:
        console = Console(stderr=True)
        progress = Progress(
            TextColumn("{task.description:<9}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not show or not console.is_terminal,
        )
        reading = progress.add_task("reading", total=file.stat().st_size)
        stages: dict[str, Any] = {}

        def on_read(count: int) -> None:
            progress.advance(reading, count)

        def on_stage(stage: str, done: int, total: int) -> None:
            if stage not in stages:
                progress.update(reading, completed=file.stat().st_size)
                stages[stage] = progress.add_task(stage, total=total)
            progress.update(stages[stage], completed=done, total=total)

        with progress:
            yield on_read, on_stage


def _kind_options(kinds: list[importing.ImportKind]) -> dict[importing.ImportOption, list[str]]:
    """Every option some kind takes, with the kinds that take it (first declaration wins
    when two kinds share a flag)."""
    found: dict[str, tuple[importing.ImportOption, list[str]]] = {}
    for kind in kinds:
        for option in kind.options:
            found.setdefault(option.flag, (option, []))[1].append(kind.key)
    return dict(found.values())

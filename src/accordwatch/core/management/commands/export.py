"""``accordwatch export <kind> [--output FILE] [--user USERNAME] [--filter NAME=VALUE …]``.

Writes what the named user may see — without ``--user``, what the public sees, so a file
made at the command line never holds more than it says. The kinds come from
``accordwatch.core.exporting``, registered by each app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accordwatch.core import exporting
from accordwatch.core.models import User


class Command(BaseCommand):
    help = (
        "Write a download to a file or standard output: `accordwatch export hxl --user NAME "
        "--filter from=2017-01-01 -o flows.hxl.csv`. Without --user, only what the public "
        "may see."
    )

    def add_arguments(self, parser):
        kinds = exporting.kinds()
        parser.add_argument(
            "kind",
            choices=[kind.key for kind in kinds],
            help="what to write: " + "; ".join(f"{k.key} ({k.label})" for k in kinds),
        )
        parser.add_argument("-o", "--output", type=Path, help="the file (default: stdout)")
        parser.add_argument(
            "--user", metavar="USERNAME", help="write what this user may see (default: public)"
        )
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="keep only matching records; repeatable (the kind's filters: "
            + "; ".join(f"{k.key}: {', '.join(k.filters)}" for k in kinds if k.filters)
            + ")",
        )

    def handle(self, *args: Any, kind: str, output: Path | None, user: str | None, **options):
        chosen = exporting.kind(kind)
        assert chosen is not None  # argparse only lets registered kinds through
        reader = self._user(user)
        filters: dict[str, str] = {}
        for item in options["filter"]:
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                raise CommandError(f"--filter {item!r}: write it NAME=VALUE")
            filters[name.strip()] = value.strip()
        try:
            blocks = exporting.run(chosen, user=reader, filters=filters)
            if output is None:
                for block in blocks:
                    self.stdout.write(block, ending="")
                return
            rows = 0
            with open(output, "w", encoding="utf-8", newline="") as file:
                for block in blocks:
                    file.write(block)
                    rows += block.count("\n")
        except exporting.BadExportFilter as error:
            raise CommandError(str(error)) from None
        self.stderr.write(f"{output}: written ({rows} lines)")

    def _user(self, username: str | None) -> Any:
        if not username:
            return None
        try:
            return User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"no active user called {username!r}") from None

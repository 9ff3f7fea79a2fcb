"""The ``accordwatch`` command: Django's management commands under one name.

accordwatch demo                      set up and load the Mali 2017 demo
accordwatch serve [--port N]          serve with gunicorn (127.0.0.1:8000)
accordwatch user create NAME --role editor
accordwatch token create NAME
accordwatch import commitments FILE.csv
accordwatch audit verify
accordwatch migrate | check | ...      any Django management command
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accordwatch.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["demo"]:
        # Settings need a secret key before any command runs; the demo makes one first.
        from accordwatch.demo.bootstrap import ensure_secret_key

        ensure_secret_key()
    execute_from_command_line(["accordwatch", *args])


if __name__ == "__main__":
    main()

"""`accordwatch serve`: run the site with gunicorn.

The process is replaced by gunicorn (exec), so Ctrl-C and service managers' signals reach
gunicorn directly. The environment passes through unchanged: set
ACCORDWATCH_INSECURE_HTTP=1 only to serve plain HTTP on this machine (the demo does);
behind a TLS proxy leave it unset.
"""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand, CommandError


def gunicorn_argv(*, host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "accordwatch.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
    ]


class Command(BaseCommand):
    help = "Serve accordwatch with gunicorn on 127.0.0.1:$PORT (default 8000)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT", "8000")),
            help="port to bind (default: $PORT or 8000)",
        )
        parser.add_argument("--workers", type=int, default=2, help="worker processes (2)")

    def handle(self, *args, host, port, workers, **options):
        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {port}")
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        self.stdout.write(f"serving on http://{host}:{port}/ (Ctrl-C to stop)")
        self.stdout.flush()
        sys.stderr.flush()
        argv = gunicorn_argv(host=host, port=port, workers=workers)
        os.execv(argv[0], argv)  # noqa: S606 - a fixed program, our own interpreter

"""`make bench`: run every benchmark module and print its figures beside their baselines.

    .venv/bin/python -m benchmarks                  # every benchmarks/bench_*.py
    .venv/bin/python -m benchmarks scores           # only modules whose name contains "scores"
    .venv/bin/python -m benchmarks --runs 11        # more runs per median
    .venv/bin/python -m benchmarks --rebuild        # regenerate the bench database first

Django is set up here, before any module is imported: settings from the environment, a
throwaway VAR dir, and a database of its own (var/bench/bench.sqlite3, or the PostgreSQL
database ACCORDWATCH_DATABASE_URL names), migrated. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import secrets
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "var" / "bench"
BENCH_SQLITE = BENCH_DIR / "bench.sqlite3"


def _configure_environment(*, rebuild: bool) -> str:
    """Point the settings at the bench database; return a label for it."""
    url = os.environ.get("ACCORDWATCH_DATABASE_URL", "").strip()
    os.environ["ACCORDWATCH_VAR_DIR"] = tempfile.mkdtemp(prefix="accordwatch-bench-")
    # A key for this process only: benchmarks sign nothing that outlives the run.
    os.environ.setdefault("ACCORDWATCH_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ACCORDWATCH_INSECURE_HTTP", "1")
    os.environ.setdefault("ACCORDWATCH_PLAIN_STATIC", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accordwatch.settings")
    if url.startswith(("postgres://", "postgresql://")):
        return "PostgreSQL (ACCORDWATCH_DATABASE_URL)"
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{BENCH_SQLITE}{suffix}").unlink(missing_ok=True)
    os.environ["ACCORDWATCH_DATABASE_URL"] = f"sqlite:///{BENCH_SQLITE}"
    return f"SQLite {BENCH_SQLITE.relative_to(ROOT)}"


def _setup_django() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _modules(selected: list[str]) -> list[str]:
    names = sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if info.name.startswith("bench_")
    )
    if selected:
        names = [name for name in names if any(part in name for part in selected)]
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("only", nargs="*", help="run only modules whose name contains one of these")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per median (default 7)")
    parser.add_argument(
        "--rebuild", action="store_true", help="delete and regenerate the SQLite bench database"
    )
    args = parser.parse_args(argv)

    label = _configure_environment(rebuild=args.rebuild)
    sys.path.insert(0, str(ROOT))
    _setup_django()

    from django import get_version
    from django.db import connection

    names = _modules(args.only)
    if not names:
        print("no benchmark module matches", file=sys.stderr)
        return 2
    print(f"# accordwatch benchmarks · Django {get_version()} · {label} · {connection.vendor}")
    print(f"# median of {args.runs} runs after one warm-up run; baselines measured in this run")
    failed = 0
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        started = time.perf_counter()
        print(f"\n## {name}")
        try:
            for line in module.run(runs=args.runs):
                print(line, flush=True)
        except Exception as exc:  # one broken module must not hide the others' figures
            failed += 1
            traceback.print_exc()
            print(f"FAILED: {type(exc).__name__}: {exc}", flush=True)
        print(f"# {name} took {time.perf_counter() - started:.1f} s in all")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

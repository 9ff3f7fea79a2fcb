"""Parsing a generated ACLED CSV (current layout): rows per second and peak memory.

What is measured: ``parse_acled`` reading every line of a generated file (200,000 events
by default; ``ACCORDWATCH_BENCH_INCIDENT_ROWS=1000000`` for the issue's million) and
yielding its records, consumed and dropped as an import consumes them. Only the parser:
the import service (gazetteer matching, writes, audit) is measured elsewhere.

Two floors, measured in the same run on the same file:

- the ``csv`` module reading the file (``csv.reader`` over a text stream): what splitting
  the cells costs in Python before any checking, so the ratio is the price of the checks;
- the ``sqlite3`` shell's ``.import`` of the file into a bare table (created from the
  header, every column TEXT, no checks, in C): the issue's reference for the import, as
  the fastest way these bytes reach a database on this machine.

Each measurement runs in a fresh child process, so its peak RSS (``ru_maxrss``) is its
own; the RSS after imports and before reading is shown as the baseline, and the growth
is what reading the file cost. Flat memory shows as the same growth at any size.

The file is written once to var/bench/ (its name carries the row count and a digest of
the generator, so a changed generator writes a new one) and reused.

    .venv/bin/python -m benchmarks incidents_parse
    ACCORDWATCH_BENCH_INCIDENT_ROWS=1000000 .venv/bin/python -m benchmarks incidents_parse
    .venv/bin/python -m benchmarks.bench_incidents_parse --rows 1000000   # without Django
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "var" / "bench"
DEFAULT_ROWS = 200_000
ROWS_VARIABLE = "ACCORDWATCH_BENCH_INCIDENT_ROWS"
MAX_RUNS = 3  # each run reads the whole file; three give a fair median
IMPORT_TARGET_ROWS_PER_S = 50_000  # the target for the whole import


def run(*, runs: int = 7, rows: int | None = None) -> Iterator[str]:
    rows = rows or int(os.environ.get(ROWS_VARIABLE, DEFAULT_ROWS))
    runs = max(1, min(runs, MAX_RUNS))
    path = _generated_file(rows)
    size_mb = path.stat().st_size / 1e6
    yield f"file: {path.relative_to(ROOT)} ({rows:,} events, {size_mb:.0f} MB); median of {runs}"

    parse = _median(runs, lambda: _child("parse", str(path)))
    reading = _median(runs, lambda: _child("csv", str(path)))
    sqlite = _median(runs, lambda: _sqlite_import(path))
    rate = parse["rows"] / parse["seconds"]
    csv_rate = reading["rows"] / reading["seconds"]
    sqlite_rate = rows / sqlite["seconds"]
    if parse["rows"] != rows or parse["problems"]:
        raise RuntimeError(f"the parser read {parse['rows']} rows, {parse['problems']} problems")
    yield (
        f"parse_acled[{rows:,} rows]: {parse['seconds']:.2f} s = {rate:,.0f} rows/s "
        f"(floor csv module reading the same file: {reading['seconds']:.2f} s = "
        f"{csv_rate:,.0f} rows/s, ratio {parse['seconds'] / reading['seconds']:.1f}x)"
    )
    verdict = "ok" if rate >= IMPORT_TARGET_ROWS_PER_S else "BELOW"
    yield (
        f"parse_acled[{rows:,} rows] vs sqlite3 shell .import into a bare table: "
        f"{sqlite['seconds']:.2f} s = {sqlite_rate:,.0f} rows/s, ratio "
        f"{parse['seconds'] / sqlite['seconds']:.1f}x; parser alone against the import "
        f"target {IMPORT_TARGET_ROWS_PER_S:,} rows/s [{verdict}]"
    )
    for label, measure in (("parse_acled", parse), ("csv module", reading)):
        growth = measure["peak_kib"] - measure["before_kib"]
        yield (
            f"  peak RSS {label}: {measure['peak_kib'] / 1024:.1f} MiB (baseline before "
            f"reading {measure['before_kib'] / 1024:.1f} MiB, growth {growth / 1024:.1f} MiB)"
        )


def _median(runs: int, measure) -> dict:
    results = [measure() for _ in range(runs)]
    seconds = statistics.median(result["seconds"] for result in results)
    middle = min(results, key=lambda result: abs(result["seconds"] - seconds))
    return {**middle, "seconds": seconds}


# --- the file -----------------------------------------------------------------------


def _generated_file(rows: int) -> Path:
    from accordwatch.incidents.importers import generate

    digest = hashlib.sha256(Path(generate.__file__).read_bytes()).hexdigest()[:10]
    path = BENCH_DIR / f"acled-generated-{rows}-{digest}.csv"
    if not path.exists():
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        for old in BENCH_DIR.glob(f"acled-generated-{rows}-*.csv"):
            old.unlink()  # written by an older generator
        partial = path.with_suffix(".partial")
        with partial.open("wb") as target:
            generate.write_acled_csv(target, rows, seed=0)
        partial.rename(path)  # a run killed while writing leaves no half file behind
    return path


# --- the floors and the parser, each in a child process ----------------------------------


def _child(task: str, path: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_incidents_parse", "--child", task, path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench_incidents_parse {task} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _sqlite_import(path: Path) -> dict:
    shell = shutil.which("sqlite3")
    if shell is None:
        raise RuntimeError("the sqlite3 shell is not installed (apt-get install sqlite3)")
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as folder:
        database = Path(folder) / "floor.sqlite3"
        started = time.perf_counter()
        subprocess.run(
            [shell, str(database)],
            input=f".mode csv\n.import '{path}' events\n",
            text=True,
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - started
    return {"seconds": seconds}


def _measure(task: str, path: str) -> dict:
    import csv
    import datetime as dt

    from accordwatch.core.importing import Problems
    from accordwatch.incidents.importers.acled import parse_acled

    before = _peak_rss_kib()
    problems = Problems()
    started = time.perf_counter()
    if task == "parse":
        with open(path, "rb") as stream:
            rows = sum(1 for _ in parse_acled(stream, today=dt.date.today(), problems=problems))
    else:
        with open(path, encoding="utf-8", newline="") as text:
            rows = sum(1 for _ in csv.reader(text)) - 1  # less the header
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "rows": rows,
        "problems": len(problems),
        "before_kib": before,
        "peak_kib": _peak_rss_kib(),
    }


def _peak_rss_kib() -> int:
    # VmHWM is this program's own peak; ru_maxrss would also count the parent's peak
    # before exec (Linux carries it over), hiding the child's under a Django-sized parent.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=None, help=f"default {DEFAULT_ROWS:,}")
    parser.add_argument("--runs", type=int, default=MAX_RUNS)
    parser.add_argument("--child", nargs=2, metavar=("TASK", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_measure(*args.child)))
        return 0
    for line in run(runs=args.runs, rows=args.rows):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

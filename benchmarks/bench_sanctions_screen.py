"""``accordwatch screen FILE.csv --out hits.csv`` end to end: a generated file of
``ACCORDWATCH_BENCH_SCREEN_ROWS`` rows (default 100,000) screened against the real 2026 UN
list, as a child process on a database of its own (var/bench/screen.sqlite3, made afresh:
migrate, then ``accordwatch import un-sanctions``).

Measured: names/s (wall and the child's CPU), the child's peak RSS (``VmHWM``), the hits.
Baseline: the matching engine alone, in this process, on the same names against the same
list (``Index.search`` on entries read straight from the XML): the floor the command cannot
beat, so the ratio is what reading the CSV, writing hits.csv and storing the run and its
hits cost on top.

Rows: generated person names (``sanctions_data.generated_names``: common Malian given and
family names and a long tail of made-up ones), one in 200 replaced by a respelled listed
name so that hits are found, explained, written and stored too; every other row carries a
birth date and a nationality, and an ``id`` and an ``office`` column are carried through.
"""

from __future__ import annotations

import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from accordwatch.sanctions.matching import Index
from benchmarks.sanctions_data import UN_2026, generated_names, un_records

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "var" / "bench"
ROWS_VARIABLE = "ACCORDWATCH_BENCH_SCREEN_ROWS"
DEFAULT_ROWS = 100_000
RESPELLED = [
    "Mohamed Ould Matali",
    "محمد ولد ماتالي",
    "Amadou Ag Isriou",
    "Mahamadou Ag Risa",
    "Houka Houka Ag Alhousseyni",
    "Ahmed Ag Albachar",
    "Mohamed Ben Ahmed Mahri",
    "Iyad Ag Ghali",
]

_CLI_WITH_PEAK = """
import sys
from pathlib import Path
from accordwatch.cli import main
try:
    main(sys.argv[2:])
finally:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            Path(sys.argv[1]).write_text(line.split()[1])
"""


def _rows() -> int:
    return int(os.environ.get(ROWS_VARIABLE, DEFAULT_ROWS))


def _generated_file(rows: int) -> tuple[Path, list[tuple[str, str, str]]]:
    path = BENCH_DIR / f"screen-{rows}.csv"
    names = generated_names(rows, seed=11)
    inputs = []
    for number, name in enumerate(names):
        if number % 200 == 0:
            name = RESPELLED[(number // 200) % len(RESPELLED)]
        born, country = ("1970", "Mali") if number % 2 else ("", "")
        inputs.append((name, born, country))
    if not path.exists():
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "name", "birth_date", "nationality", "office"])
            for number, (name, born, country) in enumerate(inputs):
                writer.writerow([f"r{number}", name, born, country, "Bamako"])
    return path, inputs


def _child_env(database: Path, var_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env["ACCORDWATCH_DATABASE_URL"] = f"sqlite:///{database}"
    env["ACCORDWATCH_VAR_DIR"] = var_dir
    env.setdefault("ACCORDWATCH_SECRET_KEY", "bench-only-" + "x" * 40)
    return env


def _accordwatch(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "accordwatch.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"accordwatch {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(*, runs: int = 7) -> Iterator[str]:
    rows = _rows()
    path, inputs = _generated_file(rows)
    database = BENCH_DIR / "screen.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="accordwatch-bench-screen-") as var_dir:
        env = _child_env(database, var_dir)
        _accordwatch(env, "migrate", "--verbosity", "0")
        _accordwatch(env, "import", "un-sanctions", str(UN_2026), "--no-progress")
        out = Path(var_dir) / "hits.csv"
        with tempfile.NamedTemporaryFile(prefix="accordwatch-bench-peak-") as peak:
            cpu_before = _children_cpu()
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", _CLI_WITH_PEAK, peak.name, "screen", str(path)]
                + ["--out", str(out), "--no-progress"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            wall = time.perf_counter() - started
            cpu = _children_cpu() - cpu_before
            peak_kib = int(Path(peak.name).read_text() or 0)
        if done.returncode != 0:
            raise RuntimeError(f"accordwatch screen failed:\n{done.stderr[-3000:]}")
        with out.open(encoding="utf-8") as handle:
            hits = sum(1 for _ in handle) - 1
    yield (
        f"accordwatch screen {path.relative_to(ROOT)} --out hits.csv ({rows:,} rows) against the "
        f"2026 UN list, one run"
    )
    yield (
        f"  command: {rows / wall:,.0f} names/s wall ({wall:.1f} s, child CPU {cpu:.1f} s, "
        f"{rows / cpu:,.0f} names/s CPU), peak RSS {peak_kib / 1024:.0f} MiB, {hits:,} hits"
    )

    entries = [record.entry for record in un_records(UN_2026)]
    index = Index.build(entries)
    started = time.process_time()
    engine_hits = 0
    for name, born, country in inputs:
        engine_hits += len(index.search(name, birth_date=born or None, nationality=country or None))
    engine_cpu = time.process_time() - started
    yield (
        f"  floor, the engine alone on the same names: {rows / engine_cpu:,.0f} names/s CPU "
        f"({engine_hits:,} hits); the command runs at {engine_cpu / cpu:.2f}x of it"
    )

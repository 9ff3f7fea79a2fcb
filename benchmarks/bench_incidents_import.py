"""Importing a generated ACLED CSV of a million events with ``accordwatch import acled``:
rows per second and peak memory, on SQLite and on PostgreSQL.

What is measured: the real command, ``accordwatch import acled FILE --create-missing
--no-progress``, run as a child process into a fresh, migrated database (set-up not
timed): parsing, gazetteer matching (and creating the missing actors and places), every
incident written, the run's record and its one audit event (with the SHA-256 over the
rows it inserted), the rollup brought up to date, all in one transaction. The
time is the child's wall time from start to exit (its Python and Django start-up
included); the peak memory is the child's own high-water mark (``VmHWM``), read as it
exits. One run per database: a run takes minutes, and the baselines below run once too.

Baselines, on the same file in the same run:

- SQLite: the ``sqlite3`` shell's ``.import`` into a bare table (every column TEXT, no
  index, no check), the issue's reference, in C; and the ``csv`` module with the
  ``sqlite3`` module's ``executemany`` into the same bare table, what the same bytes cost
  through Python with no checks, links or audit log;
- PostgreSQL: ``COPY … FROM STDIN (FORMAT csv)`` of the file into a bare table.

Size: ``ACCORDWATCH_BENCH_INCIDENTS`` rows (default 1,000,000, the issue's figure; 100000
runs in about a tenth of the time). The file is generated once into var/bench/ and reused
(see ``bench_incidents_parse``). The imported databases are kept for
``bench_incidents_queries``: var/bench/incidents-ROWS.sqlite3, and a database
``accordwatch_bench_incidents_ROWS`` on the PostgreSQL server.

PostgreSQL: the server ``ACCORDWATCH_DATABASE_URL`` names when the benchmarks run on
PostgreSQL; otherwise a throwaway cluster started with ``scripts/pg-throwaway`` (fsync off,
as in CI) and stopped when the benchmarks end. Without a PostgreSQL server installed (or
with ``ACCORDWATCH_BENCH_POSTGRES=0``) that half is skipped and a line says why.

    .venv/bin/python -m benchmarks incidents_import
    ACCORDWATCH_BENCH_INCIDENTS=100000 .venv/bin/python -m benchmarks incidents
    .venv/bin/python -m benchmarks.bench_incidents_import --rows 200000 --no-postgres
    .venv/bin/python -m benchmarks.bench_incidents_import --rows 1000000 --dir /tmp/aw-bench

Run on its own (the last two lines), ``--dir`` puts the imported SQLite database elsewhere
than var/bench/ (where ``bench_incidents_queries`` may be reading the one of the same size).
The machine's load average is printed first: the figures are wall times on a shared
machine, so the same-run baselines and the CPU-second figure are what compare.
"""

from __future__ import annotations

import atexit
import csv
import os
import resource
import secrets
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from benchmarks.bench_incidents_parse import _generated_file, _sqlite_import

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "var" / "bench"
ROWS_VARIABLE = "ACCORDWATCH_BENCH_INCIDENTS"
POSTGRES_VARIABLE = "ACCORDWATCH_BENCH_POSTGRES"
DEFAULT_ROWS = 1_000_000
TARGET_ROWS_PER_S = 50_000
TARGET_PEAK_MIB = 500
IMPORT_TIMEOUT_S = 3 * 3600

# Runs the real command (``accordwatch`` is this same ``cli.main``) and writes the
# process's own peak RSS to the file named first. ``ru_maxrss`` of a child would also
# count the parent's pages at fork, hiding a small child under a large parent.
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


def rows_wanted() -> int:
    return int(os.environ.get(ROWS_VARIABLE, DEFAULT_ROWS))


def run(*, runs: int = 7) -> Iterator[str]:
    rows = rows_wanted()
    path = _generated_file(rows)
    yield (
        f"file: {path.relative_to(ROOT)} ({rows:,} events, {path.stat().st_size / 1e6:.0f} MB); "
        "one run each (a run takes minutes)"
    )
    one, five, _ = os.getloadavg()
    yield (
        f"machine: {os.cpu_count()} CPU(s), load average {one:.1f} (1 min) {five:.1f} (5 min) "
        "as the run starts"
    )
    for target in targets(rows):
        if target.skipped:
            yield f"[{target.label}] skipped: {target.skipped}"
            continue
        yield from _measure(target, path, rows)


def _measure(target: Target, path: Path, rows: int) -> Iterator[str]:
    result = target.import_file(path)
    if f"{rows} created" not in result.output:
        raise RuntimeError(f"[{target.label}] the import did not create every event:\n{result}")
    rate = rows / result.seconds
    verdict = "ok" if rate >= TARGET_ROWS_PER_S else "BELOW TARGET"
    for name, seconds, cpu in target.baselines(path):
        on_cpu = (
            f"; CPU {result.cpu_seconds:.1f} s against {cpu:.1f} s, ratio "
            f"{result.cpu_seconds / cpu:.1f}x"
            if cpu
            else ""
        )
        yield (
            f"[{target.label}] import_acled[{rows:,} rows]: {result.seconds:.1f} s = "
            f"{rate:,.0f} rows/s ({name}: {seconds:.1f} s = {rows / seconds:,.0f} rows/s, "
            f"ratio {result.seconds / seconds:.1f}x{on_cpu})"
        )
    yield (
        f"[{target.label}] import_acled[{rows:,} rows]: {rate:,.0f} rows/s, target >= "
        f"{TARGET_ROWS_PER_S:,} rows/s [{verdict}]; the command's own CPU time "
        f"{result.cpu_seconds:.1f} s = {rows / result.cpu_seconds:,.0f} rows per CPU second"
        + ("" if target.is_sqlite else " (the server's work not counted)")
    )
    peak_mib = result.peak_kib / 1024
    verdict = "ok" if peak_mib < TARGET_PEAK_MIB else "OVER TARGET"
    yield (
        f"[{target.label}] import_acled[{rows:,} rows]: peak RSS {peak_mib:.0f} MiB "
        f"(the same command's start-up alone, `accordwatch check`: "
        f"{target.startup_peak_kib() / 1024:.0f} MiB) target < {TARGET_PEAK_MIB} MiB [{verdict}]"
    )
    target.mark_imported(rows)


# --- the databases ------------------------------------------------------------------------


@dataclass
class Imported:
    seconds: float
    cpu_seconds: float  # the child's user + system time
    peak_kib: int
    output: str


@dataclass
class Target:
    """One database server the incidents benchmarks run on."""

    label: str  # "SQLite" or "PostgreSQL"
    rows: int
    url: str = ""  # the incidents database, for the children
    server_url: str = ""  # PostgreSQL: the database to connect to for CREATE DATABASE
    skipped: str = ""

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path:
        return BENCH_DIR / f"incidents-{self.rows}.sqlite3"

    @property
    def marker(self) -> Path:
        """Written once an import into the database completed; names the file's rows."""
        kind = "sqlite" if self.is_sqlite else "postgresql-" + urlsplit(self.server_url).netloc
        return BENCH_DIR / f"incidents-{self.rows}.{kind.replace(':', '-')}.imported"

    def child_env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "ACCORDWATCH_DATABASE_URL": self.url,
            "ACCORDWATCH_VAR_DIR": tempfile.mkdtemp(prefix="accordwatch-bench-incidents-"),
            "ACCORDWATCH_SECRET_KEY": secrets.token_urlsafe(50),
            "ACCORDWATCH_INSECURE_HTTP": "1",
            "ACCORDWATCH_PLAIN_STATIC": "1",
            "DJANGO_SETTINGS_MODULE": "accordwatch.settings",
            "PYTHONPATH": str(ROOT),
        }
        env.pop("ACCORDWATCH_DEBUG", None)  # DEBUG keeps every query in memory
        return env

    def fresh_database(self) -> None:
        """An empty database, migrated (not timed)."""
        self.marker.unlink(missing_ok=True)
        if self.is_sqlite:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.sqlite_path}{suffix}").unlink(missing_ok=True)
        else:
            import psycopg

            name = urlsplit(self.url).path.lstrip("/")
            with psycopg.connect(self.server_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
                connection.execute(f'CREATE DATABASE "{name}"')
        self.accordwatch("migrate", "--verbosity", "0")

    def accordwatch(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "accordwatch.cli", *args],
            cwd=ROOT,
            env=self.child_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"accordwatch {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def import_file(self, path: Path) -> Imported:
        self.fresh_database()
        return self._timed_command(
            "import", "acled", str(path), "--create-missing", "--no-progress"
        )

    def _timed_command(self, *args: str) -> Imported:
        with tempfile.NamedTemporaryFile(prefix="accordwatch-bench-peak-") as peak:
            cpu_before = _children_cpu()
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", _CLI_WITH_PEAK, peak.name, *args],
                cwd=ROOT,
                env=self.child_env(),
                capture_output=True,
                text=True,
                check=False,
                timeout=IMPORT_TIMEOUT_S,
            )
            seconds = time.perf_counter() - started
            cpu_seconds = _children_cpu() - cpu_before
            if done.returncode != 0:
                raise RuntimeError(
                    f"[{self.label}] accordwatch {' '.join(args)} failed:\n{done.stderr[-3000:]}"
                )
            peak_kib = int(Path(peak.name).read_text() or 0)
        return Imported(
            seconds=seconds, cpu_seconds=cpu_seconds, peak_kib=peak_kib, output=done.stdout
        )

    def startup_peak_kib(self) -> int:
        return self._timed_command("check").peak_kib

    def mark_imported(self, rows: int) -> None:
        self.marker.write_text(f"{rows}\n")

    def is_imported(self) -> bool:
        return self.marker.exists() and self.marker.read_text().strip() == str(self.rows)

    def baselines(self, path: Path) -> list[tuple[str, float, float | None]]:
        """(name, wall seconds, CPU seconds of the work or None when it runs in a server)."""
        if self.is_sqlite:
            cpu_before = _children_cpu()
            shell = _sqlite_import(path)["seconds"]
            shell_cpu = _children_cpu() - cpu_before
            cpu_before = time.process_time()
            floor = _python_sqlite_floor(path)
            floor_cpu = time.process_time() - cpu_before
            return [
                ("floor sqlite3 shell .import, bare table", shell, shell_cpu),
                ("floor csv + sqlite3 executemany, bare table", floor, floor_cpu),
            ]
        return [("floor COPY FROM STDIN csv, bare table", _postgres_copy_floor(self, path), None)]


def targets(rows: int) -> list[Target]:
    """SQLite always; PostgreSQL when a server can be had."""
    sqlite_target = Target("SQLite", rows)
    sqlite_target.url = f"sqlite:///{sqlite_target.sqlite_path}"
    return [sqlite_target, _postgres_target(rows)]


def _postgres_target(rows: int) -> Target:
    from benchmarks.postgres_local import is_throwaway, server_url

    target = Target("PostgreSQL", rows)
    url, why = server_url()
    if not url:
        target.skipped = why
        return target
    parts = urlsplit(url)
    target.server_url = url
    target.url = urlunsplit(parts._replace(path=f"/accordwatch_bench_incidents_{rows}"))
    if is_throwaway(url):
        # The throwaway cluster's databases go with it at exit: so must the marker saying
        # the rows were imported there (registered after the cluster's stop, hence run first).
        atexit.register(target.marker.unlink, missing_ok=True)
    return target


def _children_cpu() -> float:
    """CPU seconds of the children waited for so far (this process runs one at a time)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --- the floors -------------------------------------------------------------------------


def _python_sqlite_floor(path: Path) -> float:
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as folder:
        database = sqlite3.connect(Path(folder) / "floor.sqlite3", isolation_level=None)
        database.execute("PRAGMA journal_mode=WAL")
        database.execute("PRAGMA synchronous=NORMAL")
        started = time.perf_counter()
        with path.open(encoding="utf-8-sig", newline="") as text:
            reader = csv.reader(text)
            header = next(reader)
            columns = ", ".join(f'"c{n}" TEXT' for n in range(len(header)))
            database.execute(f"CREATE TABLE events ({columns})")
            marks = ", ".join(["?"] * len(header))
            database.execute("BEGIN")
            database.executemany(f"INSERT INTO events VALUES ({marks})", reader)  # noqa: S608
            database.execute("COMMIT")
        seconds = time.perf_counter() - started
        database.close()
    return seconds


def _postgres_copy_floor(target: Target, path: Path) -> float:
    import psycopg

    with psycopg.connect(target.url) as connection:
        with path.open("rb") as stream:
            header = stream.readline().decode("utf-8-sig").strip().split(",")
            columns = ", ".join(f"c{n} text" for n in range(len(header)))
            started = time.perf_counter()
            connection.execute(f"CREATE TABLE bench_floor ({columns})")
            with connection.cursor().copy("COPY bench_floor FROM STDIN (FORMAT csv)") as copy:
                while block := stream.read(1 << 20):
                    copy.write(block)
            connection.commit()
            seconds = time.perf_counter() - started
        connection.execute("DROP TABLE bench_floor")
        connection.commit()
    return seconds


def main(argv: list[str] | None = None) -> int:
    import argparse

    global BENCH_DIR
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rows", type=int, default=None, help=f"default {DEFAULT_ROWS:,}")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--dir", type=Path, default=None, help="where the SQLite database goes")
    args = parser.parse_args(argv)
    if args.rows:
        os.environ[ROWS_VARIABLE] = str(args.rows)
    if args.no_postgres:
        os.environ[POSTGRES_VARIABLE] = "0"
    if args.dir:
        args.dir.mkdir(parents=True, exist_ok=True)
        BENCH_DIR = args.dir.resolve()
    for line in run():
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

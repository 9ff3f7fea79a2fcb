"""An import killed midway (``kill -9``) leaves the database exactly as it was, and running
it again imports everything.

The real command runs in a child process on a database of its own (a SQLite file in a
temporary folder, or a new database on the PostgreSQL server that ACCORDWATCH_DATABASE_URL
names), since the audit table is append-only and a test transaction could not show what a
crash does. The child is killed once it has read 40% of the file, found by watching its
file offset in /proc (no fixed sleep), and once the database shows it has written:
the uncommitted pages in SQLite's write-ahead log, or a transaction id on PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from accordwatch.incidents.importers.acled import CURRENT_COLUMNS
from accordwatch.incidents.importers.generate import acled_rows, write_acled_csv
from accordwatch.incidents.importers.records import ACLED
from tests.processes import ACCORDWATCH, clean_env, run_accordwatch, run_python

BIG_ROWS = 30_000  # seconds of work: room to be caught midway, little to run again
SEED_ROWS = 300
KILL_AT = 0.4  # share of the file read when the import is killed
HANG_GUARD_S = 600  # only so that a broken child cannot hang the suite

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the child's file offset from /proc"
)

COUNTS = """
import json
from accordwatch.core.models import AuditEvent, AuditHead
from accordwatch.incidents.models import ImportRun, Incident
head = AuditHead.objects.filter(pk=1).values_list("seq", "hash").first()
print(json.dumps({
    "incidents": Incident.objects.count(),
    "events": AuditEvent.objects.count(),
    "run_events": AuditEvent.objects.filter(action="incident.import").count(),
    "runs": ImportRun.objects.count(),
    "head": list(head) if head else None,
}))
"""


@pytest.fixture
def env(tmp_path) -> Iterator[dict[str, str]]:
    """The environment of a fresh, migrated database for the child processes."""
    (tmp_path / "var").mkdir()
    values = {
        "ACCORDWATCH_VAR_DIR": str(tmp_path / "var"),
        "ACCORDWATCH_SECRET_KEY": secrets.token_urlsafe(50),
    }
    server_url = os.environ.get("ACCORDWATCH_DATABASE_URL", "")
    database = ""
    if server_url.startswith(("postgres://", "postgresql://")):
        database = f"aw_kill_{secrets.token_hex(6)}"
        _postgres(server_url, f'CREATE DATABASE "{database}"')
        values["ACCORDWATCH_DATABASE_URL"] = urlunsplit(
            urlsplit(server_url)._replace(path="/" + database)
        )
    try:
        environment = clean_env(**values)
        _ok(run_accordwatch("migrate", "--verbosity", "0", env=environment, timeout=300))
        yield environment
    finally:
        if database:
            _postgres(server_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _postgres(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql)


def _ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, f"exit {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


def _state(env: dict[str, str]) -> dict:
    import json

    return json.loads(_ok(run_python(COUNTS, env=env)).stdout.strip().splitlines()[-1])


def _seed_file(path: Path) -> None:
    """Events whose ids the big file does not use, so that they are the "before"."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CURRENT_COLUMNS)
    for n, row in enumerate(acled_rows(SEED_ROWS, seed=7), start=1):
        row[0] = f"SEED{n}"
        writer.writerow(row)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _offset(pid: int, path: Path) -> int | None:
    """How far process ``pid`` has read into ``path`` (None: not open, or gone)."""
    target = str(path.resolve())
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") != target:
                    continue
                info = Path(f"/proc/{pid}/fdinfo/{fd}").read_text()
            except OSError:
                continue
            match = re.search(r"^pos:\s+(\d+)", info, re.MULTILINE)
            if match:
                return int(match.group(1))
    except OSError:
        return None
    return None


def _has_written(env: dict[str, str]) -> bool:
    """The database holds the running import's uncommitted writes."""
    url = env.get("ACCORDWATCH_DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        name = urlsplit(url).path.lstrip("/")
        with psycopg.connect(url, autocommit=True) as connection:
            row = connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()",
                [name],
            ).fetchone()
        return bool(row and row[0])
    wal = Path(env["ACCORDWATCH_VAR_DIR"]) / "accordwatch.sqlite3-wal"
    return wal.exists() and wal.stat().st_size > 0


def _kill_midway(env: dict[str, str], big: Path, log: Path) -> None:
    size = big.stat().st_size
    with log.open("w") as output:
        child = subprocess.Popen(  # noqa: S603 (our own entry point)
            [ACCORDWATCH, "import", "acled", str(big), "--create-missing", "--no-progress"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + HANG_GUARD_S
    try:
        while child.poll() is None and time.monotonic() < deadline:
            offset = _offset(child.pid, big)
            if offset is not None and offset >= size * KILL_AT and _has_written(env):
                child.send_signal(signal.SIGKILL)
                break
            time.sleep(0.01)
        else:
            pytest.fail(
                "the import ended (or hung) before it could be killed midway; raise BIG_ROWS\n"
                + log.read_text()
            )
    finally:
        if child.poll() is None and time.monotonic() >= deadline:
            child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL


def test_an_import_killed_midway_leaves_the_database_as_it_was(env, tmp_path):
    seed = tmp_path / "seed.csv"
    _seed_file(seed)
    _ok(run_accordwatch("import", "acled", str(seed), "--create-missing", env=env))
    before = _state(env)
    assert before["incidents"] == SEED_ROWS

    big = tmp_path / "big.csv"
    with big.open("wb") as target:
        write_acled_csv(target, BIG_ROWS, seed=0)
    _kill_midway(env, big, tmp_path / "killed-import.log")

    # Nothing of the killed run: the same incidents, audit events and chain tip.
    assert _state(env) == before
    verified = _ok(run_accordwatch("audit", "verify", env=env))
    assert f"{before['events']} event(s)" in verified.stdout

    # Run again, it imports everything; the log still verifies.
    again = _ok(
        run_accordwatch(
            "import", "acled", str(big), "--create-missing", "--no-progress", env=env, timeout=900
        )
    )
    assert f"{ACLED}: {BIG_ROWS} created, 0 updated, 0 unchanged" in again.stdout
    after = _state(env)
    assert after["incidents"] == SEED_ROWS + BIG_ROWS
    # The completed run is recorded once, with its one audit event (the killed one, never).
    assert (after["runs"], after["run_events"]) == (before["runs"] + 1, before["run_events"] + 1)
    assert after["events"] > before["events"]
    _ok(run_accordwatch("audit", "verify", env=env))

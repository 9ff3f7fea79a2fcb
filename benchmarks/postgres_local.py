"""PostgreSQL for the benchmarks that print figures on both databases: a server to run on,
and the CPU time the server spends.

``server_url()`` is the runner's PostgreSQL (``ACCORDWATCH_DATABASE_URL``) when the
benchmarks run on PostgreSQL, else a throwaway cluster from ``scripts/pg-throwaway``
(fsync off, as in CI), started once per process and stopped when the process ends; ""
with the reason when there is none (no server installed, or
``ACCORDWATCH_BENCH_POSTGRES=0``).

``server_cpu_seconds(connection)``: on a shared machine the wall time swings with the
load, so the benchmarks also count CPU seconds; with PostgreSQL the query's work is done
by the server, not by our process. A server on this machine shows its processes in
``/proc``: the CPU of the postmaster's children that are alive, plus the postmaster's
``cutime``/``cstime`` (its children that have exited, parallel workers among them). The
difference between two readings is what the server spent meanwhile, background
processes included (a few milliseconds). None when the server is not local.
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_VARIABLE = "ACCORDWATCH_BENCH_POSTGRES"
_CLUSTER: dict[str, str] = {}


def server_url() -> tuple[str, str]:
    """(URL of a PostgreSQL database to connect to, "") or ("", why there is none)."""
    runner = os.environ.get("ACCORDWATCH_DATABASE_URL", "")
    if runner.startswith(("postgres://", "postgresql://")):
        return runner, ""
    if os.environ.get(POSTGRES_VARIABLE, "").strip() == "0":
        return "", f"{POSTGRES_VARIABLE}=0"
    if "url" in _CLUSTER:
        return _CLUSTER["url"], ""
    if not (os.environ.get("PG_BIN") or glob.glob("/usr/lib/postgresql/*/bin/initdb")):
        return "", (
            "no PostgreSQL server is installed (looked for /usr/lib/postgresql/*/bin/initdb "
            "and PG_BIN); run with ACCORDWATCH_DATABASE_URL=postgresql://… for these figures"
        )
    folder = tempfile.mkdtemp(prefix="accordwatch-bench-pg-")
    script = str(ROOT / "scripts" / "pg-throwaway")
    done = subprocess.run(
        [script, "start", folder], capture_output=True, text=True, check=False, cwd=ROOT
    )
    if done.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"scripts/pg-throwaway start failed:\n{done.stderr[-3000:]}")
    _CLUSTER.update(dir=folder, url=done.stdout.strip().splitlines()[-1])
    atexit.register(
        subprocess.run, [script, "stop", folder], capture_output=True, check=False, cwd=ROOT
    )
    return _CLUSTER["url"], ""


def is_throwaway(url: str) -> bool:
    """Whether ``url`` is the throwaway cluster this process started (gone at exit, with its
    databases)."""
    return _CLUSTER.get("url") == url


def _stat(pid: int) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    # The command name, in parentheses, may hold spaces: split after its closing one.
    return text[text.rindex(")") + 2 :].split()


def _postmaster(connection: Any) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        return int(_stat(backend)[1])  # the backend's parent
    except (OSError, ValueError, IndexError):
        return None  # not on this machine, or not ours to read


def server_cpu_seconds(connection: Any) -> float | None:
    """CPU seconds the PostgreSQL server has used so far (see the module's docstring)."""
    if connection.vendor != "postgresql":
        return None
    postmaster = _postmaster(connection)
    if postmaster is None:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    own = _stat(postmaster)
    total = sum(int(value) for value in own[11:15])  # utime stime cutime cstime
    for path in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = _stat(int(path.split("/")[2]))
        except (OSError, ValueError):
            continue  # gone meanwhile
        if fields[1] == str(postmaster):
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def median_cpu_ms(fn: Any, runs: int) -> float:
    """Median CPU time of ``fn()`` after one warm-up call: this process's, plus the
    PostgreSQL server's when it runs on this machine (SQLite works inside this process, so
    its time is already in)."""
    import time

    from django.db import connection

    def cpu() -> float:
        return time.process_time() + (server_cpu_seconds(connection) or 0.0)

    fn()
    times = []
    for _ in range(runs):
        started = cpu()
        fn()
        times.append((cpu() - started) * 1000)
    return sorted(times)[len(times) // 2]


def cpu_label() -> str:
    """What ``median_cpu_ms`` counts on this connection, for a figure's label."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return "CPU"
    return "CPU, ours + server" if server_cpu_seconds(connection) is not None else "CPU, ours"

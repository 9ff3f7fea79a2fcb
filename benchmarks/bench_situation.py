"""The latest figure per indicator and place over 100,000 situation figures.

What is measured, each beside a baseline measured in the same run:

- ``latest_observations[…]``: ``situation.selectors.latest_observations`` as an analyst
  (editor: every figure) and as the public (only public, published figures with a
  visible indicator and source), read whole with each figure's indicator, place and
  source, as the situation pages and ``GET /api/situation/latest`` use it. It is one SQL
  query: the visible figures numbered per indicator and place, newest first
  (``ROW_NUMBER()``), the first of each kept.
- ``latest_in_python[…]``: what the selector did before, every visible figure read
  into Python and the newest per indicator and place picked there, for comparison.
- Baseline: the same ``ROW_NUMBER()`` query as bare SQL on the figures table, with no
  visibility rule and no join, fetching the id, date and value of the latest figure of
  each indicator and place: what the database alone needs to pick them.

The figures (``ACCORDWATCH_BENCH_FIGURES``, default 100,000: 4 indicators, 500 places,
5 sources, month-end dates over four years with ties between sources on the same day;
a tenth internal, a tenth restricted, a twentieth draft, one source restricted) are
written with ``bulk_create`` inside a transaction that is rolled back at the end: the set-
up bypasses the services and the audit log and is not timed. It runs twice, in child
processes: on a SQLite file of its own, and on PostgreSQL (the runner's database when the
benchmarks run on PostgreSQL, else a throwaway cluster from ``scripts/pg-throwaway``;
``ACCORDWATCH_BENCH_POSTGRES=0`` skips it). CPU figures on PostgreSQL add the server's
processes when it runs on this machine (``benchmarks/postgres_local.py``).

    .venv/bin/python -m benchmarks situation
    ACCORDWATCH_BENCH_FIGURES=20000 .venv/bin/python -m benchmarks situation
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FIGURES_VARIABLE = "ACCORDWATCH_BENCH_FIGURES"
DEFAULT_FIGURES = 100_000
INDICATORS = 4
PLACES = 500
SOURCES = 5
PREFIX = "bench-situation-"
ROOT = Path(__file__).resolve().parents[1]


def run(*, runs: int = 7) -> Iterator[str]:
    """On SQLite (a file of its own, so that the figures written in one transaction lock
    nobody's bench database) and on PostgreSQL (the runner's, or a throwaway cluster), each
    in a child process whose writes are rolled back."""
    from benchmarks.postgres_local import server_url

    with tempfile.TemporaryDirectory(prefix="bench-situation-") as directory:
        databases = {"SQLite": f"sqlite:///{directory}/situation.sqlite3"}
        url, why_not = server_url()
        if url:
            databases["PostgreSQL"] = url
        for label, database in databases.items():
            env = {**os.environ, "ACCORDWATCH_DATABASE_URL": database}
            env.pop("ACCORDWATCH_DEBUG", None)  # DEBUG keeps every query in memory
            yield f"### {label}"
            yield from _stream_child(runs, env)
        if why_not:
            yield f"### PostgreSQL skipped: {why_not}"


def _stream_child(runs: int, env: dict[str, str]) -> Iterator[str]:
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.bench_situation", str(runs)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    for line in child.stdout:
        yield line.rstrip()
    _, errors = child.communicate()
    if child.returncode != 0:
        raise RuntimeError(f"bench_situation failed:\n{errors[-3000:]}")


def _child_main(runs: int) -> None:
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0, interactive=False)
    with transaction.atomic():
        for line in _measure(runs):
            print(line, flush=True)
        transaction.set_rollback(True)  # the figures, places, sources and readers go


def _make_figures(count: int) -> None:
    from accordwatch.core.models import Place, Source
    from accordwatch.situation.models import Indicator, Observation

    rng = random.Random(20160831)  # the same figures every run
    Place.objects.bulk_create(
        Place(key=f"{PREFIX}{n}", kind="admin1", name=f"Bench place {n:03d}") for n in range(PLACES)
    )
    Source.objects.bulk_create(
        Source(
            key=f"{PREFIX}{n}",
            title=f"Bench source {n}",
            kind="report",
            confidentiality="restricted" if n == SOURCES - 1 else "public",
            publication_state="published",
        )
        for n in range(SOURCES)
    )
    Indicator.objects.bulk_create(
        Indicator(
            key=f"{PREFIX}{n}",
            name=f"Bench indicator {n}",
            position=100 + n,
            confidentiality="public",
            publication_state="published",
        )
        for n in range(INDICATORS)
    )
    places = list(Place.objects.filter(key__startswith=PREFIX).values_list("pk", flat=True))
    sources = list(Source.objects.filter(key__startswith=PREFIX).values_list("pk", flat=True))
    indicators = list(Indicator.objects.filter(key__startswith=PREFIX).values_list("pk", flat=True))
    months = [dt.date(2015 + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1) for m in range(1, 49)]
    tiers = [("public", "published")] * 16 + [
        ("internal", "published"),
        ("internal", "published"),
        ("restricted", "published"),
        ("public", "draft"),
    ]
    per_slot = max(1, count // (INDICATORS * PLACES))
    batch: list[Observation] = []
    for indicator in indicators:
        for place in places:
            # Fewer month-ends than figures: several sources give the same day.
            chosen = rng.sample([(m, s) for m in months for s in sources], per_slot)
            for day, source in chosen:
                confidentiality, state = rng.choice(tiers)
                batch.append(
                    Observation(
                        indicator_id=indicator,
                        place_id=place,
                        source_id=source,
                        date=day,
                        value=rng.randrange(100_000),
                        confidentiality=confidentiality,
                        publication_state=state,
                    )
                )
            if len(batch) >= 5000:
                Observation.objects.bulk_create(batch)
                batch = []
    Observation.objects.bulk_create(batch)


def _latest_in_python(*, user: Any) -> list[Any]:
    """The selector as it was: every visible figure read, the newest per slot kept."""
    from accordwatch.situation.selectors import visible_observations

    latest: dict[tuple[int, int], Any] = {}
    for row in visible_observations(user=user):
        slot = (row.indicator_id, row.place_id)
        current = latest.get(slot)
        if current is None or (row.date, row.pk) > (current.date, current.pk):
            latest[slot] = row
    return sorted(
        latest.values(), key=lambda o: (o.indicator.position, o.indicator.key, o.place.name)
    )


def _measure(runs: int) -> Iterator[str]:
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from accordwatch.core.models import User
    from accordwatch.situation import selectors
    from accordwatch.situation.models import Observation
    from benchmarks.postgres_local import cpu_label, median_cpu_ms
    from benchmarks.timing import figure, median_ms

    count = int(os.environ.get(FIGURES_VARIABLE, DEFAULT_FIGURES))
    started = time.perf_counter()
    _make_figures(count)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    total = Observation.objects.count()
    slots = Observation.objects.values("indicator_id", "place_id").distinct().count()
    yield (
        f"{total:,} figures in {slots:,} indicator × place pairs written in "
        f"{time.perf_counter() - started:.1f} s (set-up); {connection.vendor}; median of "
        f"{runs} runs after one warm-up run; load average {os.getloadavg()[0]:.1f}"
    )
    table = connection.ops.quote_name(Observation._meta.db_table)

    def bare_window() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, date, value FROM (SELECT id, date, value, ROW_NUMBER() OVER "  # noqa: S608
                f"(PARTITION BY indicator_id, place_id ORDER BY date DESC, id DESC) AS n "
                f"FROM {table}) ranked WHERE n = 1"
            )
            cursor.fetchall()

    floor = median_ms(bare_window, runs=runs)
    floor_cpu = median_cpu_ms(bare_window, runs)
    cpu = cpu_label()
    readers = {
        "analyst": User.objects.create(username=f"{PREFIX}analyst", role="editor"),
        "public": AnonymousUser(),
    }
    for name, user in readers.items():
        found = len(selectors.latest_observations(user=user))
        label = f"[{total:,} figures, {name}: {found:,} latest]"

        def selector(user: Any = user) -> None:
            selectors.latest_observations(user=user)

        def python(user: Any = user) -> None:
            _latest_in_python(user=user)

        # The selector, then the way it was done before (slow: fewer runs), each by wall
        # time and by CPU time (ours and a local server's: the steadier on a busy machine).
        for measured, fn, times in (
            (f"latest_observations{label}", selector, runs),
            (f"latest_in_python{label} (the selector before)", python, max(1, min(runs, 3))),
        ):
            yield figure(
                f"{measured} wall",
                median_ms(fn, runs=times),
                baseline="floor bare ROW_NUMBER() query",
                baseline_ms=floor,
            )
            yield figure(
                f"{measured} {cpu}",
                median_cpu_ms(fn, times),
                baseline=f"floor bare ROW_NUMBER() query, {cpu}",
                baseline_ms=floor_cpu,
            )


if __name__ == "__main__":
    _child_main(int(sys.argv[1]))

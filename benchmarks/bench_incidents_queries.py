"""Reading a million incidents: the aggregates, 100,000 points of GeoJSON and a filtered
list page, on SQLite and on PostgreSQL.

The database is the one ``bench_incidents_import`` filled with the real import
(``ACCORDWATCH_BENCH_INCIDENTS`` events, default 1,000,000); if it is missing, it is
imported first (set-up, not timed). Its tables are analysed first, as a production
database's are. Each database is measured in a child process of its own, as an analyst
(an editor: every incident is visible, so nothing is filtered away) and, for the
aggregates, as a delegate (a member: restricted incidents left out). The readers and
their sessions are written inside a transaction rolled back at the end.

What is measured, each beside a baseline measured in the same run:

- ``aggregates[month × admin1 × event type]``, target < 300 ms: the selector
  ``incident_aggregates``, and the API ``GET /api/incidents/aggregates`` through Django's
  test client (routing, middleware, authentication, JSON). Baseline: one bare
  ``SELECT substr(date), admin1, event_type_id, COUNT(*), SUM(fatalities) … GROUP BY`` on
  the same table, what the database alone needs for the same groups.
  The selector reads the incidents rollup (``incidents/rollup.py``); the run says whether
  the rollup was in use and also times ``incident_aggregates_grouped`` (the same groups
  from the incidents, as before the rollup).
- ``geojson[100,000 points]``, target < 1.5 s: ``GET /api/incidents.geojson?from=DAY``,
  DAY chosen so that about 100,000 of the newest events match, the streamed answer read
  to its end. Baseline: the same rows and columns read by a bare ``SELECT`` and encoded
  by one ``json.dumps`` of the row list: reading and encoding with no feature structure.
- ``list page``, target < 100 ms: ``GET /incidents/?admin1=…&event_type=…`` (the page:
  table, map points, region counts, timeline) with the cache filled (warm: every reader
  after the first until the next write) and cleared before each request (cold: the first
  reader after a write); and the API's first page ``GET /api/incidents?…&limit=50``.
  Baseline: the same 50 rows by a bare ``SELECT … ORDER BY event_date DESC, id DESC
  LIMIT 50`` plus the ``COUNT(*)`` the pager needs. The map's points are not in the page
  (the browser fetches them from the GeoJSON API after it, ``limit`` 5,001): that request
  is timed too.
- ``since page`` (``GET /incidents/since/MEETING/``, a meeting about two years before the
  newest event, its cutoff inside a month) and ``actor page`` (``GET
  /incidents/actors/KEY/``, the actor named in most incidents), warm and cold, beside the
  same bare baseline for their own rows; and the since page's aggregates (admin1, from a
  day inside a month) as the selector gives them (whole months from the rollup, the cut
  month grouped) and grouped from the incidents, beside a bare ``GROUP BY admin1``.

Every page figure also gives the CPU time this process spent (the median of the same
runs): on a machine shared with other work the wall time swings with the load, the CPU
time much less. On SQLite it includes the queries (the database runs in the process);
on PostgreSQL the server's share is not in it.

    .venv/bin/python -m benchmarks incidents_queries
    ACCORDWATCH_BENCH_INCIDENTS=100000 .venv/bin/python -m benchmarks incidents_queries
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any

from benchmarks.bench_incidents_import import (
    ROOT,
    Target,
    _generated_file,
    rows_wanted,
    targets,
)

AGGREGATE_TARGET_MS = 300
GEOJSON_TARGET_MS = 1500
GEOJSON_POINTS = 100_000
PAGE_TARGET_MS = 100
MAX_GEOJSON_RUNS = 5  # each run streams about 20 MB


def run(*, runs: int = 7) -> Iterator[str]:
    rows = rows_wanted()
    for target in targets(rows):
        if target.skipped:
            yield f"[{target.label}] skipped: {target.skipped}"
            continue
        if not target.is_imported():
            yield f"[{target.label}] importing {rows:,} events first (set-up, not timed) …"
            target.import_file(_generated_file(rows))
            target.mark_imported(rows)
        yield from _in_child(target, runs)


def _in_child(target: Target, runs: int) -> Iterator[str]:
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.bench_incidents_queries", str(runs)],
        cwd=ROOT,
        env=target.child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    for line in child.stdout:
        yield f"[{target.label}] {line.rstrip()}"
    _, errors = child.communicate()
    if child.returncode != 0:
        raise RuntimeError(f"[{target.label}] bench_incidents_queries failed:\n{errors[-3000:]}")


# --- the child: Django set up on the incidents database -----------------------------------


def _median_ms(fn: Callable[[], Any], runs: int) -> float:
    from benchmarks.timing import median_ms

    return median_ms(fn, runs=runs)


def _measure(runs: int) -> Iterator[str]:
    import django

    # The static files are not collected in the child's throwaway VAR dir; no page here
    # serves one.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with transaction.atomic():
        yield from _measure_all(runs)
        transaction.set_rollback(True)  # the readers and their sessions go


def _measure_all(runs: int) -> Iterator[str]:
    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from accordwatch.core.models import User
    from accordwatch.incidents import rollup, selectors
    from accordwatch.incidents.models import EventType, Incident
    from benchmarks.timing import figure

    table = connection.ops.quote_name(Incident._meta.db_table)
    total = Incident.objects.count()
    yield f"{total:,} incidents; median of {runs} runs after one warm-up run"
    readers = {
        "analyst": User.objects.create(username="bench-incidents-analyst", role="editor"),
        "delegate": User.objects.create(username="bench-incidents-delegate", role="member"),
    }
    clients = {}
    for name, user in readers.items():
        clients[name] = Client(HTTP_HOST="localhost")
        clients[name].force_login(user)
    analyst = clients["analyst"]

    # Aggregates: month × admin1 × event type.
    def bare_group_by() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT substr(CAST(event_date AS TEXT), 1, 7), admin1, event_type_id, "  # noqa: S608
                f"COUNT(*), SUM(fatalities) FROM {table} GROUP BY 1, 2, 3"
            )
            cursor.fetchall()

    floor = _median_ms(bare_group_by, runs)
    by = ("month", "admin1", "event_type")
    for name, user in readers.items():
        yield figure(
            f"aggregates_selector[month × admin1 × event type, {name}]",
            _median_ms(lambda user=user: selectors.incident_aggregates(user=user, by=by), runs),
            baseline="floor bare GROUP BY",
            baseline_ms=floor,
            target_ms=AGGREGATE_TARGET_MS,
        )
    # The selector answers from the rollup (incidents/rollup.py) when it is installed and
    # up to date; the same groups computed from the incidents show what it saves.
    answered = rollup.answer(user=readers["analyst"], filters=selectors.NO_FILTERS, by=by)
    yield (
        "rollup: in use"
        if answered is not None
        else "rollup: NOT in use (a database from before migration 0006, or stale months: "
        "`accordwatch migrate` then `accordwatch rollup` on it)"
    )
    yield figure(
        "aggregates_grouped[month × admin1 × event type, analyst, without the rollup]",
        _median_ms(
            lambda: selectors.incident_aggregates_grouped(user=readers["analyst"], by=by), runs
        ),
        baseline="floor bare GROUP BY",
        baseline_ms=floor,
        target_ms=AGGREGATE_TARGET_MS,
    )
    for name, client in clients.items():
        yield figure(
            f"aggregates_api[GET /api/incidents/aggregates, {name}]",
            _median_ms(
                lambda client=client: _ok(
                    client.get("/api/incidents/aggregates", {"by": "month,admin1,event_type"})
                ),
                runs,
            ),
            baseline="floor bare GROUP BY",
            baseline_ms=floor,
            target_ms=AGGREGATE_TARGET_MS,
        )

    # GeoJSON of the newest 100,000 points.
    wanted = min(GEOJSON_POINTS, total)  # a small bench database has fewer
    day = (
        Incident.objects.order_by("-event_date", "-id")
        .values_list("event_date", flat=True)[wanted - 1 : wanted]
        .first()
    )
    assert day is not None
    geo_runs = max(1, min(runs, MAX_GEOJSON_RUNS))
    streamed: dict[str, int] = {}

    def geojson() -> None:
        response = _ok(analyst.get("/api/incidents.geojson", {"from": day.isoformat()}))
        streamed.update(bytes=sum(len(block) for block in response.streaming_content))

    # The points are counted once, untimed, by reading the document as a client would (the
    # databases space their JSON differently, so counting a byte pattern is not enough).
    response = _ok(analyst.get("/api/incidents.geojson", {"from": day.isoformat()}))
    streamed["points"] = len(json.loads(b"".join(response.streaming_content))["features"])

    columns = (
        "dataset, event_id, event_date, event_type_id, sub_event_type_id, actor1_name, "
        "actor2_name, admin1, location, fatalities, verification_status, "
        "violation_category_id, longitude, latitude"
    )

    def bare_rows_dumps() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {columns} FROM {table} WHERE event_date >= %s "  # noqa: S608
                "AND latitude IS NOT NULL AND longitude IS NOT NULL",
                [day],
            )
            json.dumps(cursor.fetchall(), default=str)

    geo_ms = _median_ms(geojson, geo_runs)
    yield figure(
        f"geojson_api[{streamed['points']:,} points, GET /api/incidents.geojson?from={day}]",
        geo_ms,
        baseline="floor bare SELECT + json.dumps of the rows",
        baseline_ms=_median_ms(bare_rows_dumps, geo_runs),
        target_ms=GEOJSON_TARGET_MS,
    )
    yield f"  streamed {streamed['bytes'] / 1e6:.1f} MB, median of {geo_runs} runs"

    # A filtered list page: the busiest region and the commonest event type.
    commonest = Incident.objects.values("admin1", "event_type").annotate(n=Count("id"))
    top = commonest.order_by("-n").first()
    assert top is not None
    region, type_id = top["admin1"], top["event_type"]
    kind = EventType.objects.get(pk=type_id).key
    matching = Incident.objects.filter(admin1=region, event_type_id=type_id).count()
    query = {"admin1": region, "event_type": kind}
    yield f"list filter: admin1={region}, event_type={kind} ({matching:,} incidents)"

    def bare_page() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {table} WHERE admin1 = %s AND event_type_id = %s",  # noqa: S608
                [region, type_id],
            )
            cursor.fetchall()
            cursor.execute(
                f"SELECT * FROM {table} WHERE admin1 = %s AND event_type_id = %s "  # noqa: S608
                "ORDER BY event_date DESC, id DESC LIMIT 50",
                [region, type_id],
            )
            cursor.fetchall()

    page_floor = _median_ms(bare_page, runs)

    def page(*, cold: bool) -> None:
        if cold:
            cache.clear()
        _ok(analyst.get("/incidents/", query))

    for label, cold in (("warm", False), ("cold", True)):
        wall, cpu = _median_ms_cpu(lambda cold=cold: page(cold=cold), runs)
        yield (
            figure(
                f"list_page[GET /incidents/?admin1&event_type, analyst, {label} cache]",
                wall,
                baseline="floor bare SELECT LIMIT 50 + COUNT",
                baseline_ms=page_floor,
                target_ms=PAGE_TARGET_MS,
            )
            + f"; CPU {cpu:.1f} ms"
        )
    points_url = json.loads(
        re.search(
            rb'<script id="incident-map-data" type="application/json">(.*?)</script>',
            analyst.get("/incidents/", query).content,
            re.S,
        ).group(1)
    )["points_url"]

    def map_points() -> None:
        for _ in _ok(analyst.get(points_url)).streaming_content:
            pass

    yield figure(
        "list_map_points[the page's GeoJSON fetch, 5,001 newest, analyst]",
        _median_ms(map_points, runs),
        baseline="floor bare SELECT LIMIT 50 + COUNT",
        baseline_ms=page_floor,
    )
    yield figure(
        "list_api[GET /api/incidents?admin1&event_type&limit=50, analyst]",
        _median_ms(lambda: _ok(analyst.get("/api/incidents", {**query, "limit": 50})), runs),
        baseline="floor bare SELECT LIMIT 50 + COUNT",
        baseline_ms=page_floor,
        target_ms=PAGE_TARGET_MS,
    )
    yield from _since_and_actor_pages(analyst, readers["analyst"], table, runs)


def _since_and_actor_pages(analyst: Any, user: Any, table: str, runs: int) -> Iterator[str]:
    import datetime as dt

    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count

    from accordwatch.commitments.models import Meeting
    from accordwatch.core.models import Actor
    from accordwatch.incidents import rollup, selectors
    from accordwatch.incidents.models import Incident
    from accordwatch.incidents.selectors import IncidentFilters
    from benchmarks.timing import figure

    newest = Incident.objects.order_by("-event_date").values_list("event_date", flat=True)[0]
    cutoff = dt.date(newest.year - 2, newest.month, 20)
    body = Actor.objects.create(
        key="bench-incidents-body",
        kind="body",
        name_en="Bench body",
        confidentiality="public",
        publication_state="published",
    )
    Meeting.objects.create(
        key="bench-incidents-meeting",
        body=body,
        body_kind="contact_group",
        title="Bench meeting",
        starts_on=cutoff,
        confidentiality="public",
        publication_state="published",
    )
    after = IncidentFilters(date_from=cutoff + dt.timedelta(days=1))
    matching = Incident.objects.filter(event_date__gt=cutoff).count()
    yield f"since: after {cutoff} ({matching:,} incidents)"

    def bare_by_region() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT admin1, COUNT(*), SUM(fatalities) FROM {table} "  # noqa: S608
                "WHERE event_date > %s GROUP BY admin1",
                [cutoff],
            )
            cursor.fetchall()

    region_floor = _median_ms(bare_by_region, runs)
    split = rollup.month_split(after)
    yield figure(
        "since_aggregates_selector[admin1, from a day inside a month, analyst]",
        _median_ms(
            lambda: selectors.incident_aggregates(user=user, filters=after, by=("admin1",)), runs
        ),
        baseline="floor bare GROUP BY admin1",
        baseline_ms=region_floor,
        target_ms=AGGREGATE_TARGET_MS,
    ) + ("; whole months from the rollup, the cut month grouped" if split else "")
    yield figure(
        "since_aggregates_grouped[admin1, from a day inside a month, without the rollup]",
        _median_ms(
            lambda: selectors.incident_aggregates_grouped(user=user, filters=after, by=("admin1",)),
            runs,
        ),
        baseline="floor bare GROUP BY admin1",
        baseline_ms=region_floor,
        target_ms=AGGREGATE_TARGET_MS,
    )

    def bare_rows(where: str, params: list[Any]) -> Callable[[], None]:
        def run() -> None:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}", params)  # noqa: S608
                cursor.fetchall()
                cursor.execute(
                    f"SELECT * FROM {table} WHERE {where} "  # noqa: S608
                    "ORDER BY event_date DESC, id DESC LIMIT 50",
                    params,
                )
                cursor.fetchall()

        return run

    busiest = (
        Incident.objects.exclude(actor1=None)
        .values("actor1")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None
    actor = Actor.objects.get(pk=busiest["actor1"])
    named = (
        Incident.objects.filter(actor1=actor).count()
        + Incident.objects.filter(actor2=actor).count()
    )
    yield f"actor: {actor.key} (actor 1 or 2 of about {named:,} incidents)"
    pages = [
        (
            "since_page",
            "/incidents/since/bench-incidents-meeting/",
            bare_rows("event_date > %s", [cutoff]),
        ),
        (
            "actor_page",
            f"/incidents/actors/{actor.key}/",
            bare_rows("(actor1_id = %s OR actor2_id = %s)", [actor.pk, actor.pk]),
        ),
    ]
    for name, url, bare in pages:
        floor = _median_ms(bare, runs)
        for label, cold in (("warm", False), ("cold", True)):

            def request(cold: bool = cold, url: str = url) -> None:
                if cold:
                    cache.clear()
                _ok(analyst.get(url))

            wall, cpu = _median_ms_cpu(request, runs)
            yield (
                figure(
                    f"{name}[GET {url}, analyst, {label} cache]",
                    wall,
                    baseline="floor bare SELECT LIMIT 50 + COUNT",
                    baseline_ms=floor,
                    target_ms=PAGE_TARGET_MS,
                )
                + f"; CPU {cpu:.1f} ms"
            )


def _median_ms_cpu(fn: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Median wall and CPU (this process) milliseconds of ``fn()``, after one warm-up."""
    fn()
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu_started) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def _ok(response: Any) -> Any:
    if response.status_code != 200:
        raise RuntimeError(f"{response.request['PATH_INFO']} answered {response.status_code}")
    return response


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv else 7
    started = time.perf_counter()
    for line in _measure(runs):
        print(line, flush=True)
    print(f"# measured in {time.perf_counter() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

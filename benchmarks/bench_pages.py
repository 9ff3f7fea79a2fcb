"""Server time of the two busiest pages on the scores dataset (10 agreements × 1,000
commitments × 20 assessments = 200,000 assessments): the dashboard (``GET /``) and the first
page of the commitments list (``GET /commitments/``), as an analyst and as the public.

Each request goes through Django's test ``Client`` in this process: URL resolution, the
middleware (sessions, authentication, CSRF, language), the view, its queries and the
template — everything the server does except the network and the WSGI server. Two figures
per page and reader:

- *cold*: Django's cache (which holds only the monthly score series) is cleared before each
  timed request, as after any write — every write moves the audit head the series are
  cached under, so the first reader after a write pays this;
- *warm*: the series and the dashboard's counts (``selectors.standing_tally``, cached the
  same way) are in the cache, as for every later reader until the next write.

One more line gives the dashboard's monthly series computed alone (``cached=False``, the
same arguments as the page), which is most of the cold figure.

Baseline: the sign-in page (``GET /login/``) for the same reader, measured in the same run.
It goes through the same middleware and template frame but runs no query of the tracker,
so the ratio says what the page's own work costs over serving any page at all.

Set-up: the dataset of ``scores_dataset`` (built once, reused), plus a Contact Group meeting
with a communiqué of 14 decisions so that the dashboard's follow-up section has something
to count, and the analyst's login. These extra rows are written with plain ORM calls inside
one transaction that is rolled back at the end, so the bench database is left as found.
On PostgreSQL the tables are analysed first: a freshly bulk-loaded database has no planner
statistics until autovacuum gets to it, and without them the planner misjudges every
join (a production database has them).
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
import warnings
from collections.abc import Callable, Iterator

from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from accordwatch.commitments import scores, selectors
from accordwatch.commitments.models import (
    Assessment,
    Commitment,
    CommitmentKind,
    Document,
    Meeting,
    MeetingBody,
)
from accordwatch.commitments.views import _series_start  # the page's own first month
from accordwatch.core.models import Actor, User
from benchmarks import scores_dataset
from benchmarks.timing import figure, median_ms

TARGET_MS = 100
PREFIX = "bench-pages"
DECISIONS = 14
HOST = "127.0.0.1"  # one of the default allowed hosts


def _median_request(
    client: Client, url: str, *, runs: int, before: Callable[[], None] | None = None
) -> float:
    """Median milliseconds of ``client.get(url)`` after one untimed warm-up request;
    ``before`` runs ahead of each request, outside the timing."""
    times = []
    for attempt in range(runs + 1):
        if before is not None:
            before()
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        if attempt:  # the first request is the warm-up
            times.append(elapsed)
    return statistics.median(times)


def _contact_group_meeting() -> None:
    """A communiqué of 14 decisions (11 actions, 3 positions), some assessed, and the
    meeting that adopted it: what the dashboard's follow-up section reads."""
    body = Actor.objects.create(
        key=f"{PREFIX}-contact-group",
        kind="body",
        name_en="Bench contact group",
        confidentiality="public",
        publication_state="published",
    )
    communique = Document.objects.create(
        key=f"{PREFIX}-communique",
        kind="communique",
        title="Bench communiqué",
        adopted_on=dt.date(2017, 9, 20),
        confidentiality="public",
        publication_state="published",
    )
    decisions = Commitment.objects.bulk_create(
        Commitment(
            key=f"{PREFIX}-decision-{n:02d}",
            document=communique,
            title=f"Bench decision {n}",
            kind=CommitmentKind.POSITION if n <= 3 else CommitmentKind.ACTION,
            confidentiality="public",
            publication_state="published",
            position=n,
        )
        for n in range(1, DECISIONS + 1)
    )
    Assessment.objects.bulk_create(
        Assessment(
            commitment=decision,
            as_of=dt.date(2018, 1, 1),
            score=n % 4,
            rationale="generated for the benchmark",
            confidentiality="public",
            publication_state="published",
        )
        for n, decision in enumerate(decisions)
        if decision.kind == CommitmentKind.ACTION and n % 2
    )
    Meeting.objects.create(
        key=f"{PREFIX}-meeting",
        body=body,
        body_kind=MeetingBody.CONTACT_GROUP,
        title="Bench contact group meeting",
        starts_on=dt.date(2017, 9, 20),
        communique=communique,
        confidentiality="public",
        publication_state="published",
    )


def _clients() -> dict[str, Client]:
    analyst = User.objects.create(username=f"{PREFIX}-analyst", role="editor")
    clients = {"analyst": Client(HTTP_HOST=HOST), "public": Client(HTTP_HOST=HOST)}
    clients["analyst"].force_login(analyst)
    return clients


def _series_alone(user: User | None) -> None:
    """The dashboard's series as the page asks for it, computed afresh."""
    today = dt.date.today()
    keys = list(
        selectors.documents_of_kinds(user=user, kinds=["agreement"]).values_list("key", flat=True)
    )
    scores.monthly_series(
        user=user,
        group_by="pillar",
        start=_series_start(user, today, keys),
        end=today,
        document_keys=keys,
        cached=False,
    )


def run(*, runs: int = 7) -> Iterator[str]:
    # The bench settings serve static files from a directory that was never collected.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    yield "building the dataset if needed (10 × 1,000 × 20 = 200,000 assessments) …"
    scores_dataset.build()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    yield (
        f"dataset: {Assessment.objects.count():,} assessments, "
        f"{Commitment.objects.count():,} commitments; as of today"
    )
    pages = {"dashboard": reverse("dashboard"), "commitment_list": reverse("commitment-list")}
    with transaction.atomic():
        _contact_group_meeting()
        for label, client in _clients().items():
            baseline = _median_request(client, reverse("login"), runs=runs)
            for page, url in pages.items():
                for state, before in (("cold", cache.clear), ("warm", None)):
                    yield figure(
                        f"GET {url} {page}[{label}, {state}]",
                        _median_request(client, url, runs=runs, before=before),
                        baseline=f"GET /login/ [{label}]",
                        baseline_ms=baseline,
                        target_ms=TARGET_MS,
                    )
            reader = client.get(reverse("login")).wsgi_request.user
            user = reader if reader.is_authenticated else None
            yield figure(
                f"dashboard series alone[{label}, cached=False]",
                median_ms(lambda user=user: _series_alone(user), runs=runs),
                baseline=f"GET /login/ [{label}]",
                baseline_ms=baseline,
            )
        transaction.set_rollback(True)
    cache.clear()

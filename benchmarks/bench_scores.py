"""Scores on 200,000 assessments: as of a date by pillar, and a 5-year monthly series by pillar.

The series is measured computed afresh (``cached=False``); one more line shows what a page
pays when the series is already in the cache.

Baseline ("floor"): one plain ``SELECT pillar, SUM(score) … GROUP BY pillar`` over the same
assessment rows, with no visibility rules, no "latest per commitment" and no weights. It is
the cheapest aggregate the database can do over those rows, so the ratio says what the
scoring rules cost on top of merely reading them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db import connection

from accordwatch.commitments.models import Assessment, Commitment
from accordwatch.commitments.scores import monthly_series, scores
from accordwatch.core.models import User
from benchmarks import scores_dataset
from benchmarks.timing import figure, median_ms

AS_OF = dt.date(2019, 6, 30)
SERIES_START = dt.date(2016, 1, 1)
SERIES_END = dt.date(2020, 12, 31)  # 60 months
TARGET_MS = 200

FLOOR_SQL = (
    "SELECT c.pillar_id, SUM(a.score) FROM {assessment} a "
    "JOIN {commitment} c ON c.id = a.commitment_id "
    "WHERE a.as_of <= %s GROUP BY c.pillar_id"
)


def _floor(end: dt.date) -> None:
    sql = FLOOR_SQL.format(
        assessment=Assessment._meta.db_table, commitment=Commitment._meta.db_table
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [end])
        cursor.fetchall()


def run(*, runs: int = 7) -> Iterator[str]:
    yield "building the dataset if needed (10 × 1,000 × 20 = 200,000 assessments) …"
    scores_dataset.build()
    total = Assessment.objects.count()
    yield f"dataset: {total:,} assessments, {Commitment.objects.count():,} commitments"

    # Unsaved users: the visibility rules only read the role.
    readers = {"analyst": User(username="bench-analyst", role="editor"), "public": None}
    floor_as_of = median_ms(lambda: _floor(AS_OF), runs=runs)
    floor_series = median_ms(lambda: _floor(SERIES_END), runs=runs)

    for label, user in readers.items():
        as_of_ms = median_ms(
            lambda user=user: scores(user=user, group_by="pillar", as_of=AS_OF), runs=runs
        )
        yield figure(
            f"scores_as_of_pillar[{label}]",
            as_of_ms,
            baseline="floor plain GROUP BY",
            baseline_ms=floor_as_of,
            target_ms=TARGET_MS,
        )
        # Computed afresh every time: the figure the target is about.
        series_ms = median_ms(
            lambda user=user: monthly_series(
                user=user, group_by="pillar", start=SERIES_START, end=SERIES_END, cached=False
            ),
            runs=runs,
        )
        yield figure(
            f"monthly_series_5y_pillar[{label}]",
            series_ms,
            baseline="floor plain GROUP BY",
            baseline_ms=floor_series,
            target_ms=TARGET_MS,
        )
    # What a page pays once the series is in the cache (until the next write).
    warm_ms = median_ms(
        lambda: monthly_series(
            user=readers["analyst"], group_by="pillar", start=SERIES_START, end=SERIES_END
        ),
        runs=runs,
    )
    yield figure(
        "monthly_series_5y_pillar[analyst, cached]",
        warm_ms,
        baseline="floor plain GROUP BY",
        baseline_ms=floor_series,
    )
    for group_by in ("document", "actor", "all"):
        ms = median_ms(
            lambda group_by=group_by: scores(
                user=readers["analyst"], group_by=group_by, as_of=AS_OF
            ),
            runs=runs,
        )
        yield figure(
            f"scores_as_of_{group_by}[analyst]",
            ms,
            baseline="floor plain GROUP BY",
            baseline_ms=floor_as_of,
            target_ms=TARGET_MS,
        )

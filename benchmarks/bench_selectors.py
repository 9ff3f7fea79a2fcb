"""Selectors behind the dashboard and the commitments list, on the scores dataset
(10,000 commitments, 200,000 assessments), as an analyst and as the public.

Baselines, measured in the same run:
- the first list page against ``SELECT … FROM commitment ORDER BY … LIMIT 50``: reading
  the same page with no status, visibility or related rows;
- the dashboard summary against the scores floor, one plain ``GROUP BY`` over the
  assessments.
These are selector times; a page adds its template rendering on top.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db import connection

from accordwatch.commitments.models import Assessment, Commitment
from accordwatch.commitments.selectors import commitment_list, dashboard_summary
from accordwatch.core.models import User
from benchmarks import scores_dataset
from benchmarks.timing import figure, median_ms

AS_OF = dt.date(2019, 6, 30)
PAGE = 50
TARGET_MS = 100


def _plain_page() -> None:
    table = Commitment._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, key, title, kind, weight, deadline FROM {table} "
            "ORDER BY document_id, position, id LIMIT %s",
            [PAGE],
        )
        cursor.fetchall()


def _floor() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.pillar_id, SUM(a.score) FROM {Assessment._meta.db_table} a "
            f"JOIN {Commitment._meta.db_table} c ON c.id = a.commitment_id "
            "WHERE a.as_of <= %s GROUP BY c.pillar_id",
            [AS_OF],
        )
        cursor.fetchall()


def _first_page(user) -> None:
    rows = commitment_list(user=user, as_of=AS_OF)[:PAGE]
    for row in rows:  # touch what a list row shows, as the template does
        row.document.key, row.pillar, list(row.responsible.all())


def run(*, runs: int = 7) -> Iterator[str]:
    scores_dataset.build()
    readers = {"analyst": User(username="bench-analyst", role="editor"), "public": None}
    plain_page = median_ms(_plain_page, runs=runs)
    floor = median_ms(_floor, runs=runs)
    for label, user in readers.items():
        yield figure(
            f"commitment_list_first_page[{label}]",
            median_ms(lambda user=user: _first_page(user), runs=runs),
            baseline="plain SELECT … LIMIT 50",
            baseline_ms=plain_page,
            target_ms=TARGET_MS,
        )
        yield figure(
            f"dashboard_summary[{label}]",
            median_ms(lambda user=user: dashboard_summary(user=user, as_of=AS_OF), runs=runs),
            baseline="floor plain GROUP BY",
            baseline_ms=floor,
            target_ms=TARGET_MS,
        )

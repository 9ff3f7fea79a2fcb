"""Implementation scores, computed by the database.

(Interface agreed for the pages and the API; the implementation is being written.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

GroupBy = Literal["pillar", "document", "actor", "all"]


@dataclass(frozen=True)
class ScoreRow:
    group_key: str  # pillar / document / actor key; "all" for the whole set
    group_label: str
    percent: float | None  # weighted percentage of full implementation; None: nothing scored
    points: Decimal  # sum of weight × score
    maximum: Decimal  # sum of weight × 3
    commitments: int  # action commitments counted


@dataclass(frozen=True)
class SeriesPoint:
    month: dt.date  # first day of the month; the value is as of the month's last day
    group_key: str
    group_label: str
    percent: float | None


def scores(
    *, user: Any, group_by: GroupBy, as_of: dt.date, document_keys: list[str] | None = None
) -> list[ScoreRow]:
    raise NotImplementedError


def monthly_series(
    *,
    user: Any,
    group_by: GroupBy,
    start: dt.date,
    end: dt.date,
    document_keys: list[str] | None = None,
) -> list[SeriesPoint]:
    raise NotImplementedError

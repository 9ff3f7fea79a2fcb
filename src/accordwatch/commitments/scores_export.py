"""The scores page's figures as CSV: a snapshot as of a date, or a monthly series, by pillar,
document, responsible actor or for the whole set.

The figures come from ``scores``, which computes them over what the reader may see, so a
reader's CSV holds exactly what the same reader's scores page shows: a hidden assessment
moves no percentage, a hidden document or actor names no row. The text goes through
``exports.csv_text`` like every other download (a BOM, formula-safe cells, blocks of rows).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django import forms

from accordwatch.commitments import scores
from accordwatch.commitments.exports import csv_text

SNAPSHOT_HEADER = (
    "group_by",
    "group_key",
    "group_label",
    "as_of",
    "percent",
    "points",
    "maximum",
    "commitments",
)
# ``as_of``: the date the month's figure holds on (the month's last day, or the series' end).
SERIES_HEADER = ("group_by", "group_key", "group_label", "month", "as_of", "percent")

MAX_SERIES_MONTHS = 600  # as the API: a longer series is refused rather than computed
SERIES = "monthly"


class _KeysField(forms.Field):
    """A repeated query parameter (``?document=a&document=b``) as a list of keys."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        return [text for item in value or [] if (text := str(item).strip())]


class ScoresExportQuery(forms.Form):
    """The download's query string. Without ``group_by`` every grouping comes, one after
    the other, as the scores page shows them; ``series=monthly`` asks for the series from
    ``start`` (default: where the page's chart starts) to ``end`` (default ``as_of``, then
    today)."""

    group_by = forms.ChoiceField(
        required=False, choices=[("", "every grouping"), *((g, g) for g in scores.GROUP_BYS)]
    )
    as_of = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    series = forms.ChoiceField(required=False, choices=[("", "snapshot"), (SERIES, SERIES)])
    start = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    end = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    document = _KeysField(required=False)

    def __init__(
        self,
        *args: Any,
        today: dt.date,
        default_start: Callable[[dt.date, list[str] | None], dt.date],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.default_start = default_start

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        data["group_bys"] = [data["group_by"]] if data.get("group_by") else list(scores.GROUP_BYS)
        # No key given is every document, not none.
        data["document_keys"] = data.get("document") or None
        data["as_of"] = data.get("as_of") or self.today
        if data.get("series") != SERIES:
            return data
        end = data.get("end") or data["as_of"]
        start = data.get("start") or self.default_start(end, data["document_keys"])
        if end < start:
            raise forms.ValidationError({"end": "the series must end on or after its start"})
        if _months(start, end) > MAX_SERIES_MONTHS:
            raise forms.ValidationError(
                {"start": f"a series spans at most {MAX_SERIES_MONTHS} months"}
            )
        data["start"], data["end"] = start, end
        return data

    def problems(self) -> str:
        """Every error as ``parameter: message`` lines, for a plain-text 400 answer."""
        lines = []
        for name, errors in self.errors.items():
            for message in errors:
                lines.append(f"{name}: {message}" if name != "__all__" else str(message))
        return "\n".join(lines) + "\n"


def _months(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def snapshot_rows(
    *, user: Any, group_bys: Sequence[str], as_of: dt.date, document_keys: list[str] | None
) -> Iterator[list[Any]]:
    for group_by in group_bys:
        for row in scores.scores(
            user=user,
            group_by=group_by,  # type: ignore[arg-type]
            as_of=as_of,
            document_keys=document_keys,
        ):
            yield [
                group_by,
                row.group_key,
                row.group_label,
                as_of,
                _percent(row.percent),
                row.points,
                row.maximum,
                row.commitments,
            ]


def series_rows(
    *,
    user: Any,
    group_bys: Sequence[str],
    start: dt.date,
    end: dt.date,
    document_keys: list[str] | None,
) -> Iterator[list[Any]]:
    for group_by in group_bys:
        for point in scores.monthly_series(
            user=user,
            group_by=group_by,  # type: ignore[arg-type]
            start=start,
            end=end,
            document_keys=document_keys,
        ):
            yield [
                group_by,
                point.group_key,
                point.group_label,
                point.month.strftime("%Y-%m"),
                min(_month_end(point.month), end),
                _percent(point.percent),
            ]


def scores_csv(*, user: Any, query: dict[str, Any]) -> Iterator[str]:
    """The CSV text, in blocks, for the cleaned data of a valid ``ScoresExportQuery``."""
    common = {
        "user": user,
        "group_bys": query["group_bys"],
        "document_keys": query["document_keys"],
    }
    if query.get("series") == SERIES:
        rows = series_rows(start=query["start"], end=query["end"], **common)
        return csv_text(SERIES_HEADER, rows)
    return csv_text(SNAPSHOT_HEADER, snapshot_rows(as_of=query["as_of"], **common))


def file_name(query: dict[str, Any]) -> str:
    """``scores-pillar-2017-12-31`` or ``scores-series-2015-06-to-2017-12`` (no extension)."""
    grouping = query["group_by"] or "all-groupings"
    if query.get("series") == SERIES:
        return f"scores-{grouping}-{query['start']:%Y-%m}-to-{query['end']:%Y-%m}"
    return f"scores-{grouping}-{query['as_of'].isoformat()}"

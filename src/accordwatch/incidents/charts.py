"""Vega-Lite specs for the incident timelines, as plain dicts (see commitments/charts.py).

Each timeline is built from the selectors' month × event type aggregates, so the database
does the counting; the page embeds the spec with ``json_script`` and shows the same
figures as a table for readers who cannot see the chart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from accordwatch.commitments.charts import BARS_CONFIG, chart, month_format
from accordwatch.incidents.selectors import AggregateRow


def timeline_values(
    rows: Iterable[AggregateRow], type_names: Mapping[str, str]
) -> list[dict[str, Any]]:
    """One value per month and event type: the count and the fatalities."""
    return [
        {
            "month": f"{row.keys['month']}-01",
            "type": type_names.get(row.keys["event_type"], row.keys["event_type"] or "—"),
            "count": row.count,
            "fatalities": row.fatalities,
        }
        for row in rows
        if row.keys.get("month")
    ]


def timeline_chart(values: list[dict[str, Any]], *, measure: str, title: str) -> dict[str, Any]:
    """Stacked monthly bars of ``measure`` ("count" or "fatalities"), one colour per type."""
    months = len({value["month"] for value in values})
    return chart(
        title=title,
        values=values,
        height=220,
        config=BARS_CONFIG,
        palette_meta=True,
        mark={"type": "bar"},
        encoding={
            "x": {
                "field": "month",
                "type": "temporal",
                "timeUnit": "yearmonth",
                "title": None,
                "axis": {"format": month_format(months), "labelOverlap": "greedy"},
            },
            "y": {"field": measure, "type": "quantitative", "aggregate": "sum", "title": title},
            "color": {"field": "type", "type": "nominal", "title": None},
            "tooltip": [
                {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": None},
                {"field": "type", "type": "nominal", "title": None},
                {"field": measure, "type": "quantitative", "title": title},
            ],
        },
    )


def timeline_table(values: list[dict[str, Any]]) -> tuple[list[str], list[tuple[str, list]]]:
    """The figures by month (rows) and type (columns): (types, [(month, [(count, dead)])])."""
    types = sorted({value["type"] for value in values})
    cells: dict[str, dict[str, tuple[int, int]]] = {}
    for value in values:
        cells.setdefault(value["month"], {})[value["type"]] = (value["count"], value["fatalities"])
    rows = [(month, [cells[month].get(name, (0, 0)) for name in types]) for month in sorted(cells)]
    return types, rows

"""Vega-Lite specs for the score charts, as plain dicts.

The pages embed each spec with ``json_script`` and render it with the Vega bundle that we
serve ourselves (``accordwatch.core.views.vega_bundle``); the same specs can be rendered to
SVG by vl-convert for printed reports. Each chart comes with the rows it draws, so the page
shows them as a table for readers who cannot see the chart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accordwatch.commitments.scores import ScoreRow, SeriesPoint

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier; never fetched

# Eight colours that stay apart for the common colour-vision deficiencies (Okabe–Ito).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

_CONFIG: dict[str, Any] = {
    "font": "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, Arial, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 11, "gridColor": "#e3e5e7"},
    "legend": {
        "labelFontSize": 11,
        "titleFontSize": 11,
        "orient": "bottom",
        "columns": 2,
        "labelLimit": 320,
        "symbolType": "stroke",
    },
    "range": {"category": PALETTE},
}

# Bars and areas read better with square swatches in their legend than with strokes.
BARS_CONFIG: dict[str, Any] = {**_CONFIG, "legend": {**_CONFIG["legend"], "symbolType": "square"}}


def chart(
    *,
    title: str,
    values: list[dict[str, Any]],
    height: int | dict[str, int],
    config: dict[str, Any] = _CONFIG,
    palette_meta: bool = False,
    **body: Any,
) -> dict[str, Any]:
    """The frame every chart of the project shares: full width of its container, the
    rows inline (the page needs no second request), the house config. ``body`` holds
    the chart's own ``mark`` and ``encoding`` (or ``layer``). ``palette_meta`` repeats
    the palette in ``usermeta`` for pages that colour their own keys to match."""
    spec = {
        "$schema": SCHEMA,
        "description": title,
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
        **body,
        "config": config,
    }
    if palette_meta:
        spec["usermeta"] = {"palette": PALETTE}
    return spec


def month_format(months: int) -> str:
    """Past three years, month labels crowd each other: label years instead."""
    return "%Y" if months > 36 else "%b %Y"


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def series_chart(
    points: Iterable[SeriesPoint], *, title: str, legend_columns: int = 2
) -> dict[str, Any]:
    """A line per group: the weighted percentage month by month. Colours follow the groups'
    order through ``PALETTE``, so a page can colour its own bars to match."""
    points = list(points)
    values = [
        {"month": p.month.isoformat(), "group": p.group_label, "percent": _percent(p.percent)}
        for p in points
    ]
    long_span = len({p.month for p in points}) > 36
    return chart(
        title=title,
        values=values,
        height=260,
        # A score holds until the next assessment changes it, hence steps, not slopes.
        mark={"type": "line", "interpolate": "step-after", "strokeWidth": 2},
        encoding={
            "x": {
                "field": "month",
                "type": "temporal",
                "timeUnit": "yearmonth",
                "title": None,
                "axis": {
                    "format": "%Y" if long_span else "%b %Y",
                    "labelAngle": 0,
                    "tickCount": {
                        "interval": "year" if long_span else "month",
                        "step": 1 if long_span else 6,
                    },
                    "labelOverlap": "greedy",
                },
            },
            "y": {
                "field": "percent",
                "type": "quantitative",
                "title": _("Per cent of full implementation"),
                "scale": {"domain": [0, 100]},
            },
            # The groups keep the order they come in (pillar order), not the alphabet's.
            "color": {
                "field": "group",
                "type": "nominal",
                "title": None,
                "sort": None,
                "legend": {"columns": legend_columns},
            },
            "tooltip": [
                {"field": "group", "type": "nominal", "title": _("Group")},
                {
                    "field": "month",
                    "type": "temporal",
                    "timeUnit": "yearmonth",
                    "title": _("Month"),
                },
                {"field": "percent", "type": "quantitative", "title": "%"},
            ],
        },
    )


def colour_of(index: int) -> str:
    """The colour the series chart gives its ``index``-th group."""
    return PALETTE[index % len(PALETTE)]


def bar_chart(rows: Sequence[ScoreRow], *, title: str) -> dict[str, Any]:
    """One horizontal bar per group, longest first is left to the order the rows come in."""
    values = [
        {"group": r.group_label, "percent": _percent(r.percent), "commitments": r.commitments}
        for r in rows
    ]
    return chart(
        title=title,
        values=values,
        height={"step": 22},
        layer=[
            {
                "mark": {"type": "bar", "color": "#0d3349"},
                "encoding": {
                    "y": {
                        "field": "group",
                        "type": "nominal",
                        "sort": None,
                        "title": None,
                        "axis": {"labelLimit": 260},
                    },
                    "x": {
                        "field": "percent",
                        "type": "quantitative",
                        "title": _("Per cent of full implementation"),
                        "scale": {"domain": [0, 100]},
                    },
                    "tooltip": [
                        {"field": "group", "type": "nominal", "title": _("Group")},
                        {"field": "percent", "type": "quantitative", "title": "%"},
                        {"field": "commitments", "type": "quantitative", "title": _("Commitments")},
                    ],
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11},
                "encoding": {
                    "y": {"field": "group", "type": "nominal", "sort": None},
                    "x": {"field": "percent", "type": "quantitative"},
                    "text": {"field": "percent", "type": "quantitative", "format": ".0f"},
                },
            },
        ],
    )


def series_table(
    points: Iterable[SeriesPoint],
) -> tuple[list[str], list[tuple[Any, SafeString]]]:
    """The monthly series pivoted for an HTML table: one row per month, one column per group.

    Each row's cells come as ready HTML (``<td>`` per group, numbers we format ourselves,
    no reader text): a ten-year series is over a thousand cells, which the template
    language would take several milliseconds to loop over.
    """
    groups: list[str] = []
    by_month: dict[Any, dict[str, float | None]] = {}
    for p in points:
        if p.group_label not in groups:
            groups.append(p.group_label)
        by_month.setdefault(p.month, {})[p.group_label] = _percent(p.percent)
    rows = [
        (month, mark_safe("".join(_cell(cells.get(g)) for g in groups)))  # noqa: S308
        for month, cells in sorted(by_month.items())
    ]
    return groups, rows


def _cell(value: float | None) -> str:
    # As the templates' ``percent`` filter: whole per cents, an en dash for nothing scored.
    # Only numbers we format go in, so there is nothing to escape.
    text = "–" if value is None else f"{value:.0f}%"
    return f'<td class="num">{text}</td>'

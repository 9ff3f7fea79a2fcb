"""Vega-Lite specs for the displacement charts, as plain dicts (see commitments/charts.py).

The page embeds each spec with ``json_script`` and draws it with the Vega bundle we serve
ourselves; the same figures are in a table beside it, each with its date and source.
"""

from __future__ import annotations

from typing import Any

from accordwatch.commitments.charts import BARS_CONFIG, chart
from accordwatch.situation.selectors import HostCountryTable, Series


def series_chart(lines: list[Series], *, title: str, value_title: str) -> dict[str, Any]:
    """One line per place through the dated figures (points marked: figures are sparse,
    and the line between two of them is not a measurement)."""
    values = [
        {
            "date": point.date.isoformat(),
            "place": line.place.name,
            "value": point.value,
            "source": point.observation.source.title,
        }
        for line in lines
        for point in line.points
    ]
    return chart(
        title=title,
        values=values,
        height=240,
        palette_meta=True,
        mark={"type": "line", "point": {"size": 60}, "strokeWidth": 2},
        encoding={
            "x": {
                "field": "date",
                "type": "temporal",
                "title": None,
                "axis": {"format": "%b %Y", "labelOverlap": "greedy"},
            },
            "y": {"field": "value", "type": "quantitative", "title": value_title},
            "color": {"field": "place", "type": "nominal", "title": None},
            "tooltip": _tooltip("place", value_title),
        },
    )


def host_country_chart(table: HostCountryTable, *, title: str, value_title: str) -> dict:
    """Bars per date, stacked by host country: the total and its parts at once."""
    values = [
        {
            "date": row.date.isoformat(),
            "country": country.name,
            "value": row.values[country.pk].value,
            "source": row.source.title,
        }
        for row in table.rows
        for country in table.countries
        if country.pk in row.values
    ]
    return chart(
        title=title,
        values=values,
        height=240,
        config=BARS_CONFIG,
        palette_meta=True,
        mark={"type": "bar"},
        encoding={
            "x": {
                "field": "date",
                "type": "ordinal",
                "title": None,
                "timeUnit": "yearmonthdate",
                "axis": {"format": "%d %b %Y", "labelAngle": 0},
            },
            "y": {"field": "value", "type": "quantitative", "title": value_title, "stack": True},
            "color": {"field": "country", "type": "nominal", "title": None},
            "tooltip": _tooltip("country", value_title),
        },
    )


def _tooltip(category: str, value_title: str) -> list[dict[str, Any]]:
    """The date, the place or country, the figure and its source."""
    return [
        {"field": "date", "type": "temporal", "title": None, "format": "%d %b %Y"},
        {"field": category, "type": "nominal", "title": None},
        {"field": "value", "type": "quantitative", "title": value_title, "format": ","},
        {"field": "source", "type": "nominal", "title": None},
    ]

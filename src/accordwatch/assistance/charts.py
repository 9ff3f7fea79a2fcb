"""Vega-Lite specs for the assistance pages, as plain dicts (see commitments/charts.py).

Every figure comes from the selectors, which have already left out what the reader may
not see, so a chart can show no more than the table beside it. Amounts go in as US
dollars (floats: JSON has no decimals, and the table keeps the exact cents). Pledges are
drawn apart from money committed and paid, never added to them: a payment towards a
pledge is the same money at a later stage.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accordwatch.assistance.models import FlowStatus
from accordwatch.assistance.selectors import (
    Coverage,
    DonorFulfilment,
    FundMonth,
    Group,
    Total,
)
from accordwatch.commitments.charts import BARS_CONFIG, PALETTE, chart

logger = logging.getLogger(__name__)

STATUSES = (FlowStatus.PLEDGE, FlowStatus.COMMITMENT, FlowStatus.PAID)
# One colour per stage, the same on every chart (Okabe–Ito, from the house palette).
STATUS_COLOURS = {"pledge": PALETTE[1], "commitment": PALETTE[4], "paid": PALETTE[0]}
REQUIREMENTS_COLOUR = "#6b7780"
OUTSTANDING_COLOUR = PALETTE[5]

# A chart with more bars than this stops being readable; the table beside it lists all.
MOST_BARS = 15

# Axis labels in short form: 3.6B, 600M, 20k (d3's "G" for billions reads oddly here).
_SHORT_USD = "replace(format(datum.value, '~s'), 'G', 'B')"


def _shown(rows: Sequence[Any]) -> dict[str, int]:
    """How many rows the chart draws of how many (Vega ignores ``usermeta``; the page
    says when the table holds more)."""
    return {"shown": min(len(rows), MOST_BARS), "total": len(rows)}


def _usd(value: Decimal) -> float:
    return float(value)


def _usd_axis(title: str | None = "USD") -> dict[str, Any]:
    # Five ticks or so: amounts run to billions, and a label per 200M crowds the axis.
    return {"title": title, "labelExpr": _SHORT_USD, "labelOverlap": "greedy", "tickCount": 5}


def _status_colour(labels: Sequence[str], keys: Sequence[str]) -> dict[str, Any]:
    """A colour scale keyed on the translated labels, in stage order, fixed per stage."""
    return {
        "domain": list(labels),
        "range": [STATUS_COLOURS.get(key, REQUIREMENTS_COLOUR) for key in keys],
    }


def status_labels() -> dict[str, str]:
    return {str(status): str(status.label) for status in STATUSES}


# --- the dashboard ----------------------------------------------------------------------


def status_chart(by_status: dict[str, Total], *, title: str) -> dict[str, Any]:
    """One bar per stage: pledged, committed, paid."""
    labels = status_labels()
    values = [
        {
            "status": labels[key],
            "key": key,
            "usd": _usd(by_status[key].usd),
            "flows": by_status[key].count,
        }
        for key in labels
        if key in by_status
    ]
    return chart(
        title=title,
        values=values,
        height={"step": 28},
        config=BARS_CONFIG,
        mark={"type": "bar"},
        encoding={
            "y": {"field": "status", "type": "nominal", "sort": None, "title": None},
            "x": {"field": "usd", "type": "quantitative", "axis": _usd_axis()},
            "color": {
                "field": "status",
                "type": "nominal",
                "legend": None,
                "scale": _status_colour(list(labels.values()), list(labels)),
            },
            "tooltip": [
                {"field": "status", "type": "nominal", "title": _("Status")},
                {"field": "usd", "type": "quantitative", "title": "USD", "format": ",.0f"},
                {"field": "flows", "type": "quantitative", "title": _("Flows")},
            ],
        },
    )


def group_values(groups: Iterable[Group], *, blank: str = "–") -> list[dict[str, Any]]:
    """One row per group and stage that has flows: the group's label, the stage and USD."""
    labels = status_labels()
    return [
        {
            "group": group.label or blank,
            "status": labels[key],
            "key": key,
            "usd": _usd(group.by_status[key].usd),
            "flows": group.by_status[key].count,
        }
        for group in groups
        for key in labels
        if key in group.by_status
    ]


def grouped_chart(groups: Sequence[Group], *, title: str, group_title: str) -> dict[str, Any]:
    """A group (donor, purpose, sector) per row, its three stages side by side: the
    largest ``MOST_BARS`` groups, in the order the selector ranked them."""
    labels = status_labels()
    return chart(
        title=title,
        values=group_values(groups[:MOST_BARS]),
        usermeta=_shown(groups),
        height={"step": 9},
        config=BARS_CONFIG,
        mark={"type": "bar"},
        encoding={
            "y": {
                "field": "group",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {"labelLimit": 220},
            },
            "yOffset": {"field": "status", "type": "nominal", "sort": list(labels.values())},
            "x": {"field": "usd", "type": "quantitative", "axis": _usd_axis()},
            "color": {
                "field": "status",
                "type": "nominal",
                "title": None,
                "scale": _status_colour(list(labels.values()), list(labels)),
            },
            "tooltip": [
                {"field": "group", "type": "nominal", "title": group_title},
                {"field": "status", "type": "nominal", "title": _("Status")},
                {"field": "usd", "type": "quantitative", "title": "USD", "format": ",.0f"},
                {"field": "flows", "type": "quantitative", "title": _("Flows")},
            ],
        },
    )


def waiting_label(days: int | None) -> str:
    if days is None:
        return _("paid in full")
    return ngettext("oldest waiting %(days)s day", "oldest waiting %(days)s days", days) % {
        "days": f"{days:,}"
    }


def fulfilment_values(donors: Iterable[DonorFulfilment]) -> list[dict[str, Any]]:
    """Two rows per donor (paid towards its pledges, outstanding), both carrying the
    pledged total and the age of the oldest pledge still waiting."""
    paid_label, outstanding_label = _("Paid towards pledges"), _("Outstanding")
    values = []
    for donor in donors:
        shared = {
            "donor": donor.name,
            "pledged": _usd(donor.pledged_usd),
            "waiting_days": donor.oldest_unfulfilled_days,
            "waiting": waiting_label(donor.oldest_unfulfilled_days),
        }
        values.append({**shared, "part": paid_label, "key": "paid", "usd": _usd(donor.paid_usd)})
        values.append(
            {
                **shared,
                "part": outstanding_label,
                "key": "outstanding",
                "usd": _usd(donor.outstanding_usd),
            }
        )
    return values


def fulfilment_chart(donors: Sequence[DonorFulfilment], *, title: str) -> dict[str, Any]:
    """Each donor's pledges as one bar, the part paid and the part outstanding; the age
    of its oldest pledge still waiting is written at the bar's end, so old promises
    stand out. Largest outstanding first (the selector's order)."""
    parts = [_("Paid towards pledges"), _("Outstanding")]
    shown = donors[:MOST_BARS]
    # Room right of the longest bar for the age written after it.
    widest = max((_usd(donor.pledged_usd) for donor in shown), default=0.0)
    y = {
        "field": "donor",
        "type": "nominal",
        "sort": None,
        "title": None,
        "axis": {"labelLimit": 220},
    }
    return chart(
        title=title,
        values=fulfilment_values(shown),
        usermeta=_shown(donors),
        height={"step": 26},
        config=BARS_CONFIG,
        layer=[
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "usd",
                        "type": "quantitative",
                        "stack": True,
                        "axis": _usd_axis(),
                        "scale": {"domain": [0, widest * 1.35 or 1]},
                    },
                    "color": {
                        "field": "part",
                        "type": "nominal",
                        "title": None,
                        "scale": {
                            "domain": parts,
                            "range": [STATUS_COLOURS["paid"], OUTSTANDING_COLOUR],
                        },
                    },
                    # Paid first, from the axis outwards.
                    "order": {"field": "key", "sort": "descending"},
                    "tooltip": [
                        {"field": "donor", "type": "nominal", "title": _("Donor")},
                        {"field": "part", "type": "nominal", "title": None},
                        {"field": "usd", "type": "quantitative", "title": "USD", "format": ",.0f"},
                        {
                            "field": "pledged",
                            "type": "quantitative",
                            "title": _("Pledged"),
                            "format": ",.0f",
                        },
                        {"field": "waiting", "type": "nominal", "title": None},
                    ],
                },
            },
            {
                "transform": [{"filter": "datum.key == 'paid'"}],
                "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11},
                "encoding": {
                    "y": y,
                    "x": {"field": "pledged", "type": "quantitative"},
                    "text": {"field": "waiting", "type": "nominal"},
                },
            },
        ],
    )


# --- a fund and a conference ------------------------------------------------------------


def fund_values(months: Iterable[FundMonth]) -> list[dict[str, Any]]:
    """Per month: money paid in (up), paid out (down, as a negative bar) and the balance."""
    into, out, balance = _("Contributions"), _("Disbursements"), _("Balance")
    values = []
    for month in months:
        when = month.month.isoformat()
        values.append(
            {"month": when, "part": into, "key": "in", "usd": _usd(month.contributed_usd)}
        )
        values.append({"month": when, "part": out, "key": "out", "usd": -_usd(month.disbursed_usd)})
        values.append(
            {"month": when, "part": balance, "key": "balance", "usd": _usd(month.balance_usd)}
        )
    return values


def fund_chart(months: Sequence[FundMonth], *, title: str) -> dict[str, Any]:
    """Contributions and disbursements month by month, with the balance as a line."""
    parts = [_("Contributions"), _("Disbursements"), _("Balance")]
    x = {
        "field": "month",
        "type": "ordinal",
        "timeUnit": "yearmonth",
        "title": None,
        "axis": {"format": "%b %Y", "labelAngle": 0, "labelOverlap": "greedy"},
    }
    colour = {
        "field": "part",
        "type": "nominal",
        "title": None,
        "scale": {"domain": parts, "range": [PALETTE[0], OUTSTANDING_COLOUR, "#000000"]},
    }
    tooltip = [
        {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": None},
        {"field": "part", "type": "nominal", "title": None},
        {"field": "usd", "type": "quantitative", "title": "USD", "format": ",.0f"},
    ]
    return chart(
        title=title,
        values=fund_values(months),
        height=240,
        config=BARS_CONFIG,
        layer=[
            {
                "transform": [{"filter": "datum.key != 'balance'"}],
                "mark": {"type": "bar", "width": {"band": 0.6}},
                "encoding": {
                    "x": x,
                    "y": {"field": "usd", "type": "quantitative", "axis": _usd_axis()},
                    "color": colour,
                    "tooltip": tooltip,
                },
            },
            {
                "transform": [{"filter": "datum.key == 'balance'"}],
                "mark": {"type": "line", "point": True, "strokeWidth": 2},
                "encoding": {
                    "x": x,
                    "y": {"field": "usd", "type": "quantitative"},
                    "color": colour,
                    "tooltip": tooltip,
                },
            },
        ],
    )


def coverage_values(coverage: Coverage) -> list[dict[str, Any]]:
    """The requirements (when known) and the money pledged, committed and paid."""
    values = []
    if coverage.requirements_usd:
        values.append(
            {
                "measure": _("Requirements"),
                "key": "requirements",
                "usd": _usd(coverage.requirements_usd),
            }
        )
    for key, label in status_labels().items():
        if key in coverage.by_status:
            values.append({"measure": label, "key": key, "usd": _usd(coverage.by_status[key].usd)})
    return values


def coverage_chart(coverage: Coverage, *, title: str) -> dict[str, Any]:
    """Requirements beside what was pledged, committed and paid towards them."""
    labels = status_labels()
    domain = [_("Requirements"), *labels.values()]
    return chart(
        title=title,
        values=coverage_values(coverage),
        height={"step": 28},
        config=BARS_CONFIG,
        mark={"type": "bar"},
        encoding={
            "y": {"field": "measure", "type": "nominal", "sort": None, "title": None},
            "x": {"field": "usd", "type": "quantitative", "axis": _usd_axis()},
            "color": {
                "field": "measure",
                "type": "nominal",
                "legend": None,
                "scale": _status_colour(domain, ["requirements", *labels]),
            },
            "tooltip": [
                {"field": "measure", "type": "nominal", "title": None},
                {"field": "usd", "type": "quantitative", "title": "USD", "format": ",.0f"},
            ],
        },
    )


# --- print ------------------------------------------------------------------------------

PRINT_WIDTH = 640  # CSS pixels: the print sheet's text width on A4


def as_image(spec: dict[str, Any]) -> str | None:
    """The chart drawn as SVG by vl-convert, as a ``data:`` URI for an ``<img>``: the print
    sheet (and a PDF made from it) runs no JavaScript. An image, not inline SVG, so no
    text of the chart ever goes into the page as markup. None if it cannot be drawn: the
    table under it still gives the figures."""
    try:
        import vl_convert

        svg = vl_convert.vegalite_to_svg({**spec, "width": PRINT_WIDTH})
    except Exception:  # a print sheet without a chart beats no print sheet
        logger.exception("could not draw the chart %r for print", spec.get("description"))
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")

"""Flow filters from text (a query string, the command line), checked once for the API,
the downloads and ``accordwatch export``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import fields

from accordwatch.assistance.models import FlowDataset, FlowStatus
from accordwatch.assistance.selectors import FlowFilters

# Query name → FlowFilters field: "from" and "to" read better in a URL than date_from.
NAMES = {"from": "date_from", "to": "date_to"} | {
    f.name: f.name for f in fields(FlowFilters) if f.name not in ("date_from", "date_to")
}


class BadFilter(ValueError):
    def __init__(self, name: str, message: str):
        self.name = name
        super().__init__(f"{name}: {message}")


def flow_filters(params: Mapping[str, str]) -> FlowFilters:
    """``FlowFilters`` from text values; BadFilter names the first bad one."""
    values: dict[str, object] = {}
    for name, text in params.items():
        if name not in NAMES:
            raise BadFilter(name, f"unknown filter; use {', '.join(NAMES)}")
        text = (text or "").strip()
        if not text:
            continue
        field = NAMES[name]
        if field in ("date_from", "date_to"):
            try:
                values[field] = dt.date.fromisoformat(text)
            except ValueError:
                raise BadFilter(name, "not a date (YYYY-MM-DD)") from None
        elif field == "status" and text not in FlowStatus.values:
            raise BadFilter(name, f"one of {', '.join(FlowStatus.values)}")
        elif field == "dataset" and text not in FlowDataset.values:
            raise BadFilter(name, f"one of {', '.join(FlowDataset.values)}")
        else:
            values[field] = text
    return FlowFilters(**values)  # type: ignore[arg-type]

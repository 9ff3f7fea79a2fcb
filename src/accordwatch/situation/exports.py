"""Downloads of the figures: a plain CSV and an HXL-tagged CSV (hxlstandard.org), both
streamed from ``selectors.visible_observations``, so a reader gets exactly the figures the
pages show them, each with its date and source.

The HXL file has one row per figure and one value column per indicator, tagged with the
indicator's own hashtag (``#affected+idps``, ``#affected+refugees`` …): a row fills the
column of its indicator only, so every value sits under the tag that says what it counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from accordwatch.core.models import PlaceKind
from accordwatch.incidents.exports import cell, csv_blocks
from accordwatch.situation import selectors
from accordwatch.situation.models import Observation

CSV_COLUMNS = (
    "indicator",
    "indicator_name",
    "unit",
    "date",
    "date_precision",
    "country",
    "admin1",
    "place_key",
    "value",
    "source_key",
    "source",
    "source_url",
    "note",
)

DEFAULT_VALUE_TAG = "#indicator+value+num"


def _country_and_admin1(obs: Observation) -> tuple[str, str]:
    """The country and the region (admin 1) a figure's place lies in, walking up the
    gazetteer: a country is its own country, a region names its country, a town its
    region and the region's country."""
    country = admin1 = ""
    place: Any = obs.place
    while place is not None:
        if place.kind == PlaceKind.COUNTRY and not country:
            country = place.name
        elif place.kind == PlaceKind.ADMIN1 and not admin1:
            admin1 = place.name
        place = place.parent
    return country, admin1


def _observations(user: Any, **filters: Any) -> Any:
    return selectors.visible_observations(user=user, **filters).iterator(chunk_size=2000)


def observations_csv(*, user: Any, **filters: Any) -> Iterator[str]:
    def rows() -> Iterator[list[str]]:
        for obs in _observations(user, **filters):
            country, admin1 = _country_and_admin1(obs)
            yield [
                cell(obs.indicator.key),
                cell(obs.indicator.name),
                cell(obs.indicator.unit),
                obs.date.isoformat(),
                obs.date_precision,
                cell(country),
                cell(admin1),
                cell(obs.place.key),
                str(obs.value),
                cell(obs.source.key),
                cell(obs.source.title),
                cell(obs.source.url),
                cell(obs.note),
            ]

    return csv_blocks([CSV_COLUMNS], rows())


def observations_hxl(*, user: Any, **filters: Any) -> Iterator[str]:
    indicators = list(selectors.visible_indicators(user=user))
    value_columns = [
        (ind.key, ind.hxl_tag or f"{DEFAULT_VALUE_TAG}+{ind.key}") for ind in indicators
    ]
    where = {key: i for i, (key, _) in enumerate(value_columns)}
    header = [
        [
            "date",
            "country",
            "admin1",
            "indicator",
            *[key for key, _ in value_columns],
            "source",
            "source_url",
        ],
        [
            "#date",
            "#country+name",
            "#adm1+name",
            "#indicator+code",
            *[tag for _, tag in value_columns],
            "#meta+source",
            "#meta+url",
        ],
    ]

    def rows() -> Iterator[list[str]]:
        for obs in _observations(user, **filters):
            country, admin1 = _country_and_admin1(obs)
            values = [""] * len(value_columns)
            values[where[obs.indicator.key]] = str(obs.value)
            yield [
                obs.date.isoformat(),
                cell(country),
                cell(admin1),
                cell(obs.indicator.key),
                *values,
                cell(obs.source.title),
                cell(obs.source.url),
            ]

    return csv_blocks(header, rows())

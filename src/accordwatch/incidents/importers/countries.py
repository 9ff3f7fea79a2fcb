"""A small table of countries with a bounding box, to catch misplaced points.

The boxes are rounded outwards to about a hundredth of a degree and checked with a margin,
so a point on a border passes; a box is a rough test (Mali's box holds corners of its
neighbours), enough to catch a sign dropped or latitude and longitude written the wrong
way round. Covered: the Sahel (Mali, Niger, Burkina Faso, Mauritania, Chad) and the
countries around it. A country not in the table is not checked.

Each country carries its ISO 3166 numeric code (ACLED's ``iso``) and its Gleditsch-Ward
code (UCDP's ``country_id``), so either dataset can be checked.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

MARGIN = 0.1  # degrees (about 11 km) added around every box


@dataclass(frozen=True, slots=True)
class Country:
    name: str  # as ACLED writes it
    iso3: str
    iso: int  # ISO 3166-1 numeric
    gw: int  # Gleditsch-Ward number, UCDP's country_id
    south: float
    north: float
    west: float
    east: float
    aliases: tuple[str, ...] = ()

    def contains(self, latitude: float, longitude: float) -> bool:
        return (
            self.south - MARGIN <= latitude <= self.north + MARGIN
            and self.west - MARGIN <= longitude <= self.east + MARGIN
        )


COUNTRIES = (
    Country("Mali", "MLI", 466, 432, 10.14, 25.01, -12.25, 4.27),
    Country("Niger", "NER", 562, 436, 11.69, 23.53, 0.16, 16.00),
    Country("Burkina Faso", "BFA", 854, 439, 9.39, 15.09, -5.53, 2.41),
    Country("Mauritania", "MRT", 478, 435, 14.71, 27.30, -17.07, -4.82),
    Country("Algeria", "DZA", 12, 615, 18.96, 37.10, -8.68, 11.98),
    Country("Chad", "TCD", 148, 483, 7.44, 23.45, 13.47, 24.00),
    Country("Senegal", "SEN", 686, 433, 12.30, 16.70, -17.54, -11.35),
    Country("Guinea", "GIN", 324, 438, 7.19, 12.68, -15.08, -7.64),
    Country(
        "Ivory Coast",
        "CIV",
        384,
        437,
        4.34,
        10.74,
        -8.61,
        -2.49,
        aliases=("Côte d'Ivoire", "Cote d'Ivoire", "Côte d’Ivoire"),
    ),
    Country("Nigeria", "NGA", 566, 475, 4.27, 13.89, 2.67, 14.68),
    Country("Libya", "LBY", 434, 620, 19.50, 33.17, 9.39, 25.15),
    Country("Benin", "BEN", 204, 434, 6.14, 12.41, 0.77, 3.85),
    Country("Ghana", "GHA", 288, 452, 4.71, 11.17, -3.26, 1.20),
    Country("Togo", "TGO", 768, 461, 6.10, 11.14, -0.15, 1.81),
    Country("Gambia", "GMB", 270, 420, 13.06, 13.83, -16.83, -13.79, aliases=("The Gambia",)),
    Country("Guinea-Bissau", "GNB", 624, 404, 10.86, 12.69, -16.72, -13.63),
    Country("Cameroon", "CMR", 120, 471, 1.65, 13.08, 8.49, 16.20),
)


def _key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in folded if c.isalnum())


_BY_NAME = {_key(alias): c for c in COUNTRIES for alias in (c.name, c.iso3, *c.aliases)}
_BY_ISO = {c.iso: c for c in COUNTRIES}
_BY_GW = {c.gw: c for c in COUNTRIES}


def country_named(name: str) -> Country | None:
    return _BY_NAME.get(_key(name))


def country_of_iso(iso: int | None) -> Country | None:
    return _BY_ISO.get(iso) if iso is not None else None


def country_of_gw(gw: int | None) -> Country | None:
    return _BY_GW.get(gw) if gw is not None else None


INSIDE, OUTSIDE, SWAPPED = "inside", "outside", "swapped"


def place_point(country: Country, latitude: float, longitude: float) -> str:
    """INSIDE the country's box; SWAPPED when only the point with latitude and longitude
    exchanged is inside; OUTSIDE otherwise."""
    if country.contains(latitude, longitude):
        return INSIDE
    if country.contains(longitude, latitude):
        return SWAPPED
    return OUTSIDE

"""Is a point inside a country's regions? The admin-1 polygons the maps draw
(``static/geo/<iso3>-adm1.geojson``), tested in pure Python.

The entry form checks a point against these polygons, like the point picker in the browser
(static/js/incident_point_picker.js, same ray casting), so the warning on the page and the
flag stored with the record agree: Niamey is inside Mali's bounding box but outside its
regions. The importers keep their bounding box (importers/countries.py): a rough test, but
one that costs nothing per row.

The polygons are read once per process, on first use. A country without a boundary file
has no polygons (``None``): the caller falls back to the bounding box.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

GEO_DIR = Path(__file__).resolve().parent.parent / "static" / "geo"

BAND = 0.1  # degrees of latitude per band of a ring's edges (see BandedRing)

Edge = tuple[float, float, float, float]  # x1, y1, x2, y2: longitude, latitude


class BandedRing:
    """A ring's edges filed by bands of latitude: a horizontal ray at latitude y can only
    cross edges spanning y, so a point tests the few edges of its band instead of the
    ring's hundreds. The crossing rule is the browser's inRing, edge for edge, so both
    sides decide every point alike; the bands only skip edges that cannot cross."""

    __slots__ = ("bands", "south")

    def __init__(self, points: list[tuple[float, float]]) -> None:
        latitudes = [y for _, y in points]
        self.south = min(latitudes)
        self.bands: list[list[Edge]] = [
            [] for _ in range(int((max(latitudes) - self.south) / BAND) + 1)
        ]
        previous = points[-1]
        for point in points:
            (x1, y1), (x2, y2) = point, previous
            first = int((min(y1, y2) - self.south) / BAND)
            last = int((max(y1, y2) - self.south) / BAND)
            for band in self.bands[first : last + 1]:
                band.append((x1, y1, x2, y2))
            previous = point

    def contains(self, x: float, y: float) -> bool:
        band = int((y - self.south) / BAND)
        if not 0 <= band < len(self.bands):
            return False
        inside = False
        for xi, yi, xj, yj in self.bands[band]:
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                inside = not inside
        return inside


@dataclass(frozen=True, slots=True)
class Polygon:
    """An outer ring and its holes (Koulikoro's ring has Bamako cut out of it), with the
    outer ring's box so most polygons are ruled out by four comparisons."""

    outer: BandedRing
    holes: tuple[BandedRing, ...]
    west: float
    south: float
    east: float
    north: float

    def contains(self, longitude: float, latitude: float) -> bool:
        if not (self.west <= longitude <= self.east and self.south <= latitude <= self.north):
            return False
        if not self.outer.contains(longitude, latitude):
            return False
        return not any(hole.contains(longitude, latitude) for hole in self.holes)


@dataclass(frozen=True, slots=True)
class Region:
    name: str
    polygons: tuple[Polygon, ...]


def _points(coordinates: list[list[float]]) -> list[tuple[float, float]]:
    return list((float(point[0]), float(point[1])) for point in coordinates)


def _polygon(rings: list[list[list[float]]]) -> Polygon:
    outer = _points(rings[0])
    longitudes = [x for x, _ in outer]
    latitudes = [y for _, y in outer]
    return Polygon(
        outer=BandedRing(outer),
        holes=tuple(BandedRing(_points(hole)) for hole in rings[1:]),
        west=min(longitudes),
        south=min(latitudes),
        east=max(longitudes),
        north=max(latitudes),
    )


def read_regions(path: Path) -> tuple[Region, ...]:
    """The regions of a GeoJSON file of (Multi)Polygons, named by ``shapeName``."""
    shapes = json.loads(path.read_text(encoding="utf-8"))
    regions = []
    for feature in shapes["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            parts = [geometry["coordinates"]]
        elif geometry["type"] == "MultiPolygon":
            parts = geometry["coordinates"]
        else:
            continue
        name = str(feature.get("properties", {}).get("shapeName", ""))
        regions.append(Region(name=name, polygons=tuple(_polygon(rings) for rings in parts)))
    return tuple(regions)


def boundary_file(iso3: str) -> Path:
    return GEO_DIR / f"{iso3.lower()}-adm1.geojson"


@functools.cache
def country_regions(iso3: str) -> tuple[Region, ...] | None:
    """The admin-1 regions of the country ``iso3``, or None when we ship no boundaries."""
    path = boundary_file(iso3)
    return read_regions(path) if path.exists() else None


def region_at(regions: tuple[Region, ...], latitude: float, longitude: float) -> str | None:
    """The name of the region holding the point, or None outside all of them."""
    for region in regions:
        if any(polygon.contains(longitude, latitude) for polygon in region.polygons):
            return region.name
    return None

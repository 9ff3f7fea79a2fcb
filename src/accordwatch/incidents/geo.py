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

from accordwatch.incidents.importers.countries import INSIDE, OUTSIDE, SWAPPED

GEO_DIR = Path(__file__).resolve().parent.parent / "static" / "geo"

BAND = 0.1  # degrees of latitude per band of a ring's edges (see BandedRing)

Edge = tuple[float, float, float, float]  # x1, y1, x2, y2: longitude, latitude


class BandedRing:
    """A ring's edges filed by bands of latitude: a horizontal ray at latitude y can only
    cross edges spanning y, so a point tests the few edges of its band instead of the
    ring's hundreds. The crossing rule is the browser's inRing, edge for edge, so both
    sides decide every point alike; the bands only skip edges that cannot cross."""

    __slots__ = ("bands", "edges", "south")

    def __init__(self, points: list[tuple[float, float]]) -> None:
        latitudes = [y for _, y in points]
        self.south = min(latitudes)
        self.bands: list[list[Edge]] = [
            [] for _ in range(int((max(latitudes) - self.south) / BAND) + 1)
        ]
        self.edges: list[Edge] = []
        previous = points[-1]
        for point in points:
            (x1, y1), (x2, y2) = point, previous
            self.edges.append((x1, y1, x2, y2))
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


def region_at(regions: tuple[Region, ...], latitude: float, longitude: float) -> str | None:
    """The name of the region holding the point, or None outside all of them."""
    for region in regions:
        if any(polygon.contains(longitude, latitude) for polygon in region.polygons):
            return region.name
    return None


CELL = 0.25  # degrees: the side of a cell of RegionGrid
_MIXED = object()  # a cell some edge touches: its points are tested one by one


class RegionGrid:
    """``region_at`` made cheap enough for bulk imports: the regions' box is cut into cells;
    a cell no edge touches lies wholly in one region (or in none), decided once from its
    centre; only a point in a cell an edge crosses is tested against the polygons.

    Exact, not an approximation: cells are found with the same rounding for edges and
    points, and an edge marks every cell its box overlaps, so a cell left unmarked holds no
    boundary point and all of it answers as its centre does."""

    def __init__(self, regions: tuple[Region, ...]) -> None:
        self.regions = regions
        polygons = [polygon for region in regions for polygon in region.polygons]
        self.west = min(p.west for p in polygons)
        self.south = min(p.south for p in polygons)
        self.east = max(p.east for p in polygons)
        self.north = max(p.north for p in polygons)
        self.columns = self._column(self.east) + 1
        rows = self._row(self.north) + 1
        cells: list[object] = [None] * (self.columns * rows)
        for polygon in polygons:
            for ring in (polygon.outer, *polygon.holes):
                for x1, y1, x2, y2 in ring.edges:
                    for row in range(self._row(min(y1, y2)), self._row(max(y1, y2)) + 1):
                        first = row * self.columns
                        for column in range(
                            self._column(min(x1, x2)), self._column(max(x1, x2)) + 1
                        ):
                            cells[first + column] = _MIXED
        for index, cell in enumerate(cells):
            if cell is _MIXED:
                continue
            row, column = divmod(index, self.columns)
            latitude = self.south + (row + 0.5) * CELL
            longitude = self.west + (column + 0.5) * CELL
            cells[index] = region_at(regions, latitude, longitude)
        self.cells = cells

    def _column(self, longitude: float) -> int:
        return int((longitude - self.west) / CELL)

    def _row(self, latitude: float) -> int:
        return int((latitude - self.south) / CELL)

    def region_at(self, latitude: float, longitude: float) -> str | None:
        if not (self.west <= longitude <= self.east and self.south <= latitude <= self.north):
            return None
        cell = self.cells[self._row(latitude) * self.columns + self._column(longitude)]
        if cell is _MIXED:
            return region_at(self.regions, latitude, longitude)
        return cell  # type: ignore[return-value]


@functools.cache
def country_regions(iso3: str) -> RegionGrid | None:
    """The admin-1 regions of the country ``iso3``, read once, or None when we ship no
    boundaries for it."""
    path = boundary_file(iso3)
    return RegionGrid(read_regions(path)) if path.exists() else None


def place_point(regions: RegionGrid, latitude: float, longitude: float) -> str:
    """As ``countries.place_point``, with the regions' polygons instead of the box: INSIDE,
    SWAPPED when only the point with latitude and longitude exchanged is inside, or
    OUTSIDE. About 2-4 microseconds a point (benchmarks/bench_incidents_geo.py)."""
    if regions.region_at(latitude, longitude) is not None:
        return INSIDE
    if regions.region_at(longitude, latitude) is not None:
        return SWAPPED
    return OUTSIDE

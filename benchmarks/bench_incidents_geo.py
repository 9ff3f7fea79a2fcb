"""What the point-in-region test costs per point, beside the importers' bounding box.

The entry form checks a point against Mali's admin-1 polygons (incidents/geo.py); the
importers check every row against the country's box (importers/countries.py). This prints,
per point, in microseconds:

- the box test (the baseline: what the imports pay today);
- the polygons through ``RegionGrid`` (cells no edge touches answered from a table), the
  test the form uses;
- the polygons tested one by one (``region_at`` on the banded rings), without the grid;

on the points of the real ACLED extract (towns, many near rivers and borders) and on points
drawn uniformly in Mali's box, and the time to read the boundaries once. No Django needed.

    .venv/bin/python -m benchmarks incidents_geo
    .venv/bin/python -m benchmarks.bench_incidents_geo
"""

from __future__ import annotations

import csv
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from accordwatch.incidents import geo
from accordwatch.incidents.importers import countries

REAL_FILE = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "real"
    / "acled-mali-2017-01-01-2019-02-27.csv"
)
UNIFORM_POINTS = 50_000


def _per_point_us(
    test: Callable[[float, float], object], points: list[tuple[float, float]]
) -> float:
    started = time.perf_counter()
    for latitude, longitude in points:
        test(latitude, longitude)
    return (time.perf_counter() - started) / len(points) * 1e6


def _median_us(
    test: Callable[[float, float], object], points: list[tuple[float, float]], runs: int
) -> float:
    times = sorted(_per_point_us(test, points) for _ in range(runs))
    return times[len(times) // 2]


def run(*, runs: int = 5) -> Iterator[str]:
    started = time.perf_counter()
    grid = geo.RegionGrid(geo.read_regions(geo.boundary_file("MLI")))
    load_ms = (time.perf_counter() - started) * 1000
    yield f"reading Mali's boundaries and building the grid once: {load_ms:.0f} ms"
    mali = countries.country_named("Mali")
    assert mali is not None
    samples: list[tuple[str, list[tuple[float, float]]]] = []
    if REAL_FILE.exists():
        with REAL_FILE.open(encoding="utf-8", newline="") as handle:
            real = [(float(r["latitude"]), float(r["longitude"])) for r in csv.DictReader(handle)]
        samples.append((f"real ACLED points ({len(real):,}, x20)", real * 20))
    rng = random.Random(2017)
    uniform = [
        (rng.uniform(mali.south, mali.north), rng.uniform(mali.west, mali.east))
        for _ in range(UNIFORM_POINTS)
    ]
    samples.append((f"uniform in Mali's box ({UNIFORM_POINTS:,})", uniform))
    for label, points in samples:
        box = _median_us(mali.contains, points, runs)
        gridded = _median_us(grid.region_at, points, runs)
        plain = _median_us(lambda lat, lon: geo.region_at(grid.regions, lat, lon), points, runs)
        outside = sum(1 for point in points if grid.region_at(*point) is None)
        yield (
            f"{label}: box {box:.2f} us/point (baseline); polygons with grid {gridded:.2f} us "
            f"(ratio {gridded / box:.1f}x); polygons without grid {plain:.2f} us "
            f"(ratio {plain / box:.1f}x); outside the regions: {outside:,}"
        )


if __name__ == "__main__":
    for line in run():
        print(line)

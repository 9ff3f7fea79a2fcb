"""Parsing a generated IATI activity file: activities and transactions per second, and
peak memory.

What is measured: ``parse_iati`` (assistance/importers/iati.py) reading a generated file of
``ACCORDWATCH_BENCH_IATI_MB`` megabytes (default 50, the issue's size; about 16,000
activities with six transactions each, five of them of types the reader keeps), every
activity consumed and dropped as an import would. Only the parser: no database.

The floor, on the same file in the same run: the standard library's C ``iterparse`` over
the file, clearing each ``<iati-activity>`` when it ends, with no safety checks, no
validation and no records built. It is the least any streaming reader of these bytes in
Python does, so the ratio is the price of defusedxml's checks, line numbers, validation
and the records.

Memory is the peak traced by ``tracemalloc`` during each pass (the floor's too), beside
the file's size: a flat reader peaks far below the file. The file is written to a
temporary directory and removed at the end.

    .venv/bin/python -m benchmarks iati_parse
    ACCORDWATCH_BENCH_IATI_MB=200 .venv/bin/python -m benchmarks iati_parse
"""

from __future__ import annotations

import os
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree.ElementTree import iterparse  # noqa: S405 - the unsafe floor, on our own file

from accordwatch.assistance.importers.generate import TRANSACTIONS_READ, activity, iati_file
from accordwatch.assistance.importers.iati import parse_iati
from accordwatch.core.importing import Problems
from benchmarks.timing import median_ms

SIZE_VARIABLE = "ACCORDWATCH_BENCH_IATI_MB"
DEFAULT_MB = 50


def _write(path: Path, megabytes: float) -> int:
    activities = int(megabytes * 1e6 / len(activity(12345)))
    with open(path, "wb") as out:
        for piece in iati_file(activities):
            out.write(piece)
    return activities


def _ours(path: Path) -> int:
    problems = Problems()
    with open(path, "rb") as stream:
        count = sum(len(a.transactions) for a in parse_iati(stream, problems=problems))
    if problems:
        raise RuntimeError(f"the parser found problems: {problems.items[:3]}")
    return count


def _floor(path: Path) -> int:
    count = 0
    for _, element in iterparse(path, events=("end",)):  # noqa: S314 - our own file
        if element.tag == "iati-activity":
            count += len(element.findall("transaction"))
            element.clear()
    return count


def _peak(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run(*, runs: int = 7) -> Iterator[str]:
    megabytes = float(os.environ.get(SIZE_VARIABLE, DEFAULT_MB))
    with tempfile.TemporaryDirectory(prefix="bench-iati-") as directory:
        path = Path(directory) / "activities.xml"
        started = time.perf_counter()
        activities = _write(path, megabytes)
        size = path.stat().st_size
        yield (
            f"iati file: {activities:,} activities, {size / 1e6:.0f} MB, written in "
            f"{time.perf_counter() - started:.1f} s"
        )
        transactions = _ours(path)
        assert transactions == activities * TRANSACTIONS_READ, transactions
        timed_runs = max(1, min(runs, 3))  # each pass reads the whole file
        ours = median_ms(lambda: _ours(path), runs=timed_runs, warmup=0)
        floor = median_ms(lambda: _floor(path), runs=timed_runs, warmup=0)
        yield (
            f"parse_iati[{size / 1e6:.0f} MB]: {ours / 1000:.2f} s = "
            f"{activities / ours * 1000:,.0f} activities/s, "
            f"{transactions / ours * 1000:,.0f} transactions/s "
            f"(floor iterparse + clear, unsafe, no checks: {floor / 1000:.2f} s, "
            f"ratio {ours / floor:.1f}x)"
        )
        peak = _peak(lambda: _ours(path))
        floor_peak = _peak(lambda: _floor(path))
        yield (
            f"parse_iati[{size / 1e6:.0f} MB] peak traced memory: {peak / 1e6:.1f} MB = "
            f"{peak / size:.2%} of the file (floor iterparse + clear: "
            f"{floor_peak / 1e6:.1f} MB) target < 300 MB "
            f"[{'ok' if peak < 300e6 else 'OVER TARGET'}]"
        )

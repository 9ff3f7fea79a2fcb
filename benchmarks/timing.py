"""Shared helpers: time a callable, and print a figure beside its baseline."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def median_ms(fn: Callable[[], Any], *, runs: int, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` in milliseconds, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def figure(
    name: str,
    ms: float,
    *,
    baseline: str,
    baseline_ms: float,
    target_ms: float | None = None,
) -> str:
    """One report line, e.g.
    ``scores: 85.2 ms (floor plain GROUP BY: 30.1 ms, ratio 2.8x) target < 200 ms [ok]``."""
    ratio = ms / baseline_ms if baseline_ms > 0 else float("inf")
    line = f"{name}: {ms:.1f} ms ({baseline}: {baseline_ms:.1f} ms, ratio {ratio:.1f}x)"
    if target_ms is not None:
        verdict = "ok" if ms < target_ms else "OVER TARGET"
        line += f" target < {target_ms:g} ms [{verdict}]"
    return line

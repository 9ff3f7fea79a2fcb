"""Importing the UN consolidated list: the parser's speed and memory, and the import's.

What is measured:

- ``parse_un_list`` over the real 2026 list (1,003 entries, 2 MB), against the floor of
  the standard library's C ``ElementTree.parse`` of the same bytes (no safety checks, the
  whole tree in memory, no cleaning): the ratio is what safety, streaming and cleaning cost;
- the parser's peak memory (tracemalloc) on a generated list of
  ``ACCORDWATCH_BENCH_UN_ENTRIES`` entries (default 20,000, about 45 MB: the real entries
  repeated under new reference numbers) beside the file's size: flat memory shows as a
  peak far below the file;
- the import service on the bench database, inside a transaction rolled back at the end
  (nothing stays): the 2020 list into an empty list, then the 2026 list (the comparison:
  added, changed, removed), then the 2026 list again (recognised, nothing written), each
  beside the parser alone on the same file.

    .venv/bin/python -m benchmarks sanctions_import
"""

from __future__ import annotations

import io
import os
import re
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree  # noqa: S405 - the unsafe floor, on our own trusted file

from accordwatch.core.importing import Problems
from accordwatch.sanctions.importers.un_xml import parse_un_list
from benchmarks.timing import median_ms

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "data" / "real"
UN_2020 = REAL / "un-consolidated-list-2020-11-30.xml"
UN_2026 = REAL / "un-consolidated-list-2026-02-27.xml"
ENTRIES_VARIABLE = "ACCORDWATCH_BENCH_UN_ENTRIES"
DEFAULT_ENTRIES = 20_000


def _parse(data: bytes) -> int:
    problems = Problems()
    count = sum(1 for _ in parse_un_list(io.BytesIO(data), problems=problems))
    if problems:
        raise RuntimeError(f"the parser found problems: {problems.items[:3]}")
    return count


def _generated(entries: int, real: bytes) -> bytes:
    """A list of ``entries`` entries: the real individuals repeated, each copy renumbered."""
    people = re.findall(rb"<INDIVIDUAL>.*?</INDIVIDUAL>", real, re.S)
    parts = [b'<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST><INDIVIDUALS>\n']
    for n in range(entries):
        person = people[n % len(people)]
        parts.append(
            re.sub(
                rb"<REFERENCE_NUMBER>[^<]*</REFERENCE_NUMBER>",
                b"<REFERENCE_NUMBER>GEN.%09d</REFERENCE_NUMBER>" % n,
                person,
            )
        )
    parts.append(b"\n</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n")
    return b"".join(parts)


def _import_steps() -> list[tuple[str, float, str]]:
    """Time the three imports inside one transaction that is rolled back."""
    from django.db import transaction

    from accordwatch.core.services import SYSTEM
    from accordwatch.sanctions.imports import un_list_import

    results: list[tuple[str, float, str]] = []
    with transaction.atomic():
        for label, path in (
            ("2020 list into an empty list", UN_2020),
            ("2026 list after 2020 (comparison)", UN_2026),
            ("2026 list again (same file)", UN_2026),
        ):
            data = path.read_bytes()
            started = time.perf_counter()
            summary = un_list_import(actor=SYSTEM, stream=io.BytesIO(data), file_name=path.name)
            ms = (time.perf_counter() - started) * 1000
            outcome = (
                "nothing written"
                if summary.already_imported
                else f"{summary.created} added, {summary.updated} changed, "
                f"{summary.removed} removed, {summary.unchanged} unchanged"
            )
            results.append((label, ms, outcome))
        transaction.set_rollback(True)
    return results


def run(*, runs: int = 7) -> Iterator[str]:
    real = UN_2026.read_bytes()
    ours = median_ms(lambda: _parse(real), runs=runs)
    floor = median_ms(lambda: ElementTree.parse(io.BytesIO(real)), runs=runs)  # noqa: S314
    entries = _parse(real)
    yield (
        f"parse_un_list[real 2026 list, {entries:,} entries, {len(real) / 1e6:.1f} MB]: "
        f"{ours:.1f} ms = {entries / ours * 1000:,.0f} entries/s (floor ElementTree.parse, "
        f"unsafe, whole tree: {floor:.1f} ms, ratio {ours / floor:.1f}x)"
    )

    count = int(os.environ.get(ENTRIES_VARIABLE, DEFAULT_ENTRIES))
    big = _generated(count, real)
    tracemalloc.start()
    started = time.perf_counter()
    read = _parse(big)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    yield (
        f"parse_un_list[generated, {read:,} entries, {len(big) / 1e6:.0f} MB]: "
        f"{seconds:.1f} s (under tracemalloc) = {read / seconds:,.0f} entries/s; "
        f"peak traced memory {peak / 1e6:.1f} MB = {peak / len(big):.1%} of the file"
    )

    parse_2020 = median_ms(lambda: _parse(UN_2020.read_bytes()), runs=runs)
    for label, ms, outcome in _import_steps():
        alone = parse_2020 if "2020" in label.split()[0] else ours
        yield (
            f"un_list_import[{label}]: {ms:.0f} ms ({outcome}; floor the parser alone on "
            f"the same file: {alone:.0f} ms, ratio {ms / alone:.1f}x)"
        )

"""CSV import of 10,000 commitments, and streamed CSV export of 200,000 assessments.

Import (target < 5 s): a generated file of 10,000 commitments, each naming a document, a
pillar, two clauses, two responsible actors, a source and (most) a related commitment,
imported by ``commitments_import_file`` as an editor would: parse, check every reference,
write in one transaction with one audit event per commitment. Measured three ways: into an
empty database (all created), the same file again (all unchanged), and the file with every
title edited (all updated). Baseline ("floor"): the same rows parsed by the ``csv`` module
and stored with the ``sqlite3`` module's ``executemany`` into a bare 16-column table, with
the same pragmas — what storing the bytes costs with no checks, links or audit log.

Export (constant memory): all 200,000 assessments of the scores dataset
(``scores_dataset``), streamed by ``exports.assessments_csv`` as an editor sees them and
consumed block by block, as ``StreamingHttpResponse`` does. Each export runs in a fresh
process; baseline: that process's peak RSS before the export starts (Django loaded,
database open). The growth during an export of 20,000 assessments is shown beside it: if
memory is constant, ten times the rows costs about the same.

Each measurement runs in a child process with its own SQLite files under var/bench/
(``csv-import.sqlite3``, rebuilt every run; ``csv-export.sqlite3``, built once and reused),
so it neither depends on nor disturbs the database the other benchmarks use.
"""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import secrets
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from accordwatch.commitments.importers.commitments_csv import COLUMNS

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "var" / "bench"
IMPORT_DB = BENCH_DIR / "csv-import.sqlite3"
EXPORT_DB = BENCH_DIR / "csv-export.sqlite3"
FLOOR_DB = BENCH_DIR / "csv-floor.sqlite3"

COMMITMENTS = 10_000
DOCUMENTS = 10
CLAUSES_PER_DOCUMENT = 50
PILLARS = 4
ACTORS = 60
SOURCES = 30
IMPORT_TARGET_S = 5.0
MAX_IMPORT_RUNS = 3  # each import run takes seconds; three give a fair median

HEADER = list(COLUMNS)


def run(*, runs: int = 7) -> Iterator[str]:
    import_runs = max(1, min(runs, MAX_IMPORT_RUNS))
    yield f"import: {COMMITMENTS:,} commitments, median of {import_runs} runs each"
    result = _child("import", str(import_runs))
    floor = result["floor_s"]
    for label, key in (
        ("import_csv[new, all created]", "created_s"),
        ("import_csv[same file again, all unchanged]", "unchanged_s"),
        ("import_csv[every title edited, all updated]", "updated_s"),
    ):
        seconds = result[key]
        verdict = "ok" if seconds < IMPORT_TARGET_S else "OVER TARGET"
        yield (
            f"{label}: {seconds:.2f} s (floor csv + sqlite3 executemany, bare table: "
            f"{floor:.2f} s, ratio {seconds / floor:.1f}x) target < {IMPORT_TARGET_S:g} s "
            f"[{verdict}]"
        )
    yield f"  audit events written by the three imports: {result['audit_events']:,}"

    yield "export: building the 200,000-assessment dataset if needed …"
    _child("build-export")
    for rows_label, scope in (("200,000", "all"), ("20,000", "one-document")):
        measure = _child("export", scope)
        growth = measure["peak_kib"] - measure["before_kib"]
        yield (
            f"export_assessments_csv[{rows_label} rows]: {measure['seconds']:.2f} s, "
            f"{measure['rows']:,} rows, {measure['bytes'] / 1e6:.1f} MB streamed in "
            f"{measure['blocks']} blocks; peak RSS {measure['peak_kib'] / 1024:.1f} MiB "
            f"(baseline before export {measure['before_kib'] / 1024:.1f} MiB, "
            f"growth {growth / 1024:.1f} MiB)"
        )
    measure = _child("export-commitments")
    yield (
        f"export_commitments_csv[{measure['rows']:,} rows]: {measure['seconds']:.2f} s, "
        f"peak RSS growth {(measure['peak_kib'] - measure['before_kib']) / 1024:.1f} MiB"
    )


# --- the parent side: one child process per measurement ------------------------------


def _child(task: str, *args: str) -> dict:
    env = {
        **os.environ,
        "ACCORDWATCH_VAR_DIR": tempfile.mkdtemp(prefix="accordwatch-bench-csv-"),
        "ACCORDWATCH_SECRET_KEY": secrets.token_urlsafe(50),
        "ACCORDWATCH_INSECURE_HTTP": "1",
        "ACCORDWATCH_PLAIN_STATIC": "1",
        "DJANGO_SETTINGS_MODULE": "accordwatch.settings",
    }
    env.pop("ACCORDWATCH_DEBUG", None)  # DEBUG keeps every query in memory
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_csv", task, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench_csv {task} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the child side --------------------------------------------------------------------


def _setup(database: Path, *, fresh: bool) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.environ["ACCORDWATCH_DATABASE_URL"] = f"sqlite:///{database}"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _seed_references() -> None:
    """What the generated file refers to, written through the services."""
    from accordwatch.commitments import services as cs
    from accordwatch.core import services

    system = services.SYSTEM
    for n in range(DOCUMENTS):
        document, _ = cs.document_upsert(
            actor=system, key=f"doc-{n}", kind="agreement", title=f"Agreement {n}"
        )
        for c in range(CLAUSES_PER_DOCUMENT):
            cs.clause_upsert(actor=system, document=document, ref=f"Art. {c + 1}", level="article")
    for n in range(PILLARS):
        cs.pillar_upsert(actor=system, key=f"pillar-{n}", name=f"Pillar {n}", position=n)
    for n in range(ACTORS):
        services.actor_upsert(actor=system, key=f"actor-{n}", kind="state", name_en=f"Actor {n}")
    for n in range(SOURCES):
        services.source_upsert(actor=system, key=f"source-{n}", title=f"Report {n}")


def generated_rows(title_prefix: str = "Commitment") -> list[list[str]]:
    rows = []
    for n in range(COMMITMENTS):
        clause = n % CLAUSES_PER_DOCUMENT
        rows.append(
            [
                f"c-{n:05d}",
                f"doc-{n % DOCUMENTS}",
                f"{title_prefix} {n}: the parties shall carry out measure {n}",
                "A summary in our own words of what this commitment asks, and of whom. " * 2,
                "position" if n % 10 == 0 else "action",
                f"pillar-{n % PILLARS}",
                f"theme {n % 17}",
                f"Art. {clause + 1}; Art. {(clause + 1) % CLAUSES_PER_DOCUMENT + 1}",
                f"actor-{n % ACTORS}; actor-{(n + 7) % ACTORS}",
                f"20{16 + n % 4}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                "within 60 days" if n % 3 == 0 else "",
                ("1", "1.5", "2", "0.5")[n % 4],
                f"c-{n - 1:05d}" if n % 5 else "",
                f"source-{n % SOURCES}",
                ("public", "internal", "restricted")[n % 3],
                "published" if n % 4 else "draft",
            ]
        )
    return rows


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _floor(data: bytes) -> float:
    """csv module + sqlite3 executemany of the same rows into a bare table."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{FLOOR_DB}{suffix}").unlink(missing_ok=True)
    db = sqlite3.connect(FLOOR_DB)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(f"CREATE TABLE bare ({', '.join(f'{name} TEXT' for name in HEADER)})")
    started = time.perf_counter()
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    next(reader)
    marks = ", ".join("?" * len(HEADER))
    with db:
        db.executemany(f"INSERT INTO bare VALUES ({marks})", reader)  # noqa: S608
    seconds = time.perf_counter() - started
    db.close()
    return seconds


def _median_import(data: bytes, runs: int, *, keep: bool) -> float:
    """Median seconds to import ``data``; every run but a kept last one is rolled back."""
    from django.db import transaction

    from accordwatch.commitments.imports import commitments_import_file
    from accordwatch.core.services import SYSTEM

    times = []
    for n in range(runs):
        last = n == runs - 1
        with transaction.atomic():
            started = time.perf_counter()
            commitments_import_file(actor=SYSTEM, stream=io.BytesIO(data))
            times.append(time.perf_counter() - started)
            if not (keep and last):
                transaction.set_rollback(True)
    return statistics.median(times)


def child_import(runs: int) -> dict:
    _setup(IMPORT_DB, fresh=True)
    _seed_references()
    from accordwatch.core.models import AuditEvent

    events_before = AuditEvent.objects.count()
    data = _csv_bytes(generated_rows())
    edited = _csv_bytes(generated_rows("Edited commitment"))
    floor = statistics.median(_floor(data) for _ in range(runs))
    created = _median_import(data, runs, keep=True)
    unchanged = _median_import(data, runs, keep=True)
    updated = _median_import(edited, runs, keep=True)
    return {
        "floor_s": floor,
        "created_s": created,
        "unchanged_s": unchanged,
        "updated_s": updated,
        "audit_events": AuditEvent.objects.count() - events_before,
    }


def child_build_export() -> dict:
    _setup(EXPORT_DB, fresh=False)
    from benchmarks import scores_dataset

    scores_dataset.build()
    return {"built": True}


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _stream(blocks: Iterator[str]) -> tuple[int, int, int]:
    """Consume the export as the server would: encode each block, keep nothing."""
    total = count = lines = 0
    for block in blocks:
        data = block.encode("utf-8")
        total += len(data)
        lines += data.count(b"\r\n")
        count += 1
    return total, count, lines - 1  # less the header


def child_export(scope: str) -> dict:
    _setup(EXPORT_DB, fresh=False)
    from accordwatch.commitments import exports
    from accordwatch.commitments.models import Document
    from accordwatch.core.models import User

    editor = User(username="bench-editor", role="editor")  # unsaved: only the role is read
    filters = None
    if scope == "one-document":
        filters = {"document": Document.objects.order_by("key").values_list("key", flat=True)[0]}
    before = _peak_kib()
    started = time.perf_counter()
    size, blocks, rows = _stream(exports.assessments_csv(user=editor, commitment_filters=filters))
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "bytes": size,
        "blocks": blocks,
        "rows": rows,
        "before_kib": before,
        "peak_kib": _peak_kib(),
    }


def child_export_commitments() -> dict:
    _setup(EXPORT_DB, fresh=False)
    from accordwatch.commitments import exports
    from accordwatch.core.models import User

    editor = User(username="bench-editor", role="editor")
    before = _peak_kib()
    started = time.perf_counter()
    _, _, rows = _stream(exports.commitments_csv(user=editor))
    return {
        "seconds": time.perf_counter() - started,
        "rows": rows,
        "before_kib": before,
        "peak_kib": _peak_kib(),
    }


def _main(argv: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    task, *args = argv
    if task == "import":
        result = child_import(int(args[0]) if args else 1)
    elif task == "build-export":
        result = child_build_export()
    elif task == "export":
        result = child_export(args[0])
    elif task == "export-commitments":
        result = child_export_commitments()
    else:
        raise SystemExit(f"unknown task {task!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    _main(sys.argv[1:])

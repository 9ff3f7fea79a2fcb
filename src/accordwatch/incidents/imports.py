"""Importing incidents (ACLED, UCDP GED): stream records in, write them in batches, all or
nothing.

The parsers (``importers/``) check each line on their own and yield ``IncidentRecord``s.
This service matches actors and places to the gazetteer, decides per event whether it is
new, newer than what we hold, or unchanged, and writes in batches of ``BATCH`` records
inside one transaction: memory stays flat on a file of any size, and a refusal anywhere
(or a kill) leaves the database as it was.

Each run is an ``ImportRun`` (the file, its SHA-256, who ran it, when, the counts) with
ONE audit event, ``incident.import``: the events it creates point to the run, and the
event carries a SHA-256 over the rows as inserted (``rows_sha256``, see ``run_rows_sha256``
for how to recompute it), so the audit log vouches for a million new events without a
million entries. What changes data already held keeps an event per incident, with its
before and after: ``incident.update`` (the same snapshots as ``services.incident_upsert``)
and ``incident.retire``. A run that changes nothing leaves no run and no event.

The writes are bulk: new events inserted from their values with no model instance
(``executemany``, or ``COPY`` on PostgreSQL), ``executemany`` updates, and
``audit.record_many``. Only the source's own fields are written: the body's fields
(violation category, clause, verification, attribution, confidentiality, publication) are
never touched by an import.

Re-importing is idempotent by event id. An event whose ACLED timestamp is newer than the
stored one is updated; an equal timestamp is unchanged; an older one is left alone and
listed under ``rejected``. Events without timestamp (UCDP) are compared field by field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib
import importlib.util
import io
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, BinaryIO

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from accordwatch.core import audit
from accordwatch.core import services as core_services
from accordwatch.core.db import insert_rows
from accordwatch.core.importing import (
    ImportProblem,
    ImportRejected,
    ImportSummary,
    Problems,
    Progress,
)
from accordwatch.core.models import Actor, ActorKind, Place
from accordwatch.core.permissions import require_editor
from accordwatch.core.selectors import ActorNames, PlaceNames
from accordwatch.incidents import rollup
from accordwatch.incidents.importers.cells import SeenIds
from accordwatch.incidents.importers.records import (
    ACLED,
    UCDP,
    DeletionRecord,
    IncidentRecord,
)
from accordwatch.incidents.models import (
    Dataset,
    EventType,
    ImportRun,
    Incident,
    IncidentRollupStale,
    TypeLevel,
)

BATCH = 2000
MONITOR = Dataset.MONITOR.value  # the secretariat's own records
CHUNK = 500  # ids per IN (...) query
MAX_LISTED = 100  # unmatched names and rejected lines listed in a summary, at most

# The columns an import owns. Everything else on an incident belongs to the body.
SOURCE_FIELDS = (
    "event_date",
    "event_date_end",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "original_event_type",
    "actor1",
    "actor1_name",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "actor2_name",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "place",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "source",
    "source_scale",
    "notes",
    "tags",
    "acled_timestamp",
    "import_flags",
)
_FIELDS = {f.name: f for f in Incident._meta.concrete_fields}
_SOURCE_COLUMNS = [_FIELDS[name] for name in SOURCE_FIELDS]

# ACLED inter codes → the kind of actor to create for an unknown name.
_KIND_OF_INTER = {
    1: ActorKind.GOVERNMENT,
    2: ActorKind.ARMED_GROUP,
    3: ActorKind.ARMED_GROUP,
    4: ActorKind.ARMED_GROUP,
}


@dataclass(frozen=True, slots=True)
class IncidentImportSummary(ImportSummary):
    retired: int = 0
    rejected: tuple[ImportProblem, ...] = ()  # lines not applied, the rest was
    rejected_count: int = 0
    unmatched_actors: tuple[str, ...] = ()  # names the gazetteer does not hold
    unmatched_places: tuple[str, ...] = ()  # "Kidal › Tessalit › Aguelhok"
    created_actors: int = 0
    created_places: int = 0
    unmatched_actor_count: int = 0
    unmatched_place_count: int = 0
    run_id: int | None = None  # the ImportRun recorded (None: the run changed nothing)
    file_sha256: str = ""

    def __str__(self) -> str:
        lines = [
            f"{self.kind}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.retired} retired, "
            f"{self.rejected_count} rejected"
        ]
        if self.run_id is not None:
            lines.append(
                f"  recorded as import run {self.run_id} (file SHA-256 {self.file_sha256})"
            )
        lines += [f"  rejected {problem}" for problem in self.rejected]
        if self.created_actors or self.created_places:
            lines.append(
                f"  added to the gazetteer: {self.created_actors} actor(s), "
                f"{self.created_places} place(s)"
            )
        if self.unmatched_actors:
            lines.append(f"  {self.unmatched_actor_count} actor name(s) not in the gazetteer:")
            lines += [f"    {name}" for name in self.unmatched_actors]
        if self.unmatched_places:
            lines.append(f"  {self.unmatched_place_count} place(s) not in the gazetteer:")
            lines += [f"    {path}" for path in self.unmatched_places]
        return "\n".join(lines)


def incidents_import(
    *,
    actor: Any,
    records: Iterable[IncidentRecord],
    deletions: Iterable[DeletionRecord] = (),
    create_missing: bool = False,
    progress: Progress | None = None,
    kind: str = ACLED,
    problems: Callable[[], Sequence[ImportProblem]] | None = None,
    file_name: str = "",
    file_sha256: Callable[[], str] | None = None,
    dataset: str = "",
) -> IncidentImportSummary:
    """Write ``records`` and retire the events named in ``deletions``, all or nothing.

    ``problems``, if given, is asked once the records are consumed for what the parser
    found on the way (the parser streams, so it only knows at the end); any problem, there
    or here, raises ImportRejected and nothing is written. Actors and places the
    gazetteer lacks are listed in the summary, and created only if ``create_missing``.
    ``file_name`` and ``file_sha256`` (asked at the end, once the file is read) go to the
    run's record. Requires an editor (or ``SYSTEM`` for operator jobs).
    """
    if actor is not core_services.SYSTEM:
        require_editor(actor)
    run = _Run(actor=actor, create_missing=create_missing)
    try:
        with transaction.atomic():
            run.rollup.suspend()
            run.indexes.prepare()
            run.prepare(kind=kind, file_name=file_name, dataset=dataset)
            iterator = iter(records)
            while batch := list(islice(iterator, BATCH)):
                run.write_batch(batch)
                if progress:
                    progress("writing", run.done, run.done)
            found = [*(problems() if problems else ()), *run.problems]
            if found:
                raise ImportRejected(found)
            run.retire(deletions)
            # The deletions stream too: its parser knows its problems only now.
            found = list(problems()) if problems else []
            if found:
                raise ImportRejected(found)
            run.indexes.restore()
            run.finish(file_sha256() if file_sha256 else "")
            run.rollup.resume()
    except IntegrityError as error:
        # Only a concurrent writer can get here: existing events are read in the batch.
        raise ImportRejected(
            [ImportProblem(1, "", f"the database refused the import, nothing was written: {error}")]
        ) from error
    return run.summary(kind)


def acled_import_file(
    *,
    actor: Any,
    stream: BinaryIO,
    progress: Progress | None = None,
    create_missing: bool = False,
    deletions: BinaryIO | None = None,
    file_name: str = "",
    monitor: bool = False,
) -> IncidentImportSummary:
    """``accordwatch import acled FILE [--create-missing] [--deletions FILE] [--monitor]``:
    an ACLED export, current or pre-2019, and optionally ACLED's deletions file, in one
    transaction (a problem in either file writes nothing). ``monitor``: the file holds the
    secretariat's own records exported in ACLED's layout (the incidents CSV export); they
    go back to their own dataset, not ACLED's."""
    from accordwatch.incidents.importers.acled import parse_acled, parse_acled_deletions

    problems = Problems()
    hashing = _HashingReader(stream)
    records: Iterable[IncidentRecord] = parse_acled(
        hashing.stream, today=timezone.localdate(), problems=problems
    )
    if monitor:
        records = (dataclasses.replace(record, dataset=MONITOR) for record in records)
    deletion_problems = Problems()
    withdrawn: Iterable[DeletionRecord] = ()
    if deletions is not None:
        withdrawn = parse_acled_deletions(deletions, problems=deletion_problems)
    where = f"in the deletions file {getattr(deletions, 'name', '')}".rstrip()

    def found() -> list[ImportProblem]:
        return [
            *problems.items,
            *(
                ImportProblem(p.line, p.column, f"{where}: {p.message}", p.value)
                for p in deletion_problems.items
            ),
        ]

    return incidents_import(
        actor=actor,
        records=records,
        deletions=withdrawn,
        create_missing=create_missing,
        progress=progress,
        kind="acled",
        problems=found,
        file_name=file_name or _name_of(stream),
        file_sha256=hashing.hexdigest,
        dataset=MONITOR if monitor else ACLED,
    )


def acled_deletions_import_file(
    *, actor: Any, stream: BinaryIO, progress: Progress | None = None, file_name: str = ""
) -> IncidentImportSummary:
    """``accordwatch import acled-deletions FILE``: retire the events ACLED withdrew."""
    from accordwatch.incidents.importers.acled import parse_acled_deletions

    problems = Problems()
    hashing = _HashingReader(stream)
    deletions = parse_acled_deletions(hashing.stream, problems=problems)
    return incidents_import(
        actor=actor,
        records=(),
        deletions=deletions,
        progress=progress,
        kind="acled-deletions",
        problems=lambda: problems.items,
        file_name=file_name or _name_of(stream),
        file_sha256=hashing.hexdigest,
    )


def ucdp_available() -> bool:
    return importlib.util.find_spec("accordwatch.incidents.importers.ucdp") is not None


def ucdp_import_file(
    *,
    actor: Any,
    stream: BinaryIO,
    progress: Progress | None = None,
    create_missing: bool = False,
    file_name: str = "",
) -> IncidentImportSummary:
    """``accordwatch import ucdp FILE [--create-missing]``: a UCDP GED CSV."""
    ucdp = importlib.import_module("accordwatch.incidents.importers.ucdp")
    problems = Problems()
    hashing = _HashingReader(stream)
    records = ucdp.parse_ucdp(hashing.stream, today=timezone.localdate(), problems=problems)
    return incidents_import(
        actor=actor,
        records=records,
        create_missing=create_missing,
        progress=progress,
        kind="ucdp",
        problems=lambda: problems.items,
        file_name=file_name or _name_of(stream),
        file_sha256=hashing.hexdigest,
    )


def _name_of(stream: BinaryIO) -> str:
    """The file's own name (not its folder) when the stream has one."""
    name = getattr(stream, "name", "")
    return name.replace("\\", "/").rsplit("/", 1)[-1][:255] if isinstance(name, str) else ""


class _HashingRaw(io.RawIOBase):
    """Reads the caller's stream and hashes every byte passed on: the file's SHA-256 costs
    no second read."""

    def __init__(self, stream: BinaryIO):
        self.source = stream
        self.sha256 = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        block = self.source.read(len(buffer))
        size = len(block)
        buffer[:size] = block
        self.sha256.update(block)
        return size

    def close(self) -> None:  # the caller's stream is theirs to close
        super().close()


class _HashingReader:
    def __init__(self, stream: BinaryIO):
        self.raw = _HashingRaw(stream)
        self.stream: BinaryIO = io.BufferedReader(self.raw, buffer_size=1 << 16)

    def hexdigest(self) -> str:
        """The digest of the whole file: what the parser left unread is read now."""
        while block := self.raw.source.read(1 << 20):
            self.raw.sha256.update(block)
        return self.raw.sha256.hexdigest()


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _raw_fields(incident: Incident) -> dict[str, Any]:
    return {f.attname: f.value_from_object(incident) for f in Incident._meta.concrete_fields}


def _snapshot(fields: dict[str, Any], associated: list[int], sources: list[int]) -> dict[str, Any]:
    """What ``audit.snapshot`` gives for an incident with these fields and links."""
    return {**fields, "associated_actors": sorted(associated), "sources": sorted(sources)}


_ASSOC_SPLIT = re.compile(r"\s*;\s*")


def _associated_names(record: IncidentRecord) -> list[str]:
    names = [*_ASSOC_SPLIT.split(record.assoc_actor_1), *_ASSOC_SPLIT.split(record.assoc_actor_2)]
    return [name for name in names if name]


_DATASET_OF_KIND = {"acled": ACLED, "acled-deletions": ACLED, "ucdp": UCDP}


def _user_label(user: Any) -> str:
    if user is core_services.SYSTEM:
        return "system"
    return (user.get_full_name() or user.get_username())[:150]


# --- the digest of a run's rows ------------------------------------------------------------

# What the digest covers of each created row: its id, dataset and event id, every column
# the import owns, then its associated actors' ids (sorted). One line of compact JSON per
# row (dates as ISO text), rows in id order; SHA-256 over the lines.
DIGEST_COLUMNS = ("id", "dataset", "event_id", *(_FIELDS[name].attname for name in SOURCE_FIELDS))
_DIGEST_VALUES = DIGEST_COLUMNS[1:]


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot put {type(value).__name__} in a row digest")


_encode_line = json.JSONEncoder(
    separators=(",", ":"), ensure_ascii=False, default=_iso, check_circular=False
).encode


def digest_line(pk: int, values: dict[str, Any], associated: Sequence[int]) -> bytes:
    """One row as the run's digest reads it (``values`` by attribute name)."""
    line = [pk, *map(values.__getitem__, _DIGEST_VALUES), sorted(associated)]
    return (_encode_line(line) + "\n").encode("utf-8")


def run_rows_sha256(run: ImportRun) -> str:
    """The digest of ``run``'s created rows recomputed from the database as they are now:
    equal to the run's ``rows_sha256`` while none of them has changed since (a later change
    has its own audit event, with its before and after)."""
    digest = hashlib.sha256()
    if run.first_id is None:
        return ""
    rows = (
        Incident.objects.filter(import_run=run, pk__gte=run.first_id, pk__lte=run.last_id)
        .order_by("pk")
        .values_list(*DIGEST_COLUMNS)
    )
    through, source, target = _link_table("associated_actors")
    for chunk in _chunks(list(rows), BATCH):
        links: dict[int, list[int]] = defaultdict(list)
        for incident_id, other in through._default_manager.filter(
            **{f"{source}__in": [row[0] for row in chunk]}
        ).values_list(source, target):
            links[incident_id].append(other)
        for row in chunk:
            values = dict(zip(DIGEST_COLUMNS, row, strict=True))
            digest.update(digest_line(row[0], values, links[row[0]]))
    return digest.hexdigest()


def run_facts(run: ImportRun) -> dict[str, Any]:
    """What the run's audit event says about it."""
    return {
        "kind": run.kind,
        "dataset": run.dataset,
        "file_name": run.file_name,
        "file_sha256": run.file_sha256,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "created": run.created,
        "updated": run.updated,
        "retired": run.retired,
        "unchanged": run.unchanged,
        "rejected": run.rejected,
        "first_id": run.first_id,
        "last_id": run.last_id,
        "rows_sha256": run.rows_sha256,
    }


class _RollupUpkeep:
    """The incidents rollup kept right by an import, inside the import's transaction.

    On SQLite the trigger that lists the month of every inserted incident costs each of a
    million inserted rows a write to the stale-months table; the import suspends that one
    trigger (dropped in its transaction: a crash or a refusal brings it back with the rest),
    notes the months of the rows it creates itself, and at the end puts the trigger back,
    lists those months and recomputes them (all at once when there are many) before the
    transaction commits. The update and delete triggers stay: updates and retirements are
    few and their months are listed as usual. PostgreSQL keeps its triggers: they run once
    per statement, not per row. Either way the rollup is right when the import commits."""

    def __init__(self) -> None:
        self.suspended = False
        self.months: set[str] = set()

    def suspend(self) -> None:
        if connection.vendor != "sqlite" or not _insert_trigger_installed():
            return
        with connection.cursor() as cursor:
            for statement in rollup.drop_trigger_sql("sqlite"):
                if f"{rollup.INCIDENTS}_rollup_insert" in statement:
                    cursor.execute(statement)
        self.suspended = True

    def resume(self) -> None:
        if self.suspended:
            with connection.cursor() as cursor:
                for statement in rollup.trigger_sql("sqlite"):
                    cursor.execute(statement)  # IF NOT EXISTS: only the insert one is new
            IncidentRollupStale.objects.bulk_create(
                [IncidentRollupStale(month=month) for month in sorted(self.months)],
                ignore_conflicts=True,
            )
            self.suspended = False
        rollup.refresh()


class _IndexUpkeep:
    """On SQLite, the incidents table's secondary indexes (a dozen: one per filter the pages
    offer) are set aside while a large import inserts, and built again from the whole
    table at its end, inside the import's transaction (a crash or a refusal brings them
    back with the rest; readers see the committed table and its indexes meanwhile).
    Building an index from a sorted scan costs less than as many scattered insertions, but
    the build reads the rows already there too: the indexes go only once the import has
    created more rows than the table held when it began, and at least ``LARGE``. The
    unique index on (dataset, event id) always stays: it guards the ids and serves the
    import's own look-ups. PostgreSQL keeps its indexes (dropping one there would lock
    the table against readers until the import commits)."""

    LARGE = 20_000

    def __init__(self) -> None:
        self.held = 0
        self.dropped: list[str] = []  # the CREATE INDEX statements to run again
        self.enabled = False

    def prepare(self) -> None:
        if connection.vendor != "sqlite":
            return
        self.enabled = True
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {rollup.INCIDENTS}")  # noqa: S608
            self.held = cursor.fetchone()[0]

    def before_insert(self, created: int) -> None:
        if not self.enabled or self.dropped or created < max(self.LARGE, self.held):
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
                [rollup.INCIDENTS],
            )
            found = cursor.fetchall()
            for name, _sql in found:
                cursor.execute(f'DROP INDEX "{name}"')
        self.dropped = [sql for _name, sql in found]

    def restore(self) -> None:
        with connection.cursor() as cursor:
            for sql in self.dropped:
                cursor.execute(sql)
        self.dropped = []


def _insert_trigger_installed() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s",
            [f"{rollup.INCIDENTS}_rollup_insert"],
        )
        return cursor.fetchone() is not None


@dataclass
class _Run:
    actor: Any
    create_missing: bool
    problems: list[ImportProblem] = field(default_factory=list)
    rejected: list[ImportProblem] = field(default_factory=list)
    rejected_count: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    done: int = 0
    created_actors: int = 0
    created_places: int = 0
    unmatched_actors: set[str] = field(default_factory=set)
    unmatched_places: set[str] = field(default_factory=set)
    # Event ids written so far, per dataset, a few bytes each (a set of a million ids
    # took 150 MB); the parsers check their own file too, this guards any record stream.
    seen: dict[str, SeenIds] = field(default_factory=dict)
    # Datasets of which the database held no event when the import began: their events
    # can only be new (a repeat within the file is caught by ``seen``), so the batch
    # skips asking for them. The transaction holds the write lock on SQLite; on
    # PostgreSQL a concurrent writer's row would meet the unique constraint.
    unheld: set[str] = field(default_factory=set)
    types: dict[tuple[str, str], int] = field(default_factory=dict)
    actor_names: ActorNames | None = None
    place_names: PlaceNames | None = None
    actor_cache: dict[str, int | None] = field(default_factory=dict)
    place_cache: dict[tuple[str, ...], int | None] = field(default_factory=dict)
    # The run's record, written first (the new events point to it) and completed by
    # ``finish``; the digest of the rows it inserted, fed batch by batch in id order.
    record: ImportRun | None = None
    rows_sha256: Any = field(default_factory=hashlib.sha256)
    rollup: _RollupUpkeep = field(default_factory=_RollupUpkeep)
    next_id: int | None = None  # SQLite: the next incident id this run gives
    indexes: _IndexUpkeep = field(default_factory=_IndexUpkeep)
    first_id: int | None = None
    last_id: int | None = None

    def prepare(self, *, kind: str, file_name: str, dataset: str = "") -> None:
        self.unheld = {
            d for d in (ACLED, UCDP, MONITOR) if not Incident.objects.filter(dataset=d).exists()
        }
        self.record = ImportRun.objects.create(
            kind=kind,
            dataset=dataset or _DATASET_OF_KIND.get(kind, ""),
            file_name=file_name[:255],
            started_at=timezone.now(),
            by=self.actor if self.actor is not core_services.SYSTEM else None,
            by_label=_user_label(self.actor),
        )
        for pk, level, name in EventType.objects.values_list("pk", "level", "name"):
            self.types[(level, name.casefold())] = pk
        self.actor_names = ActorNames()
        self.place_names = PlaceNames()

    # --- problems ------------------------------------------------------------------

    def _problem(self, record: IncidentRecord, column: str, message: str, value: str) -> None:
        if len(self.problems) <= MAX_LISTED:
            self.problems.append(ImportProblem(record.line, column, message, value[:80]))

    def _reject(self, line: int, column: str, message: str) -> None:
        self.rejected_count += 1
        if len(self.rejected) < MAX_LISTED:
            self.rejected.append(ImportProblem(line, column, message))

    # --- the gazetteer -------------------------------------------------------------

    def _actor_id(self, name: str, inter: int | None) -> int | None:
        if not name:
            return None
        if name in self.actor_cache:
            return self.actor_cache[name]
        assert self.actor_names is not None
        pk = self.actor_names.find(name)
        if pk is None and self.create_missing and not self.actor_names.is_ambiguous(name):
            pk = self._create_actor(name, inter)
        if pk is None:
            self.unmatched_actors.add(name)
        self.actor_cache[name] = pk
        return pk

    def _create_actor(self, name: str, inter: int | None) -> int:
        acronym, full = ("", name)
        if ": " in name:
            acronym, full = name.split(": ", 1)
        key = _free_key(Actor, "acled-" + (slugify(name)[:100] or "actor"))
        created, _ = core_services.actor_upsert(
            actor=self.actor,
            key=key,
            kind=_KIND_OF_INTER.get(inter or 0, ActorKind.OTHER),
            name_en=full[:300],
            acronym=acronym[:40] if len(acronym) <= 40 else "",
            description="Added by an import: the dataset names this actor.",
        )
        assert self.actor_names is not None
        self.actor_names.add(created.pk, names=(name, full), acronym=created.acronym)
        self.created_actors += 1
        return created.pk

    def _place_id(self, record: IncidentRecord) -> int | None:
        path = (record.country, record.admin1, record.admin2, record.admin3, record.location)
        if path in self.place_cache:
            return self.place_cache[path]
        assert self.place_names is not None
        match = self.place_names.find(*path)
        pk = match.place_id
        if match.missing and self.create_missing:
            pk = self._create_places(pk, match.missing, record)
        elif match.missing:
            self.unmatched_places.add(" › ".join(name for name in path if name))
        self.place_cache[path] = pk
        return pk

    def _create_places(
        self, parent_id: int | None, missing: tuple[tuple[str, str], ...], record: IncidentRecord
    ) -> int | None:
        assert self.place_names is not None
        parent = Place.objects.get(pk=parent_id) if parent_id else None
        for kind, name in missing:
            prefix = parent.key if parent is not None else ""
            key = _free_key(Place, "-".join(p for p in (prefix, slugify(name)[:60]) if p))
            is_point = kind == "locality"
            parent, _ = core_services.place_upsert(
                actor=self.actor,
                key=key,
                kind=kind,
                name=name[:200],
                parent=parent,
                latitude=record.latitude if is_point else None,
                longitude=record.longitude if is_point else None,
            )
            self.place_names.add(parent.pk, kind=kind, names=(name,), parent_id=parent.parent_id)
            self.created_places += 1
        return parent.pk if parent is not None else None

    def _type_id(self, record: IncidentRecord, level: str, name: str, column: str) -> int | None:
        if not name:
            return None
        pk = self.types.get((level, name.casefold()))
        if pk is None:
            self._problem(record, column, f"{name!r} is not in ACLED's vocabulary", name)
        return pk

    # --- one batch -----------------------------------------------------------------

    def write_batch(self, batch: list[IncidentRecord]) -> None:
        stored = self._stored(batch)
        fresh: list[_New] = []
        changed: list[tuple[IncidentRecord, int]] = []
        for record in batch:
            self.done += 1
            key = (record.dataset, record.event_id)
            seen = self.seen.get(record.dataset) or self.seen.setdefault(record.dataset, SeenIds())
            # Numbered by position in the stream, which is unique and never 0 (SeenIds
            # keeps 0 for "not seen"); a record's own line may be either.
            if not seen.is_new(record.event_id, self.done):
                self._problem(
                    record, "event_id", f"event {record.event_id} appears twice", record.event_id
                )
                continue
            if key not in stored:
                new = self._new(record)
                if new is not None:
                    fresh.append(new)
                continue
            pk, timestamp = stored[key]
            if self._may_change(record, timestamp):
                changed.append((record, pk))
        changes = self._changes(changed)
        if self.problems:
            return  # the file will be refused: writing more is wasted work
        self._insert(fresh)
        self._write(changes)

    def _stored(self, batch: list[IncidentRecord]) -> dict[tuple[str, str], tuple[int, int | None]]:
        """Id and ACLED timestamp of the batch's events the database already holds: most
        lines of a re-import are settled by these two values, without loading the row."""
        by_dataset: dict[str, list[str]] = defaultdict(list)
        for record in batch:
            if record.dataset not in self.unheld:
                by_dataset[record.dataset].append(record.event_id)
        found: dict[tuple[str, str], tuple[int, int | None]] = {}
        for dataset, ids in by_dataset.items():
            for event_id, pk, timestamp in _by_event_id(
                dataset, ids, "event_id", "id", "acled_timestamp"
            ):
                found[(dataset, event_id)] = (pk, timestamp)
        return found

    def _may_change(self, record: IncidentRecord, stored: int | None) -> bool:
        """False when the timestamps settle it: the same version, or an older one."""
        if record.timestamp is None or stored is None:
            return True  # no timestamp (UCDP): compared field by field
        if record.timestamp == stored:
            self.unchanged += 1
            return False
        if record.timestamp < stored:
            self._reject(
                record.line,
                "timestamp",
                f"event {record.event_id}: the database holds a newer version "
                f"(timestamp {stored} > {record.timestamp}); left as it is",
            )
            return False
        return True

    def _new(self, record: IncidentRecord) -> _New | None:
        values = self._values(record)
        if values is None:
            return None
        values["dataset"] = record.dataset
        values["event_id"] = record.event_id
        return _New(values=values, associated=self._associated(record))

    def _associated(self, record: IncidentRecord) -> list[int]:
        return sorted(
            {
                pk
                for name in _associated_names(record)
                if (pk := self._actor_id(name, None)) is not None
            }
        )

    def _changes(self, changed: list[tuple[IncidentRecord, int]]) -> list[_Change]:
        """The stored events these records may change, loaded whole and changed in memory."""
        incidents: dict[int, Incident] = {}
        for chunk in _chunks([pk for _, pk in changed]):
            incidents.update((i.pk, i) for i in Incident.objects.filter(pk__in=chunk))
        changes = []
        for record, pk in changed:
            incident = incidents[pk]
            values = self._values(record)
            if values is None:
                continue
            old_fields = _raw_fields(incident)
            for name, value in values.items():
                setattr(incident, name, value)
            changes.append(
                _Change(
                    incident=incident,
                    old_fields=old_fields,
                    new_fields=_raw_fields(incident),
                    associated=self._associated(record),
                )
            )
        return changes

    def _values(self, record: IncidentRecord) -> dict[str, Any] | None:
        before = len(self.problems)
        event_type = self._type_id(record, TypeLevel.EVENT, record.event_type, "event_type")
        values = {
            "event_date": record.event_date,
            "event_date_end": record.event_date_end,
            "time_precision": record.time_precision,
            "disorder_type_id": self._type_id(
                record, TypeLevel.DISORDER, record.disorder_type, "disorder_type"
            ),
            "event_type_id": event_type,
            "sub_event_type_id": self._type_id(
                record, TypeLevel.SUB_EVENT, record.sub_event_type, "sub_event_type"
            ),
            "original_event_type": record.original_event_type[:120],
            "actor1_id": self._actor_id(record.actor1, record.inter1),
            "actor1_name": record.actor1[:300],
            "assoc_actor_1": record.assoc_actor_1[:600],
            "inter1": record.inter1,
            "actor2_id": self._actor_id(record.actor2, record.inter2),
            "actor2_name": record.actor2[:300],
            "assoc_actor_2": record.assoc_actor_2[:600],
            "inter2": record.inter2,
            "interaction": record.interaction,
            "civilian_targeting": record.civilian_targeting,
            "place_id": self._place_id(record),
            "iso": record.iso,
            "region": record.region[:120],
            "country": record.country[:120],
            "admin1": record.admin1[:120],
            "admin2": record.admin2[:120],
            "admin3": record.admin3[:120],
            "location": record.location[:200],
            "latitude": float(record.latitude) if record.latitude is not None else None,
            "longitude": float(record.longitude) if record.longitude is not None else None,
            "geo_precision": record.geo_precision,
            "fatalities": record.fatalities,
            "fatalities_low": record.fatalities_low,
            "fatalities_high": record.fatalities_high,
            "source": record.source,
            "source_scale": record.source_scale[:200],
            "notes": record.notes,
            "tags": record.tags,
            "acled_timestamp": record.timestamp,
            "import_flags": list(record.flags),
        }
        if event_type is None or len(self.problems) > before:
            return None
        return values

    def _insert(self, fresh: list[_New]) -> None:
        """New events: their ids taken first (``_NewRows.reserve``), then inserted as plain
        tuples, each row added to the run's digest (no audit event per row: the run's one
        event vouches for them by that digest)."""
        if not fresh:
            return
        self.indexes.before_insert(self.created)
        rows = _new_rows()
        ids = rows.reserve(self, len(fresh))
        run_id = self.record.pk if self.record is not None else None
        update = self.rows_sha256.update
        params = []
        for pk, new in zip(ids, fresh, strict=True):
            values = [pk, *map(new.values.__getitem__, _DIGEST_VALUES)]
            update((_encode_line([*values, new.associated]) + "\n").encode("utf-8"))
            params.append(rows.row(values, run_id))
        rows.insert(params)
        _insert_associated([(pk, new.associated) for pk, new in zip(ids, fresh, strict=True)])
        self.created += len(fresh)
        if self.rollup.suspended:
            self.rollup.months.update({new.values["event_date"].isoformat()[:7] for new in fresh})
        if self.first_id is None:
            self.first_id = ids[0]
        self.last_id = ids[-1]

    def _write(self, changes: list[_Change]) -> None:
        """Stored events whose newer version differs: the import's columns and associated
        actors updated, one ``incident.update`` event each."""
        if not changes:
            return
        links = _current_links([c.incident.pk for c in changes])
        for change in changes:
            change.old_associated, change.sources = links.get(change.incident.pk, ([], []))
        updated = [c for c in changes if c.fields_changed or c.links_changed]
        self.unchanged += len(changes) - len(updated)
        _update_source_fields([c for c in updated if c.fields_changed])
        _rewrite_associated([c for c in updated if c.links_changed])
        self.updated += len(updated)
        audit.record_many(
            user=self.actor,
            entries=(
                audit.Entry(
                    action="incident.update",
                    obj=c.incident,
                    before=_snapshot(c.old_fields or {}, c.old_associated, c.sources),
                    after=_snapshot(c.new_fields, c.associated, c.sources),
                )
                for c in updated
            ),
        )

    # --- deletions -----------------------------------------------------------------

    def retire(self, deletions: Iterable[DeletionRecord]) -> None:
        iterator = iter(deletions)
        now = timezone.now()
        while batch := list(islice(iterator, BATCH)):
            wanted = {d.event_id: d for d in batch}
            found: dict[str, Incident] = {}
            for chunk in _chunks(sorted(wanted)):
                found.update(
                    (i.event_id, i)
                    for i in Incident.objects.filter(dataset=ACLED, event_id__in=chunk)
                )
            to_retire = []
            for deletion in batch:
                incident = found.get(deletion.event_id)
                if incident is None:
                    self._reject(
                        deletion.line,
                        "event_id_cnty",
                        f"event {deletion.event_id} is not in the database; nothing to retire",
                    )
                elif incident.retired_at is None:
                    incident.retired_at = now
                    to_retire.append((incident, deletion))
            for chunk in _chunks([incident.pk for incident, _ in to_retire]):
                Incident.objects.filter(pk__in=chunk).update(retired_at=now)
            self.retired += len(to_retire)
            audit.record_many(
                user=self.actor,
                entries=(
                    audit.Entry(
                        action="incident.retire",
                        obj=incident,
                        before={"retired_at": None},
                        after={
                            "retired_at": now,
                            "reason": "withdrawn by ACLED (deletions file)",
                            "deleted_timestamp": deletion.deleted_timestamp,
                        },
                    )
                    for incident, deletion in to_retire
                ),
            )

    def finish(self, file_sha256: str) -> None:
        """Complete the run's record and write its audit event; a run that changed nothing
        is removed (as ``incident_upsert`` audits only a real change)."""
        record = self.record
        assert record is not None
        if not (self.created or self.updated or self.retired):
            record.delete()
            self.record = None
            return
        record.file_sha256 = file_sha256
        record.finished_at = timezone.now()
        record.created, record.updated = self.created, self.updated
        record.retired, record.unchanged = self.retired, self.unchanged
        record.rejected = self.rejected_count
        record.first_id, record.last_id = self.first_id, self.last_id
        record.rows_sha256 = self.rows_sha256.hexdigest() if self.created else ""
        record.save()
        audit.record(user=self.actor, action="incident.import", obj=record, after=run_facts(record))

    def summary(self, kind: str) -> IncidentImportSummary:
        return IncidentImportSummary(
            kind=kind,
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
            retired=self.retired,
            rejected=tuple(self.rejected),
            rejected_count=self.rejected_count,
            unmatched_actors=tuple(sorted(self.unmatched_actors)[:MAX_LISTED]),
            unmatched_places=tuple(sorted(self.unmatched_places)[:MAX_LISTED]),
            created_actors=self.created_actors,
            created_places=self.created_places,
            unmatched_actor_count=len(self.unmatched_actors),
            unmatched_place_count=len(self.unmatched_places),
            run_id=self.record.pk if self.record is not None else None,
            file_sha256=self.record.file_sha256 if self.record is not None else "",
        )


@dataclass(slots=True)
class _New:
    """An event the database does not hold yet: its column values, by attribute name."""

    values: dict[str, Any]
    associated: list[int]


@dataclass
class _Change:
    incident: Incident
    old_fields: dict[str, Any] | None
    new_fields: dict[str, Any]
    associated: list[int]
    old_associated: list[int] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)  # imports keep the cited sources

    @property
    def fields_changed(self) -> bool:
        return self.new_fields != self.old_fields

    @property
    def links_changed(self) -> bool:
        return sorted(self.associated) != sorted(self.old_associated)


def _free_key(model: Any, key: str) -> str:
    """``key``, or ``key-2``, ``key-3`` … if taken (by another record with another name)."""
    key = key[:110].strip("-") or "x"
    taken = set(model._default_manager.filter(key__startswith=key).values_list("key", flat=True))
    if key not in taken:
        return key
    n = 2
    while f"{key}-{n}" in taken:
        n += 1
    return f"{key}-{n}"


def _link_table(name: str) -> tuple[Any, str, str]:
    """The through model of an incident's many-to-many field, with its two id columns."""
    m2m: Any = Incident._meta.get_field(name)
    return (
        m2m.remote_field.through,
        m2m.m2m_field_name() + "_id",
        m2m.m2m_reverse_field_name() + "_id",
    )


def _current_links(ids: list[int]) -> dict[int, tuple[list[int], list[int]]]:
    """Associated actors and cited sources of these incidents, from the link tables."""
    out: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for position, name in enumerate(("associated_actors", "sources")):
        through, source, target = _link_table(name)
        for chunk in _chunks(ids):
            for incident_id, other in through._default_manager.filter(
                **{f"{source}__in": chunk}
            ).values_list(source, target):
                out[incident_id][position].append(other)
    return out


def _update_source_fields(changes: list[_Change]) -> None:
    """One UPDATE of the import-owned columns per changed incident, by executemany."""
    if not changes:
        return
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in _SOURCE_COLUMNS)
    # Names come from the model's metadata; every value is a parameter.
    sql = f"UPDATE {quote(Incident._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608
    params = [
        [f.get_db_prep_save(getattr(c.incident, f.attname), connection) for f in _SOURCE_COLUMNS]
        + [c.incident.pk]
        for c in changes
    ]
    with connection.cursor() as cursor:
        for chunk in _chunks(params):
            cursor.executemany(sql, chunk)


def _rewrite_associated(changes: list[_Change]) -> None:
    through, source, _ = _link_table("associated_actors")
    for chunk in _chunks([c.incident.pk for c in changes]):
        through._default_manager.filter(**{f"{source}__in": chunk}).delete()
    _insert_associated([(c.incident.pk, c.associated) for c in changes])


def _insert_associated(links: list[tuple[int, list[int]]]) -> None:
    through, source, target = _link_table("associated_actors")
    rows = [(pk, other) for pk, others in links for other in sorted(others)]
    insert_rows(through._meta.db_table, [source, target], rows)


def _by_event_id(dataset: str, event_ids: list[str], *columns: str) -> Iterator[tuple[Any, ...]]:
    """``columns`` of the stored events with these ids, by the (dataset, event_id) unique
    index; plain SQL, as this runs twice for every batch of a million-row import."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(name) for name in columns)
    table = quote(Incident._meta.db_table)
    with connection.cursor() as cursor:
        for chunk in _chunks(event_ids):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT {names} FROM {table} "  # noqa: S608 - names from the model, values bound
                f"WHERE {quote('dataset')} = %s AND {quote('event_id')} IN ({marks})",
                [dataset, *chunk],
            )
            yield from cursor.fetchall()


class _NewRows:
    """INSERT of new incidents as plain tuples (``core.db.insert_rows``: ``executemany``,
    or ``COPY`` on PostgreSQL), their ids chosen before the insert: no model instance, no
    per-value preparation by the fields (both cost more than the database's own work on a
    million rows), and no query to read the ids back. The columns an import does not own
    get their model default, exactly what ``Incident()`` holds, prepared once."""

    def __init__(self) -> None:
        fields = {f.attname: f for f in Incident._meta.concrete_fields}
        self.head = ("id", *_DIGEST_VALUES, "import_run_id")
        template = Incident()
        tail = [f for name, f in fields.items() if name not in self.head]
        self.tail = tuple(
            f.get_db_prep_save(f.value_from_object(template), connection) for f in tail
        )
        self.columns = [str(fields[name].column) for name in self.head] + [
            str(f.column) for f in tail
        ]
        self.table = Incident._meta.db_table
        self.vendor = connection.vendor
        # The values a tuple holds as the parsers made them, but for dates and JSON.
        self.dates = [self.head.index(name) for name in ("event_date", "event_date_end")]
        self.flags = self.head.index("import_flags")
        if self.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            self.json: Callable[[Any], Any] = Jsonb
        else:
            self.json = json.dumps

    def row(self, values: list[Any], run_id: int | None) -> tuple[Any, ...]:
        """The INSERT's parameters from ``[id, *_DIGEST_VALUES]``."""
        row = [*values, run_id]
        if self.vendor != "postgresql":  # psycopg sends dates as dates
            for position in self.dates:
                if row[position] is not None:
                    row[position] = row[position].isoformat()
        row[self.flags] = self.json(row[self.flags])
        return (*row, *self.tail)

    def insert(self, params: list[tuple[Any, ...]]) -> None:
        insert_rows(self.table, self.columns, params)

    def reserve(self, run: _Run, count: int) -> list[int]:
        """``count`` new incident ids. PostgreSQL: from the table's sequence, as a default
        would take them (safe with concurrent writers). SQLite: the next ones after the
        largest ever given (the AUTOINCREMENT rule, which an explicit id also advances); the
        import's transaction holds the database's write lock from its start
        (``transaction_mode`` IMMEDIATE), so no other writer can take them meanwhile."""
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [quote(self.table), count],
                )
                return sorted(pk for (pk,) in cursor.fetchall())
            if run.next_id is None:
                cursor.execute(f"SELECT MAX(id) FROM {quote(self.table)}")  # noqa: S608
                largest = cursor.fetchone()[0] or 0
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
                found = cursor.fetchone()
                run.next_id = max(largest, found[0] if found else 0) + 1
        first = run.next_id
        run.next_id += count
        return list(range(first, first + count))


_NEW_ROWS: dict[str, _NewRows] = {}


def _new_rows() -> _NewRows:
    """One statement per database alias (the SQL quotes names the database's way)."""
    return _NEW_ROWS.setdefault(connection.alias, _NewRows())

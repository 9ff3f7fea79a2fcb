"""Importing commitments from CSV: check every reference, then write all or nothing.

The parser (``importers.commitments_csv``) checks each line on its own. This service checks
what only the database knows (does this document, pillar, actor, clause, source, related
commitment exist?), and only when the whole file is sound does it write, in one
transaction.

It writes the way ``services.commitment_upsert`` does — same fields, same many-to-many
sets, one ``commitment.create`` or ``commitment.update`` audit event with the same
before/after snapshots per changed commitment, nothing for an unchanged one — but in bulk
(``bulk_create``/``bulk_update``, link rows inserted in batches, ``audit.record_many``):
calling the upsert 10,000 times costs some 25 queries a row, far over the time a
secretariat will wait for an upload. tests/commitments/test_imports.py holds the two paths
to the same result.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, BinaryIO

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Max

from accordwatch.commitments.importers.commitments_csv import (
    CommitmentRow,
    read_commitments,
)
from accordwatch.commitments.importers.csvfile import Problems
from accordwatch.commitments.models import Clause, Commitment, Document, Pillar
from accordwatch.core import audit
from accordwatch.core.db import insert_many
from accordwatch.core.importing import ImportProblem, ImportRejected, ImportSummary, Progress
from accordwatch.core.models import Actor, Source
from accordwatch.core.permissions import require_editor
from accordwatch.core.services import SYSTEM

KIND = "commitments"
CHUNK = 500  # keys per IN (...) query: well under every database's parameter limit

# Columns that map one-to-one onto a field of the commitment.
PLAIN_FIELDS = ("title", "summary", "theme", "deadline", "deadline_note")
# Fields that always hold a value: an empty cell keeps the current one (or the default).
VALUED_FIELDS = {
    "kind": Commitment._meta.get_field("kind").get_default(),
    "weight": Decimal("1.00"),
    "confidentiality": Commitment._meta.get_field("confidentiality").get_default(),
    "publication_state": Commitment._meta.get_field("publication_state").get_default(),
}
M2M_FIELDS = ("clauses", "responsible", "related", "sources")
SAVED_FIELDS = ("document", "pillar", *PLAIN_FIELDS, *VALUED_FIELDS)


def commitments_import_file(
    *, actor: Any, stream: BinaryIO, progress: Progress | None = None
) -> ImportSummary:
    """Read a commitments CSV (bytes) and import it. Raises ImportRejected, writing nothing,
    if anything in the file is wrong."""
    _check_editor(actor)
    problems = Problems()
    keys: set[str] = set()
    rows = list(read_commitments(stream, problems, keys=keys))
    if problems.fatal:
        raise ImportRejected(problems.items)
    return commitments_import(
        actor=actor, rows=rows, problems=problems, file_keys=keys, progress=progress
    )


def commitments_import(
    *,
    actor: Any,
    rows: Iterable[CommitmentRow],
    problems: Problems | None = None,
    file_keys: Iterable[str] = (),
    progress: Progress | None = None,
) -> ImportSummary:
    """Create or update (by key) the commitments in ``rows``, all or nothing.

    ``problems`` carries what the parser already found, so that one answer lists every
    problem of the file, and ``file_keys`` every key the file defines (lines with problems
    included). Requires an editor (or ``SYSTEM`` for operator jobs).
    """
    _check_editor(actor)
    problems = problems if problems is not None else Problems()
    rows = list(rows)
    try:
        with transaction.atomic():
            plan = _Plan.check(rows, problems, set(file_keys), progress)
            if problems:
                raise ImportRejected(problems.items)
            plan.write(actor, progress)
    except IntegrityError as error:
        # Only a concurrent writer can get here: everything was checked under the lock.
        raise ImportRejected(
            [ImportProblem(1, "", f"the database refused the import, nothing was written: {error}")]
        ) from error
    return ImportSummary(
        kind=KIND,
        created=len(plan.created),
        updated=len(plan.updated),
        unchanged=len(rows) - len(plan.created) - len(plan.updated),
    )


def _check_editor(actor: Any) -> None:
    if actor is not SYSTEM:
        require_editor(actor)


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _ids_by_key(model: type[models.Model], keys: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(keys))
    found: dict[str, int] = {}
    for chunk in _chunks(wanted):
        found.update(model._default_manager.filter(key__in=chunk).values_list("key", "id"))
    return found


def _link_table(name: str) -> tuple[type[models.Model], str, str]:
    """The through model of a many-to-many field, with its two id columns."""
    m2m = Commitment._meta.get_field(name)
    through = m2m.remote_field.through  # type: ignore[union-attr]
    return (
        through,
        m2m.m2m_field_name() + "_id",  # type: ignore[union-attr]
        m2m.m2m_reverse_field_name() + "_id",  # type: ignore[union-attr]
    )


# The fields ``audit.snapshot`` reads, in its own terms (attname → value).
_CONCRETE = [f for f in Commitment._meta.concrete_fields]


def _raw_fields(obj: Commitment) -> dict[str, Any]:
    return {f.attname: f.value_from_object(obj) for f in _CONCRETE}


def _snapshot(fields: dict[str, Any], links: dict[str, set[int]]) -> dict[str, Any]:
    """What ``audit.snapshot`` gives for a commitment with these fields and links."""
    return {**fields, **{name: sorted(links[name]) for name in M2M_FIELDS}}


Links = dict[str, set[int]]  # many-to-many field name → ids


@dataclass
class _References:
    """Every key the file names, looked up in a few queries, not one per row."""

    documents: dict[str, int]
    pillars: dict[str, int]
    actors: dict[str, int]
    sources: dict[str, int]
    clauses: dict[tuple[int, str], int]  # (document id, ref) → clause id
    commitments: dict[str, Commitment]  # the file's keys already in the database
    links: dict[int, Links]  # their current many-to-many ids
    other_commitments: dict[str, int]  # related keys that are not in the file

    @classmethod
    def load(cls, rows: list[CommitmentRow]) -> _References:
        documents = _ids_by_key(Document, (row.document for row in rows))
        clauses: dict[tuple[int, str], int] = {}
        for chunk in _chunks(sorted(set(documents.values()))):
            for doc_id, ref, clause_id in Clause.objects.filter(document_id__in=chunk).values_list(
                "document_id", "ref", "id"
            ):
                clauses[(doc_id, ref)] = clause_id
        file_keys = [row.key for row in rows]
        existing: dict[str, Commitment] = {}
        for chunk in _chunks(file_keys):
            existing.update((c.key, c) for c in Commitment.objects.filter(key__in=chunk))
        in_file = set(file_keys)
        related = {key for row in rows for key in row.related if key not in in_file}
        return cls(
            documents=documents,
            pillars=_ids_by_key(Pillar, (row.pillar for row in rows if row.pillar)),
            actors=_ids_by_key(Actor, (key for row in rows for key in row.responsible)),
            sources=_ids_by_key(Source, (key for row in rows for key in row.sources)),
            clauses=clauses,
            commitments=existing,
            links=_current_links(sorted(c.id for c in existing.values())),
            other_commitments=_ids_by_key(Commitment, related),
        )

    def links_of(self, commitment: Commitment | None) -> Links:
        found = self.links.get(commitment.id) if commitment is not None else None
        return found or {name: set() for name in M2M_FIELDS}


def _current_links(ids: list[int]) -> dict[int, Links]:
    """Read straight from the link tables: far cheaper than prefetching model instances."""
    links: dict[int, Links] = defaultdict(lambda: {name: set() for name in M2M_FIELDS})
    for name in M2M_FIELDS:
        through, source, target = _link_table(name)
        for chunk in _chunks(ids):
            for commitment_id, other_id in through._default_manager.filter(
                **{f"{source}__in": chunk}
            ).values_list(source, target):
                links[commitment_id][name].add(other_id)
    return links


@dataclass
class _Change:
    row: CommitmentRow
    obj: Commitment
    old_fields: dict[str, Any] | None  # None: a new commitment
    old_links: Links
    links: Links  # "related" is filled in once the new commitments have ids
    new_fields: dict[str, Any]  # as _raw_fields gives them once the row is applied
    related_keys: tuple[str, ...] | None = None  # None: the file has no related column

    @property
    def is_new(self) -> bool:
        return self.old_fields is None

    @property
    def fields_changed(self) -> bool:
        return self.new_fields != self.old_fields

    @property
    def links_changed(self) -> bool:
        return self.links != self.old_links


@dataclass
class _Plan:
    refs: _References
    changes: list[_Change] = field(default_factory=list)
    created: list[_Change] = field(default_factory=list)
    updated: list[_Change] = field(default_factory=list)

    @classmethod
    def check(
        cls,
        rows: list[CommitmentRow],
        problems: Problems,
        file_keys: set[str],
        progress: Progress | None,
    ) -> _Plan:
        """Resolve every reference and validate every record; write nothing."""
        refs = _References.load(rows)
        known_keys = {row.key for row in rows} | set(refs.other_commitments) | file_keys
        plan = cls(refs=refs)
        for done, row in enumerate(rows, start=1):
            change = _resolve(row, refs, known_keys, problems)
            if change is not None:
                plan.changes.append(change)
            if problems.full:
                break
            if progress and done % 500 == 0:
                progress("checking", done, len(rows))
        if progress:
            progress("checking", len(rows), len(rows))
        return plan

    def write(self, actor: Any, progress: Progress | None) -> None:
        self.created = [c for c in self.changes if c.is_new]
        _place_new_at_end(self.created)
        _insert_new([c.obj for c in self.created])
        for change in self.created:
            change.new_fields = _raw_fields(change.obj)  # now with its id and position
        ids = {**self.refs.other_commitments, **{c.obj.key: c.obj.id for c in self.changes}}
        for change in self.changes:
            if change.related_keys is not None:
                change.links["related"] = {ids[key] for key in change.related_keys}
        self.updated = [
            c for c in self.changes if not c.is_new and (c.fields_changed or c.links_changed)
        ]
        _update_fields([c for c in self.updated if c.fields_changed])
        if progress:
            progress("writing", 0, 2)
        changed = [*self.created, *self.updated]
        for name in M2M_FIELDS:
            _write_links(name, changed)
        if progress:
            progress("writing", 1, 2)
        audit.record_many(
            user=actor,
            entries=(
                audit.Entry(
                    action="commitment.create" if c.is_new else "commitment.update",
                    obj=c.obj,
                    before=None if c.is_new else _snapshot(c.old_fields or {}, c.old_links),
                    after=_snapshot(c.new_fields, c.links),
                )
                for c in changed
            ),
        )
        if progress:
            progress("writing", 2, 2)


def _resolve(
    row: CommitmentRow, refs: _References, known_keys: set[str], problems: Problems
) -> _Change | None:
    """Turn a row into the commitment it describes, or note why it cannot be."""
    ok = True

    def missing(column: str, message: str, value: str) -> None:
        nonlocal ok
        ok = False
        problems.add(row.line, column, message, value)

    columns = row.columns
    existing = refs.commitments.get(row.key)
    old_links = refs.links_of(existing)
    doc_id = refs.documents.get(row.document)
    if doc_id is None:
        missing("document", f"no document has the key {row.document!r}", row.document)
    pillar_id: int | None = None
    if "pillar" in columns and row.pillar:
        pillar_id = refs.pillars.get(row.pillar)
        if pillar_id is None:
            missing("pillar", f"no pillar has the key {row.pillar!r}", row.pillar)

    links: Links = {}
    if "clauses" in columns:
        links["clauses"] = set()
        for ref in row.clauses:
            clause_id = refs.clauses.get((doc_id, ref)) if doc_id else None
            if clause_id is None and doc_id is not None:
                missing("clauses", f"document {row.document!r} has no clause {ref!r}", ref)
            elif clause_id is not None:
                links["clauses"].add(clause_id)
    else:
        links["clauses"] = old_links["clauses"]
        moves = existing is not None and doc_id is not None and existing.document_id != doc_id
        if moves and old_links["clauses"]:
            missing(
                "document",
                "the commitment moves to another document, so its clauses must be given "
                "(add a clauses column)",
                row.document,
            )
    for name, table, label in (
        ("responsible", refs.actors, "actor"),
        ("sources", refs.sources, "source"),
    ):
        if name not in columns:
            links[name] = old_links[name]
            continue
        links[name] = set()
        for key in getattr(row, name):
            if key in table:
                links[name].add(table[key])
            else:
                missing(name, f"no {label} has the key {key!r}", key)
    related_keys: tuple[str, ...] | None = None
    if "related" in columns:
        related_keys = row.related
        for key in related_keys:
            if key not in known_keys:
                missing(
                    "related",
                    f"no commitment has the key {key!r}, in the database or in this file",
                    key,
                )
    else:
        links["related"] = old_links["related"]
    if not ok or doc_id is None:
        return None

    old_fields = _raw_fields(existing) if existing is not None else None
    obj = existing if existing is not None else Commitment(key=row.key)
    obj.document_id = doc_id
    if "pillar" in columns:
        obj.pillar_id = pillar_id
    for name in PLAIN_FIELDS:
        if name in columns:
            setattr(obj, name, getattr(row, name))
    for name, default in VALUED_FIELDS.items():
        value = getattr(row, name) if name in columns else None
        if value is not None:
            setattr(obj, name, value)
        elif existing is None:
            setattr(obj, name, default)
    # No full_clean() here: the parser has checked every field against the model's rules
    # (test_importers keeps the two in step) and references are checked above.
    return _Change(
        row=row,
        obj=obj,
        old_fields=old_fields,
        old_links=old_links,
        links=links,
        new_fields=_raw_fields(obj),
        related_keys=related_keys,
    )


def _place_new_at_end(new: list[_Change]) -> None:
    """New commitments go after those already in their document, in file order."""
    doc_ids = {c.obj.document_id for c in new}
    last = dict(
        Commitment.objects.filter(document_id__in=doc_ids)
        .values("document_id")
        .annotate(last=Max("position"))
        .values_list("document_id", "last")
    )
    for change in new:
        position = last.get(change.obj.document_id) or 0
        change.obj.position = last[change.obj.document_id] = position + 1


# New rows, updates and link rows go through ``executemany``: Django's bulk_update builds a
# CASE expression per field and row (milliseconds a row), and bulk_create compiles SQL per
# object. Values are prepared by the fields themselves, as save() would.


def _insert_new(objects: list[Commitment]) -> None:
    insert_many(Commitment, objects, batch_size=CHUNK)
    ids = _ids_by_key(Commitment, (obj.key for obj in objects))
    for obj in objects:
        obj.id = ids[obj.key]
        obj._state.adding = False


def _update_fields(changes: list[_Change]) -> None:
    """UPDATE only the columns that changed: one statement per set of changed columns."""
    by_columns: dict[tuple[str, ...], list[_Change]] = defaultdict(list)
    for change in changes:
        old = change.old_fields or {}
        changed = tuple(
            name
            for name in SAVED_FIELDS
            if change.new_fields[_ATTNAME[name]] != old.get(_ATTNAME[name])
        )
        by_columns[changed].append(change)
    quote = connection.ops.quote_name
    table = quote(Commitment._meta.db_table)
    with connection.cursor() as cursor:
        for names, group in by_columns.items():
            fields = [_CONCRETE_BY_NAME[name] for name in names]
            assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)
            # Names come from the model's metadata; every value is a parameter.
            sql = f"UPDATE {table} SET {assignments} WHERE id = %s"  # noqa: S608
            params = [
                [f.get_db_prep_save(getattr(c.obj, f.attname), connection) for f in fields]
                + [c.obj.id]
                for c in group
            ]
            for chunk in _chunks(params):
                cursor.executemany(sql, chunk)


_CONCRETE_BY_NAME = {f.name: f for f in _CONCRETE}
_ATTNAME = {name: _CONCRETE_BY_NAME[name].attname for name in SAVED_FIELDS}


def _write_links(name: str, changes: list[_Change]) -> None:
    """Replace the links of ``name`` for the commitments whose set changed."""
    through, source, target = _link_table(name)
    stale: list[int] = []
    rows: list[tuple[int, int]] = []
    for change in changes:
        new_ids = change.links[name]
        if new_ids == change.old_links[name]:
            continue
        if not change.is_new:
            stale.append(change.obj.id)
        rows.extend((change.obj.id, other) for other in sorted(new_ids))
    for chunk in _chunks(stale):
        through._default_manager.filter(**{f"{source}__in": chunk}).delete()
    quote = connection.ops.quote_name
    table = quote(through._meta.db_table)
    sql = f"INSERT INTO {table} ({quote(source)}, {quote(target)}) VALUES (%s, %s)"  # noqa: S608
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, 5000):
            cursor.executemany(sql, chunk)

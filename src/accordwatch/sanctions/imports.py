"""Importing the UN consolidated list: all or nothing, with history.

Each import is a ``ListImport``. The parser streams entries (``importers/un_xml.py``);
this service compares each one with the entry as the previous import left it and writes
an ``EntryVersion`` only for what changed: an entry that is new (or back after a
delisting), one whose record differs (the changed fields are named), and, once the file
has been read to its end, one that the previous import had and this file lacks (delisted).
Nothing is overwritten silently: the entry's row holds the latest state, its versions the
history. Every change is one audit event, written in the import's transaction.

A file refused anywhere (hostile, malformed, not the UN format, a bad entry) writes
nothing. Importing the file that was imported last again changes nothing and records no
new import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Any, BinaryIO

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accordwatch.core import audit
from accordwatch.core import services as core_services
from accordwatch.core.importing import (
    ImportProblem,
    ImportRejected,
    ImportSummary,
    Problems,
    Progress,
)
from accordwatch.core.models import Confidentiality, PublicationState
from accordwatch.core.permissions import require_editor
from accordwatch.sanctions.importers.records import PERSON, ListedRecord
from accordwatch.sanctions.importers.un_xml import parse_un_list
from accordwatch.sanctions.models import (
    Alias,
    Entry,
    EntryVersion,
    ListImport,
    ListImportKind,
    RegimeOrigin,
    VersionChange,
)
from accordwatch.sanctions.services import regime_for_list_type

KIND = "un-sanctions"
BATCH = 500
MAX_LISTED = 50  # reference numbers listed per kind of change in the summary

# Entry columns copied from the record (the rest of the record stays in ``data``).
_COPIED = (
    "regime_id",
    "data_id",
    "kind",
    "first_name",
    "second_name",
    "third_name",
    "fourth_name",
    "name",
    "original_script",
    "listed_on",
    "gender",
    "nationalities",
    "birth_dates",
    "birth_places",
    "documents",
    "addresses",
    "comments",
    "data",
)


@dataclass(frozen=True, slots=True)
class SanctionsImportSummary(ImportSummary):
    """``created`` counts entries added, ``updated`` entries amended."""

    removed: int = 0
    relisted: int = 0
    individuals: int = 0
    entities: int = 0
    generated_at: dt.datetime | None = None
    already_imported: bool = False  # the same file as the last import: nothing recorded
    list_import_id: int | None = None
    list_types: tuple[tuple[str, int], ...] = ()  # entries per list type in the file
    added_refs: tuple[str, ...] = ()
    changed_refs: tuple[str, ...] = ()
    removed_refs: tuple[str, ...] = ()
    relisted_refs: tuple[str, ...] = ()
    removed_per_list: tuple[tuple[str, int], ...] = ()

    def __str__(self) -> str:
        generated = (
            self.generated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
            if self.generated_at
            else "at an unstated date"
        )
        lines = [
            f"{self.kind}: list generated {generated}: {self.individuals} individuals, "
            f"{self.entities} entities"
        ]
        if self.already_imported:
            lines.append("  the same file as the last import: nothing changed")
            return "\n".join(lines)
        lines.append(
            f"  against the previous import: {self.created} added, {self.updated} changed, "
            f"{self.removed} removed, {self.relisted} listed again, {self.unchanged} unchanged"
        )
        lines.append(
            "  per list: " + ", ".join(f"{name} {count}" for name, count in self.list_types)
        )
        if self.removed_per_list:
            lines.append(
                "  removed per list: "
                + ", ".join(f"{name} {count}" for name, count in self.removed_per_list)
            )
        for label, refs, count in (
            ("added", self.added_refs, self.created),
            ("changed", self.changed_refs, self.updated),
            ("removed", self.removed_refs, self.removed),
            ("listed again", self.relisted_refs, self.relisted),
        ):
            if refs:
                more = f" … and {count - len(refs)} more" if count > len(refs) else ""
                lines.append(f"  {label}: {' '.join(refs)}{more}")
        return "\n".join(lines)


class _HashingReader:
    """Passes reads through and hashes what it passes: the file's sha256 costs no second
    read."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        block = self.stream.read(size)
        self.sha256.update(block)
        return block


def _changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))


@dataclass
class _Run:
    actor: Any
    list_import: ListImport
    regimes: dict[str, int] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    kinds: Counter[str] = field(default_factory=Counter)
    list_types: Counter[str] = field(default_factory=Counter)
    refs: dict[str, list[str]] = field(default_factory=lambda: {c: [] for c in VersionChange})
    counts: Counter[str] = field(default_factory=Counter)
    removed_per_list: Counter[str] = field(default_factory=Counter)
    done: int = 0
    scope: frozenset[str] | None = None  # list types this import covers; None: all

    def _regime_id(self, list_type: str) -> int:
        if list_type not in self.regimes:
            regime = regime_for_list_type(actor=self.actor, list_type=list_type)
            self.regimes[list_type] = regime.pk
        return self.regimes[list_type]

    def _note(self, change: str, reference: str) -> None:
        self.counts[change] += 1
        if len(self.refs[change]) < MAX_LISTED:
            self.refs[change].append(reference)

    def _fill(self, entry: Entry, record: ListedRecord, data: dict[str, Any]) -> None:
        parts = record.name_parts
        entry.regime_id = self._regime_id(record.list_type)
        entry.data_id = record.data_id
        entry.kind = record.kind
        entry.first_name, entry.second_name, entry.third_name, entry.fourth_name = parts
        entry.name = record.name or record.reference_number
        entry.original_script = record.original_script
        entry.listed_on = record.listed_on
        entry.gender = record.gender
        entry.nationalities = data["nationalities"]
        entry.birth_dates = data["birth_dates"]
        entry.birth_places = data["birth_places"]
        entry.documents = data["documents"]
        entry.addresses = data["addresses"]
        entry.comments = record.comments
        entry.data = data

    def write_batch(self, batch: Sequence[ListedRecord]) -> None:
        if self.scope is not None:
            batch = [record for record in batch if record.list_type in self.scope]
        references = [record.reference_number for record in batch]
        existing = {
            e.reference_number: e for e in Entry.objects.filter(reference_number__in=references)
        }
        created: list[tuple[Entry, dict[str, Any]]] = []
        updated: list[tuple[Entry, str, dict[str, Any], dict[str, Any]]] = []
        for record in batch:
            self.done += 1
            self.seen.add(record.reference_number)
            self.kinds[record.kind] += 1
            self.list_types[record.list_type] += 1
            data = record.as_data()
            entry = existing.get(record.reference_number)
            if entry is None:
                entry = Entry(
                    reference_number=record.reference_number,
                    confidentiality=Confidentiality.PUBLIC,
                    publication_state=PublicationState.PUBLISHED,
                    first_import=self.list_import,
                )
                self._fill(entry, record, data)
                created.append((entry, data))
                self._note(VersionChange.ADDED, record.reference_number)
                continue
            before = entry.data
            if entry.removed_in_id is not None:
                change = VersionChange.RELISTED
                entry.removed_in = None
            elif before != data:
                change = VersionChange.CHANGED
            else:
                self.counts["unchanged"] += 1
                continue
            self._fill(entry, record, data)
            updated.append((entry, change, before, data))
            self._note(change, record.reference_number)
        self._write(created, updated)

    def _write(
        self,
        created: list[tuple[Entry, dict[str, Any]]],
        updated: list[tuple[Entry, str, dict[str, Any], dict[str, Any]]],
    ) -> None:
        Entry.objects.bulk_create([entry for entry, _ in created])
        if updated:
            _update_entries([entry for entry, *_ in updated])
            Alias.objects.filter(entry__in=[entry for entry, *_ in updated]).delete()
        aliases: list[Alias] = []
        versions: list[EntryVersion] = []
        events: list[audit.Entry] = []
        for entry, data in created:
            aliases += _aliases(entry, data)
            versions.append(self._version(entry, VersionChange.ADDED, [], data))
            events.append(audit.Entry("sanctions_entry.add", entry, None, data))
        for entry, change, before, data in updated:
            aliases += _aliases(entry, data)
            fields = _changed_fields(before, data)
            versions.append(self._version(entry, change, fields, data))
            action = "relist" if change == VersionChange.RELISTED else "change"
            events.append(audit.Entry(f"sanctions_entry.{action}", entry, before, data))
        Alias.objects.bulk_create(aliases, batch_size=BATCH)
        EntryVersion.objects.bulk_create(versions, batch_size=BATCH)
        audit.record_many(user=self.actor, entries=events)

    def _version(
        self, entry: Entry, change: str, fields: list[str], data: dict[str, Any]
    ) -> EntryVersion:
        return EntryVersion(
            entry=entry,
            list_import=self.list_import,
            change=change,
            changed_fields=fields,
            data=data,
        )

    def remove_missing(self) -> None:
        """Delist what the previous import listed and this file lacks."""
        # The body's own lists are in no UN file: only their editors delist their entries.
        listed_entries = Entry.objects.filter(
            removed_in__isnull=True, regime__origin=RegimeOrigin.UN
        )
        if self.scope is not None:
            listed_entries = listed_entries.filter(regime__list_type__in=self.scope)
        listed = listed_entries.values_list("pk", "reference_number")
        gone = [pk for pk, reference in listed.iterator() if reference not in self.seen]
        for start in range(0, len(gone), BATCH):
            entries = list(Entry.objects.filter(pk__in=gone[start : start + BATCH]))
            for entry in entries:
                entry.removed_in = self.list_import
                self._note(VersionChange.REMOVED, entry.reference_number)
                self.removed_per_list[entry.data.get("list_type", "")] += 1
            Entry.objects.bulk_update(entries, ["removed_in"])
            EntryVersion.objects.bulk_create(
                [self._version(e, VersionChange.REMOVED, [], e.data) for e in entries]
            )
            audit.record_many(
                user=self.actor,
                entries=[
                    audit.Entry("sanctions_entry.remove", e, {"listed": True}, {"listed": False})
                    for e in entries
                ],
            )

    @property
    def changes(self) -> int:
        return sum(self.counts[change] for change in VersionChange)


_COLUMNS = {field.attname: field for field in Entry._meta.concrete_fields}
_UPDATED = [_COLUMNS[name] for name in (*_COPIED, "removed_in_id")]


def _update_entries(entries: list[Entry]) -> None:
    """One UPDATE per changed entry, by executemany: Django's ``bulk_update`` builds a
    CASE expression per column and row, which made amending 700 entries take seconds."""
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(field.column))} = %s" for field in _UPDATED)
    # Names come from the model's metadata; every value is a parameter.
    sql = f"UPDATE {quote(Entry._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608
    params = [
        [field.get_db_prep_save(getattr(entry, field.attname), connection) for field in _UPDATED]
        + [entry.pk]
        for entry in entries
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _aliases(entry: Entry, data: dict[str, Any]) -> list[Alias]:
    return [
        Alias(
            entry=entry,
            quality=part.get("quality", ""),
            name=part["name"],
            date_of_birth=part.get("date_of_birth", ""),
            city_of_birth=part.get("city_of_birth", ""),
            country_of_birth=part.get("country_of_birth", ""),
            note=part.get("note", ""),
        )
        for part in data["aliases"]
        if part.get("name")
    ]


def un_list_import(
    *,
    actor: Any,
    stream: BinaryIO,
    progress: Progress | None = None,
    file_name: str = "",
    list_types: Collection[str] | None = None,
) -> SanctionsImportSummary:
    """Import a UN consolidated list file, all or nothing; requires an editor (or SYSTEM).

    ``list_types``, if given, limits the import to those lists: other entries in the file
    are skipped, and only entries of those lists can be delisted (the demo loads the Mali
    list alone this way). Raises ImportRejected, with every problem found and nothing
    written, if the file is refused."""
    if actor is not core_services.SYSTEM:
        require_editor(actor)
    file_name = file_name or str(getattr(stream, "name", "") or "upload")
    hashing = _HashingReader(stream)
    problems = Problems()
    reader = parse_un_list(hashing, problems=problems)  # type: ignore[arg-type]
    previous = (
        ListImport.objects.filter(kind=ListImportKind.FILE).order_by("-imported_at", "-id").first()
    )
    try:
        with transaction.atomic():
            list_import = ListImport.objects.create(
                file_name=file_name.rsplit("/", 1)[-1][:255],
                sha256="",
                imported_at=timezone.now(),
                imported_by=actor if actor is not core_services.SYSTEM else None,
                confidentiality=Confidentiality.PUBLIC,
                publication_state=PublicationState.PUBLISHED,
            )
            scope = frozenset(list_types) if list_types is not None else None
            run = _Run(actor=actor, list_import=list_import, scope=scope)
            records = iter(reader)
            while batch := list(islice(records, BATCH)):
                run.write_batch(batch)
                if progress:
                    progress("writing", run.done, run.done)
            if problems:
                raise ImportRejected(problems.items)
            run.remove_missing()
            summary = _finish(run, list_import, reader.header, hashing.sha256.hexdigest())
            if previous is not None and previous.sha256 == list_import.sha256 and run.changes == 0:
                # Nothing to record: undo the import row this transaction wrote.
                transaction.set_rollback(True)
                return replace(summary, already_imported=True, list_import_id=previous.pk)
            audit.record(
                user=actor,
                action="sanctions_import.create",
                obj=list_import,
                after=audit.snapshot(list_import),
            )
            return summary
    except IntegrityError as error:
        # Only a concurrent import can get here: the entries were read in the transaction.
        raise ImportRejected(
            [ImportProblem(1, "", f"the database refused the import, nothing was written: {error}")]
        ) from error


def _finish(run: _Run, list_import: ListImport, header: Any, sha256: str) -> SanctionsImportSummary:
    list_import.sha256 = sha256
    list_import.generated_at = header.generated_at if header is not None else None
    list_import.individuals = run.kinds[PERSON]
    list_import.entities = run.done - run.kinds[PERSON]
    list_import.added = run.counts[VersionChange.ADDED] + run.counts[VersionChange.RELISTED]
    list_import.changed = run.counts[VersionChange.CHANGED]
    list_import.removed = run.counts[VersionChange.REMOVED]
    list_import.unchanged = run.counts["unchanged"]
    list_import.save()
    return SanctionsImportSummary(
        kind=KIND,
        created=run.counts[VersionChange.ADDED],
        updated=run.counts[VersionChange.CHANGED],
        unchanged=run.counts["unchanged"],
        removed=run.counts[VersionChange.REMOVED],
        relisted=run.counts[VersionChange.RELISTED],
        individuals=list_import.individuals,
        entities=list_import.entities,
        generated_at=list_import.generated_at,
        list_import_id=list_import.pk,
        list_types=tuple(sorted(run.list_types.items())),
        added_refs=tuple(run.refs[VersionChange.ADDED]),
        changed_refs=tuple(run.refs[VersionChange.CHANGED]),
        removed_refs=tuple(run.refs[VersionChange.REMOVED]),
        relisted_refs=tuple(run.refs[VersionChange.RELISTED]),
        removed_per_list=tuple(sorted(run.removed_per_list.items())),
    )


def un_list_import_file(
    *, actor: Any, stream: BinaryIO, progress: Progress | None = None, file_name: str = ""
) -> SanctionsImportSummary:
    """``accordwatch import un-sanctions FILE``: the handler the import registry calls (the
    upload page passes the name the user's file had)."""
    return un_list_import(actor=actor, stream=stream, progress=progress, file_name=file_name)

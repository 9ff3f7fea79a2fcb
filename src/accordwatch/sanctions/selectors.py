"""Every read of sanctions records that a page or the API needs, filtered by who reads.

The visibility rule is the house one (``visible_to``): the UN list is public once
imported, but an editor may hold a regime or an entry back (internal, restricted, draft),
and then only those allowed see it, here and in every list that would name it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Count, F, Q, QuerySet

from accordwatch.core.permissions import can_edit
from accordwatch.sanctions.models import (
    Entry,
    EntryVersion,
    HitDecision,
    ListImport,
    ListImportKind,
    Regime,
    ScreeningHit,
    ScreeningRun,
    VersionChange,
)


def visible_regimes(user: Any) -> QuerySet[Regime]:
    """Regimes with how many of their visible entries are listed and delisted."""
    entries = Entry.objects.visible_to(user)
    regimes = cast("QuerySet[Regime]", Regime.objects.visible_to(user))
    return regimes.annotate(
        listed_count=Count(
            "entries", filter=Q(entries__in=entries, entries__removed_in__isnull=True)
        ),
        delisted_count=Count(
            "entries", filter=Q(entries__in=entries, entries__removed_in__isnull=False)
        ),
    ).order_by("name")


def regime_for(user: Any, key: str) -> Regime | None:
    return Regime.objects.visible_to(user).filter(key=key).first()


def regime_entries(user: Any, regime: Regime) -> QuerySet[Entry]:
    """The regime's entries, listed first, then by reference number."""
    return (
        Entry.objects.visible_to(user)
        .filter(regime=regime)
        .select_related("removed_in")
        .order_by(F("removed_in").asc(nulls_first=True), "reference_number")
    )


def entry_for(user: Any, reference_number: str) -> Entry | None:
    return (
        Entry.objects.visible_to(user)
        .filter(reference_number=reference_number, regime__in=Regime.objects.visible_to(user))
        .select_related("regime", "actor", "removed_in", "first_import")
        .prefetch_related("aliases")
        .first()
    )


def entry_history(entry: Entry) -> QuerySet[EntryVersion]:
    """The entry's versions, newest first (the caller has already checked the entry is
    visible)."""
    return entry.versions.select_related("list_import").order_by("-list_import__imported_at", "-id")


def visible_imports(user: Any) -> QuerySet[ListImport]:
    return ListImport.objects.visible_to(user).order_by("-imported_at", "-id")


def latest_import(user: Any) -> ListImport | None:
    """The latest import of a UN file (changes by hand to the body's own lists are list
    versions too, shown in the entries' histories and the list of versions)."""
    return visible_imports(user).filter(kind=ListImportKind.FILE).first()


def import_for(user: Any, pk: int) -> ListImport | None:
    return visible_imports(user).filter(pk=pk).first()


def previous_import(user: Any, list_import: ListImport) -> ListImport | None:
    return (
        visible_imports(user)
        .filter(
            Q(imported_at__lt=list_import.imported_at)
            | Q(imported_at=list_import.imported_at, id__lt=list_import.pk)
        )
        .first()
    )


@dataclass(frozen=True)
class ImportChanges:
    added: list[EntryVersion]
    changed: list[EntryVersion]
    removed: list[EntryVersion]
    relisted: list[EntryVersion]

    @property
    def total(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed) + len(self.relisted)


def import_changes(user: Any, list_import: ListImport) -> ImportChanges:
    """What one import changed, for the entries this reader may see."""
    versions = (
        list_import.versions.filter(
            entry__in=Entry.objects.visible_to(user),
            entry__regime__in=Regime.objects.visible_to(user),
        )
        .select_related("entry", "entry__regime")
        .order_by("entry__reference_number")
    )
    grouped: dict[str, list[EntryVersion]] = {change: [] for change in VersionChange}
    for version in versions:
        grouped[version.change].append(version)
    return ImportChanges(
        added=grouped[VersionChange.ADDED],
        changed=grouped[VersionChange.CHANGED],
        removed=grouped[VersionChange.REMOVED],
        relisted=grouped[VersionChange.RELISTED],
    )


def entry_list(
    user: Any,
    *,
    regime_key: str | None = None,
    listed: bool | None = None,
    name: str | None = None,
) -> QuerySet[Entry]:
    """Entries the reader may see, by reference number; ``name`` is a plain substring of
    the name or an alias (screening, which matches spellings, is another module)."""
    entries = (
        Entry.objects.visible_to(user)
        .filter(regime__in=Regime.objects.visible_to(user))
        .select_related("regime")
    )
    if regime_key:
        entries = entries.filter(regime__key=regime_key)
    if listed is not None:
        entries = entries.filter(removed_in__isnull=listed)
    if name:
        matching = Q(name__icontains=name) | Q(aliases__name__icontains=name)
        entries = entries.filter(pk__in=Entry.objects.filter(matching).values("pk"))
    return cast("QuerySet[Entry]", entries.order_by("reference_number"))


# Screening: runs, hits and verdicts are restricted; anyone but an editor gets nothing.


def visible_screening_runs(user: Any) -> QuerySet[ScreeningRun]:
    if not can_edit(user):
        return ScreeningRun.objects.none()
    return ScreeningRun.objects.select_related("user", "list_import").order_by("-started_at", "-id")


def screening_run_for(user: Any, pk: int) -> ScreeningRun | None:
    return visible_screening_runs(user).filter(pk=pk).first()


def screening_hit_for(user: Any, pk: int) -> ScreeningHit | None:
    if not can_edit(user):
        return None
    return ScreeningHit.objects.select_related("entry", "run").filter(pk=pk).first()


def decisions_for(
    user: Any, pairs: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], HitDecision]:
    """The verdicts already given on these (query key, entry pk) pairs."""
    if not can_edit(user):
        return {}
    wanted = set(pairs)
    if not wanted:
        return {}
    found = HitDecision.objects.select_related("decided_by").filter(
        query_key__in={key for key, _ in wanted}, entry_id__in={pk for _, pk in wanted}
    )
    return {(d.query_key, d.entry_id): d for d in found if (d.query_key, d.entry_id) in wanted}


def screening_run_hits(user: Any, run: ScreeningRun, *, limit: int = 1000) -> list[ScreeningHit]:
    """The run's first ``limit`` hits by input row and score (a file's run may hold many
    more), each with ``decision`` (the verdict on its name and entry, from this run or an
    earlier one, or None)."""
    if not can_edit(user):
        return []
    ordered = run.hits.select_related("entry", "entry__regime").order_by("row", "-score", "id")
    hits = list(ordered[:limit])
    decisions = decisions_for(user, ((h.query_key, h.entry_id) for h in hits))
    for hit in hits:
        hit.decision = decisions.get((hit.query_key, hit.entry_id))  # type: ignore[attr-defined]
    return hits

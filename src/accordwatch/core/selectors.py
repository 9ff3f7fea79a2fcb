"""Reads of core records that pages and the API need.

Each read that is not public checks the reader's role itself, as services do for writes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from accordwatch.core.models import Actor, AuditEvent, Place, PlaceKind, Source, User
from accordwatch.core.permissions import require_admin, require_editor


def user_list(*, user: Any) -> QuerySet[User]:
    """Every login with its role, for admins."""
    require_admin(user)
    return User.objects.order_by("username")


def audit_events(
    *, user: Any, object_type: str = "", object_id: str = "", action: str = ""
) -> QuerySet[AuditEvent]:
    """The audit log, newest first. Editors and admins only: it holds every record's past,
    restricted ones included."""
    require_editor(user)
    events = AuditEvent.objects.order_by("-seq")
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if action:
        events = events.filter(action__startswith=action)
    return events


def audit_object_types(*, user: Any) -> list[str]:
    require_editor(user)
    return list(
        AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    )


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any
    changed: bool


_NOT_SHOWN = {"id"}
_EMPTY: tuple[Any, ...] = (None, "", [], {})


def audit_changes(event: AuditEvent) -> list[FieldChange]:
    """What the event changed, field by field: only the changed fields of an update; every
    field of a creation or a removal."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    both = event.before is not None and event.after is not None
    changes = []
    for name in sorted(set(before) | set(after)):
        if name in _NOT_SHOWN:
            continue
        old, new = before.get(name), after.get(name)
        if both and old == new:
            continue
        # A creation's empty fields say nothing; leave them out to keep the log readable.
        if not both and (old if event.after is None else new) in _EMPTY:
            continue
        changes.append(FieldChange(field=name, before=old, after=new, changed=both))
    return changes


# --- matching names from imported files to the gazetteer -------------------------------

# "Military Forces of Mali (2013-)": ACLED dates a government's forces; the date is not part
# of the name our gazetteer holds. "(Mali)" in "Civilians (Mali)" is kept: it is no date.
_DATED_SUFFIX = re.compile(r"\s*\(\s*\d{4}\s*-\s*(\d{4})?\s*\)\s*$")


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


class ActorNames:
    """Finds actors by a name as a dataset writes it: exactly (English, French or Arabic
    name, or acronym, case and spacing aside), or ACLED's "ACRONYM: Full name" form by
    either part, or without a trailing date range. A name that fits two actors matches
    none (and says so): a wrong link is worse than none.

    Reads every actor once (a gazetteer holds thousands, not millions); meant for imports.
    """

    def __init__(self) -> None:
        self._names: dict[str, set[int]] = {}
        self._acronyms: dict[str, set[int]] = {}
        for pk, name_en, name_fr, name_ar, acronym in Actor.objects.values_list(
            "pk", "name_en", "name_fr", "name_ar", "acronym"
        ):
            self.add(pk, names=(name_en, name_fr, name_ar), acronym=acronym)

    def add(self, pk: int, *, names: tuple[str, ...], acronym: str = "") -> None:
        for name in names:
            if name:
                self._names.setdefault(_fold(name), set()).add(pk)
        if acronym:
            self._acronyms.setdefault(_fold(acronym), set()).add(pk)

    def _candidates(self, name: str) -> list[set[int]]:
        folded = _fold(name)
        found = [self._names.get(folded, set()), self._acronyms.get(folded, set())]
        undated = _fold(_DATED_SUFFIX.sub("", name))
        if undated != folded:
            found.append(self._names.get(undated, set()))
        if ": " in name:
            acronym, rest = name.split(": ", 1)
            undated_rest = _DATED_SUFFIX.sub("", rest)
            # "CMA: … (Splinter Faction)", "MAA: … (Platform)": a qualified name is a wing
            # or a faction, not the group its acronym names.
            if not undated_rest.rstrip().endswith(")"):
                found.append(self._acronyms.get(_fold(acronym), set()))
            found.append(self._names.get(_fold(rest), set()))
            found.append(self._names.get(_fold(undated_rest), set()))
        return found

    def find(self, name: str) -> int | None:
        """The one actor ``name`` designates, or None (unknown or ambiguous). The first
        rule that gives exactly one actor wins."""
        if not name.strip():
            return None
        for ids in self._candidates(name):
            if len(ids) == 1:
                return next(iter(ids))
            if len(ids) > 1:
                return None
        return None

    def is_ambiguous(self, name: str) -> bool:
        for ids in self._candidates(name):
            if ids:
                return len(ids) > 1
        return False


@dataclass(frozen=True)
class PlaceMatch:
    place_id: int | None  # the most precise place found (None: not even the country)
    missing: tuple[tuple[str, str], ...]  # (kind, name) of the levels not found, top down


class PlaceNames:
    """Finds a place from a dataset's path of names (country, admin 1–3, location), each
    level looked up among the children of the level above, by name or alternate name.

    Localities are looked up under the most precise level found, at any depth below it (a
    gazetteer may hang a town directly under its region). Reads the gazetteer once.
    """

    LEVELS = (
        PlaceKind.COUNTRY,
        PlaceKind.ADMIN1,
        PlaceKind.ADMIN2,
        PlaceKind.ADMIN3,
        PlaceKind.LOCALITY,
    )

    def __init__(self) -> None:
        self._parent: dict[int, int | None] = {}
        self._by_name: dict[tuple[str, str], set[int]] = {}
        for pk, kind, name, alternates, parent_id in Place.objects.values_list(
            "pk", "kind", "name", "alternate_names", "parent_id"
        ):
            self.add(pk, kind=kind, names=(name, *(alternates or ())), parent_id=parent_id)

    def add(self, pk: int, *, kind: str, names: tuple[str, ...], parent_id: int | None) -> None:
        self._parent[pk] = parent_id
        for name in names:
            if isinstance(name, str) and name:
                self._by_name.setdefault((kind, _fold(name)), set()).add(pk)

    def _under(self, pk: int, ancestor: int | None) -> bool:
        if ancestor is None:
            return True
        seen = 0
        current = self._parent.get(pk)
        while current is not None and seen < 20:  # a cycle in bad data must not hang us
            if current == ancestor:
                return True
            current, seen = self._parent.get(current), seen + 1
        return False

    def _one(self, kind: str, name: str, ancestor: int | None) -> int | None:
        ids = self._by_name.get((kind, _fold(name)), set())
        found = [pk for pk in ids if self._under(pk, ancestor)]
        return found[0] if len(found) == 1 else None

    def find(self, *names: str) -> PlaceMatch:
        """``names`` are country, admin1, admin2, admin3, location; empty ones are skipped.

        Each level is looked up anywhere below the last one found. A country or region not
        found stops the search (nothing below it can be placed safely); a district or commune
        the gazetteer lacks is stepped over, since many gazetteers hold towns straight under
        their region. ``missing`` lists what would have to be added, top down; nothing when
        the locality itself was found."""
        current: int | None = None
        skipped: list[tuple[str, str]] = []
        admin_names = {_fold(n) for n in names[1:4] if n}
        for depth, (kind, name) in enumerate(zip(self.LEVELS, names, strict=False)):
            if not name:
                continue
            found = self._one(kind, name, current)
            if found is not None:
                current = found
                continue
            if kind in (PlaceKind.ADMIN2, PlaceKind.ADMIN3) and current is not None:
                skipped.append((str(kind), name))
                continue
            if kind == PlaceKind.LOCALITY and _fold(name) in admin_names:
                # ACLED often names a commune's chief town after the commune itself.
                return PlaceMatch(current, tuple(skipped))
            rest = [
                (str(k), n) for k, n in zip(self.LEVELS[depth:], names[depth:], strict=False) if n
            ]
            return PlaceMatch(current, (*skipped, *rest))
        locality = names[4] if len(names) > 4 else ""
        return PlaceMatch(current, () if locality and current is not None else tuple(skipped))


def sources_of(*, user: Any, records: Sequence[Any]) -> dict[int, list[Source]]:
    """The visible sources cited by each record (by its pk), in two queries whatever the
    number of records: for tables that show each row's sources."""
    if not records:
        return {}
    model = type(records[0])
    through = model.sources.through
    owner = f"{model._meta.model_name}_id"
    pairs = list(
        through.objects.filter(**{f"{owner}__in": [r.pk for r in records]}).values_list(
            owner, "source_id"
        )
    )
    visible = {
        s.pk: s for s in Source.objects.visible_to(user).filter(pk__in={s for _, s in pairs})
    }
    out: dict[int, list[Source]] = defaultdict(list)
    for owner_id, source_id in pairs:
        if source_id in visible:
            out[owner_id].append(visible[source_id])
    return dict(out)

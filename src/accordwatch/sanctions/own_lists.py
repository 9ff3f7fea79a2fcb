"""The body's own lists: regimes no UN file carries, whose entries editors write by hand.

A change by hand is kept the way an import keeps one: each is a ``ListImport`` of kind
"hand" (who, when, why) with an ``EntryVersion`` of the entry as it became, so an amendment
or a delisting shows in the entry's history and is never a silent overwrite. That new list
version is also what tells the screening index to rebuild (it is keyed on the latest
version), so the next screening finds an entry added a moment before.

Every service: editors only, one transaction, one audit event.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accordwatch.commitments.models import Commitment
from accordwatch.core import audit
from accordwatch.core.models import Confidentiality, PublicationState
from accordwatch.sanctions.models import (
    Alias,
    AliasQuality,
    Entry,
    EntryKind,
    EntryVersion,
    ListImport,
    ListImportKind,
    Regime,
    RegimeOrigin,
    RegimeStatus,
    VersionChange,
)
from accordwatch.sanctions.services import check_editor, regime_fields_check, set_regime_links

KEY_PREFIX = "own-"
MAX_KEY_SLUG = 30  # the reference numbers ("OWN-<slug>.001") must fit in 40 characters

_YEAR = re.compile(r"^\d{4}$")
_RANGE = re.compile(r"^(\d{4})\s*[-–/]\s*(\d{4})$")


def birth_date_part(text: str) -> dict[str, str]:
    """One date of birth as the list stores it: "1970-05-01" (a day), "1970" (a year) or
    "1960-1965" (born between those years). Raises ValueError on anything else."""
    text = text.strip()
    if _YEAR.match(text):
        return {"type": "exact", "year": text}
    if found := _RANGE.match(text):
        first, last = found.groups()
        if int(last) < int(first):
            raise ValueError(f"{text}: the second year comes before the first")
        return {"type": "between", "from_year": first, "to_year": last}
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{text}: write a day (1970-05-01), a year (1970) or two years (1960-1965)"
        ) from None
    return {"type": "exact", "date": day.isoformat()}


# A document and an address as the UN importer stores them (its keys, in its order), so the
# entry page and the history read a hand-written one like an imported one. An editor writes
# each on one line, its parts in this order separated by semicolons; the last part, the note,
# keeps any further semicolons.
DOCUMENT_FIELDS = ("type", "number", "issuing_country", "date_of_issue", "note")
ADDRESS_FIELDS = ("street", "city", "state_province", "country", "note")
PART_SEPARATOR = ";"
MAX_PART_VALUE = 300


def _part(value: str | Mapping[str, Any], fields: Sequence[str], order: str) -> dict[str, str]:
    """The cleaned parts of one document or address, from a line (the parts by position,
    ``order`` naming them for the editor) or from a mapping with the stored keys. Empty
    parts are left out, as the importer leaves out the UN's empty elements. Raises
    ValueError, starting with the line."""
    try:
        return _split(value, fields, order)
    except ValueError as problem:
        raise _problem(value, str(problem)) from None


def _split(value: str | Mapping[str, Any], fields: Sequence[str], order: str) -> dict[str, str]:
    if isinstance(value, str):
        if PART_SEPARATOR not in value:
            raise ValueError(_("separate the parts with semicolons: %(order)s") % {"order": order})
        values = value.split(PART_SEPARATOR, len(fields) - 1)
        raw = dict(zip(fields, values, strict=False))
    else:
        unknown = sorted(set(value) - set(fields))
        if unknown:
            raise ValueError(_("unknown parts: %(parts)s") % {"parts": ", ".join(unknown)})
        raw = {field: str(value.get(field) or "") for field in fields}
        for field in fields[:-1]:
            if PART_SEPARATOR in raw[field]:
                raise ValueError(_("only the note may hold a semicolon"))
    part: dict[str, str] = {}
    for field in fields:
        text = " ".join(raw.get(field, "").split())
        if len(text) > MAX_PART_VALUE:
            raise ValueError(
                _("a part is longer than %(limit)d characters") % {"limit": MAX_PART_VALUE}
            )
        if text:
            part[field] = text
    return part


def _problem(value: str | Mapping[str, Any], message: str) -> ValueError:
    """The problem, after the line it is about (cut short: a pasted page must not fill the
    form's error list)."""
    shown = " ".join((value if isinstance(value, str) else part_line(value, list(value))).split())
    if len(shown) > 80:
        shown = shown[:79] + "…"
    return ValueError(f"{shown}: {message}")


def document_part(value: str | Mapping[str, Any]) -> dict[str, str]:
    """One identity document: "Passport; A1234567; Mali; 2015-06-30; a note" (type; number;
    issuing country; date of issue, a day or a year; note). Only the type is required.
    Raises ValueError, starting with the line, on anything else."""
    part = _part(value, DOCUMENT_FIELDS, _("type; number; issuing country; date of issue; note"))
    if not part.get("type"):
        raise _problem(value, _("give the document's type first (Passport, identity card…)"))
    issued = part.get("date_of_issue")
    if issued is not None and not _YEAR.match(issued):
        try:
            part["date_of_issue"] = dt.date.fromisoformat(issued).isoformat()
        except ValueError:
            raise _problem(
                value, _("write the date of issue as a day (2015-06-30) or a year (2015)")
            ) from None
    return part


def address_part(value: str | Mapping[str, Any]) -> dict[str, str]:
    """One address: "Rue 12; Kidal; Kidal region; Mali; a note" (street; city; state or
    province; country; note); parts may be left empty ("; Kidal; ; Mali"), but not all but
    the note. Raises ValueError, starting with the line, on anything else."""
    part = _part(value, ADDRESS_FIELDS, _("street; city; state or province; country; note"))
    if not set(part) - {"note"}:
        raise _problem(value, _("give at least a street, a city, a region or a country"))
    return part


def part_line(part: Mapping[str, Any], fields: Sequence[str]) -> str:
    """A stored document or address as the line an editor writes (the form's initial
    value): its parts in order, empty places kept, trailing empty ones dropped."""
    values = [" ".join(str(part.get(field) or "").split()) for field in fields]
    while values and not values[-1]:
        values.pop()
    return f"{PART_SEPARATOR} ".join(values)


_Value = TypeVar("_Value")
_Parsed = TypeVar("_Parsed")


def parse_lines(
    values: Iterable[_Value], parse: Callable[[_Value], _Parsed]
) -> tuple[list[_Parsed], list[str]]:
    """Each value parsed in order, blank lines skipped, and the problem of every value that
    does not parse (its ValueError's text), one each: the form shows the problems under its
    field, the service stores the parts, both by this one pass."""
    parsed: list[_Parsed] = []
    problems: list[str] = []
    for value in values:
        if isinstance(value, str) and not value.strip():
            continue
        try:
            parsed.append(parse(value))
        except ValueError as problem:
            problems.append(str(problem))
    return parsed, problems


def _parsed(
    values: Iterable[_Value],
    parse: Callable[[_Value], _Parsed],
    field: str,
    errors: dict[str, list[str]],
) -> list[_Parsed]:
    """``parse_lines`` for a service: the problems go to ``errors[field]``."""
    parsed, problems = parse_lines(values, parse)
    if problems:
        errors[field] = problems
    return parsed


def _once(parts: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    """The same document or address written twice is kept once (the first, in order)."""
    kept: list[dict[str, str]] = []
    for part in parts:
        if part not in kept:
            kept.append(part)
    return kept


def _lines(values: Iterable[str]) -> list[str]:
    """Trimmed, blanks dropped, first spelling of each kept (order as given)."""
    seen: list[str] = []
    for value in values:
        text = " ".join(str(value).split())
        if text and text not in seen:
            seen.append(text)
    return seen


def _new_key(name: str) -> str:
    base = KEY_PREFIX + (slugify(name)[:MAX_KEY_SLUG].strip("-") or "list")
    key, n = base, 1
    while Regime.objects.filter(Q(key=key) | Q(list_type=key)).exists():
        n += 1
        key = f"{base}-{n}"
    return key


def own_regime_create(
    *,
    actor: Any,
    name: str,
    resolution: str = "",
    criteria: str = "",
    summary: str = "",
    established_on: dt.date | None = None,
    ended_on: dt.date | None = None,
    status: str = RegimeStatus.ACTIVE,
    commitments: Iterable[Commitment] = (),
    confidentiality: str = Confidentiality.INTERNAL,
    publication_state: str = PublicationState.DRAFT,
) -> Regime:
    """Create one of the body's own lists (its key, and the list type no UN file uses,
    come from its name)."""
    check_editor(actor)
    name = name.strip()
    regime_fields_check(name=name, established_on=established_on, ended_on=ended_on)
    with transaction.atomic():
        key = _new_key(name)
        regime = Regime(
            key=key,
            list_type=key,
            origin=RegimeOrigin.OWN,
            name=name,
            resolution=resolution.strip(),
            criteria=criteria.strip(),
            summary=summary.strip(),
            established_on=established_on,
            ended_on=ended_on,
            status=status,
            confidentiality=confidentiality,
            publication_state=publication_state,
        )
        regime.full_clean()
        regime.save()
        linked = set_regime_links(regime, commitments)
        audit.record(
            user=actor,
            action="sanctions_regime.create",
            obj=regime,
            after={**audit.snapshot(regime), "commitments": linked},
        )
        return regime


def _entry_data(
    *,
    regime: Regime,
    reference_number: str,
    kind: str,
    name_parts: Sequence[str],
    original_script: str,
    listed_on: dt.date | None,
    gender: str,
    nationalities: list[str],
    birth_dates: list[dict[str, str]],
    birth_places: list[str],
    aliases: list[dict[str, str]],
    documents: list[dict[str, str]],
    addresses: list[dict[str, str]],
) -> dict[str, Any]:
    """The entry's record, with the keys an imported one has (pages, history and the
    screening index read both alike)."""
    return {
        "kind": kind,
        "reference_number": reference_number,
        "data_id": None,
        "version": None,
        "list_type": regime.list_type,
        "name_parts": list(name_parts),
        "original_script": original_script,
        "listed_on": listed_on.isoformat() if listed_on else None,
        "gender": gender,
        "comments": "",
        "titles": [],
        "designations": [],
        "nationalities": nationalities,
        "last_updated": [],
        "aliases": aliases,
        "addresses": addresses,
        "birth_dates": birth_dates,
        "birth_places": [{"city": place} for place in birth_places],
        "documents": documents,
        "extra": {},
    }


def _next_reference(regime: Regime) -> str:
    prefix = regime.key.upper() + "."
    taken = Entry.objects.filter(reference_number__startswith=prefix).values_list(
        "reference_number", flat=True
    )
    numbers = [int(ref[len(prefix) :]) for ref in taken if ref[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _hand_version(
    *, actor: Any, entry: Entry, regime: Regime, note: str, change: str
) -> ListImport:
    """The list version one change by hand makes. It is seen by whoever may see the entry
    (its reason may say as much as the entry does)."""
    return ListImport.objects.create(
        kind=ListImportKind.HAND,
        note=note.strip(),
        file_name="",
        sha256="",
        imported_at=timezone.now(),
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        added=int(change in (VersionChange.ADDED, VersionChange.RELISTED)),
        changed=int(change == VersionChange.CHANGED),
        removed=int(change == VersionChange.REMOVED),
        confidentiality=_stricter(entry.confidentiality, regime.confidentiality),
        publication_state=entry.publication_state
        if regime.publication_state == PublicationState.PUBLISHED
        else regime.publication_state,
    )


def _count_listed(version: ListImport, regime: Regime) -> None:
    """The version's counts: what the list holds once the change is made."""
    listed = Entry.objects.filter(regime=regime, removed_in__isnull=True)
    version.individuals = listed.filter(kind=EntryKind.PERSON).count()
    version.entities = listed.filter(kind=EntryKind.ENTITY).count()
    version.save(update_fields=["individuals", "entities"])


_STRICTNESS: list[str] = [
    Confidentiality.PUBLIC,
    Confidentiality.INTERNAL,
    Confidentiality.RESTRICTED,
]


def _stricter(a: str, b: str) -> str:
    return max(a, b, key=lambda level: _STRICTNESS.index(level) if level in _STRICTNESS else 2)


def _own_regime(regime: Regime) -> None:
    if regime.origin != RegimeOrigin.OWN:
        raise ValidationError(
            "Entries of a UN list change only through imports of the UN's file; "
            "add entries by hand to one of the body's own lists."
        )


def own_entry_save(
    *,
    actor: Any,
    regime: Regime,
    entry: Entry | None = None,
    kind: str,
    name_parts: Sequence[str],
    original_script: str = "",
    listed_on: dt.date | None = None,
    gender: str = "",
    nationalities: Iterable[str] = (),
    birth_dates: Iterable[str] = (),
    birth_places: Iterable[str] = (),
    aliases: Iterable[str] = (),
    low_aliases: Iterable[str] = (),
    documents: Iterable[str | Mapping[str, Any]] = (),
    addresses: Iterable[str | Mapping[str, Any]] = (),
    note: str = "",
    confidentiality: str = Confidentiality.INTERNAL,
    publication_state: str = PublicationState.DRAFT,
) -> tuple[Entry, bool]:
    """Add an entry to one of the body's own lists (``entry`` None) or amend one. The new
    state is a version of its own, with the fields that changed named; the entry's earlier
    versions stay. ``documents`` and ``addresses`` are lines as an editor writes them (see
    ``document_part`` and ``address_part``) or mappings with the stored keys.
    ``confidentiality`` and ``publication_state`` apply to a new entry only (an existing one
    changes them through ``entry_publication_set``). Returns ``(entry, changed)``."""
    check_editor(actor)
    _own_regime(regime)
    errors: dict[str, list[str]] = {}
    parts = [" ".join(str(part).split()) for part in name_parts][:4]
    parts += [""] * (4 - len(parts))
    if not any(parts):
        errors["first_name"] = ["Give the name (at least its first part)."]
    if kind not in EntryKind.values:
        errors["kind"] = [f"not one of {EntryKind.values}"]
    dates = _parsed(_lines(birth_dates), birth_date_part, "birth_dates", errors)
    document_parts = _once(_parsed(documents, document_part, "documents", errors))
    address_parts = _once(_parsed(addresses, address_part, "addresses", errors))
    if errors:
        raise ValidationError(errors)
    alias_parts = [{"quality": AliasQuality.GOOD, "name": a} for a in _lines(aliases)] + [
        {"quality": AliasQuality.LOW, "name": a} for a in _lines(low_aliases)
    ]
    with transaction.atomic():
        if entry is not None:
            entry = Entry.objects.select_for_update().select_related("regime").get(pk=entry.pk)
            if entry.regime_id != regime.pk:
                raise ValidationError("This entry belongs to another list.")
            if not entry.is_listed:
                raise ValidationError("This entry is delisted: list it again before amending it.")
            reference = entry.reference_number
        else:
            reference = _next_reference(regime)
        data = _entry_data(
            regime=regime,
            reference_number=reference,
            kind=kind,
            name_parts=parts,
            original_script=original_script.strip(),
            listed_on=listed_on,
            gender=gender.strip(),
            nationalities=_lines(nationalities),
            birth_dates=dates,
            birth_places=_lines(birth_places),
            aliases=alias_parts,
            documents=document_parts,
            addresses=address_parts,
        )
        before = entry.data if entry is not None else None
        if before == data:
            return entry, False  # type: ignore[return-value]
        if entry is None:
            entry = Entry(
                regime=regime,
                reference_number=reference,
                confidentiality=confidentiality,
                publication_state=publication_state,
            )
        _fill(entry, data, listed_on)
        entry.full_clean()
        entry.save()
        change = VersionChange.ADDED if before is None else VersionChange.CHANGED
        version = _hand_version(actor=actor, entry=entry, regime=regime, note=note, change=change)
        if before is None:
            entry.first_import = version
            entry.save(update_fields=["first_import"])
        _count_listed(version, regime)
        earlier = before or {}
        fields = sorted(k for k in data.keys() | earlier.keys() if earlier.get(k) != data.get(k))
        EntryVersion.objects.create(
            entry=entry,
            list_import=version,
            change=change,
            changed_fields=[] if before is None else fields,
            data=data,
        )
        entry.aliases.all().delete()
        Alias.objects.bulk_create(
            [Alias(entry=entry, quality=a["quality"], name=a["name"]) for a in alias_parts]
        )
        audit.record(
            user=actor,
            action="sanctions_entry.add" if before is None else "sanctions_entry.change",
            obj=entry,
            before=before,
            after={**data, "list_version": version.pk, "note": version.note},
        )
        return entry, True


def _fill(entry: Entry, data: dict[str, Any], listed_on: dt.date | None) -> None:
    parts = data["name_parts"]
    entry.kind = data["kind"]
    entry.first_name, entry.second_name, entry.third_name, entry.fourth_name = parts
    entry.name = " ".join(part for part in parts if part)
    entry.original_script = data["original_script"]
    entry.listed_on = listed_on
    entry.gender = data["gender"]
    entry.nationalities = data["nationalities"]
    entry.birth_dates = data["birth_dates"]
    entry.birth_places = data["birth_places"]
    entry.documents = data["documents"]
    entry.addresses = data["addresses"]
    entry.comments = ""
    entry.data = data


def own_entry_delist(*, actor: Any, entry: Entry, note: str) -> Entry:
    """Take an entry off one of the body's own lists: it stays, with a "delisted" version
    saying who, when and why; screening no longer finds it."""
    return _set_listed(actor=actor, entry=entry, note=note, listed=False)


def own_entry_relist(*, actor: Any, entry: Entry, note: str) -> Entry:
    """Put a delisted entry back on its list, as a "listed again" version."""
    return _set_listed(actor=actor, entry=entry, note=note, listed=True)


def _set_listed(*, actor: Any, entry: Entry, note: str, listed: bool) -> Entry:
    check_editor(actor)
    note = note.strip()
    if not note:
        raise ValidationError({"note": ["Say why (the decision and its date, for instance)."]})
    with transaction.atomic():
        entry = Entry.objects.select_for_update().select_related("regime").get(pk=entry.pk)
        _own_regime(entry.regime)
        if entry.is_listed == listed:
            raise ValidationError(
                "This entry is already listed." if listed else "This entry is already delisted."
            )
        change = VersionChange.RELISTED if listed else VersionChange.REMOVED
        version = _hand_version(
            actor=actor, entry=entry, regime=entry.regime, note=note, change=change
        )
        entry.removed_in = None if listed else version
        entry.save(update_fields=["removed_in"])
        _count_listed(version, entry.regime)
        EntryVersion.objects.create(
            entry=entry, list_import=version, change=change, data=entry.data
        )
        audit.record(
            user=actor,
            action="sanctions_entry.relist" if listed else "sanctions_entry.remove",
            obj=entry,
            before={"listed": not listed},
            after={"listed": listed, "list_version": version.pk, "note": note},
        )
        return entry

"""API endpoints of the sanctions lists: regimes, entries with their history, imports with
what each changed. Read-only (lists change through ``accordwatch import un-sanctions``).

Handlers parse input and call the selectors; a record the caller may not see is answered
404, exactly like one that does not exist.
"""

# No ``from __future__ import annotations``: ninja reads these annotations at run time.
import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from accordwatch.api_common import ANYONE, Paging, caller
from accordwatch.core.permissions import can_edit
from accordwatch.sanctions import selectors
from accordwatch.sanctions.models import Entry, ListImport, Regime

router = Router()


class RegimeOut(Schema):
    key: str
    list_type: str = Field(description="The value entries carry in the UN file.")
    name: str
    resolution: str
    status: str
    established_on: dt.date | None
    ended_on: dt.date | None
    criteria: str = Field(description="Designation criteria, summarised in our words.")
    listed: int = Field(alias="listed_count")
    delisted: int = Field(alias="delisted_count")


class EntryOut(Schema):
    reference_number: str
    kind: str
    name: str
    original_script: str
    regime: str = Field(alias="regime.key")
    listed_on: dt.date | None
    listed: bool = Field(alias="is_listed", description="False once an import delisted it.")


class AliasOut(Schema):
    name: str
    quality: str
    date_of_birth: str
    city_of_birth: str
    country_of_birth: str
    note: str


class VersionOut(Schema):
    list_import: int = Field(alias="list_import_id")
    generated_at: dt.datetime | None = Field(alias="list_import.generated_at")
    change: str = Field(description="added, changed, removed or relisted.")
    changed_fields: list[str]


class EntryDetailOut(EntryOut):
    name_parts: list[str] = Field(alias="data.name_parts")
    summary: str = Field(description="The body's own summary, if any.")
    gender: str
    nationalities: list[str]
    birth_dates: list[dict[str, str]]
    birth_places: list[dict[str, str]]
    documents: list[dict[str, str]]
    addresses: list[dict[str, str]]
    comments: str
    record: dict[str, Any] = Field(alias="data", description="The latest import's record.")
    aliases: list[AliasOut] = Field(alias="aliases_seen")
    history: list[VersionOut] = Field(alias="history_seen", description="Newest first.")


class ImportOut(Schema):
    id: int
    generated_at: dt.datetime | None
    imported_at: dt.datetime
    individuals: int
    entities: int
    added: int
    changed: int
    removed: int
    unchanged: int
    file_name: str | None = Field(None, description="Editors only.")


class ImportChangesOut(ImportOut):
    added_entries: list[str] = Field(description="Reference numbers.")
    changed_entries: list[str]
    removed_entries: list[str]
    relisted_entries: list[str]


@router.get("/sanctions/regimes", response=list[RegimeOut], auth=ANYONE, summary="Regimes")
def list_regimes(request: HttpRequest) -> QuerySet[Regime]:
    return selectors.visible_regimes(caller(request))


class EntryFilters(Schema):
    regime: str | None = Field(None, description="A regime's key, e.g. un-mali.")
    listed: bool | None = Field(None, description="true: listed now; false: delisted.")
    name: str | None = Field(None, description="Part of the name or of an alias.")


@router.get("/sanctions/entries", response=list[EntryOut], auth=ANYONE, summary="Entries")
@paginate(Paging)
def list_entries(request: HttpRequest, filters: Query[EntryFilters]) -> QuerySet[Entry]:
    return selectors.entry_list(
        caller(request), regime_key=filters.regime, listed=filters.listed, name=filters.name
    )


@router.get(
    "/sanctions/entries/{reference}",
    response=EntryDetailOut,
    auth=ANYONE,
    summary="An entry with its aliases and history",
)
def get_entry(request: HttpRequest, reference: str) -> Entry:
    entry = selectors.entry_for(caller(request), reference)
    if entry is None:
        raise Entry.DoesNotExist
    entry.aliases_seen = list(entry.aliases.all())  # type: ignore[attr-defined]
    entry.history_seen = list(selectors.entry_history(entry))  # type: ignore[attr-defined]
    return entry


def _import_out(request: HttpRequest, list_import: ListImport) -> dict[str, Any]:
    fields = ImportOut.model_fields
    out = {name: getattr(list_import, name) for name in fields if name != "file_name"}
    out["file_name"] = list_import.file_name if can_edit(caller(request)) else None
    return out


@router.get("/sanctions/imports", response=list[ImportOut], auth=ANYONE, summary="Imports")
@paginate(Paging)
def list_imports(request: HttpRequest) -> list[dict[str, Any]]:
    imports = selectors.visible_imports(caller(request))
    return [_import_out(request, list_import) for list_import in imports]


@router.get(
    "/sanctions/imports/{pk}",
    response=ImportChangesOut,
    auth=ANYONE,
    summary="What an import changed",
)
def get_import(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = caller(request)
    list_import = selectors.import_for(user, pk)
    if list_import is None:
        raise ListImport.DoesNotExist
    changes = selectors.import_changes(user, list_import)
    return {
        **_import_out(request, list_import),
        "added_entries": [v.entry.reference_number for v in changes.added],
        "changed_entries": [v.entry.reference_number for v in changes.changed],
        "removed_entries": [v.entry.reference_number for v in changes.removed],
        "relisted_entries": [v.entry.reference_number for v in changes.relisted],
    }

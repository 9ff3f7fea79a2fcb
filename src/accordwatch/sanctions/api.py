"""API endpoints of the sanctions lists: regimes, entries with their history, imports with
what each changed (read-only: lists change through ``accordwatch import un-sanctions``);
and name screening for editors, each call stored as a run.

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
from pydantic import field_validator

from accordwatch.api_common import ANYONE, SIGNED_IN, Paging, caller, input_error
from accordwatch.core.permissions import can_edit
from accordwatch.sanctions import screening, selectors
from accordwatch.sanctions.models import Entry, ListImport, Regime, ScreeningSource

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


# --- screening (editors only; runs are restricted) -------------------------------------

SCREEN_BATCH_LIMIT = 1000


class ScreenIn(Schema):
    name: str = Field(max_length=10_000, description="The name to screen, in any script.")
    birth_date: str | None = Field(None, max_length=40, description="YYYY-MM-DD or a year.")
    nationality: str | None = Field(None, max_length=200)
    id: str | int | None = Field(None, description="Your own identifier, returned as given.")

    @field_validator("birth_date")
    @classmethod
    def _readable_birth_date(cls, value: str | None) -> str | None:
        if value is not None and not screening.birth_date_readable(value):
            raise ValueError("give the date of birth as YYYY-MM-DD or a year")
        return value


class ScreenHitOut(Schema):
    reference_number: str
    matched_name: str
    score: float
    explanation: str
    decision: str | None = Field(
        description="An editor's earlier verdict on this name and entry: "
        "true_positive, false_positive or null."
    )


class ScreenResultOut(Schema):
    id: str | int | None
    name: str
    hits: list[ScreenHitOut]


class ScreenOut(Schema):
    run: int = Field(description="The stored run (page: /sanctions/screenings/{run}/).")
    list_import: int | None = Field(description="The list version screened against.")
    listed_entries: int = Field(
        description="How many listed entries were screened against: with 0 (no list "
        "imported yet, or a list type whose entries are all delisted) no name can have a hit."
    )
    threshold: float
    results: list[ScreenResultOut] = Field(description="One per input, in the input's order.")


class ScreenOptions(Schema):
    threshold: float | None = Field(None, gt=0, le=1, description="Default: the engine's.")
    list_type: str = Field("", description='One UN list type only, e.g. "Mali".')


@router.post(
    "/sanctions/screen",
    response=ScreenOut,
    auth=SIGNED_IN,
    summary="Screen names against the lists (editors)",
    description=f"A JSON list of up to {SCREEN_BATCH_LIMIT} names, each "
    '`{"name", "birth_date"?, "nationality"?, "id"?}`; every call is stored as a run. '
    "401 without credentials, 403 for a non-editor, 422 for an empty, longer or malformed "
    "list or an unknown list type.",
)
def screen_names(
    request: HttpRequest, payload: list[ScreenIn], options: Query[ScreenOptions]
) -> dict[str, Any]:
    if not payload or len(payload) > SCREEN_BATCH_LIMIT:
        raise input_error(
            ["body", "payload"],
            f"from 1 to {SCREEN_BATCH_LIMIT} names per call",
            "too_long" if payload else "too_short",
        )
    user = caller(request)
    inputs = [item.dict(exclude_none=True) for item in payload]
    try:
        run, found = screening.screen_names(
            actor=user,
            source=ScreeningSource.API,
            inputs=inputs,
            threshold=options.threshold,
            list_type=options.list_type.strip(),
        )
    except screening.UnknownListType as error:
        # A mistyped list would screen against nothing and answer "no hits".
        raise input_error(["query", "list_type"], str(error)) from None
    decisions = selectors.decisions_for(
        user, ((hit.query_key, hit.entry_pk) for hits in found for hit in hits)
    )
    verdicts = {True: "true_positive", False: "false_positive"}
    results = []
    for item, hits in zip(payload, found, strict=True):
        out = []
        for hit in hits:
            decision = decisions.get((hit.query_key, hit.entry_pk))
            out.append(
                {
                    "reference_number": hit.reference_number,
                    "matched_name": hit.matched_name,
                    "score": hit.score,
                    "explanation": hit.explanation,
                    "decision": verdicts[decision.true_positive] if decision else None,
                }
            )
        results.append({"id": item.id, "name": item.name, "hits": out})
    return {
        "run": run.pk,
        "list_import": run.list_import_id,
        "listed_entries": run.entry_count,
        "threshold": run.threshold,
        "results": results,
    }

"""Name screening against the stored lists: the index of listed names (built once per list
version and kept in memory), and the services that screen names and store each run, its
hits and the editors' verdicts on them.

A run is written as it goes: ``Screening`` records the run when it starts (its one audit
event: who, when, which list version, what threshold), stores hits in batches while the
caller streams rows through it, and closes the run with its counts. So a million-row file
is screened in constant memory, and an interrupted run still shows what it had found. The
hits and counts are the run's data, not edits, and have no audit event each; a verdict on
a hit has one.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from accordwatch.core import audit
from accordwatch.core import services as core_services
from accordwatch.core.permissions import require_editor
from accordwatch.sanctions import matching
from accordwatch.sanctions.models import (
    Alias,
    AliasQuality,
    Entry,
    HitDecision,
    ListImport,
    Regime,
    ScreeningHit,
    ScreeningRun,
)

INPUT_SAMPLE = 20  # inputs kept on the run itself
HIT_BATCH = 1000  # hits stored per transaction
HITS_PER_NAME = 10  # at most this many entries per screened name
MAX_NAME_LENGTH = 1000  # longer input is cut before matching (a name is never this long)


class UnknownListType(ValueError):
    """A list type no regime has: screening against it would find nothing and look like a
    clean result, so it is refused instead."""

    def __init__(self, list_type: str, known: str) -> None:
        super().__init__(f"no list of type {list_type!r} (known: {known})")
        self.list_type = list_type
        self.known = known  # the list types there are, for the caller's own message


def list_type_check(list_type: str) -> None:
    """Refuse a list type no regime has (an empty one means every list); the service and
    the command, which checks before it reads any file, share this one rule."""
    if list_type and not Regime.objects.filter(list_type=list_type).exists():
        known = ", ".join(Regime.objects.values_list("list_type", flat=True)) or "none"
        raise UnknownListType(list_type, known)


def _require_editor(user: Any) -> None:
    if user is not core_services.SYSTEM:
        require_editor(user)


_SPACES = re.compile(r"[\W_]+", re.UNICODE)
_YEAR = re.compile(r"\d{4}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def birth_date_readable(text: str) -> bool:
    """Whether a date of birth given to screen is one the score can use: a year or
    YYYY-MM-DD (empty: none given). The matcher skips a date it cannot read ("31/01/1970")
    and takes the year of an impossible one, so the page, the command and the API refuse
    both rather than screen as if the date had been weighed."""
    text = text.strip()
    if not text or _YEAR.fullmatch(text):
        return True
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def query_key(name: str) -> str:
    """The form under which a verdict on a name is remembered: case, accents, punctuation
    and spacing folded, so "Mohamed  OULD-Matali" and "mohamed ould matali" share it."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", plain.casefold()).strip()[:255]


# ---------------------------------------------------------------------------------------
# The index, cached per list version


@dataclass(frozen=True)
class ListIndex:
    """The matching index of the listed entries, with what it was built from."""

    index: matching.Index
    list_import: ListImport | None
    list_type: str
    entry_pks: dict[str, int]  # reference number -> Entry pk
    entry_count: int


_cache: dict[tuple[Any, ...], ListIndex] = {}
_cache_lock = threading.Lock()


def _birth_dates(entry: Entry) -> list[object]:
    found: list[object] = []
    for part in entry.birth_dates or []:
        if not isinstance(part, dict):
            continue
        value = part.get("date") or part.get("year")
        if value:
            found.append(str(value))
            continue
        # "Between 1960 and 1965": each of those years is one the person may have been born.
        try:
            first, last = int(part.get("from_year", "")), int(part.get("to_year", ""))
        except (TypeError, ValueError):
            continue
        if 0 <= last - first <= 30:
            found += [str(year) for year in range(first, last + 1)]
    return found


def _entries_for(list_type: str) -> Iterable[matching.Entry]:
    entries = Entry.objects.filter(removed_in__isnull=True)
    if list_type:
        entries = entries.filter(regime__list_type=list_type)
    aliases: dict[int, list[matching.Name]] = {}
    alias_rows = Alias.objects.filter(entry__in=entries).values_list("entry_id", "name", "quality")
    for entry_id, name, quality in alias_rows.iterator(chunk_size=5000):
        # The UN grades an alias "low" when it identifies the person badly: it weighs less.
        weight = "low" if quality == AliasQuality.LOW else "good"
        aliases.setdefault(entry_id, []).append(matching.Name(name, weight))
    for entry in entries.only(
        "pk",
        "reference_number",
        "name",
        "original_script",
        "nationalities",
        "birth_dates",
        "gender",
    ).iterator(chunk_size=2000):
        names = [matching.Name(entry.name)]
        if entry.original_script.strip():
            names.append(matching.Name(entry.original_script))
        names += aliases.get(entry.pk, [])
        yield matching.Entry(
            entry.reference_number,
            names,
            birth_dates=_birth_dates(entry),
            nationalities=[str(n) for n in entry.nationalities or []],
            gender=entry.gender or None,
        )


def _version_key(list_type: str) -> tuple[Any, ...]:
    """What identifies the listed names: the latest import, and counts and highest ids of
    entries and aliases (tests and the demo may change entries without a new import id)."""
    latest = ListImport.objects.order_by("-imported_at", "-id").first()
    entries = Entry.objects.aggregate(n=Count("id"), top=Max("id"))
    aliases = Alias.objects.aggregate(n=Count("id"), top=Max("id"))
    stamp = (latest.pk, latest.sha256, latest.imported_at) if latest else None
    return (list_type, stamp, entries["n"], entries["top"], aliases["n"], aliases["top"])


def list_index(list_type: str = "") -> ListIndex:
    """The index of the entries listed now (of one list type, or all), built once per list
    version and shared by every request of this process."""
    key = _version_key(list_type)
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            return found
        pks = dict(
            Entry.objects.filter(removed_in__isnull=True).values_list("reference_number", "pk")
        )
        entries = list(_entries_for(list_type))
        built = ListIndex(
            index=matching.Index.build(entries),
            list_import=ListImport.objects.order_by("-imported_at", "-id").first(),
            list_type=list_type,
            entry_pks=pks,
            entry_count=len(entries),
        )
        # Only the current version is worth keeping (one per list type).
        for old in [k for k in _cache if k[0] == list_type]:
            del _cache[old]
        _cache[key] = built
        return built


# ---------------------------------------------------------------------------------------
# Screening runs


@dataclass(frozen=True)
class FoundHit:
    """A hit as the callers show it (the stored row is ``ScreeningHit``)."""

    row: int
    reference_number: str
    entry_pk: int
    matched_name: str
    score: float
    explanation: str
    query_key: str


def _explanation(hit: matching.Hit) -> str:
    # A property of the engine's hit (it was a method once): either way, its text.
    value: Any = hit.explanation
    return str(value() if callable(value) else value)


def _clean(value: Any) -> str:
    text = "" if value is None else str(value)
    if not text.isprintable():
        # Control characters are noise for matching (and for the stored copy's readers).
        text = "".join(c if c.isprintable() else " " for c in text)
    return text.strip()


def _storable(values: dict[str, Any]) -> dict[str, Any]:
    """The input row as it can be stored: PostgreSQL's text and jsonb cannot hold a NUL, so
    one shows as U+FFFD (the rest of the row is kept exactly as given)."""
    if not any(
        "\x00" in key or (isinstance(value, str) and "\x00" in value)
        for key, value in values.items()
    ):
        return values
    return {
        key.replace("\x00", "\ufffd"): (
            value.replace("\x00", "\ufffd") if isinstance(value, str) else value
        )
        for key, value in values.items()
    }


class Screening:
    """One run: ``start``, then ``screen`` each input, then ``finish``.

    ``with Screening.start(...) as run:`` closes the run even when the caller stops early.
    """

    def __init__(self, run: ScreeningRun, listed: ListIndex, actor: Any) -> None:
        self.run = run
        self.listed = listed
        self.actor = actor
        self.inputs = 0
        self.hits = 0
        self._pending: list[ScreeningHit] = []

    @classmethod
    def start(
        cls,
        *,
        actor: Any,
        source: str,
        threshold: float | None = None,
        list_type: str = "",
        input_name: str = "",
    ) -> Screening:
        _require_editor(actor)
        threshold = matching.DEFAULT_THRESHOLD if threshold is None else float(threshold)
        if not 0.0 < threshold <= 1.0:
            raise ValueError("the threshold must be above 0 and at most 1")
        list_type_check(list_type)
        listed = list_index(list_type)
        with transaction.atomic():
            run = ScreeningRun.objects.create(
                user=actor if getattr(actor, "is_authenticated", False) else None,
                started_at=timezone.now(),
                source=source,
                list_import=listed.list_import,
                list_type=list_type,
                threshold=threshold,
                input_name=input_name[:255],
                entry_count=listed.entry_count,
            )
            audit.record(
                user=actor, action="sanctions_screening.start", obj=run, after=audit.snapshot(run)
            )
        return cls(run, listed, actor)

    def __enter__(self) -> Screening:
        return self

    def __exit__(self, *exc: object) -> None:
        self.finish()

    def screen(
        self,
        values: dict[str, Any],
        *,
        name: Any,
        birth_date: Any = None,
        nationality: Any = None,
        row: int | None = None,
    ) -> list[FoundHit]:
        """Screen one input (``values`` is the row as given, stored with each hit)."""
        self.inputs += 1
        row = self.inputs if row is None else row
        values = _storable(values)
        if len(self.run.input_sample) < INPUT_SAMPLE:
            self.run.input_sample.append({"row": row, **values})
        text = _clean(name)[:MAX_NAME_LENGTH]
        if not text:
            return []
        born = _clean(birth_date) or None
        country = _clean(nationality) or None
        found: list[FoundHit] = []
        hits = self.listed.index.search(
            text,
            birth_date=born,
            nationality=country,
            limit=HITS_PER_NAME,
            threshold=self.run.threshold,
        )
        if not hits:
            return found  # most names: nothing more to do
        key = query_key(text)
        for hit in hits:
            entry_pk = self.listed.entry_pks.get(hit.entry_id)
            if entry_pk is None:
                continue
            found.append(
                FoundHit(
                    row=row,
                    reference_number=hit.entry_id,
                    entry_pk=entry_pk,
                    matched_name=hit.matched_name,
                    score=round(hit.score, 4),
                    explanation=_explanation(hit),
                    query_key=key,
                )
            )
        for one in found:
            self._pending.append(
                ScreeningHit(
                    run=self.run,
                    row=row,
                    query=values,
                    query_key=key,
                    entry_id=one.entry_pk,
                    matched_name=one.matched_name,
                    score=one.score,
                    explanation=one.explanation,
                )
            )
        self.hits += len(found)
        if len(self._pending) >= HIT_BATCH:
            self._flush()
        return found

    def _flush(self) -> None:
        if self._pending:
            with transaction.atomic():
                ScreeningHit.objects.bulk_create(self._pending, batch_size=500)
            self._pending = []

    def finish(self) -> ScreeningRun:
        """Store the last hits and the run's counts. Not a second audit event: the start's
        names who screened, when and against which list; the counts are the run's data."""
        self._flush()
        run = self.run
        if run.finished_at is not None:
            return run
        run.finished_at = timezone.now()
        run.input_count = self.inputs
        run.hit_count = self.hits
        run.save(update_fields=["finished_at", "input_count", "hit_count", "input_sample"])
        return run


def screen_names(
    *,
    actor: Any,
    source: str,
    inputs: Iterable[dict[str, Any]],
    threshold: float | None = None,
    list_type: str = "",
) -> tuple[ScreeningRun, list[list[FoundHit]]]:
    """Screen a few names (the page, the API): each input is ``{"name", "birth_date"?,
    "nationality"?, ...}``. Returns the stored run and the hits per input."""
    results = []
    with Screening.start(
        actor=actor, source=source, threshold=threshold, list_type=list_type
    ) as screening:
        for values in inputs:
            results.append(
                screening.screen(
                    values,
                    name=values.get("name"),
                    birth_date=values.get("birth_date"),
                    nationality=values.get("nationality"),
                )
            )
    return screening.run, results


def known_decisions() -> dict[tuple[str, int], bool]:
    """Every verdict as (query key, entry pk) -> true positive, for screening a long file
    (verdicts are few, a file's hits many). For the operator's command only: the pages and
    the API read verdicts through the selectors."""
    rows = HitDecision.objects.values_list("query_key", "entry_id", "true_positive")
    return {(key, entry): verdict for key, entry, verdict in rows.iterator()}


def hit_decide(
    *, actor: Any, hit: ScreeningHit, true_positive: bool, comment: str = ""
) -> HitDecision:
    """Record whether a hit is the listed person (true positive) or not. The verdict holds
    for the same name (normalised) and entry in every later run; deciding again replaces
    it, and the audit log keeps the earlier one."""
    _require_editor(actor)
    with transaction.atomic():
        decision = (
            HitDecision.objects.select_for_update()
            .filter(entry_id=hit.entry_id, query_key=hit.query_key)
            .first()
        )
        before = audit.snapshot(decision) if decision else None
        decision = decision or HitDecision(entry_id=hit.entry_id, query_key=hit.query_key)
        decision.true_positive = bool(true_positive)
        decision.comment = comment.strip()
        decision.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        decision.decided_at = timezone.now()
        decision.hit = hit
        decision.save()
        audit.record(
            user=actor,
            action=f"sanctions_hit_decision.{'create' if before is None else 'update'}",
            obj=decision,
            object_label=f"{hit.query_key} ~ {hit.entry.reference_number}",
            before=before,
            after=audit.snapshot(decision),
        )
        return decision

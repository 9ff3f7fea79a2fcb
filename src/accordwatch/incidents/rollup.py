"""The incidents rollup: monthly counts and fatalities kept beside the incidents, so that the
aggregates on a million events read some thousands of rows instead of grouping them all.

How it stays right:

- triggers on the incidents table (migration 0006, SQL below) list in
  ``IncidentRollupStale`` the month of every row inserted, updated or deleted, whatever
  wrote it (a service, the import, raw SQL);
- ``refresh()`` recomputes the rollup rows of the listed months from the incidents and
  empties the list. The services call it inside their own transaction (``apps.py`` connects
  it to every save and delete of an incident; the bulk service calls it after its UPDATEs;
  the import kinds call it once the import's transaction is done); when many months are
  listed (an import) it rebuilds everything from one GROUP BY;
- ``answer()`` reads the rollup only when no month is stale and the question is one the
  rollup holds (filters and dimensions below, dates on month boundaries); otherwise the
  caller falls back to grouping the incidents. A missed refresh therefore costs speed,
  never a wrong figure.

Visibility is the usual rule: the rollup rows carry the incidents' ``confidentiality`` and
``publication_state`` and are filtered by the same ``visible_to``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import F, Q, Sum

from accordwatch.incidents.models import (
    EventType,
    IncidentActorRollup,
    IncidentRegionRollup,
    IncidentRollup,
    IncidentRollupStale,
    TypeLevel,
)

if TYPE_CHECKING:
    from accordwatch.incidents.selectors import AggregateRow, IncidentFilters

# More stale months than this and a refresh rebuilds everything: one GROUP BY over the
# table costs about what a few dozen month-by-month recomputations do.
REBUILD_ABOVE = 24


@dataclass(frozen=True)
class Level:
    """One rollup table: the incidents' columns it keys on (besides the month and the
    visibility), the aggregate dimensions it can group by, and the filters it can apply."""

    model: Any
    keys: tuple[str, ...]
    dimensions: dict[str, str]  # aggregate dimension -> the table's column or lookup
    filters: frozenset[str]  # IncidentFilters fields it holds (dates always)


_VISIBILITY = ("confidentiality", "publication_state")

# Smallest first: a question goes to the first table that holds it.
LEVELS = (
    Level(
        IncidentRegionRollup,
        ("admin1", "event_type_id", *_VISIBILITY),
        {"month": "month", "admin1": "admin1", "event_type": "event_type__key"},
        frozenset({"admin1", "event_types"}),  # event-level types only, see _fits
    ),
    Level(
        IncidentRollup,
        (
            "admin1",
            "event_type_id",
            "sub_event_type_id",
            "violation_category_id",
            "verification_status",
            "dataset",
            *_VISIBILITY,
        ),
        {
            "month": "month",
            "admin1": "admin1",
            "event_type": "event_type__key",
            "violation_category": "violation_category__key",
            "verification": "verification_status",
        },
        frozenset({"admin1", "event_types", "violation_categories", "verification", "dataset"}),
    ),
    Level(
        IncidentActorRollup,
        ("actor1_id", *_VISIBILITY),
        {"month": "month", "actor1": "actor1_id"},
        frozenset(),
    ),
)
_FILTERS = ("admin1", "actor_ids", "event_types", "violation_categories", "verification", "dataset")


# --- keeping it up to date ----------------------------------------------------------------


def stale_months() -> list[str]:
    return list(IncidentRollupStale.objects.order_by("month").values_list("month", flat=True))


def refresh() -> int:
    """Recompute the stale months (all of them when there are many); return how many."""
    with transaction.atomic():
        months = stale_months()
        if not months:
            return 0
        if len(months) > REBUILD_ABOVE:
            rebuild()
        else:
            _recompute(months)
            IncidentRollupStale.objects.filter(month__in=months).delete()
    return len(months)


def rebuild() -> None:
    """Recompute the whole rollup from the incidents (``accordwatch rollup``)."""
    with transaction.atomic():
        rebuild_with(connection)
        IncidentRollupStale.objects.all().delete()


def rebuild_with(database: Any) -> None:
    """The whole rollup recomputed on ``database`` (a connection; migration 0006 passes
    its schema editor's)."""
    with database.cursor() as cursor:
        for level in LEVELS:
            cursor.execute(f"DELETE FROM {level.model._meta.db_table}")  # noqa: S608
        _insert(cursor, database.vendor)


def _recompute(months: Sequence[str]) -> None:
    for level in LEVELS:
        level.model.objects.filter(month__in=months).delete()
    with connection.cursor() as cursor:
        for month in months:
            _insert(cursor, connection.vendor, month_bounds(month))


def _insert(cursor: Any, vendor: str, between: tuple[dt.date, dt.date] | None = None) -> None:
    """INSERT … SELECT … GROUP BY, in the database: the incidents are read twice (the main
    rollup and the actor one), the region rollup is summed from the main one."""
    month = "substr(event_date, 1, 7)" if vendor == "sqlite" else "to_char(event_date, 'YYYY-MM')"
    where = "retired_at IS NULL"
    params: list[Any] = []
    if between:
        where += " AND event_date >= %s AND event_date <= %s"
        params = list(between)
    measures = (
        "COUNT(*), COALESCE(SUM(fatalities), 0), "
        "SUM(CASE WHEN fatalities IS NULL THEN 1 ELSE 0 END)"
    )
    for level in (LEVELS[1], LEVELS[2]):
        table = level.model._meta.db_table
        keys = ", ".join(level.keys)
        cursor.execute(
            f"INSERT INTO {table} (month, {keys}, count, fatalities, fatalities_unknown) "  # noqa: S608
            f"SELECT {month}, {keys}, {measures} FROM {INCIDENTS} WHERE {where} "
            f"GROUP BY {month}, {keys}",
            params,
        )
    keys = ", ".join(LEVELS[0].keys)
    month_range = ""
    if between:
        month_range = "WHERE month = %s"
        params = [between[0].strftime("%Y-%m")]
    cursor.execute(
        f"INSERT INTO {LEVELS[0].model._meta.db_table} "  # noqa: S608
        f"(month, {keys}, count, fatalities, fatalities_unknown) "
        f"SELECT month, {keys}, SUM(count), SUM(fatalities), SUM(fatalities_unknown) "
        f"FROM {LEVELS[1].model._meta.db_table} {month_range} GROUP BY month, {keys}",
        params,
    )


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    year, number = int(month[:4]), int(month[5:7])
    return dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1])


# --- answering ------------------------------------------------------------------------------


def answer(*, user: Any, filters: IncidentFilters, by: Sequence[str]) -> list[AggregateRow] | None:
    """The aggregates from the rollup, or None when the rollup cannot give them exactly
    (a stale month, a filter or dimension it does not hold, a date inside a month)."""
    from accordwatch.incidents.selectors import AggregateRow

    months = _month_range(filters)
    level = next((level for level in LEVELS if _fits(level, filters, by)), None)
    if months is None or level is None or not _installed():
        return None
    if IncidentRollupStale.objects.exists():
        return None
    rows = _filtered(level.model.objects.visible_to(user), filters)
    first, last = months
    if first:
        rows = rows.filter(month__gte=first)
    if last:
        rows = rows.filter(month__lte=last)
    grouped = (
        rows.order_by()
        .annotate(**{f"g_{name}": F(level.dimensions[name]) for name in by})
        .values(*(f"g_{name}" for name in by))
        .annotate(n=Sum("count"), dead=Sum("fatalities"))
        .order_by(*(f"g_{name}" for name in by))
    )
    return [
        AggregateRow(
            keys={name: row[f"g_{name}"] for name in by},
            count=row["n"],
            fatalities=row["dead"] or 0,
        )
        for row in grouped
    ]


def month_split(filters: IncidentFilters) -> tuple[IncidentFilters, list[IncidentFilters]] | None:
    """A question whose dates cut a month, split into the whole months between its dates
    (which the rollup can answer) and the one or two part months at its ends (grouped
    from the incidents, a month of rows at most each); None when no whole month lies
    between the dates, or when nothing is cut. Together the parts count each day of the
    question exactly once."""
    if _month_range(filters) is not None:
        return None  # nothing to split: the rollup takes it whole, or not at all
    first, last = filters.date_from, filters.date_to
    edges = []
    if first is not None and first.day != 1:
        end_of_month = month_bounds(first.strftime("%Y-%m"))[1]
        edges.append(replace(filters, date_to=min(end_of_month, last or end_of_month)))
        first = end_of_month + dt.timedelta(days=1)
    if last is not None and last != month_bounds(last.strftime("%Y-%m"))[1]:
        start_of_month = last.replace(day=1)
        if first is not None and start_of_month < first:
            return None  # one month, cut at both ends: the raw grouping reads only it
        edges.append(replace(filters, date_from=max(start_of_month, first or start_of_month)))
        last = start_of_month - dt.timedelta(days=1)
    if first is not None and last is not None and first > last:
        return None
    return replace(filters, date_from=first, date_to=last), edges


def merged(parts: Sequence[Sequence[AggregateRow]], by: Sequence[str]) -> list[AggregateRow]:
    """Rows of the same keys summed, ordered as the database orders a GROUP BY's keys
    (NULL first on SQLite, last on PostgreSQL)."""
    from accordwatch.incidents.selectors import AggregateRow

    totals: dict[tuple[Any, ...], list[int]] = {}
    for rows in parts:
        for row in rows:
            sums = totals.setdefault(tuple(row.keys[name] for name in by), [0, 0])
            sums[0] += row.count
            sums[1] += row.fatalities
    nulls_first = connection.vendor == "sqlite"

    def order(key: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(((value is not None) == nulls_first, value) for value in key)

    return [
        AggregateRow(keys=dict(zip(by, key, strict=True)), count=count, fatalities=dead)
        for key, (count, dead) in sorted(totals.items(), key=lambda item: order(item[0]))
    ]


_INSTALLED: set[tuple[str, str]] = set()


def _installed() -> bool:
    """Whether this database has the rollup tables and the triggers that keep them (a
    database not yet migrated, or one migrated by an early draft of migration 0006 that
    lacked the triggers, is answered from the incidents). Checked until true, once per
    process and database."""
    database = (connection.alias, str(connection.settings_dict["NAME"]))
    if database in _INSTALLED:
        return True
    tables = set(connection.introspection.table_names())
    wanted = {level.model._meta.db_table for level in LEVELS} | {STALE}
    if not wanted <= tables or _trigger_count() < 3:
        return False
    _INSTALLED.add(database)
    return True


def _trigger_count() -> int:
    names = [f"{INCIDENTS}_rollup_{kind}" for kind in ("insert", "update", "delete")]
    if connection.vendor == "sqlite":
        sql = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (%s, %s, %s)"
    elif connection.vendor == "postgresql":
        sql = "SELECT COUNT(DISTINCT tgname) FROM pg_trigger WHERE tgname IN (%s, %s, %s)"
    else:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(sql, names)
        return int(cursor.fetchone()[0])


def _fits(level: Level, filters: IncidentFilters, by: Sequence[str]) -> bool:
    if not set(by) <= set(level.dimensions):
        return False
    if any(getattr(filters, name) and name not in level.filters for name in _FILTERS):
        return False
    if filters.event_types and "sub_event_type_id" not in level.keys:
        # A table without sub-event types answers only for event-level keys (which no
        # incident's sub-event type can match).
        levels = set(
            EventType.objects.filter(key__in=list(filters.event_types)).values_list(
                "level", flat=True
            )
        )
        return levels <= {TypeLevel.EVENT}
    return True


def _month_range(filters: IncidentFilters) -> tuple[str, str] | None:
    """The filter's dates as whole months ("" for open), or None if a date cuts a month."""
    first = last = ""
    if filters.date_from:
        if filters.date_from.day != 1:
            return None
        first = filters.date_from.strftime("%Y-%m")
    if filters.date_to:
        month = filters.date_to.strftime("%Y-%m")
        if filters.date_to != month_bounds(month)[1]:
            return None
        last = month
    return first, last


def _filtered(rows: Any, filters: IncidentFilters) -> Any:
    # The same conditions as IncidentFilters.apply, on the rollup's columns (_fits has
    # checked that the table holds each filter asked for).
    if filters.admin1:
        rows = rows.filter(admin1__in=list(filters.admin1))
    if filters.event_types:
        keys = list(filters.event_types)
        if hasattr(rows.model, "sub_event_type"):
            rows = rows.filter(Q(event_type__key__in=keys) | Q(sub_event_type__key__in=keys))
        else:
            rows = rows.filter(event_type__key__in=keys)
    if filters.violation_categories:
        rows = rows.filter(violation_category__key__in=list(filters.violation_categories))
    if filters.verification:
        rows = rows.filter(verification_status__in=list(filters.verification))
    if filters.dataset:
        rows = rows.filter(dataset=filters.dataset)
    return rows


# --- the triggers (migration 0006) ---------------------------------------------------------

INCIDENTS = "incidents_incident"
STALE = "incidents_incidentrollupstale"
# An UPDATE that changes none of these leaves the rollup as it was (SQLite can tell).
_WATCHED = (
    "event_date",
    "admin1",
    "event_type_id",
    "sub_event_type_id",
    "violation_category_id",
    "verification_status",
    "dataset",
    "confidentiality",
    "publication_state",
    "retired_at",
    "fatalities",
    "actor1_id",
)


def trigger_sql(vendor: str) -> list[str]:
    """SQL creating the triggers that list the months a write touches as stale."""
    if vendor == "sqlite":
        mark = f"INSERT OR IGNORE INTO {STALE} (month) VALUES"
        return [
            f"CREATE TRIGGER IF NOT EXISTS {INCIDENTS}_rollup_insert AFTER INSERT ON {INCIDENTS} "
            f"BEGIN {mark} (substr(NEW.event_date, 1, 7)); END;",
            f"CREATE TRIGGER IF NOT EXISTS {INCIDENTS}_rollup_delete AFTER DELETE ON {INCIDENTS} "
            f"BEGIN {mark} (substr(OLD.event_date, 1, 7)); END;",
            f"CREATE TRIGGER IF NOT EXISTS {INCIDENTS}_rollup_update "
            f"AFTER UPDATE OF {', '.join(_WATCHED)} ON {INCIDENTS} "
            f"BEGIN {mark} (substr(OLD.event_date, 1, 7)), (substr(NEW.event_date, 1, 7)); END;",
        ]
    if vendor == "postgresql":
        # One statement-level trigger per kind of write, reading the statement's rows as a
        # whole (transition tables): a million-row import pays one INSERT per statement,
        # not one per row.
        statements = []
        for kind, tables in (
            ("insert", ("new_rows",)),
            ("update", ("old_rows", "new_rows")),
            ("delete", ("old_rows",)),
        ):
            select = " UNION ".join(
                f"SELECT to_char(event_date, 'YYYY-MM') FROM {table}"  # noqa: S608
                for table in tables
            )
            referencing = " ".join(
                f"{'OLD' if table == 'old_rows' else 'NEW'} TABLE AS {table}" for table in tables
            )
            function = f"{INCIDENTS}_rollup_{kind}"
            statements += [
                f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
                BEGIN
                    INSERT INTO {STALE} (month) {select} ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END;
                $$ LANGUAGE plpgsql;""",
                f"DROP TRIGGER IF EXISTS {function} ON {INCIDENTS};",
                f"CREATE TRIGGER {function} AFTER {kind.upper()} ON {INCIDENTS} "
                f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}();",
            ]
        return statements
    raise NotImplementedError(f"no rollup triggers for the {vendor} database")


def drop_trigger_sql(vendor: str) -> list[str]:
    kinds = ("insert", "update", "delete")
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {INCIDENTS}_rollup_{kind};" for kind in kinds]
    return [
        statement
        for kind in kinds
        for statement in (
            f"DROP TRIGGER IF EXISTS {INCIDENTS}_rollup_{kind} ON {INCIDENTS};",
            f"DROP FUNCTION IF EXISTS {INCIDENTS}_rollup_{kind}();",
        )
    ]


def refresh_if_stale(**_signal: Any) -> None:
    """Signal receiver (``apps.py``): after a save or delete of an incident, inside its
    transaction, bring the months it touched up to date."""
    refresh()


def wrap_import(handler: Any) -> Any:
    """An import kind's handler, followed by a refresh of the months the import touched
    (in a transaction of its own: until it commits, the aggregates read the incidents)."""

    def run(**kwargs: Any) -> Any:
        summary = handler(**kwargs)
        refresh()
        return summary

    run.__doc__ = handler.__doc__
    run.__name__ = getattr(handler, "__name__", "run")
    return run

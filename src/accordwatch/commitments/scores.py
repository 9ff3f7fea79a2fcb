"""Implementation scores, computed by the database.

The weighted percentage of a set of action commitments at a date is
``sum(weight × latest score) / sum(weight × 3) × 100``; positions are never scored.

Two aggregate queries do the work, each shaped for its question:

- *as of one date*: each in-scope commitment finds its latest visible assessment with a
  correlated subquery (an index seek on (commitment, as_of, id)), and one GROUP BY sums;
- *a monthly series*: a telescoping sum. Each visible assessment carries the change it makes
  to its commitment's standing, ``score − previous score`` (the previous one by ``LAG`` over
  the commitment's own timeline); summed up to a date, one commitment's changes collapse to
  its latest score. Commitments enter the denominator once, at their document's adoption,
  and a "not applicable" judgement takes one out until a scored assessment brings it back.
  The database sums the changes per (group, month); Python only runs the cumulative sum
  over those few hundred aggregated numbers, never over assessment rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.core.cache import cache
from django.db import connections
from django.db.models import (
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.db.models.functions.window import Lag
from django.utils.translation import get_language, gettext

from accordwatch.commitments.models import (
    Assessment,
    Commitment,
    CommitmentKind,
    Document,
    Pillar,
)
from accordwatch.commitments.selectors import (
    not_fully_implemented_q,
    visible_commitments,
    with_latest_assessment,
)
from accordwatch.core.models import Actor, AuditHead
from accordwatch.core.permissions import can_edit, is_member

GroupBy = Literal["pillar", "document", "actor", "all"]
GROUP_BYS: tuple[str, ...] = ("pillar", "document", "actor", "all")

SCALE = 3  # the Peace Accords Matrix: 0 not initiated … 3 full
NO_GROUP = 0  # group id for "no pillar" / "no responsible actor" (real ids start at 1)
BEFORE_ANY_MONTH = "0000-00"  # the month of commitments whose document has no adoption date
NOT_APPLICABLE = -1  # the latest standing of a commitment judged "not applicable"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ScoreRow:
    group_key: str  # pillar / document / actor key; "all" for the whole set
    group_label: str
    percent: float | None  # weighted percentage of full implementation; None: nothing scored
    points: Decimal  # sum of weight × score
    maximum: Decimal  # sum of weight × 3
    commitments: int  # action commitments counted


@dataclass(frozen=True)
class SeriesPoint:
    month: dt.date  # first day of the month; the value is as of the month's last day
    group_key: str
    group_label: str
    percent: float | None


# --- building blocks -------------------------------------------------------------------


def _in_scope(*, user: Any, end: dt.date, document_keys: Iterable[str] | None) -> QuerySet:
    """Visible action commitments of visible documents adopted by ``end`` (or undated)."""
    qs = (
        visible_commitments(user=user)
        .filter(kind=CommitmentKind.ACTION)
        .filter(Q(document__adopted_on__isnull=True) | Q(document__adopted_on__lte=end))
    )
    if document_keys is not None:
        keys = list(document_keys)
        # An empty IN () cannot be compiled into the raw SQL the scores wrap around this
        # queryset (Django raises EmptyResultSet), so "no documents" is a condition that
        # compiles and matches nothing.
        qs = qs.filter(document__key__in=keys) if keys else qs.filter(pk__isnull=True)
    return qs


def _float(field: str) -> Cast:
    # Sums run in floating point (PostgreSQL's numeric arithmetic is several times slower);
    # weights have two decimals, so the totals are rounded back to exact cents.
    return Cast(F(field), FloatField())


def _group_expression(group_by: str, prefix: str = "") -> Any:
    """The group id of a commitment, read from its own row (actors come from a join)."""
    if group_by == "pillar":
        return Coalesce(F(f"{prefix}pillar_id"), Value(NO_GROUP))
    if group_by == "document":
        return F(f"{prefix}document_id")
    return Value(NO_GROUP)


def _actor_links(*, user: Any) -> QuerySet:
    """(commitment, visible responsible actor) pairs; a hidden actor is no group at all."""
    through = Commitment.responsible.through
    return through.objects.filter(
        Exists(Actor.objects.visible_to(user).filter(pk=OuterRef("actor_id")))
    ).values(lcid=F("commitment_id"), lgrp=F("actor_id"))


def _assessment_changes(*, scope: QuerySet, user: Any, end: dt.date, group_by: str) -> QuerySet:
    """One row per visible assessment (as of ``end``) of an in-scope commitment, with its
    standing ``v`` and the standing ``pv`` of the assessment before it (NULL for the first).

    A standing is the score, or ``NOT_APPLICABLE``: one value, so one ``LAG`` suffices.
    """
    standing = Coalesce(F("score"), Value(NOT_APPLICABLE))
    adopted = F("commitment__document__adopted_on")
    return (
        Assessment.objects.visible_to(user)
        .filter(as_of__lte=end, commitment__in=scope)
        .order_by()
        .values(
            cid=F("commitment_id"),
            grp=_group_expression(group_by, "commitment__"),
            # A change made before the document's adoption only counts once it is adopted.
            day=Greatest(F("as_of"), Coalesce(adopted, F("as_of"))),
            w=_float("commitment__weight"),
            v=standing,
            pv=Window(
                Lag(standing),
                partition_by=[F("commitment_id")],
                order_by=[F("as_of").asc(), F("id").asc()],
            ),
        )
    )


def _commitment_entries(*, scope: QuerySet, group_by: str) -> QuerySet:
    """One row per in-scope commitment: it enters the denominator when adopted (or from the
    start when its document has no date) at 0 points, as if it went from "not applicable"
    (not counted) to "not initiated"."""
    return scope.order_by().values(
        cid=F("id"),
        grp=_group_expression(group_by),
        day=F("document__adopted_on"),
        w=_float("weight"),
        v=Value(0, output_field=IntegerField()),
        pv=Value(NOT_APPLICABLE, output_field=IntegerField()),
    )


def _latest_standing(*, scope: QuerySet, user: Any, as_of: dt.date, group_by: str) -> QuerySet:
    """One row per in-scope commitment with ``s``, its latest visible score as of ``as_of``:
    -1 for "not applicable", NULL for "never assessed" (which counts as 0)."""
    latest = (
        Assessment.objects.visible_to(user)
        .filter(commitment_id=OuterRef("pk"), as_of__lte=as_of)
        .order_by("-as_of", "-id")
        .values(v=Coalesce(F("score"), Value(NOT_APPLICABLE)))[:1]
    )
    return scope.order_by().values(
        cid=F("id"), grp=_group_expression(group_by), w=_float("weight"), s=Subquery(latest)
    )


def _sql(qs: QuerySet) -> tuple[str, tuple[Any, ...]]:
    # The outer queries below are composed from SQL that the ORM compiled, with every value
    # left as a parameter; nothing from the caller is ever pasted into the text.
    sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    return sql, tuple(params)


def _month_sql(vendor: str, column: str) -> str:
    if vendor == "sqlite":
        # SQLite stores dates as ISO text: the month is the first seven characters.
        return f"substr({column}, 1, 7)"
    if vendor == "postgresql":
        return f"to_char({column}, 'YYYY-MM')"
    raise NotImplementedError(f"scores are not written for the {vendor} database")


def _grouping(group_by: str, user: Any) -> tuple[str, str, tuple[Any, ...]]:
    """(group column, join clause, join params) for an outer query over rows aliased ``e``.
    Actors come from a join, so a commitment with two actors counts for each."""
    if group_by != "actor":
        return "e.grp", "", ()
    links_sql, links_params = _sql(_actor_links(user=user))
    join = f" LEFT JOIN ({links_sql}) links ON links.lcid = e.cid"
    return f"COALESCE(links.lgrp, {NO_GROUP})", join, links_params


def _check_group_by(group_by: str) -> None:
    if group_by not in GROUP_BYS:
        raise ValueError(f"group_by must be one of {', '.join(GROUP_BYS)}, not {group_by!r}")


def _standing_by_group(
    *, user: Any, group_by: str, as_of: dt.date, document_keys: Iterable[str] | None
) -> list[tuple[Any, ...]]:
    """Rows ``(group id, Σ weight×score, Σ weight of counted, number counted)`` as of a date."""
    _check_group_by(group_by)
    scope = _in_scope(user=user, end=as_of, document_keys=document_keys)
    standing = _latest_standing(scope=scope, user=user, as_of=as_of, group_by=group_by)
    inner_sql, params = _sql(standing)
    group, join, join_params = _grouping(group_by, user)
    counted = f"CASE WHEN e.s = {NOT_APPLICABLE} THEN 0 ELSE 1 END"
    sql = (
        # MATERIALIZED: else the planners inline the subquery once per use of ``s``.
        f"WITH e AS MATERIALIZED ({inner_sql}) "  # noqa: S608
        f"SELECT {group}, SUM(e.w * CASE WHEN e.s > 0 THEN e.s ELSE 0 END), "
        f"SUM(e.w * {counted}), SUM({counted}) "
        f"FROM e{join} GROUP BY {group}"
    )
    with connections[scope.db].cursor() as cursor:
        cursor.execute(sql, params + join_params)
        return list(cursor.fetchall())


def _changes_by_group_and_month(
    *, user: Any, group_by: str, end: dt.date, document_keys: Iterable[str] | None
) -> list[tuple[Any, ...]]:
    """Rows ``(group id, 'YYYY-MM', Σ weight×Δscore, Σ weight×Δcounted, Σ Δcounted)``; the
    month of undated documents' entries is ``BEFORE_ANY_MONTH``."""
    _check_group_by(group_by)
    scope = _in_scope(user=user, end=end, document_keys=document_keys)
    changes_sql, changes_params = _sql(
        _assessment_changes(scope=scope, user=user, end=end, group_by=group_by)
    )
    entries_sql, entries_params = _sql(_commitment_entries(scope=scope, group_by=group_by))
    group, join, join_params = _grouping(group_by, user)
    columns = "cid, grp, day, w, v, pv"
    events = (
        f"SELECT {columns} FROM ({changes_sql}) changes "  # noqa: S608
        f"UNION ALL SELECT {columns} FROM ({entries_sql}) entries"
    )
    # The change a row makes: to the points (scores above 0; "not applicable" and "never
    # assessed" are worth nothing) and to whether its commitment counts (all but "not
    # applicable"; a first assessment has no predecessor, so it counted before).
    points = "(CASE WHEN e.v > 0 THEN e.v ELSE 0 END - CASE WHEN e.pv > 0 THEN e.pv ELSE 0 END)"
    counted = (
        f"(CASE WHEN e.v = {NOT_APPLICABLE} THEN 0 ELSE 1 END"
        f" - CASE WHEN e.pv = {NOT_APPLICABLE} THEN 0 ELSE 1 END)"
    )
    # Sum by day first, skipping assessments that repeat the standing before them, so that
    # months are computed over a few thousand daily totals rather than every assessment.
    daily = (
        f"SELECT {group} AS g, e.day AS d, SUM(e.w * {points}) AS p, "  # noqa: S608
        f"SUM(e.w * {counted}) AS cw, SUM({counted}) AS n FROM ({events}) e{join} "
        f"WHERE e.pv IS NULL OR e.v <> e.pv GROUP BY {group}, e.day"
    )
    connection = connections[scope.db]
    month = f"COALESCE({_month_sql(connection.vendor, 'daily.d')}, '{BEFORE_ANY_MONTH}')"
    sql = (
        f"SELECT daily.g, {month} AS m, SUM(daily.p), SUM(daily.cw), SUM(daily.n) "  # noqa: S608
        f"FROM ({daily}) daily GROUP BY daily.g, {month}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, changes_params + entries_params + join_params)
        return list(cursor.fetchall())


@dataclass
class _Totals:
    points: Decimal = Decimal(0)
    maximum: Decimal = Decimal(0)
    commitments: int = 0

    def add(self, points: Any, counted_weight: Any, counted: Any) -> None:
        self.points += _decimal(points)
        self.maximum += _decimal(counted_weight) * SCALE
        self.commitments += int(counted or 0)

    @property
    def percent(self) -> float | None:
        if self.maximum <= 0 or self.commitments <= 0:
            return None
        return float(self.points * 100 / self.maximum)


def _decimal(value: Any) -> Decimal:
    # SQLite sums decimals as floats; weights have two decimals, so cents are exact.
    if value is None:
        return Decimal(0)
    return Decimal(str(value)).quantize(CENT)


@dataclass(frozen=True)
class _Group:
    key: str
    label: str
    order: tuple[Any, ...]


def _groups(group_by: str, ids: Iterable[int]) -> dict[int, _Group]:
    """Keys, labels and display order of the groups that appear in the figures. The labels
    of the groups that are no record are in the reader's language."""
    ids = set(ids)
    real = ids - {NO_GROUP}
    groups: dict[int, _Group] = {}
    if group_by == "all":
        return {NO_GROUP: _Group("all", gettext("All commitments"), (0,))}
    if group_by == "pillar":
        for pillar in Pillar.objects.filter(pk__in=real):
            groups[pillar.pk] = _Group(pillar.key, pillar.name, (0, pillar.position, pillar.name))
        groups[NO_GROUP] = _Group("", gettext("No pillar"), (1,))
    elif group_by == "document":
        for doc in Document.objects.filter(pk__in=real):
            groups[doc.pk] = _Group(
                doc.key, str(doc), (0, doc.adopted_on or dt.date.min, doc.title, doc.pk)
            )
    elif group_by == "actor":
        for actor in Actor.objects.filter(pk__in=real):
            groups[actor.pk] = _Group(actor.key, str(actor), (0, str(actor).lower(), actor.pk))
        groups[NO_GROUP] = _Group("", gettext("No responsible actor"), (1,))
    return {pk: group for pk, group in groups.items() if pk in ids}


def combined(rows: Iterable[ScoreRow], *, key: str, label: str) -> ScoreRow:
    """One row adding up groups that do not overlap (pillars or documents, not actors)."""
    totals = _Totals()
    for row in rows:
        totals.points += row.points
        totals.maximum += row.maximum
        totals.commitments += row.commitments
    return ScoreRow(
        group_key=key,
        group_label=label,
        percent=totals.percent,
        points=totals.points,
        maximum=totals.maximum,
        commitments=totals.commitments,
    )


# --- the interface ---------------------------------------------------------------------


def scores(
    *, user: Any, group_by: GroupBy, as_of: dt.date, document_keys: list[str] | None = None
) -> list[ScoreRow]:
    """Weighted implementation per group as of ``as_of``, as ``user`` may see it.

    Each in-scope action counts with its latest visible assessment dated on or before
    ``as_of`` (ties broken by entry order), or 0 if it has none yet. Only groups with
    in-scope commitments appear; ``group_by="all"`` always gives exactly one row.
    """
    totals: dict[int, _Totals] = defaultdict(_Totals)
    for group_id, points, counted_weight, counted in _standing_by_group(
        user=user, group_by=group_by, as_of=as_of, document_keys=document_keys
    ):
        totals[int(group_id)].add(points, counted_weight, counted)
    if group_by == "all":
        totals[NO_GROUP]  # noqa: B018 - the whole set has a row even when it is empty
    groups = _groups(group_by, totals)
    return [
        ScoreRow(
            group_key=group.key,
            group_label=group.label,
            percent=totals[pk].percent,
            points=totals[pk].points,
            maximum=totals[pk].maximum,
            commitments=totals[pk].commitments,
        )
        for pk, group in sorted(groups.items(), key=lambda item: item[1].order)
    ]


def _month_keys(start: dt.date, end: dt.date) -> list[str]:
    keys = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def monthly_series(
    *,
    user: Any,
    group_by: GroupBy,
    start: dt.date,
    end: dt.date,
    document_keys: list[str] | None = None,
    cached: bool = True,
) -> list[SeriesPoint]:
    """One point per group per month from ``start``'s month to ``end``'s month.

    Each point is the weighted percentage as of the month's last day (as of ``end`` for the
    last month); ``percent`` is None for months in which the group had nothing in scope.
    Points come grouped (in the groups' display order), months ascending within a group.

    A series reads every assessment up to ``end``, which costs a few hundred milliseconds
    on a large dataset, so the result is kept in Django's cache under the state of the
    audit chain: every write appends an audit event and so moves the chain's head, and any
    write makes the next call compute afresh. ``cached=False`` always computes.
    """
    if end < start:
        raise ValueError("the series must end on or after its start")
    _check_group_by(group_by)
    if not cached:
        return _series(
            user=user, group_by=group_by, start=start, end=end, document_keys=document_keys
        )
    # The head is read before the assessments, so what gets stored under it is never older
    # than the head says.
    key = _series_cache_key(
        user=user, group_by=group_by, start=start, end=end, document_keys=document_keys
    )
    series = cache.get(key)
    if series is None:
        series = _series(
            user=user, group_by=group_by, start=start, end=end, document_keys=document_keys
        )
        cache.set(key, series, SERIES_CACHE_SECONDS)
    return list(series)


SERIES_CACHE_SECONDS = 24 * 3600


def _reader_tier(user: Any) -> str:
    # What a user may see depends on the role alone (see VisibilityQuerySet.visible_to).
    if can_edit(user):
        return "editor"
    return "member" if is_member(user) else "public"


def _series_cache_key(
    *,
    user: Any,
    group_by: str,
    start: dt.date,
    end: dt.date,
    document_keys: list[str] | None,
) -> str:
    head = AuditHead.objects.filter(pk=1).values_list("hash", flat=True).first() or "none"
    documents = "*" if document_keys is None else ",".join(sorted(document_keys))
    # The labels of "No pillar" and the like are stored translated: one entry per language.
    language = get_language() or ""
    parts = [_reader_tier(user), group_by, start.isoformat(), end.isoformat(), documents]
    parts += [language, head]
    digest = hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()
    return f"accordwatch:series:v1:{digest}"


def _series(
    *,
    user: Any,
    group_by: str,
    start: dt.date,
    end: dt.date,
    document_keys: list[str] | None,
) -> list[SeriesPoint]:
    changes: dict[int, dict[str, tuple[Any, Any, Any]]] = defaultdict(dict)
    for group_id, month, points, counted_weight, counted in _changes_by_group_and_month(
        user=user, group_by=group_by, end=end, document_keys=document_keys
    ):
        changes[int(group_id)][month] = (points, counted_weight, counted)
    if group_by == "all":
        changes[NO_GROUP]  # noqa: B018 - the whole set has a line even when it is empty
    months = _month_keys(start, end)
    first = months[0]
    series: list[SeriesPoint] = []
    for pk, group in sorted(_groups(group_by, changes).items(), key=lambda item: item[1].order):
        running = _Totals()
        by_month = changes[pk]
        # Everything before the first month of the series is its starting level.
        for month in sorted(m for m in by_month if m < first):
            running.add(*by_month[month])
        for month in months:
            if month in by_month:
                running.add(*by_month[month])
            year, number = int(month[:4]), int(month[5:])
            series.append(
                SeriesPoint(
                    month=dt.date(year, number, 1),
                    group_key=group.key,
                    group_label=group.label,
                    percent=running.percent,
                )
            )
    return series


def overdue(*, user: Any, as_of: dt.date) -> QuerySet[Commitment]:
    """Visible actions whose deadline passed before ``as_of`` and that were not fully
    implemented by then (their latest assessment is not full, or there is none)."""
    scope = _in_scope(user=user, end=as_of, document_keys=None)
    return with_latest_assessment(scope, user=user, as_of=as_of).filter(
        not_fully_implemented_q(), deadline__lt=as_of
    )

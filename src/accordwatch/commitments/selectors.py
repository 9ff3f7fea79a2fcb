"""Every read of the commitments tracker that a page, the API or a report needs.

Each selector takes the ``user`` who reads and returns only what that user may see.
Lists are built so that a page costs a fixed number of queries, whatever its length.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from accordwatch.commitments.models import (
    FULL_SCORE,
    Assessment,
    Clause,
    Commitment,
    CommitmentKind,
    Document,
    Meeting,
    Pillar,
    Score,
)
from accordwatch.core.models import Actor, AuditHead, Source
from accordwatch.core.permissions import can_edit, is_member

if TYPE_CHECKING:
    from accordwatch.commitments.scores import ScoreRow


class CommitmentNotFound(Commitment.DoesNotExist, Http404):
    """Missing or not visible to the reader (the two are deliberately indistinguishable).
    Views may let it propagate: Django and the API answer 404."""


class DocumentNotFound(Document.DoesNotExist, Http404):
    """Missing or not visible to the reader."""


class MeetingNotFound(Meeting.DoesNotExist, Http404):
    """Missing or not visible to the reader."""


# The status of a commitment as of a date, from its latest visible assessment.
NOT_ASSESSED = "not_assessed"
NOT_APPLICABLE = "not_applicable"
STATUS_OF_SCORE = {
    Score.NOT_INITIATED: "not_initiated",
    Score.MINIMAL: "minimal",
    Score.INTERMEDIATE: "intermediate",
    Score.FULL: "full",
}
STATUSES: tuple[str, ...] = (*STATUS_OF_SCORE.values(), NOT_ASSESSED, NOT_APPLICABLE)


# --- visibility ----------------------------------------------------------------------


def visible_documents(*, user: Any) -> QuerySet[Document]:
    return Document.objects.visible_to(user)


def visible_commitments(*, user: Any) -> QuerySet[Commitment]:
    """Commitments the user may see, in documents the user may see."""
    return Commitment.objects.visible_to(user).filter(document__in=visible_documents(user=user))


def visible_assessments(*, user: Any) -> QuerySet[Assessment]:
    return Assessment.objects.visible_to(user).filter(commitment__in=visible_commitments(user=user))


def visible_meetings(*, user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.visible_to(user)


def documents_of_kinds(*, user: Any, kinds: Sequence[str]) -> QuerySet[Document]:
    """The visible documents of these kinds, oldest adoption first; their keys are the
    scope a page hands to ``scores.scores(document_keys=...)``."""
    return (
        visible_documents(user=user)
        .filter(kind__in=list(kinds))
        .order_by("adopted_on", "title", "id")
    )


def _visible_actors(user: Any) -> QuerySet[Actor]:
    return Actor.objects.visible_to(user)


def _visible_sources(user: Any) -> QuerySet[Source]:
    return Source.objects.visible_to(user)


def _today() -> dt.date:
    return timezone.localdate()


# --- the latest assessment of each commitment ------------------------------------------


def _latest_of_each(*, user: Any, as_of: dt.date) -> QuerySet[Assessment]:
    # Correlated on the outer commitment, which the caller has already limited to what the
    # user may see, so only the assessment's own visibility needs checking here.
    return (
        Assessment.objects.visible_to(user)
        .filter(commitment_id=OuterRef("pk"), as_of__lte=as_of)
        .order_by("-as_of", "-id")
    )


# ``latest_code``: the latest standing as one number, so that a filter or a count needs the
# correlated subquery once per row: -1 never assessed, 0–3 the score, 4 not applicable.
CODE_NOT_ASSESSED = -1
CODE_NOT_APPLICABLE = 4
STATUS_OF_CODE = {
    CODE_NOT_ASSESSED: NOT_ASSESSED,
    **{int(score): name for score, name in STATUS_OF_SCORE.items()},
    CODE_NOT_APPLICABLE: NOT_APPLICABLE,
}
CODE_OF_STATUS = {name: code for code, name in STATUS_OF_CODE.items()}


def with_latest_assessment(
    commitments: QuerySet[Commitment], *, user: Any, as_of: dt.date
) -> QuerySet[Commitment]:
    """Annotate visible commitments with their latest visible assessment as of ``as_of``:
    ``latest_score``, ``latest_as_of``, ``latest_illustrative``, ``latest_status`` (one of
    ``STATUSES``) and ``latest_code`` (see ``STATUS_OF_CODE``), all computed in SQL."""
    latest = _latest_of_each(user=user, as_of=as_of)
    standing = Coalesce(F("score"), Value(CODE_NOT_APPLICABLE))
    return commitments.annotate(
        # An IntegerField, not the score's PositiveSmallIntegerField: Django would otherwise
        # decide that a filter on -1 can match nothing.
        latest_code=Coalesce(
            Subquery(latest.values(v=standing)[:1]),
            Value(CODE_NOT_ASSESSED),
            output_field=IntegerField(),
        ),
        latest_score=Subquery(latest.values("score")[:1]),
        latest_as_of=Subquery(latest.values("as_of")[:1]),
        latest_illustrative=Subquery(latest.values("illustrative")[:1]),
    ).annotate(
        latest_status=Case(
            *[When(latest_code=code, then=Value(name)) for code, name in STATUS_OF_CODE.items()],
            default=Value(NOT_ASSESSED),
            output_field=CharField(),
        )
    )


def not_fully_implemented_q() -> Q:
    """On commitments annotated by ``with_latest_assessment``: never assessed, or assessed
    below full. (A "not applicable" judgement is neither.)"""
    return Q(latest_code__lt=FULL_SCORE)


def _overdue_q(as_of: dt.date) -> Q:
    return (
        Q(kind=CommitmentKind.ACTION, deadline__lt=as_of)
        & (Q(document__adopted_on__isnull=True) | Q(document__adopted_on__lte=as_of))
        & not_fully_implemented_q()
    )


def latest_assessments(
    *, commitment_ids: Sequence[int], user: Any, as_of: dt.date | None = None
) -> dict[int, Assessment]:
    """The newest visible assessment of each commitment (by date, then by entry order),
    optionally as of a date. One query, which reads only the winning rows."""
    ids = list(commitment_ids)
    if not ids:
        return {}
    newest = Assessment.objects.visible_to(user).filter(commitment_id=OuterRef("pk"))
    if as_of is not None:
        newest = newest.filter(as_of__lte=as_of)
    winners = (
        Commitment.objects.filter(pk__in=ids)
        .annotate(winner=Subquery(newest.order_by("-as_of", "-id").values("id")[:1]))
        .values("winner")
    )
    rows = visible_assessments(user=user).filter(pk__in=winners)
    return {row.commitment_id: row for row in rows}


# --- commitments ---------------------------------------------------------------------


def _list_related(qs: QuerySet[Commitment], *, user: Any) -> QuerySet[Commitment]:
    return qs.select_related("document", "pillar").prefetch_related(
        Prefetch("responsible", queryset=_visible_actors(user))
    )


def commitment_list(
    *,
    user: Any,
    document: str | None = None,
    pillar: str | None = None,
    actor: str | None = None,
    status: str | None = None,
    overdue: bool | None = None,
    kind: str | None = None,
    q: str | None = None,
    as_of: dt.date | None = None,
) -> QuerySet[Commitment]:
    """Visible commitments, filtered, each annotated with its standing as of ``as_of``
    (default today): ``latest_*`` (see ``with_latest_assessment``) and ``is_overdue``.

    ``document``, ``pillar`` and ``actor`` are keys; ``status`` is one of ``STATUSES``;
    ``overdue`` True keeps only overdue actions, False only the others. Unknown ``status``
    or ``kind`` values raise ValueError (the caller answers 400).
    """
    as_of = as_of or _today()
    if status is not None and status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; choose one of {', '.join(STATUSES)}")
    if kind is not None and kind not in CommitmentKind.values:
        raise ValueError(f"unknown kind {kind!r}; choose one of {', '.join(CommitmentKind.values)}")
    qs = visible_commitments(user=user)
    if document:
        qs = qs.filter(document__key=document)
    if pillar:
        qs = qs.filter(pillar__key=pillar)
    if actor:
        # Actor keys are unique, so this join cannot repeat a commitment.
        qs = qs.filter(responsible__in=_visible_actors(user).filter(key=actor))
    if kind:
        qs = qs.filter(kind=kind)
    if q and q.strip():
        text = q.strip()
        qs = qs.filter(
            Q(title__icontains=text) | Q(key__icontains=text) | Q(summary__icontains=text)
        )
    qs = with_latest_assessment(qs, user=user, as_of=as_of).annotate(
        is_overdue=Case(
            When(_overdue_q(as_of), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    if status:
        qs = qs.filter(Q(latest_code=CODE_OF_STATUS[status]))
    if overdue is not None:
        qs = qs.filter(is_overdue=overdue)
    return _list_related(qs, user=user)


def commitment_detail(*, user: Any, key: str, as_of: dt.date | None = None) -> Commitment:
    """One visible commitment with what its page shows; raises ``CommitmentNotFound``."""
    qs = with_latest_assessment(visible_commitments(user=user), user=user, as_of=as_of or _today())
    qs = _list_related(qs, user=user).prefetch_related(
        "clauses",
        Prefetch("sources", queryset=_visible_sources(user)),
        Prefetch("related", queryset=visible_commitments(user=user).select_related("document")),
    )
    try:
        return qs.get(key=key)
    except Commitment.DoesNotExist:
        raise CommitmentNotFound(f"no commitment {key!r}") from None


def assessment_timeline(*, user: Any, commitment: Commitment) -> QuerySet[Assessment]:
    """The visible assessments of a commitment, oldest first, with their visible sources."""
    return (
        visible_assessments(user=user)
        .filter(commitment=commitment)
        .select_related("assessor")
        .prefetch_related(Prefetch("sources", queryset=_visible_sources(user)))
        .order_by("as_of", "id")
    )


def recent_assessments(*, user: Any, limit: int = 10) -> list[Assessment]:
    """The latest recorded visible assessments, newest entry first."""
    # Assessments are append-only, so the id is the order of entry. Ordering by it, with the
    # commitment's visibility checked per row (EXISTS rather than IN, which would make the
    # planners start from the commitments and sort every assessment), walks the primary key
    # backwards and stops at ``limit``.
    visible = Exists(visible_commitments(user=user).filter(pk=OuterRef("commitment_id")))
    return list(
        Assessment.objects.visible_to(user)
        .filter(visible)
        .select_related("commitment", "commitment__document", "assessor")
        .order_by("-id")[:limit]
    )


# --- documents and their clauses ---------------------------------------------------------


def document_detail(*, user: Any, key: str) -> Document:
    """One visible document with its visible parties and sources; raises ``DocumentNotFound``."""
    qs = (
        visible_documents(user=user)
        .select_related("place")
        .prefetch_related(
            Prefetch("parties", queryset=_visible_actors(user)),
            Prefetch("sources", queryset=_visible_sources(user)),
        )
    )
    try:
        return qs.get(key=key)
    except Document.DoesNotExist:
        raise DocumentNotFound(f"no document {key!r}") from None


@dataclass
class ClauseNode:
    clause: Clause
    commitments: list[Commitment] = field(default_factory=list)
    children: list[ClauseNode] = field(default_factory=list)


def clause_tree(
    *, document: Document, user: Any = None, as_of: dt.date | None = None
) -> list[ClauseNode]:
    """The document's clauses as a tree (roots in order), each with the commitments it holds.

    Two queries whatever the size: the clauses, and their commitments (annotated with their
    standing as of ``as_of``). Without a ``user`` only public commitments are listed.
    """
    commitments = with_latest_assessment(
        visible_commitments(user=user), user=user, as_of=as_of or _today()
    ).order_by("position", "id")
    clauses = (
        Clause.objects.filter(document=document)
        .order_by("position", "id")
        .prefetch_related(Prefetch("commitments", queryset=commitments))
    )
    nodes = {clause.pk: ClauseNode(clause, list(clause.commitments.all())) for clause in clauses}
    roots: list[ClauseNode] = []
    for node in nodes.values():
        parent = nodes.get(node.clause.parent_id) if node.clause.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


# --- meetings ------------------------------------------------------------------------


def _meeting_related(qs: QuerySet[Meeting], *, user: Any) -> QuerySet[Meeting]:
    # A meeting is shown with the body that held it, whatever the body's own record says;
    # its communiqué only when the reader may see that document (otherwise None).
    return qs.select_related("body", "place").prefetch_related(
        Prefetch("communique", queryset=visible_documents(user=user))
    )


def meeting_list(*, user: Any, body_kind: str | None = None) -> QuerySet[Meeting]:
    """Visible meetings, newest first, optionally of one kind of body."""
    qs = visible_meetings(user=user)
    if body_kind:
        qs = qs.filter(body_kind=body_kind)
    return _meeting_related(qs, user=user)


def meeting_detail(*, user: Any, key: str) -> Meeting:
    """One visible meeting with what it discussed; raises ``MeetingNotFound``."""
    qs = _meeting_related(visible_meetings(user=user), user=user).prefetch_related(
        Prefetch("discussed", queryset=visible_commitments(user=user).select_related("document")),
        Prefetch("sources", queryset=_visible_sources(user)),
    )
    try:
        return qs.get(key=key)
    except Meeting.DoesNotExist:
        raise MeetingNotFound(f"no meeting {key!r}") from None


def decisions_of(
    *, user: Any, meeting: Meeting, as_of: dt.date | None = None
) -> QuerySet[Commitment]:
    """The commitments of the meeting's communiqué in their order, annotated like
    ``commitment_list`` (empty when there is no communiqué the user may see)."""
    if meeting.communique_id is None:
        return Commitment.objects.none()
    return (
        commitment_list(user=user, as_of=as_of)
        .filter(document_id=meeting.communique_id)
        .order_by("position", "id")
    )


# --- the dashboard -------------------------------------------------------------------


@dataclass(frozen=True)
class StandingCount:
    """One row of ``standing_tally``: how many commitments share all these traits."""

    document_key: str
    pillar_key: str  # "" for no pillar
    kind: str
    status: str  # one of STATUSES
    overdue: bool
    illustrative: bool  # their latest assessment is illustrative
    n: int


TALLY_CACHE_SECONDS = 24 * 3600


def standing_tally(*, user: Any, as_of: dt.date, cached: bool = True) -> list[StandingCount]:
    """The visible commitments counted by document, pillar, kind, status as of ``as_of``,
    overdue and illustrative: everything the dashboard counts, in one aggregate query
    (plus two small ones for the keys of the documents and pillars that appear).

    Like the score series, the tally is kept in Django's cache under the state of the
    audit chain, per reader tier and date: every write appends an audit event and so moves
    the chain's head, and the next call counts afresh. ``cached=False`` always counts.
    """
    if not cached:
        return _count_standing(user=user, as_of=as_of)
    # The head is read before the commitments, so what is stored under it is never older.
    key = _tally_cache_key(user=user, as_of=as_of)
    tally = cache.get(key)
    if tally is None:
        tally = _count_standing(user=user, as_of=as_of)
        cache.set(key, tally, TALLY_CACHE_SECONDS)
    return list(tally)


def _reader_tier(user: Any) -> str:
    # What a user may see depends on the role alone (see VisibilityQuerySet.visible_to).
    if can_edit(user):
        return "editor"
    return "member" if is_member(user) else "public"


def _tally_cache_key(*, user: Any, as_of: dt.date) -> str:
    head = AuditHead.objects.filter(pk=1).values_list("hash", flat=True).first() or "none"
    parts = [_reader_tier(user), as_of.isoformat(), head]
    digest = hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()
    return f"accordwatch:tally:v1:{digest}"


def _count_standing(*, user: Any, as_of: dt.date) -> list[StandingCount]:
    # ``commitment_list`` repeats its correlated subquery for each annotation that uses the
    # latest standing (status, overdue, illustrative); here each commitment looks up the id
    # of its latest visible assessment once, and the assessment is joined by that id.
    latest = _latest_of_each(user=user, as_of=as_of).values(v=F("id"))[:1]
    commitments = (
        visible_commitments(user=user)
        .order_by()
        .values(
            document_ref=F("document_id"),
            pillar_ref=F("pillar_id"),
            commitment_kind=F("kind"),
            due=F("deadline"),
            adopted=F("document__adopted_on"),
            latest_id=Subquery(latest),
        )
    )
    inner, params = commitments.query.get_compiler(using=commitments.db).as_sql()
    assessments = Assessment._meta.db_table
    # The rules of ``with_latest_assessment`` (codes) and of ``_overdue_q``, applied to the
    # joined row; every value stays a parameter.
    code = (
        f"CASE WHEN a.id IS NULL THEN {CODE_NOT_ASSESSED} "
        f"WHEN a.score IS NULL THEN {CODE_NOT_APPLICABLE} ELSE a.score END"
    )
    overdue = (
        "CASE WHEN s.commitment_kind = %s AND s.due < %s "
        "AND (s.adopted IS NULL OR s.adopted <= %s) AND (a.id IS NULL OR a.score < %s) "
        "THEN 1 ELSE 0 END"
    )
    illustrative = "CASE WHEN a.illustrative THEN 1 ELSE 0 END"
    sql = (
        "SELECT s.document_ref, s.pillar_ref, s.commitment_kind, "  # noqa: S608
        f"{code}, {overdue}, {illustrative}, COUNT(*) "
        f"FROM ({inner}) s LEFT JOIN {assessments} a ON a.id = s.latest_id "
        "GROUP BY 1, 2, 3, 4, 5, 6"
    )
    # The overdue rule's parameters come first in the text, the inner query's after.
    late: list[Any] = [CommitmentKind.ACTION.value, as_of, as_of, int(FULL_SCORE)]
    with connections[commitments.db].cursor() as cursor:
        cursor.execute(sql, [*late, *params])
        rows = cursor.fetchall()
    documents = dict(
        Document.objects.filter(pk__in={row[0] for row in rows}).values_list("id", "key")
    )
    pillars = dict(Pillar.objects.filter(pk__in={row[1] for row in rows}).values_list("id", "key"))
    return [
        StandingCount(
            document_key=documents[document],
            pillar_key=pillars.get(pillar, ""),
            kind=kind,
            status=STATUS_OF_CODE[int(code_value)],
            overdue=bool(late_flag),
            illustrative=bool(illustrative_flag),
            n=int(n),
        )
        for document, pillar, kind, code_value, late_flag, illustrative_flag, n in rows
    ]


@dataclass(frozen=True)
class DashboardSummary:
    as_of: dt.date
    status_counts: dict[str, int]  # every status in STATUSES, zero included
    commitments: int  # visible commitments, actions and positions
    overdue: int
    overall: ScoreRow
    by_pillar: list[ScoreRow]
    # pillar key ("" for none) -> actions whose latest assessment is illustrative
    illustrative_by_pillar: dict[str, int] = field(default_factory=dict)


def dashboard_summary(
    *,
    user: Any,
    as_of: dt.date,
    document_keys: Sequence[str] | None = None,
    tally: list[StandingCount] | None = None,
) -> DashboardSummary:
    """Counts by status, the overdue count and the scores by pillar, as of ``as_of``, of
    the commitments of every visible document, or only of those ``document_keys`` names.

    Two aggregate queries (plus small ones for keys and names), counted afresh; a page
    that has read the (cached) ``standing_tally`` for the same user and date passes it.
    """
    from accordwatch.commitments.scores import combined, scores

    keys = None if document_keys is None else set(document_keys)
    if tally is None:
        tally = standing_tally(user=user, as_of=as_of, cached=False)
    chosen = [row for row in tally if keys is None or row.document_key in keys]
    counts = dict.fromkeys(STATUSES, 0)
    illustrative: dict[str, int] = {}
    for row in chosen:
        counts[row.status] += row.n
        if row.illustrative and row.kind == CommitmentKind.ACTION:
            illustrative[row.pillar_key] = illustrative.get(row.pillar_key, 0) + row.n
    if keys is None:
        by_pillar = scores(user=user, group_by="pillar", as_of=as_of)
    elif keys:
        by_pillar = scores(user=user, group_by="pillar", as_of=as_of, document_keys=sorted(keys))
    else:
        by_pillar = []  # no document at all is an empty scope, not "every document"
    return DashboardSummary(
        as_of=as_of,
        status_counts=counts,
        commitments=sum(counts.values()),
        overdue=sum(row.n for row in chosen if row.overdue),
        # Every commitment is in exactly one pillar group (or none), so the pillars add up.
        overall=combined(by_pillar, key="all", label=gettext("All commitments")),
        by_pillar=by_pillar,
        illustrative_by_pillar=illustrative,
    )


# The follow-up of a meeting's decisions: positions are counted apart, whatever their
# standing, since they are never scored.
POSITION = "position"
DECISION_BUCKETS: tuple[str, ...] = (
    "full",
    "intermediate",
    "minimal",
    "not_initiated",
    NOT_ASSESSED,
    NOT_APPLICABLE,
    POSITION,
)


def decision_status_counts(
    *,
    user: Any,
    meeting: Meeting,
    as_of: dt.date,
    tally: list[StandingCount] | None = None,
) -> dict[str, int]:
    """How many of the meeting's visible decisions (the commitments of its communiqué, if
    the reader may see it) stand at each status as of ``as_of``: every bucket of
    ``DECISION_BUCKETS``, zero included. Counted from ``tally`` if the page has read the
    ``standing_tally`` for the same user and date already."""
    if tally is None:
        tally = standing_tally(user=user, as_of=as_of, cached=False)
    counts = dict.fromkeys(DECISION_BUCKETS, 0)
    communique = meeting.communique if meeting.communique_id else None
    if communique is None:
        return counts
    for row in tally:
        if row.document_key == communique.key:
            counts[POSITION if row.kind == CommitmentKind.POSITION else row.status] += row.n
    return counts

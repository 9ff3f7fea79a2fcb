"""API endpoints of the commitments tracker: documents and clauses, commitments and their
assessments, scores, meetings.

Handlers parse input and call selectors (reads) or services (writes), nothing more. A record
the caller may not see is answered 404, exactly like one that does not exist.
"""

import datetime as dt
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from accordwatch.api_common import ANYONE, SIGNED_IN, Paging, caller, input_error
from accordwatch.commitments import scores as score_math
from accordwatch.commitments import selectors, services
from accordwatch.commitments.models import (
    Assessment,
    Commitment,
    CommitmentKind,
    Document,
    DocumentKind,
    Meeting,
    MeetingBody,
)
from accordwatch.commitments.schemas import (
    AssessmentIn,
    AssessmentOut,
    ClauseOut,
    CommitmentDetailOut,
    CommitmentOut,
    DocumentDetailOut,
    DocumentOut,
    GroupBy,
    MeetingDetailOut,
    MeetingOut,
    ScoresOut,
    Status,
)
from accordwatch.core.models import Source

router = Router()

# A monthly series longer than this is refused rather than computed (50 years).
MAX_SERIES_MONTHS = 600


# --- documents ---------------------------------------------------------------------------


class DocumentFilters(Schema):
    kind: DocumentKind | None = None


@router.get("/documents", response=list[DocumentOut], auth=ANYONE, summary="List documents")
@paginate(Paging)
def list_documents(request: HttpRequest, filters: Query[DocumentFilters]) -> QuerySet[Document]:
    documents = selectors.visible_documents(user=caller(request)).select_related("place")
    if filters.kind:
        documents = documents.filter(kind=filters.kind)
    return documents.order_by("adopted_on", "title", "key")


@router.get("/documents/{key}", response=DocumentDetailOut, auth=ANYONE, summary="A document")
def get_document(request: HttpRequest, key: str) -> Document:
    return selectors.document_detail(user=caller(request), key=key)


def _flatten(nodes: list[selectors.ClauseNode], parent: str | None, depth: int) -> list[dict]:
    rows: list[dict] = []
    for node in nodes:
        clause = node.clause
        rows.append(
            {
                "ref": clause.ref,
                "level": clause.level,
                "heading": clause.heading,
                "summary": clause.summary,
                "parent": parent,
                "depth": depth,
                "commitments": node.commitments,
            }
        )
        rows.extend(_flatten(node.children, clause.ref, depth + 1))
    return rows


@router.get(
    "/documents/{key}/clauses",
    response=list[ClauseOut],
    auth=ANYONE,
    summary="A document's clauses",
    description="Every clause in reading order, each with its parent's ref and its depth, "
    "and the visible commitments it holds (with their status as of `as_of`, default today).",
)
def list_clauses(request: HttpRequest, key: str, as_of: dt.date | None = None) -> list[dict]:
    user = caller(request)
    document = selectors.document_detail(user=user, key=key)
    return _flatten(selectors.clause_tree(document=document, user=user, as_of=as_of), None, 0)


# --- commitments -------------------------------------------------------------------------


class CommitmentFilters(Schema):
    document: str | None = Field(None, description="Document key.")
    pillar: str | None = Field(None, description="Pillar key.")
    actor: str | None = Field(None, description="Key of a responsible actor.")
    status: Status | None = Field(None, description="Status as of `as_of`.")
    overdue: bool | None = Field(None, description="true: only overdue; false: none overdue.")
    kind: CommitmentKind | None = None
    q: str | None = Field(None, description="Text in the title, key or summary.")
    as_of: dt.date | None = Field(None, description="Standing as of this date (default today).")


@router.get(
    "/commitments",
    response=list[CommitmentOut],
    auth=ANYONE,
    summary="List commitments",
    description="Each with its latest assessment as of `as_of`, in document order.",
)
@paginate(Paging)
def list_commitments(
    request: HttpRequest, filters: Query[CommitmentFilters]
) -> QuerySet[Commitment]:
    return selectors.commitment_list(user=caller(request), **filters.dict())


@router.get("/commitments/{key}", response=CommitmentDetailOut, auth=ANYONE, summary="A commitment")
def get_commitment(request: HttpRequest, key: str, as_of: dt.date | None = None) -> Commitment:
    user = caller(request)
    commitment = selectors.commitment_detail(user=user, key=key, as_of=as_of)
    # The overdue rule lives with the list; ask it about this one commitment.
    commitment.is_overdue = (
        selectors.commitment_list(user=user, as_of=as_of)
        .filter(pk=commitment.pk, is_overdue=True)
        .exists()
    )
    return commitment


@router.get(
    "/commitments/{key}/assessments",
    response=list[AssessmentOut],
    auth=ANYONE,
    summary="A commitment's assessments",
    description="Its visible assessments, oldest first.",
)
def list_assessments(request: HttpRequest, key: str) -> QuerySet[Assessment]:
    user = caller(request)
    commitment = selectors.commitment_detail(user=user, key=key)
    return selectors.assessment_timeline(user=user, commitment=commitment).select_related(
        "commitment"
    )


@router.post(
    "/commitments/{key}/assessments",
    response={201: AssessmentOut},
    auth=SIGNED_IN,
    summary="Record an assessment (editors)",
    description="Adds a dated judgement; assessments are never edited, a correction is a new "
    "one. 401 without credentials, 403 for a non-editor, 422 names the invalid fields.",
)
def create_assessment(
    request: HttpRequest, key: str, payload: AssessmentIn
) -> tuple[int, Assessment]:
    user = caller(request)
    commitment = selectors.commitment_detail(user=user, key=key)
    sources = list(Source.objects.visible_to(user).filter(key__in=payload.sources))
    unknown = sorted(set(payload.sources) - {source.key for source in sources})
    if unknown:
        raise input_error(
            ["body", "payload", "sources"], f"unknown source key(s): {', '.join(unknown)}"
        )
    assessment = services.assessment_create(
        actor=user,
        commitment=commitment,
        as_of=payload.as_of,
        score=payload.score,
        rationale=payload.rationale,
        sources=sources,
        assessor_name=payload.assessor_name,
        illustrative=payload.illustrative,
        confidentiality=payload.confidentiality,
        publication_state=payload.publication_state,
    )
    return 201, assessment


# --- scores ------------------------------------------------------------------------------


class ScoreQuery(Schema):
    group_by: GroupBy = "pillar"
    as_of: dt.date | None = Field(None, description="Snapshot date (default today).")
    series: Literal["monthly"] | None = Field(None, description='"monthly" for a series.')
    start: dt.date | None = Field(None, description="First month of the series (required).")
    end: dt.date | None = Field(None, description="Last month of the series (default today).")
    document: list[str] | None = Field(None, description="Limit to these document keys.")


@router.get(
    "/scores",
    response=ScoresOut,
    auth=ANYONE,
    summary="Implementation scores",
    description="The weighted percentage of full implementation per pillar, document, "
    "responsible actor or overall (`group_by`), as of a date; with `series=monthly`, one "
    "point a month from `start` to `end`. Computed over what the caller may see.",
)
def get_scores(request: HttpRequest, query: Query[ScoreQuery]) -> dict[str, Any]:
    user = caller(request)
    today = timezone.localdate()
    if query.series is None:
        as_of = query.as_of or today
        rows = score_math.scores(
            user=user, group_by=query.group_by, as_of=as_of, document_keys=query.document
        )
        return {"group_by": query.group_by, "as_of": as_of, "rows": rows}
    if query.start is None:
        raise input_error(["query", "start"], "a monthly series needs a start date")
    end = query.end or today
    if end < query.start:
        raise input_error(["query", "end"], "the series must end on or after its start")
    months = (end.year - query.start.year) * 12 + end.month - query.start.month + 1
    if months > MAX_SERIES_MONTHS:
        raise input_error(["query", "start"], f"a series spans at most {MAX_SERIES_MONTHS} months")
    points = score_math.monthly_series(
        user=user, group_by=query.group_by, start=query.start, end=end, document_keys=query.document
    )
    return {"group_by": query.group_by, "start": query.start, "end": end, "series": points}


# --- meetings ----------------------------------------------------------------------------


class MeetingFilters(Schema):
    body_kind: MeetingBody | None = None


@router.get(
    "/meetings",
    response=list[MeetingOut],
    auth=ANYONE,
    summary="List meetings",
    description="Newest first.",
)
@paginate(Paging)
def list_meetings(request: HttpRequest, filters: Query[MeetingFilters]) -> QuerySet[Meeting]:
    meetings = selectors.meeting_list(user=caller(request), body_kind=filters.body_kind)
    return meetings.order_by("-starts_on", "-session_number", "key")


@router.get(
    "/meetings/{key}",
    response=MeetingDetailOut,
    auth=ANYONE,
    summary="A meeting and its decisions",
)
def get_meeting(request: HttpRequest, key: str, as_of: dt.date | None = None) -> Meeting:
    user = caller(request)
    meeting = selectors.meeting_detail(user=user, key=key)
    meeting.decisions = list(selectors.decisions_of(user=user, meeting=meeting, as_of=as_of))
    return meeting

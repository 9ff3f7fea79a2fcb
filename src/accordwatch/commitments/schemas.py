"""What the commitments API reads and writes, field by field (and so what OpenAPI shows).

Related records appear by key (with a label where a reader needs one). Their lists come
from the selectors, which prefetch only what the caller may see, so a schema never reaches
past visibility by itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from accordwatch.commitments.models import CommitmentKind, MeetingBody
from accordwatch.commitments.selectors import NOT_APPLICABLE, STATUS_OF_SCORE, STATUSES
from accordwatch.core.models import Confidentiality, PublicationState

Status = Literal[STATUSES]  # type: ignore[valid-type]
GroupBy = Literal["pillar", "document", "actor", "all"]


def _key(record: Any) -> str | None:
    return record.key if record is not None else None


class ActorRef(Schema):
    key: str
    name: str

    @staticmethod
    def resolve_name(actor: Any) -> str:
        return str(actor)


class SourceRef(Schema):
    key: str
    title: str
    url: str


class Visibility(Schema):
    confidentiality: Confidentiality
    publication_state: PublicationState


# --- documents -------------------------------------------------------------------------


class DocumentOut(Visibility):
    key: str
    kind: str
    title: str
    short_title: str
    summary: str
    reference: str
    adopted_on: dt.date | None
    in_force_on: dt.date | None
    ended_on: dt.date | None
    place: str | None = Field(None, description="Key of the place of signature.")

    @staticmethod
    def resolve_place(document: Any) -> str | None:
        return _key(document.place)


class DocumentDetailOut(DocumentOut):
    parties: list[ActorRef]
    sources: list[SourceRef]


class ClauseCommitment(Schema):
    key: str
    title: str
    latest_status: Status


class ClauseOut(Schema):
    """One node of the document's structure, in reading order (a parent before its children)."""

    ref: str
    level: str
    heading: str
    summary: str
    parent: str | None = Field(description="ref of the enclosing clause; null for a root")
    depth: int = Field(description="0 for a root, 1 for its children …")
    commitments: list[ClauseCommitment]


# --- commitments and assessments -------------------------------------------------------


class CommitmentOut(Visibility):
    key: str
    title: str
    kind: CommitmentKind
    document: str = Field(description="Key of the document the commitment is in.")
    pillar: str | None = Field(None, description="Key of its pillar.")
    theme: str
    responsible: list[ActorRef]
    deadline: dt.date | None
    deadline_note: str
    weight: float
    latest_score: int | None = Field(
        description="Score (0–3) of the latest assessment as of the date; null if none or n/a."
    )
    latest_status: Status
    latest_as_of: dt.date | None
    latest_illustrative: bool | None = Field(
        description="Whether that assessment is illustrative (no source makes it)."
    )
    overdue: bool = Field(description="An action past its deadline, not fully implemented.")

    @staticmethod
    def resolve_document(commitment: Any) -> str:
        return commitment.document.key

    @staticmethod
    def resolve_pillar(commitment: Any) -> str | None:
        return _key(commitment.pillar)

    @staticmethod
    def resolve_weight(commitment: Any) -> float:
        return float(commitment.weight)

    @staticmethod
    def resolve_overdue(commitment: Any) -> bool:
        return bool(commitment.is_overdue)


class ClauseRef(Schema):
    ref: str
    heading: str


class CommitmentDetailOut(CommitmentOut):
    summary: str
    clauses: list[ClauseRef]
    sources: list[SourceRef]
    related: list[str] = Field(description="Keys of commitments this one follows up.")

    @staticmethod
    def resolve_related(commitment: Any) -> list[str]:
        return [other.key for other in commitment.related.all()]


class AssessmentOut(Visibility):
    id: int
    commitment: str
    as_of: dt.date
    score: int | None = Field(description="0–3; null means not applicable (positions).")
    status: Status
    rationale: str
    assessor: str
    illustrative: bool
    sources: list[SourceRef]
    created_at: dt.datetime

    @staticmethod
    def resolve_commitment(assessment: Any) -> str:
        return assessment.commitment.key

    @staticmethod
    def resolve_status(assessment: Any) -> str:
        if assessment.score is None:
            return NOT_APPLICABLE
        return STATUS_OF_SCORE[assessment.score]

    @staticmethod
    def resolve_assessor(assessment: Any) -> str:
        if assessment.assessor_name:
            return assessment.assessor_name
        return assessment.assessor.get_username() if assessment.assessor else ""


class AssessmentIn(Schema):
    as_of: dt.date = Field(description="The date the judgement describes.")
    score: int | None = Field(
        None, ge=0, le=3, description="0 not initiated … 3 full; null for a position."
    )
    rationale: str = Field(description="Why: required, in your own words.")
    sources: list[str] = Field(default_factory=list, description="Keys of the sources cited.")
    illustrative: bool = Field(False, description="True when no source makes this judgement.")
    assessor_name: str = Field("", description="Who judged, if not the caller.")
    confidentiality: Confidentiality | None = Field(
        None, description="Defaults to the commitment's."
    )
    publication_state: PublicationState | None = Field(
        None, description="Defaults to the commitment's."
    )


# --- scores ------------------------------------------------------------------------------


class ScoreRowOut(Schema):
    group_key: str = Field(description='Pillar, document or actor key; "all" for the whole.')
    group_label: str
    percent: float | None = Field(description="Weighted % of full implementation; null: none.")
    points: float
    maximum: float
    commitments: int


class SeriesPointOut(Schema):
    month: dt.date = Field(description="First day of the month; value as of its last day.")
    group_key: str
    group_label: str
    percent: float | None


class ScoresOut(Schema):
    group_by: GroupBy
    as_of: dt.date | None = Field(None, description="Set for a snapshot.")
    start: dt.date | None = Field(None, description="Set for a monthly series.")
    end: dt.date | None = None
    rows: list[ScoreRowOut] | None = Field(None, description="The snapshot, one row a group.")
    series: list[SeriesPointOut] | None = Field(
        None, description="The series: per group, one point a month."
    )


# --- meetings ----------------------------------------------------------------------------


class MeetingOut(Visibility):
    key: str
    title: str
    body: ActorRef
    body_kind: MeetingBody
    level: str
    session_number: int | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    date_note: str
    place: str | None = None
    communique: str | None = Field(None, description="Key of its communiqué, if visible.")
    summary: str

    @staticmethod
    def resolve_place(meeting: Any) -> str | None:
        return _key(meeting.place)

    @staticmethod
    def resolve_communique(meeting: Any) -> str | None:
        return _key(meeting.communique)


class MeetingDetailOut(MeetingOut):
    decisions: list[CommitmentOut] = Field(description="The commitments of its communiqué.")
    discussed: list[str] = Field(description="Keys of other commitments it discussed.")
    sources: list[SourceRef]

    @staticmethod
    def resolve_discussed(meeting: Any) -> list[str]:
        return [commitment.key for commitment in meeting.discussed.all()]

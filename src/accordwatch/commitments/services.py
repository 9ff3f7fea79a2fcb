"""Every write to the commitments tracker: one transaction, one audit event each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accordwatch.commitments.models import (
    Assessment,
    Clause,
    Commitment,
    CommitmentKind,
    Document,
    Meeting,
    Pillar,
)
from accordwatch.core import audit
from accordwatch.core.models import Actor, Source
from accordwatch.core.permissions import require_editor
from accordwatch.core.services import SYSTEM, upsert


def document_upsert(
    *,
    actor: Any,
    key: str,
    parties: Iterable[Actor] = (),
    sources: Iterable[Source] = (),
    **values: Any,
) -> tuple[Document, bool]:
    return upsert(
        actor=actor,
        model=Document,
        key=key,
        values=values,
        m2m={"parties": parties, "sources": sources},
    )


def pillar_upsert(*, actor: Any, key: str, **values: Any) -> tuple[Pillar, bool]:
    return upsert(actor=actor, model=Pillar, key=key, values=values)


def clause_upsert(
    *,
    actor: Any,
    document: Document,
    ref: str,
    level: str,
    parent: Clause | None = None,
    heading: str = "",
    summary: str = "",
    position: int = 0,
) -> tuple[Clause, bool]:
    """Create or update the clause ``ref`` of ``document`` (refs are unique per document)."""
    if actor is not SYSTEM:
        require_editor(actor)
    if parent is not None and parent.document_id != document.pk:
        raise ValidationError({"parent": "a clause's parent must belong to the same document"})
    with transaction.atomic():
        clause = Clause.objects.select_for_update().filter(document=document, ref=ref).first()
        before = audit.snapshot(clause) if clause else None
        if clause is None:
            clause = Clause(document=document, ref=ref)
        clause.level, clause.parent, clause.heading = level, parent, heading
        clause.summary, clause.position = summary, position
        clause.full_clean()
        after = audit.snapshot(clause) if before is not None else None
        if before is not None and after == before:
            return clause, False
        clause.save()
        audit.record(
            user=actor,
            action="clause.create" if before is None else "clause.update",
            obj=clause,
            before=before,
            after=audit.snapshot(clause),
        )
        return clause, True


def commitment_upsert(
    *,
    actor: Any,
    key: str,
    document: Document,
    title: str,
    clauses: Iterable[Clause] = (),
    responsible: Iterable[Actor] = (),
    sources: Iterable[Source] = (),
    related: Iterable[Commitment] = (),
    **values: Any,
) -> tuple[Commitment, bool]:
    clauses = list(clauses)
    if any(c.document_id != document.pk for c in clauses):
        raise ValidationError({"clauses": "every clause must belong to the commitment's document"})
    return upsert(
        actor=actor,
        model=Commitment,
        key=key,
        values={"document": document, "title": title, **values},
        m2m={
            "clauses": clauses,
            "responsible": responsible,
            "sources": sources,
            "related": related,
        },
    )


def assessment_create(
    *,
    actor: Any,
    commitment: Commitment,
    as_of: dt.date,
    score: int | None,
    rationale: str,
    sources: Iterable[Source] = (),
    assessor_name: str = "",
    illustrative: bool = False,
    confidentiality: str | None = None,
    publication_state: str | None = None,
) -> Assessment:
    """Add a dated judgement. Assessments are never edited; a correction is a new one.

    Actions take a score 0–3; positions are not scored, so their assessments carry none
    ("not applicable"). Visibility defaults to the commitment's own.
    """
    if actor is not SYSTEM:
        require_editor(actor)
    if commitment.kind == CommitmentKind.ACTION and score is None:
        raise ValidationError(
            {"score": "an action needs a score from 0 (not initiated) to 3 (full)"}
        )
    if commitment.kind == CommitmentKind.POSITION and score is not None:
        raise ValidationError(
            {"score": "a position is not scored: leave the score empty (not applicable)"}
        )
    if score is not None and not 0 <= score <= 3:
        raise ValidationError({"score": "the score must be 0, 1, 2 or 3"})
    if not rationale.strip():
        raise ValidationError({"rationale": "say why: the rationale is required"})
    with transaction.atomic():
        assessment = Assessment(
            commitment=commitment,
            as_of=as_of,
            score=score,
            rationale=rationale,
            assessor=actor if actor is not SYSTEM else None,
            assessor_name=assessor_name,
            illustrative=illustrative,
            confidentiality=confidentiality or commitment.confidentiality,
            publication_state=publication_state or commitment.publication_state,
        )
        assessment.full_clean()
        assessment.save()
        assessment.sources.set(list(sources))
        audit.record(
            user=actor,
            action="assessment.create",
            obj=assessment,
            object_label=f"{commitment.key} @ {as_of.isoformat()}",
            after=audit.snapshot(assessment),
        )
    return assessment


def meeting_upsert(
    *,
    actor: Any,
    key: str,
    discussed: Iterable[Commitment] = (),
    sources: Iterable[Source] = (),
    **values: Any,
) -> tuple[Meeting, bool]:
    return upsert(
        actor=actor,
        model=Meeting,
        key=key,
        values=values,
        m2m={"discussed": discussed, "sources": sources},
    )


def publication_set(
    *,
    actor: Any,
    record: Any,
    confidentiality: str | None = None,
    publication_state: str | None = None,
) -> Any:
    """Change who may see a record (publish, withdraw, restrict). Asking for what is already
    the case writes nothing, like an upsert with the same values."""
    if actor is not SYSTEM:
        require_editor(actor)
    with transaction.atomic():
        before = audit.snapshot(record)
        if confidentiality:
            record.confidentiality = confidentiality
        if publication_state:
            record.publication_state = publication_state
        record.full_clean()
        if audit.snapshot(record) == before:
            return record
        record.save(update_fields=["confidentiality", "publication_state"])
        audit.record(
            user=actor,
            action=f"{record._meta.model_name}.publication",
            obj=record,
            before=before,
            after=audit.snapshot(record),
        )
    return record

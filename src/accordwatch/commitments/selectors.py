"""Every read of the commitments tracker that a page, the API or a report needs.

Each selector takes the ``user`` who reads and returns only what that user may see.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet

from accordwatch.commitments.models import Assessment, Commitment, Document, Meeting


def visible_documents(*, user: Any) -> QuerySet[Document]:
    return Document.objects.visible_to(user)


def visible_commitments(*, user: Any) -> QuerySet[Commitment]:
    """Commitments the user may see, in documents the user may see."""
    return Commitment.objects.visible_to(user).filter(document__in=visible_documents(user=user))


def visible_assessments(*, user: Any) -> QuerySet[Assessment]:
    return Assessment.objects.visible_to(user).filter(
        commitment__in=visible_commitments(user=user)
    )


def visible_meetings(*, user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.visible_to(user)


def latest_assessments(*, commitment_ids: Sequence[int], user: Any) -> dict[int, Assessment]:
    """The newest visible assessment of each commitment (by date, then by entry order)."""
    rows = (
        visible_assessments(user=user)
        .filter(commitment_id__in=commitment_ids)
        .order_by("commitment_id", "-as_of", "-id")
    )
    latest: dict[int, Assessment] = {}
    for row in rows:
        latest.setdefault(row.commitment_id, row)
    return latest

"""The generated dataset for the scores benchmarks: 10 agreements × 1,000 commitments ×
20 assessments = 200,000 assessments, with a realistic mix of pillars, weights, positions,
responsible actors and confidentiality levels.

Set-up only: the rows are written with ``bulk_create``, bypassing the services (and so the
audit log) on purpose — 200,000 audited service calls would take many minutes and measure
nothing the benchmark is about. The data is deterministic (fixed seed) and built once, in one
transaction; later runs find it complete and reuse it.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from accordwatch.commitments.models import (
    Assessment,
    Commitment,
    CommitmentKind,
    Document,
    Pillar,
)
from accordwatch.core.models import Actor

DOCUMENTS = 10
COMMITMENTS_PER_DOCUMENT = 1_000
ASSESSMENTS_PER_COMMITMENT = 20
ACTORS = 40
PREFIX = "bench-scores"
ACTION, POSITION = CommitmentKind.ACTION, CommitmentKind.POSITION
EXPECTED_ASSESSMENTS = DOCUMENTS * COMMITMENTS_PER_DOCUMENT * ASSESSMENTS_PER_COMMITMENT

FIRST_ADOPTION = dt.date(2015, 1, 15)
SPAN_DAYS = 5 * 365  # assessments run over five years from each document's adoption
WEIGHTS = [Decimal(w) for w in ("0.5", "1", "1", "1", "1.5", "2", "3")]
# (confidentiality, publication state, share): mostly public, some internal, a few restricted.
VISIBILITY = [
    (("public", "published"), 80),
    (("internal", "published"), 12),
    (("restricted", "published"), 5),
    (("public", "draft"), 3),
]


def _visibility(rng: random.Random) -> tuple[str, str]:
    choices, weights = zip(*VISIBILITY, strict=True)
    return rng.choices(choices, weights=weights)[0]


def is_built() -> bool:
    return (
        Assessment.objects.filter(commitment__document__key__startswith=PREFIX).count()
        == EXPECTED_ASSESSMENTS
    )


def build(*, seed: int = 2017) -> None:
    """Write the dataset unless it is already complete."""
    if is_built():
        return
    if Document.objects.filter(key__startswith=PREFIX).exists():
        raise RuntimeError(
            "the bench database holds an incomplete scores dataset; rerun with --rebuild "
            "(SQLite) or drop and recreate the PostgreSQL bench database"
        )
    rng = random.Random(seed)
    with transaction.atomic():
        pillars = [
            Pillar.objects.create(key=f"{PREFIX}-pillar-{n}", name=f"Bench pillar {n}", position=n)
            for n in range(1, 5)
        ]
        actors = Actor.objects.bulk_create(
            Actor(
                key=f"{PREFIX}-actor-{n}",
                kind="armed_group",
                name_en=f"Bench actor {n}",
                confidentiality="public" if n % 8 else "internal",
                publication_state="published",
            )
            for n in range(1, ACTORS + 1)
        )
        documents = Document.objects.bulk_create(
            Document(
                key=f"{PREFIX}-agreement-{n:02d}",
                kind="agreement",
                title=f"Bench agreement {n}",
                adopted_on=FIRST_ADOPTION + dt.timedelta(days=91 * (n - 1)),
                confidentiality="public",
                publication_state="published",
            )
            for n in range(1, DOCUMENTS + 1)
        )
        commitments = []
        for document in documents:
            for n in range(1, COMMITMENTS_PER_DOCUMENT + 1):
                confidentiality, state = _visibility(rng)
                commitments.append(
                    Commitment(
                        key=f"{document.key}-c{n:04d}",
                        document=document,
                        title=f"Bench commitment {n} of {document.title}",
                        kind=POSITION if rng.random() < 0.1 else ACTION,
                        pillar=None if rng.random() < 0.05 else rng.choice(pillars),
                        weight=rng.choice(WEIGHTS),
                        deadline=document.adopted_on + dt.timedelta(days=rng.randint(60, 4 * 365)),
                        confidentiality=confidentiality,
                        publication_state=state,
                        position=n,
                    )
                )
        commitments = Commitment.objects.bulk_create(commitments, batch_size=2000)
        through = Commitment.responsible.through
        through.objects.bulk_create(
            (
                through(commitment_id=commitment.pk, actor_id=actor.pk)
                for commitment in commitments
                for actor in rng.sample(actors, rng.choice([1, 1, 2, 3]))
            ),
            batch_size=5000,
        )
        Assessment.objects.bulk_create(_assessments(rng, commitments), batch_size=2000)


def _assessments(rng: random.Random, commitments: list[Commitment]):
    adopted = {d.pk: d.adopted_on for d in Document.objects.filter(key__startswith=PREFIX)}
    for commitment in commitments:
        start = adopted[commitment.document_id]
        days = sorted(rng.randrange(SPAN_DAYS) for _ in range(ASSESSMENTS_PER_COMMITMENT))
        score = 0
        for day in days:
            if commitment.kind == CommitmentKind.ACTION:
                # Mostly steady progress, with the occasional setback.
                score = min(3, max(0, score + rng.choice([0, 0, 0, 1, 1, -1])))
            confidentiality, state = _visibility(rng)
            yield Assessment(
                commitment_id=commitment.pk,
                as_of=start + dt.timedelta(days=day),
                score=score if commitment.kind == CommitmentKind.ACTION else None,
                rationale="generated for the benchmark",
                illustrative=True,
                confidentiality=confidentiality,
                publication_state=state,
            )

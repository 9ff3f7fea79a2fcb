"""Records for tests, created through the services so the audit trail is real."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from accordwatch.commitments import services as cs
from accordwatch.commitments.models import Commitment, Document, Pillar
from accordwatch.core import services
from accordwatch.core.models import Actor, Source

_seq = itertools.count(1)
PUBLIC = {"confidentiality": "public", "publication_state": "published"}


def source(**values: Any) -> Source:
    n = next(_seq)
    values.setdefault("title", f"Report {n}")
    values.setdefault("kind", "report")
    values.setdefault("published_on", dt.date(2017, 1, 1))
    values = {**PUBLIC, **values}
    return services.source_upsert(
        actor=services.SYSTEM, key=values.pop("key", f"source-{n}"), **values
    )[0]


def actor(**values: Any) -> Actor:
    n = next(_seq)
    values.setdefault("name_en", f"Actor {n}")
    values.setdefault("kind", "armed_group")
    values = {**PUBLIC, **values}
    return services.actor_upsert(
        actor=services.SYSTEM, key=values.pop("key", f"actor-{n}"), **values
    )[0]


def pillar(**values: Any) -> Pillar:
    n = next(_seq)
    values.setdefault("name", f"Pillar {n}")
    return cs.pillar_upsert(actor=services.SYSTEM, key=values.pop("key", f"pillar-{n}"), **values)[
        0
    ]


def document(**values: Any) -> Document:
    n = next(_seq)
    values.setdefault("title", f"Agreement {n}")
    values.setdefault("kind", "agreement")
    values.setdefault("adopted_on", dt.date(2015, 6, 20))
    values = {**PUBLIC, **values}
    return cs.document_upsert(actor=services.SYSTEM, key=values.pop("key", f"doc-{n}"), **values)[0]


def commitment(**values: Any) -> Commitment:
    n = next(_seq)
    values.setdefault("title", f"Commitment {n}")
    if "document" not in values:
        values["document"] = document()
    values = {**PUBLIC, **values}
    return cs.commitment_upsert(
        actor=services.SYSTEM, key=values.pop("key", f"commitment-{n}"), **values
    )[0]


def assessment(commitment: Commitment, as_of: dt.date, score: int | None, **values: Any):
    values.setdefault("rationale", "test rationale")
    return cs.assessment_create(
        actor=values.pop("actor", services.SYSTEM),
        commitment=commitment,
        as_of=as_of,
        score=score,
        **values,
    )

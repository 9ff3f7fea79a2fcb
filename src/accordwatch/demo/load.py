"""Write the demo dataset through the services, in one transaction.

Idempotent: every record has a stable key and the upsert services skip unchanged
records, so a second run writes nothing and adds no audit event. Assessments are
append-only (no key), so one whose (commitment, date, score, rationale) already exists
is skipped.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from django.db import transaction

from accordwatch.commitments import services as cs
from accordwatch.commitments.models import Assessment, Commitment, Document
from accordwatch.core import services
from accordwatch.core.models import Actor, Place, Source
from accordwatch.demo import actors, assessments, commitments, documents, meetings, places
from accordwatch.demo import sources as demo_sources

PUBLISHED = {"confidentiality": "public", "publication_state": "published"}
COORDINATE = Decimal("0.000001")  # the precision the Place columns store
WEIGHT = Decimal("0.01")


def _coordinate(value: str | None) -> Decimal | None:
    # Compare equal to what the database gives back, or every run would look like a change.
    return None if value in (None, "") else Decimal(value).quantize(COORDINATE)


class _Loader:
    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self.changed: Counter[str] = Counter()
        self.total: Counter[str] = Counter()
        self.sources: dict[str, Source] = {}
        self.places: dict[str, Place] = {}
        self.actors: dict[str, Actor] = {}
        self.pillars: dict[str, Any] = {}
        self.documents: dict[str, Document] = {}
        self.clauses: dict[tuple[str, str], Any] = {}
        self.commitments: dict[str, Commitment] = {}

    def _count(self, kind: str, changed: bool) -> None:
        self.total[kind] += 1
        self.changed[kind] += int(changed)

    def _cite(self, keys: list[str]) -> list[Source]:
        return [self.sources[key] for key in keys]

    def load_sources(self) -> None:
        for row in demo_sources.SOURCES:
            values = {k: v for k, v in row.items() if k != "key"}
            source, changed = services.source_upsert(
                actor=self.actor, key=row["key"], **values, **PUBLISHED
            )
            self.sources[row["key"]] = source
            self._count("sources", changed)

    def load_places(self) -> None:
        for row in places.PLACES:
            place, changed = services.place_upsert(
                actor=self.actor,
                key=row["key"],
                kind=row["kind"],
                name=row["name"],
                parent=self.places[row["parent"]] if row.get("parent") else None,
                iso_code=row.get("iso_code", ""),
                latitude=_coordinate(row.get("latitude")),
                longitude=_coordinate(row.get("longitude")),
                alternate_names=row.get("alternate_names", []),
                sources=self._cite(row["sources"]),
            )
            self.places[row["key"]] = place
            self._count("places", changed)

    def load_actors(self) -> None:
        for row in actors.ACTORS:
            actor, changed = services.actor_upsert(
                actor=self.actor,
                key=row["key"],
                kind=row["kind"],
                name_en=row["name_en"],
                name_fr=row["name_fr"],
                name_ar=row["name_ar"],
                acronym=row["acronym"],
                country=self.places[row["country"]] if row["country"] else None,
                description=row["description"],
                sources=self._cite(row["sources"]),
                **PUBLISHED,
            )
            self.actors[row["key"]] = actor
            self._count("actors", changed)
        for row in actors.MEMBERSHIPS:
            _, changed = services.membership_set(
                actor=self.actor,
                coalition=self.actors[row["coalition"]],
                member=self.actors[row["member"]],
                valid_from=row["valid_from"],
                valid_to=row.get("valid_to"),
                note=row["note"],
                sources=self._cite(row["sources"]),
            )
            self._count("memberships", changed)

    def load_documents(self) -> None:
        for row in documents.PILLARS:
            pillar, changed = cs.pillar_upsert(
                actor=self.actor, key=row["key"], name=row["name"], position=row["position"]
            )
            self.pillars[row["key"]] = pillar
            self._count("pillars", changed)
        for row in documents.DOCUMENTS:
            document, changed = cs.document_upsert(
                actor=self.actor,
                key=row["key"],
                kind=row["kind"],
                title=row["title"],
                short_title=row["short_title"],
                summary=row["summary"],
                adopted_on=row.get("adopted_on"),
                in_force_on=row.get("in_force_on"),
                ended_on=row.get("ended_on"),
                place=self.places[row["place"]] if row.get("place") else None,
                reference=row["reference"],
                parties=[self.actors[key] for key in row["parties"]],
                sources=self._cite(row["sources"]),
                **PUBLISHED,
            )
            self.documents[row["key"]] = document
            self._count("documents", changed)
        # A communiqué paragraph without its own summary shows its decision's summary.
        decision_summaries = {
            (row["document"], ref): row["summary"]
            for row in commitments.COMMITMENTS
            for ref in row["clauses"]
        }
        for document_key, rows in documents.CLAUSES.items():
            document = self.documents[document_key]
            for position, row in enumerate(rows, start=1):
                parent = row.get("parent")
                clause, changed = cs.clause_upsert(
                    actor=self.actor,
                    document=document,
                    ref=row["ref"],
                    level=row["level"],
                    parent=self.clauses[(document_key, parent)] if parent else None,
                    heading=row.get("heading", ""),
                    summary=row.get("summary")
                    or decision_summaries.get((document_key, row["ref"]), ""),
                    position=position * 10,
                )
                self.clauses[(document_key, row["ref"])] = clause
                self._count("clauses", changed)

    def load_commitments(self) -> None:
        positions: Counter[str] = Counter()
        for row in commitments.COMMITMENTS:
            document_key = row["document"]
            positions[document_key] += 1
            commitment, changed = cs.commitment_upsert(
                actor=self.actor,
                key=row["key"],
                document=self.documents[document_key],
                title=row["title"],
                summary=row["summary"],
                kind=row["kind"],
                pillar=self.pillars[row["pillar"]] if row.get("pillar") else None,
                theme=row.get("theme", ""),
                deadline=row.get("deadline"),
                deadline_note=row.get("deadline_note", ""),
                weight=Decimal(row.get("weight", 1)).quantize(WEIGHT),
                position=positions[document_key] * 10,
                clauses=[self.clauses[(document_key, ref)] for ref in row["clauses"]],
                responsible=[self.actors[key] for key in row["responsible"]],
                # Decisions come after the commitments they follow up, so these exist.
                related=[self.commitments[key] for key in row.get("related", [])],
                sources=self._cite(row["sources"]),
                **PUBLISHED,
            )
            self.commitments[row["key"]] = commitment
            self._count("commitments", changed)

    def load_meetings(self) -> None:
        for row in meetings.MEETINGS:
            _, changed = cs.meeting_upsert(
                actor=self.actor,
                key=row["key"],
                body=self.actors[row["body"]],
                body_kind=row["body_kind"],
                title=row["title"],
                level=row.get("level", ""),
                session_number=row.get("session_number"),
                starts_on=row.get("starts_on"),
                ends_on=row.get("ends_on"),
                date_note=row.get("date_note", ""),
                place=self.places[row["place"]] if row.get("place") else None,
                communique=self.documents[row["communique"]] if row.get("communique") else None,
                summary=row["summary"],
                discussed=[self.commitments[key] for key in row.get("discussed", [])],
                sources=self._cite(row["sources"]),
                **PUBLISHED,
            )
            self._count("meetings", changed)

    def load_assessments(self) -> None:
        for row in assessments.ASSESSMENTS:
            commitment = self.commitments[row["commitment"]]
            exists = Assessment.objects.filter(
                commitment=commitment,
                as_of=row["as_of"],
                score=row["score"],
                rationale=row["rationale"],
            ).exists()
            if not exists:
                cs.assessment_create(
                    actor=self.actor,
                    commitment=commitment,
                    as_of=row["as_of"],
                    score=row["score"],
                    rationale=row["rationale"],
                    sources=self._cite(row["sources"]),
                    assessor_name=row.get("assessor_name", assessments.ASSESSOR),
                    illustrative=row["illustrative"],
                    confidentiality=row.get("confidentiality", "public"),
                    publication_state="published",
                )
            self._count("assessments", not exists)


def load(*, actor: Any = services.SYSTEM) -> dict[str, tuple[int, int]]:
    """Load (or refresh) the demo. Returns ``{kind: (records in the demo, written now)}``."""
    loader = _Loader(actor)
    with transaction.atomic():
        loader.load_sources()
        loader.load_places()
        loader.load_actors()
        loader.load_documents()
        loader.load_commitments()
        loader.load_meetings()
        loader.load_assessments()
    return {kind: (loader.total[kind], loader.changed[kind]) for kind in loader.total}

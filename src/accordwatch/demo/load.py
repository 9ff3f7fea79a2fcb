"""Write the demo dataset through the services, in one transaction.

Idempotent: every record has a stable key and the upsert services skip unchanged
records, so a second run writes nothing and adds no audit event. Assessments are
append-only (no key), so one whose (commitment, date, score, rationale) already exists
is skipped. Incidents' verification steps and witnesses are append-only too: a step is
taken only while the incident has not reached its status yet, and a witness is added only
if the incident has none of that name.
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
from accordwatch.demo import assistance as demo_assistance
from accordwatch.demo import incidents as demo_incidents
from accordwatch.demo import sanctions as demo_sanctions
from accordwatch.demo import situation as demo_situation
from accordwatch.demo import sources as demo_sources
from accordwatch.incidents import services as incident_services
from accordwatch.incidents.models import EventType, Incident, ViolationCategory, Witness

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

    def load_incidents(self) -> None:
        types = {t.key: t for t in EventType.objects.all()}
        categories = {c.key: c for c in ViolationCategory.objects.all()}
        for row in demo_incidents.INCIDENTS:
            incident = self._incident(row, types, categories)
            for status in row.get("verification", []):
                self._verification_step(incident, status)
            for party, confidence in row.get("attribution", []):
                _, changed = incident_services.attribution_set(
                    actor=self.actor,
                    incident=incident,
                    party=self.actors[party] if party else None,
                    confidence=confidence,
                    note=demo_incidents.ILLUSTRATIVE,
                )
                self._count("attributions", changed)
            for number, note in row.get("links", []):
                _, changed = incident_services.incident_link_set(
                    actor=self.actor,
                    commitment=self.commitments[f"oic-cg-mali-2017-09-20-{number}"],
                    incident=incident,
                    note=note,
                )
                self._count("incident links", changed)
            if row.get("witness"):
                self._witness(incident, row["witness"])

    def _incident(self, row: dict, types: dict, categories: dict) -> Incident:
        place = self.places[row["place"]]
        region = place if place.kind == "admin1" else place.parent
        best, low, high = row["fatalities"] or (None, None, None)
        clause = row.get("clause")
        incident, changed = incident_services.incident_upsert(
            actor=self.actor,
            dataset=demo_incidents.DATASET,
            event_id=row["event_id"],
            event_date=row["event_date"],
            event_date_end=row.get("event_date_end"),
            time_precision=row["time_precision"],
            event_type=types[row["event_type"]],
            sub_event_type=types[row["sub_event_type"]],
            # As ACLED files them: strategic developments are not political violence.
            disorder_type=types[
                "strategic-developments-disorder"
                if row["event_type"] == "strategic-developments"
                else "political-violence"
            ],
            actor1=self.actors[row["actor1"]] if row["actor1"] else None,
            actor1_name=row.get("actor1_name") or self._actor_name(row["actor1"]),
            actor2=self.actors[row["actor2"]] if row["actor2"] else None,
            actor2_name=row.get("actor2_name") or self._actor_name(row["actor2"]),
            place=place,
            iso=466,
            country="Mali",
            admin1=region.name if region is not None else "",
            location=place.name if place.kind == "locality" else "",
            latitude=float(place.latitude) if place.latitude is not None else None,
            longitude=float(place.longitude) if place.longitude is not None else None,
            geo_precision=1 if place.kind == "locality" else 3,
            fatalities=best,
            fatalities_low=low,
            fatalities_high=high,
            source="; ".join(s.publisher for s in self._cite(row["sources"])),
            notes=row["notes"],
            violation_category=categories[row["violation"]] if row.get("violation") else None,
            clause=self.clauses[clause] if clause else None,
            confidentiality=row["confidentiality"],
            publication_state="published",
            associated_actors=[self.actors[key] for key in row["associated"]],
            sources=self._cite(row["sources"]),
        )
        self._count("incidents", changed)
        return incident

    def _actor_name(self, key: str | None) -> str:
        if not key:
            return ""
        actor = self.actors[key]
        return f"{actor.acronym}: {actor.name_en}" if actor.acronym else actor.name_en

    def _verification_step(self, incident: Incident, status: str) -> None:
        done = incident.verification_steps.filter(status=status).exists()
        if not done:
            incident_services.incident_verify(
                actor=self.actor,
                incident=incident,
                status=status,
                comment=demo_incidents.STEP_COMMENTS[status],
            )
        self._count("verification steps", not done)

    def _witness(self, incident: Incident, row: dict) -> None:
        exists = Witness.objects.filter(incident=incident, name=row["name"]).exists()
        if not exists:
            incident_services.witness_add(actor=self.actor, incident=incident, **row)
        self._count("witnesses", not exists)


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
        loader.load_incidents()
        sanctions = demo_sanctions.load(actor=actor)
        assistance = demo_assistance.load(actor=actor)
        situation = demo_situation.load(actor=actor)
    counts = {kind: (loader.total[kind], loader.changed[kind]) for kind in loader.total}
    return {**counts, **sanctions, **assistance, **situation}

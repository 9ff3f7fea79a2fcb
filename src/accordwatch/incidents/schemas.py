"""What the incidents API reads and answers, field by field (and so what OpenAPI shows), and
the query filters that the API and the downloads share.

Linked records appear by key. Witnesses and restricted source notes have their own fields,
filled for editors only; for anyone else they are null (the selectors give them nothing).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from accordwatch.core.models import Actor
from accordwatch.incidents.selectors import IncidentFilters


class IncidentQuery(Schema):
    """Filters of the list, the map, the aggregates and the downloads. A list filter may be
    repeated (``?admin1=Kidal&admin1=Gao``) and matches any of its values."""

    date_from: dt.date | None = Field(None, alias="from", description="On or after this day.")
    date_to: dt.date | None = Field(None, alias="to", description="On or before this day.")
    admin1: list[str] | None = Field(None, description="First-level region as the source names it.")
    actor: list[str] | None = Field(None, description="Key of an actor (as actor 1 or 2).")
    event_type: list[str] | None = Field(None, description="Event or sub-event type key.")
    violation_category: list[str] | None = Field(None, description="Violation category key.")
    verification: list[str] | None = Field(None, description="Verification status.")
    dataset: str | None = Field(None, description="acled, ucdp or monitor.")

    # Both the alias (what callers write) and the field name are accepted.
    model_config = {"populate_by_name": True}

    def filters(self, *, user: Any) -> IncidentFilters:
        """The selector's filters. Actors are named by key; a key the caller may not see
        matches nothing, exactly like a key that does not exist."""
        actor_ids: list[int] = []
        if self.actor:
            actor_ids = list(
                Actor.objects.visible_to(user)
                .filter(key__in=self.actor)
                .values_list("id", flat=True)
            ) or [0]  # no actor has id 0: the filter then matches nothing
        return IncidentFilters(
            date_from=self.date_from,
            date_to=self.date_to,
            admin1=tuple(self.admin1 or ()),
            actor_ids=tuple(actor_ids),
            event_types=tuple(self.event_type or ()),
            violation_categories=tuple(self.violation_category or ()),
            verification=tuple(self.verification or ()),
            dataset=self.dataset or "",
        )


LIST_FIELDS = ("admin1", "actor", "event_type", "violation_category", "verification")


def query_from_params(params: Any) -> IncidentQuery:
    """An ``IncidentQuery`` from a request's GET (a ``QueryDict``), for the downloads.
    Raises pydantic's ValidationError on a malformed value."""
    data: dict[str, Any] = {}
    for name in ("from", "to", "dataset"):
        if params.get(name):
            data[name] = params.get(name)
    for name in LIST_FIELDS:
        values = [value for value in params.getlist(name) if value]
        if values:
            data[name] = values
    return IncidentQuery.model_validate(data)


# --- answers --------------------------------------------------------------------------


def _key(record: Any) -> str | None:
    return record.key if record is not None else None


class IncidentOut(Schema):
    dataset: str
    event_id: str
    event_date: dt.date
    time_precision: int
    event_type: str = Field(description="Event type key.")
    sub_event_type: str | None = Field(None, description="Sub-event type key.")
    actor1: str | None = Field(None, description="Key of actor 1 in the gazetteer.")
    actor1_name: str = Field(description="Actor 1 as the source names it.")
    actor2: str | None = None
    actor2_name: str
    admin1: str
    admin2: str
    admin3: str
    location: str
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int | None  # empty: no source gives a figure (not zero)
    violation_category: str | None = None
    verification_status: str
    confidentiality: str
    publication_state: str

    @staticmethod
    def resolve_event_type(incident: Any) -> str:
        return incident.event_type.key

    @staticmethod
    def resolve_sub_event_type(incident: Any) -> str | None:
        return _key(incident.sub_event_type)

    @staticmethod
    def resolve_actor1(incident: Any) -> str | None:
        return _key(incident.actor1)

    @staticmethod
    def resolve_actor2(incident: Any) -> str | None:
        return _key(incident.actor2)

    @staticmethod
    def resolve_violation_category(incident: Any) -> str | None:
        return _key(incident.violation_category)


class IncidentPage(Schema):
    items: list[IncidentOut]
    next: str | None = Field(description="Cursor of the next page; null on the last page.")


class AttributionOut(Schema):
    party: str | None = Field(None, description="Actor key; null when unattributed.")
    confidence: str
    note: str

    @staticmethod
    def resolve_party(attribution: Any) -> str | None:
        return _key(attribution.party)


class VerificationStepOut(Schema):
    status: str
    previous_status: str
    at: dt.datetime
    by: str = Field(description="The signer's name as it was then.")
    comment: str

    @staticmethod
    def resolve_by(step: Any) -> str:
        return step.by_label


class WitnessOut(Schema):
    name: str
    contact: str
    statement: str
    recorded_at: dt.datetime


class SourceNoteOut(Schema):
    source: str | None = None
    detail: str
    recorded_at: dt.datetime

    @staticmethod
    def resolve_source(note: Any) -> str | None:
        return _key(note.source)


class IncidentDetailOut(IncidentOut):
    disorder_type: str | None = None
    event_date_end: dt.date | None
    assoc_actor_1: str
    assoc_actor_2: str
    inter1: int | None
    inter2: int | None
    interaction: int | None
    civilian_targeting: bool
    country: str
    fatalities_low: int | None
    fatalities_high: int | None
    source: str
    source_scale: str
    notes: str
    tags: str
    clause: str | None = Field(None, description="Ref of the clause allegedly violated.")
    document: str | None = Field(None, description="Key of that clause's document.")
    retired: bool
    attributions: list[AttributionOut]
    verification_steps: list[VerificationStepOut] = Field(
        description="The signed log (members and editors; empty for the public)."
    )
    witnesses: list[WitnessOut] | None = Field(None, description="Editors only.")
    source_notes: list[SourceNoteOut] | None = Field(None, description="Editors only.")

    @staticmethod
    def resolve_disorder_type(incident: Any) -> str | None:
        return _key(incident.disorder_type)

    @staticmethod
    def resolve_clause(incident: Any) -> str | None:
        return incident.clause.ref if incident.clause_id else None

    @staticmethod
    def resolve_document(incident: Any) -> str | None:
        return incident.clause.document.key if incident.clause_id else None

    @staticmethod
    def resolve_retired(incident: Any) -> bool:
        return incident.retired_at is not None

    # The related lists come from the selectors (the handler sets them), never from the
    # incident's own related managers, which know nothing of who is reading.
    @staticmethod
    def resolve_attributions(incident: Any) -> list[Any]:
        return incident.attributions_seen

    @staticmethod
    def resolve_verification_steps(incident: Any) -> list[Any]:
        return incident.steps_seen

    @staticmethod
    def resolve_witnesses(incident: Any) -> list[Any] | None:
        return incident.witnesses_seen

    @staticmethod
    def resolve_source_notes(incident: Any) -> list[Any] | None:
        return incident.notes_seen


class AggregateOut(Schema):
    month: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    actor: str | None = Field(None, description="Key of actor 1; null if unknown or unseen.")
    count: int
    fatalities: int


class AggregatesOut(Schema):
    by: list[str]
    rows: list[AggregateOut]

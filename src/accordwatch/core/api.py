"""API endpoints for the reference records every app cites: actors, places, sources.

Reads only. Visibility is the model's own rule (``visible_to``); places are public
reference data and carry no confidentiality.
"""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from accordwatch.api_common import ANYONE, Paging, caller
from accordwatch.core.models import Actor, ActorKind, Place, PlaceKind, Source, SourceKind

router = Router()


class ActorOut(Schema):
    key: str
    kind: str
    name_en: str
    name_fr: str
    name_ar: str
    acronym: str
    country: str | None = Field(None, description="Key of the actor's country (a place).")
    description: str
    confidentiality: str
    publication_state: str

    @staticmethod
    def resolve_country(actor: Actor) -> str | None:
        return actor.country.key if actor.country_id else None


class PlaceOut(Schema):
    key: str
    kind: str
    name: str
    parent: str | None = Field(None, description="Key of the enclosing place.")
    iso_code: str
    latitude: float | None
    longitude: float | None
    alternate_names: list[str]

    @staticmethod
    def resolve_parent(place: Place) -> str | None:
        return place.parent.key if place.parent_id else None


class SourceOut(Schema):
    key: str
    title: str
    publisher: str
    published_on: dt.date | None
    url: str
    kind: str
    note: str
    confidentiality: str
    publication_state: str


class ActorFilters(Schema):
    kind: ActorKind | None = None
    q: str | None = Field(None, description="Text in any name or the acronym.")


class PlaceFilters(Schema):
    kind: PlaceKind | None = None
    parent: str | None = Field(None, description="Key of the enclosing place.")
    q: str | None = Field(None, description="Text in the name.")


class SourceFilters(Schema):
    kind: SourceKind | None = None
    q: str | None = Field(None, description="Text in the title or publisher.")


def _text(qs: QuerySet[Any], text: str | None, *fields: str) -> QuerySet[Any]:
    if not text or not text.strip():
        return qs
    match = Q()
    for name in fields:
        match |= Q(**{f"{name}__icontains": text.strip()})
    return qs.filter(match)


@router.get("/actors", response=list[ActorOut], auth=ANYONE, summary="List actors")
@paginate(Paging)
def list_actors(request: HttpRequest, filters: Query[ActorFilters]) -> QuerySet[Actor]:
    qs = Actor.objects.visible_to(caller(request)).select_related("country")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    qs = _text(qs, filters.q, "name_en", "name_fr", "name_ar", "acronym")
    return qs.order_by("name_en", "key")


@router.get("/places", response=list[PlaceOut], auth=ANYONE, summary="List places")
@paginate(Paging)
def list_places(request: HttpRequest, filters: Query[PlaceFilters]) -> QuerySet[Place]:
    qs = Place.objects.select_related("parent")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.parent:
        qs = qs.filter(parent__key=filters.parent)
    qs = _text(qs, filters.q, "name")
    return qs.order_by("name", "key")


@router.get("/sources", response=list[SourceOut], auth=ANYONE, summary="List sources")
@paginate(Paging)
def list_sources(request: HttpRequest, filters: Query[SourceFilters]) -> QuerySet[Source]:
    qs = Source.objects.visible_to(caller(request))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    qs = _text(qs, filters.q, "title", "publisher")
    return qs.order_by("title", "key")

"""The API's frame: reference records per caller, the OpenAPI schema, the offline docs page."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from accordwatch.core import services
from tests import factories

pytestmark = pytest.mark.django_db

LEVELS = {
    "public": {"confidentiality": "public", "publication_state": "published"},
    "internal": {"confidentiality": "internal", "publication_state": "published"},
    "draft": {"confidentiality": "public", "publication_state": "draft"},
    "restricted": {"confidentiality": "restricted", "publication_state": "published"},
}
SEES = {
    "admin": {"public", "internal", "draft", "restricted"},
    "analyst": {"public", "internal", "draft", "restricted"},
    "delegate": {"public", "internal", "draft"},
    "outsider": {"public"},
}
CALLERS = ["admin", "analyst", "delegate", "outsider", "analyst+token", "delegate+token"]

ENDPOINTS = {
    ("get", "/api/actors"),
    ("get", "/api/places"),
    ("get", "/api/sources"),
    ("get", "/api/documents"),
    ("get", "/api/documents/{key}"),
    ("get", "/api/documents/{key}/clauses"),
    ("get", "/api/commitments"),
    ("get", "/api/commitments/{key}"),
    ("get", "/api/commitments/{key}/assessments"),
    ("post", "/api/commitments/{key}/assessments"),
    ("get", "/api/scores"),
    ("get", "/api/meetings"),
    ("get", "/api/meetings/{key}"),
    ("get", "/api/incidents"),
    ("get", "/api/incidents.geojson"),
    ("get", "/api/incidents/aggregates"),
    ("get", "/api/incidents/{dataset}/{event_id}"),
    ("get", "/api/sanctions/regimes"),
    ("get", "/api/sanctions/entries"),
    ("get", "/api/sanctions/entries/{reference}"),
    ("get", "/api/sanctions/imports"),
    ("get", "/api/sanctions/imports/{pk}"),
    ("post", "/api/sanctions/screen"),
    ("get", "/api/assistance/organisations"),
    ("get", "/api/assistance/organisations/{key}"),
    ("get", "/api/assistance/flows"),
    ("get", "/api/assistance/flows/{flow_id}"),
    ("get", "/api/assistance/dashboard"),
    ("get", "/api/assistance/pledges/fulfilment"),
    ("get", "/api/assistance/pledges"),
    ("get", "/api/assistance/funds"),
    ("get", "/api/assistance/funds/{key}"),
    ("get", "/api/assistance/conferences"),
    ("get", "/api/assistance/conferences/{key}"),
    ("get", "/api/assistance/appeals"),
    ("get", "/api/assistance/appeals/{key}"),
    ("get", "/api/assistance/rates"),
    ("post", "/api/assistance/rates"),
    ("get", "/api/situation/indicators"),
    ("get", "/api/situation/observations"),
    ("get", "/api/situation/latest"),
    ("get", "/api/situation/interim-administrations"),
    ("get", "/api/situation/heritage-sites"),
    ("get", "/api/situation/heritage-sites/{key}"),
}


def role(caller: str) -> str:
    return caller.split("+")[0]


@pytest.fixture
def client_for(as_persona, user_of):
    def make(caller: str) -> Client:
        if caller.endswith("+token"):
            _, raw = services.token_create(
                actor=services.SYSTEM, user=user_of(role(caller)), name="tests"
            )
            return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return as_persona(caller)

    return make


@pytest.fixture
def references(db):
    country = services.place_upsert(
        actor=services.SYSTEM, key="mali", kind="country", name="Mali", iso_code="MLI"
    )[0]
    services.place_upsert(
        actor=services.SYSTEM, key="kidal", kind="admin1", name="Kidal", parent=country
    )
    for level, values in LEVELS.items():
        factories.actor(key=f"actor-{level}", country=country, **values)
        factories.source(key=f"source-{level}", **values)


def keys(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["key"] for item in response.json()["items"]]


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("kind", ["actor", "source"])
def test_actors_and_sources_list_only_what_the_caller_may_see(references, client_for, caller, kind):
    seen = set(keys(client_for(caller).get(f"/api/{kind}s")))
    assert seen == {f"{kind}-{level}" for level in SEES[role(caller)]}


@pytest.mark.parametrize("caller", CALLERS)
def test_places_are_public_reference_data(references, client_for, caller):
    response = client_for(caller).get("/api/places")
    assert keys(response) == ["kidal", "mali"]
    kidal = response.json()["items"][0]
    assert (kidal["kind"], kidal["parent"]) == ("admin1", "mali")


def test_reference_lists_filter(references):
    client = Client()
    assert keys(client.get("/api/places?parent=mali")) == ["kidal"]
    assert keys(client.get("/api/places?kind=country")) == ["mali"]
    assert keys(client.get("/api/places?q=kid")) == ["kidal"]
    factories.actor(key="gov", kind="government", name_en="Government", acronym="GoM")
    assert keys(client.get("/api/actors?kind=government")) == ["gov"]
    assert keys(client.get("/api/actors?q=gom")) == ["gov"]
    actor = client.get("/api/actors?q=gom").json()["items"][0]
    assert actor["country"] is None
    assert client.get("/api/actors?kind=wizard").status_code == 422


def test_the_openapi_schema_lists_every_endpoint(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    listed = {(method, path) for path, ops in schema["paths"].items() for method in ops}
    assert listed == ENDPOINTS
    schemes = schema["components"]["securitySchemes"]
    assert schemes["BearerToken"] == {"type": "http", "scheme": "bearer"}


def test_the_docs_page_loads_nothing_from_another_host(db):
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets), assets
    for asset in assets:
        # Our own static files, addressed by path: no scheme, no host, no CDN.
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not in our static"
    assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, re.IGNORECASE)
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S)[1])
    assert settings["url"] == "/api/openapi.json"
    # Swagger UI would otherwise fetch a badge from validator.swagger.io.
    assert settings["validatorUrl"] is None


def test_an_unknown_record_is_a_json_404(db):
    response = Client().get("/api/documents/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}

"""The sanctions API per caller: the same visibility rule as the pages, 404 for what the
caller may not see, the history of an entry and the changes of an import."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from accordwatch.core import services as core_services
from accordwatch.core.services import SYSTEM
from accordwatch.sanctions.imports import un_list_import
from accordwatch.sanctions.models import Entry, ListImport

pytestmark = pytest.mark.django_db

CALLERS = ["admin", "analyst", "delegate", "outsider", "analyst+token", "delegate+token"]
SEES = {
    "admin": {"MLi.001", "MLi.002", "MLi.003", "MLi.004"},
    "analyst": {"MLi.001", "MLi.002", "MLi.003", "MLi.004"},
    "delegate": {"MLi.001", "MLi.002", "MLi.004"},
    "outsider": {"MLi.001", "MLi.002"},
}


def _list(*entries: str, generated: str) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="{generated}"><INDIVIDUALS>'
        + "".join(entries)
        + "</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>"
    ).encode()


def _person(reference: str, name: str, nationality: str = "Mali") -> str:
    return (
        f"<INDIVIDUAL><FIRST_NAME>{name}</FIRST_NAME><UN_LIST_TYPE>Mali</UN_LIST_TYPE>"
        f"<REFERENCE_NUMBER>{reference}</REFERENCE_NUMBER>"
        f"<NATIONALITY><VALUE>{nationality}</VALUE></NATIONALITY>"
        "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Abou Test</ALIAS_NAME>"
        "</INDIVIDUAL_ALIAS></INDIVIDUAL>"
    )


@pytest.fixture
def lists(persona_users):
    people = [_person(f"MLi.00{n}", f"Person{n}") for n in range(1, 5)]
    un_list_import(
        actor=SYSTEM,
        stream=io.BytesIO(_list(*people, generated="2024-01-01T00:00:00Z")),
        file_name="one.xml",
    )
    people[0] = _person("MLi.001", "Person1", nationality="Niger")
    del people[1]  # MLi.002 delisted
    un_list_import(
        actor=SYSTEM,
        stream=io.BytesIO(_list(*people, generated="2024-02-01T00:00:00Z")),
        file_name="two.xml",
    )
    Entry.objects.filter(reference_number="MLi.003").update(confidentiality="restricted")
    Entry.objects.filter(reference_number="MLi.004").update(confidentiality="internal")


@pytest.fixture
def client_for(as_persona, user_of):
    def make(caller: str) -> Client:
        if caller.endswith("+token"):
            user = user_of(caller.split("+")[0])
            _, raw = core_services.token_create(actor=SYSTEM, user=user, name="tests")
            return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return as_persona(caller)

    return make


@pytest.mark.parametrize("caller", CALLERS)
def test_entries_follow_the_visibility_rule(client_for, lists, caller):
    client = client_for(caller)
    sees = SEES[caller.split("+")[0]]
    answer = client.get("/api/sanctions/entries").json()
    assert {item["reference_number"] for item in answer["items"]} == sees
    for reference in ("MLi.001", "MLi.002", "MLi.003", "MLi.004"):
        status = client.get(f"/api/sanctions/entries/{reference}").status_code
        assert status == (200 if reference in sees else 404), reference
    regimes = client.get("/api/sanctions/regimes").json()
    (mali,) = regimes
    assert mali["listed"] == len(sees - {"MLi.002"}) and mali["delisted"] == 1


def test_an_entry_carries_its_aliases_and_history(client_for, lists):
    entry = client_for("outsider").get("/api/sanctions/entries/MLi.001").json()
    assert entry["nationalities"] == ["Niger"] and entry["listed"] is True
    assert entry["aliases"][0]["name"] == "Abou Test"
    assert [v["change"] for v in entry["history"]] == ["changed", "added"]
    assert entry["history"][0]["changed_fields"] == ["nationalities"]
    gone = client_for("outsider").get("/api/sanctions/entries/MLi.002").json()
    assert gone["listed"] is False


def test_filters_on_the_entry_list(client_for, lists):
    client = client_for("analyst")
    listed = client.get("/api/sanctions/entries?listed=true").json()["items"]
    assert "MLi.002" not in {item["reference_number"] for item in listed}
    delisted = client.get("/api/sanctions/entries?listed=false").json()["items"]
    assert [item["reference_number"] for item in delisted] == ["MLi.002"]
    by_alias = client.get("/api/sanctions/entries?name=abou").json()
    assert by_alias["count"] == 4


@pytest.mark.parametrize("caller", ["analyst", "delegate", "outsider"])
def test_an_import_lists_its_changes(client_for, lists, caller):
    latest = ListImport.objects.order_by("-id").first()
    answer = client_for(caller).get(f"/api/sanctions/imports/{latest.pk}").json()
    assert answer["changed_entries"] == ["MLi.001"]
    assert answer["removed_entries"] == ["MLi.002"]
    assert answer["file_name"] == ("two.xml" if caller == "analyst" else None)
    listing = client_for(caller).get("/api/sanctions/imports").json()
    assert listing["count"] == 2
    assert client_for(caller).get("/api/sanctions/imports/999999").status_code == 404

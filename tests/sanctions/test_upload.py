"""The upload page every import kind gets (``/import/un-sanctions/``): editors import a UN
list there, members and the public cannot, a hostile file is refused with its line."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accordwatch.sanctions.models import Entry, ListImport
from tests.conftest import real_file

pytestmark = pytest.mark.django_db

URL = "/import/un-sanctions/"


def _upload(client, name: str, data: bytes):
    return client.post(URL, {"file": SimpleUploadedFile(name, data, "text/xml")})


def test_an_editor_imports_the_real_list_from_the_page(as_persona):
    client = as_persona("analyst")
    assert client.get(URL).status_code == 200
    response = _upload(
        client, "un-list-2020.xml", real_file("un-consolidated-list-2020-11-30.xml").read_bytes()
    )
    assert response.status_code == 200
    assert "1018 created" in response.text
    assert reverse("sanctions-changes") in response.text
    assert Entry.objects.count() == 1018
    imported = ListImport.objects.get()
    assert imported.imported_by.username == "analyst"
    assert imported.file_name == "un-list-2020.xml"  # the user's name, not a temporary one


@pytest.mark.parametrize("persona,status", [("delegate", 403), ("outsider", 302)])
def test_members_and_the_public_cannot_import(as_persona, persona, status):
    response = _upload(as_persona(persona), "list.xml", b"<CONSOLIDATED_LIST/>")
    assert response.status_code == status
    assert not ListImport.objects.exists()


def test_a_hostile_upload_is_refused_with_its_line(as_persona):
    bomb = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "a">]>\n<CONSOLIDATED_LIST/>'
    response = _upload(as_persona("analyst"), "bomb.xml", bomb)
    assert response.status_code == 422
    assert "document type" in response.text
    assert not ListImport.objects.exists()

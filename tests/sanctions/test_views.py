"""The sanctions pages per persona: the public sees the published UN list, members and
editors see what is held back from the public, only editors see what is restricted;
an entry's page shows its history, the changes page what the last import did."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from accordwatch.core.services import SYSTEM
from accordwatch.sanctions.imports import un_list_import
from accordwatch.sanctions.models import Entry, Regime
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db


def _list(*entries: str, generated: str = "2024-05-01T10:00:00Z") -> bytes:
    return (
        f'<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="{generated}"><INDIVIDUALS>'
        + "".join(entries)
        + "</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>"
    ).encode()


def _person(reference: str, name: str, nationality: str = "Mali") -> str:
    return (
        f"<INDIVIDUAL><FIRST_NAME>{name}</FIRST_NAME><SECOND_NAME>Ag</SECOND_NAME>"
        f"<THIRD_NAME>Test</THIRD_NAME><UN_LIST_TYPE>Mali</UN_LIST_TYPE>"
        f"<REFERENCE_NUMBER>{reference}</REFERENCE_NUMBER><LISTED_ON>2018-12-20</LISTED_ON>"
        f"<NAME_ORIGINAL_SCRIPT>&lt;b&gt;أحمد&lt;/b&gt;</NAME_ORIGINAL_SCRIPT>"
        f"<NATIONALITY><VALUE>{nationality}</VALUE></NATIONALITY>"
        "<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Amadou</ALIAS_NAME>"
        "</INDIVIDUAL_ALIAS></INDIVIDUAL>"
    )


@pytest.fixture
def lists(persona_users):
    """Two imports: MLi.001 amended, MLi.002 delisted, MLi.003 held back as restricted,
    MLi.004 internal."""
    first = _list(
        _person("MLi.001", "Ahmoudou"),
        _person("MLi.002", "Houka"),
        _person("MLi.003", "Secretus"),
        _person("MLi.004", "Internus"),
    )
    un_list_import(actor=SYSTEM, stream=io.BytesIO(first), file_name="first.xml")
    second = _list(
        _person("MLi.001", "Ahmoudou", nationality="Niger"),
        _person("MLi.003", "Secretus"),
        _person("MLi.004", "Internus"),
        generated="2024-06-01T10:00:00Z",
    )
    un_list_import(actor=SYSTEM, stream=io.BytesIO(second), file_name="second.xml")
    Entry.objects.filter(reference_number="MLi.003").update(confidentiality="restricted")
    Entry.objects.filter(reference_number="MLi.004").update(confidentiality="internal")


SEES_INTERNAL = {"admin": True, "analyst": True, "delegate": True, "outsider": False}
SEES_RESTRICTED = {"admin": True, "analyst": True, "delegate": False, "outsider": False}


@pytest.mark.parametrize("persona", PERSONAS)
def test_regime_pages_show_what_each_persona_may_see(as_persona, lists, persona):
    client = as_persona(persona)
    listing = client.get(reverse("sanctions-regime-list"))
    assert listing.status_code == 200
    assert "Mali" in listing.text and "2374 (2017)" in listing.text
    regime = Regime.objects.get(list_type="Mali")
    page = client.get(reverse("sanctions-regime", args=[regime.key]))
    assert page.status_code == 200
    assert "MLi.001" in page.text and "MLi.002" in page.text  # delisted entries stay shown
    assert ("MLi.003" in page.text) == SEES_RESTRICTED[persona]
    assert ("MLi.004" in page.text) == SEES_INTERNAL[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_entry_pages_follow_the_visibility_rule(as_persona, lists, persona):
    client = as_persona(persona)
    for reference, allowed in (
        ("MLi.001", True),
        ("MLi.003", SEES_RESTRICTED[persona]),
        ("MLi.004", SEES_INTERNAL[persona]),
    ):
        response = client.get(reverse("sanctions-entry", args=[reference]))
        assert response.status_code == (200 if allowed else 404), reference


def test_an_entry_page_shows_its_history_and_escapes_the_list_text(as_persona, lists):
    page = as_persona("outsider").get(reverse("sanctions-entry", args=["MLi.001"])).text
    assert "Ahmoudou Ag Test" in page
    assert "Amended" in page and "nationalities" in page and "Listed" in page
    assert "&lt;b&gt;أحمد&lt;/b&gt;" in page and "<b>أحمد</b>" not in page
    delisted = as_persona("outsider").get(reverse("sanctions-entry", args=["MLi.002"])).text
    assert "Delisted" in delisted


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_changes_page_shows_the_last_import(as_persona, lists, persona):
    page = as_persona(persona).get(reverse("sanctions-changes")).text
    assert "1 entry amended" in page and "1 entry delisted" in page
    assert "MLi.002" in page
    # The file's name and the importer are for editors.
    assert ("second.xml" in page) == (persona in ("admin", "analyst"))


def test_the_changes_page_before_any_import(as_persona, persona_users):
    page = as_persona("outsider").get(reverse("sanctions-changes"))
    assert page.status_code == 200 and "No list has been imported yet" in page.text


def test_the_pages_are_read_only(as_persona, lists):
    response = as_persona("analyst").post(reverse("sanctions-regime-list"))
    assert response.status_code == 405

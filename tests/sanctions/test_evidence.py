"""A commitment linked to a regime shows the regime's listings as evidence: as of a date,
only what was listed by then; delisted entries say so; hidden entries stay hidden."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accordwatch.commitments import evidence
from accordwatch.core.models import AuditEvent
from accordwatch.core.services import SYSTEM
from accordwatch.sanctions import services
from accordwatch.sanctions.imports import un_list_import
from accordwatch.sanctions.models import Entry, Regime
from tests import factories

pytestmark = pytest.mark.django_db


def _list(*entries: str, generated: str) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="{generated}"><INDIVIDUALS>'
        + "".join(entries)
        + "</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>"
    ).encode()


def _person(reference: str, listed_on: str) -> str:
    return (
        f"<INDIVIDUAL><FIRST_NAME>Name {reference}</FIRST_NAME><UN_LIST_TYPE>Mali</UN_LIST_TYPE>"
        f"<REFERENCE_NUMBER>{reference}</REFERENCE_NUMBER><LISTED_ON>{listed_on}</LISTED_ON>"
        "</INDIVIDUAL>"
    )


@pytest.fixture
def decision(persona_users):
    first = _list(
        _person("MLi.001", "2018-12-20"),
        _person("MLi.002", "2019-07-10"),
        _person("MLi.003", "2019-07-10"),
        generated="2020-01-01T00:00:00Z",
    )
    un_list_import(actor=SYSTEM, stream=io.BytesIO(first))
    later = _list(
        _person("MLi.001", "2018-12-20"),
        _person("MLi.003", "2019-07-10"),
        generated="2022-01-01T00:00:00Z",
    )
    un_list_import(actor=SYSTEM, stream=io.BytesIO(later))
    Entry.objects.filter(reference_number="MLi.003").update(confidentiality="restricted")
    commitment = factories.commitment(title="Welcome the new sanctions regime")
    services.regime_link_set(
        actor=SYSTEM, commitment=commitment, regime=Regime.objects.get(), note="our note"
    )
    return commitment


def _titles(commitment, user, as_of=None) -> dict[str, str]:
    found = evidence.collect(commitment_ids=[commitment.pk], user=user, as_of=as_of)
    return {
        item.title.split()[0]: item.detail
        for item in found.get(commitment.pk, [])
        if item.provider == "sanctions"
    }


def test_a_linked_regime_shows_its_listings(decision, analyst, delegate):
    assert set(_titles(decision, analyst)) == {"MLi.001", "MLi.002", "MLi.003"}
    assert set(_titles(decision, delegate)) == {"MLi.001", "MLi.002"}  # MLi.003 restricted
    assert _titles(decision, None)["MLi.002"].startswith("Delisted")


def test_as_of_a_date_only_what_was_known_then(decision, analyst):
    assert _titles(decision, analyst, as_of=dt.date(2017, 9, 20)) == {}
    early = _titles(decision, analyst, as_of=dt.date(2019, 1, 1))
    assert set(early) == {"MLi.001"}
    before_delisting = _titles(decision, analyst, as_of=dt.date(2021, 1, 1))
    assert not before_delisting["MLi.002"].startswith("Delisted")


def test_the_commitment_page_points_to_the_regime(decision, as_persona):
    page = as_persona("outsider").get(reverse("commitment-detail", args=[decision.key])).text
    regime = Regime.objects.get()
    assert reverse("sanctions-regime", args=[regime.key]) in page
    assert reverse("sanctions-entry", args=["MLi.001"]) in page


def test_linking_is_for_editors_and_audited(decision, delegate, analyst):
    regime = Regime.objects.get()
    with pytest.raises(PermissionDenied):
        services.regime_link_set(actor=delegate, commitment=decision, regime=regime)
    _, changed = services.regime_link_set(
        actor=analyst, commitment=decision, regime=regime, note="our note"
    )
    assert not changed
    services.regime_link_set(actor=analyst, commitment=decision, regime=regime, note="new")
    assert AuditEvent.objects.filter(action="sanctions_regime_link.update", user=analyst).exists()


def test_linking_an_entry_to_an_actor_is_audited_and_survives_imports(decision, analyst):
    person = factories.actor(name_en="Name MLi.001", kind="person")
    entry = Entry.objects.get(reference_number="MLi.001")
    services.entry_link_actor(actor=analyst, entry=entry, linked=person)
    assert AuditEvent.objects.filter(action="sanctions_entry.link_actor").exists()
    again = _list(_person("MLi.001", "2018-12-21"), generated="2023-01-01T00:00:00Z")
    un_list_import(actor=SYSTEM, stream=io.BytesIO(again), list_types=["Mali"])
    entry.refresh_from_db()
    assert entry.actor == person and entry.listed_on == dt.date(2018, 12, 21)

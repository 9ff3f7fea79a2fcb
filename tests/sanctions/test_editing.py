"""Editing sanctions records by hand, per persona: a regime's fields and the decisions it
answers, an entry's summary, actor and visibility, and the body's own lists (create one,
add, amend, delist and relist its entries). Editors see and post the forms; members and the
public get neither the forms nor what is held back; every change is one audit event; an
entry added by hand is found by the next screening; a delisting shows as history."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accordwatch.core.models import AuditEvent
from accordwatch.core.services import SYSTEM
from accordwatch.sanctions import own_lists, screening, services
from accordwatch.sanctions.imports import un_list_import
from accordwatch.sanctions.models import (
    Entry,
    EntryVersion,
    ListImport,
    Regime,
    RegimeLink,
    RegimeOrigin,
    ScreeningSource,
)
from tests import factories
from tests.conftest import PERSONAS
from tests.sanctions.screening_list import import_screening_list

pytestmark = pytest.mark.django_db

EDITORS = {"admin", "analyst"}


@pytest.fixture
def mali(persona_users) -> Regime:
    import_screening_list()
    return Regime.objects.get(list_type="Mali")


def _own_entry(regime: Regime, first: str = "Bakary", **values) -> Entry:
    values.setdefault("kind", "person")
    entry, _changed = own_lists.own_entry_save(
        actor=SYSTEM,
        regime=regime,
        name_parts=[first, values.pop("second", "Ag"), values.pop("third", "Intallah")],
        **values,
    )
    return entry


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


# --- who sees each form, who can post ---------------------------------------------------


def _form_urls(mali: Regime, own: Regime, own_entry: Entry) -> list[str]:
    return [
        reverse("sanctions-own-regime-new"),
        reverse("sanctions-regime-edit", args=[mali.key]),
        reverse("sanctions-regime-edit", args=[own.key]),
        reverse("sanctions-entry-edit", args=["MLi.008"]),
        reverse("sanctions-own-entry-new", args=[own.key]),
        reverse("sanctions-own-entry-amend", args=[own_entry.reference_number]),
        reverse("sanctions-own-entry-listing", args=[own_entry.reference_number]),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_editors_see_the_editing_forms(as_persona, mali, own, persona):
    entry = _own_entry(own)
    client = as_persona(persona)
    for url in _form_urls(mali, own, entry):
        response = client.get(url)
        if persona in EDITORS:
            assert response.status_code == 200, url
            assert 'name="csrfmiddlewaretoken"' in response.text
        elif persona == "outsider":
            assert response.status_code == 302 and "/login" in response["Location"], url
        else:
            assert response.status_code == 403, url


@pytest.mark.parametrize("persona", PERSONAS)
def test_edit_links_show_for_editors_only(as_persona, mali, own, persona):
    entry = _own_entry(own, confidentiality="public", publication_state="published")
    client = as_persona(persona)
    regime_page = client.get(reverse("sanctions-regime", args=[own.key])).text
    entry_page = client.get(reverse("sanctions-entry", args=[entry.reference_number])).text
    un_entry_page = client.get(reverse("sanctions-entry", args=["MLi.008"])).text
    listing = client.get(reverse("sanctions-regime-list")).text
    editor = persona in EDITORS
    assert (reverse("sanctions-regime-edit", args=[own.key]) in regime_page) == editor
    assert (reverse("sanctions-own-entry-new", args=[own.key]) in regime_page) == editor
    assert (reverse("sanctions-entry-edit", args=[entry.reference_number]) in entry_page) == editor
    assert (
        reverse("sanctions-own-entry-listing", args=[entry.reference_number]) in entry_page
    ) == editor
    assert (reverse("sanctions-entry-edit", args=["MLi.008"]) in un_entry_page) == editor
    # A UN entry changes through imports only: no amend or delist by hand.
    assert reverse("sanctions-own-entry-amend", args=["MLi.008"]) not in un_entry_page
    assert (reverse("sanctions-own-regime-new") in listing) == editor


@pytest.mark.parametrize("persona", ["delegate", "outsider"])
def test_readers_cannot_post_any_edit(as_persona, mali, own, persona):
    entry = _own_entry(own)
    client = as_persona(persona)
    before = AuditEvent.objects.count()
    posts = {
        reverse("sanctions-own-regime-new"): {"name": "Mine", "status": "active"},
        reverse("sanctions-regime-edit", args=[mali.key]): {"name": "Hacked", "status": "active"},
        reverse("sanctions-regime-publication", args=[mali.key]): {"publication_state": "draft"},
        reverse("sanctions-entry-edit", args=["MLi.008"]): {"summary": "Hacked"},
        reverse("sanctions-entry-publication", args=["MLi.008"]): {"confidentiality": "public"},
        reverse("sanctions-own-entry-new", args=[own.key]): {"kind": "person", "first_name": "X"},
        reverse("sanctions-own-entry-amend", args=[entry.reference_number]): {
            "kind": "person",
            "first_name": "X",
        },
        reverse("sanctions-own-entry-listing", args=[entry.reference_number]): {"note": "x"},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
    assert AuditEvent.objects.count() == before
    mali.refresh_from_db()
    assert mali.name == "Mali"
    assert Entry.objects.get(reference_number="MLi.008").summary == ""


def test_the_services_refuse_a_member(mali, own, delegate):
    entry = _own_entry(own)
    with pytest.raises(PermissionDenied):
        services.regime_edit(actor=delegate, regime=mali, name="X")
    with pytest.raises(PermissionDenied):
        services.entry_annotate(actor=delegate, entry=entry, summary="x", linked=None)
    with pytest.raises(PermissionDenied):
        own_lists.own_regime_create(actor=delegate, name="X")
    with pytest.raises(PermissionDenied):
        own_lists.own_entry_save(actor=delegate, regime=own, kind="person", name_parts=["X"])
    with pytest.raises(PermissionDenied):
        own_lists.own_entry_delist(actor=delegate, entry=entry, note="x")


# --- CSRF ------------------------------------------------------------------------------


def test_csrf_is_enforced_on_every_form(mali, own, analyst):
    entry = _own_entry(own)
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    url = reverse("sanctions-regime-edit", args=[mali.key])
    assert client.post(url, {"name": "Mali", "status": "lapsed"}).status_code == 403
    for target in (
        reverse("sanctions-own-entry-listing", args=[entry.reference_number]),
        reverse("sanctions-entry-publication", args=["MLi.008"]),
        reverse("sanctions-own-regime-new"),
    ):
        assert client.post(target, {"note": "x", "name": "x"}).status_code == 403
    # With the token the page gave, the same post goes through.
    page = client.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = client.post(url, {"name": "Mali", "status": "lapsed", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Entry.objects.get(reference_number=entry.reference_number).is_listed


# --- regimes --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", sorted(EDITORS))
def test_an_editor_edits_a_un_regime_and_links_it_to_decisions(as_persona, mali, persona):
    decision_vii = factories.commitment(title="Decision vii: sanctions against spoilers")
    other = factories.commitment(title="Decision vi: ceasefire")
    RegimeLink.objects.create(regime=mali, commitment=other, note="kept?")
    client = as_persona(persona)
    before = _events("sanctions_regime.update")
    response = client.post(
        reverse("sanctions-regime-edit", args=[mali.key]),
        {
            "name": "Mali (resolution 2374)",
            "resolution": "2374 (2017)",
            "established_on": "2017-09-05",
            "ended_on": "2023-08-31",
            "status": "lapsed",
            "criteria": "Those who obstruct the agreement.\r\nIn our words.",
            "summary": "The regime the contact group welcomed; it lapsed in 2023.",
            "commitments": [decision_vii.pk],
        },
    )
    assert response.status_code == 302
    mali.refresh_from_db()
    assert mali.name == "Mali (resolution 2374)" and mali.status == "lapsed"
    assert mali.criteria == "Those who obstruct the agreement.\nIn our words."
    assert list(mali.links.values_list("commitment", flat=True)) == [decision_vii.pk]
    assert _events("sanctions_regime.update") == before + 1
    page = client.get(reverse("sanctions-regime", args=[mali.key])).text
    assert "it lapsed in 2023" in page and "Lapsed" in page
    # The same values again change nothing and record nothing.
    form = client.get(reverse("sanctions-regime-edit", args=[mali.key]))
    assert "Mali (resolution 2374)" in form.text
    assert not services.regime_edit(
        actor=SYSTEM,
        regime=mali,
        name=mali.name,
        resolution=mali.resolution,
        criteria=mali.criteria,
        summary=mali.summary,
        established_on=mali.established_on,
        ended_on=mali.ended_on,
        status=mali.status,
        commitments=[decision_vii],
    )
    assert _events("sanctions_regime.update") == before + 1


def test_regime_errors_name_the_field(as_persona, mali):
    response = as_persona("analyst").post(
        reverse("sanctions-regime-edit", args=[mali.key]),
        {"name": "", "status": "lapsed", "established_on": "2020-01-01", "ended_on": "2019-01-01"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"name", "ended_on"}
    assert 'id="id_ended_on_error"' in response.text and 'id="id_name_error"' in response.text
    with pytest.raises(ValidationError) as raised:
        services.regime_edit(
            actor=SYSTEM,
            regime=mali,
            name="Mali",
            established_on=mali.established_on,
            ended_on=mali.established_on.replace(year=2000),
        )
    assert "ended_on" in raised.value.message_dict


def test_an_import_keeps_the_regime_as_edited(mali, analyst):
    services.regime_edit(actor=analyst, regime=mali, name="Our name for Mali", status="lapsed")
    import_screening_list()  # the same file: nothing to import
    from tests.sanctions.screening_list import LIST

    changed = LIST.replace(b"2019-07-10", b"2019-07-11")
    un_list_import(actor=SYSTEM, stream=io.BytesIO(changed), file_name="again.xml")
    mali.refresh_from_db()
    assert mali.name == "Our name for Mali"


# --- any entry: notes and visibility ----------------------------------------------------


def test_an_editor_writes_an_entrys_summary_and_links_its_actor(as_persona, mali):
    group = factories.actor(name_en="Groupe armé du Nord", acronym="GAN")
    client = as_persona("analyst")
    before = _events("sanctions_entry.annotate")
    response = client.post(
        reverse("sanctions-entry-edit", args=["MLi.008"]),
        {"summary": "Leads an armed group <b>in the north</b>.", "actor": group.pk},
    )
    assert response.status_code == 302
    entry = Entry.objects.get(reference_number="MLi.008")
    assert entry.summary == "Leads an armed group <b>in the north</b>." and entry.actor == group
    assert _events("sanctions_entry.annotate") == before + 1
    page = client.get(reverse("sanctions-entry", args=["MLi.008"])).text
    assert "&lt;b&gt;in the north&lt;/b&gt;" in page  # escaped, never markup
    assert reverse("incident-actor", args=[group.key]) in page
    dossier = client.get(reverse("sanctions-dossier", args=["MLi.008"]))
    assert dossier.status_code == 200 and str(group) in dossier.text
    assert 'data-testid="no-actor"' not in dossier.text
    # The next import keeps the body's own notes.
    from tests.sanctions.screening_list import LIST

    un_list_import(
        actor=SYSTEM, stream=io.BytesIO(LIST.replace(b"MATALY", b"MATALI")), file_name="b.xml"
    )
    entry.refresh_from_db()
    assert entry.name == "MOHAMED OULD MATALI" and entry.actor == group and entry.summary


def test_an_unknown_actor_is_an_error_on_its_field(as_persona, mali):
    response = as_persona("admin").post(
        reverse("sanctions-entry-edit", args=["MLi.008"]), {"summary": "x", "actor": "999999"}
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["actor"]
    assert 'id="id_actor_error"' in response.text


@pytest.mark.parametrize("persona", PERSONAS)
def test_withdrawing_and_restricting_an_entry(as_persona, mali, persona):
    editor = as_persona("analyst")
    url = reverse("sanctions-entry-publication", args=["MLi.008"])
    assert editor.post(url, {"confidentiality": "restricted"}).status_code == 302
    entry = Entry.objects.get(reference_number="MLi.008")
    assert entry.confidentiality == "restricted" and entry.publication_state == "published"
    page = as_persona(persona).get(reverse("sanctions-entry", args=["MLi.008"]))
    assert page.status_code == (200 if persona in EDITORS else 404)
    listing = as_persona(persona).get(reverse("sanctions-regime", args=[mali.key])).text
    assert ("MLi.008" in listing) == (persona in EDITORS)
    assert editor.post(url, {"confidentiality": "public"}).status_code == 302
    assert editor.post(url, {"publication_state": "withdrawn"}).status_code == 302
    page = as_persona(persona).get(reverse("sanctions-entry", args=["MLi.008"]))
    assert page.status_code == (404 if persona == "outsider" else 200)
    assert editor.post(url, {"publication_state": "nonsense"}).status_code == 400


# --- the body's own lists ---------------------------------------------------------------


def test_an_editor_creates_a_list_of_the_bodys_own(as_persona):
    decision = factories.commitment(title="Decision vii")
    client = as_persona("analyst")
    response = client.post(
        reverse("sanctions-own-regime-new"),
        {
            "name": "Obstruction of the agreement",
            "resolution": "Contact group, 20 September 2017",
            "status": "active",
            "criteria": "Those who obstruct the agreement's implementation.",
            "commitments": [decision.pk],
            "confidentiality": "internal",
            "publication_state": "draft",
        },
    )
    assert response.status_code == 302
    regime = Regime.objects.get(name="Obstruction of the agreement")
    assert regime.origin == RegimeOrigin.OWN and regime.key.startswith("own-")
    assert (
        regime.confidentiality == "internal" and list(regime.links.all())[0].commitment == decision
    )
    assert response["Location"] == reverse("sanctions-regime", args=[regime.key])
    assert _events("sanctions_regime.create") == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_internal_own_list_stays_from_the_public(as_persona, persona):
    regime = own_lists.own_regime_create(
        actor=SYSTEM, name="Held back", confidentiality="restricted"
    )
    entry = _own_entry(regime, "Secretu", confidentiality="restricted")
    client = as_persona(persona)
    assert ("Held back" in client.get(reverse("sanctions-regime-list")).text) == (
        persona in EDITORS
    )
    page = client.get(reverse("sanctions-entry", args=[entry.reference_number]))
    assert page.status_code == (200 if persona in EDITORS else 404)
    changes = client.get(reverse("sanctions-import", args=[entry.first_import_id]))
    assert changes.status_code == (200 if persona in EDITORS else 404)
    assert "Secretu" not in client.get(reverse("sanctions-changes")).text or persona in EDITORS


def test_adding_amending_and_the_history_of_an_own_entry(as_persona, own):
    client = as_persona("analyst")
    response = client.post(
        reverse("sanctions-own-entry-new", args=[own.key]),
        {
            "kind": "person",
            "first_name": "Bakary",
            "second_name": "Ag",
            "third_name": "Intallah",
            "original_script": "باكاري اغ انتالا",
            "listed_on": "2018-03-01",
            "gender": "Male",
            "nationalities": "Mali\r\nNiger\r\n\r\nMali",
            "birth_dates": "1971-02-03\r\n1965-1968",
            "birth_places": "Kidal",
            "aliases": "Bakary Intalla",
            "low_aliases": "Abu Bakr",
            "note": "Decision of 20 September 2017",
            "confidentiality": "public",
            "publication_state": "published",
        },
    )
    assert response.status_code == 302
    entry = Entry.objects.get(regime=own)
    assert entry.reference_number == own.key.upper() + ".001"
    assert entry.name == "Bakary Ag Intallah" and entry.nationalities == ["Mali", "Niger"]
    assert entry.birth_dates == [
        {"type": "exact", "date": "1971-02-03"},
        {"type": "between", "from_year": "1965", "to_year": "1968"},
    ]
    assert sorted(entry.aliases.values_list("name", "quality")) == [
        ("Abu Bakr", "low"),
        ("Bakary Intalla", "good"),
    ]
    assert _events("sanctions_entry.add") == 1
    # The form shows the entry as saved; a second post changes the nationality only.
    form = client.get(reverse("sanctions-own-entry-amend", args=[entry.reference_number]))
    assert "1965-1968" in form.text and "Abu Bakr" in form.text
    data = {
        k: v
        for k, v in form.context["form"].initial.items()
        if k not in ("nationalities", "birth_dates", "birth_places", "aliases", "low_aliases")
    }
    data.update(
        listed_on="2018-03-01",
        nationalities="Mali",
        birth_dates="1971-02-03\n1965-1968",
        birth_places="Kidal",
        aliases="Bakary Intalla",
        low_aliases="Abu Bakr",
        note="Nationality corrected",
    )
    url = reverse("sanctions-own-entry-amend", args=[entry.reference_number])
    assert client.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert entry.nationalities == ["Mali"]
    versions = list(entry.versions.order_by("id"))
    assert [(v.change, v.changed_fields) for v in versions] == [
        ("added", []),
        ("changed", ["nationalities"]),
    ]
    assert versions[0].data["nationalities"] == ["Mali", "Niger"]  # the old state is kept
    # Saving the same again records no version and no event.
    assert client.post(url, data).status_code == 302
    assert entry.versions.count() == 2 and _events("sanctions_entry.change") == 1
    page = as_persona("outsider").get(reverse("sanctions-entry", args=[entry.reference_number]))
    assert re.search(r"Intallah</span>\s*</dd>", page.text)  # no separator after the last part
    assert "Nationality corrected" in page.text and "Niger" not in page.text.split("History")[0]


def test_own_entry_errors_name_the_field(as_persona, own):
    response = as_persona("admin").post(
        reverse("sanctions-own-entry-new", args=[own.key]),
        {
            "kind": "person",
            "first_name": "",
            "birth_dates": "1970-13-45\n1968-1960",
            "confidentiality": "public",
            "publication_state": "published",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors.keys() == {"first_name", "birth_dates"}
    assert len(errors["birth_dates"]) == 2 and "1968-1960" in errors["birth_dates"][1]
    assert 'id="id_birth_dates_error"' in response.text
    assert not Entry.objects.filter(regime=own).exists()
    with pytest.raises(ValidationError) as raised:
        own_lists.own_entry_save(
            actor=SYSTEM, regime=own, kind="person", name_parts=["X"], birth_dates=["soon"]
        )
    assert "birth_dates" in raised.value.message_dict


def test_entries_of_a_un_list_are_not_added_or_amended_by_hand(as_persona, mali):
    client = as_persona("analyst")
    assert client.get(reverse("sanctions-own-entry-new", args=[mali.key])).status_code == 404
    assert client.get(reverse("sanctions-own-entry-amend", args=["MLi.008"])).status_code == 404
    assert client.get(reverse("sanctions-own-entry-listing", args=["MLi.008"])).status_code == 404
    with pytest.raises(ValidationError):
        own_lists.own_entry_save(actor=SYSTEM, regime=mali, kind="person", name_parts=["X"])


def test_a_delisting_shows_as_history_and_can_be_undone(as_persona, own):
    entry = _own_entry(own, confidentiality="public", publication_state="published")
    client = as_persona("analyst")
    url = reverse("sanctions-own-entry-listing", args=[entry.reference_number])
    missing_reason = client.post(url, {"note": ""})
    assert missing_reason.status_code == 400 and "note" in missing_reason.context["form"].errors
    assert client.post(url, {"note": "Delisted by the decision of 1 March 2020"}).status_code == 302
    entry.refresh_from_db()
    assert not entry.is_listed and entry.removed_in.kind == "hand"
    assert entry.removed_in.note == "Delisted by the decision of 1 March 2020"
    assert [v.change for v in entry.versions.order_by("id")] == ["added", "removed"]
    assert _events("sanctions_entry.remove") == 1
    page = as_persona("outsider").get(reverse("sanctions-entry", args=[entry.reference_number]))
    assert "Delisted" in page.text and "decision of 1 March 2020" in page.text
    version = as_persona("outsider").get(reverse("sanctions-import", args=[entry.removed_in_id]))
    assert "(by hand)" in version.text and "decision of 1 March 2020" in version.text
    assert entry.reference_number in version.text.split("delisted")[1]
    # A delisted entry is listed again before it is amended.
    amend = reverse("sanctions-own-entry-amend", args=[entry.reference_number])
    assert client.post(amend, {"kind": "person", "first_name": "Other"}).status_code == 400
    assert client.post(url, {"note": "Listed again after review"}).status_code == 302
    entry.refresh_from_db()
    assert entry.is_listed
    assert [v.change for v in entry.versions.order_by("id")] == ["added", "removed", "relisted"]


def test_a_un_import_never_delists_the_bodys_own_entries(own, mali):
    entry = _own_entry(own)
    from tests.sanctions.screening_list import LIST, _person

    smaller = LIST.replace(_person("MLi.005", ["MOHAMED", "BEN", "AHMED", "MAHRI"]).encode(), b"")
    assert smaller != LIST
    summary = un_list_import(actor=SYSTEM, stream=io.BytesIO(smaller), file_name="smaller.xml")
    assert summary.removed_refs == ("MLi.005",)
    entry.refresh_from_db()
    assert entry.is_listed


# --- screening sees what was written by hand --------------------------------------------


def _screen(name: str, user) -> list[str]:
    _run, hits = screening.screen_names(
        actor=user, source=ScreeningSource.PAGE, inputs=[{"name": name}]
    )
    return [hit.reference_number for hit in hits[0]]


def test_screening_finds_a_hand_added_entry_and_forgets_a_delisted_one(as_persona, mali, own):
    analyst = as_persona("analyst")
    assert _screen("Bakary Ag Intallah", SYSTEM) == []  # the index is built and cached now
    response = analyst.post(
        reverse("sanctions-own-entry-new", args=[own.key]),
        {
            "kind": "person",
            "first_name": "Bakary",
            "second_name": "Ag",
            "third_name": "Intallah",
            "low_aliases": "Abu Bakr al-Kidali",
            "confidentiality": "restricted",
            "publication_state": "draft",
        },
    )
    assert response.status_code == 302
    reference = own.key.upper() + ".001"
    assert _screen("Bakari Ould Intalla", SYSTEM) == [reference]
    # On the screening page too, with the list version the run used.
    page = analyst.post(reverse("sanctions-screen"), {"name": "Bakary Ag Intallah"}, follow=True)
    assert reference in page.text
    entry = Entry.objects.get(reference_number=reference)
    amend = reverse("sanctions-own-entry-amend", args=[reference])
    assert (
        analyst.post(
            amend, {"kind": "person", "first_name": "Oumar", "third_name": "Sidibe"}
        ).status_code
        == 302
    )
    assert _screen("Oumar Sidibe", SYSTEM) == [reference]  # an amended name, same counts
    assert _screen("Bakary Ag Intallah", SYSTEM) == []
    listing = reverse("sanctions-own-entry-listing", args=[reference])
    assert analyst.post(listing, {"note": "Died in 2021"}).status_code == 302
    assert _screen("Oumar Sidibe", SYSTEM) == []
    assert entry.versions.count() == 3
    assert ListImport.objects.filter(kind="hand").count() == 3
    assert EntryVersion.objects.filter(entry=entry, change="removed").count() == 1

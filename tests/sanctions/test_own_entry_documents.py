"""Identity documents and addresses of an entry of the body's own list, written by hand.

An editor writes each document and each address on a line of its own, its parts separated
by semicolons; the entry then holds them with the keys an imported UN entry has, shows them
on its page, and a change of either is a version of the entry whose changed fields say so.
A line that does not parse is an error on its field and nothing is stored; members and the
public neither see the forms nor change anything by posting to them.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accordwatch.core.models import AuditEvent
from accordwatch.core.services import SYSTEM
from accordwatch.sanctions import own_lists, screening
from accordwatch.sanctions.models import Entry, Regime, ScreeningSource
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

EDITORS = {"admin", "analyst"}

DOCUMENTS = (
    "Passport; A1234567; Mali; 2015-06-30; renewed at Bamako; the old one lost\r\n"
    "\r\n"
    "Identity card;  99 887  ; Niger\r\n"
)
ADDRESSES = "Rue 12, Quartier 3; Kidal; Kidal region; Mali\r\n; Gao; ; Mali; seen there in 2017\r\n"
STORED_DOCUMENTS = [
    {
        "type": "Passport",
        "number": "A1234567",
        "issuing_country": "Mali",
        "date_of_issue": "2015-06-30",
        "note": "renewed at Bamako; the old one lost",
    },
    {"type": "Identity card", "number": "99 887", "issuing_country": "Niger"},
]
STORED_ADDRESSES = [
    {
        "street": "Rue 12, Quartier 3",
        "city": "Kidal",
        "state_province": "Kidal region",
        "country": "Mali",
    },
    {"city": "Gao", "country": "Mali", "note": "seen there in 2017"},
]


def _new_entry_data(**values: str) -> dict[str, str]:
    return {
        "kind": "person",
        "first_name": "Bakary",
        "second_name": "Ag",
        "third_name": "Intallah",
        "aliases": "Bakary Intalla",
        "documents": DOCUMENTS,
        "addresses": ADDRESSES,
        "note": "Decision of 20 September 2017",
        "confidentiality": "public",
        "publication_state": "published",
        **values,
    }


def _added_on_the_page(client, own: Regime, **values: str) -> Entry:
    """The entry an editor adds through the new-entry form (``values`` change the form's)."""
    response = client.post(
        reverse("sanctions-own-entry-new", args=[own.key]), _new_entry_data(**values)
    )
    assert response.status_code == 302
    return Entry.objects.get(regime=own)


def _entry_page(client, entry: Entry) -> str:
    return client.get(reverse("sanctions-entry", args=[entry.reference_number])).text


def _amend_data(client, entry: Entry, **changes: str) -> dict[str, str]:
    """What the amend form posts back when the editor changes only ``changes``: every
    field as the form shows it (lists as the lines of its text areas)."""
    form = client.get(reverse("sanctions-own-entry-amend", args=[entry.reference_number]))
    assert form.status_code == 200
    data = {}
    for name, value in form.context["form"].initial.items():
        if isinstance(value, list):
            value = "\n".join(value)
        data[name] = "" if value is None else str(value)
    data.update(changes)
    return data


@pytest.mark.parametrize("persona", sorted(EDITORS))
def test_an_editor_adds_an_entry_with_documents_and_addresses(as_persona, own, persona):
    client = as_persona(persona)
    events = AuditEvent.objects.count()
    entry = _added_on_the_page(client, own)
    assert entry.documents == STORED_DOCUMENTS
    assert entry.addresses == STORED_ADDRESSES
    assert entry.data["documents"] == STORED_DOCUMENTS
    assert entry.data["addresses"] == STORED_ADDRESSES
    # One audit event, holding the documents and addresses as saved.
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.get(action="sanctions_entry.add")
    assert event.after["documents"] == STORED_DOCUMENTS
    assert event.after["addresses"] == STORED_ADDRESSES
    # The first version holds them too.
    assert entry.versions.get().data["addresses"] == STORED_ADDRESSES
    # The public sees them on the entry page of this published entry.
    page = _entry_page(as_persona("outsider"), entry)
    documents = page.split('data-testid="entry-documents"')[1].split("</dd>")[0]
    assert "Passport, A1234567, Mali, 2015-06-30, renewed at Bamako; the old one lost" in documents
    assert "Identity card, 99 887, Niger" in documents
    addresses = page.split('data-testid="entry-addresses"')[1].split("</dd>")[0]
    assert "Rue 12, Quartier 3, Kidal, Kidal region, Mali" in addresses
    assert "Gao, Mali, seen there in 2017" in addresses


def test_the_page_reads_documents_and_addresses_in_the_lists_order_whatever_the_database_kept(
    as_persona, own
):
    # PostgreSQL's jsonb keeps an object's keys sorted by length, not as written: the page
    # must not show "note, Passport, A1234567, 2015-06-30, Mali". Simulated on any database
    # by storing the keys in reverse.
    entry = _added_on_the_page(as_persona("analyst"), own)
    Entry.objects.filter(pk=entry.pk).update(
        documents=[dict(reversed(list(d.items()))) for d in STORED_DOCUMENTS],
        addresses=[dict(reversed(list(a.items()))) for a in STORED_ADDRESSES],
    )
    page = _entry_page(as_persona("outsider"), entry)
    documents = page.split('data-testid="entry-documents"')[1].split("</dd>")[0]
    assert "Passport, A1234567, Mali, 2015-06-30, renewed at Bamako; the old one lost" in documents
    addresses = page.split('data-testid="entry-addresses"')[1].split("</dd>")[0]
    assert "Rue 12, Quartier 3, Kidal, Kidal region, Mali" in addresses


def test_the_amend_form_shows_them_as_lines_and_an_unchanged_save_records_nothing(as_persona, own):
    client = as_persona("analyst")
    entry = _added_on_the_page(client, own)
    form = client.get(reverse("sanctions-own-entry-amend", args=[entry.reference_number]))
    initial = form.context["form"].initial
    assert initial["documents"] == [
        "Passport; A1234567; Mali; 2015-06-30; renewed at Bamako; the old one lost",
        "Identity card; 99 887; Niger",
    ]
    # An empty part keeps its place; the empty ones at the end are dropped.
    assert initial["addresses"] == [
        "Rue 12, Quartier 3; Kidal; Kidal region; Mali",
        "; Gao; ; Mali; seen there in 2017",
    ]
    assert "Identity card; 99 887; Niger" in form.text
    url = reverse("sanctions-own-entry-amend", args=[entry.reference_number])
    assert client.post(url, _amend_data(client, entry)).status_code == 302
    assert entry.versions.count() == 1
    assert not AuditEvent.objects.filter(action="sanctions_entry.change").exists()


def test_a_changed_document_or_address_is_a_version_of_the_entry(as_persona, own):
    client = as_persona("analyst")
    entry = _added_on_the_page(client, own)
    url = reverse("sanctions-own-entry-amend", args=[entry.reference_number])

    data = _amend_data(client, entry, note="Passport renewed")
    data["documents"] = data["documents"].replace("A1234567", "B7654321")
    assert client.post(url, data).status_code == 302
    data = _amend_data(client, entry, note="Moved to Timbuktu")
    data["addresses"] = "; Timbuktu; ; Mali"
    assert client.post(url, data).status_code == 302

    entry.refresh_from_db()
    assert entry.documents[0]["number"] == "B7654321"
    assert entry.addresses == [{"city": "Timbuktu", "country": "Mali"}]
    versions = list(entry.versions.order_by("id"))
    assert [(v.change, v.changed_fields) for v in versions] == [
        ("added", []),
        ("changed", ["documents"]),
        ("changed", ["addresses"]),
    ]
    # The earlier states are kept, never overwritten.
    assert versions[0].data["documents"][0]["number"] == "A1234567"
    assert versions[1].data["addresses"] == STORED_ADDRESSES
    assert AuditEvent.objects.filter(action="sanctions_entry.change").count() == 2
    history = _entry_page(client, entry).split('id="h-history"')[1]
    assert "documents" in history and "Passport renewed" in history
    assert "addresses" in history and "Moved to Timbuktu" in history
    # Taking every address away is a change too.
    data = _amend_data(client, entry, addresses="", note="No known address")
    assert client.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert entry.addresses == [] and entry.versions.count() == 4


def test_bad_lines_are_errors_on_their_field_and_nothing_is_stored(as_persona, own):
    client = as_persona("admin")
    events = AuditEvent.objects.count()
    response = client.post(
        reverse("sanctions-own-entry-new", args=[own.key]),
        _new_entry_data(
            documents=(
                "Passport A1234567 Mali\n"  # no semicolons
                "; A1234567; Mali\n"  # no type
                "Passport; A1; Mali; 30/06/2015\n"  # not a date
                "Passport; C5555; Mali"  # fine
            ),
            addresses="Kidal, Mali\n; ; ; ; a note and nothing else",
        ),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors.keys() == {"documents", "addresses"}
    documents = errors["documents"]
    assert len(documents) == 3
    assert documents[0].startswith("Passport A1234567 Mali:") and "semicolons" in documents[0]
    assert "type; number; issuing country" in documents[0]
    assert documents[1].startswith("; A1234567; Mali:") and "type" in documents[1]
    assert "30/06/2015" in documents[2] and "date of issue" in documents[2]
    assert len(errors["addresses"]) == 2
    assert "street; city; state or province; country; note" in errors["addresses"][0]
    assert "country" in errors["addresses"][1]
    assert 'id="id_documents_error"' in response.text
    assert 'id="id_addresses_error"' in response.text
    # What the editor typed is given back to correct.
    assert "Passport; C5555; Mali" in response.text
    assert not Entry.objects.filter(regime=own).exists()
    assert AuditEvent.objects.count() == events


def test_a_bad_line_on_amending_leaves_the_entry_as_it_was(as_persona, own):
    client = as_persona("analyst")
    entry = _added_on_the_page(client, own)
    url = reverse("sanctions-own-entry-amend", args=[entry.reference_number])
    data = _amend_data(client, entry, first_name="Oumar", addresses="Gao")
    response = client.post(url, data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["addresses"]
    entry.refresh_from_db()
    assert entry.first_name == "Bakary" and entry.addresses == STORED_ADDRESSES
    assert entry.versions.count() == 1


def test_the_service_checks_what_it_is_given(own):
    with pytest.raises(ValidationError) as raised:
        own_lists.own_entry_save(
            actor=SYSTEM,
            regime=own,
            kind="person",
            name_parts=["X"],
            documents=["Passport 123", {"type": "Passport", "serial": "9"}],
            addresses=[{"city": "Gao; Mali"}, "x" * 10_000 + "; Gao"],
        )
    errors = raised.value.message_dict
    assert len(errors["documents"]) == 2 and "serial" in errors["documents"][1]
    assert len(errors["addresses"]) == 2 and "semicolon" in errors["addresses"][0]
    # A pasted page: the error names the line cut short, and the part's limit.
    assert len(errors["addresses"][1]) < 200 and "300" in errors["addresses"][1]
    assert not Entry.objects.filter(regime=own).exists()
    # Mappings with the stored keys are taken as they are, the same part kept once.
    entry, changed = own_lists.own_entry_save(
        actor=SYSTEM,
        regime=own,
        kind="entity",
        name_parts=["Front for the Sahel"],
        documents=[{"type": "Registration", "number": "RC-1", "date_of_issue": "2012"}],
        addresses=[{"city": " Gao ", "country": "Mali"}, "; Gao; ; Mali"],
    )
    assert changed
    assert entry.documents == [{"type": "Registration", "number": "RC-1", "date_of_issue": "2012"}]
    assert entry.addresses == [{"city": "Gao", "country": "Mali"}]


def test_documents_and_addresses_are_escaped(as_persona, own):
    client = as_persona("analyst")
    script = "<script>alert(1)</script>"
    entry = _added_on_the_page(
        client,
        own,
        documents=f"Passport; {script}; Mali",
        addresses=f'; Gao; ; Mali; "><b>{script}',
    )
    for page in (
        _entry_page(client, entry),
        client.get(reverse("sanctions-own-entry-amend", args=[entry.reference_number])).text,
    ):
        assert script not in page and "<b>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_screening_still_finds_an_entry_with_documents_and_addresses(as_persona, own):
    entry = _added_on_the_page(as_persona("analyst"), own)
    _run, hits = screening.screen_names(
        actor=SYSTEM, source=ScreeningSource.PAGE, inputs=[{"name": "Bakari Ag Intalla"}]
    )
    assert [hit.reference_number for hit in hits[0]] == [entry.reference_number]


# --- who may use the forms --------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_editors_get_the_forms_with_documents_and_addresses(as_persona, own, persona):
    entry, _changed = own_lists.own_entry_save(
        actor=SYSTEM, regime=own, kind="person", name_parts=["Bakary"], documents=["Passport; 1"]
    )
    client = as_persona(persona)
    for url in (
        reverse("sanctions-own-entry-new", args=[own.key]),
        reverse("sanctions-own-entry-amend", args=[entry.reference_number]),
    ):
        response = client.get(url)
        if persona in EDITORS:
            assert response.status_code == 200, url
            assert 'name="documents"' in response.text and 'name="addresses"' in response.text
        elif persona == "outsider":
            assert response.status_code == 302 and "/login" in response["Location"], url
        else:
            assert response.status_code == 403, url


@pytest.mark.parametrize("persona", ["delegate", "outsider"])
def test_readers_posting_documents_or_addresses_change_nothing(as_persona, own, persona):
    entry, _changed = own_lists.own_entry_save(
        actor=SYSTEM, regime=own, kind="person", name_parts=["Bakary"], documents=["Passport; 1"]
    )
    client = as_persona(persona)
    events = AuditEvent.objects.count()
    new = client.post(reverse("sanctions-own-entry-new", args=[own.key]), _new_entry_data())
    amend = client.post(
        reverse("sanctions-own-entry-amend", args=[entry.reference_number]),
        _new_entry_data(documents="Passport; 2", addresses="; Gao; ; Mali"),
    )
    # A post is refused outright, even an anonymous one (a sign-in redirect would drop it).
    assert new.status_code == 403 and amend.status_code == 403
    assert AuditEvent.objects.count() == events
    assert Entry.objects.filter(regime=own).count() == 1
    entry.refresh_from_db()
    assert entry.documents == [{"type": "Passport", "number": "1"}] and entry.addresses == []
    assert entry.versions.count() == 1

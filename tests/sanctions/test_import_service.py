"""Importing the UN list: counts of the real files, history across imports (changes,
delistings, relistings), all or nothing, idempotence, permissions and the audit log."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied

from accordwatch.core import audit
from accordwatch.core.importing import ImportRejected
from accordwatch.core.models import AuditEvent
from accordwatch.core.services import SYSTEM
from accordwatch.sanctions.imports import un_list_import
from accordwatch.sanctions.models import (
    Alias,
    Entry,
    EntryVersion,
    ListImport,
    Regime,
    RegimeStatus,
)
from tests.conftest import real_file

pytestmark = pytest.mark.django_db

UN_2020 = "un-consolidated-list-2020-11-30.xml"
UN_2026 = "un-consolidated-list-2026-02-27.xml"


def _import_real(name: str, actor=SYSTEM):
    with open(real_file(name), "rb") as stream:
        return un_list_import(actor=actor, stream=stream, file_name=name)


def _import_bytes(data: bytes, actor=SYSTEM, name: str = "list.xml"):
    return un_list_import(actor=actor, stream=io.BytesIO(data), file_name=name)


def _list(*entries: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<CONSOLIDATED_LIST dateGenerated="2024-05-01T10:00:00Z"><INDIVIDUALS>\n'
        + "\n".join(entries)
        + "\n</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n"
    ).encode()


def _person(reference: str, name: str = "Ahmoudou", nationality: str = "Mali") -> str:
    return (
        f"<INDIVIDUAL><FIRST_NAME>{name}</FIRST_NAME><UN_LIST_TYPE>Mali</UN_LIST_TYPE>"
        f"<REFERENCE_NUMBER>{reference}</REFERENCE_NUMBER><LISTED_ON>2018-12-20</LISTED_ON>"
        f"<NATIONALITY><VALUE>{nationality}</VALUE></NATIONALITY>"
        "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Amadou</ALIAS_NAME>"
        "</INDIVIDUAL_ALIAS></INDIVIDUAL>"
    )


def _stored() -> tuple:
    return (
        Entry.objects.count(),
        EntryVersion.objects.count(),
        Alias.objects.count(),
        ListImport.objects.count(),
        Regime.objects.count(),
        AuditEvent.objects.count(),
        sorted(Entry.objects.values_list("reference_number", "removed_in_id")),
    )


def test_the_2020_list_imports_with_its_mali_regime():
    summary = _import_real(UN_2020)
    assert (summary.individuals, summary.entities) == (713, 305)
    assert summary.created == 1018 and summary.removed == 0
    assert Entry.objects.filter(kind="person").count() == 713
    assert Entry.objects.filter(kind="entity").count() == 305
    mali = Regime.objects.get(list_type="Mali")
    assert mali.resolution == "2374 (2017)" and mali.status == RegimeStatus.LAPSED
    assert mali.criteria  # summarised in our words
    assert sorted(mali.entries.values_list("reference_number", flat=True)) == [
        f"MLi.00{n}" for n in range(1, 9)
    ]
    entry = Entry.objects.get(reference_number="MLi.008")
    assert entry.is_listed and entry.is_public
    assert entry.versions.get().change == "added"
    assert not entry.aliases.exists()  # the list gives MLi.008 an empty alias only
    assert Entry.objects.get(reference_number="MLi.001").aliases.count() == 6
    imported = ListImport.objects.get()
    assert imported.file_name == UN_2020 and len(imported.sha256) == 64
    assert imported.generated_at.year == 2020
    assert (imported.individuals, imported.entities, imported.added) == (713, 305, 1018)


def test_2020_then_2026_reports_additions_changes_and_removals():
    _import_real(UN_2020)
    summary = _import_real(UN_2026)
    assert (summary.individuals, summary.entities) == (730, 273)
    listed = Entry.objects.filter(removed_in__isnull=True)
    assert listed.count() == 730 + 273
    assert summary.removed == Entry.objects.filter(removed_in__isnull=False).count() > 0
    assert summary.created + summary.updated + summary.unchanged == 1003
    assert summary.created > 0 and summary.updated > 0 and summary.unchanged > 0
    # The Mali entries are not in the 2026 list: delisted, with their history kept.
    mali = Entry.objects.get(reference_number="MLi.001")
    assert not mali.is_listed
    assert [v.change for v in mali.versions.order_by("id")] == ["added", "removed"]
    assert mali.versions.get(change="removed").data["name_parts"][0] == "Ahmoudou"
    assert mali.aliases.filter(name="Amadou Ag Isriw").exists()
    # An amended entry names the fields that changed.
    changed = EntryVersion.objects.filter(change="changed").first()
    assert changed is not None and changed.changed_fields
    assert "removed per list:" in str(summary) and "Mali 8" in str(summary)


def test_importing_the_same_file_again_changes_nothing():
    _import_real(UN_2026)
    before = _stored()
    summary = _import_real(UN_2026)
    assert summary.already_imported
    assert "nothing changed" in str(summary)
    assert _stored() == before


def test_an_older_list_after_a_newer_one_lists_entries_again():
    _import_real(UN_2020)
    _import_real(UN_2026)
    summary = _import_real(UN_2020)
    assert summary.relisted > 0
    mali = Entry.objects.get(reference_number="MLi.001")
    assert mali.is_listed
    assert [v.change for v in mali.versions.order_by("id")] == ["added", "removed", "relisted"]


def test_history_of_a_change_and_a_delisting():
    _import_bytes(_list(_person("MLi.001"), _person("MLi.002", name="Houka")))
    _import_bytes(_list(_person("MLi.001", nationality="Niger")))
    first = Entry.objects.get(reference_number="MLi.001")
    second = Entry.objects.get(reference_number="MLi.002")
    assert first.nationalities == ["Niger"]
    amended = first.versions.get(change="changed")
    assert amended.changed_fields == ["nationalities"]
    # The earlier state is still there, in the version the first import wrote.
    assert first.versions.get(change="added").data["nationalities"] == ["Mali"]
    assert not second.is_listed
    assert second.removed_in == ListImport.objects.order_by("-id").first()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"sanctions_entry.add", "sanctions_entry.change", "sanctions_entry.remove"} <= actions
    assert "sanctions_import.create" in actions


def test_a_refused_file_changes_nothing_stored():
    _import_real(UN_2020)
    before = _stored()
    # The 2026 list with its last entry repeated: the problem is found after most entries
    # have been compared and written, so the whole import must roll back.
    data = real_file(UN_2026).read_bytes()
    start = data.rindex(b"<ENTITY>")
    end = data.rindex(b"</ENTITY>") + len(b"</ENTITY>")
    broken = data[:end] + data[start:end] + data[end:]
    with pytest.raises(ImportRejected) as refused:
        _import_bytes(broken)
    assert "appears twice" in str(refused.value.problems[0])
    assert _stored() == before
    assert not list(audit.verify())


@pytest.mark.parametrize(
    "data",
    [b"", b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>", b"<html/>"],
    ids=["empty", "truncated", "not-un"],
)
def test_a_broken_file_after_an_import_delists_nobody(data):
    _import_real(UN_2020)
    before = _stored()
    with pytest.raises(ImportRejected):
        _import_bytes(data)
    assert _stored() == before


def test_only_editors_import(delegate, analyst):
    with pytest.raises(PermissionDenied):
        _import_bytes(_list(_person("MLi.001")), actor=delegate)
    assert not Entry.objects.exists()
    _import_bytes(_list(_person("MLi.001")), actor=analyst)
    assert ListImport.objects.get().imported_by == analyst
    assert AuditEvent.objects.filter(user=analyst).exists()


def test_the_import_does_not_touch_a_regime_an_editor_amended():
    _import_bytes(_list(_person("MLi.001")))
    Regime.objects.filter(list_type="Mali").update(name="Mali (our name)")
    _import_bytes(_list(_person("MLi.001", nationality="Niger")))
    assert Regime.objects.get(list_type="Mali").name == "Mali (our name)"


def test_an_entry_held_back_by_an_editor_stays_held_back_after_imports(analyst, delegate):
    from accordwatch.sanctions.services import entry_publication_set

    _import_bytes(_list(_person("MLi.001")))
    entry = Entry.objects.get()
    with pytest.raises(PermissionDenied):
        entry_publication_set(
            actor=delegate, entry=entry, confidentiality="restricted", publication_state="draft"
        )
    assert entry_publication_set(
        actor=analyst, entry=entry, confidentiality="restricted", publication_state="published"
    )
    _import_bytes(_list(_person("MLi.001", nationality="Niger")))
    entry.refresh_from_db()
    assert entry.confidentiality == "restricted" and entry.nationalities == ["Niger"]
    assert AuditEvent.objects.filter(action="sanctions_entry.publication", user=analyst).exists()

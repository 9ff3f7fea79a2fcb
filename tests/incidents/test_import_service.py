"""The incident import service: gazetteer matching, idempotence by event id, newer
timestamps, deletions, all or nothing. (The parsers have their own tests.)"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from accordwatch.core import audit
from accordwatch.core import services as core_services
from accordwatch.core.importing import ImportProblem, ImportRejected
from accordwatch.core.models import Actor, AuditEvent, Place
from accordwatch.core.services import SYSTEM
from accordwatch.incidents import services
from accordwatch.incidents.imports import incidents_import
from accordwatch.incidents.models import Incident
from tests import factories
from tests.conftest import real_file
from tests.incidents.builders import deletion, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def gazetteer():
    mali = core_services.place_upsert(actor=SYSTEM, key="mli", kind="country", name="Mali")[0]
    kidal = core_services.place_upsert(
        actor=SYSTEM, key="mli-kidal", kind="admin1", name="Kidal", parent=mali
    )[0]
    town = core_services.place_upsert(
        actor=SYSTEM, key="mli-kidal-town", kind="locality", name="Kidal", parent=kidal
    )[0]
    cma = factories.actor(name_en="Coordination of Azawad Movements", acronym="CMA")
    gatia = factories.actor(name_en="Imghad Tuareg and Allies Self-Defence Group", acronym="GATIA")
    return {"mali": mali, "kidal": kidal, "town": town, "cma": cma, "gatia": gatia}


def test_import_matches_gazetteer_and_is_idempotent(gazetteer, analyst):
    records = [record(event_id="MLI1"), record(event_id="MLI2", admin2="", admin3="")]
    summary = incidents_import(actor=analyst, records=records)
    assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)
    first = Incident.objects.get(event_id="MLI1")
    assert first.actor1 == gazetteer["cma"] and first.actor2 == gazetteer["gatia"]
    assert first.actor1_name == "CMA: Coordination of Movements of the Azawad"
    assert first.place == gazetteer["town"]
    assert first.event_type.name == "Battles" and first.sub_event_type.name == "Armed clash"
    # Imported data is not ours to publish: it starts internal and draft.
    assert (first.confidentiality, first.publication_state) == ("internal", "draft")
    # One audit event for the run, none per created incident.
    assert AuditEvent.objects.filter(action="incident.create").count() == 0
    assert AuditEvent.objects.filter(action="incident.import").count() == 1

    again = incidents_import(actor=analyst, records=records)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    # A run that changed nothing leaves no event and no run.
    assert AuditEvent.objects.filter(action__startswith="incident.").count() == 1
    assert again.run_id is None
    assert not list(audit.verify())


def test_newer_timestamp_updates_older_is_left_alone(gazetteer):
    incidents_import(actor=SYSTEM, records=[record(event_id="MLI5", fatalities=2)])
    summary = incidents_import(
        actor=SYSTEM,
        records=[record(event_id="MLI5", fatalities=7, timestamp=1_500_000_500)],
    )
    assert (summary.created, summary.updated) == (0, 1)
    incident = Incident.objects.get(event_id="MLI5")
    assert incident.fatalities == 7
    update = AuditEvent.objects.get(action="incident.update", object_id=str(incident.pk))
    assert (update.before["fatalities"], update.after["fatalities"]) == (2, 7)
    # The update's full snapshots, as the single-incident service writes them.
    assert update.after == audit.snapshot(incident)

    stale = incidents_import(
        actor=SYSTEM, records=[record(event_id="MLI5", fatalities=1, timestamp=1_400_000_000)]
    )
    assert stale.updated == 0 and stale.rejected_count == 1
    assert "newer version" in stale.rejected[0].message
    assert Incident.objects.get(event_id="MLI5").fatalities == 7


def test_import_keeps_the_bodys_own_fields(gazetteer, analyst):
    incidents_import(actor=SYSTEM, records=[record(event_id="MLI6")])
    incident = Incident.objects.get(event_id="MLI6")
    services.incident_verify(
        actor=analyst, incident=incident, status="under_investigation", comment="checking"
    )
    incidents_import(actor=SYSTEM, records=[record(event_id="MLI6", timestamp=1_600_000_000)])
    incident.refresh_from_db()
    assert incident.verification_status == "under_investigation"
    assert incident.acled_timestamp == 1_600_000_000


def test_deletions_retire_events_audited(gazetteer):
    incidents_import(actor=SYSTEM, records=[record(event_id="MLI7"), record(event_id="MLI8")])
    summary = incidents_import(
        actor=SYSTEM, records=[], deletions=[deletion("MLI7"), deletion("MLI404", line=3)]
    )
    assert summary.retired == 1
    assert [p.line for p in summary.rejected] == [3]
    retired = Incident.objects.get(event_id="MLI7")
    assert retired.retired_at is not None
    assert Incident.objects.get(event_id="MLI8").retired_at is None
    assert AuditEvent.objects.filter(action="incident.retire").count() == 1
    again = incidents_import(actor=SYSTEM, records=[], deletions=[deletion("MLI7")])
    assert again.retired == 0


def test_unmatched_names_are_reported_not_created(gazetteer):
    actors_before, places_before = Actor.objects.count(), Place.objects.count()
    summary = incidents_import(
        actor=SYSTEM,
        records=[
            record(
                actor2="Dozo Militia",
                admin1="Mopti",
                admin2="Djenne",
                admin3="",
                location="Sofara",
            )
        ],
    )
    assert summary.unmatched_actors == ("Dozo Militia",)
    assert summary.unmatched_places == ("Mali › Mopti › Djenne › Sofara",)
    incident = Incident.objects.get()
    assert incident.actor2 is None and incident.actor2_name == "Dozo Militia"
    assert incident.place == gazetteer["mali"]  # as precise as the gazetteer allows
    assert (Actor.objects.count(), Place.objects.count()) == (actors_before, places_before)


def test_create_missing_adds_them_to_the_gazetteer(gazetteer):
    summary = incidents_import(
        actor=SYSTEM,
        create_missing=True,
        records=[
            record(
                actor2="Dozo Militia",
                inter2=4,
                admin1="Mopti",
                admin2="",
                admin3="",
                location="Sofara",
            ),
            record(
                actor2="Dozo Militia",
                inter2=4,
                admin1="Mopti",
                admin2="",
                admin3="",
                location="Sofara",
            ),
        ],
    )
    assert summary.created_actors == 1 and summary.created_places == 2
    assert not summary.unmatched_actors and not summary.unmatched_places
    dozo = Actor.objects.get(name_en="Dozo Militia")
    assert dozo.kind == "armed_group"
    sofara = Place.objects.get(name="Sofara")
    assert sofara.kind == "locality" and sofara.parent.name == "Mopti"
    assert sofara.parent.parent == gazetteer["mali"]
    assert set(Incident.objects.values_list("place_id", flat=True)) == {sofara.pk}
    assert AuditEvent.objects.filter(action="actor.create", object_id=str(dozo.pk)).exists()


def test_ambiguous_acronym_matches_nothing(gazetteer):
    factories.actor(name_en="Arab Movement of Azawad (CMA wing)", acronym="MAA")
    factories.actor(name_en="Arab Movement of Azawad (Platform wing)", acronym="MAA")
    summary = incidents_import(
        actor=SYSTEM, create_missing=True, records=[record(actor2="MAA: Arab Movement")]
    )
    assert Incident.objects.get().actor2 is None
    assert summary.unmatched_actors == ("MAA: Arab Movement",)


def test_a_bad_record_writes_nothing(gazetteer):
    records = [record(event_id="OK1"), record(event_id="BAD", event_type="Skirmishes")]
    with pytest.raises(ImportRejected) as refused:
        incidents_import(actor=SYSTEM, records=records)
    assert refused.value.problems[0].line == records[1].line
    assert "Skirmishes" in refused.value.problems[0].message
    assert not Incident.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="incident.").exists()


def test_duplicate_event_ids_refuse_the_file(gazetteer):
    with pytest.raises(ImportRejected, match="problem"):
        incidents_import(actor=SYSTEM, records=[record(event_id="D1"), record(event_id="D1")])
    assert not Incident.objects.exists()


def test_parser_problems_found_at_the_end_roll_everything_back(gazetteer):
    def parser_problems():
        return [ImportProblem(9, "latitude", "out of range")]

    with pytest.raises(ImportRejected):
        incidents_import(actor=SYSTEM, records=[record()], problems=parser_problems)
    assert not Incident.objects.exists()


def test_batches_cover_a_file_longer_than_one_batch(gazetteer, monkeypatch):
    from accordwatch.incidents import imports

    monkeypatch.setattr(imports, "BATCH", 3)
    summary = incidents_import(actor=SYSTEM, records=[record() for _ in range(8)])
    assert summary.created == 8 == Incident.objects.count()
    assert not list(audit.verify())


def test_members_cannot_import(gazetteer, delegate):
    with pytest.raises(PermissionDenied):
        incidents_import(actor=delegate, records=[record()])


# --- the real ACLED extract -----------------------------------------------------------

REAL = "acled-mali-2017-01-01-2019-02-27.csv"


def _import_real(**options):
    from accordwatch.incidents.imports import acled_import_file

    with open(real_file(REAL), "rb") as stream:
        return acled_import_file(actor=SYSTEM, stream=stream, **options)


def test_the_real_acled_extract_imports_as_1339_events_then_nothing_changes(gazetteer):
    first = _import_real()
    assert (first.created, first.updated, first.rejected_count) == (1339, 0, 0)
    assert Incident.objects.count() == 1339
    assert "CMA: Coordination of Movements of the Azawad (Splinter Faction)" in (
        first.unmatched_actors
    )  # a faction is not the group its acronym names
    again = _import_real()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1339)


def test_july_2017_kidal_clashes_are_cma_against_the_platform_side(gazetteer):
    _import_real()
    clashes = Incident.objects.filter(
        admin1="Kidal",
        event_date__range=("2017-07-01", "2017-07-31"),
        event_type__name="Battles",
    ).select_related("actor1", "actor2")
    assert clashes.count() >= 5
    platform_side = ("Platform of June 14th 2014 movements", "GATIA:", "CMFPR1:")
    for clash in clashes:
        sides = {clash.actor1_name, clash.actor2_name}
        cma = [name for name in sides if name.startswith("CMA:")]
        other = [name for name in sides - set(cma) if name.startswith(platform_side)]
        assert cma and other, sides
        # Linked to the gazetteer where it holds the group.
        assert gazetteer["cma"] in {clash.actor1, clash.actor2}
    assert any(gazetteer["gatia"] in {c.actor1, c.actor2} for c in clashes)


def test_a_broken_real_file_writes_nothing(gazetteer, monkeypatch):
    import io

    from accordwatch.incidents import imports

    monkeypatch.setattr(imports, "BATCH", 10)

    lines = real_file(REAL).read_bytes().splitlines(keepends=True)
    # Good lines first, so the parser has yielded (and the service written) some of them
    # before the broken one is read: the transaction must take them back.
    broken = b"".join(lines[:40]) + lines[40].replace(b'"', b"", 2).replace(b",", b";", 3)
    with pytest.raises(ImportRejected) as refused:
        imports.acled_import_file(actor=SYSTEM, stream=io.BytesIO(broken))
    assert refused.value.problems[0].line == 41
    assert not Incident.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="incident.").exists()

"""Import runs: each import that changes something is one ``ImportRun`` (file, digest, who,
when, counts) with one audit event that vouches for the rows it inserted; updates and
retirements keep an audit event per incident; the incident page says where an incident
came from."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from accordwatch.core import audit
from accordwatch.core.models import AuditEvent
from accordwatch.core.services import SYSTEM
from accordwatch.incidents import services
from accordwatch.incidents.importers.generate import write_acled_csv
from accordwatch.incidents.imports import (
    acled_import_file,
    incidents_import,
    run_rows_sha256,
)
from accordwatch.incidents.models import ImportRun, Incident
from tests.incidents.builders import deletion, event_type, record

pytestmark = pytest.mark.django_db

ROWS = 40


def _generated(rows: int = ROWS, seed: int = 3) -> bytes:
    buffer = io.BytesIO()
    write_acled_csv(buffer, rows, seed=seed)
    return buffer.getvalue()


def test_a_run_records_its_file_and_writes_one_audit_event(analyst):
    data = _generated()
    summary = acled_import_file(
        actor=analyst, stream=io.BytesIO(data), create_missing=True, file_name="mali-2017.csv"
    )
    assert summary.created == ROWS
    run = ImportRun.objects.get()
    assert summary.run_id == run.pk
    assert f"recorded as import run {run.pk}" in str(summary)
    assert (run.kind, run.dataset, run.file_name) == ("acled", "acled", "mali-2017.csv")
    assert run.file_sha256 == hashlib.sha256(data).hexdigest()
    assert (run.by, run.by_label) == (analyst, analyst.get_full_name() or analyst.username)
    assert (run.created, run.updated, run.retired, run.unchanged) == (ROWS, 0, 0, 0)
    assert run.started_at <= run.finished_at
    ids = list(Incident.objects.order_by("pk").values_list("pk", flat=True))
    assert (run.first_id, run.last_id) == (ids[0], ids[-1])
    assert set(Incident.objects.values_list("import_run", flat=True)) == {run.pk}

    # One event for the run, none per created incident; it carries the digests and counts.
    assert not AuditEvent.objects.filter(action="incident.create").exists()
    event = AuditEvent.objects.get(action="incident.import")
    assert (event.object_type, event.object_id) == ("incidents.importrun", str(run.pk))
    assert event.user_id == analyst.pk
    assert event.after["file_sha256"] == run.file_sha256
    assert event.after["rows_sha256"] == run.rows_sha256 != ""
    assert (event.after["created"], event.after["first_id"]) == (ROWS, ids[0])
    assert not list(audit.verify())


def test_the_rows_digest_is_recomputed_from_the_database_and_catches_a_silent_change():
    incidents_import(actor=SYSTEM, records=[record(event_id=f"MLI{n}") for n in range(1, 6)])
    run = ImportRun.objects.get()
    assert run_rows_sha256(run) == run.rows_sha256
    # A change made behind the services' back (no audit event) no longer matches.
    victim = Incident.objects.get(event_id="MLI3")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE incidents_incident SET fatalities = 99 WHERE id = %s", [victim.pk])
    assert run_rows_sha256(run) != run.rows_sha256


def test_the_digest_covers_associated_actors(analyst):
    data = _generated()
    acled_import_file(actor=analyst, stream=io.BytesIO(data), create_missing=True)
    run = ImportRun.objects.get()
    through = Incident.associated_actors.through
    link = through.objects.order_by("pk").first()
    assert link is not None, "the generated file names associated actors"
    link.delete()
    assert run_rows_sha256(run) != run.rows_sha256


def test_updates_and_retirements_keep_an_audit_event_per_incident():
    first = incidents_import(
        actor=SYSTEM, records=[record(event_id=f"MLI{n}", fatalities=1) for n in (1, 2, 3)]
    )
    second = incidents_import(
        actor=SYSTEM,
        records=[
            record(event_id="MLI1", fatalities=4, timestamp=1_500_000_900),
            record(event_id="MLI2", fatalities=5, timestamp=1_500_000_900),
            record(event_id="MLI4"),
        ],
        deletions=[deletion("MLI3")],
    )
    assert (second.created, second.updated, second.retired) == (1, 2, 1)
    assert second.run_id != first.run_id
    run = ImportRun.objects.get(pk=second.run_id)
    assert (run.created, run.updated, run.retired) == (1, 2, 1)
    updates = AuditEvent.objects.filter(action="incident.update").order_by("seq")
    assert [event.after["fatalities"] for event in updates] == [4, 5]
    assert [event.before["fatalities"] for event in updates] == [1, 1]
    assert AuditEvent.objects.filter(action="incident.retire").count() == 1
    assert AuditEvent.objects.filter(action="incident.import").count() == 2
    # An updated incident still names the run that created it.
    assert Incident.objects.get(event_id="MLI1").import_run_id == first.run_id
    assert Incident.objects.get(event_id="MLI4").import_run_id == second.run_id
    assert not list(audit.verify())


def test_a_deletions_only_run_is_recorded_without_a_rows_digest():
    incidents_import(actor=SYSTEM, records=[record(event_id="MLI1")])
    summary = incidents_import(actor=SYSTEM, records=[], deletions=[deletion("MLI1")])
    run = ImportRun.objects.get(pk=summary.run_id)
    assert (run.created, run.retired, run.rows_sha256, run.first_id) == (0, 1, "", None)


def test_a_refused_file_leaves_no_run():
    with pytest.raises(Exception):  # noqa: B017 - ImportRejected; what matters is what is left
        incidents_import(actor=SYSTEM, records=[record(event_type="Picnic")])
    assert not ImportRun.objects.exists()
    assert not AuditEvent.objects.filter(action="incident.import").exists()


def test_the_command_records_the_files_own_name(tmp_path: Path):
    path = tmp_path / "acled-export.csv"
    path.write_bytes(_generated(10))
    call_command(
        "import", "acled", str(path), "--create-missing", "--no-progress", stdout=io.StringIO()
    )
    run = ImportRun.objects.get()
    assert run.file_name == "acled-export.csv"
    assert run.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (run.by, run.by_label) == (None, "system")


def test_an_incident_entered_by_hand_has_no_run(analyst):
    incident = services.incident_create(
        actor=analyst,
        event_date=record().event_date,
        event_type=event_type("Battles"),
        admin1="Kidal",
    )
    assert incident.import_run is None


def _page(client, incident: Incident) -> str:
    response = client.get(reverse("incident-detail", args=[incident.dataset, incident.event_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_incident_page_tells_editors_which_run_and_file_it_came_from(as_persona, analyst):
    data = _generated(5)
    acled_import_file(
        actor=analyst, stream=io.BytesIO(data), create_missing=True, file_name="kidal<july>.csv"
    )
    run = ImportRun.objects.get()
    incident = Incident.objects.first()
    page = _page(as_persona("analyst"), incident)
    assert 'data-testid="incident-origin"' in page
    assert "kidal&lt;july&gt;.csv" in page  # escaped like any user text
    assert run.file_sha256 in page and run.rows_sha256 in page
    assert f"run {run.pk}" in page
    event = AuditEvent.objects.get(action="incident.import")
    assert f"#{event.seq}" in page
    assert f"object_type=incidents.importrun&amp;object_id={run.pk}" in page
    assert f"object_type=incidents.incident&amp;object_id={incident.pk}" in page
    # Members read the incident, not the audit trail behind it.
    member_page = _page(as_persona("delegate"), incident)
    assert 'data-testid="incident-origin"' not in member_page
    assert run.file_sha256 not in member_page


def test_the_incident_page_shows_who_recorded_a_hand_entered_incident(as_persona, analyst):
    incident = services.incident_create(
        actor=analyst,
        event_date=record().event_date,
        event_type=event_type("Battles"),
        admin1="Kidal",
    )
    created = AuditEvent.objects.get(action="incident.create", object_id=str(incident.pk))
    page = _page(as_persona("analyst"), incident)
    assert f"audit event #{created.seq}" in page
    assert created.user_label in page


def test_new_ids_follow_every_id_ever_given_and_never_reuse_one():
    """The import picks its ids before inserting: after the largest ever given, even when
    that incident is gone (the database's own rule for new rows)."""
    incidents_import(actor=SYSTEM, records=[record(event_id="OLD1"), record(event_id="OLD2")])
    gone = Incident.objects.get(event_id="OLD2").pk
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM incidents_incident WHERE id = %s", [gone])
    summary = incidents_import(actor=SYSTEM, records=[record(event_id="NEW1")])
    run = ImportRun.objects.get(pk=summary.run_id)
    assert run.first_id == run.last_id == Incident.objects.get(event_id="NEW1").pk > gone


def test_the_secretariats_own_records_exported_as_acled_csv_go_back_to_their_dataset(
    as_persona, analyst
):
    from tests.incidents.builders import incident

    mine = [
        incident(actor=analyst, location=f"Anefis {n}", actor1_name="CMA", fatalities=n)
        for n in range(3)
    ]
    exported = as_persona("analyst").get("/incidents.csv")
    data = b"".join(exported.streaming_content)
    # A record the file adds (made in a spreadsheet, say) comes in as the body's own too.
    lines = data.decode("utf-8").splitlines()
    lines.append("MON-2017-0099" + lines[-1][lines[-1].index(",") :])
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    summary = acled_import_file(actor=analyst, stream=io.BytesIO(data), monitor=True)
    assert summary.created == 1 and summary.rejected_count == 0
    assert not Incident.objects.filter(dataset="acled").exists()
    added = Incident.objects.get(event_id="MON-2017-0099")
    assert added.dataset == "monitor" and added.import_run.dataset == "monitor"
    assert Incident.objects.filter(dataset="monitor").count() == len(mine) + 1


def test_the_upload_page_records_the_name_the_users_file_had(as_persona, analyst):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _generated(5)
    response = as_persona("analyst").post(
        "/import/acled/", {"file": SimpleUploadedFile("from-acled.csv", data, "text/csv")}
    )
    assert response.status_code == 200
    run = ImportRun.objects.get()
    assert (run.file_name, run.by) == ("from-acled.csv", analyst)
    assert run.file_sha256 == hashlib.sha256(data).hexdigest()

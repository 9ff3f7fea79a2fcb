"""``accordwatch import acled|ucdp FILE`` with its options, on the real ACLED extract: the
summary, idempotence, the deletions file in the same run, and all or nothing."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from accordwatch.core.models import Actor, AuditEvent, Place
from accordwatch.incidents.models import Incident
from tests.conftest import real_file

pytestmark = pytest.mark.django_db

REAL = "acled-mali-2017-01-01-2019-02-27.csv"


def _import(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _first_event_ids(count: int) -> list[str]:
    with open(real_file(REAL), encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        return [next(rows)["event_id_cnty"] for _ in range(count)]


def test_the_real_extract_imports_as_1339_events_then_nothing_changes():
    first = _import("acled", str(real_file(REAL)))
    assert "acled: 1339 created, 0 updated, 0 unchanged, 0 retired, 0 rejected" in first
    # Names the gazetteer lacks are listed, not created, without --create-missing.
    assert "actor name(s) not in the gazetteer" in first
    assert not Actor.objects.exists()
    assert Incident.objects.count() == 1339
    again = _import("acled", str(real_file(REAL)))
    assert "acled: 0 created, 0 updated, 1339 unchanged, 0 retired, 0 rejected" in again


def test_create_missing_adds_actors_and_places_to_the_gazetteer():
    out = _import("acled", str(real_file(REAL)), "--create-missing")
    assert "1339 created" in out and "added to the gazetteer" in out
    linked = Incident.objects.filter(actor1__isnull=False, place__isnull=False)
    assert linked.count() == 1339
    assert Place.objects.filter(kind="locality").exists()


def test_a_deletions_file_retires_events_in_the_same_run(tmp_path):
    gone = _first_event_ids(2)
    deletions = tmp_path / "deletions.csv"
    deletions.write_text(
        "event_id_cnty,deleted_timestamp\n" + "".join(f"{e},1600000000\n" for e in gone)
    )
    out = _import("acled", str(real_file(REAL)), "--deletions", str(deletions))
    assert "1339 created, 0 updated, 0 unchanged, 2 retired, 0 rejected" in out
    assert set(
        Incident.objects.filter(retired_at__isnull=False).values_list("event_id", flat=True)
    ) == set(gone)
    assert AuditEvent.objects.filter(action="incident.retire").count() == 2


def test_a_broken_deletions_file_writes_nothing(tmp_path):
    deletions = tmp_path / "deletions.csv"
    deletions.write_text("event_id_cnty,deleted_timestamp\nMLI2665,soon\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command(
            "import",
            "acled",
            str(real_file(REAL)),
            "--deletions",
            str(deletions),
            "--no-progress",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "in the deletions file" in err.getvalue() and "deleted_timestamp" in err.getvalue()
    assert not Incident.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="incident.").exists()


def test_a_truncated_copy_of_the_real_file_exits_non_zero_and_writes_nothing(tmp_path):
    data = real_file(REAL).read_bytes()
    lines = data.splitlines(keepends=True)
    # Cut in the middle of line 1001 (a quoted cell left open): the first 999 events are
    # good and read before the break.
    cut = sum(len(line) for line in lines[:1000]) + len(lines[1000]) // 2
    broken = tmp_path / "acled-truncated.csv"
    broken.write_bytes(data[:cut])
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command(
            "import", "acled", str(broken), "--no-progress", stdout=io.StringIO(), stderr=err
        )
    assert f"{broken}:1001" in err.getvalue()
    assert not Incident.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="incident.").exists()


def test_an_option_another_kind_takes_is_refused(tmp_path):
    deletions = tmp_path / "deletions.csv"
    deletions.write_text("event_id_cnty,deleted_timestamp\n")
    with pytest.raises(CommandError, match="--deletions does not apply to `import commitments`"):
        _import("commitments", str(real_file(REAL)), "--deletions", str(deletions))
    with pytest.raises(CommandError, match="no such file"):
        _import("acled", str(real_file(REAL)), "--deletions", str(tmp_path / "missing.csv"))


def test_the_help_names_each_option_with_the_kinds_that_take_it():
    from django.core.management import load_command_class

    parser = load_command_class("accordwatch.core", "import").create_parser("accordwatch", "import")
    text = parser.format_help()
    assert "--create-missing" in text and "--deletions FILE" in text
    assert "(import acled and ucdp)" in " ".join(text.split())


def test_a_broken_deletions_file_on_its_own_is_refused_too(tmp_path):
    _import("acled", str(real_file(REAL)))
    good, bad = _first_event_ids(2)
    deletions = tmp_path / "deletions.csv"
    deletions.write_text(f"event_id_cnty,deleted_timestamp\n{good},1600000000\n{bad},soon\n")
    with pytest.raises(CommandError, match="nothing was written"):
        _import("acled-deletions", str(deletions))
    assert not Incident.objects.filter(retired_at__isnull=False).exists()

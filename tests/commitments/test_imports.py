"""Importing commitments: references checked against the database, all or nothing, by key."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse

from accordwatch.commitments import services as cs
from accordwatch.commitments.imports import commitments_import_file
from accordwatch.commitments.models import Commitment
from accordwatch.core import audit
from accordwatch.core.importing import ImportRejected
from accordwatch.core.models import AuditEvent
from accordwatch.core.services import SYSTEM
from tests import factories

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def references(db):
    """What the fixture files in tests/data name."""
    accord = factories.document(key="accord-2015", title="Agreement for peace")
    communique = factories.document(key="communique-2017", kind="communique", title="Communiqué")
    for position, ref in enumerate(["Art. 1", "Art. 2", "para. iv"]):
        cs.clause_upsert(actor=SYSTEM, document=accord, ref=ref, level="article", position=position)
    cs.clause_upsert(actor=SYSTEM, document=communique, ref="para. vi", level="paragraph")
    factories.pillar(key="security", name="Defence and security")
    for key in ("government", "cma", "platform"):
        factories.actor(key=key, name_en=key.title())
    factories.source(key="report-2017")
    return {"accord": accord, "communique": communique}


def load(name: str, actor=SYSTEM):
    with open(DATA / name, "rb") as stream:
        return commitments_import_file(actor=actor, stream=stream)


def load_bytes(data: bytes, actor=SYSTEM):
    return commitments_import_file(actor=actor, stream=io.BytesIO(data))


def counts() -> tuple[int, int]:
    return Commitment.objects.count(), AuditEvent.objects.count()


def test_a_good_file_creates_every_commitment_with_its_links(references):
    summary = load("commitments-good.csv")
    assert (summary.created, summary.updated, summary.unchanged) == (3, 0, 0)
    item = Commitment.objects.get(key="cantonment")
    assert item.title == "Canton the combatants"
    assert item.pillar.key == "security"
    assert sorted(c.ref for c in item.clauses.all()) == ["Art. 1", "Art. 2"]
    assert sorted(a.key for a in item.responsible.all()) == ["cma", "government"]
    assert item.weight == Decimal("2.00")
    assert item.is_public
    follow_up = Commitment.objects.get(key="follow-up")
    assert follow_up.kind == "position"
    assert sorted(c.key for c in follow_up.related.all()) == ["cantonment", "interim-authorities"]
    assert not Commitment.objects.get(key="interim-authorities").is_public


def test_each_created_commitment_gets_one_audit_event_naming_the_importer(references, analyst):
    before = AuditEvent.objects.count()
    load("commitments-good.csv", actor=analyst)
    events = AuditEvent.objects.filter(seq__gt=before).order_by("seq")
    assert [e.action for e in events] == ["commitment.create"] * 3
    assert {e.user_label for e in events} == {"analyst"}
    assert list(audit.verify()) == []


def test_the_audit_snapshot_is_the_one_the_upsert_service_writes(references):
    load("commitments-good.csv")
    for item in Commitment.objects.all():
        event = AuditEvent.objects.filter(object_id=str(item.pk)).latest("seq")
        assert event.after == audit.snapshot(item)
    # And the upsert service, given the same values, finds nothing to change.
    item = Commitment.objects.get(key="cantonment")
    _, changed = cs.commitment_upsert(
        actor=SYSTEM,
        key=item.key,
        document=item.document,
        title=item.title,
        clauses=item.clauses.all(),
        responsible=item.responsible.all(),
        sources=item.sources.all(),
        related=item.related.all(),
        pillar=item.pillar,
    )
    assert not changed


def test_importing_the_same_file_again_changes_nothing(references):
    load("commitments-good.csv")
    before = counts()
    summary = load("commitments-good.csv")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 3)
    assert counts() == before


def test_a_re_import_updates_by_key_and_never_duplicates(references):
    load("commitments-good.csv")
    events = AuditEvent.objects.count()
    text = (DATA / "commitments-good.csv").read_text()
    text = text.replace("Canton the combatants", "Canton all combatants").replace(
        "cma; platform", "platform"
    )
    summary = load_bytes(text.encode())
    assert (summary.created, summary.updated, summary.unchanged) == (0, 2, 1)
    assert Commitment.objects.count() == 3
    assert Commitment.objects.get(key="cantonment").title == "Canton all combatants"
    assert [a.key for a in Commitment.objects.get(key="follow-up").responsible.all()] == [
        "platform"
    ]
    changes = AuditEvent.objects.filter(seq__gt=0).order_by("-seq")[:2]
    assert AuditEvent.objects.count() == events + 2
    assert {e.action for e in changes} == {"commitment.update"}
    title_change = next(e for e in changes if e.object_label == "Canton all combatants")
    assert title_change.before["title"] == "Canton the combatants"


def test_an_update_event_holds_the_snapshots_before_and_after(references):
    load("commitments-good.csv")
    item = Commitment.objects.get(key="cantonment")
    before = audit.snapshot(item)
    load_bytes(
        b"key,document,title,clauses,weight\ncantonment,accord-2015,Canton them,Art. 2,3.5\n"
    )
    item.refresh_from_db()
    event = AuditEvent.objects.latest("seq")
    assert (event.action, event.before, event.after) == (
        "commitment.update",
        before,
        audit.snapshot(item),
    )
    assert event.after["weight"] == "3.50" and len(event.after["clauses"]) == 1
    assert list(audit.verify()) == []


def test_a_column_left_out_keeps_what_the_database_has(references):
    load("commitments-good.csv")
    summary = load_bytes(b"key,document,title\ncantonment,accord-2015,Canton the combatants\n")
    assert summary.unchanged == 1
    item = Commitment.objects.get(key="cantonment")
    assert item.responsible.count() == 2 and item.deadline is not None and item.is_public


def test_an_empty_cell_clears_a_field_but_keeps_a_valued_one(references):
    load("commitments-good.csv")
    load_bytes(
        b"key,document,title,deadline,responsible,confidentiality\n"
        b"cantonment,accord-2015,Canton the combatants,,,\n"
    )
    item = Commitment.objects.get(key="cantonment")
    assert item.deadline is None and item.responsible.count() == 0
    assert item.confidentiality == "public"  # empty: kept, never silently lowered or raised


def test_new_commitments_go_after_those_already_in_the_document(references):
    first = factories.commitment(document=references["accord"], key="earlier")
    cs.commitment_upsert(
        actor=SYSTEM, key=first.key, document=first.document, title=first.title, position=7
    )
    load("commitments-good.csv")
    positions = dict(Commitment.objects.values_list("key", "position"))
    assert positions["cantonment"] == 8 and positions["interim-authorities"] == 9


BAD_FILES = [
    ("commitments-missing-column.csv", 1, "title"),
    ("commitments-wrong-type.csv", 3, "weight"),
    ("commitments-bad-date.csv", 3, "deadline"),
    ("commitments-unknown-actor.csv", 4, "responsible"),
    ("commitments-unknown-clause.csv", 3, "clauses"),
    ("commitments-duplicate-key.csv", 4, "key"),
    ("commitments-latin1.csv", 3, "title"),
    ("commitments-empty.csv", 1, ""),
    ("commitments-truncated.csv", 3, ""),
    ("commitments-unclosed-quote.csv", 3, ""),
]


@pytest.mark.parametrize(("name", "line", "column"), BAD_FILES)
def test_a_bad_file_is_refused_naming_line_and_column_and_nothing_is_written(
    references, name, line, column
):
    before = counts()
    with pytest.raises(ImportRejected) as rejected:
        load(name)
    assert [(p.line, p.column) for p in rejected.value.problems] == [(line, column)]
    assert counts() == before


@pytest.mark.parametrize(("name", "line", "column"), BAD_FILES)
def test_the_command_prints_file_line_column_and_fails(references, capsys, name, line, column):
    before = counts()
    path = DATA / name
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import", "commitments", str(path), "--no-progress")
    err = capsys.readouterr().err
    expected = f"{path}:{line}: {column}: " if column else f"{path}:{line}: "
    assert err.startswith(expected)
    assert counts() == before


def test_unknown_references_are_all_reported_at_once(references):
    text = (
        "key,document,title,pillar,clauses,responsible,sources,related\n"
        "a,no-such-doc,A,,,,,\n"
        "b,accord-2015,B,no-pillar,Art. 9,cma; ghost,no-source,nowhere\n"
        "c,accord-2015,C,,,,,b\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        load_bytes(text.encode())
    assert [(p.line, p.column) for p in rejected.value.problems] == [
        (2, "document"),
        (3, "pillar"),
        (3, "clauses"),
        (3, "responsible"),
        (3, "sources"),
        (3, "related"),
    ]
    assert "'ghost'" in rejected.value.problems[3].message


def test_parse_and_reference_problems_come_together(references):
    text = "key,document,title,deadline\na,accord-2015,A,tomorrow\nb,nowhere,B,\n"
    with pytest.raises(ImportRejected) as rejected:
        load_bytes(text.encode())
    assert [(p.line, p.column) for p in rejected.value.problems] == [
        (2, "deadline"),
        (3, "document"),
    ]


def test_a_clause_must_belong_to_the_row_s_document(references):
    text = "key,document,title,clauses\nx,communique-2017,X,Art. 1\n"
    with pytest.raises(ImportRejected) as rejected:
        load_bytes(text.encode())
    assert "no clause 'Art. 1'" in rejected.value.problems[0].message


def test_a_reference_to_a_line_with_a_problem_is_not_reported_twice(references):
    text = "key,document,title,deadline,related\na,accord-2015,A,someday,\nb,accord-2015,B,,a\n"
    with pytest.raises(ImportRejected) as rejected:
        load_bytes(text.encode())
    assert [(p.line, p.column) for p in rejected.value.problems] == [(2, "deadline")]


def test_moving_a_commitment_to_another_document_needs_its_clauses(references):
    load("commitments-good.csv")
    with pytest.raises(ImportRejected) as rejected:
        load_bytes(b"key,document,title\ncantonment,communique-2017,Canton\n")
    assert [(p.line, p.column) for p in rejected.value.problems] == [(2, "document")]
    load_bytes(b"key,document,title,clauses\ncantonment,communique-2017,Canton,para. vi\n")
    item = Commitment.objects.get(key="cantonment")
    assert item.document.key == "communique-2017"
    assert [c.ref for c in item.clauses.all()] == ["para. vi"]


def test_related_may_point_at_a_commitment_already_in_the_database(references):
    factories.commitment(key="older", document=references["accord"])
    load_bytes(b"key,document,title,related\nnewer,accord-2015,Newer,older\n")
    assert [c.key for c in Commitment.objects.get(key="newer").related.all()] == ["older"]


def test_members_cannot_import(references, delegate):
    before = counts()
    with pytest.raises(PermissionDenied):
        load("commitments-good.csv", actor=delegate)
    assert counts() == before


def test_the_command_imports_and_prints_a_summary(references, capsys, analyst):
    call_command("import", "commitments", str(DATA / "commitments-good.csv"), "--user", "analyst")
    assert "3 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert AuditEvent.objects.latest("seq").user_label == "analyst"


def test_the_command_refuses_a_user_who_is_not_an_editor(references, delegate):
    with pytest.raises(CommandError, match="editors"):
        call_command(
            "import", "commitments", str(DATA / "commitments-good.csv"), "--user", "delegate"
        )
    assert Commitment.objects.count() == 0


def test_the_command_refuses_a_missing_file(db):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import", "commitments", "/nonexistent/file.csv")


@pytest.mark.skipif(not (ROOT / ".venv/bin/accordwatch").exists(), reason="needs the .venv")
def test_the_installed_command_exits_non_zero_on_a_bad_file(tmp_path):
    env = {
        **os.environ,
        "ACCORDWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "ACCORDWATCH_VAR_DIR": str(tmp_path),
    }
    command = str(ROOT / ".venv/bin/accordwatch")
    subprocess.run([command, "migrate", "-v", "0"], env=env, check=True, timeout=120)
    empty_ok = tmp_path / "header-only.csv"
    empty_ok.write_text("key,document,title\n")
    ok = subprocess.run(
        [command, "import", "commitments", str(empty_ok)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    assert "0 created" in ok.stdout
    bad = tmp_path / "latin1.csv"
    shutil.copy(DATA / "commitments-latin1.csv", bad)
    failed = subprocess.run(
        [command, "import", "commitments", str(bad)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert failed.returncode != 0
    assert f"{bad}:3: title: byte 0xE9 is not UTF-8" in failed.stderr


# --- the upload page -----------------------------------------------------------------

UPLOAD = "/import/commitments/"


def upload(client, data: bytes, name: str = "commitments.csv"):
    return client.post(UPLOAD, {"file": _named(data, name)})


def _named(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_the_public_is_sent_to_log_in(as_persona):
    response = as_persona("outsider").get(UPLOAD)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    response = as_persona("outsider").post(UPLOAD, {})
    assert response.status_code == 302


def test_a_member_may_not_upload(as_persona, references):
    client = as_persona("delegate")
    assert client.get(UPLOAD).status_code == 403
    response = upload(client, (DATA / "commitments-good.csv").read_bytes())
    assert response.status_code == 403
    assert Commitment.objects.count() == 0


@pytest.mark.parametrize("persona", ["analyst", "admin"])
def test_an_editor_uploads_and_sees_the_summary(as_persona, references, persona):
    client = as_persona(persona)
    page = client.get(UPLOAD)
    assert page.status_code == 200 and b'enctype="multipart/form-data"' in page.content
    assert b"csrfmiddlewaretoken" in page.content
    response = upload(client, (DATA / "commitments-good.csv").read_bytes())
    assert response.status_code == 200
    assert b"3 created" in response.content
    assert Commitment.objects.count() == 3
    assert AuditEvent.objects.latest("seq").user_label == persona


def test_the_upload_needs_the_csrf_token(persona_users, references):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(persona_users["analyst"])
    response = upload(client, (DATA / "commitments-good.csv").read_bytes())
    assert response.status_code == 403
    assert Commitment.objects.count() == 0


def test_the_upload_page_lists_every_problem_and_writes_nothing(as_persona, references):
    before = counts()
    response = upload(as_persona("analyst"), (DATA / "commitments-unknown-clause.csv").read_bytes())
    assert response.status_code == 422
    assert b"Art. 99" in response.content and b"clauses" in response.content
    assert counts() == before


def test_html_in_a_title_is_shown_escaped_on_the_error_page(as_persona, references):
    title = "<script>alert('x')</script>" + "y" * 300  # too long: the error shows the cell
    data = f"key,document,title\nk,accord-2015,{title}\n".encode()
    response = upload(as_persona("analyst"), data)
    assert response.status_code == 422
    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;alert(" in response.content


def test_a_large_upload_is_read_from_its_temporary_file(as_persona, references, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # any upload goes to a file on disk
    response = upload(as_persona("analyst"), (DATA / "commitments-bom.csv").read_bytes())
    assert response.status_code == 200, response.content
    assert Commitment.objects.count() == 3


def test_an_upload_without_a_file_says_so(as_persona, references):
    response = as_persona("analyst").post(UPLOAD, {})
    assert response.status_code == 400
    assert Commitment.objects.count() == 0


def test_an_unknown_kind_is_not_found(as_persona):
    assert as_persona("analyst").get("/import/nothing-like-this/").status_code == 404

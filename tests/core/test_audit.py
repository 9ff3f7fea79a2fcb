import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from accordwatch.core import audit
from accordwatch.core.db import append_only_sql, drop_append_only_sql
from accordwatch.core.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


def _tamper(sql: str, params=()) -> None:
    """Change the log the way someone with database access would: triggers off, edit, on."""
    vendor, table = connection.vendor, AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        for statement in drop_append_only_sql(vendor, table):
            cursor.execute(statement)
        cursor.execute(sql, params)
        for statement in append_only_sql(vendor, table):
            cursor.execute(statement)


def test_every_service_write_leaves_one_event_with_who_and_what(analyst):
    before = AuditEvent.objects.count()
    item = factories.commitment(title="Install interim authorities")
    factories.assessment(item, factories.dt.date(2017, 3, 2), 2, actor=analyst)
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "assessment.create"
    assert event.user_label == "analyst"
    assert event.after["score"] == 2
    assert AuditEvent.objects.count() > before


def test_the_database_refuses_to_update_or_delete_audit_rows(analyst):
    factories.source()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.update(action="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()


def test_verify_passes_on_an_untouched_log(analyst, capsys):
    factories.commitment()
    assert list(audit.verify()) == []
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out


def test_verify_fails_after_a_row_is_altered_by_hand(analyst):
    factories.commitment()
    factories.commitment()
    victim = AuditEvent.objects.order_by("seq")[1]
    _tamper(
        f"UPDATE {AuditEvent._meta.db_table} SET user_label = %s WHERE seq = %s",
        ["someone else", victim.seq],
    )
    problems = list(audit.verify())
    assert [p.seq for p in problems] == [victim.seq]
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("audit", "verify")


def test_verify_fails_after_a_row_is_removed(analyst):
    for _ in range(3):
        factories.source()
    middle = AuditEvent.objects.order_by("seq")[1]
    _tamper(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq = %s", [middle.seq])
    assert any("missing" in p.message for p in audit.verify())


def test_verify_fails_after_the_last_row_is_removed(analyst):
    for _ in range(2):
        factories.source()
    last = AuditEvent.objects.order_by("-seq").first()
    _tamper(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq = %s", [last.seq])
    assert any("tip" in p.message for p in audit.verify())


def test_an_unchanged_upsert_writes_no_event():
    src = factories.source(key="same", title="Same")
    count = AuditEvent.objects.count()
    from accordwatch.core import services

    _, changed = services.source_upsert(
        actor=services.SYSTEM,
        key="same",
        title="Same",
        kind=src.kind,
        published_on=src.published_on,
        confidentiality="public",
        publication_state="published",
    )
    assert changed is False
    assert AuditEvent.objects.count() == count

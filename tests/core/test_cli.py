"""The operator's commands: logins and API tokens from the shell."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accordwatch.core import services
from accordwatch.core.models import ApiToken, AuditEvent, Role, User
from tests.processes import clean_env, run_accordwatch

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-for-tests-7"


def test_user_create_reads_the_password_from_the_named_variable_and_is_audited(monkeypatch):
    monkeypatch.setenv("AW_NEW_PASSWORD", PASSWORD)
    out = StringIO()
    call_command(
        "user",
        "create",
        "rania",
        "--role",
        "editor",
        "--password-env",
        "AW_NEW_PASSWORD",
        stdout=out,
    )
    user = User.objects.get(username="rania")
    assert user.role == Role.EDITOR
    assert user.check_password(PASSWORD)
    assert "created rania" in out.getvalue()
    event = AuditEvent.objects.filter(action="user.create", object_id=str(user.pk)).get()
    assert event.after["username"] == "rania"
    assert event.after["role"] == "editor"
    assert "password" not in event.after  # the hash never reaches the log


def test_user_create_refuses_a_duplicate(monkeypatch):
    monkeypatch.setenv("AW_NEW_PASSWORD", PASSWORD)
    call_command("user", "create", "rania", "--password-env", "AW_NEW_PASSWORD", stdout=StringIO())
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "user", "create", "rania", "--password-env", "AW_NEW_PASSWORD", stdout=StringIO()
        )
    assert User.objects.filter(username="rania").count() == 1
    assert AuditEvent.objects.count() == events


def test_user_create_refuses_an_unset_password_variable(monkeypatch):
    monkeypatch.delenv("AW_NOT_SET", raising=False)
    with pytest.raises(CommandError, match="AW_NOT_SET"):
        call_command("user", "create", "rania", "--password-env", "AW_NOT_SET")
    assert not User.objects.filter(username="rania").exists()


def test_token_create_prints_a_token_that_authenticates_its_user():
    user = services.user_create(
        actor=services.SYSTEM, username="script-owner", password=PASSWORD, role=Role.EDITOR
    )
    out, err = StringIO(), StringIO()
    call_command("token", "create", "script-owner", "--name", "nightly", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert services.token_user(raw) == user
    assert "cannot be shown again" in err.getvalue()
    token = ApiToken.objects.get(user=user)
    assert token.name == "nightly"
    assert raw not in (token.digest, token.prefix)  # only a digest is stored
    assert AuditEvent.objects.filter(action="token.create", object_id=str(token.pk)).exists()


def test_a_revoked_token_no_longer_authenticates():
    services.user_create(actor=services.SYSTEM, username="script-owner", password=PASSWORD)
    out = StringIO()
    call_command("token", "create", "script-owner", stdout=out, stderr=StringIO())
    raw = out.getvalue().strip()
    call_command("token", "revoke", raw[:10], stdout=StringIO())
    assert services.token_user(raw) is None


def test_the_command_line_exits_non_zero_on_a_duplicate_user(tmp_path):
    """The real entry point, on a fresh SQLite file: exit codes are what scripts rely on."""
    env = clean_env(
        ACCORDWATCH_VAR_DIR=str(tmp_path / "var"),
        ACCORDWATCH_SECRET_KEY="tests-only-key-for-a-child-process-0123456789abcdef",
        AW_NEW_PASSWORD=PASSWORD,
    )
    (tmp_path / "var").mkdir()
    migrate = run_accordwatch("migrate", "--noinput", env=env)
    assert migrate.returncode == 0, migrate.stderr
    args = ("user", "create", "rania", "--role", "editor", "--password-env", "AW_NEW_PASSWORD")
    first = run_accordwatch(*args, env=env)
    assert first.returncode == 0, first.stderr
    second = run_accordwatch(*args, env=env)
    assert second.returncode != 0
    assert "already exists" in second.stderr
    listing = run_accordwatch("user", "list", env=env)
    assert listing.stdout.splitlines() == ["rania\teditor"]

"""The settings as an operator meets them: each case starts a fresh process with its own env."""

from __future__ import annotations

import json
import os
import secrets

import pytest
from django.db import connection

from tests.processes import clean_env, run_accordwatch, run_python


def production_env(tmp_path, **values: str) -> dict[str, str]:
    """What a real deployment sets: a strong key, no DEBUG, no plain-HTTP escape hatch."""
    return clean_env(
        ACCORDWATCH_SECRET_KEY=secrets.token_urlsafe(50),
        ACCORDWATCH_VAR_DIR=str(tmp_path / "var"),
        ACCORDWATCH_ALLOWED_HOSTS="accordwatch.example.org",
        **values,
    )


def test_deploy_check_passes_with_production_settings(tmp_path):
    result = run_accordwatch(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_when_debug_is_left_on(tmp_path):
    # The counterpart of the test above: the check does look at what we set.
    env = production_env(tmp_path, ACCORDWATCH_DEBUG="1")
    result = run_accordwatch("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_refuses_to_start_without_a_secret_key_when_debug_is_off(tmp_path):
    env = clean_env(ACCORDWATCH_VAR_DIR=str(tmp_path / "empty-var"))
    result = run_accordwatch("check", env=env)
    assert result.returncode != 0
    assert "ACCORDWATCH_SECRET_KEY is not set" in result.stderr


def test_starts_without_a_secret_key_in_debug(tmp_path):
    env = clean_env(ACCORDWATCH_VAR_DIR=str(tmp_path / "empty-var"), ACCORDWATCH_DEBUG="1")
    result = run_accordwatch("check", env=env)
    assert result.returncode == 0, result.stderr


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path):
    env = production_env(tmp_path)
    (tmp_path / "var").mkdir()
    code = (
        "import json\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    out = {}\n"
        "    for pragma in ('journal_mode', 'foreign_keys', 'busy_timeout'):\n"
        "        out[pragma] = c.execute('PRAGMA ' + pragma).fetchone()[0]\n"
        "print(json.dumps(out))\n"
    )
    result = run_python(code, env=env)
    assert result.returncode == 0, result.stderr
    pragmas = json.loads(result.stdout)
    assert pragmas["journal_mode"] == "wal"
    assert pragmas["foreign_keys"] == 1
    assert pragmas["busy_timeout"] > 0
    assert (tmp_path / "var" / "accordwatch.sqlite3").exists()


def test_a_postgresql_url_selects_the_psycopg_3_backend(tmp_path):
    env = production_env(
        tmp_path, ACCORDWATCH_DATABASE_URL="postgresql://aw:s3cret@db.internal:5433/accordwatch"
    )
    code = (
        "import json\n"
        "from django.conf import settings\n"
        "from django.db import connection\n"
        "from django.db.backends.postgresql.psycopg_any import is_psycopg3\n"
        "db = settings.DATABASES['default']\n"
        "print(json.dumps({'engine': db['ENGINE'], 'name': db['NAME'], 'host': db['HOST'],\n"
        "  'port': db['PORT'], 'user': db['USER'], 'vendor': connection.vendor,\n"
        "  'psycopg3': is_psycopg3}))\n"
    )
    result = run_python(code, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "engine": "django.db.backends.postgresql",
        "name": "accordwatch",
        "host": "db.internal",
        "port": 5433,
        "user": "aw",
        "vendor": "postgresql",
        "psycopg3": True,
    }


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_that_the_url_names():
    # CI runs the suite twice; this makes sure the PostgreSQL run really is on PostgreSQL.
    url = os.environ.get("ACCORDWATCH_DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


@pytest.mark.parametrize(
    ("query", "options"),
    [("", "-c jit=off"), ("?options=-c%20search_path%3Dother", "-c search_path=other")],
)
def test_postgresql_connections_run_without_jit_unless_the_url_says(tmp_path, query, options):
    # The JIT spent seconds compiling queries that run in a fraction of one (docs/assistance.md).
    env = production_env(
        tmp_path, ACCORDWATCH_DATABASE_URL=f"postgresql://aw@db.internal/accordwatch{query}"
    )
    code = (
        "from django.conf import settings\n"
        "print(settings.DATABASES['default']['OPTIONS'].get('options'))\n"
    )
    result = run_python(code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == options

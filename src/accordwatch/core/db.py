"""Database-level guards that hold whatever code runs: triggers making a table append-only."""

from __future__ import annotations

APPEND_ONLY_MESSAGE = "append-only table: UPDATE and DELETE are refused"


def append_only_sql(vendor: str, table: str) -> list[str]:
    """SQL that makes ``table`` refuse UPDATE and DELETE, for SQLite or PostgreSQL."""
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table}: {APPEND_ONLY_MESSAGE}'); END;",
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table}: {APPEND_ONLY_MESSAGE}'); END;",
        ]
    if vendor == "postgresql":
        return [
            f"""CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '{table}: {APPEND_ONLY_MESSAGE}'; END;
            $$ LANGUAGE plpgsql;""",
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only();",
            # TRUNCATE bypasses row triggers; refuse it too.
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only();",
        ]
    raise NotImplementedError(f"no append-only triggers for the {vendor} database")


def drop_append_only_sql(vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {table}_no_update;",
            f"DROP TRIGGER IF EXISTS {table}_no_delete;",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
        f"DROP FUNCTION IF EXISTS {table}_append_only();",
    ]

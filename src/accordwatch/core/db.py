"""Database-level helpers: triggers making a table append-only (guards that hold whatever
code runs), and a lean bulk insert for services that write thousands of rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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


def insert_many(
    model: type[Any], objects: Sequence[Any], *, using: str = "default", batch_size: int = 1000
) -> None:
    """INSERT model instances with one ``executemany`` per batch.

    What ``bulk_create`` does, less its per-object SQL compilation, which dominates on
    thousands of rows. Values are prepared by each field (``pre_save``, then
    ``get_db_prep_save``), as a save would. Primary keys are NOT set on the objects, and no
    signals are sent: callers that need the ids read them back by a unique key.
    """
    from django.db import connections

    if not objects:
        return
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch_size):
            cursor.executemany(
                sql,
                [
                    [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
                    for obj in objects[start : start + batch_size]
                ],
            )


def insert_rows(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT ``rows`` (values already prepared for the database, in ``columns`` order)
    into ``table``: one ``executemany``, or on PostgreSQL one ``COPY … FROM STDIN``, which
    skips the per-statement quoting of every value and takes the rows as one stream
    (several times faster on the thousands of rows a bulk import writes per batch)."""
    from django.db import connection

    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(name) for name in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Names come from model metadata; the rows go as COPY data, never as SQL.
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608

"""JSON written by the database: ``json_object`` / ``json_array`` on SQLite,
``json_build_object`` / ``json_build_array`` on PostgreSQL.

The GeoJSON download turns up to a hundred thousand incidents into features. Building a
dict per feature and encoding it in Python cost about a second of the server's CPU for
100,000 points; both databases write the same text in C while they read the rows, so the
download only joins the strings it is handed.

Keys and constant values are written into the SQL as literals (they come from this code,
never from a request, and are checked against a plain pattern); every other value is a
compiled ORM expression, so the queryset's own filters, joins and parameters stay as they
are.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Expression, TextField

_PLAIN = re.compile(r"[A-Za-z0-9_]+")


def _literal(text: str) -> str:
    if not _PLAIN.fullmatch(text):
        raise ValueError(f"not a plain JSON key or constant: {text!r}")
    return f"'{text}'"


class JsonArray(Expression):
    """A JSON array of the given expressions."""

    output_field = TextField()

    def __init__(self, *items: Any) -> None:
        super().__init__()
        self.items = list(items)

    def get_source_expressions(self) -> list[Any]:
        return self.items

    def set_source_expressions(self, exprs: list[Any]) -> None:
        self.items = list(exprs)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        parts: list[str] = []
        params: list[Any] = []
        for item in self.items:
            sql, item_params = compiler.compile(item)
            parts.append(sql)
            params.extend(item_params)
        function = "json_build_array" if connection.vendor == "postgresql" else "json_array"
        return f"{function}({', '.join(parts)})", params


class JsonObject(Expression):
    """A JSON object, keys in the order given. A value is an ORM expression, or a plain
    ``str`` written as a constant. ``as_text`` casts the result to text on PostgreSQL
    (its ``json`` type would otherwise be decoded by the driver); SQLite's is text already.
    """

    output_field = TextField()

    def __init__(self, *, as_text: bool = False, **fields: Any) -> None:
        super().__init__()
        self.as_text = as_text
        self.keys = list(fields)
        for key in self.keys:
            _literal(key)
        self.constants = {k: _literal(v) for k, v in fields.items() if isinstance(v, str)}
        self.values = [v for v in fields.values() if not isinstance(v, str)]

    def get_source_expressions(self) -> list[Any]:
        return self.values

    def set_source_expressions(self, exprs: list[Any]) -> None:
        self.values = list(exprs)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        parts: list[str] = []
        params: list[Any] = []
        values = iter(self.values)
        for key in self.keys:
            if key in self.constants:
                parts.append(f"{_literal(key)}, {self.constants[key]}")
                continue
            sql, value_params = compiler.compile(next(values))
            parts.append(f"{_literal(key)}, {sql}")
            params.extend(value_params)
        if connection.vendor == "postgresql":
            sql = f"json_build_object({', '.join(parts)})"
            return (f"({sql})::text" if self.as_text else sql), params
        return f"json_object({', '.join(parts)})", params

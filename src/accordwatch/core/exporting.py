"""The registry of downloads the ``accordwatch export`` command offers.

An app offers a kind of export (``hxl`` for the assistance flows …) by registering an
``ExportKind`` in its ``AppConfig.ready()``, as imports register in ``importing``; the
command never needs editing when an app adds one. Pure Python, like ``importing``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any


class BadExportFilter(ValueError):
    """A filter the kind does not know, or a value it cannot read; the message says which."""


# handler(user=..., filters={"from": "2017-01-01", ...}) -> blocks of text (UTF-8 CSV …).
# It raises BadExportFilter for a filter it cannot use.
ExportHandler = Callable[..., Iterator[str]]


@dataclass(frozen=True)
class ExportKind:
    key: str  # ``accordwatch export <key>``
    label: Any
    handler: ExportHandler
    filters: tuple[str, ...] = ()  # the names ``--filter NAME=VALUE`` takes
    suffix: str = ".csv"


_kinds: dict[str, ExportKind] = {}


def register(kind: ExportKind) -> None:
    _kinds[kind.key] = kind


def kinds() -> list[ExportKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.key)


def kind(key: str) -> ExportKind | None:
    return _kinds.get(key)


def run(kind: ExportKind, *, user: Any, filters: Mapping[str, str]) -> Iterator[str]:
    unknown = sorted(set(filters) - set(kind.filters))
    if unknown:
        raise BadExportFilter(
            f"{', '.join(unknown)}: not a filter of `export {kind.key}` "
            f"(it takes {', '.join(kind.filters) or 'none'})"
        )
    return kind.handler(user=user, filters=dict(filters))

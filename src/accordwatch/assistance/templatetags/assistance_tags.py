"""Small filters for the assistance pages: a status's label, a total by status, a share,
and the sources of a record that the reader may see."""

from __future__ import annotations

from typing import Any

from django import template

from accordwatch.assistance.models import FlowStatus
from accordwatch.core import selectors as core_selectors
from accordwatch.core.models import Source

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    try:
        return str(FlowStatus(status).label)
    except ValueError:
        return status


@register.filter
def total_of(totals: dict[str, Any], status: str) -> Any:
    return totals.get(status)


@register.filter
def share_of(coverage: Any, status: str) -> float | None:
    share = coverage.share(status)
    return None if share is None else share * 100


@register.filter
def visible_sources(record: Any, user: Any) -> list[Source]:
    return list(
        Source.objects.visible_to(user).filter(pk__in=record.sources.values("pk")).order_by("title")
    )


@register.simple_tag
def sources_by_record(records: Any, user: Any) -> dict[int, list[Source]]:
    """The visible sources of every record of a table, read once for the table (the
    ``visible_sources`` filter reads them row by row)."""
    found = core_selectors.sources_of(user=user, records=list(records))
    return {pk: sorted(sources, key=lambda s: s.title) for pk, sources in found.items()}


@register.filter
def sources_in(sources: dict[int, list[Source]], record: Any) -> list[Source]:
    return sources.get(record.pk, [])

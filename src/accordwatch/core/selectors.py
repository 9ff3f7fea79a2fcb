"""Reads of core records that pages and the API need.

(Started by the pages work for the audit log page; other core reads belong here too.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from accordwatch.core.models import AuditEvent
from accordwatch.core.permissions import require_editor


def audit_events(
    *, user: Any, object_type: str = "", object_id: str = "", action: str = ""
) -> QuerySet[AuditEvent]:
    """The audit log, newest first. Editors and admins only: it holds every record's past,
    restricted ones included."""
    require_editor(user)
    events = AuditEvent.objects.order_by("-seq")
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if action:
        events = events.filter(action__startswith=action)
    return events


def audit_object_types(*, user: Any) -> list[str]:
    require_editor(user)
    return list(
        AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    )


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any
    changed: bool


_NOT_SHOWN = {"id"}
_EMPTY: tuple[Any, ...] = (None, "", [], {})


def audit_changes(event: AuditEvent) -> list[FieldChange]:
    """What the event changed, field by field: only the changed fields of an update; every
    field of a creation or a removal."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    both = event.before is not None and event.after is not None
    changes = []
    for name in sorted(set(before) | set(after)):
        if name in _NOT_SHOWN:
            continue
        old, new = before.get(name), after.get(name)
        if both and old == new:
            continue
        # A creation's empty fields say nothing; leave them out to keep the log readable.
        if not both and (old if event.after is None else new) in _EMPTY:
            continue
        changes.append(FieldChange(field=name, before=old, after=new, changed=both))
    return changes

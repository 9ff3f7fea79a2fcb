"""The audit log: append an event inside the caller's transaction, verify the hash chain."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.utils import timezone

from accordwatch.core.db import insert_many
from accordwatch.core.models import AuditEvent, AuditHead

GENESIS = "0" * 64


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"cannot put {type(value).__name__} in the audit log")


def to_json(value: Any) -> Any:
    """Round-trip through JSON so what we hash is exactly what the database stores."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=_json_default, sort_keys=True))


def snapshot(obj: models.Model, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """The record's own fields and many-to-many ids, as JSON-safe values."""
    skip = set(exclude)
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in skip:
            continue
        data[field.attname] = field.value_from_object(obj)
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            if field.name in skip:
                continue
            data[field.name] = sorted(field.value_from_object(obj), key=lambda o: o.pk)
            data[field.name] = [o.pk for o in data[field.name]]
    return to_json(data)


def _digest(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def _hashed_fields(event: AuditEvent) -> dict[str, Any]:
    occurred = event.occurred_at
    return {
        "seq": event.seq,
        "occurred_at": occurred.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "user_id": event.user_id,
        "user_label": event.user_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_label": event.object_label,
        "before": event.before,
        "after": event.after,
    }


def _lock_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS})
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


def record(
    *,
    user: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    object_label: str | None = None,
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    """Append one event. Must run inside the service's transaction (so both commit or neither)."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record() must be called inside the service's transaction")
    head = _lock_head()
    event = _chained_event(
        head,
        user=user,
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label,
        before=before,
        after=after,
    )
    event.save(force_insert=True)
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event


def _chained_event(
    head: AuditHead,
    *,
    user: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    object_label: str | None = None,
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    """The next event after ``head``, hashed onto it (not saved)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label if object_label is not None else str(obj)[:300]
    is_user = user is not None and getattr(user, "is_authenticated", False)
    event = AuditEvent(
        seq=head.seq + 1,
        occurred_at=timezone.now(),
        user_id=user.pk if is_user else None,
        user_label=(user.get_username() if is_user else "system")[:150],
        action=action,
        object_type=object_type or "",
        object_id=object_id or "",
        object_label=(object_label or "")[:300],
        before=to_json(before),
        after=to_json(after),
        prev_hash=head.hash,
    )
    event.hash = _digest(head.hash, _hashed_fields(event))
    return event


@dataclass(frozen=True)
class Entry:
    """One change for ``record_many``: the arguments ``record`` takes, for one object."""

    action: str
    obj: models.Model
    before: Any = None
    after: Any = None


def record_many(*, user: Any, entries: Iterable[Entry], batch_size: int = 500) -> int:
    """Append one event per entry, chained exactly as ``record`` chains them, with one lock
    of the chain's head and batched inserts: for services that change thousands of records
    in one transaction (bulk imports). Returns how many events were written."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record_many() must be called inside the service's transaction")
    head = _lock_head()
    events: list[AuditEvent] = []
    for entry in entries:
        event = _chained_event(
            head,
            user=user,
            action=entry.action,
            obj=entry.obj,
            before=entry.before,
            after=entry.after,
        )
        head.seq, head.hash = event.seq, event.hash
        events.append(event)
    if not events:
        return 0
    insert_many(AuditEvent, events, batch_size=batch_size)
    head.save(update_fields=["seq", "hash"])
    return len(events)


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    message: str


def verify() -> Iterator[ChainProblem]:
    """Walk the chain in order and yield every break found. No problem means intact."""
    expected_prev = GENESIS
    expected_seq = 1
    last_seq = 0
    events = AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)
    for event in events:
        if event.seq != expected_seq:
            yield ChainProblem(event.seq, f"rows {expected_seq}–{event.seq - 1} are missing")
        if event.prev_hash != expected_prev:
            yield ChainProblem(event.seq, "does not follow from the row before it")
        if _digest(event.prev_hash, _hashed_fields(event)) != event.hash:
            yield ChainProblem(event.seq, "was altered after it was written (hash mismatch)")
        expected_prev = event.hash
        expected_seq = event.seq + 1
        last_seq = event.seq
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != last_seq or head.hash != expected_prev):
        yield ChainProblem(
            head.seq, f"the log ends at row {last_seq} but its recorded tip is row {head.seq}"
        )

"""The audit log: append an event inside the caller's transaction, verify the hash chain."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import compress
from typing import Any

from django.db import connection, models
from django.utils import timezone

from accordwatch.core.db import insert_rows
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


@dataclass(frozen=True, slots=True)
class Entry:
    """One change for ``record_many``: the arguments ``record`` takes, for one object.

    A bulk writer that holds plain values rather than model instances may leave ``obj``
    None and name the object with ``object_type``, ``object_id`` and ``object_label``."""

    action: str
    obj: models.Model | None
    before: Any = None
    after: Any = None
    object_type: str | None = None
    object_id: str | None = None
    object_label: str | None = None


def record_many(*, user: Any, entries: Iterable[Entry], batch_size: int = 500) -> int:
    """Append one event per entry, chained exactly as ``record`` chains them, with one lock
    of the chain's head and batched inserts: for services that change thousands of records
    in one transaction (bulk imports). Returns how many events were written.

    A million-row import writes a million events, so this path skips the model layer: no
    ``AuditEvent`` instances, and each snapshot encoded to JSON once, as the text both
    stored and hashed (``verify`` recomputes the same hash from the stored row)."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record_many() must be called inside the service's transaction")
    head = _lock_head()
    is_user = user is not None and getattr(user, "is_authenticated", False)
    user_id = user.pk if is_user else None
    user_label = (user.get_username() if is_user else "system")[:150]
    # One time for the batch: its events are one change, committed together.
    occurred = timezone.now()
    occurred_text = occurred.astimezone(dt.UTC).isoformat(timespec="microseconds")
    # The hashed payload is the compact sorted JSON of ``_hashed_fields``; its parts that
    # do not change from event to event are encoded once.
    occurred_part = f',"occurred_at":{_compact(occurred_text)}'
    user_part = f',"user_id":{_compact(user_id)},"user_label":{_compact(user_label)}}}'
    writer = _EventRows(batch_size, occurred)
    seq, prev_hash = head.seq, head.hash
    for entry in entries:
        obj = entry.obj
        object_type = entry.object_type or (obj._meta.label_lower if obj is not None else "")
        object_id = entry.object_id or (str(obj.pk) if obj is not None else "")
        label = entry.object_label
        if label is None:
            label = str(obj) if obj is not None else ""
        label = label[:300]
        before = _stored_json(entry.before)
        after = _stored_json(entry.after)
        seq += 1
        # Keys in sorted order, as ``_digest`` writes ``_hashed_fields(event)``.
        payload = (
            f'{{"action":{_compact(entry.action)},"after":{after or "null"},'
            f'"before":{before or "null"},"object_id":{_compact(object_id)},'
            f'"object_label":{_compact(label)},"object_type":{_compact(object_type)}'
            f'{occurred_part},"seq":{seq}{user_part}'
        )
        digest = hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()
        writer.add(
            seq,
            user_id,
            user_label,
            entry.action,
            object_type,
            object_id,
            label,
            before,
            after,
            prev_hash,
            digest,
        )
        prev_hash = digest
    writer.flush()
    if not writer.written:
        return 0
    head.seq, head.hash = seq, prev_hash
    head.save(update_fields=["seq", "hash"])
    return writer.written


def _compact(value: Any) -> str:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    )


_CONTAINERS = frozenset({dict, list, tuple})
_TEXT = frozenset({str})


def _text_keys_only(value: Any) -> bool:
    """True if no dict inside ``value`` has a key other than text. Written with ``map`` so
    that the scalars of a snapshot are passed over at C speed: this runs once per event."""
    kind = type(value)
    if kind is dict:
        if not set(map(type, value)) <= _TEXT:
            return False
        items: Iterable[Any] = value.values()
    elif kind is list or kind is tuple:
        items = value
    elif isinstance(value, dict | list | tuple):  # a subclass: checked as its plain twin
        return _text_keys_only(dict(value) if isinstance(value, dict) else list(value))
    else:
        return True
    nested = compress(items, map(_CONTAINERS.__contains__, map(type, items)))
    return all(map(_text_keys_only, nested))


def _stored_json(value: Any) -> str | None:
    """``value`` as the JSON text to store, which is also the text the hash covers: compact
    with sorted keys, as ``_digest`` writes the value read back from the database. That
    holds when every key is text; other keys (numbers) are sorted differently once they
    come back as text, so such a value is read back first."""
    if value is None:
        return None
    if _text_keys_only(value):
        return _compact(value)
    return _compact(to_json(value))


_EVENT_COLUMNS = (
    "seq",
    "occurred_at",
    "user_id",
    "user_label",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "before",
    "after",
    "prev_hash",
    "hash",
)


class _EventRows:
    """Rows of ``AuditEvent`` inserted by ``executemany``, ``batch_size`` at a time."""

    def __init__(self, batch_size: int, occurred: dt.datetime):
        fields = {f.attname: f for f in AuditEvent._meta.concrete_fields}
        self.columns = [str(fields[name].column) for name in _EVENT_COLUMNS]
        self.table = AuditEvent._meta.db_table
        self.occurred = fields["occurred_at"].get_db_prep_save(occurred, connection)
        self.json_param = _json_param_maker()
        self.batch_size = batch_size
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    def add(
        self,
        seq: int,
        user_id: int | None,
        user_label: str,
        action: str,
        object_type: str,
        object_id: str,
        label: str,
        before: str | None,
        after: str | None,
        prev_hash: str,
        digest: str,
    ) -> None:
        json_param = self.json_param
        self.rows.append(
            (
                seq,
                self.occurred,
                user_id,
                user_label,
                action,
                object_type,
                object_id,
                label,
                json_param(before),
                json_param(after),
                prev_hash,
                digest,
            )
        )
        if len(self.rows) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        insert_rows(self.table, self.columns, self.rows)
        self.written += len(self.rows)
        self.rows = []


def _json_param_maker() -> Any:
    """How JSON text already encoded goes to the database as a JSONField value."""
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        def same(text: str) -> str:
            return text

        return lambda text: None if text is None else Jsonb(text, dumps=same)
    return lambda text: text  # SQLite stores the text as it is


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

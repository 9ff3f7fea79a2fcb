"""One change applied to many incidents at once (an editor's filtered selection).

The same rules as the one-incident services, for tens of thousands of rows: the role is
checked here, everything happens in one transaction, and every incident that changes gets
its own audit event, written by ``audit.record_many`` in batches. Nothing is written until
every selected incident has been checked: if one of them cannot take the change (an unknown
id, a verification step its status does not allow), the whole action is refused, naming the
offending events, and the database is left as it was.

Rows are read and updated in chunks of primary keys (``UPDATE … WHERE id IN (…)``) rather
than saved one by one; the audit events say, per incident, what changed from what.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from accordwatch.core import audit
from accordwatch.core.db import insert_many
from accordwatch.core.models import Confidentiality, PublicationState
from accordwatch.core.services import SYSTEM
from accordwatch.incidents import rollup
from accordwatch.incidents.models import Incident, Verification, VerificationStep, ViolationCategory
from accordwatch.incidents.services import ALLOWED_TRANSITIONS, _check_editor, _user_label

CHUNK = 500  # primary keys per IN (…): well under every database's parameter limit
NAMED_IN_REFUSAL = 20  # offending event ids quoted in a refusal; the rest are counted

# What ``str(incident)`` (the audit label) reads, and the event id refusals name.
_LABEL_FIELDS = ("event_id", "event_date", "location", "admin1", "country")


class BulkAction(models.TextChoices):
    PUBLISH = "publish", "publish"
    UNPUBLISH = "unpublish", "unpublish"
    CONFIDENTIALITY = "confidentiality", "confidentiality"
    VIOLATION_CATEGORY = "violation_category", "violation_category"
    VERIFY = "verify", "verify"
    RETIRE = "retire", "retire"


@dataclass(frozen=True)
class BulkResult:
    action: str
    selected: int  # incidents asked for
    changed: int  # incidents written (one audit event each)

    @property
    def unchanged(self) -> int:
        """Selected incidents that already were as asked (nothing written for them)."""
        return self.selected - self.changed


class BulkRefused(ValidationError):
    """The action was refused as a whole; ``event_ids`` are the incidents that prevented it."""

    def __init__(self, message: str, *, event_ids: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.event_ids = list(event_ids)


@dataclass
class _Plan:
    """What one action writes: the columns it reads, and per incident the new values."""

    columns: tuple[str, ...]
    audit_action: str
    changes: list[tuple[_Row, dict[str, Any], dict[str, Any]]] = field(default_factory=list)


def _chunks(items: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _refusal_text(problem: str, event_ids: list[str]) -> str:
    named = ", ".join(event_ids[:NAMED_IN_REFUSAL])
    more = len(event_ids) - NAMED_IN_REFUSAL
    tail = f" and {more} more" if more > 0 else ""
    return f"nothing was changed: {len(event_ids)} incident(s) {problem}: {named}{tail}"


def _target_values(
    action: str,
    *,
    confidentiality: str,
    violation_category: str | None,
    status: str,
    comment: str,
    reason: str,
) -> dict[str, Any]:
    """The columns the action sets and their new values, after checking the arguments."""
    if action == BulkAction.PUBLISH:
        return {"publication_state": PublicationState.PUBLISHED}
    if action == BulkAction.UNPUBLISH:
        return {"publication_state": PublicationState.DRAFT}
    if action == BulkAction.CONFIDENTIALITY:
        if confidentiality not in Confidentiality.values:
            raise ValidationError({"confidentiality": f"unknown level {confidentiality!r}"})
        return {"confidentiality": confidentiality}
    if action == BulkAction.VIOLATION_CATEGORY:
        if not violation_category:  # empty: the incidents are no longer called violations
            return {"violation_category_id": None}
        category = ViolationCategory.objects.filter(key=violation_category).first()
        if category is None:
            raise ValidationError(
                {"violation_category": f"unknown violation category {violation_category!r}"}
            )
        return {"violation_category_id": category.pk}
    if action == BulkAction.VERIFY:
        if status not in Verification.values:
            raise ValidationError({"status": f"unknown verification status {status!r}"})
        if not comment.strip():
            raise ValidationError({"comment": "say why: every verification step needs a comment"})
        return {"verification_status": status}
    if action == BulkAction.RETIRE:
        if not reason.strip():
            raise ValidationError({"reason": "say why these incidents are retired"})
        return {"retired_at": timezone.now()}
    raise ValidationError({"action": f"unknown bulk action {action!r}"})


@dataclass
class _Row:
    """One selected incident as read for the action: its id and event id, the label its
    audit events carry, and the columns the action changes. Plain values: building model
    instances cost more than the rest of the action on a large selection."""

    pk: int
    event_id: str
    label: str
    values: dict[str, Any]


def _load(ids: list[int], columns: tuple[str, ...]) -> dict[int, _Row]:
    """The selected incidents, locked for the transaction where the database can lock
    rows. The label is the one ``str(incident)`` gives, from the same fields."""
    found: dict[int, _Row] = {}
    width = len(_LABEL_FIELDS)
    for chunk in _chunks(ids):
        rows = (
            Incident.objects.select_for_update()
            .filter(pk__in=chunk)
            .order_by()
            .values_list("pk", *_LABEL_FIELDS, *columns)
        )
        for pk, *rest in rows:
            shown = dict(zip(_LABEL_FIELDS, rest[:width], strict=True))
            label = Incident.__str__(cast(Incident, SimpleNamespace(**shown)))
            values = dict(zip(columns, rest[width:], strict=True))
            found[pk] = _Row(pk, shown["event_id"], label, values)
    return found


def incidents_bulk_apply(
    *,
    actor: Any,
    incident_ids: Sequence[int],
    action: str,
    confidentiality: str = "",
    violation_category: str | None = None,
    status: str = "",
    comment: str = "",
    reason: str = "",
) -> BulkResult:
    """Apply ``action`` to every incident in ``incident_ids``, or to none of them.

    Actions: ``publish`` and ``unpublish`` (back to draft); ``confidentiality`` (to
    ``confidentiality``); ``violation_category`` (a category key, or empty to clear it);
    ``verify`` (one step to ``status`` with ``comment``, signed like ``incident_verify``;
    every incident's current status must allow it); ``retire`` (soft delete, with
    ``reason``). An incident already as asked is left alone and not audited.

    Raises ``PermissionDenied`` for a non-editor, ``ValidationError`` for a bad argument and
    ``BulkRefused`` (a ``ValidationError``) when some selected incidents cannot take the
    change; in every case nothing is written.
    """
    _check_editor(actor)
    target = _target_values(
        action,
        confidentiality=confidentiality,
        violation_category=violation_category,
        status=status,
        comment=comment,
        reason=reason,
    )
    ids = sorted({int(pk) for pk in incident_ids})
    if not ids:
        raise ValidationError("no incident is selected")
    with transaction.atomic():
        plan = _plan(action, ids, target)
        _write(plan, target, actor=actor, comment=comment.strip(), reason=reason.strip())
    return BulkResult(action=action, selected=len(ids), changed=len(plan.changes))


def _plan(action: str, ids: list[int], target: dict[str, Any]) -> _Plan:
    if action in (BulkAction.PUBLISH, BulkAction.UNPUBLISH, BulkAction.CONFIDENTIALITY):
        # The record's whole visibility goes in the event, as ``publication_set`` writes it.
        plan = _Plan(("confidentiality", "publication_state"), "incident.publication")
    elif action == BulkAction.VERIFY:
        plan = _Plan(("verification_status",), "incident.verify")
    elif action == BulkAction.RETIRE:
        plan = _Plan(("retired_at",), "incident.retire")
    else:
        plan = _Plan(("violation_category_id",), "incident.update")
    found = _load(ids, plan.columns)
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise BulkRefused(
            _refusal_text("no longer exist", [f"#{pk}" for pk in missing]),
            event_ids=[f"#{pk}" for pk in missing],
        )
    refused: list[str] = []
    for pk in ids:
        row = found[pk]
        before = row.values
        if action == BulkAction.VERIFY:
            if target["verification_status"] not in ALLOWED_TRANSITIONS[before[plan.columns[0]]]:
                refused.append(row.event_id)
                continue
        elif action == BulkAction.RETIRE and before["retired_at"] is not None:
            continue
        after = {**before, **target}
        if after != before:
            plan.changes.append((row, before, after))
    if refused:
        to = target["verification_status"]
        raise BulkRefused(
            _refusal_text(f"cannot move to {to} from their current status", refused),
            event_ids=refused,
        )
    return plan


def _write(plan: _Plan, target: dict[str, Any], *, actor: Any, comment: str, reason: str) -> None:
    changed = [row.pk for row, _, _ in plan.changes]
    for chunk in _chunks(changed):
        Incident.objects.filter(pk__in=chunk).update(**target)
    steps: dict[int, int] = {}
    if plan.audit_action == "incident.verify":
        steps = _add_steps(plan, target["verification_status"], actor=actor, comment=comment)
    object_type = Incident._meta.label_lower
    entries = []
    for row, before, after in plan.changes:
        if plan.audit_action == "incident.verify":
            after = {**after, "step": steps[row.pk], "comment": comment}
        elif plan.audit_action == "incident.retire":
            after = {**after, "reason": reason}
        entries.append(
            audit.Entry(
                action=plan.audit_action,
                obj=None,
                object_type=object_type,
                object_id=str(row.pk),
                object_label=row.label,
                before=before,
                after=after,
            )
        )
    audit.record_many(user=actor, entries=entries)
    rollup.refresh()  # the months these UPDATEs touched (listed by the database's triggers)


def _add_steps(plan: _Plan, status: str, *, actor: Any, comment: str) -> dict[int, int]:
    """One signed verification step per incident (the log is append-only; inserted in
    batches), returning each incident's new step id for its audit event."""
    at = timezone.now()
    by = actor if actor is not SYSTEM else None
    label = _user_label(actor)
    insert_many(
        VerificationStep,
        [
            VerificationStep(
                incident_id=row.pk,
                status=status,
                previous_status=before["verification_status"],
                at=at,
                by=by,
                by_label=label,
                comment=comment,
            )
            for row, before, _ in plan.changes
        ],
    )
    steps: dict[int, int] = {}
    changed = [row.pk for row, _, _ in plan.changes]
    for chunk in _chunks(changed):
        steps.update(
            VerificationStep.objects.filter(incident_id__in=chunk, at=at, status=status)
            .order_by()
            .values_list("incident_id", "pk")
        )
    return steps

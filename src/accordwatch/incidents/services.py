"""Every write to incidents: one transaction, one audit event, permission checked here.

Bulk imports are in ``imports.py``; they write the same fields and the same audit events as
``incident_upsert``, in batches.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accordwatch.commitments.models import Clause, Commitment
from accordwatch.core import audit
from accordwatch.core.models import Actor, Source
from accordwatch.core.permissions import require_editor
from accordwatch.core.services import SYSTEM, upsert
from accordwatch.incidents.models import (
    Attribution,
    Confidence,
    Dataset,
    Incident,
    IncidentComment,
    IncidentLink,
    IncidentSourceNote,
    Verification,
    VerificationStep,
    ViolationCategory,
    Witness,
)

# The verification workflow: a report is investigated, then judged. A judgement can be
# reopened (new information), which sends it back under investigation; nothing skips the
# investigation.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Verification.REPORTED: frozenset({Verification.UNDER_INVESTIGATION}),
    Verification.UNDER_INVESTIGATION: frozenset(
        {Verification.VERIFIED, Verification.UNVERIFIABLE, Verification.DISMISSED}
    ),
    Verification.VERIFIED: frozenset({Verification.UNDER_INVESTIGATION}),
    Verification.UNVERIFIABLE: frozenset({Verification.UNDER_INVESTIGATION}),
    Verification.DISMISSED: frozenset({Verification.UNDER_INVESTIGATION}),
}


def _check_editor(user: Any) -> None:
    if user is not SYSTEM:
        require_editor(user)


def _user_label(user: Any) -> str:
    if user is SYSTEM:
        return "system"
    return (user.get_full_name() or user.get_username())[:150]


def incident_upsert(
    *,
    actor: Any,
    dataset: str,
    event_id: str,
    associated_actors: Iterable[Actor] | None = None,
    sources: Iterable[Source] | None = None,
    **values: Any,
) -> tuple[Incident, bool]:
    """Create or update the event ``event_id`` of ``dataset``; audit only a real change.

    Many-to-many sets left as ``None`` are kept as they are. Returns ``(incident, changed)``.
    """
    _check_editor(actor)
    with transaction.atomic():
        existing = (
            Incident.objects.select_for_update().filter(dataset=dataset, event_id=event_id).first()
        )
        before = audit.snapshot(existing) if existing is not None else None
        incident = existing or Incident(dataset=dataset, event_id=event_id)
        for name, value in values.items():
            setattr(incident, name, value)
        incident.full_clean()
        if existing is None or audit.snapshot(incident) != before:
            incident.save()
        if associated_actors is not None:
            incident.associated_actors.set(list(associated_actors))
        if sources is not None:
            incident.sources.set(list(sources))
        after = audit.snapshot(incident)
        if after == before:
            return incident, False
        audit.record(
            user=actor,
            action="incident.create" if existing is None else "incident.update",
            obj=incident,
            before=before,
            after=after,
        )
        return incident, True


def monitor_event_id_next(*, year: int) -> str:
    """The next free id of the body's own records for ``year``: MON-2017-0001, -0002 …"""
    prefix = f"MON-{year}-"
    taken = Incident.objects.filter(
        dataset=Dataset.MONITOR, event_id__startswith=prefix
    ).values_list("event_id", flat=True)
    numbers = [int(rest) for rest in (t[len(prefix) :] for t in taken) if rest.isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def incident_create(
    *, actor: Any, dataset: str = Dataset.MONITOR, event_id: str = "", **values: Any
) -> Incident:
    """Record a new incident. Unlike ``incident_upsert``, an event id already in use is
    refused: a form that reused one would silently overwrite someone else's record. Left
    empty, the id is the next of the body's own series for the event's year."""
    _check_editor(actor)
    with transaction.atomic():
        if not event_id:
            event_date = values.get("event_date")
            year = event_date.year if event_date else timezone.now().year
            event_id = monitor_event_id_next(year=year)
        elif Incident.objects.filter(dataset=dataset, event_id=event_id).exists():
            raise ValidationError({"event_id": f"the event id {event_id} is taken already"})
        incident, _changed = incident_upsert(
            actor=actor, dataset=dataset, event_id=event_id, **values
        )
    return incident


def incident_verify(
    *, actor: Any, incident: Incident, status: str, comment: str
) -> VerificationStep:
    """Move ``incident`` one step along the verification workflow, dated and signed.

    Only the transitions in ``ALLOWED_TRANSITIONS`` are accepted, and each needs a comment
    saying why: the log is what the body shows when a finding is questioned.
    """
    _check_editor(actor)
    if status not in Verification.values:
        raise ValidationError({"status": f"unknown verification status {status!r}"})
    if not comment.strip():
        raise ValidationError({"comment": "say why: every verification step needs a comment"})
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        current = incident.verification_status
        if status not in ALLOWED_TRANSITIONS[current]:
            allowed = ", ".join(sorted(ALLOWED_TRANSITIONS[current]))
            raise ValidationError(
                {"status": f"an incident {current} can only become: {allowed} (not {status})"}
            )
        step = VerificationStep.objects.create(
            incident=incident,
            status=status,
            previous_status=current,
            at=timezone.now(),
            by=actor if actor is not SYSTEM else None,
            by_label=_user_label(actor),
            comment=comment.strip(),
        )
        incident.verification_status = status
        incident.save(update_fields=["verification_status"])
        audit.record(
            user=actor,
            action="incident.verify",
            obj=incident,
            before={"verification_status": current},
            after={"verification_status": status, "step": step.pk, "comment": step.comment},
        )
    return step


def incident_comment_add(*, actor: Any, incident: Incident, body: str) -> IncidentComment:
    """Add a note to the editors' discussion of ``incident`` without changing its status.
    Comments are append-only; the audit event keeps the text, like a verification comment."""
    _check_editor(actor)
    text = body.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"body": "the comment is empty"})
    with transaction.atomic():
        comment = IncidentComment(
            incident=incident,
            at=timezone.now(),
            by=actor if actor is not SYSTEM else None,
            by_label=_user_label(actor),
            body=text,
        )
        comment.full_clean()
        comment.save()
        audit.record(
            user=actor,
            action="incident.comment",
            obj=incident,
            after={"comment": comment.pk, "body": comment.body},
        )
    return comment


def attribution_set(
    *,
    actor: Any,
    incident: Incident,
    party: Actor | None,
    confidence: str,
    note: str = "",
) -> tuple[Attribution, bool]:
    """Say how confidently the body holds ``party`` responsible (``None`` with
    "unattributed": nobody could be named). The same party again updates its entry."""
    _check_editor(actor)
    if confidence not in Confidence.values:
        raise ValidationError({"confidence": f"unknown confidence {confidence!r}"})
    if party is None and confidence != Confidence.UNATTRIBUTED:
        raise ValidationError({"party": "name the party, or record the incident as unattributed"})
    with transaction.atomic():
        attribution = (
            Attribution.objects.select_for_update().filter(incident=incident, party=party).first()
        )
        before = audit.snapshot(attribution) if attribution else None
        attribution = attribution or Attribution(incident=incident, party=party)
        attribution.confidence, attribution.note = confidence, note
        attribution.full_clean(validate_constraints=False)
        if audit.snapshot(attribution) == before:
            return attribution, False
        attribution.save()
        audit.record(
            user=actor,
            action="attribution.create" if before is None else "attribution.update",
            obj=attribution,
            object_label=f"{incident} — {attribution}",
            before=before,
            after=audit.snapshot(attribution),
        )
        return attribution, True


def attribution_remove(*, actor: Any, attribution: Attribution) -> None:
    _check_editor(actor)
    with transaction.atomic():
        before = audit.snapshot(attribution)
        audit.record(
            user=actor,
            action="attribution.delete",
            obj=attribution,
            object_label=f"{attribution.incident} — {attribution}",
            before=before,
        )
        attribution.delete()


def witness_add(
    *, actor: Any, incident: Incident, name: str, contact: str = "", statement: str = ""
) -> Witness:
    """Record a witness. Their name, contact and statement stay out of the audit log on
    purpose: the log is append-only and hash-chained, so anything put there can never be
    erased, and a witness's identity must remain erasable."""
    _check_editor(actor)
    if not name.strip():
        raise ValidationError({"name": "a witness needs a name (or a pseudonym)"})
    with transaction.atomic():
        witness = Witness(incident=incident, name=name, contact=contact, statement=statement)
        witness.full_clean()
        witness.save()
        audit.record(
            user=actor,
            action="witness.create",
            obj=witness,
            after={"incident": incident.pk, "witness": witness.pk},
        )
    return witness


def source_note_add(
    *, actor: Any, incident: Incident, detail: str, source: Source | None = None
) -> IncidentSourceNote:
    """Record restricted detail on where the information came from (kept out of the audit
    log for the same reason as a witness's identity)."""
    _check_editor(actor)
    if not detail.strip():
        raise ValidationError({"detail": "the source note is empty"})
    with transaction.atomic():
        note = IncidentSourceNote(incident=incident, source=source, detail=detail)
        note.full_clean()
        note.save()
        audit.record(
            user=actor,
            action="incident_source_note.create",
            obj=note,
            after={"incident": incident.pk, "source": source.pk if source else None},
        )
    return note


def incident_retire(*, actor: Any, incident: Incident, reason: str = "") -> bool:
    """Withdraw an event (the source deleted it, or it was entered twice) without erasing
    it: verification steps and links keep pointing at it. Returns False if already retired."""
    _check_editor(actor)
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.retired_at is not None:
            return False
        incident.retired_at = timezone.now()
        incident.save(update_fields=["retired_at"])
        audit.record(
            user=actor,
            action="incident.retire",
            obj=incident,
            before={"retired_at": None},
            after={"retired_at": incident.retired_at, "reason": reason},
        )
    return True


def incident_restore(*, actor: Any, incident: Incident, reason: str = "") -> bool:
    _check_editor(actor)
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.retired_at is None:
            return False
        retired_at, incident.retired_at = incident.retired_at, None
        incident.save(update_fields=["retired_at"])
        audit.record(
            user=actor,
            action="incident.restore",
            obj=incident,
            before={"retired_at": retired_at},
            after={"retired_at": None, "reason": reason},
        )
    return True


def incident_link_set(
    *, actor: Any, commitment: Commitment, incident: Incident, note: str = ""
) -> tuple[IncidentLink, bool]:
    """Link an incident to a commitment it bears on (shown as the commitment's evidence)."""
    _check_editor(actor)
    with transaction.atomic():
        link = IncidentLink.objects.filter(commitment=commitment, incident=incident).first()
        before = audit.snapshot(link) if link else None
        link = link or IncidentLink(commitment=commitment, incident=incident)
        link.note = note
        if audit.snapshot(link) == before:
            return link, False
        link.save()
        audit.record(
            user=actor,
            action="incident_link.create" if before is None else "incident_link.update",
            obj=link,
            object_label=f"{commitment.key} → {incident}",
            before=before,
            after=audit.snapshot(link),
        )
        return link, True


def incident_link_remove(*, actor: Any, link: IncidentLink) -> None:
    _check_editor(actor)
    with transaction.atomic():
        audit.record(
            user=actor,
            action="incident_link.delete",
            obj=link,
            object_label=f"{link.commitment_id} → {link.incident}",
            before=audit.snapshot(link),
        )
        link.delete()


def violation_category_upsert(
    *, actor: Any, key: str, clauses: Iterable[Clause] = (), **values: Any
) -> tuple[ViolationCategory, bool]:
    return upsert(
        actor=actor, model=ViolationCategory, key=key, values=values, m2m={"clauses": clauses}
    )

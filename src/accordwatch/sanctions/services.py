"""Every edit of sanctions records by hand: one transaction, one audit event, editors only.

List imports have their own service in ``imports.py``; these are what an editor (or the
demo loader, as ``SYSTEM``) does besides importing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accordwatch.commitments.models import Commitment
from accordwatch.core import audit
from accordwatch.core import services as core_services
from accordwatch.core.models import Actor, Confidentiality, PublicationState
from accordwatch.core.permissions import require_editor
from accordwatch.sanctions.models import Entry, Regime, RegimeLink, RegimeStatus
from accordwatch.sanctions.regimes import known


def _check_editor(user: Any) -> None:
    if user is not core_services.SYSTEM:
        require_editor(user)


def regime_upsert(
    *,
    actor: Any,
    list_type: str,
    name: str = "",
    resolution: str = "",
    criteria: str = "",
    established_on: dt.date | None = None,
    ended_on: dt.date | None = None,
    status: str | None = None,
    confidentiality: str = Confidentiality.PUBLIC,
    publication_state: str = PublicationState.PUBLISHED,
) -> tuple[Regime, bool]:
    """Create or update the regime of ``list_type``; a regime that has ended is lapsed
    unless ``status`` says otherwise. Returns ``(regime, changed)``."""
    if status is None:
        status = RegimeStatus.LAPSED if ended_on is not None else RegimeStatus.ACTIVE
    existing = Regime.objects.filter(list_type=list_type).first()
    key = existing.key if existing is not None else known(list_type).key
    return core_services.upsert(
        actor=actor,
        model=Regime,
        key=key,
        values={
            "list_type": list_type,
            "name": name or list_type,
            "resolution": resolution,
            "criteria": criteria,
            "established_on": established_on,
            "ended_on": ended_on,
            "status": status,
            "confidentiality": confidentiality,
            "publication_state": publication_state,
        },
        action_prefix="sanctions_regime",
    )


def regime_for_list_type(*, actor: Any, list_type: str) -> Regime:
    """The regime entries of ``list_type`` belong to, created from what we know of it the
    first time; an existing regime is returned as it is (an editor may have amended it)."""
    found = Regime.objects.filter(list_type=list_type).first()
    if found is not None:
        return found
    facts = known(list_type)
    regime, _ = regime_upsert(
        actor=actor,
        list_type=list_type,
        name=facts.name,
        resolution=facts.resolution,
        criteria=facts.criteria,
        established_on=facts.established_on,
        ended_on=facts.ended_on,
    )
    return regime


def entry_link_actor(*, actor: Any, entry: Entry, linked: Actor | None) -> Entry:
    """Say which actor of the gazetteer a listed entry is (or unlink it with None). Imports
    never touch this link."""
    _check_editor(actor)
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        before = {"actor_id": entry.actor_id}
        entry.actor = linked
        after = {"actor_id": entry.actor_id}
        if before == after:
            return entry
        entry.save(update_fields=["actor"])
        audit.record(
            user=actor, action="sanctions_entry.link_actor", obj=entry, before=before, after=after
        )
        return entry


def entry_summary_set(*, actor: Any, entry: Entry, summary: str) -> bool:
    """Write the body's own summary of a listed entry (imports never touch it). Returns
    whether it changed."""
    _check_editor(actor)
    summary = summary.strip()
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        if entry.summary == summary:
            return False
        before = {"summary": entry.summary}
        entry.summary = summary
        entry.save(update_fields=["summary"])
        audit.record(
            user=actor,
            action="sanctions_entry.summary",
            obj=entry,
            before=before,
            after={"summary": summary},
        )
        return True


def regime_link_set(
    *, actor: Any, commitment: Commitment, regime: Regime, note: str = ""
) -> tuple[RegimeLink, bool]:
    """Link a commitment to the sanctions regime it concerns (its listings become the
    commitment's evidence). Returns ``(link, changed)``."""
    _check_editor(actor)
    with transaction.atomic():
        link = RegimeLink.objects.filter(commitment=commitment, regime=regime).first()
        before = audit.snapshot(link) if link else None
        link = link or RegimeLink(commitment=commitment, regime=regime)
        link.note = note
        if audit.snapshot(link) == before:
            return link, False
        link.full_clean()
        link.save()
        audit.record(
            user=actor,
            action="sanctions_regime_link.create"
            if before is None
            else "sanctions_regime_link.update",
            obj=link,
            object_label=f"{commitment.key} → {regime.key}",
            before=before,
            after=audit.snapshot(link),
        )
        return link, True


def entry_publication_set(
    *, actor: Any, entry: Entry, confidentiality: str, publication_state: str
) -> bool:
    """Hold an entry back from the public (or from members) or publish it again. Imports
    set an entry public only when they create it, so this choice survives later imports.
    Returns whether anything changed."""
    _check_editor(actor)
    if confidentiality not in Confidentiality.values:
        raise ValidationError({"confidentiality": f"not one of {Confidentiality.values}"})
    if publication_state not in PublicationState.values:
        raise ValidationError({"publication_state": f"not one of {PublicationState.values}"})
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        before = {
            "confidentiality": entry.confidentiality,
            "publication_state": entry.publication_state,
        }
        after = {"confidentiality": confidentiality, "publication_state": publication_state}
        if before == after:
            return False
        entry.confidentiality = confidentiality
        entry.publication_state = publication_state
        entry.save(update_fields=["confidentiality", "publication_state"])
        audit.record(
            user=actor, action="sanctions_entry.publication", obj=entry, before=before, after=after
        )
        return True

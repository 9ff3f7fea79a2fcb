"""Every edit of sanctions records by hand: one transaction, one audit event, editors only.

List imports have their own service in ``imports.py``; these are what an editor (or the
demo loader, as ``SYSTEM``) does besides importing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
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


check_editor = _check_editor  # for the other sanctions service modules


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


# Editing by hand (the pages of views_edit.py)

_REGIME_EDITABLE = (
    "name",
    "resolution",
    "criteria",
    "summary",
    "established_on",
    "ended_on",
    "status",
)


def regime_fields_check(
    *, name: str, established_on: dt.date | None, ended_on: dt.date | None
) -> None:
    """What a regime's own fields must satisfy, whoever writes them."""
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["Give the regime a name."]
    if established_on and ended_on and ended_on < established_on:
        errors["ended_on"] = ["The regime cannot end before it was established."]
    if errors:
        raise ValidationError(errors)


def set_regime_links(regime: Regime, commitments: Iterable[Commitment]) -> list[int]:
    """Link the regime to exactly these commitments (a kept link keeps its note); the
    caller holds the transaction and writes the audit event. Returns the linked ids."""
    wanted = {commitment.pk for commitment in commitments}
    regime.links.exclude(commitment_id__in=wanted).delete()
    have = set(regime.links.values_list("commitment_id", flat=True))
    RegimeLink.objects.bulk_create(
        [RegimeLink(regime=regime, commitment_id=pk) for pk in sorted(wanted - have)]
    )
    return sorted(wanted)


def _regime_state(regime: Regime) -> dict[str, Any]:
    state = audit.to_json({name: getattr(regime, name) for name in _REGIME_EDITABLE})
    state["commitments"] = sorted(regime.links.values_list("commitment_id", flat=True))
    return state


def regime_edit(
    *,
    actor: Any,
    regime: Regime,
    name: str,
    resolution: str = "",
    criteria: str = "",
    summary: str = "",
    established_on: dt.date | None = None,
    ended_on: dt.date | None = None,
    status: str = RegimeStatus.ACTIVE,
    commitments: Iterable[Commitment] = (),
) -> bool:
    """An editor's changes to a regime (a UN one or the body's own): its fields in our
    words and the decisions and commitments it answers. Its list type, origin and entries
    stay as they are; imports never undo these changes. Returns whether anything changed."""
    _check_editor(actor)
    name = name.strip()
    regime_fields_check(name=name, established_on=established_on, ended_on=ended_on)
    if status not in RegimeStatus.values:
        raise ValidationError({"status": [f"not one of {RegimeStatus.values}"]})
    with transaction.atomic():
        regime = Regime.objects.select_for_update().get(pk=regime.pk)
        before = _regime_state(regime)
        regime.name = name
        regime.resolution = resolution.strip()
        regime.criteria = criteria.strip()
        regime.summary = summary.strip()
        regime.established_on = established_on
        regime.ended_on = ended_on
        regime.status = status
        regime.full_clean()
        regime.save(update_fields=list(_REGIME_EDITABLE))
        set_regime_links(regime, commitments)
        after = _regime_state(regime)
        if after == before:
            return False
        audit.record(
            user=actor, action="sanctions_regime.update", obj=regime, before=before, after=after
        )
        return True


def entry_annotate(*, actor: Any, entry: Entry, summary: str, linked: Actor | None) -> bool:
    """The body's own notes on a listed entry, in one change: its summary in our words and
    the actor of the gazetteer it is (the dossier then shows that actor's incidents). Imports
    never touch either. Returns whether anything changed."""
    _check_editor(actor)
    summary = summary.strip()
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        before = {"summary": entry.summary, "actor_id": entry.actor_id}
        after = {"summary": summary, "actor_id": linked.pk if linked is not None else None}
        if before == after:
            return False
        entry.summary = summary
        entry.actor = linked
        entry.save(update_fields=["summary", "actor"])
        audit.record(
            user=actor, action="sanctions_entry.annotate", obj=entry, before=before, after=after
        )
        return True

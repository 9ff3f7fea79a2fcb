"""Incident services: creation and update with audit, the verification workflow, attribution,
witnesses, retirement — and who may do each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction

from accordwatch.core import audit
from accordwatch.core.models import AuditEvent
from accordwatch.core.services import SYSTEM
from accordwatch.incidents import services
from accordwatch.incidents.models import (
    EventType,
    Incident,
    VerificationStep,
    ViolationCategory,
)
from tests import factories
from tests.incidents.builders import event_type, incident

pytestmark = pytest.mark.django_db


def test_vocabulary_ships_acled_types_and_violation_categories():
    assert EventType.objects.filter(level="event").count() == 6
    assert EventType.objects.filter(level="sub_event").count() == 25
    assert EventType.objects.get(name="Armed clash").parent.name == "Battles"
    assert set(ViolationCategory.objects.values_list("name", flat=True)) >= {
        "Attack on positions",
        "Movement of forces",
        "Obstruction of patrols or aid",
        "Attack on civilians",
        "Hostile propaganda",
        "Denial of access",
    }


def test_upsert_creates_then_updates_with_one_audit_event_each(analyst):
    first = incident(actor=analyst, event_id="MON-A", fatalities=1)
    again = services.incident_upsert(
        actor=analyst, dataset="monitor", event_id="MON-A", fatalities=1
    )
    assert again == (first, False)
    services.incident_upsert(actor=analyst, dataset="monitor", event_id="MON-A", fatalities=4)
    actions = list(
        AuditEvent.objects.filter(object_type="incidents.incident", object_id=str(first.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["incident.create", "incident.update"]
    assert Incident.objects.get(pk=first.pk).fatalities == 4
    assert not list(audit.verify())


@pytest.mark.parametrize("persona", ["delegate", "outsider"])
def test_only_editors_write(persona, user_of):
    user = user_of(persona) or AnonymousUser()
    with pytest.raises(PermissionDenied):
        services.incident_upsert(
            actor=user, dataset="monitor", event_id="X", event_date=dt.date.today()
        )
    assert not Incident.objects.exists()


def test_coordinates_out_of_range_are_refused():
    with pytest.raises(ValidationError):
        incident(latitude=95.0, longitude=1.0)


def test_verification_goes_through_investigation_signed_and_dated(analyst, admin):
    event = incident()
    with pytest.raises(ValidationError, match="under_investigation"):
        services.incident_verify(actor=analyst, incident=event, status="verified", comment="sure")
    services.incident_verify(
        actor=analyst, incident=event, status="under_investigation", comment="patrol sent"
    )
    step = services.incident_verify(
        actor=admin, incident=event, status="verified", comment="two sources agree"
    )
    event.refresh_from_db()
    assert event.verification_status == "verified"
    steps = list(event.verification_steps.order_by("at", "id"))
    assert [(s.previous_status, s.status, s.by) for s in steps] == [
        ("reported", "under_investigation", analyst),
        ("under_investigation", "verified", admin),
    ]
    assert step.at is not None and step.by_label == "admin"
    events = AuditEvent.objects.filter(action="incident.verify", object_id=str(event.pk))
    assert events.count() == 2
    # A judgement may be reopened, never skipped back to "reported".
    with pytest.raises(ValidationError):
        services.incident_verify(actor=admin, incident=event, status="reported", comment="undo")
    services.incident_verify(
        actor=admin, incident=event, status="under_investigation", comment="new video"
    )


def test_verification_needs_a_comment_and_an_editor(analyst, delegate):
    event = incident()
    with pytest.raises(ValidationError, match="comment"):
        services.incident_verify(
            actor=analyst, incident=event, status="under_investigation", comment="  "
        )
    with pytest.raises(PermissionDenied):
        services.incident_verify(
            actor=delegate, incident=event, status="under_investigation", comment="why not"
        )
    assert not VerificationStep.objects.exists()


def test_verification_log_is_append_only(analyst):
    event = incident()
    step = services.incident_verify(
        actor=analyst, incident=event, status="under_investigation", comment="looking"
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        VerificationStep.objects.filter(pk=step.pk).update(comment="rewritten")


def test_attribution_per_party_with_confidence(analyst):
    event = incident()
    cma = factories.actor(name_en="Coordination of Azawad Movements", acronym="CMA")
    first, changed = services.attribution_set(
        actor=analyst, incident=event, party=cma, confidence="likely"
    )
    assert changed
    assert services.attribution_set(
        actor=analyst, incident=event, party=cma, confidence="likely"
    ) == (first, False)
    services.attribution_set(actor=analyst, incident=event, party=cma, confidence="confirmed")
    assert list(event.attributions.values_list("confidence", flat=True)) == ["confirmed"]
    with pytest.raises(ValidationError):
        services.attribution_set(actor=analyst, incident=event, party=None, confidence="likely")
    services.attribution_set(actor=analyst, incident=event, party=None, confidence="unattributed")
    assert event.attributions.count() == 2


def test_witness_details_stay_out_of_the_audit_log(analyst):
    event = incident()
    witness = services.witness_add(
        actor=analyst,
        incident=event,
        name="Witness Kappa",
        contact="+223 00 00 00 00",
        statement="Saw two vehicles.",
    )
    logged = AuditEvent.objects.get(action="witness.create")
    assert logged.object_id == str(witness.pk)
    text = str(logged.before) + str(logged.after) + logged.object_label
    assert "Kappa" not in text and "+223" not in text and "vehicles" not in text


def test_retire_is_soft_audited_and_once(analyst):
    event = incident()
    assert services.incident_retire(actor=analyst, incident=event, reason="entered twice")
    assert not services.incident_retire(actor=analyst, incident=event)
    event.refresh_from_db()
    assert event.retired_at is not None
    assert Incident.objects.filter(pk=event.pk).exists()
    assert AuditEvent.objects.filter(action="incident.retire", object_id=str(event.pk)).count() == 1
    assert services.incident_restore(actor=analyst, incident=event)
    event.refresh_from_db()
    assert event.retired_at is None


def test_link_to_commitment_is_audited(analyst):
    event = incident()
    decision = factories.commitment(title="Respect the ceasefire")
    link, changed = services.incident_link_set(
        actor=analyst, commitment=decision, incident=event, note="since the meeting"
    )
    assert changed
    assert not services.incident_link_set(
        actor=analyst, commitment=decision, incident=event, note="since the meeting"
    )[1]
    assert AuditEvent.objects.filter(action="incident_link.create").count() == 1


def test_system_may_act_for_operator_jobs():
    event = incident(actor=SYSTEM, event_type=event_type("Riots"))
    assert event.event_type.name == "Riots"

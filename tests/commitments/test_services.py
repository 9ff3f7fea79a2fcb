"""Writes to the commitments tracker: rules on scores, permissions, one audit event each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from accordwatch.commitments import services as cs
from accordwatch.commitments.models import Assessment, Commitment
from accordwatch.core.models import AuditEvent
from tests import factories as f

D = dt.date


@pytest.fixture
def action(db):
    return f.commitment(key="patrols", kind="action")


@pytest.fixture
def position(db):
    return f.commitment(key="support", kind="position")


def audit_count() -> int:
    return AuditEvent.objects.count()


def test_an_assessment_is_recorded_with_one_audit_event(action, analyst):
    before = audit_count()

    assessment = cs.assessment_create(
        actor=analyst, commitment=action, as_of=D(2017, 9, 1), score=2, rationale="Half done."
    )

    assert assessment.score == 2
    assert assessment.assessor == analyst
    events = AuditEvent.objects.filter(seq__gt=before)
    assert [(e.action, e.user_id, e.object_id) for e in events] == [
        ("assessment.create", analyst.pk, str(assessment.pk))
    ]
    assert events[0].after["score"] == 2


def test_an_assessment_takes_its_commitments_visibility_by_default(db, analyst):
    internal = f.commitment(key="internal-one", confidentiality="internal")

    assessment = cs.assessment_create(
        actor=analyst, commitment=internal, as_of=D(2017, 1, 1), score=0, rationale="Not yet."
    )

    assert assessment.confidentiality == "internal"


def test_a_position_takes_no_score(position, analyst):
    before = audit_count()

    with pytest.raises(ValidationError) as error:
        cs.assessment_create(
            actor=analyst, commitment=position, as_of=D(2017, 1, 1), score=1, rationale="r"
        )

    assert "score" in error.value.message_dict
    assert not Assessment.objects.filter(commitment=position).exists()
    assert audit_count() == before


def test_a_position_is_assessed_as_not_applicable(position, analyst):
    assessment = cs.assessment_create(
        actor=analyst, commitment=position, as_of=D(2017, 1, 1), score=None, rationale="Holds."
    )

    assert assessment.score is None


def test_an_action_needs_a_score(action, analyst):
    with pytest.raises(ValidationError) as error:
        cs.assessment_create(
            actor=analyst, commitment=action, as_of=D(2017, 1, 1), score=None, rationale="r"
        )

    assert "score" in error.value.message_dict
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("score", [-1, 4])
def test_a_score_outside_the_scale_is_refused(action, analyst, score):
    with pytest.raises(ValidationError):
        cs.assessment_create(
            actor=analyst, commitment=action, as_of=D(2017, 1, 1), score=score, rationale="r"
        )
    assert not Assessment.objects.exists()


def test_an_assessment_needs_a_rationale(action, analyst):
    with pytest.raises(ValidationError) as error:
        cs.assessment_create(
            actor=analyst, commitment=action, as_of=D(2017, 1, 1), score=1, rationale="  "
        )

    assert "rationale" in error.value.message_dict


@pytest.mark.parametrize("persona", ["delegate", "outsider"])
def test_members_and_the_public_cannot_write(action, user_of, persona):
    user = user_of(persona) or AnonymousUser()
    before = audit_count()

    with pytest.raises(PermissionDenied):
        cs.assessment_create(
            actor=user, commitment=action, as_of=D(2017, 1, 1), score=3, rationale="r"
        )
    with pytest.raises(PermissionDenied):
        cs.commitment_upsert(actor=user, key="new", document=action.document, title="New")
    with pytest.raises(PermissionDenied):
        cs.publication_set(actor=user, record=action, publication_state="withdrawn")

    assert audit_count() == before
    assert not Assessment.objects.exists()
    assert not Commitment.objects.filter(key="new").exists()


def test_admins_write_like_editors(action, admin):
    cs.assessment_create(
        actor=admin, commitment=action, as_of=D(2017, 1, 1), score=1, rationale="r"
    )

    assert Assessment.objects.filter(commitment=action).count() == 1


def test_commitment_upsert_twice_with_the_same_data_changes_nothing(db, analyst):
    document = f.document(key="agreement")
    gov = f.actor(key="gov")
    values = {
        "key": "cantonment",
        "document": document,
        "title": "Canton the combatants",
        "weight": 2,
        "deadline": D(2016, 1, 1),
        "responsible": [gov],
    }

    created, changed_first = cs.commitment_upsert(actor=analyst, **values)
    events = audit_count()
    again, changed_again = cs.commitment_upsert(actor=analyst, **values)

    assert changed_first is True
    assert changed_again is False
    assert again.pk == created.pk
    assert audit_count() == events
    assert Commitment.objects.filter(key="cantonment").count() == 1


def test_commitment_upsert_records_a_change_with_before_and_after(db, analyst):
    document = f.document(key="agreement")
    cs.commitment_upsert(actor=analyst, key="c", document=document, title="Old title")

    cs.commitment_upsert(actor=analyst, key="c", document=document, title="New title")

    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "commitment.update"
    assert (event.before["title"], event.after["title"]) == ("Old title", "New title")


def test_a_commitment_cannot_cite_another_documents_clause(db, analyst):
    agreement = f.document(key="agreement")
    other = f.document(key="other")
    clause, _ = cs.clause_upsert(actor=analyst, document=other, ref="Art. 1", level="article")

    with pytest.raises(ValidationError):
        cs.commitment_upsert(
            actor=analyst, key="c", document=agreement, title="T", clauses=[clause]
        )

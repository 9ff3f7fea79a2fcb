"""The verification workflow and the editors' discussion, per persona: only the allowed
next statuses are offered and accepted, each step needs a comment, comments are
append-only and for editors only, and every step and comment is audited."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse

from accordwatch.core.models import AuditEvent
from accordwatch.core.services import SYSTEM
from accordwatch.incidents import selectors, services
from accordwatch.incidents.models import IncidentComment
from tests.incidents.builders import incident

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "analyst", "delegate", "outsider"]
EDITORS = {"admin", "analyst"}


def url(name: str, event) -> str:
    return reverse(name, args=[event.dataset, event.event_id])


def offered_statuses(html: str) -> set[str]:
    form = html.split('data-testid="verify-form"', 1)[1].split("</form>", 1)[0]
    return set(re.findall(r'<option value="([a-z_]+)"', form))


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_editors_open_the_verification_page(persona, as_persona):
    event = incident(event_id="V1")
    response = as_persona(persona).get(url("incident-verification", event))
    expected = {"admin": 200, "analyst": 200, "delegate": 403, "outsider": 302}[persona]
    assert response.status_code == expected


def test_the_form_offers_only_the_allowed_next_statuses(as_persona):
    event = incident(event_id="V2")
    client = as_persona("analyst")
    html = client.get(url("incident-verification", event)).content.decode()
    assert offered_statuses(html) == {"under_investigation"}
    services.incident_verify(
        actor=SYSTEM, incident=event, status="under_investigation", comment="patrol sent"
    )
    html = client.get(url("incident-verification", event)).content.decode()
    assert offered_statuses(html) == {"verified", "unverifiable", "dismissed"}


def test_an_editor_walks_an_incident_to_verified_with_comments(as_persona, analyst, admin):
    event = incident(event_id="V3")
    first = as_persona("analyst").post(
        url("incident-verification", event),
        {"status": "under_investigation", "comment": "Asked the sector commander."},
    )
    assert first.status_code == 302
    second = as_persona("admin").post(
        url("incident-verification", event),
        {"status": "verified", "comment": "Two patrols confirm the exchange of fire."},
    )
    assert second.status_code == 302
    event.refresh_from_db()
    assert event.verification_status == "verified"
    steps = list(event.verification_steps.order_by("at", "id"))
    assert [(s.previous_status, s.status, s.by) for s in steps] == [
        ("reported", "under_investigation", analyst),
        ("under_investigation", "verified", admin),
    ]
    html = as_persona("analyst").get(url("incident-verification", event)).content.decode()
    assert "Asked the sector commander." in html and "Two patrols confirm" in html
    assert AuditEvent.objects.filter(action="incident.verify").count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "verified", "comment": "skipping the investigation"}, "status"),
        ({"status": "under_investigation", "comment": "   "}, "comment"),
        ({"status": "no_such_status", "comment": "x"}, "status"),
    ],
)
def test_a_step_not_allowed_or_without_comment_is_refused(data, field, as_persona):
    event = incident(event_id="V4")
    response = as_persona("analyst").post(url("incident-verification", event), data)
    assert response.status_code == 400
    assert field in response.context["verify_form"].errors
    event.refresh_from_db()
    assert event.verification_status == "reported"
    assert not event.verification_steps.exists()


@pytest.mark.parametrize("persona", ["delegate", "outsider"])
def test_readers_cannot_verify_or_comment(persona, as_persona):
    event = incident(event_id="V5")
    client = as_persona(persona)
    verify = client.post(
        url("incident-verification", event), {"status": "under_investigation", "comment": "x"}
    )
    comment = client.post(url("incident-comment", event), {"body": "a reader's note"})
    assert (verify.status_code, comment.status_code) == (403, 403)
    assert not event.verification_steps.exists() and not IncidentComment.objects.exists()


def test_a_comment_leaves_the_status_and_is_audited(as_persona, analyst):
    event = incident(event_id="V6")
    response = as_persona("analyst").post(
        url("incident-comment", event), {"body": "Waiting for the photos.\r\nCall again Monday."}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.verification_status == "reported"
    comment = IncidentComment.objects.get()
    assert (comment.by, comment.body) == (analyst, "Waiting for the photos.\nCall again Monday.")
    audited = AuditEvent.objects.get(action="incident.comment")
    assert audited.user == analyst and audited.after["body"] == comment.body


def test_an_empty_comment_is_refused(as_persona):
    event = incident(event_id="V7")
    response = as_persona("analyst").post(url("incident-comment", event), {"body": " "})
    assert response.status_code == 400
    assert "body" in response.context["comment_form"].errors
    assert not IncidentComment.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_steps_are_part_of_the_record_comments_are_for_editors(persona, as_persona, user_of):
    event = incident(event_id="V8")
    services.incident_verify(
        actor=SYSTEM, incident=event, status="under_investigation", comment="step comment seen"
    )
    services.incident_comment_add(actor=SYSTEM, incident=event, body="editors-only discussion")
    html = as_persona(persona).get(url("incident-detail", event)).content.decode()
    # Members see the signed steps on the incident page; the public sees the status only.
    assert ("step comment seen" in html) == (persona != "outsider")
    assert "editors-only discussion" not in html
    comments = selectors.incident_comments(user=user_of(persona), incident=event)
    assert [c.body for c in comments] == (["editors-only discussion"] if persona in EDITORS else [])


def test_comments_need_an_editor_and_are_append_only(delegate):
    event = incident(event_id="V9")
    with pytest.raises(PermissionDenied):
        services.incident_comment_add(actor=delegate, incident=event, body="not allowed")
    with pytest.raises(ValidationError):
        services.incident_comment_add(actor=SYSTEM, incident=event, body="")
    comment = services.incident_comment_add(actor=SYSTEM, incident=event, body="kept forever")
    with pytest.raises(DatabaseError), transaction.atomic():
        IncidentComment.objects.filter(pk=comment.pk).update(body="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        IncidentComment.objects.filter(pk=comment.pk).delete()
    assert IncidentComment.objects.get(pk=comment.pk).body == "kept forever"


def test_comment_text_is_escaped(as_persona):
    event = incident(event_id="V10")
    services.incident_comment_add(actor=SYSTEM, incident=event, body="<script>alert(1)</script>")
    html = as_persona("analyst").get(url("incident-verification", event)).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html

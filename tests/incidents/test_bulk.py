"""Bulk actions on a filtered selection of incidents: the service (each action, one audit
event per changed incident, all or nothing, editors only) and the list page's controls,
confirmation step and POST per persona."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from accordwatch.core import audit
from accordwatch.core.models import AuditEvent
from accordwatch.core.services import SYSTEM
from accordwatch.incidents import services, services_bulk
from accordwatch.incidents.models import Incident, VerificationStep, ViolationCategory
from accordwatch.incidents.services_bulk import BulkRefused, incidents_bulk_apply
from tests.incidents.builders import event_type, incident

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "analyst", "delegate", "outsider"]
EDITORS = {"admin", "analyst"}
DRAFT = {"publication_state": "draft"}


def state(ids) -> list[tuple]:
    """Everything a bulk action may change, per incident, to compare before and after."""
    return list(
        Incident.objects.filter(pk__in=ids)
        .order_by("pk")
        .values_list(
            "pk",
            "confidentiality",
            "publication_state",
            "verification_status",
            "violation_category_id",
            "retired_at",
        )
    )


def events_for(ids, action: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_type="incidents.incident",
            object_id__in=[str(pk) for pk in ids],
            action=action,
        ).order_by("seq")
    )


@pytest.fixture
def three():
    return [incident(event_id=f"BULK-{n}", **DRAFT) for n in range(3)]


# --- the service -------------------------------------------------------------------------


def test_publish_changes_each_incident_with_its_own_audit_event(analyst, three):
    ids = [i.pk for i in three]
    result = incidents_bulk_apply(actor=analyst, incident_ids=ids, action="publish")
    assert (result.selected, result.changed, result.unchanged) == (3, 3, 0)
    assert {row[2] for row in state(ids)} == {"published"}
    events = events_for(ids, "incident.publication")
    assert sorted(e.object_id for e in events) == sorted(str(pk) for pk in ids)
    assert all(e.before["publication_state"] == "draft" for e in events)
    assert all(e.after["publication_state"] == "published" for e in events)
    assert all(e.user_id == analyst.pk for e in events)
    assert {e.object_label for e in events} == {str(i) for i in three}
    assert not list(audit.verify())


def test_what_is_already_as_asked_is_neither_written_nor_audited(analyst, three):
    services_bulk.incidents_bulk_apply(actor=analyst, incident_ids=[three[0].pk], action="publish")
    result = incidents_bulk_apply(
        actor=analyst, incident_ids=[i.pk for i in three], action="publish"
    )
    assert (result.changed, result.unchanged) == (2, 1)
    assert len(events_for([three[0].pk], "incident.publication")) == 1


def test_unpublish_goes_back_to_draft_and_confidentiality_is_set(analyst):
    shown = incident(event_id="BULK-PUB")
    incidents_bulk_apply(actor=analyst, incident_ids=[shown.pk], action="unpublish")
    incidents_bulk_apply(
        actor=analyst,
        incident_ids=[shown.pk],
        action="confidentiality",
        confidentiality="restricted",
    )
    shown.refresh_from_db()
    assert (shown.publication_state, shown.confidentiality) == ("draft", "restricted")
    with pytest.raises(ValidationError):
        incidents_bulk_apply(
            actor=analyst, incident_ids=[shown.pk], action="confidentiality", confidentiality="x"
        )


def test_violation_category_is_set_and_cleared(analyst, three):
    ids = [i.pk for i in three]
    attack = ViolationCategory.objects.get(key="attack-on-positions")
    incidents_bulk_apply(
        actor=analyst, incident_ids=ids, action="violation_category", violation_category=attack.key
    )
    assert {row[4] for row in state(ids)} == {attack.pk}
    incidents_bulk_apply(
        actor=analyst, incident_ids=ids, action="violation_category", violation_category=""
    )
    assert {row[4] for row in state(ids)} == {None}
    events = events_for(ids, "incident.update")
    assert len(events) == 6
    assert events[-1].before == {"violation_category_id": attack.pk}
    with pytest.raises(ValidationError):
        incidents_bulk_apply(
            actor=analyst, incident_ids=ids, action="violation_category", violation_category="nope"
        )


def test_verification_step_is_signed_and_logged_for_each_incident(analyst, three):
    ids = [i.pk for i in three]
    incidents_bulk_apply(
        actor=analyst,
        incident_ids=ids,
        action="verify",
        status="under_investigation",
        comment="  Patrol reports to be checked  ",
    )
    steps = VerificationStep.objects.filter(incident_id__in=ids)
    assert steps.count() == 3
    assert {(s.previous_status, s.status, s.by_id, s.comment) for s in steps} == {
        ("reported", "under_investigation", analyst.pk, "Patrol reports to be checked")
    }
    events = events_for(ids, "incident.verify")
    assert {e.after["step"] for e in events} == set(steps.values_list("pk", flat=True))
    assert {e.after["comment"] for e in events} == {"Patrol reports to be checked"}


def test_verification_needs_a_comment_and_a_known_status(analyst, three):
    ids = [i.pk for i in three]
    with pytest.raises(ValidationError, match="comment"):
        incidents_bulk_apply(
            actor=analyst, incident_ids=ids, action="verify", status="under_investigation"
        )
    with pytest.raises(ValidationError, match="status"):
        incidents_bulk_apply(
            actor=analyst, incident_ids=ids, action="verify", status="x", comment="y"
        )


def test_a_status_that_forbids_the_step_refuses_the_whole_action_naming_it(analyst, three):
    ids = [i.pk for i in three]
    services.incident_verify(
        actor=analyst, incident=three[1], status="under_investigation", comment="first look"
    )
    before, events_before = state(ids), AuditEvent.objects.count()
    with pytest.raises(BulkRefused) as refused:
        incidents_bulk_apply(
            actor=analyst, incident_ids=ids, action="verify", status="verified", comment="seen"
        )
    assert refused.value.event_ids == ["BULK-0", "BULK-2"]
    assert (
        "BULK-0" in refused.value.messages[0] and "nothing was changed" in refused.value.messages[0]
    )
    assert state(ids) == before
    assert AuditEvent.objects.count() == events_before
    assert VerificationStep.objects.filter(incident_id__in=ids).count() == 1


def test_retire_needs_a_reason_and_hides_the_incidents(analyst, three):
    ids = [i.pk for i in three]
    with pytest.raises(ValidationError, match="reason"):
        incidents_bulk_apply(actor=analyst, incident_ids=ids, action="retire", reason=" ")
    incidents_bulk_apply(actor=analyst, incident_ids=ids, action="retire", reason="entered twice")
    assert all(row[5] is not None for row in state(ids))
    assert {e.after["reason"] for e in events_for(ids, "incident.retire")} == {"entered twice"}
    again = incidents_bulk_apply(actor=analyst, incident_ids=ids, action="retire", reason="again")
    assert again.changed == 0


def test_an_unknown_incident_refuses_the_action(analyst, three):
    before = state([i.pk for i in three])
    with pytest.raises(BulkRefused, match="no longer exist"):
        incidents_bulk_apply(actor=analyst, incident_ids=[three[0].pk, 999_999], action="publish")
    assert state([i.pk for i in three]) == before


def test_unknown_action_and_empty_selection_are_refused(analyst, three):
    with pytest.raises(ValidationError, match="unknown bulk action"):
        incidents_bulk_apply(actor=analyst, incident_ids=[three[0].pk], action="delete")
    with pytest.raises(ValidationError, match="no incident"):
        incidents_bulk_apply(actor=analyst, incident_ids=[], action="publish")


@pytest.mark.parametrize("persona", ["delegate", "outsider"])
def test_only_editors_may_apply_bulk_actions(persona, user_of, three):
    before = state([i.pk for i in three])
    with pytest.raises(PermissionDenied):
        incidents_bulk_apply(
            actor=user_of(persona) or AnonymousUser(), incident_ids=[three[0].pk], action="publish"
        )
    assert state([i.pk for i in three]) == before


def test_admin_and_operator_jobs_may_apply_them(admin, three):
    assert incidents_bulk_apply(actor=admin, incident_ids=[three[0].pk], action="publish").changed
    assert incidents_bulk_apply(actor=SYSTEM, incident_ids=[three[1].pk], action="publish").changed


def test_a_failure_while_writing_leaves_everything_as_it_was(analyst, three, monkeypatch):
    ids = [i.pk for i in three]
    before, events_before = state(ids), AuditEvent.objects.count()

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services_bulk.audit, "record_many", broken)
    with pytest.raises(RuntimeError):
        incidents_bulk_apply(
            actor=analyst,
            incident_ids=ids,
            action="verify",
            status="under_investigation",
            comment="x",
        )
    assert state(ids) == before
    assert AuditEvent.objects.count() == events_before
    assert not VerificationStep.objects.filter(incident_id__in=ids).exists()


def test_thousands_of_incidents_in_chunks_each_audited(analyst):
    battles = event_type("Battles")
    Incident.objects.bulk_create(
        Incident(
            dataset="monitor",
            event_id=f"MANY-{n}",
            event_date=dt.date(2017, 1, 1) + dt.timedelta(days=n % 300),
            event_type=battles,
        )
        for n in range(services_bulk.CHUNK * 2 + 7)
    )
    ids = list(Incident.objects.filter(event_id__startswith="MANY-").values_list("pk", flat=True))
    result = incidents_bulk_apply(
        actor=analyst,
        incident_ids=ids,
        action="verify",
        status="under_investigation",
        comment="all",
    )
    assert result.changed == len(ids) == services_bulk.CHUNK * 2 + 7
    assert set(
        Incident.objects.filter(pk__in=ids).values_list("verification_status", flat=True)
    ) == {"under_investigation"}
    assert len(events_for(ids, "incident.verify")) == len(ids)
    assert VerificationStep.objects.filter(incident_id__in=ids).count() == len(ids)
    assert not list(audit.verify())


# --- the list page and the review/confirm POST ---------------------------------------------

LIST = "/incidents/"
BULK = "/incidents/bulk/"


@pytest.fixture
def regions():
    """Two incidents in Gao, one in Kidal, all drafts reported."""
    return {
        "gao": [incident(event_id=f"GAO-{n}", admin1="Gao", **DRAFT) for n in range(2)],
        "kidal": [incident(event_id="KID-0", admin1="Kidal", **DRAFT)],
    }


def hidden_fields(html: str) -> list[tuple[str, str]]:
    """The confirmation form's hidden inputs, to post them back as a browser would."""
    confirm = html.split('data-testid="bulk-confirm"', 1)[1].split("</form>", 1)[0]
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', confirm)


def post_confirm(client, html: str):
    data: dict[str, list[str]] = {}
    for name, value in hidden_fields(html):
        data.setdefault(name, []).append(value.replace("&amp;", "&"))
    return client.post(BULK, data)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_editors_see_the_bulk_controls(persona, regions, as_persona):
    html = as_persona(persona).get(LIST).content.decode()
    shown = persona in EDITORS
    assert ('data-testid="bulk-form"' in html) is shown
    assert ('name="incident"' in html) is shown
    assert (f'action="{BULK}"' in html) is shown
    if shown:
        assert "All 3 incidents matching these filters" in html
        assert "csrfmiddlewaretoken" in html
    assert "{#" not in html and "{% comment" not in html  # no template note leaks


def test_no_controls_when_nothing_matches(regions, as_persona):
    html = as_persona("analyst").get(LIST + "?admin1=Gao&date_from=2030-01-01").content.decode()
    assert 'data-testid="bulk-form"' not in html


@pytest.mark.parametrize("persona", ["delegate", "outsider"])
def test_readers_get_403_on_post_and_nothing_changes(persona, regions, as_persona):
    ids = [i.pk for i in regions["gao"]]
    before = state(ids)
    response = as_persona(persona).post(
        BULK, {"scope": "selected", "incident": ids, "action": "publish", "confirm": "1"}
    )
    assert response.status_code == 403
    assert state(ids) == before


def test_csrf_token_is_required(regions, analyst):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    response = client.post(BULK, {"scope": "all", "action": "publish"})
    assert response.status_code == 403


@pytest.mark.parametrize("persona", sorted(EDITORS))
def test_review_shows_the_count_and_filters_and_changes_nothing(persona, regions, as_persona):
    ids = [i.pk for group in regions.values() for i in group]
    before = state(ids)
    response = as_persona(persona).post(
        BULK, {"scope": "all", "filters": "admin1=Gao", "action": "publish"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 incidents matching these filters" in html
    assert 'Region: <strong dir="auto">Gao</strong>' in html
    assert "Apply to 2 incidents" in html
    assert state(ids) == before


def test_all_matching_the_filters_is_exactly_the_filtered_set(regions, as_persona, analyst):
    client = as_persona("analyst")
    review = client.post(BULK, {"scope": "all", "filters": "admin1=Gao", "action": "publish"})
    response = post_confirm(client, review.content.decode())
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?admin1=Gao"
    published = set(
        Incident.objects.filter(publication_state="published").values_list("event_id", flat=True)
    )
    assert published == {"GAO-0", "GAO-1"}
    assert len(events_for([i.pk for i in regions["gao"]], "incident.publication")) == 2
    followed = client.get(response["Location"]).content.decode()
    assert "2 incidents changed" in followed


def test_all_pages_are_included_not_only_the_first(analyst, as_persona, monkeypatch):
    from accordwatch.incidents import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    made = [incident(event_id=f"PG-{n}", **DRAFT) for n in range(5)]
    client = as_persona("analyst")
    list_html = client.get(LIST).content.decode()
    assert list_html.count('name="incident"') == 2
    review = client.post(BULK, {"scope": "all", "filters": "", "action": "publish"})
    post_confirm(client, review.content.decode())
    assert {row[2] for row in state([i.pk for i in made])} == {"published"}


def test_ticked_incidents_only_and_only_those_the_filters_match(regions, as_persona):
    client = as_persona("analyst")
    gao, kidal = regions["gao"], regions["kidal"]
    review = client.post(
        BULK,
        {
            "scope": "selected",
            "filters": "admin1=Gao",
            "incident": [gao[0].pk, kidal[0].pk],
            "action": "confidentiality",
            "confidentiality": "restricted",
        },
    )
    assert "1 ticked incident" in review.content.decode()
    assert "1 ticked incident does not match these filters" in review.content.decode()
    post_confirm(client, review.content.decode())
    restricted = set(
        Incident.objects.filter(confidentiality="restricted").values_list("event_id", flat=True)
    )
    assert restricted == {"GAO-0"}


def test_a_blocked_verification_step_is_listed_and_cannot_be_confirmed(
    regions, as_persona, analyst
):
    services.incident_verify(
        actor=analyst, incident=regions["gao"][0], status="under_investigation", comment="look"
    )
    ids = [i.pk for group in regions.values() for i in group]
    before = state(ids)
    client = as_persona("analyst")
    response = client.post(
        BULK,
        {"scope": "all", "filters": "", "action": "verify", "status": "verified", "comment": "ok"},
    )
    html = response.content.decode()
    assert 'data-testid="bulk-blocked"' in html
    assert "GAO-1, KID-0" in html
    assert 'data-testid="bulk-confirm"' not in html
    forced = client.post(
        BULK,
        {
            "scope": "all",
            "action": "verify",
            "status": "verified",
            "comment": "ok",
            "confirm": "1",
            "fingerprint": "whatever",
        },
    )
    assert forced.status_code == 200 and state(ids) == before


def test_confirming_a_selection_that_changed_since_review_changes_nothing(regions, as_persona):
    client = as_persona("analyst")
    review = client.post(BULK, {"scope": "all", "filters": "admin1=Gao", "action": "publish"})
    newcomer = incident(event_id="GAO-NEW", admin1="Gao", **DRAFT)
    response = post_confirm(client, review.content.decode())
    assert response.status_code == 200
    assert "now 3" in response.content.decode()
    ids = [newcomer.pk, *(i.pk for i in regions["gao"])]
    assert {row[2] for row in state(ids)} == {"draft"}
    post_confirm(client, response.content.decode())
    assert {row[2] for row in state(ids)} == {"published"}


def test_missing_settings_are_reported_on_the_review_page(regions, as_persona):
    client = as_persona("analyst")
    response = client.post(BULK, {"scope": "all", "action": "retire", "reason": ""})
    assert response.status_code == 400
    assert "Say why these incidents are retired." in response.content.decode()
    nothing = client.post(BULK, {"scope": "selected", "action": "publish"})
    assert nothing.status_code == 400
    assert "Tick at least one incident" in nothing.content.decode()


def test_retire_and_category_through_the_page(regions, as_persona):
    client = as_persona("analyst")
    review = client.post(
        BULK,
        {
            "scope": "all",
            "filters": "admin1=Kidal",
            "action": "violation_category",
            "violation_category": "attack-on-positions",
        },
    )
    post_confirm(client, review.content.decode())
    kidal = regions["kidal"][0]
    kidal.refresh_from_db()
    assert kidal.violation_category.key == "attack-on-positions"
    review = client.post(
        BULK, {"scope": "all", "filters": "admin1=Kidal", "action": "retire", "reason": "twice"}
    )
    post_confirm(client, review.content.decode())
    kidal.refresh_from_db()
    assert kidal.retired_at is not None
    assert "KID-0" not in client.get(LIST).content.decode()

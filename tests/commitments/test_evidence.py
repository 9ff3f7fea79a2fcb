import datetime as dt

import pytest

from accordwatch.commitments import evidence, services
from accordwatch.commitments.models import MeetingBody
from accordwatch.core.services import SYSTEM
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision_and_target():
    target = factories.commitment(key="interim-authorities", title="Install interim authorities")
    factories.assessment(target, dt.date(2016, 3, 31), 1)
    factories.assessment(target, dt.date(2017, 3, 2), 2)
    hidden = factories.commitment(key="hidden-target", title="Hidden", confidentiality="internal")
    decision = factories.commitment(
        key="decision-iv", title="Welcome interim administrations", related=[target, hidden]
    )
    return decision, target


def test_a_decision_shows_where_the_commitments_it_follows_up_stand(decision_and_target, user_of):
    decision, _ = decision_and_target
    items = evidence.collect(commitment_ids=[decision.pk], user=user_of("analyst"))[decision.pk]
    titles = {i.title: i for i in items}
    assert titles["Install interim authorities"].detail == "Intermediate"
    assert titles["Install interim authorities"].date == dt.date(2017, 3, 2)
    assert "Hidden" in titles


def test_evidence_as_of_a_past_date_shows_what_was_known_then(decision_and_target, user_of):
    decision, _ = decision_and_target
    found = evidence.collect(
        commitment_ids=[decision.pk], user=user_of("analyst"), as_of=dt.date(2016, 12, 31)
    )
    item = next(i for i in found[decision.pk] if i.title == "Install interim authorities")
    assert (item.detail, item.date) == ("Minimal", dt.date(2016, 3, 31))


def test_the_public_never_sees_hidden_evidence(decision_and_target, user_of):
    decision, _ = decision_and_target
    items = evidence.collect(commitment_ids=[decision.pk], user=user_of("outsider"))[decision.pk]
    assert [i.title for i in items] == ["Install interim authorities"]


def test_meetings_that_took_up_a_commitment_are_evidence_from_their_date(decision_and_target):
    decision, _ = decision_and_target
    body = factories.actor(key="csa", name_en="Monitoring committee", kind="body")
    services.meeting_upsert(
        actor=SYSTEM,
        key="csa-19",
        body=body,
        body_kind=MeetingBody.MONITORING_COMMITTEE,
        title="19th session",
        starts_on=dt.date(2017, 7, 10),
        discussed=[decision],
        **factories.PUBLIC,
    )
    now = evidence.collect(commitment_ids=[decision.pk], user=None)[decision.pk]
    assert "19th session" in [i.title for i in now]
    before = evidence.collect(commitment_ids=[decision.pk], user=None, as_of=dt.date(2017, 1, 1))
    assert "19th session" not in [i.title for i in before[decision.pk]]


def test_an_app_plugs_in_its_own_evidence_without_the_matrix_knowing_it(decision_and_target):
    decision, _ = decision_and_target

    class Incidents:
        key, label = "incidents-test", "Incidents"

        def evidence_for(self, *, commitment_ids, user, as_of=None):
            return {
                cid: [evidence.Evidence(self.key, "Incident", "Clash", dt.date(2017, 7, 11))]
                for cid in commitment_ids
            }

    evidence.register(Incidents())
    try:
        items = evidence.collect(commitment_ids=[decision.pk], user=None)[decision.pk]
        assert items[0].title == "Clash"  # newest first, across providers
    finally:
        evidence._providers.pop("incidents-test")

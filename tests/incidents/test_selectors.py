"""Incident reads per persona: the visibility rule, witnesses and restricted source notes
never reaching a member or the public, filters, aggregates, "since the last meeting", and
incidents as evidence for commitments."""

from __future__ import annotations

import datetime as dt

import pytest

from accordwatch.commitments import evidence
from accordwatch.commitments import services as cs
from accordwatch.core.services import SYSTEM
from accordwatch.incidents import selectors, services
from accordwatch.incidents.models import Incident, ViolationCategory
from accordwatch.incidents.selectors import IncidentFilters
from tests import factories
from tests.incidents.builders import event_type, incident

pytestmark = pytest.mark.django_db

EDITORS = ["admin", "analyst"]


@pytest.fixture
def three_levels():
    return {
        "public": incident(event_id="PUB"),
        "internal": incident(event_id="INT", confidentiality="internal"),
        "restricted": incident(event_id="RES", confidentiality="restricted"),
        "draft": incident(event_id="DRA", publication_state="draft"),
    }


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin", {"PUB", "INT", "RES", "DRA"}),
        ("analyst", {"PUB", "INT", "RES", "DRA"}),
        ("delegate", {"PUB", "INT", "DRA"}),
        ("outsider", {"PUB"}),
    ],
)
def test_visibility_per_persona(persona, expected, three_levels, user_of):
    seen = selectors.incident_list(user=user_of(persona)).values_list("event_id", flat=True)
    assert set(seen) == expected


@pytest.mark.parametrize("persona", ["admin", "analyst", "delegate", "outsider"])
def test_witnesses_and_source_notes_reach_editors_only(persona, user_of):
    event = incident()  # public and published: everyone sees the incident itself
    services.witness_add(actor=SYSTEM, incident=event, name="Witness Kappa", contact="x")
    services.source_note_add(actor=SYSTEM, incident=event, detail="informant in Anefis")
    user = user_of(persona)
    shown = selectors.incident_detail(user=user, pk=event.pk)
    witnesses = list(selectors.incident_witnesses(user=user, incident=shown))
    notes = list(selectors.incident_source_notes(user=user, incident=shown))
    if persona in EDITORS:
        assert [w.name for w in witnesses] == ["Witness Kappa"]
        assert [n.detail for n in notes] == ["informant in Anefis"]
    else:
        assert witnesses == [] and notes == []


def test_a_restricted_incident_is_not_found_by_a_member(three_levels, delegate):
    with pytest.raises(selectors.IncidentNotFound):
        selectors.incident_detail(user=delegate, pk=three_levels["restricted"].pk)


def test_retired_incidents_are_left_out_unless_an_editor_asks(analyst, delegate):
    event = incident()
    services.incident_retire(actor=SYSTEM, incident=event)
    assert not selectors.incident_list(user=delegate).exists()
    assert not selectors.incident_list(user=analyst).exists()
    assert selectors.incident_list(user=analyst, include_retired=True).get() == event
    assert not selectors.incident_list(user=delegate, include_retired=True).exists()


def test_verification_log_for_members_not_public(analyst, delegate):
    event = incident()
    services.incident_verify(
        actor=analyst, incident=event, status="under_investigation", comment="sent a patrol"
    )
    assert selectors.incident_verification_steps(user=delegate, incident=event).count() == 1
    assert selectors.incident_verification_steps(user=None, incident=event).count() == 0


def test_attribution_hides_a_party_the_reader_may_not_see(analyst, delegate):
    event = incident()
    hidden = factories.actor(name_en="Hidden group", confidentiality="restricted")
    services.attribution_set(actor=analyst, incident=event, party=hidden, confidence="likely")
    assert selectors.incident_attributions(user=analyst, incident=event).count() == 1
    assert selectors.incident_attributions(user=delegate, incident=event).count() == 0


def test_filters(analyst):
    cma = factories.actor(name_en="Coordination of Azawad Movements", acronym="CMA")
    attack = ViolationCategory.objects.get(key="attack-on-positions")
    a = incident(event_date=dt.date(2017, 7, 6), admin1="Kidal", actor1=cma)
    b = incident(
        event_date=dt.date(2017, 8, 1),
        admin1="Gao",
        event_type=event_type("Violence against civilians"),
        violation_category=attack,
    )
    c = incident(event_date=dt.date(2017, 9, 30), admin1="Gao", actor2=cma)
    services.incident_verify(actor=analyst, incident=c, status="under_investigation", comment="x")

    def found(**filters):
        rows = selectors.incident_list(user=analyst, filters=IncidentFilters(**filters))
        return list(rows)

    assert found(date_from=dt.date(2017, 8, 1)) == [c, b]
    assert found(date_to=dt.date(2017, 8, 1)) == [b, a]
    assert found(admin1=["Kidal"]) == [a]
    assert found(actor_ids=[cma.pk]) == [c, a]
    assert found(event_types=["violence-against-civilians"]) == [b]
    assert found(event_types=["armed-clash"]) == []
    assert found(violation_categories=["attack-on-positions"]) == [b]
    assert found(verification=["under_investigation"]) == [c]


def test_aggregates_group_by_month_admin1_type_for_the_reader(delegate):
    incident(event_date=dt.date(2017, 7, 6), admin1="Kidal", fatalities=3)
    incident(event_date=dt.date(2017, 7, 26), admin1="Kidal", fatalities=4)
    incident(event_date=dt.date(2017, 7, 27), admin1="Gao", fatalities=1)
    incident(event_date=dt.date(2017, 8, 2), admin1="Kidal", fatalities=2)
    incident(event_date=dt.date(2017, 8, 3), admin1="Kidal", confidentiality="restricted")
    rows = selectors.incident_aggregates(user=delegate)
    assert [(r.keys["month"], r.keys["admin1"], r.count, r.fatalities) for r in rows] == [
        ("2017-07", "Gao", 1, 1),
        ("2017-07", "Kidal", 2, 7),
        ("2017-08", "Kidal", 1, 2),
    ]
    assert {r.keys["event_type"] for r in rows} == {"battles"}
    with pytest.raises(ValueError, match="cannot group by"):
        selectors.incident_aggregates(user=delegate, by=["notes"])


def test_since_the_last_meeting(delegate):
    body = factories.actor(name_en="Contact Group", kind="body")
    meeting = cs.meeting_upsert(
        actor=SYSTEM,
        key="cg-2017",
        body=body,
        body_kind="contact_group",
        title="Ministerial meeting",
        starts_on=dt.date(2017, 9, 20),
        confidentiality="public",
        publication_state="published",
    )[0]
    incident(event_id="BEFORE", event_date=dt.date(2017, 9, 20))
    incident(event_id="AFTER", event_date=dt.date(2017, 9, 21))
    assert selectors.last_meeting(user=delegate, on=dt.date(2017, 12, 1)) == meeting
    since = selectors.incidents_since_meeting(user=delegate, meeting=meeting)
    assert list(since.values_list("event_id", flat=True)) == ["AFTER"]


def test_incidents_are_evidence_for_commitments_they_are_linked_to(analyst, delegate):
    decision = factories.commitment(title="Respect the ceasefire")
    agreement = factories.document(key="ceasefire-2014", kind="ceasefire")
    clause = cs.clause_upsert(actor=SYSTEM, document=agreement, ref="Art. 1", level="article")[0]
    hold = factories.commitment(document=agreement, clauses=[clause], title="Cease hostilities")
    attack = ViolationCategory.objects.get(key="attack-on-positions")
    services.violation_category_upsert(
        actor=SYSTEM, key=attack.key, name=attack.name, clauses=[clause]
    )
    linked = incident(event_id="LINKED", location="Anefis")
    by_category = incident(event_id="CAT", violation_category=attack)
    by_clause = incident(event_id="CLAUSE", clause=clause)
    hidden = incident(event_id="HIDDEN", confidentiality="restricted", clause=clause)
    services.incident_link_set(actor=analyst, commitment=decision, incident=linked, note="vi")
    found = evidence.collect(commitment_ids=[decision.pk, hold.pk], user=delegate)
    assert [e.title for e in found[decision.pk]] == ["Battles — Anefis"]
    assert {e.provider for e in found[hold.pk]} == {"incidents"}
    assert len(found[hold.pk]) == 2  # the category's and the clause's, not the hidden one
    as_editor = evidence.collect(commitment_ids=[hold.pk], user=analyst)
    assert len(as_editor[hold.pk]) == 3
    assert Incident.objects.filter(pk__in=[by_category.pk, by_clause.pk, hidden.pk]).count() == 3

"""The demo's 2017 incidents: written from the fact sheet, sourced, idempotent, linked to the
communiqué's decisions, and seen differently by each persona."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from accordwatch.commitments.evidence import collect
from accordwatch.commitments.models import Commitment
from accordwatch.core.models import AuditEvent
from accordwatch.demo import incidents as demo_incidents
from accordwatch.demo.load import load
from accordwatch.incidents.models import Incident, VerificationStep, Witness
from accordwatch.incidents.selectors import (
    incident_witnesses,
    visible_incidents,
)

pytestmark = pytest.mark.django_db

FACTS = Path(__file__).resolve().parents[2].parent / "shared" / "facts" / "mali-2017.md"
DEMO_IDS = [row["event_id"] for row in demo_incidents.INCIDENTS]
JULY = ("2017-07-01", "2017-07-31")


@pytest.fixture
def demo(db):
    return load()


def _decision(number: str) -> Commitment:
    return Commitment.objects.get(key=f"oic-cg-mali-2017-09-20-{number}")


def _july_clashes():
    return Incident.objects.filter(event_date__range=JULY, event_type__key="battles")


def test_the_demo_loads_its_incidents_once(demo):
    assert set(Incident.objects.values_list("event_id", flat=True)) == set(DEMO_IDS)
    assert demo["incidents"] == (len(DEMO_IDS), len(DEMO_IDS))
    before = (
        Incident.objects.count(),
        VerificationStep.objects.count(),
        Witness.objects.count(),
        AuditEvent.objects.count(),
    )
    again = load()
    after = (
        Incident.objects.count(),
        VerificationStep.objects.count(),
        Witness.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before
    for kind in ("incidents", "verification steps", "attributions", "incident links", "witnesses"):
        assert again[kind][1] == 0, kind


def test_every_demo_incident_cites_a_source(demo):
    for incident in Incident.objects.all():
        assert incident.sources.exists(), incident
        assert incident.source, incident


def test_no_fatality_figure_the_facts_do_not_give(demo):
    facts = FACTS.read_text(encoding="utf-8") if FACTS.exists() else pytest.fail(str(FACTS))
    gao = Incident.objects.get(event_id="DEMO-2017-001")
    # The fact sheet's two tolls of the Gao camp attack: 54 (UN) and about 80 (AFP).
    assert (gao.fatalities, gao.fatalities_low, gao.fatalities_high) == (54, 54, 80)
    assert "54 patrol" in facts and "about 80 dead" in facts
    for incident in Incident.objects.exclude(pk=gao.pk):
        assert incident.fatalities is None, incident
        assert (incident.fatalities_low, incident.fatalities_high) == (None, None), incident


def test_the_july_2017_clashes_are_ceasefire_violations_by_cma_and_the_platform(demo):
    clashes = _july_clashes()
    assert {c.location for c in clashes} == {"Intachdayt", "Tahalt", "Anefis", "Amassine", "Kidal"}
    for clash in clashes:
        assert {clash.actor1.acronym, clash.actor2.key} == {"CMA", "platform"}
        parties = {a.party.key: a.confidence for a in clash.attributions.all()}
        assert parties == {"cma": "likely", "platform": "likely"}
        assert clash.violation_category.key == "attack-on-positions"
        assert clash.clause.document.key == "ceasefire-2014-05-23"
        steps = list(clash.verification_steps.values_list("status", flat=True))
        assert steps[0] == "under_investigation"
        assert clash.verification_status == steps[-1]
        assert all(s.comment.startswith("Illustrative") for s in clash.verification_steps.all())
    anefis = clashes.get(location="Anefis")
    assert anefis.sub_event_type.key == "non-state-actor-overtakes-territory"
    assert anefis.verification_status == "verified"


def test_the_outsider_sees_only_the_public_incidents(demo, user_of):
    internal = Incident.objects.get(confidentiality="internal")
    assert internal.notes.startswith("DEMO EXAMPLE")
    public = set(visible_incidents(user=AnonymousUser()).values_list("event_id", flat=True))
    assert public == set(DEMO_IDS) - {internal.event_id}
    for name in ("delegate", "analyst"):
        seen = set(visible_incidents(user=user_of(name)).values_list("event_id", flat=True))
        assert seen == set(DEMO_IDS), name


def test_nobody_but_editors_sees_the_witness(demo, user_of):
    witness = Witness.objects.get()
    assert witness.name.startswith("DEMO EXAMPLE") and witness.statement.startswith("DEMO EXAMPLE")
    incident = witness.incident
    assert incident.confidentiality == "public"
    assert list(incident_witnesses(user=user_of("analyst"), incident=incident)) == [witness]
    assert list(incident_witnesses(user=user_of("admin"), incident=incident)) == [witness]
    for user in (user_of("delegate"), AnonymousUser()):
        assert not incident_witnesses(user=user, incident=incident).exists()
    # Nor does the audit log keep the witness's identity.
    logged = AuditEvent.objects.filter(action="witness.create").get()
    assert "DEMO EXAMPLE" not in str(logged.after)


def test_decision_vi_lists_the_july_clashes_as_evidence(demo, user_of):
    decision = _decision("vi")
    for user in (AnonymousUser(), user_of("delegate")):
        items = collect(commitment_ids=[decision.pk], user=user)[decision.pk]
        violations = [i for i in items if i.provider == "incidents"]
        july = [i for i in violations if dt.date(2017, 7, 1) <= i.date <= dt.date(2017, 7, 31)]
        places = {re.split(r" — ", item.title)[-1] for item in july}
        assert {"Intachdayt", "Tahalt", "Anefis", "Amassine", "Kidal"} <= places
    # The internal example shows to the member, not to the public.
    public = collect(commitment_ids=[decision.pk], user=AnonymousUser())[decision.pk]
    member = collect(commitment_ids=[decision.pk], user=user_of("delegate"))[decision.pk]
    assert len(member) > len(public)


def test_decisions_ii_and_v_show_their_incidents(demo):
    ii, v = _decision("ii"), _decision("v")
    found = collect(commitment_ids=[ii.pk, v.pk], user=AnonymousUser())
    assert [i.date for i in found[ii.pk] if i.provider == "incidents"] == [dt.date(2017, 1, 18)]
    assert len([i for i in found[v.pk] if i.provider == "incidents"]) == 5


def test_the_ceasefire_commitment_shows_the_violations_of_its_clause(demo):
    ceasefire = Commitment.objects.get(key="ceasefire-2014-cessation-of-hostilities")
    items = collect(commitment_ids=[ceasefire.pk], user=AnonymousUser())[ceasefire.pk]
    assert len([i for i in items if i.provider == "incidents"]) == 5


def _runs(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_no_incident_text_repeats_eight_words_of_the_fact_sheet():
    if not FACTS.exists():
        pytest.fail(f"fact file missing: {FACTS}")
    original = _runs(FACTS.read_text(encoding="utf-8"))
    texts = [row["notes"] for row in demo_incidents.INCIDENTS]
    assert [t[:60] for t in texts if _runs(t) & original] == []


def test_a_clash_linked_to_two_decisions_shows_each_decisions_own_note(demo):
    v, vi = _decision("v"), _decision("vi")
    found = collect(commitment_ids=[v.pk, vi.pk], user=AnonymousUser())
    anefis = dt.date(2017, 7, 11)
    (on_v,) = [i.detail for i in found[v.pk] if i.provider == "incidents" and i.date == anefis]
    (on_vi,) = [i.detail for i in found[vi.pk] if i.provider == "incidents" and i.date == anefis]
    assert on_v == demo_incidents._DECISION_V[1]
    assert on_vi == demo_incidents._DECISION_VI[1]


def test_decision_vi_points_to_every_incident_since_its_meeting(demo, client):
    page = client.get(f"/commitments/{_decision('vi').key}/")
    since = "/incidents/since/oic-cg-mali-2017-09-20/"
    assert page.status_code == 200
    assert f'href="{since}"' in page.content.decode()
    assert client.get(since).status_code == 200


def test_the_ceasefire_points_to_incidents_since_the_contact_group_last_met(demo):
    from accordwatch.commitments.evidence import pointers

    ceasefire = Commitment.objects.get(key="ceasefire-2014-cessation-of-hostilities")
    (pointer,) = pointers(commitment_ids=[ceasefire.pk], user=AnonymousUser())[ceasefire.pk]
    assert pointer.url == "/incidents/since/oic-cg-mali-2017-09-20/"
    assert "last met" in pointer.label


def test_a_commitment_without_incidents_points_nowhere(demo):
    from accordwatch.commitments.evidence import pointers

    # Decision xiii (Timbuktu's heritage) is answered by other apps' records, not by incidents.
    heritage = _decision("xiii")
    offered = pointers(commitment_ids=[heritage.pk], user=AnonymousUser()).get(heritage.pk, [])
    assert [p for p in offered if p.provider == "incidents"] == []

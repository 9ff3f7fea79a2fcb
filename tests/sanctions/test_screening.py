"""Screening: a name on the page finds the listed person in another spelling or script,
explains the hit and stores the run; an editor's verdict on a hit shows on later runs; only
editors ever see runs, hits, verdicts and dossiers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accordwatch.core.models import AuditEvent
from accordwatch.core.services import SYSTEM
from accordwatch.sanctions import screening
from accordwatch.sanctions.models import (
    Entry,
    HitDecision,
    ScreeningHit,
    ScreeningRun,
    ScreeningSource,
)
from tests.conftest import PERSONAS
from tests.sanctions.screening_list import ODD_NAMES, import_screening_list

pytestmark = pytest.mark.django_db

EDITORS = {"admin", "analyst"}


@pytest.fixture
def listed(persona_users):
    import_screening_list()


def _screen_on_page(client, name: str, **extra: str):
    return client.post(reverse("sanctions-screen"), {"name": name, **extra})


def test_a_misspelt_and_an_arabic_script_name_find_the_listed_person(listed, analyst):
    run, hits = screening.screen_names(
        actor=analyst,
        source=ScreeningSource.API,
        inputs=[
            {"name": "Mohamed Ould Matali"},
            {"name": "محمد ولد ماتالي"},
            {"name": "Amadou Ag Isriou"},
            {"name": "Jean Dupont"},
        ],
    )
    assert [[h.reference_number for h in row] for row in hits] == [
        ["MLi.008"],
        ["MLi.008"],
        ["MLi.001"],
        [],
    ]
    assert "matali=mataly" in hits[0][0].explanation
    run.refresh_from_db()
    assert (run.input_count, run.hit_count, run.entry_count) == (4, 3, 3)
    assert run.user == analyst and run.list_import is not None and run.finished_at
    stored = ScreeningHit.objects.filter(run=run).order_by("row")
    assert [(h.row, h.entry.reference_number) for h in stored] == [
        (1, "MLi.008"),
        (2, "MLi.008"),
        (3, "MLi.001"),
    ]
    assert stored[1].query == {"name": "محمد ولد ماتالي"}
    actions = list(
        AuditEvent.objects.filter(object_id=str(run.pk), action__startswith="sanctions_screening")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["sanctions_screening.start"]


def test_date_of_birth_and_nationality_raise_the_score(listed, analyst):
    _, plain = screening.screen_names(
        actor=analyst, source="api", inputs=[{"name": "Mohamed Ould Matali"}]
    )
    _, with_facts = screening.screen_names(
        actor=analyst,
        source="api",
        inputs=[{"name": "Mohamed Ould Matali", "birth_date": "1970-01-01", "nationality": "Mali"}],
    )
    assert with_facts[0][0].score > plain[0][0].score
    assert "birth date" in with_facts[0][0].explanation


def test_a_delisted_entry_is_no_longer_a_hit(listed, analyst):
    _, before = screening.screen_names(actor=analyst, source="api", inputs=[{"name": "Matali"}])
    entry = Entry.objects.get(reference_number="MLi.008")
    Entry.objects.filter(pk=entry.pk).update(removed_in=entry.first_import)
    # The index is cached per list version; a delisting comes with an import in real life,
    # here the cache is dropped by hand.
    screening._cache.clear()
    _, after = screening.screen_names(
        actor=analyst, source="api", inputs=[{"name": "Mohamed Ould Matali"}]
    )
    assert after == [[]]


def test_the_index_is_built_once_per_list_version(listed, analyst):
    first = screening.list_index()
    assert screening.list_index() is first
    assert screening.list_index("Mali") is not first  # another list type, another index


def test_members_cannot_screen_through_the_service(listed, delegate):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        screening.screen_names(actor=delegate, source="api", inputs=[{"name": "x"}])
    assert not ScreeningRun.objects.exists()


@pytest.mark.parametrize("name", ["", " ", "\x00\x01", "😀" * 5, "a" * 10_000, "محمد Ould ‏Matali"])
def test_odd_names_never_crash(listed, analyst, name):
    run, hits = screening.screen_names(actor=analyst, source="api", inputs=[{"name": name}])
    assert len(hits) == 1
    run.refresh_from_db()
    assert run.input_count == 1
    # PostgreSQL cannot store a NUL: it is kept visible as U+FFFD, the rest as given.
    assert run.input_sample[0]["name"] == name.replace("\x00", "\ufffd")


def test_an_editor_screens_on_the_page_and_marks_a_true_positive_that_the_next_run_shows(
    listed, as_persona
):
    client = as_persona("analyst")
    response = _screen_on_page(client, "Mohamed Ould Matalli", nationality="Mali")
    assert response.status_code == 302
    run = ScreeningRun.objects.get()
    assert response.url == reverse("sanctions-screening", args=[run.pk])
    page = client.get(response.url)
    assert "MLi.008" in page.text and "MOHAMED OULD MATALY" in page.text
    assert "mohamed (exact)" in page.text
    hit = ScreeningHit.objects.get(run=run)
    decided = client.post(
        reverse("sanctions-hit-decision", args=[hit.pk]),
        {"verdict": "true", "comment": "Same passport <b>number</b>"},
    )
    assert decided.status_code == 302
    decision = HitDecision.objects.get()
    assert decision.true_positive and decision.decided_by.username == "analyst"
    assert AuditEvent.objects.filter(action="sanctions_hit_decision.create").count() == 1

    # Another spelling that folds to the same name: the new run shows the verdict.
    rerun = _screen_on_page(client, "MOHAMED  ould-Matalli")
    page = client.get(rerun.url)
    assert "True positive" in page.text
    assert "Same passport &lt;b&gt;number&lt;/b&gt;" in page.text  # escaped
    assert "<b>number</b>" not in page.text

    # Deciding again replaces the verdict; the audit log keeps both.
    client.post(reverse("sanctions-hit-decision", args=[hit.pk]), {"verdict": "false"})
    assert HitDecision.objects.get().true_positive is False
    assert AuditEvent.objects.filter(action="sanctions_hit_decision.update").count() == 1


def test_the_page_refuses_an_empty_name_and_a_bad_date(listed, as_persona):
    client = as_persona("analyst")
    assert _screen_on_page(client, "  ").status_code == 400
    assert _screen_on_page(client, "Matali", birth_date="31/01/1970").status_code == 400
    assert _screen_on_page(client, "Matali", birth_date="1970-02-30").status_code == 400
    assert not ScreeningRun.objects.exists()


def test_odd_names_on_the_page_are_screened_and_shown_without_a_crash(listed, as_persona):
    client = as_persona("analyst")
    for name in ODD_NAMES[:-1]:  # the empty one is refused (above)
        response = _screen_on_page(client, name)
        assert response.status_code == 302, repr(name[:20])
        assert client.get(response.url).status_code == 200
    assert ScreeningRun.objects.count() == len(ODD_NAMES) - 1


def test_a_screened_name_is_escaped_on_the_run_page(listed, as_persona):
    client = as_persona("analyst")
    response = _screen_on_page(client, "<script>alert(1)</script> Mohamed Ould Matali")
    page = client.get(response.url)
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_editors_reach_screening_runs_hits_and_dossiers(listed, as_persona, persona):
    _, _ = screening.screen_names(
        actor=SYSTEM, source="api", inputs=[{"name": "Mohamed Ould Matali"}]
    )
    run = ScreeningRun.objects.get()
    hit = ScreeningHit.objects.get()
    client = as_persona(persona)
    pages = [
        reverse("sanctions-screen"),
        reverse("sanctions-screenings"),
        reverse("sanctions-screening", args=[run.pk]),
        reverse("sanctions-dossier", args=["MLi.008"]),
    ]
    for url in pages:
        response = client.get(url)
        if persona in EDITORS:
            assert response.status_code == 200, url
        elif persona == "outsider":
            assert response.status_code == 302 and "/login" in response.url, url
        else:
            assert response.status_code == 403, url
    posted = client.post(reverse("sanctions-hit-decision", args=[hit.pk]), {"verdict": "true"})
    screened = _screen_on_page(client, "Mohamed Ould Matali")
    if persona in EDITORS:
        assert posted.status_code == 302 and screened.status_code == 302
    else:
        assert posted.status_code == 403 and screened.status_code == 403
        assert not HitDecision.objects.exists()
        assert ScreeningRun.objects.count() == 1
    # The public entry page links the dossier for editors only.
    entry_page = client.get(reverse("sanctions-entry", args=["MLi.008"]))
    dossier_link = reverse("sanctions-dossier", args=["MLi.008"])
    assert (dossier_link in entry_page.text) == (persona in EDITORS)


def test_a_member_refused_a_run_is_told_why_and_sees_none_of_it(listed, as_persona):
    run, _ = screening.screen_names(
        actor=SYSTEM, source="api", inputs=[{"name": "Mohamed Ould Matali"}]
    )
    page = as_persona("delegate").get(reverse("sanctions-screening", args=[run.pk]))
    assert page.status_code == 403
    # Not the old claim that the member may read the page but not change it.
    assert "may read this part" not in page.text
    assert "screening runs and their hits, designation dossiers and the audit log" in page.text
    assert "which members do not see" in page.text
    for restricted in ("Mohamed Ould Matali", "MOHAMED OULD MATALY", "MLi.008"):
        assert restricted not in page.text


def test_the_dossier_shows_list_status_history_incidents_and_commitments(listed, as_persona):
    from accordwatch.sanctions import services as sanctions_services
    from tests import factories

    actor = factories.actor(key="test-armed-group", name_en="Test armed group")
    entry = Entry.objects.get(reference_number="MLi.008")
    sanctions_services.entry_link_actor(actor=SYSTEM, entry=entry, linked=actor)
    commitment = factories.commitment(title="Stop the attacks on the road to Gao")
    commitment.responsible.add(actor)
    entry.regime.sources.add(factories.source(title="Panel of Experts report on Mali"))
    actor.sources.add(factories.source(title="Monitoring committee note on the group"))
    page = as_persona("analyst").get(reverse("sanctions-dossier", args=["MLi.008"]))
    assert page.status_code == 200
    assert "Designation dossier" in page.text and "MOHAMED OULD MATALY" in page.text
    assert "Listed" in page.text and "print.css" in page.text
    assert "Stop the attacks on the road to Gao" in page.text
    assert "No incident is attributed to this actor." in page.text
    # Its sources: the list entry, the regime's and the actor's.
    assert "UN Security Council consolidated list, entry MLi.008" in page.text
    assert "Panel of Experts report on Mali" in page.text
    assert "Monitoring committee note on the group" in page.text

    # An incident the body attributes to the actor shows, with the confidence.
    from accordwatch.incidents import services as incident_services
    from tests.incidents import builders

    incident = builders.incident(location="Tarkint", fatalities=3)
    incident_services.attribution_set(
        actor=SYSTEM, incident=incident, party=actor, confidence="likely"
    )
    other = builders.incident(location="Anefis")  # attributed to nobody: not shown
    page = as_persona("analyst").get(reverse("sanctions-dossier", args=["MLi.008"]))
    assert "Tarkint" in page.text and "Likely" in page.text
    assert other.location not in page.text
    # From the actor: the dossier of the entry linked to it.
    reached = as_persona("analyst").get(reverse("sanctions-actor-dossier", args=[actor.key]))
    assert reached.status_code == 302 and reached.url == reverse(
        "sanctions-dossier", args=["MLi.008"]
    )
    assert as_persona("delegate").get(reached.url).status_code == 403
    missing = as_persona("analyst").get(reverse("sanctions-actor-dossier", args=["nobody"]))
    assert missing.status_code == 404


def test_the_dossier_shows_the_commitments_its_incidents_go_against(listed, as_persona):
    from accordwatch.commitments import services as commitment_services
    from accordwatch.incidents import services as incident_services
    from accordwatch.sanctions import services as sanctions_services
    from tests import factories
    from tests.incidents import builders

    actor = factories.actor(key="test-armed-group", name_en="Test armed group")
    sanctions_services.entry_link_actor(
        actor=SYSTEM, entry=Entry.objects.get(reference_number="MLi.008"), linked=actor
    )
    ceasefire = factories.commitment(title="Observe the ceasefire around Anefis")
    clause, _ = commitment_services.clause_upsert(
        actor=SYSTEM, document=ceasefire.document, ref="art-1", level="article"
    )
    ceasefire.clauses.add(clause)
    aid = factories.commitment(title="Let aid convoys through to Menaka")
    untouched = factories.commitment(title="Hold the regional elections")
    ambush = builders.incident(location="Anefis", clause=clause)  # violates the clause
    roadblock = builders.incident(location="Tin-Hama")
    incident_services.incident_link_set(actor=SYSTEM, commitment=aid, incident=roadblock)
    incident_services.incident_link_set(actor=SYSTEM, commitment=ceasefire, incident=roadblock)
    for incident in (ambush, roadblock):
        incident_services.attribution_set(
            actor=SYSTEM, incident=incident, party=actor, confidence="likely"
        )
    # An incident of someone else's bears on a third commitment: not this actor's doing.
    incident_services.incident_link_set(
        actor=SYSTEM, commitment=untouched, incident=builders.incident(location="Gao")
    )

    page = as_persona("analyst").get(reverse("sanctions-dossier", args=["MLi.008"]))
    section = page.text.split('data-testid="dossier-obstructed"')[1].split("</table>")[0]
    assert "Observe the ceasefire around Anefis" in section  # by clause and by link: 2
    assert "Let aid convoys through to Menaka" in section
    assert "Hold the regional elections" not in section
    assert section.index("Observe the ceasefire") < section.index("Let aid convoys")
    assert "<td>2</td>" in section and "<td>1</td>" in section


def test_listed_birth_dates_reach_the_matcher_as_dates_years_and_ranges():
    entry = Entry(
        birth_dates=[
            {"type": "EXACT", "date": "1963-12-31"},
            {"type": "APPROXIMATELY", "year": "1958"},
            {"type": "BETWEEN", "from_year": "1960", "to_year": "1962"},
            {"type": "EXACT", "note": "no date given"},
        ]
    )
    assert screening._birth_dates(entry) == ["1963-12-31", "1958", "1960", "1961", "1962"]


def test_a_long_run_page_shows_the_first_hits_and_says_how_many_more(
    listed, as_persona, monkeypatch
):
    from accordwatch.sanctions import views_screening

    monkeypatch.setattr(views_screening, "HITS_SHOWN", 2)
    run, _ = screening.screen_names(
        actor=SYSTEM,
        source="api",
        inputs=[{"name": "Mohamed Ould Matali"}, {"name": "Amadou Ag Isriou"}] * 2,
    )
    page = as_persona("analyst").get(reverse("sanctions-screening", args=[run.pk]))
    assert page.text.count('data-testid="hit"') == 2
    assert "2 more hits are not shown here." in page.text

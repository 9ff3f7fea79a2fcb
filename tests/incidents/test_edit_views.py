"""The incident entry form per persona: who may open and post it, what it writes (through
the services, audited), its field errors, the point's checks, and the small forms of the
incident page (attribution, witness, publication)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from accordwatch.core.models import AuditEvent
from accordwatch.core.services import SYSTEM, place_upsert
from accordwatch.incidents.models import EventType, Incident, ViolationCategory
from tests import factories
from tests.incidents.builders import incident

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "analyst", "delegate", "outsider"]
EDITORS = {"admin", "analyst"}
NEW = reverse("incident-new")


def event_type(key: str) -> EventType:
    return EventType.objects.get(key=key)


def form_data(**values) -> dict:
    """A complete, valid post of the entry form: an armed clash near Anefis."""
    data = {
        "event_id": "",
        "event_date": "2017-07-27",
        "time_precision": "1",
        "event_type": str(event_type("battles").pk),
        "sub_event_type": str(event_type("armed-clash").pk),
        "violation_category": str(ViolationCategory.objects.get(key="attack-on-positions").pk),
        "country": "Mali",
        "admin1": "Kidal",
        "location": "Anefis",
        "latitude": "18.0536",
        "longitude": "0.6011",
        "fatalities": "",
        "notes": "Exchange of fire reported near the town.\r\nNo figure yet.",
        "confidentiality": "internal",
        "publication_state": "draft",
    }
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def detail_url(event) -> str:
    return reverse("incident-detail", args=[event.dataset, event.event_id])


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_editors_open_the_entry_form(persona, as_persona):
    response = as_persona(persona).get(NEW)
    if persona in EDITORS:
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="csrfmiddlewaretoken"' in html
        assert 'data-picker="point-picker-data"' in html
        assert "js/incident_point_picker.js" in html
    elif persona == "delegate":
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["delegate", "outsider"])
def test_readers_cannot_post_an_incident(persona, as_persona):
    response = as_persona(persona).post(NEW, form_data())
    assert response.status_code == 403
    assert not Incident.objects.exists()


def test_an_editor_records_an_incident_with_a_generated_id(as_persona, analyst):
    response = as_persona("analyst").post(NEW, form_data())
    event = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(event)
    assert (event.dataset, event.event_id) == ("monitor", "MON-2017-0001")
    assert event.event_type.key == "battles" and event.sub_event_type.key == "armed-clash"
    assert event.disorder_type.name == "Political violence"
    assert (event.latitude, event.longitude, event.iso) == (18.0536, 0.6011, 466)
    assert event.fatalities is None  # left empty: unknown, not zero
    assert event.notes == "Exchange of fire reported near the town.\nNo figure yet."
    assert (event.confidentiality, event.publication_state) == ("internal", "draft")
    assert event.import_flags == []
    created = AuditEvent.objects.get(action="incident.create")
    assert created.user == analyst
    # The next one of the year takes the next number.
    as_persona("analyst").post(NEW, form_data(location="Kidal"))
    assert Incident.objects.filter(event_id="MON-2017-0002").exists()


def test_zero_fatalities_is_kept_apart_from_unknown(as_persona):
    as_persona("analyst").post(NEW, form_data(fatalities="0"))
    assert Incident.objects.get().fatalities == 0


def test_a_taken_event_id_is_refused_not_overwritten(as_persona):
    existing = incident(event_id="MON-X1", location="Gao")
    response = as_persona("analyst").post(NEW, form_data(event_id="MON-X1"))
    assert response.status_code == 400
    assert "taken already" in response.content.decode()
    existing.refresh_from_db()
    assert existing.location == "Gao"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"event_date": ""}, "event_date", "This field is required."),
        ({"event_date": "2999-01-01"}, "event_date", "The date is in the future."),
        ({"latitude": "95"}, "latitude", "less than or equal to 90"),
        ({"longitude": ""}, "longitude", "Give both latitude and longitude"),
        ({"latitude": "0.6011", "longitude": "18.0536"}, "latitude", "look swapped"),
        ({"fatalities": "-1"}, "fatalities", "greater than or equal to 0"),
        ({"fatalities_low": "5", "fatalities_high": "2"}, "fatalities_high", "below the low"),
        ({"event_date_end": "2017-07-01"}, "event_date_end", "comes before the first"),
        ({"event_id": "A/B"}, "event_id", "no spaces or slashes"),
    ],
)
def test_bad_input_gets_a_clear_error_on_its_field(values, field, message, as_persona):
    response = as_persona("analyst").post(NEW, form_data(**values))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(message in error for error in errors[field]), errors[field]
    assert not Incident.objects.exists()


def test_a_sub_event_type_of_another_type_is_refused(as_persona):
    response = as_persona("analyst").post(NEW, form_data(sub_event_type=event_type("grenade").pk))
    assert response.status_code == 400
    assert "sub_event_type" in response.context["form"].errors


def test_a_point_outside_the_country_is_saved_and_flagged(as_persona):
    # Dakar: outside the box the importers check against, kept but flagged as they flag it.
    response = as_persona("analyst").post(
        NEW, form_data(latitude="14.6928", longitude="-17.4467"), follow=True
    )
    event = Incident.objects.get()
    assert len(event.import_flags) == 1 and "outside Mali" in event.import_flags[0]
    html = response.content.decode()
    assert "flagged" in html and "outside Mali" in html
    # Moving the point back inside clears the flag.
    as_persona("analyst").post(
        reverse("incident-edit", args=["monitor", event.event_id]), form_data()
    )
    event.refresh_from_db()
    assert event.import_flags == []


def test_a_gazetteer_place_fills_the_region_and_the_point(as_persona):
    region, _ = place_upsert(actor=SYSTEM, key="mli-kidal", kind="admin1", name="Kidal")
    town, _ = place_upsert(
        actor=SYSTEM,
        key="mli-anefis",
        kind="locality",
        name="Anefis",
        parent=region,
        latitude="18.0536",
        longitude="0.6011",
    )
    as_persona("analyst").post(
        NEW,
        form_data(place=town.pk, admin1="", location="", latitude="", longitude=""),
    )
    event = Incident.objects.get()
    assert (event.place, event.admin1, event.location) == (town, "Kidal", "Anefis")
    assert (event.latitude, event.longitude, event.geo_precision) == (18.0536, 0.6011, 1)


def test_actors_clause_and_sources_are_linked(as_persona):
    cma = factories.actor(key="cma", name_en="Coordination of Azawad Movements", acronym="CMA")
    gatia = factories.actor(key="gatia", name_en="GATIA")
    source = factories.source(key="wire-1", title="A wire report")
    document = factories.document(key="ceasefire-2014")
    clause = document.clauses.create(level="article", ref="Art. 1", heading="Cessation")
    as_persona("analyst").post(
        NEW,
        form_data(actor1=cma.pk, actor2=gatia.pk, clause=clause.pk, sources=[source.pk]),
    )
    event = Incident.objects.get()
    assert (event.actor1, event.actor1_name) == (cma, "Coordination of Azawad Movements")
    assert (event.actor2, event.clause) == (gatia, clause)
    assert list(event.sources.all()) == [source]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_editors_edit_an_incident(persona, as_persona):
    event = incident(event_id="E1", location="Gao")
    url = reverse("incident-edit", args=["monitor", "E1"])
    get = as_persona(persona).get(url)
    post = as_persona(persona).post(url, form_data(location="Menaka"))
    event.refresh_from_db()
    if persona in EDITORS:
        assert get.status_code == 200
        assert 'value="Gao"' in get.content.decode()
        assert post.status_code == 302
        assert event.location == "Menaka"
    else:
        assert get.status_code == (403 if persona == "delegate" else 302)
        assert post.status_code == 403
        assert event.location == "Gao"


def test_editing_keeps_the_event_id_and_the_visibility(as_persona):
    event = incident(event_id="E2", confidentiality="public", publication_state="published")
    as_persona("analyst").post(
        reverse("incident-edit", args=["monitor", "E2"]),
        form_data(event_id="HIJACK", confidentiality="restricted", publication_state="draft"),
    )
    event.refresh_from_db()
    assert event.event_id == "E2"
    assert (event.confidentiality, event.publication_state) == ("public", "published")
    assert not Incident.objects.filter(event_id="HIJACK").exists()


def test_an_unchanged_edit_writes_no_audit_event(as_persona):
    as_persona("analyst").post(NEW, form_data())
    event = Incident.objects.get()
    before = AuditEvent.objects.count()
    response = as_persona("analyst").post(
        reverse("incident-edit", args=["monitor", event.event_id]), form_data(), follow=True
    )
    assert "Nothing to save" in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_an_imported_record_keeps_its_sources_actor_wording(as_persona):
    cma = factories.actor(key="cma", name_en="Coordination of Azawad Movements")
    event = incident(
        event_id="MLI1", dataset="acled", actor1=cma, actor1_name="CMA: as ACLED writes it"
    )
    as_persona("analyst").post(
        reverse("incident-edit", args=["acled", "MLI1"]),
        form_data(actor1=cma.pk, location="Kidal"),
    )
    event.refresh_from_db()
    assert (event.location, event.actor1_name) == ("Kidal", "CMA: as ACLED writes it")


def test_editing_a_missing_incident_is_a_404_and_a_member_learns_nothing(as_persona):
    incident(event_id="R1", confidentiality="restricted")
    missing = reverse("incident-edit", args=["monitor", "NOPE"])
    restricted = reverse("incident-edit", args=["monitor", "R1"])
    assert as_persona("analyst").get(missing).status_code == 404
    # A member is refused before any lookup: the same answer for what exists and what not.
    assert as_persona("delegate").get(missing).status_code == 403
    assert as_persona("delegate").get(restricted).status_code == 403


# --- the small forms of the incident page ------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_editor_controls_are_shown_to_editors_only(persona, as_persona):
    event = incident(event_id="C1")
    html = as_persona(persona).get(detail_url(event)).content.decode()
    for marker in ("incident-editor-actions", "attribution-form", "witness-form"):
        assert (marker in html) == (persona in EDITORS)
    assert (reverse("incident-edit", args=["monitor", "C1"]) in html) == (persona in EDITORS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_attribution_witness_and_publication_posts_per_persona(persona, as_persona):
    event = incident(event_id="C2", confidentiality="internal", publication_state="draft")
    party = factories.actor(key="gatia", name_en="GATIA")
    client = as_persona(persona)
    args = ["monitor", "C2"]
    responses = [
        client.post(
            reverse("incident-attribution", args=args),
            {"party": party.pk, "confidence": "likely", "note": "two accounts agree"},
        ),
        client.post(reverse("incident-witness", args=args), {"name": "Witness Omega"}),
        client.post(
            reverse("incident-publication", args=args),
            {"confidentiality": "public", "publication_state": "published"},
        ),
    ]
    event.refresh_from_db()
    if persona in EDITORS:
        assert [r.status_code for r in responses] == [302, 302, 302]
        assert event.attributions.get().confidence == "likely"
        assert event.witnesses.get().name == "Witness Omega"
        assert event.is_public
        assert AuditEvent.objects.filter(action="incident.publication").exists()
    else:
        assert [r.status_code for r in responses] == [403, 403, 403]
        assert not event.attributions.exists() and not event.witnesses.exists()
        assert not event.is_public


def test_a_bad_small_form_shows_its_errors(as_persona):
    incident(event_id="C3")
    response = as_persona("analyst").post(
        reverse("incident-attribution", args=["monitor", "C3"]), {"confidence": "likely"}
    )
    assert response.status_code == 400
    assert "name the party" in response.content.decode()
    response = as_persona("analyst").post(
        reverse("incident-witness", args=["monitor", "C3"]), {"name": ""}
    )
    assert response.status_code == 400


def test_the_witness_name_stays_out_of_the_audit_log(as_persona):
    incident(event_id="C4")
    as_persona("analyst").post(
        reverse("incident-witness", args=["monitor", "C4"]), {"name": "Witness Sigma"}
    )
    event = AuditEvent.objects.get(action="witness.create")
    assert "Witness Sigma" not in str(event.after) and "Witness Sigma" not in str(event.before)


def test_forms_refuse_a_post_without_the_csrf_token(analyst):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    assert client.post(NEW, form_data()).status_code == 403
    assert not Incident.objects.exists()


def test_user_text_is_escaped_in_the_form(as_persona):
    incident(event_id="X1", location="<script>alert('x')</script>", event_date=dt.date(2017, 1, 1))
    html = (
        as_persona("analyst").get(reverse("incident-edit", args=["monitor", "X1"])).content.decode()
    )
    assert "<script>alert(" not in html


def test_editing_keeps_a_place_the_picker_does_not_offer(as_persona):
    country, _ = place_upsert(actor=SYSTEM, key="mli", kind="country", name="Mali")
    event = incident(event_id="P1", place=country)
    url = reverse("incident-edit", args=["monitor", "P1"])
    as_persona("analyst").post(url, form_data(place=country.pk, location="Somewhere"))
    event.refresh_from_db()
    assert (event.place, event.location) == (country, "Somewhere")


def test_the_edit_form_shows_the_stored_choices(as_persona):
    event = incident(
        event_id="S1",
        event_type=event_type("battles"),
        sub_event_type=event_type("armed-clash"),
        violation_category=ViolationCategory.objects.get(key="movement-of-forces"),
    )
    form = (
        as_persona("analyst").get(reverse("incident-edit", args=["monitor", "S1"])).context["form"]
    )
    bound = {name: form[name].value() for name in ("sub_event_type", "violation_category")}
    assert bound == {
        "sub_event_type": event.sub_event_type_id,
        "violation_category": event.violation_category_id,
    }
    html = form["sub_event_type"].as_widget()
    assert f'<option value="{event.sub_event_type_id}" selected>' in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_new_incident_button_is_for_editors(persona, user_of):
    request = RequestFactory().get("/incidents/")
    request.user = user_of(persona) or AnonymousUser()
    html = Template("{% load incident_editing %}{% incident_new_link %}").render(
        Context({"request": request})
    )
    assert (NEW in html) == (persona in EDITORS)

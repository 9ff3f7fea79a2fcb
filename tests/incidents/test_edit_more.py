"""The incident page's other editor actions, per persona: retire and restore, remove an
attribution, add a restricted source note, link to a commitment and unlink. Then the entry
form's extra fields, and the point check against the regions' polygons."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from accordwatch.core.models import AuditEvent
from accordwatch.incidents import geo, services
from accordwatch.incidents.models import Attribution, Incident, IncidentLink
from tests import factories
from tests.incidents.builders import incident
from tests.incidents.test_edit_views import EDITORS, NEW, PERSONAS, detail_url, form_data

pytestmark = pytest.mark.django_db

READERS = {"delegate", "outsider"}


def url(name: str, event: Incident, *more) -> str:
    return reverse(name, args=[event.dataset, event.event_id, *more])


# --- retire and restore -------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_editors_retire_an_incident_and_the_reason_is_audited(persona, as_persona):
    event = incident(event_id="RT1")
    response = as_persona(persona).post(
        url("incident-retire", event), {"reason": "Entered twice, see RT0."}
    )
    event.refresh_from_db()
    if persona in EDITORS:
        assert response.status_code == 302 and response["Location"] == detail_url(event)
        assert event.retired_at is not None
        audit = AuditEvent.objects.get(action="incident.retire")
        assert audit.after["reason"] == "Entered twice, see RT0."
    else:
        assert response.status_code == 403
        assert event.retired_at is None
        assert not AuditEvent.objects.filter(action="incident.retire").exists()


def test_retiring_needs_a_reason(as_persona):
    event = incident(event_id="RT2")
    response = as_persona("analyst").post(url("incident-retire", event), {"reason": "  "})
    assert response.status_code == 400
    assert "Say why" in response.content.decode()
    event.refresh_from_db()
    assert event.retired_at is None


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_retired_incident_shows_a_banner_to_editors_and_is_gone_for_readers(persona, as_persona):
    event = incident(event_id="RT3")  # public and published
    as_persona("analyst").post(url("incident-retire", event), {"reason": "Withdrawn by ACLED."})
    response = as_persona(persona).get(detail_url(event))
    if persona in EDITORS:
        html = response.content.decode()
        assert response.status_code == 200
        assert 'data-testid="retired-banner"' in html
        assert "Withdrawn by ACLED." in html and "analyst" in html
        assert url("incident-restore", event) in html
        assert 'data-testid="retire-form"' not in html  # retired already: restore only
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_editors_restore_an_incident(persona, as_persona):
    event = incident(event_id="RT4")
    services.incident_retire(actor=None, incident=event, reason="duplicate")
    response = as_persona(persona).post(url("incident-restore", event), {"reason": "not a twin"})
    event.refresh_from_db()
    if persona in EDITORS:
        assert response.status_code == 302
        assert event.retired_at is None
        assert AuditEvent.objects.get(action="incident.restore").after["reason"] == "not a twin"
        page = as_persona(persona).get(detail_url(event)).content.decode()
        assert 'data-testid="retired-banner"' not in page
        assert 'data-testid="retire-form"' in page
        # Restored, the incident is back for the public.
        assert as_persona("outsider").get(detail_url(event)).status_code == 200
    elif persona == "delegate":
        assert response.status_code == 403
        assert event.retired_at is not None
    else:
        # The anonymous visitor is refused like a member (a post is never redirected).
        assert response.status_code == 403
        assert event.retired_at is not None


def test_retiring_twice_or_restoring_a_live_incident_changes_nothing(as_persona):
    event = incident(event_id="RT5")
    client = as_persona("analyst")
    client.post(url("incident-restore", event), {})
    client.post(url("incident-retire", event), {"reason": "twin"})
    response = client.post(url("incident-retire", event), {"reason": "twin again"}, follow=True)
    assert "retired already" in response.content.decode()
    assert (
        AuditEvent.objects.filter(action__in=["incident.retire", "incident.restore"]).count() == 1
    )


# --- attributions -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_editors_remove_an_attribution(persona, as_persona):
    event = incident(event_id="AT1")
    party = factories.actor(key="gatia", name_en="GATIA")
    attribution, _ = services.attribution_set(
        actor=None, incident=event, party=party, confidence="likely"
    )
    page = as_persona(persona).get(detail_url(event)).content.decode()
    remove = url("incident-attribution-remove", event, attribution.pk)
    assert (remove in page) == (persona in EDITORS)
    response = as_persona(persona).post(remove)
    if persona in EDITORS:
        assert response.status_code == 302
        assert not Attribution.objects.exists()
        assert AuditEvent.objects.filter(action="attribution.delete").exists()
    else:
        assert response.status_code == 403
        assert Attribution.objects.exists()


def test_an_attribution_of_another_incident_is_not_removed(as_persona):
    one, other = incident(event_id="AT2"), incident(event_id="AT3")
    party = factories.actor(key="cma", name_en="CMA")
    attribution, _ = services.attribution_set(
        actor=None, incident=other, party=party, confidence="confirmed"
    )
    response = as_persona("analyst").post(url("incident-attribution-remove", one, attribution.pk))
    assert response.status_code == 404
    assert Attribution.objects.filter(pk=attribution.pk).exists()


def test_removing_needs_a_post(as_persona):
    event = incident(event_id="AT4")
    party = factories.actor(key="mnla", name_en="MNLA")
    attribution, _ = services.attribution_set(
        actor=None, incident=event, party=party, confidence="likely"
    )
    response = as_persona("analyst").get(url("incident-attribution-remove", event, attribution.pk))
    assert response.status_code == 405
    assert Attribution.objects.exists()


# --- restricted source notes --------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_editors_add_and_read_a_source_note(persona, as_persona):
    event = incident(event_id="SN1")  # public and published: everyone reads its page
    wire = factories.source(key="wire", title="A wire report")
    response = as_persona(persona).post(
        url("incident-source-note", event),
        {"source": wire.pk, "detail": "Informant Kilo, by satellite phone."},
    )
    if persona in EDITORS:
        assert response.status_code == 302
        note = event.source_notes.get()
        assert (note.source, note.detail) == (wire, "Informant Kilo, by satellite phone.")
        audit = AuditEvent.objects.get(action="incident_source_note.create")
        assert "Informant Kilo" not in str(audit.after)
    else:
        assert response.status_code == 403
        assert not event.source_notes.exists()
    # Whoever wrote it, only editors ever read it.
    services.source_note_add(actor=None, incident=event, detail="Channel Lima.")
    page = as_persona(persona).get(detail_url(event)).content.decode()
    assert ("Channel Lima." in page) == (persona in EDITORS)
    assert ('data-testid="source-note-form"' in page) == (persona in EDITORS)


def test_an_empty_source_note_is_refused(as_persona):
    event = incident(event_id="SN2")
    response = as_persona("analyst").post(url("incident-source-note", event), {"detail": ""})
    assert response.status_code == 400
    assert not event.source_notes.exists()


# --- links to commitments -----------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_editors_link_an_incident_to_a_decision(persona, as_persona):
    event = incident(event_id="LK1")
    decision = factories.commitment(key="decision-vi", title="Respect the ceasefire")
    response = as_persona(persona).post(
        url("incident-link", event), {"commitment": decision.pk, "note": "Since the meeting"}
    )
    if persona in EDITORS:
        assert response.status_code == 302
        link = IncidentLink.objects.get()
        assert (link.commitment, link.incident, link.note) == (decision, event, "Since the meeting")
        assert AuditEvent.objects.filter(action="incident_link.create").exists()
        # The decision's page lists the incident as its evidence, for every reader.
        commitment_page = as_persona("outsider").get(
            reverse("commitment-detail", args=["decision-vi"])
        )
        assert "LK1" in commitment_page.content.decode()
    else:
        assert response.status_code == 403
        assert not IncidentLink.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_editors_see_and_remove_links(persona, as_persona):
    event = incident(event_id="LK2")
    decision = factories.commitment(key="decision-vi", title="Respect the ceasefire")
    link, _ = services.incident_link_set(
        actor=None, commitment=decision, incident=event, note="First of the list"
    )
    page = as_persona(persona).get(detail_url(event)).content.decode()
    remove = url("incident-link-remove", event, link.pk)
    assert ('data-testid="incident-links"' in page) == (persona in EDITORS)
    assert (remove in page) == (persona in EDITORS)
    response = as_persona(persona).post(remove)
    if persona in EDITORS:
        assert response.status_code == 302
        assert not IncidentLink.objects.exists()
        assert AuditEvent.objects.filter(action="incident_link.delete").exists()
    else:
        assert response.status_code == 403
        assert IncidentLink.objects.exists()


def test_linking_again_changes_the_note_and_a_bad_choice_is_refused(as_persona):
    event = incident(event_id="LK3")
    decision = factories.commitment(key="decision-vi", title="Respect the ceasefire")
    client = as_persona("analyst")
    client.post(url("incident-link", event), {"commitment": decision.pk, "note": "one"})
    client.post(url("incident-link", event), {"commitment": decision.pk, "note": "two"})
    assert IncidentLink.objects.get().note == "two"
    assert AuditEvent.objects.filter(action="incident_link.update").exists()
    response = client.post(url("incident-link", event), {"commitment": "999999"})
    assert response.status_code == 400
    assert IncidentLink.objects.count() == 1


def test_a_link_of_another_incident_is_not_removed(as_persona):
    one, other = incident(event_id="LK4"), incident(event_id="LK5")
    decision = factories.commitment(key="decision-vi", title="Respect the ceasefire")
    link, _ = services.incident_link_set(actor=None, commitment=decision, incident=other)
    response = as_persona("analyst").post(url("incident-link-remove", one, link.pk))
    assert response.status_code == 404
    assert IncidentLink.objects.exists()


def test_the_new_forms_refuse_a_post_without_the_csrf_token(analyst):
    event = incident(event_id="CS1")
    decision = factories.commitment(key="decision-vi", title="Respect the ceasefire")
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    posts = [
        (url("incident-retire", event), {"reason": "twin"}),
        (url("incident-source-note", event), {"detail": "Informant"}),
        (url("incident-link", event), {"commitment": decision.pk}),
    ]
    assert [client.post(address, data).status_code for address, data in posts] == [403] * 3
    event.refresh_from_db()
    assert event.retired_at is None
    assert not event.source_notes.exists() and not IncidentLink.objects.exists()


def test_user_text_in_the_new_sections_is_escaped(as_persona):
    event = incident(event_id="XS1")
    decision = factories.commitment(key="decision-vi", title="<b>Ceasefire</b>")
    services.incident_link_set(actor=None, commitment=decision, incident=event, note="<i>n</i>")
    services.source_note_add(actor=None, incident=event, detail="<script>x()</script>")
    services.incident_retire(actor=None, incident=event, reason="<img src=x onerror=y>")
    html = as_persona("analyst").get(detail_url(event)).content.decode()
    for raw in ("<b>Ceasefire</b>", "<i>n</i>", "<script>x()", "<img src=x"):
        assert raw not in html
    assert "&lt;img src=x onerror=y&gt;" in html


# --- the entry form's extra fields ----------------------------------------------------------


def test_associated_actors_tags_admin3_and_source_scale_are_saved_and_shown(as_persona):
    cma = factories.actor(key="cma", name_en="Coordination of Azawad Movements", acronym="CMA")
    hcua = factories.actor(key="hcua", name_en="HCUA")
    response = as_persona("analyst").post(
        NEW,
        form_data(
            associated_actors=[cma.pk, hcua.pk],
            tags=" women targeted: girls ;; local administrators;",
            admin2="Tessalit",
            admin3="Anefif",
            source_scale="Local partner-National",
        ),
    )
    assert response.status_code == 302
    event = Incident.objects.get()
    assert set(event.associated_actors.all()) == {cma, hcua}
    assert event.tags == "women targeted: girls; local administrators"
    assert (event.admin2, event.admin3, event.source_scale) == (
        "Tessalit",
        "Anefif",
        "Local partner-National",
    )
    form = as_persona("analyst").get(url("incident-edit", event)).context["form"]
    assert {int(pk) for pk in form["associated_actors"].value()} == {cma.pk, hcua.pk}
    assert form["tags"].value() == "women targeted: girls; local administrators"
    assert (form["admin3"].value(), form["source_scale"].value()) == (
        "Anefif",
        "Local partner-National",
    )
    # Leaving the list empty on an edit clears the associated actors.
    as_persona("analyst").post(url("incident-edit", event), form_data(associated_actors=[]))
    assert not event.associated_actors.exists()


# --- the point check: the regions' polygons, as the browser's map ---------------------------


def test_niamey_is_flagged_though_it_is_inside_malis_box(as_persona):
    # Niamey lies inside the rectangle around Mali but outside its regions: the map warns,
    # and the stored flag now agrees with it.
    response = as_persona("analyst").post(
        NEW, form_data(latitude="13.5116", longitude="2.1254", admin1="", location=""), follow=True
    )
    event = Incident.objects.get()
    assert event.import_flags == ["the point (13.5116, 2.1254) is outside Mali's regions"]
    assert "flagged" in response.content.decode()


def test_swapped_coordinates_are_judged_by_the_polygons(as_persona):
    # Kidal with latitude and longitude exchanged: outside the regions, inside once swapped.
    response = as_persona("analyst").post(NEW, form_data(latitude="1.4078", longitude="18.4411"))
    assert response.status_code == 400
    assert "look swapped" in str(response.context["form"].errors["latitude"])
    assert not Incident.objects.exists()


def test_a_country_without_polygons_is_still_checked_against_its_box(as_persona):
    # Niger has no boundary file: Bamako is outside Niger's box.
    as_persona("analyst").post(
        NEW, form_data(country="Niger", latitude="12.6392", longitude="-8.0029")
    )
    event = Incident.objects.get()
    assert event.import_flags == ["the point (12.6392, -8.0029) is outside Niger's bounding box"]


@pytest.mark.parametrize(
    ("point", "region"),
    [
        ((18.4411, 1.4078), "Kidal"),
        ((16.2717, -0.0447), "Gao"),
        ((12.6392, -8.0029), "Bamako"),  # inside the hole of Koulikoro's ring
        ((13.0667, -7.9000), "Koulikouro"),
        ((13.5116, 2.1254), None),  # Niamey
        ((14.6928, -17.4467), None),  # Dakar
    ],
)
def test_the_region_of_a_point(point, region):
    assert geo.country_regions("MLI").region_at(*point) == region


def _plain_region_at(latitude: float, longitude: float) -> str | None:
    """The browser's test (incident_point_picker.js) as plainly as it is written there."""

    def in_ring(ring, x, y):
        inside, j = False, len(ring) - 1
        for i in range(len(ring)):
            (xi, yi), (xj, yj) = ring[i], ring[j]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
        return inside

    for feature in BOUNDARIES["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else []
        polygons += geometry["coordinates"] if geometry["type"] == "MultiPolygon" else []
        for rings in polygons:
            if in_ring(rings[0], longitude, latitude) and not any(
                in_ring(hole, longitude, latitude) for hole in rings[1:]
            ):
                return feature["properties"]["shapeName"]
    return None


BOUNDARIES = json.loads(geo.boundary_file("MLI").read_text(encoding="utf-8"))


@settings(max_examples=300, deadline=None)
@given(
    latitude=st.floats(min_value=9.5, max_value=25.5, allow_nan=False),
    longitude=st.floats(min_value=-12.8, max_value=4.8, allow_nan=False),
)
def test_the_banded_test_decides_every_point_as_the_browser_does(latitude, longitude):
    assert geo.country_regions("MLI").region_at(latitude, longitude) == _plain_region_at(
        latitude, longitude
    )


def test_points_on_the_boundary_are_decided_as_the_browser_does():
    for feature in BOUNDARIES["features"]:
        for longitude, latitude in feature["geometry"]["coordinates"][0][::5]:
            for dx in (0.0, 1e-9, -1e-9):
                point = (latitude, longitude + dx)
                assert geo.country_regions("MLI").region_at(*point) == _plain_region_at(*point)


@pytest.mark.parametrize("persona", PERSONAS)
def test_editors_find_retired_incidents_on_their_own_list(persona, as_persona):
    live, gone = incident(event_id="RL1"), incident(event_id="RL2")
    services.incident_retire(actor=None, incident=gone, reason="twin of RL1")
    response = as_persona(persona).get(reverse("incidents-retired"))
    if persona in EDITORS:
        html = response.content.decode()
        assert response.status_code == 200
        assert detail_url(gone) in html and detail_url(live) not in html
        # And the retire form points editors to it.
        page = as_persona(persona).get(detail_url(live)).content.decode()
        assert reverse("incidents-retired") in page
    elif persona == "delegate":
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_place_line_lists_the_admin_levels_given(as_persona):
    event = incident(event_id="PL1", location="Anefis", admin1="Kidal", country="Mali")
    html = as_persona("outsider").get(detail_url(event)).content.decode()
    assert '<div class="caption">Kidal, Mali</div>' in html
    as_persona("analyst").post(
        url("incident-edit", event), form_data(admin2="Tessalit", admin3="Anefif")
    )
    html = as_persona("outsider").get(detail_url(event)).content.decode()
    assert '<div class="caption">Anefif, Tessalit, Kidal, Mali</div>' in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_retired_incidents_link_is_for_editors(persona, user_of):
    request = RequestFactory().get("/incidents/")
    request.user = user_of(persona) or AnonymousUser()
    html = Template("{% load incident_editing %}{% incident_retired_link %}").render(
        Context({"request": request})
    )
    assert (reverse("incidents-retired") in html) == (persona in EDITORS)

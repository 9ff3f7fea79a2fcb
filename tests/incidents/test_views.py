"""The incident pages per persona: what each reader sees on the list, its map data, the
incident page, the actor page and "since the meeting"; witnesses and restricted notes only
for editors; user text escaped; the map's files served by us, with the boundaries' credit."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from accordwatch.commitments import services as cs
from accordwatch.core.services import SYSTEM
from accordwatch.incidents import services, views
from tests import factories
from tests.incidents.builders import incident

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "analyst", "delegate", "outsider"]
EDITORS = {"admin", "analyst"}
HIDDEN_FROM_PUBLIC = ["SECRET-INT", "SECRET-RES", "SECRET-DRA"]


@pytest.fixture
def levels():
    """One incident per visibility level, each with coordinates so it reaches the map."""
    common = {"latitude": 18.44, "longitude": 1.41, "location": "Kidal"}
    return {
        "public": incident(event_id="OPEN-PUB", **common),
        "internal": incident(event_id="SECRET-INT", confidentiality="internal", **common),
        "restricted": incident(event_id="SECRET-RES", confidentiality="restricted", **common),
        "draft": incident(event_id="SECRET-DRA", publication_state="draft", **common),
    }


def detail_url(event) -> str:
    return reverse("incident-detail", args=[event.dataset, event.event_id])


def map_data(html: str) -> dict:
    found = re.search(
        r'<script id="incident-map-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, "the map's data is embedded in the page"
    return json.loads(found.group(1))


def map_points(client, html: str) -> list[dict]:
    """The points the page's map fetches (from the URL its data names), as that reader."""
    response = client.get(map_data(html)["points_url"])
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))["features"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_page_shows_what_the_reader_may_see(persona, levels, as_persona):
    client = as_persona(persona)
    response = client.get(reverse("incident-list"))
    assert response.status_code == 200
    html = response.content.decode()
    shown_on_map = {point["properties"]["event_id"] for point in map_points(client, html)}
    expected = {
        "admin": {"OPEN-PUB", "SECRET-INT", "SECRET-RES", "SECRET-DRA"},
        "analyst": {"OPEN-PUB", "SECRET-INT", "SECRET-RES", "SECRET-DRA"},
        "delegate": {"OPEN-PUB", "SECRET-INT", "SECRET-DRA"},
        "outsider": {"OPEN-PUB"},
    }[persona]
    assert shown_on_map == expected
    for event_id in {"OPEN-PUB", *HIDDEN_FROM_PUBLIC}:
        assert (event_id in html) == (event_id in expected)
    # The region shading counts the same incidents as the points.
    assert map_data(html)["regions"] == {"Kidal": len(expected)}


@pytest.mark.parametrize("persona", PERSONAS)
def test_incident_page_status_per_persona(persona, levels, as_persona):
    client = as_persona(persona)
    assert client.get(detail_url(levels["public"])).status_code == 200
    statuses = {name: client.get(detail_url(event)).status_code for name, event in levels.items()}
    if persona in EDITORS:
        assert set(statuses.values()) == {200}
    elif persona == "delegate":
        assert statuses == {"public": 200, "internal": 200, "restricted": 404, "draft": 200}
    else:
        assert statuses == {"public": 200, "internal": 404, "restricted": 404, "draft": 404}


@pytest.mark.parametrize("persona", PERSONAS)
def test_witnesses_and_source_notes_only_for_editors(persona, as_persona):
    event = incident(event_id="W1")
    services.witness_add(actor=SYSTEM, incident=event, name="Witness Kappa", contact="+223 555")
    services.source_note_add(actor=SYSTEM, incident=event, detail="informant near Anefis")
    html = as_persona(persona).get(detail_url(event)).content.decode()
    for secret in ("Witness Kappa", "+223 555", "informant near Anefis"):
        assert (secret in html) == (persona in EDITORS)


def test_verification_log_for_members_not_the_public(as_persona):
    event = incident(event_id="V1")
    services.incident_verify(
        actor=SYSTEM, incident=event, status="under_investigation", comment="patrol sent to look"
    )
    assert "patrol sent to look" in as_persona("delegate").get(detail_url(event)).content.decode()
    assert (
        "patrol sent to look" not in as_persona("outsider").get(detail_url(event)).content.decode()
    )


def test_user_text_is_escaped(as_persona):
    event = incident(
        event_id="X1",
        notes="<script>alert('notes')</script>",
        location="<script>alert('place')</script>",
        latitude=18.0,
        longitude=1.0,
    )
    for url in (reverse("incident-list"), detail_url(event)):
        html = as_persona("outsider").get(url).content.decode()
        assert "<script>alert(" not in html
        assert "&lt;script&gt;alert(" in html or "\\u003Cscript\\u003Ealert(" in html


def test_map_files_are_ours_and_the_boundaries_are_credited(levels, as_persona):
    html = as_persona("outsider").get(reverse("incident-list")).content.decode()
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert any("vendor/leaflet/leaflet.js" in url for url in assets)
    assert any("vendor/leaflet/markercluster/" in url for url in assets)
    for url in assets:
        assert not re.match(r"^(https?:)?//", url), f"external asset {url}"
        assert url.startswith("/"), url
    assert map_data(html)["boundaries"].startswith("/static/geo/")
    assert "geoBoundaries" in html
    # The Vega bundle runs as a module so that its top-level names cannot replace Leaflet's L.
    assert re.search(r'<script type="module" src="[^"]*vega', html)


def test_map_points_are_capped_and_the_page_says_so(monkeypatch, as_persona):
    monkeypatch.setattr(views, "MAP_POINT_LIMIT", 2)
    for n in range(4):
        incident(
            event_id=f"C{n}", latitude=16.0 + n, longitude=0.5, event_date=dt.date(2017, 7, n + 1)
        )
    client = as_persona("outsider")
    html = client.get(reverse("incident-list")).content.decode()
    data = map_data(html)
    # One more than the map draws, newest first, so that the map knows there are more;
    # the note saying so is in the page, shown by the map's script then.
    assert data["limit"] == 2
    assert [p["properties"]["event_id"] for p in map_points(client, html)] == ["C3", "C2", "C1"]
    assert re.search(r"<strong data-map-capped hidden>[^<]*2 newest points only", html)


def test_the_page_no_longer_carries_the_points(levels, as_persona):
    """The points come from the API after the page: none of them is in its HTML, and the
    page (without JavaScript) links to the same points as a download."""
    html = as_persona("analyst").get(reverse("incident-list") + "?admin1=Kidal").content.decode()
    assert "points" not in map_data(html)
    assert "18.44" not in html
    download = re.search(r'<noscript>.*?<a href="([^"]+)"', html, re.S).group(1)
    assert download.replace("&amp;", "&") == reverse("incidents-geojson") + "?admin1=Kidal"


FILTERED_QUERIES = [
    {},
    {"admin1": "Gao"},
    {"date_from": "2017-07-03", "date_to": "2017-07-20"},
    {"event_type": "riots"},
    {"event_type": "armed-clash", "admin1": "Kidal"},
    {"actor": "cma"},
    {"violation": "attack-on-positions"},
    {"verification": "verified"},
    {"admin1": "Gao", "date_from": "2017-07-10", "actor": "cma", "verification": "reported"},
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_map_fetches_the_pages_own_incidents_per_persona(persona, as_persona, user_of):
    """Whatever the filters, the points the map fetches are exactly the placed incidents
    the page lists for that reader: never one the reader may not see."""
    from accordwatch.incidents import selectors
    from accordwatch.incidents.models import EventType, ViolationCategory

    cma = factories.actor(key="cma", name_en="CMA")
    riots = EventType.objects.get(level="event", name="Riots")
    clash = EventType.objects.get(key="armed-clash")
    category = ViolationCategory.objects.get(key="attack-on-positions")
    levels = [
        {},
        {"confidentiality": "internal"},
        {"confidentiality": "restricted"},
        {"publication_state": "draft"},
        {"publication_state": "withdrawn"},
    ]
    n = 0
    for admin1 in ("Gao", "Kidal"):
        for day in (2, 8, 15):
            for level in levels:
                n += 1
                incident(
                    event_id=f"P{n}",
                    admin1=admin1,
                    event_date=dt.date(2017, 7, day),
                    latitude=16.0 + n / 100,
                    longitude=0.5,
                    actor1=cma if n % 2 else None,
                    event_type=riots if n % 3 == 0 else clash.parent,
                    sub_event_type=None if n % 3 == 0 else clash,
                    violation_category=category if n % 4 == 0 else None,
                    verification_status="verified" if n % 5 == 0 else "reported",
                    **level,
                )
    incident(event_id="UNPLACED", admin1="Gao")  # listed, but nothing to put on a map
    client = as_persona(persona)
    user = user_of(persona)
    for query in FILTERED_QUERIES:
        response = client.get(reverse("incident-list"), query)
        html = response.content.decode()
        fetched = [p["properties"]["event_id"] for p in map_points(client, html)]
        filters = response.context["form"].filters()
        listed = selectors.incident_list(user=user, filters=filters)
        expected = list(listed.filter(latitude__isnull=False).values_list("event_id", flat=True))
        assert fetched == expected, query  # the same incidents, newest first
        if persona in EDITORS:
            assert expected, query  # every query matches some incidents
        visible = set(selectors.visible_incidents(user=user).values_list("event_id", flat=True))
        assert set(fetched) <= visible
        if persona == "outsider":
            public = {f"P{k}" for k in range(1, n + 1) if (k - 1) % len(levels) == 0}
            assert set(fetched) <= public, query


def test_list_filters_narrow_table_and_map(as_persona):
    incident(event_id="GAO1", admin1="Gao", latitude=16.27, longitude=-0.04)
    incident(event_id="KID1", admin1="Kidal", latitude=18.44, longitude=1.41)
    html = as_persona("outsider").get(reverse("incident-list") + "?admin1=Gao").content.decode()
    assert "GAO1" in html and "KID1" not in html
    assert map_data(html)["regions"] == {"Gao": 1}


def test_timeline_counts_by_month(as_persona):
    incident(event_id="T1", event_date=dt.date(2017, 7, 6), fatalities=3)
    incident(event_id="T2", event_date=dt.date(2017, 8, 2), fatalities=0)
    html = as_persona("outsider").get(reverse("incident-list")).content.decode()
    spec = re.search(
        r'<script id="timeline-counts" type="application/json">(.*?)</script>', html, re.S
    )
    values = json.loads(spec.group(1))["data"]["values"]
    assert sorted((v["month"], v["count"], v["fatalities"]) for v in values) == [
        ("2017-07-01", 1, 3),
        ("2017-08-01", 1, 0),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_actor_page(persona, as_persona):
    cma = factories.actor(key="cma", name_en="Coordination of Azawad Movements", acronym="CMA")
    public = incident(event_id="A-PUB", actor1=cma)
    hidden = incident(event_id="A-INT", actor1=cma, confidentiality="internal")
    services.attribution_set(actor=SYSTEM, incident=public, party=cma, confidence="likely")
    services.attribution_set(actor=SYSTEM, incident=hidden, party=cma, confidence="confirmed")
    response = as_persona(persona).get(reverse("incident-actor", args=["cma"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "A-PUB" in html
    assert ("A-INT" in html) == (persona != "outsider")


def test_hidden_actor_page_is_not_found_for_the_public(as_persona):
    factories.actor(key="hidden-group", confidentiality="internal")
    assert (
        as_persona("outsider").get(reverse("incident-actor", args=["hidden-group"])).status_code
        == 404
    )
    assert (
        as_persona("delegate").get(reverse("incident-actor", args=["hidden-group"])).status_code
        == 200
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_since_the_meeting(persona, as_persona):
    body = factories.actor(name_en="Contact Group", kind="body")
    cs.meeting_upsert(
        actor=SYSTEM,
        key="cg-2017",
        body=body,
        body_kind="contact_group",
        title="Ministerial meeting",
        starts_on=dt.date(2017, 9, 20),
        confidentiality="public",
        publication_state="published",
    )
    incident(event_id="S-BEFORE", event_date=dt.date(2017, 9, 20))
    incident(event_id="S-AFTER", event_date=dt.date(2017, 9, 21))
    incident(event_id="S-HIDDEN", event_date=dt.date(2017, 9, 22), confidentiality="restricted")
    response = as_persona(persona).get(reverse("incidents-since", args=["cg-2017"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "S-AFTER" in html and "S-BEFORE" not in html
    assert ("S-HIDDEN" in html) == (persona in EDITORS)


def test_since_an_unknown_meeting_is_not_found(as_persona):
    assert as_persona("delegate").get(reverse("incidents-since", args=["nope"])).status_code == 404


def test_nav_links_to_incidents(as_persona):
    html = as_persona("outsider").get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("incident-list")}"' in html


def test_a_decision_with_incidents_links_to_their_pages(analyst, as_persona):
    communique = factories.document(key="cg-communique", kind="communique")
    body = factories.actor(name_en="Contact Group", kind="body")
    cs.meeting_upsert(
        actor=SYSTEM,
        key="cg-2017",
        body=body,
        body_kind="contact_group",
        title="Ministerial meeting",
        starts_on=dt.date(2017, 9, 20),
        communique=communique,
        confidentiality="public",
        publication_state="published",
    )
    decision = factories.commitment(key="decision-vi", document=communique)
    event = incident(event_id="LINKED-1", event_date=dt.date(2017, 10, 1))
    services.incident_link_set(actor=analyst, commitment=decision, incident=event)
    html = as_persona("outsider").get(reverse("commitment-detail", args=["decision-vi"])).content
    assert detail_url(event).encode() in html


def test_no_tile_server_unless_configured(settings, as_persona):
    html = as_persona("outsider").get(reverse("incident-list")).content.decode()
    assert map_data(html)["tiles"] == ""
    settings.MAP_TILES = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILES_ATTRIBUTION = "Example tiles"
    data = map_data(as_persona("outsider").get(reverse("incident-list")).content.decode())
    assert data["tiles"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert data["tiles_attribution"] == "Example tiles"


def test_the_map_files_are_served(as_persona):
    client = as_persona("outsider")
    html = client.get(reverse("incident-list")).content.decode()
    boundaries = client.get(map_data(html)["boundaries"])
    assert boundaries.status_code == 200
    regions = json.loads(b"".join(boundaries.streaming_content))
    assert len(regions["features"]) == 9
    for url in re.findall(r'src="(/static/[^"]+)"', html):
        assert client.get(url).status_code == 200, url


def test_kept_aggregates_follow_every_write(as_persona):
    client = as_persona("outsider")
    incident(event_id="K1", admin1="Kidal")
    assert map_data(client.get(reverse("incident-list")).content.decode())["regions"] == {
        "Kidal": 1
    }
    incident(event_id="G1", admin1="Gao")
    html = client.get(reverse("incident-list")).content.decode()
    assert map_data(html)["regions"] == {"Kidal": 1, "Gao": 1}
    assert '<option value="Gao">' in html


def test_an_unknown_fatality_figure_shows_as_a_dash(as_persona):
    event = incident(event_id="NOFIG", fatalities=None)
    client = as_persona("outsider")
    for url in (reverse("incident-list"), detail_url(event)):
        html = client.get(url).content.decode()
        assert "None" not in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_links_actors_the_reader_may_open_and_the_region(persona, as_persona):
    cma = factories.actor(key="cma", name_en="CMA")
    quiet = factories.actor(key="quiet-group", name_en="Quiet group", confidentiality="internal")
    incident(event_id="LINKED", actor1=cma, actor1_name="CMA (as the source says)", actor2=quiet)
    incident(event_id="NO-GAZ", actor1_name="Unlisted gunmen", admin1="Gao")
    html = as_persona(persona).get(reverse("incident-list")).content.decode()
    cma_page = reverse("incident-actor", args=["cma"])
    assert f'<a href="{cma_page}">CMA (as the source says)</a>' in html
    quiet_page = reverse("incident-actor", args=["quiet-group"])
    assert (quiet_page in html) == (persona != "outsider")
    assert "Unlisted gunmen" in html and "Unlisted gunmen</a>" not in html
    assert f'href="{reverse("incident-list")}?admin1=Gao"' in html
    assert f'href="{reverse("incident-list")}?admin1=Kidal"' in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_never_names_an_actor_the_reader_may_not_see(persona, as_persona):
    secret = factories.actor(key="secret-cell", name_en="Secret cell", confidentiality="restricted")
    incident(event_id="WITH-SECRET", actor1=secret)
    html = as_persona(persona).get(reverse("incident-list")).content.decode()
    assert "WITH-SECRET" in html
    assert ("Secret cell" in html) == (persona in EDITORS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_actor_and_since_pages_never_name_an_actor_the_reader_may_not_see(persona, as_persona):
    body = factories.actor(name_en="Contact Group", kind="body")
    cs.meeting_upsert(
        actor=SYSTEM,
        key="cg-2017",
        body=body,
        body_kind="contact_group",
        title="Ministerial meeting",
        starts_on=dt.date(2017, 9, 20),
        confidentiality="public",
        publication_state="published",
    )
    cma = factories.actor(key="cma", name_en="CMA")
    secret = factories.actor(key="secret-cell", name_en="Secret cell", confidentiality="restricted")
    incident(event_id="FACE-OFF", event_date=dt.date(2017, 9, 25), actor1=cma, actor2=secret)
    client = as_persona(persona)
    for url in (
        reverse("incident-actor", args=["cma"]),
        reverse("incidents-since", args=["cg-2017"]),
    ):
        html = client.get(url).content.decode()
        assert "FACE-OFF" in html, url
        assert ("Secret cell" in html) == (persona in EDITORS), url


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_editors_are_offered_to_record_an_incident_from_the_list(persona, as_persona):
    html = as_persona(persona).get(reverse("incident-list")).content.decode()
    assert (f'href="{reverse("incident-new")}"' in html) == (persona in EDITORS)
    assert (f'href="{reverse("incidents-retired")}"' in html) == (persona in EDITORS)

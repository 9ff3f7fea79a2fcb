"""The incidents API for every caller: the four personas and scripts holding a token.

The world below holds one incident at each visibility level, plus a retired one and a
witness and a restricted source note on the public incident; every answer must show exactly
what its caller may see, and witnesses and source notes reach editors only.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from accordwatch.core import services as core_services
from accordwatch.core.services import SYSTEM
from accordwatch.incidents import services
from accordwatch.incidents.api import decode_cursor, encode_cursor
from accordwatch.incidents.models import Incident
from tests import factories
from tests.incidents.builders import event_type, incident

pytestmark = pytest.mark.django_db

LEVELS = {
    "public": {"confidentiality": "public", "publication_state": "published"},
    "internal": {"confidentiality": "internal", "publication_state": "published"},
    "draft": {"confidentiality": "public", "publication_state": "draft"},
    "restricted": {"confidentiality": "restricted", "publication_state": "published"},
}
SEES = {
    "admin": {"public", "internal", "draft", "restricted"},
    "analyst": {"public", "internal", "draft", "restricted"},
    "delegate": {"public", "internal", "draft"},
    "outsider": {"public"},
}
CALLERS = ["admin", "analyst", "delegate", "outsider", "analyst+token", "delegate+token"]
EDITORS = {"admin", "analyst"}
WITNESS = "Witness Omicron"
SOURCE_NOTE = "informant near the Anefis checkpoint"


def role(caller: str) -> str:
    return caller.split("+")[0]


def visible_ids(caller: str) -> set[str]:
    return {f"EV-{level}" for level in SEES[role(caller)]}


@pytest.fixture
def client_for(as_persona, user_of):
    def make(caller: str) -> Client:
        if caller.endswith("+token"):
            user = user_of(role(caller))
            _, raw = core_services.token_create(actor=SYSTEM, user=user, name="tests")
            return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return as_persona(caller)

    return make


@pytest.fixture
def world(db):
    cma = factories.actor(key="cma", name_en="Coordination of Azawad Movements")
    gatia = factories.actor(key="gatia", name_en="GATIA")
    hidden = factories.actor(key="hidden-group", **LEVELS["restricted"])
    events = {
        level: incident(
            event_id=f"EV-{level}",
            event_date=dt.date(2017, 7, 1 + n),
            admin1="Kidal" if n % 2 == 0 else "Gao",
            actor1=cma if n < 2 else hidden,
            actor1_name="CMA",
            actor2=gatia,
            latitude=18.44,
            longitude=1.41,
            fatalities=n + 1,
            **values,
        )
        for n, (level, values) in enumerate(LEVELS.items())
    }
    retired = incident(event_id="EV-retired", event_date=dt.date(2017, 7, 20))
    services.incident_retire(actor=SYSTEM, incident=retired, reason="withdrawn")
    public = events["public"]
    services.witness_add(actor=SYSTEM, incident=public, name=WITNESS, contact="+223 0000")
    services.source_note_add(actor=SYSTEM, incident=public, detail=SOURCE_NOTE)
    services.attribution_set(actor=SYSTEM, incident=public, party=cma, confidence="likely")
    services.attribution_set(actor=SYSTEM, incident=public, party=hidden, confidence="likely")
    services.incident_verify(
        actor=SYSTEM, incident=public, status="under_investigation", comment="team sent"
    )
    return events


# --- list ---------------------------------------------------------------------------


@pytest.mark.parametrize("caller", CALLERS)
def test_list_shows_what_the_caller_may_see(caller, world, client_for):
    response = client_for(caller).get("/api/incidents")
    assert response.status_code == 200
    body = response.json()
    assert {item["event_id"] for item in body["items"]} == visible_ids(caller)
    assert body["next"] is None
    assert WITNESS not in response.content.decode()


def test_list_filters(world, as_persona):
    client = as_persona("analyst")

    def ids(query: str) -> set[str]:
        response = client.get(f"/api/incidents?{query}")
        assert response.status_code == 200, response.content
        return {item["event_id"] for item in response.json()["items"]}

    assert ids("from=2017-07-02&to=2017-07-03") == {"EV-internal", "EV-draft"}
    assert ids("admin1=Gao") == {"EV-internal", "EV-restricted"}
    assert ids("admin1=Gao&admin1=Kidal") == {f"EV-{level}" for level in LEVELS}
    assert ids("actor=cma") == {"EV-public", "EV-internal"}
    assert ids("actor=no-such-actor") == set()
    assert ids("event_type=battles") == {f"EV-{level}" for level in LEVELS}
    assert ids("event_type=protests") == set()
    assert ids("verification=under_investigation") == {"EV-public"}
    assert ids("dataset=acled") == set()


def test_actor_filter_does_not_reveal_an_unseen_actor(world, as_persona):
    # The hidden group acts in the draft incident, which the delegate sees; the delegate
    # cannot name the group, so filtering by its key finds nothing.
    response = as_persona("delegate").get("/api/incidents?actor=hidden-group")
    assert response.json()["items"] == []


def test_list_refuses_a_forged_cursor(world, as_persona):
    response = as_persona("analyst").get("/api/incidents?cursor=not-a-cursor")
    assert response.status_code == 422


def test_cursor_round_trip():
    assert decode_cursor(encode_cursor(dt.date(2017, 7, 6), 42)) == (dt.date(2017, 7, 6), 42)


def _walk(client: Client, url: str, between_pages=None) -> list[str]:
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        query = f"&cursor={cursor}" if cursor else ""
        body = client.get(f"{url}{query}").json()
        seen += [item["event_id"] for item in body["items"]]
        pages += 1
        assert pages < 50, "the cursor does not advance"
        cursor = body["next"]
        if cursor is None:
            return seen
        if between_pages:
            between_pages(pages)


@pytest.mark.parametrize("caller", ["analyst", "delegate", "outsider"])
def test_cursor_walks_every_visible_incident_once(caller, world, client_for):
    # Several events on one day, so the id breaks the ties within a page boundary.
    for n in range(5):
        incident(event_id=f"SAME-{n}", event_date=dt.date(2017, 7, 2))
    seen = _walk(client_for(caller), "/api/incidents?limit=2")
    expected = visible_ids(caller) | {f"SAME-{n}" for n in range(5)}
    assert sorted(seen) == sorted(expected)  # each exactly once
    assert len(seen) == len(set(seen))
    dates = [Incident.objects.get(event_id=event_id).event_date for event_id in seen]
    assert dates == sorted(dates, reverse=True)


def test_cursor_survives_an_insert_between_pages(world, as_persona):
    for n in range(5):
        incident(event_id=f"SAME-{n}", event_date=dt.date(2017, 7, 2))
    before = set(_walk(as_persona("outsider"), "/api/incidents?limit=2"))

    def insert(page: int) -> None:
        # A newer event, and one dated in the middle of what is still to be read.
        incident(event_id=f"NEW-{page}", event_date=dt.date(2018, 1, 1))
        incident(event_id=f"MID-{page}", event_date=dt.date(2017, 6, 1))

    seen = _walk(as_persona("outsider"), "/api/incidents?limit=2", between_pages=insert)
    assert len(seen) == len(set(seen))  # nothing twice
    assert before <= set(seen)  # nothing skipped
    assert not any(event_id.startswith("NEW-") for event_id in seen)  # behind the cursor


# --- detail -------------------------------------------------------------------------


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("level", list(LEVELS))
def test_detail_is_404_unless_visible(caller, level, world, client_for):
    response = client_for(caller).get(f"/api/incidents/monitor/EV-{level}")
    if level in SEES[role(caller)]:
        assert response.status_code == 200
        assert response.json()["event_id"] == f"EV-{level}"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("caller", CALLERS)
def test_detail_witnesses_and_source_notes_for_editors_only(caller, world, client_for):
    response = client_for(caller).get("/api/incidents/monitor/EV-public")
    body = response.json()
    text = response.content.decode()
    if role(caller) in EDITORS:
        assert [w["name"] for w in body["witnesses"]] == [WITNESS]
        assert [n["detail"] for n in body["source_notes"]] == [SOURCE_NOTE]
    else:
        assert body["witnesses"] is None and body["source_notes"] is None
        assert WITNESS not in text and SOURCE_NOTE not in text and "+223" not in text
    # Attributions name only the parties the caller may see.
    parties = {a["party"] for a in body["attributions"]}
    assert parties == ({"cma", "hidden-group"} if role(caller) in EDITORS else {"cma"})
    # The verification log is for members and editors; the public sees the status.
    assert body["verification_status"] == "under_investigation"
    steps = body["verification_steps"]
    assert len(steps) == (0 if caller == "outsider" else 1)


def test_detail_of_a_retired_incident_only_for_editors(world, as_persona):
    assert as_persona("analyst").get("/api/incidents/monitor/EV-retired").json()["retired"]
    assert as_persona("delegate").get("/api/incidents/monitor/EV-retired").status_code == 404
    assert as_persona("outsider").get("/api/incidents/monitor/EV-retired").status_code == 404


def test_retired_incidents_are_not_listed(world, as_persona):
    seen = {i["event_id"] for i in as_persona("analyst").get("/api/incidents").json()["items"]}
    assert "EV-retired" not in seen


# --- GeoJSON ------------------------------------------------------------------------


@pytest.mark.parametrize("caller", CALLERS)
def test_geojson_is_a_feature_collection_of_what_the_caller_may_see(caller, world, client_for):
    incident(event_id="EV-unplaced", event_date=dt.date(2017, 7, 9))  # no point: not mapped
    response = client_for(caller).get("/api/incidents.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    text = b"".join(response.streaming_content).decode()
    import json

    collection = json.loads(text)
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert {f["properties"]["event_id"] for f in features} == visible_ids(caller)
    for feature in features:
        assert feature["type"] == "Feature"
        assert feature["geometry"] == {"type": "Point", "coordinates": [1.41, 18.44]}
    assert WITNESS not in text and SOURCE_NOTE not in text


def test_geojson_takes_the_list_filters(world, as_persona):
    import json

    response = as_persona("analyst").get("/api/incidents.geojson?admin1=Gao")
    features = json.loads(b"".join(response.streaming_content))["features"]
    assert {f["properties"]["event_id"] for f in features} == {"EV-internal", "EV-restricted"}


# --- aggregates ---------------------------------------------------------------------


@pytest.mark.parametrize("caller", CALLERS)
def test_aggregates_count_what_the_caller_may_see(caller, world, client_for):
    response = client_for(caller).get("/api/incidents/aggregates?by=admin1")
    assert response.status_code == 200
    rows = response.json()["rows"]
    fatalities = {"public": 1, "internal": 2, "draft": 3, "restricted": 4}
    region = {"public": "Kidal", "internal": "Gao", "draft": "Kidal", "restricted": "Gao"}
    expected: dict[str, list[int]] = {}
    for level in SEES[role(caller)]:
        counts = expected.setdefault(region[level], [0, 0])
        counts[0] += 1
        counts[1] += fatalities[level]
    assert {row["admin1"]: [row["count"], row["fatalities"]] for row in rows} == expected


def test_aggregates_by_month_region_type_and_actor(world, as_persona):
    incident(event_id="AUG", event_date=dt.date(2017, 8, 3), event_type=event_type("Protests"))
    response = as_persona("delegate").get(
        "/api/incidents/aggregates?by=month,admin1,event_type,actor"
    )
    body = response.json()
    assert body["by"] == ["month", "admin1", "event_type", "actor"]
    rows = {
        (r["month"], r["admin1"], r["event_type"], r["actor"]): r["count"] for r in body["rows"]
    }
    # The delegate does not see the hidden group: its draft incident counts, unnamed.
    assert rows == {
        ("2017-07", "Gao", "battles", "cma"): 1,
        ("2017-07", "Kidal", "battles", "cma"): 1,
        ("2017-07", "Kidal", "battles", None): 1,
        ("2017-08", "Kidal", "protests", None): 1,
    }


def test_aggregates_refuse_an_unknown_dimension(world, as_persona):
    response = as_persona("analyst").get("/api/incidents/aggregates?by=month,witness")
    assert response.status_code == 422

"""``POST /api/sanctions/screen``: editors screen a batch by token or by session (with the
CSRF token); each call is a stored run; members get 403, the public 401."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from accordwatch.core import services
from accordwatch.sanctions import screening
from accordwatch.sanctions.api import SCREEN_BATCH_LIMIT
from accordwatch.sanctions.models import Entry, ScreeningHit, ScreeningRun
from tests.sanctions.screening_list import ODD_NAMES, import_screening_list

pytestmark = pytest.mark.django_db

URL = "/api/sanctions/screen"


@pytest.fixture
def listed(persona_users):
    import_screening_list()


def _token_client(user) -> Client:
    _, raw = services.token_create(actor=services.SYSTEM, user=user, name="screening")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _post(client: Client, body, query: str = ""):
    return client.post(URL + query, json.dumps(body), content_type="application/json")


def test_an_editor_screens_a_batch_by_token(listed, analyst):
    client = _token_client(analyst)
    response = _post(
        client,
        [
            {"id": "v-1", "name": "Mohamed Ould Matali"},
            {"id": 2, "name": "محمد ولد ماتالي", "birth_date": "1970-01-01", "nationality": "Mali"},
            {"name": "Jean Dupont"},
        ],
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [r["id"] for r in body["results"]] == ["v-1", 2, None]
    assert [[h["reference_number"] for h in r["hits"]] for r in body["results"]] == [
        ["MLi.008"],
        ["MLi.008"],
        [],
    ]
    first = body["results"][0]["hits"][0]
    assert first["matched_name"] == "MOHAMED OULD MATALY" and first["decision"] is None
    assert "matali=mataly" in first["explanation"]
    run = ScreeningRun.objects.get(pk=body["run"])
    assert (run.source, run.user, run.input_count, run.hit_count) == ("api", analyst, 3, 2)
    assert body["list_import"] == run.list_import_id
    # What was screened against, so that "no hits" against an empty list shows as such.
    assert body["listed_entries"] == run.entry_count == Entry.objects.count() > 0


def test_a_verdict_comes_back_on_the_next_call(listed, analyst):
    client = _token_client(analyst)
    _post(client, [{"name": "Mohamed Ould Matali"}])
    screening.hit_decide(actor=analyst, hit=ScreeningHit.objects.get(), true_positive=True)
    body = _post(client, [{"name": "mohamed OULD matali"}]).json()
    assert body["results"][0]["hits"][0]["decision"] == "true_positive"


def test_threshold_and_list_type_are_options(listed, analyst):
    client = _token_client(analyst)
    body = _post(client, [{"name": "Amadou Ag Isriou"}], "?threshold=0.99").json()
    assert body["threshold"] == 0.99 and body["results"][0]["hits"] == []
    assert _post(client, [{"name": "x"}], "?threshold=2").status_code == 422
    mali = _post(client, [{"name": "Amadou Ag Isriou"}], "?list_type=Mali").json()
    assert [hit["reference_number"] for hit in mali["results"][0]["hits"]] == ["MLi.001"]


def test_an_unknown_list_type_is_refused_rather_than_answered_with_no_hits(listed, analyst):
    client = _token_client(analyst)
    response = _post(client, [{"name": "Amadou Ag Isriou"}], "?list_type=Malli")
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["query", "list_type"] and "Mali" in problem["msg"]
    assert ScreeningRun.objects.count() == 0


def test_the_batch_limit_and_malformed_input(listed, analyst):
    client = _token_client(analyst)
    too_many = [{"name": f"Name {n}"} for n in range(SCREEN_BATCH_LIMIT + 1)]
    assert _post(client, too_many).status_code == 422
    assert _post(client, [{"nom": "Matali"}]).status_code == 422
    assert _post(client, {"name": "Matali"}).status_code == 422
    assert _post(client, []).status_code == 422  # nothing to screen: no empty run stored
    for unreadable in ("31/01/1970", "1970-13-45", "soon"):
        response = _post(client, [{"name": "Matali"}, {"name": "X", "birth_date": unreadable}])
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "payload", 1, "birth_date"]
    assert not ScreeningRun.objects.exists()


def test_odd_names_are_answered_without_a_crash(listed, analyst):
    client = _token_client(analyst)
    response = _post(client, [{"name": name, "id": n} for n, name in enumerate(ODD_NAMES)])
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["id"], r["name"]) for r in results] == list(enumerate(ODD_NAMES))
    assert [h["reference_number"] for h in results[4]["hits"]] == ["MLi.008"]
    assert _post(client, [{"name": "a" * 10_001}]).status_code == 422  # longer than a name


def test_a_session_needs_the_csrf_token(listed, analyst):
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    assert _post(client, [{"name": "Matali"}]).status_code == 403
    client.get("/sanctions/screen/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        URL,
        json.dumps([{"name": "Mohamed Ould Matali"}]),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["delegate", "delegate+token", "outsider"])
def test_members_and_the_public_cannot_screen(listed, persona_users, persona):
    if persona == "delegate+token":
        client = _token_client(persona_users["delegate"])
    else:
        client = Client()
        if persona == "delegate":
            client.force_login(persona_users["delegate"])
    response = _post(client, [{"name": "Mohamed Ould Matali"}])
    assert response.status_code == (401 if persona == "outsider" else 403)
    assert not ScreeningRun.objects.exists()

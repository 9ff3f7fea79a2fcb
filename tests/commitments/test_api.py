"""The commitments API, for every caller: the four personas and scripts holding a token.

The world below holds one record at each visibility level ("public", "internal", "draft",
"restricted"); every list must show exactly the levels its caller may see, and every
detail of an unseen record must be a 404, never a 403 that would confirm it exists.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accordwatch.commitments import services as cs
from accordwatch.commitments.models import Assessment, Clause
from accordwatch.core import services
from accordwatch.core.models import AuditEvent
from tests import factories

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
# The personas, and scripts authenticating with a token of the analyst's or delegate's.
CALLERS = ["admin", "analyst", "delegate", "outsider", "analyst+token", "delegate+token"]
AS_OF = "2017-12-31"


def role(caller: str) -> str:
    return caller.split("+")[0]


def sees(caller: str, level: str) -> bool:
    return level in SEES[role(caller)]


@pytest.fixture
def client_for(as_persona, user_of):
    """A test client for a caller: a persona's session, or a token in the header."""

    def make(caller: str) -> Client:
        if caller.endswith("+token"):
            user = user_of(role(caller))
            _, raw = services.token_create(actor=services.SYSTEM, user=user, name="tests")
            return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return as_persona(caller)

    return make


@pytest.fixture
def world(db):
    """One document, commitment, assessment and meeting at each visibility level."""
    pillar = factories.pillar(key="security", name="Security")
    src_public = factories.source(key="src-public")
    src_restricted = factories.source(key="src-restricted", **LEVELS["restricted"])
    body = factories.actor(key="contact-group", kind="body", name_en="Contact Group")
    actor_public = factories.actor(key="actor-public")
    actor_restricted = factories.actor(key="actor-restricted", **LEVELS["restricted"])
    documents = {
        level: factories.document(
            key=f"doc-{level}",
            parties=[actor_public, actor_restricted],
            sources=[src_public, src_restricted],
            **values,
        )
        for level, values in LEVELS.items()
    }
    main = documents["public"]
    article, _ = cs.clause_upsert(
        actor=services.SYSTEM, document=main, ref="Art. 1", level="article", position=1
    )
    paragraph, _ = cs.clause_upsert(
        actor=services.SYSTEM,
        document=main,
        ref="Art. 1.1",
        level="paragraph",
        parent=article,
        position=2,
    )
    commitments = {
        level: factories.commitment(
            key=f"commit-{level}",
            document=main,
            pillar=pillar,
            clauses=[paragraph],
            responsible=[actor_public, actor_restricted],
            sources=[src_public, src_restricted],
            position=position,
            **values,
        )
        for position, (level, values) in enumerate(LEVELS.items())
    }
    # A public commitment is no more visible than the document that holds it.
    factories.commitment(key="commit-in-internal-doc", document=documents["internal"])
    factories.assessment(
        commitments["public"],
        dt.date(2017, 1, 1),
        1,
        sources=[src_public, src_restricted],
        **LEVELS["public"],
    )
    factories.assessment(commitments["public"], dt.date(2017, 6, 1), 2, **LEVELS["restricted"])
    for level, values in LEVELS.items():
        cs.meeting_upsert(
            actor=services.SYSTEM,
            key=f"meet-{level}",
            body=body,
            body_kind="contact_group",
            title=f"Meeting {level}",
            starts_on=dt.date(2017, 9, 20),
            communique=main,
            sources=[src_public, src_restricted],
            **values,
        )
    return {"documents": documents, "commitments": commitments}


def keys(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["key"] for item in response.json()["items"]]


def expected_keys(caller: str, prefix: str) -> set[str]:
    return {f"{prefix}-{level}" for level in LEVELS if sees(caller, level)}


# --- reads, per caller -------------------------------------------------------------------


@pytest.mark.parametrize("caller", CALLERS)
def test_documents_list_only_what_the_caller_may_see(world, client_for, caller):
    assert set(keys(client_for(caller).get("/api/documents"))) == expected_keys(caller, "doc")


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("level", LEVELS)
def test_an_unseen_document_is_not_found(world, client_for, caller, level):
    client = client_for(caller)
    expected = 200 if sees(caller, level) else 404
    assert client.get(f"/api/documents/doc-{level}").status_code == expected
    assert client.get(f"/api/documents/doc-{level}/clauses").status_code == expected


@pytest.mark.parametrize("caller", CALLERS)
def test_a_document_names_only_the_parties_and_sources_the_caller_may_see(
    world, client_for, caller
):
    body = client_for(caller).get("/api/documents/doc-public").json()
    restricted_too = sees(caller, "restricted")
    assert {a["key"] for a in body["parties"]} == (
        {"actor-public", "actor-restricted"} if restricted_too else {"actor-public"}
    )
    assert {s["key"] for s in body["sources"]} == (
        {"src-public", "src-restricted"} if restricted_too else {"src-public"}
    )


@pytest.mark.parametrize("caller", CALLERS)
def test_clauses_come_in_reading_order_with_their_visible_commitments(world, client_for, caller):
    clauses = client_for(caller).get(f"/api/documents/doc-public/clauses?as_of={AS_OF}").json()
    assert [(c["ref"], c["parent"], c["depth"]) for c in clauses] == [
        ("Art. 1", None, 0),
        ("Art. 1.1", "Art. 1", 1),
    ]
    held = {c["key"] for c in clauses[1]["commitments"]}
    assert held == expected_keys(caller, "commit")


@pytest.mark.parametrize("caller", CALLERS)
def test_commitments_list_only_what_the_caller_may_see(world, client_for, caller):
    expected = expected_keys(caller, "commit")
    if sees(caller, "internal"):
        expected.add("commit-in-internal-doc")
    assert set(keys(client_for(caller).get("/api/commitments?limit=500"))) == expected


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("level", LEVELS)
def test_an_unseen_commitment_is_not_found(world, client_for, caller, level):
    client = client_for(caller)
    expected = 200 if sees(caller, level) else 404
    assert client.get(f"/api/commitments/commit-{level}").status_code == expected
    assert client.get(f"/api/commitments/commit-{level}/assessments").status_code == expected


@pytest.mark.parametrize("caller", CALLERS)
def test_the_latest_standing_counts_only_assessments_the_caller_may_see(world, client_for, caller):
    client = client_for(caller)
    items = client.get(f"/api/commitments?as_of={AS_OF}&document=doc-public").json()["items"]
    item = next(i for i in items if i["key"] == "commit-public")
    detail = client.get(f"/api/commitments/commit-public?as_of={AS_OF}").json()
    if sees(caller, "restricted"):
        expected = (2, "intermediate", "2017-06-01")
    else:
        expected = (1, "minimal", "2017-01-01")
    for record in (item, detail):
        assert (record["latest_score"], record["latest_status"], record["latest_as_of"]) == (
            expected
        )
        assert record["latest_illustrative"] is False


@pytest.mark.parametrize("caller", CALLERS)
def test_a_commitment_shows_only_visible_actors_sources_and_assessments(world, client_for, caller):
    client = client_for(caller)
    detail = client.get("/api/commitments/commit-public").json()
    assessments = client.get("/api/commitments/commit-public/assessments").json()
    restricted_too = sees(caller, "restricted")
    assert {a["key"] for a in detail["responsible"]} == (
        {"actor-public", "actor-restricted"} if restricted_too else {"actor-public"}
    )
    assert {s["key"] for s in detail["sources"]} == (
        {"src-public", "src-restricted"} if restricted_too else {"src-public"}
    )
    assert [a["as_of"] for a in assessments] == (
        ["2017-01-01", "2017-06-01"] if restricted_too else ["2017-01-01"]
    )
    assert {s["key"] for s in assessments[0]["sources"]} == (
        {"src-public", "src-restricted"} if restricted_too else {"src-public"}
    )
    assert detail["clauses"] == [{"ref": "Art. 1.1", "heading": ""}]


@pytest.mark.parametrize("caller", CALLERS)
def test_meetings_list_only_what_the_caller_may_see(world, client_for, caller):
    assert set(keys(client_for(caller).get("/api/meetings"))) == expected_keys(caller, "meet")


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("level", LEVELS)
def test_an_unseen_meeting_is_not_found_and_decisions_are_filtered(
    world, client_for, caller, level
):
    response = client_for(caller).get(f"/api/meetings/meet-{level}?as_of={AS_OF}")
    if not sees(caller, level):
        assert response.status_code == 404
        return
    body = response.json()
    assert body["communique"] == "doc-public"
    assert body["body"] == {"key": "contact-group", "name": "Contact Group"}
    assert {d["key"] for d in body["decisions"]} == expected_keys(caller, "commit")
    assert {s["key"] for s in body["sources"]} <= {"src-public", "src-restricted"}
    assert ("src-restricted" in {s["key"] for s in body["sources"]}) == sees(caller, "restricted")


@pytest.mark.parametrize("caller", CALLERS)
def test_scores_count_only_the_commitments_the_caller_may_see(world, client_for, caller):
    response = client_for(caller).get(f"/api/scores?group_by=all&as_of={AS_OF}")
    assert response.status_code == 200
    [row] = response.json()["rows"]
    visible = len(expected_keys(caller, "commit")) + (1 if sees(caller, "internal") else 0)
    assert row["commitments"] == visible
    if role(caller) == "outsider":
        # One public action, latest public assessment "minimal" (1 of 3).
        assert row["percent"] == pytest.approx(100 / 3, abs=0.1)


# --- writing an assessment ---------------------------------------------------------------

NEW = {
    "as_of": "2017-10-01",
    "score": 3,
    "rationale": "Patrols <script>alert(1)</script> resumed.",
    "sources": ["src-public"],
    "illustrative": True,
    "confidentiality": "public",
    "publication_state": "published",
}


def _csrf_client(user) -> tuple[Client, str]:
    """A browser-like client that enforces CSRF, logged in, holding the page's CSRF token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/api/docs")  # the docs page renders the token, as a form page would
    return client, client.cookies["csrftoken"].value


def test_an_analyst_records_an_assessment_with_a_token(world, client_for):
    response = client_for("analyst+token").post(
        "/api/commitments/commit-public/assessments", NEW, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["commitment"] == "commit-public"
    assert (body["score"], body["status"], body["illustrative"]) == (3, "full", True)
    assert body["rationale"] == NEW["rationale"]
    assert [s["key"] for s in body["sources"]] == ["src-public"]
    assert body["assessor"] == "analyst"
    event = AuditEvent.objects.get(action="assessment.create", object_id=str(body["id"]))
    assert event.user_label == "analyst"
    # The public sees it at once.
    public = Client().get("/api/commitments/commit-public/assessments").json()
    assert body["id"] in {a["id"] for a in public}


def test_an_analyst_records_an_assessment_with_the_session_and_its_csrf_token(world, analyst):
    client, token = _csrf_client(analyst)
    response = client.post(
        "/api/commitments/commit-public/assessments",
        NEW,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 201, response.content


def test_a_session_write_without_the_csrf_token_is_refused(world, analyst):
    client, _ = _csrf_client(analyst)
    before = Assessment.objects.count()
    response = client.post(
        "/api/commitments/commit-public/assessments", NEW, content_type="application/json"
    )
    assert response.status_code == 403
    assert Assessment.objects.count() == before


@pytest.mark.parametrize(
    ("caller", "status"), [("delegate", 403), ("delegate+token", 403), ("outsider", 401)]
)
def test_members_and_the_public_cannot_record_assessments(world, client_for, caller, status):
    before = Assessment.objects.count()
    response = client_for(caller).post(
        "/api/commitments/commit-public/assessments", NEW, content_type="application/json"
    )
    assert response.status_code == status
    assert Assessment.objects.count() == before


def test_the_public_gets_401_even_from_a_csrf_enforcing_browser(world):
    response = Client(enforce_csrf_checks=True).post(
        "/api/commitments/commit-public/assessments", NEW, content_type="application/json"
    )
    assert response.status_code == 401


def test_writing_to_a_commitment_one_cannot_see_is_not_found(world, client_for):
    response = client_for("delegate").post(
        "/api/commitments/commit-restricted/assessments", NEW, content_type="application/json"
    )
    assert response.status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_revoked_or_unknown_token_is_refused(world, analyst, method):
    token, raw = services.token_create(actor=services.SYSTEM, user=analyst, name="old")
    services.token_revoke(actor=services.SYSTEM, token=token)
    for value in (raw, "aw_not-a-real-token", "garbage"):
        client = Client(HTTP_AUTHORIZATION=f"Bearer {value}")
        if method == "get":
            response = client.get("/api/commitments")
        else:
            response = client.post(
                "/api/commitments/commit-public/assessments", NEW, content_type="application/json"
            )
        assert response.status_code == 401, value
    assert not Assessment.objects.filter(as_of=dt.date(2017, 10, 1)).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"score": 5}, "score"),
        ({"score": None}, "score"),  # an action needs a score
        ({"rationale": "   "}, "rationale"),
        ({"as_of": "2017-13-01"}, "as_of"),
        ({"sources": ["no-such-source"]}, "sources"),
        ({"sources": ["src-restricted"], "confidentiality": "secret"}, "confidentiality"),
    ],
)
def test_invalid_assessments_are_422_naming_the_field(world, client_for, change, field):
    before = Assessment.objects.count()
    response = client_for("analyst+token").post(
        "/api/commitments/commit-public/assessments",
        {**NEW, **change},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert field in {error["loc"][-1] for error in response.json()["detail"]}
    assert Assessment.objects.count() == before


def test_a_position_takes_no_score(world, client_for):
    factories.commitment(key="a-position", kind="position", document=world["documents"]["public"])
    client = client_for("analyst+token")
    url = "/api/commitments/a-position/assessments"
    scored = client.post(url, NEW, content_type="application/json")
    assert scored.status_code == 422
    assert scored.json()["detail"][0]["loc"][-1] == "score"
    unscored = client.post(url, {**NEW, "score": None}, content_type="application/json")
    assert unscored.status_code == 201
    assert unscored.json()["status"] == "not_applicable"


def test_a_new_assessment_changes_the_scores(world, client_for):
    public = Client()
    url = f"/api/scores?group_by=pillar&as_of={AS_OF}"
    [before] = public.get(url).json()["rows"]
    assert before["group_key"] == "security"
    response = client_for("analyst+token").post(
        "/api/commitments/commit-public/assessments", NEW, content_type="application/json"
    )
    assert response.status_code == 201
    [after] = public.get(url).json()["rows"]
    assert before["percent"] == pytest.approx(100 / 3, abs=0.1)
    assert after["percent"] == pytest.approx(100.0)
    series = public.get(
        "/api/scores?group_by=pillar&series=monthly&start=2017-08-01&end=2017-11-30"
    ).json()["series"]
    assert [(p["month"], round(p["percent"])) for p in series] == [
        ("2017-08-01", 33),
        ("2017-09-01", 33),
        ("2017-10-01", 100),
        ("2017-11-01", 100),
    ]


# --- scores: parameters ------------------------------------------------------------------


@pytest.mark.parametrize("group_by", ["pillar", "document", "actor", "all"])
def test_scores_group_by_each_dimension(world, client_for, group_by):
    body = client_for("analyst").get(f"/api/scores?group_by={group_by}&as_of={AS_OF}").json()
    assert body["group_by"] == group_by and body["as_of"] == AS_OF
    assert body["rows"], body
    assert body["series"] is None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("group_by=colour", "group_by"),
        ("series=monthly", "start"),
        ("series=monthly&start=2018-01-01&end=2017-01-01", "end"),
        ("series=monthly&start=1900-01-01&end=2017-01-01", "start"),
        ("as_of=yesterday", "as_of"),
    ],
)
def test_bad_score_queries_are_422_naming_the_parameter(world, query, field):
    response = Client().get(f"/api/scores?{query}")
    assert response.status_code == 422
    assert field in {error["loc"][-1] for error in response.json()["detail"]}


def test_scores_can_be_limited_to_documents(world, client_for):
    client = client_for("analyst")
    body = client.get(f"/api/scores?group_by=all&as_of={AS_OF}&document=doc-internal").json()
    assert body["rows"][0]["commitments"] == 1


# --- lists: paging and filters -----------------------------------------------------------


def test_pages_follow_a_stable_order_and_count_everything(world, client_for):
    client = client_for("analyst")
    whole = client.get("/api/commitments?limit=500").json()
    assert whole["count"] == len(whole["items"]) == 5
    paged = []
    for offset in range(0, 5, 2):
        page = client.get(f"/api/commitments?limit=2&offset={offset}").json()
        assert page["count"] == 5
        paged += [item["key"] for item in page["items"]]
    assert paged == [item["key"] for item in whole["items"]]
    assert client.get("/api/commitments?limit=501").status_code == 422


@pytest.fixture
def filtered(db):
    land, people = factories.pillar(key="land"), factories.pillar(key="people")
    army = factories.actor(key="army")
    agreement = factories.document(key="agreement")
    other = factories.document(key="other")
    late = factories.commitment(
        key="late-road",
        title="Build the road",
        document=agreement,
        pillar=land,
        responsible=[army],
        deadline=dt.date(2016, 1, 1),
    )
    done = factories.commitment(
        key="done-school",
        title="Open the school",
        document=agreement,
        pillar=people,
        deadline=dt.date(2016, 1, 1),
    )
    factories.commitment(key="stance", kind="position", document=other, title="Support talks")
    factories.assessment(late, dt.date(2017, 2, 1), 1)
    factories.assessment(done, dt.date(2017, 3, 1), 3)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("document=agreement", {"late-road", "done-school"}),
        ("pillar=land", {"late-road"}),
        ("actor=army", {"late-road"}),
        ("status=full", {"done-school"}),
        ("status=not_assessed", {"stance"}),
        ("overdue=true", {"late-road"}),
        ("overdue=false", {"done-school", "stance"}),
        ("kind=position", {"stance"}),
        ("q=school", {"done-school"}),
        ("status=not_assessed&as_of=2017-01-15", {"late-road", "done-school", "stance"}),
        ("status=minimal&as_of=2017-02-15", {"late-road"}),
    ],
)
def test_commitment_filters(filtered, query, expected):
    if "as_of" not in query:
        query += "&as_of=2017-12-31"
    assert set(keys(Client().get(f"/api/commitments?{query}"))) == expected


@pytest.mark.parametrize("query", ["status=done", "kind=promise", "overdue=perhaps"])
def test_unknown_filter_values_are_422(filtered, query):
    assert Client().get(f"/api/commitments?{query}").status_code == 422


def test_documents_can_be_filtered_by_kind(world):
    factories.document(key="res-2359", kind="resolution")
    assert keys(Client().get("/api/documents?kind=resolution")) == ["res-2359"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/commitments",
        "/api/documents",
        "/api/meetings",
        "/api/commitments/commit-public/assessments",
        "/api/meetings/meet-public",
        "/api/documents/doc-public/clauses",
    ],
)
def test_an_answer_costs_the_same_queries_however_long_it_is(world, client_for, url):
    client = client_for("analyst")

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = cost()
    main = world["documents"]["public"]
    paragraph = Clause.objects.get(document=main, ref="Art. 1.1")
    body = factories.actor(key="another-body", kind="body")
    for n in range(6):
        extra = factories.commitment(
            key=f"extra-{n}",
            document=main,
            clauses=[paragraph],
            responsible=[factories.actor()],
            sources=[factories.source()],
        )
        factories.assessment(
            world["commitments"]["public"], dt.date(2016, 1, n + 1), 1, sources=[factories.source()]
        )
        factories.assessment(extra, dt.date(2016, 1, 1), 1)
        factories.document(key=f"extra-doc-{n}")
        cs.meeting_upsert(
            actor=services.SYSTEM,
            key=f"extra-meeting-{n}",
            body=body,
            body_kind="other",
            title="Extra",
            communique=main,
        )
    assert cost() == small

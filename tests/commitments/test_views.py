"""The tracker's pages, for every persona: what each one sees, may open, and may change."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from accordwatch.commitments import services as cs
from accordwatch.commitments.models import Assessment, Commitment, Document
from accordwatch.core import services
from tests import factories

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "analyst", "delegate", "outsider"]
XSS = "<script>alert('pwn')</script>"
AS_OF = "2018-01-01"

# Titles that must never reach a reader who may not see their record.
SECRET = {
    "internal": "Secret-internal commitment Kestrel",
    "draft": "Secret-draft commitment Osprey",
    "restricted": "Secret-restricted commitment Merlin",
    "internal_doc": "Secret-internal document Harrier",
}
HIDDEN_FROM = {
    "outsider": ["internal", "draft", "restricted", "internal_doc"],
    "delegate": ["restricted"],
    "analyst": [],
    "admin": [],
}


@pytest.fixture
def world(persona_users):
    """A public agreement with clauses and commitments of every visibility, a communiqué
    with its decisions and the Contact Group meeting that adopted it."""
    system = services.SYSTEM
    security = factories.pillar(key="security", name="Defence and security", position=1)
    politics = factories.pillar(key="politics", name=f"Politics {XSS}", position=0)
    government = factories.actor(
        key="government", name_en="Government of Testland", kind="government"
    )
    agreement = factories.document(
        key="agreement", title="Agreement for peace in Testland", adopted_on=dt.date(2015, 6, 20)
    )
    chapter, _ = cs.clause_upsert(
        actor=system,
        document=agreement,
        ref="Ch. 1",
        level="chapter",
        heading="Security",
        position=1,
    )
    article, _ = cs.clause_upsert(
        actor=system,
        document=agreement,
        ref="Art. 5",
        level="article",
        parent=chapter,
        heading="Cantonment",
        position=2,
    )
    patrols = factories.commitment(
        key="joint-patrols",
        document=agreement,
        title="Joint patrols start in the north",
        pillar=security,
        clauses=[article],
        responsible=[government],
        deadline=dt.date(2016, 1, 1),
    )
    factories.assessment(patrols, dt.date(2016, 6, 1), 1, rationale="Patrols planned, not started.")
    xss = factories.commitment(
        key="markup",
        document=agreement,
        title=f"Markup {XSS} title",
        pillar=politics,
        summary=f"Summary {XSS}",
        clauses=[article],
    )
    factories.assessment(
        xss, dt.date(2016, 7, 1), 2, rationale=f"Rationale {XSS}", illustrative=True
    )
    hidden = {}
    for name, conf, pub in [
        ("internal", "internal", "published"),
        ("draft", "public", "draft"),
        ("restricted", "restricted", "published"),
    ]:
        hidden[name] = factories.commitment(
            key=f"hidden-{name}",
            document=agreement,
            title=SECRET[name],
            pillar=security,
            clauses=[article],
            confidentiality=conf,
            publication_state=pub,
            deadline=dt.date(2016, 2, 1),
        )
        factories.assessment(hidden[name], dt.date(2016, 8, 1), 0, rationale=f"about {name}")
    internal_doc = factories.document(
        key="internal-doc", title=SECRET["internal_doc"], confidentiality="internal"
    )
    factories.commitment(key="in-internal-doc", document=internal_doc, title="Inside a hidden text")

    body = factories.actor(key="contact-group", name_en="Contact Group", kind="body")
    communique = factories.document(
        key="communique",
        kind="communique",
        title="Final communiqué",
        adopted_on=dt.date(2017, 9, 20),
    )
    para, _ = cs.clause_upsert(actor=system, document=communique, ref="para. vi", level="paragraph")
    decision = factories.commitment(
        key="decision-vi",
        document=communique,
        title="Respect the ceasefire",
        clauses=[para],
        related=[patrols, hidden["restricted"]],
    )
    meeting, _ = cs.meeting_upsert(
        actor=system,
        key="cg-2017",
        body=body,
        body_kind="contact_group",
        title="Contact Group, ministerial meeting",
        starts_on=dt.date(2017, 9, 20),
        communique=communique,
        discussed=[patrols, hidden["internal"]],
        confidentiality="public",
        publication_state="published",
    )
    cs.meeting_upsert(
        actor=system,
        key="csa-22",
        body=body,
        body_kind="monitoring_committee",
        title="Monitoring committee, 22nd session",
        session_number=22,
        starts_on=dt.date(2017, 12, 5),
        confidentiality="public",
        publication_state="published",
    )
    return {
        "patrols": patrols,
        "xss": xss,
        "hidden": hidden,
        "decision": decision,
        "meeting": meeting,
        "agreement": agreement,
        "security": security,
    }


def read_pages():
    """Every page a reader opens, with the public commitment and meeting of the world."""
    return [
        reverse("dashboard") + f"?as_of={AS_OF}",
        reverse("dashboard"),
        reverse("document-list"),
        reverse("document-detail", args=["agreement"]),
        reverse("document-detail", args=["communique"]),
        reverse("commitment-list"),
        reverse("commitment-list") + "?overdue=on&as_of=2017-01-01",
        reverse("commitment-detail", args=["joint-patrols"]),
        reverse("commitment-detail", args=["markup"]),
        reverse("commitment-detail", args=["decision-vi"]),
        reverse("meeting-list"),
        reverse("meeting-detail", args=["cg-2017"]),
        reverse("meeting-matrix", args=["cg-2017"]) + f"?as_of={AS_OF}",
        reverse("meeting-matrix-print", args=["cg-2017"]),
        reverse("scores") + f"?as_of={AS_OF}",
    ]


# --- who may open what --------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_reading_page_opens_for_every_persona(world, as_persona, persona):
    client = as_persona(persona)
    for url in read_pages():
        response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_names_a_record_its_reader_may_not_see(world, as_persona, persona):
    client = as_persona(persona)
    for url in read_pages():
        html = client.get(url).content.decode()
        for name in HIDDEN_FROM[persona]:
            assert SECRET[name] not in html, f"{persona} sees {name} on {url}"


@pytest.mark.parametrize("persona", ["admin", "analyst"])
def test_editors_see_every_record_in_the_lists(world, as_persona, persona):
    html = as_persona(persona).get(reverse("commitment-list")).content.decode()
    for name in ("internal", "draft", "restricted"):
        assert SECRET[name] in html


def test_a_member_sees_internal_and_draft_records(world, as_persona):
    html = as_persona("delegate").get(reverse("commitment-list")).content.decode()
    assert SECRET["internal"] in html and SECRET["draft"] in html


@pytest.mark.parametrize(
    ("persona", "hidden"),
    [
        ("outsider", "internal"),
        ("outsider", "draft"),
        ("outsider", "restricted"),
        ("delegate", "restricted"),
    ],
)
def test_a_hidden_commitment_is_not_found_not_forbidden(world, as_persona, persona, hidden):
    client = as_persona(persona)
    response = client.get(reverse("commitment-detail", args=[f"hidden-{hidden}"]))
    assert response.status_code == 404
    assert SECRET[hidden] not in response.content.decode()
    # Posting to it does not reveal it either.
    post = client.post(reverse("assessment-add", args=[f"hidden-{hidden}"]), {"rationale": "x"})
    assert post.status_code == 404


def test_a_hidden_document_is_not_found_for_the_public(world, as_persona):
    response = as_persona("outsider").get(reverse("document-detail", args=["internal-doc"]))
    assert response.status_code == 404
    assert (
        as_persona("delegate").get(reverse("document-detail", args=["internal-doc"])).status_code
        == 200
    )


def test_an_unknown_record_is_a_404(world, as_persona):
    client = as_persona("analyst")
    for name in ("commitment-detail", "document-detail", "meeting-detail", "meeting-matrix"):
        assert client.get(reverse(name, args=["no-such-key"])).status_code == 404


def test_a_meeting_without_communique_has_no_matrix(world, as_persona):
    response = as_persona("analyst").get(reverse("meeting-matrix", args=["csa-22"]))
    assert response.status_code == 404


# --- edit controls and writes ------------------------------------------------------------

EDITOR_PAGES = [("document-add", []), ("commitment-add", [])]


@pytest.mark.parametrize("persona", ["delegate", "outsider"])
def test_readers_get_no_edit_control(world, as_persona, persona):
    client = as_persona(persona)
    for url in read_pages():
        html = client.get(url).content.decode()
        # The header's language and sign-out forms post; the page body must not.
        main = html[html.index("<main") : html.index("</main>")] if "<main" in html else html
        assert 'method="post"' not in main, url
        assert "hx-post" not in main, url
        assert 'name="rationale"' not in main, url


@pytest.mark.parametrize("persona", ["admin", "analyst"])
def test_editors_get_the_assessment_form(world, as_persona, persona):
    html = as_persona(persona).get(reverse("commitment-detail", args=["joint-patrols"])).content
    assert b'name="rationale"' in html and b"hx-post" in html


@pytest.mark.parametrize(("persona", "status"), [("delegate", 403), ("outsider", 403)])
def test_readers_cannot_post(world, as_persona, persona, status):
    client = as_persona(persona)
    before = Assessment.objects.count(), Document.objects.count(), Commitment.objects.count()
    assessment = {
        "as_of": "2017-01-01",
        "score": "3",
        "rationale": "done",
        "confidentiality": "public",
        "publication_state": "published",
    }
    assert (
        client.post(
            reverse("assessment-add", args=["joint-patrols"]), assessment, HTTP_HX_REQUEST="true"
        ).status_code
        == status
    )
    document = {
        "key": "new-doc",
        "kind": "agreement",
        "title": "New",
        "confidentiality": "public",
        "publication_state": "published",
    }
    assert client.post(reverse("document-add"), document).status_code == status
    commitment = {
        "key": "new-c",
        "document": world["agreement"].pk,
        "title": "New",
        "kind": "action",
        "weight": "1",
        "confidentiality": "public",
        "publication_state": "published",
    }
    assert client.post(reverse("commitment-add"), commitment).status_code == status
    after = Assessment.objects.count(), Document.objects.count(), Commitment.objects.count()
    assert after == before


def test_editor_pages_per_persona(world, as_persona):
    for name, args in EDITOR_PAGES:
        url = reverse(name, args=args)
        assert as_persona("admin").get(url).status_code == 200
        assert as_persona("analyst").get(url).status_code == 200
        assert as_persona("delegate").get(url).status_code == 403
        response = as_persona("outsider").get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


# --- the dashboard: the agreement by pillar, the decisions by status -------------------


def _dashboard(client):
    response = client.get(reverse("dashboard") + f"?as_of={AS_OF}")
    assert response.status_code == 200
    return response


def _series_groups(html: str) -> set[str]:
    found = re.search(
        r'<script id="pillar-series-spec" type="application/json">(.*?)</script>', html
    )
    assert found is not None
    return {value["group"] for value in json.loads(found.group(1))["data"]["values"]}


def test_the_dashboard_scores_the_agreement_by_pillar_without_the_decisions(world, as_persona):
    response = _dashboard(as_persona("outsider"))
    agreement = response.context["agreement"]
    # The communiqué's decision vi is an action with no pillar: it is not in the pillars.
    assert [row.group_key for row in agreement.by_pillar] == ["politics", "security"]
    # politics: markup 2 of 3; security: patrols 1 of 3 (the hidden ones are not seen).
    assert agreement.overall.percent == pytest.approx(50)
    assert agreement.overall.commitments == 2
    html = response.content.decode()
    assert "No pillar" not in html
    assert _series_groups(html) == {f"Politics {XSS}", "Defence and security"}
    start = html.index('<ul class="figures">')
    figures = html[start : html.index("</ul>", start)]
    assert "50%" in figures


def test_an_agreement_action_without_pillar_gets_its_own_row(world, as_persona):
    factories.commitment(key="loose", document=world["agreement"], title="Loose end")
    response = _dashboard(as_persona("outsider"))
    keys = [row.group_key for row in response.context["agreement"].by_pillar]
    assert keys == ["politics", "security", ""]
    html = response.content.decode()
    assert "No pillar" in html and "No pillar" in _series_groups(html)


def test_commitments_of_other_kinds_of_document_leave_the_pillars_unchanged(world, as_persona):
    client = as_persona("outsider")
    before = _pillar_percent(client, "security")
    ceasefire = factories.document(
        key="ceasefire", kind="ceasefire", adopted_on=dt.date(2014, 5, 23)
    )
    stop = factories.commitment(key="stop", document=ceasefire, pillar=world["security"])
    factories.assessment(stop, dt.date(2016, 1, 1), 3)
    assert _pillar_percent(client, "security") == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("outsider", {"full": 1, "not_assessed": 1, "position": 1}),
        ("delegate", {"full": 1, "not_assessed": 2, "position": 1}),
        ("analyst", {"full": 1, "not_assessed": 2, "position": 1}),
    ],
)
def test_the_dashboard_counts_the_contact_group_decisions_by_status(
    world, as_persona, persona, expected
):
    communique = world["decision"].document
    done = factories.commitment(key="decision-vii", document=communique, title="Done")
    factories.assessment(done, dt.date(2017, 11, 1), 3)
    factories.commitment(key="decision-i", document=communique, title="Stance", kind="position")
    factories.commitment(
        key="decision-x", document=communique, title="Internal one", confidentiality="internal"
    )
    response = _dashboard(as_persona(persona))
    decisions = response.context["decisions"]
    counts = {name: n for name, n in decisions["buckets"] if n}
    assert counts == expected
    assert decisions["total"] == sum(expected.values())
    assert response.context["matrix_meeting"].key == "cg-2017"
    html = response.content.decode()
    section = html[html.index('data-testid="decisions-follow-up"') :]
    assert reverse("meeting-matrix", args=["cg-2017"]) in section
    assert "?document=communique&amp;kind=action&amp;status=full" in section
    # The headline says how many of the decisions that call for action are fully done.
    actions = decisions["total"] - expected["position"]
    assert re.search(
        rf'figure__value">1</span>\s*<span class="figure__label">of the Contact Group’s {actions} '
        "decisions calling for action fully implemented",
        html,
    )


def test_the_group_labels_follow_the_interface_language(world, as_persona):
    factories.commitment(key="loose", document=world["agreement"], title="Loose end")
    client = as_persona("outsider")
    assert "No pillar" in _series_groups(_dashboard(client).content.decode())
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    html = _dashboard(client).content.decode()
    assert "Sans pilier" in html and "No pillar" not in html
    # The series was cached in English a moment ago; the French page gets its own.
    assert "Sans pilier" in _series_groups(html)


def test_the_nav_links_users_for_admins_and_the_list_links_the_import_for_editors(
    world, as_persona
):
    users, upload = reverse("user-list"), reverse("commitments-import")
    for persona in PERSONAS:
        client = as_persona(persona)
        nav = client.get(reverse("dashboard")).content.decode()
        nav = nav[nav.index('<nav class="site-nav"') : nav.index("</nav>")]
        assert (f'href="{users}"' in nav) == (persona == "admin"), persona
        listing = client.get(reverse("commitment-list")).content.decode()
        assert (f'href="{upload}"' in listing) == (persona in ("admin", "analyst")), persona


def test_without_agreement_or_communique_the_dashboard_says_so(persona_users, as_persona):
    html = _dashboard(as_persona("outsider")).content.decode()
    assert "No peace agreement is recorded on this date." in html
    assert "No Contact Group meeting with a communiqué is in the records yet." in html


def _pillar_percent(client, pillar_key: str) -> float | None:
    response = client.get(reverse("dashboard") + f"?as_of={AS_OF}")
    rows = {row.group_key: row for row in response.context["agreement"].by_pillar}
    return rows[pillar_key].percent


def test_an_analyst_adds_an_assessment_and_the_pillar_score_moves(world, as_persona):
    client = as_persona("analyst")
    before = _pillar_percent(client, "security")
    page = client.get(reverse("dashboard") + f"?as_of={AS_OF}").content.decode()
    assert f"{before:.0f}%" in page

    response = client.post(
        reverse("assessment-add", args=["joint-patrols"]),
        {
            "as_of": "2017-11-30",
            "score": "3",
            "rationale": "Patrols run in Gao <b>daily</b>.",
            "confidentiality": "public",
            "publication_state": "published",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    # The fragment is the updated timeline, newest first, escaped, with a fresh form.
    assert fragment.lstrip().startswith('<section id="assessments"')
    assert "Patrols run in Gao &lt;b&gt;daily&lt;/b&gt;." in fragment
    assert fragment.index("30 Nov 2017") < fragment.index("1 Jun 2016")
    assert 'hx-swap-oob="true"' in fragment and "Full" in fragment

    after = _pillar_percent(client, "security")
    assert after is not None and before is not None and after > before
    page = client.get(reverse("dashboard") + f"?as_of={AS_OF}").content.decode()
    assert f"{after:.0f}%" in page
    assessment = Assessment.objects.filter(commitment=world["patrols"]).latest("id")
    assert assessment.assessor.username == "analyst" and assessment.score == 3


def test_a_bad_assessment_is_explained_inline(world, as_persona):
    client = as_persona("analyst")
    count = Assessment.objects.count()
    response = client.post(
        reverse("assessment-add", args=["joint-patrols"]),
        {
            "as_of": "2017-11-30",
            "score": "",
            "rationale": "",
            "confidentiality": "public",
            "publication_state": "published",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errorlist"' in html and "form-row--error" in html
    # An action needs a score: the score field says so, beside the field.
    response = client.post(
        reverse("assessment-add", args=["joint-patrols"]),
        {
            "as_of": "2017-11-30",
            "score": "",
            "rationale": "why",
            "confidentiality": "public",
            "publication_state": "published",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert re.search(r'form-row--error">\s*<label for="id_score"', html)
    assert Assessment.objects.count() == count


def test_without_htmx_the_form_redirects_back_to_the_commitment(world, as_persona):
    response = as_persona("analyst").post(
        reverse("assessment-add", args=["joint-patrols"]),
        {
            "as_of": "2017-11-30",
            "score": "2",
            "rationale": "Half way.",
            "confidentiality": "public",
            "publication_state": "published",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("commitment-detail", args=["joint-patrols"]))


def test_an_analyst_adds_a_document_and_a_commitment(world, as_persona):
    client = as_persona("analyst")
    response = client.post(
        reverse("document-add"),
        {
            "key": "res-2374",
            "kind": "resolution",
            "title": "Resolution 2374 (2017)",
            "adopted_on": "2017-09-05",
            "confidentiality": "public",
            "publication_state": "published",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("document-detail", args=["res-2374"])
    document = Document.objects.get(key="res-2374")
    clause, _ = cs.clause_upsert(
        actor=services.SYSTEM, document=document, ref="para. 1", level="paragraph"
    )
    response = client.post(
        reverse("commitment-add"),
        {
            "key": "res-2374-p1",
            "document": document.pk,
            "title": "Set up a sanctions regime",
            "kind": "action",
            "weight": "1",
            "clauses": [str(clause.pk)],
            "confidentiality": "public",
            "publication_state": "published",
        },
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get(key="res-2374-p1")
    assert list(commitment.clauses.all()) == [clause]
    page = client.get(reverse("document-detail", args=["res-2374"])).content.decode()
    assert "Set up a sanctions regime" in page


def test_the_commitment_form_refuses_a_clause_of_another_document(world, as_persona):
    clause = world["patrols"].clauses.first()
    document = factories.document(key="other")
    response = as_persona("analyst").post(
        reverse("commitment-add"),
        {
            "key": "mismatch",
            "document": document.pk,
            "title": "Mismatch",
            "kind": "action",
            "weight": "1",
            "clauses": [str(clause.pk)],
            "confidentiality": "public",
            "publication_state": "published",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "must belong to the commitment" in response.content.decode()
    assert not Commitment.objects.filter(key="mismatch").exists()


def test_a_duplicate_key_is_refused_not_overwritten(world, as_persona):
    response = as_persona("analyst").post(
        reverse("document-add"),
        {
            "key": "agreement",
            "kind": "agreement",
            "title": "Overwritten?",
            "confidentiality": "public",
            "publication_state": "published",
        },
    )
    assert response.status_code == 400
    assert "exists already" in response.content.decode()
    assert Document.objects.get(key="agreement").title == "Agreement for peace in Testland"


# --- escaping, CSRF, language ----------------------------------------------------------


@pytest.mark.parametrize("persona", ["analyst", "outsider"])
def test_markup_in_titles_and_rationales_is_escaped_everywhere(world, as_persona, persona):
    client = as_persona(persona)
    seen = 0
    for url in read_pages():
        html = client.get(url).content.decode()
        assert XSS not in html, url
        if "&lt;script&gt;alert(" in html or "\\u003Cscript\\u003Ealert(" in html:
            seen += 1
    # The payload was on the pages, shown as text: the test looks where it should.
    assert seen >= 5


def test_every_post_form_carries_the_csrf_token(world, as_persona):
    client = as_persona("analyst")
    urls = [*read_pages(), reverse("document-add"), reverse("commitment-add")]
    for url in urls:
        html = client.get(url).content.decode()
        for form in re.findall(r"<form\b[^>]*method=\"post\".*?</form>", html, flags=re.S | re.I):
            assert 'name="csrfmiddlewaretoken"' in form, url
        if "<main" in html:  # pages with the site frame send the token with htmx requests
            assert 'hx-headers=\'{"X-CSRFToken": "' in html, url


def test_a_post_without_the_csrf_token_is_refused(world, analyst):
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    url = reverse("assessment-add", args=["joint-patrols"])
    data = {
        "as_of": "2017-11-30",
        "score": "3",
        "rationale": "done",
        "confidentiality": "public",
        "publication_state": "published",
    }
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 403
    assert not Assessment.objects.filter(rationale="done").exists()
    # With the token, as htmx sends it (a header), the same post goes through.
    client.get(reverse("commitment-detail", args=["joint-patrols"]))
    token = client.cookies["csrftoken"].value
    response = client.post(url, data, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert Assessment.objects.filter(rationale="done").exists()


def test_the_arabic_interface_is_right_to_left(world, as_persona):
    client = as_persona("outsider")
    html = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    response = client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "لوحة المتابعة" in html  # the nav's "Dashboard", translated
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    html = client.get(reverse("commitment-list")).content.decode()
    assert '<html lang="fr" dir="ltr">' in html and "Engagements" in html


# --- the pages' content ---------------------------------------------------------------


def test_the_document_page_shows_the_clause_tree_with_statuses(world, as_persona):
    html = (
        as_persona("outsider").get(reverse("document-detail", args=["agreement"])).content.decode()
    )
    chapter, article = html.index("Ch. 1"), html.index("Art. 5")
    assert chapter < article < html.index("Joint patrols start in the north")
    assert "Minimal" in html and "Defence and security" in html


def test_the_commitment_page_shows_timeline_evidence_and_overdue(world, as_persona):
    html = (
        as_persona("outsider")
        .get(reverse("commitment-detail", args=["joint-patrols"]))
        .content.decode()
    )
    assert "Patrols planned, not started." in html
    assert "overdue" in html
    # The meeting that discussed it is linked as evidence.
    assert reverse("meeting-detail", args=["cg-2017"]) in html
    illustrative = as_persona("outsider").get(reverse("commitment-detail", args=["markup"]))
    assert "badge--illustrative" in illustrative.content.decode()


def test_the_matrix_lists_each_decision_with_its_evidence(world, as_persona):
    client = as_persona("delegate")
    html = client.get(reverse("meeting-matrix", args=["cg-2017"])).content.decode()
    assert "para. vi" in html and "Respect the ceasefire" in html
    # Decision vi follows up the patrols: that evidence is shown, the restricted one is not.
    assert "Joint patrols start in the north" in html
    assert SECRET["restricted"] not in html
    printed = client.get(reverse("meeting-matrix-print", args=["cg-2017"])).content.decode()
    assert "print.css" in printed and 'class="site-nav' not in printed
    assert "Respect the ceasefire" in printed


def test_the_nav_matrix_link_opens_the_latest_contact_group_meeting(world, as_persona):
    response = as_persona("outsider").get(reverse("follow-up-matrix"))
    assert response.status_code == 302
    assert response["Location"] == reverse("meeting-matrix", args=["cg-2017"])


def test_the_commitment_list_filters(world, as_persona):
    client = as_persona("analyst")

    def titles(query: str) -> str:
        return client.get(reverse("commitment-list") + "?" + query).content.decode()

    assert "Joint patrols" in titles("pillar=security")
    assert "Markup" not in titles("pillar=security")
    assert "Joint patrols" in titles("actor=government")
    assert SECRET["internal"] not in titles("actor=government")
    assert "Joint patrols" in titles("status=minimal")
    assert "Joint patrols" not in titles("status=full")
    assert "Joint patrols" in titles("overdue=on&as_of=2017-01-01")
    assert "Respect the ceasefire" not in titles("overdue=on&as_of=2017-01-01")
    assert "Respect the ceasefire" in titles("document=communique")
    assert "Joint patrols" in titles("q=patrols") and "Markup" not in titles("q=patrols")
    assert "Respect the ceasefire" not in titles("kind=position")


def test_the_charts_come_with_their_spec_and_our_own_bundle(world, as_persona):
    html = as_persona("outsider").get(reverse("scores") + f"?as_of={AS_OF}").content.decode()
    assert 'id="series-spec" type="application/json"' in html
    assert 'id="document-spec"' in html and 'id="actor-spec"' in html
    bundle = re.search(r'<script src="(/assets/vega-[^"]+\.js)"', html)
    assert bundle is not None and "//" not in bundle.group(1)
    assert "cdn" not in html.lower()
    # The accessible table under the chart carries the figures.
    assert "Government of Testland" in html


def test_a_bad_filter_value_is_explained_and_the_others_still_apply(world, as_persona):
    url = reverse("commitment-list") + "?pillar=security&status=bogus"
    response = as_persona("analyst").get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert "Joint patrols" in html and "Markup" not in html

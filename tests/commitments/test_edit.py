"""Editors change documents and commitments, and who may see a document, a commitment or an
assessment; everyone else can neither open nor post those forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accordwatch.commitments import services as cs
from accordwatch.commitments.models import Assessment, Commitment, Document
from accordwatch.core import services
from accordwatch.core.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

XSS = "<script>alert('edit')</script>"


@pytest.fixture
def world(persona_users):
    """A public agreement with a clause; a public commitment linked to everything a form
    can show (and to one thing it cannot: a related commitment); a draft commitment; a
    public and a withdrawn assessment."""
    system = services.SYSTEM
    security = factories.pillar(key="security", name="Defence and security")
    government = factories.actor(key="government", name_en="Government of Testland")
    movement = factories.actor(key="movement", name_en="Northern Movement", acronym="NM")
    report = factories.source(key="observer-report", title="Observer report")
    agreement = factories.document(
        key="agreement",
        title="Agreement for peace in Testland",
        summary="Signed in two rounds.\nIn force at once.",
        parties=[government, movement],
        sources=[report],
    )
    article, _ = cs.clause_upsert(actor=system, document=agreement, ref="Art. 5", level="article")
    earlier = factories.commitment(key="earlier", document=agreement, title="Earlier promise")
    patrols = factories.commitment(
        key="joint-patrols",
        document=agreement,
        title="Joint patrols start in the north",
        summary="Mixed units.\nThree regions first.",
        pillar=security,
        clauses=[article],
        responsible=[government, movement],
        sources=[report],
        related=[earlier],
        deadline=dt.date(2016, 1, 1),
        weight=2,
    )
    draft = factories.commitment(
        key="draft-commitment",
        document=agreement,
        title="Draft commitment Osprey",
        publication_state="draft",
    )
    shown = factories.assessment(patrols, dt.date(2016, 6, 1), 1, rationale="Rationale Heron")
    withdrawn = factories.assessment(
        patrols,
        dt.date(2016, 9, 1),
        2,
        rationale="Rationale Bittern",
        publication_state="withdrawn",
    )
    return {
        "agreement": agreement,
        "patrols": patrols,
        "draft": draft,
        "shown": shown,
        "withdrawn": withdrawn,
        "article": article,
        "government": government,
        "movement": movement,
    }


def edit_url(kind: str, key: str) -> str:
    return reverse(f"{kind}-edit", args=[key])


def publication_url(kind: str, ref: Any) -> str:
    return reverse("publication-change", args=[kind, ref])


def browser_data(form) -> dict[str, Any]:
    """What a browser posts back for a form left as shown: disabled fields are not sent,
    empty values are empty strings, and textareas send their line breaks as CRLF."""
    data: dict[str, Any] = {}
    for field in form.visible_fields():
        if field.field.disabled:
            continue
        value = field.value()
        if value is None:
            value = ""
        elif isinstance(value, list | tuple):
            value = [str(v) for v in value]
        elif field.widget_type == "textarea":
            value = str(value).replace("\n", "\r\n")
        data[field.name] = value
    return data


def shown_form(client: Client, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200
    return browser_data(response.context["form"])


def audit_count() -> int:
    return AuditEvent.objects.count()


# --- editing ------------------------------------------------------------------------------


def test_an_analyst_edits_a_commitment_title_and_every_reader_sees_it(world, as_persona, analyst):
    client = as_persona("analyst")
    url = edit_url("commitment", "joint-patrols")
    data = shown_form(client, url)
    assert data["title"] == "Joint patrols start in the north"
    data["title"] = "Joint patrols start in Gao and Timbuktu"

    response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("commitment-detail", args=["joint-patrols"])
    for persona in ("analyst", "delegate", "outsider"):
        reader = as_persona(persona)
        page = reader.get(response["Location"]).content.decode()
        assert "Joint patrols start in Gao and Timbuktu" in page, persona
        api = reader.get("/api/commitments/joint-patrols").json()
        assert api["title"] == "Joint patrols start in Gao and Timbuktu", persona
    event = AuditEvent.objects.filter(action="commitment.update").latest("seq")
    assert event.user == analyst
    assert event.object_id == str(world["patrols"].pk)
    assert event.before["title"] == "Joint patrols start in the north"
    assert event.after["title"] == "Joint patrols start in Gao and Timbuktu"


def test_an_edit_keeps_what_the_form_does_not_show(world, as_persona):
    """Links the form shows come back as they were; the related commitments (not on the
    form) and the visibility (changed elsewhere) stay as they were."""
    client = as_persona("analyst")
    url = edit_url("commitment", "joint-patrols")
    data = shown_form(client, url)
    data["theme"] = "Cantonment"

    assert client.post(url, data).status_code == 302

    patrols = Commitment.objects.get(key="joint-patrols")
    assert patrols.theme == "Cantonment"
    assert {a.key for a in patrols.responsible.all()} == {"government", "movement"}
    assert [c.ref for c in patrols.clauses.all()] == ["Art. 5"]
    assert [s.key for s in patrols.sources.all()] == ["observer-report"]
    assert [c.key for c in patrols.related.all()] == ["earlier"]
    assert patrols.summary == "Mixed units.\nThree regions first."
    assert (patrols.confidentiality, patrols.publication_state) == ("public", "published")
    assert patrols.weight == 2


@pytest.mark.parametrize("persona", ["admin", "analyst"])
def test_an_edit_that_changes_nothing_writes_no_audit_event(world, as_persona, persona):
    client = as_persona(persona)
    for kind, key in (("document", "agreement"), ("commitment", "joint-patrols")):
        url = edit_url(kind, key)
        data = shown_form(client, url)
        before = audit_count()

        response = client.post(url, data, follow=True)

        assert response.status_code == 200, kind
        assert "Nothing to save" in response.content.decode(), kind
        assert audit_count() == before, kind


def test_an_admin_edits_a_document(world, as_persona, admin):
    client = as_persona("admin")
    url = edit_url("document", "agreement")
    data = shown_form(client, url)
    parties = [world["government"], world["movement"]]
    assert sorted(data["parties"]) == sorted(str(a.pk) for a in parties)
    data.update(reference="S/2015/364", parties=[str(world["government"].pk)])

    assert client.post(url, data).status_code == 302

    agreement = Document.objects.get(key="agreement")
    assert agreement.reference == "S/2015/364"
    assert [a.key for a in agreement.parties.all()] == ["government"]
    assert [s.key for s in agreement.sources.all()] == ["observer-report"]
    event = AuditEvent.objects.filter(action="document.update").latest("seq")
    assert event.user == admin
    assert (event.before["reference"], event.after["reference"]) == ("", "S/2015/364")
    page = as_persona("outsider").get(reverse("document-detail", args=["agreement"]))
    assert "S/2015/364" in page.content.decode()


def test_the_key_is_shown_but_cannot_be_changed(world, as_persona):
    client = as_persona("analyst")
    url = edit_url("commitment", "joint-patrols")
    html = client.get(url).content.decode()
    assert 'value="joint-patrols"' in html and "disabled" in html
    data = shown_form(client, url)
    data.update(key="hijacked", title="Renamed")

    assert client.post(url, data).status_code == 302

    assert Commitment.objects.get(key="joint-patrols").title == "Renamed"
    assert not Commitment.objects.filter(key="hijacked").exists()


def test_a_bad_edit_is_explained_inline_and_changes_nothing(world, as_persona):
    client = as_persona("analyst")
    url = edit_url("commitment", "joint-patrols")
    data = shown_form(client, url)
    data.update(title="", weight="0")
    before = audit_count()

    response = client.post(url, data)

    assert response.status_code == 400
    form = response.context["form"]
    assert "title" in form.errors and "weight" in form.errors
    assert 'class="errorlist"' in response.content.decode()
    # With htmx, the form alone comes back (status 200 so htmx swaps it in).
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'data-testid="edit-form"' in response.content.decode()
    assert "<main" not in response.content.decode()
    assert audit_count() == before
    assert Commitment.objects.get(key="joint-patrols").title == "Joint patrols start in the north"


def test_a_clause_of_another_document_is_refused_on_its_field(world, as_persona):
    other = factories.document(key="other")
    foreign, _ = cs.clause_upsert(
        actor=services.SYSTEM, document=other, ref="Art. 1", level="article"
    )
    client = as_persona("analyst")
    url = edit_url("commitment", "joint-patrols")
    data = shown_form(client, url)
    data["clauses"] = [str(foreign.pk)]

    response = client.post(url, data)

    assert response.status_code == 400
    assert "clauses" in response.context["form"].errors
    assert [c.ref for c in Commitment.objects.get(key="joint-patrols").clauses.all()] == ["Art. 5"]


def test_an_htmx_edit_redirects_through_htmx(world, as_persona):
    client = as_persona("analyst")
    url = edit_url("document", "agreement")
    data = shown_form(client, url)
    data["short_title"] = "Peace agreement"

    response = client.post(url, data, HTTP_HX_REQUEST="true")

    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("document-detail", args=["agreement"])
    assert Document.objects.get(key="agreement").short_title == "Peace agreement"


def test_markup_in_an_edited_title_is_escaped(world, as_persona):
    client = as_persona("analyst")
    url = edit_url("commitment", "joint-patrols")
    data = shown_form(client, url)
    data["title"] = f"Patrols {XSS}"
    assert client.post(url, data).status_code == 302

    for persona in ("analyst", "outsider"):
        for page in (
            reverse("commitment-detail", args=["joint-patrols"]),
            reverse("document-detail", args=["agreement"]),
        ):
            html = as_persona(persona).get(page).content.decode()
            assert XSS not in html, (persona, page)
            assert "Patrols &lt;script&gt;alert(" in html, (persona, page)
    html = client.get(url).content.decode()  # the edit page's heading and field
    assert XSS not in html and "&lt;script&gt;" in html


def test_an_unknown_record_is_a_404_for_editors(world, as_persona):
    client = as_persona("analyst")
    assert client.get(edit_url("document", "no-such-doc")).status_code == 404
    assert client.get(edit_url("commitment", "no-such-commitment")).status_code == 404
    data = {"publication_state": "published"}
    assert client.post(publication_url("commitment", "no-such"), data).status_code == 404
    assert client.post(publication_url("assessment", "999999"), data).status_code == 404
    assert client.post(publication_url("assessment", "not-a-number"), data).status_code == 404
    assert client.post(publication_url("meeting", "agreement"), data).status_code == 404


# --- who may edit -------------------------------------------------------------------------


def _edit_urls(world) -> list[str]:
    return [edit_url("document", "agreement"), edit_url("commitment", "joint-patrols")]


def _publication_urls(world) -> list[str]:
    return [
        publication_url("document", "agreement"),
        publication_url("commitment", "draft-commitment"),
        publication_url("assessment", world["withdrawn"].pk),
    ]


@pytest.mark.parametrize("persona", ["admin", "analyst"])
def test_editors_open_the_edit_pages_and_get_the_controls(world, as_persona, persona):
    client = as_persona(persona)
    for url in _edit_urls(world):
        assert client.get(url).status_code == 200, url
    html = client.get(reverse("commitment-detail", args=["joint-patrols"])).content.decode()
    assert edit_url("commitment", "joint-patrols") in html
    assert publication_url("commitment", "joint-patrols") in html
    # Each assessment in the timeline has its own control.
    assert publication_url("assessment", world["shown"].pk) in html
    assert publication_url("assessment", world["withdrawn"].pk) in html
    html = client.get(reverse("document-detail", args=["agreement"])).content.decode()
    assert edit_url("document", "agreement") in html
    assert publication_url("document", "agreement") in html


@pytest.mark.parametrize("persona", ["delegate", "outsider"])
def test_readers_see_no_edit_link_or_publication_control(world, as_persona, persona):
    client = as_persona(persona)
    for page in (
        reverse("commitment-detail", args=["joint-patrols"]),
        reverse("document-detail", args=["agreement"]),
    ):
        html = client.get(page).content.decode()
        assert "/edit/" not in html, page
        assert "/publication/" not in html, page


def test_a_member_is_refused_and_nothing_changes(world, as_persona):
    client = as_persona("delegate")
    before = audit_count()
    for url in _edit_urls(world):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"title": "Taken over", "kind": "action"}).status_code == 403
    for url in _publication_urls(world):
        assert client.get(url).status_code == 405, url
        response = client.post(url, {"publication_state": "published"})
        assert response.status_code == 403, url
    assert audit_count() == before
    assert Commitment.objects.get(key="draft-commitment").publication_state == "draft"
    assert Assessment.objects.get(pk=world["withdrawn"].pk).publication_state == "withdrawn"


def test_the_public_is_sent_to_sign_in_and_cannot_post(world, as_persona):
    client = as_persona("outsider")
    before = audit_count()
    for url in _edit_urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
        assert client.post(url, {"title": "Taken over"}).status_code == 403, url
    for url in _publication_urls(world):
        assert client.post(url, {"publication_state": "published"}).status_code == 403, url
    # Even a record the public cannot see gives the same answers (nothing is revealed).
    assert client.get(edit_url("commitment", "draft-commitment")).status_code == 302
    assert client.get(edit_url("commitment", "no-such")).status_code == 302
    assert audit_count() == before
    assert Commitment.objects.get(key="draft-commitment").publication_state == "draft"


# --- publication --------------------------------------------------------------------------


def test_publishing_a_draft_shows_it_to_the_public_and_withdrawing_hides_it(
    world, as_persona, analyst
):
    editor, outsider = as_persona("analyst"), as_persona("outsider")
    page = reverse("commitment-detail", args=["draft-commitment"])
    assert outsider.get(page).status_code == 404
    assert (
        "Draft commitment Osprey" not in outsider.get(reverse("commitment-list")).content.decode()
    )

    response = editor.post(
        publication_url("commitment", "draft-commitment"),
        {"confidentiality": "public", "publication_state": "published"},
    )

    assert response.status_code == 302 and response["Location"] == page
    assert outsider.get(page).status_code == 200
    assert outsider.get("/api/commitments/draft-commitment").status_code == 200
    assert "Draft commitment Osprey" in outsider.get(reverse("commitment-list")).content.decode()
    event = AuditEvent.objects.filter(action="commitment.publication").latest("seq")
    assert event.user == analyst
    assert (event.before["publication_state"], event.after["publication_state"]) == (
        "draft",
        "published",
    )

    editor.post(
        publication_url("commitment", "draft-commitment"), {"publication_state": "withdrawn"}
    )

    assert outsider.get(page).status_code == 404
    assert outsider.get("/api/commitments/draft-commitment").status_code == 404
    assert (
        "Draft commitment Osprey" not in outsider.get(reverse("commitment-list")).content.decode()
    )
    # The editor still has it, marked as withdrawn.
    html = editor.get(page).content.decode()
    assert "Draft commitment Osprey" in html and "badge--withdrawn" in html


def test_an_assessment_is_withdrawn_and_published_from_the_timeline(world, as_persona):
    editor, outsider = as_persona("analyst"), as_persona("outsider")
    page = reverse("commitment-detail", args=["joint-patrols"])
    assert "Rationale Heron" in outsider.get(page).content.decode()
    assert "Rationale Bittern" not in outsider.get(page).content.decode()

    response = editor.post(
        publication_url("assessment", world["shown"].pk), {"publication_state": "withdrawn"}
    )
    assert response.status_code == 302 and response["Location"] == f"{page}#assessments"
    editor.post(
        publication_url("assessment", world["withdrawn"].pk), {"publication_state": "published"}
    )

    html = outsider.get(page).content.decode()
    assert "Rationale Heron" not in html and "Rationale Bittern" in html
    api = outsider.get("/api/commitments/joint-patrols/assessments").json()
    assert [a["rationale"] for a in api] == ["Rationale Bittern"]
    actions = list(
        AuditEvent.objects.filter(action="assessment.publication").values_list(
            "object_id", flat=True
        )
    )
    assert sorted(actions) == sorted([str(world["shown"].pk), str(world["withdrawn"].pk)])


def test_restricting_a_document_hides_it_from_members(world, as_persona):
    page = reverse("document-detail", args=["agreement"])
    assert as_persona("delegate").get(page).status_code == 200

    as_persona("admin").post(
        publication_url("document", "agreement"), {"confidentiality": "restricted"}
    )

    assert as_persona("delegate").get(page).status_code == 404
    assert as_persona("outsider").get(page).status_code == 404
    assert as_persona("analyst").get(page).status_code == 200
    agreement = Document.objects.get(key="agreement")
    assert (agreement.confidentiality, agreement.publication_state) == ("restricted", "published")


def test_asking_for_the_current_visibility_writes_no_audit_event(world, as_persona):
    before = audit_count()
    response = as_persona("analyst").post(
        publication_url("document", "agreement"),
        {"confidentiality": "public", "publication_state": "published"},
    )
    assert response.status_code == 302
    assert audit_count() == before


def test_a_bad_publication_value_is_refused_as_plain_text(world, as_persona):
    client = as_persona("analyst")
    before = audit_count()
    response = client.post(
        publication_url("commitment", "draft-commitment"), {"publication_state": XSS}
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert client.post(publication_url("commitment", "draft-commitment"), {}).status_code == 400
    assert audit_count() == before


# --- CSRF ---------------------------------------------------------------------------------


def test_edits_and_publication_need_the_csrf_token(world, analyst):
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    url = edit_url("commitment", "joint-patrols")
    response = client.get(url)
    data = browser_data(response.context["form"])
    data["title"] = "Changed without a token"
    before = audit_count()

    assert client.post(url, data).status_code == 403
    publish = publication_url("commitment", "draft-commitment")
    assert client.post(publish, {"publication_state": "published"}).status_code == 403
    assert audit_count() == before
    assert Commitment.objects.get(key="draft-commitment").publication_state == "draft"

    # The pages carry the token in every editor form; with it the same posts go through.
    html = client.get(reverse("commitment-detail", args=["draft-commitment"])).content.decode()
    assert html.count('name="csrfmiddlewaretoken"') >= 2
    token = client.cookies["csrftoken"].value
    assert client.post(url, {**data, "csrfmiddlewaretoken": token}).status_code == 302
    response = client.post(
        publish, {"publication_state": "published", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Commitment.objects.get(key="draft-commitment").publication_state == "published"

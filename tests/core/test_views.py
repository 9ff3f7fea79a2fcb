"""Core pages: signing in and out, the language switch, the audit log, the Vega bundle."""

from __future__ import annotations

import gzip

import pytest
from django.test import Client
from django.urls import reverse

from accordwatch.core.models import AuditEvent
from accordwatch.core.views import vega_version
from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

XSS = "<script>alert('audit')</script>"


# --- signing in and out ---------------------------------------------------------------


def test_the_login_page_signs_a_user_in_and_shows_who_is_signed_in(persona_users):
    client = Client()
    page = client.get(reverse("login"))
    assert page.status_code == 200 and b'name="csrfmiddlewaretoken"' in page.content
    response = client.post(reverse("login"), {"username": "analyst", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    html = client.get(reverse("dashboard")).content.decode()
    assert "Signed in as analyst (Editor)" in html
    assert f'action="{reverse("logout")}"' in html


def test_a_wrong_password_is_explained(persona_users):
    response = Client().post(reverse("login"), {"username": "analyst", "password": "nope"})
    assert response.status_code == 200
    assert "do not match an active account" in response.content.decode()


def test_signing_out_takes_a_post(as_persona):
    client = as_persona("delegate")
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    html = client.get(reverse("dashboard")).content.decode()
    assert "Signed in as" not in html and f'href="{reverse("login")}' in html


# --- the audit log ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"), [("admin", 200), ("analyst", 200), ("delegate", 403), ("outsider", 302)]
)
def test_the_audit_log_is_for_editors_and_admins(as_persona, persona, status):
    response = as_persona(persona).get(reverse("audit-log"))
    assert response.status_code == status
    if status == 302:
        assert reverse("login") in response["Location"]


def test_the_audit_log_shows_who_did_what_escaped(as_persona, analyst):
    from accordwatch.commitments import services as cs

    document = factories.document(key="doc-audit", title="Plain title")
    cs.document_upsert(
        actor=analyst,
        key="doc-audit",
        kind="agreement",
        title=f"Changed {XSS}",
        confidentiality="public",
        publication_state="published",
    )
    html = as_persona("admin").get(reverse("audit-log")).content.decode()
    assert XSS not in html
    assert "Changed &lt;script&gt;alert(" in html
    assert "document.update" in html and ">analyst<" in html
    # The diff shows the old value struck out beside the new one.
    assert '<span class="was"><code>Plain title</code></span>' in html
    assert '<span class="now"><code>Changed &lt;script&gt;' in html
    assert document.pk is not None


def test_the_audit_log_filters_by_record(as_persona):
    first = factories.document(key="first-doc", title="First text")
    factories.document(key="second-doc", title="Second text")
    url = reverse("audit-log") + f"?object_type=commitments.document&object_id={first.pk}"
    html = as_persona("analyst").get(url).content.decode()
    assert "First text" in html and "Second text" not in html
    assert AuditEvent.objects.filter(object_label="Second text").exists()


# --- language --------------------------------------------------------------------------


def test_the_language_switch_is_a_post_form_with_csrf(as_persona):
    html = as_persona("outsider").get(reverse("dashboard")).content.decode()
    switch = html[html.index(f'action="{reverse("set_language")}"') :]
    switch = switch[: switch.index("</form>")]
    assert 'method="post"' in switch and 'name="csrfmiddlewaretoken"' in switch
    for code in ("en", "fr", "ar"):
        assert f'name="language" value="{code}"' in switch


def test_the_language_switch_refuses_a_post_without_token():
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("set_language"), {"language": "ar"}).status_code == 403


def test_french_pages_are_translated(as_persona):
    client = as_persona("outsider")
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    html = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Tableau de bord" in html and "Se connecter" in html


# --- not found ------------------------------------------------------------------------


def test_a_missing_page_is_a_framed_404(as_persona):
    response = as_persona("outsider").get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


# --- the Vega bundle ------------------------------------------------------------------


def test_the_vega_bundle_is_served_by_us_and_cached_for_long():
    url = reverse("vega-bundle", args=[vega_version()])
    client = Client()
    plain = client.get(url)
    assert plain.status_code == 200
    assert plain["Content-Type"].startswith("text/javascript")
    assert "immutable" in plain["Cache-Control"]
    assert b"window.vegaEmbed=" in plain.content
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    again = client.get(url, HTTP_IF_NONE_MATCH=plain["ETag"])
    assert again.status_code == 304
    assert client.get(reverse("vega-bundle", args=["0.0.0"])).status_code == 404

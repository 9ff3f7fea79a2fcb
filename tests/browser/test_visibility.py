"""Who sees what, in the browser: the public, a member (delegate) and an editor (analyst)."""

from __future__ import annotations

from django.urls import reverse

from tests.browser.conftest import log_in

# Anything in the page body that writes: a POST form, an htmx write, an edit link.
EDIT_CONTROLS = (
    'main form[method="post" i], main [hx-post], main [hx-put], main [hx-patch], '
    'main [hx-delete], main [data-testid^="edit"], main [data-testid^="add"]'
)


def _list_seeded(page, app) -> None:
    page.goto(reverse("commitment-list") + f"?q={app.seed_tag}")


def test_the_public_sees_published_public_records_only(page, app):
    _list_seeded(page, app)
    body = page.locator("main")
    assert app.seeded["public"]["title"] in body.inner_text()
    assert app.seeded["internal"]["title"] not in body.inner_text()
    assert app.seeded["draft"]["title"] not in body.inner_text()

    for state in ("internal", "draft"):
        url = reverse("commitment-detail", kwargs={"key": app.seeded[state]["key"]})
        response = page.goto(url)
        assert response.status == 404, f"the public can open a {state} commitment"
        assert app.seeded[state]["title"] not in page.content()


def test_a_member_sees_internal_records_but_no_edit_control(new_page, app):
    page = new_page()
    log_in(page, app, "member")
    _list_seeded(page, app)
    assert app.seeded["internal"]["title"] in page.locator("main").inner_text()

    page.goto(reverse("commitment-detail", kwargs={"key": app.seeded["public"]["key"]}))
    assert page.locator("main h1").count() == 1
    assert page.locator(EDIT_CONTROLS).count() == 0
    assert page.locator('[name="rationale"]').count() == 0


def test_an_analyst_sees_the_assessment_form_on_the_same_page(new_page, app):
    # The counterpart of the member's test: the control exists, and the selector finds it.
    page = new_page()
    log_in(page, app, "editor")
    page.goto(reverse("commitment-detail", kwargs={"key": app.seeded["public"]["key"]}))
    assert page.locator(EDIT_CONTROLS).count() > 0
    assert page.locator('main [name="rationale"]').count() == 1

"""An editor screens a misspelt listed name on the page, sees the hit with its explanation,
marks it a true positive, and a rerun of the name (spelt with other case and punctuation)
shows the verdict; a member is refused the page."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import log_in

MISSPELT = "Mohammed Ould Matalli"  # MLi.008 is listed as MOHAMED OULD MATALY
SAME_NAME_OTHERWISE_WRITTEN = "MOHAMMED  ould-Matalli"


def _screen(page, name: str) -> None:
    page.goto(reverse("sanctions-screen"))
    form = page.get_by_test_id("screen-form")
    form.get_by_label("Name", exact=True).fill(name)
    form.get_by_label("Nationality (optional)").fill("Mali")
    form.get_by_role("button", name="Screen").click()
    page.wait_for_url(re.compile(r"/sanctions/screenings/\d+/$"))


def _hit_for(page, reference: str):
    return page.get_by_test_id("hit").filter(has=page.get_by_role("link", name=reference))


def test_an_editor_screens_marks_a_true_positive_and_the_rerun_remembers(new_page, app):
    page = new_page()
    log_in(page, app, "editor")
    page.goto(reverse("sanctions-regime-list"))
    page.get_by_role("link", name="Screen a name").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("sanctions-screen")) + "$"))

    _screen(page, MISSPELT)
    expect(page.get_by_test_id("screened")).to_contain_text(MISSPELT)
    hit = _hit_for(page, "MLi.008")
    expect(hit).to_have_count(1)
    expect(hit).to_contain_text("MOHAMED OULD MATALY")
    expect(hit.get_by_test_id("explanation")).to_contain_text("ould (same particle)")
    expect(hit.get_by_test_id("explanation")).to_contain_text("nationality")
    expect(hit.locator("p.decision")).to_have_count(0)

    hit.get_by_placeholder("Comment (optional)").fill("Checked against the passport")
    hit.get_by_role("button", name="True positive").click()
    page.wait_for_url(re.compile(r"/sanctions/screenings/\d+/#hit-\d+$"))
    first_run = page.url.split("#")[0]
    decided = _hit_for(page, "MLi.008").locator("p.decision")
    expect(decided).to_contain_text("True positive")
    expect(decided).to_contain_text("Checked against the passport")

    _screen(page, SAME_NAME_OTHERWISE_WRITTEN)
    assert page.url != first_run  # a new run
    remembered = _hit_for(page, "MLi.008").locator("p.decision")
    expect(remembered).to_contain_text("True positive")
    expect(remembered).to_contain_text(app.login_for("editor")[0])

    page.goto(reverse("sanctions-screenings"))
    expect(page.get_by_test_id("screening-runs")).to_contain_text(
        SAME_NAME_OTHERWISE_WRITTEN.split()[0]
    )


def test_a_member_cannot_open_the_screening_page(new_page, app):
    page = new_page()
    log_in(page, app, "member")
    response = page.goto(reverse("sanctions-screen"))
    assert response.status == 403
    response = page.goto(reverse("sanctions-screenings"))
    assert response.status == 403

"""An editor sets up a list of the body's own, adds an entry to it through the pages (an
alias, an identity document, an address), sees them on the entry's page, then amends the
document and finds the change, with its reason, in the entry's history."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import log_in


def test_an_editor_adds_and_amends_an_entry_with_a_document_and_an_address(new_page, app):
    page = new_page()
    log_in(page, app, "editor")

    page.goto(reverse("sanctions-regime-list"))
    page.get_by_role("link", name="New list of the body's own").click()
    form = page.get_by_test_id("regime-form")
    list_name = f"Spoilers of the agreement {app.seed_tag}"
    form.get_by_label("Name", exact=False).first.fill(list_name)
    form.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text(list_name)

    page.get_by_role("link", name="Add an entry").click()
    form = page.get_by_test_id("own-entry-form")
    form.get_by_label("Kind").select_option("person")
    form.get_by_label("First name (or the entity's name)").fill("Bakary")
    form.get_by_label("Second name").fill("Ag")
    form.get_by_label("Third name").fill("Intallah")
    form.get_by_label(re.compile(r"^Aliases")).fill("Bakary Intalla")
    form.get_by_label(re.compile(r"^Identity documents")).fill(
        "Passport; A1234567; Mali; 2015-06-30"
    )
    form.get_by_label(re.compile(r"^Addresses")).fill("; Kidal; Kidal region; Mali")
    form.get_by_label("Why (the decision, its date)").fill("Decision of 20 September 2017")
    form.get_by_role("button", name="Save").click()

    page.wait_for_url(re.compile(r"/sanctions/entries/OWN-[^/]+\.001/$"))
    expect(page.locator("h1")).to_have_text("Bakary Ag Intallah")
    expect(page.get_by_test_id("entry-documents")).to_have_text(
        "Passport, A1234567, Mali, 2015-06-30"
    )
    expect(page.get_by_test_id("entry-addresses")).to_have_text("Kidal, Kidal region, Mali")
    expect(page.locator("#h-aliases + ul")).to_contain_text("Bakary Intalla")
    entry_url = page.url

    page.get_by_test_id("entry-editor-actions").get_by_role("link", name="Amend").click()
    form = page.get_by_test_id("own-entry-form")
    documents = form.get_by_label(re.compile(r"^Identity documents"))
    expect(documents).to_have_value("Passport; A1234567; Mali; 2015-06-30")
    documents.fill("Passport; B7654321; Mali; 2021-01-15")
    form.get_by_label("Why (the decision, its date)").fill("Passport renewed")
    form.get_by_role("button", name="Save").click()

    page.wait_for_url(entry_url)
    expect(page.get_by_test_id("entry-documents")).to_have_text(
        "Passport, B7654321, Mali, 2021-01-15"
    )
    history = page.locator("#h-history + .table-scroll tbody tr")  # newest first
    expect(history).to_have_count(2)
    expect(history.nth(0)).to_contain_text("Passport renewed")
    expect(history.nth(0).locator("td").nth(2)).to_have_text("documents")
    expect(history.nth(1)).to_contain_text("Decision of 20 September 2017")

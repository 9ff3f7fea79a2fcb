"""The interface in Arabic reads right to left; English and French left to right."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import expect


def _direction(page) -> str:
    return page.evaluate("getComputedStyle(document.documentElement).direction")


def test_the_arabic_interface_renders_right_to_left(page):
    page.goto(reverse("dashboard"))
    html = page.locator("html")
    assert html.get_attribute("dir") == "ltr"
    assert _direction(page) == "ltr"

    page.locator('button[name="language"][value="ar"]').first.click()
    # The switch posts a form and reloads the page: wait for the new page, not the old one.
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    assert _direction(page) == "rtl"
    # The main text column follows: it lays out from the right edge.
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"

    page.locator('button[name="language"][value="fr"]').first.click()
    expect(html).to_have_attribute("lang", "fr")
    expect(html).to_have_attribute("dir", "ltr")
    assert _direction(page) == "ltr"

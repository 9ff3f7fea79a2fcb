"""An editor records a ceasefire violation on the map and adds a witness; a second editor
verifies it; the public sees it only once it is published, and nobody but editors ever
sees the witness (pages, map data, CSV and GeoJSON downloads)."""

from __future__ import annotations

import json
import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import log_in, log_in_as

DAY = "2017-07-27"
LIST_OF_THE_DAY = reverse("incident-list") + f"?date_from={DAY}&date_to={DAY}"


def _record_on_the_map(page, app, location: str, notes: str) -> str:
    """Fill the entry form, the point set by a click on the map; returns the incident's URL."""
    page.goto(reverse("incident-new"))
    picker = page.locator("#point-picker")
    expect(picker).to_have_attribute("data-rendered", "true")
    latitude = page.locator('input[name="latitude"]')
    longitude = page.locator('input[name="longitude"]')
    expect(latitude).to_have_value("")
    # Choosing a gazetteer place puts the marker on it.
    data = json.loads(page.locator("#point-picker-data").text_content())
    place_id, (place_lat, place_lon) = next(
        (key, point)
        for key, point in data["places"].items()
        if 11 < point[0] < 24 and -11 < point[1] < 4  # well inside Mali: the map stays put
    )
    page.locator('select[name="place"]').select_option(place_id)
    expect(latitude).to_have_value(f"{place_lat:.5f}")
    expect(longitude).to_have_value(f"{place_lon:.5f}")
    page.locator('select[name="place"]').select_option("")
    latitude.fill("")
    longitude.fill("")
    picker.click()  # the middle of the map: inside Mali once it is fitted to the regions
    expect(latitude).not_to_have_value(f"{place_lat:.5f}")
    expect(latitude).not_to_have_value("")
    picked = picker.get_attribute("data-picked")
    assert picked == f"{latitude.input_value()},{longitude.input_value()}"
    assert 10 < float(latitude.input_value()) < 25 and -12 < float(longitude.input_value()) < 5
    expect(page.locator("#point-warning")).to_have_text("")
    # The click filled the region from the polygon under it.
    assert page.locator('input[name="admin1"]').input_value() != ""
    marker = page.locator(".leaflet-marker-icon")
    assert marker.count() == 1
    assert marker.evaluate("image => image.complete && image.naturalWidth > 0"), "marker image"

    # Dragging the marker moves the point.
    clicked = latitude.input_value()
    box = marker.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 40, y + 30, steps=8)
    page.mouse.up()
    expect(latitude).not_to_have_value(clicked)
    assert float(latitude.input_value()) < float(clicked)  # dragged south
    assert picker.get_attribute("data-picked") == (
        f"{latitude.input_value()},{longitude.input_value()}"
    )

    # Typing a point outside the country moves the marker and warns; typing it back clears.
    kept = (latitude.input_value(), longitude.input_value())
    latitude.fill("14.6928")
    longitude.fill("-17.4467")
    expect(page.locator("#point-warning")).not_to_have_text("")
    latitude.fill(kept[0])
    longitude.fill(kept[1])
    expect(page.locator("#point-warning")).to_have_text("")

    form = page.locator('[data-testid="incident-form"]')
    form.locator('input[name="event_date"]').fill(DAY)
    form.locator('select[name="event_type"]').select_option(label="Battles")
    form.locator('select[name="sub_event_type"]').select_option(label="Armed clash")
    form.locator('select[name="violation_category"]').select_option(label="Attack on positions")
    form.locator('input[name="location"]').fill(location)
    form.locator('textarea[name="notes"]').fill(notes)
    form.locator('select[name="confidentiality"]').select_option("public")
    form.locator('select[name="publication_state"]').select_option("draft")
    form.locator('button[type="submit"]').click()
    page.wait_for_url(re.compile(r"/incidents/monitor/MON-2017-\d{4}/$"))
    expect(page.locator("h1")).to_contain_text(location)
    return page.url.replace(app.base_url, "")


def _public_outputs(page) -> str:
    """What an anonymous reader gets from the list (with its map data) and the downloads."""
    page.goto(LIST_OF_THE_DAY)
    # The map fetches its points from the GeoJSON API with the page's filters, as this reader.
    expect(page.locator("#incident-map")).to_have_attribute("data-points", re.compile(r"^\d+$"))
    points_url = json.loads(page.locator("#incident-map-data").text_content())["points_url"]
    texts = [page.content(), page.request.get(points_url).text()]
    for path in ("/incidents.csv", "/incidents.geojson"):
        response = page.request.get(path)
        assert response.ok, path
        texts.append(response.text())
    return "\n".join(texts)


def test_a_violation_recorded_on_the_map_is_verified_then_published(new_page, app, second_editor):
    tag = app.seed_tag
    location = f"Browser outpost {tag}"
    witness = f"Witness Name {tag}"
    editor = new_page()
    log_in(editor, app, "editor")
    url = _record_on_the_map(editor, app, location, f"Exchange of fire ({tag}).")
    event_id = url.rstrip("/").rsplit("/", 1)[-1]

    # The witness, through the restricted form of the incident page.
    editor.locator("summary", has_text="Add a witness").click()
    witness_form = editor.locator('[data-testid="witness-form"]')
    witness_form.locator('input[name="name"]').fill(witness)
    witness_form.locator('textarea[name="statement"]').fill("Saw two pick-ups at dawn.")
    witness_form.locator('button[type="submit"]').click()
    expect(editor.locator("#h-restricted + p + h3 + ul")).to_contain_text(witness)

    # A second editor verifies it, step by step, each step with its reason.
    checker = new_page()
    username, password = second_editor
    log_in_as(checker, username, password)
    checker.goto(url + "verification/")
    for status, comment in [
        ("under_investigation", f"Patrol sent to the site ({tag})."),
        ("verified", f"Two patrols confirm the exchange of fire ({tag})."),
    ]:
        form = checker.locator('[data-testid="verify-form"]')
        options = form.locator('select[name="status"] option').all()
        assert status in [o.get_attribute("value") for o in options]
        form.locator('select[name="status"]').select_option(status)
        form.locator('textarea[name="comment"]').fill(comment)
        form.locator('button[type="submit"]').click()
        expect(checker.locator('[data-testid="verification-log"]')).to_contain_text(comment)
    expect(checker.locator('[data-testid="verification-status"]')).to_have_text("Verified")
    log = checker.locator('[data-testid="verification-log"]')
    expect(log).to_contain_text(username)
    note = checker.locator('[data-testid="comment-form"]')
    note.locator('textarea[name="body"]').fill(f"Editors only: ask for photos ({tag}).")
    note.locator('button[type="submit"]').click()
    expect(log).to_contain_text(f"Editors only: ask for photos ({tag}).")
    expect(checker.locator('[data-testid="verification-status"]')).to_have_text("Verified")

    # Not published yet: the public sees nothing of it.
    public = new_page()
    assert event_id not in _public_outputs(public)
    assert public.goto(url).status == 404

    # Published by the editor, then the public map, list and downloads show it.
    editor.goto(url)
    publication = editor.locator('[data-testid="publication-form"]')
    publication.locator('select[name="publication_state"]').select_option("published")
    publication.locator('button[type="submit"]').click()
    expect(editor.locator(".messages")).to_contain_text("Published")
    shown = _public_outputs(public)
    assert event_id in shown and location in shown
    assert witness not in shown
    public.goto(url)
    expect(public.locator("h1")).to_contain_text(location)
    assert witness not in public.content()
    assert "Editors only: ask for photos" not in public.content()

    # A member reads the record and its verification steps, never the witness or the comments.
    member = new_page()
    log_in(member, app, "member")
    member.goto(url)
    expect(member.locator(".verification-log")).to_contain_text("Two patrols confirm")
    page_text = member.content()
    assert witness not in page_text and "Editors only: ask for photos" not in page_text
    for path in ("/incidents.csv", "/incidents.geojson"):
        assert witness not in member.request.get(path).text()

"""The interim administrations page in a browser: the map colours one shape per
administration the reader may see (a polygon, or a point for the regions the boundary file
lacks) and names its region on hover, beside the table; the public sees only published
public administrations, a delegate every one but the restricted."""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.processes import run_python

# Administrations the public must not see, in regions the demo gives none: an internal
# one (Mopti), a draft (Ségou) and a restricted one (Koulikoro, for editors only).
SEED_CODE = """
import datetime as dt, sys
from accordwatch.core.models import Place
from accordwatch.core.services import SYSTEM
from accordwatch.situation import services
tag = sys.argv[1]
for key, region, conf, pub in [
    ("internal", "mli-mopti", "internal", "published"),
    ("draft", "mli-segou", "public", "draft"),
    ("restricted", "mli-koulikoro", "restricted", "published"),
]:
    services.interim_administration_upsert(
        actor=SYSTEM, key=f"browser-interim-{key}-{tag}", region=Place.objects.get(key=region),
        installed_on=dt.date(2017, 6, 1), confidentiality=conf, publication_state=pub,
    )
"""
NO_ADMINISTRATION = "#f7f7f7"  # interim_map.js: the fill of a region with none


@pytest.fixture(scope="module")
def seeded(app):
    result = run_python(SEED_CODE, env=app.env, args=(app.seed_tag,))
    assert result.returncode == 0, result.stderr


def _open_map(page):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(reverse("situation-interim"))
    expect(page.locator("#interim-map")).to_have_attribute("data-rendered", "true")
    return errors


def _table_regions(page) -> list[str]:
    cells = page.locator("section[aria-labelledby='h-table'] tbody th[scope='row']")
    # The region's name is the cell's first text; visibility badges and links follow it.
    return cells.evaluate_all("cells => cells.map(cell => cell.firstChild.textContent.trim())")


def _folded(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name.strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _coloured_shapes(page):
    """The map's shapes that stand for an administration (others are left pale)."""
    shapes = page.locator("#interim-map path.leaflet-interactive")
    return [shape for shape in shapes.all() if shape.get_attribute("fill") != NO_ADMINISTRATION]


def test_the_public_sees_a_shape_per_published_administration_and_its_region_on_hover(
    page, app, seeded
):
    errors = _open_map(page)
    regions = _table_regions(page)
    assert {"Kidal", "Gao"} <= set(regions)
    assert not {"Mopti", "Ségou", "Koulikoro"} & set(regions)
    shapes = _coloured_shapes(page)
    assert len(shapes) == len(regions)
    # The points (regions of 2016) are drawn last, on top: hover one and read its region.
    points = [shape for shape in shapes if "a" in (shape.get_attribute("d") or "")]
    assert points, "no region drawn as a point"
    points[0].hover()
    tooltip = page.locator(".leaflet-tooltip")
    expect(tooltip).to_be_visible()
    named = _folded(tooltip.inner_text().split(":")[0])
    assert named in {_folded(region) for region in regions}
    assert errors == []


def test_a_delegate_sees_all_but_the_restricted_administration_on_the_map_and_table(
    new_page, app, seeded
):
    page = new_page()
    log_in(page, app, "member")
    errors = _open_map(page)
    regions = _table_regions(page)
    assert {"Mopti", "Ségou"} <= set(regions) and "Koulikoro" not in regions
    assert len(_coloured_shapes(page)) == len(regions)
    # Each coloured shape names its region when the pointer is over it.
    named = set()
    for shape in page.locator("#interim-map path.leaflet-interactive").all():
        if shape.get_attribute("fill") == NO_ADMINISTRATION:
            continue
        shape.dispatch_event("mouseover")
        tooltip = page.locator(".leaflet-tooltip").last
        named.add(_folded(tooltip.inner_text().split(":")[0]))
        shape.dispatch_event("mouseout")
    # A polygon's tooltip gives the boundary file's spelling (Segou for Ségou).
    assert named == {_folded(region) for region in regions}
    assert errors == []

"""An analyst records an assessment, and the dashboard and the audit log show it at once."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.urls import reverse

from tests.browser.conftest import log_in

# Statuses below "full": a new "full" assessment must raise the pillar's score.
NOT_FULL = ("not_initiated", "minimal", "intermediate", "not_assessed")


def _percent(shown: str) -> float:
    """ "67%" -> 67.0; a dash (nothing scored yet) -> 0."""
    digits = re.sub(r"[^0-9.]", "", shown)
    return float(digits) if digits else 0.0


def _pillar_scores(page) -> dict[str, str]:
    """The dashboard's "Implementation by pillar" bars: pillar name -> shown percentage."""
    page.goto(reverse("dashboard"))
    bars = page.locator("#h-pillars ~ .bars .bar")
    return {
        bar.locator(".bar__label").inner_text().strip(): bar.locator(".bar__value")
        .inner_text()
        .strip()
        for bar in bars.all()
    }


def _an_action_below_full(page) -> tuple[str, str]:
    """(pillar name, commitment URL) of an action of some pillar that is not fully done."""
    page.goto(reverse("commitment-list"))
    pillars = page.locator('form.filters select[name="pillar"] option').all()
    choices = [(o.get_attribute("value"), o.inner_text().strip()) for o in pillars]
    for key, name in choices:
        if not key:
            continue
        for status in NOT_FULL:
            query = urlencode({"pillar": key, "kind": "action", "status": status})
            page.goto(reverse("commitment-list") + "?" + query)
            links = page.locator('main table tbody a[href^="/commitments/"]')
            if links.count():
                return name, links.first.get_attribute("href")
    raise AssertionError(f"no action below 'full' in any pillar of the demo: {choices}")


def test_an_assessment_recorded_on_a_commitment_moves_its_pillar_score(new_page, app):
    page = new_page()
    log_in(page, app, "editor")
    pillar, commitment_url = _an_action_below_full(page)
    before = _pillar_scores(page)
    assert pillar in before, f"the dashboard shows no bar for {pillar!r}: {before}"

    page.goto(commitment_url)
    form = page.locator("form[hx-post]")
    rationale = f"Browser journey {app.seed_tag}: fully in place, seen by the committee."
    form.locator('select[name="score"]').select_option("3")
    form.locator('textarea[name="rationale"]').fill(rationale)
    form.locator('[type="submit"]').click()
    # htmx swaps the timeline in place: the new assessment appears without a page load.
    timeline = page.locator("#assessments .timeline__item").first
    timeline.get_by_text(rationale).wait_for()
    assert page.locator("#assessments [role=status]").count() == 1

    after = _pillar_scores(page)
    assert after[pillar] != before[pillar], f"{pillar}: still {before[pillar]}"
    assert _percent(after[pillar]) > _percent(before[pillar])

    # The audit log says who changed what.
    page.goto(reverse("audit-log"))
    newest = page.locator("main .table-scroll > table > tbody > tr").first.inner_text()
    assert "assessment.create" in newest
    assert app.login_for("editor")[0] in newest
    assert commitment_url.rstrip("/").rsplit("/", 1)[-1] in newest  # the commitment's key
    assert rationale in newest

"""The demo's Mali list: the eight entries of the 2020 extract with our summaries, loaded
once; it never disturbs a database where a real list has been imported."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accordwatch.core.models import AuditEvent
from accordwatch.core.services import SYSTEM
from accordwatch.demo import sanctions as demo_sanctions
from accordwatch.sanctions.imports import un_list_import
from accordwatch.sanctions.models import Entry, ListImport, Regime, RegimeStatus
from tests.conftest import real_file

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_mali_list_with_our_summaries_once():
    first = demo_sanctions.load(actor=SYSTEM)
    assert AuditEvent.objects.count() == sum(written for _, written in first.values())
    regime = Regime.objects.get(list_type="Mali")
    assert regime.status == RegimeStatus.LAPSED and regime.resolution == "2374 (2017)"
    entries = Entry.objects.filter(regime=regime)
    assert sorted(entries.values_list("reference_number", flat=True)) == sorted(
        demo_sanctions.SUMMARIES
    )
    assert all(entry.summary and entry.is_public for entry in entries)
    before = AuditEvent.objects.count()
    again = demo_sanctions.load(actor=SYSTEM)
    assert AuditEvent.objects.count() == before
    assert all(written == 0 for _, written in again.values())


def test_the_extract_matches_the_real_2020_list():
    demo_sanctions.load(actor=SYSTEM)
    demo = {e.reference_number: e.data for e in Entry.objects.all()}
    with open(real_file("un-consolidated-list-2020-11-30.xml"), "rb") as stream:
        summary = un_list_import(actor=SYSTEM, stream=stream, list_types=["Mali"])
    # The same eight entries, unchanged: the extract is the UN's text, not ours.
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 8)
    assert {e.reference_number: e.data for e in Entry.objects.all()} == demo


def test_a_real_import_after_the_demo_delists_and_the_demo_then_stays_away():
    demo_sanctions.load(actor=SYSTEM)
    with open(real_file("un-consolidated-list-2026-02-27.xml"), "rb") as stream:
        summary = un_list_import(actor=SYSTEM, stream=stream)
    assert summary.removed == 8
    state = sorted(Entry.objects.values_list("reference_number", "removed_in_id"))
    imports = ListImport.objects.count()
    demo_sanctions.load(actor=SYSTEM)
    assert sorted(Entry.objects.values_list("reference_number", "removed_in_id")) == state
    assert ListImport.objects.count() == imports


def test_the_entry_page_shows_our_summary(as_persona):
    demo_sanctions.load(actor=SYSTEM)
    page = as_persona("outsider").get(reverse("sanctions-entry", args=["MLi.008"])).text
    assert demo_sanctions.SUMMARIES["MLi.008"] in page


def test_the_demo_stores_one_screening_example_that_finds_the_listed_spellings():
    from accordwatch.sanctions.models import ScreeningHit, ScreeningRun

    demo_sanctions.load(actor=SYSTEM)
    demo_sanctions.load(actor=SYSTEM)
    run = ScreeningRun.objects.get()
    assert (run.source, run.input_count) == ("demo", 4)
    found = {
        (hit.query["id"], hit.entry.reference_number)
        for hit in ScreeningHit.objects.filter(run=run)
    }
    assert {("demo-1", "MLi.008"), ("demo-2", "MLi.008"), ("demo-3", "MLi.001")} <= found
    assert not any(query_id == "demo-4" for query_id, _ in found)

"""The demo's assistance records: the fact sheet's pledges with their sources, the
decisions they answer, and the Trust Fund labelled as unverified."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from accordwatch.assistance import selectors
from accordwatch.assistance.models import Flow, Fund
from accordwatch.demo import assistance as demo
from accordwatch.demo.load import load

pytestmark = pytest.mark.django_db

FACTS = Path(__file__).resolve().parents[2].parent / "shared" / "facts"


@pytest.fixture
def loaded(db):
    return load()


def test_the_pledges_of_the_fact_sheet_in_their_own_currency(loaded):
    pledges = {
        (f.source_org.key, f.amount, f.currency, f.date.isoformat())
        for f in Flow.objects.select_related("source_org")
    }
    assert ("saudi-arabia", Decimal("100000000.00"), "EUR", "2017-12-13") in pledges
    assert ("uae", Decimal("30000000.00"), "EUR", "2017-12-13") in pledges
    assert ("eu-and-member-states", Decimal("176000000.00"), "EUR", "2018-02-23") in pledges
    assert ("isdb", Decimal("250000000.00"), "USD", "2013-05-15") in pledges
    assert all(flow.sources.exists() for flow in Flow.objects.all())


def test_the_joint_force_pledges_answer_decision_viii(loaded):
    joint_force = selectors.flow_list(
        user=None, filters=selectors.FlowFilters(commitment="oic-cg-mali-2017-09-20-viii")
    )
    assert {f.source_org.key for f in joint_force} == {
        "saudi-arabia",
        "uae",
        "eu-and-member-states",
    }
    coverage = selectors.conference_funding(user=None, key="brussels-2018-sahel")
    assert coverage.by_status["pledge"].eur == Decimal("176000000.00")


def test_the_trust_fund_says_its_amount_is_unverified(loaded):
    fund = Fund.objects.get(key="oic-trust-fund-mali")
    assert fund.target is None
    assert "UNVERIFIED" in fund.summary
    assert not fund.flows.exists()


def _runs(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.sub(r"\b\d+\b", " ", re.sub(r"[^\w]+", " ", text.lower())).split()
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.parametrize("name", ["000_a7ed7ae033aefd8a.txt", "mali-2017.md"])
def test_no_assistance_text_repeats_eight_words_of_the_sources(name):
    path = FACTS / name
    if not path.exists():
        pytest.fail(f"fact file missing: {path}")
    original = _runs(path.read_text(encoding="utf-8"))
    texts = [row["summary"] for row in demo.CONFERENCES] + [demo.TRUST_FUND["summary"]]
    texts += [row[-1] for row in demo.FLOWS] + [row["title"] for row in demo.SOURCES]
    assert [t[:60] for t in texts if _runs(t) & original] == []

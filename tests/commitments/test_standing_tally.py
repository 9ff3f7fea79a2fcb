"""The dashboard's counts (``selectors.standing_tally``): the same figures as the lists'
own rules give, for every reader, and never stale after a write."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db.models import Count, Q

from accordwatch.commitments import selectors
from tests import factories

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "analyst", "delegate", "outsider"]
DATES = [dt.date(2015, 1, 1), dt.date(2016, 7, 1), dt.date(2018, 1, 1)]


@pytest.fixture
def world(persona_users):
    security = factories.pillar(key="security", name="Security")
    agreement = factories.document(key="agreement", adopted_on=dt.date(2015, 6, 20))
    later = factories.document(key="later", adopted_on=dt.date(2017, 1, 1))
    made = []
    for n, (conf, state) in enumerate(
        [
            ("public", "published"),
            ("public", "published"),
            ("internal", "published"),
            ("restricted", "published"),
            ("public", "draft"),
        ]
    ):
        made.append(
            factories.commitment(
                key=f"c{n}",
                document=agreement if n % 2 else later,
                pillar=security if n != 1 else None,
                deadline=dt.date(2016, 1, 1),
                confidentiality=conf,
                publication_state=state,
            )
        )
    factories.assessment(made[0], dt.date(2015, 9, 1), 1, illustrative=True)
    factories.assessment(made[0], dt.date(2016, 9, 1), 3, confidentiality="internal")
    factories.assessment(made[1], dt.date(2016, 3, 1), 2, confidentiality="restricted")
    factories.assessment(made[2], dt.date(2015, 12, 1), 0)
    factories.commitment(key="stance", document=agreement, kind="position", deadline=None)
    return made


def _by_the_lists_rules(user, as_of):
    rows = (
        selectors.commitment_list(user=user, as_of=as_of)
        .order_by()
        .values("document__key", "pillar__key", "kind", "latest_code")
        .annotate(
            n=Count("id"),
            late=Count("id", filter=Q(is_overdue=True)),
            illustrative=Count("id", filter=Q(latest_illustrative=True)),
        )
    )
    found = Counter()
    for row in rows:
        group = (row["document__key"], row["pillar__key"] or "", row["kind"])
        found[(*group, "status", selectors.STATUS_OF_CODE[row["latest_code"]])] += row["n"]
        found[(*group, "overdue")] += row["late"]
        found[(*group, "illustrative")] += row["illustrative"]
    return +found


def _by_the_tally(user, as_of, cached=True):
    found = Counter()
    for row in selectors.standing_tally(user=user, as_of=as_of, cached=cached):
        group = (row.document_key, row.pillar_key, row.kind)
        found[(*group, "status", row.status)] += row.n
        found[(*group, "overdue")] += row.n if row.overdue else 0
        found[(*group, "illustrative")] += row.n if row.illustrative else 0
    return +found


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_tally_counts_as_the_list_does(world, user_of, persona):
    user = user_of(persona)
    for as_of in DATES:
        expected = _by_the_lists_rules(user, as_of)
        assert _by_the_tally(user, as_of, cached=False) == expected, as_of
        assert _by_the_tally(user, as_of) == expected, as_of


def test_the_readers_tallies_differ_as_their_rights_do(world, user_of):
    as_of = DATES[-1]
    public = _by_the_tally(None, as_of)
    member = _by_the_tally(user_of("delegate"), as_of)
    editor = _by_the_tally(user_of("analyst"), as_of)
    assert sum(n for key, n in public.items() if key[3] == "status") == 3
    assert sum(n for key, n in member.items() if key[3] == "status") == 5  # drafts too
    assert sum(n for key, n in editor.items() if key[3] == "status") == 6
    # The internal "full" on c0 counts for members and editors only.
    assert public[("later", "security", "action", "status", "minimal")] == 1
    assert member[("later", "security", "action", "status", "full")] == 1


def test_a_write_is_counted_at_once_though_the_tally_is_cached(world, user_of):
    analyst = user_of("analyst")
    as_of = DATES[-1]
    before = _by_the_tally(analyst, as_of)
    factories.assessment(world[2], dt.date(2017, 6, 1), 3)
    after = _by_the_tally(analyst, as_of)
    assert after != before
    assert after == _by_the_lists_rules(analyst, as_of)

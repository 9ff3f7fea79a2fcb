"""The latest figure per indicator and place: the newest visible figure wins, a tie on the
date goes to the figure recorded last, and each persona gets it from what they may see."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from accordwatch.core import services as core
from accordwatch.situation import selectors, services
from tests import factories
from tests.situation.builders import displacement, observation, place

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "analyst", "delegate", "outsider"]
VISIBILITY = [
    {},
    {"confidentiality": "internal"},
    {"confidentiality": "restricted"},
    {"publication_state": "draft"},
]


def reference_latest(*, user, indicators=(), as_of=None):
    """What the selector answers, worked out the plain way from every visible figure."""
    latest = {}
    for row in selectors.visible_observations(user=user, indicators=indicators, date_to=as_of):
        slot = (row.indicator_id, row.place_id)
        if slot not in latest or (row.date, row.pk) > (latest[slot].date, latest[slot].pk):
            latest[slot] = row
    return sorted(latest.values(), key=lambda o: (o.indicator.position, o.indicator.key, o.pk))


def by_slot(observations):
    return sorted((o.indicator.position, o.indicator.key, o.pk) for o in observations)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_newest_figure_they_may_see(user_of, persona):
    made = displacement()
    latest = selectors.latest_observations(user=user_of(persona), indicators=["idps"])
    assert [o.pk for o in latest] == [made["later"].pk]  # September 2018, public
    # On 1 January 2018 the newest figure depends on who reads: the draft of December 2017
    # for the secretariat and the members, the public one of August 2016 for the public.
    on = dt.date(2018, 1, 1)
    before = selectors.latest_observations(user=user_of(persona), indicators=["idps"], as_of=on)
    seen_then = {
        "admin": made["draft"],
        "analyst": made["draft"],
        "delegate": made["draft"],
        "outsider": made["public"],
    }
    assert [o.pk for o in before] == [seen_then[persona].pk]


def test_a_newer_figure_hidden_from_the_reader_does_not_hide_an_older_one(user_of):
    made = displacement()
    on = dt.date(2017, 7, 1)  # the restricted figure of June 2017 is the newest by then
    for persona, expected in [
        ("analyst", "restricted"),
        ("delegate", "public"),  # the March figure's source is restricted: not shown either
        ("outsider", "public"),
    ]:
        (latest,) = selectors.latest_observations(
            user=user_of(persona), indicators=["idps"], as_of=on
        )
        assert latest.pk == made[expected].pk, persona


def test_two_sources_on_the_same_day_the_one_recorded_last_wins(user_of):
    made = displacement()
    day = dt.date(2018, 9, 30)
    iom = factories.source(title="IOM tracking matrix")
    second = observation(made["idps"], made["mali"], day, 77_000, iom)
    (latest,) = selectors.latest_observations(user=user_of("outsider"), indicators=["idps"])
    assert (latest.pk, latest.source, latest.value) == (second.pk, iom, 77_000)
    # Hidden from the public, the second figure leaves the first one the latest for them.
    services.observation_record(
        actor=core.SYSTEM,
        indicator=made["idps"],
        place=made["mali"],
        date=day,
        value=77_000,
        source=iom,
        confidentiality="internal",
    )
    (latest,) = selectors.latest_observations(user=user_of("outsider"), indicators=["idps"])
    assert latest.pk == made["later"].pk
    (latest,) = selectors.latest_observations(user=user_of("delegate"), indicators=["idps"])
    assert latest.pk == second.pk


def test_the_figures_come_by_indicator_then_place_name_in_one_query(
    user_of, django_assert_num_queries
):
    made = displacement()
    user = user_of("outsider")
    with django_assert_num_queries(1):
        latest = selectors.latest_observations(user=user)
        names = [(o.indicator.key, o.place.name, o.source.title) for o in latest]
    assert names == [
        ("idps", "Mali", "OCHA figures"),
        ("refugees", "Mauritania", "OCHA figures"),
        ("refugees", "Niger", "OCHA figures"),
    ]
    assert [o.pk for o in latest][1:] == [made["mauritania_2016"].pk, made["niger_2016"].pk]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_same_answer_as_reading_every_figure(user_of, seed):
    """Random figures over three places, two indicators (one internal) and three sources
    (one restricted), with many ties on the date: per persona and as_of, the selector and
    the plain reading pick the same figures."""
    rng = random.Random(seed)
    places = [place(f"p{n}", f"Place {n}") for n in range(3)]
    indicators = [
        services.indicator_upsert(actor=core.SYSTEM, key="idps", name="IDPs")[0],
        services.indicator_upsert(
            actor=core.SYSTEM, key="returnees", name="Returnees", confidentiality="internal"
        )[0],
    ]
    sources = [
        factories.source(title="A"),
        factories.source(title="B"),
        factories.source(title="C", confidentiality="restricted"),
    ]
    days = [dt.date(2017, month, 1) for month in (1, 3, 6)]
    for _ in range(60):
        observation(
            rng.choice(indicators),
            rng.choice(places),
            rng.choice(days),
            rng.randrange(1000),
            rng.choice(sources),
            **rng.choice(VISIBILITY),
        )
    compared = 0
    for persona in PERSONAS:
        user = user_of(persona)
        for as_of in (None, dt.date(2017, 2, 1), dt.date(2017, 3, 1)):
            for keys in ((), ("returnees",)):
                got = selectors.latest_observations(user=user, indicators=keys, as_of=as_of)
                want = reference_latest(user=user, indicators=keys, as_of=as_of)
                assert by_slot(got) == by_slot(want), (persona, as_of, keys)
                compared += len(got)
    assert compared > 20

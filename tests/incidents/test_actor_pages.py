"""The actor page's incidents and attributions, read by the (actor, date) indexes: the same
rows, in the same order, on every page, as the plain filtered list, for every persona."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.urls import reverse

from accordwatch.core.services import SYSTEM
from accordwatch.incidents import selectors, services
from accordwatch.incidents.selectors import IncidentFilters
from tests import factories
from tests.incidents.builders import incident

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "analyst", "delegate", "outsider"]


@pytest.fixture
def crowd():
    """Incidents naming two actors in either role (sometimes both), on few days so that
    dates tie, at every visibility level, some retired."""
    rng = random.Random(5)
    actors = [factories.actor(key=f"side-{n}", name_en=f"Side {n}") for n in range(2)]
    choices = [None, *actors]
    for n in range(90):
        made = incident(
            event_id=f"A{n}",
            event_date=dt.date(2017, 7, 1) + dt.timedelta(days=rng.randint(0, 9)),
            actor1=rng.choice(choices),
            actor2=rng.choice(choices),
            admin1=rng.choice(["Gao", "Kidal"]),
            confidentiality=rng.choice(["public", "internal", "restricted"]),
            publication_state=rng.choice(["published", "draft"]),
        )
        if n % 11 == 0:
            services.incident_retire(actor=SYSTEM, incident=made, reason="test")
    return actors


@pytest.mark.parametrize("persona", PERSONAS)
def test_actor_incidents_page_by_page_equal_the_filtered_list(persona, crowd, user_of):
    user = user_of(persona)
    for actor in crowd:
        for extra in ({}, {"admin1": ["Gao"]}):
            filters = IncidentFilters(actor_ids=[actor.pk], **extra)
            expected = list(selectors.incident_list(user=user, filters=filters))
            rows = selectors.ActorIncidents(user=user, filters=filters, total=len(expected))
            assert len(rows) == len(expected)
            for start in range(0, len(expected) + 7, 7):
                assert rows[start : start + 7] == expected[start : start + 7], (start, extra)
            assert expected  # every persona sees some of them


@pytest.mark.parametrize("persona", PERSONAS)
def test_actor_page_lists_and_counts_what_the_reader_may_see(persona, crowd, as_persona, user_of):
    actor = crowd[0]
    client = as_persona(persona)
    url = reverse("incident-actor", args=[actor.key])
    expected = list(
        selectors.incident_list(
            user=user_of(persona), filters=IncidentFilters(actor_ids=[actor.pk])
        )
    )
    shown = []
    page = 1
    while True:
        response = client.get(url, {"page": page})
        assert response.status_code == 200
        context_page = response.context["page"]
        assert context_page.paginator.count == len(expected)
        shown += [row.incident.event_id for row in response.context["rows"]]
        if not context_page.has_next():
            break
        page += 1
    assert shown == [i.event_id for i in expected]


@pytest.mark.parametrize("persona", PERSONAS)
def test_actor_attributions_only_among_visible_incidents(persona, crowd, user_of, as_persona):
    actor = crowd[1]
    analyst = user_of("analyst")
    levels = [
        {"confidentiality": "public"},
        {"confidentiality": "internal"},
        {"confidentiality": "restricted"},
        {"publication_state": "draft"},
    ]
    for n, level in enumerate(levels):
        event = incident(event_id=f"ATT{n}", event_date=dt.date(2017, 8, n + 1), **level)
        services.attribution_set(actor=analyst, incident=event, party=actor, confidence="likely")
    expected = {
        "admin": ["ATT3", "ATT2", "ATT1", "ATT0"],
        "analyst": ["ATT3", "ATT2", "ATT1", "ATT0"],
        "delegate": ["ATT3", "ATT1", "ATT0"],
        "outsider": ["ATT0"],
    }[persona]
    user = user_of(persona)
    got = [a.incident.event_id for a in selectors.actor_attributions(user=user, actor=actor)]
    assert got == expected
    html = as_persona(persona).get(reverse("incident-actor", args=[actor.key])).content.decode()
    for n in range(len(levels)):
        assert (f"2017-08-0{n + 1}" in html or f"{n + 1} Aug 2017" in html) == (
            f"ATT{n}" in expected
        )

"""The aggregates read from the monthly rollup give exactly what grouping the incidents gives,
for every persona and every question the rollup holds, and stay so after every kind of
write: each service, the bulk actions, an import, a retirement."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import random

import pytest
from django.core.management import call_command

from accordwatch.commitments.services import publication_set
from accordwatch.core.services import SYSTEM
from accordwatch.incidents import rollup, selectors, services
from accordwatch.incidents.imports import incidents_import
from accordwatch.incidents.models import (
    EventType,
    Incident,
    IncidentRollup,
    ViolationCategory,
)
from accordwatch.incidents.selectors import IncidentFilters
from accordwatch.incidents.services_bulk import incidents_bulk_apply
from tests import factories
from tests.conftest import real_file
from tests.incidents.builders import incident, record

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "analyst", "delegate", "outsider"]
MAIN = ["month", "admin1", "event_type", "violation_category", "verification"]
# Every grouping of one to three of the rollup's dimensions, and the actor ones.
GROUPINGS = [list(combo) for size in (1, 2, 3) for combo in itertools.combinations(MAIN, size)] + [
    ["actor1"],
    ["month", "actor1"],
    ["actor1", "month"],
]
MONTHS = ["2016-12", "2017-01", "2017-02", "2017-03"]


def _random_incidents(seed: int, count: int = 80) -> list[Incident]:
    """Incidents spread over every value the rollup keys on, made through the services."""
    rng = random.Random(seed)
    events = list(EventType.objects.filter(level="event"))
    categories = [None, *ViolationCategory.objects.all()[:3]]
    actors = [None, *(factories.actor(key=f"rollup-actor-{n}") for n in range(3))]
    made = []
    for n in range(count):
        event = rng.choice(events)
        subs = list(event.children.all())
        year, month = (int(part) for part in rng.choice(MONTHS).split("-"))
        made.append(
            incident(
                event_id=f"R{seed}-{n}",
                dataset=rng.choice(["monitor", "acled"]),
                event_date=dt.date(year, month, rng.randint(1, 28)),
                event_type=event,
                sub_event_type=rng.choice([None, *subs]) if subs else None,
                admin1=rng.choice(["Kidal", "Gao", "Mopti", ""]),
                violation_category=rng.choice(categories),
                verification_status=rng.choice(["reported", "verified", "dismissed"]),
                confidentiality=rng.choice(["public", "internal", "restricted"]),
                publication_state=rng.choice(["draft", "published", "withdrawn"]),
                fatalities=rng.choice([None, 0, 1, 3, 12]),
                actor1=rng.choice(actors),
                actor2=rng.choice(actors),
            )
        )
    for retired in rng.sample(made, 8):
        services.incident_retire(actor=SYSTEM, incident=retired, reason="test")
    return made


def _filter_sets() -> list[IncidentFilters]:
    battles = EventType.objects.get(level="event", name="Battles")
    sub = battles.children.first()
    category = ViolationCategory.objects.first()
    return [
        IncidentFilters(),
        IncidentFilters(date_from=dt.date(2017, 1, 1)),
        IncidentFilters(date_from=dt.date(2017, 1, 1), date_to=dt.date(2017, 2, 28)),
        IncidentFilters(date_to=dt.date(2016, 12, 31)),
        IncidentFilters(admin1=["Kidal", ""]),
        IncidentFilters(event_types=[battles.key]),
        IncidentFilters(event_types=[sub.key]),
        IncidentFilters(violation_categories=[category.key]),
        IncidentFilters(verification=["verified", "dismissed"]),
        IncidentFilters(dataset="acled"),
        IncidentFilters(date_from=dt.date(2017, 2, 1), admin1=["Gao"], verification=["reported"]),
    ]


def _agree(user, filters, by) -> bool:
    """The answer is the same both ways; returns whether the rollup gave it."""
    from_rollup = rollup.answer(user=user, filters=filters, by=by)
    grouped = selectors.incident_aggregates_grouped(user=user, filters=filters, by=by)
    if from_rollup is not None:
        assert from_rollup == grouped, (filters, by)
    assert selectors.incident_aggregates(user=user, filters=filters, by=by) == grouped
    return from_rollup is not None


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("seed", [1, 2])
def test_rollup_answers_equal_the_grouped_incidents(persona, seed, user_of):
    _random_incidents(seed)
    assert rollup.stale_months() == []  # every service write refreshed its months
    user = user_of(persona)
    for filters in _filter_sets():
        for by in GROUPINGS:
            answered = _agree(user, filters, by)
            # The rollup holds every main grouping under these filters, and the actor
            # groupings under no filter but whole-month dates.
            if "actor1" not in by:
                assert answered, (filters, by)
    assert _agree(user, IncidentFilters(), ["actor1"])


@pytest.mark.parametrize("persona", PERSONAS)
def test_questions_outside_the_rollup_fall_back_to_the_incidents(persona, user_of):
    made = _random_incidents(3, count=30)
    user = user_of(persona)
    actor_id = next(i.actor1_id for i in made if i.actor1_id)
    outside = [
        IncidentFilters(date_from=dt.date(2017, 1, 15)),  # inside a month
        IncidentFilters(date_to=dt.date(2017, 2, 27)),
        IncidentFilters(actor_ids=[actor_id]),
    ]
    for filters in outside:
        assert rollup.answer(user=user, filters=filters, by=["month"]) is None
        _agree(user, filters, ["month", "admin1"])
    # The actor groupings with any other filter or dimension are the incidents' too.
    assert rollup.answer(user=user, filters=IncidentFilters(admin1=["Gao"]), by=["actor1"]) is None
    assert rollup.answer(user=user, filters=IncidentFilters(), by=["admin1", "actor1"]) is None


def _editor_sees_same(user) -> None:
    assert rollup.stale_months() == []
    for by in (["month", "admin1", "event_type"], ["month", "actor1"], ["verification"]):
        assert _agree(user, IncidentFilters(), by)


def test_each_service_keeps_the_rollup_right(user_of):
    analyst = user_of("analyst")
    outsider = user_of("outsider")
    made = _random_incidents(4, count=20)
    event = made[0]

    services.incident_upsert(
        actor=analyst,
        dataset=event.dataset,
        event_id=event.event_id,
        event_date=dt.date(2017, 5, 3),  # to another month: both months change
        admin1="Tombouctou",
        fatalities=40,
    )
    _editor_sees_same(analyst)
    created = services.incident_create(
        actor=analyst,
        event_date=dt.date(2017, 5, 9),
        event_type=EventType.objects.get(level="event", name="Riots"),
        admin1="Kidal",
        fatalities=2,
    )
    _editor_sees_same(analyst)
    services.incident_verify(
        actor=analyst, incident=created, status="under_investigation", comment="checking"
    )
    _editor_sees_same(analyst)
    publication_set(
        actor=analyst, record=created, confidentiality="public", publication_state="published"
    )
    _editor_sees_same(analyst)
    _editor_sees_same_for(outsider, created, present=True)
    services.incident_retire(actor=analyst, incident=created, reason="entered twice")
    _editor_sees_same(analyst)
    _editor_sees_same_for(outsider, created, present=False)
    services.incident_restore(actor=analyst, incident=created, reason="not a duplicate")
    _editor_sees_same(analyst)
    _editor_sees_same_for(outsider, created, present=True)


def _editor_sees_same_for(user, event: Incident, *, present: bool) -> None:
    """``event`` is the only incident of May 2017 in Kidal: counted or not, per ``present``."""
    filters = IncidentFilters(
        date_from=dt.date(2017, 5, 1), date_to=dt.date(2017, 5, 31), admin1=["Kidal"]
    )
    rows = rollup.answer(user=user, filters=filters, by=["month"])
    assert rows is not None
    assert sum(row.count for row in rows) == (1 if present else 0)
    assert rows == selectors.incident_aggregates_grouped(user=user, filters=filters, by=["month"])


@pytest.mark.parametrize(
    ("action", "extra"),
    [
        ("publish", {}),
        ("unpublish", {}),
        ("confidentiality", {"confidentiality": "restricted"}),
        ("violation_category", {"violation_category": "attack-on-positions"}),
        ("verify", {"status": "under_investigation", "comment": "looking into it"}),
        ("retire", {"reason": "withdrawn"}),
    ],
)
def test_bulk_actions_keep_the_rollup_right(action, extra, user_of):
    made = _random_incidents(5, count=30)
    live = [i for i in made if Incident.objects.get(pk=i.pk).retired_at is None]
    reported = [i.pk for i in live if i.verification_status == "reported"]
    ids = reported if action == "verify" else [i.pk for i in live[:15]]
    incidents_bulk_apply(actor=user_of("analyst"), incident_ids=ids, action=action, **extra)
    for persona in PERSONAS:
        user = user_of(persona)
        _agree(user, IncidentFilters(), ["month", "admin1", "event_type"])
        assert _agree(user, IncidentFilters(), ["violation_category", "verification"])
    assert rollup.stale_months() == []


def test_the_import_command_keeps_the_rollup_right(user_of):
    call_command(
        "import",
        "acled",
        str(real_file("acled-mali-2017-01-01-2019-02-27.csv")),
        "--create-missing",
        "--no-progress",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert rollup.stale_months() == []
    assert IncidentRollup.objects.exists()
    for persona in PERSONAS:
        user = user_of(persona)
        for by in (["month", "admin1", "event_type"], ["month", "actor1"]):
            assert _agree(user, IncidentFilters(), by)
    analyst = user_of("analyst")
    months = rollup.answer(user=analyst, filters=IncidentFilters(), by=["month"])
    assert sum(row.count for row in months) == 1339


def test_until_refreshed_the_aggregates_read_the_incidents(user_of):
    """A write that does not refresh (raw SQL here) leaves its months stale: the
    aggregates are still right, from the incidents, and a refresh brings the rollup back.
    (An import refreshes in its own transaction: tests/incidents/test_import_rollup.py.)"""
    from django.db import connection

    analyst = user_of("analyst")
    incidents_import(
        actor=SYSTEM,
        records=[record(event_id="ST1", fatalities=1), record(event_id="ST2", fatalities=None)],
    )
    assert rollup.stale_months() == []
    with connection.cursor() as cursor:
        cursor.execute("UPDATE incidents_incident SET fatalities = 5 WHERE event_id = 'ST1'")
    assert rollup.stale_months() == ["2017-07"]
    assert rollup.answer(user=analyst, filters=IncidentFilters(), by=["month"]) is None
    rows = selectors.incident_aggregates(user=analyst, by=["month"])
    assert [(r.keys["month"], r.count, r.fatalities) for r in rows] == [("2017-07", 2, 5)]
    assert rollup.refresh() == 1
    assert rollup.answer(user=analyst, filters=IncidentFilters(), by=["month"]) == rows


def test_the_rollup_command_rebuilds_it_whole(user_of):
    _random_incidents(6, count=20)
    IncidentRollup.objects.all().delete()  # e.g. a restored dump without the derived rows
    out = io.StringIO()
    call_command("rollup", stdout=out)
    assert "rollup rebuilt" in out.getvalue()
    for persona in PERSONAS:
        assert _agree(user_of(persona), IncidentFilters(), ["month", "admin1", "event_type"])


def test_a_database_without_the_triggers_is_answered_from_the_incidents(user_of):
    """A database migrated without the triggers (an early draft of the migration) could
    hold an empty rollup that nothing keeps: the aggregates must not read it."""
    from django.db import connection

    _random_incidents(7, count=10)
    analyst = user_of("analyst")
    assert rollup.answer(user=analyst, filters=IncidentFilters(), by=["month"]) is not None
    with connection.cursor() as cursor:
        for statement in rollup.drop_trigger_sql(connection.vendor):
            cursor.execute(statement)
    rollup._INSTALLED.clear()
    try:
        IncidentRollup.objects.all().delete()
        assert rollup.answer(user=analyst, filters=IncidentFilters(), by=["month"]) is None
        rows = selectors.incident_aggregates(user=analyst, by=["month"])
        assert (
            sum(row.count for row in rows)
            == Incident.objects.filter(retired_at__isnull=True).count()
        )
    finally:
        with connection.cursor() as cursor:
            for statement in rollup.trigger_sql(connection.vendor):
                cursor.execute(statement)
        rollup._INSTALLED.clear()


def _as_mapping(rows) -> dict:
    return {tuple(sorted(row.keys.items(), key=str)): (row.count, row.fatalities) for row in rows}


def _random_cut_filters(rng: random.Random, actor_id: int) -> IncidentFilters:
    """Dates anywhere in or around the random incidents' months, often inside a month,
    sometimes open, reversed or within one month; with or without the rollup's filters."""

    def day() -> dt.date:
        return dt.date(2016, 11, 20) + dt.timedelta(days=rng.randint(0, 150))

    first, last = rng.choice([(day(), day()), (day(), None), (None, day())])
    extra = rng.choice(
        [
            {},
            {"admin1": ["Gao", ""]},
            {"verification": ["reported"]},
            {"dataset": "acled"},
            {"actor_ids": [actor_id]},  # outside the rollup: grouped whole
        ]
    )
    return IncidentFilters(date_from=first, date_to=last, **extra)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("seed", [11, 12])
def test_dates_inside_months_are_split_and_give_the_grouped_answer(persona, seed, user_of):
    """A question whose dates cut a month (the days since a meeting) is answered from the
    rollup for its whole months and from the incidents for the cut months at its ends: the
    same figures as grouping every incident, whatever the dates, filters and grouping."""
    made = _random_incidents(seed)
    actor_id = next(i.actor1_id for i in made if i.actor1_id)
    user = user_of(persona)
    rng = random.Random(seed)
    split_used = 0
    for _ in range(60):
        filters = _random_cut_filters(rng, actor_id)
        by = rng.choice(GROUPINGS[:15])
        grouped = selectors.incident_aggregates_grouped(user=user, filters=filters, by=by)
        answer = selectors.incident_aggregates(user=user, filters=filters, by=by)
        assert _as_mapping(answer) == _as_mapping(grouped), (filters, by)
        assert len(answer) == len(grouped)
        split = rollup.month_split(filters)
        if split is not None and rollup.answer(user=user, filters=split[0], by=by) is not None:
            split_used += 1
            # The parts cover the question's days once each: the edges hold a month at
            # most, and the whole months start and end on month boundaries.
            whole, edges = split
            assert rollup.answer(user=user, filters=whole, by=by) is not None
            for edge in edges:
                assert edge.date_from and edge.date_to
                assert edge.date_from.strftime("%Y-%m") == edge.date_to.strftime("%Y-%m")
    assert split_used >= 15  # most random cuts have a whole month between them


def test_month_split_cuts_at_month_boundaries():
    def cut(first, last):
        split = rollup.month_split(IncidentFilters(date_from=first, date_to=last))
        if split is None:
            return None
        whole, edges = split
        return (whole.date_from, whole.date_to), [(e.date_from, e.date_to) for e in edges]

    d = dt.date
    assert cut(d(2017, 9, 21), None) == ((d(2017, 10, 1), None), [(d(2017, 9, 21), d(2017, 9, 30))])
    assert cut(None, d(2017, 3, 10)) == ((None, d(2017, 2, 28)), [(d(2017, 3, 1), d(2017, 3, 10))])
    assert cut(d(2017, 1, 15), d(2017, 3, 10)) == (
        (d(2017, 2, 1), d(2017, 2, 28)),
        [(d(2017, 1, 15), d(2017, 1, 31)), (d(2017, 3, 1), d(2017, 3, 10))],
    )
    assert cut(d(2017, 1, 1), d(2017, 3, 10)) == (
        (d(2017, 1, 1), d(2017, 2, 28)),
        [(d(2017, 3, 1), d(2017, 3, 10))],
    )
    assert cut(d(2017, 1, 15), d(2017, 2, 10)) is None  # no whole month between
    assert cut(d(2017, 1, 15), d(2017, 1, 20)) is None
    assert cut(d(2017, 3, 15), d(2017, 1, 10)) is None  # reversed: nothing matches anyway
    assert cut(d(2017, 1, 1), d(2017, 1, 31)) is None  # whole months: not split
    assert cut(None, None) is None


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_since_page_counts_from_the_split_answer(persona, as_persona, user_of):
    """The "since the meeting" page (a cutoff inside a month) shows the same counts per
    region and in its pager as grouping the incidents."""
    from django.urls import reverse

    from accordwatch.commitments import services as cs

    _random_incidents(13)
    body = factories.actor(name_en="Contact Group", kind="body")
    cs.meeting_upsert(
        actor=SYSTEM,
        key="cg-split",
        body=body,
        body_kind="contact_group",
        title="Meeting",
        starts_on=dt.date(2016, 12, 14),
        confidentiality="public",
        publication_state="published",
    )
    response = as_persona(persona).get(reverse("incidents-since", args=["cg-split"]))
    after = IncidentFilters(date_from=dt.date(2016, 12, 15))
    grouped = selectors.incident_aggregates_grouped(
        user=user_of(persona), filters=after, by=["admin1"]
    )
    shown = {
        row.keys["admin1"]: (row.count, row.fatalities) for row in response.context["by_region"]
    }
    assert shown == {row.keys["admin1"]: (row.count, row.fatalities) for row in grouped}
    assert response.context["page"].paginator.count == sum(row.count for row in grouped)
    assert rollup.month_split(after) is not None

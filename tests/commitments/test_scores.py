"""Implementation scores: hand-computed examples, monthly series, visibility per persona,
the overdue list, and a comparison with a brute-force computation on random data."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordwatch.commitments import services as cs
from accordwatch.commitments.scores import monthly_series, overdue, scores
from accordwatch.core import services
from tests import factories as f

D = dt.date


def by_key(rows):
    return {row.group_key: row for row in rows}


def percents(rows):
    return {row.group_key: row.percent for row in rows}


@pytest.fixture
def world(db):
    """The worked example every hand-computed figure below refers to.

    Agreement adopted 2015-06-20:
      patrols      security      weight 2  gov + cma   2016-01-10: 1, 2016-06-01: 3
      cantonment   security      weight 1  gov         2016-03-01: 2, then 0 (same day)
      reaffirm     security      position              2016-02-01: not applicable
      authorities  institutions  weight 1  —           never assessed
      elections    (no pillar)   weight 1  —           2016-02-01: 2
    Timetable adopted 2018-01-01:
      calendar     institutions  weight 1  —           2017-12-01: 3 (before adoption)
    """
    security = f.pillar(key="security", name="Defence and security", position=1)
    institutions = f.pillar(key="institutions", name="Institutions", position=2)
    gov = f.actor(key="gov", name_en="Government", acronym="GOV", kind="government")
    cma = f.actor(key="cma", name_en="Coordination", acronym="CMA")
    agreement = f.document(key="agreement", adopted_on=D(2015, 6, 20))
    timetable = f.document(key="timetable", kind="timetable", adopted_on=D(2018, 1, 1))
    w = SimpleNamespace(security=security, institutions=institutions, gov=gov, cma=cma)
    w.agreement, w.timetable = agreement, timetable
    w.patrols = f.commitment(
        key="patrols",
        document=agreement,
        pillar=security,
        weight=Decimal(2),
        responsible=[gov, cma],
        deadline=D(2016, 3, 1),
    )
    f.assessment(w.patrols, D(2016, 1, 10), 1)
    f.assessment(w.patrols, D(2016, 6, 1), 3)
    w.cantonment = f.commitment(
        key="cantonment", document=agreement, pillar=security, responsible=[gov]
    )
    f.assessment(w.cantonment, D(2016, 3, 1), 2)
    f.assessment(w.cantonment, D(2016, 3, 1), 0)  # same day, entered later: it wins
    w.reaffirm = f.commitment(key="reaffirm", document=agreement, pillar=security, kind="position")
    f.assessment(w.reaffirm, D(2016, 2, 1), None)
    w.authorities = f.commitment(
        key="authorities", document=agreement, pillar=institutions, deadline=D(2016, 1, 1)
    )
    w.elections = f.commitment(key="elections", document=agreement)
    f.assessment(w.elections, D(2016, 2, 1), 2)
    w.calendar = f.commitment(
        key="calendar", document=timetable, pillar=institutions, deadline=D(2018, 6, 1)
    )
    f.assessment(w.calendar, D(2017, 12, 1), 3)
    return w


# --- scores as of a date -------------------------------------------------------------


def test_pillar_scores_weigh_each_commitment_and_ignore_positions(world):
    rows = scores(user=None, group_by="pillar", as_of=D(2016, 4, 1))

    assert [row.group_key for row in rows] == ["security", "institutions", ""]
    security, institutions, no_pillar = rows
    # patrols 1 × weight 2, cantonment 0 (the later same-day entry); the position is left out
    assert (security.points, security.maximum, security.commitments) == (2, 9, 2)
    assert security.percent == pytest.approx(100 * 2 / 9)
    assert security.group_label == "Defence and security"
    assert (institutions.points, institutions.maximum, institutions.percent) == (0, 3, 0.0)
    assert no_pillar.group_label == "No pillar"
    assert no_pillar.percent == pytest.approx(100 * 2 / 3)


def test_a_date_between_assessments_takes_the_one_before_it(world):
    may = by_key(scores(user=None, group_by="pillar", as_of=D(2016, 5, 31)))
    june = by_key(scores(user=None, group_by="pillar", as_of=D(2016, 6, 1)))

    assert may["security"].points == 2
    assert june["security"].points == 6
    assert june["security"].percent == pytest.approx(100 * 6 / 9)


def test_same_day_assessments_are_ordered_by_entry(world):
    f.assessment(world.cantonment, D(2016, 3, 1), 3)  # a third entry on the same day

    security = by_key(scores(user=None, group_by="pillar", as_of=D(2016, 4, 1)))["security"]

    assert security.points == 2 + 3


def test_a_document_adopted_later_is_out_of_scope_until_adopted(world):
    before = by_key(scores(user=None, group_by="pillar", as_of=D(2017, 12, 15)))
    after = by_key(scores(user=None, group_by="pillar", as_of=D(2018, 2, 1)))

    # The calendar was assessed in December 2017 but its timetable was adopted in 2018.
    assert (before["institutions"].commitments, before["institutions"].percent) == (1, 0.0)
    assert after["institutions"].commitments == 2
    assert after["institutions"].percent == pytest.approx(50.0)


def test_nothing_in_scope_before_any_adoption(world):
    assert scores(user=None, group_by="pillar", as_of=D(2015, 1, 1)) == []
    (whole,) = scores(user=None, group_by="all", as_of=D(2015, 1, 1))
    assert (whole.group_key, whole.percent, whole.commitments) == ("all", None, 0)


def test_all_and_document_groupings(world):
    (whole,) = scores(user=None, group_by="all", as_of=D(2016, 7, 1))
    documents = scores(user=None, group_by="document", as_of=D(2018, 2, 1))

    # 6 (patrols) + 0 + 0 + 2 (elections) out of (2 + 1 + 1 + 1) × 3
    assert (whole.points, whole.maximum, whole.commitments) == (8, 15, 4)
    assert [row.group_key for row in documents] == ["agreement", "timetable"]
    assert documents[0].percent == pytest.approx(100 * 8 / 15)
    assert documents[1].percent == pytest.approx(100.0)


def test_actor_grouping_counts_a_shared_commitment_for_each_actor(world):
    rows = by_key(scores(user=None, group_by="actor", as_of=D(2016, 7, 1)))

    # GOV: patrols (6 of 6) and cantonment (0 of 3); CMA shares patrols only.
    assert rows["gov"].group_label == "GOV"
    assert (rows["gov"].points, rows["gov"].maximum, rows["gov"].commitments) == (6, 9, 2)
    assert rows["cma"].percent == pytest.approx(100.0)
    assert rows[""].group_label == "No responsible actor"
    assert (rows[""].points, rows[""].maximum) == (2, 6)  # authorities and elections


def test_documents_filter_limits_the_commitments(world):
    (whole,) = scores(user=None, group_by="all", as_of=D(2018, 2, 1), document_keys=["timetable"])

    assert (whole.points, whole.maximum, whole.commitments) == (3, 3, 1)


def test_unknown_grouping_is_refused(world):
    with pytest.raises(ValueError, match="group_by"):
        scores(user=None, group_by="region", as_of=D(2016, 1, 1))  # type: ignore[arg-type]


def test_an_action_judged_not_applicable_leaves_the_denominator_until_scored_again(db):
    document = f.document(key="nap-doc")
    commitment = f.commitment(key="nap", document=document, kind="position")
    f.assessment(commitment, D(2016, 1, 1), None)
    # Re-classified as an action later: its "not applicable" judgement still stands.
    cs.commitment_upsert(
        actor=services.SYSTEM,
        key="nap",
        document=document,
        title=commitment.title,
        kind="action",
        confidentiality="public",
        publication_state="published",
    )
    other = f.commitment(key="other", document=document)
    f.assessment(other, D(2016, 1, 1), 3)
    commitment.refresh_from_db()
    f.assessment(commitment, D(2016, 3, 1), 1)

    (february,) = scores(user=None, group_by="all", as_of=D(2016, 2, 1))
    (march,) = scores(user=None, group_by="all", as_of=D(2016, 3, 1))

    assert (february.points, february.maximum, february.commitments) == (3, 3, 1)
    assert (march.points, march.maximum, march.commitments) == (4, 6, 2)


# --- monthly series ------------------------------------------------------------------


def series_of(points, key):
    return [
        (p.month, None if p.percent is None else round(p.percent, 2))
        for p in points
        if p.group_key == key
    ]


def test_monthly_series_gives_the_value_at_each_month_end(world):
    points = monthly_series(user=None, group_by="pillar", start=D(2016, 1, 15), end=D(2016, 6, 10))

    # The same-day tie in March must leave security unchanged (cantonment 2 then 0).
    assert series_of(points, "security") == [
        (D(2016, 1, 1), 22.22),
        (D(2016, 2, 1), 22.22),
        (D(2016, 3, 1), 22.22),
        (D(2016, 4, 1), 22.22),
        (D(2016, 5, 1), 22.22),
        (D(2016, 6, 1), 66.67),
    ]
    assert series_of(points, "")[0] == (D(2016, 1, 1), 0.0)
    assert series_of(points, "")[1] == (D(2016, 2, 1), 66.67)
    assert {p.group_label for p in points} == {"Defence and security", "Institutions", "No pillar"}


def test_the_last_month_stops_at_the_end_date(world):
    to_may_end = monthly_series(
        user=None, group_by="pillar", start=D(2016, 5, 1), end=D(2016, 5, 31)
    )
    to_june_first = monthly_series(
        user=None, group_by="pillar", start=D(2016, 5, 1), end=D(2016, 6, 1)
    )

    assert series_of(to_may_end, "security") == [(D(2016, 5, 1), 22.22)]
    assert series_of(to_june_first, "security") == [(D(2016, 5, 1), 22.22), (D(2016, 6, 1), 66.67)]


def test_series_follows_adoption_of_later_documents(world):
    points = monthly_series(user=None, group_by="pillar", start=D(2017, 11, 1), end=D(2018, 2, 15))

    assert series_of(points, "institutions") == [
        (D(2017, 11, 1), 0.0),
        (D(2017, 12, 1), 0.0),
        (D(2018, 1, 1), 50.0),
        (D(2018, 2, 1), 50.0),
    ]


def test_series_before_anything_is_in_scope_has_no_value(world):
    points = monthly_series(user=None, group_by="all", start=D(2015, 5, 1), end=D(2015, 7, 1))

    assert [(p.month, p.percent) for p in points] == [
        (D(2015, 5, 1), None),
        (D(2015, 6, 1), 0.0),
        (D(2015, 7, 1), 0.0),
    ]


def test_series_agrees_with_scores_at_each_month_end(world):
    points = monthly_series(user=None, group_by="actor", start=D(2015, 12, 1), end=D(2018, 3, 31))
    for point in points:
        if point.month.month != 6:
            continue
        as_of = D(point.month.year, 6, 30)
        expected = percents(scores(user=None, group_by="actor", as_of=as_of))
        if expected.get(point.group_key) is None:
            assert point.percent is None
        else:
            assert point.percent == pytest.approx(expected[point.group_key])


def test_series_must_not_end_before_it_starts(world):
    with pytest.raises(ValueError):
        monthly_series(user=None, group_by="all", start=D(2016, 2, 1), end=D(2016, 1, 1))


# --- visibility ----------------------------------------------------------------------


def test_a_restricted_assessment_counts_for_the_analyst_only(world, user_of):
    f.assessment(world.authorities, D(2016, 5, 1), 3, confidentiality="restricted")
    as_of = D(2016, 7, 1)

    def institutions(persona):
        return by_key(scores(user=user_of(persona), group_by="pillar", as_of=as_of))["institutions"]

    assert institutions("analyst").percent == pytest.approx(100.0)
    assert institutions("admin").percent == pytest.approx(100.0)
    assert institutions("delegate").percent == 0.0
    assert institutions("outsider").percent == 0.0


def test_an_internal_assessment_is_not_the_publics(world, user_of):
    f.assessment(world.authorities, D(2016, 5, 1), 2, confidentiality="internal")
    as_of = D(2016, 7, 1)

    delegate = by_key(scores(user=user_of("delegate"), group_by="pillar", as_of=as_of))
    public = by_key(scores(user=None, group_by="pillar", as_of=as_of))

    assert delegate["institutions"].points == 2
    assert public["institutions"].points == 0


def test_a_draft_commitment_is_invisible_to_the_outsider(world, user_of):
    f.commitment(
        key="draft",
        document=world.agreement,
        pillar=world.institutions,
        publication_state="draft",
    )
    as_of = D(2016, 7, 1)

    def count(persona):
        return by_key(scores(user=user_of(persona), group_by="pillar", as_of=as_of))[
            "institutions"
        ].commitments

    assert count("analyst") == 2
    assert count("delegate") == 2  # members read drafts that are not restricted
    assert count("outsider") == 1


def test_a_hidden_document_hides_its_commitments(world, user_of):
    cs.publication_set(actor=services.SYSTEM, record=world.timetable, confidentiality="restricted")
    as_of = D(2018, 2, 1)

    analyst = by_key(scores(user=user_of("analyst"), group_by="document", as_of=as_of))
    delegate = by_key(scores(user=user_of("delegate"), group_by="document", as_of=as_of))

    assert "timetable" in analyst
    assert "timetable" not in delegate


def test_a_hidden_actor_is_no_group_for_the_public(world, user_of):
    cs.publication_set(actor=services.SYSTEM, record=world.cma, publication_state="draft")
    as_of = D(2016, 7, 1)

    public = by_key(scores(user=None, group_by="actor", as_of=as_of))
    analyst = by_key(scores(user=user_of("analyst"), group_by="actor", as_of=as_of))

    assert "cma" not in public
    assert public["gov"].commitments == 2
    assert analyst["cma"].commitments == 1


def test_the_series_applies_the_same_visibility(world, user_of):
    f.assessment(world.authorities, D(2016, 5, 1), 3, confidentiality="restricted")

    def june(persona):
        points = monthly_series(
            user=user_of(persona), group_by="pillar", start=D(2016, 6, 1), end=D(2016, 6, 30)
        )
        return percents(points)["institutions"]

    assert june("analyst") == pytest.approx(100.0)
    assert june("delegate") == 0.0


# --- overdue -------------------------------------------------------------------------


def keys(queryset):
    return sorted(c.key for c in queryset)


def test_overdue_lists_actions_past_deadline_and_not_full(world):
    # patrols: deadline 2016-03-01, full from 2016-06-01; authorities: deadline 2016-01-01.
    assert keys(overdue(user=None, as_of=D(2016, 1, 1))) == []
    assert keys(overdue(user=None, as_of=D(2016, 4, 1))) == ["authorities", "patrols"]
    assert keys(overdue(user=None, as_of=D(2016, 7, 1))) == ["authorities"]
    # The calendar (deadline 2018-06-01) was full before its deadline.
    assert keys(overdue(user=None, as_of=D(2018, 7, 1))) == ["authorities"]


def test_positions_and_commitments_without_deadline_are_never_overdue(world):
    cs.commitment_upsert(
        actor=services.SYSTEM,
        key="reaffirm",
        document=world.agreement,
        title=world.reaffirm.title,
        kind="position",
        pillar=world.security,
        deadline=D(2016, 1, 1),
        confidentiality="public",
        publication_state="published",
    )

    assert "reaffirm" not in keys(overdue(user=None, as_of=D(2017, 1, 1)))
    assert "elections" not in keys(overdue(user=None, as_of=D(2017, 1, 1)))


def test_overdue_uses_what_the_user_may_see(world, user_of):
    f.assessment(world.authorities, D(2016, 2, 1), 3, confidentiality="restricted")

    assert "authorities" not in keys(overdue(user=user_of("analyst"), as_of=D(2016, 7, 1)))
    assert "authorities" in keys(overdue(user=user_of("delegate"), as_of=D(2016, 7, 1)))


# --- against a brute-force computation -------------------------------------------------

VISIBILITY = st.sampled_from(
    [
        ("public", "published"),
        ("internal", "published"),
        ("restricted", "published"),
        ("public", "draft"),
    ]
)
TIERS = {"analyst": 3, "delegate": 2, "outsider": 1}


def visible(record, tier):
    confidentiality, state = record["visibility"]
    if tier == 3:
        return True
    if tier == 2:
        return confidentiality != "restricted"
    return confidentiality == "public" and state == "published"


assessment_st = st.fixed_dictionaries(
    # Few distinct days, so that same-day assessments (ties) are common.
    {
        "day": st.integers(0, 15).map(lambda n: n * 60),
        "score": st.integers(0, 3),
        "visibility": VISIBILITY,
    }
)
commitment_st = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["action", "action", "action", "position"]),
        "pillar": st.sampled_from([None, 0, 1]),
        "weight": st.sampled_from([Decimal("0.5"), Decimal(1), Decimal(2), Decimal("2.25")]),
        "actors": st.sets(st.integers(0, 2), max_size=2),
        "visibility": VISIBILITY,
        "assessments": st.lists(assessment_st, max_size=4),
    }
)
document_st = st.fixed_dictionaries(
    {
        "adopted": st.one_of(st.none(), st.integers(0, 600)),
        "visibility": VISIBILITY,
        "commitments": st.lists(commitment_st, min_size=1, max_size=4),
    }
)
dataset_st = st.fixed_dictionaries(
    {
        "documents": st.lists(document_st, min_size=1, max_size=2),
        "actor_visibility": st.lists(VISIBILITY, min_size=3, max_size=3),
    }
)
EPOCH = D(2015, 1, 1)


def brute_force(data, tier, as_of):
    """The rules, applied row by row in Python: {group: (points, maximum, count)} for every
    grouping."""
    totals = {g: {} for g in ("pillar", "document", "actor", "all")}
    for d_index, document in enumerate(data["documents"]):
        adopted = document["adopted"]
        if not visible(document, tier) or (adopted is not None and document["adopted_on"] > as_of):
            continue
        for commitment in document["commitments"]:
            if commitment["kind"] != "action" or not visible(commitment, tier):
                continue
            seen = [
                a for a in commitment["assessments"] if visible(a, tier) and a["as_of"] <= as_of
            ]
            score = max(seen, key=lambda a: (a["as_of"], a["order"]))["score"] if seen else 0
            weight = commitment["weight"]
            actors = [
                f"{data['prefix']}-actor-{n}"
                for n in sorted(commitment["actors"])
                if visible({"visibility": data["actor_visibility"][n]}, tier)
            ]
            pillar = commitment["pillar"]
            groups = {
                "pillar": ["" if pillar is None else f"{data['prefix']}-pillar-{pillar}"],
                "document": [f"{data['prefix']}-doc-{d_index}"],
                "actor": actors or [""],
                "all": ["all"],
            }
            for grouping, keys_ in groups.items():
                for key in keys_:
                    points, maximum, count = totals[grouping].get(key, (0, 0, 0))
                    totals[grouping][key] = (
                        points + weight * score,
                        maximum + weight * 3,
                        count + 1,
                    )
    return totals


def build(data, prefix):
    """Write the generated dataset through the services; fill in dates and entry order."""
    data["prefix"] = prefix
    pillars = [f.pillar(key=f"{prefix}-pillar-{n}") for n in range(2)]
    actors = [
        f.actor(
            key=f"{prefix}-actor-{n}",
            confidentiality=vis[0],
            publication_state=vis[1],
        )
        for n, vis in enumerate(data["actor_visibility"])
    ]
    order = 0
    for d_index, document in enumerate(data["documents"]):
        adopted = document["adopted"]
        document["adopted_on"] = None if adopted is None else EPOCH + dt.timedelta(days=adopted)
        doc = f.document(
            key=f"{prefix}-doc-{d_index}",
            adopted_on=document["adopted_on"],
            confidentiality=document["visibility"][0],
            publication_state=document["visibility"][1],
        )
        for c_index, commitment in enumerate(document["commitments"]):
            row = f.commitment(
                key=f"{prefix}-c-{d_index}-{c_index}",
                document=doc,
                kind=commitment["kind"],
                pillar=None if commitment["pillar"] is None else pillars[commitment["pillar"]],
                weight=commitment["weight"],
                responsible=[actors[n] for n in commitment["actors"]],
                confidentiality=commitment["visibility"][0],
                publication_state=commitment["visibility"][1],
            )
            for assessment in commitment["assessments"]:
                if commitment["kind"] == "position":
                    assessment["score"] = None
                assessment["as_of"] = EPOCH + dt.timedelta(days=assessment["day"])
                assessment["order"] = order
                order += 1
                f.assessment(
                    row,
                    assessment["as_of"],
                    assessment["score"],
                    confidentiality=assessment["visibility"][0],
                    publication_state=assessment["visibility"][1],
                )


_examples = itertools.count()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=dataset_st, day=st.integers(0, 1000))
def test_scores_and_series_match_a_brute_force_computation(persona_users, data, day):
    # Each example writes its own keys and asks only about its own documents, so examples
    # sharing the test's transaction cannot see each other.
    prefix = f"hyp{next(_examples)}"
    build(data, prefix)
    document_keys = [f"{prefix}-doc-{n}" for n in range(len(data["documents"]))]
    as_of = EPOCH + dt.timedelta(days=day)
    for persona, tier in TIERS.items():
        user = persona_users.get(persona)
        expected = brute_force(data, tier, as_of)
        for grouping in ("pillar", "document", "actor", "all"):
            rows = scores(user=user, group_by=grouping, as_of=as_of, document_keys=document_keys)
            got = {r.group_key: (r.points, r.maximum, r.commitments) for r in rows}
            want = expected[grouping]
            if grouping == "all":
                want = want or {"all": (0, 0, 0)}
            assert got == want, (persona, grouping)
        # The series' last point is as of its end date; earlier points as of month ends.
        points = monthly_series(
            user=user,
            group_by="pillar",
            start=as_of - dt.timedelta(days=62),
            end=as_of,
            document_keys=document_keys,
        )
        assert {p.group_key for p in points} == set(brute_force(data, tier, as_of)["pillar"])
        for point in points:
            month_end = (point.month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            totals = brute_force(data, tier, min(month_end, as_of))["pillar"]
            points_, maximum, _count = totals.get(point.group_key, (0, 0, 0))
            want_percent = None if not maximum else float(points_ * 100 / maximum)
            assert point.percent == (pytest.approx(want_percent) if want_percent else want_percent)


def test_an_action_judged_not_applicable_is_not_overdue(db):
    document = f.document(key="nap-doc")
    values = {"document": document, "title": "Reclassified", "deadline": D(2016, 1, 1)}
    values |= {"confidentiality": "public", "publication_state": "published"}
    commitment, _ = cs.commitment_upsert(
        actor=services.SYSTEM, key="nap", kind="position", **values
    )
    f.assessment(commitment, D(2016, 2, 1), None)
    cs.commitment_upsert(actor=services.SYSTEM, key="nap", kind="action", **values)

    assert keys(overdue(user=None, as_of=D(2016, 1, 15))) == ["nap"]  # never assessed yet
    assert keys(overdue(user=None, as_of=D(2016, 3, 1))) == []


# --- the series cache ----------------------------------------------------------------


def test_a_repeated_series_is_served_from_the_cache(world, django_assert_num_queries):
    ask = {"user": None, "group_by": "pillar", "start": D(2016, 1, 1), "end": D(2016, 12, 31)}
    first = monthly_series(**ask)

    with django_assert_num_queries(1):  # the audit chain's head, nothing else
        again = monthly_series(**ask)

    assert again == first
    assert monthly_series(**ask, cached=False) == first


def test_any_write_refreshes_the_cached_series(world, analyst):
    ask = {"user": None, "group_by": "pillar", "start": D(2016, 1, 1), "end": D(2016, 12, 31)}

    def december():
        return percents(p for p in monthly_series(**ask) if p.month == D(2016, 12, 1))

    before = december()

    cs.assessment_create(
        actor=analyst,
        commitment=world.authorities,
        as_of=D(2016, 12, 1),
        score=3,
        rationale="r",
    )

    after = december()
    assert before["institutions"] == 0.0
    assert after["institutions"] == pytest.approx(100.0)


def test_the_cache_never_gives_one_reader_anothers_series(world, user_of):
    f.assessment(world.authorities, D(2016, 5, 1), 3, confidentiality="restricted")
    ask = {"group_by": "pillar", "start": D(2016, 6, 1), "end": D(2016, 6, 30)}

    analyst = percents(monthly_series(user=user_of("analyst"), **ask))
    outsider = percents(monthly_series(user=None, **ask))
    delegate = percents(monthly_series(user=user_of("delegate"), **ask))

    assert analyst["institutions"] == pytest.approx(100.0)
    assert outsider["institutions"] == delegate["institutions"] == 0.0


def test_an_empty_document_selection_scores_nothing_instead_of_failing(user_of):
    import datetime as _dt

    from accordwatch.commitments import scores as _scores

    rows = _scores.scores(
        user=user_of("analyst"), group_by="all", as_of=_dt.date(2018, 1, 1), document_keys=[]
    )
    assert all(row.percent is None and row.commitments == 0 for row in rows)
    series = _scores.monthly_series(
        user=user_of("analyst"),
        group_by="pillar",
        start=_dt.date(2017, 1, 1),
        end=_dt.date(2017, 3, 1),
        document_keys=[],
        cached=False,
    )
    assert all(point.percent is None for point in series)

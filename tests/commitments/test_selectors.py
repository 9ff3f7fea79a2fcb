"""Reads of the commitments tracker: filters, status as of a date, visibility per persona,
and a fixed number of queries per page."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.http import Http404

from accordwatch.commitments import selectors
from accordwatch.commitments import services as cs
from accordwatch.commitments.models import Commitment, Document, Meeting
from accordwatch.core import services
from tests import factories as f

D = dt.date
TODAY = D(2018, 1, 1)


def keys(rows):
    return [row.key for row in rows]


@pytest.fixture
def tracker(db):
    """A small tracker, as of 2018-01-01:

    agreement (public)                     communique (public, a meeting's)
      patrols    security, GOV, overdue,     decision-2  GOV (position 2)
                 minimal                     decision-1  CMA (position 1), full
      cantonment security, CMA, full
      elections  no pillar, not assessed, deadline 2019
      support    position, not applicable
      secret     restricted, intermediate
      draft      draft, not assessed
    """
    w = SimpleNamespace()
    w.security = f.pillar(key="security", name="Security")
    w.gov = f.actor(key="gov", acronym="GOV", kind="government")
    w.cma = f.actor(key="cma", acronym="CMA")
    w.agreement = f.document(key="agreement", adopted_on=D(2015, 6, 20))
    w.patrols = f.commitment(
        key="patrols",
        title="Joint patrols in Gao",
        document=w.agreement,
        pillar=w.security,
        responsible=[w.gov],
        deadline=D(2016, 1, 1),
        position=1,
    )
    f.assessment(w.patrols, D(2016, 6, 1), 1, illustrative=True)
    w.cantonment = f.commitment(
        key="cantonment",
        title="Canton the combatants",
        summary="Sites for the movements' fighters.",
        document=w.agreement,
        pillar=w.security,
        responsible=[w.cma],
        deadline=D(2016, 1, 1),
        position=2,
    )
    f.assessment(w.cantonment, D(2016, 1, 1), 1)
    f.assessment(w.cantonment, D(2017, 1, 1), 3)
    w.elections = f.commitment(
        key="elections",
        title="Hold local elections",
        document=w.agreement,
        deadline=D(2019, 1, 1),
        position=3,
    )
    w.support = f.commitment(
        key="support",
        title="Support the mediation",
        document=w.agreement,
        kind="position",
        position=4,
    )
    f.assessment(w.support, D(2016, 1, 1), None)
    w.secret = f.commitment(
        key="secret",
        title="A restricted matter",
        document=w.agreement,
        confidentiality="restricted",
        position=5,
    )
    f.assessment(w.secret, D(2016, 1, 1), 2)
    w.draft = f.commitment(
        key="draft",
        title="Not yet published",
        document=w.agreement,
        publication_state="draft",
        position=6,
    )
    w.communique = f.document(key="communique", kind="communique", adopted_on=D(2017, 9, 20))
    w.decision_2 = f.commitment(
        key="decision-2",
        title="Second decision",
        document=w.communique,
        responsible=[w.gov],
        position=2,
    )
    w.decision_1 = f.commitment(
        key="decision-1",
        title="First decision",
        document=w.communique,
        responsible=[w.cma],
        position=1,
    )
    f.assessment(w.decision_1, D(2017, 10, 1), 3)
    w.body = f.actor(key="contact-group", kind="body", name_en="Contact Group")
    w.meeting, _ = cs.meeting_upsert(
        actor=services.SYSTEM,
        key="cg-2017",
        body=w.body,
        body_kind="contact_group",
        title="Ministerial meeting 2017",
        starts_on=D(2017, 9, 20),
        communique=w.communique,
        discussed=[w.patrols, w.secret],
        confidentiality="public",
        publication_state="published",
    )
    return w


# --- commitment_list -----------------------------------------------------------------


def test_each_persona_lists_what_it_may_see(tracker, user_of):
    def listed(persona):
        return set(keys(selectors.commitment_list(user=user_of(persona), as_of=TODAY)))

    public = {"patrols", "cantonment", "elections", "support", "decision-1", "decision-2"}
    assert listed("outsider") == public
    assert listed("delegate") == public | {"draft"}
    assert listed("analyst") == public | {"draft", "secret"}
    assert listed("admin") == listed("analyst")


def test_the_list_carries_each_commitments_latest_assessment(tracker):
    rows = {c.key: c for c in selectors.commitment_list(user=None, as_of=TODAY)}

    patrols = rows["patrols"]
    assert (patrols.latest_score, patrols.latest_as_of, patrols.latest_illustrative) == (
        1,
        D(2016, 6, 1),
        True,
    )
    assert patrols.latest_status == "minimal"
    assert rows["cantonment"].latest_status == "full"
    assert rows["elections"].latest_status == "not_assessed"
    assert rows["elections"].latest_score is None
    assert rows["support"].latest_status == "not_applicable"


def test_the_status_is_the_one_as_of_the_date_asked(tracker):
    then = {
        c.key: c.latest_status for c in selectors.commitment_list(user=None, as_of=D(2016, 3, 1))
    }

    assert then["cantonment"] == "minimal"
    assert then["patrols"] == "not_assessed"


def test_a_restricted_assessment_is_not_the_delegates_latest(tracker, user_of):
    f.assessment(tracker.patrols, D(2017, 6, 1), 3, confidentiality="restricted")

    def status(persona):
        rows = selectors.commitment_list(user=user_of(persona), q="patrols", as_of=TODAY)
        return rows.get().latest_status

    assert status("analyst") == "full"
    assert status("delegate") == "minimal"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("not_initiated", []),
        ("minimal", ["patrols"]),
        ("intermediate", []),
        ("full", ["cantonment", "decision-1"]),
        ("not_assessed", ["elections", "decision-2"]),
        ("not_applicable", ["support"]),
    ],
)
def test_filter_by_status(tracker, status, expected):
    rows = selectors.commitment_list(user=None, status=status, as_of=TODAY)

    assert sorted(keys(rows)) == sorted(expected)


def test_filter_by_status_uses_the_readers_view(tracker, user_of):
    rows = selectors.commitment_list(user=user_of("analyst"), status="intermediate", as_of=TODAY)

    assert keys(rows) == ["secret"]


def test_an_unknown_status_or_kind_is_refused(tracker):
    with pytest.raises(ValueError, match="status"):
        selectors.commitment_list(user=None, status="done")
    with pytest.raises(ValueError, match="kind"):
        selectors.commitment_list(user=None, kind="wish")


def test_filter_by_document_pillar_actor_and_kind(tracker):
    def listed(**filters):
        return sorted(keys(selectors.commitment_list(user=None, as_of=TODAY, **filters)))

    assert listed(document="communique") == ["decision-1", "decision-2"]
    assert listed(pillar="security") == ["cantonment", "patrols"]
    assert listed(actor="gov") == ["decision-2", "patrols"]
    assert listed(actor="cma", document="agreement") == ["cantonment"]
    assert listed(kind="position") == ["support"]
    assert listed(document="nothing-of-that-name") == []


def test_the_actor_filter_does_not_reveal_a_hidden_actors_commitments(tracker, user_of):
    cs.publication_set(actor=services.SYSTEM, record=tracker.cma, confidentiality="internal")

    assert keys(selectors.commitment_list(user=None, actor="cma")) == []
    assert keys(selectors.commitment_list(user=user_of("delegate"), actor="cma")) != []


def test_filter_overdue(tracker):
    overdue = selectors.commitment_list(user=None, overdue=True, as_of=TODAY)
    not_overdue = selectors.commitment_list(user=None, overdue=False, as_of=TODAY)

    # patrols: deadline 2016, only minimal; cantonment met it late but is full now.
    assert keys(overdue) == ["patrols"]
    assert "patrols" not in keys(not_overdue)
    assert len(keys(not_overdue)) == 5
    assert {c.key: c.is_overdue for c in selectors.commitment_list(user=None, as_of=TODAY)}[
        "patrols"
    ] is True


def test_overdue_depends_on_the_date(tracker):
    assert keys(selectors.commitment_list(user=None, overdue=True, as_of=D(2015, 12, 31))) == []
    assert sorted(
        keys(selectors.commitment_list(user=None, overdue=True, as_of=D(2016, 6, 30)))
    ) == ["cantonment", "patrols"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("patrols", ["patrols"]), ("CANTON", ["cantonment"]), ("fighters", ["cantonment"])],
)
def test_search_in_title_key_and_summary(tracker, text, expected):
    assert keys(selectors.commitment_list(user=None, q=text)) == expected


def test_search_finds_nothing_hidden(tracker, user_of):
    assert keys(selectors.commitment_list(user=None, q="restricted")) == []
    assert keys(selectors.commitment_list(user=user_of("analyst"), q="restricted")) == ["secret"]


def test_a_page_of_the_list_costs_the_same_queries_whatever_its_length(
    tracker, django_assert_num_queries
):
    for n in range(10):
        f.commitment(key=f"extra-{n}", document=tracker.agreement, responsible=[tracker.gov])

    def read(limit):
        rows = selectors.commitment_list(user=None, as_of=TODAY)[:limit]
        return [(c.document.key, c.pillar, [a.key for a in c.responsible.all()]) for c in rows]

    # One for the commitments with their status, one for their responsible actors.
    with django_assert_num_queries(2):
        assert len(read(3)) == 3
    with django_assert_num_queries(2):
        assert len(read(15)) == 15


def test_the_list_shows_only_visible_responsible_actors(tracker):
    hidden = f.actor(key="hidden", confidentiality="restricted")
    f.commitment(key="shared", document=tracker.agreement, responsible=[tracker.gov, hidden])

    row = selectors.commitment_list(user=None, q="shared").get()

    assert [a.key for a in row.responsible.all()] == ["gov"]


# --- one commitment --------------------------------------------------------------------


def test_commitment_detail_for_those_who_may_see_it(tracker, user_of):
    detail = selectors.commitment_detail(user=user_of("analyst"), key="secret")

    assert detail.latest_status == "intermediate"
    with pytest.raises(selectors.CommitmentNotFound):
        selectors.commitment_detail(user=user_of("delegate"), key="secret")


@pytest.mark.parametrize("key", ["draft", "no-such-commitment"])
def test_hidden_and_missing_commitments_look_the_same(tracker, key):
    with pytest.raises(Commitment.DoesNotExist) as error:
        selectors.commitment_detail(user=None, key=key)

    assert isinstance(error.value, Http404)
    assert str(error.value) == f"no commitment {key!r}"


def test_commitment_detail_lists_visible_sources_only(tracker, user_of):
    public = f.source(key="public-report")
    internal = f.source(key="internal-note", confidentiality="internal")
    cs.commitment_upsert(
        actor=services.SYSTEM,
        key="patrols",
        document=tracker.agreement,
        title=tracker.patrols.title,
        responsible=[tracker.gov],
        sources=[public, internal],
    )

    outsider = selectors.commitment_detail(user=None, key="patrols")
    delegate = selectors.commitment_detail(user=user_of("delegate"), key="patrols")

    assert [s.key for s in outsider.sources.all()] == ["public-report"]
    assert sorted(s.key for s in delegate.sources.all()) == ["internal-note", "public-report"]


def test_assessment_timeline_is_oldest_first_and_hides_what_it_must(tracker, user_of):
    f.assessment(tracker.cantonment, D(2016, 6, 1), 2, confidentiality="restricted")
    f.assessment(tracker.cantonment, D(2016, 6, 1), 2, confidentiality="internal")

    def timeline(persona):
        rows = selectors.assessment_timeline(user=user_of(persona), commitment=tracker.cantonment)
        return [(a.as_of, a.confidentiality) for a in rows]

    assert timeline("analyst") == [
        (D(2016, 1, 1), "public"),
        (D(2016, 6, 1), "restricted"),
        (D(2016, 6, 1), "internal"),
        (D(2017, 1, 1), "public"),
    ]
    assert timeline("delegate") == [
        (D(2016, 1, 1), "public"),
        (D(2016, 6, 1), "internal"),
        (D(2017, 1, 1), "public"),
    ]
    assert len(timeline("outsider")) == 2


def test_no_timeline_for_a_commitment_one_may_not_see(tracker, user_of):
    assert (
        list(selectors.assessment_timeline(user=user_of("delegate"), commitment=tracker.secret))
        == []
    )


def test_latest_assessments_in_one_query(tracker, user_of, django_assert_num_queries):
    f.assessment(tracker.cantonment, D(2017, 1, 1), 2)  # same day, entered later: it wins
    f.assessment(tracker.patrols, D(2017, 2, 1), 3, confidentiality="restricted")
    ids = [tracker.patrols.pk, tracker.cantonment.pk, tracker.elections.pk, tracker.secret.pk]

    with django_assert_num_queries(1):
        latest = selectors.latest_assessments(commitment_ids=ids, user=user_of("delegate"))

    assert {pk: a.score for pk, a in latest.items()} == {
        tracker.patrols.pk: 1,
        tracker.cantonment.pk: 2,
    }
    as_of = selectors.latest_assessments(
        commitment_ids=ids, user=user_of("analyst"), as_of=D(2016, 12, 31)
    )
    assert {pk: a.score for pk, a in as_of.items()} == {
        tracker.patrols.pk: 1,
        tracker.cantonment.pk: 1,
        tracker.secret.pk: 2,
    }
    assert selectors.latest_assessments(commitment_ids=[], user=None) == {}


def test_recent_assessments_newest_entry_first(tracker, user_of):
    newest = f.assessment(tracker.elections, D(2015, 1, 1), 0)  # entered last, dated early

    rows = selectors.recent_assessments(user=None, limit=2)
    analyst_rows = selectors.recent_assessments(user=user_of("analyst"), limit=20)

    assert [a.pk for a in rows][0] == newest.pk
    assert len(rows) == 2
    assert all(
        a.commitment.key != "secret" for a in selectors.recent_assessments(user=None, limit=20)
    )
    assert any(a.commitment.key == "secret" for a in analyst_rows)


# --- documents and clauses -------------------------------------------------------------


def test_document_detail(tracker, user_of):
    cs.publication_set(actor=services.SYSTEM, record=tracker.communique, confidentiality="internal")

    assert selectors.document_detail(user=None, key="agreement").key == "agreement"
    assert selectors.document_detail(user=user_of("delegate"), key="communique").key == "communique"
    with pytest.raises(Document.DoesNotExist):
        selectors.document_detail(user=None, key="communique")
    with pytest.raises(Http404):
        selectors.document_detail(user=None, key="communique")


def test_clause_tree_nests_clauses_with_their_commitments(tracker, user_of):
    agreement = tracker.agreement
    title, _ = cs.clause_upsert(
        actor=services.SYSTEM, document=agreement, ref="Title III", level="title", position=1
    )
    art_2, _ = cs.clause_upsert(
        actor=services.SYSTEM,
        document=agreement,
        ref="Art. 2",
        level="article",
        parent=title,
        position=3,
    )
    art_1, _ = cs.clause_upsert(
        actor=services.SYSTEM,
        document=agreement,
        ref="Art. 1",
        level="article",
        parent=title,
        position=2,
    )
    annex, _ = cs.clause_upsert(
        actor=services.SYSTEM, document=agreement, ref="Annex 1", level="annex", position=9
    )
    for commitment, clauses in [
        (tracker.patrols, [art_1]),
        (tracker.secret, [art_1]),
        (tracker.cantonment, [art_1, art_2]),
    ]:
        cs.commitment_upsert(
            actor=services.SYSTEM,
            key=commitment.key,
            document=agreement,
            title=commitment.title,
            clauses=clauses,
            responsible=commitment.responsible.all(),
        )

    tree = selectors.clause_tree(document=agreement, user=None, as_of=TODAY)

    assert [node.clause.ref for node in tree] == ["Title III", "Annex 1"]
    assert [node.clause.ref for node in tree[0].children] == ["Art. 1", "Art. 2"]
    first_article = tree[0].children[0]
    assert keys(first_article.commitments) == ["patrols", "cantonment"]
    assert first_article.commitments[1].latest_status == "full"
    assert keys(tree[0].children[1].commitments) == ["cantonment"]
    assert tree[1].children == [] and tree[1].commitments == []
    analyst_tree = selectors.clause_tree(document=agreement, user=user_of("analyst"))
    assert keys(analyst_tree[0].children[0].commitments) == ["patrols", "cantonment", "secret"]


def test_clause_tree_costs_two_queries(tracker, django_assert_num_queries):
    parent = None
    for n in range(6):
        parent, _ = cs.clause_upsert(
            actor=services.SYSTEM,
            document=tracker.agreement,
            ref=f"Art. {n}",
            level="article",
            parent=parent,
        )

    with django_assert_num_queries(2):
        tree = selectors.clause_tree(document=tracker.agreement, user=None)

    depth, node = 1, tree[0]
    while node.children:
        depth, node = depth + 1, node.children[0]
    assert depth == 6


# --- meetings ------------------------------------------------------------------------


def test_meeting_list_by_body_and_visibility(tracker, user_of):
    committee = f.actor(key="csa", kind="body", name_en="Monitoring committee")
    cs.meeting_upsert(
        actor=services.SYSTEM,
        key="csa-20",
        body=committee,
        body_kind="monitoring_committee",
        title="Session 20",
        session_number=20,
        starts_on=D(2017, 8, 1),
        confidentiality="internal",
        publication_state="published",
    )

    assert keys(selectors.meeting_list(user=None)) == ["cg-2017"]
    assert keys(selectors.meeting_list(user=user_of("delegate"))) == ["cg-2017", "csa-20"]
    assert keys(
        selectors.meeting_list(user=user_of("delegate"), body_kind="monitoring_committee")
    ) == ["csa-20"]


def test_meeting_detail_and_what_it_discussed(tracker, user_of):
    public = selectors.meeting_detail(user=None, key="cg-2017")
    analyst = selectors.meeting_detail(user=user_of("analyst"), key="cg-2017")

    assert public.communique.key == "communique"
    assert public.body.name_en == "Contact Group"
    assert keys(public.discussed.all()) == ["patrols"]
    assert sorted(keys(analyst.discussed.all())) == ["patrols", "secret"]
    with pytest.raises(Meeting.DoesNotExist):
        selectors.meeting_detail(user=None, key="no-such-meeting")


def test_decisions_of_a_meeting_in_order(tracker):
    decisions = selectors.decisions_of(user=None, meeting=tracker.meeting, as_of=TODAY)

    assert keys(decisions) == ["decision-1", "decision-2"]
    assert [d.latest_status for d in decisions] == ["full", "not_assessed"]


def test_a_hidden_communique_hides_the_decisions_too(tracker, user_of):
    cs.publication_set(actor=services.SYSTEM, record=tracker.communique, publication_state="draft")

    meeting = selectors.meeting_detail(user=None, key="cg-2017")

    assert meeting.communique is None
    assert keys(selectors.decisions_of(user=None, meeting=meeting)) == []
    delegate_meeting = selectors.meeting_detail(user=user_of("delegate"), key="cg-2017")
    assert delegate_meeting.communique.key == "communique"
    assert (
        len(keys(selectors.decisions_of(user=user_of("delegate"), meeting=delegate_meeting))) == 2
    )


def test_a_meeting_without_communique_has_no_decisions(tracker):
    meeting, _ = cs.meeting_upsert(
        actor=services.SYSTEM,
        key="informal",
        body=tracker.body,
        body_kind="contact_group",
        title="Informal",
        confidentiality="public",
        publication_state="published",
    )

    assert keys(selectors.decisions_of(user=None, meeting=meeting)) == []


# --- the dashboard ---------------------------------------------------------------------


def test_dashboard_summary(tracker, user_of):
    public = selectors.dashboard_summary(user=None, as_of=TODAY)
    analyst = selectors.dashboard_summary(user=user_of("analyst"), as_of=TODAY)

    assert public.status_counts == {
        "not_initiated": 0,
        "minimal": 1,
        "intermediate": 0,
        "full": 2,
        "not_assessed": 2,
        "not_applicable": 1,
    }
    assert public.commitments == 6
    assert public.overdue == 1
    assert [row.group_key for row in public.by_pillar] == ["security", ""]
    # security: patrols 1 + cantonment 3 of 6; the whole: + elections, decisions 0 and 3.
    assert public.by_pillar[0].percent == pytest.approx(100 * 4 / 6)
    assert public.overall.percent == pytest.approx(100 * 7 / 15)
    assert analyst.status_counts["intermediate"] == 1
    assert analyst.status_counts["not_assessed"] == 3  # the draft too
    assert analyst.commitments == 8

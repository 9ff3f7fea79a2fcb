"""The embedded Mali 2017 demo: complete, sourced, idempotent, and the commands that set
it up and serve it."""

from __future__ import annotations

import datetime as dt
import json
import re
import stat
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.test import Client

from accordwatch.assistance import models as assistance
from accordwatch.commitments.models import Assessment, Clause, Commitment, Document, Meeting
from accordwatch.commitments.selectors import visible_assessments
from accordwatch.core.models import Actor, AuditEvent, Membership, Place, Source, User
from accordwatch.demo import actors, assessments, commitments, documents, meetings
from accordwatch.demo import sources as demo_sources
from accordwatch.demo.documents import AGREEMENT, COMMUNIQUE
from accordwatch.demo.load import load
from accordwatch.situation import models as situation

pytestmark = pytest.mark.django_db

FACTS = Path(__file__).resolve().parents[1].parent / "shared" / "facts"
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv"]
CITING = [Actor, Membership, Place, Document, Commitment, Assessment, Meeting]
CITING += [situation.Indicator, situation.InterimAdministration, situation.HeritageSite]
CITING += [situation.HeritageComponent]
CITING += [assistance.Flow, assistance.Conference, assistance.Fund]
OUR_NOTES = "accordwatch-mali-2017-notes"


@pytest.fixture
def demo(db):
    return load()


def _counts() -> dict[str, int]:
    models = [Source, Place, Actor, Membership, Document, Clause, Commitment, Assessment, Meeting]
    counts = {model.__name__: model.objects.count() for model in models}
    counts["audit"] = AuditEvent.objects.count()
    return counts


def test_loading_twice_changes_nothing_and_writes_no_audit_event(demo):
    before = _counts()
    again = load()
    assert _counts() == before
    assert {kind: written for kind, (_, written) in again.items()} == dict.fromkeys(again, 0)
    assert before["audit"] == sum(written for _, written in demo.values())


def test_every_demo_record_cites_a_source(demo):
    for model in CITING:
        uncited = model.objects.filter(sources__isnull=True)
        assert not uncited.exists(), f"{model.__name__} without a source: {list(uncited)[:3]}"


def test_every_source_is_cited_by_some_record(demo):
    cited: set[int] = set()
    for model in CITING:
        cited |= set(model.sources.through.objects.values_list("source_id", flat=True))
    unused = Source.objects.exclude(pk__in=cited).values_list("key", flat=True)
    assert list(unused) == []


def test_sources_carry_a_publisher_and_urls_only_where_known(demo):
    for source in Source.objects.all():
        assert source.title and source.publisher and source.kind
        if source.url:
            # Only the URLs the fact sheet gives, or official UN document links.
            assert source.url.startswith(
                ("https://undocs.org/", "http://oicun.org/", "https://acleddata.com")
            )


def test_every_assessment_is_sourced_or_labelled_illustrative(demo):
    for item in Assessment.objects.all():
        if item.illustrative:
            assert item.rationale.startswith("Illustrative"), item.rationale
        elif item.score is not None:
            # A sourced score rests on an outside source, not on our own notes.
            keys = set(item.sources.values_list("key", flat=True))
            assert keys - {OUR_NOTES}, f"{item} has no outside source"
    positions = Assessment.objects.filter(commitment__kind="position")
    assert positions.exists()
    assert not positions.filter(score__isnull=False).exists()
    assert Assessment.objects.filter(illustrative=False, score__isnull=False).count() >= 20


def test_the_communique_has_exactly_fourteen_decisions_i_to_xiv(demo):
    communique = Document.objects.get(key=COMMUNIQUE)
    assert communique.kind == "communique"
    decisions = list(communique.commitments.order_by("position"))
    assert [d.key for d in decisions] == [f"oic-cg-mali-2017-09-20-{n}" for n in ROMAN]
    assert [[c.ref for c in d.clauses.all()] for d in decisions] == [[f"para. {n}"] for n in ROMAN]
    positions = {d.key.rsplit("-", 1)[1] for d in decisions if d.kind == "position"}
    assert positions == {"i", "ii", "vii"}


def test_decisions_point_at_the_agreement_commitments_they_follow_up(demo):
    def related(number: str) -> set[str]:
        decision = Commitment.objects.get(key=f"oic-cg-mali-2017-09-20-{number}")
        return set(decision.related.values_list("key", flat=True))

    assert "apr-csa" in related("iii")
    assert {"apr-interim-authorities", "apr-moc-patrols"} <= related("iv")
    assert "apr-redeployment" in related("v")
    assert "ceasefire-2014-cessation-of-hostilities" in related("vi")


def test_the_agreement_has_at_least_25_commitments_across_the_four_pillars(demo):
    agreement = Document.objects.get(key=AGREEMENT)
    assert agreement.reference == "S/2015/364; PA-X 1365"
    assert agreement.adopted_on == dt.date(2015, 5, 15)
    assert agreement.commitments.count() >= 25
    pillars = set(agreement.commitments.values_list("pillar__key", flat=True))
    assert {
        "political-institutional",
        "defence-security",
        "development",
        "reconciliation-justice-humanitarian",
    } <= pillars


def test_deadlines_from_signature_count_from_20_june_2015(demo):
    def deadline(key: str) -> dt.date | None:
        return Commitment.objects.get(key=f"apr-{key}").deadline

    assert deadline("combatant-lists") == dt.date(2015, 7, 20)  # 30 days
    assert deadline("moc-patrols") == dt.date(2015, 8, 19)  # 60 days
    assert deadline("integration-commission") == dt.date(2015, 8, 19)
    assert deadline("interim-authorities") == dt.date(2015, 9, 20)  # three months


def test_the_meeting_of_20_september_2017_has_that_communique(demo):
    meeting = Meeting.objects.get(key="oic-cg-mali-2017-09-20")
    assert meeting.communique.key == COMMUNIQUE
    assert meeting.starts_on == dt.date(2017, 9, 20)
    assert meeting.place.name == "New York"
    assert meeting.body.key == "oic-contact-group-mali"
    sessions = Meeting.objects.filter(body__key="csa", session_number__isnull=False)
    assert set(sessions.values_list("session_number", flat=True)) == {12, 18, 19, 22, 23}


def test_coalition_memberships_are_dated(demo):
    cma = Membership.objects.filter(coalition__key="cma")
    assert set(cma.values_list("member__key", flat=True)) == {"mnla", "hcua", "maa-cma"}
    assert set(cma.values_list("valid_from", flat=True)) == {dt.date(2014, 10, 28)}

    def platform_on(day: dt.date) -> set[str]:
        rows = Membership.objects.filter(coalition__key="platform", valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )
        return set(rows.values_list("member__key", flat=True))

    assert platform_on(dt.date(2017, 9, 20)) == {"gatia", "cmfpr", "maa-platform", "mpsa", "fpa"}
    assert "msa" in platform_on(dt.date(2019, 12, 31))


def test_places_include_the_2016_regions_and_the_july_2017_localities(demo):
    names = set(Place.objects.values_list("name", flat=True))
    assert {"Ménaka", "Taoudéni", "Kidal", "Anefis", "Gao", "Tombouctou", "Timbuktu"} <= names
    assert "Menaka" in Place.objects.get(key="mli-menaka").alternate_names
    # Only well-known towns carry coordinates; unsure ones are left blank.
    assert Place.objects.get(key="mli-anefis").latitude is None
    assert float(Place.objects.get(key="mli-gao-town").latitude) == pytest.approx(16.27)


def test_the_audit_log_verifies_after_loading(demo, capsys):
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out


def test_personas_see_different_assessments(demo, user_of):
    public = visible_assessments(user=None)
    member = visible_assessments(user=user_of("delegate"))
    editor = visible_assessments(user=user_of("analyst"))
    assert public.count() < member.count() < editor.count() == Assessment.objects.count()
    assert not public.exclude(confidentiality="public").exists()
    assert member.filter(confidentiality="internal").exists()
    assert not member.filter(confidentiality="restricted").exists()
    for item in Assessment.objects.exclude(confidentiality="public"):
        assert "DEMO EXAMPLE" in item.rationale


def test_each_pillar_has_scores_on_several_dates_so_the_chart_moves(demo):
    for pillar in documents.PILLARS[1:]:
        months = {
            (day.year, day.month)
            for day in Assessment.objects.filter(
                commitment__pillar__key=pillar["key"], score__isnull=False
            ).values_list("as_of", flat=True)
        }
        assert len(months) >= 4, pillar["key"]
    assert 60 <= Assessment.objects.count() <= 120


# --- Our own words -----------------------------------------------------------------------

PROPER_NAMES = [
    "agreement for peace and reconciliation in mali resulting from the algiers process",
    "plateforme des mouvements du 14 juin 2014 d alger",
    "charter for peace unity and national reconciliation",
]


def _words(text: str) -> list[str]:
    text = text.lower().replace("’", "'")
    text = re.sub(r"[^\w]+", " ", text)
    text = re.sub(r"\b\d+\b", " ", text)  # figures carry over; sentences do not
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    return text.split()


def _runs(text: str, n: int) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _demo_texts() -> list[str]:
    texts = [s["title"] + ". " + s["note"] for s in demo_sources.SOURCES]
    texts += [a["description"] for a in actors.ACTORS]
    texts += [d["summary"] for d in documents.DOCUMENTS]
    texts += [c.get("summary", "") for rows in documents.CLAUSES.values() for c in rows]
    texts += [c["title"] + ". " + c["summary"] for c in commitments.COMMITMENTS]
    texts += [a["rationale"] for a in assessments.ASSESSMENTS]
    texts += [m["summary"] for m in meetings.MEETINGS]
    return texts


@pytest.mark.parametrize("name", ["000_a7ed7ae033aefd8a.txt", "mali-2017.md"])
def test_no_demo_text_repeats_eight_words_of_the_communique_or_the_fact_sheet(name):
    path = FACTS / name
    if not path.exists():
        pytest.fail(f"fact file missing: {path}")
    original = _runs(path.read_text(encoding="utf-8"), 8)
    copied = [(text[:60], run) for text in _demo_texts() for run in _runs(text, 8) & original]
    assert copied == []


# --- The commands -------------------------------------------------------------------------


@pytest.fixture
def demo_var(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "static"
    return tmp_path


def test_demo_command_sets_up_logins_once_and_a_second_run_changes_nothing(demo_var, capsys):
    call_command("demo", "--port", "8123")
    first = capsys.readouterr().out
    logins_file = demo_var / "demo-logins.json"
    logins = json.loads(logins_file.read_text())
    assert stat.S_IMODE(logins_file.stat().st_mode) == 0o600
    assert {name: entry["role"] for name, entry in logins.items()} == {
        "admin": "admin",
        "analyst": "editor",
        "delegate": "member",
    }
    assert "http://127.0.0.1:8123/" in first
    for name, entry in logins.items():
        assert entry["password"] in first
        assert User.objects.get(username=name).role == entry["role"]
        assert Client().login(username=name, password=entry["password"])
    assert (demo_var / "static").is_dir()

    before = _counts()
    call_command("demo", "--port", "8123")
    second = capsys.readouterr().out
    assert _counts() == before
    assert json.loads(logins_file.read_text()) == logins
    assert "nothing changed" in second
    assert all(entry["password"] in second for entry in logins.values())


def test_demo_command_never_resets_a_login_it_did_not_create(demo_var, admin, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "not managed by the demo" in out
    assert "admin" not in json.loads((demo_var / "demo-logins.json").read_text())


def test_serve_runs_gunicorn_on_loopback_and_port_from_the_environment(monkeypatch):
    calls = []
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.setattr("os.execv", lambda path, argv: calls.append(argv))
    call_command("serve", "--workers", "3")
    (argv,) = calls
    assert "accordwatch.wsgi:application" in argv
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8123"
    assert argv[argv.index("--workers") + 1] == "3"


def test_no_pillar_is_more_than_half_complete_at_the_end_of_2018(demo):
    """Consistent with the Independent Observer's 2018 annual report."""
    end_2018 = dt.date(2018, 12, 31)
    for pillar in documents.PILLARS[1:]:
        scored = full = 0
        for item in Commitment.objects.filter(document__key=AGREEMENT, pillar__key=pillar["key"]):
            latest = (
                item.assessments.filter(as_of__lte=end_2018, score__isnull=False)
                .order_by("-as_of", "-id")
                .first()
            )
            if latest is not None:
                scored += 1
                full += latest.score == 3
        assert scored and full * 2 <= scored, pillar["key"]

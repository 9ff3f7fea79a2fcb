"""CSV downloads: streamed, only what the reader may see, and re-importable unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from accordwatch.commitments import services as cs
from accordwatch.commitments.exports import ASSESSMENT_HEADER, COMMITMENT_HEADER
from accordwatch.commitments.importers.commitments_csv import COLUMNS, COMPUTED
from accordwatch.commitments.imports import commitments_import_file
from accordwatch.commitments.models import Commitment
from accordwatch.core.models import AuditEvent
from accordwatch.core.services import SYSTEM
from tests import factories

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "analyst", "delegate", "outsider"]
SEES = {
    "admin": {"public", "internal", "restricted", "draft"},
    "analyst": {"public", "internal", "restricted", "draft"},
    "delegate": {"public", "internal", "draft"},
    "outsider": {"public"},
}
VISIBILITY = {
    "public": {"confidentiality": "public", "publication_state": "published"},
    "internal": {"confidentiality": "internal", "publication_state": "published"},
    "restricted": {"confidentiality": "restricted", "publication_state": "published"},
    "draft": {"confidentiality": "public", "publication_state": "draft"},
}


def download(client, url: str) -> tuple[list[str], list[dict[str, str]], bytes]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    raw = b"".join(response.streaming_content)
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    header = next(reader)
    return header, [dict(zip(header, row, strict=True)) for row in reader], raw


@pytest.fixture
def one_of_each():
    """A public document holding one commitment per visibility, each assessed, and a
    meeting per visibility whose communiqué is the restricted document."""
    doc = factories.document(key="accord")
    hidden_doc = factories.document(key="restricted-doc", **VISIBILITY["restricted"])
    hidden_source = factories.source(key="secret-source", **VISIBILITY["restricted"])
    body = factories.actor(key="contact-group", kind="body")
    for label, visibility in VISIBILITY.items():
        item = factories.commitment(key=f"c-{label}", document=doc, **visibility)
        factories.assessment(
            item,
            dt.date(2017, 5, 1),
            1,
            rationale=f"r-{label}",
            sources=[hidden_source],
            **visibility,
        )
        cs.meeting_upsert(
            actor=SYSTEM,
            key=f"m-{label}",
            body=body,
            body_kind="contact_group",
            title=f"Meeting {label}",
            communique=hidden_doc,
            **visibility,
        )
    factories.commitment(key="c-in-restricted-doc", document=hidden_doc)
    # A public commitment linked to every other: the links must not leak either.
    public = Commitment.objects.get(key="c-public")
    cs.commitment_upsert(
        actor=SYSTEM,
        key="c-public",
        document=doc,
        title=public.title,
        related=Commitment.objects.exclude(key="c-public"),
        sources=[hidden_source],
        **VISIBILITY["public"],
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_commitments_export_holds_only_what_the_reader_may_see(
    as_persona, one_of_each, persona
):
    header, rows, raw = download(as_persona(persona), "/commitments.csv")
    assert header == list(COMMITMENT_HEADER)
    keys = {row["key"] for row in rows}
    expected = {f"c-{label}" for label in SEES[persona]}
    if "restricted" in SEES[persona]:
        expected.add("c-in-restricted-doc")
    assert keys == expected
    related = next(row for row in rows if row["key"] == "c-public")["related"]
    assert set(filter(None, related.split("; "))) == expected - {"c-public"}
    if "restricted" not in SEES[persona]:
        assert b"restricted" not in raw and b"secret-source" not in raw


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_assessments_export_holds_only_what_the_reader_may_see(
    as_persona, one_of_each, persona
):
    header, rows, raw = download(as_persona(persona), "/assessments.csv")
    assert header == list(ASSESSMENT_HEADER)
    assert {row["rationale"] for row in rows} == {f"r-{label}" for label in SEES[persona]}
    if "restricted" not in SEES[persona]:
        assert b"secret-source" not in raw
    else:
        assert {row["sources"] for row in rows} == {"secret-source"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_documents_export_holds_only_what_the_reader_may_see(as_persona, one_of_each, persona):
    _, rows, _ = download(as_persona(persona), "/documents.csv")
    keys = {row["key"] for row in rows}
    assert ("restricted-doc" in keys) == ("restricted" in SEES[persona])
    assert "accord" in keys


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_meetings_export_holds_only_what_the_reader_may_see(as_persona, one_of_each, persona):
    _, rows, raw = download(as_persona(persona), "/meetings.csv")
    assert {row["key"] for row in rows} == {f"m-{label}" for label in SEES[persona]}
    communiques = {row["communique"] for row in rows}
    assert communiques == ({"restricted-doc"} if "restricted" in SEES[persona] else {""})


def test_the_commitments_export_takes_the_list_filters(as_persona, one_of_each):
    other = factories.document(key="other-doc")
    factories.commitment(key="elsewhere", document=other, kind="position")
    client = as_persona("analyst")
    _, rows, _ = download(client, "/commitments.csv?document=other-doc")
    assert [row["key"] for row in rows] == ["elsewhere"]
    _, rows, _ = download(client, "/commitments.csv?kind=position")
    assert [row["key"] for row in rows] == ["elsewhere"]
    _, rows, _ = download(client, "/commitments.csv?status=minimal")
    assert {row["key"] for row in rows} == {f"c-{label}" for label in VISIBILITY}
    _, rows, _ = download(client, "/commitments.csv?status=minimal&as_of=2017-04-30")
    assert rows == []


def test_the_assessments_export_takes_the_list_filters(as_persona, one_of_each):
    client = as_persona("analyst")
    _, rows, _ = download(client, "/assessments.csv?q=c-internal")
    assert [row["commitment"] for row in rows] == ["c-internal"]
    _, rows, _ = download(client, "/assessments.csv?as_of=2017-04-30")
    assert rows == []


def test_the_computed_columns_give_the_latest_standing(as_persona):
    item = factories.commitment(key="k")
    factories.assessment(item, dt.date(2017, 1, 1), 1)
    factories.assessment(item, dt.date(2017, 6, 1), 2)
    position = factories.commitment(key="p", kind="position", document=item.document)
    factories.assessment(position, dt.date(2017, 6, 1), None)
    factories.commitment(key="never", document=item.document)
    _, rows, _ = download(as_persona("analyst"), "/commitments.csv?as_of=2017-12-31")
    by_key = {row["key"]: row for row in rows}
    assert [by_key["k"][c] for c in COMPUTED] == ["2", "intermediate", "2017-06-01"]
    assert [by_key["p"][c] for c in COMPUTED] == ["", "not_applicable", "2017-06-01"]
    assert [by_key["never"][c] for c in COMPUTED] == ["", "not_assessed", ""]
    _, rows, _ = download(as_persona("analyst"), "/assessments.csv?q=p")
    assert [(row["score"], row["status"]) for row in rows] == [("", "not_applicable")]


def tricky_commitments():
    doc = factories.document(key="accord-2015")
    for position, ref in enumerate(["Art. 1", "Art. 2", "para. iv"]):
        cs.clause_upsert(actor=SYSTEM, document=doc, ref=ref, level="article", position=position)
    pillar = factories.pillar(key="security")
    actors = [factories.actor(key=key) for key in ("-minus-first", "cma", "platform")]
    source = factories.source(key="report-2017")
    first = factories.commitment(
        key="formula",
        document=doc,
        title='=HYPERLINK("http://evil.example", "click")',
        summary='- a list item\n+ another, with "quotes", commas; and semicolons\r\n@end',
        theme="'already quoted",
        pillar=pillar,
        responsible=actors,
        sources=[source],
        clauses=list(doc.clauses.all()),
        deadline=dt.date(2016, 2, 29),
        deadline_note="\tindented",
        weight=Decimal("1.5"),
        **VISIBILITY["restricted"],
    )
    factories.commitment(
        key="arabic",
        document=doc,
        title="تنفيذ الاتفاق — mise en œuvre",
        kind="position",
        related=[first],
        **VISIBILITY["draft"],
    )
    factories.commitment(key="plain", document=doc, title="  spaces kept  ", summary="")


def test_an_export_re_imports_unchanged(as_persona, analyst):
    tricky_commitments()
    _, rows, raw = download(as_persona("analyst"), "/commitments.csv")
    formula = next(row for row in rows if row["key"] == "formula")
    assert formula["title"].startswith("'=")  # a spreadsheet shows it as text
    assert formula["summary"].startswith("'- a list item")
    assert formula["deadline_note"] == "'\tindented"
    assert formula["responsible"] == "'-minus-first; cma; platform"
    before = (Commitment.objects.count(), AuditEvent.objects.count())
    summary = commitments_import_file(actor=analyst, stream=io.BytesIO(raw))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 3)
    assert (Commitment.objects.count(), AuditEvent.objects.count()) == before
    assert Commitment.objects.get(key="formula").title.startswith("=HYPERLINK")


def test_an_edited_export_updates_only_what_changed(as_persona, analyst):
    tricky_commitments()
    _, _, raw = download(as_persona("analyst"), "/commitments.csv")
    edited = raw.replace(b"  spaces kept  ", b"Spaces gone")
    summary = commitments_import_file(actor=analyst, stream=io.BytesIO(edited))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 2)
    event = AuditEvent.objects.latest("seq")
    assert (event.before["title"], event.after["title"]) == ("  spaces kept  ", "Spaces gone")


def test_the_export_header_is_the_import_layout_then_the_computed_columns():
    assert COMMITMENT_HEADER[: len(COLUMNS)] == COLUMNS
    assert COMMITMENT_HEADER[len(COLUMNS) :] == COMPUTED


def test_a_large_export_comes_in_blocks(as_persona):
    doc = factories.document()
    Commitment.objects.bulk_create(
        Commitment(key=f"bulk-{n}", document=doc, title=f"T{n}", **VISIBILITY["public"])
        for n in range(4500)
    )
    response = as_persona("outsider").get("/commitments.csv")
    blocks = [block for block in response.streaming_content if block]
    assert len(blocks) == 3  # 2,000 rows a block
    assert sum(block.count(b"\r\n") for block in blocks) == 4501

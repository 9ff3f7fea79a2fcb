"""Importing IATI and FTS files: flows written all or nothing, re-imports idempotent,
broken and hostile files refused with where the problem is, and nothing written."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accordwatch.assistance import imports, services
from accordwatch.assistance.models import Flow, Organisation
from accordwatch.core.importing import ImportRejected
from accordwatch.core.models import AuditEvent
from accordwatch.core.services import SYSTEM

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data" / "assistance"
IATI = DATA / "iati-mali-eutf.xml"
FTS = DATA / "fts-mali-flows.json"


def _iati(data: bytes, **options):
    return imports.iati_import_file(actor=SYSTEM, stream=io.BytesIO(data), **options)


def _fts(data: bytes, **options):
    return imports.fts_import_file(actor=SYSTEM, stream=io.BytesIO(data), **options)


def _activity(n: int, value: str = "1000", currency: str = "EUR", date: str = "2017-12-13"):
    return (
        f'<iati-activity default-currency="{currency}">\n'
        f"<iati-identifier>XI-TEST-{n}</iati-identifier>\n"
        '<reporting-org ref="XI-TEST"><narrative>Test donor</narrative></reporting-org>\n'
        "<title><narrative>Test project</narrative></title>\n"
        '<recipient-country code="ML"/>\n'
        '<transaction><transaction-type code="3"/>'
        f'<transaction-date iso-date="{date}"/><value>{value}</value>'
        '<receiver-org ref="XI-IMPL"><narrative>Agency</narrative></receiver-org>'
        "</transaction>\n</iati-activity>\n"
    )


def _file(*activities: str, version: str = "2.03") -> bytes:
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="{version}">\n'
    return (head + "".join(activities) + "</iati-activities>\n").encode()


def _nothing_written(events: int) -> None:
    assert Flow.objects.count() == 0
    assert Organisation.objects.count() == 0
    assert AuditEvent.objects.count() == events


def _refused(call, *args, **kwargs) -> str:
    with pytest.raises(ImportRejected) as refused:
        call(*args, **kwargs)
    return "\n".join(str(problem) for problem in refused.value.problems)


# --- IATI -------------------------------------------------------------------------------


def test_an_iati_file_becomes_flows_with_statuses_and_conversions():
    summary = _iati(IATI.read_bytes())
    assert (summary.created, summary.organisations_created) == (5, 4)
    commitment = Flow.objects.get(external_id="XI-IATI-EC_INTPA-T05-EUTF-SAH-ML-TEST-01#1")
    assert commitment.status == "commitment"
    assert commitment.amount_eur == Decimal("29000000.00")
    assert commitment.amount_usd == Decimal("32761300.00")  # 2017 ECB average
    assert commitment.country_iso3 == "MLI"
    assert commitment.sector == "15220"
    assert commitment.destination_org.is_implementer
    xof = Flow.objects.get(external_id="XM-DAC-41114-ML-TEST-02#2")
    assert (xof.status, xof.currency, xof.source_org.name) == ("paid", "XOF", "Donor (test)")
    assert xof.amount_eur == Decimal("609796.07")  # 400m XOF at 655.957 per EUR
    # Imported flows stay internal drafts until the secretariat publishes them.
    assert set(Flow.objects.values_list("confidentiality", flat=True)) == {"internal"}


def test_reimporting_the_same_iati_file_changes_nothing():
    _iati(IATI.read_bytes())
    events = AuditEvent.objects.count()
    summary = _iati(IATI.read_bytes())
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 5)
    assert AuditEvent.objects.count() == events


def test_a_changed_amount_updates_that_flow_and_keeps_the_secretariats_fields():
    _iati(_file(_activity(1, "1000"), _activity(2, "2000")))
    flow = Flow.objects.get(external_id="XI-TEST-1#1")
    services.flow_update(actor=SYSTEM, flow=flow, confidentiality="public")
    summary = _iati(_file(_activity(1, "1500"), _activity(2, "2000")))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    flow.refresh_from_db()
    assert (flow.amount, flow.confidentiality) == (Decimal("1500.00"), "public")
    assert AuditEvent.objects.filter(action="flow.update", object_id=str(flow.pk)).count() == 2


def test_publish_makes_new_flows_public():
    _iati(_file(_activity(1)), publish=True)
    assert Flow.objects.get().is_public


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (_file(_activity(1))[: -len("</iati-activities>\n")], "truncated"),
        (_file(_activity(1)).replace(b"Test project", "Projet à Mopti".encode("latin-1")), "UTF-8"),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
            b'<iati-activities version="2.03">&b;</iati-activities>\n',
            "DTD",
        ),
        (_file(_activity(1), version="1.05"), "version '1.05'"),
        (
            _file(_activity(1)).replace(
                b"<iati-activities ", b'<iati-activities xmlns="http://example.org/iati" '
            ),
            "namespace",
        ),
        (_file(_activity(1, currency="ABC")), "3: default-currency: not an ISO 4217 currency"),
        (_file(_activity(1, value="-40")), "negative amount"),
        (_file(_activity(1, value="lots")), "not a number"),
        (_file(_activity(1, currency="NOK")), "no NOK exchange rate on or before 2017-12-13"),
        (_file(_activity(1, date="2009-06-30")), "no EUR exchange rate on or before 2009-06-30"),
    ],
    ids=[
        "truncated",
        "latin-1",
        "xml-bomb",
        "iati-1.05",
        "other-namespace",
        "unknown-currency",
        "negative",
        "not-a-number",
        "no-rate-for-currency",
        "no-rate-for-date",
    ],
)
def test_a_broken_iati_file_writes_nothing(data, words):
    events = AuditEvent.objects.count()
    assert words in _refused(_iati, data)
    _nothing_written(events)


def test_a_problem_after_whole_batches_were_written_still_writes_nothing(monkeypatch):
    monkeypatch.setattr(imports, "BATCH", 2)
    good = [_activity(n) for n in range(1, 6)]
    events = AuditEvent.objects.count()
    message = _refused(_iati, _file(*good, _activity(6, currency="NOK")))
    # The problem names the bad transaction's line: 2 lines of head, 7 per activity.
    assert message.startswith("43: value/@currency: no NOK exchange rate")
    _nothing_written(events)


def test_an_iati_problem_names_its_line():
    bad = _file(_activity(1), _activity(2, value="-3"))
    assert "15: value: negative amount" in _refused(_iati, bad)


# --- FTS --------------------------------------------------------------------------------


def test_an_fts_answer_becomes_flows_in_usd_and_eur():
    summary = _fts(FTS.read_bytes())
    assert summary.created == 3
    paid = Flow.objects.get(dataset="fts", external_id="900001")
    assert (paid.status, paid.currency, paid.amount) == ("paid", "EUR", Decimal("2125000.00"))
    assert (paid.amount_usd, paid.amount_eur) == (Decimal("2500000.00"), Decimal("2125000.00"))
    assert (paid.sector, paid.purpose, paid.country_iso3) == ("Shelter", "Mali 2018 (test)", "MLI")
    events = AuditEvent.objects.count()
    assert _fts(FTS.read_bytes()).unchanged == 3
    assert AuditEvent.objects.count() == events


def _fts_file(**changes) -> bytes:
    flow = {
        "id": "1",
        "status": "pledge",
        "date": "2018-02-23T00:00:00Z",
        "amountUSD": 1000,
        "sourceObjects": [{"type": "Organization", "id": "77", "name": "Donor"}],
        **changes,
    }
    import json

    return json.dumps({"data": {"flows": [flow]}}, ensure_ascii=False).encode()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (_fts_file()[:-10], "truncated"),
        (_fts_file(description="Aide à Mopti").replace("à".encode(), b"\xe0"), "not UTF-8"),
        (_fts_file(amountUSD=-5), "data.flows[0].amountUSD: negative amount"),
        (_fts_file(amountUSD="12k"), "data.flows[0].amountUSD: should be a number"),
        (
            _fts_file(originalAmount=5, originalCurrency="XYZ"),
            "data.flows[0].originalCurrency: not an ISO 4217",
        ),
        (_fts_file(date="2008-01-01"), "data.flows[0].date: no EUR exchange rate"),
        (_fts_file(sourceObjects=[]), "data.flows[0].sourceObjects: no source organisation"),
    ],
    ids=[
        "truncated",
        "latin-1",
        "negative",
        "not-a-number",
        "unknown-currency",
        "no-rate",
        "no-donor",
    ],
)
def test_a_broken_fts_file_writes_nothing(data, words):
    events = AuditEvent.objects.count()
    assert words in _refused(_fts, data)
    _nothing_written(events)


# --- the command ------------------------------------------------------------------------


def test_the_command_imports_and_reports(tmp_path):
    out = io.StringIO()
    call_command("import", "iati", str(IATI), "--no-progress", "--publish", stdout=out)
    assert "iati: 5 flows created" in out.getvalue()
    assert Flow.objects.filter(confidentiality="public").count() == 5


def test_the_command_refuses_a_bad_file_with_lines_and_writes_nothing(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_bytes(_file(_activity(1), _activity(2, currency="NOK")))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import", "iati", str(path), "--no-progress", stderr=err)
    assert f"{path}:15: value/@currency: no NOK exchange rate" in err.getvalue()
    assert Flow.objects.count() == 0


def test_members_cannot_import(delegate):
    with pytest.raises(Exception, match="editors"):
        imports.iati_import_file(actor=delegate, stream=io.BytesIO(IATI.read_bytes()))
    assert Flow.objects.count() == 0


# --- the upload page --------------------------------------------------------------------


def test_an_editor_uploads_an_iati_file_and_a_member_may_not(as_persona):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload(persona: str, data: bytes):
        file = SimpleUploadedFile("activities.xml", data, content_type="application/xml")
        return as_persona(persona).post("/import/iati/", {"file": file})

    assert upload("delegate", IATI.read_bytes()).status_code == 403
    refused = upload("analyst", _file(_activity(1, currency="NOK")))
    assert refused.status_code == 422
    assert "no NOK exchange rate" in refused.content.decode()
    assert Flow.objects.count() == 0
    assert upload("analyst", IATI.read_bytes()).status_code == 200
    assert Flow.objects.count() == 5

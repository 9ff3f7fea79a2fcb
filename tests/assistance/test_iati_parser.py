"""The IATI activity reader: pure, no database.

The good file (tests/data/assistance/iati-mali-eutf.xml) is made up for these tests; every
broken or hostile file is written here.
"""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest

from accordwatch.assistance.importers.generate import iati_file
from accordwatch.assistance.importers.iati import parse_iati
from accordwatch.assistance.importers.records import (
    DISBURSEMENT,
    EXPENDITURE,
    FUNDING,
    IMPLEMENTING,
    INCOMING_COMMITMENT,
    INCOMING_FUNDS,
    OUTGOING_COMMITMENT,
)
from accordwatch.core.importing import Problems

DATA = Path(__file__).resolve().parents[1] / "data" / "assistance"


def _read(data: bytes):
    problems = Problems()
    reader = parse_iati(io.BytesIO(data), problems=problems)
    return list(reader), problems, reader


def _messages(problems: Problems) -> str:
    return "\n".join(str(problem) for problem in problems.items)


def _file(*transactions: str, currency: str = ' default-currency="EUR"') -> bytes:
    """A one-activity file; the activity starts on line 3, its first transaction on 6."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.02">\n'
        f"<iati-activity{currency}>\n<iati-identifier>XI-TEST-1</iati-identifier>\n"
        '<reporting-org ref="XI-TEST"><narrative>Test</narrative></reporting-org>\n'
        + "\n".join(transactions)
        + "\n</iati-activity>\n</iati-activities>\n"
    ).encode()


def _value(text: str, attributes: str = "") -> str:
    return (
        f'<transaction><transaction-type code="3"/><transaction-date iso-date="2017-12-13"/>'
        f"<value{attributes}>{text}</value></transaction>"
    )


# --- the good file ------------------------------------------------------------------------


def test_the_trust_fund_activity_is_read_with_its_organisations_and_title():
    with open(DATA / "iati-mali-eutf.xml", "rb") as stream:
        problems = Problems()
        reader = parse_iati(stream, problems=problems)
        activities = list(reader)
    assert not problems, _messages(problems)
    assert reader.version == "2.03"
    assert [a.identifier for a in activities] == [
        "XI-IATI-EC_INTPA-T05-EUTF-SAH-ML-TEST-01",
        "XM-DAC-41114-ML-TEST-02",
    ]
    eutf = activities[0]
    assert eutf.reporting_org.ref == "XI-IATI-EC_INTPA"
    assert eutf.default_currency == "EUR"
    assert eutf.recipient_countries == ("ML",)
    assert [(s.code, s.percentage) for s in eutf.sectors] == [
        ("15220", Decimal(60)),
        ("15110", Decimal(40)),
    ]
    # A narrative without xml:lang takes the activity's language.
    assert [(n.lang, n.text.split()[0]) for n in eutf.title] == [
        ("fr", "Renforcement"),
        ("en", "Strengthening"),
    ]
    assert [o.name for o in eutf.orgs(FUNDING)] == ["EU Emergency Trust Fund for Africa"]
    assert [o.ref for o in eutf.orgs(IMPLEMENTING)] == ["XM-DAC-41127"]


def test_commitment_and_disbursement_are_read_and_other_types_skipped():
    with open(DATA / "iati-mali-eutf.xml", "rb") as stream:
        problems = Problems()
        reader = parse_iati(stream, problems=problems)
        eutf, other = list(reader)
    commitment, disbursement = eutf.transactions
    assert commitment.type == OUTGOING_COMMITMENT
    assert commitment.date == dt.date(2017, 12, 13)
    assert (commitment.value, commitment.currency) == (Decimal("29000000.00"), "EUR")
    assert commitment.receiver.activity_id == "XM-DAC-41127-ML-TEST"
    assert commitment.description[0].text.startswith("Commitment signed")
    assert commitment.line == 23
    # No currency on the value: the activity's default applies.
    assert disbursement.type == DISBURSEMENT
    assert (disbursement.value, disbursement.currency) == (Decimal(8700000), "EUR")
    assert disbursement.sector.code == "15220"
    assert eutf.skipped_transactions == 1 and reader.skipped_transactions == 1
    types = [t.type for t in other.transactions]
    assert types == [INCOMING_COMMITMENT, INCOMING_FUNDS, EXPENDITURE]
    assert [t.currency for t in other.transactions] == ["USD", "XOF", "USD"]
    # A date with a time zone is read as its day.
    assert other.transactions[2].date == dt.date(2018, 1, 20)


def test_a_value_without_value_date_is_converted_at_the_transaction_date():
    activities, problems, _ = _read(_file(_value("100")))
    assert not problems, _messages(problems)
    assert activities[0].transactions[0].value_date == dt.date(2017, 12, 13)


def test_memory_stays_flat_on_a_long_file():
    data = b"".join(iati_file(3000))  # about 10 MB
    tracemalloc.start()
    problems = Problems()
    count = sum(1 for _ in parse_iati(io.BytesIO(data), problems=problems))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 3000 and not problems, _messages(problems)
    # Holding the tree of a 10 MB file would take several times its size.
    assert peak < len(data) / 5


# --- bad values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("transaction", "column", "message"),
    [
        (_value("-250"), "value", "negative amount"),
        (_value("1,000"), "value", "not a number"),
        (_value("NaN"), "value", "not a number"),
        (_value(""), "value", "not a number"),
        (_value("10", ' currency="EURO"'), "value/@currency", "not an ISO 4217 currency"),
        (_value("10", ' value-date="13/12/2017"'), "value/@value-date", "not a date"),
        (
            '<transaction><transaction-type code="2"/><value>5</value></transaction>',
            "transaction-date",
            "has no date",
        ),
        (
            '<transaction><transaction-type code="2"/><transaction-date/><value>5</value>'
            "</transaction>",
            "transaction-date",
            "no date given",
        ),
        (
            '<transaction><transaction-type code="2"/>'
            '<transaction-date iso-date="2017-02-30"/><value>5</value></transaction>',
            "transaction-date",
            "not a date",
        ),
        (
            '<transaction><transaction-type code="2"/>'
            '<transaction-date iso-date="2017-02-03"/></transaction>',
            "value",
            "has no value",
        ),
    ],
    ids=[
        "negative",
        "thousands-separator",
        "nan",
        "empty",
        "unknown-currency",
        "bad-value-date",
        "no-date",
        "empty-date",
        "impossible-date",
        "no-value",
    ],
)
def test_a_bad_transaction_is_reported_on_its_line_and_its_activity_dropped(
    transaction, column, message
):
    activities, problems, _ = _read(_file(_value("1"), transaction))
    assert activities == []
    assert len(problems.items) == 1, _messages(problems)
    problem = problems.items[0]
    assert (problem.line, problem.column) == (7, column)
    assert message in problem.message
    assert not problems.fatal  # the rest of the file is still checked


def test_a_value_with_no_currency_anywhere_is_refused():
    activities, problems, _ = _read(_file(_value("1"), currency=""))
    assert activities == []
    assert "no currency" in _messages(problems)


def test_an_unknown_default_currency_is_refused_on_the_activity_line():
    _, problems, _ = _read(_file(_value("1"), currency=' default-currency="ECU1"'))
    assert [(p.line, p.column) for p in problems.items][0] == (3, "default-currency")


def test_skipped_types_are_not_checked():
    skipped = '<transaction><transaction-type code="13"/><value>-5</value></transaction>'
    activities, problems, reader = _read(_file(_value("1"), skipped))
    assert not problems
    assert reader.skipped_transactions == 1 and len(activities[0].transactions) == 1


def test_an_activity_without_identifier_or_a_repeated_one_is_reported():
    data = _file(_value("1")).replace(b"XI-TEST-1", b"")
    _, problems, _ = _read(data)
    assert "3: iati-identifier: the activity has no identifier" in _messages(problems)
    twice = _file(_value("1")).replace(
        b"</iati-activities>",
        b'<iati-activity default-currency="EUR"><iati-identifier>'
        b"XI-TEST-1</iati-identifier><reporting-org/></iati-activity></iati-activities>",
    )
    _, problems, _ = _read(twice)
    assert "appears twice" in _messages(problems)


# --- refused files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (
            b'<?xml version="1.0"?>\n<iati-activities version="1.05">\n</iati-activities>',
            2,
            "version '1.05'",
        ),
        (b"<?xml version='1.0'?>\n\n<iati-activities>\n</iati-activities>", 3, "no version"),
        (
            b'<iati-activities xmlns="http://iatistandard.org/activities" version="2.03">'
            b"</iati-activities>",
            1,
            "namespace 'http://iatistandard.org/activities'",
        ),
        (b'<iati-organisations version="2.03"/>', 1, "IATI organisation file"),
        (b"<CONSOLIDATED_LIST/>", 1, "not an IATI activity file"),
        (b"", 1, "empty or holds no XML element"),
        (b'<iati-activities version="2.03">\n</iati-activities>', 2, "holds no activity"),
        (
            b'<iati-activities version="2.03">\n<iati-activity>\n<iati-identifier>X',
            3,
            "looks truncated",
        ),
        (b'<iati-activities version="2.03"><a></b></iati-activities>', 1, "not well-formed"),
    ],
    ids=[
        "version-1",
        "no-version",
        "namespace",
        "organisation-file",
        "other-root",
        "empty",
        "no-activity",
        "truncated",
        "malformed",
    ],
)
def test_a_file_that_is_not_iati_2_activities_is_refused_with_its_line(data, line, message):
    activities, problems, _ = _read(data)
    assert activities == []
    assert problems.fatal
    assert problems.items[0].line == line
    assert message in problems.items[0].message, _messages(problems)


def test_a_latin1_file_is_refused_with_the_line_of_its_first_bad_byte():
    data = _file(_value("1")).replace(b"<narrative>Test", "<narrative>Ségou".encode("latin-1"))
    activities, problems, _ = _read(data)
    assert activities == [] and problems.fatal
    assert problems.items[0].line == 5
    assert "not UTF-8" in problems.items[0].message


def test_a_file_declaring_latin1_is_read_as_latin1():
    data = _file(_value("1")).replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"')
    data = data.replace(b"<narrative>Test", "<narrative>Ségou".encode("latin-1"))
    activities, problems, _ = _read(data)
    assert not problems
    assert activities[0].reporting_org.name == "Ségou"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&lol3;</iati-identifier>
</iati-activity></iati-activities>
"""
QUADRATIC_BLOWUP = (
    b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "'
    + b"a" * 50_000
    + b'">]>\n<iati-activities version="2.03"><iati-activity><iati-identifier>'
    + b"&a;" * 1000
    + b"</iati-identifier></iati-activity></iati-activities>"
)
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&secret;</iati-identifier>
</iati-activity></iati-activities>
"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE iati-activities SYSTEM "http://example.org/evil.dtd">
<iati-activities version="2.03"/>
"""


@pytest.mark.parametrize(
    "data",
    [BILLION_LAUGHS, QUADRATIC_BLOWUP, EXTERNAL_ENTITY, EXTERNAL_DTD],
    ids=["billion-laughs", "quadratic-blowup", "external-entity", "external-dtd"],
)
def test_hostile_xml_is_refused_before_any_entity_is_expanded(data):
    activities, problems, _ = _read(data)
    assert activities == [] and problems.fatal
    assert problems.items[0].line == 2
    assert "document type" in problems.items[0].message

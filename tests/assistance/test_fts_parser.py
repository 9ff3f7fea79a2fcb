"""The OCHA FTS flow reader: pure, no database.

The good file (tests/data/assistance/fts-mali-flows.json) is made up for these tests; the
broken ones are written here.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest

from accordwatch.assistance.importers.fts import parse_fts
from accordwatch.assistance.importers.records import COMMITMENT, PAID, PLEDGE
from accordwatch.core.importing import Problems

DATA = Path(__file__).resolve().parents[1] / "data" / "assistance"


def _read(data: bytes):
    problems = Problems()
    return list(parse_fts(io.BytesIO(data), problems=problems)), problems


def _messages(problems: Problems) -> str:
    return "\n".join(str(problem) for problem in problems.items)


def _flow(**fields) -> dict:
    flow = {"id": "1", "amountUSD": 100, "status": "paid", "date": "2017-12-18T00:00:00Z"}
    flow.update(fields)
    return {key: value for key, value in flow.items() if value is not None}


def _answer(*flows) -> bytes:
    return json.dumps({"status": "ok", "data": {"flows": list(flows)}}, ensure_ascii=False).encode()


def test_the_mali_flows_are_read_with_their_sources_and_destinations():
    with open(DATA / "fts-mali-flows.json", "rb") as stream:
        problems = Problems()
        flows = list(parse_fts(stream, problems=problems))
    assert not problems, _messages(problems)
    assert [(f.id, f.status) for f in flows] == [
        ("900001", PAID),
        ("900002", PLEDGE),  # the id was a number in the file
        ("900003", COMMITMENT),
    ]
    paid = flows[0]
    assert paid.amount_usd == Decimal(2500000)
    assert (paid.original_amount, paid.original_currency) == (Decimal("2125000.00"), "EUR")
    assert (paid.date, paid.decision_date) == (dt.date(2017, 12, 18), dt.date(2017, 12, 13))
    assert [o.name for o in paid.sources_of("Organization")] == ["Donor government (test)"]
    assert [o.name for o in paid.destinations_of("Plan")] == ["Mali 2018 (test)"]
    assert [o.name for o in paid.destinations_of("GlobalCluster")] == ["Shelter"]
    assert paid.flow_type == "Standard"
    # Amounts keep their decimals exactly: no float on the way.
    assert flows[2].amount_usd == Decimal("750000.5")


@pytest.mark.parametrize(
    ("flow", "path", "message"),
    [
        (_flow(amountUSD=-5), "data.flows[1].amountUSD", "negative amount"),
        (_flow(amountUSD="1,000"), "data.flows[1].amountUSD", "should be a number"),
        (_flow(amountUSD=None), "data.flows[1].amountUSD", "missing"),
        (
            _flow(originalAmount=10, originalCurrency="ECU"),
            "data.flows[1].originalCurrency",
            "not an ISO 4217 currency",
        ),
        (_flow(originalAmount=10), "data.flows[1].originalCurrency", "without its currency"),
        (_flow(status="pledged"), "data.flows[1].status", "should be one of"),
        (_flow(date=None), "data.flows[1].date", "missing"),
        (_flow(date="18/12/2017"), "data.flows[1].date", "not a date"),
        (_flow(decisionDate="2017-13-01"), "data.flows[1].decisionDate", "not a date"),
        (_flow(id=None), "data.flows[1].id", "no id"),
        (_flow(id="0"), "data.flows[1].id", "appears twice"),
        (
            _flow(sourceObjects=[{"id": "1", "name": "x"}]),
            "data.flows[1].sourceObjects[0].type",
            "missing",
        ),
        (_flow(destinationObjects={}), "data.flows[1].destinationObjects", "should be a list"),
        (_flow(description=12), "data.flows[1].description", "should be text"),
    ],
    ids=[
        "negative",
        "text-amount",
        "no-amount",
        "unknown-currency",
        "amount-without-currency",
        "status",
        "no-date",
        "bad-date",
        "impossible-decision-date",
        "no-id",
        "repeated-id",
        "object-without-type",
        "objects-not-a-list",
        "description-not-text",
    ],
)
def test_a_bad_field_is_reported_with_its_json_path_and_the_flow_dropped(flow, path, message):
    flows, problems = _read(_answer(_flow(id="0"), flow, _flow(id="2")))
    assert [f.id for f in flows] == ["0", "2"]  # the others are still read
    assert len(problems.items) == 1, _messages(problems)
    assert problems.items[0].column == path
    assert message in problems.items[0].message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"data": {"flows": [{"id": "1", "amountUSD": 5', "looks truncated"),
        (b'{"data": {"flows": {}}}', "should be a list of flows, it is an object"),
        (b'{"data": {"flow": []}}', "no data.flows"),
        (b"[]", "no data.flows"),
        (b'{"data": {"flows": []}}', "empty"),
        (b"nonsense", "not valid JSON"),
        (b"", "truncated"),
        (_answer(_flow(description="Ségou")).decode().encode("latin-1"), "not UTF-8"),
    ],
    ids=[
        "truncated",
        "flows-not-a-list",
        "other-key",
        "bare-list",
        "empty",
        "not-json",
        "empty-file",
        "latin1",
    ],
)
def test_a_file_that_is_not_an_fts_flow_answer_is_refused(data, message):
    flows, problems = _read(data)
    assert flows == [] and problems.fatal
    assert message in problems.items[0].message, _messages(problems)


def test_flows_are_read_one_at_a_time():
    many = _answer(*(_flow(id=str(n), description="x" * 1000) for n in range(10000)))
    tracemalloc.start()
    problems = Problems()
    count = sum(1 for _ in parse_fts(io.BytesIO(many), problems=problems))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 10000 and not problems
    # The file is about 11 MB; its parsed whole would take more than that. What stays is
    # the set of ids seen (for the duplicate check) and one flow.
    assert peak < len(many) / 3


def test_parent_and_child_flow_ids_are_read_as_text_whatever_json_type_they_are():
    with open(DATA / "fts-links-children.json", "rb") as stream:
        problems = Problems()
        flows = list(parse_fts(stream, problems=problems))
    assert not problems, _messages(problems)
    assert [(f.id, f.parent_id, f.child_ids) for f in flows] == [
        ("910002", "910001", ()),  # a number in the file; childFlowIds null
        ("910003", "910001", ("910004",)),
        ("910004", "910003", ()),
    ]
    [alone], _ = _read(_answer(_flow(parentFlowId=None, childFlowIds=[])))
    assert (alone.parent_id, alone.child_ids) == ("", ())


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"parentFlowId": "1"}, "data.flows[0].parentFlowId: the flow names itself"),
        ({"childFlowIds": ["2", 1]}, "data.flows[0].childFlowIds: the flow names itself"),
        ({"parentFlowId": 2, "childFlowIds": [2]}, "the flow's parent is also among its children"),
        ({"parentFlowId": {"id": 2}}, "data.flows[0].parentFlowId: should be a flow id"),
        ({"childFlowIds": "2"}, "data.flows[0].childFlowIds: should be a list of flow ids"),
        ({"childFlowIds": [2, None]}, "data.flows[0].childFlowIds[1]: should be a flow id"),
    ],
    ids=["own-parent", "own-child", "parent-and-child", "object", "not-a-list", "null-child"],
)
def test_bad_parent_and_child_ids_drop_the_flow_with_the_path_named(fields, words):
    flows, problems = _read(_answer(_flow(**fields)))
    assert flows == []
    assert words in _messages(problems)

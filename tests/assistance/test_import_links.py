"""Links the imports read between flows: an FTS payment or commitment fulfils the pledge
its parentFlowId (or the pledge's childFlowIds) names, even when the pledge comes in a
later file; an IATI disbursement fulfils the one commitment it pays; the same money that
a donor and its recipient both report through IATI is counted once."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accordwatch.assistance import exports, imports, selectors
from accordwatch.assistance.models import Flow
from accordwatch.core.importing import ImportRejected
from accordwatch.core.models import AuditEvent
from accordwatch.core.services import SYSTEM

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data" / "assistance"
CHILDREN = DATA / "fts-links-children.json"
PLEDGE = DATA / "fts-links-pledge.json"
IATI = DATA / "iati-links.xml"


def _fts(data: bytes):
    return imports.fts_import_file(actor=SYSTEM, stream=io.BytesIO(data))


def _iati(data: bytes):
    return imports.iati_import_file(actor=SYSTEM, stream=io.BytesIO(data), publish=True)


def _fts_flow(flow_id: str, status: str = "paid", donor: str = "77", **fields) -> dict:
    return {
        "id": flow_id,
        "status": status,
        "date": "2018-02-23T00:00:00Z",
        "amountUSD": 1000,
        "sourceObjects": [{"type": "Organization", "id": donor, "name": f"Donor {donor}"}],
        **fields,
    }


def _answer(*flows: dict) -> bytes:
    return json.dumps({"data": {"flows": list(flows)}}).encode()


def _fts_flow_of(external_id: str) -> Flow:
    return Flow.objects.get(dataset="fts", external_id=external_id)


def _refused(data: bytes) -> str:
    with pytest.raises(ImportRejected) as refused:
        _fts(data)
    return "\n".join(str(problem) for problem in refused.value.problems)


# --- FTS: parent and child --------------------------------------------------------------


def test_payments_wait_for_their_pledge_and_are_linked_when_it_comes(analyst):
    first = _fts(CHILDREN.read_bytes())
    assert first.created == 3
    assert not Flow.objects.filter(fulfils__isnull=False).exists()
    # Both flows that name the missing pledge are reported, each with the pledge's id.
    assert len(first.links_waiting) == 2
    assert all("parent flow 910001 is not held yet" in line for line in first.links_waiting)
    assert "2 link(s) not resolved" in str(first)

    second = _fts(PLEDGE.read_bytes())
    pledge = _fts_flow_of("910001")
    assert second.links_made == 2
    assert _fts_flow_of("910002").fulfils == pledge
    assert _fts_flow_of("910003").fulfils == pledge
    # The fund passing the money on is the payment's child, not a fulfilment of anything:
    # another donor's money.
    onward = _fts_flow_of("910004")
    assert (onward.parent_ref, onward.fulfils) == ("910003", None)
    assert not second.links_waiting

    [item] = selectors.pledge_fulfilment(user=analyst)
    assert item.pledge.pk == pledge.pk
    assert (item.committed_usd, item.paid_usd) == (Decimal("4000000.00"), Decimal("2500000.00"))


def test_reimporting_linked_files_changes_nothing():
    _fts(CHILDREN.read_bytes())
    _fts(PLEDGE.read_bytes())
    events = AuditEvent.objects.count()
    for path in (CHILDREN, PLEDGE):
        summary = _fts(path.read_bytes())
        assert (summary.created, summary.updated, summary.links_made) == (0, 0, 0)
        assert not summary.links_waiting
    assert AuditEvent.objects.count() == events
    assert Flow.objects.filter(fulfils__isnull=False).count() == 2


def test_the_link_is_made_the_same_when_the_pledge_comes_first():
    assert _fts(PLEDGE.read_bytes()).links_waiting  # it lists children not held yet
    summary = _fts(CHILDREN.read_bytes())
    assert summary.links_made == 2
    assert _fts_flow_of("910003").fulfils == _fts_flow_of("910001")


def test_a_child_that_only_its_parent_names_is_linked_through_child_flow_ids():
    pledge = _fts_flow("1", status="pledge", childFlowIds=["2"])
    payment = _fts_flow("2", status="paid")
    assert _fts(_answer(payment, pledge)).links_made == 1
    assert _fts_flow_of("2").fulfils == _fts_flow_of("1")


def test_a_payment_of_another_donor_does_not_fulfil_the_pledge():
    pledge = _fts_flow("1", status="pledge", donor="77")
    other = _fts_flow("2", status="paid", donor="78", parentFlowId="1")
    summary = _fts(_answer(pledge, other))
    assert summary.links_made == 0
    assert _fts_flow_of("2").fulfils is None


def test_an_editors_own_link_is_kept():
    from accordwatch.assistance import services

    _fts(_answer(_fts_flow("1", status="pledge"), _fts_flow("3", status="pledge")))
    payment_file = _answer(_fts_flow("2", status="paid", parentFlowId="9"))
    _fts(payment_file)
    services.flow_update(actor=SYSTEM, flow=_fts_flow_of("2"), fulfils=_fts_flow_of("3"))
    _fts(_answer(_fts_flow("9", status="pledge")))
    assert _fts_flow_of("2").fulfils == _fts_flow_of("3")


@pytest.mark.parametrize(
    ("flows", "words"),
    [
        (
            [_fts_flow("5", parentFlowId="5")],
            "0: data.flows[0].parentFlowId: the flow names itself as its parent",
        ),
        (
            [_fts_flow("5", status="pledge", childFlowIds=[5])],
            "0: data.flows[0].childFlowIds: the flow names itself as its own child",
        ),
        (
            [_fts_flow("5", parentFlowId=True)],
            "data.flows[0].parentFlowId: should be a flow id",
        ),
        (
            [_fts_flow("5", parentFlowId="6"), _fts_flow("6", parentFlowId="5", donor="78")],
            "data.flows[0].parentFlowId: flows name each other as parent in a cycle (5 → 6 → 5)",
        ),
        (
            [
                _fts_flow("1", status="pledge", childFlowIds=["2"]),
                _fts_flow("2", parentFlowId="3"),
                _fts_flow("3", status="pledge"),
            ],
            "data.flows[0].childFlowIds: flow 1 lists flow 2 as its child, but flow 2 names "
            "flow 3 as its parent",
        ),
    ],
    ids=["own-parent", "own-child", "not-an-id", "cycle", "two-parents"],
)
def test_broken_links_are_refused_with_the_flow_named_and_nothing_written(flows, words):
    events = AuditEvent.objects.count()
    assert words in _refused(_answer(*flows))
    assert Flow.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_cycle_closed_by_a_later_file_is_refused_and_the_held_flows_stay_as_they_were():
    _fts(_answer(_fts_flow("5", parentFlowId="6")))
    held = _fts_flow_of("5")
    events = AuditEvent.objects.count()
    message = _refused(_answer(_fts_flow("6", donor="78", parentFlowId="5")))
    assert "cycle (6 → 5 → 6)" in message
    assert list(Flow.objects.all()) == [held]
    assert AuditEvent.objects.count() == events


def test_the_command_reports_the_links_it_could_not_resolve(tmp_path):
    out = io.StringIO()
    call_command("import", "fts", str(CHILDREN), "--no-progress", stdout=out)
    assert "flow 910002: its parent flow 910001 is not held yet" in out.getvalue()
    path = tmp_path / "cycle.json"
    path.write_bytes(_answer(_fts_flow("5", parentFlowId="5")))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import", "fts", str(path), "--no-progress", stderr=err)
    assert f"{path}:0: data.flows[0].parentFlowId: the flow names itself" in err.getvalue()


# --- IATI: payments and commitments; the same money reported twice -----------------------


def _iati_flow(external_id: str) -> Flow:
    return Flow.objects.get(dataset="iati", external_id=external_id)


def test_an_iati_disbursement_fulfils_the_one_commitment_it_pays():
    summary = _iati(IATI.read_bytes())
    commitment = _iati_flow("XI-TEST-DONOR-01#1")
    assert _iati_flow("XI-TEST-DONOR-01#2").fulfils == commitment
    assert _iati_flow("XI-TEST-DONOR-01#3").fulfils == commitment
    # Incoming funds answer the incoming commitment of the same provider.
    received = _iati_flow("XM-TEST-AGENCY-ML-7#1")
    assert _iati_flow("XM-TEST-AGENCY-ML-7#2").fulfils == received
    assert summary.links_made == 4


def test_with_two_commitments_to_the_same_receiver_no_payment_is_linked():
    data = IATI.read_text().replace(
        '<transaction ref="D-D1">',
        '<transaction ref="D-C2"><transaction-type code="2"/>'
        '<transaction-date iso-date="2018-02-01"/><value>5000</value>'
        '<receiver-org ref="XM-TEST-AGENCY"><narrative>UN agency (test)</narrative>'
        '</receiver-org></transaction>\n  <transaction ref="D-D1">',
    )
    _iati(data.encode())
    assert _iati_flow("XI-TEST-DONOR-01#3").fulfils is None


def test_money_both_publishers_report_is_marked_and_counted_once(analyst):
    summary = _iati(IATI.read_bytes())
    assert summary.duplicates_marked == 2
    donor_commitment, donor_paid = (
        _iati_flow("XI-TEST-DONOR-01#1"),
        _iati_flow("XI-TEST-DONOR-01#2"),
    )
    assert _iati_flow("XM-TEST-AGENCY-ML-7#1").duplicate_of == donor_commitment
    assert _iati_flow("XM-TEST-AGENCY-ML-7#2").duplicate_of == donor_paid
    # 750,000 received against 800,000 sent: more than half a per cent apart, not matched.
    assert _iati_flow("XM-TEST-AGENCY-ML-7#3").duplicate_of is None

    board = selectors.dashboard(user=analyst)
    paid = board.by_status["paid"]
    assert paid.count == 3  # the donor's two disbursements and the unmatched receipt
    assert paid.eur == Decimal("2550000.00")
    assert board.by_status["commitment"].eur == Decimal("3000000.00")


def test_the_hxl_export_counts_the_same_money_once():
    _iati(IATI.read_bytes())
    text = "".join(exports.flows_hxl(user=None))
    lines = text.splitlines()
    assert lines[1].startswith("#meta+id,")
    rows = lines[2:]
    assert len(rows) == Flow.objects.count() - 2 == 4
    ids = {row.split(",")[2] for row in rows}
    assert "XM-TEST-AGENCY-ML-7#2" not in ids and "XI-TEST-DONOR-01#2" in ids


def test_reimporting_iati_keeps_the_links_and_marks_without_new_events():
    _iati(IATI.read_bytes())
    events = AuditEvent.objects.count()
    summary = _iati(IATI.read_bytes())
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 6)
    assert AuditEvent.objects.count() == events
    assert Flow.objects.filter(duplicate_of__isnull=False).count() == 2


def test_a_mark_the_data_no_longer_bear_out_is_removed():
    _iati(IATI.read_bytes())
    corrected = IATI.read_text().replace(">998500<", ">900000<")
    summary = _iati(corrected.encode())
    assert summary.duplicates_marked == 1
    assert _iati_flow("XM-TEST-AGENCY-ML-7#2").duplicate_of is None
    assert AuditEvent.objects.filter(action="flow.update").count() >= 2


def test_dates_too_far_apart_are_not_the_same_money():
    late = IATI.read_text().replace('iso-date="2018-03-09"', 'iso-date="2018-05-09"')
    _iati(late.encode())
    assert _iati_flow("XM-TEST-AGENCY-ML-7#2").duplicate_of is None
    assert dt.date(2018, 5, 9) - dt.date(2018, 3, 5) > dt.timedelta(days=31)


# --- the flow tables --------------------------------------------------------------------


def test_a_conference_table_shows_what_a_flow_fulfils_to_whoever_may_see_it(as_persona):
    from accordwatch.assistance import services
    from tests.assistance.helpers import PUBLIC, flow, organisation

    conference, _ = services.conference_upsert(
        actor=SYSTEM, key="paris-test", name="Paris (test)", **PUBLIC
    )
    donor = organisation()
    pledge = flow(source_org=donor, status="pledge", conference=conference)
    flow(source_org=donor, status="paid", amount="400000", conference=conference, fulfils=pledge)
    flow(source_org=donor, status="paid", amount="100000", conference=conference, fulfils=pledge)
    secret = flow(source_org=donor, status="pledge", confidentiality="restricted")
    flow(source_org=donor, status="paid", conference=conference, fulfils=secret)

    public = as_persona("outsider").get("/assistance/conferences/paris-test/").content.decode()
    assert public.count(f"fulfils pledge #{pledge.pk}") == 2
    assert "2 payments" in public
    assert f"#{secret.pk}" not in public  # the restricted pledge is not pointed at
    editor = as_persona("analyst").get("/assistance/conferences/paris-test/").content.decode()
    assert f"fulfils pledge #{secret.pk}" in editor


def test_the_charts_count_the_same_money_once(analyst):
    _iati(IATI.read_bytes())
    groups = selectors.totals_by_sector(user=analyst)
    assert sum(group.total("paid").count for group in groups) == 3
    assert sum(group.total("commitment").count for group in groups) == 1


def test_a_second_commitment_published_later_undoes_the_link_the_import_made():
    _iati(IATI.read_bytes())
    assert _iati_flow("XI-TEST-DONOR-01#3").fulfils is not None
    test_with_two_commitments_to_the_same_receiver_no_payment_is_linked()
    # The flows held under #2 and #3 (linked before) are now the new commitment and the
    # first tranche: neither fulfils anything.
    for external_id in ("XI-TEST-DONOR-01#2", "XI-TEST-DONOR-01#3"):
        held = _iati_flow(external_id)
        assert (held.parent_ref, held.fulfils) == ("", None)
    donor_flows = Flow.objects.filter(external_id__startswith="XI-TEST-DONOR-01#")
    assert not donor_flows.exclude(fulfils=None).exists()

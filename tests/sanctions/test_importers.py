"""The UN consolidated list parser: pure, no database.

The two real files are read from ../shared/data/real; every broken or hostile file is
written here by hand.
"""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
from collections import Counter

import pytest

from accordwatch.core.importing import Problems
from accordwatch.sanctions.importers.records import ENTITY, PERSON
from accordwatch.sanctions.importers.un_xml import parse_un_list
from tests.conftest import real_file

UN_2020 = "un-consolidated-list-2020-11-30.xml"
UN_2026 = "un-consolidated-list-2026-02-27.xml"


def _read(data: bytes):
    problems = Problems()
    reader = parse_un_list(io.BytesIO(data), problems=problems)
    records = list(reader)
    return records, problems, reader


def _read_real(name: str):
    problems = Problems()
    with open(real_file(name), "rb") as stream:
        reader = parse_un_list(stream, problems=problems)
        records = list(reader)
    return records, problems, reader


def _list(*entries: str, generated: str = "2024-05-01T10:00:00Z") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<CONSOLIDATED_LIST dateGenerated="{generated}">\n<INDIVIDUALS>\n'
        + "\n".join(entries)
        + "\n</INDIVIDUALS>\n<ENTITIES/>\n</CONSOLIDATED_LIST>\n"
    ).encode()


def _person(reference: str = "MLi.001", first: str = "Ahmoudou", extra: str = "") -> str:
    return (
        f"<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>{first}</FIRST_NAME>"
        f"<SECOND_NAME>Ag</SECOND_NAME><UN_LIST_TYPE>Mali</UN_LIST_TYPE>"
        f"<REFERENCE_NUMBER>{reference}</REFERENCE_NUMBER><LISTED_ON>2018-12-20</LISTED_ON>"
        f"{extra}</INDIVIDUAL>"
    )


def _messages(problems: Problems) -> str:
    return "\n".join(str(problem) for problem in problems.items)


# --- the real files ----------------------------------------------------------------------


def test_the_2020_list_reads_as_713_individuals_305_entities_8_of_them_mali():
    records, problems, reader = _read_real(UN_2020)
    assert not problems, _messages(problems)
    kinds = Counter(record.kind for record in records)
    assert kinds == {PERSON: 713, ENTITY: 305}
    mali = sorted(r.reference_number for r in records if r.list_type == "Mali")
    assert mali == [f"MLi.00{n}" for n in range(1, 9)]
    assert reader.header.generated_at == dt.datetime(2020, 12, 1, 1, 31, 19, 923000, tzinfo=dt.UTC)


def test_the_pretty_printed_2026_list_reads_as_730_individuals_and_273_entities():
    records, problems, reader = _read_real(UN_2026)
    assert not problems, _messages(problems)
    assert Counter(record.kind for record in records) == {PERSON: 730, ENTITY: 273}
    assert not [r for r in records if r.list_type == "Mali"]  # the regime lapsed in 2023
    assert reader.header.generated_at.date() == dt.date(2026, 2, 27)


def test_a_real_mali_entry_is_read_whole_and_cleaned():
    records, _, _ = _read_real(UN_2020)
    entry = next(r for r in records if r.reference_number == "MLi.001")
    # The file pads "Ahmoudou " and "Ag "; the parts come out trimmed, as given otherwise.
    assert entry.name_parts == ("Ahmoudou", "Ag", "Asriw", "")
    assert entry.name == "Ahmoudou Ag Asriw"
    assert entry.listed_on == dt.date(2018, 12, 20)
    assert entry.nationalities == ("Mali",)
    assert {"quality": "good", "name": "Amadou Ag Isriw"} in entry.aliases
    assert {"quality": "low", "name": "Isriou"} in entry.aliases
    assert entry.birth_dates == ({"type": "exact", "date": "1982-01-01"},)
    assert {"city": "Amassine", "country": "Mali", "note": "previous location"} in entry.addresses
    assert "\n" not in entry.comments and "2374 (2017)" in entry.comments


def test_the_two_layouts_give_equal_data_for_an_entry_that_did_not_change():
    old = {r.reference_number: r.as_data() for r in _read_real(UN_2020)[0]}
    new = {r.reference_number: r.as_data() for r in _read_real(UN_2026)[0]}
    same = [ref for ref in old.keys() & new.keys() if old[ref] == new[ref]]
    # Line breaks and indentation of the pretty-printed file must not read as changes.
    assert len(same) > 200


def test_listing_dates_with_a_time_zone_are_read_as_the_day():
    records, problems, _ = _read(_list(_person(extra="").replace("2018-12-20", "2015-04-14-04:00")))
    assert not problems
    assert records[0].listed_on == dt.date(2015, 4, 14)


def test_empty_aliases_and_placeholders_are_dropped():
    extra = (
        "<INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>"
        "<INDIVIDUAL_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>  Abou  Zeid </ALIAS_NAME>"
        "</INDIVIDUAL_ALIAS><INDIVIDUAL_ADDRESS><COUNTRY/></INDIVIDUAL_ADDRESS>"
        "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE/></INDIVIDUAL_DATE_OF_BIRTH>"
        "<INDIVIDUAL_DOCUMENT/><NEW_ELEMENT> kept </NEW_ELEMENT>"
    )
    records, problems, _ = _read(_list(_person(extra=extra)))
    assert not problems
    record = records[0]
    assert record.aliases == ({"quality": "aka", "name": "Abou Zeid"},)
    assert record.addresses == () and record.birth_dates == () and record.documents == ()
    assert record.extra == {"new_element": "kept"}


def test_missing_optional_fields_are_fine():
    bare = (
        "<ENTITY><FIRST_NAME>Some group</FIRST_NAME><UN_LIST_TYPE>Mali</UN_LIST_TYPE>"
        "<REFERENCE_NUMBER>MLe.001</REFERENCE_NUMBER></ENTITY>"
    )
    data = _list().replace(b"<ENTITIES/>", b"<ENTITIES>" + bare.encode() + b"</ENTITIES>")
    records, problems, _ = _read(data)
    assert not problems
    assert records[0].kind == ENTITY and records[0].listed_on is None
    assert records[0].data_id is None


def test_memory_stays_flat_on_a_long_list():
    many = _list(*(_person(reference=f"XXi.{n:06d}") for n in range(20000)))
    tracemalloc.start()
    problems = Problems()
    count = sum(1 for _ in parse_un_list(io.BytesIO(many), problems=problems))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 20000 and not problems
    # The whole file is about 5 MB; holding its tree would take several times that.
    assert peak < len(many)


# --- refused files -----------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol4;</FIRST_NAME>
</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""

QUADRATIC_BLOWUP = (
    b'<?xml version="1.0"?>\n<!DOCTYPE bomb [<!ENTITY a "'
    + b"x" * 50000
    + b'">]>\n<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>'
    + b"&a;" * 5000
    + b"</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n"
)

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE list [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&secret;</FIRST_NAME>
</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE CONSOLIDATED_LIST SYSTEM "http://example.org/evil.dtd">
<CONSOLIDATED_LIST/>
"""


@pytest.mark.parametrize(
    "data",
    [BILLION_LAUGHS, QUADRATIC_BLOWUP, EXTERNAL_ENTITY, EXTERNAL_DTD],
    ids=["billion-laughs", "quadratic-blowup", "external-entity", "external-dtd"],
)
def test_hostile_xml_is_refused_before_any_entity_is_expanded(data):
    records, problems, _ = _read(data)
    assert records == []
    assert problems.fatal
    (problem,) = problems.items
    assert problem.line == 2  # the DOCTYPE's line
    assert "document type" in problem.message and "refused" in problem.message


def test_malformed_xml_names_its_line():
    data = _list(_person(), _person(reference="MLi.002")).replace(
        b"</SECOND_NAME>", b"</SECOND>", 2
    )
    records, problems, _ = _read(data)
    (problem,) = problems.items
    assert problem.line == 4
    assert "not well-formed XML" in problem.message and "mismatched tag" in problem.message
    assert problems.fatal and records == []


def test_a_file_that_is_not_the_un_list_says_so():
    rss = b'<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>'
    _, problems, _ = _read(rss)
    (problem,) = problems.items
    assert "not the UN Security Council consolidated list" in problem.message
    assert "<rss>" in problem.message


def test_a_truncated_file_is_refused():
    whole = _list(_person(), _person(reference="MLi.002"))
    _, problems, _ = _read(whole[: len(whole) // 2])
    assert problems.fatal
    assert "truncated" in problems.items[0].message


def test_an_empty_file_and_an_empty_list_are_refused():
    _, problems, _ = _read(b"")
    assert "empty" in problems.items[0].message
    _, problems, _ = _read(_list())
    assert "no entries" in problems.items[0].message


def test_latin1_bytes_in_a_utf8_file_are_named_with_their_line():
    data = _list(_person(first="Hamad\xe9"), _person(reference="MLi.002"))
    latin1 = data.decode("utf-8").encode("latin-1")
    _, problems, _ = _read(latin1)
    (problem,) = problems.items
    assert problem.line == 4
    assert "not UTF-8" in problem.message


def test_a_file_that_declares_latin1_is_read_as_latin1():
    data = _list(_person(first="Hamad\xe9")).decode("utf-8")
    data = data.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("latin-1")
    records, problems, _ = _read(data)
    assert not problems
    assert records[0].name_parts[0] == "Hamad\xe9"


def test_entries_without_reference_or_list_or_with_a_bad_date_are_problems_with_lines():
    no_ref = _person(reference="")
    twice = _person(reference="MLi.003")
    bad_date = _person(reference="MLi.004").replace("2018-12-20", "20 Dec 2018")
    data = _list(no_ref, twice, twice, bad_date)
    _, problems, _ = _read(data)
    text = _messages(problems)
    assert "4: REFERENCE_NUMBER: the entry has no reference number" in text
    assert "6: REFERENCE_NUMBER: appears twice in the list" in text
    assert "7: LISTED_ON: not a date (YYYY-MM-DD)" in text
    assert not problems.fatal  # every entry's problem is listed, not just the first

"""The commitments CSV parser on its own: no database, bytes in, rows and problems out."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accordwatch.commitments.importers import commitments_csv
from accordwatch.commitments.importers.commitments_csv import read_commitments
from accordwatch.commitments.importers.csvfile import Problems, neutralise, restore

DATA = Path(__file__).resolve().parents[1] / "data"
HEADER = "key,document,title"


def parse(data: bytes | str) -> tuple[list, list[tuple[int, str]]]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    problems = Problems()
    rows = list(read_commitments(io.BytesIO(raw), problems))
    return rows, [(p.line, p.column) for p in problems.items]


def parse_file(name: str):
    return parse((DATA / name).read_bytes())


def messages(data: str) -> list[str]:
    problems = Problems()
    list(read_commitments(io.BytesIO(data.encode()), problems))
    return [p.message for p in problems.items]


def test_a_good_file_gives_one_typed_row_per_line():
    rows, problems = parse_file("commitments-good.csv")
    assert problems == []
    assert [(r.line, r.key) for r in rows] == [
        (2, "cantonment"),
        (3, "interim-authorities"),
        (4, "follow-up"),
    ]
    first = rows[0]
    assert first.clauses == ("Art. 1", "Art. 2")
    assert first.responsible == ("government", "cma")
    assert first.deadline == dt.date(2015, 12, 31)
    assert first.weight == Decimal("2.00")
    assert (first.kind, first.confidentiality, first.publication_state) == (
        "action",
        "public",
        "published",
    )
    assert rows[1].summary == "Interim bodies run the northern regions, pending elections."


def test_a_byte_order_mark_is_accepted():
    rows, problems = parse_file("commitments-bom.csv")
    assert problems == [] and len(rows) == 3 and rows[0].key == "cantonment"


def test_an_empty_file_is_refused():
    rows, problems = parse_file("commitments-empty.csv")
    assert rows == [] and problems == [(1, "")]
    assert "empty" in messages("")[0]


def test_a_missing_required_column_is_named():
    rows, problems = parse_file("commitments-missing-column.csv")
    assert rows == [] and problems == [(1, "title")]


def test_an_unknown_column_is_refused_so_a_typo_is_not_silently_dropped():
    rows, problems = parse(f"{HEADER},deadine\nk,d,T,2017-01-01\n")
    assert rows == [] and problems == [(1, "deadine")]


def test_a_column_named_twice_is_refused():
    _, problems = parse(f"{HEADER},title\nk,d,T,T\n")
    assert problems == [(1, "title")]


def test_the_computed_columns_of_the_export_are_accepted_and_ignored():
    rows, problems = parse(f"{HEADER},latest_score,latest_status,latest_as_of\nk,d,T,2,x,y\n")
    assert problems == [] and rows[0].key == "k"
    assert rows[0].columns == {"key", "document", "title"}


def test_a_wrong_type_names_its_line_and_column():
    rows, problems = parse_file("commitments-wrong-type.csv")
    assert problems == [(3, "weight")]
    assert [r.key for r in rows] == ["cantonment", "follow-up"]  # the others still checked


def test_a_bad_date_names_its_line_and_column():
    _, problems = parse_file("commitments-bad-date.csv")
    assert problems == [(3, "deadline")]
    assert "not a real date" in messages(f"{HEADER},deadline\nk,d,T,2016-02-30\n")[0]
    assert "YYYY-MM-DD" in messages(f"{HEADER},deadline\nk,d,T,20/09/2017\n")[0]


@pytest.mark.parametrize(
    ("column", "good", "bad"),
    [
        ("kind", "position", "promise"),
        ("confidentiality", "restricted", "secret"),
        ("publication_state", "withdrawn", "live"),
        ("weight", "0.5", "0"),
        ("weight", "2", "-1"),
        ("weight", "1.25", "1.234"),
        ("weight", "9999.99", "10000"),
        ("weight", "3", "NaN"),
        ("responsible", "cma; platform", "cma; not a key"),
        ("pillar", "security", "sécurité"),
    ],
)
def test_bad_cells_are_named_by_line_and_column(column, good, bad):
    _, problems = parse(f"{HEADER},{column}\nok,d,T,{good}\nk,d,T,{bad}\n")
    assert problems == [(3, column)]


def test_a_key_used_twice_names_both_lines():
    _, problems = parse_file("commitments-duplicate-key.csv")
    assert problems == [(4, "key")]
    assert "line 2" in messages(f"{HEADER}\nk,d,A\nk,d,B\n")[0]


def test_a_latin1_file_is_refused_at_its_first_bad_byte():
    rows, problems = parse_file("commitments-latin1.csv")
    assert problems == [(3, "title")]
    (message,) = messages_of(DATA / "commitments-latin1.csv")
    assert "0xE9" in message and "UTF-8" in message


def messages_of(path: Path) -> list[str]:
    problems = Problems()
    list(read_commitments(io.BytesIO(path.read_bytes()), problems))
    return [p.message for p in problems.items]


def test_a_bad_byte_inside_a_multiline_cell_is_placed_on_its_own_line():
    data = f'{HEADER},summary\nk,d,T,"first line\nsecond caf\xe9"\n'.encode("latin-1")
    _, problems = parse(data)
    assert problems == [(3, "summary")]


def test_a_truncated_file_is_refused():
    _, problems = parse_file("commitments-truncated.csv")
    assert problems == [(3, "")]
    _, problems = parse_file("commitments-unclosed-quote.csv")
    assert problems == [(3, "")]


def test_problems_are_collected_up_to_a_cap():
    lines = "".join(f"k{n},d,T,not-a-date\n" for n in range(300))
    _, problems = parse(f"{HEADER},deadline\n{lines}")
    assert len(problems) == 101  # 100 problems, then a note that reading stopped
    assert problems[0] == (2, "deadline")


def test_blank_lines_and_padding_cells_are_skipped_and_lines_still_count():
    rows, problems = parse(f"{HEADER},,\n\nk,d,T,,\n,,,,\nj,d,T\n")
    assert problems == []
    assert [(r.line, r.key) for r in rows] == [(3, "k"), (5, "j")]


def test_a_related_commitment_cannot_be_itself():
    _, problems = parse(f"{HEADER},related\nk,d,T,k\n")
    assert problems == [(2, "related")]


def test_text_is_kept_exactly_but_keys_are_trimmed():
    rows, _ = parse(f'{HEADER},summary,responsible\n k ,d,  Title ," two  spaces ", a ;b\n')
    assert (rows[0].key, rows[0].title, rows[0].summary) == ("k", "  Title ", " two  spaces ")
    assert rows[0].responsible == ("a", "b")


def test_an_empty_cell_in_a_valued_column_means_keep_the_current_value():
    rows, _ = parse(f"{HEADER},kind,weight,confidentiality\nk,d,T,,,\n")
    assert (rows[0].kind, rows[0].weight, rows[0].confidentiality) == (None, None, None)


def test_the_parser_mirrors_the_models_choices_and_sizes():
    from accordwatch.commitments.models import Clause, Commitment
    from accordwatch.core.models import Confidentiality, PublicationState

    field = Commitment._meta.get_field
    assert tuple(v for v, _ in field("kind").choices) == commitments_csv.KINDS
    assert tuple(Confidentiality.values) == commitments_csv.CONFIDENTIALITY
    assert tuple(PublicationState.values) == commitments_csv.PUBLICATION_STATES
    assert field("key").max_length == commitments_csv.KEY_MAX
    assert field("title").max_length == commitments_csv.TITLE_MAX
    assert field("theme").max_length == commitments_csv.THEME_MAX
    assert field("deadline_note").max_length == commitments_csv.DEADLINE_NOTE_MAX
    assert Clause._meta.get_field("ref").max_length == commitments_csv.CLAUSE_REF_MAX
    weight = field("weight")
    assert (weight.max_digits, weight.decimal_places) == (6, 2)


@given(st.text())
def test_formula_neutralising_is_undone_exactly(text):
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "'=x", "'"])
def test_formula_cells_are_neutralised(cell):
    assert neutralise(cell).startswith("'")
    assert neutralise(cell)[1:] == cell


def test_a_hand_written_leading_quote_before_ordinary_text_is_kept():
    assert restore("'Tis") == "'Tis"
    rows, _ = parse(f"{HEADER}\nk,d,'=SUM(A1)\n")
    assert rows[0].title == "=SUM(A1)"

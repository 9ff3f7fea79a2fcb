"""``accordwatch screen FILE.csv --out hits.csv``: one output row per hit with the input's
columns carried through, a stored run, clear errors with file and line, flat memory."""

from __future__ import annotations

import csv
import tracemalloc

import pytest
from django.core.management import CommandError, call_command

from accordwatch.sanctions import screening
from accordwatch.sanctions.models import ScreeningHit, ScreeningRun, ScreeningSource
from tests.sanctions.screening_list import ODD_NAMES, import_screening_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(persona_users):
    import_screening_list()


def _write(path, text: str | bytes):
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def _screen(*args, **options):
    call_command("screen", *map(str, args), no_progress=True, **options)


def test_the_hits_file_has_the_inputs_columns_then_the_hit(listed, tmp_path, capsys):
    source = _write(
        tmp_path / "visas.csv",
        "id,name,birth_date,nationality,office\n"
        "v-1,Mohamed Ould Matali,,,Bamako\n"
        "v-2,محمد ولد ماتالي,1970-01-01,Mali,Gao\n"
        "v-3,Amadou Ag Isriou,,,Kidal\n"
        "v-4,Jean Dupont,,,Mopti\n",
    )
    out = tmp_path / "hits.csv"
    _screen(source, out=out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == [
        "id",
        "name",
        "birth_date",
        "nationality",
        "office",
        "reference_number",
        "matched_name",
        "score",
        "explanation",
        "decision",
    ]
    assert [(r["id"], r["office"], r["reference_number"]) for r in rows] == [
        ("v-1", "Bamako", "MLi.008"),
        ("v-2", "Gao", "MLi.008"),
        ("v-3", "Kidal", "MLi.001"),
    ]
    assert "Arabic script" in rows[1]["explanation"]
    assert float(rows[1]["score"]) > float(rows[0]["score"])  # date and nationality agree
    run = ScreeningRun.objects.get()
    assert (run.source, run.input_count, run.hit_count, run.input_name) == (
        ScreeningSource.CLI,
        4,
        3,
        "visas.csv",
    )
    assert ScreeningHit.objects.filter(run=run).count() == 3
    assert ScreeningHit.objects.get(row=3).query["office"] == "Kidal"
    summary = capsys.readouterr().out
    assert "screened 4 names" in summary and "3 hits" in summary


def test_a_verdict_given_before_shows_in_the_hits_file(listed, tmp_path, analyst):
    _, hits = screening.screen_names(
        actor=analyst, source="page", inputs=[{"name": "Mohamed Ould Matali"}]
    )
    hit = ScreeningHit.objects.get()
    screening.hit_decide(actor=analyst, hit=hit, true_positive=False)
    source = _write(tmp_path / "in.csv", "name\nmohamed ould-matali\n")
    out = tmp_path / "hits.csv"
    _screen(source, out=out, user="analyst")
    (row,) = csv.DictReader(out.open(encoding="utf-8"))
    assert row["decision"] == "false positive"
    assert ScreeningRun.objects.latest("id").user == analyst


def test_threshold_and_list_type(listed, tmp_path):
    source = _write(tmp_path / "in.csv", "name\nAmadou Ag Isriou\n")
    out = tmp_path / "hits.csv"
    _screen(source, out=out, threshold=0.99)
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 0
    _screen(source, out=out, list_type="Mali")
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 1
    with pytest.raises(CommandError, match="no such list"):
        _screen(source, out=out, list_type="Narnia")
    with pytest.raises(CommandError, match="--threshold"):
        _screen(source, out=out, threshold=1.5)


def test_a_column_named_like_ours_is_kept(listed, tmp_path):
    source = _write(tmp_path / "in.csv", "name,score\nMohamed Ould Matali,high\n")
    out = tmp_path / "hits.csv"
    _screen(source, out=out)
    (row,) = csv.DictReader(out.open(encoding="utf-8"))
    assert row["score"] == "high" and float(row["hit_score"]) > 0.9


def test_a_file_without_a_name_column_is_refused_with_its_header(listed, tmp_path):
    source = _write(tmp_path / "in.csv", "id,nom\n1,Matali\n")
    with pytest.raises(
        CommandError, match=r"in\.csv:1: no `name` column \(the header has: id, nom\)"
    ):
        _screen(source, out=tmp_path / "hits.csv")
    assert not ScreeningRun.objects.exists()


def test_a_header_with_name_twice_is_refused(listed, tmp_path):
    source = _write(tmp_path / "in.csv", "name,id,name\nOumar Traore,1,Mohamed Ould Matali\n")
    with pytest.raises(CommandError, match=r"in\.csv:1: the header has `name` more than once"):
        _screen(source, out=tmp_path / "hits.csv")
    assert not ScreeningRun.objects.exists()


def test_bytes_that_are_not_utf8_name_the_line_and_column(listed, tmp_path):
    source = _write(tmp_path / "in.csv", b"id,name\n1,Mohamed Ould Matali\n2,Ch\xe9rif\n")
    out = tmp_path / "hits.csv"
    with pytest.raises(CommandError, match=r"in\.csv:3: name: not UTF-8"):
        _screen(source, out=out)
    # What was found before the bad line is kept, in the file and in the run.
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 1
    assert ScreeningRun.objects.get().finished_at is not None


def test_a_row_with_too_many_cells_names_its_line(listed, tmp_path):
    source = _write(tmp_path / "in.csv", "id,name\n1,Matali\n\n2,Mohamed,Ould\n")
    with pytest.raises(CommandError, match=r"in\.csv:4: 3 cells where the header has 2"):
        _screen(source, out=tmp_path / "hits.csv")


def test_an_unclosed_quote_is_refused_at_its_line_not_read_as_one_long_name(listed, tmp_path):
    source = _write(
        tmp_path / "in.csv",
        'id,name\n1,Mohamed Ould Matali\n2,"Amadou Ag\n3,Fatoumata Diallo\n4,Iyad Ag Ghali\n',
    )
    out = tmp_path / "hits.csv"
    with pytest.raises(CommandError, match=r"in\.csv:3: not readable as CSV"):
        _screen(source, out=out)
    # The rows before it were screened and kept; the broken one screened nothing.
    assert [row["id"] for row in csv.DictReader(out.open(encoding="utf-8"))] == ["1"]
    assert ScreeningRun.objects.get().input_count == 1


def test_an_output_that_cannot_be_written_is_a_clear_error(listed, tmp_path):
    source = _write(tmp_path / "in.csv", "name\nMohamed Ould Matali\n")
    with pytest.raises(CommandError, match=r"missing/hits\.csv: No such file or directory"):
        _screen(source, out=tmp_path / "missing" / "hits.csv")
    assert not ScreeningRun.objects.exists()


def test_a_date_of_birth_the_score_cannot_use_names_its_line_and_column(listed, tmp_path):
    source = _write(
        tmp_path / "in.csv",
        "name,birth_date\nAmadou Ag Isriou,1982\nAmadou Ag Isriou,1982-01-01\n"
        "Amadou Ag Isriou,\nAmadou Ag Isriou,31/01/1982\n",
    )
    out = tmp_path / "hits.csv"
    with pytest.raises(CommandError, match=r"in\.csv:5: birth_date: '31/01/1982' is not a date"):
        _screen(source, out=out)
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 3
    impossible = _write(tmp_path / "bad.csv", "name,birth_date\nAmadou Ag Isriou,1960-13-45\n")
    with pytest.raises(CommandError, match=r"bad\.csv:2: birth_date"):
        _screen(impossible, out=out)


def test_odd_names_in_a_file_are_screened_without_a_crash(listed, tmp_path):
    source = tmp_path / "odd.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name"])
        writer.writerows([[n, name] for n, name in enumerate(ODD_NAMES)])
        writer.writerow(["last", "Amadou Ag Isriou"])
    out = tmp_path / "hits.csv"
    _screen(source, out=out)
    run = ScreeningRun.objects.get()
    assert run.input_count == len(ODD_NAMES) + 1
    found = {
        (row["id"], row["reference_number"]) for row in csv.DictReader(out.open(encoding="utf-8"))
    }
    assert ("last", "MLi.001") in found
    # Control characters are blanks to the matcher: the name is still found.
    assert ("4", "MLi.008") in found


def test_a_progress_bar_follows_the_file_on_a_terminal(listed, tmp_path, monkeypatch):
    import io

    from rich.console import Console

    from accordwatch.sanctions.management.commands import screen as command

    shown = io.StringIO()
    monkeypatch.setattr(
        command, "Console", lambda **_: Console(file=shown, force_terminal=True, width=100)
    )
    source = _write(tmp_path / "in.csv", "name\n" + "Amadou Ag Isriou\n" * 1200)
    call_command("screen", str(source), out=str(tmp_path / "hits.csv"))
    assert "screening" in shown.getvalue() and "100%" in shown.getvalue()
    # --no-progress (and a pipe, which is not a terminal) draw nothing.
    shown.truncate(0)
    _screen(source, out=tmp_path / "hits.csv")
    assert "100%" not in shown.getvalue()


def test_a_missing_file(listed, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        _screen(tmp_path / "nope.csv", out=tmp_path / "hits.csv")


NAMES = ["Mohamed Ould Matali", "Oumar Traore", "Amadou Ag Isriou", "Fatoumata Diallo"]


def _peak_memory(path, rows: int, out) -> int:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,name\n")
        for number in range(rows):
            handle.write(f"{number},{NAMES[number % len(NAMES)]}\n")
    tracemalloc.start()
    try:
        _screen(path, out=out)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_file(listed, tmp_path, monkeypatch):
    # Small batches, so that both files fill several: the measure is then of streaming,
    # not of one batch's size.
    monkeypatch.setattr(screening, "HIT_BATCH", 50)
    _peak_memory(tmp_path / "warm.csv", 100, tmp_path / "warm-hits.csv")  # index, caches
    small = _peak_memory(tmp_path / "small.csv", 300, tmp_path / "small-hits.csv")
    large = _peak_memory(tmp_path / "large.csv", 3000, tmp_path / "large-hits.csv")
    # Ten times the rows and the hits: the peak stays about the same (the database
    # driver's statement cache adds a little), as rows are read, screened and written one
    # at a time and hits stored in batches. Holding the hits would take several times more.
    assert large < small * 3, (small, large)
    assert ScreeningHit.objects.filter(run__input_count=3000).count() == 1500

"""Screening names against the UN list's Mali entries (real 2020 file) and the whole list."""

from __future__ import annotations

import pytest

from accordwatch.sanctions.matching import DEFAULT_THRESHOLD, Entry, Index, Name
from tests.conftest import real_file
from tests.sanctions.un_mali import un_entries


@pytest.fixture(scope="module")
def mali_index() -> Index:
    entries = un_entries(real_file("un-consolidated-list-2020-11-30.xml"), list_type="Mali")
    assert len(entries) == 8
    return Index.build(entries)


@pytest.fixture(scope="module")
def whole_list() -> Index:
    return Index.build(un_entries(real_file("un-consolidated-list-2020-11-30.xml")))


@pytest.mark.parametrize(
    ("query", "reference"),
    [
        ("Mohamed Ould Matali", "MLi.008"),
        ("محمد ولد ماتالي", "MLi.008"),
        ("Amadou Ag Isriou", "MLi.001"),
        ("MATALY Mohamed", "MLi.008"),
        ("Mohammed ould Mataly", "MLi.008"),
        ("Ahmed Ag Albachar", "MLi.004"),
        ("Ahmed Ag Al-Bachar", "MLi.004"),
        ("Mohamed Ibn Al-Housseini", "MLi.005"),
        ("Houka Houka Ag Al Husseini", "MLi.005"),
        ("Mahamadou Ag Rhissa", "MLi.002"),
        ("Yoro Ould Daya", "MLi.006"),
        ("Mohamed Ould Ahmed Daya", "MLi.007"),
    ],
)
def test_variant_spellings_find_the_listed_person(mali_index, query, reference):
    hits = mali_index.search(query)
    assert hits, f"no hit for {query}"
    assert hits[0].entry_id == reference
    assert hits[0].score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize("query", ["Mohamed Ould Matali", "محمد ولد ماتالي", "Amadou Ag Isriou"])
def test_the_issue_names_are_found_in_the_whole_list(whole_list, query):
    hits = whole_list.search(query, limit=3)
    assert hits and hits[0].entry_id in {"MLi.008", "MLi.001"}


@pytest.mark.parametrize(
    "query", ["Mamadou Traoré", "Fatoumata Diarra", "Seydou Keïta", "Aminata Coulibaly"]
)
def test_common_malian_names_that_are_not_listed_give_no_hit(mali_index, query):
    assert mali_index.search(query) == []


def test_a_hit_explains_which_words_paired_and_how(mali_index):
    hit = mali_index.search("محمد ولد ماتالي")[0]
    assert "Arabic script read as 'mohamed ould matali'" in hit.explanation
    assert "matali=mataly" in hit.explanation
    assert "ould (same particle)" in hit.explanation
    pairs = hit.comparison.as_dict()["pairs"]
    assert {"query": "mohamed", "listed": "mohamed", "similarity": 1.0, "how": "exact"} in pairs


def test_birth_date_nationality_and_gender_move_the_score():
    index = Index.build(
        [Entry("X1", [Name("Mohamed Ould Mataly")], ["1963-12-31"], ["Mali"], "male")]
    )
    plain = index.search("Mohamed Ould Matali")[0].score
    same = index.search("Mohamed Ould Matali", birth_date="1963-12-31", nationality="ML")[0]
    assert same.score > plain
    assert "same date 1963-12-31" in same.explanation
    other = index.search("Mohamed Ould Matali", birth_date="1980", threshold=0.0)[0]
    assert other.score < plain
    woman = index.search("Mohamed Ould Matali", gender="F", threshold=0.0)[0]
    assert woman.score < plain
    # A feature only one side gives changes nothing.
    assert index.search("Mohamed Ould Matali", birth_date="1963")[0].score >= plain
    silent = Index.build([Entry("X2", [Name("Mohamed Ould Mataly")])])
    assert silent.search("Mohamed Ould Matali", birth_date="1980")[0].score == plain


def test_threshold_is_configurable(mali_index):
    assert mali_index.search("Mohamed Matali Traore", threshold=0.95) == []
    assert mali_index.search("Mohamed Matali Traore", threshold=0.5)


def test_low_quality_alias_scores_below_a_good_name():
    index = Index.build([Entry("A", [Name("Ahmadou Kone", "low")]), Entry("B", ["Ahmadou Kone"])])
    low, good = sorted(index.search("Ahmadou Kone"), key=lambda h: h.entry_id)
    assert low.score < good.score
    assert "low-quality alias" in low.explanation


def test_one_hit_per_entry_and_the_limit_holds():
    index = Index.build(
        [Entry(f"E{i}", [f"Moussa Ag Intallah {i}", f"Mossa Ag Intalla {i}"]) for i in range(30)]
    )
    hits = index.search("Moussa Ag Intallah", limit=5, threshold=0.5)
    assert len(hits) == 5
    assert len({h.entry_id for h in hits}) == 5

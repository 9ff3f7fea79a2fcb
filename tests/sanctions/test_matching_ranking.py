"""Which entries a search returns when more of them reach the threshold than ``limit``: the
highest scores, ties among the names compared settled by the smallest entry id, each entry
at its best name, whatever order the index holds them in."""

from __future__ import annotations

import random

from accordwatch.sanctions.matching import Entry, Index, Name


def _ranking(index: Index, query: str, limit: int) -> list[tuple[str, float]]:
    return [(h.entry_id, h.score) for h in index.search(query, limit=limit)]


def test_a_limited_search_returns_the_head_of_the_full_ranking():
    # One exact "Traore" makes every Traore-like name worth comparing (its bound is that of an
    # exact word), so all of them are scored and must be ranked, not just met first.
    spellings = ["Mamadou Traoure", "Mamadou Traorre", "Mahamadou Traoure", "Mamadou Traure"]
    entries = [Entry(f"T{n:03d}", [spellings[n % len(spellings)]]) for n in range(1, 121)]
    entries.append(Entry("T999", ["Mamadou Traore"]))
    random.Random(4).shuffle(entries)
    index = Index.build(entries)
    full = _ranking(index, "Mamadou Traore", len(entries))
    assert len(full) == 121
    assert full[0] == ("T999", 1.0)
    for limit in (2, 5, 10, 31):
        assert _ranking(index, "Mamadou Traore", limit) == full[:limit]


def test_tied_entries_met_later_give_way_to_smaller_ids():
    # Met from the largest id down, each tied newcomer takes the place of the last entry.
    entries = [Entry("S999", ["Ousmane Sissoko"])]
    entries += [Entry(f"H{n:02d}", ["Ousmane Sisoko"]) for n in range(40, 0, -1)]
    hits = Index.build(entries).search("Ousmane Sissoko", limit=4)
    assert [h.entry_id for h in hits] == ["S999", "H01", "H02", "H03"]
    assert hits[1].score == hits[2].score == hits[3].score < 1.0


def test_an_entry_counts_at_its_best_name():
    entries = [Entry(f"A{n:02d}", ["Boubacar Keita"]) for n in range(5)]
    entries.append(Entry("Z99", [Name("Boubacar Keyta"), Name("Boubacar Keita Dicko")]))
    hits = Index.build(entries).search("Boubacar Keita Dicko", limit=2)
    assert [h.entry_id for h in hits] == ["Z99", "A00"]
    assert hits[0].matched_name == "Boubacar Keita Dicko"
    assert hits[0].score == 1.0

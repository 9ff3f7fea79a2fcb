"""Name matching for sanctions screening: pure Python (rapidfuzz, anyascii), no Django.

    from accordwatch.sanctions.matching import Entry, Index, Name, compare

    index = Index.build([Entry("MLi.008", [Name("MOHAMED OULD MATALY")], nationalities=["Mali"])])
    index.search("محمد ولد ماتالي", nationality="Mali")  # -> [Hit(entry_id="MLi.008", ...)]
    compare("Amadou Ag Isriou", "Ahmoudou Ag Asriw").explanation()

Scores are in [0, 1]; ``DEFAULT_THRESHOLD`` is where the benchmarks put it (see
benchmarks/README.md). Each hit carries a ``Comparison`` that says which words paired and how,
what normalisation did, and what the birth date, nationality and gender changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import tokens
from .compare import Comparison, PreparedName, name_comparison, prepare, word_similarity
from .features import adjustments
from .index import DEFAULT_THRESHOLD, Entry, Hit, Index, Name
from .text import to_ascii_words

__all__ = [
    "DEFAULT_THRESHOLD",
    "Comparison",
    "Entry",
    "Hit",
    "Index",
    "Name",
    "PreparedName",
    "clear_caches",
    "compare",
    "prepare",
]


def compare(
    a: str,
    b: str,
    *,
    birth_date_a: object = None,
    birth_dates_b: Iterable[object] = (),
    nationality_a: str | None = None,
    nationalities_b: Iterable[str] = (),
    gender_a: str | None = None,
    gender_b: str | None = None,
) -> Comparison:
    """Compare one name (``a``, the query) with another (``b``, the listed name)."""
    comparison = name_comparison(prepare(a or ""), prepare(b or ""))
    if comparison.name_score > 0:
        comparison.adjustments = adjustments(
            query_birth_date=birth_date_a,
            birth_dates=birth_dates_b,
            query_nationality=nationality_a,
            nationalities=nationalities_b,
            query_gender=gender_a,
            gender=gender_b,
        )
        total = comparison.name_score + sum(d for _, d, _ in comparison.adjustments)
        comparison.score = max(0.0, min(1.0, total))
    return comparison


def clear_caches() -> None:
    """Forget every word and name the module has read (its caches, which all indexes share;
    an index's own go with ``Index.clear_caches``): what a process that has screened
    nothing yet knows. The benchmarks clear both to measure names never seen before."""
    tokens.clear_caches()
    for cached in (prepare, word_similarity, to_ascii_words):
        cached.cache_clear()

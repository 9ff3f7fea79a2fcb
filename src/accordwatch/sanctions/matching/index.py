"""Candidate retrieval: which listed names are worth comparing with a query.

Tables built once:

- ``_by_pair``: two phonetic keys of one listed name, the lesser then the greater -> the
  names holding both (a table per lesser key, so that a query's near keys meet the listed
  pairs by set intersection in C rather than by one lookup per combination). A listed
  name of two or more words only reaches a useful score when at least two of its words pair
  with the query's (one shared "Mohamed" is not a match), so a query of several words looks
  up its pairs of keys: a handful of names each, even among a million.
- ``_by_key``: one phonetic key -> the names holding it, for one-word queries, and
  ``_single``: the same for listed names of a single word (aliases such as "Yoro").
- ``_by_deletion``: each key with one letter deleted (and the key itself) -> the keys, so a
  query word finds keys one or two edits away without comparing against every key (the
  symmetric-deletion idea of SymSpell). Beyond 300,000 distinct keys only long keys go in,
  and a short query key's one-edit variants are generated and looked up instead, which
  costs a little time per new query word and no memory; ``_by_skeleton``: consonants ->
  keys, for words read from Arabic script, which writes no short vowels.

The candidates are ranked by an upper bound of the score they can reach and compared fully,
best bound first, until the bound falls below the threshold or ``limit`` hits are surely
the best.
"""

from __future__ import annotations

import gc
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, combinations
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple, cast

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from .compare import (
    EXACT,
    EXTRA_WORD,
    KEY_EDIT_COST,
    MOST_EDITS,
    PHONETIC,
    SKELETON,
    SUBSTITUTION,
    VARIANT,
    Comparison,
    Matched,
    PreparedName,
    allowed_edits,
    explained,
    key_edits_allowed,
    matched,
    prepare,
    prepare_uncached,
    typo_similarity,
    word_similarity,
)
from .features import adjustments, parse_birth_date
from .tokens import COMMON_WEIGHT, LEGAL, NAME, NUMBER, PARTICLE, TITLE, Token

DEFAULT_THRESHOLD = 0.72
LOW_QUALITY_FACTOR = 0.92  # a "low quality" alias (a nickname, a short form) proves less
# The most the features can add (same birth date and a shared nationality): the retrieval
# bound keeps names that only reach the threshold thanks to them.
_MAX_BONUS = 0.09
# Pairs of words are indexed among the first few words of a name only: a listed name of
# twelve words would otherwise add 66 pairs.
_MAX_PAIRED_WORDS = 6
# A key held by more listed words than this keeps the list of their letters between queries.
_SPELLINGS_COMPARED = 6
_PAIRED_ALIKE = (PARTICLE, TITLE, LEGAL)  # kinds of words that pair only with the same word


# Each cache of what queries taught the index (see ``clear_caches``) is emptied when it holds
# this many entries: a server screening for months keeps a bounded memory.
_KEPT = 200_000

# Partners gathered per query word (see ``_Near``) up to this many; beyond (a common name
# among a million), the pair lookups go through the near keys one by one.
_PARTNERS_GATHERED = 2048


class _Near(NamedTuple):
    """What the index keeps of one query word between queries (see ``_near``)."""

    keys: list[str]  # listed keys near it, the key itself first when listed
    positions: dict[str, int]  # each near key's rank in ``keys``
    # The pairs are stored lesser key first, so a near key's table holds the keys listed
    # after it. Gathered over the near keys: each key listed after one of them, with the
    # smallest and the largest rank of the near keys whose tables hold it (most are held by
    # one), or None when there are too many to gather or the tables are one or two. A pair of
    # query words meets a listed pair through this word's side only at the other word's near
    # keys found here: a few lookups instead of a set intersection per near key. Gathered
    # with dict.fromkeys, in C.
    first_rank: dict[str, int] | None
    last_rank: dict[str, int] | None
    tables: list[dict[str, Postings] | None]  # per rank: the near key's pairs, if any
    single: list[tuple[str, Postings]]  # near keys that are one-word listed names: their names
    by_key: list[tuple[str, Postings]]  # near keys: the names holding them
    # Near keys listed first in some pair, in rank order: (key, rank, its pairs' table).
    paired: list[tuple[str, int, dict[str, Postings]]]
    # The same for the keys reached through a typo only (see ``_typo_keys``), which come
    # last and are not gathered: a word's typos depend on its letters, the rest on its key
    # alone, so the rest is shared by every spelling of the key (Amadou, Hamadou, Ahmadou).
    typo_paired: list[tuple[str, int, dict[str, Postings]]]
    # Of those keys, the names holding the listed words the query word resembles. A listed
    # name holding such a key through another word gains nothing from this query word, so
    # the key's names are only these (its own tables and lists here are cut down already; a
    # pair met from the other query word's side is cut down when met).
    typos: dict[str, set[int]]


_NOWHERE = _Near([], {}, {}, {}, [], [], [], [], [], {})  # (shared: never changed)


@dataclass(frozen=True, slots=True)
class Name:
    text: str
    quality: str = "good"  # "good" or "low", as the UN list grades aliases


@dataclass(frozen=True, slots=True)
class Entry:
    """A listed person or entity: an id of the caller's choosing and its names."""

    id: str
    names: Sequence[Name | str]
    birth_dates: Sequence[object] = ()
    nationalities: Sequence[str] = ()
    gender: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    entry_id: str
    matched_name: str
    score: float
    comparison: Comparison = field(compare=False, repr=False)

    @property
    def explanation(self) -> str:
        return self.comparison.explanation()


_joined = "".join


def _deletions(key: str) -> list[str]:
    """The key, then the key with each one of its letters deleted, first letter first (a
    doubled letter gives the same string twice, which costs a lookup and nothing else)."""
    if len(key) <= 3:
        return [key]
    # (Made in C: the combinations of all the letters but one leave out the last letter
    # first, so the list is turned round once the key itself is added at its end.)
    deletions = list(map(_joined, combinations(key, len(key) - 1)))
    deletions.append(key)
    deletions.reverse()
    return deletions


# Per length of the strings of a deletion table (see ``_meets``): the first halves, and the
# second halves from one letter before the middle. Indexed by length.
_Halves = tuple[list[set[str]], list[set[str]]]


def _halves(table: Iterable[str]) -> _Halves:
    heads: list[set[str]] = []
    tails: list[set[str]] = []
    for string in table:
        length = len(string)
        while len(heads) <= length:
            heads.append(set())
            tails.append(set())
        middle = (length + 1) // 2
        heads[length].add(string[:middle])
        tails[length].add(string[middle - 1 :])
    return heads, tails


def _meets(table: dict[str, Any], halves: _Halves, word: str) -> bool:
    """Whether ``table`` holds ``word`` or one of its one-letter deletions (the strings of
    ``_deletions``, for a word of four letters or more). Most new words, made-up family
    names, meet none. A deletion keeps either the word's first half (the letter deleted is
    in the second) or its second half (it is in the first), so a word whose halves are
    found in no string of the table's of one letter less is out after two lookups; the
    others have their deletions made and looked up in C."""
    if word in table:
        return True
    length = len(word)
    heads, tails = halves
    if length > len(heads):
        return False
    middle = length // 2
    if word[:middle] not in heads[length - 1] and word[middle:] not in tails[length - 1]:
        return False
    return not table.keys().isdisjoint(map(_joined, combinations(word, length - 1)))


_LONG_KEY = 7  # keys this long may be two edits apart
_FULL_DELETIONS_UP_TO = 300_000  # distinct keys
_LETTER_DELETIONS_UP_TO = 300_000  # distinct listed words


def _allowed_key_distance(length: int) -> int:
    return 0 if length <= 3 else 1 if length < _LONG_KEY else 2


def _index_keys(name: PreparedName) -> list[str]:
    return sorted({t.key for t in name.tokens if t.kind in (NAME, NUMBER) and t.key})


# Postings: a lone name number is kept as an int (most pairs of words belong to one name
# in a large list); a second one turns it into an array.
Postings = int | array


def _append(table: dict[Any, Postings], key: Any, number: int) -> None:
    postings = table.get(key)
    if postings is None:
        table[key] = number
    elif isinstance(postings, int):
        table[key] = array("I", (postings, number))
    else:
        postings.append(number)


def _add_to(table: dict[str, Any], key: str, value: Any) -> None:
    """A set of values per key kept small: one value alone, several in a list."""
    present = table.get(key)
    if present is None:
        table[key] = value
    elif isinstance(present, list):
        if not any(value is known or value == known for known in present):
            present.append(value)
    elif not (present is value or present == value):
        table[key] = [present, value]


def _values(table: dict[str, Any], key: str) -> list[Any]:
    present = table.get(key)
    if present is None:
        return []
    return present if isinstance(present, list) else [present]


def _merged(met: list[Postings]) -> dict[int, int]:
    """The names of the posting lists ``met`` (best first), each with the place in ``met`` of
    the first list that holds it (where its best value is), in a fixed order: the lists of
    several names from the last to the first, then the lone names from the first to the last
    (the order in which a list merged in front of the names met so far leaves them; the
    order among equal bounds decides which of tied names are compared). Each list of several
    names is read once, in C."""
    order: dict[int, int] = {}
    lone: list[int] = []
    # From the last list to the first: an earlier (better) list overwrites a name's place in
    # the lists and keeps where the name stands.
    for place in range(len(met) - 1, -1, -1):
        postings = met[place]
        if isinstance(postings, int):
            lone.append(place)
        else:
            order.update(dict.fromkeys(postings, place))
    if lone:
        # Lone names after those, first met first; a name also in a list keeps the earlier
        # of the two places.
        get = order.get
        for place in reversed(lone):
            number = cast(int, met[place])
            known = get(number)
            if known is None or place < known:
                order[number] = place
    return order


def _score_bound(
    gain: float,
    plain: float,
    shared_words: int,
    listed_weight: float,
    listed_words: int,
    query_weight: float,
    query_words: int,
    unindexed: float,
    unindexed_words: float,
) -> float:
    """The most the comparison can give a listed name that shares ``shared_words`` of the
    query's words (``plain`` their weight, ``gain`` that weight times their similarity): the
    shared words paired with the similarity they reach, the query's particles paired too,
    the listed side as heavy as allowed (at most one, the largest word weight, per word)."""
    # (Comparisons rather than min and max, which cost a call each: this runs per candidate.)
    query_side = plain + unindexed
    listed_side = listed_weight
    if query_side / COMMON_WEIGHT < listed_side:
        listed_side = query_side / COMMON_WEIGHT
    if shared_words + unindexed_words < listed_side:
        listed_side = shared_words + unindexed_words
    mean_similarity = (gain + unindexed) / query_side
    gained = (query_side + listed_side) * mean_similarity
    query_left = query_weight - query_side
    if not query_left > 0.0:
        query_left = 0.0
    listed_left = listed_weight - listed_side
    if not listed_left > 0.0:
        listed_left = 0.0
    replaced = query_left if query_left <= listed_left else listed_left
    extra = abs(query_left - listed_left)
    extra_cost = EXTRA_WORD if plain >= 1.0 + COMMON_WEIGHT else 1.0
    bound = gained / (query_side + listed_side + 2 * replaced + extra_cost * extra)
    # Words left over on both sides are replacements, each costing a factor.
    replacements = query_words - shared_words
    if listed_words - shared_words < replacements:
        replacements = listed_words - shared_words
    if replacements > 0:
        bound *= SUBSTITUTION**replacements
    return bound


def _best_case_bound(
    gain: float,
    plain: float,
    shared_words: int,
    query_weight: float,
    unindexed: float,
    unindexed_words: float,
) -> float:
    """What ``_score_bound`` gives at most, whatever the listed name: its side as heavy as
    allowed (the ratio grows with it), nothing left over on it (the denominator only grows
    with what is left), no word replaced. Names sharing only this much with the query are
    dropped without a bound each."""
    query_side = plain + unindexed
    listed_side = query_side / COMMON_WEIGHT
    if shared_words + unindexed_words < listed_side:
        listed_side = shared_words + unindexed_words
    mean_similarity = (gain + unindexed) / query_side
    query_left = query_weight - query_side
    if not query_left > 0.0:
        query_left = 0.0
    extra_cost = EXTRA_WORD if plain >= 1.0 + COMMON_WEIGHT else 1.0
    sides = query_side + listed_side
    return sides * mean_similarity / (sides + extra_cost * query_left)


def _meet(
    near: _Near,
    other_at: dict[str, int],
    meeting: list[tuple[int, int, str, str, Postings]],
    swapped: bool,
) -> None:
    """Add to ``meeting`` the listed pairs of one of ``near``'s keys (listed first) and one of
    the other query word's near keys (``other_at``, with their ranks), as (rank of the first
    query word's key, rank of the second's, the first's key, the second's, the names);
    ``swapped`` when ``near`` is the second query word's. Looked up only when the gathered
    ranks allow a meeting (most pairs of query words meet no listed pair at all)."""
    keys = near.keys
    first_rank = near.first_rank
    # (Each branch twice, so that the tuples are made once in the order wanted.)
    if first_rank is None:
        for one, i, pairs in near.paired:
            for other in pairs.keys() & other_at.keys():
                if swapped:
                    meeting.append((other_at[other], i, other, one, pairs[other]))
                else:
                    meeting.append((i, other_at[other], one, other, pairs[other]))
    elif not first_rank.keys().isdisjoint(other_at):
        last_rank, tables = cast(dict[str, int], near.last_rank), near.tables
        for other, j in other_at.items():
            first = first_rank.get(other)
            if first is None:
                continue
            end = last_rank[other]
            for rank in range(first, end + 1):
                table = tables[rank]
                if table is not None:
                    postings = table.get(other)
                    if postings is not None:
                        if swapped:
                            meeting.append((j, rank, other, keys[rank], postings))
                        else:
                            meeting.append((rank, j, keys[rank], other, postings))
    for one, i, pairs in near.typo_paired:
        for other in pairs.keys() & other_at.keys():
            if swapped:
                meeting.append((other_at[other], i, other, one, pairs[other]))
            else:
                meeting.append((i, other_at[other], one, other, pairs[other]))


_key_of = attrgetter("key")
_NO_PAIRS: Counter[int] = Counter()  # (shared, never changed: pairs are counted from three words)

# Room for rounding between the two bounds: a name is dropped early only when clearly out.
_ROUNDING = 1e-9


class Index:
    """Listed names ready for screening. Build once with ``Index.build(entries)``."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self._names: list[PreparedName] = []
        self._name_entry = array("I")
        self._name_low = bytearray()
        self._name_words = bytearray()  # distinct indexed words per name (at most 255)
        # Per name, a number for its (weight, distinct indexed words): what the score bound
        # needs of a listed name, and shared by most names (a few hundred shapes in all).
        self._name_shape = array("I")
        # (A shape also holds the weight of the name's particles and titles: the query's own
        # pair with nothing else, so a name without any leaves them unpaired.)
        self._shapes: dict[tuple[float, int, float], int] = {}
        self._shape_list: list[tuple[float, int, float]] = []
        self._by_key: dict[str, Postings] = {}
        self._by_pair: dict[str, dict[str, Postings]] = {}
        self._single: dict[str, Postings] = {}
        self._by_deletion: dict[str, Any] = {}  # for long keys only: key minus a letter -> keys
        self._by_skeleton: dict[str, Any] = {}
        self._by_letters: dict[str, Any] = {}  # a listed word minus one letter -> the words
        self._deletion_halves: _Halves = ([], [])  # (see ``_meets``)
        self._letter_halves: _Halves = ([], [])
        self._names_of_word: dict[Token, Postings] = {}  # with ``_by_letters``: word -> names
        self._alphabet = ""
        self._full_deletions = True
        self._seen_tokens: set[Token] = set()  # while building: distinct words added
        # (per key, with its consonants for a query from Arabic script: see ``_key_near``)
        self._similar_cache: dict[tuple[str, str | None], _Near] = {}
        self._word_cache: dict[tuple[Token, str, bool], float] = {}
        # (per query word, as read from Latin and from Arabic script: what ``_near`` gives)
        self._near_of_token: tuple[dict[Token, _Near], dict[Token, _Near]] = ({}, {})
        # (per pair of query words: see ``_pair_meeting``)
        self._pair_cache: dict[tuple[Token, Token, bool], Any] = {}
        self._tokens: dict[str, Any] = {}  # the distinct listed words (Token) of each key
        self._texts_of_key: dict[str, list[str]] = {}  # their letters, for keys of many words
        self._arabic_keys: set[str] = set()  # keys of words of names written in Arabic script

    @classmethod
    def build(cls, entries: Iterable[Entry]) -> Index:
        index = cls()
        # The index is millions of small objects that live as long as the screening. The
        # cyclic garbage collector would walk them all again and again, while building and
        # at every full collection during the queries, for nothing: they hold no cycles and
        # are freed by reference counting when the index goes. So it is paused while
        # building, and what exists afterwards is moved out of its reach (gc.freeze). Garbage
        # already waiting is collected first, so that freezing cannot keep it alive.
        collecting = gc.isenabled()
        if collecting:
            gc.collect()
        gc.disable()
        try:
            for entry in entries:
                index._add(entry)
            index._build_key_tables()
        finally:
            if collecting:
                gc.enable()
        gc.freeze()
        return index

    def clear_caches(self) -> None:
        """Forget what earlier queries left behind (what their words resemble, their pairs'
        meetings, their words' similarities); the listed names stay indexed."""
        self._similar_cache.clear()
        self._word_cache.clear()
        self._pair_cache.clear()
        for near_of in self._near_of_token:
            near_of.clear()

    def __len__(self) -> int:
        return len(self._names)

    def _add(self, entry: Entry) -> None:
        entry_number = len(self.entries)
        self.entries.append(entry)
        seen: set[str] = set()
        seen_tokens = self._seen_tokens
        for name in entry.names:
            text, quality = (name, "good") if isinstance(name, str) else (name.text, name.quality)
            if not text or not text.strip() or text in seen:
                continue
            seen.add(text)
            prepared = prepare_uncached(text)
            if not prepared.tokens:
                continue
            name_number = len(self._names)
            self._names.append(prepared)
            self._name_entry.append(entry_number)
            self._name_low.append(1 if (quality or "").lower().startswith("low") else 0)
            keys = _index_keys(prepared)
            self._name_words.append(min(len(keys), 255))
            particles = sum([t.weight for t in prepared.tokens if t.kind in _PAIRED_ALIKE])
            shape = (prepared.weight, min(len(keys), 255), particles)
            shape_number = self._shapes.get(shape)
            if shape_number is None:
                shape_number = self._shapes[shape] = len(self._shape_list)
                self._shape_list.append(shape)
            self._name_shape.append(shape_number)
            for key in keys:
                _append(self._by_key, key, name_number)
            if prepared.arabic:
                self._arabic_keys.update(keys)
            if len(keys) == 1:
                _append(self._single, keys[0], name_number)
            for token in prepared.tokens:
                if token not in seen_tokens and token.key and token.kind in (NAME, NUMBER):
                    seen_tokens.add(token)
                    _add_to(self._tokens, token.key, token)
            for first, second in combinations(keys[:_MAX_PAIRED_WORDS], 2):
                partners = self._by_pair.get(first)
                if partners is None:
                    partners = self._by_pair[first] = {}
                _append(partners, second, name_number)

    def _build_key_tables(self) -> None:
        letters: set[str] = set()
        # The deletion table (SymSpell's idea: a key minus one letter -> the keys) finds near
        # keys with a few lookups, but holds several entries per key. Up to a few hundred
        # thousand distinct keys it holds them all; beyond, only the long keys (two edits
        # apart are allowed from seven letters on), and a query's short keys are matched by
        # generating their one-edit variants instead (about 200 lookups, no memory).
        self._full_deletions = len(self._by_key) <= _FULL_DELETIONS_UP_TO
        shortest = 4 if self._full_deletions else _LONG_KEY - 1
        for key in self._by_key:
            letters.update(key)
            if len(key) >= shortest:
                for deletion in _deletions(key):
                    _add_to(self._by_deletion, deletion, key)
        self._alphabet = "".join(sorted(letters))
        for token in self._seen_tokens:
            if token.kind == NAME and len(token.skeleton) >= 3:
                _add_to(self._by_skeleton, token.skeleton, token.key)
        # The listed words' own letters minus one (the same idea on the words, not their
        # keys): a typo can move the phonetic key two edits away (Chol/Cohl, Diallo/Dialol)
        # while the comparison still pairs the words, so the words within one edit are
        # found here. It holds about ten entries per distinct word: kept up to a few hundred
        # thousand words (the UN list has some five thousand).
        if len(self._seen_tokens) <= _LETTER_DELETIONS_UP_TO:
            for token in self._seen_tokens:
                if token.kind == NAME and len(token.text) > 3:
                    for deletion in _deletions(token.text):
                        _add_to(self._by_letters, deletion, token)
            # (The names holding each word: what a typo key's names are cut down to.)
            for number, name in enumerate(self._names):
                for token in set(name.tokens):
                    if token.kind == NAME:
                        _append(self._names_of_word, token, number)
        self._seen_tokens = set()
        self._deletion_halves = _halves(self._by_deletion)
        self._letter_halves = _halves(self._by_letters)

    def _edits(self, key: str) -> set[str]:
        """Every string one deletion, substitution or insertion away from ``key`` over the
        listed keys' letters."""
        alphabet = self._alphabet
        splits = [(key[:i], key[i:]) for i in range(len(key) + 1)]
        edits = {head + tail[1:] for head, tail in splits if tail}
        edits |= {head + c + tail[1:] for head, tail in splits if tail for c in alphabet}
        edits |= {head + c + tail for head, tail in splits for c in alphabet}
        edits.discard(key)
        return edits

    def _near(self, key: str, skeleton: str | None, text: str, consonants: str) -> _Near:
        """The listed keys near a query word and what the pair lookups need of them (see
        ``_Near``): those near its key, computed once per key and kept, then those its
        letters reach through a typo (the caller keeps the whole per word). ``skeleton`` is
        the word's consonants when the query was written in Arabic script, ``consonants`` the
        same whatever the script (it depends on the letters alone)."""
        near = self._key_near(key, skeleton)
        if (
            len(text) > 3
            and self._by_letters
            and _meets(self._by_letters, self._letter_halves, text)
        ):
            typos = self._typo_keys(text, consonants, _deletions(text), near.positions)
            if typos:
                near = self._with_typos(near, typos)
        return near

    def _key_near(self, key: str, skeleton: str | None) -> _Near:
        cache_key = (key, skeleton)
        cached = self._similar_cache.get(cache_key)
        if cached is not None:
            return cached
        found = self._near_keys(key, skeleton)
        if found:
            by_pair, single, by_key = self._by_pair, self._single, self._by_key
            # (One loop rather than a comprehension per list: each is a call on Python 3.11.)
            positions: dict[str, int] = {}
            paired: list[tuple[str, int, dict[str, Postings]]] = []
            singles: list[tuple[str, Postings]] = []
            holding: list[tuple[str, Postings]] = []
            for i, k in enumerate(found):
                positions[k] = i
                table = by_pair.get(k)
                if table is not None:
                    paired.append((k, i, table))
                one = single.get(k)
                if one is not None:
                    singles.append((k, one))
                postings = by_key.get(k)
                if postings is not None:
                    holding.append((k, postings))
            first_rank: dict[str, int] | None = None
            last_rank: dict[str, int] | None = None
            tables: list[dict[str, Postings] | None] = []
            if not paired:
                first_rank = last_rank = {}
            elif len(paired) > 2 and sum(len(t) for _, _, t in paired) <= _PARTNERS_GATHERED:
                # (With one or two tables the lookups themselves are as quick as this.)
                first_rank, last_rank = {}, {}
                for _one, i, table in reversed(paired):
                    first_rank.update(dict.fromkeys(table, i))
                for _one, i, table in paired:
                    last_rank.update(dict.fromkeys(table, i))
                tables = [None] * len(found)
                for _one, i, table in paired:
                    tables[i] = table
            near = _Near(
                found, positions, first_rank, last_rank, tables, singles, holding, paired, [], {}
            )
        else:
            near = _NOWHERE  # a word no listed word resembles (most made-up family names)
        if len(self._similar_cache) >= _KEPT:
            self._similar_cache.clear()
        self._similar_cache[cache_key] = near
        return near

    def _with_typos(self, near: _Near, resembling: dict[str, frozenset[Token]]) -> _Near:
        """``near`` and, after its keys, the keys a typo reaches, their names cut down to
        those holding the words resembling the query word (see ``_typo_keys``)."""
        keys = near.keys + list(resembling)
        names_of = self._names_of_word
        typos: dict[str, set[int]] = {}
        positions = dict(near.positions)
        by_pair, single = self._by_pair, self._single
        typo_paired: list[tuple[str, int, dict[str, Postings]]] = []
        singles = list(near.single)
        holding = list(near.by_key)
        for rank, (other, words) in enumerate(resembling.items(), len(near.keys)):
            positions[other] = rank
            held = typos[other] = set()
            for word in words:
                holding_word = names_of.get(word)
                if isinstance(holding_word, int):
                    held.add(holding_word)
                elif holding_word is not None:
                    held.update(holding_word)
            table = by_pair.get(other)
            if table is not None:
                table = self._pairs_holding(table, held)
            one = single.get(other)
            if one is not None:
                one = self._holding(one, held)
            postings = self._holding(self._by_key[other], held)
            if table:
                typo_paired.append((other, rank, table))
            if one is not None:
                singles.append((other, one))
            if postings is not None:
                holding.append((other, postings))
        return near._replace(
            keys=keys,
            positions=positions,
            single=singles,
            by_key=holding,
            typo_paired=typo_paired,
            typos=typos,
        )

    @staticmethod
    def _holding(postings: Postings, held: set[int]) -> Postings | None:
        """The names of ``postings`` that are in ``held``, or None."""
        if isinstance(postings, int):
            return postings if postings in held else None
        kept = [n for n in postings if n in held]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else array("I", kept)

    def _pairs_holding(self, table: dict[str, Postings], held: set[int]) -> dict[str, Postings]:
        cut: dict[str, Postings] = {}
        # (``_holding`` written out: this runs over every partner of a common key.)
        for other, postings in table.items():
            if isinstance(postings, int):
                if postings in held:
                    cut[other] = postings
                continue
            kept = [n for n in postings if n in held]
            if kept:
                cut[other] = kept[0] if len(kept) == 1 else array("I", kept)
        return cut

    def _near_keys(self, key: str, skeleton: str | None) -> list[str]:
        by_key = self._by_key
        found: list[str] = [key] if key in by_key else []
        if len(key) > 3:  # (shorter keys must match exactly: ``_allowed_key_distance``)
            seen = set(found)
            if (self._full_deletions or len(key) >= _LONG_KEY - 1) and _meets(
                self._by_deletion, self._deletion_halves, key
            ):
                deletions = _deletions(key)
                get = self._by_deletion.get
                distance = Levenshtein.distance
                # A listed key met through one of the key's deletions, and neither the key
                # nor that deletion itself, has one letter taken out where the key has
                # another: as many letters as the key, at most two edits from it. Two are
                # allowed from seven letters on, so only a shorter key is measured.
                limit = _allowed_key_distance(len(key))
                for deletion in deletions:
                    present = get(deletion)
                    if present is None:
                        continue
                    for other in present if isinstance(present, list) else (present,):
                        if other in seen:
                            continue
                        seen.add(other)
                        if deletion is key or other == deletion:
                            # One letter added to or taken from the key: one edit, allowed at
                            # any length that reaches this table (four letters and more).
                            found.append(other)
                        elif limit >= 2 or distance(key, other, score_cutoff=limit) <= limit:
                            found.append(other)
            if not self._full_deletions and len(key) < _LONG_KEY:
                found += [edit for edit in self._edits(key) if edit in by_key and edit not in seen]
        if skeleton:
            for other in _values(self._by_skeleton, skeleton):
                if other not in found:
                    found.append(other)
        return found

    def _typo_keys(
        self, text: str, consonants: str, letters: list[str], found: dict[str, int]
    ) -> dict[str, frozenset[Token]]:
        """The keys, not in ``found``, of listed words a typo away from ``text`` (the edits
        ``compare`` allows for the longer of the two words), each with those of its words
        that ``word_similarity`` can pair with the query word: the typo ones, any other
        spelling of the key within the edits allowed (the deletion table finds most typos,
        not all), and those with the same consonants (``consonants``: paired so when either
        name was written in Arabic script). Its other words are too far from the query word
        in letters, in key and in consonants to pair with it."""
        known = set(found)
        keys: list[str] = []
        get = self._by_letters.get
        # A listed word met in this table is at most two edits from the word (one letter
        # taken out of each, as for the keys in ``_near_keys``): from eight letters on, two
        # are allowed, so only a shorter word is measured.
        within_reach = allowed_edits(len(text)) >= 2
        for deletion in letters:
            present = get(deletion)
            if present is None:
                continue
            for listed in present if isinstance(present, list) else (present,):
                other = listed.key
                if other in known:
                    continue
                if not within_reach:
                    allowed = allowed_edits(max(len(text), len(listed.text)))
                    if OSA.distance(text, listed.text, score_cutoff=allowed) > allowed:
                        continue
                known.add(other)
                keys.append(other)
        typos: dict[str, frozenset[Token]] = {}
        same_consonants = consonants if len(consonants) >= 3 else None
        for other in keys:
            words = []
            for listed in _values(self._tokens, other):
                if listed.kind != NAME:
                    continue
                allowed = allowed_edits(max(len(text), len(listed.text)))
                if (
                    listed.skeleton == same_consonants
                    or OSA.distance(text, listed.text, score_cutoff=allowed) <= allowed
                ):
                    words.append(listed)
            typos[other] = frozenset(words)
        return typos

    def search(
        self,
        query_name: str,
        birth_date: object = None,
        nationality: str | None = None,
        gender: str | None = None,
        *,
        limit: int = 10,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> list[Hit]:
        """The listed entries whose best name scores at least ``threshold`` against the query,
        best first, one hit per entry, at most ``limit``."""
        query = prepare(query_name or "")
        if not query.tokens or not self._names or limit <= 0:
            return []
        features = birth_date is not None or bool(nationality) or bool(gender)
        floor = threshold - (_MAX_BONUS if features else 0.0)
        ranked = self._candidates(query, floor)
        if not ranked:
            return []  # (most queries: nothing listed resembles them)
        # Per entry: its best score so far, the name that reached it and the adjustments; only
        # the ``limit`` best entries (highest score, then smallest id, as returned) are kept, so
        # that a hundred homonyms tied for ten places cost a comparison each, not a sort each.
        best: dict[int, tuple[float, int, list[tuple[str, float, str]]]] = {}
        entries = self.entries
        lowest = 0.0
        last = -1  # once ``best`` is full: the entry it would give up first
        # Homonyms (the same words, hence the same Token objects) get the same name score:
        # compared once per search. Each candidate then costs only its adjustments; the Hit
        # and its explanation are built for the entries returned alone (among a million
        # names, a hundred homonyms of a common name can be in the running for ten places).
        compared: dict[tuple[Token, ...], tuple[PreparedName, Matched | None]] = {}
        names, low = self._names, self._name_low
        unadjusted = not (birth_date or nationality or gender)
        bonus = _MAX_BONUS if features else 0.0
        name_entry = self._name_entry
        for bound, name_number in ranked:
            if bound < floor or (len(best) >= limit and bound < lowest):
                # (A name whose bound equals the last place's score may tie with it, and ties
                # go to the smaller entry id: it is still looked at.)
                break
            entry_number = name_entry[name_number]
            previous = best.get(entry_number)
            if previous is not None and previous[0] >= bound + bonus:
                # Another name of this entry (an alias) already scored as much as this one
                # can: comparing it could not change the entry's hit.
                continue
            earlier = compared.get(names[name_number].tokens) if unadjusted else None
            if earlier is not None and not low[name_number]:
                # A homonym of a name compared already and nothing to adjust: its score is
                # that name's (as ``_score`` would give it, without the call).
                found = earlier[1]
                score = max(0.0, min(1.0, found[0] if found is not None else 0.0))
                if score < threshold:
                    continue
                adjusted: list[tuple[str, float, str]] = []
            else:
                score, adjusted = self._score(
                    query, name_number, birth_date, nationality, gender, compared
                )
                if score < threshold:
                    continue
            if previous is not None:
                if score <= previous[0]:
                    continue
            elif len(best) >= limit:
                last_score = best[last][0]
                if score < last_score or (
                    score == last_score and entries[entry_number].id >= entries[last].id
                ):
                    continue
                del best[last]
            best[entry_number] = (score, name_number, adjusted)
            if len(best) >= limit:
                last = max(best, key=lambda e: (-best[e][0], entries[e].id))
                lowest = best[last][0]
        chosen = sorted(best.items(), key=lambda b: (-b[1][0], entries[b[0]].id))
        return [
            self._hit(entry_number, name_number, score, adjusted, compared, query)
            for entry_number, (score, name_number, adjusted) in chosen
        ]

    def _key_similarity(self, token: Token, key: str, arabic: bool) -> float:
        """The best similarity the query word reaches with a listed word of ``key`` (what the
        comparison will find), computed when a listed name is at stake and then kept."""
        # A comparison reads consonants alike when either name came from Arabic script: so
        # does the bound, for the words of Arabic-script listed names.
        arabic = arabic or key in self._arabic_keys
        cache_key = (token, key, arabic)
        cached = self._word_cache.get(cache_key)
        if cached is not None:
            return cached
        spellings = _values(self._tokens, key)
        if token.kind == NAME:
            best = self._best_similarity(token, key, spellings, arabic)
        else:
            best = max(word_similarity(token, listed, arabic)[0] for listed in spellings)
        if len(self._word_cache) >= _KEPT:
            self._word_cache.clear()
        self._word_cache[cache_key] = best
        return best

    def _best_similarity(
        self, token: Token, key: str, spellings: list[Token], arabic: bool
    ) -> float:
        """What ``word_similarity`` gives at best between ``token`` and the listed words of
        ``key`` (hundreds of them for a short key among a million names), found with one
        pass in C over their letters instead of a call per word, and without writing out how
        (only the figure counts here). Words of another key than the query word's share
        neither text nor canonical form with it (the key is made from the canonical form), so
        they reach only three rungs of ``word_similarity``: a typo, the phonetic keys a few
        edits apart, and, for Arabic script, the same consonants."""
        if key == token.key:
            # The key is shared: the same word, a variant of it, or the key alone (the rungs
            # above the typos in ``word_similarity``, which stops at the first that holds).
            if len(key) <= 3:
                return max(word_similarity(token, listed, arabic)[0] for listed in spellings)
            if any(listed.text == token.text for listed in spellings):
                return EXACT
            if any(listed.canonical == token.canonical for listed in spellings):
                return VARIANT
            return PHONETIC
        best = 0.0
        key_allowed = key_edits_allowed(max(len(token.key), len(key)))
        key_distance = Levenshtein.distance(token.key, key, score_cutoff=key_allowed)
        if 0 < key_distance <= key_allowed:
            best = PHONETIC - KEY_EDIT_COST * key_distance
        text = token.text
        texts = self._texts_of_key.get(key)
        if texts is None:
            texts = []
            for listed in spellings:
                if listed.kind == NAME:
                    texts.append(listed.text)
            if len(spellings) > _SPELLINGS_COMPARED:
                self._texts_of_key[key] = texts
        for listed_text, distance, _ in process.extract(
            text, texts, scorer=OSA.distance, score_cutoff=MOST_EDITS, limit=None
        ):
            longest = max(len(text), len(listed_text))
            if distance <= allowed_edits(longest):
                best = max(best, typo_similarity(distance, longest))
        if (
            arabic
            and best < SKELETON
            and len(token.skeleton) >= 3
            and any(listed.skeleton == token.skeleton for listed in spellings)
        ):
            best = SKELETON
        return best

    def _candidates(self, query: PreparedName, floor: float) -> list[tuple[float, int]]:
        """Listed names that share words with the query, with an upper bound of their score,
        highest first."""
        weights: dict[str, float] = {}
        tokens: dict[str, Token] = {}
        # The query's other words (one pass): particles and titles, which pair only with their
        # like, and initials.
        unindexed = query_particles = 0.0
        unindexed_count = particle_words = 0
        for token in query.tokens:
            kind = token.kind
            if kind in (NAME, NUMBER):
                if token.key:
                    weights[token.key] = weights.get(token.key, 0.0) + token.weight
                    tokens.setdefault(token.key, token)
                continue
            unindexed += token.weight
            unindexed_count += 1
            if kind in _PAIRED_ALIKE:
                query_particles += token.weight
                particle_words += 1
        if not weights:
            return []
        arabic = query.arabic
        # (Looked up by the word itself, as Tokens hash by identity, before ``_near``.)
        near_of = self._near_of_token[arabic]
        near: dict[str, _Near] = {}
        # The first few words that resemble something listed (a word no listed word
        # resembles, most made-up family names, meets nothing): their pairs are looked up.
        resembling: list[str] = []
        for key, token in tokens.items():
            found_near = near_of.get(token)
            if found_near is None:
                if len(near_of) >= _KEPT:
                    near_of.clear()
                found_near = near_of[token] = self._near(
                    key, token.skeleton if arabic else None, token.text, token.skeleton
                )
            near[key] = found_near
            if found_near.keys and len(near) <= _MAX_PAIRED_WORDS:
                resembling.append(key)
        key_similarity = self._key_similarity
        query_words = len(weights)  # (distinct indexed words)

        # For each candidate: (similarity-weighted, plain) weight of the query words it
        # shares, and how many. Postings are merged best gain first, so that a candidate keeps
        # the first (best) value it receives; dict.fromkeys does the merging in C, which
        # matters when a pair of common names is held by thousands of listed names.
        found: list[tuple[float, float, int, Any]] = []
        lone_names = True
        if query_words >= 2:
            total = sum(weights.values())
            pair_cache = self._pair_cache
            for first, second in combinations(resembling, 2):
                token_first, token_second = tokens[first], tokens[second]
                cache_key = (token_first, token_second, arabic)
                meeting = pair_cache.get(cache_key)
                if meeting is None:
                    if len(pair_cache) >= _KEPT:
                        pair_cache.clear()
                    meeting = pair_cache[cache_key] = self._pair_meeting(
                        near[first], near[second], token_first, token_second, arabic
                    )
                if not meeting:
                    continue
                weight_first, weight_second = weights[first], weights[second]
                plain = weight_first + weight_second
                # Even with every other query word paired perfectly, the mean similarity of
                # the query's words must reach the floor.
                needed = floor * total - (total - plain)
                for similarity_first, similarity_second, postings in meeting:
                    gain = weight_first * similarity_first + weight_second * similarity_second
                    if gain >= needed:
                        found.append((gain, plain, 2, postings))
            # A one-word listed name pairs with one query word at most; the rest of the query
            # is extra, at full cost. Skip them when that cannot reach the floor.
            heaviest = max(weights.values())
            single_bound = 2 * heaviest / (2 * heaviest + query.weight - heaviest)
            lone_names = single_bound >= floor
        query_weight = query.weight
        # A particle or initial pairs with a listed word of at most the initial's weight.
        unindexed_words = 0.3 * unindexed_count
        out_of_reach = floor - _ROUNDING
        if lone_names:
            # One-word listed names for a query of several words, any name for a query of one.
            several = query_words >= 2
            for key, weight in weights.items():
                listed = near[key].single if several else near[key].by_key
                if not listed or (
                    _best_case_bound(weight, weight, 1, query_weight, unindexed, unindexed_words)
                    < out_of_reach
                ):
                    # Even a listed word identical to this one leaves the name out of reach
                    # (the bound grows with the similarity): a common given name alone.
                    continue
                token = tokens[key]
                for similar_key, holding in listed:
                    gain = weight * key_similarity(token, similar_key, arabic)
                    if gain > 0:
                        found.append((gain, weight, 1, holding))
        if not found:
            return []
        found.sort(key=itemgetter(0), reverse=True)  # (stable, as ``ranked`` below)
        many_words = query_words > 2
        # (The names of the pairs met, counted in one pass in C below.)
        pairs_postings: list[Any] = []
        # Per entry of ``found``: what its names share with the query (gain, plain weight,
        # words), or None when that is out of reach, and its names.
        values: list[tuple[float, float, int] | None] = []
        met: list[Postings] = []
        in_reach = False
        for gain, plain, count, postings in found:
            if (
                _best_case_bound(gain, plain, count, query_weight, unindexed, unindexed_words)
                < out_of_reach
            ):
                # Still merged (a name keeps the first, best, value it receives), as out.
                values.append(None)
            else:
                values.append((gain, plain, count))
                in_reach = True
            met.append(postings)
            if count == 2 and many_words:
                pairs_postings.append((postings,) if isinstance(postings, int) else postings)
        pairs_held: Counter[int] = (
            Counter(chain.from_iterable(pairs_postings)) if pairs_postings else _NO_PAIRS
        )
        if not in_reach and (not many_words or max(pairs_held.values(), default=0) < 2):
            # Every name met is out of reach and none is counted again below (the usual end of
            # a query that resembles nothing listed): nothing to merge or rank.
            return []
        # Each name met, with the place in ``values`` of what it shares with the query.
        shared = _merged(met)
        if many_words:
            # Per query word: its token, its weight and the ranks of its near keys.
            words = [
                (key, tokens[key], weight, near[key].positions) for key, weight in weights.items()
            ]
            # A candidate found through two pairs of query words shares three or more: count
            # them all, each listed word pairing once, as in the comparison. Homonyms share
            # their words (the same Token objects), so the count is made once per distinct
            # set of words.
            recounted: dict[tuple[Token, ...], int] = {}
            names = self._names
            for number, held in pairs_held.items():
                if held < 2:
                    continue
                listed_tokens = names[number].tokens
                counted = recounted.get(listed_tokens)
                if counted is None:
                    counted = recounted[listed_tokens] = len(values)
                    values.append(self._recount(listed_tokens, words, arabic))
                shared[number] = counted
        name_shape = self._name_shape
        shape_list = self._shape_list
        # The bound depends on the shared words (one value per posting list merged, or per
        # recount) and the listed name's shape: computed once per such couple, found again by
        # an integer key (a tuple of floats would be hashed anew for every name).
        bounds: dict[int, float] = {}
        shapes = len(shape_list)
        ranked: list[tuple[float, int]] = []
        append = ranked.append
        for number, place in shared.items():
            value = values[place]
            if value is None:
                continue
            signature = place * shapes + name_shape[number]
            bound = bounds.get(signature)
            if bound is None:
                gain, plain, shared_words = value
                listed_weight, words_listed, listed_particles = shape_list[name_shape[number]]
                if listed_particles >= query_particles:
                    name_unindexed, name_unindexed_words = unindexed, unindexed_words
                else:
                    name_unindexed = unindexed - query_particles + listed_particles
                    name_unindexed_words = unindexed_words - (
                        0.0 if listed_particles else 0.3 * particle_words
                    )
                bound = bounds[signature] = _score_bound(
                    gain,
                    plain,
                    shared_words,
                    listed_weight,
                    words_listed,
                    query_weight,
                    query_words,
                    name_unindexed,
                    name_unindexed_words,
                )
            if bound >= floor:
                append((bound, number))
        # Stable, as the order among equal bounds decides which of tied names is compared.
        ranked.sort(key=itemgetter(0), reverse=True)
        return ranked

    def _pair_meeting(
        self, near_first: _Near, near_second: _Near, first: Token, second: Token, arabic: bool
    ) -> list[tuple[float, float, Postings]] | tuple[()]:
        """The listed pairs of words that a pair of query words meets (one near the first
        word, the other near the second), as (the first word's similarity to its listed word,
        the second's, the names), in the order of the near keys (which breaks ties between
        equal gains). It depends on the two words alone, so it is kept: a screening file
        repeats its common pairs (Mamadou and Traore) many times over."""
        first_at, second_at = near_first.positions, near_second.positions
        meeting: list[tuple[int, int, str, str, Postings]] = []
        # Through each word's tables in turn (written out twice: this runs for every new
        # pair of query words); the pairs met there are cut down to the other word's typo
        # words when their other key is one of its typo keys. (Most pairs of query words
        # meet nothing: then no call is made.)
        reach = near_first.first_rank
        if reach is None or near_first.typo_paired or not reach.keys().isdisjoint(second_at):
            _meet(near_first, second_at, meeting, False)
            if near_second.typos and meeting:
                meeting = self._meeting_holding(meeting, 3, near_second.typos)
        reach = near_second.first_rank
        if reach is None or near_second.typo_paired or not reach.keys().isdisjoint(first_at):
            met = len(meeting)
            _meet(near_second, first_at, meeting, True)
            if near_first.typos and len(meeting) > met:
                meeting[met:] = self._meeting_holding(meeting[met:], 2, near_first.typos)
        if not meeting:
            return ()
        # By ranks: no two meetings have the same two (one listed pair per couple of keys),
        # so the keys and names are never compared.
        meeting.sort()
        key_similarity = self._key_similarity
        similarities = []
        for _i, _j, one, other, postings in meeting:
            similarities.append(
                (
                    key_similarity(first, one, arabic),
                    key_similarity(second, other, arabic),
                    postings,
                )
            )
        return similarities

    def _meeting_holding(
        self,
        meeting: list[tuple[int, int, str, str, Postings]],
        side: int,
        typos: dict[str, set[int]],
    ) -> list[tuple[int, int, str, str, Postings]]:
        """The meetings whose key at ``side`` (2: the first query word's, 3: the second's) is
        a typo key, cut down to the names holding its words."""
        out = []
        for met in meeting:
            held = typos.get(cast(str, met[side]))
            if held is None:
                out.append(met)
                continue
            kept = self._holding(met[4], held)
            if kept is not None:
                out.append((met[0], met[1], met[2], met[3], kept))
        return out

    def _recount(
        self,
        listed_tokens: tuple[Token, ...],
        words: list[tuple[str, Token, float, dict[str, int]]],
        arabic: bool,
    ) -> tuple[float, float, int]:
        # (The listed name's few keys looked up among each query word's near keys, rather
        # than the other way round: a common query word has dozens of near keys.)
        listed = set(map(_key_of, listed_tokens))
        key_similarity = self._key_similarity
        options = []
        for key, token, weight, near_keys in words:
            for k in listed:
                if k in near_keys:
                    options.append((weight * key_similarity(token, k, arabic), weight, key, k))
        options.sort(reverse=True)
        gain = plain = 0.0
        used_query: set[str] = set()
        used_listed: set[str] = set()
        for option_gain, weight, key, k in options:
            if option_gain <= 0 or key in used_query or k in used_listed:
                continue
            used_query.add(key)
            used_listed.add(k)
            gain += option_gain
            plain += weight
        return gain, plain, len(used_query)

    def _score(
        self,
        query: PreparedName,
        name_number: int,
        birth_date: object,
        nationality: str | None,
        gender: str | None,
        compared: dict[tuple[Token, ...], tuple[PreparedName, Matched | None]],
    ) -> tuple[float, list[tuple[str, float, str]]]:
        """The score of one listed name and the adjustments made to its name score."""
        listed = self._names[name_number]
        earlier = compared.get(listed.tokens)
        if earlier is None:
            earlier = compared[listed.tokens] = (listed, matched(query, listed))
        found = earlier[1]
        name_score = found[0] if found is not None else 0.0
        adjusted: list[tuple[str, float, str]] = []
        if self._name_low[name_number]:
            delta = name_score * (LOW_QUALITY_FACTOR - 1.0)
            adjusted.append(("alias", delta, "low-quality alias"))
        if name_score > 0 and (birth_date or nationality or gender):
            entry = self.entries[self._name_entry[name_number]]
            adjusted += adjustments(
                query_birth_date=birth_date,
                birth_dates=entry.birth_dates,
                query_nationality=nationality,
                nationalities=entry.nationalities,
                query_gender=gender,
                gender=entry.gender,
            )
        total = name_score + sum(delta for _, delta, _ in adjusted)
        return max(0.0, min(1.0, total)), adjusted

    def _hit(
        self,
        entry_number: int,
        name_number: int,
        score: float,
        adjusted: list[tuple[str, float, str]],
        compared: dict[tuple[Token, ...], tuple[PreparedName, Matched | None]],
        query: PreparedName,
    ) -> Hit:
        listed = self._names[name_number]
        # Written out from the first homonym compared (its notes stand for all of them).
        first, found = compared[listed.tokens]
        comparison = explained(query, first, found)
        comparison.right = listed.original
        comparison.score = score
        comparison.adjustments = adjusted
        return Hit(self.entries[entry_number].id, listed.original, score, comparison)


def birth_date_text(value: object) -> str:
    parsed = parse_birth_date(value)
    return str(parsed) if parsed else ""

"""Compare two names word by word, whatever their order, and explain the score.

The name score is a weighted Dice coefficient over the best one-to-one pairing of the two
names' words: each paired word counts its similarity times the weights of both words, and
the sum is divided by the weights of all words on both sides. A word left unpaired on
either side therefore lowers the score by its weight, a particle or title barely, a
given name or surname fully. Words written together on one side and apart on the other
("SergeiLavrov", "Abd al-Rahman") are paired after the one-to-one pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from operator import attrgetter
from typing import NamedTuple

from rapidfuzz.distance import OSA, Levenshtein

from .text import MAX_CHARS, to_ascii_words
from .tokens import (
    INITIAL,
    LEGAL,
    LEGAL_FORMS,
    NAME,
    NUMBER,
    PARTICLE,
    TITLE,
    Token,
    plain_tokens,
    tokenise,
)

EXACT = 1.0
VARIANT = 0.97
PHONETIC = 0.93
SKELETON = 0.88
SHORT_KEY = 0.8
INITIAL_MATCH = 0.8
ACRONYM = 0.85
TYPO_COST = 0.8  # one typo in a word of n letters costs 0.8/n
KEY_EDIT_COST = 0.42  # per edit between phonetic keys
EXTRA_WORD = 0.5  # a word only one side has (a middle name) counts half
SUBSTITUTION = 0.85  # factor per word replaced by another (Kim Sok Jin / Kim Sok Chol)
CROSSED = 0.7  # factor per own name found among the other's ancestors (X bin Y / Y bin X)


GENEALOGICAL = frozenset({"bin", "ould", "ag", "bint", "welet"})


class PreparedName(NamedTuple):
    """A name ready to compare: computed once per listed name, reused for every query. (A named
    tuple: immutable like a frozen dataclass, and made several times faster, which counts for
    a query prepared once and compared a few times.)"""

    original: str
    tokens: tuple[Token, ...]
    notes: tuple[str, ...]
    arabic: bool
    cut: bool
    weight: float
    # Per token: 0 before the first "son of"/"daughter of" particle (the person's own name),
    # 1 after it (father, grandfather), -1 when the name has no such particle.
    roles: tuple[int, ...]


_NO_ROLES = tuple((-1,) * n for n in range(16))  # shared: most names have no such particle
_weight_of = attrgetter("weight")
# ``PreparedName(...)`` runs the named tuple's ``__new__``, a Python function that only calls
# ``tuple.__new__``: calling that directly makes the same tuple with about 40% less work
# (every query is prepared once, and a plain name costs little else beside its words).
_new_prepared: Callable[[tuple[object, ...]], PreparedName] = partial(tuple.__new__, PreparedName)


def _roles(tokens: tuple[Token, ...]) -> tuple[int, ...]:
    # (A plain loop: most names have no particle, and a generator costs more than the scan.)
    first = 0  # the first "son of" particle, if any; 0 also when it opens the name
    for i, token in enumerate(tokens):
        if token.kind == PARTICLE and token.canonical in GENEALOGICAL:
            first = i
            break
    if first == 0:
        return _NO_ROLES[len(tokens)] if len(tokens) < len(_NO_ROLES) else (-1,) * len(tokens)
    return tuple(0 if i < first else 1 for i in range(len(tokens)))


def _tokens_of(name: str) -> tuple[tuple[Token, ...], tuple[str, ...], bool, bool, str]:
    # The uncached steps: ``prepare`` is cached as a whole, and an index build sees each
    # name once, so inner caches would only churn.
    ascii_words = to_ascii_words.__wrapped__
    words_to_tokens = tokenise.__wrapped__
    ascii_text, cut, arabic = ascii_words(name)
    if "," not in name:
        plain = plain_tokens(ascii_text)
        if plain is not None:  # names made of plain words only
            return plain, (), cut, arabic, ascii_text
    tokens, notes = words_to_tokens(ascii_text)
    # "LAST, First": lists and forms write the family name first and a comma after it.
    head, comma, tail = name.partition(",")
    if comma and "," not in tail:
        head_tokens, _ = words_to_tokens(ascii_words(head)[0])
        tail_text = ascii_words(tail)[0]
        tail_tokens, _ = words_to_tokens(tail_text)
        tail_words = tail_text.split()
        if (
            any(t.kind == NAME for t in head_tokens)
            and any(t.kind == NAME for t in tail_tokens)
            and not any(w in LEGAL_FORMS or len(w) == 1 for w in tail_words)
            and len(tail_words) <= 4
        ):
            tokens = words_to_tokens(ascii_words(f"{tail} {head}")[0])[0]
            notes = (*notes, "read as 'family name, given names'")
    return tokens, notes, cut, arabic, ascii_text


def prepare_uncached(name: str) -> PreparedName:
    if name and "," not in name and len(name) <= MAX_CHARS and name.isprintable():
        # Plain ASCII words and spaces (most names screened): nothing for the folding to do,
        # and nothing to note. (Here rather than in ``_tokens_of``: every query screened is a
        # new name that takes this path once, and the call and the tuple of five it saves
        # were a good part of its cost.)
        tokens = plain_tokens(name)
        if tokens is not None:
            # A loop rather than ``sum(map(...))``: the same additions in the same order (from
            # the integer 0, as ``sum`` starts), for half the work on two or three words. The
            # kinds read on the way tell whether ``_roles`` has a particle to look for; most
            # names have none.
            weight: float = 0
            particle = False
            for token in tokens:
                weight += token.weight
                if token.kind == PARTICLE:
                    particle = True
            if particle:
                roles = _roles(tokens)
            elif len(tokens) < len(_NO_ROLES):
                roles = _NO_ROLES[len(tokens)]
            else:
                roles = (-1,) * len(tokens)
            return _new_prepared((name, tokens, (), False, False, weight, roles))
    tokens, notes, cut, arabic, ascii_text = _tokens_of(name or "")
    if arabic:
        notes = (f"Arabic script read as '{ascii_text}'", *notes)
    if cut:
        notes = (*notes, "name cut to its first 300 characters")
    # (``sum`` over ``map``: the same additions as over a list of the weights, without
    # building the list.)
    weight = sum(map(_weight_of, tokens))
    return _new_prepared((name, tokens, notes, arabic, cut, weight, _roles(tokens)))


# (The cache calls ``prepare_uncached`` itself: no frame of its own per new name.)
prepare = lru_cache(maxsize=65536)(prepare_uncached)


MOST_EDITS = 3  # what ``allowed_edits`` gives at most


def allowed_edits(length: int) -> int:
    # A typo per word of up to 7 letters, two up to 11, three beyond: "Selena"/"Serena" pair,
    # "Ortiz"/"Ortega" do not.
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    if length <= 11:
        return 2
    return 3


def typo_similarity(distance: int, longest: int) -> float:
    """Two words ``distance`` letters apart, the longer of ``longest`` letters: the first typo
    costs less than a letter's share, more typos their share each."""
    return 1.0 - TYPO_COST * distance / longest if distance == 1 else 1.0 - distance / longest


def key_edits_allowed(length: int) -> int:
    """Edits allowed between two phonetic keys, the longer of ``length`` letters."""
    return 0 if length <= 3 else 1 if length <= 7 else 2


@lru_cache(maxsize=262144)
def word_similarity(a: Token, b: Token, arabic: bool) -> tuple[float, str]:
    """Similarity of two words in [0, 1] and how it was found.

    Typos (one letter off in a short word) stay close to 1; words whose phonetic keys
    differ fall off fast, because a different surname that sounds alike (Ortiz/Ortega,
    Orbach/Orban) is the commonest false alarm."""
    if a.kind != NAME or b.kind != NAME:
        # (Most words compared are two names: two tests, not the six below, let them by.)
        if a.kind == NUMBER or b.kind == NUMBER:
            return (EXACT, "same number") if a.text == b.text else (0.0, "")
        if a.kind in (PARTICLE, TITLE, LEGAL) or b.kind in (PARTICLE, TITLE, LEGAL):
            if a.kind == b.kind and a.canonical == b.canonical:
                return EXACT, "same " + a.kind
            return 0.0, ""
        if a.kind == INITIAL or b.kind == INITIAL:
            if a.text[0] == b.text[0]:
                return (EXACT, "same initial") if a.kind == b.kind else (INITIAL_MATCH, "initial")
            return 0.0, ""
    if a.text == b.text:
        return EXACT, "exact"
    if a.canonical == b.canonical:
        return VARIANT, f"spellings of {a.canonical}"
    if a.key == b.key:
        # A short key ("sal") is shared by too many names (Sylla, Saleh) to prove much.
        if len(a.key) > 3:
            return PHONETIC, f"phonetic key {a.key}"
        if len(a.key) == 3:
            return SHORT_KEY, f"phonetic key {a.key}"
    best, how = 0.0, ""
    # Two words are at least their difference in length apart, and two different words at
    # least one edit apart. So when the lengths already differ by more than the edits
    # allowed (or none is allowed), the distance could only come back over the limit, and
    # is not worked out: most pairs of words stop there, and each call costs more than the
    # rest of this function.
    length_a, length_b = len(a.text), len(b.text)
    longest = length_a if length_a > length_b else length_b
    allowed = allowed_edits(longest)
    if allowed and -allowed <= length_a - length_b <= allowed:
        # Optimal string alignment: a swap of two letters (Donlad) is one typo, not two.
        distance = OSA.distance(a.text, b.text, score_cutoff=allowed)
        if distance <= allowed:
            best = typo_similarity(distance, longest)
            how = f"{distance} letter(s) apart"
    length_a, length_b = len(a.key), len(b.key)
    key_allowed = key_edits_allowed(length_a if length_a > length_b else length_b)
    # (The same test for the keys. Equal keys never reach the call: they are 0 apart, which
    # counts for nothing here, and equal keys of three letters or more were dealt with above.)
    if key_allowed and -key_allowed <= length_a - length_b <= key_allowed:
        key_distance = Levenshtein.distance(a.key, b.key, score_cutoff=key_allowed)
        if key_distance <= key_allowed and key_distance > 0:
            score = PHONETIC - KEY_EDIT_COST * key_distance
            if score > best:
                best, how = score, f"phonetic keys {a.key}/{b.key} {key_distance} apart"
    if arabic and len(a.skeleton) >= 3 and a.skeleton == b.skeleton and best < SKELETON:
        best, how = SKELETON, f"consonants {a.skeleton} (Arabic script writes no short vowels)"
    return best, how


class Pair(NamedTuple):
    """Two words paired by a comparison (a named tuple: immutable, and quick to make for the
    few hundred a screening run writes out)."""

    left: str
    right: str
    similarity: float
    how: str


# (As ``_new_prepared``: the same named tuple without the Python-level ``__new__``.)
_new_pair: Callable[[tuple[object, ...]], Pair] = partial(tuple.__new__, Pair)


@dataclass(slots=True)
class Comparison:
    """The outcome of comparing two names (and, when given, birth date, nationality, gender)."""

    score: float
    name_score: float
    left: str
    right: str
    pairs: list[Pair] = field(default_factory=list)
    unmatched_left: list[str] = field(default_factory=list)
    unmatched_right: list[str] = field(default_factory=list)
    adjustments: list[tuple[str, float, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def explanation(self) -> str:
        """One line for a person to read: what matched how, what was missing, what moved the
        score."""
        parts = [f"name {self.name_score:.2f}"]
        parts += [
            f"{p.left}={p.right} ({p.how}, {p.similarity:.2f})"
            if p.left != p.right
            else f"{p.left} ({p.how})"
            for p in self.pairs
        ]
        if self.unmatched_left:
            parts.append("only in query: " + " ".join(self.unmatched_left))
        if self.unmatched_right:
            parts.append("only in listed name: " + " ".join(self.unmatched_right))
        parts += [f"{feature} {delta:+.2f} ({why})" for feature, delta, why in self.adjustments]
        parts += self.notes
        return "; ".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {
            "score": round(self.score, 4),
            "name_score": round(self.name_score, 4),
            "pairs": [
                {
                    "query": p.left,
                    "listed": p.right,
                    "similarity": round(p.similarity, 4),
                    "how": p.how,
                }
                for p in self.pairs
            ],
            "only_in_query": self.unmatched_left,
            "only_in_listed": self.unmatched_right,
            "adjustments": [
                {"feature": f, "delta": round(d, 4), "reason": r} for f, d, r in self.adjustments
            ],
            "notes": self.notes,
        }


def _runs(free: list[int]) -> list[list[int]]:
    """The runs of three, then of two, consecutive free words, by start. (``free`` is in
    order and has no repeats, so the words two places on in it are the next two words exactly
    when they are two more than the start.)"""
    runs = []
    last = len(free) - 1
    for k, start in enumerate(free):
        if k + 2 <= last and free[k + 2] == start + 2:
            runs.append([start, start + 1, start + 2])
        if k + 1 <= last and free[k + 1] == start + 1:
            runs.append([start, start + 1])
    return runs


def _joined_matches(
    tokens: tuple[Token, ...], free: list[int], others: tuple[Token, ...], other_free: list[int]
) -> list[tuple[list[int], int, float, str]]:
    """Runs of 2-3 consecutive free words on one side written as one free word on the other
    (SergeiLavrov), or abbreviated to their initials (PLA, JC)."""
    found: list[tuple[list[int], int, float, str]] = []
    if len(free) < 2 or not other_free:
        return found  # no run of two words, or nothing to write it as
    # Two words written together are at least as long as the shortest two neighbours, and a
    # word more than three letters shorter is more than three edits away (the most allowed);
    # initials are two or three letters. Most names stop here. (Plain loops: this test runs
    # for every other comparison, and generators cost more than the few words they read.)
    shortest_run: int | None = None
    previous = previous_length = -2
    for i in free:  # (in order: neighbours are next to each other in ``free``)
        length = len(tokens[i].text)
        if i == previous + 1:
            together = previous_length + length
            if shortest_run is None or together < shortest_run:
                shortest_run = together
        previous, previous_length = i, length
    if shortest_run is None:
        return found
    longest_target = 0
    for j in other_free:
        length = len(others[j].text)
        if 2 <= length <= 3:
            break  # initials, perhaps
        if length > longest_target:
            longest_target = length
    else:
        if longest_target + MOST_EDITS < shortest_run:
            return found
    used: set[int] = set()
    taken: set[int] = set()
    for run in _runs(free):
        if used and not used.isdisjoint(run):
            continue
        # (The words added one by one, the same text as a join: no comprehension, see
        # ``explained``, for a run of two or three words.)
        joined = ""
        for i in run:
            joined += tokens[i].text
        for j in other_free:
            if j in taken:
                continue
            target = others[j].text
            longest = max(len(joined), len(target))
            allowed = allowed_edits(longest)
            # Words are at least their difference in length apart: most pairs of a run and
            # a word need no distance worked out. Initials have a letter per word of the run.
            if (
                abs(len(joined) - len(target)) <= allowed
                and (distance := Levenshtein.distance(joined, target)) <= allowed
            ):
                found.append((run, j, 1.0 - distance / longest, "written apart"))
            elif len(target) == len(run) and target == "".join([tokens[i].text[0] for i in run]):
                found.append((run, j, ACRONYM, "initials"))
            else:
                continue
            used.update(run)
            taken.add(j)
            break
    return found


# What a comparison found, before it is written out for a person: the name score, the pairs
# (query word, listed word, similarity, how), the words joined or split, the unpaired words,
# and the factors applied. ``None`` when a name has nothing to compare.
Matched = tuple[
    float, list[tuple[int, int, float, str]], list["Pair"], list[int], list[int], int, int
]


def name_comparison(left: PreparedName, right: PreparedName) -> Comparison:
    """Compare two prepared names; ``left`` is the query, ``right`` the listed name."""
    return explained(left, right, matched(left, right))


def explained(left: PreparedName, right: PreparedName, found: Matched | None) -> Comparison:
    """The ``Comparison`` of what ``matched`` found: built only for the names a person sees."""
    if found is None:
        return Comparison(
            0.0,
            0.0,
            left.original,
            right.original,
            notes=["nothing to compare: a name has no letters or digits"],
        )
    name_score, pairs, joined_pairs, unpaired_a, unpaired_b, substitutions, crossed = found
    a, b = left.tokens, right.tokens
    # In query order. (A query word pairs once: sorting the tuples orders them by it alone.)
    # (Loops rather than list comprehensions here and in ``matched``: on this Python a
    # comprehension is a function call of its own, which costs more than the two or three
    # words it reads; and most hits leave no word unpaired, so the lists of unpaired words
    # are mostly made empty without one.)
    written = []
    for i, j, similarity, how in sorted(pairs):
        written.append(_new_pair((a[i].text, b[j].text, similarity, how)))
    if joined_pairs:
        written += joined_pairs
    # A rule applied alike to both names (the same attached article split) is said once.
    notes = list(dict.fromkeys(left.notes + right.notes)) if left.notes or right.notes else []
    if substitutions:
        notes.append(
            f"{substitutions} word(s) replaced by another: x{SUBSTITUTION}^{substitutions}"
        )
    if crossed:
        notes.append(
            f"{crossed} own name(s) found among the other's ancestors: x{CROSSED}^{crossed}"
        )
    # (Every field given: the defaults would build lists only to replace them.)
    return Comparison(
        name_score,
        name_score,
        left.original,
        right.original,
        written,
        [a[i].text for i in unpaired_a] if unpaired_a else [],
        [b[j].text for j in unpaired_b] if unpaired_b else [],
        [],
        notes,
    )


_REPLACEABLE = frozenset((NAME, NUMBER, INITIAL))
# Kinds of words that pair only with a word of the same kind (a number with a number, a
# particle with a particle): a similarity of 0 with any other.
_ALIKE_ONLY = frozenset((NUMBER, PARTICLE, TITLE, LEGAL))


def _candidates(
    a: tuple[Token, ...], b: tuple[Token, ...], arabic: bool
) -> list[tuple[float, int, int, float, str]]:
    """The pairs of words that resemble, as (minus the gain, i, j, similarity, how), sorted:
    best gain first, then by position ((i, j) is unique, so sorting never reads further)."""
    candidates: list[tuple[float, int, int, float, str]] = []
    append = candidates.append
    for i, ta in enumerate(a):
        weight_a = ta.weight
        kind_a = ta.kind
        alike_only = kind_a in _ALIKE_ONLY
        for j, tb in enumerate(b):
            if tb.kind != kind_a and (alike_only or tb.kind in _ALIKE_ONLY):
                continue  # (what ``word_similarity`` says at once: they do not pair)
            similarity, how = word_similarity(ta, tb, arabic)
            if similarity > 0.0:
                append((-(similarity * (weight_a + tb.weight)), i, j, similarity, how))
    candidates.sort()
    return candidates


def matched(left: PreparedName, right: PreparedName) -> Matched | None:
    """The best one-to-one pairing of the two names' words and the name score it gives."""
    a, b = left.tokens, right.tokens
    if not a or not b or left.weight + right.weight <= 0.0:
        return None
    candidates = _candidates(a, b, left.arabic or right.arabic)
    # Words paired so far, by position. (Lists of flags: a comparison runs for every name the
    # index lets through, and they cost less than sets of positions.)
    taken_a = [False] * len(a)
    taken_b = [False] * len(b)
    gained = 0.0  # similarity times the weights of the paired words
    paired = 0.0  # the weights of the paired words
    own_to_ancestor = ancestor_to_own = 0
    pairs: list[tuple[int, int, float, str]] = []
    roles_a, roles_b = left.roles, right.roles
    most = len(a) if len(a) < len(b) else len(b)  # pairs possible: the rest cannot pair
    paired_names = 0  # query names and numbers paired
    distinctive = False  # one of them not among the commonest names
    for minus_gain, i, j, similarity, how in candidates:
        if taken_a[i] or taken_b[j]:
            continue
        taken_a[i] = taken_b[j] = True
        ta, tb = a[i], b[j]
        kind = ta.kind
        if (kind == INITIAL) == (tb.kind == INITIAL):
            gained -= minus_gain  # (the gain the candidates were sorted by, to the last bit)
        else:
            # An initial stands for a name but proves only its first letter.
            gained += similarity * 2 * min(ta.weight, tb.weight)
        paired += ta.weight + tb.weight
        if kind in (NAME, NUMBER):
            paired_names += 1
            if ta.weight >= 1.0:
                distinctive = True
            if kind == NAME and roles_a[i] >= 0 and roles_b[j] >= 0:
                if roles_a[i] < roles_b[j]:
                    own_to_ancestor += 1
                elif roles_a[i] > roles_b[j]:
                    ancestor_to_own += 1
        pairs.append((i, j, similarity, how))
        if len(pairs) == most:
            break
    free_a: list[int] = []  # (loops: see ``explained``)
    if len(pairs) < len(a):
        for i in range(len(a)):
            if not taken_a[i]:
                free_a.append(i)
    free_b: list[int] = []
    if len(pairs) < len(b):
        for j in range(len(b)):
            if not taken_b[j]:
                free_b.append(j)
    joined_pairs: list[Pair] = []
    unpaired_a, unpaired_b = free_a, free_b
    if free_a and free_b and (len(free_a) > 1 or len(free_b) > 1):
        for run, j, similarity, how in _joined_matches(a, free_a, b, free_b):
            weight = sum(a[i].weight for i in run) + b[j].weight
            gained += similarity * weight
            paired += weight
            for i in run:
                taken_a[i] = True
            taken_b[j] = True
            joined_pairs.append(Pair(" ".join(a[i].text for i in run), b[j].text, similarity, how))
        if joined_pairs:  # (else the free words are all still free)
            free_a = [i for i in free_a if not taken_a[i]]
            free_b = [j for j in free_b if not taken_b[j]]
        found_together = _joined_matches(b, free_b, a, free_a)
        for run, i, similarity, how in found_together:
            weight = sum(b[j].weight for j in run) + a[i].weight
            gained += similarity * weight
            paired += weight
            taken_a[i] = True
            for j in run:
                taken_b[j] = True
            how = "written together" if how == "written apart" else how
            joined_pairs.append(Pair(a[i].text, " ".join(b[j].text for j in run), similarity, how))
        if found_together:
            unpaired_a = [i for i in free_a if not taken_a[i]]
            unpaired_b = [j for j in free_b if not taken_b[j]]
        else:
            unpaired_a, unpaired_b = free_a, free_b
    # Father and son swapped (X ould Y / Y ould X); one name moved alone is a dropped particle.
    # (Here and below, a conditional rather than ``min`` of two numbers: the same number, for
    # less work on a path every comparison takes.)
    crossed = own_to_ancestor if own_to_ancestor < ancestor_to_own else ancestor_to_own
    weight_a = weight_b = 0.0
    replaceable_a = replaceable_b = 0  # unpaired names, numbers and initials
    for i in unpaired_a:
        weight_a += a[i].weight
        if a[i].kind in _REPLACEABLE:
            replaceable_a += 1
    for j in unpaired_b:
        weight_b += b[j].weight
        if b[j].kind in _REPLACEABLE:
            replaceable_b += 1
    # Extra words (a middle name, a grandfather) are discounted only when at least two words
    # paired: one shared word between a one-word alias and a full name proves little.
    # The same holds when the paired words are all among the commonest names (Mohamed Omar).
    if joined_pairs:
        distinctive = True
        paired_names += len(joined_pairs)
    extra_cost = EXTRA_WORD if paired_names >= 2 and distinctive else 1.0
    if weight_a < weight_b:
        replaced, extra = weight_a, weight_b - weight_a
    else:
        replaced, extra = weight_b, weight_a - weight_b
    denominator = paired + 2 * replaced + extra_cost * extra
    name_score = gained / denominator if denominator > 0.0 else 0.0
    substitutions = replaceable_a if replaceable_a < replaceable_b else replaceable_b
    if substitutions or crossed:  # (else the factor is 1)
        name_score *= SUBSTITUTION**substitutions * CROSSED**crossed
    if name_score > 1.0:
        name_score = 1.0
    return name_score, pairs, joined_pairs, unpaired_a, unpaired_b, substitutions, crossed

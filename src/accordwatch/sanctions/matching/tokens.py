"""Words of a name: particles, compounds, spelling variants and phonetic keys.

A name becomes a tuple of ``Token``: the word as written (ASCII), its phonetic key, its kind
(name, particle, title, legal form, initial, number) and its weight in the score. The rules
are general ones about how Arabic, Tamasheq, Fulfulde and Songhai names are written in
French and English, plus the company legal forms; none is about one listed person.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import Any

# Kinds of token.
NAME = "name"
PARTICLE = "particle"
TITLE = "title"
LEGAL = "legal form"
INITIAL = "initial"
NUMBER = "number"

# Genealogical and article particles, each spelling to one canonical form. They say how
# two names relate (son of, of the family) but not who someone is, so they weigh little.
PARTICLES: dict[str, str] = {
    "ag": "ag",  # Tamasheq: son of
    "ould": "ould",  # Hassaniya: son of
    "wuld": "ould",
    "walad": "ould",
    "wald": "ould",
    "old": "ould",
    "ben": "bin",
    "bin": "bin",
    "ibn": "bin",
    "bn": "bin",
    "mint": "bint",  # Hassaniya: daughter of
    "bint": "bint",
    "bent": "bint",
    "welet": "welet",
    "abou": "abu",
    "abu": "abu",
    "abo": "abu",
    "al": "al",
    "el": "al",
    "ul": "al",
    "al-": "al",
    "ad": "al",
    "ar": "al",
    "as": "al",
    "at": "al",
    "az": "al",
    "an": "al",
    "ash": "al",
    "ech": "al",
    "es": "al",
    "er": "al",
    "ed": "al",
    "et": "al",
    "en": "al",
    "ez": "al",
    "da": "da",
    "dos": "da",
    "de": "de",
    "del": "de",
    "della": "de",
    "di": "de",
    "du": "de",
    "van": "van",
    "von": "van",
    "der": "van",
}
# Sun-letter forms of "al" (ad-, ar-, as- …) only count as the article before a word.
_SHORT_ARTICLES = {"ad", "ar", "as", "at", "az", "an", "ash", "ech", "es", "er", "ed", "et", "en"}

# Honorifics and titles: who someone is called, not who they are.
TITLES: dict[str, str] = {
    "sidi": "sidi",
    "sid": "sidi",
    "cheikh": "shaikh",
    "cheick": "shaikh",
    "cheik": "shaikh",
    "chekh": "shaikh",
    "sheikh": "shaikh",
    "shaikh": "shaikh",
    "shaykh": "shaikh",
    "sheik": "shaikh",
    "haji": "haji",
    "hadji": "haji",
    "hajji": "haji",
    "hadj": "haji",
    "hadja": "haji",
    "elhadj": "haji",
    "elhadji": "haji",
    "alhaji": "haji",
    "alhadji": "haji",
    "imam": "imam",
    "mullah": "mullah",
    "mollah": "mullah",
    "mr": "mr",
    "mrs": "mr",
    "ms": "mr",
    "mme": "mr",
    "mlle": "mr",
    "monsieur": "mr",
    "madame": "mr",
    "dr": "dr",
    "prof": "dr",
    "sir": "mr",
    "president": "president",
    "general": "general",
    "gen": "general",
    "colonel": "colonel",
    "col": "colonel",
}

# Company and organisation legal forms; multi-word forms are folded first.
LEGAL_PHRASES: tuple[tuple[str, str], ...] = (
    ("open joint stock company", "ojsc"),
    ("limited liability company", "llc"),
    ("societatea cu raspundere limitata", "srl"),
    ("obshchestvo s ogranichennoi otvetstvennostiu", "llc"),
    ("aktsionernoe obshchestvo", "jsc"),
    ("sp z o o", "spzoo"),
    ("limited liability partnership", "llp"),
    ("public limited company", "plc"),
    ("public joint stock company", "pjsc"),
    ("joint stock company", "jsc"),
    ("closed joint stock company", "cjsc"),
    ("gesellschaft mit beschrankter haftung", "gmbh"),
    ("societe anonyme", "sa"),
    ("societe a responsabilite limitee", "sarl"),
    ("limited partnership", "lp"),
    ("l l c", "llc"),
    ("l p", "lp"),
    ("s a", "sa"),
    ("s a r l", "sarl"),
)
LEGAL_FORMS: dict[str, str] = {
    "aktiengesellschaft": "ag",
    "aktiengeselschaft": "ag",
    "ag": "ag",
    "gmbh": "gmbh",
    "llc": "llc",
    "llp": "llp",
    "lp": "lp",
    "plc": "plc",
    "pjsc": "pjsc",
    "jsc": "jsc",
    "cjsc": "jsc",
    "ooo": "llc",
    "srl": "srl",
    "spzoo": "spzoo",
    "ojsc": "ojsc",
    "oao": "ojsc",
    "zao": "jsc",
    "pao": "pjsc",
    "sa": "sa",
    "sarl": "sarl",
    "sas": "sas",
    "spa": "spa",
    "bv": "bv",
    "nv": "nv",
    "ab": "ab",
    "as": "as",
    "inc": "inc",
    "incorporated": "inc",
    "corp": "corp",
    "corporation": "corp",
    "co": "co",
    "company": "co",
    "ltd": "ltd",
    "limited": "ltd",
    "group": "group",
    "holding": "holding",
    "holdings": "holding",
}
# Words that carry nothing in a name.
STOPWORDS = frozenset({"the", "of", "and", "for", "und", "et", "y", "la", "le", "les", "des"})

# Spelling variants that no phonetic key can bring together (Arabic th -> French s, the
# West African forms of Muhammad and Abu Bakr …): each maps to one canonical spelling.
# Lists of variants, canonical first; general knowledge of the names, not taken from any list.
VARIANT_GROUPS: tuple[tuple[str, ...], ...] = (
    (
        "mohamed",
        "mohammed",
        "muhammad",
        "muhammed",
        "mohammad",
        "mohamad",
        "mouhamed",
        "mouhammed",
        "mahamat",
        "mohamet",
        "muhamad",
        "mohd",
        "mhd",
        "mehmet",
        "mehmed",
        "mahomed",
        "muhamed",
        "mouhamad",
        "mohamud",
        "mahammed",
        "mamadou",
        "mahamadou",
        "mohamadou",
        "mhamed",
        "mhamad",
        "mhammed",
        "mouhamadou",
        "mahamoud",
        "mohamedou",
        "mohameden",
        "mahmadou",
    ),
    (
        "ahmed",
        "ahmad",
        "ahmet",
        "ahmat",
        "amadou",
        "ahmadou",
        "ahmedou",
        "hamadou",
        "ahamed",
        "ahmoudou",
        "ahmadu",
        "amadu",
    ),
    ("mahmoud", "mahmud", "mahmood", "mahmut"),
    (
        "ousmane",
        "usman",
        "uthman",
        "othman",
        "osman",
        "othmane",
        "ousman",
        "outhmane",
        "usmane",
        "oumane",
    ),
    ("omar", "umar", "oumar", "omer", "umer", "oumarou", "omaru"),
    ("moussa", "musa", "mousa", "mussa", "moses"),
    ("issa", "isa", "eissa", "aissa"),
    ("ibrahim", "ibrahima", "brahim", "ebrahim", "ibraheem", "ibrahime", "brahima"),
    ("youssouf", "yousuf", "yusuf", "yousef", "youssef", "yussuf", "yusif", "youcef", "yousif"),
    (
        "souleymane",
        "suleiman",
        "sulayman",
        "soulemane",
        "slimane",
        "suleyman",
        "sulaiman",
        "souleiman",
    ),
    (
        "aboubakar",
        "abubakar",
        "aboubacar",
        "boubacar",
        "abubakr",
        "aboubakr",
        "bubakar",
        "aboubakrine",
        "abu bakr",
    ),
    (
        "abdallah",
        "abdullah",
        "abdoulaye",
        "abdulla",
        "abdalla",
        "abdellah",
        "abdullahi",
        "abdoullah",
    ),
    ("moustapha", "mustafa", "mostafa", "moustafa", "mustapha", "mostapha"),
    ("hassan", "hasan", "hassane", "hacen", "hasane"),
    (
        "hussein",
        "husain",
        "hussain",
        "houssein",
        "hocine",
        "husayn",
        "housseini",
        "alhousseini",
        "alhousseyni",
        "husseini",
        "housseyni",
        "hosseini",
    ),
    ("khaled", "khalid", "khaleed", "khalad"),
    ("salah", "saleh", "salih", "salaheddine"),
    ("ismail", "ismael", "smail", "ismaila", "ismaeel"),
    ("yacouba", "yacoub", "yaqub", "yakub", "yaqoub", "yacoub", "jacob"),
    ("idrissa", "idriss", "idris", "drissa"),
    ("aicha", "aisha", "aissata", "aichatou", "ayesha"),
    ("fatimata", "fatima", "fatoumata", "fatma", "fatimatou", "fatouma"),
    ("mariam", "maryam", "mariama", "mariem", "meriem"),
    ("cheikh", "shaikh"),
)
VARIANTS: dict[str, str] = {}
for _group in VARIANT_GROUPS:
    for _spelling in _group:
        VARIANTS.setdefault(_spelling, _group[0])

# Names so frequent in the region that sharing them says little about identity.
COMMON_NAMES = frozenset(
    {
        "mohamed",
        "ahmed",
        "ali",
        "ousmane",
        "omar",
        "moussa",
        "ibrahim",
        "abdallah",
        "hassan",
        "hussein",
        "youssouf",
        "souleymane",
        "aboubakar",
        "issa",
        "mahmoud",
        "kim",
        "lee",
        "park",
        "abd",
        "john",
        "james",
        "maria",
        "jose",
        "wang",
        "li",
        "zhang",
        "nguyen",
        "singh",
    }
)

WEIGHTS: dict[str, float] = {
    NAME: 1.0,
    PARTICLE: 0.15,
    TITLE: 0.15,
    LEGAL: 0.2,
    INITIAL: 0.3,
    NUMBER: 1.0,
}
COMMON_WEIGHT = 0.6

_ABD_ATTACHED = re.compile(r"^abd(?:oul|oulla|ul|el|al|ou|ur|er|ar|ol|il|u|a|e|i|o)?(?=[a-z]{3,}$)")
_ABD_ALONE = frozenset({"abd", "abdul", "abdel", "abdal", "abdoul", "abdur", "abder", "abdol"})
_DIN_SUFFIX = re.compile(r"^([a-z]{3,}?)(?:eddine|eddin|uddin|uddeen|addin|aldin|oudine|ud din)$")
_DIN_ENDINGS = ("eddine", "eddin", "uddin", "uddeen", "addin", "aldin", "oudine", "ud din")
_AL_ATTACHED = re.compile(r"^(?:al|el)(?=[b-df-hj-np-tv-z][a-z]{4,}$)")


class Token:
    """One word of a name. Tokens are shared (see ``_token``) and compared by identity, which
    keeps the similarity cache fast; being shared, they are read-only."""

    __slots__ = ("text", "canonical", "key", "skeleton", "kind", "weight", "note")
    text: str  # the word as written, in ASCII
    canonical: str  # after the variant table (mohammed -> mohamed)
    key: str  # phonetic key (see ``phonetic_key``)
    skeleton: str  # consonants only, for words that came from Arabic script
    kind: str
    weight: float
    note: str  # what normalisation did, for the explanation ("" if nothing)

    def __init__(
        self,
        text: str,
        canonical: str,
        key: str,
        skeleton: str,
        kind: str,
        weight: float,
        note: str = "",
    ) -> None:
        # Past the read-only __setattr__ below. ``_token`` takes the quicker way of
        # ``_NewToken``, since it makes one token per word met.
        fields = (text, canonical, key, skeleton, kind, weight, note)
        for name, value in zip(Token.__slots__, fields, strict=True):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a Token is shared, hence read-only: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Token is shared, hence read-only: cannot delete {name}")

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in Token.__slots__)
        return f"Token({fields})"

    def __reduce__(self) -> tuple[type[Token], tuple[Any, ...]]:
        # (copy and pickle would otherwise set the fields one by one, which __setattr__ bars)
        return Token, tuple(getattr(self, name) for name in Token.__slots__)


class _NewToken(Token):
    """A token being filled in by ``_token``, which then makes it a plain ``Token``: plain
    attribute stores cost a fraction of ``object.__setattr__`` calls (what a frozen
    dataclass does), and the token is read-only once it is shared."""

    __slots__ = ()
    # Back to object's own stores, both of them: with one left to Token, every store would
    # go through a Python-level lookup. (mypy reads object's __setattr__ as bound: it is not.)
    __setattr__ = object.__setattr__  # type: ignore[assignment]
    __delattr__ = object.__delattr__


@lru_cache(maxsize=262144)
def phonetic_key(word: str) -> str:
    """A key that spellings of one spoken name share: French and English transliterations
    (ou/u, ch/sh, dj/j, kh/c/q/k, y/i), doubled letters, and the vowels, which
    transliterations disagree on most, folded into one class. ``word`` is lower-case ASCII
    letters and digits (capitals stand for letter groups inside the function)."""
    return _key_and_consonants(word)[0]


@lru_cache(maxsize=262144)
def skeleton(word: str) -> str:
    """Consonants only (h kept, it is a letter of its own in Arabic), for words that came from
    Arabic script: its spelling leaves out short vowels (محفوظ -> mhfd, like Mahfoud and
    Mahfouz), and its emphatic consonants reach Latin as d, dh or z alike."""
    return _key_and_consonants(word)[1]


def _key_and_consonants(word: str) -> tuple[str, str]:
    """``phonetic_key`` and ``skeleton`` of a word, from one reading of its letter groups."""
    # One regex pass reads the letter groups, the soft c and g and the silent h, each as the
    # name of its group (capitals); a byte table then maps those names and the single
    # letters, one table for the key, one for the consonants. Read in this order, the steps
    # give what groups, then soft letters, then single letters, then silent h gave as
    # separate passes: no group holds a vowel, and the letters a group or a soft letter
    # gives are consonants like the letters they replace, so the h's neighbours keep their
    # class. The consonants read the groups the key reads, those the key alone knows
    # (dzh, zh, soft letters, silent h, final ch) named so that their table gives the
    # consonants' own letters.
    marked = _LETTER_STEPS.sub(_GROUP_NAME, word).encode()
    consonants = marked.translate(_CONSONANT_LETTERS, b"aeiouyw").decode()
    if _find_double(consonants) is not None:
        consonants = _RUNS.sub(_FIRST_LETTER, consonants)
    if _find_double(word) is not None and _doubles_change_groups(word) is not None:
        # The key reads the word with its doubled letters written once. Most doubles
        # (nn, ss, kk, vowels …) give the same groups as the single letter, only repeated,
        # and the key's own undoubling below folds the repeats: no second reading then.
        marked = _LETTER_STEPS.sub(_GROUP_NAME, _RUNS.sub(_FIRST_LETTER, word)).encode()
    key = marked.translate(_KEY_LETTERS, b"HV").decode()
    if key.endswith("at"):
        key = key[:-1] + "d"  # Mahamat / Mohamed: final t and d are one name
    # Every vowel is "a" now: a run of vowels is a run of a's, which the undoubling folds.
    while "aa" in key:
        key = key.replace("aa", "a")  # (the common doubles, without the regex)
    if _find_double(key) is not None:
        key = _RUNS.sub(_FIRST_LETTER, key)
    if len(key) > 3 and key[-1] == "a":
        key = key[:-1]
    return key, consonants


# Each alternative starts with a plain letter, so that the regex engine skips straight to
# the letters that can start one. At any place the longest group is tried first, as a
# single pass over the word would read it. A "ch" followed by at most one letter ends the
# word (Friedrich): it is hard in the key; elsewhere it is the French sh. A silent h is one
# after a consonant, or after a vowel and before no vowel (y and w count as the vowels
# they become in the key).
_LETTER_STEPS = re.compile(
    "t(?:(?P<C>ch|sh)|(?P<T>h))"
    "|c(?:(?P<K>h(?=.?$))|(?P<Q>k)|(?P<S>h)|(?P<X>(?=[eiy])))"
    "|d(?:(?P<JV>zh)|(?P<I>j)|(?P<D>h))"
    "|z(?P<ZV>h)"
    "|s(?P<L>ch|h)"
    "|k(?P<G>h)"
    "|g(?:(?P<M>h)|(?P<N>(?=[eiy])))"
    "|p(?P<P>h)"
    "|h(?P<H>(?<=[^aeiouyw]h)|(?<=[aeiouyw]h)(?![aeiouyw]))"
)
# Group names, then single letters. Key: tch and tsh give "c", which stays, where a written
# c becomes k; V (the h of dzh, zh) and H (a silent h) go. Consonants: th and dh give d,
# dzh and zh give dh, the silent h stays.
_KEY_LETTERS = bytes.maketrans(
    b"CTKQSXJIDZLGMNPqxcvzwyeiou",
    b"ctkkssjjtjskkjfkkkfsaaaaaa",
)
_CONSONANT_LETTERS = bytes.maketrans(
    b"CTKQSXJVIDZLGMNPHqczv",
    b"cdskskdhjddskkgfhkkdf",
)
_GROUP_NAME = attrgetter("lastgroup")  # (called by the regex engine with no Python frame)

# Doubled letters written once (Moussa -> Mousa): most words have none, and the search
# for one costs less than a rewrite; both are written out where they are needed, since a
# function call would cost as much as the search.
_find_double = re.compile(r"(.)\1").search
_RUNS = re.compile(r"(.)\1+")
_FIRST_LETTER = itemgetter(1)
# The doubles after which the letter groups of a word differ from those of the word with
# its doubles written once (beyond a letter's repeats): a doubled letter that a group
# starts with or holds, or any other character, but for k and s, whose groups all give
# the key the letter itself (ck, kh: k; sh, sch: s), unless t comes before the s (tsh,
# the key's c); and a run after "ch" to the end of the word, where a final "ch" is read
# by how many letters follow it. Vowels and the other letters only matter to a group as
# the letter next to it, which a run keeps.
_doubles_change_groups = re.compile(
    r"([^abefiklmnoqrsuvwxy0-9])(?:\1|(?<=t)ss|(?<=c)h(.)\2+$)"
).search


@lru_cache(maxsize=1_000_000)
def _token(word: str, kind: str, note: str = "") -> Token:
    # Cached: a million listed names share a few hundred thousand distinct words, and one
    # Token object per distinct word keeps the index small.
    # (The uncached key and consonants: this cache already holds each word once.)
    if kind == NAME:  # (most words: one test of the kind)
        canonical = VARIANTS.get(word, word)
        weight = COMMON_WEIGHT if canonical in COMMON_NAMES else WEIGHTS[NAME]
        if canonical != word:
            note = f"{word}: spelling of {canonical}"
    else:
        canonical = word
        weight = WEIGHTS[kind]
    key, consonants = _key_and_consonants(canonical)
    if kind != NAME and kind != INITIAL:
        key = canonical  # (particles, titles, numbers: the word itself is the key)
    token: Token = object.__new__(_NewToken)  # (filled in by plain stores, then shared)
    token.text = word
    token.canonical = canonical
    token.key = key
    token.skeleton = consonants
    token.kind = kind
    token.weight = weight
    token.note = note
    token.__class__ = Token
    return token


_LEGAL_PHRASE_STARTS = frozenset(phrase.split()[0] for phrase, _ in LEGAL_PHRASES)


def _fold_legal_phrases(text: str) -> str:
    if _LEGAL_PHRASE_STARTS.isdisjoint(text.split()):
        return text
    padded = f" {text} "
    for phrase, short in LEGAL_PHRASES:
        if f" {phrase} " in padded:
            padded = padded.replace(f" {phrase} ", f" {short} ")
    return padded.strip()


def _split_words(words: list[str]) -> tuple[list[str], list[str]]:
    """Split attached particles and compounds; returns the words and notes on what changed."""
    out: list[str] = []
    notes: list[str] = []
    for word in words:
        # The cheap prefix/suffix tests first: this runs for every listed name.
        al = word[:2] in ("al", "el") and _AL_ATTACHED.match(word)
        if al and word not in VARIANTS:
            out += ["al", word[2:]]
            notes.append(f"{word}: attached article split ({word[:2]}-{word[2:]})")
            continue
        din = word.endswith(_DIN_ENDINGS) and _DIN_SUFFIX.match(word)
        if din and word not in VARIANTS:
            out += [din.group(1), "din"]
            notes.append(f"{word}: compound with -din split")
            continue
        out.append(word)
    return out, notes


def _join_abd(words: list[str]) -> tuple[list[str], list[str]]:
    """'Abd al-Rahman', 'Abdul Rahman', 'Abderrahmane', 'Abdurrahman' -> one word abd+rahman,
    because the servant-of compound is one name however it is spaced."""
    out: list[str] = []
    notes: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word in _ABD_ALONE and index + 1 < len(words):
            following = index + 1
            if words[following] in PARTICLES and following + 1 < len(words):
                following += 1
            rest = words[following]
            if rest not in PARTICLES and rest not in TITLES and not rest.isdigit():
                joined = "abd" + _strip_double(rest)
                out.append(joined)
                notes.append(f"{' '.join(words[index : following + 1])}: one name, {joined}")
                index = following + 1
                continue
        if word.startswith("abd") and word not in VARIANTS:
            match = _ABD_ATTACHED.match(word)
            if match:
                joined = "abd" + _strip_double(word[match.end() :])
                if joined != word:
                    notes.append(f"{word}: written {joined}")
                word = joined
        out.append(word)
        index += 1
    return out, notes


def _merge_initialisms(words: list[str]) -> list[str]:
    """'A.B.C.' arrives as 'a b c': a run of two or more single letters is one initialism
    (abc), the way it is also written without the periods."""
    out: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if len(run) >= 2:
            out.append("".join(run))
        else:
            out += run
        run = []
        if word:
            out.append(word)
    return out


def _strip_double(word: str) -> str:
    # Abderrahmane: the article's l assimilated to the r; one r is what the other spellings have.
    return word[1:] if len(word) > 2 and word[0] == word[1] else word


# Words that stand for themselves wherever they are in a name: a name word that no rule
# splits, joins, folds or reads by its neighbour (not a particle, title, legal form, stopword,
# initial or number; no attached article, "-din" or "abd"), and the particles and titles
# that no neighbour changes either (``_ALONE``: Ag, Ould, Ben, Sidi, Cheikh, but not the
# short articles read by the next word, nor "abd"). A name made only of such words (most
# names screened) is tokenised by one dictionary lookup per word. ``None`` marks a word that
# needs the full rules. Bounded: cleared when it grows past ``_PLAIN_WORDS_KEPT``.
_plain_words: dict[str, Token | None] = {}
_PLAIN_WORDS_KEPT = 100_000
_NOT_PLAIN = frozenset(
    {*STOPWORDS, *PARTICLES, *TITLES, *LEGAL_FORMS, *_ABD_ALONE, *_LEGAL_PHRASE_STARTS}
)
_ALONE = frozenset(
    word
    for word in (*PARTICLES, *TITLES)
    if len(word) > 1
    and word not in _SHORT_ARTICLES
    and word not in STOPWORDS
    and word not in _ABD_ALONE
    and word not in _LEGAL_PHRASE_STARTS
    and not word.startswith("abd")
    and not word.endswith(_DIN_ENDINGS)
    and not (word[:2] in ("al", "el") and _AL_ATTACHED.match(word))
    # (A legal form that is not a particle reads by its place in the name.)
    and (word in PARTICLES or word not in LEGAL_FORMS)
)


def _alone_token(word: str) -> Token:
    """The token ``_tokenise`` gives a word of ``_ALONE``, wherever it stands (but for a
    particle that is also a legal form, at the end of a name: see ``plain_tokens``)."""
    if word in PARTICLES:
        canonical = PARTICLES[word]
        note = f"{word}: particle '{canonical}'" if canonical != word else ""
        return _token(canonical, PARTICLE, note)
    return _token(TITLES[word], TITLE, f"{word}: title")


def _plain_word(word: str) -> Token | None:
    if word in _NOT_PLAIN:  # (one test for most words: the words of ``_ALONE`` are here)
        return _alone_token(word) if word in _ALONE else None
    if len(word) == 1 or word.isdigit():
        return None
    if not (word.startswith(("al", "el", "abd")) or word.endswith(_DIN_ENDINGS)):
        return _token(word, NAME)  # no rule of ``_tokenise`` can apply to it
    tokens, notes = _tokenise(word)
    if notes or len(tokens) != 1 or tokens[0].kind != NAME or tokens[0].text != word:
        return None
    return tokens[0]


def plain_tokens(text: str) -> tuple[Token, ...] | None:
    """The tokens of a name made only of plain words (see ``_plain_words``), or None when a
    word needs the full rules of ``tokenise`` (which gives the same tokens for plain names).
    ``text`` is ASCII text from ``text.to_ascii_words``, or a name as written whose words
    are separated by spaces: a word of ASCII letters and digits, whatever their case, reads
    as its lower case."""
    known = _plain_words
    tokens = []
    names = 0
    word = ""
    for word in text.split():
        token = known.get(word, _UNKNOWN)
        if token is _UNKNOWN:
            if len(known) >= _PLAIN_WORDS_KEPT:
                known.clear()
            if word.isascii() and word.isalnum():
                token = known[word] = _plain_word(word.lower())
            else:
                token = known[word] = None
        if token is None:
            return None
        if token.kind == NAME:
            names += 1
        tokens.append(token)
    if names < len(tokens):
        if not names:
            return None  # particles or titles alone are read as names (``_tokenise``)
        if len(tokens) > 1 and tokens[-1].kind == PARTICLE and word.lower() in LEGAL_FORMS:
            return None  # "... AG" at the end of a name is a legal form
    return tuple(tokens) if tokens else None


def clear_caches() -> None:
    """Forget the words met so far (their tokens, keys and consonants) and the names read."""
    _plain_words.clear()
    for cached in (_token, phonetic_key, skeleton, tokenise):
        cached.cache_clear()


_UNKNOWN: Any = object()


@lru_cache(maxsize=131072)
def tokenise(ascii_text: str) -> tuple[tuple[Token, ...], tuple[str, ...]]:
    """Tokens of an ASCII name (see ``text.to_ascii_words``) and notes for the explanation."""
    return _tokenise(ascii_text)


def _tokenise(ascii_text: str) -> tuple[tuple[Token, ...], tuple[str, ...]]:
    text = _fold_legal_phrases(ascii_text)
    words = _merge_initialisms([w for w in text.split() if w not in STOPWORDS])
    words, notes = _split_words(words)
    words, abd_notes = _join_abd(words)
    notes += abd_notes
    tokens: list[Token] = []
    for index, word in enumerate(words):
        nxt = words[index + 1] if index + 1 < len(words) else ""
        if word.isdigit():
            tokens.append(_token(word, NUMBER))
        elif word in PARTICLES and (word not in _SHORT_ARTICLES or nxt[:1] == word[-1:]):
            if word in LEGAL_FORMS and index == len(words) - 1 and index > 0:
                tokens.append(_token(LEGAL_FORMS[word], LEGAL))
            else:
                canonical = PARTICLES[word]
                note = f"{word}: particle '{canonical}'" if canonical != word else ""
                tokens.append(_token(canonical, PARTICLE, note))
        elif word in TITLES:
            tokens.append(_token(TITLES[word], TITLE, f"{word}: title"))
        elif word in LEGAL_FORMS and index > 0:
            tokens.append(_token(LEGAL_FORMS[word], LEGAL))
        elif len(word) == 1 and word.isalpha():
            tokens.append(_token(word, INITIAL))
        else:
            tokens.append(_token(word, NAME))
    if tokens and all(t.kind != NAME and t.kind != NUMBER for t in tokens):
        # A name made only of particles or titles ("Cheikh", "Al") is still a name.
        tokens = [_token(t.text, NAME) if t.kind != INITIAL else t for t in tokens]
    return tuple(tokens), tuple(notes)

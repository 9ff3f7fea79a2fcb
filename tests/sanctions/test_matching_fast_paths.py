"""The matcher's shortcuts give what the full rules give: names of plain words tokenised by a
lookup per word, printable ASCII folded by one table."""

from __future__ import annotations

import pytest

from accordwatch.sanctions.matching.compare import _roles, prepare_uncached
from accordwatch.sanctions.matching.text import to_ascii_words
from accordwatch.sanctions.matching.tokens import _tokenise, plain_tokens

NAMES = [
    "Mamadou Traore",
    "Iyad Ag Ghali",
    "Mohamed Ould Mataly",
    "Abd al-Rahman Ould Amar",
    "Abdourahmane Abdelkader",
    "Alghabass Ag Intalla",
    "Albachar Salaheddine",
    "Nasreddine Ould Ahmed",
    "A. B. Coulibaly",
    "J Smith 2nd",
    "Open Joint Stock Company Rosneft",
    "Koti Corp",
    "the Al Qaida organisation",
    "Cheikh Sidi Ahmed",
    "Ahmed ad Dahabi",
    "Ahmed ash-Shami",
    "Al",
    "Elhadj Ag Eghless",
    "Mariam Mint Sidi",
    "Eldjazairi Belmokhtar",
    # Particles and titles read word by word, and where their place matters:
    "Mohamed AG",
    "Koti Ag",
    "Ag",
    "Sidi",
    "Sidi Ag",
    "Ben Ali Ag Ghali",
    "SIDI MOHAMED OULD",
    "Cheikh El Hadj",
    "Ahmed As Sahrawi",
    "Abd Ag Ali",
]


@pytest.mark.parametrize("name", NAMES)
def test_plain_words_are_tokenised_as_the_full_rules_do(name):
    ascii_text = to_ascii_words.__wrapped__(name)[0]
    tokens, notes = _tokenise(ascii_text)
    fast = plain_tokens(ascii_text)
    if fast is not None:
        assert fast == tokens
        assert notes == ()
    prepared = prepare_uncached(name)
    assert prepared.tokens == tokens
    assert prepared.roles == _roles(tokens)


def test_names_with_compounds_or_words_read_by_their_place_take_the_full_rules():
    for name in ("Abd al-Rahman", "Albachar", "A B Kone", "Ahmed as Sahrawi", "Koti AG", "Ag"):
        assert plain_tokens(to_ascii_words.__wrapped__(name)[0]) is None, name
    # Particles and titles that no neighbour changes are read word by word.
    for name in ("mamadou traore", "Iyad Ag Ghali", "Cheikh Sidi Ahmed", "Mohamed Ould Mataly"):
        assert plain_tokens(name) is not None, name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("O'Brien & Sons, Ltd.", "obrien and sons ltd"),
        ("  AL-QAIDA   (AQ) ", "al qaida aq"),
        ("Smith`s #1 @ Co", "smiths 1 co"),
        ("", ""),
    ],
)
def test_printable_ascii_is_folded_like_any_other_text(text, expected):
    assert to_ascii_words.__wrapped__(text)[0] == expected


@pytest.mark.parametrize(
    "name",
    ["MAMADOU TRAORE", "Mamadou  Traoré", "mamadou\ttraore", "Mamadou Traore 2", "IYAD AG GHALI"],
)
def test_names_as_written_give_the_tokens_of_their_folded_text(name):
    # Case, spacing and accents aside, these are one name: the same tokens, the same roles.
    folded = to_ascii_words.__wrapped__(name)[0]
    prepared = prepare_uncached(name)
    assert prepared.tokens == _tokenise(folded)[0]
    assert prepared.tokens == prepare_uncached(folded).tokens
    assert prepared.roles == _roles(prepared.tokens)


def test_key_deletions_are_the_key_and_each_letter_left_out_in_turn():
    import random

    from accordwatch.sanctions.matching.index import _deletions

    rng = random.Random(5)
    for _ in range(5000):
        key = "".join(rng.choice("abdkmnrst") for _ in range(rng.randint(1, 60)))
        plain = [key[:i] + key[i + 1 :] for i in range(len(key))]
        assert _deletions(key) == ([key] if len(key) <= 3 else [key, *plain]), key


def test_the_halves_test_keeps_every_word_that_meets_a_deletion_table():
    # A word whose halves are in no string of the table is dropped without its deletions
    # being made: that must never drop a word that one deletion (on either side) reaches.
    import random

    from accordwatch.sanctions.matching import Entry, Index
    from accordwatch.sanctions.matching.index import _deletions, _meets

    rng = random.Random(11)
    letters = "abdgiklmnorstu"
    listed = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 13))) for _ in range(400)]
    index = Index.build(
        [Entry(str(i), [f"{listed[i]} {listed[-i]}"]) for i in range(len(listed))]
        + [Entry("names", NAMES)]
    )
    words = []
    for word in listed:
        for _ in range(4):
            edited = list(word)
            place = rng.randrange(len(edited))
            kind = rng.randrange(4)
            if kind == 0:
                edited[place] = rng.choice(letters)
            elif kind == 1:
                del edited[place]
            elif kind == 2:
                edited.insert(place, rng.choice(letters))
            elif place + 1 < len(edited):
                edited[place], edited[place + 1] = edited[place + 1], edited[place]
            words.append("".join(edited))
    words += ["".join(rng.choice(letters) for _ in range(rng.randint(4, 16))) for _ in range(3000)]
    met = 0
    for table, halves in (
        (index._by_deletion, index._deletion_halves),
        (index._by_letters, index._letter_halves),
    ):
        for word in (w for w in words if len(w) > 3):
            expected = not table.keys().isdisjoint(_deletions(word))
            assert _meets(table, halves, word) == expected, word
            met += expected
    assert met > 500  # (the edited words do meet the tables)


def test_what_queries_teach_the_index_stays_bounded(monkeypatch):
    # A long-running screening service asks about new words forever: each of the index's
    # caches is emptied when full rather than growing with every name ever screened.
    import random

    from accordwatch.sanctions.matching import Entry, Index, index

    monkeypatch.setattr(index, "_KEPT", 50)
    listed = Index.build([Entry(str(i), [name]) for i, name in enumerate(NAMES)])
    rng = random.Random(3)
    listed_words = [word for name in NAMES for word in name.lower().split() if len(word) > 3]

    def respelled(word):
        place = rng.randrange(len(word))
        return word[:place] + rng.choice("abdgiklmnorstu") + word[place + 1 :]

    # Names of three respelled listed words: new words near listed ones, new pairs of them.
    for _ in range(600):
        listed.search(" ".join(respelled(rng.choice(listed_words)) for _ in range(3)))
    caches = {
        "near keys": listed._similar_cache,
        "similarities": listed._word_cache,
        "pairs": listed._pair_cache,
        "words": listed._near_of_token[False],
    }
    for name, cache in caches.items():
        assert 0 < len(cache) <= 50, name
    listed.clear_caches()
    assert not any(caches.values())

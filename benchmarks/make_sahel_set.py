"""Build benchmarks/data/sahel-names.csv, the Sahel transliteration set (deterministic).

    .venv/bin/python -m benchmarks.make_sahel_set

Rows are (query, listed, is_match, reference, kind). The listed names are the names and
aliases of the UN consolidated list's individuals linked to Mali, Algeria, Mauritania or
Niger (nationality, address or place of birth), from both real files. Kinds:

- ``original-script`` (positive): the list's own original-script name (NAME_ORIGINAL_SCRIPT,
  Arabic) against its Latin name;
- ``list-variant`` (positive): two aliases of one entry that the list itself gives as
  spellings of one name (at most six pairs per person): particles set aside, every word of
  the shorter begins with the same two consonants as a word of the longer, the shorter
  having two words or more (Amadou Koufa / Hamadoun Koufa);
- ``rule-variant`` (positive): a listed name respelled by one or two rules of how these names
  are written in French and English: ou/u, ch/sh, dj/j, y/i, a/e in Ahmed/Ahmad, doubled
  consonants, particle spellings (Ould/Wuld, Ben/Bin/Ibn, Abou/Abu, Al-/El-/attached),
  given-name variants (Mohamed/Mohammed/Muhammad/Mahamat …), family name first, a dropped
  particle, one letter dropped or two swapped;
- ``common-malian`` (negative): a frequent Malian name, not listed, that shares the listed
  name's first word (Amadou Traoré against Amadou Koufa);
- ``other-family`` (negative): the listed name with its last word replaced by a frequent
  Malian family name.

The rules are written from general knowledge of the spellings, independently of the
matcher's tables; the matcher was not run while writing them.
"""

from __future__ import annotations

import csv
import random
import re

from benchmarks.sanctions_data import SAHEL_SET, UN_2020, UN_2026, un_records

COUNTRIES = {"mali", "algeria", "mauritania", "niger"}
PARTICLES = {"ould", "ag", "ben", "bin", "ibn", "abou", "abu", "al", "el", "mint", "bint"}

MALIAN_GIVEN = [
    "Mamadou",
    "Moussa",
    "Ibrahim",
    "Oumar",
    "Seydou",
    "Boubacar",
    "Amadou",
    "Souleymane",
    "Issa",
    "Abdoulaye",
    "Bakary",
    "Adama",
    "Drissa",
    "Modibo",
    "Lassana",
    "Sekou",
    "Yacouba",
    "Hamidou",
    "Alassane",
    "Aliou",
    "Fatoumata",
    "Aminata",
    "Mariam",
    "Awa",
    "Kadidia",
    "Oumou",
    "Rokia",
    "Hawa",
    "Mohamed",
    "Ahmed",
    "Sidi",
    "Mahmoud",
    "Ousmane",
    "Karim",
    "Baba",
]
MALIAN_FAMILY = [
    "Traoré",
    "Keïta",
    "Coulibaly",
    "Diarra",
    "Diallo",
    "Touré",
    "Sidibé",
    "Konaté",
    "Koné",
    "Sangaré",
    "Camara",
    "Doumbia",
    "Dembélé",
    "Maïga",
    "Cissé",
    "Sissoko",
    "Kanté",
    "Bagayoko",
    "Ballo",
    "Samaké",
    "Dicko",
    "Tall",
    "Sow",
    "Niang",
    "Guindo",
    "Dolo",
    "Tounkara",
    "Fofana",
    "Diakité",
    "Haïdara",
    "Djiré",
    "Kouyaté",
    "Sylla",
    "Togola",
    "Berthé",
    "Sanogo",
]

GIVEN_VARIANTS = [
    ["Mohamed", "Mohammed", "Muhammad", "Mohamad", "Mahamat", "Mouhamed"],
    ["Ahmed", "Ahmad", "Ahmet"],
    ["Omar", "Oumar", "Umar", "Amor"],
    ["Moussa", "Musa", "Mousa"],
    ["Youssef", "Yusuf", "Youcef", "Yousef"],
    ["Abdallah", "Abdullah", "Abdellah"],
    ["Mustafa", "Moustapha", "Mostefa"],
    ["Djamel", "Jamal", "Djamal"],
    ["Khaled", "Khalid"],
    ["Salah", "Saleh"],
    ["Yahia", "Yahya"],
    ["Said", "Saeed", "Saïd"],
    ["Hamada", "Hammada"],
]
PARTICLE_VARIANTS = {
    "ould": ["Wuld", "Walad", "ould", "Ould"],
    "ben": ["Bin", "Ibn", "ben"],
    "bin": ["Ben", "Ibn"],
    "ibn": ["Bin", "Ben"],
    "abou": ["Abu", "Abo"],
    "abu": ["Abou"],
    "mint": ["Bint"],
    "bint": ["Mint"],
}


def _respell(word: str, rng: random.Random) -> str:
    lower = word.lower()
    rules = [
        (r"ou", "u"),
        (r"(?<![o])u", "ou"),
        (r"ch", "sh"),
        (r"sh", "ch"),
        (r"dj", "j"),
        (r"(?<!d)j", "dj"),
        (r"y$", "i"),
        (r"i$", "y"),
        (r"ed$", "ad"),
        (r"ad$", "ed"),
        (r"([bdfklmnrst])\1", r"\1"),
        (r"(?<=[aeiou])([lmnst])(?=[aeiou])", r"\1\1"),
        (r"kh", "k"),
        (r"q", "k"),
        (r"ee", "i"),
        (r"ie$", "i"),
    ]
    rng.shuffle(rules)
    for pattern, replacement in rules:
        changed = re.sub(pattern, replacement, lower, count=1)
        if changed != lower:
            return changed.capitalize() if word[:1].isupper() else changed
    return word


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 6:
        return word
    i = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def variant(name: str, rng: random.Random) -> str:
    words = name.split()
    for _ in range(rng.choice((1, 2))):
        rule = rng.choice(("respell", "respell", "particle", "given", "order", "drop", "typo"))
        indexes = [i for i, w in enumerate(words) if w != "-"]
        if not indexes:
            break
        if rule == "respell":
            i = rng.choice([i for i in indexes if words[i].lower() not in PARTICLES] or indexes)
            words[i] = _respell(words[i], rng)
        elif rule == "particle":
            spots = [i for i in indexes if words[i].lower() in PARTICLE_VARIANTS]
            if spots:
                i = rng.choice(spots)
                words[i] = rng.choice(PARTICLE_VARIANTS[words[i].lower()])
            else:
                spots = [i for i in indexes if words[i].lower() in {"al", "el"}]
                if spots:
                    i = spots[0]
                    words[i] = rng.choice(["Al", "El", "al", "el"])
        elif rule == "given":
            for i in indexes:
                for group in GIVEN_VARIANTS:
                    if words[i].lower() in {g.lower() for g in group}:
                        words[i] = rng.choice(group)
        elif rule == "order" and len(indexes) >= 2:
            # Family name first, as French civil records write it (OULD DAYA Yoro): the
            # last word moves with the particles and "Abdel" that belong to it.
            start = len(words) - 1
            while start > 1 and words[start - 1].lower() in PARTICLES | {"abdel", "abd", "abdul"}:
                start -= 1
            family = [w.upper() for w in words[start:]]
            words = family + words[:start]
        elif rule == "drop":
            spots = [i for i in indexes if words[i].lower() in {"ag", "ould", "ben", "bin"}]
            if spots:
                del words[spots[0]]
        elif rule == "typo":
            i = max(indexes, key=lambda j: len(words[j]))
            words[i] = _typo(words[i], rng)
    text = " ".join(words)
    return text if rng.random() < 0.7 else text.upper()


def _latin(text: str) -> bool:
    return not re.search("[\u0600-\u06ff]", text)


def _onset(word: str) -> str:
    consonants = re.sub(r"[aeiouyh]", "", word)
    return consonants[:2]


def _words(name: str) -> list[str]:
    words = re.sub(r"[^\w\s]", " ", name.lower()).split()
    return [w for w in words if w not in PARTICLES]


def _spellings_of_one_name(a: str, b: str) -> bool:
    """Every word of the shorter name begins, in consonants, like a word of the other."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb or a.lower() == b.lower():
        return False
    shorter, longer = sorted((wa, wb), key=len)
    if len(shorter) < 2:
        return False
    onsets = [_onset(w) for w in longer]
    for word in shorter:
        onset = _onset(word)
        if not onset or onset not in onsets:
            return False
        onsets.remove(onset)
    return True


def build() -> list[dict[str, str]]:
    rng = random.Random(2374)
    people: dict[str, list[tuple[str, str]]] = {}
    original: dict[str, str] = {}
    for path in (UN_2020, UN_2026):
        for record in un_records(path):
            if record.kind != "individual" or not record.countries & COUNTRIES:
                continue
            names = people.setdefault(record.reference, [])
            if record.original_script:
                original[record.reference] = record.original_script
            for name in record.entry.names:
                if (name.text, name.quality) not in names:
                    names.append((name.text, name.quality))
    rows: list[dict[str, str]] = []

    def add(query: str, listed: str, match: bool, reference: str, kind: str) -> None:
        rows.append(
            {
                "query": query,
                "listed": listed,
                "is_match": "true" if match else "false",
                "reference": reference,
                "kind": kind,
            }
        )

    for reference, names in sorted(people.items()):
        main = names[0][0]
        latin = [n for n, q in names if _latin(n) and len(n.split()) >= 2]
        if original.get(reference):
            add(original[reference], main, True, reference, "original-script")
        variants = [
            (a, b)
            for i, a in enumerate(latin)
            for b in latin[i + 1 :]
            if _spellings_of_one_name(a, b)
        ]
        # At most six per person: one person's many aliases must not dominate the set.
        for a, b in rng.sample(variants, min(6, len(variants))):
            add(a, b, True, reference, "list-variant")
        for name in latin:
            for _ in range(2):
                query = variant(name, rng)
                if query.lower() != name.lower():
                    add(query, name, True, reference, "rule-variant")
            first = name.split()[0]
            family = rng.choice(MALIAN_FAMILY)
            add(f"{first.capitalize()} {family}", name, False, reference, "common-malian")
            given = rng.choice(MALIAN_GIVEN)
            add(f"{given} {rng.choice(MALIAN_FAMILY)}", name, False, reference, "common-malian")
            words = name.split()
            if len(words) >= 2:
                other = " ".join([*words[:-1], rng.choice(MALIAN_FAMILY)])
                add(other, name, False, reference, "other-family")
    return rows


def main() -> None:
    rows = build()
    SAHEL_SET.parent.mkdir(parents=True, exist_ok=True)
    with SAHEL_SET.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["query", "listed", "is_match", "reference", "kind"])
        writer.writeheader()
        writer.writerows(rows)
    positives = sum(r["is_match"] == "true" for r in rows)
    print(f"{SAHEL_SET}: {len(rows)} pairs, {positives} positive, {len(rows) - positives} negative")


if __name__ == "__main__":
    main()

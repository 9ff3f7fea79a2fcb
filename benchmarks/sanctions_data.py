"""Data for the name-matching benchmarks: the UN consolidated list as matching entries, and
generated lists and queries.

The UN XML is read here with defusedxml, independently of the app's importer (which is
measured elsewhere): the benchmark needs only names, aliases, birth dates, nationalities and
gender, and must not depend on the database.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree

from accordwatch.sanctions.matching import Entry, Name

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "data" / "real"
UN_2020 = REAL / "un-consolidated-list-2020-11-30.xml"
UN_2026 = REAL / "un-consolidated-list-2026-02-27.xml"
NAME_BENCH = REAL / "name-bench-cases.csv"
SAHEL_SET = Path(__file__).resolve().parent / "data" / "sahel-names.csv"

NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


@dataclass(frozen=True)
class ListedRecord:
    """One UN entry, as much as the benchmarks need."""

    reference: str
    kind: str  # "individual" or "entity"
    list_type: str
    entry: Entry
    countries: frozenset[str]  # nationality and address/birth countries, lower case
    original_script: str = ""


def _text(element, tag: str) -> str:
    found = element.find(tag)
    return " ".join((found.text or "").split()) if found is not None and found.text else ""


def un_records(path: Path = UN_2020) -> list[ListedRecord]:
    records: list[ListedRecord] = []
    root = ElementTree.parse(path).getroot()
    for kind, tag in (("individual", "INDIVIDUAL"), ("entity", "ENTITY")):
        for element in root.iter(tag):
            reference = _text(element, "REFERENCE_NUMBER")
            names: list[Name] = []
            main = " ".join(p for p in (_text(element, t) for t in NAME_PARTS) if p)
            if main:
                names.append(Name(main, "good"))
            original = _text(element, "NAME_ORIGINAL_SCRIPT")
            if original:
                names.append(Name(original, "good"))
            for alias in element.iter(f"{tag}_ALIAS"):
                alias_name = _text(alias, "ALIAS_NAME")
                if alias_name:
                    quality = _text(alias, "QUALITY").lower() or "good"
                    names.append(Name(alias_name, "low" if quality.startswith("low") else "good"))
            nationalities = [
                " ".join((v.text or "").split())
                for n in element.iter("NATIONALITY")
                for v in n.iter("VALUE")
                if v.text and v.text.strip()
            ]
            dates = []
            for birth in element.iter(f"{tag}_DATE_OF_BIRTH"):
                date = _text(birth, "DATE") or _text(birth, "YEAR")
                if date:
                    dates.append(date)
            countries = {n.lower() for n in nationalities}
            for place in (*element.iter(f"{tag}_ADDRESS"), *element.iter(f"{tag}_PLACE_OF_BIRTH")):
                country = _text(place, "COUNTRY")
                if country:
                    countries.add(country.lower())
            gender = _text(element, "GENDER") or None
            entry = Entry(reference, names, dates, nationalities, gender)
            records.append(
                ListedRecord(
                    reference,
                    kind,
                    _text(element, "UN_LIST_TYPE"),
                    entry,
                    frozenset(countries),
                    original,
                )
            )
    return records


# Word lists for generated names: common given names and family names of the region (as
# civil registers write them), and syllables to make family names nobody holds.
GIVEN = [
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
    "Cheick",
    "Lassana",
    "Sekou",
    "Yacouba",
    "Hamidou",
    "Alassane",
    "Ousmane",
    "Aliou",
    "Hamadoun",
    "Fatoumata",
    "Aminata",
    "Mariam",
    "Awa",
    "Kadidia",
    "Oumou",
    "Rokia",
    "Hawa",
    "Assetou",
    "Salimata",
    "Djeneba",
    "Bintou",
    "Aissata",
    "Kadiatou",
    "Ramatou",
    "Mohamed",
    "Ahmed",
    "Sidi",
    "Mahmoud",
    "Hamma",
    "Attaher",
    "Intalla",
    "Alghabass",
    "Bilal",
    "Mossa",
    "Inawelene",
    "Rhissa",
    "Ibrahima",
    "Abdourahmane",
    "Baba",
    "Tiemoko",
    "Nouhoum",
    "Karim",
    "Zoumana",
]
FAMILY = [
    "Traore",
    "Keita",
    "Coulibaly",
    "Diarra",
    "Diallo",
    "Toure",
    "Sidibe",
    "Konate",
    "Kone",
    "Sangare",
    "Camara",
    "Doumbia",
    "Dembele",
    "Maiga",
    "Cisse",
    "Sissoko",
    "Kante",
    "Bagayoko",
    "Ballo",
    "Samake",
    "Dicko",
    "Tall",
    "Sow",
    "Ba",
    "Niang",
    "Guindo",
    "Dolo",
    "Tounkara",
    "Fofana",
    "Diakite",
    "Haidara",
    "Djire",
    "Kouyate",
    "Sylla",
    "Togola",
    "Berthe",
    "Bamba",
    "Sanogo",
    "Tangara",
    "Ag Intallah",
    "Ag Ghali",
    "Ould Sidati",
    "Ould Mataly",
    "Ag Alhousseini",
    "Ag Acharatoumane",
]
ONSETS = ["b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "w", "y", "z"]
ONSETS += ["br", "dr", "kh", "gh", "sh", "ch", "tr", "st", "nd", "mb", "ng", "dj", "kp", "gb"]
VOWELS = ["a", "e", "i", "o", "ou", "ai", "ei"]
CODAS = ["", "", "", "n", "r", "l", "s", "m", "k", "t"]


def made_up_family(rng: random.Random) -> str:
    syllables = rng.choice((2, 3, 3, 4))
    parts = [rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables)]
    return "".join(parts).capitalize()


def generated_names(count: int, seed: int = 7) -> list[str]:
    """``count`` person names: a common given name (sometimes two) and a family name that is,
    one time in three, a common one and otherwise made of random syllables (onset, vowel,
    coda), so that the list has the long tail of distinct family names a real population
    has, and the homonyms too (about 130 per common given and family name in a million)."""
    rng = random.Random(seed)
    names = []
    for _ in range(count):
        given = rng.choice(GIVEN)
        if rng.random() < 0.3:
            given += " " + rng.choice(GIVEN)
        family = rng.choice(FAMILY) if rng.random() < 0.33 else made_up_family(rng)
        names.append(f"{given} {family}")
    return names

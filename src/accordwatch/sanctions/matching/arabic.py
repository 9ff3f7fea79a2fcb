"""Arabic script to Latin letters, the way Sahelian and Maghrebi names are written in French
and English.

Arabic spelling leaves out short vowels, so a letter-by-letter transliteration of محمد gives
"mhmd", which no list writes. Frequent names and particles are therefore looked up whole
first (محمد -> mohamed); any other word is transliterated letter by letter, and the comparison
then falls back on consonant skeletons (see ``tokens.skeleton``) for words that came from
Arabic script.
"""

from __future__ import annotations

import re

# Whole words, after the diacritics (harakat, tatweel) are removed. The Latin forms are the
# ones Malian, Mauritanian, Nigerien and Algerian civil registers and the UN list use.
WORDS: dict[str, str] = {
    "محمد": "mohamed",
    "محمدو": "mohamedou",
    "أحمد": "ahmed",
    "احمد": "ahmed",
    "أحمدو": "ahmedou",
    "محمود": "mahmoud",
    "مصطفى": "moustapha",
    "عبد": "abd",
    "الله": "allah",
    "عبدالله": "abdallah",
    "علي": "ali",
    "عمر": "omar",
    "عثمان": "ousmane",
    "موسى": "moussa",
    "عيسى": "issa",
    "إبراهيم": "ibrahim",
    "ابراهيم": "ibrahim",
    "إسماعيل": "ismail",
    "اسماعيل": "ismail",
    "يوسف": "youssouf",
    "يونس": "younous",
    "حسن": "hassan",
    "حسين": "hussein",
    "الحسين": "alhousseini",
    "خالد": "khaled",
    "سعيد": "said",
    "صالح": "salah",
    "سليمان": "souleymane",
    "آدم": "adam",
    "ادم": "adam",
    "أبوبكر": "aboubakar",
    "بكر": "bakar",
    "عائشة": "aicha",
    "فاطمة": "fatimata",
    "مريم": "mariam",
    "زينب": "zeinab",
    "الشيخ": "cheikh",
    "شيخ": "cheikh",
    "سيدي": "sidi",
    "سيد": "sid",
    "ولد": "ould",
    "بن": "ben",
    "ابن": "ibn",
    "بنت": "bint",
    "منت": "mint",
    "أبو": "abou",
    "ابو": "abou",
    "أغ": "ag",
    "اغ": "ag",
    "آغ": "ag",
    "الحاج": "elhadj",
    "حاج": "hadj",
    "الدين": "eddine",
}

# One letter each. Long vowels (ا و ي) carry the only vowels Arabic spelling writes.
LETTERS: dict[str, str] = {
    "ا": "a",
    "أ": "a",
    "إ": "i",
    "آ": "a",
    "ٱ": "a",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "dj",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "ch",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "d",  # Maghrebi speech merges it with dad: Hafed, Hafid
    "ع": "a",  # ain: Latin spellings write a vowel (Ammari, Said, Djaafar)
    "غ": "gh",
    "ف": "f",
    "ق": "k",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "و": "ou",
    "ي": "i",
    "ى": "a",
    "ء": "",
    "ئ": "",
    "ؤ": "ou",
    # Persian and Maghrebi letters found in names.
    "پ": "p",
    "چ": "tch",
    "ڤ": "v",
    "گ": "g",
    "ڨ": "g",
    "ک": "k",
    "ی": "i",
}

_HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def has_arabic(text: str) -> bool:
    return _ARABIC.search(text) is not None


def _letters(word: str) -> str:
    return re.sub("aa+", "a", _letter_by_letter(word))


def _letter_by_letter(word: str) -> str:
    out: list[str] = []
    for index, char in enumerate(word):
        latin = LETTERS.get(char, "")
        # A waw or ya before a vowel letter is a consonant (w, y), not a long vowel.
        if char == "و" and (index == 0 or word[index - 1] in "اىيو"):
            latin = "w"
        elif char == "ي" and (index == 0 or word[index - 1] == "ا"):
            latin = "y"
        # s + h would read as the digraph sh (ش); the Latin spellings of صح, سه, كه … have
        # the short vowel between them (Sahraoui).
        if latin.startswith("h") and out and out[-1][-1:] in ("s", "k", "d", "t", "g", "c", "z"):
            latin = "a" + latin
        out.append(latin)
    return "".join(out)


def transliterate_word(word: str) -> str:
    """One Arabic-script word in Latin letters (lower case)."""
    word = _HARAKAT.sub("", word)
    if word in WORDS:
        return WORDS[word]
    # The article is written attached (الحسيني); keep it as a separate "al" so the particle
    # rules see it as they do in "Al-Husseini".
    if word.startswith("ال") and len(word) > 3:
        rest = word[2:]
        return "al " + WORDS.get(rest, _letters(rest))
    # A name with attached "abd" (عبدالرحمن) splits like its Latin spellings do.
    if word.startswith("عبد") and len(word) > 4:
        return "abd " + transliterate_word(word[3:])
    return _letters(word)


def transliterate(text: str) -> str:
    """Every Arabic-script word of ``text`` in Latin letters; other characters kept."""
    if not has_arabic(text):
        return text
    words = re.split(r"(\s+)", text)
    return "".join(transliterate_word(word) if has_arabic(word) else word for word in words)

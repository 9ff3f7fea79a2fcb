"""From any text to lower-case ASCII words: scripts, accents, punctuation, control characters.

The steps, in order, and why:

1. NFKC folds compatibility forms (full-width letters, ligatures) into plain letters.
2. Control and formatting characters (including the invisible right-to-left and
   left-to-right marks that mixed Arabic/French text carries) become spaces, so that they
   can neither join two words nor split one.
3. Arabic script goes through our own table (``arabic.py``), tuned to Sahelian spelling.
4. Accents are stripped; other scripts (Cyrillic, Greek, Georgian, Hangul, kana, Han) are
   romanised by ``anyascii``; symbols and emoji are dropped, not romanised (anyascii would
   turn an emoji into a word).
5. Apostrophes vanish without a space ('Abd, O'Brien), other punctuation is a space, and
   "&" is "and".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from .arabic import has_arabic, transliterate

# A name longer than this is cut: no listed name comes near it, and the cost of comparing
# stays bounded whatever a screening file holds.
MAX_CHARS = 300

_APOSTROPHES = "'’‘`´ʼʻʿʾ"
_KEEP_CATEGORIES = ("L", "N", "M")


def _visible_char(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    category = unicodedata.category(char)
    if category[0] in _KEEP_CATEGORIES or char == " ":
        return char
    if char == "&":
        return " and "
    return " "


# Printable ASCII: letters lower-cased, digits kept, apostrophes dropped, "&" read "and",
# anything else a space.
_PRINTABLE_ASCII: dict[int, str | None] = {
    code: (
        chr(code).lower()
        if chr(code).isalnum()
        else None
        if chr(code) in "'`"
        else " and "
        if chr(code) == "&"
        else " "
    )
    for code in range(32, 127)
}
# The same for the bytes of printable ASCII text without "&" (the one character that
# becomes more than one): a byte table maps every character in one C loop, where the
# dictionary above costs a lookup per character.
_PRINTABLE_ASCII_BYTES = bytes(
    ord(_PRINTABLE_ASCII[code] or " ") if 32 <= code < 127 and code != ord("&") else 32
    for code in range(256)
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _romanise(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    if stripped.isascii():
        return stripped
    # Scripts without spaces between syllables come back from anyascii in CamelCase
    # (김정은 -> GimJeongEun); keep each syllable a word so that word order rules apply.
    return _CAMEL.sub(" ", anyascii(stripped))


@lru_cache(maxsize=65536)
def to_ascii_words(text: str) -> tuple[str, bool, bool]:
    """Lower-case ASCII text with single spaces; also whether the input was cut, and whether it
    held Arabic script."""
    cut = len(text) > MAX_CHARS
    if cut:
        text = text[:MAX_CHARS]
    if text.isascii() and text.isprintable():
        # Most names on lists and in screening files: no script, accent or control character;
        # one pass of a table does what the general steps below do to such text.
        if "&" not in text:
            letters = text.encode().translate(_PRINTABLE_ASCII_BYTES, b"'`").decode()
            return " ".join(letters.split()), cut, False
        return " ".join(text.translate(_PRINTABLE_ASCII).split()), cut, False
    text = unicodedata.normalize("NFKC", text)
    text = "".join(_visible_char(c) for c in text)
    arabic = has_arabic(text)
    if arabic:
        text = transliterate(text)
    text = " ".join(_romanise(word) for word in text.split())
    text = text.lower().replace("'", "")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return " ".join(text.split()), cut, arabic

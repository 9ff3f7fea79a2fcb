"""The French and Arabic interfaces are complete and compiled.

Every message of ``src/accordwatch/locale/{fr,ar}`` has a translation (every plural form)
and none is fuzzy; the committed ``.mo`` holds exactly what its ``.po`` says; and running
``makemessages`` over the code finds no marked string that the catalogues lack. After
changing interface text:

    cd src/accordwatch
    ../../.venv/bin/django-admin makemessages -l fr -l ar --ignore 'demo/*' \
        --no-location --no-obsolete
    # translate the new and fuzzy entries, remove the fuzzy flags, then
    ../../.venv/bin/django-admin compilemessages -l fr -l ar

(without ``DJANGO_SETTINGS_MODULE`` set, so that the catalogues in ``locale/`` are used).
"""

from __future__ import annotations

import ast
import gettext
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "accordwatch"
LANGUAGES = ("fr", "ar")
MAKEMESSAGES = [
    *("makemessages", "-l", "fr", "-l", "ar"),
    *("--ignore", "demo/*", "--no-location", "--no-obsolete"),
]


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def read_po(path: Path) -> list[Entry]:
    """The entries of a ``.po`` file as gettext's tools write it (the header left out)."""
    entries: list[Entry] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, current = Entry(), None
        for line in block.strip().splitlines():
            if line.startswith("#~"):
                entry.obsolete = True
            elif line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                _append(entry, current, ast.literal_eval(line))
            else:
                keyword, _, text = line.partition(" ")
                current = keyword
                _append(entry, current, ast.literal_eval(text), start=True)
        if entry.msgid or entry.msgid_plural:
            entries.append(entry)
    return entries


def _append(entry: Entry, keyword: str | None, text: str, start: bool = False) -> None:
    if keyword == "msgid":
        entry.msgid = text if start else entry.msgid + text
    elif keyword == "msgid_plural":
        entry.msgid_plural = text if start else (entry.msgid_plural or "") + text
    elif keyword == "msgctxt":
        entry.msgctxt = text if start else (entry.msgctxt or "") + text
    elif keyword is not None and keyword.startswith("msgstr"):
        index = int(keyword[7:-1]) if "[" in keyword else 0
        entry.msgstr[index] = text if start else entry.msgstr.get(index, "") + text
    else:
        raise ValueError(f"unexpected line in a .po entry: {keyword!r}")


def _po_path(root: Path, language: str) -> Path:
    return root / "locale" / language / "LC_MESSAGES" / "django.po"


def _key(entry: Entry) -> str:
    # As gettext's catalogues key a message in a context: "context\x04message".
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def _nplurals(path: Path) -> int:
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    for part in header.split(";"):
        if "nplurals=" in part:
            return int(part.split("nplurals=")[1])
    raise AssertionError(f"{path}: no Plural-Forms header")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    path = _po_path(PACKAGE, language)
    entries = [entry for entry in read_po(path) if not entry.obsolete]
    assert len(entries) > 100, "the catalogue looks truncated"
    forms = _nplurals(path)
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    empty = [
        entry.msgid
        for entry in entries
        if not all(entry.msgstr.get(index) for index in range(forms if entry.msgid_plural else 1))
    ]
    assert not fuzzy, f"{language}: fuzzy translations: {fuzzy}"
    assert not empty, f"{language}: messages without a translation: {empty}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_po_file(language):
    po = _po_path(PACKAGE, language)
    with po.with_suffix(".mo").open("rb") as compiled:
        catalogue = dict(gettext.GNUTranslations(compiled)._catalog)  # type: ignore[attr-defined]
    catalogue.pop("", None)  # the header
    expected: dict[object, str] = {}
    for entry in read_po(po):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue  # msgfmt leaves these out
        if entry.msgid_plural is None:
            expected[_key(entry)] = entry.msgstr[0]
        else:
            expected.update({(_key(entry), i): text for i, text in entry.msgstr.items()})
    assert catalogue == expected, (
        f"{language}: django.mo does not match django.po; run compilemessages (see the docstring)"
    )


def test_makemessages_finds_no_string_missing_from_the_catalogues(tmp_path):
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.fail("gettext's tools (xgettext, msgmerge) are needed: apt-get install gettext")
    copy = tmp_path / "accordwatch"
    shutil.copytree(
        PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "static", "*.mo")
    )
    # No settings: makemessages then writes into the copy's own locale/ directory.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-m", "django", *MAKEMESSAGES],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for language in LANGUAGES:
        known = {_key(entry) for entry in read_po(_po_path(PACKAGE, language))}
        found = {_key(entry) for entry in read_po(_po_path(copy, language)) if not entry.obsolete}
        missing = sorted(found - known)
        assert not missing, (
            f"{language}: strings marked in the code but not in django.po: {missing}"
        )

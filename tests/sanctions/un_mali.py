"""The UN list's "Mali" entries as matching entries, read straight from the real XML file
(defusedxml), so the matching tests depend neither on the database nor on the importer."""

from __future__ import annotations

from pathlib import Path

from defusedxml import ElementTree

from accordwatch.sanctions.matching import Entry, Name

NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def _text(element, tag: str) -> str:
    found = element.find(tag)
    return " ".join(found.text.split()) if found is not None and found.text else ""


def un_entries(path: Path, *, list_type: str | None = None) -> list[Entry]:
    entries = []
    for element in ElementTree.parse(path).getroot().iter("INDIVIDUAL"):
        if list_type and _text(element, "UN_LIST_TYPE") != list_type:
            continue
        names = [Name(" ".join(p for p in (_text(element, t) for t in NAME_PARTS) if p))]
        for alias in element.iter("INDIVIDUAL_ALIAS"):
            if _text(alias, "ALIAS_NAME"):
                quality = "low" if _text(alias, "QUALITY").lower() == "low" else "good"
                names.append(Name(_text(alias, "ALIAS_NAME"), quality))
        nationalities = [
            " ".join(v.text.split())
            for n in element.iter("NATIONALITY")
            for v in n.iter("VALUE")
            if v.text and v.text.strip()
        ]
        dates = [
            _text(b, "DATE") or _text(b, "YEAR") for b in element.iter("INDIVIDUAL_DATE_OF_BIRTH")
        ]
        entries.append(
            Entry(
                _text(element, "REFERENCE_NUMBER"),
                names,
                [d for d in dates if d],
                nationalities,
                _text(element, "GENDER") or None,
            )
        )
    return entries

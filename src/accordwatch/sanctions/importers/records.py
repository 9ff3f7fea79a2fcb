"""What the UN list parser yields: the list's header, then one ``ListedRecord`` per entry.

The contract between ``un_xml.py`` and the import service (``sanctions/imports.py``). Text
is already cleaned (spaces trimmed and runs of blanks collapsed), empty sub-records (the
list's ``<INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>``) are dropped, and
every repeated part is a tuple of small dicts holding only the keys the file filled in, so
that ``as_data()`` is a stable JSON value: two imports of the same entry give equal data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

PERSON = "person"
ENTITY = "entity"

# The alias qualities the UN list uses, as we store them ("" when the file leaves it empty).
ALIAS_QUALITIES = {"good": "good", "low": "low", "a.k.a.": "aka", "f.k.a.": "fka"}

Part = dict[str, str]  # one alias, address, date or place of birth, document

# The order in which the list gives the parts' fields (a document's type before its number,
# an address's street before its country). A JSON column may not keep the order of keys
# (PostgreSQL's jsonb sorts them), so pages read a part in this order (``part_values``).
PART_ORDER = (
    "type",
    "type_detail",
    "number",
    "street",
    "city",
    "state_province",
    "zip_code",
    "country",
    "issuing_country",
    "date_of_issue",
    "city_of_issue",
    "country_of_issue",
    "note",
)
_PART_RANK = {key: rank for rank, key in enumerate(PART_ORDER)}


def part_values(part: Part) -> list[str]:
    """A part's values in the list's order, fields of other names after them by name."""
    keys = sorted(part, key=lambda key: (_PART_RANK.get(key, len(PART_ORDER)), key))
    return [part[key] for key in keys]


@dataclass(frozen=True, slots=True)
class ListHeader:
    """The root element's facts: when the UN generated this list."""

    generated_at: dt.datetime | None  # from ``dateGenerated``; None if absent or unreadable
    generated_text: str  # as written, for messages


@dataclass(frozen=True, slots=True)
class ListedRecord:
    line: int  # where the entry starts in the file, for messages
    kind: str  # PERSON or ENTITY
    reference_number: str  # "MLi.001": stable across versions of the list, our key
    data_id: int | None
    version: int | None
    list_type: str  # UN_LIST_TYPE: the regime ("Mali", "Al-Qaida" …)
    name_parts: tuple[str, ...]  # FIRST_NAME … FOURTH_NAME as given, "" where absent
    original_script: str = ""
    listed_on: dt.date | None = None
    gender: str = ""
    comments: str = ""
    titles: tuple[str, ...] = ()
    designations: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    last_updated: tuple[str, ...] = ()  # ISO dates of the UN's amendments
    aliases: tuple[Part, ...] = ()  # quality, name, date_of_birth, city_of_birth, … note
    addresses: tuple[Part, ...] = ()
    birth_dates: tuple[Part, ...] = ()  # type, date | year | from_year + to_year, note
    birth_places: tuple[Part, ...] = ()
    documents: tuple[Part, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)  # elements we do not model, kept

    @property
    def name(self) -> str:
        return " ".join(part for part in self.name_parts if part)

    def as_data(self) -> dict[str, Any]:
        """The entry as stored in each version: JSON values only, no line number."""
        return {
            "kind": self.kind,
            "reference_number": self.reference_number,
            "data_id": self.data_id,
            "version": self.version,
            "list_type": self.list_type,
            "name_parts": list(self.name_parts),
            "original_script": self.original_script,
            "listed_on": self.listed_on.isoformat() if self.listed_on else None,
            "gender": self.gender,
            "comments": self.comments,
            "titles": list(self.titles),
            "designations": list(self.designations),
            "nationalities": list(self.nationalities),
            "last_updated": list(self.last_updated),
            "aliases": [dict(part) for part in self.aliases],
            "addresses": [dict(part) for part in self.addresses],
            "birth_dates": [dict(part) for part in self.birth_dates],
            "birth_places": [dict(part) for part in self.birth_places],
            "documents": [dict(part) for part in self.documents],
            "extra": dict(self.extra),
        }

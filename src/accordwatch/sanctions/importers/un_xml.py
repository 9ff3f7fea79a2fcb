"""The UN Security Council consolidated list (XML): bytes in, one ``ListedRecord`` per entry.

Pure Python and streaming. The file is fed to defusedxml's parser in blocks; a small
target keeps only the entry being read (an ``<INDIVIDUAL>`` or ``<ENTITY>`` subtree),
hands it on as a record and drops it, so memory stays flat whatever the file's size. We
use a parser target rather than ``iterparse`` because the target can ask expat which line
it is on: every problem names its line, including the refusals of hostile files.

Safety: document types are forbidden outright (``forbid_dtd``), and entities and external
references too. The real list never declares a DTD, and every XML bomb (billion laughs,
quadratic blowup) and external-entity trick needs one, so a file with a DTD is refused
before any entity is expanded or fetched.

Both layouts the UN has published read the same: the compact one (2020, one entry per
line) and the pretty-printed one (2026). Known quirks handled: stray spaces and line
breaks inside values, empty aliases and addresses, missing optional elements, alias
qualities written "a.k.a." / "f.k.a.".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any, BinaryIO
from xml.etree.ElementTree import Element, TreeBuilder

from accordwatch.core.importing import Problems
from accordwatch.core.xmlstream import XMLStreamReader
from accordwatch.sanctions.importers.records import (
    ALIAS_QUALITIES,
    ENTITY,
    PERSON,
    ListedRecord,
    ListHeader,
    Part,
)

ROOT = "CONSOLIDATED_LIST"
MAX_REFERENCE = 40  # the stored columns' widths (models.Entry, models.Regime)
MAX_LIST_TYPE = 80
_KINDS = {"INDIVIDUAL": PERSON, "ENTITY": ENTITY}
_NAME_TAGS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_VALUE_LISTS = {
    "TITLE": "titles",
    "DESIGNATION": "designations",
    "NATIONALITY": "nationalities",
    "LAST_DAY_UPDATED": "last_updated",
}
_PARTS = {
    "INDIVIDUAL_ALIAS": "aliases",
    "ENTITY_ALIAS": "aliases",
    "INDIVIDUAL_ADDRESS": "addresses",
    "ENTITY_ADDRESS": "addresses",
    "INDIVIDUAL_DATE_OF_BIRTH": "birth_dates",
    "INDIVIDUAL_PLACE_OF_BIRTH": "birth_places",
    "INDIVIDUAL_DOCUMENT": "documents",
}
# Sub-element names that read better shorter in our data.
_PART_KEYS = {
    "ALIAS_NAME": "name",
    "TYPE_OF_DATE": "type",
    "TYPE_OF_DOCUMENT": "type",
    "TYPE_OF_DOCUMENT2": "type_detail",
}
# A part holding nothing but one of these says nothing: the list's empty placeholders.
_QUALIFIERS = {"quality", "type"}
# Elements the list always carries that tell nothing about the entry.
_IGNORED = {"LIST_TYPE", "SORT_KEY", "SORT_KEY_LAST_MOD"}
_HANDLED = {
    "DATAID",
    "VERSIONNUM",
    "UN_LIST_TYPE",
    "REFERENCE_NUMBER",
    "LISTED_ON",
    "NAME_ORIGINAL_SCRIPT",
    "COMMENTS1",
    "GENDER",
    *_NAME_TAGS,
}
# An XML Schema date may carry a time zone ("2015-04-14-04:00", "2015-04-14Z"); the list
# writes some that way. The zone says nothing about a listing day, so it is dropped.
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?")


def clean(text: str | None) -> str:
    """Trim and collapse blanks: the list pads values and hard-wraps its comments."""
    return " ".join(text.split()) if text else ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Target:
    """Receives the parser's events; builds one entry's subtree at a time."""

    def __init__(self, reader: UNListReader):
        self.reader = reader
        self.depth = 0
        self.builder: TreeBuilder | None = None
        self.entry_line = 0
        self.ready: list[tuple[int, Element]] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 1:
            self.reader.root_started(_local(tag), attrib)
        elif self.builder is not None:
            self.builder.start(_local(tag), {})
        elif self.depth == 3 and _local(tag) in _KINDS:
            self.builder = TreeBuilder()
            self.builder.start(_local(tag), {})
            self.entry_line = self.reader.line()

    def end(self, tag: str) -> None:
        if self.builder is not None:
            self.builder.end(_local(tag))
            if self.depth == 3:
                self.ready.append((self.entry_line, self.builder.close()))
                self.builder = None
        self.depth -= 1

    def data(self, text: str) -> None:
        if self.builder is not None:
            self.builder.data(text)

    def close(self) -> None:
        return None


class UNListReader(XMLStreamReader[ListedRecord]):
    """Iterate over a UN consolidated list's entries.

    Problems go to ``problems``; a problem that stops reading (not XML, a DTD, not the UN
    format) sets ``problems.fatal`` and ends the iteration. ``header`` is known once the
    first entry has been yielded (or the iteration has ended).
    """

    NO_DTD_BECAUSE = "the UN list has none"
    TRUNCATED = "the file ends before the list does: it looks truncated"
    NOTHING = "the list holds no entries: nothing to import"

    def __init__(self, stream: BinaryIO, *, problems: Problems):
        self.header: ListHeader | None = None
        self._seen: set[str] = set()
        self._target = _Target(self)
        super().__init__(stream, problems=problems, target=self._target)

    def root_met(self) -> bool:
        return self.header is not None

    # --- events from the target --------------------------------------------------------

    def root_started(self, tag: str, attrib: dict[str, str]) -> None:
        if tag != ROOT:
            self._fatal(
                self.line(),
                f"this is not the UN Security Council consolidated list: its root element is "
                f"<{tag}>, the list's is <{ROOT}>",
            )
        text = attrib.get("dateGenerated", "").strip()
        generated: dt.datetime | None = None
        if text:
            try:
                generated = dt.datetime.fromisoformat(text)
            except ValueError:
                self.problems.add(self.line(), "dateGenerated", "not a date and time", text)
        self.header = ListHeader(generated_at=generated, generated_text=text)

    def _drain(self) -> Iterator[ListedRecord]:
        ready, self._target.ready = self._target.ready, []
        for line, element in ready:
            record = self._record(line, element)
            element.clear()
            if record is not None:
                self.count += 1
                yield record

    # --- one entry --------------------------------------------------------------------

    def _record(self, line: int, element: Element) -> ListedRecord | None:
        fields: dict[str, Any] = {}
        singles: dict[str, str] = {}
        extra: dict[str, str] = {}
        for child in element:
            tag = child.tag
            if tag in _VALUE_LISTS:
                values = tuple(v for v in (clean(c.text) for c in child) if v)
                if tag == "LAST_DAY_UPDATED":
                    values = tuple(_plain_date(value) for value in values)
                fields[_VALUE_LISTS[tag]] = fields.get(_VALUE_LISTS[tag], ()) + values
            elif tag in _PARTS:
                part = _part(child)
                if part:
                    fields[_PARTS[tag]] = (*fields.get(_PARTS[tag], ()), part)
            elif tag in _HANDLED:
                singles[tag] = clean(child.text)
            elif tag not in _IGNORED and clean(child.text):
                extra[tag.lower()] = clean(child.text)
        reference = singles.get("REFERENCE_NUMBER", "")
        list_type = singles.get("UN_LIST_TYPE", "")
        ok = True
        if not reference:
            self.problems.add(line, "REFERENCE_NUMBER", "the entry has no reference number")
            ok = False
        elif len(reference) > MAX_REFERENCE:
            self.problems.add(
                line, "REFERENCE_NUMBER", "too long for a reference number", reference
            )
            ok = False
        elif reference in self._seen:
            self.problems.add(line, "REFERENCE_NUMBER", "appears twice in the list", reference)
            ok = False
        self._seen.add(reference)
        if not list_type or len(list_type) > MAX_LIST_TYPE:
            message = "too long for a list type" if list_type else "the entry names no list"
            self.problems.add(line, "UN_LIST_TYPE", message, list_type)
            ok = False
        listed_on = self._date(line, "LISTED_ON", singles.get("LISTED_ON", ""))
        data_id = self._number(line, "DATAID", singles.get("DATAID", ""))
        version = self._number(line, "VERSIONNUM", singles.get("VERSIONNUM", ""))
        if not ok or self.problems.fatal:
            return None
        return ListedRecord(
            line=line,
            kind=_KINDS[element.tag],
            reference_number=reference,
            data_id=data_id,
            version=version,
            list_type=list_type,
            name_parts=tuple(singles.get(tag, "") for tag in _NAME_TAGS),
            original_script=singles.get("NAME_ORIGINAL_SCRIPT", ""),
            listed_on=listed_on,
            gender=singles.get("GENDER", ""),
            comments=singles.get("COMMENTS1", ""),
            extra=extra,
            **fields,
        )

    def _date(self, line: int, column: str, text: str) -> dt.date | None:
        if not text:
            return None
        found = _DATE.fullmatch(text)
        try:
            if found:
                return dt.date.fromisoformat(found.group(1))
        except ValueError:
            pass
        self.problems.add(line, column, "not a date (YYYY-MM-DD)", text)
        return None

    def _number(self, line: int, column: str, text: str) -> int | None:
        if not text:
            return None
        if text.isdigit():
            return int(text)
        self.problems.add(line, column, "not a whole number", text)
        return None


def _plain_date(text: str) -> str:
    found = _DATE.fullmatch(text)
    return found.group(1) if found else text


def _part(element: Element) -> Part:
    """One alias, address, date or place of birth, or document; {} when it is empty."""
    part: Part = {}
    for child in element:
        value = clean(child.text)
        if value:
            part[_PART_KEYS.get(child.tag, child.tag.lower())] = value
    if "quality" in part:
        lowered = part["quality"].lower()
        part["quality"] = ALIAS_QUALITIES.get(lowered, lowered)
    if "type" in part and element.tag == "INDIVIDUAL_DATE_OF_BIRTH":
        part["type"] = part["type"].lower()
    if not set(part) - _QUALIFIERS:
        return {}
    return part


def parse_un_list(stream: BinaryIO, *, problems: Problems) -> UNListReader:
    """The reader for ``stream``: iterate over it for the entries, then read ``header``."""
    return UNListReader(stream, problems=problems)

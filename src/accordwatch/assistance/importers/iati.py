"""IATI activity files (standard 2.01 to 2.03): bytes in, one ``Activity`` per activity.

Pure Python and streaming, on the same plan as the UN list reader
(``sanctions/importers/un_xml.py``): defusedxml's parser is fed the file in blocks, a
parser target builds the subtree of the one ``<iati-activity>`` being read, hands it on as
a record and drops it, so memory stays flat whatever the file's size. A target (rather than
``iterparse``) can ask expat for the current line, so each problem names its line; each
element built keeps the line it started on in a private attribute for the same reason.

Safety: DTDs, entities and external references are refused (``forbid_dtd``): IATI files
never declare a DTD, and every XML bomb or external-entity trick needs one.

Read: the activity's identifier, reporting-org, title, default-currency, recipient
countries, sectors, participating organisations, and its transactions of types 1, 2, 3, 4
and 11. Transactions of other types are counted (``skipped_transactions``), not read.
Everything else in an activity (budgets, results, locations, documents …) is ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import BinaryIO
from xml.etree.ElementTree import Element, TreeBuilder

from accordwatch.assistance.importers.currencies import is_currency
from accordwatch.assistance.importers.records import (
    TRANSACTION_TYPES,
    Activity,
    Narrative,
    Organisation,
    Sector,
    Transaction,
)
from accordwatch.core.importing import Problems
from accordwatch.core.xmlstream import XMLStreamReader

ROOT = "iati-activities"
VERSIONS = ("2.01", "2.02", "2.03")
ACTIVITY = "iati-activity"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_LINE = "\0line"  # private attribute: the line an element starts on (no XML name has \0)
# xsd:date may carry a time zone ("2017-12-13Z", "2017-12-13+01:00"); a day is a day.
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?")


def _clean(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


class _Target:
    """Receives the parser's events; builds one activity's subtree at a time."""

    def __init__(self, reader: IATIReader):
        self.reader = reader
        self.depth = 0
        self.builder: TreeBuilder | None = None
        self.ready: list[Element] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 1:
            self.reader.root_started(tag, attrib)
        elif self.builder is not None:
            self.builder.start(tag, {**attrib, _LINE: str(self.reader.line())})
        elif self.depth == 2 and tag == ACTIVITY:
            self.builder = TreeBuilder()
            self.builder.start(tag, {**attrib, _LINE: str(self.reader.line())})

    def end(self, tag: str) -> None:
        if self.builder is not None:
            self.builder.end(tag)
            if self.depth == 2:
                self.ready.append(self.builder.close())
                self.builder = None
        self.depth -= 1

    def data(self, text: str) -> None:
        if self.builder is not None:
            self.builder.data(text)

    def close(self) -> None:
        return None


class IATIReader(XMLStreamReader[Activity]):
    """Iterate over an IATI activity file's activities.

    Problems go to ``problems``; a problem that stops reading (not XML, a DTD, not an IATI
    2.01–2.03 activity file) sets ``problems.fatal`` and ends the iteration. An activity
    with a problem is reported and not yielded. ``version`` is known once the first
    activity has been yielded; ``skipped_transactions`` counts, over the file, the
    transactions of types not read.
    """

    NO_DTD_BECAUSE = "IATI files have none"
    TRUNCATED = "the file ends before its activities do: it looks truncated"
    NOTHING = "the file holds no activity: nothing to import"

    def __init__(self, stream: BinaryIO, *, problems: Problems):
        self.version = ""
        self.default_lang = ""
        self.skipped_transactions = 0
        self._root_seen = False
        self._seen: set[str] = set()
        self._target = _Target(self)
        super().__init__(stream, problems=problems, target=self._target)

    def root_met(self) -> bool:
        return self._root_seen

    def root_started(self, tag: str, attrib: dict[str, str]) -> None:
        self._root_seen = True
        if tag.startswith("{"):
            namespace = tag[1:].split("}", 1)[0]
            self._fatal(
                self.line(),
                f"the root element is in the namespace {namespace!r}: IATI activity files "
                f"(2.01–2.03) put <{ROOT}> in no namespace",
            )
        if tag == "iati-organisations":
            self._fatal(
                self.line(),
                "this is an IATI organisation file; import an activity file (<iati-activities>)",
            )
        if tag != ROOT:
            self._fatal(
                self.line(),
                f"this is not an IATI activity file: its root element is <{tag}>, "
                f"IATI's is <{ROOT}>",
            )
        version = attrib.get("version", "").strip()
        if version not in VERSIONS:
            said = f"version {version!r}" if version else "no version"
            self._fatal(
                self.line(),
                f"the file says {said}; this reader takes IATI {', '.join(VERSIONS)}",
            )
        self.version = version
        self.default_lang = attrib.get(XML_LANG, "").strip()

    def _drain(self) -> Iterator[Activity]:
        ready, self._target.ready = self._target.ready, []
        for element in ready:
            activity = _ActivityReader(self, element).read()
            element.clear()
            if activity is not None:
                self.count += 1
                yield activity


def _line(element: Element) -> int:
    return int(element.get(_LINE, "0"))


class _ActivityReader:
    """Turns one ``<iati-activity>`` subtree into an ``Activity``, reporting problems."""

    def __init__(self, reader: IATIReader, element: Element):
        self.reader = reader
        self.problems = reader.problems
        self.element = element
        self.line = _line(element)
        self.lang = element.get(XML_LANG, "").strip() or reader.default_lang
        self.ok = True

    def problem(self, line: int, column: str, message: str, value: str = "") -> None:
        self.problems.add(line, column, message, value)
        self.ok = False

    def read(self) -> Activity | None:
        element = self.element
        identifier = _clean(element.findtext("iati-identifier"))
        if not identifier:
            self.problem(self.line, "iati-identifier", "the activity has no identifier")
        elif identifier in self.reader._seen:
            self.problem(self.line, "iati-identifier", "appears twice in the file", identifier)
        self.reader._seen.add(identifier)
        currency = element.get("default-currency", "").strip()
        if currency and not is_currency(currency):
            self.problem(self.line, "default-currency", "not an ISO 4217 currency", currency)
        reporting = element.find("reporting-org")
        if reporting is None:
            self.problem(self.line, "reporting-org", "the activity names no reporting-org")
        transactions: list[Transaction] = []
        skipped = 0
        for child in element.iterfind("transaction"):
            code = _code(child.find("transaction-type"))
            if code not in TRANSACTION_TYPES:
                skipped += 1
                continue
            transaction = self._transaction(child, code, currency)
            if transaction is not None:
                transactions.append(transaction)
        self.reader.skipped_transactions += skipped
        if not self.ok or self.problems.fatal:
            return None
        return Activity(
            line=self.line,
            identifier=identifier,
            reporting_org=self._org(reporting) if reporting is not None else Organisation(),
            title=self._narratives(element.find("title")),
            default_currency=currency,
            recipient_countries=tuple(
                code for c in element.iterfind("recipient-country") if (code := _code(c))
            ),
            sectors=tuple(self._sector(s) for s in element.iterfind("sector") if _code(s)),
            participating_orgs=tuple(
                self._org(org, role=org.get("role", "").strip())
                for org in element.iterfind("participating-org")
            ),
            transactions=tuple(transactions),
            skipped_transactions=skipped,
        )

    def _transaction(self, element: Element, code: str, default: str) -> Transaction | None:
        line = _line(element)
        ok = True
        date_element = element.find("transaction-date")
        date = self._date(date_element, "transaction-date", line)
        if date is None:
            ok = False
        value_element = element.find("value")
        value: Decimal | None = None
        currency = default
        value_date = date
        if value_element is None:
            self.problem(line, "value", "the transaction has no value")
            ok = False
        else:
            value = self._amount(value_element)
            currency = value_element.get("currency", "").strip() or default
            if not currency:
                self.problem(
                    _line(value_element),
                    "value/@currency",
                    "no currency: the value has none and the activity no default-currency",
                )
                ok = False
            elif not is_currency(currency):
                self.problem(
                    _line(value_element), "value/@currency", "not an ISO 4217 currency", currency
                )
                ok = False
            if value_element.get("value-date", "").strip():
                value_date = self._date(value_element, "value/@value-date", line, "value-date")
        if not ok or value is None or date is None or value_date is None:
            return None
        provider = element.find("provider-org")
        receiver = element.find("receiver-org")
        sector = element.find("sector")
        return Transaction(
            line=line,
            type=code,
            date=date,
            value=value,
            currency=currency,
            value_date=value_date,
            provider=self._org(provider, "provider-activity-id") if provider is not None else None,
            receiver=self._org(receiver, "receiver-activity-id") if receiver is not None else None,
            sector=self._sector(sector) if sector is not None and _code(sector) else None,
            description=self._narratives(element.find("description")),
            reference=element.get("ref", "").strip(),
        )

    def _date(
        self, element: Element | None, column: str, line: int, attribute: str = "iso-date"
    ) -> dt.date | None:
        if element is None:
            self.problem(line, column, "the transaction has no date")
            return None
        text = element.get(attribute, "").strip()
        if not text:
            self.problem(_line(element), column, "no date given (iso-date)")
            return None
        found = _DATE.fullmatch(text)
        try:
            if found:
                return dt.date.fromisoformat(found.group(1))
        except ValueError:
            pass
        self.problem(_line(element), column, "not a date (YYYY-MM-DD)", text)
        return None

    def _amount(self, element: Element) -> Decimal | None:
        text = (element.text or "").strip()
        line = _line(element)
        try:
            amount = Decimal(text)
        except InvalidOperation:
            self.problem(line, "value", "not a number", text)
            return None
        if not amount.is_finite():
            self.problem(line, "value", "not a number", text)
            return None
        if amount < 0:
            self.problem(
                line, "value", "negative amount: corrections are not read, fix the total", text
            )
            return None
        return amount

    def _narratives(self, element: Element | None) -> tuple[Narrative, ...]:
        if element is None:
            return ()
        found = []
        for narrative in element.iterfind("narrative"):
            text = _clean("".join(narrative.itertext()))
            if text:
                found.append(Narrative(text, narrative.get(XML_LANG, "").strip() or self.lang))
        return tuple(found)

    def _org(self, element: Element, id_attribute: str = "", role: str = "") -> Organisation:
        return Organisation(
            ref=element.get("ref", "").strip(),
            type=element.get("type", "").strip(),
            role=role,
            names=self._narratives(element),
            activity_id=element.get(id_attribute, "").strip() if id_attribute else "",
        )

    def _sector(self, element: Element) -> Sector:
        text = element.get("percentage", "").strip()
        percentage: Decimal | None = None
        if text:
            try:
                percentage = Decimal(text)
            except InvalidOperation:
                self.problem(_line(element), "sector/@percentage", "not a number", text)
        return Sector(
            code=_code(element),
            vocabulary=element.get("vocabulary", "").strip() or "1",
            percentage=percentage,
        )


def _code(element: Element | None) -> str:
    return element.get("code", "").strip() if element is not None else ""


def parse_iati(stream: BinaryIO, *, problems: Problems) -> IATIReader:
    """The reader for ``stream`` (bytes): iterate over it for the activities."""
    return IATIReader(stream, problems=problems)

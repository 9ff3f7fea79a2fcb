"""OCHA FTS flows (JSON, as the FTS API answers): bytes in, one ``Flow`` per flow.

The API's answer is ``{"status": "ok", "data": {"flows": [ … ]}, "meta": …}``; we read the
items of ``data.flows`` one at a time with ijson (its C backend), so memory holds one flow
whatever the file's size. Everything outside ``data.flows`` (totals, incoming/outgoing
summaries, paging) is ignored. Each flow's ``parentFlowId`` and ``childFlowIds`` are read
as flow ids (a flow naming itself is a problem); linking them is the import's work.

JSON has no line numbers worth giving (the API writes one long line), so a problem names
the JSON path of the bad field instead (``data.flows[3].amountUSD``) in the problem's
``column``, with ``line`` 0 for the whole file. Problems inside one flow drop that flow
and reading goes on; a file that is not JSON, not UTF-8 or has no ``data.flows`` stops.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, BinaryIO

import ijson

from accordwatch.assistance.importers.currencies import is_currency
from accordwatch.assistance.importers.records import FLOW_STATUSES, Flow, FlowObject
from accordwatch.core.importing import Problems

FLOWS = "data.flows"
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+)?(?:Z|[+-]\d{2}:?\d{2})?")
_TEXT_LIMIT = 20_000  # a description longer than this is a broken file, not a description


class _Stop(Exception):
    """Reading cannot go on; the problem has been recorded."""


class FTSReader:
    """Iterate over the flows of an FTS API answer.

    Problems go to ``problems``; a problem that stops reading sets ``problems.fatal``.
    A flow with a problem is reported and not yielded.
    """

    def __init__(self, stream: BinaryIO, *, problems: Problems):
        self.stream = stream
        self.problems = problems
        self.count = 0
        self._found_flows = False
        self._read = 0  # flows read so far, good or bad
        self._seen: set[str] = set()

    def _watch(self, events: Iterable[tuple[str, str, Any]]) -> Iterator[tuple[str, str, Any]]:
        for prefix, event, value in events:
            if prefix == FLOWS:
                if event != "start_array" and not self._found_flows:
                    self._fatal(FLOWS, f"should be a list of flows, it is {_kind(event)}")
                self._found_flows = True
            yield prefix, event, value

    def __iter__(self) -> Iterator[Flow]:
        source = _Utf8Watch(self.stream)
        try:
            events = self._watch(ijson.parse(source, use_float=False))
            for index, item in enumerate(ijson.items(events, FLOWS + ".item")):
                self._read = index + 1
                flow = self._flow(index, item)
                if flow is not None:
                    self.count += 1
                    yield flow
        except _Stop:
            return
        except (ijson.IncompleteJSONError, UnicodeDecodeError) as error:
            if source.not_utf8:
                self._fatal_now(
                    f"the file holds bytes that are not UTF-8 (after {self._read} flows): "
                    "save it as UTF-8"
                )
            else:
                self._fatal_now(_json_message(error, self._read))
            return
        if not self._found_flows:
            self._fatal_now(
                "no data.flows in the file: this reader takes the FTS API's flow answer "
                '({"data": {"flows": [...]}})'
            )
        elif self.count == 0 and not self.problems:
            self.problems.add(0, FLOWS, "the list of flows is empty: nothing to import")
            self.problems.fatal = True

    def _fatal(self, path: str, message: str) -> None:
        self.problems.add(0, path, message)
        self.problems.fatal = True
        raise _Stop

    def _fatal_now(self, message: str) -> None:
        self.problems.add(0, "", message)
        self.problems.fatal = True

    # --- one flow ---------------------------------------------------------------------

    def _flow(self, index: int, item: Any) -> Flow | None:
        path = f"{FLOWS}[{index}]"
        if not isinstance(item, dict):
            self.problems.add(0, path, f"a flow should be an object, it is {_type(item)}")
            return None
        check = _Check(self.problems, path)
        flow_id = check.identifier(item, "id")
        if flow_id and flow_id in self._seen:
            check.add("id", "appears twice in the file", flow_id)
        self._seen.add(flow_id)
        amount = check.amount(item, "amountUSD", required=True)
        original = check.amount(item, "originalAmount", required=False)
        currency = check.text(item, "originalCurrency").upper()
        if currency and not is_currency(currency):
            check.add("originalCurrency", "not an ISO 4217 currency", currency)
        if original is not None and not currency:
            check.add("originalCurrency", "originalAmount is given without its currency")
        status = check.text(item, "status").lower()
        if status not in FLOW_STATUSES:
            shown = f"{status!r}" if status else "missing"
            check.add("status", f"should be one of {', '.join(FLOW_STATUSES)}; it is {shown}")
        date = check.date(item, "date", required=True)
        decision = check.date(item, "decisionDate", required=False)
        sources = check.objects(item, "sourceObjects")
        destinations = check.objects(item, "destinationObjects")
        description = check.text(item, "description")
        flow_type = check.text(item, "flowType")
        parent_id = check.reference(item, "parentFlowId")
        child_ids = check.references(item, "childFlowIds")
        if flow_id and parent_id == flow_id:
            check.add("parentFlowId", "the flow names itself as its parent", parent_id)
        if flow_id and flow_id in child_ids:
            check.add("childFlowIds", "the flow names itself as its own child", flow_id)
        if parent_id and parent_id in child_ids:
            check.add("childFlowIds", "the flow's parent is also among its children", parent_id)
        if not check.ok or amount is None or date is None:
            return None
        return Flow(
            index=index,
            id=flow_id,
            amount_usd=amount,
            status=status,
            date=date,
            original_amount=original,
            original_currency=currency,
            decision_date=decision,
            description=description,
            flow_type=flow_type,
            sources=sources,
            destinations=destinations,
            parent_id=parent_id,
            child_ids=child_ids,
        )


class _Check:
    """Reads one flow's fields, noting each problem under the field's JSON path."""

    def __init__(self, problems: Problems, path: str):
        self.problems = problems
        self.path = path
        self.ok = True

    def add(self, field: str, message: str, value: str = "") -> None:
        self.problems.add(0, f"{self.path}.{field}", message, value)
        self.ok = False

    def text(self, item: dict[str, Any], field: str) -> str:
        value = item.get(field)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.add(field, f"should be text, it is {_type(value)}", str(value))
            return ""
        if len(value) > _TEXT_LIMIT:
            self.add(field, f"longer than {_TEXT_LIMIT:,} characters")
            return ""
        return " ".join(value.split())

    def identifier(self, item: dict[str, Any], field: str) -> str:
        value = item.get(field)
        # The API writes flow ids as strings ("154931"); older dumps as numbers.
        if isinstance(value, int) and not isinstance(value, bool) or isinstance(value, Decimal):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.add(field, "the flow has no id")
            return ""
        return value.strip()

    def reference(self, item: dict[str, Any], field: str) -> str:
        """Another flow's id (parentFlowId): null or absent when there is none."""
        value = item.get(field)
        if value is None or value == "":
            return ""
        found = _flow_id(value)
        if found is None:
            self.add(field, f"should be a flow id, it is {_type(value)}", str(value))
            return ""
        return found

    def references(self, item: dict[str, Any], field: str) -> tuple[str, ...]:
        """A list of flow ids (childFlowIds): null or absent when there is none."""
        value = item.get(field)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add(field, f"should be a list of flow ids, it is {_type(value)}")
            return ()
        found = []
        for n, one in enumerate(value):
            flow_id = _flow_id(one)
            if flow_id is None:
                self.add(f"{field}[{n}]", f"should be a flow id, it is {_type(one)}", str(one))
            elif flow_id not in found:
                found.append(flow_id)
        return tuple(found)

    def amount(self, item: dict[str, Any], field: str, *, required: bool) -> Decimal | None:
        value = item.get(field)
        if value is None:
            if required:
                self.add(field, "missing")
            return None
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            self.add(field, f"should be a number, it is {_type(value)}", str(value))
            return None
        amount = Decimal(value)
        if amount < 0:
            self.add(field, "negative amount", str(value))
            return None
        return amount

    def date(self, item: dict[str, Any], field: str, *, required: bool) -> dt.date | None:
        value = item.get(field)
        if value is None or value == "":
            if required:
                self.add(field, "missing")
            return None
        found = _DATE.fullmatch(value) if isinstance(value, str) else None
        try:
            if found:
                return dt.date.fromisoformat(found.group(1))
        except ValueError:
            pass
        self.add(field, "not a date (YYYY-MM-DD or an ISO date and time)", str(value))
        return None

    def objects(self, item: dict[str, Any], field: str) -> tuple[FlowObject, ...]:
        value = item.get(field)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add(field, f"should be a list, it is {_type(value)}")
            return ()
        found = []
        for n, obj in enumerate(value):
            where = f"{field}[{n}]"
            if not isinstance(obj, dict):
                self.add(where, f"should be an object, it is {_type(obj)}")
                continue
            kind = obj.get("type")
            if not isinstance(kind, str) or not kind.strip():
                self.add(f"{where}.type", "missing: every source or destination has a type")
                continue
            raw_id = obj.get("id")
            found.append(
                FlowObject(
                    type=kind.strip(),
                    id="" if raw_id is None else str(raw_id).strip(),
                    name=self.text(obj, "name") if isinstance(obj.get("name"), str) else "",
                    behavior=obj.get("behavior", "")
                    if isinstance(obj.get("behavior"), str)
                    else "",
                )
            )
        return tuple(found)


def _flow_id(value: Any) -> str | None:
    """A flow id as text: the API writes ids as strings, older dumps as numbers."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | Decimal | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _kind(event: str) -> str:
    names = {"start_map": "an object", "string": "text", "number": "a number", "null": "null"}
    return names.get(event, event)


def _json_message(error: Exception, count: int) -> str:
    raw = error.args[0] if error.args else ""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    first = text.strip().splitlines()[0] if text.strip() else "incomplete"
    if "premature EOF" in first or "ncomplete" in first:
        return f"the file ends in the middle of the JSON after {count} flows: it looks truncated"
    return f"not valid JSON ({first}) after {count} flows"


class _Utf8Watch:
    """Passes the stream's bytes to ijson, noting whether they are UTF-8: the JSON
    parser's own error for a Latin-1 file does not say that."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.not_utf8 = False

    def read(self, size: int = -1) -> bytes:
        block = self.stream.read(size)
        if not self.not_utf8:
            try:
                self.decoder.decode(block, final=not block)
            except UnicodeDecodeError:
                self.not_utf8 = True
        return block


def parse_fts(stream: BinaryIO, *, problems: Problems) -> FTSReader:
    """The reader for ``stream`` (bytes): iterate over it for the flows."""
    return FTSReader(stream, problems=problems)

"""Reading an XML file safely, as it streams: the plumbing every XML importer shares.

A reader subclasses ``XMLStreamReader``, hands it the ``TreeBuilder``-like target that
collects its records, and yields them from ``_drain()``. This base feeds the file to
defusedxml's expat parser in blocks, so memory stays flat; refuses any DTD, entity or
external reference (entity bombs and outside files never expand); and turns every failure
into one problem with expat's line number: a broken or truncated file, an empty one, or
bytes that are not UTF-8 in a file that does not declare another encoding. Pure: no Django.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import Any, BinaryIO, Generic, TypeVar
from xml.etree.ElementTree import ParseError

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml import NotSupportedError as DefusedNotSupported
from defusedxml.ElementTree import DefusedXMLParser

from accordwatch.core.importing import Problems

BLOCK = 64 * 1024
_NO_ELEMENTS = 3  # expat: "no element found", the document ended before its root closed
_INVALID_TOKEN = 4

R = TypeVar("R")


class StopReading(Exception):
    """Reading cannot go on; the problem has been recorded."""


class XMLStreamReader(Generic[R]):
    """Iterate over the records of an XML file; see the module's docstring.

    Subclasses set the messages below, say whether the root element has been met
    (``root_met``) and yield what the target has finished from ``_drain``.
    """

    # "the UN list has none": why a DTD has no business in this format.
    NO_DTD_BECAUSE = "this format has none"
    TRUNCATED = "the file ends before its last record does: it looks truncated"
    NOTHING = "the file holds no record: nothing to import"

    def __init__(self, stream: BinaryIO, *, problems: Problems, target: Any):
        self.stream = stream
        self.problems = problems
        self.count = 0
        self._parser = DefusedXMLParser(
            target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        self._not_utf8 = False
        self._line = 1

    def root_met(self) -> bool:
        raise NotImplementedError

    def _drain(self) -> Iterator[R]:
        raise NotImplementedError

    def line(self) -> int:
        expat = getattr(self._parser, "parser", None)  # gone once the parser is closed
        if expat is not None:
            self._line = int(expat.CurrentLineNumber)
        return self._line

    def __iter__(self) -> Iterator[R]:
        try:
            while block := self.stream.read(BLOCK):
                self._check_utf8(block)
                self._feed(block)
                yield from self._drain()
            self._close()
            yield from self._drain()
        except StopReading:
            return
        if self.count == 0 and not self.problems:
            self.problems.add(self.line(), "", self.NOTHING)
            self.problems.fatal = True

    def _fatal(self, line: int, message: str) -> None:
        self.problems.add(line, "", message)
        self.problems.fatal = True
        raise StopReading

    def _check_utf8(self, block: bytes) -> None:
        # Only consulted when expat fails: it tells a Latin-1 file from a broken one.
        if self._not_utf8:
            return
        try:
            self._utf8.decode(block)
        except UnicodeDecodeError:
            self._not_utf8 = True

    def _feed(self, block: bytes) -> None:
        try:
            self._parser.feed(block)
        except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as error:
            self._fatal(self.line(), self._hostile_message(error))
        except DefusedNotSupported:
            self._fatal(self.line(), "the file uses an XML feature refused for safety")
        except ParseError as error:
            self._fatal(error.position[0], self._parse_error_message(error))

    def _close(self) -> None:
        self.line()
        try:
            self._parser.close()
        except ParseError as error:
            self._fatal(error.position[0], self._parse_error_message(error))

    def _parse_error_message(self, error: ParseError) -> str:
        reason = str(error).split(":", 1)[0]
        if error.code == _NO_ELEMENTS and self.root_met():
            return self.TRUNCATED
        if error.code == _NO_ELEMENTS:
            return "the file is empty or holds no XML element"
        if error.code == _INVALID_TOKEN and self._not_utf8:
            return (
                f"not well-formed XML ({reason}): the file holds bytes that are not UTF-8 "
                "although it does not declare another encoding; save it as UTF-8"
            )
        return f"not well-formed XML ({reason})"

    def _hostile_message(self, error: Exception) -> str:
        if isinstance(error, DTDForbidden):
            return (
                f"the file declares a document type (<!DOCTYPE {error.name}>), refused: "
                f"{self.NO_DTD_BECAUSE}, and a DTD is how entity bombs (billion laughs, "
                "quadratic blowup) and external entities get into a file"
            )
        if isinstance(error, EntitiesForbidden):
            return f"the file declares an entity ({error.name}), refused: entities are not allowed"
        return "the file refers to an external resource, refused: nothing outside the file is read"

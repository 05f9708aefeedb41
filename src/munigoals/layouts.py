"""What a document layout is, and the base every layout's reader stands on.

A :class:`Layout` reads one shape of document (Suzaka's 施策 pages, Ueda's 重点目標管理シート) for any
city whose documents come in it: it is given the text, the :class:`~munigoals.model.Document` and the
:class:`~munigoals.model.Municipality` the document belongs to. Its reader subclasses
:class:`DocumentReader`, which owns what every reader needs and no reader should write again:

- the numbered lines, each normalised once (:class:`Line`: ``raw``, ``norm``, ``compact``, ``cells``);
- table cells split at tabs, and HTML cells (``<p>``, ``<ul><li>``) turned into items (:func:`html_items`);
- the head of a document for sniffing (:func:`sniff_head`);
- :meth:`~DocumentReader.span` and :meth:`~DocumentReader.issue` for provenance and what could not be
  read, and :meth:`~DocumentReader.nothing_found` for a document with no plan in it.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from munigoals.japanese import _normalize, normalize
from munigoals.model import Document, Municipality, ParseIssue, ParseResult, Plan, Severity, Span
from munigoals.patterns import lazy_compile

if TYPE_CHECKING:  # the parsers of HTML cells are imported when a cell holds HTML
    from xml.etree import ElementTree

__all__ = [
    "SNIFF_CHARS",
    "DocumentReader",
    "Layout",
    "Line",
    "cell_items",
    "html_items",
    "sniff_head",
]

#: Sniffers look at the start of a document only: its headings and first tables say what it is.
SNIFF_CHARS = 30_000

_LAYOUT_NAME = lazy_compile(r"[a-z][a-z0-9_-]*\.[a-z0-9][a-z0-9_.-]*")


def _valid_name(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _LAYOUT_NAME.fullmatch(value):
        raise ValueError(f"layout name must be '<plugin>.<layout>' in lower-case ASCII, got {value!r}")


@attrs.frozen
class Layout:
    """A document layout, readable for any city whose documents come in it.

    Attributes:
        name: Unique name, ``<plugin>.<layout>`` (``suzaka.sogo-keikaku-shisaku``).
        description: One line saying which documents have this layout.
        sniff: ``sniff(head) -> float``: confidence from 0 (not this layout) to 1 (surely it), given the
            first :data:`SNIFF_CHARS` characters of the raw text.
        read: ``read(text, document, municipality) -> ParseResult``.
        markers: Literal strings of which at least one stands in the head of every document in this
            layout: checked before ``sniff`` is called, so most documents cost one substring search.
            Empty: ``sniff`` is always called.
        spec: The layout spec file it was made from (:mod:`munigoals.specs`), or ``None`` for a layout
            written as code. A spec's plans take their titles from the city's known documents.
    """

    name: str = attrs.field(validator=_valid_name)
    description: str
    sniff: Callable[[str], float]
    read: Callable[[str, Document, Municipality], ParseResult]
    markers: tuple[str, ...] = ()
    spec: str | None = None

    def could_be(self, head: str) -> bool:
        """Whether ``head`` holds one of the markers (always, without markers)."""
        return not self.markers or any(marker in head for marker in self.markers)


def sniff_head(text: str) -> str:
    """The part of a document sniffers look at."""
    return text[:SNIFF_CHARS]


@functools.lru_cache(maxsize=1)  # the document being sniffed or read: one at a time
def normalized_lines(text: str) -> tuple[str, ...]:
    """Each line of ``text`` normalised (:func:`~munigoals.japanese.normalize`): computed once for a
    document's sniffers and its reader (a document shorter than :data:`SNIFF_CHARS` is its own head).
    Uncached line by line, since a document's lines are mostly distinct."""
    return tuple(map(_normalize, text.split("\n")))


class Line(NamedTuple):
    """One numbered line of a document (a named tuple: documents have many lines, and tuples are the
    cheapest immutable record to make).

    Attributes:
        no: Line number, 1-based.
        raw: The line as read.
        norm: NFKC-normalised, white space collapsed (computed once, by the reader).
        page: For a PDF or a workbook, the page (a sheet's position) the line stands on; else ``None``.
        page_line: The line's number on that page (a sheet's row); ``None`` for text.
        sheet: The sheet's name, for workbooks; else ``None``.
    """

    no: int
    raw: str
    norm: str
    page: int | None = None
    page_line: int | None = None
    sheet: str | None = None

    @property
    def compact(self) -> str:
        """``norm`` without spaces (headings spaced out for the PDF, such as ``施 策 の 目 指 す 姿``)."""
        return self.norm.replace(" ", "")

    @property
    def cells(self) -> list[str]:
        """The raw cells of a tab-separated row, stripped."""
        return [cell.strip() for cell in self.raw.split("\t")]

    @property
    def level(self) -> int:
        """The line's Markdown heading level (``## 1-1-1 …`` is 2; at most 6), 0 for a body line."""
        if not self.norm.startswith("#"):
            return 0
        marks = len(self.norm) - len(self.norm.lstrip("#"))
        return min(marks, 6)

    @property
    def heading(self) -> str | None:
        """A Markdown heading's text (``## 1-1-1 title`` → ``1-1-1 title``); ``None`` for a body line."""
        level = self.level
        return self.norm[level:].strip() if level else None

    @property
    def pipe_cells(self) -> list[str]:
        """The cells of a pipe-table row (``| a | b |`` or ``a | b |``), each stripped."""
        body = self.norm.strip().removeprefix("|").removesuffix("|")
        return [cell.strip() for cell in body.split("|")]


_BLOCKS = {"p", "li", "br", "div", "tr", "td", "ul", "ol"}


@functools.cache
def _item_collector() -> Any:
    """The HTML parser for cells that are not well-formed XML (made on first use)."""
    from html.parser import HTMLParser

    class _ItemCollector(HTMLParser):
        """Collects the text of each ``<li>`` or ``<p>`` as one item; loose text between them too."""

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.items: list[str] = []
            self._buffer: list[str] = []

        def _flush(self) -> None:
            text = normalize("".join(self._buffer))
            if text:
                self.items.append(text)
            self._buffer = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in _BLOCKS:
                self._flush()

        def handle_endtag(self, tag: str) -> None:
            if tag in _BLOCKS:
                self._flush()

        def handle_data(self, data: str) -> None:
            self._buffer.append(data)

        def close(self) -> None:
            super().close()
            self._flush()

    return _ItemCollector


@functools.lru_cache(maxsize=4096)
def html_items(cell: str) -> tuple[str, ...]:
    """The items of an HTML cell: each ``<li>`` or ``<p>`` one item, normalised.

    Well-formed cells go through the C XML parser, which is many times faster; anything else through
    :mod:`html.parser`. Cached: readers look at some cells more than once.
    """
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(f"<cell>{cell}</cell>")
    except ElementTree.ParseError:
        collector = _item_collector()()
        collector.feed(cell)
        collector.close()
        return tuple(collector.items)
    items: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = normalize("".join(buffer))
        if text:
            items.append(text)
        buffer.clear()

    # an explicit stack, never recursion: a cell nested thousands deep is read like any other
    stack: list[tuple[ElementTree.Element, bool]] = [(root, False)]
    while stack:
        element, leaving = stack.pop()
        if leaving:  # the element's end: close its block, then the text that follows it
            if element.tag in _BLOCKS:
                flush()
            if element is not root and element.tail:
                buffer.append(element.tail)
            continue
        if element.tag in _BLOCKS:
            flush()
        if element.text:
            buffer.append(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    flush()
    return tuple(items)


_HTML = lazy_compile(r"</?(?:p|ul|ol|li|br)\b")
_BULLET = lazy_compile(r"(?:^|\s)・\s*")  # a ・ that starts an item, not one inside a phrase


def cell_items(cell: str, *, split_bullets: bool = True) -> list[str]:
    """The items of a table cell: each ``<li>``/``<p>`` an item; plain text split at ``・`` bullets.

    ``・a ・b`` -> [``a``, ``b``]; a ``・`` inside a phrase (``市民・自治会``) does not split.
    """
    raw = list(html_items(cell)) if "<" in cell and _HTML.search(cell) else [normalize(cell)]
    items: list[str] = []
    for item in raw:
        parts = _BULLET.split(item) if split_bullets else [item]
        items.extend(p.strip() for p in parts if p.strip())
    return items


class DocumentReader:
    """Base of a layout's reader: the document, the municipality it is read for, its numbered lines,
    and the issues met on the way. A layout's reader subclasses it and implements :meth:`read`.

    Attributes:
        document: The document being read.
        municipality: The municipality it belongs to.
        lines: Its numbered lines, each normalised once.
        issues: What could not be read so far.
    """

    def __init__(self, text: str, document: Document, municipality: Municipality) -> None:
        self.document = document
        self.municipality = municipality
        # Each line is normalised once (normalized_lines).
        # Made with tuple.__new__ (as Line._make does) over map: the cheapest way to make many.
        raw = text.split("\n")
        none = itertools.repeat(None)
        fields = zip(itertools.count(1), raw, normalized_lines(text), none, none, none)
        if document.pages:  # a PDF or a workbook: each line knows its page (sheet) and line there
            place = document.place
            fields = ((no, r, n, *place(no)) for no, r, n, *_ in fields)  # type: ignore[assignment]
        self.lines: list[Line] = list(map(tuple.__new__, itertools.repeat(Line), fields))
        self.issues: list[ParseIssue] = []

    def read(self) -> ParseResult:
        """Read the document (each layout's reader implements this)."""
        raise NotImplementedError

    def line(self, no: int) -> Line:
        """Line ``no`` (1-based)."""
        return self.lines[no - 1]

    def span(self, first: int, last: int | None = None) -> Span:
        """The span of lines ``first`` to ``last`` (one line when ``last`` is omitted)."""
        return Span(self.document.id, first, last if last is not None else first)

    def issue(self, line: int, message: str, severity: Severity = Severity.WARNING) -> None:
        """Record that ``line`` could not be read, and why."""
        self.issues.append(ParseIssue(severity, message, self.span(line)))

    def result(self, plans: Sequence[Plan]) -> ParseResult:
        """The plans read, with the issues met."""
        return ParseResult(tuple(plans), tuple(self.issues))

    def nothing_found(self, message: str) -> ParseResult:
        """No plan in the document: an error issue on line 1 saying what was looked for."""
        self.issue(1, message, Severity.ERROR)
        return ParseResult((), tuple(self.issues))

    @classmethod
    def layout(
        cls, name: str, description: str, sniff: Callable[[str], float], markers: Sequence[str] = ()
    ) -> Layout:
        """The :class:`Layout` this reader reads: ``cls(text, document, municipality).read()``."""

        def read(text: str, document: Document, municipality: Municipality) -> ParseResult:
            return cls(text, document, municipality).read()

        read.__qualname__ = f"{cls.__qualname__}.read"
        return Layout(name, description, sniff, read, tuple(markers))

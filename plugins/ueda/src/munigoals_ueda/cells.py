"""Cells of Ueda's tables: HTML fragments (``<p>``, ``<ul><li>``) to plain text items, glossary marks."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

from munigoals.japanese import normalize

__all__ = ["cell_items", "strip_glossary_marks"]

_BLOCKS = {"p", "li", "br", "div", "tr", "td", "ul", "ol"}


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


@functools.lru_cache(maxsize=4096)
def _html_items(cell: str) -> tuple[str, ...]:
    """The items of an HTML cell (cached: readers look at some cells more than once).

    Well-formed cells (most are: ``<ul><li>…</li></ul>``, ``<p>…</p>``) go through the C XML parser,
    which is many times faster; anything else through :mod:`html.parser`.
    """
    try:
        root = ElementTree.fromstring(f"<cell>{cell}</cell>")
    except ElementTree.ParseError:
        collector = _ItemCollector()
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

    def walk(element: ElementTree.Element) -> None:
        block = element.tag in _BLOCKS
        if block:
            flush()
        if element.text:
            buffer.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                buffer.append(child.tail)
        if block:
            flush()

    walk(root)
    flush()
    return tuple(items)


def cell_items(cell: str, *, split_bullets: bool = True) -> list[str]:
    """The items of a table cell: each ``<li>``/``<p>`` an item; plain text split at ``・`` bullets.

    ``・a ・b`` -> [``a``, ``b``]; a ``・`` inside a phrase (``市民・自治会``) does not split.
    """
    if "<" in cell and re.search(r"</?(?:p|ul|ol|li|br)\b", cell):
        raw = list(_html_items(cell))
    else:
        raw = [normalize(cell)]
    items: list[str] = []
    for item in raw:
        parts = re.split(r"(?:^|\s)・\s*", item) if split_bullets else [item]
        items.extend(p.strip() for p in parts if p.strip())
    return items


_GLOSSARY = re.compile(r"\\?\*")


def strip_glossary_marks(text: str) -> tuple[str, tuple[str, ...]]:
    """Remove glossary marks (``*`` and Markdown-escaped ``\\*``) and return the terms they marked.

    The term is taken as the run of characters before the mark back to a space or punctuation.
    """
    if "*" not in text:
        return normalize(text), ()
    terms: list[str] = []
    for match in _GLOSSARY.finditer(text):
        before = re.split(r"[\s、。,「」()\[\]・]", text[: match.start()])[-1]
        before = _GLOSSARY.sub("", before)
        if before:
            terms.append(before)
    return normalize(_GLOSSARY.sub("", text)), tuple(dict.fromkeys(terms))

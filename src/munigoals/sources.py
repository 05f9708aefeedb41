"""Published files to text: PDF pages through pypdfium2, workbook sheets through python-calamine.

Cities publish PDFs and workbooks; the layouts read lines of text. This stage turns a published file
into the lines the same layouts read, and remembers where each line stands in the file: its page
(PDF) or sheet (workbook) and its line on that page (a sheet's row), so that every fact cites the
published file ("p. 12, line 5"; "sheet 令和3年度, row 7").

PDF: the characters of each page are taken with their positions and put in reading order by position,
not by the order the file happens to write them in (a table written column by column still gives its
rows): characters on one baseline make a line, left to right, a gap wider than a fifth of the glyph
height a space. A page in two columns (a gutter near the middle that no line crosses) is read left
column first. Page furniture (page numbers in the top or bottom margin, a side bar of stacked single
characters at the page's edge) is set apart and named in a note; other vertical text is read top to
bottom, with a note. Kangxi radicals and CJK compatibility ideographs (what some PDF fonts map their
glyphs to) are normalised by NFKC and counted in a note. Before anything is read, the text layer is
checked: a page with images and no text (a scan), a page whose characters have no Unicode mapping (a
CID font without a ToUnicode map), an encrypted or a damaged file are each an error that says what to
do.

Workbooks (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``): each sheet a page, each row a line (row 1 is the
page's line 1, so a line is the sheet's row), each cell a tab-separated cell. A line break inside a
cell is kept: such a cell becomes ``<p>…</p>`` paragraphs, as in the tab-separated text the readers
know. A merged range keeps its value in its first cell and leaves the others empty (as a saved
tab-separated copy does). Numbers are written as the sheet shows them in the general format: whole
numbers without ``.0``, and at most 15 significant digits (a sum stored as 0.30000000000000004 is 0.3);
dates as ISO dates.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import html
import io
import itertools
import operator
import re
import statistics
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from munigoals.errors import MunigoalsError

__all__ = [
    "PDF_SUFFIXES",
    "SPREADSHEET_SUFFIXES",
    "Source",
    "is_pdf",
    "is_spreadsheet",
    "normalise_compatibility",
    "read_pdf",
    "read_published",
    "read_spreadsheet",
]

#: Suffixes of published files read through this stage.
PDF_SUFFIXES = (".pdf",)
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

#: Share of a page's characters without a Unicode mapping above which its text is not read.
UNMAPPED_LIMIT = 0.2


@attrs.frozen
class Source:
    """A published file as lines of text, with where each line stands in the file.

    Attributes:
        text: The lines, joined by LF.
        pages: The first line (1-based, in ``text``) of each page, in page order.
        page_numbers: The page each entry of ``pages`` is (1-based; a sheet's position in the workbook).
        sheets: The sheet name of each page, for workbooks; empty for PDFs.
        notes: ``(line, message)`` notes on what was normalised or set apart.
        encoding: What the text came from (``pdf``, ``xlsx`` …).
    """

    text: str
    pages: tuple[int, ...]
    page_numbers: tuple[int, ...]
    sheets: tuple[str, ...]
    notes: tuple[tuple[int, str], ...]
    encoding: str


def is_pdf(data: bytes) -> bool:
    """Whether ``data`` is a PDF (its header stands in the first kilobyte, as readers allow)."""
    return b"%PDF-" in data[:1024]


def is_spreadsheet(data: bytes, name: str) -> bool:
    """Whether ``data`` is a workbook: a ZIP or an old Office file named ``.xlsx .xlsm .xls .ods``, or
    any OLE file (old ``.xls``)."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if data.startswith(b"PK\x03\x04"):
        return f".{suffix}" in SPREADSHEET_SUFFIXES or b"xl/workbook" in data[:65536] or _is_ods(data)
    return data.startswith(b"\xd0\xcf\x11\xe0") and f".{suffix}" in SPREADSHEET_SUFFIXES


def _is_ods(data: bytes) -> bool:
    return b"application/vnd.oasis.opendocument.spreadsheet" in data[:200]


def read_published(data: bytes, name: str) -> Source | None:
    """The text of a PDF or a workbook, or ``None`` for any other bytes (text is decoded elsewhere).

    Raises:
        MunigoalsError: for a PDF or workbook that cannot be read, saying why and what to do.
    """
    if is_pdf(data):
        return read_pdf(data, name)
    if is_spreadsheet(data, name):
        return read_spreadsheet(data, name)
    return None


# -- PDF ------------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"[-–—‐－]?\s*(?:p\.?\s*)?\d{1,4}\s*(?:/\s*\d{1,4})?\s*[-–—‐－]?")
_CJK_COMPAT = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


#: What a character without a Unicode mapping comes back as: U+FFFD, private use, control characters.
_UNMAPPED = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f]")


#: A run of characters that are not white space (``\S`` is what ``str.isspace`` is not).
_INKED = re.compile(r"\S+")

#: A character outside the BMP (two UTF-16 units, one character in a ``str``).
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


#: A character on a page: (text, left, right, vertical centre) of its box. A plain tuple, not a
#: named one: a plan has thousands of characters a page, and a tuple is made and read fastest.
_Char = tuple[str, float, float, float]
_CH: Final = 0
_LEFT: Final = 1
_RIGHT: Final = 2
_CY: Final = 3


_BY_CH = operator.itemgetter(_CH)
_BY_LEFT = operator.itemgetter(_LEFT)
_BY_RIGHT = operator.itemgetter(_RIGHT)
_BY_CENTRE = operator.itemgetter(_CY)


@attrs.define
class _PdfLine:
    chars: list[_Char]
    cy: float
    text: str = ""
    #: The x extents of the line's runs of text (a gap wider than a glyph's height splits them).
    runs: list[tuple[float, float]] = attrs.Factory(list)

    @property
    def left(self) -> float:
        return self.chars[0][_LEFT]

    @property
    def right(self) -> float:
        return self.chars[-1][_RIGHT]


def _open_pdf(data: bytes, name: str) -> object:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        cause = str(exc)
        if "password" in cause.lower():
            raise MunigoalsError(
                f"{name} is an encrypted PDF that needs a password; remove it (qpdf --decrypt "
                "--password=PASSWORD IN.pdf OUT.pdf) or ask the publisher for an open copy"
            ) from None
        if "security" in cause.lower():
            raise MunigoalsError(
                f"{name} is encrypted with a security handler PDFium does not support; "
                "ask the publisher for an open copy"
            ) from None
        raise MunigoalsError(
            f"{name} is a damaged PDF ({cause.rstrip('.')}); download it again, or repair it "
            "(qpdf IN.pdf OUT.pdf) and pass the repaired file"
        ) from None


class _Boxes:
    """The loose box of each character of a page, fetched by one bare foreign call per character.

    PDFium has no call that gives the boxes of many characters at once, and a page of a plan holds a
    thousand or more: the bindings' own call (argument conversion, the GIL released and taken back)
    costs most of a PDF's reading. Here ``FPDFText_GetLooseCharBox`` is called through a prototype
    without argument types that keeps the GIL (``ctypes.PYFUNCTYPE``; each call is a few lookups in
    PDFium's character list), driven by ``map`` over prepared pointers into one array of rectangles,
    read back through views of the array (a float is made as it is read). The array and its pointers
    grow to the longest page and serve every page the thread reads (one ``_Boxes`` a thread). The
    characters' codes come from the page's text in one call; only those it leaves out are asked for
    one by one (``text_with_gaps``).
    """

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        def address(function: object) -> int:
            return ctypes.cast(function, ctypes.c_void_p).value or 0  # type: ignore[arg-type]

        self._box = ctypes.PYFUNCTYPE(ctypes.c_int)(address(raw.FPDFText_GetLooseCharBox))
        self._unicode = ctypes.PYFUNCTYPE(ctypes.c_uint)(address(raw.FPDFText_GetUnicode))
        self._char_index = ctypes.PYFUNCTYPE(ctypes.c_int)(address(raw.FPDFText_GetCharIndexFromTextIndex))
        self._map_error = ctypes.PYFUNCTYPE(ctypes.c_int)(address(raw.FPDFText_HasUnicodeMapError))
        self._size = ctypes.sizeof(raw.FS_RECTF)  # four floats: left, top, right, bottom
        self._array: ctypes.Array[ctypes.c_float] = (ctypes.c_float * 0)()
        self._pointers: list[ctypes.c_void_p] = []

    def _room(self, count: int) -> None:
        if count > len(self._pointers):
            count = max(count, 2 * len(self._pointers))
            self._array = (ctypes.c_float * (4 * count))()
            base = ctypes.addressof(self._array)
            self._pointers = [ctypes.c_void_p(base + self._size * i) for i in range(count)]

    def text(self, handle: ctypes.c_void_p, count: int) -> str:
        """The page's characters one by one (U+FFFD for one PDFium gives no code for)."""
        codes = map(self._unicode, itertools.repeat(handle, count), range(count))
        return "".join([chr(code or 0xFFFD) for code in codes])

    def text_with_gaps(self, handle: ctypes.c_void_p, text: str, count: int) -> str:
        """The page's ``count`` characters, from ``text`` (the page's text as PDFium gives it, which
        leaves out characters without a code) and the characters it leaves out, each asked for alone
        (U+FFFD for one without a code): as ``text`` gives, in far fewer calls than one a character.

        Where a character of ``text`` stands in the page's list is found by halving: a stretch of
        ``text`` whose first and last characters stand as far apart in the list as in ``text`` leaves
        nothing out, so a page with a few characters left out costs a few dozen calls."""
        size = len(text)
        if not size or size > count or _ASTRAL.search(text):  # PDFium counts UTF-16 units
            return self.text(handle, count)
        index = self._char_index
        first, last = index(handle, 0), index(handle, size - 1)
        if first < 0 or last < first or last >= count:
            return self.text(handle, count)
        # (text index, char index) where ``text`` resumes after characters it leaves out
        resumes: list[tuple[int, int]] = []
        stack = [(0, first, size - 1, last)]
        while stack:
            lo, at_lo, hi, at_hi = stack.pop()
            if at_hi - at_lo == hi - lo:
                continue
            if at_hi - at_lo < hi - lo or hi - lo == 1:
                if hi - lo == 1 and at_hi > at_lo:
                    resumes.append((hi, at_hi))
                    continue
                return self.text(handle, count)  # not in list order: ask for each character
            mid = (lo + hi) // 2
            at_mid = index(handle, mid)
            if not at_lo < at_mid < at_hi:
                return self.text(handle, count)
            stack.append((mid, at_mid, hi, at_hi))
            stack.append((lo, at_lo, mid, at_mid))
        resumes.sort()
        parts: list[str] = []
        code = self._unicode
        position, at = 0, 0  # the next character of ``text``, and the next of the list
        for resume, at_resume in [(0, first), *resumes, (size, count)]:
            stretch = resume - position
            parts.append(text[position:resume])
            at += stretch
            parts.extend(chr(code(handle, k) or 0xFFFD) for k in range(at, at_resume))
            position, at = resume, at_resume
        whole = "".join(parts)
        return whole if len(whole) == count else self.text(handle, count)

    def map_errors(self, handle: ctypes.c_void_p, indices: Sequence[int]) -> int:
        """How many of the characters ``indices`` PDFium says have no Unicode mapping."""
        # -1 (a bad index) counts, as a failure to say the character is mapped
        return sum(map(bool, map(self._map_error, itertools.repeat(handle, len(indices)), indices)))

    def boxes(
        self, handle: ctypes.c_void_p, indices: Iterable[int], count: int
    ) -> tuple[list[int], Sequence[float], Sequence[float], Sequence[float], Sequence[float]]:
        """Whether each of the ``count`` characters ``indices`` has a box, and the lefts, bottoms,
        rights and tops of the boxes: views of the rectangles, good until the next call (a float is
        made as each is read, and the bottoms and tops are read only to be added)."""
        self._room(count)
        found = list(map(self._box, itertools.repeat(handle, count), indices, self._pointers))
        floats = memoryview(self._array).cast("B").cast("f")[: 4 * count]
        return found, floats[0::4], floats[3::4], floats[2::4], floats[1::4]


_BOXES = threading.local()


def _thread_boxes() -> _Boxes:
    """This thread's ``_Boxes``: its array and pointers serve every PDF the thread reads."""
    boxes: _Boxes | None = getattr(_BOXES, "boxes", None)
    if boxes is None:
        boxes = _BOXES.boxes = _Boxes()
    return boxes


def _page_chars(textpage: object, count: int, boxes: _Boxes) -> tuple[list[_Char], float, int]:
    """The page's characters with their boxes (white space left out: spaces come from gaps), their
    median height (1 where it is 0), and how many have no Unicode mapping."""
    handle = textpage.raw  # type: ignore[attr-defined]
    bare = ctypes.c_void_p(ctypes.cast(handle, ctypes.c_void_p).value)
    text: str = textpage.get_text_range()  # type: ignore[attr-defined]
    if len(text) != count:  # characters without a code (left out), or outside the BMP
        text = boxes.text_with_gaps(bare, text, count)
    # white space has no box worth asking for (a fifth of a page's characters: spaces, line ends)
    spans = map(re.Match.span, _INKED.finditer(text))
    inked = itertools.chain.from_iterable(itertools.starmap(range, spans))
    letters = "".join(text.split())
    found, lefts, bottoms, rights, tops = boxes.boxes(bare, inked, len(letters))
    centres = map(operator.truediv, map(operator.add, bottoms, tops), itertools.repeat(2))
    # the tuples are made by zip, the heights by map: no Python code runs for each character
    chars: list[_Char] = list(zip(letters, lefts, rights, centres, strict=True))
    heights: Iterable[float] = map(operator.sub, tops, bottoms)
    if not all(found):
        chars = list(itertools.compress(chars, found))
        heights = itertools.compress(heights, found)
    height = statistics.median(heights) if chars else 1.0
    unmapped = len(_UNMAPPED.findall(text))
    # a font without a ToUnicode map may give letters that are not its glyphs' text: PDFium knows
    step = max(1, len(text) // 32)  # a sample: such a font leaves most characters unmapped
    sampled = [i for i in range(0, len(text), step) if not text[i].isspace()]
    unmapped = max(unmapped, boxes.map_errors(bare, sampled) * step)
    return chars, height or 1.0, unmapped


def _lines_of(chars: list[_Char], height: float) -> list[_PdfLine]:
    """Characters grouped into lines by their vertical centres, each line left to right.

    Top to bottom, a character joins the line above when its centre is within 0.45 of ``height`` of
    the line's centre (the mean of its characters' centres), else it starts a line. Characters on
    one baseline share their centre exactly, so they are taken a run of equal centres at a time
    (``groupby``): a run that starts a line is that line, its centre the run's; only a run that
    joins a line already begun is taken a character at a time, for the mean.
    """
    if not chars:
        return []
    # top to bottom; ``reverse`` keeps the file's order among equal centres, as sorting on -cy does
    ordered = sorted(chars, key=_BY_CENTRE, reverse=True)
    tolerance = 0.45 * height
    lines: list[_PdfLine] = []
    current: list[_Char] = []
    centre = 0.0
    size = 0
    for cy, run in itertools.groupby(ordered, key=_BY_CENTRE):
        if size and abs(cy - centre) <= tolerance:
            for c in run:
                cy = c[_CY]
                if abs(cy - centre) <= tolerance:
                    current.append(c)
                    size += 1
                    centre += (cy - centre) / size
                else:  # the mean moved away by rounding, at the edge of the tolerance
                    lines.append(_PdfLine(current, centre))
                    current, centre, size = [c], cy, 1
            continue
        if size:
            lines.append(_PdfLine(current, centre))
        current = list(run)
        centre, size = cy, len(current)
        if size > 1 and not abs(cy - cy) <= tolerance:  # no tolerance: each character a line
            lines.extend(_PdfLine([c], cy) for c in current[:-1])
            current = current[-1:]
            size = 1
    lines.append(_PdfLine(current, centre))
    for line in lines:
        line.chars.sort(key=_BY_LEFT)
    return lines


def _text(chars: Sequence[_Char], height: float) -> str:
    """The characters' text, a space where the gap between two is wider than a fifth of ``height``."""
    if not chars:
        return ""
    space = 0.2 * height
    parts = [chars[0][_CH]]
    right = chars[0][_RIGHT]
    for ch, left, c_right, _ in itertools.islice(chars, 1, None):
        if left - right > space:
            parts.append(" ")
        parts.append(ch)
        right = c_right
    return "".join(parts)


def _read_line(line: _PdfLine, height: float) -> str:
    """The line's text (as ``_text`` gives it), its runs noted in ``line.runs``: one pass for both."""
    chars = line.chars
    space = 0.2 * height
    first = chars[0]
    parts = [first[_CH]]
    right = end = first[_RIGHT]
    start = first[_LEFT]
    runs: list[tuple[float, float]] = []
    for ch, left, c_right, _ in itertools.islice(chars, 1, None):
        if left - right > space:
            parts.append(" ")
        if left - end > height:
            runs.append((start, end))
            start = left
        parts.append(ch)
        right = c_right
        if c_right > end:
            end = c_right
    runs.append((start, end))
    line.runs = runs
    return "".join(parts)


def _gutter(lines: list[_PdfLine], width: float, height: float) -> float | None:
    """The x of the gutter of a two-column page: near the middle, crossed by no line below the
    first line with text on both sides, with at least five lines of running text on each side."""
    if len(lines) < 5:
        return None
    segments = [line.runs for line in lines]
    # where no run of text stands between 30 % and 70 % of the width: most pages have none
    low, high = 0.3 * width, 0.7 * width
    free: list[float] = []
    reach = low
    for a, b in sorted(run for segs in segments for run in segs):
        if a > reach and reach < high:
            free.append((reach + min(a, high)) / 2)
        reach = max(reach, b)
    if reach < high:
        free.append((reach + high) / 2)
    for x in free:
        first = next((k for k, segs in enumerate(segments) if _both_sides(segs, x)), None)
        if first is None:
            continue
        below = segments[first:]
        if any(a <= x <= b for segs in below for a, b in segs):
            continue
        left = [b - a for segs in below for a, b in segs if b < x]
        right = [b - a for segs in below for a, b in segs if a > x]
        if len(left) < 5 or len(right) < 5:
            continue
        if min(statistics.mean(left), statistics.mean(right)) >= 0.25 * width:
            return x
    return None


def _both_sides(segments: list[tuple[float, float]], x: float) -> bool:
    return any(b < x for _, b in segments) and any(a > x for a, _ in segments)


def _vertical_runs(lines: list[_PdfLine], height: float) -> list[list[int]]:
    """Indices of lines that are one character each, stacked at one x: vertical text."""
    runs: list[list[int]] = []
    current: list[int] = []
    for k, line in enumerate(lines):
        single = len(line.chars) == 1
        if single and current:
            last = lines[current[-1]]
            same_x = abs(line.chars[0][_LEFT] - last.chars[0][_LEFT]) <= 0.5 * height
            close = last.cy - line.cy <= 1.6 * height
            if same_x and close:
                current.append(k)
                continue
        if len(current) >= 3:
            runs.append(current)
        current = [k] if single else []
    if len(current) >= 3:
        runs.append(current)
    return runs


def _read_page(
    chars: list[_Char], height: float, width: float, page_height: float, page_no: int
) -> tuple[list[str], list[str]]:
    """A page's lines in reading order, and notes on what was set apart or normalised (``height``:
    the characters' median height)."""
    notes: list[str] = []
    if not chars:
        return [], notes
    lines = _lines_of(chars, height)
    furniture: list[str] = []
    # stacked single characters: a side bar at the page's edge, else vertical text read downwards
    stacked: set[int] = set()
    vertical: list[tuple[int, str]] = []
    for run in _vertical_runs(lines, height):
        text = "".join(lines[k].chars[0][_CH] for k in run)
        x = lines[run[0]].chars[0][_LEFT]
        stacked.update(run)
        if x < 0.1 * width or x > 0.9 * width:
            furniture.append(f"side bar {text!r}")
        else:
            vertical.append((run[0], text))
            notes.append(f"p. {page_no}: vertical text read top to bottom: {text[:20]!r}")
    kept: list[tuple[_PdfLine | None, str]] = []
    for k, line in enumerate(lines):
        if k in stacked:
            read_down = next((t for first, t in vertical if first == k), None)
            if read_down is not None:
                kept.append((None, read_down))
            continue
        text = _read_line(line, height)
        in_margin = line.cy > 0.92 * page_height or line.cy < 0.08 * page_height
        if in_margin and _PAGE_NUMBER.fullmatch(text.strip()):
            furniture.append(f"page number {text.strip()!r}")
            continue
        line.text = text
        kept.append((line, text))
    gutter = _gutter([line for line, _ in kept if line is not None], width, height)
    if gutter is not None:
        first = next(
            k
            for k, (line, _) in enumerate(kept)
            if line is not None and line.left < gutter < line.right and _splits(line, gutter)
        )
        head, body = kept[:first], kept[first:]
        left: list[tuple[_PdfLine | None, str]] = []
        right: list[tuple[_PdfLine | None, str]] = []
        for part, text in body:
            if part is None or part.right < gutter:
                left.append((part, text))
            elif part.left > gutter:
                right.append((part, text))
            else:
                left_chars = [c for c in part.chars if c[_RIGHT] < gutter]
                right_chars = [c for c in part.chars if c[_LEFT] > gutter]
                left.append((part, _text(left_chars, height)))
                right.append((part, _text(right_chars, height)))
        kept = [*head, *left, *right]
        notes.append(f"p. {page_no}: two columns, read left column first")
    if furniture:
        notes.append(f"p. {page_no}: page furniture set apart: {', '.join(furniture)}")
    return _with_blank_lines(kept, height), notes


def _with_blank_lines(kept: list[tuple[_PdfLine | None, str]], height: float) -> list[str]:
    """The lines' text, with a blank line where the space above a line is wider than the usual line
    pitch by half (a paragraph's end, as text extracted from a PDF shows it)."""
    centres = [line.cy for line, _ in kept if line is not None]
    steps = [a - b for a, b in itertools.pairwise(centres) if 0 < a - b < 4 * height]
    # the usual pitch: a low quantile, since pages with many blank lines have more wide steps than not
    pitch = sorted(steps)[len(steps) // 4] if steps else 1.25 * height
    out: list[str] = []
    previous: _PdfLine | None = None
    for line, text in kept:
        if line is not None and previous is not None and previous.cy - line.cy > 1.5 * pitch:
            out.append("")
        out.append(text)
        previous = line if line is not None else previous
    return out


def _splits(line: _PdfLine, gutter: float) -> bool:
    return any(c[_RIGHT] < gutter for c in line.chars) and any(c[_LEFT] > gutter for c in line.chars)


def normalise_compatibility(line: str, examples: dict[str, str] | None = None) -> tuple[str, int]:
    """``line`` with its Kangxi radicals and CJK compatibility ideographs normalised by NFKC (⾏ → 行),
    and how many were; each one changed is added to ``examples``. Compatibility ideographs that NFKC
    keeps (﨑, a unified ideograph) stay."""
    fixed: list[str] = []
    count = 0
    for ch in line:
        if _CJK_COMPAT.fullmatch(ch):
            normal = unicodedata.normalize("NFKC", ch)
            if normal != ch:
                count += 1
                if examples is not None:
                    examples.setdefault(ch, normal)
                ch = normal
        fixed.append(ch)
    return "".join(fixed), count


def read_pdf(data: bytes, name: str) -> Source:
    """The text of a PDF's pages in reading order, each line placed on its page.

    Raises:
        MunigoalsError: for an encrypted or damaged file, a page that is a scan (no text, images), a
            page whose text does not decode (a font without a ToUnicode map), or a PDF with no text.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = _open_pdf(data, name)
    out: list[str] = []
    pages: list[int] = []
    notes: list[tuple[int, str]] = []
    compat = 0
    examples: dict[str, str] = {}
    boxes = _thread_boxes()
    try:
        count = len(pdf)  # type: ignore[arg-type]
        for k in range(count):
            page_no = k + 1
            try:
                page = pdf[k]  # type: ignore[index]
                textpage = page.get_textpage()
            except pdfium.PdfiumError as exc:
                raise MunigoalsError(
                    f"{name} is a damaged PDF: page {page_no} cannot be read ({exc}); download it again "
                    "or repair it (qpdf IN.pdf OUT.pdf)"
                ) from None
            chars_total = textpage.count_chars()
            if chars_total <= 0:
                images = any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2))
                if images:
                    raise MunigoalsError(
                        f"{name}: page {page_no} has no text, only images (a scan); run OCR on the file "
                        "first (for example: ocrmypdf -l jpn IN.pdf OUT.pdf) and pass the OCR'd PDF"
                    )
            chars, glyph_height, unmapped = _page_chars(textpage, chars_total, boxes)
            if chars and unmapped > UNMAPPED_LIMIT * len(chars):
                raise MunigoalsError(
                    f"{name}: the text of page {page_no} does not decode ({unmapped} of {len(chars)} "
                    "characters have no Unicode mapping: a font without a ToUnicode map); run OCR on "
                    "the file (ocrmypdf -l jpn --force-ocr IN.pdf OUT.pdf) or ask the publisher for a "
                    "text copy"
                )
            width, height = page.get_size()
            textpage.close()  # a page is let go once read: a long plan does not hold all its pages
            page.close()
            lines, page_notes = _read_page(chars, glyph_height, width, height, page_no)
            first = len(out) + 1
            pages.append(first)
            if unmapped:
                page_notes.append(
                    f"p. {page_no}: {unmapped} character(s) without a Unicode mapping (shown as \ufffd)"
                )
            if _CJK_COMPAT.search("\n".join(lines)):  # one search a page: most pages have none
                for line in lines:
                    if _CJK_COMPAT.search(line):
                        line, changed = normalise_compatibility(line, examples)
                        compat += changed
                    out.append(line)
            else:
                out.extend(lines)
            if not lines or lines[-1]:
                out.append("")  # a page ends a paragraph; and an empty page still has a line to cite
            notes.extend((first, note) for note in page_notes)
    finally:
        pdf.close()  # type: ignore[attr-defined]
    if not any(line.strip() for line in out):
        raise MunigoalsError(
            f"{name} has no text layer (a scanned or image-only PDF); run OCR on it first "
            "(for example: ocrmypdf -l jpn IN.pdf OUT.pdf)"
        )
    if compat:
        shown = ", ".join(f"{a}→{b}" for a, b in list(examples.items())[:5])
        note = f"normalised {compat} Kangxi radical(s) / CJK compatibility ideograph(s) ({shown})"
        notes.insert(0, (1, note))
    return Source("\n".join(out), tuple(pages), tuple(range(1, len(pages) + 1)), (), tuple(notes), "pdf")


# -- workbooks ------------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    """A cell as the sheet shows it in the general format."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = f"{value:.15g}"
        if "e" in text:
            text = format(float(text), "f").rstrip("0").rstrip(".")
        return text
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if "\n" in text:
        paragraphs = [p.strip() for p in text.split("\n")]
        return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p)
    return text


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def read_spreadsheet(data: bytes, name: str) -> Source:
    """The sheets of a workbook as pages of tab-separated rows, row N of a sheet its line N.

    Raises:
        MunigoalsError: for an encrypted or damaged workbook, or one with no cell filled.
    """
    import python_calamine as calamine

    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else "xlsx"
    if (
        data.startswith(b"\xd0\xcf\x11\xe0")
        and suffix in ("xlsx", "xlsm")
        and b"E\x00n\x00c\x00r\x00y" in data
    ):
        # an encrypted .xlsx is not a ZIP but an OLE file holding "EncryptedPackage"
        raise MunigoalsError(
            f"{name} is a workbook encrypted with a password; open it, save an unprotected copy and pass that"
        )
    try:
        workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError:
        raise MunigoalsError(
            f"{name} is a workbook protected by a password; open it, save an unprotected copy and pass that"
        ) from None
    except Exception as exc:  # calamine raises its own errors, and ValueError, for bytes it cannot read
        raise MunigoalsError(
            f"{name} is a damaged or unsupported workbook ({_first_line(exc)}); "
            "open it and save it again as .xlsx, or download it again"
        ) from None
    out: list[str] = []
    pages: list[int] = []
    numbers: list[int] = []
    sheets: list[str] = []
    notes: list[tuple[int, str]] = []
    try:
        for position, sheet_name in enumerate(workbook.sheet_names, start=1):
            try:
                sheet = workbook.get_sheet_by_name(sheet_name)
                rows = sheet.to_python(skip_empty_area=False)
            except Exception as exc:
                raise MunigoalsError(
                    f"{name}: sheet {sheet_name!r} cannot be read ({exc}); save the workbook again as .xlsx"
                ) from None
            if not any(cell not in (None, "") for row in rows for cell in row):
                continue
            first = len(out) + 1
            pages.append(first)
            numbers.append(position)
            sheets.append(sheet_name)
            for row in rows:
                cells = [_cell_text(value) for value in row]
                while cells and not cells[-1]:
                    cells.pop()
                out.append("\t".join(cells))
            merged = sheet.merged_cell_ranges or []
            if merged:
                note = f"sheet {sheet_name!r}: {len(merged)} merged range(s), each value in its first cell"
                notes.append((first, note))
    finally:
        workbook.close()
    if not pages:
        raise MunigoalsError(
            f"{name} is a workbook with no cell filled; pass the sheets of a planning document"
        )
    return Source("\n".join(out), tuple(pages), tuple(numbers), tuple(sheets), tuple(notes), suffix)

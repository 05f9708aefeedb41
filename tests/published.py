"""Published files made at test time: PDFs (reportlab, or pypdfium2 for a CID font) and workbooks
(xlsxwriter), from text the tests hold or read from the corpus. Nothing made here is kept."""

from __future__ import annotations

import ctypes
import io
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

_KNOWN_FONTS = (
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/ipafont-gothic/ipag.ttf",
)

PAGE_WIDTH, PAGE_HEIGHT = 842.0, 900.0
SIZE = 9.0
LEADING = SIZE * 1.25


def japanese_font() -> Path:
    """A TrueType font with Japanese glyphs; the test skips, saying why, where there is none."""
    for known in _KNOWN_FONTS:
        if Path(known).is_file():
            return Path(known)
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", ":lang=ja:fontformat=TrueType"], capture_output=True, text=True
        ).stdout.strip()
        if found.endswith(".ttf") and Path(found).is_file():
            return Path(found)
    pytest.skip(
        "no Japanese TrueType font to write test PDFs with: install one "
        "(Debian/Ubuntu: apt-get install fonts-ipafont-gothic)"
    )


def _font_name() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "TestGothic" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("TestGothic", str(japanese_font())))
    return "TestGothic"


def _cells(line: str) -> list[str]:
    return [cell for cell in re.split(r"[ \t\u3000]+", line) if cell]


def pdf_of_pages(
    pages: Sequence[Sequence[str]],
    *,
    by_columns: bool = False,
    page_numbers: bool = False,
    encrypt: str | None = None,
) -> bytes:
    """A PDF with one line of text per line given, each page top to bottom. ``by_columns``: the
    words of each line are placed where a line written row by row puts them, but the file writes
    the first word of every line, then the second …, as a table written column by column does.
    ``page_numbers``: ``- N -`` in the bottom margin."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    font = _font_name()
    out = io.BytesIO()
    kwargs = {}
    if encrypt is not None:
        from reportlab.lib import pdfencrypt

        kwargs["encrypt"] = pdfencrypt.StandardEncryption(encrypt, canModify=0)
    pdf = canvas.Canvas(out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), **kwargs)
    for number, lines in enumerate(pages, start=1):
        pdf.setFont(font, SIZE)
        placed: list[list[tuple[float, float, str]]] = []
        y = PAGE_HEIGHT - 40
        space = pdfmetrics.stringWidth(" ", font, SIZE)
        for line in lines:
            x = 30.0
            row = []
            for cell in _cells(line):
                row.append((x, y, cell))
                x += pdfmetrics.stringWidth(cell, font, SIZE) + space
            placed.append(row)
            y -= LEADING
        if by_columns:
            column = 0
            while any(len(row) > column for row in placed):
                for row in placed:
                    if len(row) > column:
                        pdf.drawString(*row[column])
                column += 1
        else:
            for row in placed:
                if row:
                    pdf.drawString(row[0][0], row[0][1], " ".join(cell for _, _, cell in row))
        if page_numbers:
            pdf.drawString(PAGE_WIDTH / 2, 20, f"- {number} -")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def pages_of(text: str, lines_per_page: int = 60) -> list[list[str]]:
    """A text cut into pages of about so many lines, each page ending where a paragraph does (at the
    first blank line from that many lines on), as a plan's pages do."""
    pages: list[list[str]] = [[]]
    for line in text.split("\n"):
        pages[-1].append(line)
        if len(pages[-1]) >= lines_per_page and not line.strip():
            pages.append([])
    return [page for page in pages if page]


def two_column_pdf(left: Sequence[str], right: Sequence[str], title: str) -> bytes:
    """One page: a title across the top, then two columns of lines, written line by line across
    both columns (as a file may write them)."""
    from reportlab.pdfgen import canvas

    font = _font_name()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(595, 842))
    pdf.setFont(font, 10)
    pdf.drawString(40, 800, title)
    y = 770.0
    for k in range(max(len(left), len(right))):
        if k < len(left):
            pdf.drawString(40, y, left[k])
        if k < len(right):
            pdf.drawString(320, y, right[k])
        y -= 14
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A page holding an image and no text, as a scan does."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    # a tiny grey image, written as a PGM (reportlab reads it through Pillow where it is installed)
    pixels = bytes([200] * (40 * 40))
    image = io.BytesIO(b"P5 40 40 255\n" + pixels)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(595, 842))
    try:
        pdf.drawImage(ImageReader(image), 50, 400, width=400, height=400)
    except Exception:  # no Pillow: draw the image inline from raw bytes instead
        pdf.drawInlineImage(image, 50, 400, width=400, height=400)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def cid_pdf(lines: Sequence[str], *, to_unicode: bool = True) -> bytes:
    """A page written by PDFium with the Japanese font embedded as a CID font (Identity-H). Without
    ``to_unicode`` its ToUnicode map is taken out (the key renamed, so the file stays valid)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    data = japanese_font().read_bytes()
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = raw.FPDFText_LoadFont(pdf.raw, buffer, len(data), raw.FPDF_FONT_TRUETYPE, True)
    y = 780.0
    for line in lines:
        obj = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, 12.0)
        encoded = ctypes.create_string_buffer((line + "\0").encode("utf-16-le"))
        raw.FPDFText_SetText(obj, ctypes.cast(encoded, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 50, y)
        raw.FPDFPage_InsertObject(page.raw, obj)
        y -= 18
    raw.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    raw.FPDFFont_Close(font)
    page.close()
    pdf.close()
    saved = out.getvalue()
    return saved if to_unicode else saved.replace(b"/ToUnicode", b"/ToUnicodX")


_PARAGRAPHS = re.compile(r"^\s*(?:<p>.*?</p>\s*)+$")


def workbook_of(sheets: dict[str, str], path: Path, *, merge: Sequence[tuple[str, str]] = ()) -> Path:
    """A workbook with one sheet per text: each line a row, each tab-separated cell a cell; a cell of
    ``<p>`` paragraphs becomes one cell with a line break between them, as a sheet holds it.
    ``merge``: (sheet, range) pairs merged, keeping the first cell's value."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    for name, text in sheets.items():
        sheet = book.add_worksheet(name)
        for r, line in enumerate(text.split("\n")):
            for c, cell in enumerate(line.split("\t")):
                if not cell:
                    continue
                if _PARAGRAPHS.match(cell):
                    cell = "\n".join(re.findall(r"<p>(.*?)</p>", cell))
                sheet.write_string(r, c, cell)
        for sheet_name, cells in merge:
            if sheet_name == name:
                first = cells.split(":")[0]
                row, col = xlsxwriter.utility.xl_cell_to_rowcol(first)
                value = text.split("\n")[row].split("\t")[col] if row < len(text.split("\n")) else ""
                sheet.merge_range(cells, value)
    book.close()
    return path

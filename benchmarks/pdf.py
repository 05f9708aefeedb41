"""PDF reading: pages per second, and PDF-to-tables against text-to-tables for the same pages.

A plan of Suzaka-layout 施策 pages (synthetic, from benchmarks/generate.py; or the real 004 with
--corpus) is written as a PDF at run time (reportlab, a Japanese TrueType font), row by row and column
by column, and read back: extraction alone (munigoals.sources.read_pdf), then the whole parse of the
PDF against the parse of its text. One process, one thread (on one core: run it under ``taskset -c 0``).
Prints numbers, asserts nothing.

    python benchmarks/pdf.py                    # 10 pages, synthetic
    python benchmarks/pdf.py --pages 50 --repeat 9
    python benchmarks/pdf.py --corpus ../shared/corpus
    python benchmarks/pdf.py --corpus ../shared/corpus --extraction   # extraction and text parse only

Each measure shows the median and the least of its runs (on a shared machine the median carries
other people's work), and beside the extraction PDFium's own time for the same document (pages and
text pages loaded, their text taken): the floor under read_pdf, whose own work is the characters'
boxes and their reading order.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from generate import shisaku_pages  # noqa: E402

from munigoals.api import parse  # noqa: E402
from munigoals.plugins import default_host  # noqa: E402
from munigoals.reading import parse_text, read_text  # noqa: E402
from munigoals.sources import read_pdf  # noqa: E402
from tests import published  # noqa: E402


def _timed(function: Callable[[], object], repeat: int) -> tuple[float, float]:
    """The least and the median of ``repeat`` wall timings, in seconds (after one warm-up run): on a
    shared machine the median carries other people's work, the least much less of it."""
    function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def _best(function: Callable[[], object], repeat: int) -> float:
    """The median of ``repeat`` timings, in seconds (after one warm-up run)."""
    return _timed(function, repeat)[1]


def _pdfium_alone(data: bytes) -> None:
    """What PDFium itself does for a document: each page and its text page loaded, its text taken;
    the floor under read_pdf, whose own work is putting characters in reading order."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    for k in range(len(pdf)):
        page = pdf[k]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=10, help="pages of the plan (default 10)")
    parser.add_argument(
        "--repeat", type=int, default=7, help="timed runs per measure (the median is shown, and the least)"
    )
    parser.add_argument(
        "--extraction", action="store_true", help="time the text parse and PDF extraction only (no tables)"
    )
    parser.add_argument(
        "--corpus", type=Path, help="read 004's text from this folder instead of a synthetic plan"
    )
    args = parser.parse_args()

    if args.corpus:
        text = (args.corpus / "004_22a3fa7b6e68a797.txt").read_text(encoding="utf-8")
        pages = published.pages_of(text, 60)[: args.pages]
    else:
        text = shisaku_pages(random.Random(1), "須坂市", args.pages * 2)
        pages = published.pages_of(text, 60)[: args.pages]
    host = default_host()
    with tempfile.TemporaryDirectory() as folder:
        txt = Path(folder) / "plan.txt"
        txt.write_text("\n".join(line for page in pages for line in page), encoding="utf-8")
        _, document = read_text(txt)
        plain = txt.read_text(encoding="utf-8")
        least_parse, text_parse = _timed(lambda: parse_text(plain, document, host), args.repeat)
        print(f"plan: {len(pages)} pages, {len(plain.splitlines())} lines of text")
        print(
            f"text parse (layout reader, text in memory): {text_parse * 1000:.1f} ms "
            f"(least {least_parse * 1000:.1f} ms)"
        )
        for by_columns in (False, True):
            how = "column by column" if by_columns else "row by row"
            pdf = Path(folder) / f"plan-{'columns' if by_columns else 'rows'}.pdf"
            pdf.write_bytes(published.pdf_of_pages(pages, by_columns=by_columns))
            data = pdf.read_bytes()
            least, extract = _timed(lambda data=data: read_pdf(data, "plan.pdf"), args.repeat)
            least_alone, alone = _timed(lambda data=data: _pdfium_alone(data), args.repeat)
            print(
                f"PDF written {how}: PDFium alone (pages, text pages, their text) {alone * 1000:.1f} ms "
                f"(least {least_alone * 1000:.1f} ms)"
            )
            if args.extraction:
                print(
                    f"PDF written {how}: extraction {extract * 1000:.1f} ms (least {least * 1000:.1f} ms; "
                    f"{len(pages) / extract:.0f} pages/s), {extract / text_parse:.1f}x the text parse"
                )
                continue
            pdf_tables = _best(lambda pdf=pdf: parse([pdf], host=host), args.repeat)
            txt_tables = _best(lambda: parse([txt], host=host), args.repeat)
            rows_pdf = len(parse([pdf], host=host).tables["indicators"])
            rows_txt = len(parse([txt], host=host).tables["indicators"])
            print(
                f"PDF written {how}: extraction {extract * 1000:.1f} ms (least {least * 1000:.1f} ms; "
                f"{len(pages) / extract:.0f} pages/s), "
                f"{extract / text_parse:.1f}x the text parse; PDF-to-tables {pdf_tables * 1000:.1f} ms, "
                f"text-to-tables {txt_tables * 1000:.1f} ms ({pdf_tables / txt_tables:.1f}x); "
                f"indicators {rows_pdf} from the PDF, {rows_txt} from the text"
            )


if __name__ == "__main__":
    main()

"""Published files read directly: PDFs (pypdfium2) and workbooks (python-calamine), made at test time.

The same layouts read them as read the text: the same rows, citing the page (sheet and row) of the
published file. Files that cannot be read are one line on stderr, exit 1, nothing written.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munigoals import sources
from munigoals.api import parse
from munigoals.sources import normalise_compatibility, read_pdf, read_spreadsheet
from tests import published
from tests.test_cli_process import assert_one_line_error, munigoals

REPO = Path(__file__).resolve().parent.parent
SUZAKA_PAGES = REPO / "plugins" / "suzaka" / "tests" / "fixtures" / "pages.txt"
KANRI_SHEET = REPO / "plugins" / "ueda" / "tests" / "fixtures" / "kanri_sheet.txt"
ICHIRAN = REPO / "plugins" / "ueda" / "tests" / "fixtures" / "ichiran.txt"
CITED = ("document", "line", "last_line", "page", "sheet", "text_line")


def _table(path: Path, name: str) -> pl.DataFrame:
    run = parse([path])
    return run.tables[name]


def _same_rows(got: pl.DataFrame, expected: pl.DataFrame) -> None:
    drop = [c for c in CITED if c in got.columns]
    assert len(got) == len(expected) > 0
    assert got.drop(drop).to_dicts() == expected.drop(drop).to_dicts()


# -- PDF: the same rows from a page written row by row or column by column ---------------------


@pytest.mark.parametrize("by_columns", [False, True], ids=["rows", "columns"])
def test_suzaka_pages_as_pdf_give_the_text_rows(tmp_path: Path, by_columns: bool) -> None:
    text = SUZAKA_PAGES.read_text(encoding="utf-8")
    pdf = tmp_path / "pages.pdf"
    pdf.write_bytes(published.pdf_of_pages(published.pages_of(text, 30), by_columns=by_columns))
    for table in ("indicators", "policies", "roles"):
        _same_rows(_table(pdf, table), _table(SUZAKA_PAGES, table))
    indicators = _table(pdf, "indicators")
    assert indicators["page"].null_count() == 0 and indicators["sheet"].null_count() == len(indicators)
    assert indicators["page"].min() == 1 and indicators["page"].max() >= 2


@pytest.mark.parametrize("by_columns", [False, True], ids=["rows", "columns"])
def test_corpus_004_as_pdf_gives_the_same_24_indicators(
    corpus: Path, tmp_path: Path, by_columns: bool
) -> None:
    text = (corpus / "004_22a3fa7b6e68a797.txt").read_text(encoding="utf-8")
    pages = published.pages_of(text, 60)
    pdf = tmp_path / "004.pdf"
    pdf.write_bytes(published.pdf_of_pages(pages, by_columns=by_columns))
    got, expected = _table(pdf, "indicators"), _table(corpus / "004_22a3fa7b6e68a797.txt", "indicators")
    assert len(got) == 24
    _same_rows(got, expected)
    # each row cites its page: the indicator's name stands on that page, at that line
    lines = read_pdf(pdf.read_bytes(), "004.pdf")
    pdf_lines = lines.text.split("\n")
    for row in got.iter_rows(named=True):
        first = lines.pages[row["page"] - 1]
        line = unicodedata.normalize("NFKC", pdf_lines[first - 1 + row["line"] - 1]).replace(" ", "")
        assert row["name"][:4] in line
    for table in ("policies", "roles", "measures"):
        _same_rows(_table(pdf, table), _table(corpus / "004_22a3fa7b6e68a797.txt", table))


def test_sha256_is_of_the_published_file(tmp_path: Path) -> None:
    pdf = tmp_path / "pages.pdf"
    pdf.write_bytes(published.pdf_of_pages(published.pages_of(SUZAKA_PAGES.read_text(encoding="utf-8"))))
    (parsed,) = parse([pdf]).documents
    document = parsed.document
    assert document.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert document.encoding == "pdf" and document.pages[0] == 1


def test_page_numbers_are_set_apart_and_named(tmp_path: Path) -> None:
    pages = [["施策 1  緑のまちづくり", "公園を増やします。"], ["続きの行です。"]]
    source = read_pdf(published.pdf_of_pages(pages, page_numbers=True), "p.pdf")
    assert "- 1 -" not in source.text and "- 2 -" not in source.text
    assert source.text.split("\n") == [
        "施策 1 緑のまちづくり",
        "公園を増やします。",
        "",
        "続きの行です。",
        "",
    ]
    assert source.pages == (1, 4)
    assert any("page number '- 2 -'" in note for _, note in source.notes)


def test_two_columns_are_read_left_column_first(tmp_path: Path) -> None:
    left = [f"左の段の文章その{k}。暮らしを支える取組です。" for k in range(1, 8)]
    right = [f"右の段の文章その{k}。地域を応援する仕組みです。" for k in range(1, 8)]
    source = read_pdf(published.two_column_pdf(left, right, "二段組の見出し"), "two.pdf")
    assert source.text.split("\n") == ["二段組の見出し", "", *left, *right, ""]
    assert any("two columns" in note for _, note in source.notes)


def test_one_column_table_rows_are_not_taken_for_two_columns() -> None:
    rows = [f"統計指標 指標その{k}の割合（％） {k}0.0（2024） {k}5.0" for k in range(1, 9)]
    source = read_pdf(published.pdf_of_pages([rows], by_columns=True), "t.pdf")
    assert source.text.split("\n") == [*rows, ""]


def test_kangxi_radicals_are_normalised_and_counted() -> None:
    # ⾏ ⼿ (Kangxi radicals, as fonts without their own glyphs map them) and 神 (U+FA19, a CJK
    # compatibility ideograph); 﨑 (U+FA11) is a unified ideograph that NFKC keeps
    examples: dict[str, str] = {}
    assert normalise_compatibility("⾏政の⼿続き、\ufa19社、﨑", examples) == ("行政の手続き、神社、﨑", 3)
    assert examples == {"⾏": "行", "⼿": "手", "\ufa19": "神"}


def _lines_a_character_at_a_time(chars: list[tuple[str, float, float, float]], height: float) -> list:  # type: ignore[type-arg]
    """The rule lines are grouped by, read plainly: top to bottom, a character joins the line above
    when its centre is within 0.45 of the height of the line's running mean, else starts a line."""
    ordered = sorted(chars, key=lambda c: c[3], reverse=True)
    lines: list[tuple[list[tuple[str, float, float, float]], float]] = []
    for c in ordered:
        if lines and abs(c[3] - lines[-1][1]) <= 0.45 * height:
            members, centre = lines[-1]
            members.append(c)
            lines[-1] = (members, centre + (c[3] - centre) / len(members))
        else:
            lines.append(([c], c[3]))
    return [(sorted(members, key=lambda c: c[1]), centre) for members, centre in lines]


_centres = st.one_of(
    st.sampled_from([700.0, 700.0, 699.0, 696.5, 690.0, 688.75, 650.0]),
    st.floats(600, 720),
    st.just(float("nan")),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("施策ab1"), st.floats(0, 500), st.floats(0, 20), _centres), max_size=40
    ),
    st.sampled_from([9.0, 4.0, 0.5, -1.0, float("nan")]),
)
def test_lines_taken_a_run_of_equal_centres_at_a_time_are_those_read_a_character_at_a_time(
    raw: list[tuple[str, float, float, float]], height: float
) -> None:
    chars = [(ch, left, left + width, cy) for ch, left, width, cy in raw]
    got = [(line.chars, line.cy) for line in sources._lines_of(chars, height)]
    expected = _lines_a_character_at_a_time(chars, height)
    assert [members for members, _ in got] == [members for members, _ in expected]
    assert [repr(centre) for _, centre in got] == [repr(centre) for _, centre in expected]


def test_cid_font_with_its_to_unicode_map_reads() -> None:
    source = read_pdf(published.cid_pdf(["施策 3  安心なまち", "86.5（2019）"]), "cid.pdf")
    assert source.text.split("\n") == ["施策 3 安心なまち", "86.5（2019）", ""]


def test_characters_without_a_code_stay_in_their_place_as_replacement_characters() -> None:
    # U+FFFD has no glyph in the font: the PDF draws the font's empty glyph, which PDFium gives no
    # code for and leaves out of the page's text; it is read back in its place, first, in a row, last
    lines = [
        "\ufffd頭に一字の欠けがある見出しの行です",
        "前\ufffd後 \ufffd\ufffd 続く本文の行がここにあります",
        "終わりの行も本文として読まれる行です\ufffd",
    ]
    source = read_pdf(published.pdf_of_pages([lines]), "gaps.pdf")
    assert source.text.split("\n") == [*lines, ""]
    assert source.notes == ((1, "p. 1: 5 character(s) without a Unicode mapping (shown as \ufffd)"),)


# -- PDFs that cannot be read: one line, exit 1, nothing written -------------------------------


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda: published.scanned_pdf(), "no text, only images (a scan); run OCR"),
        (lambda: published.pdf_of_pages([["秘密の計画"]], encrypt="secret"), "encrypted PDF"),
        (lambda: published.pdf_of_pages([["壊れた計画"]])[:400], "damaged PDF"),
        (lambda: b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "damaged PDF"),
        (lambda: published.cid_pdf(["施策 3 安心なまち"], to_unicode=False), "ToUnicode"),
    ],
    ids=["scan", "encrypted", "truncated", "damaged", "cid-without-tounicode"],
)
def test_unreadable_pdf_is_one_line_and_writes_nothing(tmp_path: Path, make, needle: str) -> None:  # type: ignore[no-untyped-def]
    if "ToUnicode" in needle or "encrypted" in needle or "scan" not in needle:
        published.japanese_font()
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(make())
    out = tmp_path / "out.csv"
    proc = munigoals("parse", str(pdf), "--format", "csv", "-o", str(out))
    assert_one_line_error(proc, 1, needle)
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["plan.pdf"]


# -- workbooks -----------------------------------------------------------------------------------


def test_kanri_sheet_workbook_gives_the_text_rows(tmp_path: Path) -> None:
    text = KANRI_SHEET.read_text(encoding="utf-8")
    book = published.workbook_of({"令和4年度": text}, tmp_path / "kanri.xlsx", merge=[("令和4年度", "B9:D9")])
    for table in ("actions", "targets", "policies"):
        _same_rows(_table(book, table), _table(KANRI_SHEET, table))
    targets = _table(book, "targets")
    assert set(targets["sheet"]) == {"令和4年度"} and set(targets["page"]) == {1}
    # the row is the sheet's row: the text's line, since the sheet holds one line a row
    assert targets["line"].to_list() == _table(KANRI_SHEET, "targets")["line"].to_list()


def test_ichiran_workbook_with_line_breaks_in_cells(tmp_path: Path) -> None:
    text = ICHIRAN.read_text(encoding="utf-8")
    assert "<p>" in text  # cells of paragraphs: the workbook holds them as one cell with line breaks
    book = published.workbook_of({"一覧表": text}, tmp_path / "ichiran.xlsx")
    for table in ("actions", "targets"):
        _same_rows(_table(book, table), _table(ICHIRAN, table))


@pytest.mark.parametrize("doc", ["001_2e0b97da717ccbd7.txt", "002_aaca3ffd80411131.txt"])
def test_corpus_sheets_rebuilt_as_workbooks_give_the_same_rows(
    corpus: Path, tmp_path: Path, doc: str
) -> None:
    text = (corpus / doc).read_text(encoding="utf-8")
    book = published.workbook_of({"重点目標": text}, tmp_path / f"{doc[:3]}.xlsx")
    for table in ("targets", "actions", "policies"):
        got, expected = _table(book, table), _table(corpus / doc, table)
        _same_rows(got, expected)
        assert set(got["sheet"]) == {"重点目標"}
        assert got["line"].to_list() == expected["line"].to_list()  # the sheet's rows


def test_two_sheets_are_two_pages_each_row_its_line(tmp_path: Path) -> None:
    book = published.workbook_of({"表紙": "計画\n\n須坂", "本文": "a\tb\n\nc"}, tmp_path / "two.xlsx")
    source = read_spreadsheet(book.read_bytes(), "two.xlsx")
    assert source.sheets == ("表紙", "本文") and source.page_numbers == (1, 2)
    assert source.text.split("\n") == ["計画", "", "須坂", "a\tb", "", "c"]
    assert source.pages == (1, 4)


def test_numbers_and_dates_as_the_sheet_shows_them(tmp_path: Path) -> None:
    import datetime as dt

    import xlsxwriter

    path = tmp_path / "numbers.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("数値")
    sheet.write_number(0, 0, 0.1 + 0.2)
    sheet.write_number(0, 1, 12.0)
    sheet.write_number(0, 2, 1234567.5)
    sheet.write_datetime(0, 3, dt.datetime(2024, 3, 31), book.add_format({"num_format": "yyyy/mm/dd"}))
    sheet.write_string(0, 4, "一行目\n二行目 & <続き>")
    sheet.write_boolean(0, 5, True)
    book.close()
    source = read_spreadsheet(path.read_bytes(), "numbers.xlsx")
    assert source.text.split("\t") == [
        "0.3",
        "12",
        "1234567.5",
        "2024-03-31",
        "<p>一行目</p><p>二行目 &amp; &lt;続き&gt;</p>",
        "TRUE",
    ]


def test_unreadable_workbooks_are_one_line(tmp_path: Path) -> None:
    damaged = tmp_path / "plan.xlsx"
    damaged.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    assert_one_line_error(munigoals("parse", str(damaged)), 1, "damaged or unsupported workbook")
    # an encrypted .xlsx is an OLE file with an EncryptedPackage stream, not a ZIP
    encrypted = tmp_path / "locked.xlsx"
    encrypted.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le")
    )
    assert_one_line_error(munigoals("parse", str(encrypted)), 1, "encrypted with a password")
    empty = tmp_path / "empty.xlsx"
    published.workbook_of({"Sheet1": ""}, empty)
    assert_one_line_error(munigoals("parse", str(empty)), 1, "no cell filled")


def test_folders_pick_up_pdfs_and_workbooks(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    published.workbook_of({"令和4年度": KANRI_SHEET.read_text(encoding="utf-8")}, plans / "kanri.xlsx")
    text = SUZAKA_PAGES.read_text(encoding="utf-8")
    (plans / "pages.pdf").write_bytes(published.pdf_of_pages(published.pages_of(text, 30)))
    run = parse([plans])
    assert sorted(d.document.id for d in run.documents) == ["kanri.xlsx", "pages.pdf"]
    assert not [i for i in run.issues if i.severity == "error"]


# -- citations by page: cite, the comparison footer and the figures' sources -------------------


def test_a_row_is_cited_by_page_or_sheet() -> None:
    from munigoals.model import Document, cite_place

    assert cite_place(5, 12) == "p. 12, line 5"
    assert cite_place(7, 2, "令和3年度") == "sheet 令和3年度, row 7"
    assert cite_place(16) == "line 16"
    pdf = Document("plan.pdf", "plan.pdf", "0" * 64, "pdf", pages=(1, 40), page_numbers=(1, 2))
    assert pdf.cite(44) == "p. 2, line 5" and pdf.cite(3) == "p. 1, line 3"


def test_citations_and_figures_say_page_and_sheet_beside_the_line() -> None:
    from munigoals.charts import _where
    from munigoals.citation import format_citations
    from munigoals.model import KnownDocument, PlanKind
    from munigoals.output import _cited

    assert _where({(12, "", 5), (12, "", 9), (13, "", 2)}) == "p. 12 l. 5, 9; p. 13 l. 2"
    assert _where({(1, "令和4年度", 7), (1, "令和4年度", 9)}) == "sheet 令和4年度 row 7, 9"
    assert _where({(1, "令和4年度", 7)}, "ja") == "シート 令和4年度 行 7"
    assert _where({(0, "", 16), (0, "", 361)}, "ja") == "行 16, 361"
    row = {"document": "plan.pdf", "line": 5, "page": 12, "sheet": None}
    assert _cited(row) == "plan.pdf p. 12, line 5"
    assert _cited({**row, "document": "plan.txt", "page": None}) == "plan.txt:5"
    known = KnownDocument("plan.pdf", "ab" * 32, "plan.pdf", False, "須坂市", PlanKind.OTHER)
    for fmt in ("text", "bibtex", "csl-json"):
        cited = format_citations([known], "1.0", fmt, places={"plan.pdf": ["p. 12, line 5", "p. 13, line 2"]})
        assert "rows: p. 12, line 5; p. 13, line 2" in cited and f"file SHA-256 {'ab' * 32}" in cited


def test_cite_from_a_pdf_and_a_workbook_names_the_page_and_the_sheet(corpus: Path, tmp_path: Path) -> None:
    """Where a concept's rows stand, cited from published files: the PDF's page and line, the
    workbook's sheet and row; each place holds the indicator cited."""
    text = (corpus / "004_22a3fa7b6e68a797.txt").read_text(encoding="utf-8")
    pdf = tmp_path / "004.pdf"
    pdf.write_bytes(published.pdf_of_pages(published.pages_of(text, 60), by_columns=True))
    sheet = (corpus / "002_aaca3ffd80411131.txt").read_text(encoding="utf-8")
    book = published.workbook_of({"重点目標": sheet}, tmp_path / "002.xlsx")
    proc = munigoals("cite", "open_data_datasets", "--from", str(pdf), "--from", str(book))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    (suzaka,) = [line for line in lines if "004.pdf" in line]
    (ueda,) = [line for line in lines if "002.xlsx" in line]
    page, on_page = map(int, re.search(r"rows: p\. (\d+), line (\d+)\.", suzaka).groups())  # type: ignore[union-attr]
    source = read_pdf(pdf.read_bytes(), "004.pdf")
    assert source.page_numbers[page - 1] == page
    cited = source.text.split("\n")[source.pages[page - 1] + on_page - 2]
    assert "オープンデータ" in unicodedata.normalize("NFKC", cited).replace(" ", "")
    assert f"file SHA-256 {hashlib.sha256(pdf.read_bytes()).hexdigest()}" in suzaka
    row = int(re.search(r"rows: sheet 重点目標, row (\d+)\.", ueda).group(1))  # type: ignore[union-attr]
    assert "オープンデータ" in sheet.split("\n")[row - 1]
    # the comparison's footer cites the same places
    compared = munigoals("compare", "open_data_datasets", "--from", str(pdf), "--from", str(book))
    assert compared.returncode == 0, compared.stderr
    assert f"[004.pdf p. {page}, line {on_page}]" in compared.stdout
    assert f"[002.xlsx sheet 重点目標, row {row}]" in compared.stdout

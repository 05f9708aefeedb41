"""Hostile and odd input and output, through the real command line: nothing destroyed, nothing injected,
nothing lost silently, one line on stderr for every problem."""

from __future__ import annotations

import csv
import io
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from munigoals.reading import clean_controls, decode
from tests.plugins_seeds import SUZAKA_PAGES
from tests.test_cli_process import assert_one_line_error, munigoals

FORMULAS = ('=HYPERLINK("http://x","y")', "＝SUM(1,2)", "+cmd", "-2+3", "@SUM(1)")


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "pages.txt"
    path.write_text(SUZAKA_PAGES, encoding="utf-8")
    return path


# -- writing --------------------------------------------------------------------------------------


def test_output_onto_the_input_is_refused_and_the_input_kept(page: Path) -> None:
    before = page.read_bytes()
    assert_one_line_error(munigoals("parse", str(page), "-o", str(page)), 1, "a document being read")
    assert page.read_bytes() == before
    proc = munigoals("compare", "--from", str(page.parent), "-o", str(page), "--format", "csv")
    assert_one_line_error(proc, 1, "a document being read")
    assert page.read_bytes() == before


def test_output_onto_a_symlink_to_the_input_is_refused(page: Path) -> None:
    link = page.parent / "link.csv"
    link.symlink_to(page)
    before = page.read_bytes()
    assert_one_line_error(munigoals("parse", str(page), "-o", str(link)), 1, "a document being read")
    assert page.read_bytes() == before and link.is_symlink()


def test_devices_fifos_and_folders_are_refused(page: Path) -> None:
    assert_one_line_error(munigoals("parse", str(page), "-o", "/dev/null"), 1, "not a regular file")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = page.parent / "fifo"
    os.mkfifo(fifo)
    assert_one_line_error(munigoals("parse", str(page), "-o", str(fifo)), 1, "not a regular file")
    assert_one_line_error(munigoals("parse", str(page), "-o", str(page.parent)), 1, "folder")


def test_a_symlink_is_written_through_and_the_mode_kept(page: Path) -> None:
    target = page.parent / "real.csv"
    target.write_text("old")
    target.chmod(0o600)
    link = page.parent / "link.csv"
    link.symlink_to(target)
    proc = munigoals("parse", str(page), "-o", str(link), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and "indicator" not in target.read_text(encoding="utf-8-sig")[:0]
    assert target.read_text(encoding="utf-8-sig").startswith("city,")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_read_only_target_is_refused_not_replaced(page: Path) -> None:
    target = page.parent / "ro.csv"
    target.write_text("keep me")
    target.chmod(0o444)
    assert_one_line_error(munigoals("parse", str(page), "-o", str(target)), 1, "read-only")
    assert target.read_text() == "keep me"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["-o", "x" * 300 + ".csv"], "File name too long"),
        (["-o", "pages.txt/out.csv"], "Not a directory"),
        (["-o", "missing/out.csv"], "does not exist"),
    ],
)
def test_os_errors_are_one_line(page: Path, args: list[str], needle: str) -> None:
    proc = munigoals("parse", "pages.txt", *args, cwd=page.parent)
    assert_one_line_error(proc, 1, needle)
    assert "internal error" not in proc.stderr


def test_os_errors_reading_are_one_line(tmp_path: Path) -> None:
    proc = munigoals("parse", "y" * 300 + ".txt", cwd=tmp_path)
    assert_one_line_error(proc, 1, "File name too long")
    pop = tmp_path / "pop.csv"
    pop.write_bytes(bytes(range(256)) * 4)
    assert_one_line_error(munigoals("compare", "--population", str(pop)), 1, "not UTF-8 text")


def test_a_failure_while_writing_keeps_the_old_file(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from munigoals import output
    from munigoals.cli import cli

    target = page.parent / "out.csv"
    target.write_text("old result")

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", full)
    result = CliRunner().invoke(cli, ["parse", str(page), "-o", str(target), "--format", "csv"])
    assert "No space left on device" in str(result.exception)
    assert target.read_text() == "old result"
    assert [p.name for p in page.parent.iterdir() if p.name.startswith(".out.csv")] == []


# -- spreadsheets ---------------------------------------------------------------------------------


@pytest.fixture
def formula_page(tmp_path: Path) -> Path:
    """The Suzaka fixture with formulas in an indicator name and a role statement, full-width too."""
    text = SUZAKA_PAGES.replace("待機児童数（人）", f"{FORMULAS[0]}（人）").replace(
        "地域の子どもを見守り", f"{FORMULAS[1]}地域の子どもを見守り"
    )
    text = text.replace("新しく開いた子ども食堂の数（箇所）", "＠新しく開いた子ども食堂の数（箇所）")
    path = tmp_path / "formulas.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("table", ["indicators", "roles", "policies"])
def test_no_csv_cell_starts_a_formula(formula_page: Path, table: str) -> None:
    proc = munigoals("parse", str(formula_page), "--table", table, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout.lstrip("\ufeff"))))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "＝", "＋", "－", "＠", "\t", "\r")]
    if table == "indicators":
        assert any(c.startswith("'=HYPERLINK") for c in cells)
        assert "eq" in {row[rows[0].index("target_comparator")] for row in rows[1:]}
    if table == "roles":
        assert any(c.startswith("'=SUM") for c in cells)  # NFKC made the full-width ＝ an =


def test_raw_csv_and_json_keep_the_values(formula_page: Path) -> None:
    raw = munigoals("parse", str(formula_page), "--format", "csv", "--raw")
    assert raw.returncode == 0, raw.stderr
    cells = [cell for row in csv.reader(io.StringIO(raw.stdout.lstrip("\ufeff"))) for cell in row]
    assert any(c.startswith("=HYPERLINK") for c in cells) and "eq" in cells
    js = munigoals("parse", str(formula_page), "--format", "json")
    assert '"=HYPERLINK' in js.stdout and '"target_comparator": "eq"' in js.stdout


def test_xlsx_opens_with_ids_as_text_and_values_as_numbers(formula_page: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = formula_page.parent / "t.xlsx"
    proc = munigoals("parse", str(formula_page), "--table", "indicators", "--format", "xlsx", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2))
    policy = rows[0][header.index("policy_id")]
    assert policy.data_type == "s" and policy.value == "12"
    assert isinstance(rows[0][header.index("target_value")].value, int | float)
    names = [r[header.index("name")] for r in rows]
    assert all(cell.data_type == "s" for cell in names)  # never a formula
    assert any(str(cell.value).startswith("=HYPERLINK") for cell in names)
    assert_one_line_error(munigoals("parse", str(formula_page), "--format", "xlsx"), 2, "-o FILE.xlsx")


# -- input ----------------------------------------------------------------------------------------


def test_a_shift_jis_file_name_in_a_folder_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a.txt").write_text(SUZAKA_PAGES, encoding="utf-8")
    odd = os.path.join(os.fsencode(folder), "計画".encode("cp932") + b".txt")
    with open(odd, "wb") as handle:
        handle.write(SUZAKA_PAGES.encode("utf-8"))
    proc = munigoals("parse", str(folder), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    documents = {row.split(",")[2] for row in proc.stdout.splitlines()[1:]}
    assert documents == {"a.txt", "\\x8cv\\x89\\xe6.txt"}


def test_a_bom_in_the_middle_loses_no_policy(tmp_path: Path) -> None:
    path = tmp_path / "joined.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SUZAKA_PAGES.encode())
    once = munigoals("parse", str(path), "--table", "policies", "--format", "jsonl").stdout.splitlines()
    path.write_bytes(b"\xef\xbb\xbf" + SUZAKA_PAGES.encode() + b"\n\xef\xbb\xbf" + SUZAKA_PAGES.encode())
    proc = munigoals("parse", str(path), "--table", "policies", "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    assert len(once) == 2 and len(proc.stdout.splitlines()) == 4  # the second copy's headings are kept


def test_nul_and_control_characters_are_removed_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_text(SUZAKA_PAGES.replace("待機児童数", "待機\x00児童\x1b[2J数"), encoding="utf-8")
    proc = munigoals("parse", str(path), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert "\x00" not in proc.stdout and "\x1b" not in proc.stdout and "待機児童[2J数" in proc.stdout
    assert "removed 2 control character(s)" in proc.stderr
    assert clean_controls("a\x00b\nc\td\n\x07") == ("ab\nc\td\n", [(1, 1), (3, 1)])


def test_bidi_and_escapes_never_reach_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "bidi.txt"
    path.write_text(SUZAKA_PAGES.replace("待機児童数", "待機\u202e児童数"), encoding="utf-8")
    proc = munigoals("parse", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "\u202e" not in proc.stdout and "\\u202e" in proc.stdout
    csv_out = munigoals("parse", str(path), "--format", "csv").stdout
    assert "\u202e" in csv_out  # files keep the text as the document has it


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "iso2022_jp"])
def test_utf16_without_bom_and_iso2022jp_are_decoded(encoding: str) -> None:
    def encodable(ch: str) -> bool:
        try:
            ch.encode("iso2022_jp")
        except UnicodeEncodeError:
            return False
        return True

    page = "".join(ch for ch in SUZAKA_PAGES if encodable(ch))
    text, used = decode(page.encode(encoding), "x.txt")
    assert text == page and used in ("utf-16", "iso2022_jp")


def test_huge_input_stops_with_a_message() -> None:
    proc = munigoals("parse", "/dev/zero", env={"MUNIGOALS_MAX_DOCUMENT_MB": "1"})
    assert_one_line_error(proc, 1, "larger than 1 MB")
    assert "MUNIGOALS_MAX_DOCUMENT_MB" in proc.stderr


def test_what_a_folder_skips_is_listed(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a.txt").write_text(SUZAKA_PAGES, encoding="utf-8")
    (folder / "plan.pdf").write_bytes(b"%PDF-1.7")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    os.mkfifo(folder / "pipe.txt")
    proc = munigoals("parse", str(folder), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    # a PDF in a folder is read; one that is damaged is reported as such and the rest go on
    for needle in ("plan.pdf is a damaged PDF", "notes.docx: not a document suffix", "gone.txt: a broken link",
                   "pipe.txt: not a regular file"):  # fmt: skip
        assert needle in proc.stderr, needle
    assert munigoals("parse", str(folder), "--strict").returncode == 1


def test_a_document_given_twice_is_read_once(page: Path) -> None:
    proc = munigoals("parse", str(page), str(page), str(page.parent), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 6
    assert "read once" in proc.stderr and "read 1 document(s)" in proc.stderr


def test_very_large_numbers_print_in_the_terminal() -> None:
    from munigoals.output import compare_display, render

    frame = pl.DataFrame(
        {"baseline_value": [9.3e18, 1e300], "target_value": [1e19, 2.0], "actual_value": [None, 1.5e20],
         "improvement_per_year": [1e18, None], "improvement_unit": ["人", None], "unit": ["人", "%"],
         "headroom": [None, None], "already_met": [None, None], "target_kind": ["level", "level"],
         "baseline_year": [2020, None], "target_year": [2025, None], "actual_year": [None, None],
         "target_comparator": ["=", "<"]}
    )  # fmt: skip
    text = render(compare_display(frame), "table", "compare").decode()
    assert "9.3e+18人 (2020)" in text and "1e+300%" in text


# -- signals --------------------------------------------------------------------------------------


def _generate(folder: Path, count: int, pages: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        import random

        from generate import shisaku_pages  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    rng = random.Random(7)
    for k in range(count):
        (folder / f"doc{k:04d}.txt").write_text(shisaku_pages(rng, f"市{k}", pages), encoding="utf-8")


def _processes_naming(needle: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to see the worker processes")
def test_sigterm_ends_the_workers_and_leaves_no_part_file(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    _generate(folder, 600, pages=40)
    out = tmp_path / "out.parquet"
    proc = subprocess.Popen(
        [sys.executable, "-m", "munigoals", "parse", str(folder), "--format", "parquet", "-o", str(out), "-j", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(tmp_path.glob(".out.parquet.*")):
        time.sleep(0.05)
    time.sleep(0.5)  # workers are busy now
    assert proc.poll() is None, "the parse ended before it could be stopped"
    proc.terminate()
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, stderr
    assert "Traceback" not in stderr
    time.sleep(0.5)
    assert _processes_naming(str(out)) == []
    assert list(tmp_path.glob(".out.parquet*")) == [] and not out.exists()

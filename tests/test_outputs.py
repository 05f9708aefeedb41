"""Outputs an analyst opens in their own tools: the file type -o names, xlsx a spreadsheet reads well,
cities named as people name them, and the README's commands on a fresh folder."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest


def munigoals(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "munigoals", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


@pytest.mark.parametrize("command", [["compare"], ["table", "indicators"], ["concepts"]])
def test_the_suffix_of_o_chooses_the_format(command: list[str], tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is a dev dependency")
    for suffix in (".xlsx", ".parquet", ".csv", ".json", ".jsonl", ".txt"):
        out = tmp_path / f"x{suffix}"
        proc = munigoals(*command, "-o", str(out))
        assert proc.returncode == 0, proc.stderr
    assert openpyxl.load_workbook(tmp_path / "x.xlsx").active.max_row > 1
    frame = pl.read_parquet(tmp_path / "x.parquet")
    rows = list(csv.reader(io.StringIO((tmp_path / "x.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == len(frame) + 1 and rows[0] == frame.columns
    assert not any("─" in cell for row in rows for cell in row)  # no terminal table in a CSV
    assert len(json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))) == len(frame)
    assert len((tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()) == len(frame)
    assert "─" in (tmp_path / "x.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-o", "x.weird"], "suffix '.weird'"),
        (["-o", "x"], "no suffix"),
        (["-o", "x.csv", "--format", "json"], "csv by its suffix but --format is json"),
        (["-o", "x.xlsx", "--format", "table"], "xlsx by its suffix"),
    ],
)
def test_a_suffix_no_format_has_or_that_disagrees_is_refused(
    args: list[str], says: str, tmp_path: Path
) -> None:
    proc = munigoals("compare", *args, cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], proc.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_a_file_without_suffix_takes_the_format_asked_for(tmp_path: Path) -> None:
    proc = munigoals("compare", "-o", str(tmp_path / "plain"), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "plain").read_text(encoding="utf-8-sig").startswith("concept,")


@pytest.mark.parametrize("name", ["ueda", "Ueda", "UEDA", "上田市", "上田", "202037"])
def test_city_accepts_a_slug_code_japanese_or_english_name(name: str) -> None:
    proc = munigoals("table", "indicators", "--city", name, "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    cities = {json.loads(line)["city"] for line in proc.stdout.splitlines()}
    assert cities == {"ueda"}


def test_an_unknown_city_is_refused_naming_how_the_known_ones_are_called() -> None:
    proc = munigoals("compare", "--city", "札幌市")
    assert proc.returncode == 1 and proc.stdout == ""
    assert "unknown city '札幌市'" in proc.stderr and "ueda (上田市, Ueda, 202037)" in proc.stderr


def test_one_city_named_twice_is_one_city() -> None:
    proc = munigoals("table", "indicators", "--city", "上田市", "--city", "ueda", "--format", "jsonl")
    single = munigoals("table", "indicators", "--city", "ueda", "--format", "jsonl")
    assert proc.returncode == 0 and proc.stdout == single.stdout


def test_xlsx_reads_as_a_researcher_expects(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is a dev dependency")
    out = tmp_path / "i.xlsx"
    proc = munigoals("table", "indicators", "--city", "suzaka", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["indicators", "about"]
    sheet = book["indicators"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
    header = [c.value for c in sheet[1]]
    cells = {name: [row[k] for row in sheet.iter_rows(min_row=2)] for k, name in enumerate(header)}
    years = [c for c in cells["baseline_year"] if c.value is not None]
    assert years and all(
        isinstance(c.value, int) and c.number_format == "0" for c in years
    )  # 2019, not 2,019
    assert all(c.data_type == "s" for c in cells["policy_id"] if c.value is not None)  # ids stay text
    for value, text in zip(cells["baseline_value"], cells["baseline_text"], strict=True):
        if value.value is None:
            continue
        shown = text.value.split("(")[0].strip()
        decimals = len(shown.split(".")[1]) if "." in shown else 0
        assert value.number_format.endswith("." + "0" * decimals if decimals else "0"), (
            shown,
            value.number_format,
        )
        assert ("," in shown) == value.number_format.startswith("#,##0")
        assert "Red" not in value.number_format
    about = {row[0]: row[1] for row in book["about"].iter_rows(values_only=True)}
    assert about["written by"].startswith("munigoals ") and "munigoals-suzaka data" in about
    assert "licence" in " ".join(about) and about["004_22a3fa7b6e68a797.txt"].startswith(
        "第六次須坂市総合計画"
    )


@pytest.mark.parametrize(
    "command",
    [["table", "indicators"], ["compare"], ["concepts"], ["concepts", "--unmatched"],
     ["series", "twitter_followers"], ["cite"], ["cite", "--format", "bibtex"]],
)  # fmt: skip
def test_every_command_ends_with_the_summary_line(command: list[str]) -> None:
    proc = munigoals(*command)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"; (no issues|\d+ (error|warning|note)\(s\))", proc.stderr.splitlines()[-1]), (
        proc.stderr
    )


def test_export_and_compare_from_show_every_warning(corpus: Path, tmp_path: Path) -> None:
    from tests.plugins_seeds import many_unread_sheet

    page = str(corpus / "000_92596ecb565e136d.txt")
    sheet = tmp_path / "sheet.txt"  # more warnings than the ten notes a document shows
    sheet.write_text(many_unread_sheet(), encoding="utf-8")
    for args in (
        ["export", str(tmp_path / "out"), page, str(sheet)],
        ["compare", "--from", page, "--from", str(sheet)],
    ):
        proc = munigoals(*args)
        assert proc.returncode == 0, proc.stderr
        last = proc.stderr.splitlines()[-1]
        (warnings,) = re.findall(r"(\d+) warning\(s\)", last)
        assert proc.stderr.count(": warning: ") == int(warnings) > 10, last  # none held back of many
        found = re.search(r"\((\d+) shown, (\d+) more not shown, (\d+) in all", last)
        if found:  # only notes are held back, and counted
            shown, more, all_ = (int(found.group(k)) for k in (1, 2, 3))
            assert all_ == shown + more and proc.stderr.count(": note: ") + int(warnings) == shown


def test_the_python_api_takes_city_names_too() -> None:
    import munigoals

    by_slug = munigoals.table("indicators", cities=["ueda"])
    assert munigoals.table("indicators", cities=["上田市"]).equals(by_slug)
    assert munigoals.table("indicators", cities=["Ueda"]).equals(by_slug)
    assert set(munigoals.compare(cities=["202037", "須坂市"])["city"]) == {"ueda", "suzaka"}

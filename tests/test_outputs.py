"""Outputs an analyst opens in their own tools: the file type -o names, xlsx a spreadsheet reads well,
cities named as people name them, and the README's commands on a fresh folder."""

from __future__ import annotations

import csv
import io
import json
import os
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

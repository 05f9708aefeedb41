"""The second hostile campaign's cases beyond export: folders, document structure, crashes, exit codes
and messages, time limits, and what limits mean. Each case is one the campaign found failing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from munigoals.layouts import html_items
from munigoals.model import Severity
from munigoals.reading import expand_paths
from tests.plugins_seeds import SUZAKA_PAGES

# -- data loss: folders and document structure ---------------------------------------------------------


def test_an_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(SUZAKA_PAGES, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(SUZAKA_PAGES, encoding="utf-8")
    scandir = os.scandir

    def locked(path: os.PathLike[str] | str) -> object:  # mode 000, also for a test run as root
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", locked)
    files, notes = expand_paths([tmp_path])
    assert [p.name for p, _ in files] == ["a.txt"]
    assert [n.severity for n in notes] == [Severity.WARNING]
    assert "locked" in notes[0].message and "Permission denied" in notes[0].message


def test_html_nested_thousands_deep_is_read_without_recursion() -> None:
    depth = 3000
    cell = "<ul><li>" * depth + "深い項目" + "</li></ul>" * depth
    assert html_items(cell) == ("深い項目",)
    assert html_items("<ul><li>a<b>x</b>y</li><li>b</li></ul>tail<p>c</p>") == ("axy", "b", "tail", "c")


def test_a_section_heading_cut_into_an_indicator_table_reports_the_rows_it_would_drop(tmp_path: Path) -> None:
    import munigoals
    from tests.plugins_seeds import UEDA_SECTIONS

    first_row = "特定健診の受診率\t45.2% (令和5年度)\t60.0%以上\n"
    assert first_row in UEDA_SECTIONS
    text = UEDA_SECTIONS.replace(first_row, first_row + "## 1-9-9 挿入された見出し\n")
    (tmp_path / "mutated.txt").write_text(text, encoding="utf-8")
    run = munigoals.parse(tmp_path / "mutated.txt")
    dropped = [i for i in run.issues if "inside a table" in i.message]
    assert len(dropped) == 2  # the two rows under the heading: reported, with their lines
    lines = text.splitlines()
    assert all(lines[i.span.first_line - 1].count("\t") == 2 for i in dropped)
    assert all(i.severity == Severity.WARNING for i in dropped)

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

"""Seed documents written for the plugins' tests, gathered for the fuzz tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


def _load(path: Path, name: str) -> object:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SUZAKA_PAGES: str = _load(_REPO / "plugins/suzaka/tests/test_fixture_pages.py", "_suzaka_pages").PAGES  # type: ignore[attr-defined]
UEDA_SECTIONS: str = _load(
    _REPO / "plugins/ueda/tests/test_sogo_keikaku_fixture.py", "_ueda_sections"
).SECTIONS  # type: ignore[attr-defined]


def many_unread_sheet(lines: int = 12) -> str:
    """A 重点目標一覧表 in PDF text (our own words) with ``lines`` lines whose columns no mark tells:
    a run with more warnings than the ten notes a document shows."""
    unread = "".join(f"　　資料の整理その{k}\n\n" for k in range(1, lines + 1))
    return (
        "　重点目標一覧表 担当部局名 テスト部\n\n【令和4年度重点目標】 【令和5年度重点目標】\n\n"
        "重点目標 重点目標\n期限・数値目標等\n\n①年度末まで\n\n１\n\n"
        "図書館の利用の促進と充実\n具体的な重点取組項目 達成状況・達成度 具体的な重点取組項目\n\n"
        f"①蔵書の充実 ①新刊を300冊購入 ①蔵書の充実\n\n{unread}"
    )

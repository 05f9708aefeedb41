"""What the cells of a progress report share: circled item numbers ①…, compact text, a cell as text, and the
期限 a cell states."""

from __future__ import annotations

import functools
import re

from munigoals.japanese import normalize
from munigoals.layouts import cell_items
from munigoals.patterns import lazy_compile

__all__ = [
    "CIRCLED",
    "CIRCLED_START",
    "REPORT_ERAS",
    "REPORT_ERA_LETTERS",
    "cell_text",
    "circled_number",
    "compact_text",
    "deadlines",
    "ends_with",
    "spaceless",
]

#: The eras a report of today writes in full (令和2年度), as a pattern's alternatives, and as one letter
#: (R2, H30.6.26), as a character class's letters. Older eras' letters are left out on purpose: in
#: running text S, T and M name sizes and leagues (Sサイズ, T3リーグ) as often as 昭和, 大正 and 明治, and
#: no sheet reports on a year of theirs; :func:`munigoals.japanese.era_year` turns each into its year.
REPORT_ERAS = "令和|平成"
REPORT_ERA_LETTERS = "RH"
#: the circled numbers sheets number their items with, ① to ⑳
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
#: a cell that starts with a circled number: the number, then the rest of the cell
CIRCLED_START = lazy_compile(rf"^\s*([{CIRCLED}])\s*(.*)$", re.S)


def circled_number(mark: str) -> int:
    """① → 1."""
    return CIRCLED.index(mark) + 1


@functools.lru_cache(maxsize=1 << 14)
def compact_text(text: str) -> str:
    """Normalised, without spaces (labels are spaced out in some sheets). Cached: readers compare the
    same cells with several labels."""
    return normalize(text).replace(" ", "")


@functools.lru_cache(maxsize=1 << 12)
def spaceless(text: str) -> str:
    """``text`` without spaces. Cached: a line is looked at once for each number of its cells."""
    return text.replace(" ", "")


def ends_with(pattern: re.Pattern[str], text: str, end: int, reach: int) -> bool:
    """Whether ``pattern``, which ends in ``\\s*$``, is found in ``text[:end]``, looking at its end
    only: the part before the white space spans at most ``reach`` characters (a search of the whole
    text before each number would scan it again for each)."""
    start = end
    while start and text[start - 1].isspace():
        start -= 1
    return pattern.search(text, max(0, start - reach), end) is not None


@functools.lru_cache(maxsize=1 << 14)
def cell_text(cell: str) -> str:
    """A cell as plain text, its list items and paragraphs kept apart on lines of their own. Cached:
    sheets repeat cells, and readers look at some cells twice."""
    return "\n".join(cell_items(cell, split_bullets=False))


_DEADLINE = lazy_compile(
    r"翌?\d{1,2}\s*(?:[~～]\s*\d{1,2}\s*)?月(?:末|中|上旬|中旬|下旬)?|\d{1,2}/\d{1,2}\s*-\s*\d{1,2}/\d{1,2}"
    r"|(?:通年|年度末|年度内|年内|随時)(?=\)|\s|$)"  # 随時更新 says how, not by when
)
_DEADLINE_MARK = lazy_compile(
    r"\(\d+\)|(?:^|(?<=\s))・"
)  # a ・ inside a word (市民交流・キャンプ) is no bullet


def _each_labelled(norm: str, start: int, found: list[re.Match[str]]) -> list[tuple[str, str]]:
    """Several 期限 of one part, each in brackets after words of its own (``条例改正と公示(10月)
    条例施行(翌4月)``): (words, 期限) each; empty where one has no words or they are not bracketed."""
    if len(found) < 2:
        return []
    out = []
    for k, m in enumerate(found):
        words = norm[found[k - 1].end() + 1 if k else start : m.start()].strip()
        if not words.endswith("(") or not norm[m.end() :].startswith(")"):
            return []
        words = words.removesuffix("(").strip(" 、,")
        if not words:
            return []
        out.append((words, m.group(0)))
    return out


@functools.lru_cache(maxsize=4096)
def deadlines(cell: str) -> str | None:
    """The 期限 a 期限・数値目標等 cell states, each after its ``(n)`` mark or the words of its ``・``
    item: ``(1) 3月 (2) 5～7月`` stays as it is; ``・ 上田城跡能(8月) ・ 20講座 ・ 年度末`` ->
    ``上田城跡能: 8月; 年度末``; ``None`` where it states none. Cached: sheets repeat cells."""
    norm = normalize(cell)
    out: list[str] = []
    marks = list(_DEADLINE_MARK.finditer(norm))
    bounds = [(m.group(0), m.end(), marks[k + 1].start() if k + 1 < len(marks) else len(norm))
              for k, m in enumerate(marks)]  # fmt: skip
    bounds.insert(0, ("", 0, marks[0].start() if marks else len(norm)))
    part = ""
    for mark, start, end in bounds:
        if mark.startswith("("):
            part = mark
        found = list(_DEADLINE.finditer(norm, start, end))
        if not found:
            continue
        labelled = _each_labelled(norm, start, found)
        if mark.startswith("(") and labelled:  # (1) 条例改正と公示(10月) 条例施行(翌4月): each its own
            out.extend(f"{part} {words}: {when}" for words, when in labelled)
            continue
        words = norm[start : found[0].start()].strip(" (")
        what = f"{part} {words}".strip() if mark == "・" and words else part if mark else ""
        when = "、".join(m.group(0) for m in found)
        out.append(f"{what}: {when}" if words and mark == "・" else f"{what} {when}".strip())
    return "; ".join(out) or None

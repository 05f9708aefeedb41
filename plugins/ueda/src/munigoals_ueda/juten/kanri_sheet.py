"""``ueda.juten-kanri-sheet``: Ueda's 重点目標管理シート, a spec (``layouts/juten-kanri-sheet.toml``)
and the block kind it names: the actions ①…⑤ with 取組項目, 期間・期限, 数値目標, 中間報告, 期末報告,
whose cells :mod:`~munigoals_ueda.juten.targets` and :mod:`~munigoals_ueda.juten.stated` read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from munigoals.sdk import (
    Action,
    BlockRead,
    BlockReader,
    DocumentReader,
    Indicator,
    Line,
    normalize,
    parse_fiscal_year,
)
from munigoals_ueda.juten.common import CIRCLED_START, cell_text, circled_number, compact_text
from munigoals_ueda.juten.stated import stated_numbers
from munigoals_ueda.juten.targets import targets_and_results

__all__ = ["BLOCK_READERS", "NAME", "sogo_keikaku_path"]

NAME = "ueda.juten-kanri-sheet"

_FIELDS = ("取組項目", "期間・期限", "数値目標", "中間報告", "期末報告")


def sogo_keikaku_path(position: str) -> tuple[str, ...]:
    """A 総合計画 position (``第1編 … 第1章 … 第2節 …``) as a parent path; several 節 are joined."""
    text = normalize(position)
    pieces = re.split(r"(?=第\s*\d+\s*[編章節])", text)
    hen = [p.strip() for p in pieces if re.match(r"第\s*\d+\s*編", p)]
    sho = [p.strip() for p in pieces if re.match(r"第\s*\d+\s*章", p)]
    setsu = [p.strip() for p in pieces if re.match(r"第\s*\d+\s*節", p)]
    return tuple(p for p in (*hen[:1], *sho[:1], " / ".join(setsu)) if p)


def read_actions(lines: Sequence[Line], options: Mapping[str, Any], reader: DocumentReader) -> BlockRead:
    """The header row and the actions ①…⑤ under it (block kind ``ueda_kanri_actions``)."""
    fiscal_year = next(
        (
            y
            for ln in reader.lines
            if ln.norm.startswith("#") and (y := parse_fiscal_year(ln.norm)) is not None
        ),
        None,
    )
    header = [compact_text(c) for c in lines[0].cells]
    title = getattr(reader, "policy_id", None) or ""
    actions: list[Action] = []
    indicators: list[Indicator] = []
    for line in lines[1:]:
        if not line.norm:
            continue
        cells = line.cells
        first = next((c for c in cells if c), "")
        if CIRCLED_START.match(first) and CIRCLED_START.match(cells[0] or first):
            action = _action(reader, line.no, cells, header, title, fiscal_year, indicators)
            if action is not None:
                actions.append(action)
            continue
        reader.issue(line.no, f"line in goal {title[:20]} not read: {line.norm[:40]}")
    return BlockRead(indicators=tuple(indicators), actions=tuple(actions))


def _action(
    reader: DocumentReader,
    no: int,
    cells: list[str],
    header: list[str],
    title: str,
    fiscal_year: int | None,
    indicators: list[Indicator],
) -> Action | None:
    first_index = next(k for k, c in enumerate(cells) if c)
    m = CIRCLED_START.match(cells[first_index])
    assert m is not None
    number = circled_number(m.group(1))
    rest = [m.group(2).strip(), *cells[first_index + 1 :]]
    filled = [c for c in rest if c]
    if not filled:
        return None  # an empty row such as ④ with nothing in it is not an action
    if len(filled) == len(_FIELDS):
        values = dict(zip(_FIELDS, filled, strict=True))
    else:
        values = _by_header(rest, first_index, header)
        if len(filled) < len(_FIELDS):
            reader.issue(no, f"action {m.group(1)} of goal {title[:20]} has {len(filled)} of 5 cells filled")
    text = cell_text(values.get("取組項目", ""))
    if not text:
        reader.issue(no, f"action {m.group(1)} of goal {title[:20]} has no 取組項目")
        return None
    target_text = cell_text(values.get("数値目標", "")) or None
    final = cell_text(values.get("期末報告", "")) or None
    mid = cell_text(values.get("中間報告", "")) or None
    paired = targets_and_results(target_text, final, fiscal_year, mid) if target_text else []
    targets = tuple(target for target, _ in paired)
    in_targets = [{at for target, used in paired for k, at in used if k == report} for report in (0, 1)]
    for report, (label, cell) in enumerate((("期末報告", final), ("中間報告", mid))):
        if not cell:
            continue
        where = f"{label} of goal {title[:20]} action {m.group(1)}"
        found, _tally = stated_numbers(
            reader, cell, where=where, kind="result", year=fiscal_year, first=no, last=no,
            used=in_targets[report],
        )  # fmt: skip
        indicators.extend(found)
    return Action(
        number=number,
        text=text,
        span=reader.span(no),
        deadline=cell_text(values.get("期間・期限", "")) or None,
        target_text=target_text,
        mid_report=mid,
        final_report=final,
        targets=targets,
    )


def _by_header(rest: list[str], offset: int, header: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for field in _FIELDS:
        position = next((k for k, h in enumerate(header) if h.startswith(field)), None)
        if position is None:
            continue
        k = position - offset
        if field == "取組項目":
            values[field] = rest[0] or (rest[k] if 0 <= k < len(rest) else "")
        elif 0 <= k < len(rest):
            values[field] = rest[k]
    return values


BLOCK_READERS: dict[str, BlockReader] = {"ueda_kanri_actions": read_actions}

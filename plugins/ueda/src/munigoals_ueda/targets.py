"""Numeric targets in 数値目標 / 期限・数値目標等 text, and their results in a year-end report.

A target is a number with a unit of count (``24回以上``, ``100件以上``, ``6.5%``, ``30品の増``); months,
days and years are deadlines, not targets. The result is matched cautiously, and left empty where the
match is uncertain:

1. the report is narrowed to the same ``(n)`` part as the target, where the target has one;
2. a total (``計 207件``) in the target's unit wins;
3. else a number whose label matches the target's label (``交付率`` ~ ``交付枚数率``: same first two
   characters and same last character);
4. else the only number in the target's unit.

Where one part holds several targets in the same unit, only a matching label is taken.
"""

from __future__ import annotations

import re

import attrs

from munigoals.japanese import normalize, parse_number
from munigoals.model import ActionTarget, Comparator, Quantity, Target

__all__ = ["TARGET_UNITS", "extract_targets"]

#: Units that count something (a number with one of these is a target).
TARGET_UNITS = (
    "千円", "万円", "億円", "円", "%", "回", "件", "品", "人", "名", "社", "講座", "公演", "校", "団体",
    "事業", "か所", "箇所", "カ所", "枚", "冊", "組", "分野", "地域", "点", "路線",
)  # fmt: skip
_UNIT = "|".join(re.escape(u) for u in sorted(TARGET_UNITS, key=len, reverse=True))
_TARGET = re.compile(
    rf"(?<![A-Za-z\d.,])(\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*({_UNIT})\s*(以上|以下|未満|超|の増)?"
)
_PART_MARK = re.compile(r"\((\d+)\)")
_SEGMENT = re.compile(r"(?:^|\s)(?=\(\d+\)|・)")
_LABEL_SPLIT = re.compile(r"[\s、,。:;：；()（）【】\[\]「」・]")
_COMPARATORS = {
    "以上": Comparator.GE,
    "以下": Comparator.LE,
    "未満": Comparator.LT,
    "超": Comparator.GT,
    "の増": Comparator.GE,
}


@attrs.frozen
class _Found:
    value: float
    unit: str
    comparator: Comparator
    label: str
    total: bool
    text: str


def _label_before(text: str, start: int) -> str:
    before = text[:start].rstrip()
    return _LABEL_SPLIT.split(before)[-1] if before else ""


def _numbers(text: str) -> list[_Found]:
    found = []
    for m in _TARGET.finditer(text):
        value = parse_number(m.group(1))
        if value is None or text[m.end() :].lstrip().startswith("→"):
            continue  # "14,600人→15,600人": the number before the arrow is where it starts from
        label = _label_before(text, m.start())
        total = text[: m.start()].rstrip().endswith(("計", "合計"))
        comparator = _COMPARATORS.get(m.group(3) or "", Comparator.EQ)
        found.append(_Found(value, m.group(2), comparator, label, total, m.group(0)))
    return found


def _parts(report: str) -> dict[str, str]:
    """The ``(n)`` parts of a report (empty when it has none)."""
    marks = list(_PART_MARK.finditer(report))
    parts: dict[str, str] = {}
    for k, mark in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(report)
        parts.setdefault(mark.group(1), report[mark.end() : end])
    return parts


def _labels_match(target: str, reported: str) -> bool:
    if not target or not reported:
        return False
    if target == reported or reported.endswith(target) or target.endswith(reported):
        return len(min(target, reported, key=len)) >= 2
    return len(target) >= 2 and reported[:2] == target[:2] and reported[-1] == target[-1]


def _achieved(target: Target, actual: float) -> bool | None:
    if target.value is None:
        return None
    return {
        Comparator.GE: actual >= target.value,
        Comparator.EQ: actual >= target.value,  # a level to reach
        Comparator.GT: actual > target.value,
        Comparator.LE: actual <= target.value,
        Comparator.LT: actual < target.value,
    }[target.comparator]


def _match(found: _Found, siblings: list[_Found], scope: str) -> float | None:
    candidates = [c for c in _numbers(scope) if c.unit == found.unit]
    labelled = [c for c in candidates if _labels_match(found.label, c.label)]
    if len([s for s in siblings if s.unit == found.unit]) > 1:
        # several targets in one unit share the part: only a matching label tells them apart
        return labelled[0].value if len(labelled) == 1 else None
    totals = [c for c in candidates if c.total]
    if len(totals) == 1:
        return totals[0].value
    if len(labelled) == 1:
        return labelled[0].value
    if len(candidates) == 1:
        return candidates[0].value
    return None


def extract_targets(
    target_text: str, final_report: str | None, fiscal_year: int | None
) -> list[ActionTarget]:
    """Numeric targets of an action, each with its year-end result where the report states it."""
    text = normalize(target_text)
    report = normalize(final_report or "")
    report_parts = _parts(report)
    out: list[ActionTarget] = []
    for segment in _SEGMENT.split(text):
        segment = segment.strip().lstrip("・ ").strip()
        if not segment:
            continue
        mark = _PART_MARK.match(segment)
        item = segment[mark.end() :].strip() if mark else segment
        found = _numbers(item)
        scope = report_parts.get(mark.group(1), report) if mark and report_parts else report
        for target_found in found:
            unit = target_found.unit
            note = "増加" if target_found.text.endswith("の増") else None
            target = Target(
                target_found.value, target_found.comparator, fiscal_year, target_found.text, unit, note
            )
            actual_value = _match(target_found, found, scope) if scope else None
            actual = (
                Quantity(actual_value, f"{actual_value:g}{unit}", unit, fiscal_year)
                if actual_value is not None
                else None
            )
            achieved = _achieved(target, actual_value) if actual_value is not None else None
            out.append(ActionTarget(item, target, actual, achieved))
    return out

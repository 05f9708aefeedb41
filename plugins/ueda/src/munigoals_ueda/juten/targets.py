"""Numeric targets in 数値目標 / 期限・数値目標等 text, and their results in a year-end report.

A target is a quantity with a unit of count, read by the SDK's grammar
(:func:`munigoals.sdk.find_quantities`: ``24回以上``, ``100件以上``, ``6.5%``, ``30品の増``, ``2～3回``,
``週2回``); months, days and years are deadlines, not targets. The result is matched cautiously, and
left empty where the match is uncertain:

1. the report is narrowed to the same ``(n)`` part as the target, where the target has one;
2. a total (``計 207件``) in the target's unit wins;
3. else a number whose label matches the target's label (``交付率`` ~ ``交付枚数率``: same first two
   characters and same last character);
4. else the only number in the target's unit.

Where one part holds several targets in the same unit, only a matching label is taken.
"""

from __future__ import annotations

import re

from munigoals.sdk import ActionTarget, Comparator, Found, Quantity, Target, find_quantities, normalize

__all__ = ["extract_targets"]

_PART_MARK = re.compile(r"\((\d+)\)")
_SEGMENT = re.compile(r"(?:^|\s)(?=\(\d+\)|・)")


def _numbers(text: str) -> list[tuple[Found, bool]]:
    """The quantities of ``text``, each with whether it is a total (``計 207件``)."""
    norm = normalize(text)
    return [(f, norm[: f.start].rstrip().endswith(("計", "合計"))) for f in find_quantities(norm)]


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


def _match(found: Found, siblings: list[Found], scope: str) -> float | None:
    numbers = [(c, total) for c, total in _numbers(scope) if c.unit == found.unit]
    candidates = [c for c, _ in numbers]
    labelled = [c for c in candidates if _labels_match(found.label, c.label)]
    if len([s for s in siblings if s.unit == found.unit]) > 1:
        # several targets in one unit share the part: only a matching label tells them apart
        return labelled[0].value if len(labelled) == 1 else None
    totals = [c for c, total in numbers if total]
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
        found = [f for f, _ in _numbers(item)]
        scope = report_parts.get(mark.group(1), report) if mark and report_parts else report
        for target_found in found:
            unit = target_found.unit
            note = "増加" if target_found.change else None
            target = Target(
                target_found.value, target_found.comparator, fiscal_year, target_found.text, unit, note,
                target_found.value_max, target_found.frequency, target_found.change,
            )  # fmt: skip
            actual_value = _match(target_found, found, scope) if scope else None
            actual = (
                Quantity(actual_value, f"{actual_value:g}{unit}", unit, fiscal_year)
                if actual_value is not None
                else None
            )
            achieved = _achieved(target, actual_value) if actual_value is not None else None
            out.append(ActionTarget(item, target, actual, achieved))
    return out

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

Where one part holds several targets in the same unit, only a matching label is taken: a number whose
label is exactly a target's (without 等 and の: ``定住自立圏での婚活セミナー等`` ~ ``定住自立圏婚活セミナー``)
is that target's and no other's, and a lone total (``計 9回``) goes to the one target that no label
names. Labels match when one is the other's end or start (``全体会`` ~ ``書面やオンラインによる全体会``,
``丸子`` ~ ``丸子地区``). A number of what is still planned (``1回を開催予定``) is not a result.
A status word (中止, 延期) counts for a target only where the report names it just before the word,
or where the part is about that target alone.
"""

from __future__ import annotations

import functools
import re

import attrs

from munigoals.sdk import (
    ActionTarget,
    Comparator,
    DocumentReader,
    Found,
    Indicator,
    IndicatorKind,
    Quantity,
    Target,
    each_items,
    find_quantities,
    normalize,
)

__all__ = ["extract_targets", "reported_results"]

_PART_MARK = re.compile(r"\((\d+)\)")
_SEGMENT = re.compile(r"(?:^|\s)(?=\(\d+\)|・)")


_PLANNED = re.compile(r"^[^、。\s]*予定")
_SENTENCE_END = re.compile(r"[。]")
_ETC = re.compile(r"(?:等|など)$")
_TOTAL_SUFFIX = re.compile(r"(?:を|は)?計$")
_DIGIT = re.compile(r"\d")
_WORD_AFTER = re.compile(r"[^\s、。,:()0-9及]*")


def _numbers(text: str) -> tuple[tuple[Found, bool], ...]:
    """The quantities of ``text``, each with whether it is a total (``計 207件``). A number of what is
    still planned (``セミナー1回を開催予定``) is not a result and is left out."""
    return _numbers_of(normalize(text))


@functools.lru_cache(maxsize=4096)
def _numbers_of(norm: str) -> tuple[tuple[Found, bool], ...]:
    return tuple(
        (f, norm[: f.start].rstrip().endswith(("計", "合計")))
        for f in find_quantities(norm)
        if not _PLANNED.match(norm[f.end :])
    )


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
    if (
        target == reported
        or reported.endswith(target)
        or target.endswith(reported)
        or reported.startswith(target)  # 丸子 ~ 丸子地区
        or target.startswith(reported)
    ):
        return len(min(target, reported, key=len)) >= 2
    return len(target) >= 2 and reported[:2] == target[:2] and reported[-1] == target[-1]


def _achieved(target: Target, actual: float) -> bool | None:
    """Whether a result meets a target: by its comparator; a plain target is a level to reach, and a
    target of 0 (待機児童0人) is met by 0 alone. A rate (週2回) is not compared with a total."""
    if target.value is None or target.frequency is not None:
        return None
    if target.comparator == Comparator.EQ and target.value == 0:
        return actual == 0
    return {
        Comparator.GE: actual >= target.value,
        Comparator.EQ: actual >= target.value,  # a level to reach
        Comparator.GT: actual > target.value,
        Comparator.LE: actual <= target.value,
        Comparator.LT: actual < target.value,
    }[target.comparator]


_CANCELLED = re.compile(r"中止|未実施|見送")
_POSTPONED = re.compile(r"延期")


def _status(scope: str, value: float | None, name: str, alone: bool) -> str | None:
    """What a report says of a target: ``reported`` (a result), ``cancelled`` (中止, 未実施, 見送り),
    ``postponed`` (延期), or ``None`` where it says nothing certain of it. A status word counts only
    where the report's part is about this target alone and states no number, or where it follows the
    target's name earlier in the same sentence with no number between (``フェスタやフォーラム等については、
    コロナ禍のため中止``): a status is never guessed from another item's."""
    if value is not None:
        return "reported"
    for pattern, status in ((_CANCELLED, "cancelled"), (_POSTPONED, "postponed")):
        for word in pattern.finditer(scope):
            clause = _SENTENCE_END.split(scope[: word.start()])[-1]  # the sentence up to the word
            if alone or (len(name) >= 2 and name in clause and not _numbers(clause[clause.rfind(name) :])):
                return status
    return None


def _core(label: str) -> str:
    """A label without 等 and の: 定住自立圏での婚活セミナー等 ~ 定住自立圏婚活セミナー."""
    return _ETC.sub("", label).replace("での", "").replace("の", "")


def _match(found: Found, siblings: list[Found], scope: str) -> float | None:
    numbers = [(c, total) for c, total in _numbers(scope) if c.unit == found.unit]
    candidates = [c for c, _ in numbers]
    same_unit = [s for s in siblings if s.unit == found.unit]
    if len(same_unit) > 1:
        # several targets in one unit share the part: only a matching label tells them apart. A
        # number whose label is exactly another target's is that target's (定住自立圏婚活セミナー1回 is not
        # the 婚活セミナー等's), and a lone total (計 9回) is the one target no label matches.
        exact = [c for c in candidates if _core(c.label) and _core(c.label) == _core(found.label)]
        if len(exact) == 1:
            return exact[0].value
        others = {_core(s.label) for s in same_unit if s.start != found.start} - {""}
        free = [c for c, total in numbers if _core(c.label) not in others]
        labelled = [c for c in free if _labels_match(found.label, c.label)]
        if len(labelled) == 1:
            return labelled[0].value
        named = [
            s
            for s in same_unit
            if any(_labels_match(s.label, c.label) or _core(s.label) == _core(c.label) for c in candidates)
        ]
        unmatched = [s for s in same_unit if s not in named]
        totals = [c for c, total in numbers if total and _core(c.label) not in others]
        if [s.start for s in unmatched] == [found.start] and len(totals) == 1 and not labelled:
            return totals[0].value
        return None
    labelled = [c for c in candidates if _labels_match(found.label, c.label)]
    totals = [c for c, total in numbers if total]
    if len(totals) == 1:
        return totals[0].value
    if len(labelled) == 1:
        return labelled[0].value
    if len(candidates) == 1:
        return candidates[0].value
    return None


def extract_targets(
    target_text: str, final_report: str | None, fiscal_year: int | None, mid_report: str | None = None
) -> list[ActionTarget]:
    """Numeric targets of an action, each with its year-end and mid-year results where the reports state
    them (or their status: cancelled, postponed). A 各 target (``講演会、交流会各1回``) is one target
    for each item it names."""
    text = normalize(target_text)
    reports = [normalize(final_report or ""), normalize(mid_report or "")]
    parts = [_parts(report) for report in reports]
    out: list[ActionTarget] = []
    for segment in _SEGMENT.split(text):
        segment = segment.strip().lstrip("・ ").strip()
        if not segment:
            continue
        mark = _PART_MARK.match(segment)
        item = segment[mark.end() :].strip() if mark else segment
        found = [f for f, _ in _numbers(item)]
        scopes = [
            part.get(mark.group(1), report) if mark and part else report
            for report, part in zip(reports, parts, strict=True)
        ]
        for target_found in found:
            unit = target_found.unit
            note = "増加" if target_found.change else None
            target = Target(
                target_found.value, target_found.comparator, fiscal_year, target_found.text, unit, note,
                target_found.value_max, target_found.frequency, target_found.change,
            )  # fmt: skip
            names = each_items(target_found.label) if target_found.each else [item]
            several = len(found) > 1 and not target_found.each
            # a status word counts for a target its report names (首長会議は中止), never for a neighbour
            label = target_found.label
            usable = len(label) >= 2 and not _numbers(label)  # not "返礼品30品の増", another target
            status_name = name_of = label if usable else ""
            for name in names:
                asked = attrs.evolve(target_found, label=name) if target_found.each else target_found
                values = [_match(asked, found, scope) if scope else None for scope in scopes]
                results = [
                    Quantity(v, f"{v:g}{unit}", unit, fiscal_year) if v is not None else None for v in values
                ]
                achieved = _achieved(target, values[0]) if values[0] is not None else None
                alone = [
                    len(found) == 1 and not target_found.each and not _numbers(scope) for scope in scopes
                ]
                if target_found.each:
                    status_name = name
                    shown = f"{name} {target_found.text}"
                elif several and name_of:  # several numbers on one line: each item names what it counts
                    shown = f"{name_of} {target_found.text}"
                else:
                    shown = name
                out.append(
                    ActionTarget(
                        shown,
                        target,
                        results[0],
                        achieved,
                        actual_status=_status(scopes[0], values[0], status_name, alone[0]),
                        mid=results[1],
                        mid_status=_status(scopes[1], values[1], status_name, alone[1]),
                    )
                )
    return out


def reported_results(
    reader: DocumentReader, report: str, action: str, where: str, year: int | None, first: int, last: int
) -> list[Indicator]:
    """The numbers a 達成状況 cell reports (上田リバーズ会議共催7回), each an observed value of the
    results year on the line where it stands, named by the words before it. The sheet states no
    target for them; where the words before a number are another number or a date (``4件
    11,200千円``), it is named after that one, or after the action."""
    out: list[Indicator] = []
    names: list[str] = []
    norm = normalize(report)
    found = find_quantities(norm)
    for k, quantity in enumerate(found):
        label = _TOTAL_SUFFIX.sub("", quantity.label)  # 上田未来会議を計2回 counts 上田未来会議
        if len(label) >= 4 and not _DIGIT.search(label):
            name = label
        elif len(label) >= 2 and not _DIGIT.search(label):
            # a short word needs the words after the number too: 公開中の5分野のデータ更新済
            after = _WORD_AFTER.match(norm[quantity.end :])
            name = f"{label} {quantity.text}{after.group(0) if after else ''}"
        elif k and names and not label and quantity.unit and quantity.unit.endswith("円"):
            # an amount right after a count is what that count cost
            previous = found[k - 1].text
            # 地方創生応援税制 4件 11,200千円: the 11,200千円 is named 地方創生応援税制 4件
            name = names[-1] if names[-1].endswith(previous) else f"{names[-1]} {previous}"
        else:
            name = action if len(action) <= 30 else action[:30] + "…"
        names.append(name)
        line = next(
            (
                no
                for no in range(first, last + 1)
                if quantity.text.replace(" ", "") in reader.line(no).norm.replace(" ", "")
            ),
            None,
        )
        if line is None:
            reader.issue(first, f"{where}: result {quantity.text} not found on the goal's lines; not read")
            continue
        out.append(
            Indicator(
                name=name,
                kind=IndicatorKind.OBSERVED,
                category=None,
                unit=quantity.unit,
                baseline=None,
                target=None,
                span=reader.span(line),
                actuals=(Quantity(quantity.value, quantity.text, quantity.unit, year),),
                footnotes=(f"達成状況 ({where}): a reported result; the sheet states no target for it",),
            )
        )
    return out

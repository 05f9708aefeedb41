"""What a target asks for and how far a result got: every comparison metric, defined once.

Each row of a comparison (``munigoals compare``, :func:`munigoals.api.compare`, the charts) is judged
here, by :func:`judge`, against the concept's **polarity** (is higher better?) and the target's
**comparator** — never by the arithmetic alone:

``target_kind``
    ``level``: a value to reach (``=``). ``ceiling``: a limit the measure must stay under or at
    (未満 ``<``, 以下 and 以内 ``<=``). ``floor``: a limit it must stay above or at (超 ``>``, 以上
    ``>=``). A limit is a limit on either polarity, met or not met by the baseline: 実質公債費比率
    5.6% → 6.5%以内 is a ceiling already met (headroom 0.9 pt), never a planned rise of debt;
    自治会加入率 83.6% → 80.0%以上 a floor already met, never a planned decline.
``already_met``
    For a ceiling or floor: whether the baseline already satisfies it (a permissive ceiling on debt
    is not a plan to raise debt). A limit the baseline does not yet meet (受診率 45.2% → 60.0%以上)
    asks for the way to it, with progress and grade like a level.
``improvement_needed``
    The change the target asks for, signed so that **positive is an improvement** by the polarity:
    ``target − baseline`` when higher is better, ``baseline − target`` when lower is better; 0 for a
    ceiling or floor already met.
``improvement_per_year``
    ``improvement_needed`` / years spanned, in the indicator's unit; for rates (unit ``%``) in
    **percentage points** (``improvement_unit`` is ``pt``).
``improvement_pct_per_year``
    The compound change a year, ``((target / baseline) ^ (1 / years) − 1) × 100``, signed by the
    polarity; only for counts and amounts, never for rates.
``target_against_polarity``
    A level target that moves against the polarity (a managed decline of a higher-is-better
    measure). Such a target is judged met or not met by its comparator, not by progress.
``headroom``
    For a ceiling, how far below it the baseline stands (``target − baseline``); for a floor, how far
    above it (``baseline − target``). Negative where the baseline breaks the limit.
``progress_rate``
    One formula: ``(actual − baseline) / (target − baseline)`` for level targets, and for limits the
    baseline does not yet meet, with a baseline (sign-aware, so it works for lower-is-better
    measures); 1 or more means the target is reached. Limits already met and targets without a
    baseline are judged ``target_met`` by the comparator.
``grade``
    From the same numbers (:data:`GRADES`): **S** target reached; **A** better than the baseline by
    more than 10 %; **B** within ±10 % of the baseline; **C** worse by more than 10 %; **−** cannot
    be judged. "Better" and "worse" follow the polarity.

A 重点目標's action target is met or not by :func:`result_meets_target`, the same rule read for one
year's result, in the targets table (``achieved``: by the way the target's words state, ``10件に削減``
down, else higher counts better) and in a comparison (``target_met``: by that stated way, else the
concept's polarity) alike: a change by a change the same way at least as large, a yearly
rate by the year's total, never a weekly or monthly rate by a total; an approximate target
(``年7回程度``, ``約300人``) is met by a result that meets its number, and one short of it is not
judged (``metric_note`` says why).

Where a value cannot be computed (no baseline, missing years, a baseline year after the target year,
division by zero, a number out of range) it is left empty and ``metric_note`` says why: no metric is
ever NaN or Infinity.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from munigoals.quantities import comparator_code

__all__ = [
    "GRADES",
    "GRADE_BAND",
    "METRIC_COLUMNS",
    "TARGET_KINDS",
    "effective_polarity",
    "grade_legend",
    "judge",
    "result_meets_target",
    "satisfies",
    "target_kind",
]

#: Target kinds (see the module documentation); ``change``: an increase asked for (``30品の増``,
#: ``1分野の追加``), not a level, with no comparator stated.
TARGET_KINDS = ("level", "ceiling", "floor", "change")
#: The grade bands: "better" or "worse" than the baseline by more than this share of it.
GRADE_BAND = 0.10
#: Each grade letter and what it means, in Japanese and English.
GRADES: dict[str, tuple[str, str]] = {
    "S": ("目標達成", "target reached"),
    "A": ("基準値より10%超改善", "better than the baseline by more than 10 %"),
    "B": ("基準値の±10%以内", "within ±10 % of the baseline"),
    "C": ("基準値より10%超悪化", "worse than the baseline by more than 10 %"),
    "−": ("判定できない", "cannot be judged"),
}

#: The metric columns :func:`judge` returns, in order.
METRIC_COLUMNS = (
    "years_spanned",
    "target_kind",
    "already_met",
    "improvement_needed",
    "improvement_unit",
    "improvement_per_year",
    "improvement_pct_per_year",
    "target_against_polarity",
    "headroom",
    "target_met",
    "progress_rate",
    "grade",
    "metric_note",
)


def grade_legend(lang: str = "en") -> str:
    """One line saying what each grade letter means (for table footers and chart legends)."""
    index = 0 if lang == "ja" else 1
    return "; ".join(f"{letter} {meaning[index]}" for letter, meaning in GRADES.items())


def _sign(polarity: str | None) -> int | None:
    return {"higher_is_better": 1, "lower_is_better": -1}.get(polarity or "")


def target_kind(comparator: str | None, polarity: str | None) -> str:
    """``level``, ``ceiling`` or ``floor`` for a comparator (a code, ``lt``, or a symbol of an older
    file, ``<``) on a measure of this polarity.

    A limit is a limit whatever the polarity: 以内, 以下 and 未満 (``le``, ``lt``) are ceilings, 以上 and
    超 (``ge``, ``gt``) floors, met or not met by the baseline; only a value to reach (``eq``) is a level.
    ``polarity`` is kept for callers: it decides what a limit asks for, not what it is."""
    code = comparator_code(comparator)
    if code in ("lt", "le"):
        return "ceiling"
    if code in ("gt", "ge"):
        return "floor"
    return "level"


def satisfies(value: float, target: float, comparator: str | None, polarity: str | None) -> bool:
    """Whether ``value`` meets ``target``: by the comparator, and for ``eq`` by the polarity (a level
    on a higher-is-better measure is met at or above it)."""
    code = comparator_code(comparator)
    if code == "lt":
        return value < target
    if code == "le":
        return value <= target
    if code == "gt":
        return value > target
    if code == "ge":
        return value >= target
    sign = _sign(polarity)
    if sign == 1:
        return value >= target
    if sign == -1:
        return value <= target
    return value == target


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def judge(row: Mapping[str, Any]) -> dict[str, Any]:
    """The metrics of one comparison row (see the module documentation).

    ``row`` needs ``baseline_value``, ``baseline_year``, ``target_value``, ``target_year``,
    ``target_comparator``, ``actual_value``, ``polarity`` and ``unit``; and where the target states
    them, ``frequency`` (``per_week`` …), ``target_change`` (``30品の増``) and ``target_approximate``
    (the word: ``程度``, ``約``). A result without a baseline (an action target's), or against a rate or
    a change, is met or not by :func:`result_meets_target`; an approximate target a result falls short
    of is not judged. Returns the :data:`METRIC_COLUMNS`; every float is finite or ``None``.
    """
    base = _finite(row.get("baseline_value"))
    target = _finite(row.get("target_value"))
    actual = _finite(row.get("actual_value"))
    by, ty = row.get("baseline_year"), row.get("target_year")
    cmp, polarity, unit = row.get("target_comparator"), row.get("polarity"), row.get("unit")
    notes: list[str] = []
    sign = _sign(polarity)
    rate = unit == "%"

    years: int | None = None
    if base is not None and target is not None:
        if by is None or ty is None:
            notes.append(f"{'baseline' if by is None else 'target'} year not stated: no change per year")
        elif ty <= by:
            notes.append(f"baseline year {by} is not before the target year {ty}: no change per year")
        else:
            years = ty - by

    change = bool(row.get("target_change"))  # 30品の増, 10%削減: by how much, a kind of its own
    kind = ("change" if change else target_kind(cmp, polarity)) if target is not None else None
    already_met: bool | None = None
    headroom: float | None = None
    if kind in ("ceiling", "floor") and base is not None and target is not None:
        already_met = satisfies(base, target, cmp, polarity)
        headroom = _finite(target - base if kind == "ceiling" else base - target)

    needed: float | None = None
    if target is None:
        notes.append("no target value")
    elif base is None:
        notes.append("no baseline: judged met / not met only")
    elif sign is None:
        notes.append("no direction of improvement (polarity within a band)")
    elif already_met:
        needed = 0.0
    else:
        needed = _finite(sign * (target - base))
    against = kind == "level" and needed is not None and needed < 0
    if against:
        notes.append(
            "the target moves against the concept's polarity (a planned decline): judged by comparator"
        )

    per_year = _finite(needed / years) if needed is not None and years else None
    pct: float | None = None
    if needed is not None and years and not rate:
        if already_met:
            pct = 0.0
        elif base is not None and target is not None and base > 0 and target > 0:
            try:
                pct = _finite(sign * ((target / base) ** (1 / years) - 1) * 100) if sign else None
            except OverflowError:
                pct = None
        else:
            notes.append("compound % needs a positive baseline and target")

    met: bool | None = None
    progress: float | None = None
    frequency = row.get("frequency") or None
    approximate = row.get("target_approximate") or ""
    if actual is not None and target is not None and (base is None or change or frequency):
        # one year's result against what the target asks (a 重点目標's): by the one rule of met
        met = result_meets_target(
            actual, target, cmp, polarity, change=change, frequency=frequency, approximate=bool(approximate)
        )
        if met is None:
            notes.append(_unjudged(frequency, approximate))
    elif actual is not None and target is not None:
        # a limit (以上, 以下) the baseline does not meet yet is a way to go, judged like a level
        towards = kind == "level" or (
            already_met is False
            and comparator_code(cmp) in ("le", "ge")
            and needed is not None
            and needed > 0
        )
        if towards and base is not None and not against and target != base:
            progress = _finite((actual - base) / (target - base))
            met = progress >= 1 if progress is not None else satisfies(actual, target, cmp, polarity)
        else:
            if kind == "level" and base is not None and target == base:
                notes.append("target equals the baseline: no progress rate")
            met = satisfies(actual, target, cmp, polarity)
        if approximate and met is False:  # 約300人 met by 290? not judged, as result_meets_target says
            met = None
            notes.append(_unjudged(None, approximate))
    grade = "−"
    if met:
        grade = "S"
    elif met is False and base is not None and base != 0 and sign is not None and actual is not None:
        better = sign * (actual - base) / abs(base)
        grade = "A" if better > GRADE_BAND else "B" if better >= -GRADE_BAND else "C"

    return {
        "years_spanned": years,
        "target_kind": kind,
        "already_met": already_met,
        "improvement_needed": needed,
        "improvement_unit": ("pt" if rate else unit) if needed is not None else None,
        "improvement_per_year": per_year,
        "improvement_pct_per_year": pct,
        "target_against_polarity": against if kind == "level" and needed is not None else None,
        "headroom": headroom,
        "target_met": met,
        "progress_rate": progress,
        "grade": grade,
        "metric_note": "; ".join(notes) or None,
    }


def _unjudged(frequency: str | None, approximate: str) -> str:
    """Why a result is not judged against its target (:func:`result_meets_target` says ``None``)."""
    if frequency not in (None, "per_year"):
        return f"the target is a rate ({frequency}): a year's result is not judged against it"
    if approximate:
        return f"an approximate target ({approximate}): a result short of it is not judged"
    return "the result cannot be judged against the target"


#: The polarity a plan's stated direction gives (維持, keep, gives none: the concept's stands).
DIRECTION_POLARITY = {"increase": "higher_is_better", "decrease": "lower_is_better"}


def effective_polarity(direction: str | None, polarity: str | None) -> tuple[str | None, str | None]:
    """The polarity a row is judged by, and a note: the plan's stated direction (増加を目指す: increase,
    減少を目指す: decrease) comes before the concept's polarity; where the two disagree, the stated one
    is used and the note says so. ``keep`` (維持) leaves the concept's polarity, with a note."""
    if direction is None:
        return polarity, None
    stated = DIRECTION_POLARITY.get(direction)
    if stated is None:
        return polarity, f"the plan states {direction}: judged by the concept's polarity"
    if polarity is not None and polarity != stated:
        return stated, (
            f"the plan states {direction}, against the concept's {polarity}: judged by the plan's direction"
        )
    return stated, None


def result_meets_target(
    actual: float,
    target: float,
    comparator: str | None,
    polarity: str | None = None,
    *,
    change: bool = False,
    frequency: str | None = None,
    approximate: bool = False,
) -> bool | None:
    """Whether a reported result meets a target of one year's plan (a 重点目標's ``2回以上``), by the
    one definition of met (:func:`satisfies`); ``None`` where it cannot be judged.

    ``polarity`` is the one the row is judged by: the way the target's words state (``10件に削減``:
    lower-is-better), else the concept's in a comparison; without either (the targets table knows no
    concept) a count is higher-is-better, and a target of 0 (``待機児童0人``) is met by 0 alone. A
    change (``30品の増``, ``10%削減``) is met by a reported change the same way at least as large, or
    as its bound says (``5件以内の増加``: at most 5): both are amounts, and which reported numbers are a
    change the target's way is the reader's to say (:mod:`munigoals.reports.targets` takes no level as
    a change's result). A yearly rate (``年2回``) is
    compared with the year's total; a weekly or monthly rate (``週2回``) is never compared with a total.
    An ``approximate`` target (``年7回程度``, ``約300人``)
    is met by a result that meets its number; one short of it is not judged (6回 may be about 7).
    """
    if not (math.isfinite(actual) and math.isfinite(target)):
        return None
    if frequency not in (None, "per_year"):
        return None
    known = polarity is not None
    polarity = polarity if known else "higher_is_better"
    if change:  # amounts of change the target's way, whichever that is: as large at least, or as stated
        met = (
            actual >= target
            if comparator_code(comparator) in (None, "eq")
            else satisfies(actual, target, comparator, None)
        )
    elif not known and comparator_code(comparator) in (None, "eq") and target == 0:
        met = actual == 0  # 待機児童0人: a count of what a plan wants none of
    else:
        met = satisfies(actual, target, comparator, polarity)
    return None if approximate and met is False else met

"""Properties of the comparison metrics over random rows: the metric means what a reader takes it to mean."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munigoals.metrics import (
    GRADES,
    METRIC_COLUMNS,
    grade_legend,
    judge,
    result_meets_target,
    satisfies,
    target_kind,
)

values = st.one_of(
    st.none(),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
    st.floats(allow_nan=False, allow_infinity=False),  # the extremes, up to ±1.8e308
    st.integers(min_value=0, max_value=200).map(float),  # ties with the baseline and zero are common
)
rows = st.fixed_dictionaries(
    {
        "baseline_value": values,
        "target_value": values,
        "actual_value": values,
        "baseline_year": st.one_of(st.none(), st.integers(2000, 2040)),
        "target_year": st.one_of(st.none(), st.integers(2000, 2040)),
        "target_comparator": st.sampled_from(["=", ">=", "<=", "<", ">", "eq", "ge", "le", "lt", "gt", None]),
        "polarity": st.sampled_from(["higher_is_better", "lower_is_better", "within_band"]),
        "unit": st.sampled_from(["%", "人", "件", None]),
    }
)


@settings(max_examples=600, derandomize=True)
@given(rows)
def test_progress_and_grade_agree(row: dict[str, Any]) -> None:
    m = judge(row)
    assert m["grade"] in GRADES
    assert (m["grade"] == "S") == (m["target_met"] is True)
    if m["progress_rate"] is not None:
        assert m["target_kind"] == "level" or m["already_met"] is False
        assert not m["target_against_polarity"]
        assert (m["progress_rate"] >= 1) == (m["grade"] == "S")
    if row["actual_value"] is None:
        assert m["grade"] == "−" and m["progress_rate"] is None


@settings(max_examples=600, derandomize=True)
@given(rows)
def test_improvement_is_positive_exactly_when_the_target_asks_for_improvement(row: dict[str, Any]) -> None:
    m = judge(row)
    base, target, polarity = row["baseline_value"], row["target_value"], row["polarity"]
    if m["improvement_needed"] is None:
        return
    sign = 1 if polarity == "higher_is_better" else -1
    kind = target_kind(row["target_comparator"], polarity)
    limit_met = kind != "level" and satisfies(base, target, row["target_comparator"], polarity)
    asks_for_better = not limit_met and sign * (target - base) > 0
    assert (m["improvement_needed"] > 0) == asks_for_better
    if limit_met:
        assert m["improvement_needed"] == 0 and m["already_met"] is True
    if m["improvement_per_year"] is not None and m["improvement_needed"] != 0:
        assert math.copysign(1, m["improvement_per_year"]) == math.copysign(1, m["improvement_needed"])
    if m["target_against_polarity"]:
        assert kind == "level" and m["improvement_needed"] < 0


@settings(max_examples=600, derandomize=True)
@given(rows)
def test_no_nan_or_infinity_anywhere_and_reasons_given(row: dict[str, Any]) -> None:
    m = judge(row)
    assert tuple(m) == METRIC_COLUMNS
    for value in m.values():
        if isinstance(value, float):
            assert math.isfinite(value)
    json.dumps(m, allow_nan=False)
    if row["unit"] == "%":
        assert m["improvement_pct_per_year"] is None  # rates move in points, never compound %
    if m["improvement_per_year"] is None and m["improvement_needed"] not in (None, 0):
        assert m["metric_note"] or m["years_spanned"] is None


def test_target_kinds_follow_comparator_and_polarity() -> None:
    assert target_kind("<", "lower_is_better") == "ceiling"
    assert target_kind("<=", "lower_is_better") == "ceiling"  # 以内 on debt: a limit, not a plan
    assert target_kind("<=", "higher_is_better") == "ceiling"
    assert target_kind(">=", "higher_is_better") == "floor"
    assert target_kind(">=", "lower_is_better") == "floor"
    assert target_kind(">", "higher_is_better") == "floor"
    assert target_kind("=", "lower_is_better") == "level"


def test_grade_legend_says_what_each_letter_means() -> None:
    legend = grade_legend("en")
    assert "S target reached" in legend and "B within ±10 % of the baseline" in legend
    assert "S 目標達成" in grade_legend("ja")


@pytest.mark.parametrize(
    ("actual", "target", "comparator", "change", "frequency", "met"),
    [
        (5, 2, "=", False, "per_year", True),  # 全体会を5回 against 年2回: the year's total
        (1, 2, "=", False, "per_year", False),  # 真田(1回) against 年2回
        (7, 1, "=", False, "per_month", None),  # a monthly rate is never compared with a total
        (3, 2, ">=", False, None, True),
        (22.6, 15.5, "=", False, None, True),  # a level reached
        (91, 30, "=", True, None, True),  # 91品追加 against 30品の増: a change asked, a change made
        (0, 0, "=", False, None, True),
        (1, 0, "=", False, None, False),  # 待機児童0人 is met by 0 alone
        (math.inf, 2, ">=", False, None, None),
    ],
)
def test_one_definition_of_met_for_a_result(actual, target, comparator, change, frequency, met) -> None:  # type: ignore[no-untyped-def]
    assert result_meets_target(actual, target, comparator, change=change, frequency=frequency) is met


def test_a_target_of_zero_is_met_by_zero_alone_only_where_no_polarity_is_known() -> None:
    """The targets table knows no concept: 待機児童0人 is met by 0 alone. A comparison knows the
    concept's polarity, and judges by it."""
    assert result_meets_target(1, 0, "eq") is False
    assert result_meets_target(1, 0, "eq", "higher_is_better") is True
    assert result_meets_target(1, 0, "eq", "lower_is_better") is False
    assert result_meets_target(0, 0, "eq", "lower_is_better") is True


@pytest.mark.parametrize(
    ("actual", "target", "comparator", "met"),
    [
        (7, 7, "=", True),  # 年7回程度 and 7 held
        (9, 7, "=", True),
        (6, 7, "=", None),  # 6 may be about 7: not judged
        (8, 10, "<=", True),  # 約10件以下, 8 reported: met
        (12, 10, "<=", None),
    ],
)
def test_an_approximate_target_is_met_by_its_number_and_not_judged_short_of_it(
    actual, target, comparator, met
) -> None:  # type: ignore[no-untyped-def]
    assert result_meets_target(actual, target, comparator, frequency="per_year", approximate=True) is met


def _action_target(actual: float, target: float, **stated: object) -> dict[str, Any]:
    """A comparison row of a 重点目標's action target: no baseline, one year's result."""
    return {
        "baseline_value": None, "baseline_year": None, "target_value": target, "target_year": 2021,
        "target_comparator": "eq", "actual_value": actual, "polarity": "higher_is_better", "unit": "回",
        **stated,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("row", "met", "grade", "why"),
    [
        (_action_target(5, 2, frequency="per_year"), True, "S", None),  # 年2回, 5 held in the year
        (_action_target(40, 1, frequency="per_week"), None, "−", "rate (per_week)"),  # 週1回 vs a total
        (_action_target(6, 7, frequency="per_year", target_approximate="程度"), None, "−", "approximate"),
        (_action_target(7, 7, target_approximate="程度"), True, "S", None),  # 年7回程度, 7 held
        (_action_target(91, 30, target_change=True), True, "S", None),  # 30品の増, 91品 added
        (
            _action_target(11, 15, target_change=True, polarity="lower_is_better"),
            False,
            "−",
            None,
        ),  # 15%削減, 11% cut
        (_action_target(18, 15, target_change=True, polarity="lower_is_better"), True, "S", None),  # 18% cut
        (_action_target(6, 5, target_change=True, target_comparator="le"), False, "−", None),  # 5件以内の増加
        (_action_target(1, 0, polarity="lower_is_better"), False, "−", None),  # 待機児童0人, 1 reported
        (_action_target(1, 0), True, "S", None),  # 社会増減0人 (higher is better): +1 meets it
        (_action_target(5, 2, frequency=""), True, "S", None),  # an empty rate is none
    ],
)
def test_a_comparison_judges_a_result_by_the_one_definition_of_met(
    row: dict[str, Any], met: bool | None, grade: str, why: str | None
) -> None:
    """The comparison's target_met is the targets table's achieved (result_meets_target): a weekly rate
    is never met by a year's total, and a result short of an approximate target is not judged."""
    judged = judge(row)
    assert (judged["target_met"], judged["grade"]) == (met, grade)
    if why is not None:
        assert why in (judged["metric_note"] or "")


def test_a_level_short_of_an_approximate_target_is_not_judged_not_met() -> None:
    row = {
        "baseline_value": 200.0, "baseline_year": 2020, "target_value": 300.0, "target_year": 2025,
        "target_comparator": "eq", "actual_value": 290.0, "polarity": "higher_is_better", "unit": "人",
    }  # fmt: skip
    assert judge(row)["target_met"] is False  # 300人: 290 falls short
    judged = judge({**row, "target_approximate": "約"})  # 約300人: 290 may be about 300
    assert judged["target_met"] is None and judged["progress_rate"] == pytest.approx(0.9)
    assert "approximate target (約)" in judged["metric_note"]
    assert judged["grade"] == "−"

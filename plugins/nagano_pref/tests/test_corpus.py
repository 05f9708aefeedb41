"""長野県's 主要目標 (しあわせ信州創造プラン3.0) read from the real excerpt, every row and field."""

from __future__ import annotations

import munigoals_nagano_pref
import pytest

from conftest import corpus_more_file
from munigoals import PluginHost
from munigoals.api import parse

DOC = "05_nagano-pref_plan3-shuyo-mokuhyo.txt"

# name, unit, baseline (value, year, text), target (value, year, comparator, text), line, calendar-year note
EXPECTED = [
    ("再生可能エネルギー生産量", "万TJ", (2.9, 2020, "2.9万TJ"), (3.7, 2027, "eq", "3.7万TJ"), 22, False),
    ("新築住宅におけるZEHの割合", "%", (None, None, "─"), (90, 2027, "eq", "90%"), 23, False),
    ("民有林における造林面積", "ha", (277, 2021, "277ha"), (1000, 2027, "eq", "1,000ha"), 24, False),
    (
        "災害時要配慮者の「個別避難計画」を作成している市町村の割合",
        "%",
        (44.2, 2022, "44.2% 34市町村 全国41位"),
        (100, 2028, "eq", "100% 77市町村 全国1位"),
        25,
        True,
    ),
    (
        "緊急又は早期に対策が必要な橋梁・トンネルにおける修繕等の措置完了率",
        "%",
        (None, 2021, "橋梁23.0% トンネル75.0%"),
        (100, 2027, "eq", "100%"),
        26,
        False,
    ),
    (
        "公共交通機関利用者数",
        "千人",
        (69077, 2020, "69,077千人"),
        (100000, 2026, "eq", "100,000千人"),
        27,
        False,
    ),
    (
        "健康寿命(日常生活が自立している期間の平均)",
        None,
        (None, 2020, "男性81.1年 全国2位 女性85.2年 全国1位"),
        (None, 2026, None, "全国1位"),  # a rank, not read as a value: no comparator of no value
        28,
        True,
    ),
    (
        "医療施設従事医師数(人口10万人当たり)",
        "人",
        (243.8, 2020, "243.8人"),
        (264.6, 2026, "eq", "264.6人"),
        29,
        True,
    ),
    ("交通事故死者数", "人", (46, 2022, "46人"), (45, 2025, "le", "45人以下"), 30, True),
    # the cut last row: its target '12.2人' has no closing '|' and may be cut: not kept
    ("自殺死亡率(人口10万人当たり)", "人", (16.3, 2021, "16.3人"), None, 31, True),
]


@pytest.fixture(scope="module")
def run():  # type: ignore[no-untyped-def]
    return parse([corpus_more_file(DOC)], host=PluginHost.only(nagano_pref=munigoals_nagano_pref))


def test_every_row_in_every_field(run) -> None:  # type: ignore[no-untyped-def]
    rows = run.tables["indicators"].to_dicts()
    for row, (name, unit, base, target, line, calendar) in zip(rows, EXPECTED, strict=True):
        assert (row["city"], row["city_code"], row["policy_id"]) == ("nagano_pref", "200000", "1")
        assert row["policy_title"] == "持続可能で安定した暮らしを守る"
        assert (row["name"], row["unit"], row["line"], row["last_line"]) == (name, unit, line, line)
        assert (row["baseline_value"], row["baseline_year"], row["baseline_text"]) == base
        got = (row["target_value"], row["target_year"], row["target_comparator"], row["target_text"])
        assert got == (target or (None, None, None, None))
        # 年, not 年度: the year kind says which it was
        assert ("calendar" in (row["baseline_year_kind"], row["target_year_kind"])) == calendar
    assert len(rows) == len(EXPECTED)


def test_the_cut_row_is_reported_with_its_line(run) -> None:  # type: ignore[no-untyped-def]
    issues = {i.span.first_line: i.message for i in run.issues}
    assert "row cut" in issues[31] and "'12.2人' is not whole" in issues[31]
    assert {p.title for p in run.plans} == {"しあわせ信州創造プラン3.0 — 5つの政策の柱と主要目標"}

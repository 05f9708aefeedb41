"""Ueda's 総合計画 layout on sections written for these tests."""

from __future__ import annotations

from pathlib import Path

from munigoals_ueda.sogo_keikaku import sniff_sogo_keikaku

from munigoals import PluginHost
from munigoals.api import parse

SECTIONS = """
# 第2編

## 健康・福祉

### 第1章 健やかに暮らせるまち

2-1-1 健康づくりの推進

2-1-2 地域医療の充実

## 2-1-1 健康づくりの推進

市民が生涯にわたり健康に暮らせるよう取り組みます。

### 現状と課題

- 健診の受診率が伸び悩んでいます。
- 若い世代の運動習慣が課題です。

【健診受診率の推移】

出典：テスト用の作成

### 達成度をはかる指標・目標値

指標の内容	基準値	計画目標(令和12年度)
特定健診の受診率	45.2% (令和5年度)	60.0%以上
健康ポイント事業\\*の参加者数	— (令和8年度開始)	3,000人
がん検診精密検査の未受診率	12.5% (令和6年度決算)	5.0%未満 (令和12年度決算)

## 各主体に期待される主な役割分担

市民	・年に一度は健診を受けます。 ・日常的に体を動かします。
事業者など	<ul style="list-style-type: none"> <li>・従業員の健診受診を促します。</li> <li>・健康経営に取り組みます。</li> </ul>
行政	・受診しやすい体制を整えます。

## 施策の方向性・展開

### 基本施策1 健診の受診促進

- ①受診の案内を工夫します。
- ②休日健診を広げます。

## 主な事業

健診事業 健康ポイント事業

## 関連する主な個別計画

上田市健康づくり計画、上田市データヘルス計画

## 2-1-2 地域医療の充実

かかりつけ医を持つ市民を増やします。

## 各主体に期待される主な役割分担

市民	・かかりつけ医を持ちます。
行政	・救急医療の体制を守ります。
"""


def run_on(text: str, tmp_path: Path, host: PluginHost):  # type: ignore[no-untyped-def]
    path = tmp_path / "sections.md"
    path.write_text(text, encoding="utf-8")
    return parse([path], host=host)


def test_sniffer() -> None:
    assert sniff_sogo_keikaku(SECTIONS) >= 0.5
    assert sniff_sogo_keikaku("施策 35  広聴・広報の充実\n【成果指標】\n") < 0.5


def test_indicators(tmp_path: Path, host: PluginHost) -> None:
    run = run_on(SECTIONS, tmp_path, host)
    assert run.issues == ()
    rows = (
        run.tables["indicators"]
        .select(
            "policy_id",
            "name",
            "unit",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_comparator",
            "target_year",
        )
        .rows()
    )
    assert rows == [
        ("2-1-1", "特定健診の受診率", "%", 45.2, 2023, 60.0, "ge", 2030),
        ("2-1-1", "健康ポイント事業の参加者数", "人", None, None, 3000.0, "eq", 2030),
        ("2-1-1", "がん検診精密検査の未受診率", "%", 12.5, 2024, 5.0, "lt", 2030),
    ]
    notes = run.tables["indicators"]["note"].to_list()
    assert "令和8年度開始" in notes[1] and "用語解説*: 健康ポイント事業" in notes[1]


def test_policies_roles_and_sections(tmp_path: Path, host: PluginHost) -> None:
    run = run_on(SECTIONS, tmp_path, host)
    policies = run.plans[0].policies
    assert [(p.id, p.title) for p in policies] == [("2-1-1", "健康づくりの推進"), ("2-1-2", "地域医療の充実")]
    assert policies[0].parent == ("第2編 健康・福祉", "第1章 健やかに暮らせるまち")
    assert policies[1].indicators == ()  # a section with no indicator table
    roles = run.tables["roles"].filter(run.tables["roles"]["policy_id"] == "2-1-1")
    assert roles.select("actor", "statement").rows() == [
        ("市民", "年に一度は健診を受けます。"),
        ("市民", "日常的に体を動かします。"),
        ("事業者など", "従業員の健診受診を促します。"),
        ("事業者など", "健康経営に取り組みます。"),
        ("行政", "受診しやすい体制を整えます。"),
    ]
    first = policies[0]
    assert first.section("基本施策1 健診の受診促進").items == (
        "① 受診の案内を工夫します。",
        "② 休日健診を広げます。",
    )
    assert first.section("主な事業").items == ("健診事業", "健康ポイント事業")
    assert first.section("関連する主な個別計画").items == ("上田市健康づくり計画", "上田市データヘルス計画")
    assert first.section("図表").items == ("【健診受診率の推移】 (出典:テスト用の作成)",)


def test_unread_table_lines_become_issues(tmp_path: Path, host: PluginHost) -> None:
    broken = SECTIONS.replace(
        "特定健診の受診率\t45.2% (令和5年度)\t60.0%以上", "特定健診の受診率 45.2% 60.0%以上"
    )
    broken = broken.replace("行政\t・救急医療", "行政 ・救急医療")
    run = run_on(broken, tmp_path, host)
    lines = broken.split("\n")
    expected = {
        lines.index("特定健診の受診率 45.2% 60.0%以上") + 1,
        lines.index("行政 ・救急医療の体制を守ります。") + 1,
    }
    assert {issue.span.first_line for issue in run.issues} == expected
    assert len(run.tables["indicators"]) == 2


def test_a_cell_that_states_more_than_one_value_is_reported(tmp_path: Path, host: PluginHost) -> None:
    """10%増 asks for a rise by that much: no value, and said with its line; 約3,000人 is about 3,000."""
    changed = SECTIONS.replace("\t60.0%以上\n", "\t10%増\n").replace("\t3,000人\n", "\t約3,000人\n")
    run = run_on(changed, tmp_path, host)
    rows = run.tables["indicators"].select("name", "target_value").rows()
    assert rows[:2] == [("特定健診の受診率", None), ("健康ポイント事業の参加者数", 3000.0)]
    line = changed.split("\n").index("特定健診の受診率\t45.2% (令和5年度)\t10%増") + 1
    assert [(i.span.first_line, "not one value" in i.message) for i in run.issues] == [(line, True)]

"""Suzaka's layout on pages written for these tests: other numbers, titles and indicators."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import munigoals_suzaka
import polars as pl
import pytest

from munigoals import PluginHost
from munigoals.api import parse

# Two pages in the 施策 layout, in our own words: a wrapped name, a ― baseline with and without a year,
# a 未満 target, a footnote mark, a role table that goes on after a page break with its side bar.
PAGES = """\
 施策 12  子育てにやさしいまちづくり

施 策 の 目 指 す 姿
●	子どもを安心して育てられる環境が整い、

若い世帯が住み続けたいと思うまちを目指します。

【成果指標】

指標の種類 指標名 現状値（年度） 目標値
（2030年）

市民意識指標 「子育てしやすいまちだと思う」人の割合（％） 41.0（2024） 55.0

統計指標 待機児童数（人） 3（2024） 1 未満

統計指標 放課後児童クラブの登録児童数のうち、長期休業中に
利用した児童の割合（％）（※） ―（2024） 80.0

※現状値は令和6年度に調査を始めたため未集計。

◆現状と課題
☞☞ 保育士の確保が課題となっています。

◆施策の取組方針
☞☞ 保育の受け皿を広げます。

◆主な取組内容�  こども課 / 保育課

取組項目 具体的な内容

保育の充実
◇�保育士の処遇の改善
◇�一時預かりの拡充

【プロセス指標】

指標名 現状値（年度） 目標値
（2030年）

子育て相談の件数（件 /年） 1,250（2023） 1,500

新しく開いた子ども食堂の数（箇所） ― 6

◆共創のまちづくりに向けた各主体の役割

主　体 期待される役割

市　民 地域の子どもを見守り、声をかけ合うよう
努めます



- 42 -

総
合
計
画

3

 主　体 期待される役割

市　民 子育て講座に参加します

企　業 育児休業を取りやすい職場づくりに取り組みます

活動団体 子ども食堂の運営に協力します
施策 13  高齢者の社会参加

【成果指標】

指標の種類 指標名 現状値（年度） 目標値
（2030年）

市民取組指標 週に1回以上地域活動に参加している高齢者の割合（％） 22.5（2024） 30.0 以上
"""


def sniff_shisaku_pages(head: str) -> float:
    """The confidence of Suzaka's 施策 page layout (its spec) that ``head`` opens such pages."""
    layouts = PluginHost.only(suzaka=munigoals_suzaka).layouts_of()
    return layouts["suzaka.sogo-keikaku-shisaku"][0].sniff(head)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("pages") / "pages.txt"
    path.write_text(PAGES, encoding="utf-8")
    host = PluginHost.only(suzaka=munigoals_suzaka)
    return parse([path], host=host)


def test_sniffer_recognises_the_layout() -> None:
    assert sniff_shisaku_pages(PAGES) >= 0.5
    assert sniff_shisaku_pages("重点目標一覧表\n担当部局名\t政策企画部\n") < 0.5


def test_indicators(run) -> None:  # type: ignore[no-untyped-def]
    ind = run.tables["indicators"]
    assert ind.select("policy_id", "name", "unit", "baseline_value", "baseline_year", "target_value",
                      "target_comparator", "target_year", "kind", "category").rows() == [
        ("12", "「子育てしやすいまちだと思う」人の割合", "%", 41.0, 2024, 55.0, "eq", 2030, "outcome", "市民意識指標"),
        ("12", "待機児童数", "人", 3.0, 2024, 1.0, "lt", 2030, "outcome", "統計指標"),
        ("12", "放課後児童クラブの登録児童数のうち、長期休業中に利用した児童の割合", "%", None, 2024, 80.0, "eq", 2030,
         "outcome", "統計指標"),
        ("12", "子育て相談の件数", "件/年", 1250.0, 2023, 1500.0, "eq", 2030, "process", None),
        ("12", "新しく開いた子ども食堂の数", "箇所", None, None, 6.0, "eq", 2030, "process", None),
        ("13", "週に1回以上地域活動に参加している高齢者の割合", "%", 22.5, 2024, 30.0, "ge", 2030, "outcome", "市民取組指標"),
    ]  # fmt: skip
    note = ind.filter(pl.col("name").str.starts_with("放課後"))["note"][0]
    assert note.startswith("※") and "未集計" in note
    assert run.issues == ()


def test_roles_across_the_page_break_stay_with_their_policy(run) -> None:  # type: ignore[no-untyped-def]
    roles = run.tables["roles"]
    assert roles.select("policy_id", "actor", "statement").rows() == [
        ("12", "市民", "地域の子どもを見守り、声をかけ合うよう努めます"),
        ("12", "市民", "子育て講座に参加します"),
        ("12", "企業", "育児休業を取りやすい職場づくりに取り組みます"),
        ("12", "活動団体", "子ども食堂の運営に協力します"),
    ]


def test_plan_and_policies(run) -> None:  # type: ignore[no-untyped-def]
    plan = run.plans[0]
    assert plan.fiscal_years == (2026, 2030) and "後期基本計画" in plan.title
    assert [(p.id, p.title) for p in plan.policies] == [
        ("12", "子育てにやさしいまちづくり"),
        ("13", "高齢者の社会参加"),
    ]
    p12 = plan.policies[0]
    assert p12.department == "こども課 / 保育課"
    assert p12.section("施策の目指す姿").items == (
        "子どもを安心して育てられる環境が整い、若い世帯が住み続けたいと思うまちを目指します。",
    )
    assert p12.section("主な取組内容 [こども課 / 保育課] / 保育の充実").items == (
        "保育士の処遇の改善",
        "一時預かりの拡充",
    )


def test_unreadable_table_lines_become_issues_with_their_line(tmp_path: Path) -> None:
    broken = PAGES.replace(
        "子育て相談の件数（件 /年） 1,250（2023） 1,500", "子育て相談の件数（件 /年） たくさん"
    )
    path = tmp_path / "broken.txt"
    path.write_text(broken, encoding="utf-8")
    host = PluginHost.only(suzaka=munigoals_suzaka)
    run = parse([path], host=host)
    line = broken.splitlines().index("子育て相談の件数（件 /年） たくさん") + 1
    assert [(i.span.first_line, "indicator table" in i.message) for i in run.issues] == [(line, True)]
    assert "子育て相談の件数" not in run.tables["indicators"]["name"].to_list()


def test_pages_run_into_one_line_are_reported_never_read_as_a_title(tmp_path: Path) -> None:
    path = tmp_path / "oneline.txt"
    path.write_text(" ".join(PAGES.splitlines()), encoding="utf-8")
    run = parse([path], host=PluginHost.only(suzaka=munigoals_suzaka))
    assert run.tables["policies"].is_empty()  # no 施策 titled by the whole text of its pages
    assert any("more than a title" in i.message and i.span.first_line == 1 for i in run.issues)
    assert any(i.severity == "error" for i in run.issues)  # nothing read: said, never silent
    proc = subprocess.run(
        [sys.executable, "-m", "munigoals", "parse", str(path), "--format", "json"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 1 and proc.stdout == "", proc.stderr  # the only document named gave nothing
    assert "nothing read" in proc.stderr and "Traceback" not in proc.stderr


def test_role_line_without_actor_is_an_issue(tmp_path: Path) -> None:
    broken = PAGES.replace(
        "主　体 期待される役割\n\n市　民 地域の", "主　体 期待される役割\n\n見守りを 地域の"
    )
    path = tmp_path / "broken.txt"
    path.write_text(broken, encoding="utf-8")
    host = PluginHost.only(suzaka=munigoals_suzaka)
    run = parse([path], host=host)
    assert any("names no actor" in issue.message for issue in run.issues)


def test_cli_picks_the_suzaka_format_by_itself(corpus: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "munigoals", "parse", str(corpus / "004_22a3fa7b6e68a797.txt"), "--table",
         "indicators", "--format", "csv"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\nsuzaka,202070,") == 24

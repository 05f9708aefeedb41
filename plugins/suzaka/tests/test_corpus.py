"""Suzaka 施策 35–39 read from the real document, every indicator field checked."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from munigoals import PluginHost
from munigoals.api import parse
from munigoals.tables import TABLE_NAMES

DOC = "004_22a3fa7b6e68a797.txt"

# policy, name, unit, kind, category, baseline, baseline year, target, comparator (target year 2025)
EXPECTED = [
    ("35", "「広報須坂」を読んでいる人の割合", "%", "outcome", "市民取組指標", 86.5, 2019, 90.0, "eq"),
    ("35", "市公式ツイッター・フェイスブックのフォロワー数", "人", "outcome", "統計指標", 9560, 2019, 10000, "eq"),
    ("35", "市公式フェイスブックを見た人の数", "人", "process", None, 183595, 2019, 200000, "eq"),
    ("35", "市公式ツイッターを見た人の数", "人", "process", None, 4597752, 2019, 5000000, "eq"),
    ("36", "「ICT による利便性の向上と効率的なシステム運用」満足度", "%", "outcome", "市民意識指標", 13.3, 2019, 20.0, "eq"),
    (
        "36",
        "国が示すオンライン利用促進対象手続きで市が実施している手続きのうち、市がオンライン化している手続きの割合",
        "%", "process", None, 13.6, 2020, 30.0, "eq",
    ),
    ("36", "市が所有するデータのオープンデータ公開件数", "件", "process", None, 22, 2019, 30, "eq"),
    ("36", "長野地域連携中枢都市圏が実施する事業に取り組んだ累計数", "件", "process", None, 43, 2019, 55, "eq"),
    ("36", "個人情報保護・情報セキュリティ研修のテスト合格率", "%", "process", None, 99.2, 2019, 100, "eq"),
    ("37", "財政力指数", None, "outcome", "統計指標", 0.581, 2019, 0.590, "eq"),
    ("37", "経常収支比率", "%", "outcome", "統計指標", 91.7, 2019, 90.0, "lt"),
    ("37", "市税徴収率(滞納繰越分を含む)", "%", "process", None, 96.1, 2019, 98.6, "eq"),
    ("37", "実質公債費比率", "%", "process", None, 9.5, 2019, 12.0, "lt"),
    ("37", "将来負担比率", "%", "process", None, 20.1, 2019, 30.0, "lt"),
    ("38", "行政のサポートによる移住者数の累計", "人", "outcome", "統計指標", 186, 2019, 336, "eq"),
    ("38", "結婚支援事業を通じた成婚数の累計", "件", "outcome", "統計指標", 13, 2019, 15, "eq"),
    ("38", "空き家バンク掲載物件登録件数の累計", "件", "process", None, 84, 2019, 160, "eq"),
    ("38", "動画による移住情報コンテンツ登録数の累計", "件", "process", None, 0, 2019, 120, "eq"),
    ("38", "オンライン相談会の相談件数の累計", "件", "process", None, 0, 2019, 150, "eq"),
    ("38", "交流イベントなどでのカップル成立数の累計", "組", "process", None, None, None, 120, "eq"),
    (
        "39", "「区(自治会)の会議・行事・美化清掃・クラブ等の活動に参加している」人の割合",
        "%", "outcome", "市民取組指標", 37.6, 2019, 50.0, "eq",
    ),
    (
        "39", "「市民として、さまざまな形で市政(須坂市のまちづくり)に参加している」人の割合",
        "%", "outcome", "市民取組指標", 16.2, 2019, 25.0, "eq",
    ),
    ("39", "地域の課題解決に向けた様々な組織と行政による会議等の開催数", "回/年", "process", None, None, 2020, 15, "eq"),
    ("39", "SNS等を通じた各所管による地域貢献事例等の情報発信数", "件/年", "process", None, 0, 2019, 50, "eq"),
]  # fmt: skip


@pytest.fixture(scope="module")
def run(corpus: Path, host: PluginHost):  # type: ignore[no-untyped-def]
    return parse([corpus / DOC], host=host)


@pytest.fixture(scope="module")
def indicators(run) -> pl.DataFrame:  # type: ignore[no-untyped-def]
    return run.tables["indicators"]


def test_format_is_chosen_by_sniffing(run) -> None:  # type: ignore[no-untyped-def]
    assert run.documents[0].document.format == "suzaka.sogo-keikaku-shisaku"


def test_no_parse_issues(run) -> None:  # type: ignore[no-untyped-def]
    assert run.issues == ()


def test_all_24_indicators_in_order(indicators: pl.DataFrame) -> None:
    assert indicators["name"].to_list() == [row[1] for row in EXPECTED]


@pytest.mark.parametrize("expected", EXPECTED, ids=[row[1][:12] for row in EXPECTED])
def test_indicator_fields(indicators: pl.DataFrame, expected: tuple[object, ...]) -> None:
    policy, name, unit, kind, category, base, base_year, target, comparator = expected
    row = indicators.filter(pl.col("name") == name).row(0, named=True)
    assert row["policy_id"] == policy
    assert row["unit"] == unit
    assert row["kind"] == kind
    assert row["category"] == category
    assert row["baseline_value"] == (pytest.approx(base) if base is not None else None)
    assert row["baseline_year"] == base_year
    assert row["target_value"] == pytest.approx(target)
    assert row["target_year"] == 2025
    assert row["target_comparator"] == comparator
    assert (row["city"], row["city_code"], row["document"]) == ("suzaka", "202070", DOC)


def test_footnote_notes_stay_on_their_indicators(indicators: pl.DataFrame) -> None:
    notes = dict(zip(indicators["name"], indicators["note"], strict=True))
    assert (
        "2015" in notes["結婚支援事業を通じた成婚数の累計"]
        and "2021" in notes["結婚支援事業を通じた成婚数の累計"]
    )
    assert notes["財政力指数"].startswith("※1")
    assert notes["経常収支比率"].startswith("※2")


def test_policies_titles_and_parents(run) -> None:  # type: ignore[no-untyped-def]
    policies = run.tables["policies"]
    assert policies["policy_id"].to_list() == ["35", "36", "37", "38", "39"]
    assert policies["title"].to_list()[2] == "長期的展望に立った財政運営"
    assert (
        policies["parent"].to_list()[0]
        == "基本目標7 市民とともにつくる持続可能なまち > 基本施策13 未来志向型の行政経営を行うまちづくり"
    )
    assert policies["parent"].to_list()[3].endswith("基本施策14 活力にみちた共創のまちづくり")
    assert set(policies["fiscal_year"]) == {2021}


def test_roles_in_order_and_across_a_page_break(run) -> None:  # type: ignore[no-untyped-def]
    roles = run.tables["roles"]
    by_policy = {
        pid: group.unique(subset=["actor", "line"], maintain_order=True)["actor"].to_list()
        for pid, group in roles.group_by("policy_id", maintain_order=True)
    }
    pids = [key[0] if isinstance(key, tuple) else key for key in by_policy]
    assert pids == ["35", "36", "37", "38", "39"]
    assert list(by_policy.values())[1] == [
        "市民",
        "市民",
        "企業",
        "活動団体",
    ]  # 施策 36 continues after a page break
    assert set(roles["actor_group"]) == {"citizens", "businesses", "community_groups"}
    p38 = roles.filter(pl.col("policy_id") == "38")
    assert len(p38) == 6  # each actor states two roles


def test_sections_and_departments(run) -> None:  # type: ignore[no-untyped-def]
    policy = run.plans[0].policies[1]
    assert policy.department == "政策推進課 / 市民課 / 総務課"
    assert len(policy.section("施策の目指す姿").items) == 2
    measures = [s for s in policy.sections if s.name.startswith("主な取組内容")]
    assert any(s.name.endswith("オープンデータの推進") and len(s.items) == 2 for s in measures)
    p38 = run.plans[0].policies[3]
    assert len(p38.section("施策の取組方針").items) == 4  # goes on after the 基本施策 box


def test_no_page_furniture_leaks(run) -> None:  # type: ignore[no-untyped-def]
    for name in TABLE_NAMES:
        frame = run.tables[name]
        for column in frame.columns:
            if frame.schema[column] == pl.String:
                values = [v for v in frame[column].to_list() if v]
                assert not any("\ufffd" in v or "- 12" in v for v in values), (name, column)


@pytest.mark.parametrize("variant", ["cp932", "utf-8-sig", "crlf"])
def test_re_encoded_corpus_gives_identical_rows(
    corpus: Path,
    host: PluginHost,
    run,
    tmp_path: Path,
    variant: str,  # type: ignore[no-untyped-def]
) -> None:
    text = (corpus / DOC).read_text(encoding="utf-8")
    if variant == "cp932":
        data = text.replace("\ufffd", "").encode("cp932", errors="replace")
    elif variant == "crlf":
        data = text.replace("\n", "\r\n").encode()
    else:
        data = text.encode("utf-8-sig")
    path = tmp_path / DOC
    path.write_bytes(data)
    again = parse([path], host=host)
    for name in TABLE_NAMES:
        assert again.tables[name].equals(run.tables[name]), name

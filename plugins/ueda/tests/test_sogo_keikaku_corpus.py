"""Ueda 総合計画 sections 1-1-1 … 1-3-2 read from the real document, every indicator checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import munigoals_ueda
import polars as pl
import pytest
from munigoals_ueda.build_data import SOURCES

from munigoals import PluginHost
from munigoals.api import build_bundle, parse
from munigoals.tables import TABLE_NAMES

DOC = "003_f758ffbbe30f236d.txt"

# policy, name, unit, baseline, baseline year, target, comparator, target year (None: the cell is composite)
EXPECTED = [
    (
        "1-1-1",
        "地域づくり講座・研修会 開催数",
        None,
        None,
        2023,
        None,
        None,
        2030,
    ),  # parts: no comparator of no value
    ("1-1-1", "自治会共同集会施設の耐震化率", "%", 66, 2023, 70, "eq", 2030),
    ("1-1-1", "自治会加入率", "%", 83.6, 2023, 80.0, "eq", 2030),
    ("1-1-1", "活力あるまちづくり支援金 (全市枠・地域枠)採択事業数", "事業", 17, 2023, 39, "eq", 2030),
    ("1-1-1", "活力あるまちづくり支援金 [重点事業]採択事業数", "事業", None, None, 14, "eq", 2030),
    ("1-2-1", "地域、企業などでの講演会および研修会の開催回数", "回", 210, 2024, 210, "eq", 2030),
    ("1-2-1", "地域、企業などでの講演会および研修会の参加者数", "人", 6400, 2024, 6400, "eq", 2030),
    (
        "1-2-1",
        "すべての人の人権が尊重され、明るく安全に暮らせるまちだと感じる市民の割合(市民アンケート)",
        "%",
        27.0,
        2024,
        30.0,
        "eq",
        2030,
    ),
    ("1-2-1", "庁舎見学等による平和の灯モニュメントの紹介", "人", 0, 2024, 500, "eq", 2030),
    ("1-2-2", "審議会など委員に占める女性の割合", "%", 36.3, 2024, 40.0, "ge", 2030),
    ("1-2-2", "男女共同参画社会の実現に対する市民満足度", "%", 15.7, 2024, 25.0, "ge", 2030),
    (
        "1-2-2",
        "「男性は仕事、女性は家庭」という固定的性別役割分担を好ましくないとする人の割合",
        "%",
        69.9,
        2020,
        75.0,
        "ge",
        2030,
    ),
    (
        "1-2-3",
        "すべての年齢を対象とした日本語教室 (にほんごアムアム)の延べ受講者数",
        "人",
        561,
        2024,
        600,
        "eq",
        2030,
    ),
    ("1-2-3", "外国籍市民と地域住民の交流イベントの 開催回数", "回", 4, 2024, 5, "eq", 2030),
    (
        "1-2-3",
        "日本語学習支援ボランティアの養成・ スキルアップのための講座の開催回数",
        "回",
        3,
        2024,
        3,
        "eq",
        2030,
    ),
    ("1-2-3", "多文化共生相談員のスキルアップのための 研修会への参加回数", "回", 3, 2024, 5, "eq", 2030),
    (
        "1-3-1",
        "マイナンバーカードを利用したコンビニ交付の諸証明発行件数の全交付件数に占める割合",
        "%",
        30.10,
        2023,
        60.0,
        "eq",
        2030,
    ),
    ("1-3-1", "実質公債費比率", "%", 5.6, 2024, 6.5, "lt", 2030),
    ("1-3-1", "将来負担比率", "%", 22.1, 2024, 50.0, "lt", 2030),
    ("1-3-1", "市税収納率(現年度)", "%", 99.3, 2024, 99.5, "eq", 2030),
    ("1-3-2", "市公式ソーシャルメディア登録者数", "人", 54504, 2023, 70000, "eq", 2030),
]

ACTORS = {
    "1-1-1": ["市民", "自治会・活動団体など", "行政"],
    "1-2-1": ["市民", "事業者", "教育関係者など", "行政"],
    "1-2-2": ["市民", "事業者", "教育関係者など", "行政"],
    "1-2-3": ["市民", "活動団体など", "行政・学校"],
    "1-3-1": ["市民", "各種団体・事業者など", "行政"],
    "1-3-2": ["市民", "事業者など", "行政"],
}


@pytest.fixture(scope="module")
def run(corpus: Path, host: PluginHost):  # type: ignore[no-untyped-def]
    return parse([corpus / DOC], host=host)


def test_format_and_no_issues(run) -> None:  # type: ignore[no-untyped-def]
    assert run.documents[0].document.format == "ueda.sogo-keikaku-sections"
    assert run.issues == ()


def test_all_21_indicators_in_order(run) -> None:  # type: ignore[no-untyped-def]
    assert run.tables["indicators"]["name"].to_list() == [row[1] for row in EXPECTED]


@pytest.mark.parametrize("expected", EXPECTED, ids=[row[1][:12] for row in EXPECTED])
def test_indicator_fields(run, expected: tuple[object, ...]) -> None:  # type: ignore[no-untyped-def]
    policy, name, unit, base, base_year, target, comparator, target_year = expected
    row = run.tables["indicators"].filter(pl.col("name") == name).row(0, named=True)
    assert row["policy_id"] == policy
    assert row["unit"] == unit
    assert row["baseline_value"] == (pytest.approx(base) if base is not None else None)
    assert row["baseline_year"] == base_year
    assert row["target_value"] == (pytest.approx(target) if target is not None else None)
    assert row["target_comparator"] == comparator
    assert row["target_year"] == target_year
    assert (row["city"], row["city_code"], row["document"]) == ("ueda", "202037", DOC)


def test_notes_keep_what_the_cells_say(run) -> None:  # type: ignore[no-untyped-def]
    notes = dict(zip(run.tables["indicators"]["name"], run.tables["indicators"]["note"], strict=True))
    assert (
        "144/217棟" in notes["自治会共同集会施設の耐震化率"]
        and "152/218棟" in notes["自治会共同集会施設の耐震化率"]
    )
    assert "令和7年度創設" in notes["活力あるまちづくり支援金 [重点事業]採択事業数"]
    assert "決算" in notes["実質公債費比率"] and "用語解説*: 実質公債費比率" in notes["実質公債費比率"]
    composite = notes["地域づくり講座・研修会 開催数"]
    assert "講演会 1回" in composite and "協働推進員研修会 2回" in composite
    texts = run.tables["indicators"].filter(pl.col("name") == "地域づくり講座・研修会 開催数")
    assert "*" not in texts["baseline_text"][0]


def test_actors_in_order_with_separate_statements(run) -> None:  # type: ignore[no-untyped-def]
    roles = run.tables["roles"]
    for policy, actors in ACTORS.items():
        rows = roles.filter(pl.col("policy_id") == policy)
        assert rows.unique(subset=["actor"], maintain_order=True)["actor"].to_list() == actors, policy
    gyosei = roles.filter((pl.col("policy_id") == "1-1-1") & (pl.col("actor") == "行政"))
    assert len(gyosei) == 4  # <ul><li> items kept apart
    assert not any("lt" in s or s.startswith("・") or "*" in s for s in roles["statement"])
    jigyo = roles.filter((pl.col("policy_id") == "1-2-2") & (pl.col("actor") == "事業者"))
    assert len(jigyo) == 4  # ・ bullets kept apart
    assert set(roles["actor_group"]) == {
        "citizens",
        "community_groups",
        "businesses",
        "educators",
        "government",
    }


def test_hierarchy_and_sections(run) -> None:  # type: ignore[no-untyped-def]
    policies = run.plans[0].policies
    assert [p.id for p in policies] == ["1-1-1", "1-2-1", "1-2-2", "1-2-3", "1-3-1", "1-3-2"]
    assert policies[0].parent == (
        "第1編 自治・協働・行政",
        "第1章 自治の推進による活力ある自立した地域社会の実現",
    )
    assert policies[4].parent[1] == "第3章 地方分権にふさわしい行財政経営"
    first = policies[0]
    kihon = [s for s in first.sections if s.name.startswith("基本施策")]
    assert [s.name for s in kihon][-1] == "基本施策4 まちづくり活動への支援"
    assert kihon[0].items[0].startswith("① ")
    assert len(first.section("現状と課題").items) == 5
    assert any(c.startswith("【自治会加入率の推移】") and "出典" in c for c in first.section("図表").items)
    assert first.section("関連する主な個別計画").items == ("上田市協働のまちづくり指針",)
    assert len(policies[4].section("関連する主な個別計画").items) == 5
    assert [s.name for s in policies[4].sections if s.name.startswith("基本施策")][
        2
    ] == "基本施策3 人材育成と組織の適正化"


@pytest.mark.parametrize("variant", ["utf-8-sig+crlf", "cp932"])
def test_bom_crlf_and_cp932_give_identical_rows(
    corpus: Path, host: PluginHost, run, tmp_path: Path, variant: str
) -> None:  # type: ignore[no-untyped-def]
    text = (corpus / DOC).read_text(encoding="utf-8")
    data = (
        text.replace("\n", "\r\n").encode("utf-8-sig")
        if variant != "cp932"
        else text.replace("—", "―").encode("cp932")
    )
    path = tmp_path / DOC
    path.write_bytes(data)
    again = parse([path], host=host)
    for name in TABLE_NAMES:
        assert again.tables[name].equals(run.tables[name]), name


def test_shipped_data_matches_a_rebuild(corpus: Path, tmp_path: Path) -> None:
    build_bundle(munigoals_ueda, "ueda", [corpus / name for name in SOURCES], tmp_path)
    for shipped in sorted(munigoals_ueda.DATA_DIR.glob("*.jsonl")):
        assert shipped.read_text(encoding="utf-8") == (tmp_path / shipped.name).read_text(encoding="utf-8"), (
            f"{shipped.name} differs from a rebuild: run python -m munigoals_ueda.build_data"
        )


def test_cli_picks_the_format_by_itself(corpus: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "munigoals", "parse", str(corpus / DOC), "--table", "indicators", "--format", "jsonl"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 21

"""Layout specs (munigoals.specs): the schema's messages, the generic engine, named block kinds through
the munigoals_block_readers hook, City values, and titles that come from the city, never the layout."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import polars as pl
import pytest

from munigoals import sdk
from munigoals.api import parse
from munigoals.plugins import PluginHost, hookimpl
from munigoals.specs import SpecError, load_spec

KISO = sdk.Municipality("kiso", "木曽町", "Kiso", "204323", "長野県")
OKAYA = sdk.Municipality("okaya", "岡谷市", "Okaya", "202045", "長野県")

TAB_SPEC = """
name = "kiso.kanri"
description = "a tab-separated indicator table"
[sniff]
markers = ["成果指標"]
patterns = [{ regex = '^成果指標\\s', weight = 0.6 }]
[[policies]]
regex = '^(?P<id>\\d+-\\d+) (?P<title>.+)$'
[[blocks]]
kind = "indicator_table"
cells = "tab"
"""

TAB_DOC = (
    "1-1 森と暮らす\n"
    "成果指標\t単位\t策定時(令和4年度)\t中間目標(令和7年度)\t目標値(令和9年度)\n"
    "間伐を行った森林の\tha\t120\t150\t200以上\n"
    "面積\t\t\t\t\n"
    "森林ボランティア登録者数(人)\t\t―\t40\t60\n"
)


def _spec(tmp_path: Path, text: str, name: str = "kanri.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _plugin(municipality: sdk.Municipality, folder: Path, **extra: object) -> types.ModuleType:
    """A City-value plugin whose specs stand in ``folder/layouts``."""
    module = types.ModuleType(f"munigoals_{municipality.slug}")
    module.__file__ = str(folder / "__init__.py")
    module.CITY = sdk.City(municipality, **extra)  # type: ignore[attr-defined]
    return module


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (TAB_SPEC.replace('cells = "tab"', 'cells = "commas"'), "blocks[0].cells"),
        (TAB_SPEC.replace("weight = 0.6", "weight = 2"), "sniff.patterns[0].weight"),
        (TAB_SPEC.replace("(?P<title>.+)", "(?P<title>.+"), "policies[0].regex"),
        (TAB_SPEC.replace('name = "kiso.kanri"', 'name = "Kiso"'), "name"),
        (TAB_SPEC.replace("(?P<title>.+)", "(.+)"), "policies[0].regex"),
        ('colour = "blue"\n' + TAB_SPEC, "(top level)"),
        (TAB_SPEC.replace("(?P<title>.+)", "(?P<title>.+)(?=x)"), "policies[0].regex"),
    ],
)
def test_a_wrong_spec_is_refused_naming_the_file_and_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = _spec(tmp_path, text)
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {key}"), message
    assert "\n" not in message


def test_the_cli_refuses_a_wrong_spec_in_one_line(tmp_path: Path) -> None:
    path = _spec(tmp_path, "name = [\n")
    proc = subprocess.run(
        [sys.executable, "-m", "munigoals", "layout", "check", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 1 and "not TOML" in proc.stderr and len(proc.stderr.splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_a_tab_table_with_a_wrapped_name_mid_target_and_header_years(tmp_path: Path) -> None:
    folder = tmp_path / "kiso"
    (folder / "layouts").mkdir(parents=True)
    _spec(folder / "layouts", TAB_SPEC)
    doc = tmp_path / "kanri.txt"
    doc.write_text(TAB_DOC, encoding="utf-8")
    run = parse([doc], host=PluginHost.only(kiso=_plugin(KISO, folder)))
    rows = run.tables["indicators"].to_dicts()
    got = [
        (r["policy_id"], r["name"], r["unit"], r["baseline_value"], r["baseline_year"], r["target_value"],
         r["target_year"], r["target_comparator"], r["line"], r["last_line"])
        for r in rows
    ]  # fmt: skip
    assert got == [
        ("1-1", "間伐を行った森林の面積", "ha", 120.0, 2022, 200.0, 2027, "ge", 3, 4),
        ("1-1", "森林ボランティア登録者数", "人", None, 2022, 60.0, 2027, "eq", 5, 5),
    ]
    # the interim target is stored as one, never as the (final) target
    assert [(r["interim_target_value"], r["interim_target_year"]) for r in rows] == [
        (150.0, 2025),
        (40.0, 2025),
    ]
    values = run.tables["values"].filter(pl.col("value_kind") == "interim_target")
    assert values.select("indicator", "value", "year", "year_kind").rows() == [
        ("間伐を行った森林の面積", 150.0, 2025, "fiscal"),
        ("森林ボランティア登録者数", 40.0, 2025, "fiscal"),
    ]


def test_named_block_kinds_come_through_the_hook(tmp_path: Path) -> None:
    spec = TAB_SPEC.replace(
        '[[blocks]]\nkind = "indicator_table"\ncells = "tab"',
        '[[blocks]]\nkind = "counted_list"\nstart = "^数える$"\noptions = { unit = "件" }',
    )
    folder = tmp_path / "kiso"
    (folder / "layouts").mkdir(parents=True)
    _spec(folder / "layouts", spec)

    def counted(lines, options, reader):  # type: ignore[no-untyped-def]
        out = []
        for line in lines[1:]:
            if "=" in line.norm:
                name, value = line.norm.split("=")
                target = sdk.Target.from_text(value + options["unit"])
                out.append(sdk.Indicator(name, None, None, target.unit, None, target, reader.span(line.no)))
        return out

    class Reader:
        @hookimpl
        def munigoals_block_readers(self, kinds: tuple[str, ...]) -> dict[str, object]:
            return {"counted_list": counted} if "counted_list" in kinds else {}

    host = PluginHost(load_entry_points=False)
    host.register(Reader(), "reader")
    host.register(_plugin(KISO, folder), "kiso")
    assert host.failures == (), host.failures
    doc = tmp_path / "list.txt"
    doc.write_text("成果指標 一覧\n1-1 森と暮らす\n数える\n見学会=12\n講座=3\n", encoding="utf-8")
    run = parse([doc], host=host)
    assert run.tables["indicators"].select("name", "target_value", "unit", "line").rows() == [
        ("見学会", 12.0, "件", 4),
        ("講座", 3.0, "件", 5),
    ]


def test_a_spec_naming_a_kind_nobody_reads_fails_its_plugin_only(tmp_path: Path) -> None:
    folder = tmp_path / "kiso"
    (folder / "layouts").mkdir(parents=True)
    _spec(
        folder / "layouts",
        TAB_SPEC.replace('kind = "indicator_table"\ncells = "tab"', 'kind = "x"\nstart = "a"'),
    )
    host = PluginHost.only(kiso=_plugin(KISO, folder))
    assert host.cities == ()
    assert "blocks[0].kind" in host.failures[0].reason and "'x'" in host.failures[0].reason


def test_a_shared_layout_gives_the_citys_titles_never_the_providers(tmp_path: Path) -> None:
    folder = tmp_path / "kiso"
    (folder / "layouts").mkdir(parents=True)
    _spec(folder / "layouts", TAB_SPEC)
    doc = tmp_path / "okaya.txt"
    doc.write_text("岡谷市\n" + TAB_DOC, encoding="utf-8")
    from munigoals.reading import read_text

    _, document = read_text(doc)
    known = sdk.KnownDocument(
        "okaya.txt", document.text_sha256, "岡谷市総合計画 管理表", True, "岡谷市", sdk.PlanKind.COMPREHENSIVE,
        period=(2023, 2027),
    )  # fmt: skip
    kiso = _plugin(KISO, folder, documents=(sdk.KnownDocument("k.txt", "0" * 64, "木曽町の表", True, "木曽町",
                                                                sdk.PlanKind.COMPREHENSIVE),))  # fmt: skip
    okaya = _plugin(OKAYA, tmp_path / "none", layouts=("kiso.kanri",), documents=(known,))
    host = PluginHost.only(kiso=kiso, okaya=okaya)
    run = parse([doc], cities=["okaya"], host=host)
    plan = run.plans[0]
    assert (plan.municipality.slug, plan.title, plan.fiscal_years) == (
        "okaya",
        "岡谷市総合計画 管理表",
        (2023, 2027),
    )
    # a document no city knows: the file name, never a title the layout invents
    other = tmp_path / "other.txt"
    other.write_text(TAB_DOC, encoding="utf-8")
    assert parse([other], cities=["okaya"], host=host).plans[0].title == "other.txt"


def test_a_page_with_no_table_in_a_known_shape_is_refused_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "kiso"
    (folder / "layouts").mkdir(parents=True)
    _spec(folder / "layouts", TAB_SPEC)
    doc = tmp_path / "prose.txt"
    doc.write_text("成果指標\tについて\n森を守ります。\n", encoding="utf-8")
    run = parse([doc], host=PluginHost.only(kiso=_plugin(KISO, folder)))
    assert len(run.tables["indicators"]) == 0
    errors = [i for i in run.issues if i.severity == "error"]
    assert len(errors) == 1 and "no indicator in a shape" in errors[0].message


def test_values_keep_what_the_document_writes_and_no_more(tmp_path: Path) -> None:
    spec = TAB_SPEC.replace('cells = "tab"', 'cells = "pipe"').replace("成果指標", "指標名")
    folder = tmp_path / "kiso"
    (folder / "layouts").mkdir(parents=True)
    _spec(folder / "layouts", spec)
    doc = tmp_path / "pipe.txt"
    doc.write_text(
        "1-1 森と暮らす\n指標名 | 現状 | 目標 |\n---|---|---|\n"
        "林道の延長 | 1.2万m(2021年度) | 1.5万m以上(2027年度) |\n"
        "来訪者数 | 30千人(2022年) | 40千人",
        encoding="utf-8",
    )
    run = parse([doc], host=PluginHost.only(kiso=_plugin(KISO, folder)))
    rows = (
        run.tables["indicators"]
        .select("name", "unit", "baseline_value", "target_value", "target_comparator", "target_year")
        .rows()
    )
    assert rows[0] == ("林道の延長", "万m", 1.2, 1.5, "ge", 2027)
    assert rows[1] == ("来訪者数", "千人", 30.0, None, None, None)  # '40千人' may be cut: not a value
    cut = [i for i in run.issues if i.span.first_line == 5]
    assert len(cut) == 1 and "'40千人' is not whole" in cut[0].message


MINI_SPEC = """
name = "kiso.{name}"
description = "{cells} cells"
[sniff]
markers = ["指標名"]
patterns = [{{ regex = '{sniff}', weight = 0.6 }}]
[[policies]]
regex = '^(?P<id>\\d+-\\d+) (?P<title>.+)$'
[[blocks]]
kind = "indicator_table"
cells = "{cells}"
"""


def test_markdown_rows_opening_with_a_pipe_and_empty_cells_one_a_line(tmp_path: Path) -> None:
    folder = tmp_path / "kiso"
    (folder / "layouts").mkdir(parents=True)
    _spec(folder / "layouts", MINI_SPEC.format(name="md", cells="pipe", sniff="^\\| 指標名 \\|"), "a.toml")
    _spec(
        folder / "layouts",
        MINI_SPEC.format(name="cells", cells="one_per_line", sniff="^指標名 \\|$"),
        "b.toml",
    )
    host = PluginHost.only(kiso=_plugin(KISO, folder))
    markdown = tmp_path / "md.txt"
    markdown.write_text(
        "1-1 森と暮らす\n| 指標名 | 現状 | 目標 |\n|---|---|---|\n| 登山者数 | 5,000人(2022年度) | 6,000人(2027年度) |\n"
    )
    rows = (
        parse([markdown], host=host)
        .tables["indicators"]
        .select("name", "baseline_value", "target_value")
        .rows()
    )
    assert rows == [("登山者数", 5000.0, 6000.0)]
    cells = tmp_path / "cells.txt"
    cells.write_text("1-1 森と暮らす\n指標名 |\n現状 |\n目標(2027年度) |\n登山者数 |\n|\n6,000人 |\n")
    run = parse([cells], host=host)
    assert run.tables["indicators"].select("name", "baseline_text", "target_value", "target_year").rows() == [
        ("登山者数", "", 6000.0, 2027)
    ]


def test_a_city_naming_suzakas_reader_gets_its_own_titles_never_suzakas(tmp_path: Path) -> None:
    import munigoals_suzaka

    pages = Path(munigoals_suzaka.__file__).parents[2] / "tests" / "fixtures" / "pages.txt"
    okaya = _plugin(OKAYA, tmp_path / "none", layouts=("suzaka.sogo-keikaku-shisaku",))
    host = PluginHost.only(suzaka=munigoals_suzaka, okaya=okaya)
    own = parse([pages], cities=["suzaka"], host=host).plans
    theirs = parse([pages], cities=["okaya"], host=host).plans
    assert own and theirs and all("須坂" in plan.title for plan in own)
    assert {(plan.municipality.slug, plan.title, plan.fiscal_years) for plan in theirs} == {
        ("okaya", "pages.txt", None)
    }


def test_spaced_columns_with_era_years_and_a_name_that_wraps(tmp_path: Path) -> None:
    folder = tmp_path / "kiso"
    (folder / "layouts").mkdir(parents=True)
    _spec(folder / "layouts", MINI_SPEC.format(name="sp", cells="spaces", sniff="^指標名 "), "c.toml")
    doc = tmp_path / "sp.txt"
    doc.write_text(
        "1-1 森と暮らす\n指標名    現状値    目標値(R9)\n"
        "森林整備に関わる    12(令和元年度)    20以上\nボランティア数（人）\n"
        "※ 登録者の数\n",
        encoding="utf-8",
    )
    run = parse([doc], host=PluginHost.only(kiso=_plugin(KISO, folder)))
    rows = (
        run.tables["indicators"]
        .select(
            "name",
            "unit",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
            "line",
            "last_line",
        )
        .rows()
    )
    assert rows == [("森林整備に関わるボランティア数", "人", 12.0, 2019, 20.0, 2027, 3, 4)]
    assert [i.span.first_line for i in run.issues] == [5]  # the note is not part of the name: not read


SECTIONS_SPEC = """
name = "kiso.sections"
description = "Markdown sections: a table of contents, then sections with leads, items and roles"
require_indicators = false
glossary = { mark = '\\\\?\\*' }
[sniff]
markers = ["役割"]
patterns = [{ regex = '^## \\d+-\\d+ ', weight = 0.6 }]
[[contents]]
regex = '^#{1,6} ?第(?P<key>\\d+)部 ?(?P<title>.*)$'
label = "第{key}部"
[[policies]]
regex = '^#{1,6} ?(?P<id>\\d+-\\d+) (?P<title>.+)$'
parent = "contents"
lead = "lead"
[[blocks]]
kind = "role_table"
start = '^#{1,6} ?役割$'
[[blocks]]
kind = "items"
start = '^#{1,6} ?(?P<label>方針 ?\\d+) ?(?P<title>.*)$'
bullet = '^- '
mark = '^([①-⑳]) ?'
section_kind = "measures"
title_in_next_heading = true
[[blocks]]
kind = "items"
start = '^#{1,6} ?事業$'
name = "事業"
split = '[、\\s]+'
[[blocks]]
kind = "items"
start = '^#{1,6} ?展開$'
name = "展開"
bullet = '^- '
skip_empty = true
"""

SECTIONS_DOC = """# 第3部

## 森林と水

3-1 森を育てる

## 3-1 森を育てる

間伐材*を使う暮らしを広げます。

## 展開

### 方針1

#### 木を使う

- ①木工教室を開きます。
- ②間伐材の販路を
探します。

## 役割

住民\t・地元の木を選びます。 ・森の手入れに加わります。
行政\t<ul><li>講座を開きます。</li><li>補助を続けます。</li></ul>
事業者 木を買います。

## 事業

木工教室、 販路開拓 森林環境学習
"""


def test_sections_with_contents_lead_items_and_roles(tmp_path: Path) -> None:
    folder = tmp_path / "kiso"
    (folder / "layouts").mkdir(parents=True)
    _spec(folder / "layouts", SECTIONS_SPEC)
    doc = tmp_path / "sections.md"
    doc.write_text(SECTIONS_DOC, encoding="utf-8")
    run = parse([doc], host=PluginHost.only(kiso=_plugin(KISO, folder)))
    lines = SECTIONS_DOC.split("\n")
    # the role row without a tab is reported with its line; nothing else is
    assert [(i.span.first_line, "role table" in i.message) for i in run.issues] == [
        (lines.index("事業者 木を買います。") + 1, True)
    ]
    (policy,) = run.plans[0].policies
    assert (policy.id, policy.title, policy.parent) == ("3-1", "森を育てる", ("第3部 森林と水",))
    assert [(s.name, s.items, s.kind) for s in policy.sections] == [
        ("lead", ("間伐材を使う暮らしを広げます。",), "text"),
        ("方針1 木を使う", ("① 木工教室を開きます。", "② 間伐材の販路を探します。"), "measures"),
        ("事業", ("木工教室", "販路開拓", "森林環境学習"), "text"),
    ]  # 展開 has nothing under it but its 方針: no section of its own
    assert policy.sections[1].item_lines == (
        lines.index("- ①木工教室を開きます。") + 1,
        lines.index("- ②間伐材の販路を") + 1,
    )
    assert [(r.actor, r.actor_group, r.statements) for r in policy.roles] == [
        ("住民", "citizens", ("地元の木を選びます。", "森の手入れに加わります。")),
        ("行政", "government", ("講座を開きます。", "補助を続けます。")),
    ]
    measures = run.tables["measures"]
    assert measures["heading"].unique().to_list() == ["方針1 木を使う"] and len(measures) == 2


def test_a_section_id_the_contents_lack_is_named_by_its_label(tmp_path: Path) -> None:
    folder = tmp_path / "kiso"
    (folder / "layouts").mkdir(parents=True)
    _spec(folder / "layouts", SECTIONS_SPEC)
    doc = tmp_path / "sections.md"
    doc.write_text(SECTIONS_DOC.replace("## 3-1 森を育てる", "## 4-2 森を育てる"), encoding="utf-8")
    run = parse([doc], host=PluginHost.only(kiso=_plugin(KISO, folder)))
    assert run.plans[0].policies[0].parent == ("第4部",)


def test_an_item_mark_needs_its_group(tmp_path: Path) -> None:
    path = _spec(tmp_path, SECTIONS_SPEC.replace("mark = '^([①-⑳]) ?'", "mark = '^[①-⑳] ?'"))
    with pytest.raises(SpecError, match=r"blocks\[1\]\.mark: needs one group"):
        load_spec(path)

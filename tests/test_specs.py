"""Layout specs (munigoals.specs): the schema's messages, the generic engine, named block kinds through
the munigoals_block_readers hook, City values, and titles that come from the city, never the layout."""

from __future__ import annotations

import re
import subprocess
import sys
import types
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

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
        ("登山者数", None, 6000.0, 2027)  # an empty cell states nothing: no baseline, not an empty one
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


def _read(tmp_path: Path, spec: str, text: str, name: str = "doc.txt") -> sdk.ParseResult:
    """Read ``text`` with ``spec`` (one layout of a plugin of its own); the run's indicators and issues."""
    folder = tmp_path / "kiso"
    (folder / "layouts").mkdir(parents=True, exist_ok=True)
    _spec(folder / "layouts", spec, "only.toml")
    doc = tmp_path / name
    doc.write_text(text, encoding="utf-8")
    return parse([doc], host=PluginHost.only(kiso=_plugin(KISO, folder)))  # type: ignore[return-value]


def _rows(run: object, *columns: str) -> list[tuple[object, ...]]:
    return run.tables["indicators"].select(*columns).rows()  # type: ignore[attr-defined,no-any-return]


TREE_SPEC = """
name = "kiso.tree"
description = "tab tables under 章 and 施策"
furniture = ['^- \\d+ -$', '^木曽町計画$']
[sniff]
markers = ["指標名"]
patterns = [{ regex = '^指標名\\s単位', weight = 0.6 }]
[[policies]]
regex = '^第(?P<id>\\d+)章 (?P<title>.+)$'
level = 1
[[policies]]
regex = '^施策(?P<id>\\d+-\\d+) (?P<title>.+)$'
level = 2
[[blocks]]
kind = "indicator_table"
cells = "tab"
"""


def test_a_tab_table_goes_on_across_page_furniture_and_its_cut_last_row_is_reported(tmp_path: Path) -> None:
    run = _read(
        tmp_path,
        TREE_SPEC,
        "第1章 森のまち\n施策1-1 森を守る\n指標名\t単位\t現状値(R元)\t目標値(令和8年度)\n"
        "間伐面積\tha\t30\t45以上\n- 7 -\n木曽町計画\n指標名\t単位\t現状値(R元)\t目標値(令和8年度)\n"
        "薪の出荷量\tt\t12\t20\n林業体験の参加者\t人\t140\n",
    )
    assert _rows(run, "policy_id", "name", "unit", "baseline_value", "baseline_year", "target_value") == [
        ("1-1", "間伐面積", "ha", 30.0, 2019, 45.0),
        ("1-1", "薪の出荷量", "t", 12.0, 2019, 20.0),  # the header again below the page break: no row
        ("1-1", "林業体験の参加者", "人", 140.0, 2019, None),
    ]
    said = [(i.span.first_line, i.message) for i in run.issues]
    assert said == [(9, "row cut: 目標値(令和8年度) not read; kept 3 cell(s)")]  # no alarm for 第1章


ONE_A_LINE = """
name = "kiso.lines"
description = "one cell a line"
furniture = ['^- \\d+ -$']
[sniff]
markers = ["指標名"]
patterns = [{ regex = '^指標名', weight = 0.6 }]
[[policies]]
regex = '^施策(?P<id>\\d+) (?P<title>.+)$'
[[blocks]]
kind = "indicator_table"
cells = "one_per_line"
"""


@pytest.mark.parametrize("end", ["", " |"])
def test_one_cell_a_line_with_or_without_a_closing_mark_and_a_name_that_wraps(
    tmp_path: Path, end: str
) -> None:
    cells = [
        "指標名", "単位", "現状値(令和2年度)", "目標値(令和9年度)",
        "里山ウォークの参加者数", "人", "320", "500以上",
        "森の学校で学んだ子どもの", "延べ人数", "人", "―", "- 8 -", "90",
    ]  # fmt: skip
    # without a closing mark every line is a cell; with one, the name's first part has none
    lines = [c if c.startswith("- ") or (end and c == "森の学校で学んだ子どもの") else c + end for c in cells]
    run = _read(tmp_path, ONE_A_LINE, "施策3 里山を生かす\n" + "\n".join(lines) + "\n")
    assert _rows(
        run, "name", "unit", "baseline_value", "target_value", "target_comparator", "line", "last_line"
    ) == [
        ("里山ウォークの参加者数", "人", 320.0, 500.0, "ge", 6, 9),
        ("森の学校で学んだ子どもの延べ人数", "人", None, 90.0, "eq", 10, 15),
    ]
    assert not run.issues


def test_an_inline_name_begun_at_a_line_end_and_a_cut_last_indicator(tmp_path: Path) -> None:
    spec = """
name = "kiso.inline"
description = "inline"
[sniff]
markers = ["目標"]
patterns = [{ regex = '⇒', weight = 0.6 }]
[[policies]]
regex = '^施策(?P<id>\\d+) (?P<title>.+)$'
[[blocks]]
kind = "inline_indicators"
regex = '(?:^|\\s)(?P<name>[^\\s。]+) (?P<baseline>[^\\s⇒]+)⇒(?P<target>[^\\s⇒(]+) ?\\((?P<baseline_year>[^⇒()]+)⇒(?P<target_year>[^⇒()]+)\\)'
"""
    run = _read(
        tmp_path,
        spec,
        "施策1 森を守る\n目標 植樹本数 200本⇒500本（R元⇒令和8年度） 森林ボランティアの\n"
        "登録者数 40人⇒60人以上（令和2年度⇒令和8年度）\n目標 間伐面積 30ha⇒\n"
        "施策2 道を守る\n目標 待ち時間 12分⇒約10分以内（令和2年度⇒令和8年度）\n",
    )
    assert _rows(run, "name", "baseline_year", "target_value", "target_comparator", "line", "last_line") == [
        ("植樹本数", 2019, 500.0, "eq", 2, 2),
        ("森林ボランティアの登録者数", 2020, 60.0, "ge", 2, 3),
        ("待ち時間", 2020, 10.0, "le", 6, 6),  # 約10分以内: about 10 minutes at most
    ]
    assert run.tables["indicators"]["note"].to_list()[2] == "target: 約"  # the approximation, kept as a note
    said = [(i.span.first_line, i.message) for i in run.issues]
    assert [no for no, message in said if "not read" in message and "30ha" in message] == [4]
    assert len(said) == 1


def test_a_spec_that_reads_nothing_says_why(tmp_path: Path) -> None:
    run = _read(tmp_path, TREE_SPEC, "第1章 森のまち\n指標名 単位 について\n森を守ります。\n")
    (error,) = [i for i in run.issues if i.severity == "error"]
    assert "no table header found" in error.message


def test_a_target_whose_comparator_is_not_read_is_reported_never_a_silent_equal(tmp_path: Path) -> None:
    run = _read(
        tmp_path,
        TREE_SPEC,
        "施策1-1 森を守る\n指標名\t単位\t現状値\t目標値(令和8年度)\n"
        "ごみの量\tg\t540g\t500g以下\n待ち時間\t分\t12\t10分目標以内\n",
    )
    assert _rows(run, "name", "unit", "target_value", "target_comparator") == [
        ("ごみの量", "g", 500.0, "le"),
        ("待ち時間", "分", None, None),  # not read: reported, and no comparator stored
    ]
    assert [i.span.first_line for i in run.issues if "comparator is not read" in i.message] == [4]


def test_a_target_that_asks_for_a_change_or_an_unreadable_approximation_keeps_no_value(
    tmp_path: Path,
) -> None:
    """10%増 asks for a rise by that much, not a level of 10 %; 約5%増 the same, approximately: neither
    is a value, and each is reported with its line (約320人 is read: about 320)."""
    run = _read(
        tmp_path,
        TREE_SPEC,
        "施策1-1 森を守る\n指標名\t単位\t現状値\t目標値(令和8年度)\n"
        "観光客数\t人\t300\t約320人\n宿泊者数\t%\t50\t10%増\n来訪者の満足度\t%\t60\t約5%増\n"
        "排出量\tt\t900\t46%削減\n図書館の数\t館\t2\t1館の増\n校舎\t校\t2\t3校増築\n"
        "満足度\t%\t70\t10%程度増\n",
    )
    assert _rows(run, "name", "target_value") == [
        ("観光客数", 320.0),
        ("宿泊者数", None),
        ("来訪者の満足度", None),
        ("排出量", None),  # 削減: a cut by 46 %
        ("図書館の数", None),  # の増: one more, no level
        ("校舎", 3.0),  # 増築 names the works: a count of them
        ("満足度", None),  # about 10 % more
    ]
    said: dict[int, list[str]] = {}
    for issue in run.issues:
        said.setdefault(issue.span.first_line, []).append(issue.message)
    assert all(len(messages) == 1 for messages in said.values())  # one issue a cell
    assert [no for no, (m,) in sorted(said.items()) if "a change by that much" in m] == [4, 6, 7, 9]
    assert "approximate value the grammar cannot read" in said[5][0]
    assert 3 not in said and 8 not in said


def test_the_year_a_change_is_measured_from_is_not_the_targets_year(tmp_path: Path) -> None:
    """(2013年度比) names the base of a change: the target keeps the header's year, the cell no value."""
    run = _read(
        tmp_path,
        TREE_SPEC,
        "施策1-1 森を守る\n指標名\t単位\t現状値\t目標値(令和12年度)\n"
        "温室効果ガス排出量\t%\t100\t46%減(2013年度比)\n森林の面積\tha\t900\t950(R10)\n",
    )
    assert _rows(run, "name", "target_value", "target_year") == [
        ("温室効果ガス排出量", None, 2030),
        ("森林の面積", 950.0, 2028),  # a year bracket of its own: the cell's year
    ]
    assert [i.span.first_line for i in run.issues if "a change by that much" in i.message] == [3]


def test_layout_check_quiet_shows_errors_only_and_an_error_fails(tmp_path: Path) -> None:
    spec = _spec(tmp_path, TREE_SPEC)
    prose = tmp_path / "prose.txt"
    prose.write_text("第1章 森のまち\n森を守ります。\n", encoding="utf-8")
    table = tmp_path / "table.txt"
    table.write_text("施策1-1 森を守る\n指標名\t単位\t現状値\t目標値\n間伐面積\tha\t30\n", encoding="utf-8")

    def check(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "munigoals", "layout", "check", *args]
        return subprocess.run(command, capture_output=True, text=True)

    failed = check("-q", str(spec), str(prose))
    assert failed.returncode == 1 and failed.stdout.splitlines() == [
        line for line in failed.stdout.splitlines() if ": error: " in line
    ]
    assert len(failed.stdout.splitlines()) == 1 and "no table header found" in failed.stdout
    assert check(str(spec), str(prose)).returncode == 1  # an error fails without -q too
    warned = check("-q", str(spec), str(table))  # a warning (a cut row) is no error: nothing shown
    assert (warned.returncode, warned.stdout) == (0, "")
    assert "row cut" in check(str(spec), str(table)).stdout


def test_lines_under_a_plain_one_a_line_header_that_are_no_row_are_refused_never_half_read(
    tmp_path: Path,
) -> None:
    lines = ["施策3 里山を生かす", "指標名", "単位", "現状値", "目標値", "里山の参加者数", "人", "320", "500"]
    prose = ["里山では体験を広げます", "地域と連携し", "多くの人に来てもらえるよう", "取り組みを進めます"]
    run = _read(tmp_path, ONE_A_LINE, "\n".join(lines + prose) + "\n")
    assert _rows(run, "name", "baseline_value", "target_value") == [("里山の参加者数", 320.0, 500.0)]
    (issue,) = run.issues
    assert issue.span.first_line == 10 and "do not fit the columns" in issue.message


FLOW_SPEC = """
name = "kiso.pages"
description = "pages read as a flow of parts"
require_heading = true
furniture = ['^- \\d+ -$']
furniture_trail = { after = '^- \\d+ -$', max_chars = 1 }
boundaries = ['^[■▼※]', '^分野 ']
[sniff]
markers = ["■指標"]
patterns = [{ regex = '■指標', weight = 0.6 }]
[[policies]]
regex = '^政策 (?P<id>\\d+) (?P<title>\\S.*)$'
title_max = 20
[[contexts]]
regex = '^分野 (?P<title>\\S+) (?P<id>\\d+)$'
slot = 1
label = "分野{id} {title}"
[[carried]]
regex = '^▼重点'
section = "重点"
[[blocks]]
kind = "indicator_rows"
start = '^■指標$'
header = ['^指標名']
target_year = '(?P<year>\\d{4})年度'
category = '^(?P<category>統計|意識)\\s*'
row = '^(?:(?P<name>.*\\S)\\s+)?(?P<baseline>\\d[\\d,.]*|―)\\s*(?:\\((?P<baseline_year>\\d{4})\\))?\\s+(?P<target>\\d[\\d,.]*|―)\\s*(?P<comparator>以内|以上|未満)?$'
[[blocks]]
kind = "items"
start = '^■(?P<label>めざす姿)$'
bullet = '^・'
[[blocks]]
kind = "footnotes"
start = '^(?P<mark>※\\d*)\\s*(?P<text>.*)$'
[[blocks]]
kind = "role_table"
start = '^■役割$'
actor = '^(?P<actor>住民|事業者|町)(?:\\s+(?P<text>.*))?$'
sentence_end = '(ます|。)$'
"""

FLOW_DOC = """\
▼重点 山の暮らしを守る
政策 3 森と暮らす
■めざす姿
・森を手入れする人が
増えています。
・木の家が建っています。
分野 環境 2
■指標
指標名 現状値(年度) 目標値(2030年度)
統計 間伐を終えた森林の面積
(ha)(※1) 120(2024) 200
意識 森に親しむ人の割合(%) 35.5(2024) 50 以上
- 12 -
林
道
統計 林道の事故件数(件) 4(2023) 2 以内
※1 町有林を含む
■役割
見守る 人
住民 森の行事に参加し
ます
事業者 地元の木材を使います
"""


def test_a_row_whose_target_asks_for_a_change_keeps_no_value(tmp_path: Path) -> None:
    """The rows of a flow of parts are held to the rule of table cells: 10%増 is no level of 10 %."""
    spec = FLOW_SPEC.replace("(?P<target>\\d[\\d,.]*|―)", "(?P<target>\\d\\S*|―)")
    assert spec != FLOW_SPEC
    text = FLOW_DOC.replace("35.5(2024) 50 以上", "35.5(2024) 10%増")
    run = _read(tmp_path, spec, text, name="pages.txt")
    assert _rows(run, "name", "target_value") == [
        ("間伐を終えた森林の面積", 200.0),
        ("森に親しむ人の割合", None),
        ("林道の事故件数", 2.0),
    ]
    assert [i.span.first_line for i in run.issues if "a change by that much" in i.message] == [12]


def test_pages_read_as_a_flow_of_parts(tmp_path: Path) -> None:
    folder = tmp_path / "kiso"
    (folder / "layouts").mkdir(parents=True)
    _spec(folder / "layouts", FLOW_SPEC, "pages.toml")
    doc = tmp_path / "pages.txt"
    doc.write_text(FLOW_DOC, encoding="utf-8")
    run = parse([doc], host=PluginHost.only(kiso=_plugin(KISO, folder)))
    rows = run.tables["indicators"].select(
        "name", "category", "unit", "baseline_value", "baseline_year", "baseline_text", "target_value",
        "target_comparator", "target_year", "note", "line", "last_line",
    ).rows()  # fmt: skip
    assert rows == [
        ("間伐を終えた森林の面積", "統計", "ha", 120.0, 2024, "120(2024)", 200.0, "eq", 2030, "※1 町有林を含む", 10, 11),
        ("森に親しむ人の割合", "意識", "%", 35.5, 2024, "35.5(2024)", 50.0, "ge", 2030, None, 12, 12),
        ("林道の事故件数", "統計", "件", 4.0, 2023, "4(2023)", 2.0, "le", 2030, None, 16, 16),
    ]  # fmt: skip
    policy = run.plans[0].policies[0]
    assert policy.parent == ("分野2 環境",)
    assert [(s.name, s.items) for s in policy.sections] == [
        ("重点", ("▼重点 山の暮らしを守る",)),
        ("めざす姿", ("森を手入れする人が増えています。", "木の家が建っています。")),
    ]
    assert [(r.actor, r.statements) for r in policy.roles] == [
        ("住民", ("森の行事に参加します",)),
        ("事業者", ("地元の木材を使います",)),
    ]
    # the line that names no actor is reported with its line, never dropped; the side bar is furniture
    assert [(i.span.first_line, "names no actor" in i.message) for i in run.issues] == [(19, True)]


def test_an_item_whose_bullet_matches_a_boundary_goes_on_with_its_section(tmp_path: Path) -> None:
    # Suzaka's ☞ items open with a boundary's mark: a line that opens an item never ends the block
    folder = tmp_path / "kiso"
    (folder / "layouts").mkdir(parents=True)
    _spec(folder / "layouts", FLOW_SPEC.replace("bullet = '^・'", "bullet = '^■・'"), "pages.toml")
    doc = tmp_path / "pages.txt"
    doc.write_text(FLOW_DOC.replace("・森を", "■・森を").replace("・木の", "■・木の"), encoding="utf-8")
    run = parse([doc], host=PluginHost.only(kiso=_plugin(KISO, folder)))
    section = run.plans[0].policies[0].sections[1]
    assert (section.name, section.items) == (
        "めざす姿",
        ("森を手入れする人が増えています。", "木の家が建っています。"),
    )
    # the section stands from its first item to its last, each item on the line it starts on
    assert (section.span.first_line, section.span.last_line, section.item_lines) == (4, 6, (4, 6))


def test_a_heading_line_longer_than_a_title_is_reported_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "kiso"
    (folder / "layouts").mkdir(parents=True)
    _spec(folder / "layouts", FLOW_SPEC, "pages.toml")
    doc = tmp_path / "one.txt"
    doc.write_text(" ".join(FLOW_DOC.splitlines()[1:]), encoding="utf-8")
    run = parse([doc], host=PluginHost.only(kiso=_plugin(KISO, folder)))
    assert run.tables["indicators"].is_empty()
    assert any("more than a title" in i.message and i.span.first_line == 1 for i in run.issues)


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
cells = "tab"
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


def test_a_spec_that_passed_is_not_validated_again_but_an_edited_one_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import munigoals.specs as specs

    monkeypatch.setenv("MUNIGOALS_CACHE_DIR", str(tmp_path / "cache"))
    path = _spec(tmp_path, TREE_SPEC, "tree.toml")
    load_spec(path)  # validated, and the pass recorded
    calls: list[object] = []
    real = specs._validator
    monkeypatch.setattr(specs, "_validator", lambda: calls.append(1) or real())
    assert load_spec(path).name == "kiso.tree" and calls == []  # the same bytes: no second validation
    path.write_text(TREE_SPEC.replace('cells = "tab"', 'cells = "tabs"'), encoding="utf-8")
    with pytest.raises(SpecError, match=r"tree\.toml: blocks\[0\]"):
        load_spec(path)
    assert calls == [1]


def test_a_spec_that_passed_before_compiles_its_patterns_when_first_used_and_reads_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from munigoals.model import Document
    from munigoals.patterns import _LazyPattern

    monkeypatch.setenv("MUNIGOALS_CACHE_DIR", str(tmp_path / "cache"))
    path = _spec(tmp_path, TREE_SPEC, "tree.toml")
    first, again = load_spec(path), load_spec(path)  # checked whole, then from the record
    assert not isinstance(first.headings[0].regex, _LazyPattern)
    pattern = again.headings[0].regex
    assert isinstance(pattern, _LazyPattern) and "search" not in vars(pattern)  # not compiled yet
    text = "第1章 森のまち\n施策1-1 森を守る\n指標名\t単位\t現状値(R元)\t目標値(令和8年度)\n間伐面積\tha\t30\t45以上\n"
    document = Document("doc", "doc.txt", "0" * 64, "utf-8")
    town = sdk.Municipality("kiso", "木曽町", "Kiso", "204307", "長野県")
    assert again.sniff(text) == first.sniff(text) == 0.6
    assert again.read(text, document, town) == first.read(text, document, town)
    assert "search" in vars(pattern)  # compiled by the read


def test_a_spec_loaded_again_is_equal_to_the_first_and_scores_a_float(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MUNIGOALS_CACHE_DIR", str(tmp_path / "cache"))
    path = _spec(tmp_path, TREE_SPEC, "tree.toml")
    first, again = load_spec(path), load_spec(path)  # checked whole, then patterns compiled on first use
    assert first == again
    assert isinstance(again.sniff("nothing of it"), float)


def test_furniture_with_an_inline_flag_is_furniture_only_where_it_matches(tmp_path: Path) -> None:
    # (?i) cannot be joined into one alternation: the patterns are then tried one by one
    spec = TREE_SPEC.replace("furniture = ['^- \\d+ -$', '^木曽町計画$']", "furniture = ['(?i)^page \\d+$']")
    assert "(?i)" in spec
    run = _read(
        tmp_path,
        spec,
        "第1章 森のまち\n施策1-1 森を守る\n指標名\t単位\t現状値(R元)\t目標値(令和8年度)\n"
        "間伐面積\tha\t30\t45以上\nPAGE 2\n薪の出荷量\tt\t12\t20\n",
    )
    assert _rows(run, "name", "target_value") == [("間伐面積", 45.0), ("薪の出荷量", 20.0)]


@pytest.mark.parametrize(
    ("top", "blocks"),
    [("blocks = 3\n", ""), ("", "[[blocks]]\nkind = ['x']\n"), ("", "[[blocks]]\nkind = { a = 1 }\n")],
)
def test_a_spec_whose_blocks_are_not_tables_of_a_kind_is_refused_in_one_line(
    tmp_path: Path, top: str, blocks: str
) -> None:
    text = top + TREE_SPEC.split("[[blocks]]")[0] + blocks
    with pytest.raises(SpecError, match=r"kanri\.toml: (\(top level\)|blocks)"):
        load_spec(_spec(tmp_path, text))


def test_a_record_of_another_python_does_not_vouch_for_a_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import munigoals.specs as specs

    monkeypatch.setenv("MUNIGOALS_CACHE_DIR", str(tmp_path / "cache"))
    path = _spec(tmp_path, TREE_SPEC, "tree.toml")
    load_spec(path)
    calls: list[object] = []
    real = specs._validator
    monkeypatch.setattr(specs, "_validator", lambda: calls.append(1) or real())
    monkeypatch.setattr(sys, "version", "3.99.0 (another Python)")
    load_spec(path)
    assert calls == [1]


def test_a_spec_whose_pattern_lacks_a_group_is_refused_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MUNIGOALS_CACHE_DIR", str(tmp_path / "cache"))
    path = _spec(tmp_path, TREE_SPEC.replace("(?P<title>.+)$'\nlevel = 1", "(.+)$'\nlevel = 1"), "tree.toml")
    for _ in range(2):  # the schema passes, the load does not: nothing is recorded
        with pytest.raises(SpecError, match=r"policies\[0\]\.regex: needs a group"):
            load_spec(path)


@pytest.mark.parametrize(
    ("kind", "instead"),
    [("bullets", "items"), ("actor_roles", "role_table")],
)
def test_a_kind_merged_into_another_is_refused_naming_the_kind_to_use(
    tmp_path: Path, kind: str, instead: str
) -> None:
    # the kinds were written twice on parallel branches: one kind a job now, and a spec naming the old
    # one is told which to use, never read as a plugin's kind nobody registered
    spec = FLOW_SPEC.replace(f'kind = "{instead}"', f'kind = "{kind}"')
    path = _spec(tmp_path, spec, "pages.toml")
    k = 1 if kind == "bullets" else 3
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: blocks[{k}].kind: kind '{kind}' is no more; use kind = '{instead}'")


def test_a_role_table_names_its_cells_or_its_actors(tmp_path: Path) -> None:
    spec = FLOW_SPEC.replace("actor = '^(?P<actor>住民|事業者|町)(?:\\s+(?P<text>.*))?$'\n", "")
    assert spec != FLOW_SPEC
    with pytest.raises(SpecError, match=r"pages\.toml: blocks\[3\]"):
        load_spec(_spec(tmp_path, spec, "pages.toml"))


def test_the_schema_and_the_engine_know_the_same_core_block_kinds() -> None:
    import json

    from munigoals.specs import _CORE_KINDS, SCHEMA_PATH

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    text = json.dumps(schema, ensure_ascii=False)
    consts = set(re.findall(r'"kind": \{"const": "(\w+)"\}', text))
    (named,) = re.findall(r'"kind": \{"not": \{"enum": (\[[^\]]*\])\}\}', text)
    # a kind the engine reads has its own keys in the schema, and is no named kind of a plugin
    assert consts == set(json.loads(named)) == set(_CORE_KINDS)


_SNIFF_PATTERNS = [
    re.compile(p)
    for p in (
        r"^目標", r"値$", r"^\d+$", r"施策\s*\d", r"[^a]+b", r"\bab\b", r"\Bb", r"a|^c$", r"\Aab", r"b\Z", r"x?",
        r"目標\s値", r"(?P<n>\d)\s*件",
    )
]  # fmt: skip


@pytest.mark.parametrize(
    ("head", "pattern", "found"),
    [
        ("c\nab", r"\Aab", True),  # the start of a line, not of the head
        ("ab\nc", r"b\Z", True),
        ("目標\n値", r"目標\s値", False),  # found only across two lines
        ("a\n目標です", r"^目標", True),
        ("施策\n1", r"施策\s*\d", False),
        ("x\n12", r"^\d+$", True),
        ("x\nab", r"(?-m:^)ab", True),  # a part with the multi-line flag off: searched line by line
        ("x\nAB", r"(?i)^ab$", True),
    ],
)
def test_a_sniff_pattern_is_found_in_a_line_not_across_two(head: str, pattern: str, found: bool) -> None:
    from munigoals.specs import _in_a_line

    assert _in_a_line(re.compile(pattern), head) is found


def test_a_sniff_pattern_compiled_with_flags_is_searched_with_them() -> None:
    from munigoals.specs import _in_a_line

    assert _in_a_line(re.compile(r"^ab$", re.IGNORECASE), "x\nAB")


@given(
    lines=st.lists(st.text(alphabet="ab c1目標値施策件 \u3000\t", max_size=12), max_size=8),
    index=st.integers(0, len(_SNIFF_PATTERNS) - 1),
)
def test_a_sniff_pattern_is_found_in_the_head_exactly_where_it_is_in_one_of_its_lines(
    lines: list[str], index: int
) -> None:
    from munigoals.layouts import normalized_lines
    from munigoals.specs import _in_a_line

    head = "\n".join(lines)
    regex = _SNIFF_PATTERNS[index]
    assert _in_a_line(regex, head) == any(regex.search(line) for line in normalized_lines(head))


def test_parse_layout_reads_with_a_spec_no_package_holds_as_a_trial_city_value(tmp_path: Path) -> None:
    """``parse --layout SPEC --city CODE``: the trial city is a CITY value whose one layout is the spec;
    an installed city keeps its municipality and documents, any valid code makes a city of its own."""
    import json

    import munigoals_oyabe
    from click.testing import CliRunner

    from munigoals.cli import cli
    from munigoals.plugins import trial_host

    root = Path(munigoals_oyabe.__file__).parent
    spec = tmp_path / "trial.toml"
    spec.write_text((root / "layouts" / "seika-shihyo.toml").read_text(encoding="utf-8"), encoding="utf-8")
    fixture = Path(munigoals_oyabe.__file__).parents[2] / "tests" / "fixtures" / "seika.txt"

    def rows(*args: str) -> list[dict[str, object]]:
        result = CliRunner().invoke(cli, ["parse", str(fixture), "--format", "jsonl", *args])
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in result.stdout.splitlines()]

    installed = rows("--city", "oyabe")
    assert installed and rows("--layout", str(spec), "--city", "162094") == installed
    host = trial_host(spec, "162094")
    assert host.failures == () and [c.slug for c in host.cities] == ["oyabe"]
    assert [layout.name for layout in host.cities[0].layouts] == ["oyabe.seika-shihyo"]
    assert host.cities[0].documents == munigoals_oyabe.CITY.documents
    elsewhere = rows("--layout", str(spec), "--city", "202029")
    assert {row["city"] for row in elsewhere} == {"c202029"}
    assert [row["name"] for row in elsewhere] == [row["name"] for row in installed]


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("999997", "its first two digits, 99, are no prefecture's number (01 to 47)"),
        ("480002", "its first two digits, 48, are no prefecture's number (01 to 47)"),
        ("12", "a code is 6 digits"),
        ("20203", "a code is 6 digits"),
        ("202038", "check digit"),
    ],
)
def test_a_trial_city_code_that_is_none_is_refused_saying_why(tmp_path: Path, code: str, why: str) -> None:
    import munigoals_oyabe

    from munigoals.errors import MunigoalsError
    from munigoals.plugins import trial_host

    spec = Path(munigoals_oyabe.__file__).parent / "layouts" / "seika-shihyo.toml"
    with pytest.raises(MunigoalsError, match="no valid 全国地方公共団体コード") as caught:
        trial_host(spec, code)
    assert why in str(caught.value) and "index" not in str(caught.value)


def test_a_trial_prefecture_is_a_prefecture() -> None:
    import munigoals_oyabe

    from munigoals.plugins import trial_host

    spec = Path(munigoals_oyabe.__file__).parent / "layouts" / "seika-shihyo.toml"
    (tokyo,) = trial_host(spec, "130001").cities
    assert (tokyo.municipality.kind, tokyo.municipality.name_ja, tokyo.municipality.prefecture) == (
        "prefecture", "東京都", "東京都",
    )  # fmt: skip


def test_units_a_row_states_twice_and_differently_are_reported_not_guessed(tmp_path: Path) -> None:
    doc = (
        "1-1 森と暮らす\n"
        "成果指標\t策定時(令和4年度)\t目標値(令和9年度)\n"
        "森の教室の参加\t30人\t45回\n"
        "間伐面積(ha)\t12%\t20%\n"
        "林道の延長(km)\t8.5\t9.0km\n"
    )
    run = _read(tmp_path, TAB_SPEC, doc)
    assert _rows(run, "name", "unit", "baseline_text", "target_text") == [
        ("森の教室の参加", None, "30人", "45回"),
        ("間伐面積", None, "12%", "20%"),
        ("林道の延長", "km", "8.5", "9.0km"),
    ]
    units = {i.span.first_line: i.message for i in run.issues if "different units" in i.message}
    assert sorted(units) == [3, 4] and "(人, 回)" in units[3] and "(%, ha)" in units[4]
    values = run.tables["values"].filter(pl.col("line") == 3).select("value_kind", "unit").rows()
    assert sorted(values) == [("baseline", "人"), ("target", "回")]  # each value keeps its own


def test_several_target_columns_the_latest_is_final_and_the_others_on_the_way(tmp_path: Path) -> None:
    doc = (
        "1-1 森と暮らす\n"
        "成果指標\t現状値(令和4年度)\t目標値(令和9年度)\t目標値(令和7年度)\n"
        "森林ボランティア登録者数(人)\t20\t60\t40\n"
    )
    run = _read(tmp_path, TAB_SPEC, doc)
    assert _rows(run, "target_value", "target_year", "interim_target_value", "interim_target_year") == [
        (60.0, 2027, 40.0, 2025)
    ]
    assert not [i for i in run.issues if "target column" in i.message]
    # two target columns of one year: which is final is not told
    same = _read(tmp_path, TAB_SPEC, doc.replace("目標値(令和7年度)", "目標値(令和9年度)"))
    assert _rows(same, "target_value", "interim_target_value") == [(60.0, None)]
    assert any("second target column" in i.message for i in same.issues)


def test_a_rows_year_group_reads_era_years_and_reports_one_it_cannot(tmp_path: Path) -> None:
    spec = FLOW_SPEC.replace("(?P<baseline_year>\\d{4})", "(?P<baseline_year>[^()]+)")
    assert spec != FLOW_SPEC
    doc = (
        "政策 3 森と暮らす\n■指標\n指標名 現状値 目標値(2030年度)\n"
        "植樹の本数(本) 120 (R4) 200 以上\n林道の点検(回) 4 (2021) 6\n巡回の回数(回) 3 (去年) 5\n"
    )
    run = _read(tmp_path, spec, doc)
    assert _rows(run, "name", "baseline_value", "baseline_year", "target_year") == [
        ("植樹の本数", 120.0, 2022, 2030),
        ("林道の点検", 4.0, 2021, 2030),
        ("巡回の回数", 3.0, None, 2030),
    ]
    assert [i.span.first_line for i in run.issues if "baseline year '去年'" in i.message] == [6]


LABELLED_SPEC = """
name = "kiso.records"
description = "each indicator a record of labelled lines"
[sniff]
markers = ["指標名"]
patterns = [{ regex = '^指標名:', weight = 0.6 }]
[[policies]]
regex = '^施策(?P<id>\\d+) (?P<title>.+)$'
[[blocks]]
kind = "labelled_values"
start = '^指標名\\s*:\\s*(?P<name>.+)$'
[blocks.columns]
ignore = ['^担当']
"""


def test_labelled_records_are_indicators_each_label_a_column_role(tmp_path: Path) -> None:
    doc = (
        "施策1 森を守る\n\n指標名：間伐の面積\n単位：ha\n現状値(R4)：120\n中間目標(R7)：150\n"
        "目標値(R9)：200以上\n担当課：林務課\n\n指標名：森林ボランティアの数\n現状値：―\n目標値：60人(R9)\n"
        "備考：毎年度見直す\n"
    )
    run = _read(tmp_path, LABELLED_SPEC, doc)
    assert _rows(
        run, "name", "unit", "baseline_value", "baseline_year", "interim_target_value", "interim_target_year",
        "target_value", "target_year", "target_comparator", "line", "last_line",
    ) == [
        ("間伐の面積", "ha", 120.0, 2022, 150.0, 2025, 200.0, 2027, "ge", 3, 8),
        ("森林ボランティアの数", "人", None, None, None, None, 60.0, 2027, "eq", 10, 13),
    ]  # fmt: skip
    # a label no role names is reported on its line; one the spec ignores (担当課) is not
    assert [(i.span.first_line, "'備考'" in i.message) for i in run.issues] == [(13, True)]


def test_a_labelled_values_year_on_a_line_of_its_own_is_its_year(tmp_path: Path) -> None:
    doc = "施策1 森を守る\n指標名：間伐の面積\n現状値：120ha\n（令和4年度）\n目標値：200ha以上\n（令和9年度）\n担当課：林務課\n"
    run = _read(tmp_path, LABELLED_SPEC, doc)
    assert _rows(run, "baseline_value", "baseline_year", "target_value", "target_year", "last_line") == [
        (120.0, 2022, 200.0, 2027, 7)
    ]
    assert not run.issues


SPACES_SPEC = TAB_SPEC.replace('cells = "tab"', 'cells = "spaces"')


def test_a_spaces_table_places_cells_under_the_header_by_where_they_stand(tmp_path: Path) -> None:
    doc = (
        "1-1 森と暮らす\n"
        "  成果指標                 策定時(令和4年度)   中間目標(令和7年度)   目標値(令和9年度)\n"
        "  間伐の面積(ha)                               150                   200\n"
        "  ボランティア登録者数(人)  20                  40                    60\n"
        "  巡回の回数(回)           12(R3) 14                                 20\n"
        "  林道の点検(回)           4                   5\n"
    )
    run = _read(tmp_path, SPACES_SPEC, doc)
    assert _rows(run, "name", "baseline_value", "interim_target_value", "target_value") == [
        ("間伐の面積", None, 150.0, 200.0),  # the blank 策定時 is blank, not the 150 moved left
        ("ボランティア登録者数", 20.0, 40.0, 60.0),
        ("巡回の回数", 12.0, None, 20.0),
        ("林道の点検", 4.0, 5.0, None),  # cut at its end: kept as far as it is whole, and said
    ]
    said = {i.span.first_line: i.message for i in run.issues}
    assert "holds two values one space apart" in said[5] and "row cut" in said[6]


def test_layout_check_says_when_no_marker_stands_in_the_document_as_parse_requires(tmp_path: Path) -> None:
    spec = _spec(tmp_path, TAB_SPEC.replace('markers = ["成果指標"]', 'markers = ["（成果指標）"]'))
    doc = tmp_path / "doc.txt"
    doc.write_text(TAB_DOC, encoding="utf-8")
    command = [sys.executable, "-m", "munigoals", "layout", "check", str(spec), str(doc)]
    said = subprocess.run(command, capture_output=True, text=True).stdout.splitlines()[1]
    assert "sniffed 0.60" in said and "none of its markers （成果指標）" in said
    assert "parse would not choose this layout" in said
    fine = _spec(tmp_path, TAB_SPEC, "fine.toml")
    ok = subprocess.run([*command[:-2], str(fine), str(doc)], capture_output=True, text=True)
    assert ok.stdout.splitlines()[1].endswith("sniffed 0.60")


TWO_LINE_SPEC = """
name = "kiso.twoline"
description = "tab tables whose header may go on onto a line of years"
[sniff]
markers = ["指標名"]
patterns = [{ regex = '^指標名\\s単位', weight = 0.6 }]
[[policies]]
regex = '^施策(?P<id>\\d+) (?P<title>.+)$'
[[blocks]]
kind = "indicator_table"
cells = "tab"
"""


def test_a_header_of_two_lines_gives_each_column_its_year_and_a_name_may_wrap_after_a_tab(
    tmp_path: Path,
) -> None:
    run = _read(
        tmp_path,
        TWO_LINE_SPEC,
        "施策1 森を守る\n指標名\t単位\t現状値\t目標値\n\t\t(令和4年度)\t(令和10年度)\n"
        "間伐を行った森林の\tha\t30\t45\n\t面積\n薪の出荷量\tt\t12\t20\n",
    )
    assert _rows(run, "name", "baseline_year", "target_year", "line", "last_line") == [
        ("間伐を行った森林の面積", 2022, 2028, 4, 5),  # the name's end under the 単位 column: joined
        ("薪の出荷量", 2022, 2028, 6, 6),
    ]
    assert not run.issues
    # a word under a value column, a bracket or a no-value mark is no name's end: reported, never joined
    for stray in ("\t\t維持", "\t(見込)", "\t\t―"):
        run = _read(
            tmp_path,
            TWO_LINE_SPEC,
            f"施策1 森を守る\n指標名\t単位\t現状値(R4)\t目標値(R10)\n薪の出荷量\tt\t12\t20\n{stray}\n",
        )
        assert _rows(run, "name") == [("薪の出荷量",)], stray
        assert [i.span.first_line for i in run.issues] == [4], stray


def test_a_cells_own_year_wins_over_its_headers_before_a_bracket_of_words(tmp_path: Path) -> None:
    run = _read(
        tmp_path,
        TWO_LINE_SPEC,
        "施策1 森を守る\n指標名\t単位\t現状値(R5)\t目標値(R11)\n林業体験の参加者\t人\t140(R4)(速報値)\t200\n",
    )
    assert _rows(run, "baseline_value", "baseline_year", "baseline_text") == [(140.0, 2022, "140(速報値)")]


def test_a_cell_from_one_value_to_another_is_reported_never_one_of_them(tmp_path: Path) -> None:
    run = _read(
        tmp_path,
        TWO_LINE_SPEC.replace("単位", "現状値"),
        "施策1 森を守る\n指標名\t現状値→目標値\n間伐面積\t30ha→45ha\n",
    )
    assert _rows(run, "name", "target_value", "baseline_value") == [("間伐面積", None, None)]
    (issue,) = run.issues
    assert issue.span.first_line == 3 and "holds two values, from one to the other" in issue.message


def test_an_as_of_day_in_a_header_is_the_values_date_written_with_an_era_letter_too(tmp_path: Path) -> None:
    run = _read(
        tmp_path,
        TWO_LINE_SPEC,
        "施策1 森を守る\n指標名\t単位\t基準値(令和元年度)\t実績(R5.3.31現在)\t目標値(令和7年度)\n"
        "薪の出荷量\tt\t12\t15\t20\n",
    )
    (actual,) = run.tables["values"].filter(pl.col("value_kind") == "actual").iter_rows(named=True)
    assert (actual["year"], actual["year_kind"], actual["date"]) == (2023, "date", "2023-03-31")


def test_a_footnote_mark_in_a_value_cell_gets_its_note_and_notes_one_a_line_stay_apart(
    tmp_path: Path,
) -> None:
    spec = TWO_LINE_SPEC + "[[blocks]]\nkind = \"footnotes\"\nstart = '^(?P<mark>※\\d*)\\s*(?P<text>.*)$'\n"
    run = _read(
        tmp_path,
        spec,
        "施策1 森を守る\n指標名\t単位\t現状値(R4)\t目標値(R10)\n間伐面積\tha\t30※1\t45以上※2\n\n"
        "※1 県の調査による\n※2 私有林を含む\n",
    )
    (note,) = _rows(run, "note")[0]
    assert "※1 県の調査による" in note and "※2 私有林を含む" in note
    assert "※1 県の調査による※2" not in note  # each note its own


def test_a_citys_own_header_words_win_over_the_cores_and_signed_and_bracketed_cells_read(
    tmp_path: Path,
) -> None:
    spec = TWO_LINE_SPEC.replace("指標名", "目標項目") + (
        "[blocks.columns]\nname = ['^目標項目$']\nignore = ['^項目$']\n"
    )
    run = _read(
        tmp_path,
        spec,
        "施策1 学びの充実\n目標項目\t単位\t現状値(R4)\t目標値(R10)\n"
        "学力調査の全国平均との差\tポイント\t+1.2\t+3.0\n読書が好きな児童の割合\t%\t61.0\t75.0(R9)以上\n"
        "不登校の児童の割合\t%\t1.2\t1.0(R9)を下回る\n"
        "■ 事業費(千円)\n項目\t令和6年度\t令和7年度\n図書購入費\t1,200\t1,300\n",
    )
    # 目標項目 is the name column though the core's 目標 is a target's; a 項目 table of budgets is no table
    assert _rows(run, "name", "baseline_value", "target_value", "target_year", "target_comparator") == [
        ("学力調査の全国平均との差", 1.2, 3.0, 2028, "eq"),
        ("読書が好きな児童の割合", 61.0, 75.0, 2027, "ge"),  # the cell's year, then its comparator
        ("不登校の児童の割合", 1.2, 1.0, 2027, "lt"),  # and a comparator written as a verb
    ]
    signed = run.tables["values"].filter(pl.col("indicator") == "学力調査の全国平均との差")
    assert signed.select("value", "text").rows() == [(1.2, "+1.2"), (3.0, "+3.0")]
    assert not any(signed["change"].to_list())  # +1.2: a value with its sign, as -1.2 is; no change
    assert {i.span.first_line for i in run.issues} >= {7, 8}  # the budget lines: not read, reported


def test_one_cell_a_line_a_target_in_words_is_a_row_and_the_next_row_stays_whole(tmp_path: Path) -> None:
    cells = [
        "指標名", "単位", "現状値(令和2年度)", "目標値(令和9年度)",
        "見守り協力店の数", "店", "―", "増加",
        "里山ウォークの参加者数", "人", "320", "500以上",
    ]  # fmt: skip
    run = _read(tmp_path, ONE_A_LINE, "施策3 里山を生かす\n" + "\n".join(cells) + "\n")
    assert _rows(run, "name", "baseline_value", "target_value", "target_text") == [
        ("見守り協力店の数", None, None, "増加"),  # 増加 fits a target column: no name wraps here
        ("里山ウォークの参加者数", 320.0, 500.0, "500以上"),
    ]


def test_a_column_of_years_a_merged_group_cell_and_values_the_grammar_cannot_read(tmp_path: Path) -> None:
    spec = """
name = "kiso.years"
description = "a pipe table with a 目標年度 column and a group column"
[sniff]
markers = ["| 基本目標 |"]
patterns = [{ regex = '^\\| 基本目標 \\|', weight = 0.6 }]
[[policies]]
regex = '^## (?P<id>\\d+) (?P<title>.+)$'
[[blocks]]
kind = "indicator_table"
cells = "pipe"
[blocks.columns]
policy_code = ['^基本目標$']
"""
    run = _read(
        tmp_path,
        spec,
        "## 1 森を守る\n| 基本目標 | 指標名 | 現状値 | 目標値 | 目標年度 |\n|---|---|---|---|---|\n"
        "| 1 森林 | 間伐面積 | 30ha | 45ha | R10 |\n|  | 薪の出荷量 | 約12t | 20t | R9 |\n"
        "| 2 温暖化 | 排出量 | 412千t-CO2 | 300千t-CO2程度以下 | 令和12年度 |\n",
        name="doc.md",
    )
    assert _rows(run, "name", "policy_code", "baseline_value", "unit", "target_value", "target_year") == [
        ("間伐面積", "1 森林", 30.0, "ha", 45.0, 2028),  # the year column gives the target its year
        ("薪の出荷量", "1 森林", 12.0, "t", 20.0, 2027),  # a blank group cell: the merged one above
        ("排出量", "2 温暖化", 412.0, "千t-CO2", 300.0, 2030),
    ]
    # 約12t and 300千t-CO2程度以下 are about 12, and about 300 at most: values, the approximation a note
    (_, wood), (_, carbon) = _rows(run, "target_comparator", "note")[1:]
    assert "baseline: 約" in wood and carbon == "target: 程度"
    assert _rows(run, "target_comparator")[2] == ("le",)
    assert not run.issues


def test_tables_under_their_own_headings_each_give_their_kind(tmp_path: Path) -> None:
    spec = """
name = "kiso.kinds"
description = "an outcome table and a process table per policy"
[sniff]
markers = ["指標名"]
patterns = [{ regex = '^指標名\\s単位', weight = 0.6 }]
[[policies]]
regex = '^施策(?P<id>\\d+) (?P<title>.+)$'
[[blocks]]
kind = "indicator_table"
cells = "tab"
start = '^【成果指標】$'
indicator_kind = "outcome"
[[blocks]]
kind = "indicator_table"
cells = "tab"
start = '^【活動指標】$'
indicator_kind = "process"
"""
    header = "指標名\t単位\t現状値(R4)\t目標値(R10)\n"
    run = _read(
        tmp_path,
        spec,
        f"施策1 森を守る\n【成果指標】\n{header}森林の面積\tha\t900\t950\n【活動指標】\n{header}"
        f"間伐の講習会\t回\t2\t4\n施策2 川を守る\n{header}水質の基準達成率\t%\t80\t90\n",
    )
    assert _rows(run, "name", "kind") == [("森林の面積", "outcome"), ("間伐の講習会", "process")]
    # a table with no heading of its own is no table of these blocks: its lines are reported
    assert {i.span.first_line for i in run.issues} >= {9, 10}

"""What item cells say besides their numbers (:mod:`munigoals.reports.items`), in texts of our own."""

from __future__ import annotations

from munigoals.model import ActionTarget, Direction, Indicator, IndicatorKind, Span, Target
from munigoals.reports.items import (
    arrow_indicators,
    item_office,
    named_by_item,
    named_by_office,
    plan_position,
    split_by_circled,
)

_SPAN = Span("sheet.txt", 3, 3)


def _target(item: str) -> ActionTarget:
    return ActionTarget(item=item, target=Target(2.0, text=item))


def _observation(name: str) -> Indicator:
    return Indicator(
        name=name,
        kind=IndicatorKind.OBSERVED,
        category=None,
        unit="回",
        baseline=None,
        target=None,
        span=_SPAN,
    )


def test_a_cell_splits_at_its_circled_numbers_and_keeps_what_comes_before() -> None:
    assert split_by_circled("はじめに ① 花壇の手入れ ② 清掃 の 日") == {
        0: "はじめに",
        1: "花壇の手入れ",
        2: "清掃 の 日",
    }
    assert split_by_circled("番号のない段落") == {0: "番号のない段落"}
    assert split_by_circled("③") == {3: ""}


def test_the_office_is_the_bracket_that_ends_an_item() -> None:
    assert item_office("見守り活動の支援（北部公民館）") == "北部公民館"
    assert item_office("窓口の案内(市民課) ") == "市民課"
    assert item_office("（市民課）の窓口の案内") is None  # not at the end
    assert item_office("講座の開催(年3回)") is None  # a bracket that names no office


def test_observations_are_told_apart_by_office_only_where_the_items_name_two() -> None:
    found = [
        _observation("協議会 2回開催"),
        _observation("協議会 2回開催"),
        _observation("研修 1回 (東支所)"),
    ]
    named = named_by_office(found, ["東支所", "西支所", "東支所"])
    assert [i.name for i in named] == [
        "協議会 2回開催 (東支所)",
        "協議会 2回開催 (西支所)",
        "研修 1回 (東支所)",
    ]
    # one office, or none: the names stay (the department says whose they are)
    assert [i.name for i in named_by_office(found, ["東支所", None, "東支所"])] == [i.name for i in found]


def test_a_bare_target_is_named_by_the_item_part_its_mark_stands_under() -> None:
    item = "(1) 相談窓口の周知 (2) 親子向け見学会の実施"
    assert named_by_item(_target("3回以上実施"), "(1) 広報1回 (2) 3回以上実施", item).item == (
        "親子向け見学会の実施 3回以上実施"
    )
    # a target that names its own noun stays as it is
    assert named_by_item(_target("見学会3回"), "(2) 見学会3回", item).item == "見学会3回"
    # no mark before it in the target cell: nothing to name it by
    assert named_by_item(_target("3回以上実施"), "3回以上実施", item).item == "3回以上実施"


def test_a_bare_number_is_named_by_the_bullet_in_the_same_place() -> None:
    action = "・ 星空観察会の開催 ・ 写真展の開催"
    assert named_by_item(_target("6回"), "・ 6回 ・ 年度末", action).item == "星空観察会の開催 6回"
    # bullets that do not pair up name nothing
    assert named_by_item(_target("6回"), "・ 6回 ・ 年度末 ・ 随時", action).item == "6回"
    assert named_by_item(_target("6回"), None, action).item == "6回"


def test_a_position_in_the_plan_is_its_first_hen_and_sho_and_every_setsu() -> None:
    position = "第2編 くらし 第3章 福祉 第1節 子育て 第4節 高齢者"
    assert plan_position(position) == ("第2編 くらし", "第3章 福祉", "第1節 子育て / 第4節 高齢者")
    assert plan_position("位置付けなし") == ()


def test_a_bracketed_baseline_to_target_is_an_indicator_of_the_plans_year() -> None:
    (found,) = arrow_indicators("・ 図書館の貸出冊数の増加（12,000冊→13,500冊）", 2023, _SPAN)
    assert found.name == "図書館の貸出冊数"
    assert (found.unit, found.baseline.value, found.target.value) == ("冊", 12000, 13500)
    assert (found.baseline.fiscal_year, found.target.fiscal_year) == (None, 2023)
    assert found.direction == Direction.INCREASE
    assert arrow_indicators("目標は前年並み", 2023, _SPAN) == []


def test_several_deadlines_of_one_part_each_keep_their_words() -> None:
    from munigoals.reports.cells import deadlines

    assert (
        deadlines("(1) 説明会の開催(6月)、研修(9月) (2) 3月")
        == "(1) 説明会の開催: 6月; (1) 研修: 9月; (2) 3月"
    )
    assert deadlines("(1) 3月 (2) 5～7月") == "(1) 3月; (2) 5~7月"  # one each: as written
    assert deadlines("(1) 10月、翌4月") == "(1) 10月、翌4月"  # no words of their own: one 期限 text

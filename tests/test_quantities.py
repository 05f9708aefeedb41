"""The one grammar for quantities: examples from plans, round-trips, and no number invented."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munigoals.japanese import normalize
from munigoals.quantities import (
    COUNT_UNITS,
    Comparator,
    Frequency,
    Quantity,
    Target,
    approximate_word,
    each_items,
    find_quantities,
    parse_number,
)
from munigoals.testing import numbers_in


@pytest.mark.parametrize(
    ("text", "value", "value_max", "unit", "comparator", "frequency"),
    [
        ("講座2～3回程度", 2, 3, "回", Comparator.EQ, None),
        ("女性相談を週2回開催", 2, None, "回", Comparator.EQ, Frequency.PER_WEEK),
        ("毎月1回は窓口を開催", 1, None, "回", Comparator.EQ, Frequency.PER_MONTH),
        ("上田・丸子 各月1回", 1, None, "回", Comparator.EQ, Frequency.PER_MONTH),
        ("偶数月1回発行", 1, None, "回", Comparator.EQ, Frequency.PER_TWO_MONTHS),
        ("記事の配信(週約2回)", 2, None, "回", Comparator.EQ, Frequency.PER_WEEK),  # about twice a week
        ("2月約3回開催", 3, None, "回", Comparator.EQ, None),  # in February: a total, no monthly rate
        ("令和5年10回開催", 10, None, "回", Comparator.EQ, None),  # in that year: no yearly rate
        ("全体会 年2回", 2, None, "回", Comparator.EQ, Frequency.PER_YEAR),
        ("婚活セミナー等を4回以上開催", 4, None, "回", Comparator.GE, None),
        ("待ち時間30分以内", None, None, None, None, None),  # 分 is a duration, not a count
        ("相談件数100件以内", 100, None, "件", Comparator.LE, None),
        ("参加者50人まで", 50, None, "人", Comparator.LE, None),
        ("比率6.5%未満", 6.5, None, "%", Comparator.LT, None),
        ("WS9回", 9, None, "回", Comparator.EQ, None),
        ("寄附返礼品30品の増", 30, None, "品", Comparator.EQ, None),  # a change: no comparator stated
        ("1分野(有形文化財一覧)の追加", 1, None, "分野", Comparator.EQ, None),
        ("案内看板10基設置", 10, None, "基", Comparator.EQ, None),
        ("延べ1万人", 1, None, "万人", Comparator.EQ, None),
        ("3,500万円以上", 3500, None, "万円", Comparator.GE, None),
        ("957,138千円", 957138, None, "千円", Comparator.EQ, None),
    ],
)
def test_quantities_in_plan_text(
    text: str,
    value: float | None,
    value_max: float | None,
    unit: str | None,
    comparator: Comparator | None,
    frequency: Frequency | None,
) -> None:
    found = find_quantities(text)
    if value is None:
        assert found == []
        return
    assert len(found) == 1, found
    f = found[0]
    assert (f.value, f.value_max, f.unit, f.comparator, f.frequency) == (
        value,
        value_max,
        unit,
        comparator,
        frequency,
    )


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("寄附額は1億2千万円", [(1.2, "億円", "1億2千万円")]),  # one number written in parts
        ("寄附額は3億5,000万円", [(3.5, "億円", "3億5,000万円")]),
        ("参加者1万2千人", [(1.2, "万人", "1万2千人")]),
        ("寄附額3億円", [(3.0, "億円", "3億円")]),
        ("2回目は延期", []),  # an ordinal names one of them
        ("3日目に実施", []),
        ("1人1日当たり 800g以下", []),  # what a measure is per
        ("1人当たり500円", [(500.0, "円", "500円")]),
    ],
)
def test_a_number_in_parts_is_one_and_an_ordinal_or_a_per_is_none(
    text: str, read: list[tuple[float, str, str]]
) -> None:
    assert [(q.value, q.unit, q.text) for q in find_quantities(normalize(text))] == read


def test_the_start_of_an_arrow_is_not_a_quantity() -> None:
    assert [f.value for f in find_quantities("フォロワー数の増加(14,600人→15,600人)")] == [15600]


def test_each_lists_name_their_items() -> None:
    (found,) = find_quantities("フェスタ、フォーラム、講演会各1回")
    assert found.each and each_items(found.label) == ["フェスタ", "フォーラム", "講演会"]


def test_years_months_and_dates_are_not_quantities() -> None:
    assert find_quantities("令和2年度 4月～3月 H31.1.11 第2期 12月末まで") == []


def test_cells_read_whole() -> None:
    assert Quantity.from_text("1,250").value == 1250
    assert Quantity.from_text("―").value is None
    assert Quantity.from_text("講演会1回、研修会2回").value is None  # several counts: not one value
    target = Target.from_text("12.0 未満", 2025)
    assert (target.value, target.comparator, target.fiscal_year) == (12.0, Comparator.LT, 2025)
    ranged = Target.from_text("2～3回")
    assert (ranged.value, ranged.value_max, ranged.unit) == (2, 3, "回")
    weekly = Target.from_text("週2回")
    assert (weekly.value, weekly.frequency) == (2, Frequency.PER_WEEK)
    assert Target.from_text("100件以内").comparator == Comparator.LE


def test_kanji_numerals_through_kanjize() -> None:
    assert parse_number("三十五", kanji=True) == 35
    assert parse_number("三十五") is None  # only where asked: find_quantities reads digits alone


numbers = st.one_of(
    st.integers(min_value=0, max_value=10**9).map(float),
    st.decimals(min_value=0, max_value=100_000, places=1, allow_nan=False, allow_infinity=False).map(float),
)
units = st.sampled_from([u for u in COUNT_UNITS if u not in ("t", "m", "km", "ha", "kg")])
comparators = st.sampled_from(["", "以上", "以下", "以内", "未満", "超"])


def _written(value: float) -> str:
    return f"{int(value):,}" if value == int(value) else f"{value:,.1f}"


@settings(max_examples=300)
@given(numbers, units, comparators, st.sampled_from(["", "講座", "参加者数 "]))
def test_a_written_quantity_reads_back(value: float, unit: str, comparator: str, label: str) -> None:
    text = f"{label}{_written(value)}{unit}{comparator}。"
    (found,) = find_quantities(text)
    assert found.value == pytest.approx(value) and found.unit == unit
    expected = {"": Comparator.EQ, "以上": Comparator.GE, "以下": Comparator.LE, "以内": Comparator.LE,
                "未満": Comparator.LT, "超": Comparator.GT}[comparator]  # fmt: skip
    assert found.comparator == expected
    assert text[found.start : found.end].startswith(_written(value))


@settings(max_examples=300)
@given(numbers, numbers, st.sampled_from(["~", "～", "〜"]))
def test_a_written_range_reads_back(low: float, high: float, dash: str) -> None:
    (found,) = find_quantities(f"講座{_written(low)}{dash}{_written(high)}回程度")
    assert (found.value, found.value_max) == (pytest.approx(low), pytest.approx(high))


plan_text = st.text(
    alphabet=st.sampled_from(
        list(
            "0123456789０１２３４５６７８９,.，．%％~～→()（）各週月年毎回件人円千万以上下内未満超まで講座名 、・の増WS"
        )
    ),
    max_size=60,
)


@settings(max_examples=500)
@given(plan_text)
def test_no_number_is_invented(text: str) -> None:
    written = numbers_in(text)
    for found in find_quantities(text):
        assert round(found.value, 6) in written, (text, found)
        if found.value_max is not None:
            assert round(found.value_max, 6) in written, (text, found)


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("全体会(年2回程度)、首長会議(国へ年1回要望する会議)に参加", ["全体会", "首長会議"]),
        ("書面による全体会を5回実施", ["書面による全体会"]),
        ("上田(7回)、丸子地区(6回)", ["上田", "丸子地区"]),
        (
            "婚活セミナー等4回以上開催 定住自立圏での婚活セミナー 等1回以上開催",
            ["婚活セミナー等", "定住自立圏での婚活セミナー等"],
        ),
        ("(交流会2回、講座2~3回程度実施)", ["交流会", "講座"]),
        ("WS9回", ["WS"]),
        ("真田地区(1回)、武石地 区(2回)", ["真田地区", "武石地区"]),  # a cell wrapped inside a word
        ("フェスタ、講演会各1回、交流会、講座各3回実施", ["フェスタ、講演会", "交流会、講座"]),
        ("総会1回、理事会3回の開催", ["総会", "理事会"]),
    ],
)
def test_a_quantity_is_labelled_by_what_it_counts(text: str, labels: list[str]) -> None:
    assert [f.label for f in find_quantities(text)] == labels


def test_each_month_names_each_item() -> None:
    (found,) = find_quantities("特設相談:上田・丸子 各月1回")
    assert (found.each, found.frequency, each_items(found.label)) == (True, "per_month", ["上田", "丸子"])


def test_an_ordinal_is_not_a_count() -> None:
    assert [(f.label, f.value) for f in find_quantities("第8回上田市民音楽祭、第2回の会議を3回開催")] == [
        ("第2回の会議", 3.0)
    ]


def test_a_change_is_marked_and_states_no_comparator() -> None:
    (gifts,) = find_quantities("返礼品30品の増")
    (field,) = find_quantities("1分野(有形文化財一覧)の追加")
    assert gifts.change and field.change
    assert (gifts.comparator, field.comparator) == (Comparator.EQ, Comparator.EQ)
    assert not find_quantities("返礼品91品追加")[0].change  # a result: 91 were added


@pytest.mark.parametrize(
    ("cell", "value", "unit", "comparator"),
    [
        ("540g", 540, "g", Comparator.EQ),
        ("500g以下", 500, "g", Comparator.LE),
        ("12.5分", 12.5, "分", Comparator.EQ),
        ("10.0分以内", 10.0, "分", Comparator.LE),
        ("3か国以上", 3, "か国", Comparator.GE),  # a unit the table lacks, as the cell states it
        ("7割", 7, "割", Comparator.EQ),
        ("40 以上", 40, None, Comparator.GE),
        ("25程度", 25, None, Comparator.EQ),  # 程度 says how exact, it is no unit
    ],
)
def test_a_unit_the_cell_states_is_kept_and_its_comparator_read(
    cell: str, value: float, unit: str | None, comparator: Comparator
) -> None:
    target = Target.from_text(cell)
    assert (target.value, target.unit, target.comparator) == (value, unit, comparator)
    assert Quantity.from_text(cell).unit == unit


@pytest.mark.parametrize(
    ("name", "bare", "unit"),
    [
        ("窓口の平均待ち時間(分)", "窓口の平均待ち時間", "分"),
        ("来訪者数(万人)", "来訪者数", "万人"),
        ("地場産品の売上(百万円)", "地場産品の売上", "百万円"),
        ("一人一日の水使用量(L)", "一人一日の水使用量", "L"),
        ("図書の貸出数(冊/人)", "図書の貸出数", "冊/人"),
        ("登録者数(累計)", "登録者数(累計)", None),  # a bracket that is no unit stays in the name
    ],
)
def test_a_unit_bracket_ending_a_name_takes_any_unit(name: str, bare: str, unit: str | None) -> None:
    from munigoals.quantities import split_unit_from_name

    assert split_unit_from_name(name)[:2] == (bare, unit)


def test_measures_are_not_counted_in_running_text() -> None:
    # 分 and g measure: a sentence's 5分 is no count a reader could take for a target
    assert find_quantities("駅から徒歩5分の会場で300g入りを配布") == []


def test_a_value_cell_with_notes_and_its_year() -> None:
    from munigoals.quantities import Quantity, Target, parts_note, split_value_cell

    cell = split_value_cell("42% [21/50校] (令和4年度決算)")
    assert (cell.text, cell.year, cell.notes) == ("42%", 2022, ("決算", "21/50校"))
    assert split_value_cell("― (令和9年度開始)").year is None  # a bracket that is more than a year
    baseline = Quantity.from_cell("― (令和9年度開始)")
    assert (baseline.value, baseline.fiscal_year, baseline.note) == (None, None, "令和9年度開始")
    target = Target.from_cell("3.0%未満 (令和12年度)", 2029)
    assert (target.value, target.comparator, target.fiscal_year, target.unit) == (3.0, "lt", 2030, "%")
    assert Target.from_cell("12件", 2029).fiscal_year == 2029  # the header's year
    several = Quantity.from_cell("相談会3回、 講習会4回")
    assert several.value is None and several.note == "parts: 相談会 3回; 講習会 4回"
    assert parts_note("3回") is None


def test_glossary_marks_and_markdown_headings() -> None:
    from munigoals.japanese import strip_glossary_marks
    from munigoals.layouts import Line

    assert strip_glossary_marks("地域担当職員\\*の配置、ICT*の活用") == (
        "地域担当職員の配置、ICTの活用",
        ("地域担当職員", "ICT"),
    )
    heading = Line(1, "### 基本施策2 見守り", "### 基本施策2 見守り")
    assert (heading.level, heading.heading) == (3, "基本施策2 見守り")
    assert (Line(2, "本文", "本文").level, Line(2, "本文", "本文").heading) == (0, None)
    assert Line(3, "| a | b |", "| a | b |").pipe_cells == ["a", "b"]


def test_wrapped_word_shortcut_is_the_search() -> None:
    """The label's wrapped-word check looks at three characters; it says what the regex search says."""
    from munigoals import quantities

    for middle in [" ", "  ", "x", "、", "\u3000"]:
        for left in ["", "武石地", "a", "(", "、", " "]:
            for right in ["", "区", ")", " ", "、", "b"]:
                text = f"{left}{middle}{right}"
                assert quantities._wrapped_word(text) == bool(quantities._WRAPPED_WORD.search(text)), text


def test_numbers_in_reads_the_text_as_plain_nfkc_does() -> None:
    # the check that a number stands in the line it cites reads as anyone's NFKC does: ①8 is 18
    assert numbers_in("①8地域10組織") == {18.0, 10.0}
    assert numbers_in("⑫ 1,200円 ２回") == {12.0, 1200.0, 2.0}


def test_a_year_written_before_the_value_is_its_year() -> None:
    from munigoals.quantities import split_value_cell

    def _two(cell):  # type: ignore[no-untyped-def]
        return (cell.text, cell.year)

    assert _two(split_value_cell("2022年 12件")) == ("12件", 2022)
    assert _two(split_value_cell("R4年度 45.2%")) == ("45.2%", 2022)
    assert _two(split_value_cell("令和元年度 3.1")) == ("3.1", 2019)
    # a year alone is a value (a target year written as the value), and a length is no year
    assert _two(split_value_cell("2030年")) == ("2030年", None)
    assert _two(split_value_cell("5年 12件")) == ("5年 12件", None)
    # a year in brackets after the value wins
    assert _two(split_value_cell("R3 12件 (令和4年度)")) == ("R3 12件", 2022)


def test_comparators_written_as_verbs_and_volumes_are_read() -> None:
    for text, value, unit, comparator in (
        ("1.30倍を上回る", 1.3, "倍", Comparator.GT),
        ("1.0を下回らない", 1.0, None, Comparator.GE),  # a comparator, never a unit
        ("10人を下回る", 10.0, "人", Comparator.LT),
        ("5件を上回らない", 5.0, "件", Comparator.LE),
        ("80万m3以上", 80.0, "万m3", Comparator.GE),  # a volume, not 万m with a 3 left over
    ):
        target = Target.from_text(text, 2030)
        assert (target.value, target.unit, target.comparator) == (value, unit, comparator), text


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("約300人", "約"),
        ("概ね 5件", "概ね"),
        ("年7回程度", "程度"),
        ("2~3回程度", "程度"),
        ("25程度", "程度"),
        ("100件前後", "前後"),
        ("300人以上", ""),
        ("約半数", ""),  # no number: no value to be approximate
        ("程度", ""),
        ("", ""),
    ],
)
def test_the_word_that_makes_a_value_approximate(text: str, word: str) -> None:
    assert approximate_word(text) == word


@pytest.mark.parametrize(
    ("cell", "value", "comparator", "note"),
    [
        ("約320人", 320, Comparator.EQ, "約"),
        ("320人程度", 320, Comparator.EQ, "程度"),
        ("およそ3割", 3, Comparator.EQ, "およそ"),
        ("95%程度以上", 95, Comparator.GE, "程度"),  # about 95 %, at least
        ("約10分以内", 10, Comparator.LE, "約"),
        ("約年7回", 7, Comparator.EQ, "約"),
        ("年約7回", 7, Comparator.EQ, "約"),  # the rate's word first
        ("2回以上程度", 2, Comparator.GE, "程度"),  # the comparator first
        ("30品の増程度", 30, Comparator.EQ, "程度"),  # a change of about 30
        ("3か国前後", 3, Comparator.EQ, "前後"),  # a unit the table lacks, then the word
    ],
)
def test_an_approximate_value_is_a_value_whichever_side_its_word_stands(
    cell: str, value: float, comparator: Comparator, note: str
) -> None:
    """約 before the number and 程度 after it say the same thing: both keep the value, the word a note,
    in the grammar of running cells and in that of cells with a year bracket alike."""
    for target in (Target.from_text(cell), Target.from_cell(f"{cell}(令和8年度)")):
        assert (target.value, target.comparator, target.note) == (value, comparator, note)
    assert Quantity.from_cell(cell).value == value and Quantity.from_text(cell).note == note
    assert Target.from_text("約半数").value is None  # no number: nothing to be approximate


@pytest.mark.parametrize("cell", ["約5%増", "約1/3", "概ね5年ごと"])
def test_an_approximation_word_before_a_number_the_cell_says_more_of_gives_no_value(cell: str) -> None:
    """約 is taken off only where the cell is the number and no more: 約5%増 asks for a rise of about 5 %,
    約1/3 is a fraction; neither is a level of 5 or 1."""
    assert Target.from_text(cell).value is None and Quantity.from_text(cell).value is None
    assert approximate_word(cell) == ""


def test_an_approximation_word_followed_by_more_is_no_approximation() -> None:
    target = Target.from_text("10前後期")  # 前後期: the first and second halves, no 前後 of 10
    assert (target.value, target.note) == (10, "前後期") and approximate_word("10前後期") == ""


@pytest.mark.parametrize(
    ("cell", "note"),
    [("約300人(見込)", "約; (見込)"), ("300人程度※1", "程度; ※1"), ("約80%以上※1", "約; ※1")],
)
def test_a_note_after_an_approximate_value_is_kept_and_the_value_stays_approximate(
    cell: str, note: str
) -> None:
    target = Target.from_text(cell)
    assert target.value is not None and target.note == note
    assert approximate_word(cell) == note.split(";")[0]


@pytest.mark.parametrize(
    ("text", "label", "each"),
    [("講座各約3回", "講座", True), ("参加者約200人", "参加者", False), ("年間約300人の参加", "年間", False)],
)
def test_an_approximation_word_is_no_part_of_what_a_number_counts(text: str, label: str, each: bool) -> None:
    (found,) = find_quantities(text)
    assert (found.label, found.each, found.approximate) == (label, each, "約")

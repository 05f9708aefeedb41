"""Progress reports (:mod:`munigoals.reports`): what their grammar reads, in texts of our own; its
shortcuts say what the searches they replace say, and its caches hand out values a caller may change
without changing the next caller's."""

from __future__ import annotations

import itertools
import re

import pytest

from munigoals.japanese import normalize
from munigoals.quantities import find_quantities
from munigoals.reports import stated
from munigoals.reports.cells import ends_with
from munigoals.reports.series import observed_series
from munigoals.reports.stated import from_later_year
from munigoals.reports.targets import extract_targets, targets_and_results

# texts made of the characters the patterns look at, every combination up to four of them
_PIECES = ("R", "H", "x", " ", "第", "・", "令和", "/", ".", "5", "①", "あ", "S.")
_TEXTS = ["".join(p) for n in range(5) for p in itertools.product(_PIECES, repeat=n)][:20000]


@pytest.mark.parametrize(
    ("pattern", "reach"),
    [(stated.ERA_BEFORE, 1), (stated._NOT_A_COUNT_BEFORE, 2)],
    ids=["era", "not-a-count"],
)
def test_ends_with_is_the_search_of_the_whole_text(pattern: re.Pattern[str], reach: int) -> None:
    for text in _TEXTS:
        for end in range(len(text) + 1):
            assert ends_with(pattern, text, end, reach) == bool(pattern.search(text[:end])), (text, end)


def _glued_by_search(text: str, needle: str) -> bool:
    places = [m.start() for m in re.finditer(re.escape(needle), text)]
    return bool(places) and all(re.search(r"[①-⑳]$", text[:k]) for k in places)


def test_glued_to_mark_is_the_search_it_replaces() -> None:
    for text in ["①8地域", "①8地域と8地域", "8地域", "①88", "②8①8", "地域", "①8①8①8", "888"]:
        for needle in ("8", "88", "8地域"):
            assert stated._glued_to_mark(text, needle) == _glued_by_search(text, needle), (text, needle)


def test_unread_marks_the_same_numbers_each_time() -> None:
    norm = "講座を3回、令和2年4月1日現在 5地区で 12 の団体"
    first = stated._unread(norm, [(3, 5)])
    first.append("changed by a caller")
    assert stated._unread(norm, [(3, 5)]) == first[:-1]
    assert stated._unread("数字のない文", []) == []


def test_cached_targets_hand_out_new_lists() -> None:
    first = targets_and_results("(1) 講座を10回以上開催", "(1) 計12回開催", 2023)
    assert first[0][0].actual is not None and first[0][0].actual.value == 12
    first[0][1].append((9, 9))
    first.clear()
    again = targets_and_results("(1) 講座を10回以上開催", "(1) 計12回開催", 2023)
    assert len(again) == 1 and (9, 9) not in again[0][1]


def test_cached_series_hands_out_new_lists() -> None:
    text = "平成28年度の比率:合計1.1% 平成29年度の比率:合計2.5%"
    found = observed_series(text)
    assert found is not None and [q.value for q in found[2]] == [1.1, 2.5]
    found[2].clear()
    again = observed_series(text)
    assert again is not None and len(again[2]) == 2


def test_a_zero_target_is_met_by_zero_alone_and_a_rate_is_not_graded() -> None:
    (waiting,) = extract_targets("待機児童0人", "待機児童 0人", 2024)
    assert (waiting.target.value, waiting.achieved) == (0, True)
    (still,) = extract_targets("待機児童0人", "待機児童 3人", 2024)
    assert still.achieved is False
    (weekly,) = extract_targets("相談を週2回開催", "計80回開催", 2024)
    assert weekly.target.frequency == "per_week" and weekly.achieved is None
    (limit,) = extract_targets("待ち時間の苦情10件以内", "苦情 8件", 2024)
    assert (limit.target.comparator, limit.achieved) == ("le", True)


_DOWN, _UP = "decrease", "increase"


@pytest.mark.parametrize(
    ("target", "report", "actual", "achieved", "kind", "way"),
    [
        ("放置自転車を30台に削減", "放置自転車は34台", 34, False, "level", _DOWN),  # down to 30: 34 is short
        ("放置自転車を30台に削減", "放置自転車は27台", 27, True, "level", _DOWN),
        ("苦情件数を12件まで減らす", "苦情件数 15件", 15, False, "ceiling", _DOWN),  # まで: at most 12
        ("待ち時間の苦情8件以下に抑える", "苦情 9件", 9, False, "ceiling", _DOWN),
        ("会議を2～3回に削減", "会議 3回", 3, True, "level", _DOWN),  # down to 2 or 3: 3 is in the range
        ("苦情を10件程度まで減らす", "苦情 9件", 9, True, "level", _DOWN),  # 程度 between number and verb
        ("苦情を10件から5件に削減", "苦情 6件", 6, False, "level", _DOWN),  # 10 is where it starts from
        ("苦情を5件に削減", "苦情は前年より3件減の6件", 6, False, "level", _DOWN),  # the level, not the cut
        ("紙の使用量を15%削減", "紙の使用量を11%の削減", 11, False, "change", _DOWN),  # cut by 11 of 15
        ("紙の使用量を15%削減", "紙の使用量は前年度から18%削減しました", 18, True, "change", _DOWN),
        ("紙の使用量を15%削減", "紙の使用量 72%", None, None, "change", _DOWN),  # a level is no cut
        ("紙の使用量を15%削減", "紙の使用量は20%増加", None, None, "change", _DOWN),  # nor a rise
        ("紙の使用量を15%程度削減", "紙の使用量 90%", None, None, "change", _DOWN),
        (
            "電力使用量を前年比3%以上削減",
            "電力使用量を4%削減",
            4,
            True,
            "change",
            _DOWN,
        ),  # a cut of 3 at least
        ("電力使用量を前年比3%以上削減", "電力使用量は97%", None, None, "change", _DOWN),
        ("CO2排出量を10%低減", "CO2排出量 95%", None, None, "change", _DOWN),
        ("苦情件数を5件減", "計 20件(前年比5件減)", 5, True, "change", _DOWN),  # the cut beside the total
        (
            "講座参加者を100人増やす",
            "講座参加者は150人",
            None,
            None,
            "change",
            _UP,
        ),  # how many, not how many more
        ("返礼品30品の増", "新規返礼品41品追加", 41, True, "change", _UP),
        ("相談会 年6回", "相談会は前年より2回増", None, None, "level", None),  # by how much, not how many
        ("相談会 年6回", "前年より2回増の8回", 8, True, "level", None),
        ("事業所20社に削減計画の策定を依頼", "事業所25社に依頼", 25, True, "level", None),  # a noun, no way
    ],
)
def test_a_target_is_met_the_way_its_words_say_and_a_change_by_a_change(
    target: str, report: str, actual: float | None, achieved: bool | None, kind: str, way: str | None
) -> None:
    (found,) = extract_targets(target, report, 2024)
    got = (found.actual.value if found.actual else None, found.achieved, found.kind, found.direction)
    assert got == (actual, achieved, kind, way)


def test_what_was_done_to_a_counted_noun_is_no_part_of_it_and_an_ordinal_counts_nothing() -> None:
    read = [
        (q.value, q.unit)
        for q in stated.quantities(normalize("12手続追加済、2,000通発送予定、2回目を準備中"))
    ]
    assert read == [(12, "手続"), (2000, "通")]
    (talks,) = extract_targets("協賛企業を5社以上", "3社と調整中", 2024)  # in talks: no result yet
    assert (talks.actual, talks.achieved) == (None, None)
    (ahead,) = extract_targets("支援金交付 10世帯", "交付予定 7世帯", 2024)  # the plan's word before it
    (done,) = extract_targets("講座5回", "予定通り5回開催した", 2024)  # as planned: done
    assert (ahead.actual, done.actual is not None and done.actual.value) == (None, 5)
    (postponed,) = extract_targets("体験ツアーを2回実施", "1回実施。2回目は延期となった", 2024)
    assert postponed.actual is not None and postponed.actual.value == 1


@pytest.mark.parametrize(
    ("target", "report", "text", "achieved"),
    [
        ("講座を年3回開催", "2～3回実施した", "2~3回", None),  # a range: its ends disagree, not judged
        ("講座を年2回開催", "2～3回実施した", "2~3回", True),
        ("教室を年100回開催", "週2回開催している", "週2回", None),  # a weekly rate is no year's count
        ("会員数300人", "会員数 約300人", "約300人", True),  # the 約 stays with the result
        ("講座を2回開催", "1回開催、2回目は12月に予定", "1回", False),  # the 予定 is the later one's
        ("登録者数30人", "登録者は28人で、2人増の見込み", "28人", False),
    ],
)
def test_a_result_keeps_what_its_report_says_of_it(
    target: str, report: str, text: str, achieved: bool | None
) -> None:
    (found,) = extract_targets(target, report, 2024)
    assert found.actual is not None and (found.actual.text, found.achieved) == (text, achieved)


def test_a_number_of_a_target_cell_no_target_is_read_from_is_named_for_a_note() -> None:
    from munigoals.reports.targets import unread_target_numbers

    assert unread_target_numbers("(1) 食育講座を三回開催 (2) 参加者を2～3倍に拡大") == [
        "「 食育講座を三回開催 」",
        "「) 参加者を2~3倍に拡大」",
    ]  # a kanji numeral, a ratio
    # what is no count: a part mark, a deadline, a day, an age, an era's year; and what a target reads
    assert unread_target_numbers("(1) 9月までに12/16-2/1の間で39歳以下を対象に令和5年度中 講座10回以上") == []


def test_one_verb_after_a_list_of_levels_is_each_ones_way() -> None:
    bikes, cases = extract_targets(
        "放置自転車を30台に、違反件数を10件に削減", "放置自転車34台、違反件数9件", 2024
    )
    assert (bikes.direction, bikes.achieved, cases.direction, cases.achieved) == (_DOWN, False, _DOWN, True)


def test_a_number_from_a_later_year_on_is_of_that_year() -> None:
    def year(text: str, report: int) -> int | None:
        norm = normalize(text)
        return from_later_year(norm, find_quantities(norm)[-1], report)

    assert year("配布がH31年度5月から月1回に", 2018) == 2019
    assert year("令和6年度から週2回に", 2023) == 2024
    assert year("令和元年度から週1回に", 2018) == 2019 and year("R 3年度から週1回に", 2020) == 2021
    assert year("H99年度から月1回に", 2018) is None  # a year 平成 never had
    assert year("H30年度から月1回に", 2018) is None  # the report's own year: what was done
    assert year("H31年度5月から月1回に", 2019) is None
    assert year("講座を5回開催", 2018) is None


def test_report_days_and_plans_read_the_eras_reports_write() -> None:
    import datetime as dt

    from munigoals.japanese import era_year
    from munigoals.reports.stated import planned_year, word_day

    assert (era_year("H", "元"), era_year("令和", "2"), era_year("S", "63")) == (1989, 2020, 1988)
    # an older era's letter is no era in a report: S, T and M name sizes and leagues as often
    assert word_day("T1.2.3の改訂版を配布", 2023) is None
    assert (
        planned_year("・T3リーグ参入予定") is None
        and planned_year("・M7.3の地震を想定した訓練を実施予定") is None
    )
    assert word_day("協定を締結(R2.1.24)", 2019) == dt.date(2020, 1, 24)
    assert planned_year("(R3開設予定)") == 2021
    assert planned_year("(平成元年度設立予定)") == 1989
    assert planned_year("(H99設立予定)") is None  # 平成 had no 99th year
    assert planned_year("(H31設立予定、R2開設予定)") is None  # two years: none


def _reader(text: str):  # type: ignore[no-untyped-def]
    from munigoals.layouts import DocumentReader
    from munigoals.model import Document, Municipality

    town = Municipality(slug="minato", name_ja="港町", name_en="Minato", code="999997", prefecture="架空県")
    return DocumentReader(text, Document("s.txt", "s.txt", "0" * 64, "utf-8"), town)


def test_a_number_nothing_reads_is_reported_on_the_line_it_stands_on() -> None:
    from munigoals.reports.stated import Tally, stated_numbers

    # a cell over two lines: the second starts with a floor, the six characters before it end line 1
    cell = "港町では、住民向けの相談会を開催した。\n2階の会議室で子ども向けの教室を5回開いた。"
    reader = _reader(f"見出し\n{cell}\n")
    rows, tally = stated_numbers(reader, cell, where="期末報告", kind="result", year=2023, first=2, last=3)
    assert [(r.actuals[0].text, r.span.first_line) for r in rows] == [("5回", 3)]
    (issue,) = reader.issues
    assert (issue.span.first_line, "floor" in issue.message) == (3, True)
    assert isinstance(tally, Tally) and (tally.read, tally.observed, tally.reported) == (2, 1, 1)


def test_an_aim_of_a_context_cell_is_no_fact_and_an_approximation_keeps_its_word() -> None:
    from munigoals.reports.stated import stated_numbers

    cell = "現在の登録者は約80人。令和8年度までに登録者を150人とする。"
    reader = _reader(f"見出し\n{cell}\n")
    rows, _ = stated_numbers(reader, cell, where="目的・効果", kind="context", year=2023, first=2, last=2)
    got = [(r.actuals[0].value, r.observation_kind, r.actuals[0].note) for r in rows]
    assert got == [(80, "context", "approximate (約)"), (150, "plan", None)]
    assert [k for r in rows for k, _ in r.stated_values()] == ["actual", "planned"]


def test_notes_name_the_report_column_as_the_sheet_prints_it() -> None:
    from munigoals.reports.stated import reported_results, stated_numbers
    from munigoals.reports.statuses import word_statuses

    cell = "清掃の日を3回開催した。なお、花火大会はコロナ禍のため中止しました。"
    reader = _reader(f"見出し\n{cell}\n")
    rows, _ = stated_numbers(
        reader, cell, where="実績報告 of 目標1", kind="result", year=2023, first=2, last=2, column="実績報告"
    )
    assert [(r.actuals[0].note, r.observation_kind) for r in rows] == [("実績報告", "result")]
    (status,) = word_statuses(
        reader,
        cell,
        where="目標1",
        line=2,
        year=2023,
        item="清掃の日",
        targets=(),
        mid=False,
        column="実績報告",
    )
    assert status.name == "花火大会 中止" and status.actuals[0].note == "実績報告"
    # without a column, a report's numbers carry no column name the sheet never printed
    rows, _ = stated_numbers(reader, cell, where="報告 of 目標1", kind="result", year=2023, first=2, last=2)
    assert rows[0].actuals[0].note is None
    (found,) = reported_results(reader, cell, "清掃", "目標1", 2023, 2, 2, column="取組結果")
    assert found.footnotes[0].startswith("取組結果 (目標1)")


def test_a_targets_result_carries_the_day_its_report_states_it_for() -> None:
    import datetime as dt

    final = "窓口を増やしました。【令和6年4月1日現在】 登録率 41.5%"
    mid = "広報で呼びかけました。(10月1日現在) 登録率 30.2%"
    ((rate, _),) = targets_and_results("登録率 40.0%", final, 2023, mid)
    assert (rate.actual.value, rate.actual.date) == (41.5, dt.date(2024, 4, 1))  # type: ignore[union-attr]
    assert (rate.mid.value, rate.mid.date) == (30.2, dt.date(2023, 10, 1))  # type: ignore[union-attr]
    ((count, _),) = targets_and_results("講座を5回開催", "講座を計6回開催しました。", 2023)
    assert (count.actual.value, count.actual.date) == (6, None)  # type: ignore[union-attr]


def test_a_name_never_reaches_back_over_a_sentence_for_a_day_and_a_number_no_word_names_is_reported() -> None:
    from munigoals.japanese import normalize as norm_text
    from munigoals.reports.stated import observation_name, quantities, stated_numbers

    def name(text: str) -> str:
        norm = norm_text(text)
        return observation_name(norm, quantities(norm)[-1])

    # after a sentence about something else, a day as of which a number stands starts a new statement
    assert name("自治会と協議した。令和5年4月1日現在 812人") == "812人"
    assert name("町の人口は令和5年4月1日現在812人") == "町の人口 812人"
    assert name("窓口を開きました。【令和5年4月1日現在】 登録率 31.5%") == "登録率 31.5%"
    assert name("出張窓口を実施しました。【合計72名申請】") == "出張窓口 72名申請"  # the sentence's object
    cell = "自治会と協議した。令和5年4月1日現在 812人"
    reader = _reader(f"見出し\n{cell}\n")
    rows, tally = stated_numbers(reader, cell, where="期末報告", kind="result", year=2023, first=2, last=2)
    assert rows == [] and (tally.read, tally.reported) == (1, 1)
    (issue,) = reader.issues
    assert issue.span.first_line == 2 and "812人 states no words of what it counts" in issue.message


def test_importing_the_report_grammar_compiles_none_of_its_patterns() -> None:
    code = (
        "import munigoals.reports.stated, munigoals.reports.targets, munigoals.reports.statuses,"
        " munigoals.reports.series, munigoals.reports.days, munigoals.reports.cells, sys\n"
        "from munigoals.patterns import _LazyPattern\n"
        "print(sorted(f'{m}.{k}' for m in sys.modules if m.startswith('munigoals.reports')"
        " for k, v in vars(sys.modules[m]).items() if isinstance(v, _LazyPattern) and 'match' in vars(v)))"
    )
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_series_of_yearly_totals_in_any_unit_and_year_form() -> None:
    label, unit, values = observed_series(  # type: ignore[misc]
        "R3年度の相談件数:窓口、電話 計 1,204件 R4年度:窓口、電話 計 1,310件 2023年度:計 1,402件"
    )
    assert (label, unit) == ("相談件数", "件")
    assert [(v.fiscal_year, v.value, v.text) for v in values] == [
        (2021, 1204, "計1,204件"), (2022, 1310, "計1,310件"), (2023, 1402, "計1,402件"),
    ]  # fmt: skip
    # totals of different things, or one year alone, are no series
    assert observed_series("R3年度:計 12件 R4年度:計 30%") is None
    assert observed_series("R3年度:計 12件") is None

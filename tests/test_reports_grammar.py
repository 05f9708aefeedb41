"""The progress-report grammar (:mod:`munigoals.reports`) as a plugin reaches it, through
:mod:`munigoals.sdk`: what it says a sheet's cells state, on short texts of a fictional town's sheet
written for these tests (no line of a real document).

Each test checks what a researcher relies on in a row: its value and unit, a name that says what is
counted, its kind (``result``, ``plan``, ``context``) and note, its fiscal year and day, the line it
cites, and that a number nothing reads is reported with its line and counted. Tests marked ``xfail``
describe the right behaviour where the grammar does otherwise today (each says what is wrong)."""

from __future__ import annotations

import datetime as dt

import pytest

from munigoals import sdk

_DOC = "hoshimi-juten-r5.txt"  # a fictional town's (星見町) sheet of fiscal 2023
_WHERE = "期末報告 of goal 花と星のまちづくり action ①"
_GOAL_TITLE = "花と星のまちづくり"


def _reader(text: str) -> sdk.DocumentReader:
    document = sdk.Document(_DOC, _DOC, "0" * 64, "utf-8")
    town = sdk.Municipality("hoshimi", "星見町", "Hoshimi", "202037", "長野県")
    return sdk.DocumentReader(text, document, town)


def _stated(
    text: str, *, kind: str = "result", year: int | None = 2023, used: frozenset[int] = frozenset()
) -> tuple[sdk.DocumentReader, list[sdk.Indicator], sdk.Tally]:
    """``stated_numbers`` over a cell that is the whole document (its lines are the document's)."""
    reader = _reader(text)
    rows, tally = sdk.stated_numbers(
        reader,
        text,
        where=_WHERE,
        kind=kind,
        year=year,
        first=1,
        last=text.count("\n") + 1,
        used=used,
        column="期末報告",
    )
    return reader, rows, tally


def _reported(
    text: str, *, year: int = 2023, pieces: tuple[tuple[int, str], ...] = ()
) -> tuple[sdk.DocumentReader, list[sdk.Indicator], sdk.Tally]:
    """``reported_results`` of a 達成状況 cell; with ``pieces``, the document is their lines."""
    document = "\n".join(piece for _, piece in pieces) if pieces else text
    reader = _reader(document)
    tally = sdk.Tally()
    last = max((no for no, _ in pieces), default=1)
    rows = sdk.reported_results(reader, text, "花壇の整備", "達成状況 of 施策1", year, 1, last, pieces, tally)
    return reader, rows, tally


def _row(rows: list[sdk.Indicator], value: float | None) -> sdk.Indicator:
    """The one row whose value is ``value``."""
    (row,) = [r for r in rows if r.actuals[0].value == value]
    return row


# --- cells -----------------------------------------------------------------------------------------


def test_circled_numbers_number_a_sheets_items() -> None:
    assert (sdk.circled_number("①"), sdk.circled_number("⑦"), sdk.circled_number("⑳")) == (1, 7, 20)
    m = sdk.CIRCLED_START.match("  ③ 花壇の整備\n苗の配布")
    assert m is not None and m.groups() == ("③", "花壇の整備\n苗の配布")  # the rest keeps its lines
    assert sdk.CIRCLED_START.match("花壇③の整備") is None  # a mark inside a cell starts no item
    with pytest.raises(ValueError):
        sdk.circled_number("1")


def test_compact_text_and_cell_text() -> None:
    assert sdk.compact_text("現 況 ・ 課 題") == "現況・課題"  # a label spaced out
    assert sdk.compact_text("ＡＢＣ　１２") == "ABC12"  # NFKC, then no spaces
    assert sdk.cell_text("<ul><li>花壇の整備</li><li>苗の配布</li></ul>") == "花壇の整備\n苗の配布"
    assert sdk.cell_text("<p>星空観察会</p><p>天体写真展</p>") == "星空観察会\n天体写真展"
    assert sdk.cell_text("・苗の配布 ・花壇の整備") == "・苗の配布 ・花壇の整備"  # bullets stay as written


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("(1) 6月 (2) 9～11月", "(1) 6月; (2) 9~11月"),
        ("・ 星空観察会(8月) ・ 12講座 ・ 年度末", "星空観察会: 8月; 年度末"),  # 12講座 is no deadline
        ("・町民交流・キャンプ(7月下旬)", "町民交流・キャンプ: 7月下旬"),  # a ・ inside a word
        ("通年", "通年"),
        ("翌2月", "翌2月"),
        ("随時更新", None),  # says how, not by when
        ("講座を10回", None),
    ],
)
def test_deadlines_a_cell_states(cell: str, expected: str | None) -> None:
    assert sdk.deadlines(cell) == expected


# --- stated_numbers --------------------------------------------------------------------------------


def test_a_reported_number_is_a_result_named_by_its_words_on_its_own_line() -> None:
    text = "花壇の植え替えを進めた。\nボランティアの参加者は延べ56人"
    reader, rows, tally = _stated(text)
    (row,) = rows
    actual = row.actuals[0]
    assert (actual.value, actual.unit, actual.fiscal_year, actual.date) == (56, "人", 2023, None)
    assert row.observation_kind == "result" and actual.note == "期末報告"
    assert "参加者" in row.name and _GOAL_TITLE not in row.name
    assert row.span == sdk.Span(_DOC, 2, 2)  # the line the 56 stands on, not the cell's first
    assert "a reported result" in row.footnotes[0] and row.footnotes[0].startswith(_WHERE)
    assert (tally.read, tally.observed, tally.rows, tally.reported) == (1, 1, 1, 0)
    assert reader.issues == []


def test_a_planned_number_is_a_plan_never_a_result() -> None:
    _, rows, _ = _stated("下半期に出前講座を3回開催予定")
    (row,) = rows
    assert row.observation_kind == "plan" and row.actuals[0].value == 3
    assert "出前講座" in row.name
    assert "planned" in row.footnotes[0]


def test_a_context_number_is_of_the_year_and_day_it_is_stated_for() -> None:
    _, rows, _ = _stated("令和6年1月1日現在の登録団体数は48団体です。", kind="context")
    (row,) = rows
    actual = row.actuals[0]
    assert row.observation_kind == "context" and (actual.value, actual.unit) == (48, "団体")
    # January belongs to the fiscal year before: 令和6年1月 is fiscal 2023
    assert (actual.fiscal_year, actual.date, actual.note) == (2023, dt.date(2024, 1, 1), "令和6年1月1日現在")
    assert "登録団体数" in row.name
    _, rows, _ = _stated("平成30年度は加入率38.5%であった。", kind="context", year=2023)
    (row,) = rows
    assert (row.actuals[0].fiscal_year, row.actuals[0].unit) == (2018, "%") and "加入率" in row.name


def test_what_was_not_done_a_distributive_count_and_a_series_length_are_no_results() -> None:
    _, rows, _ = _stated("講座を5回開催し、1回は中止した。")
    assert _row(rows, 5).observation_kind == "result"
    cancelled = _row(rows, 1)
    assert cancelled.observation_kind == "context" and "not done" in (cancelled.actuals[0].note or "")
    (each,) = _stated("各地区に相談員を1人ずつ配置")[1]
    assert each.observation_kind == "context" and "distributive" in (each.actuals[0].note or "")
    (length,) = _stated("講座(全6回)の第2回目を実施")[1]
    assert length.observation_kind == "context" and length.actuals[0].value == 6
    assert "length of a series" in length.footnotes[0]


def test_a_count_of_an_earlier_years_projects_is_of_that_year() -> None:
    (row,) = _stated("4年度補助事業の評価:6件", year=2023)[1]
    assert (row.actuals[0].value, row.actuals[0].fiscal_year) == (6, 2022)  # 令和4年度's projects
    assert "fiscal 2022's projects" in row.footnotes[0]


def test_a_day_written_in_a_bullet_is_of_the_reports_fiscal_year() -> None:
    (autumn,) = _stated("・11月5日(日)秋の町民まつりで啓発 320人")[1]
    assert autumn.actuals[0].date == dt.date(2023, 11, 5) and "町民まつり" in autumn.name
    (winter,) = _stated("・2月10日 雪灯りの集いで啓発 140人")[1]
    assert winter.actuals[0].date == dt.date(2024, 2, 10)  # February of fiscal 2023 is in 2024


def test_a_weekly_rate_says_it_is_no_count_of_the_year() -> None:
    (row,) = _stated("相談窓口を週3回開設")[1]
    actual = row.actuals[0]
    assert (actual.value, actual.frequency) == (3, "per_week")
    assert "rate per_week" in (actual.note or "") and "a week" in (actual.note or "")


def test_a_number_in_a_target_row_gives_no_observation_and_is_counted_there() -> None:
    report = "(1) 料理教室を計7回開催 (2) 親子工作会は雪のため中止"
    paired = sdk.targets_and_results("(1) 料理教室を6回以上開催", report, 2023)
    used = frozenset(at for _, places in paired for k, at in places if k == 0)
    assert used
    _, rows, tally = _stated(report, used=used)
    assert rows == []
    assert (tally.read, tally.in_targets, tally.observed, tally.reported) == (1, 1, 0, 0)


def test_a_floor_is_reported_with_its_line_and_counted() -> None:
    reader, rows, tally = _stated("2階の会議室で相談会を5回開催した。")
    assert [r.actuals[0].value for r in rows] == [5]
    (issue,) = reader.issues
    assert "floor" in issue.message and "【2】階" in issue.message and issue.span.first_line == 1
    assert issue.severity == sdk.Severity.WARNING
    assert (tally.read, tally.observed, tally.reported) == (2, 1, 1)


@pytest.mark.parametrize(
    "text",
    ["相談会を開催した。\n2階の会議室で受付", "相談会を開催した。\n来場者は2階の会議室で受付"],
    ids=["line-starts-with-it", "words-before-it"],
)
def test_a_floor_on_the_second_line_of_a_cell_cites_that_line(text: str) -> None:
    reader, rows, tally = _stated(text)
    assert rows == [] and (tally.read, tally.reported) == (1, 1)
    (issue,) = reader.issues
    assert "floor" in issue.message
    assert issue.span == sdk.Span(_DOC, 2, 2)
    pieces = tuple(enumerate(text.split("\n"), start=1))
    reader, rows, tally = _reported("", pieces=pieces)  # a 達成状況 cell over the same two lines
    assert rows == [] and (tally.read, tally.reported) == (1, 1)
    assert [i.span for i in reader.issues] == [sdk.Span(_DOC, 2, 2)]


def test_a_number_glued_to_an_item_mark_is_reported_not_read() -> None:
    reader, rows, tally = _stated("①8地域で説明会")
    assert rows == []
    (issue,) = reader.issues
    assert "item mark" in issue.message and issue.span.first_line == 1
    assert (tally.read, tally.reported) == (1, 1)


def test_a_change_stated_as_an_increase_is_noted_as_a_change() -> None:
    (row,) = _stated("参加者は前年度より12人の増加となった。")[1]
    assert row.actuals[0].value == 12
    assert "a change (増): up by 12人, not a level" in (row.actuals[0].note or "")


def test_a_name_holds_no_other_number() -> None:
    rows = _stated("市民講座を12回開催し、延べ340人が参加した。")[1]
    people = _row(rows, 340)
    assert "市民講座" in people.name and "340人" in people.name
    assert "12回" not in people.name
    (_, guests) = _stated("講演会を2回開き、120人が来場した。")[1]  # a verb of its own (開き), the same
    assert guests.name == "講演会 120人が来場した"


def test_what_was_done_before_a_plan_is_a_result() -> None:
    rows = _stated("防犯教室を4回開催し、下半期に6回開催予定")[1]
    assert _row(rows, 6).observation_kind == "plan"
    assert _row(rows, 4).observation_kind == "result"
    # where no other count follows the verb's clause, the plan is of this one: 4回開催し、…深める予定
    (only,) = _stated("講座を4回開催し、交流を深める予定")[1]
    assert only.observation_kind == "plan"


def test_an_address_is_no_count() -> None:
    reader, rows, tally = _stated("対象は3丁目の世帯")
    assert rows == []
    assert [i.span.first_line for i in reader.issues] == [1] and tally.reported == 1
    assert "is an address (丁目), not a count" in reader.issues[0].message


def test_a_counter_ends_before_the_verb() -> None:
    (row,) = _stated("苗を800株植えた。")[1]
    assert (row.actuals[0].value, row.actuals[0].unit) == (800, "株")
    (row,) = _stated("市民講座を12講座開講した。")[1]  # a verbal noun before する is no part of it
    assert (row.actuals[0].value, row.actuals[0].unit) == (12, "講座")
    (row,) = _stated("案内は8言語で行った。")[1]  # a particle ends it: nothing is cut
    assert row.actuals[0].unit == "言語"


def test_a_name_does_not_reach_back_over_a_full_stop() -> None:
    (row,) = _stated("清掃を実施した。参加は45人")[1]
    assert "参加" in row.name and "。" not in row.name
    assert row.name == "清掃 参加 45人"  # the 参加 of what the sentence before says was done


# --- reported_results ------------------------------------------------------------------------------


def test_a_each_count_is_one_row_for_each_item() -> None:
    reader, rows, tally = _reported("運営委員会、実行委員会を各3回開催")
    assert sorted(r.name for r in rows) == ["実行委員会", "運営委員会"]
    assert all(
        (r.actuals[0].value, r.actuals[0].unit, r.actuals[0].fiscal_year) == (3, "回", 2023) for r in rows
    )
    assert all(r.observation_kind == "result" and r.span == sdk.Span(_DOC, 1, 1) for r in rows)
    assert (tally.read, tally.observed, tally.rows) == (1, 1, 2)  # one number, two rows
    assert reader.issues == []


def test_an_amount_after_a_count_is_named_by_that_count() -> None:
    rows = _reported("ふるさと寄附:25件、3,400千円")[1]
    assert _row(rows, 25).name == "ふるさと寄附"
    amount = _row(rows, 3400)
    assert (amount.name, amount.unit) == ("ふるさと寄附 25件", "千円")


def test_a_total_in_brackets_is_named_by_what_it_adds_up() -> None:
    rows = _reported("体験教室を40回、出張講座を9回実施。(合計49回)")[1]
    assert (_row(rows, 40).name, _row(rows, 9).name) == ("体験教室", "出張講座")
    assert _row(rows, 49).name == "体験教室・出張講座 合計"


def test_a_number_from_a_later_year_on_is_a_plan_of_that_year() -> None:
    (row,) = _reported("令和6年度から月2回に拡大予定", year=2023)[1]
    actual = row.actuals[0]
    assert row.observation_kind == "plan" and (actual.fiscal_year, actual.frequency) == (2024, "per_month")


def test_a_result_over_several_lines_cites_the_line_its_number_stands_on() -> None:
    pieces = ((1, "・河川敷の草刈りを"), (2, "6回実施"))
    reader, rows, tally = _reported("", pieces=pieces)
    (row,) = rows
    assert (row.name, row.actuals[0].value) == ("河川敷の草刈り", 6)
    assert row.span == sdk.Span(_DOC, 2, 2)
    assert reader.issues == [] and tally.observed == 1


def test_a_yearly_count_in_a_years_report_is_the_count_of_the_year() -> None:
    (row,) = _reported("清掃活動を年間18回実施")[1]
    assert row.actuals[0].value == 18
    assert "not a count of the year" not in (row.actuals[0].note or "")


def test_the_column_the_sheet_prints_is_each_rows_note() -> None:
    text = "交流会を4回開催"
    reader = _reader(text)
    (row,), _ = sdk.stated_numbers(
        reader, text, where=_WHERE, kind="result", year=2023, first=1, last=1, column="年度末実績"
    )
    assert row.actuals[0].note == "年度末実績"
    (row,), _ = sdk.stated_numbers(reader, text, where=_WHERE, kind="result", year=2023, first=1, last=1)
    assert row.actuals[0].note is None  # no column passed: no column guessed from ``where``
    (context,), _ = sdk.stated_numbers(
        reader, text, where=_WHERE, kind="context", year=2023, first=1, last=1, column="年度末実績"
    )
    assert context.actuals[0].note is None  # a context cell's number has no report column
    (result,) = sdk.reported_results(reader, text, "交流", "施策4", 2023, 1, 1, column="成果")
    assert result.footnotes[0].startswith("成果 (施策4)")
    (words,) = sdk.word_results(_reader("協定を締結"), [(1, "協定を締結")], "施策4", 2023, column="成果")
    assert words.footnotes[0].startswith("成果 (施策4)")
    (status,) = sdk.word_statuses(
        _reader("交流会は中止"), "交流会は中止", where=_WHERE, line=1, year=2023, item="交流会",
        targets=(), mid=True, column="上半期の状況",
    )  # fmt: skip
    assert status.actuals[0].note == "上半期の状況"


# --- word_results ----------------------------------------------------------------------------------


def test_a_result_in_words_and_the_plan_in_brackets_after_it() -> None:
    reader = _reader("・森の学校運営協議会を設立(R5.7.14)\n・(R7開設予定)")
    tally = sdk.Tally()
    pieces = [(1, "・森の学校運営協議会を設立(R5.7.14)"), (2, "・(R7開設予定)")]
    done, planned = sdk.word_results(reader, pieces, "達成状況 of 施策2", 2023, tally)
    assert done.name == "森の学校運営協議会を設立"  # the day is no part of the name
    assert (done.observation_kind, done.actuals[0].value, done.actuals[0].date) == (
        "result",
        None,
        dt.date(2023, 7, 14),
    )
    assert done.span == sdk.Span(_DOC, 1, 1)
    assert (
        planned.observation_kind == "plan" and planned.actuals[0].fiscal_year == 2025
    )  # R7, not the report's 2023
    assert "森の学校運営協議会" in planned.name and planned.span == sdk.Span(_DOC, 1, 2)
    assert tally.words == 2


def test_a_piece_cut_mid_sentence_is_reported_never_a_result() -> None:
    reader = _reader("・関係課で情報共有を\n(表の外)\n・防災訓練を実施")
    tally = sdk.Tally()
    rows = sdk.word_results(
        reader, [(1, "・関係課で情報共有を"), (3, "・防災訓練を実施")], "達成状況 of 施策2", 2023, tally
    )
    (row,) = rows
    assert row.name == "防災訓練を実施" and row.span == sdk.Span(_DOC, 3, 3)
    (issue,) = reader.issues
    assert issue.span.first_line == 1 and "情報共有を" in issue.message
    assert (tally.words, tally.cut) == (1, 1)


def test_a_sentence_going_on_to_the_next_line_is_one_result_citing_both() -> None:
    reader = _reader("・駅前広場の改修計画を\n策定した")
    (row,) = sdk.word_results(
        reader, [(1, "・駅前広場の改修計画を"), (2, "策定した")], "達成状況 of 施策2", 2023
    )
    assert "駅前広場の改修計画" in row.name and "策定" in row.name
    assert row.span == sdk.Span(_DOC, 1, 2) and reader.issues == []


def test_a_clause_in_words_beside_counts_is_its_own_result() -> None:
    reader = _reader("・ボランティア登録20人、活動マニュアル作成")
    (row,) = sdk.word_results(
        reader, [(1, "・ボランティア登録20人、活動マニュアル作成")], "達成状況 of 施策2", 2023
    )
    assert row.name == "活動マニュアル作成" and row.actuals[0].value is None  # the 20人 is reported_results'


def test_events_each_dated_in_one_bullet_are_a_result_each_on_its_day() -> None:
    text = "・図書館講演会6/3、読書週間展示2月14日開始"
    tally = sdk.Tally()
    first, second = sdk.word_results(_reader(text), [(1, text)], "達成状況 of 施策2", 2023, tally)
    assert (first.name, first.actuals[0].date) == ("図書館講演会", dt.date(2023, 6, 3))
    assert (second.name, second.actuals[0].date) == ("読書週間展示開始", dt.date(2024, 2, 14))  # fiscal 2023
    assert first.actuals[0].text == "図書館講演会6/3" and tally.words == 2
    # a range, a list of days, a clause with no day of its own, a day with no words, one event on two
    # days, a fraction: one result, undated, and never a failure
    for text in (
        "・写真展10/1-11/5、講演会開催", "・市民祭り6/3・4、花火大会開催", "・交流会6/3、総会開催",
        "・9/26、11/28開催", "・説明会を9/26、10/3に開催", "・補助率1/2、交付決定",
    ):  # fmt: skip
        (row,) = sdk.word_results(_reader(text), [(1, text)], "達成状況 of 施策2", 2023)
        assert row.actuals[0].date is None, text


def test_events_listed_with_what_became_of_them_all_are_a_row_each() -> None:
    text = "・写生大会・作品展(雨天のため中止)"
    rows = sdk.word_results(_reader(text), [(1, text)], "達成状況 of 施策2", 2023)
    assert [row.name for row in rows] == ["写生大会 (雨天のため中止)", "作品展 (雨天のため中止)"]
    assert {row.actuals[0].text for row in rows} == {"写生大会・作品展(雨天のため中止)"}
    # one name with a ・ in it, or a bracket that names one of them: one row, as written
    for text in ("・日本・ブラジル交流会(延期)", "・写生大会・作品展(作品展のみ中止)"):
        (row,) = sdk.word_results(_reader(text), [(1, text)], "達成状況 of 施策2", 2023)
        assert row.name == text.removeprefix("・"), text


# --- word_deeds ------------------------------------------------------------------------------------


def _deeds(text: str, kind: str = "result") -> list[tuple[str, str]]:
    rows = sdk.word_deeds(_reader(text), text, where="施策3", line=1, year=2023, kind=kind, column="期末報告")
    return [(row.name, row.observation_kind) for row in rows]


def test_what_a_report_says_was_done_in_words_is_a_result_named_by_its_clause() -> None:
    assert _deeds("検討委員会の最終報告書が市長に提出されました。") == [
        ("検討委員会の最終報告書が市長に提出されました", "result")
    ]
    # the clause that says to what it was done: the object before the deed
    assert _deeds("案内図を三か国語で作成し、各公民館へ配布しました。") == [
        ("案内図を三か国語で作成し、各公民館へ配布しました", "result")
    ]
    assert _deeds("感染症対策のため、総会資料を送付し書面決議をしました。") == [
        ("総会資料を送付し書面決議をしました", "result")
    ]
    # a context cell's history is a fact, not a result of the year
    assert _deeds("令和2年に地区の協議会が設立されました。", "context") == [
        ("令和2年に地区の協議会が設立されました", "context")
    ]


def test_a_sentence_with_a_number_or_a_status_gives_its_other_clauses_that_say_a_deed() -> None:
    # the count is stated_numbers', the 中止 word_statuses'; what was done besides is a result of its own
    assert _deeds("作業部会を設置し、会議を4回開催しました。") == [("作業部会を設置し", "result")]
    assert _deeds("交流会は中止としましたが、代わりに動画を配信しました。") == [
        ("代わりに動画を配信しました", "result")
    ]
    assert _deeds("R5事業の募集を行いました。") == [("R5事業の募集を行いました", "result")]  # R5: a year
    # a count with a verb of its own: the deed after it is another deed (the 2人 counts the staff)
    assert _deeds("職員2人を窓口に配置して、移住相談を実施しました。") == [
        ("移住相談を実施しました", "result")
    ]


def test_deeds_told_apart_by_their_subjects_are_a_row_each_of_the_year_they_say() -> None:
    text = "平成30年2月に地区の準備会が設立され、令和2年4月に協議会が設立されました。"
    rows = sdk.word_deeds(
        _reader(text), text, where="施策3", line=1, year=2023, kind="context", column="現況"
    )
    assert [(r.name, r.actuals[0].fiscal_year) for r in rows] == [
        ("平成30年2月に地区の準備会が設立され", 2017),  # February 2018: fiscal 2017
        ("令和2年4月に協議会が設立されました", 2020),
    ]
    # a deed that goes on without a subject of its own is one deed, named from its object on
    assert _deeds("理由を踏まえ、案内図を作成し、各公民館へ配布しました。") == [
        ("案内図を作成し、各公民館へ配布しました", "result")
    ]


def test_aims_plans_findings_what_was_not_done_and_cut_bullets_are_no_deed() -> None:
    for text in (
        "次の講座を開催しました。",  # a list's heading: its items are rows of their own
        "交流会(延べ3回)について、地域の活動を支援しました。",  # the number's predicate: its row says it
        "交流会の開催を検討しました。",  # what was thought of, not done
        "計画の見直しが必要です。",  # a finding
        "委員の任期中に検討していただくこととしました。",  # what is to be done
        "相談窓口の周知に努めます。",  # what is still to be done
        "講演会を開催する予定です。",  # a plan
        "新たな担い手の確保が課題です。",  # a finding
        "出張講座は実施できませんでした。",  # not done
        "アンケートを実施するため、内容を検討しました。",  # what a deed was for
        "・ 配りました。",  # cut before what was handed out (cut_bullets reports it)
    ):
        assert _deeds(text) == [], text


# --- word_statuses ---------------------------------------------------------------------------------


def _statuses(
    report: str,
    *,
    item: str = "星空観察会を開催します",
    mid: bool = False,
    targets: tuple[sdk.ActionTarget, ...] = (),
) -> tuple[sdk.DocumentReader, list[sdk.Indicator], sdk.Tally]:
    reader = _reader("見出し\n" + report)
    tally = sdk.Tally()
    rows = sdk.word_statuses(
        reader, report, where=_WHERE, line=2, year=2023, item=item, targets=targets, mid=mid, tally=tally
    )
    return reader, rows, tally


def test_a_status_in_words_is_named_by_its_topic() -> None:
    _, rows, tally = _statuses("星空観察会は雨天のため中止しました。")
    (row,) = rows
    assert row.name == "星空観察会 中止" and row.observation_kind == "result"
    assert (row.actuals[0].value, row.actuals[0].fiscal_year, row.actuals[0].note) == (None, 2023, "期末報告")
    assert row.span == sdk.Span(_DOC, 2, 2) and tally.words == 1
    (mid,) = _statuses("星空観察会は延期しました。", mid=True)[1]
    assert mid.name == "星空観察会 延期" and mid.actuals[0].note == "中間報告"


def test_a_status_of_a_plan_given_up_is_named_by_its_object() -> None:
    (row,) = _statuses(
        "(1) 施設見学会を開催予定でしたが、中止にしました。", item="(1) 施設見学会を実施します\n(2) 研修会"
    )[1]
    assert row.name == "施設見学会 中止"


def test_a_status_a_target_holds_or_a_sentence_with_a_number_gives_no_row() -> None:
    targets = tuple(sdk.extract_targets("星空観察会を2回以上開催", "星空観察会は中止", 2023))
    assert [t.actual_status for t in targets] == ["cancelled"]
    assert _statuses("星空観察会は中止", targets=targets)[1] == []  # the target row says it
    assert _statuses("講座を5回開催し、1回は中止した。")[1] == []  # its numbers are read as numbers


def test_a_status_name_starts_with_no_particle() -> None:
    (row,) = _statuses("夏祭りへの出店を予定していましたが、感染症の影響により見送りました。")[1]
    assert row.name.endswith("見送り") and "出店" in row.name
    assert not row.name.startswith("の")


# --- planned_in_items, cut_bullets, report_pieces, join_pieces, count_numbers, tally_note -----------


def test_the_numbers_of_a_results_years_item_are_plans() -> None:
    reader = _reader("取組\n町内全小学校12校、4地区でのワークショップ")
    tally = sdk.Tally()
    rows = sdk.planned_in_items(reader, "町内全小学校12校、4地区でのワークショップ", "施策3", 2023, 2, tally)
    assert [(r.actuals[0].value, r.unit, r.observation_kind) for r in rows] == [
        (12, "校", "plan"),
        (4, "地区", "plan"),
    ]
    assert all(r.span == sdk.Span(_DOC, 2, 2) and r.actuals[0].fiscal_year == 2023 for r in rows)
    assert "小学校" in rows[0].name and "ワークショップ" in rows[1].name
    assert (tally.read, tally.observed) == (2, 2)
    (body,) = sdk.planned_in_items(
        _reader("推進協議会(全国8団体)として参画"), "推進協議会(全国8団体)として参画", "施策3", 2023, 1
    )
    assert body.observation_kind == "context" and "names what the body" in body.footnotes[0]


def test_a_bullet_that_is_a_verb_alone_is_reported() -> None:
    reader = _reader("x\n報告")
    tally = sdk.Tally()
    sdk.cut_bullets(reader, "・ 回りました。次に公民館へ ・ 説明会を開催しました。", _WHERE, 2, tally)
    (issue,) = reader.issues  # the second bullet says what was done: not reported
    assert issue.span.first_line == 2 and "回りました" in issue.message and tally.cut == 1


def test_report_pieces_and_join_pieces() -> None:
    assert sdk.report_pieces("案内板を5基設置。 散策マップを作成 (1) 説明会開催(6/3 45人)") == [
        "案内板を5基設置。",
        "散策マップを作成",
        "説明会開催(6/3 45人)",  # a space in brackets is inside the piece; (1) alone is none
    ]
    assert sdk.report_pieces("受診率 44% 作品展の開催。 (10/9-11/14)") == [
        "受診率 44%",
        "作品展の開催。 (10/9-11/14)",
    ]
    assert sdk.join_pieces(["女性団体", sdk.GLUED + "研修会7回", "講座開催"]) == "女性団体研修会7回 講座開催"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("令和5年度に講座を3回、第2期の委員10人、2階で", 3),  # 3回, 10人 and the floor; no year, no ordinal
        ("R5事業 4件", 1),  # R5 is a year
        ("(1) 5月12日に開催", 0),  # a part mark and a day
        ("数字のない報告", 0),
    ],
)
def test_count_numbers(text: str, count: int) -> None:
    assert sdk.count_numbers(text) == count


def test_tally_note_says_what_became_of_every_number() -> None:
    reader = _reader("x")
    sdk.tally_note(reader, sdk.Tally(read=5, observed=3, rows=4, in_targets=1, reported=1), "report cells")
    sdk.tally_note(reader, sdk.Tally(read=5, observed=2, rows=2, in_targets=1, reported=1), "report cells")
    whole, lost = reader.issues
    assert whole.severity == sdk.Severity.NOTE and whole.span.first_line == 1
    assert "5 read, 4 observations (from 3 numbers" in whole.message and "not reported" not in whole.message
    assert lost.severity == sdk.Severity.WARNING and "1 in no row and not reported" in lost.message
    total = sdk.Tally(read=1, words=2)
    total.add(sdk.Tally(read=2, cut=1, in_series=3))
    assert (total.read, total.words, total.cut, total.in_series) == (3, 2, 1, 3)


# --- targets_and_results, extract_targets ----------------------------------------------------------


def test_a_targets_part_states_its_result_or_its_status() -> None:
    target = "(1) 料理教室を6回以上開催 (2) 親子工作会を2回開催"
    cooking, crafts = sdk.extract_targets(
        target, "(1) 料理教室を計7回開催 (2) 親子工作会は雪のため中止", 2023
    )
    assert cooking.actual is not None and (cooking.actual.value, cooking.actual.fiscal_year) == (7, 2023)
    assert (cooking.achieved, cooking.actual_status, cooking.kind) == (True, "reported", "floor")
    assert (crafts.actual, crafts.achieved, crafts.actual_status) == (None, None, "cancelled")
    _, later = sdk.extract_targets(target, "(1) 料理教室を計7回開催 (2) 親子工作会は延期", 2023)
    assert later.actual_status == "postponed"
    (star,) = sdk.extract_targets("星空観察会を2回開催", None, 2023, "星空観察会は延期")
    assert (star.actual_status, star.mid_status) == (None, "postponed")


def test_a_plan_is_never_a_result() -> None:
    ((target, used),) = sdk.targets_and_results("防犯教室を10回以上開催", "防犯教室を4回開催予定", 2023)
    assert (target.actual, target.achieved, target.actual_status) == (None, None, None)
    assert used == []


def test_parts_stated_without_a_total_stay_parts() -> None:
    ((target, used),) = sdk.targets_and_results("24回以上参加開催", "セミナー参加1回、相談会開催4回", 2023)
    assert target.actual is None and target.achieved is None  # never summed, never graded
    assert [(p.value, p.unit) for p in target.parts] == [(1, "回"), (4, "回")]
    assert target.actual_status == "reported" and len(used) == 2


def test_parts_of_a_target_naming_both_stay_parts() -> None:
    (target,) = sdk.extract_targets("講座・相談会に24回以上参加開催", "講座参加3回、相談会開催4回", 2023)
    assert target.actual is None and target.achieved is None
    assert [p.value for p in target.parts] == [3, 4]


def test_a_each_target_is_one_target_for_each_label() -> None:
    reading, concert = sdk.extract_targets("朗読会、演奏会を各2回開催", "朗読会3回、演奏会1回", 2023)
    assert (reading.item, concert.item) == ("朗読会 2回", "演奏会 2回")
    assert reading.actual is not None and concert.actual is not None
    assert (reading.actual.value, reading.achieved) == (3, True)
    assert (concert.actual.value, concert.achieved) == (1, False)


def test_a_change_is_of_kind_change_with_no_comparator() -> None:
    (more,) = sdk.extract_targets("特産品30品の増", "特産品を新たに34品登録", 2023)
    assert (more.kind, more.target.change, more.target.comparator) == ("change", True, "eq")
    assert (more.target.value, more.target.unit, more.target.note) == (30, "品", "増加")
    assert more.actual is not None and (more.actual.value, more.achieved) == (34, True)


def test_a_ceiling_with_its_mid_year_result() -> None:
    ((target, used),) = sdk.targets_and_results("苦情件数5件以内", "苦情 3件", 2023, "苦情 1件")
    assert (target.kind, target.target.comparator, target.achieved) == ("ceiling", "le", True)
    assert target.mid is not None and (target.mid.value, target.mid_status) == (1, "reported")
    assert sorted(k for k, _ in used) == [0, 1]  # one place in the final report, one in the mid-year's
    assert [
        t for t, _ in sdk.targets_and_results("苦情件数5件以内", "苦情 3件", 2023, "苦情 1件")
    ] == sdk.extract_targets("苦情件数5件以内", "苦情 3件", 2023, "苦情 1件")


def test_another_items_number_is_never_a_targets_result() -> None:
    _, crafts = sdk.extract_targets(
        "(1) 星空観察会を2回開催 (2) 工作会を3回開催", "工作会は中止。星空観察会を2回開催", 2023
    )
    assert crafts.actual is None and crafts.achieved is None
    assert crafts.actual_status == "cancelled"


def test_setting_aside_another_targets_number_leaves_no_stray_one_as_the_result() -> None:
    # 朗読会's 2回 is set aside for 読書会; the 準備会's 1回 left alone is still not 読書会's
    reading, recital = sdk.extract_targets(
        "(1) 読書会を年6回開催 (2) 朗読会を3回開催", "朗読会を2回開催。オンラインによる準備会1回", 2023
    )
    assert reading.actual is None and reading.achieved is None
    assert recital.actual is not None and recital.actual.value == 2


@pytest.mark.parametrize(
    ("target", "report", "text", "achieved"),
    [
        ("交流会を年4回程度開催", "交流会を4回開催", "年4回程度", True),  # about 4, and 4 were held: met
        ("交流会を年4回程度開催", "交流会を3回開催", "年4回程度", None),  # 3 may be about 4: not judged
        ("約200人の参加", "180人が参加", "約200人", None),
        ("相談会を10回開催", "相談会を9回開催", "10回", False),  # exact: short of it is not met
        # about twice a week: a rate, never met by the year's 80 (the word within the rate's words)
        ("記事の配信(週約2回)", "記事の配信 80回", "週約2回", None),
    ],
)
def test_an_approximate_target_says_so_and_is_not_graded_short_of_its_number(
    target: str, report: str, text: str, achieved: bool | None
) -> None:
    (found,) = sdk.extract_targets(target, report, 2023)
    assert found.target.text == text
    assert found.achieved is achieved
    assert ("approximate" in (found.target.note or "")) == (text != "10回")

"""Ueda's 重点目標 layouts on sheets written for these tests (another department, other goals)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from munigoals import PluginHost
from munigoals.api import parse

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"

FIXTURES = Path(__file__).parent / "fixtures"


def test_kanri_sheet(host: PluginHost) -> None:
    run = parse([FIXTURES / "kanri_sheet.txt"], host=host)
    assert run.documents[0].document.format == "ueda.juten-kanri-sheet"
    # the one thing it says: how many numbers its cells stated (here every one is in a target row)
    assert [(i.severity, i.message) for i in run.issues] == [
        (
            "note",
            "numbers stated in report and context cells: 7 read, 0 observations, 7 in target rows, 0 reported",
        )
    ]
    policies = run.tables["policies"]
    assert policies.select("policy_id", "title", "priority", "fiscal_year", "department").rows() == [
        ("1", "歩いて楽しい中心市街地の形成", 1, 2022, "都市建設部"),
        ("2", "公共交通の利便性向上", 2, 2022, "都市建設部"),
        ("3", "安全な道路網の整備", 3, 2022, "都市建設部"),
    ]
    assert policies["parent"][0] == "第4編 都市基盤 > 第1章 魅力ある都市空間 > 第1節 中心市街地の活性化"
    actions = run.tables["actions"]
    assert actions.group_by("goal_no", maintain_order=True).len().rows() == [("1", 2), ("2", 2), ("3", 1)]
    targets = run.tables["targets"].select(
        "goal_no", "action_no", "target_value", "unit", "target_comparator", "actual_value", "achieved"
    )
    assert targets.rows() == [
        ("1", 1, 6.0, "回", "ge", 7.0, True),
        ("1", 2, 40.0, "%", "eq", 35.0, False),
        ("2", 1, 2.0, "路線", "ge", 3.0, True),
        ("2", 2, 1000.0, "人", "ge", 820.0, False),
        ("3", 1, 50.0, "か所", "eq", 50.0, True),
    ]


def test_ichiran(host: PluginHost) -> None:
    run = parse([FIXTURES / "ichiran.txt"], host=host)
    assert run.documents[0].document.format == "ueda.juten-ichiran"
    assert [i.message for i in run.issues] == [
        "numbers stated in 達成状況 cells and the results year's items: 3 read, 3 observations, 0 in target rows,"
        " 0 reported"
    ]
    policies = run.tables["policies"]
    assert policies.select("fiscal_year", "policy_id", "title").rows() == [
        (2023, "1", "健康寿命の延伸"),
        (2023, "2", "子育て支援の充実"),
        (2024, "1", "健康寿命のさらなる延伸"),
        (2024, "2", "切れ目ない子育て支援"),
    ]
    actions = run.tables["actions"]
    assert actions.group_by("fiscal_year", "goal_no", maintain_order=True).len()["len"].to_list() == [
        2,
        1,
        2,
        2,
    ]
    results = actions.filter(pl.col("fiscal_year") == 2023)["final_report"].to_list()
    assert results == ["受診率 44%", "教室を12回開催", "相談件数 300件"]
    targets = (
        run.tables["targets"]
        .select("goal_no", "action_no", "target_value", "unit", "target_comparator")
        .rows()
    )
    assert targets == [("1", 1, 50.0, "%", "ge"), ("1", 2, 20.0, "回", "eq"), ("2", 2, 2000.0, "人", "eq")]
    indicators = run.tables["indicators"]
    line = indicators.filter(pl.col("kind").is_null()).row(0, named=True)
    assert (line["name"], line["baseline_value"], line["target_value"], line["target_year"]) == (
        "LINE登録者数",
        1200,
        2000,
        2024,
    )
    assert line["direction"] == "increase"  # LINE登録者数の増加(…→…): the sheet says which way
    # the 達成状況 numbers are observations of the results year, no target invented for them
    observed = run.tables["observations"].select("fiscal_year", "value", "unit").rows()
    assert observed == [(2023, 44.0, "%"), (2023, 12.0, "回"), (2023, 300.0, "件")]
    assert indicators.filter(pl.col("kind") == "observed")["target_value"].to_list() == [None] * 3


def test_ichiran_pdf(host: PluginHost) -> None:
    run = parse([FIXTURES / "ichiran_pdf.txt"], host=host)
    assert run.documents[0].document.format == "ueda.juten-ichiran-pdf"
    policies = run.tables["policies"]
    assert policies.select("fiscal_year", "policy_id", "title").rows() == [
        (2022, "1", "健康寿命の延伸に向けた取組の推進"),
        (2022, "?2", "子育て家庭への切れ目ない支援の充実"),
        (2022, "?3", "献血と骨髄バンク登録の推進"),
        (2023, "1", "健康寿命の延伸に向けた取組の推進"),
        (2023, "2", "子育て家庭への切れ目ない支援の充実"),
        (2023, "3", "献血と骨髄バンク登録の推進"),
    ]
    assert set(policies["department"]) == {"健康福祉部"}
    notes = policies["note"].to_list()
    assert notes[3] is None and all(notes[k] for k in (1, 2, 4, 5))
    targets = run.tables["targets"].select(
        "goal_no", "action_no", "target_value", "unit", "frequency", "line"
    )
    assert targets.rows() == [
        ("1", 1, 10.0, "回", None, 11),
        ("1", 1, 200.0, "人", None, 13),
        ("1", 2, 45.0, "%", None, 15),
        ("2", 1, 1.0, "回", "per_month", 22),
    ]
    actions = run.tables["actions"]
    upcoming = actions.filter(pl.col("fiscal_year") == 2023)
    assert upcoming.select("goal_no", "action_no", "text", "deadline", "target_text").rows()[-2:] == [
        ("3", 1, "献血推進キャンペーンの実施", None, "6月:市役所会場 11月:公民館会場"),
        ("3", 2, "", "年度末まで", None),
    ]
    past = actions.filter(pl.col("fiscal_year") == 2022)
    assert past.select("goal_no", "action_no", "text", "final_report").rows() == [
        ("1", 1, "健康教室の開催", "健康教室を8回開催 ・延べ150人参加"),  # the whole result, every bullet
        ("1", 2, "特定健診の受診勧奨", "受診率41.5%"),
        ("?2", 1, "子育て相談の充実", "子育て相談を月1回開催"),
        ("?3", 1, "献血推進キャンペーンの実施", "献血会場を市役所と公民館に設置"),
    ]
    observed = run.tables["observations"].select("fiscal_year", "policy_id", "value", "unit", "line").rows()
    assert observed == [
        (2022, "1", 8.0, "回", 38),
        (2022, "1", 150.0, "人", 40),  # ・延べ150人参加 goes on ①'s result: no line between starts another
        (2022, "1", 41.5, "%", 42),
        (2022, "?2", 1.0, "回", 47),
        (2022, "?3", None, None, 54),  # a result stated in words: no value, never an invented number
    ]
    (words,) = run.tables["observations"].filter(pl.col("value").is_null()).iter_rows(named=True)
    assert (words["name"], words["kind"]) == ("献血会場を市役所と公民館に設置", "result")
    # a sub-item is kept with its goal and its year's column, tied to no item
    measures = run.tables["measures"].select("fiscal_year", "policy_id", "text", "line").rows()
    assert measures == [
        (2022, "1", "・地区ごとの出前講座", 40),
        (2023, "1", "・地区ごとの出前講座の拡充", 40),
    ]
    (issue,) = [i for i in run.issues if i.severity != "note"]  # the note says what it read
    assert (
        issue.span.first_line == 49 and "cannot be told apart" in issue.message
    )  # two cells: which columns?


def test_pdf_cells() -> None:
    from munigoals_ueda.juten.ichiran_pdf import split_cells

    assert split_cells("①項目 ①結果(延べ5人 3部会) ①次の項目") == [
        "①項目",
        "①結果(延べ5人 3部会)",
        "①次の項目",
    ]
    assert split_cells("  続きの結果 \u3000 次の続き") == [None, "続きの結果", "次の続き"]
    assert split_cells("② 6月：会場") == ["② 6月：会場"]
    assert split_cells("②催し1回 講演会1回 交流会4回") == ["②催し1回 講演会1回 交流会4回"]
    # a bullet and a ditto mark alone are no cell: the words after the gap go on it
    assert split_cells("・\u3000〃\u3000   \u3000(東地区)を2回開催 \u3000次の項目") == [
        "・\u3000〃 (東地区)を2回開催",
        "次の項目",
    ]


def _one_goal(items: int, title: str = "図書館の利用の促進と充実") -> str:
    """The head of a one-goal 一覧表 in PDF text (our own words): the page header, the two years, the
    targets year's 期限 block of ``items`` items, the goal number and its title with the column labels."""
    blocks = "".join(f"{CIRCLED[k]}年度末まで\n\n" for k in range(items))
    return (
        "　重点目標一覧表 担当部局名 テスト部\n\n【令和4年度重点目標】 【令和5年度重点目標】\n\n"
        f"重点目標 重点目標\n期限・数値目標等\n\n{blocks}１\n\n"
        f"{title}\n具体的な重点取組項目 達成状況・達成度 具体的な重点取組項目\n\n"
    )


def _pdf_sheet(host: PluginHost, tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    """A 一覧表 in PDF text, written for one test, read as Ueda's."""
    sheet = tmp_path / "sheet.txt"
    sheet.write_text(text, encoding="utf-8")
    return parse([sheet], host=host, cities=["ueda"])


def test_pdf_without_years_or_blocks_reports_what_it_misses(host: PluginHost, tmp_path: Path) -> None:
    run = _pdf_sheet(
        host,
        tmp_path,
        "　重点目標一覧表 担当部局名 テスト部\n\n健康寿命の延伸に向けた取組の推進\n"
        "具体的な重点取組項目 達成状況・達成度 具体的な重点取組項目\n\n①教室の開催 ①8回開催 ①教室の開催\n",
    )
    assert run.tables["policies"].select("plan", "policy_id").rows() == [
        ("テスト部 重点目標一覧表 (年度不明, 達成状況)", "?1")
    ]
    messages = {issue.span.first_line: issue.message for issue in run.issues if issue.severity != "note"}
    assert "fiscal years" in messages[1] and "without a 期限・数値目標等 block" in messages[3]
    assert "no block could be paired" in messages[6]  # the next year's item is reported, not dropped


def test_pdf_lines_before_the_first_header_are_reported(host: PluginHost, tmp_path: Path) -> None:
    run = _pdf_sheet(
        host,
        tmp_path,
        "メモ\n①前置きの項目 ①結果1回 ①次の項目\n\n　重点目標一覧表 担当部局名 テスト部\n\n"
        "【令和4年度重点目標】 【令和5年度重点目標】\n",
    )
    lines = {issue.span.first_line for issue in run.issues}
    assert {1, 2} <= lines  # read as far as it goes, the rest reported: no reader failure


def test_pdf_lines_of_fewer_cells_are_read_where_their_marks_tell_the_columns(host: PluginHost) -> None:
    run = parse([FIXTURES / "ichiran_pdf_columns.txt"], host=host)
    obs = run.tables["observations"]
    rows = obs.select("line", "policy_id", "name", "value", "unit", "fiscal_year", "kind").rows()
    # a 達成状況 bullet at the margin (・堆肥化容器を40基補助) after an indented item bullet: 26 is
    # item | result; kept with its goal, tied to no item (the result above it need not be its result)
    assert (26, "1", "堆肥化容器", 40.0, "基", 2023, "result") in rows
    # ②環境学習の充実 stands again alone (its other year's copy): 28 is item ② | result ②
    for name, value in [("講習会 3回", 3.0), ("相談会 2回", 2.0), ("教室 5回開催", 5.0)]:
        assert (28, "1", name, value, "回", 2023, "result") in rows  # each entry named by its own word
    # from a later year on (R6年度4月から): the report states a plan of that year, not a result
    assert (24, "1", "回収日の案内 月2回", 2.0, "回", 2024, "plan") in rows
    past = run.tables["actions"].filter(pl.col("fiscal_year") == 2023)
    report = dict(past.select("action_no", "final_report").rows())
    assert report[2] == "講習会3回 相談会2回 教室5回開催"
    assert "堆肥化" not in report[1]  # tied to no item
    upcoming = run.tables["measures"].filter(pl.col("fiscal_year") == 2024)
    assert ("・回収日の周知", 24) in upcoming.select("text", "line").rows()  # the cell after the bullet
    # ③清掃活動の支援 is stated once: which two columns its line holds is not told, it is reported
    lines = {i.span.first_line: i.message for i in run.issues if i.severity != "note"}
    assert "cannot be told apart" in lines[30] and "1 stated number(s)" in lines[30]
    assert 30 not in set(obs["line"])
    (note,) = [i.message for i in run.issues if i.severity == "note"]
    assert "7 read, 6 observations, 0 in target rows, 1 reported" in note


def test_pdf_cells_say_where_a_bullet_stands() -> None:
    from munigoals_ueda.juten.ichiran_pdf import _margin_result, _split

    cells = _split("\u3000・項目の続き ・結果の続き \u3000・次の項目")
    assert [c.text if c else None for c in cells] == ["・項目の続き", "・結果の続き", "・次の項目"]
    assert [_margin_result(c) for c in cells if c] == [False, True, False]
    assert [_margin_result(c) for c in _split("・結果 \u3000・次の項目") if c] == [True, False]
    assert not any(_margin_result(c) for c in _split("    ・字下げの項目") if c)  # a gap before it


def _reports_run(host: PluginHost):  # type: ignore[no-untyped-def]
    return parse([FIXTURES / "kanri_sheet_reports.txt"], host=host)


def test_kanri_numbers_are_named_by_what_they_count(host: PluginHost) -> None:
    obs = _reports_run(host).tables["observations"]
    named = {(r["line"], r["text"], r["note"]): r["name"] for r in obs.iter_rows(named=True)}
    # a list of nouns before a count: the count is of all of them
    assert named[(12, "12回", "期末報告")] == "郷土史講座、歴史講座、料理講座 12回開催"
    assert named[(12, "4回", "期末報告")] == "写真講座、俳句講座 4回開催"
    # the body the sentence is about (Xについては、/ Xの活動について、) keeps its meetings
    assert named[(12, "2回", "期末報告")] == "自治会連合会 役員会 2回開催しました"
    assert named[(12, "3回", "中間報告")] == "地区文化協会 役員会 3回"
    # a short word for a longer one written before it in the sentence: the longer one
    assert named[(12, "3回", "期末報告")] == "読書推進委員会 3回開催しました"
    # a word counting the number's unit (貸出冊数 for 冊), not the words of the next number
    assert named[(9, "12,345冊", "令和5年1月1日現在")] == "市立図書館の貸出冊数 12,345冊"
    # the next entry's words are not glued on (寄贈図書登録 12件 利用者登録 40件)
    assert named[(13, "12件", "期末報告")] == "寄贈図書登録 12件"
    # the entries of a bracket after a rate are of that rate, and of the first entry's measure
    reference = "期末報告; a reference figure (参考): to compare with, not a result"
    assert named[(14, "31.0%", reference)] == "登録率 国 31.0%"
    assert named[(14, "28.2%", reference)] == "登録率 県 28.2%"
    assert named[(9, "7.7%", "令和5年1月1日現在")] == "参考貸出率 県 7.7%"
    # a rank in that bracket is a rank by what the bracket names (参考貸出率)
    assert named[(9, "5位", "令和5年1月1日現在")] == "参考貸出率 県 19市中 5位"


def test_kanri_a_noun_after_a_number_is_what_it_counts(host: PluginHost) -> None:
    run = _reports_run(host)
    obs = run.tables["observations"]
    counted = {r["text"]: (r["value"], r["unit"]) for r in obs.iter_rows(named=True)}
    assert counted["5言語"] == (5, "言語")
    assert counted["42の施設"] == (42, "施設")
    assert counted["18項目"] == (18, "項目")
    assert counted["3窓口"] == (3, "窓口")  # 3窓口開設: the 開設 is what was done
    assert counted["3館"] == (3, "館")
    assert counted["8割"] == (8, "割")
    # a floor is no count: reported with its line, and why
    (floor,) = [i for i in run.issues if "2】階" in i.message]
    assert floor.span.first_line == 13 and "is a floor (階), not a count" in floor.message
    (note,) = [i.message for i in run.issues if i.message.startswith("numbers stated")]
    assert ", 1 reported;" in note


def test_kanri_a_series_length_is_no_result_and_stated_days_are_dates(host: PluginHost) -> None:
    obs = _reports_run(host).tables["observations"]
    (length,) = obs.filter(pl.col("text") == "8回").iter_rows(named=True)
    assert length["kind"] == "context"  # 郷土史講座(全8回)の第1回目: only the first of eight was held
    dates = {(r["text"]): r["date"] for r in obs.iter_rows(named=True)}
    assert dates["12,345冊"] == "2023-01-01" and dates["9.1%"] == "2023-01-01"  # 令和5年1月1日現在
    assert dates["20名"] == "2023-10-05" and dates["25名"] == "2023-11-09"  # ・10月5日(木)…: fiscal 2023
    assert dates["28.2%"] == "2024-04-01"  # 【令和6年4月1日現在】
    assert dates["40件"] is None


def test_kanri_a_bullet_cut_before_its_verb_is_reported(host: PluginHost) -> None:
    run = _reports_run(host)
    (cut,) = [i for i in run.issues if "before the verb are not in the text" in i.message]
    assert cut.span.first_line == 13 and "・ 配りました" in cut.message  # what was handed out, not said
    (note,) = [i.message for i in run.issues if i.message.startswith("numbers stated")]
    # the sentence of the 3回 says in words what else was done: 読書推進委員会及び作業部会を設置し
    assert note.endswith("1 observations with no value, 1 cut and reported")


def test_ichiran_results_in_words_and_projects_of_an_earlier_year(host: PluginHost) -> None:
    run = parse([FIXTURES / "ichiran_words.txt"], host=host)
    obs = run.tables["observations"]
    words = obs.filter(pl.col("value").is_null())
    assert words.select("text", "fiscal_year", "kind").rows() == [
        ("4年度補助金事業の検証", 2023, "result"),
        ("見本市は中止", 2023, "result"),  # one cell, two results: each its own row
        ("商談会は延期", 2023, "result"),
    ]
    # 4年度補助金事業の…12件: 令和4年度's projects, checked in the 令和5年度 report
    projects = obs.filter(pl.col("unit").is_in(["件", "千円"]))
    assert projects.select("value", "fiscal_year").rows() == [(12, 2022), (3400, 2022)]
    assert set(projects["note"]) == {"of fiscal 2022's projects, reported in fiscal 2023"}
    (later,) = obs.filter(pl.col("unit") == "社").iter_rows(named=True)
    assert later["fiscal_year"] == 2023 and later["note"] is None  # 新規取引先 7社: this year's
    (day,) = obs.filter(pl.col("text") == "30人").iter_rows(named=True)
    assert (day["name"], day["date"]) == ("商談会 30人", "2023-07-15")  # 商談会(7/15 30人): that day's


def test_target_items_keep_their_heading_and_only_their_own_words(host: PluginHost) -> None:
    items = _reports_run(host).tables["targets"].filter(pl.col("action_no") == 3)["item"].to_list()
    # (1)・巡回相談:東町・西町 各月1回、北町 年3回: each place's target is of the 巡回相談
    # (2) 各館の状況把握 読書会1回以上開催: the words before the space are another item's
    assert items == [
        "巡回相談 東町 各月1回",
        "巡回相談 西町 各月1回",
        "巡回相談 北町 年3回",
        "読書会1回以上開催",
    ]


def test_ichiran_a_target_of_a_number_alone_is_named_by_its_item_bullet(host: PluginHost) -> None:
    run = parse([FIXTURES / "ichiran_words.txt"], host=host)
    # ③ 販路開拓 ・商談会の開催 ・展示会の見直し | ③ ・ 8回 ・ 年度末: the 8回 are 商談会
    assert run.tables["targets"]["item"].to_list() == ["商談会の開催 8回"]


def test_kanri_a_deadline_in_the_target_cell_is_a_deadline(host: PluginHost) -> None:
    actions = _reports_run(host).tables["actions"]
    deadline = dict(zip(actions["action_no"], actions["deadline"], strict=True))
    assert deadline[2] == "年度末まで; 数値目標 (1) 10月までに"  # (1) 10月までに案内を作成
    assert deadline[1] == "年度末まで"


def test_pdf_pages_read_what_their_layout_tells(host: PluginHost) -> None:
    """ichiran_pdf_pages.txt: two pages, each opening with its first goal; lines before a page's first
    goal, a ditto bullet, 2023 items stated again on another page, 2024 items alone on their lines."""
    run = parse([FIXTURES / "ichiran_pdf_pages.txt"], host=host)
    observed = run.tables["observations"].select("line", "policy_id", "name", "value").rows()
    # 22 stands before the page's first goal (the goal-number cell spans its rows): that goal's,
    # tied to no item (no result stands above it)
    assert (22, "1", "ボランティア養成講座", 2.0) in observed
    measures = run.tables["measures"].select("fiscal_year", "policy_id", "line").rows()
    assert {(2023, "1", 22), (2024, "1", 22)} <= set(measures)
    # 31: ・〃 (北分館)を5回開催 is one cell; the mark stands for the bullet written the same way
    assert (31, "1", "おはなし会(北分館) 5回開催", 5.0) in observed
    # ①12団体に補助: the number follows the item mark, and plain NFKC reads ①12 as 112: reported
    assert 40 not in {line for line, *_ in observed}
    # 44 is cut mid-sentence (、) and 46 goes on without a bullet: one result, tied to no item
    (words,) = run.tables["observations"].filter(pl.col("line") == 44).iter_rows(named=True)
    assert (words["value"], words["last_line"], words["kind"]) == (None, 46, "result")
    assert words["name"] == "予約の受付をウェブで始め、 利用者が増加した"
    actions = run.tables["actions"]
    past = {
        (r["goal_no"], r["action_no"]): (r["text"], r["final_report"])
        for r in actions.filter(pl.col("fiscal_year") == 2023).iter_rows(named=True)
    }
    # 40, 42: two cells of one number, the first stated again on page 2: a 2023 item and its result
    assert past[("2", 2)] == ("会場の貸出", "会場を40回貸出")
    assert (42, "2", "会場 40回貸出", 40.0) in observed
    # 85 stands before page 2's first goal's ① (87): that goal's ③
    assert past[("?3", 3)] == ("用具と施設の点検", "体育館など3施設を点検")
    upcoming = {
        (r["goal_no"], r["action_no"]): (r["text"], r["text_line"])
        for r in actions.filter(pl.col("fiscal_year") == 2024).iter_rows(named=True)
    }
    # items alone on their line go to the goal whose words they share, not to the title above them:
    # 92 follows goal 4's title, but its 2023 copy is goal 2's, whose title goal 3 carries on
    assert upcoming[("3", 2)] == ("会場の貸出", 92)
    assert upcoming[("4", 1)] == ("運動教室の開催", 96)
    assert upcoming[("2", 1)] == ("健康相談会の周知", 48)  # a goal new in 2024: its title's words
    assert upcoming[("2", 2)] == ("相談員の研修", 52)
    # 54 is cut mid-sentence (の): the lone unmarked cell right after it goes on it
    assert upcoming[("2", 3)] == ("相談の記録を電子化し、健康相談の 質の向上", 54)
    assert upcoming[("4", 2)] == ("", None)  # no line states its item
    # 50 stands between two lone items of goal 2: that goal's, tied to no item; 94 stands between
    # items of goals 3 and 4: whose it is is not told
    loose = run.tables["measures"].filter(pl.col("fiscal_year") == 2024).select("policy_id", "line").rows()
    assert ("2", 50) in loose and 94 not in {line for _goal, line in loose}
    warnings = [i for i in run.issues if i.severity != "note"]
    assert [(i.span.first_line, "cannot be told apart" in i.message) for i in warnings] == [
        (94, True),
        (40, False),
    ]


def test_pdf_a_goal_states_each_number_once(host: PluginHost, tmp_path: Path) -> None:
    run = _pdf_sheet(
        host,
        tmp_path,
        _one_goal(2)
        + "①蔵書の充実 ①新刊を300冊購入 ①蔵書の充実\n\n②利用案内の配布 ②案内を2回配布 ②利用案内の配布\n\n"
        "②別の催しの開催 ②催しを5回開催 ②別の催しの開催\n",
    )
    past = run.tables["actions"].filter(pl.col("fiscal_year") == 2022)
    assert dict(past.select("action_no", "final_report").rows())[2] == "案内を2回配布"  # not merged
    (again,) = [i for i in run.issues if "holds an item of that number already" in i.message]
    assert again.span.first_line == 21 and "1 stated number(s)" in again.message
    assert 21 not in set(run.tables["observations"]["line"])
    (note,) = [i.message for i in run.issues if i.severity == "note"]
    assert "3 read, 2 observations, 0 in target rows, 1 reported" in note


def test_pdf_a_line_of_four_cells_holds_a_result_of_two(host: PluginHost, tmp_path: Path) -> None:
    run = _pdf_sheet(
        host,
        tmp_path,
        _one_goal(1) + "①蔵書の充実 ①新刊を300冊購入 図書館だよりで案内 \u3000利用の少ない分野の見直し\n",
    )
    # the third piece starts a cell only by its length, the fourth by its indent: three columns
    past = run.tables["actions"].filter(pl.col("fiscal_year") == 2022)
    assert past.select("action_no", "text", "final_report").rows() == [
        (1, "蔵書の充実", "新刊を300冊購入 図書館だよりで案内")
    ]
    upcoming = run.tables["measures"].filter(pl.col("fiscal_year") == 2023)
    assert upcoming.select("text", "line").rows() == [("利用の少ない分野の見直し", 15)]
    assert not any("cannot be told apart" in i.message for i in run.issues)


_BRANCH_SHEET = (
    _one_goal(2) + "①分館の整備 ①移動図書館(東地区)を4回運行 ①分館の整備\n"
    "　蔵書の移送の計画 ・　　〃　　 (西地区)を3回運行 　開館に向けた周知\n"
    "　移送の手順の確認　 　(R6開館予定) 　 開館の案内\n\n"
    "②相談の充実 ②相談窓口を週3回開設 ②相談の充実\n\n"
    "③会の運営 ③読書会(北3地区)を5回開催 ③会の運営\n\n"
    "　会の記録 ・友の会(役員会2回 3部会延べ12回) 　会報の発行\n\n"
    "　展示の工夫 ・資料展示(6か所) 　展示の更新\n\n"
    "　講座の運営(東公民館) ・出前講座では4件を実施 　講座の充実\n\n"
    "　講座の運営(西公民館) ・出前講座では7件を実施 　講座の拡充\n\n"
    "　講座の記録 ・出前講座では2件を実施 　記録の公開\n"
)


def test_pdf_an_aside_plan_is_of_the_year_it_names_and_named_by_the_bullet_before(
    host: PluginHost, tmp_path: Path
) -> None:
    obs = _pdf_sheet(host, tmp_path, _BRANCH_SHEET).tables["observations"]
    (plan,) = obs.filter(pl.col("text") == "(R6開館予定)").iter_rows(named=True)
    assert (plan["line"], plan["last_line"]) == (18, 19)  # the bullet its name is read from, and its own
    # (R6開館予定) is an aside of the ditto bullet above it, planned for fiscal 2024 (R6), not the
    # report's 2022; named by that bullet's words and its own: what opens is not said to be the 移動図書館
    assert (plan["name"], plan["fiscal_year"], plan["kind"], plan["text"]) == (
        "移動図書館(西地区)を3回運行 (R6開館予定)",
        2024,
        "plan",
        "(R6開館予定)",
    )


def test_pdf_a_rate_keeps_its_period(host: PluginHost, tmp_path: Path) -> None:
    obs = _pdf_sheet(host, tmp_path, _BRANCH_SHEET).tables["observations"]
    (rate,) = obs.filter(pl.col("line") == 21).iter_rows(named=True)
    # 週3回: three a week, not three in the year; the table has no period column: the note says it
    assert (rate["value"], rate["unit"], rate["text"]) == (3.0, "回", "週3回")
    assert rate["note"] == "rate per_week: 3 回 a week, not a count of the year"
    (count,) = obs.filter(pl.col("text") == "4回").iter_rows(named=True)
    assert count["note"] is None  # a count of the year states no period


def test_pdf_a_count_naming_a_body_is_context(host: PluginHost, tmp_path: Path) -> None:
    obs = _pdf_sheet(host, tmp_path, _BRANCH_SHEET).tables["observations"]
    kinds = dict(obs.filter(pl.col("line") >= 23).select("text", "kind").rows())
    # 読書会(北3地区): the 3 says which 読書会, in brackets after its name; the 5回 is the result
    assert (kinds["3地区"], kinds["5回"]) == ("context", "result")
    # 3部会延べ12回: the 12 meetings are of the three 部会; the 3 is how the body is set up
    assert (kinds["3部会"], kinds["12回"], kinds["2回"]) == ("context", "result", "result")
    assert kinds["6か所"] == "result"  # a bracket of its own, no number after it: what was done


def test_pdf_names_alike_say_whose_where_their_line_names_an_office(host: PluginHost, tmp_path: Path) -> None:
    obs = _pdf_sheet(host, tmp_path, _BRANCH_SHEET).tables["observations"]
    names = dict(obs.filter(pl.col("line") >= 29).select("line", "name").rows())
    # three results of one goal named 出前講座: each line's item names the office that does the work
    assert names == {29: "出前講座 (東公民館)", 31: "出前講座 (西公民館)", 33: "出前講座"}  # 33: none


def _cut_sheet(third: str) -> str:
    return (
        _one_goal(3)
        + "①蔵書の充実 ①新刊を300冊購入 ①蔵書の充実\n\n②案内の配布 ②館報から選んだ記事の点字版を ②案内の配布\n\n"
        f"③催しの開催 ③{third} ③催しの開催\n\n④展示の更新\n\n  隔月刊行(120部)し、学校へ配布    \u3000催しの周知\n"
    )


def test_pdf_a_result_cut_after_its_object_goes_on_in_the_one_cell_that_has_none(
    host: PluginHost, tmp_path: Path
) -> None:
    run = _pdf_sheet(host, tmp_path, _cut_sheet("講演会を2回開催"))
    past = run.tables["actions"].filter(pl.col("fiscal_year") == 2022)
    # ②'s result ends with its object (…点字版を); 27 goes on with a verb and has no object of its own
    assert dict(past.select("action_no", "final_report").rows())[2] == (
        "館報から選んだ記事の点字版を 隔月刊行(120部)し、学校へ配布"
    )
    (issued,) = run.tables["observations"].filter(pl.col("text") == "120部").iter_rows(named=True)
    assert (issued["line"], issued["name"]) == (
        27,
        "館報から選んだ記事の点字版 隔月刊行 120部",
    )  # what is issued
    assert not any("rest is not beside it" in i.message for i in run.issues)
    # two results cut after their object: which one 27 goes on is not told, nothing is joined
    run = _pdf_sheet(host, tmp_path, _cut_sheet("講演会の案内を"))
    past = run.tables["actions"].filter(pl.col("fiscal_year") == 2022)
    assert dict(past.select("action_no", "final_report").rows())[2] == "館報から選んだ記事の点字版を"
    (issued,) = run.tables["observations"].filter(pl.col("text") == "120部").iter_rows(named=True)
    assert issued["name"] == "隔月刊行"


def _count_cut_sheet(second: str) -> str:
    return (
        _one_goal(3) + "①蔵書の充実 ①新刊を300冊購入 ①蔵書の充実\n\n　 教室5回\n\n"
        f"②催しの開催 ②{second} ②催しの開催\n\n　 3回出席\n\n　 理事会へ出席(2月)\n\n"
        "③連携の推進 ③近隣の館との会議へ4回、総会へ ③連携の推進\n"
    )


def test_pdf_a_result_cut_before_its_count_goes_on_in_the_one_cell_of_that_shape(
    host: PluginHost, tmp_path: Path
) -> None:
    run = _pdf_sheet(host, tmp_path, _count_cut_sheet("読み聞かせ会2回、講演会1回、親子"))
    past = dict(
        run.tables["actions"].filter(pl.col("fiscal_year") == 2022).select("action_no", "final_report").rows()
    )
    # ② lists things with their counts and ends on one without: the cell that starts with a noun and
    # its count goes on that word; ③ ends on a particle: the cell that starts with a count goes on it
    assert past[2] == "読み聞かせ会2回、講演会1回、親子教室5回"
    # and the line right after a joined rest, indented as it is, is the next line of that cell
    assert past[3] == "近隣の館との会議へ4回、総会へ3回出席 理事会へ出席(2月)"
    obs = run.tables["observations"]
    (joined,) = obs.filter(pl.col("text") == "5回").iter_rows(named=True)
    assert (joined["line"], joined["name"], joined["value"]) == (21, "親子教室", 5.0)
    (attended,) = obs.filter(pl.col("line") == 25).iter_rows(named=True)
    assert (attended["name"], attended["value"], attended["unit"]) == ("総会 3回出席", 3.0, "回")
    assert not any("cannot be told apart" in i.message for i in run.issues)
    (note,) = [i.message for i in run.issues if i.severity == "note"]
    assert "6 read, 6 observations, 0 in target rows, 0 reported" in note
    # ② now ends on a particle too: two results of the page cut before a count, which one 25 goes on
    # is not told; nothing is joined and both lines are reported with their numbers
    run = _pdf_sheet(host, tmp_path, _count_cut_sheet("読み聞かせ会1回、講演会へ"))
    unread = {i.span.first_line: i.message for i in run.issues if "cannot be told apart" in i.message}
    assert set(unread) == {21, 25, 27}  # 21: no result of the page ends on a thing without its count
    assert all("1 stated number(s)" in unread[line] for line in (21, 25))
    assert set(run.tables["observations"]["line"]) == {19, 23, 29}


def test_ichiran_clauses_and_days_of_a_result_are_kept(host: PluginHost) -> None:
    obs = parse([FIXTURES / "ichiran_clauses.txt"], host=host).tables["observations"]
    words = obs.filter(pl.col("value").is_null()).select("text", "date").rows()
    # a clause that states no number in a sentence of counts is a result of its own, with its day
    assert ("2月5日に連携協定締結", "2024-02-05") in words  # February of the 令和5年度 report: 2024
    assert ("4月20日に計画改定。", "2023-04-20") in words
    assert ("来場者調査実施", None) in words
    # the days alone after a result are its days: kept in its text, not dropped
    assert ("物産展の開催。 (9/3-9/25)", None) in words
    names = dict(obs.filter(pl.col("value").is_not_null()).select("text", "name").rows())
    # a bare noun, or a whole set, says what was counted only with what was done
    assert names["2回"] == "会議 2回開催 (事業の周知を図った)"
    assert names["6校"] == "市内全中学校 (出前授業、展示会を開催)"
    assert names["8枚"] == "展示パネル"  # named by its words: nothing added


def test_pdf_whose_result_and_whose_meeting(host: PluginHost, tmp_path: Path) -> None:
    run = _pdf_sheet(
        host,
        tmp_path,
        _one_goal(2) + "①「図書館友の会」と協働した事業の推進 ①総会1回、役員会4回開催 ①友の会との協働\n\n"
        "②分館の運営 ・出前講座では3件を実施 　分館の運営\n"
        "　　貸出の支援(東公民館) ・出前講座では5件を実施 　貸出の支援\n\n"
        "・出前講座では2件を実施 　蔵書の整理\n\n"
        "　　講座の記録 ・出前講座では6件を実施 　記録の公開\n\n"
        "③蔵書の見直し ③除籍で40冊の削減を行った ③蔵書の見直し\n",
    )
    obs = run.tables["observations"]
    names = dict(obs.select("text", "name").rows())
    # 総会 and 役員会 are the meetings of the one body the item names in quotes
    assert names["1回"] == "図書館友の会 総会 1回" and names["4回"] == "図書館友の会 役員会 4回開催"
    # a result at the margin below an item cell that ends with its office, no item starting between
    assert names["5件"] == "出前講座 (東公民館)" and names["2件"] == "出前講座 (東公民館)"
    # above the office's line, or beside item words of its own that name none: whose is not told
    assert names["3件"] == "出前講座" and names["6件"] == "出前講座"
    (cut,) = obs.filter(pl.col("text") == "40冊").iter_rows(named=True)
    assert cut["note"] == "a change (削減): down by 40冊, not a level"
    assert cut["name"] == "除籍 40冊の削減を行った"  # its own words name it: nothing added


def test_pdf_a_cut_result_goes_on_beside_an_item_on_the_line_after_it(
    host: PluginHost, tmp_path: Path
) -> None:
    run = _pdf_sheet(
        host,
        tmp_path,
        _one_goal(2) + "①蔵書の充実 ①新刊を300冊購入 ①蔵書の充実\n\n"
        "・館報の発行がR5年度6月から月2回に\n\n"
        "　改めることを決定 ②新たな貸出制度の検討\n",
    )
    assert not any("cannot be told apart" in i.message for i in run.issues)
    upcoming = run.tables["actions"].filter(pl.col("fiscal_year") == 2023)
    assert dict(upcoming.select("action_no", "text").rows())[2] == "新たな貸出制度の検討"
    (rate,) = run.tables["observations"].filter(pl.col("text") == "月2回").iter_rows(named=True)
    # from when a rate holds is in its note: the date column holds days, not months
    assert rate["note"] == "rate per_month: 2 回 a month, not a count of the year; from R5年度6月"
    assert rate["kind"] == "plan" and rate["fiscal_year"] == 2023  # 改めることを決定: from R5, a plan


def _taken_sheet(blocks: str) -> str:
    return (
        "　重点目標一覧表 担当部局名 テスト部\n\n【令和4年度重点目標】 【令和5年度重点目標】\n\n"
        f"重点目標 重点目標\n期限・数値目標等\n\n{blocks}１\n\n"
        "図書館の利用の促進と充実\n具体的な重点取組項目 達成状況・達成度 具体的な重点取組項目\n\n"
        "①蔵書の充実 ①新刊を300冊購入 ①蔵書の充実\n\n②案内の配布 ②案内を2回配布 ②案内の配布\n\n"
        "③分館のあり方を検討 ③新たな分館の計画については、\n\n"
        "　近隣の館との役割分担を図り\n\n"
        "　 ながら検討を進めた\n"
    )


def test_pdf_two_cells_of_a_number_no_block_holds_are_an_item_and_its_result(
    host: PluginHost, tmp_path: Path
) -> None:
    run = _pdf_sheet(host, tmp_path, _taken_sheet("①年度末まで\n\n②年度末まで\n\n"))
    # the targets-year block lists ① and ② only: the second ③ is no item of it, so the two are the
    # results year's item ③ and its result, whose next line goes on it, and whose verb goes on with ながら
    past = run.tables["actions"].filter(pl.col("fiscal_year") == 2022)
    rows = {r["action_no"]: (r["text"], r["final_report"]) for r in past.iter_rows(named=True)}
    assert rows[3] == (
        "分館のあり方を検討",
        "新たな分館の計画については、 近隣の館との役割分担を図りながら検討を進めた",
    )
    assert not any("cannot be told apart" in i.message for i in run.issues)
    # the block lists ③: the second cell can be the targets year's ③; which column it is is not told
    run = _pdf_sheet(host, tmp_path, _taken_sheet("①年度末まで\n\n②年度末まで\n\n③年度末まで\n\n"))
    assert {i.span.first_line for i in run.issues if "cannot be told apart" in i.message} >= {23}


def _kinds_run(host: PluginHost):  # type: ignore[no-untyped-def]
    return parse([FIXTURES / "kanri_sheet_kinds.txt"], host=host)


def test_kanri_what_is_no_result_of_the_year_is_context(host: PluginHost) -> None:
    obs = _kinds_run(host).tables["observations"]
    kind = {r["text"]: (r["kind"], r["note"]) for r in obs.iter_rows(named=True)}
    # 登録率 12.5%(参考;国14.0%、県11.2%): the nation's and the prefecture's rates are to compare with
    assert kind["12.5%"] == ("result", "期末報告")
    assert kind["14.0%"][0] == kind["11.2%"][0] == "context"
    assert "reference figure (参考)" in kind["14.0%"][1]
    # …2会場合同の交流会は行われませんでした: the count names what did not take place
    assert kind["2会場合同"][0] == "context" and "not done" in kind["2会場合同"][1]
    assert kind["2回"][0] == "result"  # 研修会を2回開催しました, in the same cell, was held
    # 6地区に2人ずつ: two for each 地区, not two in all; the 6 says where
    assert kind["2人"][0] == "context" and "distributive (2人ずつ)" in kind["2人"][1]
    assert kind["6地区"][0] == "context"


def test_kanri_days_written_with_a_year_or_as_the_same_year_are_dates(host: PluginHost) -> None:
    obs = _kinds_run(host).tables["observations"]
    dates = dict(obs.filter(pl.col("text").is_in(["25名", "35名", "60名"])).select("text", "date").rows())
    # ・令和5年1月19日(木)北部会場 25名相談 ・同年2月2日(木)南部会場 35名相談 (同年: the year just named)
    assert dates == {"25名": "2023-01-19", "35名": "2023-02-02", "60名": None}


def test_kanri_a_name_never_says_one_item_of_a_list_is_all(host: PluginHost) -> None:
    names = dict(_kinds_run(host).tables["observations"].select("text", "name").rows())
    # 北町、南町、東町、西町の4地区へ / …図書館、本町公民館へ協力員を12人: the count is of the whole list
    assert names["4地区"] == "4地区へチラシを配布しました"
    assert names["12人"] == "協力員 12人派遣しました"


def test_kanri_results_of_different_offices_say_whose(host: PluginHost) -> None:
    obs = _kinds_run(host).tables["observations"]
    names = obs.filter(pl.col("text") == "2回")["name"].to_list()
    # ③ and ④ name their offices at their items' end: two councils, two names
    assert sorted(n for n in names if n.startswith("地域協議会")) == [
        "地域協議会 2回開催しました (北部福祉センター)",
        "地域協議会 2回開催しました (南部福祉センター)",
    ]
    assert not any("センター)" in n for n in obs.filter(pl.col("line") == 12)["name"])  # ① names none


def test_kanri_statuses_in_words_are_observations_with_no_value(host: PluginHost) -> None:
    run = _kinds_run(host)
    words = run.tables["observations"].filter(pl.col("value").is_null())
    assert words.select("line", "name", "text", "note", "kind").rows() == [
        # (1) …協議のうえ中止: the sentence names no item; the action's (1) does (…見守り講座を開催します)
        (13, "講座 中止", "感染症の状況を踏まえ、関係団体と協議のうえ中止としました", "期末報告", "result"),
        (13, "講座 中止", "講座は感染症の拡大により中止としました", "中間報告", "result"),
        # what was done, in words alone: a result of its own (word_deeds)
        (13, "チラシを作成しました", "チラシを作成しました", "中間報告", "result"),
        (14, "出張相談会を開催しました (北部福祉センター)", "出張相談会を開催しました", "期末報告", "result"),
        (16, "記念式典 延期", "記念式典は延期としました", "期末報告", "result"),
    ]
    # (2) 交流会は…中止: a target's status, in its row and not observed again
    targets = run.tables["targets"]
    assert targets.filter(pl.col("item") == "交流会2回以上")["actual_status"].to_list() == ["cancelled"]
    (note,) = [i.message for i in run.issues if i.message.startswith("numbers stated")]
    assert "results stated in words: 5 observations with no value" in note


def test_kanri_a_name_holds_no_words_of_another_phrase_or_a_whole_sentence(host: PluginHost) -> None:
    names = dict(_kinds_run(host).tables["observations"].select("text", "name").rows())
    # 5団体には新しい補助金の「活動費」を交付: the words after には are what they were given, not them
    assert names["5団体"] == "計画を作った 5団体"
    # 出張相談会を開催しました。【合計60名相談】: the sentence's object is what the 60 came to
    assert names["60名"] == "出張相談会 60名相談 (北部福祉センター)"


def test_kanri_a_target_of_a_number_and_verb_alone_is_named_by_its_item_part(host: PluginHost) -> None:
    targets = _kinds_run(host).tables["targets"]
    # ⑥ 数値目標 (1) 3回以上実施 says nothing of what; the 取組項目's (1) does: 農業体験ツアーの実施
    (row,) = targets.filter(pl.col("action_no") == 6).iter_rows(named=True)
    assert (row["item"], row["actual_value"], row["achieved"]) == (
        "農業体験ツアーの実施 3回以上実施",
        3.0,
        True,
    )
    assert "講演会1回以上" in targets["item"].to_list()  # an item with its own noun keeps its words


def test_pdf_an_items_last_line_naming_its_office_goes_to_the_goal_whose_words_it_shares(
    host: PluginHost, tmp_path: Path
) -> None:
    run = _pdf_sheet(
        host,
        tmp_path,
        _one_goal(1, "地域の自治活動への支援")
        + "①蔵書の充実 ①新刊を300冊購入 ①地区協議会、自治会への支援、地域の活動の支援\n\n"
        "　　地区協議会、自治会連合会への支援(東地域自治センター)\n\n"
        "　　照明の更新(西公民館)\n",
    )
    measures = run.tables["measures"].filter(pl.col("fiscal_year") == 2023)
    # the sheet closes an item of such a goal with its office: kept with the goal whose words it shares
    assert measures.select("text", "line").rows() == [
        ("地区協議会、自治会連合会への支援(東地域自治センター)", 17)
    ]
    unread = {i.span.first_line for i in run.issues if "cannot be told apart" in i.message}
    assert unread == {19}  # 照明の更新: its words are no goal's; which goal it ends is not told


def test_pdf_a_result_cut_before_its_verb_goes_on_in_the_one_rest_of_its_goal(
    host: PluginHost, tmp_path: Path
) -> None:
    run = _pdf_sheet(
        host,
        tmp_path,
        _one_goal(2) + "①蔵書の充実 ①新刊を300冊購入 ①蔵書の充実\n\n"
        "・近隣の大学と相互利用の協定を\n\n"
        "②催しの開催 ②講演会を2回開催 ②催しの開催\n\n"
        "・市民団体の活動を支援し、\n\n"
        "　締結(R5.1.20) 　・新たな貸出制度の検討\n\n"
        "　　活動の成果を発信(冊子の発行)\n",
    )
    words = run.tables["observations"].filter(pl.col("value").is_null())
    # …協定を / 締結(…): a verb's object and the verbal noun; …支援し、 / …発信(…): a verb that goes on
    assert words.select("text", "date", "line", "last_line").rows() == [
        ("近隣の大学と相互利用の協定を締結(R5.1.20)", "2023-01-20", 19, 25),
        ("市民団体の活動を支援し、活動の成果を発信(冊子の発行)", None, 23, 27),
    ]
    unread = {i.span.first_line: i.message for i in run.issues if "cannot be told apart" in i.message}
    assert list(unread) == [25] and unread[25].startswith("its first cell is read as the rest of a result")


def test_pdf_sub_items_before_a_goals_number_that_share_its_words_are_that_goals(
    host: PluginHost, tmp_path: Path
) -> None:
    """The goal-number cell spans the goal's rows; the PDF text prints the rows above its middle before
    the number: a sub-item there whose words are the next goal's item's goes to that goal, with its
    result and its next-year cell (our own words)."""
    run = _pdf_sheet(
        host,
        tmp_path,
        "　重点目標一覧表 担当部局名 テスト部\n\n【令和4年度重点目標】 【令和5年度重点目標】\n\n"
        "重点目標 重点目標\n期限・数値目標等\n\n①年度末まで\n\n②年度末まで\n\n"
        "重点目標 重点目標\n期限・数値目標等\n\n①年度末まで\n\n１\n\n"
        "図書館の利用の促進と充実\n具体的な重点取組項目 達成状況・達成度 具体的な重点取組項目\n\n"
        "①蔵書の充実 ①新刊を300冊購入 ①蔵書の充実\n\n②分館の整備 ②移動図書館を4回運行 ②分館の整備\n\n"
        "　・郷土資料の電子化と公開の準備 ・郷土資料の目録を作成 　・郷土資料の電子化と公開\n\n２\n\n"
        "歴史と文化の継承の推進\n具体的な重点取組項目 達成状況・達成度 具体的な重点取組項目\n\n"
        "①郷土資料の保存と活用 ①古文書講座を3回開催 ①郷土資料の保存と活用\n",
    )
    actions = run.tables["actions"]
    past = {
        (r["goal_no"], r["action_no"]): r
        for r in actions.filter(pl.col("fiscal_year") == 2022).iter_rows(named=True)
    }
    assert past[("1", 2)]["final_report"] == "移動図書館を4回運行"
    assert "郷土資料の電子化と公開の準備" in past[("2", 1)]["text"]
    assert past[("2", 1)]["final_report"] == "古文書講座を3回開催 ・郷土資料の目録を作成"
    assert (past[("2", 1)]["line"], past[("2", 1)]["last_line"]) == (26, 33)  # from the sub-item to ①
    upcoming = {
        (r["goal_no"], r["action_no"]): r["text"]
        for r in actions.filter(pl.col("fiscal_year") == 2023).iter_rows(named=True)
    }
    assert "郷土資料の電子化と公開" in upcoming[("2", 1)] and "郷土資料" not in upcoming[("1", 2)]

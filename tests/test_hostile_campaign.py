"""The second hostile campaign's cases beyond export: folders, document structure, crashes, exit codes
and messages, time limits, and what limits mean. Each case is one the campaign found failing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from munigoals.layouts import html_items
from munigoals.model import Severity
from munigoals.reading import expand_paths
from tests.plugins_seeds import SUZAKA_PAGES
from tests.test_cli_process import assert_one_line_error, munigoals


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "pages.txt"
    path.write_text(SUZAKA_PAGES, encoding="utf-8")
    return path


# -- data loss: folders and document structure ---------------------------------------------------------


def test_an_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(SUZAKA_PAGES, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(SUZAKA_PAGES, encoding="utf-8")
    scandir = os.scandir

    def locked(path: os.PathLike[str] | str) -> object:  # mode 000, also for a test run as root
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", locked)
    files, notes = expand_paths([tmp_path])
    assert [p.name for p, _ in files] == ["a.txt"]
    assert [n.severity for n in notes] == [Severity.WARNING]
    assert "locked" in notes[0].message and "Permission denied" in notes[0].message


def test_html_nested_thousands_deep_is_read_without_recursion() -> None:
    depth = 3000
    cell = "<ul><li>" * depth + "深い項目" + "</li></ul>" * depth
    assert html_items(cell) == ("深い項目",)
    assert html_items("<ul><li>a<b>x</b>y</li><li>b</li></ul>tail<p>c</p>") == ("axy", "b", "tail", "c")


def test_a_section_heading_cut_into_an_indicator_table_reports_the_rows_it_would_drop(tmp_path: Path) -> None:
    import munigoals
    from tests.plugins_seeds import UEDA_SECTIONS

    first_row = "特定健診の受診率\t45.2% (令和5年度)\t60.0%以上\n"
    assert first_row in UEDA_SECTIONS
    text = UEDA_SECTIONS.replace(first_row, first_row + "## 1-9-9 挿入された見出し\n")
    (tmp_path / "mutated.txt").write_text(text, encoding="utf-8")
    run = munigoals.parse(tmp_path / "mutated.txt")
    dropped = [i for i in run.issues if "inside a table" in i.message]
    assert len(dropped) == 2  # the two rows under the heading: reported, with their lines
    lines = text.splitlines()
    assert all(lines[i.span.first_line - 1].count("\t") == 2 for i in dropped)
    assert all(i.severity == Severity.WARNING for i in dropped)


# -- crashes, exit codes and messages ----------------------------------------------------------------


def _closed_stdout(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "munigoals", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True, timeout=120, preexec_fn=lambda: os.close(1), env={**os.environ, **(env or {})},
    )  # fmt: skip


@pytest.mark.parametrize("args", [["parse", "PAGE"], ["compare", "--format", "csv"], ["cities"], ["cite"]])
def test_a_closed_stdout_is_one_line_and_exit_1(page: Path, args: list[str]) -> None:
    proc = _closed_stdout(*[str(page) if a == "PAGE" else a for a in args])
    assert_one_line_error(proc, 1, "standard output is closed")


def test_a_closed_pipe_exits_0_and_says_nothing() -> None:
    for args in (["cities"], ["table", "indicators", "--format", "csv"]):
        read, write = os.pipe()
        os.close(read)
        proc = subprocess.run([sys.executable, "-m", "munigoals", *args], stdout=write, stderr=subprocess.PIPE,
                              text=True, timeout=120)  # fmt: skip
        os.close(write)
        assert (proc.returncode, proc.stderr) == (0, ""), args


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MUNIGOALS_MAX_DOCUMENT_MB", "inf"),
        ("MUNIGOALS_MAX_DOCUMENT_MB", "1e308"),
        ("MUNIGOALS_MAX_DOCUMENT_MB", "nan"),
        ("MUNIGOALS_READ_TIMEOUT", "inf"),
        ("MUNIGOALS_READ_TIMEOUT", "1e-9"),
    ],
)
def test_settings_out_of_range_are_one_line(page: Path, name: str, value: str) -> None:
    assert_one_line_error(munigoals("parse", str(page), env={name: value}), 1, f"{name}={value!r}")


def test_usage_errors_are_one_line() -> None:
    for args, needle in ((["parse", "--bogus"], "--bogus"), (["chart", "--scale", "nan"], "--scale")):
        proc = munigoals(*args)
        assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert needle in proc.stderr and "--help" in proc.stderr


def test_many_workers_asked_for_few_documents(page: Path) -> None:
    proc = munigoals("parse", str(page), "-j", "10000", "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 6


def test_the_longest_output_name_a_folder_allows_is_written(page: Path) -> None:
    name = "a" * 250 + ".csv"
    proc = munigoals("parse", "pages.txt", "-o", name, "--format", "csv", cwd=page.parent)
    assert proc.returncode == 0, proc.stderr
    assert (page.parent / name).read_text(encoding="utf-8-sig").startswith("city,")


def test_a_file_cut_inside_its_last_character_is_read_with_that_reported(tmp_path: Path) -> None:
    data = (SUZAKA_PAGES.rstrip("\n") + "\n以上").encode("utf-8")  # ends inside 上 once cut
    cut = tmp_path / "cut.txt"
    cut.write_bytes(data[:-1])
    proc = munigoals("parse", str(cut), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 6 and "ends inside a character" in proc.stderr


def test_sighup_stops_a_run_like_sigterm(tmp_path: Path) -> None:
    from tests.test_hostile import _generate

    folder = tmp_path / "many"
    folder.mkdir()
    _generate(folder, 400, pages=40)
    out = tmp_path / "out.parquet"
    proc = subprocess.Popen(
        [sys.executable, "-m", "munigoals", "parse", str(folder), "--format", "parquet", "-o", str(out), "-j", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(tmp_path.glob(".out.parquet.*")):
        time.sleep(0.05)
    time.sleep(0.5)
    assert proc.poll() is None, "the parse ended before it could be stopped"
    proc.send_signal(signal.SIGHUP)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGHUP, stderr
    assert "SIGHUP" in stderr and "Traceback" not in stderr
    assert list(tmp_path.glob(".out.parquet*")) == [] and not out.exists()


# -- plugins: time limits from outside, faults named ---------------------------------------------------

HOSTILE = """
    import os, time
    from munigoals import sdk

    def _sniff(head):
        if "SLOWSNIFF" in head:
            time.sleep(1000)
        return 0.9 if head.startswith("HOSTILE") else 0.0

    def _read(text, document, municipality):
        if "EXIT" in text:
            os._exit(9)
        if "INTERRUPT" in text:
            raise KeyboardInterrupt
        if "SWALLOW" in text:
            while True:
                try:
                    time.sleep(10)
                except BaseException:
                    pass
        if "FARLINE" in text or "HALFLINE" in text or "HALFPRIORITY" in text:
            line = 1.5 if "HALFLINE" in text else 1_000_000_000
            policy = sdk.Policy(id="1", title="x", span=sdk.Span.line(document.id, line))
            if "HALFPRIORITY" in text:  # a priority no whole number: never cut to 2 in the table
                policy = sdk.Policy(id="1", title="x", span=sdk.Span.line(document.id, 1), priority=2.7)
            plan = sdk.Plan(municipality=municipality, kind=sdk.PlanKind.COMPREHENSIVE, title="x",
                            document=document, fiscal_years=None, policies=(policy,))
            return sdk.ParseResult((plan,))
        raise ValueError("nothing here")

    LAYOUT = sdk.Layout("hostile.lines", "hostile", _sniff, _read)

    CITY = sdk.City(sdk.Municipality("hostile", "敵市", "Hostile", "202029", "長野県"))

    @sdk.hookimpl
    def munigoals_layouts():
        return [LAYOUT]
"""


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("HOSTILE\nEXIT\n", "worker process died while reading"),
        ("HOSTILE\nINTERRUPT\n", "KeyboardInterrupt"),
        ("HOSTILE\nFARLINE\n", "cites line 1,000,000,000, outside the document (2 lines)"),
        ("HOSTILE\nHALFLINE\n", "cites line 1.5, which is no line number"),  # never cut to line 1
        ("HOSTILE\nHALFPRIORITY\n", "a row of policies has priority 2.7, which is no whole number"),
        ("HOSTILE SLOWSNIFF\nplan\n", "sniff took more than 0.5 s"),
        ("HOSTILE\nSWALLOW\n", "worker process was ended after 6 s"),
    ],
)
def test_a_hostile_plugin_is_ended_and_named_and_the_run_fails(
    tmp_path: Path, text: str, needle: str
) -> None:
    from tests.test_containment import _site

    site = _site(tmp_path, {"hostile": (HOSTILE, "[munigoals]\nhostile = hostile\n")})
    doc = tmp_path / "plan.txt"
    doc.write_text(text, encoding="utf-8")
    env = {"PYTHONPATH": str(site), "MUNIGOALS_READ_TIMEOUT": "0.5"}
    table = ("--table", "policies") if "PRIORITY" in text else ()  # the table the wrong value is in
    proc = munigoals("parse", str(doc), "-j", "1", *table, env=env)
    assert proc.returncode == 1, proc.stderr
    assert needle in proc.stderr and "plan.txt" in proc.stderr, proc.stderr
    assert "named document(s) not read" in proc.stderr.strip().splitlines()[-1]
    assert "Traceback" not in proc.stderr


# -- meaning: limits read as limits, years that existed -------------------------------------------------


@pytest.mark.parametrize(
    ("base", "comparator", "target", "polarity", "kind", "headroom"),
    [
        (5.6, "<=", 6.5, "lower_is_better", "ceiling", 0.9),  # 実質公債費比率 6.5%以内
        (8.0, "<=", 12.0, "lower_is_better", "ceiling", 4.0),  # 12.0以下
        (83.6, ">=", 80.0, "higher_is_better", "floor", 3.6),  # 自治会加入率 80.0%以上
        (54504, ">=", 50000, "higher_is_better", "floor", 4504),  # SNS 50,000人以上
        (3.0, "<", 5.0, "lower_is_better", "ceiling", 2.0),  # 未満
        (120, ">", 100, "higher_is_better", "floor", 20),  # 超
    ],
)
def test_a_limit_the_baseline_meets_is_no_planned_decline(
    base: float, comparator: str, target: float, polarity: str, kind: str, headroom: float
) -> None:
    from munigoals.metrics import judge

    row = {"baseline_value": base, "baseline_year": 2023, "target_value": target, "target_year": 2030,
           "target_comparator": comparator, "actual_value": None, "polarity": polarity, "unit": "%"}  # fmt: skip
    m = judge(row)
    assert (m["target_kind"], m["already_met"], m["improvement_needed"]) == (kind, True, 0.0)
    assert not m["target_against_polarity"] and m["headroom"] == pytest.approx(headroom)


def test_a_limit_not_yet_met_asks_for_the_way_to_it_with_progress() -> None:
    from munigoals.metrics import judge

    row = {"baseline_value": 45.2, "baseline_year": 2023, "target_value": 60.0, "target_year": 2030,
           "target_comparator": ">=", "actual_value": 52.6, "polarity": "higher_is_better", "unit": "%"}  # fmt: skip
    m = judge(row)
    assert (m["target_kind"], m["already_met"]) == ("floor", False)
    assert m["improvement_needed"] == pytest.approx(14.8) and m["progress_rate"] == pytest.approx(0.5)


@pytest.mark.parametrize("text", ["平成99年度", "昭和70年度", "大正16年", "明治46年", "H99", "S70.4.1"])
def test_years_an_era_never_had_are_no_years(text: str) -> None:
    from munigoals.japanese import era_to_fiscal_year, parse_era_date, parse_fiscal_year

    assert parse_fiscal_year(text) is None and parse_era_date(text) is None
    with pytest.raises(ValueError, match="never existed"):
        era_to_fiscal_year(
            text[:2] if text[0] in "平昭大明" else text[0], int("".join(filter(str.isdigit, text))[:2])
        )


def test_years_that_existed_are_read() -> None:
    from munigoals.japanese import parse_fiscal_year

    assert [parse_fiscal_year(t) for t in ("平成31年度", "昭和64年", "大正15年", "明治45年")] == [
        2019,
        1989,
        1926,
        1912,
    ]
    assert parse_fiscal_year("平成32年度") == 2020  # a plan written before 令和 names its years so


# -- injection: document text in the docs' tables ---------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["[x](javascript:alert(1))", "![x](http://e/x.png)", "<script>alert(1)</script>", "*bold* `code`"]
)
def test_document_text_in_a_docs_table_renders_as_text(text: str) -> None:
    import importlib.util

    import markdown

    spec = importlib.util.spec_from_file_location(
        "_docs_build", Path(__file__).parent.parent / "docs/_build.py"
    )
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    page = markdown.markdown(
        build._table(["name", "file"], [[text, build.Markdown("`a.txt`")]]), extensions=["tables"]
    )
    assert "<a " not in page and "<img" not in page and "<script" not in page and "<em>" not in page
    assert "<code>a.txt</code>" in page
    import html

    cell = page.split("<td>")[1].split("</td>")[0]
    assert html.unescape(cell) == text


def test_two_plugins_claiming_one_municipality_both_fail_naming_each_other(tmp_path: Path) -> None:
    from tests.test_containment import _cli, _site

    source = """
        from munigoals import sdk

        CITY = sdk.City(sdk.Municipality("uedabis", "上田市", "Ueda", "202037", "長野県"))

        @sdk.hookimpl
        def munigoals_layouts():
            return [sdk.Layout("uedabis.lines", "another Ueda", lambda head: 0.0, lambda t, d, m: None)]
    """
    site = _site(tmp_path, {"ueda-bis": (source, "[munigoals]\nuedabis = ueda_bis\n")})
    proc = _cli("cities", "--check", site=site)
    assert_one_line_error(proc, 1, "plugins 'ueda' and 'uedabis' both claim code 202037")
    assert "[failed]" in proc.stdout and "上田市 (Ueda" not in proc.stdout


def test_values_a_chart_cannot_draw_are_reported_rows_not_a_crash() -> None:
    import warnings

    import polars as pl

    from munigoals.api import _drawable

    frame = pl.DataFrame(
        {"document": ["a.txt", "a.txt", "b.txt"], "line": [3, 4, 5],
         "baseline_value": [1.0, float("1" + "0" * 400), float("nan")], "target_value": [2.0, 3.0, 4.0]}
    )  # fmt: skip
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        kept = _drawable(frame)
    assert kept["line"].to_list() == [3]
    assert sorted(str(w.message).split(": ")[0] for w in caught) == ["a.txt:4", "b.txt:5"]
    assert all("not a finite number" in str(w.message) for w in caught)


def test_a_full_disk_while_streaming_parquet_is_one_line_and_leaves_nothing(
    page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import polars as pl
    from click.testing import CliRunner

    from munigoals.cli import cli
    from munigoals.errors import MunigoalsError

    def full(self: pl.LazyFrame, *args: object, **kwargs: object) -> None:
        raise pl.exceptions.ComputeError("No space left on device (os error 28)")

    monkeypatch.setattr(pl.LazyFrame, "sink_parquet", full)
    out = page.parent / "out.parquet"
    result = CliRunner().invoke(cli, ["parse", str(page), "--format", "parquet", "-o", str(out)])
    assert isinstance(result.exception, MunigoalsError) and "No space left" in str(result.exception)
    assert sorted(p.name for p in page.parent.iterdir()) == ["pages.txt"]

"""The researcher's session: a Python API that reads like the command line, quiet and narrow terminals,
fonts that just work, and concepts a plugin author can search and check."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import polars as pl
import pytest

import munigoals
from munigoals import sdk
from munigoals.api import unmatched
from munigoals.output import display_width
from munigoals.plugins import PluginHost
from tests import fake_city

TOP_LEVEL = ("parse", "compare", "series", "chart", "cite", "table", "concepts", "unmatched", "export")


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "munigoals", *args],
        capture_output=True, text=True, timeout=180, env={**os.environ, **(env or {})},
    )  # fmt: skip


@pytest.mark.parametrize("name", TOP_LEVEL)
def test_every_top_level_function_is_real_typed_and_no_module_shadows_it(name: str) -> None:
    function = getattr(munigoals, name)
    assert inspect.isfunction(function), f"munigoals.{name} is {type(function).__name__}"
    signature = inspect.signature(function)
    assert signature.return_annotation is not inspect.Signature.empty
    assert all(p.annotation is not inspect.Parameter.empty for p in signature.parameters.values())
    assert function.__doc__


def test_the_top_level_functions_return_what_a_notebook_expects(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        compared = munigoals.compare(topic="finance")
        assert isinstance(compared, pl.DataFrame) and compared.columns[:3] == ["concept", "city", "name"]
        assert set(compared["concept"]) == {
            "real_debt_service_ratio",
            "future_burden_ratio",
            "tax_collection_rate",
        }
        assert len(munigoals.table("indicators", cities=["suzaka"])) == 24
        assert munigoals.series("twitter_followers", cities=["ueda"])["value"].to_list() == [14600.0, 15600.0]
        assert munigoals.concepts(search="公債")["concept"].to_list() == ["real_debt_service_ratio"]
        assert "finance" in munigoals.concepts(topic="finance")["tags"][0]
        chart = munigoals.chart(["real_debt_service_ratio"], kinds=["dumbbell"])
        chart.save(str(tmp_path / "debt.html"))  # offline: no script from a CDN
    html = (tmp_path / "debt.html").read_text(encoding="utf-8")
    assert "<script" in html


def test_the_default_holds_back_notes_only_and_counts_them() -> None:
    from munigoals.terminal import Reporter

    reporter = Reporter()
    for k in range(1, 30):
        reporter.diagnostic(f"a.txt:{k}", "warning", "not read")
        reporter.diagnostic(f"a.txt:{k}", "note", "said")
    held = reporter._held["a.txt"]
    assert held == 29 - reporter.per_document and reporter.counts == {"error": 0, "warning": 29, "note": 29}


def test_quiet_prints_nothing_on_stderr_for_a_clean_run() -> None:
    for args in (["compare", "-q"], ["table", "indicators", "-q"], ["concepts", "-q"]):
        proc = cli(*args)
        assert proc.returncode == 0 and proc.stderr == "", (args, proc.stderr)


def test_issues_are_file_line_warnings_with_a_summary(corpus: Path, tmp_path: Path) -> None:
    from tests.plugins_seeds import many_unread_sheet

    sheet = tmp_path / "sheet.txt"  # more warnings than the ten notes a document shows
    sheet.write_text(many_unread_sheet(), encoding="utf-8")
    page = str(corpus / "000_92596ecb565e136d.txt")
    proc = cli("parse", page, str(sheet), "--format", "jsonl")
    lines = proc.stderr.splitlines()
    assert lines[0].startswith("000_92596ecb565e136d.txt:") and ": warning: " in lines[0]
    assert lines[-1].startswith("read 2 document(s):") and "warning(s)" in lines[-1]
    # every warning is shown (each says what could not be read): nothing is lost in silence
    (warnings,) = re.findall(r"(\d+) warning\(s\)", lines[-1])
    assert proc.stderr.count(": warning: ") == int(warnings) > 10 and "not shown" not in proc.stderr
    assert proc.stderr.count("sheet.txt:") > 10  # the sheet's own: none held back
    verbose = cli("parse", page, str(sheet), "--format", "jsonl", "-v")
    assert verbose.stderr.count(": warning: ") == int(warnings) and "not shown" not in verbose.stderr
    compared = cli(
        "compare",
        "--from",
        str(corpus / "000_92596ecb565e136d.txt"),
        "--from",
        str(corpus / "004_22a3fa7b6e68a797.txt"),
    )
    assert "note: 000" not in compared.stderr and "000_92596ecb565e136d.txt:" in compared.stderr


def test_terminal_tables_fit_an_80_column_terminal() -> None:
    proc = cli("compare", env={"COLUMNS": "80"})
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80 and max(display_width(line) for line in lines) <= 80
    assert "9560人" in proc.stdout and "+73.33人" in proc.stdout  # numbers whole, never cut


def test_columns_lists_every_table_with_meanings() -> None:
    proc = cli("columns")
    for table in ("policies:", "indicators:", "targets:", "compare:"):
        assert table in proc.stdout
    assert "improvement_per_year" in proc.stdout and "percentage points" in proc.stdout
    assert "munigoals columns" in cli("parse", "--help").stdout


def test_a_wrong_font_family_is_an_error_naming_what_was_found(tmp_path: Path) -> None:
    proc = cli(
        "chart", "sns_followers", "-o", str(tmp_path / "c.png"), env={"MUNIGOALS_FONT_FAMILY": "NoSuchFont"}
    )
    assert (
        proc.returncode == 1
        and "font family 'NoSuchFont' was not found" in proc.stderr
        and "found:" in proc.stderr
    )
    assert not (tmp_path / "c.png").exists()
    empty = tmp_path / "fonts"
    empty.mkdir()
    proc = cli(
        "chart", "sns_followers", "-o", str(tmp_path / "c.png"), env={"MUNIGOALS_FONT_DIR": str(empty)}
    )
    assert proc.returncode == 1 and "holds no Japanese font" in proc.stderr and "apt-get" not in proc.stderr


class OneParticleMore:
    """A city whose open-data indicator has one の more than any rule expects."""

    CITY = sdk.City(
        sdk.Municipality("particle", "助詞市", "Particle", "202070", "長野県"), layouts=["fakecity.lines"]
    )


def test_unmatched_lists_an_indicator_one_particle_off_with_the_concept_first(tmp_path: Path) -> None:
    host = PluginHost.only(fakecity=fake_city, particle=OneParticleMore())
    doc = tmp_path / "plan.txt"
    doc.write_text(
        "FAKEPLAN 助詞市の計画 2024\nPOLICY 1 情報公開\nIND オープンデータの公開件数|22件|30件\n",
        encoding="utf-8",
    )
    frame = unmatched(cities=["particle"], paths=[doc], host=host)
    row = frame.filter(pl.col("name") == "オープンデータの公開件数").row(0, named=True)
    assert row["suggestion"] == "open_data_datasets" and row["city"] == "particle"
    assert row["suggestions"].startswith("open_data_datasets")


def test_cite_a_concept_names_both_cities_plans_in_bibtex() -> None:
    proc = cli("cite", "real_debt_service_ratio", "--format", "bibtex")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("@techreport{") == 2 and "@misc{munigoals" in proc.stdout
    assert "第六次須坂市総合計画 前期基本計画" in proc.stdout and "上田市総合計画" in proc.stdout
    assert "[title described, not stated in the document]" in proc.stdout  # Ueda's title is ours
    assert f"version = {{{munigoals.__version__}}}" in proc.stdout


def test_cite_formats_and_errors() -> None:
    import json

    from munigoals.plugins import default_host

    items = json.loads(munigoals.cite(fmt="csl-json"))
    # every document an installed city knows (Ueda's and Suzaka's five, and the excerpts of the
    # spec-only places), and munigoals
    known = {d.file_name: d.url for city in default_host().cities for d in city.documents}
    assert {item["type"] for item in items} == {"report", "software"} and len(items) == len(known) + 1
    reports = [item for item in items if item["type"] == "report"]
    urls = sorted(str(item.get("URL")) for item in reports)
    assert urls == sorted(str(url) for url in known.values())  # no URL is guessed: only those stated
    assert sum(1 for item in reports if "URL" not in item) >= 5
    text = munigoals.cite("004_22a3fa7b6e68a797.txt")
    assert text.startswith("須坂市 (2021). 第六次須坂市総合計画 前期基本計画.")
    proc = cli("cite", "nowhere.txt")
    assert proc.returncode == 1 and "neither a concept nor a document" in proc.stderr


def test_one_path_given_alone_is_one_path_not_its_characters(corpus: Path) -> None:
    document = corpus / "004_22a3fa7b6e68a797.txt"
    alone = munigoals.parse(str(document))
    listed = munigoals.parse([document])
    assert alone.tables["indicators"].equals(listed.tables["indicators"])
    assert alone.tables["indicators"].height > 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert munigoals.compare(paths=str(corpus)).height > 0

"""Comparison: concepts, alignment with its caveats, metrics checked by hand, series, CLI."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import warnings
from pathlib import Path

import polars as pl
import pytest

import munigoals
from munigoals.comparison import choose_population, compare_table, read_population_file
from munigoals.errors import MunigoalsError
from munigoals.model import PopulationFigure
from munigoals.registry import ConceptMapping, load_registry
from munigoals.tables import table_from_rows

FIVE = [
    "sns_followers",
    "open_data_datasets",
    "real_debt_service_ratio",
    "future_burden_ratio",
    "tax_collection_rate",
]


@pytest.fixture(scope="module")
def comparison() -> pl.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return munigoals.api.compare()


def row(frame: pl.DataFrame, concept: str, city: str) -> dict[str, object]:
    rows = frame.filter((pl.col("concept") == concept) & (pl.col("city") == city))
    assert len(rows) == 1, (concept, city, rows)
    return rows.row(0, named=True)


@pytest.mark.parametrize("concept", FIVE)
def test_both_cities_under_each_of_the_five_concepts(comparison: pl.DataFrame, concept: str) -> None:
    assert set(comparison.filter(pl.col("concept") == concept)["city"]) == {"ueda", "suzaka"}


def test_match_kinds_and_notes(comparison: pl.DataFrame) -> None:
    for city in ("ueda", "suzaka"):
        for concept in ("sns_followers", "tax_collection_rate"):
            r = row(comparison, concept, city)
            assert r["match"] == "proxy" and r["note"], (concept, city)
        for concept in ("real_debt_service_ratio", "future_burden_ratio"):
            assert row(comparison, concept, city)["match"] == "exact"
    assert "all of the city's official social media" in str(row(comparison, "sns_followers", "ueda")["note"])
    assert "Twitter and Facebook" in str(row(comparison, "sns_followers", "suzaka")["note"])
    assert "分野" in str(row(comparison, "open_data_datasets", "ueda")["note"])


def test_suzaka_sns_metrics_by_hand(comparison: pl.DataFrame) -> None:
    r = row(comparison, "sns_followers", "suzaka")
    assert (r["baseline_value"], r["baseline_year"], r["target_value"], r["target_year"]) == (
        9560,
        2019,
        10000,
        2025,
    )
    assert r["years_spanned"] == 6
    assert (r["target_kind"], r["improvement_unit"]) == ("level", "人")
    assert r["improvement_per_year"] == pytest.approx(73.3, abs=0.05)
    assert r["improvement_pct_per_year"] == pytest.approx(0.75, abs=0.005)
    # one shared reference date: the resident register of 2017-01-01 (Suzaka has no verified 2020 figure)
    assert (r["population"], r["population_date"]) == (51368, "2017-01-01")
    assert r["baseline_per_1000"] == pytest.approx(9560 / 51368 * 1000)
    assert r["target_per_1000"] == pytest.approx(10000 / 51368 * 1000)
    assert row(comparison, "sns_followers", "ueda")["population"] == 159271


@pytest.mark.parametrize("city", ["ueda", "suzaka"])
@pytest.mark.parametrize("concept", ["real_debt_service_ratio", "future_burden_ratio"])
def test_debt_ceilings_are_already_met_not_plans_to_borrow(
    comparison: pl.DataFrame, concept: str, city: str
) -> None:
    r = row(comparison, concept, city)
    assert (r["target_comparator"], r["target_kind"], r["already_met"]) == ("lt", "ceiling", True)
    assert r["improvement_needed"] == 0 and r["improvement_per_year"] == 0
    assert r["improvement_pct_per_year"] is None  # a rate: points, never compound %
    assert r["headroom"] > 0
    # the statutory 早期健全化基準 travels with the row, cited
    assert r["reference_value"] == (25.0 if concept == "real_debt_service_ratio" else 350.0)
    assert "l. 439" in r["reference_source"]
    assert r["baseline_to_reference"] == pytest.approx(r["reference_value"] - r["baseline_value"])


def test_ceiling_headroom_by_hand(comparison: pl.DataFrame) -> None:
    assert row(comparison, "future_burden_ratio", "ueda")["headroom"] == pytest.approx(27.9)
    assert row(comparison, "real_debt_service_ratio", "suzaka")["headroom"] == pytest.approx(2.5)
    assert row(comparison, "sns_followers", "ueda")["headroom"] is None


def test_tax_collection_asks_points_a_year(comparison: pl.DataFrame) -> None:
    r = row(comparison, "tax_collection_rate", "suzaka")
    assert (r["baseline_value"], r["target_value"]) == (96.1, 98.6)
    assert r["improvement_unit"] == "pt"
    assert r["improvement_per_year"] == pytest.approx(0.417, abs=0.0005)
    assert r["improvement_pct_per_year"] is None


def test_a_planned_decline_is_flagged(comparison: pl.DataFrame) -> None:
    r = row(comparison, "neighbourhood_association", "ueda")
    assert (r["baseline_value"], r["target_value"], r["polarity"]) == (83.6, 80.0, "higher_is_better")
    assert r["target_against_polarity"] is True and r["improvement_needed"] < 0
    assert "against the concept's polarity" in r["metric_note"]
    assert row(comparison, "neighbourhood_association", "suzaka")["target_against_polarity"] is False


def test_grade_where_a_result_exists(comparison: pl.DataFrame) -> None:
    akiya = row(comparison, "akiya_bank", "ueda")
    assert (akiya["target_comparator"], akiya["target_value"]) == ("ge", 100)
    assert (akiya["actual_value"], akiya["grade"], akiya["match"], akiya["target_met"]) == (
        207,
        "S",
        "related",
        True,
    )
    assert row(comparison, "akiya_bank", "suzaka")["grade"] == "−"


def test_units_that_differ_are_marked(comparison: pl.DataFrame) -> None:
    rows = comparison.filter(pl.col("concept") == "open_data_datasets")
    assert set(rows["unit"]) == {"件", "分野"} and rows["units_differ"].all()
    assert not comparison.filter(pl.col("concept") == "sns_followers")["units_differ"].any()


def test_progress_rate_and_grades_on_synthetic_rows() -> None:
    registry = load_registry()

    def ind(city: str, name: str, base: float, target: float, cmp: str = "=") -> dict[str, object]:
        return {"city": city, "name": name, "unit": "%", "baseline_value": base, "baseline_year": 2020,
                "target_value": target, "target_year": 2025, "target_comparator": cmp, "document": "d", "line": 1}  # fmt: skip

    def tgt(city: str, item: str, target: float, actual: float, cmp: str = ">=") -> dict[str, object]:
        return {"city": city, "item": item, "unit": "%", "target_value": target, "target_comparator": cmp,
                "actual_value": actual, "fiscal_year": 2021, "document": "d", "line": 2}  # fmt: skip

    tables = {
        "indicators": table_from_rows(
            "indicators",
            [ind("a", "実質公債費比率", 8.0, 6.0, "<"), ind("b", "実質公債費比率", 5.0, 7.0, "<")],
        ),
        "targets": table_from_rows(
            "targets", [tgt("a", "交付率 20%", 20.0, 25.0), tgt("b", "交付率 20%", 20.0, 10.0)]
        ),
        "observations": table_from_rows("observations", []),
    }
    frame, _ = compare_table(tables, registry)
    assert frame.filter(pl.col("concept") == "my_number_card_rate")["grade"].to_list() == ["S", "−"]
    # a lower-is-better baseline of 8 under a ceiling of 6: the ceiling is not met, 2 points to go
    debt = frame.filter((pl.col("concept") == "real_debt_service_ratio") & (pl.col("city") == "a")).row(
        0, named=True
    )
    assert (debt["grade"], debt["progress_rate"], debt["headroom"], debt["already_met"]) == (
        "−",
        None,
        -2.0,
        False,
    )
    assert debt["improvement_needed"] == pytest.approx(2.0)

    # progress = (actual − baseline) / (target − baseline), sign-aware for lower-is-better
    from munigoals.metrics import judge

    one = {"baseline_value": 40.0, "baseline_year": 2020, "target_value": 30.0, "target_year": 2025,
           "target_comparator": "=", "actual_value": 35.0, "polarity": "lower_is_better", "unit": "%"}  # fmt: skip
    graded = judge(one)
    assert graded["progress_rate"] == pytest.approx(0.5)
    assert graded["grade"] == "A"  # 12.5 % better than the baseline on a lower-is-better measure
    assert judge({**one, "actual_value": 29.0})["grade"] == "S"
    assert judge({**one, "actual_value": 41.0})["grade"] == "B"
    assert judge({**one, "actual_value": 50.0})["grade"] == "C"


def test_an_action_target_is_met_in_the_comparison_as_in_its_table() -> None:
    """target_met is achieved's definition: 週1回 is a rate no year's total meets, and a result short
    of 年7回程度 is not judged; the targets' frequency, kind and text say so."""
    registry = load_registry()

    def tgt(city: str, text: str, target: float, actual: float, frequency: str | None) -> dict[str, object]:
        return {"city": city, "item": "空き家バンクの物件及び利用者登録", "unit": "回", "target_value": target,
                "target_comparator": "eq", "target_text": text, "frequency": frequency, "actual_value": actual,
                "fiscal_year": 2021, "document": "d", "line": 2}  # fmt: skip

    tables = {
        "indicators": table_from_rows("indicators", []),
        "targets": table_from_rows(
            "targets",
            [
                tgt("a", "週1回", 1.0, 40.0, "per_week"),
                tgt("b", "年7回程度", 7.0, 6.0, "per_year"),
                tgt("c", "年7回", 7.0, 6.0, "per_year"),
            ],
        ),
        "observations": table_from_rows("observations", []),
    }
    frame, _ = compare_table(tables, registry, concepts=["akiya_bank"])
    judged = {r["city"]: r for r in frame.iter_rows(named=True)}
    assert [judged[c]["target_met"] for c in "abc"] == [None, None, False]
    assert "rate (per_week)" in judged["a"]["metric_note"]
    assert "approximate target (程度)" in judged["b"]["metric_note"]
    # 週1回 counts 回 a week: its unit says so, and it never shares a rank or an axis with a year's 回
    assert [judged[c]["unit"] for c in "abc"] == ["回/週", "回", "回"]
    assert all(judged[c]["units_differ"] for c in "abc")


def _two_akiya_targets(
    target: float, actuals: tuple[float, float], **stated: object
) -> dict[str, pl.DataFrame]:
    """Tables of one action target of 空き家バンク in cities a and b, each with its result."""
    rows = [
        {"city": city, "item": "空き家バンクの物件及び利用者登録", "unit": "件", "target_value": target,
         "target_comparator": "eq", "actual_value": actual, "fiscal_year": 2021, "document": "d", "line": 2,
         **stated}
        for city, actual in zip("ab", actuals, strict=True)
    ]  # fmt: skip
    return {
        "indicators": table_from_rows("indicators", []),
        "targets": table_from_rows("targets", rows),
        "observations": table_from_rows("observations", []),
    }


def test_a_change_target_and_a_targets_table_cut_to_the_old_columns_compare() -> None:
    """A change (30品の増: target_kind change) is met by a change as large; a targets frame without the
    frequency, kind and text columns (cut as comparisons once cut it) is compared, not refused."""
    registry = load_registry()
    tables = _two_akiya_targets(30.0, (91.0, 12.0), target_kind="change", target_text="30件の増")
    frame, _ = compare_table(tables, registry, concepts=["akiya_bank"])
    assert frame["target_met"].to_list() == [True, False]
    cut = {
        **tables,
        "targets": tables["targets"].drop("frequency", "target_kind", "target_text", "direction"),
    }
    assert compare_table(cut, registry, concepts=["akiya_bank"])[0]["target_met"].to_list() == [True, False]


def test_a_target_whose_words_state_a_cut_is_judged_that_way_in_the_comparison() -> None:
    """``10件に削減`` asks for at most 10 whatever the concept's polarity: the targets' direction is the
    plan's stated way (as an indicator's 減少を目指す), and the note says it overrides the concept's."""
    registry = load_registry()
    tables = _two_akiya_targets(
        10.0, (8.0, 12.0), target_kind="level", target_text="10件", direction="decrease"
    )
    frame, _ = compare_table(tables, registry, concepts=["akiya_bank"])
    assert frame["target_met"].to_list() == [True, False]
    assert frame["polarity"].to_list() == ["lower_is_better"] * 2
    assert "judged by the plan's direction" in (frame["note"][0] or "")
    # 15件削減: a cut of 15 asked, met by a cut as large whichever way the concept's polarity points
    cut = _two_akiya_targets(
        15.0, (18.0, 11.0), target_kind="change", target_text="15件削減", direction="decrease"
    )
    frame, _ = compare_table(cut, registry, concepts=["akiya_bank"])
    assert (frame["target_met"].to_list(), set(frame["target_kind"])) == ([True, False], {"change"})


def test_nothing_infinite_reaches_json(tmp_path: Path) -> None:
    registry = load_registry()
    rows = [
        {"city": "a", "name": "実質公債費比率", "unit": "%", "baseline_value": 0.0, "baseline_year": 2020,
         "target_value": 0.0, "target_year": 2020, "target_comparator": "=", "document": "d", "line": 1},
        {"city": "b", "name": "実質公債費比率", "unit": "%", "baseline_value": 1e308, "baseline_year": 2025,
         "target_value": -1e308, "target_year": 2020, "target_comparator": "<", "document": "d", "line": 1},
    ]  # fmt: skip
    tables = {"indicators": table_from_rows("indicators", rows), "targets": table_from_rows("targets", []),
              "observations": table_from_rows("observations", [])}  # fmt: skip
    frame, _ = compare_table(tables, registry)
    from munigoals.output import render

    def refuse(token: str) -> None:
        raise AssertionError(f"{token} in JSON output")

    parsed = json.loads(render(frame, "json"), parse_constant=refuse)
    assert all(r["metric_note"] for r in parsed)  # why each metric is empty is said
    for r in parsed:
        for value in r.values():
            assert not (isinstance(value, float) and (value != value or abs(value) == float("inf")))


def test_ambition_chart_ranks_no_ceiling_already_met() -> None:
    from munigoals import charts

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = munigoals.api.compare()
    spec = charts.ambition_chart(frame, {"ueda": "上田市", "suzaka": "須坂市"}, "en").to_dict()
    datasets = spec["datasets"].values()
    ranked = [r for data in datasets for r in data if "improvement_per_year" in r and "headroom" in r]
    assert ranked
    bars = spec["vconcat"][0]
    ranked_rows = spec["datasets"][bars["data"]["name"]]
    assert not [r for r in ranked_rows if r["already_met"] and (r["improvement_per_year"] or 0) > 0]
    assert not [r for r in ranked_rows if r["already_met"]]
    headroom_rows = spec["datasets"][spec["vconcat"][1]["data"]["name"]]
    assert {r["concept"] for r in headroom_rows} == {"real_debt_service_ratio", "future_burden_ratio"}


def test_one_citys_indicators_never_align_to_each_other_by_accident() -> None:
    registry = load_registry(extra=[ConceptMapping("sns_followers", "登録者数", "proxy", "x", city="ueda")])
    rows = [
        {"city": "ueda", "name": "市公式ソーシャルメディア登録者数"},
        {"city": "ueda", "name": "メール登録者数"},
    ]
    alignments, notes = registry.align_all(rows)
    assert alignments[0] is not None and alignments[1] is None
    assert "already held by" in notes[0]
    # a concept marked as a series may hold several indicators of one city
    series_rows = [
        {"city": "ueda", "name": "コンビニ交付の割合"},
        {"city": "ueda", "name": "コンビニエンスストアでの証明書比率"},
    ]
    assert all(registry.align_all(series_rows)[0])


def test_no_two_indicators_of_one_city_share_a_non_series_concept_in_the_shipped_data() -> None:
    registry = munigoals.api.concept_registry()
    from munigoals.comparison import _aligned, comparable_rows

    aligned, _ = _aligned(comparable_rows(munigoals.bundled_tables()), registry)
    series = {c.id for c in registry.concepts.values() if c.series}
    counts = (
        aligned.filter(pl.col("concept").is_not_null() & ~pl.col("concept").is_in(list(series)))
        .group_by("city", "concept")
        .agg(pl.col("name").n_unique().alias("n"))
    )
    assert counts["n"].max() == 1


def test_unknown_concept_is_an_error() -> None:
    with pytest.raises(MunigoalsError, match="unknown concept 'nonsense'; known concepts: sns_followers"):
        munigoals.api.compare(["nonsense"])


def test_registry_file_is_checked_against_its_schema(tmp_path: Path) -> None:
    bad = tmp_path / "concepts.json"
    bad.write_text(json.dumps({"concepts": [{"id": "x", "label_ja": "x"}]}), encoding="utf-8")
    with pytest.raises(MunigoalsError, match="does not follow the schema"):
        load_registry(bad)


def test_series_convenience_store_share_across_documents() -> None:
    frame = munigoals.api.series("convenience_store_certificates", cities=["ueda"])
    points = {(r["fiscal_year"], r["kind"], r["value"]) for r in frame.iter_rows(named=True)}
    for expected in [(2016, "observed", 1.1), (2019, "observed", 5.6), (2020, "actual", 8.6), (2023, "baseline", 30.1),
                     (2030, "target eq", 60.0)]:  # fmt: skip
        assert expected in points
    assert frame["fiscal_year"].to_list() == sorted(frame["fiscal_year"].to_list())


def test_series_twitter_and_registrations() -> None:
    twitter = munigoals.api.series("twitter_followers", cities=["ueda"])
    assert twitter.select("kind", "value").rows() == [("baseline", 14600.0), ("target eq", 15600.0)]
    sns = munigoals.api.series("sns_followers", cities=["ueda"])
    assert sns.select("fiscal_year", "value").rows() == [(2023, 54504.0), (2030, 70000.0)]


def test_population_is_one_shared_date_and_can_be_supplied(tmp_path: Path) -> None:
    figures = [
        PopulationFigure("a", 100, dt.date(2017, 1, 1), "s"),
        PopulationFigure("a", 90, dt.date(2020, 10, 1), "s"),
        PopulationFigure("b", 50, dt.date(2017, 1, 1), "s"),
    ]
    chosen, why = choose_population(figures, ["a", "b"])
    assert why is None and chosen["a"].population == 100
    # a city without figures takes nothing away from the others
    chosen, why = choose_population(figures, ["a", "c"])
    assert why == "no population figure for c" and chosen["a"].population == 90
    path = tmp_path / "pop.csv"
    path.write_text(
        'city,population,reference_date,source\nueda,154155,2020-10-01,census\n須坂市,"50,000",2020-10-01,made up\n'
    )
    cities = [c.municipality for c in munigoals.default_host().cities]
    frame = munigoals.api.compare(["sns_followers"], population=read_population_file(path, cities))
    assert set(frame["population_date"]) == {"2020-10-01"}
    assert set(frame["population"]) == {154155, 50000}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("city,population\nueda,abc\n", r"pop\.csv:2"),
        ("city,population,reference_date,source\nueda,\"1,5,4\",2020-10-01,s\n", r"pop\.csv:2: .*'1,5,4'"),
        ("city,population,reference_date,source\nueda,1_000,2020-10-01,s\n", r"pop\.csv:2: .*'1_000'"),
        ("city,population,reference_date,source\nueda,1000,2020-10-01,s\n202037,1000,2020-10-01,t\n",
         r"rows 2 and 3 both give the population of ueda on 2020-10-01"),
        ("city,population,reference_date,source\nnowhere,1000,2020-10-01,s\n", r"pop\.csv:2: unknown city 'nowhere'"),
    ],
)  # fmt: skip
def test_population_file_rows_are_checked(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "pop.csv"
    path.write_text(body, encoding="utf-8")
    cities = [c.municipality for c in munigoals.default_host().cities]
    with pytest.raises(MunigoalsError, match=message):
        read_population_file(path, cities)


def test_binary_population_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "pop.csv"
    path.write_bytes(bytes(range(256)))
    with pytest.raises(MunigoalsError, match="not UTF-8 text"):
        read_population_file(path)


def test_per_capita_figures_survive_a_city_with_other_dates() -> None:
    figures = [
        PopulationFigure("ueda", 159_271, dt.date(2017, 1, 1), "register"),
        PopulationFigure("suzaka", 50_000, dt.date(2020, 10, 1), "census"),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = munigoals.api.compare(["sns_followers"], population=figures)
    assert frame["baseline_per_1000"].is_not_null().all()
    assert all("nearest the baseline year" in note for note in frame["population_note"])


def test_cli_compare_json_rows_carry_the_columns() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "munigoals", "compare", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    keys = {"concept", "concept_label", "city", "name", "unit", "match", "note", "baseline_value", "baseline_year",
            "target_value", "target_year", "target_comparator", "years_spanned", "target_kind", "already_met",
            "improvement_needed", "improvement_per_year", "improvement_pct_per_year", "target_against_polarity",
            "baseline_per_1000", "headroom", "progress_rate", "grade", "metric_note", "units_differ"}  # fmt: skip
    assert keys <= set(rows[0])
    assert {r["city"] for r in rows} == {"ueda", "suzaka"}


def test_cli_compare_terminal_names_both_cities_and_notes() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "munigoals", "compare"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "ueda" in proc.stdout and "suzaka" in proc.stdout and "proxy" in proc.stdout
    assert "現年度" in proc.stdout  # the tax-collection caveat is printed


def test_cli_concepts_and_series() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "munigoals", "concepts", "--format", "jsonl"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    concepts = {json.loads(line)["concept"]: json.loads(line) for line in proc.stdout.splitlines()}
    assert concepts["real_debt_service_ratio"]["cities"] == "suzaka, ueda"
    proc = subprocess.run([sys.executable, "-m", "munigoals", "series", "twitter_followers", "--city", "ueda", "--format", "csv"],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0 and "14600" in proc.stdout


def test_compare_from_documents_replaces_the_bundled_data(corpus: Path) -> None:
    frame = munigoals.api.compare(
        ["real_debt_service_ratio"],
        paths=[corpus / "004_22a3fa7b6e68a797.txt", corpus / "003_f758ffbbe30f236d.txt"],
    )
    assert frame.select("city", "baseline_value").sort("city").rows() == [("suzaka", 9.5), ("ueda", 5.6)]

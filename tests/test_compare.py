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
from munigoals.compare import choose_population, compare_table, read_population_file
from munigoals.concepts import ConceptMapping, load_registry
from munigoals.errors import MunigoalsError
from munigoals.model import PopulationFigure
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
    assert r["change_per_year"] == pytest.approx(440 / 6)
    assert r["compound_pct_per_year"] == pytest.approx(((10000 / 9560) ** (1 / 6) - 1) * 100)
    # one shared reference date: the resident register of 2017-01-01 (Suzaka has no verified 2020 figure)
    assert (r["population"], r["population_date"]) == (51368, "2017-01-01")
    assert r["baseline_per_1000"] == pytest.approx(9560 / 51368 * 1000)
    assert r["target_per_1000"] == pytest.approx(10000 / 51368 * 1000)
    assert row(comparison, "sns_followers", "ueda")["population"] == 159271


def test_ceiling_headroom_by_hand(comparison: pl.DataFrame) -> None:
    suzaka = row(comparison, "real_debt_service_ratio", "suzaka")
    assert suzaka["target_comparator"] == "<" and suzaka["headroom"] == pytest.approx(2.5)
    ueda = row(comparison, "future_burden_ratio", "ueda")
    assert ueda["headroom"] == pytest.approx(50.0 - 22.1)
    assert ueda["polarity"] == "lower_is_better"
    assert row(comparison, "sns_followers", "ueda")["headroom"] is None


def test_grade_where_a_result_exists(comparison: pl.DataFrame) -> None:
    akiya = row(comparison, "akiya_bank", "ueda")
    assert (akiya["actual_value"], akiya["grade"], akiya["match"]) == (207, "S", "related")
    assert row(comparison, "akiya_bank", "suzaka")["grade"] == "−"


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
    # a lower-is-better baseline of 8 with a ceiling of 6: no actual, no grade, no progress
    debt = frame.filter((pl.col("concept") == "real_debt_service_ratio") & (pl.col("city") == "a")).row(
        0, named=True
    )
    assert (debt["grade"], debt["progress_rate"], debt["headroom"]) == ("−", None, -2.0)

    # progress = (actual − baseline) / (target − baseline), sign-aware for lower-is-better
    merged = table_from_rows("indicators", [ind("a", "将来負担比率", 40.0, 30.0, "=")])
    frame2, _ = compare_table(
        {**tables, "indicators": merged,
         "targets": table_from_rows("targets", [])}, registry, concepts=["future_burden_ratio"])  # fmt: skip
    assert frame2["progress_rate"].to_list() == [None]
    from munigoals.compare import _metrics  # the grading rule on one row with an actual

    one = frame2.with_columns(pl.lit(35.0).alias("actual_value"))
    graded = _metrics(one.drop("years_spanned", "change_per_year", "compound_pct_per_year", "baseline_per_1000",
                               "target_per_1000", "headroom", "progress_rate", "grade")).row(0, named=True)  # fmt: skip
    assert graded["progress_rate"] == pytest.approx(0.5)
    assert graded["grade"] == "A"  # 12.5 % better than the baseline on a lower-is-better measure


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
    from munigoals.compare import _aligned, measures_table

    aligned, _ = _aligned(measures_table(munigoals.bundled_tables()), registry)
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
                     (2030, "target =", 60.0)]:  # fmt: skip
        assert expected in points
    assert frame["fiscal_year"].to_list() == sorted(frame["fiscal_year"].to_list())


def test_series_twitter_and_registrations() -> None:
    twitter = munigoals.api.series("twitter_followers", cities=["ueda"])
    assert twitter.select("kind", "value").rows() == [("baseline", 14600.0), ("target =", 15600.0)]
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
    assert choose_population(figures, ["a", "c"])[1] == "no population figure for c"
    path = tmp_path / "pop.csv"
    path.write_text(
        "city,population,reference_date,source\nueda,154155,2020-10-01,census\nsuzaka,50000,2020-10-01,made up\n"
    )
    frame = munigoals.api.compare(["sns_followers"], population=read_population_file(path))
    assert set(frame["population_date"]) == {"2020-10-01"}
    path.write_text("city,population\nueda,abc\n")
    with pytest.raises(MunigoalsError, match=r"pop\.csv:2"):
        read_population_file(path)


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
            "target_value", "target_year", "target_comparator", "years_spanned", "change_per_year", "compound_pct_per_year",
            "baseline_per_1000", "headroom", "progress_rate", "grade"}  # fmt: skip
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

"""What plans state, whole: interim and final targets, projections, 年 beside 年度, a stated direction,
codes, prefectures as places, concepts from plugins, the long ``values`` table and the stored alignment.

The fixture is a made-up prefecture's plan in our own words (架空県), one fact a line::

    PREFPLAN <title> <fiscal year>
    POLICY <id> <title>
    IND <code>|<name>|<baseline (year)>|<interim (year)>|<target (year)>|<direction>
    PROJ <name>|<value (year)>
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import polars as pl
import pytest

import munigoals
from munigoals import sdk
from munigoals.api import bundled_tables, concept_registry
from munigoals.comparison import comparable_rows, store_alignment
from munigoals.errors import MunigoalsError
from munigoals.japanese import Direction, YearKind, parse_year, stated_direction
from munigoals.plugins import PluginHost
from munigoals.quantities import Quantity
from munigoals.registry import Concept, load_registry
from tests import fake_city

pytestmark = pytest.mark.filterwarnings("ignore:per-1,000 figures")

_CELL = re.compile(r"^(?P<value>[^(]*)(?:\((?P<year>[^)]*)\))?$")


def _split(cell: str) -> tuple[str, sdk.StatedYear | None]:
    match = _CELL.match(sdk.normalize(cell))
    assert match is not None
    return match.group("value").strip(), sdk.parse_year(match.group("year") or "")


def _quantity(cell: str) -> sdk.Quantity | None:
    text, year = _split(cell)
    if sdk.is_no_value(text):
        return None
    if year is None:
        return sdk.Quantity.from_text(text)
    return sdk.Quantity.from_text(text, year.year, year_kind=year.kind, date=year.date)


def _target(cell: str) -> sdk.Target | None:
    text, year = _split(cell)
    if sdk.is_no_value(text):
        return None
    return sdk.Target.from_text(
        text, year.year if year else None, year_kind=year.kind if year else YearKind.FISCAL
    )


def _read(text: str, document: sdk.Document, municipality: sdk.Municipality) -> sdk.ParseResult:
    title, year = "", None
    policies: list[dict[str, object]] = []
    for no, raw in enumerate(text.split("\n"), 1):
        line = sdk.normalize(raw)
        head, _, rest = line.partition(" ")
        span = sdk.Span.line(document.id, no)
        if head == "PREFPLAN":
            title, _, y = rest.rpartition(" ")
            year = int(y)
        elif head == "POLICY":
            pid, _, ptitle = rest.partition(" ")
            policies.append({"id": pid, "title": ptitle, "span": span, "ind": []})
        elif head == "IND":
            code, name, base, interim, target, direction = rest.split("|")
            name, unit, _ = sdk.split_unit_from_name(name)
            baseline, final, mid = _quantity(base), _target(target), _target(interim)
            inds = policies[-1]["ind"]
            assert isinstance(inds, list)
            inds.append(
                sdk.Indicator(
                    name,
                    sdk.IndicatorKind.OUTCOME,
                    None,
                    unit or (baseline.unit if baseline else None),
                    baseline,
                    final,
                    span,
                    interim_targets=(mid,) if mid else (),
                    direction=sdk.stated_direction(direction),
                    code=code,
                )
            )
        elif head == "PROJ":
            name, cell = rest.split("|")
            inds = policies[-1]["ind"]
            assert isinstance(inds, list)
            k = next(k for k, ind in enumerate(inds) if ind.name == name)
            projection = _quantity(cell)
            assert projection is not None
            inds[k] = sdk.Indicator(**{**_fields(inds[k]), "projections": (projection,)})
    plan = sdk.Plan(
        municipality,
        sdk.PlanKind.COMPREHENSIVE,
        title,
        document,
        (year, year + 4) if year else None,
        policies=tuple(
            sdk.Policy(str(p["id"]), str(p["title"]), p["span"], indicators=tuple(p["ind"]))  # type: ignore[arg-type]
            for p in policies
        ),
    )
    return sdk.ParseResult((plan,))


def _fields(ind: sdk.Indicator) -> dict[str, object]:
    import attrs

    return attrs.asdict(ind, recurse=False)


PREF_LAYOUT = sdk.Layout(
    "testpref.lines", "a made-up prefecture's plan, one fact a line", lambda head: 0.9 if "PREFPLAN" in head else 0.0,
    _read, ("PREFPLAN",),
)  # fmt: skip


class Prefecture:
    """A made-up prefecture that shares 長野県's name and code, so that its municipalities are the fake
    city (上田市's code) and a second fake town."""

    CITY = sdk.City(
        sdk.Municipality("testpref", "長野県", "Nagano Prefecture", "200000", "長野県", kind="prefecture"),
        concepts=[
            sdk.Concept(
                "stargazing_events",
                "星空観察会の開催回数",
                "Stargazing evenings held",
                "回",
                "higher_is_better",
                "Evenings of public stargazing the prefecture holds in a year (a made-up concept for tests).",
                rules=(
                    sdk.ConceptMapping(
                        "stargazing_events", "星空観察会", "exact", "evenings held in the year"
                    ),
                ),
                tags=("culture",),
                source="a made-up source for tests",
            )
        ],
    )

    @sdk.hookimpl
    def munigoals_layouts(self) -> list[sdk.Layout]:
        return [PREF_LAYOUT]


class Town:
    """A second municipality of the same prefecture that holds 交通事故死者数."""

    CITY = sdk.City(
        sdk.Municipality("faketown", "偽町", "Fake Town", "202070", "長野県"), layouts=["testpref.lines"]
    )


PLAN = """PREFPLAN 長野県くらし計画(架空) 2023
POLICY 2-1 安全な暮らし
IND 2101|交通事故死者数|46人(2022年)|50人以下(2024年度)|45人以下(2025年)|減少を目指す
IND 2102|図書館入館者数|100,000人(2021年度)|―|120,000人(2027年度)|増加を目指す
IND 2103|星空観察会の開催回数|4回(2022年度)|―|6回(2027年度)|―
PROJ 交通事故死者数|48人(令和5年12月31日)
"""
TOWN = """PREFPLAN 偽町まちづくり計画 2023
POLICY 1 交通安全
IND 11|交通事故死者数|3人(2022年)|―|0人(2027年)|増加を目指す
"""


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost.only(testpref=Prefecture(), fakecity=fake_city, faketown=Town())


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("plans")
    (folder / "pref.txt").write_text(PLAN, encoding="utf-8")
    (folder / "town.txt").write_text(TOWN, encoding="utf-8")
    (folder / "fake.txt").write_text(fake_city.FIXTURE, encoding="utf-8")
    return [folder / "pref.txt", folder / "town.txt", folder / "fake.txt"]


@pytest.fixture(scope="module")
def run(docs: list[Path], host: PluginHost) -> munigoals.ParseRun:
    return munigoals.parse(docs[:1], host=host, cities=["testpref"])


def test_years_say_their_kind() -> None:
    assert parse_year("平成13年実績") == (2001, YearKind.CALENDAR, None)
    assert parse_year("(2020年度)") == (2020, YearKind.FISCAL, None)
    assert parse_year("(2022 年)") == (2022, YearKind.CALENDAR, None)
    stated = parse_year("平成15年9月30日現在")
    assert stated is not None and stated.kind == YearKind.DATE and str(stated.date) == "2003-09-30"
    assert parse_year("R2") == (2020, YearKind.FISCAL, None)
    # an as-of day with an era letter is a day, as its kanji form is; a dotted day alone is a 年度
    assert parse_year("実績(R5.3.31現在)") == (2023, YearKind.DATE, datetime.date(2023, 3, 31))
    assert parse_year("H31.1.11") == (2018, YearKind.FISCAL, None)
    assert parse_year("令和2年2月30日") == (2020, YearKind.CALENDAR, None)  # no such day: its year alone
    assert parse_year("なし") is None


def test_stated_directions() -> None:
    assert stated_direction("増加を目指す") == Direction.INCREASE
    assert stated_direction("減少を目指します") == Direction.DECREASE
    assert stated_direction("延伸") == Direction.INCREASE
    assert stated_direction("維持") == Direction.KEEP
    assert stated_direction("維持・向上") == Direction.INCREASE
    assert stated_direction("↓") == Direction.DECREASE
    assert stated_direction("14,600→15,600") is None  # an arrow between values states no direction
    assert stated_direction("増加と減少") is None
    assert stated_direction("―") is None


def test_a_prefecture_is_a_place() -> None:
    pref = sdk.Municipality("p", "長野県", "Nagano", "200000", "長野県", kind="prefecture")
    assert pref.kind == sdk.PlaceKind.PREFECTURE and pref.prefecture_code == "200000"
    assert sdk.Municipality("ueda", "上田市", "Ueda", "202037", "長野県").prefecture_code == "200000"
    with pytest.raises(ValueError, match="prefecture's"):
        sdk.Municipality("p", "長野県", "Nagano", "200000", "長野県")  # a prefecture's code, no kind
    with pytest.raises(ValueError, match="PP000C"):
        sdk.Municipality("p", "長野県", "Nagano", "202037", "長野県", kind="prefecture")


def test_interim_and_final_targets_are_both_values(run: munigoals.ParseRun) -> None:
    values = run.tables["values"].filter(pl.col("indicator") == "交通事故死者数")
    got = {
        (r["value_kind"], r["value"], r["year"], r["year_kind"], r["comparator"])
        for r in values.iter_rows(named=True)
    }
    assert got == {
        ("baseline", 46.0, 2022, "calendar", None),
        ("interim_target", 50.0, 2024, "fiscal", "le"),
        ("target", 45.0, 2025, "calendar", "le"),
        ("projection", 48.0, 2023, "date", None),
    }
    ind = run.tables["indicators"].filter(pl.col("name") == "交通事故死者数").row(0, named=True)
    assert (ind["target_value"], ind["interim_target_value"], ind["interim_target_year"]) == (
        45.0,
        50.0,
        2024,
    )
    assert (ind["indicator_code"], ind["direction"], ind["place_kind"]) == ("2101", "decrease", "prefecture")
    assert (ind["baseline_year_kind"], ind["target_year_kind"]) == ("calendar", "calendar")


def test_a_projection_is_never_an_actual(run: munigoals.ParseRun) -> None:
    obs = run.tables["observations"].filter(pl.col("name") == "交通事故死者数")
    assert obs.select("value_kind", "value", "year_kind", "date").rows() == [
        ("projection", 48.0, "date", "2023-12-31")
    ]
    values = run.tables["values"]
    assert values.filter((pl.col("value_kind") == "actual") & (pl.col("value") == 48.0)).is_empty()


def test_the_metrics_use_the_final_target_and_say_so(docs: list[Path], host: PluginHost) -> None:
    final = munigoals.compare(["traffic_deaths"], paths=docs[:2], host=host, cities=["testpref", "faketown"])
    pref = final.filter(pl.col("city") == "testpref").row(0, named=True)
    assert (pref["target_used"], pref["target_value"], pref["target_year"]) == ("final", 45.0, 2025)
    interim = munigoals.compare(
        ["traffic_deaths"], paths=docs[:2], host=host, cities=["testpref", "faketown"], target="interim"
    )
    pref = interim.filter(pl.col("city") == "testpref").row(0, named=True)
    assert (pref["target_used"], pref["target_value"], pref["target_year"]) == ("interim", 50.0, 2024)
    town = interim.filter(pl.col("city") == "faketown").row(0, named=True)
    assert town["target_used"] == "final"  # it states no interim target: the final one, said so


def test_a_stated_direction_comes_before_the_concepts_polarity(docs: list[Path], host: PluginHost) -> None:
    frame = munigoals.compare(["traffic_deaths"], paths=docs[:2], host=host, cities=["testpref", "faketown"])
    town = frame.filter(pl.col("city") == "faketown").row(0, named=True)
    # the town writes 増加を目指す beside a measure that is better lower: judged by what it states, said so
    assert (town["direction"], town["polarity"], town["concept_polarity"]) == (
        "increase", "higher_is_better", "lower_is_better"
    )  # fmt: skip
    assert "against the concept's lower_is_better" in town["note"]
    pref = frame.filter(pl.col("city") == "testpref").row(0, named=True)
    assert pref["polarity"] == "lower_is_better" and "against" not in (pref["note"] or "")


def test_within_a_prefecture_sets_its_targets_beside_its_municipalities(
    docs: list[Path], host: PluginHost
) -> None:
    frame = munigoals.compare(paths=docs, host=host, within="長野県")
    traffic = frame.filter(pl.col("concept") == "traffic_deaths")
    assert traffic["city"].to_list() == ["testpref", "faketown"]  # the prefecture first
    assert traffic.row(0, named=True)["place_kind"] == "prefecture"
    assert traffic.row(0, named=True)["target_value"] == 45.0
    # a concept only the prefecture holds is kept within it; without --within it needs two places
    assert "library_visitors" in frame["concept"].to_list()
    assert "library_visitors" not in munigoals.compare(paths=docs, host=host)["concept"].to_list()
    assert set(munigoals.compare(paths=docs, host=host, within="200000")["city"]) == set(frame["city"])
    with pytest.raises(MunigoalsError, match="prefectures known: 長野県"):
        munigoals.compare(paths=docs, host=host, within="富山県")


def test_a_plugin_contributes_a_namespaced_concept(run: munigoals.ParseRun, host: PluginHost) -> None:
    registry = concept_registry(host)
    concept = registry["testpref.stargazing_events"]
    assert concept.origin == "testpref" and concept.source == "a made-up source for tests"
    ind = run.tables["indicators"].filter(pl.col("name") == "星空観察会の開催回数").row(0, named=True)
    assert (ind["concept"], ind["match"]) == ("testpref.stargazing_events", "exact")
    # its rules are its own city's: another city's indicator of the same name does not align to it
    assert registry.align("fakecity", "星空観察会の開催回数") is None


def test_a_concept_defined_twice_names_both() -> None:
    twice = [
        Concept("x.a", "a", "a", "人", "higher_is_better", "d", origin="x"),
        Concept("x.a", "a", "a", "人", "higher_is_better", "d", origin="y"),
    ]
    with pytest.raises(MunigoalsError, match="by 'x' and by 'y'"):
        load_registry(contributed=twice)
    with pytest.raises(MunigoalsError, match="namespaced by another plugin"):
        sdk_concept = Concept("other.a", "a", "a", "人", "higher_is_better", "d")
        from munigoals.registry import plugin_concept

        plugin_concept("testpref", sdk_concept)


def _stated(tables: dict[str, pl.DataFrame]) -> list[tuple[str, int, str, float]]:
    """Every number the indicators, targets and observations tables hold, with its kind."""
    out = []
    for row in tables["indicators"].iter_rows(named=True):
        for kind, column in (("baseline", "baseline_value"), ("target", "target_value")):
            if row[column] is not None:
                out.append((row["document"], row["line"], kind, row[column]))
        if row["interim_target_value"] is not None:
            out.append((row["document"], row["line"], "interim_target", row["interim_target_value"]))
    for row in tables["targets"].iter_rows(named=True):
        for kind, column in (
            ("target", "target_value"),
            ("actual", "actual_value"),
            ("mid_year", "mid_value"),
        ):
            if row[column] is not None:
                out.append((row["document"], row["line"], kind, row[column]))
        for kind, column in (("actual_part", "actual_parts"), ("mid_year_part", "mid_parts")):
            for part in (row[column] or "").split(" + ") if row[column] else ():  # parts, never summed
                value = Quantity.from_text(part).value
                assert value is not None, part
                out.append((row["document"], row["line"], kind, value))
    for row in tables["observations"].iter_rows(named=True):
        if row["value"] is not None:
            out.append((row["document"], row["line"], row["value_kind"], row["value"]))
    return sorted(out)


def _values(tables: dict[str, pl.DataFrame]) -> list[tuple[str, int, str, float]]:
    v = tables["values"].filter(pl.col("value").is_not_null())
    return sorted(v.select("document", "line", "value_kind", "value").rows())


def test_values_equal_the_other_tables_number_for_number(run: munigoals.ParseRun) -> None:
    assert _values(run.tables) == _stated(run.tables)
    shipped = bundled_tables()
    assert len(shipped["values"]) > 0
    assert _values(shipped) == _stated(shipped)


def test_values_equal_the_other_tables_on_the_corpus(corpus: Path) -> None:
    tables = munigoals.parse([corpus]).tables
    assert _values(tables) == _stated(tables)


def _compared_keys(tables: dict[str, pl.DataFrame]) -> set[tuple[str, int, str, str]]:
    registry = concept_registry()
    aligned, _ = store_alignment(tables, registry)
    rows = comparable_rows(tables)
    alignments, _ = registry.align_all(rows.select("city", "name").iter_rows(named=True))
    expected = {
        (r["document"], r["line"], r["name"], a.concept.id)
        for r, a in zip(rows.iter_rows(named=True), alignments, strict=True)
        if a is not None and r["source"] == "indicator"
    }
    stored = {
        (r["document"], r["line"], r["name"], r["concept"])
        for r in aligned["indicators"].filter(pl.col("concept").is_not_null()).iter_rows(named=True)
    }
    assert stored == expected
    return stored


def test_indicators_carry_the_concept_compare_aligns_them_to() -> None:
    shipped = bundled_tables()
    compared = munigoals.compare()
    for row in compared.filter(pl.col("source") == "indicator").iter_rows(named=True):
        held = shipped["indicators"].filter(
            (pl.col("document") == row["document"])
            & (pl.col("line") == row["line"])
            & (pl.col("name") == row["name"])
            & (pl.col("kind").is_null() | (pl.col("kind") != "observed"))
        )
        assert held["concept"].to_list() == [row["concept"]], row["name"]
        assert held["match"].to_list() == [row["match"]]
    for row in compared.filter(pl.col("source") == "action_target").iter_rows(named=True):
        held = shipped["targets"].filter(
            (pl.col("document") == row["document"])
            & (pl.col("line") == row["line"])
            & (pl.col("item") == row["name"])
        )
        assert set(held["concept"].to_list()) == {row["concept"]}
    values = shipped["values"].filter(pl.col("concept").is_not_null())
    assert set(values["concept"]) >= set(compared["concept"])


def test_parse_stores_the_alignment_too(corpus: Path) -> None:
    tables = munigoals.parse([corpus]).tables
    assert tables["indicators"]["concept"].drop_nulls().len() >= 14
    _compared_keys(tables)


def test_a_document_recognised_but_read_to_nothing_is_said(tmp_path: Path) -> None:
    path = tmp_path / "empty-plan.txt"
    path.write_text("FAKEPLAN 偽市重点目標 2022\n", encoding="utf-8")  # a plan with no policy in it
    run = munigoals.parse([path], host=PluginHost.only(fakecity=fake_city))
    assert [(i.severity, "read nothing" in i.message) for i in run.issues] == [("error", True)]

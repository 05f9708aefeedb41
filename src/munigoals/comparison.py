"""Putting cities side by side: alignment to concepts, population, and series.

Rows come from two tables: ``indicators`` (baseline → target) and ``targets`` (an action's numeric
target, with its result where reported). Each row is aligned to at most one concept
(:mod:`munigoals.registry`) and judged by :func:`munigoals.metrics.judge` — target kind, improvement
needed (signed by the concept's polarity), per year, headroom under ceilings, progress and grade, with
``metric_note`` saying why a value is empty. This module adds what needs more than one row:

- ``baseline_per_1000`` / ``target_per_1000``: for counts of people (unit 人), per 1,000 residents. The
  cities compared share the latest reference date all of them have; where they share none, each row
  uses its own city's figure nearest its baseline year, and ``population_note`` says so. A city
  without figures never takes per-capita figures away from the others.
- ``units_differ``: the rows of one concept count in different units (件 and 分野): never rank them or
  put them on one axis together.
- ``reference_value``: a value the law sets for the concept (the 早期健全化基準), with
  ``baseline_to_reference``, how far the baseline stands from it (reference − baseline).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import polars as pl

from munigoals.errors import MunigoalsError
from munigoals.japanese import normalize
from munigoals.metrics import METRIC_COLUMNS, effective_polarity, judge
from munigoals.model import IndicatorKind, Municipality, PlaceKind, PopulationFigure
from munigoals.quantities import approximate_word
from munigoals.registry import ConceptRegistry
from munigoals.tables import COMPARATOR_DOC

__all__ = [
    "COMPARE_COLUMNS",
    "COMPARE_DOCS",
    "SERIES_COLUMNS",
    "TARGET_CHOICES",
    "choose_population",
    "comparable_rows",
    "compare_table",
    "concepts_table",
    "places_within",
    "read_population_file",
    "series_table",
    "store_alignment",
    "unmatched_table",
]

_S, _I, _F, _B = pl.String, pl.Int64, pl.Float64, pl.Boolean

#: The period a rate target counts in (週2回: 回/週), as its unit says it in a comparison; a yearly rate
#: (年2回) is the year's count and keeps its unit.
RATE_PERIODS = {"per_week": "週", "per_month": "月", "per_two_months": "2か月"}

#: Columns of the comparison table, in order: the main ones first (what a notebook shows).
COMPARE_COLUMNS: dict[str, type[pl.DataType]] = {
    "concept": _S,
    "city": _S,
    "name": _S,
    "unit": _S,
    "baseline_value": _F,
    "baseline_year": _I,
    "target_comparator": _S,
    "target_value": _F,
    "target_year": _I,
    "target_kind": _S,
    "improvement_per_year": _F,
    "improvement_unit": _S,
    "actual_value": _F,
    "actual_year": _I,
    "grade": _S,
    "match": _S,
    "note": _S,
    "concept_label": _S,
    "concept_label_en": _S,
    "polarity": _S,
    "source": _S,
    "years_spanned": _I,
    "already_met": _B,
    "improvement_needed": _F,
    "improvement_pct_per_year": _F,
    "target_against_polarity": _B,
    "headroom": _F,
    "target_met": _B,
    "progress_rate": _F,
    "units_differ": _B,
    "reference_value": _F,
    "reference_label": _S,
    "reference_source": _S,
    "baseline_to_reference": _F,
    "population": _I,
    "population_date": _S,
    "population_source": _S,
    "population_note": _S,
    "baseline_per_1000": _F,
    "target_per_1000": _F,
    "metric_note": _S,
    "document": _S,
    "line": _I,
    "target_used": _S,
    "direction": _S,
    "concept_polarity": _S,
    "place_kind": _S,
    "city_code": _S,
    "page": _I,
    "sheet": _S,
}
#: Meaning of each comparison column (the docs and ``munigoals columns`` show these).
COMPARE_DOCS: dict[str, str] = {
    "concept": "comparison concept id",
    "city": "city plugin slug",
    "name": "the city's indicator or target as written",
    "unit": "unit of the city's values; a rate's with its period (回/週 for 週2回)",
    "baseline_value": "baseline (現状値・基準値)",
    "baseline_year": "fiscal year of the baseline",
    "target_comparator": COMPARATOR_DOC,
    "target_value": "target (目標値)",
    "target_year": "fiscal year of the target",
    "target_kind": "level, ceiling or floor (by comparator), or change (by how much: 30品の増, 10%削減)",
    "improvement_per_year": "improvement the target asks for a year, signed by polarity (rates in points)",
    "improvement_unit": "unit of the improvement: pt (percentage points) for rates, else the unit",
    "actual_value": "result reported (実績・期末報告)",
    "actual_year": "fiscal year of the result",
    "grade": "S target reached; A better than baseline by >10 %; B within ±10 %; C worse by >10 %; − none",
    "match": "exact, proxy or related: how well the indicator matches the concept",
    "note": "why it matches so, and notes on the values",
    "concept_label": "concept label (Japanese)",
    "concept_label_en": "concept label (English)",
    "polarity": "higher_is_better, lower_is_better or within_band",
    "source": "indicator (総合計画 etc.) or action_target (重点目標)",
    "years_spanned": "target year − baseline year",
    "already_met": "for a ceiling or floor: whether the baseline already meets it",
    "improvement_needed": "change the target asks for, positive = improvement by polarity; 0 for a limit met",
    "improvement_pct_per_year": "compound % a year, signed by polarity; counts and amounts only, never rates",
    "target_against_polarity": "a level target that moves against the polarity (a planned decline)",
    "headroom": "for a ceiling, target − baseline; for a floor, baseline − target",
    "target_met": "whether the result meets the target (by progress or comparator)",
    "progress_rate": "(actual − baseline) / (target − baseline), for level targets with a baseline",
    "units_differ": "the concept's rows count in different units: do not rank them together",
    "reference_value": "a value the law sets for the concept (早期健全化基準)",
    "reference_label": "name of the reference value",
    "reference_source": "where the reference value is stated",
    "baseline_to_reference": "reference − baseline",
    "population": "residents used for per-1,000 figures",
    "population_date": "reference date of the population figure",
    "population_source": "source of the population figure",
    "population_note": "why a city's own date was used, or why there is none",
    "baseline_per_1000": "baseline per 1,000 residents (counts of people only)",
    "target_per_1000": "target per 1,000 residents (counts of people only)",
    "metric_note": "why a metric is empty (no baseline, years missing, division by zero …)",
    "target_used": "final (the plan's 目標値, by default) or interim (中間目標・目安値: --target interim)",
    "direction": (
        "increase, decrease or keep, where the plan states the way to go (増加を目指す …; an action "
        "target's own words: 10件に削減)"
    ),
    "concept_polarity": "the concept's polarity; polarity is the plan's stated direction where it states one",
    "place_kind": "municipality or prefecture",
    "city_code": "6-digit 全国地方公共団体コード of the place",
    "document": "source file name",
    "line": "line of the row in the document (on its page, for a PDF or a workbook)",
    "page": "page of the published file the row stands on (PDF page, or sheet position); null for text",
    "sheet": "name of the sheet the row stands on, for a workbook; null otherwise",
}

SERIES_COLUMNS: dict[str, type[pl.DataType]] = {
    "concept": _S,
    "city": _S,
    "fiscal_year": _I,
    "value": _F,
    "unit": _S,
    "kind": _S,
    "name": _S,
    "match": _S,
    "note": _S,
    "document": _S,
    "line": _I,
    "page": _I,
    "sheet": _S,
}


#: Which target a comparison measures against: the plan's final 目標値, or an interim one.
TARGET_CHOICES = ("final", "interim")


def comparable_rows(tables: Mapping[str, pl.DataFrame], target: str = "final") -> pl.DataFrame:
    """Indicators and action targets as one frame of comparable rows (before alignment).

    ``target`` ``interim`` takes an indicator's interim target (中間目標・目安値) where it states one
    (``target_used`` says which was taken; rows without one keep the final target).
    """
    if target not in TARGET_CHOICES:
        raise MunigoalsError(
            f"unknown target {target!r}; choose one of {', '.join(TARGET_CHOICES)}", exit_code=2
        )
    ind = tables["indicators"].filter(pl.col("kind").is_null() | (pl.col("kind") != IndicatorKind.OBSERVED))
    for column, dtype in (
        ("direction", _S),
        ("interim_target_value", _F),
        ("interim_target_year", _I),
        ("interim_target_comparator", _S),
        ("target_text", _S),
        ("interim_target_text", _S),
    ):
        if column not in ind.columns:  # tables cut to the columns a comparison uses
            ind = ind.with_columns(pl.lit(None, dtype=dtype).alias(column))
    interim = pl.lit(target == "interim") & pl.col("interim_target_value").is_not_null()
    from_indicators = ind.select(
        "city",
        "name",
        "unit",
        pl.lit("indicator").alias("source"),
        "baseline_value",
        "baseline_year",
        pl.when(interim).then(pl.col("interim_target_value")).otherwise(pl.col("target_value")).alias("target_value"),
        pl.when(interim).then(pl.col("interim_target_year")).otherwise(pl.col("target_year")).alias("target_year"),
        pl.when(interim).then(pl.col("interim_target_comparator")).otherwise(pl.col("target_comparator"))
        .alias("target_comparator"),
        pl.lit(None, dtype=_F).alias("actual_value"),
        pl.lit(None, dtype=_I).alias("actual_year"),
        pl.col("note").alias("row_note"),
        "document",
        "line",
        pl.when(interim).then(pl.lit("interim")).otherwise(pl.lit("final")).alias("target_used"),
        "direction",
        "page",
        "sheet",
        pl.lit(None, dtype=_S).alias("frequency"),
        pl.lit(False).alias("target_change"),
        pl.when(interim).then(pl.col("interim_target_text")).otherwise(pl.col("target_text"))
        .alias("target_text"),
    )  # fmt: skip
    tg = tables["targets"]
    for column in ("frequency", "target_kind", "target_text", "direction"):
        if column not in tg.columns:  # tables cut to the columns a comparison used before these
            tg = tg.with_columns(pl.lit(None, dtype=_S).alias(column))
    period = pl.col("frequency").replace_strict(RATE_PERIODS, default=None, return_dtype=_S)
    from_targets = tg.select(
        "city",
        pl.col("item").alias("name"),
        # 週2回 counts 回 a week: never on one axis, nor ranked, with a year's 回 (units_differ)
        pl.when(period.is_not_null())
        .then(pl.col("unit") + "/" + period)
        .otherwise(pl.col("unit"))
        .alias("unit"),
        pl.lit("action_target").alias("source"),
        pl.lit(None, dtype=_F).alias("baseline_value"),
        pl.lit(None, dtype=_I).alias("baseline_year"),
        "target_value",
        pl.col("fiscal_year").alias("target_year"),
        "target_comparator",
        "actual_value",
        pl.when(pl.col("actual_value").is_not_null()).then(pl.col("fiscal_year")).alias("actual_year"),
        pl.lit(None, dtype=_S).alias("row_note"),
        "document",
        "line",
        pl.lit("final").alias("target_used"),
        "direction",
        "page",
        "sheet",
        "frequency",
        (pl.col("target_kind") == "change").fill_null(False).alias("target_change"),
        "target_text",
    )
    rows = pl.concat([from_indicators, from_targets], how="vertical_relaxed")
    # the word that makes a target approximate (年7回程度, 約300人): how met is judged (metrics.judge)
    approximate = [approximate_word(text) if text else "" for text in rows["target_text"].to_list()]
    return rows.with_columns(pl.Series("target_approximate", approximate, dtype=_S)).drop("target_text")


def _aligned(frame: pl.DataFrame, registry: ConceptRegistry) -> tuple[pl.DataFrame, list[str]]:
    alignments, warnings = registry.align_all(frame.select("city", "name").iter_rows(named=True))
    return frame.with_columns(
        pl.Series("concept", [a.concept.id if a else None for a in alignments], dtype=_S),
        pl.Series("concept_label", [a.concept.label_ja if a else None for a in alignments], dtype=_S),
        pl.Series("concept_label_en", [a.concept.label_en if a else None for a in alignments], dtype=_S),
        pl.Series("polarity", [a.concept.polarity if a else None for a in alignments], dtype=_S),
        pl.Series("match", [a.match if a else None for a in alignments], dtype=_S),
        pl.Series("align_note", [a.note if a else None for a in alignments], dtype=_S),
    ), warnings


def store_alignment(
    tables: Mapping[str, pl.DataFrame], registry: ConceptRegistry
) -> tuple[dict[str, pl.DataFrame], list[str]]:
    """The tables with ``concept`` and ``match`` filled wherever :func:`compare_table` aligns a row:
    in ``indicators`` and ``targets`` and, through them, in ``values``, so that analysts can join
    tables on concepts without redoing the alignment. Returns the tables and the alignment warnings.
    """
    out = dict(tables)
    indicators, targets = tables["indicators"], tables["targets"]
    if indicators.is_empty() and targets.is_empty():
        return out, []
    compared = comparable_rows(tables)
    aligned, warnings = _aligned(compared, registry)
    labels = aligned.select("concept", "match")
    # comparable_rows keeps the indicators (observed series left out) in order, then every target
    wanted = indicators.with_row_index("_row").filter(
        pl.col("kind").is_null() | (pl.col("kind") != IndicatorKind.OBSERVED)
    )["_row"]
    n = len(wanted)
    ind_labels = labels.head(n).with_columns(wanted.alias("_row"))
    out["indicators"] = (
        indicators.drop("concept", "match")
        .with_row_index("_row")
        .join(ind_labels, on="_row", how="left", maintain_order="left")
        .select(indicators.columns)
    )
    out["targets"] = targets.drop("concept", "match").with_columns(labels.slice(n)).select(targets.columns)
    values = tables.get("values")
    if values is not None and not values.is_empty():
        key = ["document", "policy_id", "line"]
        by_indicator = (
            out["indicators"]
            .select(*key, pl.col("name").alias("indicator"), "concept")
            .with_columns(pl.lit("indicator").alias("source"))
        )
        by_target = (
            out["targets"]
            .select("document", pl.col("goal_no").alias("policy_id"), "line",
                    pl.col("item").alias("indicator"), "concept")
            .with_columns(pl.lit("action_target").alias("source"))
        )  # fmt: skip
        lookup = (
            pl.concat([by_indicator, by_target], how="vertical_relaxed")
            .filter(pl.col("concept").is_not_null())
            .unique([*key, "indicator", "source"], keep="first", maintain_order=True)
        )
        out["values"] = (
            values.drop("concept")
            .join(lookup, on=[*key, "indicator", "source"], how="left", maintain_order="left")
            .select(values.columns)
        )
    return out, warnings


_POPULATION_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


def read_population_file(path: Path, cities: Sequence[Municipality] = ()) -> list[PopulationFigure]:
    """A population table: CSV with columns ``city, population, reference_date (YYYY-MM-DD), source``.

    ``city`` may be a slug, a six-digit municipality code or a Japanese name of one of ``cities``;
    ``population`` is digits, with or without thousands separators (``154,155``).

    Raises:
        MunigoalsError: for a file that cannot be read, a row that cannot be read, an unknown city or
            two rows for one city and date, naming the rows.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise MunigoalsError(f"{path}: cannot read the population table: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise MunigoalsError(
            f"{path}: the population table is not UTF-8 text; save it as CSV (UTF-8)"
        ) from None
    if "\x00" in text:
        raise MunigoalsError(f"{path}: the population table is binary, not CSV text")
    known = {key: c.slug for c in cities for key in (c.slug, c.code, c.name_ja)}
    figures: list[PopulationFigure] = []
    seen: dict[tuple[str, dt.date], int] = {}
    for k, row in enumerate(csv.DictReader(io.StringIO(text, newline="")), start=2):
        try:
            city = (row["city"] or "").strip()
            number = (row["population"] or "").strip()
            if not _POPULATION_NUMBER.fullmatch(number):
                raise ValueError(f"population {number!r} is not a whole number such as 154155 or 154,155")
            figure = PopulationFigure(
                known.get(city, city) if known else city,
                int(number.replace(",", "")),
                dt.date.fromisoformat((row["reference_date"] or "").strip()),
                (row["source"] or "").strip(),
            )
        except (KeyError, ValueError, AttributeError, TypeError) as exc:
            raise MunigoalsError(
                f"{path}:{k}: population rows need city, population, "
                f"reference_date (YYYY-MM-DD), source ({exc})"
            ) from None
        if known and city not in known:
            raise MunigoalsError(
                f"{path}:{k}: unknown city {city!r}; give a slug, code or name of: "
                + ", ".join(sorted({c.slug for c in cities}))
            )
        key = (figure.city, figure.reference_date)
        if key in seen:
            raise MunigoalsError(
                f"{path}: rows {seen[key]} and {k} both give the population of {figure.city} "
                f"on {figure.reference_date}; keep one"
            )
        seen[key] = k
        figures.append(figure)
    return figures


def choose_population(
    figures: Iterable[PopulationFigure], cities: Sequence[str]
) -> tuple[dict[str, PopulationFigure], str | None]:
    """One reference date for the cities that have figures: the latest date all of them share.

    Returns the figure per city (cities without figures are left out, never the others) and a note:
    which cities have no figure, or that no date is shared (then the mapping is empty and
    :func:`population_for_rows` takes each city's figure nearest each row's year).
    """
    by_city: dict[str, dict[dt.date, PopulationFigure]] = {}
    for figure in figures:
        if figure.city in cities:
            by_city.setdefault(figure.city, {})[figure.reference_date] = figure
    missing = [c for c in cities if c not in by_city]
    notes = [f"no population figure for {', '.join(missing)}"] if missing else []
    shared = set.intersection(*(set(dates) for dates in by_city.values())) if by_city else set()
    if by_city and not shared:
        notes.append(
            "the cities share no reference date: each row uses its own city's figure nearest its year"
        )
        return {}, "; ".join(notes)
    if not by_city:
        return {}, "; ".join(notes) or None
    date = max(shared)
    return {c: dates[date] for c, dates in by_city.items()}, "; ".join(notes) or None


def _population_columns(
    frame: pl.DataFrame, figures: Sequence[PopulationFigure]
) -> tuple[pl.DataFrame, list[str]]:
    """Population, its date, source and a note for each row (see :func:`choose_population`)."""
    cities = sorted(set(frame["city"].to_list()))
    chosen, why = choose_population(figures, cities)
    own: dict[str, list[PopulationFigure]] = {}
    for each in figures:
        own.setdefault(each.city, []).append(each)
    values: dict[str, list[object]] = {k: [] for k in ("population", "date", "source", "note")}
    for row in frame.select("city", "baseline_year", "target_year").iter_rows(named=True):
        figure: PopulationFigure | None = chosen.get(row["city"])
        note = None
        if figure is None and own.get(row["city"]):
            year = row["baseline_year"] or row["target_year"]
            candidates = own[row["city"]]
            figure = min(
                candidates,
                key=lambda f: (
                    abs(f.reference_date.year - year) if year else 0,
                    -f.reference_date.toordinal(),
                ),
            )
            note = f"no reference date shared with the other cities: {row['city']}'s own figure " + (
                "nearest the baseline year" if year else "of the latest date"
            )
        elif figure is None:
            note = f"no population figure for {row['city']}"
        values["population"].append(figure.population if figure else None)
        values["date"].append(figure.reference_date.isoformat() if figure else None)
        values["source"].append(figure.source if figure else None)
        values["note"].append(note)
    out = frame.with_columns(
        pl.Series("population", values["population"], dtype=_I),
        pl.Series("population_date", values["date"], dtype=_S),
        pl.Series("population_source", values["source"], dtype=_S),
        pl.Series("population_note", values["note"], dtype=_S),
    )
    warnings = [f"per-1,000 figures: {why}"] if why and (frame["unit"] == "人").any() else []
    return out, warnings


def _with_metrics(frame: pl.DataFrame, registry: ConceptRegistry) -> pl.DataFrame:
    """Each row judged by :func:`munigoals.metrics.judge`, with what needs the whole concept."""
    judged = [judge(row) for row in frame.iter_rows(named=True)]
    columns = [
        pl.Series(name, [j[name] for j in judged], dtype=COMPARE_COLUMNS[name]) for name in METRIC_COLUMNS
    ]
    references = {c.id: c.reference for c in registry.concepts.values() if c.reference is not None}
    ref_rows = [references.get(concept) for concept in frame["concept"].to_list()]
    # counts of people only: a rate stated in 人 (自殺死亡率, 16.3人 per 100,000) is no count
    counts_people = [c.id for c in registry.concepts.values() if c.unit == "人"]
    people = (pl.col("unit") == "人") & pl.col("concept").is_in(counts_people)
    per_1000 = pl.col("population") > 0
    return (
        frame.with_columns(columns)
        .with_columns(
            pl.Series("reference_value", [r.value if r else None for r in ref_rows], dtype=_F),
            pl.Series(
                "reference_label", [f"{r.label_ja} / {r.label_en}" if r else None for r in ref_rows], dtype=_S
            ),
            pl.Series("reference_source", [r.source if r else None for r in ref_rows], dtype=_S),
            (pl.col("unit").drop_nulls().n_unique().over("concept") > 1).alias("units_differ"),
        )
        .with_columns(
            (pl.col("reference_value") - pl.col("baseline_value")).alias("baseline_to_reference"),
            pl.when(people & per_1000)
            .then(pl.col("baseline_value") / pl.col("population") * 1000)
            .alias("baseline_per_1000"),
            pl.when(people & per_1000)
            .then(pl.col("target_value") / pl.col("population") * 1000)
            .alias("target_per_1000"),
        )
    )


def _with_places(frame: pl.DataFrame, places: Sequence[Municipality]) -> pl.DataFrame:
    """Each row's place kind and code, from the places the plugins describe (a city no plugin
    describes is taken for a municipality, without a code)."""
    known = pl.DataFrame(
        {
            "city": [p.slug for p in places],
            "place_kind": [str(p.kind) for p in places],
            "city_code": [p.code for p in places],
        },
        schema={"city": _S, "place_kind": _S, "city_code": _S},
    ).unique("city", keep="first")
    return frame.join(known, on="city", how="left", maintain_order="left").with_columns(
        pl.col("place_kind").fill_null("municipality")
    )


def places_within(prefecture: str, places: Sequence[Municipality]) -> list[Municipality]:
    """The prefecture named (by Japanese or English name, slug or code) and the municipalities in it.

    Raises:
        MunigoalsError: naming the prefectures known, when none is called so.
    """
    wanted = normalize(prefecture).casefold()
    names = {p.prefecture for p in places}
    chosen: str | None = None
    for place in places:
        labels = {place.prefecture.casefold()}
        if place.kind == PlaceKind.PREFECTURE:
            labels |= {place.slug, place.code, place.name_en.casefold(), place.name_ja.casefold()}
        else:
            labels.add(place.prefecture_code)
        if wanted in labels:
            chosen = place.prefecture
            break
    if chosen is None:
        known = ", ".join(sorted(names)) or "none"
        raise MunigoalsError(
            f"no installed place is in or is the prefecture {prefecture!r}; prefectures known: {known}",
            exit_code=2,
        )
    return [p for p in places if p.prefecture == chosen]


def compare_table(
    tables: Mapping[str, pl.DataFrame],
    registry: ConceptRegistry,
    population: Iterable[PopulationFigure] = (),
    concepts: Sequence[str] | None = None,
    cities: Sequence[str] | None = None,
    *,
    target: str = "final",
    places: Sequence[Municipality] = (),
    within: str | None = None,
) -> tuple[pl.DataFrame, list[str]]:
    """The comparison: one row per aligned indicator or action target, with metrics.

    Without ``concepts``, every concept held by two or more places. ``target`` chooses the final
    target (default) or the interim one where a plan states it (``target_used`` says which).
    ``within`` (a prefecture's name or code) keeps that prefecture and its municipalities, and every
    concept the prefecture holds, to set its targets beside theirs (prefecture rows first). Returns
    the frame and warnings (alignment conflicts, population not shared).
    """
    for concept_id in concepts or ():
        registry[concept_id]  # an unknown concept is an error naming the known ones
    frame, warnings = _aligned(comparable_rows(tables, target), registry)
    frame = frame.filter(pl.col("concept").is_not_null())
    frame = _with_places(frame, places)
    if cities:
        frame = frame.filter(pl.col("city").is_in(list(cities)))
    prefecture_concepts: list[str] = []
    if within is not None:
        inside = places_within(within, places)
        frame = frame.filter(pl.col("city").is_in([p.slug for p in inside]))
        prefecture_concepts = frame.filter(pl.col("place_kind") == PlaceKind.PREFECTURE)["concept"].to_list()
    if concepts:
        frame = frame.filter(pl.col("concept").is_in(list(concepts)))
    else:
        shared = (
            frame.group_by("concept")
            .agg(pl.col("city").n_unique().alias("n"))
            .filter(pl.col("n") >= 2)["concept"]
        )
        frame = frame.filter(pl.col("concept").is_in([*shared.to_list(), *prefecture_concepts]))
    frame, population_notes = _population_columns(frame, list(population))
    warnings.extend(population_notes)
    frame = _with_direction(frame)
    frame = frame.with_columns(
        pl.concat_str(
            [pl.col("align_note"), pl.col("row_note"), pl.col("direction_note")],
            separator=" / ",
            ignore_nulls=True,
        ).alias("note")
    )
    frame = _with_metrics(frame, registry)
    order = list(registry.concepts)
    frame = frame.with_columns(
        pl.col("concept").replace_strict(order, list(range(len(order))), return_dtype=_I).alias("_order"),
        (pl.col("place_kind") != PlaceKind.PREFECTURE).alias("_municipal"),
    ).sort("_order", "_municipal", "city", "source", "target_year", "line")
    return frame.select([pl.col(c).cast(t) for c, t in COMPARE_COLUMNS.items()]), warnings


def _with_direction(frame: pl.DataFrame) -> pl.DataFrame:
    """The polarity each row is judged by: the plan's stated direction where it states one (see
    :func:`munigoals.metrics.effective_polarity`), else the concept's; a conflict is a note."""
    chosen = [
        effective_polarity(direction, polarity)
        for direction, polarity in frame.select("direction", "polarity").iter_rows()
    ]
    return frame.with_columns(
        pl.col("polarity").alias("concept_polarity"),
        pl.Series("polarity", [c[0] for c in chosen], dtype=_S),
        pl.Series("direction_note", [c[1] for c in chosen], dtype=_S),
    )


def series_table(
    tables: Mapping[str, pl.DataFrame],
    registry: ConceptRegistry,
    concept: str,
    cities: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Every value a city's documents give for one concept, by fiscal year: observations, baselines,
    targets and actuals, each citing its document and line."""
    registry[concept]
    measures, _ = _aligned(comparable_rows(tables), registry)
    measures = measures.filter(pl.col("concept") == concept)

    def points(which: str, kind: pl.Expr) -> pl.DataFrame:
        """One point per row that has a ``which`` value (baseline, target, actual)."""
        return measures.filter(pl.col(f"{which}_value").is_not_null()).select(
            "city",
            pl.col(f"{which}_year").alias("fiscal_year"),
            pl.col(f"{which}_value").alias("value"),
            "unit",
            kind.alias("kind"),
            "name",
            "match",
            pl.col("row_note").alias("note"),
            "document",
            "line",
            "page",
            "sheet",
        )

    parts = [
        points("baseline", pl.lit("baseline")),
        points("target", pl.concat_str([pl.lit("target "), pl.col("target_comparator")])),
        points("actual", pl.lit("actual")),
    ]
    obs = tables["observations"]
    if len(obs):
        aligned, _ = _aligned(obs, registry)
        parts.append(
            aligned.filter(pl.col("concept") == concept).select(
                "city", "fiscal_year", "value", "unit", pl.lit("observed").alias("kind"), "name", "match",
                "note",
                "document", "line", "page", "sheet",
            )
        )  # fmt: skip
    frame = pl.concat(
        [p.cast({"fiscal_year": _I, "line": _I, "page": _I, "sheet": _S}) for p in parts],
        how="vertical_relaxed",
    )
    if cities:
        frame = frame.filter(pl.col("city").is_in(list(cities)))
    frame = frame.with_columns(pl.lit(concept).alias("concept"))
    # a value whose year is not stated (a baseline "before the plan") comes first
    return frame.sort("city", "fiscal_year", "kind", nulls_last=False).select(
        [pl.col(c).cast(t) for c, t in SERIES_COLUMNS.items()]
    )


def concepts_table(tables: Mapping[str, pl.DataFrame], registry: ConceptRegistry) -> pl.DataFrame:
    """The registry, with the cities whose data hold each concept and how they match."""
    aligned, _ = _aligned(comparable_rows(tables), registry)
    held = (
        aligned.filter(pl.col("concept").is_not_null())
        .group_by("concept")
        .agg(
            pl.col("city").unique().sort().str.join(", ").alias("cities"),
            pl.concat_str([pl.col("city"), pl.lit(": "), pl.col("match")])
            .unique()
            .sort()
            .str.join("; ")
            .alias("matches"),
        )
    )
    rows = [
        {
            "concept": c.id,
            "label_ja": c.label_ja,
            "label_en": c.label_en,
            "unit": c.unit,
            "polarity": c.polarity,
            "series": c.series,
            "tags": ", ".join(c.tags),
            "definition": c.definition,
        }
        for c in registry.concepts.values()
    ]
    frame = pl.DataFrame(rows).join(held, on="concept", how="left", maintain_order="left")
    return frame.select(
        "concept",
        "label_ja",
        "label_en",
        "unit",
        "polarity",
        "tags",
        "cities",
        "matches",
        "series",
        "definition",
    )


def unmatched_table(
    tables: Mapping[str, pl.DataFrame], registry: ConceptRegistry, cities: Sequence[str] | None = None
) -> pl.DataFrame:
    """Indicators and action targets that match no concept, each with the nearest concepts by name
    (rapidfuzz), as suggestions for the plugin's author: never applied.

    A concept is compared by its Japanese label and by the names of the indicators that do match it.
    """
    from rapidfuzz import fuzz, process

    aligned, _ = _aligned(comparable_rows(tables), registry)
    if cities:
        aligned = aligned.filter(pl.col("city").is_in(list(cities)))
    names: list[str] = []
    owners: list[str] = []
    for concept in registry.concepts.values():
        names.append(normalize(concept.label_ja))
        owners.append(concept.id)
    known = aligned.filter(pl.col("concept").is_not_null()).select("name", "concept")
    for row in known.unique(maintain_order=True).iter_rows():
        names.append(normalize(row[0]))
        owners.append(row[1])
    rows = []
    for unaligned in aligned.filter(pl.col("concept").is_null()).iter_rows(named=True):
        best: dict[str, float] = {}
        for _, score, k in process.extract(normalize(unaligned["name"]), names, scorer=fuzz.ratio, limit=12):
            best[owners[k]] = max(best.get(owners[k], 0.0), score)
        ranked = sorted(best.items(), key=lambda item: -item[1])[:3]
        rows.append(
            {
                "city": unaligned["city"],
                "name": unaligned["name"],
                "source": unaligned["source"],
                "suggestion": ranked[0][0] if ranked else None,
                "score": round(ranked[0][1], 1) if ranked else None,
                "suggestions": "; ".join(f"{cid} ({score:.0f})" for cid, score in ranked) or None,
                "document": unaligned["document"],
                "line": unaligned["line"],
            }
        )
    schema = {"city": _S, "name": _S, "source": _S, "suggestion": _S, "score": _F, "suggestions": _S,
              "document": _S, "line": _I}  # fmt: skip
    frame = pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
    return frame.sort("score", "city", descending=[True, False], nulls_last=True)

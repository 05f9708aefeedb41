"""Putting cities side by side: alignment to concepts, the metrics researchers use, and series.

Rows come from two tables: ``indicators`` (baseline → target) and ``targets`` (an action's numeric
target, with its result where reported). Each row is aligned to at most one concept
(:mod:`munigoals.concepts`). Metrics, all computed in Polars:

- ``years_spanned``: target year − baseline year (different years stay visible, never averaged away);
- ``change_per_year``: (target − baseline) / years spanned, in the indicator's unit;
- ``compound_pct_per_year``: ((target / baseline) ^ (1 / years) − 1) × 100, where both are positive;
- ``baseline_per_1000`` / ``target_per_1000``: for counts of people (unit 人), per 1,000 residents, from
  one population reference date shared by every city in the comparison (source and date in the row);
- ``headroom``: for ceiling targets (未満 ``<``, 以下 ``<=``), target − baseline: how far under the ceiling
  the baseline stands;
- ``progress_rate``: (actual − baseline) / (target − baseline), where an actual exists; the formula is
  sign-aware by construction (a lower-is-better indicator has both differences negative);
- ``grade``: **S** the target is reached (by its comparator); else, against the baseline and the
  concept's polarity: **A** better by more than 10 % of the baseline, **B** within ±10 %, **C** worse by
  more than 10 %; **−** cannot be judged (no actual, or no baseline while the target is not reached).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import polars as pl

from munigoals.concepts import ConceptRegistry
from munigoals.errors import MunigoalsError
from munigoals.model import PopulationFigure

__all__ = [
    "COMPARE_COLUMNS",
    "SERIES_COLUMNS",
    "choose_population",
    "compare_table",
    "concepts_table",
    "measures_table",
    "read_population_file",
    "series_table",
]

_S, _I, _F = pl.String, pl.Int64, pl.Float64

#: Columns of the comparison table, in order.
COMPARE_COLUMNS: dict[str, type[pl.DataType]] = {
    "concept": _S,
    "concept_label": _S,
    "concept_label_en": _S,
    "polarity": _S,
    "city": _S,
    "name": _S,
    "unit": _S,
    "match": _S,
    "note": _S,
    "source": _S,
    "baseline_value": _F,
    "baseline_year": _I,
    "target_value": _F,
    "target_year": _I,
    "target_comparator": _S,
    "actual_value": _F,
    "actual_year": _I,
    "years_spanned": _I,
    "change_per_year": _F,
    "compound_pct_per_year": _F,
    "population": _I,
    "population_date": _S,
    "population_source": _S,
    "baseline_per_1000": _F,
    "target_per_1000": _F,
    "headroom": _F,
    "progress_rate": _F,
    "grade": _S,
    "document": _S,
    "line": _I,
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
}


def measures_table(tables: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """Indicators and action targets as one frame of comparable rows (before alignment)."""
    ind = tables["indicators"].filter(pl.col("kind").is_null() | (pl.col("kind") != "observed"))
    from_indicators = ind.select(
        "city",
        "name",
        "unit",
        pl.lit("indicator").alias("source"),
        "baseline_value",
        "baseline_year",
        "target_value",
        "target_year",
        "target_comparator",
        pl.lit(None, dtype=_F).alias("actual_value"),
        pl.lit(None, dtype=_I).alias("actual_year"),
        pl.col("note").alias("row_note"),
        "document",
        "line",
    )
    tg = tables["targets"]
    from_targets = tg.select(
        "city",
        pl.col("item").alias("name"),
        "unit",
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
    )
    return pl.concat([from_indicators, from_targets], how="vertical_relaxed")


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


def read_population_file(path: Path) -> list[PopulationFigure]:
    """A population table: CSV with columns ``city, population, reference_date (YYYY-MM-DD), source``.

    Raises:
        MunigoalsError: for a missing file or a row that cannot be read, naming the row.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise MunigoalsError(f"{path}: cannot read the population table: {exc.strerror or exc}") from None
    figures = []
    for k, row in enumerate(rows, start=2):
        try:
            figures.append(
                PopulationFigure(
                    row["city"].strip(),
                    int(row["population"].replace(",", "")),
                    dt.date.fromisoformat(row["reference_date"].strip()),
                    row["source"].strip(),
                )
            )
        except (KeyError, ValueError, AttributeError, TypeError) as exc:
            raise MunigoalsError(
                f"{path}:{k}: population rows need city, population, "
                f"reference_date (YYYY-MM-DD), source ({exc})"
            ) from None
    return figures


def choose_population(
    figures: Iterable[PopulationFigure], cities: Sequence[str]
) -> tuple[dict[str, PopulationFigure], str | None]:
    """One reference date for every city: the latest date all of them have a figure for.

    Returns the figure per city and ``None``, or an empty mapping and why no date could be shared.
    """
    by_city: dict[str, dict[dt.date, PopulationFigure]] = {}
    for figure in figures:
        by_city.setdefault(figure.city, {})[figure.reference_date] = figure
    missing = [c for c in cities if c not in by_city]
    if missing:
        return {}, f"no population figure for {', '.join(missing)}"
    shared = set.intersection(*(set(by_city[c]) for c in cities)) if cities else set()
    if not shared:
        return {}, "the cities have no population figure for one shared reference date"
    date = max(shared)
    return {c: by_city[c][date] for c in cities}, None


def _metrics(frame: pl.DataFrame) -> pl.DataFrame:
    base, target, actual = pl.col("baseline_value"), pl.col("target_value"), pl.col("actual_value")
    years = pl.col("target_year") - pl.col("baseline_year")
    lower = pl.col("polarity") == "lower_is_better"
    cmp = pl.col("target_comparator")
    reached = (
        pl.when(cmp == ">=").then(actual >= target)
        .when(cmp == ">").then(actual > target)
        .when(cmp == "<=").then(actual <= target)
        .when(cmp == "<").then(actual < target)
        .when(lower).then(actual <= target)
        .otherwise(actual >= target)
    )  # fmt: skip
    relative = (actual - base) / base.abs()
    better = pl.when(lower).then(-relative).otherwise(relative)
    grade = (
        pl.when(actual.is_null() | target.is_null()).then(pl.lit("−"))
        .when(reached).then(pl.lit("S"))
        .when(base.is_null() | (base == 0)).then(pl.lit("−"))
        .when(better > 0.1).then(pl.lit("A"))
        .when(better >= -0.1).then(pl.lit("B"))
        .otherwise(pl.lit("C"))
    )  # fmt: skip
    positive = (base > 0) & (target > 0) & (years > 0)
    people = pl.col("unit") == "人"
    return frame.with_columns(
        years.alias("years_spanned"),
        pl.when(years > 0).then((target - base) / years).alias("change_per_year"),
        pl.when(positive).then(((target / base) ** (1 / years) - 1) * 100).alias("compound_pct_per_year"),
        pl.when(people).then(base / pl.col("population") * 1000).alias("baseline_per_1000"),
        pl.when(people).then(target / pl.col("population") * 1000).alias("target_per_1000"),
        pl.when(cmp.is_in(["<", "<="])).then(target - base).alias("headroom"),
        pl.when(actual.is_not_null() & (target != base))
        .then((actual - base) / (target - base))
        .alias("progress_rate"),
        grade.alias("grade"),
    )


def compare_table(
    tables: Mapping[str, pl.DataFrame],
    registry: ConceptRegistry,
    population: Iterable[PopulationFigure] = (),
    concepts: Sequence[str] | None = None,
    cities: Sequence[str] | None = None,
) -> tuple[pl.DataFrame, list[str]]:
    """The comparison: one row per aligned indicator or action target, with metrics.

    Without ``concepts``, every concept held by two or more cities. Returns the frame and warnings
    (alignment conflicts, population not shared).
    """
    for concept_id in concepts or ():
        registry[concept_id]  # an unknown concept is an error naming the known ones
    frame, warnings = _aligned(measures_table(tables), registry)
    frame = frame.filter(pl.col("concept").is_not_null())
    if cities:
        frame = frame.filter(pl.col("city").is_in(list(cities)))
    if concepts:
        frame = frame.filter(pl.col("concept").is_in(list(concepts)))
    else:
        shared = (
            frame.group_by("concept")
            .agg(pl.col("city").n_unique().alias("n"))
            .filter(pl.col("n") >= 2)["concept"]
        )
        frame = frame.filter(pl.col("concept").is_in(shared.to_list()))
    in_frame = sorted(set(frame["city"].to_list()))
    chosen, why = choose_population(population, in_frame)
    if why and in_frame and (frame["unit"] == "人").any():
        warnings.append(f"per-1,000 figures left empty: {why}")
    pop = pl.DataFrame(
        {
            "city": list(chosen),
            "population": [f.population for f in chosen.values()],
            "population_date": [f.reference_date.isoformat() for f in chosen.values()],
            "population_source": [f.source for f in chosen.values()],
        },
        schema={"city": _S, "population": _I, "population_date": _S, "population_source": _S},
    )
    frame = frame.join(pop, on="city", how="left")
    frame = frame.with_columns(
        pl.concat_str([pl.col("align_note"), pl.col("row_note")], separator=" / ", ignore_nulls=True).alias(
            "note"
        )
    )
    frame = _metrics(frame)
    order = list(registry.concepts)
    frame = frame.with_columns(
        pl.col("concept").replace_strict(order, list(range(len(order))), return_dtype=_I).alias("_order")
    ).sort("_order", "city", "source", "target_year", "line")
    return frame.select([pl.col(c).cast(t) for c, t in COMPARE_COLUMNS.items()]), warnings


def series_table(
    tables: Mapping[str, pl.DataFrame],
    registry: ConceptRegistry,
    concept: str,
    cities: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Every value a city's documents give for one concept, by fiscal year: observations, baselines,
    targets and actuals, each citing its document and line."""
    registry[concept]
    measures, _ = _aligned(measures_table(tables), registry)
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
                "document", "line",
            )
        )  # fmt: skip
    frame = pl.concat([p.cast({"fiscal_year": _I, "line": _I}) for p in parts], how="vertical_relaxed")
    if cities:
        frame = frame.filter(pl.col("city").is_in(list(cities)))
    frame = frame.with_columns(pl.lit(concept).alias("concept"))
    # a value whose year is not stated (a baseline "before the plan") comes first
    return frame.sort("city", "fiscal_year", "kind", nulls_last=False).select(
        [pl.col(c).cast(t) for c, t in SERIES_COLUMNS.items()]
    )


def concepts_table(tables: Mapping[str, pl.DataFrame], registry: ConceptRegistry) -> pl.DataFrame:
    """The registry, with the cities whose data hold each concept and how they match."""
    aligned, _ = _aligned(measures_table(tables), registry)
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
            "definition": c.definition,
        }
        for c in registry.concepts.values()
    ]
    frame = pl.DataFrame(rows).join(held, on="concept", how="left")
    return frame.select(
        "concept", "label_ja", "label_en", "unit", "polarity", "cities", "matches", "series", "definition"
    )

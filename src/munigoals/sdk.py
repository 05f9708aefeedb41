"""The plugin SDK: the one module a city plugin imports.

Everything a plugin needs to describe a city and read its documents is here, typed:

- :data:`hookimpl`, to mark the hook implementations: layouts written as code and readers of named
  block kinds (see :mod:`munigoals.hookspecs`; a city itself is a :class:`City` value, no hook);
- the model: :class:`Municipality`, :class:`Document`, :class:`Plan`, :class:`Policy`,
  :class:`Indicator`, :class:`ActorRole`, :class:`Action`, :class:`ActionTarget`, :class:`Section`,
  :class:`Span`, :class:`ParseIssue`, :class:`ParseResult`, :class:`PopulationFigure` and the enums;
- the quantity grammar: :class:`Quantity` and :class:`Target` with ``from_text``,
  :func:`find_quantities`, :func:`parse_number`, :func:`parse_value`, :func:`split_unit_from_name`,
  :func:`is_no_value`, cells written ``value [note] (year)`` (:meth:`Quantity.from_cell`,
  :func:`split_value_cell`, :func:`parts_note`), units, frequencies and comparators
  (:mod:`munigoals.quantities`);
- Japanese text: :func:`normalize`, :func:`parse_fiscal_year`, :func:`era_to_fiscal_year`,
  :func:`actor_group`, :func:`strip_glossary_marks` (:mod:`munigoals.japanese`);
- readers: :class:`Layout`, :class:`DocumentReader` (numbered lines, cells, spans, issues),
  :class:`Line` (with its Markdown heading ``level`` and ``heading``, and ``pipe_cells``),
  :func:`cell_items`, :func:`html_items`, :func:`sniff_head`;
- :class:`City`, a city as one value (``CITY = sdk.City(...)``); layout specs (:class:`LayoutSpec`,
  :func:`load_spec`, :class:`SpecError`, :data:`BlockReader` for named block kinds: :mod:`munigoals.specs`);
- :class:`ConceptMapping`, for what a city's indicators count;
- the one definition of met and of a target's kind: :func:`result_meets_target`, :func:`target_kind`
  (:mod:`munigoals.metrics`);
- progress reports (:mod:`munigoals.reports`), for sheets that set numeric targets and report on them:
  targets and their results (:func:`extract_targets`, :func:`targets_and_results`), every number a
  report or context cell states as an observation (:func:`stated_numbers`, :func:`reported_results`,
  :func:`word_results`, :class:`Tally`), statuses in words (:func:`word_statuses`), yearly series
  (:func:`observed_series`) and the cells they read (:func:`cell_text`, :func:`compact_text`,
  :func:`deadlines`, :data:`CIRCLED` marks and :func:`circled_number`); for a sheet whose report is
  printed over several lines or cut, :func:`report_pieces`, :func:`join_pieces` (a piece that goes on with
  the word before starts with :data:`GLUED`, one after a line not read with :data:`GAP`; :data:`CUT_END`
  finds a piece cut before its sentence ends), :func:`cut_bullets`,
  :func:`planned_in_items`, and :func:`count_numbers` / :func:`tally_note` for the run's count of
  numbers read and reported; what item cells say besides numbers (:mod:`munigoals.reports.items`):
  their ①② parts (:func:`split_by_circled`), the office doing the work (:func:`item_office`,
  :func:`named_by_office`), the item part a bare target stands under (:func:`named_by_item`), a
  goal's place in the plan (:func:`plan_position`) and bracketed baseline → target
  (:func:`arrow_indicators`);
- :func:`build_data`, to rebuild the data a plugin ships from its documents;
- :func:`lazy_compile`, for a module's patterns compiled on first use (a command that reads no
  document then pays nothing for them).

A plugin that imports anything else of munigoals is refused by the contract test kit
(:mod:`munigoals.testing`) and by the project's import-linter contract.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from munigoals.errors import MunigoalsError
from munigoals.japanese import (
    StatedYear,
    actor_group,
    era_to_fiscal_year,
    normalize,
    parse_era_date,
    parse_fiscal_year,
    parse_year,
    stated_direction,
    strip_glossary_marks,
)
from munigoals.layouts import SNIFF_CHARS, DocumentReader, Layout, Line, cell_items, html_items, sniff_head
from munigoals.metrics import result_meets_target, target_kind
from munigoals.model import (
    Action,
    ActionTarget,
    ActorRole,
    Comparator,
    Direction,
    Document,
    Frequency,
    Indicator,
    IndicatorKind,
    KnownDocument,
    Municipality,
    ParseIssue,
    ParseResult,
    PlaceKind,
    Plan,
    PlanKind,
    Policy,
    PopulationFigure,
    Provenance,
    Quantity,
    Section,
    SectionKind,
    Severity,
    Span,
    Target,
    ValueKind,
    YearKind,
    evolved,
    municipality_code_check_digit,
)
from munigoals.patterns import lazy_compile
from munigoals.plugins import hookimpl
from munigoals.quantities import (
    COUNT_UNITS,
    UNITS,
    Found,
    ValueCell,
    each_items,
    find_quantities,
    is_no_value,
    parse_comparator,
    parse_number,
    parse_value,
    parts_note,
    split_unit_from_name,
    split_value_cell,
)
from munigoals.registry import Concept, ConceptMapping
from munigoals.specs import BlockRead, BlockReader, City, LayoutSpec, SpecError, load_spec

if TYPE_CHECKING:  # read on first use (``__getattr__``): a plugin that reads no progress report pays nothing
    from munigoals.reports.cells import (
        CIRCLED,
        CIRCLED_START,
        cell_text,
        circled_number,
        compact_text,
        deadlines,
    )
    from munigoals.reports.items import (
        OFFICE,
        arrow_indicators,
        item_office,
        named_by_item,
        named_by_office,
        plan_position,
        split_by_circled,
    )
    from munigoals.reports.series import observed_series
    from munigoals.reports.stated import (
        CUT_END,
        GAP,
        GLUED,
        Tally,
        count_numbers,
        cut_bullets,
        join_pieces,
        planned_in_items,
        report_pieces,
        reported_results,
        stated_numbers,
        tally_note,
        word_results,
    )
    from munigoals.reports.statuses import word_deeds, word_statuses
    from munigoals.reports.targets import extract_targets, targets_and_results, unread_target_numbers

#: The progress-report names, each with the module of :mod:`munigoals.reports` it is read from.
_REPORTS = {
    **dict.fromkeys(
        ("CIRCLED", "CIRCLED_START", "cell_text", "circled_number", "compact_text", "deadlines"), "cells"
    ),
    **dict.fromkeys(
        ("OFFICE", "arrow_indicators", "item_office", "named_by_item", "named_by_office",
         "plan_position", "split_by_circled"),
        "items",
    ),
    "observed_series": "series",
    **dict.fromkeys(
        ("CUT_END", "GAP", "GLUED", "Tally", "count_numbers", "cut_bullets", "join_pieces",
         "planned_in_items", "report_pieces", "reported_results", "stated_numbers", "tally_note",
         "word_results"),
        "stated",
    ),
    "word_deeds": "statuses",
    "word_statuses": "statuses",
    "extract_targets": "targets",
    "targets_and_results": "targets",
    "unread_target_numbers": "targets",
}  # fmt: skip


def __getattr__(name: str) -> object:
    """The progress-report grammar (:mod:`munigoals.reports`), imported when a plugin first asks for a
    name of it: importing it costs every command that loads a city, and only sheets of targets use it."""
    module = _REPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"munigoals.reports.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "CIRCLED",
    "CIRCLED_START",
    "COUNT_UNITS",
    "CUT_END",
    "GAP",
    "GLUED",
    "OFFICE",
    "SNIFF_CHARS",
    "UNITS",
    "Action",
    "ActionTarget",
    "ActorRole",
    "BlockRead",
    "BlockReader",
    "City",
    "Comparator",
    "Concept",
    "ConceptMapping",
    "Direction",
    "Document",
    "DocumentReader",
    "Found",
    "Frequency",
    "Indicator",
    "IndicatorKind",
    "KnownDocument",
    "Layout",
    "LayoutSpec",
    "Line",
    "Municipality",
    "MunigoalsError",
    "ParseIssue",
    "ParseResult",
    "PlaceKind",
    "Plan",
    "PlanKind",
    "Policy",
    "PopulationFigure",
    "Provenance",
    "Quantity",
    "Section",
    "SectionKind",
    "Severity",
    "Span",
    "SpecError",
    "StatedYear",
    "Tally",
    "Target",
    "ValueCell",
    "ValueKind",
    "YearKind",
    "actor_group",
    "arrow_indicators",
    "build_data",
    "build_data_command",
    "cell_items",
    "cell_text",
    "circled_number",
    "compact_text",
    "count_numbers",
    "cut_bullets",
    "deadlines",
    "each_items",
    "era_to_fiscal_year",
    "evolved",
    "extract_targets",
    "find_quantities",
    "hookimpl",
    "html_items",
    "is_no_value",
    "item_office",
    "join_pieces",
    "lazy_compile",
    "load_spec",
    "municipality_code_check_digit",
    "named_by_item",
    "named_by_office",
    "normalize",
    "observed_series",
    "parse_comparator",
    "parse_era_date",
    "parse_fiscal_year",
    "parse_number",
    "parse_value",
    "parse_year",
    "parts_note",
    "plan_position",
    "planned_in_items",
    "report_pieces",
    "reported_results",
    "result_meets_target",
    "sniff_head",
    "split_by_circled",
    "split_unit_from_name",
    "split_value_cell",
    "stated_direction",
    "stated_numbers",
    "strip_glossary_marks",
    "tally_note",
    "target_kind",
    "targets_and_results",
    "unread_target_numbers",
    "word_deeds",
    "word_results",
    "word_statuses",
]


def build_data(plugin: ModuleType, sources: Sequence[Path], data_dir: Path) -> dict[str, int]:
    """Read ``sources`` with ``plugin`` alone and write the tables it ships into ``data_dir``.

    Only this plugin is registered, so what other installed plugins read cannot change a city's data.
    Returns the number of rows per table.

    Raises:
        MunigoalsError: for a document that cannot be read, or a plugin fault.
    """
    from munigoals.api import build_bundle

    name = plugin.__name__.removeprefix("munigoals_")
    tables = build_bundle(plugin, name, sources, data_dir)
    return {table: len(frame) for table, frame in tables.items()}


def build_data_command(
    plugin: ModuleType, sources: Sequence[str], data_dir: Path, argv: Sequence[str] | None = None
) -> int:
    """The body of a plugin's ``python -m munigoals_<city>.build_data [CORPUS_DIR]``: returns the exit
    status. The corpus folder is the first argument, else ``$MUNIGOALS_CORPUS``, else
    ``../shared/corpus``."""
    args = list(sys.argv[1:] if argv is None else argv)
    corpus = Path(args[0] if args else os.environ.get("MUNIGOALS_CORPUS", "../shared/corpus"))
    try:
        counts = build_data(plugin, [corpus / source for source in sources], data_dir)
    except MunigoalsError as exc:
        print(f"build_data: {exc}", file=sys.stderr)
        return 1
    print(", ".join(f"{rows} {table}" for table, rows in counts.items()), "->", data_dir)
    return 0

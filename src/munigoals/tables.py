"""Tables: the model flattened into Polars DataFrames with fixed, documented schemas.

Five tables, one row per fact, each row carrying ``document`` and ``line`` so it can be cited:

- ``policies``: one row per policy (施策, 節, priority goal).
- ``indicators``: one row per indicator with baseline and target.
- ``roles``: one row per statement of what an actor is expected to do.
- ``actions``: one row per action item of a priority goal.
- ``targets``: one row per numeric target of an action, with its result.
- ``observations``: one row per value a document reports for an indicator in a fiscal year (実績).
- ``measures``: one row per measure a plan will take (基本施策 items, 主な取組内容 items), under its heading.
- ``values``: one row per number a plan states (baselines, interim and final targets, actuals,
  projections, mid-year results) with its year and the kind of year: the long shape analysts and
  charts want, equal number for number to what the other tables hold.

``city`` is the plugin's slug (a municipality's or a prefecture's: ``place_kind``); ``document`` the
source file name; years are western years, fiscal (年度) unless a ``*_year_kind`` column says
``calendar`` (年) or ``date``.
For a PDF or a workbook, ``line`` is the line on its ``page`` (a sheet's row, with ``sheet``), so that a
row cites the published file.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from munigoals.errors import MunigoalsError
from munigoals.model import Document, Indicator, Plan, Quantity, SectionKind, Target, ValueKind
from munigoals.names import TABLE_NAMES
from munigoals.quantities import Comparator

#: The symbols older files wrote for comparators, to their codes.
_COMPARATOR_SYMBOLS = {
    symbol: code.value
    for code in Comparator
    for symbol in ("=", ">=", "<=", "<", ">", "≥", "≤", "≧", "≦", code.symbol)
    if Comparator.read(symbol) is code
}

__all__ = [
    "COLUMNS",
    "COLUMN_DOCS",
    "SCHEMAS",
    "TABLE_NAMES",
    "Rows",
    "build_tables",
    "bundle_rows",
    "cited_lines",
    "empty_table",
    "frame_of",
    "misfit",
    "read_bundle",
    "rows_of",
    "table_from_rows",
    "table_rows",
    "whole_number",
    "with_comparator_codes",
    "write_bundle",
]

if TYPE_CHECKING:
    import polars as pl

# Column types by the names of their Polars dtypes: the columns are known without importing Polars
# (``munigoals table`` prints bundled data without it); COLUMN_DOCS and SCHEMAS are the Polars forms.
_S, _I, _F, _B = "String", "Int64", "Float64", "Boolean"
_PAGE = (_I, "page of the published file (a PDF page; a sheet's position in its workbook); null for text")
_SHEET = (_S, "sheet the row stands on, for workbooks (line is then the row of the sheet)")

#: What a ``*_comparator`` column holds: letter codes, safe in every format (no cell starts a formula).
COMPARATOR_DOC = "eq ge le lt gt (none stated eq; 以上 ge, 以下・以内 le, 未満 lt, 超 gt)"

#: Column name -> (type: the name of its Polars dtype, description), per table. The order is the column
#: order. :data:`COLUMN_DOCS` is the same with the Polars dtypes.
COLUMNS: dict[str, dict[str, tuple[str, str]]] = {
    "policies": {
        "city": (_S, "city plugin slug (ueda, suzaka)"),
        "document": (_S, "source file name"),
        "plan": (_S, "plan title"),
        "fiscal_year": (_I, "first fiscal year the plan covers"),
        "policy_id": (_S, "policy id as the document writes it (35, 1-1-1, 1)"),
        "title": (_S, "policy title"),
        "parent": (_S, "levels above the policy, outermost first, joined by ' > '"),
        "department": (_S, "responsible department(s), where stated"),
        "priority": (_I, "優先順位, where stated"),
        "note": (_S, "how the policy was read, where its number or title is not printed beside it"),
        "line": (_I, "first line of the policy in the document"),
        "policy_code": (_S, "the policy's code where the document prints one apart from its id"),
        "place_kind": (_S, "municipality or prefecture"),
        "page": _PAGE,
        "sheet": _SHEET,
    },
    "indicators": {
        "city": (_S, "city plugin slug"),
        "city_code": (_S, "6-digit municipality code"),
        "document": (_S, "source file name"),
        "plan": (_S, "plan title"),
        "policy_id": (_S, "policy the indicator belongs to"),
        "policy_title": (_S, "title of that policy"),
        "name": (_S, "indicator name, NFKC, without unit bracket and footnote marks"),
        "kind": (_S, "outcome (成果指標), process (プロセス指標), observed (a reported series), where known"),
        "category": (_S, "指標の種類 (統計指標, 市民取組指標, 市民意識指標), where stated"),
        "unit": (_S, "unit (%, 人, 件 …)"),
        "baseline_value": (_F, "baseline (現状値・基準値); null where none is given"),
        "baseline_year": (_I, "fiscal year of the baseline"),
        "baseline_text": (_S, "baseline cell as written (NFKC)"),
        "target_value": (_F, "target (目標値); null where it is not one number"),
        "target_year": (_I, "fiscal year of the target"),
        "target_comparator": (_S, COMPARATOR_DOC),
        "target_text": (_S, "target cell as written (NFKC)"),
        "concept": (_S, "comparison concept id, where aligned"),
        "note": (_S, "footnotes and notes on the values, joined by ' / '"),
        "provenance": (
            _S,
            "stated (the document states the values) or derived (the reader derived them; see note)",
        ),
        "line": (_I, "first line of the indicator's row"),
        "place_kind": (_S, "municipality or prefecture"),
        "match": (_S, "exact, proxy or related: how well the indicator matches its concept"),
        "indicator_code": (_S, "the indicator's own number or code, as printed"),
        "policy_code": (_S, "the code of the policy the row names, as printed (主要施策コード 11102)"),
        "direction": (_S, "increase, decrease or keep, where the document states the way to go"),
        "baseline_year_kind": (_S, "fiscal (年度), calendar (年) or date: what baseline_year is"),
        "baseline_date": (_S, "the day the baseline is stated for (…月…日現在), ISO 8601, where given"),
        "target_year_kind": (_S, "fiscal (年度) or calendar (年): what target_year is"),
        "interim_target_value": (_F, "the interim target (中間目標, 目安値) nearest the final one"),
        "interim_target_year": (_I, "year of that interim target"),
        "interim_target_comparator": (_S, "its comparator: " + COMPARATOR_DOC),
        "interim_target_text": (_S, "that interim target as written (NFKC); all interim targets: values"),
        "page": _PAGE,
        "sheet": _SHEET,
        "last_line": (_I, "last line of the indicator's row (its cells may stand on several lines)"),
    },
    "roles": {
        "city": (_S, "city plugin slug"),
        "document": (_S, "source file name"),
        "policy_id": (_S, "policy the role belongs to"),
        "actor": (_S, "actor as written (市民, 自治会・活動団体など)"),
        "actor_group": (_S, "citizens, businesses, community_groups, educators, government or other"),
        "statement": (_S, "one expected role; null in bundled data, which ships no prose"),
        "line": (_I, "line of the actor's row"),
        "page": _PAGE,
        "sheet": _SHEET,
    },
    "actions": {
        "city": (_S, "city plugin slug"),
        "document": (_S, "source file name"),
        "fiscal_year": (_I, "fiscal year of the plan"),
        "goal_no": (_S, "goal number"),
        "goal_title": (_S, "goal title"),
        "action_no": (_I, "action number (1 for ①)"),
        "text": (_S, "取組項目"),
        "deadline": (_S, "期間・期限"),
        "target_text": (_S, "数値目標 as written"),
        "mid_report": (_S, "中間報告"),
        "final_report": (_S, "期末報告"),
        "line": (_I, "line of the action"),
        "last_line": (_I, "last line of the action's row (its heading and cells may stand on several lines)"),
        "page": _PAGE,
        "sheet": _SHEET,
        "text_line": (
            _I,
            "line of its text (取組項目), where the sheet prints it apart from the action's line",
        ),
    },
    "targets": {
        "city": (_S, "city plugin slug"),
        "document": (_S, "source file name"),
        "fiscal_year": (_I, "fiscal year of the plan"),
        "goal_no": (_S, "goal number"),
        "action_no": (_I, "action number"),
        "item": (_S, "what is counted"),
        "target_value": (_F, "target value (a range's lower bound)"),
        "target_value_max": (_F, "upper bound of a range such as 2～3回"),
        "unit": (_S, "unit"),
        "frequency": (
            _S,
            "per_week, per_month, per_two_months, per_year where the target is a rate; empty: a total",
        ),
        "target_comparator": (_S, COMPARATOR_DOC),
        "target_text": (
            _S,
            "the target as written (30品の増 is a change, not a level; 年7回程度, 約300人: approximate)",
        ),
        "target_kind": (
            _S,
            "level, ceiling, floor, or change (by how much, not a level: 30品の増, 1分野の追加, 10%削減, "
            "5件減)",
        ),
        "direction": (
            _S,
            "increase or decrease where the target's words after its number state the way (10件に削減, "
            "10%削減: decrease; 30品の増: increase); achieved is judged by it; empty: not stated",
        ),
        "actual_value": (_F, "year-end result (期末報告), where the report states it"),
        "actual_status": (
            _S,
            "reported, cancelled (中止・未実施・見送り), postponed (延期); empty: not stated",
        ),
        "mid_value": (_F, "mid-year result (中間報告), where stated"),
        "mid_status": (_S, "reported, cancelled, postponed; empty: not stated"),
        "actual_parts": (
            _S,
            "a year-end result stated in parts without a total (1回 + 4回): the parts, never summed",
        ),
        "mid_parts": (_S, "a mid-year result stated in parts without a total"),
        "achieved": (
            _B,
            "whether the target was met (munigoals.metrics, one definition); null where it cannot be judged "
            "(a result short of an approximate target: 6回 for 年7回程度)",
        ),
        "line": (_I, "line of the action"),
        "concept": (_S, "comparison concept id, where aligned"),
        "match": (_S, "exact, proxy or related: how well the target matches its concept"),
        "page": _PAGE,
        "sheet": _SHEET,
        "last_line": (_I, "last line of the lines the target and its results stand in"),
    },
    "observations": {
        "city": (_S, "city plugin slug"),
        "document": (_S, "source file name"),
        "policy_id": (_S, "policy the indicator belongs to"),
        "name": (_S, "indicator name"),
        "fiscal_year": (_I, "fiscal year the value refers to"),
        "value": (_F, "the reported value"),
        "unit": (_S, "unit"),
        "text": (_S, "the value as written (NFKC)"),
        "note": (_S, "what else the text says (as-of date …)"),
        "line": (_I, "line where the value stands"),
        "value_kind": (
            _S,
            "actual (実績), projection (見込: an estimate) or planned (予定): only actual is a result",
        ),
        "year_kind": (_S, "fiscal (年度), calendar (年) or date: what fiscal_year is"),
        "date": (_S, "the day the value is stated for (…月…日現在), ISO 8601, where given"),
        "kind": (
            _S,
            "result (a report states it was done), context (現況・課題, 目的・効果), plan (予定, 見込,"
            " 調整中, or what a context cell aims at: 200人とする, 45%に向上させる; not a result); empty: a"
            " reported series",
        ),
        "page": _PAGE,
        "sheet": _SHEET,
        "last_line": (_I, "last line of the row the value stands in"),
    },
    "measures": {
        "city": (_S, "city plugin slug"),
        "document": (_S, "source file name"),
        "plan": (_S, "plan title"),
        "fiscal_year": (_I, "first fiscal year the plan covers"),
        "policy_id": (_S, "policy the measure belongs to"),
        "heading": (_S, "the heading it stands under (基本施策, 主な取組内容 and its 取組項目)"),
        "text": (_S, "the measure; null in bundled data, which ships no prose"),
        "line": (_I, "line the measure starts on"),
        "page": _PAGE,
        "sheet": _SHEET,
    },
    "values": {
        "city": (_S, "place slug (a city plugin's: ueda, suzaka, or a prefecture's)"),
        "place_kind": (_S, "municipality or prefecture"),
        "city_code": (_S, "6-digit 全国地方公共団体コード"),
        "document": (_S, "source file name"),
        "policy_id": (_S, "policy (or goal number) the value belongs to"),
        "source": (_S, "indicator (an indicator's row) or action_target (a numeric target of an action)"),
        "indicator": (_S, "indicator name, or the item an action target counts"),
        "indicator_code": (_S, "the indicator's code as printed, where any"),
        "concept": (_S, "comparison concept id, where aligned"),
        "value_kind": (
            _S,
            "baseline, interim_target, target, actual, projection (見込), planned (予定), mid_year"
            " (中間報告), or actual_part / mid_year_part: a part of a result stated in parts without a total"
            " (never summed)",
        ),
        "year": (_I, "the year the value is for"),
        "year_kind": (_S, "fiscal (年度), calendar (年) or date (a stated day)"),
        "date": (_S, "the day the value is stated for (ISO 8601), where the document gives one"),
        "value": (_F, "the number (a range's lower bound); null where the cell states none"),
        "value_max": (_F, "a range's upper bound"),
        "unit": (_S, "unit"),
        "comparator": (_S, "for targets: " + COMPARATOR_DOC),
        "frequency": (
            _S,
            "the rate the value states (per_week: 週2回, twice a week; per_month …); empty: a total",
        ),
        "change": (
            _B,
            "true where the value is a change, not a level: one a target asks for (30品の増, 1分野の追加) "
            "or a result states (66人の削減, 6円減額; direction says which way)",
        ),
        "direction": (_S, "increase, decrease or keep, where the document states it"),
        "text": (_S, "the value as written (NFKC)"),
        "line": (_I, "line where the value's row stands"),
        "last_line": (_I, "last line of that row"),
        "page": _PAGE,
        "sheet": _SHEET,
    },
}

assert tuple(COLUMNS) == TABLE_NAMES, "munigoals.names.TABLE_NAMES lists the tables in order"

if TYPE_CHECKING:
    #: Column name -> (Polars dtype, description), per table (:data:`COLUMNS` with the dtypes).
    COLUMN_DOCS: dict[str, dict[str, tuple[type[pl.DataType], str]]]
    #: Table name -> Polars schema.
    SCHEMAS: dict[str, pl.Schema]


def _polars_forms() -> dict[str, Any]:
    """COLUMN_DOCS and SCHEMAS, made when first asked for (they import Polars)."""
    import polars as pl

    docs = {
        name: {col: (getattr(pl, dtype), doc) for col, (dtype, doc) in cols.items()}
        for name, cols in COLUMNS.items()
    }
    schemas = {
        name: pl.Schema({col: dtype for col, (dtype, _) in cols.items()}) for name, cols in docs.items()
    }
    globals().update(COLUMN_DOCS=docs, SCHEMAS=schemas)
    return {"COLUMN_DOCS": docs, "SCHEMAS": schemas}


def __getattr__(name: str) -> Any:
    if name in ("COLUMN_DOCS", "SCHEMAS"):
        return _polars_forms()[name]
    raise AttributeError(f"module 'munigoals.tables' has no attribute {name!r}")


def _schema(name: str) -> pl.Schema:
    schemas: dict[str, pl.Schema] = globals().get("SCHEMAS") or _polars_forms()["SCHEMAS"]
    return schemas[name]


def empty_table(name: str) -> pl.DataFrame:
    """An empty table with the schema of ``name``."""
    import polars as pl

    return pl.DataFrame(schema=_schema(name))


def table_from_rows(name: str, rows: Iterable[Mapping[str, object]]) -> pl.DataFrame:
    """Build table ``name`` from row mappings, in its schema (missing columns are null)."""
    import polars as pl

    schema = _schema(name)
    listed = rows if isinstance(rows, list) else list(rows)
    if not listed:
        return empty_table(name)
    # column by column: about twice as fast as Polars reading row mappings; not strict, so a value of
    # another type is cast as the row form casts it (a plugin's int policy id is "1")
    frame = pl.DataFrame(
        {col: [row.get(col) for row in listed] for col in schema}, schema=schema, strict=False
    )
    return with_comparator_codes(frame)


def with_comparator_codes(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with every ``*_comparator`` column in codes (``ge``), also where an older file
    wrote the symbols (``>=``, ``=``)."""
    import polars as pl

    columns = [c for c, dtype in frame.schema.items() if c.endswith("comparator") and dtype == pl.String]
    if not columns:
        return frame
    return frame.with_columns(pl.col(c).replace(_COMPARATOR_SYMBOLS).alias(c) for c in columns)


class Rows(NamedTuple):
    """A table as plain Python values, without Polars: what ``munigoals table`` prints bundled data from.

    Attributes:
        name: The table (``indicators`` …).
        columns: Its columns, in order.
        types: Each column's type, by the name of its Polars dtype (``String``, ``Int64``, ``Float64``,
            ``Boolean``).
        rows: One tuple of values a row, as :meth:`polars.DataFrame.rows` gives them.
    """

    name: str
    columns: tuple[str, ...]
    types: tuple[str, ...]
    rows: list[tuple[object, ...]]


def whole_number(value: object) -> int | None:
    """``value`` as the whole number an Int64 column holds as it is (an ``int``, or another integer
    type such as NumPy's); ``None`` for a bool, a float, a text or a number outside Int64."""
    if isinstance(value, bool):
        return None
    try:
        number = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        return None
    return number if -(2**63) <= number < 2**63 else None


#: Each table's Int64, Float64 and Boolean columns: what :func:`misfit` checks.
_TYPED: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    name: (
        tuple(c for c, (t, _) in columns.items() if t == _I),
        tuple(c for c, (t, _) in columns.items() if t == _F),
        tuple(c for c, (t, _) in columns.items() if t == _B),
    )
    for name, columns in COLUMNS.items()
}


def misfit(name: str, rows: Iterable[Mapping[str, object]]) -> str | None:
    """The first value of ``rows`` that a column of table ``name`` would change, said in words
    (``priority 2.7, which is no whole number``); ``None`` where every value is of its column's type.

    Building a table casts what it is given (:func:`table_from_rows` is not strict, so that a plugin's
    int policy id is the text ``"1"``); a number would be changed by that without a word: 2.7 cut to 2
    in an Int64 column, a text made null in a Float64 one. A reader's rows are checked with this before
    they become a table. String columns take any value: it is written as its text.
    """
    ints, floats, bools = _TYPED[name]
    for row in rows:
        for col in ints:
            value = row.get(col)
            if value is not None and whole_number(value) is None:
                return f"{col} {value!r}, which is no whole number"
        for col in floats:
            value = row.get(col)
            if value is not None and (type(value) is bool or not isinstance(value, (int, float))):
                return f"{col} {value!r}, which is no number"
        for col in bools:
            value = row.get(col)
            if value is not None and type(value) is not bool:
                return f"{col} {value!r}, which is neither true nor false"
    return None


def bundle_rows(directory: Path, name: str) -> Rows:
    """Table ``name`` of the bundle written by :func:`write_bundle` in ``directory``, as plain values in
    its schema (a missing file is an empty table; missing columns are null; comparators in codes).

    Raises:
        MunigoalsError: for a file that cannot be read or holds a value its column cannot.
    """
    columns = COLUMNS[name]
    names, types = tuple(columns), tuple(dtype for dtype, _ in columns.values())
    path = directory / f"{name}.jsonl"
    if not path.exists():
        return Rows(name, names, types, [])
    of = {dtype: [k for k, t in enumerate(types) if t == dtype] for dtype in (_S, _I, _F, _B)}
    comparators = [k for k in of[_S] if names[k].endswith("comparator")]
    accepted = {_S: str, _B: bool}
    rows: list[tuple[object, ...]] = []
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line:
                continue
            record = json.loads(line)
            if type(record) is not dict:
                raise ValueError(f"a line holds {type(record).__name__}, not an object")
            row = [record.get(col) for col in names]
            for dtype in (_S, _B):  # the values JSON gives are of exactly these types
                for k in of[dtype]:
                    if row[k] is not None and type(row[k]) is not accepted[dtype]:
                        raise ValueError(f"{names[k]}: {row[k]!r} is no {dtype} value")
            for k in of[_I]:
                if row[k] is not None and whole_number(row[k]) is None:
                    raise ValueError(f"{names[k]}: {row[k]!r} is no Int64 value")
            for k in of[_F]:
                value = row[k]
                if type(value) is int:  # an integer in a Float64 column is a float
                    row[k] = float(value)
                elif value is not None and type(value) is not float:
                    raise ValueError(f"{names[k]}: {value!r} is no Float64 value")
            for k in comparators:  # an older file's symbols, as codes
                if row[k] is not None:
                    row[k] = _COMPARATOR_SYMBOLS.get(str(row[k]), row[k])
            rows.append(tuple(row))
    except (OSError, ValueError) as exc:
        raise MunigoalsError(
            f"bundled data {path} cannot be read ({exc}); reinstall the city plugin"
        ) from exc
    return Rows(name, names, types, rows)


def frame_of(rows: Rows) -> pl.DataFrame:
    """``rows`` as a Polars frame in its schema."""
    import polars as pl

    schema = pl.Schema({col: getattr(pl, dtype) for col, dtype in zip(rows.columns, rows.types, strict=True)})
    return pl.DataFrame(rows.rows, schema=schema, orient="row")


def rows_of(name: str, frame: pl.DataFrame) -> Rows:
    """``frame`` as :class:`Rows` of table ``name`` (the inverse of :func:`frame_of`)."""
    return Rows(name, tuple(frame.columns), tuple(str(t) for t in frame.dtypes), frame.rows())


def _join(parts: Iterable[str | None]) -> str | None:
    kept = [p for p in parts if p]
    return " / ".join(dict.fromkeys(kept)) or None


def build_tables(plans: Iterable[Plan]) -> dict[str, pl.DataFrame]:
    """Flatten plans into the tables."""
    rows = table_rows(plans)
    return {name: table_from_rows(name, rows[name]) for name in TABLE_NAMES}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _year_kind(quantity: object) -> str | None:
    """A value's year kind, where it has a year."""
    year = getattr(quantity, "fiscal_year", None)
    return str(getattr(quantity, "year_kind", "fiscal")) if year is not None else None


def _indicator_values(ind: Indicator, common: Mapping[str, object]) -> list[dict[str, object]]:
    """The ``values`` rows of one indicator: every number its row states, one row each."""
    direction = str(ind.direction) if ind.direction else None
    out: list[dict[str, object]] = []
    for kind, quantity in ind.stated_values():
        out.append(
            {
                **common,
                "source": "indicator",
                "indicator": ind.name,
                "indicator_code": ind.code,
                "value_kind": str(kind),
                "year": quantity.fiscal_year,
                "year_kind": _year_kind(quantity),
                "date": _iso(getattr(quantity, "date", None)),
                "value": quantity.value,
                "value_max": quantity.value_max,
                "unit": quantity.unit or ind.unit,
                "comparator": str(quantity.comparator)
                if isinstance(quantity, Target) and quantity.value is not None
                else None,
                "frequency": str(quantity.frequency) if quantity.frequency else None,
                "change": quantity.change if isinstance(quantity, Target) else quantity.change or None,
                "direction": direction,
                "text": quantity.text,
                "line": ind.span.first_line,
                "last_line": ind.span.last_line,
            }
        )
    return out


def cited_lines(plans: Iterable[Plan]) -> Iterator[tuple[str, object]]:
    """Each line the rows of every table cite (:func:`table_rows`), with its table: read from the plans,
    so that a reader's lines can be checked whichever tables are made. Kept beside :func:`table_rows`:
    a column citing a line there is a line here."""
    for plan in plans:
        for policy in plan.policies:
            yield "policies", policy.span.first_line
            for ind in policy.indicators:
                yield from (("indicators", ind.span.first_line), ("indicators", ind.span.last_line))
            for section in policy.sections:
                yield "measures", section.span.first_line
                yield from (("measures", line) for line in section.item_lines)
            for role in policy.roles:
                yield "roles", role.span.first_line
            for action in policy.actions:
                yield from (("actions", action.span.first_line), ("actions", action.span.last_line))
                if action.text_line is not None:
                    yield "actions", action.text_line
                for at in action.targets:
                    span = at.span or action.span
                    yield from (("targets", span.first_line), ("targets", span.last_line))


def table_rows(
    plans: Iterable[Plan], only: Iterable[str] | None = None
) -> dict[str, list[dict[str, object]]]:
    """Flatten plans into rows (plain dicts) per table: cheap to send between processes. With
    ``only``, just those tables' rows are made (the others are empty): what a command that writes one
    table pays for."""
    rows: dict[str, list[dict[str, object]]] = {name: [] for name in TABLE_NAMES}
    want = set(TABLE_NAMES if only is None else only)
    policies, indicators, observations = "policies" in want, "indicators" in want, "observations" in want
    values, measures, roles = "values" in want, "measures" in want, "roles" in want
    actions, targets = "actions" in want, "targets" in want
    for plan in plans:
        city = plan.municipality.slug
        place_kind = str(plan.municipality.kind)
        doc = plan.document.id
        counts = {name: len(table) for name, table in rows.items()}
        for policy in plan.policies:
            if policies:
                rows["policies"].append(
                    {
                        "city": city,
                        "document": doc,
                        "plan": plan.title,
                        "fiscal_year": plan.fiscal_year,
                        "policy_id": policy.id,
                        "title": policy.title,
                        "parent": " > ".join(policy.parent) or None,
                        "department": policy.department,
                        "priority": policy.priority,
                        "note": policy.note,
                        "line": policy.span.first_line,
                        "policy_code": policy.code,
                        "place_kind": place_kind,
                    }
                )
            common = {
                "city": city,
                "place_kind": place_kind,
                "city_code": plan.municipality.code,
                "document": doc,
                "policy_id": policy.id,
            }
            for ind in policy.indicators:
                base, target = ind.baseline, ind.target
                interim = ind.interim_targets[-1] if ind.interim_targets else None
                if indicators:
                    rows["indicators"].append(
                        {
                            "city": city,
                            "city_code": plan.municipality.code,
                            "document": doc,
                            "plan": plan.title,
                            "policy_id": policy.id,
                            "policy_title": policy.title,
                            "name": ind.name,
                            "kind": str(ind.kind) if ind.kind else None,
                            "category": ind.category,
                            "unit": ind.unit,
                            "baseline_value": base.value if base else None,
                            "baseline_year": base.fiscal_year if base else None,
                            "baseline_text": base.text if base else None,
                            "target_value": target.value if target else None,
                            "target_year": target.fiscal_year if target else None,
                            # a comparator with no value (…の追加, a composite cell, 約30分以内): none
                            "target_comparator": str(target.comparator)
                            if target and target.value is not None
                            else None,
                            "target_text": target.text if target else None,
                            "concept": ind.concept,
                            "note": _join(
                                [
                                    *ind.footnotes,
                                    f"baseline: {base.note}" if base and base.note else None,
                                    f"target: {target.note}" if target and target.note else None,
                                ]
                            ),
                            "provenance": str(ind.provenance),
                            "line": ind.span.first_line,
                            "place_kind": place_kind,
                            "match": None,
                            "indicator_code": ind.code,
                            "policy_code": ind.policy_code or policy.code,
                            "direction": str(ind.direction) if ind.direction else None,
                            "baseline_year_kind": _year_kind(base),
                            "baseline_date": _iso(base.date) if base else None,
                            "target_year_kind": _year_kind(target),
                            "interim_target_value": interim.value if interim else None,
                            "interim_target_year": interim.fiscal_year if interim else None,
                            "interim_target_comparator": str(interim.comparator)
                            if interim and interim.value is not None
                            else None,
                            "interim_target_text": interim.text if interim else None,
                            "last_line": ind.span.last_line,
                        }
                    )
                if observations:
                    for value_kind, observed in (
                        *((ind.actual_kind, q) for q in ind.actuals),
                        *((ValueKind.PROJECTION, q) for q in ind.projections),
                    ):
                        rows["observations"].append(
                            {
                                "city": city,
                                "document": doc,
                                "policy_id": policy.id,
                                "name": ind.name,
                                "fiscal_year": observed.fiscal_year,
                                "value": observed.value,
                                "unit": observed.unit or ind.unit,
                                "text": observed.text,
                                "note": observed.note,
                                "line": ind.span.first_line,
                                "value_kind": str(value_kind),
                                "year_kind": _year_kind(observed),
                                "date": _iso(observed.date),
                                "kind": ind.observation_kind,
                                "last_line": ind.span.last_line,
                            }
                        )
                if values:
                    rows["values"].extend(_indicator_values(ind, common))
            if measures:
                for section in policy.sections:
                    if section.kind != SectionKind.MEASURES:
                        continue
                    for k, item in enumerate(section.items):
                        rows["measures"].append(
                            {
                                "city": city,
                                "document": doc,
                                "plan": plan.title,
                                "fiscal_year": plan.fiscal_year,
                                "policy_id": policy.id,
                                "heading": section.name,
                                "text": item,
                                "line": section.item_lines[k]
                                if k < len(section.item_lines)
                                else section.span.first_line,
                            }
                        )
            if roles:
                for role in policy.roles:
                    for statement in role.statements:
                        rows["roles"].append(
                            {
                                "city": city,
                                "document": doc,
                                "policy_id": policy.id,
                                "actor": role.actor,
                                "actor_group": role.actor_group,
                                "statement": statement,
                                "line": role.span.first_line,
                            }
                        )
            for action in policy.actions:
                if actions:
                    rows["actions"].append(
                        {
                            "city": city,
                            "document": doc,
                            "fiscal_year": plan.fiscal_year,
                            "goal_no": policy.id,
                            "goal_title": policy.title,
                            "action_no": action.number,
                            "text": action.text,
                            "deadline": action.deadline,
                            "target_text": action.target_text,
                            "mid_report": action.mid_report,
                            "final_report": action.final_report,
                            "line": action.span.first_line,
                            "last_line": action.span.last_line,
                            "text_line": action.text_line,
                        }
                    )
                for at in action.targets:
                    line = (at.span or action.span).first_line
                    if targets:
                        rows["targets"].append(
                            {
                                "city": city,
                                "document": doc,
                                "fiscal_year": plan.fiscal_year,
                                "goal_no": policy.id,
                                "action_no": action.number,
                                "item": at.item,
                                "target_value": at.target.value,
                                "target_value_max": at.target.value_max,
                                "unit": at.target.unit,
                                "frequency": str(at.target.frequency) if at.target.frequency else None,
                                "target_comparator": str(at.target.comparator),
                                "target_text": at.target.text,
                                "target_kind": at.kind,
                                "direction": str(at.direction) if at.direction else None,
                                "actual_value": at.actual.value if at.actual else None,
                                "actual_status": at.actual_status,
                                "mid_value": at.mid.value if at.mid else None,
                                "mid_status": at.mid_status,
                                "actual_parts": " + ".join(q.text for q in at.parts) or None,
                                "mid_parts": " + ".join(q.text for q in at.mid_parts) or None,
                                "achieved": at.achieved,
                                "line": line,
                                "last_line": (at.span or action.span).last_line,
                            }
                        )
                    if values:
                        stated: list[tuple[ValueKind, Quantity | Target]] = [(ValueKind.TARGET, at.target)]
                        if at.actual is not None and at.actual.value is not None:
                            stated.append((ValueKind.ACTUAL, at.actual))
                        if at.mid is not None and at.mid.value is not None:
                            stated.append((ValueKind.MID_YEAR, at.mid))
                        stated.extend((ValueKind.ACTUAL_PART, q) for q in at.parts)  # each part: never summed
                        stated.extend((ValueKind.MID_YEAR_PART, q) for q in at.mid_parts)
                        for value_kind, quantity in stated:
                            rows["values"].append(
                                {
                                    **common,
                                    "source": "action_target",
                                    "indicator": at.item,
                                    "value_kind": str(value_kind),
                                    # an action's target and results are for the plan's fiscal year
                                    "year": quantity.fiscal_year or plan.fiscal_year,
                                    "year_kind": "fiscal"
                                    if (quantity.fiscal_year or plan.fiscal_year)
                                    else None,
                                    "value": quantity.value,
                                    "value_max": quantity.value_max,
                                    "unit": quantity.unit or at.target.unit,
                                    "comparator": str(at.target.comparator)
                                    if value_kind == ValueKind.TARGET
                                    else None,
                                    "frequency": str(quantity.frequency) if quantity.frequency else None,
                                    "change": at.target.change if value_kind == ValueKind.TARGET else None,
                                    "date": _iso(getattr(quantity, "date", None)),
                                    "text": quantity.text,
                                    "line": line,
                                    "last_line": (at.span or action.span).last_line,
                                }
                            )
        if plan.document.pages:
            for name, table in rows.items():
                _place(table[counts[name] :], plan.document)
    return rows


def _place(rows: list[dict[str, object]], document: Document) -> None:
    """Lines of the text become lines on a page (rows of a sheet), with the page and sheet."""
    for row in rows:
        page, row["line"], row["sheet"] = document.place(int(row["line"]))  # type: ignore[call-overload]
        row["page"] = page
        if row.get("last_line") is not None:  # on the same page, else past it: not one page's line
            last_page, last, _ = document.place(int(row["last_line"]))  # type: ignore[call-overload]
            row["last_line"] = last if last_page == page else None
        if row.get("text_line") is not None:
            row["text_line"] = document.place(int(row["text_line"]))[1]  # type: ignore[call-overload]


#: Columns that hold prose from the documents: bundled data leaves them empty.
PROSE_COLUMNS: dict[str, tuple[str, ...]] = {
    "roles": ("statement",),
    "actions": ("text", "mid_report", "final_report"),
    "measures": ("text",),
}


#: Columns whose notes may quote the document at length: bundled data keeps their first characters.
CAPPED_COLUMNS: dict[str, tuple[str, ...]] = {"indicators": ("note",)}
NOTE_CAP = 60


def write_bundle(tables: Mapping[str, pl.DataFrame], directory: Path) -> None:
    """Write tables as ``<table>.jsonl`` files (one row a line) for shipping: facts only, so prose
    columns are emptied and long notes cut to their first characters (the line says where the rest is)."""
    import polars as pl

    directory.mkdir(parents=True, exist_ok=True)
    for name in TABLE_NAMES:
        frame = tables.get(name, empty_table(name))
        prose = [c for c in PROSE_COLUMNS.get(name, ()) if c in frame.columns]
        if prose:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in prose)
        for col in CAPPED_COLUMNS.get(name, ()):
            capped = pl.col(col).str.slice(0, NOTE_CAP)
            frame = frame.with_columns(
                pl.when(pl.col(col).str.len_chars() > NOTE_CAP)
                .then(capped + "…")
                .otherwise(pl.col(col))
                .alias(col)
            )
        lines = [json.dumps(row, ensure_ascii=False) for row in frame.iter_rows(named=True)]
        (directory / f"{name}.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def read_bundle(directory: Path) -> dict[str, pl.DataFrame]:
    """Read tables written by :func:`write_bundle` (a missing file is an empty table; see
    :func:`bundle_rows`)."""
    return {name: frame_of(bundle_rows(directory, name)) for name in TABLE_NAMES}

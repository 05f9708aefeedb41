"""Tables: the model flattened into Polars DataFrames with fixed, documented schemas.

Five tables, one row per fact, each row carrying ``document`` and ``line`` so it can be cited:

- ``policies``: one row per policy (施策, 節, priority goal).
- ``indicators``: one row per indicator with baseline and target.
- ``roles``: one row per statement of what an actor is expected to do.
- ``actions``: one row per action item of a priority goal.
- ``targets``: one row per numeric target of an action, with its result.
- ``observations``: one row per value a document reports for an indicator in a fiscal year (実績).
- ``measures``: one row per measure a plan will take (基本施策 items, 主な取組内容 items), under its heading.

``city`` is the plugin's slug; ``document`` the source file name; years are western fiscal years.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import polars as pl

from munigoals.errors import MunigoalsError
from munigoals.model import Plan, SectionKind
from munigoals.names import TABLE_NAMES

__all__ = [
    "COLUMN_DOCS",
    "SCHEMAS",
    "TABLE_NAMES",
    "build_tables",
    "empty_table",
    "read_bundle",
    "table_from_rows",
    "table_rows",
    "write_bundle",
]

_S, _I, _F, _B = pl.String, pl.Int64, pl.Float64, pl.Boolean

#: Column name -> (dtype, description), per table. The order is the column order.
COLUMN_DOCS: dict[str, dict[str, tuple[type[pl.DataType], str]]] = {
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
        "target_comparator": (_S, "= >= <= < > (以上 >=, 以下 <=, 未満 <, 超 >)"),
        "target_text": (_S, "target cell as written (NFKC)"),
        "concept": (_S, "comparison concept id, where aligned"),
        "note": (_S, "footnotes and notes on the values, joined by ' / '"),
        "provenance": (
            _S,
            "stated (the document states the values) or derived (the reader derived them; see note)",
        ),
        "line": (_I, "first line of the indicator's row"),
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
        "target_comparator": (_S, "= >= <= < > (以上 >=, 以下・以内 <=, 未満 <, 超 >)"),
        "target_text": (_S, "the target as written (30品の増 is a change, not a level)"),
        "actual_value": (_F, "year-end result (期末報告), where the report states it"),
        "actual_status": (
            _S,
            "reported, cancelled (中止・未実施・見送り), postponed (延期); empty: not stated",
        ),
        "mid_value": (_F, "mid-year result (中間報告), where stated"),
        "mid_status": (_S, "reported, cancelled, postponed; empty: not stated"),
        "achieved": (_B, "whether the target was met; null where it cannot be judged"),
        "line": (_I, "line of the action"),
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
    },
}

#: Table name -> Polars schema.
SCHEMAS: dict[str, pl.Schema] = {
    name: pl.Schema({col: dtype for col, (dtype, _) in cols.items()}) for name, cols in COLUMN_DOCS.items()
}
assert tuple(SCHEMAS) == TABLE_NAMES, "munigoals.names.TABLE_NAMES lists the tables in order"


def empty_table(name: str) -> pl.DataFrame:
    """An empty table with the schema of ``name``."""
    return pl.DataFrame(schema=SCHEMAS[name])


def table_from_rows(name: str, rows: Iterable[Mapping[str, object]]) -> pl.DataFrame:
    """Build table ``name`` from row mappings, in its schema (missing columns are null)."""
    schema = SCHEMAS[name]
    materialised = [{col: row.get(col) for col in schema} for row in rows]
    return pl.DataFrame(materialised, schema=schema, orient="row") if materialised else empty_table(name)


def _join(parts: Iterable[str | None]) -> str | None:
    kept = [p for p in parts if p]
    return " / ".join(dict.fromkeys(kept)) or None


def build_tables(plans: Iterable[Plan]) -> dict[str, pl.DataFrame]:
    """Flatten plans into the tables."""
    rows = table_rows(plans)
    return {name: table_from_rows(name, rows[name]) for name in TABLE_NAMES}


def table_rows(plans: Iterable[Plan]) -> dict[str, list[dict[str, object]]]:
    """Flatten plans into rows (plain dicts) per table: cheap to send between processes."""
    rows: dict[str, list[dict[str, object]]] = {name: [] for name in TABLE_NAMES}
    for plan in plans:
        city = plan.municipality.slug
        doc = plan.document.id
        for policy in plan.policies:
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
                }
            )
            for ind in policy.indicators:
                base, target = ind.baseline, ind.target
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
                        "target_comparator": str(target.comparator) if target else None,
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
                        "last_line": ind.span.last_line,
                    }
                )
                for actual in ind.actuals:
                    rows["observations"].append(
                        {
                            "city": city,
                            "document": doc,
                            "policy_id": policy.id,
                            "name": ind.name,
                            "fiscal_year": actual.fiscal_year,
                            "value": actual.value,
                            "unit": actual.unit or ind.unit,
                            "text": actual.text,
                            "note": actual.note,
                            "line": ind.span.first_line,
                            "last_line": ind.span.last_line,
                        }
                    )
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
                        "text_line": action.text_line,
                    }
                )
                for at in action.targets:
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
                            "actual_value": at.actual.value if at.actual else None,
                            "actual_status": at.actual_status,
                            "mid_value": at.mid.value if at.mid else None,
                            "mid_status": at.mid_status,
                            "achieved": at.achieved,
                            "line": (at.span or action.span).first_line,
                            "last_line": (at.span or action.span).last_line,
                        }
                    )
    return rows


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
    """Read tables written by :func:`write_bundle` (a missing file is an empty table)."""
    tables: dict[str, pl.DataFrame] = {}
    for name in TABLE_NAMES:
        path = directory / f"{name}.jsonl"
        if not path.exists():
            tables[name] = empty_table(name)
            continue
        try:
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        except (OSError, ValueError) as exc:
            raise MunigoalsError(
                f"bundled data {path} cannot be read ({exc}); reinstall the city plugin"
            ) from exc
        tables[name] = table_from_rows(name, rows)
    return tables

"""Names the command line needs before anything heavy is loaded (``munigoals --help`` stays fast).

The tables, output formats and chart kinds are defined here once; :mod:`munigoals.tables`,
:mod:`munigoals.output` and :mod:`munigoals.charts` use these names.
"""

from __future__ import annotations

__all__ = ["CHART_KINDS", "OUTPUT_FORMATS", "TABLE_NAMES"]

#: The tables, in order (columns in :data:`munigoals.tables.COLUMN_DOCS`).
TABLE_NAMES = (
    "policies", "indicators", "roles", "actions", "targets", "observations", "measures", "values",
)  # fmt: skip
#: Output formats of tables.
OUTPUT_FORMATS = ("table", "csv", "xlsx", "json", "jsonl", "parquet")
#: Chart kinds (see :mod:`munigoals.charts`).
CHART_KINDS = ("dumbbell", "ambition", "progress", "roles", "series")

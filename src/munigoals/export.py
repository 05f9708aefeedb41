"""Writing tables where researchers open them: a terminal table, CSV for Excel, JSON, JSON Lines, Parquet.

Files are written to a temporary file beside the target and renamed into place, so a failure never
leaves a half-written file.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from munigoals.errors import MunigoalsError
from munigoals.names import OUTPUT_FORMATS

__all__ = ["render", "write_atomic", "write_table"]


#: Columns shown by the terminal ``table`` format, per table (other formats carry every column).
TERMINAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "policies": ("city", "policy_id", "title", "parent", "department", "priority", "document", "line"),
    "indicators": (
        "city",
        "policy_id",
        "name",
        "unit",
        "baseline_value",
        "baseline_year",
        "target_comparator",
        "target_value",
        "target_year",
        "document",
        "line",
    ),
    "roles": ("city", "policy_id", "actor", "actor_group", "statement", "document", "line"),
    "actions": ("city", "fiscal_year", "goal_no", "action_no", "text", "deadline", "target_text", "line"),
    "targets": (
        "city",
        "fiscal_year",
        "goal_no",
        "action_no",
        "item",
        "target_comparator",
        "target_value",
        "unit",
        "actual_value",
        "achieved",
        "line",
    ),
    "observations": ("city", "policy_id", "name", "fiscal_year", "value", "unit", "note", "document", "line"),
    "compare": ("concept", "city", "name", "match", "baseline", "target", "per_year", "actual", "grade"),
    "series": ("city", "fiscal_year", "value", "unit", "kind", "name", "match", "document", "line"),
    "concepts": ("concept", "label_ja", "unit", "polarity", "cities", "matches"),
}


def _finite_rows(frame: pl.DataFrame) -> Iterator[dict[str, object]]:
    """Rows with NaN and infinite floats as null: JSON has no such numbers (strict JSON out)."""
    floats = [name for name, dtype in frame.schema.items() if dtype.is_float()]
    if floats:
        frame = frame.with_columns(
            pl.when(pl.col(c).is_finite()).then(pl.col(c)).otherwise(None).alias(c) for c in floats
        )
    yield from frame.iter_rows(named=True)


def render(frame: pl.DataFrame, fmt: str, table: str | None = None, footer: str = "") -> bytes:
    """The bytes of ``frame`` in format ``fmt``.

    ``table`` is for reading in a terminal: the main columns of table ``table`` (see
    :data:`TERMINAL_COLUMNS`). ``csv`` is UTF-8 with a BOM so that Excel shows Japanese; ``json`` is one
    array of row objects.
    """
    if fmt == "table":
        columns = [c for c in TERMINAL_COLUMNS.get(table or "", frame.columns) if c in frame.columns]
        shown = frame.select(columns) if columns else frame
        # at most three decimals on screen (0.581 stays, 73.333… becomes 73.333); files keep every digit
        shown = shown.with_columns(pl.col(pl.Float64).round(3))
        width = shutil.get_terminal_size((200, 40)).columns
        with pl.Config(
            tbl_rows=-1,
            tbl_cols=-1,
            fmt_str_lengths=80,
            tbl_width_chars=max(width, 120),
            tbl_hide_dataframe_shape=True,
            tbl_hide_column_data_types=True,
            tbl_formatting="UTF8_FULL_CONDENSED",
            float_precision=None,
            set_fmt_float="full",
        ):
            text = str(shown)
        hidden = len(frame.columns) - len(shown.columns)
        summary = f"{len(frame)} row(s)" + (
            f"; {hidden} more column(s) with --format csv/json/parquet" if hidden else ""
        )
        return (text + "\n" + summary + "\n" + footer).encode("utf-8")
    if fmt == "csv":
        return b"\xef\xbb\xbf" + frame.write_csv().encode("utf-8")
    if fmt == "json":
        rows = list(_finite_rows(frame))
        return (json.dumps(rows, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")
    if fmt == "jsonl":
        return "".join(
            json.dumps(r, ensure_ascii=False, allow_nan=False) + "\n" for r in _finite_rows(frame)
        ).encode()
    if fmt == "parquet":
        buffer = io.BytesIO()
        frame.write_parquet(buffer)
        return buffer.getvalue()
    raise MunigoalsError(f"unknown format {fmt!r}; choose one of {', '.join(OUTPUT_FORMATS)}", exit_code=2)


def write_atomic(data: bytes, path: Path) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Raises:
        MunigoalsError: when the folder does not exist or cannot be written.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise MunigoalsError(f"cannot write {path}: folder {folder} does not exist")
    if path.is_dir():
        raise MunigoalsError(f"cannot write {path}: it is a folder; name a file")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise MunigoalsError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; a result file is not
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise MunigoalsError(f"cannot write {path}: {exc.strerror or exc}") from None


def write_table(
    frame: pl.DataFrame, fmt: str, output: Path | None, table: str | None = None, footer: str = ""
) -> None:
    """Write ``frame`` in ``fmt`` to ``output``, or to standard output when ``output`` is ``None``."""
    if output is None and fmt == "parquet":
        raise MunigoalsError("parquet is binary: name a file with -o FILE.parquet", exit_code=2)
    data = render(frame, fmt, table, footer)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomic(data, output)

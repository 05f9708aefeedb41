"""Writing tables where researchers open them: a terminal table, CSV and xlsx for spreadsheets, JSON,
JSON Lines, Parquet — and never over anything that must not be replaced.

One writer for every output (tables, charts, streamed Parquet): :func:`output_path` checks the target
before any work is done, and the bytes go to a temporary file in the same folder, are flushed to disk
(fsync) and renamed into place, keeping the existing file's permissions; the old file survives any
failure. A target is refused (one line, exit 1) when it is one of the documents read, a folder, not a
regular file (a device such as ``/dev/null``, a FIFO, a socket) or read-only. A symlink is written
through: its target file is replaced and the link stays.

Spreadsheets: a CSV text cell that would start a formula in Excel or LibreOffice (``=``, ``+``, ``-``,
``@``, tab, CR, and their full-width forms) gets a leading ``'``, as OWASP advises; comparators are
letter codes everywhere (``eq``, ``ge``, ``lt`` …), so that none is read as a formula. ``raw=True``
(``--raw``) writes cells as they are. ``xlsx`` writes ids as text and numbers as numbers and never
turns text into a formula. JSON, Parquet and the Python API always keep the raw values.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import shutil
import stat
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from munigoals.errors import MunigoalsError
from munigoals.names import OUTPUT_FORMATS
from munigoals.tables import Rows, frame_of
from munigoals.terminal import display_path, printable

if TYPE_CHECKING:  # Polars is imported where a format needs it: the terminal table and JSON do not
    import polars as pl

__all__ = [
    "ParquetSink",
    "commit_file",
    "compare_display",
    "compare_footer",
    "neutralise_for_spreadsheets",
    "output_format",
    "output_path",
    "render",
    "text_table",
    "wrap_to_width",
    "write_atomic",
    "write_table",
]

#: What starts a formula in a spreadsheet cell (full-width forms too: some spreadsheets fold them).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
#: Binary formats: they need ``-o FILE``.
BINARY_FORMATS = ("parquet", "xlsx")
#: The one rule for ``-o FILE``: its suffix chooses the format (``.txt`` is the terminal table).
SUFFIX_FORMATS = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".txt": "table",
}


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
    "measures": ("city", "policy_id", "heading", "text", "line"),
    "values": ("city", "indicator", "value_kind", "year", "year_kind", "value", "unit", "comparator", "line"),
    "compare": ("city", "name", "match", "baseline", "target", "per_year", "actual", "grade"),
    "series": ("city", "fiscal_year", "value", "unit", "kind", "name", "match", "document", "line"),
    "concepts": ("concept", "label_ja", "unit", "polarity", "tags", "cities", "matches"),
    "unmatched": ("city", "name", "suggestion", "score", "document", "line"),
}


def _plain(
    data: pl.DataFrame | Rows, wanted: Sequence[str] | None = None
) -> tuple[list[str], list[bool], list[tuple[object, ...]]]:
    """A frame's or :class:`~munigoals.tables.Rows`' columns (``wanted`` of them, in that order, where
    given), whether each is numeric, and the rows as Python values: what the terminal table and JSON
    are written from, whichever the data came as."""
    if isinstance(data, Rows):
        names = list(data.columns)
        picked = [names.index(c) for c in wanted] if wanted is not None else list(range(len(names)))
        numeric = [data.types[k] in ("Int64", "Float64") for k in picked]
        rows = data.rows if wanted is None else [tuple(row[k] for k in picked) for row in data.rows]
        return [names[k] for k in picked], numeric, rows
    frame = data.select(wanted) if wanted is not None else data
    return frame.columns, [dtype.is_numeric() for dtype in frame.schema.values()], frame.rows()


def _finite_rows(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[dict[str, object]]:
    """Rows as objects, with NaN and infinite floats as null: JSON has no such numbers (strict JSON out)."""
    for row in rows:
        yield {
            col: None if isinstance(value, float) and not math.isfinite(value) else value
            for col, value in zip(columns, row, strict=True)
        }


def neutralise_for_spreadsheets(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells that would start a formula get a leading ``'``; comparators are their codes (``ge``),
    also in a frame that still holds the symbols of an older file."""
    import polars as pl

    texts = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not texts:
        return frame
    from munigoals.tables import with_comparator_codes

    frame = with_comparator_codes(frame)
    starts = list(FORMULA_STARTS)
    return frame.with_columns(
        pl.when(pl.col(c).str.slice(0, 1).is_in(starts))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in texts
    )


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (Japanese) characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, with … where it was cut."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def wrap_to_width(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` columns (at spaces where it can)."""
    lines: list[str] = []
    current, used = "", 0  # the line so far, and the columns it takes
    for word in text.split(" "):
        taken = display_width(word)
        if (used + 1 + taken if current else taken) <= width:
            current, used = (f"{current} {word}", used + 1 + taken) if current else (word, taken)
            continue
        if current:
            lines.append(current)
        while taken > width:  # a word wider than the line: break it
            piece = _cut(word, width + 1)[:-1] if width > 1 else word[:1]
            piece = piece or word[:1]
            lines.append(piece)
            word = word[len(piece) :]
            taken = display_width(word)
        current, used = word, taken
    lines.append(current)
    return lines


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else f"{value:g}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return printable(str(value)).replace("\n", " ")


def text_table(
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    width: int,
    keep: Iterable[str] = (),
    numeric: Sequence[bool] = (),
) -> str:
    """A table of ``rows`` (Python values, one sequence a row) under ``columns``, for a terminal of
    ``width`` columns: the one terminal table of every command. Numbers are never cut: ``numeric``
    columns (right-aligned), and the text columns named in ``keep`` (a formatted baseline such as
    ``9560人 (2019)``), keep their words whole; other text columns are wrapped onto more lines until
    the table fits. Control characters from documents are escaped."""
    names = list(columns)
    kept = set(keep)
    numeric = list(numeric) or [False] * len(names)
    body = [[_cell(v) for v in row] for row in rows]
    cells = [list(column) for column in zip(*body, strict=True)] if body else [[] for _ in names]
    widths = [
        max([display_width(n), *(display_width(c) for c in col)]) for n, col in zip(names, cells, strict=True)
    ]
    floor = []
    for name, num, col in zip(names, numeric, cells, strict=True):
        if num:
            floor.append(max(display_width(c) for c in [name, *col]))
        elif name in kept:
            floor.append(max([4, *(display_width(w) for c in col for w in c.split(" "))]))
        else:
            floor.append(4)
    gap = 2 if sum(widths) + 2 * (len(widths) - 1) <= width or width >= 120 else 1
    floor = [min(f, 10) if not numeric[k] and names[k] not in kept else f for k, f in enumerate(floor)]
    floor = [
        max(f, min(widths[k], 10)) if not numeric[k] and names[k] not in kept else f
        for k, f in enumerate(floor)
    ]
    while sum(widths) + gap * (len(widths) - 1) > width:
        shrinkable = [k for k in range(len(widths)) if widths[k] > floor[k]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda k: widths[k] - floor[k])
        widths[widest] -= 1

    def lines_of(values: list[str]) -> list[str]:
        wrapped = [wrap_to_width(value, widths[k]) for k, value in enumerate(values)]
        height = max(len(w) for w in wrapped)
        lines = []
        for i in range(height):
            parts = []
            for k, column in enumerate(wrapped):
                text = column[i] if i < len(column) else ""
                pad = " " * max(widths[k] - display_width(text), 0)
                parts.append(pad + text if numeric[k] else text + pad)
            lines.append((" " * gap).join(parts).rstrip())
        return lines

    out = lines_of(names)
    out.append((" " * gap).join("─" * w for w in widths))
    for row in body:
        out.extend(lines_of(row))
    return "\n".join(out)


#: Text columns of the terminal tables that hold numbers: their words are never cut.
NUMBER_TEXT_COLUMNS = ("baseline", "target", "per_year", "actual", "grade")


def render(
    data: pl.DataFrame | Rows, fmt: str, table: str | None = None, footer: str = "", *, raw: bool = False
) -> bytes:
    """The bytes of ``data`` (a frame, or :class:`~munigoals.tables.Rows`) in format ``fmt``.

    ``table`` is for reading in a terminal: the main columns of table ``table`` (see
    :data:`TERMINAL_COLUMNS`), control characters escaped. ``csv`` is UTF-8 with a BOM so that Excel
    shows Japanese, with formula-like cells neutralised unless ``raw``; ``xlsx`` a workbook of one
    sheet; ``json`` one array of row objects (strict JSON: no NaN). The terminal table and JSON are
    written from Python values, without Polars; the other formats by Polars.
    """
    if fmt == "table":
        every = list(data.columns)
        wanted = [c for c in TERMINAL_COLUMNS.get(table or "", every) if c in every] or every
        columns, numeric, rows = _plain(data, wanted)
        width = shutil.get_terminal_size((200, 40)).columns
        text = text_table(columns, rows, width, keep=NUMBER_TEXT_COLUMNS, numeric=numeric)
        hidden = len(every) - len(columns)
        summary = f"{len(rows)} row(s)" + (
            f"; {hidden} more column(s) with --format csv/json/parquet" if hidden else ""
        )
        footer_lines = [line for raw in footer.splitlines() for line in wrap_to_width(printable(raw), width)]
        return "\n".join([text, *wrap_to_width(summary, width), *footer_lines, ""]).encode("utf-8")
    if fmt == "json":
        columns, _, rows = _plain(data)
        objects = list(_finite_rows(columns, rows))
        return (json.dumps(objects, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")
    if fmt == "jsonl":
        columns, _, rows = _plain(data)
        return "".join(
            json.dumps(r, ensure_ascii=False, allow_nan=False) + "\n" for r in _finite_rows(columns, rows)
        ).encode()
    frame = frame_of(data) if isinstance(data, Rows) else data
    if fmt == "csv":
        out = frame if raw else neutralise_for_spreadsheets(frame)
        return b"\xef\xbb\xbf" + out.write_csv().encode("utf-8")
    if fmt == "parquet":
        buffer = io.BytesIO()
        frame.write_parquet(buffer)
        return buffer.getvalue()
    if fmt == "xlsx":
        return _xlsx(frame, table or "munigoals")
    raise MunigoalsError(f"unknown format {fmt!r}; choose one of {', '.join(OUTPUT_FORMATS)}", exit_code=2)


_STATED_NUMBER = re.compile(r"[-▲△]?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")


def _stated_format(text: object) -> str | None:
    """The number format that shows a value as the document wrote it: ``9,560`` -> ``#,##0``,
    ``90.0`` -> ``0.0``; ``None`` where the text holds no number."""
    match = _STATED_NUMBER.search(str(text)) if text is not None else None
    if match is None:
        return None
    whole = "#,##0" if "," in match.group(1) else "0"
    decimals = len(match.group(2) or "")
    return whole + ("." + "0" * decimals if decimals else "")


def _xlsx(frame: pl.DataFrame, sheet: str) -> bytes:
    """A workbook: the table on its first sheet (ids stay text, numbers stay numbers, no text is ever
    taken for a formula; years and counts as plain integers, values as precise as the document
    wrote them; a frozen header row with filters), and a sheet ``about`` naming the sources, the
    licences and the munigoals and data versions."""
    import xlsxwriter

    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    workbook = xlsxwriter.Workbook(buffer, {**options, "in_memory": True})
    bold = workbook.add_format({"bold": True})
    formats: dict[str, object] = {}

    def number_format(code: str) -> object:
        if code not in formats:
            formats[code] = workbook.add_format({"num_format": code})
        return formats[code]

    worksheet = workbook.add_worksheet(sheet[:31])
    columns = frame.columns
    stated = {
        k: columns.index(col.removesuffix("_value") + "_text")
        for k, col in enumerate(columns)
        if col.endswith("_value") and col.removesuffix("_value") + "_text" in columns
    }
    kinds = list(frame.schema.values())
    widths = [min(max(display_width(c), 6), 60) for c in columns]
    worksheet.write_row(0, 0, columns, bold)
    for r, row in enumerate(frame.iter_rows(), start=1):
        for k, value in enumerate(row):
            if value is None or (isinstance(value, float) and not math.isfinite(value)):
                continue  # a spreadsheet has no NaN: an empty cell says the same
            if isinstance(value, bool):
                worksheet.write_boolean(r, k, value)
            elif isinstance(value, int) and kinds[k].is_integer():
                worksheet.write_number(r, k, value, number_format("0"))  # 2019, not 2,019
            elif isinstance(value, float):
                code = _stated_format(row[stated[k]]) if k in stated else None
                worksheet.write_number(r, k, value, number_format(code or "General"))
            else:
                text = str(value)
                worksheet.write_string(r, k, text)
                widths[k] = max(widths[k], min(display_width(text), 60))
    for k, width in enumerate(widths):
        worksheet.set_column(k, k, width + 2)
    worksheet.freeze_panes(1, 0)
    worksheet.autofilter(0, 0, max(len(frame), 1), max(len(columns) - 1, 0))
    about = workbook.add_worksheet("about" if sheet[:31] != "about" else "about munigoals")
    for r, (key, value) in enumerate(_about_rows(frame)):
        about.write_string(r, 0, key, bold if not value else None)
        about.write_string(r, 1, value)
    about.set_column(0, 0, 28)
    about.set_column(1, 1, 100)
    workbook.close()
    return buffer.getvalue()


def _about_rows(frame: pl.DataFrame) -> list[tuple[str, str]]:
    """What a workbook's ``about`` sheet says: munigoals and data versions, licences, the sources."""
    from importlib.metadata import PackageNotFoundError, version

    from munigoals.plugins import default_host

    try:
        own = version("munigoals")
    except PackageNotFoundError:  # a source tree that is not installed
        own = "unknown"
    rows: list[tuple[str, str]] = [
        ("written by", f"munigoals {own}"),
        ("munigoals licence", "MIT"),
        (
            "data licence",
            "the facts are read from the documents below, published by each city; munigoals claims no "
            "rights in them and states no licence for them: reuse is on the publisher's terms",
        ),
        ("rows", str(len(frame))),
    ]
    host = default_host()
    cities = set(frame["city"].drop_nulls().to_list()) if "city" in frame.columns else set()
    for city in host.cities:
        if cities and city.slug not in cities:
            continue
        rows.append((f"munigoals-{city.plugin_name}", city.version or "unknown"))
        descriptor = city.data_dir / "datapackage.json" if city.data_dir else None
        if descriptor is not None and descriptor.is_file():
            try:
                data = json.loads(descriptor.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            rows.append(
                (
                    f"munigoals-{city.plugin_name} data",
                    f"{data.get('version', '')} of {data.get('created', '')}",
                )
            )
    documents = (
        frame["document"].drop_nulls().unique().sort().to_list() if "document" in frame.columns else []
    )
    if documents:
        rows.append(("sources", ""))
    for name in documents:
        found = host.known_document(file_name=name)
        if found is None:
            rows.append((name, "a document no installed plugin knows"))
            continue
        known = found[1]
        title = known.title if known.title_stated else f"{known.title} [title described, not stated]"
        url = f"; {known.url}" if known.url else ""
        rows.append((name, f"{title}; {known.publisher}; text SHA-256 {known.sha256}{url}"))
    return [(printable(k), printable(v)) for k, v in rows]


#: Comparator codes as a terminal shows them before a target (none for ``eq``).
_DISPLAY_SIGNS = {"eq": "", "ge": "≥", "le": "≤", "lt": "<", "gt": ">"}


def compare_display(frame: pl.DataFrame) -> pl.DataFrame:
    """Baseline, target and the improvement asked per year as short strings, for a terminal."""
    import polars as pl

    def number(col: str, digits: int = 3) -> pl.Expr:
        value = pl.col(col).round(digits)
        whole = (value == value.round(0)) & (value.abs() < 1e15)  # beyond that, Int64 cannot hold it
        return (
            pl.when(whole)
            .then(value.cast(pl.Int64, strict=False).cast(pl.String))
            .otherwise(value.cast(pl.String))
        )

    def year(col: str) -> pl.Expr:
        return pl.when(pl.col(col).is_not_null()).then(pl.format(" ({})", pl.col(col))).otherwise(pl.lit(""))

    unit = pl.col("unit").fill_null("")
    signed = pl.when(pl.col("improvement_per_year") > 0).then(pl.lit("+")).otherwise(pl.lit(""))
    per_year = (
        pl.when(pl.col("already_met").fill_null(False))
        .then(pl.format("met (+{}{})", number("headroom"), pl.col("improvement_unit")))
        .otherwise(pl.format("{}{}{}", signed, number("improvement_per_year", 2), pl.col("improvement_unit")))
    )
    shown = frame.with_columns(
        pl.format("{}{}{}", number("baseline_value"), unit, year("baseline_year")).alias("baseline"),
        pl.format("{}{}{}{}", pl.col("target_comparator").replace(_DISPLAY_SIGNS), number("target_value"),
                  unit, year("target_year")).alias("target"),
        per_year.alias("per_year"),
        pl.format("{}{}{}", number("actual_value"), unit, year("actual_year")).alias("actual"),
    )  # fmt: skip
    return shown.with_columns(pl.col("baseline", "target", "per_year", "actual").fill_null("—"))


def _cited(row: dict[str, Any]) -> str:
    """A comparison row's source: ``plan.txt:16`` for text, ``plan.pdf p. 12, line 5`` for a PDF,
    ``plan.xlsx sheet 令和4年度, row 7`` for a workbook."""
    from munigoals.model import cite_place

    page, sheet = row.get("page"), row.get("sheet")
    if page is None and sheet is None:
        return f"{row['document']}:{row['line']}"
    return f"{row['document']} {cite_place(row['line'], page, sheet)}"


def compare_footer(frame: pl.DataFrame) -> str:
    """Under a terminal comparison: each concept's label and polarity, each row's match and why, what
    the metrics could not compute, and what the grade letters mean."""
    from munigoals.metrics import grade_legend

    lines: list[str] = []
    seen: set[str] = set()  # a set: the footer stays linear in the rows
    for row in frame.iter_rows(named=True):
        heading = (
            f"{row['concept']}: {row['concept_label']} / {row['concept_label_en']} "
            f"({row['polarity'].replace('_', ' ')})"
        )
        if row["units_differ"]:
            heading += " — units differ: do not rank these rows together"
        if row["reference_value"] is not None:
            heading += (
                f"\n  {row['reference_label']}: {row['reference_value']:g}"
                f"{row['unit'] or ''} ({row['reference_source']})"
            )
        if heading not in seen:
            seen.add(heading)
            lines.append(heading)
        line = f"  {row['city']} {row['match']}: {row['note'] or ''}  [{_cited(row)}]"
        if row["metric_note"]:
            line += f"\n    metrics: {row['metric_note']}"
        if row["baseline_to_reference"] is not None:
            gap = f"{row['baseline_to_reference']:g}{'pt' if row['unit'] == '%' else row['unit'] or ''}"
            line += f"\n    baseline {gap} below the {row['reference_label']}"
        if line not in seen:
            seen.add(line)
            lines.append(line)
    if lines:
        lines.append(
            "per_year: improvement needed a year, positive = towards better (rates in points, pt); "
            "met (+x): a ceiling or floor the baseline already meets, with x to spare"
        )
        lines.append("grade: " + grade_legend("en"))
    return "\n".join(lines) + "\n" if lines else ""


def output_format(fmt: str | None, output: Path | None) -> str:
    """The format a table is written in: ``-o FILE``'s suffix (:data:`SUFFIX_FORMATS`), else
    ``--format``, else the terminal table.

    Raises:
        MunigoalsError: (exit 2) when the suffix disagrees with ``fmt``, or is one no format has (a
            file without a suffix needs ``--format``).
    """
    if output is None:
        return fmt or "table"
    suffix = output.suffix.lower()
    inferred = SUFFIX_FORMATS.get(suffix)
    known = ", ".join(SUFFIX_FORMATS)
    if inferred is None:
        if fmt is not None and not suffix:
            return fmt
        what = f"suffix {suffix!r}" if suffix else "no suffix"
        raise MunigoalsError(
            f"cannot tell what to write to {display_path(output)}: it has {what}; name a file ending "
            f"in {known}" + ("" if suffix else " or give --format"),
            exit_code=2,
        )
    if fmt is not None and fmt != inferred:
        wanted = next((s for s, f in SUFFIX_FORMATS.items() if f == fmt), None)
        raise MunigoalsError(
            f"{display_path(output)} is {inferred} by its suffix but --format is {fmt}; drop --format"
            + (f" or name a file ending in {wanted}" if wanted else ""),
            exit_code=2,
        )
    return inferred


def output_path(path: Path, inputs: Iterable[Path] = ()) -> Path:
    """The file an output will replace, checked before any work is done (see the module docs).

    A symlink is followed to its target. Returns the target.

    Raises:
        MunigoalsError: when the target is one of ``inputs``, a folder, not a regular file, read-only,
            or in a folder that does not exist.
    """
    shown = display_path(path)
    target = Path(os.path.realpath(path))
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise MunigoalsError(f"cannot write {shown}: {exc.strerror or exc}") from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise MunigoalsError(f"cannot write {shown}: it is a folder; name a file")
        if not stat.S_ISREG(info.st_mode):
            raise MunigoalsError(
                f"cannot write {shown}: it is not a regular file (a device, FIFO or socket); name a file"
            )
        for source in inputs:
            try:
                other = os.stat(source)
            except OSError:
                continue
            if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
                raise MunigoalsError(
                    f"cannot write {shown}: it is {display_path(source)}, a document being read; "
                    "name another file"
                )
        if not info.st_mode & 0o222:
            raise MunigoalsError(
                f"cannot write {shown}: it is read-only; name another file or make it writable"
            )
    if not target.parent.is_dir():
        raise MunigoalsError(f"cannot write {shown}: folder {display_path(target.parent)} does not exist")
    return target


def _temporary_prefix(target: Path) -> str:
    """The start of a temporary file's name beside ``target``: short enough that a target named with
    the longest name a folder allows still gets one."""
    return f".{target.name[:60]}."


def commit_file(written: Path, path: Path) -> None:
    """Move a finished temporary file ``written`` (in the target's folder) onto ``path``: fsync, the
    existing file's mode kept, an atomic rename, the folder synced. ``written`` is removed on failure.

    Raises:
        MunigoalsError: naming the path and the cause.
    """
    target = output_path(path)
    try:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask  # mkstemp makes the file private; a result file is not
        with open(written, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(written, mode)
        os.replace(written, target)
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError as exc:
        written.unlink(missing_ok=True)
        raise MunigoalsError(f"cannot write {display_path(path)}: {exc.strerror or exc}") from None


def write_atomic(data: bytes, path: Path) -> None:
    """Write ``data`` to ``path`` safely (see :func:`output_path` and :func:`commit_file`).

    Raises:
        MunigoalsError: when the target is refused or cannot be written, naming the cause.
    """
    target = output_path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=_temporary_prefix(target), suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise MunigoalsError(f"cannot write {display_path(path)}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise MunigoalsError(f"cannot write {display_path(path)}: {exc.strerror or exc}") from None
    commit_file(Path(tmp), path)


class ParquetSink:
    """Rows streamed to one Parquet file: batches written as parts in a hidden folder beside the
    target, joined lazily at the end and committed only when everything succeeded; the parts are
    removed whatever happens (:meth:`cleanup`)."""

    batch = 20_000  # rows held before a part is written

    def __init__(self, output: Path, table: str) -> None:
        target = output_path(output)
        self.output = output
        self.table = table
        try:
            self.parts = Path(tempfile.mkdtemp(prefix=_temporary_prefix(target), dir=target.parent))
        except OSError as exc:
            raise MunigoalsError(f"cannot write {display_path(output)}: {exc.strerror or exc}") from None
        self.count = 0

    def write(self, rows: list[dict[str, object]]) -> None:
        """Write one batch of rows as a part."""
        import polars as pl

        from munigoals.tables import table_from_rows

        try:
            table_from_rows(self.table, rows).write_parquet(self.parts / f"part-{self.count:06d}.parquet")
        except (pl.exceptions.PolarsError, OSError) as exc:  # a full disk, say: the parts are removed
            raise self._failed(exc) from None
        self.count += 1

    def _failed(self, exc: BaseException) -> MunigoalsError:
        cause = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return MunigoalsError(f"cannot write {display_path(self.output)}: {cause}")

    def finish(self) -> int:
        """Join the parts into the target; return the number of rows."""
        import polars as pl

        joined = self.parts / "joined.parquet"
        parts = sorted(self.parts.glob("part-*.parquet"))
        try:
            if parts:
                pl.scan_parquet(parts).sink_parquet(joined)
            else:
                from munigoals.tables import empty_table

                empty_table(self.table).write_parquet(joined)
            rows = int(pl.scan_parquet(joined).select(pl.len()).collect().item())
        except (pl.exceptions.PolarsError, OSError) as exc:
            raise self._failed(exc) from None
        commit_file(joined, self.output)
        return rows

    def cleanup(self) -> None:
        """Remove the parts folder."""
        shutil.rmtree(self.parts, ignore_errors=True)


def write_table(
    frame: pl.DataFrame | Rows,
    fmt: str,
    output: Path | None,
    table: str | None = None,
    footer: str = "",
    *,
    raw: bool = False,
) -> None:
    """Write ``frame`` (or :class:`~munigoals.tables.Rows`) in ``fmt`` to ``output``, or to standard output
    when ``output`` is ``None``."""
    if output is None and fmt in BINARY_FORMATS:
        raise MunigoalsError(f"{fmt} is binary: name a file with -o FILE.{fmt}", exit_code=2)
    data = render(frame, fmt, table, footer, raw=raw)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomic(data, output)

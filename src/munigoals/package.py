"""Publishing what was read: a Frictionless Data Package, and a SQLite database for Datasette.

``munigoals export DIR`` writes every table as CSV (and Parquet with ``--parquet``) with a
``datapackage.json``: one resource per table with its Table Schema (types, descriptions, the primary
key ``row_id`` and a foreign key from every table's ``document`` to the ``documents`` resource), the
sources (each document's title, publisher, fiscal years, URL where known and the SHA-256 of its text),
the munigoals and plugin versions, the creation date, a licence, and the parse issues as a resource of
their own, so that what could not be read travels with the data. ``--sqlite FILE`` writes the same
tables to a database with a ``metadata.json`` beside it for ``datasette FILE --metadata metadata.json``
(titles, descriptions, sources, licence) and full-text search on names and statements.

Row keys are stable: ``row_id`` is the first 16 hex digits of the document text's SHA-256, the line and
the row's position on that line, so two exports of the same documents join and diff. CSV cells that
would start a spreadsheet formula are neutralised as in every CSV munigoals writes (see
:mod:`munigoals.output`); the Parquet files and the database keep the raw values.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from munigoals.comparison import COMPARE_DOCS
from munigoals.errors import MunigoalsError
from munigoals.output import neutralise_for_spreadsheets, write_atomic
from munigoals.tables import COLUMN_DOCS

__all__ = [
    "DOCUMENT_COLUMNS",
    "ISSUE_COLUMNS",
    "bundle_descriptor",
    "datasette_metadata",
    "table_schema",
    "with_row_ids",
    "write_package",
    "write_sqlite",
]

#: The ``documents`` resource: every source document, citable.
DOCUMENT_COLUMNS: dict[str, tuple[type[pl.DataType], str]] = {
    "document": (pl.String, "file name, as every table's document column names it"),
    "city": (pl.String, "city plugin slug"),
    "sha256": (pl.String, "SHA-256 of the document's text (UTF-8, LF line ends)"),
    "title": (pl.String, "title, as stated in the document or described (see title_stated)"),
    "title_stated": (pl.Boolean, "whether the document states the title (false: described by the plugin)"),
    "publisher": (pl.String, "the city, and the department where known"),
    "plan_kind": (pl.String, "comprehensive_plan (総合計画) or priority_goals (重点目標)"),
    "fiscal_years": (pl.String, "fiscal years its facts are for, comma-separated"),
    "url": (pl.String, "where it is published, where known (never guessed)"),
}
#: The ``issues`` resource: what could not be read, with its line.
ISSUE_COLUMNS: dict[str, tuple[type[pl.DataType], str]] = {
    "document": (pl.String, "file name"),
    "line": (pl.Int64, "line of the document"),
    "severity": (pl.String, "note, warning or error"),
    "message": (pl.String, "what could not be read, and why"),
}
_TYPES = {pl.String: "string", pl.Int64: "integer", pl.Float64: "number", pl.Boolean: "boolean"}
_FULL_TEXT = {"policies": ["title"], "indicators": ["name"], "roles": ["statement"], "actions": ["text"]}


def _columns(name: str) -> dict[str, tuple[str, str]]:
    """Column -> (Table Schema type, description) of a resource."""
    if name in COLUMN_DOCS:
        return {col: (_TYPES[dtype], doc) for col, (dtype, doc) in COLUMN_DOCS[name].items()}
    if name == "comparison":
        from munigoals.comparison import COMPARE_COLUMNS

        return {col: (_TYPES[dtype], COMPARE_DOCS[col]) for col, dtype in COMPARE_COLUMNS.items()}
    source = DOCUMENT_COLUMNS if name == "documents" else ISSUE_COLUMNS
    return {col: (_TYPES[dtype], doc) for col, (dtype, doc) in source.items()}


def table_schema(name: str, keyed: bool = True) -> dict[str, Any]:
    """The Table Schema of resource ``name`` (fields with types and descriptions, keys)."""
    fields = [{"name": col, "type": kind, "description": doc} for col, (kind, doc) in _columns(name).items()]
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if name == "documents":
        schema["primaryKey"] = ["document"]
    elif keyed:
        key = "stable key: text SHA-256 (16 hex), line, position on the line"
        fields.insert(0, {"name": "row_id", "type": "string", "description": key})
        schema["primaryKey"] = ["row_id"]
        reference = {"resource": "documents", "fields": ["document"]}
        schema["foreignKeys"] = [{"fields": ["document"], "reference": reference}]
    return schema


def with_row_ids(frame: pl.DataFrame, shas: Mapping[str, str]) -> pl.DataFrame:
    """``frame`` with a stable ``row_id`` first: text SHA-256 (16 hex digits), line, position."""
    if frame.is_empty():
        return frame.with_columns(pl.lit(None, dtype=pl.String).alias("row_id")).select(
            "row_id", *frame.columns
        )
    digest = pl.col("document").replace_strict(shas, default=pl.col("document")).str.slice(0, 16)
    position = pl.int_range(pl.len()).over("document", "line")
    row_id = pl.format("{}-{}-{}", digest, pl.col("line"), position)
    return frame.with_columns(row_id.alias("row_id")).select("row_id", *frame.columns)


def _descriptor(
    resources: list[dict[str, Any]],
    sources: Sequence[Mapping[str, Any]],
    versions: Mapping[str, str],
    **extra: Any,
) -> dict[str, Any]:
    return {
        "profile": "tabular-data-package",
        "name": extra.pop("name", "munigoals-export"),
        "title": extra.pop("title", "Goals of Japanese municipalities, read by munigoals"),
        "version": versions.get("munigoals", "0.0.0"),
        **extra,
        "sources": [
            {
                "title": s["title"],
                "path": s["document"],
                **({"url": s["url"]} if s.get("url") else {}),
                "x_sha256": s["sha256"],
                "x_publisher": s["publisher"],
            }
            for s in sources
        ],
        "x_munigoals_versions": dict(versions),
        "resources": resources,
    }


def write_package(
    directory: Path,
    tables: Mapping[str, pl.DataFrame],
    documents: Sequence[Mapping[str, Any]],
    issues: pl.DataFrame,
    versions: Mapping[str, str],
    *,
    license_id: str | None = None,
    parquet: bool = False,
) -> Path:
    """Write ``tables``, ``documents`` and ``issues`` as a Data Package in ``directory``; return the
    path of ``datapackage.json``."""
    created = build_time()  # before anything is written: a bad SOURCE_DATE_EPOCH leaves no half package
    directory.mkdir(parents=True, exist_ok=True)
    shas = {str(d["document"]): str(d["sha256"]) for d in documents}
    frames: dict[str, pl.DataFrame] = {
        name: with_row_ids(frame, shas) for name, frame in tables.items() if name != "comparison"
    }
    if "comparison" in tables:
        frames["comparison"] = with_row_ids(tables["comparison"], shas)
    frames["issues"] = with_row_ids(issues, shas)
    documents_frame = pl.DataFrame(
        [{col: d.get(col) for col in DOCUMENT_COLUMNS} for d in documents],
        schema={col: dtype for col, (dtype, _) in DOCUMENT_COLUMNS.items()},
        orient="row",
    )
    resources = [_resource(directory, "documents", documents_frame, parquet)]
    resources += [_resource(directory, name, frame, parquet) for name, frame in frames.items()]
    descriptor = _descriptor(
        resources,
        documents,
        versions,
        created=created,
        licenses=[{"name": license_id}] if license_id else [],
        description="Facts read from municipal planning documents; every row cites its document and line. "
        "CSV cells that would start a spreadsheet formula begin with ' (the Parquet files keep raw values).",
    )
    path = directory / "datapackage.json"
    write_atomic(
        (json.dumps(descriptor, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode(), path
    )
    return path


def _resource(directory: Path, name: str, frame: pl.DataFrame, parquet: bool) -> dict[str, Any]:
    path = directory / f"{name}.csv"
    write_atomic(neutralise_for_spreadsheets(frame).write_csv().encode("utf-8"), path)
    resource: dict[str, Any] = {
        "name": name,
        "profile": "tabular-data-resource",
        "path": path.name,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": table_schema(name, keyed=name != "documents"),
    }
    if parquet:
        buffer = directory / f"{name}.parquet"
        import io

        data = io.BytesIO()
        frame.write_parquet(data)
        write_atomic(data.getvalue(), buffer)
        resource["x_parquet"] = buffer.name
    return resource


def bundle_descriptor(
    rows: Mapping[str, int],
    documents: Sequence[Mapping[str, Any]],
    versions: Mapping[str, str],
    name: str,
    created: str | None = None,
) -> dict[str, Any]:
    """The ``datapackage.json`` of the data a plugin ships (``<table>.jsonl``): a version and the
    SHA-256 of the documents it was built from, and the time it was built, so a paper can cite
    "munigoals-ueda 0.1.0 data of 2026-11-22".

    ``rows`` is the number of rows per table; a table with none is listed as empty, not as a resource
    (an empty JSON Lines file is no table to a validator)."""
    tables = [table for table, count in rows.items() if count]
    resources = [
        {
            "name": table,
            "profile": "tabular-data-resource",
            "path": f"{table}.jsonl",
            "format": "jsonl",
            "encoding": "utf-8",
            "schema": table_schema(table, keyed=False),
        }
        for table in tables
    ]
    empty = [table for table, count in rows.items() if not count]
    descriptor = _descriptor(
        resources, documents, versions, name=name, title=f"{name} data", x_empty_tables=empty
    )
    descriptor["version"] = versions.get(name, descriptor["version"])
    # when the data was built (default: build_time()): figures drawn from it say "data of DATE"
    descriptor["created"] = created or build_time()
    return descriptor


def build_time() -> str:
    """When a package is built, as ISO 8601 in UTC: ``$SOURCE_DATE_EPOCH`` when set (the
    reproducible-builds convention, so that two builds of the same data are the same bytes), else now.

    Raises:
        MunigoalsError: for a ``SOURCE_DATE_EPOCH`` that is not a whole number of seconds since 1970.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    try:
        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch.isdigit() else None
    except (OverflowError, ValueError, OSError):
        moment = None
    if moment is None:
        raise MunigoalsError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a time in seconds since 1970-01-01; correct it or unset it"
        )
    return moment.isoformat()


def datasette_metadata(
    documents: Sequence[Mapping[str, Any]], tables: Sequence[str], license_id: str | None, database: str
) -> dict[str, Any]:
    """``metadata.json`` for Datasette: titles, descriptions and columns of every table, the sources."""
    source = "; ".join(f"{d['title']} ({d['publisher']})" for d in documents)
    return {
        "title": "Goals of Japanese municipalities, read by munigoals",
        "description": "Every row cites its document and line (document, line).",
        **({"license": license_id} if license_id else {}),
        "source": source,
        "databases": {
            database: {
                "tables": {
                    name: {
                        "description": f"munigoals table {name}",
                        "columns": {col: doc for col, (_, doc) in _columns(name).items()},
                        **({"fts_table": f"{name}_fts"} if name in _FULL_TEXT else {}),
                    }
                    for name in tables
                }
            }
        },
    }


def write_sqlite(path: Path, frames: Mapping[str, pl.DataFrame]) -> None:
    """Every table into a SQLite database (sqlite-utils), with full-text search on names and statements.

    The database is written to a temporary file and moved into place when complete.
    """
    import tempfile

    import sqlite_utils

    from munigoals.output import commit_file, output_path

    target = output_path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    import os

    os.close(fd)
    Path(tmp).unlink()
    db = sqlite_utils.Database(tmp)
    for name, frame in frames.items():
        rows = list(frame.iter_rows(named=True))
        table = db.table(name)
        pk = "row_id" if "row_id" in frame.columns else ("document" if name == "documents" else None)
        if rows:
            table.insert_all(rows, pk=pk)  # type: ignore[union-attr]
        if name in _FULL_TEXT and rows:
            table.enable_fts(_FULL_TEXT[name], create_triggers=True)  # type: ignore[union-attr]
    db.close()
    commit_file(Path(tmp), path)

"""Publishing what was read: a Frictionless Data Package, and a SQLite database for Datasette.

``munigoals export DIR`` writes every table as CSV (and Parquet with ``--parquet``) with a
``datapackage.json``: one resource per table with its Table Schema (types, descriptions, the primary
key ``row_id`` and a foreign key from every table's ``document`` to the ``documents`` resource), the
sources (each document's title, publisher, fiscal years, URL where known and the SHA-256 of its text),
the munigoals and plugin versions, the creation date, a licence, and the parse issues as a resource of
their own, so that what could not be read travels with the data. ``--sqlite FILE`` writes the same
tables to a database with a ``metadata.json`` beside it for ``datasette FILE --metadata metadata.json``
(titles, descriptions, sources, licence): columns typed as the Table Schema says, foreign keys to
``documents``, and full-text search of every text column (FTS5 trigram; short words through
:mod:`munigoals.datasette_plugin`).

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


def _columns(name: str) -> dict[str, tuple[str, str]]:
    """Column -> (Table Schema type, description) of a resource."""
    if name in COLUMN_DOCS:
        return {col: (_TYPES[dtype], doc) for col, (dtype, doc) in COLUMN_DOCS[name].items()}
    if name == "comparison":
        from munigoals.comparison import COMPARE_COLUMNS

        return {col: (_TYPES[dtype], COMPARE_DOCS[col]) for col, dtype in COMPARE_COLUMNS.items()}
    source = DOCUMENT_COLUMNS if name == "documents" else ISSUE_COLUMNS
    return {col: (_TYPES[dtype], doc) for col, (dtype, doc) in source.items()}


def _enums() -> dict[str, list[str]]:
    """The values a coded column may hold, as Table Schema ``enum`` constraints."""
    from munigoals.comparison import TARGET_CHOICES
    from munigoals.metrics import GRADES, TARGET_KINDS
    from munigoals.model import Direction, PlaceKind, PlanKind, Severity, ValueKind, YearKind
    from munigoals.quantities import Comparator
    from munigoals.registry import MATCH_KINDS, POLARITIES

    return {
        "target_comparator": [c.value for c in Comparator],
        "severity": [s.value for s in Severity],
        "plan_kind": [k.value for k in PlanKind],
        "match": list(MATCH_KINDS),
        "polarity": list(POLARITIES),
        "target_kind": list(TARGET_KINDS),
        "grade": list(GRADES),
        "value_kind": [k.value for k in ValueKind],
        "year_kind": [k.value for k in YearKind],
        "place_kind": [k.value for k in PlaceKind],
        "direction": [d.value for d in Direction],
        "target_used": list(TARGET_CHOICES),
    }


def _coded(column: str) -> str:
    """The vocabulary a column's values come from: every ``*_comparator`` column holds comparator codes,
    every ``*_year_kind`` column year kinds, ``concept_polarity`` polarities."""
    if column.endswith("comparator"):
        return "target_comparator"
    if column.endswith("year_kind"):
        return "year_kind"
    return "polarity" if column == "concept_polarity" else column


def table_schema(name: str, keyed: bool = True) -> dict[str, Any]:
    """The Table Schema of resource ``name`` (fields with types, descriptions and, for coded columns
    such as comparators, the values they may hold; keys)."""
    enums = _enums()
    fields = [
        {
            "name": col,
            "type": kind,
            "description": doc,
            **(
                {"constraints": {"enum": enums[_coded(col)]}}
                if _coded(col) in enums and kind == "string"
                else {}
            ),
        }
        for col, (kind, doc) in _columns(name).items()
    ]
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
    # with a BOM, as every CSV munigoals writes, so that Excel reads the Japanese as UTF-8
    write_atomic(b"\xef\xbb\xbf" + neutralise_for_spreadsheets(frame).write_csv().encode("utf-8"), path)
    resource: dict[str, Any] = {
        "name": name,
        "profile": "tabular-data-resource",
        "path": path.name,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
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
                    }
                    for name in tables
                }
            }
        },
    }


#: ``PRAGMA application_id`` of a munigoals database ("MGOL"): how the Datasette plugin knows one.
SQLITE_APPLICATION_ID = 0x4D474F4C
#: Text columns full-text search leaves out: hex digests, which no one searches for words.
_NOT_SEARCHED = frozenset({"row_id", "sha256"})
#: The FTS column that holds each row's text spaced out, so that a query shorter than a trigram
#: (公債) is still a trigram (see :func:`short_query`).
SHORT_COLUMN = "short_terms"
_SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "string": "TEXT"}


def searchable_columns(frame: pl.DataFrame) -> list[str]:
    """The text columns of a table that full-text search covers: every one but the hex digests."""
    return [c for c, dtype in frame.schema.items() if dtype == pl.String and c not in _NOT_SEARCHED]


def spaced(text: str) -> str:
    """``text`` with a space around every character: ``公債`` -> `` 公 債 ``, a trigram and more."""
    return " " + " ".join(text) + " "


def short_query(term: str) -> str:
    """The FTS5 phrase that finds ``term`` (fewer than three characters) in :data:`SHORT_COLUMN`:
    the trigram tokenizer cannot match a substring of one or two characters by itself."""
    return '"' + spaced(term).replace('"', '""') + '"'


def _sql_type(name: str, column: str, dtype: pl.DataType) -> str:
    declared = {col: kind for col, (kind, _) in _columns(name).items()} if _known(name) else {}
    if column in declared:
        return _SQL_TYPES[declared[column]]
    if dtype == pl.Boolean or dtype.is_integer():
        return "INTEGER"
    return "REAL" if dtype.is_float() else "TEXT"


def _known(name: str) -> bool:
    return name in COLUMN_DOCS or name in ("comparison", "documents", "issues")


def _sql_value(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value != value:  # NaN: SQLite has none
        return None
    return value


def write_sqlite(path: Path, frames: Mapping[str, pl.DataFrame]) -> None:
    """Every table into a SQLite database, typed as its Table Schema says (REAL, INTEGER, TEXT), with
    its primary key, a foreign key from ``document`` to ``documents``, and full-text search (FTS5,
    ``trigram`` tokenizer, so that a word is found inside a longer one: 公債 in 実質公債費比率) over
    every text column a researcher searches. Queries shorter than three characters are answered by
    munigoals' Datasette plugin (:mod:`munigoals.datasette_plugin`) through :data:`SHORT_COLUMN`.

    The database is written to a temporary file and moved into place when complete.
    """
    import sqlite3
    import tempfile

    from munigoals.output import commit_file, output_path

    target = output_path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        try:
            _fill_database(db, frames)
            db.commit()
        finally:
            db.close()
    except sqlite3.Error as exc:
        Path(tmp).unlink(missing_ok=True)
        raise MunigoalsError(f"cannot write {path}: {exc}") from None
    commit_file(Path(tmp), path)


def _fill_database(db: Any, frames: Mapping[str, pl.DataFrame]) -> None:
    db.execute(f"PRAGMA application_id = {SQLITE_APPLICATION_ID}")
    names = sorted(frames, key=lambda n: n != "documents")  # the referenced table first
    for name in names:
        frame = frames[name]
        pk = "row_id" if "row_id" in frame.columns else ("document" if name == "documents" else None)
        columns = [
            f"[{col}] {_sql_type(name, col, dtype)}" + (" PRIMARY KEY" if col == pk else "")
            for col, dtype in frame.schema.items()
        ]
        if name != "documents" and "document" in frame.columns and "documents" in frames:
            columns.append("FOREIGN KEY ([document]) REFERENCES [documents]([document])")
        db.execute(f"CREATE TABLE [{name}] ({', '.join(columns)})")
        marks = ", ".join("?" for _ in frame.columns)
        db.executemany(
            f"INSERT INTO [{name}] VALUES ({marks})",
            ([_sql_value(v) for v in row] for row in frame.iter_rows()),
        )
        searched = searchable_columns(frame)
        if not searched:
            continue
        fts = ", ".join(f"[{c}]" for c in [*searched, SHORT_COLUMN])
        db.execute(
            f"CREATE VIRTUAL TABLE [{name}_fts] USING fts5({fts}, content=[{name}], tokenize='trigram')"
        )
        rows = db.execute(f"SELECT rowid, {', '.join(f'[{c}]' for c in searched)} FROM [{name}]")
        db.executemany(
            f"INSERT INTO [{name}_fts] (rowid, {fts}) VALUES (?{', ?' * (len(searched) + 1)})",
            ((rowid, *texts, spaced(" ".join(t for t in texts if t))) for rowid, *texts in rows.fetchall()),
        )

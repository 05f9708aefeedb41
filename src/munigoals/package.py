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

Row keys are stable: ``row_id`` is 16 hex digits of the SHA-256 of the document (its name and the
SHA-256 of its text), the line and the row's position on that line, so two exports of the same
documents join and diff, and two copies of one text under different names never share a key.

Nothing is lost: every output (the tables, ``datapackage.json``, ``documents.csv``, the SQLite file
and its ``metadata.json``) is checked against every input, named or found in a named folder, manifests
included, before anything is read (:func:`check_export`); the package is written into a temporary
folder beside ``DIR`` and swapped in whole, or not at all (:class:`Staging`), so a failure (a full
disk, a signal) leaves the previous package as it was. Files of ``DIR`` that are no part of a package
are kept. CSV cells that
would start a spreadsheet formula are neutralised as in every CSV munigoals writes (see
:mod:`munigoals.output`); the Parquet files and the database keep the raw values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import stat
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import polars as pl

from munigoals.comparison import COMPARE_DOCS
from munigoals.errors import MunigoalsError
from munigoals.names import TABLE_NAMES
from munigoals.output import neutralise_for_spreadsheets, output_path
from munigoals.tables import COLUMN_DOCS
from munigoals.terminal import display_path

__all__ = [
    "DOCUMENT_COLUMNS",
    "ISSUE_COLUMNS",
    "Staging",
    "bundle_descriptor",
    "check_export",
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
        key = "stable key: SHA-256 of the document's name and text (16 hex), line, position on the line"
        fields.insert(0, {"name": "row_id", "type": "string", "description": key})
        schema["primaryKey"] = ["row_id"]
        reference = {"resource": "documents", "fields": ["document"]}
        schema["foreignKeys"] = [{"fields": ["document"], "reference": reference}]
    return schema


def document_key(document: str, sha256: str) -> str:
    """16 hex digits naming one document: the SHA-256 of its name and of its text's SHA-256, so that
    two copies of one text under different names are told apart."""
    return hashlib.sha256(f"{document}\n{sha256}".encode("utf-8", "surrogatepass")).hexdigest()[:16]


def with_row_ids(frame: pl.DataFrame, shas: Mapping[str, str]) -> pl.DataFrame:
    """``frame`` with a stable ``row_id`` first: the document's key (:func:`document_key`: 16 hex
    digits of the SHA-256 of its name and text), the line, the position on that line."""
    if frame.is_empty():
        return frame.with_columns(pl.lit(None, dtype=pl.String).alias("row_id")).select(
            "row_id", *frame.columns
        )
    names = frame["document"].drop_nulls().unique().to_list()
    keys = {str(name): document_key(str(name), shas.get(str(name), "")) for name in names}
    digest = pl.col("document").replace_strict(keys, default=pl.lit("0" * 16), return_dtype=pl.String)
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
    staging: Staging | None = None,
) -> Path:
    """Write ``tables``, ``documents`` and ``issues`` as a Data Package in ``directory``; return the
    path of ``datapackage.json``.

    The files go to a temporary folder that is swapped in whole when all are written (a
    :class:`Staging`; with ``staging``, that one's folder, swapped in when it is committed)."""
    created = build_time()  # before anything is written: a bad SOURCE_DATE_EPOCH leaves no half package
    if staging is None:
        with Staging(directory) as own:
            write_package(
                directory, tables, documents, issues, versions,
                license_id=license_id, parquet=parquet, staging=own,
            )  # fmt: skip
        return directory / "datapackage.json"
    folder = staging.folder
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
    resources = [_resource(folder, directory, "documents", documents_frame, parquet)]
    resources += [_resource(folder, directory, name, frame, parquet) for name, frame in frames.items()]
    descriptor = _descriptor(
        resources,
        documents,
        versions,
        created=created,
        licenses=[{"name": license_id}] if license_id else [],
        description="Facts read from municipal planning documents; every row cites its document and line. "
        "CSV cells that would start a spreadsheet formula begin with ' (the Parquet files keep raw values).",
    )
    text = json.dumps(descriptor, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    _write_staged(folder / "datapackage.json", text.encode(), directory / "datapackage.json")
    return directory / "datapackage.json"


def _write_staged(path: Path, data: bytes, shown: Path) -> None:
    """``data`` into ``path`` of a staging folder, synced; a failure names ``shown``, the final path."""
    try:
        with open(path, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise MunigoalsError(f"cannot write {display_path(shown)}: {exc.strerror or exc}") from None


def _resource(folder: Path, directory: Path, name: str, frame: pl.DataFrame, parquet: bool) -> dict[str, Any]:
    path = folder / f"{name}.csv"
    # with a BOM, as every CSV munigoals writes, so that Excel reads the Japanese as UTF-8
    data = b"\xef\xbb\xbf" + neutralise_for_spreadsheets(frame).write_csv().encode("utf-8")
    _write_staged(path, data, directory / path.name)
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
        import io

        buffer = io.BytesIO()
        frame.write_parquet(buffer)
        _write_staged(folder / f"{name}.parquet", buffer.getvalue(), directory / f"{name}.parquet")
        resource["x_parquet"] = f"{name}.parquet"
    return resource


#: The resources of an export, in the order they are written.
EXPORT_RESOURCES = ("documents", *TABLE_NAMES, "comparison", "issues")


def package_files(parquet: bool) -> list[str]:
    """The names of the files a package folder holds (with ``parquet``, the Parquet files too)."""
    suffixes = (".csv", ".parquet") if parquet else (".csv",)
    return ["datapackage.json", *(f"{name}{suffix}" for name in EXPORT_RESOURCES for suffix in suffixes)]


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def check_export(
    directory: Path,
    inputs: Iterable[Path],
    folders: Iterable[Path] = (),
    *,
    parquet: bool = False,
    sqlite: Path | None = None,
) -> None:
    """Refuse an export that would replace what it reads, before anything is read or written.

    ``inputs`` are the files read (named, and found in the named ``folders``, manifests included).
    Every file the export writes (the package's files, the SQLite file and its ``metadata.json``) is
    checked as ``-o`` is (:func:`munigoals.output.output_path`: not an input, a folder, a device or
    read-only); the package folder may be neither an input folder nor inside one (its
    ``documents.csv`` would become that folder's manifest).

    Raises:
        MunigoalsError: naming the output, the input it would replace, and what to do.
    """
    inputs = list(inputs)
    shown = display_path(directory)
    home = os.path.realpath(directory)
    if os.path.lexists(directory) and not os.path.isdir(directory):
        raise MunigoalsError(f"cannot export to {shown}: it is a file; name a folder")
    for folder in folders:
        if _inside(home, os.path.realpath(folder)):
            raise MunigoalsError(
                f"cannot export to {shown}: it is inside {display_path(folder)}, a folder being read "
                "(its documents.csv would be taken for that folder's manifest); name another folder"
            )
    targets = [Path(directory) / name for name in package_files(parquet)]
    if sqlite is not None:
        targets += [Path(sqlite), Path(sqlite).with_name("metadata.json")]
    for target in targets:
        if os.path.realpath(target.parent) == home and not os.path.isdir(home):
            continue  # the folder is made by the export: nothing in it yet
        output_path(target, inputs)
    for path in inputs:  # a missing input (not yet read) cannot be replaced; a path may name one to be made
        if os.path.realpath(path) in {os.path.realpath(t) for t in targets}:
            raise MunigoalsError(
                f"cannot write {display_path(path)}: it is a document being read; name another folder"
            )


class Staging:
    """A package folder written beside ``directory`` and swapped in whole, with a SQLite file and its
    ``metadata.json``: all committed together when the ``with`` block ends without an error, or
    nothing (the temporary files removed). Signals wait while the files are moved into place.

    Files of an existing ``directory`` that are no part of a package (see :func:`package_files`) are
    carried into the new folder (hard links where the file system allows), so nothing of the user's
    is lost; package files the new run does not write are not carried over (no mixing of two runs).
    """

    def __init__(self, directory: Path, sqlite: Path | None = None) -> None:
        self.directory = Path(directory)
        self.target = Path(os.path.realpath(directory))
        self.sqlite = Path(sqlite) if sqlite is not None else None
        parent = self.target.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            prefix = f".{self.target.name[:60]}."
            self.folder = Path(tempfile.mkdtemp(prefix=prefix, suffix=".tmp", dir=parent))
        except OSError as exc:
            raise MunigoalsError(f"cannot write {display_path(directory)}: {exc.strerror or exc}") from None
        self._extra: list[tuple[Path, Path]] = []  # (temporary file, final path) outside the folder

    def file(self, path: Path) -> Path:
        """Where to write ``path`` (the SQLite file, ``metadata.json``) so that it is committed with the
        package: in the staged folder when it belongs in the package folder, else a temporary file
        beside it."""
        target = Path(os.path.realpath(path))
        if target.parent == self.target:
            return self.folder / target.name
        output_path(path)
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:60]}.", suffix=".tmp", dir=target.parent)
        except OSError as exc:
            raise MunigoalsError(f"cannot write {display_path(path)}: {exc.strerror or exc}") from None
        os.close(fd)
        os.unlink(tmp)  # SQLite makes its own file
        self._extra.append((Path(tmp), Path(path)))
        return Path(tmp)

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is not None:
            self.discard()
            return
        blocked = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
        try:
            self._commit()
        except BaseException:
            self.discard()
            raise
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    def discard(self) -> None:
        """Remove everything staged."""
        shutil.rmtree(self.folder, ignore_errors=True)
        for tmp, _ in self._extra:
            for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                leftover.unlink(missing_ok=True)

    def _commit(self) -> None:
        from munigoals.output import commit_file

        shown = display_path(self.directory)
        try:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o777 & ~umask
            if os.path.isdir(self.target):
                mode = stat.S_IMODE(os.stat(self.target).st_mode)
                ours = set(package_files(parquet=True))
                for entry in os.scandir(self.target):
                    if entry.name in ours or (self.folder / entry.name).exists():
                        continue
                    _carry(Path(entry.path), self.folder / entry.name)
            for path in self.folder.iterdir():
                if path.is_file() and not path.is_symlink() and path.stat().st_nlink == 1:
                    path.chmod(0o666 & ~umask)
            os.chmod(self.folder, mode)
            if os.path.isdir(self.target):
                prefix = f".{self.target.name[:60]}."
                old = Path(tempfile.mkdtemp(prefix=prefix, suffix=".old", dir=self.target.parent))
                os.rename(self.target, old / "package")
                try:
                    os.rename(self.folder, self.target)
                except OSError:
                    os.rename(old / "package", self.target)
                    raise
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.rename(self.folder, self.target)
            folder = os.open(self.target.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
        except OSError as exc:
            raise MunigoalsError(f"cannot write {shown}: {exc.strerror or exc}") from None
        for tmp, path in self._extra:
            commit_file(tmp, path)


def _carry(source: Path, destination: Path) -> None:
    """A file or folder of the old package folder into the new one (hard links where possible)."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst, follow_symlinks=False)
        except OSError:
            shutil.copy2(src, dst, follow_symlinks=False)

    if source.is_symlink():
        os.symlink(os.readlink(source), destination)
    elif source.is_dir():
        shutil.copytree(source, destination, symlinks=True, copy_function=link)
    else:
        link(str(source), str(destination))


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


def write_sqlite(path: Path, frames: Mapping[str, pl.DataFrame], staging: Staging | None = None) -> None:
    """Every table into a SQLite database, typed as its Table Schema says (REAL, INTEGER, TEXT), with
    its primary key, a foreign key from ``document`` to ``documents``, and full-text search (FTS5,
    ``trigram`` tokenizer, so that a word is found inside a longer one: 公債 in 実質公債費比率) over
    every text column a researcher searches. Queries shorter than three characters are answered by
    munigoals' Datasette plugin (:mod:`munigoals.datasette_plugin`) through :data:`SHORT_COLUMN`.

    The database is written to a temporary file and moved into place when complete (with ``staging``,
    when that is committed); a failure (a full disk) removes the temporary file.

    Raises:
        MunigoalsError: naming the file and the cause.
    """
    from munigoals.output import commit_file

    if staging is not None:
        tmp = staging.file(Path(path))
    else:
        target = output_path(Path(path))
        try:
            fd, name = tempfile.mkstemp(prefix=f".{target.name[:60]}.", suffix=".tmp", dir=target.parent)
        except OSError as exc:
            raise MunigoalsError(f"cannot write {display_path(path)}: {exc.strerror or exc}") from None
        os.close(fd)
        tmp = Path(name)
        tmp.unlink()  # SQLite makes its own file
    try:
        _fill_sqlite(tmp, frames)
    except BaseException as exc:
        if staging is None:
            for leftover in (tmp, Path(f"{tmp}-journal")):
                leftover.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error | OSError):
            raise MunigoalsError(f"cannot write {display_path(path)}: {exc}") from None
        raise
    if staging is None:
        commit_file(tmp, Path(path))


def _fill_sqlite(tmp: Path, frames: Mapping[str, pl.DataFrame]) -> None:
    db = sqlite3.connect(tmp)
    try:
        _fill_database(db, frames)
        db.commit()
    finally:
        db.close()


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

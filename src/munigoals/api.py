"""The Python API: the same work as the command line, returning Polars DataFrames."""

from __future__ import annotations

import contextlib
import json
import math
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from munigoals.errors import MunigoalsError
from munigoals.japanese import normalize
from munigoals.model import KnownDocument, ParseIssue, Plan, PlanKind, PopulationFigure
from munigoals.plugins import City, PluginHost, default_host
from munigoals.tables import (
    COLUMNS,
    TABLE_NAMES,
    Rows,
    bundle_rows,
    frame_of,
    read_bundle,
    table_from_rows,
    write_bundle,
)

if TYPE_CHECKING:  # imported where used: printing bundled data (munigoals table) needs neither Polars nor
    # the comparison engine nor the document readers
    import polars as pl

    from munigoals.charts import AnyChart
    from munigoals.reading import ParsedDocument, ParsedTable
    from munigoals.registry import ConceptRegistry

__all__ = [
    "ParseRun",
    "build_bundle",
    "bundled_rows",
    "bundled_tables",
    "chart",
    "cite",
    "compare",
    "concept_registry",
    "concepts",
    "export",
    "parse",
    "parse_stream",
    "series",
    "table",
    "unmatched",
]


@attrs.frozen
class ParseRun:
    """The outcome of parsing documents.

    Attributes:
        documents: Each document read, with its plans and issues.
        issues: Every parse issue, including files in folders that could not be read.
        tables: The five tables (see :mod:`munigoals.tables`).
    """

    documents: tuple[ParsedDocument, ...]
    issues: tuple[ParseIssue, ...]
    tables: dict[str, pl.DataFrame]

    @property
    def plans(self) -> tuple[Plan, ...]:
        """All plans, in document order."""
        return tuple(plan for doc in self.documents for plan in doc.result.plans)


def parse_stream(
    paths: str | Path | Iterable[str | Path],
    *,
    cities: Sequence[str] | None = None,
    host: PluginHost | None = None,
    workers: int = 1,
    tables: str | tuple[str, ...] | None = None,
    aligned_only: bool = False,
    named_must_read: bool = False,
) -> Iterator[tuple[Path, ParsedDocument | ParsedTable | ParseIssue]]:
    """Read documents one at a time, in order: the one parse path (``parse``, ``munigoals parse`` and
    ``compare --from`` all go through it).

    Yields each path with its parsed document (with ``tables``: only its rows of those tables, which
    is what worker processes send back cheaply), or a :class:`~munigoals.model.ParseIssue` for what was
    skipped or failed (a folder's non-documents, files given twice, plugin faults). See
    :func:`munigoals.reading.iter_parse`.

    With ``named_must_read``, a named document that a plugin fault or a limit left unread fails the
    run once the others are read and reported (the command line's exit 1).

    Raises:
        munigoals.MunigoalsError: for a named file that cannot be read or recognised.
    """
    from munigoals.reading import iter_parse

    host = host or default_host()
    cities = host.slugs(cities) or None  # a slug, code, Japanese or English name
    yield from iter_parse(_paths(paths), host, cities, workers, tables, aligned_only, named_must_read)


def _paths(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """Paths as a list: one path given alone is one path, never its characters."""
    if isinstance(paths, (str, Path)):
        return [Path(paths)]
    return [Path(p) for p in paths]


def parse(
    paths: str | Path | Iterable[str | Path],
    *,
    cities: Sequence[str] | None = None,
    host: PluginHost | None = None,
    on_progress: Callable[[Path], None] | None = None,
    workers: int = 1,
    named_must_read: bool = False,
) -> ParseRun:
    """Read documents (files or folders), pick each one's layout and city, and build the tables.

    Args:
        paths: Files or folders.
        cities: The documents are these cities' (their layouts only are tried).
        host: Plugin host (default: the installed plugins).
        on_progress: Called with each file's path after it is read.
        workers: Worker processes for the installed plugins (at most one a document and a core).
        named_must_read: Fail when a named document is left unread by a plugin fault or a limit.

    Raises:
        munigoals.MunigoalsError: for a named file that cannot be read or recognised.
    """
    from munigoals.reading import ParsedDocument

    documents: list[ParsedDocument] = []
    skipped: list[ParseIssue] = []
    stream = parse_stream(paths, cities=cities, host=host, workers=workers, named_must_read=named_must_read)
    for path, outcome in stream:
        if isinstance(outcome, ParseIssue):
            skipped.append(outcome)
        elif isinstance(outcome, ParsedDocument):
            documents.append(outcome)
        if on_progress is not None:
            on_progress(path)
    issues = [*skipped, *(issue for doc in documents for issue in doc.result.issues)]
    tables = {  # each document's rows were flattened once, when its reader's result was checked
        name: table_from_rows(name, [row for doc in documents for row in doc.rows[name]])
        for name in TABLE_NAMES
    }
    if documents:  # the concepts a comparison would align each row to, stored in the tables
        from munigoals import comparison as _compare

        tables, _ = _compare.store_alignment(tables, concept_registry(host or default_host()))
    return ParseRun(tuple(documents), tuple(issues), tables)


def bundled_rows(name: str, cities: Sequence[str] | None = None, host: PluginHost | None = None) -> Rows:
    """Table ``name`` of the data every selected city plugin ships, as plain Python values (no documents
    needed, no Polars): the one reader of bundled data (:func:`bundled_tables` makes frames of it).

    Raises:
        munigoals.MunigoalsError: for an unknown city, or bundled data that cannot be read.
    """
    host = host or default_host()
    cities = host.slugs(cities) or None  # a slug, code, Japanese or English name
    columns = COLUMNS[name]
    rows: list[tuple[object, ...]] = []
    for city in host.select(cities):
        if city.data_dir is not None:
            rows.extend(bundle_rows(city.data_dir, name).rows)
    return Rows(name, tuple(columns), tuple(dtype for dtype, _ in columns.values()), rows)


def bundled_tables(
    cities: Sequence[str] | None = None, host: PluginHost | None = None
) -> dict[str, pl.DataFrame]:
    """The tables every selected city plugin ships, concatenated (no documents needed)."""
    host = host or default_host()
    return {name: frame_of(bundled_rows(name, cities, host)) for name in TABLE_NAMES}


def build_bundle(
    plugin: object, name: str, paths: Sequence[Path], out_dir: Path | None = None
) -> dict[str, pl.DataFrame]:
    """Parse ``paths`` with one plugin alone and return the tables it would ship.

    Used by each city plugin's ``build_data`` script; with ``out_dir`` the tables are also written
    there (see :func:`munigoals.tables.write_bundle`). Only that plugin is registered, so what other
    installed plugins read cannot change a city's data.

    Raises:
        munigoals.MunigoalsError: for a document that cannot be read.
    """
    host = PluginHost.only(**{name: plugin})
    run = parse(paths, host=host)
    if out_dir is not None:
        from importlib.metadata import PackageNotFoundError, version

        from munigoals import package

        created = package.build_time()  # before anything is written: a bad SOURCE_DATE_EPOCH writes nothing
        before = _bundle_state(out_dir)
        write_bundle(run.tables, out_dir)
        try:
            plugin_version = version(f"munigoals-{name}")
        except PackageNotFoundError:
            plugin_version = "0.0.0"
        sources = []
        for doc in run.documents:
            found = host.known_document(doc.document.text_sha256, doc.document.id)
            known = found[1] if found else None
            sources.append(
                {
                    "document": doc.document.id,
                    "sha256": doc.document.text_sha256,
                    "title": known.title if known else doc.document.id,
                    "publisher": known.publisher if known else doc.city.municipality.name_ja,
                    "url": known.url if known else None,
                }
            )
        versions = {"munigoals": _versions(host, None)["munigoals"], f"munigoals-{name}": plugin_version}
        counts = {table: len(run.tables[table]) for table in TABLE_NAMES}
        descriptor = package.bundle_descriptor(counts, sources, versions, f"munigoals-{name}", created)
        after = _bundle_state(out_dir, descriptor)
        if before is not None and after is not None and before[:2] == after[:2]:
            descriptor["created"] = before[2]  # the same data from the same documents: built when it was
        (out_dir / "datapackage.json").write_text(
            json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        return read_bundle(out_dir)
    return run.tables


def _bundle_state(
    directory: Path, descriptor: dict[str, Any] | None = None
) -> tuple[dict[str, bytes], dict[str, Any], str] | None:
    """What a bundle folder holds, ``created`` apart: its tables' bytes, its descriptor without
    ``created``, and ``created`` (``descriptor`` stands for the file not yet written); ``None`` when
    there is no readable bundle."""
    path = directory / "datapackage.json"
    try:
        text = path.read_text(encoding="utf-8") if descriptor is None else json.dumps(descriptor)
        descriptor = json.loads(text)
        files = {p.name: p.read_bytes() for p in sorted(directory.glob("*.jsonl"))}
    except (OSError, ValueError):
        return None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("created"), str):
        return None
    rest = {key: value for key, value in descriptor.items() if key != "created"}
    return files, rest, descriptor["created"]


def concept_registry(host: PluginHost | None = None, path: Path | None = None) -> ConceptRegistry:
    """The concept registry (bundled, or ``path``) with every installed city's own rules."""
    host = host or default_host()
    return host.concept_registry(path)


#: The tables a comparison and a series are made from (charts add ``roles``).
_COMPARED = ("indicators", "targets", "observations")
#: Rows held before they are turned into a (columnar, much smaller) Polars frame.
_BATCH = 5_000
#: The columns a comparison and a series use, per table: only these are kept of many documents.
_USED = {
    "indicators": ("city", "name", "kind", "unit", "baseline_value", "baseline_year", "target_value",
                   "target_year", "target_comparator", "note", "document", "line", "direction",
                   "interim_target_value", "interim_target_year", "interim_target_comparator", "page",
                   "sheet", "target_text", "interim_target_text"),
    "targets": ("city", "item", "unit", "target_value", "target_comparator", "actual_value", "fiscal_year",
                "document", "line", "page", "sheet", "frequency", "target_kind", "target_text"),
    "observations": ("city", "name", "fiscal_year", "value", "unit", "note", "document", "line", "page",
                     "sheet"),
}  # fmt: skip


def _data(
    paths: str | Path | Sequence[str | Path] | None,
    cities: Sequence[str] | None,
    host: PluginHost,
    tables: tuple[str, ...] = _COMPARED,
) -> dict[str, pl.DataFrame]:
    """The tables to compare: read from ``paths`` (streamed, in worker processes for many documents,
    which send back only the rows that match a concept; never plans), or the data the plugins ship: the
    tables named by ``tables`` only."""
    if not paths:  # only the tables used, as from documents
        return {name: frame_of(bundled_rows(name, cities, host)) for name in tables}
    import polars as pl

    from munigoals.reading import ParsedTable

    files = _paths(paths)
    count = sum(1 for p in files for _ in (p.rglob("*") if p.is_dir() else [p]))
    workers = (os.cpu_count() or 1) if count >= 8 else 1
    rows: dict[str, list[dict[str, object]]] = {name: [] for name in tables}
    frames: dict[str, list[pl.DataFrame]] = {name: [] for name in tables}
    stream = parse_stream(files, cities=cities, host=host, workers=workers, tables=tables, aligned_only=True)
    for _, outcome in stream:
        if isinstance(outcome, ParseIssue):
            warnings.warn(str(outcome), stacklevel=3)
        elif isinstance(outcome, ParsedTable):
            for issue in outcome.issues:
                warnings.warn(str(issue), stacklevel=3)
            for name in tables:
                rows[name].extend(outcome.rows[name])
                if len(rows[name]) >= _BATCH:
                    frames[name].append(_kept(name, rows[name]))
                    rows[name] = []
    return {name: pl.concat([*frames[name], _kept(name, rows[name])], rechunk=True) for name in tables}


def _kept(name: str, rows: list[dict[str, object]]) -> pl.DataFrame:
    frame = table_from_rows(name, rows)
    return frame.select(_USED[name]) if name in _USED else frame


def compare(
    concepts: Sequence[str] | None = None,
    *,
    topic: str | None = None,
    cities: Sequence[str] | None = None,
    paths: str | Path | Sequence[str | Path] | None = None,
    population: Sequence[PopulationFigure] | None = None,
    host: PluginHost | None = None,
    target: str = "final",
    within: str | None = None,
) -> pl.DataFrame:
    """Cities side by side on the same concepts (see :mod:`munigoals.comparison` for the metrics).

    Args:
        concepts: Concept ids; default: every concept held by two or more cities.
        topic: Only the concepts with this tag (``finance``, ``participation``, ``digital`` …).
        cities: City slugs; default: every installed city.
        paths: Documents to read instead of the data the plugins ship.
        population: Population figures to use instead of the plugins' (one shared reference date).
        host: Plugin host (default: the installed plugins).
        target: ``final`` (the plan's 目標値) or ``interim`` (中間目標・目安値 where stated).
        within: A prefecture (長野県, its code or slug): it and its municipalities, with every concept
            the prefecture holds set beside theirs.

    Warnings (``UserWarning``) say where alignment or per-capita figures had to be left out.
    """
    from munigoals import comparison as _compare

    host = host or default_host()
    cities = host.slugs(cities) or None  # a slug, code, Japanese or English name
    registry = concept_registry(host)
    if topic is not None:
        tagged = registry.tagged(topic)
        concepts = [c for c in concepts if c in tagged] if concepts else tagged
    tables = _data(paths, cities, host)
    figures = (
        population if population is not None else [f for city in host.select(cities) for f in city.population]
    )
    places = [city.municipality for city in host.cities]
    frame, notes = _compare.compare_table(
        tables, registry, figures, concepts, cities, target=target, places=places, within=within
    )
    for note in notes:
        warnings.warn(note, stacklevel=2)
    return frame


def series(
    concept: str,
    *,
    cities: Sequence[str] | None = None,
    paths: str | Path | Sequence[str | Path] | None = None,
    host: PluginHost | None = None,
) -> pl.DataFrame:
    """Every value one concept takes in a city's documents, by fiscal year."""
    from munigoals import comparison as _compare

    host = host or default_host()
    cities = host.slugs(cities) or None  # a slug, code, Japanese or English name
    return _compare.series_table(_data(paths, cities, host), concept_registry(host), concept, cities)


def concepts(
    *,
    search: str | None = None,
    topic: str | None = None,
    paths: str | Path | Sequence[str | Path] | None = None,
    host: PluginHost | None = None,
) -> pl.DataFrame:
    """The concept registry, with the cities that hold each concept and how they match.

    Args:
        search: Only concepts whose id, labels, tags or definition contain this text (any case, NFKC).
        topic: Only concepts with this tag.
        paths: Documents to read instead of the data the plugins ship.
        host: Plugin host (default: the installed plugins).
    """
    import polars as pl

    from munigoals import comparison as _compare

    host = host or default_host()
    registry = concept_registry(host)
    frame = _compare.concepts_table(_data(paths, None, host), registry)
    if topic is not None:
        frame = frame.filter(pl.col("concept").is_in(registry.tagged(topic)))
    if search:
        needle = normalize(search).casefold()
        text = pl.concat_str(["concept", "label_ja", "label_en", "tags", "definition"], separator=" ")
        frame = frame.filter(text.str.to_lowercase().str.contains(needle, literal=True))
    return frame


def unmatched(
    *,
    cities: Sequence[str] | None = None,
    paths: str | Path | Sequence[str | Path] | None = None,
    host: PluginHost | None = None,
) -> pl.DataFrame:
    """Indicators and action targets that matched no concept, each with the nearest concepts by name
    as suggestions for the plugin's author (never applied): ``munigoals concepts --unmatched``."""
    from munigoals import comparison as _compare

    host = host or default_host()
    cities = host.slugs(cities) or None  # a slug, code, Japanese or English name
    if paths:
        run = parse(paths, cities=cities, host=host, named_must_read=True)
        tables = run.tables
    else:
        tables = bundled_tables(cities, host)
    return _compare.unmatched_table(tables, concept_registry(host), cities)


def cite(
    target: str | None = None,
    *,
    fmt: str = "text",
    cities: Sequence[str] | None = None,
    paths: str | Path | Sequence[str | Path] | None = None,
    host: PluginHost | None = None,
) -> str:
    """Citations of the plans behind a comparison, and of munigoals with its version
    (``munigoals cite``).

    For a concept, each plan's citation says where its rows stand: ``p. 12, line 5`` in a PDF,
    ``sheet 令和3年度, row 7`` in a workbook, ``line 16`` in text.

    Args:
        target: A concept id (the plans behind its comparison), a document's file name, or ``None``
            for every document the selected cities' plugins know (with ``paths``: every one read).
        fmt: ``text``, ``bibtex`` or ``csl-json``.
        cities: City slugs; default: every installed city.
        paths: Documents to read (files or folders) instead of the data the plugins ship; one no
            plugin knows is cited by its file name and the SHA-256 of the file as published.
        host: Plugin host (default: the installed plugins).

    Raises:
        munigoals.MunigoalsError: for an unknown concept, document or format.
    """
    from importlib.metadata import PackageNotFoundError, version

    from munigoals.citation import format_citations
    from munigoals.model import cite_place

    host = host or default_host()
    cities = host.slugs(cities) or None  # a slug, code, Japanese or English name
    try:
        munigoals_version = version("munigoals")
    except PackageNotFoundError:  # a source tree that is not installed
        munigoals_version = "0.0.0"
    known = [doc for city in host.select(cities) for doc in city.documents]
    if paths:
        known = _read_documents(paths, cities, host, known)
    places: dict[str, list[str]] = {}
    if target is None:
        documents = known
    elif target in concept_registry(host).concepts:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rows = compare([target], cities=cities, paths=paths, host=host)
        for row in rows.sort("document", "page", "line", nulls_last=False).iter_rows(named=True):
            cited = places.setdefault(row["document"], [])
            place = cite_place(row["line"], row["page"], row["sheet"])
            if place not in cited:
                cited.append(place)
        documents = [doc for doc in known if doc.file_name in places]
        if not documents:
            raise MunigoalsError(f"no known document holds concept {target!r} for these cities")
    else:
        documents = [doc for doc in known if target in (doc.file_name, doc.sha256)]
        if not documents:
            listed = ", ".join(sorted(doc.file_name for doc in known)) or "none"
            raise MunigoalsError(
                f"{target!r} is neither a concept nor a document the plugins know; documents: {listed}"
            )
    return format_citations(documents, munigoals_version, fmt, places=places)


def _read_documents(
    paths: str | Path | Sequence[str | Path],
    cities: Sequence[str] | None,
    host: PluginHost,
    known: Sequence[KnownDocument],
) -> list[KnownDocument]:
    """The documents read from ``paths``, each as its plugin knows it (matched by the SHA-256 of its
    text, under the name it was read by), else by its file name, city and the SHA-256 of the file as
    published (a PDF's or workbook's own bytes)."""
    by_text = {doc.sha256: doc for doc in known}
    read: list[KnownDocument] = []
    for parsed in parse(paths, cities=cities, host=host).documents:
        document = parsed.document
        match = by_text.get(document.text_sha256) or by_text.get(document.sha256)
        if match is not None:
            read.append(attrs.evolve(match, file_name=document.id))
            continue
        published = bool(document.pages)  # a PDF or a workbook: its SHA-256 is of the file's bytes
        read.append(
            KnownDocument(
                file_name=document.id,
                sha256=document.sha256 if published else document.text_sha256,
                title=document.id,
                title_stated=False,
                publisher=parsed.city.municipality.name_ja,
                plan_kind=PlanKind.OTHER,
            )
        )
    return read


def _data_dates(host: PluginHost, cities: Sequence[str] | None) -> dict[str, str]:
    """The date each plugin's shipped data was built (``created`` in its datapackage.json), by
    distribution name; absent where the plugin does not say."""
    dates = {}
    for city in host.select(cities):
        descriptor = city.data_dir / "datapackage.json" if city.data_dir else None
        if descriptor is None or not descriptor.is_file():
            continue
        try:
            created = json.loads(descriptor.read_text(encoding="utf-8")).get("created")
        except (OSError, ValueError):
            continue
        if isinstance(created, str) and len(created) >= 10:
            dates[f"munigoals-{city.plugin_name}"] = created[:10]
    return dates


def _versions(host: PluginHost, cities: Sequence[str] | None) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    try:
        versions = {"munigoals": version("munigoals")}
    except PackageNotFoundError:  # a source tree that is not installed
        versions = {"munigoals": "0.0.0"}
    for city in host.select(cities):
        versions[f"munigoals-{city.plugin_name}"] = city.version or "unknown"
    return versions


def _manifest_urls(documents: Iterable[Path]) -> dict[str, str]:
    """Where documents are published, as the manifest beside them says (``documents.csv``, an optional
    ``url`` column beside ``file`` and ``city``), by file name; only http(s) URLs are taken."""
    import csv
    import io

    from munigoals.reading import MANIFEST

    urls: dict[str, str] = {}
    for folder in sorted({path.parent for path in documents}):
        manifest = folder / MANIFEST
        try:
            rows = list(csv.DictReader(io.StringIO(manifest.read_text(encoding="utf-8-sig"), newline="")))
        except (OSError, UnicodeDecodeError, csv.Error):
            continue  # a missing manifest says nothing; a broken one was refused when it was read
        for row in rows:
            name, url = (row.get("file") or "").strip(), (row.get("url") or "").strip()
            if name and url.startswith(("https://", "http://")) and not any(c.isspace() for c in url):
                urls[name] = url
    return urls


def export(
    directory: str | Path,
    paths: str | Path | Sequence[str | Path] | None = None,
    *,
    cities: Sequence[str] | None = None,
    parquet: bool = False,
    sqlite: str | Path | None = None,
    license_id: str | None = None,
    host: PluginHost | None = None,
) -> Path:
    """Write what was read as a validated Frictionless Data Package (``munigoals export``), and with
    ``sqlite`` a database for Datasette; return the path of ``datapackage.json`` (see
    :mod:`munigoals.package`).

    Args:
        directory: Folder for the package (created when missing).
        paths: Documents to read; default: the data the plugins ship.
        cities: City slugs; default: every installed city.
        parquet: Also write each table as Parquet.
        sqlite: Also write a SQLite database here (its folder created when missing), with
            ``metadata.json`` beside it.
        license_id: The licence of the data (an SPDX id such as ``CC-BY-4.0``), recorded in the package.
        host: Plugin host (default: the installed plugins).
    """
    import polars as pl

    from munigoals import comparison as _compare
    from munigoals import package

    host = host or default_host()
    cities = host.slugs(cities) or None  # a slug, code, Japanese or English name
    out = Path(directory)
    if sqlite is not None:  # its folder is made as the package's is; a file there is refused below
        with contextlib.suppress(OSError):
            Path(sqlite).parent.mkdir(parents=True, exist_ok=True)
    # every output checked against every input before anything is read or written: nothing replaced
    inputs, folders = _export_inputs(_paths(paths) if paths else [])
    package.check_export(
        out, inputs, folders, parquet=parquet, sqlite=Path(sqlite) if sqlite is not None else None
    )
    if paths:
        run = parse(paths, cities=cities, host=host, named_must_read=True)
        for read_issue in run.issues:  # as compare(paths=...) says them: the command counts them
            warnings.warn(str(read_issue), stacklevel=2)
        tables = dict(run.tables)
        issues = [
            {
                "document": i.span.document,
                "line": i.span.first_line,
                "severity": str(i.severity),
                "message": i.message,
            }
            for i in run.issues
        ]
        sources: list[tuple[str, str, City | None]] = [
            (doc.document.id, doc.document.text_sha256, doc.city) for doc in run.documents
        ]
        stated_urls = _manifest_urls(Path(doc.document.path) for doc in run.documents)
    else:
        tables = bundled_tables(cities, host)
        issues = []
        stated_urls = {}
        names = sorted(
            {d for frame in tables.values() for d in frame["document"].drop_nulls().unique().to_list()}
        )
        sources = []
        for name in names:
            known = host.known_document(file_name=name)
            sources.append((name, known[1].sha256 if known else "", known[0] if known else None))
    documents: list[dict[str, Any]] = []
    for name, sha, city in sources:
        found = host.known_document(sha, name)
        known_doc = found[1] if found else None
        owner = found[0] if found else city
        documents.append(
            {
                "document": name,
                "city": owner.slug if owner else None,
                "sha256": sha or (known_doc.sha256 if known_doc else ""),
                "title": known_doc.title if known_doc else name,
                "title_stated": known_doc.title_stated if known_doc else False,
                "publisher": known_doc.publisher
                if known_doc
                else (owner.municipality.name_ja if owner else ""),
                "plan_kind": known_doc.plan_kind.value if known_doc else None,
                "fiscal_years": ", ".join(map(str, known_doc.fiscal_years)) if known_doc else None,
                "url": (known_doc.url if known_doc else None) or stated_urls.get(name),
            }
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        figures = [f for city in host.select(cities) for f in city.population]
        tables["comparison"], _ = _compare.compare_table(
            tables,
            concept_registry(host),
            figures,
            None,
            cities,
            places=[c.municipality for c in host.cities],
        )
    issue_frame = pl.DataFrame(
        issues, schema={"document": pl.String, "line": pl.Int64, "severity": pl.String, "message": pl.String}
    )
    versions = _versions(host, cities)
    with package.Staging(out) as staging:  # the package, database and metadata: all or nothing
        descriptor = package.write_package(
            out, tables, documents, issue_frame, versions,
            license_id=license_id, parquet=parquet, staging=staging,
        )  # fmt: skip
        if sqlite is not None:
            shas = {str(d["document"]): str(d["sha256"]) for d in documents}
            frames = {name: package.with_row_ids(frame, shas) for name, frame in tables.items()}
            frames["issues"] = package.with_row_ids(issue_frame, shas)
            frames["documents"] = pl.DataFrame(documents)
            package.write_sqlite(Path(sqlite), frames, staging)
            metadata = package.datasette_metadata(documents, list(frames), license_id, Path(sqlite).stem)
            where = staging.file(Path(sqlite).with_name("metadata.json"))
            try:
                where.write_text(json.dumps(metadata, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            except OSError as exc:
                raise MunigoalsError(f"cannot write {where.name}: {exc.strerror or exc}") from None
    return descriptor


def _export_inputs(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """What an export reads: every file named or found in a named folder, and the manifests
    (``documents.csv``) beside them; and the named folders."""
    from munigoals.reading import MANIFEST, expand_paths

    folders = [path for path in paths if path.is_dir()]
    try:
        files = [path for path, _ in expand_paths(paths)[0]]
    except MunigoalsError:  # a folder with no document: reading it will say so, before anything is written
        files = [path for path in paths if not path.is_dir()]
    manifests = {path.parent / MANIFEST for path in files} | {
        manifest for folder in folders for manifest in folder.rglob(MANIFEST)
    }
    return [*files, *sorted(m for m in manifests if m.exists())], folders


def table(name: str, *, cities: Sequence[str] | None = None, host: PluginHost | None = None) -> pl.DataFrame:
    """One table of the data the city plugins ship (``munigoals table NAME``): no documents needed.

    Raises:
        munigoals.MunigoalsError: for an unknown table or city.
    """
    if name not in TABLE_NAMES:
        raise MunigoalsError(f"unknown table {name!r}; choose one of {', '.join(TABLE_NAMES)}", exit_code=2)
    return frame_of(bundled_rows(name, cities, host))


#: The numbers a chart draws: a row with one that is not finite (NaN, ±inf, a 400-digit value) cannot be.
_DRAWN = ("baseline_value", "target_value", "actual_value", "value")


def _drawable(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` without the rows a chart cannot draw, each reported (a warning with its line)."""
    import polars as pl

    columns = [c for c in _DRAWN if c in frame.columns and frame.schema[c].is_float()]
    if not columns or frame.is_empty():
        return frame
    broken = pl.any_horizontal([pl.col(c).is_not_null() & ~pl.col(c).is_finite() for c in columns])
    for row in frame.filter(broken).iter_rows(named=True):
        bad = ", ".join(f"{c} {row[c]}" for c in columns if row[c] is not None and not math.isfinite(row[c]))
        warnings.warn(
            f"{row.get('document')}:{row.get('line')}: warning: not drawn: {bad} is not a finite number",
            UserWarning,
            stacklevel=3,
        )
    return frame.filter(~broken)


def chart(
    concepts: Sequence[str] | None = None,
    *,
    kinds: Sequence[str] | None = None,
    cities: Sequence[str] | None = None,
    paths: str | Path | Sequence[str | Path] | None = None,
    lang: str = "ja",
    host: PluginHost | None = None,
    width: int | None = None,
    title: str | None = None,
    caption: str | None = None,
    per_capita: bool = False,
) -> AnyChart:
    """A comparison chart (:mod:`munigoals.charts`): the kinds asked for; else, for one concept, the one
    figure suited to it (the dumbbell, or the series when that is all the data supports); else every
    kind the data supports.

    ``width`` is the figure's width in pixels (titles and notes wrap to it); ``title`` and ``caption``
    are the author's, above and below the figure; ``per_capita`` draws counts of people per 1,000
    residents, naming the population figures used (their source and date) in the figure. Every text is
    in ``lang``; the figure's data travels with it (its HTML shows it as a table, with a CSV).

    Raises:
        munigoals.MunigoalsError: for an unknown kind or language, or when no kind has data to draw.
    """
    import polars as pl

    from munigoals import charts
    from munigoals import comparison as _compare

    host = host or default_host()
    cities = host.slugs(cities) or None  # a slug, code, Japanese or English name
    if lang not in ("ja", "en"):
        raise MunigoalsError(f"unknown language {lang!r}; choose ja or en", exit_code=2)
    for kind in kinds or ():
        if kind not in charts.CHART_KINDS:
            raise MunigoalsError(
                f"unknown chart kind {kind!r}; choose from {', '.join(charts.CHART_KINDS)}", exit_code=2
            )
    width = width or charts.DEFAULT_WIDTH
    tables = _data(paths, cities, host, (*_COMPARED, "roles"))
    names = {
        c.slug: (c.municipality.name_ja if lang == "ja" else c.municipality.name_en) for c in host.cities
    }
    registry = concept_registry(host)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # per-capita notes do not matter for a chart
        compared, _ = _compare.compare_table(
            tables, registry, [f for c in host.select(cities) for f in c.population], concepts, cities,
            places=[c.municipality for c in host.cities],
        )  # fmt: skip
    titles = {doc.file_name: doc.title for city in host.cities for doc in city.documents}

    def titled(frame: pl.DataFrame) -> pl.DataFrame:
        """Sources cited by plan title (the file name only for a document no plugin knows), and the
        comparability note in both languages (from the rule that aligned the row)."""
        title = pl.col("document").replace_strict(titles, default=None, return_dtype=pl.String)
        # a figure's data names a known plan by its title, never by the file name it was read from
        frame = frame.with_columns(
            title.alias("document_title"), pl.coalesce(title, pl.col("document")).alias("document")
        )
        if "name" not in frame.columns or "match" not in frame.columns:
            return frame
        found = [registry.align(str(r["city"]), str(r["name"])) for r in frame.iter_rows(named=True)]
        return frame.with_columns(
            pl.Series("note_ja", [a.note_ja if a else None for a in found], dtype=pl.String),
            pl.Series("note_en", [a.note if a else None for a in found], dtype=pl.String),
        )

    compared = _drawable(titled(compared))
    population_lines: list[str] = []
    if per_capita:
        compared, population_lines = charts.per_capita(compared, names, lang)
    # one concept: the one figure suited to it (the dumbbell, else the series when that is all the data
    # supports); several concepts: every kind about them; none: every kind, the roles too
    single = not kinds and concepts is not None and len(concepts) == 1
    if kinds:
        wanted = list(kinds)
    elif single:
        wanted = ["dumbbell", "series"]
    else:
        wanted = [k for k in charts.CHART_KINDS if not (concepts and k == "roles")]
    panels: list[AnyChart] = []
    data: list[dict[str, object]] = []
    problems = []
    for kind in wanted:
        if single and panels:
            break
        try:
            if kind in ("dumbbell", "ambition", "progress"):
                draw = {"dumbbell": charts.dumbbell_chart, "ambition": charts.ambition_chart,
                        "progress": charts.progress_chart}[kind]  # fmt: skip
                panels.append(draw(compared, names, lang, width=width))
                if not any(t["kind"] == "comparison" for t in data):
                    data.append(
                        {"kind": "comparison", **charts.data_table("comparison", compared, names, lang)}
                    )
            elif kind == "roles":
                roles = titled(tables["roles"])
                roles = roles.filter(pl.col("city").is_in(list(cities))) if cities else roles
                panels.append(charts.roles_chart(roles, names, lang, width=width))
                data.append({"kind": "roles", **charts.data_table("roles", roles, names, lang)})
            elif kind == "series":
                for concept in concepts or compared["concept"].unique(maintain_order=True).to_list():
                    frame = _drawable(titled(_compare.series_table(tables, registry, concept, cities)))
                    panels.append(charts.series_chart(frame, names, lang, registry[concept], width=width))
                    data.append({"kind": "series", **charts.data_table("series", frame, names, lang)})
        except MunigoalsError as exc:
            problems.append(f"{kind}: {exc}")
    if not panels:
        raise MunigoalsError("no chart could be drawn: " + "; ".join(problems))
    if kinds:
        for problem in problems:
            warnings.warn(problem, stacklevel=2)
    import altair as alt  # only charts need Altair: tables and comparisons start without it

    # each kind has its own colours (cities, grades, actor groups): scales must not merge
    drawn = (
        panels[0]
        if len(panels) == 1
        else alt.vconcat(*panels).resolve_scale(
            color="independent", shape="independent", opacity="independent"
        )
    )
    # every figure credits munigoals and the data it was drawn from, in the figure itself
    versions = _versions(host, cities)
    built = _data_dates(host, cities)
    ja = lang == "ja"
    of = "、" if ja else ", "
    shipped = of.join(
        f"{k} {v}" + ((f" ({built[k]}作成)" if ja else f" of {built[k]}") if built.get(k) else "")
        for k, v in sorted(versions.items())
        if k != "munigoals"
    )
    source = ("読み込んだ文書 (出典は上記)" if ja else "documents read (sources above)") if paths else shipped
    credit = f"munigoals {versions['munigoals']} — " + ("データ: " if ja else "data: ") + source
    bottom = charts.wrap_lines([*(caption.splitlines() if caption else []), *population_lines], width - 10)
    # each view keeps its own legends, placed under its own title (not gathered at the figure's top)
    own = alt.LegendResolveMap(color="independent", shape="independent", strokeDash="independent",
                               opacity="independent")  # fmt: skip
    figure = alt.VConcatChart(vconcat=[drawn], resolve=alt.Resolve(legend=own)).properties(
        title=alt.TitleParams(
            bottom or charts.wrap_lines([credit], width - 10),
            subtitle=charts.wrap_lines([credit], width - 10) if bottom else alt.Undefined,
            orient="bottom",
            anchor="start",
            fontSize=charts.MIN_FONT,
            fontWeight="normal",
            subtitleFontSize=charts.MIN_FONT,
        )
    )
    meta = {"munigoals_lang": lang, "munigoals_tables": data}
    out = charts.Figure(vconcat=[figure], usermeta=meta, resolve=alt.Resolve(legend=own))
    if title:
        out = out.properties(
            title=alt.TitleParams(
                charts.wrap_lines([title], width - 10, charts.MIN_FONT + 4),
                fontSize=charts.MIN_FONT + 4,
                anchor="start",
            )
        )
    font = charts.japanese_font()  # the same font whether saved here or by the command line
    return out.configure(**charts.figure_config(font, width))  # type: ignore[arg-type]

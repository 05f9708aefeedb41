"""The ``munigoals`` command line.

Errors are one line on standard error and an exit status: 1 for a problem with the data, 2 for a
problem with how the command was called. No traceback reaches the user (set ``MUNIGOALS_DEBUG=1`` to
see one).
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import signal
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from munigoals.errors import MunigoalsError
from munigoals.names import CHART_KINDS, OUTPUT_FORMATS, TABLE_NAMES
from munigoals.terminal import Reporter, display_path, printable

__all__ = ["cli", "main"]

_TABLE_HELP = "Which table: " + ", ".join(TABLE_NAMES) + " (their columns: munigoals columns TABLE)."


def _host(cities: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    """The installed plugins; with --city, only those cities' plugins are imported."""
    from munigoals.plugins import host_for

    return host_for(tuple(sorted(cities)) or None)


def write_table(*args: Any, **kwargs: Any) -> None:
    """Write a table (imported on use: Polars is loaded only by commands that need it)."""
    from munigoals.output import write_table as write

    write(*args, **kwargs)


#: The command line's one voice on stderr (see munigoals.terminal.Reporter).
REPORTER = Reporter()


def _stderr(message: str) -> None:
    """A line on stderr that is no diagnostic (``wrote FILE``): shown unless --quiet."""
    if REPORTER.verbosity >= 0:
        click.echo(printable(message), err=True)


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        REPORTER.verbosity = -1 if param.name == "quiet" else 1


def _verbosity(command: Callable[..., Any]) -> Callable[..., Any]:
    """-q/--quiet and -v/--verbose, on every command."""
    command = click.option(
        "-v", "--verbose", is_flag=True, expose_value=False, callback=_set_verbosity,
        help="Show every note of each document (warnings are always shown; without -v, notes past a "
        "document's first ten are only counted).",
    )(command)  # fmt: skip
    return click.option(
        "-q", "--quiet", is_flag=True, expose_value=False, callback=_set_verbosity,
        help="Show errors only: no warnings, notes or summary.",
    )(command)  # fmt: skip


def _output_format(fmt: str | None, output: Path | None) -> str:
    """The format to write: ``-o``'s suffix, else ``--format``, else the table (see output_format)."""
    from munigoals.output import output_format

    return output_format(fmt, output)


def _written(output: Path | None) -> str:
    """`` to FILE`` for a summary line, when the output went to a file."""
    return f", written to {display_path(output)}" if output is not None else ""


def _check_output(output: Path | None, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse ``-o`` onto a document being read (or a device, folder …) before any work is done."""
    if output is None:
        return
    from munigoals.output import output_path
    from munigoals.reading import expand_paths

    files: list[Path] = []
    for path in inputs:
        try:
            files.extend(file for file, _ in expand_paths([path])[0])
        except MunigoalsError:
            files.append(path)
    output_path(output, files)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="munigoals", prog_name="munigoals")
@click.option(
    "--debug",
    is_flag=True,
    help="Show tracebacks: of internal errors, and of plugins that fail while reading a document "
    "(also MUNIGOALS_DEBUG=1).",
)
def cli(debug: bool) -> None:
    """Compare the goals that Japanese municipalities set themselves.

    Point munigoals at the planning documents cities publish (PDFs, workbooks, or text extracted from
    them) and get tidy tables of indicators, targets, roles and actions, each row citing its source
    document, page and line. City readers are plugins: 'munigoals cities' lists them.
    """
    if debug:
        os.environ["MUNIGOALS_DEBUG"] = "1"


@cli.command()
@_verbosity
@click.option(
    "--check",
    is_flag=True,
    help="Also run each city's layouts over text that is no plan (their sniff must give a number from "
    "0 to 1, and below 0.5); exit 1 when a plugin failed to load or breaks that contract.",
)
def cities(check: bool) -> None:
    """List the installed places (municipalities and prefectures), the layouts each reads, and plugins
    that failed to load.

    A plugin that fails to import, raises in a hook, returns something invalid or whose entry-point
    name two distributions claim is listed as [failed] with the reason. The full contract of a plugin
    (its fixtures read, every number in the line it cites, its bundled data) is the test kit
    munigoals.testing.CityContract, run in the plugin's own tests.
    """
    host = _host()
    if not host.cities and not host.failures:
        click.echo(
            "no city plugin is installed; install one, e.g. pip install munigoals-ueda munigoals-suzaka"
        )
        if check:
            raise MunigoalsError("no city plugin is installed")
        return
    broken = [f"{failure.name}: {failure.reason}" for failure in host.failures]
    for city in host.cities:
        m = city.municipality
        version = f" {city.version}" if city.version else ""
        problems = _contract_problems(city) if check else []
        broken.extend(f"{city.plugin_name}: {problem}" for problem in problems)
        state = "failed" if problems else "ok"
        where = m.prefecture if m.kind == "municipality" else "都道府県"
        click.echo(
            f"{m.slug:<10} {m.name_ja} ({m.name_en}, {where}) {m.kind} code {m.code}  [{state}{version}]"
        )
        for layout in city.layouts:
            click.echo(f"    layout {layout.name}: {layout.description}")
        if city.data_dir is not None:
            click.echo("    bundled data: yes")
        for problem in problems:
            click.echo(f"    problem: {problem}")
    for failure in host.failures:
        click.echo(f"{failure.name:<10} [failed] {failure.reason}")
    if check and broken:
        raise MunigoalsError(f"{len(broken)} plugin problem(s): " + "; ".join(broken))


def _contract_problems(city: Any) -> list[str]:
    """The cheap part of the plugin contract: each layout's sniff on text that is no plan."""
    import math

    problems = []
    for layout in city.layouts:
        for text in ("", "吾輩は猫である。名前はまだ無い。\n", "id,name,value\n1,a,2\n"):
            try:
                score = layout.sniff(text)
            except (Exception, SystemExit) as exc:
                problems.append(f"layout {layout.name}: sniff raised {type(exc).__name__}")
                break
            if not isinstance(score, int | float) or not math.isfinite(score) or not 0 <= score < 0.5:
                problems.append(f"layout {layout.name}: sniff gave {score!r} for text that is no plan")
                break
    return problems


def _resolve_cities(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """--city values (slug, code, Japanese or English name) as slugs."""
    from munigoals.plugins import resolve_cities

    return resolve_cities(value)


_city_option = click.option(
    "--city",
    "cities_",
    multiple=True,
    metavar="CITY",
    callback=_resolve_cities,
    help="Only this city: its slug, municipality code, Japanese or English name (ueda, 202037, 上田市, "
    "Ueda); repeat for several.",
)
_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(OUTPUT_FORMATS),
    help="table (the default): readable in a terminal; csv: UTF-8 with BOM (Excel, LibreOffice); xlsx: a "
    "workbook, ids as text and numbers as numbers (needs -o); json: one array of rows; jsonl: one row a "
    "line; parquet: needs -o. With -o FILE the suffix chooses (.csv .xlsx .parquet .json .jsonl, .txt "
    "for the table); a --format that disagrees with it is refused.",
)
_output_option = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to FILE instead of the terminal. FILE is replaced only when everything succeeded; it may "
    "not be a document being read, a folder, a device or FIFO, or read-only; a symlink is written "
    "through to its target.",
)
_raw_option = click.option(
    "--raw",
    is_flag=True,
    help="CSV: write text cells as they are. By default a cell that would start a spreadsheet formula "
    "(= + - @) gets a leading ' and the comparator = is written eq.",
)
_table_choice = click.Choice(TABLE_NAMES)


@cli.command()
@_verbosity
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_city_option
@click.option(
    "--table", "table", type=_table_choice, default="indicators", show_default=True, help=_TABLE_HELP
)
@_format_option
@_output_option
@_raw_option
@click.option(
    "--strict", is_flag=True, help="Fail (exit 1, no output) when any line could not be read or was skipped."
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Worker processes for many documents (default: every core, from 8 documents on).",
)
@click.option(
    "--layout",
    "layout_spec",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the documents with this layout spec (TOML), which no package need hold yet; "
    "with --city CODE (an installed city, or any 6-digit 全国地方公共団体コード).",
)
def parse(
    paths: tuple[Path, ...],
    cities_: tuple[str, ...],
    table: str,
    fmt: str | None,
    output: Path | None,
    raw: bool,
    strict: bool,
    jobs: int | None,
    layout_spec: Path | None = None,
) -> None:
    """Read planning documents and print one of their tables.

    PATHS are documents or folders of them: text (.txt, .md, .tsv, .text), PDF (.pdf) and workbooks
    (.xlsx, .xlsm, .xls, .ods), read recursively, each file once; anything else in a folder is listed
    as skipped. Each document's layout is found by asking
    every installed city plugin; --city restricts the choice. Lines a reader could not place are
    reported on stderr as FILE:LINE: warnings; --strict turns them into a failure. Many documents are
    read in worker processes with a progress bar; with --format parquet -o FILE the rows are streamed
    to the file in batches, so no more than a batch is held at once. Ctrl-C or SIGTERM stops the
    workers and leaves no partial file. A document may be at most 64 MB (MUNIGOALS_MAX_DOCUMENT_MB).
    """
    from munigoals.api import parse_stream
    from munigoals.model import ParseIssue, Severity
    from munigoals.output import ParquetSink, output_path
    from munigoals.reading import ParsedTable, expand_paths

    if layout_spec is not None:
        from munigoals.plugins import trial_host

        if len(cities_) != 1:
            raise MunigoalsError("--layout reads one city's documents: name it with --city CODE (162094)")
        host = trial_host(layout_spec, cities_[0])
        cities_ = (host.cities[0].slug,)
        jobs = 1  # the spec is read in this process
    else:
        host = _host(cities_)
    host.select(cities_)  # an unknown --city fails before any file is read
    files, _ = expand_paths(paths)
    if output is not None:
        output_path(output, [path for path, _ in files])  # refused before any work is done
    fmt = _output_format(fmt, output)
    workers = jobs or ((os.cpu_count() or 1) if len(files) >= 8 else 1)
    sink = ParquetSink(output, table) if fmt == "parquet" and output is not None else None
    rows_so_far: list[Any] = []
    issues = 0
    documents = 0
    try:
        with _progress(len(files)) as advance:
            stream = parse_stream(
                paths,
                cities=cities_ or None,
                host=host,
                workers=workers,
                tables=(table,),
                named_must_read=True,
            )
            for _path, outcome in stream:
                if isinstance(outcome, ParseIssue):
                    found = [outcome]
                else:
                    assert isinstance(outcome, ParsedTable)  # a table was asked for
                    found = list(outcome.issues)
                    documents += 1
                    rows_so_far.extend(outcome.rows[table])
                    advance()
                for issue in found:
                    REPORTER.issue(issue)
                issues += sum(1 for issue in found if issue.severity != Severity.NOTE)
                if sink is not None and len(rows_so_far) >= sink.batch:
                    sink.write(rows_so_far)
                    rows_so_far = []
        if strict and issues:
            raise MunigoalsError(
                f"--strict: {issues} line(s) or file(s) could not be read (listed above); nothing written"
            )
        if sink is not None:
            sink.write(rows_so_far)
            rows = sink.finish()
        else:
            from munigoals.tables import table_from_rows

            frame = table_from_rows(table, rows_so_far)
            rows = len(frame)
            write_table(frame, fmt, output, table, raw=raw)
    finally:
        if sink is not None:
            sink.cleanup()
    REPORTER.summary(f"read {documents} document(s): {rows} row(s) in {table}")


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for many documents; nothing for a few, or when stderr is no terminal."""
    if total < 5 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("reading documents", total=total)
        yield lambda: progress.advance(task)


@cli.command("table")
@_verbosity
@click.argument("name", type=_table_choice)
@_city_option
@_format_option
@_output_option
@_raw_option
def table_cmd(name: str, cities_: tuple[str, ...], fmt: str | None, output: Path | None, raw: bool) -> None:
    """Print table NAME from the data the city plugins ship (no documents needed).

    NAME is one of: policies, indicators, roles, actions, targets, observations, measures, values
    (every number the plans state, one row each: baselines, interim and final targets, actuals,
    projections, mid-year results).
    """
    from munigoals.api import bundled_rows

    _check_output(output)
    fmt = _output_format(fmt, output)
    rows = bundled_rows(name, cities_ or None, host=_host(cities_))  # plain values: Polars only for csv …
    write_table(rows, fmt, output, name, raw=raw)
    REPORTER.summary(f"{len(rows.rows)} row(s) in {name}" + _written(output))


_from_option = click.option(
    "--from",
    "from_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="Read these documents (files or folders; repeat) instead of the data the city plugins ship.",
)


@contextmanager
def _warnings_to_stderr() -> Iterator[list[str]]:
    """Library warnings (parse issues of --from documents, alignment conflicts, per-capita notes) as
    the reporter's lines on stderr: ``FILE:LINE: warning: …`` for issues, ``munigoals: note: …`` else.
    The list it gives holds them, once the block has ended."""
    said: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield said
    for warning in caught:
        if issubclass(warning.category, UserWarning):  # munigoals' own; not a library's housekeeping
            said.append(str(warning.message))
            REPORTER.issue(said[-1])


@cli.command()
@_verbosity
@click.argument("concepts", nargs=-1)
@_city_option
@_from_option
@click.option(
    "--population",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV of city,population,reference_date,source to use for per-1,000 figures instead of the plugins'.",
)
@click.option(
    "--topic", metavar="TAG", help="Only concepts with this topic (finance, participation, digital …)."
)
@click.option(
    "--target",
    "target",
    type=click.Choice(["final", "interim"]),
    default="final",
    show_default=True,
    help="Measure against the plan's final target, or its interim one (中間目標・目安値) where stated.",
)
@click.option(
    "--within",
    metavar="PREFECTURE",
    help="A prefecture (長野県, its code 200000 or slug): it and its municipalities, with every concept "
    "the prefecture holds set beside theirs.",
)
@_format_option
@_output_option
@_raw_option
def compare(
    concepts: tuple[str, ...],
    topic: str | None,
    target: str,
    within: str | None,
    cities_: tuple[str, ...],
    from_paths: tuple[Path, ...],
    population: Path | None,
    fmt: str | None,
    output: Path | None,
    raw: bool,
) -> None:
    """Put cities side by side on the same concepts.

    Without CONCEPTS: every concept held by two or more cities (see 'munigoals concepts'). Each row
    says how well the city's indicator matches the concept (exact, proxy, related) and why, with
    baseline, target, the kind of target (level, ceiling, floor), the improvement it asks for per year
    (signed by the concept's polarity; rates in percentage points), headroom under ceilings already
    met, per-1,000 figures for counts of people, progress and grade (S/A/B/C/−) where results exist.
    A direction the plan states (増加を目指す, 減少を目指す) comes before the concept's polarity. The final
    target is used unless --target interim; target_used says which. Definitions: the
    munigoals.metrics module and the docs' Metrics page.
    """
    host = _host(cities_)
    host.select(cities_)
    _check_output(output, (*from_paths, *([population] if population else [])))
    fmt = _output_format(fmt, output)

    def compared() -> Any:
        from munigoals import api
        from munigoals.comparison import read_population_file

        places = [c.municipality for c in host.cities]
        figures = read_population_file(population, places) if population else None
        return api.compare(
            concepts or None,
            topic=topic,
            cities=cities_ or None,
            paths=from_paths or None,
            population=figures,
            host=host,
            target=target,
            within=within,
        )

    if fmt != "table":
        with _warnings_to_stderr():
            frame = compared()
        _no_comparison(len(frame))
        write_table(frame, fmt, output, "compare", raw=raw)
        REPORTER.summary(f"compared {len(frame)} row(s)" + _written(output))
        return
    # the terminal table of the data the plugins ship is kept until a file it is made from changes
    options: list[object] = [sorted(concepts), topic, sorted(cities_), target, within]
    key = _shipped_key(host, options) if not from_paths and population is None else None
    kept = _kept_table(key)
    if kept is None:
        from munigoals.output import compare_display, compare_footer
        from munigoals.tables import rows_of

        with _warnings_to_stderr() as said:
            frame = compared()
        rows = rows_of("compare", compare_display(frame))
        kept = (rows, compare_footer(frame), said)
        if key is not None:
            from munigoals.cache import keep

            keep("compare-table", key, [list(rows.columns), list(rows.types), rows.rows, kept[1], said])
    else:
        for note in kept[2]:
            REPORTER.issue(note)
    _no_comparison(len(kept[0].rows))
    write_table(kept[0], fmt, output, "compare", kept[1])
    REPORTER.summary(f"compared {len(kept[0].rows)} row(s)" + _written(output))


def _no_comparison(rows: int) -> None:
    if not rows:
        REPORTER.note("no concept is held by two or more of the selected cities; see 'munigoals concepts'")


def _shipped_key(host: Any, options: list[object]) -> list[object] | None:
    """What a result made from the data the plugins ship is a function of: ``options``, the installed
    plugins that failed, and the stamp of all the code it is made from (munigoals' own modules and data,
    each plugin's, each city's tables, the installed packages: :meth:`PluginHost.code_stamp`); ``None``
    where a plugin has no file to vouch for it."""
    stamp = host.code_stamp()
    if stamp is None:
        return None
    return [options, [[f.name, f.reason] for f in host.failures], stamp]


def _kept_table(key: list[object] | None) -> tuple[Any, str, list[str]] | None:
    """The terminal comparison kept under ``key`` (its rows, footer and notes), where it is whole."""
    if key is None:
        return None
    from munigoals.cache import recall
    from munigoals.tables import Rows

    kept = recall("compare-table", key)
    if not isinstance(kept, list) or len(kept) != 5:
        return None
    columns, types, rows, footer, notes = kept
    lists = (columns, types, rows, notes)
    if not all(isinstance(v, list) for v in lists) or not isinstance(footer, str):
        return None
    if len(types) != len(columns) or not all(isinstance(v, str) for v in (*columns, *types, *notes)):
        return None
    if not all(isinstance(r, list) and len(r) == len(columns) for r in rows):
        return None
    return Rows("compare", tuple(columns), tuple(types), [tuple(r) for r in rows]), footer, notes


@cli.command()
@_verbosity
@_from_option
@click.option(
    "--search", metavar="TEXT", help="Only concepts whose id, labels, topics or definition contain TEXT."
)
@click.option(
    "--topic", metavar="TAG", help="Only concepts with this topic (finance, participation, digital …)."
)
@click.option(
    "--unmatched",
    is_flag=True,
    help="Instead: the indicators and targets that match no concept, with the nearest concepts by name "
    "as suggestions for the plugin's author (never applied).",
)
@_city_option
@_format_option
@_output_option
@_raw_option
def concepts(
    from_paths: tuple[Path, ...],
    search: str | None,
    topic: str | None,
    unmatched: bool,
    cities_: tuple[str, ...],
    fmt: str | None,
    output: Path | None,
    raw: bool,
) -> None:
    """List the comparison concepts, their topics, and which cities hold each, with how they match.

    With --unmatched, list what no concept holds (with --city, of those cities), each with suggestions:
    one particle more (オープンデータの公開件数) is enough to miss a rule, and this is where to see it.
    """
    from munigoals import api

    host = _host(cities_)
    host.select(cities_)
    _check_output(output, from_paths)
    fmt = _output_format(fmt, output)
    with _warnings_to_stderr():
        if unmatched:
            frame = api.unmatched(cities=cities_ or None, paths=from_paths or None, host=host)
        else:
            frame = api.concepts(search=search, topic=topic, paths=from_paths or None, host=host)
    write_table(frame, fmt, output, "unmatched" if unmatched else "concepts", raw=raw)
    REPORTER.summary(f"{len(frame)} {'unmatched row(s)' if unmatched else 'concept(s)'}" + _written(output))


@cli.command()
@_verbosity
@click.argument("concept")
@_city_option
@_from_option
@_format_option
@_output_option
@_raw_option
def series(
    concept: str,
    cities_: tuple[str, ...],
    from_paths: tuple[Path, ...],
    fmt: str | None,
    output: Path | None,
    raw: bool,
) -> None:
    """Every value CONCEPT takes in a city's documents, by fiscal year.

    Observations, baselines, targets and results from every document, each citing its source line.
    """
    from munigoals import api

    host = _host(cities_)
    host.select(cities_)
    _check_output(output, from_paths)
    fmt = _output_format(fmt, output)
    with _warnings_to_stderr():
        frame = api.series(concept, cities=cities_ or None, paths=from_paths or None, host=host)
    write_table(frame, fmt, output, "series", raw=raw)
    REPORTER.summary(f"{len(frame)} value(s) of {concept}" + _written(output))


def _finite(param: click.Parameter, value: float) -> float:
    """A number option's value, refused when it is NaN (which passes every range)."""
    if value != value:
        raise click.BadParameter(f"{value!r} is not a number", param=param)
    return value


@cli.command()
@_verbosity
@click.argument("concepts", nargs=-1)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(CHART_KINDS),
    help="Chart kind (repeat for several); default: for one concept the figure suited to it (the dumbbell, "
    "else the series), otherwise every kind the data supports.",
)
@_city_option
@_from_option
@click.option(
    "--width",
    type=click.IntRange(200, 4000),
    metavar="PIXELS",
    help="Width of the figure in pixels; titles, notes and legends wrap to it (default 640, or --size).",
)
@click.option(
    "--size",
    metavar="MM",
    help="Printed width, e.g. 85mm (a journal's single column) or 174mm (a page): the figure is laid out "
    "for it, a PNG is that wide at --dpi, an SVG or PDF measures it.",
)
@click.option(
    "--dpi",
    type=click.IntRange(72, 2400),
    default=300,
    show_default=True,
    help="Dots per inch of a PNG drawn at --size.",
)
@click.option("--title", "title", metavar="TEXT", help="The figure's title, above it (the author's).")
@click.option("--caption", metavar="TEXT", help="A caption under the figure, above the credit line.")
@click.option(
    "--per-capita",
    is_flag=True,
    help="Counts of people per 1,000 residents; the figure names the population figures used.",
)
@click.option(
    "--scale",
    type=click.FloatRange(0.5, 8),
    callback=lambda ctx, param, value: _finite(param, value),
    default=2.0,
    show_default=True,
    help="Pixel ratio of a PNG (2 suits print and high-density screens).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="FILE.html (self-contained, opens offline; no text from a document can become markup), .json "
    "(Vega-Lite spec), .svg, .png or .pdf (fonts embedded).",
)
@click.option(
    "--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True, help="Label language."
)
def chart(
    concepts: tuple[str, ...],
    kinds: tuple[str, ...],
    cities_: tuple[str, ...],
    from_paths: tuple[Path, ...],
    width: int | None,
    size: str | None,
    dpi: int,
    title: str | None,
    caption: str | None,
    per_capita: bool,
    scale: float,
    output: Path | None,
    lang: str,
) -> None:
    """Draw comparison charts of CONCEPTS (default: every concept two or more cities hold).

    The format follows the suffix of -o. Without -o an HTML file is written in the current folder.
    SVG and PNG need a Japanese font for Japanese labels (Debian: apt-get install fonts-ipafont-gothic);
    without one, labels fall back to English and a note says so.
    """
    from munigoals import api
    from munigoals.charts import japanese_font, layout_width, save_chart

    size_mm = None
    if size is not None:
        found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*mm\s*", size)
        if not found or not 20 <= float(found.group(1)) <= 1000:
            raise click.BadParameter(f"{size!r}: give millimetres, e.g. 85mm or 174mm", param_hint="--size")
        size_mm = float(found.group(1))
    host = _host(cities_)
    host.select(cities_)
    named = "-".join(concepts) or "all"
    if len(named) > 80:  # a file name has at most 255 bytes: many concepts are counted, not listed
        named = f"{len(concepts)}-concepts"
    path = output or Path(f"munigoals-chart-{named}.html")
    _check_output(path, from_paths)
    static = path.suffix.lower() in (".svg", ".png", ".pdf")
    font = japanese_font() if static else None
    if static and lang == "ja" and font is None:
        REPORTER.note("no Japanese font found (apt-get install fonts-ipafont-gothic): drawing English labels")
        lang = "en"
    with _warnings_to_stderr():
        drawn = api.chart(
            concepts or None,
            kinds=kinds or None,
            cities=cities_ or None,
            paths=from_paths or None,
            lang=lang,
            host=host,
            width=width or (layout_width(size_mm) if size_mm else None),
            title=title,
            caption=caption,
            per_capita=per_capita,
        )
    save_chart(drawn, path, font, scale=scale, size_mm=size_mm, dpi=dpi)
    REPORTER.summary(f"wrote {display_path(path)}")


@cli.command()
@_verbosity
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_city_option
@click.option("--parquet", is_flag=True, help="Also write each table as Parquet.")
@click.option(
    "--sqlite",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a SQLite database, with metadata.json beside it (for datasette FILE --metadata ...).",
)
@click.option(
    "--license", "license_id", metavar="ID", help="The data's licence (an SPDX id, e.g. CC-BY-4.0)."
)
def export(
    directory: Path,
    paths: tuple[Path, ...],
    cities_: tuple[str, ...],
    parquet: bool,
    sqlite: Path | None,
    license_id: str | None,
) -> None:
    """Publish what was read as a Frictionless Data Package in DIRECTORY.

    Reads PATHS (or, without them, the data the plugins ship) once and writes every table (policies,
    indicators, roles, actions, targets, observations, the comparison), the documents (title,
    publisher, fiscal years, URL where known, SHA-256 of the text) and the parse issues as CSV, with a
    datapackage.json: a Table Schema per table (types, descriptions, keys), the sources, the munigoals
    and plugin versions, the date and the licence. Row keys (row_id) are stable across exports of the
    same documents. Validate with: frictionless validate DIRECTORY/datapackage.json
    """
    from munigoals import api

    host = _host(cities_)
    host.select(cities_)
    if directory.exists() and not directory.is_dir():
        raise MunigoalsError(f"cannot export to {display_path(directory)}: it is a file; name a folder")
    with _warnings_to_stderr():
        descriptor = api.export(
            directory, paths or None, cities=cities_ or None, parquet=parquet, sqlite=sqlite,
            license_id=license_id, host=host,
        )  # fmt: skip
    REPORTER.summary(f"wrote {display_path(descriptor)}" + (f" and {display_path(sqlite)}" if sqlite else ""))


@cli.command()
@_verbosity
@click.argument("target", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "bibtex", "csl-json"]),
    default="text",
    show_default=True,
    help="Citation format.",
)
@_city_option
@_from_option
@_output_option
def cite(
    target: str | None, fmt: str, cities_: tuple[str, ...], from_paths: tuple[Path, ...], output: Path | None
) -> None:
    """Citations of the plans behind a comparison, and of munigoals itself with its version.

    TARGET is a concept id (the plans its comparison rows come from, each saying where its rows
    stand: 'p. 12, line 5' in a PDF, 'sheet 令和3年度, row 7' in a workbook), a document's file name,
    or nothing: every document the installed cities' plugins know (with --from: every one read). A
    title the document does not state is marked as described; a URL is given only where one is known.
    """
    from munigoals import api

    host = _host(cities_)
    host.select(cities_)
    _check_output(output, from_paths)
    with _warnings_to_stderr():
        text = api.cite(target, fmt=fmt, cities=cities_ or None, paths=from_paths or None, host=host)
    if output is None:
        click.echo(text, nl=False)
    else:
        from munigoals.output import write_atomic

        write_atomic(text.encode("utf-8"), output)
    entries = {"text": text.count("\n"), "bibtex": text.count("\n@") + text.startswith("@")}
    count = entries[fmt] if fmt in entries else len(json.loads(text))
    REPORTER.summary(f"{count} citation(s)" + _written(output))


@cli.command()
@_verbosity
@click.argument("table", required=False, type=click.Choice([*TABLE_NAMES, "compare"]))
def columns(table: str | None) -> None:
    """List every table's columns (or TABLE's) with their type and meaning, from the same definitions as
    the docs' "Data model and tables" page. Tables: policies, indicators, roles, actions, targets,
    observations (munigoals parse and table) and compare (munigoals compare)."""
    from munigoals.comparison import COMPARE_COLUMNS, COMPARE_DOCS
    from munigoals.tables import COLUMN_DOCS

    docs = {
        name: {col: (dtype.__name__, doc) for col, (dtype, doc) in cols.items()}
        for name, cols in COLUMN_DOCS.items()
    }
    docs["compare"] = {col: (COMPARE_COLUMNS[col].__name__, COMPARE_DOCS[col]) for col in COMPARE_COLUMNS}
    for name in [table] if table else list(docs):
        click.echo(f"{name}:")
        for col, (dtype, doc) in docs[name].items():
            click.echo(f"  {col:<26} {dtype:<8} {doc}")


@cli.group()
def layout() -> None:
    """Layout specs: a document layout as data (TOML; docs: "Add a city")."""


@layout.command("check")
@_verbosity
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("document", required=False, type=click.Path(dir_okay=False, path_type=Path))
def layout_check(spec: Path, document: Path | None) -> None:
    """Validate the layout spec SPEC; with DOCUMENT, show line by line what each line was read as
    (heading, header, row, cell, wrapped name, inline, furniture, not read) and what was reported."""
    from munigoals.layouts import sniff_head
    from munigoals.model import Document, Municipality
    from munigoals.plugins import default_host
    from munigoals.reading import read_text
    from munigoals.specs import load_spec
    from munigoals.terminal import printable

    quiet = REPORTER.verbosity < 0  # -q: errors only
    loaded = load_spec(spec, default_host().block_readers)
    kinds = ", ".join(type(b).__name__.strip("_").lower() for b in loaded.blocks)
    if not quiet:
        click.echo(f"{display_path(spec)}: valid layout spec {loaded.name} ({kinds})")
    if document is None:
        return
    text, doc = read_text(document)
    head = sniff_head(text)
    score = loaded.sniff(head)
    marked = loaded.layout().could_be(head)  # parse looks only at layouts one of whose markers stands
    if not quiet:
        why = (
            ""
            if score >= 0.5
            else " (below 0.5: munigoals parse would not choose this layout; add sniff patterns)"
        )
        if not marked:
            why = (
                f" (but none of its markers {', '.join(loaded.markers)} stands in the document's head as "
                "written, not normalised: munigoals parse would not choose this layout)"
            )
        click.echo(f"{display_path(document)}: sniffed {score:.2f}{why}")
    place = Municipality("trial", "試行", "Trial", "131016", "東京都")
    reader_doc = Document(doc.id, doc.path, doc.sha256, doc.encoding, loaded.name, doc.text_sha256)
    from munigoals.specs import SpecReader

    reader = SpecReader(loaded, text, reader_doc, place)
    result = reader.read()
    lines = text.split("\n")  # as the reader numbers them (a form feed is no line break)
    for no, role, detail in [] if quiet else sorted(reader.trace.values()):
        if no > len(lines) or (no == len(lines) and not lines[-1]):
            continue  # the end of the text after its last line break: no line
        shown = printable(lines[no - 1][:60])
        said = printable(detail)
        click.echo(f"{no:>5}  {role:<12} {said[:50]:<50}  {shown}")
        for k in range(50, len(said), 50):  # a long detail (a header's every column) goes on below
            click.echo(f"{'':>5}  {'':<12} {said[k : k + 50]}")
    errors = [issue for issue in result.issues if issue.severity == "error"]
    for issue in errors if quiet else result.issues:
        click.echo(f"{display_path(document)}:{issue.span.first_line}: {issue.severity}: {issue.message}")
    rows = sum(len(p.indicators) for plan in result.plans for p in plan.policies)
    if not quiet:
        click.echo(f"{rows} indicator row(s), {len(result.issues)} issue(s)")
    if errors:
        raise MunigoalsError(
            f"{display_path(document)}: {len(errors)} error(s) reading it with {loaded.name}"
        )


@cli.command("new-city")
@_verbosity
@click.argument("slug")
@click.option("--name", "name_ja", required=True, help="Japanese name (須坂市).")
@click.option("--code", required=True, help="6-digit municipality code with its check digit (202070).")
@click.option("--name-en", help="English name (default: from the slug).")
@click.option("--prefecture", default="長野県", show_default=True, help="Japanese name of the prefecture.")
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("plugins"),
    show_default=True,
    help="Folder to create the package in.",
)
def new_city(slug: str, name_ja: str, code: str, name_en: str | None, prefecture: str, folder: Path) -> None:
    """Scaffold a city plugin package SLUG: pyproject with the entry point, the city as one value
    (CITY = sdk.City(...)), a layout spec, a fixture page with its expected rows, a README and tests
    (the contract kit, and the fixture against its rows) that pass as written."""
    from munigoals.scaffold import scaffold_city

    root = scaffold_city(slug, name_ja, code, folder, name_en, prefecture)
    click.echo(f"created {root}")
    click.echo(f"next: pip install -e {root} && munigoals cities")


class Stopped(KeyboardInterrupt):
    """SIGTERM (or SIGHUP) arrived: unwind like Ctrl-C, so that workers end and part files go."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_received: list[int] = []  # the signal that stopped the run (click turns the interrupt into Abort)


def _stop(signum: int, frame: object) -> None:
    _received.append(signum)
    raise Stopped(signum)


class _ClosedStream(io.TextIOBase):
    """Standard output when it is closed (``>&-``): writing to it is an error (exit 1), never output
    lost in silence."""

    def _closed(self, *args: object) -> int:
        raise MunigoalsError("standard output is closed; redirect it to a file or name one with -o FILE")

    write = _closed  # type: ignore[assignment]

    @property
    def buffer(self) -> _ClosedStream:  # type: ignore[override]
        return self

    def writable(self) -> bool:
        return True

    def flush(self) -> None:
        return None


def _guard_stdout() -> None:
    """A closed standard output: keep its descriptor taken (by /dev/null, so that no file the command
    opens lands on it) and make any write to it an error."""
    try:
        os.fstat(1)
    except OSError:
        descriptor = os.open(os.devnull, os.O_WRONLY)
        if descriptor != 1:
            os.dup2(descriptor, 1)
            os.close(descriptor)
        sys.stdout = _ClosedStream()
        return
    if sys.stdout is None:
        sys.stdout = _ClosedStream()


def _closed_pipe() -> None:
    """The reader of our output went away (``munigoals cities | head -1``): leave quietly with 0, as
    Unix tools do; what is still buffered goes to /dev/null, not into a second error."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    os._exit(0)


def _usage_error(exc: click.UsageError) -> None:
    """A problem with the command, in one line: what is wrong and where to read how to call it."""
    command = exc.ctx.command_path if exc.ctx is not None else "munigoals"
    REPORTER.error(f"{exc.format_message()} (see '{command} --help')")
    sys.exit(exc.exit_code)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command line, turning errors into one line on stderr and an exit status.

    Exit status: 0 done; 1 a problem with the data or a file (one line saying what and what to do);
    2 a problem with the command; 128 + N when stopped by signal N (130 Ctrl-C, 143 SIGTERM), after
    ending the workers and removing partial files.

    A run that had to end worker processes (a plugin that hung or died) leaves without the
    interpreter's exit, once its last line is written: that exit wakes and joins the ended pools'
    threads and queue feeders, which can meet on a pipe already closed and print a traceback
    (``OSError: [Errno 9] Bad file descriptor``) after the run's last line.
    """
    reading = sys.modules.get("munigoals.reading")
    if reading is not None:  # a run before this one in the same process (tests) is not this run's
        vars(reading)["WORKERS_ENDED"] = False
    try:
        _main(argv)
    except SystemExit as leaving:
        reading = sys.modules.get("munigoals.reading")
        if reading is not None and getattr(reading, "WORKERS_ENDED", False):
            code = leaving.code if isinstance(leaving.code, int) else 0 if leaving.code is None else 1
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    stream.flush()
            os._exit(code)
        raise


def _main(argv: list[str] | None) -> None:
    for stream in (sys.stdout, sys.stderr):  # names that are not UTF-8 print as \xNN, never crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    _guard_stdout()
    for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):  # a hang-up stops a run like SIGTERM
        signal.signal(number, _stop)
    from munigoals import errors

    errors.INTERRUPTS_MARKED = True  # a KeyboardInterrupt a plugin raises itself is the plugin's fault
    try:
        try:
            cli.main(args=argv, prog_name="munigoals", standalone_mode=False)
        except SystemExit:
            if "PacifyFlushWrapper" in type(sys.stdout).__name__:  # click's way of saying: a closed pipe
                _closed_pipe()
            raise
        sys.stdout.flush()
    except MunigoalsError as exc:
        REPORTER.error(str(exc))
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        signum = _received[0] if _received else signal.SIGINT
        REPORTER.error(f"stopped by signal {signum} ({signal.Signals(signum).name}); nothing written")
        # workers were ended and partial files removed on the way out; leave without waiting for the
        # worker pool's thread, which a worker ended mid-message can leave waiting for ever
        import multiprocessing

        for child in multiprocessing.active_children():
            child.kill()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(128 + signum)
    except click.exceptions.NoArgsIsHelpError as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        _usage_error(exc)
    except click.ClickException as exc:
        REPORTER.error(exc.format_message())
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        _closed_pipe()
    except OSError as exc:  # a file the command touched: name it and the cause, never a traceback
        if exc.errno == errno.EPIPE:
            _closed_pipe()
        where = f"{display_path(exc.filename)}: " if exc.filename else ""
        REPORTER.error(f"{where}{exc.strerror or exc}")
        sys.exit(1)
    except Exception as exc:
        if os.environ.get("MUNIGOALS_DEBUG"):
            raise
        click.echo(
            printable(
                f"munigoals: internal error: {type(exc).__name__}: {exc} "
                "(run with --debug for the traceback and please report it)"
            ),
            err=True,
        )
        sys.exit(70)
    sys.exit(0)

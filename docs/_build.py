"""MkDocs hooks: the parts of the site that are generated from the code and the shipped data.

A page asks for a generated part with a marker line:

- ``<!-- munigoals:concepts -->``: the concept registry, with the cities that hold each concept;
- ``<!-- munigoals:tables -->``: every table's columns, types and meaning;
- ``<!-- munigoals:hooks -->``: every plugin hook, its signature, docstring and an example;
- ``<!-- munigoals:gallery ja -->`` (or ``en``): a figure per shared concept and every other kind, each
  with its download menu and "cite this figure";
- ``<!-- munigoals:figure CONCEPT -->``: one concept's figure (the home page);
- ``<!-- munigoals:city SLUG -->``: a city's place profile: its plans, indicators and figure.

The Vega JavaScript is served from the site itself (``assets/vega-bundle.js``, built by vl-convert):
no page loads a script from the network.
"""

from __future__ import annotations

import html
import inspect
import re
import warnings
from typing import Any

_BUNDLE = "assets/vega-bundle.js"


def on_files(files: Any, config: Any) -> Any:
    """Add the Vega bundle to the site."""
    import vl_convert as vlc
    from mkdocs.structure.files import File

    bundle = vlc.javascript_bundle("window.vegaEmbed = vegaEmbed; window.vega = vega;")
    files.append(File.generated(config, _BUNDLE, content=bundle))
    return files


class Markdown(str):
    """A table cell written by this builder as Markdown (a code span of a file name): kept as it is."""


#: Characters Markdown gives a meaning to (links, images, emphasis, code …): escaped in document text.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def text_cell(value: object) -> str:
    """Text from a document as a Markdown table cell that renders as that text: HTML escaped, and every
    character Markdown reads as syntax (``[x](javascript:…)``, ``![x](http://…)``, ``*``, `````) escaped."""
    text = html.escape("" if value is None else str(value)).replace("\n", " ")
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def _table(header: list[str], rows: list[list[str]]) -> str:
    def cell(value: object) -> str:
        if isinstance(value, Markdown):
            return str(value).replace("|", "\\|").replace("\n", " ")
        return text_cell(value)

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _concepts() -> str:
    import munigoals

    frame = munigoals.api.concepts()
    rows = [
        [Markdown(f"`{r['concept']}`"), r["label_ja"], r["label_en"], r["unit"], r["polarity"],
         r["cities"] or "—", r["matches"] or "—", r["definition"]]
        for r in frame.iter_rows(named=True)
    ]  # fmt: skip
    header = ["id", "label", "English", "unit", "polarity", "cities", "match", "definition"]
    notes = munigoals.api.compare()
    detail = [
        [
            Markdown(f"`{r['concept']}`"),
            r["city"],
            r["name"],
            r["match"],
            r["note"],
            f"{r['document']}:{r['line']}",
        ]
        for r in notes.iter_rows(named=True)
    ]
    return (
        _table(header, rows)
        + "\n\n### How each city's indicator matches\n\n"
        + _table(["concept", "city", "indicator", "match", "note", "source"], detail)
    )


def _tables() -> str:
    from munigoals.comparison import COMPARE_COLUMNS, COMPARE_DOCS
    from munigoals.tables import COLUMN_DOCS

    parts = []
    for name, columns in COLUMN_DOCS.items():
        rows = [
            [Markdown(f"`{col}`"), dtype.__name__, Markdown(doc)] for col, (dtype, doc) in columns.items()
        ]
        parts.append(f"### `{name}`\n\n" + _table(["column", "type", "meaning"], rows))
    rows = [
        [Markdown(f"`{col}`"), dtype.__name__, Markdown(COMPARE_DOCS[col])]
        for col, dtype in COMPARE_COLUMNS.items()
    ]
    parts.append("### `compare` (munigoals compare)\n\n" + _table(["column", "type", "meaning"], rows))
    return "\n\n".join(parts)


def _hooks() -> str:
    import munigoals_suzaka

    from munigoals import hookspecs

    parts = []
    for name, spec in inspect.getmembers(hookspecs, inspect.isfunction):
        if not name.startswith("munigoals_"):
            continue
        signature = f"def {name}{inspect.signature(spec)}"
        doc = inspect.cleandoc(spec.__doc__ or "")
        example = (
            inspect.getsource(getattr(munigoals_suzaka, name)) if hasattr(munigoals_suzaka, name) else ""
        )
        part = f"### `{name}`\n\n```python\n{signature}\n```\n\n{doc}\n"
        if example:
            body = example.split(chr(10), 1)[1]
            part += f"\nExample (the Suzaka plugin):\n\n```python\n@sdk.hookimpl\n{body}```\n"
        parts.append(part)
    return "\n".join(parts)


#: A corpus copy's file name in a citation (``file 003_f758ffbbe30f236d.txt; ``).
_HASHED_FILE = re.compile(r"file \d{3}_[0-9a-f]{16}\.txt; ")


def _prefix(page: Any) -> str:
    """The relative way from a page up to the site root ("" for the home page)."""
    return "../" * len([part for part in page.file.url.split("/") if part and part != "."])


def _embed(chart: Any, key: str, lang: str, cite: str) -> str:
    """A chart drawn in the page, scrolling inside its frame on a narrow screen (download as SVG or PNG
    from its menu, and its data as CSV), its data table below it, and "cite this figure"."""
    from munigoals.charts import EMBED_ACTIONS, MENU_SCRIPT, figure_spec, script_json, tables_html

    figure = figure_spec(chart)
    spec = script_json(figure)
    summary = "この図を引用する" if lang == "ja" else "Cite this figure"
    table_summary = "この図のデータ (表と CSV)" if lang == "ja" else "The figure's data (table and CSV)"
    lines = "".join(f"<li>{html.escape(line)}</li>" for line in cite.splitlines() if line.strip())
    return (
        f'<div class="munigoals-chart"><div id="chart-{key}"></div></div>\n'
        f"<script>{MENU_SCRIPT}</script>\n"
        f'<script>vegaEmbed("#chart-{key}", {spec}, {{"renderer": "svg", "actions": {EMBED_ACTIONS}}})'
        f'.then(() => munigoalsMenu("chart-{key}")).catch(e => console.error(e));</script>\n'
        f'<details class="munigoals-data" data-for="chart-{key}"><summary>{table_summary}</summary>'
        f"{tables_html(figure, lang, f'chart-{key}')}</details>\n"
        f'<details class="munigoals-cite"><summary>{summary}</summary><ul>{lines}</ul></details>\n'
    )


def _gallery(page: Any, lang: str) -> str:
    """One figure per concept two cities share (the dumbbell), then ambition, progress, roles and a series."""
    import munigoals

    prefix = _prefix(page)
    ja = lang == "ja"
    series = "convenience_store_certificates"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        registry = munigoals.api.concept_registry()
        shared = munigoals.api.compare()["concept"].unique(maintain_order=True).to_list()
        figures = [
            (registry[c].label_ja if ja else registry[c].label_en, munigoals.api.chart([c], lang=lang), c)
            for c in shared
        ]
        figures += [
            ("目標が求める年あたりの改善" if ja else "Ambition: change needed per year",
             munigoals.api.chart(kinds=["ambition"], lang=lang), None),
            ("実績のある目標の進捗" if ja else "Progress where results exist",
             munigoals.api.chart(kinds=["progress"], lang=lang), None),
            ("各主体の役割" if ja else "Roles of actors",
             munigoals.api.chart(kinds=["roles"], lang=lang), None),
            ("上田市のコンビニ交付の推移" if ja else "Ueda's convenience-store certificates over the years",
             munigoals.api.chart([series], kinds=["series"], cities=["ueda"], lang=lang), series),
        ]  # fmt: skip
        everything = munigoals.api.cite(None)
    out = [f'<script src="{prefix}{_BUNDLE}"></script>']
    for k, (title, chart, concept) in enumerate(figures):
        cite = munigoals.api.cite(concept) if concept else everything
        out.append(f"## {html.escape(title)}\n\n" + _embed(chart, f"{lang}-{k}", lang, cite))
    return "\n".join(out)


def _figure(page: Any, concept: str) -> str:
    """One concept's figure, for the home page."""
    import munigoals

    prefix = _prefix(page)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        chart = munigoals.api.chart([concept], lang="en")
        cite = munigoals.api.cite(concept)
    return f'<script src="{prefix}{_BUNDLE}"></script>\n' + _embed(chart, "home", "en", cite)


def _place(page: Any, slug: str) -> str:
    """A city's place profile: identity, its plans, its indicators with baseline and target, its figure."""
    import polars as pl

    import munigoals

    prefix = _prefix(page)
    host = munigoals.api.default_host()
    city = next(c for c in host.cities if c.slug == slug)
    place = city.municipality
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        everything = munigoals.table("indicators", cities=[slug])
        # reported values without a target are observations, counted apart
        indicators = everything.filter(pl.col("kind").is_null() | (pl.col("kind") != "observed"))
        observed = everything.height - indicators.height
        chart = munigoals.api.chart(kinds=["dumbbell"], lang="en")  # beside the cities it shares with
        # a city page names plans by title and source, never by the file name a corpus copy has
        cite = _HASHED_FILE.sub("", munigoals.api.cite(None, cities=[slug]))
    titles = {d.file_name: d.title for d in city.documents}

    def source(d: Any) -> str:
        """Where the plan is published: a link where the plugin records its address, else who publishes it."""
        if d.url:
            return f'<a href="{html.escape(d.url, quote=True)}">{html.escape(d.url)}</a>'
        return f"published by {d.publisher} (no address recorded by the plugin)"

    plans = [
        [d.title, d.publisher, d.plan_kind.value,
         f"FY{d.period[0]}–FY{d.period[1]}" if d.period else ", ".join(f"FY{y}" for y in d.fiscal_years),
         "stated" if d.title_stated else "described", d.published.isoformat() if d.published else "—"]
        for d in city.documents
    ]  # fmt: skip
    links = "\n".join(f"- **{html.escape(d.title)}** — {source(d)}" for d in city.documents)

    def value(v: Any, unit: Any, year: Any, comparator: Any = None) -> str:
        if v is None:
            return "—"
        sign = {"ge": "≥ ", "le": "≤ ", "lt": "< ", "gt": "> "}.get(comparator or "eq", "")
        return f"{sign}{v:,g} {unit or ''} ({'FY' + str(year) if year else 'year not stated'})"

    rows = [
        [r["name"],
         value(r["baseline_value"], r["unit"], r["baseline_year"])
         if r["baseline_value"] is not None else (r["baseline_text"] or "—"),
         value(r["target_value"], r["unit"], r["target_year"], r["target_comparator"])
         if r["target_value"] is not None else (r["target_text"] or "—"),
         f"{titles.get(r['document'], r['document'])}, l. {r['line']}"]
        for r in indicators.iter_rows(named=True)
    ]  # fmt: skip
    return "\n\n".join(
        [
            f"**{place.name_ja}** ({place.name_en}), {place.prefecture}; local government code {place.code}.",
            "### Its plans\n\n"
            + _table(["title", "publisher", "kind", "years", "title is", "published"], plans)
            + "\n\nWhere each is published:\n\n"
            + links,
            f"### Its indicators ({indicators.height})\n\n"
            + (
                f"Besides these, {observed} values its documents report without a target are in the "
                "`observations` table (`munigoals table observations --city " + slug + "`).\n\n"
                if observed
                else ""
            )
            + _table(["indicator", "baseline", "target", "source"], rows),
            "### Baseline → target beside the cities it shares concepts with\n\n"
            + f'<script src="{prefix}{_BUNDLE}"></script>\n'
            + _embed(chart, f"city-{slug}", "en", cite),
        ]
    )


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace the markers with their generated parts."""
    generators = {
        "<!-- munigoals:concepts -->": _concepts,
        "<!-- munigoals:tables -->": _tables,
        "<!-- munigoals:hooks -->": _hooks,
    }
    for marker, generate in generators.items():
        if marker in markdown:
            markdown = markdown.replace(marker, generate())
    for lang in ("ja", "en"):
        marker = f"<!-- munigoals:gallery {lang} -->"
        if marker in markdown:
            markdown = markdown.replace(marker, _gallery(page, lang))
    for kind, generate in (("figure", _figure), ("city", _place)):
        for found in re.findall(rf"<!-- munigoals:{kind} ([a-z0-9_]+) -->", markdown):
            markdown = markdown.replace(f"<!-- munigoals:{kind} {found} -->", generate(page, found))
    return markdown


_ROLE = re.compile(r":(?:class|func|mod|meth|attr|data|exc):<code>(~?)([\w.]+)</code>")


def on_page_content(content: str, page: Any, config: Any, files: Any) -> str:
    """Docstrings name things with Sphinx roles (``:class:`Document```); mkdocstrings prints those raw.
    Each becomes a link to the object's entry on the same page (by its full or trailing dotted name),
    or plain code where the page does not document it."""
    ids = re.findall(r'id="([\w.]+)"', content)

    def link(match: re.Match[str]) -> str:
        short, name = match.group(1), match.group(2)
        shown = name.rsplit(".", 1)[-1] if short else name
        target = name if name in ids else next((i for i in ids if i.endswith("." + name)), None)
        code = f"<code>{html.escape(shown)}</code>"
        return f'<a href="#{target}">{code}</a>' if target else code

    return _ROLE.sub(link, content)

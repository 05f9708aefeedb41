"""MkDocs hooks: the parts of the site that are generated from the code and the shipped data.

A page asks for a generated part with a marker line:

- ``<!-- munigoals:concepts -->``: the concept registry, with the cities that hold each concept;
- ``<!-- munigoals:tables -->``: every table's columns, types and meaning;
- ``<!-- munigoals:hooks -->``: every plugin hook, its signature, docstring and an example;
- ``<!-- munigoals:gallery -->``: comparison charts drawn from the shipped data.

The Vega JavaScript is served from the site itself (``assets/vega-bundle.js``, built by vl-convert):
no page loads a script from the network.
"""

from __future__ import annotations

import html
import inspect
import json
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


def _table(header: list[str], rows: list[list[str]]) -> str:
    def cell(value: object) -> str:
        return html.escape("" if value is None else str(value)).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _concepts() -> str:
    import munigoals

    frame = munigoals.api.concepts()
    rows = [
        [f"`{r['concept']}`", r["label_ja"], r["label_en"], r["unit"], r["polarity"], r["cities"] or "—",
         r["matches"] or "—", r["definition"]]
        for r in frame.iter_rows(named=True)
    ]  # fmt: skip
    header = ["id", "label", "English", "unit", "polarity", "cities", "match", "definition"]
    notes = munigoals.api.compare()
    detail = [
        [f"`{r['concept']}`", r["city"], r["name"], r["match"], r["note"], f"{r['document']}:{r['line']}"]
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
        rows = [[f"`{col}`", dtype.__name__, doc] for col, (dtype, doc) in columns.items()]
        parts.append(f"### `{name}`\n\n" + _table(["column", "type", "meaning"], rows))
    rows = [[f"`{col}`", dtype.__name__, COMPARE_DOCS[col]] for col, dtype in COMPARE_COLUMNS.items()]
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


def _gallery(page: Any) -> str:
    import munigoals

    depth = page.file.url.count("/")
    prefix = "../" * depth
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        shared = [
            "sns_followers",
            "open_data_datasets",
            "real_debt_service_ratio",
            "future_burden_ratio",
            "tax_collection_rate",
        ]
        charts = [
            ("Baseline → target, the five shared concepts", munigoals.api.chart(shared, kinds=["dumbbell"])),
            ("Every concept both cities hold", munigoals.api.chart(kinds=["dumbbell"])),
            ("Ambition: change needed per year", munigoals.api.chart(kinds=["ambition"])),
            ("Progress where results exist", munigoals.api.chart(kinds=["progress"])),
            ("Roles of actors", munigoals.api.chart(kinds=["roles"])),
            ("Ueda's convenience-store certificates over the years",
             munigoals.api.chart(["convenience_store_certificates"], kinds=["series"], cities=["ueda"])),
        ]  # fmt: skip
    out = [f'<script src="{prefix}{_BUNDLE}"></script>']
    for k, (title, chart) in enumerate(charts):
        spec = json.dumps(chart.to_dict(), ensure_ascii=False).replace("</", "<\\/")
        out.append(f'## {title}\n\n<div id="chart-{k}" class="munigoals-chart"></div>\n')
        out.append(
            f'<script>vegaEmbed("#chart-{k}", {spec}, {{"renderer": "svg", "actions": false}})'
            ".catch(e => console.error(e));</script>\n"
        )
    return "\n".join(out)


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
    if "<!-- munigoals:gallery -->" in markdown:
        markdown = markdown.replace("<!-- munigoals:gallery -->", _gallery(page))
    return markdown

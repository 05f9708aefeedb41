"""Ueda's 総合計画 sections (編-章-節), as Markdown converted from the PDF: the layout is the spec
``layouts/sogo-keikaku-sections.toml``; here are the two block kinds it names that no spec can say.

- ``ueda_issues`` (現状と課題): ``- `` items, a line without a bullet going on the item above; then
  【chart captions】, each with the 出典 line (and a ～question～ line) under it, a section 図表 of their own.
- ``ueda_indicators`` (達成度をはかる指標・目標値): a tab table 指標の内容 | 基準値 | 計画目標(令和12年度),
  each value cell ``value [note] (year)`` (:meth:`sdk.Quantity.from_cell`); a cell naming several counts
  (``講演会1回、 協働推進員研修会2回``) is no value: its text is kept and its parts listed in the note;
  a cell that states a number and more (``10%増``) is no value either, and is reported.
  A term marked for the glossary (``*``) is noted on its indicator (``用語解説*: term``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from munigoals.sdk import (
    ActorRole,
    BlockReader,
    DocumentReader,
    Indicator,
    LayoutSpec,
    Line,
    Quantity,
    Section,
    Target,
    evolved,
    load_spec,
    normalize,
    parse_fiscal_year,
    strip_glossary_marks,
)

__all__ = ["BLOCK_READERS", "FORMAT_NAME", "SPEC", "sniff_sogo_keikaku", "strip_glossary_marks"]

FORMAT_NAME = "ueda.sogo-keikaku-sections"
SPEC = Path(__file__).parent / "layouts" / "sogo-keikaku-sections.toml"

Fact = Indicator | ActorRole | Section


def _text(line: Line) -> str:
    return strip_glossary_marks(line.heading if line.heading is not None else line.norm)[0]


def _policy(reader: DocumentReader) -> str:
    return str(getattr(reader, "policy_id", None) or "?")


def read_issues(lines: Sequence[Line], options: Mapping[str, Any], reader: DocumentReader) -> list[Fact]:
    """現状と課題: its items, and the charts captioned under them (図表)."""
    body = [line for line in lines[1:] if line.norm]
    items: list[str] = []
    charts: list[str] = []
    for line in body:
        text = _text(line)
        if text.startswith("- "):
            items.append(text[2:].strip())
        elif text.startswith("【"):
            charts.append(text)
        elif text.startswith("出典") and charts:
            charts[-1] += f" ({text})"
        elif text.startswith(("～", "~")) and charts:
            charts[-1] += f" {text}"
        elif items and not charts:
            items[-1] += text
        else:
            reader.issue(line.no, f"line under 現状と課題 not read: {text[:40]}")
    first, last = (body[0].no, body[-1].no) if body else (lines[0].no, lines[0].no)
    out: list[Fact] = [Section("現状と課題", tuple(items), reader.span(first, last))]
    if charts:
        out.append(Section("図表", tuple(charts), reader.span(first, last)))
    return out


def read_indicators(lines: Sequence[Line], options: Mapping[str, Any], reader: DocumentReader) -> list[Fact]:
    """達成度をはかる指標・目標値: a header naming the target year, then one indicator a row."""
    target_year: int | None = None
    out: list[Fact] = []
    for line in (line for line in lines[1:] if line.norm):
        cells = [c.strip() for c in line.raw.strip().split("\t")]
        if len(cells) == 3 and normalize(cells[0]).startswith("指標"):
            target_year = parse_fiscal_year(cells[2])
            if target_year is None:
                reader.issue(line.no, f"indicator header of {_policy(reader)} names no target year")
            continue
        if len(cells) != 3 or not all(cells):
            reader.issue(
                line.no, f"line in the indicator table of {_policy(reader)} not read: {line.norm[:40]}"
            )
            continue
        (name, terms), (base, base_terms), (goal, goal_terms) = map(strip_glossary_marks, cells)
        baseline, target = Quantity.from_cell(base), Target.from_cell(goal, target_year)
        for what, cell, read in (("baseline", base, baseline), ("target", goal, target)):
            if read.value is None and read.note is None and any(c.isdigit() for c in cell):
                # a number the cell states with more than one value's words (10%増: a rise by that
                # much, 約5%増): no value, said here, never a silent blank
                reader.issue(line.no, f"{name}: {what} {cell!r} is not one value; not read")
        unit = baseline.unit or target.unit
        footnotes = [f"用語解説*: {term}" for term in (*terms, *base_terms, *goal_terms)]
        indicator = Indicator(
            name=name,
            kind=None,
            category=None,
            unit=unit,
            baseline=evolved(baseline, unit=unit),
            target=evolved(target, unit=unit),
            span=reader.span(line.no),
            footnotes=tuple(dict.fromkeys(footnotes)),
        )
        out.append(indicator)
    return out


BLOCK_READERS: dict[str, BlockReader] = {"ueda_issues": read_issues, "ueda_indicators": read_indicators}


@functools.cache
def _spec() -> LayoutSpec:
    return load_spec(SPEC, lambda kinds: BLOCK_READERS)


def sniff_sogo_keikaku(head: str) -> float:
    """Confidence that ``head`` (a document's first characters) opens Ueda 総合計画 sections (the spec's
    sniff)."""
    return _spec().sniff(head)

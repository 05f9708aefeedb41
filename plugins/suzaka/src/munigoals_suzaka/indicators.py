"""Suzaka's indicator tables (【成果指標】, 【プロセス指標】): rows, wrapped names, footnote marks.

A table, as the PDF text gives it::

    指標の種類 指標名 現状値（年度） 目標値          header; the target year on the next line: （2025年）
    統計指標 name（unit） 86.5（2019） 90.0          a row: category, name with its unit, values
    市民意識指標 a name that wraps onto          names wrap onto the very next line
    the next line（％） 37.6（2019） 50.0
    name（件 /年） ― 6                             ― is no value; a comparator may follow the target

A line inside a table that is not a row nor part of a wrapped name is reported with its line.
"""

from __future__ import annotations

import re
from typing import Protocol

import attrs

from munigoals import sdk

__all__ = ["IndicatorRow", "IndicatorTable", "PageLike"]

_CATEGORY = re.compile(r"^(統計指標|市民取組指標|市民意識指標)\s*(.*)$")
_TARGET_YEAR_LINE = re.compile(r"\(\d{4}年度?\)")
_TARGET_YEAR = re.compile(r"(\d{4})年")
_NUM = r"\d[\d,]*(?:\.\d+)?"
_DASH = r"[―—\-ー‐−]"
_ROW = re.compile(
    rf"^(?:(?P<name>.*\S)\s+)?(?P<base>{_NUM}|{_DASH})\s*(?:\(\s*(?P<byear>\d{{4}})\s*\))?"
    rf"\s+(?P<target>{_NUM}|{_DASH})\s*(?P<cmp>未満|以上|以下|超)?$"
)
_UNITS = "|".join(re.escape(unit) for unit in sorted(sdk.UNITS, key=len, reverse=True))
# a whole name, its unit bracket and then more text: not a row's name that wraps
_UNIT_THEN_TEXT = re.compile(rf"\((?:{_UNITS})(?:\s*/\s*年)?\s*\)\s*(?!\(\s*※)\S")
_COMPARATORS = {
    "未満": sdk.Comparator.LT,
    "以上": sdk.Comparator.GE,
    "以下": sdk.Comparator.LE,
    "超": sdk.Comparator.GT,
}


@attrs.define
class IndicatorRow:
    """One row of an indicator table, its name joined across the lines it wraps over."""

    first: int
    last: int
    text: str
    base: str | None = None
    byear: str | None = None
    target: str | None = None
    cmp: str | None = None


class PageLike(Protocol):
    """What the table reader needs of a 施策 page."""

    id: str
    indicators: list[tuple[str, IndicatorRow, int | None]]
    footnotes: dict[str, str]


class IndicatorTable(sdk.DocumentReader):
    """The indicator-table part of the 施策 page reader.

    Attributes:
        target_years: The target years the tables' headers name (the plan's period follows from them).
    """

    def __init__(self, text: str, document: sdk.Document, municipality: sdk.Municipality) -> None:
        super().__init__(text, document, municipality)
        self.target_years: set[int] = set()

    def _is_marker(self, line: sdk.Line) -> bool:
        raise NotImplementedError

    def _indicators(self, i: int, page: PageLike, kind: str) -> int:
        target_year: int | None = None
        # header: 指標の種類 指標名 現状値（年度） 目標値 / （2025年）
        while i < len(self.lines):
            line = self.lines[i]
            c = line.compact
            if not c:
                i += 1
                continue
            if c.startswith(("指標の種類", "指標名")) or _TARGET_YEAR_LINE.fullmatch(c):
                if m := _TARGET_YEAR.search(c):
                    target_year = int(m.group(1))
                i += 1
                continue
            break
        if target_year is None:
            first = self.lines[i - 1].no if i else 1
            self.issue(first, f"indicator table of 施策 {page.id} names no target year (目標値（YYYY年）)")
        else:
            self.target_years.add(target_year)
        fragments: list[sdk.Line] = []

        def drop_fragments() -> None:
            for fragment in fragments:
                self.issue(
                    fragment.no,
                    f"line in the indicator table of 施策 {page.id} not read: {fragment.norm[:40]}",
                )
            fragments.clear()

        while i < len(self.lines):
            line = self.lines[i]
            if not line.compact:
                # names wrap onto the very next line; a name left before a blank line has no values
                drop_fragments()
                i += 1
                continue
            if self._is_marker(line):
                break
            if _CATEGORY.match(line.norm) and fragments:
                drop_fragments()
            if m := _ROW.match(line.norm):
                parts = [f.norm for f in fragments] + ([m.group("name")] if m.group("name") else [])
                first = fragments[0].no if fragments else line.no
                row = IndicatorRow(
                    first, line.no, "".join(parts), m.group("base"), m.group("byear"), m.group("target")
                )
                row.cmp = m.group("cmp")
                page.indicators.append((kind, row, target_year))
                fragments = []
            elif not line.compact.startswith(("指標の種類", "指標名")):  # a repeated header is skipped
                fragments.append(line)
                if _UNIT_THEN_TEXT.search(line.norm):  # a whole name with something other than values
                    drop_fragments()
            i += 1
        drop_fragments()
        return i

    def indicator(
        self, page: PageLike, kind: str, row: IndicatorRow, target_year: int | None
    ) -> sdk.Indicator | None:
        text = row.text
        category = None
        if m := _CATEGORY.match(text):
            category, text = m.group(1), m.group(2)
        name, unit, marks = sdk.split_unit_from_name(text)
        if not name:
            self.issue(row.first, f"indicator row of 施策 {page.id} has no name")
            return None
        footnotes = []
        for mark in marks:
            note = page.footnotes.get(mark)
            if note is None:
                self.issue(row.first, f"footnote {mark} of indicator {name!r} has no note on the page")
                footnotes.append(mark)
            else:
                footnotes.append(f"{mark} {note}")
        base_text = row.base or ""
        base_value = None if sdk.is_no_value(base_text) else sdk.parse_number(base_text)
        base_full = f"{base_text}({row.byear})" if row.byear else base_text
        baseline = sdk.Quantity(base_value, base_full, unit, int(row.byear) if row.byear else None)
        target_text = row.target or ""
        target = sdk.Target(
            None if sdk.is_no_value(target_text) else sdk.parse_number(target_text),
            _COMPARATORS.get(row.cmp or "", sdk.Comparator.EQ),
            target_year,
            f"{target_text} {row.cmp}" if row.cmp else target_text,
            unit,
        )
        return sdk.Indicator(
            name=name,
            kind=sdk.IndicatorKind(kind),
            category=category,
            unit=unit,
            baseline=baseline,
            target=target,
            span=self.span(row.first, row.last),
            footnotes=tuple(footnotes),
        )

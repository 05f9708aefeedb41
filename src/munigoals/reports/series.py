"""A series of yearly values reported in running text (``平成28年度の…比率：…合計1.1%`` …): each year
(``平成28年度``, ``R2年度``, ``2021年度``) followed by a total (``合計1.1%``, ``計 1,204件``) before the next
year, all in one unit."""

from __future__ import annotations

import datetime as dt
import functools

from munigoals.japanese import normalize, parse_fiscal_year
from munigoals.model import Quantity
from munigoals.patterns import lazy_compile
from munigoals.quantities import find_quantities
from munigoals.reports.cells import REPORT_ERA_LETTERS, REPORT_ERAS
from munigoals.reports.days import in_fiscal, month_end

__all__ = ["observed_series"]

_SERIES_YEAR = lazy_compile(
    rf"(?:(?:{REPORT_ERAS})\s*(?:元|\d{{1,2}})|(?<![A-Za-z])[{REPORT_ERA_LETTERS}]\s*(?:元|\d{{1,2}})"
    r"|(?<!\d)(?:19|20)\d{2})\s*年度\s*(?:\(([^)]*)\))?"
)
_TOTAL = lazy_compile(r"(?<![小累])(合計|計)\s*:?\s*")
_SERIES_LABEL = lazy_compile(r"^は?の?([^:、。]+?):")


def observed_series(text: str) -> tuple[str, str, list[Quantity]] | None:
    """A series of yearly totals in running text: each ``<era>N年度`` followed by ``合計X%`` before the
    next year. The indicator's name is what the first year names before its ``:``. ``None`` where fewer
    than two years are found."""
    found = _series(text)
    return None if found is None else (found[0], found[1], list(found[2]))


@functools.lru_cache(maxsize=1024)
def _series(text: str) -> tuple[str, str, tuple[Quantity, ...]] | None:
    """:func:`observed_series`, cached: a sheet's reader asks it twice of each text."""
    norm = normalize(text)
    if "年度" not in norm:  # what each year of a series holds
        return None
    years = list(_SERIES_YEAR.finditer(norm))
    values: list[Quantity] = []
    for k, year in enumerate(years):
        end = years[k + 1].start() if k + 1 < len(years) else len(norm)
        chunk = norm[year.end() : end]
        total = _TOTAL.search(chunk)
        stated = find_quantities(chunk[total.end() :]) if total else ()
        if total is None or not stated or stated[0].start != 0:
            continue  # no total, or words between 合計 and its number
        first_found = stated[0]
        fiscal = parse_fiscal_year(year.group(0))
        day = _month_end(fiscal, year.group(1))
        values.append(
            Quantity(
                first_found.value, f"{total.group(1)}{first_found.text}", first_found.unit, fiscal,
                year.group(1), date=day,
            )
        )  # fmt: skip
    units = {v.unit for v in values}
    if len(values) < 2 or len(units) != 1:
        return None  # fewer than two years, or totals of different things
    first = years[0]
    label_match = _SERIES_LABEL.match(norm[first.end() :])
    label = label_match.group(1).strip() if label_match else "series"
    return label, units.pop() or "", tuple(values)


_MONTH_END = lazy_compile(r"(\d{1,2})\s*月末")


def _month_end(fiscal: int | None, note: str | None) -> dt.date | None:
    """The day ``(2月末現在)`` states in fiscal year ``fiscal``: that month's last day."""
    m = _MONTH_END.search(note or "")
    if fiscal is None or m is None or not 1 <= int(m.group(1)) <= 12:
        return None
    month = int(m.group(1))
    return month_end(in_fiscal(fiscal, month), month)

"""A series of yearly values reported in running text (``平成28年度の…比率：…合計1.1%`` …)."""

from __future__ import annotations

import datetime as dt
import functools

from munigoals.japanese import normalize, parse_fiscal_year
from munigoals.model import Quantity
from munigoals.patterns import lazy_compile
from munigoals.reports.cells import REPORT_ERAS

__all__ = ["observed_series"]

_SERIES_YEAR = lazy_compile(rf"({REPORT_ERAS})\s*(元|\d+)\s*年度\s*(?:\(([^)]*)\))?")
_TOTAL_PERCENT = lazy_compile(r"合計\s*:?\s*(\d+(?:\.\d+)?)\s*(%)")
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
        total = _TOTAL_PERCENT.search(chunk)
        if not total:
            continue
        fiscal = parse_fiscal_year(year.group(0))
        day = _month_end(fiscal, year.group(3))
        values.append(
            Quantity(float(total.group(1)), f"合計{total.group(1)}%", "%", fiscal, year.group(3), date=day)
        )
    if len(values) < 2:
        return None
    first = years[0]
    label_match = _SERIES_LABEL.match(norm[first.end() :])
    label = label_match.group(1).strip() if label_match else "series"
    return label, "%", tuple(values)


_MONTH_END = lazy_compile(r"(\d{1,2})\s*月末")


def _month_end(fiscal: int | None, note: str | None) -> dt.date | None:
    """The day ``(2月末現在)`` states in fiscal year ``fiscal``: that month's last day."""
    m = _MONTH_END.search(note or "")
    if fiscal is None or m is None or not 1 <= int(m.group(1)) <= 12:
        return None
    month = int(m.group(1))
    year = fiscal if month >= 4 else fiscal + 1
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)

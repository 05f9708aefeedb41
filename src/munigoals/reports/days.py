"""The day a report states a number for: ``令和2年1月1日現在``, ``【令和3年4月1日現在】``, ``R3.3月末`` (the
month's last day), ``令和元年度(2月末現在)``, and in a report of a fiscal year a day of its bullet without a
year (``・11月13日(金)…17名``, ``(10月1日現在)``), written right before the number (``(8/28 404人)``), or
of the year of the day before it (``同年2月4日``). Observations (:mod:`munigoals.reports.stated`) and
targets' results (:mod:`munigoals.reports.targets`) take their ``date`` from here.
"""

from __future__ import annotations

import datetime as dt

from munigoals.japanese import era_year, parse_year
from munigoals.patterns import lazy_compile
from munigoals.quantities import Found
from munigoals.reports.cells import REPORT_ERA_LETTERS as _ABBRS
from munigoals.reports.cells import REPORT_ERAS as _ERAS

__all__ = ["DAY_OF_YEAR", "in_fiscal", "month_end", "sentence_start", "stated_day"]


def sentence_start(norm: str, at: int) -> int:
    """Where the sentence holding ``at`` starts; a bracket written after a sentence is an aside of it
    (``…交付率は13.0%です。(参考交付率 国:15.5%…)``): that sentence's start."""
    start = norm.rfind("。", 0, at) + 1
    if start and norm[start:at].lstrip().startswith("("):
        start = norm.rfind("。", 0, start - 1) + 1
    return start


# a stated day: 令和2年1月1日現在, R2.9月末, 11月13日(金), (10月1日現在), 令和元年度(2月末現在)
_DAY_ERA = lazy_compile(rf"({_ERAS})\s*(元|\d{{1,2}})\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日\s*現在")
_DAY_ABBR_MONTH_END = lazy_compile(rf"(?<![A-Za-z])([{_ABBRS}])\s*(元|\d{{1,2}})\s*\.\s*(\d{{1,2}})\s*月末")
#: a day of the year without its year: 11月13日, 11月13日(金), 10月1日現在
DAY_OF_YEAR = lazy_compile(
    r"(?<![\d年.])(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*\([日月火水木金土]\))?(?:\s*現在)?"
)
_DAY_SLASH_BEFORE = lazy_compile(r"(?<![\d/・])(\d{1,2})/(\d{1,2})\s*[:\s]\s*$")
_FY_MONTH_END = lazy_compile(rf"({_ERAS})\s*(元|\d{{1,2}})\s*年度\s*\(\s*(\d{{1,2}})\s*月末\s*現在\s*\)")
# a day written with its year (令和3年1月28日(木)), or of the year of the day before it (同年2月4日)
_DAY_WRITTEN = lazy_compile(
    rf"(?:{_ERAS})\s*(?:元|\d{{1,2}})\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|同\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日"
)
# where a bullet of a report starts: a ・ or ○ after a space, a part mark, a sentence's end
_BULLET_START = lazy_compile(r"(?:^|\s)[・○]|\(\d+\)|。")


def month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)


def in_fiscal(fiscal: int, month: int) -> int:
    """The calendar year of ``month`` in fiscal year ``fiscal`` (April to March)."""
    return fiscal if month >= 4 else fiscal + 1


def stated_day(norm: str, found: Found, fiscal: int | None) -> dt.date | None:
    """The day ``found`` is stated for, where its sentence states one before it: ``令和2年1月1日現在``,
    ``【令和3年4月1日現在】``, ``R3.3月末`` (the month's last day), ``令和元年度(2月末現在)``; in a report
    of fiscal year ``fiscal`` also a day of its bullet without a year (``・11月13日(金)イオン上田店
    17名``, ``(10月1日現在)``) or written right before it (``(8/28 404人)``), in that fiscal year.
    ``None`` where none is stated."""
    start = sentence_start(norm, found.start)
    candidates: list[tuple[int, dt.date]] = []
    try:
        for m in _DAY_ERA.finditer(norm, start, found.start):
            year = era_year(m.group(1), m.group(2))
            candidates.append((m.start(), dt.date(year, int(m.group(3)), int(m.group(4)))))
        for m in _DAY_ABBR_MONTH_END.finditer(norm, start, found.start):
            year = era_year(m.group(1), m.group(2))
            candidates.append((m.start(), month_end(year, int(m.group(3)))))
        for m in _FY_MONTH_END.finditer(norm, start, found.start):
            year = era_year(m.group(1), m.group(2))
            month = int(m.group(3))
            candidates.append((m.start(), month_end(in_fiscal(year, month), month)))
        slash = _DAY_SLASH_BEFORE.search(norm, max(0, found.start - 8), found.start)
        if fiscal is not None and slash is not None:
            month = int(slash.group(1))  # 上田城跡能(8/28 404人): the day right before the count
            candidates.append((slash.start(), dt.date(in_fiscal(fiscal, month), month, int(slash.group(2)))))
        if fiscal is not None:
            bullet = max((m.end() for m in _BULLET_START.finditer(norm, start, found.start)), default=start)
            for m in DAY_OF_YEAR.finditer(norm, bullet, found.start):
                month = int(m.group(1))
                candidates.append((m.start(), dt.date(in_fiscal(fiscal, month), month, int(m.group(2)))))
            candidates += [(at, day) for at, day in _written_days(norm, found.start, fiscal) if at >= bullet]
    except ValueError:  # a day that does not exist (2月30日) states none
        return None
    return max(candidates)[1] if candidates else None


def _written_days(norm: str, end: int, fiscal: int) -> list[tuple[int, dt.date]]:
    """The days ``norm`` writes before ``end`` with their year (``令和3年1月28日``, read by
    :func:`munigoals.japanese.parse_year`) or as ``同年2月4日``: the year of the day written before it (one
    of those, or a month and day of fiscal year ``fiscal``: ``11月13日`` … ``同年12月10日``); where each
    starts. A day that does not exist is left out, and so is a 同年 with no day before it."""
    days: list[tuple[int, dt.date]] = []
    for m in _DAY_WRITTEN.finditer(norm, 0, end):
        if m.group(1) is None:
            stated = parse_year(m.group(0))
            if stated is not None and stated.date is not None:
                days.append((m.start(), stated.date))
            continue
        before = [
            (n.start(), dt.date(in_fiscal(fiscal, int(n.group(1))), int(n.group(1)), 1))
            for n in DAY_OF_YEAR.finditer(norm, 0, m.start())
        ]
        previous = max([*before, *days], default=None)
        if previous is None:
            continue
        try:
            days.append((m.start(), dt.date(previous[1].year, int(m.group(1)), int(m.group(2)))))
        except ValueError:
            continue
    return days

"""Japanese text helpers: normalisation, eras and fiscal years, actor groups.

Numbers, units, ranges, frequencies and comparators are one grammar of their own,
:mod:`munigoals.quantities`.

Why our own module: no maintained library knows the 年度 (fiscal year, April to March, named by the
calendar year it starts in) or the abbreviations plans use (``R2``, ``H30``, ``H31.1.11``); japanera,
for one, reads 令和5年度 as a calendar date and returns three eras for ``R2``. The table of modern eras
below is all that is needed.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import typing
import unicodedata

from munigoals.patterns import lazy_compile

__all__ = [
    "ACTOR_GROUPS",
    "ERAS",
    "Direction",
    "StatedYear",
    "YearKind",
    "actor_group",
    "era_to_fiscal_year",
    "era_year",
    "fiscal_year_of",
    "normalize",
    "parse_era_date",
    "parse_fiscal_year",
    "parse_year",
    "stated_direction",
    "strip_glossary_marks",
]

# Era name -> (first calendar year, abbreviation). 元年 is year 1.
ERAS: dict[str, tuple[int, str]] = {
    "明治": (1868, "M"),
    "大正": (1912, "T"),
    "昭和": (1926, "S"),
    "平成": (1989, "H"),
    "令和": (2019, "R"),
}
_ABBREVIATIONS = {abbr: name for name, (_, abbr) in ERAS.items()}
#: The last year each ended era is read to (明治45, 大正15, 昭和64): a later year never existed. 平成
#: ended in its year 31, but plans written before 令和 was announced (2019) name the years they plan for
#: as 平成32年度, H33 …: those are read up to 平成41 (2029), the end of a ten-year plan begun then.
ERA_LAST_YEAR: dict[str, int] = {"明治": 45, "大正": 15, "昭和": 64, "平成": 41}


_CIRCLED = lazy_compile(r"([\u2460-\u2473])")


def normalize(text: str) -> str:
    """NFKC-normalise ``text``, drop U+FFFD and collapse runs of white space into one space.

    Circled numbers ①…⑳ are kept as they are (NFKC would make ① a plain 1): plans number their
    items with them. Short texts (lines, cells) are cached: readers normalise them more than once.
    """
    return _normalize_short(text) if len(text) <= 512 else _normalize(text)


def _normalize(text: str) -> str:
    # Most lines are already NFKC (a cheap check) and then hold no circled number; str.split()
    # collapses the same white space as ``\s+`` and strips the ends, several times faster.
    if not unicodedata.is_normalized("NFKC", text):
        if _CIRCLED.search(text):
            parts = _CIRCLED.split(text)
            text = "".join(p if k % 2 else unicodedata.normalize("NFKC", p) for k, p in enumerate(parts))
        else:
            text = unicodedata.normalize("NFKC", text)
    if "\ufffd" in text:
        text = text.replace("\ufffd", " ")
    return " ".join(text.split())


_normalize_short = functools.lru_cache(maxsize=1 << 15)(_normalize)


def era_to_fiscal_year(era: str, year: int) -> int:
    """Western year for ``year`` of ``era`` (``令和``/``R`` 2 -> 2020). Year 1 is 元年.

    Raises:
        ValueError: for an unknown era, a year before 1, or a year after the era ended (昭和70, 平成99;
            see :data:`ERA_LAST_YEAR`).
    """
    name = _ABBREVIATIONS.get(era.upper(), era) if len(era) == 1 else era
    if name not in ERAS:
        raise ValueError(f"unknown era {era!r}; known: {', '.join(ERAS)}")
    if year < 1:
        raise ValueError(f"era year must be 1 or more, got {year}")
    if name in ERA_LAST_YEAR and year > ERA_LAST_YEAR[name]:
        raise ValueError(f"{name}{year}年 never existed (read up to {name}{ERA_LAST_YEAR[name]}年)")
    return ERAS[name][0] + year - 1


def _era_number(text: str) -> int:
    return 1 if text == "元" else int(text)


def era_year(era: str, number: str) -> int:
    """Western year of an era year as written: ``era`` a name or abbreviation, ``number`` its digits or
    ``元`` (``era_year("H", "元")`` -> 1989), as a pattern's groups give them.

    Raises:
        ValueError: as :func:`era_to_fiscal_year`.
    """
    return era_to_fiscal_year(era, _era_number(number))


def _existed(era: str, year: int) -> bool:
    """Whether ``era`` (a name or abbreviation) had a year ``year``."""
    name = _ABBREVIATIONS.get(era.upper(), era) if len(era) == 1 else era
    return year >= 1 and year <= ERA_LAST_YEAR.get(name, year)


def fiscal_year_of(day: dt.date) -> int:
    """The fiscal year (年度) a date falls in: April to March, named by its starting year."""
    return day.year if day.month >= 4 else day.year - 1


_ERA_NAMES = "|".join(ERAS)
_ERA_ABBR = "".join(abbr for _, abbr in ERAS.values())
_ERA_YEAR = lazy_compile(rf"({_ERA_NAMES})\s*(元|\d{{1,2}})\s*年(度)?")
_ERA_ABBR_DATE = lazy_compile(
    rf"(?<![A-Za-z])([{_ERA_ABBR}])(\d{{1,2}}|元)(?:\.(\d{{1,2}})(?:\.(\d{{1,2}}))?)?(?![\d])"
)
# 元 written without 年 (令和元, 平成元): year 1 of the era, as R元 is
_ERA_FIRST = lazy_compile(rf"({_ERA_NAMES})\s*元(?!\s*年)")
_WESTERN_FY = lazy_compile(r"(?<!\d)((?:19|20)\d{2})\s*年度?")
_WESTERN_BRACKET = lazy_compile(r"\(\s*((?:19|20)\d{2})\s*\)")


def parse_era_date(text: str) -> dt.date | None:
    """A date written as an era abbreviation with month and day (``H31.1.11`` -> 2019-01-11)."""
    match = _ERA_ABBR_DATE.search(normalize(text))
    if not match or match.group(3) is None or not _existed(match.group(1), _era_number(match.group(2))):
        return None
    year = era_to_fiscal_year(match.group(1), _era_number(match.group(2)))
    month = int(match.group(3))
    day = int(match.group(4) or 1)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_fiscal_year(text: str) -> int | None:
    """The first fiscal year named in ``text``, as a western year, or ``None``.

    Understands 令和5年度, 令和元年度, 平成30年度 (also with 決算 after it), ``R2``, ``H30``, 元 for year 1
    (``R元``, ``H元``, ``令和元``, ``平成元``), dates such as
    ``H31.1.11`` or ``R2.9月末`` (the fiscal year the date falls in), ``2025年``, ``2024年度`` and
    western years in brackets (``(2019)``).
    """
    norm = normalize(text)
    candidates: list[tuple[int, int]] = []
    # a year the era never had (平成99年度, 昭和70年度, "H0") is no year: the reader reports it
    if (match := _ERA_YEAR.search(norm)) and _existed(match.group(1), _era_number(match.group(2))):
        year = _era_number(match.group(2))
        candidates.append((match.start(), era_to_fiscal_year(match.group(1), year)))
    if match := _ERA_FIRST.search(norm):
        candidates.append((match.start(), era_to_fiscal_year(match.group(1), 1)))
    if (match := _ERA_ABBR_DATE.search(norm)) and _existed(match.group(1), _era_number(match.group(2))):
        year = era_to_fiscal_year(match.group(1), _era_number(match.group(2)))
        if match.group(3) is not None:
            month = int(match.group(3))
            if 1 <= month <= 12:
                year = fiscal_year_of(dt.date(year, month, 1))
        else:
            # "R2.9月末": the month follows the dot as a word.
            rest = norm[match.end() :]
            if month_match := re.match(r"\.(\d{1,2})月", rest):
                month = int(month_match.group(1))
                if 1 <= month <= 12:
                    year = fiscal_year_of(dt.date(year, month, 1))
        candidates.append((match.start(), year))
    for pattern in (_WESTERN_FY, _WESTERN_BRACKET):
        if match := pattern.search(norm):
            candidates.append((match.start(), int(match.group(1))))
    if not candidates:
        return None
    return min(candidates)[1]


#: Actor group -> words that name it, tried in this order on the first actor a label names.
ACTOR_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("citizens", ("市民", "住民", "個人", "家庭")),
    ("businesses", ("企業", "事業者", "事業所", "民間", "商工", "経済団体")),
    ("educators", ("教育関係者", "学校", "教育機関", "大学")),
    ("government", ("行政", "市役所", "市", "国", "県")),
    ("community_groups", ("活動団体", "自治会", "地域", "団体", "NPO", "ボランティア", "区")),
)


@functools.lru_cache(maxsize=1024)
def actor_group(actor: str) -> str:
    """Normalise an actor label to a group for comparison (cached: plans name the same few actors).

    ``citizens``, ``businesses``, ``community_groups``, ``educators``, ``government`` or ``other``.
    A label naming several actors (``自治会・活動団体など``, ``行政・学校``) is grouped by the first it
    names, so each label has exactly one group.
    """
    first = (
        re.split(r"[・、,/]", normalize(actor).replace(" ", ""))[0].removesuffix("など").removesuffix("等")
    )
    for group, words in ACTOR_GROUPS:
        if any(first.startswith(word) for word in words):
            return group
    for group, words in ACTOR_GROUPS:
        if any(word in first for word in words if len(word) > 1):
            return group
    return "other"


class YearKind(enum.StrEnum):
    """What a year a plan states is: a fiscal year (年度, April to March), a calendar year (年), or a
    stated day (平成15年9月30日現在), whose calendar year is the year."""

    FISCAL = "fiscal"
    CALENDAR = "calendar"
    DATE = "date"


class StatedYear(typing.NamedTuple):
    """A year as a text states it: the western year, its :class:`YearKind`, and the day where one is
    stated."""

    year: int
    kind: YearKind
    date: dt.date | None = None


_ERA_DAY = lazy_compile(rf"({_ERA_NAMES})\s*(元|\d{{1,2}})\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日")
# an as-of day written with an era letter: R5.3.31現在, (H30.9.30時点); without 現在 or 時点 a dotted day
# (H31.1.11) gives its fiscal year, as parse_fiscal_year reads it
_ERA_ABBR_DAY_AS_OF = lazy_compile(
    rf"(?<![A-Za-z])([{_ERA_ABBR}])\s*(元|\d{{1,2}})\s*\.\s*(\d{{1,2}})\s*\.\s*(\d{{1,2}})\s*(?:現在|時点)"
)
_WESTERN_DAY = lazy_compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_WESTERN_YEAR = lazy_compile(r"(?<!\d)((?:19|20)\d{2})\s*年(度)?")


def parse_year(text: str) -> StatedYear | None:
    """The first year named in ``text``, with what kind of year it is, or ``None``.

    ``平成13年`` and ``2022年`` are calendar years; ``令和2年度``, ``2020年度``, abbreviations (``R2``) and
    western years in brackets (``(2019)``) fiscal years, as :func:`parse_fiscal_year` reads them;
    ``平成15年9月30日`` is a date (2003-09-30), of calendar year 2003, and so is an as-of day written with an
    era letter (``R5.3.31現在``: 2023-03-31). A day that does not exist (2月30日) is read as its year alone.
    """
    norm = normalize(text)
    candidates: list[tuple[int, StatedYear]] = []
    for pattern, is_era in ((_ERA_DAY, True), (_ERA_ABBR_DAY_AS_OF, True), (_WESTERN_DAY, False)):
        if match := pattern.search(norm):
            number = match.group(2) if is_era else match.group(1)
            try:
                year = (
                    era_to_fiscal_year(match.group(1), 1 if number == "元" else int(number))
                    if is_era
                    else int(number)
                )
            except ValueError:
                continue
            month, day = (int(match.group(3)), int(match.group(4))) if is_era else (
                int(match.group(2)), int(match.group(3)))  # fmt: skip
            try:
                stated = StatedYear(year, YearKind.DATE, dt.date(year, month, day))
            except ValueError:
                stated = StatedYear(year, YearKind.CALENDAR)
            candidates.append((match.start(), stated))
    if (match := _ERA_YEAR.search(norm)) and match.group(2) not in ("0", "00"):
        try:
            era_year = era_to_fiscal_year(
                match.group(1), 1 if match.group(2) == "元" else int(match.group(2))
            )
        except ValueError:
            pass
        else:
            kind = YearKind.FISCAL if match.group(3) else YearKind.CALENDAR
            candidates.append((match.start(), StatedYear(era_year, kind)))
    if match := _WESTERN_YEAR.search(norm):
        kind = YearKind.FISCAL if match.group(2) else YearKind.CALENDAR
        candidates.append((match.start(), StatedYear(int(match.group(1)), kind)))
    if not candidates:
        fiscal = parse_fiscal_year(norm)
        return StatedYear(fiscal, YearKind.FISCAL) if fiscal is not None else None
    # the earliest wins; at one position, a stated day before a bare year
    order = {YearKind.DATE: 0, YearKind.FISCAL: 1, YearKind.CALENDAR: 1}
    return min(candidates, key=lambda item: (item[0], order[item[1].kind]))[1]


class Direction(enum.StrEnum):
    """The way a plan says an indicator is to go: 増加を目指す, 減少を目指す, 維持."""

    INCREASE = "increase"
    DECREASE = "decrease"
    KEEP = "keep"


#: Words a plan writes for the way an indicator is to go, tried in this order (維持・向上 is an increase).
DIRECTION_WORDS: tuple[tuple[str, Direction], ...] = (
    ("維持・向上", Direction.INCREASE),
    ("維持向上", Direction.INCREASE),
    ("増加", Direction.INCREASE),
    ("増やす", Direction.INCREASE),
    ("向上", Direction.INCREASE),
    ("延伸", Direction.INCREASE),
    ("拡大", Direction.INCREASE),
    ("上昇", Direction.INCREASE),
    ("減少", Direction.DECREASE),
    ("減らす", Direction.DECREASE),
    ("削減", Direction.DECREASE),
    ("縮小", Direction.DECREASE),
    ("低下", Direction.DECREASE),
    ("抑制", Direction.DECREASE),
    ("維持", Direction.KEEP),
)
#: An arrow states a direction only as a cell of its own (in running text it joins two values).
DIRECTION_ARROWS = {"↑": Direction.INCREASE, "↗": Direction.INCREASE, "↓": Direction.DECREASE,
                    "↘": Direction.DECREASE, "→": Direction.KEEP}  # fmt: skip


def stated_direction(text: str) -> Direction | None:
    """The direction a cell or phrase states (``増加を目指す`` -> increase, ``減少`` -> decrease,
    ``維持`` -> keep; an arrow alone, ``↑`` ``↓`` ``→``, too), or ``None`` where it states none.

    A text naming both ways (``増加と減少``) states none.
    """
    norm = normalize(text)
    if not norm:
        return None
    if norm in DIRECTION_ARROWS:
        return DIRECTION_ARROWS[norm]
    found = {direction for word, direction in DIRECTION_WORDS if word in norm}
    if "維持・向上" in norm or "維持向上" in norm:
        found.discard(Direction.KEEP)
    if len(found) == 1:
        return found.pop()
    return None


#: A glossary mark: ``*`` after a term the plan explains in its 用語解説 (``\\*`` where Markdown escaped it).
GLOSSARY_MARK = r"\\?\*"
_TERM_BOUNDARY = lazy_compile(r"[\s、。,「」()\[\]・]")


@functools.lru_cache(maxsize=64)
def _mark_pattern(mark: str) -> re.Pattern[str]:
    return re.compile(mark)


def strip_glossary_marks(text: str, mark: str = GLOSSARY_MARK) -> tuple[str, tuple[str, ...]]:
    """``text`` normalised without its glossary marks (the regex ``mark``: ``*`` and Markdown-escaped
    ``\\*`` by default), and the terms they marked, each the run of characters before its mark back
    to a space or punctuation: ``協働推進員*研修会`` → (``協働推進員研修会``, (``協働推進員``,))."""
    glossary = _mark_pattern(mark)
    if not glossary.search(text):
        return normalize(text), ()
    terms: list[str] = []
    for match in glossary.finditer(text):
        before = glossary.sub("", _TERM_BOUNDARY.split(text[: match.start()])[-1])
        if before:
            terms.append(before)
    return normalize(glossary.sub("", text)), tuple(dict.fromkeys(terms))

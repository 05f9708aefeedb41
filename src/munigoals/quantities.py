"""One grammar for the quantities Japanese plans write: numbers, units, ranges, frequencies, comparators.

Every reader turns cells and sentences into numbers through this module, so that 以内, 週2回 or 2～3回
mean the same thing whichever city's document they stand in:

- **numbers**: full-width digits (NFKC), thousands separators (``1,250``), decimals, ▲/△ for minus,
  and kanji numerals through kanjize (``三十`` → 30) where :func:`parse_number` is asked for one;
- **units**: one table, :data:`UNITS` (``千円`` and ``万円`` are units of money; ``1万人`` is 1 in units
  of ``万人``, as written: no number is computed that the text does not write);
- **ranges**: ``2～3回`` is 2 with ``value_max`` 3;
- **各 lists**: ``講演会、交流会各1回`` is one count for each item named (``each``);
- **frequencies**: ``週2回``, ``毎月1回``, ``月1回``, ``各月1回``, ``年2回`` state a rate
  (:class:`Frequency`); ``隔月`` and ``偶数月`` one every two months; a plain ``4回`` is a total;
- **comparators**: 以上 ``ge``, 以下 and 以内 and まで ``le``, 未満 ``lt``, 超 ``gt``; none stated ``eq``
  (letter codes, safe in every file format; :attr:`Comparator.symbol` for display).
  ``30品の増`` is an increase (``change``), not a level.

:func:`find_quantities` returns every quantity in a text with the characters it came from (``start``,
``end`` in the NFKC text), so a reader can cite exactly what it read; it never returns a number that is
not written in digits in the text. :meth:`Quantity.from_text` and :meth:`Target.from_text` read a whole
table cell; :meth:`Quantity.from_cell` and :meth:`Target.from_cell` a cell written ``value [note] (year)``
(:func:`split_value_cell`), where a cell naming several counts is no value (:func:`parts_note`). Eras
and fiscal years are in :mod:`munigoals.japanese`.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

import attrs

from munigoals.japanese import Direction, YearKind, normalize, parse_fiscal_year
from munigoals.patterns import lazy_compile

__all__ = [
    "APPROXIMATE_AFTER",
    "APPROXIMATE_BEFORE",
    "COUNT_UNITS",
    "DECREASE_WORDS",
    "NO_VALUE_MARKS",
    "UNITS",
    "Comparator",
    "Found",
    "Frequency",
    "Quantity",
    "Target",
    "ValueCell",
    "YearKind",
    "approximate_word",
    "change_word",
    "changed_way",
    "comparator_code",
    "each_items",
    "find_quantities",
    "is_no_value",
    "leading_year",
    "number_in_parts",
    "parse_comparator",
    "parse_number",
    "parse_value",
    "parts_note",
    "split_unit_from_name",
    "split_value_cell",
]


class Comparator(enum.StrEnum):
    """How a target compares: 以上 ``ge``, 以下・以内 ``le``, 未満 ``lt``, 超 ``gt``; none stated ``eq``.

    The values are letter codes, safe in every format (a cell written ``>=`` or ``=`` starts a formula
    in a spreadsheet); :attr:`symbol` is for display only. :meth:`read` also takes the symbols that
    files written before the codes hold (``>=``, ``=``, ``≥`` …).
    """

    EQ = "eq"
    GE = "ge"
    LE = "le"
    LT = "lt"
    GT = "gt"

    @property
    def symbol(self) -> str:
        """The mathematical sign, for display: ``=``, ``≥``, ``≤``, ``<``, ``>``."""
        return _COMPARATOR_SYMBOLS[self]

    @classmethod
    def read(cls, text: str) -> Comparator:
        """The comparator ``text`` names: a code (``ge``) or a symbol (``>=``, ``≥``, ``=``).

        Raises:
            ValueError: for text that names no comparator.
        """
        key = text.strip().lower()
        found = _COMPARATOR_ALIASES.get(key)
        if found is None:
            raise ValueError(f"{text!r} is no comparator; use one of {', '.join(c.value for c in cls)}")
        return found


_COMPARATOR_SYMBOLS = {
    Comparator.EQ: "=",
    Comparator.GE: "≥",
    Comparator.LE: "≤",
    Comparator.LT: "<",
    Comparator.GT: ">",
}
_COMPARATOR_ALIASES: dict[str, Comparator] = {
    **{c.value: c for c in Comparator},
    "=": Comparator.EQ, "==": Comparator.EQ, "＝": Comparator.EQ,
    ">=": Comparator.GE, "≥": Comparator.GE, "≧": Comparator.GE, "＞＝": Comparator.GE,
    "<=": Comparator.LE, "≤": Comparator.LE, "≦": Comparator.LE, "＜＝": Comparator.LE,
    "<": Comparator.LT, "＜": Comparator.LT,
    ">": Comparator.GT, "＞": Comparator.GT,
}  # fmt: skip


def comparator_code(value: object) -> str | None:
    """The code (``eq``, ``ge``, ``le``, ``lt``, ``gt``) of a comparator written as a code or a
    symbol; ``None`` stays ``None`` and anything else is returned unchanged (a validator names it)."""
    if value is None:
        return None
    try:
        return Comparator.read(str(value)).value
    except ValueError:
        return str(value)


class Frequency(enum.StrEnum):
    """A rate the text states (週2回 …); a plain count (4回) is a total and has none."""

    PER_WEEK = "per_week"
    PER_MONTH = "per_month"
    PER_TWO_MONTHS = "per_two_months"
    PER_YEAR = "per_year"


@attrs.frozen
class Quantity:
    """A measured or stated amount, as the document writes it.

    Attributes:
        value: The number, or ``None`` where the document gives none (``―``) or several.
        text: The original text, NFKC-normalised.
        unit: Unit (``%``, ``人``, ``件``), or ``None``.
        fiscal_year: Western fiscal year the value refers to, or ``None``.
        note: What else the cell says (``144/217棟``, ``決算``, ``令和7年度創設``).
        value_max: Upper bound where the text gives a range (``2～3回``); ``value`` is the lower bound.
        frequency: The rate the text states (``週2回``), or ``None`` for a total.
        year_kind: What ``fiscal_year`` is: a fiscal year (年度, the default), a calendar year (年) or the
            year of a stated day (``date``).
        date: The day the value is stated for (平成15年9月30日現在), where the document gives one.
        change: ``True`` where the words after the value make it a change by that much, not a level
            reached (``66人の削減を行った``, ``6円減額``).
    """

    value: float | None
    text: str
    unit: str | None = None
    fiscal_year: int | None = None
    note: str | None = None
    value_max: float | None = None
    frequency: Frequency | None = None
    year_kind: YearKind = YearKind.FISCAL
    date: dt.date | None = None
    change: bool = False

    @classmethod
    def from_text(
        cls,
        text: str,
        fiscal_year: int | None = None,
        *,
        year_kind: YearKind = YearKind.FISCAL,
        date: dt.date | None = None,
    ) -> Quantity:
        """Read a value cell: ``86.5`` → 86.5; ``66%`` → 66 %; ``―`` → no value; ``2～3回`` → 2 to 3.

        A cell that is not one quantity keeps its text with value ``None`` and the rest in ``note``.
        ``year_kind`` and ``date`` say what ``fiscal_year`` is where it is not a 年度.
        """
        norm = normalize(text)
        if is_no_value(norm):
            return cls(None, norm, None, fiscal_year, year_kind=year_kind, date=date)
        found = _whole(norm)
        if found is None:
            return cls(None, norm, None, fiscal_year, norm or None, year_kind=year_kind, date=date)
        return cls(
            found.value, norm, found.unit, fiscal_year, _said(found) or None, found.value_max,
            found.frequency, year_kind, date,
        )  # fmt: skip

    @classmethod
    def from_cell(cls, text: str) -> Quantity:
        """Read a cell written ``value [note] (year)`` (:func:`split_value_cell`): ``66% [144/217棟]
        (令和5年度)`` → 66 %, fiscal 2023, note ``144/217棟``. The text is the whole cell.

        A dash is no value: its bracket says why (``— (令和7年度創設)``), and is no year; the dash is
        written ``―`` whichever dash the file used. A cell naming several counts (``講演会1回、研修会2回``)
        is no value: its parts are listed in the note (:func:`parts_note`). An approximate value
        (``約320人``, ``320人程度``) is a value, the word the note's first part.
        """
        original = normalize(text)
        cell = split_value_cell(original)
        if is_no_value(cell.text):
            why = [n for n in cell.notes if n != "決算"]
            if cell.year_text is not None:
                why.insert(0, cell.year_text)
            return cls(None, "―" + original[1:], None, None, "; ".join(why) or None)
        found = _whole(normalize(cell.text))
        if found is None or found.rest:
            parts = [p for p in [parts_note(cell.text)] if p]
            return cls(None, original, None, cell.year, "; ".join([*parts, *cell.notes]) or None)
        notes = [found.approximate, *cell.notes] if found.approximate else cell.notes
        return cls(found.value, original, found.unit, cell.year, "; ".join(notes) or None)


@attrs.frozen
class Target:
    """A target value.

    Attributes:
        value: The number aimed at, or ``None`` where the target is not one number.
        comparator: How the value is to be met (:class:`Comparator`).
        fiscal_year: Western fiscal year by which it is to be met, or ``None``.
        text: The original text, NFKC-normalised.
        unit: Unit of the value, or ``None``.
        note: What else the cell says.
        value_max: Upper bound of a range (``2～3回``).
        frequency: The rate the target states (``週2回``: twice a week), or ``None`` for a total.
        change: ``True`` where the text asks for a change (``30品の増``), not a level.
        year_kind: What ``fiscal_year`` is (年度 by default, or a calendar year 年).
    """

    value: float | None
    comparator: Comparator = Comparator.EQ
    fiscal_year: int | None = None
    text: str = ""
    unit: str | None = None
    note: str | None = None
    value_max: float | None = None
    frequency: Frequency | None = None
    change: bool = False
    year_kind: YearKind = YearKind.FISCAL

    @classmethod
    def from_text(
        cls, text: str, fiscal_year: int | None = None, *, year_kind: YearKind = YearKind.FISCAL
    ) -> Target:
        """Read a target cell: ``12.0 未満`` → < 12; ``100件以上`` → >= 100 件; ``―`` → none."""
        norm = normalize(text)
        if is_no_value(norm):
            return cls(None, Comparator.EQ, fiscal_year, norm, year_kind=year_kind)
        found = _whole(norm)
        if found is None:
            return cls(None, Comparator.EQ, fiscal_year, norm, None, norm or None, year_kind=year_kind)
        return cls(
            found.value, found.comparator, fiscal_year, norm, found.unit, _said(found) or None,
            found.value_max, found.frequency, found.change, year_kind,
        )  # fmt: skip

    @classmethod
    def from_cell(cls, text: str, fiscal_year: int | None = None) -> Target:
        """Read a target cell written ``value [note] (year)`` (:func:`split_value_cell`): ``6.5%未満
        (令和12年度決算)`` → < 6.5 %, fiscal 2030, note ``決算``; the cell's year, else ``fiscal_year``
        (the header's). A dash or a cell naming several counts is no value (see :meth:`Quantity.from_cell`).
        """
        original = normalize(text)
        cell = split_value_cell(original)
        year = cell.year or fiscal_year
        if is_no_value(cell.text):
            return cls(None, Comparator.EQ, year, original, None, "; ".join(cell.notes) or None)
        found = _whole(normalize(cell.text))
        if found is None or found.rest:
            parts = [p for p in [parts_note(cell.text)] if p]
            return cls(None, Comparator.EQ, year, original, None, "; ".join([*parts, *cell.notes]) or None)
        notes = [found.approximate, *cell.notes] if found.approximate else cell.notes
        return cls(found.value, found.comparator, year, original, found.unit, "; ".join(notes) or None)


#: Marks that stand for "no value" in a table cell (after NFKC: ― stays, － becomes -).
NO_VALUE_MARKS = frozenset({"―", "—", "－", "-", "ー", "‐", "–", "−", "─", "━"})

#: Every unit the readers know, one table. Longer units are matched first (千円 before 円).
UNITS = (
    "千円", "万円", "億円", "円", "%", "人", "名", "件", "回", "組", "事業", "講座", "公演", "分野", "品",
    "箇所", "か所", "ヶ所", "カ所", "校", "園", "団体", "地域", "世帯", "施設", "台", "本", "棟", "社", "戸",
    "店", "路線", "ポイント", "点", "部", "課所", "歳", "日", "時間", "年", "km", "ha", "kg", "t", "m",
    "枚", "冊", "位", "倍", "組織", "部会", "基", "TJ", "分", "秒", "g", "mg", "L", "mL", "kWh", "m2", "m3",
    "割", "t-CO2", "kg-CO2",
)  # fmt: skip
#: Units that measure rather than count (durations, weights, volumes, energy, areas, shares): read in a
#: value cell and a name's unit bracket, never taken as a count in running text.
_MEASURE_UNITS = ("歳", "日", "時間", "年", "位", "倍", "t", "m", "km", "分", "秒", "g", "mg", "L", "mL",
                  "kWh", "m2", "m3", "割", "t-CO2", "kg-CO2")  # fmt: skip
#: Units that count something: a number with one of these can be a target. Months, days, hours and
#: years are deadlines and durations; ages and ranks are not counts.
COUNT_UNITS = tuple(u for u in UNITS if u not in _MEASURE_UNITS)

_UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_COUNT_ALT = "|".join(re.escape(u) for u in sorted(COUNT_UNITS, key=len, reverse=True))
_NUMBER = r"[-▲△]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-▲△]?\d+(?:\.\d+)?"
_NUMBER_RE = lazy_compile(_NUMBER)
_COMPARATOR_WORDS = (
    # …を上回る (more than), …を下回らない (not less than): the longer words first
    ("を上回らない", Comparator.LE),
    ("を下回らない", Comparator.GE),
    ("を上回る", Comparator.GT),
    ("を下回る", Comparator.LT),
    ("以上", Comparator.GE),
    ("以下", Comparator.LE),
    ("以内", Comparator.LE),
    ("未満", Comparator.LT),
    ("超", Comparator.GT),
    ("まで", Comparator.LE),
)
_COMPARATOR_ALT = "|".join(word for word, _ in _COMPARATOR_WORDS)
#: Every comparator word of the grammar as one alternation (以上, 以下, …を上回る …), for the readers
#: that look for one where the grammar could not read it.
COMPARATOR_ALT = _COMPARATOR_ALT
_COMPARATORS = dict(_COMPARATOR_WORDS)
_FREQUENCY_WORDS = (
    ("毎週", Frequency.PER_WEEK),
    ("週", Frequency.PER_WEEK),
    ("隔月", Frequency.PER_TWO_MONTHS),
    ("偶数月", Frequency.PER_TWO_MONTHS),
    ("奇数月", Frequency.PER_TWO_MONTHS),
    ("毎月", Frequency.PER_MONTH),
    ("各月", Frequency.PER_MONTH),
    ("月", Frequency.PER_MONTH),
    ("毎年", Frequency.PER_YEAR),
    ("年間", Frequency.PER_YEAR),
    ("年", Frequency.PER_YEAR),
)
_FREQUENCY_ALT = "|".join(word for word, _ in _FREQUENCY_WORDS)
_FREQUENCIES = dict(_FREQUENCY_WORDS)
#: Every word of each list, for one ``str.startswith`` before the list is walked (most cells start with none)
_FREQUENCY_STARTS = tuple(word for word, _ in _FREQUENCY_WORDS)
_COMPARATOR_STARTS = tuple(word for word, _ in _COMPARATOR_WORDS)

#: The words that make a number approximate, written before it (約300人) or after it (年7回程度).
APPROXIMATE_BEFORE = ("約", "概ね", "おおむね", "およそ")
APPROXIMATE_AFTER = ("程度", "前後")
_APPROXIMATE_BEFORE_ALT = "|".join(APPROXIMATE_BEFORE)
#: How a cell :func:`_whole` reads only with an approximation word taken off may start (約, 年約)
_APPROXIMATE_OR_RATE_STARTS = (*APPROXIMATE_BEFORE, *_FREQUENCY_STARTS)

# a quantity in running text: [frequency [approximation]] number [~ number] [multiplier] unit
# [comparator | の増]; a rate's words may hold the approximation (週約2回: about twice a week)
_QUANTITY = lazy_compile(
    rf"(?P<freq>(?<![\d元])(?:{_FREQUENCY_ALT})\s*(?P<within>(?:{_APPROXIMATE_BEFORE_ALT})\s*)?)?"
    rf"(?<![\d.,])(?P<num>{_NUMBER})"
    # a number written in parts is one number (1億2千万円, 3億5,000万円, 1万2千人: _in_parts_read)
    rf"(?:(?P<big>[億万])(?P<rest>\d{{1,3}}(?:,\d{{3}})+|\d+))?"
    rf"(?:\s*[~～〜]\s*(?P<max>{_NUMBER}))?"
    rf"\s*(?P<mult>[千万億](?!円))?(?P<unit>{_COUNT_ALT})"
    rf"\s*(?P<cmp>{_COMPARATOR_ALT}|の増|(?:\([^()]{{0,30}}\))?\s*の追加)?"
)
_VALUE = lazy_compile(
    rf"^(?P<num>{_NUMBER})(?:\s*[~～〜]\s*(?P<max>{_NUMBER}))?\s*"
    rf"(?P<unit>(?:[千万億](?={_UNIT_ALT}))?(?:{_UNIT_ALT})(?:\s*/\s*(?:{_UNIT_ALT}))?)?"
)
# a unit the table does not hold, as the cell states it right after the number (``862g``, ``5か国``):
# letters up to a comparator word, a bracket, a space or the end; never a word about the number
# (a comparator, 程度, 前後, 増, 見込 …)
_STATED_UNIT = lazy_compile(
    rf"(?!{_COMPARATOR_ALT}|の増|の追加|程度|前後|増|減|見込|達成|維持|目標|など|等)(?P<unit>[^\s\d()\[\]{{}}、,。.:;~～〜/※*+=<>#%-]{{1,6}}?)"
    rf"(?=$|\s|\(|{_COMPARATOR_ALT}|程度|前後|の増|の追加)"
)
_LABEL_SPLIT = lazy_compile(r"[\s、,。:;：；()（）【】\[\]「」・]")
_EACH_LABEL_SPLIT = lazy_compile(r"[\s。:;：；()（）【】\[\]「」]")  # a 各 list keeps its 、
# a unit bracket ending a name: any unit of the table, with a multiplier (万人, 百万円) or a rate (人/日)
_UNIT_BRACKET = lazy_compile(
    rf"\(\s*((?:百万|[千万億])?(?:{_UNIT_ALT})(?:\s*/\s*(?:[千万億]?(?:{_UNIT_ALT})))?)\s*\)\s*$"
)
_FOOTNOTE_BRACKET = lazy_compile(r"\(\s*(※\s*\d*)\s*\)\s*$")
_KANJI_NUMERAL = lazy_compile(r"[〇一二三四五六七八九十百千万億]+")
_NEGATIVE = lazy_compile(r"-\s*\d")
_WRAPPED_WORD = lazy_compile(r"([^\s、,。:;()]+) ([^\s、,。:;()])$")
_NOT_IN_WORD = frozenset("、,。:;()")


def _wrapped_word(text: str) -> bool:
    """Whether ``_WRAPPED_WORD`` is found in ``text`` (which ends in no line break), looking at its last
    three characters only: a search would try the pattern from every character of a long word again
    (quadratic in the word's length)."""
    return (
        len(text) >= 3
        and text[-2] == " "
        and not text[-1].isspace()
        and text[-1] not in _NOT_IN_WORD
        and not text[-3].isspace()
        and text[-3] not in _NOT_IN_WORD
    )


_LIST_SEPARATOR = lazy_compile(r"[、,・]")


@attrs.frozen
class Found:
    """One quantity found in a text by :func:`find_quantities`.

    Attributes:
        value: The number (a range's lower bound).
        value_max: A range's upper bound, or ``None``.
        unit: Its unit.
        comparator: 以上/以下/以内/未満/超/まで/を上回る/を下回らない…, else ``=``.
        frequency: The rate stated before it (週, 毎月 …), or ``None`` for a total.
        each: ``True`` where 各 stands before it: one such count for each item named.
        change: ``True`` for a change (``30品の増``, ``1分野の追加``) rather than a level; its
            comparator is ``=`` unless the text states one.
        label: The words just before it (what it counts), without a frequency word.
        approximate: The word that says it is approximate (約, 概ね, おおむね before it; 程度, 前後
            after it), else empty.
        text: The characters it was read from.
        start: Where ``text`` starts in the normalised text.
        end: Where it ends.
    """

    value: float
    unit: str
    value_max: float | None = None
    comparator: Comparator = Comparator.EQ
    frequency: Frequency | None = None
    each: bool = False
    change: bool = False
    label: str = ""
    text: str = ""
    start: int = 0
    end: int = 0
    approximate: str = ""


def is_no_value(text: str) -> bool:
    """Whether a cell says "no value" (``―``, ``—``, ``－``, ``-``, ``ー``), with or without a note after."""
    norm = normalize(text)
    return bool(norm) and norm[0] in NO_VALUE_MARKS and not _NEGATIVE.match(norm)


def parse_number(text: str, *, kanji: bool = False) -> float | None:
    """The number ``text`` is, allowing commas, full-width digits, decimals and ▲/△ for minus; with
    ``kanji``, also kanji numerals (``三十`` → 30, through kanjize).

    Returns ``None`` unless the whole text (after normalising) is one number.
    """
    norm = normalize(text).replace(" ", "")
    if not norm:
        return None
    if _NUMBER_RE.fullmatch(norm):
        negative = norm[0] in "-▲△"
        value = float(norm.lstrip("-▲△").replace(",", ""))
        return -value if negative else value
    if kanji and _KANJI_NUMERAL.fullmatch(norm):
        import kanjize

        try:
            return float(kanjize.kanji2number(norm))
        except ValueError:
            return None
    return None


def parse_comparator(text: str) -> tuple[str, Comparator]:
    """Split a trailing comparator word off ``text``: ``6.5%未満`` -> (``6.5%``, ``lt``)."""
    norm = normalize(text)
    for word, comparator in _COMPARATOR_WORDS:
        if norm.endswith(word):
            return norm[: -len(word)].rstrip(), comparator
    return norm, Comparator.EQ


def split_unit_from_name(name: str) -> tuple[str, str | None, tuple[str, ...]]:
    """Take the unit bracket and footnote marks off the end of an indicator name.

    ``経常収支比率(※2)(%)`` -> (``経常収支比率``, ``%``, (``※2``,)). Brackets that are part of the
    name (``市税徴収率(滞納繰越分を含む)``) stay.
    """
    rest = normalize(name)
    unit: str | None = None
    marks: list[str] = []
    while True:
        if unit is None and (match := _UNIT_BRACKET.search(rest)):
            unit = match.group(1).replace(" ", "")
            rest = rest[: match.start()].rstrip()
            continue
        if match := _FOOTNOTE_BRACKET.search(rest):
            marks.insert(0, match.group(1).replace(" ", ""))
            rest = rest[: match.start()].rstrip()
            continue
        break
    return rest, unit, tuple(marks)


class _Whole(NamedTuple):  # made for every value cell: a tuple, the cheapest record
    value: float
    value_max: float | None
    unit: str | None
    comparator: Comparator
    frequency: Frequency | None
    change: bool
    rest: str
    approximate: str  # the word that makes it approximate (約, 程度 …), else empty


def _whole(norm: str) -> _Whole | None:
    """A cell that starts with a quantity: its parts and what follows (``None`` if it does not).

    A word that makes the number approximate (:data:`APPROXIMATE_BEFORE`, :data:`APPROXIMATE_AFTER`) is
    taken off where the cell is that number and no more, a comparator aside: ``約10分以内``,
    ``10分程度以内``, ``2回以上程度`` and ``年約7回`` are approximate; ``約5%増`` and ``約1/3`` are read as
    without the word before (no value: the rest says the number is not the cell's value), and
    ``10前後期`` keeps 前後 in its rest."""
    found = _quantity_cell(norm)
    if found is not None or not norm.startswith(_APPROXIMATE_OR_RATE_STARTS):
        return found
    rate = next((w for w, _ in _FREQUENCY_WORDS if norm.startswith(w)), "")
    after = norm[len(rate) :].lstrip()
    word = next((w for w in APPROXIMATE_BEFORE if after.startswith(w)), "")
    if not word:
        return None
    inner = _quantity_cell(rate + after[len(word) :].lstrip())  # 年約7回 as 年7回, 約320人 as 320人
    if inner is None or inner.approximate or not _NOTES_ONLY.fullmatch(inner.rest):
        return None
    return inner._replace(approximate=word)


#: What may follow a value without saying more of it: footnote marks and bracketed notes (``※1``,
#: ``(見込)``), kept in the note.
_NOTES_ONLY = lazy_compile(r"(?:\s*(?:\([^()]*\)|※\s*\d*))*\s*")


def _approximate_after(rest: str, *, then_comparator: bool) -> tuple[str, str]:
    """The approximation word a cell's rest starts with (程度, 前後) and what follows it, where only
    notes (:data:`_NOTES_ONLY`) or (with ``then_comparator``) a comparator follow it; else
    ``("", rest)``."""
    for word in APPROXIMATE_AFTER if rest.startswith(APPROXIMATE_AFTER) else ():
        if not rest.startswith(word):
            continue
        after = rest[len(word) :].strip()
        if _NOTES_ONLY.fullmatch(after) or (then_comparator and after.startswith(_COMPARATOR_STARTS)):
            return word, after
    return "", rest


def _quantity_cell(norm: str) -> _Whole | None:
    freq: Frequency | None = None
    body = norm
    if body.startswith(_FREQUENCY_STARTS):
        for word, frequency in _FREQUENCY_WORDS:
            if body.startswith(word) and _VALUE.match(body[len(word) :].lstrip()):
                freq, body = frequency, body[len(word) :].lstrip()
                break
    match = _VALUE.match(body)
    if not match:
        return None
    value = parse_number(match.group("num"))
    if value is None:
        return None
    high = parse_number(match.group("max")) if match.group("max") else None
    unit = match.group("unit").replace(" ", "") if match.group("unit") else None
    rest = body[match.end() :].strip()
    if unit is None and not match.group(0)[-1].isspace() and (stated := _STATED_UNIT.match(rest)):
        # a unit the table lacks (862g, 38.0分以下): kept as the cell states it, its comparator read
        unit, rest = stated.group("unit"), rest[stated.end() :].strip()
    approximate, rest = _approximate_after(rest, then_comparator=True)  # 10分程度以内: about 10, at most
    comparator, change = Comparator.EQ, False
    for word, comp in _COMPARATOR_WORDS if rest.startswith(_COMPARATOR_STARTS) else ():
        if rest.startswith(word):
            comparator, rest = comp, rest[len(word) :].strip()
            break
    else:
        if rest.startswith(("の増", "の追加")):  # a change, with no comparator stated
            change, rest = True, rest.removeprefix("の増").removeprefix("の追加").strip()
    if not approximate and (comparator != Comparator.EQ or change):  # 2回以上程度, 30品の増程度
        approximate, rest = _approximate_after(rest, then_comparator=False)
    rate = freq if unit == "回" or freq is None else None
    return _Whole(value, high, unit, comparator, rate, change, rest, approximate)


def _said(found: _Whole) -> str:
    """What a value's cell says besides its number, unit and comparator: the approximation word
    first (a note ``程度``, ``約``), then the rest."""
    return "; ".join(part for part in (found.approximate, found.rest) if part)


def parse_value(text: str) -> tuple[float | None, str | None, Comparator, str]:
    """Read a value cell: number, unit and comparator, and what is left over.

    ``12.0 未満`` -> (12.0, None, ``<``, ``""``); ``100件以上`` -> (100.0, ``件``, ``>=``, ``""``);
    ``66%`` -> (66.0, ``%``, ``=``, ``""``). A cell that does not start with a number gives value ``None``
    and the whole text as the rest. Ranges and frequencies: see :meth:`Target.from_text`.
    """
    norm = normalize(text)
    found = _whole(norm)
    if found is None:
        return None, None, Comparator.EQ, norm
    return found.value, found.unit, found.comparator, _said(found)


def approximate_word(text: str) -> str:
    """The word that makes the value ``text`` states approximate: 約, 概ね, おおむね or およそ before its
    number (``約300人``, ``年約7回``), 程度 or 前後 right after it (``年7回程度``, ``2~3回程度``,
    ``2回以上程度``); empty where none does (``300人以上``, ``約半数``, ``約5%増``: the cell says more
    of the number than that it is about so much)."""
    found = _whole(normalize(text))
    return found.approximate if found is not None else ""


_BRACKET_TAIL = lazy_compile(r"\s*\(([^()]*)\)\s*$")
_SQUARE = lazy_compile(r"\[([^\]]*)\]")
_YEAR_ONLY = lazy_compile(r"(令和|平成|昭和)?\s*(元|\d+)\s*年度?\s*(決算)?")
# a year written before the value, apart from it (2022年 12件, R4年度 45.2%): the value's year
_LEADING_YEAR = lazy_compile(
    r"^((?:令和|平成|昭和)\s*(?:元|\d{1,2})\s*年度?|(?<![A-Za-z])[RHS]\s*(?:元|\d{1,2})\s*(?:年度?)?"
    r"|(?:19|20)\d{2}\s*年度?)\s+(?=\S*\d)"
)
_PARTS_SEPARATOR = lazy_compile(r"[、,]")
_PART = lazy_compile(r"^(.*?)(\d[\d,.]*)\s*([^\d\s、,]*)$")


@attrs.frozen
class ValueCell:
    """A cell written ``value [note] (year)``, taken apart by :func:`split_value_cell`.

    Attributes:
        text: The value's text, without its brackets.
        year: The fiscal year the trailing bracket names, when it names a year and nothing else.
        notes: What the brackets say that is no year: ``[144/217棟]``, ``(令和7年度創設)``, ``決算``.
        year_text: The trailing bracket's text where it gave ``year`` (``令和6年度決算``).
    """

    text: str
    year: int | None
    notes: tuple[str, ...]
    year_text: str | None = None


def leading_year(text: str) -> tuple[str | None, str]:
    """A year written before a value and apart from it, and the rest: ``2022年 12件`` ->
    (``2022年``, ``12件``), ``R4年度 45.2%`` -> (``R4年度``, ``45.2%``); ``(None, text)`` for any other
    (a year alone, ``2030年``, is a value; ``5年 12件`` states a length)."""
    match = _LEADING_YEAR.match(text)
    return (match.group(1), text[match.end() :]) if match else (None, text)


def split_value_cell(text: str) -> ValueCell:
    """``66% [144/217棟] (令和5年度)`` → text ``66%``, year 2023, notes (``144/217棟``,).

    A trailing bracket that is a year alone (``令和6年度``, ``令和6年度決算``) gives the year (and the
    note ``決算``); any other trailing bracket (``令和7年度創設``) is a note, never a year. A year written
    before the value and apart from it (``2022年 12件``, ``R4年度 45.2%``) gives the year too. Square
    brackets anywhere are notes.
    """
    body = normalize(text)
    notes: list[str] = []
    year = year_text = None
    if match := _BRACKET_TAIL.search(body):
        inner = match.group(1).strip()
        parsed = parse_fiscal_year(inner)
        if parsed is not None and _YEAR_ONLY.fullmatch(inner):
            year, year_text = parsed, match.group(1)
            if inner.endswith("決算"):
                notes.append("決算")
        else:
            notes.append(inner)
        body = body[: match.start()].strip()
    if year is None:
        year_text, body = leading_year(body)
        year = parse_fiscal_year(year_text) if year_text else None
    notes.extend(square.group(1).strip() for square in _SQUARE.finditer(body))
    return ValueCell(_SQUARE.sub("", body).strip(), year, tuple(notes), year_text)


def parts_note(text: str) -> str | None:
    """A cell naming several counts, described part by part: ``講演会1回、研修会2回`` →
    ``parts: 講演会 1回; 研修会 2回``; ``None`` for a cell of one part."""
    parts = [p.strip() for p in _PARTS_SEPARATOR.split(text) if p.strip()]
    if len(parts) < 2:
        return None
    described = []
    for part in parts:
        match = _PART.match(part)
        described.append(f"{match.group(1)} {match.group(2)}{match.group(3)}".strip() if match else part)
    return "parts: " + "; ".join(described)


_ASIDE = lazy_compile(
    r"\(([^()]{0,3})$"
)  # an open bracket just before the number: 全体会(年2回 / 首長会議(国へ年1回
_PARTICLE = lazy_compile(r"(?<=[^\s])(?:を|は|が|に|で|の|へ|と)$")


def _label(before: str, splitter: re.Pattern[str]) -> str:
    """What a number counts, from the words before it: the last word, without a trailing particle
    (全体会を5回 -> 全体会); a number in a bracket that opens on a particle or on nothing belongs to
    the word before the bracket (上田(7回), 全体会(年2回程度), 首長会議(国へ年1回)); a lone 等 keeps its
    word (婚活セミナー 等1回)."""
    if not before:
        return ""
    aside = _ASIDE.search(before)
    if aside and (not aside.group(1).strip() or _PARTICLE.search(aside.group(1).strip())):
        before = before[: aside.start()].rstrip()
    if _wrapped_word(before):
        # a one-character word after a space is the end of a word a cell wrapped: 武石地 区(2回)
        before = before[:-2] + before[-1]
    words = [w for w in splitter.split(before) if w]
    if not words:
        return ""
    label = words[-1]
    if label in ("等", "など") and len(words) > 1:
        label = words[-2] + label
    return _PARTICLE.sub("", label) if len(label) > 2 else label


def find_quantities(text: str) -> list[Found]:
    """Every quantity with a unit of count in ``text`` (NFKC-normalised first), in order.

    Numbers without a unit of count (years, months, dates, ``第2期``) and ordinals (``第8回``) are not
    quantities; a number that is where something starts from (``14,600人→15,600人``) is not returned
    either. Every value returned is written in digits in the text.
    """
    return list(_find_quantities(normalize(text)))


# where a quantity can start: a frequency word's first character, a digit or a minus sign
_QUANTITY_START = lazy_compile("[" + "".join(sorted({w[0] for w, _ in _FREQUENCY_WORDS})) + r"\-▲△\d]")
_ARROW_AFTER = lazy_compile(r"\s*→")
_APPROX_AFTER = lazy_compile(rf"\s*({'|'.join(APPROXIMATE_AFTER)})")
_APPROX_BEFORE = lazy_compile(rf"({'|'.join(APPROXIMATE_BEFORE)})\s*$")


_PER_AFTER = lazy_compile(r"\s*(?:\d+\s*[^\s\d]{1,2}\s*)?(?:当たり|あたり|当り)")
_SCALES = {"十": 10.0, "百": 100.0, "千": 1e3, "万": 1e4, "億": 1e8}


def number_in_parts(head: float, big: str, rest: str, marks: str = "") -> float | None:
    """A number written in parts, as one number in units of its larger part ``big`` (億 or 万): 1億2千万
    (``head`` 1, ``rest`` 2, ``marks`` 千万 before the unit) is 1.2 億, 3億5,000万 3.5 億, 1万2千 1.2 万 (the
    notation's reading, as 1,200 is 1200; nothing the text does not write); ``None`` where the parts do
    not make one number (the rest as large as ``big``)."""
    tail = parse_number(rest)
    if tail is None:
        return None
    for mark in marks:
        tail *= _SCALES[mark]
    return head + tail / _SCALES[big] if tail < _SCALES[big] else None


def _in_parts_read(head: float, big: str, rest: str, unit: str) -> tuple[float | None, str]:
    """:func:`number_in_parts` of a quantity and its unit (``千万円``: the marks 千万, the unit 円), with
    the unit it is then in (億円); ``(None, unit)`` where the parts make no one number."""
    base = unit.lstrip("十百千万億")
    value = number_in_parts(head, big, rest, unit[: len(unit) - len(base)]) if base else None
    return (value, big + base) if value is not None else (None, unit)


def _quantity_matches(norm: str) -> Iterator[re.Match[str]]:
    """``_QUANTITY.finditer(norm)``, the same matches, tried only where one can start: the pattern
    opens on an optional group, so the regex engine would try it at every character (most of its time)."""
    at = 0
    while (candidate := _QUANTITY_START.search(norm, at)) is not None:
        m = _QUANTITY.match(norm, candidate.start())
        if m is None:
            at = candidate.start() + 1
        else:
            yield m
            at = m.end()


@functools.lru_cache(maxsize=4096)
def _find_quantities(norm: str) -> tuple[Found, ...]:
    """:func:`find_quantities` on normalised text, cached: readers look at one report once for each
    target it may hold a result of."""
    found: list[Found] = []
    for m in _quantity_matches(norm):
        start = m.start("num")
        if _ARROW_AFTER.match(norm, m.end()):
            continue  # the number before an arrow is where it starts from
        before_end = start
        while before_end and norm[before_end - 1].isspace():
            before_end -= 1
        if before_end and norm[before_end - 1] == "第":
            continue  # an ordinal (第8回 音楽祭) names an event; it counts nothing
        if norm.startswith("目", m.end("unit")):
            continue  # an ordinal (2回目は延期, 3日目) names one of them; it counts nothing
        if _PER_AFTER.match(norm, m.end("unit")):
            continue  # 1人1日当たり 800g: what a measure is per, not a count
        value = parse_number(m.group("num"))
        if value is None:
            continue
        high = parse_number(m.group("max")) if m.group("max") else None
        unit = (m.group("mult") or "") + m.group("unit")  # 1万人: 1 in units of 10,000 people, as written
        if m.group("big"):
            value, unit = _in_parts_read(value, m.group("big"), m.group("rest"), unit)
            if value is None:
                continue
        within = (m.group("within") or "").strip()  # 週約2回: the approximation inside the rate's words
        word = (m.group("freq") or "").strip().removesuffix(within).strip()
        frequency = _FREQUENCIES.get(word) if word and unit == "回" else None
        start_label = m.start("freq") if frequency is not None else start
        # the words a number counts start after the previous quantity: in 講演会各1回、交流会、講座各3回
        # the 3回 counts 交流会 and 講座, not 講演会 again
        since = found[-1].end if found else 0
        before = norm[since:start_label].rstrip().lstrip("、,・ ")
        # an approximation word before the number says how exact it is, not what it counts (各約3回)
        if (approximately := _APPROX_BEFORE.search(before)) is not None:
            before = before[: approximately.start()].rstrip()
        # 各 before the number, or 各月 as its rate (上田・丸子 各月1回: each of them, monthly)
        each = before.endswith("各") or word.startswith("各")
        splitter = _EACH_LABEL_SPLIT if each else _LABEL_SPLIT
        label = _label(before.removesuffix("各").rstrip(), splitter)
        cmp_word = m.group("cmp") or ""
        text_start = m.start("freq") if frequency is not None else start
        after = _APPROX_AFTER.match(norm, m.end())
        ahead = _APPROX_BEFORE.search(norm, 0, text_start)
        approximate = within or (after.group(1) if after else ahead.group(1) if ahead else "")
        found.append(
            Found(
                value=value,
                unit=unit,
                value_max=high,
                comparator=_COMPARATORS.get(cmp_word, Comparator.EQ),  # a change states no comparator
                frequency=frequency,
                each=each,
                change=cmp_word.endswith(("の増", "の追加")),
                label=label,
                text=norm[text_start : m.end()].strip(),
                start=text_start,
                end=m.end(),
                approximate=approximate,
            )
        )
    return tuple(found)


#: Words right after a number (and its 程度 or 前後) that make it a change by that much, not a level:
#: 66人の削減, 6円減額, 10%程度低減, 91品追加 (added: new ones, not how many there are)
_CHANGE_AFTER = lazy_compile(
    r"\s*(?:程度|前後)?\s*の?\s*(削減|減額|減少|低減|縮減|抑制|低下|増加|増額|追加|減|増)(?![\u4e00-\u9fff])"
)
#: The words that say a number goes down, as a change (66人の削減, 5件減) or to a level (10件に削減,
#: 12件まで減らす: the verbs' stems): the one list the change words and the targets' ways are told by.
DECREASE_WORDS = frozenset(
    ("削減", "減額", "減少", "低減", "縮減", "抑制", "低下", "減", "減ら", "抑え", "縮小", "引き下げ")
)


def change_word(norm: str, quantity: Found) -> str | None:
    """The word that makes a number of normalised text ``norm`` a change: the grammar's (``12人の増``)
    or the words right after it (``66人の削減``, ``6円減額``, ``10%程度低減``); ``None`` for a level."""
    if quantity.change:  # the grammar reads の増 and の追加 with the number: an increase
        return "増"
    m = _CHANGE_AFTER.match(norm, quantity.end)
    return m.group(1) if m else None


def changed_way(norm: str, quantity: Found) -> Direction | None:
    """Which way a number its words make a change goes (``66人の削減``: down), or ``None`` for a level."""
    word = change_word(norm, quantity)
    if word is None:
        return None
    return Direction.DECREASE if word in DECREASE_WORDS else Direction.INCREASE


def each_items(label: str) -> list[str]:
    """The items a 各 count applies to: ``フェスタ、フォーラム、講演会`` → three items."""
    return [item.strip() for item in _LIST_SEPARATOR.split(label) if item.strip()]

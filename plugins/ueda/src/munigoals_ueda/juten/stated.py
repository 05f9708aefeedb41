"""Every number a report or context cell of a 重点目標 sheet states, as an observation.

A number with a unit of count (:func:`munigoals.sdk.find_quantities`) that no target row holds
becomes an observed value: what it counts in the document's words (the words around it, never a goal
title alone), its fiscal year, and its kind: ``result`` (a report says it was done), ``plan`` (予定,
見込: not a result) or ``context`` (現況・課題, 目的・効果, 特記事項). A number that cannot be read as a
quantity (``11の住民自治組織``, ``県19市中9位``) is reported with its line. Dates, years, ordinals
(``第8期``) and part marks (``(1)``) are not numbers a sheet states of what was done.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Sequence

import attrs

from munigoals.sdk import (
    DocumentReader,
    Found,
    Indicator,
    IndicatorKind,
    Quantity,
    Severity,
    Span,
    each_items,
    find_quantities,
    lazy_compile,
    normalize,
    parse_fiscal_year,
)
from munigoals_ueda.juten.common import ends_with, spaceless
from munigoals_ueda.juten.targets import planned, planned_words

__all__ = [
    "GAP",
    "Tally",
    "count_numbers",
    "from_later_year",
    "observation_name",
    "reported_results",
    "stated_numbers",
    "tally_note",
    "word_results",
]

# where the words of what a number counts end: punctuation, brackets, a part mark or bullet
_HARD = lazy_compile(r"[。、;:()【】\[\]]|,(?!\d{3})|\s(?=\(\d+\)|・|○)")  # 20,574 is one number
_ERA_DATE = lazy_compile(
    r"(?:令和|平成|R|H)\s*(?:元|\d{1,2})\s*(?:年度?|\.)?\s*(?:\d{1,2}\s*(?:月|\.)\s*)?(?:\d{1,2}\s*日?)?"
    r"\s*(?:現在|末(?:現在)?)?"
)
_DATE = lazy_compile(
    r"\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?(?:\s*[~～]\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?\s*(?:\([日月火水木金土]\))?"
    r"\s*(?:現在|末(?:現在)?)?|\d{1,2}/\d{1,2}(?:[・-]\d{1,2})*"
)
# an era date and the particle that ties it to its verb: 令和元年度から6円減額 -> 6円減額
_ERA_DATE_WORDS = lazy_compile(rf"(?:{_ERA_DATE.pattern})(?:にかけて|から|まで|より|に)?")
# a date and the particle that ties it to its verb: 気功教室を1月に開催し -> 気功教室を開催し
_DATE_WORDS = lazy_compile(rf"(?:同年)?(?:{_DATE.pattern})(?:にかけて|に|から|まで)?")
_FILLER = lazy_compile(r"のべ|延べ|合計|計|約|全|各|等|現在|上半期|下半期|前期|後期|[\s\d.,~～/・:()]")
_PARTICLE_CHARS = "をはがにでとへのもや"
_PARTICLES = lazy_compile(rf"(?:{'|'.join(_PARTICLE_CHARS)})+$")
_AS_OF = lazy_compile(r"(令和|平成)\s*(元|\d{1,2})\s*年(?:\s*(\d{1,2})\s*月)?(?:\s*\d{1,2}\s*日)?\s*現在")
_ERA_YEAR = lazy_compile(r"(?:令和|平成)\s*(?:元|\d{1,2})\s*年度?")
_ERA_BEFORE = lazy_compile(r"(?<![A-Za-z])[RH]\s*$")  # R2事業: the 2 is a year
_MARK_BEFORE = lazy_compile(r"[①-⑳]$")  # ①8地域: the item mark, then the number
_OPEN_TAIL = lazy_compile(r"[(【\[]\s*(?:合計|計)?\s*$")
_BRACKETED = lazy_compile(r"\((?!\d+\))[^()]*\)")  # a part mark (2) stays: it starts a part
_LEADING = lazy_compile(r"^(?:\(\d+\)|[をはがにでとへのや、,)○●◆◇■□※\s])+")
# a digit run that is no quantity: part marks, ordinals, dates, years, times, versions, grades
_NOT_A_COUNT_AFTER_AT = lazy_compile(  # matched where the digit run ends
    r"(?:\s*(?:年|月|日|時|曜|次|期|号|級|か年|ヶ年|箇年|歳以[上下])|\.\d|/\d|[:-]\d|\)|～\s*\d+\s*月|～\s*[HR]?\d+\))"
)
_NOT_A_COUNT_BEFORE = lazy_compile(r"(?:第|[HRS]\.?|令和|平成|/|\.|[A-Za-z]|[・]第)\s*$")
_DIGIT_RUN = lazy_compile(r"\d")
_YEAR = lazy_compile(r"(?:19|20)\d\d")
_DIGITS = lazy_compile(r"\d+(?:[.,]\d+)*")
_WITHIN = lazy_compile(r"\s*の?(?:のべ|延べ)\s*")  # 5部会延べ30回: 30 meetings of the 5 部会
_SIBLING_GAP = lazy_compile(r"[\s、,]*")  # 役員会6回 5部会, 役員会5回、5部会
_AFTER_END = lazy_compile(
    r"(?:のべ|延べ|合計|計|約|です|でした|(?<=[\u4e00-\u9fff])し)$"
)  # 開催し: the verb goes on


def _observed(name: str, actual: Quantity, span: Span, footnote: str, kind: str) -> Indicator:
    """A number a sheet's cell states that answers no target: an observed indicator of one value."""
    return Indicator(
        name=name,
        kind=IndicatorKind.OBSERVED,
        category=None,
        unit=actual.unit,
        baseline=None,
        target=None,
        span=span,
        actuals=(actual,),
        footnotes=(footnote,),
        observation_kind=kind,
    )


@attrs.define
class Tally:
    """How many numbers a sheet's cells stated, and what became of them."""

    read: int = 0
    observed: int = 0
    reported: int = 0
    #: results stated in words alone (no number): observations with no value
    words: int = 0
    #: pieces of a result cut mid-sentence, reported
    cut: int = 0

    def add(self, other: Tally) -> None:
        """Add another cell's counts."""
        self.read += other.read
        self.observed += other.observed
        self.reported += other.reported
        self.words += other.words
        self.cut += other.cut


def _clean(words: str) -> str:
    # each pattern only where the text holds what it needs (an era, 月 or /, a bracket)
    if "令和" in words or "平成" in words or "R" in words or "H" in words:
        words = _ERA_DATE_WORDS.sub(" ", words)
    if "月" in words or "/" in words:
        words = _DATE_WORDS.sub("", words)
    words = " ".join(words.split()).strip(" :・、,")
    if "(" in words or "【" in words or "[" in words:
        words = _OPEN_TAIL.sub("", words)
    return words.rstrip(_PARTICLE_CHARS).strip()  # _PARTICLES.sub: no line break is left


def _weak(words: str) -> bool:
    return len(_FILLER.sub("", words)) < 3


def _balanced(name: str) -> str:
    """``name`` without brackets it opens and does not close (or closes and did not open):
    ``講座を実施 (延べ 116人参加`` -> ``講座を実施 延べ 116人参加``."""
    for a, b in (("(", ")"), ("「", "」")):
        if name.count(a) != name.count(b):
            name = name.replace(a, " ").replace(b, " ")
    return " ".join(word for word in name.replace(" ・", " ").split() if word != "・")


def observation_name(
    norm: str, found: Found, until: int | None = None, previous: tuple[Found, str] | None = None
) -> str:
    """What a number counts, in the document's words: the words before it back to a punctuation
    mark (further back where those are only a date or ``のべ``), the number, and the words after it
    up to the next mark or ``until`` (where the next number starts), e.g. ``庁内 82課所への協働推進員の
    配置による人的支援``, ``寄附金額 455,068,122円``. Brackets before the number are skipped (their words
    are an aside), and a number in brackets is named by the words before them too. ``previous``: the
    number before it and its name. A number that follows it after a space or ``、`` only is its
    sibling in a list (``役員会6回 5部会``, ``役員会5回、5部会``): the other number's words do not name
    it, the words before them do; a number after it and ``延べ`` is counted within it (``5部会延べ30回``:
    named by the 5部会's name)."""
    gap = norm[previous[0].end : found.start] if previous else ""
    if previous and _WITHIN.fullmatch(gap):
        return _balanced(f"{previous[1]} {gap.strip().removeprefix('の')}{found.text}")
    sibling = (
        previous is not None
        and bool(_SIBLING_GAP.fullmatch(gap))
        and bool(gap or norm[previous[0].end - 1 : previous[0].end].isspace())
    )
    head = norm[: found.start].rstrip()
    if sibling and previous is not None:  # 委員会(役員会6回 5部会: 5部会 is of the 委員会, not of its 役員会
        head = norm[: previous[0].start].rstrip()
        # the other number's own word: 神科まちづくり委員会で役員会 -> 役員会
        own = re.search(r"[でのをはが]([^でのをはが]+)$", previous[0].label)
        head = head.removesuffix(own.group(1) if own else previous[0].label)
    while _BRACKETED.search(head):  # 専門部会(交流、学習、合同)を8回: the 部会 counts
        head = _BRACKETED.sub("", head)
    norm_head = head.rstrip().rstrip(_PARTICLE_CHARS)  # _PARTICLES.sub: the text holds no line break
    start = len(norm_head)
    cuts = [m.end() for m in _HARD.finditer(norm_head, 0, start)]
    before = ""
    for depth in range(1, 4):
        cut = cuts[-depth] if len(cuts) >= depth else 0
        words_here = _clean(norm_head[cut:start])
        if depth > 1 and previous and cut < previous[0].end and _FILLER.sub("", before):
            break  # 国28.3%、県23.0%: 県 names it; the words further back are the other number's
        before = words_here
        if not _weak(before) or cut == 0:
            break
    between = norm[previous[0].end : found.start] if previous else ""
    if previous and not sibling and not _HARD.search(between) and between.strip():
        tail = _clean(_PARTICLES.sub("", between.rstrip()))
        if not _weak(tail) and tail in before:  # 20,574枚で交付率は13.0%: 交付率 names it
            before = tail
    words = before.split(" ")
    if len(words) > 1 and ((not _weak(words[-1]) and len(words[-1]) >= 3) or _DIGIT_RUN.match(words[-1])):
        before = words[-1]
    last_close = norm_head.rfind(")")
    opened = [k for k in cuts if norm_head[k - 1] == "(" and k > last_close]  # no ) after it
    if opened:
        # a number in brackets counts for the words before them: 神科まちづくり委員会(役員会6回,
        # 芸術家学校派遣事業(小学校3校:208人
        at = opened[-1]
        outer_cut = max((k for k in cuts if k < at), default=0)
        outer = _clean(norm_head[outer_cut : at - 1]).split(" ")[-1]
        if outer and not _weak(outer) and outer not in before:
            before = f"{outer} {before}"
    if len(before) > 28:  # the last words, whole: 3級フィナンシャル・プランニング…講座 keeps its 3
        kept = before.split(" ")
        while len(kept) > 1 and len(" ".join(kept)) > 28:
            kept.pop(0)
        before = " ".join(kept)
    before = _LEADING.sub("", before)
    end = _HARD.search(norm, found.end)
    stop = end.start() if end else len(norm)
    if before or sibling:  # words before the number name it: the words after it go up to the next one
        stop = min(stop, until if until is not None else stop)
    after = norm[found.end : stop].strip().split(" ", 1)[0][: 16 if before else 28]
    after = _AFTER_END.sub("", after.split("及び", 1)[0])  # 5部会延べ30回: 延べ is of the 30回
    after = _PARTICLES.sub("", after)  # 4部会の延べ19回: the の goes on to the next number
    return _balanced(f"{before} {found.text}{after}".strip())


def _as_of(norm: str, found: Found) -> tuple[int | None, str | None]:
    """The fiscal year a context number refers to, from the last date or year before it in its
    sentence: ``令和2年1月1日現在4,042人`` is of fiscal 2019 as of that day; ``平成29年度は住民票2.6%``
    of fiscal 2017."""
    sentence_start = norm.rfind("。", 0, found.start) + 1
    dates = list(_AS_OF.finditer(norm, sentence_start, found.start))
    years = list(_ERA_YEAR.finditer(norm, sentence_start, found.start))
    if dates and (not years or dates[-1].start() >= years[-1].start()):
        date = dates[-1]
        year = parse_fiscal_year(f"{date.group(1)}{date.group(2)}年度")
        if year is not None and date.group(3) and int(date.group(3)) < 4:
            year -= 1  # January to March belong to the fiscal year before
        return year, date.group(0)
    if years:
        return parse_fiscal_year(years[-1].group(0)), None
    return None, None


def _unread(norm: str, spans: list[tuple[int, int]]) -> list[str]:
    """Digit runs of ``norm`` that no quantity covers and that are no date, year, ordinal or mark."""
    return list(_unread_of(norm, tuple(spans))) if _DIGIT_RUN.search(norm) else []


@functools.lru_cache(maxsize=4096)
def _unread_of(norm: str, given: tuple[tuple[int, int], ...]) -> tuple[str, ...]:
    """:func:`_unread`, cached: sheets repeat cells."""
    spans = list(given)
    if "月" in norm or "/" in norm:  # what each of _DATE's forms holds
        spans += [(m.start(), m.end()) for m in _DATE.finditer(norm)]
    if "令和" in norm or "平成" in norm or "R" in norm or "H" in norm:  # what _ERA_DATE starts with
        spans += [(m.start(), m.end()) for m in _ERA_DATE.finditer(norm) if _DIGIT_RUN.search(m.group(0))]
    covered = bytearray(len(norm) + 1)  # where a span starts a run of digits, one look-up each
    for a, b in spans:
        covered[a:b] = b"\x01" * len(covered[a:b])
    out = []
    for m in _DIGITS.finditer(norm):
        start, end = m.span()
        if covered[start]:
            continue
        if _NOT_A_COUNT_AFTER_AT.match(norm, end) or ends_with(_NOT_A_COUNT_BEFORE, norm, start, 2):
            continue
        if _YEAR.fullmatch(m.group(0)):
            continue
        # the number itself, marked in its words: 中央【4】地区 (a window alone would not say which)
        out.append(f"{norm[max(0, start - 8) : start]}【{m.group(0)}】{norm[end : end + 6]}".strip())
    return tuple(out)


def _glued_to_mark(text: str, needle: str) -> bool:
    """Whether every place ``needle`` stands in ``text`` follows an item mark with nothing between
    (①8地域): plain NFKC, which a reader checking the sheet may apply, turns ①8 into 18, so the number
    cannot be cited as standing there alone."""
    at = text.find(needle)
    if at < 0:
        return False
    while at >= 0:  # each place, as a search for it finds them (one after the other, never overlapping)
        if not (at and "①" <= text[at - 1] <= "⑳"):
            return False
        at = text.find(needle, at + len(needle))
    return True


def _standing_line(reader: DocumentReader, quantity: Found, first: int, last: int) -> tuple[int | None, str]:
    """The line from ``first`` to ``last`` that the number stands on, or None with why not (it stands on
    none): a line where it stands apart from an item mark first, else one where it follows the mark
    (:func:`_glued_to_mark`: ``①8地域`` states 8; the mark is read as a mark, as
    ``munigoals.testing.numbers_in`` does, not as plain NFKC's 18)."""
    needle = quantity.text.replace(" ", "")
    glued = None
    for no in range(first, last + 1):
        text = spaceless(reader.line(no).norm)
        if needle in text:
            if not _glued_to_mark(text, needle):
                return no, ""
            glued = glued or no
    return glued, ""


def count_numbers(text: str) -> int:
    """How many numbers ``text`` states: quantities and digit runs that are no date, year or mark (as
    :func:`stated_numbers` counts them)."""
    norm = normalize(text)
    found = [q for q in find_quantities(norm) if not ends_with(_ERA_BEFORE, norm, q.start, 1)]
    return len(found) + len(_unread(norm, [(q.start, q.end) for q in find_quantities(norm)]))


def stated_numbers(
    reader: DocumentReader,
    text: str,
    *,
    where: str,
    kind: str,
    year: int | None,
    first: int,
    last: int,
    used: Collection[int] = (),
) -> tuple[list[Indicator], Tally]:
    """Every number ``text`` states that no target holds (``used``: where those stand in the
    normalised text), as observed indicators citing the line it stands on; what cannot be read is
    reported. ``kind`` is ``result`` for a report (a plan in it becomes ``plan``) or ``context``."""
    norm = normalize(text)
    found = find_quantities(norm)
    tally = Tally()
    out: list[Indicator] = []
    previous: tuple[Found, str] | None = None
    for k, quantity in enumerate(found):
        if ends_with(_ERA_BEFORE, norm, quantity.start, 1):
            continue  # R2事業: fiscal 2020's projects, no count
        tally.read += 1
        if quantity.start in used:
            continue
        this_kind = "plan" if kind == "result" and planned(norm, quantity) else kind
        name = observation_name(
            norm,
            quantity,
            found[k + 1].start if k + 1 < len(found) else None,
            previous,
        )
        previous = (quantity, name)
        fiscal, as_of = _as_of(norm, quantity) if kind == "context" else (year, None)
        line, why = _standing_line(reader, quantity, first, last)
        if line is None:
            tally.reported += 1
            why = why or "not found on the lines of its cell"
            reader.issue(first, f"{where}: {quantity.text} {why}; not read")
            continue
        note = {"result": "a reported result", "plan": "planned (予定, 見込): not a result"}.get(
            this_kind, f"context ({where})"
        )
        report = where.split(" ", 1)[0] if kind == "result" else None
        actual = Quantity(
            quantity.value, quantity.text, quantity.unit, fiscal, as_of or report, quantity.value_max,
            quantity.frequency,
        )  # fmt: skip
        out.append(
            _observed(
                name,
                actual,
                reader.span(line),
                f"{where}: {note}; the sheet states no target for it",
                this_kind,
            )
        )
        tally.observed += 1
    for piece in _unread(norm, [(q.start, q.end) for q in found]):
        tally.read += 1
        tally.reported += 1
        line = next(
            (
                no
                for no in range(first, last + 1)
                if piece.split("【", 1)[0][-6:].replace(" ", "") in spaceless(reader.line(no).norm)
            ),
            first,
        )
        reader.issue(line, f"{where}: number in 「{piece}」 has no unit of count; not read", Severity.WARNING)
    return out, tally


_FRAGMENT = lazy_compile(r"[のをにはがでとへ]")  # a label cut at a bracket: の選出区分を… (「少年補導員」の…)
_TOTAL_SUFFIX = lazy_compile(r"(?:を|は)?計$")
_DIGIT = lazy_compile(r"\d")


def reported_results(
    reader: DocumentReader,
    report: str,
    action: str,
    where: str,
    year: int | None,
    first: int,
    last: int,
    pieces: Sequence[tuple[int, str]] = (),
    tally: Tally | None = None,
) -> list[Indicator]:
    """The numbers a 達成状況 cell reports (上田リバーズ会議共催7回), each an observed value of the
    results year on the line where it stands. The sheet states no target for them. A number is named
    by the words before it where they are a name of four characters or more; an amount right after a
    count by that count (``地方創生応援税制:4件、11,200千円``); else by the words around it
    (:func:`observation_name`: ``上田城跡能 404人``), never by the action or goal title alone. A 各
    count (``幹事会、協議会を各2回``) is one row for each item it names. A number with no unit of count
    is reported with its line. ``pieces``: a result written over several lines, as (line, text) each,
    read as one text; each number cites the line it stands on."""
    out: list[Indicator] = []
    names: list[str] = []
    starts: list[tuple[int, int]] = []  # where each piece's line starts in the joined text
    if pieces:
        texts = []
        offset = 0
        for no, text in pieces:
            piece = normalize(text)
            if not piece:
                continue
            starts.append((offset, no))
            texts.append(piece)
            offset += len(piece) + 1
        report = " ".join(texts)
    norm = normalize(report)
    found = find_quantities(norm)
    del action  # the action's title names no number: the words around the number do
    for k, quantity in enumerate(found):
        label = _TOTAL_SUFFIX.sub("", quantity.label)  # 上田未来会議を計2回 counts 上田未来会議
        label = _PARTICLES.sub("", label)  # わがまち魅力アップ応援事業では10件: the 事業 counts
        following = found[k + 1].start if k + 1 < len(found) else None
        where_to = norm[quantity.end :].startswith("に")  # 協働推進員を80課所に配置: 課所 are counted
        if quantity.each and len(each_items(label)) > 1:
            items = each_items(label)
        elif total_of := _total_of(norm, found, k, names):
            items = [total_of]  # 体験プログラム83回、市民向け講座21回を実施。(合計104回)
        elif (
            k
            and names
            and label.endswith("数")
            and label in norm[found[k - 1].end : quantity.start]
            and not norm[found[k - 1].end : quantity.start].strip().count(" ")
        ):  # 上田未来会議を計2回開催、延べ参加者数51人: the 参加者 of the 会議
            items = [f"{names[-1]} {label}"]
        elif (
            len(label) >= 4
            and not where_to
            and not _DIGIT.search(label)
            and not _weak(label)
            and not _FRAGMENT.match(label)
        ):
            items = [label]
        elif _list_entry(norm, quantity, label):  # フェスタ1回 講演会1回 交流会4回: each its own word
            items = [f"{label} {quantity.text}{_attached(norm, quantity, following)}"]
        elif k and names and not label and quantity.unit and quantity.unit.endswith("円"):
            # an amount right after a count is what that count cost
            previous = found[k - 1].text
            # 地方創生応援税制 4件 11,200千円: the 11,200千円 is named 地方創生応援税制 4件
            items = [names[-1] if names[-1].endswith(previous) else f"{names[-1]} {previous}"]
        else:
            items = [observation_name(norm, quantity, following, (found[k - 1], names[-1]) if k else None)]
        names.append(items[-1])
        line, why = _standing_line(reader, quantity, first, last)
        if tally is not None:
            tally.read += 1
        if line is None:
            why = why or "not found on the goal's lines"
            reader.issue(first, f"{where}: result {quantity.text} {why}; not read")
            if tally is not None:
                tally.reported += 1
            continue
        if tally is not None:
            tally.observed += 1
        later = from_later_year(norm, quantity, year)
        kind = "plan" if later is not None or planned(norm, quantity) else "result"
        for name in items:
            out.append(
                _observed(
                    name,
                    Quantity(quantity.value, quantity.text, quantity.unit, later or year),
                    reader.span(line),
                    f"達成状況 ({where}): a reported result; the sheet states no target for it",
                    kind,
                )
            )
    for piece in _unread(norm, [(q.start, q.end) for q in found]):
        line = next(
            (
                no
                for no in range(first, last + 1)
                if piece.split("【", 1)[0][-6:].replace(" ", "") in spaceless(reader.line(no).norm)
            ),
            first,
        )
        reader.issue(line, f"{where}: number in 「{piece}」 has no unit of count; not read")
        if tally is not None:
            tally.read += 1
            tally.reported += 1
    return out


_LIST_SEPARATOR = " 、,・"


def _list_entry(norm: str, quantity: Found, label: str) -> bool:
    """Whether ``quantity`` is an entry of a list of counts, its label a whole word of two characters
    or more right before it (``フェスタ1回 講演会1回 交流会4回 講座5回開催``: 講座 5回): the word
    starts the text or follows a space, ``、`` or ``・``, and is no piece of a sentence."""
    head = norm[: quantity.start]
    if not label or label != quantity.label or not head.endswith(label) or len(label) < 2:
        return False
    before = head[: len(head) - len(label)]
    return (
        (not before or before[-1] in _LIST_SEPARATOR)
        and not _DIGIT.search(label)
        and not _FRAGMENT.match(label)
        and not _PARTICLES.search(label)
    )


_ATTACHED = lazy_compile(r"[^\s、。,;:()「」・]+")


def _attached(norm: str, quantity: Found, following: int | None) -> str:
    """The word written right after a number, up to a space, a mark, ``及び`` or the next number
    (``理事会3回開催及び…`` -> ``開催``)."""
    if norm[quantity.start : quantity.end] != norm[quantity.start : quantity.end].rstrip():
        return ""  # a space after it: the next word is the next entry's
    m = _ATTACHED.match(norm, quantity.end, following if following is not None else len(norm))
    if m is None:
        return ""
    return _PARTICLES.sub("", _AFTER_END.sub("", m.group(0).split("及び", 1)[0]))


# a date of a fiscal year from which on what follows holds: H31年度5月から月1回に
_FROM_YEAR = lazy_compile(
    r"((?:令和|平成|R|H)\s*(?:元|\d{1,2}))\s*年?度?\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?)?\s*(?:から|より|以降)\s*$"
)


def from_later_year(norm: str, quantity: Found, year: int | None) -> int | None:
    """The fiscal year a reported number holds from, where its words say it starts in a year after
    the report's (``広報うえだの配布がH31年度5月から月1回に``: monthly from fiscal 2019 on, which a report
    of fiscal 2018 cannot state as done: a plan of 2019); ``None`` for any other."""
    if year is None:
        return None
    head = norm[: quantity.start]
    clause = head[max(head.rfind(c) for c in "。、;") + 1 :]
    m = _FROM_YEAR.search(clause)
    if m is None:
        return None
    era = m.group(1).replace(" ", "")
    era = {"R": "令和", "H": "平成"}.get(era[0], "") + era.lstrip("RH")
    start = parse_fiscal_year(era + "年度")
    return start if start is not None and start > year else None


def _total_of(norm: str, found: Sequence[Found], k: int, names: list[str]) -> str | None:
    """The name of a total in brackets after the numbers it adds up (``…83回、…21回を実施。(合計104回)``):
    the names of the numbers of its piece before it, joined, and ``合計``; ``None`` for any other."""
    head = norm[: found[k].start].rstrip()
    if not re.search(r"\(\s*(?:合計|計)$", head):
        return None
    piece = head.rfind(" ", 0, head.rfind("(")) + 1
    parts = [names[j] for j in range(k) if found[j].start >= piece]
    return "・".join(parts) + " 合計" if len(parts) >= 2 else None


def tally_note(reader: DocumentReader, tally: Tally, cells: str) -> None:
    """Say, as a note on line 1, how many numbers the sheet's ``cells`` stated and what became of
    them: a run never says "no issues" without saying what it read."""
    in_targets = tally.read - tally.observed - tally.reported
    words = (
        f"; results stated in words: {tally.words} observations with no value, {tally.cut} cut and reported"
        if tally.words or tally.cut
        else ""
    )
    reader.issue(
        1,
        f"numbers stated in {cells}: {tally.read} read, {tally.observed} observations, "
        f"{in_targets} in target rows, {tally.reported} reported{words}",
        Severity.NOTE,
    )


#: what a piece of a cell starts with where it goes on from a line that could not be read (NFKC of …)
GAP = "... "
# a piece that ends before its sentence does (を, に, について, 、): the rest is not in the text
_CUT_END = lazy_compile(r"(?:[をにのがはとでへや、,]|について|により|として|及び|並びに)$")
_CUT_START = lazy_compile(r"^(?:[のをにはがでとへや、,)]|及び)")
_BULLET = lazy_compile(r"^[・\s]+")
_WORD_DATE = lazy_compile(r"\s*\(\s*(?:[HR]\s*\d{1,2}[.\d\s]*)+\)|\s*\(\s*(?:令和|平成)[^()]*\)")
_NO_WORDS = lazy_compile(r"[\s()・〃…]")


def word_results(
    reader: DocumentReader,
    pieces: Sequence[tuple[int, str]],
    where: str,
    year: int | None,
    tally: Tally | None = None,
) -> list[Indicator]:
    """The results a 達成状況 cell states in words alone (``・西部まちづくりの会設立(H30.6.26)``,
    ``新たな交付金制度を実施計画に登載``, ``(H31設立予定)``): each bullet that states no number becomes
    an observation with no value, its words as the text (kind ``plan`` where 予定 or 見込 says it is
    still to come), citing its line. A bullet is a piece of the cell, or pieces joined where one ends
    mid-sentence and the next goes on (``…見直し、`` / ``66人の削減を行った``). A bullet cut
    mid-sentence whose rest is not in the text (``担当者会議にて…情報共有を``) states nothing: it is
    reported with its line, never read as a result. Bullets holding numbers are
    :func:`reported_results`'."""
    bullets: list[tuple[list[int], str]] = []
    for no, text in pieces:
        piece = normalize(text).strip()
        if not piece:
            continue
        if bullets and _CUT_END.search(bullets[-1][1]) and not _BULLET.match(piece):
            bullets[-1][0].append(no)
            bullets[-1] = (bullets[-1][0], f"{bullets[-1][1]} {piece}")
        else:
            bullets.append(([no], piece))
    out: list[Indicator] = []
    for lines, text in bullets:
        body = _BULLET.sub("", text.removeprefix(GAP)).strip()
        found = find_quantities(body)
        if any(not ends_with(_ERA_BEFORE, body, q.start, 1) for q in found) or _unread(body, []):
            continue  # it states a number: reported_results reads it
        if not _NO_WORDS.sub("", body):
            continue
        why = (
            "its words go on from a line that could not be read"
            if text.startswith(GAP)
            else "a piece of a sentence whose rest is not in the text"
            if _CUT_END.search(body) or _CUT_START.match(body) or len(_NO_WORDS.sub("", body)) < 4
            else None
        )
        if why:
            reader.issue(lines[0], f"{where}: words of a result, not read as a result ({why}): {body[:40]}")
            if tally is not None:
                tally.cut += 1
            continue
        name = _balanced(_WORD_DATE.sub(" ", body))  # the date of ・…会設立(H30.6.26) is no part of its name
        kind = "plan" if planned_words(body) else "result"
        note = {
            "result": "a result stated in words (no number)",
            "plan": "planned (予定, 見込): not a result",
        }
        out.append(
            _observed(
                name,
                Quantity(None, body, None, year),
                reader.span(lines[0], lines[-1]),
                f"達成状況 ({where}): {note[kind]}; the sheet states no target for it",
                kind,
            )
        )
        if tally is not None:
            tally.words += 1
    return out

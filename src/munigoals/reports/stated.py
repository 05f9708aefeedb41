"""Every number a report or context cell of a 重点目標 sheet states, as an observation.

A number with a unit of count (:func:`munigoals.quantities.find_quantities`) that no target row holds
becomes an observed value: what it counts in the document's words (the words around it, never a goal
title alone), its fiscal year, and its kind: ``result`` (a report says it was done), ``plan`` (予定,
見込: not a result) or ``context`` (現況・課題, 目的・効果, 特記事項, and the length of a series of which a
report says a part was held: ``講座(全10回)の第1回目``). A number followed by a noun it counts
(``11の住民自治組織``, ``8言語``, ``県19市中9位``) is one too; one that counts nothing (``1階``, a floor) is
reported with its line and why. The day a number is stated for (``令和2年1月1日現在``, ``R3.3月末``) is its
``date``; a number counting an earlier year's projects (``2年度交付金事業の…4件``) is of that year. Dates,
years, ordinals (``第8期``) and part marks (``(1)``) are not numbers a sheet states of what was done.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Collection, Sequence

import attrs

from munigoals.japanese import era_year, normalize, parse_fiscal_year
from munigoals.layouts import DocumentReader
from munigoals.model import Direction, Indicator, IndicatorKind, Quantity, Severity, Span
from munigoals.patterns import lazy_compile
from munigoals.quantities import (
    UNITS,
    Found,
    change_word,
    changed_way,
    each_items,
    find_quantities,
    parse_number,
)
from munigoals.reports.cells import REPORT_ERA_LETTERS, REPORT_ERAS, ends_with, spaceless
from munigoals.reports.days import DAY_OF_YEAR, in_fiscal, sentence_start, stated_day
from munigoals.reports.targets import aimed, planned, planned_words

__all__ = [
    "CUT_END",
    "GAP",
    "GLUED",
    "Tally",
    "count_numbers",
    "cut_bullets",
    "from_later_year",
    "join_pieces",
    "not_done",
    "observation_name",
    "observed",
    "planned_in_items",
    "planned_year",
    "quantities",
    "rate_note",
    "report_pieces",
    "reported_results",
    "scope_count",
    "stated_numbers",
    "tally_note",
    "word_results",
]

# where the words of what a number counts end: punctuation, brackets, a part mark or bullet
_HARD = lazy_compile(r"[。、;:()【】\[\]]|,(?!\d{3})|\s(?=\(\d+\)|・|○)")  # 20,574 is one number
_ERAS, _ABBRS = REPORT_ERAS, REPORT_ERA_LETTERS  # the eras reports write, as patterns build on them

# pattern sources kept as text, so that the patterns built on them compile when first used
_ERA_DATE_SOURCE = (
    rf"(?:{_ERAS}|[{_ABBRS}])\s*(?:元|\d{{1,2}})\s*(?:年度?|\.)?\s*(?:\d{{1,2}}\s*(?:月|\.)\s*)?(?:\d{{1,2}}\s*日?)?"
    r"\s*(?:現在|末(?:現在)?)?"
)
_DATE_SOURCE = (
    r"\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?(?:\s*[~～]\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?\s*(?:\([日月火水木金土]\))?"
    r"\s*(?:現在|末(?:現在)?)?|\d{1,2}/\d{1,2}(?:[・-]\d{1,2})*"
)
_ERA_DATE = lazy_compile(_ERA_DATE_SOURCE)
_DATE = lazy_compile(_DATE_SOURCE)
# an era date and the particle that ties it to its verb: 令和元年度から6円減額 -> 6円減額
_ERA_DATE_WORDS = lazy_compile(rf"(?:{_ERA_DATE_SOURCE})(?:にかけて|から|まで|より|に)?")
# a year written R2 right before a noun names it: R2事業 are fiscal 2020's projects
_YEAR_OF_NOUN = lazy_compile(rf"[{_ABBRS}]\s*\d{{1,2}}")
# a date and the particle that ties it to its verb: 気功教室を1月に開催し -> 気功教室を開催し
_DATE_WORDS = lazy_compile(rf"(?:同年)?(?:{_DATE_SOURCE})(?:にかけて|に|から|まで)?")
_FILLER = lazy_compile(r"のべ|延べ|合計|計|約|全|各|等|現在|上半期|下半期|前期|後期|[\s\d.,~～/・:()]")
_PARTICLE_CHARS = "をはがにでとへのもや"
_PARTICLES = lazy_compile(rf"(?:{'|'.join(_PARTICLE_CHARS)})+$")
_AS_OF = lazy_compile(
    rf"({_ERAS})\s*(元|\d{{1,2}})\s*年(?:\s*(\d{{1,2}})\s*月)?(?:\s*\d{{1,2}}\s*日)?\s*現在"
)
_ERA_YEAR = lazy_compile(rf"(?:{_ERAS})\s*(?:元|\d{{1,2}})\s*年度?")
#: an era letter just before a number: R2事業, the 2 is a year
ERA_BEFORE = lazy_compile(rf"(?<![A-Za-z])[{_ABBRS}]\s*$")
_OPEN_TAIL = lazy_compile(r"[(【\[]\s*(?:合計|計)?\s*$")
_BRACKETED = lazy_compile(r"\((?!\d+\))[^()]*\)")  # a part mark (2) stays: it starts a part
_LEADING = lazy_compile(r"^(?:\(\d+\)|また|なお|さらに|このほか|[をはがにでとへのや、,)○●◆◇■□※\s])+")
# a digit run that is no quantity: part marks, ordinals, dates, years, times, versions, grades
_NOT_A_COUNT_AFTER_AT = lazy_compile(  # matched where the digit run ends
    r"(?:\s*(?:年|月|日|時|曜|次|期|号|級|か年|ヶ年|箇年|歳以[上下])|\.\d|/\d|[:-]\d|\)|～\s*\d+\s*月|～\s*[HR]?\d+\))"
)
_NOT_A_COUNT_BEFORE = lazy_compile(r"(?:第|[HRS]\.?|令和|平成|/|\.|[A-Za-z]|[・]第)\s*$")
_DIGIT_RUN = lazy_compile(r"\d")
_YEAR = lazy_compile(r"(?:19|20)\d\d")
_DIGITS = lazy_compile(r"\d+(?:[.,]\d+)*")
_ENTRY = lazy_compile(r"\s*[、,]\s*([^\s、,:;()0-9]{1,6})\s*:?\s*")  # 国:15.5%、長野県:12.6%
_WITHIN = lazy_compile(r"\s*の?(?:のべ|延べ)\s*")  # 5部会延べ30回: 30 meetings of the 5 部会
_SIBLING_GAP = lazy_compile(r"[\s、,]*")  # 役員会6回 5部会, 役員会5回、5部会
_AFTER_END = lazy_compile(
    r"(?:のべ|延べ|合計|計|約|です|でした|(?<=[\u4e00-\u9fff])し)$"
)  # 開催し: the verb goes on


def observed(name: str, actual: Quantity, span: Span, footnote: str, kind: str) -> Indicator:
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
    #: numbers that became observations, and the rows they gave (a 各 count gives one for each item)
    observed: int = 0
    rows: int = 0
    #: numbers standing in a target row, and in a yearly series' row
    in_targets: int = 0
    in_series: int = 0
    reported: int = 0
    #: results stated in words alone (no number): observations with no value
    words: int = 0
    #: pieces of a result cut mid-sentence, reported
    cut: int = 0

    def add(self, other: Tally) -> None:
        """Add another cell's counts."""
        self.read += other.read
        self.observed += other.observed
        self.rows += other.rows
        self.in_targets += other.in_targets
        self.in_series += other.in_series
        self.reported += other.reported
        self.words += other.words
        self.cut += other.cut


def _clean(words: str) -> str:
    # each pattern only where the text holds what it needs (an era, 月 or /, a bracket)
    if "令和" in words or "平成" in words or "R" in words or "H" in words:
        words = _ERA_DATE_WORDS.sub(_unless_of_noun, words)
    if "月" in words or "/" in words:
        words = _DATE_WORDS.sub("", words)
    words = " ".join(words.split()).strip(" :・、,")
    if "(" in words or "【" in words or "[" in words:
        words = _OPEN_TAIL.sub("", words)
    return words.rstrip(_PARTICLE_CHARS).strip()  # _PARTICLES.sub: no line break is left


def _unless_of_noun(m: re.Match[str]) -> str:
    """A date's replacement in a name: a space, unless it is a year naming the noun after it (R2事業)."""
    after = m.string[m.end() : m.end() + 1]
    return m.group(0) if _YEAR_OF_NOUN.fullmatch(m.group(0)) and _WORD_TAIL.match(after) else " "


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
    mark (further back where those are only a date or ``のべ``), the number, and the words written
    right after it up to the next mark or ``until`` (where the next number's words start), e.g.
    ``庁内 82課所への協働推進員の配置``, ``寄附金額 455,068,122円``. Brackets before the number are skipped
    (their words are an aside), and a number in brackets is named by the words before them too. The
    words before it keep what they belong to: a list of nouns they end (``A、B、C7回``: all three), the
    body the sentence is about (``Xについては、役員会を4回``: X's 役員会), the whole word they shorten
    (``…検証委員会を組織し、委員会を2回``) and a word counting the number's unit (``交付枚数は…20,574枚``).
    No word is cut. ``previous``: the number before it and its name. A number that follows it after a
    space or ``、`` only is its sibling in a list (``役員会6回 5部会``, ``役員会5回、5部会``): the other
    number's words do not name it, the words before them do; a number after it and ``延べ`` is counted
    within it (``5部会延べ30回``: named by the 5部会's name)."""
    gap = norm[previous[0].end : found.start] if previous else ""
    if previous and _WITHIN.fullmatch(gap):
        return _balanced(f"{previous[1]} {gap.strip().removeprefix('の')}{found.text}")
    if previous and gap in ("中", "内") and previous[1].endswith(gap):  # 県19市中9位: the 9位 among the 19
        return _balanced(f"{previous[1]} {found.text}")
    if previous and previous[0].unit == found.unit and (entry := _ENTRY.fullmatch(gap)):
        measure = previous[1].split(" ")[:-2]  # 参考交付率 国 15.5%、長野県 12.6%: of the same 交付率
        entry_before = previous[1].split(" ")[-2] if len(previous[1].split(" ")) >= 2 else ""
        if measure and len(entry_before) <= 4 and not _DIGIT_RUN.search(entry_before):
            return _balanced(" ".join([*measure, entry.group(1), found.text]))
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
    cut = cut_before = 0
    # a noun the number counts (8言語, 61の関係機関) says what it is: the words before it are its own
    # clause's (never back over the number before), and none after a list's 、 (…「武石」の11の住民自治組織)
    nouned = found.unit not in UNITS or "の" in found.text
    for depth in range(1, 2 if nouned else 4):
        cut = cuts[-depth] if len(cuts) >= depth else 0
        if nouned and previous and previous[0].end > cut:
            cut = previous[0].end
        words_here = _clean(norm_head[cut:start])
        if depth > 1 and previous and cut < previous[0].end and _FILLER.sub("", before):
            cut = cuts[-depth + 1]
            break  # 国28.3%、県23.0%: 県 names it; the words further back are the other number's
        if (
            depth > 1
            and norm_head[cut_before - 1] == "。"
            and _ERA_DATE_WORDS.fullmatch(norm_head[cut_before:start].strip(" 【】[]()"))
        ):
            cut = cut_before
            break  # 。令和2年1月1日現在4,042人: a new statement as of a day; the last sentence names it not
        before = words_here
        cut_before = cut
        if not _weak(before) or cut == 0:
            break
    between = norm[previous[0].end : found.start] if previous else ""
    if previous and not sibling and not _HARD.search(between) and between.strip():
        tail = _clean(_PARTICLES.sub("", between.rstrip()))
        if _LEADING.sub("", tail) in previous[1]:  # 8言語による…チラシや10言語: those words are the 8's
            before = ""
        elif not _weak(tail) and tail in before:  # 20,574枚で交付率は13.0%: 交付率 names it
            before = tail
    if nouned and "の" in found.text and cut and norm_head[cut - 1] in _LIST_CUT:
        before = ""
    words = before.split(" ")
    if len(words) > 1 and ((not _weak(words[-1]) and len(words[-1]) >= 3) or _DIGIT_RUN.match(words[-1])):
        before = words[-1]
        if words[-2].endswith("を") and _WORD_TAIL.fullmatch(words[-1]):
            # …多言語版広報うえだを 毎月発行(549部): the verb's object says what was counted
            before = f"{words[-2].removesuffix('を')} {words[-1]}"
    if not sibling:
        listed = _listed_before(norm_head, cuts, cut, before, previous[0].end if previous else 0)
        before = listed if listed != before else _without_list_item(norm_head, cuts, cut, before)
    last_close = norm_head.rfind(")")
    opened = [k for k in cuts if norm_head[k - 1] == "(" and k > last_close]  # no ) after it
    if opened:
        # a number in brackets counts for the words before them: 神科まちづくり委員会(役員会6回,
        # 芸術家学校派遣事業(小学校3校:208人, 交付枚数率 22.6%(参考;国28.3%
        at = opened[-1]
        outer_cut = max((k for k in cuts if k < at), default=0)
        outer_words = _clean(norm_head[outer_cut : at - 1]).split(" ")
        while len(outer_words) > 1 and _DIGIT_RUN.match(outer_words[-1]):
            outer_words.pop()  # 交付枚数率 22.6%(…: the measure the number before the bracket is of
        outer = outer_words[-1]
        if len(outer_words) > 1 and outer_words[-2].endswith("を") and _WORD_TAIL.fullmatch(outer):
            outer = f"{outer_words[-2].removesuffix('を')} {outer}"  # the object of the verb the number is of
        if outer and not _weak(outer) and outer not in before and not _SENTENCE_END.search(outer):
            before = f"{outer} {before}"
    before = _whole_word(norm[: found.start], _LEADING.sub("", before))
    before = _of_unit(norm, found, before)
    before = _topic(norm, found, before)
    if len(before) > 28:  # the last words, whole: 3級フィナンシャル・プランニング…講座 keeps its 3
        kept = before.split(" ")
        while len(kept) > 1 and len(" ".join(kept)) > 28:
            kept.pop(0)
        tail = _PARTICLE_RUN.split(kept[0])[-1]
        if len(kept) == 1 and _WORD_TAIL.fullmatch(tail) and len(tail) >= 2:
            kept = [tail]  # one long clause: its last noun (…の配置や庁内 -> 庁内)
        before = " ".join(kept)
    before = _LEADING.sub("", before)
    if before.endswith("。"):  # 出張窓口を実施しました。【合計72名申請】: the sentence's object is counted
        done = _DONE_OBJECT.search(before.rstrip("。"))
        before = done.group(1) if done else before.rstrip("。")
    elif "。" in before:  # 清掃を実施した。参加は45人: the 参加 of what the sentence before did
        done_before, words_after = before.rsplit("。", 1)
        done = _DONE_OBJECT.search(done_before)
        if done:
            before = f"{done.group(1)} {words_after.strip()}"
    elif previous and previous[0].text in (done_before := before.rsplit("、", 1)[0]):
        # 市民講座を12回開催し、延べ340人: the clause before states the other number; the words before
        # that number (市民講座) name this one too, the number and its verb do not
        words_after = before[len(done_before) :].lstrip("、")
        if _CLAUSE_OBJECT.search(done_before):
            lead = done_before[: done_before.rfind(previous[0].text)].rstrip().rstrip(_PARTICLE_CHARS)
            before = f"{lead} {words_after.strip()}".strip()
    return _balanced(f"{before} {found.text}{_after(norm, found, until, bool(before or sibling))}".strip())


#: A clause that goes on (…開催し、, …開き、) after its object: ``市民講座を12回開催し``.
_CLAUSE_OBJECT = lazy_compile(
    r"[\u4e00-\u9fff\u30a0-\u30ffー]を[^\s、。を]*[\u4e00-\u9fff][しきぎけげりいめえちびみ]$"
)
# a sentence saying what was done to its object: 出張窓口を実施しました -> 出張窓口
_DONE_OBJECT = lazy_compile(r"^(?:.*\s)?([0-9\u4e00-\u9fff\u30a0-\u30ffー]+)を[^\sを]*(?:ました|した)$")
# a word that is no noun phrase: a particle or a verb's ending in it
_NOT_A_NOUN = lazy_compile(r"[をはがにでとへのもや]|ました|します|した$|です")
_PARTICLE_RUN = lazy_compile(r"(?<=[^\s])[をはがにでとへのや](?=[^\sをはがにでとへのや]{2})")
_SENTENCE_END = lazy_compile(r"(?:ました|します|した|です|ます)$")
_LIST_CUT = "、,"


def _listed_before(norm_head: str, cuts: list[int], cut: int, before: str, floor: int) -> str:
    """``before`` with the list of nouns it ends: in ``39歳以下、40歳以上セミナー、交流会7回`` the 7回
    counts all three. Pieces joined by ``、`` go back while each is a noun phrase (no particle, no verb,
    no number of its own: it starts after ``floor``, the end of the number before)."""
    if not before or cut == 0 or norm_head[cut - 1] not in _LIST_CUT or _NOT_A_NOUN.search(before):
        return before
    pieces = [before]
    k = cuts.index(cut)
    while k >= 0 and norm_head[cuts[k] - 1] in _LIST_CUT:
        start = cuts[k - 1] if k else 0
        if start < floor:
            start = floor
        raw = _ERA_DATE_WORDS.sub(" ", _DATE_WORDS.sub(" ", norm_head[start : cuts[k] - 1]))
        piece = _LEADING.sub("", raw.strip()).split(" ")[-1]
        if not piece or _NOT_A_NOUN.search(piece) or find_quantities(piece) or _weak(piece):
            break
        pieces.insert(0, piece)
        if start == floor or not k:
            break
        k -= 1
    return "、".join(pieces) if len(pieces) > 1 else before


_NOUN_CHARS = "[\u4e00-\u9fff\u30a0-\u30ffー]"  # kanji and katakana: the characters of a noun
_WORD_TAIL = lazy_compile(rf"{_NOUN_CHARS}+$")
# a list's item: a short noun alone between two 、 (…、第一中学校、…; 上野が丘: a place's が)
_LIST_ITEM = lazy_compile(rf"{_NOUN_CHARS}(?:{_NOUN_CHARS}|[がケヶの・])*")
# the first word of a name and the particle after it: 児童クラブへ市民ボランティア -> 児童クラブへ
_FIRST_WORD = lazy_compile(rf"{_NOUN_CHARS}+(?:[へにでのと]|$)")


def _without_list_item(norm_head: str, cuts: list[int], cut: int, before: str) -> str:
    """``before`` without its first word where that word is the last item of a list written before it
    (``A校、B校、C校、Dクラブへボランティアを5人``, ``…、塩田、川西の6公民館``: a noun between two ``、``
    before it) that could not be named whole: the number is of the whole list, so the one item
    alone would say it is all of that item's; the words after it name the number."""
    if cut == 0 or cut not in cuts or norm_head[cut - 1] not in _LIST_CUT:
        return before
    k = cuts.index(cut)
    if k == 0 or norm_head[cuts[k - 1] - 1] not in _LIST_CUT:
        return before  # one 、 only: no list before the word (今年度、…)
    item = norm_head[cuts[k - 1] : cut - 1].strip()
    if not _LIST_ITEM.fullmatch(item) or len(item) > 10:
        return before
    first = _FIRST_WORD.match(before)
    if first is None or not norm_head[cut:].lstrip().startswith(first.group(0)):
        return before  # the name's words are not the ones right after the list
    return before[first.end() :].strip()


def _whole_word(head: str, before: str) -> str:
    """``before`` whose first word is the end of a longer word written earlier in the same sentence
    (``…検証委員会及び庁内検討会を組織し、委員会を2回``): the longer word, which says which one."""
    first, _, rest = before.partition(" ")
    if not 2 <= len(first) <= 4 or not _WORD_TAIL.fullmatch(first):
        return before
    sentence = _ERA_DATE_WORDS.sub(" ", head[head.rfind("。") + 1 : head.rfind(first)])  # 平成30年度住民票
    longer = [m.group(0) for m in re.finditer(rf"{_NOUN_CHARS}+{re.escape(first)}", sentence)]
    if not longer:
        return before
    return f"{longer[-1]} {rest}".strip() if rest else longer[-1]


def _of_unit(norm: str, found: Found, before: str) -> str:
    """The word of the sentence that counts the number's unit (``交付枚数`` for ``20,574枚``), where the
    words before the number do not name it: ``上田市のマイナンバーカード交付枚数は、…20,574枚``."""
    unit = found.unit
    if not unit or unit in before or not _WORD_TAIL.fullmatch(unit):
        return before
    sentence = norm[norm.rfind("。", 0, found.start) + 1 : found.start]
    counting = re.findall(rf"[\u4e00-\u9fff\u30a0-\u30ffー]*{re.escape(unit)}数", sentence)
    if not counting or any(c in before for c in counting):
        return before
    return f"{counting[-1]} {before}".strip()


_TOPIC = lazy_compile(
    r"(?:^|[\s○、。(])「?([^\s○、。「」()]+?)」?(?:の[^\s、。のをにはがで]{1,4})?(?:については|について|では),?$"
)


def _topic(norm: str, found: Found, before: str) -> str:
    """``before`` with the body its sentence is about, where it does not name it: ``○Xの活動について、
    役員会9回``: X's 役員会; ``Xについては、…9地域`` (a part mark or ``○`` starts a sentence too)."""
    head = norm[: found.start]
    starts = [head.rfind("。"), head.rfind("○"), *(m.start() for m in re.finditer(r"\(\d+\)", head))]
    sentence = head[max(starts) + 1 :]
    clause = sentence[: sentence.rfind("、") + 1] if "、" in sentence else ""
    for m in re.finditer(r"[^、]*、", clause):
        topic = _TOPIC.search(m.group(0).rstrip("、").strip())
        if topic and topic.group(1) not in before and topic.group(1) not in found.text:
            return f"{_LEADING.sub('', topic.group(1))} {before}".strip()
    return before


def _after(norm: str, found: Found, until: int | None, named: bool) -> str:
    """The words written right after a number that say what it counts (``回開催``, ``名申請``), up to
    a space, a mark, a quote or ``until``, and never a word cut: where there is more than the room
    for a name, up to the last particle within it."""
    if norm[found.end : found.end + 1].isspace():
        return ""  # the next word after a space is the next entry's: 物件登録 30件 利用者登録 177件
    end = _HARD.search(norm, found.end)
    stop = end.start() if end else len(norm)
    if (named or found.unit not in UNITS) and until is not None:  # the words after it go up to the next one
        stop = min(stop, until)
    after = norm[found.end : stop].split(" ", 1)[0].split("「", 1)[0]
    room = 16 if named and found.unit in UNITS else 28
    if len(after) > room:
        cut = max((k + 1 for k, c in enumerate(after[:room]) if c in _PARTICLE_CHARS), default=room)
        after = after[:cut]
    after = _AFTER_END.sub("", after.split("及び", 1)[0])  # 5部会延べ30回: 延べ is of the 30回
    if _ON_TO.match(after) and not _VERB_END.search(after):
        return ""  # 7組織には新しい算定基準…, 6組織において: the words of another phrase, cut before its verb
    return _PARTICLES.sub("", after)  # 4部会の延べ19回: the の goes on to the next number


# a particle after a number that goes on to another phrase (7組織には…, 6組織において…)
_ON_TO = lazy_compile(r"(?:には|において|にて|では)")
_VERB_END = lazy_compile(r"(?:ました|した|します|する|している|されている|された|れた|ません)$")


def _next_words(norm: str, found: Sequence[Found], k: int) -> int | None:
    """Where the words of the number after ``found[k]`` start (its label, or the number itself):
    ``20,574枚で交付率は13.0%``: the 20,574枚's words stop before 交付率."""
    if k + 1 >= len(found):
        return None
    following = found[k + 1]
    at = norm.rfind(following.label, found[k].end, following.start) if len(following.label) >= 2 else -1
    return at if at >= 0 else following.start


# a fiscal year's projects a number counts: 2年度交付金事業の評価 地方創生応援税制:4件 (of 令和2年度)
_PROJECTS_OF = lazy_compile(
    rf"(?<![\dA-Za-z])(?:({_ERAS}|[{_ABBRS}])\s*)?(元|\d{{1,2}})\s*年度\s*[^\s。、:]{{0,10}}?事業"
)


def projects_year(norm: str, found: Found, year: int | None) -> int | None:
    """The fiscal year before the report's ``year`` whose projects ``found`` counts, where its sentence
    names them before it (``2年度交付金事業の評価・検証 …:4件``: 令和2年度's projects, evaluated in
    令和3年度); a year written without its era (``2年度``) is of the report's era. ``None`` for any other."""
    if year is None:
        return None
    start = sentence_start(norm, found.start)
    named = list(_PROJECTS_OF.finditer(norm, start, found.start))
    if not named:
        return None
    m = named[-1]
    era = m.group(1) or ("令和" if year >= 2019 else "平成")
    try:
        counted = era_year(era, m.group(2))
    except ValueError:
        return None
    return counted if counted < year else None


# the length of a series of which a report states only a part held: 講座(全10回)の第1回目
_PART_OF_LENGTH = lazy_compile(r"[)」』\s]*の?\s*第\s*\d+\s*回")


def length_only(norm: str, found: Found) -> bool:
    """Whether ``found`` (``全10回``) is the length of a series whose ``第1回`` the report says was held:
    what it describes, not what was done."""
    return norm[: found.start].rstrip().endswith("全") and _PART_OF_LENGTH.match(norm, found.end) is not None


def _as_of(norm: str, found: Found) -> tuple[int | None, str | None]:
    """The fiscal year a context number refers to, from the last date or year before it in its
    sentence: ``令和2年1月1日現在4,042人`` is of fiscal 2019 as of that day; ``平成29年度は住民票2.6%``
    of fiscal 2017."""
    opened = sentence_start(norm, found.start)
    dates = list(_AS_OF.finditer(norm, opened, found.start))
    years = list(_ERA_YEAR.finditer(norm, opened, found.start))
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
    return [piece for _, _, piece in _unread_of(norm, tuple(spans))] if _DIGIT_RUN.search(norm) else []


# the noun a number counts, written right after it (3館, 35項目) or after の (61の関係機関)
_COUNTER = lazy_compile(r"\s*(の)?([\u4e00-\u9fff\u30a0-\u30ffー]+)")
# words that go on after the noun: 4窓口開設, 中央4地区全体, 県19市中, 12手続追加済
_COUNTER_TAIL = lazy_compile(
    r"(?:開設|開催|実施|設置|配布|作成|追加|発送|交付|完了|決定|予定|見込|済|全体|以上|以下|程度|ずつ|中|内)+$"
)  # 12手続追加済 counts 手続, 2,000通発送予定 通: what was done to them, or will be, is no part of the noun
#: nouns after a number that say where, not how many: 1階 is a floor, 3丁目 and 5番地 an address
NOT_COUNTED = ("階", "丁目", "番地")
#: a counter that makes a number an ordinal (2回目, 3日目, 5番目): it names one of them, counts nothing
_ORDINAL = lazy_compile(r"[\u4e00-\u9fff]{0,2}目")


#: What may follow a counter noun and is no verb's ending: particles (8言語で, 5人しか).
_AFTER_NOUN = lazy_compile(
    r"(?:の|を|が|に|で(?!き)|と|は|も|へ|や|から|まで|より|など|ずつ|しか|すら|さえ|ほど|ごと|分)"
)
#: Endings of a verbal noun's する (開講した, 参加する, 実施され, 設置せず, 開催でき).
_SURU = lazy_compile(r"(?:し|す|さ|せ|でき)")


def _verb_cut(noun: str, norm: str, after: int) -> str:
    """``noun`` without the verb it runs into where kana of a verb follow it: a verbal noun before
    する (``12講座開講した`` -> 講座) or a verb's stem (``800株植えた`` -> 株, ``20人集まった`` -> 人)."""
    rest = norm[after : after + 3]
    if not rest or not "\u3041" <= rest[0] <= "\u309f" or _AFTER_NOUN.match(rest):
        return noun
    if _SURU.match(rest) and len(noun) >= 3:
        return noun[:-2]
    return noun[:-1] if len(noun) >= 2 else noun


def _counter(norm: str, end: int) -> tuple[str, int] | None:
    """The noun a digit run ending at ``end`` counts, and where it ends: ``8言語``, ``6公民館``,
    ``61の関係機関``, ``県19市中`` -> 市, ``800株植えた`` -> 株; ``None`` where no noun follows it
    (or one of :data:`NOT_COUNTED`)."""
    m = _COUNTER.match(norm, end)
    if m is None:
        return None
    noun = _COUNTER_TAIL.sub("", _verb_cut(m.group(2), norm, m.end()))
    if not noun or noun in NOT_COUNTED or len(noun) > (8 if m.group(1) else 6):
        return None  # without の a counter is short: 3館, 35項目, 4窓口, 11住民自治組織
    if _ORDINAL.fullmatch(noun) and noun != "項目":  # 35項目 counts items
        return None
    return noun, m.start(2) + len(noun)


@functools.lru_cache(maxsize=4096)
def quantities(norm: str) -> tuple[Found, ...]:
    """Every quantity of normalised ``norm``: :func:`munigoals.quantities.find_quantities`' and each number
    that no unit of its table follows but a noun does, which it counts (``8言語``, ``61の関係機関``,
    ``35項目``, ``9割``), in order. A number followed by no noun (or by 階, a floor) is none."""
    found = list(find_quantities(norm))
    for start, end, _ in _unread_of(norm, tuple((q.start, q.end) for q in found)):
        counted = _counter(norm, end)
        if counted is None:
            continue
        noun, noun_end = counted
        value = parse_number(norm[start:end])
        if value is None:
            continue
        found.append(Found(value=value, unit=noun, text=norm[start:noun_end], start=start, end=noun_end))
    return tuple(sorted(found, key=lambda q: q.start))


def _why_unread(piece: str) -> str:
    """Why a digit run (marked ``【n】`` in ``piece``) is no count: what follows it."""
    after = piece.split("】", 1)[1] if "】" in piece else ""
    if after.startswith("階"):
        return "is a floor (階), not a count"
    if after.startswith(NOT_COUNTED):
        return f"is an address ({next(n for n in NOT_COUNTED if after.startswith(n))}), not a count"
    if _ORDINAL.match(after):
        return "is an ordinal (2回目), not a count"
    return "is followed by no noun of what it counts"


@functools.lru_cache(maxsize=4096)
def _unread_of(norm: str, given: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int, str], ...]:
    """:func:`_unread`, cached: sheets repeat cells; each digit run with where it starts and ends."""
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
        marked = f"{norm[max(0, start - 8) : start]}【{m.group(0)}】{norm[end : end + 6]}".strip()
        out.append((start, end, marked))
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
    """The line from ``first`` to ``last`` that the number stands on, or None with why not: it stands on
    none, or only right after an item mark (:func:`_glued_to_mark`: plain NFKC reads ``①8地域`` as 18
    地域, so the 8 cannot be cited as standing there; it is reported with its line)."""
    needle = quantity.text.replace(" ", "")
    glued = False
    for no in range(first, last + 1):
        text = spaceless(reader.line(no).norm)
        if needle in text:
            if not _glued_to_mark(text, needle):
                return no, ""
            glued = True
    return None, "follows an item mark directly (plain text reads ①8 as 18)" if glued else ""


def count_numbers(text: str) -> int:
    """How many numbers ``text`` states: quantities and digit runs that are no date, year or mark (as
    :func:`stated_numbers` counts them)."""
    norm = normalize(text)
    found = [q for q in find_quantities(norm) if not ends_with(ERA_BEFORE, norm, q.start, 1)]
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
    used_in: str = "target",
    column: str | None = None,
) -> tuple[list[Indicator], Tally]:
    """Every number ``text`` states that no target holds (``used``: where those stand in the
    normalised text; ``used_in``: ``target`` or ``series``, the rows they stand in), as observed
    indicators citing the line it stands on; what cannot be read is reported. ``kind`` is ``result``
    for a report (a plan in it becomes ``plan``) or ``context``. ``column``: the report's column as the
    sheet names it (中間報告, 期末報告), the note of each result."""
    norm = normalize(text)
    found = quantities(norm)
    tally = Tally()
    out: list[Indicator] = []
    previous: tuple[Found, str] | None = None
    for k, quantity in enumerate(found):
        if ends_with(ERA_BEFORE, norm, quantity.start, 1):
            continue  # R2事業: fiscal 2020's projects, no count
        tally.read += 1
        if quantity.start in used:
            if used_in == "series":
                tally.in_series += 1
            else:
                tally.in_targets += 1
            continue
        this_kind = "plan" if kind == "result" and planned(norm, quantity) else kind
        aim = kind == "context" and (planned(norm, quantity) or aimed(norm, quantity))
        if aim:  # 目的・効果: 移住者数を200人とする is what the plan aims at, not what is
            this_kind = "plan"
        length = kind == "result" and length_only(norm, quantity)
        # 国28.3%, …は行われません, 1人ずつ: no result; a context cell's numbers are context already
        not_result = None if length or kind == "context" else not_done(norm, found, k)
        name = observation_name(norm, quantity, _next_words(norm, found, k), previous)
        name = _with_reference(norm, quantity, name)
        previous = (quantity, name)
        fiscal, as_of = _as_of(norm, quantity) if kind == "context" else (year, None)
        of_year = projects_year(norm, quantity, fiscal) if kind == "result" else None
        line, why = _standing_line(reader, quantity, first, last)
        if line is not None and _unnamed(name, quantity):
            line, why = None, _UNNAMED
        if line is None:
            tally.reported += 1
            why = why or "not found on the lines of its cell"
            reader.issue(first, f"{where}: {quantity.text} {why}; not read")
            continue
        note = {"result": "a reported result", "plan": "planned (予定, 見込): not a result"}.get(
            this_kind, f"context ({where})"
        )
        if aim:
            note = f"aimed at or planned (とする, 目指す, 予定) in {where}: not what is"
        if length:  # 講座(全10回)の第1回目: the course's length, of which the first session was held
            this_kind, note = "context", "the length of a series (全…) of which a part was held: not a result"
        elif not_result is not None:
            this_kind, note = "context", not_result
        elif this_kind == "result" and (scope := scope_count(norm, found, k)):  # 5部会延べ43回: the 5
            this_kind, note = "context", scope
        report = column if kind == "result" else None
        if of_year is not None:
            note += f"; counts fiscal {of_year}'s projects (the sheet names their year)"
        stated_note = (
            "; ".join(
                n
                for n in (
                    as_of or report,
                    rate_note(quantity),
                    not_result,
                    change_note(norm, quantity),
                    f"approximate ({quantity.approximate})" if quantity.approximate else None,
                )
                if n
            )
            or None
        )
        changed = changed_way(norm, quantity)
        actual = Quantity(
            quantity.value, quantity.text, quantity.unit, of_year or fiscal, stated_note,
            quantity.value_max, quantity.frequency,
            date=stated_day(norm, quantity, year if kind == "result" else None), change=changed is not None,
        )  # fmt: skip
        footnote = f"{where}: {note}; the sheet states no target for it"
        observation = observed(name, actual, reader.span(line), footnote, this_kind)
        out.append(attrs.evolve(observation, direction=changed) if changed else observation)
        tally.observed += 1
        tally.rows += 1
    _report_unread(reader, norm, found, where, first, last, tally)
    return out, tally


_FRAGMENT = lazy_compile(r"[のをにはがでとへ]")  # a label cut at a bracket: の選出区分を… (「少年補導員」の…)
_TOTAL_SUFFIX = lazy_compile(r"(?:を|は)?計$")


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
    column: str = "達成状況",
) -> list[Indicator]:
    """The numbers a 達成状況 cell (``column``: the name the sheet prints) reports (上田リバーズ会議共催7回),
    each an observed value of the results year on the line where it stands. The sheet states no target
    for them. A number is named by the words before it where they are a name of four characters or
    more; an amount right after a
    count by that count (``地方創生応援税制:4件、11,200千円``); else by the words around it
    (:func:`observation_name`: ``上田城跡能 404人``), never by the action or goal title alone. A 各
    count (``幹事会、協議会を各2回``) is one row for each item it names. A number with no unit of count
    is reported with its line. ``pieces``: a result written over several lines, as (line, text) each,
    read as one text; each number cites the line it stands on. A count that says what a body is
    (:func:`scope_count`: ``検討会(中央4地区)``, ``5部会延べ30回``' 5部会) is ``context``."""
    out: list[Indicator] = []
    names: list[str] = []
    starts: list[tuple[int, int]] = []  # where each piece's line starts in the joined text
    if pieces:
        texts: list[str] = []
        offset = 0
        for no, text in pieces:
            glued = text.startswith(GLUED)
            piece = normalize(text.removeprefix(GLUED))
            if not piece:
                continue
            if glued and texts:  # the word of the piece before goes on: no space between
                offset -= 1
                texts[-1] += piece
            else:
                texts.append(piece)
            starts.append((offset, no))
            offset += len(piece) + 1
        report = " ".join(texts)
    norm = normalize(report)
    found = quantities(norm)
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
            and not _object_before(norm, quantity, label)
            and not _DIGIT_RUN.search(label)
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
        bare = _SCOPE_OR_BARE.fullmatch(_PARTICLES.sub("", quantity.label))
        if len(items) == 1 and bare and (done := _what_was_done(norm, found, k)):
            items = [f"{items[0]} ({done})"]  # 会議を2回開催し、庁内連携を図った: what the 会議 were for
        names.append(items[-1])
        line, why = _standing_line(reader, quantity, first, last)
        if line is None and pieces:  # pieces printed out of order (a cell's rest on a line before it)
            line = next((no for no, _ in pieces if _standing_line(reader, quantity, no, no)[0]), None)
        if tally is not None:
            tally.read += 1
        if line is not None and all(_unnamed(item, quantity) for item in items):
            line, why = None, _UNNAMED
        if line is None:
            why = why or "not found on the goal's lines"
            reader.issue(first, f"{where}: result {quantity.text} {why}; not read")
            if tally is not None:
                tally.reported += 1
            continue
        if tally is not None:
            tally.observed += 1
            tally.rows += len(items)
        later = from_later_year(norm, quantity, year)
        kind = "plan" if later is not None or planned(norm, quantity) else "result"
        what = (
            "a reported result"
            if kind == "result"
            else "planned (予定, 見込, or a later year's): not a result"
        )
        if kind == "result" and length_only(norm, quantity):
            kind, what = "context", "the length of a series (全…) of which a part was held: not a result"
        not_result = not_done(norm, found, k)  # 国28.3%, …は行われません, 1人ずつ
        scope = not_result if not_result is not None else scope_count(norm, found, k)
        if kind == "result" and scope is not None:
            kind, what = "context", scope
        of_year = projects_year(norm, quantity, year)
        if of_year is not None:
            what += f"; counts fiscal {of_year}'s projects (the sheet names their year)"
        day = stated_day(norm, quantity, year)
        of_projects = f"of fiscal {of_year}'s projects, reported in fiscal {year}" if of_year else None
        if quantity.frequency is not None:
            what += f"; {rate_note(quantity)}"
        changed = changed_way(norm, quantity)
        for name in items:
            out.append(
                observed(
                    name,
                    Quantity(
                        quantity.value,
                        quantity.text,
                        quantity.unit,
                        later or of_year or year,
                        "; ".join(
                            n
                            for n in (
                                of_projects,
                                rate_note(quantity),
                                not_result,
                                change_note(norm, quantity),
                                since(norm, quantity),
                            )
                            if n
                        )
                        or None,
                        frequency=quantity.frequency,
                        date=day,
                        change=changed is not None,
                    ),
                    reader.span(line, _last_named_line(pieces, line, name)),
                    f"{column} ({where}): {what}; the sheet states no target for it",
                    kind,
                )
            )
            if changed is not None:  # 66人の削減: the way it went
                out[-1] = attrs.evolve(out[-1], direction=changed)
    _report_unread(reader, norm, found, where, first, last, tally)
    return out


def _unread_line(reader: DocumentReader, piece: str, first: int, last: int) -> int:
    """The line from ``first`` to ``last`` a digit run (marked ``【n】`` in ``piece``) stands on: the
    first that holds it with the most of its words around it, before and after, then after alone (a
    cell's line may start with it: ``…開催した。`` / ``2階の会議室で``), then before alone."""
    before, rest = piece.split("【", 1)
    digits, after = rest.split("】", 1)
    before, after = before.replace(" ", ""), after.replace(" ", "")
    lines = [(no, spaceless(reader.line(no).norm)) for no in range(first, last + 1)]
    for needle in (before[-4:] + digits + after[:4], digits + after[:4], before[-4:] + digits, digits):
        for no, text in lines:
            if needle in text:
                return no
    return first


_UNNAMED = "states no words of what it counts (the text around it names nothing)"


def _unnamed(name: str, quantity: Found) -> bool:
    """Whether ``name`` is the number alone in a unit that says nothing of what it counts: no words
    of the document name it (``。令和2年1月1日現在 4,042人`` after a sentence about something else), so it
    cannot be an observation. A noun it counts names it (``6地区``, ``8言語``)."""
    nouned = quantity.unit not in UNITS or "の" in quantity.text
    return not nouned and name.replace(" ", "") == quantity.text.replace(" ", "")


def _report_unread(
    reader: DocumentReader,
    norm: str,
    found: Sequence[Found],
    where: str,
    first: int,
    last: int,
    tally: Tally | None,
) -> None:
    """Report each number of ``norm`` that no quantity of ``found`` reads (a floor, a count with no
    unit of count) on the line of ``first``…``last`` it stands on, and count it as read and reported."""
    for piece in _unread(norm, [(q.start, q.end) for q in found]):
        line = _unread_line(reader, piece, first, last)
        reader.issue(line, f"{where}: number in 「{piece}」 {_why_unread(piece)}; not read")
        if tally is not None:
            tally.read += 1
            tally.reported += 1


# a label that says only among what or where a number counts: a whole set (市内全小学校22校) or one
# bare noun (会議を2回): what was done with them is in the words after the numbers
_SCOPE_OR_BARE = lazy_compile(rf"(?:(?:市内|県内|全国)?全{_NOUN_CHARS}+|(?!合計|計){_NOUN_CHARS}{{1,2}})")
_DONE_STOP = lazy_compile(r"。|[①-⑳(]|\s")  # where the sentence, or its piece of the cell, ends
_DONE_VERB = lazy_compile(r"(?:開催|実施|図った|行った|行いました|実施しました|開催しました)$")


def _what_was_done(norm: str, found: Sequence[Found], k: int) -> str | None:
    """What a sentence says was done, in the words after its last number up to its end, where they
    end on a verb of doing: ``市内全小学校22校、9地域でのワークショップ、コンサートを開催`` ->
    ``ワークショップ、コンサートを開催``; after a verb the number's own words end (``…2回開催し、``),
    what it went on to do (``庁内連携を図った``)."""
    start = sentence_start(norm, found[k].start)
    stop = _DONE_STOP.search(norm, found[k].end)
    end = stop.start() if stop else len(norm)
    last = max(q.end for q in found if start <= q.start < end)
    rest = norm[last:end].strip()
    if "し、" not in rest and last == found[k].end:
        return None  # the words right after the number are its own (…40冊の削減を行った): named by them
    rest = rest.split("し、", 1)[1] if "し、" in rest else rest
    rest = _LEADING.sub("", rest).strip()
    return rest if len(rest) >= 4 and _DONE_VERB.search(rest) and not _DIGIT_RUN.search(rest) else None


def _describes_body(norm: str, quantity: Found) -> bool:
    """Whether ``quantity`` is a noun's count alone in brackets right after a body's name
    (``幹事自治体(全国10自治体)として参画``): it says what the body is."""
    opened = norm.rfind("(", 0, quantity.start)
    closed = norm.find(")", quantity.end)
    if opened < 1 or closed < 0 or norm.rfind(")", 0, quantity.start) > opened:
        return False
    rest = norm[opened + 1 : closed].replace(quantity.text.strip(), "", 1)
    return bool(re.fullmatch(rf"{_NOUN_CHARS}*", rest)) and bool(_NOUN_END.search(norm[:opened]))


def _last_named_line(pieces: Sequence[tuple[int, str]], line: int, name: str) -> int:
    """The last line after ``line`` among ``pieces`` whose words stand in ``name`` (``…月1回に`` /
    ``変更することを決定``: the name's words go on to the next piece's line), else ``line``: a row
    cites the lines its name is read from as well as its number's."""
    named = spaceless(name)
    return max(
        [line]
        + [
            no
            for no, text in pieces
            if no > line
            and len(words := spaceless(normalize(text.removeprefix(GLUED)))[:4]) >= 3
            and words in named
        ]
    )


def planned_in_items(
    reader: DocumentReader,
    text: str,
    where: str,
    year: int | None,
    line: int,
    tally: Tally | None = None,
    column: str = "取組",
) -> list[Indicator]:
    """The numbers a results year's item (取組; ``column``: the name the sheet prints) states
    (``市内全小学校25校、9地域でのワークショップ``): what was planned for that year, each an observation of
    kind ``plan`` of ``year``, named by its words, citing ``line``; the year's results stand beside them
    in its 達成状況 cell."""
    norm = normalize(text)
    found = quantities(norm)
    out: list[Indicator] = []
    names: list[str] = []
    for k, quantity in enumerate(found):
        if tally is not None:
            tally.read += 1
        standing, why = _standing_line(reader, quantity, line, line)
        if standing is None:
            reader.issue(line, f"{where}: number {quantity.text} of its item {why or 'not found'}; not read")
            if tally is not None:
                tally.reported += 1
            continue
        previous = (found[k - 1], names[-1]) if k and names else None
        name = observation_name(norm, quantity, _next_words(norm, found, k), previous)
        names.append(name)
        described = _describes_body(norm, quantity)
        what = (
            "names what the body before it is, not a result"
            if described
            else "a number the results year's item states: what was planned, not a result"
        )
        out.append(
            observed(
                name,
                Quantity(quantity.value, quantity.text, quantity.unit, year, frequency=quantity.frequency),
                reader.span(standing),
                f"{column} ({where}): {what}",
                "context" if described else "plan",
            )
        )
        if tally is not None:
            tally.observed += 1
            tally.rows += 1
    return out


_LIST_SEPARATOR = " 、,・"
# an object written before a label that is a verb alone (…広報うえだを 毎月発行(549部)): the label does not
# say what was counted, the object does
_OBJECT_BEFORE = lazy_compile(r"[^\sを]を\s+$")


def _object_before(norm: str, quantity: Found, label: str) -> bool:
    """Whether ``label`` (the words right before ``quantity`` or its bracket) follows an object
    (``…広報うえだを 毎月発行(549部)``): the label is then the verb, not what was counted."""
    head = norm[: quantity.start].rstrip(" (")
    return head.endswith(label) and bool(_OBJECT_BEFORE.search(head[: len(head) - len(label)]))


_NOUN_END = lazy_compile(rf"{_NOUN_CHARS}$")


# what a clause's predicate says where nothing was done: 行われませんでした, 実施できず, 中止, 見送り
_NOT_DONE = lazy_compile(r"ません|(?<![少危])なかった|(?:でき|され|行われ|開かれ|せ)ず|中止|見送|未実施|延期")
# a clause's predicate: a verb's ending, a status word, or a clause joined on by ため, が, し, て
_PREDICATE = lazy_compile(
    r"ました|ます|ません|なかった|ず$|[しけてり]$|が$|ため$|中止|見送|未実施|延期|でした|です"
)


def _reference(norm: str, quantity: Found) -> bool:
    """Whether ``quantity`` stands in a bracket that opens with 参考 (``(参考;国28.3%、県23.0%)``,
    ``(参考交付率 国:15.5%…)``): figures of other bodies, given to compare with."""
    opened = norm.rfind("(", 0, quantity.start)
    inside = norm[opened + 1 : quantity.start]
    return opened > norm.rfind(")", 0, quantity.start) and inside.lstrip().startswith("参考")


_REFERENCE_LABEL = lazy_compile(r"\s*参考\s*([^\s:;、,()]+)")


def _with_reference(norm: str, quantity: Found, name: str) -> str:
    """``name``, led by what a 参考 bracket's figures are of where its opening names it
    (``(参考交付率 国:15.5%、…、県19市中9位)``: the 9位 is a rank by 参考交付率) and the name does not
    say it already; a bracket that names nothing (``(参考;国28.3%…)``) leaves it as it is."""
    if not _reference(norm, quantity):
        return name
    label = _REFERENCE_LABEL.match(norm, norm.rfind("(", 0, quantity.start) + 1)
    if label is None or label.end() > quantity.start:
        return name
    measure = f"参考{label.group(1)}"
    return name if measure in name.replace(" ", "") else f"{measure} {name}"


# where the words a number's clause goes on with end: a full stop, a space that goes on no list (a
# cell's lines are its entries), a bracket closed that opened before the number (上田城跡能(8/28 404人))
_CLAUSE_STOP = lazy_compile(r"。|(?<![、,])\s|[()]")


def _predicate_after(norm: str, quantity: Found) -> str:
    """The words after ``quantity`` up to its clause's predicate: pieces between ``、`` are taken while
    they hold none (``4地区全体の枠組み協議は、行われませんでした``), to the clause's end at most."""
    depth = 0  # brackets opened after the number are its clause's own: (延べ116人参加)
    end = len(norm)
    for m in _CLAUSE_STOP.finditer(norm, quantity.end):
        if m.group(0) == "(":
            depth += 1
        elif m.group(0) == ")" and depth:
            depth -= 1
        elif depth == 0 or m.group(0) == "。":
            end = m.start()
            break
    sentence = norm[quantity.end : end]
    out = ""
    for piece in sentence.split("、"):
        out = f"{out}、{piece}" if out else piece
        if _PREDICATE.search(piece.rstrip()):
            break
    return out


def not_done(norm: str, found: Sequence[Found], k: int) -> str | None:
    """Why ``found[k]`` is no result of the year, or ``None``:

    - it is a reference figure, in a bracket opening with 参考 (``(参考;国28.3%、県23.0%)``: the
      nation's and the prefecture's rates, not the city's);
    - its clause says the thing was not done (``中央4地区全体の協議は行われませんでした``, ``…できず``,
      ``…は中止``): the number says what was not done, never a result; ``3回しか…できませんでした``
      (only three) is one;
    - it is a distributive count (``1人ずつ``: one for each of something, not one in all), or the
      things each of which gets it (``9地域に1人ずつ``: the 9 say where, the result is one each)."""
    quantity = found[k]
    if _reference(norm, quantity):
        return "a reference figure (参考): to compare with, not a result"
    after = norm[quantity.end :]
    if after.lstrip().startswith("ずつ"):
        each = quantity.text.strip()
        return f"distributive ({each}ずつ): so many for each of something, not a count of the year"
    following = found[k + 1] if k + 1 < len(found) else None
    if (
        following is not None
        and re.fullmatch(r"\s*[にへで]\s*", norm[quantity.end : following.start])
        and norm[following.end :].lstrip().startswith("ずつ")
    ):
        return f"the things each of which gets the {following.text.strip()}ずつ after it: where, not a result"
    if after.lstrip().startswith("しか"):
        return None  # 3回しか開催できませんでした: three were held
    predicate = _predicate_after(norm, quantity)
    if (word := _NOT_DONE.search(predicate)) is not None:
        return f"its clause says it was not done (…{predicate[: word.end()][-12:]}): not a result"
    return None


def scope_count(norm: str, found: Sequence[Found], k: int) -> str | None:
    """Why ``found[k]`` says what a body is, not what was done, or ``None``:

    - it is counted within by the number after it (``5部会延べ30回``: 30 meetings of the 5 部会; the 5
      is how the body is set up, the 30 the result);
    - it is a noun's count alone in brackets right after a body's name, and the clause goes on to
      another number outside them (``検討会(中央4地区)を3回開催``: the 検討会 of four districts met 3
      times; the 4 names which 検討会, the 3 is the result). A bracket of its own (``展示(9か所)``) or
      a unit of how many or how often (``(延べ116人参加)``) is a result."""
    quantity = found[k]
    following = found[k + 1] if k + 1 < len(found) else None
    if (
        following is not None
        and following.unit != quantity.unit
        and _WITHIN.fullmatch(norm[quantity.end : following.start])
    ):
        of = following.text.strip()
        return f"the bodies the {of} after it are of: how the body is set up, not a result"
    if quantity.unit in UNITS or following is None:
        return None
    opened = norm.rfind("(", 0, quantity.start)
    closed = norm.find(")", quantity.end)
    if opened < 1 or closed < 0 or norm.rfind(")", 0, quantity.start) > opened:
        return None
    inside = norm[opened + 1 : closed]
    if _DIGIT_RUN.search(inside.replace(quantity.text.strip(), "", 1)) or not _NOUN_END.search(norm[:opened]):
        return None
    if not re.fullmatch(rf"{_NOUN_CHARS}*", inside.replace(quantity.text.strip(), "", 1)):
        return None  # words of what was done in the bracket: its own result
    after = norm[closed + 1 : following.start]
    if following.start < closed or _HARD.search(after):
        return None
    return f"names the body before it ({norm[max(0, opened - 8) : closed + 1]}): what it is, not a result"


_SINCE = lazy_compile(
    rf"((?:(?:{_ERAS})\s*(?:元|\d{{1,2}})|(?<![A-Za-z])[{_ABBRS}]\s*(?:元|\d{{1,2}}))\s*年度?\s*)?\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?"
    r"\s*(?:から|より)\s*$"
)
_SINCE_WORD = lazy_compile(r"\s*(?:から|より)\s*$")


def since(norm: str, quantity: Found) -> str | None:
    """When a number starts to hold, where the words right before it say so (``H31年度5月から月1回に``):
    ``from H31年度5月``; the day column holds days, not months."""
    m = _SINCE.search(norm, sentence_start(norm, quantity.start), quantity.start)
    return f"from {_SINCE_WORD.sub('', m.group(0))}" if m else None


_CHANGE_TAIL = lazy_compile(r"\s*の?\s*[増減]$")


def change_note(norm: str, quantity: Found) -> str | None:
    """What a number is where the words right after it make it a change (``66人の削減を行った``, ``6円減額``):
    by how much, not the level reached."""
    word = change_word(norm, quantity)
    if word is None:
        return None
    down = changed_way(norm, quantity) is Direction.DECREASE
    amount = _CHANGE_TAIL.sub("", quantity.text.strip()) if quantity.change else quantity.text.strip()
    return f"a change ({word}): {'down' if down else 'up'} by {amount}, not a level"


def rate_note(quantity: Found) -> str | None:
    """What a rate (``週2回``, ``月1回``) is, for an observation's note: the observations table holds a
    value and its unit, no period, so the note says the value is per that period, not the year's
    count (``rate per_week: 2 回 a week, not a count of the year``); ``None`` for a total, and for a
    yearly rate (``年間18回``), which in a year's report is that year's count."""
    if quantity.frequency is None or str(quantity.frequency) == "per_year":
        return None  # 年間18回 in a year's report: the count of that year
    period = {"per_week": "a week", "per_month": "a month", "per_two_months": "every two months"}.get(
        str(quantity.frequency), "a year"
    )
    value = f"{quantity.value:g}" if quantity.value is not None else "?"
    return f"rate {quantity.frequency}: {value} {quantity.unit or ''} {period}, not a count of the year"


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
        and not _DIGIT_RUN.search(label)
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
    rf"({_ERAS}|[{_ABBRS}])\s*(元|\d{{1,2}})\s*年?度?\s*(?:\d{{1,2}}\s*月\s*(?:\d{{1,2}}\s*日)?)?\s*(?:から|より|以降)\s*$"
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
    try:
        start = era_year(m.group(1), m.group(2))
    except ValueError:  # a year its era never had
        return None
    return start if start > year else None


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
    them, each counted where it went (observation rows, target rows, series rows, reports): a run never
    says "no issues" without saying what it read. A number that went nowhere is a warning."""
    rows = f"{tally.rows} observations" + (
        f" (from {tally.observed} numbers: a 各 count gives one for each item)"
        if tally.rows != tally.observed
        else ""
    )
    series = f", {tally.in_series} in series rows" if tally.in_series else ""
    lost = tally.read - tally.observed - tally.in_targets - tally.in_series - tally.reported
    words = (
        f"; results stated in words: {tally.words} observations with no value, {tally.cut} cut and reported"
        if tally.words or tally.cut
        else ""
    )
    reader.issue(
        1,
        f"numbers stated in {cells}: {tally.read} read, {rows}, {tally.in_targets} in target rows{series}, "
        f"{tally.reported} reported{words}" + (f"; {lost} in no row and not reported" if lost else ""),
        Severity.WARNING if lost else Severity.NOTE,
    )


#: what a piece of a cell starts with where it goes on from a line that could not be read (NFKC of …)
GAP = "... "
#: what a piece of a cell starts with where it goes on with the last word of the piece before it
#: (``女性団体`` / ``研修会7回``: one word, 女性団体研修会, cut by the PDF text's lines)
GLUED = "\u2060"


def join_pieces(texts: Sequence[str]) -> str:
    """The pieces of a cell as one text: a space between two pieces, none before a :data:`GLUED` one."""
    out = ""
    for text in texts:
        if text.startswith(GLUED):
            out += text.removeprefix(GLUED)
        else:
            out += f" {text}" if out else text
    return out


#: a piece that ends before its sentence does (を, に, について, 、): its rest is not beside it
CUT_END = lazy_compile(r"(?:[をにのがはとでへや、,]|について|により|として|及び|並びに)$")
_CUT_START = lazy_compile(r"^(?:[のをにはがでとへや、,)]|及び)")
_BULLET = lazy_compile(r"^[・\s]+")
_WORD_DATE = lazy_compile(
    rf"\s*\(\s*(?:[{_ABBRS}]\s*\d{{1,2}}[.\d\s]*)+\)|\s*\(\s*(?:{_ERAS})[^()]*\)|\s*\(\s*\d{{1,2}}/\d{{1,2}}[\d/~～\-・、\s]*\)"
)
_NO_WORDS = lazy_compile(r"[\s()・〃…]")


def word_results(
    reader: DocumentReader,
    pieces: Sequence[tuple[int, str]],
    where: str,
    year: int | None,
    tally: Tally | None = None,
    column: str = "達成状況",
) -> list[Indicator]:
    """The results a 達成状況 cell states in words alone (``・西部まちづくりの会設立(H30.6.26)``,
    ``新たな交付金制度を実施計画に登載``, ``(H31設立予定)``): each bullet that states no number becomes
    an observation with no value, its words as the text (kind ``plan`` where 予定 or 見込 says it is
    still to come), citing its line. A bullet is a piece of the cell, or pieces joined where one ends
    mid-sentence and the next goes on (``…見直し、`` / ``66人の削減を行った``). A bullet cut
    mid-sentence whose rest is not beside it (``担当者会議にて…情報共有を``) states nothing: it is
    reported with its line, never read as a result. Bullets holding numbers are
    :func:`reported_results`'."""
    bullets: list[tuple[list[int], str]] = []
    for no, text in pieces:
        glued = text.startswith(GLUED)
        piece = normalize(text.removeprefix(GLUED)).strip()
        if not piece:
            continue
        if bullets and glued:
            bullets[-1][0].append(no)
            bullets[-1] = (bullets[-1][0], bullets[-1][1] + piece)
        elif bullets and CUT_END.search(bullets[-1][1]) and not _BULLET.match(piece):
            bullets[-1][0].append(no)
            bullets[-1] = (bullets[-1][0], f"{bullets[-1][1]} {piece}")
        else:
            bullets.append(([no], piece))
    out: list[Indicator] = []
    before: str | None = None  # the bullet before this one, as written
    before_lines: list[int] = []
    for lines, text in bullets:
        body = _BULLET.sub("", text.removeprefix(GAP)).strip()
        continued, before = before, body
        continued_lines, before_lines = before_lines, lines
        found = find_quantities(body)
        if any(not ends_with(ERA_BEFORE, body, q.start, 1) for q in found) or _unread(body, []):
            # it states a number: reported_results reads it; a clause of it stating none is a result
            for clause in _worded_clauses(body):
                line = next(
                    (no for no in lines if spaceless(clause)[:6] in spaceless(reader.line(no).norm)), None
                )
                out.append(
                    observed(
                        _balanced(_WORD_DATE.sub(" ", clause)),
                        Quantity(None, clause, None, year, date=word_day(clause, year)),
                        reader.span(line or lines[0], line or lines[-1]),
                        f"{column} ({where}): a result stated in words (no number), a clause of a sentence "
                        "that states counts; the sheet states no target for it",
                        "result",
                    )
                )
                if tally is not None:
                    tally.words += 1
            continue
        if not _NO_WORDS.sub("", body):
            continue
        why = (
            "its words go on from a line that could not be read"
            if text.startswith(GAP)
            else "a piece of a sentence whose rest is not beside it, nor told elsewhere"
            if CUT_END.search(body) or _CUT_START.match(body) or len(_NO_WORDS.sub("", body)) < 4
            else None
        )
        if why:
            reader.issue(lines[0], f"{where}: words of a result, not read as a result ({why}): {body[:40]}")
            if tally is not None:
                tally.cut += 1
            continue
        kind = "plan" if planned_words(body) else "result"
        # one bullet, several results: events each on its day, or events listed with what became of them
        split: list[tuple[str, Quantity, str]] = []
        listed = _LISTED_STATUS.fullmatch(body) if kind == "result" else None
        if listed and any(len(e) < 3 or e in listed.group(2) for e in listed.group(1).split("・")):
            listed = None  # 日本・ブラジル交流会: one name; (…B講座のみ中止): not all of them
        if kind == "result" and len(dated := _dated_clauses(body, year)) > 1:
            # シンポジウム収録配信9/26、セミナー11/28開催: two events, each on its day
            split = [
                (
                    _balanced(DAY_OF_YEAR.sub("", _SLASH_DAY.sub("", _WORD_DATE.sub(" ", clause)))).strip(),
                    Quantity(None, clause, None, year, date=day),
                    "a result stated in words (no number), one of the events its bullet dates each on its "
                    "own day",
                )
                for clause, day in dated
            ]
        elif listed:
            # 子ども文化講座・子ども文化祭(…中止): what became of each event, one row each
            split = [
                (
                    f"{event} ({listed.group(2)})",
                    Quantity(None, body, None, year),
                    "a status stated in words (no number), of each event its bullet lists",
                )
                for event in listed.group(1).split("・")
            ]
        for name, quantity, why in split:
            out.append(
                observed(
                    name, quantity, reader.span(lines[0], lines[-1]),
                    f"{column} ({where}): {why}; the sheet states no target for it", "result",
                )
            )  # fmt: skip
            if tally is not None:
                tally.words += 1
        if split:
            continue
        name = _balanced(_WORD_DATE.sub(" ", body))  # the date of ・…会設立(H30.6.26) is no part of its name
        note = {
            "result": "a result stated in words (no number)",
            "plan": "planned (予定, 見込): not a result",
        }
        what = note[kind]
        fiscal = year
        if kind == "plan" and (named := planned_year(body)) is not None:
            fiscal = named  # (H31設立予定): planned for fiscal 2019, whatever year reports it
            what += f"; planned for fiscal {named}, the year its words name"
        if _ASIDE.fullmatch(body) and continued is not None and _has_subject(continued):
            # an aside of the bullet before it: named by that bullet's words and its own, as written (what
            # is planned need not be what the bullet did: …を8回開催 (H31設立予定))
            bullet = _DITTO_OWN.sub(
                "〃", _BULLET.sub("", continued)
            )  # the mark's bracket goes with its words
            name = _balanced(f"{bullet} {body}")
            what += f"; an aside in brackets of the bullet before it ({continued[:30]})"
            cited = [*continued_lines, *lines]  # the name's words stand on the bullet's lines too
        else:
            cited = lines
        out.append(
            observed(
                name,
                Quantity(None, body, None, fiscal, date=word_day(body, year) if kind == "result" else None),
                reader.span(min(cited), max(cited)),
                f"{column} ({where}): {what}; the sheet states no target for it",
                kind,
            )
        )
        if tally is not None:
            tally.words += 1
    return out


# events listed with ・ and what became of them all in brackets: 子ども文化講座・子ども文化祭(…中止)
_LISTED_STATUS = lazy_compile(
    r"((?:[^\s・()、。]{2,}・)+[^\s・()、。]{2,})\s*\(([^()]*(?:中止|未実施|見送|延期)[^()]*)\)"
)
# a day written month/day inside a bullet's words (…配信9/26): not a fraction (補助率1/2), a range or a
# list of days
_SLASH_DAY = lazy_compile(r"(?<![\d/.~～\-・率割比])(1[0-2]|[1-9])/(3[01]|[12]\d|[1-9])(?![\d/~～\-・])")
_CLAUSE_PARTICLE = lazy_compile(r"^[にをはがでとへのや]")


def _dated_clauses(body: str, fiscal: int | None) -> list[tuple[str, dt.date]]:
    """The clauses of a bullet in words (cut at 、) where every clause states one day of its own
    (``シンポジウム収録配信9/26、セミナー11/28開催``), each with its day in the report's fiscal year
    ``fiscal``; empty where any clause states none or several, or no year is known."""
    if fiscal is None:
        return []
    out = []
    for clause in (c.strip() for c in body.split("、")):
        days = [(int(m.group(1)), int(m.group(2))) for m in _SLASH_DAY.finditer(clause)]
        days += [(int(m.group(1)), int(m.group(2))) for m in DAY_OF_YEAR.finditer(clause)]
        if len(days) != 1:
            return []
        words = DAY_OF_YEAR.sub("", _SLASH_DAY.sub("", clause)).strip(" ・()")
        if len(words) < 2 or _CLAUSE_PARTICLE.match(words) or words.endswith(("を", "に", "は", "が")):
            return []  # 説明会を9/26、10/3に開催: one event on two days, not two events
        month, day = days[0]
        try:
            out.append((clause, dt.date(in_fiscal(fiscal, month), month, day)))
        except ValueError:  # a day that does not exist
            return []
    return out


# what a clause says was done, at its end: a verbal noun of a result (…協定締結, 追跡調査実施)
_DONE_END = lazy_compile(
    r"(?:締結|実施|設置|策定|完了|導入|設立|発行|作成|公開|開設|開始|中止|延期|見送り)(?:しました|した|済み?)?$"
)


_DAY_ERA_DOTS = lazy_compile(
    rf"(?<![A-Za-z])([{_ABBRS}])\s*(元|\d{{1,2}})\s*\.\s*(\d{{1,2}})\s*\.\s*(\d{{1,2}})"
)


def word_day(body: str, fiscal: int | None) -> dt.date | None:
    """The day a result in words states, where it states one: a day it starts with (``3月18日第3次
    ビジョン策定``, in the report's fiscal year ``fiscal``) or one era day it writes (``…会設立(H30.6.26)``).
    ``None`` where it states none, or several (``(H30.7.3 H31.1.11)``: two sessions)."""
    days: set[dt.date] = set()
    try:
        if fiscal is not None and (m := DAY_OF_YEAR.match(body)):
            month = int(m.group(1))
            days.add(dt.date(in_fiscal(fiscal, month), month, int(m.group(2))))
        for m in _DAY_ERA_DOTS.finditer(body):
            year = era_year(m.group(1), m.group(2))
            days.add(dt.date(year, int(m.group(3)), int(m.group(4))))
    except ValueError:  # a day that does not exist states none
        return None
    return days.pop() if len(days) == 1 else None


def _worded_clauses(body: str) -> list[str]:
    """The clauses of a bullet that states counts which state none themselves and end on what was done
    (``幹事会、協議会を各2回、懇談会を1回開催し、1月12日に変更協定締結``: 1月12日に変更協定締結;
    ``案内看板10基設置、追跡調査実施``: 追跡調査実施): results in words, each its own. A clause that
    goes on from the one before it (it starts with a particle) or names no thing (under four
    characters) is not one; neither is the first clause, which is the counts' own subject."""
    clauses = [c.strip() for c in re.split(r"[、。]", body)]
    out = []
    for k, clause in enumerate(clauses):
        if not k or not clause or len(_NO_WORDS.sub("", clause)) < 4 or _CUT_START.match(clause):
            continue
        if find_quantities(clause) or _unread(clause, []) or not _DONE_END.search(clause):
            continue
        out.append(clause)
    return out


# a ditto mark's own bracket: 〃(神川地区) stands for the words above and their bracket, 神川地区 for its own
_DITTO_OWN = lazy_compile(r"〃\s*\([^()]*\)")
# a bullet that is one bracket alone: an aside of the bullet before it (・…を8回開催 / (H31設立予定))
_ASIDE = lazy_compile(r"\([^()]*\)")
# a fiscal year a plan names: H31, R2, 令和2年度, 平成31年度 (then 設立予定, 開設見込 …)
_ERA_YEAR_WORD = lazy_compile(
    rf"(?<![A-Za-z])(?:({_ERAS})\s*(元|\d{{1,2}})\s*年度?|([{_ABBRS}])\s*(元|\d{{1,2}})(?:\s*年度?)?)"
)


def planned_year(norm: str) -> int | None:
    """The fiscal year a plan stated in words names (``(H31設立予定)``: fiscal 2019, ``令和3年度開設予定``:
    2021): the one era year its words write; ``None`` where they write none, or several."""
    years = set()
    for m in _ERA_YEAR_WORD.finditer(norm):
        try:
            years.add(era_year(m.group(1) or m.group(3), m.group(2) or m.group(4)))
        except ValueError:  # a year the era never had names none
            continue
    return years.pop() if len(years) == 1 else None


def _has_subject(bullet: str) -> bool:
    """Whether a bullet names what it is about: words before its first number (``〃(神川地区)を8回開催``,
    ``講座(北分館)を5回開催``), not a number or a verb alone."""
    norm = normalize(bullet)
    found = find_quantities(norm)
    head = norm[: found[0].start] if found else norm
    return bool(_balanced(_PARTICLES.sub("", head.rstrip()).strip()))


_MARKS_ONLY = lazy_compile(r"[\s・]*(?:\(\d+\)\s*(?:[~～]\s*\(\d+\))?)?[\s・]*")


def report_pieces(report: str) -> list[str]:
    """The pieces of a 達成状況 text written on one line: its sentences and the runs of words between
    spaces (a sheet's cell puts each result on a line of its own; the text joins them with a space);
    part marks alone (``(1)``, ``(1)~(4)``) are no piece."""
    norm = normalize(report)
    pieces: list[str] = []
    depth = 0
    start = 0
    for k, char in enumerate(norm):  # a space in brackets is inside a piece: 公演会開催(3/12 134人)
        depth += (char == "(") - (char == ")") if char in "()" else 0
        if depth <= 0 and (char.isspace() or (char == "。" and k + 1 < len(norm))):
            pieces.append(norm[start : k + (char == "。")])
            start = k + 1
    pieces.append(norm[start:])
    out: list[str] = []
    for piece in (p.strip() for p in pieces):
        if out and piece[:1].isdigit() and (q := quantities(piece)) and q[0].start == 0:
            # 受診率 44%: a label and its number are one piece (a date, 3月18日…, starts one)
            out[-1] = f"{out[-1]} {piece}"
        elif piece:
            out.append(piece)
    kept: list[str] = []
    for piece in out:
        if _MARKS_ONLY.fullmatch(piece):
            continue
        if _dates_only(piece):
            if kept:  # 版画大賞展の開催。 (10/9-11/14): the days of the piece before it
                kept[-1] = f"{kept[-1]} {piece}"
            continue
        kept.append(piece)
    return kept


def _dates_only(piece: str) -> bool:
    """Whether ``piece`` holds dates and brackets alone (``(10/9-11/14)``): no words of a result."""
    return not re.sub(r"[\s()\-~～・、/\d]", "", _DATE.sub("", piece))


# a bullet whose words start with a verb and end it: its subject and object are not in the text
_HEADLESS = lazy_compile(r"[^\s、。]{0,3}(?:ました|ます|した|です)")
_BULLET_MARK = lazy_compile(r"(?:^|\s)・\s*")


def cut_bullets(
    reader: DocumentReader, report: str, where: str, line: int, tally: Tally | None = None
) -> None:
    """Report each bullet of ``report`` whose first sentence is a verb alone (``・ 回りました。…``): the
    words before it, what was done and how often, are not in the text, so it states no result; it is
    reported with its line, never read as one."""
    norm = normalize(report)
    for m in _BULLET_MARK.finditer(norm):
        body = norm[m.end() :]
        first = body.split("。", 1)[0].strip()
        if _HEADLESS.fullmatch(first):
            why = "its words before the verb are not in the text"
            reader.issue(line, f"{where}: words of a result, not read as a result ({why}): ・ {first}")
            if tally is not None:
                tally.cut += 1

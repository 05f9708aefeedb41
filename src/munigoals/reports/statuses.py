"""Statuses a sheet's report (a 重点目標管理シート's 中間報告, 期末報告) states in words (中止, 見送り,
未実施, 延期) of items no target has.

A report sentence whose predicate is a status word says what became of an item: ``…ガイダンスを…開催予定
でしたが、コロナ禍のため中止にしました``. Where a numeric target of the action is that item, the status
stands in the target row (:mod:`munigoals.reports.targets`); any other becomes an observation with no
value, its sentence as the text, named by the item it is of (the topic, ``Xは…中止``; the object of the
verb or of the plan the sentence gives up, ``Xを…予定でしたが、…見送りました``; else the action's own
item), citing the line of its cell, as :func:`munigoals.reports.stated.word_results` makes results stated in
words.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from munigoals.japanese import normalize
from munigoals.layouts import DocumentReader
from munigoals.model import ActionTarget, Indicator, Quantity
from munigoals.patterns import lazy_compile
from munigoals.reports.stated import Tally, observed, quantities
from munigoals.reports.targets import STATUSES

__all__ = ["word_statuses"]

# a status word and how a name writes it
_STATUS = lazy_compile("|".join(STATUSES))
_STATUS_WORD = {"見送": "見送り"}  # how a name writes a status word, where not as the report does
# where a sentence starts within a line: a full stop, a part mark, a bullet
_SENTENCE = lazy_compile(r"。|\s*(?=\(\d+\))|(?:^|\s)[・○●]")
_LEAD = lazy_compile(
    r"^(?:\s*(?:\(\d+\)|[・○●]|\(追加\))\s*)*(?:(?:な\s*お|ま\s*た|さ\s*ら\s*に|こ\s*の\s*ほ\s*か)\s*、?\s*)?"
)
_PART = lazy_compile(r"^\s*\((\d+)\)")
_TOPIC = lazy_compile(r"^([^、。]{2,30}?)(?:については|について|では)\s*、")
# where the clause before a status word starts: a clause joined on (…予定でしたが、 …とし、), a reason
_CLAUSE_START = lazy_compile(r"(?:[してりずが]\s*、|により\s*、?|ため\s*、?|の影響により)")
# the noun phrase a particle follows: kanji, katakana, の, ・, brackets and what is in them, 等
_NOUN_PHRASE = lazy_compile(
    r"(?:[\u4e00-\u9fff\u30a0-\u30ffーA-Za-z0-9・「」]|の(?=[\u4e00-\u9fff\u30a0-\u30ff「])|\([^()]*\))+$"
)
# a list of noun phrases before a topic's は: 、, 及び, や join them (…特設相談、女性の悩みごと相談は)
_LISTED = lazy_compile(r"(?:(?:[^、。\s]|\s(?=\S))+?(?:、\s*|及び|や))*(?:[^、。\s]|\s(?=\S))+$")
# an object the status clause cannot be named by: the verb's own noun (実施を見送り: of what?)
_VERBAL = ("実施", "開催", "開設", "開講", "受付", "可能性")
_OBJECT_OF = lazy_compile(r"を(?!目的|踏まえ|含め|通じ|受け|中心)")
_PLAN_GIVEN_UP = lazy_compile(r"予定[^、。]*が\s*、")


def word_statuses(
    reader: DocumentReader,
    report: str,
    *,
    where: str,
    line: int,
    year: int | None,
    item: str,
    targets: Sequence[ActionTarget],
    mid: bool,
    tally: Tally | None = None,
    column: str | None = None,
) -> list[Indicator]:
    """The statuses ``report`` (the 中間報告 if ``mid``, else the 期末報告 of an action whose 取組項目 is
    ``item``) states in words of items none of ``targets`` holds: each sentence without a number whose
    predicate is 中止, 見送り, 未実施 or 延期 becomes an observation with no value (kind ``result``: what
    became of the item), citing ``line``. A sentence is left to the target rows where every item it
    names is a target's that got that status from this report, or where the action has one target
    and it got it (the report is about it alone). ``column``: the report's column as the sheet names it,
    each row's note (default 中間報告 or 期末報告)."""
    out: list[Indicator] = []
    label = column or ("中間報告" if mid else "期末報告")
    part: str | None = None
    for text_line in report.splitlines():
        for mark, sentence in _sentences(normalize(text_line)):
            part = mark or part
            status = _STATUS.search(sentence)
            if status is None or quantities(sentence):
                continue  # a sentence stating a number: its numbers are read as numbers
            word = status.group(0)
            subject = _subject(sentence, status.start())
            if _in_targets(subject, STATUSES[word], targets, mid):
                continue
            # a cell's lines are cut mid-word (人権 擁護委員): the item's words without the cuts
            name = f"{(subject or _item_title(item, part)).replace(' ', '')} {_STATUS_WORD.get(word, word)}"
            out.append(
                observed(
                    name,
                    Quantity(None, sentence, None, year, label),
                    reader.span(line),
                    f"{where}: a status stated in words ({word}), no number; no target states it",
                    "result",
                )
            )
            if tally is not None:
                tally.words += 1
    return out


def _sentences(text: str) -> list[tuple[str | None, str]]:
    """The sentences of one line of a cell, each with the part mark it starts with (``1`` of ``(1)``)
    and without it, its bullet and a leading なお、."""
    starts = {m.end() if m.group(0) == "。" else m.start() for m in _SENTENCE.finditer(text)}
    pieces = [text[a:b] for a, b in itertools.pairwise(sorted({0, *starts, len(text)}))]
    out = []
    for piece in pieces:
        mark = _PART.match(piece)
        sentence = _LEAD.sub("", piece).strip().rstrip("。")
        if sentence:
            out.append((mark.group(1) if mark else None, sentence))
    return out


def _subject(sentence: str, at: int) -> str | None:
    """The item a status word at ``at`` is of: the sentence's topic (``Xについて、``), the words before
    the last ``は`` before it (a list of them: ``A、Bは中止``), the object of its clause's verb or of the
    plan given up before it (``Xを…予定でしたが、``); ``None`` where the sentence names none."""
    if topic := _TOPIC.match(sentence):
        return topic.group(1).strip()
    head = sentence[:at]
    clause_starts = [m.end() for m in _CLAUSE_START.finditer(head)]
    topic_at = head.rfind("は")
    if topic_at > 0:
        start = max((k for k in clause_starts if k <= topic_at), default=0)
        listed = _LISTED.search(head[start:topic_at].strip())
        if listed and _NOUN_PHRASE.search(listed.group(0).replace(" ", "")):
            return listed.group(0).strip()
    clause = max(clause_starts, default=0)
    for span in (head[clause:], *(head[: m.end()] for m in _PLAN_GIVEN_UP.finditer(head[:clause]))):
        objects = [_noun_before(span, m.start()) for m in _OBJECT_OF.finditer(span)]
        objects = [o for o in objects if o and o not in _VERBAL]
        if objects:
            return objects[-1]
    return None


def _noun_before(text: str, at: int) -> str | None:
    """The noun phrase ending at ``at``, without a の it would open with (夏祭りへの出店: 出店)."""
    m = _NOUN_PHRASE.search(text[:at].replace(" ", ""))
    noun = m.group(0).lstrip("の") if m else ""
    return noun or None


def _item_title(item: str, part: str | None) -> str:
    """What an action's 取組項目 says it does, as a name: in the part the sentence stands under
    (``(1) …人材育成講座を実施します``), the object of its verb; else its first line, without its mark."""
    text = normalize(item.replace("\n", " "))
    if part is not None and (at := text.find(f"({part})")) >= 0:
        own = _PART_SPLIT.split(text[at + len(part) + 2 :], 1)[0]
        objects = [_noun_before(own, m.start()) for m in _OBJECT_OF.finditer(own)]
        if objects := [o for o in objects if o and o not in _VERBAL]:
            return objects[-1]
    first = normalize(item.splitlines()[0] if item else "")
    return re.sub(r"^[○●・\s]+", "", first).split(" (", 1)[0].strip()


_PART_SPLIT = lazy_compile(r"\(\d+\)")


def _in_targets(subject: str | None, status: str, targets: Sequence[ActionTarget], mid: bool) -> bool:
    """Whether the target rows hold the status already: every item ``subject`` lists is named by a
    target that got ``status`` from this report, or the action has one target and it got it."""
    got = [t for t in targets if (t.mid_status if mid else t.actual_status) == status]
    if not got:
        return False
    if len(targets) == 1 or subject is None:
        return True  # the report is about the one target, or names no item of its own
    labels = [_core(t.item[: m.start()] if (m := re.search(r"\d", t.item)) else t.item) for t in got]
    items = [_core(i) for i in re.split(r"、|及び|や", subject) if i.strip()]
    return all(any(label and (label in i or i in label) for label in labels) for i in items)


def _core(words: str) -> str:
    """Words as a target item and a sentence both write them: without spaces, 等 and の (``女性団体の
    研修会等`` ~ ``女性団体研修会``; ``首長会議 年`` ~ ``首長会議``)."""
    core = words.replace(" ", "").replace("の", "").removesuffix("等")
    return re.sub(r"(?:年|各月|毎月|月|週)$", "", core)

"""Statuses a sheet's report (a 重点目標管理シート's 中間報告, 期末報告) states in words (中止, 見送り,
未実施, 延期) of items no target has (:func:`word_statuses`), and what a report or context cell says was
done in words alone (:func:`word_deeds`).

A report sentence whose predicate is a status word says what became of an item: ``…ガイダンスを…開催予定
でしたが、コロナ禍のため中止にしました``. Where a numeric target of the action is that item, the status
stands in the target row (:mod:`munigoals.reports.targets`); any other becomes an observation with no
value, its sentence as the text, named by the item it is of (the topic, ``Xは…中止``; the object of the
verb or of the plan the sentence gives up, ``Xを…予定でしたが、…見送りました``; else the action's own
item), citing the line of its cell, as :func:`munigoals.reports.stated.word_results` makes results stated in
words.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence

from munigoals.japanese import normalize, parse_fiscal_year
from munigoals.layouts import DocumentReader
from munigoals.model import ActionTarget, Indicator, Quantity
from munigoals.patterns import lazy_compile
from munigoals.reports.cells import ends_with
from munigoals.reports.stated import ERA_BEFORE, Tally, observed, quantities
from munigoals.reports.targets import STATUSES

__all__ = ["word_deeds", "word_statuses"]

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


@functools.lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[tuple[str | None, str], ...]:
    """The sentences of one line of a cell, each with the part mark it starts with (``1`` of ``(1)``)
    and without it, its bullet and a leading なお、 (kept for the line's next reader: statuses and deeds
    read the same lines)."""
    starts = {m.end() if m.group(0) == "。" else m.start() for m in _SENTENCE.finditer(text)}
    pieces = [text[a:b] for a, b in itertools.pairwise(sorted({0, *starts, len(text)}))]
    out = []
    for piece in pieces:
        mark = _PART.match(piece)
        sentence = _LEAD.sub("", piece).strip().rstrip("。")
        if sentence:
            out.append((mark.group(1) if mark else None, sentence))
    return tuple(out)


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


# the deed itself: what was held, set up, handed in, sent, taken part in, made known (not 検討: a thought)
_DEEDS = (
    "実施|開催|設立|提出|決定|完了|締結|策定|配布|掲載|掲示|承認|導入|作成|発行|開設|開始|送付|移行|参加|"
    "出席|支援|設置|公開|募集|延長|配信|委嘱|取りまとめ|設け|行い|行っ|行わ|提供|説明|組織|発信|共有|受付|"
    "周知|啓発|増やし|広め|促し"
)
_DEED = lazy_compile(_DEEDS)
# a sentence's end that says a deed was done: a past verb (…ました, …した, …された, …を得た), or the
# deed's own noun (…業者を決定し、引継ぎ完了), with what brackets after it
_DEED_END = lazy_compile(rf"(?:ました|した|された|を得た|行った|{_DEEDS})(?:\s*\([^()]*\))*$")
# what a sentence ending so does not say was done: a negative (…ませんでした), a plan, a wish, a finding
_NO_DEED = lazy_compile(
    r"ませんでした|なかった|できず|予定|見込|計画して|検討中|こととし|していただ"
    r"|(?:必要|課題|求められ|考えられ)(?:です|である|となって(?:いる|います)|があります|がある|ます)?$"
    r"|次の|次のとおり|以下(?:を|の|のとおり)"  # a list's heading: its items are rows of their own
)
# the object of a verb (…を), where it names what was done (not 以下を行いました: of what?)
_NAMED_OBJECT = lazy_compile(r"(?<!以下)(?<!次)(?<!これ)(?<!それ)を(?!目的|踏まえ|含め|通じ|受け|中心|契機)")


def _clauses(sentence: str) -> list[int]:
    """Where the clauses of ``sentence`` start: after each 、 outside brackets."""
    if "、" not in sentence:  # most sentences are one clause: no walk over their characters
        return [0]
    starts, depth = [0], 0
    for k, char in enumerate(sentence):
        depth += (char in "(「") - (char in ")」")
        if char == "、" and depth <= 0:
            starts.append(k + 1)
    return starts


def _deed_name(text: str, deed: re.Match[str]) -> str:
    """``text`` from its first clause that says what was done to what (an object before the deed,
    ``…一覧表を多言語で作成し、公民館等へ配布しました``; not a reason, ``…の状況を踏まえ、``), else all of
    it; a cell's words cut at the end of its lines (``啓 発``) joined again."""
    name = text.strip()
    starts = _clauses(text)
    for k in [k for k, start in enumerate(starts) if start <= deed.start()]:
        end = min(starts[k + 1] if k + 1 < len(starts) else len(text), deed.start())
        if _NAMED_OBJECT.search(text, starts[k], end):  # in this clause itself
            while k and _ROLE_END.search(text, 0, starts[k]):
                k -= 1  # 地域協議会事務局として、円滑な運営を支援しました: whose 運営 the clause before says
            name = text[starts[k] :].strip()
            break
    return _CUT_SPACE.sub("", name)


# a clause that says in what role or of what the next one is (…として、 …について、 …に対して、)
_ROLE_END = lazy_compile(r"(?:として|について|に対し(?:て)?|において|では)\s*、\s*$")


_AIM = lazy_compile(r"\s*(?:する|します|できる|に向け|を検討|を目指|を目標)")
_CUT_SPACE = lazy_compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")
# a clause that goes on after its deed (…を設置し、, …を開催し、) or ends the sentence on it
_DEED_CLAUSE_END = lazy_compile(
    rf"(?:{_DEEDS})(?:し|して|され|した|しました|されました|ました|た)?\s*(?:\([^()]*\))*$"
)
_OWN_SUBJECT = lazy_compile(r"[がは](?!\s*、)")
_VERBLESS_END = lazy_compile(
    r"(?:について|により|によって|に対し(?:て)?|として|など|では|での|への|の|\))\s*$"
)


def _deed_texts(sentence: str) -> list[str]:
    """What a sentence says was done in words alone, each deed with the clauses that lead to it (cut at
    、 outside brackets): a run of clauses stating no number and no status that ends on a deed
    (``…検討会を設置し、6回の委員会開催と…を踏まえて、最終提言が提出されました``: the first clause and
    the last; ``首長会議は中止としましたが、代替としてwebセミナーを開催し、…を取りまとめました``: what
    follows the status). A deed goes on with the next where that one has no subject of its own
    (``…一覧表を作成し、公民館等へ配布しました``: one deed); a sentence that states neither a number nor a
    status is one deed where it ends on one, or where its deeds are told apart by their subjects
    (``…が設立され、…設立が承認され、…「…委員会」が設立されました``: three). Where a clause states a
    number, the deed right after it with no subject of its own is that number's predicate
    (``…事業(継続4件)について、地域の主体的取組みを支援しました``): the number's row says it."""
    plain = not _STATUS.search(sentence) and not _numbers_in(sentence)
    starts = _clauses(sentence)
    pieces = [sentence[a:b].rstrip("、 ") for a, b in itertools.pairwise([*starts, len(sentence) + 1])]
    runs: list[list[str]] = []
    run: list[str] = []
    after_number = False
    for piece in pieces:
        if not piece:
            continue
        # a sentence of one clause (most) is its one piece: what it states is known already
        states = (not plain) if piece == sentence else bool(_STATUS.search(piece) or _numbers_in(piece))
        if states:
            # a count whose clause has no verb of its own (…(継続4件)について): the next deed is its
            # predicate; a status, or a count with its verb (…3人を配置して), ends a deed of its own
            run, after_number = [], not _STATUS.search(piece) and bool(_VERBLESS_END.search(piece))
            continue
        run.append(piece)
        if not _DEED_CLAUSE_END.search(piece):
            continue
        text = "、".join(run)
        run = []
        if after_number and not _OWN_SUBJECT.search(text):
            continue  # the number's predicate, and what it lists (…を2回開催し、…の送付など、…を支援しました)
        if runs and runs[-1] and not _OWN_SUBJECT.search(text):
            runs[-1].extend(text.split("、"))  # …を作成し、公民館等へ配布しました: one deed going on
        else:
            runs.append(text.split("、"))
        after_number = False
    if plain:
        # a sentence of no number: one deed, unless its deeds each have a subject of their own
        if len(runs) > 1 and all(_OWN_SUBJECT.search("、".join(r)) for r in runs[1:]):
            return ["、".join(r) for r in runs]
        return [sentence] if _DEED_END.search(sentence) else []
    return ["、".join(r) for r in runs]


def _year_said(text: str) -> int | None:
    """The fiscal year a deed's words give it: the last year its clauses state (``平成26年度に策定した
    指針については、…令和元年度に…見直しを行いました``: 2019; a month of a calendar year is of its 年度,
    ``平成30年2月``: 2017), else ``None``."""
    for start in reversed(_clauses(text)):
        clause = text[start:]
        if (year := parse_fiscal_year(clause)) is None:
            continue
        month = _YEAR_MONTH.search(clause)
        if month and int(month.group(1)) in (1, 2, 3):
            return year - 1  # 平成30年2月: the 年度 that began in April 2017
        return year
    return None


# a calendar year with its month, not a 年度: 平成30年2月, 2019年12月
_YEAR_MONTH = lazy_compile(r"(?:元|\d{1,4})\s*年(?!度)\s*(\d{1,2})\s*月")


def _numbers_in(text: str) -> bool:
    """Whether ``text`` states a number (an era year's, R3事業, is none)."""
    return any(not ends_with(ERA_BEFORE, text, q.start, 1) for q in quantities(text))


def word_deeds(
    reader: DocumentReader,
    text: str,
    *,
    where: str,
    line: int,
    year: int | None,
    kind: str = "result",
    tally: Tally | None = None,
    column: str,
) -> list[Indicator]:
    """What ``text`` (a report or context cell) says was done in words alone: each sentence stating
    no number and no status, that ends on a deed done (``最終提言が提出されました``, ``…協議を関係課と
    行いました``, ``…業者を決定し、引継ぎ完了``), becomes an observation with no value (``kind``
    ``result``, or ``context`` for a context cell), its sentence as the text, named by the clause of its
    last deed in the sentence's words (``同月に総会資料を送付し、書面決議をしました``: from ``同月に``),
    citing ``line``. A sentence of what is planned, wished or found (予定, 必要, 課題), not done
    (…ませんでした), what a deed is for (…を実施するため) or cut before its deed's object
    (``・ 回りました``: :func:`munigoals.reports.stated.cut_bullets` reports it) is none."""
    out: list[Indicator] = []
    for text_line in text.splitlines():
        for _mark, sentence in _sentences(normalize(text_line)):
            if _NO_DEED.search(sentence):
                continue
            for done in _deed_texts(sentence):
                deed = None
                for found in _DEED.finditer(done):
                    if not _AIM.match(done, found.end()):
                        deed = found  # not …を実施するため: what a deed was for is not done
                if deed is None or len(done[: deed.start()].replace(" ", "")) < 2:
                    continue  # ・ 回りました: cut before what was done (cut_bullets reports it)
                fiscal = year if kind == "result" else _year_said(done)  # a fact: of the year it says
                out.append(
                    observed(
                        _deed_name(done, deed),
                        Quantity(None, sentence, None, fiscal, column),
                        reader.span(line),
                        f"{column} ({where}): {'a result' if kind == 'result' else 'what was done'} stated "
                        "in words (no number); the sheet states no target for it",
                        kind,
                    )
                )
                if tally is not None:
                    tally.words += 1
    return out

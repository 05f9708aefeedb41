"""Numeric targets in 数値目標 / 期限・数値目標等 text, and their results in a year-end report.

A target is a quantity with a unit of count, read by the one quantity grammar
(:func:`munigoals.quantities.find_quantities`: ``24回以上``, ``100件以上``, ``6.5%``, ``30品の増``,
``2～3回``, ``週2回``); months, days and years are deadlines, not targets. The result is matched
cautiously, and left empty where the match is uncertain:

1. the report is narrowed to the same ``(n)`` part as the target, where the target has one;
2. a total (``計 207件``) in the target's unit wins;
3. else a number whose label matches the target's label (``交付率`` ~ ``交付枚数率``: same first two
   characters and same last character);
4. else the only number in the target's unit.

Where one part holds several targets in the same unit, only a matching label is taken: a number whose
label is exactly a target's (without 等 and の: ``定住自立圏での婚活セミナー等`` ~ ``定住自立圏婚活セミナー``)
is that target's and no other's, and a lone total (``計 9回``) goes to the one target that no label
names. Labels match when one is the other's end or start (``全体会`` ~ ``書面やオンラインによる全体会``,
``丸子`` ~ ``丸子地区``). A number of what is still planned (``1回を開催予定``) is not a result.
A status word (中止, 延期) counts for a target only where the report names it just before the word,
or where the part is about that target alone.
"""

from __future__ import annotations

import functools

import attrs

from munigoals.japanese import Direction, normalize
from munigoals.metrics import DIRECTION_POLARITY, result_meets_target, target_kind
from munigoals.model import ActionTarget, Quantity, Target
from munigoals.patterns import lazy_compile
from munigoals.quantities import (
    APPROXIMATE_BEFORE,
    DECREASE_WORDS,
    Found,
    Frequency,
    changed_way,
    each_items,
    find_quantities,
)
from munigoals.reports.days import stated_day

__all__ = ["STATUSES", "aimed", "extract_targets", "planned", "targets_and_results", "unread_target_numbers"]

_PART_MARK = lazy_compile(r"\((\d+)\)")
_BULLET = lazy_compile(r"(?:^|\s)・")
_LEAD = lazy_compile(r"[^\s、。,:()をにはがへと]+?(?=向け|に対して|の|を|に|は|が|、|$)")
_LISTED_LABEL = lazy_compile(r"(?:[^\s、。,:;()・]+・)+[^\s、。,:;()・]+$")
_TRAILING = lazy_compile(r"[\sをはがにでとの、,「」()]+$")
_NOUN = lazy_compile(r"[ァ-ヴー]{3,}|[一-龥]{2,}$")
_SEGMENT = lazy_compile(r"(?:^|\s)(?=\(\d+\)|・)")


# 終了予定の団体 is not a plan of the number; 3社と調整中: in talks, not done
_PLANNED = lazy_compile(r"(?:予定|見込み?|(?:調整|準備|検討|交渉|協議)中)(?!の)")
_DONE = lazy_compile(r"ました|した[。、]|済")
# 開催し、 or 開催、 (a verb's clause) and 28人で、 (a clause of its own): the sentence goes on
_WENT_ON = lazy_compile(r"(?:[\u4e00-\u9fff]し?|で)、")
_DIGIT = lazy_compile(r"\d")
# where a clause ends: a full stop, or a space that does not go on a list (「4回、 定住…」 goes on)
_CLAUSE_END = lazy_compile(r"。|(?<![、,])\s")
_SENTENCE_END = lazy_compile(r"[。]")
_ETC = lazy_compile(r"(?:等|など)$")
# a level the words after a target's number (and its 程度) say is reached going down or up: 10件に削減
# (at most 10), 20件まで増やす (at least 20), never a noun (20社に削減計画を依頼: a plan, not a way); a
# change by that much (10%削減, 5件減, 30品の増) is quantities.changed_way's
_WAY_WORDS = "削減|減少|低減|縮減|減ら|抑制|抑え|縮小|低下|引き下げ|増加|増や|拡大|向上|上昇|引き上げ"
_TOWARDS = lazy_compile(rf"\s*(?:程度|前後)?\s*(?:に|まで|へ)\s*({_WAY_WORDS})(?![\u4e00-\u9fff])")
# 放置自転車を30台に、違反件数を10件に削減: one verb after a list of levels is each one's way
_LISTED_LEVEL = lazy_compile(r"\s*(?:程度|前後)?\s*(?:に|まで|へ)\s*[、,]")
_LATER_WAY = lazy_compile(rf"(?:に|まで|へ)\s*({_WAY_WORDS})(?![\u4e00-\u9fff])|。")
# 特産品を新たに34品登録: words just before a number that count new ones, what was added
_NEW = lazy_compile(r"新たに|新規|新しく")
_NEW_REACH = 12
# 10件から5件に削減: the number a target starts from is no target
_FROM = lazy_compile(r"\s*(?:程度|前後)?\s*から")


@functools.lru_cache(maxsize=16)
def _kind_of(comparator: object) -> str:
    """:func:`target_kind` of a comparator on a higher-is-better count (one look-up a comparator)."""
    return target_kind(str(comparator), "higher_is_better")


def _numbers(text: str) -> tuple[tuple[Found, bool], ...]:
    """The quantities of ``text``, each with whether it is a total (``計 207件``). A number of what is
    still planned (``セミナー1回を開催予定``) is not a result and is left out."""
    return _numbers_of(normalize(text))


# a plan's word right before a number, nothing between but a particle (予定通り5回開催 is done)
_PLANNED_BEFORE = lazy_compile(r"(?:予定|見込み?)(?:者|数)?\s*(?:は|の|:)?\s*$")


def _clause_after(norm: str, found: Found) -> str:
    """The words after a number up to the end of its clause (:data:`_CLAUSE_END`)."""
    rest = norm[found.end :]
    end = _CLAUSE_END.search(rest)
    return rest[: end.start()] if end else rest


def planned(norm: str, found: Found) -> bool:
    """Whether a number in a report is of what is still planned: 予定 or 見込 follows it in its clause
    with nothing done (ました, 済) between (``下半期にその他婚活セミナー4回、定住自立圏婚活セミナー1回を
    開催予定``: both are plans), and no verb's clause ending before another number the plan is of
    (``4回開催し、下半期に6回開催予定``: the 4 was held); or the word stands right before it
    (``交付予定 7世帯``, ``参加予定者30人``; ``予定通り5回開催`` was done)."""
    clause = _clause_after(norm, found)
    if _PLANNED_BEFORE.search(norm, max(0, found.start - 8), found.start) and not _DONE.search(clause):
        return True  # 交付予定 7世帯, 参加予定者30人: the plan's word right before the number
    plan = _PLANNED.search(clause)
    if plan is None or _DONE.search(clause[: plan.start()]):
        return False
    # 4回開催し、下半期に6回開催予定: the 予定 is the later count's; a verb's clause ended before it
    went_on = _WENT_ON.search(clause, 0, plan.start())
    return not (went_on and _DIGIT.search(clause, went_on.end(), plan.start()))


# what a plan's own words aim at: 200人とする, 45%に向上させる, 300人を目指す, 目標
_AIMED = lazy_compile(r"^[^。]{0,12}?(?:を?目指|目標|とする|させる|を図)")


def aimed(norm: str, found: Found) -> bool:
    """Whether a number of a context cell (目的・効果) is what the plan aims at, not what is: the words
    right after it in its clause aim (``移住者数を200人とする``, ``受診率を45%に向上させる``,
    ``300人を目指す``), with nothing done (ました, 済) between."""
    clause = _clause_after(norm, found)
    aim = _AIMED.search(clause)
    return aim is not None and not _DONE.search(clause[: aim.end()])


def planned_words(norm: str) -> bool:
    """Whether words of a report say what is still planned (予定, 見込) and nothing done (ました, 済)."""
    plan = _PLANNED.search(norm)
    return plan is not None and not _DONE.search(norm)


@functools.lru_cache(maxsize=4096)
def _numbers_of(norm: str) -> tuple[tuple[Found, bool], ...]:
    return tuple(
        (f, norm[: f.start].rstrip().endswith(("計", "合計")))
        for f in find_quantities(norm)
        if not planned(norm, f)
    )


@functools.lru_cache(maxsize=4096)
def _parts(report: str) -> dict[str, tuple[int, str]]:
    """The ``(n)`` parts of a report, each with where it starts (empty when it has none). Marks that
    stand together before one text (``(2) (3) (4) 市民フェスティバル…中止``) share it. Cached (the
    dictionary is only read)."""
    if "(" not in report:
        return {}
    marks = list(_PART_MARK.finditer(report))
    parts: dict[str, tuple[int, str]] = {}
    waiting: list[str] = []
    for k, mark in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(report)
        body = report[mark.end() : end]
        if not body.strip():
            waiting.append(mark.group(1))
            continue
        lead = len(body) - len(body.lstrip())
        for key in (*waiting, mark.group(1)):
            parts.setdefault(key, (mark.end() + lead, body.strip()))
        waiting = []
    return parts


def _bullets(offset: int, text: str) -> list[tuple[int, str]]:
    """The ``・`` bullets of a report that is nothing but bullets (fewer than two: none)."""
    marks = list(_BULLET.finditer(text))
    if len(marks) < 2 or text[: marks[0].start()].strip():
        return []
    out = []
    for k, m in enumerate(marks):
        body = text[m.end() : marks[k + 1].start() if k + 1 < len(marks) else len(text)]
        out.append((offset + m.end() + len(body) - len(body.lstrip()), body.strip()))
    return out


def _lead(item: str) -> str:
    """The words a ``・`` target opens with (``地域担当職員向けに…`` -> ``地域担当職員``)."""
    m = _LEAD.match(item)
    return m.group(0) if m else ""


def _labels_match(target: str, reported: str) -> bool:
    if not target or not reported:
        return False
    if (
        target == reported
        or reported.endswith(target)
        or target.endswith(reported)
        or reported.startswith(target)  # 丸子 ~ 丸子地区
        or target.startswith(reported)
    ):
        return len(min(target, reported, key=len)) >= 2
    return len(target) >= 2 and reported[:2] == target[:2] and reported[-1] == target[-1]


def _way(norm: str, found: Found) -> tuple[Direction | None, bool]:
    """The way a target's own words say it is to go, and whether they make it a change by that much:
    ``10%削減``, ``3%以上削減`` and ``5件減`` (down, a change), ``30品の増`` (up, a change); ``10件に削減``,
    ``8件以下に抑える`` and ``12件まで減らす`` (down to a level: at most that), ``20件に増やす`` (up to a
    level), and each level of a list one verb ends (``30台に、10件に削減``); ``(None, False)`` where they
    say neither (``年2回``: the comparator and a count's higher-is-better say how it is met)."""
    changed = changed_way(norm, found)
    if changed is not None:  # 10%削減, 3%以上削減 (a cut of 3 at least), 5件減: a change by that much;
        return changed, not found.text.endswith("まで")  # 12件まで減らす: down to 12, a level
    m = _TOWARDS.match(norm, found.end)
    if m is None and (listed := _LISTED_LEVEL.match(norm, found.end)) is not None:
        later = _LATER_WAY.search(norm, listed.end())  # the list's verb, before the sentence ends
        m = later if later is not None and later.group(1) else None
    if m is None:
        return None, False
    return (Direction.DECREASE if m.group(1) in DECREASE_WORDS else Direction.INCREASE), False


def _result_fits(report: str, hit: Found, way: Direction | None = None, change: bool = False) -> bool:
    """Whether a number of a (normalised) report can be a target's result: a change asked for is met by
    a change the same way the report states, a cut (``10%削減``) by a cut (``8%の削減``), an increase
    (``30品の増``) by what was added (``91品追加``, ``新たに34品登録``), never by a level (``72%``,
    ``150人``: how many there are, not by how much); a level (``10件に削減``, ``年2回``) by a level, never
    by a change (``5件減``)."""
    reported = changed_way(report, hit)
    if change and way is Direction.DECREASE:
        return reported is Direction.DECREASE
    if change:  # what was added: 91品追加, or new ones counted (新たに34品登録)
        return reported is Direction.INCREASE or (
            reported is None and _NEW.search(report, max(0, hit.start - _NEW_REACH), hit.start) is not None
        )
    return reported is None


def _result_text(found: Found) -> str:
    """A result as its report states it, where that says more than its number and unit: a range
    (``2～3回``), a rate (``週2回``), an approximation (``約280人``); else ``{value}{unit}``."""
    if not (found.approximate or found.value_max is not None or found.frequency is not None):
        return f"{found.value:g}{found.unit}"
    text = found.text
    if found.approximate and found.approximate not in text:
        before = found.approximate in APPROXIMATE_BEFORE
        text = f"{found.approximate}{text}" if before else f"{text}{found.approximate}"
    return text


def _achieved(
    target: Target, result: Found, approximate: bool = False, way: Direction | None = None
) -> bool | None:
    """Whether a result meets a target, by the one definition of met (:func:`result_meets_target`):
    the way the target's words state (``10件に削減``: down, so at most 10; ``2～3回に削減``: at most 3),
    else a count a 重点目標 asks for is higher-is-better; a weekly or monthly rate is not compared with a
    total, on either side (``週2回開催`` is no year's count), and a result stated as a range is judged only
    where both its ends say the same."""
    if target.value is None or result.frequency not in (None, Frequency.PER_YEAR):
        return None
    if result.value_max is not None:
        low = _achieved(target, attrs.evolve(result, value_max=None), approximate, way)
        high = _achieved(
            target, attrs.evolve(result, value=result.value_max, value_max=None), approximate, way
        )
        return low if low == high else None
    bound = target.value  # a range reached going down (2～3回に削減) is met at its top
    if way is Direction.DECREASE and not target.change and target.value_max is not None:
        bound = target.value_max
    return result_meets_target(
        result.value,
        bound,
        str(target.comparator),
        DIRECTION_POLARITY.get(way) if way is not None else None,
        change=target.change,
        frequency=str(target.frequency) if target.frequency else None,
        approximate=approximate,
    )


#: what a report's status word says of an item: 中止, 未実施, 見送り (cancelled) and 延期 (postponed)
STATUSES = {"中止": "cancelled", "未実施": "cancelled", "見送": "cancelled", "延期": "postponed"}
_CANCELLED = lazy_compile("|".join(word for word, status in STATUSES.items() if status == "cancelled"))
_POSTPONED = lazy_compile("|".join(word for word, status in STATUSES.items() if status == "postponed"))


def _named(name: str, clause: str) -> int:
    """Where ``clause`` (spaces taken out) names ``name``: the name itself, without 等 and の, without
    its last character (女性団体の研修会等 ~ 女性団体研修) or by its last three (主催講演会 ~ 講演会);
    -1 where it does not."""
    if len(name) < 2:
        return -1
    core = _core(name).replace(" ", "")
    keys = [name, core]
    if len(core) >= 4:
        keys += [core[:-1], core[-3:]]
    positions = [clause.rfind(key) for key in keys if len(key) >= 2]
    return max(positions, default=-1)


def _status(scope: str, value: float | None, names: list[str], alone: bool) -> str | None:
    """What a report says of a target: ``reported`` (a result), ``cancelled`` (中止, 未実施, 見送り),
    ``postponed`` (延期), or ``None`` where it says nothing certain of it. A status word counts only
    where the report's part is about this target alone and states no number, or where it follows a
    name of the target (its item, or the heading its item stands under: ``特設相談:上田・丸子…``)
    earlier in the same sentence with no number between (``フェスタやフォーラム等については、コロナ禍の
    ため中止``): a status is never guessed from another item's."""
    if value is not None:
        return "reported"
    for pattern, status in ((_CANCELLED, "cancelled"), (_POSTPONED, "postponed")):
        for word in pattern.finditer(scope):
            clause = _SENTENCE_END.split(scope[: word.start()])[-1].replace(" ", "")
            if alone:
                return status
            for name in names:
                at = _named(name, clause)
                if at >= 0 and not _numbers(clause[at:]):
                    return status
    return None


def _core(label: str) -> str:
    """A label without 等 and の: 定住自立圏での婚活セミナー等 ~ 定住自立圏婚活セミナー."""
    return _ETC.sub("", label).replace("での", "").replace("の", "")


def _match(
    found: Found,
    siblings: list[Found],
    scope: str,
    item: str = "",
    others: frozenset[str] = frozenset(),
    way: tuple[Direction | None, bool] = (None, False),
) -> Found | None:
    """The number of ``scope`` (a report) that is ``found``'s result (a target among ``siblings``, the
    numbers of its ``item``), or ``None``. Only a number that can be a result of a target that goes
    ``way`` (its direction, and whether it asks for a change: :func:`_result_fits`) is looked at. A
    number labelled as one of ``others`` (the labels of the action's other targets) and not as this one
    is never its result (工作会 is not 星空観察会を2回)."""
    in_unit = [
        (c, total) for c, total in _numbers(scope) if c.unit == found.unit and _result_fits(scope, c, *way)
    ]
    numbers = [(c, total) for c, total in in_unit if not _anothers(c.label, found.label, others)]
    candidates = [c for c, _ in numbers]
    same_unit = [s for s in siblings if s.unit == found.unit]
    if len(same_unit) > 1:
        # several targets in one unit share the part: only a matching label tells them apart. A
        # number whose label is exactly another target's is that target's (定住自立圏婚活セミナー1回 is not
        # the 婚活セミナー等's), and a lone total (計 9回) is the one target no label matches.
        exact = [c for c in candidates if _core(c.label) and _core(c.label) == _core(found.label)]
        if len(exact) == 1:
            return exact[0]
        theirs = {_core(s.label) for s in same_unit if s.start != found.start} - {""}
        free = [c for c, total in numbers if _core(c.label) not in theirs]
        labelled = [c for c in free if _labels_match(found.label, c.label)]
        if len(labelled) == 1:
            return labelled[0]
        named = [
            s
            for s in same_unit
            if any(_labels_match(s.label, c.label) or _core(s.label) == _core(c.label) for c in candidates)
        ]
        unmatched = [s for s in same_unit if s not in named]
        totals = [c for c, total in numbers if total and _core(c.label) not in theirs]
        if [s.start for s in unmatched] == [found.start] and len(totals) == 1 and not labelled:
            return totals[0]
        if not totals and not labelled:
            return _general(found, same_unit, free)
        return None
    labelled = [c for c in candidates if _labels_match(found.label, c.label)]
    totals = [c for c, total in numbers if total]
    if len(totals) == 1:
        return totals[0]
    names = _listed_names(item, found)
    if len(names) >= 2 and len({n for c in candidates for n in names if _labels_match(n, c.label)}) >= 2:
        return None  # 講座・相談会に24回: 講座参加3回 and 相談会開催4回 are its parts, neither the whole
    if len(labelled) == 1:
        return labelled[0]
    if len(in_unit) == 1 and len(candidates) == 1:  # the report's one number in the unit, no other's
        return candidates[0]
    return None


def _anothers(label: str, own: str, others: frozenset[str]) -> bool:
    """Whether a reported number's ``label`` names another target of the action, not this one (``own``)."""
    return (
        len(label) >= 2
        and not _labels_match(own, label)
        and any(_labels_match(other, label) or _core(other) == _core(label) for other in others)
    )


def _listed_names(item: str, found: Found) -> list[str]:
    """The items a target lists with ``・`` just before its number (``講座・相談会に24回``: 講座, 相談会)."""
    if not item:
        return []
    m = _LISTED_LABEL.search(_TRAILING.sub("", normalize(item)[: found.start]))
    return [n for n in m.group(0).split("・") if n] if m else []


def _general(found: Found, same_unit: list[Found], free: list[Found]) -> Found | None:
    """Of two targets where one is the other narrowed (婚活セミナー等 and 定住自立圏での婚活セミナー等),
    the general one takes the one number that names its noun (セミナー) without the narrowing words
    (``39歳以下セミナー男女別で2回開催``)."""
    core = _core(found.label)
    narrower = [
        _core(s.label)[: -len(core)]
        for s in same_unit
        if s.start != found.start
        and len(core) >= 3
        and _core(s.label).endswith(core)
        and _core(s.label) != core
    ]
    if not narrower:
        return None
    noun = _NOUN.search(core)
    if noun is None:
        return None
    hits = [c for c in free if noun.group(0) in c.label and not any(n and n in c.label for n in narrower)]
    return hits[0] if len(hits) == 1 else None


def _in_parts(found: Found, item: str, scope: str) -> tuple[Found, ...]:
    """A result stated in parts without a total (``セミナー参加1回、相談会開催4回`` for ``24回以上参加
    開催``): the numbers in the target's unit whose noun (the last two characters of what they count)
    the target's words name. Never summed."""
    numbers = [(c, total) for c, total in _numbers(scope) if c.unit == found.unit]
    if len(numbers) < 2 or any(total for _, total in numbers):
        return ()
    compact = item.replace(" ", "")
    parts = tuple(c for c, _ in numbers if (noun := _noun_before(scope, c)) and noun in compact)
    return parts if len(parts) >= 2 else ()


_GOES_ON = lazy_compile(r"[をにのがはとでへや、]$")
_RUN = lazy_compile(r"\S+")


def _own_words(item: str, found: Found) -> str:
    """The words of ``item`` that belong to ``found``: an item written as runs of words apart
    (``各地域の現状把握 移住者交流会1回以上開催``) keeps the run the number stands in (and the label run
    before it, where the number starts its run), and the runs after it while its sentence goes on
    (``2社以上のポータルサイトを 新規追加``) or they are in brackets; the runs before are another item's."""
    norm = normalize(item)
    if " " not in norm.strip() or not norm[found.start : found.end].strip():
        return item
    runs = [(m.start(), m.end()) for m in _RUN.finditer(norm)]
    at = next((k for k, (a, b) in enumerate(runs) if a <= found.start < b), None)
    if at is None:
        return item
    last = at
    if (
        norm[runs[at][0] : found.start] == ""
        and at
        and not _DIGIT.search(norm[runs[at - 1][0] : runs[at - 1][1]])
    ):
        at -= 1  # 事業者表彰 2団体以上: the run before is its label (返礼品30品の増 is another target)
    while last + 1 < len(runs) and (
        _GOES_ON.search(norm[runs[last][0] : runs[last][1]]) or norm[runs[last + 1][0]] == "("
    ):  # its sentence goes on, or an aside of it: 交付率 15.5% (…現在の全国平均)
        last += 1
    while last + 1 < len(runs) and norm[runs[at][0] : runs[last][1]].count("(") > norm[
        runs[at][0] : runs[last][1]
    ].count(")"):
        last += 1  # a bracket closes on a later run: (R2.3.1 現在の全国平均)
    own = norm[runs[at][0] : runs[last][1]]
    if _DIGIT.sub("", own).strip() == "" or len(own) < 4:
        return item  # the number alone: the words around it are its only name
    return own


def _noun_before(text: str, found: Found) -> str:
    """The last two characters of the words just before a number, without particles and brackets
    (``「地域協働推進研修」を1回`` -> ``研修``)."""
    before = _TRAILING.sub("", text[: found.start])
    return before[-2:] if len(before) >= 2 and not _DIGIT.search(before[-2:]) else ""


def _listed(item: str, found: Found) -> str:
    """A label with the items listed before it with ``・`` (``演劇・ダンス・音楽4公演`` counts all three)."""
    m = _LISTED_LABEL.search(item[: found.start].rstrip())
    return m.group(0) if m and m.group(0).endswith(found.label) else found.label


def _item_of(segment: str) -> tuple[str | None, str]:
    """A target segment's part mark (``2`` of ``(2)``, else ``None``) and its words, without the mark
    and its bullet."""
    segment = segment.lstrip("・ ").strip()
    mark = _PART_MARK.match(segment)
    return (mark.group(1), segment[mark.end() :].strip()) if mark else (None, segment)


def extract_targets(
    target_text: str, final_report: str | None, fiscal_year: int | None, mid_report: str | None = None
) -> list[ActionTarget]:
    """Numeric targets of an action, each with its year-end and mid-year results where the reports state
    them (or their status: cancelled, postponed). A 各 target (``講演会、交流会各1回``) is one target
    for each item it names."""
    return [target for target, _ in targets_and_results(target_text, final_report, fiscal_year, mid_report)]


# a number in a 数値目標 cell: digits, or a kanji numeral before a counter (三回, 五人)
_TARGET_NUMBER = lazy_compile(
    r"\d+(?:[.,]\d+)*(?:\s*[~～〜]\s*\d+(?:[.,]\d+)*)?"
    r"|[一二三四五六七八九十百]+(?=回|人|件|か所|箇所|校|社|店舗|品|部|組|団体|講座|日)"
)
# what a number that is no count is: a part mark (1), a month or day (9月30日, 12/16), a year, a time, an
# era's year, an age (39歳以下)
_NO_COUNT_AFTER = lazy_compile(r"\)|/\d|\s*(?:月|年度|年|時|分|歳|か月|ヶ月|カ月|ヵ月|\.\d)")
_NO_COUNT_BEFORE = lazy_compile(r"(?:\(|令和|平成|[RH]|第|\d月|\.|\d/)\s*$")


def unread_target_numbers(target_text: str) -> list[str]:
    """The numbers of a 数値目標 cell that no target is read from and that are no deadline, date, year
    or part mark, each shown with the words around it, for the reader to report (nothing dropped
    silently): a kanji numeral (``三回``), a ratio (``2～3倍``), a count in a unit the target grammar does
    not count (``30手続``)."""
    return list(_unread_target_numbers(target_text))


@functools.lru_cache(maxsize=4096)
def _unread_target_numbers(target_text: str) -> tuple[str, ...]:
    """:func:`unread_target_numbers`, cached: sheets repeat their 数値目標 cells."""
    norm = normalize(target_text)
    read = [(f.start, f.end) for f in find_quantities(norm)]
    out = []
    for m in _TARGET_NUMBER.finditer(norm):
        if any(a <= m.start() < b for a, b in read):
            continue
        if _NO_COUNT_AFTER.match(norm, m.end()) or _NO_COUNT_BEFORE.search(norm, 0, m.start()):
            continue
        out.append(f"「{norm[max(0, m.start() - 6) : m.end() + 4]}」")
    return tuple(out)


def targets_and_results(
    target_text: str, final_report: str | None, fiscal_year: int | None, mid_report: str | None = None
) -> list[tuple[ActionTarget, list[tuple[int, int]]]]:
    """:func:`extract_targets`, each target with where its results stand: (report 0 final / 1 mid,
    offset in the normalised report)."""
    return [
        (target, list(used))
        for target, used in _targets_and_results(target_text, final_report, fiscal_year, mid_report)
    ]


@functools.lru_cache(maxsize=4096)
def _targets_and_results(
    target_text: str, final_report: str | None, fiscal_year: int | None, mid_report: str | None
) -> tuple[tuple[ActionTarget, tuple[tuple[int, int], ...]], ...]:
    """:func:`targets_and_results`, cached: a function of its texts alone, and sheets repeat cells
    (実施中, the same target beside the same report); its values are frozen, each call gets new lists."""
    text = normalize(target_text)
    reports = [normalize(final_report or ""), normalize(mid_report or "")]
    parts = [_parts(report) for report in reports]
    segments = [s.strip() for s in _SEGMENT.split(text) if s.strip().lstrip("・ ").strip()]
    # targets that are all ・ bullets, beside a report of as many bullets: a bullet's result is in the
    # bullet that names it (協働推進員向けに… ~ 協働推進員に対しては…); a bullet cut short states nothing
    bulleted = len(segments) >= 2 and all(s.startswith("・") for s in segments)
    bullets = [_bullets(0, report) if bulleted else [] for report in reports]
    out: list[tuple[ActionTarget, tuple[tuple[int, int], ...]]] = []
    labels = [  # each segment's targets' labels: a number the report gives another target is not ours
        {f.label for f, _ in _numbers(_item_of(raw)[1]) if len(f.label) >= 2 and not _numbers(f.label)}
        for raw in segments
    ]
    for index, raw in enumerate(segments):
        others = frozenset(label for k, own in enumerate(labels) if k != index for label in own)
        mark, item = _item_of(raw)
        norm_item = normalize(item)
        numbers = [f for f, _ in _numbers(item)]
        found = [  # 10件から5件に削減: the 10 is where it starts from, not a target
            f for k, f in enumerate(numbers) if k + 1 == len(numbers) or not _FROM.match(norm_item, f.end)
        ]
        scopes: list[tuple[int, str] | None] = []
        for report, part, marks in zip(reports, parts, bullets, strict=True):
            if mark and part:
                scopes.append(part.get(mark, (0, report)))
            elif len(marks) == len(segments):
                lead = _lead(item)
                named = [b for b in marks if len(lead) >= 3 and lead in b[1].replace(" ", "")]
                scopes.append(named[0] if len(named) == 1 else None)
            else:
                scopes.append((0, report))
        heading = item.split(":", 1)[0].strip() if ":" in item[:12] else ""
        for at, target_found in enumerate(found):  # at: its place (found.index, without comparing)
            unit = target_found.unit
            one_of_unit = sum(1 for f in found if f.unit == unit) == 1
            approx = target_found.approximate
            way, by_change = _way(norm_item, target_found)
            change = target_found.change or by_change  # 30品の増, 10%削減: by how much, not a level
            note = ("減少" if way is Direction.DECREASE else "増加") if change else None
            if approx:  # 年7回程度: about 7; 6回 may be that too
                note = "; ".join(
                    n for n in (note, f"approximate ({approx}): a result short of it is not graded") if n
                )
            text = target_found.text  # 週約2回: the word is the rate's, within the text already
            if approx and approx not in text:
                text = f"{approx}{text}" if approx in APPROXIMATE_BEFORE else f"{text}{approx}"
            target = Target(
                target_found.value, target_found.comparator, fiscal_year, text, unit, note,
                target_found.value_max, target_found.frequency, change,
            )  # fmt: skip
            kind = "change" if target.change else _kind_of(target.comparator)
            names = each_items(target_found.label) if target_found.each else [item]
            several = len(found) > 1 and not target_found.each
            # a status word counts for a target its report names (首長会議は中止), never for a neighbour
            label = target_found.label
            usable = len(label) >= 2 and not _numbers(label)  # not "返礼品30品の増", another target
            name_of = label if usable else ""
            for name in names:
                asked = attrs.evolve(target_found, label=name) if target_found.each else target_found
                status_names = [n for n in ((name if target_found.each else name_of), heading) if n]
                hits = [  # a cut asked for is met by a cut, a level by a level (_result_fits)
                    _match(asked, found, scope[1], item, others, (way, change))
                    if scope and scope[1]
                    else None
                    for scope in scopes
                ]
                values = [h.value if h else None for h in hits]
                results = [  # each on the day its report states it for (【令和3年4月1日現在】 …22.6%)
                    Quantity(
                        v,
                        _result_text(h),
                        unit,
                        fiscal_year,
                        date=stated_day(scope[1], h, fiscal_year),
                        value_max=h.value_max,
                        frequency=h.frequency,
                    )
                    if v is not None and h is not None and scope is not None
                    else None
                    for v, h, scope in zip(values, hits, scopes, strict=True)
                ]
                cut = change and way is Direction.DECREASE  # its parts would be levels, not cuts
                pieces = [
                    _in_parts(asked, item, scope[1])
                    if scope and hit is None and one_of_unit and not target_found.each and not cut
                    else ()
                    for scope, hit in zip(scopes, hits, strict=True)
                ]  # fmt: skip
                achieved = _achieved(target, hits[0], bool(approx), way) if hits[0] is not None else None
                alone = [
                    scope is not None and len(found) == 1 and not target_found.each and not _numbers(scope[1])
                    for scope in scopes
                ]
                statuses = [
                    "reported" if piece else _status(scope[1], value, status_names, lone) if scope else None
                    for scope, value, piece, lone in zip(scopes, values, pieces, alone, strict=True)
                ]
                sibling = found[at - 1] if at else None
                if target_found.each:
                    shown = f"{name} {target_found.text}"
                elif several and name_of:  # several numbers on one line: each item names what it counts
                    shown = f"{_listed(item, target_found)} {target_found.text}"
                elif (
                    several
                    and sibling is not None
                    and len(sibling.label) >= 2
                    and not _numbers(sibling.label)
                    and target_found.frequency is not None
                    and sibling.frequency is not None
                    and norm_item[sibling.end : target_found.start].strip() in ("、", ",")
                ):  # 弁護士相談を偶数月1回、奇数月2回: a second rate of the same 弁護士相談
                    shown = f"{sibling.label} {target_found.text}"
                else:
                    shown = _own_words(name, target_found)
                heading_word = heading.lstrip("・ ").strip()
                if heading_word and len(heading_word) >= 2 and heading_word not in shown:
                    shown = (
                        f"{heading_word} {shown}"  # 特設相談:上田・丸子 各月1回: the 特設相談 of 上田・丸子
                    )
                used = [
                    (k, scope[0] + f.start)
                    for k, (scope, hit, piece) in enumerate(zip(scopes, hits, pieces, strict=True))
                    if scope
                    for f in ((hit,) if hit else piece)
                ]
                out.append(
                    (
                        ActionTarget(
                            shown,
                            target,
                            results[0],
                            achieved,
                            actual_status=statuses[0],
                            mid=results[1],
                            mid_status=statuses[1],
                            parts=tuple(Quantity(p.value, p.text, unit, fiscal_year) for p in pieces[0]),
                            mid_parts=tuple(Quantity(p.value, p.text, unit, fiscal_year) for p in pieces[1]),
                            kind=kind,
                            direction=way,
                        ),
                        tuple(used),
                    )
                )
    return tuple(out)

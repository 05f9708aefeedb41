"""What a sheet's item cells say besides their numbers: the parts a cell numbers ①②…, the office that
does an item's work, the part of an item a bare target stands under, the goal's place in the plan, and
a target written in brackets as baseline → target.

Sheets of targets (重点目標管理シート, 一覧表) of any city write their items this way; nothing here
names a place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from munigoals.japanese import normalize, stated_direction
from munigoals.model import ActionTarget, Indicator, Quantity, Span, Target, evolved
from munigoals.patterns import lazy_compile
from munigoals.quantities import find_quantities, parse_number
from munigoals.reports.cells import CIRCLED, circled_number

__all__ = [
    "OFFICE",
    "arrow_indicators",
    "item_office",
    "named_by_item",
    "named_by_office",
    "plan_position",
    "split_by_circled",
]

_CIRCLED_SPLIT = lazy_compile(rf"([{CIRCLED}])")


def split_by_circled(text: str) -> dict[int, str]:
    """A cell's parts by their circled numbers: ``① a ② b`` -> ``{1: "a", 2: "b"}``; text before the
    first number goes to 0."""
    parts: dict[int, str] = {}
    current = 0
    for piece in _CIRCLED_SPLIT.split(text):
        if piece and piece in CIRCLED:
            current = circled_number(piece)
            parts.setdefault(current, "")
        elif piece.strip():
            parts[current] = (parts.get(current, "") + " " + piece.strip()).strip()
    return parts


#: An office named in brackets at an item's end, who does its work (``…の運営支援(川西地域自治センター)``)
#: (Its offices end in センター, 課, 室, 係, 支所, 事務所 or 公民館.)
OFFICE = lazy_compile(r"\(([\u4e00-\u9fff\u30a0-\u30ffー]*(?:センター|課|室|係|支所|事務所|公民館))\)\s*$")


def item_office(item: str) -> str | None:
    """The office an item names in brackets at its end (``…への支援(豊殿地域自治センター)``), or None."""
    m = OFFICE.search(normalize(item))
    return m.group(1) if m else None


def named_by_office(indicators: Sequence[Indicator], offices: Sequence[str | None]) -> list[Indicator]:
    """A goal's report observations, each named with the office its item names (``offices``, one for
    each observation), where the goal's items name different offices (``地域協議会 2回開催`` of two
    offices' councils): the sheet says in each item which office does the work, and a result in that
    item's report is that office's, so two offices' results never share a name. A name already holding
    the office keeps its words; where the items name one office, or none, the names stay."""
    if len({o for o in offices if o}) < 2:
        return list(indicators)
    return [
        attrs.evolve(i, name=f"{i.name} ({office})") if office and office not in i.name else i
        for i, office in zip(indicators, offices, strict=True)
    ]


def named_by_item(target: ActionTarget, target_text: str | None, item: str) -> ActionTarget:
    """A target whose words name no noun before its number, named by the part of the ``item`` (the
    action's words) it stands under: by its ``(n)`` mark (``(2) 2回以上実施`` under ``(2) 移住体験ツアーの
    実施``: ``移住体験ツアーの実施 2回以上実施``), or, for a target that is a number alone among ``・``
    bullets (``・ 20講座 ・ 年度末``), by the item's bullet in the same place where the item and its
    targets list as many bullets (``「まちなかキャンパスうえだ」開催 20講座``). Any other target as it is."""
    if not target_text:
        return target
    return evolved(target, item=_by_bullet(_by_part(target.item, target_text, item), item, target_text))


_PART = lazy_compile(r"\(\d+\)")
# a target's words that are its number and a verb alone: 24回以上参加開催, 2回以上実施
_NUMBER_AND_VERB = lazy_compile(r"\d[\d,.]*\D{0,2}?(?:以上|以下|未満)?[\u4e00-\u9fff]{0,4}")


def _by_part(words: str, target_text: str, item: str) -> str:
    if not _NUMBER_AND_VERB.fullmatch(words):
        return words
    norm = normalize(target_text)
    at = norm.find(words)
    marks = list(_PART.finditer(norm, 0, at)) if at >= 0 else []
    if not marks:
        return words
    item_words = normalize(item)
    start = item_words.find(marks[-1].group(0))
    if start < 0:
        return words
    own = _PART.split(item_words[start + len(marks[-1].group(0)) :], 1)[0].strip().rstrip("。")
    if not own or len(own) > 30:
        return words
    return f"{own} {words}"


_ITEM_BULLET = lazy_compile(r"(?:^|\s)・\s*")


def _by_bullet(words: str, item: str, target_text: str) -> str:
    if "・" not in normalize(target_text):  # no bullets: no bullet's place to name it by
        return words
    found = find_quantities(words)
    if len(found) != 1 or normalize(words).replace(" ", "") != found[0].text.replace(" ", ""):
        return words
    targets = [b.strip() for b in _ITEM_BULLET.split(normalize(target_text))[1:]]
    items = [b.strip() for b in _ITEM_BULLET.split(normalize(item))[1:]]
    at = next((k for k, b in enumerate(targets) if b == normalize(words)), None)
    if at is None or len(targets) != len(items) or not items[at]:
        return words
    return f"{items[at]} {words}"


_POSITION_PIECE = lazy_compile(r"(?=第\s*\d+\s*[編章節])")


def plan_position(position: str) -> tuple[str, ...]:
    """A goal's place in the 総合計画 (``第1編 … 第1章 … 第2節 …``) as a parent path: its first 編,
    its first 章, and its 節 joined by `` / ``."""
    pieces = _POSITION_PIECE.split(normalize(position))
    hen = [p.strip() for p in pieces if re.match(r"第\s*\d+\s*編", p)]
    sho = [p.strip() for p in pieces if re.match(r"第\s*\d+\s*章", p)]
    setsu = [p.strip() for p in pieces if re.match(r"第\s*\d+\s*節", p)]
    return tuple(p for p in (*hen[:1], *sho[:1], " / ".join(setsu)) if p)


_ARROW = lazy_compile(
    r"([^\s・(]+?)(の増加|の向上|の拡大)?\((\d[\d,.]*)\s*(\S*?)\s*→\s*(\d[\d,.]*)\s*(\S*?)\)"
)


def arrow_indicators(text: str, year: int | None, span: Span) -> list[Indicator]:
    """Targets written as baseline → target in brackets after their name
    (``Twitterフォロワー数の増加(14,600人→15,600人)``): an indicator each, its target of ``year``; the
    baseline's year is not stated (the value before the plan's year)."""
    out = []
    for m in _ARROW.finditer(normalize(text)):
        unit = m.group(6) or m.group(4) or None
        out.append(
            Indicator(
                name=m.group(1),
                kind=None,
                category=None,
                unit=unit,
                baseline=Quantity(parse_number(m.group(3)), m.group(3) + (m.group(4) or ""), unit, None,
                                  "baseline year not stated (the value before the plan's year)"),
                target=Target(parse_number(m.group(5)), text=m.group(5) + (m.group(6) or ""), unit=unit,
                              fiscal_year=year),
                span=span,
                direction=stated_direction(m.group(2)) if m.group(2) else None,  # の増加: increase
            )
        )  # fmt: skip
    return out

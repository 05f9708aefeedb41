"""The 重点目標 readers' shortcuts say what the searches they replace say, and their caches hand out
values a caller may change without changing the next caller's."""

from __future__ import annotations

import itertools
import re

import pytest
from munigoals_ueda.juten import stated
from munigoals_ueda.juten.common import ends_with
from munigoals_ueda.juten.series import observed_series
from munigoals_ueda.juten.targets import targets_and_results

# texts made of the characters the patterns look at, every combination up to four of them
_PIECES = ("R", "H", "x", " ", "第", "・", "令和", "/", ".", "5", "①", "あ", "S.")
_TEXTS = ["".join(p) for n in range(5) for p in itertools.product(_PIECES, repeat=n)][:20000]


@pytest.mark.parametrize(
    ("pattern", "reach"),
    [(stated._ERA_BEFORE, 1), (stated._NOT_A_COUNT_BEFORE, 2)],
    ids=["era", "not-a-count"],
)
def test_ends_with_is_the_search_of_the_whole_text(pattern: re.Pattern[str], reach: int) -> None:
    for text in _TEXTS:
        for end in range(len(text) + 1):
            assert ends_with(pattern, text, end, reach) == bool(pattern.search(text[:end])), (text, end)


def _glued_by_search(text: str, needle: str) -> bool:
    places = [m.start() for m in re.finditer(re.escape(needle), text)]
    return bool(places) and all(re.search(r"[①-⑳]$", text[:k]) for k in places)


def test_glued_to_mark_is_the_search_it_replaces() -> None:
    for text in ["①8地域", "①8地域と8地域", "8地域", "①88", "②8①8", "地域", "①8①8①8", "888"]:
        for needle in ("8", "88", "8地域"):
            assert stated._glued_to_mark(text, needle) == _glued_by_search(text, needle), (text, needle)


def test_unread_marks_the_same_numbers_each_time() -> None:
    norm = "講座を3回、令和2年4月1日現在 5地区で 12 の団体"
    first = stated._unread(norm, [(3, 5)])
    first.append("changed by a caller")
    assert stated._unread(norm, [(3, 5)]) == first[:-1]
    assert stated._unread("数字のない文", []) == []


def test_cached_targets_hand_out_new_lists() -> None:
    first = targets_and_results("(1) 講座を10回以上開催", "(1) 計12回開催", 2023)
    assert first[0][0].actual is not None and first[0][0].actual.value == 12
    first[0][1].append((9, 9))
    first.clear()
    again = targets_and_results("(1) 講座を10回以上開催", "(1) 計12回開催", 2023)
    assert len(again) == 1 and (9, 9) not in again[0][1]


def test_cached_series_hands_out_new_lists() -> None:
    text = "平成28年度の比率:合計1.1% 平成29年度の比率:合計2.5%"
    found = observed_series(text)
    assert found is not None and [q.value for q in found[2]] == [1.1, 2.5]
    found[2].clear()
    again = observed_series(text)
    assert again is not None and len(again[2]) == 2

"""Many patterns searched as one (munigoals.patterns): the joined search finds a text exactly where one
of the patterns alone does, and patterns that would mean something else joined are never joined."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from munigoals.patterns import any_of, any_whole, joined
from munigoals.registry import load_registry

RULES = (r"^実質公債費比率$", r"(?P<kind>観光|交流)人口", r"空き家バンク", r"割合\(%\)$", r"[0-9]+人")


@given(st.text(alphabet="実質公債費比率観光交流人口空き家バンク割合(%)0123人 ", max_size=20))
def test_the_joined_search_finds_what_one_pattern_alone_finds(text: str) -> None:
    patterns = tuple(re.compile(p) for p in RULES)
    alone = any(p.search(text) for p in patterns)
    assert (any_of(patterns)(text) is not None) == alone
    assert (any_whole(patterns)(text) is not None) == any(p.fullmatch(text) for p in patterns)


@pytest.mark.parametrize(
    "pattern",
    [
        re.compile(r"(a)\1"),  # a group by number: joined, the number would be another pattern's group
        re.compile(r"(?P<x>a)(?P=x)"),  # by name: joined, the names are dropped
        re.compile(r"(a)?(?(1)b|c)"),  # a condition on a group
        re.compile("a", re.IGNORECASE),  # flags of its own
    ],
)
def test_patterns_that_would_mean_something_else_joined_are_searched_one_by_one(
    pattern: re.Pattern[str],
) -> None:
    other = re.compile(r"(z)")
    assert joined((other, pattern)) is None
    text = {r"(a)\1": "aa", r"(?P<x>a)(?P=x)": "aa", r"(a)?(?(1)b|c)": "ab", "a": "A"}[pattern.pattern]
    assert any_of((other, pattern))(text) is not None


def test_a_concept_is_given_as_the_first_matching_rule_decides() -> None:
    registry = load_registry()
    assert registry.align("ueda", "実質公債費比率") is not None
    assert registry.align("ueda", "どの規則にもない名前") is None

"""Regular expressions compiled when first used, so that a command pays only for the patterns it uses.

The quantity grammar and the Japanese date patterns are large alternations that take longer to compile
than Python takes to start; ``munigoals table`` (which prints bundled data) uses none of them. A
module-level pattern is written ``_X = lazy_compile(r"...")`` and used as any compiled pattern
(``_X.match(text)``); the first use compiles it, and later uses call the compiled pattern's own methods.

And many patterns, of which any is to be found, are searched as one (:func:`any_of`, :func:`any_whole`):
a layout spec's furniture, a city's concept rules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

__all__ = ["any_of", "any_whole", "joined", "lazy_compile"]

#: What a pattern is used for: taken from the compiled pattern on first use, then looked up directly.
_ATTRIBUTES = (
    "match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "scanner", "pattern",
    "flags", "groups", "groupindex",
)  # fmt: skip


class _LazyPattern:
    """Stands for ``re.compile(pattern, flags)`` until it is first used."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only for what the instance does not hold yet
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = re.compile(*self._args)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self._args[0]!r})"

    def _compiled(self) -> re.Pattern[str]:
        return re.compile(*self._args)  # re's own cache: the same object each time

    def __eq__(self, other: object) -> bool:
        """Equal to the compiled pattern it stands for (and to another standing for an equal one)."""
        if isinstance(other, _LazyPattern):
            other = other._compiled()
        return self._compiled() == other

    def __hash__(self) -> int:
        return hash(self._compiled())


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled when first used (an invalid pattern raises then)."""
    return _LazyPattern(pattern, flags)  # type: ignore[return-value]


_NAMED_GROUP = lazy_compile(r"\(\?P<\w+>")
#: What refers to a group by its number or name: joined, the numbers shift and the names are gone.
_GROUP_REFERENCE = lazy_compile(r"\\[1-9]|\(\?P=|\(\?\(")
_NOTHING = lazy_compile(r"(?!)")  # found in no text


@functools.lru_cache(maxsize=256)
def joined(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """``patterns`` as one alternation, their group names dropped (only a hit counts); ``None`` where
    they cannot be joined and mean the same: a pattern that refers to a group (``\\1``, ``(?P=name)``,
    ``(?(1)…)``), one compiled with flags of its own, or one whose inline flags must stand first."""
    if any(p.flags != re.UNICODE or _GROUP_REFERENCE.search(p.pattern) for p in patterns):
        return None
    try:
        return re.compile(
            "|".join(f"(?:{_NAMED_GROUP.sub('(?:', p.pattern)})" for p in patterns or [_NOTHING])
        )
    except re.error:
        return None


def any_of(patterns: tuple[re.Pattern[str], ...]) -> Callable[[str], re.Match[str] | None]:
    """A search for any of ``patterns`` in a text, as one search where they join (the pattern's own
    search, called with no function around it): a match where one is found, else ``None``."""
    one = joined(patterns)
    if one is not None:
        return one.search
    return lambda text: next((m for p in patterns if (m := p.search(text)) is not None), None)


def any_whole(patterns: tuple[re.Pattern[str], ...]) -> Callable[[str], re.Match[str] | None]:
    """As :func:`any_of`, for a text that one of ``patterns`` matches whole."""
    one = joined(patterns)
    if one is not None:
        return one.fullmatch
    return lambda text: next((m for p in patterns if (m := p.fullmatch(text)) is not None), None)

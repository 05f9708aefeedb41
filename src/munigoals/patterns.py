"""Regular expressions compiled when first used, so that a command pays only for the patterns it uses.

The quantity grammar and the Japanese date patterns are large alternations that take longer to compile
than Python takes to start; ``munigoals table`` (which prints bundled data) uses none of them. A
module-level pattern is written ``_X = lazy_compile(r"...")`` and used as any compiled pattern
(``_X.match(text)``); the first use compiles it, and later uses call the compiled pattern's own methods.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["lazy_compile"]

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

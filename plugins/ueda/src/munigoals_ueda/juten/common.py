"""What Ueda's 重点目標 layouts share: circled action numbers ①…, compact text, cells as text."""

from __future__ import annotations

import re

from munigoals.sdk import cell_items, normalize

__all__ = ["CIRCLED", "CIRCLED_START", "cell_text", "circled_number", "compact_text"]

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
CIRCLED_START = re.compile(rf"^\s*([{CIRCLED}])\s*(.*)$", re.S)


def circled_number(mark: str) -> int:
    """① → 1."""
    return CIRCLED.index(mark) + 1


def compact_text(text: str) -> str:
    """Normalised, without spaces (labels are spaced out in some sheets)."""
    return normalize(text).replace(" ", "")


def cell_text(cell: str) -> str:
    """A cell as plain text, its list items and paragraphs kept apart on lines of their own."""
    return "\n".join(cell_items(cell, split_bullets=False))

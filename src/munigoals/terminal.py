"""Text that reaches a terminal: nothing from a document may move the cursor, recolour the screen or
reverse the text direction, and names that are not UTF-8 are shown, not crashed on.

Documents are data from outside. A heading holding an ANSI escape (``ESC[2J``) or a right-to-left
override (U+202E) would act on the researcher's terminal if printed as it is, so such characters are
shown as escapes (``\\x1b``, ``\\u202e``) wherever munigoals prints to a terminal: tables, warnings,
errors. Files keep the text (minus what reading removes; see :mod:`munigoals.reading`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["display_path", "printable"]

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional formatting characters
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with control and bidirectional formatting characters shown as escapes, and any
    undecodable bytes of a file name (surrogates) as ``\\xNN``."""
    if _UNSAFE.search(text):
        text = _UNSAFE.sub(_escape, text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def display_path(path: Path | str) -> str:
    """A path as text that can be printed and written to UTF-8 files: bytes of a name that are not
    UTF-8 (a Shift_JIS name from a Windows ZIP) are shown as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")

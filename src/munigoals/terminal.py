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

__all__ = ["Reporter", "display_path", "printable"]

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


class Reporter:
    """The one voice of the command line on stderr: diagnostics as ``FILE:LINE: severity: message``,
    notes as ``munigoals: note: …``, and a summary line.

    Verbosity: ``-q`` (quiet) shows errors only and no summary; the default shows every error and
    every warning (each says what could not be read: none is held back) and at most
    :attr:`per_document` notes for one document (the rest counted, and the summary says how to see
    them); ``-v`` shows every issue.
    """

    per_document = 10

    def __init__(self, verbosity: int = 0) -> None:
        self.verbosity = verbosity
        self.counts: dict[str, int] = {"error": 0, "warning": 0, "note": 0}
        self._shown: dict[str, int] = {}
        self._held: dict[str, int] = {}

    def _print(self, text: str) -> None:
        import click

        click.echo(printable(text), err=True)

    def diagnostic(self, where: str, severity: str, message: str) -> None:
        """One issue at ``where`` (``FILE:LINE``)."""
        self.counts[severity] = self.counts.get(severity, 0) + 1
        if severity == "error":
            self._print(f"{where}: {severity}: {message}")
            return
        if self.verbosity < 0:
            return
        document = where.rsplit(":", 1)[0]
        if severity == "note":  # what could not be read (a warning) is never held back
            shown = self._shown.get(document, 0)
            if self.verbosity < 1 and shown >= self.per_document:
                self._held[document] = self._held.get(document, 0) + 1
                return
            self._shown[document] = shown + 1
        self._print(f"{where}: {severity}: {message}")

    def issue(self, issue: object) -> None:
        """A :class:`munigoals.model.ParseIssue` (or its text ``FILE:LINE: severity: message``)."""
        text = str(issue)
        parts = text.split(": ", 2)
        if len(parts) == 3 and parts[1] in self.counts:
            self.diagnostic(parts[0], parts[1], parts[2])
        else:
            self.note(text)

    def note(self, message: str) -> None:
        """Something the reader should know that has no line (shown unless quiet)."""
        if self.verbosity >= 0:
            self._print(f"munigoals: note: {message}")

    def error(self, message: str) -> None:
        """The one line of a failure (always shown)."""
        self._print(f"munigoals: error: {message}")

    def summary(self, text: str) -> None:
        """The closing line of every command: what was done, and how many issues of each severity,
        with how many were shown and how many more were not (unless quiet)."""
        if self.verbosity < 0:
            return
        for document, held in self._held.items():
            self._print(f"{document}: {held} more note(s) not shown (-v shows every issue)")
        counted = ", ".join(f"{n} {kind}(s)" for kind, n in self.counts.items() if n) or "no issues"
        held = sum(self._held.values())
        total = sum(self.counts.values())
        if held:
            counted += f" ({total - held} shown, {held} more not shown, {total} in all; -v shows every issue)"
        self._print(f"{text}; {counted}")

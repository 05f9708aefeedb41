"""The one exception the command line turns into a one-line message."""

from __future__ import annotations

__all__ = ["MunigoalsError"]


class MunigoalsError(Exception):
    """A problem with the user's input or data: the message says what is wrong and what to do.

    Attributes:
        exit_code: Exit status for the command line (1 for data problems, 2 for usage).
    """

    def __init__(self, message: str, *, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


#: Set by the command line, whose signal handlers mark every real interrupt (Ctrl-C, SIGTERM, SIGHUP)
#: with its signal number: a bare KeyboardInterrupt is then one a plugin raised itself, a plugin fault.
INTERRUPTS_MARKED = False

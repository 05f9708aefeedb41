"""The ``munigoals`` command's entry point: ``munigoals --help`` without loading the command line.

Importing click and building every command takes longer than starting Python, and ``--help`` prints
the same text each time. So the text click renders is kept (see :mod:`munigoals.cache` for where) under
a name that is the SHA-256 of everything it depends on: the bytes of ``cli.py`` and ``names.py`` (the
commands, their help and the names they list), the width the help is wrapped to, the output encoding and
the Python version; the record also names click's own file, whose size and modification time must be
unchanged. Anything else, any miss, and any record that cannot be read runs the command line itself
(:func:`munigoals.cli.main`), which records the text for next time; a cache that cannot be written is
no error.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import sys
from pathlib import Path

__all__ = ["main"]

_HELP_ARGS = (["--help"], ["-h"])
_SOURCES = ("cli.py", "names.py")


def _width() -> int:
    """The columns click wraps the help to (it takes the terminal's, at most ``max_content_width``)."""
    import shutil

    return shutil.get_terminal_size().columns


def _record_path() -> Path | None:
    from munigoals.cache import cache_dir

    digest = hashlib.sha256()
    here = Path(__file__).parent
    try:
        for name in _SOURCES:
            data = (here / name).read_bytes()
            digest.update(len(data).to_bytes(8, "big") + data)
    except OSError:
        return None
    encoding = getattr(sys.stdout, "encoding", None) or ""
    digest.update(f"{_width()}|{encoding}|{sys.version}".encode())
    return cache_dir() / "help" / f"{digest.hexdigest()}.json"


def _stamp(path: str) -> list[object]:
    stat = os.stat(path)
    return [path, stat.st_size, stat.st_mtime_ns]


def _cached_help(record: Path) -> str | None:
    """The recorded help, when its record is whole and click is the one it was rendered with."""
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        if _stamp(data["click"][0]) != data["click"]:
            return None
        text = data["text"]
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return None
    return text if isinstance(text, str) else None


def _record_help(record: Path) -> None:
    """Render the help as click prints it for ``munigoals --help`` and keep it (atomically; an
    unwritable cache: the help is rendered again next time)."""
    import click

    from munigoals.cache import write_record
    from munigoals.cli import cli

    with click.Context(cli, info_name="munigoals", **cli.context_settings) as ctx:
        text = ctx.get_help() + "\n"  # click's help option: echo(ctx.get_help())
    write_record(record, {"click": _stamp(click.__file__ or ""), "text": text})


def _print_help(text: str) -> bool:
    """Print ``text`` as the command line would; ``False`` when it could not be written."""
    try:
        os.fstat(1)
        if sys.stdout is None:
            return False
        text.encode(sys.stdout.encoding or "utf-8")  # what cannot be printed as it is: the command line's way
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_exit()
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            _quiet_exit()
        return False
    except (UnicodeError, LookupError, ValueError):
        return False
    return True


def _quiet_exit() -> None:
    """The reader went away (``munigoals --help | head -1``): leave with 0, as the command line does."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
    except OSError:
        pass
    os._exit(0)


def main() -> None:
    """Run ``munigoals``: the recorded help for ``--help``, else the command line."""
    record = _record_path() if sys.argv[1:] in _HELP_ARGS else None
    if record is not None:
        text = _cached_help(record)
        if text is not None and _print_help(text):
            sys.exit(0)
        if text is None:
            with contextlib.suppress(Exception):  # keeping the help never stands in the way of printing it
                _record_help(record)
    from munigoals.cli import main as run

    run()

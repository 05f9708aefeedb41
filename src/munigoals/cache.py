"""Validation that is paid once per content, not once per run.

Checking a data file against its JSON Schema (the concept registry, a layout spec) costs more than
reading it: importing ``jsonschema`` alone takes longer than starting Python. The file changes only when
a package is installed or a researcher edits it, so :func:`validated` remembers that a file passed: a
record named by the SHA-256 of the file's bytes, the schema's bytes, what kind of file it is and the
munigoals version, in the user's cache folder (``$XDG_CACHE_HOME/munigoals``, else
``~/.cache/munigoals``; ``MUNIGOALS_CACHE_DIR`` overrides). Any change of content, schema or version is
a new name, so a record can never vouch for a file it did not see; only passing is recorded, so a file
that fails is checked (and fails) every time. A cache folder that cannot be read or written is no
error: the file is then validated as if there were none.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

__all__ = ["cache_dir", "validated"]


def cache_dir() -> Path:
    """The folder munigoals keeps its records in (it need not exist)."""
    override = os.environ.get("MUNIGOALS_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return Path(base) / "munigoals"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "munigoals" / "cache"
    return Path.home() / ".cache" / "munigoals"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("munigoals")
    except PackageNotFoundError:  # a source tree that is not installed
        return "0.0.0"


def validated(kind: str, content: bytes, schema: bytes, validate: Callable[[], None]) -> None:
    """Call ``validate`` (which raises for content that is not valid) unless content this exact one
    already passed it under the same ``schema`` and munigoals version; record a pass.

    Args:
        kind: What the content is (``concepts``, ``layout-spec``): one name space per kind.
        content: The bytes that were parsed and are to be checked.
        schema: The bytes of the schema they are checked against.
        validate: The check; it is called, and its exception propagates, on every miss.
    """
    digest = hashlib.sha256()
    for part in (kind.encode(), _version().encode(), schema, content):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    record = cache_dir() / "validated" / f"{kind}-{digest.hexdigest()}"
    try:
        if record.is_file():
            return
    except OSError:
        pass
    validate()
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.touch()
    except OSError:
        pass  # an unwritable cache: validated again next time, never an error

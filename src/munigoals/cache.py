"""Validation that is paid once per content, not once per run.

Checking a data file against its JSON Schema (the concept registry, a layout spec) costs more than
reading it: importing ``jsonschema`` alone takes longer than starting Python. The file changes only when
a package is installed or a researcher edits it, so :func:`validated` remembers that a file passed: a
record named by the SHA-256 of the file's bytes, the schema's bytes, what kind of file it is, the
munigoals version and the Python version, in the user's cache folder (``$XDG_CACHE_HOME/munigoals``, else
``~/.cache/munigoals``; ``MUNIGOALS_CACHE_DIR`` overrides). Any change of content, schema or version is
a new name, so a record can never vouch for a file it did not see; only passing is recorded, so a file
that fails is checked (and fails) every time. A cache folder that cannot be read or written is no
error: the file is then validated as if there were none.

The same folder holds an index of the installed plugins (:func:`installed`): scanning every installed
distribution for entry points, and importing :mod:`importlib.metadata` to do it, costs more than a
command that prints bundled data does otherwise. There is one index for each interpreter and
``sys.path``; it is used while the modification time of each folder on ``sys.path`` (installing or
removing a package changes its folder) and of each plugin's metadata files is what it was when the
index was written; any difference is a new scan.

And it holds results that are a function of files alone (:func:`recall`, :func:`keep`): ``munigoals
compare`` on the data the plugins ship prints the same table until a file it is made from changes, so
the table is kept under a name made of the command's options and :func:`file_stamps` of every file the
result comes from (munigoals' own modules and data, each plugin's, each city's bundled tables). Editing,
installing or upgrading any of them changes a stamp, and so the name.

Last, it holds what each document read to (:func:`recall_parts`, :func:`keep_parts`): the rows of its
tables, kept under a name made of the document's bytes, how it was asked to be read, and
:func:`code_stamp` (the stamps of every file its reading comes from and of each folder of installed
packages, which installing, removing or upgrading a package changes). A second command over the
same documents (``parse`` of another table, ``compare --from``) loads those rows instead of reading
again. Only the records of the :data:`CODE_VERSIONS_KEPT` most recently used code stamps are kept; older
ones are removed. These records are pickles: one is loaded only where this user owns it and nobody
else may write it. ``MUNIGOALS_NO_CACHE=1`` turns them off (neither read nor written).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import shutil
import sys
import zlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

__all__ = [
    "EntryPointRecord",
    "Installed",
    "any_parts",
    "cache_dir",
    "code_stamp",
    "file_stamps",
    "installed",
    "keep",
    "keep_parts",
    "prune_parts",
    "recall",
    "recall_parts",
    "records_off",
    "validated",
    "write_record",
]


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


class EntryPointRecord(NamedTuple):
    """One installed entry point, as :func:`importlib.metadata.entry_points` gives it.

    Attributes:
        name: The entry point's name.
        value: ``module:attribute``.
        distribution: The distribution that declares it (``None``: unknown).
        version: That distribution's version.
    """

    name: str
    value: str
    distribution: str | None
    version: str | None


class Installed(NamedTuple):
    """What is installed, as far as munigoals asks: one group's entry points and munigoals' version."""

    entry_points: tuple[EntryPointRecord, ...]
    version: str


def _path_entries() -> list[str]:
    """``sys.path`` as text (an entry that is a ``Path`` or bytes is one too; anything else, which the
    import system ignores, is named by its ``repr``)."""
    out = []
    for entry in sys.path:
        try:
            out.append(os.fsdecode(entry))
        except TypeError:
            out.append(repr(entry))
    return out


def _stamp(path: str) -> int:
    try:
        return os.stat(path or ".").st_mtime_ns
    except (OSError, ValueError):
        return -1


def _scan(group: str) -> tuple[Installed, list[str]]:
    """What importlib.metadata finds, and the metadata files it was read from."""
    from importlib.metadata import PackageNotFoundError, entry_points, version

    records, files = [], []
    for ep in entry_points(group=group):
        dist = ep.dist
        records.append(
            EntryPointRecord(ep.name, ep.value, dist.name if dist else None, dist.version if dist else None)
        )
        where = getattr(dist, "_path", None)  # a distribution found on disk: its metadata folder
        if where is not None:
            files += [os.path.join(str(where), name) for name in ("entry_points.txt", "METADATA", "PKG-INFO")]
    try:
        own = version("munigoals")
    except PackageNotFoundError:  # a source tree that is not installed
        own = "0.0.0"
    return Installed(tuple(records), own), files


_INSTALLED: dict[str, Installed] = {}  # what this process has already looked up, by the stamps it saw


def installed(group: str = "munigoals") -> Installed:
    """The entry points of ``group`` and munigoals' version, scanned once until what is installed changes.

    An index that cannot be read or written is no error: the distributions are then scanned each time.
    """
    entries = _path_entries()
    stamps = [[entry, _stamp(entry)] for entry in entries]
    seen = json.dumps([group, stamps])
    if seen not in _INSTALLED:
        # one index a Python and sys.path (so they cannot pile up), valid while every stamp is the same
        name = hashlib.sha256(json.dumps([sys.executable, group, entries]).encode()).hexdigest()
        _INSTALLED[seen] = _indexed(group, stamps, cache_dir() / "installed" / f"{group}-{name}.json")
    return _INSTALLED[seen]


def _indexed(group: str, stamps: list[list[object]], record: Path) -> Installed:
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        if data["path"] == stamps and all(_stamp(path) == stamp for path, stamp in data["files"]):
            return Installed(tuple(EntryPointRecord(*e) for e in data["entry_points"]), str(data["version"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    found, files = _scan(group)
    data = {
        "path": stamps,
        "files": [[path, _stamp(path)] for path in files],
        "entry_points": [list(e) for e in found.entry_points],
        "version": found.version,
    }
    write_record(record, data)  # an unwritable cache: scanned again next time, never an error
    return found


def write_record(record: Path, data: object) -> None:
    """Write ``data`` as JSON to ``record``, whole or not at all (worker processes may read it at once);
    a cache that cannot be written, or data JSON cannot hold, writes nothing and is no error."""
    try:
        content = json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (ValueError, TypeError):
        return
    _write_whole(record, content)


def _write_whole(record: Path, content: bytes) -> None:
    """Write ``content`` to ``record`` through a part file and a rename: a reader sees all or nothing.
    The file, and the folders made for it, are its owner's alone. A cache that cannot be written is no
    error."""
    part = record.with_name(f"{record.name}.{os.getpid()}.part")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    try:
        try:
            opened = os.open(part, flags, 0o600)
        except FileNotFoundError:  # the first record in its folder (most are not: no mkdir for them)
            record.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            opened = os.open(part, flags, 0o600)
        with open(opened, "wb") as handle:
            handle.write(content)
        os.replace(part, record)
    except OSError:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)


def _version() -> str:
    return installed().version


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
    for part in (kind.encode(), _version().encode(), sys.version.encode(), schema, content):
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


def file_stamps(roots: Iterable[Path]) -> list[list[object]] | None:
    """Every file under ``roots`` (a root may be a file) with its size and modification time, in a
    stable order; byte code (``__pycache__``) left out, for Python writes it as it runs. ``None`` where
    a root cannot be read: nothing made from it can be vouched for. A root inside a folder already
    walked (a city's tables inside its plugin's package) is walked once."""
    stamps: list[list[object]] = []
    walked: list[Path] = []
    try:
        for root in roots:
            if any(Path(root).is_relative_to(folder) for folder in walked):
                continue
            stat = os.stat(root)
            if not os.path.isdir(root):
                stamps.append([os.fspath(root), stat.st_size, stat.st_mtime_ns])
                continue
            walked.append(Path(root))
            for folder, dirs, files in os.walk(root):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for name in sorted(files):
                    path = os.path.join(folder, name)
                    stat = os.stat(path)
                    stamps.append([path, stat.st_size, stat.st_mtime_ns])
    except OSError:
        return None
    return stamps


def _record(kind: str, key: object) -> Path:
    text = json.dumps([kind, _version(), sys.version, key], ensure_ascii=False, sort_keys=True)
    return cache_dir() / "results" / f"{kind}-{hashlib.sha256(text.encode()).hexdigest()}.json"


def recall(kind: str, key: object) -> Any | None:
    """The value :func:`keep` kept for ``kind`` under ``key`` (any JSON value; in it, the
    :func:`file_stamps` of what the value is made from), or ``None``: never kept, or unreadable."""
    try:
        data = json.loads(_record(kind, key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("value") if isinstance(data, dict) else None


def keep(kind: str, key: object, value: object) -> None:
    """Keep ``value`` (a JSON value) for :func:`recall`, whole or not at all; a cache that cannot be
    written (or a value JSON cannot hold) is no error: it is made again next time."""
    write_record(_record(kind, key), {"value": value})


#: How many code stamps' document records are kept (see :func:`keep_parts`): the most recently used.
CODE_VERSIONS_KEPT = 3


def records_off() -> bool:
    """Whether ``MUNIGOALS_NO_CACHE`` turns the document records off."""
    return os.environ.get("MUNIGOALS_NO_CACHE", "").strip() not in ("", "0")


def code_stamp(roots: Iterable[Path]) -> str | None:
    """One name for the code a result comes from: the :func:`file_stamps` of ``roots`` (each once),
    the modification time of each folder of installed packages on ``sys.path`` (``site-packages``:
    installing, removing or upgrading any package changes it), munigoals' and Python's versions and the
    environment (``sys.prefix``).
    ``None`` where a root cannot be read. Not the other entries of ``sys.path``: the first is the
    script's folder or the working one, which differ between ``munigoals`` and ``python -m munigoals``
    and from folder to folder, and say nothing of the code."""
    unique = list(dict.fromkeys(os.fspath(root) for root in roots))
    stamps = file_stamps(Path(root) for root in unique)
    if stamps is None:
        return None
    sites = [
        e for e in _path_entries() if os.path.basename(e.rstrip("/\\")) in ("site-packages", "dist-packages")
    ]
    path = [[entry, _stamp(entry)] for entry in sites]
    text = json.dumps([_version(), sys.version, sys.prefix, path, stamps], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _parts_record(kind: str, code: str, key: object) -> Path:
    text = json.dumps(key, ensure_ascii=False, sort_keys=True)
    name = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir() / kind / code[:32] / name[:2] / f"{name[2:]}.pickle"


def recall_parts(
    kind: str, code: str, key: object, wanted: Iterable[str], look_only: bool = False
) -> tuple[Any, dict[str, Any]] | None:
    """The head and the ``wanted`` parts :func:`keep_parts` kept for ``kind`` under ``code`` and ``key``;
    ``None`` where there is no such record, it lacks a part, cannot be read or is damaged (the caller
    then makes the value again). Only the parts asked for are decompressed and loaded; with
    ``look_only``, none is (the parts come back empty: the record holds them all)."""
    if records_off():
        return None
    try:
        with open(_parts_record(kind, code, key), "rb") as handle:
            if not _own(os.fstat(handle.fileno())):
                return None
            head, parts = pickle.load(handle)
        if look_only:
            return (head, {}) if all(isinstance(parts[name], bytes) for name in wanted) else None
        return head, {name: pickle.loads(zlib.decompress(parts[name])) for name in wanted}
    except Exception:  # any damage (a cut file, another format) is a miss, never an error
        return None


def _own(stat: os.stat_result) -> bool:
    """Whether a record may be loaded: this user's, written by nobody else (a pickle runs code)."""
    if not hasattr(os, "getuid"):  # Windows: the user's own profile folder
        return True
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def keep_parts(kind: str, code: str, key: object, head: object, parts: Mapping[str, object]) -> None:
    """Keep ``head`` and ``parts`` (each compressed apart, so that a reader loads only those it needs)
    for :func:`recall_parts`, whole or not at all. These records are pickles (as Python's own byte code
    is code): written readable by their owner alone, and loaded only where this user owns them and
    nobody else may write them. A value that cannot be pickled, or a cache that cannot be written, keeps
    nothing and is no error."""
    if records_off():
        return
    try:
        packed = {name: zlib.compress(pickle.dumps(part, protocol=5), 1) for name, part in parts.items()}
        content = pickle.dumps((head, packed), protocol=5)
    except Exception:  # what cannot be pickled is simply not kept
        return
    _write_whole(_parts_record(kind, code, key), content)


def any_parts(kind: str, code: str) -> bool:
    """Whether any record of ``kind`` is kept under ``code`` (none: a first run of this code looks up
    no document's)."""
    if records_off():
        return False
    try:
        return any((cache_dir() / kind / code[:32]).iterdir())
    except OSError:
        return False


def prune_parts(kind: str, code: str) -> None:
    """Mark ``code``'s records of ``kind`` as the most recently used, and remove those of all but the
    :data:`CODE_VERSIONS_KEPT` most recently used codes (mostly of code no longer installed; a run of
    an older one that is still going only reads its documents again)."""
    if records_off():
        return
    folder = cache_dir() / kind
    own = folder / code[:32]
    try:
        own.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.utime(own)
        others = sorted(
            (entry for entry in folder.iterdir() if entry.is_dir()),
            key=lambda e: e.stat().st_mtime_ns,
            reverse=True,
        )
    except OSError:
        return
    for old in others[CODE_VERSIONS_KEPT:]:
        if old != own:
            shutil.rmtree(old, ignore_errors=True)

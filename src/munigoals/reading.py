"""Reading documents: bytes to text, the format chosen by sniffing, and the parse itself.

Encodings: UTF-8 (with or without BOM) is tried first, then charset-normalizer chooses among the
Japanese encodings users hold plans in (Shift_JIS/cp932, EUC-JP, ISO-2022-JP) and UTF-16. CRLF and CR
become LF, so line numbers are the same whichever form a file came in.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import charset_normalizer

from munigoals.errors import MunigoalsError
from munigoals.model import Document, Municipality, ParseIssue, ParseResult, Severity, Span
from munigoals.plugins import City, DocumentFormat, PluginHost

__all__ = [
    "DOCUMENT_SUFFIXES",
    "SNIFF_THRESHOLD",
    "DocumentReader",
    "ParsedDocument",
    "ParsedTable",
    "decode",
    "detect_format",
    "expand_paths",
    "iter_parse",
    "parse_path",
    "parse_paths",
    "parse_text",
    "read_text",
]

#: A document is recognised when a format's sniff is at least this confident.
SNIFF_THRESHOLD = 0.5
#: Files in a folder that are read as documents.
DOCUMENT_SUFFIXES = (".txt", ".md", ".tsv", ".text")

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters text does not hold
_JAPANESE_ENCODINGS = ["cp932", "shift_jis", "euc_jp", "iso2022_jp", "utf_16", "utf_8"]


class DocumentReader:
    """Base of a format's reader: the document and municipality it reads for, where facts stand,
    and the issues met on the way. City plugins subclass it."""

    def __init__(self, document: Document, municipality: Municipality) -> None:
        self.document = document
        self.municipality = municipality
        self.issues: list[ParseIssue] = []

    def span(self, first: int, last: int | None = None) -> Span:
        """The span of lines ``first`` to ``last`` (one line when ``last`` is omitted)."""
        return Span(self.document.id, first, last if last is not None else first)

    def issue(self, line: int, message: str, severity: Severity = Severity.WARNING) -> None:
        """Record that ``line`` could not be read, and why."""
        self.issues.append(ParseIssue(severity, message, self.span(line)))


@attrs.frozen
class ParsedDocument:
    """One document read and parsed.

    Attributes:
        document: The document, with its format.
        city: The city whose format read it.
        result: Plans and parse issues.
    """

    document: Document
    city: City
    result: ParseResult


def _what_binary(data: bytes) -> str | None:
    head = data[:4096]
    if head.startswith(b"%PDF"):
        return "is a PDF; extract its text first (`pdftotext -layout FILE.pdf FILE.txt`) and pass the .txt"
    if head.startswith(b"PK\x03\x04"):
        return "is a ZIP container (xlsx, docx?); save it as text (tab-separated) and pass that"
    if head.startswith((b"\xd0\xcf\x11\xe0",)):
        return "is an old Office file (xls, doc); save it as text (tab-separated) and pass that"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "is binary, not text; pass the text of a planning document (UTF-8 or Shift_JIS)"
    return None


def decode(data: bytes, name: str = "input") -> tuple[str, str]:
    """Decode a document's bytes; return its text (LF line ends) and the encoding used.

    Raises:
        MunigoalsError: for empty, binary, PDF or undecodable input, saying what to do.
    """
    if not data.strip():
        raise MunigoalsError(f"{name} is empty; pass a planning document's text")
    problem = _what_binary(data)
    if problem:
        raise MunigoalsError(f"{name} {problem}")
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            best = charset_normalizer.from_bytes(data, cp_isolation=_JAPANESE_ENCODINGS).best()
            if best is None:
                raise MunigoalsError(
                    f"{name} is not text in a known encoding (tried UTF-8, Shift_JIS/cp932, EUC-JP, "
                    "ISO-2022-JP, UTF-16); save it as UTF-8 and try again"
                ) from None
            text, encoding = str(best), best.encoding
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise MunigoalsError(f"{name} is binary, not text; pass the text of a planning document")
    if not text.strip():
        raise MunigoalsError(f"{name} has no text; pass a planning document's text")
    return text, encoding


def read_text(path: Path) -> tuple[str, Document]:
    """Read one file; return its text and a :class:`Document` (format not yet known).

    Raises:
        MunigoalsError: for a missing file, a folder, unreadable or undecodable bytes.
    """
    if not path.exists():
        raise MunigoalsError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise MunigoalsError(
            f"{path} is a folder; pass the documents in it, or the folder to 'munigoals parse'"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MunigoalsError(f"{path}: cannot read: {exc.strerror or exc}") from None
    text, encoding = decode(data, str(path))
    document = Document(
        id=path.name, path=str(path), sha256=hashlib.sha256(data).hexdigest(), encoding=encoding
    )
    return text, document


def _format_list(pairs: Sequence[tuple[City, DocumentFormat]]) -> str:
    if not pairs:
        return "no city plugin is installed (see 'munigoals cities')"
    return "; ".join(f"{fmt.name} ({fmt.description})" for _, fmt in pairs)


def detect_format(
    text: str, host: PluginHost, cities: Sequence[str] | None = None, name: str = "input"
) -> tuple[City, DocumentFormat]:
    """Choose the format that reads ``text`` by asking every installed format to sniff it.

    Raises:
        MunigoalsError: when no format recognises the text, or two claim it equally.
    """
    pairs = host.formats(cities)
    scored: list[tuple[float, City, DocumentFormat]] = []
    for city, fmt in pairs:
        try:
            score = float(fmt.sniff(text))
        except Exception:  # a plugin's broken sniffer must not stop the others
            score = 0.0
        scored.append((score, city, fmt))
    scored.sort(key=lambda item: item[0], reverse=True)
    if not scored or scored[0][0] < SNIFF_THRESHOLD:
        raise MunigoalsError(
            f"no plugin recognises {name}; known formats: {_format_list(pairs)}. "
            "Check that it is a plan in one of these layouts, or add a city plugin"
        )
    best = scored[0][0]
    tied = [item for item in scored if item[0] == best]
    if len(tied) > 1:
        names = " and ".join(item[2].name for item in tied[:2])
        raise MunigoalsError(f"{name} is claimed equally by {names}; choose one city with --city")
    return scored[0][1], scored[0][2]


def parse_text(
    text: str, document: Document, host: PluginHost, cities: Sequence[str] | None = None
) -> ParsedDocument:
    """Sniff and parse already decoded text."""
    city, fmt = detect_format(text, host, cities, document.path)
    document = attrs.evolve(document, format=fmt.name)
    try:
        result = fmt.parse(text, document)
    except MunigoalsError:
        raise
    except Exception as exc:
        raise MunigoalsError(
            f"the {fmt.name} reader failed on {document.path} ({type(exc).__name__}: {exc}); "
            "please report this with the file"
        ) from exc
    if not isinstance(result, ParseResult):
        raise MunigoalsError(f"the {fmt.name} reader returned {type(result).__name__}, not ParseResult")
    return ParsedDocument(document, city, result)


def parse_path(path: Path, host: PluginHost, cities: Sequence[str] | None = None) -> ParsedDocument:
    """Read, sniff and parse one file."""
    text, document = read_text(path)
    return parse_text(text, document, host, cities)


def expand_paths(paths: Iterable[Path]) -> list[tuple[Path, bool]]:
    """Files to read, each with whether it was named directly (``True``) or found in a folder.

    Raises:
        MunigoalsError: for a folder that holds no document.
    """
    files: list[tuple[Path, bool]] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in DOCUMENT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                suffixes = ", ".join(DOCUMENT_SUFFIXES)
                raise MunigoalsError(f"{path} holds no document (looked for {suffixes} files)")
            files.extend((p, False) for p in found)
        else:
            files.append((path, True))
    return files


@attrs.frozen
class ParsedTable:
    """One document read and reduced to one table: what :func:`iter_parse` yields when a table is
    asked for. Much smaller than the plans, so worker processes send it back cheaply.

    Attributes:
        document: The document, with its format.
        issues: Its parse issues.
        rows: Its rows of the table asked for, as plain dicts (see :func:`munigoals.tables.table_rows`).
    """

    document: Document
    issues: tuple[ParseIssue, ...]
    rows: list[dict[str, Any]]


Outcome = ParsedDocument | ParsedTable | MunigoalsError


def _parse_one(path: Path, host: PluginHost, cities: Sequence[str] | None, table: str | None) -> Outcome:
    try:
        parsed = parse_path(path, host, cities)
    except MunigoalsError as exc:
        return exc
    if table is None:
        return parsed
    from munigoals.tables import table_rows

    return ParsedTable(parsed.document, parsed.result.issues, table_rows(parsed.result.plans)[table])


def _parse_in_worker(job: tuple[str, tuple[str, ...] | None, str | None]) -> Outcome:
    """Run in a worker process: the installed plugins parse one file (errors come back as values)."""
    from munigoals.plugins import default_host

    path, cities, table = job
    return _parse_one(Path(path), default_host(), cities, table)


def iter_parse(
    paths: Iterable[Path],
    host: PluginHost,
    cities: Sequence[str] | None = None,
    workers: int = 1,
    table: str | None = None,
) -> Iterator[tuple[Path, ParsedDocument | ParsedTable | ParseIssue]]:
    """Parse files and folders one document at a time, in order; yield each path with its parsed
    document (or, with ``table``, its :class:`ParsedTable`), or with an error-level
    :class:`ParseIssue` for a file found in a folder that cannot be read (nothing is skipped silently).

    With ``workers`` > 1 and the installed plugins (the default host), documents are parsed in that
    many worker processes; a host with plugins registered in-process parses in this process. Ask for
    a ``table`` when that is all you need: sending whole plans back from workers costs about as much
    as parsing them.

    Raises:
        MunigoalsError: for a named file that cannot be read or recognised.
    """
    from munigoals.plugins import default_host

    files = expand_paths(paths)
    wanted = tuple(cities) if cities else None
    if workers > 1 and len(files) > 1 and host is default_host():
        with ProcessPoolExecutor(max_workers=workers) as pool:
            jobs = [(str(p), wanted, table) for p, _ in files]
            yield from _outcomes(files, pool.map(_parse_in_worker, jobs, chunksize=4))
        return
    yield from _outcomes(files, (_parse_one(path, host, wanted, table) for path, _ in files))


def _outcomes(
    files: list[tuple[Path, bool]], outcomes: Iterable[Outcome]
) -> Iterator[tuple[Path, ParsedDocument | ParsedTable | ParseIssue]]:
    for (path, named), outcome in zip(files, outcomes, strict=True):
        if isinstance(outcome, MunigoalsError):
            if named:
                raise outcome
            yield path, ParseIssue(Severity.ERROR, f"skipped: {outcome}", Span.line(path.name, 1))
        else:
            yield path, outcome


def parse_paths(
    paths: Iterable[Path],
    host: PluginHost,
    cities: Sequence[str] | None = None,
    on_progress: Callable[[Path], None] | None = None,
    workers: int = 1,
) -> tuple[list[ParsedDocument], list[ParseIssue]]:
    """Parse files and folders (see :func:`iter_parse`); return the documents and the skipped files.

    Raises:
        MunigoalsError: for a named file that cannot be read or recognised.
    """
    parsed: list[ParsedDocument] = []
    skipped: list[ParseIssue] = []
    for path, outcome in iter_parse(paths, host, cities, workers):
        if isinstance(outcome, ParseIssue):
            skipped.append(outcome)
        elif isinstance(outcome, ParsedDocument):
            parsed.append(outcome)
        if on_progress is not None:
            on_progress(path)
    return parsed, skipped

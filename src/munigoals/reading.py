"""Reading documents: bytes to text, the format chosen by sniffing, and the parse itself.

Encodings: UTF-8 (with or without BOM) is tried first, then charset-normalizer chooses among the
Japanese encodings users hold plans in (Shift_JIS/cp932, EUC-JP) and UTF-16; ISO-2022-JP (7-bit, with
escape sequences) and UTF-16 without a BOM are recognised by their bytes. CRLF and CR become LF, so
line numbers are the same whichever form a file came in. Byte-order marks are removed wherever they
stand (two files joined leave one in the middle), and so are NUL and other control characters, with a
note on each line that lost one.

A document may be at most :data:`MAX_DOCUMENT_MB` megabytes (plans are a few MB of text);
``MUNIGOALS_MAX_DOCUMENT_MB`` lifts the cap. A folder is read recursively: every document in it
(``.txt``, ``.md``, ``.tsv``, ``.text``), each file once; anything else in it (a PDF, a broken link,
a FIFO, an unknown suffix) is listed as skipped, never passed over silently. Hidden files are ignored.
"""

from __future__ import annotations

import collections
import csv
import functools
import hashlib
import io
import itertools
import math
import os
import re
import signal
import stat
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import attrs

from munigoals import cache, sources
from munigoals.errors import MunigoalsError
from munigoals.layouts import Layout, sniff_head
from munigoals.model import Document, ParseIssue, ParseResult, Plan, Severity, Span
from munigoals.plugins import City, PluginHost, default_host, one_line
from munigoals.registry import ConceptRegistry
from munigoals.tables import cited_lines, misfit, table_rows, whole_number
from munigoals.terminal import display_path

if TYPE_CHECKING:  # the process pool is imported only by a run that uses one (multiprocessing is a cost)
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = [
    "DOCUMENT_SUFFIXES",
    "SNIFF_THRESHOLD",
    "ParsedDocument",
    "ParsedTable",
    "PluginFault",
    "decode",
    "detect_layout",
    "expand_paths",
    "iter_parse",
    "parse_path",
    "parse_text",
    "read_text",
]

#: A document is recognised when a format's sniff is at least this confident.
SNIFF_THRESHOLD = 0.5
#: Files in a folder that are read as documents.
DOCUMENT_SUFFIXES = (".txt", ".md", ".tsv", ".text", *sources.PDF_SUFFIXES, *sources.SPREADSHEET_SUFFIXES)
#: The largest document read, in megabytes, unless ``MUNIGOALS_MAX_DOCUMENT_MB`` says otherwise.
MAX_DOCUMENT_MB = 64

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters text does not hold
_STRIPPED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # removed from text (tab and newline stay)
_JAPANESE_ENCODINGS = ["cp932", "shift_jis", "euc_jp", "iso2022_jp", "utf_16", "utf_8"]


@attrs.frozen
class ParsedDocument:
    """One document read and parsed.

    Attributes:
        document: The document, with its format.
        city: The city whose format read it.
        result: Plans and parse issues.
        rows: The plans flattened into rows per table (:func:`munigoals.tables.table_rows`).
    """

    document: Document
    city: City
    result: ParseResult
    rows: dict[str, list[dict[str, object]]] = attrs.field(eq=False, repr=False)


def _what_binary(data: bytes) -> str | None:
    head = data[:4096]
    if head.startswith(b"%PDF"):
        return "is a PDF; pass the file itself (munigoals reads PDFs), not its bytes as text"
    if head.startswith(b"PK\x03\x04"):
        return "is a ZIP container but not a workbook (a .docx?); save it as PDF or text and pass that"
    if head.startswith((b"\xd0\xcf\x11\xe0",)):
        return "is an old Office file but not a workbook (a .doc?); save it as PDF or text and pass that"
    controls = sum(head.count(byte) for byte in (*range(0, 9), *range(14, 27), *range(28, 32)))
    if controls > max(8, len(head) // 100) and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "is binary, not text; pass the text of a planning document (UTF-8 or Shift_JIS)"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Text of UTF-16 bytes that carry no BOM, where the NULs stand where UTF-16 puts them."""
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) < 4 or min(even, odd) > max(even, odd) // 8:
        return None
    encoding = "utf-16-be" if even > odd else "utf-16-le"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if "\n" in text[:4096] or len(text) < 4096 else None


#: The encoding of a UTF-8 file cut inside its last character (its broken bytes reported).
CUT_UTF8 = "utf-8 (last character cut)"


def _utf8(data: bytes) -> str | None:
    """UTF-8 text, or ``None``. A file cut inside its last character keeps its text: the broken bytes
    become U+FFFD, which :func:`parse_text` reports with its line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return data[: exc.start].decode("utf-8") + "\ufffd"
        return None


def decode(data: bytes, name: str = "input") -> tuple[str, str]:
    """Decode a document's bytes; return its text (LF line ends, no BOM) and the encoding used.

    Raises:
        MunigoalsError: for empty, binary, PDF or undecodable input, saying what to do.
    """
    if not data.strip():
        raise MunigoalsError(f"{name} is empty; pass a planning document's text")
    text: str | None = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = data.decode("utf-16", errors="replace"), "utf-16"
    elif b"\x00" in data[:4096] and (utf16 := _utf16_without_bom(data)) is not None:
        text, encoding = utf16, "utf-16"
    elif b"\x1b$B" in data[:4096] or b"\x1b$@" in data[:4096]:
        try:
            text, encoding = data.decode("iso2022_jp"), "iso2022_jp"
        except UnicodeDecodeError:
            raise MunigoalsError(
                f"{name} looks like ISO-2022-JP but does not decode; save it as UTF-8"
            ) from None
    if text is None:
        problem = _what_binary(data)
        if problem:
            raise MunigoalsError(f"{name} {problem}")
        if data.startswith(b"\xef\xbb\xbf"):
            text, encoding = _utf8(data[3:]), "utf-8-sig"
            if text is None:
                raise MunigoalsError(f"{name} starts as UTF-8 (a BOM) but does not decode; save it as UTF-8")
        else:
            text, encoding = _utf8(data), "utf-8"
            if text is not None and text.endswith("\ufffd") and not data.endswith(b"\xef\xbf\xbd"):
                encoding = CUT_UTF8
            if text is None:
                import charset_normalizer  # only for a file that is not UTF-8: most are

                best = charset_normalizer.from_bytes(data, cp_isolation=_JAPANESE_ENCODINGS).best()
                if best is None:
                    raise MunigoalsError(
                        f"{name} is not text in a known encoding (tried UTF-8, Shift_JIS/cp932, EUC-JP, "
                        "ISO-2022-JP, UTF-16); save it as UTF-8 and try again"
                    )
                text, encoding = str(best), best.encoding
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise MunigoalsError(f"{name} is binary, not text; pass the text of a planning document")
    if not text.strip():
        raise MunigoalsError(f"{name} has no text; pass a planning document's text")
    return text, encoding


def clean_controls(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove NUL and other control characters (tab and newline stay); return the text and, for each
    line that lost some, its number and how many."""
    if not _STRIPPED.search(text):
        return text, []
    changed: list[tuple[int, int]] = []
    lines = text.split("\n")
    for k, line in enumerate(lines):
        cleaned, count = _STRIPPED.subn("", line)
        if count:
            lines[k] = cleaned
            changed.append((k + 1, count))
    return "\n".join(lines), changed


def max_document_bytes() -> int:
    """The size cap for one document, from ``MUNIGOALS_MAX_DOCUMENT_MB`` (0.001 to 100,000) or
    :data:`MAX_DOCUMENT_MB`.

    Raises:
        MunigoalsError: for a value that is not a number in that range.
    """
    megabytes = _positive_setting("MUNIGOALS_MAX_DOCUMENT_MB", MAX_DOCUMENT_MB, "megabytes", 0.001, 100_000)
    return int(megabytes * 1_000_000)


def _positive_setting(name: str, default: float, unit: str, least: float, most: float) -> float:
    """The finite number from ``least`` to ``most`` the environment variable ``name`` sets, else
    ``default``.

    Raises:
        MunigoalsError: for a value that is not a number in that range (``inf``, ``nan``, ``1e308``).
    """
    value = os.environ.get(name, str(default))
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not least <= number <= most:  # NaN and infinities fail here too
        raise MunigoalsError(
            f"{name}={value!r} is not a number of {unit} from {least:g} to {most:g}; correct it or unset it"
        )
    return number


def read_text(path: Path) -> tuple[str, Document]:
    """Read one file; return its text and a :class:`Document` (format not yet known).

    The document's id is the file name; bytes of a name that are not UTF-8 are escaped (``\\xNN``).
    A PDF or a workbook is read through :mod:`munigoals.sources`: its text, and in the document where
    each page (sheet) starts.

    Raises:
        MunigoalsError: for a missing file, a folder, a file over the size cap, unreadable or
            undecodable bytes, naming the path and the cause.
    """
    text, document, _ = read_source(path)
    return text, document


def read_source(path: Path) -> tuple[str, Document, tuple[tuple[int, str], ...]]:
    """:func:`read_text`, with the notes of the source stage (``(line, message)``: what a PDF's or a
    workbook's reading normalised or set apart)."""
    shown = display_path(path)
    cap = max_document_bytes()
    try:
        if path.is_dir():
            raise MunigoalsError(
                f"{shown} is a folder; pass the documents in it, or the folder to 'munigoals parse'"
            )
        data = _capped_bytes(path, cap)
    except FileNotFoundError:
        raise MunigoalsError(f"{shown}: no such file; check the path") from None
    except OSError as exc:
        raise MunigoalsError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    if len(data) > cap:
        raise MunigoalsError(
            f"{shown} is larger than {cap // 1_000_000} MB, more than a plan's text; "
            "set MUNIGOALS_MAX_DOCUMENT_MB to read it anyway"
        )
    source = sources.read_published(data, shown)
    text, encoding = (source.text, source.encoding) if source else decode(data, shown)
    document = Document(
        id=display_path(path.name),
        path=shown,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        text_sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        pages=source.pages if source else (),
        page_numbers=source.page_numbers if source else (),
        sheets=source.sheets if source else (),
    )
    return text, document, source.notes if source else ()


def _capped_bytes(path: Path | str, cap: int) -> bytes:
    """The file's bytes, at most one more than ``cap`` (more means: over the cap).

    Raises:
        OSError: as ``open`` does.
    """
    with open(path, "rb") as handle:
        return handle.read(cap + 1)


class PluginFault(MunigoalsError):
    """A plugin misbehaved on one document (raised, hung, returned the wrong thing, or rows for another
    city): the document is reported, the other documents and plugins go on."""


#: Seconds one document may take to read unless ``MUNIGOALS_READ_TIMEOUT`` says otherwise.
READ_TIMEOUT = 120.0


def _read_timeout() -> float:
    return _positive_setting("MUNIGOALS_READ_TIMEOUT", READ_TIMEOUT, "seconds", 0.01, 86_400)


def _plugin_raised(exc: BaseException) -> bool:
    """Whether ``exc``, raised inside a plugin's code, is the plugin's fault (not a real interrupt)."""
    if isinstance(exc, KeyboardInterrupt):
        from munigoals import errors

        return errors.INTERRUPTS_MARKED and not hasattr(exc, "signum")
    return isinstance(exc, Exception | SystemExit)


class _TimedOut(BaseException):
    """The time limit passed (a BaseException: ``except Exception`` in a plugin does not swallow it)."""


_T = TypeVar("_T")


def _limited(seconds: float, function: Callable[[], _T]) -> _T:
    """``function()``, stopped after ``seconds`` where a timer can interrupt it (the main thread on
    POSIX: the command line, and each worker process)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return function()
    fired: list[bool] = []

    def on_alarm(signum: int, frame: object) -> None:
        fired.append(True)
        signal.setitimer(signal.ITIMER_REAL, 0.05)  # again, until the plugin lets it through
        raise _TimedOut

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        result = function()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired:  # the plugin caught the timer and went on: its result came too late
        raise _TimedOut
    return result


def _layout_list(candidates: dict[str, tuple[Layout, list[City]]]) -> str:
    if not candidates:
        return "no city plugin is installed (see 'munigoals cities')"
    return "; ".join(f"{name} ({layout.description})" for name, (layout, _) in candidates.items())


def _sniff(
    head: str, candidates: dict[str, tuple[Layout, list[City]]], host: PluginHost, name: str
) -> tuple[list[tuple[float, str]], list[str]]:
    """Scores of the layouts whose markers stand in ``head``; and one line per broken sniffer."""
    scored: list[tuple[float, str]] = []
    problems: list[str] = []
    for layout_name, (layout, _) in candidates.items():
        if not layout.could_be(head):
            continue
        try:
            score = float(layout.sniff(head))
        except _TimedOut:
            raise
        except BaseException as exc:
            if not _plugin_raised(exc):
                raise
            problems.append(
                f"plugin {host.provider(layout_name)!r}: layout {layout_name} failed to sniff {name} "
                f"({one_line(exc)}); ignored"
            )
            continue
        if not math.isfinite(score) or not 0.0 <= score <= 1.0:
            problems.append(
                f"plugin {host.provider(layout_name)!r}: layout {layout_name} scored {name} {score!r}, "
                "not a number from 0 to 1; ignored"
            )
            continue
        scored.append((score, layout_name))
    scored.sort(reverse=True)
    return scored, problems


def _city_named_in(text: str, users: list[City]) -> list[City]:
    head = sniff_head(text)
    return [city for city in users if city.municipality.name_ja in head]


def detect_layout(
    text: str, host: PluginHost, cities: Sequence[str] | None = None, name: str = "input"
) -> tuple[City, Layout, list[str]]:
    """Choose the layout that reads ``text`` by sniffing each layout once (not once per city), and the
    city whose document it is; also return one line per plugin whose sniffer misbehaved.

    The city is the only selected city using that layout, or the one whose name the document's head
    writes. With ``cities`` (``--city``), a document in another city's layout is reported, never
    re-attributed.

    Raises:
        MunigoalsError: when no layout recognises the text, two claim it equally, or the city cannot
            be told.
    """
    candidates = host.layouts_of(cities)
    head = sniff_head(text)
    scored, problems = _sniff(head, candidates, host, name)
    if not scored or scored[0][0] < SNIFF_THRESHOLD:
        if cities:
            # whose layout is it? Ask every installed plugin (with --city only that city's was loaded)
            everyone = default_host() if host.names is not None else host
            others = {k: v for k, v in everyone.layouts_of(None).items() if k not in candidates}
            elsewhere, _ = _sniff(head, others, host, name)
            if elsewhere and elsewhere[0][0] >= SNIFF_THRESHOLD:
                owners = ", ".join(c.slug for c in others[elsewhere[0][1]][1])
                raise MunigoalsError(
                    f"{name} is in layout {elsewhere[0][1]} (used by {owners}), not one of "
                    f"{', '.join(cities)}'s; drop --city or name the right city"
                )
        raise MunigoalsError(
            f"no plugin recognises {name}; known layouts: {_layout_list(candidates)}. "
            f"Check that it is a plan in one of these layouts, or add a city plugin{host.failure_note()}"
        )
    best = scored[0][0]
    tied = [layout_name for score, layout_name in scored if score == best]
    if len(tied) > 1:
        raise MunigoalsError(
            f"{name} is claimed equally by {' and '.join(tied[:2])}; choose one city with --city"
        )
    layout, users = candidates[tied[0]]
    if len(users) > 1:
        named = _city_named_in(text, users)
        if len(named) != 1:
            slugs = ", ".join(c.slug for c in users)
            raise MunigoalsError(
                f"{name} is in layout {layout.name}, which {slugs} use; say whose it is with --city"
            )
        users = named
    return users[0], layout, problems


def _checked(
    result: object,
    city: City,
    document: Document,
    plugin: str,
    layout: str,
    lines: int | None = None,
    tables: Sequence[str] | None = None,
) -> tuple[ParseResult, dict[str, list[dict[str, object]]]]:
    """The reader's result and its rows of ``tables`` (default: all), if it is what a reader must
    return; else a :class:`PluginFault`."""
    where = f"plugin {plugin!r} (layout {layout}) on {document.path}"
    if not isinstance(result, ParseResult):
        raise PluginFault(f"{where}: returned {type(result).__name__}, not ParseResult")
    for plan in result.plans:
        if not isinstance(plan, Plan):
            raise PluginFault(f"{where}: returned a {type(plan).__name__} among its plans, not a Plan")
        if plan.municipality != city.municipality:
            other = getattr(plan.municipality, "slug", plan.municipality)
            raise PluginFault(f"{where}: returned rows for {other!r}, not for {city.slug!r}")
        if getattr(plan.document, "id", None) != document.id:
            raise PluginFault(f"{where}: returned a plan of another document")
    for issue in result.issues:
        if not isinstance(issue, ParseIssue):
            raise PluginFault(f"{where}: returned a {type(issue).__name__} among its issues")
    try:
        rows = table_rows(result.plans, tables)
    except Exception as exc:
        raise PluginFault(
            f"{where}: returned plans that do not flatten into tables ({one_line(exc)})"
        ) from exc
    for name, table in rows.items():
        wrong = misfit(name, table)
        if wrong is not None:  # the table would change it without a word (2.7 cut to 2)
            raise PluginFault(f"{where}: a row of {name} has {wrong}")
    if lines is not None:  # every fact cites a line the document has, whichever tables are made
        for what, cited in cited_lines(result.plans):
            if cited is None:
                continue
            number = whole_number(cited)
            if number is None:  # 2.7 would be cut to line 2 in a table
                raise PluginFault(f"{where}: a row of {what} cites line {cited!r}, which is no line number")
            if not 1 <= number <= lines:
                raise PluginFault(
                    f"{where}: a row of {what} cites line {cited:,}, outside the document ({lines:,} lines)"
                )
    return result, rows


def parse_text(
    text: str,
    document: Document,
    host: PluginHost,
    cities: Sequence[str] | None = None,
    source_notes: Sequence[tuple[int, str]] = (),
    tables: Sequence[str] | None = None,
) -> ParsedDocument:
    """Sniff and read already decoded text, the plugin's faults contained; its rows of ``tables``
    (default: all) made.

    Raises:
        PluginFault: when the plugin raises (even ``SystemExit``), runs past the time limit
            (``MUNIGOALS_READ_TIMEOUT``, default 120 s) or returns what a reader must not.
        MunigoalsError: when no layout recognises the text.
    """
    text, cleaned = clean_controls(text)
    seconds = _read_timeout()
    try:  # the sniff is plugin code too: under the same limit
        city, layout, problems = _limited(seconds, lambda: detect_layout(text, host, cities, document.path))
    except _TimedOut:
        raise PluginFault(
            f"a plugin's sniff took more than {seconds:g} s on {document.path}; stopped "
            "(MUNIGOALS_READ_TIMEOUT sets the limit; 'munigoals cities --check' finds the plugin)"
        ) from None
    document = attrs.evolve(document, format=layout.name)
    plugin = host.provider(layout.name)
    try:
        result = _limited(seconds, lambda: layout.read(text, document, city.municipality))
    except MunigoalsError:
        raise
    except _TimedOut:
        raise PluginFault(
            f"plugin {plugin!r} (layout {layout.name}) took more than {seconds:g} s on {document.path}; "
            "stopped (MUNIGOALS_READ_TIMEOUT sets the limit)"
        ) from None
    except BaseException as exc:
        if not _plugin_raised(exc):
            raise
        if os.environ.get("MUNIGOALS_DEBUG"):
            traceback.print_exc()
        raise PluginFault(
            f"plugin {plugin!r} (layout {layout.name}) failed on {document.path}: {one_line(exc)} "
            "(--debug shows the traceback; please report it to the plugin's authors)"
        ) from None
    foreign = host.provider(layout.name) != city.plugin_name  # a layout another plugin provides
    if (layout.spec is not None or foreign) and isinstance(result, ParseResult):
        result = _titled(result, city, document, host, invented=foreign and layout.spec is None)
    lines = len(text.splitlines()) or 1
    result, rows = _checked(result, city, document, plugin, layout.name, lines, tables)
    notes = [ParseIssue(Severity.ERROR, problem, Span.line(document.id, 1)) for problem in problems]
    notes += [
        ParseIssue(Severity.WARNING, f"removed {count} control character(s) (NUL, ESC …) from this line",
                   Span.line(document.id, line))
        for line, count in cleaned
    ]  # fmt: skip
    if document.encoding == CUT_UTF8:
        last = text.count("\n") + 1
        cut = (
            "the file ends inside a character (cut short?): its last bytes do not decode and stand as U+FFFD"
        )
        notes.append(ParseIssue(Severity.WARNING, cut, Span.line(document.id, last)))
    notes += [ParseIssue(Severity.NOTE, note, Span.line(document.id, line)) for line, note in source_notes]
    said = any(issue.severity != Severity.NOTE for issue in (*notes, *result.issues))
    # a row of any table stands under a policy: none means recognised, yet nothing read
    if not said and not any(plan.policies for plan in result.plans):  # and nothing said: never silent
        notes.append(
            ParseIssue(
                Severity.ERROR,
                f"layout {layout.name} recognised this document but read nothing from it (no policy, "
                "indicator, role or action); check that it is a plan in this layout (its lines, not one long "
                "line) or run 'munigoals layout check'",
                Span.line(document.id, 1),
            )
        )
    if notes:
        result = attrs.evolve(result, issues=(*notes, *result.issues))
    if document.pages:  # say where in the published file: the page and its line (the sheet and row)
        result = attrs.evolve(result, issues=tuple(_placed(issue, document) for issue in result.issues))
    return ParsedDocument(document, city, result, rows)


def _placed(issue: ParseIssue, document: Document) -> ParseIssue:
    if issue.message.startswith(("p. ", "sheet ")):
        return issue
    return attrs.evolve(issue, message=f"{document.cite(issue.span.first_line)}: {issue.message}")


def _titled(
    result: ParseResult, city: City, document: Document, host: PluginHost, *, invented: bool
) -> ParseResult:
    """Plans titled by the city's known document, never by a layout: its title and period where the
    city knows the document; else, for a spec, the title the document states (or its file name), and
    for another plugin's reader (``invented``), the file name: such a reader may title its own city's
    plans from what it knows of them, which is no fact about this city's document."""
    found = host.known_document(document.text_sha256, document.id)
    if found is not None and found[0].slug == city.slug:
        title, period = found[1].title, found[1].period
    elif invented:
        title, period = document.id, None
    elif (plan := _plan_by_period(city, result)) is not None:
        title, period = plan
    else:
        return result
    plans = tuple(
        attrs.evolve(plan, title=title, fiscal_years=period or (None if invented else plan.fiscal_years))
        if isinstance(plan, Plan)
        else plan
        for plan in result.plans
    )
    return attrs.evolve(result, plans=plans)


def _plan_by_period(city: City, result: ParseResult) -> tuple[str, tuple[int, int]] | None:
    """The city's plan (``City.plans``) whose last year is the last year the plans' targets are set for."""
    years = [
        indicator.target.fiscal_year
        for plan in result.plans
        if isinstance(plan, Plan)
        for policy in plan.policies
        for indicator in policy.indicators
        if indicator.target is not None and indicator.target.fiscal_year is not None
    ]
    return next((p for p in city.plans if years and p[1][1] == max(years)), None)


def parse_path(
    path: Path, host: PluginHost, cities: Sequence[str] | None = None, tables: Sequence[str] | None = None
) -> ParsedDocument:
    """Read, sniff and parse one file; its rows of ``tables`` (default: all) made."""
    text, document, notes = read_source(path)
    return parse_text(text, document, host, cities, notes, tables)


def _skip_reason(path: Path) -> str | None:
    """Why an entry of a folder is not read as a document, or ``None`` when it is one."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return "a broken link" if path.is_symlink() else "gone while the folder was read"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISDIR(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (a FIFO, socket or device)"
    suffix = path.suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        return f"not a document suffix ({', '.join(DOCUMENT_SUFFIXES)})"
    return None


def _walk(folder: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Every entry under ``folder`` but hidden ones, sorted (folders are not followed through links,
    as :meth:`Path.rglob`); and each folder that could not be listed, with the cause."""
    entries: list[Path] = []
    unreadable: list[tuple[Path, str]] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                children = [(Path(e.path), e.is_dir(follow_symlinks=False)) for e in listing]
        except OSError as exc:
            unreadable.append((current, exc.strerror or str(exc)))
            continue
        for child, is_dir in children:
            if child.name.startswith("."):
                continue
            entries.append(child)
            if is_dir:
                pending.append(child)
    return sorted(entries), sorted(unreadable)


def expand_paths(paths: Iterable[Path]) -> tuple[list[tuple[Path, bool]], list[ParseIssue]]:
    """Files to read, each with whether it was named directly (``True``) or found in a folder, and
    notes on what was skipped: entries of a folder that are not documents, and files given twice
    (each file is read once).

    Raises:
        MunigoalsError: for a folder that holds no document.
    """
    files: list[tuple[Path, bool]] = []
    notes: list[ParseIssue] = []
    seen: dict[tuple[int, int], Path] = {}

    def add(path: Path, named: bool) -> None:
        try:
            info = path.stat()
            key = (info.st_dev, info.st_ino)
        except OSError:  # reading it will say what is wrong
            files.append((path, named))
            return
        if key in seen:
            shown = display_path(path)
            first = display_path(seen[key])
            message = (
                f"{shown} is the same file as {first}: read once"
                if shown != first
                else "given twice: read once"
            )
            notes.append(ParseIssue(Severity.NOTE, message, Span.line(display_path(path.name), 1)))
            return
        seen[key] = path
        files.append((path, named))

    for path in paths:
        if not path.is_dir():
            add(path, True)
            continue
        found = 0
        entries, unreadable = _walk(path)
        for folder, problem in unreadable:  # a folder that cannot be listed is never passed over silently
            notes.append(
                ParseIssue(
                    Severity.WARNING,
                    f"skipped {display_path(folder)}: a folder that cannot be read ({problem})",
                    Span.line(display_path(folder.name), 1),
                )
            )
        for entry in entries:
            if entry.name == MANIFEST:
                continue  # the manifest (read as such)
            reason = _skip_reason(entry)
            if reason is None:
                if not entry.is_dir():
                    add(entry, False)
                    found += 1
                continue
            notes.append(
                ParseIssue(
                    Severity.WARNING,
                    f"skipped {display_path(entry)}: {reason}",
                    Span.line(display_path(entry.name), 1),
                )
            )
        if not found:
            suffixes = ", ".join(DOCUMENT_SUFFIXES)
            raise MunigoalsError(f"{display_path(path)} holds no document (looked for {suffixes} files)")
    return files, notes


@attrs.frozen
class ParsedTable:
    """One document read and reduced to the rows of some tables: what :func:`iter_parse` yields when
    tables are asked for. Much smaller than the plans, so worker processes send it back cheaply.

    Attributes:
        document: The document, with its layout.
        issues: Its parse issues.
        rows: Its rows of each table asked for, as plain dicts (see :func:`munigoals.tables.table_rows`).
    """

    document: Document
    issues: tuple[ParseIssue, ...]
    rows: dict[str, list[dict[str, Any]]]


Outcome = ParsedDocument | ParsedTable | MunigoalsError
Tables = str | tuple[str, ...] | None


#: The column that names what a row measures, in the tables a comparison aligns to concepts.
ALIGNED_BY = {"indicators": "name", "targets": "item", "observations": "name"}


@functools.cache
def _registry(host: PluginHost) -> ConceptRegistry:
    return host.concept_registry()


def _parse_one(
    path: Path,
    host: PluginHost,
    cities: Sequence[str] | None,
    tables: Tables,
    aligned_only: bool = False,
    kept: Kept | None = None,
) -> Outcome:
    wanted = (tables,) if isinstance(tables, str) else tables
    try:
        parsed = parse_path(path, host, cities, wanted)
    except MunigoalsError as exc:
        return exc
    if wanted is None:
        return parsed
    if kept is not None and _regular(path):
        _keep(kept, parsed, wanted, cities)
    return _table_of(parsed.document, parsed.result.issues, parsed.rows, wanted, host, aligned_only)


def _keep(kept: Kept, parsed: ParsedDocument, wanted: Sequence[str], cities: Sequence[str] | None) -> None:
    """Keep the document's record: the rows of the tables asked for and of the comparison's, so that a
    later compare reads none again. Plans that do not flatten into the comparison's tables keep no
    record (the tables asked for stand, as they do without records), nor do rows a table would change
    (:func:`munigoals.tables.misfit`)."""
    rows = {name: parsed.rows[name] for name in wanted}
    extra = [name for name in ALIGNED_BY if name not in rows]
    if extra:
        try:
            made = table_rows(parsed.result.plans, extra)
        except Exception:  # the plugin's fault, said where a table it fails is asked for
            return
        if any(misfit(name, made[name]) is not None for name in extra):  # likewise
            return
        rows.update((name, made[name]) for name in extra)
    key = _record_key(kept, parsed.document.path, parsed.document.sha256, cities)
    cache.keep_parts(RECORDS, kept[0], key, (parsed.document, parsed.result.issues), rows)


def _regular(path: Path | str) -> bool:
    """Whether ``path`` is a regular file: a pipe or a device is read once, by the reader alone, and
    what it held is no record's (the same bytes are not there to be read again)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _table_of(
    document: Document,
    issues: tuple[ParseIssue, ...],
    rows: dict[str, list[dict[str, Any]]],
    wanted: Sequence[str],
    host: PluginHost,
    aligned_only: bool,
) -> ParsedTable:
    chosen = {name: rows[name] for name in wanted}
    if aligned_only:  # a comparison needs only rows that match a concept: send back no others
        registry = _registry(host)
        for name, column in ALIGNED_BY.items():
            if name in chosen:
                chosen[name] = [r for r in chosen[name] if registry.align(str(r["city"]), str(r[column]))]
    return ParsedTable(document, issues, chosen)


#: What a document's record is kept under besides its own name: the code stamp
#: (:func:`munigoals.cache.code_stamp`) and which plugins were loaded and which failed.
Kept = tuple[str, list[object]]
#: The kind of record :func:`munigoals.cache.keep_parts` keeps a document's rows as.
RECORDS = "parsed"


class Job(NamedTuple):
    """One document for a worker: what :func:`_parse_one` is called with there.

    Attributes:
        path: The file, as given.
        cities: The city it is read for (``--city``, the manifest, its folder), or ``None``: told by it.
        tables: The tables asked for.
        names: The entry-point names the worker's plugins load (``None``: all).
        aligned_only: Only the rows that match a comparison concept.
        kept: What its record is kept under (:func:`_kept_for`), or ``None``: no record.
    """

    path: str
    cities: tuple[str, ...] | None
    tables: Tables
    names: tuple[str, ...] | None
    aligned_only: bool
    kept: Kept | None


def _record_key(kept: Kept, shown: str, sha256: str, cities: Sequence[str] | None) -> list[object]:
    """A document's record name: the plugins, the path as shown (issues cite it), its bytes, its city."""
    return [kept[1], shown, sha256, list(cities) if cities else None]


def _kept_for(host: PluginHost, tables: Tables) -> Kept | None:
    """What this run's records are kept under, or ``None`` where none may be: no table asked for
    (whole plans), records turned off, or a plugin whose answers no file vouches for."""
    if tables is None or cache.records_off():
        return None
    code = host.code_stamp()
    if code is None:
        return None
    cache.prune_parts(RECORDS, code)
    return code, [
        list(host.names) if host.names is not None else None,
        [[f.name, f.reason] for f in host.failures],
    ]


def _record_key_of(job: Job) -> list[object] | None:
    """The name of the record that may hold ``job``'s document, from the bytes it holds now; ``None``
    where none may: records off, whole plans asked for, a pipe or device, a file that cannot be read
    (read again in a worker, which says what is wrong) or one over the size cap."""
    if job.kept is None or job.tables is None or not _regular(job.path):
        return None
    cap = max_document_bytes()
    try:
        data = _capped_bytes(job.path, cap)
    except OSError:
        return None
    if len(data) > cap:
        return None
    return _record_key(job.kept, display_path(job.path), hashlib.sha256(data).hexdigest(), job.cities)


def _wanted(tables: Tables) -> tuple[str, ...]:
    return () if tables is None else (tables,) if isinstance(tables, str) else tuple(tables)


def _recalled(job: Job, key: list[object], host: PluginHost) -> ParsedTable | None:
    """The document's rows from its record named ``key``, where it holds every table asked for and
    is of the shape records are; ``None`` where not (the document is then read again)."""
    assert job.kept is not None  # a key is made only for a job with a record
    wanted = _wanted(job.tables)
    found = cache.recall_parts(RECORDS, job.kept[0], key, wanted)
    if found is None:
        return None
    (document, issues), rows = found
    if not (
        isinstance(document, Document)
        and isinstance(issues, tuple)
        and all(isinstance(i, ParseIssue) for i in issues)
        and all(isinstance(r, list) for r in rows.values())
        and all(isinstance(x, dict) and "city" in x for r in rows.values() for x in r)
    ):
        return None
    try:
        return _table_of(document, issues, rows, wanted, host, job.aligned_only)
    except (KeyError, TypeError, ValueError):  # a record of another shape: read the document again
        return None


def _parse_in_worker(job: Job) -> Outcome:
    """Run in a worker process: the installed plugins parse one file (errors come back as values)."""
    from munigoals.plugins import host_for

    path, cities, tables, names, aligned_only, kept = job
    return _parse_one(Path(path), host_for(names), cities, tables, aligned_only, kept)


def _worker_init() -> None:
    """Workers leave Ctrl-C to the main process, which ends them (no traceback from each worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # the main process hears it and ends the workers


def _new_pool(workers: int) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, initializer=_worker_init)


#: Whether this process has ended a pool's workers (:func:`_end_pool`): the command line then leaves
#: with ``os._exit`` once its last line is written (see :func:`munigoals.cli.main`).
WORKERS_ENDED = False


def _end_pool(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now (Ctrl-C, SIGTERM, a dead worker). Not ``shutdown(wait=True)``: a worker
    terminated in the middle of sending a result would hang it (the command line then leaves with
    ``os._exit``, so that the interpreter does not wait for the pool's thread either)."""
    import multiprocessing

    global WORKERS_ENDED
    WORKERS_ENDED = True

    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in [*processes, *multiprocessing.active_children()]:
        process.join(timeout=1)
        if process.is_alive():  # one that was still starting, with its signals not yet set
            process.kill()
    # The pool's own thread closes its wake-up pipe as it ends; the interpreter's exit wakes every
    # pool's thread through that pipe, and in Python 3.11 the two can meet on a closed pipe and print
    # a traceback (OSError: Bad file descriptor) after the run's last line. Let it end first.
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(timeout=5)


def _worker_limit() -> float:
    """Seconds a worker may take on one document before it is ended from outside: the sniff and the
    read each have the read time limit, and reading the file a little more."""
    return 2 * _read_timeout() + 5


def _lost(job: Job, what: str, why: str) -> PluginFault:
    shown = display_path(job.path)
    return PluginFault(f"a worker process {what} while reading {shown} ({why}); the other documents go on")


def _in_workers(jobs_list: list[Job], workers: int) -> Iterator[Outcome]:
    """Outcomes in file order from a pool of worker processes, a bounded number in flight.

    A worker that dies (a plugin that calls ``os._exit`` or crashes the interpreter) or that runs past
    the time limit however its plugin handles the timer (the worker is ended from outside) is named
    with its document: what was in flight is read again one document at a time, so the document that
    kills or hangs a worker is the one reported, and the others go on. However the run ends (done, an
    error, Ctrl-C, SIGTERM), no worker is left running.
    """
    from concurrent.futures import Future
    from concurrent.futures import TimeoutError as FutureTimeout
    from concurrent.futures.process import BrokenProcessPool

    limit = _worker_limit()
    pool = _new_pool(workers)
    window = workers * 8
    jobs: Iterator[Job] = iter(jobs_list)
    pending: collections.deque[tuple[Job, Future[Outcome]]] = collections.deque()
    interrupted = False

    def submit(job: Job) -> Future[Outcome]:
        """A job's future; where a worker has died since the last look, one that fails as the pool
        did, so that the dead worker is handled where results are collected."""
        try:
            return pool.submit(_parse_in_worker, job)
        except BrokenProcessPool as exc:
            failed: Future[Outcome] = Future()
            failed.set_exception(exc)
            return failed

    try:
        for job in itertools.islice(jobs, window):
            pending.append((job, submit(job)))
        while pending:
            job, future = pending.popleft()
            try:
                outcome = future.result(timeout=limit)
            except (BrokenProcessPool, FutureTimeout):
                retry = [job, *(j for j, _ in pending)]
                pending.clear()
                _end_pool(pool)
                pool = _new_pool(workers)
                for again in retry:  # one at a time: the document that kills or hangs a worker is named
                    try:
                        yield submit(again).result(timeout=limit)
                        continue
                    except BrokenProcessPool:
                        yield _lost(again, "died", "a plugin ended or crashed the interpreter")
                    except FutureTimeout:
                        yield _lost(again, f"was ended after {limit:g} s", "a plugin that does not stop")
                    _end_pool(pool)
                    pool = _new_pool(workers)
                for job in itertools.islice(jobs, window):
                    pending.append((job, submit(job)))
                continue
            for job in itertools.islice(jobs, 1):
                pending.append((job, submit(job)))
            yield outcome
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: stop the workers now
        interrupted = True
        raise
    finally:
        for _, future in pending:
            future.cancel()
        if interrupted:
            _end_pool(pool)
        else:  # done, or stopped early by an error: the workers finish their document and leave
            pool.shutdown(wait=True, cancel_futures=True)


#: Installed plugins read in worker processes (see :func:`iter_parse`); tests of the core may turn it off.
ISOLATE_PLUGINS = True

#: A manifest beside documents: which city each file is (``file,city``; the city as slug or code).
MANIFEST = "documents.csv"


class _Assigner:
    """Whose each document is, before anything is sniffed: ``--city``; else the manifest beside it
    (``documents.csv``: ``file,city``); else a folder named by a city's slug or code; else nobody yet
    (the layout is sniffed, then the city told by its name in the text)."""

    def __init__(self, host: PluginHost, cities: Sequence[str] | None) -> None:
        self.cities = tuple(cities) if cities else None
        self.keys = {key: c.slug for c in host.cities for key in (c.slug, c.municipality.code)}
        self.manifests: dict[Path, dict[str, str]] = {}

    def _manifest(self, folder: Path) -> dict[str, str]:
        if folder not in self.manifests:
            path = folder / MANIFEST
            assigned: dict[str, str] = {}
            if path.is_file():
                try:
                    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
                except (OSError, UnicodeDecodeError, csv.Error) as exc:
                    raise MunigoalsError(f"{display_path(path)}: cannot read the manifest ({exc})") from None
                for k, row in enumerate(rows, start=2):
                    name, city = (row.get("file") or "").strip(), (row.get("city") or "").strip()
                    if not name or city not in self.keys:
                        known = ", ".join(sorted(set(self.keys.values()))) or "none installed"
                        raise MunigoalsError(
                            f"{display_path(path)}:{k}: a manifest row needs file and city (a slug or "
                            f"code of an installed city: {known}); got file={name!r}, city={city!r}"
                        )
                    assigned[name] = self.keys[city]
            self.manifests[folder] = assigned
        return self.manifests[folder]

    def __call__(self, path: Path) -> tuple[str, ...] | None:
        if self.cities:
            return self.cities
        manifest = self._manifest(path.parent)
        if path.name in manifest:
            return (manifest[path.name],)
        if path.parent.name in self.keys:
            return (self.keys[path.parent.name],)
        return None


def iter_parse(
    paths: Iterable[Path],
    host: PluginHost,
    cities: Sequence[str] | None = None,
    workers: int = 1,
    tables: Tables = None,
    aligned_only: bool = False,
    named_must_read: bool = False,
) -> Iterator[tuple[Path, ParsedDocument | ParsedTable | ParseIssue]]:
    """Parse files and folders one document at a time, in order; yield each path with its parsed
    document (or, with ``tables``, its :class:`ParsedTable`), or with a :class:`ParseIssue` for what
    was skipped: entries of a folder that are not documents, files given twice, and (as errors) files
    found in a folder that cannot be read, and plugin faults. Nothing is skipped silently.

    Each document's city is ``cities`` (``--city``), else the manifest beside it (``documents.csv``),
    else its folder's name (a slug or code), else told from the document; only then is it sniffed,
    and only against the layouts (never cities × layouts).

    With ``workers`` > 1 and the installed plugins, documents are parsed in that many worker processes;
    a host with plugins registered in-process parses in this process. Ask for ``tables`` when that is
    all you need: sending whole plans back from workers costs about as much as parsing them; with
    ``aligned_only``, only rows that match a comparison concept come back (what ``compare`` needs).

    Raises:
        MunigoalsError: for a named file that cannot be read or recognised, or a manifest that cannot.
    """
    files, skipped = expand_paths(paths)
    _read_timeout(), max_document_bytes()  # a bad setting is refused here, before any worker starts
    for note in skipped:
        yield Path(note.span.document), note
    assign = _Assigner(host, cities)
    wanted = [assign(path) for path, _ in files]
    # no more workers than documents or cores; the installed plugins read tables in workers, so that a
    # plugin that hangs, ends or crashes the interpreter is ended and named, never taking the run
    workers = max(1, min(workers, len(files), os.cpu_count() or 1))
    if files and host.from_entry_points and ISOLATE_PLUGINS and (tables is not None or workers > 1):
        kept = _kept_for(host, tables)
        jobs = [
            Job(str(path), city, tables, host.names, aligned_only, kept)
            for (path, _), city in zip(files, wanted, strict=True)
        ]
        yield from _outcomes(files, _recalled_or_read(jobs, host, workers), named_must_read)
        return
    yield from _outcomes(
        files,
        (
            _parse_one(path, host, city, tables, aligned_only)
            for (path, _), city in zip(files, wanted, strict=True)
        ),
        named_must_read,
    )


def _recalled_or_read(jobs: list[Job], host: PluginHost, workers: int) -> Iterator[Outcome]:
    """Outcomes in file order: a document whose record is kept (the same bytes, plugins and code) is
    loaded from it; the others are read in worker processes, which keep their records."""
    kept = jobs[0].kept if jobs else None
    if kept is None:
        yield from _in_workers(jobs, workers)
        return
    # which records hold the tables asked for: looked up first, so that the documents without one can
    # go to the workers in order (none is, where this code keeps no record yet)
    keys = [_record_key_of(job) for job in jobs] if cache.any_parts(RECORDS, kept[0]) else [None] * len(jobs)
    hits = [
        key is not None
        and cache.recall_parts(RECORDS, kept[0], key, _wanted(job.tables), look_only=True) is not None
        for job, key in zip(jobs, keys, strict=True)
    ]
    misses = [job for job, hit in zip(jobs, hits, strict=True) if not hit]
    read = _in_workers(misses, workers) if misses else iter(())
    for job, key, hit in zip(jobs, keys, hits, strict=True):
        if not hit or key is None:
            yield next(read)
        elif (outcome := _recalled(job, key, host)) is not None:  # loaded only now: memory stays flat
            yield outcome
        else:  # removed or damaged since it was looked up: read in a worker of its own
            yield from _in_workers([job], 1)
    yield from read  # nothing is left: the pool ends as it does after its last outcome


def _outcomes(
    files: list[tuple[Path, bool]], outcomes: Iterable[Outcome], named_must_read: bool = False
) -> Iterator[tuple[Path, ParsedDocument | ParsedTable | ParseIssue]]:
    try:
        yield from _named_outcomes(files, outcomes, named_must_read)
    finally:  # stopped early (an error): end the workers now, not when the interpreter collects them
        close = getattr(outcomes, "close", None)
        if close is not None:
            close()


def _named_outcomes(
    files: list[tuple[Path, bool]], outcomes: Iterable[Outcome], named_must_read: bool
) -> Iterator[tuple[Path, ParsedDocument | ParsedTable | ParseIssue]]:
    unread: list[str] = []  # named documents a plugin fault or a limit left unread
    for (path, named), outcome in zip(files, outcomes, strict=True):
        if isinstance(outcome, MunigoalsError):
            if named and not isinstance(outcome, PluginFault):
                raise outcome
            if named:
                unread.append(display_path(path))
            yield (
                path,
                ParseIssue(
                    Severity.ERROR,
                    str(outcome) if isinstance(outcome, PluginFault) else f"skipped: {outcome}",
                    Span.line(display_path(path.name), 1),
                ),
            )
        else:
            if named and _read_to_nothing(outcome):
                unread.append(display_path(path))
            yield path, outcome
    if unread and named_must_read:  # the others were read and reported; a named one unread fails
        raise PluginFault(
            f"{len(unread)} named document(s) not read because of a plugin fault, a limit or an error "
            f"that left nothing read (listed above): {', '.join(unread[:3])}{' …' if len(unread) > 3 else ''}"
        )


def _read_to_nothing(outcome: ParsedDocument | ParsedTable) -> bool:
    """Whether a document gave no row of any table asked for while an error says what was lost."""
    issues = outcome.result.issues if isinstance(outcome, ParsedDocument) else outcome.issues
    return not any(outcome.rows.values()) and any(issue.severity == Severity.ERROR for issue in issues)

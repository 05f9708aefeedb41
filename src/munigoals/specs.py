"""A layout as data: TOML layout specs, validated by a JSON Schema the core ships, read by one engine.

A **layout spec** (``layouts/<name>.toml`` in a city plugin's package) says, as data, what a hand-written
reader used to say in code:

- ``sniff``: literal ``markers`` (one stands in the head of every such document) and weighted
  ``patterns`` (each found adds its weight; the confidence is the sum, at most 1);
- ``furniture``: lines to drop (running titles, captions, tags);
- ``policies``: policy headings, outermost level first, with groups ``id`` and ``title``; ``inline``
  headings are found anywhere in a line (a paragraph holding several);
- ``blocks``: an ``indicator_table`` (cells cut at tabs, at ``|`` pipes, one cell a line or at runs of
  spaces; column roles found by header synonyms; the year in the header or in the cell; the unit in the
  name; ― or なし for none; a comparator after the value), ``inline_indicators``
  (``43.9%⇒50.0% (平成26年度⇒平成31年度)``), ``indicator_rows`` (one row a line, read by a row
  pattern), ``footnotes``, ``items`` (a section of items under a heading: bullets, lines, or lines cut
  at a separator), a ``role_table`` (actor, tab, the roles expected of it; or rows opened by an actor
  line), or a named block kind a plugin registers through the ``munigoals_block_readers`` hook. A
  block with a ``start`` runs to the next policy heading, the next line that starts a block or one of
  the spec's ``boundaries``;
- ``contents``: a table of contents before the first policy heading, one entry per level above the
  policies (``第1編``, ``第1章``); a policy with ``parent = "contents"`` takes the path above it from
  the entries its id names (``1-2-3``: entries ``1`` and ``1-2``); a policy's ``lead`` names the section
  its lines before any block make;
- ``glossary``: the mark that follows a term the plan explains (``*``), taken off every text read;
- ``require_indicators = false``: a layout whose policies may hold roles and sections but no indicator.

Every pattern is a plain regular expression over one normalised line (:attr:`Line.norm`), so a spec can
be evaluated over all lines of all documents at once. Every value goes through the quantity grammar
(:mod:`munigoals.quantities`); nothing in a spec can write a number. A spec that does not follow the
schema is refused with a message naming the spec file and the key (:class:`SpecError`).

A **city is one value**, :class:`City`: its municipality, population, known documents (titles and
periods come from here, never from a layout), concept mappings and the layouts it uses.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from munigoals.cache import validated
from munigoals.errors import MunigoalsError
from munigoals.japanese import (
    StatedYear,
    YearKind,
    actor_group,
    normalize,
    parse_fiscal_year,
    parse_year,
    stated_direction,
    strip_glossary_marks,
)
from munigoals.layouts import DocumentReader, Layout, Line, cell_items, normalized_lines
from munigoals.model import (
    ActorRole,
    Document,
    Indicator,
    IndicatorKind,
    KnownDocument,
    Municipality,
    ParseResult,
    Plan,
    PlanKind,
    Policy,
    PopulationFigure,
    Quantity,
    Section,
    SectionKind,
    Target,
    evolved,
)
from munigoals.patterns import any_of, any_whole, lazy_compile
from munigoals.quantities import (
    APPROXIMATE_BEFORE,
    COMPARATOR_ALT,
    UNITS,
    approximate_word,
    is_no_value,
    leading_year,
    split_unit_from_name,
)
from munigoals.registry import Concept, ConceptMapping

__all__ = [
    "ROLES",
    "SCHEMA_PATH",
    "BlockRead",
    "BlockReader",
    "BlockResolver",
    "City",
    "LayoutSpec",
    "SpecError",
    "load_spec",
    "specs_in",
]

SCHEMA_PATH = Path(__file__).parent / "data" / "layout-spec.schema.json"


@attrs.frozen
class BlockRead:
    """What a named block read, beside indicators: sections, actors' roles, departments, and contexts
    (``(slot, label)``: what the current and later policies sit in, as a spec's ``contexts`` say).
    """

    indicators: tuple[Indicator, ...] = ()
    sections: tuple[Section, ...] = ()
    roles: tuple[ActorRole, ...] = ()
    departments: tuple[str, ...] = ()
    contexts: tuple[tuple[int, str], ...] = ()


#: A named block kind's reader: ``reader(lines, options, document_reader) -> facts`` (indicators, roles
#: of actors or sections of the open policy) or a :class:`BlockRead`. It is given the block's lines (from
#: its ``start`` line to the next heading or block start, or, where the spec has ``boundaries`` or the
#: block ``ends``, to the first line after the start that ends it; never page furniture), the spec's
#: ``options`` and the :class:`DocumentReader` (spans, issues; a :class:`SpecReader`, whose
#: ``policy_id`` and ``text`` it may use).
BlockReader = Callable[
    [Sequence[Line], Mapping[str, Any], DocumentReader], Sequence[Indicator | ActorRole | Section] | BlockRead
]

#: Column roles and the core's header synonyms (regexes over the NFKC header cell, spaces removed); a
#: spec adds its own. Tried in this order: the first role whose synonym matches wins.
ROLES: dict[str, tuple[str, ...]] = {
    "projection": ("見込",),
    "actual": ("実績", "現在$"),
    "mid_target": ("中間目標",),
    "target": ("目標値?$", "^目標", "目標値?\\(", "^計画値"),
    "baseline": ("^現状値?", "^基準値", "^策定時", "^現況値?$", "^基準年"),
    "name": ("^指標名?$", "^成果指標$", "^指標項目$", "^(評価|数値)?指標名$", "^項目$"),
    "unit": ("^単位$",),
    "direction": ("^方向性?$", "^目指す方向$"),
    "policy_code": ("施策コード$", "^施策番号$"),
    "ignore": (),
}
_CELL_END = {"one_per_line": " |", "pipe": "|"}
_SEPARATOR_ROW = lazy_compile(r"^[\s|:-]*-{3,}[\s|:-]*$")
_YEAR_IN_CELL = lazy_compile(
    r"\(([^()]*?(?:(?:\d+|元)\s*年度?|(?<!\d)(?:19|20)\d{2}(?!\d)|(?<![A-Za-z])[HRS]\s*(?:\d{1,2}(?!\d)|元)|(?:平成|令和|昭和)\s*元)[^()]*)\)"
    rf"(?P<after>(?:\s*\([^()\d]*\))*\s*(?:{COMPARATOR_ALT})?)\s*$"
)  # the cell's year in brackets at its end, or before word brackets or a comparator: 12(R4)(速報値)
# a bracket naming the year a change is measured from (2013年度比, R5比): no value's year
_BASE_YEAR = lazy_compile(r"比\s*$")
# a year alone: a header's second line (令和5年度), a labelled value's year line, a year column's cell (R10)
_YEAR_ALONE = lazy_compile(
    r"[(\[]?\s*(?:(?:令和|平成|昭和)\s*(?:元|\d{1,2})|[RHS]\s*(?:元|\d{1,2})|(?:19|20)\d{2})\s*(?:年度?)?"
    r"\s*(?:末|現在|時点)?\s*[)\]]?"
)
_ARROW_VALUES = lazy_compile(r"\d[\d,.]*[^\d→⇒➡]{0,6}\s*[→⇒➡]\s*[-▲△]?\d")
_CELL_MARK = lazy_compile(r"※\s*\d*(?=(?:\s*※\s*\d*)*\s*(?:\([^()]*\))*\s*$)")  # 80%以上※1※2: each mark
_COMPARATOR_WORD = lazy_compile(COMPARATOR_ALT)
_PLUS = lazy_compile(r"\+\s*\d")
# a cell that begins with a word making its number approximate (約5%増; read where it can be: 約320人)
_APPROX = lazy_compile(rf"(?:{'|'.join(APPROXIMATE_BEFORE)})\s*\d")
# what a target cell says after its number that makes it a change by that much (10%増, 5件減少)
_CHANGE_REST = lazy_compile(
    r"(?:^|; )(?:程度|前後)?\s*の?(?:(?:増|減)(?:加|少)?(?=$|[\s;(※をの])|削減|上昇|向上|低下|アップ|ダウン)"
)
# the header of a column of years (目標年度, 基準年次, 目標時期)
_YEAR_HEADER = lazy_compile(r"年度$|年次$|時期$|年$")
_DIGIT = lazy_compile(r"\d")
_STARTS_WITH_NUMBER = lazy_compile(r"[-+▲△]?\d")
_NOT_A_NAME = lazy_compile(r"^[※注*・●◆■]|。$")  # a note or a sentence under a table, not a name's end
_TITLE_SPACES = lazy_compile(r"(?<=[、。])\s+")


class SpecError(MunigoalsError):
    """A layout spec that cannot be used: the message names the spec file and the key."""


@functools.cache
def _validator() -> Any:
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _key(path: Sequence[object]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


#: What a spec's patterns may not use: lookaround and backreferences, which the regex engine that runs
#: a spec over all lines at once (Polars', Rust's ``regex``) does not have.
_UNPORTABLE = lazy_compile(r"\(\?<?[=!]|\\[1-9]|\(\?P=")


def _compile(where: str, key: str, pattern: str) -> re.Pattern[str]:
    if isinstance(where, _Source) and where.checked:
        return lazy_compile(pattern)
    if _UNPORTABLE.search(pattern):
        raise SpecError(
            f"{where}: {key}: lookaround and backreferences cannot run over all lines at once "
            "(Polars' regex engine); rewrite the pattern without them"
        )
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise SpecError(f"{where}: {key}: not a regular expression ({exc})") from None


def _in_a_line(regex: re.Pattern[str], head: str) -> bool:
    """Whether ``regex`` is found in one of the normalised lines of ``head`` (which are made once for
    all the specs that sniff it, and its reader). Most patterns are in no line: one search of the lines
    as one text says so, and only a hit there is checked line by line."""
    across = _across_lines(regex.pattern, regex.flags)
    if across is not None and across.search(_head_text(head)) is None:
        return False
    return any(regex.search(line) for line in normalized_lines(head))


@functools.lru_cache(maxsize=2)
def _head_text(head: str) -> str:
    """A head's normalised lines as one text, for :func:`_across_lines`."""
    return "\n".join(normalized_lines(head))


@functools.lru_cache(maxsize=1024)
def _across_lines(pattern: str, flags: int) -> re.Pattern[str] | None:
    """``pattern`` over a text of many lines (``^`` and ``$`` at each line's ends): it is found there
    wherever it is found in one of the lines (it may also be found across two, so a hit is checked
    line by line). ``None`` where that cannot be said: a pattern anchored at the text's ends (``\\A``,
    ``\\Z``, ``\\z``) or that turns flags off for a part (``(?-m:…)``)."""
    if any(mark in pattern for mark in ("\\A", "\\Z", "\\z", "(?-")):
        return None
    try:
        return re.compile(pattern, flags | re.MULTILINE)
    except (re.error, ValueError):
        return None


@attrs.frozen
class _Table:
    cells: str
    cell_end: str
    roles: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    none: frozenset[str]
    #: the heading a table stands under, where the spec names one (【活動指標】): read only below it
    start: re.Pattern[str] | None = None
    #: what its indicators are (outcome, process), where the spec says so of this table
    kind: IndicatorKind | None = None

    def role(self, header: str) -> str | None:
        compact = header.replace(" ", "")
        for role, patterns in self.roles:
            if any(p.search(compact) for p in patterns):
                return role
        return None

    def split(self, norm: str) -> tuple[list[str], bool]:
        """The cells of a row, and whether the row is whole (ends with its ``cell_end``)."""
        if self.cells == "tab":  # given the raw line: normalising collapses tabs and runs of spaces
            return [normalize(c) for c in norm.split("\t")], True
        if self.cells == "spaces":
            return [normalize(c) for c in _SPACES_CUT.split(norm.strip()) if c.strip()], True
        whole = norm.rstrip().endswith(self.cell_end)
        body = (norm.rstrip().removesuffix(self.cell_end) if whole else norm).strip()
        body = body.removeprefix("|")  # a Markdown row may open with a pipe too
        return [c.strip() for c in body.split("|")], whole


@attrs.frozen
class _Inline:
    regex: re.Pattern[str]
    none: frozenset[str]


@attrs.frozen
class _Custom:
    kind: str
    start: re.Pattern[str]
    options: Mapping[str, Any]
    ends: tuple[re.Pattern[str], ...] | None = None


@attrs.frozen
class _Rows:
    """``indicator_rows``: a table whose rows are one line each, read by a row pattern."""

    start: re.Pattern[str]
    row: re.Pattern[str]
    header: tuple[re.Pattern[str], ...]
    target_year: re.Pattern[str] | None
    category: re.Pattern[str] | None
    kinds: Mapping[str, str]


@attrs.frozen
class _Notes:
    start: re.Pattern[str]


@attrs.frozen
class _Labelled:
    """``labelled_values``: an indicator as a record of lines, its name on the first (``指標名: …``), each
    value on a line of its own after a label that says what it is (``現状値(R4): 45.2%``)."""

    start: re.Pattern[str]
    label: re.Pattern[str]
    table: _Table


@attrs.frozen
class _Context:
    regex: re.Pattern[str]
    slot: int
    label: str


@attrs.frozen
class _Flow:
    """A spec's keys for pages read as a flow of parts: trailing furniture, boundaries, contexts, carried
    lines, whether blocks need a heading."""

    trail: tuple[re.Pattern[str], int] | None = None
    boundaries: tuple[re.Pattern[str], ...] = ()
    contexts: tuple[_Context, ...] = ()
    carried: tuple[tuple[re.Pattern[str], str], ...] = ()
    require_heading: bool = False


_PART_NAMES: dict[type, str] = {_Rows: "table", _Notes: "footnote", _Labelled: "record"}
_CORE_KINDS = (
    "indicator_table", "inline_indicators", "indicator_rows", "labelled_values", "footnotes", "items",
    "role_table",
)  # fmt: skip
#: a value line of a labelled record: a short label, a colon (：, NFKC :), the value
_LABEL = r"^(?P<label>[^:]{1,20}?)\s*:\s*(?P<value>.*)$"
#: Kinds merged into another (parallel branches had written one kind each for the same job): a spec
#: naming one is refused, told the kind to use and what its keys became.
_MERGED_KINDS = {
    "bullets": (
        "items",
        "its mark becomes bullet, a regex (mark = \"●\": bullet = '^●+'), section becomes name, "
        "a start's group section becomes group label",
    ),
    "actor_roles": ("role_table", "its keys start, actor, header and sentence_end stay as they are"),
}


def _merged_kinds(where: str, data: Mapping[str, Any]) -> None:
    """Refuse a block of a kind merged into another, naming the kind to use instead."""
    blocks = data.get("blocks")
    for k, block in enumerate(blocks if isinstance(blocks, list) else ()):
        kind = block.get("kind") if isinstance(block, dict) else None
        if isinstance(kind, str) and kind in _MERGED_KINDS:
            instead, keys = _MERGED_KINDS[kind]
            raise SpecError(
                f"{where}: blocks[{k}].kind: kind {kind!r} is no more; use kind = {instead!r} ({keys})"
            )


#: a whole name, its unit bracket and then more text: not the start of a name that wraps onto a row
_UNIT_THEN_TEXT = lazy_compile(
    r"\((?:"
    + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
    + r")(?:\s*/\s*年)?\s*\)\s*(?!\(\s*※)\S"
)


@attrs.frozen
class _Heading:
    regex: re.Pattern[str]
    level: int
    inline: bool
    title_max: int | None = None
    parent: str = "headings"
    lead: str | None = None


@attrs.frozen
class _Items:
    """A section of items under a heading (block kind ``items``): bullets, lines, or lines cut at a
    separator."""

    start: re.Pattern[str]
    name: str | None
    bullet: re.Pattern[str] | None
    split: re.Pattern[str] | None
    mark: re.Pattern[str] | None
    kind: SectionKind
    title_in_next_heading: bool
    skip_empty: bool
    includes_start: bool = False
    continues: tuple[str, ...] | None = None


@attrs.frozen
class _RoleTable:
    """A table of actors and the roles expected of them (block kind ``role_table``): a row a line cut
    at a tab (``cells = "tab"``: the actor, then the roles as ``・`` bullets or ``<li>`` items), or rows
    opened by an ``actor`` line whose statements wrap until ``sentence_end``."""

    start: re.Pattern[str]
    cells: str | None = None
    actor: re.Pattern[str] | None = None
    header: tuple[re.Pattern[str], ...] = ()
    sentence_end: re.Pattern[str] | None = None


@attrs.frozen
class _Contents:
    """One level of a table of contents: its entry's regex (groups ``key``, ``title``) and label."""

    regex: re.Pattern[str]
    label: str


@attrs.frozen
class LayoutSpec:
    """A layout spec, loaded and validated (see the module's docstring for its keys).

    Attributes:
        path: The spec file.
        name: ``<plugin>.<layout>``.
        description: One line saying which documents have this layout.
    """

    path: Path
    name: str
    description: str
    plan_kind: PlanKind
    indicator_kind: IndicatorKind | None
    title: re.Pattern[str] | None
    markers: tuple[str, ...]
    patterns: tuple[tuple[re.Pattern[str], float], ...]
    furniture: tuple[re.Pattern[str], ...]
    headings: tuple[_Heading, ...]
    blocks: tuple[_Table | _Inline | _Custom | _Rows | _Notes | _Labelled | _Items | _RoleTable, ...]
    block_readers: Mapping[str, BlockReader] = attrs.field(factory=dict, eq=False)
    flow: _Flow = _Flow()
    contents: tuple[_Contents, ...] = ()
    glossary: str | None = None
    require_indicators: bool = True

    def sniff(self, head: str) -> float:
        """Confidence from 0 to 1: the sum of the weights of the patterns found in ``head``."""
        return min(1.0, float(sum(weight for regex, weight in self.patterns if _in_a_line(regex, head))))

    def read(self, text: str, document: Document, municipality: Municipality) -> ParseResult:
        """Read ``text`` with this spec."""
        return SpecReader(self, text, document, municipality).read()

    def layout(self) -> Layout:
        """The :class:`Layout` this spec reads."""
        return Layout(self.name, self.description, self.sniff, self.read, self.markers, str(self.path))

    def trace(self, text: str, document: Document, municipality: Municipality) -> list[tuple[int, str, str]]:
        """What each line of ``text`` was read as: ``(line, role, detail)``, for ``layout check``."""
        reader = SpecReader(self, text, document, municipality)
        reader.read()
        return sorted(reader.trace.values())


#: Given the block kinds a spec names that the core does not read, the readers of those kinds
#: (the plugin host asks its plugins through the ``munigoals_block_readers`` hook).
BlockResolver = Callable[[tuple[str, ...]], Mapping[str, BlockReader]]


def load_spec(path: Path, block_readers: BlockResolver | None = None) -> LayoutSpec:
    """Load and validate the spec at ``path``; ``block_readers`` gives the readers of named block kinds.

    Raises:
        SpecError: naming the file and the key, for a spec that is not TOML, does not follow the schema,
            holds a pattern that is no regular expression or names a block kind nobody reads.
    """
    where = str(path)
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise SpecError(f"{where}: cannot be read ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SpecError(f"{where}: not TOML ({exc})") from None

    _merged_kinds(where, data)  # before the schema, which would read it as a plugin's kind
    blocks = data.get("blocks")  # the schema is not checked yet: take only what is plainly a kind
    kinds = (b.get("kind") for b in (blocks if isinstance(blocks, list) else ()) if isinstance(b, dict))
    plugin_kinds = tuple(dict.fromkeys(k for k in kinds if isinstance(k, str) and k not in _CORE_KINDS))
    readers = dict(block_readers(plugin_kinds)) if plugin_kinds and block_readers is not None else {}
    built: list[LayoutSpec] = []

    def check() -> None:
        errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
        if errors:
            error = min(errors, key=lambda e: -len(e.absolute_path))
            raise SpecError(f"{where}: {_key(list(error.absolute_path))}: {error.message}")
        built.append(_build(_Source(where, checked=False), path, data, readers))

    # A spec that passed this whole load before, byte for byte, is not validated again (nor jsonschema
    # imported), and its patterns compile when first used: a command that reads no document compiles none.
    # (A record of this kind vouches for the whole load; those of "layout-spec" vouched for the schema.)
    validated("layout-spec-load", raw, _checks(), check)
    return built[0] if built else _build(_Source(where, checked=True), path, data, readers)


@functools.cache
def _checks() -> bytes:
    """What a spec is checked by: the schema, and this module's code (a development install keeps its
    version number while the checks change)."""
    return SCHEMA_PATH.read_bytes() + Path(__file__).read_bytes()


class _Source(str):
    """A spec file's name, as messages name it; ``checked``: its bytes passed this whole load before (its
    patterns are then compiled when first used, and their groups are not checked again)."""

    checked: bool

    def __new__(cls, where: str, *, checked: bool) -> _Source:
        source = super().__new__(cls, where)
        source.checked = checked
        return source


def _build(
    where: _Source, path: Path, data: Mapping[str, Any], readers: Mapping[str, BlockReader]
) -> LayoutSpec:
    patterns = tuple(
        (_compile(where, f"sniff.patterns[{k}].regex", p["regex"]), float(p["weight"]))
        for k, p in enumerate(data["sniff"]["patterns"])
    )
    furniture = tuple(_compile(where, f"furniture[{k}]", p) for k, p in enumerate(data.get("furniture", [])))
    headings = []
    for k, heading in enumerate(data.get("policies", [])):
        regex = _compile(where, f"policies[{k}].regex", heading["regex"])
        if not where.checked and "title" not in regex.groupindex:
            raise SpecError(f"{where}: policies[{k}].regex: needs a group (?P<title>…)")
        headings.append(
            _Heading(
                regex,
                heading.get("level", 1),
                heading.get("inline", False),
                heading.get("title_max"),
                heading.get("parent", "headings"),
                heading.get("lead"),
            )
        )
    blocks: list[_Table | _Inline | _Custom | _Rows | _Notes | _Labelled | _Items | _RoleTable] = []
    for k, block in enumerate(data["blocks"]):
        key = f"blocks[{k}]"
        none = frozenset(block.get("none", ()))
        extra = block.get("columns", {})
        # the city's own header words first, whatever their role (目標項目 as the name beats the core's
        # 目標 of targets), then the core's, in the roles' order
        roles = tuple(
            (role, tuple(_compile(where, f"{key}.columns.{role}[{j}]", p) for j, p in enumerate(extra[role])))
            for role in ROLES
            if extra.get(role)
        ) + tuple(
            (role, tuple(_compile(where, f"{key}.columns.{role}", p) for p in core))
            for role, core in ROLES.items()
        )
        if block["kind"] == "indicator_table":
            end = block.get("cell_end", _CELL_END.get(block["cells"], ""))
            start = _compile(where, f"{key}.start", block["start"]) if "start" in block else None
            kind = IndicatorKind(block["indicator_kind"]) if "indicator_kind" in block else None
            blocks.append(_Table(block["cells"], end, roles, none, start, kind))
        elif block["kind"] == "labelled_values":
            start = _compile(where, f"{key}.start", block["start"])
            label = _compile(where, f"{key}.label", block.get("label", _LABEL))
            if not where.checked and "name" not in start.groupindex:
                raise SpecError(f"{where}: {key}.start: needs the group name")
            if not where.checked and not {"label", "value"} <= set(label.groupindex):
                raise SpecError(f"{where}: {key}.label: needs the groups label and value")
            blocks.append(_Labelled(start, label, _Table("labelled", "", roles, none)))
        elif block["kind"] == "inline_indicators":
            regex = _compile(where, f"{key}.regex", block["regex"])
            missing = (
                []
                if where.checked
                else [g for g in ("name", "baseline", "target") if g not in regex.groupindex]
            )
            if missing:
                raise SpecError(f"{where}: {key}.regex: needs the groups {', '.join(missing)}")
            blocks.append(_Inline(regex, none))
        elif block["kind"] in ("items", "role_table"):
            blocks.append(_load_section_block(where, key, block))
        elif block["kind"] in _CORE_KINDS:
            blocks.append(_flow_block(where, key, block))
        else:
            if block["kind"] not in readers:
                known = ", ".join(sorted(readers)) or "none registered"
                raise SpecError(
                    f"{where}: {key}.kind: no plugin reads blocks of kind {block['kind']!r} "
                    f"(munigoals_block_readers; registered: {known})"
                )
            start = _compile(where, f"{key}.start", block["start"])
            ends = (
                tuple(_compile(where, f"{key}.ends[{j}]", p) for j, p in enumerate(block["ends"]))
                if "ends" in block
                else None
            )
            blocks.append(_Custom(block["kind"], start, dict(block.get("options", {})), ends))
    title = _compile(where, "title", data["title"]) if "title" in data else None
    return LayoutSpec(
        path,
        data["name"],
        data["description"],
        PlanKind(data.get("plan_kind", PlanKind.COMPREHENSIVE.value)),
        IndicatorKind(data["indicator_kind"]) if "indicator_kind" in data else None,
        title,
        tuple(data["sniff"]["markers"]),
        patterns,
        furniture,
        tuple(headings),
        tuple(blocks),
        readers,
        _flow_keys(where, data),
        tuple(
            _Contents(_compile(where, f"contents[{k}].regex", c["regex"]), c["label"])
            for k, c in enumerate(data.get("contents", []))
        ),
        data.get("glossary", {}).get("mark"),
        data.get("require_indicators", True),
    )


def _load_section_block(where: _Source, key: str, block: Mapping[str, Any]) -> _Items | _RoleTable:
    def optional(name: str) -> re.Pattern[str] | None:
        return _compile(where, f"{key}.{name}", block[name]) if name in block else None

    start = _compile(where, f"{key}.start", block["start"])
    if block["kind"] == "role_table":
        actor = optional("actor")
        if actor is not None and not where.checked and "actor" not in actor.groupindex:
            raise SpecError(f"{where}: {key}.actor: needs a group (?P<actor>…)")
        header = tuple(
            _compile(where, f"{key}.header[{j}]", p) for j, p in enumerate(block.get("header", ()))
        )
        if actor is None and block.get("cells") != "tab":
            raise SpecError(f'{where}: {key}: a role table needs cells = "tab" or an actor regex')
        return _RoleTable(start, block.get("cells"), actor, header, optional("sentence_end"))
    mark = optional("mark")
    if mark is not None and not where.checked and mark.groups != 1:
        raise SpecError(f"{where}: {key}.mark: needs one group, the mark itself (written with a space after)")
    return _Items(
        start,
        block.get("name"),
        optional("bullet"),
        optional("split"),
        mark,
        SectionKind(block.get("section_kind", SectionKind.TEXT.value)),
        block.get("title_in_next_heading", False),
        block.get("skip_empty", False),
        block.get("includes_start", False),
        tuple(block["continues"]) if "continues" in block else None,
    )


def _flow_block(where: _Source, key: str, block: Mapping[str, Any]) -> _Rows | _Notes:
    def rx(name: str) -> re.Pattern[str]:
        return _compile(where, f"{key}.{name}", block[name])

    def rxs(name: str) -> tuple[re.Pattern[str], ...]:
        return tuple(_compile(where, f"{key}.{name}[{j}]", p) for j, p in enumerate(block.get(name, ())))

    start = rx("start")
    if block["kind"] == "indicator_rows":
        row = rx("row")
        missing = [] if where.checked else [g for g in ("baseline", "target") if g not in row.groupindex]
        if missing:
            raise SpecError(f"{where}: {key}.row: needs the groups {', '.join(missing)}")
        year = rx("target_year") if "target_year" in block else None
        if year is not None and not where.checked and "year" not in year.groupindex:
            raise SpecError(f"{where}: {key}.target_year: needs a group (?P<year>…)")
        category = rx("category") if "category" in block else None
        return _Rows(start, row, rxs("header"), year, category, dict(block.get("kinds", {})))
    if not where.checked and ("mark" not in start.groupindex or "text" not in start.groupindex):
        raise SpecError(f"{where}: {key}.start: needs the groups mark and text")
    return _Notes(start)


def _flow_keys(where: _Source, data: Mapping[str, Any]) -> _Flow:
    trail = None
    if "furniture_trail" in data:
        after = _compile(where, "furniture_trail.after", data["furniture_trail"]["after"])
        trail = (after, int(data["furniture_trail"]["max_chars"]))
    boundaries = tuple(
        _compile(where, f"boundaries[{k}]", p) for k, p in enumerate(data.get("boundaries", ()))
    )
    contexts = tuple(
        _Context(_compile(where, f"contexts[{k}].regex", c["regex"]), c["slot"], c["label"])
        for k, c in enumerate(data.get("contexts", ()))
    )
    for k, context in enumerate(() if where.checked else contexts):
        try:
            context.label.format(**{g: "" for g in context.regex.groupindex})
        except (KeyError, IndexError, ValueError) as exc:
            raise SpecError(f"{where}: contexts[{k}].label: names no group of its regex ({exc})") from None
    carried = tuple(
        (_compile(where, f"carried[{k}].regex", c["regex"]), c["section"])
        for k, c in enumerate(data.get("carried", ()))
    )
    return _Flow(trail, boundaries, contexts, carried, bool(data.get("require_heading", False)))


def specs_in(folder: Path, block_readers: BlockResolver | None = None) -> list[LayoutSpec]:
    """Every spec (``*.toml``) in ``folder``, by file name (none when there is no such folder)."""
    if not folder.is_dir():
        return []
    return [load_spec(path, block_readers) for path in sorted(folder.glob("*.toml"))]


@attrs.define
class _PolicyBuild:
    id: str
    title: str
    level: int
    parent: tuple[str, ...]
    first: int
    last: int
    note: str | None
    indicators: list[Indicator] = attrs.Factory(list)
    sections: list[Section] = attrs.Factory(list)
    roles: list[ActorRole] = attrs.Factory(list)
    departments: list[str] = attrs.Factory(list)
    footnotes: dict[str, str] = attrs.Factory(dict)
    carried: list[tuple[str, tuple[str, ...]]] = attrs.Factory(list)


@attrs.define
class _OpenTable:
    block: _Table
    columns: list[tuple[str, str, int | None]] = attrs.Factory(list)  # role, header, header year
    header_lines: list[int] = attrs.Factory(list)
    in_header: bool = True
    pending: list[tuple[int, str]] = attrs.Factory(list)  # one_per_line: the cells of the row so far
    header_size: int = 0  # one_per_line without a closing mark: the header's cells, counted ahead
    head: list[tuple[int, str]] = attrs.Factory(list)  # one_per_line: the first part of a wrapped name
    merged: int = 0  # one_per_line: lines of the row's name joined so far (a name that wrapped)
    centres: list[float] = attrs.Factory(list)  # spaces: where each header cell stands, in display columns
    code: str | None = None  # the last row's policy_code: a blank cell under it is a merged one


class SpecReader(DocumentReader):
    """Reads a document with a :class:`LayoutSpec`: each line is furniture, a heading, a table header
    or row (or cell), inline indicators, a named block, or not read (reported)."""

    def __init__(self, spec: LayoutSpec, text: str, document: Document, municipality: Municipality) -> None:
        super().__init__(text, document, municipality)
        self.spec = spec
        self.policies: list[_PolicyBuild] = []
        self.trace: dict[int, tuple[int, str, str]] = {}
        self.table: _OpenTable | None = None
        self.table_heading: _Table | None = None  # the table whose heading (start) stands last above
        self.title: str | None = None
        self.carry: tuple[int, str] | None = None  # inline: a name's first part that ends a line
        self._contexts: dict[int, str] = {}
        self._carried: dict[str, list[str]] = {}
        self._carried_first: int | None = None
        self._furniture_lines: set[int] = set()
        # by line number (0 unused), from _classify: what each line is, tested once
        self._furniture_at: list[bool] = []
        self._heading_at: list[_Heading | None] = []
        self._boundary_at: list[bool] = []
        self._next_heading: list[int] = []
        self._next_stop: list[int] = []
        self._start_at: list[bool] = []  # a named block, items or a role table may start here
        self.contents: dict[str, str] = {}  # a table of contents' entries, by key path (1, 1-2)

    # -- what each line is -------------------------------------------------------------------------
    def _mark(self, no: int, role: str, detail: str = "") -> None:
        self.trace.setdefault(no, (no, role, detail))

    def read(self) -> ParseResult:
        """The plan the spec finds in the document, with what could not be read."""
        tables = [b for b in self.spec.blocks if isinstance(b, _Table)]
        inlines = [b for b in self.spec.blocks if isinstance(b, _Inline)]
        started = [
            b
            for b in self.spec.blocks
            if isinstance(b, _Custom | _Rows | _Notes | _Labelled | _Items | _RoleTable)
        ]
        whole_headings = [h for h in self.spec.headings if not h.inline]
        inline_headings = [h for h in self.spec.headings if h.inline]
        self._classify(whole_headings)
        skip_to = self._read_contents(whole_headings) if self.spec.contents else 0
        for line in self.lines:
            no, norm = line.no, line.norm
            if no <= skip_to:
                continue
            if no in self._furniture_lines:
                self._mark(no, "furniture")
                continue
            if self.title is None and self.spec.title and (m := self.spec.title.search(norm)):
                self.title = (m.groupdict().get("title") or m.group(0)).strip()
                if m.group(0).strip() == norm:  # a line of its own: the title, nothing else
                    self._mark(no, "title", self.title)
                    continue
            if not norm:
                self._mark(no, "blank")
                continue
            if self._furniture_at[no]:
                # page furniture inside a table (a page break) is skipped: the table goes on below it
                self._mark(no, "furniture")
                continue
            heading = self._heading_at[no]
            if heading is not None:
                self._close_table()
                self.table_heading = None
                match = heading.regex.fullmatch(norm)
                assert match is not None
                if not self._too_long(heading, match, no):
                    self._open_policy(match, heading.level, no, heading)
                    if heading.lead is not None:
                        skip_to = self._lead(heading.lead, no)
                continue
            if self._start_at[no] and (
                headed := next((t for t in tables if t.start and _starts(t.start, line)), None)
            ):
                self._close_table()
                self.table_heading = headed  # 【活動指標】: the table below it is this block's
                self._mark(no, "heading", "table")
                continue
            if tables and self._table_line(tables, line):
                continue
            self._close_table()
            if (inlines or inline_headings) and self._inline_line(inlines, inline_headings, line):
                continue
            if self._flow_line(line):
                continue
            # a named block, items or a role table starts only where _start_at says one may
            block = next(
                (
                    b
                    for b in started
                    if (self._start_at[no] or isinstance(b, _Rows | _Notes | _Labelled))
                    and _block_starts(b, line)
                    and self._opens(b)
                ),
                None,
            )
            if isinstance(block, _Custom):
                skip_to = self._custom_block(block, no)
                continue
            if isinstance(block, _Items | _RoleTable):
                skip_to = self._section_block(block, no)
                continue
            if block is not None:
                skip_to = self._flow_part(block, no)
                continue
            self._mark(no, "not read")
            self.issue(
                no, f"not read: no heading, row or indicator of layout {self.spec.name}: {norm[:40]!r}"
            )
        self._close_table()
        if self._carried_first is not None:
            self.issue(
                self._carried_first,
                "lines that belong to the next policy, yet no policy heading follows: not read",
            )
        return self._result()

    # -- policies ----------------------------------------------------------------------------------
    def _open_policy(
        self, match: re.Match[str], level: int, no: int, heading: _Heading | None = None
    ) -> None:
        groups = match.groupdict()
        title = _TITLE_SPACES.sub("", self.text(groups.get("title") or "").strip())
        pid = (groups.get("id") or "").strip()
        note = None if pid else "the document prints no number for this heading: its title is its id"
        parent = tuple(p.title for p in self._open_levels() if p.level < level)
        if self.spec.flow.contexts:
            parent = tuple(label for _, label in sorted(self._contexts.items()))
        if heading is not None and heading.parent == "contents":
            parent = self._contents_path(pid)
        self.policies.append(_PolicyBuild(pid or title, title, level, parent, no, no, note))
        self.policies[-1].carried = [(name, tuple(items)) for name, items in self._carried.items()]
        self._carried, self._carried_first = {}, None
        self._mark(no, "heading", f"policy {pid or title!r} (level {level})")

    def _open_levels(self) -> list[_PolicyBuild]:
        open_: list[_PolicyBuild] = []
        for policy in self.policies:
            while open_ and open_[-1].level >= policy.level:
                open_.pop()
            open_.append(policy)
        return open_

    def _policy(self, no: int) -> _PolicyBuild:
        if not self.policies:
            self.policies.append(
                _PolicyBuild(
                    "-", "(no heading)", 1, (), no, no, "the document prints no heading above these rows"
                )
            )
        return self.policies[-1]

    def _add(self, indicator: Indicator) -> None:
        policy = self._policy(indicator.span.first_line)
        policy.indicators.append(indicator)
        policy.last = max(policy.last, indicator.span.last_line)

    def _add_fact(self, fact: Indicator | ActorRole | Section) -> None:
        """An indicator, a role or a section a block read, under the open policy."""
        if isinstance(fact, Indicator):
            self._add(fact)
            return
        policy = self._policy(fact.span.first_line)
        if isinstance(fact, ActorRole):
            policy.roles.append(fact)
        else:
            policy.sections.append(fact)
        policy.last = max(policy.last, fact.span.last_line)

    @property
    def policy_id(self) -> str | None:
        """The id of the policy being read (for a block reader's messages), or ``None`` before any."""
        return self.policies[-1].id if self.policies else None

    def text(self, text: str) -> str:
        """``text`` normalised, without the spec's glossary marks."""
        return self.terms(text)[0]

    def terms(self, text: str) -> tuple[str, tuple[str, ...]]:
        """``text`` normalised without the spec's glossary marks, and the terms they marked."""
        if self.spec.glossary is None:
            return normalize(text), ()
        return strip_glossary_marks(text, self.spec.glossary)

    # -- tables ------------------------------------------------------------------------------------
    def _table_line(self, tables: list[_Table], line: Line) -> bool:
        """Read ``line`` as part of a table; ``False`` when it is none."""
        norm = line.norm
        if self.table is not None and self.table.block.cells == "one_per_line":
            return self._cell_line(self.table, line)
        if self.table is not None:
            block = self.table.block
            if _SEPARATOR_ROW.match(norm):
                self._mark(line.no, "separator")
                return True
            cells, whole = block.split(line.raw if block.cells in ("tab", "spaces") else norm)
            if len(cells) > 1 or (block.cells == "tab" and "\t" in line.raw):
                if _is_header(block, cells):  # the header again (below a page break): a new table
                    self.table = None
                    return self._table_line(tables, line)
                if self._header_goes_on(self.table, cells, line):
                    return True
                if self.table.centres and len(cells) != len(self.table.columns):
                    # a blank cell, or two cells one space apart: placed under the header by position
                    cells = _by_position(line.raw, self.table.centres) or cells
                self._row(self.table, [(line.no, c) for c in cells], whole, line.no)
                return True
            # a line of one cell right under a row: the end of a name that wrapped
            rest = cells[0] if len(cells) == 1 else ""
            if not rest or _NOT_A_NAME.search(rest):
                return False
            return self._wrap([(line.no, rest, "", None)], line.no)
        for block in tables:
            if block.start is not None and block is not self.table_heading:
                continue  # a table the spec reads only under its heading
            if block.cells == "one_per_line":
                if norm.endswith(block.cell_end) and block.role(norm.removesuffix(block.cell_end).strip()):
                    self.table = _OpenTable(block)
                    return self._cell_line(self.table, line)
                if size := self._plain_header(block, line.no):
                    self.table = _OpenTable(block, header_size=size)
                    return self._cell_line(self.table, line)
                continue
            cells, _ = block.split(line.raw if block.cells in ("tab", "spaces") else norm)
            if _is_header(block, cells):
                table = _OpenTable(block, in_header=False, header_lines=[line.no])
                table.columns = [(block.role(c) or "ignore", c, _header_year(c)) for c in cells]
                if block.cells == "spaces":
                    placed = _display_cells(line.raw)
                    if len(placed) == len(cells):
                        table.centres = [(a + b) / 2 for a, b, _ in placed]
                self.table = table
                self._mark(line.no, "header", " | ".join(f"{c[1]}={c[0]}" for c in table.columns))
                return True
        return False

    def _header_goes_on(self, table: _OpenTable, cells: list[str], line: Line) -> bool:
        """A line right under a header whose cells are its columns' years alone, and no name
        (``指標名 | 現状値 | 目標値`` over `` | (令和5年度) | (令和11年度)``): the header's second line, each
        year joined to the header cell above it, by position."""
        if table.header_lines[-1:] != [line.no - 1] or len(cells) > len(table.columns):
            return False
        filled = [(k, c) for k, c in enumerate(cells) if c]
        roles = [table.columns[k][0] for k, _ in filled]
        if not filled or "name" in roles or not all(_YEAR_ALONE.fullmatch(c) for _, c in filled):
            return False
        for k, cell in filled:
            role, header, year = table.columns[k]
            joined = f"{header}{cell}"
            role = role if role != "ignore" else table.block.role(joined) or "ignore"
            table.columns[k] = (role, joined, year if year is not None else _header_year(cell))
        table.header_lines.append(line.no)
        self._mark(line.no, "header", " | ".join(f"{c[1]}={c[0]}" for c in table.columns))
        return True

    def _plain_header(self, block: _Table, no: int) -> int:
        """One cell a line with no closing mark (as pdftotext gives): the number of header cells from
        line ``no`` on, each a line of its own with a column role, a name among them; 0 if none."""
        roles: list[str] = []
        for line in self.lines[no - 1 :]:
            role = None if line.norm.endswith(block.cell_end) else block.role(line.norm)
            if role is None:
                break
            roles.append(role)
        return len(roles) if len(roles) > 1 and "name" in roles else 0

    def _cell_line(self, table: _OpenTable, line: Line) -> bool:
        block, norm = table.block, line.norm
        plain = table.header_size > 0  # cells counted by the header's columns, no closing mark
        empty = not plain and norm == block.cell_end.strip()  # an empty cell: its closing mark alone
        if not plain and not (norm.endswith(block.cell_end) or empty):
            after = self.lines[line.no] if line.no < len(self.lines) else None
            if (
                not table.in_header
                and not table.pending
                and not table.head
                and after is not None
                and after.norm.endswith(block.cell_end)
                and not _NOT_A_NAME.search(norm)
            ):  # a row's name that wraps: its first part, without the closing mark, then the rest
                table.head.append((line.no, norm))
                self._mark(line.no, "wrapped name", norm)
                return True
            return False  # not a whole cell: the table ends here
        cell = norm if plain else ("" if empty else norm.removesuffix(block.cell_end).strip())
        role = block.role(cell)
        if table.in_header and role is not None and (not plain or len(table.columns) < table.header_size):
            table.columns.append((role, cell, _header_year(cell)))
            table.header_lines.append(line.no)
            self._mark(line.no, "header", f"{cell}={role}")
            return True
        if table.in_header:
            table.in_header = False
            if "name" not in [c[0] for c in table.columns]:
                self.issue(
                    table.header_lines[0], "a header without a name column (指標名, 成果指標): not read"
                )
                self.table = None
                return False
        if plain and not table.pending and _NOT_A_NAME.search(cell):
            self._close_table()  # a note or a sentence under the table: no row starts here
            return False
        if not table.pending and role is not None:  # the header again, above the next rows
            if not plain:
                self.table = _OpenTable(block)
                return self._cell_line(self.table, line)
            if size := self._plain_header(block, line.no):
                self.table = _OpenTable(block, header_size=size)
                return self._cell_line(self.table, line)
        if table.head and not table.pending:  # the rest of a wrapped name: joined to its first part
            table.pending.append((table.head[0][0], "".join(t for _, t in table.head) + cell))
            table.head = []
        else:
            table.pending.append((line.no, cell))
        self._mark(line.no, "cell", table.columns[len(table.pending) - 1][1])
        if len(table.pending) == len(table.columns):
            if self._wrapped_cell(table):
                return True
            cells, table.pending, table.merged = table.pending, [], 0
            fits = [self._fits(c[0], t, block.none) for c, (_, t) in zip(table.columns, cells, strict=False)]
            if plain and not all(fits):  # lines that are no row (prose under the table): never half-read
                self.issue(
                    cells[0][0],
                    f"lines {cells[0][0]}-{cells[-1][0]} do not fit the columns of the header at line "
                    f"{table.header_lines[0]} (a value column holds no number): not read",
                )
                for no, _ in cells:
                    self.trace[no] = (no, "not read", "")
                self.table = None
                return True
            self._row(table, cells, True, cells[-1][0])
        return True

    def _wrapped_cell(self, table: _OpenTable) -> bool:
        """One cell a line: whether the row's name went on onto the next line, so that every cell after
        it stands one line lower (``市民一人当たりの図書`` / ``貸出冊数`` / ``冊`` / ``4.8`` …): the value
        columns hold no value as read, and do, each one, read a line lower. Then the two are joined."""
        roles = [c[0] for c in table.columns]
        if "name" not in roles or table.merged >= 2:
            return False
        k = roles.index("name")
        pending, none = table.pending, table.block.none
        now = [self._fits(r, t, none) for r, (_, t) in zip(roles[k + 1 :], pending[k + 1 :], strict=False)]
        lower = [self._fits(r, t, none) for r, (_, t) in zip(roles[k + 1 :], pending[k + 2 :], strict=False)]
        if all(now) or not lower or not all(lower):
            return False
        (no, name), (rest_no, rest) = pending[k], pending[k + 1]
        pending[k : k + 2] = [(no, name + rest)]
        table.merged += 1
        self.trace[rest_no] = (rest_no, "wrapped name", rest)
        for (line_no, _), column in zip(pending[k + 1 :], table.columns[k + 1 :], strict=False):
            self.trace[line_no] = (line_no, "cell", column[1])  # each cell in its column, a line lower
        return True

    def _fits(self, role: str, text: str, none: frozenset[str]) -> bool:
        """Whether a cell can stand in a column of ``role``: a value column holds a number or none."""
        if role in ("target", "mid_target") and stated_direction(text) is not None:
            return True  # 増加, 維持: a target in words, kept as its text
        if role in ("baseline", "mid_target", "target", "actual", "projection"):
            return self._none(text, none) or bool(_STARTS_WITH_NUMBER.match(normalize(text)))
        if role == "unit":
            return not _STARTS_WITH_NUMBER.match(normalize(text))
        return True

    def _close_table(self) -> None:
        table, self.table = self.table, None
        if table is None or not table.pending:
            return
        cells = table.pending
        self._row(table, cells, False, cells[-1][0], cut_whole=True)

    def _row(
        self,
        table: _OpenTable,
        cells: list[tuple[int, str]],
        whole: bool,
        last: int,
        *,
        cut_whole: bool = False,
    ) -> None:
        """One row: its cells (line, text), whether its last cell is whole, its last line."""
        first = cells[0][0]
        columns = table.columns
        if not whole and not cut_whole:
            cut = cells[-1][1]
            cells = cells[:-1]
        else:
            cut = None
        if not whole:
            missing = [c[1] for c in columns[len(cells) :]]
            said = f"'{cut}' is not whole and " if cut else ""
            self.issue(
                first,
                f"row cut: {said}{', '.join(missing) or 'nothing'} not read; kept {len(cells)} whole cell(s)",
            )
        if len(cells) > len(columns):
            self.issue(first, f"row of {len(cells)} cells under a header of {len(columns)}: not read")
            self._mark(first, "not read")
            return
        by_role: dict[str, list[tuple[int, str, str, int | None]]] = {}
        for (no, text), (role, header, year) in zip(cells, columns, strict=False):
            by_role.setdefault(role, []).append((no, text, header, year))
        names = by_role.get("name", [])
        filled = [(k, no, text) for k, (no, text) in enumerate(cells) if text]
        at = next((k for k, c in enumerate(columns) if c[0] == "name"), 0)
        if (not names or not names[0][1]) and len(filled) == 1:
            k, no, text = filled[0]
            if (
                k <= at + 1  # under the name, or one column on (a leading tab): not under a value
                and not _DIGIT.search(text)
                and not _NOT_A_NAME.search(text)
                and not text.startswith(("(", "["))  # (見込): a word about a value, no name
                and not self._none(text, table.block.none)
                and stated_direction(text) is None
                and self._wrap([(no, text, "", None)], last)
            ):
                return  # a name's end on a line of its own (⇥利用者数)
        if not names or not names[0][1]:
            self.issue(first, "row without an indicator name: not read")
            self._mark(first, "not read")
            return
        others = [c[1] for c in cells if c[0] != names[0][0] or c[1] != names[0][1]]
        if table.block.cells != "one_per_line" and not any(others) and self._wrap(names, last):
            return
        if whole and table.block.cells in ("tab", "spaces") and len(cells) < len(columns):
            # a row with fewer cells than its header (the text cut, or cells lost): kept, and said
            lost = ", ".join(c[1] for c in columns[len(cells) :])
            self.issue(first, f"row cut: {lost} not read; kept {len(cells)} cell(s)")
        self._mark(first, "row", names[0][1])
        indicator = self._indicator(by_role, table.block.none, first, last)
        if indicator is not None and "policy_code" in by_role:
            if indicator.policy_code is None and table.code is not None:
                # a blank cell of a group column under a code (基本目標 merged over its rows): the same code
                indicator = attrs.evolve(
                    indicator,
                    policy_code=table.code,
                    footnotes=(
                        *indicator.footnotes,
                        f"policy code {table.code}: a merged cell, carried down",
                    ),
                )
            table.code = indicator.policy_code
        if indicator is not None and table.block.kind is not None:
            indicator = attrs.evolve(indicator, kind=table.block.kind)
        if indicator is not None:
            self._add(indicator)

    def _wrap(self, names: list[tuple[int, str, str, int | None]], last: int) -> bool:
        """A row with only a name: the rest of the name of the row above (a name that wraps)."""
        policy = self.policies[-1] if self.policies else None
        if policy is None or not policy.indicators or not names:
            return False
        above = policy.indicators[-1]
        if above.span.last_line != names[0][0] - 1:
            return False
        name, unit, marks = split_unit_from_name(f"{above.name}{names[0][1]}")
        policy.indicators[-1] = attrs.evolve(
            above,
            name=name,
            unit=above.unit or unit,
            footnotes=(*above.footnotes, *marks),
            span=attrs.evolve(above.span, last_line=last),
        )
        self._mark(names[0][0], "wrapped name", names[0][1])
        return True

    # -- values ------------------------------------------------------------------------------------
    def _none(self, text: str, none: frozenset[str]) -> bool:
        return not text or text in none or is_no_value(text)

    def _year(
        self, text: str, header_year: int | None, header: str = ""
    ) -> tuple[str, int | None, StatedYear | None]:
        """The cell without its year bracket, the year (cell, else header), and what kind of year it is:
        年度, 年 or a stated day (``平成15年9月30日現在``)."""
        year, source = header_year, header
        match = _YEAR_IN_CELL.search(text)
        if match and _BASE_YEAR.search(match.group(1)):
            match = None  # (2013年度比): the year a change is measured from, not the value's; a note
        if match:
            found = parse_fiscal_year(f"({match.group(1)})".replace(" ", ""))
            if found is not None:
                year, source = found, match.group(1)
                text = f"{text[: match.start()].rstrip()}{match.group('after')}"
        else:  # a year written before the value: 2022年 12件
            before, rest = leading_year(normalize(text))
            found = parse_fiscal_year(before) if before else None
            if before and found is not None:
                year, source, text = found, before, rest
        stated = parse_year(source.replace(" ", "")) if year is not None else None
        if stated is not None and stated.year != year:
            stated = None  # a year read otherwise (an abbreviation): a 年度, as parse_fiscal_year reads it
        return text, year, stated

    def _quantity(self, text: str, year: int | None, header: str, none: frozenset[str]) -> Quantity:
        body, fy, stated = self._year(text, year, header)
        kind = stated.kind if stated else YearKind.FISCAL
        day = stated.date if stated else None
        if self._none(body, none):
            return Quantity(None, body, None, fy, year_kind=kind, date=day)
        if _PLUS.match(body):  # +1.2ポイント: a value with its sign (a difference above zero)
            return attrs.evolve(Quantity.from_text(body[1:], fy, year_kind=kind, date=day), text=body)
        return Quantity.from_text(body, fy, year_kind=kind, date=day)

    def _target(self, text: str, year: int | None, header: str, none: frozenset[str]) -> Target:
        body, fy, stated = self._year(text, year, header)
        kind = stated.kind if stated else YearKind.FISCAL
        if self._none(body, none):
            return Target(None, fiscal_year=fy, text=body, year_kind=kind)
        if _PLUS.match(body):  # +3.0ポイント: a value with its sign, as -3.0 is
            return attrs.evolve(Target.from_text(body[1:], fy, year_kind=kind), text=body)
        return Target.from_text(body, fy, year_kind=kind)

    def _stated_level(self, target: Target, no: int, where: str) -> Target:
        """``target``, or no value where its cell does not state one level to reach (reported on line
        ``no``): a comparator the grammar did not read, after words it could not place (``10分目標以内``:
        never an ``=`` the document does not state), or a change by that much (``10%増``: a rise, of 10 %
        or of 10 points, it does not say)."""
        if target.comparator == "eq" and _COMPARATOR_WORD.search(target.note or ""):
            self.issue(no, f"{where}: its comparator is not read; no value kept")
        elif target.value is not None and (target.change or _CHANGE_REST.search(target.note or "")):
            self.issue(no, f"{where}: a change by that much (増, 減), not a level; no value kept")
        else:
            return target
        return Target(None, fiscal_year=target.fiscal_year, text=target.text, note=target.note)

    def _indicator(
        self,
        cells: dict[str, list[tuple[int, str, str, int | None]]],
        none: frozenset[str],
        first: int,
        last: int,
    ) -> Indicator | None:
        name_cell = cells["name"][0]
        name, unit, marks = split_unit_from_name(name_cell[1])
        if not name:
            self.issue(first, "row without an indicator name: not read")
            return None
        footnotes = list(marks)
        codes = [
            text for _, text, _, _ in cells.get("policy_code", []) if text and not self._none(text, none)
        ]
        direction = None
        for no, text, header, _ in cells.get("direction", []):
            if text and not self._none(text, none):
                direction = stated_direction(text)
                if direction is None:
                    self.issue(
                        no, f"{name}: {header.replace(' ', '')} {text} states no way to go that is read"
                    )
        for role in ("baseline", "mid_target", "target", "actual", "projection"):
            kept = []
            for cell in cells.get(role, []):
                no, text, header, _ = cell
                if _ARROW_VALUES.search(normalize(text)):  # 42.0%→55.0%: from one value to another
                    self.issue(
                        no,
                        f"{name}: {header.replace(' ', '')} {text!r} holds two values, from one to the "
                        f"other: which is the {role} is not told; not read",
                    )
                    continue
                footnotes.extend(m.group(0).replace(" ", "") for m in _CELL_MARK.finditer(normalize(text)))
                kept.append(cell)
            if role in cells:
                cells[role] = kept
            for no, text, header, _ in cells.get(role, []):
                if _TWO_VALUES.search(normalize(text)):  # 48(R2) 52: two columns' values one space apart
                    self.issue(
                        no,
                        f"{name}: {header.replace(' ', '')} {text!r} holds two values one space apart; "
                        "which column each is of is not told (only the first is read)",
                    )
        # a column of years beside the values (目標年度 | R10, 基準年度 | 令和4年度): the values' year
        years: dict[str, int | None] = {}
        for role in ("baseline", "target"):
            kept = []
            for cell in cells.get(role, []):
                _, text, header, _ = cell
                if _YEAR_HEADER.search(header.replace(" ", "")) and _YEAR_ALONE.fullmatch(normalize(text)):
                    years[role] = years.get(role) or _fy(f"({normalize(text)})") or _fy(normalize(text))
                else:
                    kept.append(cell)
            if role in cells:
                cells[role] = kept
        # a blank cell (placed by position under a header) states nothing: no value, no text
        baseline = next(
            (self._quantity(t, y, h, none) for _, t, h, y in cells.get("baseline", []) if t),
            None,
        )
        targets = [self._target(t, y, h, none) for _, t, h, y in cells.get("target", []) if t]
        said_before = len(self.issues)
        targets = [
            self._stated_level(target, no, f"{name}: {header.replace(' ', '')} {text!r}")
            for (no, text, header, _), target in zip(cells.get("target", []), targets, strict=False)
        ]
        reported = {issue.span.first_line for issue in self.issues[said_before:]}  # one issue a cell
        for role in ("baseline", "mid_target", "target", "actual", "projection"):
            for no, text, header, _ in cells.get(role, []):
                if role == "target" and no in reported:
                    continue
                body = normalize(self._year(text, None, header)[0])
                if _APPROX.match(body) and not approximate_word(body):  # 約5%増, 約1/3: about what?
                    self.issue(
                        no,
                        f"{name}: {header.replace(' ', '')} {text!r}: an approximate value the grammar "
                        "cannot read; not read",
                    )
        if (year := years.get("target")) is not None:
            targets = [t if t.fiscal_year is not None else attrs.evolve(t, fiscal_year=year) for t in targets]
        if (
            (year := years.get("baseline")) is not None
            and baseline is not None
            and baseline.fiscal_year is None
        ):
            baseline = attrs.evolve(baseline, fiscal_year=year)
        # several target columns (R5目標 | R7目標): the latest year's is the final one, the others are
        # targets on the way; where their years do not tell which is latest, only the first is stored
        later_targets: list[Target] = []
        if len(targets) > 1 and all(target.fiscal_year is not None for target in targets):
            ordered = sorted(targets, key=lambda target: target.fiscal_year or 0)
            if len({target.fiscal_year for target in targets}) == len(targets):
                targets, later_targets = [ordered[-1]], ordered[:-1]
        if len(targets) > 1:
            for no, _text, header, _ in cells.get("target", [])[1:]:
                self.issue(
                    no,
                    f"a second target column ({header}) whose year does not tell it from the first: "
                    "the model holds one final target; not stored",
                )
        actuals = tuple(self._quantity(t, y, h, none) for _, t, h, y in cells.get("actual", []) if t)
        # 見込 is an estimate, never a result; 中間目標 a target on the way to the final one
        projections = tuple(
            self._quantity(t, y, h, none)
            for _, t, h, y in cells.get("projection", [])
            if t and not self._none(t, none)
        )
        interim = tuple(
            sorted(
                (
                    *(
                        self._target(t, y, h, none)
                        for _, t, h, y in cells.get("mid_target", [])
                        if t and not self._none(t, none)
                    ),
                    *(target for target in later_targets if target.value is not None),
                ),
                key=lambda target: target.fiscal_year or 0,
            )
        )
        for _, text, _, _ in cells.get("unit", []):
            if text and not self._none(text, none):
                unit = unit or text
        values = [baseline, *targets[:1], *actuals, *projections, *interim]
        stated_units = {v.unit for v in values if v is not None and v.unit}
        if unit is not None:
            stated_units.add(unit)
        if len(stated_units) > 1:  # 10人 against 20件, or a name's (人) over cells in %: which is not told
            self.issue(
                first,
                f"{name}: its cells and name state different units ({', '.join(sorted(stated_units))}); "
                "the row's unit is left empty, each value keeps its own",
            )
            unit = None
        else:
            unit = unit or next(iter(stated_units), None)
        return Indicator(
            name=name,
            kind=self.spec.indicator_kind,
            category=None,
            unit=unit,
            baseline=baseline,
            target=targets[0] if targets else None,
            span=self.span(first, last),
            actuals=actuals,
            footnotes=tuple(footnotes),
            interim_targets=interim,
            projections=projections,
            direction=direction,
            policy_code=codes[0] if codes else None,
        )

    # -- inline indicators and headings ------------------------------------------------------------
    def _inline_line(self, inlines: list[_Inline], headings: list[_Heading], line: Line) -> bool:
        found: list[tuple[int, str, re.Match[str], _Heading | _Inline]] = []
        for heading in headings:
            found += [(m.start(), "heading", m, heading) for m in heading.regex.finditer(line.norm)]
        for block in inlines:
            found += [(m.start(), "inline", m, block) for m in block.regex.finditer(line.norm)]
        carry, self.carry = self.carry, None
        if not found:
            return False
        details = []
        for _, _kind, match, source in sorted(found, key=lambda f: f[0]):
            if isinstance(source, _Heading):
                self._open_policy(match, source.level, line.no)
                details.append(f"policy {match.group('title')!r}")
                continue
            assert isinstance(source, _Inline)
            groups = match.groupdict()
            first = line.no
            if carry is not None and match.start("name") == 0:  # the name began at the end of the line above
                first, groups["name"] = carry[0], carry[1] + groups["name"]
                carry = None
            name, unit, marks = split_unit_from_name(groups["name"])
            baseline = self._quantity(
                groups["baseline"],
                _fy(groups.get("baseline_year")),
                groups.get("baseline_year") or "",
                source.none,
            )
            target = self._target(
                groups["target"], _fy(groups.get("target_year")), groups.get("target_year") or "", source.none
            )
            if target.comparator == "eq" and _COMPARATOR_WORD.search(target.note or ""):
                self.issue(
                    line.no, f"{name}: target {groups['target']!r}: its comparator is not read; no value kept"
                )
                target = Target(None, fiscal_year=target.fiscal_year, text=target.text, note=target.note)
            self._add(
                Indicator(
                    name=name,
                    kind=self.spec.indicator_kind,
                    category=None,
                    unit=unit or baseline.unit or target.unit,
                    baseline=baseline,
                    target=target,
                    span=self.span(first, line.no),
                    footnotes=marks,
                )
            )
            details.append(f"indicator {name!r}")
        self.trace[line.no] = (line.no, "inline", "; ".join(details))
        rest = line.norm[max(f[2].end() for f in found) :].strip()
        if rest and inlines and not _DIGIT.search(rest) and self._inline_starts(inlines, line.no + 1):
            self.carry = (line.no, rest)  # the first part of the next line's first name
        elif rest and inlines and _DIGIT.search(rest):
            self.issue(
                line.no, f"inline indicator not read (cut, or not in the block's regex): {rest[:40]!r}"
            )
        return True

    def _inline_starts(self, inlines: list[_Inline], no: int) -> bool:
        """Whether line ``no`` opens with an inline indicator whose name starts the line."""
        if no > len(self.lines):
            return False
        norm = self.lines[no - 1].norm
        return any((m := b.regex.search(norm)) is not None and m.start("name") == 0 for b in inlines)

    # -- named blocks ------------------------------------------------------------------------------
    def _custom_block(self, block: _Custom, start: int) -> int:
        end = self._block_end(start)
        lines = self.lines[start - 1 : end]
        ends = block.ends if block.ends is not None else self.spec.flow.boundaries
        if ends or self._furniture_lines or self.spec.flow.require_heading:
            if self.spec.flow.require_heading and not self.policies:
                return self._headless(start)
            lines = self._block_lines(start, ends=ends)
            end = lines[-1].no
        read = self.spec.block_readers[block.kind](lines, block.options, self)
        if isinstance(read, BlockRead):
            self._block_read(read, lines[-1].no)
        else:
            self._reach(lines)
            for fact in read:
                self._add_fact(fact)
        for line in lines:
            self._mark(line.no, block.kind)
        return end

    # -- pages read as a flow of parts (furniture_trail, boundaries, contexts, carried, core parts) --------
    def _trailing_furniture(self) -> set[int]:
        """Lines right after a furniture line matching ``furniture_trail.after`` (a page number) that hold
        at most ``max_chars`` characters: a vertical side bar, one character a line."""
        if self.spec.flow.trail is None:
            return set()
        after, most = self.spec.flow.trail
        out: set[int] = set()
        trailing = False
        for line in self.lines:
            if self._furniture_at[line.no]:
                trailing = trailing or bool(after.search(line.norm))
            elif trailing and len(line.compact) <= most:
                out.add(line.no)
            else:
                trailing = False
        return out

    def _classify(self, whole_headings: list[_Heading]) -> None:
        """Test each line once against the spec's furniture, whole-line headings and part boundaries
        (the parts below look ahead over the same lines again and again)."""
        furniture, boundaries = any_of(self.spec.furniture), any_of(self.spec.flow.boundaries)
        self._furniture_at = [False] + [furniture(line.norm) is not None for line in self.lines]
        heading = any_whole(tuple(h.regex for h in whole_headings))  # most lines are no heading
        self._heading_at = [
            None,
            *(
                next((h for h in whole_headings if h.regex.fullmatch(line.norm)), None)
                if heading(line.norm) is not None
                else None
                for line in self.lines
            ),
        ]
        self._boundary_at = [False] + [
            self._heading_at[line.no] is not None or boundaries(line.norm) is not None for line in self.lines
        ]
        self._furniture_lines = self._trailing_furniture()
        for no in self._furniture_lines:
            self._furniture_at[no] = True
        starts = any_of(
            tuple(
                start
                for b in self.spec.blocks
                if isinstance(b, _Custom | _Items | _RoleTable | _Table) and (start := b.start) is not None
            )
        )
        self._start_at = [False] + [
            starts(line.norm) is not None or (" " in line.norm and starts(line.compact) is not None)
            for line in self.lines
        ]
        stop_at = [start or self._heading_at[no] is not None for no, start in enumerate(self._start_at)]
        # the first line at or after each line that is a heading / a heading or a block's start
        size = len(self.lines) + 1
        self._next_heading, self._next_stop = [size] * (size + 1), [size] * (size + 1)
        for no in range(len(self.lines), 0, -1):
            self._next_heading[no] = no if self._heading_at[no] is not None else self._next_heading[no + 1]
            self._next_stop[no] = no if stop_at[no] else self._next_stop[no + 1]

    def is_boundary(self, line: Line) -> bool:
        """Whether ``line`` ends a part: a boundary of the spec, or a policy heading."""
        return self._boundary_at[line.no]

    def _too_long(self, heading: _Heading, match: re.Match[str], no: int) -> bool:
        title = match.group("title")
        if heading.title_max is None or len(title) <= heading.title_max:
            return False
        pid = (match.groupdict().get("id") or "").strip()
        self.issue(
            no,
            f"heading {pid or title[:20]!r}: the line holds {len(match.group(0)):,} characters, more than a "
            "title (are the page's lines joined into one?): not read",
        )
        self._mark(no, "not read")
        return True

    def _flow_line(self, line: Line) -> bool:
        """A context line (基本目標 N) or a line carried to the next policy."""
        for regex, section in self.spec.flow.carried:
            if regex.search(line.norm):
                self._carried.setdefault(section, []).append(line.norm)
                self._carried_first = self._carried_first or line.no
                self._mark(line.no, "carried", section)
                return True
        for context in self.spec.flow.contexts:
            match = context.regex.search(line.norm)
            if match is None or (self.spec.flow.require_heading and not self.policies):
                continue
            groups = {k: (v or "").strip() for k, v in match.groupdict().items()}
            self._context(context.slot, context.label.format(**groups), line.no)
            self._mark(line.no, "context", self._contexts[context.slot])
            return True
        return False

    def _context(self, slot: int, label: str, no: int) -> None:
        self._contexts[slot] = label
        if self.policies:
            self.policies[-1].parent = tuple(label for _, label in sorted(self._contexts.items()))
            self.policies[-1].last = max(self.policies[-1].last, no)

    def _opens(self, block: _Custom | _Rows | _Notes | _Labelled | _Items | _RoleTable) -> bool:
        """An items block that goes on with a section opens only where the policy has sections."""
        if isinstance(block, _Items) and block.continues is not None:
            return bool(self.policies and self.policies[-1].sections)
        return True

    def _headless(self, no: int) -> int:
        self._mark(no, "not read")
        self.issue(no, f"text before the first policy heading not read: {self.lines[no - 1].norm[:40]}")
        return no

    def _block_lines(self, start: int, *, ends: Sequence[re.Pattern[str]]) -> list[Line]:
        """The lines of a part from its ``start`` line to the line before the next heading or end (one of
        ``ends``), page furniture left out."""
        out = [self.lines[start - 1]]
        default, hit = (
            ends is self.spec.flow.boundaries,
            any_of(tuple(ends)),
        )  # the default: tested once a line
        for line in self._part(start):
            if self._boundary_at[line.no] if default else hit(line.norm) is not None:
                break
            out.append(line)
        return out

    def _part(self, start: int) -> list[Line]:
        """The lines after ``start`` up to the next policy heading, page furniture left out."""
        furniture_at = self._furniture_at
        end = self._next_heading[start + 1] if start < len(self.lines) else start + 1
        return [line for line in self.lines[start : end - 1] if not furniture_at[line.no]]

    def _block_read(self, read: BlockRead, last: int) -> None:
        for indicator in read.indicators:
            self._add(indicator)
        if not self.policies:
            return
        policy = self.policies[-1]
        policy.sections.extend(read.sections)
        policy.roles.extend(read.roles)
        policy.departments.extend(read.departments)
        for slot, label in read.contexts:
            self._context(slot, label, last)
        policy.last = max(policy.last, last)

    def _flow_part(self, block: _Rows | _Notes | _Labelled, start: int) -> int:
        """Read a core part (indicator rows, footnotes) from its ``start`` line to the next boundary; the
        number of its last line."""
        if not self.policies:
            if self.spec.flow.require_heading:
                return self._headless(start)
            self._policy(start)
        policy = self.policies[-1]
        lines = [self.lines[start - 1], *self._part(start)]
        match = block.start.search(lines[0].norm)
        assert match is not None
        if isinstance(block, _Rows):
            used = self._rows(block, lines, match, policy)
        elif isinstance(block, _Labelled):
            used = self._record(block, lines, match)
        else:
            used = self._notes(lines, match, policy)
        last = lines[used - 1].no
        policy.last = max(policy.last, last)
        for line in lines[:used]:
            self._mark(line.no, _PART_NAMES[type(block)] if line.norm else "blank")
        return last

    def _record(self, block: _Labelled, lines: list[Line], match: re.Match[str]) -> int:
        """One labelled record: the name its first line gives, then each line its label pattern matches
        (to a blank line, a boundary or the next record), a value of the role its label names, as a
        table's header would; a label no role names is reported. The number of lines it holds."""
        first = lines[0].no
        by_role: dict[str, list[tuple[int, str, str, int | None]]] = {
            "name": [(first, match.group("name").strip(), "name", None)]
        }
        i = 1
        last: tuple[str, int] | None = None  # the last value read: its role and its place in by_role
        while i < len(lines):
            line = lines[i]
            found = block.label.match(line.norm) if line.norm else None
            if found is None and last is not None and _YEAR_ALONE.fullmatch(line.norm):
                # 現状値:21.4% / (令和4年度): the value's year on a line of its own
                of, k = last
                no, value, header, year = by_role[of][k]
                by_role[of][k] = (no, f"{value}{line.norm}", header, year)
                self.trace[line.no] = (line.no, "cell", f"{header} (its year)")
                last = None
                i += 1
                continue
            if found is None or self.is_boundary(line) or block.start.search(line.norm):
                break
            label, value = found.group("label").strip(), found.group("value").strip()
            role = block.table.role(label)
            if role is None or role == "name":
                self.issue(line.no, f"label {label!r} names no value of an indicator: not read")
                self.trace[line.no] = (line.no, "not read", label)
            elif role != "ignore":
                by_role.setdefault(role, []).append((line.no, value, label, parse_fiscal_year(label)))
                self.trace[line.no] = (line.no, "cell", label)
            values = ("baseline", "mid_target", "target", "actual", "projection")  # not 単位: no year
            last = (role, len(by_role[role]) - 1) if role in values and role in by_role else None
            i += 1
        self._mark(first, "row", by_role["name"][0][1])
        indicator = self._indicator(by_role, block.table.none, first, lines[i - 1].no)
        if indicator is not None:
            self._add(indicator)
        return i

    def _notes(self, lines: list[Line], match: re.Match[str], policy: _PolicyBuild) -> int:
        parts = [match.group("text") or ""]
        i = 1
        while (
            i < len(lines)
            and lines[i].norm
            and not self.is_boundary(lines[i])
            and not match.re.match(lines[i].norm)  # the next note (※3 …) starts
        ):
            parts.append(lines[i].norm)
            i += 1
        policy.footnotes.setdefault(match.group("mark").replace(" ", ""), "".join(parts).strip())
        return i

    def _noted(self, policy: _PolicyBuild) -> list[Indicator]:
        """The policy's indicators, their footnote marks (※1) given the notes the policy holds."""
        if not any(isinstance(b, _Notes) for b in self.spec.blocks):
            return policy.indicators
        out = []
        for indicator in policy.indicators:
            notes = []
            for mark in indicator.footnotes:
                note = policy.footnotes.get(mark)
                if note is None:
                    self.issue(
                        indicator.span.first_line,
                        f"footnote {mark} of indicator {indicator.name!r} has no note on the page",
                    )
                    notes.append(mark)
                else:
                    notes.append(f"{mark} {note}")
            out.append(evolved(indicator, footnotes=tuple(notes)))
        return out

    def _rows(self, block: _Rows, lines: list[Line], match: re.Match[str], policy: _PolicyBuild) -> int:
        """Indicator rows, one line each; a name wraps onto the very next line, so the lines before a row
        begin its name; a line left before a blank line or a category is reported."""
        named = match.groupdict().get("kind")
        kind = self.spec.indicator_kind
        if named is not None and named in block.kinds:
            kind = IndicatorKind(block.kinds[named])
        i, year = 1, None
        while i < len(lines):
            c = lines[i].compact
            if c and not any(h.search(c) for h in block.header):
                break
            if c and block.target_year and (m := block.target_year.search(c)):
                year = _row_year(m.group("year"))
                if year is None:
                    self.issue(lines[i].no, f"target year {m.group('year')!r} is no year that is read")
            self._mark(lines[i].no, "header" if c else "blank")
            i += 1
        if year is None and block.target_year is not None:
            self.issue(lines[i - 1].no, f"indicator table of policy {policy.id!r} names no target year")
        fragments: list[Line] = []

        def drop() -> None:
            for fragment in fragments:
                self.issue(
                    fragment.no,
                    f"line in the indicator table of policy {policy.id!r} not read: {fragment.norm[:40]}",
                )
                self._mark(fragment.no, "not read")
            fragments.clear()

        while i < len(lines):
            line = lines[i]
            if not line.norm:  # a name left before a blank line has no values
                drop()
                i += 1
                continue
            if self.is_boundary(line):
                break
            if fragments and block.category and block.category.search(line.norm):
                drop()
            if row := block.row.search(line.norm):
                parts = [f.norm for f in fragments] + (
                    [row.group("name")] if row.groupdict().get("name") else []
                )
                first = fragments[0].no if fragments else line.no
                for fragment in fragments:
                    self._mark(fragment.no, "wrapped name", fragment.norm)
                fragments = []
                indicator = self._row_indicator(
                    block, "".join(parts), row, year, kind, first, line.no, policy
                )
                self._mark(line.no, "row", indicator.name if indicator else "no name: not read")
                if indicator is not None:
                    self._add(indicator)
            elif not any(h.search(line.compact) for h in block.header):  # a repeated header is skipped
                fragments.append(line)
                if _UNIT_THEN_TEXT.search(line.norm):  # a whole name, then something other than values
                    drop()
            i += 1
        drop()
        return i

    def _row_indicator(
        self,
        block: _Rows,
        text: str,
        row: re.Match[str],
        year: int | None,
        kind: IndicatorKind | None,
        first: int,
        last: int,
        policy: _PolicyBuild,
    ) -> Indicator | None:
        category = None
        if block.category and (m := block.category.search(text)):
            category, text = m.group("category"), text[m.end() :]
        name, unit, marks = split_unit_from_name(text)
        if not name:
            self.issue(first, f"indicator row of policy {policy.id!r} has no name")
            return None
        groups = row.groupdict()
        base, byear = groups["baseline"], groups.get("baseline_year")
        base_year = _row_year(byear) if byear else None
        if byear and base_year is None:
            self.issue(first, f"{name}: baseline year {byear!r} is no year that is read")
        found = Quantity.from_text(base, base_year)
        baseline = evolved(found, text=f"{base}({byear})" if byear else found.text, unit=unit or found.unit)
        said = f"{groups['target']} {groups['comparator']}" if groups.get("comparator") else groups["target"]
        aimed = self._stated_level(Target.from_text(said, year), first, f"{name}: target {said!r}")
        return Indicator(
            name=name,
            kind=kind,
            category=category,
            unit=unit,
            baseline=baseline,
            target=evolved(aimed, unit=unit or aimed.unit),
            span=self.span(first, last),
            footnotes=marks,
        )

    def _block_end(self, start: int) -> int:
        """The last line of the block that starts on line ``start``: the line before the next policy
        heading or the next line that starts a block."""
        return self._next_stop[start + 1] - 1

    def _reach(self, lines: Sequence[Line]) -> None:
        """The open policy runs at least to the last of ``lines`` that holds text."""
        last = next((line.no for line in reversed(lines) if line.norm), None)
        if self.policies and last is not None:
            self.policies[-1].last = max(self.policies[-1].last, last)

    # -- contents, leads, items and roles ----------------------------------------------------------
    def _read_contents(self, headings: list[_Heading]) -> int:
        """Read the table of contents: the headings before the first policy heading. Returns its last line.

        An entry without a title takes the next heading that is no entry (``# 第1編`` then ``## 自治``)."""
        first = next(
            (line.no for line in self.lines if any(h.regex.fullmatch(line.norm) for h in headings)),
            len(self.lines) + 1,
        )
        path: list[str] = []
        pending: str | None = None
        for line in self.lines[: first - 1]:
            self._mark(line.no, "contents" if line.norm else "blank")
            if not line.level:
                continue
            for level, entry in enumerate(self.spec.contents):
                match = entry.regex.fullmatch(line.norm)
                if match is None or len(path) < level:
                    continue
                key = match.group("key")
                path = [*path[:level], key]
                label = entry.label.format(key=key)
                title = self.text(match.groupdict().get("title") or "").strip()
                self.contents["-".join(path)] = f"{label} {title}" if title else label
                pending = None if title else "-".join(path)
                break
            else:
                if pending is not None:
                    self.contents[pending] += f" {self.text(line.heading or '')}"
                    pending = None
        return first - 1

    def _contents_path(self, pid: str) -> tuple[str, ...]:
        """The entries of the table of contents above policy ``pid`` (``1-2-3``: ``1`` and ``1-2``); an
        entry the contents lack is named by its label alone (``第2章``)."""
        parts = pid.split("-")
        return tuple(
            self.contents.get("-".join(parts[: level + 1]), entry.label.format(key=parts[level]))
            for level, entry in enumerate(self.spec.contents[: len(parts) - 1])
        )

    def _lead(self, name: str, heading: int) -> int:
        """The lines under a policy heading before any block: the section ``name``. Returns its last line."""
        end = self._block_end(heading)
        body = [line for line in self.lines[heading:end] if line.norm]
        self._reach(body)
        items: list[Line] = []
        for line in body:
            if "\t" in line.raw.strip():  # a table row before any block: a heading cut into a table
                self.issue(
                    line.no,
                    f"table row under policy {self.policy_id} before any table heading, not read (a heading "
                    f"at line {heading} inside a table?): {line.norm[:40]}",
                )
                self._mark(line.no, "not read")
            else:
                items.append(line)
                self._mark(line.no, "lead", name)
        if items:
            texts = tuple(self.text(_line_text(line)) for line in items)
            self._add_fact(Section(name, texts, self.span(items[0].no, items[-1].no)))
        return end

    def _section_body(self, start: int, keep: re.Pattern[str] | None) -> tuple[list[Line], int]:
        """The lines holding text of the block that starts on line ``start``, after it and without page
        furniture, up to the next policy heading, the next line that starts a block or one of the spec's
        boundaries (a line ``keep`` matches, an item's bullet, never ends it); and the block's last line."""
        body: list[Line] = []
        no = start + 1
        while no <= len(self.lines) and self._heading_at[no] is None:
            line = self.lines[no - 1]
            if not self._furniture_at[no]:
                if (self._boundary_at[no] or self._start_at[no]) and not (keep and keep.match(line.norm)):
                    break
                if line.norm:
                    body.append(line)
            no += 1
        return body, no - 1

    def _section_block(self, block: _Items | _RoleTable, start: int) -> int:
        """Read a section of items or a role table from its ``start`` line; the number of its last line."""
        if self.spec.flow.require_heading and not self.policies:
            return self._headless(start)
        line = self.lines[start - 1]
        body, end = self._section_body(start, block.bullet if isinstance(block, _Items) else None)
        self._reach([line, *body])
        if isinstance(block, _RoleTable):
            self._mark(start, "heading", "role table")
            for role in self._role_rows(block, body):
                self._mark(role.span.first_line, "role", role.actor)
                self._add_fact(role)
            return end
        match = _start_match(block.start, line)
        groups = match.groupdict() if match else {}
        label = (groups.get("label") or "").replace(" ", "")
        title = self.text(groups.get("title") or "").strip()
        if block.continues is not None:  # the policy's last section of those names goes on
            names = [s.name for s in self.policies[-1].sections if s.name in block.continues]
            name = names[-1] if names else block.name or label
        else:
            name = block.name or (f"{label} {title}" if title else label) or self.text(_line_text(line))
        if block.includes_start:
            body = [line, *body]
        else:
            self._mark(start, "heading", f"section {name!r}")
        for ln in body:
            self._mark(ln.no, "item", name)
        if block.skip_empty and not body:
            return end
        first, last = (body[0].no, body[-1].no) if body else (start, start)
        if block.bullet is None:
            items = [
                item
                for ln in body
                for item in (
                    block.split.split(self.text(_line_text(ln)))
                    if block.split
                    else [self.text(_line_text(ln))]
                )
                if item
            ]
            self._add_section(Section(name, tuple(items), self.span(first, last), block.kind))
            return end
        untitled = block.title_in_next_heading and not title
        texts: list[str] = []
        lines: list[int] = []
        for ln in body:
            text = self.text(_line_text(ln))
            bullet = block.bullet.match(text)
            if ln.level and not texts and untitled:
                name, untitled = f"{name} {text}", False
            elif bullet is not None:
                item = text[bullet.end() :].strip()
                texts.append(block.mark.sub(r"\1 ", item, count=1) if block.mark else item)
                lines.append(ln.no)
            elif ln.level:
                name, untitled = (f"{name} {text}", False) if untitled else (name, untitled)
            elif texts:
                texts[-1] += text
            else:
                self.issue(ln.no, f"line under {name} not read: {text[:40]}")
        self._add_section(Section(name, tuple(texts), self.span(first, last), block.kind, tuple(lines)))
        return end

    def _add_section(self, section: Section) -> None:
        """A section under the open policy; one it already holds by that name goes on (its items after
        something inserted into it, or after a page break)."""
        policy = self._policy(section.span.first_line)
        for k, held in enumerate(policy.sections):
            if held.name == section.name:
                lines = (
                    (held.item_lines + section.item_lines) if held.item_lines and section.item_lines else ()
                )
                span = self.span(held.span.first_line, max(held.span.last_line, section.span.last_line))
                policy.sections[k] = Section(held.name, held.items + section.items, span, held.kind, lines)
                policy.last = max(policy.last, section.span.last_line)
                return
        self._add_fact(section)

    def _role_rows(self, block: _RoleTable, body: Sequence[Line]) -> list[ActorRole]:
        """Rows of a role table: the actor, a tab, the roles expected of it (``・`` bullets or ``<li>``),
        or an ``actor`` line and statements that wrap until they end a sentence; header lines (also
        after a page break) skipped."""
        rows: list[tuple[str, int, int, list[str]]] = []  # actor, first line, last line, statements
        for line in body:
            if any(h.search(line.compact) for h in block.header):
                continue
            if block.cells == "tab":
                actor, tab, cell = line.raw.strip().partition("\t")
                actor = normalize(actor)
                if not tab or not actor or not cell.strip():
                    self.issue(
                        line.no, f"line in the role table of {self.policy_id} not read: {line.norm[:40]}"
                    )
                    self._mark(line.no, "not read")
                    continue
                statements = [self.text(item) for item in cell_items(cell)]
                if not statements:
                    self.issue(line.no, f"role of {actor} in {self.policy_id} has no statement")
                    self._mark(line.no, "not read")
                    continue
                rows.append((actor, line.no, line.no, statements))
            elif block.actor is not None and (match := block.actor.search(line.norm)):
                text = match.groupdict().get("text")
                rows.append((match.group("actor").replace(" ", ""), line.no, line.no, [text] if text else []))
            elif not rows:
                self.issue(
                    line.no,
                    f"line in the role table of policy {self.policy_id!r} names no actor: {line.norm[:40]}",
                )
                self._mark(line.no, "not read")
            else:
                actor, first, _, statements = rows[-1]
                ends = block.sentence_end
                if statements and ends is not None and not ends.search(statements[-1]):
                    statements[-1] += self.text(line.norm)  # a statement wraps until it ends its sentence
                else:
                    statements.append(self.text(line.norm))
                rows[-1] = (actor, first, line.no, statements)
        return [
            ActorRole(actor, actor_group(actor), tuple(said), self.span(first, last))
            for actor, first, last, said in rows
        ]

    # -- the plan ----------------------------------------------------------------------------------
    def _below_holds(self, k: int) -> bool:
        """Whether a policy under the ``k``-th (a deeper heading before the next at its level or above)
        holds an indicator: a heading whose indicators stand under its sub-headings is not empty."""
        level = self.policies[k].level
        for policy in self.policies[k + 1 :]:
            if policy.level <= level:
                return False
            if policy.indicators:
                return True
        return False

    def _why_nothing(self) -> str:
        """Why a document gave no indicator, from what its lines were read as."""
        roles = {role: no for no, role, _ in sorted(self.trace.values(), reverse=True)}
        said = []
        if any(isinstance(b, _Table) for b in self.spec.blocks):
            if "header" not in roles:
                said.append(
                    "no table header found (a row whose every cell names a column role, 指標名 among them)"
                )
            else:
                said.append(f"a header at line {roles['header']}, but no row read under it")
        if any(isinstance(b, _Inline) for b in self.spec.blocks):
            said.append("no line matched the inline indicators' regex")
        if self.spec.headings and "heading" not in roles:
            said.append("no policy heading matched")
        return "; ".join(said) or "no block read a row"

    def _result(self) -> ParseResult:
        if not self.spec.require_indicators and not self.policies:
            return self.nothing_found(
                f"no policy heading of layout {self.spec.name} found ({self.spec.description})"
            )
        if self.spec.require_indicators and not any(p.indicators for p in self.policies):
            return self.nothing_found(
                f"no indicator in a shape layout {self.spec.name} knows ({self.spec.description}): "
                f"{self._why_nothing()}"
            )
        policies = []
        for k, build in enumerate(self.policies):
            if not build.indicators and self.spec.require_indicators and not self._below_holds(k):
                self.issue(build.first, f"no indicator read under policy {build.id!r} (is the text cut?)")
            carried = [Section(name, items, self.span(build.first)) for name, items in build.carried]
            policies.append(
                Policy(
                    build.id,
                    build.title,
                    self.span(build.first, build.last),
                    parent=build.parent,
                    indicators=tuple(self._noted(build)),
                    note=build.note,
                    department=" / ".join(dict.fromkeys(build.departments)) or None,
                    roles=tuple(build.roles),
                    sections=(*carried, *build.sections),
                )
            )
        plan = Plan(
            self.municipality,
            self.spec.plan_kind,
            self.title or self.document.id,
            self.document,
            None,
            policies=tuple(policies),
        )
        return self.result([plan])


#: where a ``spaces`` table cuts a line into cells: a run of two or more spaces, or a tab
_SPACES_CUT = lazy_compile(r"\s{2,}|\t")
_TWO_VALUES = lazy_compile(r"\d[\d,.]*\S*\s+\d")


def _width(text: str) -> int:
    """Display columns of ``text``: a full-width character takes two, as PDF text lays them out."""
    return sum(2 if unicodedata.east_asian_width(ch) in "FW" else 1 for ch in text)


def _display_cells(raw: str) -> list[tuple[int, int, str]]:
    """The cells of a line cut at runs of two or more spaces (or tabs), each with the display columns
    it starts and ends at."""
    out, at = [], 0
    for piece in re.split(f"({_SPACES_CUT.pattern})", raw):
        if piece and not _SPACES_CUT.fullmatch(piece) and piece.strip():
            lead = len(piece) - len(piece.lstrip())
            start = at + _width(piece[:lead])
            out.append((start, start + _width(piece.strip()), piece.strip()))
        at += _width(piece)
    return out


def _by_position(raw: str, centres: Sequence[float]) -> list[str] | None:
    """A row's cells placed under the header cells whose centres stand nearest to theirs, a blank
    left for a column no cell stands under; a cell two of whose words (one space apart) stand under two
    columns is cut there. ``None`` where that places two cells under one column, or leaves the last
    column blank (a row cut at its end is said so, not placed)."""
    pieces: list[tuple[float, str]] = []
    for start, end, text in _display_cells(raw):
        words = [(m.start(), m.group(0)) for m in re.finditer(r"\S+", text)]
        if len(words) > 1:
            spots = [start + _width(text[:k]) + _width(w) / 2 for k, w in words]
            columns = [min(range(len(centres)), key=lambda c: abs(centres[c] - s)) for s in spots]
            if len(set(columns)) == len(words):
                pieces += [(s, w) for s, (_, w) in zip(spots, words, strict=True)]
                continue
        pieces.append(((start + end) / 2, text))
    placed: list[str | None] = [None] * len(centres)
    for spot, text in pieces:
        column = min(range(len(centres)), key=lambda c: abs(centres[c] - spot))
        if placed[column] is not None:
            return None
        placed[column] = normalize(text)
    if placed[-1] is None:
        return None
    return [text or "" for text in placed]


def _is_header(block: _Table, cells: Sequence[str]) -> bool:
    """A header row: every cell has a column role, a name among them."""
    roles = [block.role(c) for c in cells if c]
    return len(roles) > 1 and None not in roles and "name" in roles


def _start_match(regex: re.Pattern[str], line: Line) -> re.Match[str] | None:
    """``regex`` found in ``line``, or in it without its spaces (a heading spaced out: ``主 な 事 業``;
    searched again only where it has spaces: else it is the same text)."""
    match = regex.search(line.norm)
    if match is None and " " in line.norm:
        match = regex.search(line.compact)
    return match


def _starts(regex: re.Pattern[str], line: Line) -> bool:
    """Whether ``line`` starts a block (:func:`_start_match`)."""
    return _start_match(regex, line) is not None


def _line_text(line: Line) -> str:
    """A heading's text without its ``#`` marks, or a body line."""
    return line.heading if line.heading is not None else line.norm


def _block_starts(block: object, line: Line) -> bool:
    """Whether ``line`` starts ``block``: a named block, items or a role table also where its start is
    found without the line's spaces; indicator rows, labelled records and footnotes by their start alone."""
    if isinstance(block, _Custom | _Items | _RoleTable):
        return _starts(block.start, line)
    return block.start.search(line.norm) is not None  # type: ignore[attr-defined]


def _header_year(cell: str) -> int | None:
    """The year a header cell names: a stated day's own year (``実績(R5.3.31現在)``: 2023, as
    ``令和5年3月31日現在`` is), else its fiscal year."""
    stated = parse_year(cell) if _DIGIT.search(cell) else None
    if stated is not None and stated.kind is YearKind.DATE:
        return stated.year
    return parse_fiscal_year(cell)


def _fy(text: str | None) -> int | None:
    return parse_fiscal_year(text.replace(" ", "")) if text else None


def _row_year(text: str) -> int | None:
    """A year a row pattern's group captured: four digits (2021), or an era year (R4, 令和4年度)."""
    text = normalize(text).replace(" ", "")
    if text.isdigit() and len(text) == 4:
        return int(text)
    return parse_fiscal_year(text) or parse_fiscal_year(f"{text}年度")


def _join(parts: Sequence[str | None]) -> str | None:
    kept = [p for p in parts if p]
    return "; ".join(dict.fromkeys(kept)) or None


def _tuple(value: object) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, Sequence) and not isinstance(value, str) else (value,)


def _holds(*kinds: type) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """A validator of a :class:`City` field: the value (or each of its items, for a tuple) is one of
    ``kinds``, else a ``TypeError`` that says which field and what it holds instead."""
    names = " or ".join(f"sdk.{kind.__name__}" for kind in kinds)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        for item in value if isinstance(value, tuple) else (value,):
            if not isinstance(item, kinds):
                what = f"hold {names} values" if isinstance(value, tuple) else f"be an {names}"
                raise TypeError(f"City({attribute.name}=...) must {what}, not {type(item).__name__}")

    return check


def _folder(value: object) -> Path | None:
    """A :class:`City`'s ``data_dir`` as a path (a string names one too); ``None`` stays ``None``."""
    if value is None or isinstance(value, Path):
        return value
    if isinstance(value, str):
        return Path(value)
    raise TypeError(f"City(data_dir=...) must be a folder's path or None, not {type(value).__name__}")


def _plans(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A :class:`City`'s plans are ``(title, (first year, last year))`` pairs."""
    for plan in value if isinstance(value, tuple) else (value,):
        match plan:
            case (str(), (int(), int())):
                continue
        raise TypeError(f"City(plans=...) must hold (title, (first year, last year)) pairs, not {plan!r}")


@attrs.frozen
class City:
    """A city, as one value: what a city plugin says about its place (``CITY = sdk.City(...)`` in the
    plugin's module). Its own layouts are the specs in the ``layouts/`` folder beside the module, and
    the layouts a ``munigoals_layouts`` hook of the plugin provides. Each field is checked when the
    value is made: a field that holds something else is a ``TypeError`` naming the field.

    Attributes:
        municipality: The municipality (or prefecture: 長野県 is a place too, code 200000).
        layouts: Names of the layouts its documents come in (its own or another plugin's); empty: its own.
        documents: The documents it knows: titles and periods come from here, never from a layout.
        population: Its population figures, each with its source.
        concepts: What its indicators count, where that differs from the concept's definition
            (``ConceptMapping``), and concepts no core concept covers (``Concept``, namespaced by the plugin).
        data_dir: Folder of the tables it ships, or ``None``.
        plans: Its plans, each ``(title, (first year, last year))``: a document of its own layouts that no
            known document names is titled by the plan whose last year its targets are set for.
    """

    municipality: Municipality = attrs.field(validator=_holds(Municipality))
    layouts: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_holds(str))
    documents: tuple[KnownDocument, ...] = attrs.field(
        default=(), converter=_tuple, validator=_holds(KnownDocument)
    )
    population: tuple[PopulationFigure, ...] = attrs.field(
        default=(), converter=_tuple, validator=_holds(PopulationFigure)
    )
    concepts: tuple[ConceptMapping | Concept, ...] = attrs.field(
        default=(), converter=_tuple, validator=_holds(ConceptMapping, Concept)
    )
    data_dir: Path | None = attrs.field(default=None, converter=_folder)
    plans: tuple[tuple[str, tuple[int, int]], ...] = attrs.field(
        default=(), converter=_tuple, validator=_plans
    )

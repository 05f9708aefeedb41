"""Reader for Ueda's 総合計画 sections (編-章-節), as Markdown converted from the PDF.

Layout::

    # 第1編 / ## 編 title / ### 第1章 title / 1-1-1 title …   table of contents (gives the 編・章 path)
    ## 1-1-1 title                                             a section (節)
    lead sentence
    ### 現状と課題            - items; 【chart caption】 and 出典：… lines
    ## 達成度をはかる指標・目標値   tab table: 指標の内容 / 基準値 / 計画目標(令和12年度)
    ## 各主体に期待される主な役割分担   actor TAB statements (・ bullets or <ul><li>)
    ## 施策の方向性・展開     ### 基本施策N title (or the title in the next heading), - ①② items
    ## 主な事業               items separated by spaces
    ## 関連する主な個別計画    plans separated by 、

Heading levels vary in the converted text (## or ###), so headings are recognised by their words.

Composite cells: a value cell naming several counts (``講演会1回、 協働推進員研修会2回``) is not one number:
its value is left empty, its text kept, and its parts listed in the note (``parts: 講演会 1回; …``).
"""

from __future__ import annotations

import re

import attrs

from munigoals.sdk import (
    ActorRole,
    Document,
    DocumentReader,
    Indicator,
    Line,
    Municipality,
    ParseResult,
    Plan,
    PlanKind,
    Policy,
    Quantity,
    Section,
    SectionKind,
    Target,
    actor_group,
    cell_items,
    normalize,
    parse_fiscal_year,
    strip_glossary_marks,
)

__all__ = ["FORMAT_NAME", "LAYOUT", "sniff_sogo_keikaku", "strip_glossary_marks"]

FORMAT_NAME = "ueda.sogo-keikaku-sections"

_SECTION = re.compile(r"^(\d+)-(\d+)-(\d+)\s+(\S.*)$")
_HEN = re.compile(r"^第\s*(\d+)\s*編\s*(.*)$")
_SHO = re.compile(r"^第\s*(\d+)\s*章\s*(.*)$")
_KIHON = re.compile(r"^基本施策\s*(\d+)\s*(.*)$")
_PLAN_NAMES_SEPARATOR = re.compile(r"[、\s]+")
_UNTITLED_KIHON = re.compile(r"基本施策\d+")
_CIRCLED_ITEM = re.compile(r"^([\u2460-\u2473])\s*")

_INDICATORS = "達成度をはかる指標・目標値"
_ROLES = "各主体に期待される主な役割分担"
_DIRECTIONS = "施策の方向性・展開"
_PROJECTS = "主な事業"
_PLANS = "関連する主な個別計画"
_ISSUES = "現状と課題"
_KNOWN = (_INDICATORS, _ROLES, _DIRECTIONS, _PROJECTS, _PLANS, _ISSUES)


def sniff_sogo_keikaku(head: str) -> float:
    """Confidence that ``head`` (a document's first characters) opens Ueda 総合計画 sections."""
    score = 0.0
    if re.search(r"(?m)^#{1,4}\s*\d+-\d+-\d+\s+\S", head):
        score += 0.4
    if _INDICATORS in head:
        score += 0.3
    if _ROLES in head:
        score += 0.2
    if re.search(r"計画目標\s*[(（]\s*令和", head):
        score += 0.1
    return min(score, 1.0)


def _t(line: Line) -> str:
    """A heading's text, or a body line's."""
    return line.heading if line.heading is not None else line.norm


@attrs.define
class _Block:
    """The lines under one heading of a section."""

    name: str
    first: int
    lines: list[Line] = attrs.field(factory=list)


class _Reader(DocumentReader):
    def __init__(self, text: str, document: Document, municipality: Municipality) -> None:
        super().__init__(text, document, municipality)
        self.marked = self.lines
        self.hen: dict[str, str] = {}
        self.sho: dict[tuple[str, str], str] = {}
        self.target_years: set[int] = set()

    # -- table of contents -------------------------------------------------------------------
    def _read_contents(self, lines: list[Line]) -> None:
        hen: str | None = None
        pending_hen_title = False
        for line in lines:
            if line.level and (m := _HEN.match(_t(line))):
                hen = m.group(1)
                self.hen[hen] = f"第{hen}編" + (f" {m.group(2)}" if m.group(2) else "")
                pending_hen_title = not m.group(2)
            elif line.level and pending_hen_title and hen and not _SHO.match(_t(line)):
                self.hen[hen] = f"第{hen}編 {_t(line)}"
                pending_hen_title = False
            elif line.level and hen and (m := _SHO.match(_t(line))):
                self.sho[(hen, m.group(1))] = f"第{m.group(1)}章 {m.group(2)}".strip()
                pending_hen_title = False

    # -- driver ------------------------------------------------------------------------------
    def read(self) -> ParseResult:
        policies = self._policies()
        if not policies:
            return self.nothing_found("no section heading (## N-N-N title) found")
        years = sorted(self.target_years)
        title = "上田市総合計画" + (f" (計画目標 {years[-1]}年度)" if years else "")
        plan = Plan(
            municipality=self.municipality,
            kind=PlanKind.COMPREHENSIVE,
            title=title,
            document=self.document,
            fiscal_years=None,
            policies=tuple(policies),
        )
        return self.result([plan])

    def _policies(self) -> list[Policy]:
        starts = [
            k for k, line in enumerate(self.marked) if line.level and _SECTION.match(_t(line)) is not None
        ]
        self._read_contents(self.marked[: starts[0]] if starts else self.marked)
        policies = []
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(self.marked)
            policies.append(self._section(self.marked[start:end]))
        return policies

    def _parent(self, hen: str, sho: str) -> tuple[str, ...]:
        return (self.hen.get(hen, f"第{hen}編"), self.sho.get((hen, sho), f"第{sho}章"))

    def _section(self, lines: list[Line]) -> Policy:
        head = lines[0]
        m = _SECTION.match(_t(head))
        assert m is not None
        hen, sho, setsu, title = m.groups()
        blocks: list[_Block] = [_Block("lead", head.no)]
        for line in lines[1:]:
            name = self._block_name(line)
            if name is not None:
                blocks.append(_Block(name, line.no))
            else:
                blocks[-1].lines.append(line)
        last = max((ln.no for ln in lines if _t(ln)), default=head.no)
        indicators: list[Indicator] = []
        roles: list[ActorRole] = []
        sections: list[Section] = []
        for block in blocks:
            body = [ln for ln in block.lines if _t(ln)]
            if block.name == "lead":
                for ln in body:  # a table row before any block: a heading cut into a table
                    if "\t" in ln.raw.strip():
                        self.issue(
                            ln.no,
                            f"table row under section {hen}-{sho}-{setsu} before any table heading, not "
                            f"read (a heading at line {head.no} inside a table?): {_t(ln)[:40]}",
                        )
                body = [ln for ln in body if "\t" not in ln.raw.strip()]
                if body:
                    items = [strip_glossary_marks(_t(ln))[0] for ln in body]
                    sections.append(Section("lead", tuple(items), self.span(body[0].no, body[-1].no)))
            elif block.name == _ISSUES:
                sections.extend(self._issues_and_charts(block, body))
            elif block.name == _INDICATORS:
                indicators.extend(self._indicators(block, body, f"{hen}-{sho}-{setsu}"))
            elif block.name == _ROLES:
                roles.extend(self._roles(block, body, f"{hen}-{sho}-{setsu}"))
            elif block.name.startswith("基本施策") or block.name == _DIRECTIONS:
                if block.name == _DIRECTIONS and not body:
                    continue
                sections.append(self._directions(block, body))
            elif block.name == _PROJECTS:
                items = [item for ln in body for item in strip_glossary_marks(_t(ln))[0].split(" ") if item]
                sections.append(self._section_of(block, body, items))
            elif block.name == _PLANS:
                items = [
                    p
                    for ln in body
                    for p in _PLAN_NAMES_SEPARATOR.split(strip_glossary_marks(_t(ln))[0])
                    if p
                ]
                sections.append(self._section_of(block, body, items))
            else:
                sections.append(
                    self._section_of(block, body, [strip_glossary_marks(_t(ln))[0] for ln in body])
                )
        return Policy(
            id=f"{hen}-{sho}-{setsu}",
            title=strip_glossary_marks(title)[0],
            span=self.span(head.no, last),
            parent=self._parent(hen, sho),
            indicators=tuple(indicators),
            roles=tuple(roles),
            sections=tuple(sections),
        )

    def _block_name(self, line: Line) -> str | None:
        """The name a heading starts, or ``None`` for a body line (or a heading that continues one)."""
        if not line.level:
            return None
        text = _t(line)
        for name in _KNOWN:
            if text.replace(" ", "") == name:
                return name
        if m := _KIHON.match(text):
            return f"基本施策{m.group(1)}" + (f" {m.group(2)}" if m.group(2) else "")
        return None  # other headings (a chart caption, a 基本施策's title) stay in their block

    def _section_of(self, block: _Block, body: list[Line], items: list[str]) -> Section:
        first = body[0].no if body else block.first
        last = body[-1].no if body else block.first
        return Section(block.name, tuple(items), self.span(first, last))

    def _issues_and_charts(self, block: _Block, body: list[Line]) -> list[Section]:
        items: list[str] = []
        charts: list[str] = []
        for line in body:
            text = strip_glossary_marks(_t(line))[0]
            if text.startswith("- "):
                items.append(text[2:].strip())
            elif text.startswith("【"):
                charts.append(text)
            elif text.startswith("出典") and charts:
                charts[-1] += f" ({text})"
            elif text.startswith(("～", "~")) and charts:
                charts[-1] += f" {text}"
            elif items and not charts:
                items[-1] += text
            else:
                self.issue(line.no, f"line under 現状と課題 not read: {text[:40]}")
        out = [self._section_of(block, body, items)]
        if charts:
            out.append(Section("図表", tuple(charts), self.span(body[0].no, body[-1].no)))
        return out

    def _directions(self, block: _Block, body: list[Line]) -> Section:
        """A 基本施策 with its ①②③ directions; a title in the next heading is taken as the title."""
        name = block.name
        items: list[str] = []
        starts: list[int] = []
        for line in body:
            text = strip_glossary_marks(_t(line))[0]
            if line.level and not items and _UNTITLED_KIHON.fullmatch(name):
                name = f"{name} {text}"
            elif text.startswith("- "):
                items.append(_CIRCLED_ITEM.sub(r"\1 ", text[2:].strip()))
                starts.append(line.no)
            elif line.level:
                name = f"{name} {text}" if _UNTITLED_KIHON.fullmatch(name) else name
            elif items:
                items[-1] += text
            else:
                self.issue(line.no, f"line under {name} not read: {text[:40]}")
        kind = SectionKind.MEASURES if name.startswith("基本施策") else SectionKind.TEXT
        return Section(name, tuple(items), self._section_of(block, body, items).span, kind, tuple(starts))

    # -- indicators --------------------------------------------------------------------------
    def _indicators(self, block: _Block, body: list[Line], policy_id: str) -> list[Indicator]:
        target_year: int | None = None
        out: list[Indicator] = []
        for line in body:
            cells = [c.strip() for c in line.raw.strip().split("\t")]
            if len(cells) == 3 and normalize(cells[0]).startswith("指標"):
                target_year = parse_fiscal_year(cells[2])
                if target_year is None:
                    self.issue(line.no, f"indicator header of {policy_id} names no target year")
                else:
                    self.target_years.add(target_year)
                continue
            if len(cells) != 3 or not all(cells):
                self.issue(line.no, f"line in the indicator table of {policy_id} not read: {_t(line)[:40]}")
                continue
            indicator = self._indicator(line, cells, target_year)
            if indicator is not None:
                out.append(indicator)
        return out

    def _indicator(self, line: Line, cells: list[str], header_year: int | None) -> Indicator | None:
        name, terms = strip_glossary_marks(cells[0])
        baseline = Quantity.from_cell(strip_glossary_marks(cells[1])[0])
        target = Target.from_cell(strip_glossary_marks(cells[2])[0], header_year)
        unit = baseline.unit or target.unit
        footnotes = [f"用語解説*: {t}" for t in terms]
        base_terms = strip_glossary_marks(cells[1])[1] + strip_glossary_marks(cells[2])[1]
        footnotes.extend(f"用語解説*: {t}" for t in base_terms)
        return Indicator(
            name=name,
            kind=None,
            category=None,
            unit=unit,
            baseline=attrs.evolve(baseline, unit=unit),
            target=attrs.evolve(target, unit=unit),
            span=self.span(line.no),
            footnotes=tuple(dict.fromkeys(footnotes)),
        )

    # -- roles -------------------------------------------------------------------------------
    def _roles(self, block: _Block, body: list[Line], policy_id: str) -> list[ActorRole]:
        roles: list[ActorRole] = []
        for line in body:
            actor, sep, cell = line.raw.strip().partition("\t")
            actor = normalize(actor)
            if not sep or not actor or not cell.strip():
                self.issue(line.no, f"line in the role table of {policy_id} not read: {_t(line)[:40]}")
                continue
            statements = [strip_glossary_marks(s)[0] for s in cell_items(cell)]
            if not statements:
                self.issue(line.no, f"role of {actor} in {policy_id} has no statement")
                continue
            roles.append(ActorRole(actor, actor_group(actor), tuple(statements), self.span(line.no)))
        return roles


LAYOUT = _Reader.layout(
    FORMAT_NAME,
    "上田市総合計画: sections N-N-N (Markdown) with 達成度をはかる指標・目標値 and 役割分担",
    sniff_sogo_keikaku,
    markers=("達成度をはかる指標", "各主体に期待される"),
)

"""Reader for Suzaka's 総合計画 施策 pages (PDF text), one page or many per file.

A page, as the PDF text gives it::

    施策 35  title
    施 策 の 目 指 す 姿           ● items (wrapped lines, blank lines inside)
    【成果指標】                    header 指標の種類 指標名 現状値（年度） 目標値 / （2025年）
    統計指標 name（unit） 86.5（2019） 90.0       rows; names wrap onto the next line
    ※ notes                        footnotes linked to the marks in names
    NN基本 / 施策 title / ● …     the 基本施策 box, on the first page of a 基本施策
    基本目標 title N
    ◆現状と課題 / ◆施策の取組方針   ☞☞ items
    ◆主な取組内容  departments      取組項目 with ◇ items, (1) sub-headings with departments
    【プロセス指標】                rows without 指標の種類
    ◆共創のまちづくりに向けた各主体の役割   主体 / 期待される役割, continued across page breaks

Page furniture (page numbers ``- 125 -``, the vertical side bar that follows them, ``3. 施策の展開``,
U+FFFD) is skipped. Lines inside an indicator or role table that cannot be read become ParseIssues.
"""

from __future__ import annotations

import re

import attrs

from munigoals import sdk
from munigoals_suzaka.indicators import IndicatorRow, IndicatorTable

__all__ = ["SHISAKU_PAGES", "sniff_shisaku_pages"]

_SHISAKU = re.compile(r"^施策\s*(\d+)\s+(\S.*)$")
#: A 施策 title is a few words; a heading line far longer holds more than its title.
_TITLE_MAX = 80
_PAGE_NUMBER = re.compile(r"^-\s*\d+\s*-$")
_SPREAD_HEADING = re.compile(r"^\d+\.\s*施策の展開$")
_BOX_START = re.compile(r"^(\d+)\s*基本$")
_BOX_TITLE = re.compile(r"^施策\s*(.*)$")
_GOAL = re.compile(r"^基本目標\s*(.+?)\s*(\d+)$")
_FOOTNOTE = re.compile(r"^※\s*(\d*)\s*(.*)$")
_ACTOR = re.compile(r"^(市 ?民|企 ?業|活動団体|事業者|各種団体|団 ?体|行 ?政|自治会|教育関係者)(?:\s+(.*))?$")
_NUMBERED_ITEM = re.compile(r"^\((\d+)\)\s*(.+)$")
_DEPARTMENTS = re.compile(r"\S+課(?:\s*/\s*\S+)*")
_DEPARTMENTS_AT_END = re.compile(r"\s((?:[^\s/]+(?:課|室|局|全課))(?:\s*/\s*[^\s/]+)*)$")
_SENTENCE_ENDED = re.compile(r"(ます|。)$")

FORMAT_NAME = "suzaka.sogo-keikaku-shisaku"
_BULLET_SECTIONS = ("現状と課題", "施策の取組方針")


def sniff_shisaku_pages(head: str) -> float:
    """Confidence that ``head`` (a document's first characters, raw) opens Suzaka 施策 pages."""
    score = 0.0
    if re.search(r"(?m)^\s*施策\s*\d+\s+\S", head):
        score += 0.35
    if re.search(r"[【\[]\s*(成果|プロセス)\s*指\s*標\s*[】\]]", head):
        score += 0.3
    if re.search(r"現状値\s*[（(]\s*年度\s*[)）]", head):
        score += 0.15
    if re.search(r"施\s*策\s*の\s*目\s*指\s*す\s*姿|各主体の役割", head):
        score += 0.2
    return min(score, 1.0)


@attrs.define
class _Role:
    actor: str
    first: int
    last: int
    statements: list[str] = attrs.field(factory=list)


@attrs.define
class _Page:
    """What has been read of one 施策 so far."""

    id: str
    title: str
    first: int
    last: int
    parent: list[str]
    vision: list[str] = attrs.field(factory=list)
    vision_first: int | None = None
    strategy: list[str] = attrs.field(factory=list)
    indicators: list[tuple[str, IndicatorRow, int | None]] = attrs.field(factory=list)  # kind, row, year
    footnotes: dict[str, str] = attrs.field(factory=dict)
    sections: list[sdk.Section] = attrs.field(factory=list)
    departments: list[str] = attrs.field(factory=list)
    roles: list[_Role] = attrs.field(factory=list)


class _Reader(IndicatorTable):
    def __init__(self, text: str, document: sdk.Document, municipality: sdk.Municipality) -> None:
        super().__init__(text, document, municipality)
        self.lines = self._content_lines()
        self.pages: list[_Page] = []
        self.goal: str | None = None
        self.box: str | None = None
        self.pending_strategy: list[str] = []

    # -- lines -------------------------------------------------------------------------------
    def _content_lines(self) -> list[sdk.Line]:
        """The lines without page furniture; blank lines kept (empty ``norm``)."""
        out: list[sdk.Line] = []
        after_page_number = False
        for line in self.lines:
            norm = line.norm
            if _PAGE_NUMBER.match(norm) or _SPREAD_HEADING.match(norm):
                after_page_number = after_page_number or bool(_PAGE_NUMBER.match(norm))
                continue
            if after_page_number:
                # the vertical side bar after a page break: one or two characters a line
                if len(norm.replace(" ", "")) <= 2:
                    continue
                after_page_number = False
            out.append(line)
        return out

    # -- driver ------------------------------------------------------------------------------
    def _walk(self) -> None:
        i = 0
        lines = self.lines
        while i < len(lines):
            line = lines[i]
            c = line.compact
            if not c:
                i += 1
                continue
            if (m := _SHISAKU.match(line.norm)) and len(m.group(2)) > _TITLE_MAX:
                # a page's text run into its heading (a document on one line): no title, nothing to place
                self.issue(
                    line.no,
                    f"施策 {m.group(1)} heading line holds {len(line.norm):,} characters, more than a title "
                    "(are the page's lines joined into one?): not read",
                )
                i += 1
                continue
            if m:
                self.pages.append(
                    _Page(
                        id=m.group(1),
                        title=m.group(2),
                        first=line.no,
                        last=line.no,
                        parent=self._parent(),
                        strategy=self.pending_strategy,
                    )
                )
                self.pending_strategy = []
                i += 1
                continue
            if c.startswith("《総合戦略》"):
                self.pending_strategy.append(line.norm)
                i += 1
                continue
            page = self.pages[-1] if self.pages else None
            if page is None:
                self.issue(line.no, f"text before the first 施策 heading not read: {line.norm[:40]}")
                i += 1
                continue
            if c == "施策の目指す姿":
                i = self._bullets(i + 1, page, "施策の目指す姿", "●")
            elif c in ("【成果指標】", "【プロセス指標】"):
                i = self._indicators(i + 1, page, "outcome" if c == "【成果指標】" else "process")
            elif c.startswith("◆現状と課題") or c.startswith("◆施策の取組方針"):
                i = self._bullets(i + 1, page, c[1:], "☞")
            elif c.startswith("☞") and page.sections:
                # ☞ items that go on after a box or footnotes inserted into the page
                last_bullets = next(
                    (s.name for s in reversed(page.sections) if s.name in _BULLET_SECTIONS), None
                )
                i = self._bullets(i, page, last_bullets or "施策の取組方針", "☞")
            elif c.startswith("◆主な取組内容"):
                i = self._measures(i, page)
            elif c.startswith("◆") and "各主体の役割" in c:
                i = self._roles(i + 1, page)
            elif m := _BOX_START.match(line.norm):
                i = self._box(i, page, m.group(1))
            elif m := _GOAL.match(line.norm):
                self.goal = f"基本目標{m.group(2)} {m.group(1)}"
                page.parent = self._parent()
                i += 1
            elif _FOOTNOTE.match(line.norm):
                i = self._footnote(i, page)
            elif c.startswith("取組項目具体的な内容"):
                i = self._measures(i, page)
            else:
                self.issue(
                    line.no, f"line outside any known part of 施策 {page.id} not read: {line.norm[:40]}"
                )
                i += 1
            page.last = max(page.last, lines[min(i, len(lines)) - 1].no)

    def _parent(self) -> list[str]:
        return [p for p in (self.goal, self.box) if p]

    def _is_marker(self, line: sdk.Line) -> bool:
        c = line.compact
        return bool(
            _SHISAKU.match(line.norm)
            or c.startswith(("◆", "【", "《", "☞"))
            or c == "施策の目指す姿"
            or _BOX_START.match(line.norm)
            or _GOAL.match(line.norm)
            or _FOOTNOTE.match(line.norm)
        )

    # -- parts -------------------------------------------------------------------------------
    def _bullets(self, i: int, page: _Page, name: str, mark: str) -> int:
        """Items that start with ``mark``; other lines continue the item before them."""
        items: list[str] = []
        first = self.lines[i - 1].no
        last = first
        while i < len(self.lines):
            line = self.lines[i]
            if line.compact and self._is_marker(line) and not line.compact.startswith(mark):
                break
            if line.compact:
                text = line.norm
                if text.startswith(mark):
                    items.append(text.lstrip(mark + " ").strip())
                elif items:
                    items[-1] += text
                else:
                    items.append(text)
                last = line.no
            i += 1
        for k, existing in enumerate(page.sections):
            if existing.name == name:  # the section goes on after something inserted into it
                span = self.span(existing.span.first_line, max(last, existing.span.last_line))
                page.sections[k] = sdk.Section(name, existing.items + tuple(items), span)
                return i
        page.sections.append(sdk.Section(name, tuple(items), self.span(first, last)))
        return i

    def _box(self, i: int, page: _Page, number: str) -> int:
        """The 基本施策 box: number, title, and its goals and challenges (kept as one section)."""
        first = self.lines[i].no
        i += 1
        title_parts: list[str] = []
        if i < len(self.lines) and (m := _BOX_TITLE.match(self.lines[i].norm)):
            if m.group(1):
                title_parts.append(m.group(1))
            i += 1
        if not title_parts:  # "施策" alone: the title follows, up to a blank line
            while i < len(self.lines) and not self.lines[i].compact:
                i += 1
            while i < len(self.lines) and self.lines[i].compact and not self._is_marker(self.lines[i]):
                if self.lines[i].norm.startswith("●") or len(title_parts) == 3:
                    break
                title_parts.append(self.lines[i].norm)
                i += 1
        title = "".join(title_parts)
        self.box = f"基本施策{number} {title}".strip()
        page.parent = self._parent()
        items: list[str] = []
        last = first
        while i < len(self.lines):
            line = self.lines[i]
            if line.compact and (
                _SHISAKU.match(line.norm)
                or line.compact.startswith(("◆", "【", "☞"))
                or _GOAL.match(line.norm)
            ):
                break
            if line.compact:
                # bullets and short labels (継承, 進化, 3つのチャレンジ) start an item; other lines wrap
                if line.norm.startswith(("●", "※")) or not items or len(line.compact) <= 8:
                    items.append(line.norm.lstrip("● "))
                else:
                    items[-1] += line.norm
                last = line.no
            i += 1
        page.sections.append(sdk.Section(f"基本施策{number}", tuple(items), self.span(first, last)))
        return i

    def _footnote(self, i: int, page: _Page) -> int:
        line = self.lines[i]
        m = _FOOTNOTE.match(line.norm)
        assert m is not None
        mark = "※" + m.group(1)
        parts = [m.group(2)]
        i += 1
        while i < len(self.lines) and self.lines[i].compact and not self._is_marker(self.lines[i]):
            parts.append(self.lines[i].norm)
            i += 1
        page.footnotes.setdefault(mark, "".join(parts).strip())
        return i

    def _measures(self, i: int, page: _Page) -> int:
        """◆主な取組内容: departments, (1) sub-headings, 取組項目 with ◇ items."""
        group = "主な取組内容"
        heading = self.lines[i].norm
        if heading.replace(" ", "").startswith("◆主な取組内容"):
            depts = heading.split("主な取組内容", 1)[1].strip()
            if depts:
                page.departments.extend(d.strip() for d in depts.split("/") if d.strip())
                group = f"主な取組内容 [{depts}]"
            i += 1
        item: str | None = None
        item_first = 0
        diamonds: list[str] = []
        starts: list[int] = []  # the line each ◇ starts on
        last_kind = ""  # "item" or "diamond" or "blank"

        def flush(last: int) -> None:
            nonlocal item, diamonds, starts
            if item is not None or diamonds:
                page.sections.append(
                    sdk.Section(
                        f"{group} / {item or '(取組項目なし)'}",
                        tuple(diamonds),
                        self.span(item_first, last),
                        sdk.SectionKind.MEASURES,
                        tuple(starts),
                    )
                )
            item, diamonds, starts = None, [], []

        last_no = self.lines[i - 1].no
        while i < len(self.lines):
            line = self.lines[i]
            c = line.compact
            if not c:
                last_kind = "blank" if last_kind else last_kind
                i += 1
                continue
            if self._is_marker(line):
                break
            if c.startswith("取組項目具体的な内容"):
                last_kind = "header"
                i += 1
                continue
            sub = _NUMBERED_ITEM.match(line.norm)
            if sub or _DEPARTMENTS.fullmatch(line.norm):
                flush(last_no)
                text = sub.group(2) if sub else ""
                dm = _DEPARTMENTS_AT_END.search(text)
                depts = dm.group(1) if dm else (line.norm if not sub else "")
                title = text[: dm.start()].strip() if dm else text
                if depts:
                    page.departments.extend(d.strip() for d in depts.split("/") if d.strip())
                group = (
                    "主な取組内容"
                    + (f" ({sub.group(1)}) {title}" if sub else "")
                    + (f" [{depts}]" if depts else "")
                )
                last_kind = "header"
                i += 1
                continue
            text = line.norm
            if text.startswith("◇"):
                diamonds.append(text.lstrip("◇ "))
                starts.append(line.no)
                last_kind = "diamond"
            elif "◇" in text:
                head, _, rest = text.partition("◇")
                if last_kind == "item" and item is not None:
                    item += head.strip()
                else:
                    flush(last_no)
                    item, item_first = head.strip(), line.no
                diamonds.append(rest.strip())
                starts.append(line.no)
                last_kind = "diamond"
            elif last_kind == "diamond" and diamonds:
                diamonds[-1] += text
            elif last_kind == "item" and item is not None:
                item += text
            else:
                flush(last_no)
                item, item_first = text, line.no
                last_kind = "item"
            last_no = line.no
            i += 1
        flush(last_no)
        return i

    def _roles(self, i: int, page: _Page) -> int:
        current: _Role | None = None
        while i < len(self.lines):
            line = self.lines[i]
            c = line.compact
            if not c:
                i += 1
                continue
            if self._is_marker(line):
                break
            if c == "主体期待される役割":  # the header, also where the table goes on after a page break
                i += 1
                continue
            if m := _ACTOR.match(line.norm):
                current = _Role(m.group(1).replace(" ", ""), line.no, line.no)
                page.roles.append(current)
                if m.group(2):
                    current.statements.append(m.group(2))
            elif current is None:
                self.issue(
                    line.no, f"line in the role table of 施策 {page.id} names no actor: {line.norm[:40]}"
                )
            elif current.statements and not _SENTENCE_ENDED.search(current.statements[-1]):
                current.statements[-1] += line.norm  # a statement wraps until it ends its sentence
                current.last = line.no
            else:
                current.statements.append(line.norm)
                current.last = line.no
            i += 1
        return i

    # -- result ------------------------------------------------------------------------------
    def read(self) -> sdk.ParseResult:
        self._walk()
        policies = [self._policy(page) for page in self.pages]
        if not policies:
            return self.nothing_found("no 施策 heading (施策 NN title) found")
        target_year = max(self.target_years) if self.target_years else None
        years: tuple[int, int] | None
        if target_year == 2025:
            title, years = "第六次須坂市総合計画 前期基本計画", (2021, 2025)
        elif target_year == 2030:
            title, years = "第六次須坂市総合計画 後期基本計画", (2026, 2030)
        else:
            title, years = (
                "須坂市総合計画 基本計画",
                ((target_year - 4, target_year) if target_year else None),
            )
        plan = sdk.Plan(
            municipality=self.municipality,
            kind=sdk.PlanKind.COMPREHENSIVE,
            title=title,
            document=self.document,
            fiscal_years=years,
            policies=tuple(policies),
        )
        return self.result([plan])

    def _policy(self, page: _Page) -> sdk.Policy:
        indicators = [self.indicator(page, kind, row, year) for kind, row, year in page.indicators]
        roles = [
            sdk.ActorRole(
                role.actor,
                sdk.actor_group(role.actor),
                tuple(role.statements),
                self.span(role.first, role.last),
            )
            for role in page.roles
        ]
        sections = list(page.sections)
        if page.strategy:
            sections.insert(0, sdk.Section("総合戦略", tuple(page.strategy), self.span(page.first)))
        return sdk.Policy(
            id=page.id,
            title=page.title,
            span=self.span(page.first, page.last),
            parent=tuple(page.parent),
            department=" / ".join(dict.fromkeys(page.departments)) or None,
            indicators=tuple(i for i in indicators if i is not None),
            roles=tuple(roles),
            sections=tuple(sections),
        )


SHISAKU_PAGES = _Reader.layout(
    FORMAT_NAME,
    "須坂市総合計画 基本計画: 施策 pages (PDF text) with 成果指標, プロセス指標 and 各主体の役割",
    sniff_shisaku_pages,
    markers=("施策", "施 策"),
)

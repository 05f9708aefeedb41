"""Readers for Ueda's 重点目標 (priority goals) of a department, in three layouts.

- ``ueda.juten-kanri-sheet``: 重点目標管理シート, tab-separated cells (some holding HTML). Per goal:
  重点目標 /
  部局名 / 優先順位, its 位置付け rows, 現況・課題, 目的・効果, a header row, actions ①…⑤ with 取組項目,
  期間・期限, 数値目標, 中間報告, 期末報告, and 特記事項.
- ``ueda.juten-ichiran``: 重点目標一覧表, tab-separated: one year's goals with 達成状況 beside the next
  year's goals with 期限・数値目標等, goals numbered 1–5, HTML inside cells.
- ``ueda.juten-ichiran-pdf``: the same 一覧表 as PDF text, whose three columns are interleaved line by
  line. What is recovered: the goal titles (lines of their own), the goal numbers printed next to a
  title, and the numeric targets of the 期限・数値目標等 blocks, which stand in goal order. Everything else
  (the earlier year's results, items split across columns) is reported as ParseIssues with its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from munigoals.japanese import normalize, parse_fiscal_year, parse_number
from munigoals.model import (
    Action,
    ActionTarget,
    Document,
    Indicator,
    Municipality,
    ParseResult,
    Plan,
    PlanKind,
    Policy,
    Quantity,
    Section,
    Severity,
    Target,
)
from munigoals.reading import DocumentReader
from munigoals_ueda.cells import cell_items
from munigoals_ueda.targets import extract_targets

#: Sniffers look at the start of a document only: its headings and first tables say what it is.
_SNIFF_CHARS = 30_000

__all__ = [
    "ICHIRAN",
    "ICHIRAN_PDF",
    "KANRI_SHEET",
    "parse_ichiran",
    "parse_ichiran_pdf",
    "parse_kanri_sheet",
    "sniff_ichiran",
    "sniff_ichiran_pdf",
    "sniff_kanri_sheet",
]

KANRI_SHEET = "ueda.juten-kanri-sheet"
ICHIRAN = "ueda.juten-ichiran"
ICHIRAN_PDF = "ueda.juten-ichiran-pdf"

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CIRCLED_START = re.compile(rf"^\s*([{_CIRCLED}])\s*(.*)$", re.S)
_YEAR_HEADING = re.compile(r"(令和|平成)\s*(元|\d+)\s*年度?")


def _circled_number(mark: str) -> int:
    return _CIRCLED.index(mark) + 1


def _compact(text: str) -> str:
    return normalize(text).replace(" ", "")


def _cells(raw: str) -> list[str]:
    return [c.strip() for c in raw.split("\t")]


def _text(cell: str) -> str:
    """A cell as plain text, its list items and paragraphs kept apart on lines of their own."""
    return "\n".join(cell_items(cell, split_bullets=False))


class _Base(DocumentReader):
    def __init__(self, text: str, document: Document, municipality: Municipality) -> None:
        super().__init__(document, municipality)
        self.raw_lines = text.split("\n")

    def numbered(self) -> Iterator[tuple[int, str]]:
        yield from enumerate(self.raw_lines, start=1)


# -- 重点目標管理シート ------------------------------------------------------------------------------

_POSITION_LABELS = {
    "総合計画における位置付け": "総合計画における位置付け",
    "まち・ひと・しごと創生総合戦略における位置付け": "まち・ひと・しごと創生総合戦略における位置付け",
    "第三次上田市行財政改革大綱・アクションプログラムにおける位置付け": "行財政改革大綱における位置付け",
    "上田再構築プラン「7つの挑戦」における位置付け": "上田再構築プランにおける位置付け",
    "現況・課題": "現況・課題",
    "目的・効果": "目的・効果",
    "特記事項": "特記事項",
}
_FIELDS = ("取組項目", "期間・期限", "数値目標", "中間報告", "期末報告")


def sniff_kanri_sheet(text: str) -> float:
    """Confidence that ``text`` is a 重点目標管理シート.

    Sniffers look at the raw text (full- or half-width brackets alike): normalising every document
    once per installed format would cost more than reading it.
    """
    head = text[:_SNIFF_CHARS]
    score = 0.0
    if "重点目標管理シート" in text:
        score += 0.3
    if "優先順位" in head and "部局名" in head:
        score += 0.3
    if re.search(r"数値目標\s*[(（]どの水準まで|期末報告\s*[(（]目標に対する", head):
        score += 0.4
    return min(score, 1.0)


def _label_of(cell: str) -> str | None:
    compact = _compact(cell)
    for label, name in _POSITION_LABELS.items():
        if compact == label.replace(" ", ""):
            return name
    return None


def sogo_keikaku_path(position: str) -> tuple[str, ...]:
    """A 総合計画 position (``第1編 … 第1章 … 第2節 …``) as a parent path; several 節 are joined."""
    text = normalize(position)
    pieces = re.split(r"(?=第\s*\d+\s*[編章節])", text)
    hen = [p.strip() for p in pieces if re.match(r"第\s*\d+\s*編", p)]
    sho = [p.strip() for p in pieces if re.match(r"第\s*\d+\s*章", p)]
    setsu = [p.strip() for p in pieces if re.match(r"第\s*\d+\s*節", p)]
    return tuple(p for p in (*hen[:1], *sho[:1], " / ".join(setsu)) if p)


@attrs.define
class _Goal:
    title: str
    line: int
    department: str | None = None
    priority: int | None = None
    last: int = 0
    sections: dict[str, list[str]] = attrs.field(factory=dict)
    header: list[str] = attrs.field(factory=list)
    actions: list[Action] = attrs.field(factory=list)
    indicators: list[Indicator] = attrs.field(factory=list)


class _KanriSheet(_Base):
    def read(self) -> ParseResult:
        department: str | None = None
        fiscal_year: int | None = None
        listed: dict[str, str] = {}
        goals: list[_Goal] = []
        goal: _Goal | None = None
        for no, raw in self.numbered():
            norm = normalize(raw)
            if not norm:
                continue
            cells = _cells(raw)
            first = next((c for c in cells if c), "")
            if raw.startswith("# ") and department is None:
                department = norm.lstrip("# ").strip()
                continue
            if norm.startswith("#") or "重点目標管理シート" in norm:
                if (year := parse_fiscal_year(norm)) is not None:
                    fiscal_year = fiscal_year or year
                continue
            if m := re.match(r"^-\s*(\d+)\s+(.+)$", norm):
                listed[_compact(m.group(2))] = m.group(1)
                continue
            if _compact(cells[0]) == "重点目標":
                goal = self._goal_row(no, cells)
                goals.append(goal)
                continue
            if goal is None:
                self.issue(no, f"line before the first goal not read: {norm[:40]}")
                continue
            goal.last = no
            if any("取組項目" in c for c in cells) and any("期末報告" in c for c in cells):
                goal.header = [_compact(c) for c in cells]
                continue
            if _CIRCLED_START.match(first) and _CIRCLED_START.match(cells[0] or first):
                action = self._action(no, cells, goal, fiscal_year)
                if action is not None:
                    goal.actions.append(action)
                continue
            if _label_of(first) or first.startswith("○市民参加") or _compact(first).startswith("特記事項"):
                self._labelled(cells, goal)
                continue
            self.issue(no, f"line in goal {goal.title[:20]} not read: {norm[:40]}")
        return self._result(goals, department, fiscal_year, listed)

    def _goal_row(self, no: int, cells: list[str]) -> _Goal:
        values = [c for c in cells[1:] if c]
        goal = _Goal(normalize(values[0]) if values else "", no, last=no)
        for k, cell in enumerate(cells):
            if _compact(cell) == "部局名":
                goal.department = next((normalize(c) for c in cells[k + 1 :] if c), None)
            if _compact(cell) == "優先順位":
                value = next((c for c in cells[k + 1 :] if c), "")
                goal.priority = int(parse_number(value.rstrip("位")) or 0) or None
        return goal

    def _labelled(self, cells: list[str], goal: _Goal) -> None:
        """Rows of label and value pairs (a 特記事項 row may lack its label)."""
        label: str | None = "特記事項" if not _label_of(next(c for c in cells if c)) else None
        for cell in cells:
            if not cell:
                continue
            if _compact(cell).startswith("特記事項") and not _label_of(cell):
                label = "特記事項"  # label and text in one cell
                cell = normalize(cell).removeprefix("特記事項").strip()
            name = _label_of(cell)
            if name is not None:
                label = name
                goal.sections.setdefault(label, [])
            elif label is not None:
                goal.sections.setdefault(label, []).append(_text(cell))

    def _action(self, no: int, cells: list[str], goal: _Goal, fiscal_year: int | None) -> Action | None:
        first_index = next(k for k, c in enumerate(cells) if c)
        m = _CIRCLED_START.match(cells[first_index])
        assert m is not None
        number = _circled_number(m.group(1))
        rest = [m.group(2).strip(), *cells[first_index + 1 :]]
        filled = [c for c in rest if c]
        if not filled:
            return None  # an empty row such as ④ with nothing in it is not an action
        if len(filled) == len(_FIELDS):
            values = dict(zip(_FIELDS, filled, strict=True))
        else:
            values = self._by_header(rest, first_index, goal)
            if len(filled) < len(_FIELDS):
                self.issue(
                    no, f"action {m.group(1)} of goal {goal.title[:20]} has {len(filled)} of 5 cells filled"
                )
        text = _text(values.get("取組項目", ""))
        if not text:
            self.issue(no, f"action {m.group(1)} of goal {goal.title[:20]} has no 取組項目")
            return None
        target_text = _text(values.get("数値目標", "")) or None
        final = _text(values.get("期末報告", "")) or None
        targets = tuple(extract_targets(target_text, final, fiscal_year)) if target_text else ()
        return Action(
            number=number,
            text=text,
            span=self.span(no),
            deadline=_text(values.get("期間・期限", "")) or None,
            target_text=target_text,
            mid_report=_text(values.get("中間報告", "")) or None,
            final_report=final,
            targets=targets,
        )

    @staticmethod
    def _by_header(rest: list[str], offset: int, goal: _Goal) -> dict[str, str]:
        values: dict[str, str] = {}
        for field in _FIELDS:
            position = next((k for k, h in enumerate(goal.header) if h.startswith(field)), None)
            if position is None:
                continue
            k = position - offset
            if field == "取組項目":
                values[field] = rest[0] or (rest[k] if 0 <= k < len(rest) else "")
            elif 0 <= k < len(rest):
                values[field] = rest[k]
        return values

    def _result(
        self, goals: list[_Goal], department: str | None, fiscal_year: int | None, listed: dict[str, str]
    ) -> ParseResult:
        if not goals:
            self.issue(1, "no goal (重点目標 row) found", Severity.ERROR)
            return ParseResult((), tuple(self.issues))
        policies = []
        for goal in goals:
            goal_id = listed.get(_compact(goal.title)) or (str(goal.priority) if goal.priority else "")
            sections = [
                Section(name, tuple(item for item in items if item), self.span(goal.line, goal.last))
                for name, items in goal.sections.items()
            ]
            position = " ".join(goal.sections.get("総合計画における位置付け", []))
            indicators = self._observed_series(goal, fiscal_year)
            policies.append(
                Policy(
                    id=goal_id,
                    title=goal.title,
                    span=self.span(goal.line, goal.last),
                    parent=sogo_keikaku_path(position) if position else (),
                    priority=goal.priority,
                    department=goal.department or department,
                    actions=tuple(goal.actions),
                    indicators=tuple(indicators),
                    sections=tuple(sections),
                )
            )
        title = f"{department or ''} 重点目標管理シート".strip()
        if fiscal_year:
            title = f"{title} ({fiscal_year}年度)"
        plan = Plan(
            municipality=self.municipality,
            kind=PlanKind.PRIORITY_GOALS,
            title=title,
            document=self.document,
            fiscal_years=(fiscal_year, fiscal_year) if fiscal_year else None,
            department=department,
            policies=tuple(policies),
        )
        return ParseResult((plan,), tuple(self.issues))

    def _observed_series(self, goal: _Goal, fiscal_year: int | None) -> list[Indicator]:
        """Yearly values listed in a goal's 目的・効果 or 現況・課題 (``平成28年度の…比率：…合計1.1%``)."""
        out = []
        for name in ("目的・効果", "現況・課題"):
            for text in goal.sections.get(name, []):
                series = observed_series(text)
                if series is not None:
                    label, unit, values = series
                    out.append(
                        Indicator(
                            name=label,
                            kind="observed",
                            category=None,
                            unit=unit,
                            baseline=None,
                            target=None,
                            span=self.span(goal.line, goal.last),
                            actuals=tuple(values),
                            footnotes=(f"reported in {name} of the {fiscal_year or ''}年度 sheet".strip(),),
                        )
                    )
        return out


_SERIES_YEAR = re.compile(r"(令和|平成)\s*(元|\d+)\s*年度\s*(?:\(([^)]*)\))?")


def observed_series(text: str) -> tuple[str, str, list[Quantity]] | None:
    """A series of yearly totals in running text: each ``<era>N年度`` followed by ``合計X%`` before the
    next year. The indicator's name is what the first year names before its ``:``. ``None`` where fewer
    than two years are found."""
    norm = normalize(text)
    years = list(_SERIES_YEAR.finditer(norm))
    values: list[Quantity] = []
    for k, year in enumerate(years):
        end = years[k + 1].start() if k + 1 < len(years) else len(norm)
        chunk = norm[year.end() : end]
        total = re.search(r"合計\s*:?\s*(\d+(?:\.\d+)?)\s*(%)", chunk)
        if not total:
            continue
        fiscal = parse_fiscal_year(year.group(0))
        values.append(Quantity(float(total.group(1)), f"合計{total.group(1)}%", "%", fiscal, year.group(3)))
    if len(values) < 2:
        return None
    first = years[0]
    label_match = re.match(r"^は?の?([^:、。]+?):", norm[first.end() :])
    label = label_match.group(1).strip() if label_match else "series"
    return label, "%", values


# -- 重点目標一覧表 (tab-separated) ---------------------------------------------------------------------


def sniff_ichiran(text: str) -> float:
    """Confidence that ``text`` is a tab-separated 重点目標一覧表."""
    head = text[:_SNIFF_CHARS]
    score = 0.0
    if "重点目標一覧表" in head:
        score += 0.3
    if re.search(r"担当部局名\t", head):
        score += 0.3
    if "達成状況・達成度" in head and "\t" in head:
        score += 0.2
    if re.search(r"(?m)^\d\t", head):
        score += 0.2
    return min(score, 1.0)


@attrs.define
class _Side:
    """One year's column pair of a goal."""

    title: str = ""
    actions: dict[int, dict[str, str]] = attrs.field(factory=dict)


def _split_by_circled(text: str) -> dict[int, str]:
    """``① a ② b`` -> {1: "a", 2: "b"}; text before the first number goes to 0."""
    parts: dict[int, str] = {}
    current = 0
    for piece in re.split(rf"([{_CIRCLED}])", text):
        if piece and piece in _CIRCLED:
            current = _circled_number(piece)
            parts.setdefault(current, "")
        elif piece.strip():
            parts[current] = (parts.get(current, "") + " " + piece.strip()).strip()
    return parts


def _goal_title_from_cell(items: list[str]) -> tuple[str | None, list[str]]:
    """A cell may open with ``重点目標 X`` and ``具体的な重点取組項目（箇条書き）``: take them off."""
    title = None
    rest = []
    for item in items:
        compact = item.replace(" ", "")
        if compact.startswith("重点目標") and title is None and not compact.startswith("重点目標一覧"):
            title = item.split(" ", 1)[1].strip() if " " in item else item[4:].strip()
        elif compact.startswith("具体的な重点取組項目"):
            continue
        else:
            rest.append(item)
    return title, rest


class _Ichiran(_Base):
    def read(self) -> ParseResult:
        department: str | None = None
        years: list[int] = []
        titles: list[str] = []
        goals: dict[str, tuple[_Side, _Side, int, int]] = {}
        current: str | None = None
        pending_heads: list[tuple[int, str, str]] = []
        for no, raw in self.numbered():
            norm = normalize(raw)
            if not norm or set(norm) <= set("-| \t"):
                continue
            cells = _cells(raw)
            compact0 = _compact(cells[0])
            if compact0 == "重点目標一覧表":
                continue
            if compact0 == "担当部局名":
                department = next((normalize(c) for c in cells[1:] if c), department)
                continue
            if re.fullmatch(r"【.*重点目標】", norm.replace(" ", "")):
                year = parse_fiscal_year(norm)
                if year is not None and year not in years:
                    years.append(year)
                continue
            if compact0 == "重点目標":
                titles = [
                    normalize(cells[k + 1]) for k, c in enumerate(cells[:-1]) if _compact(c) == "重点目標"
                ]
                continue
            if not re.fullmatch(r"\d+", compact0) and any(
                _compact(c).startswith("具体的な重点取組項目") for c in cells
            ):
                continue  # the header row
            if re.fullmatch(r"\d+", compact0):
                current = compact0
                filled = [c for c in cells[1:] if c]
                left, right = _Side(), _Side()
                if len(filled) > 4:
                    # the later year's items may take two cells (title, then bullets): the last is its targets
                    filled = [*filled[:2], "\n".join(filled[2:-1]), filled[-1]]
                if len(filled) != 4:
                    self.issue(
                        no, f"goal {current} row has {len(filled)} of 4 cells filled; columns uncertain"
                    )
                self._fill(left, right, filled, titles)
                goals[current] = (left, right, no, no)
                pending_heads = []
                continue
            if current is not None and not cells[0]:
                left, right, first, _ = goals[current]
                goals[current] = (left, right, first, no)
                self._continuation(no, cells, left, right, pending_heads)
                continue
            self.issue(no, f"line not read: {norm[:40]}")
        return self._result(goals, department, years)

    @staticmethod
    def _fill(left: _Side, right: _Side, filled: list[str], titles: list[str]) -> None:
        cells = [*filled, "", "", "", ""][:4]
        for side, items_cell, other_cell, other_key, title in (
            (left, cells[0], cells[1], "result", titles[0] if titles else ""),
            (right, cells[2], cells[3], "target", titles[1] if len(titles) > 1 else ""),
        ):
            cell_title, items = _goal_title_from_cell(cell_items(items_cell, split_bullets=False))
            side.title = cell_title or title
            for number, text in _split_by_circled(" ".join(items)).items():
                if number:
                    side.actions.setdefault(number, {})["text"] = text
            others = _split_by_circled(" ".join(cell_items(other_cell, split_bullets=False)))
            if set(others) == {0}:
                # no numbers: paragraphs stand for the actions in order
                paragraphs = cell_items(other_cell, split_bullets=False)
                others = {k: p for k, p in enumerate(paragraphs, start=1)}
            for number, text in others.items():
                if number:
                    side.actions.setdefault(number, {})[other_key] = text

    def _continuation(
        self, no: int, cells: list[str], left: _Side, right: _Side, heads: list[tuple[int, str, str]]
    ) -> None:
        """Rows that go on a goal: ``② title … ② title`` heads, then content rows in the same order."""
        filled = [c for c in cells if c]
        starts = [_CIRCLED_START.match(normalize(c)) for c in filled]
        if filled and all(starts):
            titled = [(m.group(1), m.group(2)) for m in starts if m and m.group(2)]
            if titled:
                number = _circled_number(titled[0][0])
                heads.append((number, titled[0][1], titled[-1][1] if len(titled) > 1 else ""))
                return
        if not heads:
            self.issue(no, f"line after the goal row not placed: {normalize(' '.join(filled))[:40]}")
            return
        number, left_title, right_title = heads.pop(0)
        parts = [*filled, "", "", "", ""][:4]
        if len(filled) != 4:
            self.issue(no, f"action {number} row has {len(filled)} of 4 cells filled; columns uncertain")
        left.actions[number] = {
            "text": f"{left_title}\n{_text(parts[0])}".strip(),
            "result": _text(parts[1]),
        }
        right.actions[number] = {
            "text": f"{right_title}\n{_text(parts[2])}".strip(),
            "target": _text(parts[3]),
        }

    def _result(
        self, goals: dict[str, tuple[_Side, _Side, int, int]], department: str | None, years: list[int]
    ) -> ParseResult:
        if not goals:
            self.issue(1, "no numbered goal row found", Severity.ERROR)
            return ParseResult((), tuple(self.issues))
        if len(years) < 2:
            self.issue(1, "the two fiscal years (【令和N年度重点目標】) were not found")
        padded: list[int | None] = [*years, None, None][:2]
        plans = []
        for side_index, (year, kind) in enumerate(((padded[0], "result"), (padded[1], "target"))):
            policies = []
            for goal_no, (left, right, first, last) in goals.items():
                side = left if side_index == 0 else right
                actions = []
                indicators = []
                for number, fields in sorted(side.actions.items()):
                    text = (
                        normalize(fields.get("text", ""))
                        if "\n" not in fields.get("text", "")
                        else fields["text"]
                    )
                    if not text.strip():
                        self.issue(first, f"goal {goal_no} action {number} has no text")
                        continue
                    target_text = fields.get("target") or None
                    targets = tuple(extract_targets(target_text, None, year)) if target_text else ()
                    actions.append(
                        Action(
                            number=number,
                            text=text,
                            span=self.span(first, last),
                            target_text=target_text if kind == "target" else None,
                            final_report=fields.get("result") or None if kind == "result" else None,
                            targets=targets,
                        )
                    )
                    if target_text:
                        indicators.extend(self._arrow_indicators(target_text, year, first, last))
                if kind == "target":
                    indicators.extend(self._open_data(left, right, goals, goal_no, years, first, last))
                policies.append(
                    Policy(
                        id=goal_no,
                        title=side.title,
                        span=self.span(first, last),
                        department=department,
                        actions=tuple(actions),
                        indicators=tuple(indicators),
                    )
                )
            label = "達成状況" if kind == "result" else "期限・数値目標等"
            plans.append(
                Plan(
                    municipality=self.municipality,
                    kind=PlanKind.PRIORITY_GOALS,
                    title=f"{department or ''} 重点目標一覧表 ({year}年度, {label})".strip(),
                    document=self.document,
                    fiscal_years=(year, year) if year else None,
                    department=department,
                    policies=tuple(policies),
                )
            )
        return ParseResult(tuple(plans), tuple(self.issues))

    def _arrow_indicators(self, text: str, year: int | None, first: int, last: int) -> list[Indicator]:
        """``Twitterフォロワー数の増加(14,600人→15,600人)`` -> an indicator from baseline to target."""
        out = []
        norm = normalize(text)
        pattern = r"([^\s・(]+?)(?:の増加|の向上|の拡大)?\((\d[\d,.]*)\s*(\S*?)\s*→\s*(\d[\d,.]*)\s*(\S*?)\)"
        for m in re.finditer(pattern, norm):
            unit = m.group(5) or m.group(3) or None
            out.append(
                Indicator(
                    name=m.group(1),
                    kind=None,
                    category=None,
                    unit=unit,
                    baseline=Quantity(parse_number(m.group(2)), m.group(2) + (m.group(3) or ""), unit, None,
                                      "baseline year not stated (the value before the plan's year)"),
                    target=Target(parse_number(m.group(4)), text=m.group(4) + (m.group(5) or ""), unit=unit,
                                  fiscal_year=year),
                    span=self.span(first, last),
                )
            )  # fmt: skip
        return out

    def _open_data(
        self,
        left: _Side,
        right: _Side,
        goals: dict[str, tuple[_Side, _Side, int, int]],
        goal_no: str,
        years: list[int],
        first: int,
        last: int,
    ) -> list[Indicator]:
        """Open data counted in 分野: the earlier year's published 分野 (updated ones plus new ones) as
        baseline, the later year's added 分野 on top of it as target."""
        for number, fields in right.actions.items():
            if "オープンデータ" not in normalize(fields.get("text", "")):
                continue
            result = normalize(left.actions.get(number, {}).get("result", ""))
            target = normalize(fields.get("target", ""))
            updated = re.search(r"公開中の\s*(\d+)\s*分野", result)
            new = re.findall(r"「([^」]+)」の新規公開", result)
            added = re.search(r"(\d+)\s*分野\s*(?:\(([^)]*)\))?\s*の追加", target)
            if not updated:
                continue
            base = int(updated.group(1)) + len(new)
            note = (
                f"{updated.group(1)} published 分野 updated + {len(new)} newly published "
                f"({', '.join(new)}) in {years[0]}年度"
            )
            target_value = None
            if added:
                target_value = base + int(added.group(1))
                note += f"; target: {added.group(1)} more 分野 ({added.group(2) or ''}) in {years[1]}年度"
            return [
                Indicator(
                    name="オープンデータ公開分野数",
                    kind=None,
                    category=None,
                    unit="分野",
                    baseline=Quantity(float(base), f"{base}分野", "分野", years[0], note),
                    target=Target(float(target_value) if target_value is not None else None, text=target,
                                  unit="分野", fiscal_year=years[1]),
                    span=self.span(first, last),
                    footnotes=("derived: counts 分野 (categories) stated in 達成状況 and 期限・数値目標等",),
                )
            ]  # fmt: skip
        return []


# -- 重点目標一覧表 (PDF text) ----------------------------------------------------------------------------


def sniff_ichiran_pdf(text: str) -> float:
    """Confidence that ``text`` is a 重点目標一覧表 as PDF text (no tabs)."""
    head = text[:_SNIFF_CHARS]
    if "\t" in head:
        return 0.0
    score = 0.0
    if "重点目標一覧表" in head:
        score += 0.4
    if re.search(r"【(平成|令和)\S*重点目標】", head):
        score += 0.3
    if "期限・数値目標等" in head or "達成状況・達成度" in head:
        score += 0.3
    return min(score, 1.0)


_FULLWIDTH_DIGIT = re.compile(r"^\s*([0-9０-９])\s*$")


class _IchiranPdf(_Base):
    def read(self) -> ParseResult:
        department = None
        years: list[int] = []
        title_lines: dict[str, int] = {}
        numbers: list[tuple[int, int]] = []
        blocks: list[list[tuple[int, str]]] = []
        in_block = False
        used: set[int] = set()
        for no, raw in self.numbered():
            norm = normalize(raw)
            if not norm:
                continue
            if "重点目標一覧表" in norm:
                used.add(no)
                if m := re.search(r"担当部局名\s*(\S+)", norm):
                    department = m.group(1)
                continue
            if re.fullmatch(r"(【[^】]*重点目標】\s*)+", norm):
                used.add(no)
                for m in re.finditer(r"【([^】]*)】", norm):
                    year = parse_fiscal_year(m.group(1).replace("元度", "元年度"))
                    if year is not None and year not in years:
                        years.append(year)
                continue
            if m := _FULLWIDTH_DIGIT.match(raw):
                numbers.append((no, int(normalize(m.group(1)))))
                used.add(no)
                in_block = False
                continue
            if norm == "期限・数値目標等":
                blocks.append([])
                in_block = True
                used.add(no)
                continue
            if norm.replace(" ", "") in ("重点目標重点目標", "重点目標"):
                in_block = False
                used.add(no)
                continue
            if in_block:
                if "  " in raw.strip() or "具体的な" in norm:
                    in_block = False  # the columns merge again: the block has ended
                else:
                    blocks[-1].append((no, norm))
                    used.add(no)
                    continue
            if self._is_title(raw, norm):
                title_lines.setdefault(norm, no)
                used.add(no)
        policies = self._policies(title_lines, numbers, blocks, years)
        for no, raw in self.numbered():
            if normalize(raw) and no not in used:
                self.issue(no, f"line of the interleaved columns not placed: {normalize(raw)[:40]}")
        year = max(years) if years else None
        plan = Plan(
            municipality=self.municipality,
            kind=PlanKind.PRIORITY_GOALS,
            title=f"{department or ''} 重点目標一覧表 ({year}年度, 期限・数値目標等)".strip(),
            document=self.document,
            fiscal_years=(year, year) if year else None,
            department=department,
            policies=tuple(policies),
        )
        return ParseResult((plan,), tuple(self.issues))

    @staticmethod
    def _is_title(raw: str, norm: str) -> bool:
        """A goal title stands alone at the start of a line: no bullet, no number, no gap, no 。."""
        if raw[:1] in (" ", "\u3000", "\t") or re.match(rf"^[{_CIRCLED}・(（【\d\-]", raw):
            return False
        if "。" in norm or " " in norm or not 8 <= len(norm) <= 60:
            return False
        return not any(word in norm for word in ("重点目標", "具体的", "達成状況", "期限"))

    def _policies(
        self,
        title_lines: dict[str, int],
        numbers: list[tuple[int, int]],
        blocks: list[list[tuple[int, str]]],
        years: list[int],
    ) -> list[Policy]:
        year = max(years) if years else None
        numbered: dict[str, int] = {}
        for no, number in numbers:
            following = [(line, t) for t, line in title_lines.items() if 0 < line - no <= 3]
            if following:
                numbered[following[0][1]] = number
        unplaced = [n for _, n in numbers if n not in numbered.values()]
        if unplaced:
            self.issue(
                numbers[0][0] if numbers else 1,
                f"goal numbers {', '.join(map(str, sorted(unplaced)))} are printed apart from their titles "
                "and could not be placed",
            )
        policies = []
        for k, (title, line) in enumerate(sorted(title_lines.items(), key=lambda item: item[1])):
            placed = numbered.get(title)
            goal_id = str(placed) if placed is not None else f"?{k + 1}"
            # the k-th 期限・数値目標等 block belongs to goal k: the blocks stand in goal order
            actions = (
                self._block_actions(blocks[placed - 1], year) if placed and placed <= len(blocks) else ()
            )
            policies.append(Policy(id=goal_id, title=title, span=self.span(line), actions=actions))
        placed_numbers = set(numbered.values())
        for k, block in enumerate(blocks, start=1):
            if k not in placed_numbers and block:
                # the blocks stand in goal order, so the number is known even where the title is not
                self.issue(
                    block[0][0], f"goal {k}: its title could not be placed beside its 期限・数値目標等"
                )
                policies.append(
                    Policy(
                        id=str(k),
                        title="",
                        span=self.span(block[0][0]),
                        actions=self._block_actions(block, year),
                    )
                )
        return policies

    def _block_actions(self, block: list[tuple[int, str]], year: int | None) -> tuple[Action, ...]:
        actions: list[tuple[int, int, list[str], list[int]]] = []
        for no, text in block:
            m = _CIRCLED_START.match(text)
            if m:
                actions.append((_circled_number(m.group(1)), no, [m.group(2)], [no]))
            elif actions:
                actions[-1][2].append(text)
                actions[-1][3].append(no)
            else:
                self.issue(no, f"line of a 期限・数値目標等 block before its first ① not placed: {text[:40]}")
        out = []
        for number, no, lines, numbers in actions:
            head, _, after = lines[0].partition(":")
            deadline_match = re.match(r"^(年度末まで|\d+月[~～]\d+月|\d+月\S*)(.*)$", after or head)
            deadline = deadline_match.group(1) if deadline_match else None
            if after:
                text = head
                rest = (
                    [deadline_match.group(2).removeprefix("に")]
                    if deadline_match and deadline_match.group(2)
                    else []
                )
            elif deadline_match:
                text = deadline_match.group(2).strip().removeprefix("に").strip()
                rest = [text] if text else []
            else:
                text, rest = head, [head]
            rest.extend(lines[1:])
            target_text = " ".join(rest).strip() or None
            # each line of the block is one item: ・ keeps them apart for the target reader
            targets: tuple[ActionTarget, ...] = (
                tuple(extract_targets(" ・".join(rest), None, year)) if rest else ()
            )
            out.append(
                Action(
                    number=number,
                    text=text or (target_text or ""),
                    span=self.span(no, numbers[-1]),
                    deadline=deadline,
                    target_text=target_text,
                    targets=targets,
                )
            )
        return tuple(out)


def parse_kanri_sheet(text: str, document: Document, municipality: Municipality) -> ParseResult:
    """Parse a 重点目標管理シート into one priority-goals plan."""
    return _KanriSheet(text, document, municipality).read()


def parse_ichiran(text: str, document: Document, municipality: Municipality) -> ParseResult:
    """Parse a tab-separated 重点目標一覧表 into two plans: results year and goals year."""
    return _Ichiran(text, document, municipality).read()


def parse_ichiran_pdf(text: str, document: Document, municipality: Municipality) -> ParseResult:
    """Parse a 重点目標一覧表 as PDF text: goal titles, numbers where placed, numeric targets."""
    return _IchiranPdf(text, document, municipality).read()

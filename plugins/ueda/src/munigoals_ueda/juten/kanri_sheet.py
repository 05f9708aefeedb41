"""``ueda.juten-kanri-sheet``: Ueda's 重点目標管理シート, tab-separated cells (some holding HTML).

Per goal: 重点目標 / 部局名 / 優先順位, its 位置付け rows, 現況・課題, 目的・効果, a header row, actions
①…⑤ with 取組項目, 期間・期限, 数値目標, 中間報告, 期末報告, and 特記事項.
"""

from __future__ import annotations

import re

import attrs

from munigoals.sdk import (
    CIRCLED_START,
    Action,
    DocumentReader,
    Indicator,
    IndicatorKind,
    ParseResult,
    Plan,
    PlanKind,
    Policy,
    Section,
    Severity,
    Tally,
    cell_text,
    circled_number,
    compact_text,
    cut_bullets,
    find_quantities,
    item_office,
    lazy_compile,
    named_by_item,
    named_by_office,
    normalize,
    observed_series,
    parse_fiscal_year,
    parse_number,
    plan_position,
    stated_numbers,
    tally_note,
    targets_and_results,
    unread_target_numbers,
    word_deeds,
    word_statuses,
)

__all__ = ["LAYOUT", "NAME", "sniff_kanri_sheet"]

NAME = "ueda.juten-kanri-sheet"

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


def sniff_kanri_sheet(head: str) -> float:
    """Confidence that ``text`` is a 重点目標管理シート.

    Sniffers look at the raw text (full- or half-width brackets alike): normalising every document
    once per installed format would cost more than reading it.
    """
    score = 0.0
    if "重点目標管理シート" in head:
        score += 0.3
    if "優先順位" in head and "部局名" in head:
        score += 0.3
    if re.search(r"数値目標\s*[(（]どの水準まで|期末報告\s*[(（]目標に対する", head):
        score += 0.4
    return min(score, 1.0)


_LABEL_OF = {label.replace(" ", ""): name for label, name in _POSITION_LABELS.items()}
_LISTED = lazy_compile(r"^-\s*(\d+)\s+(.+)$")


def _label_of(cell: str) -> str | None:
    return _LABEL_OF.get(compact_text(cell))


# a 期限 a 数値目標 cell states: 9月までに導入, 12月末までに, 年度内に
_BY_WHEN = lazy_compile(r"(?:翌?\d{1,2}\s*月(?:末|中)?|年度内|年内|年度末)\s*まで(?:に)?")
_PART = lazy_compile(r"\(\d+\)")


def _deadline(period: str, target_text: str | None) -> str | None:
    """The action's 期限: its 期間・期限 cell, and each 期限 its 数値目標 states (``(2) 9月までに導入``), with
    the part mark it stands under and the words 数値目標 before it; cell lines joined by a space."""
    out = [" ".join(period.split())] if period.strip() else []
    norm = normalize(target_text or "")
    for m in _BY_WHEN.finditer(norm):
        parts = list(_PART.finditer(norm, 0, m.start()))
        mark = f"{parts[-1].group(0)} " if parts else ""
        out.append(f"数値目標 {mark}{m.group(0)}")
    return "; ".join(out) or None


@attrs.define
class _Goal:
    title: str
    line: int
    department: str | None = None
    priority: int | None = None
    last: int = 0
    sections: dict[str, list[str]] = attrs.field(factory=dict)
    section_lines: dict[str, list[int]] = attrs.field(factory=dict)  # the line of each item
    header: list[str] = attrs.field(factory=list)
    actions: list[Action] = attrs.field(factory=list)
    indicators: list[Indicator] = attrs.field(factory=list)
    #: the office each of ``indicators``' action names in brackets at its item's end, or None
    offices: list[str | None] = attrs.field(factory=list)


class _KanriSheet(DocumentReader):
    tally: Tally

    def read(self) -> ParseResult:
        self.tally = Tally()
        department: str | None = None
        fiscal_year: int | None = None
        listed: dict[str, str] = {}
        goals: list[_Goal] = []
        goal: _Goal | None = None
        for line in self.lines:
            no, raw, norm = line.no, line.raw, line.norm
            if not norm:
                continue
            cells = line.cells
            first = next((c for c in cells if c), "")
            if raw.startswith("# ") and department is None:
                department = norm.lstrip("# ").strip()
                continue
            if norm.startswith("#") or "重点目標管理シート" in norm:
                if (year := parse_fiscal_year(norm)) is not None:
                    fiscal_year = fiscal_year or year
                continue
            if m := _LISTED.match(norm):
                listed[compact_text(m.group(2))] = m.group(1)
                continue
            if compact_text(cells[0]) == "重点目標":
                goal = self._goal_row(no, cells)
                goals.append(goal)
                continue
            if goal is None:
                self.issue(no, f"line before the first goal not read: {norm[:40]}")
                continue
            goal.last = no
            if any("取組項目" in c for c in cells) and any("期末報告" in c for c in cells):
                goal.header = [compact_text(c) for c in cells]
                continue
            if CIRCLED_START.match(first) and CIRCLED_START.match(cells[0] or first):
                action = self._action(no, cells, goal, fiscal_year)
                if action is not None:
                    goal.actions.append(action)
                continue
            if (
                _label_of(first)
                or first.startswith("○市民参加")
                or compact_text(first).startswith("特記事項")
            ):
                self._labelled(cells, goal, no)
                continue
            self.issue(no, f"line in goal {goal.title[:20]} not read: {norm[:40]}")
        return self._result(goals, department, fiscal_year, listed)

    def _goal_row(self, no: int, cells: list[str]) -> _Goal:
        values = [c for c in cells[1:] if c]
        goal = _Goal(normalize(values[0]) if values else "", no, last=no)
        for k, cell in enumerate(cells):
            if compact_text(cell) == "部局名":
                goal.department = next((normalize(c) for c in cells[k + 1 :] if c), None)
            if compact_text(cell) == "優先順位":
                value = next((c for c in cells[k + 1 :] if c), "")
                goal.priority = int(parse_number(value.rstrip("位")) or 0) or None
        return goal

    def _labelled(self, cells: list[str], goal: _Goal, no: int) -> None:
        """Rows of label and value pairs (a 特記事項 row may lack its label)."""
        label: str | None = "特記事項" if not _label_of(next(c for c in cells if c)) else None
        for cell in cells:
            if not cell:
                continue
            if compact_text(cell).startswith("特記事項") and not _label_of(cell):
                label = "特記事項"  # label and text in one cell
                cell = normalize(cell).removeprefix("特記事項").strip()
            name = _label_of(cell)
            if name is not None:
                label = name
                goal.sections.setdefault(label, [])
            elif label is not None:
                goal.sections.setdefault(label, []).append(cell_text(cell))
                goal.section_lines.setdefault(label, []).append(no)

    def _action(self, no: int, cells: list[str], goal: _Goal, fiscal_year: int | None) -> Action | None:
        first_index = next(k for k, c in enumerate(cells) if c)
        m = CIRCLED_START.match(cells[first_index])
        assert m is not None
        number = circled_number(m.group(1))
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
        text = cell_text(values.get("取組項目", ""))
        if not text:
            self.issue(no, f"action {m.group(1)} of goal {goal.title[:20]} has no 取組項目")
            return None
        target_text = cell_text(values.get("数値目標", "")) or None
        final = cell_text(values.get("期末報告", "")) or None
        mid = cell_text(values.get("中間報告", "")) or None
        paired = targets_and_results(target_text, final, fiscal_year, mid) if target_text else []
        for piece in unread_target_numbers(target_text) if target_text else ():
            self.issue(
                no,
                f"数値目標 of goal {goal.title[:20]} action {m.group(1)}: {piece} is no target read",
                Severity.NOTE,
            )
        targets = tuple(named_by_item(target, target_text, text) for target, _ in paired)
        in_targets = [{at for target, used in paired for k, at in used if k == report} for report in (0, 1)]
        for report, (label, cell) in enumerate((("期末報告", final), ("中間報告", mid))):
            if not cell:
                continue
            where = f"{label} of goal {goal.title[:20]} action {m.group(1)}"
            found, tally = stated_numbers(
                self, cell, where=where, kind="result", year=fiscal_year, first=no, last=no,
                used=in_targets[report], column=label,
            )  # fmt: skip
            statuses = word_statuses(
                self, cell, where=where, line=no, year=fiscal_year, item=text, targets=targets,
                mid=label == "中間報告", tally=tally, column=label,
            )  # fmt: skip
            deeds = word_deeds(self, cell, where=where, line=no, year=fiscal_year, tally=tally, column=label)
            found = [*found, *statuses, *deeds]
            goal.indicators.extend(found)
            goal.offices.extend([item_office(text)] * len(found))
            cut_bullets(self, cell, where, no, tally)
            self.tally.add(tally)
        return Action(
            number=number,
            text=text,
            span=self.span(no),
            deadline=_deadline(cell_text(values.get("期間・期限", "")), target_text),
            target_text=target_text,
            mid_report=cell_text(values.get("中間報告", "")) or None,
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
            goal_id = listed.get(compact_text(goal.title)) or (str(goal.priority) if goal.priority else "")
            sections = [
                Section(name, tuple(item for item in items if item), self.span(goal.line, goal.last))
                for name, items in goal.sections.items()
            ]
            position = " ".join(goal.sections.get("総合計画における位置付け", []))
            indicators = [
                *self._observed_series(goal, fiscal_year),
                *self._context(goal, fiscal_year),
                *named_by_office(goal.indicators, goal.offices),
            ]
            policies.append(
                Policy(
                    id=goal_id,
                    title=goal.title,
                    span=self.span(goal.line, goal.last),
                    parent=plan_position(position) if position else (),
                    priority=goal.priority,
                    department=goal.department or department,
                    actions=tuple(goal.actions),
                    indicators=tuple(indicators),
                    sections=tuple(sections),
                )
            )
        tally_note(self, self.tally, "report and context cells")
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

    def _context(self, goal: _Goal, fiscal_year: int | None) -> list[Indicator]:
        """Every number 現況・課題, 目的・効果 and 特記事項 state, as context observations (the totals of
        a yearly series stand in the series)."""
        out: list[Indicator] = []
        for name in ("現況・課題", "目的・効果", "特記事項"):
            lines = goal.section_lines.get(name, [])
            for k, text in enumerate(goal.sections.get(name, [])):
                line = lines[k] if k < len(lines) else goal.line
                norm = normalize(text)
                series = observed_series(text)
                in_series = (
                    {q.start for q in find_quantities(norm) if norm[: q.start].rstrip(" :").endswith("合計")}
                    if series is not None
                    else set()
                )
                where = f"{name} of goal {goal.title[:20]}"
                found, tally = stated_numbers(
                    self, text, where=where, kind="context", year=fiscal_year, first=line, last=line,
                    used=in_series, used_in="series",
                )  # fmt: skip
                if series is not None:  # 住民票0.8% of a series: a part of the measure the series names
                    found = [
                        attrs.evolve(i, name=f"{series[0]} {i.name}")
                        if i.unit == series[1] and series[0] not in i.name
                        else i
                        for i in found
                    ]
                deeds = (  # not 目的・効果: its cell states aims, what is to come of the actions
                    word_deeds(
                        self, text, where=where, line=line, year=fiscal_year, kind="context", tally=tally,
                        column=name,
                    )
                    if name != "目的・効果"
                    else []
                )  # fmt: skip
                out.extend([*found, *deeds])
                self.tally.add(tally)
        return out

    def _observed_series(self, goal: _Goal, fiscal_year: int | None) -> list[Indicator]:
        """Yearly values listed in a goal's 目的・効果 or 現況・課題 (``平成28年度の…比率：…合計1.1%``)."""
        out = []
        for name in ("目的・効果", "現況・課題"):
            lines = goal.section_lines.get(name, [])
            for k, text in enumerate(goal.sections.get(name, [])):
                series = observed_series(text)
                if series is not None:
                    label, unit, values = series
                    out.append(
                        Indicator(
                            name=label,
                            kind=IndicatorKind.OBSERVED,
                            category=None,
                            unit=unit,
                            baseline=None,
                            target=None,
                            span=self.span(lines[k]) if k < len(lines) else self.span(goal.line, goal.last),
                            actuals=tuple(values),
                            footnotes=(f"reported in {name} of the {fiscal_year or ''}年度 sheet".strip(),),
                            observation_kind="context",
                        )
                    )
        return out


LAYOUT = _KanriSheet.layout(
    NAME,
    "上田市 重点目標管理シート: tab-separated goals with actions ①…, 数値目標 and 期末報告",
    sniff_kanri_sheet,
    markers=("重点目標管理シート", "優先順位"),
)

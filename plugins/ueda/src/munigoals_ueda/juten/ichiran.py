"""``ueda.juten-ichiran``: Ueda's 重点目標一覧表, tab-separated: one year's goals with 達成状況
beside the next year's goals with 期限・数値目標等, goals numbered 1–5, HTML inside cells.
"""

from __future__ import annotations

import re

import attrs

from munigoals.sdk import (
    CIRCLED_START,
    Action,
    DocumentReader,
    Indicator,
    ParseResult,
    Policy,
    Quantity,
    Severity,
    Tally,
    Target,
    arrow_indicators,
    cell_items,
    cell_text,
    circled_number,
    compact_text,
    deadlines,
    extract_targets,
    named_by_item,
    normalize,
    parse_fiscal_year,
    planned_in_items,
    report_pieces,
    reported_results,
    split_by_circled,
    tally_note,
    unread_target_numbers,
    word_results,
)
from munigoals_ueda.juten.plan import ichiran_plan

__all__ = ["LAYOUT", "NAME", "sniff_ichiran"]

NAME = "ueda.juten-ichiran"


def sniff_ichiran(head: str) -> float:
    """Confidence that ``text`` is a tab-separated 重点目標一覧表."""
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
    lines: dict[int, int] = attrs.field(factory=dict)  # the line each action's cells stand on
    heads: dict[int, int] = attrs.field(factory=dict)  # the line of an action's ② title row, where apart


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


class _Ichiran(DocumentReader):
    def read(self) -> ParseResult:
        department: str | None = None
        years: list[int] = []
        titles: list[str] = []
        goals: dict[str, tuple[_Side, _Side, int, int]] = {}
        current: str | None = None
        pending_heads: list[tuple[int, str, str]] = []
        for line in self.lines:
            no, norm = line.no, line.norm
            if not norm or set(norm) <= set("-| \t"):
                continue
            cells = line.cells
            compact0 = compact_text(cells[0])
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
                    normalize(cells[k + 1]) for k, c in enumerate(cells[:-1]) if compact_text(c) == "重点目標"
                ]
                continue
            if not re.fullmatch(r"\d+", compact0) and any(
                compact_text(c).startswith("具体的な重点取組項目") for c in cells
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
                for side in (left, right):
                    side.lines.update({number: no for number in side.actions})
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
            for number, text in split_by_circled(" ".join(items)).items():
                if number:
                    side.actions.setdefault(number, {})["text"] = text
            others = split_by_circled(" ".join(cell_items(other_cell, split_bullets=False)))
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
        starts = [CIRCLED_START.match(normalize(c)) for c in filled]
        if filled and all(starts):
            titled = [(m.group(1), m.group(2)) for m in starts if m and m.group(2)]
            if titled:
                number = circled_number(titled[0][0])
                heads.append((number, titled[0][1], titled[-1][1] if len(titled) > 1 else ""))
                left.heads[number] = right.heads[number] = no
                return
        if not heads:
            self.issue(no, f"line after the goal row not placed: {normalize(' '.join(filled))[:40]}")
            return
        number, left_title, right_title = heads.pop(0)
        parts = [*filled, "", "", "", ""][:4]
        if len(filled) != 4:
            self.issue(no, f"action {number} row has {len(filled)} of 4 cells filled; columns uncertain")
        left.actions[number] = {
            "text": f"{left_title}\n{cell_text(parts[0])}".strip(),
            "result": cell_text(parts[1]),
        }
        right.actions[number] = {
            "text": f"{right_title}\n{cell_text(parts[2])}".strip(),
            "target": cell_text(parts[3]),
        }
        left.lines[number] = right.lines[number] = no

    def _result(
        self, goals: dict[str, tuple[_Side, _Side, int, int]], department: str | None, years: list[int]
    ) -> ParseResult:
        if not goals:
            self.issue(1, "no numbered goal row found", Severity.ERROR)
            return ParseResult((), tuple(self.issues))
        if len(years) < 2:
            self.issue(1, "the two fiscal years (【令和N年度重点目標】) were not found")
        padded: list[int | None] = [*years, None, None][:2]
        tally = Tally()
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
                    line = side.lines.get(number, first)  # the row the action's cells stand on
                    targets = tuple(
                        attrs.evolve(named_by_item(found, target_text, text), span=self.span(line))
                        for found in (extract_targets(target_text, None, year) if target_text else ())
                    )  # each target cites the line of its number
                    for piece in unread_target_numbers(target_text) if target_text else ():
                        why = f"期限・数値目標等 of goal {goal_no} action {number}: {piece} is no target read"
                        self.issue(line, why, Severity.NOTE)
                    actions.append(
                        Action(
                            number=number,
                            text=text,
                            span=self.span(min(side.heads.get(number, line), line), line),
                            deadline=deadlines(target_text) if kind == "target" and target_text else None,
                            target_text=target_text if kind == "target" else None,
                            final_report=fields.get("result") or None if kind == "result" else None,
                            targets=targets,
                        )
                    )
                    if target_text:
                        indicators.extend(arrow_indicators(target_text, year, self.span(line)))
                    if kind == "result":  # what the item planned for the year its results report
                        where = f"goal {goal_no} action {number}"
                        indicators.extend(planned_in_items(self, text, where, year, line, tally))
                    report = fields.get("result") or ""
                    if kind == "result" and report:
                        where = f"goal {goal_no} action {number}"
                        indicators.extend(
                            reported_results(self, report, text, where, year, line, last, tally=tally)
                        )
                        pieces = [(line, piece) for piece in report_pieces(report)]
                        indicators.extend(word_results(self, pieces, where, year, tally))
                if kind == "target":
                    indicators.extend(self._open_data(left, right, years))
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
            plans.append(ichiran_plan(self, department, year, label, policies))
        tally_note(self, tally, "達成状況 cells and the results year's items")
        return ParseResult(tuple(plans), tuple(self.issues))

    def _open_data(self, left: _Side, right: _Side, years: list[int]) -> list[Indicator]:
        """Open data counted in 分野. The sheet states a change (``1分野…の追加``) and which 分野 were
        updated or newly published, not how many are published in all: the row carries what is stated
        (baseline and target as text, the change in the target), and no level the sheet does not give."""
        for number, fields in right.actions.items():
            if "オープンデータ" not in normalize(fields.get("text", "")):
                continue
            result = normalize(left.actions.get(number, {}).get("result", ""))
            target = normalize(fields.get("target", ""))
            added = re.search(r"(\d+)\s*分野\s*(?:\(([^)]*)\))?\s*の追加", target)
            if not result and not added:
                continue
            note = "the sheet states the 分野 updated or newly published, and the 分野 to add: no total"
            line = right.lines.get(number, left.lines.get(number, 1))
            fiscal = years[1] if len(years) > 1 else None
            target_text = added.group(0) if added else target  # the change as written: 1分野(…)の追加
            stated_change = Target(
                None, text=target_text, unit="分野", fiscal_year=fiscal, note="a change, not a level"
            )
            return [
                Indicator(
                    name="オープンデータ公開分野数",
                    kind=None,
                    category=None,
                    unit="分野",
                    baseline=Quantity(None, result, "分野", years[0] if years else None, note),
                    target=attrs.evolve(stated_change, change=bool(added)),
                    span=self.span(line),
                )
            ]
        return []


LAYOUT = _Ichiran.layout(
    NAME,
    "上田市 重点目標一覧表: tab-separated, one year's 達成状況 beside the next year's goals",
    sniff_ichiran,
    markers=("重点目標一覧表", "担当部局名"),
)

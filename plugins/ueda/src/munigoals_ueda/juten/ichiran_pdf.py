"""``ueda.juten-ichiran-pdf``: Ueda's 重点目標一覧表 as PDF text, whose three columns are interleaved
line by line. What is recovered: the goal titles (lines of their own), the goal numbers printed next to
a title, and the numeric targets of the 期限・数値目標等 blocks, which stand in goal order. Everything
else (the earlier year's results, items split across columns) is reported as ParseIssues with its line.
"""

from __future__ import annotations

import re

import attrs

from munigoals.sdk import (
    Action,
    ActionTarget,
    DocumentReader,
    ParseResult,
    Plan,
    PlanKind,
    Policy,
    normalize,
    parse_fiscal_year,
)
from munigoals_ueda.juten.common import CIRCLED, CIRCLED_START, circled_number
from munigoals_ueda.juten.targets import extract_targets

__all__ = ["LAYOUT", "NAME", "sniff_ichiran_pdf"]

NAME = "ueda.juten-ichiran-pdf"


def sniff_ichiran_pdf(head: str) -> float:
    """Confidence that ``text`` is a 重点目標一覧表 as PDF text (no tabs)."""
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


class _IchiranPdf(DocumentReader):
    def read(self) -> ParseResult:
        department = None
        years: list[int] = []
        title_lines: dict[str, int] = {}
        numbers: list[tuple[int, int]] = []
        blocks: list[list[tuple[int, str]]] = []
        in_block = False
        used: set[int] = set()
        for line in self.lines:
            no, raw, norm = line.no, line.raw, line.norm
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
        for line in self.lines:
            if line.norm and line.no not in used:
                self.issue(line.no, f"line of the interleaved columns not placed: {line.norm[:40]}")
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
        if raw[:1] in (" ", "\u3000", "\t") or re.match(rf"^[{CIRCLED}・(（【\d\-]", raw):
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
            m = CIRCLED_START.match(text)
            if m:
                actions.append((circled_number(m.group(1)), no, [m.group(2)], [no]))
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
            # each line of the block is one item, and its targets cite that line
            placed = [(no, item) for item in rest] + list(zip(numbers[1:], lines[1:], strict=True))
            rest.extend(lines[1:])
            target_text = " ".join(rest).strip() or None
            targets: tuple[ActionTarget, ...] = tuple(
                attrs.evolve(found, span=self.span(line))
                for line, item in placed
                for found in extract_targets(item, None, year)
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


LAYOUT = _IchiranPdf.layout(
    NAME,
    "上田市 重点目標一覧表 as PDF text (interleaved columns): titles and numeric targets",
    sniff_ichiran_pdf,
    markers=("重点目標一覧表",),
)

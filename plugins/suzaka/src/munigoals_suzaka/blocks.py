"""The two parts of Suzaka's 施策 pages that no spec can say, as named block kinds for its layout spec.

- ``suzaka_box``: the 基本施策 box on the first page of a 基本施策 (``NN基本`` / ``施策`` / its title,
  which may follow after a blank line), then its goals and challenges (●, short labels such as 継承);
- ``suzaka_measures``: ◆主な取組内容 with its departments, ``(1)`` sub-headings with theirs, and
  取組項目 whose ◇ items interleave with the item's own wrapped lines (``item ◇ first`` / ``◇ next``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from munigoals import sdk

__all__ = ["BLOCK_READERS", "read_box", "read_measures"]

_BOX_START = sdk.lazy_compile(r"^(\d+)\s*基本$")
_BOX_TITLE = sdk.lazy_compile(r"^施策\s*(.*)$")
_NUMBERED_ITEM = sdk.lazy_compile(r"^\((\d+)\)\s*(.+)$")
_DEPARTMENTS = sdk.lazy_compile(r"\S+課(?:\s*/\s*\S+)*")
_DEPARTMENTS_AT_END = sdk.lazy_compile(r"\s((?:[^\s/]+(?:課|室|局|全課))(?:\s*/\s*[^\s/]+)*)$")


def read_box(
    lines: Sequence[sdk.Line], options: Mapping[str, Any], reader: sdk.DocumentReader
) -> sdk.BlockRead:
    """The 基本施策 box: its number and title (the policies' second context) and one section of its items."""
    start = _BOX_START.match(lines[0].norm)
    number = start.group(1) if start else lines[0].norm
    i = 1
    title_parts: list[str] = []
    if i < len(lines) and (m := _BOX_TITLE.match(lines[i].norm)):
        if m.group(1):
            title_parts.append(m.group(1))
        i += 1
    if not title_parts:  # "施策" alone: the title follows, up to a blank line
        while i < len(lines) and not lines[i].compact:
            i += 1
        while (
            i < len(lines) and lines[i].compact and not lines[i].norm.startswith("●") and len(title_parts) < 3
        ):
            title_parts.append(lines[i].norm)
            i += 1
    items: list[str] = []
    last = lines[0].no
    for line in lines[i:]:
        if line.compact:
            # bullets and short labels (継承, 進化, 3つのチャレンジ) start an item; other lines wrap
            if line.norm.startswith(("●", "※")) or not items or len(line.compact) <= 8:
                items.append(line.norm.lstrip("● "))
            else:
                items[-1] += line.norm
            last = line.no
    section = sdk.Section(f"基本施策{number}", tuple(items), reader.span(lines[0].no, last))
    label = f"基本施策{number} {''.join(title_parts)}".strip()
    return sdk.BlockRead(sections=(section,), contexts=((int(options.get("slot", 2)), label),))


def read_measures(
    lines: Sequence[sdk.Line], options: Mapping[str, Any], reader: sdk.DocumentReader
) -> sdk.BlockRead:
    """◆主な取組内容: departments, (1) sub-headings, 取組項目 with ◇ items (one section per 取組項目)."""
    group = "主な取組内容"
    departments: list[str] = []
    sections: list[sdk.Section] = []
    i = 0
    heading = lines[0].norm
    if heading.replace(" ", "").startswith("◆主な取組内容"):
        depts = heading.split("主な取組内容", 1)[1].strip()
        if depts:
            departments.extend(d.strip() for d in depts.split("/") if d.strip())
            group = f"主な取組内容 [{depts}]"
        i = 1
    item: str | None = None
    item_first = 0
    diamonds: list[str] = []
    starts: list[int] = []  # the line each ◇ starts on
    last_kind = ""  # "item", "diamond", "header" or "blank"

    def flush(last: int) -> None:
        nonlocal item, diamonds, starts
        if item is not None or diamonds:
            name = f"{group} / {item or '(取組項目なし)'}"
            span = reader.span(item_first, last)
            sections.append(sdk.Section(name, tuple(diamonds), span, sdk.SectionKind.MEASURES, tuple(starts)))
        item, diamonds, starts = None, [], []

    last_no = lines[i - 1].no if i else lines[0].no
    for line in lines[i:]:
        c = line.compact
        if not c:
            last_kind = "blank" if last_kind else last_kind
            continue
        if c.startswith("取組項目具体的な内容"):
            last_kind = "header"
            continue
        sub = _NUMBERED_ITEM.match(line.norm)
        if sub or _DEPARTMENTS.fullmatch(line.norm):
            flush(last_no)
            text = sub.group(2) if sub else ""
            dm = _DEPARTMENTS_AT_END.search(text)
            depts = dm.group(1) if dm else (line.norm if not sub else "")
            title = text[: dm.start()].strip() if dm else text
            if depts:
                departments.extend(d.strip() for d in depts.split("/") if d.strip())
            group = (
                "主な取組内容"
                + (f" ({sub.group(1)}) {title}" if sub else "")
                + (f" [{depts}]" if depts else "")
            )
            last_kind = "header"
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
    flush(last_no)
    return sdk.BlockRead(sections=tuple(sections), departments=tuple(departments))


#: The block kinds Suzaka's layout spec names, and their readers.
BLOCK_READERS: dict[str, sdk.BlockReader] = {"suzaka_box": read_box, "suzaka_measures": read_measures}

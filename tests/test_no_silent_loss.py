"""No silent loss: every line inside an indicator, role or action table of each corpus document either
becomes part of a row (its span covers it) or a ParseIssue with its line.

The table regions are found here by simple rules of each layout, independently of the parsers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import munigoals_suzaka
import munigoals_ueda
import pytest

from munigoals import PluginHost
from munigoals.api import ParseRun, parse


def _lines(path: Path) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    return [
        (no, unicodedata.normalize("NFKC", raw).replace("\ufffd", " ").strip())
        for no, raw in enumerate(text.split("\n"), 1)
    ]


def suzaka_regions(path: Path) -> Iterator[int]:
    """Lines under 【…指標】 (past its header) and under ◆…各主体の役割, up to the next part of the page."""
    region = None
    for no, line in _lines(path):
        compact = line.replace(" ", "")
        if compact in ("【成果指標】", "【プロセス指標】"):
            region = "indicators"
            continue
        if compact.startswith("◆") and "各主体の役割" in compact:
            region = "roles"
            continue
        ends = ("◆", "【", "※", "《", "☞")
        if (
            compact.startswith(ends)
            or re.match(r"^施策\s*\d+\s", line)
            or re.match(r"^\d+基本$", compact)
            or re.match(r"^-\d+-$", compact)
        ):
            region = None
            continue
        if region is None or not compact:
            continue
        if compact.startswith(("指標の種類", "指標名", "主体期待される役割")) or re.fullmatch(
            r"\(\d{4}年\)", compact
        ):
            continue
        yield no


def ueda_sections_regions(path: Path) -> Iterator[int]:
    """Tab rows under 達成度をはかる指標 and 各主体に期待される役割分担, past the header row."""
    region = False
    for no, line in _lines(path):
        if line.startswith("#"):
            region = "達成度をはかる指標" in line or "各主体に期待される" in line
            continue
        if region and "\t" in line and not line.startswith("指標の内容"):
            yield no


def ueda_kanri_regions(path: Path) -> Iterator[int]:
    """Action rows ①… that hold any text (raw lines: NFKC would turn ① into 1)."""
    for no, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        cells = [c for c in line.split("\t") if c.strip()]
        if cells and re.match(r"^[①-⑳]", cells[0]) and (len(cells) > 1 or len(cells[0].strip()) > 1):
            yield no


def ueda_ichiran_regions(path: Path) -> Iterator[int]:
    """Goal rows (a number in the first cell) and the rows that go on a goal (an empty first cell)."""
    in_goal = False
    for no, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not raw.strip():
            continue
        first = raw.split("\t")[0].strip()
        if re.fullmatch(r"\d+", first):
            in_goal = True
            yield no
        elif in_goal and not first:
            yield no
        else:
            in_goal = False


def ueda_pdf_regions(path: Path) -> Iterator[int]:
    """Lines of the 期限・数値目標等 blocks, up to the next header or a line where the columns merge."""
    region = False
    raw_lines = path.read_text(encoding="utf-8").split("\n")
    for (no, line), raw in zip(_lines(path), raw_lines, strict=True):
        if line == "期限・数値目標等":
            region = True
            continue
        if not line:
            continue
        if region and (
            "重点目標" in line or "  " in raw.strip() or re.fullmatch(r"[0-9]", line) or "具体的" in line
        ):
            region = False
        if region:
            yield no


CASES = [
    ("004_22a3fa7b6e68a797.txt", suzaka_regions),
    ("003_f758ffbbe30f236d.txt", ueda_sections_regions),
    ("001_2e0b97da717ccbd7.txt", ueda_kanri_regions),
    ("002_aaca3ffd80411131.txt", ueda_ichiran_regions),
    ("000_92596ecb565e136d.txt", ueda_pdf_regions),
]


def covered(run: ParseRun) -> set[int]:
    lines: set[int] = set()
    for plan in run.plans:
        for policy in plan.policies:
            lines.add(policy.span.first_line)  # its title
            for fact in (*policy.indicators, *policy.roles, *policy.actions):
                lines.update(range(fact.span.first_line, fact.span.last_line + 1))
    for issue in run.issues:
        lines.update(range(issue.span.first_line, issue.span.last_line + 1))
    return lines


@pytest.fixture(scope="module")
def host() -> PluginHost:
    host = PluginHost.only(ueda=munigoals_ueda, suzaka=munigoals_suzaka)
    return host


@pytest.mark.parametrize(("doc", "regions"), CASES, ids=[c[0][:3] for c in CASES])
def test_every_table_line_is_a_row_or_an_issue(corpus: Path, host: PluginHost, doc: str, regions) -> None:  # type: ignore[no-untyped-def]
    run = parse([corpus / doc], host=host)
    table_lines = set(regions(corpus / doc))
    assert len(table_lines) >= 5, "the region rules found the tables"
    lost = sorted(table_lines - covered(run))
    assert lost == [], f"lines inside tables neither read nor reported: {lost[:10]}"


def test_strict_fails_on_any_issue(corpus: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "munigoals", "parse", str(corpus / "000_92596ecb565e136d.txt"), "--strict"],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 1 and "--strict" in proc.stderr and proc.stdout == ""
    proc = subprocess.run([sys.executable, "-m", "munigoals", "parse", str(corpus / "004_22a3fa7b6e68a797.txt"), "--strict"],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0


NUMBER_FIELDS = {
    "indicators": ("baseline_value", "target_value"),
    "targets": ("target_value", "target_value_max", "actual_value", "mid_value"),
    "observations": ("value",),
}


@pytest.mark.parametrize("doc", [c[0] for c in CASES])
def test_every_number_stands_in_the_line_it_cites(corpus: Path, host: PluginHost, doc: str) -> None:
    """No invented or displaced numbers: each value of a row is written in the line it cites (or the
    two after it, where a cell wraps)."""
    from munigoals.testing import numbers_in

    lines = (corpus / doc).read_text(encoding="utf-8").split("\n")
    run = parse([corpus / doc], host=host)
    misplaced = []
    for table, fields in NUMBER_FIELDS.items():
        for row in run.tables[table].iter_rows(named=True):
            near = numbers_in(" ".join(lines[row["line"] - 1 : row["line"] + 2]))
            misplaced += [
                f"{table}.{f}={row[f]}@{row['line']}"
                for f in fields
                if row[f] is not None and round(row[f], 6) not in near
            ]
            # a result stated in parts (1回 + 4回): each part stands there too
            misplaced += [
                f"{table}.{f}={row[f]}@{row['line']}"
                for f in ("actual_parts", "mid_parts")
                if row.get(f) and not numbers_in(row[f]) <= near
            ]
    assert misplaced == []


@pytest.mark.parametrize(
    ("doc", "items", "headings"), [("003_f758ffbbe30f236d.txt", 49, 19), ("004_22a3fa7b6e68a797.txt", 98, 36)]
)
def test_the_measures_of_the_plans_come_out_complete_each_citing_its_line(
    corpus: Path, host: PluginHost, doc: str, items: int, headings: int
) -> None:
    """The 基本施策 items of 003 and the ◇ items of 主な取組内容 of 004, counted by hand once."""
    from munigoals.japanese import normalize

    measures = parse([corpus / doc], host=host).tables["measures"]
    assert len(measures) == items
    assert measures.select("policy_id", "heading").n_unique() == headings
    lines = (corpus / doc).read_text(encoding="utf-8").split("\n")
    for row in measures.iter_rows(named=True):
        cited = (
            normalize(lines[row["line"] - 1]).replace(" ", "").replace("\\*", "").replace("*", "")
        )  # glossary marks
        assert row["text"].replace(" ", "")[:6] in cited, (row["line"], row["text"][:20])


@pytest.mark.parametrize(
    ("table", "row", "said"),
    [
        ("policies", {"priority": 2.7}, "priority 2.7, which is no whole number"),  # never cut to 2
        ("policies", {"fiscal_year": "2024"}, "fiscal_year '2024', which is no whole number"),
        ("policies", {"priority": True}, "priority True, which is no whole number"),
        ("indicators", {"target_value": "多い"}, "target_value '多い', which is no number"),  # never null
        ("targets", {"achieved": 1}, "achieved 1, which is neither true nor false"),
        ("policies", {"priority": 2, "fiscal_year": None, "title": 5}, None),  # a text column takes any
        ("indicators", {"target_value": 3, "baseline_value": 2.5}, None),
    ],
)
def test_a_value_its_column_would_change_is_named(
    table: str, row: dict[str, object], said: str | None
) -> None:
    from munigoals.tables import misfit, table_from_rows

    assert misfit(table, [{}, row]) == said
    if said is None:  # what passes is kept as it is
        built = table_from_rows(table, [row]).row(0, named=True)
        assert all(built[k] == v for k, v in row.items() if not isinstance(v, str) and k != "title")

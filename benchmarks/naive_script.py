"""The peer munigoals is measured against: the script a researcher would write in an afternoon.

    python benchmarks/naive_script.py FOLDER_OR_FILES... -o indicators.parquet

It reads every file, decodes it as UTF-8, NFKC-normalises each line, and within the indicator blocks of
the Suzaka layout (the lines after 【成果指標】 or 【プロセス指標】, up to the next heading) takes each
line that one regular expression matches as an indicator row: category, name, unit, baseline and its
year, target and its comparator; the policy is the number of the last ``施策 N`` line, the target year
the ``(2025年)`` line under a block's header. Rows go into a pandas DataFrame and out to Parquet.

What it does not do is what munigoals exists for: a name wrapped onto two lines, a footnote mark, a
missing value (―), a row split across a page, a stated direction are simply wrong or lost here, with
no report saying so. benchmarks/many_cities.py times it beside munigoals and counts, against the
corpus, how many of document 004's indicators it gets fully right. A benchmark, not part of munigoals.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

#: The one regular expression: ``[category] name(unit)[(※n)] baseline(year) target[ comparator]``.
ROW = re.compile(
    r"^(?:(\S+指標)\s+)?(.+?)\(([^()]*)\)\s*(?:\(※\d*\))?\s*([\d,.]+)\((\d{4})\)\s+([\d,.]+)\s*(未満|以下|以上|超)?$"
)
COMPARATORS = {None: "eq", "未満": "lt", "以下": "le", "以上": "ge", "超": "gt"}
FIELDS = ("document", "policy_id", "category", "name", "unit", "baseline_value", "baseline_year",
          "target_value", "target_year", "target_comparator", "line")  # fmt: skip


def rows_of(path: Path) -> list[dict[str, object]]:
    """The indicator rows of one document, as the script reads them."""
    rows: list[dict[str, object]] = []
    policy: str | None = None
    in_block = False
    year: int | None = None
    text = path.read_bytes().decode("utf-8", errors="replace")
    for number, raw in enumerate(text.split("\n"), start=1):
        line = unicodedata.normalize("NFKC", raw).strip()
        if line.startswith("施策") and line[2:].strip().split(" ")[0].isdigit():
            policy = line[2:].strip().split(" ")[0]
        if line in ("【成果指標】", "【プロセス指標】"):
            in_block, year = True, None
            continue
        if not in_block:
            continue
        if line.startswith(("◆", "【", "※")):
            in_block = False
            continue
        if line.startswith("(") and line.endswith("年)") and line[1:5].isdigit():
            year = int(line[1:5])
            continue
        match = ROW.match(line)
        if match is None:
            continue
        category, name, unit, baseline, base_year, target, comparator = match.groups()
        rows.append({
            "document": path.name, "policy_id": policy, "category": category, "name": name, "unit": unit,
            "baseline_value": float(baseline.replace(",", "")), "baseline_year": int(base_year),
            "target_value": float(target.replace(",", "")), "target_year": year,
            "target_comparator": COMPARATORS[comparator], "line": number,
        })  # fmt: skip
    return rows


def files_in(paths: list[Path]) -> list[Path]:
    """The files named, and the files of the folders named (no manifest, no sniffing)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix in (".txt", ".md"))
        else:
            out.append(path)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True, help="Parquet file to write")
    args = parser.parse_args()
    import pandas as pd

    rows = [row for path in files_in(args.paths) for row in rows_of(path)]
    frame = pd.DataFrame(rows, columns=list(FIELDS))
    frame.to_parquet(args.output, index=False)
    print(f"{len(frame)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()

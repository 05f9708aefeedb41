"""The README's commands work as written, in a fresh folder that holds only the documents they name
(PLAN.txt, plans/, pop.csv: the real documents copied to a temporary folder, a population table of
our own)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def _using_it() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = text.split("## Using it", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_the_readme_lists_the_commands() -> None:
    commands = _using_it()
    assert len(commands) > 10 and all(line.startswith("munigoals ") for line in commands)


@pytest.mark.parametrize("line", _using_it())
def test_a_readme_command_works_in_a_fresh_folder(line: str, corpus: Path, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    for document in sorted(corpus.glob("*.txt")):
        shutil.copy(document, plans / document.name)
    shutil.copy(corpus / "004_22a3fa7b6e68a797.txt", tmp_path / "PLAN.txt")
    # a new place's page and a spec for it (SPEC.toml, PLACE.txt): 小矢部市's, from corpus-more
    place = corpus.parent / "corpus-more" / "03_oyabe_seika-shihyo-tassei-h15.txt"
    if "PLACE.txt" in line and not place.is_file():
        pytest.skip(f"{place} not found: the spec commands need a real page of another place")
    if place.is_file():
        shutil.copy(place, tmp_path / "PLACE.txt")
    spec = Path(__file__).resolve().parents[1] / "plugins/oyabe/src/munigoals_oyabe/layouts/seika-shihyo.toml"
    shutil.copy(spec, tmp_path / "SPEC.toml")
    (tmp_path / "pop.csv").write_text(
        "city,population,reference_date,source\nueda,150000,2024-04-01,a test figure\n"
        "須坂市,50000,2024-04-01,a test figure\n",
        encoding="utf-8",
    )
    before = {p.relative_to(tmp_path) for p in tmp_path.rglob("*")}
    args = shlex.split(line, comments=True)
    env = {**os.environ, "COLUMNS": "120"}
    proc = subprocess.run(
        [sys.executable, "-m", "munigoals", *args[1:]], cwd=tmp_path, capture_output=True, text=True,
        env=env, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, (line, proc.stderr[-1500:])
    assert "Traceback" not in proc.stderr
    for target in [a for i, a in enumerate(args) if i and args[i - 1] in ("-o", "--sqlite")]:
        assert (tmp_path / target).is_file() and (tmp_path / target).stat().st_size > 0, (line, target)
    if args[1] == "export":
        assert (tmp_path / args[2] / "datapackage.json").is_file()
    if not re.search(r"\s-o\s|export", line):
        assert proc.stdout.strip(), line  # it printed what it was asked for
    assert before <= {p.relative_to(tmp_path) for p in tmp_path.rglob("*")}  # nothing of ours removed

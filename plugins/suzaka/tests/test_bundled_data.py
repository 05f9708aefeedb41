"""The shipped data is exactly what the build script reads from the corpus, and works without it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import munigoals_suzaka
from munigoals_suzaka.build_data import SOURCES

from munigoals.api import build_bundle


def test_shipped_data_matches_a_rebuild(corpus: Path, tmp_path: Path) -> None:
    build_bundle(munigoals_suzaka, "suzaka", [corpus / name for name in SOURCES], tmp_path)
    for shipped in sorted(munigoals_suzaka.DATA_DIR.glob("*.jsonl")):
        rebuilt = tmp_path / shipped.name
        assert shipped.read_text(encoding="utf-8") == rebuilt.read_text(encoding="utf-8"), (
            f"{shipped.name} differs from a rebuild: run python -m munigoals_suzaka.build_data"
        )


def test_table_command_works_without_the_corpus(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "munigoals", "table", "indicators", "--city", "suzaka", "--format", "jsonl"],
        capture_output=True, text=True, cwd=tmp_path, env={"MUNIGOALS_CORPUS": str(tmp_path / "none"), "PATH": ""},
        timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 24

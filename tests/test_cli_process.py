"""The command line as a user runs it: a real process, its exit status and one line on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from munigoals import MunigoalsError, PluginHost
from munigoals.api import parse
from tests import fake_city


def munigoals(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "munigoals", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=120,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], code: int, needle: str) -> None:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert lines and needle in lines[-1], proc.stderr
    assert len(lines) <= 3, proc.stderr


@pytest.fixture
def broken_plugin_path(tmp_path: Path) -> Path:
    """A site folder holding a distribution whose munigoals entry point raises on import."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "broken_city.py").write_text("raise RuntimeError('boom: this plugin is broken')\n")
    dist = site / "broken_city-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-city\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[munigoals]\nbroken = broken_city\n")
    return site


def test_help_everywhere() -> None:
    for args in ([], ["parse"], ["table"], ["cities"]):
        proc = munigoals(*args, "--help")
        assert proc.returncode == 0 and "Usage:" in proc.stdout


def test_parse_help_names_every_kind_of_document_it_reads() -> None:
    from munigoals.reading import DOCUMENT_SUFFIXES

    text = " ".join(munigoals("parse", "--help").stdout.split())
    assert all(suffix in text for suffix in DOCUMENT_SUFFIXES), text[:400]


def test_version() -> None:
    proc = munigoals("--version")
    assert proc.returncode == 0 and "munigoals, version" in proc.stdout


def test_missing_file(tmp_path: Path) -> None:
    assert_one_line_error(munigoals("parse", str(tmp_path / "nope.txt")), 1, "no such file")


def test_folder_without_documents(tmp_path: Path) -> None:
    assert_one_line_error(munigoals("parse", str(tmp_path)), 1, "holds no document")


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert_one_line_error(munigoals("parse", str(tmp_path / "empty.txt")), 1, "is empty")


def test_pdf_bytes(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_bytes(b"%PDF-1.7\n1 0 obj\n")
    assert_one_line_error(munigoals("parse", str(tmp_path / "plan.txt")), 1, "is a damaged PDF")


def test_random_bytes(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_bytes(os.urandom(4096))
    assert_one_line_error(munigoals("parse", str(tmp_path / "r.txt")), 1, "r.txt")


def test_unknown_city(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    assert_one_line_error(
        munigoals("parse", str(tmp_path / "a.txt"), "--city", "atlantis"), 1, "unknown city 'atlantis'"
    )


def test_unknown_table_is_a_usage_error(tmp_path: Path) -> None:
    proc = munigoals("table", "nonsense")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_parquet_to_terminal_is_a_usage_error(tmp_path: Path) -> None:
    assert_one_line_error(munigoals("table", "indicators", "--format", "parquet"), 2, "parquet is binary")


def test_output_that_cannot_be_written(tmp_path: Path) -> None:
    proc = munigoals("table", "indicators", "--format", "csv", "-o", str(tmp_path / "no" / "such" / "x.csv"))
    assert_one_line_error(proc, 1, "does not exist")


def test_a_plugin_that_fails_to_import_is_listed_as_failed(broken_plugin_path: Path) -> None:
    env = {"PYTHONPATH": os.pathsep.join([str(broken_plugin_path), os.environ.get("PYTHONPATH", "")])}
    proc = munigoals("cities", env=env)
    assert proc.returncode == 0, proc.stderr
    assert (
        "broken" in proc.stdout and "[failed]" in proc.stdout and "boom: this plugin is broken" in proc.stdout
    )


def test_parsing_still_works_beside_a_broken_plugin(
    broken_plugin_path: Path, tmp_path: Path, corpus: Path
) -> None:
    env = {"PYTHONPATH": os.pathsep.join([str(broken_plugin_path), os.environ.get("PYTHONPATH", "")])}
    proc = munigoals("parse", str(corpus / "004_22a3fa7b6e68a797.txt"), "--format", "csv", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "市公式ツイッター・フェイスブックのフォロワー数" in proc.stdout


def test_every_corpus_file_is_refused_clearly_by_a_host_without_its_city(corpus: Path) -> None:
    host = PluginHost.only(fakecity=fake_city)
    for path in sorted(corpus.glob("*.txt")):
        with pytest.raises(MunigoalsError, match=r"no plugin recognises .*known layouts: fakecity\.lines"):
            parse([path], host=host)


def test_unrelated_japanese_text(tmp_path: Path) -> None:
    (tmp_path / "novel.txt").write_text(
        "吾輩は猫である。名前はまだ無い。\nどこで生れたかとんと見当がつかぬ。\n", encoding="utf-8"
    )
    assert_one_line_error(munigoals("parse", str(tmp_path / "novel.txt")), 1, "no plugin recognises")


def test_a_page_cut_off_mid_table_keeps_what_is_there_and_reports_the_cut(
    tmp_path: Path, corpus: Path
) -> None:
    lines = (corpus / "004_22a3fa7b6e68a797.txt").read_text(encoding="utf-8").split("\n")
    cut = next(k for k, line in enumerate(lines) if line.startswith("統計指標 市公式ツイッター"))
    (tmp_path / "cut.txt").write_text("\n".join(lines[: cut + 1]) + "\n", encoding="utf-8")
    proc = munigoals("parse", str(tmp_path / "cut.txt"), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert "「広報須坂」を読んでいる人の割合" in proc.stdout  # the row before the cut is kept
    assert f"cut.txt:{cut + 1}: warning:" in proc.stderr  # the cut row is reported with its line
    strict = munigoals("parse", str(tmp_path / "cut.txt"), "--strict", "-o", str(tmp_path / "out.csv"))
    assert strict.returncode == 1 and not (tmp_path / "out.csv").exists()


def test_many_documents_in_worker_processes_streamed_to_parquet(tmp_path: Path, corpus: Path) -> None:
    import polars as pl

    folder = tmp_path / "plans"
    folder.mkdir()
    for k in range(12):
        (folder / f"suzaka-{k:02d}.txt").write_bytes((corpus / "004_22a3fa7b6e68a797.txt").read_bytes())
        (folder / f"ueda-{k:02d}.md").write_bytes((corpus / "003_f758ffbbe30f236d.txt").read_bytes())
    parallel = munigoals(
        "parse", str(folder), "--jobs", "2", "--format", "parquet", "-o", str(tmp_path / "p.parquet")
    )
    assert parallel.returncode == 0, parallel.stderr
    serial = munigoals(
        "parse", str(folder), "--jobs", "1", "--format", "parquet", "-o", str(tmp_path / "s.parquet")
    )
    assert serial.returncode == 0, serial.stderr
    got, expected = pl.read_parquet(tmp_path / "p.parquet"), pl.read_parquet(tmp_path / "s.parquet")
    assert len(got) == 12 * (24 + 21) and got.equals(expected)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "p.parquet",
        "plans",
        "s.parquet",
    ]  # no parts left behind

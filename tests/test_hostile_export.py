"""The second hostile campaign's export cases: an export never replaces what it reads, is swapped in
whole or not at all, and keys every row uniquely, also across copies of one document."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from munigoals.errors import MunigoalsError
from tests.plugins_seeds import SUZAKA_PAGES
from tests.test_cli_process import assert_one_line_error, munigoals


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "003.txt").write_text(SUZAKA_PAGES, encoding="utf-8")
    return folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", ["indicators.csv", "datapackage.json", "documents.csv"])
def test_export_never_replaces_a_named_input(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / name).write_text(SUZAKA_PAGES, encoding="utf-8")
    proc = munigoals("export", str(out), str(out / name))
    assert_one_line_error(proc, 1, "a document being read")
    assert (out / name).read_text(encoding="utf-8") == SUZAKA_PAGES
    assert sorted(p.name for p in out.iterdir()) == [name]


def test_export_sqlite_onto_a_plan_in_an_input_folder_is_refused(tmp_path: Path, plans: Path) -> None:
    before = _tree(plans)
    proc = munigoals("export", str(tmp_path / "pkg"), str(plans), "--sqlite", str(plans / "003.txt"))
    assert_one_line_error(proc, 1, "a document being read")
    assert _tree(plans) == before and not (tmp_path / "pkg").exists()


def test_export_metadata_json_beside_the_database_never_replaces_an_input(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "metadata.json").write_text(SUZAKA_PAGES, encoding="utf-8")
    proc = munigoals(
        "export", str(tmp_path / "pkg"), str(folder / "metadata.json"), "--sqlite", str(folder / "db.sqlite")
    )
    assert_one_line_error(proc, 1, "a document being read")
    assert (folder / "metadata.json").read_text(encoding="utf-8") == SUZAKA_PAGES
    assert not (folder / "db.sqlite").exists()


def test_export_into_an_input_folder_keeps_its_manifest(plans: Path) -> None:
    (plans / "documents.csv").write_text("file,city\n003.txt,suzaka\n", encoding="utf-8")
    before = _tree(plans)
    assert_one_line_error(munigoals("export", str(plans), str(plans)), 1, "a folder being read")
    assert_one_line_error(munigoals("export", str(plans / "pkg"), str(plans)), 1, "a folder being read")
    assert _tree(plans) == before
    assert munigoals("parse", str(plans)).returncode == 0


def test_a_manifest_beside_a_named_file_is_an_input(tmp_path: Path, plans: Path) -> None:
    (plans / "documents.csv").write_text("file,city\n003.txt,suzaka\n", encoding="utf-8")
    proc = munigoals("export", str(plans.parent / "pkg"), str(plans / "003.txt"), "--sqlite",
                     str(plans / "documents.csv"))  # fmt: skip
    assert_one_line_error(proc, 1, "a document being read")
    assert (plans / "documents.csv").read_text(encoding="utf-8-sig").startswith("file,city")


def test_a_read_only_file_of_the_package_stops_the_export_before_anything_changes(
    tmp_path: Path, plans: Path
) -> None:
    pkg = tmp_path / "pkg"
    assert munigoals("export", str(pkg), str(plans)).returncode == 0
    (pkg / "roles.csv").chmod(0o444)
    before = _tree(pkg)
    assert_one_line_error(munigoals("export", str(pkg), str(plans), "--parquet"), 1, "read-only")
    assert _tree(pkg) == before


def test_an_export_that_fails_midway_leaves_the_old_package_whole(
    tmp_path: Path, plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import munigoals
    from munigoals import package

    pkg = tmp_path / "pkg"
    munigoals.export(pkg, plans)
    (pkg / "notes.md").write_text("mine")
    before = _tree(pkg)
    written: list[str] = []
    original = package._write_staged

    def fail_on_the_fourth(path: Path, data: bytes, shown: Path) -> None:
        written.append(path.name)
        if len(written) == 4:
            raise MunigoalsError(f"cannot write {shown}: No space left on device")
        original(path, data, shown)

    monkeypatch.setattr(package, "_write_staged", fail_on_the_fourth)
    (plans / "003.txt").write_text(SUZAKA_PAGES.replace("待機児童数", "待機児童の数"), encoding="utf-8")
    with pytest.raises(MunigoalsError, match="No space left"):
        munigoals.export(pkg, plans)
    assert _tree(pkg) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg", "plans"]  # no temporary folder left


def test_a_re_export_keeps_the_users_files_and_drops_stale_package_files(tmp_path: Path, plans: Path) -> None:
    import munigoals

    pkg = tmp_path / "pkg"
    munigoals.export(pkg, plans, parquet=True)
    (pkg / "README.mine").write_text("mine")
    munigoals.export(pkg, plans)
    names = sorted(p.name for p in pkg.iterdir())
    assert "README.mine" in names and not any(n.endswith(".parquet") for n in names)
    assert (pkg / "README.mine").read_text() == "mine"


def test_copies_of_one_document_get_unique_row_ids_and_a_database(tmp_path: Path) -> None:
    folder = tmp_path / "dup"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(SUZAKA_PAGES, encoding="utf-8")
    pkg = tmp_path / "pkg"
    proc = munigoals("export", str(pkg), str(folder), "--sqlite", str(tmp_path / "db.sqlite"))
    assert proc.returncode == 0, proc.stderr
    for table in ("indicators", "roles", "policies"):
        rows = list(csv.DictReader(io.StringIO((pkg / f"{table}.csv").read_text(encoding="utf-8-sig"))))
        ids = [row["row_id"] for row in rows]
        assert ids and len(ids) == len(set(ids)), table
        assert {row["document"] for row in rows} == {"a.txt", "b.txt"}
    with sqlite3.connect(tmp_path / "db.sqlite") as db:
        assert db.execute("select count(distinct document) from indicators").fetchone() == (2,)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db.sqlite", "dup", "metadata.json", "pkg"]
    descriptor = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["resources"][1]["schema"]["primaryKey"] == ["row_id"]


def test_a_database_that_cannot_be_written_leaves_no_file_and_no_package(
    tmp_path: Path, plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import munigoals
    from munigoals import package

    def full(tmp: Path, frames: object) -> None:
        Path(tmp).write_bytes(b"half")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(package, "_fill_sqlite", full)
    with pytest.raises(MunigoalsError, match="disk is full"):
        munigoals.export(tmp_path / "pkg", plans, sqlite=tmp_path / "db.sqlite")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans"]


def test_a_signal_while_the_database_is_written_leaves_nothing_half_written(
    tmp_path: Path, plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import munigoals
    from munigoals import package

    pkg = tmp_path / "pkg"
    munigoals.export(pkg, plans)
    before = _tree(pkg)

    def stopped(tmp: Path, frames: object) -> None:
        Path(tmp).write_bytes(b"half a database")
        raise KeyboardInterrupt  # what SIGTERM raises in the command line

    monkeypatch.setattr(package, "_fill_sqlite", stopped)
    with pytest.raises(KeyboardInterrupt):
        munigoals.export(pkg, plans, sqlite=tmp_path / "db.sqlite")
    assert _tree(pkg) == before  # the package of the run before, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg", "plans"]

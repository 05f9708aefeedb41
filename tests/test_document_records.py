"""A document read once is not read again: its rows are kept in a record (munigoals.cache), which
is used only for the very bytes, plugins and code it was made from, and is never a different result.

Each test runs the command line as a user does (a real process, the installed plugins), over the
plugins' own fixtures (written in our own words), with a cache folder of its own.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from munigoals import cache

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = {
    "pages.txt": (ROOT / "plugins/suzaka/tests/fixtures/pages.txt", "suzaka"),
    "sheet.txt": (ROOT / "plugins/ueda/tests/fixtures/kanri_sheet.txt", "ueda"),
    "sections.md": (ROOT / "plugins/ueda/tests/fixtures/sections.md", "ueda"),
    "reports.txt": (ROOT / "plugins/ueda/tests/fixtures/kanri_sheet_reports.txt", "ueda"),
    "ichiran.txt": (ROOT / "plugins/ueda/tests/fixtures/ichiran.txt", "ueda"),
}


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    for name, (source, _) in FIXTURES.items():
        shutil.copy(source, folder / name)
    rows = ["file,city", *(f"{name},{city}" for name, (_, city) in FIXTURES.items())]
    (folder / "documents.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def munigoals(*args: str, cache_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "munigoals", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "MUNIGOALS_CACHE_DIR": str(cache_dir), **env},
        timeout=180,
    )


def records(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / "parsed").rglob("*.pickle"))


def parse(plans: Path, table: str, out: Path, cache_dir: Path, **env: str) -> tuple[str, str]:
    proc = munigoals(
        "parse", str(plans), "--table", table, "--format", "csv", "-o", str(out), cache_dir=cache_dir, **env
    )
    assert proc.returncode == 0, proc.stderr
    return out.read_text(encoding="utf-8-sig"), proc.stderr


def doctor(record: Path, table: str, name: str) -> None:
    """Rename every row of ``table`` in ``record``: what only the record can say."""
    head, parts = pickle.loads(record.read_bytes())
    rows = pickle.loads(zlib.decompress(parts[table]))
    for row in rows:
        row["name" if table == "indicators" else "item"] = name
    parts[table] = zlib.compress(pickle.dumps(rows))
    record.write_bytes(pickle.dumps((head, parts)))


@pytest.mark.parametrize(
    "table", ["indicators", "targets", "observations", "policies", "roles", "actions", "values"]
)
def test_a_result_from_records_is_the_result_read_afresh(plans: Path, tmp_path: Path, table: str) -> None:
    fresh = parse(plans, table, tmp_path / "fresh.csv", tmp_path / "none", MUNIGOALS_NO_CACHE="1")
    assert not (tmp_path / "none" / "parsed").exists()  # turned off: no record written
    first = parse(plans, table, tmp_path / "first.csv", tmp_path / "cache")
    assert len(records(tmp_path / "cache")) == len(FIXTURES)
    again = parse(plans, table, tmp_path / "again.csv", tmp_path / "cache")
    assert fresh == first == again  # rows and every note, byte for byte
    assert fresh[0].count("\n") > 1


def test_a_second_command_loads_the_records_the_first_kept(plans: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    parse(plans, "indicators", tmp_path / "a.csv", folder)
    for record in records(folder):
        doctor(record, "indicators", "KEPT-IN-THE-RECORD")
    text, _ = parse(plans, "indicators", tmp_path / "b.csv", folder)
    assert "KEPT-IN-THE-RECORD" in text  # served from the record, not read again
    # the first command kept the comparison's tables too: a compare --from reads nothing again
    made = {record: record.stat().st_mtime_ns for record in records(folder)}
    proc = munigoals(
        "compare", "--from", str(plans), "--format", "csv", "-o", str(tmp_path / "c.csv"), cache_dir=folder
    )
    assert proc.returncode == 0, proc.stderr
    assert {record: record.stat().st_mtime_ns for record in records(folder)} == made


def test_a_document_that_cannot_be_read_keeps_no_record(plans: Path, tmp_path: Path) -> None:
    (plans / "notes.txt").write_text("a shopping list, no plan of any city\n", encoding="utf-8")
    (plans / "documents.csv").write_text(
        (plans / "documents.csv").read_text(encoding="utf-8") + "notes.txt,ueda\n", encoding="utf-8"
    )
    for _ in range(2):  # and the second run says so again, as the first did
        proc = munigoals("parse", str(plans), "--table", "indicators", cache_dir=tmp_path / "cache")
        assert "notes.txt" in proc.stderr and "Traceback" not in proc.stderr
        assert len(records(tmp_path / "cache")) == len(FIXTURES)


def test_a_record_serves_every_way_of_starting_munigoals(plans: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    script = Path(sys.executable).parent / "munigoals"
    if not script.is_file():
        pytest.skip("no munigoals command beside this Python (not installed in a virtual environment)")
    env = {**os.environ, "MUNIGOALS_CACHE_DIR": str(folder)}
    args = ["parse", str(plans), "--table", "indicators", "--format", "csv"]
    made = subprocess.run(
        [str(script), *args, "-o", str(tmp_path / "a.csv")], env=env, capture_output=True, timeout=180
    )
    assert made.returncode == 0, made.stderr
    for record in records(folder):
        doctor(record, "indicators", "KEPT-IN-THE-RECORD")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "munigoals", *args, "-o", str(tmp_path / "b.csv")],
        env=env, cwd=elsewhere, capture_output=True, timeout=180,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "KEPT-IN-THE-RECORD" in (tmp_path / "b.csv").read_text(encoding="utf-8-sig")


def test_changed_bytes_are_read_again(plans: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    parse(plans, "indicators", tmp_path / "a.csv", folder)
    for record in records(folder):
        doctor(record, "indicators", "KEPT-IN-THE-RECORD")
    page = plans / "pages.txt"
    page.write_bytes(page.read_bytes() + b"\n")  # one more empty line: other bytes, same size + 1
    text, _ = parse(plans, "indicators", tmp_path / "b.csv", folder)
    suzaka = [line for line in text.splitlines() if line.startswith("suzaka")]
    ueda = [line for line in text.splitlines() if line.startswith("ueda")]
    assert suzaka and not any("KEPT-IN-THE-RECORD" in line for line in suzaka)
    assert ueda and all("KEPT-IN-THE-RECORD" in line for line in ueda)


def test_a_table_the_record_lacks_is_read_and_kept(plans: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    parse(plans, "indicators", tmp_path / "a.csv", folder)
    fresh = parse(plans, "roles", tmp_path / "fresh.csv", tmp_path / "none", MUNIGOALS_NO_CACHE="1")
    assert parse(plans, "roles", tmp_path / "b.csv", folder) == fresh
    assert parse(plans, "roles", tmp_path / "c.csv", folder) == fresh


def test_another_city_is_another_record(plans: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    one = plans / "one"
    one.mkdir()
    shutil.move(plans / "sheet.txt", one / "sheet.txt")
    proc = munigoals("parse", str(one), "--city", "ueda", "--table", "indicators", cache_dir=folder)
    assert proc.returncode == 0, proc.stderr
    proc = munigoals("parse", str(one), "--city", "suzaka", "--table", "indicators", cache_dir=folder)
    assert "not one of suzaka's" in proc.stderr  # not Ueda's rows from the record: Suzaka's do not read it


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(("head", {"indicators": b"x"}))])
def test_a_damaged_record_is_read_again(plans: Path, tmp_path: Path, damage: bytes) -> None:
    folder = tmp_path / "cache"
    first = parse(plans, "indicators", tmp_path / "a.csv", folder)
    for record in records(folder):
        record.write_bytes(damage)
    assert parse(plans, "indicators", tmp_path / "b.csv", folder) == first
    assert all(record.stat().st_size > 100 for record in records(folder))  # and kept whole again


def test_the_records_of_old_code_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MUNIGOALS_CACHE_DIR", str(tmp_path))
    for k, code in enumerate(["a" * 64, "b" * 64, "c" * 64, "d" * 64]):
        cache.keep_parts("parsed", code, ["doc"], "head", {"t": [k]})
        os.utime(tmp_path / "parsed" / code[:32], ns=(k * 10**9, k * 10**9))
    cache.prune_parts("parsed", "e" * 64)
    left = sorted(p.name[0] for p in (tmp_path / "parsed").iterdir())
    assert left == ["c", "d", "e"]  # the newest two and the code in use
    assert cache.recall_parts("parsed", "d" * 64, ["doc"], ["t"]) == ("head", {"t": [3]})
    assert cache.recall_parts("parsed", "d" * 64, ["doc"], ["u"]) is None  # a part it lacks


def test_the_code_stamp_changes_with_any_file_it_is_made_from(tmp_path: Path) -> None:
    package = tmp_path / "package"
    (package / "inner").mkdir(parents=True)
    (package / "inner" / "rules.py").write_text("A = 1\n")
    first = cache.code_stamp([package])
    assert first is not None and cache.code_stamp([package, package]) == first
    (package / "inner" / "rules.py").write_text("A = 2\n")
    assert cache.code_stamp([package]) != first
    assert cache.code_stamp([tmp_path / "missing"]) is None


def test_no_record_is_read_or_written_when_turned_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MUNIGOALS_CACHE_DIR", str(tmp_path))
    cache.keep_parts("parsed", "a" * 64, ["doc"], "head", {"t": [1]})
    monkeypatch.setenv("MUNIGOALS_NO_CACHE", "1")
    assert cache.recall_parts("parsed", "a" * 64, ["doc"], ["t"]) is None
    cache.keep_parts("parsed", "b" * 64, ["doc"], "head", {"t": [1]})
    assert not (tmp_path / "parsed" / ("b" * 32)).exists()


def test_a_pipe_is_read_as_it_comes_and_keeps_no_record(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    source = FIXTURES["pages.txt"][0]
    args = [
        sys.executable,
        "-m",
        "munigoals",
        "parse",
        "/dev/stdin",
        "--city",
        "suzaka",
        "--table",
        "indicators",
    ]
    env = {**os.environ, "MUNIGOALS_CACHE_DIR": str(folder)}
    # a pipe, as `cat plan.txt | munigoals parse /dev/stdin` gives one
    piped = subprocess.run(args, input=source.read_text(encoding="utf-8"), env=env, capture_output=True,
                           text=True, timeout=180)  # fmt: skip
    assert piped.returncode == 0, piped.stderr
    assert "待機児童数" in piped.stdout  # read whole, not emptied by a look-up of its record
    assert not records(folder)


def test_a_record_another_user_could_write_is_not_loaded(plans: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    first = parse(plans, "indicators", tmp_path / "a.csv", folder)
    for record in records(folder):
        doctor(record, "indicators", "KEPT-IN-THE-RECORD")
        record.chmod(0o666)  # a pickle runs code when loaded: one anybody may write is not
    assert parse(plans, "indicators", tmp_path / "b.csv", folder) == first


def test_a_process_keeps_the_code_stamp_it_first_took(monkeypatch: pytest.MonkeyPatch) -> None:
    from munigoals import plugins
    from munigoals.plugins import default_host

    taken: list[int] = []
    monkeypatch.setattr(plugins, "_CODE_STAMPS", {})
    monkeypatch.setattr(plugins, "code_stamp", lambda roots: taken.append(1) or f"stamp{len(taken)}")
    host = default_host()
    # the workers it forks run the code imported then: a file edited later must not rename it
    assert host.code_stamp() == host.code_stamp() == "stamp1"
    assert taken == [1]


def test_a_value_of_another_type_is_cast_as_a_row_would_be() -> None:
    from munigoals.tables import table_from_rows

    frame = table_from_rows("policies", [{"city": "x", "policy_id": 1, "title": "t", "line": 3}])
    assert frame["policy_id"].to_list() == ["1"]  # a plugin's int id, as the row form cast it


def test_a_code_with_no_record_yet_looks_up_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MUNIGOALS_CACHE_DIR", str(tmp_path))
    assert not cache.any_parts("parsed", "a" * 64)
    cache.prune_parts("parsed", "a" * 64)  # made its folder, still empty
    assert not cache.any_parts("parsed", "a" * 64)
    cache.keep_parts("parsed", "a" * 64, ["doc"], "head", {"t": [1]})
    assert cache.any_parts("parsed", "a" * 64) and not cache.any_parts("parsed", "b" * 64)

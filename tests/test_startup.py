"""Start-up pays only for what a command uses: the cache of validated data, and what each command imports.

Timing is for benchmarks/run.py (tests never time); here: the cache is never wrong and never an error,
and a command does not import what it does not use.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from munigoals import cache
from munigoals.errors import MunigoalsError
from munigoals.registry import _DATA, _read_bytes, load_registry


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MUNIGOALS_CACHE_DIR", str(folder))
    return folder


def test_a_content_that_passed_is_not_validated_again(cache_folder: Path) -> None:
    calls: list[str] = []
    for _ in range(3):
        cache.validated("concepts", b"{}", b"schema", lambda: calls.append("checked"))
    assert calls == ["checked"]
    assert len(list((cache_folder / "validated").iterdir())) == 1


@pytest.mark.parametrize(
    "changed",
    [
        ("concepts", b'{"a": 1}', b"schema"),  # the file changed
        ("concepts", b"{}", b"schema 2"),  # the schema changed
        ("layout-spec", b"{}", b"schema"),  # another kind of file
    ],
)
def test_any_change_is_validated_again(cache_folder: Path, changed: tuple[str, bytes, bytes]) -> None:
    calls: list[str] = []
    cache.validated("concepts", b"{}", b"schema", lambda: calls.append("first"))
    kind, content, schema = changed
    cache.validated(kind, content, schema, lambda: calls.append("again"))
    assert calls == ["first", "again"]


def test_another_munigoals_version_validates_again(
    cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    cache.validated("concepts", b"{}", b"schema", lambda: calls.append("first"))
    monkeypatch.setattr(cache, "_version", lambda: "99.0")
    cache.validated("concepts", b"{}", b"schema", lambda: calls.append("again"))
    assert calls == ["first", "again"]


def test_a_failure_is_not_recorded(cache_folder: Path) -> None:
    def fail() -> None:
        raise ValueError("not valid")

    for _ in range(2):
        with pytest.raises(ValueError, match="not valid"):
            cache.validated("concepts", b"{}", b"schema", fail)
    assert not (cache_folder / "validated").exists() or not list((cache_folder / "validated").iterdir())


def test_an_unwritable_cache_validates_every_time_without_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("x")
    monkeypatch.setenv("MUNIGOALS_CACHE_DIR", str(blocker / "cache"))
    calls: list[str] = []
    for _ in range(2):
        cache.validated("concepts", b"{}", b"schema", lambda: calls.append("checked"))
    assert calls == ["checked", "checked"]


def test_the_cache_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MUNIGOALS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "munigoals"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored, as the spec says
    assert cache.cache_dir() == Path.home() / ".cache" / "munigoals"


def test_a_registry_edited_after_it_passed_is_checked_again(cache_folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "concepts.json"
    data = json.loads(_read_bytes(_DATA))
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_registry(path).concepts  # passes, and is recorded
    assert load_registry(path).concepts  # from the record
    data["concepts"][0]["polarity"] = "sideways"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(MunigoalsError, match="does not follow the schema"):
        load_registry(path)
    with pytest.raises(MunigoalsError, match="does not follow the schema"):
        load_registry(path)  # a failure is never recorded


def _site(root: Path, name: str, entry_points: str) -> Path:
    """A folder for sys.path holding one distribution that declares ``entry_points``."""
    info = root / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(entry_points)
    return root


@pytest.fixture
def scans(cache_folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each scan of the installed distributions, recorded; every call to ``installed`` a new process."""
    calls: list[str] = []
    real = cache._scan

    def counted(group: str) -> tuple[cache.Installed, list[tuple[str, int]]]:
        calls.append(group)
        return real(group)

    monkeypatch.setattr(cache, "_scan", counted)
    monkeypatch.setattr(cache, "_INSTALLED", _Forgetful())
    return calls


class _Forgetful(dict):  # type: ignore[type-arg]
    """An in-process memo that remembers nothing: each lookup reads the index as a new process would."""

    def __setitem__(self, key: object, value: object) -> None:
        self.last = value

    def __contains__(self, key: object) -> bool:
        return False

    def __getitem__(self, key: object) -> object:
        return self.last


def test_installed_entry_points_are_scanned_once_and_read_as_importlib_metadata_gives_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scans: list[str]
) -> None:
    monkeypatch.syspath_prepend(
        str(_site(tmp_path / "site", "demo-city", "[mg-test]\ndemo = demo_city:CITY\n"))
    )
    found = [cache.installed("mg-test") for _ in range(3)]
    assert scans == ["mg-test"]
    assert found[0] == found[2]
    assert found[0].entry_points == (cache.EntryPointRecord("demo", "demo_city:CITY", "demo-city", "1.0"),)


def test_installing_or_changing_a_distribution_scans_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scans: list[str]
) -> None:
    site = _site(tmp_path / "site", "demo-city", "[mg-test]\ndemo = demo_city:CITY\n")
    monkeypatch.syspath_prepend(str(site))
    assert len(cache.installed("mg-test").entry_points) == 1
    # another distribution installed beside it: a new folder in a folder on sys.path
    _site(tmp_path / "new", "other-city", "[mg-test]\nother = other_city:CITY\n")
    (tmp_path / "new" / "other-city-1.0.dist-info").rename(site / "other-city-1.0.dist-info")
    assert sorted(e.name for e in cache.installed("mg-test").entry_points) == ["demo", "other"]
    # a plugin's entry points rewritten in place (the folder's time may not change): the file's does
    entry_points = site / "demo-city-1.0.dist-info" / "entry_points.txt"
    entry_points.write_text("[mg-test]\nrenamed = demo_city:CITY\n")
    os.utime(entry_points, ns=(1, 1))
    assert sorted(e.name for e in cache.installed("mg-test").entry_points) == ["other", "renamed"]
    assert scans == ["mg-test"] * 3


def test_an_upgrade_in_place_is_seen_and_indexes_do_not_pile_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scans: list[str], cache_folder: Path
) -> None:
    site = _site(tmp_path / "site", "demo-city", "[mg-test]\ndemo = demo_city:CITY\n")
    monkeypatch.syspath_prepend(str(site))
    assert cache.installed("mg-test").entry_points[0].version == "1.0"
    metadata = site / "demo-city-1.0.dist-info" / "METADATA"
    metadata.write_text("Metadata-Version: 2.1\nName: demo-city\nVersion: 1.1\n")
    os.utime(metadata, ns=(1, 1))
    assert cache.installed("mg-test").entry_points[0].version == "1.1"
    for k in range(3):  # a folder on sys.path changes (an output written where the command runs)
        (site / f"out-{k}.csv").write_text("x")
        cache.installed("mg-test")
    assert len(scans) == 5
    assert len(list((cache_folder / "installed").iterdir())) == 1  # one index for this sys.path


def test_a_path_that_is_not_text_on_sys_path_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scans: list[str]
) -> None:
    site = _site(tmp_path / "site", "demo-city", "[mg-test]\ndemo = demo_city:CITY\n")
    monkeypatch.setattr(sys, "path", [site, *sys.path])  # a Path, as a script may put there
    assert [e.name for e in cache.installed("mg-test").entry_points] == ["demo"]


@pytest.mark.parametrize("damage", ["not json", '{"entry_points": 3}', '{"version": "1"}'])
def test_a_damaged_index_is_scanned_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scans: list[str], cache_folder: Path, damage: str
) -> None:
    monkeypatch.syspath_prepend(
        str(_site(tmp_path / "site", "demo-city", "[mg-test]\ndemo = demo_city:CITY\n"))
    )
    first = cache.installed("mg-test")
    (record,) = (cache_folder / "installed").iterdir()
    record.write_text(damage)
    assert cache.installed("mg-test") == first
    assert scans == ["mg-test"] * 2


def test_an_unwritable_cache_scans_every_time_without_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scans: list[str]
) -> None:
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("x")
    monkeypatch.setenv("MUNIGOALS_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.syspath_prepend(
        str(_site(tmp_path / "site", "demo-city", "[mg-test]\ndemo = demo_city:CITY\n"))
    )
    assert cache.installed("mg-test") == cache.installed("mg-test")
    assert scans == ["mg-test"] * 2


def test_the_installed_plugins_load_without_importing_importlib_metadata(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom munigoals.plugins import PluginHost\nhost = PluginHost()\n"
        "print('importlib.metadata' in sys.modules, sorted(c.slug for c in host.cities), file=sys.stderr)"
    )
    env = {**os.environ, "MUNIGOALS_CACHE_DIR": str(tmp_path / "cache")}
    quiet = tmp_path / "here"  # the folder it runs in is on sys.path: one nothing else writes to
    quiet.mkdir()
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env, cwd=quiet
        )
        for _ in range(2)
    ]
    first, second = (run.stderr.splitlines()[-1] for run in runs)
    assert first.startswith("True") and second.startswith("False")  # scanned once, then from the index
    assert first.split(" ", 1)[1] == second.split(" ", 1)[1]  # the same cities either way
    assert "suzaka" in second and "ueda" in second


_IMPORTS = """
import sys
from munigoals.cli import main
sys.argv = ["munigoals", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(*sorted(m for m in sys.modules if m.split(".")[0] in {watched!r}), file=sys.stderr)
"""

#: Modules that cost a start-up of their own, and which commands may import them.
WATCHED = {
    "polars", "altair", "jsonschema", "charset_normalizer", "pluggy", "munigoals_ueda", "munigoals_suzaka",
    "vl_convert", "xlsxwriter", "rich", "rapidfuzz", "pypdfium2", "python_calamine",
}  # fmt: skip


def _imported(args: list[str], cache_dir: Path) -> set[str]:
    env = {**os.environ, "MUNIGOALS_CACHE_DIR": str(cache_dir)}
    code = _IMPORTS.format(watched=sorted(WATCHED))
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, env=env
    )
    return {name.split(".")[0] for name in proc.stderr.splitlines()[-1].split()}


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["--help"], set()),
        (["table", "--help"], set()),
        # bundled data is printed from plain values: no Polars for the terminal table or JSON
        (["table", "indicators", "--city", "suzaka"], {"pluggy", "munigoals_suzaka"}),
        (["table", "values", "--format", "jsonl"], {"pluggy", "munigoals_suzaka", "munigoals_ueda"}),
        (
            ["table", "indicators", "--city", "ueda", "--format", "csv"],
            {"polars", "pluggy", "munigoals_ueda"},
        ),
        # the layout specs the plugins ship passed their schema on the first run: not validated again
        (["compare", "--format", "jsonl"], {"polars", "pluggy", "munigoals_suzaka", "munigoals_ueda"}),
    ],
)
def test_a_command_imports_only_what_it_uses(tmp_path: Path, args: list[str], allowed: set[str]) -> None:
    _imported(args, tmp_path)  # the first run fills the cache of validated data
    assert _imported(args, tmp_path) - allowed == set()


def test_the_concept_registry_is_not_validated_when_it_passed_before(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom munigoals.registry import load_registry\nload_registry()\n"
        "print('jsonschema' in sys.modules, file=sys.stderr)"
    )
    env = {**os.environ, "MUNIGOALS_CACHE_DIR": str(tmp_path)}
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
        for _ in range(2)
    ]
    assert [run.stderr.split()[-1] for run in runs] == ["True", "False"]


_LAUNCH = """
import sys
from munigoals.launch import main
sys.argv = ["munigoals", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
print("click" in sys.modules, "polars" in sys.modules, code, file=sys.stderr)
"""


def _launch(args: list[str], cache_dir: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", _LAUNCH, *args],
        capture_output=True,
        timeout=120,
        env={**os.environ, "MUNIGOALS_CACHE_DIR": str(cache_dir), **env},
    )


def _click_help(**env: str) -> bytes:
    code = "import sys; from munigoals.cli import main; sys.argv = ['munigoals', '--help']; main()"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, timeout=120, env={**os.environ, **env}, check=True
    ).stdout


@pytest.mark.parametrize("columns", ["100", "61"])
def test_help_from_the_record_is_the_bytes_click_prints_and_loads_no_click(
    tmp_path: Path, columns: str
) -> None:
    expected = _click_help(COLUMNS=columns)
    first = _launch(["--help"], tmp_path, COLUMNS=columns)
    second = _launch(["-h"], tmp_path, COLUMNS=columns)
    assert first.stdout == expected
    assert second.stdout == expected
    assert first.stderr.split()[-3:] == [b"True", b"False", b"0"]  # the first renders it with click
    assert second.stderr.split()[-3:] == [b"False", b"False", b"0"]  # the second needs no click


def test_help_for_another_width_is_not_taken_from_the_record(tmp_path: Path) -> None:
    _launch(["--help"], tmp_path, COLUMNS="100")
    narrow = _launch(["--help"], tmp_path, COLUMNS="61")
    assert narrow.stdout == _click_help(COLUMNS="61") != _click_help(COLUMNS="100")


@pytest.mark.parametrize("damage", ["truncated", "other click"])
def test_a_damaged_or_stale_record_is_not_used(tmp_path: Path, damage: str) -> None:
    _launch(["--help"], tmp_path)
    (record,) = (tmp_path / "help").iterdir()
    if damage == "truncated":
        record.write_bytes(record.read_bytes()[:40])
    else:
        data = json.loads(record.read_text(encoding="utf-8"))
        data["click"][2] += 1  # click's file was replaced since: an upgrade may render help otherwise
        data["text"] = "stale help\n"
        record.write_text(json.dumps(data), encoding="utf-8")
    again = _launch(["--help"], tmp_path)
    assert again.stdout == _click_help()
    assert again.stderr.split()[-3:] == [b"True", b"False", b"0"]
    assert _launch(["--help"], tmp_path).stderr.split()[-3:] == [b"False", b"False", b"0"]  # recorded anew


def test_help_with_an_unwritable_cache_is_printed_all_the_same(tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("x")
    for _ in range(2):
        run = _launch(["--help"], blocker / "cache")
        assert run.stdout == _click_help()
        assert run.stderr.split()[-1] == b"0"


def test_other_commands_go_to_the_command_line(tmp_path: Path) -> None:
    _launch(["--help"], tmp_path)
    run = _launch(["table", "--help"], tmp_path)
    assert b"Print table NAME" in run.stdout
    assert run.stderr.split()[-3:] == [b"True", b"False", b"0"]


def test_a_city_that_reads_no_progress_report_does_not_load_their_grammar(tmp_path: Path) -> None:
    env = {**os.environ, "MUNIGOALS_CACHE_DIR": str(tmp_path)}
    code = _IMPORTS.replace('m.split(".")[0] in {watched!r}', "m.startswith('munigoals.reports')")
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, "table", "indicators", "--city", "suzaka"],
            capture_output=True, text=True, timeout=120, env=env,
        )
        for _ in range(2)
    ]  # fmt: skip
    assert runs[-1].stderr.splitlines()[-1].split() == []
    # and a plugin that asks for a name of it gets the very object the grammar defines
    from munigoals import reports, sdk  # noqa: F401

    # the names a type checker sees (sdk's TYPE_CHECKING imports) are the names read on first use
    tree = ast.parse(Path(sdk.__file__).read_text(encoding="utf-8"))
    checked = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    typed = {
        alias.name: node.module.removeprefix("munigoals.reports.")
        for node in checked.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }
    assert typed == sdk._REPORTS
    for name, module in sdk._REPORTS.items():
        assert name in sdk.__all__
        assert getattr(sdk, name) is getattr(__import__(f"munigoals.reports.{module}", fromlist=[name]), name)
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        sdk.nothing_here  # noqa: B018


# -- the terminal comparison of the data the plugins ship, kept until a file it is made from changes --


def _compare(cache_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    code = _IMPORTS.format(watched=["polars"])
    env = {**os.environ, "MUNIGOALS_CACHE_DIR": str(cache_dir), "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-c", code, "compare", *args], capture_output=True, text=True, timeout=120, env=env
    )


def _printed(run: subprocess.CompletedProcess[str]) -> tuple[str, list[str]]:
    """What a run printed: its standard output, and its stderr without the module list."""
    return run.stdout, run.stderr.splitlines()[:-1]


def test_the_shipped_comparison_is_printed_from_its_record_as_it_was_made_without_polars(
    tmp_path: Path,
) -> None:
    first, second = _compare(tmp_path), _compare(tmp_path)
    assert first.returncode == second.returncode == 0
    assert "polars" in first.stderr.splitlines()[-1]  # made by the comparison engine
    assert second.stderr.splitlines()[-1] == ""  # printed from the record
    assert _printed(first) == _printed(second)
    assert "ueda" in first.stdout and "suzaka" in first.stdout
    # other options are other records; documents to read and other formats are never kept
    narrowed = _compare(tmp_path, "--city", "ueda", "--city", "suzaka", "--target", "interim")
    assert "polars" in narrowed.stderr.splitlines()[-1]
    assert "polars" in _compare(tmp_path, "--format", "jsonl").stderr.splitlines()[-1]


def test_a_damaged_comparison_record_is_made_again(tmp_path: Path) -> None:
    expected = _printed(_compare(tmp_path))
    (record,) = (tmp_path / "results").iterdir()
    damages = (
        b"",
        b'{"value": [["city"], ["String"], [["x", "y"]], "", []]}',
        b"\xff\x00",
        b'{"value": {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}}',
        b'{"value": [["a"], ["x"], [[1]], "f", "notes"]}',
        b'{"value": [["a", "b"], ["x"], [[1, 2]], "f", []]}',
    )
    for damage in damages:
        record.write_bytes(damage)
        again = _compare(tmp_path)
        assert _printed(again) == expected
        assert "polars" in again.stderr.splitlines()[-1]


def test_file_stamps_change_with_any_file_and_leave_out_byte_code(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "__pycache__").mkdir(parents=True)
    (package / "data").mkdir()
    (package / "mod.py").write_text("x = 1\n")
    (package / "data" / "t.jsonl").write_text("{}\n")
    before = cache.file_stamps([package])
    (package / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"byte code")
    assert cache.file_stamps([package]) == before
    (package / "data" / "t.jsonl").write_text('{"a": 1}\n')  # another size
    changed = cache.file_stamps([package])
    assert changed != before
    os.utime(package / "mod.py", ns=(1, 1))  # the same size, another time
    assert cache.file_stamps([package]) != changed
    (package / "new.py").write_text("")
    assert len(cache.file_stamps([package]) or []) == 3
    assert cache.file_stamps([tmp_path / "gone"]) is None


def test_what_the_shipped_comparison_is_made_from_covers_every_plugin_and_its_data() -> None:
    from munigoals.plugins import PluginHost, default_host

    host = default_host()
    sources = host.sources()
    assert sources is not None
    folders = {path.name for path in sources}
    assert {"munigoals_ueda", "munigoals_suzaka"} <= folders
    assert all(city.data_dir in sources for city in host.cities if city.data_dir is not None)

    class InProcess:  # an object no file describes: nothing vouches for its answers
        pass

    composed = PluginHost(load_entry_points=False)
    composed.pm.register(InProcess(), "made-here")
    assert composed.sources() is not None  # its class's module is this file
    from munigoals.cli import _shipped_key

    assert _shipped_key(composed, []) is None  # but a host composed in-process is never kept
    assert cache.recall("compare-table", ["no such key"]) is None


def test_keep_and_recall_are_whole_or_nothing(cache_folder: Path) -> None:
    cache.keep("trial", ["k"], {"rows": [1, 2.5, None, "上田"]})
    assert cache.recall("trial", ["k"]) == {"rows": [1, 2.5, None, "上田"]}
    assert cache.recall("trial", ["other"]) is None
    cache.keep("trial", ["nan"], [float("nan")])  # JSON cannot hold it: not kept, no error
    assert cache.recall("trial", ["nan"]) is None
    cache.keep("trial", ["object"], [object()])  # nor a value of no JSON type
    assert cache.recall("trial", ["object"]) is None
    assert not list((cache_folder / "results").glob("*.part"))

"""A misbehaving plugin is contained: one line naming the plugin and the document, and the other
documents and plugins go on."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest

from munigoals import sdk
from munigoals.api import parse
from munigoals.plugins import PluginHost
from tests import fake_city
from tests.test_cli_process import assert_one_line_error

OTHER = sdk.Municipality("other", "他市", "Other", "202070", "長野県")


def plugin_with(
    read: Callable[..., object] | None = None, sniff: Callable[[str], float] | None = None
) -> object:
    """A city plugin 'odd' whose one layout reads ODDPLAN documents in the way given."""
    layout = sdk.Layout(
        "odd.lines",
        "a misbehaving layout",
        sniff or (lambda head: 0.9 if head.startswith("ODDPLAN") else 0.0),
        read or (lambda text, document, municipality: fake_city.parse(text, document, municipality)),  # type: ignore[arg-type]
    )

    class Odd:
        CITY = sdk.City(sdk.Municipality("odd", "奇市", "Odd", "202037", "長野県"))

        @sdk.hookimpl
        def munigoals_layouts(self) -> list[sdk.Layout]:
            return [layout]

    return Odd()


@pytest.fixture
def docs(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    good = tmp_path / "good.txt"
    good.write_text(fake_city.FIXTURE, encoding="utf-8")
    odd = tmp_path / "odd.txt"
    odd.write_text(fake_city.FIXTURE.replace("FAKEPLAN", "ODDPLAN"), encoding="utf-8")
    yield good, odd


def run_both(plugin: object, docs: tuple[Path, Path]) -> list[str]:
    host = PluginHost.only(fakecity=fake_city, odd=plugin)
    run = parse(list(docs), host=host)
    assert [d.document.id for d in run.documents] == ["good.txt"], "the other document goes on"
    return [str(issue) for issue in run.issues if issue.severity == "error"]


def _raise(exc: BaseException) -> Callable[..., object]:
    def read(text: str, document: sdk.Document, municipality: sdk.Municipality) -> object:
        raise exc

    return read


@pytest.mark.parametrize(
    ("read", "needle"),
    [
        (_raise(ValueError("bad cell")), "failed on"),
        (_raise(SystemExit(3)), "SystemExit"),
        (lambda text, document, municipality: "not a result", "returned str, not ParseResult"),
        (lambda text, document, municipality: sdk.ParseResult(("plan",)), "returned a str among its plans"),  # type: ignore[arg-type]
        (
            lambda text, document, municipality: attrs.evolve(
                fake_city.parse(text, document, municipality),
                plans=tuple(attrs.evolve(p, municipality=OTHER) for p in fake_city.parse(text, document, municipality).plans),
            ),
            "returned rows for 'other'",
        ),
    ],
)  # fmt: skip
def test_a_reader_fault_is_one_line_naming_plugin_and_document(
    docs: tuple[Path, Path], read: Callable[..., object], needle: str
) -> None:
    errors = run_both(plugin_with(read=read), docs)
    assert len(errors) == 1 and needle in errors[0]
    assert "plugin 'odd'" in errors[0] and "odd.txt" in errors[0]


def test_a_hanging_reader_is_stopped(docs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    def hang(text: str, document: sdk.Document, municipality: sdk.Municipality) -> object:
        while True:
            pass

    monkeypatch.setenv("MUNIGOALS_READ_TIMEOUT", "0.3")
    errors = run_both(plugin_with(read=hang), docs)
    assert len(errors) == 1 and "took more than 0.3 s" in errors[0] and "plugin 'odd'" in errors[0]


@pytest.mark.parametrize("score", [float("nan"), 1e9, -1.0, float("inf")])
def test_a_sniff_out_of_range_takes_nothing(docs: tuple[Path, Path], score: float) -> None:
    host = PluginHost.only(fakecity=fake_city, odd=plugin_with(sniff=lambda head: score))
    run = parse([docs[0]], host=host)
    assert [d.city.slug for d in run.documents] == ["fakecity"]
    errors = [str(i) for i in run.issues if i.severity == "error"]
    assert len(errors) == 1 and "plugin 'odd'" in errors[0] and "not a number from 0 to 1" in errors[0]


def test_a_sniff_that_raises_is_ignored(docs: tuple[Path, Path]) -> None:
    def boom(head: str) -> float:
        raise SystemExit(1)

    run = parse([docs[0]], host=PluginHost.only(fakecity=fake_city, odd=plugin_with(sniff=boom)))
    assert [d.city.slug for d in run.documents] == ["fakecity"]
    assert any("failed to sniff" in str(i) for i in run.issues)


def test_a_city_value_raising_system_exit_fails_that_plugin_only() -> None:
    class Exits:
        @property
        def CITY(self) -> sdk.City:  # read by the host as it loads
            raise SystemExit(2)

    host = PluginHost.only(fakecity=fake_city, exits=Exits())
    assert [c.slug for c in host.cities] == ["fakecity"]
    assert [f.name for f in host.failures] == ["exits"] and "SystemExit" in host.failures[0].reason


def _odd_city(**members: object) -> object:
    """A plugin object 'odd' with these members (a ``CITY``, a hook...)."""
    return type("Odd", (), members)()


def _property(exc: BaseException) -> property:
    def read(self: object) -> sdk.City:
        raise exc

    return property(read)


def _layouts_hook(answer: Callable[[], object]) -> object:
    @sdk.hookimpl
    def munigoals_layouts(self: object) -> object:
        return answer()

    return munigoals_layouts


_ODD = sdk.City(sdk.Municipality("odd", "奇市", "Odd", "202029", "長野県"))
_ODD_LAYOUT = attrs.evolve(fake_city.FAKE_LAYOUT, name="odd.lines")


@pytest.mark.parametrize(
    ("members", "needle"),
    [
        ({"CITY": _property(RuntimeError("no value here"))}, "RuntimeError: no value here"),
        ({"CITY": _property(SystemExit(3))}, "SystemExit: 3"),
        ({"CITY": "奇市"}, "CITY is a str, not an sdk.City: describe the city as CITY = sdk.City(...)"),
        ({"CITY": None}, "CITY is a NoneType, not an sdk.City"),
        ({"CITY": _ODD, "munigoals_layouts": _layouts_hook(lambda: sys.exit(4))}, "SystemExit: 4"),
        ({"CITY": _ODD, "munigoals_layouts": _layouts_hook(lambda: 1 / 0)}, "ZeroDivisionError"),
        ({"CITY": _ODD, "munigoals_layouts": _layouts_hook(lambda: ["odd.lines"])}, "munigoals_layouts returned str, not Layout"),
        ({"CITY": _ODD, "munigoals_layouts": _layouts_hook(lambda: 7)}, "munigoals_layouts returned int, not a list of Layout"),
        ({"CITY": _ODD, "munigoals_layouts": _layouts_hook(lambda: _ODD_LAYOUT)}, "returned Layout, not a list of Layout"),
        ({"CITY": sdk.City(_ODD.municipality, layouts=["nowhere.lines"])}, "CITY names layouts no plugin provides: nowhere.lines"),
        ({"CITY": sdk.City(_ODD.municipality, data_dir=Path("/nonexistent/odd"))}, "which is not a folder"),
        ({"CITY": sdk.City(fake_city.MUNICIPALITY)}, "city slug 'fakecity' is already provided by 'fakecity'"),
    ],
)  # fmt: skip
def test_a_city_value_or_layouts_hook_that_misbehaves_fails_that_plugin_only_in_one_line(
    members: dict[str, object], needle: str, docs: tuple[Path, Path]
) -> None:
    host = PluginHost.only(fakecity=fake_city, odd=_odd_city(**members))
    assert [c.slug for c in host.cities] == ["fakecity"]
    assert [f.name for f in host.failures] == ["odd"]
    reason = host.failures[0].reason
    assert needle in reason and "\n" not in reason and "Traceback" not in reason
    assert len(parse([docs[0]], host=host).tables["indicators"]) == 4  # the other city reads on


def test_a_city_value_made_wrongly_is_refused_where_it_is_made() -> None:
    with pytest.raises(TypeError, match=r"City\(municipality=\.\.\.\) must be an sdk.Municipality, not str"):
        sdk.City("odd")  # type: ignore[arg-type]
    with pytest.raises(
        TypeError, match=r"City\(documents=\.\.\.\) must hold sdk.KnownDocument values, not str"
    ):
        sdk.City(_ODD.municipality, documents=["odd.txt"])  # type: ignore[list-item]
    with pytest.raises(
        TypeError, match=r"City\(population=\.\.\.\) must hold sdk.PopulationFigure values, not int"
    ):
        sdk.City(_ODD.municipality, population=[5])  # type: ignore[list-item]
    with pytest.raises(
        TypeError, match=r"City\(concepts=\.\.\.\) must hold sdk.ConceptMapping or sdk.Concept values"
    ):
        sdk.City(_ODD.municipality, concepts=["sns_followers"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"City\(layouts=\.\.\.\) must hold sdk.str values, not int"):
        sdk.City(_ODD.municipality, layouts=[1])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"City\(data_dir=\.\.\.\) must be a folder's path or None, not int"):
        sdk.City(_ODD.municipality, data_dir=3)  # type: ignore[arg-type]
    with pytest.raises(
        TypeError, match=r"City\(plans=\.\.\.\) must hold \(title, \(first year, last year\)\) pairs"
    ):
        sdk.City(_ODD.municipality, plans=[("計画", 2030)])  # type: ignore[list-item]
    assert (
        sdk.City(_ODD.municipality, data_dir=str(Path.cwd())).data_dir == Path.cwd()
    )  # a string names a folder


@pytest.mark.parametrize(
    ("members", "needle"),
    [
        ({"munigoals_municipality": lambda self: _ODD.municipality}, "implements munigoals_municipality, which munigoals no longer calls"),
        ({"CITY": _ODD, "munigoals_documents": lambda self: []}, "implements munigoals_documents, which munigoals no longer calls"),
        ({"munigoals_population": lambda self: [], "munigoals_bundled_data": lambda self: None}, "implements munigoals_bundled_data, munigoals_population, which"),
        ({"munigoals_city_layouts": lambda self: ["fakecity.lines"]}, "munigoals_city_layouts"),
        ({"munigoals_concepts": lambda self: []}, "munigoals_concepts"),
        ({"CITY": _ODD, "munigoals_colours": lambda self: []}, "implements munigoals_colours, which is no munigoals hook (the hooks are munigoals_block_readers, munigoals_layouts)"),
    ],
)  # fmt: skip
def test_a_plugin_implementing_a_hook_munigoals_does_not_have_fails_saying_what_to_do(
    members: dict[str, object], needle: str, docs: tuple[Path, Path]
) -> None:
    hooks = {name: sdk.hookimpl(member) if callable(member) and name.startswith("munigoals_") else member
             for name, member in members.items()}  # fmt: skip
    host = PluginHost.only(fakecity=fake_city, odd=_odd_city(**hooks))
    assert [c.slug for c in host.cities] == ["fakecity"]
    assert [f.name for f in host.failures] == ["odd"]
    reason = host.failures[0].reason
    assert needle in reason and "\n" not in reason
    if "no longer calls" in reason:
        assert "describe it as CITY = sdk.City(...)" in reason
    assert host.pm.get_plugin("odd") is None  # not half-registered: none of its hooks is called
    assert len(parse([docs[0]], host=host).tables["indicators"]) == 4
    host.unregister("odd")
    assert host.failures == ()


def _site(tmp_path: Path, plugins: dict[str, tuple[str, str]]) -> Path:
    """A site folder of distributions (name -> (module source, entry points text))."""
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    for dist, (source, entry_points) in plugins.items():
        module = dist.replace("-", "_")
        (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        info = site / f"{module}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text(textwrap.dedent(entry_points))
    return site


def _cli(*args: str, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "munigoals", *args],
        capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(site)},
    )  # fmt: skip


def test_an_entry_point_name_that_clashes_names_both_distributions(tmp_path: Path) -> None:
    site = _site(tmp_path, {"fake-ueda": ("X = 1\n", "[munigoals]\nueda = fake_ueda\n")})
    proc = _cli("cities", site=site)
    assert "claimed by fake-ueda and munigoals-ueda" in proc.stdout
    assert_one_line_error(_cli("cities", "--check", site=site), 1, "claimed by fake-ueda and munigoals-ueda")
    assert_one_line_error(_cli("table", "indicators", "--city", "ueda", site=site), 1, "failed to load")


def test_a_plugin_that_fails_to_import_is_named_where_its_documents_are_refused(tmp_path: Path) -> None:
    site = _site(
        tmp_path, {"broken-city": ("raise RuntimeError('boom')\n", "[munigoals]\nbroken = broken_city\n")}
    )
    doc = tmp_path / "x.txt"
    doc.write_text("吾輩は猫である。\n", encoding="utf-8")
    proc = _cli("parse", str(doc), site=site)
    assert_one_line_error(proc, 1, "no plugin recognises")
    assert "plugins that failed to load: broken" in proc.stderr
    assert _cli("cities", site=site).returncode == 0
    assert_one_line_error(_cli("cities", "--check", site=site), 1, "broken: failed to import")


CRASHING = """
    import os
    from munigoals import sdk

    def _read(text, document, municipality):
        if "BOOM" in text:
            os._exit(9)  # a plugin that takes the interpreter down with it
        raise ValueError("no plan here")

    LAYOUT = sdk.Layout("crashy.lines", "crashes on BOOM", lambda head: 0.9 if head.startswith("CRASHY") else 0.0, _read)

    CITY = sdk.City(sdk.Municipality("crashy", "壊市", "Crashy", "202029", "長野県"))

    @sdk.hookimpl
    def munigoals_layouts():
        return [LAYOUT]
"""


OLD_STYLE = """
    from munigoals import sdk

    @sdk.hookimpl
    def munigoals_municipality():
        return sdk.Municipality("oldstyle", "旧市", "Old Style", "202029", "長野県")

    @sdk.hookimpl
    def munigoals_documents():
        return []
"""


def test_installed_plugins_that_are_no_city_value_fail_in_one_line_and_the_others_load(
    tmp_path: Path,
) -> None:
    site = _site(
        tmp_path,
        {
            "old-style": (OLD_STYLE, "[munigoals]\noldstyle = old_style\n"),
            "not-a-city": ("CITY = '旧市'\n", "[munigoals]\nnotacity = not_a_city\n"),
            "bad-value": ("from munigoals import sdk\nCITY = sdk.City('旧市')\n", "[munigoals]\nbadvalue = bad_value\n"),
        },
    )  # fmt: skip
    listed = _cli("cities", site=site)
    assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr
    assert "須坂市 (Suzaka" in listed.stdout and "上田市 (Ueda" in listed.stdout  # the others load
    failed = {line.split()[0]: line for line in listed.stdout.splitlines() if "[failed]" in line}
    assert set(failed) == {"oldstyle", "notacity", "badvalue"}
    assert (
        "implements munigoals_documents, munigoals_municipality, which munigoals no longer calls"
        in failed["oldstyle"]
    )
    assert "describe it as CITY = sdk.City(...)" in failed["oldstyle"]
    assert "CITY is a str, not an sdk.City" in failed["notacity"]
    assert (
        "failed to import bad_value: TypeError: City(municipality=...) must be an sdk.Municipality"
        in failed["badvalue"]
    )
    checked = _cli("cities", "--check", site=site)
    assert_one_line_error(checked, 1, "3 plugin problem(s): ")
    for name in failed:
        assert f"{name}: " in checked.stderr


def test_a_worker_killed_by_a_plugin_is_named_with_its_document(tmp_path: Path) -> None:
    site = _site(tmp_path, {"crashy": (CRASHING, "[munigoals]\ncrashy = crashy\n")})
    folder = tmp_path / "docs"
    folder.mkdir()
    from tests.plugins_seeds import SUZAKA_PAGES

    for k in range(6):
        (folder / f"good{k}.txt").write_text(SUZAKA_PAGES, encoding="utf-8")
    (folder / "bad.txt").write_text("CRASHY\nBOOM\n", encoding="utf-8")
    proc = _cli("parse", str(folder), "-j", "2", "--format", "jsonl", site=site)
    assert proc.returncode == 0, proc.stderr
    assert "worker process died while reading" in proc.stderr and "bad.txt" in proc.stderr
    assert len(proc.stdout.splitlines()) == 6 * 6  # every good document's rows


def test_debug_shows_the_traceback_of_a_failing_reader(tmp_path: Path) -> None:
    site = _site(tmp_path, {"crashy": (CRASHING, "[munigoals]\ncrashy = crashy\n")})
    doc = tmp_path / "plan.txt"
    doc.write_text("CRASHY\nnothing\n", encoding="utf-8")
    quiet = _cli("parse", str(doc), site=site)
    assert (
        "Traceback" not in quiet.stderr
        and "plugin 'crashy'" in quiet.stderr
        and "no plan here" in quiet.stderr
    )
    loud = _cli("--debug", "parse", str(doc), site=site)
    assert "Traceback" in loud.stderr and "ValueError: no plan here" in loud.stderr


def _doubled(job: tuple[int, ...]) -> int:
    return job[0] * 2


def test_a_pool_that_breaks_between_two_results_loses_no_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker can die while the main process is handing out the next document: the pool then refuses
    new work. That document is read again in a new pool, like those in flight, not an internal error."""
    from concurrent.futures.process import BrokenProcessPool

    from munigoals import reading

    calls = {"n": 0}
    new_pool = reading._new_pool

    def breaking_pool(workers: int):  # type: ignore[no-untyped-def]
        pool = new_pool(workers)
        submit = pool.submit

        def refusing(fn, job):  # type: ignore[no-untyped-def]
            calls["n"] += 1
            if calls["n"] == 20:  # after the first window: while results are being handed out
                raise BrokenProcessPool("a worker died")
            return submit(fn, job)

        pool.submit = refusing  # type: ignore[method-assign]
        return pool

    monkeypatch.setattr(reading, "_new_pool", breaking_pool)
    monkeypatch.setattr(reading, "_parse_in_worker", _doubled)
    jobs = [(k,) for k in range(40)]
    assert list(reading._in_workers(jobs, 2)) == [2 * k for k in range(40)]  # type: ignore[arg-type]

"""The contract test kit: what every city plugin must honour, as tests a plugin runs in its own suite.

A pytest plugin (registered through the ``pytest11`` entry point, as pytest and datasette ship theirs).
A city plugin subclasses :class:`CityContract` in its tests and names itself and its fixtures::

    from pathlib import Path

    import munigoals_kiso
    from munigoals.testing import CityContract

    class TestKisoContract(CityContract):
        plugin = munigoals_kiso
        fixtures = (Path(__file__).parent / "fixtures" / "plan.txt",)

The contract: the municipality is valid (JIS X 0402 check digit); layout names are unique and the
plugin's own (``<slug>.<layout>``); every layout's sniff returns a finite number from 0 to 1, on its
fixtures and on text that is no plan; the fixtures are read by this city and yield only its own rows,
every line cited inside the document and every number of a row standing in the lines it spans (``line``
to ``last_line``); its layout specs follow the schema (:mod:`munigoals.specs`); the
bundled data follows the table schemas and (where the corpus is at hand) matches a rebuild; and the
plugin imports nothing of munigoals but :mod:`munigoals.sdk`.
"""

from __future__ import annotations

import ast
import math
import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, ClassVar

import pytest

from munigoals.quantities import number_in_parts

if TYPE_CHECKING:
    from munigoals.api import ParseRun
    from munigoals.plugins import PluginHost

__all__ = ["CityContract", "numbers_in"]

_NOT_PLANS = (
    "",
    "吾輩は猫である。名前はまだ無い。\n",
    "id,name,value\n1,a,2\n",
    "# README\n\nInstall with pip.\n",
    "\t\t\n" * 50,
)
#: Tables whose numbers must stand in the line a row cites, and their number columns.
NUMBER_COLUMNS = {
    "indicators": ("baseline_value", "target_value"),
    "targets": ("target_value", "actual_value"),
    "observations": ("value",),
}


def numbers_in(text: str) -> set[float]:
    """Every number written in digits in ``text`` (after NFKC, as a reader of the plain text sees it;
    thousands separators allowed): ``①8地域`` reads 18, so a row cannot cite an 8 there. A number
    written in parts is also the one number it writes in its larger part's unit (``1億2千万円``: 1.2)."""
    norm = unicodedata.normalize("NFKC", text).replace(",", "")
    found = {round(float(token), 6) for token in re.findall(r"\d+(?:\.\d+)?", norm)}
    for head, big, rest, marks in re.findall(r"(\d+)([億万])(\d+)([十百千万]*)", norm):
        if (value := number_in_parts(float(head), big, rest, marks)) is not None:
            found.add(round(value, 6))
    return found


class CityContract:
    """Tests every city plugin must pass; subclass it with ``plugin`` and ``fixtures`` set.

    Attributes:
        plugin: The plugin module (the one its entry point names).
        fixtures: Documents in the city's layouts, written in the city's own words for the tests.
        sources: File names of the documents the bundled data is built from (``build_data.SOURCES``).
        corpus: Folder holding ``sources``; default ``$MUNIGOALS_CORPUS``. Without it the rebuild
            check is skipped, saying why.
    """

    plugin: ClassVar[ModuleType]
    fixtures: ClassVar[Sequence[Path]] = ()
    sources: ClassVar[Sequence[str]] = ()
    corpus: ClassVar[Path | None] = None

    # -- helpers -------------------------------------------------------------------------------------
    def _municipality(self) -> object:
        from munigoals.specs import City

        value = getattr(self.plugin, "CITY", None)
        assert isinstance(value, City), (
            f"{self.plugin.__name__}.CITY is {type(value).__name__}, not an sdk.City: "
            "describe the city as CITY = sdk.City(...)"
        )
        return value.municipality

    def _slug(self) -> str:
        return str(self._municipality().slug)  # type: ignore[attr-defined]

    def _host(self) -> PluginHost:
        from munigoals.plugins import PluginHost

        return PluginHost.only(**{self._slug(): self.plugin})

    def _run(self, fixture: Path) -> ParseRun:
        from munigoals.api import parse

        return parse([fixture], host=self._host())

    # -- the contract --------------------------------------------------------------------------------
    def test_the_plugin_loads_with_a_valid_municipality(self) -> None:
        from munigoals.model import Municipality, municipality_code_check_digit

        municipality = self._municipality()
        assert isinstance(municipality, Municipality)
        assert municipality_code_check_digit(municipality.code[:5]) == int(municipality.code[5])
        host = self._host()
        assert host.failures == (), host.failures
        assert [city.slug for city in host.cities] == [municipality.slug]

    def test_layout_names_are_unique_and_the_plugins_own(self) -> None:
        host = self._host()
        city = host.city(self._slug())
        from munigoals.plugins import spec_folder
        from munigoals.specs import specs_in

        provided = list(getattr(self.plugin, "munigoals_layouts", lambda: [])())
        names = [layout.name for layout in provided]
        names += [spec.name for spec in specs_in(spec_folder(self.plugin), host.block_readers)]
        assert len(names) == len(set(names)), f"layout names repeat: {names}"
        assert all(name.startswith(f"{city.slug}.") for name in names), names
        assert city.layouts, "the city names no layout its documents come in"

    def test_sniff_is_a_finite_number_from_0_to_1(self) -> None:
        from munigoals.layouts import sniff_head

        texts = [*_NOT_PLANS, *(f.read_text(encoding="utf-8") for f in self.fixtures)]
        for layout in self._host().city(self._slug()).layouts:
            for text in texts:
                score = layout.sniff(sniff_head(text))
                assert isinstance(score, int | float) and math.isfinite(score) and 0 <= score <= 1, (
                    f"{layout.name} scored {score!r}"
                )
            for text in _NOT_PLANS:
                assert layout.sniff(sniff_head(text)) < 0.5, f"{layout.name} claims text that is no plan"

    def test_fixtures_are_read_as_this_citys_documents(self) -> None:
        assert self.fixtures, "name fixtures: documents in the city's layouts, in its own words"
        for fixture in self.fixtures:
            run = self._run(fixture)
            assert [d.city.slug for d in run.documents] == [self._slug()], fixture
            assert run.plans, f"{fixture.name}: no plan read"
            for name, frame in run.tables.items():
                if "city" in frame.columns and len(frame):
                    assert set(frame["city"]) == {self._slug()}, f"{name} holds rows of other cities"
            faults = [i for i in run.issues if "plugin" in i.message and i.severity == "error"]
            assert not faults, faults

    def test_every_cited_line_is_inside_the_document(self) -> None:
        for fixture in self.fixtures:
            lines = len(fixture.read_text(encoding="utf-8").split("\n"))
            run = self._run(fixture)
            for name, frame in run.tables.items():
                if "line" in frame.columns and len(frame):
                    cited = [int(n) for n in frame["line"].drop_nulls()]
                    assert min(cited) >= 1 and max(cited) <= lines, name
            for issue in run.issues:
                assert 1 <= issue.span.first_line <= issue.span.last_line <= lines, str(issue)

    def test_every_number_stands_in_the_text_it_cites(self) -> None:
        for fixture in self.fixtures:
            lines = fixture.read_text(encoding="utf-8").split("\n")
            run = self._run(fixture)
            misplaced: list[str] = []
            for table, columns in NUMBER_COLUMNS.items():
                frame = run.tables[table]
                if "provenance" in frame.columns:
                    frame = frame.filter(frame["provenance"] != "derived")
                for row in frame.iter_rows(named=True):
                    # the whole span of the row: a row whose cells stand one a line spans many lines
                    last = row.get("last_line") or row["line"]
                    near = numbers_in(" ".join(lines[row["line"] - 1 : last]))
                    for column in columns:
                        value = row[column]
                        if value is not None and round(float(value), 6) not in near:
                            misplaced.append(f"{fixture.name}:{row['line']}: {table}.{column} = {value}")
            assert not misplaced, "numbers not in the lines they cite: " + "; ".join(misplaced)

    def test_layout_specs_follow_the_schema(self) -> None:
        from munigoals.plugins import spec_folder
        from munigoals.specs import SpecError, load_spec

        folder = spec_folder(self.plugin)
        specs = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        if not specs:
            pytest.skip(f"the plugin ships no layout specs (none in {folder})")
        host = self._host()
        problems: list[str] = []
        for path in specs:
            try:
                spec = load_spec(path, host.block_readers)
            except SpecError as exc:
                problems.append(str(exc))
                continue
            assert spec.name.startswith(f"{self._slug()}."), f"{path.name}: {spec.name} is not the plugin's"
            for fixture in self.fixtures:
                assert 0 <= spec.sniff(fixture.read_text(encoding="utf-8")) <= 1
        assert not problems, "; ".join(problems)

    def test_bundled_data_follows_the_table_schemas(self) -> None:
        from munigoals.tables import SCHEMAS, read_bundle

        data = self._host().city(self._slug()).data_dir
        if data is None:
            pytest.skip("the plugin ships no data (its CITY has no data_dir)")
        tables = read_bundle(data)
        for name, frame in tables.items():
            assert frame.schema == SCHEMAS[name], name
            if len(frame):
                assert set(frame["city"]) == {self._slug()}, name

    def test_bundled_data_matches_a_rebuild(self, tmp_path: Path) -> None:
        from munigoals import sdk

        data = self._host().city(self._slug()).data_dir
        corpus = self.corpus or (
            Path(os.environ["MUNIGOALS_CORPUS"]) if "MUNIGOALS_CORPUS" in os.environ else None
        )
        if data is None or not self.sources:
            pytest.skip("the plugin ships no data built from documents (no sources named)")
        if corpus is None or not all((corpus / s).is_file() for s in self.sources):
            pytest.skip(f"the documents the data is built from are not at hand (corpus: {corpus})")
        sdk.build_data(self.plugin, [corpus / s for s in self.sources], tmp_path)
        for shipped in sorted(data.glob("*.jsonl")):
            rebuilt = (tmp_path / shipped.name).read_text(encoding="utf-8")
            assert shipped.read_text(encoding="utf-8") == rebuilt, f"{shipped.name} differs from a rebuild"

    def test_known_documents_match_their_texts(self) -> None:
        import hashlib

        from munigoals.reading import read_text

        documents = list(self._host().city(self._slug()).documents)
        corpus = self.corpus or (
            Path(os.environ["MUNIGOALS_CORPUS"]) if "MUNIGOALS_CORPUS" in os.environ else None
        )
        at_hand = [d for d in documents if corpus is not None and (corpus / d.file_name).is_file()]
        if not at_hand:
            pytest.skip("the documents the plugin knows are not at hand (corpus not given)")
        for known in at_hand:
            text, _ = read_text(corpus / known.file_name)  # type: ignore[operator]
            assert hashlib.sha256(text.encode("utf-8")).hexdigest() == known.sha256, known.file_name
            assert known.url is None or known.url.startswith("https://"), known.url

    def test_the_plugin_imports_nothing_of_munigoals_but_the_sdk(self) -> None:
        root = Path(self.plugin.__file__ or "").parent
        wrong: list[str] = []
        for path in sorted(root.rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                modules: list[str] = []
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [alias.name for alias in node.names]
                    modules = [
                        f"{node.module}.{n}" if node.module == "munigoals" else node.module for n in names
                    ]
                for module in modules:
                    if (
                        module == "munigoals" or module.startswith("munigoals.")
                    ) and module != "munigoals.sdk":
                        wrong.append(f"{path.relative_to(root)}:{node.lineno}: {module}")
        assert not wrong, "plugins import only munigoals.sdk: " + "; ".join(wrong)

"""``munigoals new-city``: scaffold a city plugin package that installs, is discovered at once, and passes
the contract test kit and its own tests out of the box.

The package holds a pyproject with the entry point; the hooks (municipality, layouts, concept
mappings, population with a place for its source, bundled data); a documented layout reader on the
SDK for a simple 施策 page, to be adapted to the city's real layout; a fixture page in the city's own
words; ``build_data``; a data folder; and tests (the contract kit and checks of every field of the
fixture). Arguments are validated before anything is written, and every value reaches the generated
Python as a literal (``repr``), never as code.
"""

from __future__ import annotations

import re
from pathlib import Path

from munigoals.errors import MunigoalsError
from munigoals.model import Municipality

__all__ = ["scaffold_city"]

_NAME_JA = re.compile(r"[\u3005\u3040-\u30ff\u4e00-\u9fff]{1,12}[市町村区]")
_NAME_EN = re.compile(r"[A-Za-z][A-Za-z .'-]{0,40}")
_PREFECTURE = re.compile(r"[\u4e00-\u9fff]{1,3}[都道府県]")
_SLUG = re.compile(r"[a-z][a-z0-9_]{0,30}")

_PYPROJECT = """[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "munigoals-{slug}"
version = "0.1.0"
description = "munigoals city plugin for {name_en} ({name_ja}, {prefecture}): reads its planning documents."
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["munigoals>=0.1.0"]

[project.entry-points.munigoals]
{slug} = "munigoals_{slug}"

[tool.setuptools.packages.find]
where = ["src"]

[tool.setuptools.package-data]
munigoals_{slug} = ["data/*.jsonl", "data/datapackage.json", "py.typed"]
"""

_INIT = '''"""munigoals plugin for {name_en} ({name_ja}, {prefecture}).

The whole city is here: its identity (below), its layout (``plan.py``), what its indicators count
(concept mappings), its population figures and the facts it ships (``data/``, rebuilt by ``build_data``).
"""

from __future__ import annotations

from pathlib import Path

from munigoals import sdk
from munigoals_{slug}.plan import LAYOUT

MUNICIPALITY = sdk.Municipality(
    slug={slug_r}, name_ja={name_ja_r}, name_en={name_en_r}, code={code_r}, prefecture={prefecture_r}
)
DATA_DIR = Path(__file__).parent / "data"


@sdk.hookimpl
def munigoals_municipality() -> sdk.Municipality:
    """{name_en}, {prefecture}, code {code}."""
    return MUNICIPALITY


@sdk.hookimpl
def munigoals_layouts() -> list[sdk.Layout]:
    """The layouts {name_en}'s documents come in. If they share another plugin's layout, return []
    here and name it in a ``munigoals_city_layouts`` hook instead."""
    return [LAYOUT]


@sdk.hookimpl
def munigoals_concepts() -> list[sdk.ConceptMapping]:
    """What {name_en}'s indicators count, where it differs from a concept's definition
    (``munigoals concepts`` lists the concepts)."""
    return []


@sdk.hookimpl
def munigoals_population() -> list[sdk.PopulationFigure]:
    """{name_en}'s population, for per-1,000 figures. Add figures from a source you can cite, e.g.
    ``sdk.PopulationFigure({slug_r}, 12_345, datetime.date(2020, 10, 1), "国勢調査 2020 …")``."""
    return []


@sdk.hookimpl
def munigoals_bundled_data() -> Path | None:
    """The facts read from {name_en}'s documents, shipped with the plugin (none until ``build_data``)."""
    return DATA_DIR if any(DATA_DIR.glob("*.jsonl")) else None
'''

_PLAN = '''"""Reader for {name_en}'s plan layout: ``{slug}.plan``.

Describe the layout here as it stands in the text extracted from the city's PDF, then adapt the
patterns below. The skeleton reads a simple page::

    {name_ja} 総合計画                          the plan's title, with the city's name
    施策 1  子育て支援の充実                    a policy heading: number and title
    指標名 現状値（年度） 目標値（2030年度）     the indicator table's header: the target year
    子育て相談件数（件） 1,250（2023） 1,500以上   a row: name (unit), baseline (year), target

Every fact carries its line (``self.span``); every line inside a table that cannot be read becomes a
ParseIssue (``self.issue``): nothing is dropped silently. Numbers, units and comparators come from the
SDK's grammar (``sdk.Quantity.from_text``, ``sdk.Target.from_text``, ``sdk.split_unit_from_name``).
"""

from __future__ import annotations

import re

from munigoals import sdk

__all__ = ["LAYOUT", "NAME", "sniff_plan"]

NAME = "{slug}.plan"

_POLICY = re.compile(r"^施策\\s*(\\d+)\\s+(\\S.*)$")
_HEADER = re.compile(r"^指標名\\s")
_ROW = re.compile(r"^(?P<name>\\S.*?\\))\\s+(?P<base>\\S+?)\\s*\\((?P<year>[^)]*)\\)\\s+(?P<target>\\S.*)$")


def sniff_plan(head: str) -> float:
    """Confidence (0 to 1) that ``head`` opens a plan in this layout: the city's name and its headings."""
    score = 0.0
    if {name_ja_r} in head:
        score += 0.4
    if re.search(r"(?m)^施策\\s*\\d+\\s+\\S", head):
        score += 0.3
    if re.search(r"(?m)^指標名\\s", head):
        score += 0.3
    return min(score, 1.0)


class PlanReader(sdk.DocumentReader):
    """Reads policies (施策) and their indicator tables."""

    def read(self) -> sdk.ParseResult:
        title = ""
        target_year: int | None = None
        policies: list[tuple[str, str, int, list[sdk.Indicator]]] = []
        for line in self.lines:
            if not line.norm:
                continue
            if not title and "総合計画" in line.norm:
                title = line.norm
            elif match := _POLICY.match(line.norm):
                policies.append((match.group(1), match.group(2), line.no, []))
            elif _HEADER.match(line.norm):
                target_year = sdk.parse_fiscal_year(line.norm.split("目標値", 1)[-1])
            elif policies and (row := _ROW.match(line.norm)):
                policies[-1][3].append(self._indicator(line, row, target_year))
            else:
                self.issue(line.no, f"line not read: {{line.norm[:40]}}")
        if not policies:
            return self.nothing_found("no 施策 heading (施策 N title) found")
        plan = sdk.Plan(
            municipality=self.municipality,
            kind=sdk.PlanKind.COMPREHENSIVE,
            title=title or {plan_title_r},
            document=self.document,
            policies=tuple(
                sdk.Policy(pid, ptitle, self.span(no), indicators=tuple(indicators))
                for pid, ptitle, no, indicators in policies
            ),
        )
        return self.result([plan])

    def _indicator(self, line: sdk.Line, row: re.Match[str], target_year: int | None) -> sdk.Indicator:
        name, unit, _ = sdk.split_unit_from_name(row.group("name"))
        year = sdk.parse_fiscal_year(f"({{row.group('year')}})")  # (2023), (令和5年度)
        baseline = sdk.Quantity.from_text(row.group("base"), year)
        target = sdk.Target.from_text(row.group("target"), target_year)
        return sdk.Indicator(
            name=name,
            kind=sdk.IndicatorKind.OUTCOME,
            category=None,
            unit=unit or baseline.unit or target.unit,
            baseline=baseline,
            target=target,
            span=self.span(line.no),
        )


LAYOUT = PlanReader.layout(
    NAME,
    "{name_ja}: describe the documents this layout is (title, kind, years)",
    sniff_plan,
    markers=({name_ja_r},),
)
'''

_BUILD_DATA = '''"""Rebuild the bundled data from the documents:
``python -m munigoals_{slug}.build_data [CORPUS_DIR]``.

Name the documents the data is read from in ``SOURCES`` (file names in the corpus folder).
"""

from __future__ import annotations

import sys

import munigoals_{slug}
from munigoals import sdk

#: The documents the shipped data is read from (none yet).
SOURCES: tuple[str, ...] = ()


def main() -> int:
    """Parse the source documents and write ``data/<table>.jsonl``."""
    return sdk.build_data_command(munigoals_{slug}, SOURCES, munigoals_{slug}.DATA_DIR)


if __name__ == "__main__":
    sys.exit(main())
'''

_FIXTURE = """{name_ja} 総合計画 基本計画

施策 1  子育て支援の充実

指標名 現状値（年度） 目標値（2030年度）
子育て相談件数（件） 1,250（2023） 1,500以上
保育所の待機児童数（人） 3（2023） 0

施策 2  公共交通の利便性向上

指標名 現状値（年度） 目標値（2030年度）
デマンド交通の利用者数（人） 8,400（2022） 10,000
"""

_TEST_CONTRACT = '''"""{name_en} honours the plugin contract (munigoals.testing)."""

from __future__ import annotations

from pathlib import Path

import munigoals_{slug}
from munigoals_{slug}.build_data import SOURCES

from munigoals.testing import CityContract


class Test{class_name}Contract(CityContract):
    plugin = munigoals_{slug}
    fixtures = (Path(__file__).parent / "fixtures" / "plan.txt",)
    sources = SOURCES
'''

_TEST_PLAN = '''"""{name_en}'s layout on the fixture page: every field of every indicator.

Add saved pages of the city's real plan beside the fixture and check their fields the same way.
"""

from __future__ import annotations

from pathlib import Path

import munigoals_{slug}

from munigoals.api import parse
from munigoals.plugins import PluginHost

FIXTURE = Path(__file__).parent / "fixtures" / "plan.txt"


def test_the_fixture_is_read_field_by_field() -> None:
    run = parse([FIXTURE], host=PluginHost.only({slug}=munigoals_{slug}))
    assert run.issues == ()
    rows = run.tables["indicators"].select(
        "policy_id", "name", "unit", "baseline_value", "baseline_year", "target_value", "target_year",
        "target_comparator", "line",
    ).rows()
    assert rows == [
        ("1", "子育て相談件数", "件", 1250.0, 2023, 1500.0, 2030, "ge", 6),
        ("1", "保育所の待機児童数", "人", 3.0, 2023, 0.0, 2030, "eq", 7),
        ("2", "デマンド交通の利用者数", "人", 8400.0, 2022, 10000.0, 2030, "eq", 12),
    ]
    assert run.tables["policies"]["title"].to_list() == ["子育て支援の充実", "公共交通の利便性向上"]
'''

_README = """# munigoals-{slug}

munigoals city plugin for {name_en} ({name_ja}, {prefecture}, code {code}).

    pip install -e .            # then: munigoals cities
    python -m pytest tests      # the contract kit and the fixture checks

Next steps (munigoals' "Add a city" guide walks through them): describe the city's real layout in
`src/munigoals_{slug}/plan.py` and adapt its patterns; save a page of the real plan under
`tests/fixtures/` and check every field; add population figures with their source; name the
documents in `build_data.SOURCES` and run `python -m munigoals_{slug}.build_data CORPUS_DIR`.
Nothing in munigoals itself needs to change.
"""


def scaffold_city(
    slug: str, name_ja: str, code: str, folder: Path, name_en: str | None = None, prefecture: str = "長野県"
) -> Path:
    """Write a plugin package for a city into ``folder/<slug>``; return its path.

    Raises:
        MunigoalsError: for an invalid slug, name, prefecture or code, or a folder that already exists.
    """
    name_en = name_en or slug.replace("_", " ").title()
    checks = (
        (_SLUG, slug, "slug", "lower-case letters, digits and _ (it names a module), e.g. kiso"),
        (_NAME_JA, name_ja, "--name", "a Japanese municipality name ending in 市, 町, 村 or 区, e.g. 木曽町"),
        (_NAME_EN, name_en, "--name-en", "Latin letters, spaces, ' and -, e.g. Kiso"),
        (_PREFECTURE, prefecture, "--prefecture", "a prefecture's Japanese name, e.g. 長野県"),
    )
    for pattern, value, what, expected in checks:
        if not pattern.fullmatch(value):
            raise MunigoalsError(f"cannot scaffold: {what} {value!r} must be {expected}", exit_code=2)
    try:
        Municipality(slug, name_ja, name_en, code, prefecture)  # the same checks as the plugin will meet
    except ValueError as exc:
        raise MunigoalsError(f"cannot scaffold {slug!r}: {exc}", exit_code=2) from None
    root = folder / slug
    if root.exists():
        raise MunigoalsError(f"{root} already exists; choose another --dir or remove it")
    values = {"slug": slug, "name_ja": name_ja, "name_en": name_en, "code": code, "prefecture": prefecture}
    values |= {f"{key}_r": repr(value) for key, value in values.items()}
    values["plan_title_r"] = repr(f"{name_ja} 総合計画")
    values["class_name"] = "".join(part.title() for part in slug.split("_"))
    package = root / "src" / f"munigoals_{slug}"
    files = {
        root / "pyproject.toml": _PYPROJECT,
        root / "README.md": _README,
        package / "__init__.py": _INIT,
        package / "plan.py": _PLAN,
        package / "build_data.py": _BUILD_DATA,
        package / "py.typed": "",
        package / "data" / ".gitkeep": "",
        root / "tests" / "fixtures" / "plan.txt": _FIXTURE,
        root / "tests" / "test_contract.py": _TEST_CONTRACT,
        root / "tests" / f"test_{slug}_plan.py": _TEST_PLAN,
    }
    try:
        for path, template in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(template.format(**values), encoding="utf-8")
    except OSError as exc:
        raise MunigoalsError(f"cannot write {root}: {exc.strerror or exc}") from None
    return root

"""``munigoals new-city``: scaffold a city plugin package that installs, is discovered at once, and passes
the contract test kit and its own tests out of the box.

The package is data: a pyproject with the entry point; one ``sdk.City`` value (the municipality, and
places for its documents, population with its source, and concept mappings); a layout spec
(``layouts/plan.toml``) for a simple 施策 page, to be adapted to the city's real layout; a fixture page in
the city's own words with its expected rows; and tests (the contract kit, and the fixture against its
expected rows). Arguments are validated before anything is written, and every value reaches the
generated Python as a literal (``repr``) and the spec as a TOML string, never as code.
"""

from __future__ import annotations

import json
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
description = "munigoals city plugin for {name_en} ({name_ja}, {prefecture}): a layout spec, a City value."
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["munigoals>=0.1.0"]

[project.entry-points.munigoals]
{slug} = "munigoals_{slug}"

[tool.setuptools.packages.find]
where = ["src"]

[tool.setuptools.package-data]
munigoals_{slug} = ["layouts/*.toml", "py.typed"]
"""

_INIT = '''"""munigoals plugin for {name_en} ({name_ja}, {prefecture}): the city as one value.

Its documents' layout is data: ``layouts/plan.toml`` (``munigoals layout check`` shows what each line of
a document is read as). Add the documents the city publishes (titles and periods come from here, never
from a layout), population figures with their source, and concept mappings where its indicators count
something other than a concept's definition.
"""

from munigoals import sdk

CITY = sdk.City(
    sdk.Municipality(
        slug={slug_r}, name_ja={name_ja_r}, name_en={name_en_r}, code={code_r}, prefecture={prefecture_r}
    ),
    documents=(),
    population=(),
    concepts=(),
)
'''

_SPEC = """# The layout of {name_ja}'s plan pages, as data (munigoals docs: "Add a city"). Every pattern is a
# regular expression over one line, NFKC-normalised with white space collapsed. Check it with
#   munigoals layout check src/munigoals_{slug}/layouts/plan.toml tests/fixtures/plan.txt
name = "{slug}.plan"
description = "{name_ja} 総合計画 基本計画: per 施策, an indicator table in columns spaced apart"
indicator_kind = "outcome"
title = '^(?P<title>.*総合計画.*)$'

[sniff]
markers = [{name_ja_toml}]
patterns = [
  {{ regex = {name_ja_toml}, weight = 0.4 }},
  {{ regex = '^施策\\s*\\d+\\s+\\S', weight = 0.3 }},
  {{ regex = '^指標名\\s', weight = 0.3 }},
]

# 施策 1  子育て支援の充実
[[policies]]
regex = '^施策\\s*(?P<id>\\d+)\\s+(?P<title>\\S.*)$'

# 指標名  現状値（年度）  目標値（2030年度）: columns found by their header (the core knows the usual
# names; add the city's own under [blocks.columns]); the year in the header or in the cell
[[blocks]]
kind = "indicator_table"
cells = "spaces"
"""

_FIXTURE = """{name_ja} 総合計画 基本計画

施策 1  子育て支援の充実

指標名  現状値（年度）  目標値（2030年度）
子育て相談件数（件）  1,250（2023）  1,500以上
保育所の待機児童数（人）  3（2023）  0

施策 2  公共交通の利便性向上

指標名  現状値（年度）  目標値（2030年度）
デマンド交通の利用者数（人）  8,400（2022）  10,000
"""

_EXPECTED = """[
 ["1", "子育て相談件数", "件", 1250.0, 2023, 1500.0, 2030, "ge", 6],
 ["1", "保育所の待機児童数", "人", 3.0, 2023, 0.0, 2030, "eq", 7],
 ["2", "デマンド交通の利用者数", "人", 8400.0, 2022, 10000.0, 2030, "eq", 12]
]
"""

_TEST_CONTRACT = '''"""{name_en} honours the plugin contract (munigoals.testing), its spec the schema."""

from __future__ import annotations

from pathlib import Path

import munigoals_{slug}

from munigoals.testing import CityContract


class Test{class_name}Contract(CityContract):
    plugin = munigoals_{slug}
    fixtures = (Path(__file__).parent / "fixtures" / "plan.txt",)
'''

_TEST_PLAN = '''"""{name_en}'s layout spec on the fixture: every field of every indicator, against the
expected rows (``fixtures/plan.expected.json``: policy, name, unit, baseline and year, target, year,
comparator, line).

Save pages of the city's real plan beside the fixture, write their expected rows, and check them the
same way.
"""

from __future__ import annotations

import json
from pathlib import Path

import munigoals_{slug}

from munigoals.api import parse
from munigoals.plugins import PluginHost

FIXTURES = Path(__file__).parent / "fixtures"
COLUMNS = (
    "policy_id", "name", "unit", "baseline_value", "baseline_year", "target_value", "target_year",
    "target_comparator", "line",
)


def test_the_fixture_gives_its_expected_rows() -> None:
    run = parse([FIXTURES / "plan.txt"], host=PluginHost.only({slug}=munigoals_{slug}))
    assert run.issues == ()
    rows = [list(row) for row in run.tables["indicators"].select(COLUMNS).rows()]
    assert rows == json.loads((FIXTURES / "plan.expected.json").read_text(encoding="utf-8"))
    assert run.tables["policies"]["title"].to_list() == ["子育て支援の充実", "公共交通の利便性向上"]
'''

_README = """# munigoals-{slug}

munigoals city plugin for {name_en} ({name_ja}, {prefecture}, code {code}).

    pip install -e .            # then: munigoals cities
    python -m pytest tests      # the contract kit and the fixture's expected rows

The city is data: `src/munigoals_{slug}/__init__.py` holds one `sdk.City` value and
`src/munigoals_{slug}/layouts/plan.toml` the layout spec its documents are read with. Next steps
(munigoals' "Add a city" guide): adapt the spec to a page of the city's real plan
(`munigoals layout check SPEC PAGE.txt` shows what each line is read as), save the page under
`tests/fixtures/` with its expected rows, and add the documents the city knows and its population
figures with their source. Nothing in munigoals itself needs to change.
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
    values["name_ja_toml"] = json.dumps(name_ja, ensure_ascii=False)  # a TOML basic string
    values["class_name"] = "".join(part.title() for part in slug.split("_"))
    package = root / "src" / f"munigoals_{slug}"
    files = {
        root / "pyproject.toml": _PYPROJECT,
        root / "README.md": _README,
        package / "__init__.py": _INIT,
        package / "layouts" / "plan.toml": _SPEC,
        package / "py.typed": "",
        root / "tests" / "fixtures" / "plan.txt": _FIXTURE,
        root / "tests" / "fixtures" / "plan.expected.json": _EXPECTED,
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

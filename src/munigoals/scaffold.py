"""``munigoals new-city``: scaffold a city plugin package that installs and is discovered at once.

The package holds a pyproject with the entry point, a module with the hook implementations, a parser
skeleton for one layout, a README, and a test that fails until the contributor writes real checks.
"""

from __future__ import annotations

import re
from pathlib import Path

from munigoals.errors import MunigoalsError
from munigoals.model import Municipality

__all__ = ["scaffold_city"]

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
munigoals_{slug} = ["data/*.jsonl"]
"""

_INIT = '''"""munigoals plugin for {name_en} ({name_ja}, {prefecture}).

The whole city is here: its identity (below), its document layouts (``parser.py``) and, once written,
the concept mappings, population figures and bundled data.
"""

from __future__ import annotations

from pathlib import Path

from munigoals import ConceptMapping, Document, DocumentFormat, Municipality, ParseResult, hookimpl
from munigoals_{slug}.parser import FORMAT_NAME, parse_plan, sniff_plan

MUNICIPALITY = Municipality(
    slug="{slug}", name_ja="{name_ja}", name_en="{name_en}", code="{code}", prefecture="{prefecture}"
)
DATA_DIR = Path(__file__).parent / "data"


def _parse(text: str, document: Document) -> ParseResult:
    return parse_plan(text, document, MUNICIPALITY)


PLAN = DocumentFormat(
    name=FORMAT_NAME,
    description="{name_ja}: describe the documents this layout is (title, kind, years)",
    sniff=sniff_plan,
    parse=_parse,
)


@hookimpl
def munigoals_municipality() -> Municipality:
    """{name_en}, {prefecture}, code {code}."""
    return MUNICIPALITY


@hookimpl
def munigoals_formats() -> list[DocumentFormat]:
    """The layouts {name_en}'s documents come in."""
    return [PLAN]


@hookimpl
def munigoals_concepts() -> list[ConceptMapping]:
    """What {name_en}'s own indicators count, where it differs from a concept's definition."""
    return []


@hookimpl
def munigoals_bundled_data() -> Path | None:
    """The facts read from {name_en}'s documents, shipped with the plugin (none yet)."""
    return DATA_DIR if any(DATA_DIR.glob("*.jsonl")) else None
'''

_PARSER = '''"""Reader for {name_en}'s plan layout.

Write down the layout here (headings, tables, how names wrap), then make ``sniff_plan`` recognise it
and ``parse_plan`` read it. Every fact needs a Span (document, lines); every line inside a table that
cannot be read becomes a ParseIssue with its line.
"""

from __future__ import annotations

import re

from munigoals import Document, Municipality, ParseIssue, ParseResult, Plan, PlanKind, Policy, Severity, Span
from munigoals.japanese import normalize

FORMAT_NAME = "{slug}.plan"

# A heading that only this layout has, e.g. "施策 12  title"
_POLICY = re.compile(r"^施策\\s*(\\d+)\\s+(\\S.*)$")


def sniff_plan(text: str) -> float:
    """Confidence (0 to 1) that ``text`` is in this layout. Replace with the layout's own marks."""
    return 0.6 if "{name_ja}" in text[:20_000] and re.search(r"(?m)^\\s*施策\\s*\\d+\\s", text) else 0.0


def parse_plan(text: str, document: Document, municipality: Municipality) -> ParseResult:
    """Read the plan: a skeleton that finds policy headings and reports every other line."""
    policies = []
    issues = []
    for no, raw in enumerate(text.split("\\n"), start=1):
        line = normalize(raw)
        if not line:
            continue
        if match := _POLICY.match(line):
            policies.append(Policy(id=match.group(1), title=match.group(2), span=Span.line(document.id, no)))
        else:
            span = Span.line(document.id, no)
            issues.append(ParseIssue(Severity.WARNING, f"not read yet: {{line[:40]}}", span))
    plan = Plan(municipality, PlanKind.COMPREHENSIVE, "{name_ja} plan", document, policies=tuple(policies))
    return ParseResult((plan,), tuple(issues))
'''

_TEST = '''"""Tests for the {name_en} plugin: replace the failing test with real checks of your documents."""

from __future__ import annotations

import munigoals_{slug}
from munigoals import PluginHost


def test_the_city_is_discovered() -> None:
    host = PluginHost.only({slug}=munigoals_{slug})
    assert [city.slug for city in host.cities] == ["{slug}"]


def test_write_real_checks() -> None:
    raise AssertionError(
        "write real checks: parse a saved page of {name_ja}'s plan and assert every indicator field "
        "(name, unit, baseline and year, target, comparator and year), then delete this test"
    )
'''

_README = """# munigoals-{slug}

munigoals city plugin for {name_en} ({name_ja}, {prefecture}, code {code}).

    pip install -e .            # then: munigoals cities
    python -m pytest tests

Next steps: describe the layout in `src/munigoals_{slug}/parser.py`, write its sniffer and reader,
and replace the failing test with checks of a saved page (see munigoals' "Add a city" guide).
"""


def scaffold_city(
    slug: str, name_ja: str, code: str, folder: Path, name_en: str | None = None, prefecture: str = "長野県"
) -> Path:
    """Write a plugin package for a city into ``folder/<slug>``; return its path.

    Raises:
        MunigoalsError: for an invalid slug or code, or a folder that already exists.
    """
    name_en = name_en or slug.replace("_", " ").replace("-", " ").title()
    try:
        Municipality(slug, name_ja, name_en, code, prefecture)  # the same checks as the plugin will meet
    except ValueError as exc:
        raise MunigoalsError(f"cannot scaffold {slug!r}: {exc}", exit_code=2) from None
    if not re.fullmatch(r"[a-z][a-z0-9_]*", slug):
        raise MunigoalsError(
            f"slug {slug!r} must be lower-case letters, digits and _ (it names a module)", exit_code=2
        )
    root = folder / slug
    if root.exists():
        raise MunigoalsError(f"{root} already exists; choose another --dir or remove it")
    values = {"slug": slug, "name_ja": name_ja, "name_en": name_en, "code": code, "prefecture": prefecture}
    files = {
        root / "pyproject.toml": _PYPROJECT,
        root / "README.md": _README,
        root / "src" / f"munigoals_{slug}" / "__init__.py": _INIT,
        root / "src" / f"munigoals_{slug}" / "parser.py": _PARSER,
        root / "tests" / f"test_{slug}.py": _TEST,
    }
    try:
        for path, template in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(template.format(**values), encoding="utf-8")
        (root / "src" / f"munigoals_{slug}" / "data").mkdir(exist_ok=True)
    except OSError as exc:
        raise MunigoalsError(f"cannot write {root}: {exc.strerror or exc}") from None
    return root

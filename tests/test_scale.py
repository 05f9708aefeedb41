"""Many cities: documents are assigned to cities before anything is sniffed, only what is needed is
loaded or imported, and nothing grows with the square of the cities."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import munigoals
from munigoals import sdk
from munigoals.api import parse
from munigoals.errors import MunigoalsError
from munigoals.plugins import PluginHost
from munigoals.reading import MANIFEST
from tests import fake_city
from tests.plugins_seeds import SUZAKA_PAGES


class Neighbour:
    """A city whose plans come in the fake city's layout, and whose documents do not name it."""

    CITY = sdk.City(
        sdk.Municipality("neighbour", "隣市", "Neighbour", "202070", "長野県"), layouts=["fakecity.lines"]
    )


@pytest.fixture
def host() -> PluginHost:
    return PluginHost.only(fakecity=fake_city, neighbour=Neighbour())


def _cities(run: munigoals.ParseRun) -> dict[str, str]:
    return {d.document.id: d.city.slug for d in run.documents}


def test_a_manifest_assigns_documents_to_cities(host: PluginHost, tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(fake_city.FIXTURE, encoding="utf-8")
    (tmp_path / MANIFEST).write_text("file,city\nb.txt,neighbour\na.txt,202037\n", encoding="utf-8")
    run = parse([tmp_path], host=host)
    assert _cities(run) == {"a.txt": "fakecity", "b.txt": "neighbour"}
    assert set(run.tables["policies"].filter(run.tables["policies"]["document"] == "b.txt")["city"]) == {
        "neighbour"
    }


def test_a_manifest_naming_an_unknown_city_is_refused_with_its_row(host: PluginHost, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(fake_city.FIXTURE, encoding="utf-8")
    (tmp_path / MANIFEST).write_text("file,city\na.txt,atlantis\n", encoding="utf-8")
    with pytest.raises(MunigoalsError, match=r"documents\.csv:2: .*city='atlantis'"):
        parse([tmp_path], host=host)


def test_a_folder_named_by_slug_or_code_assigns_its_documents(host: PluginHost, tmp_path: Path) -> None:
    for folder in ("neighbour", "202037"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / f"{folder}.txt").write_text(fake_city.FIXTURE, encoding="utf-8")
    run = parse([tmp_path], host=host)
    assert _cities(run) == {"neighbour.txt": "neighbour", "202037.txt": "fakecity"}


def test_city_given_with_another_citys_document_is_reported_not_reattributed(tmp_path: Path) -> None:
    page = tmp_path / "suzaka.txt"
    page.write_text(SUZAKA_PAGES, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "munigoals", "parse", str(page), "--city", "ueda"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "is in layout suzaka.sogo-keikaku-shisaku (used by suzaka), not one of ueda's" in proc.stderr


def test_alignment_is_the_same_with_rules_compiled_once() -> None:
    registry = munigoals.api.concept_registry()
    frame = munigoals.bundled_tables()["indicators"]
    for row in frame.iter_rows(named=True):
        naive = next(
            (
                (rule.concept, rule.match)
                for rule in [
                    *(r for r in registry.city_rules if r.city in (None, row["city"])),
                    *(
                        r
                        for c in registry.concepts.values()
                        for r in c.rules
                        if r.city in (None, row["city"])
                    ),
                ]
                if re.search(rule.pattern, munigoals.sdk.normalize(row["name"]))
            ),
            None,
        )
        got = registry.align(row["city"], row["name"])
        assert ((got.concept.id, got.match) if got else None) == naive, row["name"]


_IMPORTS = """
import sys
from munigoals.cli import main
sys.argv = ["munigoals", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print("altair" in sys.modules, "munigoals_ueda" in sys.modules, file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("args", "altair", "ueda"),
    [
        (["table", "indicators", "--city", "suzaka", "--format", "jsonl"], False, False),
        (["compare", "--format", "jsonl"], False, True),
        (["chart", "sns_followers", "--kind", "dumbbell", "-o", "{out}"], True, True),
    ],
)
def test_only_what_a_command_needs_is_imported(
    tmp_path: Path, args: list[str], altair: bool, ueda: bool
) -> None:
    args = [a.replace("{out}", str(tmp_path / "c.json")) for a in args]
    proc = subprocess.run(
        [sys.executable, "-c", _IMPORTS, *args], capture_output=True, text=True, timeout=120
    )
    assert proc.stderr.splitlines()[-1] == f"{altair} {ueda}", proc.stderr

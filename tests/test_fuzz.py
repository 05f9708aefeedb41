"""Fuzzing with hypothesis: the text helpers and every format reader, on mutated documents.

Readers must never crash, and never output a number that is not in the text they were given. The
documents go through reading as a file's bytes do (decoding, BOMs, control characters removed), and the
mutations include hostile shapes: BOMs mid-file, NUL and escape sequences, bidi overrides, lone CRs.

The examples are derandomised (see ``conftest.py``); ``MUNIGOALS_FUZZ_EXAMPLES=500`` with
``MUNIGOALS_HYPOTHESIS=explore`` runs a longer, fresh campaign.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import munigoals_suzaka
import munigoals_ueda
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import corpus_path
from munigoals import Document, MunigoalsError, PluginHost
from munigoals.japanese import actor_group, normalize, parse_era_date, parse_fiscal_year
from munigoals.quantities import (
    find_quantities,
    is_no_value,
    parse_comparator,
    parse_number,
    parse_value,
    split_unit_from_name,
)
from munigoals.reading import clean_controls, decode
from munigoals.tables import build_tables

FUZZ_EXAMPLES = int(os.environ.get("MUNIGOALS_FUZZ_EXAMPLES", "20"))

REPO = Path(__file__).resolve().parent.parent
UEDA_FIXTURES = REPO / "plugins" / "ueda" / "tests" / "fixtures"

japanese_text = st.text(
    alphabet=st.sampled_from(
        list(
            "0123456789０１２３４５６７８９,.，．%％()（）[]―ー-・ 　令和平成元年度RH未満以上以下超人件回※*\t\n市民企業"
        )
    ),
    max_size=60,
) | st.text(max_size=40)


@given(japanese_text)
def test_text_helpers_never_crash(text: str) -> None:
    normalize(text)
    parse_fiscal_year(text)
    parse_era_date(text)
    parse_number(text)
    parse_value(text)
    parse_comparator(text)
    split_unit_from_name(text)
    is_no_value(text)
    find_quantities(text)
    actor_group(text)


def _seeds() -> dict[str, list[tuple[str, str]]]:
    from tests.plugins_seeds import SUZAKA_PAGES, UEDA_SECTIONS

    seeds = {
        "suzaka.sogo-keikaku-shisaku": [("pages.txt", SUZAKA_PAGES)],
        "ueda.sogo-keikaku-sections": [("sections.md", UEDA_SECTIONS)],
        "ueda.juten-kanri-sheet": [
            ("kanri.txt", (UEDA_FIXTURES / "kanri_sheet.txt").read_text(encoding="utf-8"))
        ],
        "ueda.juten-ichiran": [("ichiran.txt", (UEDA_FIXTURES / "ichiran.txt").read_text(encoding="utf-8"))],
        "ueda.juten-ichiran-pdf": [
            ("pdf.txt", (UEDA_FIXTURES / "ichiran_pdf.txt").read_text(encoding="utf-8"))
        ],
    }
    corpus = corpus_path()
    if corpus.is_dir():
        for name, fmt in [
            ("004_22a3fa7b6e68a797.txt", "suzaka.sogo-keikaku-shisaku"),
            ("003_f758ffbbe30f236d.txt", "ueda.sogo-keikaku-sections"),
            ("001_2e0b97da717ccbd7.txt", "ueda.juten-kanri-sheet"),
            ("002_aaca3ffd80411131.txt", "ueda.juten-ichiran"),
            ("000_92596ecb565e136d.txt", "ueda.juten-ichiran-pdf"),
        ]:
            seeds[fmt].append((name, (corpus / name).read_text(encoding="utf-8")))
    return seeds


SEEDS = _seeds()
HOST = PluginHost.only(suzaka=munigoals_suzaka, ueda=munigoals_ueda)
LAYOUTS = HOST.layouts

_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def mutated(draw: st.DrawFn, fmt: str) -> str:
    _, text = draw(st.sampled_from(SEEDS[fmt]))
    lines = text.split("\n")
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        k = draw(st.integers(min_value=0, max_value=max(len(lines) - 1, 0)))
        op = draw(
            st.sampled_from(
                ["blank", "page", "full", "wrap", "drop", "dup", "bom", "nul", "escape", "bidi", "cr"]
            )
        )
        if op == "blank":
            lines.insert(k, "")
        elif op == "page":
            lines.insert(k, f"- {draw(st.integers(1, 300))} -")
        elif op == "full" and lines:
            lines[k] = lines[k].translate(_FULL)
        elif op == "wrap" and lines and len(lines[k]) > 2:
            j = draw(st.integers(min_value=1, max_value=len(lines[k]) - 1))
            lines[k : k + 1] = [lines[k][:j], lines[k][j:]]
        elif op == "drop" and lines:
            del lines[k]
        elif op == "dup" and lines:
            lines.insert(k, lines[k])
        elif op in ("bom", "nul", "escape", "bidi", "cr") and lines:
            mark = {"bom": "\ufeff", "nul": "\x00", "escape": "\x1b[2J", "bidi": "\u202e", "cr": "\r"}[op]
            j = draw(st.integers(min_value=0, max_value=len(lines[k])))
            lines[k] = lines[k][:j] + mark + lines[k][j:]
    joined = "\n".join(lines)
    return joined.replace("\n", "\r\n") if draw(st.booleans()) else joined


def _numbers_in(text: str) -> set[float]:
    found: set[float] = set()
    norm = normalize(text)
    for variant in (norm, normalize(text.replace("\r", "").replace("\n", ""))):
        for token in re.findall(r"\d[\d,]*(?:\.\d+)?", variant):
            try:
                found.add(round(float(token.replace(",", "")), 6))
            except ValueError:
                continue
    return found


def _check(fmt_name: str, text: str) -> None:
    layout = LAYOUTS[fmt_name]
    try:
        text, _ = decode(text.encode("utf-8", "surrogatepass"), "fuzz.txt")
    except MunigoalsError:
        return  # refused with a message (too many control characters to be text): not a crash
    text, _ = clean_controls(text)
    city = HOST.city(fmt_name.split(".")[0]).municipality
    result = layout.read(text, Document("fuzz.txt", "fuzz.txt", "0", "utf-8", fmt_name), city)
    tables = build_tables(result.plans)
    numbers = _numbers_in(text)
    ind = tables["indicators"].filter(tables["indicators"]["provenance"] != "derived")
    values = [*ind["baseline_value"], *ind["target_value"], *tables["targets"]["target_value"],
              *tables["targets"]["actual_value"], *tables["observations"]["value"]]  # fmt: skip
    invented = [v for v in values if v is not None and round(v, 6) not in numbers]
    assert invented == [], f"{fmt_name} output numbers not in the text: {invented}"


@pytest.mark.parametrize("fmt_name", sorted(SEEDS))
def test_readers_on_mutated_documents(fmt_name: str) -> None:
    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(mutated(fmt_name))
    def run(text: str) -> None:
        _check(fmt_name, text)

    run()


@pytest.mark.parametrize("fmt_name", sorted(SEEDS))
def test_readers_on_the_unmutated_seeds(fmt_name: str) -> None:
    for _, text in SEEDS[fmt_name]:
        _check(fmt_name, text)

"""Ueda honours the plugin contract (munigoals.testing)."""

from __future__ import annotations

from pathlib import Path

import munigoals_ueda
from munigoals_ueda.build_data import SOURCES

from conftest import corpus_path
from munigoals.testing import CityContract

FIXTURES = Path(__file__).parent / "fixtures"


class TestUedaContract(CityContract):
    plugin = munigoals_ueda
    fixtures = (
        FIXTURES / "sections.md",
        FIXTURES / "kanri_sheet.txt",
        FIXTURES / "ichiran.txt",
        FIXTURES / "ichiran_pdf.txt",
    )
    sources = SOURCES
    corpus = corpus_path()

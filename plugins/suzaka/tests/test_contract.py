"""Suzaka honours the plugin contract (munigoals.testing)."""

from __future__ import annotations

from pathlib import Path

import munigoals_suzaka
from munigoals_suzaka.build_data import SOURCES

from conftest import corpus_path
from munigoals.testing import CityContract

FIXTURES = Path(__file__).parent / "fixtures"


class TestSuzakaContract(CityContract):
    plugin = munigoals_suzaka
    fixtures = (FIXTURES / "pages.txt",)
    sources = SOURCES
    corpus = corpus_path()

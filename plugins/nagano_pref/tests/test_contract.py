"""The nagano_pref plugin honours the plugin contract (munigoals.testing), with its spec alone."""

from __future__ import annotations

from pathlib import Path

import munigoals_nagano_pref

from conftest import corpus_more_path
from munigoals.testing import CityContract

FIXTURES = Path(__file__).parent / "fixtures"


class TestContract(CityContract):
    plugin = munigoals_nagano_pref
    fixtures = (FIXTURES / "mokuhyo.txt",)
    corpus = corpus_more_path()  # where the documents the City value knows stand

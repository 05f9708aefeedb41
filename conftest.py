"""Shared test fixtures: where the real documents are, for every test folder of the workspace."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent

# Property and fuzz tests are derandomised: a failure in CI is the same failure on a laptop.
# MUNIGOALS_HYPOTHESIS=explore draws new examples each run (with MUNIGOALS_FUZZ_EXAMPLES for more).
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("MUNIGOALS_HYPOTHESIS", "ci"))


def corpus_path() -> Path:
    """``$MUNIGOALS_CORPUS`` or ``../shared/corpus`` beside the checkout."""
    return Path(os.environ.get("MUNIGOALS_CORPUS", REPO.parent / "shared" / "corpus"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The corpus folder; tests that need it skip, saying why, where it is absent."""
    path = corpus_path()
    if not path.is_dir():
        pytest.skip(f"corpus not found at {path}: set MUNIGOALS_CORPUS to the folder of the five documents")
    return path

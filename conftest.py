"""Shared test fixtures: where the real documents are, for every test folder of the workspace."""

from __future__ import annotations

import os
import tempfile
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


def corpus_more_path() -> Path:
    """``$MUNIGOALS_CORPUS_MORE`` or ``../shared/corpus-more`` beside the checkout: other places' excerpts."""
    return Path(os.environ.get("MUNIGOALS_CORPUS_MORE", REPO.parent / "shared" / "corpus-more"))


def corpus_more_file(name: str) -> Path:
    """One excerpt of ``../shared/corpus-more``; the test skips, saying why, where it is absent."""
    path = corpus_more_path() / name
    if not path.is_file():
        pytest.skip(f"excerpt {name} not found in {path.parent}: set MUNIGOALS_CORPUS_MORE to its folder")
    return path


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The corpus folder; tests that need it skip, saying why, where it is absent."""
    path = corpus_path()
    if not path.is_dir():
        pytest.skip(f"corpus not found at {path}: set MUNIGOALS_CORPUS to the folder of the five documents")
    return path


# munigoals' cache of validated data (munigoals.cache) goes to a folder of the test run's own, inherited by
# the commands the tests start: a run never reads, nor leaves, records in the user's cache.
os.environ.setdefault("MUNIGOALS_CACHE_DIR", str(Path(tempfile.mkdtemp(prefix="munigoals-test-cache-"))))

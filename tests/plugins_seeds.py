"""Seed documents written for the plugins' tests, gathered for the fuzz tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


def _load(path: Path, name: str) -> object:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SUZAKA_PAGES: str = _load(_REPO / "plugins/suzaka/tests/test_fixture_pages.py", "_suzaka_pages").PAGES  # type: ignore[attr-defined]
UEDA_SECTIONS: str = _load(
    _REPO / "plugins/ueda/tests/test_sogo_keikaku_fixture.py", "_ueda_sections"
).SECTIONS  # type: ignore[attr-defined]

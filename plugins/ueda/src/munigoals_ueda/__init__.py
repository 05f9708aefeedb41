"""munigoals plugin for Ueda (上田市, 長野県): reads its 総合計画 sections and 重点目標 sheets.

The whole city is here: its identity, its formats and the facts it ships (``data/``).
"""

from __future__ import annotations

from pathlib import Path

from munigoals import ConceptMapping, DocumentFormat, Municipality, hookimpl

MUNICIPALITY = Municipality(slug="ueda", name_ja="上田市", name_en="Ueda", code="202037", prefecture="長野県")
DATA_DIR = Path(__file__).parent / "data"


@hookimpl
def munigoals_municipality() -> Municipality:
    """Ueda, 長野県, code 202037."""
    return MUNICIPALITY


@hookimpl
def munigoals_formats() -> list[DocumentFormat]:
    """The layouts Ueda's documents come in."""
    return []


@hookimpl
def munigoals_concepts() -> list[ConceptMapping]:
    """Ueda's concept mappings (none yet beyond the core registry)."""
    return []


@hookimpl
def munigoals_bundled_data() -> Path | None:
    """The facts read from Ueda's documents, shipped with the plugin."""
    return DATA_DIR if any(DATA_DIR.glob("*.jsonl")) else None

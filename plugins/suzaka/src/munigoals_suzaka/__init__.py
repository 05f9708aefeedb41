"""munigoals plugin for Suzaka (須坂市, 長野県): reads the 第六次須坂市総合計画 基本計画 施策 pages.

The whole city is here: its identity, its formats (:mod:`munigoals_suzaka.parser`) and the facts it
ships (``data/``, rebuilt from the documents by :mod:`munigoals_suzaka.build_data`).
"""

from __future__ import annotations

from pathlib import Path

from munigoals import ConceptMapping, Document, DocumentFormat, Municipality, ParseResult, hookimpl
from munigoals_suzaka.parser import FORMAT_NAME, parse_shisaku_pages, sniff_shisaku_pages

MUNICIPALITY = Municipality(
    slug="suzaka", name_ja="須坂市", name_en="Suzaka", code="202070", prefecture="長野県"
)
DATA_DIR = Path(__file__).parent / "data"


def _parse(text: str, document: Document) -> ParseResult:
    return parse_shisaku_pages(text, document, MUNICIPALITY)


SHISAKU_PAGES = DocumentFormat(
    name=FORMAT_NAME,
    description="須坂市総合計画 基本計画: 施策 pages (PDF text) with 成果指標, プロセス指標 and 各主体の役割",
    sniff=sniff_shisaku_pages,
    parse=_parse,
)


@hookimpl
def munigoals_municipality() -> Municipality:
    """Suzaka, 長野県, code 202070."""
    return MUNICIPALITY


@hookimpl
def munigoals_formats() -> list[DocumentFormat]:
    """The 施策 page layout."""
    return [SHISAKU_PAGES]


@hookimpl
def munigoals_concepts() -> list[ConceptMapping]:
    """Suzaka's concept mappings (none yet beyond the core registry)."""
    return []


@hookimpl
def munigoals_bundled_data() -> Path | None:
    """The facts read from Suzaka's documents, shipped with the plugin."""
    return DATA_DIR if any(DATA_DIR.glob("*.jsonl")) else None

"""munigoals plugin for Ueda (上田市, 長野県): reads its 総合計画 sections and 重点目標 sheets.

The whole city is here: its identity, its formats and the facts it ships (``data/``).
"""

from __future__ import annotations

from pathlib import Path

from munigoals import ConceptMapping, Document, DocumentFormat, Municipality, ParseResult, hookimpl
from munigoals_ueda import juten, sogo_keikaku

MUNICIPALITY = Municipality(slug="ueda", name_ja="上田市", name_en="Ueda", code="202037", prefecture="長野県")
DATA_DIR = Path(__file__).parent / "data"


def _parse_sogo_keikaku(text: str, document: Document) -> ParseResult:
    return sogo_keikaku.parse_sogo_keikaku(text, document, MUNICIPALITY)


SOGO_KEIKAKU = DocumentFormat(
    name=sogo_keikaku.FORMAT_NAME,
    description="上田市総合計画: sections N-N-N (Markdown) with 達成度をはかる指標・目標値 and 役割分担",
    sniff=sogo_keikaku.sniff_sogo_keikaku,
    parse=_parse_sogo_keikaku,
)


def _parse_kanri_sheet(text: str, document: Document) -> ParseResult:
    return juten.parse_kanri_sheet(text, document, MUNICIPALITY)


def _parse_ichiran(text: str, document: Document) -> ParseResult:
    return juten.parse_ichiran(text, document, MUNICIPALITY)


def _parse_ichiran_pdf(text: str, document: Document) -> ParseResult:
    return juten.parse_ichiran_pdf(text, document, MUNICIPALITY)


KANRI_SHEET = DocumentFormat(
    name=juten.KANRI_SHEET,
    description="上田市 重点目標管理シート: tab-separated goals with actions ①…, 数値目標 and 期末報告",
    sniff=juten.sniff_kanri_sheet,
    parse=_parse_kanri_sheet,
)
ICHIRAN = DocumentFormat(
    name=juten.ICHIRAN,
    description="上田市 重点目標一覧表: tab-separated, one year's 達成状況 beside the next year's goals",
    sniff=juten.sniff_ichiran,
    parse=_parse_ichiran,
)
ICHIRAN_PDF = DocumentFormat(
    name=juten.ICHIRAN_PDF,
    description="上田市 重点目標一覧表 as PDF text (interleaved columns): titles and numeric targets",
    sniff=juten.sniff_ichiran_pdf,
    parse=_parse_ichiran_pdf,
)


@hookimpl
def munigoals_municipality() -> Municipality:
    """Ueda, 長野県, code 202037."""
    return MUNICIPALITY


@hookimpl
def munigoals_formats() -> list[DocumentFormat]:
    """The layouts Ueda's documents come in."""
    return [SOGO_KEIKAKU, KANRI_SHEET, ICHIRAN, ICHIRAN_PDF]


@hookimpl
def munigoals_concepts() -> list[ConceptMapping]:
    """Ueda's concept mappings (none yet beyond the core registry)."""
    return []


@hookimpl
def munigoals_bundled_data() -> Path | None:
    """The facts read from Ueda's documents, shipped with the plugin."""
    return DATA_DIR if any(DATA_DIR.glob("*.jsonl")) else None

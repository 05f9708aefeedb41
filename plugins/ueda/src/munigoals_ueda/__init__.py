"""munigoals plugin for Ueda (上田市, 長野県): reads its 総合計画 sections and 重点目標 sheets.

The whole city is here: its identity, its formats and the facts it ships (``data/``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from munigoals import (
    ConceptMapping,
    Document,
    DocumentFormat,
    Municipality,
    ParseResult,
    PopulationFigure,
    hookimpl,
)
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
    """What Ueda's own indicators count, where that differs from the concept's definition."""
    return [
        ConceptMapping(
            "sns_followers",
            r"ソーシャルメディア登録者数",
            "proxy",
            "Ueda counts registrations on all of the city's official social media together (登録者数)",
        ),
        ConceptMapping(
            "twitter_followers",
            r"^Twitterフォロワー数$",
            "exact",
            "followers of Ueda's official Twitter account alone",
        ),
        ConceptMapping(
            "tax_collection_rate",
            r"市税収納率\(現年度\)",
            "proxy",
            "Ueda counts the current year's taxes only (現年度分), without arrears carried over",
        ),
        ConceptMapping(
            "open_data_datasets",
            r"オープンデータ公開分野数",
            "proxy",
            "Ueda counts categories (分野) of open data, not datasets: "
            "published 分野 at the end of fiscal 2021 "
            "and one more planned for 2022",
        ),
    ]


@hookimpl
def munigoals_population() -> list[PopulationFigure]:
    """Ueda's population: resident register (2017-01-01) and the 2020 census preliminary count."""
    return [
        PopulationFigure(
            "ueda",
            159_271,
            dt.date(2017, 1, 1),
            "住民基本台帳 as of 2017-01-01 "
            "(public table of all Nagano municipalities based on the resident register)",
        ),
        PopulationFigure(
            "ueda",
            154_155,
            dt.date(2020, 10, 1),
            "2020 census preliminary count (速報), as reported in the press for Nagano's municipalities",
        ),
    ]


@hookimpl
def munigoals_bundled_data() -> Path | None:
    """The facts read from Ueda's documents, shipped with the plugin."""
    return DATA_DIR if any(DATA_DIR.glob("*.jsonl")) else None

"""munigoals plugin for Suzaka (須坂市, 長野県): reads the 第六次須坂市総合計画 基本計画 施策 pages.

The whole city is here: its identity, its formats (:mod:`munigoals_suzaka.parser`) and the facts it
ships (``data/``, rebuilt from the documents by :mod:`munigoals_suzaka.build_data`).
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
    """What Suzaka's own indicators count, where that differs from the concept's definition."""
    return [
        ConceptMapping(
            "sns_followers",
            r"ツイッター・フェイスブックのフォロワー数",
            "proxy",
            "Suzaka counts followers of its official Twitter and Facebook accounts only",
        ),
        ConceptMapping(
            "tax_collection_rate",
            r"市税徴収率\(滞納繰越分を含む\)",
            "proxy",
            "Suzaka counts the current year's taxes together with arrears carried over (滞納繰越分を含む), "
            "which is lower by construction than a current-year rate",
        ),
        ConceptMapping(
            "open_data_datasets",
            r"オープンデータ公開件数",
            "exact",
            "Suzaka counts datasets (件) the city publishes as open data",
        ),
    ]


@hookimpl
def munigoals_population() -> list[PopulationFigure]:
    """Suzaka's population: resident register (2017-01-01). No verified 2020 figure is at hand."""
    return [
        PopulationFigure(
            "suzaka",
            51_368,
            dt.date(2017, 1, 1),
            "住民基本台帳 as of 2017-01-01 "
            "(public table of all Nagano municipalities based on the resident register)",
        ),
    ]


@hookimpl
def munigoals_bundled_data() -> Path | None:
    """The facts read from Suzaka's documents, shipped with the plugin."""
    return DATA_DIR if any(DATA_DIR.glob("*.jsonl")) else None

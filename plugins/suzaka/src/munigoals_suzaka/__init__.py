"""munigoals plugin for Suzaka (須坂市, 長野県): reads the 第六次須坂市総合計画 基本計画 施策 pages.

The whole city is here: its identity, its layout (:mod:`munigoals_suzaka.parser`, with the indicator
tables in :mod:`munigoals_suzaka.indicators`) and the facts it ships (``data/``, rebuilt from the
documents by :mod:`munigoals_suzaka.build_data`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from munigoals import sdk
from munigoals_suzaka.parser import SHISAKU_PAGES

MUNICIPALITY = sdk.Municipality(
    slug="suzaka", name_ja="須坂市", name_en="Suzaka", code="202070", prefecture="長野県"
)
DATA_DIR = Path(__file__).parent / "data"


@sdk.hookimpl
def munigoals_municipality() -> sdk.Municipality:
    """Suzaka, 長野県, code 202070."""
    return MUNICIPALITY


@sdk.hookimpl
def munigoals_layouts() -> list[sdk.Layout]:
    """The 施策 page layout (any city whose plan pages look the same may use it)."""
    return [SHISAKU_PAGES]


@sdk.hookimpl
def munigoals_concepts() -> list[sdk.ConceptMapping]:
    """What Suzaka's own indicators count, where that differs from the concept's definition."""
    return [
        sdk.ConceptMapping(
            "sns_followers",
            r"ツイッター・フェイスブックのフォロワー数",
            "proxy",
            "Suzaka counts followers of its official Twitter and Facebook accounts only",
            note_ja="須坂市は公式ツイッターとフェイスブックのフォロワー数のみを数える",
        ),
        sdk.ConceptMapping(
            "tax_collection_rate",
            r"市税徴収率\(滞納繰越分を含む\)",
            "proxy",
            "Suzaka counts the current year's taxes together with arrears carried over (滞納繰越分を含む), "
            "which is lower by construction than a current-year rate",
            note_ja="須坂市は現年度分に滞納繰越分を含めて数えるため、現年度分のみの率より構造的に低い",
        ),
        sdk.ConceptMapping(
            "open_data_datasets",
            r"オープンデータ公開件数",
            "exact",
            "Suzaka counts datasets (件) the city publishes as open data",
            note_ja="須坂市は市が公開するオープンデータのデータセット数 (件) を数える",
        ),
    ]


@sdk.hookimpl
def munigoals_population() -> list[sdk.PopulationFigure]:
    """Suzaka's population: resident register (2017-01-01). No verified 2020 figure is at hand."""
    return [
        sdk.PopulationFigure(
            "suzaka",
            51_368,
            dt.date(2017, 1, 1),
            "住民基本台帳 as of 2017-01-01 "
            "(public table of all Nagano municipalities based on the resident register)",
        ),
    ]


@sdk.hookimpl
def munigoals_documents() -> list[sdk.KnownDocument]:
    """The Suzaka document the shipped data is read from, for citations (施策 35–39 of the plan)."""
    return [
        sdk.KnownDocument(
            "004_22a3fa7b6e68a797.txt",
            "75bd5111804cfe8788b9a1b680bf8a5ea9146aa41073c56b2586b08757251da1",
            "第六次須坂市総合計画 前期基本計画",
            True,
            "須坂市",
            sdk.PlanKind.COMPREHENSIVE,
            period=(2021, 2025),
        ),
    ]


@sdk.hookimpl
def munigoals_bundled_data() -> Path | None:
    """The facts read from Suzaka's documents, shipped with the plugin."""
    return DATA_DIR if any(DATA_DIR.glob("*.jsonl")) else None

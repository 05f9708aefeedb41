"""munigoals plugin for Suzaka (須坂市, 長野県): reads the 第六次須坂市総合計画 基本計画 施策 pages.

The whole city is one value, :data:`CITY`: its identity, population, documents and concept mappings.
Its layout is a spec (``layouts/sogo-keikaku-shisaku.toml``) read by the core's engine; the two parts no
spec can say (the 基本施策 box, ◇ items under 主な取組内容) are named block kinds in
:mod:`munigoals_suzaka.blocks`. The facts it ships (``data/``) are rebuilt from the documents by
:mod:`munigoals_suzaka.build_data`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from munigoals import sdk
from munigoals_suzaka.blocks import BLOCK_READERS

MUNICIPALITY = sdk.Municipality(
    slug="suzaka", name_ja="須坂市", name_en="Suzaka", code="202070", prefecture="長野県"
)
DATA_DIR = Path(__file__).parent / "data"

CITY = sdk.City(
    MUNICIPALITY,
    documents=(
        sdk.KnownDocument(
            "004_22a3fa7b6e68a797.txt",
            "75bd5111804cfe8788b9a1b680bf8a5ea9146aa41073c56b2586b08757251da1",
            "第六次須坂市総合計画 前期基本計画",
            True,
            "須坂市",
            sdk.PlanKind.COMPREHENSIVE,
            period=(2021, 2025),
        ),
    ),
    # resident register (2017-01-01); no verified 2020 figure is at hand
    population=(
        sdk.PopulationFigure(
            "suzaka",
            51_368,
            dt.date(2017, 1, 1),
            "住民基本台帳 as of 2017-01-01 "
            "(public table of all Nagano municipalities based on the resident register)",
        ),
    ),
    # what Suzaka's own indicators count, where that differs from the concept's definition
    concepts=(
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
    ),
    data_dir=DATA_DIR if any(DATA_DIR.glob("*.jsonl")) else None,
    # its plans: pages of a plan no known document names are titled by their targets' last year
    plans=(
        ("第六次須坂市総合計画 前期基本計画", (2021, 2025)),
        ("第六次須坂市総合計画 後期基本計画", (2026, 2030)),
    ),
)


@sdk.hookimpl
def munigoals_block_readers(kinds: tuple[str, ...]) -> Mapping[str, sdk.BlockReader]:
    """The named block kinds of Suzaka's spec: the 基本施策 box and 主な取組内容 (◇ items)."""
    return {kind: reader for kind, reader in BLOCK_READERS.items() if kind in kinds}

"""munigoals plugin for Ueda (上田市, 長野県): reads its 総合計画 sections and 重点目標 sheets.

The whole city is here: one value, :data:`CITY` (its identity, documents, population and concept
mappings); its layouts (the 総合計画 sections as a spec in ``layouts/``, with
the two block kinds it names in :mod:`munigoals_ueda.sogo_keikaku`; the :mod:`munigoals_ueda.juten`
package, one module per 重点目標 layout) and the facts it ships (``data/``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from munigoals import sdk
from munigoals_ueda import juten, sogo_keikaku

MUNICIPALITY = sdk.Municipality(
    slug="ueda", name_ja="上田市", name_en="Ueda", code="202037", prefecture="長野県"
)
DATA_DIR = Path(__file__).parent / "data"
_DEPARTMENT = "上田市 市民まちづくり推進部・上田地域自治センター"

CITY = sdk.City(
    MUNICIPALITY,
    # the documents the shipped data is read from, for citations; the 総合計画 text names no plan title
    # or period, so its title is described (and not called 第三次)
    documents=(
        sdk.KnownDocument(
            "003_f758ffbbe30f236d.txt",
            "ac43bfe14ff335d33708ef278f10f0ea6c122dbde0394e551029dd73fc4d5398",
            "上田市総合計画 基本計画 (1-1-1〜1-3-2節、令和12年度目標)",
            False,
            "上田市",
            sdk.PlanKind.COMPREHENSIVE,
        ),
        sdk.KnownDocument(
            "001_2e0b97da717ccbd7.txt",
            "fc5a766189704786a92261de791081bb12dee8fc31bce55083f7c2bb5fe51bba",
            "令和2年度 重点目標管理シート",
            True,
            _DEPARTMENT,
            sdk.PlanKind.PRIORITY_GOALS,
            fiscal_years=(2020,),
        ),
        sdk.KnownDocument(
            "000_92596ecb565e136d.txt",
            "2970659523221d6a14f41fb98a059be2edfb787940ed3cf7a4fc10dc4e68ed2a",
            "重点目標一覧表 (平成30年度実績・令和元年度目標)",
            False,
            _DEPARTMENT,
            sdk.PlanKind.PRIORITY_GOALS,
            fiscal_years=(2018, 2019),
        ),
        sdk.KnownDocument(
            "002_aaca3ffd80411131.txt",
            "baebaa47ed5865be9f1324dc2484c4aac41f36665d44071a884bd276b5baafb3",
            "重点目標一覧表 (令和3年度実績・令和4年度目標)",
            False,
            "上田市 政策企画部",
            sdk.PlanKind.PRIORITY_GOALS,
            fiscal_years=(2021, 2022),
        ),
    ),
    # resident register (2017-01-01) and the 2020 census preliminary count
    population=(
        sdk.PopulationFigure(
            "ueda",
            159_271,
            dt.date(2017, 1, 1),
            "住民基本台帳 as of 2017-01-01 "
            "(public table of all Nagano municipalities based on the resident register)",
        ),
        sdk.PopulationFigure(
            "ueda",
            154_155,
            dt.date(2020, 10, 1),
            "2020 census preliminary count (速報), as reported in the press for Nagano's municipalities",
        ),
    ),
    # what Ueda's own indicators count, where that differs from the concept's definition
    concepts=(
        sdk.ConceptMapping(
            "sns_followers",
            r"ソーシャルメディア登録者数",
            "proxy",
            "Ueda counts registrations on all of the city's official social media together (登録者数)",
            note_ja="上田市は市の公式ソーシャルメディアすべての登録者数の合計を数える",
        ),
        sdk.ConceptMapping(
            "twitter_followers",
            r"^Twitterフォロワー数$",
            "exact",
            "followers of Ueda's official Twitter account alone",
            note_ja="上田市公式Twitterアカウントのみのフォロワー数",
        ),
        sdk.ConceptMapping(
            "tax_collection_rate",
            r"市税収納率\(現年度\)",
            "proxy",
            "Ueda counts the current year's taxes only (現年度分), without arrears carried over",
            note_ja="上田市は現年度分のみを数え、滞納繰越分を含まない",
        ),
        sdk.ConceptMapping(
            "open_data_datasets",
            r"オープンデータ公開分野数",
            "proxy",
            "Ueda counts categories (分野) of open data, not datasets: "
            "categories published at the end of fiscal 2021 "
            "and one more planned for 2022",
            note_ja="上田市はデータセットではなくオープンデータの分野数を数える: "
            "2021年度末に公開済みの分野と、2022年度に予定する1分野",
        ),
    ),
    data_dir=DATA_DIR if any(DATA_DIR.glob("*.jsonl")) else None,
)


@sdk.hookimpl
def munigoals_layouts() -> list[sdk.Layout]:
    """Ueda's layouts written as code: three 重点目標 layouts (the 総合計画 sections are a spec)."""
    return [*juten.LAYOUTS]


@sdk.hookimpl
def munigoals_block_readers(kinds: tuple[str, ...]) -> Mapping[str, sdk.BlockReader]:
    """The block kinds the 総合計画 spec names: 現状と課題 with its charts, and the indicator table."""
    return {kind: reader for kind, reader in sogo_keikaku.BLOCK_READERS.items() if kind in kinds}

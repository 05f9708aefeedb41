"""munigoals plugin for Nagano Prefecture (長野県): one City value; its layout is a spec in ``layouts/``.

A prefecture is a place too: a Municipality of kind prefecture, code 200000.
"""

from munigoals import sdk

CITY = sdk.City(
    sdk.Municipality(
        slug="nagano_pref",
        name_ja="長野県",
        name_en="Nagano Prefecture",
        code="200000",
        prefecture="長野県",
        kind="prefecture",
    ),
    documents=(
        sdk.KnownDocument(
            "05_nagano-pref_plan3-shuyo-mokuhyo.txt",
            "bd8635eab97eec74109a066746e97f31b8bb44c236e22529d68eba90d39ad5d8",
            "しあわせ信州創造プラン3.0 — 5つの政策の柱と主要目標",
            False,
            "長野県",
            sdk.PlanKind.COMPREHENSIVE,
            url="https://nagano-plan3.com/policy",
        ),
    ),
)

"""munigoals plugin for Oyabe (小矢部市, 富山県): one City value; its layout is a spec in ``layouts/``."""

from munigoals import sdk

CITY = sdk.City(
    sdk.Municipality(slug="oyabe", name_ja="小矢部市", name_en="Oyabe", code="162094", prefecture="富山県"),
    documents=(
        sdk.KnownDocument(
            "03_oyabe_seika-shihyo-tassei-h15.txt",
            "75aa10d6c061d03d4a3484afef77b6225021d8657dc0178de703bdf932e105a3",
            "小矢部市総合計画成果指標 — 2 成果指標達成状況",
            True,
            "小矢部市",
            sdk.PlanKind.COMPREHENSIVE,
            url="https://www.city.oyabe.toyama.jp/shiseijyouhou/1001905/1001920/1001926/1001938/1001939.html",
        ),
    ),
)

"""munigoals plugin for Iida (飯田市, 長野県): one City value; its layout is a spec in ``layouts/``."""

from munigoals import sdk

CITY = sdk.City(
    sdk.Municipality(slug="iida", name_ja="飯田市", name_en="Iida", code="202053", prefecture="長野県"),
    documents=(
        sdk.KnownDocument(
            "09_iida_mirai-design-2028-zentaizo.txt",
            "840df41cad02a99792c8ecef8c5c81a3dd3db926f9c574aa2b2d16ac1360653f",
            "いいだ未来デザイン2028 の全体像",
            True,
            "飯田市",
            sdk.PlanKind.COMPREHENSIVE,
            period=(2017, 2028),
        ),
    ),
)

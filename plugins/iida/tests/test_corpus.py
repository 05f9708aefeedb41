"""飯田市's いいだ未来デザイン2028 全体像 read from the real excerpt: its inline 進捗状況確認指標."""

from __future__ import annotations

import munigoals_iida
import pytest

from conftest import corpus_more_file
from munigoals import PluginHost
from munigoals.api import parse

DOC = "09_iida_mirai-design-2028-zentaizo.txt"

# policy, title, name, unit, baseline (value, year, text), target (value, year, text)
EXPECTED = [
    (
        "1",
        "若者が帰ってこられる産業をつくる",
        "学卒者の地域内回帰・定着率",
        "%",
        (43.9, 2014, "43.9%"),
        (50.0, 2019, "50.0%"),
    ),
    (
        "2",
        "飯田市への人の流れをつくる",
        "休日滞在人口率",
        "倍",
        (1.44, 2014, "1.44倍"),
        (1.5, 2019, "1.50倍"),
    ),
]


@pytest.fixture(scope="module")
def run():  # type: ignore[no-untyped-def]
    return parse([corpus_more_file(DOC)], host=PluginHost.only(iida=munigoals_iida))


def test_every_indicator_in_every_field(run) -> None:  # type: ignore[no-untyped-def]
    rows = run.tables["indicators"].to_dicts()
    for row, (policy, title, name, unit, base, target) in zip(rows, EXPECTED, strict=True):
        assert (row["policy_id"], row["policy_title"], row["name"], row["unit"]) == (
            policy,
            title,
            name,
            unit,
        )
        assert (row["baseline_value"], row["baseline_year"], row["baseline_text"]) == base
        assert (row["target_value"], row["target_year"], row["target_text"]) == target
        assert (row["target_comparator"], row["line"]) == ("eq", 1)
    assert len(rows) == len(EXPECTED)


def test_the_cut_goal_is_kept_and_reported(run) -> None:  # type: ignore[no-untyped-def]
    policies = run.tables["policies"].to_dicts()
    assert [(p["policy_id"], p["title"]) for p in policies][2] == (
        "3",
        "地育力が支える学び合いで、生きる力をもち、心豊かな人材を育む",
    )
    assert any("policy '3'" in i.message and i.span.first_line == 1 for i in run.issues)
    plan = run.plans[0]
    assert (plan.title, plan.fiscal_years) == ("いいだ未来デザイン2028 の全体像", (2017, 2028))


def test_prose_quoting_an_indicator_is_no_plan() -> None:
    # SOURCES.md describes the layout, quoting `指標名 43.9%⇒50.0% (平成26年度⇒平成31年度)`: no plan of it
    from munigoals.errors import MunigoalsError

    with pytest.raises(MunigoalsError, match="no plugin recognises"):
        parse([corpus_more_file("SOURCES.md")], host=PluginHost.only(iida=munigoals_iida))

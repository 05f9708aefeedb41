"""The Japanese text helpers: eras, fiscal years, numbers, units, comparators."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from munigoals.japanese import (
    actor_group,
    era_to_fiscal_year,
    fiscal_year_of,
    normalize,
    parse_era_date,
    parse_fiscal_year,
)
from munigoals.quantities import (
    Comparator,
    is_no_value,
    parse_comparator,
    parse_number,
    parse_value,
    split_unit_from_name,
)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("令和5年度", 2023),
        ("令和元年度", 2019),
        ("平成31年度", 2019),
        ("平成30年度", 2018),
        ("(令和6年度決算)", 2024),
        ("令和１２年度", 2030),
        ("昭和64年", 1989),
        ("R2", 2020),
        ("H30", 2018),
        ("H31.1.11", 2018),  # January 2019 belongs to fiscal 2018
        ("R2.9月末", 2020),
        ("86.5（2019）", 2019),
        ("目標値（2025年）", 2025),
        ("2024年度", 2024),
        ("目標", None),
        ("H0", None),  # found by the fuzz test: no era has a year 0
        ("令和0年度", None),
        ("9.8%（R元）", 2019),  # 元 is year 1, written as an abbreviation too
        ("(H元)", 1989),
        ("(令和元)", 2019),
        ("平成元", 1989),
        ("R元.10.1", 2019),
    ],
)
def test_parse_fiscal_year(text: str, year: int | None) -> None:
    assert parse_fiscal_year(text) == year


def test_era_date_and_fiscal_year_of() -> None:
    assert parse_era_date("H31.1.11") == dt.date(2019, 1, 11)
    assert fiscal_year_of(dt.date(2020, 3, 31)) == 2019
    assert fiscal_year_of(dt.date(2020, 4, 1)) == 2020


def test_unknown_era_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown era"):
        era_to_fiscal_year("慶応", 3)


@given(st.integers(min_value=1989, max_value=2099))
def test_every_fiscal_year_written_in_an_era_parses_back(year: int) -> None:
    era, start = ("平成", 1989) if year < 2019 else ("令和", 2019)
    n = year - start + 1
    written = f"{era}{'元' if n == 1 else n}年度"
    assert parse_fiscal_year(written) == year
    # the last Heisei year is also fiscal 2019 in 令和 terms
    abbreviation = f"{'H' if era == '平成' else 'R'}{n}"
    assert parse_fiscal_year(abbreviation) == year


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_numbers_with_commas_or_in_full_width_parse_back(value) -> None:  # type: ignore[no-untyped-def]
    plain = f"{value:f}"
    with_commas = f"{value:,f}"
    full_width = with_commas.translate(str.maketrans("0123456789,.", "０１２３４５６７８９，．"))
    for text in (plain, with_commas, full_width):
        assert parse_number(text) == pytest.approx(float(value))


@pytest.mark.parametrize("text", ["―", "—", "－", "-", "ー", "― (令和7年度創設)", "—（2020）"])
def test_no_value_marks(text: str) -> None:
    assert is_no_value(text)


def test_numbers_are_not_no_value() -> None:
    assert not is_no_value("-3")
    assert not is_no_value("12")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.0 未満", (12.0, None, Comparator.LT, "")),
        ("100件以上", (100.0, "件", Comparator.GE, "")),
        ("66% [144/217棟]", (66.0, "%", Comparator.EQ, "[144/217棟]")),
        ("５４，５０４人", (54504.0, "人", Comparator.EQ, "")),
        ("40.0%以上", (40.0, "%", Comparator.GE, "")),
        ("5超", (5.0, None, Comparator.GT, "")),
        ("3以下", (3.0, None, Comparator.LE, "")),
        ("講演会1回", (None, None, Comparator.EQ, "講演会1回")),
    ],
)
def test_parse_value(text: str, expected: tuple[object, ...]) -> None:
    assert parse_value(text) == expected


def test_parse_comparator() -> None:
    assert parse_comparator("6.5%未満") == ("6.5%", Comparator.LT)
    assert parse_comparator("15,600") == ("15,600", Comparator.EQ)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("経常収支比率（※２）（％）", ("経常収支比率", "%", ("※2",))),
        ("結婚支援事業を通じた成婚数の累計（件）（※）", ("結婚支援事業を通じた成婚数の累計", "件", ("※",))),
        ("市税徴収率（滞納繰越分を含む）（％）", ("市税徴収率(滞納繰越分を含む)", "%", ())),
        ("会議等の開催数（回 /年）", ("会議等の開催数", "回/年", ())),
        ("相談件数の累計 (件 )", ("相談件数の累計", "件", ())),
        ("財政力指数（※１）", ("財政力指数", None, ("※1",))),
    ],
)
def test_split_unit_from_name(name: str, expected: tuple[object, ...]) -> None:
    assert split_unit_from_name(name) == expected


def test_normalize_collapses_space_and_drops_replacement_characters() -> None:
    assert normalize("　市　民\ufffd  ＩＣＴ\t") == "市 民 ICT"


def _normalize_by_definition(text: str) -> str:
    """What normalize promises, written the slow, obvious way."""
    parts = re.split(r"([\u2460-\u2473])", text)
    text = "".join(p if k % 2 else unicodedata.normalize("NFKC", p) for k, p in enumerate(parts))
    return re.sub(r"\s+", " ", text.replace("\ufffd", " ")).strip()


_TRICKY = st.sampled_from(list(" \t\n\r\u3000\u00a0\x1c\x85\u2028\ufffd①⑳（）％ｶﾞ㍻ＩＣＴ가\u0301"))


@given(st.lists(st.one_of(st.characters(exclude_categories=("Cs",)), _TRICKY), max_size=12).map("".join))
def test_normalize_keeps_its_definition(text: str) -> None:
    """The fast path (a quick NFKC check, str.split for white space) agrees with the definition."""
    assert normalize(text) == _normalize_by_definition(text)


@pytest.mark.parametrize(
    ("actor", "group"),
    [
        ("市民", "citizens"),
        ("市　民", "citizens"),
        ("企業", "businesses"),
        ("事業者など", "businesses"),
        ("活動団体", "community_groups"),
        ("自治会・活動団体など", "community_groups"),
        ("各種団体・事業者など", "community_groups"),
        ("教育関係者など", "educators"),
        ("行政・学校", "government"),
        ("行政", "government"),
        ("宇宙人", "other"),
    ],
)
def test_actor_group(actor: str, group: str) -> None:
    assert actor_group(actor) == group

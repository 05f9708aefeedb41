"""``munigoals table`` prints bundled data from plain Python values, without Polars: its output is the
bytes the Polars frames of the same data give, for every table, city and format, through one renderer."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from munigoals import api
from munigoals.errors import MunigoalsError
from munigoals.output import render, text_table
from munigoals.plugins import default_host
from munigoals.tables import TABLE_NAMES, Rows, bundle_rows, frame_of, table_from_rows


def _frame_as_before(name: str, cities: list[str] | None) -> pl.DataFrame:
    """The table as Polars read it before: each city's JSON lines through table_from_rows, concatenated."""
    host = default_host()
    frames = []
    for city in host.select(cities):
        path = city.data_dir / f"{name}.jsonl" if city.data_dir else None
        if path is not None and path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            frames.append(table_from_rows(name, [json.loads(line) for line in lines if line]))
    return pl.concat(frames) if frames else table_from_rows(name, [])


@pytest.mark.parametrize("name", TABLE_NAMES)
@pytest.mark.parametrize("cities", [["suzaka"], ["ueda"], None])
def test_every_bundled_table_prints_the_bytes_of_its_polars_frame(
    name: str, cities: list[str] | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = api.bundled_rows(name, cities)
    frame = _frame_as_before(name, cities)
    assert frame_of(rows).equals(frame) and frame_of(rows).schema == frame.schema
    assert frame.equals(api.bundled_tables(cities)[name])
    for fmt in ("json", "jsonl", "csv"):
        assert render(rows, fmt, name) == render(frame, fmt, name), fmt
    for width in ("200", "80", "40"):
        monkeypatch.setenv("COLUMNS", width)
        assert render(rows, "table", name) == render(frame, "table", name), width


_LINES = [
    {"city": "suzaka", "policy_id": "1", "name": "「広報」を読む人の割合", "unit": "%", "baseline_value": 86.5,
     "baseline_year": 2019, "target_comparator": ">=", "target_value": 90.0, "target_year": 2025,
     "document": "a.txt", "line": 14, "provenance": "stated"},
    {"city": "suzaka", "policy_id": "12", "name": "会議の開催数", "unit": "回/年", "baseline_value": None,
     "baseline_year": None, "target_comparator": "eq", "target_value": 15, "target_year": 2025,
     "document": "a.txt", "line": 738, "note": "NaN below", "interim_target_value": float("nan")},
]  # fmt: skip

_EXPECTED = """\
city    policy_id  name                    unit   baseline_value  baseline_year  target_comparator  target_value  target_year  document  line
──────  ─────────  ──────────────────────  ─────  ──────────────  ─────────────  ─────────────────  ────────────  ───────────  ────────  ────
suzaka  1          「広報」を読む人の割合  %                86.5           2019  ge                           90         2025  a.txt       14
suzaka  12         会議の開催数            回/年                                 eq                           15         2025  a.txt      738
2 row(s); 25 more column(s) with --format csv/json/parquet
"""


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    (tmp_path / "indicators.jsonl").write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in _LINES), encoding="utf-8"
    )
    (tmp_path / "targets.jsonl").write_text(
        json.dumps({"city": "x", "item": "研修", "achieved": True, "target_value": 3, "line": 2}) + "\n"
        + json.dumps({"city": "x", "item": "講座", "achieved": False, "line": 5}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    return tmp_path


def test_the_terminal_table_of_plain_values(bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    rows = bundle_rows(bundle, "indicators")
    assert render(rows, "table", "indicators").decode() == _EXPECTED  # 86.5 and 90, nulls blank, wide text
    assert rows.rows[1][rows.columns.index("target_value")] == 15.0  # a Float64 column holds floats
    assert rows.rows[0][rows.columns.index("target_comparator")] == "ge"  # an older file's symbol, as a code
    assert render(rows, "table", "indicators") == render(frame_of(rows), "table", "indicators")


def test_json_of_plain_values_is_strict_and_typed(bundle: Path) -> None:
    rows = bundle_rows(bundle, "indicators")
    objects = json.loads(render(rows, "json", "indicators"))
    assert objects[1]["target_value"] == 15.0 and "15.0" in render(rows, "jsonl").decode()
    assert objects[1]["interim_target_value"] is None  # NaN: JSON has no such number
    assert list(objects[0]) == list(rows.columns)
    for fmt in ("json", "jsonl", "csv"):
        assert render(rows, fmt, "indicators") == render(frame_of(rows), fmt, "indicators")


def test_booleans_are_words_and_not_numbers(bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    rows = bundle_rows(bundle, "targets")
    text = render(rows, "table", "targets").decode()
    assert "true" in text and "false" in text
    assert text == render(frame_of(rows), "table", "targets").decode()
    assert text.splitlines()[-1] == "2 row(s); 16 more column(s) with --format csv/json/parquet"


def test_a_missing_table_file_is_an_empty_table(tmp_path: Path) -> None:
    rows = bundle_rows(tmp_path, "roles")
    assert rows.rows == [] and frame_of(rows).schema == table_from_rows("roles", []).schema
    assert render(rows, "table", "roles").decode().splitlines()[-1].startswith("0 row(s)")


@pytest.mark.parametrize(
    "line",
    [
        '{"city": "x", "line": "fourteen"}',
        '{"city": 5}',
        "[1, 2]",
        '{"city": "x", "baseline_value": true}',
        "{",
    ],
)
def test_bundled_data_that_cannot_be_read_is_one_line_naming_the_file(tmp_path: Path, line: str) -> None:
    (tmp_path / "indicators.jsonl").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(MunigoalsError, match=r"indicators\.jsonl cannot be read .*reinstall the city plugin"):
        bundle_rows(tmp_path, "indicators")


def test_one_renderer_for_rows_and_frames() -> None:
    rows = Rows(
        "t", ("name", "n", "x"), ("String", "Int64", "Float64"), [("長い名前です", 3, 0.5), (None, 12, None)]
    )
    plain = text_table(rows.columns, rows.rows, 80, numeric=[False, True, True])
    assert plain.splitlines() == [
        "name           n    x",
        "────────────  ──  ───",
        "長い名前です   3  0.5",
        "              12",
    ]
    assert render(rows, "table", "t") == render(frame_of(rows), "table", "t")

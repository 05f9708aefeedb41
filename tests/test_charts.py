"""Charts: every kind validates, exports offline HTML, JSON, SVG and PNG, and draws Japanese glyphs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import polars as pl
import pytest

import munigoals
from munigoals import charts
from munigoals.charts import japanese_font, save_chart

NAMES = {"ueda": "上田市", "suzaka": "須坂市"}


@pytest.fixture(scope="module")
def compared() -> pl.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return munigoals.api.compare()


def all_kinds(compared: pl.DataFrame, names: dict[str, str] = NAMES, lang: str = "ja") -> dict[str, object]:
    registry = munigoals.api.concept_registry()
    series = munigoals.api.series("convenience_store_certificates", cities=["ueda"])
    return {
        "dumbbell": charts.dumbbell_chart(compared, names, lang),
        "ambition": charts.ambition_chart(compared, names, lang),
        "progress": charts.progress_chart(compared, names, lang),
        "roles": charts.roles_chart(munigoals.bundled_tables()["roles"], names, lang),
        "series": charts.series_chart(series, names, lang, registry["convenience_store_certificates"]),
    }


@pytest.mark.parametrize("kind", charts.CHART_KINDS)
def test_every_kind_validates_against_the_vega_lite_schema(compared: pl.DataFrame, kind: str) -> None:
    spec = all_kinds(compared)[kind].to_dict(validate=True)  # type: ignore[attr-defined]
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


def test_sources_and_notes_travel_with_the_chart(compared: pl.DataFrame) -> None:
    spec = json.dumps(all_kinds(compared)["dumbbell"].to_dict(), ensure_ascii=False)  # type: ignore[attr-defined]
    assert "行 511" in spec and "行 314" in spec  # caption: sources with their lines
    assert '"field": "note_shown"' in spec  # the comparability note in the tooltip
    assert "strokeDash" in spec and "proxy" in spec  # proxy drawn unlike exact


def test_html_is_self_contained(compared: pl.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "c.html"
    save_chart(all_kinds(compared)["dumbbell"], path, None)  # type: ignore[arg-type]
    html = path.read_text(encoding="utf-8")
    assert "<script" in html and "vegaEmbed" in html
    assert not re.search(r"<script[^>]+src=", html), "no script may be loaded"
    assert not re.search(r"https?://(cdn|unpkg|fastly)", html)


@pytest.mark.parametrize("kind", charts.CHART_KINDS)
def test_svg_png_and_json_are_written_for_each_kind(
    compared: pl.DataFrame, tmp_path: Path, kind: str
) -> None:
    chart = all_kinds(compared)[kind]
    font = japanese_font()
    for suffix in (".svg", ".png", ".json"):
        path = tmp_path / f"{kind}{suffix}"
        save_chart(chart, path, font)  # type: ignore[arg-type]
        assert path.stat().st_size > 500
    assert (tmp_path / f"{kind}.png").read_bytes().startswith(b"\x89PNG")
    assert "<svg" in (tmp_path / f"{kind}.svg").read_text(encoding="utf-8")[:500]


def test_japanese_city_names_are_drawn(compared: pl.DataFrame, tmp_path: Path) -> None:
    font = japanese_font()
    if font is None:
        pytest.skip(
            "no Japanese font installed (apt-get install fonts-ipafont-gothic): glyphs cannot be drawn"
        )
    chart = charts.dumbbell_chart(compared.filter(pl.col("concept") == "real_debt_service_ratio"), NAMES)
    svg = tmp_path / "ja.svg"
    save_chart(chart, svg, font)
    text = svg.read_text(encoding="utf-8")
    assert "上田市" in text and "須坂市" in text
    # same chart with the names made of characters no font has: had the Japanese glyphs not been drawn
    # (empty boxes), the two pictures would be the same
    missing = {"ueda": "\ue000\ue000\ue000", "suzaka": "\ue001\ue001\ue001"}
    with_names = tmp_path / "ja.png"
    without = tmp_path / "none.png"
    save_chart(chart, with_names, font)
    save_chart(
        charts.dumbbell_chart(compared.filter(pl.col("concept") == "real_debt_service_ratio"), missing),
        without,
        font,
    )
    assert with_names.read_bytes() != without.read_bytes()


def test_cli_chart_svg_names_both_cities(tmp_path: Path) -> None:
    out = tmp_path / "x.svg"
    proc = subprocess.run([sys.executable, "-m", "munigoals", "chart", "real_debt_service_ratio", "-o", str(out)],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert ("上田市" in text and "須坂市" in text) or ("Ueda" in text and "Suzaka" in text)


def test_cli_chart_without_output_writes_html_and_says_where(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "munigoals", "chart", "--kind", "roles"], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    written = list(tmp_path.glob("*.html"))
    assert len(written) == 1 and str(written[0].name) in proc.stderr


def test_cli_chart_bad_suffix_and_kind(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "munigoals", "chart", "-o", str(tmp_path / "x.gif")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (
        proc.returncode == 2
        and "choose a file ending in .html" in proc.stderr
        and "Traceback" not in proc.stderr
    )
    proc = subprocess.run(
        [sys.executable, "-m", "munigoals", "chart", "--lang", "fr"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2


def test_english_labels(compared: pl.DataFrame) -> None:
    spec = json.dumps(
        charts.dumbbell_chart(compared, {"ueda": "Ueda", "suzaka": "Suzaka"}, "en").to_dict(),
        ensure_ascii=False,
    )
    assert "Real debt service ratio — lower is better" in spec


def test_document_text_can_never_become_markup_or_script_in_html(
    compared: pl.DataFrame, tmp_path: Path
) -> None:
    hostile = "</script><img src=x onerror=alert(1)>"
    frame = compared.with_columns(pl.lit(hostile).alias("name"), pl.lit(hostile).alias("note"))
    path = tmp_path / "hostile.html"
    save_chart(charts.dumbbell_chart(frame, NAMES, "en"), path, None)
    html = path.read_text(encoding="utf-8")
    assert hostile not in html and "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e" in html
    assert html.count("<script") == 2 and "<title>" in html and "<title>Chart</title>" not in html
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed: the page is not opened")
    dom = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000",
         "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
    assert "<svg" in dom, "the chart was drawn"
    elements = re.sub(r"<script.*?</script>", "", dom, flags=re.S)  # the page's own code aside
    assert "<img" not in elements, "document text became an element"
    assert "is better</title>" in elements  # the page is titled by the chart, and the title is unchanged


def test_static_exports_are_byte_identical_cite_titles_and_credit_munigoals(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        chart = munigoals.chart(["real_debt_service_ratio"], kinds=["dumbbell"], lang="en")
    font = japanese_font()
    outputs = {}
    for suffix in (".svg", ".html", ".json", ".png"):
        first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
        save_chart(chart, first, font)
        save_chart(chart, second, font)
        assert first.read_bytes() == second.read_bytes(), suffix
        outputs[suffix] = first.read_bytes()
    save_chart(chart, tmp_path / "c.pdf", font)
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")
    svg = outputs[".svg"].decode("utf-8")
    assert "第六次須坂市総合計画 前期基本計画 l. 511" in svg and "004_22a3fa7b6e68a797.txt" not in svg
    assert f"munigoals {munigoals.__version__}" in svg


def test_every_kind_built_again_is_the_same_bytes(compared: pl.DataFrame, tmp_path: Path) -> None:
    """Tables grouped without an order once made each build of a chart differ (not PDF: vl-convert
    embeds fonts in an order of its own)."""
    font = japanese_font()
    builds = [all_kinds(compared), all_kinds(compared), all_kinds(compared)]
    for kind in builds[0]:
        for suffix in (".svg", ".png", ".json"):
            written = []
            for n, build in enumerate(builds):
                path = tmp_path / f"{kind}{n}{suffix}"
                save_chart(build[kind], path, font)  # type: ignore[arg-type]
                written.append(path.read_bytes())
            assert written[0] == written[1] == written[2], (kind, suffix)


def _marks(spec: object) -> list[dict[str, object]]:
    """Every single-view spec (one with a mark) inside a Vega-Lite spec."""
    found: list[dict[str, object]] = []
    if isinstance(spec, dict):
        if "mark" in spec:
            found.append(spec)
        for value in spec.values():
            found.extend(_marks(value))
    elif isinstance(spec, list):
        for item in spec:
            found.extend(_marks(item))
    return found


def test_one_concept_gives_one_figure_suited_to_it() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = munigoals.chart(["real_debt_service_ratio"], lang="en").to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert "lower is better" in text  # the dumbbell's title
    assert (
        "Roles expected" not in text
        and "Improvement needed" not in text
        and "values by fiscal year" not in text
    )


def test_series_leaves_gaps_open_and_draws_no_path_to_a_ceiling() -> None:
    registry = munigoals.api.concept_registry()
    frame = pl.DataFrame(
        {
            "city": ["ueda"] * 5,
            "fiscal_year": [2019, 2020, 2023, 2025, 2026],
            "value": [1.0, 2.0, 3.0, 5.0, 4.0],
            "unit": ["%"] * 5,
            "kind": ["observed", "observed", "observed", "target <", "target ="],
            "name": ["x"] * 5,
            "match": ["exact"] * 5,
            "document": ["d.txt"] * 5,
            "line": [1, 2, 3, 4, 5],
        }
    )
    spec = charts.series_chart(frame, NAMES, "en", registry["real_debt_service_ratio"]).to_dict()
    datasets = spec["datasets"]
    lines = [
        m for m in _marks(spec) if (m["mark"] if isinstance(m["mark"], str) else m["mark"]["type"]) == "line"
    ]
    solid = next(m for m in lines if "strokeDash" not in m["mark"])
    runs = {row["run"] for row in datasets[solid["data"]["name"]]}
    assert len(runs) == 2  # 2019-2020, then 2023 alone: 2021-2022 are not bridged
    dashed = next(m for m in lines if isinstance(m["mark"], dict) and "strokeDash" in m["mark"])
    path = datasets[dashed["data"]["name"]]
    assert sorted(row["fiscal_year"] for row in path) == [2023, 2026]  # to the level target, not the ceiling
    labels = json.dumps(spec, ensure_ascii=False)
    assert "below 5" in labels


def test_a_row_without_baseline_draws_no_baseline_and_says_so() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = munigoals.chart(["akiya_bank"], lang="en").to_dict()
    assert "Ueda: no baseline stated (target only)" in json.dumps(spec, ensure_ascii=False)
    circles = [
        m
        for m in _marks(spec)
        if m["mark"] == "circle" or (isinstance(m["mark"], dict) and m["mark"].get("type") == "circle")
    ]
    assert circles and all("baseline_value != null" in json.dumps(m.get("transform", [])) for m in circles)


def test_width_scale_and_font_stack(tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    proc = subprocess.run([sys.executable, "-m", "munigoals", "chart", "real_debt_service_ratio", "--width", "300",
                           "-o", str(out)], capture_output=True, text=True, timeout=300, cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    spec = json.loads(out.read_text(encoding="utf-8"))
    widths = re.findall(r'"width": (\d+)', json.dumps({k: v for k, v in spec.items() if k != "config"}))
    assert widths and set(widths) == {"300"}
    assert charts.font_stack("IPAGothic").startswith('"IPAGothic", ') and charts.font_stack("X").endswith(
        "sans-serif"
    )
    small, large = tmp_path / "s.png", tmp_path / "l.png"
    for path, scale in ((small, "1"), (large, "2")):
        proc = subprocess.run([sys.executable, "-m", "munigoals", "chart", "real_debt_service_ratio", "--lang", "en",
                               "--scale", scale, "-o", str(path)], capture_output=True, text=True, timeout=300)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
    assert len(large.read_bytes()) > len(small.read_bytes())


def test_python_save_writes_offline_html_like_the_command_line(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        figure = munigoals.chart(["real_debt_service_ratio"], lang="en")
    figure.save(tmp_path / "a.html")
    save_chart(figure, tmp_path / "b.html", japanese_font())
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "<script src=" not in page and "cdn.jsdelivr" not in page
    assert page == (tmp_path / "b.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_tooltips_are_titled_in_the_language_and_never_raw_column_names(
    compared: pl.DataFrame, lang: str
) -> None:
    for kind, chart in all_kinds(compared, lang=lang).items():
        text = json.dumps(chart.to_dict(), ensure_ascii=False)  # type: ignore[attr-defined]
        tips = re.findall(r'"tooltip": \[(.*?)\]', text)
        for tip in tips:
            for entry in re.findall(r"\{[^{}]*\}", tip):
                item = json.loads(entry)
                assert "title" in item and "_" not in item["title"], (
                    kind,
                    item,
                )


def test_ambition_names_the_rows_it_cannot_draw(compared: pl.DataFrame) -> None:
    undrawn = compared.filter(
        pl.col("improvement_per_year").is_null()
        & ~(pl.col("already_met").fill_null(False) & pl.col("headroom").is_not_null())
    )
    assert not undrawn.is_empty(), "the shipped data has rows without a baseline or target"
    text = json.dumps(charts.ambition_chart(compared, NAMES, "en").to_dict(), ensure_ascii=False)
    for row in undrawn.iter_rows(named=True):
        assert f"not drawn: {NAMES[row['city']]}: {row['concept_label_en']}" in text
    assert '"persons"' in text or "persons" in text


@pytest.mark.parametrize("kind", charts.CHART_KINDS)
def test_every_kind_cites_plans_by_title_and_credits_munigoals_in_the_svg(kind: str, tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        concepts = ["convenience_store_certificates"] if kind == "series" else None
        figure = munigoals.chart(concepts, kinds=[kind], lang="en")
    out = tmp_path / f"{kind}.svg"
    save_chart(figure, out, japanese_font())
    svg = out.read_text(encoding="utf-8")
    titles = ("第六次須坂市総合計画 前期基本計画", "上田市総合計画 基本計画", "令和2年度 重点目標管理シート")
    assert any(title in svg for title in titles), kind
    assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", svg), "figures cite titles, not file names"
    assert f"munigoals {munigoals.__version__}" in svg
    assert re.search(r"munigoals-ueda [\d.]+ of \d{4}-\d{2}-\d{2}", svg), "the data's version and date"
    if kind == "dumbbell":
        assert "1. Suzaka (proxy)" in svg  # the proxy caveat is a numbered footnote, not only a tooltip

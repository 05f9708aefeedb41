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
            "kind": ["observed", "observed", "observed", "target lt", "target eq"],
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
    out = tmp_path / "x.svg"
    proc = subprocess.run([sys.executable, "-m", "munigoals", "chart", "--kind", "dumbbell", "--width", "300",
                           "-o", str(out)], capture_output=True, text=True, timeout=300, cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert charts.svg_width(out.read_text(encoding="utf-8")) <= 320, (
        "the figure, titles and notes, fits 300 px"
    )
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


# --- figures a journal accepts and a phone shows (issue 30) ---------------------------------------

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
_SCALED = ("color", "shape", "strokeDash", "opacity", "fill")


def _figures(lang: str, width: int | None = None) -> dict[str, object]:
    """Every kind as the command line draws it, in ``lang``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = {}
        for kind in charts.CHART_KINDS:
            concepts = ["convenience_store_certificates"] if kind == "series" else None
            out[kind] = munigoals.chart(concepts, kinds=[kind], lang=lang, width=width)
        return out


def _encodings(spec: object) -> list[tuple[str, object, object, object, object]]:
    """(channel, field, scale domain, scale range, sort) of every scaled channel and facet, in order."""
    found: list[tuple[str, object, object, object, object]] = []

    def walk(item: object) -> None:
        if isinstance(item, dict):
            encoding = item.get("encoding")
            if isinstance(encoding, dict):
                for channel in (*_SCALED, "row", "column", "yOffset"):
                    enc = encoding.get(channel)
                    if isinstance(enc, dict) and "field" in enc:
                        scale = enc.get("scale") or {}
                        found.append(
                            (channel, enc["field"], scale.get("domain"), scale.get("range"), enc.get("sort"))
                        )
            facet = item.get("facet")
            if isinstance(facet, dict):
                for channel, enc in facet.items():
                    found.append((channel, enc.get("field"), None, None, len(enc.get("sort") or [])))
            for key, value in item.items():
                if key not in ("datasets", "config", "usermeta"):
                    walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(spec)
    return found


def _channels(spec: object, channel: str) -> list[dict[str, object]]:
    """Every encoding of ``channel`` in the spec."""
    found: list[dict[str, object]] = []
    if isinstance(spec, dict):
        encoding = spec.get("encoding")
        if isinstance(encoding, dict) and isinstance(encoding.get(channel), dict):
            found.append(encoding[channel])
        for key, value in spec.items():
            if key not in ("datasets", "config", "usermeta"):
                found += _channels(value, channel)
    elif isinstance(spec, list):
        for value in spec:
            found += _channels(value, channel)
    return found


def _drawn_rows(spec: dict[str, object]) -> list[tuple[object, ...]]:
    """The (concept, city, kind) of every row drawn, dataset by dataset in the order the spec uses them."""
    names = re.findall(r'"data": \{"name": "([^"]+)"\}', json.dumps(spec))
    datasets = spec["datasets"]
    assert isinstance(datasets, dict)
    return [
        (row.get("concept"), row.get("city"), row.get("kind"), row.get("actor_group"))
        for name in names
        for row in datasets[name]
    ]


def test_ja_and_en_share_colour_shape_and_dash_domains_and_orders_in_every_kind() -> None:
    ja, en = _figures("ja"), _figures("en")
    for kind in charts.CHART_KINDS:
        spec_ja = ja[kind].to_dict()  # type: ignore[attr-defined]
        spec_en = en[kind].to_dict()  # type: ignore[attr-defined]
        enc_ja, enc_en = _encodings(spec_ja), _encodings(spec_en)
        assert enc_ja, kind
        assert enc_ja == enc_en, kind  # same fields, domains, ranges and orders, channel by channel
        assert _drawn_rows(spec_ja) == _drawn_rows(spec_en), kind  # panels and places in one order
        for spec in (spec_ja, spec_en):  # a translated label never orders an axis alphabetically
            for y in _channels(spec, "y"):
                if y.get("field") in ("concept_label", "concept_label_en", "city_name", "row_label"):
                    assert y.get("sort") is not None, (kind, y)


def test_one_colour_a_city_one_shape_a_kind_across_panels_and_kinds() -> None:
    figures = {**{f"{k}-ja": v for k, v in _figures("ja").items()}}
    colours: dict[str, set[str]] = {}
    shapes: dict[str, set[str]] = {}
    dashes: dict[str, set[str]] = {}
    panels = 0
    for figure in figures.values():
        for channel, field, domain, range_, _ in _encodings(figure.to_dict()):  # type: ignore[attr-defined]
            if not (domain and range_):
                continue
            panels += 1
            for value, shown in zip(domain, range_, strict=True):  # type: ignore[call-overload]
                if channel == "color" and field == "city":
                    colours.setdefault(value, set()).add(shown)
                if channel == "shape" and field == "kind":
                    shapes.setdefault(value, set()).add(shown)
                if channel == "strokeDash" and field == "match":
                    dashes.setdefault(value, set()).add(json.dumps(shown))
    assert panels >= 10  # the dumbbell's seven panels and the other kinds
    assert set(colours) == {"ueda", "suzaka"} and all(len(c) == 1 for c in colours.values())
    assert colours["ueda"] != colours["suzaka"]
    assert {"observed", "baseline", "actual", "target eq"} <= set(shapes) and all(
        len(s) == 1 for s in shapes.values()
    )
    assert set(dashes) == {"exact", "proxy", "related"} and all(len(d) == 1 for d in dashes.values())


def _texts(spec: object) -> list[str]:
    """Every text a reader sees: titles, subtitles, axis and legend titles, label tables, drawn labels."""
    out: list[str] = []
    shown_fields = {
        "baseline_label", "target_label", "label", "text", "row_label", "unit_shown", "city_name",
        "actor_label", "kind_label", "match_label", "note_shown", "judged", "inside", "concept_shown",
        "target_kind_label",
    }  # fmt: skip

    def walk(item: object, key: str = "") -> None:
        if isinstance(item, dict):
            for k, value in item.items():
                if k == "datasets":
                    for rows in value.values():
                        out.extend(str(r[f]) for r in rows for f in shown_fields if r.get(f))
                elif k == "labelExpr":
                    out.extend(re.findall(r'"[^"]*": "([^"]*)"', value))
                elif k not in ("config", "usermeta", "field", "name", "data", "transform", "sort", "format"):
                    walk(value, k)
        elif (
            isinstance(item, list)
            and key in ("title", "text", "subtitle")
            and all(isinstance(v, str) for v in item)
        ):
            out.append("\n".join(item))  # lines wrapped to the width: one text
        elif isinstance(item, list):
            for value in item:
                walk(value, key)
        elif isinstance(item, str) and key in ("title", "text", "subtitle", "value"):
            out.append(item)

    walk(spec)
    return out


def _proper_names() -> set[str]:
    """Plan titles and indicator names as the plans write them: proper names, kept as they are."""
    host = munigoals.api.default_host()
    names = {doc.title for city in host.cities for doc in city.documents}
    names |= set(munigoals.bundled_tables()["indicators"]["name"].to_list())
    return names


def test_an_english_chart_holds_no_japanese_and_a_japanese_chart_no_english_sentence() -> None:
    proper = sorted(_proper_names(), key=len, reverse=True)

    def without_names(text: str) -> list[str]:
        variants = []
        for joined in (text.replace("\n", " "), text.replace("\n", "")):  # a line broken at a space or not
            for name in proper:
                joined = joined.replace(name, "")
            variants.append(joined)
        return variants

    for kind, figure in _figures("en").items():
        for text in _texts(figure.to_dict()):  # type: ignore[attr-defined]
            # a reading or gloss in brackets stays: (登録者数), (滞納繰越分を含む)
            plains = [re.sub(r"\([^()]*\)", "", p) for p in without_names(text)]
            assert any(not _CJK.search(p) for p in plains), (kind, text)
    english_sentence = re.compile(r"\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}")
    for kind, figure in _figures("ja").items():
        for text in _texts(figure.to_dict()):  # type: ignore[attr-defined]
            plains = [re.sub(r"munigoals[\w.\- ]*", "", p) for p in without_names(text)]
            assert any(not english_sentence.search(p) for p in plains), (kind, text)
            assert "訳なし" not in text, (kind, text)


def test_no_translation_is_missing_for_the_bundled_cities(compared: pl.DataFrame) -> None:
    registry = munigoals.api.concept_registry()
    missing = [
        f"{rule.city or 'registry'}: {rule.concept} {rule.pattern!r}"
        for rule in [*registry.city_rules, *(r for c in registry.concepts.values() for r in c.rules)]
        if rule.note and not rule.note_ja
    ]
    assert missing == []
    assert charts.untranslated_reasons(compared["metric_note"].to_list()) == []
    units = {u for u in compared["unit"].drop_nulls().to_list()} | {"pt"}
    assert all(charts.unit_label(u, "en") != u or u in ("%",) for u in units), units


def test_a_rates_unit_says_its_period_in_english_too() -> None:
    assert [charts.unit_label(u, "en") for u in ("回/週", "回/月", "回/2か月")] == [
        "times a week",
        "times a month",
        "times every two months",
    ]
    assert charts.unit_label("回/週", "ja") == "回/週"


def test_a_missing_translation_falls_back_visibly() -> None:
    assert charts.reason("a reason nobody translated", "ja").startswith("（日本語訳なし）")
    assert charts.reason("no target value", "ja") == "目標値の記載なし"


@pytest.mark.parametrize("kind", charts.CHART_KINDS)
def test_width_300_gives_a_figure_at_most_320_px_wide_in_both_languages(kind: str) -> None:
    import vl_convert as vlc

    for lang in ("ja", "en"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            concepts = ["convenience_store_certificates"] if kind == "series" else None
            figure = munigoals.chart(concepts, kinds=[kind], lang=lang, width=300)
        svg = vlc.vegalite_to_svg(charts.figure_spec(figure, japanese_font()))
        assert charts.svg_width(svg) <= 320, (kind, lang, charts.svg_width(svg))


def test_size_85mm_at_300_dpi_is_a_png_1004_px_wide(tmp_path: Path) -> None:
    out = tmp_path / "journal.png"
    proc = subprocess.run([sys.executable, "-m", "munigoals", "chart", "real_debt_service_ratio", "--size", "85mm",
                           "--dpi", "300", "-o", str(out)], capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    data = out.read_bytes()
    assert int.from_bytes(data[16:20], "big") == 1004
    wide = tmp_path / "page.svg"
    proc = subprocess.run([sys.executable, "-m", "munigoals", "chart", "real_debt_service_ratio", "--size", "174mm",
                           "-o", str(wide)], capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert 'width="174mm"' in wide.read_text(encoding="utf-8")[:400]
    bad = subprocess.run([sys.executable, "-m", "munigoals", "chart", "--size", "3in", "-o", str(tmp_path / "x.png")],
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert bad.returncode == 2 and "--size" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_text_is_drawn_under_12_px(lang: str) -> None:
    import vl_convert as vlc

    for kind, figure in _figures(lang).items():
        svg = vlc.vegalite_to_svg(charts.figure_spec(figure, japanese_font()))  # type: ignore[arg-type]
        sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)px"', svg)]
        assert sizes and min(sizes) >= 12, (kind, min(sizes))


def test_title_caption_and_per_capita_are_in_the_figure(tmp_path: Path) -> None:
    out = tmp_path / "f.svg"
    proc = subprocess.run([sys.executable, "-m", "munigoals", "chart", "sns_followers", "--per-capita", "--lang", "en",
                           "--title", "Fig. 2 Social media reach", "--caption", "Both plans, as published.",
                           "-o", str(out)], capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    svg = out.read_text(encoding="utf-8")
    assert "Fig. 2 Social media reach" in svg and "Both plans, as published." in svg
    assert "per 1,000 residents" in svg and "2017-01-01" in svg and "住民基本台帳" in svg  # source and date
    assert "70,000 persons" not in svg  # the unadjusted count is not drawn


def test_ceilings_are_drawn_from_zero(compared: pl.DataFrame) -> None:
    spec = charts.dumbbell_chart(
        compared.filter(pl.col("concept") == "future_burden_ratio"), NAMES, "en"
    ).to_dict()
    rows = [r for rows in spec["datasets"].values() for r in rows if r.get("target_kind") == "ceiling"]
    assert rows and all(r["zone_from"] == 0 and r["zone_to"] == r["target_value"] for r in rows)
    assert '"domain": [0.0' in json.dumps(spec)


def test_greyscale_safe_every_city_and_group_has_a_mark_besides_colour() -> None:
    for kind, figure in _figures("en").items():
        encodings = _encodings(figure.to_dict())  # type: ignore[attr-defined]
        text = json.dumps(figure.to_dict(), ensure_ascii=False)  # type: ignore[attr-defined]
        coloured = {f for c, f, *_ in encodings if c == "color"}
        if "city" in coloured:  # the city is also a position, a dash or a label
            assert '"field": "city_name"' in text or any(
                c == "strokeDash" and f == "city" for c, f, *_ in encodings
            ), kind
        if "actor_group" in coloured:
            assert '"field": "inside"' in text, kind  # each segment named in it
        if "grade_label" in coloured:
            assert "datum.grade" in text, kind  # the letter on the mark


def _three_cities(compared: pl.DataFrame) -> pl.DataFrame:
    third = compared.filter(pl.col("city") == "ueda").with_columns(pl.lit("nagano").alias("city"))
    return pl.concat([compared, third])


def test_html_has_its_data_table_csv_viewport_and_a_place_picker_for_three_places(
    compared: pl.DataFrame, tmp_path: Path
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        figure = munigoals.chart(["real_debt_service_ratio"], lang="en")
    page_path = tmp_path / "f.html"
    save_chart(figure, page_path, None)
    page = page_path.read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<table>" in page and "<th>baseline</th>" in page and "Download data (CSV)" in page
    assert 'href="data:text/csv;charset=utf-8;base64,' in page and "vega-actions" in page  # in the menu too
    assert "overflow-x:auto" in page  # scrolls inside its frame on a phone, never clipped
    assert "params" not in charts.figure_spec(figure)  # two places: no picker
    names = {**NAMES, "nagano": "長野市"}
    spec = charts.figure_spec(charts.dumbbell_chart(_three_cities(compared), names, "ja"))
    assert spec["params"][0]["bind"]["input"] == "select"  # type: ignore[index]
    assert spec["params"][0]["bind"]["options"] == ["", "nagano", "suzaka", "ueda"]  # type: ignore[index]
    assert "datum.city == place" in json.dumps(spec)


def test_the_csv_of_a_figure_cannot_start_a_formula() -> None:
    table = {"title": "t", "columns": ["a"], "rows": [["=HYPERLINK(1)"], ["ok"]]}
    data = charts._csv(table).decode("utf-8-sig")
    assert "'=HYPERLINK" in data


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_roles_panels_are_headed_by_the_city_name_in_the_language(lang: str) -> None:
    import vl_convert as vlc

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        figure = munigoals.chart(kinds=["roles"], lang=lang)
    svg = vlc.vegalite_to_svg(charts.figure_spec(figure))  # type: ignore[arg-type]
    heads = re.findall(r'class="mark-text role-column-header"[^>]*>(.*?)</g>', svg, flags=re.S)
    shown = " ".join(heads) or svg
    assert (">上田市<" in shown) if lang == "ja" else (">Ueda<" in shown)
    assert ">ueda<" not in svg and ">suzaka<" not in svg

"""Comparison charts with Altair, built from the comparison frames, and their export.

Kinds:

- ``dumbbell``: baseline → target per city, one panel per concept, years labelled; the line is solid
  for an ``exact`` match, dashed for ``proxy``, dotted for ``related``; ceiling targets (未満) are drawn
  as a bar-shaped mark and labelled ``<``; the title says which way is better.
- ``ambition``: improvement each target asks for per year, signed by polarity, one panel per unit (rates
  in percentage points); limits already met are shown as headroom, not ranked.
- ``progress``: progress from baseline to target where results exist, coloured by grade (the letter on
  the mark; the legend says what each letter means).
- ``roles``: statements per actor group and city (counts and shares), and per policy.
- ``series``: one concept over fiscal years, every value a city's documents give.

Every chart carries its sources (document, line, fiscal year) and the comparability note in its
tooltips, and a caption with the sources. Static export (SVG, PNG) goes through vl-convert; Japanese
labels need a Japanese font (Debian: ``apt-get install fonts-ipafont-gothic`` or ``fonts-noto-cjk``);
where none is found, labels fall back to English and a note says so.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import altair as alt
import polars as pl

from munigoals.errors import MunigoalsError
from munigoals.metrics import GRADES, grade_legend
from munigoals.names import CHART_KINDS
from munigoals.output import wrap_to_width
from munigoals.registry import Concept

__all__ = [
    "CHART_KINDS",
    "FONT_FAMILIES",
    "AnyChart",
    "ambition_chart",
    "dumbbell_chart",
    "japanese_font",
    "progress_chart",
    "roles_chart",
    "save_chart",
    "series_chart",
]


#: Japanese font families tried for static charts, best first: Debian and Ubuntu (IPA, Noto, Takao),
#: macOS (Hiragino), Windows (Yu Gothic, Meiryo).
FONT_FAMILIES: tuple[str, ...] = (
    "IPAPGothic", "IPAGothic", "IPAexGothic", "Noto Sans CJK JP", "Noto Sans JP", "Source Han Sans JP",
    "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", "TakaoPGothic", "VL PGothic",
)  # fmt: skip
#: File names worth opening when looking for those families (opening every font would be slow).
_FONT_FILES = re.compile(r"(?i)(ipa|noto.*(cjk|jp)|sourcehan|hiragino|ヒラギノ|yugoth|meiryo|takao|vl-)")


#: Okabe–Ito, the usual colour-blind-safe palette (yellow and black left out: thin lines vanish in them).
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7")
#: Grade colours that stay apart under deuteranopia; the letter is printed on the mark too.
GRADE_COLOURS = ("#0072B2", "#56B4E9", "#E69F00", "#D55E00", "#999999")
_MATCH_JA = {"exact": "完全一致", "proxy": "代理指標", "related": "関連指標"}
_UNITS_EN = {
    "人": "persons", "件": "cases", "分野": "fields", "回": "times", "品": "items", "千円": "thousand yen",
    "万円": "10,000 yen", "円": "yen", "講座": "courses", "事業": "projects", "箇所": "places",
    "か所": "places", "団体": "groups", "校": "schools", "社": "companies", "世帯": "households",
    "pt": "points",
}  # fmt: skip
_UNITS_JA = {"pt": "ポイント"}  # percentage points, as the metrics write them
_ACTOR_GROUPS = {
    "ja": {"citizens": "市民", "businesses": "事業者", "community_groups": "地域・団体",
           "educators": "教育関係者", "government": "行政", "other": "その他"},
    "en": {"citizens": "citizens", "businesses": "businesses", "community_groups": "community groups",
           "educators": "educators", "government": "government", "other": "other"},
}  # fmt: skip


def city_colour(slug: str) -> str:
    """A city's colour, from its slug alone: the same in every kind, language and set of cities."""
    import hashlib

    return OKABE_ITO[int(hashlib.sha256(slug.encode()).hexdigest(), 16) % len(OKABE_ITO)]


def _city_scale(frame: pl.DataFrame) -> alt.Scale:
    pairs = dict(frame.select("city_name", "city").unique().iter_rows())
    names = sorted(pairs)
    return alt.Scale(domain=names, range=[city_colour(pairs[n]) for n in names])


def unit_label(unit: str | None, lang: str) -> str:
    """A unit as a reader of ``lang`` writes it (人 → persons in English)."""
    if not unit:
        return ""
    return _UNITS_JA.get(unit, unit) if lang == "ja" else _UNITS_EN.get(unit, unit)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return (
        f"{value:,.0f}"
        if value == int(value) and abs(value) < 1e15
        else f"{value:,.3g}"
        if abs(value) >= 1e15
        else f"{value:,.2f}".rstrip("0").rstrip(".")
    )


def font_directories() -> list[Path]:
    """Where this platform keeps fonts: the system's folders and the user's."""
    home = Path.home()
    if sys.platform == "darwin":
        folders = [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    elif sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", "C:/Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        folders = [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    else:
        folders = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts",
                   home / ".local" / "share" / "fonts"]  # fmt: skip
    return [folder for folder in folders if folder.is_dir()]


def font_families(folder: Path, every: bool = False) -> dict[str, Path]:
    """Font families in ``folder`` (recursively) and the folder each file is in, read from the fonts'
    own name tables (fontTools). Without ``every``, only files whose names suggest a Japanese font."""
    from fontTools.ttLib import TTCollection, TTFont

    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in (".ttf", ".otf", ".ttc", ".otc") or not (
            every or _FONT_FILES.search(path.name)
        ):
            continue
        try:
            fonts = (
                TTCollection(path, lazy=True).fonts
                if path.suffix.lower() in (".ttc", ".otc")
                else [TTFont(path, lazy=True)]
            )
            for font in fonts:
                for record in font["name"].names:
                    if record.nameID in (1, 16) and record.platformID in (1, 3):
                        found.setdefault(record.toUnicode(), path.parent)
                font.close()
        except Exception:  # an unreadable font file is no font
            continue
    return found


FALLBACK_FONTS = ("Hiragino Sans", "Yu Gothic", "Meiryo", "Noto Sans CJK JP", "IPAexGothic", "sans-serif")


def font_stack(family: str) -> str:
    """A CSS font list: ``family`` first, then the Japanese fonts of macOS, Windows and Linux, so an SVG
    opened on another machine still shows Japanese text."""
    names = [family, *(f for f in FALLBACK_FONTS if f != family)]
    return ", ".join(n if n == "sans-serif" else f'"{n}"' for n in names)


@functools.cache
def japanese_font() -> str | None:
    """The family of an installed Japanese font, registered with vl-convert; ``None`` where there is none.

    ``$MUNIGOALS_FONT_FAMILY`` names a family to use (looked for in ``$MUNIGOALS_FONT_DIR`` when set,
    else in the platform's font folders); ``$MUNIGOALS_FONT_DIR`` alone names a folder to take a
    Japanese family from. The command line and Python use the same font.

    Raises:
        MunigoalsError: when the family asked for is not there, or the folder holds no Japanese font,
            naming what was found instead.
    """
    import vl_convert as vlc

    wanted = os.environ.get("MUNIGOALS_FONT_FAMILY")
    folder = os.environ.get("MUNIGOALS_FONT_DIR")
    if folder and not Path(folder).is_dir():
        raise MunigoalsError(f"MUNIGOALS_FONT_DIR={folder!r} is not a folder")
    folders = [Path(folder)] if folder else font_directories()
    found: dict[str, Path] = {}
    for place in folders:
        for family, where in font_families(place, every=bool(wanted or folder)).items():
            found.setdefault(family, where)
    if wanted:
        if wanted not in found:
            listed = ", ".join(sorted(found)[:12]) or "no font at all"
            raise MunigoalsError(
                f"font family {wanted!r} was not found in "
                f"{', '.join(map(str, folders)) or 'the font folders'}; found: {listed}. "
                "Set MUNIGOALS_FONT_FAMILY to one of them"
            )
        vlc.register_font_directory(str(found[wanted]))
        return wanted
    for family in FONT_FAMILIES:
        if family in found:
            vlc.register_font_directory(str(found[family]))
            return family
    if folder:
        listed = ", ".join(sorted(found)[:12]) or "no font at all"
        raise MunigoalsError(
            f"MUNIGOALS_FONT_DIR={folder!r} holds no Japanese font that munigoals knows ({listed}); "
            "name its family with MUNIGOALS_FONT_FAMILY"
        )
    return None


#: What the chart functions return: an Altair chart of any composition.
AnyChart = alt.Chart | alt.LayerChart | alt.FacetChart | alt.VConcatChart | alt.HConcatChart | alt.ConcatChart


class Figure(alt.VConcatChart):
    """A munigoals figure: an Altair chart whose ``save`` to a file name writes as the command line does
    (:func:`save_chart`: HTML that opens offline with document text escaped, the Japanese font, the same
    bytes for the same input). Saving to an open file object is Altair's own ``save``."""

    def save(self, fp: object, *args: object, **kwargs: object) -> None:  # type: ignore[override]
        """Write the figure by the suffix of ``fp`` (.html, .json, .svg, .png, .pdf)."""
        if isinstance(fp, (str, Path)) and not args and not kwargs:
            save_chart(self, Path(fp), japanese_font())
        else:
            super().save(fp, *args, **kwargs)  # type: ignore[arg-type]


_DASH = {"exact": [1, 0], "proxy": [6, 3], "related": [2, 3]}
_TARGET_KIND = {"ja": ("目標", "上限・下限"), "en": ("target", "ceiling or floor")}
_POLARITY = {
    "ja": {
        "higher_is_better": "高いほど良い",
        "lower_is_better": "低いほど良い",
        "within_band": "範囲内が良い",
    },
    "en": {
        "higher_is_better": "higher is better",
        "lower_is_better": "lower is better",
        "within_band": "within a band",
    },
}


def _city_names(frame: pl.DataFrame, names: Mapping[str, str]) -> pl.DataFrame:
    return frame.with_columns(pl.col("city").replace_strict(names, default=pl.col("city")).alias("city_name"))


def _caption(frame: pl.DataFrame, lang: str) -> list[str]:
    """One line per city: the plans by title (the file name only for a document no plugin knows), with
    the lines cited (``出典 須坂市: 第六次須坂市総合計画 前期基本計画 l. 16, 361``)."""
    cited: dict[str, dict[str, set[tuple[int, int]]]] = {}
    titled = "document_title" in frame.columns
    paged = "page" in frame.columns
    for r in frame.iter_rows(named=True):
        source = (r["document_title"] if titled else None) or r["document"]
        page = r["page"] if paged and r["page"] is not None else 0
        cited.setdefault(r["city_name"], {}).setdefault(source, set()).add((int(page), int(r["line"])))
    head = "出典" if lang == "ja" else "Sources"
    lines = []
    for city, docs in sorted(cited.items()):
        listed = "; ".join(f"{doc} {_where(places)}" for doc, places in sorted(docs.items()))
        lines.extend(wrap_to_width(f"{head} {city}: {listed}", 96))
    return lines


def _where(places: set[tuple[int, int]]) -> str:
    """Lines cited in one document: ``l. 16, 361`` for text, ``p. 12 l. 5, 9; p. 13 l. 2`` for a PDF."""
    pages: dict[int, list[int]] = {}
    for page, line in sorted(places):
        pages.setdefault(page, []).append(line)
    return "; ".join(
        (f"p. {page} " if page else "") + f"l. {', '.join(map(str, lines))}" for page, lines in pages.items()
    )


def _footnotes(frame: pl.DataFrame, lang: str) -> list[str]:
    """Numbered notes for every row that is not an exact match: what the city's indicator counts."""
    notes = []
    for k, r in enumerate(frame.filter(pl.col("match") != "exact").iter_rows(named=True), start=1):
        kind = {
            "proxy": "代理指標" if lang == "ja" else "proxy",
            "related": "関連指標" if lang == "ja" else "related",
        }
        text = (
            f"{k}. {r['city_name']} ({kind.get(r['match'], r['match'])}): {(r['note'] or '').split(' / ')[0]}"
        )
        notes.extend(wrap_to_width(text, 96))
    return notes


_TOOLTIP_TITLES = {
    "city_name": ("市町村", "city"), "name": ("指標", "indicator"), "match": ("一致度", "match"),
    "note": ("比較上の注記", "comparability note"), "document_title": ("出典", "source"),
    "line": ("行", "line"),
    "baseline_value": ("基準値", "baseline"), "baseline_year": ("基準年度", "baseline FY"),
    "target_value": ("目標値", "target"), "target_year": ("目標年度", "target FY"),
    "target_comparator": ("比較条件", "comparator"), "target_kind": ("目標の種類", "target kind"),
    "headroom": ("余裕", "headroom"), "actual_value": ("実績", "result"), "grade": ("評価", "grade"),
    "progress_rate": ("進捗率", "progress"), "fiscal_year": ("年度", "fiscal year"), "value": ("値", "value"),
    "kind": ("値の種類", "value kind"),
    "improvement_needed_per_year": ("年あたり必要な改善", "needed per year"),
    "improvement_unit": ("改善の単位", "improvement unit"),
    "improvement_per_year": ("年あたり必要な改善", "needed per year"),
    "improvement_pct_per_year": ("年あたり必要な改善 (%)", "needed per year (%)"),
    "years_spanned": ("年数", "years"),
    "actor_label": ("主体", "actor group"), "statements": ("文の数", "statements"),
    "policy_id": ("施策", "policy"),
}  # fmt: skip


def _tooltip(lang: str, extra: Sequence[str] = ()) -> list[alt.Tooltip]:
    """Tooltip fields titled in ``lang``, numbers with thousands separators; the comparability note and
    the source line always among them."""
    base = ["city_name:N", "name:N", "match:N", "note:N", "document_title:N", "line:Q"]
    return _titled([*base, *extra], lang)


def _titled(fields: Sequence[str], lang: str) -> list[alt.Tooltip]:
    """Tooltips for ``fields`` (``name:type``) titled in ``lang``."""
    tips = []
    for field in fields:
        name, _, kind = field.partition(":")
        ja, en = _TOOLTIP_TITLES.get(name, (name, name))
        title = ja if lang == "ja" else en
        if kind == "Q" and not name.endswith(("year", "line")):
            tips.append(alt.Tooltip(field, title=title, format=",~r"))
        else:
            tips.append(alt.Tooltip(field, title=title))
    return tips


def dumbbell_chart(compare: pl.DataFrame, names: Mapping[str, str], lang: str = "ja") -> AnyChart:
    """Baseline → target per city, one panel per concept and unit: a level target as a journey from
    the baseline (a point) to the target (an arrow); a ceiling or floor as the zone it permits, with the
    baseline as a point; both ends labelled in full; the statutory reference value as a dashed rule."""
    frame = _city_names(compare.filter(pl.col("target_value").is_not_null()), names)
    undrawn = _city_names(compare.filter(pl.col("target_value").is_null()), names)
    panels = []
    # rows whose units differ never share an axis: one panel per concept and unit
    for concept, unit in frame.select("concept", "unit").unique(maintain_order=True).iter_rows():
        part = frame.filter((pl.col("concept") == concept) & (pl.col("unit").eq_missing(unit)))
        first = part.row(0, named=True)
        label = first["concept_label"] if lang == "ja" else first["concept_label_en"]
        polarity = _POLARITY[lang].get(first["polarity"], "")
        caption = [*_caption(part, lang), *_footnotes(part, lang)]
        for r in undrawn.filter(pl.col("concept") == concept).iter_rows(named=True):  # named, never dropped
            why = "目標値の記載なし" if lang == "ja" else "no target value stated"
            source = r.get("document_title") or r["document"]
            caption.append(f"{r['city_name']}: {r['name']} — {why} ({source} l. {r['line']})")
        if first["units_differ"]:  # say where the reader looks that the other panel counts otherwise
            caption.insert(
                0,
                ("単位が異なるため別の図: " if lang == "ja" else "units differ, so drawn apart: ")
                + ", ".join(
                    f"{r['city_name']} {r['unit']}"
                    for r in frame.filter(pl.col("concept") == concept)
                    .unique("city", maintain_order=True)
                    .iter_rows(named=True)
                ),
            )
        unit_text = unit_label(unit, lang)
        if unit_text and lang == "en" and unit_text != "%":
            unit_text = f" {unit_text}"
        rows = []
        for r in part.iter_rows(named=True):
            has_base = r["baseline_value"] is not None
            base_text = f"{_number(r['baseline_value'])}{unit_text}" if has_base else ""
            if r["baseline_value"] is None:  # nothing drawn where the document states nothing
                caption.append(
                    f"{r['city_name']}: "
                    + ("基準値の記載なし (目標のみ)" if lang == "ja" else "no baseline stated (target only)")
                )
            rows.append(
                {
                    **r,
                    "start": r["baseline_value"] if r["baseline_value"] is not None else r["target_value"],
                    "baseline_label": base_text
                    + (f" (FY{r['baseline_year']})" if has_base and r["baseline_year"] else ""),
                    "target_label": _bound(
                        r["target_comparator"], f"{_number(r['target_value'])}{unit_text}", lang
                    )
                    + (f" (FY{r['target_year']})" if r["target_year"] else ""),
                    "limit": r["target_kind"] in ("ceiling", "floor"),
                }
            )
        values = [v for r in rows for v in (r["start"], r["target_value"]) if v is not None]
        low, high = min(values), max(values)
        pad = (high - low) * 0.15 or abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
        reference = first["reference_value"]
        if reference is not None and reference <= high + 3 * (high - low):
            high = max(high, reference + pad)  # the statutory line is drawn where it stays readable
        elif reference is not None:
            caption.append(
                f"{first['reference_label']}: {_number(reference)}{unit_text} "
                + ("(図の範囲外)" if lang == "ja" else "(beyond the scale shown)")
            )
        for r in rows:  # a limit's permitted zone runs from the limit to the edge it allows
            r["zone_from"] = low if r["target_kind"] == "ceiling" else r["target_value"]
            r["zone_to"] = r["target_value"] if r["target_kind"] == "ceiling" else high
        points = pl.DataFrame(rows, infer_schema_length=None)
        colour = alt.Color("city_name:N", scale=_city_scale(points), legend=None)
        x_scale = alt.Scale(domain=[low, high], zero=False, nice=False)
        base = alt.Chart(points).encode(y=alt.Y("city_name:N", title=None, sort=None))
        x_title = f"{label} ({unit_text.strip()})" if unit_text else label
        axis = alt.Axis(format=",~f", title=x_title)
        match_legend = (
            alt.Legend(
                title="一致度",
                labelExpr="{'exact': '完全一致', 'proxy': '代理指標', 'related': '関連指標'}[datum.label]",
            )
            if lang == "ja"
            else alt.Legend(title="match")
        )
        levels = base.transform_filter("!datum.limit")
        journey = levels.mark_rule(strokeWidth=3).encode(
            x=alt.X("start:Q", scale=x_scale, axis=axis),
            x2="target_value:Q",
            strokeDash=alt.StrokeDash(
                "match:N",
                scale=alt.Scale(domain=list(_DASH), range=list(_DASH.values())),
                legend=match_legend,
            ),
            color=colour,
            tooltip=_tooltip(
                lang, ["baseline_value:Q", "baseline_year:Q", "target_value:Q", "target_year:Q"]
            ),
        )
        limits = base.transform_filter("datum.limit")
        zone = limits.mark_bar(opacity=0.18, height=26).encode(
            x=alt.X("zone_from:Q", scale=x_scale, axis=axis), x2="zone_to:Q", color=colour
        )
        edge = limits.mark_tick(thickness=3, size=30).encode(
            x=alt.X("target_value:Q", scale=x_scale),
            color=colour,
            tooltip=_tooltip(lang, ["target_comparator:N", "target_value:Q"]),
        )
        stated = base.transform_filter("datum.baseline_value != null")
        start = stated.mark_circle(size=90, opacity=1).encode(
            x=alt.X("start:Q", scale=x_scale, axis=axis), color=colour
        )
        end = levels.mark_point(size=160, filled=True, shape="triangle-right", opacity=1).encode(
            x=alt.X("target_value:Q", scale=x_scale),
            color=colour,
            tooltip=_tooltip(lang, ["target_value:Q", "target_year:Q"]),
        )
        start_text = stated.mark_text(dy=15, fontSize=10).encode(
            x=alt.X("start:Q", scale=x_scale), text="baseline_label:N"
        )
        end_text = base.mark_text(dy=-15, fontSize=10).encode(
            x=alt.X("target_value:Q", scale=x_scale), text="target_label:N"
        )
        layers: list[AnyChart] = []
        if not points.filter(~pl.col("limit")).is_empty():
            layers += [journey, end]
        if not points.filter(pl.col("limit")).is_empty():
            layers += [zone, edge]
        layers += [start, start_text, end_text]
        if reference is not None and reference <= high:
            name = first["reference_label"].split(" / ")[0 if lang == "ja" else -1]
            ref = alt.Chart(
                pl.DataFrame({"x": [reference], "text": [f"{name} {_number(reference)}{unit_text}"]})
            )
            layers += [
                ref.mark_rule(strokeDash=[6, 3], color="#444").encode(x=alt.X("x:Q", scale=x_scale)),
                ref.mark_text(align="right", dx=-4, dy=-40, fontSize=10, color="#444").encode(
                    x=alt.X("x:Q", scale=x_scale), text="text:N"
                ),
            ]
        title = alt.TitleParams(f"{label} — {polarity}", subtitle=caption, anchor="start")
        panels.append(alt.layer(*layers, title=title).properties(width=520, height=100))
    if not panels:
        raise MunigoalsError("nothing to draw: no row has a target (see 'munigoals compare')")
    return alt.vconcat(*panels).resolve_scale(x="independent", color="independent", strokeDash="shared")


def _grade_labels(frame: pl.DataFrame, lang: str) -> tuple[pl.DataFrame, list[str]]:
    """A ``grade_label`` column (``S 目標達成``), and the labels in grade order, for legends."""
    index = 0 if lang == "ja" else 1
    labels = {letter: f"{letter} {meaning[index]}" for letter, meaning in GRADES.items()}
    return frame.with_columns(pl.col("grade").replace_strict(labels).alias("grade_label")), list(
        labels.values()
    )


def ambition_chart(compare: pl.DataFrame, names: Mapping[str, str], lang: str = "ja") -> AnyChart:
    """Improvement each target asks for per year, signed by polarity, one panel per unit (rates in
    percentage points), sorted by value; ceilings and floors the baseline already meets are left out of
    the ranking and shown in a headroom panel instead. Proxy rows are paler."""
    frame = _city_names(compare, names)
    asked = frame.filter(
        pl.col("improvement_per_year").is_not_null() & ~pl.col("already_met").fill_null(False)
    )
    met = frame.filter(pl.col("already_met").fill_null(False) & pl.col("headroom").is_not_null())
    if asked.is_empty() and met.is_empty():
        raise MunigoalsError("nothing to draw: no row has a baseline and target with years (ambition)")
    label = "concept_label" if lang == "ja" else "concept_label_en"
    ja = lang == "ja"
    title = "年あたりに必要な改善 (極性で符号付け; 率はポイント)" if ja else "Improvement needed per year"
    subtitle = (
        "正 = 指標の良い方向への変化。単位ごとのパネル。"
        if ja
        else "positive = towards better, by polarity; one panel a unit"
    )
    opacity = alt.Opacity(
        "match:O",
        sort=list(_DASH),
        scale=alt.Scale(domain=list(_DASH), range=[1.0, 0.6, 0.35]),
        title="match",
    )
    asked = asked.with_columns(
        pl.col("improvement_unit")
        .map_elements(lambda u: unit_label(u, lang), return_dtype=pl.String)
        .alias("unit_shown")
    )
    undrawn = frame.filter(
        pl.col("improvement_per_year").is_null()
        & ~(pl.col("already_met").fill_null(False) & pl.col("headroom").is_not_null())
    )
    left_out = [  # a row that cannot be drawn is named, never silently dropped
        ("描けない行 " if ja else "not drawn: ")
        + f"{r['city_name']}: {r[label]} ({r['metric_note'] or ('値が足りない' if ja else 'values missing')})"
        for r in undrawn.iter_rows(named=True)
    ]
    panels: list[AnyChart] = []
    if not asked.is_empty():
        bars = (
            alt.Chart(asked)
            .mark_bar()
            .encode(
                y=alt.Y(f"{label}:N", title=None, sort="-x", axis=alt.Axis(labelLimit=320)),
                yOffset="city_name:N",
                x=alt.X("improvement_per_year:Q", title=None),
                color=alt.Color("city_name:N", title=None, scale=_city_scale(asked)),
                opacity=opacity,
                tooltip=_tooltip(
                    lang,
                    [
                        "improvement_per_year:Q",
                        "improvement_unit:N",
                        "improvement_pct_per_year:Q",
                        "years_spanned:Q",
                    ],
                ),
            )
            .properties(width=420)
            .facet(row=alt.Row("unit_shown:N", title=None))
            .resolve_scale(x="independent", y="independent")
        )
        panels.append(
            bars.properties(
                title=alt.TitleParams(
                    title, subtitle=[subtitle, *_caption(asked, lang), *left_out], anchor="start"
                )
            )
        )
    if not met.is_empty():
        head = (
            "上限・下限まで余裕がある (基準値で既に満たす)"
            if ja
            else "Limits the baseline already meets: headroom"
        )
        headroom = (
            alt.Chart(met, title=alt.TitleParams(head, subtitle=_caption(met, lang), anchor="start"))
            .mark_bar()
            .encode(
                y=alt.Y(f"{label}:N", title=None),
                yOffset="city_name:N",
                x=alt.X("headroom:Q", title="余裕 (ポイント)" if ja else "headroom (points)"),
                color=alt.Color("city_name:N", title=None, scale=_city_scale(met)),
                tooltip=_tooltip(
                    lang, ["target_kind:N", "target_comparator:N", "target_value:Q", "headroom:Q"]
                ),
            )
            .properties(width=420)
        )
        panels.append(headroom)
    if len(panels) == 1:
        return panels[0]
    return alt.vconcat(*panels).resolve_scale(color="shared")


def progress_chart(compare: pl.DataFrame, names: Mapping[str, str], lang: str = "ja") -> AnyChart:
    """How far results got: progress from baseline to target (%) for level targets with a baseline,
    met / not met by the comparator for the others; coloured by grade, the letter printed on the mark."""
    frame = _city_names(compare.filter(pl.col("actual_value").is_not_null()), names)
    if frame.is_empty():
        raise MunigoalsError("nothing to draw: no row has a result (progress needs actuals)")
    ja = lang == "ja"
    met_words = (
        ("達成 (比較条件による)", "未達成 (比較条件による)") if ja else ("met (by comparator)", "not met")
    )
    frame, grade_order = _grade_labels(frame, lang)
    frame = frame.with_columns(
        (pl.col("progress_rate") * 100).alias("progress_pct"),
        pl.concat_str([pl.col("city_name"), pl.lit(": "), pl.col("name")]).alias("row_label"),
        pl.when(pl.col("target_met"))
        .then(pl.lit(met_words[0]))
        .otherwise(pl.lit(met_words[1]))
        .alias("judged"),
    )
    title = "基準値から目標までの進捗 (%)" if ja else "Progress from baseline to target (%)"
    axis = alt.X("progress_pct:Q", title=title, scale=alt.Scale(domainMin=0))
    colour = alt.Color(
        "grade_label:N",
        title="評価" if ja else "grade",
        scale=alt.Scale(domain=grade_order, range=list(GRADE_COLOURS)),
        legend=alt.Legend(labelLimit=0),
    )
    tooltip = _tooltip(
        lang, ["baseline_value:Q", "target_value:Q", "actual_value:Q", "grade:N", "progress_rate:Q"]
    )
    measured = frame.with_columns(pl.col("progress_pct").fill_null(0.0))
    bars = (
        alt.Chart(measured)
        .mark_bar()
        .encode(y=alt.Y("row_label:N", title=None), x=axis, color=colour, tooltip=tooltip)
    )
    letters = (
        alt.Chart(measured)
        .mark_text(align="left", dx=4)
        .encode(
            y="row_label:N",
            x="progress_pct:Q",
            text=alt.Text("text:N"),
        )
        .transform_calculate(
            text="datum.progress_rate == null ? datum.grade + ' ' + datum.judged : datum.grade"
        )
    )
    goal = alt.Chart(pl.DataFrame({"x": [100.0]})).mark_rule(strokeDash=[4, 2]).encode(x="x:Q")
    caption = alt.TitleParams(title, subtitle=[grade_legend(lang), *_caption(frame, lang)], anchor="start")
    return alt.layer(bars, letters, goal, title=caption, width=480)


def roles_chart(roles: pl.DataFrame, names: Mapping[str, str], lang: str = "ja") -> AnyChart:
    """Statements per actor group and city: shares overall, and counts per policy."""
    frame = _city_names(roles, names)
    if frame.is_empty():
        raise MunigoalsError("nothing to draw: no role statements for these cities")
    groups = _ACTOR_GROUPS[lang]
    frame = frame.with_columns(
        pl.col("actor_group").replace_strict(groups, default=pl.col("actor_group")).alias("actor_label")
    )
    counts = frame.group_by("city_name", "actor_label", maintain_order=True).agg(pl.len().alias("statements"))
    counts = counts.with_columns(
        (pl.col("statements") / pl.col("statements").sum().over("city_name")).alias("share")
    )
    title = "各主体に期待される役割 (文の数と割合)" if lang == "ja" else "Roles expected of each actor group"
    caption = _caption(frame, lang)  # every line a statement stands on
    shares = (
        alt.Chart(counts, title=alt.TitleParams(title, subtitle=caption, anchor="start"))
        .mark_bar()
        .encode(
            y=alt.Y("city_name:N", title=None),
            x=alt.X(
                "share:Q",
                axis=alt.Axis(format="%"),
                title="発言の割合" if lang == "ja" else "share of statements",
            ),
            color=alt.Color(
                "actor_label:N",
                title="主体" if lang == "ja" else "actor group",
                scale=alt.Scale(range=list(OKABE_ITO)),
            ),
            tooltip=[
                *_titled(["city_name:N", "actor_label:N", "statements:Q"], lang),
                alt.Tooltip("share:Q", title="割合" if lang == "ja" else "share", format=".0%"),
            ],
        )
        .properties(width=480)
    )
    per_policy = frame.group_by("city_name", "policy_id", "actor_label", maintain_order=True).agg(
        pl.len().alias("statements")
    )
    heat = (
        alt.Chart(per_policy)
        .mark_rect()
        .encode(
            x=alt.X("actor_label:N", title=None),
            y=alt.Y("policy_id:N", title="policy"),
            color=alt.Color("statements:Q"),
            column=alt.Column("city_name:N", title=None),
            tooltip=_titled(["city_name:N", "policy_id:N", "actor_label:N", "statements:Q"], lang),
        )
    )
    return alt.vconcat(shares, heat)


def series_chart(
    series: pl.DataFrame, names: Mapping[str, str], lang: str = "ja", concept: Concept | None = None
) -> AnyChart:
    """One concept over fiscal years: observed values, baselines, targets and results.

    Years sit on a true time axis, so gaps between documents stay visible.
    """
    frame = _city_names(series.filter(pl.col("fiscal_year").is_not_null()), names)
    if frame.is_empty():
        raise MunigoalsError("nothing to draw: the series has no value with a fiscal year")
    label = (concept.label_ja if lang == "ja" else concept.label_en) if concept else ""
    title = f"{label} — " + ("年度ごとの値" if lang == "ja" else "values by fiscal year")
    measured = frame.filter(~pl.col("kind").str.starts_with("target")).sort("city", "fiscal_year")
    # a line joins consecutive years only: a missing year leaves the line open
    measured = measured.with_columns(
        (pl.col("fiscal_year").diff().over("city").fill_null(1) > 1).cum_sum().over("city").alias("run")
    ).with_columns(pl.concat_str([pl.col("city"), pl.lit("/"), pl.col("run").cast(pl.String)]).alias("run"))
    # the planned path: dashed, from the last value measured before a level target to that target;
    # a ceiling or floor is a limit, not a path, so it stands alone
    levels = frame.filter(pl.col("kind") == "target =")
    last = measured.sort("fiscal_year").group_by("city", maintain_order=True).last()
    planned = pl.concat(
        [
            last.join(levels.select("city"), on="city", how="semi").with_columns(pl.col("city").alias("run")),
            levels.with_columns(pl.col("city").alias("run")),
        ],
        how="diagonal_relaxed",
    ).select("city", "city_name", "fiscal_year", "value", "run")
    targets = frame.filter(pl.col("kind").str.starts_with("target"))
    targets = targets.with_columns(
        pl.Series(
            "label",
            [
                _bound(kind.removeprefix("target "), _number(value), lang)
                for kind, value in zip(targets["kind"], targets["value"], strict=True)
            ],
            dtype=pl.String,
        )
    )
    axis_x = alt.X(
        "fiscal_year:Q",
        title="年度" if lang == "ja" else "fiscal year",
        scale=alt.Scale(zero=False, nice=False, padding=12),
        axis=alt.Axis(format="d", tickMinStep=1),
    )
    unit = str(frame["unit"].drop_nulls().first() or "")
    axis_y = alt.Y(
        "value:Q",
        title=unit_label(unit, lang),
        scale=alt.Scale(zero=False, padding=12),
        axis=alt.Axis(format=",~f"),
    )
    colour = alt.Color("city_name:N", title=None, scale=_city_scale(frame))
    layers: list[AnyChart] = [
        alt.Chart(measured).mark_line().encode(x=axis_x, y=axis_y, color=colour, detail="run:N"),
    ]
    if not planned.is_empty():
        layers.append(
            alt.Chart(planned)
            .mark_line(strokeDash=[5, 4])
            .encode(x=axis_x, y=axis_y, color=colour, detail="run:N")
        )
    shape_title = "値の種類" if lang == "ja" else "value"
    layers.append(
        alt.Chart(frame)
        .mark_point(size=80, filled=True)
        .encode(
            x=axis_x,
            y=axis_y,
            color=colour,
            shape=alt.Shape("kind:N", title=shape_title, legend=alt.Legend(labelExpr=_kind_expr(lang))),
            tooltip=_tooltip(lang, ["fiscal_year:Q", "value:Q", "kind:N"]),
        )
    )
    if not targets.is_empty():
        layers.append(
            alt.Chart(targets)
            .mark_text(align="left", dx=7, dy=-7)
            .encode(x=axis_x, y=axis_y, color=colour, text="label:N")
        )
    note = (
        "実線: 測定値 (欠けた年は開けたまま); 破線: 目標への計画; 上限・下限は点のみ"
        if lang == "ja"
        else "solid: measured values (missing years left open); dashed: planned path to a target; "
        "ceilings and floors are points, not paths"
    )
    caption = alt.TitleParams(title, subtitle=[note, *_caption(frame, lang)], anchor="start")
    return alt.layer(*layers, title=caption, width=480)


_BOUNDS = {
    "ja": {"<": "{}未満", "<=": "{}以下", ">": "{}超", ">=": "{}以上"},
    "en": {"<": "below {}", "<=": "at most {}", ">": "above {}", ">=": "at least {}"},
}


def _bound(comparator: str | None, value: str, lang: str) -> str:
    """A target in words ("at least 100 cases", "100件以上"): fonts lack ≥, and "<2030" misreads."""
    return _BOUNDS[lang].get(comparator or "=", "{}").format(value)


_KINDS = {
    "ja": {
        "observed": "実績値", "baseline": "基準値", "actual": "実績", "target =": "目標",
        "target <": "目標 (未満)", "target <=": "目標 (以下)", "target >": "目標 (超)",
        "target >=": "目標 (以上)",
    },
    "en": {
        "observed": "observed", "baseline": "baseline", "actual": "result", "target =": "target",
        "target <": "target (below)", "target <=": "target (at most)", "target >": "target (above)",
        "target >=": "target (at least)",
    },
}  # fmt: skip


def _kind_expr(lang: str) -> str:
    """A Vega expression naming a series point's kind in ``lang`` (the raw kind when unknown)."""
    table = json.dumps(_KINDS[lang], ensure_ascii=False)
    return f"{table}[datum.label] || datum.label"


EMBED_ACTIONS = '{"export": true, "source": false, "compiled": false, "editor": false}'
"""Vega-Embed's menu: download as SVG or PNG, nothing else."""


def script_json(spec: dict[str, object]) -> str:
    """A chart spec as JSON safe inside a ``<script>``: ``<``, ``>`` and ``&`` escaped, so no text from
    a document can end the script or become markup."""
    data = json.dumps(spec, ensure_ascii=False, allow_nan=False, sort_keys=True)
    return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _html(spec: dict[str, object], title: str) -> bytes:
    """A self-contained page: the Vega bundle inline, the spec as JSON in which ``<`` is escaped, so no
    text from a document can end the script or become markup; the page titled by the chart."""
    import html

    import vl_convert as vlc

    bundle = vlc.javascript_bundle("window.vegaEmbed = vegaEmbed;").replace("</script", "<\\/script")
    data = script_json(spec)
    options = f'{{"renderer": "svg", "actions": {EMBED_ACTIONS}}}'
    head = '<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
    head += f"<title>{html.escape(title)}</title>\n"
    embed = f'vegaEmbed("#chart", {data}, {options}).catch(e => console.error(e));'
    page = (
        f'{head}</head>\n<body>\n<div id="chart"></div>\n<script>{bundle}</script>\n'
        f"<script>{embed}</script>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


def _chart_title(spec: dict[str, object]) -> str:
    """The first title in a spec, for a page's <title>."""
    stack: list[object] = [spec]
    while stack:
        item = stack.pop(0)
        if isinstance(item, dict):
            title = item.get("title")
            if isinstance(title, str) and title:
                return title
            if isinstance(title, dict) and isinstance(title.get("text"), str) and title["text"]:
                return str(title["text"])
            stack.extend(item.get(key) for key in ("vconcat", "hconcat", "layer", "spec") if key in item)
        elif isinstance(item, list):
            stack.extend(item)
    return "munigoals chart"


def _set_width(spec: object, width: int) -> None:
    """Give every plot in a Vega-Lite spec ``width`` pixels (in place)."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "width" and isinstance(value, (int, float)):
                spec[key] = width
            elif key != "config":
                _set_width(value, width)
    elif isinstance(spec, list):
        for item in spec:
            _set_width(item, width)


_GRADIENT_ID = re.compile(r"\bgradient_(\d+)\b")


def _numbered_from_zero(svg: str) -> str:
    """The SVG with its gradient ids numbered from 0 in order of appearance: Vega counts them across
    every chart drawn in a process, so the second drawing of a chart would otherwise differ."""
    numbers: dict[str, str] = {}
    return _GRADIENT_ID.sub(lambda m: f"gradient_{numbers.setdefault(m.group(1), str(len(numbers)))}", svg)


def save_chart(
    chart: AnyChart, path: Path, font: str | None = None, *, scale: float = 2.0, width: int | None = None
) -> None:
    """Write ``chart`` by the suffix of ``path``: .html (self-contained, safe), .json (Vega-Lite),
    .svg, .png, .pdf (fonts embedded). The same input gives the same bytes, except in PDF, where
    vl-convert embeds fonts in an order that varies from run to run (the drawing is the same).

    ``width`` sets the width of every plot in pixels; ``scale`` multiplies the pixels of a PNG.

    Raises:
        MunigoalsError: for another suffix or a folder that cannot be written.
    """
    import vl_convert as vlc

    from munigoals.output import write_atomic

    if font and not getattr(chart, "config", None):
        chart = chart.configure(font=font_stack(font))
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    if width is not None:
        _set_width(spec, width)
    suffix = path.suffix.lower()
    if suffix == ".json":
        data = (
            json.dumps(spec, ensure_ascii=False, indent=1, allow_nan=False, sort_keys=True) + "\n"
        ).encode()
    elif suffix == ".html":
        data = _html(spec, _chart_title(spec))
    elif suffix == ".svg":
        data = _numbered_from_zero(vlc.vegalite_to_svg(spec)).encode()
    elif suffix == ".png":
        data = vlc.vegalite_to_png(spec, scale=scale)
    elif suffix == ".pdf":
        data = vlc.vegalite_to_pdf(spec)
    else:
        raise MunigoalsError(
            f"cannot write {path}: choose a file ending in .html, .json, .svg, .png or .pdf", exit_code=2
        )
    write_atomic(data, path)

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
from munigoals.metrics import GRADES
from munigoals.names import CHART_KINDS
from munigoals.output import display_width, wrap_to_width
from munigoals.quantities import comparator_code
from munigoals.registry import Concept

__all__ = [
    "CHART_KINDS",
    "DEFAULT_WIDTH",
    "FONT_FAMILIES",
    "AnyChart",
    "ambition_chart",
    "data_table",
    "dumbbell_chart",
    "figure_config",
    "figure_spec",
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
_UNITS_EN = {
    "人": "persons", "件": "cases", "分野": "fields", "回": "times", "品": "items", "千円": "thousand yen",
    "万円": "10,000 yen", "円": "yen", "講座": "courses", "事業": "projects", "箇所": "places",
    "か所": "places", "団体": "groups", "校": "schools", "社": "companies", "世帯": "households",
    "pt": "points", "per1000": "per 1,000 residents",
}  # fmt: skip
_UNITS_JA = {"pt": "ポイント", "per1000": "人/千人"}  # percentage points, as the metrics write them
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


#: A rate's period (回/週: a comparison's unit of 週2回), in English
_PERIODS_EN = {"週": "a week", "月": "a month", "2か月": "every two months"}


def unit_label(unit: str | None, lang: str) -> str:
    """A unit as a reader of ``lang`` writes it (人 → persons, 回/週 → times a week in English)."""
    if not unit:
        return ""
    if lang == "ja":
        return _UNITS_JA.get(unit, unit)
    count, _, period = unit.partition("/")
    if period in _PERIODS_EN:
        return f"{_UNITS_EN.get(count, count)} {_PERIODS_EN[period]}"
    return _UNITS_EN.get(unit, unit)


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


#: A figure's width in CSS pixels when the author gives none.
DEFAULT_WIDTH = 640
#: The smallest text a figure draws, in CSS pixels (legible on a phone at 390 px, and at 85 mm in print).
MIN_FONT = 12
#: Match kinds and their dashes: the same in every chart, language and panel (greyscale-safe).
_DASH = {"exact": [1, 0], "proxy": [6, 3], "related": [2, 3]}
_MATCH = {
    "ja": {"exact": "完全一致", "proxy": "代理指標", "related": "関連指標"},
    "en": {"exact": "exact", "proxy": "proxy", "related": "related"},
}
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
#: Actor groups in their one order, with one colour each (the stacking order of the roles chart).
ACTOR_ORDER = ("citizens", "businesses", "community_groups", "educators", "government", "other")
ACTOR_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#999999")
#: Groups whose colour is dark enough for white text on it.
_DARK_TEXT = {"community_groups": "#FFFFFF", "educators": "#FFFFFF", "government": "#FFFFFF"}
#: Value kinds of a series in their one order, with one shape each (greyscale-safe: shape, not colour).
KIND_ORDER = (
    "observed",
    "baseline",
    "actual",
    "target eq",
    "target lt",
    "target le",
    "target gt",
    "target ge",
)
KIND_SHAPES = ("circle", "square", "diamond", "triangle-up", "triangle-down", "triangle-down", "triangle-up",
               "triangle-up")  # fmt: skip
_KINDS = {
    "ja": {
        "observed": "実績値", "baseline": "基準値", "actual": "実績", "target eq": "目標",
        "target lt": "目標 (未満)", "target le": "目標 (以下)", "target gt": "目標 (超)",
        "target ge": "目標 (以上)",
    },
    "en": {
        "observed": "observed", "baseline": "baseline", "actual": "result", "target eq": "target",
        "target lt": "target (below)", "target le": "target (at most)", "target gt": "target (above)",
        "target ge": "target (at least)",
    },
}  # fmt: skip
_NO_TRANSLATION = {"ja": "（日本語訳なし）", "en": "(no English text) "}

#: metrics' reasons (``metric_note``) in Japanese; a reason not listed is shown marked as untranslated.
_REASONS_JA: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), text)
    for pattern, text in (
        (r"^no target value$", "目標値の記載なし"),
        (r"^no baseline: judged met / not met only$", "基準値の記載なし (達成・未達成のみ判定)"),
        (r"^no direction of improvement \(polarity within a band\)$", "改善の方向がない (範囲内が良い指標)"),
        (r"^baseline year not stated: no change per year$", "基準年度の記載なし (年あたりの変化なし)"),
        (r"^target year not stated: no change per year$", "目標年度の記載なし (年あたりの変化なし)"),
        (r"^baseline year (\d+) is not before the target year (\d+): no change per year$",
         r"基準年度 \1 が目標年度 \2 より前でない (年あたりの変化なし)"),
        (r"^the target moves against the concept's polarity \(a planned decline\): judged by comparator$",
         "目標が指標の良い方向と逆 (計画された減少): 比較条件で判定"),
        (r"^compound % needs a positive baseline and target$", "年率 (%) には正の基準値と目標値が必要"),
        (r"^target equals the baseline: no progress rate$", "目標が基準値と同じ (進捗率なし)"),
    )
)  # fmt: skip


def reason(note: str | None, lang: str) -> str:
    """A metric's reason (``metric_note``) in ``lang``; an untranslated part is marked, never hidden."""
    if not note:
        return "値が足りない" if lang == "ja" else "values missing"
    if lang != "ja":
        return note
    parts = []
    for part in note.split("; "):
        for pattern, text in _REASONS_JA:
            if pattern.search(part):
                parts.append(pattern.sub(text, part))
                break
        else:
            parts.append(_NO_TRANSLATION["ja"] + part)
    return "; ".join(parts)


def untranslated_reasons(notes: Sequence[str | None]) -> list[str]:
    """The parts of ``notes`` (``metric_note`` values) that have no Japanese text."""
    return sorted(
        {part for note in notes if note for part in note.split("; ")
         if not any(p.search(part) for p, _ in _REASONS_JA)}
    )  # fmt: skip


def _note(row: Mapping[str, object], lang: str) -> str:
    """A row's comparability note (why it matches so) in ``lang``: ``note_ja`` / ``note_en`` where the
    chart's caller gave them, else the English note marked as untranslated in a Japanese chart."""
    english = str(row.get("note_en") or (str(row.get("note") or "")).split(" / ")[0])
    if lang == "ja":
        japanese = row.get("note_ja")
        return str(japanese) if japanese else (_NO_TRANSLATION["ja"] + english if english else "")
    return english


def _chars(width: int, font: int = MIN_FONT) -> int:
    """How many terminal columns of text fit in ``width`` pixels at ``font`` pixels (a full-width
    character counts two columns and is one em wide; a Latin one about 0.55 em)."""
    return max(16, int(width / (font * 0.6)))


def wrap_lines(lines: Sequence[str], width: int, font: int = MIN_FONT) -> list[str]:
    """Each line broken to fit ``width`` pixels at ``font`` pixels."""
    return [part for line in lines for part in wrap_to_width(line, _chars(width, font))]


def _title(text: str, subtitle: Sequence[str], width: int) -> alt.TitleParams:
    """A panel's title and subtitle, wrapped to ``width`` pixels."""
    return alt.TitleParams(
        wrap_lines([text], width, MIN_FONT + 2), subtitle=wrap_lines(subtitle, width), anchor="start"
    )


def _city_order(frame: pl.DataFrame) -> list[tuple[str, str]]:
    """(slug, name) of the cities in ``frame``, in the one order every chart uses: by slug."""
    return sorted(dict(frame.select("city", "city_name").unique().iter_rows()).items())


def _label_expr(table: Mapping[str, str]) -> str:
    """A Vega expression showing ``table[label]`` (the raw label when it is not in the table)."""
    return f"{json.dumps(dict(table), ensure_ascii=False)}[datum.label] || datum.label"


def _city_colour(frame: pl.DataFrame, legend: bool = True) -> alt.Color:
    """Colour by city slug (the same domain in every language), the legend naming the city."""
    order = _city_order(frame)
    return alt.Color(
        "city:N",
        title=None,
        scale=alt.Scale(domain=[s for s, _ in order], range=[city_colour(s) for s, _ in order]),
        legend=alt.Legend(labelExpr=_label_expr(dict(order))) if legend else None,
    )


#: Outline dashes that tell cities apart without colour (greyscale print), by the cities' one order.
CITY_DASHES = ([1, 0], [5, 2], [1, 2], [8, 2, 2, 2], [3, 3])


def _city_dash(frame: pl.DataFrame) -> alt.StrokeDash:
    """Bar outlines dashed by city (the legend merges with the colour's): greyscale-safe."""
    order = _city_order(frame)
    return alt.StrokeDash(
        "city:N",
        title=None,
        scale=alt.Scale(
            domain=[s for s, _ in order], range=[CITY_DASHES[k % len(CITY_DASHES)] for k in range(len(order))]
        ),
        legend=alt.Legend(labelExpr=_label_expr(dict(order))),
    )


def _city_names(frame: pl.DataFrame, names: Mapping[str, str]) -> pl.DataFrame:
    return frame.with_columns(pl.col("city").replace_strict(names, default=pl.col("city")).alias("city_name"))


def _fiscal_year(year: object, lang: str) -> str:
    return f"{year}年度" if lang == "ja" else f"FY{year}"


def _caption(frame: pl.DataFrame, lang: str) -> list[str]:
    """One line per city, in city order: the plans by title (the file name only for a document no
    plugin knows), with the lines cited (``出典 須坂市: 第六次須坂市総合計画 前期基本計画 l. 16, 361``)."""
    cited: dict[str, dict[str, set[tuple[int, str, int]]]] = {}
    titled = "document_title" in frame.columns
    paged = "page" in frame.columns
    named = "sheet" in frame.columns
    for r in frame.iter_rows(named=True):
        source = (r["document_title"] if titled else None) or r["document"]
        page = r["page"] if paged and r["page"] is not None else 0
        sheet = r["sheet"] if named and r["sheet"] is not None else ""
        cited.setdefault(r["city_name"], {}).setdefault(source, set()).add((int(page), sheet, int(r["line"])))
    head = "出典" if lang == "ja" else "Sources"
    lines = []
    for city, docs in sorted(cited.items()):
        listed = "; ".join(f"{doc} {_where(places, lang)}" for doc, places in sorted(docs.items()))
        lines.extend(wrap_to_width(f"{head} {city}: {listed}", 96))
    return lines


def _where(places: set[tuple[int, str, int]], lang: str = "en") -> str:
    """Lines cited in one document, from (page, sheet, line) places (page 0 and sheet "" for text):
    ``l. 16, 361`` for text (``行 16, 361`` in Japanese), ``p. 12 l. 5, 9; p. 13 l. 2`` for a PDF,
    ``sheet 令和4年度 row 7, 9`` for a workbook (``シート 令和4年度 行 7, 9``)."""
    pages: dict[tuple[int, str], list[int]] = {}
    for page, sheet, line in sorted(places):
        pages.setdefault((page, sheet), []).append(line)
    ja = lang == "ja"
    cited = []
    for (page, sheet), lines in pages.items():
        numbers = ", ".join(map(str, lines))
        if sheet:
            cited.append(f"シート {sheet} 行 {numbers}" if ja else f"sheet {sheet} row {numbers}")
        else:
            cited.append((f"p. {page} " if page else "") + f"{'行' if ja else 'l.'} {numbers}")
    return "; ".join(cited)


def _footnotes(frame: pl.DataFrame, lang: str) -> list[str]:
    """Numbered notes, in city order, for every row that is not an exact match: what it counts."""
    notes = []
    rows = frame.filter(pl.col("match") != "exact").unique(["city", "name"], maintain_order=True).sort("city")
    for k, r in enumerate(rows.iter_rows(named=True), start=1):
        kind = _MATCH[lang].get(r["match"], r["match"])
        notes.append(f"{k}. {r['city_name']} ({kind}): {_note(r, lang)}")
    return notes


_TOOLTIP_TITLES = {
    "city_name": ("市町村", "city"), "name": ("計画での指標名", "indicator as the plan names it"),
    "match_label": ("一致度", "match"),
    "note_shown": ("比較上の注記", "comparability note"), "document_title": ("出典", "source"),
    "line": ("行", "line"),
    "baseline_value": ("基準値", "baseline"), "baseline_year": ("基準年度", "baseline FY"),
    "target_value": ("目標値", "target"), "target_year": ("目標年度", "target FY"),
    "target_comparator": ("比較条件", "comparator"), "target_kind_label": ("目標の種類", "target kind"),
    "headroom": ("余裕", "headroom"), "actual_value": ("実績", "result"), "grade": ("評価", "grade"),
    "progress_rate": ("進捗率", "progress"), "fiscal_year": ("年度", "fiscal year"), "value": ("値", "value"),
    "kind_label": ("値の種類", "value kind"),
    "improvement_per_year": ("年あたり必要な改善", "needed per year"),
    "unit_shown": ("改善の単位", "improvement unit"),
    "improvement_pct_per_year": ("年あたり必要な改善 (%)", "needed per year (%)"),
    "years_spanned": ("年数", "years"),
    "actor_label": ("主体", "actor group"), "statements": ("文の数", "statements"),
    "policy_id": ("施策", "policy"),
}  # fmt: skip
_TARGET_KINDS = {
    "ja": {"level": "到達目標", "ceiling": "上限", "floor": "下限", "change": "増減量"},
    "en": {"level": "level", "ceiling": "ceiling", "floor": "floor", "change": "change"},
}


def _shown(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Columns tooltips show in ``lang``: the match, the note, the target kind."""
    notes = [_note(r, lang) for r in frame.iter_rows(named=True)]
    out = frame.with_columns(pl.Series("note_shown", notes, dtype=pl.String))
    if "match" in frame.columns:
        out = out.with_columns(
            pl.col("match").replace_strict(_MATCH[lang], default=pl.col("match")).alias("match_label")
        )
    if "target_kind" in frame.columns:
        out = out.with_columns(
            pl.col("target_kind")
            .replace_strict(_TARGET_KINDS[lang], default=pl.col("target_kind"))
            .alias("target_kind_label")
        )
    return out


def _tooltip(lang: str, extra: Sequence[str] = ()) -> list[alt.Tooltip]:
    """Tooltip fields titled in ``lang``, numbers with thousands separators; the comparability note and
    the source line always among them."""
    base = ["city_name:N", "name:N", "match_label:N", "note_shown:N", "document_title:N", "line:Q"]
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


def _concept_label(row: Mapping[str, object], lang: str) -> str:
    return str(row["concept_label"] if lang == "ja" else row["concept_label_en"])


def _match_dash(lang: str) -> alt.StrokeDash:
    return alt.StrokeDash(
        "match:N",
        scale=alt.Scale(domain=list(_DASH), range=list(_DASH.values())),
        legend=alt.Legend(title="一致度" if lang == "ja" else "match", labelExpr=_label_expr(_MATCH[lang])),
    )


def dumbbell_chart(
    compare: pl.DataFrame, names: Mapping[str, str], lang: str = "ja", *, width: int = DEFAULT_WIDTH
) -> AnyChart:
    """Baseline → target per city, one panel per concept and unit: a level target as a journey from
    the baseline (a point) to the target (an arrow); a ceiling as the zone it permits from 0 up to the
    limit, a floor from the limit on, with the baseline as a point; both ends labelled in full; the
    statutory reference value as a dashed rule. ``width``: the figure's width in pixels."""
    frame = _shown(_city_names(compare.filter(pl.col("target_value").is_not_null()), names), lang)
    undrawn = _city_names(compare.filter(pl.col("target_value").is_null()), names)
    ja = lang == "ja"
    plot = max(120, width - 90)
    panels = []
    # rows whose units differ never share an axis: one panel per concept and unit
    for concept, unit in frame.select("concept", "unit").unique(maintain_order=True).iter_rows():
        part = frame.filter((pl.col("concept") == concept) & (pl.col("unit").eq_missing(unit))).sort("city")
        first = part.row(0, named=True)
        label = _concept_label(first, lang)
        polarity = _POLARITY[lang].get(first["polarity"], "")
        caption = [*_caption(part, lang), *_footnotes(part, lang)]
        for r in undrawn.filter(pl.col("concept") == concept).sort("city").iter_rows(named=True):
            why = "目標値の記載なし" if ja else "no target value stated"
            source = r.get("document_title") or r["document"]
            shown = r["name"] if ja else _concept_label(r, lang)
            caption.append(f"{r['city_name']}: {shown} — {why} ({source} {'行' if ja else 'l.'} {r['line']})")
        if first["units_differ"]:  # say where the reader looks that the other panel counts otherwise
            caption.insert(
                0,
                ("単位が異なるため別の図: " if ja else "units differ, so drawn apart: ")
                + ", ".join(
                    f"{r['city_name']} {unit_label(r['unit'], lang)}"
                    for r in frame.filter(pl.col("concept") == concept)
                    .unique("city", maintain_order=True)
                    .sort("city")
                    .iter_rows(named=True)
                ),
            )
        unit_text = unit_label(unit, lang)
        if unit_text and not ja and unit_text != "%":
            unit_text = f" {unit_text}"
        rows = []
        for r in part.iter_rows(named=True):
            has_base = r["baseline_value"] is not None
            base_text = f"{_number(r['baseline_value'])}{unit_text}" if has_base else ""
            if not has_base:  # nothing drawn where the document states nothing
                caption.append(
                    f"{r['city_name']}: "
                    + ("基準値の記載なし (目標のみ)" if ja else "no baseline stated (target only)")
                )
            rows.append(
                {
                    **r,
                    "start": r["baseline_value"] if has_base else r["target_value"],
                    "baseline_label": base_text
                    + (
                        f" ({_fiscal_year(r['baseline_year'], lang)})"
                        if has_base and r["baseline_year"]
                        else ""
                    ),
                    "target_label": _bound(
                        r["target_comparator"], f"{_number(r['target_value'])}{unit_text}", lang
                    )
                    + (f" ({_fiscal_year(r['target_year'], lang)})" if r["target_year"] else ""),
                    "limit": r["target_kind"] in ("ceiling", "floor"),
                }
            )
        values = [v for r in rows for v in (r["start"], r["target_value"]) if v is not None]
        low, high = min(values), max(values)
        pad = (high - low) * 0.15 or abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
        ceilings = [r for r in rows if r["target_kind"] == "ceiling"]
        if ceilings and low > 0:  # a ceiling's zone runs from 0: the axis starts there
            low = 0.0
        reference = first["reference_value"]
        reference_name = (first["reference_label"] or "").split(" / ")[0 if ja else -1]
        if reference is not None and reference <= high + 3 * (high - low):
            high = max(high, reference + pad)  # the statutory line is drawn where it stays readable
        elif reference is not None:
            caption.append(
                f"{reference_name}: {_number(reference)}{unit_text} "
                + ("(図の範囲外)" if ja else "(beyond the scale shown)")
            )
        if any(r["limit"] for r in rows):
            caption.append(
                "網掛け: 上限・下限が許す範囲 (上限は0から上限まで、下限は下限から右へ)"
                if ja
                else "shaded: the range a limit permits (a ceiling from 0 up to it, a floor from it upwards)"
            )
        for r in rows:
            r["zone_from"] = (
                min(0.0, r["target_value"]) if r["target_kind"] == "ceiling" else r["target_value"]
            )
            r["zone_to"] = r["target_value"] if r["target_kind"] == "ceiling" else high
        points = pl.DataFrame(rows, infer_schema_length=None)
        colour = _city_colour(points, legend=False)
        x_scale = alt.Scale(domain=[low, high], zero=False, nice=False)
        order = [n for _, n in _city_order(points)]
        base = alt.Chart(points).encode(y=alt.Y("city_name:N", title=None, sort=order))
        x_title = f"{label} ({unit_text.strip()})" if unit_text else label
        axis = alt.Axis(format=",~f", title=wrap_lines([x_title], plot), tickCount=max(2, plot // 70))
        levels = base.transform_filter("!datum.limit")
        journey = levels.mark_rule(strokeWidth=3).encode(
            x=alt.X("start:Q", scale=x_scale, axis=axis),
            x2="target_value:Q",
            strokeDash=_match_dash(lang),
            color=colour,
            tooltip=_tooltip(
                lang, ["baseline_value:Q", "baseline_year:Q", "target_value:Q", "target_year:Q"]
            ),
        )
        limits = base.transform_filter("datum.limit")
        zone = limits.mark_bar(opacity=0.25, height=22).encode(
            x=alt.X("zone_from:Q", scale=x_scale, axis=axis), x2="zone_to:Q", color=colour
        )
        edge = limits.mark_tick(thickness=3, size=30).encode(
            x=alt.X("target_value:Q", scale=x_scale),
            color=colour,
            tooltip=_tooltip(lang, ["target_kind_label:N", "target_comparator:N", "target_value:Q"]),
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
        # labels grow inwards from their point, so that none runs past the plot's edge
        inward = "{field} > {mid} ? 'right' : 'left'"
        mid = (low + high) / 2
        start_text = stated.mark_text(
            dy=17, fontSize=MIN_FONT, align=alt.ExprRef(inward.format(field="datum.start", mid=mid))
        ).encode(x=alt.X("start:Q", scale=x_scale), text="baseline_label:N")
        end_text = base.mark_text(
            dy=-17, fontSize=MIN_FONT, align=alt.ExprRef(inward.format(field="datum.target_value", mid=mid))
        ).encode(x=alt.X("target_value:Q", scale=x_scale), text="target_label:N")
        layers: list[AnyChart] = []
        if not points.filter(~pl.col("limit")).is_empty():
            layers += [journey, end]
        if not points.filter(pl.col("limit")).is_empty():
            layers += [zone, edge]
        layers += [start, start_text, end_text]
        if reference is not None and reference <= high:
            ref = alt.Chart(
                pl.DataFrame(
                    {"x": [reference], "text": [f"{reference_name} {_number(reference)}{unit_text}"]}
                )
            )
            layers += [
                ref.mark_rule(strokeDash=[6, 3], color="#444").encode(x=alt.X("x:Q", scale=x_scale)),
                ref.mark_text(
                    align="right", dx=-4, dy=-8, baseline="bottom", fontSize=MIN_FONT, color="#444"
                ).encode(x=alt.X("x:Q", scale=x_scale), text="text:N", y=alt.value(0)),
            ]
        title = _title(f"{label} — {polarity}", caption, width - 10)
        panels.append(alt.layer(*layers, title=title).properties(width=plot, height=60 * len(order) + 10))
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


#: Improvement units in their one order (panels of the ambition chart).
_UNIT_ORDER = ("pt", "%", "人", "per1000", "件")


def ambition_chart(
    compare: pl.DataFrame, names: Mapping[str, str], lang: str = "ja", *, width: int = DEFAULT_WIDTH
) -> AnyChart:
    """Improvement each target asks for per year, signed by polarity, one panel per unit (rates in
    percentage points), sorted by value; ceilings and floors the baseline already meets are left out of
    the ranking and shown in a headroom panel instead. Proxy rows are paler. ``width``: the figure's
    width in pixels."""
    frame = _shown(_city_names(compare, names), lang)
    asked = frame.filter(
        pl.col("improvement_per_year").is_not_null() & ~pl.col("already_met").fill_null(False)
    )
    met = frame.filter(pl.col("already_met").fill_null(False) & pl.col("headroom").is_not_null())
    if asked.is_empty() and met.is_empty():
        raise MunigoalsError("nothing to draw: no row has a baseline and target with years (ambition)")
    label = "concept_label" if lang == "ja" else "concept_label_en"
    ja = lang == "ja"
    labels = min(260, int(width * 0.42))
    plot = max(100, width - labels - 40)
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
        legend=alt.Legend(title="一致度" if ja else "match", labelExpr=_label_expr(_MATCH[lang])),
    )
    asked = asked.with_columns(
        pl.col("improvement_unit")
        .map_elements(lambda u: unit_label(u, lang), return_dtype=pl.String)
        .alias("unit_shown")
    )
    units = sorted(
        asked["improvement_unit"].unique().to_list(),
        key=lambda u: (_UNIT_ORDER.index(u) if u in _UNIT_ORDER else len(_UNIT_ORDER), u),
    )
    unit_order = [unit_label(u, lang) for u in units]
    undrawn = frame.filter(
        pl.col("improvement_per_year").is_null()
        & ~(pl.col("already_met").fill_null(False) & pl.col("headroom").is_not_null())
    ).sort("city")
    left_out = [  # a row that cannot be drawn is named, never silently dropped
        ("描けない行 " if ja else "not drawn: ")
        + f"{r['city_name']}: {r[label]} ({reason(r['metric_note'], lang)})"
        for r in undrawn.iter_rows(named=True)
    ]
    slugs = [s for s, _ in _city_order(frame)]
    panels: list[AnyChart] = []
    if not asked.is_empty():
        bars = (
            alt.Chart(asked)
            .mark_bar(stroke="#333333", strokeWidth=1.5)
            .encode(
                y=alt.Y(f"{label}:N", title=None, sort="-x", axis=alt.Axis(labelLimit=labels)),
                yOffset=alt.YOffset("city:N", sort=slugs),
                x=alt.X("improvement_per_year:Q", title=None, axis=alt.Axis(tickCount=max(2, plot // 70))),
                color=_city_colour(frame),
                strokeDash=_city_dash(frame),
                opacity=opacity,
                tooltip=_tooltip(
                    lang,
                    [
                        "improvement_per_year:Q",
                        "unit_shown:N",
                        "improvement_pct_per_year:Q",
                        "years_spanned:Q",
                    ],
                ),
            )
            .properties(width=plot)
            .facet(row=alt.Row("unit_shown:N", title=None, sort=unit_order))
            .resolve_scale(x="independent", y="independent")
        )
        panels.append(
            bars.properties(
                title=_title(
                    title, [subtitle, *_caption(asked, lang), *_footnotes(asked, lang), *left_out], width - 10
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
            alt.Chart(met, title=_title(head, _caption(met, lang), width - 10))
            .mark_bar(stroke="#333333", strokeWidth=1.5)
            .encode(
                y=alt.Y(f"{label}:N", title=None, axis=alt.Axis(labelLimit=labels),
                        sort=met.sort("concept")[label].unique(maintain_order=True).to_list()),
                yOffset=alt.YOffset("city:N", sort=slugs),
                x=alt.X("headroom:Q", title="余裕 (ポイント)" if ja else "headroom (points)",
                        axis=alt.Axis(tickCount=max(2, plot // 70))),
                color=_city_colour(frame),
                strokeDash=_city_dash(frame),
                tooltip=_tooltip(
                    lang, ["target_kind_label:N", "target_comparator:N", "target_value:Q", "headroom:Q"]
                ),
            )
            .properties(width=plot)
        )  # fmt: skip
        panels.append(headroom)
    if len(panels) == 1:
        return panels[0]
    return alt.vconcat(*panels).resolve_scale(color="shared")


def progress_chart(
    compare: pl.DataFrame, names: Mapping[str, str], lang: str = "ja", *, width: int = DEFAULT_WIDTH
) -> AnyChart:
    """How far results got: progress from baseline to target (%) for level targets with a baseline,
    met / not met by the comparator for the others; coloured by grade, the letter printed on the mark.
    One row a city and concept, the height following the rows; the legend holds the grades drawn."""
    frame = _shown(_city_names(compare.filter(pl.col("actual_value").is_not_null()), names), lang)
    if frame.is_empty():
        raise MunigoalsError("nothing to draw: no row has a result (progress needs actuals)")
    ja = lang == "ja"
    met_words = (
        ("達成 (比較条件による)", "未達成 (比較条件による)") if ja else ("met (by comparator)", "not met")
    )
    frame, grade_order = _grade_labels(frame.sort("city", "concept"), lang)
    label = "concept_label" if ja else "concept_label_en"
    frame = frame.with_columns(
        (pl.col("progress_rate") * 100).alias("progress_pct"),
        pl.concat_str([pl.col("city_name"), pl.lit(": "), pl.col(label)]).alias("row_label"),
        pl.when(pl.col("target_met"))
        .then(pl.lit(met_words[0]))
        .otherwise(pl.lit(met_words[1]))
        .alias("judged"),
    )
    labels = min(260, int(width * 0.42))
    plot = max(100, width - labels - 20)
    title = "基準値から目標までの進捗 (%)" if ja else "Progress from baseline to target (%)"
    drawn = [g for g in grade_order if g in set(frame["grade_label"].to_list())]
    colours = [GRADE_COLOURS[grade_order.index(g)] for g in drawn]
    axis = alt.X(
        "progress_pct:Q",
        title=wrap_lines([title], plot),
        scale=alt.Scale(domainMin=0, domainMax=110, clamp=False),
    )
    letters_drawn = [g.split(" ", 1)[0] for g in drawn]
    colour = alt.Color(
        "grade:N",
        title="評価" if ja else "grade",
        scale=alt.Scale(domain=letters_drawn, range=colours),
        legend=alt.Legend(
            labelLimit=width - 40,
            columns=1,
            labelExpr=_label_expr({g.split(" ", 1)[0]: g for g in drawn}),
        ),
    )
    tooltip = _tooltip(
        lang, ["baseline_value:Q", "target_value:Q", "actual_value:Q", "grade:N", "progress_rate:Q"]
    )
    measured = frame.with_columns(pl.col("progress_pct").fill_null(0.0))
    order = measured["row_label"].to_list()
    y = alt.Y("row_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=labels))
    bars = alt.Chart(measured).mark_bar(height=18).encode(y=y, x=axis, color=colour, tooltip=tooltip)
    letters = (
        alt.Chart(measured)
        .mark_text(align="left", dx=4, fontSize=MIN_FONT)
        .encode(y=y, x="progress_pct:Q", text=alt.Text("text:N"))
        .transform_calculate(
            text="datum.progress_rate == null ? datum.grade + ' ' + datum.judged : datum.grade"
        )
    )
    goal = alt.Chart(pl.DataFrame({"x": [100.0]})).mark_rule(strokeDash=[4, 2]).encode(x="x:Q")
    caption = _title(title, [*_caption(frame, lang), *_footnotes(frame, lang)], width - 10)
    return alt.layer(bars, letters, goal, title=caption).properties(width=plot, height=28 * len(order))


def roles_chart(
    roles: pl.DataFrame, names: Mapping[str, str], lang: str = "ja", *, width: int = DEFAULT_WIDTH
) -> AnyChart:
    """Statements per actor group and city: shares overall (stacked in the one order of the groups), and
    counts per policy. ``width``: the figure's width in pixels."""
    frame = _city_names(roles, names)
    if frame.is_empty():
        raise MunigoalsError("nothing to draw: no role statements for these cities")
    ja = lang == "ja"
    groups = _ACTOR_GROUPS[lang]
    rank = {g: k for k, g in enumerate(ACTOR_ORDER)}
    frame = frame.with_columns(
        pl.col("actor_group").replace_strict(groups, default=pl.col("actor_group")).alias("actor_label"),
        pl.col("actor_group").replace_strict(rank, default=len(rank), return_dtype=pl.Int64).alias("rank"),
    )
    counts = frame.group_by(
        "city", "city_name", "actor_group", "actor_label", "rank", maintain_order=True
    ).agg(pl.len().alias("statements"))
    counts = counts.with_columns(
        (pl.col("statements") / pl.col("statements").sum().over("city")).alias("share")
    ).sort("city", "rank")
    present = [g for g in ACTOR_ORDER if g in set(counts["actor_group"].to_list())]
    present += sorted(set(counts["actor_group"].to_list()) - set(present))
    colour = alt.Color(
        "actor_group:N",
        title="主体" if ja else "actor group",
        scale=alt.Scale(
            domain=present, range=[ACTOR_COLOURS[rank[g]] if g in rank else "#999999" for g in present]
        ),
        legend=alt.Legend(labelExpr=_label_expr(groups), columns=3 if width >= 480 else 2),
    )
    title = "各主体に期待される役割 (文の数と割合)" if ja else "Roles expected of each actor group"
    cities = [n for _, n in _city_order(frame)]
    plot = max(120, width - 80)
    # each segment named inside it where the name fits: the groups read without colour (greyscale)
    counts = counts.with_columns(
        (pl.col("share").cum_sum().over("city") - pl.col("share") / 2).alias("middle"),
        pl.col("actor_group")
        .replace_strict(_DARK_TEXT, default="#000000", return_dtype=pl.String)
        .alias("ink"),
    )
    counts = counts.with_columns(
        pl.Series(
            "inside",
            [
                text if share * plot >= display_width(text) * MIN_FONT * 0.6 + 6 else ""
                for text, share in zip(counts["actor_label"], counts["share"], strict=True)
            ],
            dtype=pl.String,
        )
    )
    shares = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            y=alt.Y("city_name:N", title=None, sort=cities),
            x=alt.X(
                "share:Q", axis=alt.Axis(format="%"), title="発言の割合" if ja else "share of statements"
            ),
            color=colour,
            order=alt.Order("rank:Q"),
            tooltip=[
                *_titled(["city_name:N", "actor_label:N", "statements:Q"], lang),
                alt.Tooltip("share:Q", title="割合" if ja else "share", format=".0%"),
            ],
        )
        .properties(width=plot)
    )
    names_inside = (
        alt.Chart(counts)
        .mark_text(fontSize=MIN_FONT)
        .encode(
            y=alt.Y("city_name:N", sort=cities),
            x="middle:Q",
            text="inside:N",
            color=alt.Color("ink:N", scale=None),
        )
    )
    shares = alt.layer(shares, names_inside, title=_title(title, _caption(frame, lang), width - 10))
    per_policy = frame.group_by(
        "city", "city_name", "policy_id", "actor_group", "actor_label", maintain_order=True
    ).agg(pl.len().alias("statements"))
    column = max(50, (width - 110) // max(1, len(cities)) - 25)
    heat = (
        alt.Chart(per_policy)
        .mark_rect()
        .encode(
            x=alt.X("actor_group:N", title=None, sort=present,
                    axis=alt.Axis(labelExpr=_label_expr(groups), labelAngle=-45)),
            y=alt.Y("policy_id:N", title="施策" if ja else "policy"),
            color=alt.Color("statements:Q", title="文の数" if ja else "statements",
                            scale=alt.Scale(scheme="greys")),
            column=alt.Column(
                "city:N",
                title=None,
                sort=[c for c, _ in _city_order(frame)],
                # a header's expression sees the value as datum.value (a legend's as datum.label)
                header=alt.Header(
                    labelExpr=_label_expr(dict(_city_order(frame))).replace("datum.label", "datum.value")
                ),
            ),
            tooltip=_titled(["city_name:N", "policy_id:N", "actor_label:N", "statements:Q"], lang),
        )
        .properties(width=column)
    )  # fmt: skip
    return alt.vconcat(shares, heat.resolve_scale(y="independent")).resolve_scale(color="independent")


def series_chart(
    series: pl.DataFrame,
    names: Mapping[str, str],
    lang: str = "ja",
    concept: Concept | None = None,
    *,
    width: int = DEFAULT_WIDTH,
) -> AnyChart:
    """One concept over fiscal years: observed values, baselines, targets and results, each kind its one
    shape; proxy and related matches numbered in footnotes as in the dumbbell.

    Years sit on a true time axis, so gaps between documents stay visible.
    """
    frame = _shown(_city_names(series.filter(pl.col("fiscal_year").is_not_null()), names), lang)
    if frame.is_empty():
        raise MunigoalsError("nothing to draw: the series has no value with a fiscal year")
    ja = lang == "ja"
    label = (concept.label_ja if ja else concept.label_en) if concept else ""
    title = f"{label} — " + ("年度ごとの値" if ja else "values by fiscal year")
    frame = frame.with_columns(
        pl.col("kind").replace_strict(_KINDS[lang], default=pl.col("kind")).alias("kind_label")
    )
    measured = frame.filter(~pl.col("kind").str.starts_with("target")).sort("city", "fiscal_year")
    # a line joins consecutive years only: a missing year leaves the line open
    measured = measured.with_columns(
        (pl.col("fiscal_year").diff().over("city").fill_null(1) > 1).cum_sum().over("city").alias("run")
    ).with_columns(pl.concat_str([pl.col("city"), pl.lit("/"), pl.col("run").cast(pl.String)]).alias("run"))
    # the planned path: dashed, from the last value measured before a level target to that target;
    # a ceiling or floor is a limit, not a path, so it stands alone
    levels = frame.filter(pl.col("kind") == "target eq")
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
    plot = max(120, width - 80)
    axis_x = alt.X(
        "fiscal_year:Q",
        title="年度" if ja else "fiscal year",
        scale=alt.Scale(zero=False, nice=False, padding=12),
        axis=alt.Axis(format="d", tickMinStep=1, tickCount=max(2, plot // 60)),
    )
    unit = str(frame["unit"].drop_nulls().first() or "")
    axis_y = alt.Y("value:Q", title=unit_label(unit, lang), scale=alt.Scale(zero=False, padding=12),
                   axis=alt.Axis(format=",~f"))  # fmt: skip
    colour = _city_colour(frame)
    layers: list[AnyChart] = [
        alt.Chart(measured).mark_line().encode(x=axis_x, y=axis_y, color=colour, detail="run:N"),
    ]
    if not planned.is_empty():
        layers.append(
            alt.Chart(planned)
            .mark_line(strokeDash=[5, 4])
            .encode(x=axis_x, y=axis_y, color=colour, detail="run:N")
        )
    drawn = [k for k in KIND_ORDER if k in set(frame["kind"].to_list())]
    drawn += sorted(set(frame["kind"].to_list()) - set(drawn))
    shapes = [KIND_SHAPES[KIND_ORDER.index(k)] if k in KIND_ORDER else "cross" for k in drawn]
    layers.append(
        alt.Chart(frame)
        .mark_point(size=80, filled=True)
        .encode(
            x=axis_x,
            y=axis_y,
            color=colour,
            shape=alt.Shape(
                "kind:N",
                title="値の種類" if ja else "value",
                scale=alt.Scale(domain=drawn, range=shapes),
                legend=alt.Legend(labelExpr=_label_expr(_KINDS[lang])),
            ),
            tooltip=_tooltip(lang, ["fiscal_year:Q", "value:Q", "kind_label:N"]),
        )
    )
    if not targets.is_empty():
        layers.append(
            alt.Chart(targets)
            .mark_text(align="right", dx=-8, dy=-10, fontSize=MIN_FONT)
            .encode(x=axis_x, y=axis_y, color=colour, text="label:N")
        )
    note = (
        "実線: 測定値 (欠けた年は開けたまま); 破線: 目標への計画; 上限・下限は点のみ"
        if ja
        else "solid: measured values (missing years left open); dashed: planned path to a target; "
        "ceilings and floors are points, not paths"
    )
    caption = _title(title, [note, *_caption(frame, lang), *_footnotes(frame, lang)], width - 10)
    return alt.layer(*layers, title=caption).properties(width=plot, height=260)


_BOUNDS = {
    "ja": {"lt": "{}未満", "le": "{}以下", "gt": "{}超", "ge": "{}以上"},
    "en": {"lt": "below {}", "le": "at most {}", "gt": "above {}", "ge": "at least {}"},
}


def _bound(comparator: str | None, value: str, lang: str) -> str:
    """A target in words ("at least 100 cases", "100件以上"): fonts lack ≥, and "<2030" misreads."""
    return _BOUNDS[lang].get(comparator_code(comparator) or "eq", "{}").format(value)


EMBED_ACTIONS = '{"export": true, "source": false, "compiled": false, "editor": false}'
"""Vega-Embed's menu: download as SVG or PNG (the page adds "download data (CSV)")."""


def figure_config(font: str | None = None, width: int = DEFAULT_WIDTH) -> dict[str, object]:
    """The look every figure shares: no text under :data:`MIN_FONT` pixels, legends above the plot (so a
    figure is no wider than its plots), the Japanese font first where there is one."""
    text = {"labelFontSize": MIN_FONT, "titleFontSize": MIN_FONT}
    config: dict[str, object] = {
        "axis": dict(text),
        "header": dict(text),
        "legend": {
            **text,
            "orient": "top",
            "columns": max(1, width // 220),
            "labelLimit": max(80, width - 60),
        },
        "title": {"fontSize": MIN_FONT + 2, "subtitleFontSize": MIN_FONT, "anchor": "start"},
        "text": {"fontSize": MIN_FONT},
    }
    if font:
        config["font"] = font_stack(font)
    return config


def script_json(spec: dict[str, object]) -> str:
    """A chart spec as JSON safe inside a ``<script>``: ``<``, ``>`` and ``&`` escaped, so no text from
    a document can end the script or become markup."""
    data = json.dumps(spec, ensure_ascii=False, allow_nan=False, sort_keys=True)
    return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


#: Columns of a figure's data table: (field, Japanese heading, English heading).
_TABLE_COLUMNS = {
    "comparison": (
        ("city_name", "市町村", "city"), ("concept_shown", "比較の概念", "concept"),
        ("name", "計画での指標名", "indicator as the plan names it"), ("match_label", "一致度", "match"),
        ("unit_shown", "単位", "unit"), ("baseline_value", "基準値", "baseline"),
        ("baseline_year", "基準年度", "baseline FY"), ("target_comparator", "比較条件", "comparator"),
        ("target_value", "目標値", "target"), ("target_year", "目標年度", "target FY"),
        ("improvement_per_year", "年あたり必要な改善", "needed per year"),
        ("actual_value", "実績", "result"), ("grade", "評価", "grade"),
        ("document_title", "出典", "source"), ("line", "行", "line"),
    ),
    "series": (
        ("city_name", "市町村", "city"), ("fiscal_year", "年度", "fiscal year"),
        ("kind_label", "値の種類", "kind"), ("value", "値", "value"), ("unit_shown", "単位", "unit"),
        ("name", "計画での指標名", "indicator"),
        ("document_title", "出典", "source"), ("line", "行", "line"),
    ),
    "roles": (
        ("city_name", "市町村", "city"), ("policy_id", "施策", "policy"),
        ("actor_label", "主体", "actor group"), ("statements", "文の数", "statements"),
    ),
}  # fmt: skip


def data_table(kind: str, frame: pl.DataFrame, names: Mapping[str, str], lang: str) -> dict[str, object]:
    """The data a figure draws, as a table (``title``, ``columns``, ``rows``) for the page's table view
    and its CSV: ``kind`` is ``comparison`` (the compare rows), ``series`` or ``roles``."""
    ja = lang == "ja"
    frame = _city_names(frame, names).sort("city")
    if kind == "roles":
        frame = (
            frame.with_columns(
                pl.col("actor_group")
                .replace_strict(_ACTOR_GROUPS[lang], default=pl.col("actor_group"))
                .alias("actor_label")
            )
            .group_by("city_name", "city", "policy_id", "actor_label", maintain_order=True)
            .agg(pl.len().alias("statements"))
        )
        title = "各主体の役割 (施策ごとの文の数)" if ja else "Roles: statements per policy and actor group"
    elif kind == "series":
        frame = (
            _shown(frame, lang)
            .with_columns(
                pl.col("kind").replace_strict(_KINDS[lang], default=pl.col("kind")).alias("kind_label"),
                pl.col("unit")
                .map_elements(lambda u: unit_label(u, lang), return_dtype=pl.String)
                .alias("unit_shown"),
            )
            .sort("city", "fiscal_year")
        )
        title = "年度ごとの値" if ja else "Values by fiscal year"
    else:
        frame = _shown(frame, lang).with_columns(
            pl.col("concept_label" if ja else "concept_label_en").alias("concept_shown"),
            pl.col("unit")
            .map_elements(lambda u: unit_label(u, lang), return_dtype=pl.String)
            .alias("unit_shown"),
        )
        title = "比較した値" if ja else "Values compared"
    specs = [c for c in _TABLE_COLUMNS[kind] if c[0] in frame.columns]
    rows = [
        [None if v is None else v for v in row] for row in frame.select([c[0] for c in specs]).iter_rows()
    ]
    return {"title": title, "columns": [c[1] if ja else c[2] for c in specs], "rows": rows}


def _csv(table: Mapping[str, object]) -> bytes:
    """A data table as CSV (UTF-8 with BOM; no cell can start a spreadsheet formula)."""
    from munigoals.output import render

    columns = list(table["columns"])  # type: ignore[call-overload]
    rows = list(table["rows"])  # type: ignore[call-overload]
    frame = pl.DataFrame(
        {c: [None if r[k] is None else str(r[k]) for r in rows] for k, c in enumerate(columns)},
        schema={c: pl.String for c in columns},
    )
    return render(frame, "csv")


def tables_html(spec: Mapping[str, object], lang: str, key: str = "chart") -> str:
    """The figure's data tables (from its ``usermeta``) as escaped HTML, each with a "download data
    (CSV)" link; empty when the figure holds none."""
    import base64
    import html

    meta = spec.get("usermeta")
    tables = meta.get("munigoals_tables", []) if isinstance(meta, dict) else []
    if not tables:
        return ""
    ja = lang == "ja"
    parts = []
    for k, table in enumerate(tables):
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in table["columns"])
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
            for row in table["rows"]
        )
        data = base64.b64encode(_csv(table)).decode()
        link = "データをダウンロード (CSV)" if ja else "Download data (CSV)"
        parts.append(
            f'<figure class="munigoals-table"><figcaption>{html.escape(str(table["title"]))} '
            f'<a class="munigoals-csv" download="{key}-data-{k + 1}.csv" '
            f'href="data:text/csv;charset=utf-8;base64,{data}">{link}</a></figcaption>'
            f'<div class="munigoals-scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
            "</table></div></figure>"
        )
    return "\n".join(parts)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return _number(value)
    return str(value)


#: Moves each "download data (CSV)" link of a figure into its Vega-Embed menu too (after the chart).
MENU_SCRIPT = (
    "function munigoalsMenu(id){const m=document.querySelector('#'+id+' .vega-actions');"
    "if(!m)return;document.querySelectorAll('[data-for=\"'+id+'\"] a.munigoals-csv').forEach(a=>"
    "{const b=a.cloneNode(true);m.appendChild(b);});}"
)


def add_place_picker(spec: dict[str, object], lang: str) -> dict[str, object]:
    """Where a figure holds more than two places, a place picker (a select bound to a parameter) and a
    filter on every dataset that has a ``city`` column; the spec is changed in place and returned."""
    datasets = spec.get("datasets")
    if not isinstance(datasets, dict):
        return spec
    places: dict[str, str] = {}
    with_city = set()
    for name, rows in datasets.items():
        if rows and isinstance(rows, list) and isinstance(rows[0], dict) and "city" in rows[0]:
            with_city.add(name)
            for row in rows:
                places.setdefault(str(row["city"]), str(row.get("city_name") or row["city"]))
    if len(places) <= 2:
        return spec
    ordered = sorted(places.items())
    everyone = "すべて" if lang == "ja" else "all places"
    spec["params"] = [
        *(spec.get("params") or []),  # type: ignore[misc]
        {"name": "place", "value": "", "bind": {"input": "select", "options": ["", *(s for s, _ in ordered)],
         "labels": [everyone, *(n for _, n in ordered)], "name": "市町村 " if lang == "ja" else "place "}},
    ]  # fmt: skip

    def walk(item: object) -> None:
        if isinstance(item, dict):
            data = item.get("data")
            if isinstance(data, dict) and data.get("name") in with_city:
                item["transform"] = [
                    {"filter": "place == '' || datum.city == place"},
                    *item.get("transform", []),
                ]
            for key, value in item.items():
                if key not in ("datasets", "config", "usermeta", "params"):
                    walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(spec)
    return spec


def figure_spec(chart: AnyChart, font: str | None = None) -> dict[str, object]:
    """The Vega-Lite spec of ``chart`` as munigoals publishes it: validated, with the shared look
    (:func:`figure_config`) where the chart has no config, and a place picker for more than two places."""
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    config = figure_config(font)
    given = spec.get("config") or {}
    spec["config"] = {**config, **given}  # type: ignore[dict-item]
    meta = spec.get("usermeta")
    lang = meta.get("munigoals_lang", "ja") if isinstance(meta, dict) else "ja"
    return add_place_picker(spec, str(lang))


_PAGE_CSS = (
    "body{font-family:sans-serif;font-size:16px;margin:8px;}"
    ".munigoals-scroll{max-width:100%;overflow-x:auto;-webkit-overflow-scrolling:touch;position:relative;}"
    ".munigoals-scroll .vega-embed{position:static;}"  # the menu stays at the frame's visible right edge
    ".munigoals-table{margin:16px 0;}.munigoals-table figcaption{font-weight:bold;margin-bottom:4px;}"
    ".munigoals-table figcaption a{font-weight:normal;margin-left:8px;}"
    ".munigoals-table table{border-collapse:collapse;font-size:14px;}"
    ".munigoals-table th,.munigoals-table td{border:1px solid #ccc;padding:2px 6px;text-align:left;"
    "white-space:nowrap;}.vega-bindings{font-size:14px;margin:8px 0;}"
)


def _html(spec: dict[str, object], title: str) -> bytes:
    """A self-contained page that fits a phone: the Vega bundle inline; the spec as JSON in which ``<``
    is escaped, so no text from a document can end the script or become markup; the chart scrolls
    inside its frame; below it the data table, with "download data (CSV)" there and in the menu."""
    import html

    import vl_convert as vlc

    meta = spec.get("usermeta")
    lang = str(meta.get("munigoals_lang", "ja")) if isinstance(meta, dict) else "ja"
    bundle = vlc.javascript_bundle("window.vegaEmbed = vegaEmbed;").replace("</script", "<\\/script")
    data = script_json(spec)
    options = f'{{"renderer": "svg", "actions": {EMBED_ACTIONS}}}'
    head = f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
    head += '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    head += f"<title>{html.escape(title)}</title>\n<style>{_PAGE_CSS}</style>\n"
    embed = (
        f"{MENU_SCRIPT}\n"
        f'vegaEmbed("#chart", {data}, {options})'
        '.then(() => munigoalsMenu("chart")).catch(e => console.error(e));'
    )
    tables = tables_html(spec, lang)
    page = (
        f'{head}</head>\n<body>\n<div class="munigoals-scroll"><div id="chart"></div></div>\n'
        f'<div data-for="chart">{tables}</div>\n<script>{bundle}</script>\n'
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
            text = title.get("text") if isinstance(title, dict) else title
            if isinstance(text, list):
                text = " ".join(map(str, text))
            if (
                isinstance(text, str)
                and text
                and not (isinstance(title, dict) and title.get("orient") == "bottom")
            ):
                return text
            stack.extend(item.get(key) for key in ("vconcat", "hconcat", "layer", "spec") if key in item)
        elif isinstance(item, list):
            stack.extend(item)
    return "munigoals chart"


_GRADIENT_ID = re.compile(r"\bgradient_(\d+)\b")


def _numbered_from_zero(svg: str) -> str:
    """The SVG with its gradient ids numbered from 0 in order of appearance: Vega counts them across
    every chart drawn in a process, so the second drawing of a chart would otherwise differ."""
    numbers: dict[str, str] = {}
    return _GRADIENT_ID.sub(lambda m: f"gradient_{numbers.setdefault(m.group(1), str(len(numbers)))}", svg)


_SVG_SIZE = re.compile(r'^(<svg[^>]*?) width="([\d.]+)" height="([\d.]+)"')


def svg_width(svg: str) -> float:
    """The width of a drawn SVG in CSS pixels."""
    found = _SVG_SIZE.search(svg)
    if not found:
        raise MunigoalsError("vl-convert drew an SVG without a size")
    return float(found.group(2))


def _png_width(data: bytes) -> int:
    return int.from_bytes(data[16:20], "big")


def layout_width(size_mm: float) -> int:
    """The width in CSS pixels (96 a inch) a figure printed ``size_mm`` wide is laid out at."""
    return round(size_mm / 25.4 * 96)


def save_chart(
    chart: AnyChart,
    path: Path,
    font: str | None = None,
    *,
    scale: float = 2.0,
    size_mm: float | None = None,
    dpi: int = 300,
) -> None:
    """Write ``chart`` by the suffix of ``path``: .html (self-contained, safe, with its data table and
    CSV), .json (Vega-Lite), .svg, .png, .pdf (fonts embedded). The same input gives the same bytes,
    except in PDF, where vl-convert embeds fonts in an order that varies from run to run.

    ``scale`` multiplies the pixels of a PNG. ``size_mm`` gives the printed width (85 for a journal's
    single column, 174 for a page): a PNG is then exactly ``size_mm`` at ``dpi`` pixels wide (and says
    its dpi), an SVG or PDF measures ``size_mm`` across.

    Raises:
        MunigoalsError: for another suffix or a folder that cannot be written.
    """
    import vl_convert as vlc

    from munigoals.output import write_atomic

    spec = figure_spec(chart, font)
    suffix = path.suffix.lower()
    if suffix == ".json":
        data = (
            json.dumps(spec, ensure_ascii=False, indent=1, allow_nan=False, sort_keys=True) + "\n"
        ).encode()
    elif suffix == ".html":
        data = _html(spec, _chart_title(spec))
    elif suffix == ".svg":
        svg = _numbered_from_zero(vlc.vegalite_to_svg(spec))
        if size_mm is not None:  # the same drawing, measured in millimetres
            found = _SVG_SIZE.search(svg)
            if found:
                w, h = float(found.group(2)), float(found.group(3))
                svg = _SVG_SIZE.sub(
                    lambda m: f'{m.group(1)} width="{size_mm:g}mm" height="{size_mm * h / w:.2f}mm"',
                    svg,
                    count=1,
                )
        data = svg.encode()
    elif suffix == ".png":
        if size_mm is None:
            data = vlc.vegalite_to_png(spec, scale=scale)
        else:
            target = round(size_mm / 25.4 * dpi)
            drawn = svg_width(vlc.vegalite_to_svg(spec))
            ratio = target / drawn / (dpi / 72)  # vl-convert multiplies the scale by ppi / 72
            data = vlc.vegalite_to_png(spec, scale=ratio, ppi=dpi)
            if _png_width(data) != target:  # rounding in the rasteriser: correct once
                data = vlc.vegalite_to_png(spec, scale=ratio * target / _png_width(data), ppi=dpi)
    elif suffix == ".pdf":
        if size_mm is None:
            data = vlc.vegalite_to_pdf(spec)
        else:  # PDF points: 72 a inch
            drawn = svg_width(vlc.vegalite_to_svg(spec))
            data = vlc.vegalite_to_pdf(spec, scale=size_mm / 25.4 * 72 / drawn)
    else:
        raise MunigoalsError(
            f"cannot write {path}: choose a file ending in .html, .json, .svg, .png or .pdf", exit_code=2
        )
    write_atomic(data, path)


def per_capita(compare: pl.DataFrame, names: Mapping[str, str], lang: str) -> tuple[pl.DataFrame, list[str]]:
    """Counts of people (unit 人) per 1,000 residents (the compare table's ``baseline_per_1000`` and
    ``target_per_1000``; results, needs per year and headroom scaled alike), and lines for the figure
    naming each population figure used, with its date and source. A count of people without a
    population figure is left out and named; other rows are unchanged."""
    people = pl.col("unit") == "人"
    has = pl.col("baseline_per_1000").is_not_null() | pl.col("target_per_1000").is_not_null()
    ja = lang == "ja"
    missing = _city_names(compare.filter(people & ~has), names).sort("city")
    lines = [
        ("人口の数字がなく描かない: " if ja else "no population figure, not drawn: ")
        + f"{r['city_name']}: {_concept_label(r, lang)}"
        for r in missing.iter_rows(named=True)
    ]
    per = 1000 / pl.col("population")
    scaled = compare.filter(~people | has).with_columns(
        pl.when(people)
        .then(pl.col("baseline_per_1000"))
        .otherwise(pl.col("baseline_value"))
        .alias("baseline_value"),
        pl.when(people)
        .then(pl.col("target_per_1000"))
        .otherwise(pl.col("target_value"))
        .alias("target_value"),
        pl.when(people)
        .then(pl.col("actual_value") * per)
        .otherwise(pl.col("actual_value"))
        .alias("actual_value"),
        pl.when(people)
        .then(pl.col("improvement_per_year") * per)
        .otherwise(pl.col("improvement_per_year"))
        .alias("improvement_per_year"),
        pl.when(people).then(pl.col("headroom") * per).otherwise(pl.col("headroom")).alias("headroom"),
        pl.when(people & pl.col("improvement_unit").is_not_null())
        .then(pl.lit("per1000"))
        .otherwise(pl.col("improvement_unit"))
        .alias("improvement_unit"),
        pl.when(people).then(pl.lit("per1000")).otherwise(pl.col("unit")).alias("unit"),
    )
    used = _city_names(scaled.filter(pl.col("unit") == "per1000"), names).unique("city").sort("city")
    for r in used.iter_rows(named=True):
        head = "人口千人あたり: " if ja else "per 1,000 residents: "
        count = f"{r['population']:,}" + ("人" if ja else " residents")
        lines.append(f"{head}{r['city_name']} {count} ({r['population_date']}; {r['population_source']})")
    return scaled, lines

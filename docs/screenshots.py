"""Screenshots for review: every chart kind in Japanese and English as PNG (also at --width 300, at 85 mm
for a journal, and in greyscale), each kind's HTML figure (chart, data table, CSV) and the gallery, a
city page and the home page in headless Chromium at desktop and phone widths (1280 and 390 px).

    python docs/screenshots.py OUT_DIR

Look at every image before calling a figure or a page done: nothing clipped, overlapping or
unexplained; no text smaller than 12 px at 390 px; a greyscale figure still tells cities, kinds and
matches apart. Needs Debian's chromium (apt-get install chromium) and a Japanese font.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import munigoals
from munigoals.charts import CHART_KINDS, japanese_font, layout_width, save_chart

REPO = Path(__file__).resolve().parent.parent
PAGES = ["index.html", "gallery/index.html", "gallery-en/index.html", "cities/ueda/index.html"]
WIDTHS = {"desktop": 1280, "phone": 390}
#: Shown in greyscale, the way a black-and-white print reads the figure.
GREYSCALE = "<style>html{filter:grayscale(1)}</style>"


def _chart(kind: str, lang: str, **options: object) -> object:
    concepts = ["convenience_store_certificates"] if kind == "series" else None
    cities = ["ueda"] if kind == "series" else None
    return munigoals.chart(concepts, kinds=[kind], cities=cities, lang=lang, **options)  # type: ignore[arg-type]


def charts(out: Path) -> list[Path]:
    """Every chart kind, both languages, as PNG (default, 300 px, 85 mm at 300 dpi) and as HTML; the
    HTML pages are returned, to be screenshotted (and once more in greyscale)."""
    font = japanese_font()
    pages = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for lang in ("ja", "en"):
            for kind in CHART_KINDS:
                save_chart(_chart(kind, lang), out / f"chart-{kind}-{lang}.png", font)  # type: ignore[arg-type]
                save_chart(
                    _chart(kind, lang, width=300), out / f"chart-{kind}-{lang}-w300.png", font, scale=1
                )  # type: ignore[arg-type]
                save_chart(_chart(kind, lang, width=layout_width(85)), out / f"chart-{kind}-{lang}-85mm.png",  # type: ignore[arg-type]
                           font, size_mm=85, dpi=300)  # fmt: skip
                page = out / "html" / f"figure-{kind}-{lang}.html"
                page.parent.mkdir(exist_ok=True)
                save_chart(_chart(kind, lang), page, font)  # type: ignore[arg-type]
                pages.append(page)
                grey = page.with_name(f"figure-{kind}-{lang}-greyscale.html")
                grey.write_text(page.read_text(encoding="utf-8").replace("</head>", GREYSCALE + "</head>", 1),
                                encoding="utf-8")  # fmt: skip
                pages.append(grey)
    return pages


def _shoot(chromium: str, url: str, shot: Path, width: int, profile: Path) -> None:
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--user-data-dir={profile}", "--virtual-time-budget=20000",
         f"--window-size={width},{3000 if width > 400 else 2400}", f"--screenshot={shot}", url],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip


def pages(out: Path, figures: list[Path]) -> None:
    """The site built, then its pages and every HTML figure screenshotted at each width."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("screenshots: chromium not found; install it (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                       cwd=REPO, check=True, env=env)  # fmt: skip
        profile = Path(tmp) / "profile"
        for page in PAGES:
            for label, width in WIDTHS.items():
                name = page.replace("/index.html", "").replace(".html", "").replace("/", "-")
                _shoot(chromium, (site / page).as_uri(), out / f"page-{name}-{label}.png", width, profile)
        for figure in figures:
            for label, width in WIDTHS.items():
                _shoot(chromium, figure.as_uri(), out / f"{figure.stem}-{label}.png", width, profile)


def main() -> None:
    """Write every screenshot to the folder named on the command line."""
    if len(sys.argv) != 2:
        sys.exit("usage: python docs/screenshots.py OUT_DIR")
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    figures = charts(out)
    pages(out, figures)
    print(f"wrote {len(list(out.glob('*.png')))} screenshots to {out}")


if __name__ == "__main__":
    main()

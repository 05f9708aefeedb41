"""Screenshots for review: every chart kind in Japanese and English as PNG, and the gallery, a city page
and the home page in headless Chromium at desktop and phone widths.

    python docs/screenshots.py OUT_DIR

Look at every image before calling a figure or a page done: nothing clipped, overlapping or
unexplained. Needs Debian's chromium (apt-get install chromium) and a Japanese font.
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
from munigoals.charts import CHART_KINDS, japanese_font, save_chart

REPO = Path(__file__).resolve().parent.parent
PAGES = ["index.html", "gallery/index.html", "gallery-en/index.html", "cities/ueda/index.html"]
WIDTHS = {"desktop": 1280, "phone": 390}


def charts(out: Path) -> None:
    """Every chart kind, both languages, as PNG."""
    font = japanese_font()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for lang in ("ja", "en"):
            for kind in CHART_KINDS:
                concepts = ["convenience_store_certificates"] if kind == "series" else None
                cities = ["ueda"] if kind == "series" else None
                chart = munigoals.chart(concepts, kinds=[kind], cities=cities, lang=lang)
                save_chart(chart, out / f"chart-{kind}-{lang}.png", font)


def pages(out: Path) -> None:
    """The site built, then its pages screenshotted at each width."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("screenshots: chromium not found; install it (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                       cwd=REPO, check=True, env=env)  # fmt: skip
        for page in PAGES:
            for label, width in WIDTHS.items():
                name = page.replace("/index.html", "").replace(".html", "").replace("/", "-")
                shot = out / f"page-{name}-{label}.png"
                subprocess.run(
                    [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                     f"--user-data-dir={Path(tmp) / 'profile'}", "--virtual-time-budget=20000",
                     f"--window-size={width},{3000 if label == 'desktop' else 2400}",
                     f"--screenshot={shot}", (site / page).as_uri()],
                    check=True, capture_output=True, timeout=180,
                )  # fmt: skip


def main() -> None:
    """Write every screenshot to the folder named on the command line."""
    if len(sys.argv) != 2:
        sys.exit("usage: python docs/screenshots.py OUT_DIR")
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    charts(out)
    pages(out)
    print(f"wrote {len(list(out.glob('*.png')))} screenshots to {out}")


if __name__ == "__main__":
    main()

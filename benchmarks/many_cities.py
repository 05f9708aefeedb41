"""All municipalities on one machine: N synthetic city plugins, five real-sized documents each.

    python benchmarks/many_cities.py                    # N = 10, 100 and 1,741, with the growth exponent
    python benchmarks/many_cities.py --cities 100       # one size
    python benchmarks/many_cities.py --floor-check      # 1,000 distinct documents, one worker, vs the floor

Each synthetic city is a plugin of its own, installed (as entry points of one temporary distribution on
PYTHONPATH) beside ueda and suzaka. It writes no reader: its ``CITY`` value names the shipped layouts its
documents come in (``sdk.City(..., layouts=...)``), as a city whose plans share a prefecture's format would. Its documents
are made by ``generate.py`` in those layouts, about the size of the real ones (15–60 KB, 33 KB on average), in one folder
with one ``documents.csv`` manifest: the recommended layout for a national corpus (see docs/scale.md).

For each N it times, as whole processes, ``munigoals parse DIR --table indicators --format parquet -o``
and ``munigoals compare --from DIR --format parquet -o`` (every core), with a cache folder of its own that
starts empty: parse reads every document and keeps its rows (munigoals.cache), and compare loads them, as a
researcher's second command over the same folder does. It times compare once more with those records
turned off (``MUNIGOALS_NO_CACHE=1``: every document read again), samples the peak memory of each
process tree, and times in the same run the floor (reading, decoding and NFKC-normalising every line of
the same files in one process) and the peer: ``naive_script.py``, the pandas-and-one-regex script a
researcher would write, over the same folder to Parquet, as a whole process. It prints parse's ratio to
each, and, where the corpus is (``MUNIGOALS_CORPUS``, else ``../shared/corpus``), how many of document
004's indicators the script gets fully right, field by field against munigoals' rows. The last line is
for scripts:

    cities=N documents=D wall_s=S cold_wall_s=C peak_rss_mib=M floor_s=F naive_s=P

(``wall_s``: parse plus compare from parse's records; ``cold_wall_s``: parse plus compare reading again.)

Benchmarks are not tests: they print numbers and assert nothing.
"""

from __future__ import annotations

import argparse
import math
import random
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import ichiran, kanri_sheet, shisaku_pages, sogo_sections  # noqa: E402

LAYOUTS = (
    "suzaka.sogo-keikaku-shisaku",
    "ueda.sogo-keikaku-sections",
    "ueda.juten-kanri-sheet",
    "ueda.juten-ichiran",
)

_PLUGINS = '''
"""Synthetic cities for the many-cities benchmark: one plugin object per city, made on demand."""

from munigoals import sdk


def _check_digit(first_five: str) -> int:
    total = sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2)))
    return (11 - total % 11) % 10


class _City:
    def __init__(self, number: int) -> None:
        # never a prefecture's code (NN000): 999 cities to a two-digit prefix
        prefix = f"{{10 + number // 999:02d}}{{1 + number % 999:03d}}"
        municipality = sdk.Municipality(
            f"city{{number:04d}}", f"合成{{number}}市", f"City {{number}}", prefix + str(_check_digit(prefix)), "長野県"
        )
        self.CITY = sdk.City(municipality, layouts={layouts!r})


def __getattr__(name: str) -> _City:
    if name.startswith("city"):
        return _City(int(name[4:]))
    raise AttributeError(name)
'''


def install_cities(site: Path, count: int) -> None:
    """One distribution with ``count`` entry points, each a city, on a site folder."""
    site.mkdir(parents=True)
    (site / "munigoals_synthetic.py").write_text(textwrap.dedent(_PLUGINS.format(layouts=list(LAYOUTS))))
    info = site / "munigoals_synthetic-0.0.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: munigoals-synthetic\nVersion: 0.0.0\n")
    lines = ["[munigoals]"] + [f"city{k:04d} = munigoals_synthetic:city{k:04d}" for k in range(count)]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")


def write_documents(folder: Path, count: int, seed: int = 1) -> list[Path]:
    """Five documents a city, of real size, in the shipped layouts; one manifest."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    rows = ["file,city"]
    paths = []
    for k in range(count):
        slug, name = f"city{k:04d}", f"合成{k}市"
        docs = {
            f"{slug}-shisaku.txt": shisaku_pages(rng, name, rng.randint(22, 30)),
            f"{slug}-sogo.md": sogo_sections(rng, name, rng.randint(30, 40)),
            f"{slug}-kanri.txt": kanri_sheet(rng, name, rng.randint(50, 80)),
            f"{slug}-ichiran.txt": ichiran(rng, name, rng.randint(30, 45)),
            f"{slug}-shisaku2.txt": shisaku_pages(rng, name, rng.randint(12, 20)),
        }
        for file, text in docs.items():
            (folder / file).write_text(text, encoding="utf-8")
            rows.append(f"{file},{slug}")
            paths.append(folder / file)
    (folder / "documents.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return paths


def floor_seconds(paths: list[Path]) -> float:
    """Reading, decoding and NFKC-normalising each line: what no reader can go below."""
    start = time.perf_counter()
    for path in paths:
        for line in path.read_bytes().decode("utf-8").split("\n"):
            unicodedata.normalize("NFKC", line)
    return time.perf_counter() - start


def empty_readers_seconds(paths: list[Path]) -> float:
    """The same files through the same pipeline (read, decode, sniff, number and normalise the lines,
    check the result), in this process, with readers that find nothing: the cost before any reading
    rule, flattening or output."""
    import attrs

    from munigoals import sdk
    from munigoals.plugins import PluginHost, default_host
    from munigoals.reading import parse_path

    def number_lines(text: str, document: sdk.Document, municipality: sdk.Municipality) -> sdk.ParseResult:
        return sdk.DocumentReader(text, document, municipality).result([])

    class Hollow:
        """The installed city as it is (its municipality), its layouts reading nothing."""

        def __init__(self, city: object) -> None:
            self.city = city
            self.CITY = sdk.City(city.municipality)  # type: ignore[attr-defined]

        @sdk.hookimpl
        def munigoals_layouts(self) -> list[sdk.Layout]:
            return [attrs.evolve(layout, read=number_lines) for layout in self.city.layouts]  # type: ignore[attr-defined]

    installed = default_host()
    host = PluginHost.only(**{slug: Hollow(installed.city(slug)) for slug in ("ueda", "suzaka")})
    start = time.perf_counter()
    for path in paths:
        parse_path(path, host, ("suzaka",) if "shisaku" in path.name else ("ueda",))
    return time.perf_counter() - start


#: The fields of an indicator row the naive script is judged on (munigoals' columns of the same name).
COMPARED = ("policy_id", "name", "unit", "baseline_value", "baseline_year", "target_value", "target_year",
            "target_comparator")  # fmt: skip


def naive_seconds(folder: Path, out: Path, env: dict[str, str]) -> float:
    """The naive script over ``folder`` to Parquet, as a whole process (its start-up included)."""
    wall, _ = timed([sys.executable, str(HERE / "naive_script.py"), str(folder), "-o", str(out)], env)
    return wall


def naive_correctness(corpus: Path) -> str:
    """How many of 004's indicators the naive script gets fully right, against munigoals' rows."""
    from naive_script import rows_of

    import munigoals

    found = sorted(corpus.glob("004_*.txt"))
    if not found:
        return f"naive script's correctness: document 004 not found in {corpus} (set MUNIGOALS_CORPUS)"
    path = found[0]
    ours = [
        {k: row[k] for k in COMPARED}
        for row in munigoals.parse([path]).tables["indicators"].iter_rows(named=True)
    ]
    theirs = [{k: row[k] for k in COMPARED} for row in rows_of(path)]
    right = sum(1 for row in ours if row in theirs)
    wrong = sum(1 for row in theirs if row not in ours)
    return (
        f"naive script on {path.name}: {right} of munigoals' {len(ours)} indicators fully right "
        f"({', '.join(COMPARED)}); {wrong} of its {len(theirs)} rows wrong, {len(ours) - right} indicators "
        "missed or wrong, none of them reported"
    )


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and its descendants, in bytes (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            status = (entry / "status").read_text()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[int(entry.name)] = int(line.split()[1]) * 1024
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children.get(current, []))
    return total


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak MiB of the process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} … failed: {err.strip().splitlines()[-1:]}")
    return wall, peak / 2**20


def run(count: int) -> dict[str, float]:
    """One size: install, write, time parse and compare, and the floor."""
    import os

    with tempfile.TemporaryDirectory(prefix="munigoals-cities-") as tmp:
        root = Path(tmp)
        install_cities(root / "site", count)
        paths = write_documents(root / "plans", count)
        env = {**os.environ, "PYTHONPATH": str(root / "site"), "MUNIGOALS_CACHE_DIR": str(root / "cache")}
        env.pop("MUNIGOALS_NO_CACHE", None)
        exe = [sys.executable, "-m", "munigoals"]
        parse_s, parse_mib = timed(
            [*exe, "parse", str(root / "plans"), "--table", "indicators", "--format", "parquet", "-o",
             str(root / "indicators.parquet")], env,
        )  # fmt: skip
        compare = [*exe, "compare", "--from", str(root / "plans"), "--format", "parquet", "-o"]
        compare_s, compare_mib = timed([*compare, str(root / "c.parquet")], env)  # from parse's records
        compare_cold_s, compare_cold_mib = timed(
            [*compare, str(root / "c2.parquet")], {**env, "MUNIGOALS_NO_CACHE": "1"}
        )
        floor = floor_seconds(paths)
        naive = naive_seconds(root / "plans", root / "naive.parquet", env)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
    result = {
        "cities": count, "documents": len(paths), "mb": megabytes, "parse_s": parse_s, "compare_s": compare_s,
        "wall_s": parse_s + compare_s, "peak_rss_mib": max(parse_mib, compare_mib, compare_cold_mib),
        "floor_s": floor, "naive_s": naive, "compare_cold_s": compare_cold_s,
        "cold_wall_s": parse_s + compare_cold_s,
    }  # fmt: skip
    print(
        f"{count:>5} cities {len(paths):>6} documents {megabytes:7.1f} MB: parse {parse_s:6.1f} s "
        f"({parse_s / len(paths) * 1000:5.1f} ms a document, peak {parse_mib:.0f} MiB), compare from parse's "
        f"records {compare_s:6.1f} s (peak {compare_mib:.0f} MiB), compare reading again {compare_cold_s:6.1f} s "
        f"(peak {compare_cold_mib:.0f} MiB); floor {floor:5.1f} s, naive script {naive:5.1f} s; "
        f"parse / floor {parse_s / floor:.2f}, parse / naive script {parse_s / naive:.2f}",
        flush=True,
    )
    return result


def floor_check(count: int = 1000) -> None:
    """Distinct real-sized documents parsed by one worker to Parquet, against the floor of the same files.

    Also times the same command on one document, so that the fixed start-up (interpreter, Polars,
    plugins, the Parquet writer) can be told from the cost that grows with the documents.
    """
    import os

    with tempfile.TemporaryDirectory(prefix="munigoals-floor-") as tmp:
        root = Path(tmp)
        install_cities(root / "site", count // 5)
        paths = write_documents(root / "plans", count // 5, seed=7)
        # a cache folder that starts empty: every document is read (and its record kept, as it is for a user)
        env = {**os.environ, "PYTHONPATH": str(root / "site"), "MUNIGOALS_CACHE_DIR": str(root / "cache")}
        env.pop("MUNIGOALS_NO_CACHE", None)

        def parse(target: Path, **more: str) -> float:
            wall, _ = timed(
                [sys.executable, "-m", "munigoals", "parse", str(target), "--table", "indicators", "-j", "1",
                 "--format", "parquet", "-o", str(root / "i.parquet")], {**env, **more},
            )  # fmt: skip
            return wall

        wall = parse(root / "plans")
        start_up = parse(paths[0], MUNIGOALS_NO_CACHE="1")  # one document read again, not loaded
        floor = floor_seconds(paths)
        naive = naive_seconds(root / "plans", root / "naive.parquet", env)
        empty = empty_readers_seconds(paths)
    print(
        f"{len(paths)} documents, one worker: parse {wall:.1f} s (of which start-up about {start_up:.1f} s), "
        f"floor {floor:.1f} s, ratio {wall / floor:.2f} ({(wall - start_up) / floor:.2f} without start-up); "
        f"naive script {naive:.1f} s, parse / naive script {wall / naive:.2f}, naive script / floor "
        f"{naive / floor:.2f}; readers that only number the lines {empty:.1f} s, {empty / floor:.2f} times the floor"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cities", type=int, help="one size (default: 10, 100 and 1,741)")
    parser.add_argument(
        "--floor-check", action="store_true", help="1,000 documents, one worker, vs the floor"
    )
    args = parser.parse_args()
    import os

    corpus = Path(os.environ.get("MUNIGOALS_CORPUS", HERE.parent.parent / "shared" / "corpus"))
    if args.floor_check:
        floor_check()
        print(naive_correctness(corpus))
        return
    sizes = [args.cities] if args.cities else [10, 100, 1741]
    results = [run(n) for n in sizes]
    if len(results) > 1:
        a, b = results[-2], results[-1]
        exponent = math.log(b["wall_s"] / a["wall_s"]) / math.log(b["cities"] / a["cities"])
        print(f"growth exponent {a['cities']:.0f} → {b['cities']:.0f} cities: {exponent:.2f}")
    print(naive_correctness(corpus))
    last = results[-1]
    print(
        f"cities={last['cities']:.0f} documents={last['documents']:.0f} wall_s={last['wall_s']:.1f} "
        f"cold_wall_s={last['cold_wall_s']:.1f} "
        f"peak_rss_mib={last['peak_rss_mib']:.0f} floor_s={last['floor_s']:.1f} naive_s={last['naive_s']:.1f}"
    )


if __name__ == "__main__":
    main()

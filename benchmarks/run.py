"""Speed and scale of munigoals on synthetic documents (see generate.py), measured side by side.

    python benchmarks/run.py                      # 1, 10, 100 and 1,741 municipalities
    python benchmarks/run.py --sizes 1,10,100     # a quicker run

For each size: documents/s and MB/s on one core, and with every core; peak memory of the one-core run;
the time of merely reading and NFKC-normalising the same files in Python, and the ratio of parsing to
it (goal: within 8x). Once: ``munigoals --help`` against ``python -c pass`` (goal: within 6x).
Benchmarks are not tests: they print numbers and assert nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

_MEASURE = r"""
import json, os, resource, sys, time, unicodedata
from pathlib import Path
mode, folder, workers = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
files = sorted(p for p in folder.iterdir() if p.is_file())
if mode != "read":
    from munigoals.plugins import default_host
    from munigoals.reading import iter_parse
    host = default_host()
    host.cities  # plugins loaded before the clock starts: startup is measured apart
start = time.perf_counter()
if mode == "read":
    for path in files:
        text = path.read_bytes().decode("utf-8")
        "\n".join(unicodedata.normalize("NFKC", line) for line in text.split("\n"))
else:
    for _ in iter_parse([folder], host, None, workers, ("indicators",)):
        pass
elapsed = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_mb": peak_kb / 1024}))
"""


def measure(mode: str, folder: Path, workers: int = 1) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-c", _MEASURE, mode, str(folder), str(workers)],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(proc.stdout)


def startup(command: list[str], runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1,10,100,1741", help="numbers of municipalities, comma-separated")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from generate import generate

    cores = os.cpu_count() or 1
    print(f"{cores} core(s); four documents per municipality, one in each layout\n")
    header = ("municipalities", "docs", "MB", "read+NFKC s", "parse 1 core s", "ratio", "docs/s/core",
              "MB/s/core", f"parse {cores} cores s", "peak MB")  # fmt: skip
    print(" | ".join(header))
    print("|".join("---" for _ in header))
    previous = None
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            paths = generate(Path(tmp), size)
            megabytes = sum(p.stat().st_size for p in paths) / 1e6
            read = measure("read", Path(tmp))
            one = measure("parse", Path(tmp), 1)
            every = measure("parse", Path(tmp), cores)
        ratio = one["seconds"] / read["seconds"]
        row = (size, len(paths), f"{megabytes:.1f}", f"{read['seconds']:.2f}", f"{one['seconds']:.2f}", f"{ratio:.1f}x",
               f"{len(paths) / one['seconds']:.0f}", f"{megabytes / one['seconds']:.2f}", f"{every['seconds']:.2f}",
               f"{one['peak_mb']:.0f}")  # fmt: skip
        print(" | ".join(map(str, row)))
        if previous:
            growth = (one["seconds"] / previous[1]) / (size / previous[0])
            print(f"  time grew {growth:.2f}x per municipality from {previous[0]} to {size} (1.00 = linear)")
        previous = (size, one["seconds"])
    corpus = Path(os.environ.get("MUNIGOALS_CORPUS", HERE.parent.parent / "shared" / "corpus"))
    if corpus.is_dir():
        with tempfile.TemporaryDirectory() as tmp:
            copies = 40
            for k in range(copies):
                for doc in sorted(corpus.glob("*.txt")):
                    (Path(tmp) / f"{k:03d}-{doc.name}").write_bytes(doc.read_bytes())
            read = measure("read", Path(tmp))
            one = measure("parse", Path(tmp), 1)
        docs = copies * len(list(corpus.glob("*.txt")))
        print(f"\nthe real documents ({corpus}), {copies} copies: {docs} docs, read+NFKC {read['seconds']:.2f} s, "
              f"parse {one['seconds']:.2f} s: {one['seconds'] / read['seconds']:.1f}x (goal 8x), "
              f"{docs / one['seconds']:.0f} docs/s/core")  # fmt: skip
    python = startup([sys.executable, "-c", "pass"])
    helped = startup([sys.executable, "-m", "munigoals", "--help"])
    print(
        f"\nmunigoals --help {helped * 1000:.0f} ms, python -c pass {python * 1000:.0f} ms: {helped / python:.1f}x (goal 6x)"
    )
    print("parse / (read + NFKC) goal: 8x")


if __name__ == "__main__":
    main()

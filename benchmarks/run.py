"""Speed and scale of munigoals on synthetic documents (see generate.py), measured side by side.

    python benchmarks/run.py                      # 1, 10, 100 and 1,741 municipalities
    python benchmarks/run.py --sizes 1,10,100     # a quicker run

For each size: documents/s and MB/s on one core, and with every core; peak memory of the one-core run;
the time of merely reading and NFKC-normalising the same files in Python, and the ratio of parsing to
it (goal: within 8x). Once, start-up: ``munigoals --help``, ``munigoals table indicators --city suzaka``
and ``munigoals compare`` against ``python -c pass`` (goals: within 4x, 12x and 15x), as paired runs
(A B A B ...) whose ratios are taken pair by pair, on CPU time and on wall time; and, for reference,
``python -c "import polars"`` (the comparison engine's import, which compare cannot go below).

    python benchmarks/run.py --startup-only       # just the start-up ratios (about a minute)

Start-up is measured as an installed package runs: with byte code cached (a ``PYTHONDONTWRITEBYTECODE``
in the environment is dropped, the byte code kept in a temporary folder) and munigoals' own cache of
validated data and its records warm (a temporary ``MUNIGOALS_CACHE_DIR`` filled by one warm-up run of each
command: for ``compare``, the record of the terminal table of the shipped data, kept until a file it is
made from changes; see munigoals.cache).
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


def _run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds (user + system, from the kernel's accounting of the finished process) and wall seconds."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {proc.returncode}")
    return usage.ru_utime + usage.ru_stime, wall


def startup_ratios(command: list[str], env: dict[str, str], runs: int = 15) -> dict[str, float]:
    """``command`` against ``python -c pass``, in pairs after a warm-up: the medians of each and of the
    ratios pair by pair (so that a machine whose speed drifts still gives a fair ratio)."""
    python = [sys.executable, "-c", "pass"]
    _run_once(command, env)
    _run_once(python, env)
    cpu, wall, cpu_ratio, wall_ratio = [], [], [], []
    for _ in range(runs):
        a = _run_once(command, env)
        b = _run_once(python, env)
        cpu.append(a[0])
        wall.append(a[1])
        cpu_ratio.append(a[0] / max(b[0], 1e-3))
        wall_ratio.append(a[1] / b[1])
    return {
        "cpu_s": statistics.median(cpu), "wall_s": statistics.median(wall),
        "cpu_ratio": statistics.median(cpu_ratio), "wall_ratio": statistics.median(wall_ratio),
        "wall_ratio_min": min(wall_ratio), "cpu_ratio_min": min(cpu_ratio),
    }  # fmt: skip


#: The start-up the issue judges, with its goal (times ``python -c pass``).
STARTUP = (
    (["--help"], 4),
    (["table", "indicators", "--city", "suzaka"], 12),
    (["compare"], 15),
)


def startup_report(runs: int = 15) -> None:
    """The three start-up ratios, as an installed package runs them (byte code and caches warm)."""
    script = Path(sys.executable).parent / "munigoals"
    exe = [str(script)] if script.is_file() else [sys.executable, "-m", "munigoals"]
    with tempfile.TemporaryDirectory(prefix="munigoals-startup-") as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.setdefault("PYTHONPYCACHEPREFIX", str(Path(tmp) / "pycache"))
        env["MUNIGOALS_CACHE_DIR"] = str(Path(tmp) / "cache")
        print(f"\nstart-up against python -c pass, {runs} pairs (medians; min of the pair ratios):")
        for args, goal in STARTUP:
            r = startup_ratios([*exe, *args], env, runs)
            print(
                f"  munigoals {' '.join(args):<36} cpu {r['cpu_s'] * 1000:5.0f} ms {r['cpu_ratio']:5.1f}x (min {r['cpu_ratio_min']:.1f}x), "
                f"wall {r['wall_s'] * 1000:5.0f} ms {r['wall_ratio']:5.1f}x (min {r['wall_ratio_min']:.1f}x); "
                f"goal {goal}x",
                flush=True,
            )
        # what compare cannot go below: its engine's import alone
        r = startup_ratios([sys.executable, "-c", "import polars"], env, runs)
        label = '(reference) python -c "import polars"'
        print(
            f"  {label:<46} cpu {r['cpu_s'] * 1000:5.0f} ms {r['cpu_ratio']:5.1f}x (min {r['cpu_ratio_min']:.1f}x), "
            f"wall {r['wall_s'] * 1000:5.0f} ms {r['wall_ratio']:5.1f}x (min {r['wall_ratio_min']:.1f}x)",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1,10,100,1741", help="numbers of municipalities, comma-separated")
    parser.add_argument("--startup-only", action="store_true", help="only the start-up ratios")
    parser.add_argument("--runs", type=int, default=15, help="pairs of start-up runs (default 15)")
    args = parser.parse_args()
    if args.startup_only:
        startup_report(args.runs)
        return
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
    startup_report(args.runs)
    print("parse / (read + NFKC) goal: 8x")


if __name__ == "__main__":
    main()

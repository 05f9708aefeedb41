"""Instructions a document costs, per layout, counted by valgrind: a measure that does not vary.

    python benchmarks/instructions.py                  # 8 documents of each layout of generate.py
    python benchmarks/instructions.py --documents 16 --kinds shisaku,sogo

Wall time on a shared machine varies from run to run by more than most changes to a reader save (10 %
and more); the instructions a process runs do not (to a few in a billion, with ``PYTHONHASHSEED=0``).
For each layout it writes the documents of that many synthetic cities (``many_cities.py``), then runs, under
valgrind's callgrind, one process that reads none of them and one that reads them all (each after one
document read to warm the imports and patterns, and after one run that fills munigoals' cache of
validated data), and prints the difference divided by the documents: the instructions one document
costs, start-up excluded. Compare two versions of the code by running it on each. Slow (about 50 times
the time the reading takes); needs valgrind (Debian: ``apt-get install valgrind``). A benchmark, not a
test: it prints numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from many_cities import install_cities, write_documents  # noqa: E402

#: The layouts of generate.py, by the part of a file's name that says which it is.
KINDS = ("shisaku", "sogo", "kanri", "ichiran")

_READ = """
import csv, sys
from pathlib import Path
from munigoals import reading
from munigoals.plugins import default_host
folder, kind, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
host = default_host()
city = {r["file"]: r["city"] for r in csv.DictReader(open(folder / "documents.csv", encoding="utf-8"))}
paths = sorted(p for p in folder.iterdir() if p.name != "documents.csv" and f"-{kind}." in p.name)
for path in [paths[0], *paths[:count]]:  # the first once more: imports and patterns warm
    reading.parse_path(path, host, (city[path.name],), ("indicators",))
"""

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def instructions(script: Path, folder: Path, kind: str, count: int, env: dict[str, str]) -> int:
    """Instructions of one process reading ``count`` documents of ``kind`` (callgrind's total)."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
               str(script), str(folder), kind, str(count)]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"instructions.py: the reading process failed: {done.stderr.strip()[-300:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=8, help="documents of each layout (default 8)")
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"layouts to count ({', '.join(KINDS)})")
    args = parser.parse_args()
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    if unknown := [k for k in kinds if k not in KINDS]:
        raise SystemExit(
            f"instructions.py: unknown layout {', '.join(unknown)}; choose from {', '.join(KINDS)}"
        )
    if args.documents < 1:
        raise SystemExit("instructions.py: --documents must be at least 1")
    if shutil.which("valgrind") is None:
        raise SystemExit("instructions.py: valgrind is not installed (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory(prefix="munigoals-instructions-") as tmp:
        root = Path(tmp)
        install_cities(root / "site", args.documents)
        write_documents(root / "docs", args.documents)  # five documents a city, one of each layout at least
        script = root / "read.py"
        script.write_text(_READ, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(root / "site"), "PYTHONHASHSEED": "0",
               "MUNIGOALS_NO_CACHE": "1", "MUNIGOALS_CACHE_DIR": str(root / "cache")}  # fmt: skip
        subprocess.run([sys.executable, str(script), str(root / "docs"), kinds[0], "1"], env=env, check=True)
        for kind in kinds:
            none = instructions(script, root / "docs", kind, 0, env)
            every = instructions(script, root / "docs", kind, args.documents, env)
            per = (every - none) / args.documents
            print(
                f"{kind:8} {per / 1e6:8.2f} M instructions a document ({args.documents} documents)",
                flush=True,
            )


if __name__ == "__main__":
    main()

"""CPU time of Ueda's 重点目標 readers per document, in one process (the machine may be shared: the minimum
of several runs, CPU time only).

    python benchmarks/juten_readers.py              # corpus 000/001/002 and generated sheets
    python benchmarks/juten_readers.py --repeats 15

Two views. *Cold*: each document alone, every text cache emptied before each run (a document whose
cells were never seen). *Stream*: distinct generated documents one after another, as a worker of
``munigoals parse`` reads them (caches warm from the documents before): the mean per document. The
corpus is read from ``MUNIGOALS_CORPUS``, else ``../shared/corpus`` (skipped where absent); generated
sheets are made by ``generate.py`` at the sizes ``many_cities.py`` writes. Benchmarks assert nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import ichiran, kanri_sheet  # noqa: E402

from munigoals.plugins import default_host  # noqa: E402
from munigoals.reading import parse_text, read_text  # noqa: E402
from munigoals.sdk import Document  # noqa: E402


def clear_caches() -> None:
    """Empty every function cache of munigoals and its plugins."""
    for name, module in list(sys.modules.items()):
        if name.startswith("munigoals") and module is not None:
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()


def best_of(repeats: int, run: Callable[[], object], before: Callable[[], None] = lambda: None) -> float:
    """The least CPU time of ``repeats`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        before()
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--stream", type=int, default=20, help="documents of each layout in the stream")
    args = parser.parse_args()
    host = default_host()
    corpus = Path(os.environ.get("MUNIGOALS_CORPUS", HERE.parent.parent / "shared" / "corpus"))
    rng = random.Random(1)
    with tempfile.TemporaryDirectory(prefix="munigoals-juten-") as tmp:
        documents: list[tuple[str, str, Document]] = []
        for stem in ("000", "001", "002"):
            found = sorted(corpus.glob(f"{stem}_*.txt"))
            if found:
                documents.append((stem, *read_text(found[0])))
            else:
                print(f"{stem}: not found in {corpus} (set MUNIGOALS_CORPUS); skipped")
        stream: dict[str, list[tuple[str, Document]]] = {"kanri": [], "ichiran": []}
        for k in range(max(args.stream, 3)):
            for kind, make, size in (
                ("kanri", kanri_sheet, rng.randint(50, 80)),
                ("ichiran", ichiran, rng.randint(30, 45)),
            ):
                path = Path(tmp) / f"city{k:04d}-{kind}.txt"
                path.write_text(make(rng, f"合成{k}市", size), encoding="utf-8")
                text, document = read_text(path)
                stream[kind].append((text, document))
                if k < 3:
                    documents.append((f"{kind}{k} ({text.count(chr(10))} lines)", text, document))
        parse_text(documents[0][1], documents[0][2], host, ("ueda",))  # the plugins load once
        for name, text, document in documents:
            seconds = best_of(
                args.repeats, lambda t=text, d=document: parse_text(t, d, host, ("ueda",)), clear_caches
            )
            print(f"cold   {name:24s} {seconds * 1000:7.1f} ms")
        for kind, docs in stream.items():
            seconds = best_of(
                max(args.repeats // 3, 1),
                lambda docs=docs: [parse_text(t, d, host, ("ueda",)) for t, d in docs],
                clear_caches,
            )
            print(
                f"stream {kind:24s} {seconds / len(docs) * 1000:7.1f} ms a document ({len(docs)} documents)"
            )


if __name__ == "__main__":
    main()

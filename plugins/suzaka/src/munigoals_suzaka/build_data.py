"""Rebuild the bundled data from the documents: ``python -m munigoals_suzaka.build_data [CORPUS_DIR]``.

The corpus folder defaults to ``$MUNIGOALS_CORPUS``, else ``../shared/corpus`` from the current folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import munigoals_suzaka
from munigoals.api import build_bundle

#: The documents the shipped data is read from.
SOURCES = ("004_22a3fa7b6e68a797.txt",)


def corpus_dir(argv: list[str]) -> Path:
    """The corpus folder: the first argument, ``$MUNIGOALS_CORPUS``, or ``../shared/corpus``."""
    return Path(argv[0] if argv else os.environ.get("MUNIGOALS_CORPUS", "../shared/corpus"))


def main(argv: list[str] | None = None) -> None:
    """Parse the source documents and write ``data/<table>.jsonl``."""
    corpus = corpus_dir(sys.argv[1:] if argv is None else argv)
    tables = build_bundle(
        munigoals_suzaka, "suzaka", [corpus / name for name in SOURCES], munigoals_suzaka.DATA_DIR
    )
    print(
        ", ".join(f"{len(frame)} {name}" for name, frame in tables.items()), "->", munigoals_suzaka.DATA_DIR
    )


if __name__ == "__main__":
    main()

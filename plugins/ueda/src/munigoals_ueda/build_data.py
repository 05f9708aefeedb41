"""Rebuild the bundled data from the documents: ``python -m munigoals_ueda.build_data [CORPUS_DIR]``.

The corpus folder defaults to ``$MUNIGOALS_CORPUS``, else ``../shared/corpus``.
"""

from __future__ import annotations

import munigoals_ueda
from munigoals.api import rebuild_bundled_data

#: The documents the shipped data is read from.
SOURCES = (
    "000_92596ecb565e136d.txt",
    "001_2e0b97da717ccbd7.txt",
    "002_aaca3ffd80411131.txt",
    "003_f758ffbbe30f236d.txt",
)


def main() -> None:
    """Parse the source documents and write ``data/<table>.jsonl``."""
    rebuild_bundled_data(munigoals_ueda, "ueda", SOURCES, munigoals_ueda.DATA_DIR)


if __name__ == "__main__":
    main()

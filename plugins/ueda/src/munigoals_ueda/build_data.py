"""Rebuild the bundled data from the documents: ``python -m munigoals_ueda.build_data [CORPUS_DIR]``.

The corpus folder defaults to ``$MUNIGOALS_CORPUS``, else ``../shared/corpus``.
"""

from __future__ import annotations

import sys

import munigoals_ueda
from munigoals import sdk

#: The documents the shipped data is read from.
SOURCES = (
    "000_92596ecb565e136d.txt",
    "001_2e0b97da717ccbd7.txt",
    "002_aaca3ffd80411131.txt",
    "003_f758ffbbe30f236d.txt",
)


def main() -> int:
    """Parse the source documents and write ``data/<table>.jsonl``."""
    return sdk.build_data_command(munigoals_ueda, SOURCES, munigoals_ueda.DATA_DIR)


if __name__ == "__main__":
    sys.exit(main())

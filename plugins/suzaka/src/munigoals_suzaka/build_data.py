"""Rebuild the bundled data from the documents: ``python -m munigoals_suzaka.build_data [CORPUS_DIR]``.

The corpus folder defaults to ``$MUNIGOALS_CORPUS``, else ``../shared/corpus``.
"""

from __future__ import annotations

import sys

import munigoals_suzaka
from munigoals import sdk

#: The documents the shipped data is read from.
SOURCES = ("004_22a3fa7b6e68a797.txt",)


def main() -> int:
    """Parse the source documents and write ``data/<table>.jsonl``."""
    return sdk.build_data_command(munigoals_suzaka, SOURCES, munigoals_suzaka.DATA_DIR)


if __name__ == "__main__":
    sys.exit(main())

"""``python -m munigoals``: the command line."""

from munigoals.cli import main

main()

"""``python -m munigoals``: the command line."""

from munigoals.launch import main

main()

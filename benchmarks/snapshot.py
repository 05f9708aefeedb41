"""Every table munigoals makes, as digests: proof that a change to the engine changed no result.

    python benchmarks/snapshot.py before.json                     # the corpus and 1,000 synthetic documents
    python benchmarks/snapshot.py after.json --against before.json  # the same, and what differs

For each document (the real ones in ``MUNIGOALS_CORPUS``, else ``../shared/corpus`` and
``../shared/corpus-more``, where present; and the documents of 200 synthetic cities, five each, in the
four layouts of benchmarks/generate.py, made with a fixed seed), the SHA-256 of each table's rows (every
column, in order) and of its issues. With ``--against``, the documents whose digests differ, table by
table, and a non-zero exit where any does. A tool for changing the engine, not a test: the corpus tests
and each plugin's bundled data being equal to a rebuild are the tests.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from many_cities import install_cities, write_documents  # noqa: E402


def _digest(value: object) -> str:
    return hashlib.sha256(
        json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode()
    ).hexdigest()


def snapshot(paths: list[Path], root: Path) -> dict[str, dict[str, str]]:
    """Each document's digests, by its path relative to ``root`` (or its name)."""
    from munigoals.api import parse_stream
    from munigoals.reading import ParsedDocument

    out: dict[str, dict[str, str]] = {}
    for path, parsed in parse_stream(paths):
        if not isinstance(parsed, ParsedDocument):
            out[path.name] = {"issue": _digest(str(parsed))}
            continue
        name = str(path.relative_to(root)) if path.is_relative_to(root) else path.name
        digests = {table: _digest(rows) for table, rows in sorted(parsed.rows.items())}
        digests["issues"] = _digest([str(issue) for issue in parsed.result.issues])
        out[name] = digests
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path, help="where to write the digests (JSON)")
    parser.add_argument("--against", type=Path, help="an earlier snapshot to compare with")
    parser.add_argument("--cities", type=int, default=200, help="synthetic cities (five documents each)")
    args = parser.parse_args()
    shared = HERE.parent.parent / "shared"
    corpora = [Path(os.environ["MUNIGOALS_CORPUS"])] if "MUNIGOALS_CORPUS" in os.environ else [
        shared / "corpus", shared / "corpus-more"
    ]  # fmt: skip
    real = sorted(p for folder in corpora if folder.is_dir() for p in folder.iterdir() if p.suffix != ".md")
    with tempfile.TemporaryDirectory(prefix="munigoals-snapshot-") as tmp:
        root = Path(tmp)
        install_cities(root / "site", args.cities)
        synthetic = write_documents(root / "plans", args.cities, seed=11)
        sys.path.insert(0, str(root / "site"))  # the synthetic cities, before any plugin is looked up
        digests = snapshot(real, shared) | snapshot(synthetic, root)
    args.out.write_text(json.dumps(digests, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(digests)} documents ({len(real)} real) -> {args.out}")
    if args.against:
        before = json.loads(args.against.read_text(encoding="utf-8"))
        differ = {
            name: [
                t
                for t in sorted(set(digests.get(name, {})) | set(old))
                if digests.get(name, {}).get(t) != old.get(t)
            ]
            for name, old in before.items()
        }
        differ = {name: tables for name, tables in differ.items() if tables}
        for name, tables in sorted(differ.items()):
            print(f"differs: {name}: {', '.join(tables)}")
        print(f"{len(differ)} of {len(before)} documents differ from {args.against}")
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()

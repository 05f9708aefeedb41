"""Citations: the plans behind a comparison, and munigoals itself, as text, BibTeX or CSL-JSON.

Each city plugin declares the documents it knows (``munigoals_documents``): title (stated in the
document, or described by us, which a citation says), publisher, plan kind and period, fiscal years,
and a URL only where one is known. A document no plugin knows is cited by its file name and SHA-256.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from munigoals.errors import MunigoalsError
from munigoals.model import KnownDocument

__all__ = ["CITATION_FORMATS", "PROJECT_URL", "format_citations"]

#: The formats :func:`format_citations` writes.
CITATION_FORMATS = ("text", "bibtex", "csl-json")
#: Where munigoals is published (its package page).
PROJECT_URL = "https://pypi.org/project/munigoals/"

_KINDS = {"comprehensive_plan": "総合計画", "priority_goals": "重点目標", "other": "plan"}


def _key(known: KnownDocument) -> str:
    year = known.fiscal_years[0] if known.fiscal_years else (known.period[0] if known.period else "nd")
    stem = re.sub(r"[^A-Za-z0-9]+", "", known.file_name.rsplit(".", 1)[0])[:12] or "doc"
    return f"{known.plan_kind.value.split('_')[0]}{year}_{stem}"


def _year(known: KnownDocument) -> int | None:
    if known.published:
        return known.published.year
    if known.fiscal_years:
        return known.fiscal_years[0]
    return known.period[0] if known.period else None


def _title(known: KnownDocument) -> str:
    return (
        known.title if known.title_stated else f"{known.title} [title described, not stated in the document]"
    )


def _note(known: KnownDocument) -> str:
    parts = [f"file {known.file_name}", f"text SHA-256 {known.sha256}"]
    if known.period:
        parts.insert(0, f"plan period FY{known.period[0]}–FY{known.period[1]}")
    if known.fiscal_years:
        parts.insert(0, "fiscal years " + ", ".join(f"FY{y}" for y in known.fiscal_years))
    return "; ".join(parts)


def format_citations(documents: Sequence[KnownDocument], version: str, fmt: str = "text") -> str:
    """Citations of ``documents`` and of munigoals ``version``, in ``fmt`` (text, bibtex, csl-json).

    Raises:
        MunigoalsError: for an unknown format.
    """
    if fmt not in CITATION_FORMATS:
        raise MunigoalsError(
            f"unknown citation format {fmt!r}; choose {', '.join(CITATION_FORMATS)}", exit_code=2
        )
    unique = list({d.sha256 or d.file_name: d for d in documents}.values())
    if fmt == "csl-json":
        items = [
            {
                "id": _key(d),
                "type": "report",
                "title": _title(d),
                "author": [{"literal": d.publisher}],
                "publisher": d.publisher,
                **({"issued": {"date-parts": [[_year(d)]]}} if _year(d) else {}),
                **({"URL": d.url} if d.url else {}),
                "genre": _KINDS[d.plan_kind.value],
                "note": _note(d),
            }
            for d in unique
        ]
        items.append(
            {
                "id": "munigoals",
                "type": "software",
                "title": "munigoals: comparing the goals Japanese municipalities set themselves",
                "version": version,
                "URL": PROJECT_URL,
            }
        )
        return json.dumps(items, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    if fmt == "bibtex":
        entries = []
        for d in unique:
            fields = {
                "title": "{" + _title(d) + "}",
                "author": "{" + d.publisher + "}",
                "institution": "{" + d.publisher + "}",
                "type": "{" + _KINDS[d.plan_kind.value] + "}",
                "year": str(_year(d)) if _year(d) else None,
                "url": d.url,
                "note": "{" + _note(d) + "}",
            }
            body = ",\n".join(f"  {k} = {v}" for k, v in fields.items() if v)
            entries.append(f"@techreport{{{_key(d)},\n{body}\n}}")
        entries.append(
            "@software{munigoals,\n  title = {munigoals: comparing the goals Japanese municipalities set "
            f"themselves}},\n  version = {{{version}}},\n  url = {{{PROJECT_URL}}}\n}}"
        )
        return "\n\n".join(entries) + "\n"
    lines = []
    for d in unique:
        year = _year(d)
        lines.append(
            f"{d.publisher} ({year if year else 'n.d.'}). {_title(d)}. {_note(d)}."
            + (f" {d.url}" if d.url else "")
        )
    lines.append(
        f"munigoals {version}: comparing the goals Japanese municipalities set themselves. {PROJECT_URL}"
    )
    return "\n".join(lines) + "\n"

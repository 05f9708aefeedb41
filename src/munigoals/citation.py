"""Citations: the plans behind a comparison, and munigoals itself, as text, BibTeX or CSL-JSON.

Each city plugin declares the documents it knows (the ``documents`` of its ``CITY`` value): title
(stated in the document, or described by us, which a citation says), publisher, plan kind and period,
fiscal years, and a URL only where one is known. A document no plugin knows is cited by its file name
and SHA-256.

The outputs are made for bibliography tools (tested with pybtex and with citeproc-py in two CSL
styles): corporate authors are one name (BibTeX ``{{上田市 政策企画部}}``, CSL ``literal``), so that no
tool takes 上田市 for a first name; the year is the publication's, else the first fiscal year or the
plan period's first year, else ``n.d.``; every BibTeX value is brace-balanced with TeX's special
characters escaped (a title ``Evil}, note = {x`` cannot close its field) and URLs are percent-encoded
in braces. munigoals itself is cited with its authors, version, URL, the date it was used (``urldate``;
``$SOURCE_DATE_EPOCH`` when set, for reproducible output) and its DOI where one is set.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Mapping, Sequence

from munigoals.errors import MunigoalsError
from munigoals.model import KnownDocument

__all__ = [
    "CITATION_FORMATS",
    "PROJECT_AUTHORS",
    "PROJECT_DOI",
    "PROJECT_URL",
    "bibtex_value",
    "format_citations",
]

#: The formats :func:`format_citations` writes.
CITATION_FORMATS = ("text", "bibtex", "csl-json")
#: Where munigoals is published (its package page).
PROJECT_URL = "https://pypi.org/project/munigoals/"
#: Who wrote munigoals, as CITATION.cff names them (a test keeps the two alike).
PROJECT_AUTHORS = ("The munigoals authors",)
#: munigoals' DOI, once one is minted (CITATION.cff's ``doi``); ``None`` until then.
PROJECT_DOI: str | None = None
#: The title munigoals is cited by.
PROJECT_TITLE = "munigoals: comparing the goals Japanese municipalities set themselves"

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


#: Files whose SHA-256 is of the file as published (a PDF, a workbook), not of a text.
_PUBLISHED_FILES = (".pdf", ".xlsx", ".xlsm", ".xls", ".ods")


def _note(known: KnownDocument, places: Sequence[str] = ()) -> str:
    hashed = "file" if known.file_name.lower().endswith(_PUBLISHED_FILES) else "text"
    parts = [f"file {known.file_name}", f"{hashed} SHA-256 {known.sha256}"]
    if known.period:
        parts.insert(0, f"plan period FY{known.period[0]}–FY{known.period[1]}")
    if known.fiscal_years:
        parts.insert(0, "fiscal years " + ", ".join(f"FY{y}" for y in known.fiscal_years))
    if places:
        parts.append("rows: " + "; ".join(places))
    return "; ".join(parts)


def _accessed() -> dt.date:
    """The day munigoals is cited on: ``$SOURCE_DATE_EPOCH`` when set (reproducible), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (OverflowError, ValueError, OSError):
            pass
    return dt.datetime.now(dt.UTC).date()


#: TeX's special characters in a BibTeX value, as text commands (braces stay balanced).
_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_TEX_RE = re.compile("|".join(re.escape(c) for c in _TEX_SPECIALS))


def bibtex_value(text: str) -> str:
    """``text`` as the inside of a braced BibTeX value: TeX's special characters escaped, so that its
    braces are always balanced and nothing in it can end the field or start another."""
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", text)
    return _TEX_RE.sub(lambda m: _TEX_SPECIALS[m.group(0)], text)


def _bibtex_url(url: str) -> str:
    """A URL for a braced ``url`` field: characters that could unbalance or end it percent-encoded."""
    return "".join(f"%{ord(c):02X}" if c in '{}\\%" ' or ord(c) < 32 else c for c in url.strip())


def _bibtex_entry(kind: str, key: str, fields: dict[str, str | None]) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
    return f"@{kind}{{{key},\n{body}\n}}"


def format_citations(
    documents: Sequence[KnownDocument],
    version: str,
    fmt: str = "text",
    *,
    places: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """Citations of ``documents`` and of munigoals ``version``, in ``fmt`` (text, bibtex, csl-json).
    ``places``: by file name, where the rows cited stand in it (``p. 12, line 5``, ``sheet 令和3年度,
    row 7``, ``line 16``), said in each document's note.

    Raises:
        MunigoalsError: for an unknown format.
    """
    if fmt not in CITATION_FORMATS:
        raise MunigoalsError(
            f"unknown citation format {fmt!r}; choose {', '.join(CITATION_FORMATS)}", exit_code=2
        )
    unique = list({d.sha256 or d.file_name: d for d in documents}.values())
    accessed = _accessed()
    places = places or {}
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
                "note": _note(d, places.get(d.file_name, ())),
            }
            for d in unique
        ]
        items.append(
            {
                "id": "munigoals",
                "type": "software",
                "title": PROJECT_TITLE,
                "author": [{"literal": name} for name in PROJECT_AUTHORS],
                "issued": {"date-parts": [[accessed.year]]},
                "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
                "version": version,
                "URL": PROJECT_URL,
                **({"DOI": PROJECT_DOI} if PROJECT_DOI else {}),
            }
        )
        return json.dumps(items, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    if fmt == "bibtex":
        entries = []
        for d in unique:
            year = _year(d)
            fields = {
                "author": "{" + bibtex_value(d.publisher) + "}",  # one corporate name, never split
                "title": "{" + bibtex_value(_title(d)) + "}",  # as written: no style lowercases it
                "institution": bibtex_value(d.publisher),
                "type": bibtex_value(_KINDS[d.plan_kind.value]),
                "year": str(year) if year else "n.d.",
                "url": _bibtex_url(d.url) if d.url else None,
                "note": bibtex_value(_note(d, places.get(d.file_name, ()))),
            }
            entries.append(_bibtex_entry("techreport", _key(d), fields))
        software = {
            "author": " and ".join("{" + bibtex_value(name) + "}" for name in PROJECT_AUTHORS),
            "title": "{" + bibtex_value(PROJECT_TITLE) + "}",
            "year": str(accessed.year),
            "version": bibtex_value(version),
            "note": bibtex_value(f"version {version}"),
            "url": _bibtex_url(PROJECT_URL),
            "urldate": accessed.isoformat(),
            "doi": bibtex_value(PROJECT_DOI) if PROJECT_DOI else None,
        }
        entries.append(_bibtex_entry("misc", "munigoals", software))
        return "\n\n".join(entries) + "\n"
    lines = []
    for d in unique:
        year = _year(d)
        note = _note(d, places.get(d.file_name, ()))
        lines.append(
            f"{d.publisher} ({year if year else 'n.d.'}). {_title(d)}. {note}."
            + (f" {d.url}" if d.url else "")
        )
    doi = f" https://doi.org/{PROJECT_DOI}" if PROJECT_DOI else ""
    lines.append(
        f"{' & '.join(PROJECT_AUTHORS)} ({accessed.year}). {PROJECT_TITLE} (version {version}). "
        f"{PROJECT_URL} (accessed {accessed.isoformat()}).{doi}"
    )
    return "\n".join(lines) + "\n"

"""munigoals' Datasette plugin: full-text search of Japanese text that finds short words too.

A munigoals database (``munigoals export --sqlite``) indexes its text with FTS5's ``trigram``
tokenizer, which finds a word inside a longer one (自治会 in 自治会加入率) but cannot match fewer than
three characters (公債, 市). Each index also holds the rows' text spaced out (:data:`SHORT_COLUMN`), in
which a one- or two-character word is a phrase of three or more characters. This plugin, installed
with munigoals (entry point ``datasette``), replaces Datasette's ``escape_fts`` on munigoals databases
only (known by their ``PRAGMA application_id``) so that ``?_search=公債`` asks for that phrase; longer
words are searched as Datasette always does. Other databases are left as they are.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from datasette import hookimpl

from munigoals.package import SQLITE_APPLICATION_ID, short_query

__all__ = ["escape_fts", "prepare_connection"]

_TERMS = re.compile(r'\s+|(".*?")')


def escape_fts(query: str) -> str:
    """Datasette's escaping of a search (each word a quoted phrase, all of them required), with
    words shorter than three characters turned into phrases the trigram index can match."""
    if query.count('"') % 2:
        query += '"'
    terms = [t for t in _TERMS.split(query) if t and t != '""']
    phrases = []
    for term in terms:
        word = term[1:-1] if term.startswith('"') else term
        phrases.append(short_query(word) if len(word) < 3 else '"' + word.replace('"', '""') + '"')
    return " ".join(phrases)


@hookimpl(trylast=True)  # after Datasette's own, which it replaces
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    """Register :func:`escape_fts` on connections to a munigoals database."""
    try:
        (application_id,) = conn.execute("PRAGMA application_id").fetchone()
    except sqlite3.Error:
        return
    if application_id == SQLITE_APPLICATION_ID:
        conn.create_function("escape_fts", 1, escape_fts)

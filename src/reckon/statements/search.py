"""Searching the archive of statements, alike on SQLite and PostgreSQL.

Both engines match on ``statements.search_terms`` (the text read by
``statements.text``, since neither has a Persian text search of its own):
SQLite through an FTS5 index over those terms (``statement_search``, a derived
index made and brought up to date here, outside the digested schema), PostgreSQL
by matching whole terms in them. Either only narrows the candidates: every hit is
then confirmed on the original text by ``text.find``, which also gives the
matched words in context, so both engines return the same hits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, literal, select, text
from sqlalchemy.sql.elements import ColumnElement

from reckon.errors import InputError
from reckon.statements.text import PREFIX, Query, find, in_context, read_query, terms
from reckon.store.schema import statements

INDEX = "statement_search"


@dataclass(frozen=True)
class Hit:
    """One statement found, with its matched words shown in context."""

    id: str
    speaker: str
    office: str | None
    date: str  # as written
    said_on: dt.date | None
    text: str
    tags: tuple[str, ...]
    url: str | None
    matches: tuple[str, ...]  # the matched words as the original writes them
    context: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "speaker": self.speaker,
            "office": self.office,
            "date": self.date,
            "gregorian": self.said_on.isoformat() if self.said_on else None,
            "text": self.text,
            "tags": list(self.tags),
            "url": self.url,
            "matches": list(self.matches),
            "context": self.context,
        }


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[Hit, ...]
    facets: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"hits": [h.to_dict() for h in self.hits], "facets": dict(self.facets)}


def _fts_query(query: Query) -> str:
    """An FTS5 query that every real hit matches: each phrase quoted; a phrase is cut
    after its first prefix term (FTS5 takes a prefix only at a phrase's end)."""
    parts = []
    for phrase in query.phrases:
        kept: list[str] = []
        for term in phrase:
            kept.append(term.removesuffix(PREFIX))
            if term.endswith(PREFIX):
                break
        star = " *" if phrase[len(kept) - 1].endswith(PREFIX) else ""
        parts.append('"' + " ".join(kept) + '"' + star)
    return " AND ".join(parts)


def _sync_index(conn: Connection) -> None:
    """Make or refresh SQLite's FTS5 index when it does not hold what the table holds."""
    conn.execute(
        text(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {INDEX} USING fts5(terms, "
            "tokenize = 'unicode61 remove_diacritics 0')"
        )
    )
    have = conn.execute(text(f"SELECT count(*), coalesce(max(rowid), 0) FROM {INDEX}")).one()
    want = conn.execute(
        select(func.count(), func.coalesce(func.max(statements.c.id), 0)).select_from(statements)
    ).one()
    if tuple(have) == tuple(want):
        return
    conn.execute(text(f"DELETE FROM {INDEX}"))
    conn.execute(text(f"INSERT INTO {INDEX}(rowid, terms) SELECT id, search_terms FROM statements"))


_LIKE_SPECIAL = re.compile(r"([\\%_])")


def _term_match(query: Query) -> ColumnElement[bool]:
    """Whole terms in ``search_terms`` (PostgreSQL): each phrase as a run of words."""
    padded = literal(" ") + statements.c.search_terms + literal(" ")
    clauses = []
    for phrase in query.phrases:
        words = [_LIKE_SPECIAL.sub(r"\\\1", t.removesuffix(PREFIX)) for t in phrase]
        # a prefix term matches up to the end of a word: what follows may be anything
        pattern = "% " + " ".join(words) + ("%" if phrase[-1].endswith(PREFIX) else " %")
        if any(t.endswith(PREFIX) for t in phrase[:-1]):
            pattern = "% " + words[0] + "%"  # a prefix inside a phrase: the first word only
        clauses.append(padded.like(pattern, escape="\\"))
    return and_(*clauses)


def _candidates(conn: Connection, query: Query) -> list[Any]:
    columns = select(statements).order_by(statements.c.said_on, statements.c.id)
    if query.empty:
        return list(conn.execute(columns).all())
    if conn.dialect.name == "sqlite":
        _sync_index(conn)
        ids = select(text("rowid")).select_from(text(INDEX)).where(text(f"{INDEX} MATCH :q"))
        return list(
            conn.execute(columns.where(statements.c.id.in_(ids)), {"q": _fts_query(query)}).all()
        )
    return list(conn.execute(columns.where(_term_match(query))).all())


def _same(wanted: str | None, value: str | None) -> bool:
    return wanted is None or (value is not None and terms(wanted) in terms(value))


def search_statements(
    engine: Engine,
    query: str,
    *,
    speaker: str | None = None,
    office: str | None = None,
    tag: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    context: int = 60,
) -> SearchResult:
    """The statements that hold every word and phrase of ``query`` (see ``text``),
    oldest first, with facets by speaker, office and period (month) over the hits."""
    read = read_query(query)
    if read.empty and query.strip():
        raise InputError(f"the query {query!r} has no word to search for")
    with engine.begin() as conn:
        rows = _candidates(conn, read)
    hits: list[Hit] = []
    for row in rows:
        if not (_same(speaker, row.speaker) and _same(office, row.office)):
            continue
        if tag is not None and tag not in (row.tags or []):
            continue
        if since is not None and (row.said_until is None or row.said_until < since):
            continue
        if until is not None and (row.said_on is None or row.said_on > until):
            continue
        spans = find(read, row.text) if not read.empty else []
        if spans is None:
            # the words may be in a translation only: shown from there
            for translation in row.translations or []:
                spans = find(read, translation.get("text", ""))
                if spans is not None:
                    shown = str(translation.get("text", ""))
                    break
            else:
                continue
        else:
            shown = row.text
        hits.append(
            Hit(
                id=row.statement_id,
                speaker=row.speaker,
                office=row.office,
                date=row.date_text,
                said_on=row.said_on,
                text=row.text,
                tags=tuple(row.tags or ()),
                url=row.url,
                matches=tuple(dict.fromkeys(shown[a:b] for a, b in spans)),
                context=in_context(shown, spans, width=context),
            )
        )
    return SearchResult(tuple(hits), facets(hits))


def facets(hits: list[Hit]) -> dict[str, dict[str, int]]:
    """How many hits per speaker, office and period (a month, Gregorian)."""
    return {
        "speaker": dict(Counter(h.speaker for h in hits).most_common()),
        "office": dict(Counter(h.office or "(unknown)" for h in hits).most_common()),
        "period": dict(
            sorted(
                Counter(
                    h.said_on.strftime("%Y-%m") if h.said_on else "(undated)" for h in hits
                ).items()
            )
        ),
    }

"""Database engines for a case: SQLite by default, PostgreSQL for a server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import NullPool

from reckon.errors import CaseError


def resolve_url(db: str, case_dir: Path) -> str:
    """A relative SQLite path is inside the case folder; ``postgresql://`` uses psycopg 3."""
    try:
        url = make_url(db)
    except ArgumentError:
        raise CaseError(f"not a database URL: {db!r}") from None
    if url.drivername == "sqlite":
        database = url.database or "reckon.db"
        if database != ":memory:" and not Path(database).is_absolute():
            database = str((case_dir / database).resolve())
        return str(url.set(database=database))
    if url.drivername in ("postgresql", "postgres"):
        return str(url.set(drivername="postgresql+psycopg"))
    return str(url)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    # WAL keeps readers (the web app, a report) working during an import, and a
    # transaction is still all-or-nothing if the process is killed.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(db: str, case_dir: Path) -> Engine:
    url = resolve_url(db, case_dir)
    # A server connection is not kept in a pool between commands: a case is
    # opened, worked on and closed, and idle pooled connections only leak.
    poolclass = NullPool if not url.startswith("sqlite") else None
    if poolclass:
        engine = create_engine(url, poolclass=poolclass)
    else:
        # a writer waits for another's transaction (an import of a long list) rather
        # than failing after SQLite's default 5 s
        engine = create_engine(url, connect_args={"timeout": 120})
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def create_schema(engine: Engine) -> None:
    """Make or bring up to date the case's tables (``store.migrate``)."""
    from reckon.store.migrate import upgrade

    try:
        upgrade(engine)
    except OperationalError as exc:
        raise CaseError(f"cannot reach the database: {exc.orig}") from None


def has_schema(engine: Engine) -> bool:
    try:
        return inspect(engine).has_table("records")
    except OperationalError as exc:
        raise CaseError(f"cannot reach the database: {exc.orig}") from None

"""The state digest and the row comparison: every column of every table counts, and SQLite and
PostgreSQL give the same bytes for the same rows."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    Table,
    create_engine,
    select,
)

from reckon.store.compare import compare_databases, compare_table
from reckon.store.digest import (
    DIGESTED_TABLES,
    LOCAL_TABLES,
    canonical_value,
    digest_tables,
    table_digest,
)
from reckon.store.engine import create_schema, make_engine
from reckon.store.schema import metadata


def _value(column_type: Any, changed: bool = False) -> Any:
    """A value of the column's type with non-ASCII text, fractions, a timezone; or another."""
    if isinstance(column_type, Boolean):
        return not changed
    if isinstance(column_type, DateTime):
        return datetime(2026, 1, 8, 12, 30, 5, 250, tzinfo=UTC) + timedelta(seconds=changed)
    if isinstance(column_type, Date):
        return date(2026, 1, 8) + timedelta(days=changed)
    if isinstance(column_type, Float):
        return 0.2 if changed else 0.1
    if isinstance(column_type, Integer):
        return 8 if changed else 1
    if isinstance(column_type, JSON):
        return {"a": "x"} if changed else {"z": [1, 2.5, None], "a": "سلام", "m": {"k": True}}
    return "دگر" if changed else "م،ت"  # short: some columns are String(10)


def _fill(engine: Engine, rows_per_table: int = 2) -> None:
    """Rows in every table; foreign keys point at row 1 of their table."""
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            for i in range(1, rows_per_table + 1):
                row = {c.name: _value(c.type) for c in table.columns}
                for c in table.primary_key.columns:
                    row[c.name] = i if isinstance(c.type, Integer) else f"k{i}"
                for c in table.columns:
                    if isinstance(row[c.name], str):  # unique columns stay unique
                        row[c.name] = f"{row[c.name]}-{i}"
                    if c.foreign_keys:
                        row[c.name] = 1
                conn.execute(table.insert().values(**row))


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Engine, Engine]:
    """Two SQLite databases holding the same rows in every table."""
    first = make_engine(f"sqlite:///{tmp_path / 'a.db'}", tmp_path)
    create_schema(first)
    _fill(first)
    first.dispose()
    shutil.copy(tmp_path / "a.db", tmp_path / "b.db")
    second = make_engine(f"sqlite:///{tmp_path / 'b.db'}", tmp_path)
    return make_engine(f"sqlite:///{tmp_path / 'a.db'}", tmp_path), second


def test_only_bookkeeping_is_left_out_of_the_digest() -> None:
    # bookkeeping, and the web server's accounts (local state by design, never in the log)
    assert set(LOCAL_TABLES) == {"applied_events", "meta", "users", "edit_proposals"}
    assert set(DIGESTED_TABLES) == set(metadata.tables) - set(LOCAL_TABLES)


def test_every_column_of_every_table_is_digested_and_compared(pair: tuple[Engine, Engine]) -> None:
    original, copy = pair
    with original.connect() as a:
        before = digest_tables(a)
    checked = 0
    for name in DIGESTED_TABLES:
        table: Table = metadata.tables[name]
        for column in table.columns:
            if column.primary_key:
                continue
            key = table.c.id == 2
            with copy.connect() as conn:
                kept = conn.execute(select(column).where(key)).scalar_one()
            other = 2 if column.foreign_keys else _value(column.type, True)  # row 2 exists
            with copy.begin() as conn:
                conn.execute(table.update().where(key).values({column.name: other}))
            with original.connect() as a, copy.connect() as b:
                diff = compare_table(a, b, name)
                assert (diff.n_missing, diff.n_added) == (0, 0)
                assert diff.edited == [((2,), column.name)], (name, column.name)
                assert table_digest(b, name) != before[name], (name, column.name)
            with copy.begin() as conn:
                conn.execute(table.update().where(key).values({column.name: kept}))
            checked += 1
    with original.connect() as a, copy.connect() as b:
        assert compare_databases(a, b, DIGESTED_TABLES) == []
        assert digest_tables(b) == before
    every = sum(len(t.columns) - 1 for n, t in metadata.tables.items() if n in DIGESTED_TABLES)
    assert checked == every > 140  # every column of the schema, not a handful


def test_rows_deleted_and_inserted_are_counted_and_named(pair: tuple[Engine, Engine]) -> None:
    original, copy = pair
    records = metadata.tables["records"]
    with copy.begin() as conn:
        conn.execute(records.delete().where(records.c.id == 2))
    with original.connect() as a, copy.connect() as b:
        diff = compare_table(a, b, "records")
    assert diff.missing == [(2,)] and diff.n_added == 0
    assert diff.describe()[0].startswith("table records: 1 row(s) that the log's replay holds")
    with original.connect() as a, copy.connect() as b:
        added = compare_table(b, a, "records")  # the other way round: a row added
    assert added.added == [(2,)] and "inserted by hand" in added.describe()[0]


def test_canonical_values_do_not_depend_on_how_the_driver_gives_them() -> None:
    aware = datetime(2026, 1, 8, 15, 0, tzinfo=UTC)
    naive = datetime(2026, 1, 8, 15, 0)
    tehran = aware.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tehran"))
    assert {canonical_value(DateTime(), v) for v in (aware, naive, tehran)} == {
        "2026-01-08T15:00:00.000000"
    }
    assert canonical_value(Date(), "2026-01-08") == canonical_value(Date(), date(2026, 1, 8))
    assert canonical_value(Float(), 1) == 1.0 and canonical_value(Float(), None) is None
    assert canonical_value(Boolean(), 1) is True and canonical_value(Boolean(), 0) is False
    assert canonical_value(Float(), float("nan")) == "NaN"


@pytest.mark.postgres
def test_sqlite_and_postgresql_give_the_same_digest(tmp_path: Path, postgres_url: str) -> None:
    lite = make_engine(f"sqlite:///{tmp_path / 'a.db'}", tmp_path)
    server = make_engine(postgres_url, tmp_path)
    for engine in (lite, server):
        create_schema(engine)
        _fill(engine)
    try:
        with lite.connect() as a, server.connect() as b:
            assert digest_tables(a) == digest_tables(b)
            assert compare_databases(a, b, DIGESTED_TABLES) == []
            # and a difference on the server is named against SQLite
            records = metadata.tables["records"]
            b.execute(records.update().where(records.c.id == 1).values(cause="edited"))
            assert compare_table(a, b, "records").edited == [((1,), "cause")]
            assert b.execute(select(records.c.cause).where(records.c.id == 1)).scalar() == "edited"
    finally:
        lite.dispose()
        server.dispose()


def test_an_empty_database_has_a_digest_too(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'e.db'}")
    create_schema(engine)
    with engine.connect() as conn:
        digests = digest_tables(conn)
    assert all(d.rows == 0 for d in digests.values())
    assert len({d.sha256 for d in digests.values()}) == len(digests)  # headers tell tables apart

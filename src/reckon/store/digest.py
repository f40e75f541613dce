"""A digest of the database's state: per table, a SHA-256 over its rows in key order.

The log vouches for the database by carrying these digests (``state.digest``
events); ``reckon verify`` recomputes them. So that SQLite and PostgreSQL give
the same bytes for the same rows, every value is put in one canonical form
before hashing (``canonical_value``):

* NULL is JSON ``null``; booleans ``true``/``false``; integers as digits;
* floats by Python's shortest round-trip repr (``0.1``, ``1.0``, ``NaN``);
* dates ``YYYY-MM-DD``; timestamps in UTC as ``YYYY-MM-DDTHH:MM:SS.ffffff``
  (a naive timestamp, as SQLite gives back, is taken as UTC: reckon writes UTC);
* JSON columns as the parsed value, its object keys sorted;
* text as itself (UTF-8).

A row is the JSON array of its columns in schema order (sorted keys, no
spaces, UTF-8), then a newline; a table's hash covers a header line (the
table's column names) and every row, in primary-key order. Every table is
digested except the bookkeeping local to one database (``LOCAL_TABLES``):
``applied_events`` (checked against the log event by event instead, and its
``applied_at`` is the local clock) and ``meta`` (this database's id).

Rows are streamed (``yield_per``: a server-side cursor on PostgreSQL), so a
table of any size is hashed in constant memory.
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    Table,
    select,
)

from reckon.store.schema import meta, metadata

LOCAL_TABLES = ("applied_events", "meta")
DIGESTED_TABLES = tuple(t.name for t in metadata.sorted_tables if t.name not in LOCAL_TABLES)
BATCH = 5_000

Key = tuple[int, ...]
Encoder = Callable[[Any], Any]


@dataclass(frozen=True)
class TableDigest:
    """One table's row count and SHA-256 (hex)."""

    rows: int
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "sha256": self.sha256}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TableDigest:
        return cls(int(data["rows"]), str(data["sha256"]))


# --- canonical values -----------------------------------------------------------


def _timestamp(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):  # a driver that hands back text
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(sep="T", timespec="microseconds")


def _date(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return date.fromisoformat(str(value)[:10]).isoformat()


def _float(value: Any) -> Any:
    if value is None:
        return None
    value = float(value)
    return "NaN" if math.isnan(value) else value  # NaN != NaN: hash a fixed text instead


def _integer(value: Any) -> Any:
    return None if value is None else int(value)


def _boolean(value: Any) -> Any:
    return None if value is None else bool(value)


def _as_is(value: Any) -> Any:
    return value


def encoder_for(column_type: Any) -> Encoder:
    """How one column's values are put in canonical form (see the module docstring)."""
    # Boolean before Integer, DateTime before Date: the narrower type decides.
    if isinstance(column_type, Boolean):
        return _boolean
    if isinstance(column_type, DateTime):
        return _timestamp
    if isinstance(column_type, Date):
        return _date
    if isinstance(column_type, Float):
        return _float
    if isinstance(column_type, Integer):
        return _integer
    if isinstance(column_type, JSON):
        return _as_is  # the parsed value; its keys are sorted when the row is dumped
    return _as_is


def canonical_value(column_type: Any, value: Any) -> Any:
    return encoder_for(column_type)(value)


def encode_row(values: Iterable[Any]) -> bytes:
    return (
        json.dumps(list(values), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8"
        )
        + b"\n"
    )


# --- streaming rows ----------------------------------------------------------------


def table_named(name: str) -> Table:
    return metadata.tables[name]


def canonical_rows(conn: Connection, table: Table) -> Iterator[tuple[Key, list[Any]]]:
    """(primary key, canonical values of every column) of each row, in key order, streamed."""
    pk = [c.name for c in table.primary_key.columns]
    names = [c.name for c in table.columns]
    encoders = [encoder_for(c.type) for c in table.columns]
    positions = [names.index(name) for name in pk]
    query = select(table).order_by(*table.primary_key.columns)
    # per statement: Connection.execution_options would change the connection itself
    result = conn.execute(query, execution_options={"yield_per": BATCH})
    try:
        for row in result:
            values = [enc(v) for enc, v in zip(encoders, row, strict=True)]
            yield tuple(values[i] for i in positions), values
    finally:
        result.close()


def table_digest(conn: Connection, name: str) -> TableDigest:
    table = table_named(name)
    digest = hashlib.sha256(encode_row([c.name for c in table.columns]))
    rows = 0
    for _, values in canonical_rows(conn, table):
        digest.update(encode_row(values))
        rows += 1
    return TableDigest(rows, digest.hexdigest())


def digest_tables(
    conn: Connection, names: Iterable[str] = DIGESTED_TABLES
) -> dict[str, TableDigest]:
    """The digest of each named table (every digested table by default), by name."""
    return {name: table_digest(conn, name) for name in sorted(set(names))}


# --- this database's identity -----------------------------------------------------


def meta_value(conn: Connection, key: str) -> str | None:
    row = conn.execute(select(meta.c.value).where(meta.c.key == key)).first()
    return None if row is None else str(row[0])


def set_meta(conn: Connection, key: str, value: str) -> None:
    if meta_value(conn, key) is None:
        conn.execute(meta.insert().values(key=key, value=value))
    else:
        conn.execute(meta.update().where(meta.c.key == key).values(value=value))


def database_id(conn: Connection) -> str | None:
    """The random id written into this database when it was made (None if older)."""
    return meta_value(conn, "database_id")


def ensure_database_id(conn: Connection) -> str:
    """This database's id, made now (128 random bits) if it has none yet."""
    found = database_id(conn)
    if found is not None:
        return found
    made = secrets.token_hex(16)
    set_meta(conn, "database_id", made)
    return made

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
``applied_at`` is the local clock), ``meta`` (this database's id) and the web
app's ``users`` and ``edit_proposals`` (server state, never in the log).

Rows are streamed (``yield_per``: a server-side cursor on PostgreSQL), so a
table of any size is hashed in constant memory.
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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

# users and edit_proposals: the web server's accounts, local state by design (schema.py)
LOCAL_TABLES = ("applied_events", "meta", "users", "edit_proposals")
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
    if type(value) is str:
        # SQLite as SQLAlchemy writes it, "YYYY-MM-DD HH:MM:SS.ffffff" (UTC): no parse needed
        if len(value) == 26 and value[10] == " ":
            return value[:10] + "T" + value[11:]
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(sep="T", timespec="microseconds")


def _date(value: Any) -> Any:
    if value is None:
        return None
    if type(value) is str and len(value) == 10:
        return value  # SQLite's "YYYY-MM-DD"
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


def _boolean(value: Any) -> Any:
    return None if value is None else bool(value)  # SQLite gives 0/1


def _json(value: Any) -> Any:
    # SQLite gives the stored text, psycopg the parsed value; keys are sorted when dumped
    return json.loads(value) if isinstance(value, str | bytes) else value


def _integer(value: Any) -> Any:
    return None if value is None else int(value)


def encoder_for(column_type: Any) -> Encoder | None:
    """How a driver's value of this column type is put in canonical form; None where the
    value both drivers give (int, str, None) is canonical already."""
    # Boolean before Integer, DateTime before Date: the narrower type decides.
    if isinstance(column_type, Boolean):
        return _boolean
    if isinstance(column_type, DateTime):
        return _timestamp
    if isinstance(column_type, Date):
        return _date
    if isinstance(column_type, Float):
        return _float
    if isinstance(column_type, JSON):
        return _json
    return None


def canonical_value(column_type: Any, value: Any) -> Any:
    """One value in canonical form, as a driver (or SQLAlchemy) may hand it over."""
    if isinstance(column_type, Integer) and not isinstance(column_type, Boolean):
        return _integer(value)
    encode = encoder_for(column_type)
    return value if encode is None else encode(value)


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
    """(primary key, canonical values of every column) of each row, in key order, streamed.

    Read from the driver as it gives them, without SQLAlchemy's per-value result
    processing (three quarters of the time on a million records); only the
    columns whose driver values differ between SQLite and PostgreSQL are converted.
    """
    names = [c.name for c in table.columns]
    special = [(i, enc) for i, c in enumerate(table.columns) if (enc := encoder_for(c.type))]
    positions = [names.index(c.name) for c in table.primary_key.columns]
    query = select(table).order_by(*table.primary_key.columns)
    sql = str(query.compile(dialect=conn.dialect))
    for batch in _driver_batches(conn, sql):
        for row in batch:
            values = list(row)
            for i, encode in special:
                values[i] = encode(values[i])
            yield tuple(int(values[i]) for i in positions), values


def _driver_batches(conn: Connection, sql: str) -> Iterator[Sequence[Sequence[Any]]]:
    """The query's rows in batches, straight from the driver, inside ``conn``'s transaction."""
    if conn.dialect.name == "sqlite":
        cursor = conn.connection.cursor()  # SQLite's cursor steps through the table lazily
        try:
            cursor.execute(sql)
            while batch := cursor.fetchmany(BATCH):
                yield batch
        finally:
            cursor.close()
        return
    # elsewhere a server-side cursor (per statement: Connection.execution_options would
    # change the connection itself)
    result = conn.exec_driver_sql(sql, execution_options={"yield_per": BATCH})
    try:
        yield from result.partitions()
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

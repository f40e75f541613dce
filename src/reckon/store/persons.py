"""Queries for linkage: records in, persons and record→person assignments out.

Everything here is SQLAlchemy Core on a ``Connection`` so that the same code runs
on SQLite and PostgreSQL, and inside the caller's transaction (``Case.record``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select, update

from reckon.store.schema import link_runs, persons, records, sources

CHUNK = 20_000

# Record fields linkage reads; incidents ("14 bodies, unnamed") are not linked.
RECORD_FIELDS = (
    "id",
    "source_record_id",
    "full_name",
    "given_name",
    "family_name",
    "father_name",
    "name_canonical",
    "name_key",
    "given_key",
    "family_key",
    "father_key",
    "script",
    "sex",
    "age",
    "birth_year",
    "event_type",
    "date_precision",
    "date_start",
    "date_end",
    "province_code",
    "county",
    "city",
)

PERSON_FIELDS = tuple(c.name for c in persons.columns if c.name != "id")


def read_records(conn: Connection) -> pd.DataFrame:
    """Named-person records with their source's name, kind and independence group."""
    query = (
        select(
            *(records.c[name] for name in RECORD_FIELDS),
            sources.c.name.label("source"),
            sources.c.kind.label("source_kind"),
            func.coalesce(sources.c.independence_group, sources.c.name).label("independence_group"),
        )
        .join(sources, sources.c.id == records.c.source_id)
        .where(records.c.is_incident.is_(False))
        .order_by(records.c.id)
    )
    return _frame(conn, query)


def _frame(conn: Connection, query: Any) -> pd.DataFrame:
    """A query's rows as a frame, straight from the driver's cursor.

    SQLAlchemy's Row objects (and its per-value result processing) took three
    quarters of the time on a million records. Dates come back as the driver
    gives them: ISO text on SQLite, dates on PostgreSQL; callers accept both.
    """
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    cursor = conn.exec_driver_sql(str(compiled)).cursor
    assert cursor is not None and cursor.description is not None
    columns = [d[0] for d in cursor.description]
    return pd.DataFrame(cursor.fetchall(), columns=columns)


def record_count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(records)).scalar_one())


def _clean(value: Any) -> Any:
    """pandas missing values and numpy scalars to what a DB driver accepts."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value


def _rows(frame: pd.DataFrame, columns: Iterable[str]) -> list[dict[str, Any]]:
    cols = list(columns)
    return [
        {c: _clean(v) for c, v in zip(cols, row, strict=True)}
        for row in frame[cols].itertuples(index=False, name=None)
    ]


def replace_persons(
    conn: Connection, run: dict[str, Any], people: pd.DataFrame, assignments: pd.DataFrame
) -> int:
    """Replace the persons and every record's assignment with one link run's result.

    ``people`` has ``person_id`` and the person fields; ``assignments`` has
    ``source``, ``source_record_id``, ``person_id`` and ``match_probability``.
    Records are found by their stable keys, so a case rebuilt from its log gets
    the same assignment. Returns the link run's id.
    """
    run_id = int(
        conn.execute(  # type: ignore[index]
            insert(link_runs).values(
                started_at=run.get("started_at") or datetime.now(UTC),
                backend=run["backend"],
                threshold=run["threshold"],
                model_path=run.get("model_path"),
                comparisons=run.get("comparisons"),
                persons=len(people),
                settings=run.get("settings"),
            )
        ).inserted_primary_key[0]
    )
    conn.execute(update(records).values(person_id=None, match_probability=None))
    conn.execute(delete(persons))
    people = people.assign(link_run_id=run_id)
    cols = ["person_id", *(c for c in PERSON_FIELDS if c in people.columns)]
    rows = _rows(people, cols)
    for row in rows:
        row["id"] = row.pop("person_id")
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(persons), rows[start : start + CHUNK])
    ids = _record_ids(conn)
    keys = zip(assignments["source"], assignments["source_record_id"], strict=True)
    rid = pd.array([ids.get((str(s), str(r))) for s, r in keys], dtype="Int64")
    keyed = assignments.assign(rid=rid).dropna(subset=["rid"])
    values = [
        {"rid": int(rid), "pid": int(pid), "mp": _clean(mp)}
        for rid, pid, mp in zip(
            keyed["rid"], keyed["person_id"], keyed["match_probability"], strict=True
        )
    ]
    stmt = (
        update(records)
        .where(records.c.id == _bind("rid"))
        .values(person_id=_bind("pid"), match_probability=_bind("mp"))
    )
    for start in range(0, len(values), CHUNK):
        conn.execute(stmt, values[start : start + CHUNK])
    return run_id


def _bind(name: str) -> Any:
    from sqlalchemy import bindparam

    return bindparam(name)


def _record_ids(conn: Connection) -> dict[tuple[str, str], int]:
    query = select(sources.c.name, records.c.source_record_id, records.c.id).join(
        sources, sources.c.id == records.c.source_id
    )
    return {(s, r): i for s, r, i in conn.execute(query)}


def read_assignments(conn: Connection) -> pd.DataFrame:
    """One row per record: source, source_record_id, person_id, match_probability."""
    query = (
        select(
            sources.c.name.label("source"),
            records.c.source_record_id,
            records.c.person_id,
            records.c.match_probability,
            records.c.script,
        )
        .join(sources, sources.c.id == records.c.source_id)
        .order_by(sources.c.name, records.c.source_record_id)
    )
    return _frame(conn, query)


def read_persons(conn: Connection) -> pd.DataFrame:
    result = conn.execute(select(persons).order_by(persons.c.id))
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def last_run(conn: Connection) -> dict[str, Any] | None:
    row = conn.execute(select(link_runs).order_by(link_runs.c.id.desc()).limit(1)).first()
    return None if row is None else dict(row._mapping)


def as_date(value: Any) -> date | None:
    cleaned = _clean(value)
    if cleaned is None:
        return None
    if isinstance(cleaned, date):
        return cleaned
    return date.fromisoformat(str(cleaned)[:10])

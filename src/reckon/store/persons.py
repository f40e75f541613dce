"""Queries for linkage: records in, persons and record→person assignments out.

Everything here is SQLAlchemy Core on a ``Connection`` so that the same code runs
on SQLite and PostgreSQL, and inside the caller's transaction (``Case.record``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select, update

from reckon.store.schema import evidence_links, link_runs, persons, records, sources, timeline

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


@dataclass(frozen=True)
class Relinked:
    """What writing a link run did: its id, and what pointed at a person now gone.

    ``repointed`` rows (evidence links, timeline steps) now point at the person
    that holds most of the gone person's records; ``released`` rows point at
    nobody, because none of its records is in a person any more.
    """

    run_id: int
    repointed: int
    released: int


# Tables whose rows point at a person and must follow it through a re-link.
POINTING_AT_PERSONS = (evidence_links, timeline)


def replace_persons(
    conn: Connection, run: dict[str, Any], people: pd.DataFrame, assignments: pd.DataFrame
) -> Relinked:
    """Put one link run's persons and every record's assignment in place.

    ``people`` has ``person_id`` and the person fields; ``assignments`` has
    ``source``, ``source_record_id``, ``person_id`` and ``match_probability``.
    Records are found by their stable keys, so a case rebuilt from its log gets
    the same assignment. Persons are upserted by their stable id
    (``link.identity``); a person that is gone hands what pointed at it
    (``POINTING_AT_PERSONS``) to the new person holding most of its records.
    """
    run_id = int(
        conn.execute(  # type: ignore[index]
            insert(link_runs).values(
                started_at=run["started_at"],
                backend=run["backend"],
                threshold=run["threshold"],
                model_path=run.get("model_path"),
                comparisons=run.get("comparisons"),
                persons=len(people),
                settings=run.get("settings"),
            )
        ).inserted_primary_key[0]
    )
    before: dict[int, int] = {
        int(rid): int(pid)
        for rid, pid in conn.execute(
            select(records.c.id, records.c.person_id).where(records.c.person_id.is_not(None))
        )
    }
    old_ids = set(conn.execute(select(persons.c.id)).scalars())
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
    after = {v["rid"]: v["pid"] for v in values}

    conn.execute(update(records).values(person_id=None, match_probability=None))
    people = people.assign(link_run_id=run_id)
    cols = ["person_id", *(c for c in PERSON_FIELDS if c in people.columns)]
    rows = _rows(people, cols)
    new_ids = {int(row["person_id"]) for row in rows}
    fresh = [{**row, "id": row["person_id"]} for row in rows if row["person_id"] not in old_ids]
    for row in fresh:
        del row["person_id"]
    kept = [row for row in rows if row["person_id"] in old_ids]
    for start in range(0, len(fresh), CHUNK):
        conn.execute(insert(persons), fresh[start : start + CHUNK])
    if kept:
        # bound names differ from the columns': SQLAlchemy reserves those for SET
        fields = [c for c in cols if c != "person_id"]
        stmt = (
            update(persons)
            .where(persons.c.id == _bind("b_person_id"))
            .values({c: _bind(f"b_{c}") for c in fields})
        )
        bound = [{f"b_{k}": v for k, v in row.items()} for row in kept]
        for start in range(0, len(bound), CHUNK):
            conn.execute(stmt, bound[start : start + CHUNK])
    repointed, released = _hand_over(conn, old_ids - new_ids, before, after)
    stmt = (
        update(records)
        .where(records.c.id == _bind("rid"))
        .values(person_id=_bind("pid"), match_probability=_bind("mp"))
    )
    for start in range(0, len(values), CHUNK):
        conn.execute(stmt, values[start : start + CHUNK])
    return Relinked(run_id, repointed, released)


def _hand_over(
    conn: Connection, gone: set[int], before: dict[int, int], after: dict[int, int]
) -> tuple[int, int]:
    """Repoint or release what pointed at the persons ``gone``, then delete them."""
    if not gone:
        return 0, 0
    heirs: dict[int, Counter[int]] = {pid: Counter() for pid in gone}
    for rid, old in before.items():
        if old in heirs and rid in after:
            heirs[old][after[rid]] += 1
    repointed = released = 0
    for old in sorted(gone):
        # the new person holding most of the old one's records; the lowest id on a tie
        ranked = sorted(heirs[old].items(), key=lambda item: (-item[1], item[0]))
        heir = ranked[0][0] if ranked else None
        for table in POINTING_AT_PERSONS:
            moved = conn.execute(
                update(table).where(table.c.person_id == old).values(person_id=heir)
            ).rowcount
            if heir is None:
                released += moved
            else:
                repointed += moved
    for start in range(0, len(gone), CHUNK):
        chunk = sorted(gone)[start : start + CHUNK]
        conn.execute(delete(persons).where(persons.c.id.in_(chunk)))
    return repointed, released


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

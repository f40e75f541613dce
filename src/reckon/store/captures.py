"""Capture histories from a linked case: which sources hold each person.

One query over ``records`` joined to ``sources`` (SQLAlchemy Core, the same on
SQLite and PostgreSQL); the grouping into one row per person is plain pandas.
Incident records ("14 bodies, unnamed") describe counts, not persons, and are
left out, and so are detainee lists (``NOT_LISTS_OF_THE_DEAD``): they name the
living too, and are not captures of the dead. A record that linkage has not
assigned to a person (``person_id`` is NULL) counts as a person of its own.

The stratum fields of a person are the most frequent non-empty value among its
records (ties go to the earliest record):

* ``province``: the ISO 3166-2:IR code;
* ``month``: ``YYYY-MM`` of the (Gregorian) start date of the event;
* ``sex``;
* ``age_group``: ``0-17``, ``18-29``, ``30-44``, ``45-59``, ``60+`` from the age, or
  the middle of the age range when only a range is known.

An unknown value is ``None``; ``reckon.estimate.strata`` puts such people in an
``(unknown)`` stratum rather than dropping them.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, select

from reckon.errors import EstimateError
from reckon.store.schema import records, sources

# Source kinds that link with the others but are no list of the dead.
NOT_LISTS_OF_THE_DEAD = ("detainee",)

__all__ = [
    "AGE_GROUPS",
    "STRATUM_FIELDS",
    "age_group",
    "per_person",
    "read_capture_histories",
    "read_capture_records",
    "source_names",
]

STRATUM_FIELDS = ("province", "month", "sex", "age_group")
AGE_GROUPS = ((0, 17, "0-17"), (18, 29, "18-29"), (30, 44, "30-44"), (45, 59, "45-59"))


def age_group(age: Any, age_min: Any = None, age_max: Any = None) -> str | None:
    """The age band of an age (or of the middle of a range); None when unknown."""
    value: float | None = None
    if _known(age):
        value = float(age)
    elif _known(age_min) and _known(age_max):
        value = (float(age_min) + float(age_max)) / 2.0
    if value is None or value < 0:
        return None
    for lo, hi, label in AGE_GROUPS:
        if lo <= value < hi + 1:
            return label
    return "60+"


def _known(value: Any) -> bool:
    if value is None:
        return False
    return not (isinstance(value, float) and math.isnan(value))


def _month(value: Any) -> str | None:
    if isinstance(value, (date, datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, str) and len(value) >= 7:
        return value[:7]
    return None


def source_names(conn: Connection) -> list[str]:
    """Names of the sources that hold at least one person record, in import order."""
    query = (
        select(sources.c.name)
        .where(
            select(records.c.id)
            .where(records.c.source_id == sources.c.id, records.c.is_incident.is_(False))
            .exists()
        )
        .order_by(sources.c.id)
    )
    return [str(name) for name in conn.execute(query).scalars()]


def read_capture_histories(conn: Connection) -> pd.DataFrame:
    """One row per person: ``person``, ``sources`` (a frozenset) and the stratum fields."""
    return per_person(read_capture_records(conn))


def read_capture_records(conn: Connection) -> pd.DataFrame:
    """One row per person record: ``id``, ``source``, ``source_record_id``, ``person``
    (the linked person, or the record alone) and the stratum fields; ``per_person``
    groups it. Linkage draws regroup the same rows by other persons."""
    query = (
        select(
            records.c.id,
            records.c.person_id,
            sources.c.name.label("source"),
            records.c.source_record_id,
            records.c.province_code,
            records.c.date_start,
            records.c.sex,
            records.c.age,
            records.c.age_min,
            records.c.age_max,
        )
        .join(sources, sources.c.id == records.c.source_id)
        .where(records.c.is_incident.is_(False), sources.c.kind.not_in(NOT_LISTS_OF_THE_DEAD))
        .order_by(records.c.id)
    )
    rows = conn.execute(query).mappings().all()
    if not rows:
        raise EstimateError("the case holds no person records: import lists first")
    frame = pd.DataFrame([dict(r) for r in rows])
    if frame["person_id"].isna().all():
        raise EstimateError("the case has not been linked yet: run `reckon link DIR` first")
    frame["person"] = [
        f"p{int(p)}" if _known(p) else f"r{int(i)}"
        for p, i in zip(frame["person_id"], frame["id"], strict=True)
    ]
    frame["province"] = frame["province_code"].where(frame["province_code"].notna(), None)
    frame["month"] = [_month(v) for v in frame["date_start"]]
    frame["age_group"] = [
        age_group(a, lo, hi)
        for a, lo, hi in zip(frame["age"], frame["age_min"], frame["age_max"], strict=True)
    ]
    return frame


def per_person(frame: pd.DataFrame) -> pd.DataFrame:
    """Group record rows (``id``, ``person``, ``source`` and the stratum fields) by person.

    Vectorised: one group-by per field, not a Python function per person, so that a
    case of 100,000 persons takes seconds.
    """
    members: dict[str, set[str]] = {}
    for person, source in zip(frame["person"].tolist(), frame["source"].tolist(), strict=True):
        members.setdefault(person, set()).add(source)
    out = pd.DataFrame(
        {"sources": [frozenset(m) for m in members.values()]},
        index=pd.Index(list(members), name="person"),
    )
    for field in STRATUM_FIELDS:
        known = frame.loc[frame[field].notna(), ["person", field, "id"]]
        tally = (
            known.groupby(["person", field], sort=False)["id"]
            .agg(["size", "min"])
            .reset_index()
            .sort_values(["person", "size", "min"], ascending=[True, False, True])
            .drop_duplicates("person")
            .set_index("person")[field]
        )
        values = tally.reindex(out.index)
        out[field] = values.astype(object).where(values.notna(), None)
    return out.reset_index()

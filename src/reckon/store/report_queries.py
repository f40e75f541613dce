"""Read-only queries behind the HTML report (``reckon.report``).

They select counts and the fields a report aggregates (source, sex, age,
event, date, province, corroboration) and never a name: a report's tables are
counts, and nothing here may leak a victim's name into a log.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, func, select

from reckon.store.schema import persons, problems, records, sources


def source_rows(conn: Connection) -> pd.DataFrame:
    """Per source: name, kind, person records, incident rows, persons named (0 if unlinked)."""
    person_record = records.c.is_incident.is_(False)
    query = (
        select(
            sources.c.name.label("source"),
            sources.c.kind,
            func.count(records.c.id).filter(person_record).label("records"),
            func.count(records.c.id).filter(records.c.is_incident.is_(True)).label("incidents"),
            func.count(func.distinct(records.c.person_id)).label("persons"),
        )
        .select_from(sources)
        .outerjoin(records, records.c.source_id == sources.c.id)
        .group_by(sources.c.id, sources.c.name, sources.c.kind)
        .order_by(sources.c.id)
    )
    rows = conn.execute(query).mappings().all()
    return pd.DataFrame(rows, columns=["source", "kind", "records", "incidents", "persons"])


def record_rows(conn: Connection) -> pd.DataFrame:
    """One row per record: its source and the fields the report counts (no names)."""
    query = select(
        sources.c.name.label("source"),
        sources.c.kind,
        records.c.person_id,
        records.c.sex,
        records.c.age,
        records.c.event_type,
        records.c.date_start,
        records.c.date_precision,
        records.c.province_code,
        records.c.is_incident,
        records.c.count_min,
        records.c.count_max,
    ).join(sources, sources.c.id == records.c.source_id)
    columns = [c.name for c in query.selected_columns]
    return pd.DataFrame(conn.execute(query).all(), columns=columns)


def person_rows(conn: Connection) -> pd.DataFrame:
    """One row per linked person: the fields the report counts (no names)."""
    query = select(
        persons.c.id.label("person_id"),
        persons.c.status,
        persons.c.sex,
        persons.c.age,
        persons.c.event_type,
        persons.c.date_start,
        persons.c.date_precision,
        persons.c.province_code,
        persons.c.n_records,
        persons.c.n_sources,
        persons.c.is_incident,
    )
    columns = [c.name for c in query.selected_columns]
    return pd.DataFrame(conn.execute(query).all(), columns=columns)


def problem_count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(problems)).scalar_one())

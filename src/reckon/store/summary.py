"""What a case holds: counts by source, kind, event type and province."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from reckon.normalize.places import province_names
from reckon.store.schema import imports, persons, problems, records, sources


def case_summary(conn: Connection) -> dict[str, Any]:
    def grouped(column: Any, *joins: Any) -> dict[str, int]:
        query = select(column, func.count()).select_from(records)
        for table in joins:
            query = query.join(table)
        rows = conn.execute(query.group_by(column).order_by(func.count().desc())).all()
        return {str(key) if key is not None else "unknown": int(n) for key, n in rows}

    incidents = conn.execute(
        select(
            func.count(),
            func.coalesce(func.sum(records.c.count_min), 0),
            func.coalesce(func.sum(records.c.count_max), 0),
        ).where(records.c.is_incident.is_(True))
    ).one()
    unnamed = conn.execute(
        select(func.count()).where(
            records.c.is_incident.is_(False),
            records.c.full_name.is_(None),
            records.c.given_name.is_(None),
            records.c.family_name.is_(None),
        )
    ).scalar_one()
    status = conn.execute(select(persons.c.status, func.count()).group_by(persons.c.status)).all()
    return {
        "sources": int(conn.execute(select(func.count()).select_from(sources)).scalar_one()),
        "imports": int(conn.execute(select(func.count()).select_from(imports)).scalar_one()),
        "records": int(conn.execute(select(func.count()).select_from(records)).scalar_one()),
        "persons": int(conn.execute(select(func.count()).select_from(persons)).scalar_one()),
        "problems": int(conn.execute(select(func.count()).select_from(problems)).scalar_one()),
        "unnamed_records": int(unnamed),  # a placeholder where the name goes
        "incident_records": int(incidents[0]),
        "incident_people_min": int(incidents[1]),
        "incident_people_max": int(incidents[2]),
        "by_source": grouped(sources.c.name, sources),
        "by_kind": grouped(sources.c.kind, sources),
        "by_event_type": grouped(records.c.event_type),
        "by_province": grouped(records.c.province_code),
        "province_names": _province_names(),
        "by_status": {str(s): int(n) for s, n in status},
    }


def _province_names() -> dict[str, str]:
    """ISO 3166-2:IR code -> English name, for showing beside the codes."""
    return province_names()

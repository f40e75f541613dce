"""What a case holds: counts by source, kind, event type and province."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

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
    status = conn.execute(select(persons.c.status, func.count()).group_by(persons.c.status)).all()
    return {
        "sources": int(conn.execute(select(func.count()).select_from(sources)).scalar_one()),
        "imports": int(conn.execute(select(func.count()).select_from(imports)).scalar_one()),
        "records": int(conn.execute(select(func.count()).select_from(records)).scalar_one()),
        "persons": int(conn.execute(select(func.count()).select_from(persons)).scalar_one()),
        "problems": int(conn.execute(select(func.count()).select_from(problems)).scalar_one()),
        "incident_records": int(incidents[0]),
        "incident_people_min": int(incidents[1]),
        "incident_people_max": int(incidents[2]),
        "by_source": grouped(sources.c.name, sources),
        "by_kind": grouped(sources.c.kind, sources),
        "by_event_type": grouped(records.c.event_type),
        "by_province": grouped(records.c.province_code),
        "by_status": {str(s): int(n) for s, n in status},
    }

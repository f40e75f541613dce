"""Problems met on import, for `reckon problems`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from reckon.store.schema import imports, problems


def list_problems(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(
            imports.c.file_name,
            problems.c.row_number,
            problems.c.column_name,
            problems.c.value,
            problems.c.reason,
            problems.c.severity,
        )
        .select_from(problems.join(imports))
        .order_by(problems.c.import_id, problems.c.row_number, problems.c.id)
    ).all()
    return [
        {"file": r[0], "row": r[1], "column": r[2], "value": r[3], "reason": r[4], "severity": r[5]}
        for r in rows
    ]

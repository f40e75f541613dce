"""Queries over the evidence tables (filled by the vault's ``evidence.added`` events).

Only public custody fields ever reach these tables: witness and source
identities stay sealed in the vault, so every row here may be shown in a
report or the web app.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, or_, select

from reckon.store.schema import evidence, evidence_links, records


def _row(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "object_sha256": r.object_sha256,
        "file_name": r.file_name,
        "media_type": r.media_type,
        "size": r.size,
        "sensitive": bool(r.sensitive),
        "custody": dict(r.custody or {}),
    }


def list_evidence(conn: Connection) -> list[dict[str, Any]]:
    """Every evidence item, oldest first."""
    return [_row(r) for r in conn.execute(select(evidence).order_by(evidence.c.id))]


def evidence_for_record(conn: Connection, record_id: int) -> list[dict[str, Any]]:
    """Evidence linked to one record."""
    query = (
        select(evidence)
        .join(evidence_links, evidence_links.c.evidence_id == evidence.c.id)
        .where(evidence_links.c.record_id == record_id)
        .order_by(evidence.c.id)
    )
    return [_row(r) for r in conn.execute(query)]


def evidence_for_person(conn: Connection, person_id: int) -> list[dict[str, Any]]:
    """Evidence linked to a person directly or through any of the person's records."""
    person_records = select(records.c.id).where(records.c.person_id == person_id)
    query = (
        select(evidence)
        .join(evidence_links, evidence_links.c.evidence_id == evidence.c.id)
        .where(
            or_(
                evidence_links.c.person_id == person_id,
                evidence_links.c.record_id.in_(person_records),
            )
        )
        .distinct()
        .order_by(evidence.c.id)
    )
    return [_row(r) for r in conn.execute(query)]

"""Applying records entered by hand and edits of one field of a record.

An entered record belongs to its source's hand-entry import (one per source,
named by ``HAND_ENTRY``, made by the first entry), so that every record has an
import as a listed one does. An edit sets one field; conflicting edits are all
kept in the log (see ``vault.bundles.field_conflicts``) and the last in log
order holds in the database.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, Date, insert, select, update

from reckon.events.base import EventFormatError, Outcome
from reckon.events.kinds import RecordEdited, RecordEntered
from reckon.ingest import importer
from reckon.store.schema import imports, records, sources
from reckon.vault.objects import ObjectStore

HAND_ENTRY = "0" * 64  # the object name of a source's hand-entry import: no file
# fields a hand entry or an edit may set: what a list's row gives, not what the
# database or linkage assigns
EDITABLE = tuple(
    c.name
    for c in records.columns
    if c.name
    not in (
        "id",
        "source_id",
        "import_id",
        "source_record_id",
        "raw",
        "row_number",
        "person_id",
        "match_probability",
    )
)


def _value(name: str, value: Any) -> Any:
    if name not in EDITABLE:
        raise EventFormatError(f"record field {name!r} cannot be entered or edited")
    if isinstance(records.c[name].type, Date) and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def apply_entered(event: RecordEntered, conn: Connection, objects: ObjectStore) -> Outcome:
    values = {k: _value(k, v) for k, v in event.values.items()}
    source_id = importer.source_id(conn, event.source, event.list_kind, event.time)
    taken = conn.execute(
        select(records.c.id).where(
            records.c.source_id == source_id, records.c.source_record_id == event.source_record_id
        )
    ).first()
    if taken is not None:
        return Outcome({"records": 0}, (f"record {event.source_record_id} is already there",))
    found = conn.execute(
        select(imports.c.id, imports.c.records_imported).where(
            imports.c.source_id == source_id, imports.c.object_sha256 == HAND_ENTRY
        )
    ).first()
    if found is None:
        key = conn.execute(
            insert(imports).values(
                source_id=source_id,
                object_sha256=HAND_ENTRY,
                file_name="(entered by hand)",
                file_format="form",
                mapping={},
                rows_read=0,
                records_imported=0,
                rows_rejected=0,
                problem_count=0,
                imported_at=event.time,
            )
        ).inserted_primary_key
        assert key is not None
        import_id, count = int(key[0]), 0
    else:
        import_id, count = int(found.id), int(found.records_imported)
    conn.execute(
        insert(records).values(
            source_id=source_id,
            import_id=import_id,
            source_record_id=event.source_record_id,
            row_number=count + 1,
            raw=event.raw,
            **{"is_incident": False, **values},
        )
    )
    conn.execute(
        update(imports)
        .where(imports.c.id == import_id)
        .values(records_imported=count + 1, rows_read=count + 1)
    )
    return Outcome({"records": 1})


def apply_edited(event: RecordEdited, conn: Connection, objects: ObjectStore) -> Outcome:
    source, _, record_id = event.target.partition(":")
    value = _value(event.field, event.value)
    ids = select(sources.c.id).where(sources.c.name == source).scalar_subquery()
    changed = conn.execute(
        update(records)
        .where(records.c.source_id == ids, records.c.source_record_id == record_id)
        .values({event.field: value})
    ).rowcount
    notes = () if changed else (f"no record {event.target} to edit",)
    return Outcome({"records": changed}, notes)

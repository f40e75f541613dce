"""``import.reread``: the same file read again with another reading (a mended import).

A list imported with a wrong mapping (dates left unread, the header on the
wrong row) is mended by reading its bytes again. The new reading is a new
version of that import: its records replace the old ones in the database; the
old reading stays in the history (its event, its records and problems objects
in the vault). Records that survive the re-read (the same id in the source)
keep their person, so linkage decisions, which name records by source and id,
and evidence or timeline links follow them. Links to records the re-read no
longer has are released, and the applier says how many.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import Connection, bindparam, delete, func, select, update

from reckon.events.base import Outcome
from reckon.events.imports import apply_import
from reckon.events.kinds import ListImported
from reckon.ingest import importer
from reckon.store.schema import (
    evidence_links,
    persons,
    problems,
    records,
    timeline,
)
from reckon.vault.objects import ObjectStore

# rows that point at records or persons, released or repointed by a re-read
_POINTERS = (evidence_links, timeline)


@dataclass(frozen=True, kw_only=True)
class ListReread(ListImported):
    """A new version of the import of ``object`` into ``source``: same bytes, new reading."""

    kind: ClassVar[str] = "import.reread"
    version: ClassVar[int] = 2
    tables: ClassVar[tuple[str, ...]] = (
        "sources",
        "imports",
        "records",
        "problems",
        "persons",
        "evidence_links",
        "timeline",
    )


def apply_reread(event: ListReread, conn: Connection, objects: ObjectStore) -> Outcome:
    old = importer.reading_held(conn, event.source, event.object)
    if old is None:  # nothing to supersede here (e.g. a bundle's re-read of a list not held)
        return apply_import(event, conn, objects)
    import_id = int(old["id"])
    before = {
        str(r.source_record_id): (int(r.id), r.person_id, r.match_probability)
        for r in conn.execute(
            select(
                records.c.id,
                records.c.source_record_id,
                records.c.person_id,
                records.c.match_probability,
            ).where(records.c.import_id == import_id)
        )
    }
    old_ids = {rid: srid for srid, (rid, _, _) in before.items()}
    pointing = _detach(conn, old_ids)
    conn.execute(delete(problems).where(problems.c.import_id == import_id))
    conn.execute(delete(records).where(records.c.import_id == import_id))

    recs = importer.records_from_parquet(_object(objects, event.records_object))
    found = importer.problems_from_parquet(_object(objects, event.problems_object))
    keep, repeated = importer.split_repeated(conn, event.source, recs)
    found = sorted(
        [*found, *(importer.repeated_problem(r, event.source) for r in repeated)],
        key=lambda p: p.row or 0,
    )
    importer.rewrite_import(
        conn,
        import_id,
        importer.ImportRow(
            source_id=int(old["source_id"]),
            object_sha256=event.object,
            file_name=event.file_name,
            file_format=event.format,
            encoding=event.encoding,
            mapping=event.mapping,
            rows_read=event.rows_read if event.rows_read is not None else len(recs),
            rows_rejected=event.rows_rejected + len(repeated),
            imported_at=old["imported_at"],
        ),
        keep,
        found,
    )
    after = {
        str(r.source_record_id): int(r.id)
        for r in conn.execute(
            select(records.c.id, records.c.source_record_id).where(records.c.import_id == import_id)
        )
    }
    kept = _carry_persons(conn, before, after)
    repointed, released = _reattach(conn, pointing, after)
    touched = {pid for _, pid, _ in before.values() if pid is not None}
    emptied = _recount(conn, touched)
    notes = [
        f"{event.file_name}: read again (version {int(old['version']) + 1} of this import): "
        f"{len(before)} record(s) before, {len(keep)} now, {kept} kept their person"
    ]
    if released:
        notes.append(f"{released} evidence or timeline link(s) released: their record is gone")
    if emptied:
        notes.append(f"{emptied} person(s) left with no record were removed; re-link")
    return Outcome(
        {
            "records": len(keep),
            "rejected": event.rows_rejected + len(repeated),
            "replaced": len(before),
            "kept_person": kept,
            "repointed": repointed,
            "released": released,
        },
        tuple(notes),
    )


def _object(objects: ObjectStore, sha: str | None) -> bytes:
    if sha is None:
        raise ValueError("a re-read names its records and problems objects")
    return objects.path_of(sha).read_bytes()


def _detach(conn: Connection, old_ids: dict[int, str]) -> list[tuple[Any, int, str]]:
    """Unhook evidence and timeline rows from the records about to go; remember them."""
    held: list[tuple[Any, int, str]] = []
    if not old_ids:
        return held
    for table in _POINTERS:
        rows = conn.execute(
            select(table.c.id, table.c.record_id).where(table.c.record_id.in_(list(old_ids)))
        ).all()
        for row in rows:
            held.append((table, int(row.id), old_ids[int(row.record_id)]))
        if rows:
            conn.execute(
                update(table).where(table.c.id.in_([r.id for r in rows])).values(record_id=None)
            )
    return held


def _reattach(
    conn: Connection, held: list[tuple[Any, int, str]], after: dict[str, int]
) -> tuple[int, int]:
    repointed = released = 0
    for table, row_id, srid in held:
        new_id = after.get(srid)
        if new_id is None:
            released += 1
            continue
        conn.execute(update(table).where(table.c.id == row_id).values(record_id=new_id))
        repointed += 1
    return repointed, released


def _carry_persons(
    conn: Connection,
    before: dict[str, tuple[int, Any, Any]],
    after: dict[str, int],
) -> int:
    moves = [
        {"rid": after[srid], "pid": pid, "prob": prob}
        for srid, (_, pid, prob) in before.items()
        if pid is not None and srid in after
    ]
    if moves:
        conn.execute(
            update(records)
            .where(records.c.id == bindparam("rid"))
            .values(person_id=bindparam("pid"), match_probability=bindparam("prob")),
            moves,
        )
    return len(moves)


def _recount(conn: Connection, person_ids: Iterable[int]) -> int:
    """Bring the touched persons' record and source counts up to date; drop the empty."""
    ids = sorted(person_ids)
    if not ids:
        return 0
    counts = {
        int(r.person_id): (int(r.n), int(r.s))
        for r in conn.execute(
            select(
                records.c.person_id,
                func.count().label("n"),
                func.count(records.c.source_id.distinct()).label("s"),
            )
            .where(records.c.person_id.in_(ids))
            .group_by(records.c.person_id)
        )
    }
    for pid, (n, s) in counts.items():
        conn.execute(update(persons).where(persons.c.id == pid).values(n_records=n, n_sources=s))
    empty = [pid for pid in ids if pid not in counts]
    if empty:
        for table in _POINTERS:
            conn.execute(update(table).where(table.c.person_id.in_(empty)).values(person_id=None))
        conn.execute(delete(persons).where(persons.c.id.in_(empty)))
    return len(empty)

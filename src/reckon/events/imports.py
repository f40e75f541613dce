"""Applying ``import``: a list's records, problems and import row reach the database.

The records come from the event's Parquet object, exactly as the import read
them. A version-1 event (from before the object existed) is replayed by
reading its raw file again with today's normalizers, and says so.

Pure of local checks: a source already known here is used as it is, whatever
kind the event gives it; records whose id the source already holds are skipped
and listed as problems; an import this database already has is not repeated.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection

from reckon.events.base import Outcome, progress
from reckon.events.kinds import ListImported
from reckon.ingest import importer
from reckon.ingest.mapping import Mapping
from reckon.ingest.readers import read_table
from reckon.vault.objects import ObjectStore

log = logging.getLogger("reckon.events.imports")


def apply_import(event: ListImported, conn: Connection, objects: ObjectStore) -> Outcome:
    if importer.import_exists(conn, event.source, event.object):
        return Outcome({"records": 0, "rejected": 0}, (f"{event.file_name}: already imported",))
    notes: list[str] = []
    if event.records_object is not None and event.problems_object is not None:
        recs = importer.records_from_parquet(objects.path_of(event.records_object).read_bytes())
        found = importer.problems_from_parquet(objects.path_of(event.problems_object).read_bytes())
        rows_read = event.rows_read if event.rows_read is not None else len(recs)
        rejected = event.rows_rejected
        file_format = event.format
        encoding = event.encoding
    else:
        table = read_table(
            objects.path_of(event.object),
            encoding=event.encoding,
            sheet=event.sheet,
            fmt=event.format,
            delimiter=event.delimiter,
            limits=None,  # the import was accepted when it was made
        )
        table.file = event.file_name
        mapping = Mapping(
            columns=dict(event.mapping["columns"]),
            calendar=event.mapping["calendar"],
            event_type=event.mapping.get("event_type"),
            origin="log",
        )
        plan = importer.plan_import(table, mapping, event.object)
        recs, found = plan.records, plan.problems
        rows_read, rejected = len(table.rows), len(plan.rejects)
        file_format, encoding = table.format, table.encoding
        notes.append(
            f"{event.file_name}: logged without its normalized records; read again "
            "from the raw file with this reckon's normalizers"
        )
        log.warning("%s", notes[-1])
    keep, repeated = importer.split_repeated(conn, event.source, recs)
    found = sorted(
        [*found, *(importer.repeated_problem(r, event.source) for r in repeated)],
        key=lambda p: p.row or 0,
    )
    source_id = importer.source_id(conn, event.source, event.list_kind, event.time)
    row = importer.ImportRow(
        source_id=source_id,
        object_sha256=event.object,
        file_name=event.file_name,
        file_format=file_format,
        encoding=encoding,
        mapping=event.mapping,
        rows_read=rows_read,
        rows_rejected=rejected + len(repeated),
        imported_at=event.time,
    )
    importer.write_import(conn, row, keep, found, progress())
    return Outcome({"records": len(keep), "rejected": rejected + len(repeated)}, tuple(notes))

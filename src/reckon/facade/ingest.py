"""``case.ingest``: lists read into records, one logged event per file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from reckon.errors import CaseError
from reckon.events import faults
from reckon.events.base import reporting
from reckon.events.kinds import ListImported
from reckon.events.reread import ListReread
from reckon.ingest.importer import (
    AlreadyThere,
    ImportReport,
    PreparedImport,
    Progress,
    already,
    finish_import,
    prepare_import,
    problems_to_parquet,
    records_to_parquet,
    still_new,
)

if TYPE_CHECKING:
    from reckon.case import Case


class Ingest:
    """Importing lists into a case."""

    def __init__(self, case: Case) -> None:
        self._case = case

    def import_file(
        self,
        path: Path,
        *,
        source: str,
        kind: str,
        mapping_path: Path | None = None,
        id_column: str | None = None,
        strict: bool = False,
        encoding: str | None = None,
        sheet: str | None = None,
        delimiter: str | None = None,
        header_row: int | None = None,
        allow_large: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Import one list (CSV, XLSX, ODS, JSON Lines) as one logged transaction.

        The raw file is kept byte-exact in the vault with the normalized records
        and the problems (Parquet), which the event names; the same bytes twice
        are a no-op that says so. Raises ``InputError`` (file, row, column, value)
        or ``MappingNeeded`` (with a mapping ``template`` to complete)."""
        case = self._case
        prepared = prepare_import(
            case.engine,
            path,
            source=source,
            kind=kind,
            mapping_path=mapping_path,
            id_column=id_column,
            strict=strict,
            encoding=encoding,
            sheet=sheet,
            delimiter=delimiter,
            header_row=header_row,
            allow_large=allow_large,
            progress=progress,
        )
        if isinstance(prepared, ImportReport):
            return prepared
        event = self._store(prepared)
        try:
            with reporting(progress):
                # the duplicate check again, inside the transaction under the write lock
                check = still_new(prepared.source, prepared.sha256, prepared.held)
                outcome = case.record(event, check=check).outcome
        except AlreadyThere as exc:
            return already(prepared.path.name, prepared.source, prepared.sha256, exc.source)
        except SQLAlchemyError as exc:
            # e.g. another import holding SQLite's write lock, or a server gone away: the
            # transaction rolled back, so say so in one line rather than a traceback
            cause = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise CaseError(f"the database refused the import ({cause}); try again") from None
        except KeyboardInterrupt:
            # Ctrl-C after the event reached the log but before the commit: the log is the
            # truth, so the import is finished from it rather than left for the next open
            if case.catch_up():
                raise CaseError(
                    "interrupted, but the import had already been logged: it is now complete"
                ) from None
            raise
        report = finish_import(
            prepared, outcome.count("records"), outcome.count("rejected"), case.path
        )
        report.replaced = outcome.count("replaced")
        report.kept_person = outcome.count("kept_person")
        return report

    def _store(self, prepared: PreparedImport) -> ListImported:
        """The raw file, the records and the problems into the vault; the event naming them."""
        case, table, plan = self._case, prepared.table, prepared.plan
        stamp = case.stamp()  # the signing key is unlocked (or refused) before anything is stored
        role = {"original_name": prepared.path.name, "source": prepared.source}
        case.vault.put_bytes(prepared.data, {**role, "role": "list"})
        records_sha = case.vault.put_bytes(
            records_to_parquet(plan.records), {**role, "role": "records"}
        )
        problems_sha = case.vault.put_bytes(
            problems_to_parquet(plan.problems), {**role, "role": "problems"}
        )
        faults.reach(faults.BEFORE_EVENT)
        # the same bytes into the same source, read another way: a new version (a mend)
        event_type = ListImported if prepared.held is None else ListReread
        return event_type(
            **stamp,
            source=prepared.source,
            list_kind=prepared.kind,
            object=prepared.sha256,
            file_name=prepared.path.name,
            format=table.format,
            encoding=table.encoding,
            delimiter=table.delimiter,
            sheet=prepared.sheet,
            mapping=prepared.mapping.as_dict(),
            records_object=records_sha,
            problems_object=problems_sha,
            rows_read=len(table.rows),
            rows_rejected=len(plan.rejects),
        )

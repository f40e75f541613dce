"""Importing a list into a case: one file, one transaction, one logged event.

The raw file goes byte-exact into the vault under its SHA-256; its rows become
records. The event names the object and the options, so replaying the log
re-runs exactly this import (``APPLIERS["import"]``) and gives the same rows.

A row with an unreadable field is imported with that field empty (the raw row
keeps it, a problem lists it); only a row that cannot form a record goes to
``rejects/<file>-<sha>.rejects.csv`` with its reason, every cell neutralised
against spreadsheet formulas. ``strict`` imports nothing if any row has any
problem. The same bytes imported twice are a no-op that says so.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Date, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from reckon.case import Case, applier
from reckon.errors import CaseError, InputError, MappingError
from reckon.exports import safe_cell
from reckon.ingest.fields import read_row
from reckon.ingest.mapping import IDENTIFYING, Mapping, load_mapping, recognise, template
from reckon.ingest.readers import Table, iter_cells, read_table
from reckon.ingest.workbooks import DEFAULT_LIMITS
from reckon.store.schema import SOURCE_KINDS, imports, problems, records, sources

log = logging.getLogger("reckon.ingest")

# (what is being done, how far, out of how many): "reading rows", then "writing records"
Progress = Callable[[str, int, int], None]
CHUNK = 5000
MAX_ID = 200  # records.source_record_id and sources.name are String(200)
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


class MappingNeeded(MappingError):
    """The columns were not recognised; ``template`` is a mapping file to complete."""

    template: str = ""


class _AlreadyImported(CaseError):
    """The same bytes landed meanwhile (another import of the file, under any source)."""


@dataclass
class Problem:
    row: int | None
    column: str | None
    value: str | None
    reason: str
    severity: str  # "field": imported with the field empty; "rejected": not imported

    def __str__(self) -> str:
        return str(InputError(self.reason, row=self.row, column=self.column, value=self.value))


@dataclass
class Plan:
    """What an import will write: records, problems and rejected rows."""

    table: Table
    mapping: Mapping
    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rejects: list[tuple[int, str, list[str]]] = field(default_factory=list)
    blank_rows: int = 0
    written: int = 0


@dataclass
class ImportReport:
    file: str
    source: str
    sha256: str
    format: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    mapping: dict[str, Any] = field(default_factory=dict)
    mapping_origin: str | None = None
    unmapped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0
    records_imported: int = 0
    rows_rejected: int = 0
    blank_rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    rejects_file: str | None = None
    already_imported: bool = False
    previous_source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "problems"}
        data["problems"] = [p.__dict__ for p in self.problems]
        return data


# --- planning: file -> rows -> records ------------------------------------------------


def resolve_mapping(table: Table, mapping_path: Path | None, id_column: str | None) -> Mapping:
    if mapping_path is not None:
        mapping = load_mapping(mapping_path, table.headers)
    else:
        mapping = recognise(table.headers)
        if not any(f in mapping.columns for f in IDENTIFYING):
            exc = MappingNeeded(
                "no column that names a person or counts an incident was recognised; "
                "complete the mapping printed on standard output and import again with "
                "--mapping FILE",
                file=table.file,
            )
            exc.template = template(table.headers, mapping)
            raise exc
    if id_column is not None:
        if id_column not in table.headers:
            raise InputError(
                f"--id-column {id_column!r} is not a column of the file "
                f"(its columns: {', '.join(table.headers)})",
                file=table.file,
            )
        mapping.columns["id"] = id_column
        mapping.unmapped = [h for h in mapping.unmapped if h != id_column]
    return mapping


def plan_import(
    table: Table, mapping: Mapping, sha256: str, progress: Progress | None = None
) -> Plan:
    """Read every row into a record, a rejected row or a blank; list every problem."""
    plan = Plan(table, mapping)
    ids = _RecordIds(mapping.column_for("id"), sha256)
    for row in table.rows:
        if row.cells is None:
            plan.rejects.append((row.number, row.problem or "broken line", [row.text or ""]))
            plan.problems.append(Problem(row.number, None, row.text, row.problem or "", "rejected"))
    for cp in table.problems:
        reason = f"sheet {cp.sheet!r}: {cp.reason}" if cp.sheet else cp.reason
        plan.problems.append(Problem(cp.row, cp.column, cp.value, reason, "field"))
    for header in mapping.unmapped:
        reason = "column neither mapped nor recognised: not read (kept verbatim in raw)"
        plan.problems.append(Problem(None, header, None, reason, "field"))
    total = len(table.rows)
    for done, (row, cells) in enumerate(iter_cells(table), start=1):
        if progress is not None and done % 1000 == 0:
            progress("reading rows", done, total)
        if not any(c.strip() for c in cells.values()):
            plan.blank_rows += 1
            continue
        read = read_row(cells, mapping)
        where = f"sheet {row.sheet!r}: " if row.sheet else ""
        if read.reject_reason is not None:
            plan.rejects.append((row.number, where + read.reject_reason, row.cells or []))
            plan.problems.append(
                Problem(row.number, None, None, where + read.reject_reason, "rejected")
            )
            continue
        for p in read.problems:
            plan.problems.append(Problem(row.number, p.column, p.value, where + p.reason, "field"))
        plan.problems.extend(_extra_cells(row.number, row.cells or [], len(table.headers)))
        if row.sheet:
            cells = {**cells, "_sheet": row.sheet}
        record_id = ids.assign(row.number, cells, plan.problems, row.sheet)
        plan.records.append(
            {
                **(_text_safe(read.values) if table.has_nul else read.values),
                "source_record_id": _no_nul(record_id),
                "row_number": row.number,
                "raw": cells,
            }
        )
    if progress is not None:
        progress("reading rows", total, total)
    plan.problems.sort(key=lambda p: p.row or 0)
    return plan


def _extra_cells(number: int, cells: list[str], width: int) -> list[Problem]:
    extra = [c for c in cells[width:] if c.strip()]
    if not extra:
        return []
    reason = f"{len(cells) - width} cell(s) beyond the header; kept in raw"
    return [Problem(number, None, " | ".join(extra), reason, "field")]


class _RecordIds:
    """The source's own record ids: read from the id column, else made from the row number."""

    def __init__(self, column: str | None, sha256: str) -> None:
        self.column = column
        self.prefix = sha256[:8]
        self.seen: dict[str, int] = {}

    def assign(
        self, number: int, cells: dict[str, str], problems: list[Problem], sheet: str | None = None
    ) -> str:
        col = self.column
        # «۱۲», «١٢» and "12" are one id: digits are folded (the raw row keeps them as written)
        record_id = cells.get(col, "").strip().translate(_DIGITS) if col else ""
        if len(record_id) > MAX_ID:
            reason = f"record id longer than {MAX_ID} characters; the row number is used"
            problems.append(Problem(number, col, record_id, reason, "field"))
            record_id = ""
        record_id = record_id or ":".join([self.prefix, *([sheet] if sheet else []), str(number)])
        if record_id not in self.seen:
            self.seen[record_id] = 1
            return record_id
        self.seen[record_id] += 1
        suffix = self.seen[record_id]
        reason = f"record id repeated in the file; kept with suffix #{suffix}"
        problems.append(Problem(number, col, record_id, reason, "field"))
        return f"{record_id}#{suffix}"


def _no_nul(text: str) -> str:
    # PostgreSQL text cannot hold NUL; the raw row (JSON) keeps it verbatim
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def _text_safe(values: dict[str, Any]) -> dict[str, Any]:
    return {k: _no_nul(v) if isinstance(v, str) else v for k, v in values.items()}


# --- applying: plan -> database ------------------------------------------------------------


def _ensure_source(conn: Connection, name: str, kind: str) -> int:
    row = conn.execute(select(sources.c.id, sources.c.kind).where(sources.c.name == name)).first()
    if row is not None:
        if row.kind != kind:
            raise InputError(
                f"source {name!r} is already a {row.kind} list; --kind {kind} differs "
                "(use another --source name for a different list)"
            )
        return int(row.id)
    return _insert_id(
        conn, insert(sources).values(name=name, kind=kind, created_at=datetime.now(UTC))
    )


def _insert_id(conn: Connection, statement: Any) -> int:
    key = conn.execute(statement).inserted_primary_key
    assert key is not None
    return int(key[0])


def apply_plan(
    conn: Connection,
    plan: Plan,
    payload: dict[str, Any],
    *,
    strict: bool = False,
    progress: Progress | None = None,
) -> tuple[int, int]:
    """Write a plan; returns (records written, rows rejected).

    Rows whose record id the source already holds from an earlier import are
    rejected with that reason (under ``strict``, the whole import is refused).
    """
    source_id = _ensure_source(conn, payload["source"], payload["kind"])
    existing = set(
        conn.execute(
            select(records.c.source_record_id).where(records.c.source_id == source_id)
        ).scalars()
    )
    keep = [rec for rec in plan.records if rec["source_record_id"] not in existing]
    repeated = [rec for rec in plan.records if rec["source_record_id"] in existing]
    if strict and repeated:
        raise InputError(
            f"--strict: {len(repeated)} row(s) repeat record ids that source "
            f"{payload['source']!r} already holds; nothing imported",
            file=payload["file_name"],
            row=repeated[0]["row_number"],
            value=repeated[0]["source_record_id"],
        )
    for rec in repeated:
        reason = (
            f"record id {rec['source_record_id']!r} is already in source "
            f"{payload['source']!r} from an earlier import"
        )
        plan.rejects.append((rec["row_number"], reason, list(rec["raw"].values())))
        plan.problems.append(Problem(rec["row_number"], None, None, reason, "rejected"))
    import_id = _insert_id(
        conn,
        insert(imports).values(
            source_id=source_id,
            object_sha256=payload["object"],
            file_name=payload["file_name"],
            file_format=plan.table.format,
            encoding=plan.table.encoding,
            mapping=plan.mapping.as_dict(),
            rows_read=len(plan.table.rows),
            records_imported=len(keep),
            rows_rejected=len(plan.rejects),
            problem_count=len(plan.problems),
            imported_at=datetime.now(UTC),
        ),
    )
    for start in range(0, len(keep), CHUNK):
        _insert_records(conn, keep[start : start + CHUNK], source_id, import_id)
        if progress is not None:
            progress("writing records", min(start + CHUNK, len(keep)), len(keep))
    if plan.problems:
        conn.execute(
            insert(problems),
            [
                {
                    "import_id": import_id,
                    "row_number": p.row,
                    "column_name": None if p.column is None else _no_nul(p.column),
                    "value": None if p.value is None else _no_nul(p.value),
                    "reason": _no_nul(p.reason),
                    "severity": p.severity,
                }
                for p in plan.problems
            ],
        )
    plan.written = len(keep)
    return len(keep), len(plan.rejects)


_RECORD_COLUMNS = [c.name for c in records.columns if c.name != "id"]
_DATE_COLUMNS = [c.name for c in records.columns if isinstance(c.type, Date)]
_BLANK_RECORD: dict[str, Any] = dict.fromkeys(_RECORD_COLUMNS)
_as_tuple = itemgetter(*_RECORD_COLUMNS)


def _insert_records(
    conn: Connection, batch: list[dict[str, Any]], source_id: int, import_id: int
) -> None:
    """Insert records in bulk: COPY on PostgreSQL, the driver's executemany elsewhere.

    The statement is the Core table's INSERT compiled once for the dialect;
    the per-row work (JSON for ``raw``, ISO dates on SQLite) is done here.
    SQLAlchemy's own per-row bind processing was about half of a 100,000-row
    import.
    """
    sql = str(insert(records).inline().compile(dialect=conn.dialect, column_keys=_RECORD_COLUMNS))
    sqlite = conn.dialect.name == "sqlite"
    fixed = {"source_id": source_id, "import_id": import_id}
    rows = []
    for rec in batch:
        row = {**_BLANK_RECORD, **rec, **fixed, "raw": json.dumps(rec["raw"], ensure_ascii=False)}
        if sqlite:
            for name in _DATE_COLUMNS:
                if row[name] is not None:
                    row[name] = row[name].isoformat()
        rows.append(row)
    if conn.dialect.name == "postgresql":
        _copy_records(conn, rows)
    elif conn.dialect.paramstyle == "qmark":
        conn.exec_driver_sql(sql, [_as_tuple(row) for row in rows])
    else:
        conn.exec_driver_sql(sql, rows)


def _copy_records(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL: COPY, inside the same transaction, several times faster than executemany."""
    dbapi: Any = conn.connection.dbapi_connection  # psycopg 3
    columns = ", ".join(_RECORD_COLUMNS)
    with dbapi.cursor() as cur, cur.copy(f"COPY {records.name} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(_as_tuple(row))


# --- the whole import ------------------------------------------------------------------


def import_file(
    case: Case,
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
    """Import one list as one logged transaction; see the module docstring."""
    if kind not in SOURCE_KINDS:
        raise InputError(f"--kind must be one of {', '.join(SOURCE_KINDS)}, not {kind!r}")
    source = source.strip()
    if not source:
        raise InputError("--source needs a name")
    if len(source) > MAX_ID:
        raise InputError(f"--source name is longer than {MAX_ID} characters")
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", file=str(path)) from None
    sha = hashlib.sha256(data).hexdigest()
    previous = _previous_import(case, sha)
    if previous is not None:
        # the same bytes are in the case already: a no-op that says so
        return _already(path.name, source, sha, previous)
    # the bytes hashed are the bytes read and the bytes kept: a file changing meanwhile
    # cannot make the log name an object other than the one imported
    table = read_table(
        path,
        encoding=encoding,
        sheet=sheet,
        delimiter=delimiter,
        data=data,
        header_row=header_row,
        limits=None if allow_large else DEFAULT_LIMITS,
    )
    mapping = resolve_mapping(table, mapping_path, id_column)
    plan = plan_import(table, mapping, sha, progress)
    if strict and plan.problems:
        first = plan.problems[0]
        raise InputError(
            f"--strict: {len(plan.problems)} problem(s), nothing imported; first: {first.reason}",
            file=path.name,
            row=first.row,
            column=first.column,
            value=first.value,
        )
    payload: dict[str, Any] = {
        "source": source,
        "kind": kind,
        "object": sha,
        "file_name": path.name,
        "format": table.format,
        "encoding": table.encoding,
        "delimiter": table.delimiter,
        "sheet": sheet,
        "mapping": mapping.as_dict(),
    }
    if header_row is not None:
        payload["header_row"] = header_row
    case.vault.put_bytes(data, {"original_name": path.name, "role": "list", "source": source})
    try:
        written, rejected = case.record(
            "import",
            payload,
            lambda conn: _apply_once(conn, plan, payload, strict=strict, progress=progress),
        )
    except _AlreadyImported as exc:
        return _already(path.name, source, sha, str(exc))
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
    rejects_file = write_rejects(case, path.name, sha, plan) if plan.rejects else None
    log.info("imported %d records (%d rejected) from object %s", written, rejected, sha[:12])
    return ImportReport(
        file=path.name,
        source=source,
        sha256=sha,
        format=table.format,
        encoding=table.encoding,
        delimiter=table.delimiter,
        mapping=mapping.as_dict(),
        mapping_origin=mapping.origin,
        unmapped=mapping.unmapped,
        notes=table.notes,
        rows_read=len(table.rows),
        records_imported=written,
        rows_rejected=rejected,
        blank_rows=plan.blank_rows,
        problems=plan.problems,
        rejects_file=str(rejects_file) if rejects_file else None,
    )


def _already(file: str, source: str, sha: str, previous: str) -> ImportReport:
    return ImportReport(
        file=file, source=source, sha256=sha, already_imported=True, previous_source=previous
    )


def _apply_once(
    conn: Connection,
    plan: Plan,
    payload: dict[str, Any],
    *,
    strict: bool,
    progress: Progress | None,
) -> tuple[int, int]:
    """``apply_plan``, after checking inside the transaction that the bytes are new.

    Two imports of one file started together both pass the check made before
    reading; this one, under the write transaction, lets only one land. SQLite
    serialises writers (the second fails and is told to try again, then finds
    the file imported); PostgreSQL is made to by a lock held until commit.
    """
    sha = payload["object"]
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": int(sha[:15], 16)})
    row = conn.execute(
        select(sources.c.name)
        .select_from(imports.join(sources))
        .where(imports.c.object_sha256 == sha)
    ).first()
    if row is not None:
        raise _AlreadyImported(str(row.name))
    return apply_plan(conn, plan, payload, strict=strict, progress=progress)


def _previous_import(case: Case, sha: str) -> str | None:
    with case.engine.connect() as conn:
        row = conn.execute(
            select(sources.c.name)
            .select_from(imports.join(sources))
            .where(imports.c.object_sha256 == sha)
        ).first()
    return None if row is None else str(row.name)


def write_rejects(case: Case, file_name: str, sha: str, plan: Plan) -> Path:
    """The rows that could not form a record, with the reason, beside the case.

    Every cell goes through ``safe_cell``: the file is meant to be opened in a
    spreadsheet, and a list's cells are untrusted text.
    """
    folder = case.path / "rejects"
    folder.mkdir(exist_ok=True)
    target = folder / f"{Path(file_name).stem}-{sha[:8]}.rejects.csv"
    with target.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["row", "reason", *(safe_cell(h) for h in plan.table.headers)])
        for number, reason, cells in sorted(plan.rejects, key=lambda r: r[0]):
            writer.writerow([number, safe_cell(reason), *(safe_cell(c) for c in cells)])
    return target


@applier("import")
def _replay_import(case: Case, conn: Connection, payload: dict[str, Any]) -> None:
    """Re-run a logged import from its vault object."""
    obj = case.vault.object_path(payload["object"])
    table = read_table(
        obj,
        encoding=payload.get("encoding"),
        sheet=payload.get("sheet"),
        fmt=payload["format"],
        delimiter=payload.get("delimiter"),
        header_row=payload.get("header_row"),
        limits=None,  # the import was accepted when it was made
    )
    table.file = payload["file_name"]
    m = payload["mapping"]
    mapping = Mapping(
        columns=dict(m["columns"]),
        calendar=m["calendar"],
        event_type=m.get("event_type"),
        origin="log",
    )
    plan = plan_import(table, mapping, payload["object"])
    apply_plan(conn, plan, payload)
    if plan.rejects:
        write_rejects(case, payload["file_name"], payload["object"], plan)

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
import io
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Connection, Date, Float, Integer, insert, select
from sqlalchemy.exc import SQLAlchemyError

from reckon.errors import CaseError, InputError, MappingError
from reckon.exports import safe_cell
from reckon.ingest.fields import read_row
from reckon.ingest.mapping import IDENTIFYING, Mapping, load_mapping, recognise, template
from reckon.ingest.readers import Table, iter_cells, read_table
from reckon.ingest.workbooks import DEFAULT_LIMITS
from reckon.store.schema import SOURCE_KINDS, imports, problems, records, sources

if TYPE_CHECKING:
    from reckon.case import Case

log = logging.getLogger("reckon.ingest")

# (what is being done, how far, out of how many): "reading rows", then "writing records"
Progress = Callable[[str, int, int], None]
CHUNK = 5000
MAX_ID = 200  # records.source_record_id and sources.name are String(200)
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


class MappingNeeded(MappingError):
    """The columns were not recognised; ``template`` is a mapping file to complete."""

    template: str = ""


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


# --- applying: records -> database (the ``import`` event's applier calls these) ----------


def check_source(conn: Connection, name: str, kind: str) -> None:
    """Refuse a list whose source name this case already gives another kind.

    A check of the command, never of the applier: a bundle from another laptop
    where the name has another kind still applies (to the source as it is here).
    """
    row = conn.execute(select(sources.c.kind).where(sources.c.name == name)).first()
    if row is not None and row.kind != kind:
        raise InputError(
            f"source {name!r} is already a {row.kind} list; --kind {kind} differs "
            "(use another --source name for a different list)"
        )


def source_id(conn: Connection, name: str, kind: str, created_at: datetime) -> int:
    """The id of the source called ``name``, made (with ``kind``) when it is new."""
    row = conn.execute(select(sources.c.id).where(sources.c.name == name)).first()
    if row is not None:
        return int(row.id)
    return _insert_id(conn, insert(sources).values(name=name, kind=kind, created_at=created_at))


def _insert_id(conn: Connection, statement: Any) -> int:
    key = conn.execute(statement).inserted_primary_key
    assert key is not None
    return int(key[0])


def split_repeated(
    conn: Connection, source: str, recs: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(records to write, records whose id the source already holds from an earlier import)."""
    existing = set(
        conn.execute(
            select(records.c.source_record_id)
            .join(sources, sources.c.id == records.c.source_id)
            .where(sources.c.name == source)
        ).scalars()
    )
    keep = [rec for rec in recs if rec["source_record_id"] not in existing]
    repeated = [rec for rec in recs if rec["source_record_id"] in existing]
    return keep, repeated


def repeated_problem(rec: dict[str, Any], source: str) -> Problem:
    reason = (
        f"record id {rec['source_record_id']!r} is already in source {source!r} "
        "from an earlier import"
    )
    return Problem(rec["row_number"], None, None, reason, "rejected")


@dataclass(frozen=True)
class ImportRow:
    """The ``imports`` row of one import, as its event gives it."""

    source_id: int
    object_sha256: str
    file_name: str
    file_format: str
    encoding: str | None
    mapping: dict[str, Any]
    rows_read: int
    rows_rejected: int
    imported_at: datetime


def write_import(
    conn: Connection,
    row: ImportRow,
    recs: list[dict[str, Any]],
    found: list[Problem],
    progress: Progress | None = None,
) -> int:
    """Insert one import, its records and its problems; returns the import's id."""
    import_id = _insert_id(
        conn,
        insert(imports).values(
            source_id=row.source_id,
            object_sha256=row.object_sha256,
            file_name=row.file_name,
            file_format=row.file_format,
            encoding=row.encoding,
            mapping=row.mapping,
            rows_read=row.rows_read,
            records_imported=len(recs),
            rows_rejected=row.rows_rejected,
            problem_count=len(found),
            imported_at=row.imported_at,
        ),
    )
    for start in range(0, len(recs), CHUNK):
        _insert_records(conn, recs[start : start + CHUNK], row.source_id, import_id)
        if progress is not None:
            progress("writing records", min(start + CHUNK, len(recs)), len(recs))
    if found:
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
                for p in found
            ],
        )
    return import_id


def import_exists(conn: Connection, source: str, sha256: str) -> bool:
    query = (
        select(imports.c.id)
        .join(sources, sources.c.id == imports.c.source_id)
        .where(sources.c.name == source, imports.c.object_sha256 == sha256)
    )
    return conn.execute(query).first() is not None


# --- the normalized records and problems of an import, as Parquet in the vault ----------


def _arrow_type(column: Any) -> Any:
    import pyarrow as pa

    kind = column.type
    if isinstance(kind, Date):
        return pa.date32()
    if isinstance(kind, Boolean):
        return pa.bool_()
    if isinstance(kind, Integer):
        return pa.int64()
    if isinstance(kind, Float):
        return pa.float64()
    return pa.string()  # text, and ``raw`` as JSON text


# what a record carries in the import's Parquet object: every column but the ones the
# database assigns (ids) or linkage fills in
_STORED_COLUMNS = [
    c
    for c in records.columns
    if c.name not in ("id", "source_id", "import_id", "person_id", "match_probability")
]


def records_to_parquet(recs: list[dict[str, Any]]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c.name, _arrow_type(c)) for c in _STORED_COLUMNS])
    # built by column: several times faster than from row dicts
    columns = {
        c.name: [json.dumps(rec["raw"], ensure_ascii=False) for rec in recs]
        if c.name == "raw"
        else [rec.get(c.name) for rec in recs]
        for c in _STORED_COLUMNS
    }
    table = pa.Table.from_pydict(columns, schema=schema)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def records_from_parquet(data: bytes) -> list[dict[str, Any]]:
    """The records of an import's object; ``raw`` stays the JSON text it was stored as."""
    import pyarrow.parquet as pq

    columns = pq.read_table(io.BytesIO(data)).to_pydict()
    # a column a later reckon added is absent from an older object: left empty
    columns.setdefault("is_incident", [False] * len(columns.get("raw", [])))
    names = list(columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]


_PROBLEM_FIELDS = ("row", "column", "value", "reason", "severity")


def problems_to_parquet(found: list[Problem]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("row", pa.int64()),
            ("column", pa.string()),
            ("value", pa.string()),
            ("reason", pa.string()),
            ("severity", pa.string()),
        ]
    )
    table = pa.Table.from_pylist(
        [{f: getattr(p, f) for f in _PROBLEM_FIELDS} for p in found], schema
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def problems_from_parquet(data: bytes) -> list[Problem]:
    import pyarrow.parquet as pq

    return [Problem(**row) for row in pq.read_table(io.BytesIO(data)).to_pylist()]


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
        raw = rec["raw"]  # JSON text when read back from the import's object
        text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
        row = {**_BLANK_RECORD, **rec, **fixed, "raw": text}
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
    with case.engine.connect() as conn:
        check_source(conn, source, kind)
        _, repeated = split_repeated(conn, source, plan.records)
    if strict and repeated:
        raise InputError(
            f"--strict: {len(repeated)} row(s) repeat record ids that source "
            f"{source!r} already holds; nothing imported",
            file=path.name,
            row=repeated[0]["row_number"],
            value=repeated[0]["source_record_id"],
        )
    from reckon.events import faults
    from reckon.events.base import reporting
    from reckon.events.kinds import ListImported

    case.stamp()  # the signing key is unlocked (or refused) before anything is stored
    role = {"original_name": path.name, "source": source}
    case.vault.put_bytes(data, {**role, "role": "list"})
    records_sha = case.vault.put_bytes(
        records_to_parquet(plan.records), {**role, "role": "records"}
    )
    problems_sha = case.vault.put_bytes(
        problems_to_parquet(plan.problems), {**role, "role": "problems"}
    )
    faults.reach(faults.BEFORE_EVENT)
    event = ListImported(
        **case.stamp(),
        source=source,
        list_kind=kind,
        object=sha,
        file_name=path.name,
        format=table.format,
        encoding=table.encoding,
        delimiter=table.delimiter,
        sheet=sheet,
        mapping=mapping.as_dict(),
        records_object=records_sha,
        problems_object=problems_sha,
        rows_read=len(table.rows),
        rows_rejected=len(plan.rejects),
    )
    try:
        with reporting(progress):
            outcome = case.record(event).outcome
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
    for rec in repeated:  # the applier skipped these (and listed them) the same way
        found = repeated_problem(rec, source)
        plan.rejects.append((rec["row_number"], found.reason, list(rec["raw"].values())))
        plan.problems.append(found)
    plan.problems.sort(key=lambda p: p.row or 0)
    written, rejected = outcome.count("records"), outcome.count("rejected")
    plan.written = written
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

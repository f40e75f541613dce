"""``case.records``: records entered by hand (a form, not a list) and edits of a field.

A hand entry is read as a list's row is (the same field names, the same
normalizers), so it links and counts like any record. An edit sets one field of
one record and names the edits of that field it replaces (``base``), so edits
made apart on two devices are both kept and shown as a conflict.
"""

from __future__ import annotations

from collections.abc import Mapping as MappingOf
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Date, Integer, select

from reckon.errors import InputError
from reckon.events.kinds import RecordEdited, RecordEntered
from reckon.events.records import EDITABLE
from reckon.events.write import Recorded
from reckon.ingest.fields import read_row
from reckon.ingest.importer import MAX_ID, check_source
from reckon.ingest.mapping import FIELDS, Mapping
from reckon.store.schema import SOURCE_KINDS, sources
from reckon.store.schema import records as records_table
from reckon.vault.bundles import all_events, field_conflicts

if TYPE_CHECKING:
    from reckon.case import Case

# what a form gives: a list's fields, less the two that only a list has
ENTERED = tuple(f for f in FIELDS if f not in ("id", "count"))


class Records:
    """Records entered and edited one at a time."""

    def __init__(self, case: Case) -> None:
        self._case = case

    def enter(
        self, *, source: str, kind: str, record_id: str, fields: MappingOf[str, Any]
    ) -> Recorded:
        """One record of ``source`` (a list of ``kind``; made by the first entry) with
        its id there and its fields as written: ``full_name``, ``given_name``,
        ``family_name``, ``father_name``, ``sex``, ``age``, ``birth_year``,
        ``event_type``, ``date``, ``place``, ``province``, ``county``, ``city``,
        ``cause``, ``notes``. They are read as a list's cells are; a field that cannot
        be read stops the entry (``InputError`` naming it), nothing is recorded."""
        source, record_id = _name(source, "source"), _name(record_id, "record_id")
        if kind not in SOURCE_KINDS:
            raise InputError(f"kind= must be one of {', '.join(SOURCE_KINDS)}", value=kind)
        unknown = sorted(set(fields) - set(ENTERED))
        if unknown:
            raise InputError(
                f"fields= takes {', '.join(ENTERED)}; not {', '.join(unknown)}",
                column=unknown[0],
            )
        cells = {k: "" if v is None else str(v) for k, v in fields.items()}
        read = read_row(cells, Mapping(columns={k: k for k in cells}, origin="entered"))
        if read.problems:
            first = read.problems[0]
            raise InputError(first.reason, column=first.column, value=first.value)
        if read.reject_reason and not read.unnamed:
            raise InputError(read.reject_reason)
        case = self._case
        with case.engine.connect() as conn:
            check_source(conn, source, kind)
            if _record_exists(conn, source, record_id):
                raise InputError(
                    f"source {source!r} already has a record with this id",
                    value=record_id,
                    hint="change its fields with case.records.edit",
                )
        values = {k: _plain(v) for k, v in read.values.items() if v is not None and k in EDITABLE}
        event = RecordEntered(
            **case.stamp(),
            source=source,
            list_kind=kind,
            source_record_id=record_id,
            values=values,
            raw=cells,
        )
        return case.record(event)

    def edit(self, *, source: str, record_id: str, field: str, value: Any) -> Recorded:
        """Set one field of one record (any field a list's row gives, as stored: e.g.
        ``full_name``, ``sex``, ``age``, ``date_start`` as ISO 8601, ``province_code``);
        ``None`` empties it. The edit replaces the edits of that field this case holds."""
        source, record_id = _name(source, "source"), _name(record_id, "record_id")
        if field not in EDITABLE:
            raise InputError(f"field= must be one of {', '.join(EDITABLE)}", value=field)
        stored = _typed(field, value)
        case = self._case
        with case.engine.connect() as conn:
            if not _record_exists(conn, source, record_id):
                raise InputError(
                    f"no record {source}:{record_id} in this case to edit",
                    hint="enter it with case.records.enter",
                )
        target = f"{source}:{record_id}"
        event = RecordEdited(
            **case.stamp(),
            target=target,
            field=field,
            value=stored,
            base=self._heads(target, field),
        )
        return case.record(event)

    def _heads(self, target: str, field: str) -> tuple[str, ...]:
        """The edits of this field no other edit replaces: the ones a new edit replaces."""
        edits = [
            e
            for e in all_events(self._case.vault)
            if e.kind == RecordEdited.kind
            and e.payload.get("target") == target
            and e.payload.get("field") == field
        ]
        if not edits:
            return ()
        replaced = {b for e in edits for b in (e.payload.get("base") or [])}
        heads = {e.hash for e in edits if e.hash not in replaced}
        for conflict in field_conflicts(edits):
            heads |= set(conflict["events"])
        return tuple(sorted(heads))


def _name(text: str, what: str) -> str:
    text = str(text).strip()
    if not text:
        raise InputError(f"{what}= needs a name")
    if len(text) > MAX_ID:
        raise InputError(f"{what}= is longer than {MAX_ID} characters", value=text[:60])
    return text


def _record_exists(conn: Any, source: str, record_id: str) -> bool:
    found = conn.execute(
        select(records_table.c.id)
        .select_from(records_table.join(sources))
        .where(sources.c.name == source, records_table.c.source_record_id == record_id)
    ).first()
    return found is not None


def _typed(field: str, value: Any) -> Any:
    """``value`` checked against the field's column, as the log holds it (no floats)."""
    if value is None or value == "":
        return None
    kind = records_table.c[field].type
    text = str(value).strip()
    try:
        if isinstance(kind, Date):
            return date.fromisoformat(text).isoformat()
        if isinstance(kind, Boolean):
            if text.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(text)
            return text.lower() in ("true", "1", "yes")
        if isinstance(kind, Integer):
            return int(text)
    except ValueError:
        wanted = (
            "an ISO 8601 date" if isinstance(kind, Date) else f"a {type(kind).__name__.lower()}"
        )
        raise InputError(
            f"field {field!r} takes {wanted}",
            column=field,
            value=text,
        ) from None
    return text


def _plain(value: Any) -> Any:
    """A normalized value as the log holds it: dates as ISO text, no floats."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return int(value) if value.is_integer() else repr(value)
    return value

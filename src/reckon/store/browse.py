"""Reading records and persons page by page, for people looking at a case (the web app).

Redaction happens here, in the query: the caller names the columns it may show
(``columns``) and whether the raw row may leave the database (``with_raw``); a
column it may not show is never selected, so it cannot reach a template, a
fragment or an export by mistake.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select, tuple_

from reckon.store.schema import persons, records, sources, timeline

# Fields of a record anyone who may read the case may see: what a published list shows.
PUBLIC_COLUMNS = (
    "id",
    "source_record_id",
    "full_name",
    "given_name",
    "family_name",
    "father_name",
    "name_canonical",
    "sex",
    "age",
    "event_type",
    "date_text",
    "date_calendar",
    "date_precision",
    "date_start",
    "date_end",
    "place_text",
    "province_code",
    "county",
    "city",
    "cause",
    "is_incident",
    "count_min",
    "count_max",
    "person_id",
    "match_probability",
)
COUNT_CAP = 10_000
# Fields that can name a witness or informant: free notes (and the raw row, apart).
RESTRICTED_COLUMNS = ("notes",)


@dataclass(frozen=True)
class RecordFilter:
    """What a records page asks for; every part optional."""

    key: str | None = None  # the cross-script name key of the search text
    words: int = 1  # how many words the search text has
    source: str | None = None
    province: str | None = None
    event_type: str | None = None
    status: str | None = None  # the person's corroboration status
    date_from: date | None = None
    date_to: date | None = None
    only: Sequence[tuple[str, str]] | None = None  # (source, record id): "mine"
    extra: dict[str, Any] = field(default_factory=dict)


def _conditions(f: RecordFilter) -> list[Any]:
    where: list[Any] = []
    if f.key and f.words <= 1:
        # one word: a given or family name (or a whole name written as one), by its key,
        # looked up in the indexes
        where.append(
            or_(
                records.c.family_key == f.key,
                records.c.given_key == f.key,
                records.c.name_key == f.key,
            )
        )
    elif f.key:
        where.append(records.c.name_key.contains(f.key, autoescape=True))
    if f.source:
        where.append(sources.c.name == f.source)
    if f.province:
        where.append(records.c.province_code == f.province)
    if f.event_type:
        where.append(records.c.event_type == f.event_type)
    if f.status:
        where.append(persons.c.status == f.status)
    if f.date_from:
        where.append(records.c.date_end >= f.date_from)
    if f.date_to:
        where.append(records.c.date_start <= f.date_to)
    if f.only is not None:
        keys = list(f.only)
        if not keys:
            where.append(records.c.id.is_(None))  # nothing of one's own yet
        else:
            where.append(tuple_(sources.c.name, records.c.source_record_id).in_(keys))
    return where


def _selected(columns: Sequence[str], with_raw: bool) -> list[Any]:
    chosen = [records.c[c] for c in columns]
    if with_raw:
        chosen.append(records.c.raw)
    return [*chosen, sources.c.name.label("source"), persons.c.status.label("status")]


def _joined(query: Any) -> Any:
    return query.select_from(
        records.join(sources, sources.c.id == records.c.source_id).outerjoin(
            persons, persons.c.id == records.c.person_id
        )
    )


def search_records(
    conn: Connection,
    f: RecordFilter,
    *,
    columns: Sequence[str],
    with_raw: bool,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[dict[str, Any]], int]:
    """One page of the records matching ``f`` (newest first) and how many match (at
    most ``COUNT_CAP + 1``: more than the cap)."""
    where = and_(True, *_conditions(f))
    # counted up to COUNT_CAP only: past it a page says "more than", and a common name
    # in a large case is not scanned to its end for a number nobody reads
    capped = _joined(select(records.c.id)).where(where).limit(COUNT_CAP + 1).subquery()
    total = conn.execute(select(func.count()).select_from(capped)).scalar_one()
    rows = conn.execute(
        _joined(select(*_selected(columns, with_raw)))
        .where(where)
        .order_by(records.c.id.desc())
        .limit(per_page)
        .offset(max(page - 1, 0) * per_page)
    )
    return [dict(r._mapping) for r in rows], int(total)


def record_by_id(
    conn: Connection, record_id: int, *, columns: Sequence[str], with_raw: bool
) -> dict[str, Any] | None:
    row = conn.execute(
        _joined(select(*_selected(columns, with_raw))).where(records.c.id == record_id)
    ).first()
    return dict(row._mapping) if row is not None else None


def record_by_key(
    conn: Connection, source: str, record_id: str, *, columns: Sequence[str], with_raw: bool
) -> dict[str, Any] | None:
    row = conn.execute(
        _joined(select(*_selected(columns, with_raw))).where(
            sources.c.name == source, records.c.source_record_id == record_id
        )
    ).first()
    return dict(row._mapping) if row is not None else None


def person_with_records(
    conn: Connection, person_id: int, *, columns: Sequence[str], with_raw: bool
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]] | None:
    """A person, every record linked to it, and its timeline; None when there is none."""
    found = conn.execute(select(persons).where(persons.c.id == person_id)).first()
    if found is None:
        return None
    linked = conn.execute(
        _joined(select(*_selected(columns, with_raw)))
        .where(records.c.person_id == person_id)
        .order_by(sources.c.name, records.c.source_record_id)
    )
    steps = conn.execute(
        select(timeline).where(timeline.c.person_id == person_id).order_by(timeline.c.date_start)
    )
    return (
        dict(found._mapping),
        [dict(r._mapping) for r in linked],
        [dict(s._mapping) for s in steps],
    )


def source_names(conn: Connection) -> list[str]:
    return list(conn.execute(select(sources.c.name).order_by(sources.c.name)).scalars())


def records_per_day(conn: Connection) -> list[tuple[date, int]]:
    """Records by their (first) date, for the dashboard's chart."""
    rows = conn.execute(
        select(records.c.date_start, func.count())
        .where(records.c.date_start.is_not(None))
        .group_by(records.c.date_start)
        .order_by(records.c.date_start)
    )
    return [(r[0], int(r[1])) for r in rows]

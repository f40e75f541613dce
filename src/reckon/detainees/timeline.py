"""A detainee's custody timeline read back, with where it leaves them and whether
they were a minor.

A detainee is a person of the linkage when their record has been linked (all the
person's records' steps make one timeline), else the record itself. Minors are
found wherever an age or birth date says so at the time of arrest: an age stated
at a step, a list's age of a record dated at or after the arrest (younger then
means younger at arrest), or a birth year; the reason is kept with the mark.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import jdatetime
from sqlalchemy import Connection, select

from reckon.detainees.steps import Dated, check_order, in_order
from reckon.errors import AgeError, InputError
from reckon.normalize.ages import read_age
from reckon.store.schema import custody_steps, records, sources


def _split(subject: str) -> tuple[str, str]:
    source, _, record_id = subject.partition(":")
    return source, record_id


def _record(conn: Connection, subject: str) -> Any:
    source, record_id = _split(subject)
    return conn.execute(
        select(records)
        .join(sources, sources.c.id == records.c.source_id)
        .where(sources.c.name == source, records.c.source_record_id == record_id)
    ).first()


def record_exists(conn: Connection, subject: str) -> bool:
    return _record(conn, subject) is not None


def steps_of(conn: Connection, subjects: Iterable[str]) -> list[dict[str, Any]]:
    """The steps recorded for these records, in recording order."""
    rows = conn.execute(
        select(custody_steps)
        .where(custody_steps.c.subject.in_(list(subjects)))
        .order_by(custody_steps.c.id)
    )
    return [dict(r._mapping) for r in rows]


@dataclass(frozen=True)
class Minor:
    """Why a detainee is marked as a minor at arrest."""

    reason: str


@dataclass(frozen=True)
class Detainee:
    """One detainee's timeline (steps in the order they happened) and its state."""

    key: str  # "person N" or the record
    person_id: int | None
    subjects: tuple[str, ...]
    steps: tuple[dict[str, Any], ...]
    state: str
    minor: Minor | None

    def last(self, *names: str) -> dict[str, Any] | None:
        found = [s for s in self.steps if s["step"] in names]
        return found[-1] if found else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "detainee": self.key,
            "person_id": self.person_id,
            "records": list(self.subjects),
            "state": self.state,
            "minor": self.minor.reason if self.minor else None,
            "steps": [_plain(s) for s in self.steps],
        }


def _plain(step: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in step.items() if k != "id"}
    for k in ("date_start", "date_end", "recorded_at"):
        if out.get(k) is not None:
            out[k] = out[k].isoformat()
    return out


def _event_year(step: dict[str, Any], calendar: str) -> int:
    start: date = step["date_start"]
    if calendar == "jalali":
        return int(jdatetime.date.fromgregorian(date=start).year)
    return start.year


def _minor(
    conn: Connection, subjects: Sequence[str], steps: Sequence[dict[str, Any]]
) -> Minor | None:
    arrest = next((s for s in steps if s["step"] in ("arrested", "disappeared")), None)
    for s in steps:
        if s.get("age_text"):
            try:
                reading = read_age(s["age_text"], _event_year(s, "jalali"))
            except AgeError:
                continue
            if reading.minor:
                return Minor(
                    f"age «{s['age_text']}» stated by {s['source']} at the step «{s['step']}» "
                    f"of {s['date_text']}"
                )
    if arrest is None:
        return None
    for subject in subjects:
        row = _record(conn, subject)
        if row is None:
            continue
        if row.age_max is not None and row.age_max < 18:
            dated_after = row.date_start is None or row.date_start >= arrest["date_start"]
            if dated_after:
                return Minor(
                    f"age {row.age if row.age is not None else row.age_max} in record {subject}, "
                    f"dated at or after the arrest of {arrest['date_text']}"
                )
        if row.birth_year:
            calendar = "jalali" if row.birth_year < 1500 else "gregorian"
            try:
                reading = read_age(str(row.birth_year), _event_year(arrest, calendar))
            except AgeError:
                continue
            if reading.age_max is not None and reading.age_max < 18:
                return Minor(
                    f"born {row.birth_year} (record {subject}): at most {reading.age_max} at "
                    f"the arrest of {arrest['date_text']}"
                )
    return None


def _build(conn: Connection, key: str, person: int | None, subjects: Sequence[str]) -> Detainee:
    raw = steps_of(conn, subjects)
    dated = {id(s): Dated.of(s, i) for i, s in enumerate(raw)}
    order = in_order(dated.values())
    by_dated = {dated[id(s)]: s for s in raw}
    steps = tuple(by_dated[d] for d in order)
    try:
        state = check_order(key, order)
    except InputError:
        state = "inconsistent"  # steps recorded from bundles of two devices may clash
    return Detainee(key, person, tuple(subjects), steps, state, _minor(conn, subjects, steps))


def detainees(conn: Connection) -> list[Detainee]:
    """Every detainee with a custody step, a person's records together."""
    subjects = sorted(set(conn.execute(select(custody_steps.c.subject)).scalars()))
    groups: dict[str, tuple[int | None, list[str]]] = {}
    for subject in subjects:
        row = _record(conn, subject)
        person = row.person_id if row is not None else None
        key = f"person {person}" if person is not None else subject
        groups.setdefault(key, (person, []))[1].append(subject)
    return [_build(conn, key, person, subs) for key, (person, subs) in groups.items()]


def detainee(conn: Connection, ref: str) -> Detainee:
    """The detainee a person id (digits) or a record (source:record_id) names."""
    ref = ref.strip()
    if ref.isdigit():
        person: int | None = int(ref)
        rows = conn.execute(
            select(sources.c.name, records.c.source_record_id)
            .join(sources, sources.c.id == records.c.source_id)
            .where(records.c.person_id == person)
        ).all()
        if not rows:
            raise InputError(f"no person {ref} in this case (person ids come from `reckon link`)")
        subjects = [f"{r[0]}:{r[1]}" for r in rows]
    else:
        row = _record(conn, ref)
        if row is None:
            raise InputError(
                f"no record {ref!r} in this case: name a person id or source:record_id"
            )
        person = row.person_id
        if person is not None:
            return detainee(conn, str(person))
        subjects = [ref]
    key = f"person {person}" if person is not None else subjects[0]
    return _build(conn, key, person, sorted(subjects))

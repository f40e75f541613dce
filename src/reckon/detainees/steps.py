"""Custody steps: what each one says, and in which order they may follow each other.

A step (arrested, held, transferred, charged, … executed) names its detainee by a
record (``source:record_id``), says who reports it (``source``) and how reliable
that is (HURIDOCS' high / medium / low), and carries its date as written, read
once as Jalali or Gregorian with its precision.

The order is a small state machine over a person's steps in date order: before
arrest, in custody, on furlough, released, dead. A step that cannot follow the
ones before it (held after release without a new arrest, an appeal with no
sentence, anything after an execution) is refused by the command that records it,
never by the event's applier. What is known first may be any step: a first step
in custody («held in Evin») implies an arrest whose date is not known yet. Steps
whose dates overlap (a month beside a day in it) are ordered by the usual course
of a case, not by their first day.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reckon.errors import DateError, InputError, Where
from reckon.normalize.dates import read_date
from reckon.normalize.places import read_place

# In the usual course of a case: the rank breaks ties between overlapping dates.
STEPS = (
    "arrested",
    "disappeared",  # no contact since
    "whereabouts_unknown",
    "held",
    "transferred",
    "contact",  # the family or a lawyer heard from them: whereabouts confirmed
    "confession_broadcast",  # a televised confession
    "inquiry",  # a step taken to find them (family, lawyer, authorities asked)
    "charged",
    "tried",
    "sentenced",
    "appealed",
    "furloughed",
    "released",
    "died_in_custody",
    "executed",
)
RANK = {s: i for i, s in enumerate(STEPS)}
RELIABILITY = ("high", "medium", "low")
LAWYER = ("none", "denied", "chosen", "appointed")

BEFORE, CUSTODY, FURLOUGH, FREE, DEAD = (
    "before arrest",
    "in custody",
    "on furlough",
    "released",
    "dead",
)
# step -> (the states it may follow, the state it leaves; None keeps the state)
_MOVES: dict[str, tuple[frozenset[str], str | None]] = {
    "arrested": (frozenset({BEFORE, FURLOUGH, FREE}), CUSTODY),
    "disappeared": (frozenset({BEFORE, CUSTODY, FURLOUGH, FREE}), CUSTODY),
    "whereabouts_unknown": (frozenset({BEFORE, CUSTODY}), CUSTODY),
    "held": (frozenset({CUSTODY, FURLOUGH}), CUSTODY),
    "transferred": (frozenset({CUSTODY, FURLOUGH}), CUSTODY),
    "contact": (frozenset({CUSTODY, FURLOUGH}), None),
    "confession_broadcast": (frozenset({CUSTODY}), None),
    "inquiry": (frozenset({BEFORE, CUSTODY, FURLOUGH, FREE, DEAD}), None),
    "charged": (frozenset({BEFORE, CUSTODY, FURLOUGH, FREE}), None),
    "tried": (frozenset({BEFORE, CUSTODY, FURLOUGH, FREE}), None),
    "sentenced": (frozenset({BEFORE, CUSTODY, FURLOUGH, FREE}), None),
    "appealed": (frozenset({CUSTODY, FURLOUGH, FREE}), None),
    "furloughed": (frozenset({CUSTODY}), FURLOUGH),
    "released": (frozenset({CUSTODY, FURLOUGH}), FREE),
    "died_in_custody": (frozenset({CUSTODY}), DEAD),
    "executed": (frozenset({CUSTODY}), DEAD),
}


@dataclass(frozen=True)
class StepInput:
    """A custody step as a person gives it (the command line or a CSV row)."""

    subject: str  # source:record_id
    step: str
    date: str
    source: str
    reliability: str = "medium"
    source_url: str | None = None
    facility: str | None = None  # register codes
    court: str | None = None
    judge: str | None = None
    branch: str | None = None
    force: str | None = None
    charges: tuple[str, ...] = ()
    sentence: str | None = None
    capital: bool | None = None
    lawyer: str | None = None
    age: str | None = None
    place: str | None = None
    notes: str | None = None


def _choice(at: Where, column: str, value: str | None, allowed: Sequence[str]) -> None:
    if value is not None and value not in allowed:
        raise at.fail(column, value, f"not one of {', '.join(allowed)}")


def prepare_step(
    item: StepInput, *, default_calendar: str = "auto", where: Where | None = None
) -> dict[str, Any]:
    """The event's dict for one step: its date and place read, its choices checked."""
    at = where or Where()
    source, sep, record_id = item.subject.partition(":")
    if not sep or not source or not record_id:
        raise at.fail("record", item.subject, "a detainee is named by a record: source:record_id")
    _choice(at, "step", item.step, STEPS)
    _choice(at, "reliability", item.reliability, RELIABILITY)
    _choice(at, "lawyer", item.lawyer, LAWYER)
    if not item.source.strip():
        raise at.fail("source", item.source, "say who reports this step")
    try:
        when = read_date(item.date, default_calendar)
    except DateError as exc:
        raise at.fail("date", item.date, f"not a date ({exc.reason})") from None
    place = read_place(item.place) if item.place and item.place.strip() else None
    return {
        "step_id": uuid.uuid4().hex[:16],
        "subject": item.subject,
        "step": item.step,
        "date_text": item.date.strip(),
        "date_calendar": when.calendar,
        "date_precision": when.precision,
        "date_start": when.start.isoformat(),
        "date_end": when.end.isoformat(),
        "source": item.source.strip(),
        "source_url": item.source_url or None,
        "reliability": item.reliability,
        "facility_code": item.facility or None,
        "court_code": item.court or None,
        "judge_code": item.judge or None,
        "court_branch": item.branch or None,
        "force": item.force or None,
        "charges": [c for c in item.charges if c.strip()],
        "sentence": item.sentence or None,
        "capital": item.capital,
        "lawyer": item.lawyer,
        "age_text": item.age or None,
        "place_text": place.text if place else None,
        "province_code": place.province_code if place else None,
        "county": place.county if place else None,
        "city": place.city if place else None,
        "notes": item.notes or None,
    }


@dataclass(frozen=True)
class Dated:
    """What the order check needs of a step: which, when, and its place in the log."""

    step: str
    date_text: str
    start: date
    end: date
    seq: int  # recording order: the last tie-break

    @classmethod
    def of(cls, step: dict[str, Any], seq: int) -> Dated:
        return cls(
            step["step"],
            step["date_text"],
            _as_date(step["date_start"]),
            _as_date(step["date_end"]),
            seq,
        )


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _compare(a: Dated, b: Dated) -> int:
    if a.end < b.start:
        return -1
    if b.end < a.start:
        return 1
    return (RANK[a.step] - RANK[b.step]) or (a.seq - b.seq)


def in_order(steps: Iterable[Dated]) -> list[Dated]:
    """A person's steps in the order they happened, as far as their dates say."""
    return sorted(steps, key=functools.cmp_to_key(_compare))


def check_order(subject: str, steps: Iterable[Dated]) -> str:
    """The state a person's steps leave them in; raises InputError on the first step
    that cannot follow the ones before it, naming both."""
    state, last, sentenced = BEFORE, None, False
    for s in in_order(steps):
        allowed, leaves = _MOVES[s.step]
        if state == BEFORE and BEFORE not in allowed:
            state = CUSTODY  # the first step known is in custody: an arrest is implied
        if state not in allowed or (s.step == "appealed" and not sentenced):
            after = f"after «{last.step}» of {last.date_text}" if last else "as the first step"
            why = "there is no sentence to appeal" if s.step == "appealed" else f"they are {state}"
            raise InputError(
                f"record {subject}: «{s.step}» of {s.date_text} cannot come {after}: {why}; "
                "check the dates, or record the step that comes between (such as a new arrest)"
            )
        sentenced = sentenced or s.step == "sentenced"
        state = leaves or state
        last = s
    return state

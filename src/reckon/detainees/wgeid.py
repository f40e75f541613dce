"""A submission to the UN Working Group on Enforced or Involuntary Disappearances.

The Working Group considers a case only when it holds six minimum elements (its
methods of work): the person's full name; the date of the disappearance (at
least the month and year); the place of arrest or abduction, or where they were
last seen; the forces or officials believed responsible; the steps taken to find
them; and who submits the case. This names each element found, with where in the
case it comes from, and those missing. A disappearance of less than three months
goes to the urgent procedure: the case says so, and until when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Connection, select

from reckon.detainees.timeline import Detainee, detainee
from reckon.store.schema import custody_registers, records, sources

ELEMENTS = ("name", "date", "place", "responsible", "steps_taken", "submitter")
ELEMENT_WORDS = {
    "name": "the full name of the disappeared person",
    "date": "the date of the disappearance (at least month and year)",
    "place": "the place of arrest or abduction, or where last seen",
    "responsible": "the forces or officials believed responsible",
    "steps_taken": "the steps taken to find the person",
    "submitter": "who submits the case",
}
URGENT_MONTHS = 3


@dataclass(frozen=True)
class Element:
    name: str
    value: str | None
    found_in: str | None  # where in the case it comes from

    @property
    def present(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Submission:
    detainee: Detainee
    elements: tuple[Element, ...]
    disappeared_on: date | None
    urgent: bool
    urgent_until: date | None
    as_of: date

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.elements if not e.present)

    def to_dict(self) -> dict[str, Any]:
        return {
            "detainee": self.detainee.key,
            "records": list(self.detainee.subjects),
            "elements": {
                e.name: {"present": e.present, "value": e.value, "found_in": e.found_in}
                for e in self.elements
            },
            "missing": list(self.missing),
            "complete": not self.missing,
            "urgent": self.urgent,
            "urgent_until": self.urgent_until.isoformat() if self.urgent_until else None,
            "as_of": self.as_of.isoformat(),
        }


def _months_after(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has fewer): pandas'."""
    return (pd.Timestamp(day) + pd.DateOffset(months=months)).date()


def _name(conn: Connection, d: Detainee) -> Element:
    for subject in d.subjects:
        source, _, record_id = subject.partition(":")
        row = conn.execute(
            select(records.c.full_name, records.c.name_canonical)
            .join(sources, sources.c.id == records.c.source_id)
            .where(sources.c.name == source, records.c.source_record_id == record_id)
        ).first()
        if row is not None and (row.full_name or row.name_canonical):
            return Element("name", row.full_name or row.name_canonical, f"record {subject}")
    return Element("name", None, None)


def _facility(conn: Connection, code: str) -> str:
    row = conn.execute(
        select(custody_registers.c.name_latin, custody_registers.c.name_fa).where(
            custody_registers.c.register == "facility", custody_registers.c.code == code
        )
    ).first()
    return (row.name_latin or row.name_fa) if row is not None else code


def build_submission(
    conn: Connection, ref: str, *, submitter: str | None, as_of: date
) -> Submission:
    """The six elements for the detainee ``ref`` names (a person id or a record)."""
    d = detainee(conn, ref)
    taken = d.last("disappeared", "whereabouts_unknown") or d.last("arrested")
    when = (
        Element("date", taken["date_text"], f"custody step {taken['step_id']}")
        if taken and taken["date_precision"] in ("day", "month")
        else Element("date", None, None)
    )
    seen = [s for s in d.steps if s.get("place_text") or s.get("facility_code")]
    last_seen = seen[-1] if seen else None
    place = (
        Element(
            "place",
            last_seen["place_text"] or _facility(conn, last_seen["facility_code"]),
            f"custody step {last_seen['step_id']}",
        )
        if last_seen
        else Element("place", None, None)
    )
    forces = [s for s in d.steps if s.get("force")]
    responsible = (
        Element("responsible", forces[-1]["force"], f"custody step {forces[-1]['step_id']}")
        if forces
        else Element("responsible", None, None)
    )
    inquiries = [s for s in d.steps if s["step"] == "inquiry"]
    steps_taken = (
        Element(
            "steps_taken",
            "; ".join(f"{s['date_text']}: {s.get('notes') or s['source']}" for s in inquiries),
            ", ".join(f"custody step {s['step_id']}" for s in inquiries),
        )
        if inquiries
        else Element("steps_taken", None, None)
    )
    who = Element("submitter", submitter, "[wgeid] submitter" if submitter else None)
    disappeared_on = taken["date_end"] if taken else None
    until = _months_after(disappeared_on, URGENT_MONTHS) if disappeared_on else None
    urgent = bool(until and as_of <= until and d.state not in ("released", "dead"))
    return Submission(
        d,
        (_name(conn, d), when, place, responsible, steps_taken, who),
        disappeared_on,
        urgent,
        until if urgent else None,
        as_of,
    )

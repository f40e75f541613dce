"""Custody in a case: register entries and custody steps, each recorded as one event.

``enter_registers`` and ``record_steps`` are the commands: they check what they
are given against the case (the record a step names exists; the facility, court
and judge it names are in the registers; the step can follow the person's steps
already recorded, ``detainees.steps.check_order``) and record one event. The
appliers only write what the event says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import Connection, select

from reckon.detainees.registers import RegisterInput, prepare_entry
from reckon.detainees.steps import Dated, StepInput, check_order, prepare_step
from reckon.detainees.timeline import record_exists, steps_of
from reckon.errors import InputError, Where
from reckon.events.base import CaseEvent, Outcome
from reckon.store.schema import custody_registers, custody_steps
from reckon.vault.objects import ObjectStore

if TYPE_CHECKING:
    from reckon.case import Case


@dataclass(frozen=True, kw_only=True)
class RegistersEntered(CaseEvent):
    """Entries of the facility, court and judge registers (``registers.prepare_entry``)."""

    kind: ClassVar[str] = "custody.registers"
    version: ClassVar[int] = 2
    tables: ClassVar[tuple[str, ...]] = ("custody_registers",)

    entries: tuple[dict[str, Any], ...]


@dataclass(frozen=True, kw_only=True)
class CustodyRecorded(CaseEvent):
    """Custody steps of one or more detainees (``steps.prepare_step``)."""

    kind: ClassVar[str] = "custody.recorded"
    version: ClassVar[int] = 2
    tables: ClassVar[tuple[str, ...]] = ("custody_steps",)

    steps: tuple[dict[str, Any], ...]
    file: str | None = None  # the CSV they came from, by name


def enter_registers(
    case: Case, items: Sequence[tuple[Where | None, RegisterInput]]
) -> list[dict[str, Any]]:
    """Check and record register entries as one event; a judge's court must be known."""
    entries = [prepare_entry(item, where=where) for where, item in items]
    if not entries:
        raise InputError("no register entries given")
    courts = {e["code"] for e in entries if e["register"] == "court"}
    with case.engine.connect() as conn:
        courts |= set(
            conn.execute(
                select(custody_registers.c.code).where(custody_registers.c.register == "court")
            ).scalars()
        )
    for (where, _), entry in zip(items, entries, strict=True):
        if entry["court_code"] and entry["court_code"] not in courts:
            raise (where or Where()).fail(
                "court", entry["court_code"], "no such court in the register: enter it first"
            )
    case.record(RegistersEntered(**case.stamp(), entries=tuple(entries)))
    return entries


def record_steps(
    case: Case, items: Sequence[tuple[Where | None, StepInput]], *, file: str | None = None
) -> list[dict[str, Any]]:
    """Check and record custody steps as one event; nothing is recorded if one is wrong."""
    if not items:
        raise InputError("no custody steps given")
    steps = [
        prepare_step(item, default_calendar=case.settings.default_calendar, where=where)
        for where, item in items
    ]
    with case.engine.connect() as conn:
        known = {
            (r.register, r.code)
            for r in conn.execute(select(custody_registers.c.register, custody_registers.c.code))
        }
        by_subject: dict[str, list[Dated]] = {}
        for (where, _), step in zip(items, steps, strict=True):
            at = where or Where()
            subject = step["subject"]
            if subject not in by_subject:
                if not record_exists(conn, subject):
                    raise at.fail(
                        "record", subject, "no such record in this case: import its list first"
                    )
                # steps already recorded come first among equals, in their order
                by_subject[subject] = [
                    Dated.of(s, i - 10**6) for i, s in enumerate(steps_of(conn, [subject]))
                ]
            for register, column in (
                ("facility", "facility"),
                ("court", "court"),
                ("judge", "judge"),
            ):
                code = step[f"{column}_code"]
                if code and (register, code) not in known:
                    raise at.fail(
                        column,
                        code,
                        f"no {register} with this code: enter it in the register first",
                    )
            by_subject[subject].append(Dated.of(step, len(by_subject[subject])))
    for subject, dated in by_subject.items():
        check_order(subject, dated)
    case.record(CustodyRecorded(**case.stamp(), steps=tuple(steps), file=file))
    return steps


def apply_registers(event: RegistersEntered, conn: Connection, objects: ObjectStore) -> Outcome:
    """Insert each entry, or replace the entry of its register and code."""
    added = replaced = 0
    for entry in event.entries:
        values = {**entry, "recorded_at": event.time}
        key = (custody_registers.c.register == entry["register"]) & (
            custody_registers.c.code == entry["code"]
        )
        if conn.execute(select(custody_registers.c.id).where(key)).first() is None:
            conn.execute(custody_registers.insert().values(**values))
            added += 1
        else:
            conn.execute(custody_registers.update().where(key).values(**values))
            replaced += 1
    return Outcome({"entries": added, "replaced": replaced})


def apply_custody(event: CustodyRecorded, conn: Connection, objects: ObjectStore) -> Outcome:
    """Insert the steps (idempotent on their ids)."""
    added = 0
    for step in event.steps:
        taken = select(custody_steps.c.id).where(custody_steps.c.step_id == step["step_id"])
        if conn.execute(taken).first() is not None:
            continue
        conn.execute(
            custody_steps.insert().values(
                **{
                    **step,
                    "date_start": date.fromisoformat(step["date_start"]),
                    "date_end": date.fromisoformat(step["date_end"]),
                    "charges": list(step.get("charges", [])),
                    "recorded_at": event.time,
                }
            )
        )
        added += 1
    return Outcome({"steps": added})

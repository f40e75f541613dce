"""The one table of event kinds: kind -> (payload type, applier, version).

Explicit on purpose: every kind a case can hold is listed here, not
registered by decorators at import time, so what a case can replay does not
depend on which modules happen to be imported.

An applier is a pure function of (event, connection, the vault's objects): it
reads no clock (times come from the event), refuses nothing because of local
state (that is the command's job, before the event), and reads no file but
the event's own objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import Connection

from reckon.errors import CaseError
from reckon.events.base import VERSION_KEY, CaseEvent, Envelope, Outcome
from reckon.events.custody import (
    CustodyRecorded,
    RegistersEntered,
    apply_custody,
    apply_registers,
)
from reckon.events.estimates import EstimateRun, apply_estimate
from reckon.events.evidence import apply_evidence
from reckon.events.imports import apply_import
from reckon.events.kinds import (
    BundleMerged,
    EvidenceAdded,
    KeyAdded,
    LinkDecisions,
    LinkLabels,
    LinkRun,
    ListImported,
    RecordEdited,
    RecordEntered,
    StateDigest,
)
from reckon.events.linkage import apply_decisions, apply_labels, apply_run
from reckon.events.records import apply_edited, apply_entered
from reckon.events.reread import ListReread, apply_reread
from reckon.events.statements import StatementsAdded, apply_statements
from reckon.vault.log import parse_line
from reckon.vault.objects import ObjectStore

E = TypeVar("E", bound=CaseEvent)


@dataclass(frozen=True)
class Registration(Generic[E]):
    payload: type[E]
    apply: Callable[[E, Connection, ObjectStore], Outcome]
    version: int


class NeedsNewerReckon(CaseError):
    """An event this version of reckon cannot read: it must not be skipped."""


def _no_change(event: CaseEvent, conn: Connection, objects: ObjectStore) -> Outcome:
    """A key announced in the log, or a state digest: the database holds nothing of it."""
    return Outcome()


def apply_bundle(event: BundleMerged, conn: Connection, objects: ObjectStore) -> Outcome:
    """Apply the events a bundle carried, in order, through this same table."""
    counts: dict[str, int] = {}
    notes: list[str] = []
    for i, line in enumerate(event.events):
        carried = decode(parse_line(line.encode(), f"carried event {i + 1}"))
        outcome = registration(carried.kind).apply(carried, conn, objects)
        for name, n in outcome.counts.items():
            counts[name] = counts.get(name, 0) + n
        notes.extend(outcome.notes)
    counts["events"] = len(event.events)
    return Outcome(counts, tuple(notes))


REGISTRY: dict[str, Registration[Any]] = {
    ListImported.kind: Registration(ListImported, apply_import, 2),
    LinkRun.kind: Registration(LinkRun, apply_run, 2),
    LinkDecisions.kind: Registration(LinkDecisions, apply_decisions, 2),
    LinkLabels.kind: Registration(LinkLabels, apply_labels, 2),
    EvidenceAdded.kind: Registration(EvidenceAdded, apply_evidence, 2),
    KeyAdded.kind: Registration(KeyAdded, _no_change, 1),
    StateDigest.kind: Registration(StateDigest, _no_change, 1),
    BundleMerged.kind: Registration(BundleMerged, apply_bundle, 2),
    RecordEntered.kind: Registration(RecordEntered, apply_entered, 2),
    RecordEdited.kind: Registration(RecordEdited, apply_edited, 2),
    ListReread.kind: Registration(ListReread, apply_reread, 2),
    EstimateRun.kind: Registration(EstimateRun, apply_estimate, 2),
    RegistersEntered.kind: Registration(RegistersEntered, apply_registers, 2),
    CustodyRecorded.kind: Registration(CustodyRecorded, apply_custody, 2),
    StatementsAdded.kind: Registration(StatementsAdded, apply_statements, 2),
}


class LoggedEvent(Envelope, Protocol):
    """A log line as the vault reads it (``vault.log.Event`` is one)."""

    @property
    def seq(self) -> int: ...

    @property
    def kind(self) -> str: ...

    @property
    def payload(self) -> dict[str, Any]: ...


def registration(kind: str) -> Registration[Any]:
    found = REGISTRY.get(kind)
    if found is None:
        raise NeedsNewerReckon(f"no applier for events of kind {kind!r} in this reckon")
    return found


def decode(logged: LoggedEvent) -> CaseEvent:
    """The typed event of a log line; stops on a kind or version this reckon cannot read."""
    found = REGISTRY.get(logged.kind)
    version = logged.payload.get(VERSION_KEY, 1)
    if found is None or not isinstance(version, int) or version > found.version:
        from reckon import __version__

        wrote = logged.payload.get("reckon_version")
        needs = f"reckon ≥ {wrote}" if wrote else "a newer reckon"
        what = (
            f"kind {logged.kind!r}"
            if found is None
            else f"version {version} of {logged.kind!r} (this reckon reads up to {found.version})"
        )
        raise NeedsNewerReckon(
            f"event {logged.seq} is of {what}, which reckon {__version__} cannot apply: "
            f"this case needs {needs}"
        )
    event: CaseEvent = found.payload.from_log(logged.payload, logged)
    return event

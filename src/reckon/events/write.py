"""The one write path: apply in a transaction, append to the log, commit.

``record`` runs the event's applier inside a transaction, appends the event
(durably, signed) to the vault's log, and only then commits. A crash between
the log and the commit leaves an event the database lacks; ``catch_up``
applies every event of the log the database has not (``pending``: gaps
included, not only those after the last one applied), so the log stays the
source of truth and the database its derived state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, func, select, text, update

from reckon.errors import IntegrityError
from reckon.events import faults
from reckon.events.base import CaseEvent, Outcome
from reckon.events.registry import decode, registration
from reckon.events.state import append_with_digest, vouch
from reckon.store.schema import applied_events, meta
from reckon.vault.log import EventRef
from reckon.vault.vault import Vault

log = logging.getLogger("reckon.events")

_LOCK_KEY = 0x7265636B  # "reck": the advisory lock of a case's writers on PostgreSQL


@dataclass(frozen=True)
class Recorded(EventRef):
    """An event in the log and applied: where it sits, and what applying it did."""

    outcome: Outcome


def record(
    engine: Engine,
    vault: Vault,
    event: CaseEvent,
    check: Callable[[Connection], None] | None = None,
) -> Recorded:
    """Apply ``event`` and log it as one unit (see the module docstring).

    ``check`` is the command's last look at the state, inside the transaction and
    after every other writer has finished (``write_lock``): a duplicate import
    started at the same moment is refused here, not found afterwards. It raises
    to refuse; nothing is then applied or logged.
    """
    apply = registration(event.kind).apply
    with engine.begin() as conn:
        if check is not None:
            write_lock(conn)
            check(conn)
        outcome = apply(event, conn, vault.objects)
        # the change and the digest of the state it leaves, in one append (events.state)
        appended = append_with_digest(
            vault, conn, event.kind, event.to_log(), event.tables, event.at
        )
        faults.reach(faults.AFTER_APPEND)
        for kind, ref in appended:
            _mark_applied(conn, ref.seq, ref.hash, kind, event.time)
    change = appended[0][1]
    return Recorded(change.seq, change.hash, outcome)


def write_lock(conn: Connection) -> None:
    """Wait for, then hold until commit, the case's one write lock.

    SQLite: the first write of a transaction takes the database's write lock (an
    update of a row that need not exist is enough). PostgreSQL: a transaction-level
    advisory lock, released by the commit or rollback.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    else:
        conn.execute(update(meta).where(meta.c.key == "write_lock").values(value="1"))


def pending(engine: Engine) -> tuple[int, list[int]]:
    """(last seq applied, the seqs below it not applied): where catch-up starts."""
    with engine.connect() as conn:
        top, count = conn.execute(
            select(func.coalesce(func.max(applied_events.c.seq), 0), func.count())
        ).one()
        if int(count) == int(top):
            return int(top), []
        applied = set(conn.execute(select(applied_events.c.seq)).scalars())
    return int(top), [n for n in range(1, int(top) + 1) if n not in applied]


def catch_up(engine: Engine, vault: Vault, *, vouch_state: bool = True) -> int:
    """Apply the log's events the database lacks (gaps too), in log order; how many.

    Afterwards the state is vouched for (a fresh digest when it differs from the
    last one logged), unless ``vouch_state`` is false (a scratch replay).
    """
    top, gaps = pending(engine)
    missing = set(gaps)
    done = 0
    kinds: list[str] = []
    for logged in vault.events(after_seq=min(gaps) - 1 if gaps else top):
        if logged.seq <= top and logged.seq not in missing:
            continue
        event = decode(logged)  # an event this reckon cannot read stops here
        missing_objects(vault, event, logged.seq)
        with engine.begin() as conn:
            registration(event.kind).apply(event, conn, vault.objects)
            _mark_applied(conn, logged.seq, logged.hash, event.kind, event.time)
        kinds.append(event.kind)
        done += 1
    if done:
        log.info("applied %d event(s) from the log", done)
        if vouch_state:
            vouch(engine, vault, kinds)
    return done


def missing_objects(vault: Vault, event: CaseEvent, seq: int) -> None:
    """Stop, naming the object, before applying an event whose object the vault lost."""
    for sha in event.objects():
        if not vault.has_object(sha):
            raise IntegrityError(
                f"event {seq} ({event.kind}) names object {sha}, which this case's vault "
                "does not hold: import a bundle that carries it (`reckon bundle import`) "
                "or restore the vault from a copy, then try again"
            )


def _mark_applied(conn: Connection, seq: int, event_hash: str, kind: str, at: datetime) -> None:
    # the event's own time, so that a rebuild gives this table the same rows too
    conn.execute(
        applied_events.insert().values(seq=seq, event_hash=event_hash, kind=kind, applied_at=at)
    )

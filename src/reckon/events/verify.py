"""``reckon verify`` of a case: the vault's checks, then the database's against the log.

The database's applied events must be exactly the log's first events, in order,
and every table must give the digest the log holds for it (``events.state``). A
table that does not is diffed, by primary key, against a replay of the log into
a scratch database, so the fault names the rows deleted, inserted or edited
(and the column). ``replay=True`` always replays and compares every column of
every table.
"""

from __future__ import annotations

import itertools
import logging
import tempfile
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import SQLAlchemyError

from reckon.errors import ReckonError
from reckon.events.replay import replay_into
from reckon.events.state import (
    CLOCK_COLUMNS,
    LoggedDigest,
    _tables,
    logged_digests,
)
from reckon.store.compare import compare_databases
from reckon.store.digest import (
    DIGESTED_TABLES,
    database_id,
    digest_tables,
)
from reckon.store.schema import applied_events
from reckon.vault.vault import Vault
from reckon.vault.verify import VerifyReport, verify_vault

log = logging.getLogger("reckon.events.verify")


# --- checking ------------------------------------------------------------------------


def verify_case(
    case_dir: Path,
    *,
    known: Sequence[str] = (),
    workers: int | None = None,
    objects: bool = True,
    replay: bool = False,
) -> VerifyReport:
    """``reckon verify``: the vault (objects, events, signatures, checkpoints), then the
    database against the log. Never raises for a fault; reports it."""
    case_dir = Path(case_dir)
    report = verify_vault(case_dir, known=known, workers=workers, objects=objects)
    if objects and report.events:
        check_declared_objects(case_dir, report)
    if (case_dir / "reckon.toml").is_file() and report.events:
        try:
            check_database(case_dir, report, replay=replay)
        except (ReckonError, SQLAlchemyError) as exc:  # e.g. a server gone: said, not raised
            report.notes.append(f"the case database was not checked against the log: {exc}")
    return report


def check_declared_objects(case_dir: Path, report: VerifyReport) -> None:
    """Every object an event's type declares (``objects()``) is in the vault.

    The vault's own check follows the objects a payload lists; this one also knows
    the shapes of older logs (a version-1 link run named its tables in a mapping)."""
    from reckon.events.base import CaseEvent
    from reckon.events.registry import REGISTRY, NeedsNewerReckon, decode

    vault = Vault(case_dir)  # not open(): verify changes nothing, not even temp files
    kinds = [k for k, reg in REGISTRY.items() if reg.payload.objects is not CaseEvent.objects]
    marks = [f'"kind":"{kind}"'.encode() for kind in kinds]
    said = set(report.faults)
    for logged in vault.lines_with(*marks):
        if logged.kind not in kinds:
            continue  # the mark was inside another event's payload
        try:
            named = decode(logged).objects()
        except (NeedsNewerReckon, ReckonError):
            continue  # an event this reckon cannot read is named by the database check
        for sha in named:
            fault = f"event {logged.seq}: names object {sha}, which is missing"
            if not vault.has_object(sha) and fault not in said:
                report.faults.append(fault)
                said.add(fault)


def _open_engine(case_dir: Path) -> Engine | None:
    from reckon.settings import CaseSettings
    from reckon.store.engine import has_schema, make_engine

    engine = make_engine(CaseSettings.load(case_dir).db, case_dir)
    if not has_schema(engine):
        engine.dispose()
        return None
    return engine


def check_database(case_dir: Path, report: VerifyReport, *, replay: bool = False) -> None:
    """The database's applied events, then its state, against the log (faults into ``report``)."""
    engine = _open_engine(case_dir)
    if engine is None:
        report.notes.append("the case has no database yet: opening the case builds it from the log")
        return
    vault = Vault.open(case_dir)
    try:
        with engine.connect() as conn:
            upto = _check_applied(conn, report)
            db = database_id(conn)
            unreadable: list[int] = []
            digests = logged_digests(vault, unreadable=unreadable)
            report.faults.extend(
                f"event {seq}: a state digest whose payload cannot be read" for seq in unreadable
            )
            mismatched = _check_digests(conn, vault, db, digests, upto, report)
        if mismatched or replay:
            _diff_against_replay(case_dir, engine, sorted(mismatched), replay, report)
    finally:
        engine.dispose()


def _check_applied(conn: Connection, report: VerifyReport) -> int:
    """Applied events must be the log's events 1..M, same hashes; returns M (0 if faulty)."""
    hashes = report.event_hashes
    n = len(hashes) // 32
    rows = conn.execute(
        select(applied_events.c.seq, applied_events.c.event_hash).order_by(applied_events.c.seq)
    )
    expected = 1
    ok = True
    for seq, event_hash in rows:
        seq = int(seq)
        if seq > n:
            report.faults.append(
                f"database: it applied event {seq}, but the log holds {n} events "
                "(the log was cut back, or the database belongs to another copy)"
            )
            return 0
        if seq != expected:
            missing = f"{expected}" if seq == expected + 1 else f"{expected} to {seq - 1}"
            report.faults.append(
                f"database: the log's event(s) {missing} were never applied, but later ones "
                "were (a lost commit, or rows deleted from applied_events)"
            )
            ok = False
        if hashes[(seq - 1) * 32 : seq * 32].hex() != event_hash:
            report.faults.append(
                f"database: its event {seq} ({str(event_hash)[:12]}) is not the log's event {seq}"
            )
            return 0
        expected = seq + 1
    if expected - 1 < n and ok:
        report.notes.append(
            f"the database has applied {expected - 1} of the log's {n} events: "
            "opening the case applies the rest"
        )
    return expected - 1 if ok else 0


def _check_digests(
    conn: Connection,
    vault: Vault,
    db: str | None,
    digests: list[LoggedDigest],
    upto: int,
    report: VerifyReport,
) -> set[str]:
    """Compare the tables with this database's last logged digest; returns those that differ."""
    if not digests:
        report.notes.append(
            "the log vouches for no database state (a case from before state digests): "
            "the next recorded change, or `reckon vault rebuild`, makes it vouch"
        )
        return set()
    if db is None:
        report.faults.append(
            "database: it has no database id, but the log vouches for the state of "
            f"{_count_dbs(digests)}: it was replaced, or its meta table edited"
        )
        return set()
    own = [d for d in digests if d.db == db]
    if not own:
        report.faults.append(
            f"database: the log vouches for no state of database {db[:12]} (only for "
            f"{_count_dbs(digests)}): it is not a database this log made"
        )
        return set()
    for before, after in itertools.pairwise(own):
        if after.prev != before.seq:
            report.faults.append(
                f"event {after.seq}: the state digest names digest {after.prev} as the "
                f"previous one of database {db[:12]}, but that was event {before.seq}"
            )
    applied = [d for d in own if d.seq <= upto] if upto else own
    if not applied:
        report.faults.append(
            f"database: it has applied none of the log's digests of its state "
            f"(first: event {own[0].seq})"
        )
        return set()
    last = applied[-1]
    unvouched = (
        _tables(ev.kind for ev in vault.events(after_seq=last.seq) if ev.seq <= upto)
        if upto > last.seq
        else set()
    )
    if unvouched:
        report.notes.append(
            f"tables {', '.join(sorted(unvouched))} were changed by events after the last "
            f"state digest (event {last.seq}) and are not vouched for yet"
        )
    got = digest_tables(conn)
    mismatched = set()
    for name, digest in got.items():
        if name in unvouched:
            continue
        logged = last.tables.get(name)
        if logged is None:
            report.notes.append(f"table {name}: not in the log's digest (a newer table)")
        elif logged != digest:
            mismatched.add(name)
            report.faults.append(
                f"database: table {name} is not the state the log vouches for (state.digest, "
                f"event {last.seq}): {digest.rows} rows, the log says {logged.rows}"
            )
    return mismatched


def _count_dbs(digests: list[LoggedDigest]) -> str:
    return f"{len({d.db for d in digests})} other database(s)"


def _diff_against_replay(
    case_dir: Path, engine: Engine, tables: list[str], full: bool, report: VerifyReport
) -> None:

    names = list(DIGESTED_TABLES) if full else tables
    with tempfile.TemporaryDirectory(prefix="reckon-replay-") as scratch:
        try:
            replayed = replay_into(case_dir, Path(scratch) / "replay.db")
        except (ReckonError, SQLAlchemyError, OSError, ValueError, KeyError) as exc:
            report.faults.append(f"database: the log could not be replayed to compare with: {exc}")
            return
        try:
            with replayed.connect() as expected, engine.connect() as actual:
                diffs = compare_databases(expected, actual, names, CLOCK_COLUMNS)
                if full:
                    _compare_applied(expected, actual, report)
        finally:
            replayed.dispose()
    found = {d.table for d in diffs}
    for diff in diffs:
        report.faults.extend(f"database: {line}" for line in diff.describe())
    for name in tables:
        if name not in found:
            clock = ", ".join(f"{t}.{c}" for t, c in CLOCK_COLUMNS if t == name)
            report.faults.append(
                f"database: table {name}: a replay of the log gives the same rows in every "
                f"column it can reproduce, so a column set from the clock was edited ({clock})"
                if clock
                else f"database: table {name}: its rows match a replay of the log but not "
                "the logged digest (the digest or the log was altered)"
            )
    if full:
        report.notes.append(
            "compared with a replay of the log, every column of every table except those "
            "set from the clock: " + ", ".join(f"{t}.{c}" for t, c in CLOCK_COLUMNS)
        )


def _compare_applied(expected: Connection, actual: Connection, report: VerifyReport) -> None:
    query = select(applied_events.c.seq, applied_events.c.event_hash, applied_events.c.kind)
    # the replay applies every event; the case may lag (pending events are a note above)
    mine = {int(s): (h, k) for s, h, k in actual.execute(query)}
    for seq, event_hash, kind in expected.execute(query):
        have = mine.get(int(seq))
        if have is not None and have != (event_hash, kind):
            report.faults.append(
                f"database: table applied_events: row seq {seq}: differs from the log's "
                f"event {seq} ({kind})"
            )

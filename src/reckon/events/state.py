"""The state the log vouches for: ``state.digest`` events, and checking a database by them.

Every change recorded in a case is followed, in the same append (one fsync), by
a ``state.digest`` event: the digest (``store.digest``) of every table of the
database after the change, with the tables the change did not write carried
forward from the previous digest. Its payload::

    {"db": <database id>, "prev": <seq of this database's previous digest, or null>,
     "tables": {name: {"rows": n, "sha256": hex}}}

It vouches for the state after every event before it. ``db`` is the random id
written into the database when it was made, so the several databases of one log
(the first, a rebuild, a PostgreSQL copy) are told apart; each keeps its own
chain of digests, linked by ``prev`` (a chain that skips one of its links is a
fault: a database whose hint of its last digest was wound back).

``verify_case`` is ``reckon verify``: the vault's checks, then the database's:
its applied events must be exactly the log's first events, in order, and every
table must give the digest the log holds for it. A table that does not is
diffed, by primary key, against a replay of the log into a scratch database, so
the fault names the rows deleted, inserted or edited (and the column).
``replay=True`` always replays and compares every column of every table.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import SQLAlchemyError

from reckon.errors import ReckonError
from reckon.events.base import parse_time
from reckon.store.compare import compare_databases
from reckon.store.digest import (
    DIGESTED_TABLES,
    TableDigest,
    database_id,
    digest_tables,
    ensure_database_id,
    meta_value,
    set_meta,
)
from reckon.store.schema import applied_events
from reckon.vault.keys import PASSPHRASE_ENV
from reckon.vault.log import SIG_HEX, EventRef, parse_line
from reckon.vault.vault import Vault
from reckon.vault.verify import VerifyReport, verify_vault

log = logging.getLogger("reckon.events.state")

DIGEST_EVENT = "state.digest"
DIGEST_MARK = b'"kind":"state.digest"'
HINT = "last_digest"

# Which tables each kind of event writes. One place for now; typed events will
# declare ``tables: ClassVar[tuple[str, ...]]`` and ``tables_of`` read that.
# A kind not named here (a bundle's carried events, a newer version's) is taken
# to write every table.
TABLES_WRITTEN: dict[str, tuple[str, ...]] = {
    "key.added": (),
    DIGEST_EVENT: (),
    "import": ("sources", "imports", "records", "problems"),
    "link.run": ("link_runs", "persons", "records"),
    "link.decisions": ("link_decisions",),
    "link.labels": ("link_labels",),
    "evidence.added": ("evidence", "evidence_links"),
}

# Columns today's appliers fill from the clock rather than from the event, so a
# replay cannot give them back; the digest covers them, a replay's diff cannot.
# Empty this when appliers are pure (issue 10).
CLOCK_COLUMNS = (
    ("sources", "created_at"),
    ("imports", "imported_at"),
    ("evidence", "added_at"),
)


def tables_of(kind: str) -> tuple[str, ...]:
    return TABLES_WRITTEN.get(kind, DIGESTED_TABLES)


@dataclass(frozen=True)
class LoggedDigest:
    """A ``state.digest`` event of one database."""

    seq: int
    hash: str
    db: str
    prev: int | None
    tables: dict[str, TableDigest]

    @classmethod
    def from_event(cls, seq: int, hash_: str, payload: dict[str, Any]) -> LoggedDigest:
        tables = {name: TableDigest.from_dict(d) for name, d in payload["tables"].items()}
        prev = payload.get("prev")
        return cls(seq, hash_, str(payload["db"]), None if prev is None else int(prev), tables)


# --- writing: the hook ``Case.record`` and ``Case.catch_up`` call ----------------------


def append_with_digest(
    vault: Vault,
    conn: Connection,
    kind: str,
    payload: dict[str, Any],
    tables: Iterable[str] = (),
    at: str | None = None,
) -> list[tuple[str, EventRef]]:
    """Append a change and the digest of the state it leaves, in one append.

    Called inside the change's transaction, after applying it and before the
    commit; returns (kind, ref) of each event appended, for ``applied_events``.
    """
    db = ensure_database_id(conn)
    last = _last_digest(vault, conn, db)
    # what the typed event declares it writes, with what the table below says of its kind
    written = set(tables) | set(tables_of(kind)) | _written_since(conn, last)
    if last is not None and not written:
        return [(kind, vault.append_event(kind, payload))]
    body = _digest_payload(conn, db, last, written, at or _now_text())
    change, digest = vault.append_events([(kind, payload), (DIGEST_EVENT, body)])
    _remember(vault, conn, digest)
    return [(kind, change), (DIGEST_EVENT, digest)]


def vouch(
    engine: Engine, vault: Vault, kinds: Iterable[str] = (), *, interactive: bool = False
) -> EventRef | None:
    """After events were applied from the log (a crash's catch-up, a rebuild, a new case):
    log a fresh digest when the state differs from the last one logged for this database.

    ``kinds`` are the kinds just applied. Without a key at hand (no passphrase
    and not ``interactive``) nothing is logged; the next recorded change covers
    these tables too.
    """
    with engine.begin() as conn:
        db = ensure_database_id(conn)
        last = _scan_last_digest(vault, db, _applied_max(conn))
        written = set(_tables(kinds)) | _written_since(conn, last)
        if last is not None and not written:
            return None
        at = _now_text()
        body = _digest_payload(conn, db, last, written, at)
        if last is not None and all(
            TableDigest.from_dict(d) == last.tables.get(n) for n, d in body["tables"].items()
        ):
            return None  # the replay gave exactly the state the log vouched for
        if not _key_at_hand(vault, interactive):
            log.info("the state after catching up is not vouched for yet: no key at hand")
            return None
        ref = vault.append_event(DIGEST_EVENT, body)
        conn.execute(
            applied_events.insert().values(
                seq=ref.seq, event_hash=ref.hash, kind=DIGEST_EVENT, applied_at=parse_time(at)
            )
        )
        _remember(vault, conn, ref)
    return ref


def _tables(kinds: Iterable[str]) -> set[str]:
    return {t for kind in kinds for t in tables_of(kind)}


def _now_text() -> str:
    # a digest's own time, in its payload, so a replay marks it applied at the same time
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _key_at_hand(vault: Vault, interactive: bool) -> bool:
    """Whether the vault can sign without asking anyone (or may ask, if interactive)."""
    if (
        not interactive
        and getattr(vault, "_key", None) is None
        and not os.environ.get(PASSPHRASE_ENV)
    ):
        return False
    try:
        vault.unlock()
    except ReckonError as exc:
        log.info("cannot sign a state digest: %s", exc)
        return False
    return True


def _digest_payload(
    conn: Connection, db: str, last: LoggedDigest | None, written: set[str], at: str
) -> dict[str, Any]:
    fresh = {
        name
        for name in DIGESTED_TABLES
        if last is None or name in written or name not in last.tables
    }
    computed = digest_tables(conn, fresh)
    tables = {
        name: (computed[name] if name in fresh else last.tables[name]).to_dict()  # type: ignore[union-attr]
        for name in DIGESTED_TABLES
    }
    from reckon import __version__

    return {
        "db": db,
        "prev": None if last is None else last.seq,
        "tables": tables,
        "at": at,
        "reckon_version": __version__,
    }


def _written_since(conn: Connection, last: LoggedDigest | None) -> set[str]:
    """Tables written by events this database applied after its last logged digest."""
    if last is None:
        return set(DIGESTED_TABLES)
    kinds = conn.execute(
        select(applied_events.c.kind).where(applied_events.c.seq > last.seq).distinct()
    ).scalars()
    return _tables(kinds)


def _applied_max(conn: Connection) -> int:
    from sqlalchemy import func

    return int(conn.execute(select(func.coalesce(func.max(applied_events.c.seq), 0))).scalar_one())


def _remember(vault: Vault, conn: Connection, ref: EventRef) -> None:
    """Keep where the digest just appended sits, to find it next time without a scan."""
    offset = _offset_of_last_line(vault.log_path, ref.hash)
    if offset is not None:
        set_meta(conn, HINT, json.dumps({"seq": ref.seq, "hash": ref.hash, "offset": offset}))


def _offset_of_last_line(path: Path, event_hash: str) -> int | None:
    with path.open("rb") as fh:
        end = fh.seek(0, os.SEEK_END)
        start = max(0, end - (1 << 16))
        fh.seek(start)
        tail = fh.read(end - start)
    if not tail.endswith(b"\n"):
        return None
    cut = tail.rfind(b"\n", 0, len(tail) - 1) + 1
    if cut == 0 and start > 0:
        return None  # a digest line is never this long
    line = tail[cut:-1]
    if hashlib.sha256(line[SIG_HEX + 1 :]).hexdigest() != event_hash:
        return None
    return start + cut


def _last_digest(vault: Vault, conn: Connection, db: str) -> LoggedDigest | None:
    """This database's last digest: by the hint in ``meta`` if it holds, else by a scan."""
    hint = meta_value(conn, HINT)
    if hint is not None:
        try:
            found = _digest_at(vault, db, json.loads(hint))
        except (ValueError, KeyError, TypeError, OSError, ReckonError):
            found = None
        later = conn.execute(
            select(applied_events.c.seq).where(
                applied_events.c.kind == DIGEST_EVENT,
                applied_events.c.seq > (found.seq if found else 0),
            )
        ).first()
        if found is not None and later is None:
            return found
    return _scan_last_digest(vault, db, _applied_max(conn))


def _digest_at(vault: Vault, db: str, hint: dict[str, Any]) -> LoggedDigest | None:
    with vault.log_path.open("rb") as fh:
        fh.seek(int(hint["offset"]))
        line = fh.readline()
    if not line.endswith(b"\n"):
        return None
    event = parse_line(line[:-1], f"{vault.log_path} at byte {hint['offset']}")
    if (
        event.kind != DIGEST_EVENT
        or event.seq != int(hint["seq"])
        or event.hash != hint["hash"]
        or event.payload.get("db") != db
    ):
        return None
    return LoggedDigest.from_event(event.seq, event.hash, event.payload)


def logged_digests(
    vault: Vault, db: str | None = None, unreadable: list[int] | None = None
) -> list[LoggedDigest]:
    """Every top-level ``state.digest`` event (of database ``db`` if given), in log order;
    the seq of any whose payload cannot be read goes to ``unreadable``."""
    out = []
    for event in vault.lines_with(DIGEST_MARK):
        if event.kind != DIGEST_EVENT or (db is not None and event.payload.get("db") != db):
            continue
        try:
            out.append(LoggedDigest.from_event(event.seq, event.hash, event.payload))
        except (KeyError, TypeError, ValueError, AttributeError):
            if unreadable is not None:
                unreadable.append(event.seq)
    return out


def _scan_last_digest(vault: Vault, db: str, applied_upto: int) -> LoggedDigest | None:
    found = [d for d in logged_digests(vault, db) if d.seq <= applied_upto]
    return found[-1] if found else None


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
    if (case_dir / "reckon.toml").is_file() and report.events:
        try:
            check_database(case_dir, report, replay=replay)
        except (ReckonError, SQLAlchemyError) as exc:  # e.g. a server gone: said, not raised
            report.notes.append(f"the case database was not checked against the log: {exc}")
    return report


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
    from reckon.events.replay import replay_into

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

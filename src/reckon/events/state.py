"""The state the log vouches for: ``state.digest`` events, written with every change.

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

Checking a database by these digests is ``events.verify`` (``reckon verify``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select

from reckon.errors import ReckonError
from reckon.events.base import parse_time
from reckon.store.digest import (
    DIGESTED_TABLES,
    TableDigest,
    digest_tables,
    ensure_database_id,
    meta_value,
    set_meta,
)
from reckon.store.schema import applied_events
from reckon.vault.log import EventRef, body_of, parse_line
from reckon.vault.vault import Vault

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
    if not interactive and not vault.can_sign_quietly:
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
    if hashlib.sha256(body_of(line)).hexdigest() != event_hash:
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

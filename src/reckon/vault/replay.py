"""Replaying the log onto a database: carried events, and a rebuild from scratch.

``rebuild`` makes a fresh database from the log alone (the log is the source
of truth; the database its derived state) and puts it in place of the old one,
which is kept beside it as ``reckon.db.before-rebuild``.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine

from reckon.errors import CaseError

if TYPE_CHECKING:
    from reckon.case import Case

log = logging.getLogger("reckon.vault.replay")


def apply_carried(case: Case, conn: Connection, payload: dict[str, Any]) -> None:
    """Apply the events a ``bundle.imported`` event carries, through the appliers."""
    from reckon.case import APPLIERS, _load_appliers
    from reckon.vault.log import parse_line

    _load_appliers()
    for i, text in enumerate(payload.get("events", [])):
        event = parse_line(text.encode(), f"carried event {i + 1}")
        apply = APPLIERS.get(event.kind)
        if apply is not None:
            apply(case, conn, event.payload)


def register_bundle_applier() -> None:
    from reckon.case import APPLIERS

    APPLIERS.setdefault("bundle.imported", apply_carried)


def rebuild(case_dir: Path) -> int:
    """Replace the case's SQLite database by one replayed from the log; returns events applied."""
    from reckon.case import Case
    from reckon.settings import CaseSettings
    from reckon.store.engine import create_schema, make_engine
    from reckon.vault.vault import Vault

    case_dir = Path(case_dir)
    settings = CaseSettings.load(case_dir)
    if not settings.db.startswith("sqlite"):
        raise CaseError(
            "rebuild replaces a SQLite database; for a server, create an empty "
            "database, point reckon.toml at it and open the case"
        )
    target = Path(settings.db.removeprefix("sqlite:///"))
    if not target.is_absolute():
        target = case_dir / target
    fresh = target.with_name(target.name + ".rebuilding")
    for leftover in (
        fresh,
        fresh.with_name(fresh.name + "-wal"),
        fresh.with_name(fresh.name + "-shm"),
    ):
        leftover.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{fresh}", case_dir)
    try:
        create_schema(engine)
        vault = Vault.open(case_dir)
        applied = Case(case_dir, settings, engine, vault).catch_up()
        from reckon.events.state import vouch

        vouch(engine, vault, interactive=True)  # the new database's first digest, if not yet
    finally:
        engine.dispose()
    if target.exists():
        os.replace(target, target.with_name(target.name + ".before-rebuild"))
        for suffix in ("-wal", "-shm"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
    os.replace(fresh, target)
    log.info("rebuilt %s from %d events", target, applied)
    return applied


def replay_into(case_dir: Path, scratch: Path) -> Engine:
    """Replay the whole log into a fresh SQLite database at ``scratch``; the case is untouched.

    Unlike ``rebuild`` this logs nothing (no digest of the scratch database) and
    writes only inside ``scratch``'s folder (rejects files included). The caller
    disposes of the returned engine.
    """
    from reckon.case import APPLIERS, Case, _load_appliers
    from reckon.settings import CaseSettings
    from reckon.store.engine import create_schema, make_engine
    from reckon.store.schema import applied_events
    from reckon.vault.vault import Vault

    case_dir = Path(case_dir)
    settings = CaseSettings.load(case_dir).with_changes(db=f"sqlite:///{scratch}")
    engine = make_engine(settings.db, scratch.parent)
    create_schema(engine)
    vault = Vault.open(case_dir)
    replayer = Case(scratch.parent, settings, engine, vault)
    _load_appliers()
    for event in vault.events():
        apply = APPLIERS.get(event.kind)
        with engine.begin() as conn:
            if apply is not None:
                apply(replayer, conn, event.payload)
            conn.execute(
                applied_events.insert().values(
                    seq=event.seq, event_hash=event.hash, kind=event.kind, applied_at=_epoch()
                )
            )
    return engine


def _epoch() -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC)  # a scratch replay's applied_at is never compared

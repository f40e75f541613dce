"""Replaying the log onto a database: carried events, and a rebuild from scratch.

``rebuild`` makes a fresh database from the log alone (the log is the source
of truth; the database its derived state) and puts it in place of the old one,
which is kept beside it as ``reckon.db.before-rebuild``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

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
        applied = Case(case_dir, settings, engine, Vault.open(case_dir)).catch_up()
    finally:
        engine.dispose()
    if target.exists():
        os.replace(target, target.with_name(target.name + ".before-rebuild"))
        for suffix in ("-wal", "-shm"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
    os.replace(fresh, target)
    log.info("rebuilt %s from %d events", target, applied)
    return applied


def applied_events_of(case_dir: Path) -> list[tuple[int, str]]:
    """(seq, event hash) of every event the case's database has applied, in order."""
    from sqlalchemy import select

    from reckon.settings import CaseSettings
    from reckon.store.engine import has_schema, make_engine
    from reckon.store.schema import applied_events

    engine = make_engine(CaseSettings.load(case_dir).db, case_dir)
    try:
        if not has_schema(engine):
            return []
        with engine.connect() as conn:
            rows = conn.execute(
                select(applied_events.c.seq, applied_events.c.event_hash).order_by(
                    applied_events.c.seq
                )
            )
            return [(int(seq), str(h)) for seq, h in rows]
    finally:
        engine.dispose()

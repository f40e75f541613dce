"""A rebuild: a fresh database made from the log alone, put in place of the old one.

The log is the source of truth and the database its derived state; the old
database is kept beside the new as ``reckon.db.before-rebuild``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from sqlalchemy import Engine

from reckon.errors import CaseError
from reckon.events.state import vouch
from reckon.events.write import catch_up
from reckon.settings import CaseSettings
from reckon.store.engine import create_schema, make_engine
from reckon.vault.vault import Vault

log = logging.getLogger("reckon.events.replay")


def rebuild(case_dir: Path, vault: Vault | None = None) -> int:
    """Replace the case's SQLite database by one replayed from the log; returns events
    applied. ``vault``: the case's vault as opened by the caller, who told it how to
    unlock its key (the new database's first digest is signed)."""
    case_dir = Path(case_dir).resolve()  # the database's path is read relative to it
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
        vault = vault or Vault.open(case_dir)
        applied = catch_up(engine, vault, vouch_state=False)
        vouch(engine, vault, interactive=True)  # the new database's first digest
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

    Unlike ``rebuild`` this logs nothing (no digest of the scratch database). The
    caller disposes of the returned engine.
    """
    engine = make_engine(f"sqlite:///{scratch}", scratch.parent)
    create_schema(engine)
    catch_up(engine, Vault.open(case_dir), vouch_state=False)
    return engine

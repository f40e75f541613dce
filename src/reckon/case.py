"""A case: one folder, like a git repository; the transaction boundary.

``Case.record`` is how every change enters a case: the change is applied to
the database inside a transaction, the event is appended (durably, signed) to
the vault's log, and only then is the transaction committed. A crash between
the log and the commit leaves an event the database lacks; ``Case.open``
replays such events through ``APPLIERS``, so the log stays the source of truth
and the database its derived, queryable state.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, func, select

from reckon.errors import CaseError
from reckon.settings import SETTINGS_FILE, CaseSettings
from reckon.store.engine import create_schema, has_schema, make_engine
from reckon.store.schema import applied_events
from reckon.vault import Vault

log = logging.getLogger("reckon.case")

T = TypeVar("T")

Applier = Callable[["Case", Connection, dict[str, Any]], None]

# Event kind -> how to apply it to the database when replaying the log.
APPLIERS: dict[str, Applier] = {}

# Modules that register appliers when imported (kept lazy: opening a case must
# not import Splink).
APPLIER_MODULES = ("reckon.ingest.importer", "reckon.link.events", "reckon.vault.evidence")


def applier(kind: str) -> Callable[[Applier], Applier]:
    """Register how an event kind is replayed onto the database."""

    def register(fn: Applier) -> Applier:
        APPLIERS[kind] = fn
        return fn

    return register


def _load_appliers() -> None:
    for name in APPLIER_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


class Case:
    """An open case folder."""

    def __init__(self, path: Path, settings: CaseSettings, engine: Engine, vault: Vault) -> None:
        self.path = path
        self.settings = settings
        self.engine = engine
        self.vault = vault

    # --- creating and opening ----------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        *,
        name: str | None = None,
        db: str | None = None,
        author: str | None = None,
        passphrase: str | None = None,
    ) -> Case:
        path = Path(path)
        if (path / SETTINGS_FILE).exists():
            raise CaseError(f"{path}: a case already exists here")
        if path.exists() and not path.is_dir():
            raise CaseError(f"{path}: exists and is not a folder")
        if path.exists() and any(path.iterdir()):
            raise CaseError(f"{path}: folder is not empty; choose a new folder for the case")
        settings = CaseSettings(name=name or path.resolve().name)
        if db:
            settings = settings.with_changes(db=db)
        engine = make_engine(settings.db, path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "models").mkdir(exist_ok=True)
        try:
            if has_schema(engine):
                raise CaseError(f"{settings.db}: this database already holds a case")
            create_schema(engine)
            vault = Vault.create(
                path,
                author=author or os.environ.get("USER", "reckon"),
                passphrase=passphrase if passphrase is not None else _passphrase_from_env(),
            )
        except BaseException:
            _remove_partial_case(path)
            raise
        settings.save(path)
        log.info("created case %s", path)
        case = cls(path, settings, engine, vault)
        case.catch_up()  # the vault's founding events (its first key) are applied too
        return case

    @classmethod
    def open(cls, path: Path) -> Case:
        path = Path(path)
        if not (path / SETTINGS_FILE).exists():
            raise CaseError(f"{path}: not a reckon case (no {SETTINGS_FILE}); run `reckon init`")
        settings = CaseSettings.load(path)
        engine = make_engine(settings.db, path)
        # makes only what is missing: a whole fresh database (rebuilt from the log
        # below), or the tables a newer version of reckon added to an older case
        create_schema(engine)
        case = cls(path, settings, engine, Vault.open(path))
        case.catch_up()
        return case

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- changes -------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    def record(self, kind: str, payload: dict[str, Any], apply: Callable[[Connection], T]) -> T:
        """Apply a change and log it as one unit (see the module docstring)."""
        from reckon.events.state import append_with_digest

        with self.engine.begin() as conn:
            result = apply(conn)
            # the change and the digest of the state it leaves, in one append
            for logged_kind, ref in append_with_digest(self.vault, conn, kind, payload):
                conn.execute(
                    applied_events.insert().values(
                        seq=ref.seq, event_hash=ref.hash, kind=logged_kind, applied_at=_now()
                    )
                )
        return result

    def applied_seq(self) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(select(func.coalesce(func.max(applied_events.c.seq), 0))).scalar_one()
            )

    def catch_up(self) -> int:
        """Apply log events the database has not seen; returns how many."""
        pending = list(self.vault.events(after_seq=self.applied_seq()))
        if not pending:
            return 0
        _load_appliers()
        for event in pending:
            apply = APPLIERS.get(event.kind)
            with self.engine.begin() as conn:
                if apply is not None:
                    apply(self, conn, event.payload)
                conn.execute(
                    applied_events.insert().values(
                        seq=event.seq, event_hash=event.hash, kind=event.kind, applied_at=_now()
                    )
                )
        log.info("applied %d event(s) from the log", len(pending))
        from reckon.events.state import vouch

        vouch(self.engine, self.vault, [event.kind for event in pending])
        return len(pending)


def _now() -> datetime:
    return datetime.now(UTC)


def _passphrase_from_env() -> str:
    value = os.environ.get("RECKON_PASSPHRASE")
    if not value:
        from reckon.errors import KeyError_

        raise KeyError_(
            "a passphrase is needed to protect the signing key: set RECKON_PASSPHRASE "
            "or run at a terminal"
        )
    return value


def _remove_partial_case(path: Path) -> None:
    import shutil

    if path.exists() and not (path / SETTINGS_FILE).exists():
        shutil.rmtree(path, ignore_errors=True)

"""A case: one folder, like a git repository; the transaction boundary.

``Case.record(event)`` is the one way a change enters a case (``events.write``:
apply in a transaction, append to the log, commit), and ``Case.open`` applies
every event of the log the database lacks, gaps included, so the log stays the
source of truth and the database its derived state.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine

from reckon.errors import CaseError
from reckon.events import write
from reckon.events.base import CaseEvent, Stamp, stamp
from reckon.events.write import Recorded
from reckon.settings import SETTINGS_FILE, CaseSettings
from reckon.store.engine import create_schema, has_schema, make_engine
from reckon.vault import Vault
from reckon.vault.keys import READER_PASSPHRASE_ENV, UnlockedKey

log = logging.getLogger("reckon.case")


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
        reader_passphrase: str | None = None,
        synthetic: bool = False,
    ) -> Case:
        """A new case. The reader key (witness identities, sensitive files, bundles) is
        kept apart under ``reader_passphrase`` (or ``RECKON_READER_PASSPHRASE``); without
        either it shares the signing key's file and passphrase. ``synthetic`` (the
        demo's) exempts the passphrases from the strength check: its case holds
        nothing real."""
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
                reader_passphrase=reader_passphrase or os.environ.get(READER_PASSPHRASE_ENV),
                weak_passphrase=synthetic,
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
    def open(cls, path: Path, signer: UnlockedKey | None = None) -> Case:
        """Open a case; ``signer`` is the key new events are signed with (else the
        device's default key, unlocked when first needed)."""
        path = Path(path)
        if not (path / SETTINGS_FILE).exists():
            raise CaseError(f"{path}: not a reckon case (no {SETTINGS_FILE}); run `reckon init`")
        settings = CaseSettings.load(path)
        engine = make_engine(settings.db, path)
        # makes only what is missing: a whole fresh database (rebuilt from the log
        # below), or the tables a newer version of reckon added to an older case
        create_schema(engine)
        vault = Vault.open(path)
        if signer is not None:
            vault.use(signer)
        case = cls(path, settings, engine, vault)
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

    def stamp(self) -> Stamp:
        """Author (the signing key), time and reckon version for a new event."""
        return stamp(self.vault.unlock().identity.key_id)

    def record(self, event: CaseEvent) -> Recorded:
        """Apply an event and log it as one unit (see ``events.write``)."""
        return write.record(self.engine, self.vault, event)

    def pending(self) -> tuple[int, list[int]]:
        """(last seq applied, the seqs below it not applied): what catch-up will do."""
        return write.pending(self.engine)

    def applied_seq(self) -> int:
        return self.pending()[0]

    def catch_up(self) -> int:
        """Apply the log's events the database lacks (gaps too); returns how many."""
        return write.catch_up(self.engine, self.vault)


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

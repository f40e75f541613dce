"""A case: one folder, like a git repository; the library's facade.

``Case.open(dir, signer=key)`` then namespaces in Splink's manner:
``case.ingest.import_file(...)``, ``case.link.run()``, ``case.review.decide(...)``,
``case.evidence.add(...)``, ``case.records.enter(...)``, and
``case.estimate(method=..., by=...)``, ``case.verify()``, ``case.report(...)``
(``reckon.facade`` holds one module per namespace).

``Case.record(event)`` is the one way a change enters a case (``events.write``:
apply in a transaction, append to the log, commit), and ``Case.open`` applies
every event of the log the database lacks, gaps included, so the log stays the
source of truth and the database its derived state.

The library reads no environment and prompts no one: the key that signs comes
from ``signer`` (an unlocked key) or ``passphrase`` (the passphrase of the
device's key, or a function asked for it when first needed). The command line
reads them from its environment and asks at the terminal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import Connection, Engine

from reckon.errors import CaseError, KeyError_
from reckon.events import write
from reckon.events.base import CaseEvent, Stamp, stamp
from reckon.events.write import Recorded
from reckon.facade import LINKAGE_DRAWS
from reckon.settings import SETTINGS_FILE, CaseSettings
from reckon.store.engine import create_schema, has_schema, make_engine
from reckon.vault import Vault
from reckon.vault.keys import UnlockedKey

if TYPE_CHECKING:
    # the namespaces load when first used: ``link`` brings Splink, ``estimate`` numba
    from reckon.facade.bundles import Bundles
    from reckon.facade.estimate import EstimateRun
    from reckon.facade.evidence import Evidence
    from reckon.facade.ingest import Ingest
    from reckon.facade.link import Link
    from reckon.facade.records import Records
    from reckon.facade.review import Review
    from reckon.report import ReportResult
    from reckon.vault.verify import VerifyReport

log = logging.getLogger("reckon.case")

# A passphrase, or a function asked for it (given what it is for) when first needed.
Passphrase = str | Callable[[str], str]


class Case:
    """An open case folder."""

    # How this process unlocks a device's key when ``open``/``create`` get neither a
    # signer nor a passphrase (a notebook or a test harness sets it once). None: no
    # one is asked, and a change that needs signing says so (``KeyError_``).
    default_passphrase: ClassVar[Passphrase | None] = None

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
        author: str = "reckon",
        passphrase: str | None = None,
        reader_passphrase: str | None = None,
        synthetic: bool = False,
    ) -> Case:
        """Create a case folder; ``author`` names this device's first key, which
        ``passphrase`` protects (else ``Case.default_passphrase``). The reader key
        (witness identities, sensitive files, bundles) is kept apart under
        ``reader_passphrase``; without it, it shares the signing key's file and
        passphrase. ``synthetic`` (the demo's) exempts the passphrases from the
        strength check: its case holds nothing real."""
        path = Path(path)
        passphrase = _passphrase_for_new_key(passphrase)
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
                author=author,
                passphrase=passphrase,
                reader_passphrase=reader_passphrase,
                weak_passphrase=synthetic,
            )
        except BaseException:
            _remove_partial_case(path)
            raise
        settings.save(path)
        log.info("created case %s", path)
        unlock_with(vault, passphrase)
        case = cls(path, settings, engine, vault)
        case.catch_up()  # the vault's founding events (its first key) are applied too
        return case

    @classmethod
    def open(
        cls,
        path: Path,
        signer: UnlockedKey | None = None,
        *,
        passphrase: Passphrase | None = None,
        key_id: str | None = None,
    ) -> Case:
        """Open a case; ``signer`` is the key new events are signed with (a user's
        key, unlocked by the caller). Without it, the device's key (or ``key_id``)
        is unlocked when first needed with ``passphrase`` (else
        ``Case.default_passphrase``)."""
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
        else:
            unlock_with(vault, passphrase, key_id=key_id)
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

    def record(
        self, event: CaseEvent, check: Callable[[Connection], None] | None = None
    ) -> Recorded:
        """Apply an event and log it as one unit (see ``events.write``); ``check``
        refuses it, inside the transaction, by raising."""
        return write.record(self.engine, self.vault, event, check)

    def pending(self) -> tuple[int, list[int]]:
        """(last seq applied, the seqs below it not applied): what catch-up will do."""
        return write.pending(self.engine)

    def applied_seq(self) -> int:
        return self.pending()[0]

    def catch_up(self) -> int:
        """Apply the log's events the database lacks (gaps too); returns how many."""
        return write.catch_up(self.engine, self.vault)

    # --- the namespaces (reckon.facade) -------------------------------------

    @cached_property
    def ingest(self) -> Ingest:
        """Lists read into records: ``import_file``."""
        from reckon.facade.ingest import Ingest

        return Ingest(self)

    @cached_property
    def link(self) -> Link:
        """Records linked into persons: ``run``, ``evaluate``, ``export_records``."""
        from reckon.facade.link import Link

        return Link(self)

    @cached_property
    def review(self) -> Review:
        """Clerical review: ``pairs``, ``export``, ``sample``, ``accept``, ``decide``."""
        from reckon.facade.review import Review

        return Review(self)

    @cached_property
    def evidence(self) -> Evidence:
        """Evidence files and their custody: ``add``, ``list``."""
        from reckon.facade.evidence import Evidence

        return Evidence(self)

    @cached_property
    def records(self) -> Records:
        """Records entered by hand and edited: ``enter``, ``edit``."""
        from reckon.facade.records import Records

        return Records(self)

    @cached_property
    def bundles(self) -> Bundles:
        """Work carried between offline devices: ``export``, ``merge``."""
        from reckon.facade.bundles import Bundles

        return Bundles(self)

    # --- what the case holds, estimates, verification, the report ----------

    def summary(self) -> dict[str, Any]:
        """Counts by source, kind, event type, province and person status."""
        from reckon.store.summary import case_summary

        with self.engine.connect() as conn:
            return case_summary(conn)

    def problems(self) -> list[dict[str, Any]]:
        """Every problem met on import: file, row, column, value, reason, severity."""
        from reckon.store.problems import list_problems

        with self.engine.connect() as conn:
            return list_problems(conn)

    def estimate(
        self,
        method: str | Sequence[str],
        *,
        by: str | None = None,
        seed: int | None = None,
        linkage_draws: int = LINKAGE_DRAWS,
        record: bool = True,
        **options: Any,
    ) -> EstimateRun:
        """The total from the linked case, documented plus undocumented, by one method
        (chapman, loglinear, lcmcr, dga), several, or ``"all"``; recorded in the case
        unless ``record=False``; see ``reckon.facade.estimate.estimate_case``.
        ``.result`` is the one result."""
        from reckon.facade.estimate import estimate_case

        return estimate_case(
            self, method, by=by, seed=seed, linkage_draws=linkage_draws, record=record, **options
        )

    def verify(self, *, known: Sequence[str] = (), replay: bool = False) -> VerifyReport:
        """Check every object, event, signature and checkpoint, and that the database
        is the state the log vouches for (``replay``: rebuilt into a scratch database
        and compared column by column). Faults are reported, never raised."""
        return verify_folder(self.path, known=known, replay=replay)

    def report(
        self,
        output: Path,
        *,
        lang: str = "en",
        pdf: Path | None = None,
        seed: int = 2026,
    ) -> ReportResult:
        """The self-contained HTML report (``lang`` en or fa), and a PDF if asked.

        The report reads the case it is given and sits below the facade (layers in
        pyproject): imported here when first used, as it loads charts and fonts."""
        from reckon.report import write_report
        from reckon.report.i18n import LANGS

        if lang not in LANGS:
            raise CaseError(f"lang={lang!r}: choose {' or '.join(LANGS)}")
        return write_report(self, Path(output), lang=lang, pdf=pdf, seed=seed)


def verify_folder(path: Path, *, known: Sequence[str] = (), replay: bool = False) -> VerifyReport:
    """``Case.verify`` of a case folder not opened (opening applies pending events)."""
    from reckon.events.verify import verify_case

    return verify_case(Path(path), known=known, replay=replay)


def unlock_with(vault: Vault, passphrase: Passphrase | None, *, key_id: str | None = None) -> None:
    """Tell ``vault`` how to unlock its key when first needed (see ``Case.open``)."""
    source = passphrase if passphrase is not None else Case.default_passphrase
    if isinstance(source, str):
        given = source
        vault.ask_with(lambda purpose: given, key_id=key_id, quietly=True)
    elif source is not None:
        vault.ask_with(source, key_id=key_id)
    else:
        vault.ask_with(_nobody_to_ask, key_id=key_id)


def _nobody_to_ask(purpose: str) -> str:
    raise KeyError_(
        f"no key to {purpose}: give Case.open a signer= (an unlocked key) or a "
        "passphrase= (or set Case.default_passphrase)"
    )


def _passphrase_for_new_key(passphrase: str | None) -> str:
    if passphrase is not None:
        return passphrase
    source = Case.default_passphrase
    if isinstance(source, str):
        return source
    if source is not None:
        return source("protect the new signing key")
    raise KeyError_(
        "a passphrase is needed to protect the signing key: give Case.create a passphrase="
    )


def _remove_partial_case(path: Path) -> None:
    import shutil

    if path.exists() and not (path / SETTINGS_FILE).exists():
        shutil.rmtree(path, ignore_errors=True)

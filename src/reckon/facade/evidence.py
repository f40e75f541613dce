"""``case.evidence``: files with their custody, stored in the vault and logged."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from reckon.errors import InputError
from reckon.events import faults
from reckon.events.kinds import EvidenceAdded
from reckon.store.evidence import list_evidence
from reckon.store.schema import persons
from reckon.vault.evidence import prepare_evidence
from reckon.vault.keys import PublicIdentity

if TYPE_CHECKING:
    from reckon.case import Case


class Evidence:
    """Evidence files (photos, PDFs, video, saved pages) and their chain of custody."""

    def __init__(self, case: Case) -> None:
        self._case = case

    def add(
        self,
        files: Sequence[Path],
        custody: Mapping[str, Any] | None = None,
        *,
        sensitive: bool = False,
        readers: Iterable[PublicIdentity] | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """Store ``files`` with their custody as one ``evidence.added`` event; returns
        the event's payload (``items``: one per file, with its ``object`` SHA-256).

        Custody comes as a mapping or as keywords (``collected_by``, ``collected_at``,
        ``location``, ``acquisition``, ``url``, ``device``, ``language``,
        ``description``, ``records`` as "SOURCE:RECORD_ID", ``persons`` as ids; and
        ``witness`` and ``contact``, sealed to the case's keys). ``sensitive`` seals
        the files themselves too. A person named must be a person of this case."""
        case = self._case
        given = {**(custody or {}), **fields}
        wanted = {int(p) for p in given.get("persons") or []}
        if wanted:
            with case.engine.connect() as conn:
                known = set(
                    conn.execute(select(persons.c.id).where(persons.c.id.in_(wanted))).scalars()
                )
            if wanted - known:
                missing = ", ".join(str(p) for p in sorted(wanted - known))
                raise InputError(
                    f"no person {missing} in this case: person ids come from a link run "
                    "(`case.link.run`, see `case.link.export_records`); nothing was stored"
                )
        stamp = case.stamp()  # the signing key is unlocked (or refused) before any file is stored
        payload = prepare_evidence(case.vault, files, given, sensitive=sensitive, readers=readers)
        faults.reach(faults.BEFORE_EVENT)
        event = EvidenceAdded(
            **stamp,
            items=tuple(payload["items"]),
            custody=dict(payload["custody"]),
            sealed=payload["sealed"],
        )
        case.record(event)
        return payload

    def list(self) -> builtins.list[dict[str, Any]]:
        """Every item with its public custody, oldest first (sealed fields never show)."""
        with self._case.engine.connect() as conn:
            return list_evidence(conn)

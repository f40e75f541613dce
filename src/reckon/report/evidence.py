"""What ties a report to the case it came from: the log's fingerprint and each list's SHA-256.

The fingerprint is computed from the log itself (the Merkle root of every event
line, as ``reckon verify`` computes it), so building a report needs no
passphrase and signs nothing. It is the fingerprint ``reckon vault checkpoint``
would sign at this moment; anyone holding it can check the case with
``reckon verify DIR --known FINGERPRINT``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reckon.store.schema import imports, sources
from reckon.vault.checkpoints import fingerprint_of
from reckon.vault.merkle import root_of

if TYPE_CHECKING:
    from reckon.case import Case


@dataclass(frozen=True)
class ListFile:
    """One imported file: the list it fed, its name, its SHA-256 and what came of it."""

    source: str
    kind: str
    file_name: str
    sha256: str
    rows_read: int
    records_imported: int
    rows_rejected: int
    imported_at: str


@dataclass(frozen=True)
class Evidence:
    fingerprint: str
    events: int
    files: list[ListFile]


def log_fingerprint(case: Case) -> tuple[str, int]:
    """(fingerprint, number of events) of the case's log as it stands, without signing."""
    leaves = case.vault.leaves()
    # the founding key too, as `reckon verify` and `vault checkpoint` print it
    return fingerprint_of(len(leaves), root_of(leaves), case.vault.founder()), len(leaves)


def list_files(case: Case) -> list[ListFile]:
    query = (
        select(
            sources.c.name,
            sources.c.kind,
            imports.c.file_name,
            imports.c.object_sha256,
            imports.c.rows_read,
            imports.c.records_imported,
            imports.c.rows_rejected,
            imports.c.imported_at,
        )
        .join(sources, sources.c.id == imports.c.source_id)
        .order_by(imports.c.id)
    )
    with case.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        ListFile(
            str(r[0]),
            str(r[1]),
            str(r[2]),
            str(r[3]),
            int(r[4]),
            int(r[5]),
            int(r[6]),
            f"{r[7]:%Y-%m-%d}" if r[7] is not None else "",
        )
        for r in rows
    ]


def case_evidence(case: Case) -> Evidence:
    fingerprint, events = log_fingerprint(case)
    return Evidence(fingerprint, events, list_files(case))


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

"""Evidence in a case: stored and described by the vault, recorded as one event.

``case.evidence.add`` (``reckon.facade.evidence``) checks and stores the files
(``vault.evidence``), then records one ``evidence.added`` event;
``apply_evidence`` is how that event reaches the ``evidence`` and
``evidence_links`` tables, now or on a replay.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from reckon.events.base import Outcome
from reckon.events.kinds import EvidenceAdded
from reckon.store.schema import evidence, evidence_links, persons, records, sources
from reckon.vault.keys import PublicIdentity
from reckon.vault.objects import ObjectStore

if TYPE_CHECKING:
    from reckon.case import Case

log = logging.getLogger("reckon.events.evidence")


def add_evidence(
    case: Case,
    files: Sequence[Path],
    custody: Mapping[str, Any] | None = None,
    *,
    sensitive: bool = False,
    readers: Iterable[PublicIdentity] | None = None,
) -> dict[str, Any]:
    """``case.evidence.add(files, ...)``, for callers written before the facade."""
    payload: dict[str, Any] = case.evidence.add(
        files, custody, sensitive=sensitive, readers=readers
    )
    return payload


def apply_evidence(event: EvidenceAdded, conn: Connection, objects: ObjectStore) -> Outcome:
    """Insert the evidence rows and links of one event (idempotent on object hash).

    A record or person the custody names that this database lacks is kept in the
    custody only, and counted as unlinked.
    """
    added = unlinked = 0
    for item in event.items:
        sha = item["object"]
        if conn.execute(select(evidence.c.id).where(evidence.c.object_sha256 == sha)).first():
            continue
        inserted = conn.execute(
            evidence.insert().values(
                object_sha256=sha,
                file_name=item.get("file_name"),
                media_type=item.get("media_type"),
                size=item.get("size"),
                sensitive=bool(item.get("sensitive")),
                custody=event.custody,
                added_at=event.time,
            )
        ).inserted_primary_key
        assert inserted is not None
        evidence_id = inserted[0]
        added += 1
        for ref in event.custody.get("records", []):
            source, _, record_id = str(ref).partition(":")
            row = conn.execute(
                select(records.c.id)
                .join(sources, sources.c.id == records.c.source_id)
                .where(sources.c.name == source, records.c.source_record_id == record_id)
            ).first()
            if row is not None:
                conn.execute(
                    evidence_links.insert().values(evidence_id=evidence_id, record_id=row[0])
                )
            else:
                unlinked += 1
                log.warning("evidence %s: no record %s to link to", sha[:12], ref)
        for person in event.custody.get("persons", []):
            if conn.execute(select(persons.c.id).where(persons.c.id == int(person))).first():
                conn.execute(
                    evidence_links.insert().values(evidence_id=evidence_id, person_id=int(person))
                )
            else:
                unlinked += 1
                log.warning("evidence %s: no person %s to link to", sha[:12], person)
    return Outcome({"evidence": added, "unlinked": unlinked})

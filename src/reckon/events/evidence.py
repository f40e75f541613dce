"""Evidence in a case: stored and described by the vault, recorded as one event.

``add_evidence`` checks and stores the files (``vault.evidence``), then
records one ``evidence.added`` event; ``apply_evidence`` is how that event
reaches the ``evidence`` and ``evidence_links`` tables, now or on a replay.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from reckon.errors import InputError
from reckon.events.base import Outcome
from reckon.events.kinds import EvidenceAdded
from reckon.store.schema import evidence, evidence_links, persons, records, sources
from reckon.vault.evidence import prepare_evidence
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
    """Store, describe and log evidence files in a case; returns the event payload.

    Sealed parts are sealed to ``readers`` (default: every key of the case).

    A person the custody names must be a person of this case (a link run made it).
    """
    wanted = {int(p) for p in (custody or {}).get("persons", [])}
    if wanted:
        with case.engine.connect() as conn:
            known = set(
                conn.execute(select(persons.c.id).where(persons.c.id.in_(wanted))).scalars()
            )
        if wanted - known:
            missing = ", ".join(str(p) for p in sorted(wanted - known))
            raise InputError(
                f"no person {missing} in this case: person ids come from `reckon link` "
                "(see `reckon export --persons`); nothing was stored"
            )
    payload = prepare_evidence(case.vault, files, custody, sensitive=sensitive, readers=readers)
    from reckon.events import faults

    faults.reach(faults.BEFORE_EVENT)
    event = EvidenceAdded(
        **case.stamp(),
        items=tuple(payload["items"]),
        custody=dict(payload["custody"]),
        sealed=payload["sealed"],
    )
    case.record(event)
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

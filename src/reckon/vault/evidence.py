"""Evidence files in a case: stored, described, linked, logged as one event.

``prepare_evidence`` stores the files (sealed when marked sensitive) and
builds the payload of one ``evidence.added`` event; ``add_evidence`` records
it through the case, so the database and the log change together. The
applier below is how that event reaches the ``evidence`` and
``evidence_links`` tables, now or when the database is rebuilt from the log.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from reckon.errors import InputError
from reckon.vault.custody import split_custody
from reckon.vault.keys import PublicIdentity

if TYPE_CHECKING:
    from reckon.case import Case
    from reckon.vault.vault import Vault

log = logging.getLogger("reckon.vault.evidence")

EVIDENCE_ADDED = "evidence.added"


def prepare_evidence(
    vault: Vault,
    files: Sequence[Path],
    custody: Mapping[str, Any] | None = None,
    *,
    sensitive: bool = False,
    readers: Iterable[PublicIdentity] | None = None,
) -> dict[str, Any]:
    """Store ``files`` and return the payload of their ``evidence.added`` event."""
    if not files:
        raise InputError("no evidence files given")
    for path in files:
        if not Path(path).is_file():
            raise InputError("not a file", file=str(path))
    reader_list = list(readers) if readers is not None else list(vault.identities().values())
    public, sealed = split_custody(custody or {}, reader_list)
    items = []
    for path in files:
        path = Path(path)
        sha = vault.put_file(path, sensitive=sensitive, readers=reader_list)
        item: dict[str, Any] = {"object": sha, "sensitive": sensitive}
        if not sensitive:
            # A sensitive file's name and type can identify someone: they stay sealed.
            item["file_name"] = path.name
            item["media_type"] = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            item["size"] = path.stat().st_size
        items.append(item)
    if sensitive:
        from reckon.vault.crypt import seal_json

        names = [{"file_name": Path(p).name, "size": Path(p).stat().st_size} for p in files]
        sealed_names = seal_json({"files": names}, reader_list)
        for item, blob in zip(items, [sealed_names] * len(items), strict=True):
            item["sealed_names"] = blob
    return {"items": items, "custody": public, "sealed": sealed}


def add_evidence(
    case: Case,
    files: Sequence[Path],
    custody: Mapping[str, Any] | None = None,
    *,
    sensitive: bool = False,
) -> dict[str, Any]:
    """Store, describe and log evidence files in a case; returns the event payload."""
    payload = prepare_evidence(case.vault, files, custody, sensitive=sensitive)
    case.record(EVIDENCE_ADDED, payload, lambda conn: apply_evidence(conn, payload))
    return payload


def apply_evidence(conn: Connection, payload: Mapping[str, Any]) -> None:
    """Insert the evidence rows and links of one event (idempotent on object hash)."""
    from reckon.store.schema import evidence, evidence_links, persons, records, sources

    custody = dict(payload.get("custody") or {})
    for item in payload.get("items", []):
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
                custody=custody,
                added_at=datetime.now(UTC),
            )
        ).inserted_primary_key
        assert inserted is not None
        evidence_id = inserted[0]
        for ref in custody.get("records", []):
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
                log.warning("evidence %s: no record %s to link to", sha[:12], ref)
        for person in custody.get("persons", []):
            # Person ids come from a link run; one that is gone is kept in the custody only.
            if conn.execute(select(persons.c.id).where(persons.c.id == int(person))).first():
                conn.execute(
                    evidence_links.insert().values(evidence_id=evidence_id, person_id=int(person))
                )
            else:
                log.warning("evidence %s: no person %s to link to", sha[:12], person)


def _register() -> None:
    try:
        from reckon.case import applier
    except ImportError:  # the case module is optional for the vault on its own
        return

    @applier(EVIDENCE_ADDED)
    def _replay_evidence(case: Case, conn: Connection, payload: dict[str, Any]) -> None:
        apply_evidence(conn, payload)

    from reckon.vault.replay import register_bundle_applier

    register_bundle_applier()


_register()

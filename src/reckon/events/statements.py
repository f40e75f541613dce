"""Officials' statements archived in a case: one ``statement.archived`` event each time.

``add_statements`` checks the statements (``statements.archive.prepare``), stores
their saved copies in the vault, and records one event; ``apply_statements``
writes the ``statements`` rows and, for each saved copy, an ``evidence`` row with
its custody (where it was saved from, which statements it is the source of), so
the copy is evidence like any other: hashed, verified, carried by bundles and
court packages.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import Connection, select

from reckon.errors import InputError, Where
from reckon.events.base import CaseEvent, Outcome
from reckon.statements.archive import StatementInput, prepare
from reckon.store.schema import evidence, statements
from reckon.vault.objects import ObjectStore

if TYPE_CHECKING:
    from reckon.case import Case


@dataclass(frozen=True, kw_only=True)
class StatementsAdded(CaseEvent):
    """Statements (each a dict of ``statements.archive.prepare``, with ``copy`` naming
    its saved copy's object or None) and the saved copies (evidence items)."""

    kind: ClassVar[str] = "statement.archived"
    version: ClassVar[int] = 2
    tables: ClassVar[tuple[str, ...]] = ("statements", "evidence")

    statements: tuple[dict[str, Any], ...]
    copies: tuple[dict[str, Any], ...] = ()
    custody: dict[str, Any] = field(default_factory=dict)

    def objects(self) -> tuple[str, ...]:
        return tuple(str(c["object"]) for c in self.copies)


def add_statements(
    case: Case, items: Sequence[tuple[Where | None, StatementInput]]
) -> list[dict[str, Any]]:
    """Check, store and record statements as one event; returns the statements' dicts.

    Nothing is recorded when any statement is wrong; a saved copy that is not a file
    stops it too, before anything is stored.
    """
    if not items:
        raise InputError("no statements given")
    prepared: list[dict[str, Any]] = []
    for where, item in items:
        one = prepare(item, default_calendar=case.settings.default_calendar, where=where)
        if item.file is not None and not Path(item.file).is_file():
            at = where or Where()
            raise at.fail("file", str(item.file), "the saved copy is not a file")
        prepared.append(one)
    copies: dict[str, dict[str, Any]] = {}
    for one, (_, item) in zip(prepared, items, strict=True):
        one["copy"] = None
        if item.file is None:
            continue
        path = Path(item.file)
        sha = case.vault.put_file(path)
        one["copy"] = sha
        copies.setdefault(
            sha,
            {
                "object": sha,
                "sensitive": False,
                "file_name": path.name,
                "media_type": mimetypes.guess_type(path.name)[0] or "application/octet-stream",
                "size": path.stat().st_size,
            },
        )
    event = StatementsAdded(
        **case.stamp(),
        statements=tuple(prepared),
        copies=tuple(copies.values()),
        # Mnemonic's archive metadata: a saved copy (a later generation than the
        # original), where the original was, and who holds it since (the event's author)
        custody={"generation": "saved copy", "purpose": "source of an official statement"},
    )
    case.record(event)
    return prepared


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def apply_statements(event: StatementsAdded, conn: Connection, objects: ObjectStore) -> Outcome:
    """Insert the saved copies as evidence and the statements (idempotent on their ids)."""
    evidence_ids: dict[str, int] = {}
    added_copies = 0
    for copy in event.copies:
        sha = str(copy["object"])
        found = conn.execute(select(evidence.c.id).where(evidence.c.object_sha256 == sha)).first()
        if found is None:
            sources = [
                {"statement": s["statement_id"], "url": s.get("url")}
                for s in event.statements
                if s.get("copy") == sha
            ]
            key = conn.execute(
                evidence.insert().values(
                    object_sha256=sha,
                    file_name=copy.get("file_name"),
                    media_type=copy.get("media_type"),
                    size=copy.get("size"),
                    sensitive=False,
                    custody={**event.custody, "statements": sources},
                    added_at=event.time,
                )
            ).inserted_primary_key
            assert key is not None
            evidence_ids[sha] = int(key[0])
            added_copies += 1
        else:
            evidence_ids[sha] = int(found[0])
    added = 0
    for s in event.statements:
        taken = conn.execute(
            select(statements.c.id).where(statements.c.statement_id == s["statement_id"])
        ).first()
        if taken is not None:
            continue
        conn.execute(
            statements.insert().values(
                statement_id=s["statement_id"],
                speaker=s["speaker"],
                office=s.get("office"),
                date_text=s["date_text"],
                date_calendar=s.get("date_calendar"),
                date_precision=s.get("date_precision"),
                said_on=_day(s.get("said_on")),
                said_until=_day(s.get("said_until")),
                venue=s.get("venue"),
                audience=s.get("audience"),
                medium=s.get("medium"),
                language=s.get("language"),
                text=s["text"],
                search_terms=s["search_terms"],
                translations=list(s.get("translations", [])),
                url=s.get("url"),
                evidence_id=evidence_ids.get(s["copy"]) if s.get("copy") else None,
                tags=list(s.get("tags", [])),
                links=dict(s.get("links", {})),
                recorded_at=event.time,
            )
        )
        added += 1
    return Outcome({"statements": added, "evidence": added_copies})

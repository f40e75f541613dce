"""The web app's accounts and the edits waiting for review (local server state).

Only SQL lives here: hashing, lockout policy and roles are ``reckon.web.accounts``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from reckon.store.schema import edit_proposals, users


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    role: str
    password_hash: str
    key_id: str
    totp_secret: str | None
    lang: str
    disabled: bool
    failed_logins: int
    locked_until: datetime | None


def _account(row: Any) -> Account:
    return Account(
        id=int(row.id),
        username=str(row.username),
        role=str(row.role),
        password_hash=str(row.password_hash),
        key_id=str(row.key_id),
        totp_secret=row.totp_secret,
        lang=str(row.lang),
        disabled=bool(row.disabled),
        failed_logins=int(row.failed_logins),
        locked_until=row.locked_until,
    )


def add_account(
    conn: Connection,
    *,
    username: str,
    role: str,
    password_hash: str,
    key_id: str,
    totp_secret: str | None,
    lang: str,
    created_at: datetime,
) -> int:
    key = conn.execute(
        insert(users).values(
            username=username,
            role=role,
            password_hash=password_hash,
            key_id=key_id,
            totp_secret=totp_secret,
            lang=lang,
            disabled=False,
            failed_logins=0,
            created_at=created_at,
        )
    ).inserted_primary_key
    assert key is not None
    return int(key[0])


def account(conn: Connection, username: str) -> Account | None:
    row = conn.execute(select(users).where(users.c.username == username)).first()
    return _account(row) if row is not None else None


def accounts(conn: Connection) -> list[Account]:
    return [_account(r) for r in conn.execute(select(users).order_by(users.c.username))]


def set_account(conn: Connection, username: str, **values: Any) -> bool:
    """Change columns of one account; False when there is no such account."""
    done = conn.execute(update(users).where(users.c.username == username).values(**values))
    return bool(done.rowcount)


def propose_edit(
    conn: Connection, target: str, field: str, value: str | None, by: str, at: datetime
) -> int:
    key = conn.execute(
        insert(edit_proposals).values(
            target=target,
            field=field,
            value=value,
            proposed_by=by,
            proposed_at=at,
            status="pending",
        )
    ).inserted_primary_key
    assert key is not None
    return int(key[0])


def pending_edits(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(edit_proposals)
        .where(edit_proposals.c.status == "pending")
        .order_by(edit_proposals.c.id)
    )
    return [dict(r._mapping) for r in rows]


def close_edit(conn: Connection, proposal: int, status: str, by: str) -> dict[str, Any] | None:
    """Mark a pending proposal accepted or refused; the proposal, or None if not pending."""
    row = conn.execute(
        select(edit_proposals).where(
            edit_proposals.c.id == proposal, edit_proposals.c.status == "pending"
        )
    ).first()
    if row is None:
        return None
    conn.execute(
        update(edit_proposals)
        .where(edit_proposals.c.id == proposal)
        .values(status=status, decided_by=by)
    )
    return dict(row._mapping)

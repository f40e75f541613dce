"""Accounts of the web app: argon2id password hashes, lockout, optional TOTP.

An account is local server state (``store.users``), not an event: a password
hash or a TOTP secret must never enter a log that is signed, copied and
carried abroad. What the log does say is who did what: each account has its
own signing key (``key.added`` in the log), whose secret is encrypted with the
account's password; logging in unlocks it into the server's memory for the
session, and every event the user causes is signed with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from reckon.case import Case
from reckon.errors import InputError, ReckonError
from reckon.store import users as user_store
from reckon.vault.keys import UnlockedKey
from reckon.web import library
from reckon.web.permissions import ROLES

MIN_PASSWORD = 10
MAX_FAILURES = 5  # wrong passwords in a row before the account locks
LOCKOUT = timedelta(minutes=15)
_hasher = PasswordHasher()  # argon2id, the library's (RFC 9106) defaults


class LoginRefused(ReckonError):
    """A login that did not succeed; the message never says which part was wrong."""


@dataclass(frozen=True)
class Login:
    account: user_store.Account
    key: UnlockedKey


def add_user(
    case: Case, username: str, role: str, password: str, *, totp: bool = False, lang: str = "en"
) -> tuple[str, str | None]:
    """Create an account and its signing key; (key id, TOTP secret or None)."""
    username = username.strip()
    if not username or len(username) > 100 or not username.isprintable():
        raise InputError("a user name is 1 to 100 printable characters", value=username)
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}", value=role)
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters")
    if lang not in ("en", "fa"):
        raise InputError("language is en or fa", value=lang)
    with library.accounts(case) as conn:
        if user_store.account(conn, username) is not None:
            raise InputError("there is already a user of this name", value=username)
    key_id = library.add_key(case, username, password)
    secret = pyotp.random_base32() if totp else None
    with library.accounts(case) as conn:
        user_store.add_account(
            conn,
            username=username,
            role=role,
            password_hash=_hasher.hash(password),
            key_id=key_id,
            totp_secret=secret,
            lang=lang,
            created_at=datetime.now(UTC),
        )
    return key_id, secret


def totp_uri(username: str, secret: str, case_name: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=f"reckon {case_name}")


def list_users(case: Case) -> list[user_store.Account]:
    with library.accounts(case) as conn:
        return user_store.accounts(conn)


def set_disabled(case: Case, username: str, disabled: bool = True) -> None:
    with library.accounts(case) as conn:
        if not user_store.set_account(conn, username, disabled=disabled):
            raise InputError("no such user", value=username)


def set_lang(case: Case, username: str, lang: str) -> None:
    if lang in ("en", "fa"):
        with library.accounts(case) as conn:
            user_store.set_account(conn, username, lang=lang)


def authenticate(
    case: Case, username: str, password: str, code: str = "", now: datetime | None = None
) -> Login:
    """Check a login; count failures and lock the account after ``MAX_FAILURES``."""
    now = now or datetime.now(UTC)
    refused = LoginRefused("wrong user name, password or code, or the account is locked")
    with library.accounts(case) as conn:
        found = user_store.account(conn, username)
    if found is None:
        _hasher.hash(password)  # the same work as a real check: no timing tells the name
        raise refused
    if found.disabled or (found.locked_until is not None and _aware(found.locked_until) > now):
        raise refused
    ok = _password_ok(found.password_hash, password)
    if ok and found.totp_secret:
        ok = pyotp.TOTP(found.totp_secret).verify(code.strip(), for_time=now, valid_window=1)
    failures = 0 if ok else found.failed_logins + 1
    locked = now + LOCKOUT if failures >= MAX_FAILURES else None
    with library.accounts(case) as conn:  # committed before refusing: the count must stick
        user_store.set_account(
            conn, username, failed_logins=0 if locked else failures, locked_until=locked
        )
    if not ok:
        raise refused
    key = library.unlock_key(case, found.key_id, password)
    return Login(found, key)


def _password_ok(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _aware(moment: datetime) -> datetime:
    # SQLite gives timestamps back naive; reckon writes UTC
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

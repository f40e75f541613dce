"""Server-side sessions, CSRF tokens and the login rate limit, all in memory.

A session holds the user's unlocked signing key, so it lives only in this
process's memory: the cookie carries a random id and nothing else (secure,
HttpOnly, SameSite=Strict). A session ends after ``idle`` without a request or
``lifetime`` after login, whichever comes first; a server restart ends them all.
Every session, even before login, has a CSRF token that every form and htmx
request must send back (form field ``csrf`` or header ``X-CSRF-Token``).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from reckon.vault.keys import UnlockedKey
from reckon.web.permissions import Actor

COOKIE = "reckon_session"


@dataclass
class Session:
    id: str
    csrf: str
    created: float
    seen: float
    actor: Actor | None = None
    key: UnlockedKey | None = field(default=None, repr=False)
    lang: str = "en"


class Sessions:
    def __init__(self, *, idle: float = 30 * 60, lifetime: float = 12 * 3600) -> None:
        self.idle = idle
        self.lifetime = lifetime
        self._all: dict[str, Session] = {}
        self._lock = threading.Lock()

    def new(self, lang: str = "en") -> Session:
        now = time.monotonic()
        session = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), now, now, lang=lang)
        with self._lock:
            self._drop_expired(now)
            self._all[session.id] = session
        return session

    def get(self, sid: str | None) -> Session | None:
        if not sid:
            return None
        now = time.monotonic()
        with self._lock:
            session = self._all.get(sid)
            if session is None:
                return None
            if now - session.seen > self.idle or now - session.created > self.lifetime:
                del self._all[sid]
                return None
            session.seen = now
            return session

    def login(self, old: Session, actor: Actor, key: UnlockedKey) -> Session:
        """A fresh id and token at login, so a session id set before it is worthless."""
        self.end(old.id)
        session = self.new(actor.lang)
        session.actor, session.key = actor, key
        return session

    def end(self, sid: str) -> None:
        with self._lock:
            self._all.pop(sid, None)

    def end_user(self, username: str) -> None:
        """End every session of a user (the account was disabled)."""
        with self._lock:
            for sid in [
                s.id for s in self._all.values() if s.actor and s.actor.username == username
            ]:
                del self._all[sid]

    def _drop_expired(self, now: float) -> None:
        for sid in [
            s.id
            for s in self._all.values()
            if now - s.seen > self.idle or now - s.created > self.lifetime
        ]:
            del self._all[sid]


def csrf_ok(session: Session | None, sent: str | None) -> bool:
    return bool(session and sent) and hmac.compare_digest(session.csrf, str(sent))  # type: ignore[union-attr]


class RateLimit:
    """At most ``attempts`` login attempts per (client address, user name) and ten times
    that per address, in ``window`` seconds: a team behind one office address can all
    log in, one guesser cannot try many passwords on one name or many names."""

    def __init__(self, attempts: int = 10, window: float = 300.0) -> None:
        self.attempts = attempts
        self.window = window
        self._seen: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str, username: str) -> bool:
        now = time.monotonic()
        with self._lock:
            pair = self._recent((client, username), now)
            address = self._recent((client, ""), now)
            if len(pair) >= self.attempts or len(address) >= 10 * self.attempts:
                return False
            pair.append(now)
            address.append(now)
            return True

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._seen.setdefault(key, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        return times

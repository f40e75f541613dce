"""The append-only, hash-chained event log, signed per transaction.

``vault/log/events.log`` holds one event per line, in one of two forms:

    version 2:  <body: canonical JSON> <newline>
    version 1:  <signature: 128 hex digits> <space> <body> <newline>

The body is ``{"author", "kind", "payload", "prev", "seq", "time"}`` in
canonical JSON (see ``canonical``): ``author`` is the key id of the person who
wrote it, ``prev`` the previous event's hash (64 zeros for the first), ``seq``
counts from 1, ``time`` is UTC ISO 8601. The event's *hash* is SHA-256 of the
body bytes; the whole line (without its newline) is the entry of the event's
Merkle leaf. Every check works on the bytes as stored.

Version 2 (a line starts with ``{``) is what reckon writes: the author signs
the *tree head* once per committed transaction, as Certificate Transparency's
logs do (``heads``: ``vault/log/heads.log``), not each event. Version 1 (a
line starts with a hex digit; cases written before) signed every event's body
with Ed25519; such lines stay valid, and a log may hold both: old events
first, then new ones.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reckon.errors import IntegrityError

GENESIS_PREV = "0" * 64
SIG_HEX = 128  # a version-1 line's signature field
V2_START = 0x7B  # "{": a version-2 line is its body


@dataclass(frozen=True)
class EventRef:
    """Where an appended event sits: its number and its hash."""

    seq: int
    hash: str


@dataclass(frozen=True)
class Event:
    """One event of the log, as stored."""

    seq: int
    hash: str
    kind: str
    payload: dict[str, Any]
    author: str
    time: str
    prev: str
    signature: bytes
    body: bytes

    @property
    def line(self) -> bytes:
        """The stored line without its newline: the Merkle leaf entry."""
        if not self.signature:
            return self.body
        return self.signature.hex().encode() + b" " + self.body

    @property
    def signed_alone(self) -> bool:
        """A version-1 event, whose own signature vouches for it (else its tree head does)."""
        return bool(self.signature)


def body_of(line: bytes) -> bytes:
    """The body of a stored line of either version (no check: see ``split_line``)."""
    return line if line[:1] == b"{" else line[SIG_HEX + 1 :]


def split_line(line: bytes, where: str) -> tuple[bytes, bytes]:
    """Signature (empty for version 2) and body bytes of one line (without newline)."""
    if line[:1] == b"{":
        return b"", line
    if len(line) < SIG_HEX + 2 or line[SIG_HEX : SIG_HEX + 1] != b" ":
        raise IntegrityError(f"{where}: not a log line (signature, space, body)")
    try:
        sig = bytes.fromhex(line[:SIG_HEX].decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise IntegrityError(f"{where}: the signature is not hexadecimal") from None
    return sig, line[SIG_HEX + 1 :]


def parse_line(line: bytes, where: str) -> Event:
    sig, body = split_line(line, where)
    try:
        data = json.loads(body)
        return Event(
            seq=int(data["seq"]),
            hash=hashlib.sha256(body).hexdigest(),
            kind=str(data["kind"]),
            payload=dict(data["payload"]),
            author=str(data["author"]),
            time=str(data["time"]),
            prev=str(data["prev"]),
            signature=sig,
            body=body,
        )
    except (ValueError, KeyError, TypeError):
        raise IntegrityError(f"{where}: the event body is not a readable event") from None


def make_body(
    seq: int, prev: str, kind: str, payload: dict[str, Any], author: str, time: str
) -> bytes:
    from reckon.vault.canonical import canonical

    return canonical(
        {"author": author, "kind": kind, "payload": payload, "prev": prev, "seq": seq, "time": time}
    )


def read_lines(path: Path, start: int = 0) -> Iterator[tuple[int, bytes, bool]]:
    """(byte offset, line without newline, complete?) from ``start``; the last may be torn."""
    if not path.exists():
        return
    with path.open("rb") as fh:
        fh.seek(start)
        offset = start
        for raw in fh:
            complete = raw.endswith(b"\n")
            yield offset, raw[:-1] if complete else raw, complete
            offset += len(raw)

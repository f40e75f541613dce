"""The append-only, signed, hash-chained event log.

``vault/log/events.log`` holds one event per line::

    <signature: 128 hex digits> <space> <body: canonical JSON> <newline>

The body is ``{"author", "kind", "payload", "prev", "seq", "time"}`` in
canonical JSON (see ``canonical``): ``author`` is the signer's key id,
``prev`` the previous event's hash (64 zeros for the first), ``seq`` counts
from 1, ``time`` is UTC ISO 8601. The event's *hash* is SHA-256 of the body
bytes; the *signature* is Ed25519 over the body bytes; the whole line (without
its newline) is the entry of the event's Merkle leaf, so a checkpoint root
also covers every signature. Every check works on the bytes as stored.
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
SIG_HEX = 128


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
        return self.signature.hex().encode() + b" " + self.body


def split_line(line: bytes, where: str) -> tuple[bytes, bytes]:
    """Signature and body bytes of one line (without newline)."""
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

"""Signed checkpoints: a tree size and its Merkle root, signed, with a fingerprint.

A checkpoint line is ``<signature hex> <body>`` like an event, with body
``{"key", "kind": "checkpoint", "log", "root", "size", "time"}``; ``log`` is
the hash of the log's first event, naming which case it belongs to.

A *tree head* (``"kind": "tree_head"``) is the same with two more fields, signed
by the author of one committed transaction (``vault/log/heads.log``, one line
per transaction): ``first`` is the transaction's first event number and
``events`` the SHA-256 of its events' hashes (32 bytes each, in order), so the
events of one transaction can be checked against their head when carried to
another case, without the rest of the log.

The *fingerprint* is short enough for a text message or a QR code and is all
a person abroad needs to keep: ``R1-<size>-<root>``, where ``<root>`` is the
first 160 bits of the Merkle root in RFC 4648 base32, in groups of eight,
optionally followed by ``-F<founding key id>`` (the key the log's first event
adds: a log re-signed by another key is then named as such). Any
copy of the log can later be checked against it (recompute the root of the
first ``size`` events), and a consistency proof shows a newer checkpoint
extends it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reckon.errors import IntegrityError
from reckon.vault.canonical import canonical
from reckon.vault.keys import PublicIdentity, UnlockedKey, verify_signature
from reckon.vault.log import split_line

FINGERPRINT_BITS = 160
CHECKPOINT = "checkpoint"
TREE_HEAD = "tree_head"
_FP = re.compile(r"^R1-(\d+)-([A-Z2-7]{8}(?:-[A-Z2-7]{8}){3})(?:-F([0-9A-F]{16}))?$")


@dataclass(frozen=True)
class Checkpoint:
    size: int
    root: bytes
    time: str
    key_id: str
    log_id: str
    signature: bytes
    body: bytes
    kind: str = "checkpoint"
    first: int = 0  # a tree head's first event (0 for a checkpoint)
    events: bytes = b""  # a tree head's digest of its events' hashes
    founder: str = ""  # the log's founding key, when known: shown in the fingerprint, not signed

    @property
    def is_tree_head(self) -> bool:
        return self.kind == TREE_HEAD

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.size, self.root, self.founder)

    @property
    def line(self) -> bytes:
        return self.signature.hex().encode() + b" " + self.body

    def verify(self, identity: PublicIdentity) -> bool:
        return identity.key_id == self.key_id and verify_signature(
            identity.sign_public, self.body, self.signature
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "root": self.root.hex(),
            "time": self.time,
            "key": self.key_id,
            "log": self.log_id,
            "fingerprint": self.fingerprint,
            "signature": self.signature.hex(),
        }


def sign_checkpoint(size: int, root: bytes, time: str, log_id: str, key: UnlockedKey) -> Checkpoint:
    body = canonical(
        {
            "key": key.identity.key_id,
            "kind": "checkpoint",
            "log": log_id,
            "root": root.hex(),
            "size": size,
            "time": time,
        }
    )
    return Checkpoint(size, root, time, key.identity.key_id, log_id, key.sign(body), body)


def sign_tree_head(
    size: int,
    root: bytes,
    time: str,
    log_id: str,
    first: int,
    event_hashes: bytes,
    key: UnlockedKey,
) -> Checkpoint:
    """The author's signature over one committed transaction: events ``first..size``."""
    events = transaction_digest(event_hashes)
    body = canonical(
        {
            "events": events.hex(),
            "first": first,
            "key": key.identity.key_id,
            "kind": TREE_HEAD,
            "log": log_id,
            "root": root.hex(),
            "size": size,
            "time": time,
        }
    )
    signature = key.sign(body)
    kid = key.identity.key_id
    return Checkpoint(size, root, time, kid, log_id, signature, body, TREE_HEAD, first, events)


def transaction_digest(event_hashes: bytes) -> bytes:
    """What a tree head signs of its transaction's events: SHA-256 of their hashes."""
    return hashlib.sha256(event_hashes).digest()


def parse_checkpoint(line: bytes, where: str) -> Checkpoint:
    """A checkpoint or a tree head; ``IntegrityError`` when it is neither."""
    sig, body = split_line(line, where)
    try:
        if not sig:
            raise ValueError  # a checkpoint is always signed
        data = json.loads(body)
        kind = data.get("kind")
        if kind == CHECKPOINT:
            first, events = 0, b""
        elif kind == TREE_HEAD:
            first, events = int(data["first"]), bytes.fromhex(data["events"])
            if not 1 <= first <= int(data["size"]) or len(events) != 32:
                raise ValueError
        else:
            raise ValueError
        return Checkpoint(
            int(data["size"]),
            bytes.fromhex(data["root"]),
            str(data["time"]),
            str(data["key"]),
            str(data["log"]),
            sig,
            body,
            kind,
            first,
            events,
        )
    except (ValueError, KeyError, TypeError):
        raise IntegrityError(f"{where}: not a readable checkpoint") from None


def fingerprint_of(size: int, root: bytes, founder: str = "") -> str:
    text = base64.b32encode(root[: FINGERPRINT_BITS // 8]).decode("ascii")
    out = f"R1-{size}-" + "-".join(text[i : i + 8] for i in range(0, len(text), 8))
    return f"{out}-F{founder.upper()}" if founder else out


def parse_fingerprint(text: str) -> tuple[int, str]:
    """(size, base32 root prefix) of a fingerprint, tolerant of case and spaces."""
    cleaned = re.sub(r"\s+", "", text).upper()
    match = _FP.match(cleaned)
    if not match:
        raise IntegrityError(f"{text!r} is not a checkpoint fingerprint (R1-<size>-XXXXXXXX-...)")
    return int(match.group(1)), match.group(2)


def fingerprint_founder(text: str) -> str:
    """The founding key id a fingerprint names ("" for one that names none)."""
    match = _FP.match(re.sub(r"\s+", "", text).upper())
    return (match.group(3) or "").lower() if match else ""


def matches_fingerprint(fingerprint: str, size: int, root: bytes) -> bool:
    return fingerprint_of(size, root) == "R1-{}-{}".format(*parse_fingerprint(fingerprint))


def checkpoint_id(cp: Checkpoint) -> str:
    return hashlib.sha256(cp.body).hexdigest()


def fingerprint_qr(fingerprint: str, path: Path | None = None) -> str:
    """The fingerprint as a QR code: text for a terminal, or written to ``path``
    (.svg or .png), for a phone to photograph and send on."""
    import io

    import segno

    code = segno.make(fingerprint, error="m")
    if path is not None:
        code.save(str(path), scale=8)
        return str(path)
    out = io.StringIO()
    code.terminal(out=out, compact=True)
    return out.getvalue()

"""Signed tree heads, one per committed transaction (``vault/log/heads.log``).

Each line is a tree head (``checkpoints.sign_tree_head``): the author of a
transaction signs the tree's size and root after it, the first event number of
the transaction and the digest of its events' hashes. A version-2 event (see
``log``) is vouched for by the head of the transaction that holds it, which
must be signed by the event's own author.

Carried events (bundles, court packages) travel with an *attestation* per
transaction: its head line and its events' hashes. ``check_attested`` checks a
run of carried events against them with nothing but the keys: the head's
signature, the digest of the hashes, and each event's hash at its place. The
rest of the other device's log is not needed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reckon.errors import IntegrityError, ReckonError
from reckon.vault.checkpoints import Checkpoint, parse_checkpoint, transaction_digest
from reckon.vault.keys import PublicIdentity, verify_signature
from reckon.vault.log import Event, read_lines

HEADS_FILE = "heads.log"


def append_head(path: Path, head: Checkpoint) -> None:
    """Append one tree head line, durably."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, head.line + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)


def read_heads(path: Path) -> list[tuple[int, bytes, bool]]:
    """(line number, line, complete?) of every line of ``heads.log``."""
    return [(n, line, complete) for n, (_, line, complete) in enumerate(read_lines(path), start=1)]


def last_head(path: Path) -> Checkpoint | None:
    """The newest complete tree head (None when there is none or it cannot be read)."""
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        end = fh.seek(0, os.SEEK_END)
        start = max(0, end - 4096)  # a head line is about 500 bytes
        fh.seek(start)
        tail = fh.read()
    lines = tail.split(b"\n")
    complete = lines[:-1]  # the part after the last newline is torn (or empty)
    if not complete or (start > 0 and len(complete) < 2):
        return None
    try:
        return parse_checkpoint(complete[-1], str(path))
    except IntegrityError:
        return None


def repair_heads(path: Path) -> None:
    """Drop a torn last line of ``heads.log`` (a head whose write never returned)."""
    if not path.is_file():
        return
    for offset, _, complete in read_lines(path, max(0, path.stat().st_size - 4096)):
        if not complete:
            with path.open("r+b") as fh:
                fh.truncate(offset)
                os.fsync(fh.fileno())


# --- carried events ---------------------------------------------------------------


@dataclass(frozen=True)
class Attestation:
    """One transaction's signed head and its events' hashes, carried beside its events."""

    head: Checkpoint
    hashes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"head": self.head.line.decode(), "hashes": list(self.hashes)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str) -> Attestation:
        try:
            head = parse_checkpoint(str(data["head"]).encode(), where)
            hashes = tuple(str(h) for h in data["hashes"])
        except (KeyError, TypeError) as exc:
            raise IntegrityError(f"{where}: not a readable tree head attestation") from exc
        if not head.is_tree_head:
            raise IntegrityError(f"{where}: a checkpoint where a transaction's tree head belongs")
        return cls(head, hashes)


def attest(heads_path: Path, event_hashes: bytes, seqs: Iterable[int]) -> list[Attestation]:
    """The attestations of the transactions holding events ``seqs`` of this log.

    ``event_hashes`` are the log's events' hashes (32 bytes each, in order).
    """
    wanted = sorted(set(seqs))
    out: list[Attestation] = []
    if not wanted:
        return out
    i = 0
    for _, line, complete in read_heads(heads_path):
        if not complete or i >= len(wanted):
            break
        head = parse_checkpoint(line, str(heads_path))
        if wanted[i] > head.size:
            continue
        if wanted[i] >= head.first:
            chunk = event_hashes[(head.first - 1) * 32 : head.size * 32]
            hashes = tuple(chunk[k : k + 32].hex() for k in range(0, len(chunk), 32))
            out.append(Attestation(head, hashes))
        while i < len(wanted) and wanted[i] <= head.size:
            i += 1
    if i < len(wanted):
        raise IntegrityError(f"event {wanted[i]} is covered by no signed tree head")
    return out


def check_attested(
    events: Sequence[Event],
    attestations: Iterable[Attestation],
    identities: Mapping[str, PublicIdentity],
) -> tuple[dict[str, PublicIdentity], list[str]]:
    """Check a run of carried events, in order; (the keys trusted after it, faults).

    A version-1 event must carry its own good signature; a version-2 event must sit,
    by its hash and number, in a transaction whose tree head its author signed. A key
    the run adds is trusted for the events after it once the event adding it passed.
    """
    keys = dict(identities)
    pending: dict[str, tuple[Attestation, int]] = {}
    for att in attestations:
        for k, h in enumerate(att.hashes):
            pending.setdefault(h, (att, att.head.first + k))
    checked: dict[bytes, str] = {}  # head body -> its fault ("" when good)
    faults: list[str] = []
    for ev in events:
        where = f"carried event {ev.hash[:12]} (seq {ev.seq} of its device)"
        if ev.signed_alone:
            ident = keys.get(ev.author)
            if ident is None or not verify_signature(ident.sign_public, ev.body, ev.signature):
                faults.append(
                    f"{where} has a bad or unknown signature (bad, or unknown key {ev.author})"
                )
                continue
        else:
            found = pending.get(ev.hash)
            if found is None:
                faults.append(f"{where}: no signed tree head covers it")
                continue
            att, seq = found
            if att.head.body not in checked:
                checked[att.head.body] = _attestation_fault(att, keys)
            fault = checked[att.head.body]
            if fault:
                faults.append(f"{where}: {fault}")
                continue
            if seq != ev.seq:
                faults.append(f"{where}: its tree head places it at event {seq}")
                continue
            if att.head.key_id != ev.author:
                faults.append(
                    f"{where}: written by key {ev.author} but its tree head is signed by "
                    f"key {att.head.key_id}"
                )
                continue
        # a key the run adds (or rotates in) vouches for the run's later events
        added = ev.payload.get("new") if ev.kind == "key.rotated" else ev.payload
        if ev.kind in ("key.added", "key.rotated") and isinstance(added, dict):
            try:
                ident = PublicIdentity.from_payload(added)
                keys.setdefault(ident.key_id, ident)
            except (KeyError, ValueError, TypeError, ReckonError):
                faults.append(f"{where}: the key it adds cannot be read")
    return keys, faults


def _attestation_fault(att: Attestation, keys: Mapping[str, PublicIdentity]) -> str:
    head = att.head
    name = f"the tree head of its events {head.first}-{head.size} (key {head.key_id})"
    ident = keys.get(head.key_id)
    if ident is None or not verify_signature(ident.sign_public, head.body, head.signature):
        return f"{name} has a bad signature or an unknown key"
    if len(att.hashes) != head.size - head.first + 1:
        return f"{name} comes with {len(att.hashes)} hashes for its events"
    try:
        raw = b"".join(bytes.fromhex(h) for h in att.hashes)
    except ValueError:
        return f"{name} comes with a hash that is not hexadecimal"
    if len(raw) != 32 * len(att.hashes) or transaction_digest(raw) != head.events:
        return f"{name} did not sign these events' hashes"
    return ""

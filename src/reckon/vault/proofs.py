"""Proofs that can be checked without the case: inclusion and consistency.

An *inclusion proof* shows that an event (or the event that recorded an
object) is leaf ``index`` of the tree whose root a checkpoint signed. A
*consistency proof* shows that the tree of a later checkpoint extends the
tree of an earlier one: nothing in between was changed, only appended. Both
are JSON documents; ``check_proof`` needs nothing else (a fingerprint sent
abroad can stand in for the earlier root).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reckon.errors import IntegrityError, VaultError
from reckon.vault.checkpoints import fingerprint_of, matches_fingerprint, parse_fingerprint
from reckon.vault.log import split_line
from reckon.vault.merkle import (
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root_from_inclusion,
    roots_at,
    verify_consistency,
)

if TYPE_CHECKING:
    from reckon.vault.vault import Vault


def _checkpoint_size(vault: Vault, checkpoint: str | None, n: int) -> int:
    if checkpoint is None:
        return n
    size, _ = parse_fingerprint(checkpoint)
    if size > n:
        raise VaultError(f"checkpoint {checkpoint} is ahead of this log ({n} events)")
    return size


def prove_event(vault: Vault, seq: int, checkpoint: str | None = None) -> dict[str, Any]:
    """Inclusion proof of event ``seq`` in the tree of ``checkpoint`` (default: the whole log)."""
    lines = [e.line for e in vault.events()]
    leaves = [leaf_hash(line) for line in lines]
    size = _checkpoint_size(vault, checkpoint, len(leaves))
    if not 1 <= seq <= size:
        raise VaultError(f"event {seq} is not in a tree of {size} events")
    root = roots_at(leaves, [size])[size]
    if checkpoint and not matches_fingerprint(checkpoint, size, root):
        raise IntegrityError(f"this log does not match checkpoint {checkpoint}")
    path = inclusion_proof(seq - 1, leaves[:size])
    return {
        "type": "inclusion",
        "entry": lines[seq - 1].decode(),
        "leaf_index": seq - 1,
        "tree_size": size,
        "path": [h.hex() for h in path],
        "root": root.hex(),
        "fingerprint": fingerprint_of(size, root),
    }


def prove_object(vault: Vault, sha256: str, checkpoint: str | None = None) -> dict[str, Any]:
    """Inclusion proof of the first event that names object ``sha256``."""
    from reckon.vault.objects import named_objects

    for event in vault.events():
        if sha256 in set(named_objects(event.payload)):
            proof = prove_event(vault, event.seq, checkpoint)
            proof["object"] = sha256
            return proof
    raise VaultError(f"no event names object {sha256}")


def prove_consistency(vault: Vault, old: str, new: str | None = None) -> dict[str, Any]:
    """Consistency proof from checkpoint ``old`` to ``new`` (default: the whole log)."""
    leaves = vault.leaves()
    old_size, _ = parse_fingerprint(old)
    new_size = _checkpoint_size(vault, new, len(leaves))
    if old_size > new_size:
        raise VaultError(f"checkpoint {old} is newer than {new or 'the log'}")
    roots = roots_at(leaves, [old_size, new_size])
    if not matches_fingerprint(old, old_size, roots[old_size]):
        raise IntegrityError(f"this log does not extend checkpoint {old}: it was changed")
    return {
        "type": "consistency",
        "old_size": old_size,
        "new_size": new_size,
        "old_root": roots[old_size].hex(),
        "new_root": roots[new_size].hex(),
        "old_fingerprint": fingerprint_of(old_size, roots[old_size]),
        "new_fingerprint": fingerprint_of(new_size, roots[new_size]),
        "path": [h.hex() for h in consistency_proof(old_size, leaves[:new_size])],
    }


def check_proof(proof: dict[str, Any], fingerprint: str | None = None) -> str:
    """Check a proof on its own; returns what it proves, raises ``IntegrityError`` if not."""
    try:
        path = [bytes.fromhex(h) for h in proof["path"]]
        if proof["type"] == "inclusion":
            entry = proof["entry"].encode()
            split_line(entry, "entry")
            root = root_from_inclusion(
                proof["leaf_index"], proof["tree_size"], leaf_hash(entry), path
            )
            size = proof["tree_size"]
            if root.hex() != proof["root"]:
                raise IntegrityError("the inclusion proof does not lead to its root")
            if fingerprint and not matches_fingerprint(fingerprint, size, root):
                raise IntegrityError(f"the proof's root is not that of checkpoint {fingerprint}")
            event_hash = hashlib.sha256(split_line(entry, "entry")[1]).hexdigest()
            return (
                f"event {proof['leaf_index'] + 1} (hash {event_hash}) is in the log of "
                f"checkpoint {fingerprint_of(size, root)}"
            )
        if proof["type"] == "consistency":
            old_root, new_root = bytes.fromhex(proof["old_root"]), bytes.fromhex(proof["new_root"])
            if not verify_consistency(
                proof["old_size"], proof["new_size"], old_root, new_root, path
            ):
                raise IntegrityError("the consistency proof does not verify")
            old_fp = fingerprint_of(proof["old_size"], old_root)
            if fingerprint and not matches_fingerprint(fingerprint, proof["old_size"], old_root):
                raise IntegrityError(f"the proof starts from {old_fp}, not {fingerprint}")
            new_fp = fingerprint_of(proof["new_size"], new_root)
            return f"checkpoint {new_fp} extends checkpoint {old_fp}: nothing was changed"
    except (KeyError, TypeError, ValueError):
        raise IntegrityError("not a readable proof") from None
    raise IntegrityError(f"unknown proof type {proof.get('type')!r}")


def load_proof(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IntegrityError(f"{path}: not a readable proof ({exc})") from None
    if not isinstance(value, dict):
        raise IntegrityError(f"{path}: not a proof")
    return value

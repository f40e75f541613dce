"""The case's key set through time, as the log's key events make it.

The first event adds the *founding key*, signed by itself. Every later key
event is written by a key of the case at that point, so every key traces back
to the founder:

``key.added``    a new person's key, written by a key already in the set;
``key.rotated``  ``{"key_id": old, "new": <identity>}``: the old key is retired
                 and the new one takes its place, written by the old key;
``key.revoked``  ``{"key_id", "reason"}``: the key signs nothing after this
                 event, written by the key itself.

A rotation or revocation may instead be written by another key of the case
with ``cosigners``: signatures of other active keys over ``quorum_statement``;
the writer and its cosigners must be more than half of all the case's active
keys, the one replaced included (a lost or stolen key cannot sign its own
revocation, and in a case of two keys neither can retire the other alone).
Whether an event is truly by its author is checked elsewhere (its signature or
its transaction's tree head); here, what each author was allowed to do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from reckon.errors import ReckonError
from reckon.vault.canonical import canonical
from reckon.vault.keys import PublicIdentity, UnlockedKey, verify_signature
from reckon.vault.log import Event

ADDED = "key.added"
ROTATED = "key.rotated"
REVOKED = "key.revoked"
KINDS = (ADDED, ROTATED, REVOKED)


def quorum_statement(action: str, key_id: str, log_id: str, new_key: str = "") -> bytes:
    """What cosigners of a rotation or revocation sign."""
    return canonical({"action": action, "key_id": key_id, "log": log_id, "new": new_key})


@dataclass
class KeyInfo:
    identity: PublicIdentity
    added_seq: int
    added_by: str | None  # None: the founding key
    retired_seq: int | None = None
    retired_how: str = ""  # "rotated" or "revoked"
    replaced_by: str = ""
    trusted: bool = True  # traces back to the founding key

    @property
    def status(self) -> str:
        if not self.retired_seq:
            return "active"
        if self.retired_how == "rotated":
            return f"rotated to {self.replaced_by} (event {self.retired_seq})"
        return f"revoked (event {self.retired_seq})"


@dataclass
class KeyHistory:
    """Every key of the case, when it was added and retired, and what was wrong."""

    log_id: str = ""
    keys: dict[str, KeyInfo] = field(default_factory=dict)
    faults: list[str] = field(default_factory=list)

    @property
    def founder(self) -> str:
        return next((k for k, info in self.keys.items() if info.added_by is None), "")

    def identities(self) -> dict[str, PublicIdentity]:
        return {k: info.identity for k, info in self.keys.items()}

    def active_at(self, key_id: str, seq: int) -> bool:
        """May ``key_id`` write event ``seq``? (added before or at it, retired not before)"""
        info = self.keys.get(key_id)
        return (
            info is not None
            and info.trusted
            and info.added_seq <= seq
            and (info.retired_seq is None or seq <= info.retired_seq)
        )

    def may_sign_head(self, key_id: str, first: int, size: int) -> str:
        """Why ``key_id`` may not sign the tree head of events ``first..size`` ("" if it may)."""
        info = self.keys.get(key_id)
        if info is None:
            return f"key {key_id} is not one of this case's keys"
        if not info.trusted:
            return f"key {key_id} does not trace back to the founding key"
        if info.added_seq > first:
            return f"key {key_id} signed before the log added it (event {info.added_seq})"
        if info.retired_seq is not None and size > info.retired_seq:
            return f"key {key_id} signed after it was {info.retired_how} (event {info.retired_seq})"
        return ""

    def apply(self, seq: int, event: Event) -> None:
        """Take one key event of the log (in order) into the history."""
        where = f"event {seq}"
        try:
            if event.kind == ADDED:
                self._added(seq, event, where)
            elif event.kind == ROTATED:
                self._rotated(seq, event, where)
            elif event.kind == REVOKED:
                self._revoked(seq, event, where)
        except (KeyError, TypeError, ValueError, ReckonError) as exc:
            self.faults.append(f"{where}: the {event.kind} event cannot be read ({exc})")

    def _untraced(self, where: str, key_id: str, signer: str, seq: int) -> str:
        founder = self.founder or "(none)"
        why = (
            "which is not one of the case's keys at that point"
            if signer not in self.keys
            else "which was retired by then"
            if self.keys[signer].retired_seq is not None
            else "which does not trace back to it either"
        )
        return (
            f"{where}: key {key_id} does not trace back to the founding key {founder}: "
            f"it was added by key {signer}, {why}"
        )

    def _added(self, seq: int, event: Event, where: str) -> None:
        identity = PublicIdentity.from_payload(event.payload)
        key_id = identity.key_id
        if key_id in self.keys:
            return  # announced again (a bundle carrying it): the first one counts
        if seq == 1 and not self.keys:
            if event.author != key_id:
                self.faults.append(f"{where}: the founding key must add itself")
            self.keys[key_id] = KeyInfo(identity, seq, None)
            return
        trusted = True
        if event.author == key_id:
            self.faults.append(f"{where}: a key added itself: only the founding key may")
            trusted = False
        elif not self.active_at(event.author, seq):
            self.faults.append(self._untraced(where, key_id, event.author, seq))
            trusted = False
        claimed = event.payload.get("added_by")
        if claimed is not None and claimed != event.author:
            self.faults.append(
                f"{where}: key {key_id} claims to be added by {claimed} but key "
                f"{event.author} wrote the event"
            )
        self.keys[key_id] = KeyInfo(identity, seq, event.author, trusted=trusted)

    def _authorised(self, seq: int, event: Event, subject: str, new_key: str, where: str) -> bool:
        """Written by the subject key itself, or by a quorum of the others."""
        if event.author == subject and self.active_at(subject, seq):
            return True
        others = [k for k in self.keys if k != subject and self.active_at(k, seq)]
        signers = {event.author} if event.author in others else set()
        statement = quorum_statement(event.kind, subject, self.log_id, new_key)
        for co in event.payload.get("cosigners", []) or []:
            info = self.keys.get(str(co.get("key")))
            if info is None or info.identity.key_id not in others:
                continue
            try:
                sig = bytes.fromhex(str(co.get("signature")))
            except ValueError:
                continue
            if verify_signature(info.identity.sign_public, statement, sig):
                signers.add(info.identity.key_id)
        active = len(others) + (1 if self.active_at(subject, seq) else 0)
        if others and len(signers) * 2 > active:
            return True
        self.faults.append(
            f"{where}: {event.kind} of key {subject} by key {event.author} is not allowed: "
            f"only the key itself, or more than half of the case's {active} active keys "
            f"({len(signers)} signed), may"
        )
        return False

    def _rotated(self, seq: int, event: Event, where: str) -> None:
        old = str(event.payload["key_id"])
        identity = PublicIdentity.from_payload(event.payload["new"])
        if old not in self.keys:
            self.faults.append(f"{where}: rotates key {old}, which is not one of the case's keys")
            return
        ok = self._authorised(seq, event, old, identity.key_id, where)
        if ok:
            info = self.keys[old]
            info.retired_seq, info.retired_how, info.replaced_by = seq, "rotated", identity.key_id
        if identity.key_id not in self.keys:
            self.keys[identity.key_id] = KeyInfo(identity, seq, event.author, trusted=ok)

    def _revoked(self, seq: int, event: Event, where: str) -> None:
        subject = str(event.payload["key_id"])
        if subject not in self.keys:
            self.faults.append(f"{where}: revokes {subject}, which is not one of the case's keys")
            return
        if self._authorised(seq, event, subject, "", where):
            info = self.keys[subject]
            if info.retired_seq is None:
                info.retired_seq, info.retired_how = seq, "revoked"


def history(events: Iterable[tuple[int, Event]], log_id: str) -> KeyHistory:
    """The key history of ``(seq, event)`` pairs in log order (other kinds are skipped)."""
    out = KeyHistory(log_id)
    for seq, event in events:
        if event.kind in KINDS:
            out.apply(seq, event)
    return out


def cosign(
    action: str, key_id: str, log_id: str, new_key: str, signer: UnlockedKey
) -> dict[str, str]:
    """One cosigner's entry for a rotation or revocation by quorum."""
    statement = quorum_statement(action, key_id, log_id, new_key)
    return {"key": signer.identity.key_id, "signature": signer.sign(statement).hex()}


def key_list(history_: KeyHistory) -> list[dict[str, Any]]:
    """What ``reckon keys list`` shows of each key."""
    rows = []
    for key_id, info in sorted(history_.keys.items(), key=lambda kv: kv[1].added_seq):
        rows.append(
            {
                "key_id": key_id,
                "author": info.identity.author,
                "added_by": info.added_by or "(founding key)",
                "added_at": info.added_seq,
                "status": info.status if info.trusted else "does not trace back to the founder",
            }
        )
    return rows

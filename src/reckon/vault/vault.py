"""The vault of one case: objects, the signed event log, keys, checkpoints.

``Vault.create`` makes ``vault/objects``, ``vault/log`` and ``vault/keys`` and
the author's first key; its public half is the log's first event
(``key.added``), signed by itself: the root of trust a court checks the
fingerprint of. Every later key is added by an event signed by a key already
in the log.

Appending is one transaction, durable before it returns: the events' lines
are written and fsynced, then the author's signed *tree head* of the
transaction (size, Merkle root, time, key, and the digest of its events:
``checkpoints.sign_tree_head``) is appended to ``log/heads.log`` and fsynced,
then ``log/head.json`` (that head plus the compact Merkle frontier, for the
next append) is replaced atomically. A crash before the tree head is written
leaves events nobody signed and nobody was told were written: ``open`` drops
them as it drops a torn last line. A crash after it leaves ``head.json``
behind; ``open`` catches up from the log. A log *shorter* than its head is
refused: events were removed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reckon.errors import IntegrityError, KeyError_, VaultError
from reckon.vault import keys as keymod
from reckon.vault.checkpoints import (
    Checkpoint,
    parse_checkpoint,
    sign_checkpoint,
    sign_tree_head,
)
from reckon.vault.crypt import seal, seal_stream
from reckon.vault.files import fsync_dir, write_atomic
from reckon.vault.heads import append_head, last_head, repair_heads
from reckon.vault.keyring import REVOKED, ROTATED, KeyHistory, cosign
from reckon.vault.keys import PublicIdentity, ReaderKey, UnlockedKey
from reckon.vault.log import (
    GENESIS_PREV,
    Event,
    EventRef,
    make_body,
    parse_line,
    read_lines,
)
from reckon.vault.merkle import CompactTree, leaf_hash
from reckon.vault.objects import ObjectStore
from reckon.vault.passphrase import check_passphrase

log = logging.getLogger("reckon.vault")

KEY_ADDED = "key.added"
DEFAULT_KEY_FILE = "default"
KEY_ENV = "RECKON_KEY"
KEYS_ENV = "RECKON_KEYS"  # the key store's folder, when not vault/keys in the case


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class _State:
    """What appending needs to know about the end of the log."""

    size: int
    last_hash: str
    log_bytes: int
    tree: CompactTree
    log_id: str


class Vault:
    """The evidence vault under a case folder (``case_dir/vault``)."""

    def __init__(self, case_dir: Path) -> None:
        self.case_dir = Path(case_dir)
        self.dir = self.case_dir / "vault"
        self.objects = ObjectStore(self.dir / "objects")
        self.log_dir = self.dir / "log"
        self.log_path = self.log_dir / "events.log"
        self.head_path = self.log_dir / "head.json"
        self.checkpoints_path = self.log_dir / "checkpoints.log"
        self.heads_path = self.log_dir / "heads.log"
        # the key store may live apart from the case (a USB key, an encrypted home), so
        # a copy of the case does not carry its keys for offline guessing
        chosen = os.environ.get(KEYS_ENV)
        self.keys_dir = Path(chosen).expanduser().resolve() if chosen else self.dir / "keys"
        self._key: UnlockedKey | None = None
        # how ``unlock`` gets a passphrase and which key it opens, as the caller said
        # (``ask_with``); without them, the device's default key and ``ask_passphrase``
        self._ask: Callable[[str], str] | None = None
        self._ask_key_id: str | None = None
        self._ask_quietly = False
        self._reader: ReaderKey | None = None
        self._state: _State | None = None
        self._may_sign = ""  # the key last found allowed to sign (checked once per key)

    # --- creating and opening ---------------------------------------------

    @classmethod
    def create(
        cls,
        case_dir: Path,
        *,
        author: str,
        passphrase: str,
        reader_passphrase: str | None = None,
        weak_passphrase: bool = False,
    ) -> Vault:
        """The vault and its founding key. With ``reader_passphrase`` the reader key
        (witness identities, sensitive files, bundles) is kept apart under it;
        ``weak_passphrase`` lets a synthetic case (the demo) skip the strength check."""
        vault = cls(case_dir)
        if vault.log_path.exists() and vault.log_path.stat().st_size:
            raise VaultError(f"{vault.dir}: a vault already exists here")
        if not weak_passphrase:
            check_passphrase(passphrase, about=[author], what=f"{author}'s signing key")
            if reader_passphrase is not None:
                check_passphrase(reader_passphrase, about=[author], what=f"{author}'s reader key")
        for sub in (vault.objects.root, vault.log_dir, vault.keys_dir):
            sub.mkdir(parents=True, exist_ok=True)
        vault.keys_dir.chmod(0o700)  # the key files: their owner's only
        key = keymod.generate(author)
        keymod.save(key, vault.keys_dir, passphrase, reader_passphrase)
        write_atomic(vault.keys_dir / DEFAULT_KEY_FILE, key.identity.key_id.encode())
        vault._key = key
        vault.log_path.touch()
        vault._state = _State(0, GENESIS_PREV, 0, CompactTree(), "")
        vault.append_event(KEY_ADDED, {**key.identity.to_payload(), "added_by": None})
        log.info("created vault %s with key %s", vault.dir, key.identity.key_id)
        return vault

    @classmethod
    def open(cls, case_dir: Path) -> Vault:
        vault = cls(case_dir)
        if not vault.log_path.is_file():
            raise VaultError(f"{case_dir}: no vault here (no vault/log/events.log)")
        vault.objects.clean_temp()
        # Events an interrupted append wrote but no tree head signed must never be read
        # (and applied) as events: drop them now, as the next append would. A log that is
        # wrong in another way is left as it is, for verify to name.
        with contextlib.suppress(IntegrityError, OSError), vault._locked():
            vault._catch_up()
        return vault

    # --- keys ---------------------------------------------------------------

    def default_key_id(self) -> str:
        chosen = os.environ.get(KEY_ENV)
        if chosen:
            return chosen
        return self.device_key_id()

    def device_key_id(self) -> str:
        """The key this device signs with unless told otherwise (no environment read)."""
        path = self.keys_dir / DEFAULT_KEY_FILE
        if path.is_file():
            return path.read_text(encoding="ascii").strip()
        found = sorted(p.stem for p in self.keys_dir.glob("*.json"))
        if len(found) == 1:
            return found[0]
        raise KeyError_(f"{self.keys_dir}: no default key; set {KEY_ENV} to a key id")

    def use(self, signer: UnlockedKey) -> None:
        """Sign with this key from now on: a user's key, unlocked by the caller.

        The library never asks for a passphrase itself when a signer is given (a
        team server holds one per user; the CLI asks at the terminal)."""
        self._check_may_sign(signer)
        self._key = signer

    def ask_with(
        self, ask: Callable[[str], str], *, key_id: str | None = None, quietly: bool = False
    ) -> None:
        """Unlock ``key_id`` (else the device's key) when first needed, with the passphrase
        ``ask(purpose)`` returns; ``quietly``: it asks no one (a passphrase at hand)."""
        self._ask, self._ask_key_id, self._ask_quietly = ask, key_id, quietly

    @property
    def can_sign_quietly(self) -> bool:
        """Whether signing needs no one to be asked: a key unlocked, or one at hand."""
        return self._key is not None or (self._ask is not None and self._ask_quietly)

    @property
    def signer(self) -> UnlockedKey | None:
        """The key this vault signs with, if one is unlocked."""
        return self._key

    def unlock(self, passphrase: str | None = None, key_id: str | None = None) -> UnlockedKey:
        """Open the signing key (once per Vault object)."""
        if key_id is None and self._key is not None:
            return self._key  # the key in use (``use``) signs until told otherwise
        if key_id is None and self._ask is not None:
            key_id = self._ask_key_id or self.device_key_id()
        key_id = key_id or self.default_key_id()
        if self._key is not None and self._key.identity.key_id == key_id:
            return self._key
        path = self.keys_dir / f"{key_id}.json"
        if not path.is_file():
            raise KeyError_(f"no key {key_id} on this device ({path})")
        if passphrase is None:
            ask = self._ask or keymod.ask_passphrase
            passphrase = ask(f"unlock signing key {key_id}")
        self._key = keymod.unlock(path, passphrase)
        return self._key

    def reader(self, passphrase: str | None = None) -> ReaderKey:
        """The key that opens sealed data: from the signing key's file (keys made
        before readers were kept apart), else ``<key_id>.reader.json`` and its own
        passphrase (``RECKON_READER_PASSPHRASE``, or asked at the terminal)."""
        if self._reader is not None:
            return self._reader
        key_id = self.default_key_id()
        path = keymod.reader_path(self.keys_dir / f"{key_id}.json")
        if not path.is_file():
            key = self.unlock(key_id=key_id)
            if key.box is None:
                raise KeyError_(f"no reader key {key_id} on this device ({path})")
            self._reader = ReaderKey(key.identity, key.box)
            return self._reader
        if passphrase is None:
            passphrase = keymod.ask_passphrase(
                f"open sealed data (reader key {key_id})", keymod.READER_PASSPHRASE_ENV
            )
        self._reader = keymod.unlock_reader(path, passphrase)
        return self._reader

    def identities(self) -> dict[str, PublicIdentity]:
        """Every key the log has added, by key id (rotations and bundles' carried keys too)."""
        return self.key_history().identities()

    def readers(self) -> dict[str, PublicIdentity]:
        """The keys new sealed data is sealed to by default: every key of the case not
        revoked (a seized key reads nothing sealed after its revocation). A key rotated
        away still reads: its person's other devices hold only it until they get the new
        one, and a bundle must open there."""
        hist = self.key_history()
        return {
            k: info.identity
            for k, info in hist.keys.items()
            if info.trusted and info.retired_how != "revoked"
        }

    def key_history(self) -> KeyHistory:
        """The case's keys through time: who added each, which were rotated or revoked."""
        from reckon.vault.bundles import inner_events

        hist = KeyHistory(self.log_id())
        # Carried events sit escaped inside a bundle.imported line: both marks are needed.
        for event in self.lines_with(b'"kind":"key.', b'"kind":"bundle.imported"'):
            if event.kind != "bundle.imported":
                hist.apply(event.seq, event)
                continue
            for inner in inner_events(event):  # as they changed the key set on their device
                hist.apply(event.seq, inner)
        return hist

    def add_key(
        self, author: str, passphrase: str, reader_passphrase: str | None = None
    ) -> PublicIdentity:
        """A new person's key on this device, announced in the log by the current key;
        with ``reader_passphrase`` their reader key is kept apart under it."""
        check_passphrase(passphrase, about=[author], what=f"{author}'s signing key")
        if reader_passphrase is not None:
            check_passphrase(reader_passphrase, about=[author], what=f"{author}'s reader key")
        signer = self.unlock()
        key = keymod.generate(author)
        keymod.save(key, self.keys_dir, passphrase, reader_passphrase)
        self.append_event(
            KEY_ADDED, {**key.identity.to_payload(), "added_by": signer.identity.key_id}
        )
        return key.identity

    def rotate_key(self, passphrase: str, reason: str = "") -> PublicIdentity:
        """Replace the current key by a new one of the same person: the old key signs the
        ``key.rotated`` event, and signs nothing after it; the new key signs from now on."""
        old = self.unlock()
        self._check_may_sign(old)
        author = old.identity.author
        check_passphrase(passphrase, about=[author], what=f"{author}'s new signing key")
        new = keymod.generate(author)
        keymod.save(new, self.keys_dir, passphrase)
        self.append_event(
            ROTATED,
            {"key_id": old.identity.key_id, "new": new.identity.to_payload(), "reason": reason},
        )
        default = self.keys_dir / DEFAULT_KEY_FILE
        if not default.is_file() or default.read_text().strip() == old.identity.key_id:
            write_atomic(default, new.identity.key_id.encode())
        self._key = new
        return new.identity

    def revoke_key(
        self, key_id: str, reason: str = "", cosigners: Iterable[UnlockedKey] = ()
    ) -> None:
        """Revoke a key: the key itself signs it, or another key of the case with enough
        ``cosigners`` that more than half of the other active keys agree."""
        signer = self.unlock()
        self._check_may_sign(signer)
        hist = self.key_history()
        if key_id not in hist.keys:
            raise KeyError_(f"key {key_id} is not one of this case's keys")
        if hist.keys[key_id].retired_seq is not None:
            raise KeyError_(f"key {key_id} is already {hist.keys[key_id].status}")
        payload: dict[str, Any] = {"key_id": key_id, "reason": reason}
        if signer.identity.key_id != key_id:
            payload["cosigners"] = [
                cosign(REVOKED, key_id, hist.log_id, "", co)
                for co in cosigners
                if co.identity.key_id not in (key_id, signer.identity.key_id)
            ]
        # the same rule verify applies, before anything is written
        seq = self.last_event().seq + 1
        probe = Event(seq, "", REVOKED, payload, signer.identity.key_id, "", "", b"", b"")
        trial = KeyHistory(hist.log_id, dict(hist.keys), [])
        trial.apply(seq, probe)
        if trial.faults:
            raise KeyError_(trial.faults[0])
        self.append_event(REVOKED, payload)

    def _check_may_sign(self, key: UnlockedKey) -> None:
        info = self.key_history().keys.get(key.identity.key_id)
        if info is None:
            raise KeyError_(f"key {key.identity.key_id} is not one of this case's keys")
        if info.retired_seq is not None or not info.trusted:
            status = info.status if info.trusted else "it does not trace back to the founder"
            raise KeyError_(f"key {key.identity.key_id} may no longer sign: {status}")
        self._may_sign = key.identity.key_id

    # --- objects ------------------------------------------------------------

    def put_file(
        self,
        path: Path,
        custody: Mapping[str, Any] | None = None,
        *,
        sensitive: bool = False,
        readers: Iterable[PublicIdentity] | None = None,
    ) -> str:
        """Store a file once; a sensitive file is sealed to its readers first.

        ``custody`` is accepted for the case's convenience but recorded by the
        event that references the object (``evidence.added``, ``import``), not
        here: an object is bytes only.
        """
        if not sensitive:
            return self.objects.put_file(Path(path))
        readers = list(readers) if readers is not None else list(self.readers().values())
        with tempfile.TemporaryFile(dir=self.objects.root) as sealed:
            with Path(path).open("rb") as src:
                seal_stream(src, sealed, readers)
            sealed.seek(0)
            return self.objects.put_stream(sealed)

    def put_bytes(
        self,
        data: bytes,
        custody: Mapping[str, Any] | None = None,
        *,
        sensitive: bool = False,
        readers: Iterable[PublicIdentity] | None = None,
    ) -> str:
        if sensitive:
            data = seal(data, readers if readers is not None else self.readers().values())
        return self.objects.put_bytes(data)

    def object_path(self, sha256: str) -> Path:
        return self.objects.path_of(sha256)

    def has_object(self, sha256: str) -> bool:
        return self.objects.has(sha256)

    # --- the log ------------------------------------------------------------

    def events(self, after_seq: int = 0) -> Iterator[Event]:
        """Events with ``seq > after_seq``, in order; a torn last line is not an event."""
        start, number = 0, 0
        head = self._head_position()
        if head is not None and after_seq >= head[0]:
            number, start = head  # skip what the head already covers without reading it
        for _, line, complete in read_lines(self.log_path, start):
            number += 1
            if not complete:
                break
            if number <= after_seq:
                continue
            yield parse_line(line, f"{self.log_path}: line {number}")

    def _head_position(self) -> tuple[int, int] | None:
        """(events, bytes) the signed head covers, if the log is at least that long."""
        try:
            data = json.loads(self.head_path.read_text(encoding="utf-8"))
            size = parse_checkpoint(data["checkpoint"].encode(), "head").size
            end = int(data["log_bytes"])
        except (OSError, ValueError, KeyError, IntegrityError):
            return None
        if end > self.log_path.stat().st_size:
            return None
        return size, end

    def lines_with(self, *marks: bytes) -> Iterator[Event]:
        """Events whose line contains any of ``marks`` (a fast byte search, then a parse)."""
        data = self.log_path.read_bytes()
        starts: set[int] = set()
        for mark in marks:
            pos = data.find(mark)
            while pos >= 0:
                start = data.rfind(b"\n", 0, pos) + 1
                starts.add(start)
                end = data.find(b"\n", pos)
                if end < 0:
                    break
                pos = data.find(mark, end)
        for start in sorted(starts):
            end = data.find(b"\n", start)
            if end < 0:
                continue  # a torn last line is not an event
            yield parse_line(data[start:end], f"{self.log_path} at byte {start}")

    def leaves(self) -> list[bytes]:
        """The Merkle leaf hash of every complete event line."""
        return [leaf_hash(line) for _, line, complete in read_lines(self.log_path) if complete]

    def append_event(self, kind: str, payload: dict[str, Any]) -> EventRef:
        """Sign, chain and durably append one event."""
        return self.append_events([(kind, payload)])[0]

    def append_events(self, items: Iterable[tuple[str, dict[str, Any]]]) -> list[EventRef]:
        """One transaction: its events, then one signed tree head over them; all durable
        when this returns."""
        items = list(items)
        if not items:
            return []
        key = self.unlock()
        with self._locked():
            state = self._catch_up()
            if state.size and self._may_sign != key.identity.key_id:
                self._check_may_sign(key)  # a rotated or revoked key writes nothing more
            first = state.size + 1
            lines: list[bytes] = []
            hashes: list[bytes] = []
            refs: list[EventRef] = []
            for kind, payload in items:
                seq = state.size + 1
                body = make_body(
                    seq, state.last_hash, kind, payload, key.identity.key_id, now_iso()
                )
                raw = hashlib.sha256(body).digest()
                digest = raw.hex()
                lines.append(body)  # a version-2 line is its body: the tree head signs it
                hashes.append(raw)
                refs.append(EventRef(seq, digest))
                state.tree.append(leaf_hash(body))
                state.size, state.last_hash = seq, digest
                if seq == 1:
                    state.log_id = digest
            data = b"".join(line + b"\n" for line in lines)
            fd = os.open(self.log_path, os.O_WRONLY | os.O_APPEND)
            try:
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            state.log_bytes += len(data)
            head = sign_tree_head(
                state.size,
                state.tree.root(),
                now_iso(),
                state.log_id,
                first,
                b"".join(hashes),
                key,
            )
            repair_heads(self.heads_path)  # never a head after a torn one
            append_head(self.heads_path, head)
            self._write_head(state, head)
        return refs

    def last_event(self) -> EventRef:
        """The number and hash of the log's last event."""
        with self._locked():
            state = self._catch_up()
        return EventRef(state.size, state.last_hash)

    def head(self) -> Checkpoint | None:
        """The signed checkpoint of the whole log as last written (None before any event)."""
        if not self.head_path.is_file():
            return None
        data = json.loads(self.head_path.read_text(encoding="utf-8"))
        return parse_checkpoint(data["checkpoint"].encode(), str(self.head_path))

    def checkpoint(self) -> Checkpoint:
        """Sign and keep a checkpoint of the log as it is now; record it as witnessed."""
        from reckon.vault.witness import remember

        key = self.unlock()
        with self._locked():
            state = self._catch_up()
            cp = sign_checkpoint(state.size, state.tree.root(), now_iso(), state.log_id, key)
            cp = dataclasses.replace(cp, founder=self.founder())
            fd = os.open(self.checkpoints_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, cp.line + b"\n")
                os.fsync(fd)
            finally:
                os.close(fd)
        remember(cp, self.case_dir)
        return cp

    def checkpoints(self) -> list[Checkpoint]:
        return [
            parse_checkpoint(line, f"{self.checkpoints_path}: line {n}")
            for n, (_, line, complete) in enumerate(read_lines(self.checkpoints_path), start=1)
            if complete
        ]

    def founder(self) -> str:
        """The founding key's id: the key the log's first event adds."""
        first = next(self.events(), None)
        return str(first.payload.get("key_id", "")) if first else ""

    def log_id(self) -> str:
        first = next(self.events(), None)
        return first.hash if first else ""

    # --- internals ----------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with (self.log_dir / ".lock").open("a") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def _catch_up(self) -> _State:
        """The end of the log, from the head and any complete lines after it."""
        state = self._state or self._state_from_head()
        size_now = self.log_path.stat().st_size
        if size_now < state.log_bytes:
            raise IntegrityError(
                f"{self.log_path}: the log is shorter ({size_now} bytes) than its signed head "
                f"({state.log_bytes} bytes): events were removed; run `reckon verify`"
            )
        if size_now > state.log_bytes:
            repair_heads(self.heads_path)
            newest = last_head(self.heads_path)
            signed_upto = newest.size if newest is not None else 0
            for offset, line, complete in read_lines(self.log_path, state.log_bytes):
                event = parse_line(line, f"{self.log_path} at byte {offset}") if complete else None
                if event is None or (not event.signed_alone and event.seq > signed_upto):
                    # A write that never returned (torn, or its tree head never written):
                    # it was not acknowledged, so drop it.
                    log.warning(
                        "dropping %s of %s (an interrupted write)",
                        "a torn last line" if event is None else "events no tree head signed",
                        self.log_path,
                    )
                    with self.log_path.open("r+b") as fh:
                        fh.truncate(offset)
                        os.fsync(fh.fileno())
                    break
                if event.seq != state.size + 1 or event.prev != state.last_hash:
                    raise IntegrityError(
                        f"{self.log_path}: event {event.seq} does not follow the head"
                    )
                state.tree.append(leaf_hash(line))
                state.size, state.last_hash = event.seq, event.hash
                state.log_bytes = offset + len(line) + 1
                if event.seq == 1:
                    state.log_id = event.hash
        self._state = state
        return state

    def _state_from_head(self) -> _State:
        if not self.head_path.is_file():
            return _State(0, GENESIS_PREV, 0, CompactTree(), "")
        data = json.loads(self.head_path.read_text(encoding="utf-8"))
        cp = parse_checkpoint(data["checkpoint"].encode(), str(self.head_path))
        tree = CompactTree(cp.size, [bytes.fromhex(h) for h in data["frontier"]])
        if tree.root() != cp.root:
            raise IntegrityError(f"{self.head_path}: the frontier does not give the signed root")
        return _State(cp.size, data["last_hash"], int(data["log_bytes"]), tree, cp.log_id)

    def _write_head(self, state: _State, cp: Checkpoint) -> None:
        record = {
            "checkpoint": cp.line.decode(),
            "last_hash": state.last_hash,
            "log_bytes": state.log_bytes,
            "frontier": [h.hex() for h in state.tree.nodes],
        }
        write_atomic(self.head_path, json.dumps(record, indent=1).encode())
        fsync_dir(self.log_dir)

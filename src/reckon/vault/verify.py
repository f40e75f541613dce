"""Verify a vault without any secret: objects, chain, signatures, checkpoints.

The vault alone: a case's database is checked against the log one layer up
(``reckon.events.verify.verify_case``, which is ``reckon verify``).

Every fault is named: which event (by number and line), which object (by
hash and path), which checkpoint. Nothing here needs a passphrase or a
decryption key: signatures are checked with the public keys the log itself
carries (``key.added`` events), sealed objects are checked as the bytes stored.

The log is checked in byte ranges on up to two processes (Ed25519 verification
dominates); each range checks its own lines and chain, and the ranges are
joined at their edges. A torn last line (an interrupted write that was never
acknowledged) is reported as a note, not a fault.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import multiprocessing
import os
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nacl.bindings
import nacl.exceptions

from reckon.errors import IntegrityError
from reckon.vault.checkpoints import (
    Checkpoint,
    matches_fingerprint,
    parse_checkpoint,
    parse_fingerprint,
)
from reckon.vault.keys import PublicIdentity, verify_signature
from reckon.vault.log import GENESIS_PREV, SIG_HEX, parse_line, read_lines
from reckon.vault.merkle import leaf_hash, roots_at
from reckon.vault.objects import ObjectStore, named_objects

log = logging.getLogger("reckon.vault.verify")

KEY_MARK = b'"kind":"key.added"'
PARALLEL_FROM = 20_000  # lines; below this, one process is faster than starting two


@dataclass
class VerifyReport:
    """What ``verify`` found. ``ok`` is true when there is no fault."""

    events: int = 0
    objects: int = 0
    checkpoints: int = 0
    faults: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    root: str = ""
    fingerprint: str = ""
    # each event's SHA-256 (32 bytes each, in order): the case-level checks of the
    # database (``reckon.events.state``) compare its applied events with these
    event_hashes: bytes = field(default=b"", repr=False)

    @property
    def ok(self) -> bool:
        return not self.faults

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "objects": self.objects,
            "checkpoints": self.checkpoints,
            "root": self.root,
            "fingerprint": self.fingerprint,
            "faults": self.faults,
            "notes": self.notes,
        }


# --- the log, in ranges -----------------------------------------------------------


@dataclass
class _Range:
    """What one byte range of the log showed."""

    first_line: int
    lines: int = 0
    first_prev: str = ""
    last_hash: str = ""
    leaves: bytes = b""
    hashes: bytes = b""  # each event's SHA-256, for the database check
    faults: list[tuple[int, str]] = field(default_factory=list)
    deferred: list[tuple[int, bytes]] = field(default_factory=list)  # unknown signer
    bundles: list[tuple[int, bytes]] = field(default_factory=list)  # wrapped events
    objects: list[tuple[int, str]] = field(default_factory=list)  # (seq, object named)
    torn: bool = False


def _scan_range(
    path: str, start: int, end: int, first_line: int, keys: dict[str, tuple[bytes, int]]
) -> _Range:
    out = _Range(first_line)
    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(end - start)
    sha256 = hashlib.sha256
    sign_open = nacl.bindings.crypto_sign_open
    leaves = bytearray()
    hashes = bytearray()
    prev = ""
    number = first_line - 1
    pos = 0
    size = len(data)
    while pos < size:
        nl = data.find(b"\n", pos)
        if nl < 0:
            out.torn = True
            break
        line = data[pos:nl]
        pos = nl + 1
        number += 1
        out.lines += 1
        leaves += sha256(b"\x00" + line).digest()
        where = number
        if len(line) < SIG_HEX + 2 or line[SIG_HEX] != 0x20:
            out.faults.append((where, "not a log line (signature, space, body)"))
            hashes += bytes(32)
            prev = "?"
            continue
        body = line[SIG_HEX + 1 :]
        raw_digest = sha256(body).digest()
        hashes += raw_digest
        digest = raw_digest.hex()
        try:
            sig = bytes.fromhex(line[:SIG_HEX].decode("ascii"))
            data_obj = json.loads(body)
            seq, ev_prev, author, kind = (
                data_obj["seq"],
                data_obj["prev"],
                data_obj["author"],
                data_obj["kind"],
            )
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            out.faults.append((where, "the event cannot be read"))
            prev = digest
            continue
        if out.lines == 1:
            out.first_prev = ev_prev
        elif ev_prev != prev:
            out.faults.append((where, f"chain broken: prev is not the hash of event {number - 1}"))
        if seq != number:
            out.faults.append(
                (
                    where,
                    f"event number {seq} at line {number}: events were "
                    "inserted, deleted or reordered",
                )
            )
        prev = digest
        known = keys.get(author)
        if known is None:
            out.deferred.append((number, line))
        else:
            pk, added = known
            if seq < added or (seq == added and kind != "key.added"):
                out.faults.append((where, f"signed by key {author} before the log added it"))
            try:
                sign_open(sig + body, pk)
            except (nacl.exceptions.BadSignatureError, ValueError, TypeError):
                out.faults.append((where, f"bad signature (key {author})"))
        if kind == "key.added" and seq != 1:
            payload = data_obj.get("payload")
            if not isinstance(payload, dict) or payload.get("key_id") == author:
                out.faults.append((where, "a key added itself: only the founder's key may"))
        if kind == "bundle.imported":
            out.bundles.append((number, line))
        if b'"object' in body:  # most events name no object: skip the walk
            for obj in named_objects(data_obj.get("payload")):
                out.objects.append((number, obj))
    out.last_hash = prev
    out.leaves = bytes(leaves)
    out.hashes = bytes(hashes)
    return out


def _ranges(path: Path, parts: int) -> list[tuple[int, int]]:
    """Byte ranges ending on line boundaries."""
    size = path.stat().st_size
    cuts = [0]
    with path.open("rb") as fh:
        for i in range(1, parts):
            fh.seek(max(cuts[-1], size * i // parts))
            fh.readline()
            cuts.append(min(fh.tell(), size))
    cuts.append(size)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _lines_before(path: Path, offsets: Sequence[int]) -> list[int]:
    counts = []
    with path.open("rb") as fh:
        for off in offsets:
            fh.seek(0)
            counts.append(fh.read(off).count(b"\n"))
    return counts


def _key_registry(path: Path, report: VerifyReport) -> dict[str, tuple[PublicIdentity, int]]:
    """Keys added by top-level ``key.added`` events (found by a byte search, then parsed)."""
    registry: dict[str, tuple[PublicIdentity, int]] = {}
    data = path.read_bytes()
    pos = data.find(KEY_MARK)
    while pos >= 0:
        start = data.rfind(b"\n", 0, pos) + 1
        end = data.find(b"\n", pos)
        if end < 0:
            break
        line = data[start:end]
        number = data.count(b"\n", 0, start) + 1
        try:
            event = parse_line(line, f"line {number}")
            if event.kind == "key.added" and event.payload.get("key_id") not in registry:
                identity = PublicIdentity.from_payload(event.payload)
                registry[identity.key_id] = (identity, event.seq)
        except Exception:
            pass
        pos = data.find(KEY_MARK, end)
    return registry


def verify_log(
    case_dir: Path, report: VerifyReport, *, workers: int | None = None
) -> tuple[list[bytes], dict[str, PublicIdentity], list[tuple[int, str]], bytes]:
    """Check the event log; returns the leaf hashes, the keys, the objects the log names
    and the events' hashes (32 bytes each, in order)."""
    path = case_dir / "vault" / "log" / "events.log"
    if not path.is_file():
        report.faults.append(f"{path}: the event log is missing")
        return [], {}, [], b""
    registry = _key_registry(path, report)
    keys = {k: (ident.sign_public, seq) for k, (ident, seq) in registry.items()}
    workers = workers or min(2, os.cpu_count() or 1)
    size = path.stat().st_size
    approx_lines = size // 400
    parts = workers if approx_lines >= PARALLEL_FROM and workers > 1 else 1
    spans = _ranges(path, parts)
    firsts = [c + 1 for c in _lines_before(path, [a for a, _ in spans])]
    jobs = [(str(path), a, b, first, keys) for (a, b), first in zip(spans, firsts, strict=True)]
    if len(jobs) > 1:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(len(jobs), mp_context=ctx) as pool:
            results = list(pool.map(_scan_range, *zip(*jobs, strict=True)))
    else:
        results = [_scan_range(*job) for job in jobs]
    leaves: list[bytes] = []
    named: list[tuple[int, str]] = []
    event_hashes = b"".join(part.hashes for part in results)
    expected_prev = GENESIS_PREV
    identities = {k: ident for k, (ident, _) in registry.items()}
    for part in results:
        if part.lines and part.first_prev != expected_prev:
            report.faults.append(
                f"event {part.first_line} (line {part.first_line}): chain broken: prev is not "
                f"the hash of event {part.first_line - 1}"
            )
        expected_prev = part.last_hash
        for number, what in part.faults:
            report.faults.append(f"event {number} (line {number}): {what}")
        for number, line in part.bundles:
            _check_bundle_event(number, line, identities, report)
        for number, line in part.deferred:
            try:
                event = parse_line(line, f"line {number}")
            except IntegrityError:
                report.faults.append(f"event {number} (line {number}): cannot be read")
                continue
            ident = identities.get(event.author)
            if ident is None:
                report.faults.append(
                    f"event {number} (line {number}): signed by key {event.author}, "
                    "which the log never added"
                )
            elif not verify_signature(ident.sign_public, event.body, event.signature):
                report.faults.append(f"event {number} (line {number}): bad signature")
        named.extend(part.objects)
        leaves.extend(part.leaves[i : i + 32] for i in range(0, len(part.leaves), 32))
        if part.torn:
            report.notes.append(
                f"{path}: an incomplete last line after event {len(leaves)} "
                "(an interrupted write, never acknowledged) is ignored"
            )
    report.events = len(leaves)
    if leaves:
        with path.open("rb") as fh:
            head_line = fh.readline().rstrip(b"\n")
        try:
            first = parse_line(head_line, "line 1")
            founder = first.kind == "key.added" and first.payload.get("key_id") == first.author
        except IntegrityError:
            founder = False
        if not founder:
            report.faults.append("event 1 (line 1): the log must start with its founder's key")
    return leaves, identities, named, event_hashes


def _check_bundle_event(
    number: int, line: bytes, identities: dict[str, PublicIdentity], report: VerifyReport
) -> None:
    """Events carried in from another device keep their own signatures: check each."""
    from reckon.vault.bundles import carried_events

    try:  # every level: a carried bundle.imported's own carried events too
        inner = list(carried_events(parse_line(line, f"line {number}")))
    except IntegrityError as exc:
        report.faults.append(f"event {number} (line {number}): {exc}")
        return
    for ev in inner:
        ident = identities.get(ev.author)
        if ident is None or not verify_signature(ident.sign_public, ev.body, ev.signature):
            report.faults.append(
                f"event {number} (line {number}): imported event {ev.hash[:12]} "
                f"(seq {ev.seq} of its device) has a bad or unknown signature"
            )
            continue
        # a carried key is trusted only when a key already trusted added it
        if ev.kind == "key.added" and ev.payload.get("key_id") not in identities:
            try:
                identities[ev.payload["key_id"]] = PublicIdentity.from_payload(ev.payload)
            except (KeyError, ValueError, TypeError, IntegrityError):
                report.faults.append(f"event {number}: imported key event {ev.hash[:12]} is bad")


# --- checkpoints -----------------------------------------------------------------


def verify_checkpoints(
    case_dir: Path,
    leaves: Sequence[bytes],
    identities: dict[str, PublicIdentity],
    report: VerifyReport,
    known: Sequence[str] = (),
) -> None:
    from reckon.vault.witness import newest_seen

    log_dir = case_dir / "vault" / "log"
    found: list[tuple[str, Checkpoint]] = []
    head_path = log_dir / "head.json"
    if head_path.is_file():
        try:
            head = json.loads(head_path.read_text(encoding="utf-8"))
            head_cp = parse_checkpoint(head["checkpoint"].encode(), "head")
            found.append(("the signed head", head_cp))
            _check_head_state(case_dir, head, head_cp, report)
        except (ValueError, KeyError, TypeError, IntegrityError):
            report.faults.append(f"{head_path}: the signed head cannot be read")
    elif leaves:
        report.faults.append(f"{head_path}: the signed head is missing")
    cp_path = log_dir / "checkpoints.log"
    for n, (_, line, complete) in enumerate(read_lines(cp_path), start=1):
        if not complete:
            # One small write per checkpoint: a kill cannot cut it; only an edit or a
            # power failure can, and either way the line can no longer be trusted.
            report.faults.append(
                f"checkpoint {n} ({cp_path.name} line {n}): incomplete line (altered or cut)"
            )
            break
        try:
            found.append((f"checkpoint {n} ({cp_path.name} line {n})", parse_checkpoint(line, "")))
        except IntegrityError:
            report.faults.append(f"checkpoint {n} ({cp_path.name} line {n}): cannot be read")
    sizes = {cp.size for _, cp in found}
    fingerprints = list(known)
    log_id = _log_id(case_dir)
    seen = newest_seen(log_id, case_dir) if log_id else None
    if seen is not None:
        fingerprints.append(seen[1])
    for fp in fingerprints:
        try:
            sizes.add(parse_fingerprint(fp)[0])
        except IntegrityError as exc:
            report.faults.append(str(exc))
    roots = roots_at(leaves, sizes)
    for name, cp in found:
        report.checkpoints += 1
        ident = identities.get(cp.key_id)
        if ident is None or not cp.verify(ident):
            report.faults.append(f"{name}: bad signature or unknown key {cp.key_id}: forged")
            continue
        if cp.log_id != log_id:
            report.faults.append(f"{name}: belongs to another log ({cp.log_id[:12]})")
        if cp.size > len(leaves):
            report.faults.append(
                f"{name}: covers {cp.size} events but the log holds {len(leaves)}: "
                "the log was truncated or events removed"
            )
        elif roots.get(cp.size) != cp.root:
            report.faults.append(
                f"{name}: the log's first {cp.size} events do not give its root: "
                "the log was altered or the checkpoint forged"
            )
    for fp in fingerprints:
        try:
            fp_size, _ = parse_fingerprint(fp)
        except IntegrityError:
            continue
        source = "the newest checkpoint this device saw" if seen and fp == seen[1] else fp
        if fp_size > len(leaves):
            report.faults.append(
                f"rollback: {source} ({fp}) covers {fp_size} events but this log holds "
                f"{len(leaves)}: this is an older copy, or events were removed"
            )
        elif not matches_fingerprint(fp, fp_size, roots[fp_size]):
            report.faults.append(f"fingerprint {fp}: the log's first {fp_size} events differ")
    if leaves:
        from reckon.vault.checkpoints import fingerprint_of

        root = roots_at(leaves, [len(leaves)])[len(leaves)]
        report.root = root.hex()
        report.fingerprint = fingerprint_of(len(leaves), root)


def _check_head_state(
    case_dir: Path, head: dict[str, Any], cp: Checkpoint, report: VerifyReport
) -> None:
    """The head's unsigned hints for the next append must agree with what it signed."""
    from reckon.vault.merkle import CompactTree

    where = case_dir / "vault" / "log" / "head.json"
    try:
        tree = CompactTree(cp.size, [bytes.fromhex(h) for h in head["frontier"]])
        if tree.root() != cp.root:
            raise IntegrityError("frontier")
    except (ValueError, IntegrityError):
        report.faults.append(f"{where}: its Merkle frontier does not give its signed root")
    path = case_dir / "vault" / "log" / "events.log"
    end = int(head["log_bytes"])
    if end > path.stat().st_size:
        report.faults.append(
            f"{where}: the log is shorter than its head's byte count: the log was truncated"
        )
        return
    if cp.size == 0:
        return
    last = _line_ending_at(path, end)
    body = last[SIG_HEX + 1 :]
    if not last or hashlib.sha256(body).hexdigest() != head["last_hash"]:
        report.faults.append(f"{where}: its last-event hash or byte count does not match the log")


def _line_ending_at(path: Path, end: int) -> bytes:
    """The line whose newline is byte ``end - 1`` (empty if there is no newline there)."""
    with path.open("rb") as fh:
        fh.seek(end - 1)
        if fh.read(1) != b"\n":
            return b""
        stop = start = end - 1
        window = 1 << 16
        while start > 0:
            lo = max(0, start - window)
            fh.seek(lo)
            found = fh.read(start - lo).rfind(b"\n")
            if found >= 0:
                start = lo + found + 1
                break
            start, window = lo, window * 2
        fh.seek(start)
        return fh.read(stop - start)


def _log_id(case_dir: Path) -> str:
    path = case_dir / "vault" / "log" / "events.log"
    with path.open("rb") as fh:
        first = fh.readline()
    if not first.endswith(b"\n") or len(first) < SIG_HEX + 2:
        return ""
    return hashlib.sha256(first[SIG_HEX + 1 : -1]).hexdigest()


# --- objects -----------------------------------------------------------------------


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb", buffering=0) as fh:
        while chunk := fh.read(4 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _hash_many(paths: list[str]) -> list[str]:
    return [_hash_file(Path(p)) for p in paths]


def verify_objects(
    case_dir: Path, named: Sequence[tuple[int, str]], report: VerifyReport, workers: int = 2
) -> None:
    store = ObjectStore(case_dir / "vault" / "objects")
    items = list(store)
    paths = [str(p) for _, p in items]
    total = sum(os.path.getsize(p) for p in paths)
    if workers > 1 and total > (256 << 20) and len(paths) > 1:
        halves = [paths[0::2], paths[1::2]]
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(2, mp_context=ctx) as pool:
            a, b = pool.map(_hash_many, halves)
        got = dict(zip(halves[0] + halves[1], a + b, strict=True))
    else:
        got = dict(zip(paths, _hash_many(paths), strict=True))
    for name, path in items:
        report.objects += 1
        if not re.fullmatch(r"[0-9a-f]{64}", name):
            report.faults.append(f"object {path}: not a SHA-256 name: a stray file in the store")
        elif got[str(path)] != name:
            report.faults.append(
                f"object {name} ({path}): its content does not match its name "
                f"(content hashes to {got[str(path)][:16]}...)"
            )
    present = {name for name, _ in items}
    for seq, obj in named:
        if obj not in present:
            report.faults.append(f"event {seq}: names object {obj}, which is missing")


def verify_vault(
    case_dir: Path,
    *,
    known: Sequence[str] = (),
    workers: int | None = None,
    objects: bool = True,
) -> VerifyReport:
    """Check everything in ``case_dir/vault``; never raises for a fault, reports it."""
    case_dir = Path(case_dir)
    report = VerifyReport()
    if not (case_dir / "vault").is_dir():
        report.faults.append(f"{case_dir}: no vault here")
        return report
    leaves: list[bytes] = []
    identities: dict[str, PublicIdentity] = {}
    named: list[tuple[int, str]] = []
    try:
        leaves, identities, named, hashes = verify_log(case_dir, report, workers=workers)
        verify_checkpoints(case_dir, leaves, identities, report, known)
        report.event_hashes = hashes
    except (IntegrityError, ValueError, KeyError, TypeError, OSError) as exc:
        report.faults.append(f"the log cannot be checked further: {exc}")
    if objects:
        verify_objects(case_dir, named, report, workers or 2)
    log.info(
        "verified %d events, %d objects: %d fault(s)",
        report.events,
        report.objects,
        len(report.faults),
    )
    return report


def leaf_hashes(path: Path) -> list[bytes]:
    return [leaf_hash(line) for _, line, complete in read_lines(path) if complete]

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

import binascii
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
    fingerprint_founder,
    matches_fingerprint,
    parse_checkpoint,
    parse_fingerprint,
    transaction_digest,
)
from reckon.vault.heads import HEADS_FILE, Attestation, read_heads
from reckon.vault.keyring import KeyHistory
from reckon.vault.keys import PublicIdentity, verify_signature
from reckon.vault.log import GENESIS_PREV, SIG_HEX, Event, body_of, parse_line, read_lines
from reckon.vault.merkle import Levels, leaf_hash
from reckon.vault.objects import ObjectStore, named_objects

log = logging.getLogger("reckon.vault.verify")

KEY_MARK = b'"kind":"key.added"'
PARALLEL_FROM = 20_000  # lines; below this, one process is faster than starting two
PARALLEL_HEADS = 4_000  # tree heads (signatures) likewise


@dataclass
class VerifyReport:
    """What ``verify`` found. ``ok`` is true when there is no fault."""

    events: int = 0
    objects: int = 0
    checkpoints: int = 0
    heads: int = 0  # signed tree heads, one per transaction
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
            "heads": self.heads,
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
    key_events: list[tuple[int, bytes]] = field(default_factory=list)  # key.* lines
    objects: list[tuple[int, str]] = field(default_factory=list)  # (seq, object named)
    # (first line, last line, author) of each run of version-2 lines by one author:
    # each must lie in tree heads that author signed
    runs: list[tuple[int, int, str]] = field(default_factory=list)
    torn: bool = False


# A body's first and last fields, read without parsing the JSON between them: the keys
# are sorted (author, kind, payload, prev, seq, time) and no key's value but payload's
# can hold a quote.
_FRONT = re.compile(rb'\{"author":"([^"\\]*)","kind":"([^"\\]*)","payload":')
_TAIL = re.compile(rb',"prev":"([0-9a-f]{64})","seq":([0-9]+),"time":"[^"\\]*"\}\Z')
_PREV_MARK = b',"prev":"'


# The same fields, for every line of a range at once (version-2 lines only).
_FRONTS = re.compile(rb'\n\{"author":"([^"\\\n]*)","kind":"([^"\\\n]*)","payload":')
_TAILS = re.compile(rb',"prev":"([0-9a-f]{64})","seq":([0-9]+),"time":"[^"\\\n]*"\}$', re.M)


def _scan_range(
    path: str, start: int, end: int, first_line: int, keys: dict[str, tuple[bytes, int]]
) -> _Range:
    """Hash every line (leaf and event hash), check numbers and chain links, check the
    signature of every version-1 line; version-2 lines are vouched for by tree heads."""
    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(end - start)
    return _scan_bulk(data, first_line) or _scan_lines(data, first_line, keys)


def _scan_bulk(data: bytes, first_line: int) -> _Range | None:
    """The common case at the speed of hashing: a range of well-formed version-2 lines
    whose numbers and chain links all hold, checked with whole-range operations (one
    regular-expression pass per field, the chain compared as one byte string). None
    when anything is amiss: ``_scan_lines`` then names each fault."""
    cut = data.rfind(b"\n") + 1
    whole, torn = data[:cut], cut < len(data)
    lines = whole.split(b"\n")
    lines.pop()  # the empty piece after the last newline
    n = len(lines)
    fronts = _FRONTS.findall(b"\n" + whole)  # a literal start: the fast search
    tails = _TAILS.findall(whole)
    if len(fronts) != n or len(tails) != n or whole.count(b"\n{") + (whole[:1] == b"{") != n:
        return None  # a version-1 line, or one that cannot be read
    sha256 = hashlib.sha256
    hashes = b"".join([sha256(line).digest() for line in lines])
    seqs = [int(seq) for _, seq in tails]
    if seqs != list(range(first_line, first_line + n)):
        return None
    prevs = binascii.unhexlify(b"".join([prev for prev, _ in tails]))
    if prevs[32:] != hashes[:-32]:  # each event's prev is the hash of the one before
        return None
    out = _Range(first_line, lines=n, torn=torn)
    out.first_prev = prevs[:32].hex() if n else ""
    out.last_hash = hashes[-32:].hex() if n else ""
    out.leaves = b"".join([sha256(b"\x00" + line).digest() for line in lines])
    out.hashes = hashes
    runs: list[tuple[int, int, str]] = []
    number = first_line
    for author, group in itertools.groupby(fronts, key=lambda f: f[0]):
        count = sum(1 for _ in group)
        runs.append((number, number + count - 1, author.decode()))
        number += count
    out.runs = runs
    for i, (_, kind) in enumerate(fronts):
        if kind.startswith(b"key.") or kind == b"bundle.imported":
            (out.key_events if kind != b"bundle.imported" else out.bundles).append(
                (first_line + i, lines[i])
            )
    for i in [i for i, line in enumerate(lines) if b'"object' in line]:
        try:
            payload = json.loads(lines[i]).get("payload")
        except ValueError:
            return None
        out.objects.extend((first_line + i, obj) for obj in named_objects(payload))
    return out


def _scan_lines(data: bytes, first_line: int, keys: dict[str, tuple[bytes, int]]) -> _Range:
    """Line by line: any mix of versions, each fault named."""
    out = _Range(first_line)
    sha256 = hashlib.sha256
    sign_open = nacl.bindings.crypto_sign_open
    front_match, tail_match = _FRONT.match, _TAIL.match
    leaves = bytearray()
    hashes = bytearray()
    runs: list[list[Any]] = []
    prev = b""  # the previous event's hash, as hex bytes
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
        leaves += sha256(b"\x00" + line).digest()
        v2 = line[:1] == b"{"
        if v2:
            body = line
        elif len(line) >= SIG_HEX + 2 and line[SIG_HEX] == 0x20:
            body = line[SIG_HEX + 1 :]
        else:
            out.faults.append((number, "not a log line (signature, space, body)"))
            hashes += bytes(32)
            prev = b"?"
            continue
        raw_digest = sha256(body).digest()
        hashes += raw_digest
        digest = raw_digest.hex().encode()
        front = front_match(body)
        tail = tail_match(body, max(body.rfind(_PREV_MARK), 0))
        if front is None or tail is None:
            out.faults.append((number, "the event cannot be read"))
            prev = digest
            continue
        author_b, kind_b = front.group(1), front.group(2)
        ev_prev, seq = tail.group(1), int(tail.group(2))
        if number == first_line:
            out.first_prev = ev_prev.decode()
        elif ev_prev != prev:
            out.faults.append((number, f"chain broken: prev is not the hash of event {number - 1}"))
        if seq != number:
            out.faults.append(
                (
                    number,
                    f"event number {seq} at line {number}: events were "
                    "inserted, deleted or reordered",
                )
            )
        prev = digest
        if v2:
            if runs and runs[-1][2] == author_b and runs[-1][1] == number - 1:
                runs[-1][1] = number
            else:
                runs.append([number, number, author_b])
        else:
            author = author_b.decode()
            known = keys.get(author)
            if known is None:
                out.deferred.append((number, line))
            else:
                pk, added = known
                if seq < added or (seq == added and kind_b != b"key.added"):
                    out.faults.append((number, f"signed by key {author} before the log added it"))
                try:
                    sign_open(bytes.fromhex(line[:SIG_HEX].decode("ascii")) + body, pk)
                except (nacl.exceptions.BadSignatureError, ValueError, TypeError):
                    out.faults.append((number, f"bad signature (key {author})"))
        if kind_b.startswith(b"key."):
            out.key_events.append((number, line))
        elif kind_b == b"bundle.imported":
            out.bundles.append((number, line))
        if b'"object' in body:  # most events name no object: skip the walk
            try:
                payload = json.loads(body).get("payload")
            except ValueError:
                out.faults.append((number, "the event cannot be read"))
                continue
            for obj in named_objects(payload):
                out.objects.append((number, obj))
    out.runs = [(a, b, who.decode()) for a, b, who in runs]
    out.lines = number - first_line + 1
    out.last_hash = prev.decode()
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


@dataclass
class LogScan:
    """What checking the log gave the later checks."""

    leaves: list[bytes] = field(default_factory=list)
    identities: dict[str, PublicIdentity] = field(default_factory=dict)
    named: list[tuple[int, str]] = field(default_factory=list)
    hashes: bytes = b""
    keys: KeyHistory = field(default_factory=KeyHistory)
    runs: list[tuple[int, int, str]] = field(default_factory=list)
    levels: Levels | None = None

    def root(self, size: int) -> bytes:
        if self.levels is None:
            self.levels = Levels(self.leaves)
        return self.levels.root(size)


def verify_log(
    case_dir: Path, report: VerifyReport, *, workers: int | None = None
) -> tuple[list[bytes], dict[str, PublicIdentity], list[tuple[int, str]], bytes]:
    """Check the event log; returns the leaf hashes, the keys, the objects the log names
    and the events' hashes (32 bytes each, in order)."""
    scan = scan_log(case_dir, report, workers=workers)
    return scan.leaves, scan.identities, scan.named, scan.hashes


def scan_log(case_dir: Path, report: VerifyReport, *, workers: int | None = None) -> LogScan:
    """Every line's hashes, numbers, chain links and version-1 signatures; the key
    history; then every tree head of ``heads.log`` against them."""
    path = case_dir / "vault" / "log" / "events.log"
    scan = LogScan()
    if not path.is_file():
        report.faults.append(f"{path}: the event log is missing")
        return scan
    with path.open("rb") as fh:
        v1_log = fh.read(1) not in (b"{", b"")
    # only version-1 lines need keys while being read; a log that starts in version 2
    # can hold none that verify (one added later is checked below, as unknown)
    registry = _key_registry(path, report) if v1_log else {}
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
    leaves = scan.leaves
    scan.hashes = b"".join(part.hashes for part in results)
    expected_prev = GENESIS_PREV
    key_lines: list[tuple[int, bytes]] = []
    bundles: list[tuple[int, bytes]] = []
    deferred: list[tuple[int, bytes]] = []
    for part in results:
        if part.lines and part.first_prev != expected_prev:
            report.faults.append(
                f"event {part.first_line} (line {part.first_line}): chain broken: prev is not "
                f"the hash of event {part.first_line - 1}"
            )
        expected_prev = part.last_hash
        for number, what in part.faults:
            report.faults.append(f"event {number} (line {number}): {what}")
        key_lines.extend(part.key_events)
        bundles.extend(part.bundles)
        deferred.extend(part.deferred)
        scan.named.extend(part.objects)
        for run in part.runs:  # join runs cut at a range's edge
            if scan.runs and scan.runs[-1][2] == run[2] and scan.runs[-1][1] == run[0] - 1:
                scan.runs[-1] = (scan.runs[-1][0], run[1], run[2])
            else:
                scan.runs.append(run)
        leaves.extend(part.leaves[i : i + 32] for i in range(0, len(part.leaves), 32))
        if part.torn:
            report.notes.append(
                f"{path}: an incomplete last line after event {len(leaves)} "
                "(an interrupted write, never acknowledged) is ignored"
            )
    report.events = len(leaves)
    log_id = scan.hashes[:32].hex() if leaves else ""
    # the key history, in log order, bundles' carried keys included
    events: list[tuple[int, Event]] = []
    for number, line in sorted(key_lines + bundles):
        try:
            events.append((number, parse_line(line, f"line {number}")))
        except IntegrityError:
            report.faults.append(f"event {number} (line {number}): cannot be read")
    scan.keys = KeyHistory(log_id)
    for number, event in events:
        if event.kind == "bundle.imported":
            _check_bundle_event(number, event, scan.keys, report)
        else:
            scan.keys.apply(number, event)
    report.faults.extend(scan.keys.faults)
    scan.identities = scan.keys.identities()
    for number, line in deferred:
        try:
            event = parse_line(line, f"line {number}")
        except IntegrityError:
            report.faults.append(f"event {number} (line {number}): cannot be read")
            continue
        ident = scan.identities.get(event.author)
        if ident is None:
            report.faults.append(
                f"event {number} (line {number}): signed by key {event.author}, "
                "which the log never added"
            )
        elif not verify_signature(ident.sign_public, event.body, event.signature):
            report.faults.append(f"event {number} (line {number}): bad signature")
    if leaves and not (events and events[0][0] == 1 and scan.keys.founder):
        report.faults.append("event 1 (line 1): the log must start with its founder's key")
    verify_heads(case_dir, scan, log_id, report, workers)
    return scan


def _verify_many(items: list[tuple[bytes, bytes, bytes]]) -> list[bool]:
    """Ed25519 over (public key, message, signature) triples."""
    out = []
    for pk, body, sig in items:
        try:
            nacl.bindings.crypto_sign_open(sig + body, pk)
            out.append(True)
        except (nacl.exceptions.BadSignatureError, ValueError, TypeError):
            out.append(False)
    return out


def _head_signatures(
    heads: list[Checkpoint], identities: dict[str, PublicIdentity], workers: int
) -> list[bool]:
    """Whether each head's signature is good by its key: ~100 us each, so a log of many
    small transactions splits them over the worker processes."""
    items = []
    for head in heads:
        ident = identities.get(head.key_id)
        items.append((ident.sign_public if ident else b"", head.body, head.signature))
    known = [bool(pk) for pk, _, _ in items]
    if workers > 1 and len(items) >= PARALLEL_HEADS:
        half = len(items) // 2
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(2, mp_context=ctx) as pool:
            a, b = pool.map(_verify_many, [items[:half], items[half:]])
        checked = a + b
    else:
        checked = _verify_many(items)
    return [k and c for k, c in zip(known, checked, strict=True)]


def verify_heads(
    case_dir: Path, scan: LogScan, log_id: str, report: VerifyReport, workers: int = 1
) -> None:
    """Every transaction's tree head: signed by a key of the case allowed to then, in order,
    joined end to end, over exactly the events it names (their digest and the tree's root),
    and by the author of each of those events; every version-2 event covered."""
    path = case_dir / "vault" / "log" / HEADS_FILE
    n = len(scan.leaves)
    runs = scan.runs
    covered_to = 0  # version-2 events are covered up to here
    prev_size = runs[0][0] - 1 if runs else n
    r = 0  # the first run not yet wholly checked
    count = 0
    heads: list[tuple[str, Checkpoint]] = []
    for number, line, complete in read_heads(path) if path.is_file() else []:
        name = f"tree head {number} ({HEADS_FILE} line {number})"
        if not complete:
            report.faults.append(f"{name}: incomplete line (altered or cut)")
            break
        try:
            head = parse_checkpoint(line, name)
            if not head.is_tree_head:
                raise IntegrityError("a checkpoint")
        except IntegrityError:
            report.faults.append(f"{name}: cannot be read")
            continue
        heads.append((name, head))
    good = _head_signatures([head for _, head in heads], scan.identities, workers)
    for (name, head), signed in zip(heads, good, strict=True):
        count += 1
        if not signed:
            report.faults.append(
                f"{name}: bad signature or unknown key {head.key_id}: cut, altered or forged"
            )
            prev_size = max(prev_size, head.size)  # its place, so the next head is not blamed
            continue
        if head.log_id != log_id:
            report.faults.append(f"{name}: belongs to another log ({head.log_id[:12]})")
        if head.first != prev_size + 1:
            report.faults.append(
                f"{name}: covers events {head.first}-{head.size} but the previous head ended at "
                f"event {prev_size}: tree heads removed, reordered or repeated"
            )
        prev_size = max(prev_size, head.size)
        if head.size > n:
            report.faults.append(
                f"{name}: covers {head.size} events but the log holds {n}: "
                "the log was truncated or events removed"
            )
            continue
        why = scan.keys.may_sign_head(head.key_id, head.first, head.size)
        if why:
            report.faults.append(f"{name}: {why}")
        chunk = scan.hashes[(head.first - 1) * 32 : head.size * 32]
        if transaction_digest(chunk) != head.events or scan.root(head.size) != head.root:
            report.faults.append(
                f"{name}: events {head.first}-{head.size} are not the ones it signed: "
                "an event was altered, inserted or removed"
            )
        while r < len(runs) and runs[r][0] <= head.size:
            a, b, author = runs[r]
            if b >= head.first and author != head.key_id:
                report.faults.append(
                    f"{name}: signed by key {head.key_id}, but events "
                    f"{max(a, head.first)}-{min(b, head.size)} in it were written by key {author}"
                )
            if b > head.size:
                break
            r += 1
        covered_to = max(covered_to, head.size)
    report.heads = count
    uncovered = [(a, b) for a, b, _ in runs if b > covered_to]
    if uncovered:
        first = max(uncovered[0][0], covered_to + 1)
        report.faults.append(
            f"events {first}-{uncovered[-1][1]}: no signed tree head covers them: "
            f"{HEADS_FILE} was cut, or these events were added by hand"
        )


def _check_bundle_event(number: int, event: Event, keys: KeyHistory, report: VerifyReport) -> None:
    """Events carried in from another device keep their own authentication, checked at
    every level: a version-1 event's signature, a version-2 event's tree head (carried in
    the payload's ``heads``). A carried key counts once the event adding it passed."""
    from reckon.vault.bundles import carried_events, check_carried, inner_events

    try:
        inner = list(inner_events(event))
        attestations = [
            Attestation.from_dict(d, f"event {number}, carried tree head {i + 1}")
            for i, d in enumerate(event.payload.get("heads", []) or [])
        ]
    except (IntegrityError, AttributeError) as exc:
        report.faults.append(f"event {number} (line {number}): {exc}")
        return
    # every level: a carried bundle.imported's own carried events too
    _, faults = check_carried(inner, attestations, keys.identities())
    report.faults.extend(f"event {number} (line {number}): imported {f}" for f in faults)
    if not faults:  # carried key events change the key set as they did on their device
        for ev in carried_events(event):
            keys.apply(number, ev)


# --- checkpoints -----------------------------------------------------------------


def verify_checkpoints(
    case_dir: Path,
    scan: LogScan,
    report: VerifyReport,
    known: Sequence[str] = (),
) -> None:
    from reckon.vault.witness import newest_seen, seen_in_folder

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
    elif scan.leaves:
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
    log_id = _log_id(case_dir)
    founder = scan.keys.founder
    _check_founder(case_dir, founder, seen_in_folder(case_dir), known, report)
    fingerprints = [fp for fp in known if fingerprint_founder(fp) in ("", founder)]
    seen = None
    if log_id:  # this device's record, by founding key (or by log id, as written before)
        seen = (newest_seen(founder, case_dir) if founder else None) or newest_seen(
            log_id, case_dir
        )
    if seen is not None:
        fingerprints.append(seen[1])
    for fp in fingerprints:
        try:
            sizes.add(parse_fingerprint(fp)[0])
        except IntegrityError as exc:
            report.faults.append(str(exc))
    leaves, identities = scan.leaves, scan.identities
    roots = {size: scan.root(size) for size in sizes if 0 <= size <= len(leaves)}
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

        root = scan.root(len(leaves))
        report.root = root.hex()
        report.fingerprint = fingerprint_of(len(leaves), root, founder)


def _check_founder(
    case_dir: Path,
    founder: str,
    here: dict[str, Any] | None,
    known: Sequence[str],
    report: VerifyReport,
) -> None:
    """A log founded by another key than the one this folder's log had, or than a known
    fingerprint names: the whole log was re-signed (or replaced) by a different key."""
    what = f"the log here is founded by key {founder or '(none)'}"
    if here is not None and here.get("founder") and here["founder"] != founder:
        report.faults.append(
            f"a different key signed this log: this device saw this folder's log founded by "
            f"key {here['founder']} ({here.get('size')} events, {here.get('fingerprint')}), "
            f"but {what}: it was re-signed or replaced"
        )
    for fp in known:
        named = fingerprint_founder(fp) if _readable(fp) else ""
        if named and named != founder:
            report.faults.append(
                f"a different key signed this log: fingerprint {fp} is of a log founded by "
                f"key {named}, but {what}: it was re-signed or replaced"
            )


def _readable(fp: str) -> bool:
    try:
        parse_fingerprint(fp)
    except IntegrityError:
        return False
    return True


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
    body = body_of(last)
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
    if not first.endswith(b"\n") or len(first) < 2:
        return ""
    return hashlib.sha256(body_of(first[:-1])).hexdigest()


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
    scan = LogScan()
    try:
        scan = scan_log(case_dir, report, workers=workers)
        verify_checkpoints(case_dir, scan, report, known)
        report.event_hashes = scan.hashes
    except (IntegrityError, ValueError, KeyError, TypeError, OSError) as exc:
        report.faults.append(f"the log cannot be checked further: {exc}")
    if objects:
        verify_objects(case_dir, scan.named, report, workers or 2)
    log.info(
        "verified %d events, %d objects: %d fault(s)",
        report.events,
        report.objects,
        len(report.faults),
    )
    return report


def leaf_hashes(path: Path) -> list[bytes]:
    return [leaf_hash(line) for _, line, complete in read_lines(path) if complete]

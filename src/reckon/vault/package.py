"""The court package: chosen evidence, its custody log and the means to check it.

``export_evidence`` writes a zip that a court or a fact-finding mission can
check years later without reckon::

    VERIFY.txt              how to check it with sha256sum, openssl and Python
    SHA256SUMS              sha256sum -c SHA256SUMS
    manifest.json           items: file, SHA-256, custody (public fields), event
    files/<sha12>-<name>    the files, byte-exact (sensitive ones stay sealed)
    events/<seq>.json       each event's exact signed bytes (custody log)
    events/<seq>.sig        its raw 64-byte Ed25519 signature (a version-1 event), or
    events/<seq>.head.json  the signed tree head of its transaction (version 2),
    events/<seq>.head.sig   that head's raw signature, by the event's author, and
    events/<seq>.hashes     the hashes of the transaction's events, one per line
    events/<seq>.proof.json its Merkle inclusion proof to the checkpoint
    keys/<key_id>.pem       the signers' public keys (and their key.added events)
    checkpoint.json/.sig    the signed tree head every proof leads to

``verify_package`` checks all of it with no case and no secret.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reckon.errors import IntegrityError, VaultError
from reckon.vault.checkpoints import parse_checkpoint
from reckon.vault.files import write_atomic
from reckon.vault.heads import Attestation, attest, check_attested
from reckon.vault.keys import PublicIdentity
from reckon.vault.log import Event, parse_line
from reckon.vault.merkle import inclusion_proof, leaf_hash, root_from_inclusion
from reckon.vault.objects import named_objects
from reckon.vault.verify import VerifyReport

if TYPE_CHECKING:
    from reckon.vault.vault import Vault

ED25519_SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")

GUIDE = """\
HOW TO VERIFY THIS EVIDENCE PACKAGE
===================================

This package was exported by reckon from the evidence vault of case log
{log_id}.
It holds {n_items} item(s), the events that recorded them (the custody log),
the public keys that signed those events, and a signed checkpoint of the whole
log at {size} events with fingerprint

    {fingerprint}

Compare that fingerprint (or an earlier one with a consistency proof) with one
received independently, e.g. by text message when the checkpoint was made.

1. Files are unchanged (any system with coreutils):

       sha256sum -c SHA256SUMS

2. Each event was signed by the key named in it (OpenSSL 3). Its author
   signed the tree head of the transaction that wrote it:

       openssl pkeyutl -verify -pubin -inkey keys/KEY_ID.pem -rawin \\
           -in events/SEQ.head.json -sigfile events/SEQ.head.sig

   and that head's "events" is the SHA-256 of the binary hashes listed in
   events/SEQ.hashes, among which is the event's own (sha256sum
   events/SEQ.json) at place SEQ - "first" + 1. (An event written before
   reckon signed per transaction has its own events/SEQ.sig instead, checked
   with -in events/SEQ.json -sigfile events/SEQ.sig.)

   The key id of each event is its "author"; events/SEQ.json names the
   file's SHA-256 in "object". Each signer's key was added to the log by the
   event listed in manifest.json under "keys"; the first key is the founder's.

3. The checkpoint was signed by a key in keys/:

       openssl pkeyutl -verify -pubin -inkey keys/KEY_ID.pem -rawin \\
           -in checkpoint.json -sigfile checkpoint.sig

4. Each event is in the log of that checkpoint (RFC 6962 Merkle inclusion).
   The leaf is the event's log line: the bytes of events/SEQ.json (for an
   event with its own signature: the signature in hex, a space, and those
   bytes). With Python 3 and nothing else:

       import hashlib, json, os
       H = lambda b: hashlib.sha256(b).digest()
       def check(seq):
           body = open(f"events/{{seq}}.json", "rb").read()
           line = body
           if os.path.exists(f"events/{{seq}}.sig"):
               line = open(f"events/{{seq}}.sig", "rb").read().hex().encode() + b" " + body
           p = json.load(open(f"events/{{seq}}.proof.json"))
           r, fn, sn = H(b"\\0" + line), p["leaf_index"], p["tree_size"] - 1
           for h in map(bytes.fromhex, p["path"]):
               if fn % 2 or fn == sn:
                   r = H(b"\\1" + h + r)
                   while fn % 2 == 0 and fn: fn, sn = fn >> 1, sn >> 1
               else:
                   r = H(b"\\1" + r + h)
               fn, sn = fn >> 1, sn >> 1
           return sn == 0 and r.hex() == json.load(open("checkpoint.json"))["root"]

Or, with reckon installed: reckon verify-package THIS.zip
"""


def _pem(public: bytes) -> str:
    text = base64.b64encode(ED25519_SPKI_PREFIX + public).decode()
    return f"-----BEGIN PUBLIC KEY-----\n{text}\n-----END PUBLIC KEY-----\n"


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.\-]+", "_", name)[:80] or "file"


def export_evidence(vault: Vault, items: Sequence[str], out: Path) -> dict[str, Any]:
    """Write the court package for objects ``items`` (full hashes or unique prefixes)."""
    head = vault.head()
    if head is None:
        raise VaultError("the log is empty: nothing to export")
    events = list(vault.events())[: head.size]
    leaves = [leaf_hash(e.line) for e in events]
    if head.root != _root(leaves):
        raise IntegrityError("the log does not match its signed head: run `reckon verify`")
    by_object: dict[str, Event] = {}
    for event in events:
        for obj in named_objects(event.payload):
            by_object.setdefault(obj, event)
    identities = {e.payload["key_id"]: e for e in events if e.kind == "key.added"}
    chosen: list[tuple[str, Event]] = []
    for item in items:
        matches = sorted(o for o in by_object if o.startswith(item.lower()))
        if len(matches) != 1:
            raise VaultError(f"{item!r} names {len(matches)} logged objects; give more of the hash")
        chosen.append((matches[0], by_object[matches[0]]))
    buffer = io.BytesIO()
    manifest_items = []
    sums: list[tuple[str, bytes]] = []
    needed: dict[int, Event] = {}

    def put(name: str, data: bytes) -> None:
        zf.writestr(name, data)
        sums.append((name, data))

    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for sha, event in chosen:
            item_meta: dict[str, Any] = next(
                (i for i in event.payload.get("items", []) if i.get("object") == sha), {}
            )
            name = f"files/{sha[:12]}-{_safe_name(item_meta.get('file_name') or sha)}"
            put(name, vault.object_path(sha).read_bytes())
            needed[event.seq] = event
            manifest_items.append(
                {
                    "file": name,
                    "sha256": sha,
                    "sensitive": bool(item_meta.get("sensitive")),
                    "custody": event.payload.get("custody", {}),
                    "event": event.seq,
                    "event_hash": event.hash,
                }
            )
        keys: dict[str, int] = {}
        for key_id in {e.author for e in needed.values()} | {head.key_id}:
            chain = key_id
            while chain and chain not in keys:
                added = identities[chain]
                keys[chain] = added.seq
                needed[added.seq] = added
                chain = added.payload.get("added_by") or ""
        hashes = b"".join(bytes.fromhex(e.hash) for e in events)
        vouching = {
            seq: att
            for att in attest(
                vault.heads_path, hashes, [s for s, e in needed.items() if not e.signed_alone]
            )
            for seq in range(att.head.first, att.head.size + 1)
        }
        for seq, event in sorted(needed.items()):
            put(f"events/{seq}.json", event.body)
            if event.signed_alone:
                put(f"events/{seq}.sig", event.signature)
            else:
                att = vouching[seq]
                put(f"events/{seq}.head.json", att.head.body)
                put(f"events/{seq}.head.sig", att.head.signature)
                put(f"events/{seq}.hashes", "".join(h + "\n" for h in att.hashes).encode())
            proof = {
                "leaf_index": seq - 1,
                "tree_size": head.size,
                "path": [h.hex() for h in inclusion_proof(seq - 1, leaves)],
            }
            put(f"events/{seq}.proof.json", json.dumps(proof, indent=1).encode())
        for key_id, seq in keys.items():
            ident = PublicIdentity.from_payload(needed[seq].payload)
            put(f"keys/{key_id}.pem", _pem(ident.sign_public).encode())
        put("checkpoint.json", head.body)
        put("checkpoint.sig", head.signature)
        manifest = {
            "format": "reckon-court-package-1",
            "log": head.log_id,
            "checkpoint": head.to_dict(),
            "items": manifest_items,
            "keys": keys,
        }
        put("manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False).encode())
        guide = GUIDE.format(
            log_id=head.log_id, n_items=len(chosen), size=head.size, fingerprint=head.fingerprint
        )
        zf.writestr("VERIFY.txt", guide)
        zf.writestr(
            "SHA256SUMS",
            "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in sums),
        )
    write_atomic(Path(out), buffer.getvalue())
    return {"items": len(chosen), "events": len(needed), "fingerprint": head.fingerprint}


def _root(leaves: list[bytes]) -> bytes:
    from reckon.vault.merkle import root_of

    return root_of(leaves)


def verify_package(path: Path) -> VerifyReport:
    """Check a court package on its own; every fault is named."""
    report = VerifyReport()
    try:
        zf = zipfile.ZipFile(Path(path))
    except (OSError, zipfile.BadZipFile) as exc:
        report.faults.append(f"{path}: not a readable zip ({exc})")
        return report
    names = set(zf.namelist())
    for name in names:
        if name.startswith("/") or "\\" in name or ".." in name.split("/"):
            report.faults.append(f"{path}: member {name!r} escapes its folder")
    if report.faults:
        return report
    try:
        manifest = json.loads(zf.read("manifest.json"))
        cp = parse_checkpoint(
            zf.read("checkpoint.sig").hex().encode() + b" " + zf.read("checkpoint.json"), "cp"
        )
        sums = zf.read("SHA256SUMS").decode().splitlines()
    except (KeyError, ValueError, IntegrityError) as exc:
        report.faults.append(f"{path}: manifest, checkpoint or SHA256SUMS missing or bad ({exc})")
        return report
    for row in sums:
        digest, _, name = row.partition("  ")
        if name not in names:
            report.faults.append(f"{name}: listed in SHA256SUMS but missing")
        elif hashlib.sha256(zf.read(name)).hexdigest() != digest:
            report.faults.append(f"{name}: does not match SHA256SUMS")
    events: dict[int, Event] = {}
    vouchers: dict[int, Attestation] = {}
    for name in sorted(names):
        match = re.fullmatch(r"events/(\d+)\.json", name)
        if not match:
            continue
        seq = int(match.group(1))
        try:
            if f"events/{seq}.sig" in names:
                line = zf.read(f"events/{seq}.sig").hex().encode() + b" " + zf.read(name)
            else:
                line = zf.read(name)
                head_line = zf.read(f"events/{seq}.head.sig").hex().encode() + b" "
                head_line += zf.read(f"events/{seq}.head.json")
                carried = zf.read(f"events/{seq}.hashes").decode().split()
                vouchers[seq] = Attestation.from_dict(
                    {"head": head_line.decode(), "hashes": carried}, f"events/{seq}.head"
                )
            event = parse_line(line, name)
            proof = json.loads(zf.read(f"events/{seq}.proof.json"))
            root = root_from_inclusion(
                proof["leaf_index"],
                proof["tree_size"],
                leaf_hash(line),
                [bytes.fromhex(h) for h in proof["path"]],
            )
        except (KeyError, ValueError, IntegrityError) as exc:
            report.faults.append(
                f"event {seq}: its signature, body or proof is missing or bad ({exc})"
            )
            continue
        if event.seq != seq or proof["leaf_index"] != seq - 1:
            report.faults.append(f"event {seq}: its number does not match its place")
        if proof["tree_size"] != cp.size or root != cp.root:
            report.faults.append(
                f"event {seq}: its inclusion proof does not lead to the checkpoint"
            )
        events[seq] = event
        report.events += 1
    keys: dict[str, PublicIdentity] = {}
    for key_id, seq in sorted(manifest.get("keys", {}).items(), key=lambda kv: kv[1]):
        added = events.get(seq)
        if added is None or added.kind != "key.added" or added.payload.get("key_id") != key_id:
            report.faults.append(f"key {key_id}: the event that added it (event {seq}) is missing")
            continue
        keys[key_id] = PublicIdentity.from_payload(added.payload)
        pem = zf.read(f"keys/{key_id}.pem") if f"keys/{key_id}.pem" in names else b""
        if pem.decode() != _pem(keys[key_id].sign_public):
            report.faults.append(f"keys/{key_id}.pem: does not match the key the log added")
    for seq, event in sorted(events.items()):
        voucher = [vouchers[seq]] if seq in vouchers else []
        if check_attested([event], voucher, keys)[1]:
            report.faults.append(f"event {seq}: bad signature or unknown key {event.author}")
    first = events.get(1)
    if first is None or first.payload.get("key_id") != first.author:
        report.faults.append("the founder's key event (event 1) is missing or not self-signed")
    ident = keys.get(cp.key_id)
    report.checkpoints = 1
    if ident is None or not cp.verify(ident):
        report.faults.append("checkpoint: bad signature or unknown key: forged")
    for item in manifest.get("items", []):
        report.objects += 1
        name, sha = item.get("file", ""), item.get("sha256", "")
        if name not in names:
            report.faults.append(f"{name}: missing from the package")
            continue
        if hashlib.sha256(zf.read(name)).hexdigest() != sha:
            report.faults.append(f"{name}: its content does not match SHA-256 {sha}")
        recorder = events.get(int(item.get("event", 0)))
        if recorder is None or sha not in set(named_objects(recorder.payload)):
            report.faults.append(f"{name}: no signed event in the package records object {sha}")
    report.fingerprint = cp.fingerprint
    report.root = cp.root.hex()
    report.notes.append(
        f"checkpoint {cp.fingerprint} of log {cp.log_id}: compare it with one received "
        "independently"
    )
    return report

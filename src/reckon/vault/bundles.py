"""Offline sync: signed, encrypted bundles of new events and objects.

A bundle is a zip, sealed (``crypt.seal``) to every key the exporting log
knows, holding::

    manifest.json   what the bundle carries, signed by its exporter
    manifest.sig    Ed25519 signature (hex) over manifest.json's bytes
    events.log      the carried events, lines exactly as in their own log
    objects/<sha>   the objects those events name

Events keep their original signatures and hashes. Importing appends *one*
``bundle.imported`` event whose payload wraps the events this log did not
have yet, so the local log stays a single chain and an import is all or
nothing. An event is known by its hash wherever it came from, which makes
import idempotent (importing twice changes nothing), order-independent (the
set of events is the same whichever bundle came first) and loss-free: every
edit from either side stays in the log. Two edits of the same field that do
not know each other are both kept and listed by ``field_conflicts`` for review.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from reckon.errors import BundleError, IntegrityError, KeyError_, VaultError
from reckon.vault.canonical import canonical
from reckon.vault.checkpoints import matches_fingerprint, parse_fingerprint
from reckon.vault.crypt import STREAM_MAGIC, is_sealed, seal_stream, unseal_stream
from reckon.vault.heads import Attestation, attest, check_attested
from reckon.vault.keys import PublicIdentity, verify_signature
from reckon.vault.log import Event, EventRef, body_of, parse_line, read_lines
from reckon.vault.merkle import roots_at
from reckon.vault.objects import named_objects

if TYPE_CHECKING:
    from reckon.vault.vault import Vault  # which reads carried keys through this module

# the objects an event names (by default, those its payload lists)
NamedObjects = Callable[[Event], Iterable[str]]

FORMAT = "reckon-bundle-1"
IMPORTED = "bundle.imported"
IMPORTED_MARK = b'"kind":"bundle.imported"'
_MEMBER = re.compile(r"^(manifest\.json|manifest\.sig|events\.log|objects/[0-9a-f]{64})$")


def inner_events(event: Event) -> Iterator[Event]:
    """The events a ``bundle.imported`` event carries (none for other kinds)."""
    if event.kind != IMPORTED:
        return
    for i, text in enumerate(event.payload.get("events", [])):
        yield parse_line(text.encode(), f"event {event.seq}, carried event {i + 1}")


def carried_events(event: Event) -> Iterator[Event]:
    """Every event carried inside ``event``, at every level: a carried
    ``bundle.imported`` is followed into the events it carries in turn."""
    for inner in inner_events(event):
        yield inner
        yield from carried_events(inner)


def check_carried(
    events: Sequence[Event],
    attestations: Iterable[Attestation],
    identities: Mapping[str, PublicIdentity],
) -> tuple[dict[str, PublicIdentity], list[str]]:
    """``check_attested`` at every level: a carried ``bundle.imported`` that passed has
    its own carried events checked in turn, against the tree heads its payload carries,
    with the keys trusted so far. (The keys trusted after it all, the faults.)"""
    keys, faults = check_attested(events, attestations, identities)
    if faults:
        return keys, faults
    for ev in events:
        if ev.kind != IMPORTED:
            continue
        try:
            inner = list(inner_events(ev))
            heads = [
                Attestation.from_dict(d, f"carried tree head {i + 1}")
                for i, d in enumerate(ev.payload.get("heads", []) or [])
            ]
        except (IntegrityError, AttributeError) as exc:
            faults.append(f"carried inside event {ev.hash[:12]}: {exc}")
            continue
        keys, nested = check_carried(inner, heads, keys)
        faults.extend(f"carried inside event {ev.hash[:12]}: {f}" for f in nested)
    return keys, faults


def all_events(vault: Vault) -> Iterator[Event]:
    """Every event of the log, and every event carried in by bundles."""
    for event in vault.events():
        yield event
        yield from inner_events(event)


@dataclass
class BundleInfo:
    path: Path
    bundle_id: str
    events: int
    objects: int


@dataclass
class ImportResult:
    bundle_id: str
    new_events: int
    known_events: int
    objects: int
    replayed: bool = False
    event: EventRef | None = None
    conflicts: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "bundle": self.bundle_id,
            "new_events": self.new_events,
            "known_events": self.known_events,
            "objects": self.objects,
            "replayed": self.replayed,
            "event": self.event.seq if self.event else None,
            "conflicts": self.conflicts,
        }


def payload_objects(event: Event) -> Iterator[str]:
    """Objects a payload names under ``object``, ``object_sha256`` or an ``objects`` list.

    The shape every version-2 event's payload has (``objects`` lists them all); for
    older shapes a case passes its event types' ``objects()`` to ``export_bundle``.
    """
    return named_objects(event.payload)


def export_bundle(
    vault: Vault, out: Path, *, since: str | None = None, named: NamedObjects = payload_objects
) -> BundleInfo:
    """Write the events after checkpoint ``since`` (all, without it) and their objects.

    ``named`` says which objects an event names; a case passes its event types' own
    ``objects()``, which also know the shapes of older logs.
    """
    key = vault.unlock()
    events = list(vault.events())
    start = 0
    if since:
        size, _ = parse_fingerprint(since)
        if size > len(events):
            raise BundleError(f"checkpoint {since} is ahead of this log ({len(events)} events)")
        root = roots_at(vault.leaves(), [size])[size]
        if not matches_fingerprint(since, size, root):
            raise BundleError(f"checkpoint {since} is not a checkpoint of this log")
        start = size
    lines: list[str] = []
    seen: set[str] = set()
    own: list[int] = []  # this log's version-2 events carried: their tree heads go along
    heads: dict[str, dict[str, Any]] = {}
    for event in events[start:]:
        carried = list(inner_events(event)) if event.kind == IMPORTED else [event]
        if event.kind == IMPORTED:
            for att in event.payload.get("heads", []) or []:
                heads.setdefault(str(att.get("head")), att)
        for ev in carried:
            if ev.hash not in seen:
                seen.add(ev.hash)
                lines.append(ev.line.decode())
                if ev is event and not ev.signed_alone:
                    own.append(ev.seq)
    all_hashes = b"".join(bytes.fromhex(e.hash) for e in events)
    for att in attest(vault.heads_path, all_hashes, own):
        heads.setdefault(att.head.line.decode(), att.to_dict())
    objects = sorted({o for line in lines for o in named(parse_line(line.encode(), ""))})
    objects = [o for o in objects if vault.has_object(o)]
    events_blob = "".join(line + "\n" for line in lines).encode()
    head = vault.head()
    manifest = canonical(
        {
            "format": FORMAT,
            "log": vault.log_id(),
            "exporter": key.identity.key_id,
            "head": head.fingerprint if head else None,
            "since": start,
            "events": len(lines),
            "events_sha256": hashlib.sha256(events_blob).hexdigest(),
            "objects": objects,
            # what vouches for the carried version-2 events: their transactions' heads
            "heads": list(heads.values()),
        }
    )
    readers = list(vault.readers().values())
    out = Path(out)
    # On disk, not in memory: a bundle may carry videos larger than the RAM.
    with tempfile.TemporaryFile(dir=out.parent) as plain:
        with zipfile.ZipFile(plain, "w", allowZip64=True) as zf:
            zf.writestr("manifest.json", manifest)
            zf.writestr("manifest.sig", key.sign(manifest).hex())
            zf.writestr("events.log", events_blob, compress_type=zipfile.ZIP_DEFLATED)
            for obj in objects:
                zf.write(vault.object_path(obj), f"objects/{obj}")
        plain.seek(0)
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".bundle-")
        try:
            with os.fdopen(fd, "wb") as sealed:
                seal_stream(plain, sealed, readers)
                sealed.flush()
                os.fsync(sealed.fileno())
            os.replace(tmp, out)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    return BundleInfo(Path(out), hashlib.sha256(manifest).hexdigest(), len(lines), len(objects))


@dataclass
class _Opened:
    bundle_id: str
    manifest: dict[str, Any]
    events: list[Event]
    zf: zipfile.ZipFile
    plain: IO[bytes]
    attestations: list[Attestation] = field(default_factory=list)

    def close(self) -> None:
        self.zf.close()
        self.plain.close()


def open_bundle(vault: Vault, path: Path) -> _Opened:
    """Decrypt, check every member name, the manifest signature and every event."""
    plain = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _Opened.close()
    try:
        return _open(vault, Path(path), plain)
    except BaseException:
        plain.close()
        raise


def _open(vault: Vault, path: Path, plain: IO[bytes]) -> _Opened:
    with path.open("rb") as fh:
        if not is_sealed(fh.read(len(STREAM_MAGIC))):
            raise BundleError(f"{path}: not a reckon bundle (not sealed)")
        fh.seek(0)
        key = vault.reader()
        try:
            unseal_stream(fh, plain, key)
        except KeyError_ as exc:
            raise BundleError(f"{path}: {exc}: it was not sent to this device") from None
        except VaultError as exc:
            raise BundleError(f"{path}: the bundle cannot be opened: {exc}") from None
    plain.seek(0)
    try:
        zf = zipfile.ZipFile(plain)
    except zipfile.BadZipFile:
        raise BundleError(f"{path}: the bundle's archive is damaged") from None
    for name in zf.namelist():
        if not _MEMBER.match(name):
            raise BundleError(
                f"{path}: member {name!r} is not allowed in a bundle "
                "(a path that escapes its folder or an unknown file); nothing was imported"
            )
    try:
        manifest_bytes = zf.read("manifest.json")
        signature = bytes.fromhex(zf.read("manifest.sig").decode())
        manifest = json.loads(manifest_bytes)
        events_blob = zf.read("events.log")
    except (KeyError, ValueError):
        raise BundleError(f"{path}: the bundle lacks a readable manifest or events") from None
    if manifest.get("format") != FORMAT:
        raise BundleError(f"{path}: unknown bundle format {manifest.get('format')!r}")
    if manifest.get("log") != vault.log_id():
        raise BundleError(
            f"{path}: this bundle belongs to another case (log {manifest.get('log')})"
        )
    if hashlib.sha256(events_blob).hexdigest() != manifest.get("events_sha256"):
        raise BundleError(f"{path}: events.log does not match the signed manifest")
    try:
        events = [
            parse_line(line, f"{path}: carried event {i + 1}")
            for i, line in enumerate(events_blob.splitlines())
        ]
        attestations = [
            Attestation.from_dict(d, f"{path}: carried tree head {i + 1}")
            for i, d in enumerate(manifest.get("heads", []) or [])
        ]
    except (IntegrityError, AttributeError) as exc:
        raise BundleError(f"{exc}; nothing was imported") from None
    identities = _trusted_keys(vault.identities(), events, attestations, path)
    exporter = identities.get(manifest.get("exporter", ""))
    if exporter is None or not verify_signature(exporter.sign_public, manifest_bytes, signature):
        raise BundleError(f"{path}: the manifest's signature does not verify: forged or altered")
    bundle_id = hashlib.sha256(manifest_bytes).hexdigest()
    return _Opened(bundle_id, manifest, events, zf, plain, attestations)


def _trusted_keys(
    known: dict[str, PublicIdentity],
    events: list[Event],
    attestations: list[Attestation],
    path: Path,
) -> dict[str, PublicIdentity]:
    """Keys known here, plus keys the bundle adds with an event a trusted key vouches for
    (its signature, or its transaction's tree head), at every level of carried events."""
    keys, faults = check_carried(events, attestations, known)
    if faults:
        raise BundleError(f"{path}: {faults[0]}; nothing was imported")
    return keys


# appends the import's event given its carried events and payload (default: to the vault)
Record = Callable[[list[Event], dict[str, Any]], EventRef]


def import_bundle(
    vault: Vault,
    path: Path,
    record: Record | None = None,
    stored: Callable[[str], None] | None = None,
    *,
    named: NamedObjects = payload_objects,
) -> ImportResult:
    """Merge a bundle; ``record`` appends the import, ``stored(sha)`` hears of each object.

    ``named`` says which objects an event names (a case passes its event types'
    ``objects()``): a bundle lacking one that this vault does not hold either is
    refused before anything is written."""
    opened = open_bundle(vault, path)
    try:
        return _merge(vault, path, opened, record, stored, named)
    finally:
        opened.close()


def _merge(
    vault: Vault,
    path: Path,
    opened: _Opened,
    record: Record | None,
    on_stored: Callable[[str], None] | None,
    named: NamedObjects,
) -> ImportResult:
    known: set[str] = set()
    for _, line, complete in read_lines(vault.log_path):
        if complete:  # an event is known by the hash of its body: no need to parse it
            known.add(hashlib.sha256(body_of(line)).hexdigest())
    replayed = False
    for event in vault.lines_with(IMPORTED_MARK):
        known.update(e.hash for e in carried_events(event))
        if event.kind == IMPORTED and event.payload.get("bundle") == opened.bundle_id:
            replayed = True
    new = [] if replayed else [ev for ev in opened.events if ev.hash not in known]
    members = set(opened.zf.namelist())
    carried = {o for o in opened.manifest.get("objects", []) if f"objects/{o}" in members}
    if not new:
        # Known events: the bundle may still bring objects this case lacks (a bundle
        # imported before without them, a file lost since): they mend it.
        wanted = {o for ev in opened.events for o in named(ev)} & carried
        mended = _store(vault, path, opened, sorted(wanted), on_stored)
        return ImportResult(opened.bundle_id, 0, len(opened.events), mended, replayed=replayed)
    for ev in new:
        for sha in named(ev):
            if sha not in carried and not vault.has_object(sha):
                raise BundleError(
                    f"{path}: carried event {ev.hash[:12]} names object {sha[:12]}, which "
                    "neither the bundle nor this case holds; nothing was imported"
                )
    stored = _store(vault, path, opened, list(opened.manifest.get("objects", [])), on_stored)
    payload = {
        "bundle": opened.bundle_id,
        "exporter": opened.manifest.get("exporter"),
        "head": opened.manifest.get("head"),
        "events": [ev.line.decode() for ev in new],
        "heads": [a.to_dict() for a in opened.attestations],
        "objects": list(opened.manifest.get("objects", [])),
    }
    ref = record(new, payload) if record is not None else vault.append_event(IMPORTED, payload)
    edits = (
        e
        for event in vault.lines_with(b'"field":', IMPORTED_MARK)
        for e in (event, *inner_events(event))
    )
    conflicts = [c for c in field_conflicts(edits) if c["events"] & {e.hash for e in new}]
    return ImportResult(
        opened.bundle_id,
        len(new),
        len(opened.events) - len(new),
        stored,
        event=ref,
        conflicts=[{**c, "events": sorted(c["events"])} for c in conflicts],
    )


def _store(
    vault: Vault,
    path: Path,
    opened: _Opened,
    names: list[str],
    on_stored: Callable[[str], None] | None,
) -> int:
    """Store the bundle's objects ``names`` this vault lacks; each must hash to its name."""
    stored = 0
    members = set(opened.zf.namelist())
    for name in names:
        member = f"objects/{name}"
        if member not in members or vault.has_object(name):
            continue
        with opened.zf.open(member) as src:  # a ZipExtFile: a binary file, typed IO[bytes]
            got = vault.objects.put_stream(src)  # type: ignore[arg-type]
        if got != name:
            # stored under its true hash, referenced by nothing: harmless, and named here
            raise BundleError(f"{path}: object {name} does not match its name; nothing imported")
        stored += 1
        if on_stored is not None:
            on_stored(name)
    return stored


def field_conflicts(events: Iterable[Event]) -> list[dict[str, Any]]:
    """Edits of one field that do not know each other: all kept, shown for review.

    An edit is an event whose payload has ``target``, ``field`` and ``value``,
    and ``base``: the hash (or list of hashes) of the edit(s) of that field it
    replaces. The *heads* of a field are edits no other edit replaces; more than
    one head with different values is a conflict. This depends on the set of
    events only, not the order they arrived in.
    """
    edits: dict[tuple[str, str], dict[str, Event]] = {}
    for ev in events:
        p = ev.payload
        if isinstance(p.get("target"), str) and isinstance(p.get("field"), str) and "value" in p:
            edits.setdefault((p["target"], p["field"]), {})[ev.hash] = ev
    out: list[dict[str, Any]] = []
    for (target, name), group in sorted(edits.items()):
        replaced: set[str] = set()
        for ev in group.values():
            base = ev.payload.get("base")
            replaced.update(base if isinstance(base, list) else [base] if base else [])
        heads = [ev for h, ev in sorted(group.items()) if h not in replaced]
        if len({json.dumps(ev.payload["value"], sort_keys=True) for ev in heads}) > 1:
            out.append(
                {
                    "target": target,
                    "field": name,
                    "values": [
                        {
                            "event": ev.hash,
                            "value": ev.payload["value"],
                            "author": ev.author,
                            "time": ev.time,
                        }
                        for ev in heads
                    ],
                    "events": {ev.hash for ev in heads},
                }
            )
    return out


def check_member_names(names: Iterable[str], where: str) -> None:
    for name in names:
        if name.startswith("/") or "\\" in name or ".." in name.split("/"):
            raise IntegrityError(f"{where}: member {name!r} escapes its folder")

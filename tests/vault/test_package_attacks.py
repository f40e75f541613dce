"""A court package attacked by someone holding a copy of it (issue 12).

Each attack below was first run against the code before this change
(``PYTHONPATH=/work/main/src``), where ``verify-package`` printed OK.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from reckon.vault import Vault
from reckon.vault import keys as keymod
from reckon.vault.checkpoints import sign_checkpoint
from reckon.vault.evidence import prepare_evidence
from reckon.vault.log import make_body, parse_line
from reckon.vault.merkle import inclusion_proof, leaf_hash, root_of
from reckon.vault.package import _pem, export_evidence, verify_package

OPENSSL_VERIFY = ("openssl", "pkeyutl", "-verify", "-pubin", "-inkey")


def _package(vault: Vault, tmp_path: Path) -> tuple[Path, str]:
    photo = tmp_path / "wall.jpg"
    photo.write_bytes(b"\xff\xd8 a photo of the morgue wall")
    payload = prepare_evidence(vault, [photo], {"collected_by": "Documenter A", "url": "https://x"})
    vault.append_event("evidence.added", payload)
    vault.checkpoint()
    vault.append_event("note", {"text": "later work"})
    sha = str(payload["items"][0]["object"])
    out = tmp_path / "package.zip"
    export_evidence(vault, [sha], out)
    assert verify_package(out).ok, verify_package(out).faults
    return out, sha


def _rewrite(src: Path, dst: Path, members: dict[str, bytes]) -> None:
    """A copy of package ``src`` with ``members`` replaced or added, SHA256SUMS fixed."""
    with zipfile.ZipFile(src) as zf:
        data = {n: zf.read(n) for n in zf.namelist()}
    data.update(members)
    sums = "".join(
        f"{hashlib.sha256(d).hexdigest()}  {n}\n"
        for n, d in sorted(data.items())
        if n not in ("SHA256SUMS",) and not n.startswith("planted")
    )
    data["SHA256SUMS"] = sums.encode()
    with zipfile.ZipFile(dst, "w") as zf:
        for name, blob in data.items():
            zf.writestr(name, blob)


def test_rewritten_custody_and_a_planted_file_are_named(vault: Vault, tmp_path: Path) -> None:
    """Was OK on /work/main: the manifest's custody was never compared with the event."""
    out, _ = _package(vault, tmp_path)
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    manifest["items"][0]["custody"]["collected_by"] = "Ministry of Intelligence"
    bad = tmp_path / "bad.zip"
    _rewrite(
        out,
        bad,
        {
            "manifest.json": json.dumps(manifest).encode(),
            "planted.txt": b"a confession",
        },
    )
    report = verify_package(bad)
    assert not report.ok
    assert any("custody is not what signed event" in f for f in report.faults), report.faults
    assert any(f.startswith("planted.txt: a file SHA256SUMS does not list") for f in report.faults)


def _forge(real: Path, out: Path) -> None:
    """A package made of the real package's first event and a key the forger made.

    The forger's key adds itself (claiming the founder added it), records a fake
    file, and signs a checkpoint naming the real case's log id."""
    with zipfile.ZipFile(real) as zf:
        first_body = zf.read("events/1.json")
        # the founder's event is version 2: vouched for by its transaction's tree head
        vouching = {n: zf.read(f"events/1.{n}") for n in ("head.json", "head.sig", "hashes")}
    first = parse_line(first_body, "real")
    forger = keymod.generate("Ministry of Intelligence")
    fake = b"a fabricated confession"
    sha = hashlib.sha256(fake).hexdigest()
    bodies = [
        make_body(
            2,
            first.hash,
            "key.added",
            {**forger.identity.to_payload(), "added_by": first.author},
            forger.identity.key_id,
            "2026-01-09T00:00:00.000000Z",
        )
    ]
    prev = hashlib.sha256(bodies[0]).hexdigest()
    item = {"object": sha, "sensitive": False, "file_name": "confession.txt"}
    custody = {"collected_by": "Documenter A"}
    bodies.append(
        make_body(
            3,
            prev,
            "evidence.added",
            {"items": [item], "custody": custody},
            forger.identity.key_id,
            "2026-01-09T00:00:01.000000Z",
        )
    )
    sigs = [forger.sign(b) for b in bodies]
    lines = [first_body, *(s.hex().encode() + b" " + b for s, b in zip(sigs, bodies, strict=True))]
    bodies.insert(0, first_body)
    leaves = [leaf_hash(line) for line in lines]
    cp = sign_checkpoint(3, root_of(leaves), "2026-01-09T00:00:02Z", first.hash, forger)
    member = f"files/{sha[:12]}-confession.txt"
    data: dict[str, bytes] = {member: fake}
    data.update({f"events/1.{n}": blob for n, blob in vouching.items()})
    for seq, body in enumerate(bodies, start=1):
        data[f"events/{seq}.json"] = body
        if seq > 1:
            data[f"events/{seq}.sig"] = sigs[seq - 2]
        path = [h.hex() for h in inclusion_proof(seq - 1, leaves)]
        proof = {"leaf_index": seq - 1, "tree_size": 3, "path": path}
        data[f"events/{seq}.proof.json"] = json.dumps(proof).encode()
    founder = keymod.PublicIdentity.from_payload(first.payload)
    data[f"keys/{founder.key_id}.pem"] = _pem(founder.sign_public).encode()
    data[f"keys/{forger.identity.key_id}.pem"] = _pem(forger.identity.sign_public).encode()
    data["checkpoint.json"], data["checkpoint.sig"] = cp.body, cp.signature
    manifest = {
        "format": "reckon-court-package-1",
        "log": first.hash,
        "checkpoint": cp.to_dict(),
        "items": [
            {
                "file": member,
                "sha256": sha,
                "sensitive": False,
                "custody": custody,
                "event": 3,
                "event_hash": hashlib.sha256(bodies[2]).hexdigest(),
            }
        ],
        "keys": {founder.key_id: 1, forger.identity.key_id: 2},
    }
    data["manifest.json"] = json.dumps(manifest).encode()
    data["VERIFY.txt"] = b"trust me"
    _rewrite_all(out, data)


def _rewrite_all(out: Path, data: dict[str, bytes]) -> None:
    data["SHA256SUMS"] = "".join(
        f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in sorted(data.items())
    ).encode()
    with zipfile.ZipFile(out, "w") as zf:
        for name, blob in data.items():
            zf.writestr(name, blob)


def test_a_package_fabricated_with_a_self_added_key_is_refused(
    vault: Vault, tmp_path: Path
) -> None:
    """Was OK on /work/main, showing the real case's log id: nobody asked who added a key."""
    real, _ = _package(vault, tmp_path)
    forged = tmp_path / "forged.zip"
    _forge(real, forged)
    report = verify_package(forged)
    assert not report.ok
    assert any("does not trace back to the case's founding key" in f for f in report.faults)
    assert any(f.startswith("checkpoint: bad signature, or key") for f in report.faults)


def test_earlier_checkpoints_are_carried_with_their_consistency_proofs(
    vault: Vault, tmp_path: Path
) -> None:
    out, _ = _package(vault, tmp_path)
    earlier = vault.checkpoints()[0]
    report = verify_package(out)
    assert f"earlier checkpoint {earlier.fingerprint}: extended by this one" in report.notes
    # a consistency proof that does not hold is named
    with zipfile.ZipFile(out) as zf:
        proof = json.loads(zf.read(f"checkpoints/{earlier.size}.consistency.json"))
    proof["path"] = ["00" * 32 for _ in proof["path"]]
    bad = tmp_path / "bad.zip"
    _rewrite(out, bad, {f"checkpoints/{earlier.size}.consistency.json": json.dumps(proof).encode()})
    assert any("does not extend it" in f for f in verify_package(bad).faults)


def test_a_court_checks_every_signature_with_openssl_and_sha256sum(
    vault: Vault, tmp_path: Path
) -> None:
    """VERIFY.txt's steps, run with the real binaries: every event and the checkpoint."""
    if shutil.which("openssl") is None or shutil.which("sha256sum") is None:
        pytest.skip("openssl or sha256sum is not installed")
    b = vault.add_key("Documenter B", "another long passphrase for B")
    # B records the evidence
    vault.use(keymod.unlock(vault.keys_dir / f"{b.key_id}.json", "another long passphrase for B"))
    out, _ = _package(vault, tmp_path)
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(out) as zf:
        zf.extractall(folder)
    assert (
        subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, check=False).returncode == 0
    )
    log_id = subprocess.run(
        ["sha256sum", "events/1.json"], cwd=folder, capture_output=True, text=True, check=True
    ).stdout.split()[0]
    assert log_id == vault.log_id()

    def openssl_ok(key: str, body: str, sig: str) -> bool:
        done = subprocess.run(
            [*OPENSSL_VERIFY, f"keys/{key}.pem", "-rawin", "-in", body, "-sigfile", sig],
            cwd=folder,
            capture_output=True,
            check=False,
        )
        return done.returncode == 0

    events = [e for e in (folder / "events").glob("*.json") if e.stem.isdigit()]
    assert len(events) == 3  # the founder, B's key (added by the founder), the evidence

    def written_by_author(path: Path) -> bool:
        """Step 3 of VERIFY.txt: the author signed the transaction's tree head, whose
        "events" is the digest of the listed hashes, this event's at its place."""
        seq, author = path.stem, json.loads(path.read_bytes())["author"]
        head = json.loads((folder / f"events/{seq}.head.json").read_bytes())
        digest = subprocess.run(  # the guide's own command
            [
                "python3",
                "-c",
                "import hashlib,sys; print(hashlib.sha256(bytes.fromhex("
                "open(sys.argv[1]).read().replace(chr(10), ''))).hexdigest())",
                f"events/{seq}.hashes",
            ],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        own = subprocess.run(
            ["sha256sum", f"events/{seq}.json"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[0]
        listed = (folder / f"events/{seq}.hashes").read_text().split()
        return (
            openssl_ok(author, f"events/{seq}.head.json", f"events/{seq}.head.sig")
            and head["key"] == author
            and digest == head["events"]
            and listed[int(seq) - head["first"]] == own
        )

    for path in events:
        assert not (folder / f"events/{path.stem}.sig").exists()  # version 2: no own signature
        assert written_by_author(path), path.name
    cp_key = json.loads((folder / "checkpoint.json").read_bytes())["key"]
    assert openssl_ok(cp_key, "checkpoint.json", "checkpoint.sig")
    # an altered custody line fails: its hash is no longer the one the author signed
    evidence = next(p for p in events if b"evidence.added" in p.read_bytes())
    evidence.write_bytes(evidence.read_bytes().replace(b"Documenter A", b"Ministry of Intel"))
    assert not written_by_author(evidence)


def test_evidence_recorded_on_another_device_carries_its_own_custody_and_key(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """B's key is added on device B, B records the evidence there, A imports the bundle and
    exports the package: the custody and key come from B's own signed events."""
    from reckon.vault.bundles import export_bundle, import_bundle

    base = vault.checkpoint().fingerprint
    shutil.copytree(vault.case_dir, tmp_path / "b")
    b = Vault.open(tmp_path / "b")
    newcomer = b.add_key("Documenter B", "another long passphrase for B")
    monkeypatch.setenv("RECKON_KEY", newcomer.key_id)
    b = Vault.open(tmp_path / "b")
    b.unlock("another long passphrase for B")
    photo = tmp_path / "b-photo.jpg"
    photo.write_bytes(b"taken on device b")
    payload = prepare_evidence(b, [photo], {"collected_by": "Documenter B"})
    b.append_event("evidence.added", payload)
    export_bundle(b, tmp_path / "b.bundle", since=base)
    monkeypatch.delenv("RECKON_KEY")
    a = Vault.open(vault.case_dir)
    import_bundle(a, tmp_path / "b.bundle")
    out = tmp_path / "package.zip"
    export_evidence(a, [str(payload["items"][0]["object"])], out)
    report = verify_package(out)
    assert report.ok, report.faults
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    (item,) = manifest["items"]
    assert item["custody"] == {"collected_by": "Documenter B"} and "carried" in item
    assert manifest["keys"][newcomer.key_id]["added_by"] == vault.unlock().identity.key_id
    item["custody"]["collected_by"] = "Ministry of Intelligence"
    bad = tmp_path / "bad.zip"
    _rewrite(out, bad, {"manifest.json": json.dumps(manifest).encode()})
    assert any("custody is not what signed event" in f for f in verify_package(bad).faults)


def test_a_key_rotated_in_traces_back_through_its_rotation(vault: Vault, tmp_path: Path) -> None:
    """The evidence is recorded by a key that replaced the founding key: the package
    carries the key.rotated event, and the rotated-out key signs nothing after it."""
    old = vault.unlock().identity.key_id
    new = vault.rotate_key("a new passphrase of plum and lantern", "laptop replaced")
    out, _ = _package(vault, tmp_path)
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        rotation = json.loads(zf.read(f"events/{manifest['keys'][new.key_id]['event']}.json"))
    assert rotation["kind"] == "key.rotated" and rotation["author"] == old
    assert manifest["items"][0]["event"] > manifest["keys"][new.key_id]["event"]
    # the manifest's key list must say what the rotation says: leaving the key out is named
    forged = dict(manifest)
    forged["keys"] = {k: v for k, v in manifest["keys"].items() if k != new.key_id}
    bad = tmp_path / "bad.zip"
    _rewrite(out, bad, {"manifest.json": json.dumps(forged).encode()})
    report = verify_package(bad)
    assert any(
        f"keys/{new.key_id}.pem: a key manifest.json does not list" in f for f in report.faults
    )

"""Inclusion and consistency proofs checked without the case; the court package."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from reckon.errors import IntegrityError
from reckon.vault import Vault
from reckon.vault.evidence import prepare_evidence
from reckon.vault.package import export_evidence, verify_package
from reckon.vault.proofs import check_proof, prove_consistency, prove_event, prove_object


def test_inclusion_and_consistency_proofs(vault: Vault) -> None:
    for i in range(6):
        vault.append_event("note", {"i": i})
    old = vault.checkpoint().fingerprint
    for i in range(5):
        vault.append_event("note", {"i": 10 + i})
    new = vault.checkpoint().fingerprint
    proof = prove_event(vault, 3, old)
    assert "event 3" in check_proof(proof, old)
    with pytest.raises(IntegrityError):
        check_proof(proof, new)
    tampered = json.loads(json.dumps(proof))
    tampered["entry"] = tampered["entry"].replace('"i":1', '"i":9')
    with pytest.raises(IntegrityError):
        check_proof(tampered)
    consistency = prove_consistency(vault, old, new)
    assert "extends" in check_proof(consistency, old)
    consistency["path"][0] = "00" * 32
    with pytest.raises(IntegrityError):
        check_proof(consistency)


def test_object_proof(vault: Vault) -> None:
    sha = vault.put_bytes(b"list")
    vault.append_event("import", {"object": sha})
    assert prove_object(vault, sha)["leaf_index"] == 1


def test_court_package_verifies_alone_and_names_faults(vault: Vault, tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8 a photo of the morgue wall")
    payload = prepare_evidence(
        vault, [photo], {"collected_by": "A", "url": "https://x", "witness": "Sara K."}
    )
    vault.append_event("evidence.added", payload)
    sha = payload["items"][0]["object"]
    added = vault.add_key("Documenter B", "another passphrase")
    assert added.key_id in vault.identities()
    out = tmp_path / "package.zip"
    export_evidence(vault, [sha[:10]], out)
    report = verify_package(out)
    assert report.ok, report.faults
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert "VERIFY.txt" in names and "SHA256SUMS" in names
        assert b"Sara" not in b"".join(zf.read(n) for n in names)  # the witness stays sealed
    # a changed file is named
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(bad, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name.startswith("files/"):
                data = data + b"!"
            dst.writestr(name, data)
    faults = verify_package(bad).faults
    assert any(f.startswith("files/") for f in faults)


def test_package_checks_with_openssl_as_the_guide_says(vault: Vault, tmp_path: Path) -> None:
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    photo = tmp_path / "p.png"
    photo.write_bytes(b"png")
    payload = prepare_evidence(vault, [photo], {"collected_by": "A"})
    vault.append_event("evidence.added", payload)
    out = tmp_path / "package.zip"
    export_evidence(vault, [payload["items"][0]["object"]], out)
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(out) as zf:
        zf.extractall(folder)
    key = next((folder / "keys").glob("*.pem"))
    done = subprocess.run(
        [
            "openssl",
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            str(key),
            "-rawin",
            "-in",
            "events/2.head.json",
            "-sigfile",
            "events/2.head.sig",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # the head signed the hashes of its transaction's events, this one's among them
    head = json.loads((folder / "events/2.head.json").read_bytes())
    listed = (folder / "events/2.hashes").read_text().split()
    assert hashlib.sha256(b"".join(bytes.fromhex(h) for h in listed)).hexdigest() == head["events"]
    own = hashlib.sha256((folder / "events/2.json").read_bytes()).hexdigest()
    assert listed[2 - head["first"]] == own
    sums = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True)
    assert sums.returncode == 0


def test_checkpoint_fingerprint_as_a_qr_code(vault: Vault, tmp_path: Path) -> None:
    from reckon.vault.checkpoints import fingerprint_qr, parse_fingerprint

    cp = vault.checkpoint()
    assert parse_fingerprint(cp.fingerprint.lower().replace("-", " - "))[0] == cp.size
    assert len(cp.fingerprint) < 60  # fits a text message with room to spare
    assert "█" in fingerprint_qr(cp.fingerprint)
    svg = fingerprint_qr(cp.fingerprint, tmp_path / "fp.svg")
    assert Path(svg).read_text().startswith("<?xml")

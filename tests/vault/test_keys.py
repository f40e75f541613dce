"""Keys as a court would expect: every key traces back to the founding key, rotation and
revocation are signed events, and a log re-signed by a new key is named as such.

Each attack was first run against main's code (658bc7c, ``PYTHONPATH=/work/main/src``)
where the docstring says so, and succeeded there.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reckon.errors import KeyError_
from reckon.vault import Vault
from reckon.vault import keys as keymod
from reckon.vault.checkpoints import sign_tree_head
from reckon.vault.keyring import cosign
from reckon.vault.log import make_body
from reckon.vault.vault import now_iso
from reckon.vault.verify import verify_vault

from .conftest import PASSPHRASE

DIFFERENT_KEY = "a different key signed this log"


def genuine_case(root: Path) -> tuple[Vault, str]:
    """A case with evidence events and a checkpoint the device (and a friend abroad) saw;
    returns the vault and that checkpoint's fingerprint."""
    v = Vault.create(root, author="Documenter A", passphrase=PASSPHRASE)
    for i in range(3):
        v.append_event("evidence.added", {"items": [{"object": v.put_bytes(b"photo %d" % i)}]})
    v.append_event("note", {"text": "statement taken"})
    return v, v.checkpoint().fingerprint


def resign_with_new_key(root: Path) -> None:
    """The attack of issue 12: holding the laptop, generate a new key under the same name
    and write the whole log again without the evidence events, signed by the new key."""
    old = Vault.open(root)
    kept = [(e.kind, e.payload) for e in old.events() if e.seq > 1 and e.kind != "evidence.added"]
    shutil.rmtree(root / "vault")
    forged = Vault.create(
        root, author="Documenter A", passphrase="an attacker's own orchid tractor"
    )
    forged.append_events(kept)
    forged.checkpoint()


def _witness_gone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RECKON_WITNESS_DIR", str(tmp_path / "another device"))


def test_resigned_log_is_named_by_the_witness_record(tmp_path: Path) -> None:
    """With this device's record, without --known. On main: verify said OK (the record
    was looked up by log id, and the new key made a new log id)."""
    root = tmp_path / "case"
    genuine_case(root)
    resign_with_new_key(root)
    faults = verify_vault(root).faults
    assert any(f.startswith(DIFFERENT_KEY) for f in faults), faults


def test_resigned_log_is_named_with_known_and_the_witness_record(tmp_path: Path) -> None:
    """With the record and --known. On main: worded as a rollback only."""
    root = tmp_path / "case"
    _, fingerprint = genuine_case(root)
    resign_with_new_key(root)
    faults = verify_vault(root, known=[fingerprint]).faults
    assert any(f.startswith(DIFFERENT_KEY) for f in faults), faults


def test_resigned_log_is_named_with_known_on_another_device(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No record (another device), --known: the fingerprint names the founding key. On
    main: "rollback: ... covers 5 events but this log holds 2", never a different key."""
    root = tmp_path / "case"
    _, fingerprint = genuine_case(root)
    resign_with_new_key(root)
    _witness_gone(monkeypatch, tmp_path)
    faults = verify_vault(root, known=[fingerprint]).faults
    assert any(f.startswith(DIFFERENT_KEY) for f in faults), faults
    assert not any(f.startswith("rollback") for f in faults)


def test_resigned_log_without_record_or_fingerprint_shows_another_founding_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither a record nor a fingerprint: nothing outside the case is left to compare,
    so verify cannot fault it (on main neither). What it prints differs where it counts:
    the fingerprint names the founding key, and one sent abroad earlier shows the swap."""
    root = tmp_path / "case"
    genuine, fingerprint = genuine_case(root)
    founder = genuine.founder()
    resign_with_new_key(root)
    _witness_gone(monkeypatch, tmp_path)
    report = verify_vault(root)
    assert report.ok
    assert founder.upper() in fingerprint
    assert founder.upper() not in report.fingerprint


def test_a_known_fingerprint_of_the_genuine_log_still_passes(tmp_path: Path) -> None:
    root = tmp_path / "case"
    vault, fingerprint = genuine_case(root)
    vault.append_event("note", {"text": "later"})
    assert verify_vault(root, known=[fingerprint]).ok
    old_style = fingerprint.rsplit("-F", 1)[0]  # one written before fingerprints named it
    assert verify_vault(root, known=[old_style]).ok


def test_rotation_by_the_key_itself_is_traced(tmp_path: Path) -> None:
    root = tmp_path / "case"
    vault, _ = genuine_case(root)
    old = vault.unlock().identity.key_id
    new = vault.rotate_key("a new passphrase of plum and lantern", "laptop replaced")
    vault.append_event("note", {"text": "signed by the new key"})
    report = verify_vault(root)
    assert report.ok, report.faults
    hist = Vault.open(root).key_history()
    assert hist.keys[new.key_id].added_by == old
    assert hist.keys[old].status.startswith(f"rotated to {new.key_id}")
    assert Vault.open(root).default_key_id() == new.key_id


def test_the_old_key_signs_nothing_after_its_rotation(tmp_path: Path) -> None:
    """An attacker holding the old key after a rotation writes with it. On main there was
    no rotation: any key the log ever added could sign for ever."""
    root = tmp_path / "case"
    vault, _ = genuine_case(root)
    old = vault.unlock()
    vault.rotate_key("a new passphrase of plum and lantern")
    stale = Vault.open(root)
    with pytest.raises(KeyError_, match="may no longer sign: rotated"):
        stale.use(old)  # the library refuses; the attacker's own code does not ask:
    _forge_event(stale, old, "note", {"text": "written with the retired key"})
    faults = verify_vault(root).faults
    assert any("signed after it was rotated" in f for f in faults), faults


def _second_key(vault: Vault, author: str = "Documenter B") -> keymod.UnlockedKey:
    ident = vault.add_key(author, PASSPHRASE)
    return keymod.unlock(vault.keys_dir / f"{ident.key_id}.json", PASSPHRASE)


def _forge_event(
    vault: Vault, signer: keymod.UnlockedKey, kind: str, payload: dict[str, object]
) -> None:
    """Append an event and its tree head, written by ``signer`` with no checks: what an
    attacker's own code can do (the library refuses)."""
    last = vault.last_event()
    body = make_body(last.seq + 1, last.hash, kind, payload, signer.identity.key_id, now_iso())
    import hashlib

    from reckon.vault.merkle import leaf_hash

    state = vault._catch_up()
    tree = state.tree
    tree.append(leaf_hash(body))
    head = sign_tree_head(
        last.seq + 1,
        tree.root(),
        now_iso(),
        state.log_id,
        last.seq + 1,
        hashlib.sha256(body).digest(),
        signer,
    )
    with vault.log_path.open("ab") as fh:
        fh.write(body + b"\n")
    with vault.heads_path.open("ab") as fh:
        fh.write(head.line + b"\n")


def test_rotation_by_the_wrong_key_is_named(tmp_path: Path) -> None:
    """Key B rotates the founder's key A to a key B controls. On main: no rotation kind
    existed, and the event passed verify as any other (and B could add keys as A's)."""
    root = tmp_path / "case"
    vault, _ = genuine_case(root)
    founder = vault.unlock().identity.key_id
    b = _second_key(vault)
    mine = keymod.generate("Documenter A")
    _forge_event(vault, b, "key.rotated", {"key_id": founder, "new": mine.identity.to_payload()})
    faults = verify_vault(root).faults
    assert any(
        f"key.rotated of key {founder} by key {b.identity.key_id} is not allowed" in f
        for f in faults
    ), faults
    # and so the key it brought in traces back to nobody
    assert any("does not trace back" in f or "not allowed" in f for f in faults)


def test_a_key_added_by_a_revoked_key_does_not_trace_back(tmp_path: Path) -> None:
    """B is revoked (by itself, say the laptop was seized) and then adds a key. On main:
    no revocation existed, so B's later key passed."""
    root = tmp_path / "case"
    vault, _ = genuine_case(root)
    b = _second_key(vault)
    as_b = Vault.open(root)
    as_b.use(b)
    as_b.revoke_key(b.identity.key_id, "laptop seized")
    assert verify_vault(root).ok
    intruder = keymod.generate("intruder")
    _forge_event(vault, b, "key.added", {**intruder.identity.to_payload(), "added_by": None})
    faults = verify_vault(root).faults
    assert any(
        f"key {intruder.identity.key_id} does not trace back to the founding key" in f
        for f in faults
    ), faults
    assert any("signed after it was revoked" in f for f in faults)


def test_revocation_by_another_key_needs_a_quorum(tmp_path: Path) -> None:
    root = tmp_path / "case"
    vault, _ = genuine_case(root)
    b = _second_key(vault)
    c = _second_key(vault, "Documenter C")
    # A alone may not revoke C (1 of 3 active keys)
    with pytest.raises(KeyError_, match="not allowed"):
        vault.revoke_key(c.identity.key_id, "lost")
    vault.revoke_key(c.identity.key_id, "lost", cosigners=[b])  # A and B: 2 of 3
    report = verify_vault(root)
    assert report.ok, report.faults
    assert Vault.open(root).key_history().keys[c.identity.key_id].retired_how == "revoked"


def test_a_forged_quorum_is_named(tmp_path: Path) -> None:
    root = tmp_path / "case"
    vault, _ = genuine_case(root)
    a = vault.unlock()
    b = _second_key(vault)
    c = _second_key(vault, "Documenter C")
    log_id = vault.log_id()
    fake = keymod.generate("Documenter B")  # not B's real key
    entry = cosign("key.revoked", c.identity.key_id, log_id, "", fake)
    entry["key"] = b.identity.key_id
    _forge_event(vault, a, "key.revoked", {"key_id": c.identity.key_id, "cosigners": [entry]})
    assert any("is not allowed" in f for f in verify_vault(root).faults)


def test_keys_list_shows_who_added_each_key_and_its_status(tmp_path: Path) -> None:
    from reckon.cli import app

    root = tmp_path / "case"
    vault, _ = genuine_case(root)
    founder = vault.unlock().identity.key_id
    b = _second_key(vault)
    as_b = Vault.open(root)
    as_b.use(b)
    as_b.revoke_key(b.identity.key_id, "left the team")
    runner = CliRunner()
    listed = runner.invoke(app, ["keys", "list", str(root)])
    assert listed.exit_code == 0, listed.output
    rows = listed.output.splitlines()
    assert rows[0].startswith(f"{founder}  Documenter A  added by (founding key) (event 1)  active")
    assert rows[1].startswith(f"{b.identity.key_id}  Documenter B  added by {founder}")
    assert rows[1].endswith("revoked (event 7)")


def test_cli_rotate_then_revoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reckon.cli import app

    root = tmp_path / "case"
    vault, _ = genuine_case(root)
    founder = vault.unlock().identity.key_id
    monkeypatch.setenv("RECKON_NEW_PASSPHRASE", PASSPHRASE)
    runner = CliRunner()
    done = runner.invoke(app, ["keys", "rotate", str(root), "--reason", "new laptop"])
    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"rotated key {founder} to ")
    # the old key cannot be revoked again by the new one: it is already retired
    again = runner.invoke(app, ["keys", "revoke", str(root), founder])
    assert again.exit_code != 0 and "already rotated" in again.output
    assert runner.invoke(app, ["verify", str(root)]).exit_code == 0


def test_a_revoked_key_reads_nothing_sealed_after_its_revocation(tmp_path: Path) -> None:
    from reckon.vault.crypt import readers_of

    root = tmp_path / "case"
    vault, _ = genuine_case(root)
    b = _second_key(vault)
    before = vault.put_bytes(b"statement one", sensitive=True)
    as_b = Vault.open(root)
    as_b.use(b)
    as_b.revoke_key(b.identity.key_id, "laptop seized")
    after = Vault.open(root).put_bytes(b"statement two", sensitive=True)
    assert b.identity.key_id in readers_of(vault.object_path(before).read_bytes())
    assert b.identity.key_id not in readers_of(vault.object_path(after).read_bytes())

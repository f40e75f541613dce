"""Tampering of every kind is detected and named; verifying needs no secret."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reckon.vault import Vault
from reckon.vault import keys as keymod
from reckon.vault.checkpoints import sign_checkpoint
from reckon.vault.verify import verify_vault

from .conftest import PASSPHRASE, small_case


def _faults(case: Path, **kw: object) -> list[str]:
    report = verify_vault(case, **kw)  # type: ignore[arg-type]
    return report.faults


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pristine") / "case"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RECKON_PASSPHRASE", PASSPHRASE)
        mp.setenv("RECKON_WITNESS_DIR", str(tmp_path_factory.mktemp("witness")))
        small_case(root)
    return root


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The founder's key, one event naming one object, one checkpoint."""
    root = tmp_path_factory.mktemp("tiny") / "case"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RECKON_PASSPHRASE", PASSPHRASE)
        mp.setenv("RECKON_WITNESS_DIR", str(tmp_path_factory.mktemp("witness")))
        v = Vault.create(root, author="A", passphrase=PASSPHRASE)
        v.append_event("import", {"object": v.put_bytes(b"list")})
        v.checkpoint()
    return root


@pytest.fixture
def case(pristine: Path, tmp_path: Path) -> Path:
    target = tmp_path / "case"
    shutil.copytree(pristine, target)
    return target


def _lines(case: Path) -> list[bytes]:
    return (case / "vault/log/events.log").read_bytes().splitlines(keepends=True)


def _write_lines(case: Path, lines: list[bytes]) -> None:
    (case / "vault/log/events.log").write_bytes(b"".join(lines))


def test_pristine_case_verifies_without_any_secret(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RECKON_PASSPHRASE")
    shutil.rmtree(case / "vault/keys")  # no key files, no passphrase: still verifiable
    report = verify_vault(case)
    assert report.ok, report.faults
    assert (report.events, report.objects, report.checkpoints) == (4, 2, 2)


def _vault_files(case: Path) -> list[Path]:
    return sorted(
        p
        for p in (case / "vault").rglob("*")
        if p.is_file() and "keys" not in p.parts and p.name != ".lock"
    )


@pytest.mark.slow
def test_every_flipped_byte_is_detected_exhaustive(tiny: Path, tmp_path: Path) -> None:
    """Every byte of every object, the log, the head and the checkpoints, flipped in turn."""
    case = tmp_path / "case"
    shutil.copytree(tiny, case)
    checked = 0
    for path in _vault_files(case):
        original = path.read_bytes()
        for i in range(len(original)):
            data = bytearray(original)
            data[i] ^= 0x01
            path.write_bytes(bytes(data))
            faults = _faults(case, objects=True)
            assert faults, f"flipping byte {i} of {path.relative_to(case)} went unnoticed"
            checked += 1
        path.write_bytes(original)
    assert checked > 1500
    assert not _faults(case)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_random_corruption_is_detected(case: Path, data: st.DataObject) -> None:
    files = _vault_files(case)
    path = data.draw(st.sampled_from(files))
    original = path.read_bytes()
    i = data.draw(st.integers(0, len(original) - 1))
    new = data.draw(st.integers(0, 255).filter(lambda b: b != original[i]))
    path.write_bytes(original[:i] + bytes([new]) + original[i + 1 :])
    try:
        assert _faults(case), f"byte {i} of {path.name} set to {new}"
    finally:
        path.write_bytes(original)


def test_flipped_object_byte_is_named(case: Path) -> None:
    obj = next(p for p in (case / "vault/objects").rglob("*") if p.is_file())
    data = bytearray(obj.read_bytes())
    data[3] ^= 0x40
    obj.write_bytes(bytes(data))
    name = obj.parent.name + obj.name
    assert any(f.startswith(f"object {name}") for f in _faults(case))


def test_edited_event_is_named(case: Path) -> None:
    lines = _lines(case)
    lines[1] = lines[1].replace(b'"morgue"', b'"hospi"')
    _write_lines(case, lines)
    faults = _faults(case)
    # event 2 is a transaction of its own: its tree head names it, the chain names event 3
    assert any("events 2-2 are not the ones it signed" in f for f in faults), faults
    assert any(f.startswith("event 3 (line 3): chain broken") for f in faults)


def test_deleted_event_is_named(case: Path) -> None:
    lines = _lines(case)
    del lines[2]
    _write_lines(case, lines)
    faults = _faults(case)
    assert any(f.startswith("event 3 (line 3)") and "chain broken" in f for f in faults)


def test_inserted_event_is_named(case: Path) -> None:
    lines = _lines(case)
    lines.insert(2, lines[1])
    _write_lines(case, lines)
    faults = _faults(case)
    assert any(f.startswith("event 3 (line 3)") for f in faults)


def test_event_inserted_by_a_stranger_is_named(case: Path, tmp_path: Path) -> None:
    stranger = Vault.create(
        tmp_path / "other", author="stranger", passphrase="a stranger's long passphrase"
    )
    stranger.append_event("note", {"text": "forged"})
    foreign = (tmp_path / "other/vault/log/events.log").read_bytes().splitlines(keepends=True)
    lines = _lines(case)
    _write_lines(case, [*lines, foreign[1]])
    faults = _faults(case)
    assert any("event 5 (line 5)" in f for f in faults)


def test_reordered_events_are_named(case: Path) -> None:
    lines = _lines(case)
    lines[2], lines[3] = lines[3], lines[2]
    _write_lines(case, lines)
    faults = _faults(case)
    assert any(f.startswith("event 3 (line 3)") for f in faults)
    assert any(f.startswith("event 4 (line 4)") for f in faults)


def test_truncated_log_is_named(case: Path) -> None:
    _write_lines(case, _lines(case)[:-1])
    faults = _faults(case)
    assert any("the signed head" in f and "truncated" in f for f in faults)


def test_swapped_tree_heads_are_named(case: Path) -> None:
    path = case / "vault/log/heads.log"
    heads = path.read_bytes().splitlines(keepends=True)
    heads[1], heads[2] = heads[2], heads[1]
    path.write_bytes(b"".join(heads))
    faults = _faults(case)
    assert any(f.startswith("tree head 2") and "reordered" in f for f in faults), faults


def test_forged_checkpoint_is_named(case: Path) -> None:
    intruder = keymod.generate("intruder")
    forged = sign_checkpoint(
        2, b"\x00" * 32, "2026-01-01T00:00:00Z", Vault(case).log_id(), intruder
    )
    with (case / "vault/log/checkpoints.log").open("ab") as fh:
        fh.write(forged.line + b"\n")
    faults = _faults(case)
    assert any(
        f.startswith("checkpoint 2 (checkpoints.log line 2)") and "forged" in f for f in faults
    )


def test_checkpoint_signed_by_the_owner_over_another_root_is_named(case: Path) -> None:
    vault = Vault.open(case)
    key = vault.unlock()
    lying = sign_checkpoint(3, b"\x11" * 32, "2026-01-01T00:00:00Z", vault.log_id(), key)
    with (case / "vault/log/checkpoints.log").open("ab") as fh:
        fh.write(lying.line + b"\n")
    faults = _faults(case)
    assert any(f.startswith("checkpoint 2") and "do not give its root" in f for f in faults)


def test_rollback_to_an_older_copy_is_named(case: Path, tmp_path: Path) -> None:
    old = tmp_path / "old-copy"
    shutil.copytree(case, old)
    vault = Vault.open(case)
    vault.append_event("note", {"text": "later work"})
    newer = vault.checkpoint()  # remembered by this device's witness, for this folder
    assert not _faults(case)
    assert not _faults(old)  # another folder: perhaps another device's copy
    shutil.rmtree(case)
    shutil.copytree(old, case)  # the older copy put in the case's place
    faults = _faults(case)
    assert any(f.startswith("rollback:") for f in faults)
    # and with a fingerprint received by text message instead of the witness file
    os.environ["RECKON_WITNESS_DIR"] = str(tmp_path / "fresh-witness")
    assert not _faults(old)
    assert any(f.startswith("rollback:") for f in _faults(old, known=[newer.fingerprint]))


def test_a_different_log_under_a_known_fingerprint_is_named(case: Path, tmp_path: Path) -> None:
    fp = Vault.open(case).checkpoint().fingerprint
    lines = _lines(case)
    _write_lines(case, lines[:-1])  # also breaks the head; the fingerprint check names it too
    faults = _faults(case, known=[fp])
    assert any("rollback" in f or fp in f for f in faults)


def test_torn_last_line_is_a_note_and_open_repairs_it(case: Path) -> None:
    with (case / "vault/log/events.log").open("ab") as fh:
        fh.write(b"deadbeef half a line")
    report = verify_vault(case)
    assert report.ok and report.notes
    vault = Vault.open(case)
    vault.append_event("note", {"text": "after the crash"})
    assert verify_vault(case).ok
    assert [e.seq for e in vault.events()] == [1, 2, 3, 4, 5]


def test_missing_object_is_named(case: Path) -> None:
    first = json.loads(_lines(case)[1])["payload"]["object"]
    (case / "vault/objects" / first[:2] / first[2:]).unlink()
    assert any(f"names object {first}, which is missing" in f for f in _faults(case))


def test_open_refuses_to_append_to_a_shortened_log(case: Path) -> None:
    from reckon.errors import IntegrityError

    _write_lines(case, _lines(case)[:-1])
    with pytest.raises(IntegrityError, match="shorter"):
        Vault.open(case).append_event("note", {})


def test_a_stranger_cannot_append_a_key_of_their_own(case: Path) -> None:
    """A well-chained tail signed by a key that adds itself is named, not trusted."""
    from reckon.vault.log import make_body, parse_line

    lines = _lines(case)
    last = parse_line(lines[-1].rstrip(b"\n"), "last")
    intruder = keymod.generate("intruder")
    body = make_body(
        last.seq + 1,
        last.hash,
        "key.added",
        {**intruder.identity.to_payload(), "added_by": None},
        intruder.identity.key_id,
        "t",
    )
    line = intruder.sign(body).hex().encode() + b" " + body
    _write_lines(case, [*lines, line + b"\n"])
    faults = _faults(case)
    assert any(f.startswith(f"event {last.seq + 1}") and "added itself" in f for f in faults)

"""Keys as an adversary with a copy of the case would find them (issue 12).

Run against the code before this change (``PYTHONPATH=/work/main/src``): any
non-empty passphrase was accepted, the key store was always inside the case
folder, and evidence files were stored before a wrong passphrase was noticed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reckon.case import Case
from reckon.cli import app
from reckon.errors import KeyError_

runner = CliRunner()


@pytest.mark.parametrize("weak", ["password123", "reckon-demo", "Documenter A 1990"])
def test_a_weak_passphrase_is_refused_and_no_case_is_left(tmp_path: Path, weak: str) -> None:
    with pytest.raises(KeyError_, match=r"too weak \(strength [0-3] of 4; 4 is needed"):
        Case.create(tmp_path / "case", author="Documenter A", passphrase=weak)
    assert not (tmp_path / "case").exists()


def test_the_synthetic_demo_is_exempt(tmp_path: Path) -> None:
    with Case.create(tmp_path / "demo", passphrase="reckon-demo", synthetic=True) as case:
        assert case.vault.log_id()


def _objects(case_dir: Path) -> list[Path]:
    return sorted(p for p in (case_dir / "vault" / "objects").rglob("*") if p.is_file())


def test_no_file_is_stored_before_the_passphrase_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_dir = tmp_path / "case"
    assert runner.invoke(app, ["init", str(case_dir)]).exit_code == 0
    before = _objects(case_dir)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"a photo no one may see yet")
    monkeypatch.setenv("RECKON_PASSPHRASE", "a wrong passphrase, though a long one")
    added = runner.invoke(app, ["evidence", "add", str(case_dir), str(photo)])
    assert added.exit_code == 1 and "wrong passphrase" in added.output
    assert _objects(case_dir) == before  # was: the photo stored, referenced by nothing


def test_the_key_store_can_live_outside_the_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys, case_dir = tmp_path / "usb" / "keys", tmp_path / "case"
    monkeypatch.setenv("RECKON_WITNESS_DIR", str(tmp_path / "witness"))
    monkeypatch.setenv("RECKON_KEYS", "")  # --keys sets it for the process: restored after
    made = runner.invoke(app, ["--keys", str(keys), "init", str(case_dir)])
    assert made.exit_code == 0, made.output
    monkeypatch.delenv("RECKON_KEYS")
    assert list(keys.glob("*.json"))
    assert not list(case_dir.glob("vault/keys/*"))  # no key in the case folder
    assert keys.stat().st_mode & 0o077 == 0
    # a copy of the case carries no key, and still verifies
    shutil.copytree(case_dir, tmp_path / "copy")
    assert runner.invoke(app, ["verify", str(tmp_path / "copy")]).exit_code == 0
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"photo")
    without = runner.invoke(app, ["evidence", "add", str(case_dir), str(photo)])
    assert without.exit_code == 1 and "no default key" in without.output
    monkeypatch.setenv("RECKON_KEYS", str(keys))  # the setting, instead of --keys
    done = runner.invoke(app, ["evidence", "add", str(case_dir), str(photo)])
    assert done.exit_code == 0, done.output


def test_the_reader_key_is_apart_with_its_own_passphrase(tmp_path: Path) -> None:
    """Was: one file and one passphrase opened both signing and the witnesses' names."""
    from tests.conftest import TEST_PASSPHRASE, TEST_READER_PASSPHRASE

    from reckon.events.evidence import add_evidence
    from reckon.vault import keys as keymod
    from reckon.vault.crypt import unseal_json

    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"photo")
    with Case.create(tmp_path / "case", reader_passphrase=TEST_READER_PASSPHRASE) as case:
        payload = add_evidence(case, [photo], {"collected_by": "A", "witness": "Sara K."})
        key_id = case.vault.default_key_id()
        keys_dir = case.vault.keys_dir
    signing = keymod.unlock(keys_dir / f"{key_id}.json", TEST_PASSPHRASE)
    assert signing.box is None  # the signing passphrase opens no witness
    with pytest.raises(KeyError_, match="reader key, which is kept apart"):
        unseal_json(payload["sealed"], signing)
    with pytest.raises(KeyError_, match="wrong passphrase for reader key"):
        keymod.unlock_reader(keys_dir / f"{key_id}.reader.json", TEST_PASSPHRASE)
    reader = keymod.unlock_reader(keys_dir / f"{key_id}.reader.json", TEST_READER_PASSPHRASE)
    assert unseal_json(payload["sealed"], reader) == {"witness": "Sara K."}
    with Case.open(tmp_path / "case") as case:
        assert case.vault.reader().box is not None  # from RECKON_READER_PASSPHRASE


def test_the_reader_passphrase_must_differ_and_be_strong(tmp_path: Path) -> None:
    from tests.conftest import TEST_PASSPHRASE

    with pytest.raises(KeyError_, match="passphrase of its own"):
        Case.create(tmp_path / "a", reader_passphrase=TEST_PASSPHRASE)
    with pytest.raises(KeyError_, match="reader key is too weak"):
        Case.create(tmp_path / "b", reader_passphrase="password1")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_a_key_put_in_use_signs_every_event_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was: the next append unlocked the device's default key and signed as its holder."""
    from reckon.vault import Vault
    from reckon.vault import keys as keymod

    monkeypatch.setenv("RECKON_WITNESS_DIR", str(tmp_path / "witness"))
    vault = Vault.create(tmp_path / "case", author="A", passphrase="correct horse battery staple")
    b = vault.add_key("Documenter B", "another long passphrase for B")
    opened = Vault.open(tmp_path / "case")
    opened.use(keymod.unlock(opened.keys_dir / f"{b.key_id}.json", "another long passphrase for B"))
    opened.append_event("note", {"text": "by B"})
    assert list(opened.events())[-1].author == b.key_id


def test_a_new_persons_keys_are_two_with_two_passphrases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_dir = tmp_path / "case"
    assert runner.invoke(app, ["init", str(case_dir)]).exit_code == 0
    monkeypatch.setenv("RECKON_NEW_PASSPHRASE", "Documenter B signs with this long phrase")
    monkeypatch.setenv("RECKON_NEW_READER_PASSPHRASE", "and opens witnesses with another one")
    added = runner.invoke(app, ["keys", "add", str(case_dir), "--author", "Documenter B"])
    assert added.exit_code == 0, added.output
    key_id = added.output.split()[2]
    assert (case_dir / "vault" / "keys" / f"{key_id}.reader.json").is_file()
    monkeypatch.setenv("RECKON_NEW_PASSPHRASE", "password1")
    weak = runner.invoke(app, ["keys", "add", str(case_dir), "--author", "Documenter C"])
    assert weak.exit_code == 1 and "too weak" in weak.output

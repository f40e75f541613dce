"""The signature library against RFC 8032 §7.1 (Ed25519 TEST 1-3), and keys at rest."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nacl.signing
import pytest

from reckon.errors import KeyError_
from reckon.vault import keys
from reckon.vault.crypt import readers_of, seal, unseal

RFC8032 = [  # secret key, public key, message, signature
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555"
        "fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da0"
        "85ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac1"
        "8ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
]


@pytest.mark.parametrize(("secret", "public", "message", "signature"), RFC8032)
def test_ed25519_rfc8032_vectors(secret: str, public: str, message: str, signature: str) -> None:
    key = nacl.signing.SigningKey(bytes.fromhex(secret))
    msg, sig = bytes.fromhex(message), bytes.fromhex(signature)
    assert bytes(key.verify_key).hex() == public
    assert bytes(key.sign(msg).signature) == sig
    assert keys.verify_signature(bytes.fromhex(public), msg, sig)
    assert not keys.verify_signature(bytes.fromhex(public), msg + b"!", sig)
    assert not keys.verify_signature(bytes.fromhex(public), msg, bytes([sig[0] ^ 1]) + sig[1:])


def test_key_file_round_trips_and_refuses_a_wrong_passphrase(tmp_path: Path) -> None:
    key = keys.generate("Documenter A")
    path = keys.save(key, tmp_path, "right")
    assert keys.unlock(path, "right").identity == key.identity
    assert bytes(key.signing) not in path.read_bytes()
    with pytest.raises(KeyError_, match="wrong passphrase"):
        keys.unlock(path, "wrong")


def test_no_passphrase_and_no_terminal_fails_at_once(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "RECKON_PASSPHRASE"}
    code = "from reckon.vault.keys import ask_passphrase; ask_passphrase('sign')"
    done = subprocess.run(
        [sys.executable, "-c", code],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode != 0
    assert "RECKON_PASSPHRASE" in done.stderr


def test_sealed_data_opens_only_for_its_readers() -> None:
    a, b, c = keys.generate("a"), keys.generate("b"), keys.generate("c")
    blob = seal(b"witness: Sara K., +98 912 000 0000", [a.identity, b.identity])
    assert b"Sara" not in blob
    assert readers_of(blob) == sorted([a.identity.key_id, b.identity.key_id])
    assert unseal(blob, b).startswith(b"witness")
    with pytest.raises(KeyError_):
        unseal(blob, c)


def test_sealed_stream_round_trips_and_detects_cuts_and_edits(tmp_path: Path) -> None:
    import io
    import os as _os

    from reckon.errors import VaultError
    from reckon.vault.crypt import seal_stream, unseal_stream

    reader = keys.generate("reader")
    data = _os.urandom(3 * (1 << 20) + 123)  # several chunks and a short last one
    sealed = io.BytesIO()
    seal_stream(io.BytesIO(data), sealed, [reader.identity])
    blob = sealed.getvalue()
    out = io.BytesIO()
    unseal_stream(io.BytesIO(blob), out, reader)
    assert out.getvalue() == data
    assert unseal(blob, reader) == data
    for bad in (
        blob[: len(blob) - (1 << 20) - 17],
        blob[:-1],
        blob + b"x",
        blob[:500] + bytes([blob[500] ^ 1]) + blob[501:],
    ):
        with pytest.raises(VaultError):
            unseal_stream(io.BytesIO(bad), io.BytesIO(), reader)


def test_sensitive_file_is_sealed_in_the_vault(tmp_path: Path) -> None:
    from reckon.vault import Vault

    vault = Vault.create(tmp_path / "case", author="A", passphrase="a passphrase with enough words")
    statement = tmp_path / "statement.txt"
    statement.write_bytes(b"I saw them take my brother. -- Sara K." * 40000)
    sha = vault.put_file(statement, sensitive=True)
    stored = vault.object_path(sha).read_bytes()
    assert b"Sara" not in stored
    assert unseal(stored, vault.unlock()) == statement.read_bytes()

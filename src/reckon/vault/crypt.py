"""Sealed data: readable only by the people it is sealed to.

A sealed blob is a random 32-byte data key per blob; the data is encrypted with
it (``SecretBox``, XSalsa20-Poly1305) and the data key is sealed to each
reader's X25519 public key (``SealedBox``). Layout::

    b"RECKON-SEALED-1\\n" + JSON header line {"to": {key_id: sealed_key_hex}} + b"\\n"
    + SecretBox ciphertext

The blob's SHA-256 is of the ciphertext, so the vault verifies it without any
key, and the hash of the plaintext (a witness's name is easy to guess and
hash) never appears outside the blob.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import nacl.exceptions
import nacl.secret
import nacl.utils
from nacl.public import PublicKey, SealedBox

from reckon.errors import KeyError_, VaultError
from reckon.vault.keys import PublicIdentity, UnlockedKey

MAGIC = b"RECKON-SEALED-1\n"


def seal(data: bytes, readers: Iterable[PublicIdentity]) -> bytes:
    readers = list(readers)
    if not readers:
        raise KeyError_("sealed data needs at least one reader's public key")
    data_key = nacl.utils.random(nacl.secret.SecretBox.KEY_SIZE)
    to = {
        r.key_id: bytes(SealedBox(PublicKey(r.box_public)).encrypt(data_key)).hex() for r in readers
    }
    header = json.dumps({"to": to}, sort_keys=True, separators=(",", ":")).encode()
    return MAGIC + header + b"\n" + bytes(nacl.secret.SecretBox(data_key).encrypt(data))


def is_sealed(blob: bytes) -> bool:
    return blob.startswith(MAGIC)


def readers_of(blob: bytes) -> list[str]:
    return sorted(_header(blob)[0]["to"])


def unseal(blob: bytes, key: UnlockedKey) -> bytes:
    header, body = _header(blob)
    sealed_key = header["to"].get(key.identity.key_id)
    if sealed_key is None:
        raise KeyError_(f"this data is not sealed to key {key.identity.key_id}")
    try:
        data_key = SealedBox(key.box).decrypt(bytes.fromhex(sealed_key))
        return bytes(nacl.secret.SecretBox(data_key).decrypt(body))
    except nacl.exceptions.CryptoError:
        raise VaultError("sealed data does not open: it was altered or is not ours") from None


def seal_json(value: dict[str, Any], readers: Iterable[PublicIdentity]) -> str:
    """Seal a small JSON object into a hex string that can sit in an event payload."""
    return seal(json.dumps(value, ensure_ascii=False, sort_keys=True).encode(), readers).hex()


def unseal_json(text: str, key: UnlockedKey) -> dict[str, Any]:
    value = json.loads(unseal(bytes.fromhex(text), key))
    if not isinstance(value, dict):
        raise VaultError("sealed value is not a JSON object")
    return value


def _header(blob: bytes) -> tuple[dict[str, Any], bytes]:
    if not blob.startswith(MAGIC):
        raise VaultError("not a sealed blob")
    end = blob.index(b"\n", len(MAGIC))
    return json.loads(blob[len(MAGIC) : end]), blob[end + 1 :]

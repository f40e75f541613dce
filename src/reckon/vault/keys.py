"""Per-person keys: an Ed25519 key that signs, an X25519 key that opens sealed data.

Both secrets are kept in ``vault/keys/<key_id>.json``, encrypted with a key
derived from the person's passphrase by Argon2id (``nacl.pwhash``) and sealed
with XSalsa20-Poly1305 (``nacl.secret.SecretBox``): libsodium throughout, no
home-made cryptography. The public halves are also written into the log (the
``key.added`` event), so verifying needs neither the key files nor a passphrase.

The passphrase comes from ``RECKON_PASSPHRASE``, or is asked at the terminal
when standard input is one; otherwise ``KeyError_`` says what to do, so no
command ever hangs waiting for input.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.signing
import nacl.utils
from nacl.public import PrivateKey, PublicKey

from reckon.errors import KeyError_
from reckon.vault.files import write_atomic

PASSPHRASE_ENV = "RECKON_PASSPHRASE"

# Argon2id cost: "moderate" would take seconds per unlock on a small laptop;
# the interactive limits (64 MiB, 2 passes) are libsodium's advice for logins.
OPSLIMIT = nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE
MEMLIMIT = nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE


def key_id_of(sign_public: bytes) -> str:
    """A short, stable name for a signing key: 16 hex digits of its SHA-256."""
    return hashlib.sha256(sign_public).hexdigest()[:16]


@dataclass(frozen=True)
class PublicIdentity:
    """What everyone may know about a person's keys."""

    key_id: str
    author: str
    sign_public: bytes
    box_public: bytes

    def to_payload(self) -> dict[str, Any]:
        return {
            "key_id": self.key_id,
            "author": self.author,
            "sign_public": self.sign_public.hex(),
            "box_public": self.box_public.hex(),
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> PublicIdentity:
        sign_public = bytes.fromhex(payload["sign_public"])
        if key_id_of(sign_public) != payload["key_id"]:
            raise KeyError_(f"key {payload['key_id']}: its id does not match its public key")
        return cls(
            payload["key_id"],
            str(payload["author"]),
            sign_public,
            bytes.fromhex(payload["box_public"]),
        )


@dataclass(frozen=True)
class UnlockedKey:
    """A person's secrets in memory, after the passphrase opened them."""

    identity: PublicIdentity
    signing: nacl.signing.SigningKey
    box: PrivateKey

    def sign(self, message: bytes) -> bytes:
        return bytes(self.signing.sign(message).signature)


def generate(author: str) -> UnlockedKey:
    signing = nacl.signing.SigningKey.generate()
    box = PrivateKey.generate()
    sign_public = bytes(signing.verify_key)
    identity = PublicIdentity(key_id_of(sign_public), author, sign_public, bytes(box.public_key))
    return UnlockedKey(identity, signing, box)


def save(key: UnlockedKey, keys_dir: Path, passphrase: str) -> Path:
    """Write the key, its secrets encrypted with the passphrase."""
    if not passphrase:
        raise KeyError_("an empty passphrase cannot protect a signing key")
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    box = nacl.secret.SecretBox(_derive(passphrase, salt, OPSLIMIT, MEMLIMIT))
    secret = bytes(key.signing) + bytes(key.box)
    record = {
        **key.identity.to_payload(),
        "kdf": {"alg": "argon2id13", "salt": salt.hex(), "ops": OPSLIMIT, "mem": MEMLIMIT},
        "secret": bytes(box.encrypt(secret)).hex(),
    }
    path = keys_dir / f"{key.identity.key_id}.json"
    write_atomic(path, json.dumps(record, indent=2).encode())
    return path


def load_identity(path: Path) -> PublicIdentity:
    return PublicIdentity.from_payload(json.loads(path.read_text(encoding="utf-8")))


def unlock(path: Path, passphrase: str) -> UnlockedKey:
    """Open a key file with the passphrase; ``KeyError_`` if it is wrong."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KeyError_(f"{path}: cannot read the key file ({exc})") from None
    kdf = record["kdf"]
    box = nacl.secret.SecretBox(
        _derive(passphrase, bytes.fromhex(kdf["salt"]), int(kdf["ops"]), int(kdf["mem"]))
    )
    try:
        secret = box.decrypt(bytes.fromhex(record["secret"]))
    except nacl.exceptions.CryptoError:
        raise KeyError_(f"wrong passphrase for key {record['key_id']} ({path})") from None
    signing = nacl.signing.SigningKey(secret[:32])
    identity = PublicIdentity.from_payload(record)
    if bytes(signing.verify_key) != identity.sign_public:
        raise KeyError_(f"{path}: the secret key does not match its public key")
    return UnlockedKey(identity, signing, PrivateKey(secret[32:]))


def _derive(passphrase: str, salt: bytes, ops: int, mem: int) -> bytes:
    return bytes(
        nacl.pwhash.argon2id.kdf(
            nacl.secret.SecretBox.KEY_SIZE, passphrase.encode(), salt, opslimit=ops, memlimit=mem
        )
    )


def ask_passphrase(purpose: str) -> str:
    """The passphrase from the environment, or the terminal; never waits on a pipe."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"Passphrase to {purpose}: ")
    raise KeyError_(
        f"a passphrase is needed to {purpose}: set {PASSPHRASE_ENV} "
        "or run the command at a terminal"
    )


def verify_signature(sign_public: bytes, message: bytes, signature: bytes) -> bool:
    try:
        nacl.signing.VerifyKey(sign_public).verify(message, signature)
    except (nacl.exceptions.BadSignatureError, ValueError, TypeError):
        return False
    return True


def box_public_key(identity: PublicIdentity) -> PublicKey:
    return PublicKey(identity.box_public)

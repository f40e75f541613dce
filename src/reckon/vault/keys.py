"""Per-person keys: an Ed25519 key that signs, an X25519 key that opens sealed data.

The signing secret is kept in ``<keys>/<key_id>.json`` and the reader (box)
secret, which opens witness identities, sensitive files and bundles, in
``<key_id>.reader.json`` under a passphrase of its own, so the passphrase typed
to sign a change never opens a witness's name (keys made before this hold both
in the one file). Each is encrypted with a key derived from its passphrase by
Argon2id (``nacl.pwhash``) and sealed with XSalsa20-Poly1305
(``nacl.secret.SecretBox``): libsodium throughout, no home-made cryptography.
The public halves are also written into the log (the ``key.added`` event), so
verifying needs neither the key files nor a passphrase.

The passphrases come from ``RECKON_PASSPHRASE`` and ``RECKON_READER_PASSPHRASE``
(for automation), or are asked at the terminal when standard input is one;
otherwise ``KeyError_`` says what to do, so no command ever hangs waiting.
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
# the reader key's own passphrase (witness identities, sensitive files, bundles)
READER_PASSPHRASE_ENV = "RECKON_READER_PASSPHRASE"

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
    """A person's secrets in memory, after the passphrase opened them.

    ``box`` is None when the reader key is kept apart (``<key_id>.reader.json``, its
    own passphrase): signing then never opens what is sealed."""

    identity: PublicIdentity
    signing: nacl.signing.SigningKey
    box: PrivateKey | None

    def sign(self, message: bytes) -> bytes:
        return bytes(self.signing.sign(message).signature)


@dataclass(frozen=True)
class ReaderKey:
    """The secret that opens sealed data (witness identities, sensitive files, bundles)."""

    identity: PublicIdentity
    box: PrivateKey


def generate(author: str) -> UnlockedKey:
    signing = nacl.signing.SigningKey.generate()
    box = PrivateKey.generate()
    sign_public = bytes(signing.verify_key)
    identity = PublicIdentity(key_id_of(sign_public), author, sign_public, bytes(box.public_key))
    return UnlockedKey(identity, signing, box)


def save(
    key: UnlockedKey, keys_dir: Path, passphrase: str, reader_passphrase: str | None = None
) -> Path:
    """Write the key, its secrets encrypted with the passphrase.

    With ``reader_passphrase`` the reader (box) secret goes to ``<key_id>.reader.json``
    under that second passphrase, apart from the signing secret."""
    if not passphrase:
        raise KeyError_("an empty passphrase cannot protect a signing key")
    if key.box is None:
        raise KeyError_(f"key {key.identity.key_id}: its reader secret is not in memory")
    if reader_passphrase is not None and reader_passphrase == passphrase:
        raise KeyError_("the reader key needs a passphrase of its own, not the signing key's")
    apart = reader_passphrase is not None
    secret = bytes(key.signing) + (b"" if apart else bytes(key.box))
    path = keys_dir / f"{key.identity.key_id}.json"
    write_atomic(path, json.dumps(_sealed_record(key.identity, secret, passphrase)).encode())
    if reader_passphrase is not None:
        record = _sealed_record(key.identity, bytes(key.box), reader_passphrase)
        write_atomic(reader_path(path), json.dumps({**record, "role": "reader"}).encode())
    return path


def reader_path(key_path: Path) -> Path:
    """Where the reader secret of the key at ``key_path`` is kept when apart."""
    return key_path.with_name(key_path.stem + ".reader.json")


def _sealed_record(identity: PublicIdentity, secret: bytes, passphrase: str) -> dict[str, Any]:
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    box = nacl.secret.SecretBox(_derive(passphrase, salt, OPSLIMIT, MEMLIMIT))
    return {
        **identity.to_payload(),
        "kdf": {"alg": "argon2id13", "salt": salt.hex(), "ops": OPSLIMIT, "mem": MEMLIMIT},
        "secret": bytes(box.encrypt(secret)).hex(),
    }


def _open_record(path: Path, passphrase: str, what: str) -> tuple[dict[str, Any], bytes]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        kdf = record["kdf"]
        box = nacl.secret.SecretBox(
            _derive(passphrase, bytes.fromhex(kdf["salt"]), int(kdf["ops"]), int(kdf["mem"]))
        )
        sealed = bytes.fromhex(record["secret"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KeyError_(f"{path}: cannot read the key file ({exc})") from None
    try:
        return record, bytes(box.decrypt(sealed))
    except nacl.exceptions.CryptoError:
        raise KeyError_(f"wrong passphrase for {what} {record.get('key_id')} ({path})") from None


def unlock_reader(path: Path, passphrase: str) -> ReaderKey:
    """Open a reader key file (``<key_id>.reader.json``); ``KeyError_`` if it is wrong."""
    record, secret = _open_record(path, passphrase, "reader key")
    identity = PublicIdentity.from_payload(record)
    box = PrivateKey(secret)
    if bytes(box.public_key) != identity.box_public:
        raise KeyError_(f"{path}: the reader secret does not match its public key")
    return ReaderKey(identity, box)


def load_identity(path: Path) -> PublicIdentity:
    return PublicIdentity.from_payload(json.loads(path.read_text(encoding="utf-8")))


def unlock(path: Path, passphrase: str) -> UnlockedKey:
    """Open a key file with the passphrase; ``KeyError_`` if it is wrong."""
    record, secret = _open_record(path, passphrase, "key")
    signing = nacl.signing.SigningKey(secret[:32])
    identity = PublicIdentity.from_payload(record)
    if bytes(signing.verify_key) != identity.sign_public:
        raise KeyError_(f"{path}: the secret key does not match its public key")
    # 64 bytes: both secrets in one file (keys made before readers were kept apart)
    return UnlockedKey(identity, signing, PrivateKey(secret[32:]) if len(secret) > 32 else None)


def _derive(passphrase: str, salt: bytes, ops: int, mem: int) -> bytes:
    return bytes(
        nacl.pwhash.argon2id.kdf(
            nacl.secret.SecretBox.KEY_SIZE, passphrase.encode(), salt, opslimit=ops, memlimit=mem
        )
    )


def ask_passphrase(purpose: str, env: str = PASSPHRASE_ENV) -> str:
    """The passphrase from the environment, or the terminal; never waits on a pipe."""
    value = os.environ.get(env)
    if value:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"Passphrase to {purpose}: ")
    raise KeyError_(
        f"a passphrase is needed to {purpose}: set {env} or run the command at a terminal"
    )


def verify_signature(sign_public: bytes, message: bytes, signature: bytes) -> bool:
    try:
        nacl.signing.VerifyKey(sign_public).verify(message, signature)
    except (nacl.exceptions.BadSignatureError, ValueError, TypeError):
        return False
    return True


def box_public_key(identity: PublicIdentity) -> PublicKey:
    return PublicKey(identity.box_public)

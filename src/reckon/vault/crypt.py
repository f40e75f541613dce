"""Sealed data: readable only by the people it is sealed to.

A sealed blob is a random 32-byte data key per blob; the data is encrypted with
it (``SecretBox``, XSalsa20-Poly1305) and the data key is sealed to each
reader's X25519 public key (``SealedBox``). Layout::

    b"RECKON-SEALED-1\\n" + JSON header line {"to": {key_id: sealed_key_hex}} + b"\\n"
    + SecretBox ciphertext

Files are sealed as a stream (``seal_stream``: libsodium's secretstream,
XChaCha20-Poly1305 in 1 MiB chunks, the last one tagged final so a cut is
detected), so a video never has to fit in memory; the header is the same with
``RECKON-SEALED-2``.

The blob's SHA-256 is of the ciphertext, so the vault verifies it without any
key, and the hash of the plaintext (a witness's name is easy to guess and
hash) never appears outside the blob.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import IO, Any, Protocol

import nacl.bindings
import nacl.exceptions
import nacl.secret
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox

from reckon.errors import KeyError_, VaultError
from reckon.vault.keys import PublicIdentity


class Opener(Protocol):
    """What opens sealed data: a key id and its reader (box) secret, if unlocked."""

    @property
    def identity(self) -> PublicIdentity: ...

    @property
    def box(self) -> PrivateKey | None: ...


MAGIC = b"RECKON-SEALED-1\n"
STREAM_MAGIC = b"RECKON-SEALED-2\n"
STREAM_CHUNK = 1 << 20
_ss = nacl.bindings


def _sealed_keys(readers: Iterable[PublicIdentity], data_key: bytes) -> bytes:
    readers = list(readers)
    if not readers:
        raise KeyError_("sealed data needs at least one reader's public key")
    to = {
        r.key_id: bytes(SealedBox(PublicKey(r.box_public)).encrypt(data_key)).hex() for r in readers
    }
    return json.dumps({"to": to}, sort_keys=True, separators=(",", ":")).encode() + b"\n"


def seal(data: bytes, readers: Iterable[PublicIdentity]) -> bytes:
    """Seal small data in memory (custody fields)."""
    data_key = nacl.utils.random(nacl.secret.SecretBox.KEY_SIZE)
    header = _sealed_keys(readers, data_key)
    return MAGIC + header + bytes(nacl.secret.SecretBox(data_key).encrypt(data))


def seal_stream(src: IO[bytes], dst: IO[bytes], readers: Iterable[PublicIdentity]) -> None:
    """Seal a file of any size, chunk by chunk."""
    data_key = nacl.utils.random(_ss.crypto_secretstream_xchacha20poly1305_KEYBYTES)
    dst.write(STREAM_MAGIC + _sealed_keys(readers, data_key))
    state = _ss.crypto_secretstream_xchacha20poly1305_state()
    dst.write(_ss.crypto_secretstream_xchacha20poly1305_init_push(state, data_key))
    chunk = src.read(STREAM_CHUNK)
    while True:
        following = src.read(STREAM_CHUNK)
        tag = (
            _ss.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
            if following
            else _ss.crypto_secretstream_xchacha20poly1305_TAG_FINAL
        )
        dst.write(_ss.crypto_secretstream_xchacha20poly1305_push(state, chunk, tag=tag))
        if not following:
            return
        chunk = following


def unseal_stream(src: IO[bytes], dst: IO[bytes], key: Opener) -> None:
    """Open a sealed stream into ``dst``; raises if it was altered, cut or is not ours."""
    if src.read(len(STREAM_MAGIC)) != STREAM_MAGIC:
        raise VaultError("not a sealed stream")
    header = _parse_header(src.readline(1 << 20))
    data_key = _open_data_key(header, key)
    state = _ss.crypto_secretstream_xchacha20poly1305_state()
    try:
        _ss.crypto_secretstream_xchacha20poly1305_init_pull(
            state, src.read(_ss.crypto_secretstream_xchacha20poly1305_HEADERBYTES), data_key
        )
        step = STREAM_CHUNK + _ss.crypto_secretstream_xchacha20poly1305_ABYTES
        while chunk := src.read(step):
            plain, tag = _ss.crypto_secretstream_xchacha20poly1305_pull(state, chunk)
            dst.write(plain)
            if tag == _ss.crypto_secretstream_xchacha20poly1305_TAG_FINAL:
                if src.read(1):
                    raise VaultError("sealed data goes on after its end: it was altered")
                return
    except (nacl.exceptions.CryptoError, ValueError, RuntimeError):
        raise VaultError("sealed data does not open: it was altered or is not ours") from None
    raise VaultError("sealed data was cut short")


def _open_data_key(header: dict[str, Any], key: Opener) -> bytes:
    sealed_key = header["to"].get(key.identity.key_id)
    if sealed_key is None:
        raise KeyError_(f"this data is not sealed to key {key.identity.key_id}")
    if key.box is None:
        raise KeyError_(
            f"sealed data needs key {key.identity.key_id}'s reader key, which is kept apart "
            "with a passphrase of its own"
        )
    try:
        return bytes(SealedBox(key.box).decrypt(bytes.fromhex(sealed_key)))
    except (nacl.exceptions.CryptoError, ValueError, TypeError):
        raise VaultError("sealed data does not open: it was altered or is not ours") from None


def is_sealed(blob: bytes) -> bool:
    return blob.startswith((MAGIC, STREAM_MAGIC))


def readers_of(blob: bytes) -> list[str]:
    return sorted(_header(blob)[0]["to"])


def unseal(blob: bytes, key: Opener) -> bytes:
    if blob.startswith(STREAM_MAGIC):
        out = io.BytesIO()
        unseal_stream(io.BytesIO(blob), out, key)
        return out.getvalue()
    header, body = _header(blob)
    data_key = _open_data_key(header, key)
    try:
        return bytes(nacl.secret.SecretBox(data_key).decrypt(body))
    except nacl.exceptions.CryptoError:
        raise VaultError("sealed data does not open: it was altered or is not ours") from None


def seal_json(value: dict[str, Any], readers: Iterable[PublicIdentity]) -> str:
    """Seal a small JSON object into a hex string that can sit in an event payload."""
    return seal(json.dumps(value, ensure_ascii=False, sort_keys=True).encode(), readers).hex()


def unseal_json(text: str, key: Opener) -> dict[str, Any]:
    value = json.loads(unseal(bytes.fromhex(text), key))
    if not isinstance(value, dict):
        raise VaultError("sealed value is not a JSON object")
    return value


def _header(blob: bytes) -> tuple[dict[str, Any], bytes]:
    if not is_sealed(blob):
        raise VaultError("not a sealed blob")
    end = blob.find(b"\n", len(MAGIC))
    if end < 0:
        raise VaultError("the sealed header is cut short")
    return _parse_header(blob[len(MAGIC) : end + 1]), blob[end + 1 :]


def _parse_header(line: bytes) -> dict[str, Any]:
    """The readers' header line: cut or malformed is one clear error, never a traceback."""
    if not line.endswith(b"\n"):
        raise VaultError("the sealed header is cut short")
    try:
        header = json.loads(line)
    except ValueError:
        raise VaultError("the sealed header is not readable: it was cut or altered") from None
    if not isinstance(header, dict) or not isinstance(header.get("to"), dict):
        raise VaultError("the sealed header names no readers: it was altered")
    return header

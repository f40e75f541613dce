"""Content-addressed objects: every file stored once under its SHA-256.

``objects/ab/cdef...``. A file is copied once into ``objects/.tmp`` while it
is hashed (one read of the source), fsynced, then renamed to its name: a crash
leaves either no object or the whole object, never a partial one under a
real name. An object already present is never rewritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from reckon.vault.files import fsync_dir

CHUNK = 4 << 20
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


class ObjectStore:
    """Files under ``root/ab/cdef...`` by SHA-256; written atomically, never overwritten."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / ".tmp"

    def path_of(self, sha256: str) -> Path:
        if not SHA256_HEX.match(sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:]

    def has(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def put_bytes(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        if not self.has(sha):
            fd, tmp = self._temp()
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            self._settle(tmp, sha)
        return sha

    def put_file(self, path: Path) -> str:
        with Path(path).open("rb", buffering=0) as src:
            return self.put_stream(src)

    def put_stream(self, src: BinaryIO) -> str:
        """Store what ``src`` yields, copied once while it is hashed."""
        digest = hashlib.sha256()
        buf = bytearray(CHUNK)
        view = memoryview(buf)
        fd, tmp = self._temp()
        try:
            with os.fdopen(fd, "wb", buffering=0) as dst:
                while n := src.readinto(buf):  # type: ignore[attr-defined]
                    digest.update(view[:n])
                    dst.write(view[:n])
                os.fsync(dst.fileno())
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        sha = digest.hexdigest()
        self._settle(tmp, sha)
        return sha

    def _temp(self) -> tuple[int, str]:
        self.tmp.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(dir=self.tmp, prefix="obj-")

    def _settle(self, tmp: str, sha: str) -> None:
        """Give the temp file its name, unless the object is already there."""
        target = self.path_of(sha)
        try:
            if target.is_file():
                return
            target.parent.mkdir(parents=True, exist_ok=True)
            # link() never replaces an existing name: two writers cannot clobber.
            with contextlib.suppress(FileExistsError):
                os.link(tmp, target)
                fsync_dir(target.parent)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)

    def clean_temp(self) -> int:
        """Remove temp files left by an interrupted write; returns how many."""
        if not self.tmp.is_dir():
            return 0
        count = 0
        for item in self.tmp.iterdir():
            item.unlink(missing_ok=True)
            count += 1
        return count

    def __iter__(self) -> Iterator[tuple[str, Path]]:
        """Every stored object as (name it claims, path), in a stable order."""
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if sub.name == ".tmp" or not sub.is_dir():
                continue
            for item in sorted(sub.iterdir()):
                yield sub.name + item.name, item


def named_objects(value: Any) -> Iterator[str]:
    """Object hashes an event payload names (keys ``object``, ``object_sha256``, ``objects``)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("object", "object_sha256") and isinstance(item, str):
                if SHA256_HEX.match(item):
                    yield item
            elif key == "objects" and isinstance(item, list):
                yield from (x for x in item if isinstance(x, str) and SHA256_HEX.match(x))
            else:
                yield from named_objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from named_objects(item)

"""reckon.vault: the evidence vault under every case.

Provisional facade (the vault engineer replaces the log with the signed,
hash-chained Merkle log): objects are content-addressed; events are appended
durably before the database commits.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reckon.vault.objects import ObjectStore


@dataclass(frozen=True)
class EventRef:
    seq: int
    hash: str


@dataclass(frozen=True)
class Event:
    seq: int
    hash: str
    kind: str
    payload: dict[str, Any]


class Vault:
    def __init__(self, case_dir: Path) -> None:
        self.dir = case_dir / "vault"
        self.objects = ObjectStore(self.dir / "objects")
        self._log = self.dir / "log" / "events.jsonl"

    @classmethod
    def create(cls, case_dir: Path, *, author: str, passphrase: str) -> Vault:
        (case_dir / "vault" / "objects").mkdir(parents=True, exist_ok=True)
        (case_dir / "vault" / "log").mkdir(parents=True, exist_ok=True)
        return cls(case_dir)

    @classmethod
    def open(cls, case_dir: Path) -> Vault:
        return cls(case_dir)

    def put_file(self, path: Path, custody: Mapping[str, Any] | None = None) -> str:
        return self.objects.put_file(path)

    def put_bytes(self, data: bytes, custody: Mapping[str, Any] | None = None) -> str:
        return self.objects.put_bytes(data)

    def object_path(self, sha256: str) -> Path:
        return self.objects.path_of(sha256)

    def has_object(self, sha256: str) -> bool:
        return self.objects.has(sha256)

    def events(self, after_seq: int = 0) -> Iterator[Event]:
        if not self._log.exists():
            return
        with self._log.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.endswith("\n"):
                    break  # a torn last line from a crash is not an event
                item = json.loads(line)
                if item["seq"] > after_seq:
                    yield Event(item["seq"], item["hash"], item["kind"], item["payload"])

    def append_event(self, kind: str, payload: dict[str, Any]) -> EventRef:
        last = 0
        prev = ""
        for event in self.events():
            last, prev = event.seq, event.hash
        body = json.dumps(
            {"seq": last + 1, "prev": prev, "kind": kind, "payload": payload},
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        digest = hashlib.sha256(body.encode()).hexdigest()
        line = json.dumps({"seq": last + 1, "hash": digest, "kind": kind, "payload": payload})
        with self._log.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        return EventRef(last + 1, digest)

"""What this device has seen: the newest checkpoint of every log, kept outside the case.

A case replaced by an older copy of itself (a rollback) is internally
consistent; only a record kept elsewhere can tell. Each checkpoint made or
verified here is remembered in ``$RECKON_WITNESS_DIR`` (default
``~/.local/share/reckon/witness``), per log and folder (two devices' diverging
copies of one case may sit on one machine); ``verify`` compares.
The same check works with fingerprints sent abroad (``verify --known``).

Records are keyed by the log's *founding key* (the key its first event adds)
and the folder, and each folder also keeps which founding key its log had. A
log re-signed with a new key has a new founding key (and a new log id): found
under the folder, it is named as "a different key signed this log" rather
than passing as a log this device never saw.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from reckon.errors import ReckonError
from reckon.vault.checkpoints import Checkpoint
from reckon.vault.files import write_atomic

WITNESS_ENV = "RECKON_WITNESS_DIR"


def witness_dir() -> Path:
    chosen = os.environ.get(WITNESS_ENV)
    if chosen:
        return Path(chosen)
    return Path.home() / ".local" / "share" / "reckon" / "witness"


def _record(log_id: str, case_dir: Path) -> Path:
    key = hashlib.sha256(f"{log_id}\n{Path(case_dir).resolve()}".encode()).hexdigest()[:32]
    return witness_dir() / f"{key}.json"


def _folder_record(case_dir: Path) -> Path:
    key = hashlib.sha256(f"folder\n{Path(case_dir).resolve()}".encode()).hexdigest()[:32]
    return witness_dir() / f"{key}.json"


def _founder_of(case_dir: Path) -> str:
    """The key id the log's first event adds ("" when it cannot be read)."""
    from reckon.vault.log import parse_line

    path = Path(case_dir) / "vault" / "log" / "events.log"
    try:
        with path.open("rb") as fh:
            first = fh.readline().rstrip(b"\n")
        return str(parse_line(first, str(path)).payload.get("key_id", ""))
    except (OSError, ValueError, ReckonError):
        return ""


def remember(cp: Checkpoint, case_dir: Path, founder: str | None = None) -> None:
    if not cp.log_id:
        return
    founder = _founder_of(case_dir) if founder is None else founder
    # A read-only home must not stop the work; verify --known still works.
    with contextlib.suppress(OSError):
        here = seen_in_folder(case_dir)
        # the founding key first seen in a folder is kept: a log of another key shown in
        # it later is named by verify, never taken as the folder's log in its stead
        if here is None or (here.get("founder") == founder and int(here["size"]) < cp.size):
            record = {
                "founder": founder,
                "log": cp.log_id,
                "size": cp.size,
                "fingerprint": cp.fingerprint,
            }
            write_atomic(_folder_record(case_dir), json.dumps(record).encode())
        seen = newest_seen(founder or cp.log_id, case_dir)
        if seen is None or seen[0] < cp.size:
            write_atomic(
                _record(founder or cp.log_id, case_dir),
                json.dumps({"size": cp.size, "fingerprint": cp.fingerprint}).encode(),
            )


def seen_in_folder(case_dir: Path) -> dict[str, Any] | None:
    """What this device last saw in this folder: founding key, log id, size, fingerprint."""
    try:
        data = json.loads(_folder_record(case_dir).read_text(encoding="utf-8"))
        int(data["size"])
        return dict(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def newest_seen(key: str, case_dir: Path) -> tuple[int, str] | None:
    """(size, fingerprint) seen of the log founded by key ``key`` in this folder (or, for a
    record written before, of log id ``key``)."""
    path = _record(key, case_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return int(data["size"]), str(data["fingerprint"])
    except (OSError, ValueError, KeyError):
        return None


def remember_head(case_dir: Path) -> None:
    """Remember a verified case's signed head as seen on this device."""
    from reckon.vault.checkpoints import parse_checkpoint

    path = Path(case_dir) / "vault" / "log" / "head.json"
    with contextlib.suppress(OSError, ValueError, KeyError):
        line = json.loads(path.read_text(encoding="utf-8"))["checkpoint"].encode()
        remember(parse_checkpoint(line, str(path)), case_dir)

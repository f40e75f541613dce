"""What this device has seen: the newest checkpoint of every log, kept outside the case.

A case replaced by an older copy of itself (a rollback) is internally
consistent; only a record kept elsewhere can tell. Each checkpoint made or
verified here is remembered in ``$RECKON_WITNESS_DIR`` (default
``~/.local/share/reckon/witness``) as ``<log id>.json``; ``verify`` compares.
The same check works with fingerprints sent abroad (``verify --known``).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from reckon.vault.checkpoints import Checkpoint
from reckon.vault.files import write_atomic

WITNESS_ENV = "RECKON_WITNESS_DIR"


def witness_dir() -> Path:
    chosen = os.environ.get(WITNESS_ENV)
    if chosen:
        return Path(chosen)
    return Path.home() / ".local" / "share" / "reckon" / "witness"


def remember(cp: Checkpoint) -> None:
    if not cp.log_id:
        return
    seen = newest_seen(cp.log_id)
    if seen is not None and seen[0] >= cp.size:
        return
    # A read-only home must not stop the work; verify --known still works.
    with contextlib.suppress(OSError):
        write_atomic(
            witness_dir() / f"{cp.log_id}.json",
            json.dumps({"size": cp.size, "fingerprint": cp.fingerprint}).encode(),
        )


def newest_seen(log_id: str) -> tuple[int, str] | None:
    path = witness_dir() / f"{log_id}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return int(data["size"]), str(data["fingerprint"])
    except (OSError, ValueError, KeyError):
        return None

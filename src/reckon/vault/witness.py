"""What this device has seen: the newest checkpoint of every log, kept outside the case.

A case replaced by an older copy of itself (a rollback) is internally
consistent; only a record kept elsewhere can tell. Each checkpoint made or
verified here is remembered in ``$RECKON_WITNESS_DIR`` (default
``~/.local/share/reckon/witness``), per log and folder (two devices' diverging
copies of one case may sit on one machine); ``verify`` compares.
The same check works with fingerprints sent abroad (``verify --known``).
"""

from __future__ import annotations

import contextlib
import hashlib
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


def _record(log_id: str, case_dir: Path) -> Path:
    key = hashlib.sha256(f"{log_id}\n{Path(case_dir).resolve()}".encode()).hexdigest()[:32]
    return witness_dir() / f"{key}.json"


def remember(cp: Checkpoint, case_dir: Path) -> None:
    if not cp.log_id:
        return
    seen = newest_seen(cp.log_id, case_dir)
    if seen is not None and seen[0] >= cp.size:
        return
    # A read-only home must not stop the work; verify --known still works.
    with contextlib.suppress(OSError):
        write_atomic(
            _record(cp.log_id, case_dir),
            json.dumps({"size": cp.size, "fingerprint": cp.fingerprint}).encode(),
        )


def newest_seen(log_id: str, case_dir: Path) -> tuple[int, str] | None:
    path = _record(log_id, case_dir)
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

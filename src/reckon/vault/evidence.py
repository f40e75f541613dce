"""Evidence files in the vault: stored (sealed when sensitive) and described.

``prepare_evidence`` stores the files and builds the payload of one
``evidence.added`` event. Recording it in a case, and applying it to the
database, is ``reckon.events.evidence``: the vault knows nothing of cases.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from reckon.errors import InputError
from reckon.vault.custody import split_custody
from reckon.vault.keys import PublicIdentity
from reckon.vault.vault import Vault

log = logging.getLogger("reckon.vault.evidence")

EVIDENCE_ADDED = "evidence.added"


def prepare_evidence(
    vault: Vault,
    files: Sequence[Path],
    custody: Mapping[str, Any] | None = None,
    *,
    sensitive: bool = False,
    readers: Iterable[PublicIdentity] | None = None,
) -> dict[str, Any]:
    """Store ``files`` and return the payload of their ``evidence.added`` event."""
    if not files:
        raise InputError("no evidence files given")
    for path in files:
        if not Path(path).is_file():
            raise InputError("not a file", file=str(path))
    reader_list = list(readers) if readers is not None else list(vault.readers().values())
    public, sealed = split_custody(custody or {}, reader_list)
    items = []
    for path in files:
        path = Path(path)
        sha = vault.put_file(path, sensitive=sensitive, readers=reader_list)
        item: dict[str, Any] = {"object": sha, "sensitive": sensitive}
        if not sensitive:
            # A sensitive file's name and type can identify someone: they stay sealed.
            item["file_name"] = path.name
            item["media_type"] = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            item["size"] = path.stat().st_size
        items.append(item)
    if sensitive:
        from reckon.vault.crypt import seal_json

        names = [{"file_name": Path(p).name, "size": Path(p).stat().st_size} for p in files]
        sealed_names = seal_json({"files": names}, reader_list)
        for item, blob in zip(items, [sealed_names] * len(items), strict=True):
            item["sealed_names"] = blob
    return {"items": items, "custody": public, "sealed": sealed}

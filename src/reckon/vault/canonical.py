"""Canonical JSON: the exact bytes that are hashed and signed.

``json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` of
plain JSON types (dict with str keys, list, str, int, bool, None), UTF-8
encoded. This is RFC 8785 (JCS) for every value reckon writes, which holds no
floats: floats are refused, because their text form is where JCS and Python
part ways. Verification never re-serialises: it hashes and checks the bytes
as stored, so a verifier in any language needs no JSON canonicaliser at all.
"""

from __future__ import annotations

import json
from typing import Any

from reckon.errors import VaultError


def _check(value: Any, where: str) -> None:
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        raise VaultError(f"{where}: floats are not allowed in logged events; use a string")
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check(item, f"{where}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise VaultError(f"{where}: keys must be strings, not {key!r}")
            _check(item, f"{where}.{key}")
        return
    raise VaultError(f"{where}: {type(value).__name__} is not a plain JSON value")


def canonical(value: Any) -> bytes:
    """The canonical UTF-8 bytes of a plain JSON value."""
    _check(value, "payload")
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

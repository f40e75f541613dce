"""Custody metadata, in the spirit of the Berkeley Protocol on Digital Open Source Investigations.

Who collected an item, when, where and how it was acquired, its original name
and URL, the device, language and description, and the records and persons it
supports. The fields that can endanger someone (a witness or source's
identity, contact details) are sealed to the case's readers and never appear
in the clear, in the log or in any export.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from reckon.errors import InputError
from reckon.vault.crypt import seal_json
from reckon.vault.keys import PublicIdentity

PUBLIC_FIELDS = {
    "collected_by": "who collected it (a name or a pseudonym)",
    "collected_at": "when it was collected (ISO 8601)",
    "location": "where it was collected or what it shows",
    "acquisition": "how it was acquired: download, screenshot, capture, copy from device...",
    "original_name": "the file's original name",
    "url": "where it was found online",
    "device": "the device it was made or copied with",
    "language": "its language",
    "description": "what it shows",
    "records": "records it supports, as SOURCE:RECORD_ID",
    "persons": "person ids it supports",
}
SENSITIVE_FIELDS = {
    "witness": "the witness's identity",
    "source_identity": "who gave it",
    "contact": "how to reach the witness or source",
    "collector_contact": "how to reach the collector",
}


def split_custody(
    custody: Mapping[str, Any], readers: Iterable[PublicIdentity]
) -> tuple[dict[str, Any], str | None]:
    """The public fields, and the sensitive ones sealed (hex) to ``readers``."""
    unknown = sorted(set(custody) - set(PUBLIC_FIELDS) - set(SENSITIVE_FIELDS))
    if unknown:
        raise InputError(f"unknown custody field(s): {', '.join(unknown)}")
    public = {k: v for k, v in custody.items() if k in PUBLIC_FIELDS and v not in (None, "", [])}
    secret = {k: v for k, v in custody.items() if k in SENSITIVE_FIELDS and v not in (None, "")}
    return public, (seal_json(secret, readers) if secret else None)


def for_publication(payload: Mapping[str, Any]) -> dict[str, Any]:
    """A payload without anything sealed: what exports for publication may show."""
    return {k: v for k, v in payload.items() if k != "sealed"}

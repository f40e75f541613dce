"""reckon.vault: the evidence vault under every case.

Content-addressed objects (``objects``), an append-only log of signed,
hash-chained events that are leaves of an RFC 6962 Merkle tree (``log``,
``merkle``), signed checkpoints with short fingerprints (``checkpoints``),
per-person keys (``keys``), sealed sensitive data (``crypt``, ``custody``),
bundles for offline sync (``bundles``), court packages (``package``), proofs
(``proofs``) and verification that needs no secret (``verify``).
"""

from __future__ import annotations

from reckon.vault.log import Event, EventRef
from reckon.vault.vault import Vault

__all__ = ["Event", "EventRef", "Vault"]

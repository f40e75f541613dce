"""Vault tests run with a passphrase in the environment and a private witness folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reckon.vault import Vault

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _vault_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECKON_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("RECKON_WITNESS_DIR", str(tmp_path_factory.mktemp("witness")))
    monkeypatch.delenv("RECKON_KEY", raising=False)


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    yield Vault.create(tmp_path / "case", author="Documenter A", passphrase=PASSPHRASE)


def small_case(root: Path) -> Vault:
    """A vault with a few events, two objects and a checkpoint: small enough to tamper with
    at every byte."""
    v = Vault.create(root, author="Documenter A", passphrase=PASSPHRASE)
    a = v.put_bytes(b"morgue list, page 1")
    b = v.put_bytes(b"photo")
    v.append_event("import", {"object": a, "source": "morgue"})
    v.append_event("evidence.added", {"items": [{"object": b}], "custody": {"url": "x"}})
    v.checkpoint()
    v.append_event("note", {"text": "سلام"})
    return v

"""``reckon keys list | rotate | revoke``: the case's keys as a court would expect them.

Each key traces back to the founding key (the first ``key.added``); rotation and
revocation are signed events in the log (``vault.keyring``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from reckon.errors import KeyError_
from reckon.vault import Vault
from reckon.vault import keys as keymod
from reckon.vault.keyring import key_list

NEW_PASSPHRASE_ENV = "RECKON_NEW_PASSPHRASE"

CaseDir = Annotated[Path, typer.Argument(help="The case folder.")]


def _new_passphrase(whose: str) -> str:
    new = os.environ.get(NEW_PASSPHRASE_ENV)
    if not new and sys.stdin.isatty():
        new = str(typer.prompt(f"Passphrase for {whose}'s new key", hide_input=True))
    if not new:
        raise KeyError_(f"set {NEW_PASSPHRASE_ENV} or run at a terminal for the new key")
    return new


def list_keys(case_dir: Path) -> list[dict[str, Any]]:
    """Each key: its id, its person, who added it (and at which event), its status."""
    return key_list(Vault.open(case_dir).key_history())


def register(
    keys_app: typer.Typer,
    wrap: Callable[[typer.Typer, str], Callable[[Callable[..., Any]], Callable[..., Any]]],
    out: Console,
) -> None:
    """Add ``rotate`` and ``revoke`` to ``keys_app``; ``wrap`` is the CLI's error wrapper."""

    @wrap(keys_app, "rotate")
    def keys_rotate_cmd(
        case_dir: CaseDir,
        reason: Annotated[str, typer.Option(help="Why (kept in the log).")] = "",
    ) -> None:
        """Replace your key by a new one: the old key signs the rotation and nothing after
        it. The new key's passphrase is read from RECKON_NEW_PASSPHRASE or asked."""
        vault = Vault.open(case_dir)
        old = vault.unlock()
        new = vault.rotate_key(_new_passphrase(old.identity.author), reason)
        out.print(f"rotated key {old.identity.key_id} to {new.key_id}", markup=False)

    @wrap(keys_app, "revoke")
    def keys_revoke_cmd(
        case_dir: CaseDir,
        key_id: Annotated[str, typer.Argument(help="The key to revoke.")],
        reason: Annotated[str, typer.Option(help="Why (kept in the log).")] = "",
        cosigner: Annotated[
            list[str] | None,
            typer.Option(
                help="Another key of the case that agrees (repeatable; its passphrase is "
                "asked): more than half of the other active keys must sign a revocation "
                "that the key itself does not."
            ),
        ] = None,
    ) -> None:
        """Revoke a key (lost or stolen): it may sign nothing after this event."""
        vault = Vault.open(case_dir)
        cosigners = []
        for kid in cosigner or []:
            path = vault.keys_dir / f"{kid}.json"
            if not path.is_file():
                raise KeyError_(f"no key {kid} on this device ({path})")
            cosigners.append(keymod.unlock(path, keymod.ask_passphrase(f"unlock key {kid}")))
        vault.revoke_key(key_id, reason, cosigners)
        out.print(f"revoked key {key_id}", markup=False)

    del keys_rotate_cmd, keys_revoke_cmd

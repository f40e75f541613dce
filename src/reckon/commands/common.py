"""What every command shares: the consoles, one-line errors in the CLI's words, and the
case opened with the key the environment or the terminal gives.

``reckon.cli`` and the command modules beside this one import from here (never from
``reckon.cli``, which imports them to register them).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from reckon.errors import BadRows, InputError, ReckonError, printable
from reckon.terminal import SafeConsole

if TYPE_CHECKING:
    from reckon.case import Case
    from reckon.vault import Vault

# how a command module adds a command to a group (``register(app, add)``)
Adder = Callable[[typer.Typer, str], Callable[[Callable[..., Any]], Callable[..., Any]]]

# control characters in names and file names are shown escaped, never obeyed
out = SafeConsole(highlight=False, soft_wrap=True)
err = SafeConsole(stderr=True, highlight=False, soft_wrap=True)

CaseDir = Annotated[Path, typer.Argument(help="The case folder.")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]


def emit_json(obj: Any) -> None:
    """One JSON object on one line of stdout (JSON Lines when called repeatedly)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a ReckonError into one clear line and exit 1."""
    try:
        yield
    except ReckonError as exc:
        # the library names its parameters (``kind=``), the CLI its options (``--kind``);
        # the message quotes values from the user's files: never read them as markup
        # one line, control characters escaped; a list of bad rows keeps its lines (each
        # value in it is quoted with its escapes already)
        text = printable(cli_words(str(exc)), lines=isinstance(exc, BadRows))
        err.print(f"[bold red]error:[/] {escape(text)}", markup=True, highlight=False)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("interrupted: nothing was changed")
        raise typer.Exit(130) from None


# The library's parameters and the options that set them: the library's messages name
# parameters (``lists=``, ``kind=``), and the CLI speaks of its own options (``--lists``).
_CLI_OPTIONS = {
    "method": "--method",
    "lists": "--lists",
    "K": "--K",
    "burnin": "--burnin",
    "samples": "--samples",
    "thin": "--thin",
    "chains": "--chains",
    "delta": "--delta",
    "model": "--model",
    "criterion": "--criterion",
    "max_seconds": "--max-seconds",
    "max_sweeps": "--max-sweeps",
    "by": "--by",
    "seed": "--seed",
    "linkage_draws": "--linkage-draws",
    "kind": "--kind",
    "source": "--source",
    "mapping_path": "--mapping",
    "id_column": "--id-column",
    "strict": "--strict",
    "encoding": "--encoding",
    "sheet": "--sheet",
    "delimiter": "--delimiter",
    "header_row": "--header-row",
    "allow_large": "--allow-large",
    "sample": "--sample",
    "reviewer": "--reviewer",
    "people": "--people",
    "sources": "--sources",
    "lang": "--lang",
    "record_id": "--id",
    "field": "--field",
    "fields": "--set",
    "backend": "--backend",
}


# The facade's calls a message may suggest, and the commands that do the same.
_CLI_COMMANDS = {
    "case.records.edit": "reckon record edit",
    "case.records.enter": "reckon record add",
    "case.review.pairs": "reckon review --export",
    "case.review.sample": "reckon review --sample",
    "case.link.run": "reckon link",
    "case.link.export_records": "reckon export --persons",
    "case.link.evaluate_labelled": "reckon link-eval",
    "case.link.evaluate": "reckon link-eval --truth",
}


def cli_words(text: str) -> str:
    """A library message with its parameters (``lists=``, ``strict=True``) as CLI options."""
    import re

    def option(m: re.Match[str]) -> str:
        name, rest = m.group(1), m.group(2)
        if rest == "True":  # a flag: the option alone says it
            return _CLI_OPTIONS[name]
        value_follows = rest != "" and (rest.isalnum() or rest in "'\"[")
        return _CLI_OPTIONS[name] + (" " if value_follows else "") + rest

    for call, command in _CLI_COMMANDS.items():
        text = text.replace(call, command)
    names = "|".join(sorted(_CLI_OPTIONS, key=len, reverse=True))
    return re.sub(r"\b(" + names + r")=(True\b|.?)", option, text)


# --- the case's keys: the environment and the terminal are read here, never in the library


def passphrase() -> str | Callable[[str], str]:
    """This device's key's passphrase: RECKON_PASSPHRASE, else asked at the terminal when
    first needed (``ask_passphrase`` says what to set when there is no terminal)."""
    import os

    from reckon.vault.keys import PASSPHRASE_ENV, ask_passphrase

    return os.environ.get(PASSPHRASE_ENV) or ask_passphrase


def _key_id() -> str | None:
    import os

    from reckon.vault.vault import KEY_ENV

    return os.environ.get(KEY_ENV) or None


def open_case(case_dir: Path) -> Case:
    """The case, signing with this device's key (or RECKON_KEY's) when it must."""
    from reckon.case import Case

    return Case.open(case_dir, passphrase=passphrase(), key_id=_key_id())


def open_vault(case_dir: Path) -> Vault:
    """The case's vault alone, unlocking its key as ``open_case`` does."""
    from reckon.case import unlock_with
    from reckon.vault import Vault

    vault = Vault.open(case_dir)
    unlock_with(vault, passphrase(), key_id=_key_id())
    return vault


def as_of(text: str | None, option: str = "--as-of") -> date:
    """The day an answer is given for: ``text`` read as a date (Jalali or Gregorian,
    to the day), or today (UTC)."""
    if text is None:
        return datetime.now(UTC).date()
    from reckon.errors import DateError
    from reckon.normalize.dates import read_date

    try:
        reading = read_date(text)
    except DateError as exc:
        raise InputError(f"not a date ({exc.reason})", column=option, value=text) from None
    if reading.precision != "day":
        raise InputError("give a day, not a month or a year", column=option, value=text)
    return reading.start

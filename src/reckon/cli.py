"""The command line: thin, one function per command.

Each command opens a case and calls one library function. A ``ReckonError``
becomes one line on stderr and exit status 1 here, and nowhere else; usage
errors exit 2 (typer/click). Progress bars live here, never in the library.

The command names and their ``--json`` outputs are a contract (DESIGN.md).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from reckon.errors import ReckonError

app = typer.Typer(
    name="reckon",
    help="Count and document the victims of mass state violence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

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
        err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("interrupted: nothing was changed")
        raise typer.Exit(130) from None


def command(*args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``app.command`` whose body runs inside ``user_errors``."""

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        import functools

        @functools.wraps(fn)
        def run(*a: Any, **kw: Any) -> Any:
            with user_errors():
                return fn(*a, **kw)

        app.command(*args, **kwargs)(run)
        return fn

    return wrap


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.")] = False,
) -> None:
    """Count and document the victims of mass state violence."""
    if version:
        from reckon import __version__

        out.print(f"reckon {__version__}")
        raise typer.Exit(0)


def main() -> None:
    """Entry point of the ``reckon`` script."""
    app()


# --- the case and import (issue 2) ------------------------------------------

# --- normalize (issue 3) ----------------------------------------------------

# --- synth, link, review, export (issue 4) ----------------------------------

# --- estimate (issue 5) -----------------------------------------------------

# --- vault, evidence, bundles, verify (issue 6) -----------------------------

# --- report and demo --------------------------------------------------------


if __name__ == "__main__":
    main()

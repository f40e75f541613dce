"""``reckon serve`` and ``reckon user add/list/disable``: the web app's commands.

Light on purpose: the CLI imports this module to register the commands, and the
server (FastAPI, uvicorn) is imported only when ``serve`` runs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from reckon.errors import InputError

CaseDir = Annotated[Path, typer.Argument(help="The case folder.")]
PASSWORD_ENV = "RECKON_USER_PASSWORD"

users_app = typer.Typer(help="Accounts and roles for the web app.", no_args_is_help=True)


def _password(username: str) -> str:
    value = os.environ.get(PASSWORD_ENV)
    if value:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        first = str(typer.prompt(f"Password for {username}", hide_input=True))
        if first != str(typer.prompt("Again", hide_input=True)):
            raise InputError("the two passwords differ")
        return first
    raise InputError(f"set {PASSWORD_ENV} or run at a terminal to give the new user's password")


def user_add(
    case_dir: CaseDir,
    username: Annotated[str, typer.Argument(help="The user's login name.")],
    role: Annotated[
        str, typer.Option("--role", help="admin, documenter, reviewer, analyst or viewer.")
    ],
    totp: Annotated[
        bool, typer.Option("--totp", help="Ask for a one-time code (TOTP) at each login.")
    ] = False,
    lang: Annotated[str, typer.Option("--lang", help="Interface language: en or fa.")] = "en",
) -> None:
    """Add a user with their own signing key (the key's addition is signed by yours).
    The password comes from RECKON_USER_PASSWORD or is asked at the terminal."""
    from reckon.case import Case
    from reckon.web.accounts import add_user, totp_uri

    with Case.open(case_dir) as case:
        key_id, secret = add_user(case, username, role, _password(username), totp=totp, lang=lang)
        typer.echo(f"added {username} ({role}), signing key {key_id}")
        if secret:
            typer.echo(f"TOTP secret (shown once): {secret}")
            typer.echo(totp_uri(username, secret, case.settings.name))


def user_list(case_dir: CaseDir) -> None:
    """The web app's users, their roles and signing keys."""
    from reckon.case import Case
    from reckon.web.accounts import list_users

    with Case.open(case_dir) as case:
        for a in list_users(case):
            state = "disabled" if a.disabled else "active"
            extra = " totp" if a.totp_secret else ""
            typer.echo(f"{a.username}\t{a.role}\t{a.key_id}\t{state}{extra}")


def user_disable(
    case_dir: CaseDir, username: Annotated[str, typer.Argument(help="Who to disable.")]
) -> None:
    """Disable a user: they can no longer log in (their signed events stay)."""
    from reckon.case import Case
    from reckon.web.accounts import set_disabled

    with Case.open(case_dir) as case:
        set_disabled(case, username)
    typer.echo(f"disabled {username}")


def serve(
    case_dir: CaseDir,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """The web app: entry, search, review, uploads, dashboards, in Persian and English."""
    try:
        import uvicorn

        from reckon.web.app import create_app
    except ImportError as exc:  # the web extra is optional
        raise InputError(
            f"the web app needs `pip install reckon[web]` ({exc.name} missing)"
        ) from None
    app = create_app(case_dir)
    typer.echo(f"reckon serving {case_dir} on http://{host}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level="warning")

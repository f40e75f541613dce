"""Commands of the command line that live outside ``cli.py``: each module exposes
``register(app, add)``, where ``add(group, name)`` is the CLI's decorator that adds a
command to a group and turns a ``ReckonError`` into one line and exit 1."""

from __future__ import annotations

import typer

from reckon.commands import custody, statements, watch, wgeid
from reckon.commands.common import Adder


def register_all(app: typer.Typer, add: Adder) -> None:
    for module in (custody, watch, statements, wgeid):
        module.register(app, add)

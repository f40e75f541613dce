"""``reckon watch``: the detainees at greatest risk, each with its reason."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reckon.commands.common import Adder, as_of, emit_json, open_case, out


def watch(
    case_dir: Annotated[Path, typer.Argument(help="The case folder.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per listing (JSON Lines).")
    ] = False,
    on: Annotated[
        str | None, typer.Option("--as-of", help="Count days up to this day (default: today).")
    ] = None,
) -> None:
    """The detainees at greatest risk: each rule that lists them, its evidence and when
    it was last confirmed. The rules and their numbers are the case's [watch] settings."""
    from reckon.detainees.watch import WatchRules, watch_list

    day = as_of(on)
    rules = WatchRules.load(case_dir)
    with open_case(case_dir) as case, case.engine.connect() as conn:
        hits = watch_list(conn, rules, day)
    if as_json:
        for hit in hits:
            emit_json(hit.to_dict())
        return
    if not hits:
        out.print(f"no detainee is listed by the watch rules as of {day.isoformat()}")
        return
    out.print(f"{len(hits)} listing(s) as of {day.isoformat()}:")
    for hit in hits:
        last = hit.last_confirmed.isoformat() if hit.last_confirmed else "never"
        out.print(
            f"  {hit.detainee.key:<16} {hit.rule:<22} {hit.reason} (last confirmed {last})",
            markup=False,
        )


def register(app: typer.Typer, add: Adder) -> None:
    add(app, "watch")(watch)

"""docs/cli.md, written from the command line itself so the two cannot drift.

``python -m reckon.clidocs > docs/cli.md`` (``make docs``); a test fails when the
file in the repository differs from what this prints.
"""

from __future__ import annotations

from typing import Any

import typer.main

from reckon.cli import app

HEADER = """# The reckon command line

Written by `make docs` from the commands' own help; `tests/test_docs.py` checks it.
User errors exit 1 with one clear line; usage errors exit 2. `--json` prints one JSON
object on stdout (JSON Lines where a command takes several inputs).
"""


# typer ships its own copy of click: walk its commands by what they can do
def _commands(group: Any, prefix: str) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    ctx = group.make_context(prefix, [], resilient_parsing=True)
    for name in sorted(group.list_commands(ctx)):
        cmd = group.get_command(ctx, name)
        if cmd is None or cmd.hidden:
            continue
        full = f"{prefix} {name}"
        if hasattr(cmd, "list_commands"):
            found += _commands(cmd, full)
        else:
            found.append((full, cmd))
    return found


def _row(param: Any, ctx: Any) -> str:
    record = param.get_help_record(ctx)
    if record is None:
        return ""
    return f"| `{record[0]}` | {record[1].replace('|', '/')} |"


def render() -> str:
    root = typer.main.get_command(app)
    parts = [HEADER]
    ctx = root.make_context("reckon", [], resilient_parsing=True)
    rows = [_row(p, ctx) for p in root.get_params(ctx) if p.name != "help"]
    if any(rows):  # options given before the command, e.g. `reckon --keys DIR verify ...`
        table = "\n".join(r for r in rows if r)
        parts.append(
            "## `reckon` (before any command)\n\n| option | meaning |\n| --- | --- |\n"
            + table
            + "\n"
        )
    for full, cmd in _commands(root, "reckon"):
        ctx = cmd.make_context(full, [], resilient_parsing=True)
        usage = " ".join(cmd.collect_usage_pieces(ctx))
        parts.append(f"## `{full}`\n\n```\n{full} {usage}\n```\n")
        parts.append((cmd.help or "").strip() + "\n")
        rows = [r for p in cmd.get_params(ctx) if p.name != "help" and (r := _row(p, ctx))]
        if rows:
            parts.append("| option | meaning |\n| --- | --- |\n" + "\n".join(rows) + "\n")
    return "\n".join(parts)


if __name__ == "__main__":
    import sys

    sys.stdout.write(render())

"""``reckon export-wgeid``: a submission to the UN Working Group on Enforced or
Involuntary Disappearances, its six minimum elements checked."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated

import typer

from reckon.commands.common import Adder, as_of, emit_json, open_case, out


def _submitter(case_dir: Path) -> str | None:
    try:
        data = tomllib.loads((case_dir / "reckon.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    value = data.get("wgeid", {}).get("submitter")
    return str(value) if value else None


def export_wgeid(
    case_dir: Annotated[Path, typer.Argument(help="The case folder.")],
    person: Annotated[str, typer.Argument(help="A person id, or a record SOURCE:RECORD_ID.")],
    submitter: Annotated[
        str | None,
        typer.Option(help="Who submits the case (else [wgeid] submitter in reckon.toml)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    on: Annotated[
        str | None, typer.Option("--as-of", help="The day of submission (default: today).")
    ] = None,
) -> None:
    """The six minimum elements of a case for the Working Group: which are there, which
    are missing, and whether it is inside the three-month urgent window."""
    from reckon.detainees.wgeid import ELEMENT_WORDS, build_submission

    day = as_of(on)
    who = submitter or _submitter(case_dir)
    with open_case(case_dir) as case, case.engine.connect() as conn:
        sub = build_submission(conn, person, submitter=who, as_of=day)
    if as_json:
        emit_json(sub.to_dict())
        return
    out.print(
        f"Submission to the WGEID for {sub.detainee.key} (as of {day.isoformat()})", markup=False
    )
    for e in sub.elements:
        mark = "ok     " if e.present else "MISSING"
        shown = f"{e.value}  [{e.found_in}]" if e.present else ""
        out.print(f"  {mark} {ELEMENT_WORDS[e.name]}: {shown}", markup=False)
    if sub.missing:
        out.print(f"missing: {', '.join(sub.missing)}", markup=False)
    if sub.urgent and sub.urgent_until:
        out.print(
            f"URGENT: disappeared less than three months ago; the urgent procedure applies "
            f"until {sub.urgent_until.isoformat()}",
            markup=False,
        )


def register(app: typer.Typer, add: Adder) -> None:
    add(app, "export-wgeid")(export_wgeid)

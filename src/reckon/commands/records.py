"""``reckon record add`` and ``reckon record edit``: one record at a time, by hand."""

from __future__ import annotations

from typing import Annotated

import typer

from reckon.commands.common import CaseDir, JsonFlag, emit_json, open_case, out, user_errors

record_app = typer.Typer(help="Records entered and edited by hand.", no_args_is_help=True)


def _pairs(given: list[str] | None) -> dict[str, str]:
    fields: dict[str, str] = {}
    for item in given or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise typer.BadParameter(f"{item!r}: write FIELD=VALUE", param_hint="--set")
        fields[name.strip()] = value
    return fields


@record_app.command("add")
def record_add_cmd(
    case_dir: CaseDir,
    source: Annotated[str, typer.Option("--source", help="The list the record belongs to.")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind", help="morgue, hospital, family, ngo, media, social, official or other."
        ),
    ],
    record_id: Annotated[str, typer.Option("--id", help="The record's id in its source.")],
    fields: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="FIELD=VALUE as a list's cell would say it (repeatable): full_name, "
            "given_name, family_name, father_name, sex, age, birth_year, event_type, date, "
            "place, province, county, city, cause, notes.",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Enter one record by hand, read as a list's row is, as one logged event."""
    with user_errors(), open_case(case_dir) as case:
        done = case.records.enter(
            source=source, kind=kind, record_id=record_id, fields=_pairs(fields)
        )
    if as_json:
        emit_json({"event": done.seq, "hash": done.hash, "records": done.outcome.count("records")})
        return
    out.print(f"entered record {record_id!r} of {source!r} (event {done.seq})", markup=False)


@record_app.command("edit")
def record_edit_cmd(
    case_dir: CaseDir,
    source: Annotated[str, typer.Option("--source", help="The record's list.")],
    record_id: Annotated[str, typer.Option("--id", help="The record's id in its source.")],
    field: Annotated[
        str, typer.Option("--field", help="The field, as stored (e.g. full_name, date_start).")
    ],
    value: Annotated[
        str | None, typer.Option("--value", help="Its new value; leave out to empty it.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Set one field of one record, as one logged event (edits apart: `vault conflicts`)."""
    with user_errors(), open_case(case_dir) as case:
        done = case.records.edit(source=source, record_id=record_id, field=field, value=value)
    if as_json:
        emit_json({"event": done.seq, "hash": done.hash, "records": done.outcome.count("records")})
        return
    out.print(f"set {field} of {source}:{record_id} (event {done.seq})", markup=False)


__all__ = ["record_app"]

"""``reckon custody``: custody steps of detainees and the registers of facilities,
courts and judges."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from reckon.commands.common import Adder, emit_json, open_case, out
from reckon.detainees.registers import REGISTERS, RegisterInput
from reckon.detainees.steps import LAWYER, RELIABILITY, STEPS, StepInput
from reckon.errors import InputError, Where

custody_app = typer.Typer(
    help="Detainees' custody timelines, and the registers of facilities, courts and judges.",
    no_args_is_help=True,
)
CaseDir = Annotated[Path, typer.Argument(help="The case folder.")]
STEP_COLUMNS = (
    "record", "step", "date", "source", "reliability", "url", "facility", "court", "judge",
    "branch", "force", "charges", "sentence", "capital", "lawyer", "age", "place", "notes",
)  # fmt: skip
YES = ("1", "true", "yes", "y", "بله")


def add(
    case_dir: CaseDir,
    record: Annotated[str, typer.Option(help="The detainee's record, SOURCE:RECORD_ID.")],
    step: Annotated[str, typer.Option(help=f"One of: {', '.join(STEPS)}.")],
    date: Annotated[str, typer.Option(help="The date as written (Jalali or Gregorian).")],
    source: Annotated[str, typer.Option(help="Who reports this step.")],
    reliability: Annotated[str, typer.Option(help=f"One of: {', '.join(RELIABILITY)}.")] = "medium",
    url: Annotated[str | None, typer.Option(help="Where the report is.")] = None,
    facility: Annotated[str | None, typer.Option(help="Facility code (register).")] = None,
    court: Annotated[str | None, typer.Option(help="Court code (register).")] = None,
    judge: Annotated[str | None, typer.Option(help="Judge code (register).")] = None,
    branch: Annotated[str | None, typer.Option(help="The court's branch.")] = None,
    force: Annotated[str | None, typer.Option(help="Who arrested or holds them.")] = None,
    charge: Annotated[list[str] | None, typer.Option("--charge", help="A charge.")] = None,
    sentence: Annotated[str | None, typer.Option(help="The sentence, as reported.")] = None,
    capital: Annotated[
        bool, typer.Option("--capital", help="A capital charge or a death sentence.")
    ] = False,
    lawyer: Annotated[str | None, typer.Option(help=f"One of: {', '.join(LAWYER)}.")] = None,
    age: Annotated[str | None, typer.Option(help="Age or birth date as stated.")] = None,
    place: Annotated[str | None, typer.Option(help="Where (on the gazetteer).")] = None,
    notes: Annotated[str | None, typer.Option(help="Anything else.")] = None,
) -> None:
    """Record one custody step of a detainee; refused if it cannot follow their steps."""
    from reckon.events.custody import record_steps

    item = StepInput(
        record, step, date, source, reliability, url, facility, court, judge, branch, force,
        tuple(charge or ()), sentence, True if capital else None, lawyer, age, place, notes,
    )  # fmt: skip
    with open_case(case_dir) as case:
        (done,) = record_steps(case, [(None, item)])
    out.print(f"recorded «{done['step']}» of {done['date_text']} for {record} ({done['step_id']})")


def _rows(path: Path) -> Iterator[tuple[Where, dict[str, str]]]:
    try:
        data = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the CSV as UTF-8: {exc}", file=str(path)) from None
    reader = csv.DictReader(io.StringIO(data))
    columns = [c.strip() for c in reader.fieldnames or ()]
    missing = [c for c in ("record", "step", "date", "source") if c not in columns]
    unknown = [c for c in columns if c not in STEP_COLUMNS]
    if missing or unknown:
        raise InputError(
            f"missing column(s) {', '.join(missing) or 'none'}, unknown column(s) "
            f"{', '.join(unknown) or 'none'}; the columns are {', '.join(STEP_COLUMNS)}",
            file=str(path),
            row=1,
        )
    for n, row in enumerate(reader, start=2):
        yield Where(str(path), n), {k.strip(): (v or "").strip() for k, v in row.items() if k}


def import_steps(
    case_dir: CaseDir,
    file: Annotated[Path, typer.Argument(help=f"CSV with columns {', '.join(STEP_COLUMNS)}.")],
) -> None:
    """Record the custody steps of a CSV (charges separated by ';') as one event."""
    from reckon.events.custody import record_steps

    items = [
        (
            where,
            StepInput(
                r.get("record", ""), r.get("step", ""), r.get("date", ""), r.get("source", ""),
                r.get("reliability") or "medium", r.get("url") or None, r.get("facility") or None,
                r.get("court") or None, r.get("judge") or None, r.get("branch") or None,
                r.get("force") or None,
                tuple(c.strip() for c in r.get("charges", "").split(";") if c.strip()),
                r.get("sentence") or None, True if r.get("capital", "").lower() in YES else None,
                r.get("lawyer") or None, r.get("age") or None, r.get("place") or None,
                r.get("notes") or None,
            ),
        )
        for where, r in _rows(file)
    ]  # fmt: skip
    with open_case(case_dir) as case:
        done = record_steps(case, items, file=file.name)
    out.print(f"recorded {len(done)} custody step(s) from {file.name}")


def register_entry(
    case_dir: CaseDir,
    register: Annotated[str, typer.Option(help=f"One of: {', '.join(REGISTERS)}.")],
    code: Annotated[str, typer.Option(help="A short stable code, used by custody steps.")],
    name_fa: Annotated[str | None, typer.Option(help="Persian name.")] = None,
    name_latin: Annotated[str | None, typer.Option(help="Latin name.")] = None,
    place: Annotated[str | None, typer.Option(help="Where (on the gazetteer).")] = None,
    court: Annotated[str | None, typer.Option(help="A judge's court, by its code.")] = None,
    executions: Annotated[
        bool, typer.Option("--executions", help="A facility known for executions.")
    ] = False,
    notes: Annotated[str | None, typer.Option(help="Anything else.")] = None,
) -> None:
    """Enter (or replace) a facility, court or judge in its register."""
    from reckon.events.custody import enter_registers

    item = RegisterInput(register, code, name_fa, name_latin, place, court, executions, notes)
    with open_case(case_dir) as case:
        (entry,) = enter_registers(case, [(None, item)])
    where = f" ({entry['province_code']})" if entry["province_code"] else ""
    out.print(f"entered {register} «{entry['code']}»{where}")


def show(
    case_dir: CaseDir,
    person: Annotated[str, typer.Argument(help="A person id, or a record SOURCE:RECORD_ID.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """A detainee's custody timeline, where it leaves them, and a minor's mark."""
    from reckon.detainees.timeline import detainee

    with open_case(case_dir) as case, case.engine.connect() as conn:
        d = detainee(conn, person)
    if as_json:
        emit_json(d.to_dict())
        return
    out.print(
        f"{d.key}: {d.state}" + (f"; a minor ({d.minor.reason})" if d.minor else ""), markup=False
    )
    for s in d.steps:
        extra = ", ".join(
            str(v)
            for v in (s["facility_code"], s["force"], "; ".join(s["charges"]), s["sentence"])
            if v
        )
        out.print(
            f"  {s['date_text']:<14} {s['step']:<20} {extra}  [{s['source']}, {s['reliability']}]",
            markup=False,
        )


def register(app: typer.Typer, add_to: Adder) -> None:
    add_to(custody_app, "add")(add)
    add_to(custody_app, "import")(import_steps)
    add_to(custody_app, "register")(register_entry)
    add_to(custody_app, "show")(show)
    app.add_typer(custody_app, name="custody")

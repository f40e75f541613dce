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
from rich.markup import escape

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
        # the message quotes values from the user's files: never read them as markup
        err.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True, highlight=False)
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


def _passphrase_for_init() -> str | None:
    import os

    if os.environ.get("RECKON_PASSPHRASE"):
        return None  # the case reads it from the environment
    if sys.stdin.isatty():
        first = typer.prompt("Passphrase for your signing key", hide_input=True)
        again = typer.prompt("Repeat it", hide_input=True)
        if first != again:
            raise typer.BadParameter("the two passphrases differ")
        return str(first)
    return None  # Case.create says clearly that RECKON_PASSPHRASE is needed


@command("init")
def init_cmd(
    case_dir: CaseDir,
    db: Annotated[
        str | None, typer.Option("--db", help="Database URL, e.g. postgresql://host/db.")
    ] = None,
    name: Annotated[str | None, typer.Option(help="A short name for the case.")] = None,
    author: Annotated[str | None, typer.Option(help="Who signs this device's events.")] = None,
) -> None:
    """Create a case folder (reckon.toml, reckon.db, vault/)."""
    from reckon.case import Case

    case = Case.create(case_dir, name=name, db=db, author=author, passphrase=_passphrase_for_init())
    out.print(f"created case {case.settings.name!r} in {case_dir}")


@command("import")
def import_cmd(
    case_dir: CaseDir,
    file: Annotated[Path, typer.Argument(help="CSV, XLSX or JSON Lines file.")],
    source: Annotated[str, typer.Option("--source", help="Name of the list.")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="morgue, hospital, family, ngo, media, social, official or other.",
        ),
    ],
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="Column mapping (TOML).")
    ] = None,
    id_column: Annotated[
        str | None, typer.Option("--id-column", help="Column with the source's record id.")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Import nothing if any row has any problem.")
    ] = False,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="Text encoding, e.g. cp1256 (detected).")
    ] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="XLSX sheet to read.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Import a list into the case; the raw file is kept byte-exact in the vault."""
    from rich.progress import Progress

    from reckon.case import Case
    from reckon.ingest.importer import MappingNeeded, import_file

    case = Case.open(case_dir)
    try:
        with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("reading rows", total=None)
            report = import_file(
                case,
                file,
                source=source,
                kind=kind,
                mapping_path=mapping,
                id_column=id_column,
                strict=strict,
                encoding=encoding,
                sheet=sheet,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except MappingNeeded as exc:
        sys.stdout.write(exc.template)
        raise
    if as_json:
        emit_json(report.to_dict())
        return
    if report.already_imported:
        out.print(
            f"{report.file}: already imported (as source {report.previous_source!r}); "
            "nothing changed",
            markup=False,
        )
        return
    used = ", ".join(f"{k}={v!r}" for k, v in report.mapping["columns"].items())
    origin = "recognised headers" if report.mapping_origin == "recognised" else "mapping"
    out.print(f"mapping ({origin}): {used}", markup=False)
    if report.unmapped:
        out.print(f"kept verbatim only: {', '.join(report.unmapped)}", markup=False)
    for note in report.notes:
        out.print(f"note: {note}", markup=False)
    out.print(
        f"{report.file}: {report.records_imported} records imported, "
        f"{report.rows_rejected} rejected, {len(report.problems)} problem(s) "
        f"[{report.format}, {report.encoding or 'binary'}]"
    )
    for problem in report.problems[:20]:
        err.print(f"  {report.file}, {problem}", markup=False)
    if len(report.problems) > 20:
        err.print(f"  ... and {len(report.problems) - 20} more (reckon problems {case_dir})")
    if report.rejects_file:
        out.print(f"rejected rows with their reasons: {report.rejects_file}")


@command("summary")
def summary_cmd(case_dir: CaseDir, as_json: JsonFlag = False) -> None:
    """What the case holds: counts by source, kind, event type and province."""
    from rich.table import Table

    from reckon.case import Case
    from reckon.store.summary import case_summary

    case = Case.open(case_dir)
    with case.engine.connect() as conn:
        summary = case_summary(conn)
    if as_json:
        emit_json(summary)
        return
    out.print(
        f"[bold]{case.settings.name}[/]: {summary['records']} records from "
        f"{summary['sources']} sources, {summary['persons']} persons, "
        f"{summary['problems']} problems"
    )
    for key, title in (
        ("by_source", "source"),
        ("by_kind", "kind"),
        ("by_event_type", "event type"),
        ("by_province", "province"),
        ("by_status", "status"),
    ):
        if not summary[key]:
            continue
        table = Table(title=f"records by {title}" if key != "by_status" else "persons by status")
        table.add_column(title)
        table.add_column("count", justify="right")
        for label, count in summary[key].items():
            table.add_row(label, str(count))
        out.print(table)


@command("problems")
def problems_cmd(case_dir: CaseDir, as_json: JsonFlag = False) -> None:
    """Every problem met on import: file, row, column, value, reason."""
    from reckon.case import Case
    from reckon.store.problems import list_problems

    case = Case.open(case_dir)
    with case.engine.connect() as conn:
        items = list_problems(conn)
    for item in items:
        if as_json:
            emit_json(item)
        else:
            where = f"{item['file']}, row {item['row']}"
            if item["column"]:
                where += f", column {item['column']!r}"
            if item["value"]:
                where += f", value {item['value']!r}"
            out.print(f"{where}: {item['reason']} ({item['severity']})", markup=False)


# --- normalize (issue 3) ----------------------------------------------------

# --- synth, link, review, export (issue 4) ----------------------------------

# --- estimate (issue 5) -----------------------------------------------------

# --- vault, evidence, bundles, verify (issue 6) -----------------------------

# --- report and demo --------------------------------------------------------


if __name__ == "__main__":
    main()

"""``reckon statement``: the archive of officials' statements, and its search."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reckon.commands.common import Adder, as_of, emit_json, open_case, out
from reckon.statements.archive import MEDIA, TAGS, StatementInput, Translation, read_csv

statement_app = typer.Typer(
    help="Officials' statements: archive them with their saved copies, and search them.",
    no_args_is_help=True,
)
CaseDir = Annotated[Path, typer.Argument(help="The case folder.")]


def add(
    case_dir: CaseDir,
    speaker: Annotated[str, typer.Option(help="Who said it.")],
    date: Annotated[str, typer.Option(help="When, as written (Jalali or Gregorian).")],
    text: Annotated[str, typer.Option(help="The original text.")],
    source: Annotated[str | None, typer.Option(help="Where it was published (URL).")] = None,
    file: Annotated[
        Path | None, typer.Option(help="A saved copy of the source, stored in the vault.")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help=f"One of: {', '.join(TAGS)}.")
    ] = None,
    office: Annotated[str | None, typer.Option(help="The office the speaker held then.")] = None,
    venue: Annotated[str | None, typer.Option(help="Where it was said.")] = None,
    audience: Annotated[str | None, typer.Option(help="To whom.")] = None,
    medium: Annotated[str | None, typer.Option(help=f"One of: {', '.join(MEDIA)}.")] = None,
    language: Annotated[str | None, typer.Option(help="Language of the text (fa, en …).")] = None,
    translation: Annotated[str | None, typer.Option(help="A translation of the text.")] = None,
    translation_language: Annotated[str, typer.Option(help="Its language.")] = "en",
    translator: Annotated[str | None, typer.Option(help="Who translated it.")] = None,
    detainee: Annotated[
        list[str] | None, typer.Option("--detainee", help="A detainee it names, SOURCE:RECORD_ID.")
    ] = None,
    incident: Annotated[list[str] | None, typer.Option("--incident", help="An incident.")] = None,
    period: Annotated[
        list[str] | None, typer.Option("--period", help="A period it concerns.")
    ] = None,
) -> None:
    """Archive one official statement (its saved copy goes into the vault, hashed)."""
    from reckon.events.statements import add_statements

    item = StatementInput(
        speaker=speaker,
        date=date,
        text=text,
        office=office,
        venue=venue,
        audience=audience,
        medium=medium,
        language=language,
        url=source,
        file=file,
        tags=tuple(tag or ()),
        detainees=tuple(detainee or ()),
        incidents=tuple(incident or ()),
        periods=tuple(period or ()),
        translations=(Translation(translation_language, translation, translator),)
        if translation
        else (),
    )
    with open_case(case_dir) as case:
        (done,) = add_statements(case, [(None, item)])
    copy = f", saved copy {done['copy'][:12]}" if done["copy"] else ""
    out.print(f"archived statement {done['statement_id']} of {done['date_text']}{copy}")


def import_statements(
    case_dir: CaseDir,
    file: Annotated[Path, typer.Argument(help="A CSV of statements (speaker, date, text, …).")],
) -> None:
    """Archive the statements of a CSV as one event; a saved copy's path is relative to it."""
    from reckon.events.statements import add_statements

    items = list(read_csv(file))
    with open_case(case_dir) as case:
        done = add_statements(case, items)
    out.print(f"archived {len(done)} statement(s) from {file.name}")


def search(
    case_dir: CaseDir,
    query: Annotated[str, typer.Argument(help='Words and "quoted phrases"; word* for a prefix.')],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per hit (JSON Lines).")
    ] = False,
    speaker: Annotated[str | None, typer.Option(help="Only this speaker.")] = None,
    office: Annotated[str | None, typer.Option(help="Only this office.")] = None,
    tag: Annotated[str | None, typer.Option(help="Only statements with this tag.")] = None,
    since: Annotated[str | None, typer.Option("--from", help="Said on or after this day.")] = None,
    until: Annotated[str | None, typer.Option("--to", help="Said on or before this day.")] = None,
) -> None:
    """Search statements, Persian spelling alike; the matched words shown in context."""
    from reckon.statements.search import search_statements

    first = as_of(since, "--from") if since else None
    last = as_of(until, "--to") if until else None
    with open_case(case_dir) as case:
        result = search_statements(
            case.engine, query, speaker=speaker, office=office, tag=tag, since=first, until=last
        )
    if as_json:
        for hit in result.hits:
            emit_json(hit.to_dict())
        return
    out.print(f"{len(result.hits)} statement(s)", markup=False)
    for hit in result.hits:
        office_text = f", {hit.office}" if hit.office else ""
        out.print(f"\n{hit.id}  {hit.date}  {hit.speaker}{office_text}", markup=False)
        out.print(f"  {hit.context}", markup=False)
    for name, counts in result.facets.items():
        if counts:
            shown = ", ".join(f"{k} ({v})" for k, v in counts.items())
            out.print(f"\nby {name}: {shown}", markup=False)


def register(app: typer.Typer, add_to: Adder) -> None:
    add_to(statement_app, "add")(add)
    add_to(statement_app, "import")(import_statements)
    add_to(statement_app, "search")(search)
    app.add_typer(statement_app, name="statement")

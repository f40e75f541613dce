"""The command line: thin, one function per command.

Each command opens a case (``open_case``: the key's passphrase from
RECKON_PASSPHRASE or the terminal, read here and never in the library) and
calls the facade (``case.ingest.import_file``, ``case.link.run``, ...). A
``ReckonError`` becomes one line on stderr, in the CLI's words (``cli_words``:
``kind=`` becomes ``--kind``), and exit status 1 here, and nowhere else; usage
errors exit 2 (typer/click). Progress bars live here, never in the library.

A command in a module of its own imports its helpers from ``reckon.commands.common``
and is registered at the end of this file in a line or two.

The command names and their ``--json`` outputs are a contract (DESIGN.md).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from reckon.commands.common import (
    CaseDir,
    JsonFlag,
    cli_words,
    emit_json,
    err,
    open_case,
    open_vault,
    out,
    user_errors,
)
from reckon.facade import LINKAGE_DRAWS

if TYPE_CHECKING:
    from reckon.facade.estimate import EstimateRun
from reckon.commands import keys as _keys_commands
from reckon.errors import printable

app = typer.Typer(
    name="reckon",
    help="Count and document the victims of mass state violence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# typer 0.29 labels every flag ``<bool>`` in help, as if it took a value; a flag
# takes none, so its label is dropped (options with values keep theirs).
_display_type = typer.core.TyperOption.display_type_rich


def _flag_without_label(self: typer.core.TyperOption, ctx: Any) -> str | None:
    return None if self.is_flag else _display_type(self, ctx)


typer.core.TyperOption.display_type_rich = _flag_without_label  # type: ignore[method-assign]


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


def _show_version(value: bool) -> None:
    if value:
        from reckon import __version__

        out.print(f"reckon {__version__}", markup=False)
        raise typer.Exit(0)


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """A warning as one plain line, without the source path Python adds."""
    text = " ".join(str(message).split())
    err.print(f"[yellow]warning:[/] {escape(text)}", markup=True)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", is_eager=True, callback=_show_version
        ),
    ] = False,
    keys: Annotated[
        Path | None,
        typer.Option(
            "--keys",
            help="The folder of your keys, when kept outside the case (also RECKON_KEYS).",
        ),
    ] = None,
) -> None:
    """Count and document the victims of mass state violence."""
    import os
    import warnings

    warnings.showwarning = _show_warning
    if keys is not None:
        os.environ["RECKON_KEYS"] = str(keys)  # read by the vault: one place for every command


def main() -> None:
    """Entry point of the ``reckon`` script."""
    app()


# --- the case and import (issue 2) ------------------------------------------


def _passphrase_for_init(
    env: str = "RECKON_PASSPHRASE", what: str = "your signing key", needed: bool = True
) -> str | None:
    import os

    from reckon.errors import KeyError_

    if os.environ.get(env):
        return os.environ[env]
    if sys.stdin.isatty():
        first = typer.prompt(f"Passphrase for {what}", hide_input=True)
        again = typer.prompt("Repeat it", hide_input=True)
        if first != again:
            raise typer.BadParameter("the two passphrases differ")
        return str(first)
    if not needed:
        return None  # without one, the reader key shares the signing key's passphrase
    raise KeyError_(
        f"a passphrase is needed to protect the signing key: set {env} or run at a terminal"
    )


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
    import os

    from reckon.case import Case

    who = author or os.environ.get("USER") or "reckon"
    signing = _passphrase_for_init()
    reader = _passphrase_for_init(
        "RECKON_READER_PASSPHRASE",
        "the key that opens witness identities (another one)",
        needed=False,
    )
    case = Case.create(
        case_dir, name=name, db=db, author=who, passphrase=signing, reader_passphrase=reader
    )
    out.print(f"created case {case.settings.name!r} in {case_dir}", markup=False)


@command("import")
def import_cmd(
    case_dir: CaseDir,
    file: Annotated[Path, typer.Argument(help="CSV, XLSX, ODS or JSON Lines file.")],
    source: Annotated[str, typer.Option("--source", help="Name of the list.")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="morgue, hospital, family, ngo, media, social, official, detainee or other.",
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
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet", help="Workbook sheet to read (default: all sheets with the first's columns)."
        ),
    ] = None,
    header_row: Annotated[
        int | None,
        typer.Option("--header-row", help="Row holding the column names (found when not given)."),
    ] = None,
    allow_large: Annotated[
        bool,
        typer.Option(
            "--allow-large",
            help="Lift the bounds on a workbook's rows, cells and unpacked size.",
        ),
    ] = False,
    delimiter: Annotated[
        str | None, typer.Option("--delimiter", help="CSV delimiter, e.g. ';' (detected).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Import a list into the case; the raw file is kept byte-exact in the vault."""
    from rich.progress import Progress

    from reckon.ingest.importer import MappingNeeded

    case = open_case(case_dir)
    try:
        with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("reading rows", total=None)
            report = case.ingest.import_file(
                file,
                source=source,
                kind=kind,
                mapping_path=mapping,
                id_column=id_column,
                strict=strict,
                encoding=encoding,
                sheet=sheet,
                delimiter=delimiter,
                header_row=header_row,
                allow_large=allow_large,
                progress=lambda what, done, total: bar.update(
                    task, description=what, completed=done, total=total
                ),
            )
    except MappingNeeded as exc:
        # the mapping to complete goes to stdout (redirect it to a file), the error to stderr
        if as_json:
            emit_json({"error": cli_words(exc.reason), "mapping_template": exc.template})
        else:
            sys.stdout.write(exc.template)
        raise
    if as_json:
        emit_json({**report.to_dict(), "notes": [cli_words(n) for n in report.notes]})
        return
    if report.already_imported:
        again = (
            "; to read it another way give a --mapping, --header-row or --sheet"
            if report.previous_source == report.source
            else ""
        )
        out.print(
            f"{report.file}: already imported (as source {report.previous_source!r}); "
            f"nothing changed{again}",
            markup=False,
        )
        return
    used = ", ".join(f"{k}={v!r}" for k, v in report.mapping["columns"].items())
    origin = (
        "recognised headers"
        if report.mapping_origin == "recognised"
        else f"from {report.mapping_origin}"
    )
    out.print(f"mapping ({origin}): {used}", markup=False)
    if report.unmapped:
        out.print(
            f"not read (neither mapped nor recognised; kept verbatim in raw): "
            f"{', '.join(report.unmapped)}; name them in a --mapping to read them",
            markup=False,
        )
    for note in report.notes:
        out.print(f"note: {printable(cli_words(note))}", markup=False)
    shown_delimiter = f"delimiter {report.delimiter!r}" if report.delimiter else None
    out.print(
        f"{printable(report.file)}: {report.records_imported} records imported, "
        f"{report.rows_rejected} rejected, {len(report.problems)} problem(s) "
        f"[{', '.join(filter(None, (report.format, report.encoding, shown_delimiter)))}]",
        markup=False,
    )
    if report.reread_of is not None:
        out.print(
            f"read again: this is version {report.reread_of + 1} of the import, replacing "
            f"{report.replaced} record(s) of version {report.reread_of} (kept in the log); "
            f"{report.kept_person} kept their person; run `reckon link` to place the rest",
            markup=False,
        )
    for problem in report.problems[:20]:
        err.print(f"  {printable(report.file)}, {printable(problem)}", markup=False)
    if len(report.problems) > 20:
        err.print(
            f"  ... and {len(report.problems) - 20} more (reckon problems {case_dir})",
            markup=False,
        )
    if report.rejects_file:
        out.print(f"rejected rows with their reasons: {report.rejects_file}", markup=False)


@command("summary")
def summary_cmd(case_dir: CaseDir, as_json: JsonFlag = False) -> None:
    """What the case holds: counts by source, kind, event type and province."""
    from rich.table import Table

    case = open_case(case_dir)
    summary = case.summary()
    if as_json:
        emit_json(summary)
        return
    out.print(
        f"[bold]{escape(case.settings.name)}[/]: {summary['records']} records from "
        f"{summary['sources']} sources, {summary['persons']} persons, "
        f"{summary['problems']} problems"
    )
    if summary["unnamed_records"]:
        out.print(
            f"{summary['unnamed_records']} unnamed record(s): a placeholder such as "
            "«نامعلوم» or 'unknown' stood for the name; counted, never linked by name",
            markup=False,
        )
    names = summary["province_names"]
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
            shown = f"{label} {names[label]}" if key == "by_province" and label in names else label
            table.add_row(escape(shown), str(count))
        out.print(table)


@command("problems")
def problems_cmd(case_dir: CaseDir, as_json: JsonFlag = False) -> None:
    """Every problem met on import: file, row, column, value, reason."""
    items = open_case(case_dir).problems()
    if not items and not as_json:
        out.print("no problems: every row of every import was read as written")
    for item in items:
        if as_json:
            emit_json(item)
        else:
            where = str(item["file"]) + (f", row {item['row']}" if item["row"] is not None else "")
            if item["column"]:
                where += f", column {item['column']!r}"
            if item["value"]:
                where += f", value {item['value']!r}"
            line = f"{where}: {item['reason']} ({item['severity']})"
            out.print(printable(line), markup=False)


# --- normalize (issue 3) ----------------------------------------------------


class NormalizeKind(StrEnum):
    name = "name"
    date = "date"
    place = "place"


@command("normalize")
def normalize_cmd(
    texts: Annotated[list[str], typer.Argument(help="Names, dates or places, as written.")],
    kind: Annotated[
        NormalizeKind | None,
        typer.Option("--kind", help="Read every input as this kind; guessed per input if unset."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Show how names, dates or places are read (one JSON object per input with --json)."""
    from reckon.normalize.show import reading_of, summary_of

    readings = [reading_of(t, kind.value if kind else None) for t in texts]
    if as_json:
        for r in readings:
            emit_json(r)
        return
    from rich.table import Table

    table = Table("input", "kind", "reading", show_lines=False)
    for r in readings:
        table.add_row(escape(r["input"]), r["kind"], escape(summary_of(r)))
    out.print(table)


# --- synth, link, review, export (issue 4) ----------------------------------

# --- synth ---


@command("synth")
def synth_cmd(
    out_dir: Annotated[Path, typer.Option("-o", "--out", help="Folder to write the lists into.")],
    people: Annotated[int, typer.Option("--people", help="Victims in the population.")] = 1000,
    sources: Annotated[int, typer.Option("--sources", help="Lists that name them.")] = 5,
    seed: Annotated[int, typer.Option("--seed", help="Seed: the same seed, the same case.")] = 0,
    detainees: Annotated[
        bool, typer.Option("--detainees", help="Also a detainee list (detainees.csv).")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """A synthetic Persian case with its ground truth (truth.csv, people.csv)."""
    from reckon.synth import generate

    manifest = generate(out_dir, people=people, sources=sources, seed=seed)
    if detainees:
        from reckon.synth.detainees import write_detainee_list

        write_detainee_list(out_dir)  # detainees.csv, detainees_truth.csv
    if as_json:
        emit_json(manifest.to_dict())
        return
    out.print(
        f"wrote {manifest.records} records of {manifest.documented} documented people "
        f"(of {manifest.people}) in {len(manifest.sources)} lists to {out_dir}; "
        "truth in truth.csv and people.csv"
    )


# --- end synth ---


@command("link")
def link_cmd(
    case_dir: CaseDir,
    backend: Annotated[
        str, typer.Option("--backend", help="duckdb (this machine) or spark (a Spark session).")
    ] = "duckdb",
    retrain: Annotated[
        bool, typer.Option("--retrain", help="Train the model again instead of reusing it.")
    ] = False,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed for training samples.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Link records into persons; reviewers' decisions override the model."""
    from rich.progress import Progress

    case = open_case(case_dir)
    with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("linking", total=None)
        result = case.link.run(
            backend=backend,
            retrain=retrain,
            seed=seed,
            progress=lambda what, done, total: bar.update(
                task, description=what, completed=done, total=total
            ),
        )
    if as_json:
        emit_json(result.to_dict())
        return
    out.print(
        f"linked {result.records} records into {result.persons} persons "
        f"({result.confirmed} confirmed) on {result.backend} in {result.seconds}s; "
        f"{result.comparisons} pairs compared, {result.review_pairs} to review, "
        f"{result.decisions_applied} reviewers' decisions applied"
        + ("; model trained and saved" if result.trained else "; saved model reused")
        + (
            f"; {result.repointed} link(s) of evidence or timeline moved to the person "
            "now holding their person's records"
            if result.repointed
            else ""
        )
        + (
            f"; {result.released} link(s) released: their person's records are in no person"
            if result.released
            else ""
        )
    )
    for note in result.notes:
        out.print(f"note: {printable(cli_words(note))}", markup=False)


@command("review")
def review_cmd(
    case_dir: CaseDir,
    export: Annotated[
        Path | None, typer.Option("--export", help="Write the uncertain pairs to this CSV.")
    ] = None,
    accept: Annotated[
        Path | None,
        typer.Option("--accept", help="Record the decisions filled in this CSV."),
    ] = None,
    reviewer: Annotated[
        str | None, typer.Option("--reviewer", help="Who decided (when the file does not say).")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Export at most N pairs.")] = None,
    sample: Annotated[
        int | None,
        typer.Option(
            "--sample",
            help="With --export: write a random sample of N scored pairs, stratified by "
            "probability, to label for measuring the linkage (`link-eval`); its labels never "
            "change the persons.",
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the --sample draw.")] = 1,
    as_json: JsonFlag = False,
) -> None:
    """The uncertain pairs, and recording decisions on them (match, non_match, unsure)."""
    if sample is not None and export is None:
        raise typer.BadParameter("--sample needs --export FILE.csv to write the sample to")
    review = open_case(case_dir).review
    summary: dict[str, Any] = {}
    if accept is not None:
        summary["accepted"] = review.accept(accept, reviewer=reviewer).to_dict()
    if export is not None and sample is not None:
        summary["sampled"] = review.sample(export, sample, seed=seed)
    elif export is not None:
        summary["exported"] = review.export(export, limit=limit)
    if accept is None and export is None:
        summary["uncertain_pairs"] = len(review.pairs())
    if as_json:
        emit_json(summary)
        return
    if "accepted" in summary and summary["accepted"]["evaluation_sample"]:
        got = summary["accepted"]
        out.print(
            f"recorded {got['accepted']} labels of the evaluation sample "
            f"({got['counts']['match']} match, {got['counts']['non_match']} non_match); "
            "`reckon link-eval` measures the persons with them"
        )
    elif "accepted" in summary:
        got = summary["accepted"]
        out.print(
            f"recorded {got['accepted']} decisions ({got['counts']['match']} match, "
            f"{got['counts']['non_match']} non_match, {got['counts']['unsure']} unsure), "
            f"{got['skipped']} rows left blank; they apply from the next `reckon link`"
        )
    if "exported" in summary:
        out.print(f"wrote {summary['exported']} pairs to review to {export}")
    if "sampled" in summary:
        out.print(
            f"wrote an evaluation sample of {summary['sampled']} pairs to {export}; "
            "fill in decision and reviewer, then --accept it"
        )
        if sample is not None and summary["sampled"] < sample:
            out.print(
                f"note: {sample} pairs were asked for, but the last link run scored only "
                f"{summary['sampled']} pairs not labelled yet: every one of them is in the "
                "sample (each with weight 1)"
            )
    if "uncertain_pairs" in summary:
        out.print(
            f"{summary['uncertain_pairs']} pairs await review; export them with --export FILE.csv"
        )


@command("link-eval")
def link_eval_cmd(
    case_dir: CaseDir,
    truth: Annotated[
        Path | None,
        typer.Option(
            "--truth",
            help="CSV: source, source_record_id, person_id. Without it, the labelled "
            "evaluation sample (`review --sample`) is used, else the reviewers' decisions.",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Pairwise and B-cubed precision, recall and F1 against a truth file."""
    link = open_case(case_dir).link
    if truth is None:
        labelled = link.evaluate_labelled()
        if as_json:
            emit_json(labelled)
        else:
            pw = labelled["pairwise"]
            out.print(
                f"{labelled['labelled_pairs']} labelled pairs ({labelled['labels']}, "
                f"{labelled['matches']} match): "
                f"precision {pw['precision']:.4f}, recall {pw['recall']:.4f}, F1 {pw['f1']:.4f}; "
                f"covers {labelled['covers']}",
                markup=False,
            )
        return
    found = link.evaluate(truth)
    if as_json:
        emit_json(found.to_dict())
    else:
        out.print(found.as_text(), markup=False)


@command("export")
def export_cmd(
    case_dir: CaseDir,
    persons: Annotated[
        Path | None,
        typer.Option(
            "--persons",
            help="One row per record with its person: source, source_record_id, person_id, "
            "match_probability (.csv or .xlsx).",
        ),
    ] = None,
    person_list: Annotated[
        Path | None,
        typer.Option("--person-list", help="One row per person (.csv or .xlsx)."),
    ] = None,
) -> None:
    """One row per record: source, source_record_id, person_id, match_probability.

    Each file asked for is written under the name given and nothing else; CSV
    files are UTF-8 with a BOM so that spreadsheets show Persian.
    """
    if persons is None and person_list is None:
        raise typer.BadParameter("give --persons FILE, --person-list FILE or both")
    link = open_case(case_dir).link
    if persons is not None:
        n = link.export_records(persons)
        out.print(f"wrote {n} records with their persons to {persons}", markup=False)
    if person_list is not None:
        n = link.export_persons(person_list)
        out.print(f"wrote {n} persons to {person_list}", markup=False)


# --- estimate (issue 5) -----------------------------------------------------


MethodOpt = Annotated[
    str,
    typer.Option(
        "--method",
        "-m",
        help="chapman, loglinear, lcmcr or dga; several separated by commas, or all "
        "(which also says whether they agree). Default: lcmcr.",
    ),
]
SeedOpt = Annotated[int | None, typer.Option("--seed", help="Random seed (lcmcr, dga).")]
ModelOpt = Annotated[
    str | None,
    typer.Option("--model", help="loglinear: one model, e.g. [12,13,4] or 'Mth Chao'."),
]
CriterionOpt = Annotated[
    str | None, typer.Option("--criterion", help="loglinear: aic (default) or bic.")
]
ListsOpt = Annotated[str | None, typer.Option("--lists", help="chapman: two lists, e.g. A,B.")]
BurninOpt = Annotated[
    int | None,
    typer.Option("--burnin", help="lcmcr: burn-in sweeps (fixes the length; else self-decided)."),
]
SamplesOpt = Annotated[
    int | None,
    typer.Option("--samples", help="lcmcr: draws kept per chain (fixes the length)."),
]
ThinOpt = Annotated[int | None, typer.Option("--thin", help="lcmcr: sweeps per kept draw.")]
ClassesOpt = Annotated[int | None, typer.Option("--K", help="lcmcr: latent classes (10).")]
ChainsOpt = Annotated[int | None, typer.Option("--chains", help="lcmcr: chains.")]
DeltaOpt = Annotated[float | None, typer.Option("--delta", help="dga: hyper-parameter (2^-k).")]
MaxSecondsOpt = Annotated[
    float | None,
    typer.Option("--max-seconds", help="lcmcr: time budget when it decides its own length."),
]
MaxSweepsOpt = Annotated[
    int | None, typer.Option("--max-sweeps", help="lcmcr: most sweeps per chain.")
]


def _cli_dict(d: dict[str, Any]) -> dict[str, Any]:
    """``to_dict()`` with its messages in the CLI's words."""
    for key in ("warnings", "notes"):
        if isinstance(d.get(key), list):
            d[key] = [cli_words(str(w)) for w in d[key]]
    if isinstance(d.get("reason"), str):
        d["reason"] = cli_words(d["reason"])
    for stratum in d.get("strata") or []:
        stratum["warnings"] = [cli_words(str(w)) for w in stratum.get("warnings", [])]
    return d


def _estimate_options(lists: str | None, **given: Any) -> dict[str, Any]:
    """Only the options given on the command line, so each method keeps its own defaults."""
    options = {name: value for name, value in given.items() if value is not None}
    if lists:
        options["lists"] = [name.strip() for name in lists.split(",")]
    return options


def _methods(method: str) -> str:
    if not any(m.strip() for m in method.split(",")):
        raise typer.BadParameter("name a method", param_hint="--method")
    return method


def _show_estimate(as_json: bool, run: EstimateRun) -> None:
    """The estimates; their doubts go to stderr with --json (stdout holds the JSON)."""
    if as_json:
        for warning in run.warnings:
            err.print(f"[yellow]warning:[/] {escape(cli_words(warning))}", markup=True)
    if not run.several:
        if as_json:
            emit_json(_cli_dict(run.result.to_dict()))
        else:
            out.print(cli_words(run.result.summary().as_text()), markup=False)
        return
    if as_json:
        found = run.to_dict()
        found["results"] = [_cli_dict(r) for r in found["results"]]
        found["errors"] = {m: cli_words(e) for m, e in found["errors"].items()}
        emit_json(found)
        return
    for r in run.results.values():
        out.print(cli_words(r.summary().as_text()) + "\n", markup=False)
    for method, message in run.failed.items():
        out.print(f"{method}: no estimate: {cli_words(message)}\n", markup=False)
    if run.agreement:
        out.print("Do the methods agree?\n=====================", markup=False)
        out.print(cli_words(run.agreement.statement), markup=False)


@command("estimate-table")
def estimate_table_cmd(
    file: Annotated[Path, typer.Argument(help="CSV: one 0/1 column per list and `count`.")],
    method: MethodOpt = "lcmcr",
    seed: SeedOpt = None,
    model: ModelOpt = None,
    criterion: CriterionOpt = None,
    lists: ListsOpt = None,
    burnin: BurninOpt = None,
    samples: SamplesOpt = None,
    thin: ThinOpt = None,
    classes: ClassesOpt = None,
    chains: ChainsOpt = None,
    delta: DeltaOpt = None,
    max_seconds: MaxSecondsOpt = None,
    max_sweeps: MaxSweepsOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Estimate the total behind a capture-history table (one 0/1 column per list, count)."""
    from reckon.estimate import CaptureTable
    from reckon.facade.estimate import estimate_table

    options = _estimate_options(
        lists,
        model=model,
        criterion=criterion,
        burnin=burnin,
        samples=samples,
        thin=thin,
        K=classes,
        chains=chains,
        delta=delta,
        max_seconds=max_seconds,
        max_sweeps=max_sweeps,
    )
    table = CaptureTable.from_csv(file)
    _show_estimate(as_json, estimate_table(table, _methods(method), seed=seed, **options))


@command("estimate")
def estimate_cmd(
    case_dir: CaseDir,
    method: MethodOpt = "lcmcr",
    by: Annotated[
        str | None, typer.Option("--by", help="Stratify: province, month, sex or age_group.")
    ] = None,
    seed: SeedOpt = None,
    model: ModelOpt = None,
    criterion: CriterionOpt = None,
    lists: ListsOpt = None,
    burnin: BurninOpt = None,
    samples: SamplesOpt = None,
    thin: ThinOpt = None,
    classes: ClassesOpt = None,
    chains: ChainsOpt = None,
    delta: DeltaOpt = None,
    max_seconds: MaxSecondsOpt = None,
    max_sweeps: MaxSweepsOpt = None,
    linkage_draws: Annotated[
        int,
        typer.Option(
            "--linkage-draws",
            min=0,
            help="Estimate on this many linkages drawn from the pair probabilities and pool "
            "them, so the interval carries linkage doubt; 0: the last link run's clustering only.",
        ),
    ] = LINKAGE_DRAWS,
    record: Annotated[
        bool,
        typer.Option(
            "--record/--no-record",
            help="Record the run in the case (the report shows the latest recorded); "
            "--no-record: a dry run that changes nothing.",
        ),
    ] = True,
    as_json: JsonFlag = False,
) -> None:
    """Estimate the total from a linked case: documented plus undocumented, with intervals."""
    options = _estimate_options(
        lists,
        model=model,
        criterion=criterion,
        burnin=burnin,
        samples=samples,
        thin=thin,
        K=classes,
        chains=chains,
        delta=delta,
        max_seconds=max_seconds,
        max_sweeps=max_sweeps,
    )
    with open_case(case_dir) as case:
        run = case.estimate(
            _methods(method),
            by=by,
            seed=seed,
            linkage_draws=linkage_draws,
            record=record,
            **options,
        )
    _show_estimate(as_json, run)
    if record:
        err.print("recorded in the case; `reckon report` shows it (--no-record: a dry run)")


# --- vault, evidence, bundles, verify (issue 6) -----------------------------

evidence_app = typer.Typer(help="Evidence files and their custody.", no_args_is_help=True)
vault_app = typer.Typer(help="Checkpoints, proofs and the log.", no_args_is_help=True)
bundle_app = typer.Typer(help="Carry work between offline devices.", no_args_is_help=True)
keys_app = typer.Typer(help="People's signing keys.", no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")
app.add_typer(vault_app, name="vault")
app.add_typer(bundle_app, name="bundle")
app.add_typer(keys_app, name="keys")


def _in(group: typer.Typer, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``group.command(name)`` whose body runs inside ``user_errors`` (as ``command``)."""

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        import functools

        @functools.wraps(fn)
        def run(*a: Any, **kw: Any) -> Any:
            with user_errors():
                return fn(*a, **kw)

        group.command(name)(run)
        return fn

    return wrap


# custody, watch, statement, export-wgeid (src/reckon/commands/)
from reckon.commands import register_all  # noqa: E402

register_all(app, _in)


def _show_report(report: Any, as_json: bool) -> None:
    if as_json:
        emit_json(report.to_dict())
    else:
        for note in report.notes:
            err.print(f"note: {printable(note)}", markup=False)
        for fault in report.faults:
            out.print(f"FAULT: {printable(fault)}", markup=False)
        state = "OK" if report.ok else f"{len(report.faults)} FAULT(S)"
        out.print(
            f"{state}: {report.events} events, {report.objects} objects, "
            f"{report.checkpoints} checkpoints; {report.fingerprint}",
            markup=False,
        )
    if not report.ok:
        raise typer.Exit(1)


@command("verify")
def verify_cmd(
    case_dir: CaseDir,
    known: Annotated[
        list[str] | None,
        typer.Option("--known", help="A checkpoint fingerprint received earlier (repeatable)."),
    ] = None,
    replay: Annotated[
        bool,
        typer.Option(
            "--replay",
            help="Also rebuild the database from the log into a scratch copy and compare "
            "every column of every table.",
        ),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Check every object, event, signature and checkpoint, and that the database is the
    state the log vouches for; exit 1 on any fault."""
    from reckon.case import verify_folder
    from reckon.vault.witness import remember_head

    report = verify_folder(case_dir, known=known or (), replay=replay)
    if report.ok:
        remember_head(case_dir)  # so an older copy shown here later is named a rollback
    _show_report(report, as_json)


@command("verify-package")
def verify_package_cmd(
    file: Annotated[Path, typer.Argument(help="A court package (.zip).")],
    as_json: JsonFlag = False,
) -> None:
    """Check a court package on its own, without a case; exit 1 on any fault."""
    from reckon.vault.package import verify_package

    _show_report(verify_package(file), as_json)


@command("export-evidence")
def export_evidence_cmd(
    case_dir: CaseDir,
    items: Annotated[list[str], typer.Option("--items", help="Object SHA-256 (or a prefix).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The package .zip to write.")],
) -> None:
    """Write a court package: files, manifest, custody log, signatures, guide."""
    from reckon.vault.package import export_evidence

    done = export_evidence(open_vault(case_dir), items, output)
    out.print(f"wrote {output}: {done['items']} item(s), checkpoint {done['fingerprint']}")


@_in(evidence_app, "add")
def evidence_add_cmd(
    case_dir: CaseDir,
    files: Annotated[list[Path], typer.Argument(help="Evidence files.")],
    collected_by: Annotated[str | None, typer.Option(help="Who collected it.")] = None,
    collected_at: Annotated[str | None, typer.Option(help="When (ISO 8601).")] = None,
    location: Annotated[str | None, typer.Option(help="Where.")] = None,
    acquisition: Annotated[str | None, typer.Option(help="How it was acquired.")] = None,
    url: Annotated[str | None, typer.Option(help="Where it was found online.")] = None,
    device: Annotated[str | None, typer.Option(help="Device it was made or copied with.")] = None,
    language: Annotated[str | None, typer.Option(help="Its language.")] = None,
    description: Annotated[str | None, typer.Option(help="What it shows.")] = None,
    record: Annotated[
        list[str] | None, typer.Option("--record", help="SOURCE:RECORD_ID it supports.")
    ] = None,
    person: Annotated[
        list[int] | None, typer.Option("--person", help="Person id it supports.")
    ] = None,
    witness: Annotated[str | None, typer.Option(help="Witness identity (sealed).")] = None,
    contact: Annotated[str | None, typer.Option(help="Contact details (sealed).")] = None,
    sensitive: Annotated[
        bool, typer.Option("--sensitive", help="Seal the files themselves too.")
    ] = False,
) -> None:
    """Store evidence files with their custody, as one logged event."""
    with open_case(case_dir) as case:
        payload = case.evidence.add(
            files,
            sensitive=sensitive,
            collected_by=collected_by,
            collected_at=collected_at,
            location=location,
            acquisition=acquisition,
            url=url,
            device=device,
            language=language,
            description=description,
            records=record or [],
            persons=person or [],
            witness=witness,
            contact=contact,
        )
    for item in payload["items"]:
        out.print(f"{item['object']}  {printable(item.get('file_name', '(sealed)'))}", markup=False)


@_in(evidence_app, "list")
def evidence_list_cmd(case_dir: CaseDir, as_json: JsonFlag = False) -> None:
    """The evidence in a case, with its public custody (sealed fields never show)."""
    with open_case(case_dir) as case:
        items = case.evidence.list()
    for item in items:
        if as_json:
            emit_json(item)
        else:
            name = item["file_name"] or "(sealed)"
            what = item["custody"].get("description", "")
            shown = f"{printable(name)}  {printable(what)}"
            out.print(f"{item['object_sha256'][:16]}  {shown}", markup=False)


@_in(vault_app, "checkpoint")
def vault_checkpoint_cmd(
    case_dir: CaseDir,
    qr: Annotated[bool, typer.Option("--qr", help="Also show it as a QR code.")] = False,
    qr_file: Annotated[
        Path | None, typer.Option("--qr-file", help="Write the QR code to a .svg or .png.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Sign a checkpoint of the log; print its fingerprint to send abroad."""
    from reckon.vault.checkpoints import fingerprint_qr

    cp = open_vault(case_dir).checkpoint()
    if qr_file is not None:
        fingerprint_qr(cp.fingerprint, qr_file)
    if as_json:
        emit_json(cp.to_dict())
        return
    out.print(cp.fingerprint, markup=False)
    if qr:
        sys.stdout.write(fingerprint_qr(cp.fingerprint))


@_in(vault_app, "prove")
def vault_prove_cmd(
    case_dir: CaseDir,
    event: Annotated[int | None, typer.Option(help="Inclusion proof of this event.")] = None,
    object_: Annotated[
        str | None, typer.Option("--object", help="Inclusion proof of this object's event.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--from", help="Consistency proof from this checkpoint.")
    ] = None,
    checkpoint: Annotated[
        str | None, typer.Option("--checkpoint", help="Prove against this checkpoint.")
    ] = None,
) -> None:
    """Print an inclusion or consistency proof (JSON), checkable without the case."""
    from reckon.errors import VaultError
    from reckon.vault.proofs import prove_consistency, prove_event, prove_object

    vault = open_vault(case_dir)
    if event is not None:
        emit_json(prove_event(vault, event, checkpoint))
    elif object_ is not None:
        emit_json(prove_object(vault, object_, checkpoint))
    elif since is not None:
        emit_json(prove_consistency(vault, since, checkpoint))
    else:
        raise VaultError("give --event, --object or --from")


@_in(vault_app, "check-proof")
def vault_check_proof_cmd(
    proof: Annotated[Path, typer.Argument(help="A proof JSON file from `vault prove`.")],
    fingerprint: Annotated[
        str | None, typer.Option("--fingerprint", help="The checkpoint it must lead to.")
    ] = None,
) -> None:
    """Check a proof on its own, without the case."""
    from reckon.vault.proofs import check_proof, load_proof

    out.print(check_proof(load_proof(proof), fingerprint), markup=False)


@_in(vault_app, "conflicts")
def vault_conflicts_cmd(case_dir: CaseDir) -> None:
    """Edits of the same field made apart on two devices: both kept, shown here."""
    from reckon.vault.bundles import all_events, field_conflicts

    for conflict in field_conflicts(all_events(open_vault(case_dir))):
        emit_json({**conflict, "events": sorted(conflict["events"])})


@_in(vault_app, "rebuild")
def vault_rebuild_cmd(case_dir: CaseDir) -> None:
    """Replace the database by one replayed from the log."""
    from reckon.events.replay import rebuild

    out.print(f"rebuilt the database from {rebuild(case_dir, open_vault(case_dir))} events")


@_in(bundle_app, "export")
def bundle_export_cmd(
    case_dir: CaseDir,
    output: Annotated[Path, typer.Option("-o", "--output", help="The bundle file to write.")],
    since: Annotated[
        str | None, typer.Option("--since", help="Only events after this checkpoint.")
    ] = None,
) -> None:
    """Write a signed, encrypted bundle of this device's events and objects."""
    with open_case(case_dir) as case:
        info = case.bundles.export(output, since=since)
    out.print(f"wrote {output}: {info.events} events, {info.objects} objects", markup=False)


@_in(bundle_app, "import")
def bundle_import_cmd(
    case_dir: CaseDir,
    file: Annotated[Path, typer.Argument(help="A bundle from another device.")],
    as_json: JsonFlag = False,
) -> None:
    """Merge another device's work; importing twice changes nothing."""
    with open_case(case_dir) as case:
        result = case.bundles.merge(file)
    if as_json:
        emit_json(result.to_dict())
        return
    if result.replayed:
        mended = (
            f"{result.objects} missing object(s) restored" if result.objects else "nothing changed"
        )
        out.print(f"bundle {result.bundle_id[:16]} was imported before: {mended}")
    else:
        out.print(
            f"imported {result.new_events} new events ({result.known_events} known), "
            f"{result.objects} objects; {len(result.conflicts)} conflict(s) to review",
            markup=False,
        )


@_in(keys_app, "add")
def keys_add_cmd(
    case_dir: CaseDir,
    author: Annotated[str, typer.Option(help="Whose key this is.")],
) -> None:
    """Add a person's key; the current key signs its addition. The new keys' two
    passphrases (signing, and reading witness identities) are asked at the terminal, or
    read from RECKON_NEW_PASSPHRASE and RECKON_NEW_READER_PASSPHRASE for automation."""
    import os

    from reckon.errors import KeyError_

    new = os.environ.get("RECKON_NEW_PASSPHRASE")
    if not new and sys.stdin.isatty():
        new = str(typer.prompt(f"Passphrase for {author}'s signing key", hide_input=True))
    if not new:
        raise KeyError_("set RECKON_NEW_PASSPHRASE or run at a terminal for the new key")
    reader = os.environ.get("RECKON_NEW_READER_PASSPHRASE")
    if not reader and sys.stdin.isatty():
        what = f"{author}'s key that opens witness identities (another one)"
        reader = str(typer.prompt(f"Passphrase for {what}", hide_input=True))
    identity = open_vault(case_dir).add_key(author, new, reader or None)
    out.print(f"added key {identity.key_id} for {printable(author)}", markup=False)


@_in(keys_app, "list")
def keys_list_cmd(case_dir: CaseDir, as_json: JsonFlag = False) -> None:
    """The case's keys: whose, who added each, and whether rotated or revoked."""
    from reckon.commands.keys import list_keys

    for row in list_keys(case_dir):
        if as_json:
            emit_json(row)
        else:
            shown = {k: printable(v) for k, v in row.items()}
            out.print(
                "{key_id}  {author}  added by {added_by} (event {added_at})  {status}".format(
                    **shown
                ),
                markup=False,
            )


_keys_commands.register(keys_app, _in, out)


# --- the web app (issue 14): the commands live in reckon.web.commands ----------

from reckon.web import commands as web_commands  # noqa: E402  (light: no server imported)

app.add_typer(web_commands.users_app, name="user")
for _name, _fn in (
    ("add", web_commands.user_add),
    ("list", web_commands.user_list),
    ("disable", web_commands.user_disable),
):
    _in(web_commands.users_app, _name)(_fn)
command("serve")(web_commands.serve)


# --- report and demo --------------------------------------------------------


@command("demo")
def demo_cmd(
    case_dir: Annotated[
        Path, typer.Argument(help="Folder for the demo case (must not exist).")
    ] = Path("demo-case"),
    people: Annotated[int, typer.Option(help="Victims in the synthetic population.")] = 2000,
    sources: Annotated[int, typer.Option(help="Number of synthetic lists.")] = 5,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic case.")] = 2026,
) -> None:
    """The whole path on a synthetic case: generate, import, link, estimate, report, verify."""
    import os

    from reckon.demo import demo_passphrase_note, run_demo

    given = os.environ.get("RECKON_PASSPHRASE")  # else the demo's own, said below
    with err.status("starting", spinner="dots") as status:

        def step(name: str) -> None:
            status.update(f"{name}...")
            err.print(f"- {name}")

        result = run_demo(
            case_dir, people=people, sources=sources, seed=seed, step=step, passphrase=given
        )
    for line in result.as_lines():
        out.print(line, markup=False)
    if note := demo_passphrase_note(bool(given)):
        out.print(note, markup=False)
    if not result.verified:
        raise typer.Exit(1)


# --- report ---


@command("report")
def report_cmd(
    case_dir: CaseDir,
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.")],
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the report: en or fa (Persian).")
    ] = "en",
    pdf: Annotated[
        Path | None, typer.Option("--pdf", help="Also print the report to this PDF file.")
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", help="Seed of the report's own estimate run.")
    ] = 2026,
) -> None:
    """The self-contained report: first page, map, overlaps, timeline, ages, estimate, evidence."""
    if lang not in ("en", "fa"):
        raise typer.BadParameter(f"{lang!r}: choose en or fa", param_hint="--lang")
    with open_case(case_dir) as case:
        result = case.report(output, lang=lang, pdf=pdf, seed=seed)
    out.print(
        f"wrote the report of {result.records} records"
        + (f" ({result.persons} persons)" if result.persons else "")
        + f" to {result.path}"
        + (f" and {pdf}" if pdf else "")
        + ("" if result.estimate else "; no estimate yet (see the report)"),
        markup=False,
    )


# --- end report ---


# --- commands in modules of their own: one line each ---------------------------------

from reckon.commands.records import record_app  # noqa: E402

app.add_typer(record_app, name="record")


if __name__ == "__main__":
    main()

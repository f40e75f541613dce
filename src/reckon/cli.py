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
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from reckon.commands import keys as _keys_commands
from reckon.errors import ReckonError

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
) -> None:
    """Count and document the victims of mass state violence."""
    import warnings

    warnings.showwarning = _show_warning


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
            emit_json({"error": exc.reason, "mapping_template": exc.template})
        else:
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
        out.print(f"note: {note}", markup=False)
    shown_delimiter = f"delimiter {report.delimiter!r}" if report.delimiter else None
    out.print(
        f"{report.file}: {report.records_imported} records imported, "
        f"{report.rows_rejected} rejected, {len(report.problems)} problem(s) "
        f"[{', '.join(filter(None, (report.format, report.encoding, shown_delimiter)))}]",
        markup=False,
    )
    for problem in report.problems[:20]:
        err.print(f"  {report.file}, {problem}", markup=False)
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

    from reckon.case import Case
    from reckon.store.summary import case_summary

    case = Case.open(case_dir)
    with case.engine.connect() as conn:
        summary = case_summary(conn)
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
    from reckon.case import Case
    from reckon.store.problems import list_problems

    case = Case.open(case_dir)
    with case.engine.connect() as conn:
        items = list_problems(conn)
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
            out.print(f"{where}: {item['reason']} ({item['severity']})", markup=False)


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
    as_json: JsonFlag = False,
) -> None:
    """A synthetic Persian case with its ground truth (truth.csv, people.csv)."""
    from reckon.synth import generate

    manifest = generate(out_dir, people=people, sources=sources, seed=seed)
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

    from reckon.case import Case
    from reckon.link.model import TrainingPlan
    from reckon.link.run import link_case

    plan = TrainingPlan() if seed is None else TrainingPlan(seed=seed)
    case = Case.open(case_dir)
    with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("linking", total=None)
        result = link_case(
            case,
            backend=backend,
            retrain=retrain,
            plan=plan,
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
        out.print(f"note: {note}", markup=False)


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
    from reckon.case import Case
    from reckon.link import review

    case = Case.open(case_dir)
    if sample is not None and export is None:
        raise typer.BadParameter("--sample needs --export FILE.csv to write the sample to")
    summary: dict[str, Any] = {}
    if accept is not None:
        summary["accepted"] = review.accept_review(case, accept, reviewer=reviewer).to_dict()
    if export is not None and sample is not None:
        summary["sampled"] = review.export_sample(case, export, sample, seed=seed)
    elif export is not None:
        summary["exported"] = review.export_review(case, export, limit=limit)
    if accept is None and export is None:
        summary["uncertain_pairs"] = len(review.uncertain_pairs(case))
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
    from reckon.case import Case
    from reckon.link.export import evaluate_case, evaluate_decisions

    case = Case.open(case_dir)
    if truth is None:
        labelled = evaluate_decisions(case)
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
    result = evaluate_case(case, truth)
    if as_json:
        emit_json(result.to_dict())
    else:
        out.print(result.as_text(), markup=False)


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
    from reckon.case import Case
    from reckon.link.export import export_person_list, export_records

    if persons is None and person_list is None:
        raise typer.BadParameter("give --persons FILE, --person-list FILE or both")
    case = Case.open(case_dir)
    if persons is not None:
        n = export_records(case, persons)
        out.print(f"wrote {n} records with their persons to {persons}", markup=False)
    if person_list is not None:
        n = export_person_list(case, person_list)
        out.print(f"wrote {n} persons to {person_list}", markup=False)


# --- estimate (issue 5) -----------------------------------------------------


MethodOpt = Annotated[
    str,
    typer.Option(
        "--method",
        "-m",
        help="chapman, loglinear, lcmcr or dga; several separated by commas, or all.",
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

# The library's parameters and the options that set them: reckon.estimate's messages name
# parameters (``lists=``), and the CLI speaks of its own options (``--lists``).
_CLI_OPTIONS = {
    "method": "--method",
    "lists": "--lists",
    "K": "--K",
    "burnin": "--burnin",
    "samples": "--samples",
    "thin": "--thin",
    "chains": "--chains",
    "delta": "--delta",
    "model": "--model",
    "criterion": "--criterion",
    "max_seconds": "--max-seconds",
    "max_sweeps": "--max-sweeps",
    "by": "--by",
    "seed": "--seed",
}


def cli_words(text: str) -> str:
    """A message of ``reckon.estimate`` with its parameters (``lists=``) as CLI options."""
    import re

    def option(m: re.Match[str]) -> str:
        value_follows = m.group(2) != "" and (m.group(2).isalnum() or m.group(2) in "'\"[")
        return _CLI_OPTIONS[m.group(1)] + (" " if value_follows else "")

    return re.sub(
        r"\b(" + "|".join(_CLI_OPTIONS) + r")=(.?)", lambda m: option(m) + m.group(2), text
    )


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


def _methods(method: str) -> list[str]:
    from reckon.estimate import METHODS

    if method.strip().lower() == "all":
        return list(METHODS)
    names = list(dict.fromkeys(m.strip() for m in method.split(",") if m.strip()))
    if not names:
        raise typer.BadParameter("name a method", param_hint="--method")
    return names


def _run_estimate(as_json: bool, methods: list[str], run: Callable[[str, bool], Any]) -> None:
    """Run the estimates; their doubts go to stderr with --json (stdout holds the JSON).

    ``run(method, several)`` returns one result. With several methods each is run
    with the options it takes, one that cannot run says why, and a last statement
    says whether they agree within their intervals.
    """
    import warnings

    several = len(methods) > 1
    results: dict[str, Any] = {}
    failed: dict[str, str] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for method in methods:
            try:
                results[method] = run(method, several)
            except ReckonError as exc:
                if not several:
                    raise ReckonError(cli_words(str(exc))) from None
                failed[method] = cli_words(str(exc))
    if as_json:
        for w in caught:
            err.print(f"[yellow]warning:[/] {escape(cli_words(str(w.message)))}", markup=True)
    if not several:
        result = results[methods[0]]
        if as_json:
            emit_json(_cli_dict(result.to_dict()))
        else:
            out.print(cli_words(result.summary().as_text()), markup=False)
        return
    agreement = _agreement(results, failed)
    if as_json:
        first = next(iter(results.values()), None)
        emit_json(
            {
                "method": ",".join(methods),
                "observed": first.observed if first is not None else None,
                "results": [_cli_dict(r.to_dict()) for r in results.values()],
                "errors": failed,
                "agreement": agreement.to_dict() if agreement else None,
            }
        )
        return
    for r in results.values():
        out.print(cli_words(r.summary().as_text()) + "\n", markup=False)
    for method, message in failed.items():
        out.print(f"{method}: no estimate: {message}\n", markup=False)
    if agreement:
        out.print("Do the methods agree?\n=====================", markup=False)
        out.print(cli_words(agreement.statement), markup=False)


def _agreement(results: dict[str, Any], failed: dict[str, str]) -> Any:
    from reckon.estimate.agreement import compare_estimates
    from reckon.estimate.results import EstimateResult, StratifiedResult

    plain = {m: getattr(r, "result", r) for m, r in results.items()}  # a pooled LinkageResult
    totals = {m: r.total if isinstance(r, StratifiedResult) else r for m, r in plain.items()}
    observed = next((r.observed for r in totals.values()), 0)
    for method, message in failed.items():
        totals[method] = EstimateResult.not_identified(method, observed, message)
    return compare_estimates(totals) if len(totals) > 1 else None


def _taken(method: str, options: dict[str, Any], several: bool) -> dict[str, Any]:
    """With several methods, each gets only the options it takes (one alone gets all)."""
    if not several:
        return options
    from reckon.estimate import method_parameters

    accepted = method_parameters(method)
    return {k: v for k, v in options.items() if k in accepted}


@command("estimate-table")
def estimate_table_cmd(
    file: Annotated[Path, typer.Argument(help="CSV: one 0/1 column per list and `count`.")],
    method: MethodOpt,
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
    from reckon.estimate import CaptureTable, estimate_table

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
    methods = _methods(method)
    table = CaptureTable.from_csv(file)
    _run_estimate(
        as_json,
        methods,
        lambda m, several: estimate_table(table, m, seed=seed, **_taken(m, options, several)),
    )


# Linkages `reckon estimate` draws by default: on 100,000 records the whole run stays
# within 10 minutes on the 2-core machine (bench/estimate_linkage_draws.py).
LINKAGE_DRAWS = 20


@command("estimate")
def estimate_cmd(
    case_dir: CaseDir,
    method: MethodOpt,
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
    as_json: JsonFlag = False,
) -> None:
    """Estimate the total from a linked case: documented plus undocumented, with intervals."""
    from reckon.case import Case
    from reckon.estimate.strata import estimate_histories
    from reckon.link.draws import estimate_case
    from reckon.store.captures import read_capture_histories, source_names

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
    methods = _methods(method)
    with Case.open(case_dir) as case:
        if linkage_draws:
            _run_estimate(
                as_json,
                methods,
                lambda m, several: estimate_case(
                    case, m, draws=linkage_draws, by=by, seed=seed, **_taken(m, options, several)
                ),
            )
            return
        with case.engine.connect() as conn:
            histories = read_capture_histories(conn)
            names = source_names(conn)
    _run_estimate(
        as_json,
        methods,
        lambda m, several: estimate_histories(
            histories, m, lists=names, by=by, seed=seed, **_taken(m, options, several)
        ),
    )


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


def _show_report(report: Any, as_json: bool) -> None:
    if as_json:
        emit_json(report.to_dict())
    else:
        for note in report.notes:
            err.print(f"note: {note}", markup=False)
        for fault in report.faults:
            out.print(f"FAULT: {fault}", markup=False)
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
    from reckon.events.verify import verify_case
    from reckon.vault.witness import remember_head

    report = verify_case(case_dir, known=known or (), replay=replay)
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
    from reckon.vault import Vault
    from reckon.vault.package import export_evidence

    done = export_evidence(Vault.open(case_dir), items, output)
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
    from reckon.case import Case
    from reckon.events.evidence import add_evidence

    custody = {
        "collected_by": collected_by,
        "collected_at": collected_at,
        "location": location,
        "acquisition": acquisition,
        "url": url,
        "device": device,
        "language": language,
        "description": description,
        "records": record or [],
        "persons": person or [],
        "witness": witness,
        "contact": contact,
    }
    with Case.open(case_dir) as case:
        payload = add_evidence(case, files, custody, sensitive=sensitive)
    for item in payload["items"]:
        out.print(f"{item['object']}  {item.get('file_name', '(sealed)')}", markup=False)


@_in(evidence_app, "list")
def evidence_list_cmd(case_dir: CaseDir, as_json: JsonFlag = False) -> None:
    """The evidence in a case, with its public custody (sealed fields never show)."""
    from reckon.case import Case
    from reckon.store.evidence import list_evidence

    with Case.open(case_dir) as case, case.engine.connect() as conn:
        items = list_evidence(conn)
    for item in items:
        if as_json:
            emit_json(item)
        else:
            name = item["file_name"] or "(sealed)"
            what = item["custody"].get("description", "")
            out.print(f"{item['object_sha256'][:16]}  {name}  {what}", markup=False)


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
    from reckon.vault import Vault
    from reckon.vault.checkpoints import fingerprint_qr

    cp = Vault.open(case_dir).checkpoint()
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
    from reckon.vault import Vault
    from reckon.vault.proofs import prove_consistency, prove_event, prove_object

    vault = Vault.open(case_dir)
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
    from reckon.vault import Vault
    from reckon.vault.bundles import all_events, field_conflicts

    for conflict in field_conflicts(all_events(Vault.open(case_dir))):
        emit_json({**conflict, "events": sorted(conflict["events"])})


@_in(vault_app, "rebuild")
def vault_rebuild_cmd(case_dir: CaseDir) -> None:
    """Replace the database by one replayed from the log."""
    from reckon.events.replay import rebuild

    out.print(f"rebuilt the database from {rebuild(case_dir)} events")


@_in(bundle_app, "export")
def bundle_export_cmd(
    case_dir: CaseDir,
    output: Annotated[Path, typer.Option("-o", "--output", help="The bundle file to write.")],
    since: Annotated[
        str | None, typer.Option("--since", help="Only events after this checkpoint.")
    ] = None,
) -> None:
    """Write a signed, encrypted bundle of this device's events and objects."""
    from reckon.events.bundles import export_case_bundle
    from reckon.vault import Vault

    info = export_case_bundle(Vault.open(case_dir), output, since=since)
    out.print(f"wrote {output}: {info.events} events, {info.objects} objects", markup=False)


@_in(bundle_app, "import")
def bundle_import_cmd(
    case_dir: CaseDir,
    file: Annotated[Path, typer.Argument(help="A bundle from another device.")],
    as_json: JsonFlag = False,
) -> None:
    """Merge another device's work; importing twice changes nothing."""
    from reckon.case import Case
    from reckon.events.bundles import import_into_case

    with Case.open(case_dir) as case:
        result = import_into_case(case, file)
    if as_json:
        emit_json(result.to_dict())
        return
    if result.replayed:
        out.print(f"bundle {result.bundle_id[:16]} was imported before: nothing changed")
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
    """Add a person's key; the current key signs its addition. The new key's passphrase
    is read from RECKON_NEW_PASSPHRASE or asked at the terminal."""
    import os

    from reckon.errors import KeyError_
    from reckon.vault import Vault

    new = os.environ.get("RECKON_NEW_PASSPHRASE")
    if not new and sys.stdin.isatty():
        new = str(typer.prompt(f"Passphrase for {author}'s key", hide_input=True))
    if not new:
        raise KeyError_("set RECKON_NEW_PASSPHRASE or run at a terminal for the new key")
    identity = Vault.open(case_dir).add_key(author, new)
    out.print(f"added key {identity.key_id} for {author}", markup=False)


@_in(keys_app, "list")
def keys_list_cmd(case_dir: CaseDir, as_json: JsonFlag = False) -> None:
    """The case's keys: whose, who added each, and whether rotated or revoked."""
    from reckon.commands.keys import list_keys

    for row in list_keys(case_dir):
        if as_json:
            emit_json(row)
        else:
            out.print(
                "{key_id}  {author}  added by {added_by} (event {added_at})  {status}".format(
                    **row
                ),
                markup=False,
            )


_keys_commands.register(keys_app, _in, out)


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
    from reckon.demo import run_demo

    with err.status("starting", spinner="dots") as status:

        def step(name: str) -> None:
            status.update(f"{name}...")
            err.print(f"- {name}")

        result = run_demo(case_dir, people=people, sources=sources, seed=seed, step=step)
    for line in result.as_lines():
        out.print(line, markup=False)
    from reckon.demo import demo_passphrase_note

    if note := demo_passphrase_note():
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
    from reckon.case import Case
    from reckon.report import write_report
    from reckon.report.i18n import LANGS

    if lang not in LANGS:
        raise typer.BadParameter(f"{lang!r}: choose en or fa", param_hint="--lang")
    with Case.open(case_dir) as case:
        result = write_report(case, output, lang=lang, pdf=pdf, seed=seed)
    out.print(
        f"wrote the report of {result.records} records"
        + (f" ({result.persons} persons)" if result.persons else "")
        + f" to {result.path}"
        + (f" and {pdf}" if pdf else "")
        + ("" if result.estimate else "; no estimate yet (see the report)"),
        markup=False,
    )


# --- end report ---


if __name__ == "__main__":
    main()

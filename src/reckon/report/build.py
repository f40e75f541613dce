"""Build the self-contained HTML report of a case (Jinja2, inline CSS, inline SVG charts)."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import pandas as pd

from reckon.report import tables as t
from reckon.report.charts import bar_chart, stacked_bars
from reckon.report.estimate import PLAIN_ASSUMPTIONS, EstimateSection, estimate_section
from reckon.store import report_queries as q

if TYPE_CHECKING:  # keeps `import reckon.report` from opening the case machinery
    from reckon.case import Case

TEMPLATE = "report.html"
TIMELINE_MAX_DAYS = 400


@dataclass(frozen=True)
class Section:
    """A table with its chart (inline SVG, possibly empty) and its CSV as a data URI."""

    table: t.Table
    chart: str
    csv_uri: str
    note: str = ""


@dataclass(frozen=True)
class ReportResult:
    path: Path
    records: int
    persons: int
    sections: int
    estimate: bool


def _csv_uri(table: t.Table) -> str:
    # a BOM so spreadsheet programs read the Persian as UTF-8
    data = ("\ufeff" + table.to_csv()).encode("utf-8")
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode("ascii")


def _section(table: t.Table, chart: str = "", note: str = "") -> Section:
    return Section(table, chart, _csv_uri(table), note)


GREGORIAN_MONTHS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]
JALALI_MONTHS = ["Far", "Ord", "Kho", "Tir", "Mor", "Sha", "Meh", "Aba", "Aza", "Dey", "Bah", "Esf"]


def _day_label(gregorian: str, jalali: str) -> str:
    """'2026-01-08', '1404-10-18' -> '8 Jan / 18 Dey' on two lines."""
    _, gm, gd = (int(x) for x in gregorian.split("-"))
    _, jm, jd = (int(x) for x in jalali.split("-"))
    return f"{gd} {GREGORIAN_MONTHS[gm - 1]}\n{jd} {JALALI_MONTHS[jm - 1]}"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("reckon.report", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _sections(records: pd.DataFrame, persons: pd.DataFrame, sources: pd.DataFrame) -> list[Section]:
    linked = not persons.empty
    unit = "persons" if linked else "records"
    named = records.loc[~records["is_incident"].astype(bool)]
    units = persons.loc[~persons["is_incident"].astype(bool)] if linked else named
    out: list[Section] = []

    src = t.by_source(sources, linked)
    out.append(
        _section(
            src, bar_chart([r[0] for r in src.rows], [r[2] for r in src.rows], "Records per list")
        )
    )
    out.append(_section(t.by_kind(sources)))
    out.append(_section(t.by_field(units, "event_type", "By event", unit)))

    prov = t.by_province(units, unit)
    labels = [f"{r[2] or r[0]} ({r[0]})" if r[0] != t.UNKNOWN else t.UNKNOWN for r in prov.rows]
    out.append(_section(prov, bar_chart(labels, [r[3] for r in prov.rows], f"{unit} by province")))

    if linked:
        pairs, patterns = t.overlaps(t.capture_histories(records))
        out.append(_section(pairs, note="The diagonal is the number of persons each list names."))
        out.append(_section(patterns))

    days = t.timeline(units, unit)
    chart = ""
    if 0 < len(days.rows) <= TIMELINE_MAX_DAYS:
        labels = [_day_label(r[0], r[1]) for r in days.rows]
        chart = bar_chart(
            labels,
            [r[2] for r in days.rows],
            f"{unit} per day (Gregorian / Jalali)",
            horizontal=False,
        )
    out.append(_section(days, chart, "Only dates known to the day are counted here."))

    ages = t.ages(units, unit)
    out.append(_section(ages, stacked_bars(ages, f"{unit} by age and sex")))
    if linked:
        out.append(_section(t.corroboration(persons)))
    return out


def _linkage(case: Case) -> Section | None:
    """How the persons were made and, from a labelled evaluation sample, how well."""
    from reckon.errors import LinkError
    from reckon.link.export import evaluate_decisions
    from reckon.store import decisions as decision_store
    from reckon.store import persons as person_store

    with case.engine.connect() as conn:
        run = person_store.last_run(conn)
        decided = decision_store.read_decisions(conn)
        sampled = not decision_store.read_labels(conn).empty
    if run is None:
        return None
    # "unsure" constrains nothing, as in the link run's own count
    binding = int((decided["decision"] != "unsure").sum()) if len(decided) else 0
    rows: list[list[Any]] = [
        ["link run", f"{run['started_at']:%Y-%m-%d %H:%M} UTC on {run['backend']}"],
        ["threshold (mean match probability to join)", f"{run['threshold']:g}"],
        ["pairs of records compared", f"{run['comparisons'] or 0:,}"],
        ["reviewers' decisions (match or non-match)", f"{binding:,}"],
    ]
    note = (
        "No evaluation sample has been labelled, so the accuracy of the linkage on these lists "
        "is not measured: `reckon review CASE --sample 1000 --export sample.csv`, label it, "
        "then `--accept sample.csv`."
    )
    measured: dict[str, Any] | None = None
    if sampled:  # decisions alone measure nothing: they constrain the persons
        try:
            measured = evaluate_decisions(case)
        except LinkError:  # every label "unsure"
            measured = None
    if measured is not None:
        pw = measured["pairwise"]
        rows += [
            ["evaluation sample: labelled pairs", f"{measured['labelled_pairs']:,}"],
            ["estimated pairwise precision", f"{pw['precision']:.3f}"],
            ["estimated pairwise recall", f"{pw['recall']:.3f}"],
        ]
        note = f"The estimates cover {measured['covers']}."
    return _section(t.Table("linkage", "Linkage", ["", "value"], rows), note=note)


def build_report(
    case: Case,
    *,
    method: str = "loglinear",
    seed: int = 0,
    now: dt.datetime | None = None,
) -> tuple[str, ReportResult]:
    """The report's HTML and what it holds (``path`` is left empty here)."""
    with case.engine.connect() as conn:
        sources = q.source_rows(conn)
        records = q.record_rows(conn)
        persons = q.person_rows(conn)
        problems = q.problem_count(conn)
    estimate = (
        estimate_section(t.capture_histories(records), method, seed)
        if not persons.empty
        else EstimateSection(False, "The case has not been linked yet: run `reckon link` first.")
    )
    sections = _sections(records, persons, sources)
    linkage = _linkage(case) if not persons.empty else None
    if linkage is not None:
        sections.append(linkage)
    incidents = records.loc[records["is_incident"].astype(bool)]
    context: dict[str, Any] = {
        "case_name": case.settings.name,
        "generated": (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC"),
        "linked": not persons.empty,
        "totals": {
            "lists": len(sources),
            "records": int((~records["is_incident"].astype(bool)).sum()),
            "persons": int((~persons["is_incident"].astype(bool)).sum())
            if not persons.empty
            else 0,
            "incident_rows": len(incidents),
            "incident_min": int(pd.to_numeric(incidents["count_min"]).fillna(0).sum()),
            "incident_max": int(pd.to_numeric(incidents["count_max"]).fillna(0).sum()),
            "problems": problems,
        },
        "sections": sections,
        "estimate": estimate,
        "plain_assumptions": PLAIN_ASSUMPTIONS,
    }
    html = _environment().get_template(TEMPLATE).render(**context)
    result = ReportResult(
        Path(),
        context["totals"]["records"],
        context["totals"]["persons"],
        len(sections),
        estimate.available,
    )
    return html, result


def write_report(case: Case, out: str | Path, **options: Any) -> ReportResult:
    """Write the report of ``case`` to ``out`` (one self-contained HTML file)."""
    html, result = build_report(case, **options)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return ReportResult(path, result.records, result.persons, result.sections, result.estimate)

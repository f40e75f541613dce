"""Build the self-contained report of a case: HTML (Jinja2, inline CSS, SVG, font) and its data.

The first page gives what a reader quotes: the documented count, the estimated
total with its interval (or, when the estimate cannot carry a number, why), the
period, the place, the lists and the case fingerprint. Pictures follow, then
sources and methods, the evidence, the tables, and an appendix for
statisticians with the estimate's diagnostics.

The numbers behind every chart are CSV files with HXL hashtags; the report
embeds each (downloadable) and names its SHA-256, and ``write_report`` writes
the same bytes beside the HTML.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import pandas as pd

from reckon.report import charts, maps
from reckon.report import tables as t
from reckon.report.estimate import DEFAULT_SEED, ChosenEstimate, choose_estimate
from reckon.report.evidence import Evidence, case_evidence, sha256_text
from reckon.report.i18n import LANGS, WORDS, Lang, Words, date, digits, num, pct
from reckon.store import report_queries as q

if TYPE_CHECKING:  # keeps `import reckon.report` from opening the case machinery
    from reckon.case import Case

TEMPLATE = "report.html"
TIMELINE_MAX_DAYS = 400
TOP_OVERLAPS = 16  # UpSet columns shown; the rest are in the patterns table
SYNTHETIC_TRUTH = Path("synthetic-lists") / "truth.csv"  # where `reckon demo` keeps the truth


@dataclass(frozen=True)
class Section:
    """A table with its CSV (HXL row included) as a data URI and the CSV's SHA-256."""

    table: t.Table
    csv: str
    csv_uri: str
    sha256: str
    note: str = ""


@dataclass(frozen=True)
class FirstPage:
    """Every number the first page states, as numbers (the template formats them)."""

    documented: int
    lists: list[str]
    estimate: float | None
    lo: float | None
    hi: float | None
    period: tuple[dt.date, dt.date] | None
    provinces: int
    top_province: str
    fingerprint: str
    events: int


@dataclass(frozen=True)
class ReportResult:
    path: Path
    records: int
    persons: int
    sections: int
    estimate: bool
    lang: Lang = "en"
    first_page: FirstPage | None = None
    data_files: dict[str, str] = field(default_factory=dict)  # name -> CSV text


def _csv_uri(text: str) -> str:
    # a BOM so spreadsheet programs read the Persian as UTF-8
    data = ("\ufeff" + text).encode("utf-8")
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode("ascii")


def _section(table: t.Table, note: str = "", shown: t.Table | None = None) -> Section:
    """``shown``: a narrower table for the page than the CSV behind it (same numbers)."""
    text = table.to_csv()
    return Section(shown or table, text, _csv_uri(text), sha256_text("\ufeff" + text), note)


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("reckon.report", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _the_dead(records: pd.DataFrame, persons: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The records and persons the report counts as victims: a detainee list names the
    living too, so a person known only from one is not counted among the dead (as the
    capture histories of the estimate leave those lists out)."""
    from reckon.store.captures import NOT_LISTS_OF_THE_DEAD

    dead = records.loc[~records["kind"].isin(NOT_LISTS_OF_THE_DEAD)]
    if persons.empty:
        return dead, persons
    return dead, persons.loc[persons["person_id"].isin(dead["person_id"].dropna())]


def _named(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.loc[~frame["is_incident"].astype(bool)]


def _period(units: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    days = pd.to_datetime(units["date_start"].dropna().astype(str), errors="coerce").dropna()
    if days.empty:
        return None
    return days.min().date(), days.max().date()


def _province_label(code: str, lang: Lang) -> str:
    en, fa = t.province_names().get(code, (code, code))
    return fa if lang == "fa" else en


def _tables(
    records: pd.DataFrame, persons: pd.DataFrame, sources: pd.DataFrame, unit: str, lang: Lang
) -> list[Section]:
    linked = not persons.empty
    units = _named(persons) if linked else _named(records)
    out = [
        _section(t.by_source(sources, linked)),
        _section(t.by_kind(sources)),
        _section(t.by_field(units, "event_type", "By event", unit)),
        _section(by_province := t.by_province(units, unit), shown=_narrow(by_province, lang)),
    ]
    if linked:
        pairs, patterns = t.overlaps(t.capture_histories(records))
        out.append(_section(pairs, "The diagonal is the number of persons each list names."))
        out.append(_section(patterns))
    out.append(_section(t.timeline(units, unit), "Only dates known to the day are counted."))
    out.append(_section(t.ages(units, unit)))
    if linked:
        out.append(_section(t.corroboration(persons)))
    return out


def _pictures(
    records: pd.DataFrame,
    units: pd.DataFrame,
    linked: bool,
    chosen: ChosenEstimate,
    w: Words,
) -> dict[str, Any]:
    lang = w.lang
    pics: dict[str, Any] = {}
    # the map: documented, and estimated when the estimate has strata by province
    counts = {str(k): int(v) for k, v in units["province_code"].dropna().value_counts().items()}
    names = {code: _province_label(code, lang) for code in t.province_names()}
    pics["map_documented"] = maps.province_map(counts, names, lang, w.map_documented, w.map_none)
    pics["map_estimated"] = ""
    est: dict[str, float] = {}
    if chosen.stratified and chosen.result.by == "province":
        est = {k: r.estimate for k, r in chosen.result.strata.items() if k in names}
    if est:  # a map with no province estimated on its own would only be hatching
        pics["map_estimated"] = maps.province_map(
            est, names, lang, w.map_estimated, w.map_no_estimate
        )
    # the map's numbers in words beside it: a printed map shows no hover titles
    shown = sorted(set(counts) | set(est), key=lambda c: (-counts.get(c, 0), names.get(c, c)))
    pics["map_key"] = [
        (
            names.get(code, code),
            num(counts.get(code, 0), lang),
            w.map_key_estimated.format(n=num(est[code], lang)) if code in est else "",
        )
        for code in shown
    ]
    # the lists' overlaps
    pics["upset"] = ""
    if linked:
        hist = t.capture_histories(records)
        lists = [c for c in hist.columns if c != "count"]
        if len(lists) >= 2:
            rows = hist.head(TOP_OVERLAPS)
            patterns = [
                (tuple(int(v) for v in row[:-1]), int(row[-1]))
                for row in rows.to_numpy(dtype="int64").tolist()
            ]
            sizes = [int((hist[c] * hist["count"]).sum()) for c in lists]
            pics["upset"] = charts.upset(lists, patterns, sizes, lang, w.overlap_bar, w.overlap_set)
    # per day
    dated = units.loc[units["date_precision"].astype(str) == "day", "date_start"].dropna()
    days = pd.to_datetime(dated.astype(str), errors="coerce").dropna().dt.date.value_counts()
    days = days.sort_index()
    pics["days"] = ""
    pics["days_note"] = w.days_note.format(n=num(len(dated), lang), total=num(len(units), lang))
    if 0 < len(days) <= TIMELINE_MAX_DAYS:
        pics["days"] = charts.per_day(
            list(days.index), [int(v) for v in days.to_numpy()], lang, w.days_axis
        )
    # age and sex, minors named
    ages = t.ages(units, "persons")
    bands = [str(r[0]) for r in ages.rows if r[0] != t.UNKNOWN]
    sexes = ages.columns[1:]
    by_sex = {
        w.sex.get(s, s): [int(r[j + 1]) for r in ages.rows if r[0] != t.UNKNOWN]
        for j, s in enumerate(sexes)
    }
    minor_bands = sum(1 for lo, _ in zip(t.AGE_BINS, t.AGE_BINS[1:], strict=False) if lo < 18)
    age = pd.to_numeric(units["age"], errors="coerce")
    minors = int((age < 18).sum())
    known = int(age.notna().sum())
    pics["ages"] = charts.age_sex(bands, by_sex, minor_bands, lang, w.ages_axis, w.minors_band)
    pics["minors"] = (
        w.minors.format(n=num(minors, lang), pct=pct(minors / known, lang))
        if minors
        else w.minors_none
    )
    pics["minors_n"] = minors
    # what happened, in words
    events = units["event_type"].astype(object).where(units["event_type"].notna(), "unknown")
    total = max(1, len(events))
    pics["events"] = [
        w.event_sentence.format(
            n=num(n, lang), what=w.events.get(str(kind), str(kind)), pct=pct(n / total, lang)
        )
        for kind, n in events.value_counts().items()
    ]
    pics["corroboration"] = ""
    if linked:
        status = units["status"].astype(str)
        pics["corroboration"] = w.corroboration.format(
            confirmed=num(int((status == "confirmed").sum()), lang),
            pending=num(int((status == "under_investigation").sum()), lang),
            multi=num(int((pd.to_numeric(units["n_sources"]) > 1).sum()), lang),
        )
    return pics


def _strata(chosen: ChosenEstimate, w: Words) -> tuple[str, t.Table | None]:
    """The per-stratum chart and table, when the estimate has strata."""
    if not chosen.stratified:
        return "", None
    lang = w.lang
    terms = t.FA_TERMS if lang == "fa" else t.EN_TERMS
    strata = chosen.result.strata
    by = chosen.result.by
    names = t.province_names()
    labels = [
        _province_label(k, lang) if by == "province" and k in names else terms.get(k, k)
        for k in strata
    ]
    figures = [
        [r.observed, round(r.estimate), round(r.ci[0]), round(r.ci[1])] for r in strata.values()
    ]
    hxl = ("#affected+documented", "#affected+estimated", "#affected+min", "#affected+max")
    columns = ["documented", "estimated", "95% low", "95% high"]
    if by == "province":  # the province's names beside its code, as in "By province"
        rows = [
            [k, *(names.get(k, ("", ""))[::-1]), *f] for k, f in zip(strata, figures, strict=True)
        ]
        table = t.Table(
            "strata",
            "Estimate by province",
            ["code", "province (fa)", "province (en)", *columns],
            rows,
            frozenset({"province (fa)"}),
            ("#adm1+code", "#adm1+name+i_fa", "#adm1+name+i_en", *hxl),
        )
    else:
        rows = [[k, *f] for k, f in zip(strata, figures, strict=True)]
        table = t.Table("strata", f"Estimate by {by}", [by, *columns], rows, hxl=("#stratum", *hxl))
    chart = charts.strata_bars(
        labels,
        [r.observed for r in strata.values()],
        [r.estimate for r in strata.values()],
        [r.ci for r in strata.values()],
        lang,
        (w.strata_cols[1], w.strata_cols[2]),
    )
    return chart, table


_NAMED_BY = re.compile(r"named by (\d+) lists?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_FIGURES = re.compile(r"[0-9+–., ]+")


def _cell(text: str, lang: Lang) -> str:
    """A table's word or code as the reader reads it; in Persian, its digits Persian too."""
    if lang != "fa":
        return t.EN_TERMS.get(text, text)
    if text in t.FA_TERMS:
        return t.FA_TERMS[text]
    if named := _NAMED_BY.fullmatch(text):
        return f"در {digits(named.group(1), lang)} فهرست"
    if _DAY.fullmatch(text):  # a date as Persian writes it: ۱۴۰۴/۱۰/۱۸
        return digits(text.replace("-", "/"), lang)
    if _FIGURES.fullmatch(text):  # an age band, a count
        return digits(text, lang)
    return text


def _day(text: str, lang: Lang) -> str:
    """A stored timestamp as the reader's date, both calendars (as the text), else as it is."""
    try:
        return date(dt.date.fromisoformat(text[:10]), lang)
    except ValueError:
        return digits(text, lang)


def _narrow(table: t.Table, lang: Lang) -> t.Table:
    """A per-province table as a reader sees it: one name column, in the reader's language
    (the CSV keeps the code and both names), so it fits a phone's width."""
    if table.columns[:3] != ["code", "province (fa)", "province (en)"]:
        return table
    pick = 1 if lang == "fa" else 2
    rows = [[row[pick] or row[0], *row[3:]] for row in table.rows]
    persian = frozenset({"province"}) if lang == "fa" else frozenset()
    return t.Table(table.key, table.title, ["province", *table.columns[3:]], rows, persian)


def _linkage(case: Case, w: Words, records: int, persons: int) -> list[str]:
    """How the persons were made and how accurate that is, in sentences."""
    from reckon.errors import LinkError
    from reckon.link.export import evaluate_case, evaluate_decisions
    from reckon.store import decisions as decision_store
    from reckon.store import persons as person_store

    lang = w.lang
    with case.engine.connect() as conn:
        run = person_store.last_run(conn)
        decided = decision_store.read_decisions(conn)
        sampled = not decision_store.read_labels(conn).empty
    if run is None:
        return []
    # "unsure" constrains nothing, as in the link run's own count
    binding = int((decided["decision"] != "unsure").sum()) if len(decided) else 0
    out = [
        w.linkage_run.format(
            pairs=num(run["comparisons"] or 0, lang),
            threshold=digits(f"{run['threshold']:g}", lang),
            decisions=num(binding, lang),
            records=num(records, lang),
            persons=num(persons, lang),
        )
    ]
    measured: dict[str, Any] | None = None
    if sampled:  # decisions alone measure nothing: they constrain the persons
        try:
            measured = evaluate_decisions(case)
        except LinkError:  # every label "unsure"
            measured = None
    truth = case.path / SYNTHETIC_TRUTH
    if measured is not None:
        pw = measured["pairwise"]
        out.append(
            w.linkage_measured.format(
                pairs=num(measured["labelled_pairs"], lang),
                precision=digits(f"{pw['precision']:.3f}", lang),
                recall=digits(f"{pw['recall']:.3f}", lang),
            )
        )
    elif truth.is_file():
        try:
            f1 = float(evaluate_case(case, truth).pairwise["all"].f1)
        except (LinkError, ValueError, KeyError):
            f1 = None
        out.append(
            w.linkage_synthetic.format(f1=digits(f"{f1:.3f}", lang))
            if f1 is not None
            else w.linkage_unmeasured
        )
    else:
        out.append(w.linkage_unmeasured)
    return out


def _first_page(
    units: pd.DataFrame, sources: pd.DataFrame, chosen: ChosenEstimate, evidence: Evidence
) -> FirstPage:
    counts = units["province_code"].dropna().astype(str).value_counts()
    quoted = chosen.quotable
    return FirstPage(
        documented=len(units),
        lists=[str(s) for s in sources["source"]],
        estimate=float(chosen.result.estimate) if quoted else None,
        lo=float(chosen.result.ci[0]) if quoted else None,
        hi=float(chosen.result.ci[1]) if quoted else None,
        period=_period(units),
        provinces=len(counts),
        top_province=str(counts.index[0]) if len(counts) else "",
        fingerprint=evidence.fingerprint,
        events=evidence.events,
    )


def _front_text(page: FirstPage, chosen: ChosenEstimate, w: Words) -> dict[str, Any]:
    lang = w.lang
    lists = digits(str(len(page.lists)), lang)
    text: dict[str, Any] = {}
    if page.estimate is not None and page.lo is not None and page.hi is not None:
        text["headline"] = w.headline.format(
            documented=num(page.documented, lang),
            lists=lists,
            estimate=num(page.estimate, lang),
            lo=num(page.lo, lang),
            hi=num(page.hi, lang),
        )
        text["interval"] = w.interval_means.format(lo=num(page.lo, lang), hi=num(page.hi, lang))
        text["caveat"] = ""
    else:
        shown = w.headline_documented_only if chosen.note != "unlinked" else w.headline_unlinked
        text["headline"] = shown.format(documented=num(page.documented, lang), lists=lists)
        text["interval"] = ""
        if chosen.available and chosen.doubts:
            reasons = " ".join(w.doubt[d] for d in chosen.doubts)
            text["caveat"] = w.not_quotable.format(reasons=reasons)
        elif chosen.available and chosen.stale and chosen.recorded_at is not None:
            result = chosen.result
            text["caveat"] = w.stale.format(
                date=date(chosen.recorded_at.date(), lang),
                estimate=num(result.estimate, lang),
                lo=num(result.ci[0], lang),
                hi=num(result.ci[1], lang),
                observed=num(result.observed, lang),
                changes=("، " if lang == "fa" else ", ").join(
                    w.changes.get(kind, kind).format(n=num(n, lang))
                    for kind, n in chosen.changes.items()
                ),
            )
        elif chosen.available:  # not a finding by the method's own verdict
            text["caveat"] = w.not_quotable.format(reasons=w.doubt["converged"])
        else:
            key, _, detail = chosen.note.partition(":")
            text["caveat"] = w.no_estimate.get(key, w.no_estimate["failed"]).format(detail=detail)
    # the method's other remarks, in words, beside a number that stands
    text["notes"] = (
        [w.note[k] for k in chosen.notes] if chosen.available and not chosen.doubts else []
    )
    if chosen.origin == "report":
        text["origin"] = w.origin_report.format(seed=digits(str(chosen.seed), lang))
    elif chosen.origin == "recorded" and chosen.recorded_at is not None:
        text["origin"] = w.origin_recorded.format(
            date=date(chosen.recorded_at.date(), lang),
            method=w.methods.get(chosen.method, chosen.method),
            by=" " + w.by_field.get(chosen.by, chosen.by) if chosen.by else "",
            draws=w.origin_draws.format(n=num(chosen.linkage_draws, lang))
            if chosen.linkage_draws
            else "",
        )
    else:
        text["origin"] = ""
    text["period"] = (
        w.period.format(start=date(page.period[0], lang), end=date(page.period[1], lang))
        if page.period
        else w.period_unknown
    )
    text["place"] = (
        w.place.format(
            n=digits(str(page.provinces), lang), top=_province_label(page.top_province, lang)
        )
        if page.provinces
        else ""
    )
    text["lists"] = w.lists_used.format(
        lists="، ".join(page.lists) if lang == "fa" else ", ".join(page.lists)
    )
    text["fingerprint"] = w.fingerprint.format(fp=page.fingerprint, events=num(page.events, lang))
    text["fingerprint_how"] = w.fingerprint_how.format(fp=page.fingerprint)
    return text


def _run_rows(chosen: ChosenEstimate, w: Words) -> list[tuple[str, str]]:
    """The recorded run's settings, for the appendix (what it takes to run it again)."""
    if chosen.origin != "recorded" or chosen.recorded_at is None:
        return []
    options = ", ".join(f"{k}={v}" for k, v in sorted(chosen.options.items())) or "-"
    values = (
        chosen.method,
        chosen.by or "-",
        "-" if chosen.seed is None else str(chosen.seed),
        str(chosen.linkage_draws),
        options,
        chosen.recorded_at.strftime("%Y-%m-%d %H:%M UTC"),
        chosen.author,
    )
    return list(zip(w.run_fields, values, strict=True))


def build_report(
    case: Case,
    *,
    lang: Lang = "en",
    seed: int = DEFAULT_SEED,
    now: dt.datetime | None = None,
    estimate: ChosenEstimate | None = None,
) -> tuple[str, ReportResult]:
    """The report's HTML and what it holds (``path`` is left empty here).

    ``estimate`` is the estimate to show when the caller already has it (the demo's own
    run, or one recorded in the case); otherwise ``choose_estimate`` decides.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown report language {lang!r}")
    from reckon.report.fonts import embedded_font

    w = WORDS[lang]
    with case.engine.connect() as conn:
        sources = q.source_rows(conn)
        records = q.record_rows(conn)
        persons = q.person_rows(conn)
        problems = q.problem_count(conn)
    records, persons = _the_dead(records, persons)
    linked = not persons.empty
    units = _named(persons) if linked else _named(records)
    if estimate is not None:
        chosen = estimate
    elif linked:
        chosen = choose_estimate(case, seed=seed)
    else:
        chosen = ChosenEstimate("none", note="unlinked")
    evidence = case_evidence(case)
    page = _first_page(units, sources, chosen, evidence)
    unit = "persons" if linked else "records"
    sections = _tables(records, persons, sources, unit, lang)
    strata_chart, strata_table = _strata(chosen, w)
    if strata_table is not None:
        sections.insert(0, _section(strata_table, shown=_narrow(strata_table, lang)))
    pictures = _pictures(records, units, linked, chosen, w)
    kinds = dict(zip(sources["source"], sources["kind"], strict=True))
    periods = {
        name: _period(group) for name, group in _named(records).groupby("source", sort=False)
    }

    def list_period(name: str) -> str:
        span = periods.get(name)
        if span is None:
            return ""
        return w.source_period.format(start=date(span[0], lang), end=date(span[1], lang))

    files = [
        w.source_line.format(
            name=f.source,
            kind=w.kinds.get(f.kind, f.kind),
            records=num(f.records_imported, lang),
            file=f.file_name,
            date=_day(f.imported_at, lang),
            rejected=num(f.rows_rejected, lang),
        )
        + list_period(f.source)
        for f in evidence.files
        if f.source in kinds
    ]
    estimate_html = ""
    if chosen.available:
        estimate_html = chosen.summarised.summary().as_html()
    generated = now or dt.datetime.now(dt.UTC)
    context: dict[str, Any] = {
        "w": w,
        "lang": lang,
        "case_name": case.settings.name,
        "generated": w.generated.format(
            date=date(generated.date(), lang) + digits(f" {generated:%H:%M} UTC", lang),
            case=case.settings.name,
        ),
        "front": _front_text(page, chosen, w),
        "linked": linked,
        "pictures": pictures,
        "strata_chart": strata_chart,
        "sources_lines": files,
        "linkage": _linkage(case, w, len(_named(records)), len(units)) if linked else [],
        "assumptions": w.assumptions,
        "evidence": evidence,
        "sections": sections,
        "estimate": chosen,
        "estimate_html": estimate_html,
        "run_rows": _run_rows(chosen, w),
        "problems": problems,
        "tr": lambda s: _cell(str(s), lang),
        "num": lambda v: num(v, lang) if isinstance(v, (int, float)) else v,
        "font_css": "",
        "font_name": "",
    }
    template = _environment().get_template(TEMPLATE)
    html = template.render(**context)
    # the font cut to exactly the characters of the rendered report, then embedded
    font = embedded_font(html)
    context["font_css"], context["font_name"] = font.css, font.name
    html = template.render(**context)
    result = ReportResult(
        Path(),
        len(_named(records)),
        len(units) if linked else 0,
        len(sections),
        chosen.available,
        lang,
        page,
        {s.table.key + ".csv": s.csv for s in sections},
    )
    return html, result


def write_report(
    case: Case,
    out: str | Path,
    *,
    pdf: str | Path | None = None,
    data_dir: str | Path | None = None,
    **options: Any,
) -> ReportResult:
    """Write the report of ``case`` to ``out`` (one self-contained HTML file).

    The CSV behind each chart and table goes to ``data_dir`` (default: ``<out stem>-data``
    beside the HTML), byte for byte what the report embeds, so ``sha256sum`` matches the
    hashes printed in its evidence section. ``pdf`` also prints the report to that file.
    """
    html, result = build_report(case, **options)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    folder = Path(data_dir) if data_dir else path.with_name(path.stem + "-data")
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in result.data_files.items():
        (folder / name).write_bytes(("\ufeff" + text).encode("utf-8"))
    if pdf is not None:
        from reckon.report.pdf import print_pdf

        print_pdf(path, Path(pdf))
    return ReportResult(
        path,
        result.records,
        result.persons,
        result.sections,
        result.estimate,
        result.lang,
        result.first_page,
        result.data_files,
    )

"""The report of a small synthetic case: before and after linkage, with or without the estimate."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from tests.conftest import TEST_PASSPHRASE
from typer.testing import CliRunner

from reckon.case import Case
from reckon.cli import app
from reckon.ingest.importer import import_file
from reckon.report import build_report, write_report
from reckon.synth import generate

NOW = dt.datetime(2026, 2, 1, 12, 0, tzinfo=dt.UTC)


def _imported_case(root: Path, sources: int) -> tuple[Path, Path]:
    lists = root / "lists"
    manifest = generate(lists, people=250, sources=sources, seed=3)
    case_dir = root / "case"
    with Case.create(case_dir, name="synthetic-test") as case:
        for src in manifest.sources:
            import_file(
                case, lists / src.file, source=src.name, kind=src.kind, id_column=src.id_column
            )
    return case_dir, lists


@pytest.fixture(scope="module")
def linked_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RECKON_PASSPHRASE", TEST_PASSPHRASE)
        case_dir, lists = _imported_case(tmp_path_factory.mktemp("report"), sources=4)
        from reckon.link.run import link_case

        with Case.open(case_dir) as case:
            link_case(case)
        yield case_dir, lists


@pytest.fixture(scope="module")
def linked_report(linked_case: tuple[Path, Path]) -> tuple[str, bool, int]:
    with Case.open(linked_case[0]) as case:
        html, result = build_report(case, now=NOW)
    return html, result.estimate, result.persons


def _csv_tables(html: str) -> dict[str, pd.DataFrame]:
    tables = {}
    for name, data in re.findall(
        r'download="([^"]+)\.csv" href="data:text/csv;[^,]*,([^"]+)"', html
    ):
        text = base64.b64decode(data).decode("utf-8-sig")
        tables[name] = pd.read_csv(
            io.StringIO(text),
            keep_default_na=False,
            skiprows=[1],  # HXL row
        )
    return tables


@pytest.fixture(scope="module")
def unlinked_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RECKON_PASSPHRASE", TEST_PASSPHRASE)
        yield _imported_case(tmp_path_factory.mktemp("unlinked"), sources=3)


def test_report_of_an_unlinked_case_says_so_and_counts_records(
    unlinked_case: tuple[Path, Path],
) -> None:
    case_dir, lists = unlinked_case
    with Case.open(case_dir) as case:
        html, result = build_report(case, now=NOW)
    assert result.persons == 0 and not result.estimate
    assert "not been linked" in html
    truth = pd.read_csv(lists / "truth.csv")
    assert result.records == len(truth)
    tables = _csv_tables(html)
    assert tables["by_source"]["records"].sum() == len(truth)
    assert "overlaps" not in tables  # overlaps need persons


@pytest.mark.slow
def test_report_of_a_linked_case(
    linked_case: tuple[Path, Path], linked_report: tuple[str, bool, int]
) -> None:
    _, lists = linked_case
    html, estimated, persons = linked_report
    assert persons > 0 and estimated
    # self-contained: no external scripts, styles, images or fonts
    assert not re.search(r'(src|href)="(?!data:|#)', html)
    assert "<svg" in html and "<bdi>" in html  # user text isolated from the page's direction
    tables = _csv_tables(html)
    assert {"by_source", "by_province", "overlaps", "patterns", "timeline", "ages"} <= set(tables)
    assert "corroboration" in tables
    timeline = tables["timeline"]
    row = timeline.loc[timeline["date"] == "2026-01-08"]
    assert row["date (Jalali)"].tolist() == ["1404-10-18"]
    provinces = tables["by_province"]
    assert "تهران" in set(provinces["province (fa)"])
    # the diagonal of the overlaps is each list's number of persons
    overlaps = tables["overlaps"].set_index("list")
    by_source = tables["by_source"].set_index("source")
    for name in overlaps.index:
        assert overlaps.loc[name, name] == by_source.loc[name, "persons"]
    assert "Appendix for statisticians" in html and "What the estimate assumes" in html
    # a report is counts: no victim's name appears in it
    people = pd.read_csv(lists / "people.csv")
    for given, family in people[["given_name", "family_name"]].head(50).itertuples(index=False):
        assert f"{given} {family}" not in html


@pytest.mark.slow
def test_report_is_reproducible_and_survives_a_missing_estimate(
    linked_case: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "reckon.estimate", None)  # as if not installed
    with Case.open(linked_case[0]) as case:
        first, result = build_report(case, now=NOW)
        second, _ = build_report(case, now=NOW)
    assert first == second
    assert not result.estimate
    assert "not available in this installation" in first
    assert "By province" in first


@pytest.mark.slow
def test_cli_report_in_persian(linked_case: tuple[Path, Path], tmp_path: Path) -> None:
    case_dir, _ = linked_case
    out = tmp_path / "out" / "report.html"
    result = CliRunner().invoke(app, ["report", str(case_dir), "-o", str(out), "--lang", "fa"])
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert html.startswith("<!doctype html>")
    assert '<html lang="fa" dir="rtl">' in html
    assert "@font-face" in html and "data:font/woff;base64," in html
    assert (out.parent / "report-data" / "by_province.csv").is_file()
    bad = CliRunner().invoke(app, ["report", str(case_dir), "-o", str(out), "--lang", "de"])
    assert bad.exit_code != 0 and "choose en or fa" in bad.output
    missing = CliRunner().invoke(app, ["report", str(tmp_path / "nowhere"), "-o", str(out)])
    assert missing.exit_code == 1


def test_write_report_creates_the_folder(unlinked_case: tuple[Path, Path], tmp_path: Path) -> None:
    case_dir, _ = unlinked_case
    with Case.open(case_dir) as case:
        result = write_report(case, tmp_path / "a" / "b.html", now=NOW)
    assert result.path.read_text("utf-8").count("<h2") >= 5


# --- the first page, the evidence, the pictures ---------------------------------------------


def _first_section(html: str) -> str:
    match = re.search(r'<section class="first" id="summary">(.*?)</section>', html, re.S)
    assert match
    return match.group(1)


def _headline_numbers(html: str) -> list[int]:
    match = re.search(r'<p class="headline">(.*?)</p>', _first_section(html), re.S)
    assert match
    return [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", match.group(1))]


@pytest.mark.slow
def test_first_page_numbers_are_the_librarys(linked_case: tuple[Path, Path]) -> None:
    import dataclasses

    from reckon.report.estimate import choose_estimate
    from reckon.store import report_queries as q
    from reckon.vault.verify import verify_vault

    case_dir, _ = linked_case
    with Case.open(case_dir) as case:
        default = choose_estimate(case)
        html, result = build_report(case, now=NOW, estimate=default)
        with case.engine.connect() as conn:
            persons = q.person_rows(conn)
            lists = q.source_rows(conn)
        documented = int((~persons["is_incident"].astype(bool)).sum())
        # the same real result as a converged one, shown as if recorded: the quoted branch
        clean = dataclasses.replace(default.result, warnings=[], converged=True)
        shown = dataclasses.replace(
            default,
            origin="recorded",
            result=clean,
            doubts=[],
            notes=[],
            recorded_at=dt.datetime(2026, 1, 20, tzinfo=dt.UTC),
        )
        quoted_html, quoted = build_report(case, now=NOW, estimate=shown)
    page = result.first_page
    assert page is not None and page.documented == documented == result.persons
    assert page.fingerprint == verify_vault(case_dir).fingerprint
    assert page.fingerprint in _first_section(html)
    assert default.origin == "report" and "not an estimate recorded" in html
    if default.quotable:
        assert page.estimate == default.result.estimate
    else:  # a doubtful result is not quoted: the first page says why in words
        assert page.estimate is None
        assert _headline_numbers(html) == [documented, len(lists)]
        assert "No estimate of the total is given here" in _first_section(html)
    qp = quoted.first_page
    assert qp is not None and qp.estimate == clean.estimate and qp.lo == clean.ci[0]
    assert _headline_numbers(quoted_html) == [
        documented,
        len(lists),
        round(clean.estimate),
        95,
        round(clean.ci[0]),
        round(clean.ci[1]),
    ]
    assert "recorded in the case on 20 January 2026" in quoted_html
    # no sampler internals or raw codes before the appendix
    main = quoted_html.split('id="appendix"')[0].split('id="tables"')[0]
    for internal in ("sweeps_per_second", "alpha_mean", "died_in_custody", "`"):
        assert internal not in re.sub(r"<svg.*?</svg>", "", main, flags=re.S)


@pytest.mark.slow
def test_evidence_names_every_list_and_data_file(
    linked_case: tuple[Path, Path], tmp_path: Path
) -> None:
    import hashlib

    case_dir, lists = linked_case
    with Case.open(case_dir) as case:
        result = write_report(case, tmp_path / "r.html", now=NOW)
    html = result.path.read_text("utf-8")
    evidence = html.split('id="evidence"')[1].split("</table>")[0]
    files = [p for p in lists.iterdir() if f"<bdi>{p.name}</bdi>" in evidence]
    assert len(files) == 4  # the four lists imported, each with the SHA-256 of its bytes
    for path in files:
        assert hashlib.sha256(path.read_bytes()).hexdigest() in evidence, path.name
    data = tmp_path / "r-data"
    for name in result.data_files:
        written = (data / name).read_bytes()
        assert hashlib.sha256(written).hexdigest() in html, name
        lines = written.decode("utf-8-sig").splitlines()
        assert lines[1].startswith("#")  # the HXL hashtag row
    assert "reckon verify CASE --known" in html


def test_month_starts_of_both_calendars() -> None:
    from reckon.report.charts import month_starts

    # a span from 25 December: December's label would touch January's, so it is left out
    greg, jal = month_starts(dt.date(2025, 12, 25), dt.date(2026, 3, 25))
    assert [(d.isoformat(), m) for d, m, _ in greg] == [
        ("2026-01-01", 1),
        ("2026-02-01", 2),
        ("2026-03-01", 3),
    ]
    # Dey 1404 is labelled at the first day shown; 1 Farvardin 1405 is 21 March 2026
    assert (jal[0][0], jal[0][1:]) == (dt.date(2025, 12, 25), (10, 1404))
    assert (jal[-1][0], jal[-1][1:]) == (dt.date(2026, 3, 21), (1, 1405))


def test_plain_doubts_and_persian_numbers() -> None:
    from reckon.report.estimate import plain_doubts
    from reckon.report.i18n import date, num

    kinds = plain_doubts(
        [
            "the chains disagree (R-hat of N = 1.013 > 1.01): the sampler has not mixed",
            "the draws of N carry little information (bulk ESS = 199, below 400)",
            "the sampler stopped on the time budget of 30 s (max_seconds=) after 900 sweeps",
            "3 strata too small or too thin to estimate alone were merged into one (A, B, C)",
            "something new",
        ]
    )
    assert kinds == ["mixing", "budget", "strata", "other"]
    assert num(1437, "fa") == "۱٬۴۳۷" and num(1437, "en") == "1,437"
    assert date(dt.date(2026, 1, 8), "fa").startswith("۱۸ دی ۱۴۰۴")
    assert date(dt.date(2026, 1, 8), "en") == "8 January 2026 (18 Dey 1404)"


def test_map_has_the_31_provinces_and_their_attribution() -> None:
    from reckon.normalize.places import provinces
    from reckon.report.maps import class_edges, province_map, shapes

    assert set(shapes()["provinces"]) == set(provinces())
    assert shapes()["attribution"] == "© OpenStreetMap contributors, ODbL"
    svg = province_map({"IR-23": 229, "IR-06": 100}, {"IR-23": "Tehran"}, "en", "t", "none")
    assert svg.count("<path") == 31 and "Tehran: 229" in svg
    assert class_edges(229) == [46, 92, 138, 184, 229] and class_edges(3) == [1, 2, 3]


def test_a_detainee_list_is_not_counted_among_the_dead(tmp_path: Path) -> None:
    """A detainee list names the living too: its records are not counted as victims
    (before: the documented count included everyone a detainee list named)."""
    morgue = tmp_path / "morgue.csv"
    morgue.write_text(
        "name,date,province\nعلی رضایی,1404/10/18,تهران\nمریم احمدی,1404/10/19,فارس\n",
        encoding="utf-8",
    )
    held = tmp_path / "held.csv"
    held.write_text(
        "name,date,province\nحسین کریمی,1404/10/17,تهران\nزهرا نوری,1404/10/17,البرز\n"
        "رضا موسوی,1404/10/18,تهران\n",
        encoding="utf-8",
    )
    with Case.create(tmp_path / "case") as case:
        import_file(case, morgue, source="morgue", kind="morgue")
        import_file(case, held, source="held", kind="detainee")
        _, result = build_report(case, now=NOW)
    assert result.records == 2

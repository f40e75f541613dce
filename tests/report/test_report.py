"""The report of a small synthetic case: before and after linkage, with or without the estimate."""

from __future__ import annotations

import base64
import datetime as dt
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
            pd.io.common.StringIO(text),
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

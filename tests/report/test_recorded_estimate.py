"""The estimate the user ran is recorded in the case, and the report shows that one.

A small synthetic case, linked: ``reckon estimate`` records an ``estimate.run``
event (``--no-record`` does not), the report quotes it with its date, says when
the case changed after it, shows a run by province as a table and a map, and
tells doubts that stop a number being quoted from notes that do not.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select
from tests.conftest import TEST_PASSPHRASE
from typer.testing import CliRunner

from reckon.case import Case
from reckon.cli import app
from reckon.estimate.results import EstimateResult
from reckon.events.estimates import record_estimate
from reckon.events.replay import rebuild
from reckon.events.verify import verify_case
from reckon.ingest.importer import import_file
from reckon.report import build_report
from reckon.report.estimate import choose_estimate
from reckon.store.schema import estimates
from reckon.synth import generate

pytestmark = pytest.mark.slow

NOW = dt.datetime(2026, 2, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """A linked case of three lists; the fourth list is kept back (lists folder, name)."""
    root = tmp_path_factory.mktemp("recorded")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RECKON_PASSPHRASE", TEST_PASSPHRASE)
        lists = root / "lists"
        manifest = generate(lists, people=300, sources=4, seed=3)
        case_dir = root / "case"
        with Case.create(case_dir, name="recorded-test") as case:
            for src in manifest.sources[:3]:
                import_file(
                    case, lists / src.file, source=src.name, kind=src.kind, id_column=src.id_column
                )
            from reckon.link.run import link_case

            link_case(case)
        yield case_dir, lists


@pytest.fixture
def case_dir(linked: tuple[Path, Path], tmp_path: Path) -> Path:
    """A copy of the linked case for one test (a case is a folder and copies whole)."""
    copy = tmp_path / "case"
    shutil.copytree(linked[0], copy)
    return copy


def _rows(case_dir: Path) -> list[dict[str, object]]:
    with Case.open(case_dir) as case, case.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(estimates).order_by(estimates.c.id))]


def _first(html: str) -> str:
    match = re.search(r'<section class="first" id="summary">(.*?)</section>', html, re.S)
    assert match
    return match.group(1)


def _estimate(case_dir: Path, *args: str) -> dict[str, object]:
    res = CliRunner().invoke(app, ["estimate", str(case_dir), *args, "--json"])
    assert res.exit_code == 0, res.output
    out: dict[str, object] = json.loads(res.stdout)
    return out


def test_estimate_is_recorded_and_the_report_shows_it(
    case_dir: Path, linked: tuple[Path, Path]
) -> None:
    args = ("-m", "loglinear", "--linkage-draws", "0")
    _estimate(case_dir, *args, "--no-record")
    assert _rows(case_dir) == []  # a dry run changes nothing
    out = _estimate(case_dir, *args)
    (row,) = _rows(case_dir)
    assert row["method"] == "loglinear" and row["observed"] == out["observed"]
    assert row["estimate"] == pytest.approx(out["estimate"])
    assert isinstance(row["seed"], int)  # no seed given: one is chosen and recorded
    assert verify_case(case_dir).ok  # the state digest covers the new table
    with Case.open(case_dir) as case:
        chosen = choose_estimate(case)
        html, result = build_report(case, now=NOW)
        kinds = [e.kind for e in case.vault.events()]
    assert "estimate.run" in kinds
    assert chosen.origin == "recorded" and chosen.method == "loglinear" and not chosen.stale
    assert chosen.result.estimate == pytest.approx(out["estimate"])
    assert "This is the estimate recorded in the case on" in _first(html)
    assert "log-linear models" in _first(html)
    page = result.first_page
    assert page is not None
    if chosen.quotable:  # the first page quotes exactly the recorded number and interval
        ci = out["ci"]
        assert isinstance(ci, list)
        assert (page.estimate, page.lo, page.hi) == pytest.approx((out["estimate"], *ci))
        assert page.estimate is not None and f"{round(page.estimate):,}" in _first(html)
    else:
        assert page.estimate is None and "No estimate of the total is given here" in _first(html)
    assert "The recorded run" in html and str(row["seed"]) in html
    # the log rebuilds the same row
    before = _rows(case_dir)
    rebuild(case_dir)
    assert _rows(case_dir) == before

    # a list imported after the run: the number describes an older case and is not quoted
    lists = linked[1]
    sources = pd.read_csv(lists / "sources.csv")
    last = sources.iloc[3]
    with Case.open(case_dir) as case:
        import_file(
            case, lists / str(last["file"]), source=str(last["name"]), kind=str(last["kind"])
        )
        stale = choose_estimate(case)
        html, result = build_report(case, now=NOW)
    assert stale.stale and stale.changes == {"import": 1}
    assert result.first_page is not None and result.first_page.estimate is None
    first = _first(html)
    assert "The case has changed since (1 list(s) imported)" in first
    assert f"{round(float(str(out['estimate']))):,}" in first  # the old number, said as such


def test_an_estimate_by_province_gives_the_table_and_the_map(case_dir: Path) -> None:
    out = _estimate(case_dir, "-m", "loglinear", "--by", "province", "--linkage-draws", "0")
    strata = out["strata"]
    assert isinstance(strata, list) and strata
    with Case.open(case_dir) as case:
        html, result = build_report(case, now=NOW)
        fa, _ = build_report(case, now=NOW, lang="fa")
    assert result.data_files["strata.csv"]
    table = pd.read_csv(
        io.StringIO(result.data_files["strata.csv"]), skiprows=[1], keep_default_na=False
    )
    # every stratum of the recorded run, with its numbers, and the HXL row
    assert result.data_files["strata.csv"].splitlines()[1].startswith("#")
    assert len(table) == len(strata)
    for (_, got), want in zip(table.iterrows(), strata, strict=True):
        assert got["code"] == want["stratum"]
        assert got["documented"] == want["observed"]
        assert got["estimated"] == round(want["estimate"])
        assert (got["95% low"], got["95% high"]) == tuple(round(v) for v in want["ci"])
    assert "Tehran" in set(table["province (en)"]) and "تهران" in set(table["province (fa)"])
    provinces = [s for s in strata if str(s["stratum"]).startswith("IR-")]
    section = html.split('id="where"')[1].split("</section>")[0]
    assert provinces  # Tehran holds enough people for an estimate of its own
    assert section.count("<svg") == 2 and "Estimated total" in section  # the second map
    assert 'id="strata"' in html
    assert "by province" in _first(html)
    # the map's counts are printed beside it, in words, not only on hover
    key = section.split('class="map-key"')[1].split("</ol>")[0]
    tehran = next(s for s in strata if s["stratum"] == "IR-23")
    assert f"estimated {round(tehran['estimate'])}" in key
    assert "به تفکیک استان" in _first(fa)


def _result(method: str, estimate: float, ci: tuple[float, float], **kw: object) -> EstimateResult:
    return EstimateResult(method=method, observed=175, estimate=estimate, ci=ci, **kw)  # type: ignore[arg-type]


def _record(case: Case, result: EstimateResult, batch: str) -> None:
    record_estimate(
        case, result.to_dict(), by=None, seed=1, linkage_draws=0, options={}, batch=batch
    )


def test_doubts_stop_the_number_and_notes_do_not(case_dir: Path) -> None:
    budget = (
        "the sampler stopped on the time budget of 30 s (max_seconds=) after 900 sweeps per "
        "chain; its checks pass"
    )
    with Case.open(case_dir) as case:
        # converged, one remark: quoted, the remark said in words on the first page
        _record(
            case, _result("lcmcr", 240.0, (210.0, 290.0), converged=True, warnings=[budget]), "a"
        )
        chosen = choose_estimate(case)
        html, result = build_report(case, now=NOW)
        assert chosen.quotable and chosen.notes == ["budget"]
        assert result.first_page is not None and result.first_page.estimate == 240.0
        first = _first(html)
        assert "they do not stop it being quoted" in first
        assert "used all the time it was given" in first
        assert "max_seconds" not in first  # the method's own words stay in the appendix
        # not converged: not quoted, the reason in words
        _record(case, _result("lcmcr", 250.0, (200.0, 400.0), converged=False), "b")
        html, result = build_report(case, now=NOW)
        assert result.first_page is not None and result.first_page.estimate is None
        assert "did not settle on one number" in _first(html)
        # two methods run together whose intervals do not overlap: neither is quoted
        _record(case, _result("loglinear", 600.0, (500.0, 700.0)), "c")
        _record(case, _result("lcmcr", 240.0, (210.0, 290.0), converged=True), "c")
        chosen = choose_estimate(case)
        html, result = build_report(case, now=NOW)
    assert chosen.method == "lcmcr" and chosen.doubts == ["disagree"]  # the default is shown
    assert result.first_page is not None and result.first_page.estimate is None
    assert "intervals do not overlap" in _first(html)
    assert "disagree beyond their intervals" in html.split('id="appendix"')[1]


def test_the_demo_estimates_once_and_its_report_shows_that_estimate(tmp_path: Path) -> None:
    from reckon.demo import run_demo

    done = run_demo(tmp_path / "demo", people=300, sources=3, seed=11)
    assert done.verified
    rows = _rows(tmp_path / "demo")
    assert len(rows) == 1 and rows[0]["method"] == "lcmcr"  # one run, recorded
    with Case.open(tmp_path / "demo") as case:
        chosen = choose_estimate(case)
    assert chosen.origin == "recorded" and not chosen.stale
    assert chosen.result.observed == done.estimate["observed"]
    if done.estimate["estimate"] is not None:
        assert chosen.result.estimate == pytest.approx(done.estimate["estimate"])
    html = done.report.read_text("utf-8")
    assert "This is the estimate recorded in the case on" in _first(html)
    assert "the report's own run" not in html

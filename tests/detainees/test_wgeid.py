"""A submission to the UN Working Group: the six minimum elements, the missing ones
named, and the three-month urgent window."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from reckon.case import Case
from reckon.cli import app
from reckon.detainees.wgeid import ELEMENTS, build_submission

from .conftest import add


def test_all_six_elements_and_the_urgent_window(case: Case) -> None:
    add(case, "HRANA:2", "arrested", "۱۹ دی ۱۴۰۴", force="IRGC intelligence", place="کرمانشاه")
    add(case, "HRANA:2", "disappeared", "۲۰ دی ۱۴۰۴")  # 2026-01-10
    add(case, "HRANA:2", "inquiry", "۲۵ دی ۱۴۰۴", notes="the family asked the prosecutor")
    with case.engine.connect() as conn:
        sub = build_submission(conn, "HRANA:2", submitter="An NGO", as_of=date(2026, 2, 1))
        late = build_submission(conn, "HRANA:2", submitter="An NGO", as_of=date(2026, 4, 11))
    assert [e.name for e in sub.elements] == list(ELEMENTS) and sub.missing == ()
    values = {e.name: e.value for e in sub.elements}
    assert values["name"] == "مریم حسینی" and values["date"] == "۲۰ دی ۱۴۰۴"
    assert values["responsible"] == "IRGC intelligence" and values["place"] == "کرمانشاه"
    assert "asked the prosecutor" in (values["steps_taken"] or "")
    assert sub.urgent and sub.urgent_until == date(2026, 4, 10)
    assert not late.urgent and late.urgent_until is None


def test_missing_elements_are_named(case: Case, case_dir: Path) -> None:
    add(case, "HRANA:4", "whereabouts_unknown", "دی ۱۴۰۴")
    case.close()
    result = CliRunner().invoke(
        app, ["export-wgeid", str(case_dir), "HRANA:4", "--json", "--as-of", "2026-02-01"]
    )
    assert result.exit_code == 0, result.output
    sub = json.loads(result.output)
    assert sub["missing"] == ["place", "responsible", "steps_taken", "submitter"]
    assert sub["elements"]["date"]["value"] == "دی ۱۴۰۴" and not sub["complete"]
    assert sub["urgent"] and sub["urgent_until"] == "2026-04-20"  # end of Dey + 3 months


def test_a_year_alone_is_not_a_date_for_the_working_group(case: Case) -> None:
    add(case, "HRANA:4", "arrested", "۱۴۰۴")
    with case.engine.connect() as conn:
        sub = build_submission(conn, "HRANA:4", submitter=None, as_of=date(2026, 2, 1))
    assert "date" in sub.missing


def test_the_submitter_comes_from_the_case_settings(case: Case, case_dir: Path) -> None:
    add(case, "HRANA:2", "arrested", "۱۹ دی ۱۴۰۴")
    case.close()
    toml = case_dir / "reckon.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[wgeid]\nsubmitter = "An NGO"\n')
    result = CliRunner().invoke(
        app, ["export-wgeid", str(case_dir), "HRANA:2", "--as-of", "2026-02-01"]
    )
    assert result.exit_code == 0 and "An NGO" in result.output and "URGENT" in result.output
    unknown = CliRunner().invoke(app, ["export-wgeid", str(case_dir), "HRANA:99"])
    assert unknown.exit_code == 1 and "no record 'HRANA:99'" in unknown.output

"""The report's block of statements beside daily deaths and detentions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reckon.case import Case
from reckon.detainees.steps import StepInput
from reckon.events.custody import record_steps
from reckon.events.statements import add_statements
from reckon.ingest.importer import import_file
from reckon.report.statements import render_statement_timeline, statement_timeline
from reckon.statements.archive import StatementInput


@pytest.fixture(autouse=True)
def _witness(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECKON_WITNESS_DIR", str(tmp_path_factory.mktemp("witness")))


def test_statements_stand_beside_the_days_deaths_and_detentions(
    case_dir: Path, tmp_path: Path
) -> None:
    case = Case.create(case_dir)
    morgue = tmp_path / "morgue.csv"  # synthetic rows, no real person
    morgue.write_text(
        "ردیف,نام,نام خانوادگی,تاریخ,وضعیت\n1,علی,رضایی,۱۸ دی ۱۴۰۴,کشته\n"
        "2,رضا,کریمی,۱۸ دی ۱۴۰۴,کشته\n3,مریم,حسینی,۱۹ دی ۱۴۰۴,کشته\n",
        encoding="utf-8",
    )
    import_file(case, morgue, source="morgue", kind="morgue")
    record_steps(case, [(None, StepInput("morgue:3", "arrested", "۱۷ دی ۱۴۰۴", "family"))])
    add_statements(
        case,
        [(None, StatementInput("مقام <الف>", "۱۷ دی ۱۴۰۴", "برخورد می‌شود", tags=("threat",)))],
    )
    with case.engine.connect() as conn:
        frame = statement_timeline(conn)
    days = {r["day"]: r for r in frame.to_dict("records")}
    assert days[date(2026, 1, 7)]["detentions"] == 1
    assert days[date(2026, 1, 7)]["statements"][0]["tags"] == ["threat"]
    assert days[date(2026, 1, 8)]["deaths"] == 2 and days[date(2026, 1, 9)]["deaths"] == 1
    html = render_statement_timeline(frame)
    assert "مقام &lt;الف&gt;" in html and "2026-01-07" in html  # escaped, never raw

"""Custody, the watch list and the WGEID export alike on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reckon.case import Case
from reckon.detainees.registers import RegisterInput
from reckon.detainees.watch import WatchRules, watch_list
from reckon.detainees.wgeid import build_submission
from reckon.events.custody import enter_registers
from reckon.events.statements import add_statements
from reckon.ingest.importer import import_file
from reckon.statements.archive import StatementInput

from .conftest import add, detainee_list


def test_the_same_watch_list_on_either_engine(
    case_dir: Path, tmp_path: Path, db_url: str | None
) -> None:
    case = Case.create(case_dir, db=db_url)
    import_file(case, detainee_list(tmp_path / "lists"), source="HRANA", kind="detainee")
    enter_registers(case, [(None, RegisterInput("facility", "ghezel", None, "Ghezel Hesar",
                                                 "کرج", executions=True))])  # fmt: skip
    add(case, "HRANA:1", "arrested", "۱۸ دی ۱۴۰۴", lawyer="denied", force="police")
    add(case, "HRANA:1", "transferred", "۲۰ دی ۱۴۰۴", facility="ghezel")
    add(case, "HRANA:1", "charged", "۲۵ دی ۱۴۰۴", charges=("محاربه",))
    add(case, "HRANA:1", "confession_broadcast", "۲۸ دی ۱۴۰۴")
    add(case, "HRANA:1", "inquiry", "۳۰ دی ۱۴۰۴", notes="asked at the prosecutor's office")
    threat = StatementInput(
        "Prosecutor", "۲۴ دی ۱۴۰۴", "تهدید", tags=("threat",), detainees=("HRANA:1",)
    )
    add_statements(case, [(None, threat)])
    with case.engine.connect() as conn:
        hits = watch_list(conn, WatchRules(no_contact_days=10), date(2026, 2, 1))
        sub = build_submission(conn, "HRANA:1", submitter="An NGO", as_of=date(2026, 2, 1))
    assert sorted(h.rule for h in hits) == [
        "capital", "execution_facility", "minor_held", "no_contact", "no_lawyer",
        "official_threat", "televised_confession",
    ]  # fmt: skip
    assert sub.missing == () and sub.urgent

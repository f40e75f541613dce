"""Custody in a case: steps checked against the case, registers, minors, and the steps
surviving a rebuild from the log and a bundle to another laptop."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from reckon.case import Case
from reckon.cli import app
from reckon.detainees.steps import StepInput
from reckon.detainees.timeline import detainee, detainees
from reckon.errors import InputError
from reckon.events.bundles import export_case_bundle, import_into_case
from reckon.events.custody import record_steps
from reckon.events.replay import rebuild
from reckon.settings import CaseSettings
from reckon.store.schema import custody_registers, custody_steps
from reckon.vault.verify import verify_vault

from .conftest import add, tables


def _count(case: Case) -> int:
    with case.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(custody_steps)).scalar_one())


def test_a_timeline_is_read_back_in_date_order_with_its_registers(case: Case) -> None:
    add(case, "HRANA:2", "held", "۲۲ دی ۱۴۰۴", facility="evin", lawyer="denied")
    add(case, "HRANA:2", "arrested", "۱۹ دی ۱۴۰۴", force="IRGC intelligence", place="کرمانشاه")
    add(case, "HRANA:2", "tried", "۱۰ بهمن ۱۴۰۴", court="rc-15", judge="j-1", branch="15")
    add(case, "HRANA:2", "sentenced", "2026-02-05", sentence="اعدام", court="rc-15")
    with case.engine.connect() as conn:
        d = detainee(conn, "HRANA:2")
        judge = conn.execute(
            select(custody_registers.c.court_code).where(custody_registers.c.code == "j-1")
        ).scalar_one()
    assert [s["step"] for s in d.steps] == ["arrested", "held", "tried", "sentenced"]
    assert d.steps[0]["province_code"] == "IR-05" and d.steps[0]["date_calendar"] == "jalali"
    assert d.steps[3]["date_calendar"] == "gregorian" and d.state == "in custody"
    assert judge == "rc-15" and d.minor is None


def test_a_step_out_of_order_is_refused_and_nothing_is_recorded(case: Case) -> None:
    add(case, "HRANA:2", "arrested", "۱۹ دی ۱۴۰۴")
    add(case, "HRANA:2", "released", "۲۵ دی ۱۴۰۴")
    before = _count(case)
    with pytest.raises(
        InputError, match="«transferred» of ۱ بهمن ۱۴۰۴ cannot come after «released»"
    ):
        add(case, "HRANA:2", "transferred", "۱ بهمن ۱۴۰۴", facility="evin")
    # a batch with one wrong step records none of it
    with pytest.raises(InputError, match="«appealed»"):
        record_steps(
            case,
            [
                (None, StepInput("HRANA:4", "arrested", "۲۱ دی ۱۴۰۴", "family")),
                (None, StepInput("HRANA:4", "appealed", "۲۲ دی ۱۴۰۴", "family")),
            ],
        )
    assert _count(case) == before


def test_a_step_must_name_a_known_record_and_registered_codes(case: Case) -> None:
    with pytest.raises(InputError, match="column '--record', value 'HRANA:99': no such record"):
        add(case, "HRANA:99", "arrested", "۱۹ دی ۱۴۰۴")
    with pytest.raises(InputError, match="column '--facility', value 'qarchak': no facility"):
        add(case, "HRANA:2", "arrested", "۱۹ دی ۱۴۰۴", facility="qarchak")


@pytest.mark.parametrize(
    ("subject", "fields", "reason"),
    [
        ("HRANA:1", {}, "age 16 in record HRANA:1"),  # the list's age at arrest
        ("HRANA:3", {"age": "17 ساله"}, "age «17 ساله» stated by family"),
        ("HRANA:3", {"age": "متولد ۱۳۸۸"}, "age «متولد ۱۳۸۸» stated by family"),
    ],
)
def test_a_minor_is_marked_with_the_reason(
    case: Case, subject: str, fields: dict[str, str], reason: str
) -> None:
    add(case, subject, "arrested", "۱۸ دی ۱۴۰۴", **fields)
    with case.engine.connect() as conn:
        found = detainee(conn, subject).minor
    assert found is not None and reason in found.reason


def test_an_adult_is_not_marked(case: Case) -> None:
    add(case, "HRANA:4", "arrested", "۲۱ دی ۱۴۰۴", age="25")
    with case.engine.connect() as conn:
        assert detainee(conn, "HRANA:4").minor is None


def test_steps_and_registers_survive_a_rebuild_and_verify(case: Case, case_dir: Path) -> None:
    add(case, "HRANA:2", "arrested", "۱۹ دی ۱۴۰۴", charges=("محاربه",))
    add(case, "HRANA:2", "held", "۲۲ دی ۱۴۰۴", facility="ghezel")
    live = tables(case)
    case.close()
    assert verify_vault(case_dir).ok
    rebuild(case_dir)
    again = Case.open(case_dir)
    rebuilt = tables(again)
    for name in ("custody_steps", "custody_registers"):
        assert rebuilt[name] == live[name] and live[name]
    assert verify_vault(case_dir).ok


def test_steps_recorded_on_another_laptop_arrive_by_bundle(
    case: Case, case_dir: Path, tmp_path: Path
) -> None:
    since = case.vault.checkpoint().fingerprint
    other = tmp_path / "device-b"
    shutil.copytree(case_dir, other)
    CaseSettings.load(other).with_changes(db="sqlite:///reckon.db").save(other)
    for leftover in other.glob("reckon.db*"):
        leftover.unlink()
    with Case.open(other) as b:
        add(b, "HRANA:1", "arrested", "۱۸ دی ۱۴۰۴")
        add(b, "HRANA:1", "held", "۲۰ دی ۱۴۰۴", facility="evin")
        export_case_bundle(b.vault, tmp_path / "b.bundle", since=since)
    import_into_case(case, tmp_path / "b.bundle")
    with case.engine.connect() as conn:
        (d,) = detainees(conn)
    assert [s["step"] for s in d.steps] == ["arrested", "held"]
    assert verify_vault(case_dir).ok


def test_the_cli_records_shows_and_refuses_in_one_line(
    case: Case, case_dir: Path, tmp_path: Path
) -> None:
    case.close()
    runner = CliRunner()
    base = ["custody", "add", str(case_dir), "--record", "HRANA:2", "--source", "HRANA"]
    ok = runner.invoke(app, [*base, "--step", "arrested", "--date", "۱۹ دی ۱۴۰۴"])
    assert ok.exit_code == 0, ok.output
    csv = tmp_path / "steps.csv"
    csv.write_text(
        "record,step,date,source,facility,charges,lawyer\n"
        "HRANA:2,held,۲۲ دی ۱۴۰۴,family,evin,محاربه;اجتماع و تبانی,none\n",
        encoding="utf-8",
    )
    imported = runner.invoke(app, ["custody", "import", str(case_dir), str(csv)])
    assert imported.exit_code == 0 and "1 custody step(s)" in imported.output
    shown = runner.invoke(app, ["custody", "show", str(case_dir), "HRANA:2", "--json"])
    assert '"state": "in custody"' in shown.output and "اجتماع و تبانی" in shown.output
    bad = runner.invoke(app, [*base, "--step", "appealed", "--date", "۲۳ دی ۱۴۰۴"])
    assert bad.exit_code == 1 and "no sentence to appeal" in bad.output
    assert len(bad.output.strip().splitlines()) == 1 and "Traceback" not in bad.output
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("record,step,date,source\nHRANA:2,held,۳۲ دی ۱۴۰۴,family\n", encoding="utf-8")
    failed = runner.invoke(app, ["custody", "import", str(case_dir), str(wrong)])
    assert failed.exit_code == 1
    assert "wrong.csv, row 2, column 'date', value '۳۲ دی ۱۴۰۴'" in failed.output


def test_a_detainee_list_is_no_capture_of_the_dead(case: Case, tmp_path: Path) -> None:
    from reckon.ingest.importer import import_file
    from reckon.store.captures import read_capture_records

    morgue = tmp_path / "morgue.csv"
    morgue.write_text("ردیف,نام,نام خانوادگی,تاریخ\n1,علی,رضایی,۱۸ دی ۱۴۰۴\n", encoding="utf-8")
    import_file(case, morgue, source="morgue", kind="morgue")
    from reckon.store.schema import persons, records

    with case.engine.begin() as conn:  # as if linked: the morgue's victim is detainee 1
        conn.execute(persons.insert().values(id=1, n_records=2, n_sources=2, is_incident=False))
        conn.execute(records.update().values(person_id=1))
        captured = read_capture_records(conn)
    # the four detainees (alive, for all the lists know) are not counted among the dead
    assert list(captured["source"]) == ["morgue"]

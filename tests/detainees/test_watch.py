"""The watch list: each rule lists the detainee it should, with its evidence and when it
was last confirmed; day counts run across the Jalali new year; rules are case settings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reckon.case import Case
from reckon.cli import app
from reckon.detainees.watch import RULES, WatchHit, WatchRules, watch_list
from reckon.errors import SettingsError
from reckon.events.statements import add_statements
from reckon.statements.archive import StatementInput

from .conftest import add

TODAY = date(2026, 2, 1)


def _hits(case: Case, rules: WatchRules | None = None, on: date = TODAY) -> list[WatchHit]:
    with case.engine.connect() as conn:
        return watch_list(conn, rules or WatchRules(), on)


def _rules(case: Case, on: date = TODAY) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for hit in _hits(case, on=on):
        out.setdefault(hit.rule, []).append(hit.detainee.key)
    return out


def test_a_death_sentence_and_a_capital_charge(case: Case) -> None:
    add(case, "HRANA:2", "arrested", "۱۹ دی ۱۴۰۴")
    charged = add(case, "HRANA:2", "charged", "۲۵ دی ۱۴۰۴", charges=("افساد فی‌الارض",))
    add(case, "HRANA:4", "arrested", "۲۱ دی ۱۴۰۴")
    sentenced = add(case, "HRANA:4", "sentenced", "۱۰ بهمن ۱۴۰۴", sentence="حکم اعدام")
    add(case, "HRANA:3", "arrested", "۲۰ دی ۱۴۰۴")
    add(case, "HRANA:3", "charged", "۲۵ دی ۱۴۰۴", charges=("اجتماع و تبانی",))
    hits = {h.detainee.key: h for h in _hits(case) if h.rule == "capital"}
    assert set(hits) == {"HRANA:2", "HRANA:4"}
    assert hits["HRANA:2"].evidence == (charged["step_id"],)
    assert "a capital charge" in hits["HRANA:2"].reason
    assert "a death sentence" in hits["HRANA:4"].reason
    assert hits["HRANA:4"].evidence == (sentenced["step_id"],)
    assert hits["HRANA:4"].last_confirmed == date(2026, 1, 30)


def test_a_minor_held_and_not_once_released(case: Case) -> None:
    add(case, "HRANA:1", "arrested", "۱۸ دی ۱۴۰۴")  # 16 in the list
    assert _rules(case).get("minor_held") == ["HRANA:1"]
    add(case, "HRANA:1", "released", "۳۰ دی ۱۴۰۴")
    assert "minor_held" not in _rules(case)


def test_no_contact_for_more_than_n_days(case: Case) -> None:
    add(case, "HRANA:2", "arrested", "۱۹ دی ۱۴۰۴")  # 2026-01-09
    add(case, "HRANA:2", "whereabouts_unknown", "۲۰ دی ۱۴۰۴")
    add(case, "HRANA:4", "arrested", "۲۱ دی ۱۴۰۴")
    add(case, "HRANA:4", "contact", "۸ بهمن ۱۴۰۴")  # 2026-01-28
    assert not [h for h in _hits(case) if h.rule == "no_contact"]  # 23 days: under 30
    (hit,) = [h for h in _hits(case, WatchRules(no_contact_days=20)) if h.rule == "no_contact"]
    assert hit.detainee.key == "HRANA:2" and hit.last_confirmed == date(2026, 1, 9)
    assert "no contact for 23 days" in hit.reason and "whereabouts unknown since" in hit.reason
    assert not [h for h in _hits(case, WatchRules(no_contact_days=23)) if h.rule == "no_contact"]


def test_the_day_count_runs_across_the_jalali_new_year(case: Case) -> None:
    # 25 Esfand 1404 is 2026-03-16; Nowruz 1405 is 2026-03-21; 10 Farvardin 1405 is 2026-03-30
    add(case, "HRANA:2", "arrested", "۱۹ دی ۱۴۰۴")
    add(case, "HRANA:2", "contact", "۲۵ اسفند ۱۴۰۴")
    rules = WatchRules(no_contact_days=13)
    (hit,) = [h for h in _hits(case, rules, date(2026, 3, 30)) if h.rule == "no_contact"]
    assert "no contact for 14 days" in hit.reason
    assert not [h for h in _hits(case, WatchRules(no_contact_days=14), date(2026, 3, 30))
                if h.rule == "no_contact"]  # fmt: skip


def test_the_cli_counts_days_up_to_a_jalali_day(case: Case, case_dir: Path) -> None:
    add(case, "HRANA:2", "arrested", "۱۹ دی ۱۴۰۴")
    add(case, "HRANA:2", "contact", "۲۵ اسفند ۱۴۰۴")
    case.close()
    (case_dir / "reckon.toml").write_text(
        (case_dir / "reckon.toml").read_text(encoding="utf-8")
        + '\n[watch]\nrules = ["no_contact"]\nno_contact_days = 13\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["watch", str(case_dir), "--json", "--as-of", "۱۰ فروردین ۱۴۰۵"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and '"rule": "no_contact"' in lines[0]
    assert "no contact for 14 days" in lines[0] and '"last_confirmed": "2026-03-16"' in lines[0]


def test_no_lawyer(case: Case) -> None:
    add(case, "HRANA:2", "arrested", "۱۹ دی ۱۴۰۴", lawyer="denied")
    add(case, "HRANA:4", "arrested", "۲۱ دی ۱۴۰۴", lawyer="denied")
    add(case, "HRANA:4", "tried", "۱ بهمن ۱۴۰۴", lawyer="chosen")
    assert _rules(case).get("no_lawyer") == ["HRANA:2"]


def test_a_transfer_to_a_facility_known_for_executions(case: Case) -> None:
    add(case, "HRANA:2", "arrested", "۱۹ دی ۱۴۰۴")
    add(case, "HRANA:2", "transferred", "۲۵ دی ۱۴۰۴", facility="ghezel")  # marked in the register
    add(case, "HRANA:4", "arrested", "۲۱ دی ۱۴۰۴")
    add(case, "HRANA:4", "held", "۲۲ دی ۱۴۰۴", facility="evin")
    assert _rules(case).get("execution_facility") == ["HRANA:2"]
    by_setting = WatchRules(execution_facilities=("evin",))
    listed = [h.detainee.key for h in _hits(case, by_setting) if h.rule == "execution_facility"]
    assert sorted(listed) == ["HRANA:2", "HRANA:4"]


def test_a_televised_confession(case: Case) -> None:
    add(case, "HRANA:2", "arrested", "۱۹ دی ۱۴۰۴")
    shown = add(case, "HRANA:2", "confession_broadcast", "۲۸ دی ۱۴۰۴", source="IRIB", notes="TV")
    (hit,) = [h for h in _hits(case) if h.rule == "televised_confession"]
    assert hit.evidence == (shown["step_id"],) and hit.last_confirmed == date(2026, 1, 18)


def test_an_officials_threat_naming_them(case: Case) -> None:
    add(case, "HRANA:2", "arrested", "۱۹ دی ۱۴۰۴")
    add(case, "HRANA:4", "arrested", "۲۱ دی ۱۴۰۴")
    threat = StatementInput(
        "Prosecutor", "۲۴ دی ۱۴۰۴", "اینها محارب هستند و مجازاتشان اعدام است",
        tags=("threat",), detainees=("HRANA:2",),
    )  # fmt: skip
    other = StatementInput("Prosecutor", "۲۴ دی ۱۴۰۴", "سخن دیگر", detainees=("HRANA:4",))
    (said, _) = add_statements(case, [(None, threat), (None, other)])
    (hit,) = [h for h in _hits(case) if h.rule == "official_threat"]
    assert hit.detainee.key == "HRANA:2" and hit.evidence == (said["statement_id"],)


def test_the_dead_are_not_listed(case: Case) -> None:
    add(case, "HRANA:2", "arrested", "۱۹ دی ۱۴۰۴", lawyer="denied")
    add(case, "HRANA:2", "executed", "۲۵ دی ۱۴۰۴")
    assert _hits(case) == []


def test_rules_that_are_off_list_nothing(case: Case) -> None:
    add(case, "HRANA:1", "arrested", "۱۸ دی ۱۴۰۴", lawyer="none")
    only = WatchRules(rules=("no_lawyer",))
    assert {h.rule for h in _hits(case, only)} == {"no_lawyer"}
    assert {h.rule for h in _hits(case)} == {"no_lawyer", "minor_held"}


def test_the_watch_settings_are_checked(tmp_path: Path) -> None:
    (tmp_path / "reckon.toml").write_text('[watch]\nrules = ["no_contact", "weather"]\n')
    with pytest.raises(SettingsError, match="unknown rule"):
        WatchRules.load(tmp_path)
    (tmp_path / "reckon.toml").write_text("[watch]\nno_contact_days = 0\n")
    with pytest.raises(SettingsError, match="whole number of days"):
        WatchRules.load(tmp_path)
    (tmp_path / "reckon.toml").write_text("[case]\n")
    assert WatchRules.load(tmp_path).rules == RULES


def test_the_list_is_as_the_steps_dated_by_that_day_tell_it(case: Case) -> None:
    add(case, "HRANA:2", "arrested", "۱۹ دی ۱۴۰۴")
    add(case, "HRANA:2", "charged", "بهمن ۱۴۰۴", charges=("محاربه",))  # 2026-01-21 to 02-19
    add(case, "HRANA:2", "released", "۱ اسفند ۱۴۰۴", source="HRANA")  # 2026-02-20
    assert not [h for h in _hits(case, on=date(2026, 1, 20)) if h.rule == "capital"]
    (hit,) = [h for h in _hits(case, on=date(2026, 1, 25)) if h.rule == "capital"]
    assert hit.last_confirmed == date(2026, 1, 25)  # a month's span is not confirmed ahead
    assert hit.detainee.state == "in custody"
    (later,) = [h for h in _hits(case, on=date(2026, 3, 1)) if h.rule == "capital"]
    assert later.detainee.state == "released"

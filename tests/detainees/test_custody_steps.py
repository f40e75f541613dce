"""Custody steps in order: every step after each state, and the order of imprecise dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reckon.detainees.steps import (
    _MOVES,
    BEFORE,
    CUSTODY,
    DEAD,
    FREE,
    FURLOUGH,
    STEPS,
    Dated,
    StepInput,
    Where,
    check_order,
    in_order,
    prepare_step,
)
from reckon.errors import InputError

DAY = date(2026, 1, 8)
# the shortest run of steps that leaves a person in each state
REACH = {
    BEFORE: (),
    CUSTODY: ("arrested",),
    FURLOUGH: ("arrested", "furloughed"),
    FREE: ("arrested", "released"),
    DEAD: ("arrested", "executed"),
}


def _dated(names: tuple[str, ...]) -> list[Dated]:
    return [
        Dated(n, f"day {i}", DAY + timedelta(i), DAY + timedelta(i), i) for i, n in enumerate(names)
    ]


def test_every_step_has_its_move() -> None:
    assert set(_MOVES) == set(STEPS)


@pytest.mark.parametrize("state", list(REACH))
@pytest.mark.parametrize("step", STEPS)
def test_each_step_after_each_state(state: str, step: str) -> None:
    allowed, leaves = _MOVES[step]
    before = REACH[state] + (("sentenced",) if step == "appealed" and state != DEAD else ())
    names = (*before, step)
    implied = state == BEFORE and BEFORE not in allowed  # held first: an arrest is implied
    if state in allowed or implied:
        assert check_order("ngo:1", _dated(names)) == (leaves or (CUSTODY if implied else state))
    else:
        with pytest.raises(InputError, match=f"«{step}» of day {len(before)} cannot come"):
            check_order("ngo:1", _dated(names))


def test_the_first_step_known_may_be_in_custody() -> None:
    assert check_order("ngo:1", _dated(("held", "transferred"))) == CUSTODY
    assert check_order("ngo:1", _dated(("executed",))) == DEAD


def test_an_appeal_needs_a_sentence_before_it() -> None:
    with pytest.raises(InputError, match="no sentence to appeal"):
        check_order("ngo:1", _dated(("arrested", "appealed")))
    assert check_order("ngo:1", _dated(("arrested", "sentenced", "appealed"))) == CUSTODY


def test_a_new_arrest_after_release_opens_custody_again() -> None:
    assert check_order("ngo:1", _dated(("arrested", "released", "arrested", "held"))) == CUSTODY
    with pytest.raises(InputError, match="«held» of day 2 cannot come after «released» of day 1"):
        check_order("ngo:1", _dated(("arrested", "released", "held")))


def test_nothing_but_an_inquiry_follows_a_death() -> None:
    assert check_order("ngo:1", _dated(("arrested", "died_in_custody", "inquiry"))) == DEAD
    with pytest.raises(InputError, match="they are dead"):
        check_order("ngo:1", _dated(("arrested", "executed", "released")))


def test_steps_are_ordered_by_date_not_by_recording() -> None:
    steps = [Dated("held", "20 Dey", DAY + timedelta(2), DAY + timedelta(2), 0),
             Dated("arrested", "18 Dey", DAY, DAY, 1)]  # fmt: skip
    assert [s.step for s in in_order(steps)] == ["arrested", "held"]
    assert check_order("ngo:1", steps) == CUSTODY


def test_a_month_beside_a_day_in_it_follows_the_course_of_a_case() -> None:
    month = Dated("sentenced", "Dey 1404", date(2025, 12, 22), date(2026, 1, 20), 0)
    arrest = Dated("arrested", "18 Dey 1404", DAY, DAY, 1)
    assert [s.step for s in in_order([month, arrest])] == ["arrested", "sentenced"]


def test_a_step_reads_its_date_and_place_and_checks_its_words() -> None:
    step = prepare_step(
        StepInput("ngo:7", "arrested", "۱۸ دی ۱۴۰۴", "family", place="کرمانشاه، اسلام‌آباد غرب")
    )
    assert (step["date_calendar"], step["date_precision"], step["date_start"]) == (
        "jalali", "day", "2026-01-08",
    )  # fmt: skip
    assert step["province_code"] == "IR-05"
    with pytest.raises(InputError, match="row 4, column 'step', value 'jailed': not one of"):
        prepare_step(StepInput("ngo:7", "jailed", "2026-01-08", "x"), where=Where("s.csv", 4))
    with pytest.raises(InputError, match="column '--date', value '32 Dey 1404': not a date"):
        prepare_step(StepInput("ngo:7", "held", "32 Dey 1404", "x"))
    with pytest.raises(InputError, match="source:record_id"):
        prepare_step(StepInput("seven", "held", "2026-01-08", "x"))

"""What the commands here share: JSON Lines on stdout, a date option, the case's
default calendar."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import typer
from rich.console import Console

from reckon.errors import InputError

Adder = Callable[[typer.Typer, str], Callable[[Callable[..., Any]], Callable[..., Any]]]

out = Console(highlight=False, soft_wrap=True)


def emit_json(obj: Any) -> None:
    """One JSON object on one line of stdout."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


def as_of(text: str | None, option: str = "--as-of") -> date:
    """The day an answer is given for: ``text`` read as a date (Jalali or Gregorian,
    to the day), or today (UTC)."""
    if text is None:
        return datetime.now(UTC).date()
    from reckon.errors import DateError
    from reckon.normalize.dates import read_date

    try:
        reading = read_date(text)
    except DateError as exc:
        raise InputError(f"not a date ({exc.reason})", column=option, value=text) from None
    if reading.precision != "day":
        raise InputError("give a day, not a month or a year", column=option, value=text)
    return reading.start

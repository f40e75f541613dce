"""Hostile cells: the normalizers read very long and adversarial text without error and
in time that grows linearly with its length (one 20 KB name once kept an import busy
for minutes: sex inference tried every split point). Figures: bench/normalize_growth.py."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reckon.errors import AgeError, DateError
from reckon.ingest.fields import MAX_CELL
from reckon.normalize import infer_sex, read_age, read_date, read_name, read_place

PIECES = ["محمد", "رضا", "\u200c", "\u064e", "\u0640", "سید", " ", "فرزند", "۱۴۰۴/", "۱۰", "/",
          "mohammad", "reza", "-", "'", "ي", "ك", "ى", "0", "9", "\u202b", "\ufeff"]  # fmt: skip
hostile = st.lists(st.sampled_from(PIECES), min_size=100, max_size=3000).map("".join)


def _read_all(text: str) -> None:
    read_name(text)
    read_place(text)
    infer_sex(text)
    with contextlib.suppress(DateError):
        read_date(text)
    with contextlib.suppress(AgeError):
        read_age(text, event_year=1404)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_long_adversarial_cells_are_read_without_error(text: str) -> None:
    _read_all(text[:MAX_CELL])


def _seconds(fn: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for i in range(5):
        unique = text + "abcde"[i]  # the normalizers cache what they read
        start = time.perf_counter()
        fn(unique)
        best = min(best, time.perf_counter() - start)
    return best


def test_time_grows_linearly_with_the_length_of_a_cell() -> None:
    """16 times the text: linear work takes about 16 times as long, quadratic 256 times.
    The bound (8 times the per-character cost) leaves room for a loaded machine."""
    shapes = {"one word": "محمدرضا", "words": "سید حاج محمد فرزند علی ", "digits": "۱۴۰۴/۱۰/"}
    readers: dict[str, Callable[[str], object]] = {
        "name": read_name,
        "place": read_place,
        "sex": infer_sex,
        "date": lambda t: _quiet(read_date, t),
    }
    short, long = 600, 600 * 16
    for shape, unit in shapes.items():
        for name, fn in readers.items():
            a = _seconds(fn, (unit * short)[:short])
            b = _seconds(fn, (unit * long)[:long])
            per_char = (b / long) / max(a / short, 1e-7)
            assert per_char < 8, f"{name} on {shape}: {per_char:.1f}x per character"


def _quiet(fn: Callable[[str], object], text: str) -> object:
    try:
        return fn(text)
    except DateError:
        return None

"""Spreadsheet formula injection is neutralised in every exported cell."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reckon.exports import FORMULA_STARTS, safe_cell


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+Ali", "'+Ali"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-3", "-3"),  # a plain number stays a number
        ("+1.5", "+1.5"),
        ("علی", "علی"),
        ("", ""),
        (None, ""),
        (14, "14"),
    ],
)
def test_safe_cell(cell: object, shown: str) -> None:
    assert safe_cell(cell) == shown


@given(st.text())
def test_no_cell_leaves_starting_like_a_formula(text: str) -> None:
    out = safe_cell(text)
    assert out.endswith(text)  # nothing is lost: at most a quote is put in front
    if out.startswith(FORMULA_STARTS):
        float(out)  # only plain numbers may start with + or -

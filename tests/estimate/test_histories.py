"""CaptureTable: reading, validation, canonical form and views."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reckon.errors import InputError
from reckon.estimate import CaptureTable
from reckon.estimate.histories import all_patterns, cell_index

KOSOVO = Path(__file__).parents[1] / "data" / "kosovo_aggregate.csv"


def test_kosovo_reads_with_its_published_total() -> None:
    table = CaptureTable.from_csv(KOSOVO)
    assert table.lists == ("EXH", "ABA", "OSCE", "HRW")
    assert table.observed == 4400
    assert table.k == 4
    assert tuple(table.list_sizes) == (1910, 1528, 1786, 685)
    assert table.overlap("EXH", "ABA") == 177 + 181 + 18 + 27
    assert table.overlap(0, 1) == table.overlaps()[0, 1]
    assert table.isolated_lists() == ()


def test_cell_order_puts_the_first_list_fastest() -> None:
    assert all_patterns(3).tolist() == [
        [1, 0, 0],
        [0, 1, 0],
        [1, 1, 0],
        [0, 0, 1],
        [1, 0, 1],
        [0, 1, 1],
        [1, 1, 1],
    ]
    assert cell_index(all_patterns(5)).tolist() == list(range(31))


def test_duplicates_merge_and_zero_rows_drop() -> None:
    pats = np.array([[1, 0], [1, 0], [0, 1], [1, 1], [0, 0]], dtype=np.int8)
    table = CaptureTable(("a", "b"), pats, np.array([2, 3, 0, 4, 0]))
    assert table.patterns.tolist() == [[1, 0], [1, 1]]
    assert table.counts.tolist() == [5, 4]
    assert table.full_cells().tolist() == [5, 0, 4]


def test_frame_round_trip() -> None:
    table = CaptureTable.from_csv(KOSOVO)
    again = CaptureTable.from_frame(table.to_frame())
    assert again.lists == table.lists
    assert again.full_cells().tolist() == table.full_cells().tolist()


def test_memberships() -> None:
    table = CaptureTable.from_memberships([{"a"}, {"a", "b"}, {"b"}, {"b"}, set()], ["a", "b"])
    assert table.full_cells().tolist() == [1, 2, 1]
    with pytest.raises(InputError, match="not one of"):
        CaptureTable.from_memberships([{"c"}], ["a", "b"])


def test_collapse_drops_people_on_none_of_the_kept_lists() -> None:
    table = CaptureTable.from_csv(KOSOVO)
    two = table.collapse(["EXH", "HRW"])
    assert two.lists == ("EXH", "HRW")
    assert two.observed == 1910 + 685 - table.overlap("EXH", "HRW")


@pytest.mark.parametrize(
    ("text", "match", "row", "column"),
    [
        ("a,b,count\n1,2,3\n", "0 or 1", 2, "b"),
        ("a,b,count\n1,0,-1\n", "whole number", 2, "count"),
        ("a,b,count\n1,0,x\n", "whole number", 2, "count"),
        ("a,b,count\n1,0,3\n0,0,5\n", "no list", 3, "count"),
        ("a,b,count\n1,0\n", "expected 3 fields", 2, None),
        ("a,b\n1,0\n", "no 'count' column", 1, None),
    ],
)
def test_bad_csv_names_file_row_column(
    tmp_path: Path, text: str, match: str, row: int, column: str | None
) -> None:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=match) as info:
        CaptureTable.from_csv(path)
    assert info.value.file == str(path)
    assert info.value.row == row
    assert info.value.column == column


def test_zero_count_on_no_list_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b,count\n1,0,3\n0,0,0\n0,1,2\n1,1,1\n", encoding="utf-8")
    assert CaptureTable.from_csv(path).observed == 6


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        CaptureTable.from_csv(tmp_path / "nope.csv")


def test_from_frame_needs_count() -> None:
    with pytest.raises(InputError, match="count"):
        CaptureTable.from_frame(pd.DataFrame({"a": [1], "b": [0]}))


@given(
    st.integers(min_value=1, max_value=6).flatmap(
        lambda k: st.lists(
            st.tuples(
                st.lists(st.integers(0, 1), min_size=k, max_size=k),
                st.integers(0, 50),
            ),
            max_size=30,
        ).map(lambda rows: (k, rows))
    )
)
def test_canonical_form_keeps_every_person(data: tuple[int, list[tuple[list[int], int]]]) -> None:
    k, rows = data
    rows = [(p, c if any(p) else 0) for p, c in rows]
    pats = np.array([p for p, _ in rows], dtype=np.int8).reshape(len(rows), k)
    cnts = np.array([c for _, c in rows], dtype=np.int64)
    table = CaptureTable(tuple(f"l{i}" for i in range(k)), pats, cnts)
    assert table.observed == int(cnts.sum())
    assert (table.counts > 0).all()
    assert int(table.full_cells().sum()) == table.observed
    assert len(np.unique(table.patterns, axis=0)) == len(table.patterns)

"""Reading a filled-in review file: spellings, who decided, and clear errors."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from reckon.errors import BadRows, InputError
from reckon.link.review import PAIR, allocate, read_review_file


def _write(path: Path, rows: list[list[str]], header: list[str] | None = None) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header or [*PAIR, "match_probability", "decision", "reviewer", "reason"])
        writer.writerows(rows)
    return path


def test_decisions_are_read_ordered_and_blank_rows_skipped(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "r.csv",
        [
            ["ngo", "'=7", "hrana", "12", "0.61", "Non-Match", "", "father differs"],
            ["hrana", "3", "ngo", "4", "0.55", "match", "maryam", ""],
            ["hrana", "5", "ngo", "6", "0.50", "", "", ""],
        ],
    )
    decided, skipped = read_review_file(path, reviewer="team")
    assert skipped == 1
    first, second = decided
    # the pair is stored in one order; the formula guard on "=7" is taken off
    assert (first["source_a"], first["record_a"], first["source_b"]) == ("hrana", "12", "ngo")
    assert first["record_b"] == "=7"
    assert first["decision"] == "non_match" and first["reviewer"] == "team"
    assert first["reason"] == "father differs" and first["match_probability"] == "0.61"
    assert second["reviewer"] == "maryam" and second["reason"] is None


def test_unknown_decision_names_row_and_value(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.csv", [["a", "1", "b", "2", "", "perhaps", "x", ""]])
    with pytest.raises(BadRows) as caught:
        read_review_file(path)
    (error,) = caught.value.errors
    assert error.row == 2 and error.value == "perhaps"


def test_every_bad_row_is_listed_at_once_and_nothing_is_read(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "r.csv",
        [
            ["a", "1", "b", "2", "", "perhaps", "x", ""],
            ["a", "3", "b", "4", "", "match", "x", ""],
            ["a", "5", "b", "", "", "yes", "", ""],
            ["a", "7", "b", "8", "", "nonmatch", "", ""],
        ],
    )
    with pytest.raises(BadRows) as caught:
        read_review_file(path)
    found = {(e.row, e.column) for e in caught.value.errors}
    # "yes" and "nonmatch" are known spellings; rows 4 and 5 lack who decided
    assert found == {(2, "decision"), (4, "reviewer"), (4, "record_b"), (5, "reviewer")}
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "row(s) cannot be read" in message
    assert message.count("\n") == len(caught.value.errors)


def test_the_sample_is_shared_among_bands_so_small_bands_do_not_shrink_it() -> None:
    takes = allocate(100, {"low": 1000, "middle": 3, "high": 500})
    assert takes["middle"] == 3 and sum(takes.values()) == 100
    assert abs(takes["low"] - takes["high"]) <= 1
    assert allocate(50, {"a": 10, "b": 20}) == {"a": 10, "b": 20}  # all there is


def test_someone_must_have_decided(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.csv", [["a", "1", "b", "2", "", "match", "", ""]])
    with pytest.raises(InputError, match="who decided"):
        read_review_file(path)


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.csv", [["a", "1"]], header=["source_a", "record_a"])
    with pytest.raises(InputError, match="decision"):
        read_review_file(path)


def test_an_evaluation_sample_keeps_its_weights_and_refuses_a_bad_one(tmp_path: Path) -> None:
    header = [*PAIR, "match_probability", "stratum", "weight", "decision", "reviewer", "reason"]
    good = _write(
        tmp_path / "s.csv",
        [["ngo", "1", "hrana", "2", "0.42", "[0.3, 0.5)", "125.5", "match", "ali", ""]],
        header,
    )
    (label,), _ = read_review_file(good)
    assert label["weight"] == "125.5" and label["stratum"] == "[0.3, 0.5)"
    bad = _write(
        tmp_path / "b.csv",
        [["ngo", "1", "hrana", "2", "0.42", "[0.3, 0.5)", "many", "match", "ali", ""]],
        header,
    )
    with pytest.raises(InputError) as caught:
        read_review_file(bad)
    message = str(caught.value)
    assert "weight" in message and "many" in message and "2" in message


def test_a_sample_without_a_file_to_write_is_one_usage_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from reckon.case import Case
    from reckon.cli import app

    Case.create(tmp_path / "case").close()
    result = CliRunner().invoke(app, ["review", str(tmp_path / "case"), "--sample", "100"])
    assert result.exit_code == 2
    assert "--sample needs --export" in result.output
    assert "Traceback" not in result.output

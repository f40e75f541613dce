"""The case commands through the real entry point: init, import, summary, problems.

Each command runs as a subprocess of the installed ``reckon`` script, the way a
documenter runs it: user errors are one line on stderr and exit 1, never a
traceback; usage errors exit 2.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
RECKON = Path(sys.executable).parent / "reckon"
# the tests share one case: keep them on one xdist worker
pytestmark = pytest.mark.xdist_group("cli_case")

ENV = {**os.environ, "RECKON_PASSPHRASE": "correct horse battery staple", "COLUMNS": "200"}


def reckon(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(RECKON), *map(str, args)],
        capture_output=True,
        text=True,
        env=env or ENV,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "case"
    result = reckon("init", path)
    assert result.returncode == 0, result.stderr
    assert (path / "reckon.toml").exists() and (path / "vault" / "objects").is_dir()
    return path


def test_import_says_which_mapping_it_used_and_twice_is_a_no_op(case: Path) -> None:
    first = reckon("import", case, DATA / "utf8_bom.csv", "--source", "list A", "--kind", "ngo")
    assert first.returncode == 0, first.stderr
    assert "mapping (recognised headers):" in first.stdout
    assert "given_name='نام'" in first.stdout
    assert "4 records imported, 0 rejected" in first.stdout
    again = reckon("import", case, DATA / "utf8_bom.csv", "--source", "list A", "--kind", "ngo")
    assert again.returncode == 0
    assert "already imported" in again.stdout and "nothing changed" in again.stdout
    summary = json.loads(reckon("summary", case, "--json").stdout)
    assert summary["by_source"]["list A"] == 4 and summary["by_kind"]["ngo"] >= 4
    assert summary["by_province"]["IR-23"] >= 1


def test_unrecognised_columns_print_a_mapping_to_complete(case: Path, tmp_path: Path) -> None:
    result = reckon("import", case, DATA / "unrecognised.csv", "--source", "u", "--kind", "ngo")
    line = one_error_line(result)
    assert "mapping" in line
    template = tomllib.loads(result.stdout)  # the template alone is on stdout, valid TOML
    assert template["options"] == {"calendar": "auto"}
    completed = result.stdout.replace('# full_name = ""', 'full_name = "col_a"')
    (tmp_path / "m.toml").write_text(completed, encoding="utf-8")
    ok = reckon(
        "import", case, DATA / "unrecognised.csv", "--source", "u", "--kind", "ngo",
        "--mapping", tmp_path / "m.toml", "--json",
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    report = json.loads(ok.stdout)
    assert report["records_imported"] == 1
    assert report["mapping"]["columns"] == {"full_name": "col_a"}


def test_problems_are_located_and_rejects_are_listed(case: Path) -> None:
    result = reckon("import", case, DATA / "garbled.csv", "--source", "g", "--kind", "family")
    assert result.returncode == 0, result.stderr
    assert "3 records imported, 1 rejected" in result.stdout
    assert "garbled.csv, row 2, column 'age', value '250':" in result.stderr
    listed = [json.loads(line) for line in reckon("problems", case, "--json").stdout.splitlines()]
    assert {"file", "row", "column", "value", "reason", "severity"} <= set(listed[0])
    assert any(
        p["file"] == "garbled.csv" and p["row"] == 3 and p["column"] == "date" for p in listed
    )
    # the rejects file beside the case neutralises formulas (tests/ingest checks its cells)
    rejects = next(line for line in result.stdout.splitlines() if "rejected rows" in line)
    assert Path(rejects.split(": ", 1)[1].strip()).is_file()


def test_strict_imports_nothing(case: Path) -> None:
    before = _records(case)
    result = reckon(
        "import", case, DATA / "broken_quote.csv", "--source", "b", "--kind", "media", "--strict"
    )
    assert "--strict" in one_error_line(result)
    assert _records(case) == before


def _records(case_dir: Path) -> int:
    from sqlalchemy import func, select

    from reckon.case import Case
    from reckon.store.schema import records

    case = Case.open(case_dir)
    with case.engine.connect() as conn:
        n = int(conn.execute(select(func.count()).select_from(records)).scalar_one())
    case.engine.dispose()
    return n


def test_a_file_that_is_not_a_table_is_one_clear_line(case: Path) -> None:
    result = reckon("import", case, DATA / "not_a_table.png", "--source", "p", "--kind", "other")
    assert "not a table" in one_error_line(result)


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("import", "{case}", DATA / "not_a_table.pdf", "--source", "p", "--kind", "other"),
         "not a table"),
        (("import", "{case}", DATA / "missing.csv", "--source", "p", "--kind", "other"),
         "cannot read the file"),
        (("import", "{case}", DATA, "--source", "p", "--kind", "other"), "cannot read the file"),
        (("import", "{case}", DATA / "tab.tsv", "--source", "p", "--kind", "rumour"),
         "--kind must be one of"),
        (("import", "{case}", DATA / "tab.tsv", "--source", "p", "--kind", "ngo",
          "--encoding", "klingon"), "unknown encoding"),
        (("import", "{case}", DATA / "tab.tsv", "--source", "p", "--kind", "ngo",
          "--delimiter", "ab"), "--delimiter must be one character"),
        (("import", "{case}", DATA / "tab.tsv", "--source", "p", "--kind", "ngo",
          "--mapping", DATA / "tab.tsv"), "not valid TOML"),
        (("import", "{case}", DATA / "tab.tsv", "--source", "p", "--kind", "ngo",
          "--id-column", "nope"), "is not a column"),
        (("summary", DATA), "not a reckon case"),
        (("problems", DATA / "missing"), "not a reckon case"),
        (("init", "{case}"), "a case already exists"),
    ],
)  # fmt: skip
def test_bad_input_is_one_clear_line(case: Path, args: tuple[object, ...], reason: str) -> None:
    # in-process through typer's runner: the same app, without a process start per case
    from typer.testing import CliRunner

    from reckon.cli import app

    result = CliRunner().invoke(app, [str(a).replace("{case}", str(case)) for a in args], env=ENV)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and reason in lines[0]


def test_markup_in_a_value_is_printed_not_interpreted(case: Path, tmp_path: Path) -> None:
    odd = tmp_path / "[bold]odd[red].csv"
    odd.write_bytes(b"")
    assert "[bold]odd[red].csv" in one_error_line(
        reckon("import", case, odd, "--source", "x", "--kind", "ngo")
    )


def test_usage_errors_exit_2(case: Path) -> None:
    result = reckon("import", case, DATA / "tab.tsv", "--kind", "ngo")  # no --source
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_init_without_a_passphrase_is_a_user_error(tmp_path: Path) -> None:
    env = {k: v for k, v in ENV.items() if k != "RECKON_PASSPHRASE"}
    line = one_error_line(reckon("init", tmp_path / "c", env=env))
    assert "RECKON_PASSPHRASE" in line
    assert not (tmp_path / "c").exists()


@pytest.mark.postgres
def test_a_case_on_postgresql(tmp_path: Path, postgres_url: str) -> None:
    path = tmp_path / "case"
    assert reckon("init", path, "--db", postgres_url).returncode == 0
    assert postgres_url in (path / "reckon.toml").read_text(encoding="utf-8")
    result = reckon("import", path, DATA / "cp1256.csv", "--source", "w", "--kind", "morgue")
    assert result.returncode == 0, result.stderr
    assert "4 records imported" in result.stdout and "cp1256" in result.stdout
    summary = json.loads(reckon("summary", path, "--json").stdout)
    assert summary["records"] == 4 and summary["by_kind"] == {"morgue": 4}


def test_json_mapping_needed_is_one_json_object(case: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from reckon.cli import app

    odd = tmp_path / "odd.csv"
    odd.write_text("col_x,col_y\nAli Rezaei,23\n", encoding="utf-8")
    args = ["import", str(case), str(odd), "--source", "u2", "--kind", "ngo"]
    result = CliRunner().invoke(app, [*args, "--json"], env=ENV)
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert "mapping" in payload["error"]
    assert tomllib.loads(payload["mapping_template"])["options"]["calendar"] == "auto"

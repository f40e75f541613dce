"""Names and file names cannot drive the terminal or fake a line (issue 12).

Run against the code before this change (``PYTHONPATH=/work/main/src``), the file
name below reached the terminal raw: its ESC sequence cleared the screen and its
newline printed a line of its own, "OK: 0 faults".
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reckon.cli import app

EVIL = "photo\nOK: 0 faults\x1b[2J\x1b]0;owned\x07\r\u202egpj.exe"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _witness(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECKON_WITNESS_DIR", str(tmp_path_factory.mktemp("witness")))


def test_control_characters_are_escaped_and_persian_is_not() -> None:
    from reckon.errors import InputError, printable  # here: the CLI tests run on older code

    shown = printable(EVIL)
    assert "\n" not in shown and "\x1b" not in shown and "\r" not in shown
    assert "\u202e" not in shown and "\x07" not in shown
    assert shown.startswith("photo\\nOK: 0 faults\\x1b[2J")
    name = "علی‌رضا محمدی"  # with a zero-width non-joiner, as Persian is written
    assert printable(name) == name
    assert printable("two\nlines", lines=True) == "two\nlines"
    # an error naming a file is one line
    assert "\n" not in printable(InputError("not a file", file=EVIL))


def _raw_controls(text: str) -> list[str]:
    return [ch for ch in text if ch in "\x1b\r\x07\u202e"]


def test_file_names_with_newlines_and_escapes_reach_the_terminal_escaped(tmp_path: Path) -> None:
    case = tmp_path / "case"
    assert runner.invoke(app, ["init", str(case)]).exit_code == 0
    evil = tmp_path / EVIL
    evil.write_bytes(b"a photo")
    added = runner.invoke(app, ["evidence", "add", str(case), str(evil), "--description", EVIL])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["evidence", "list", str(case)])
    for result in (added, listed):
        assert not _raw_controls(result.output), repr(result.output)
        assert not any(line.startswith("OK: 0 faults") for line in result.output.splitlines())
        assert "photo\\nOK: 0 faults\\x1b[2J" in result.output


def test_a_planted_file_name_in_a_package_is_shown_escaped(tmp_path: Path) -> None:
    package = tmp_path / "package.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("manifest.json", "{}")
        zf.writestr("checkpoint.json", "{}")
        zf.writestr("checkpoint.sig", "")
        zf.writestr("SHA256SUMS", "")
        zf.writestr("files/" + EVIL.replace("\u202e", ""), b"x")
    package.write_bytes(buffer.getvalue())
    result = runner.invoke(app, ["verify-package", str(package)])
    assert result.exit_code == 1
    assert not _raw_controls(result.output), repr(result.output)
    assert not any(line.startswith("OK") for line in result.output.splitlines())

"""A command line without surprises (issue 16), through the installed ``reckon`` script:
--version, clean flag help, empty results said in words, province names beside codes,
a passphrase asked at a terminal, a mended import said as such."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from .test_cli_case import DATA, ENV, RECKON, reckon

pytestmark = pytest.mark.xdist_group("cli_surprises")


def test_version_is_an_option_that_works() -> None:
    result = reckon("--version")
    assert result.returncode == 0, result.stderr
    from reckon import __version__

    assert result.stdout.strip() == f"reckon {__version__}"


@pytest.mark.parametrize("command", ["import", "link", "estimate", "review", "report", "export"])
def test_flag_help_shows_no_type_placeholder_for_switches(command: str) -> None:
    result = reckon(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "<bool>" not in result.stdout and "BOOLEAN" not in result.stdout


def test_empty_results_and_province_names(tmp_path: Path) -> None:
    case = tmp_path / "case"
    assert reckon("init", case).returncode == 0
    empty = reckon("problems", case)
    assert empty.returncode == 0 and empty.stdout.strip().startswith("no problems")
    imported = reckon("import", case, DATA / "utf8_bom.csv", "--source", "a", "--kind", "ngo")
    assert imported.returncode == 0, imported.stderr
    summary = reckon("summary", case)
    assert "IR-23 Tehran" in summary.stdout, summary.stdout


def test_a_mended_import_says_what_it_replaced(tmp_path: Path) -> None:
    case = tmp_path / "case"
    assert reckon("init", case).returncode == 0
    listed = tmp_path / "victims.csv"
    listed.write_text("Victim,Where,Fecha\nAli Rezaei,Tehran,1404/10/18\n", encoding="utf-8")
    first = reckon("import", case, listed, "--source", "ngo", "--kind", "ngo")
    assert "not read" in first.stdout and "Fecha" in first.stdout
    same = reckon("import", case, listed, "--source", "ngo", "--kind", "ngo")
    assert "nothing changed; to read it another way give a --mapping" in same.stdout
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        '[columns]\nfull_name = "Victim"\nplace = "Where"\ndate = "Fecha"\n', encoding="utf-8"
    )
    mended = reckon(
        "import", case, listed, "--source", "ngo", "--kind", "ngo", "--mapping", mapping
    )
    assert mended.returncode == 0, mended.stderr
    assert "read again: this is version 2 of the import, replacing 1 record(s)" in mended.stdout
    assert reckon("verify", case).returncode == 0


# the signing key's passphrase twice, then the reader key's (another one) twice
ANSWERS = [b"tidal-Mango-74-quarry-lantern"] * 2 + [b"velvet-Orbit-19-canyon-thistle"] * 2


def test_init_asks_for_the_passphrase_at_a_terminal(tmp_path: Path) -> None:
    """No RECKON_PASSPHRASE: at a terminal, init asks for the signing key's passphrase
    and the reader key's (each twice) and makes the case."""
    env = {k: v for k, v in ENV.items() if "PASSPHRASE" not in k}
    env["HOME"] = str(tmp_path)
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [str(RECKON), "init", str(tmp_path / "c")],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        close_fds=True,
    )
    os.close(child)
    seen = b""
    answers = 0
    answered_at = 0
    deadline = time.monotonic() + 300  # two Argon2 keys on a loaded machine
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 0.2)
            if ready:
                try:
                    seen += os.read(main, 1024)
                except OSError:
                    break
            # answer once the prompt has turned echo off: what is typed before is flushed
            # ... and only to a prompt written since the last answer: until the child has
            # read that answer, echo is still off and the old prompt still the last text
            hidden = not termios.tcgetattr(main)[3] & termios.ECHO
            fresh = seen[answered_at:].rstrip().endswith(b":")
            if hidden and fresh and answers < len(ANSWERS):
                os.write(main, ANSWERS[answers] + b"\n")
                answers += 1
                answered_at = len(seen)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        os.close(main)
    assert proc.returncode == 0, seen.decode(errors="replace")
    assert b"Passphrase" in seen and answers == len(ANSWERS)
    assert (tmp_path / "c" / "reckon.toml").exists()


if sys.platform != "linux":  # pty is POSIX; CI is Debian
    pytestmark = pytest.mark.skip("needs a pseudo-terminal")

"""`reckon user add/list/disable` on the command line, and the switch to Persian."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.web.conftest import PASSWORD, TestClient, login
from typer.testing import CliRunner

from reckon.case import Case
from reckon.cli import app


def test_user_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Case.create(tmp_path / "c").close()
    runner = CliRunner()
    monkeypatch.setenv("RECKON_USER_PASSWORD", PASSWORD)
    done = runner.invoke(app, ["user", "add", str(tmp_path / "c"), "maryam", "--role", "reviewer"])
    assert done.exit_code == 0, done.output
    assert "added maryam (reviewer), signing key" in done.output
    done = runner.invoke(app, ["user", "add", str(tmp_path / "c"), "x", "--role", "boss"])
    assert done.exit_code == 1 and "role must be one of" in done.output
    assert "Traceback" not in done.output
    monkeypatch.setenv("RECKON_USER_PASSWORD", "short")
    done = runner.invoke(app, ["user", "add", str(tmp_path / "c"), "y", "--role", "viewer"])
    assert done.exit_code == 1 and "at least 10 characters" in done.output
    done = runner.invoke(app, ["user", "disable", str(tmp_path / "c"), "maryam"])
    assert done.exit_code == 0
    listed = runner.invoke(app, ["user", "list", str(tmp_path / "c")]).output
    assert "maryam\treviewer\t" in listed and "disabled" in listed
    with Case.open(tmp_path / "c") as case:
        holders = {i.author for i in case.vault.identities().values()}
    assert "maryam" in holders  # the key's addition is in the log


def test_persian_interface(app_for: Callable[..., TestClient]) -> None:
    client = app_for()
    token = login(client, "viewer")
    page = client.post("/lang", data={"csrf": token, "lang": "fa", "next": "/records"}).text
    assert 'dir="rtl"' in page and 'lang="fa"' in page
    assert "سوابق" in page and "۱۸ دی ۱۴۰۴" in page  # Jalali first, Persian digits
    assert "<bdi>" in page
    # the choice is the user's: it holds at the next login
    again = app_for()
    login(again, "viewer")
    assert 'dir="rtl"' in again.get("/").text
    client.post("/lang", data={"csrf": token, "lang": "en", "next": "//evil.example"})

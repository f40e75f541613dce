"""The docs say what the code does: docs/cli.md is the commands' own help, every command
of the DESIGN.md contract exists, and the README's quick start is the two commands."""

from __future__ import annotations

from pathlib import Path

from reckon.clidocs import render

ROOT = Path(__file__).resolve().parents[1]

# The command-line contract of DESIGN.md (`reckon serve`, the web app, is not built yet).
CONTRACT = [
    "init", "import", "summary", "normalize", "link", "review", "export", "estimate",
    "estimate-table", "report", "verify", "bundle export", "bundle import", "synth", "demo",
    "watch", "statement add", "statement search", "export-wgeid",
]  # fmt: skip


def test_cli_docs_are_current() -> None:
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == render(), "docs/cli.md is stale: run `make docs`"


def test_every_contract_command_exists() -> None:
    documented = render()
    for name in CONTRACT:
        assert f"## `reckon {name}`" in documented, name


def test_readme_quick_start_is_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick.strip().splitlines()]
    assert commands == ["make demo", "make test"]

"""`reckon link` through the real entry point on a tiny case: notes, no traceback, exit 0."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
from tests.link.adapting import without_columns

from reckon.synth import generate

RECKON = Path(sys.executable).parent / "reckon"
ENV = {**os.environ, "RECKON_PASSPHRASE": "correct horse battery staple", "COLUMNS": "200"}


def _reckon(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(RECKON), *map(str, args)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def test_ten_records_of_two_lists_without_fathers_names_link(tmp_path: Path) -> None:
    generate(tmp_path / "synth", people=12, sources=2, seed=1)
    lists = without_columns(tmp_path / "synth", tmp_path / "lists", ("father",))
    case = tmp_path / "case"
    assert _reckon("init", case).returncode == 0
    for row in pd.read_csv(lists / "sources.csv").itertuples():
        file = lists / str(row.file)
        done = _reckon("import", case, file, "--source", str(row.name), "--kind", str(row.kind))
        assert done.returncode == 0, done.stderr
    linked = _reckon("link", case)
    assert linked.returncode == 0, linked.stderr
    assert "Traceback" not in linked.stderr + linked.stdout
    lines = linked.stdout.strip().splitlines()
    assert lines[0].startswith("linked ") and "model trained and saved" in lines[0]
    notes = [line for line in lines[1:] if line.startswith("note: ")]
    assert any("fathers' names" in n for n in notes) and any("stated priors" in n for n in notes)
    # the model saved after skipped sessions is reused by the next run, as JSON too
    again = _reckon("link", case, "--json")
    assert again.returncode == 0, again.stderr
    result = json.loads(again.stdout)
    assert result["trained"] is False and result["notes"] == []
    assert 0 < result["persons"] <= result["records"] <= 14

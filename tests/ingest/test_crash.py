"""An import killed at a random moment leaves the case as it was, or fully imported.

The import runs as a real ``reckon import`` subprocess and gets SIGKILL (no
cleanup, no Ctrl-C handler) at a moment drawn from a seeded generator between
the start of its writing (the list stored in the vault) and a little past the
time a whole import's writing takes. Afterwards the case, opened again
(which replays an event that was logged but not yet committed), holds either
none of the list or all of it, and importing the list again completes it or
says it is already there.
"""

from __future__ import annotations

import csv
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from reckon.case import Case
from reckon.errors import CaseError
from reckon.ingest.importer import import_file
from reckon.store.schema import imports, problems, records

RECKON = Path(sys.executable).parent / "reckon"
ROWS = 2000
TRIALS = 3
GIVEN = ["علی", "مریم", "حسین", "زهرا", "رضا", "فاطمه", "محمد", "سارا", "امیر", "نگار"]
FAMILY = ["رضایی", "احمدی", "کریمی", "موسوی", "حسینی", "نوری", "صادقی", "جعفری"]
PROVINCES = ["تهران", "اصفهان", "فارس", "خوزستان", "کرمانشاه", "گیلان"]


def _env() -> dict[str, str]:
    return dict(os.environ)  # RECKON_PASSPHRASE is set by the tests' conftest


def _write_list(path: Path, rng: random.Random, rows: int = ROWS) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ردیف", "نام", "نام خانوادگی", "سن", "تاریخ", "استان"])
        for i in range(1, rows + 1):
            writer.writerow(
                [
                    i,
                    rng.choice(GIVEN),
                    rng.choice(FAMILY),
                    rng.randint(12, 80),
                    f"1404/10/{rng.randint(1, 30)}",
                    rng.choice(PROVINCES),
                ]
            )


def _import(case: Path, file: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(RECKON), "import", str(case), str(file), "--source", "s", "--kind", "ngo"],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


TABLES = (("records", records), ("imports", imports), ("problems", problems))


def _state(case_dir: Path) -> dict[str, int]:
    """Open the case (replaying a logged, uncommitted import) and count what it holds."""
    case = Case.open(case_dir)
    try:
        with case.engine.connect() as conn:
            return {
                name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                for name, table in (
                    ("records", records),
                    ("imports", imports),
                    ("problems", problems),
                )
            }
    finally:
        case.engine.dispose()


def _object(case_dir: Path, file: Path) -> Path:
    sha = hashlib.sha256(file.read_bytes()).hexdigest()
    return case_dir / "vault" / "objects" / sha[:2] / sha[2:]


def _until_stored(proc: subprocess.Popen[bytes], stored: Path) -> float:
    """Wait until the list is in the vault: the import's writing starts right after."""
    while not stored.exists() and proc.poll() is None:
        time.sleep(0.002)
    return time.monotonic()


@pytest.mark.slow
def test_sigkill_midway_leaves_nothing_or_everything(tmp_path: Path) -> None:
    rng = random.Random(20260108)
    file = tmp_path / "list.csv"
    _write_list(file, rng)
    pristine = tmp_path / "pristine"
    Case.create(pristine, author="tester").engine.dispose()

    # one import to completion: how long its writing takes and what it leaves
    whole = tmp_path / "whole"
    shutil.copytree(pristine, whole)
    proc = _import(whole, file)
    writing_starts = _until_stored(proc, _object(whole, file))
    assert proc.wait(timeout=300) == 0
    writing = time.monotonic() - writing_starts
    complete = _state(whole)
    assert complete["records"] == ROWS and complete["imports"] == 1

    outcomes = []
    for trial in range(TRIALS):
        case_dir = tmp_path / f"trial{trial}"
        shutil.copytree(pristine, case_dir)
        proc = _import(case_dir, file)
        # the first trial dies while reading the list; the others while (or just after) writing
        if trial:
            _until_stored(proc, _object(case_dir, file))
            time.sleep(writing * rng.uniform(0.0, 1.2))
        else:
            time.sleep(0.3)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        after = _state(case_dir)
        assert after in ({"records": 0, "imports": 0, "problems": 0}, complete), after
        outcomes.append("all" if after == complete else "none")
        # the list can always be imported (again): it completes, or is already there
        case = Case.open(case_dir)
        report = import_file(case, file, source="s", kind="ngo")
        case.engine.dispose()
        assert report.already_imported == (outcomes[-1] == "all")
        assert _state(case_dir) == complete
    print(f"killed imports left: {outcomes}")


def test_ctrl_c_between_log_and_commit_finishes_the_import(tmp_path: Path) -> None:
    """The narrowest window, hit on purpose: the event is logged, the commit never runs."""
    file = tmp_path / "list.csv"
    _write_list(file, random.Random(7), rows=50)
    case = Case.create(tmp_path / "case", author="tester")
    logged = case.vault.append_events  # the change and its state digest, in one append

    def append_then_die(items: object) -> object:
        case.vault.append_events = logged  # type: ignore[method-assign]
        logged(items)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # as if the power went out before the commit

    case.vault.append_events = append_then_die  # type: ignore[method-assign]
    with pytest.raises(CaseError, match="it is now complete"):
        import_file(case, file, source="s", kind="ngo")  # finished from the log at once
    case.engine.dispose()
    assert _state(tmp_path / "case")["records"] == 50
    again = Case.open(tmp_path / "case")
    assert import_file(again, file, source="s", kind="ngo").already_imported


def test_a_crash_between_log_and_commit_is_replayed_on_open(tmp_path: Path) -> None:
    file = tmp_path / "list.csv"
    _write_list(file, random.Random(8), rows=40)
    case = Case.create(tmp_path / "case", author="tester")
    logged = case.vault.append_events

    def append_then_die(items: object) -> object:
        logged(items)  # type: ignore[arg-type]
        raise SystemExit(1)  # the process ends before the commit, nothing catches it

    # the change and its state digest are appended together (events.state)
    case.vault.append_events = append_then_die  # type: ignore[method-assign]
    with pytest.raises(SystemExit):
        import_file(case, file, source="s", kind="ngo")
    case.engine.dispose()
    assert _state(tmp_path / "case")["records"] == 40  # replayed from the log on open


@pytest.mark.slow
def test_ctrl_c_while_writing_says_so_and_leaves_nothing_or_everything(tmp_path: Path) -> None:
    file = tmp_path / "list.csv"
    _write_list(file, random.Random(3), rows=1000)
    case_dir = tmp_path / "case"
    Case.create(case_dir, author="tester").engine.dispose()
    proc = subprocess.Popen(
        [str(RECKON), "import", str(case_dir), str(file), "--source", "s", "--kind", "ngo"],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _until_stored(proc, _object(case_dir, file))
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert b"Traceback" not in stderr
    said = stderr.decode().strip()
    if proc.returncode == 130:  # stopped before the import reached the log
        assert said.startswith("interrupted: nothing was changed")
        assert _state(case_dir)["records"] == 0
    elif proc.returncode == 1:  # stopped after: finished from the log
        assert said.endswith("it is now complete")
        assert _state(case_dir)["records"] == 1000
    else:
        assert proc.returncode == 0  # it had finished before the signal came
        assert _state(case_dir)["records"] == 1000

"""An import killed at a random moment leaves the case as it was, or fully imported.

The import runs as a real ``reckon import`` subprocess and gets SIGKILL (no
cleanup, no Ctrl-C handler) at a moment drawn from a seeded generator between
its start and the time a whole import takes. Afterwards the case, opened again
(which replays an event that was logged but not yet committed), holds either
none of the list or all of it, and importing the list again completes it.
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

RECKON = Path(sys.executable).parent / "reckon"
ROWS = 4000
TRIALS = 5
GIVEN = ["علی", "مریم", "حسین", "زهرا", "رضا", "فاطمه", "محمد", "سارا", "امیر", "نگار"]
FAMILY = ["رضایی", "احمدی", "کریمی", "موسوی", "حسینی", "نوری", "صادقی", "جعفری"]
PROVINCES = ["تهران", "اصفهان", "فارس", "خوزستان", "کرمانشاه", "گیلان"]


def _env() -> dict[str, str]:
    return dict(os.environ)  # RECKON_PASSPHRASE is set by the tests' conftest


def _write_list(path: Path, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ردیف", "نام", "نام خانوادگی", "سن", "تاریخ", "استان"])
        for i in range(1, ROWS + 1):
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


def _summary(case: Path) -> dict[str, int]:
    result = subprocess.run(
        [str(RECKON), "summary", str(case), "--json"],
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(result.stdout)
    return {k: int(data[k]) for k in ("records", "imports", "problems")}


@pytest.mark.slow
def test_sigkill_midway_leaves_nothing_or_everything(tmp_path: Path) -> None:
    rng = random.Random(20260108)
    file = tmp_path / "list.csv"
    _write_list(file, rng)
    pristine = tmp_path / "pristine"
    subprocess.run([str(RECKON), "init", str(pristine)], env=_env(), check=True)

    # one import to completion: how long it takes and what it leaves
    whole = tmp_path / "whole"
    shutil.copytree(pristine, whole)
    started = time.monotonic()
    assert _import(whole, file).wait(timeout=300) == 0
    duration = time.monotonic() - started
    complete = _summary(whole)
    assert complete["records"] == ROWS and complete["imports"] == 1

    outcomes = []
    for trial in range(TRIALS):
        case = tmp_path / f"trial{trial}"
        shutil.copytree(pristine, case)
        proc = _import(case, file)
        time.sleep(rng.uniform(0.05, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        after = _summary(case)
        assert after in ({"records": 0, "imports": 0, "problems": 0}, complete), after
        outcomes.append("all" if after == complete else "none")
        # the list can always be imported (again): it completes, or is already there
        assert _import(case, file).wait(timeout=300) == 0
        assert _summary(case) == complete
    print(f"killed imports left: {outcomes}")

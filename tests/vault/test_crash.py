"""Crash tests: SIGKILL at random moments during a list import, evidence add and bundle
import. After each kill the case is opened (which replays what the log has and the
database lacks) and must verify, and hold all or none of the interrupted work.

The work runs in a forked child so that each trial costs the operation, not a
Python start-up; the parent kills it at a moment drawn uniformly over the
operation's measured duration.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from reckon.case import Case
from reckon.events.evidence import add_evidence
from reckon.events.verify import verify_case as verify_vault  # the database too
from reckon.store.schema import evidence, imports, records, sources
from reckon.vault.bundles import export_bundle

from .conftest import PASSPHRASE

pytestmark = pytest.mark.slow

TRIALS = {"import": 18, "evidence": 18, "bundle": 16}
HEADER = "ردیف,نام,نام خانوادگی,نام پدر,سن,جنسیت,تاریخ,استان,شهر,علت\n"


def _list_file(folder: Path, trial: int, rows: int = 60) -> Path:
    rng = random.Random(trial)
    names = ["علی", "مریم", "حسین", "زهرا", "رضا", "فاطمه"]
    lines = [HEADER]
    for i in range(rows):
        lines.append(
            f"{i + 1},{rng.choice(names)},رضایی{trial},حسن,{rng.randint(15, 70)},مرد,"
            f"۱۴۰۴/۱۰/{rng.randint(10, 29)},تهران,تهران,\n"
        )
    path = folder / f"list-{trial}.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _run_and_kill(work: Callable[[], None], after: float | None) -> bool:
    """Run ``work`` in a child; SIGKILL it ``after`` seconds in. True if it finished."""
    pid = os.fork()
    if pid == 0:  # the child: do the work, leave without running the parent's cleanup
        code = 0
        try:
            work()
        except BaseException:
            code = 1
        os._exit(code)
    if after is not None:
        time.sleep(after)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def _count(case: Case, stmt: object) -> int:
    with case.engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())  # type: ignore[call-overload]


def _kinds(case: Case) -> list[str]:
    return [e.kind for e in case.vault.events()]


def _check(case_dir: Path) -> Case:
    case = Case.open(case_dir)  # replays any event the database lacks
    report = verify_vault(case_dir)
    assert report.ok, report.faults
    return case


def _duration(work: Callable[[], None]) -> float:
    start = time.perf_counter()
    assert _run_and_kill(work, None)
    return time.perf_counter() - start


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    Case.create(tmp_path / "case", author="A", passphrase=PASSPHRASE).close()
    return tmp_path / "case"


def test_sigkill_during_list_import(case_dir: Path, tmp_path: Path) -> None:
    from reckon.ingest.importer import import_file

    rng = random.Random(6)

    def importer(trial: int) -> Callable[[], None]:
        path = _list_file(tmp_path, trial)

        def work() -> None:
            with Case.open(case_dir) as case:
                import_file(case, path, source=f"ngo-{trial}", kind="ngo")

        return work

    full = _duration(importer(0))
    for trial in range(1, TRIALS["import"] + 1):
        _run_and_kill(importer(trial), rng.uniform(0, full * 1.2))
        with _check(case_dir) as case:
            done = _count(
                case,
                select(func.count()).select_from(sources).where(sources.c.name == f"ngo-{trial}"),
            )
            logged = _kinds(case).count("import")
            assert logged == _count(case, select(func.count()).select_from(imports))
            if done:
                got = _count(
                    case,
                    select(func.count())
                    .select_from(records)
                    .join(sources, sources.c.id == records.c.source_id)
                    .where(sources.c.name == f"ngo-{trial}"),
                )
                assert got == 60  # all of the list, or (done == 0) none of it


def test_sigkill_during_evidence_add(case_dir: Path, tmp_path: Path) -> None:
    rng = random.Random(7)

    def adder(trial: int) -> Callable[[], None]:
        files = []
        for j in range(3):
            path = tmp_path / f"video-{trial}-{j}.mp4"
            path.write_bytes(os.urandom(512 << 10))
            files.append(path)

        def work() -> None:
            with Case.open(case_dir) as case:
                add_evidence(case, files, {"collected_by": "A", "witness": "W"})

        return work

    full = _duration(adder(0))
    for trial in range(1, TRIALS["evidence"] + 1):
        _run_and_kill(adder(trial), rng.uniform(0, full * 1.2))
        with _check(case_dir) as case:
            events = _kinds(case).count("evidence.added")
            rows = _count(case, select(func.count()).select_from(evidence))
            assert rows == 3 * events  # each add is three files, all or none


def test_sigkill_during_bundle_import(case_dir: Path, tmp_path: Path) -> None:
    rng = random.Random(8)
    base = Case.open(case_dir)
    fingerprint = base.vault.checkpoint().fingerprint
    base.close()
    other = tmp_path / "device-b"
    shutil.copytree(case_dir, other)
    bundles = []
    with Case.open(other) as device_b:
        for trial in range(TRIALS["bundle"] + 1):
            path = tmp_path / f"b-{trial}.bin"
            path.write_bytes(os.urandom(512 << 10))
            add_evidence(device_b, [path], {"collected_by": "B"})
            out = tmp_path / f"{trial}.bundle"
            export_bundle(device_b.vault, out, since=fingerprint)
            bundles.append(out)

    def importer(trial: int) -> Callable[[], None]:
        def work() -> None:
            from reckon.events.bundles import import_into_case

            with Case.open(case_dir) as case:
                import_into_case(case, bundles[trial])

        return work

    full = _duration(importer(0))
    for trial in range(1, TRIALS["bundle"] + 1):
        _run_and_kill(importer(trial), rng.uniform(0, full * 1.2))
        with _check(case_dir) as case:
            carried = sum(
                1
                for e in case.vault.events()
                if e.kind == "bundle.imported"
                for _ in e.payload["events"]
                if '"kind":"evidence.added"' in _
            )
            rows = _count(case, select(func.count()).select_from(evidence))
            assert rows == carried  # the carried evidence is in the database, or not logged

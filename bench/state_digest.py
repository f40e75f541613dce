"""How long the state digest and ``reckon verify``'s database check take on a big case.

Builds (once) a synthetic case with ``reckon synth --people N`` and imports every
list through the real import path (each import logs its digest), then times:

* the digest of every table (``store.digest.digest_tables``), streamed;
* ``verify_case`` (what ``reckon verify`` runs): the vault (objects, events,
  signatures, checkpoints) and the database check (applied events against the
  log, every table's digest against the log's last ``state.digest``).

    .venv/bin/python bench/state_digest.py --dir /tmp/reckon-digest --people 600000

``--postgres URL`` builds the case on PostgreSQL (an empty database or schema).
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

import pandas as pd

from reckon.case import Case
from reckon.events.verify import verify_case
from reckon.ingest.importer import import_file
from reckon.store.digest import digest_tables
from reckon.synth import generate


def _build(case_dir: Path, people: int, db: str | None) -> None:
    lists = case_dir.with_name(case_dir.name + "-lists")
    if not (lists / "sources.csv").exists():
        start = time.perf_counter()
        generate(lists, people=people, sources=3, seed=11)
        print(f"synth: {time.perf_counter() - start:.1f} s")
    with Case.create(case_dir, db=db, passphrase="bench", synthetic=True) as case:
        for row in pd.read_csv(lists / "sources.csv").itertuples():
            start = time.perf_counter()
            report = import_file(
                case, lists / str(row.file), source=str(row.name), kind=str(row.kind)
            )
            took = time.perf_counter() - start
            print(f"import {row.name}: {report.records_imported} records in {took:.1f} s")


def _timed(label: str, fn: object) -> object:
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    result = fn()  # type: ignore[operator]
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    used = (after.ru_utime - cpu.ru_utime) + (after.ru_stime - cpu.ru_stime)
    print(f"{label}: {wall:.2f} s wall, {used:.2f} s CPU (this process); load {os.getloadavg()}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, default=Path("/tmp/reckon-digest"))
    parser.add_argument("--people", type=int, default=600_000)
    parser.add_argument("--postgres", default=None)
    args = parser.parse_args()
    os.environ.setdefault("RECKON_PASSPHRASE", "bench passphrase")
    if not (args.dir / "reckon.toml").exists():
        _build(args.dir, args.people, args.postgres)
    with Case.open(args.dir) as case, case.engine.connect() as conn:
        digests = _timed("digest of every table", lambda: digest_tables(conn))
        for name, d in sorted(digests.items()):  # type: ignore[attr-defined]
            if d.rows:
                print(f"  {name}: {d.rows} rows")
    report = _timed("verify (vault and database)", lambda: verify_case(args.dir))
    print(f"  ok={report.ok} events={report.events} faults={report.faults[:3]}")  # type: ignore[attr-defined]
    _timed("verify without objects", lambda: verify_case(args.dir, objects=False))


if __name__ == "__main__":
    main()

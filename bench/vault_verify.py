"""Verifying a log of a million events.

    PYTHONPATH=src .venv/bin/python bench/vault_verify.py [--events 1000000] [--workers 2 1]

Builds a vault whose log holds ``--events`` events (payloads like a record
edit, ~200-byte lines) with the real API: ``Vault.append_events`` in
transactions of ``--batch`` events, each transaction one signed tree head.
Then times ``verify_vault`` over the log, its tree heads and checkpoints
(objects excluded: there are none), and ``reckon verify`` end to end in a
fresh process (start-up, every check, the report). Prints one JSON line per
run; the build's time is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from reckon.vault import Vault
from reckon.vault.verify import verify_vault

BATCH = 20_000


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def build(folder: Path, n: int, batch: int = BATCH) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    # a synthetic log: the passphrase guards nothing real
    vault = Vault.create(folder, author="bench", passphrase="bench", weak_passphrase=True)
    done = 1
    while done < n:
        count = min(batch, n - done)
        vault.append_events(
            (
                "record.edit",
                {"target": f"morgue:{done + i}", "field": "age", "value": str(20 + i % 50)},
            )
            for i in range(count)
        )
        done += count
    vault.checkpoint()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[2, 1])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/reckon-bench-verify"))
    parser.add_argument("--batch", type=int, default=BATCH, help="events per transaction")
    parser.add_argument("--keep", action="store_true", help="reuse a log already built")
    args = parser.parse_args()
    # what verify remembers as seen stays beside the bench's case, not in the home folder
    os.environ.setdefault("RECKON_WITNESS_DIR", str(args.dir.parent / "reckon-bench-witness"))
    log = args.dir / "vault/log/events.log"
    if not (args.keep and log.exists()):
        start = time.perf_counter()
        build(args.dir, args.events, args.batch)
        print(
            json.dumps(
                {"built_events": args.events, "build_s": round(time.perf_counter() - start, 1)}
            )
        )
    for workers in args.workers:
        cpu0 = _cpu()
        start = time.perf_counter()
        report = verify_vault(args.dir, workers=workers, objects=False)
        elapsed = time.perf_counter() - start
        cpu = _cpu() - cpu0
        assert report.ok, report.faults[:5]
        print(
            json.dumps(
                {
                    "events": report.events,
                    "log_MB": round(log.stat().st_size / 1e6, 1),
                    "workers": workers,
                    "verify_s": round(elapsed, 2),
                    "us_per_event": round(elapsed / report.events * 1e6, 1),
                    # CPU seconds of this process and its workers: wall time is inflated
                    # when other jobs share the 2 cores; cpu_s / workers is the wall time
                    # the same work needs on idle cores.
                    "cpu_s": round(cpu, 1),
                    "heads": report.heads,
                    "load_avg_1min": os.getloadavg()[0],
                }
            )
        )
    # `reckon verify` as a person runs it: a new process, the whole check, the report
    cpu0 = _cpu()
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", "from reckon.cli import main; main()", "verify", str(args.dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    assert done.returncode == 0, done.stdout + done.stderr
    print(
        json.dumps(
            {
                "command": "reckon verify",
                "wall_s": round(elapsed, 2),
                "cpu_s": round(_cpu() - cpu0, 1),
                "said": done.stdout.strip().splitlines()[-1][:60],
                "load_avg_1min": os.getloadavg()[0],
            }
        )
    )


if __name__ == "__main__":
    main()

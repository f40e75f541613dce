"""Time and peak memory of ``reckon synth`` at 100,000 and 1,000,000 records (5 sources).

Each size runs in a fresh process so its peak resident memory is its own.
Usage: ``.venv/bin/python bench/synth_bench.py [--sizes 100000 1000000]``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time

RECORDS_PER_PERSON = 1.63  # five sources, default styles: 1.63–1.69 by seed (regional coverage)


def one(records: int, seed: int) -> dict[str, float]:
    from reckon.synth import generate

    people = round(records / RECORDS_PER_PERSON)
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        manifest = generate(out, people=people, sources=5, seed=seed)
        seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "people": people,
        "records": manifest.records,
        "seconds": seconds,
        # CPU time says what wall time would be on an idle machine (one core is used)
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.seed)))
        return
    for size in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(size), "--seed", str(args.seed)]
        result = json.loads(subprocess.run(cmd, check=True, capture_output=True).stdout)
        print(
            f"{result['records']:>9,} records ({result['people']:,} people, 5 sources): "
            f"{result['seconds']:.1f} s wall, {result['cpu_seconds']:.1f} s CPU (whole process), "
            f"peak {result['peak_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()

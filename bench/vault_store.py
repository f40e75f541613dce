"""Storing a gigabyte of files in the vault, against sha256sum on the same files.

    .venv/bin/python bench/vault_store.py [--gib 1.0] [--files 64] [--rounds 3]

The files are random bytes, written once and read once so that both
contenders find them in the page cache. sha256sum reads and hashes; the vault
reads, hashes, writes a copy and fsyncs it (into a fresh vault each round).
Rounds alternate the two so that load from other jobs falls on both; the
ratio is of median wall times, and CPU seconds are reported beside them.
Target: vault throughput >= 70% of sha256sum's. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import time
from pathlib import Path

from reckon.vault import Vault


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gib", type=float, default=1.0)
    parser.add_argument("--files", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/reckon-bench-store"))
    args = parser.parse_args()
    shutil.rmtree(args.dir, ignore_errors=True)
    src = args.dir / "files"
    src.mkdir(parents=True)
    size = int(args.gib * (1 << 30)) // args.files
    paths = []
    for i in range(args.files):
        path = src / f"f{i:03d}.bin"
        path.write_bytes(os.urandom(size))
        paths.append(path)
    total = size * args.files
    subprocess.run(["sha256sum", *map(str, paths)], check=True, capture_output=True)  # warm
    sums, stores, sum_cpu, store_cpu = [], [], [], []
    for r in range(args.rounds):
        c0, t0 = _cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run(["sha256sum", *map(str, paths)], check=True, capture_output=True)
        sums.append(time.perf_counter() - t0)
        sum_cpu.append(_cpu(resource.RUSAGE_CHILDREN) - c0)
        vault = Vault.create(
            args.dir / f"case{r}", author="bench", passphrase="bench", weak_passphrase=True
        )
        c0, t0 = _cpu(resource.RUSAGE_SELF), time.perf_counter()
        for path in paths:
            vault.put_file(path)
        stores.append(time.perf_counter() - t0)
        store_cpu.append(_cpu(resource.RUSAGE_SELF) - c0)
        shutil.rmtree(args.dir / f"case{r}")
    t_sum, t_vault = statistics.median(sums), statistics.median(stores)
    result = {
        "bytes": total,
        "files": args.files,
        "sha256sum_s": [round(x, 2) for x in sums],
        "vault_s": [round(x, 2) for x in stores],
        "sha256sum_MBps": round(total / t_sum / 1e6, 1),
        "vault_MBps": round(total / t_vault / 1e6, 1),
        "ratio": round(t_sum / t_vault, 3),
        "sha256sum_cpu_s": round(statistics.median(sum_cpu), 2),
        "vault_cpu_s": round(statistics.median(store_cpu), 2),
        "load_avg_1min": os.getloadavg()[0],
    }
    print(json.dumps(result))
    shutil.rmtree(args.dir, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Storing a gigabyte of files in the vault, against sha256sum on the same files.

    .venv/bin/python bench/vault_store.py [--gib 1.0] [--files 64] [--dir /tmp/reckon-bench]

The files are random bytes (written once, then read once so both contenders
find them in the page cache). sha256sum reads and hashes; the vault reads,
hashes, writes a copy and fsyncs it, so the target is >= 70% of sha256sum's
throughput. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from reckon.vault import Vault


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gib", type=float, default=1.0)
    parser.add_argument("--files", type=int, default=64)
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
    start = time.perf_counter()
    subprocess.run(["sha256sum", *map(str, paths)], check=True, capture_output=True)
    t_sum = time.perf_counter() - start
    vault = Vault.create(args.dir / "case", author="bench", passphrase="bench")
    start = time.perf_counter()
    for path in paths:
        vault.put_file(path)
    t_vault = time.perf_counter() - start
    result = {
        "bytes": total,
        "files": args.files,
        "sha256sum_s": round(t_sum, 3),
        "sha256sum_MBps": round(total / t_sum / 1e6, 1),
        "vault_s": round(t_vault, 3),
        "vault_MBps": round(total / t_vault / 1e6, 1),
        "ratio": round(t_sum / t_vault, 3),
    }
    print(json.dumps(result))
    shutil.rmtree(args.dir, ignore_errors=True)


if __name__ == "__main__":
    main()

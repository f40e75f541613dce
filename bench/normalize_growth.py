"""How the normalizers' time grows with the length of one hostile cell (issue 16).

A cell is bounded at ``reckon.ingest.fields.MAX_CELL`` characters on import, but
each normalizer must still be linear in its input: one 20 KB name with no spaces
once kept an import busy for minutes (sex inference tried every split point).
For each normalizer and each shape of input, the time at 1,000 to 100,000
characters, and the ratio of time per character between the longest and the
shortest (about 1 for linear; the length ratio, 100, for quadratic).

    python bench/normalize_growth.py [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from collections.abc import Callable

from reckon.errors import AgeError, DateError
from reckon.normalize import infer_sex, read_age, read_date, read_name, read_place

SHAPES: dict[str, Callable[[int], str]] = {
    "one Persian word": lambda n: ("محمدرضا" * n)[:n],
    "one Latin word": lambda n: ("mohammadreza" * n)[:n],
    "words and titles": lambda n: ("سید حاج محمد فرزند علی " * n)[:n],
    "digits and separators": lambda n: ("۱۴۰۴/۱۰/۱۸ " * n)[:n],
    "marks and joiners": lambda n: ("\u200cم\u064e\u0640" * n)[:n],
}


def _tolerant(fn: Callable[[str], object]) -> Callable[[str], object]:
    def run(text: str) -> object:
        try:
            return fn(text)
        except (DateError, AgeError):
            return None

    return run


NORMALIZERS: dict[str, Callable[[str], object]] = {
    "read_name": read_name,
    "read_place": read_place,
    "read_date": _tolerant(read_date),
    "read_age": _tolerant(lambda t: read_age(t, event_year=1404)),
    "infer_sex": lambda t: infer_sex(t),
}
LENGTHS = (1_000, 10_000, 100_000)


def _time(fn: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for i in range(3):
        unique = text[:-1] + "abc"[i]  # the normalizers cache: each run reads a new text
        start = time.perf_counter()
        fn(unique)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    rows = []
    for name, fn in NORMALIZERS.items():
        for shape, make in SHAPES.items():
            seconds = [_time(fn, make(n)) for n in LENGTHS]
            ratio = (seconds[-1] / LENGTHS[-1]) / max(seconds[0] / LENGTHS[0], 1e-12)
            rows.append({"normalizer": name, "input": shape, "seconds": seconds, "ratio": ratio})
            shown = " ".join(f"{s * 1e3:9.2f}" for s in seconds)
            print(f"{name:11} {shape:22} ms at {LENGTHS}: {shown}  per-char ratio {ratio:5.1f}")
    meta = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load": os.getloadavg(),
        "lengths": LENGTHS,
    }
    print(f"load average {meta['load'][0]:.2f}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"meta": meta, "rows": rows}, fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()

"""Normalize a million names and a million dates, as ``reckon import`` would, and time it.

The rows are synthetic (seeded): given names from the package lexicon, family
names built from them with the usual suffixes, in Persian script (some with
Arabic letter forms, some with a title) or in Latin spellings; dates in six
written forms over two years. Real lists repeat values, and so do these; the
readers' caches are cleared first, so every distinct value is read once.

    .venv/bin/python bench/normalize_million.py [--rows 1000000] [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import random
import time

import jdatetime

from reckon.normalize import name_key, read_date, read_name
from reckon.normalize.lexicon import given_names

SUFFIXES_FA = ["ی", "ی", "ی", "‌زاده", "‌پور", "یان", "‌نژاد", ""]
SUFFIXES_LA = ["i", "i", "i", "zadeh", "pour", "ian", "nejad", ""]
TITLES = ["سید ", "سیده ", "حاج ", "شهید ", "Seyed ", "Haj ", "Dr. "]


def make_names(rng: random.Random, n: int) -> list[str]:
    lexicon = given_names()
    out = []
    for _ in range(n):
        fa, _sex, latin = rng.choice(lexicon)
        fam_fa, _s, fam_latin = rng.choice(lexicon)
        k = rng.randrange(len(SUFFIXES_FA))
        if rng.random() < 0.5:
            name = f"{fa} {fam_fa}{SUFFIXES_FA[k]}"
            if rng.random() < 0.2:
                name = name.replace("ی", "ي").replace("ک", "ك")
            if rng.random() < 0.1:
                name = rng.choice(TITLES[:4]) + name
        else:
            name = f"{rng.choice(latin)} {rng.choice(fam_latin)}{SUFFIXES_LA[k]}"
            if rng.random() < 0.1:
                name = rng.choice(TITLES[4:]) + name
        out.append(name)
    return out


def make_dates(rng: random.Random, n: int) -> list[str]:
    start = dt.date(2024, 3, 20)
    fa_months = jdatetime.date.j_months_fa
    out = []
    for _ in range(n):
        d = start + dt.timedelta(days=rng.randrange(730))
        j = jdatetime.date.fromgregorian(date=d)
        form = rng.randrange(6)
        if form == 0:
            out.append(f"{j.year}/{j.month:02d}/{j.day:02d}")
        elif form == 1:
            digits = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
            out.append(f"{j.day} {fa_months[j.month - 1]} {j.year}".translate(digits))
        elif form == 2:
            out.append(d.isoformat())
        elif form == 3:
            out.append(d.strftime("%d %b %Y"))
        elif form == 4:
            out.append(f"{j.day:02d}-{j.month:02d}-{j.year}")
        else:
            out.append(f"{fa_months[j.month - 1]} {j.year}")
    return out


def _work(chunk: tuple[list[str], list[str]]) -> tuple[int, int, float, float]:
    """Read one share of the rows; returns distinct keys, Jalali dates and CPU seconds."""
    names, dates = chunk
    for fn in (read_name, name_key, read_date):
        fn.cache_clear()
    t0 = time.process_time()
    keys = {read_name(n).key for n in names}
    t1 = time.process_time()
    jalali = sum(read_date(d).calendar == "jalali" for d in dates)
    return len(keys), jalali, t1 - t0, time.process_time() - t1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    names, dates = make_names(rng, args.rows), make_dates(rng, args.rows)
    w = args.workers
    chunks = [(names[i::w], dates[i::w]) for i in range(w)]
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(w) as pool:
        results = pool.map(_work, chunks)
    wall = time.perf_counter() - t0
    cpu_names = sum(r[2] for r in results)
    cpu_dates = sum(r[3] for r in results)
    print(f"rows: {args.rows:,} names and {args.rows:,} dates, seed {args.seed}, {w} workers")
    print(f"distinct: {len(set(names)):,} names, {len(set(dates)):,} dates")
    print(f"CPU: names {cpu_names:.1f} s, dates {cpu_dates:.1f} s (summed over workers)")
    print(f"wall: {wall:.1f} s (load average {load:.1f} when it started)")


if __name__ == "__main__":
    main()

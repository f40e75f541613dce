"""Normalize 100,000 list rows field by field, as ``reckon import`` does, on one core.

Each synthetic row (seeded) has a given name, a family name, a father's name,
a date of death, a place, an age and a sex, written the ways lists write them;
columns repeat values as real lists do. Caches are cleared first.

    .venv/bin/python bench/normalize_rows.py [--rows 100000] [--seed 11]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import contextlib

from normalize_million import make_dates, make_names
from reckon.errors import AgeError, DateError
from reckon.normalize import (
    infer_sex,
    read_age,
    read_date,
    read_name,
    read_place,
    read_sex,
)

SEXES = ["مرد", "زن", "M", "F", "male", "female", ""]
AGES = [*map(str, range(1, 80)), "۱۷ ساله", "نوجوان", "minor", "1385", "25 yrs"]


def make_places(rng: random.Random, n: int) -> list[str]:
    text = resources.files("reckon.normalize").joinpath("data/counties.csv").read_text("utf-8")
    counties = list(csv.DictReader(text.splitlines()))
    out = []
    for _ in range(n):
        c = rng.choice(counties)
        out.append(rng.choice([c["county_fa"], c["county_en"], f"بیمارستان امام {c['county_fa']}"]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    full = make_names(rng, args.rows)
    given = [n.split()[0] for n in make_names(rng, args.rows)]
    family = [n.split()[-1] for n in full]
    fathers = [n.split()[0] for n in make_names(rng, args.rows)]
    dates = make_dates(rng, args.rows)
    places = make_places(rng, args.rows)
    ages = [rng.choice(AGES) for _ in range(args.rows)]
    sexes = [rng.choice(SEXES) for _ in range(args.rows)]
    for fn in (read_name, read_date, read_place, read_age, read_sex):
        fn.cache_clear()
    t0 = time.perf_counter()
    for i in range(args.rows):
        g = read_name(given[i])
        read_name(family[i])
        read_name(fathers[i])
        with contextlib.suppress(DateError):
            read_date(dates[i])
        read_place(places[i])
        with contextlib.suppress(AgeError):
            read_age(ages[i], event_year=1404)
        if read_sex(sexes[i]) is None:
            infer_sex(g.canonical, g.honorifics)
    wall = time.perf_counter() - t0
    print(f"rows: {args.rows:,} (7 fields each), seed {args.seed}")
    print(f"wall: {wall:.1f} s on one core ({wall / args.rows * 1e6:.0f} µs per row)")


if __name__ == "__main__":
    main()

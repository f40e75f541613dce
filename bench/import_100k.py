"""Time `reckon import` end to end on a 100,000-row messy Persian list.

    .venv/bin/python bench/import_100k.py [--rows 100000] [--seed 7] [--postgres URL] [--profile]

Writes a synthetic list (Persian names, Jalali dates in Persian or Latin digits,
ages, provinces and cities, a share of garbled values and blank rows) to a
temporary folder, creates a case there and runs the real `reckon import`
command as a subprocess, timing it from start to exit (interpreter start,
reading, normalizing, the database transaction, the signed log event).
With --profile, runs the import in-process under cProfile instead and prints
the top functions by cumulative time.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

# the synthetic bench cases' passphrase: strong enough for the key check, guards nothing real
BENCH_PASSPHRASE = "synthetic bench case, tidal mango quarry lantern 74"

RECKON = Path(sys.executable).parent / "reckon"


def _words(text: str) -> list[str]:
    return text.split()


GIVEN = _words(
    "علی محمد حسین رضا مهدی امیر سعید حمید مجید جواد کاظم مرتضی مصطفی ابوالفضل عباس "
    "میلاد پویا آرمان سینا کیان نیما بهزاد فرهاد یوسف اکبر اصغر حسن جعفر صادق هادی "
    "مریم زهرا فاطمه سارا نگار مهسا نازنین الهام لیلا شیما مینا پریسا ژیلا نرگس سمیرا "
    "معصومه طاهره کبری رقیه سکینه"
)
FAMILY = _words(
    "رضایی احمدی کریمی موسوی حسینی محمدی نوری صادقی جعفری قاسمی رحیمی کاظمی هاشمی "
    "عباسی اکبری بهرامی یوسفی شریفی مرادی نجفی سلیمانی فرهادی کرمی زارعی نظری "
    "امیری طاهری باقری حیدری ملکی صفری کریم‌زاده حسن‌پور علی‌نژاد میرزایی رستمی "
    "خسروی نیک‌پور شجاعی"
)
PLACES = [
    ("تهران", "تهران"),
    ("اصفهان", "اصفهان"),
    ("فارس", "شیراز"),
    ("خوزستان", "اهواز"),
    ("کرمانشاه", "کرمانشاه"),
    ("گیلان", "رشت"),
    ("خراسان رضوی", "مشهد"),
    ("آذربایجان شرقی", "تبریز"),
    ("کردستان", "سنندج"),
    ("سیستان و بلوچستان", "زاهدان"),
    ("لرستان", "خرم‌آباد"),
    ("البرز", "کرج"),
]
CAUSES = ["گلوله", "ضرب و شتم", "گلوله جنگی", "ساچمه", "نامعلوم", ""]
FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
HEADER = ["ردیف", "نام", "نام خانوادگی", "نام پدر", "سن", "جنسیت", "تاریخ", "استان", "شهر", "علت"]


def write_list(path: Path, rows: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for i in range(1, rows + 1):
            if rng.random() < 0.002:
                writer.writerow([""] * len(HEADER))  # a blank row
                continue
            given = GIVEN[rng.integers(len(GIVEN))]
            province, city = PLACES[rng.integers(len(PLACES))]
            day = int(rng.integers(1, 31))
            date = f"1404/10/{day:02d}" if rng.random() < 0.8 else f"{day} دی ۱۴۰۴"
            age = str(int(rng.integers(8, 80)))
            if rng.random() < 0.5:
                date, age = date.translate(FA_DIGITS), age.translate(FA_DIGITS)
            if rng.random() < 0.01:
                age = "۲۵۰"  # an impossible age: imported with the field empty
            if rng.random() < 0.01:
                date = "نامشخص"
            writer.writerow(
                [
                    i,
                    given,
                    FAMILY[rng.integers(len(FAMILY))],
                    GIVEN[rng.integers(30)],
                    age,
                    "" if rng.random() < 0.3 else ("مرد" if rng.random() < 0.85 else "زن"),
                    date,
                    province if rng.random() < 0.9 else "",
                    city,
                    CAUSES[rng.integers(len(CAUSES))],
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--postgres",
        default=None,
        metavar="URL",
        help="PostgreSQL database to use (in a fresh schema, dropped afterwards), "
        "e.g. postgresql://postgres@127.0.0.1:5432/test; default: SQLite",
    )
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "RECKON_PASSPHRASE": os.environ.get("RECKON_PASSPHRASE", BENCH_PASSPHRASE)}
    with tempfile.TemporaryDirectory() as tmp, _database(args.postgres) as db:
        file, case = Path(tmp) / "list.csv", Path(tmp) / "case"
        write_list(file, args.rows, args.seed)
        init = [str(RECKON), "init", str(case)] + (["--db", db] if db else [])
        subprocess.run(init, env=env, check=True, capture_output=True)
        if args.profile:
            profile(case, file, env)
            return
        command = [str(RECKON), "import", str(case), str(file), "--source", "bench"]
        started, cpu_before = time.perf_counter(), _children_cpu()
        result = subprocess.run(
            [*command, "--kind", "ngo", "--json"], env=env, capture_output=True, text=True
        )
        seconds = time.perf_counter() - started
        # CPU time of the import process: what wall time would be on an idle machine
        cpu = _children_cpu() - cpu_before
        if result.returncode != 0:
            sys.exit(f"import failed: {result.stderr}")
        report = json.loads(result.stdout)
        size = file.stat().st_size
        backend = "PostgreSQL" if db else "SQLite"
    print(
        f"{args.rows} rows ({size / 1e6:.1f} MB) -> "
        f"{report['records_imported']} records, {len(report['problems'])} problems, "
        f"{report['blank_rows']} blank rows: {seconds:.1f} s end to end "
        f"({args.rows / seconds:,.0f} rows/s), {cpu:.1f} s CPU, on {backend}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )


@contextmanager
def _database(postgres: str | None) -> Iterator[str | None]:
    """None for SQLite, or the PostgreSQL URL confined to a schema made for this run."""
    if postgres is None:
        yield None
        return
    import psycopg

    schema = f"reckon_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{postgres}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(postgres, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def profile(case: Path, file: Path, env: dict[str, str]) -> None:
    import cProfile
    import pstats

    os.environ.update(env)
    from reckon.case import Case
    from reckon.ingest.importer import import_file

    opened = Case.open(case)
    with cProfile.Profile() as prof:
        import_file(opened, file, source="bench", kind="ngo")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()

"""A small hand-made set of records for the link tests (synthetic, no real person).

Each person is written by up to three sources, in Persian or Latin script, with
the kinds of variation real lists have: a typo in a key, a missing father's name,
an age a year off, a date a few days off, a city left out. Two different men named
Mohammad Hosseini from the same city are here on purpose.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

GIVEN = [
    ("محمد", "mohammad", "m"),
    ("علی", "ali", "m"),
    ("حسین", "hossein", "m"),
    ("رضا", "reza", "m"),
    ("مهدی", "mehdi", "m"),
    ("امیر", "amir", "m"),
    ("فاطمه", "fatemeh", "f"),
    ("زهرا", "zahra", "f"),
    ("مهسا", "mahsa", "f"),
    ("نیکا", "nika", "f"),
    ("سارینا", "sarina", "f"),
    ("کیان", "kian", "m"),
]
FAMILY = [
    ("حسینی", "hosseini"),
    ("محمدی", "mohammadi"),
    ("کریمی", "karimi"),
    ("رضایی", "rezaei"),
    ("احمدی", "ahmadi"),
    ("جعفری", "jafari"),
    ("امینی", "amini"),
    ("صادقی", "sadeghi"),
    ("مرادی", "moradi"),
    ("رحیمی", "rahimi"),
    ("کاظمی", "kazemi"),
    ("قربانی", "ghorbani"),
    ("پیرفلک", "pirfalak"),
    ("شاکرمی", "shakarami"),
    ("اسماعیل‌زاده", "esmailzadeh"),
]
FATHER = [
    ("حسن", "hasan"),
    ("جواد", "javad"),
    ("اکبر", "akbar"),
    ("مجید", "majid"),
    ("ناصر", "naser"),
    ("کریم", "karim"),
]
PLACES = [
    ("IR-23", "تهران", "تهران"),
    ("IR-07", "شیراز", "شیراز"),
    ("IR-15", "زاهدان", "زاهدان"),
    ("IR-12", "رشت", "رشت"),
    ("IR-10", "اصفهان", "اصفهان"),
]
SOURCES = [("morgue", "morgue", "g1"), ("hrana", "ngo", "g2"), ("family", "family", "g3")]


def _typo(key: str, rng: np.random.Generator) -> str:
    i = int(rng.integers(1, len(key)))
    return key[:i] + key[i + 1 :]


def make_records(n_people: int = 60, seed: int = 7) -> pd.DataFrame:
    """Records of ``n_people`` people, with ``truth`` (the person) as a column."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, object]] = []
    people = []
    for _ in range(n_people):
        g = GIVEN[int(rng.integers(len(GIVEN)))]
        people.append(
            {
                "given": g,
                "family": FAMILY[int(rng.integers(len(FAMILY)))],
                "father": FATHER[int(rng.integers(len(FATHER)))],
                "age": int(rng.integers(14, 60)),
                "day": date(2026, 1, 1) + timedelta(days=int(rng.integers(0, 20))),
                "place": PLACES[int(rng.integers(len(PLACES)))],
            }
        )
    # two different men with the same common name, same city, different fathers and ages
    for k, (father, age) in enumerate(((FATHER[0], 22), (FATHER[3], 41))):
        people[k].update(given=GIVEN[0], family=FAMILY[0], father=father, age=age, place=PLACES[0])
    for p, person in enumerate(people):
        chosen = [s for s in SOURCES if rng.random() < 0.7] or [SOURCES[0]]
        if rng.random() < 0.1:
            chosen.append(chosen[0])  # a duplicate inside one source
        for source, kind, group in chosen:
            latin = rng.random() < 0.35
            g_fa, g_key, sex = person["given"]  # type: ignore[misc]
            f_fa, f_key = person["family"]  # type: ignore[misc]
            fa_fa, fa_key = person["father"]  # type: ignore[misc]
            if rng.random() < 0.1:
                f_key = _typo(f_key, rng)
            father_missing = rng.random() < 0.25
            province, county, city = person["place"]  # type: ignore[misc]
            day = person["day"] + timedelta(
                days=int(rng.integers(-2, 3)) if rng.random() < 0.3 else 0
            )  # type: ignore[operator]
            rows.append(
                {
                    "id": len(rows) + 1,
                    "source": source,
                    "source_kind": kind,
                    "independence_group": group,
                    "source_record_id": f"{source[:1]}{len(rows) + 1}",
                    "full_name": f"{g_key} {f_key}" if latin else f"{g_fa} {f_fa}",
                    "given_name": g_key if latin else g_fa,
                    "family_name": f_key if latin else f_fa,
                    "father_name": None if father_missing else (fa_key if latin else fa_fa),
                    "given_canon": None if latin else g_fa,
                    "family_canon": None if latin else f_fa,
                    "father_canon": None if (latin or father_missing) else fa_fa,
                    "name_canonical": None if latin else f"{g_fa} {f_fa}",
                    "name_key": f"{g_key} {f_key}",
                    "given_key": g_key,
                    "family_key": f_key,
                    "father_key": None if father_missing else fa_key,
                    "script": "latin" if latin else "fa",
                    "sex": sex,
                    "age": person["age"] + int(rng.integers(-1, 2) if rng.random() < 0.2 else 0),  # type: ignore[operator]
                    "birth_year": None,
                    "event_type": "killed",
                    "date_precision": "day",
                    "date_start": day,
                    "date_end": day,
                    "province_code": province,
                    "county": county,
                    "city": None if rng.random() < 0.2 else city,
                    "truth": p,
                }
            )
    return pd.DataFrame(rows)

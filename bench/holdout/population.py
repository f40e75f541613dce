"""The people: who died, when, where, and what they were called."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from holdout import names, places

# The crackdown: a first day and the waves after it (day offset, share of deaths).
FIRST_DAY = date(2025, 11, 15)
PEAKS = ((0, 0.30), (1, 0.22), (2, 0.12), (6, 0.08))
SPREAD = (-10, 40)  # the remaining deaths, uniformly over these days around FIRST_DAY


@dataclass(frozen=True)
class Person:
    pid: str
    sex: str  # "male" / "female"
    age: int
    given: names.Part
    family: int  # index into names.FAMILIES
    father: names.Part
    seyyed: bool
    haj: bool
    province: int  # index into places.PROVINCES
    city: int
    day: date
    latent: int  # visibility class


def _ages(rng: np.random.Generator, n: int) -> np.ndarray:
    group = rng.choice(3, size=n, p=[0.08, 0.72, 0.20])
    child = rng.integers(7, 18, size=n)
    young = np.minimum(16 + rng.gamma(2.5, 4.0, size=n), 45).astype(int)
    older = rng.integers(35, 71, size=n)
    return np.where(group == 0, child, np.where(group == 1, young, older))


def _days(rng: np.random.Generator, n: int) -> list[date]:
    shares = [s for _, s in PEAKS]
    pick = rng.choice(len(PEAKS) + 1, size=n, p=[*shares, 1 - sum(shares)])
    spread = rng.integers(SPREAD[0], SPREAD[1] + 1, size=n)
    offsets = np.where(pick < len(PEAKS), [PEAKS[min(k, len(PEAKS) - 1)][0] for k in pick], spread)
    return [FIRST_DAY + timedelta(days=int(o)) for o in offsets]


def _family_probabilities() -> np.ndarray:
    """P(family | province): regional names concentrate where they belong."""
    base = np.array([f.weight for f in names.FAMILIES])
    out = np.empty((len(places.PROVINCES), len(base)))
    for p, prov in enumerate(places.PROVINCES):
        factor = np.array(
            [
                1.0 if not f.regions else (8.0 if prov.code in f.regions else 0.15)
                for f in names.FAMILIES
            ]
        )
        w = base * factor
        out[p] = w / w.sum()
    return out


def draw(rng: np.random.Generator, n: int, classes: list[tuple[float, float]]) -> list[Person]:
    """``n`` people; ``classes``: (share, visibility effect) of each latent class."""
    ages = _ages(rng, n)
    female = rng.random(n) < np.where(ages < 18, 0.20, 0.11)
    days = _days(rng, n)
    province = rng.choice(len(places.PROVINCES), size=n, p=places.PROVINCE_WEIGHTS)
    latent = rng.choice(len(classes), size=n, p=[s for s, _ in classes])
    men = names.MEN_WEIGHTS
    given_m = rng.choice(len(names.MEN), size=n, p=men)
    given_f = rng.choice(len(names.WOMEN), size=n, p=names.WOMEN_WEIGHTS)
    fathers = rng.choice(len(names.MEN), size=n, p=names.FATHER_WEIGHTS)
    fam_p = _family_probabilities()
    people = []
    for i in range(n):
        prov = places.PROVINCES[province[i]]
        city = int(rng.choice(len(prov.cities), p=places.city_weights(len(prov.cities))))
        fam = int(rng.choice(len(names.FAMILIES), p=fam_p[province[i]]))
        seyyed = bool(rng.random() < names.FAMILIES[fam].seyyed)
        people.append(
            Person(
                pid=f"H{i + 1:07d}",
                sex="female" if female[i] else "male",
                age=int(ages[i]),
                given=names.WOMEN[given_f[i]] if female[i] else names.MEN[given_m[i]],
                family=fam,
                father=names.MEN[fathers[i]],
                seyyed=seyyed,
                haj=bool(not female[i] and ages[i] >= 45 and rng.random() < 0.3),
                province=int(province[i]),
                city=city,
                day=days[i],
                latent=int(latent[i]),
            )
        )
    return people

"""Iranian provinces (ISO 3166-2:IR) and a few cities of each, with their weights.

Province weights are the 2016 census population times an *intensity* that says
where the killings of a crackdown concentrate (Kurdistan, Sistan and
Baluchestan, Kermanshah, Ilam, West Azerbaijan higher): ``data/provinces.csv``.
Each province has a few cities with their county (shahrestan) and weights
(``data/cities.csv``); Latin names carry their common spellings ("Isfahan|Esfahan").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np


@dataclass(frozen=True)
class Places:
    """Provinces and cities as parallel arrays (index = code used by the generator)."""

    province_code: np.ndarray  # object (P,) "IR-23"
    province_fa: np.ndarray  # object (P,)
    province_en: tuple[tuple[str, ...], ...]  # Latin spellings, usual first
    province_weight: np.ndarray  # float (P,), sums to 1
    city_province: np.ndarray  # int (C,) index into provinces
    city_fa: np.ndarray  # object (C,)
    county_fa: np.ndarray  # object (C,)
    city_en: tuple[tuple[str, ...], ...]
    city_weight: np.ndarray  # float (C,), sums to 1 within each province


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("reckon.synth").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def places() -> Places:
    provinces = _read("provinces.csv")
    cities = _read("cities.csv")
    codes = [p["code"] for p in provinces]
    weight = np.array([float(p["population_k"]) * float(p["intensity"]) for p in provinces])
    city_province = np.array([codes.index(c["province_code"]) for c in cities])
    city_weight = np.array([float(c["weight"]) for c in cities])
    for p in range(len(codes)):
        mask = city_province == p
        city_weight[mask] /= city_weight[mask].sum()
    return Places(
        province_code=np.array(codes, dtype=object),
        province_fa=np.array([p["name_fa"] for p in provinces], dtype=object),
        province_en=tuple(tuple(p["name_en"].split("|")) for p in provinces),
        province_weight=weight / weight.sum(),
        city_province=city_province,
        city_fa=np.array([c["city_fa"] for c in cities], dtype=object),
        county_fa=np.array([c["county_fa"] for c in cities], dtype=object),
        city_en=tuple(tuple(c["city_en"].split("|")) for c in cities),
        city_weight=city_weight,
    )


def draw_cities(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Province and city indices of ``n`` people."""
    pl = places()
    province = rng.choice(len(pl.province_code), size=n, p=pl.province_weight)
    # within a province, pick a city by inverse CDF on that province's cities
    city = np.empty(n, dtype=np.int64)
    u = rng.random(n)
    for p in range(len(pl.province_code)):
        who = np.flatnonzero(province == p)
        ids = np.flatnonzero(pl.city_province == p)
        cdf = np.cumsum(pl.city_weight[ids])
        city[who] = ids[np.minimum(np.searchsorted(cdf, u[who], side="right"), len(ids) - 1)]
    return province, city

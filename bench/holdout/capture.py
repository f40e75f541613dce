"""Who is on which list: latent visibility, regional reach and list dependence.

log-odds(person i on list k) = logit(base_k) + shift + sensitivity_k * effect[class_i]
  + women_children_k * [woman or child] + sum over lists j that k leans on of
  dep_kj * [i on j] - 3 * [k regional and i's province outside its reach]
Lists are drawn in order, so a list can lean only on one drawn before it.
"""

from __future__ import annotations

import numpy as np

from holdout import places
from holdout.lists import Style
from holdout.population import Person


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def reach(rng: np.random.Generator, share: float) -> set[str]:
    """Provinces a regional list covers: random, until they hold ``share`` of deaths."""
    if share >= 1.0:
        return {p.code for p in places.PROVINCES}
    order = rng.permutation(len(places.PROVINCES))
    covered: set[str] = set()
    total = 0.0
    for k in order:
        if total >= share:
            break
        covered.add(places.PROVINCES[k].code)
        total += float(places.PROVINCE_WEIGHTS[k])
    return covered


def capture(
    rng: np.random.Generator,
    people: list[Person],
    styles: list[Style],
    classes: list[tuple[float, float]],
    shift: float = 0.0,
) -> tuple[np.ndarray, dict[str, list[str]]]:
    """A 0/1 matrix people x lists, and each regional list's provinces."""
    n = len(people)
    effect = np.array([classes[p.latent][1] for p in people])
    vulnerable = np.array([p.sex == "female" or p.age < 18 for p in people], dtype=float)
    codes = np.array([places.PROVINCES[p.province].code for p in people])
    on = np.zeros((n, len(styles)), dtype=np.int8)
    reaches: dict[str, list[str]] = {}
    index = {s.name: k for k, s in enumerate(styles)}
    for k, style in enumerate(styles):
        covered = reach(rng, style.regional)
        if style.regional < 1.0:
            reaches[style.name] = sorted(covered)
        eta = _logit(style.base) + shift + style.sensitivity * effect
        eta = eta + style.women_children * vulnerable
        for other, weight in style.depends:
            if other in index and index[other] < k:
                eta = eta + weight * on[:, index[other]]
        eta = eta - 3.0 * ~np.isin(codes, sorted(covered))
        on[:, k] = rng.random(n) < 1 / (1 + np.exp(-eta))
    return on, reaches

"""The true victims of the synthetic case: who they were, when and where they died.

Distributions (documented in ``docs/synth.md``):

* event type: killed 90%, died in custody 6%, executed 4%;
* sex: female 9% of the killed, 12% of deaths in custody, 4% of executions;
* age: 6% children (6–14), 79% young (14.5 + Gamma(3, 3.3); past 45 drawn as older),
  15% older (40–75);
* date: killings concentrate on 8–10 January 2026 (18–20 Dey 1404: 45/35/20% of
  70% of them), the rest spread around them (Normal(3, 7) days, 28 Dec to 17 Feb);
  deaths in custody spread over the next two months, executions over the next four;
* place: province by population times intensity, then a city of it;
* names: given name by sex, father's name from the fathers' weights, family name
  from head + Zipf tail; 7% are seyyed (the honorific سید may precede the name).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from reckon.synth.names import vocabulary
from reckon.synth.places import draw_cities

EVENT_TYPES = ("killed", "died_in_custody", "executed")
EVENT_WEIGHTS = (0.90, 0.06, 0.04)
FEMALE_SHARE = (0.09, 0.12, 0.04)
SEYYED_SHARE = 0.07
PEAK_DAY = dt.date(2026, 1, 8)  # 18 Dey 1404
PEAK_SHARE = 0.70
PEAK_WEIGHTS = (0.45, 0.35, 0.20)
# Latent capture classes: some victims are on every list, many on one or none.
CLASS_SHARES = (0.15, 0.35, 0.50)


@dataclass(frozen=True)
class People:
    """The population as parallel arrays; person ``i`` has person_id ``i + 1``."""

    female: np.ndarray  # bool
    given: np.ndarray  # int, index into vocabulary().male or .female by sex
    father: np.ndarray  # int, index into vocabulary().father
    family: np.ndarray  # int, index into vocabulary().family
    seyyed: np.ndarray  # bool
    age: np.ndarray  # int
    event: np.ndarray  # int, index into EVENT_TYPES
    day: np.ndarray  # int, days after PEAK_DAY (negative before)
    province: np.ndarray  # int, index into places().province_code
    city: np.ndarray  # int, index into places() cities
    latent_class: np.ndarray  # int, index into CLASS_SHARES

    def __len__(self) -> int:
        return len(self.age)


def _draw_ages(n: int, rng: np.random.Generator) -> np.ndarray:
    group = rng.choice(3, size=n, p=(0.06, 0.79, 0.15))
    young = 14.5 + rng.gamma(3.0, 3.3, size=n)
    older = rng.integers(40, 76, size=n)
    # a young age past 45 joins the older group rather than piling up at the cut
    age = np.where(
        group == 0,
        rng.integers(6, 15, size=n),
        np.where((group == 1) & (young <= 45), young, older),
    )
    return np.floor(age).astype(np.int64)


def _draw_days(event: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    n = len(event)
    peak = rng.choice(3, size=n, p=PEAK_WEIGHTS)
    spread = np.clip(np.rint(rng.normal(3.0, 7.0, size=n)), -11, 40).astype(np.int64)
    killed = np.where(rng.random(n) < PEAK_SHARE, peak, spread)
    custody = rng.integers(0, 60, size=n)
    executed = rng.integers(30, 120, size=n)
    return np.select([event == 0, event == 1], [killed, custody], executed)


def draw_people(n: int, rng: np.random.Generator) -> People:
    """Draw ``n`` victims."""
    vocab = vocabulary()
    event = rng.choice(len(EVENT_TYPES), size=n, p=EVENT_WEIGHTS)
    female = rng.random(n) < np.asarray(FEMALE_SHARE)[event]
    given = np.where(
        female,
        rng.choice(len(vocab.female.forms), size=n, p=vocab.female.weights),
        rng.choice(len(vocab.male.forms), size=n, p=vocab.male.weights),
    )
    province, city = draw_cities(n, rng)
    return People(
        female=female,
        given=given,
        father=rng.choice(len(vocab.father.forms), size=n, p=vocab.father.weights),
        family=rng.choice(len(vocab.family.forms), size=n, p=vocab.family.weights),
        seyyed=rng.random(n) < SEYYED_SHARE,
        age=_draw_ages(n, rng),
        event=event,
        day=_draw_days(event, rng),
        province=province,
        city=city,
        latent_class=rng.choice(len(CLASS_SHARES), size=n, p=CLASS_SHARES),
    )

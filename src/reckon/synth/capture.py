"""Which lists name which victims: a capture model with heterogeneity and dependence.

The log-odds that source k names person i is

    base_k + class_effect[c_i] + copy_boost_k * (i on the source k copies)
           + women_children_boost_k * (i is a woman or a child)
           + REGIONAL_PENALTY * (source k is regional and does not cover i's province)

with three latent classes (shares 15/35/50%, effects +2.0 / 0 / -1.7): the
first are on nearly every list, the last on one list or none. Sources are drawn
in order, so a source can depend on an earlier one (an NGO list that families
contact, a media list that copies social posts). People on no list stay in
``people.csv``: they are the undocumented that estimation must find.
"""

from __future__ import annotations

import numpy as np

from reckon.synth.places import places
from reckon.synth.population import People
from reckon.synth.styles import SourceStyle

CLASS_EFFECT = (2.0, 0.0, -1.7)
REGIONAL_PENALTY = -3.0
REGIONAL_COVERAGE = 0.5  # a regional source covers provinces holding about half the victims


def regional_coverage(rng: np.random.Generator) -> np.ndarray:
    """Boolean mask of the provinces a regional source covers."""
    weight = places().province_weight
    order = rng.permutation(len(weight))
    covered = np.zeros(len(weight), dtype=bool)
    total = 0.0
    for p in order:
        covered[p] = True
        total += weight[p]
        if total >= REGIONAL_COVERAGE:
            break
    return covered


def draw_captures(
    people: People, styles: list[SourceStyle], rng: np.random.Generator
) -> np.ndarray:
    """A boolean matrix (people x sources): who each source names."""
    n = len(people)
    captured = np.zeros((n, len(styles)), dtype=bool)
    index = {s.name: k for k, s in enumerate(styles)}
    class_effect = np.asarray(CLASS_EFFECT)[people.latent_class]
    noticed = people.female | (people.age < 18)
    for k, style in enumerate(styles):
        logit = style.base_logit + class_effect
        if style.copies_from is not None:
            logit = logit + style.copy_boost * captured[:, index[style.copies_from]]
        if style.women_children_boost:
            logit = logit + style.women_children_boost * noticed
        if style.regional:
            covered = regional_coverage(rng)
            logit = logit + REGIONAL_PENALTY * ~covered[people.province]
        captured[:, k] = rng.random(n) < 1.0 / (1.0 + np.exp(-logit))
    return captured

"""Blocking: which pairs of records are compared at all.

Every rule pairs records that agree on something a typo, a script change or a
swap of given and family names rarely breaks all at once; the union of rules is
what keeps recall high. Names are blocked on consonant skeletons (script-free)
and always together with a second field, because «محمد» alone would pair a
large share of the records with each other.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from splink import block_on

from reckon.link import features

BlockingRule = Any  # splink's BlockingRuleCreator


def prediction_rules() -> list[BlockingRule]:
    """The rules whose union generates the compared pairs.

    Whole names with a place, birth year or month; the sorted letters of the whole
    name (swaps and other splits); one name whole and the other by its first or
    last letters (a typo at the other end); and, for names misspelt beyond that,
    combined keys of one name, the day, the place or the age, and the whole name
    with one letter left out (``features.NEAR_KEY``), kept only where they are
    rare (``features.RARE_KEY_CAP``) so that no rule grows with the square of the
    case: on the holdout generator's lists these rules hold 98.5% of true pairs
    (`bench/README.md`).
    """
    return [
        block_on("given_skel", "family_core", "province"),
        block_on("given_skel", "family_core", "birth_year"),
        block_on("name_bag", "province"),
        block_on("name_bag", "birth_year"),
        block_on("whole_key", "province"),
        block_on("family_pre3", "given_pre2", "date_lo", "city"),
        block_on("family_suf3", "given_pre2", "birth_year", "city"),
        *(block_on(name) for name, _ in features.RARE_KEYS),
        block_on(features.NEAR_KEY, arrays_to_explode=[features.NEAR_KEY]),
    ]


# EM sessions: each fixes the fields it blocks on and trains the others. The
# first session trains everything but the names, on pairs of one given and family
# name (the father's name as well only where that gives too few pairs), the second
# the names, on pairs of one day and province rather than also one birth year: a
# session blocked on a field leaves out every list without it (social posts have no
# father's name and no age), and those lists' ways of writing names and dates would
# then weigh as if rare. Each is a
# list of alternatives, most specific first: a case without fathers' names, or
# without dates or ages, trains on the next one that gives the session enough
# pairs (``training``); on lists with every column the first one runs.
TRAINING_SESSIONS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("given_skel", "family_skel"), ("given_skel", "family_skel", "father_skel")),
    (
        ("date_lo", "province"),
        ("date_lo", "birth_year", "province"),
        ("birth_year", "province"),
        ("date_lo", "birth_year"),
    ),
)


def training_rules() -> list[BlockingRule]:
    """The first choice of each EM session."""
    return [block_on(*session[0]) for session in TRAINING_SESSIONS]


def pairs_blocked_on(frame: pd.DataFrame, columns: tuple[str, ...]) -> int:
    """How many pairs of ``frame`` a rule equating ``columns`` makes (nulls never agree)."""
    known = frame[list(columns)].dropna()
    if known.empty:
        return 0
    sizes = known.groupby(list(columns), sort=False).size().to_numpy(dtype="int64")
    return int((sizes * (sizes - 1) // 2).sum())


def deterministic_rules() -> list[BlockingRule]:
    """Near-certain matches, for the prior probability that two records match."""
    return [
        block_on("given_key", "family_key", "father_key", "birth_year"),
        block_on("given_key", "family_key", "date_lo", "province"),
    ]

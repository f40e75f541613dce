"""Blocking: which pairs of records are compared at all.

Every rule pairs records that agree on something a typo, a script change or a
swap of given and family names rarely breaks all at once; the union of rules is
what keeps recall high. Names are blocked on consonant skeletons (script-free)
and always together with a second field, because «محمد» alone would pair a
large share of the records with each other.
"""

from __future__ import annotations

from typing import Any

from splink import block_on
from splink.blocking_rule_library import CustomRule

BlockingRule = Any  # splink's BlockingRuleCreator


def prediction_rules() -> list[BlockingRule]:
    """The rules whose union generates the compared pairs."""
    return [
        block_on("given_skel", "family_core", "province"),
        block_on("given_skel", "family_core", "birth_year"),
        block_on("given_skel", "family_core", "date_month"),
        block_on("family_core", "father_skel", "province"),
        block_on("given_skel", "father_skel", "birth_year"),
        block_on("family_core", "date_lo", "birth_year"),
        block_on("family_core", "date_lo", "province"),
        block_on("given_skel", "date_lo", "province"),
        block_on("given_skel", "date_lo", "birth_year"),
        # both names misspelt: the same day, age and city still meet
        block_on("date_lo", "birth_year", "city"),
        block_on("whole_key", "date_lo"),
        block_on("whole_key", "province"),
        CustomRule(
            "l.given_skel = r.family_skel AND l.family_skel = r.given_skel",
            sql_dialect="duckdb",
        ),
    ]


def training_rules() -> list[BlockingRule]:
    """EM sessions: each fixes the fields it blocks on and trains the others."""
    return [
        block_on("given_skel", "family_skel", "father_skel"),
        block_on("date_lo", "birth_year", "province"),
    ]


def deterministic_rules() -> list[BlockingRule]:
    """Near-certain matches, for the prior probability that two records match."""
    return [
        block_on("given_key", "family_key", "father_key", "birth_year"),
        block_on("given_key", "family_key", "date_lo", "province"),
    ]

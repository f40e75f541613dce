"""The link model's stated priors: what a match and a non-match look like before any data.

A case can be too small, or miss too many columns, for a training session to
estimate a parameter: ten records give no EM session enough pairs, three lists
without a father's-name column give the name session none. Such a parameter
keeps the value stated here rather than Splink's generic default (which treats
the first level of every comparison alike) or an estimate from a handful of
pairs. The u-probabilities from random sampling are estimated on every case,
but on a small one from few pairs, so they are pulled towards these priors as
if the priors had been seen in ``U_PRIOR_PAIRS`` pairs; at the sizes the
benchmarks use (millions of sampled pairs) the pull is nil.

The values are reasoned from what the fields are in lists of the dead of a
crackdown, not fitted to any generator:

* m (a true match): two records of one person agree on the transliteration key
  of a name most of the time; the rest are spellings that keep the consonants,
  typos, swaps and splits. A father's name is told by another informant and
  agrees less often. Ages are told by relatives and morgues and are often a year
  or two off; dates a few days off; a city is left out more often than wrong.
* u (two different people): Iranian given names and fathers' names are highly
  concentrated (Mohammad, Ali, Hossein, Reza…), so two strangers share one in a
  few percent of pairs, a family name in well under one percent; most of the
  dead are young men, killed on a few days in a few cities.

Each comparison's priors list its non-null levels in the order of
``comparisons.persian_comparisons`` (a test holds them to it); m and u each sum
to one over the levels.
"""

from __future__ import annotations

from typing import Final

# (m, u) per non-null level, most specific first, by the comparison's output column.
PRIORS: Final[dict[str, tuple[tuple[float, float], ...]]] = {
    "given_name": (
        (0.79, 0.025),  # same transliteration key
        (0.03, 0.001),  # same canonical Persian form, other key
        (0.06, 0.010),  # same consonant skeleton
        (0.02, 0.0005),  # given and family names swapped
        (0.02, 0.0005),  # same whole name, split differently
        (0.01, 0.0003),  # swapped, and one of the two misspelt
        (0.03, 0.010),  # Jaro-Winkler >= 0.92
        (0.02, 0.005),  # one letter off
        (0.01, 0.050),  # Jaro-Winkler >= 0.80
        (0.01, 0.8977),  # anything else
    ),
    "family_name": (
        (0.805, 0.005),  # same transliteration key
        (0.02, 0.0005),  # same canonical Persian form
        (0.05, 0.002),  # same consonant skeleton
        (0.02, 0.001),  # same core without Mir-/Seyyed-
        (0.005, 0.0005),  # swapped (held neutral: counted in the given name)
        (0.005, 0.0005),  # split differently (held neutral likewise)
        (0.005, 0.0005),  # swapped, one misspelt (held neutral likewise)
        (0.04, 0.005),  # Jaro-Winkler >= 0.92
        (0.03, 0.002),  # one letter off
        (0.01, 0.030),  # Jaro-Winkler >= 0.80
        (0.01, 0.953),  # anything else
    ),
    "father_name": (
        (0.75, 0.030),  # same transliteration key
        (0.03, 0.001),  # same canonical Persian form
        (0.07, 0.010),  # same consonant skeleton
        (0.05, 0.010),  # Jaro-Winkler >= 0.92
        (0.04, 0.005),  # one letter off
        (0.03, 0.050),  # Jaro-Winkler >= 0.80
        (0.03, 0.894),  # anything else
    ),
    "sex": (
        # sex is often inferred from the given name, rarely wrong; about four in
        # five of the dead are men, so strangers agree in 0.8² + 0.2² of pairs
        (0.98, 0.68),
        (0.02, 0.32),
    ),
    "birth_year": (
        (0.60, 0.04),  # same birth year
        (0.25, 0.08),  # a year apart
        (0.07, 0.07),  # two years apart
        (0.05, 0.18),  # up to five years apart
        (0.03, 0.63),  # further apart
    ),
    "event_date": (
        (0.70, 0.15),  # same day
        (0.15, 0.30),  # precise dates within 3 days
        (0.05, 0.20),  # within 10 days
        (0.05, 0.05),  # imprecise windows overlap
        (0.03, 0.20),  # windows within 60 days
        (0.02, 0.10),  # further apart
    ),
    "place": (
        (0.75, 0.10),  # same city
        (0.05, 0.01),  # same county
        (0.12, 0.03),  # same province, city unknown on one side
        (0.05, 0.02),  # same province
        (0.03, 0.84),  # elsewhere
    ),
    "source_list": (
        # a list names one person twice far less often than two lists share one
        (0.10, 0.35),  # same list
        (0.90, 0.65),  # different lists
    ),
}

# The priors of the u-probabilities weigh as much as this many randomly sampled pairs.
U_PRIOR_PAIRS: Final = 100.0

# Records of one person in a case of documenters' lists, on average, beyond the
# first: a person is named on about one and a half lists. The prior probability
# that two random records match is then this over (records - 1), used when the
# near-certain rules (``blocking.deterministic_rules``) find no pair to count.
EXTRA_RECORDS_PER_PERSON: Final = 0.5


def probability_two_random_records_match(records: int) -> float:
    """The stated prior that two records of a case of ``records`` records match."""
    if records < 2:
        return 0.5
    return min(0.5, EXTRA_RECORDS_PER_PERSON / (records - 1))


def smoothed_u(estimate: float | None, prior: float, pairs: float) -> float:
    """A u-probability estimated from ``pairs`` sampled pairs, pulled towards its prior.

    The posterior mean under a Dirichlet prior worth ``U_PRIOR_PAIRS`` pairs; a
    level never seen among the sampled pairs (``estimate`` None) is rare among
    non-matches, by how much the number of pairs says.
    """
    seen = 0.0 if estimate is None else float(estimate)
    return (seen * pairs + prior * U_PRIOR_PAIRS) / (pairs + U_PRIOR_PAIRS)

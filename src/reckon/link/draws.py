"""Plausible linkages drawn from the last link run, so the toll carries linkage doubt.

A link run keeps one hard clustering, but it also keeps every scored pair with
its calibrated match probability (the ``pairs`` object of the ``link.run``
event). This module draws many linkages that the same probabilities make
plausible, with reviewers' decisions held fixed, and gives each draw's capture
histories (built by ``reckon.store.captures.per_person``, as the ordinary
estimate builds them) to ``reckon.estimate.linkage`` to pool.

The scheme: split and merge around the run's clustering. Each draw

* *splits*: inside each person of the run, keeps each scored pair as a link
  with its probability and takes the connected pieces (a record held by one
  weak pair leaves; a person whose records are tied by many strong pairs stays
  whole);
* *merges*: two persons of the run that share scored pairs join with the
  probability of the *mean* of those pairs (their average-linkage score, the
  one the clustering compares with the threshold); the piece holding their
  strongest pair is the one that joins.

Why not keep every scored pair independently and take connected components?
Because transitivity then over-merges: two people with five records each and
25 cross pairs at 0.1 would be joined in almost every draw (some pair is
drawn), though each pair says "probably not". Scoring a join of two groups by
the mean of their pairs, as the clustering does, counts that evidence once.
The full answer is a posterior over partitions (Sadinle 2017, 2018), an MCMC
over the records that costs far more than a link run; this scheme is its
cheap stand-in: it moves each record and each join in proportion to the
calibrated probabilities the run already has, every draw is one vectorised
random mask and one sparse connected-components call (``scipy``), and its
median draw is close to the run's own clustering.

Reviewers' decisions are constraints: a ``match`` is a link in every draw and a
``non_match`` never lies inside one person (a join that would put such a pair
together is undone for that draw: every merge touching the persons involved is
dropped, leaving the run's persons there). Known limits: pairs scored below
the run's floor (0.01) are not stored, so the mean between two persons is over
the stored pairs only (slightly high), and the run's rule that very unlike
records of one list never share a person is not re-applied to merges.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from reckon.errors import EstimateError
from reckon.store import captures
from reckon.store import decisions as decision_store
from reckon.store import persons as person_store
from reckon.store.schema import PAIR_KEYS

if TYPE_CHECKING:
    from reckon.case import Case
    from reckon.estimate.linkage import LinkageResult

__all__ = ["Linkage", "estimate_case", "read_linkage"]

IntArray = npt.NDArray[np.int64]

# Thresholds the estimate is also run at, around the default 0.4, to say when the
# total depends on where the line between "same person" and "not" is drawn.
SENSITIVITY_THRESHOLDS = (0.1, 0.7)
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Linkage:
    """What a draw needs, on record positions ``0..n-1`` (the rows of ``records``).

    ``base`` is the run's person of each record; ``inside_*`` the pairs within
    one person of the run with their probability (1 for a reviewer's match, 0
    for a non-match); ``join_*`` one representative pair per two neighbouring
    persons and the probability of joining them; ``apart_*`` the non-matches.
    """

    records: pd.DataFrame
    base: IntArray
    inside_l: IntArray
    inside_r: IntArray
    inside_p: FloatArray
    join_l: IntArray
    join_r: IntArray
    join_p: FloatArray
    apart_l: IntArray
    apart_r: IntArray

    @property
    def size(self) -> int:
        return len(self.base)

    def draw(self, rng: np.random.Generator) -> IntArray:
        """One plausible person label per record (0..k-1)."""
        inside = rng.random(len(self.inside_p)) < self.inside_p
        joined = rng.random(len(self.join_p)) < self.join_p
        labels = self._components(inside, joined)
        for _ in range(3):  # each pass drops the merges that broke a non-match
            broken = labels[self.apart_l] == labels[self.apart_r]
            if not broken.any():
                break
            bad = np.zeros(labels.max() + 1, dtype=bool)
            bad[labels[self.apart_l[broken]]] = True
            joined &= ~(bad[labels[self.join_l]] | bad[labels[self.join_r]])
            labels = self._components(inside, joined)
        return labels

    def at_threshold(self, threshold: float, run_threshold: float = 0.4) -> IntArray:
        """The run's clustering moved to another threshold, for a sensitivity check:
        below the run's, persons whose pairs average at least ``threshold`` join; above
        it, pairs inside a person under ``threshold`` are cut (connected pieces stay)."""
        if threshold < run_threshold:
            return self._components(self.inside_p > 0.0, self.join_p >= threshold)
        return self._components(self.inside_p >= threshold, np.zeros(len(self.join_p), bool))

    def draws(self, count: int, seed: int | None) -> Iterator[IntArray]:
        """``count`` draws, reproducible from ``seed``."""
        for child in np.random.SeedSequence(seed).spawn(count):
            yield self.draw(np.random.default_rng(child))

    def histories(self, labels: IntArray) -> pd.DataFrame:
        """Per-person capture histories of one draw (as ``read_capture_histories``)."""
        frame = self.records.assign(person=labels)
        return captures.per_person(frame)

    def _components(self, inside: npt.NDArray[np.bool_], joined: npt.NDArray[np.bool_]) -> IntArray:
        left = np.concatenate([self.inside_l[inside], self.join_l[joined]])
        right = np.concatenate([self.inside_r[inside], self.join_r[joined]])
        n = self.size
        graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
        _, labels = connected_components(graph, directed=False)
        return np.asarray(labels, dtype=np.int64)


def build_linkage(records: pd.DataFrame, pairs: pd.DataFrame, decided: pd.DataFrame) -> Linkage:
    """The draw structure from capture records (``read_capture_records``), the run's
    keyed pairs (``source_a, record_a, source_b, record_b, match_probability``) and
    the latest decisions."""
    index = pd.MultiIndex.from_arrays(
        [records["source"].astype(str), records["source_record_id"].astype(str)]
    )
    position = pd.Series(np.arange(len(records), dtype=np.int64), index=index)
    position = position[~position.index.duplicated()]
    base = np.asarray(pd.factorize(records["person"])[0], dtype=np.int64)

    def located(frame: pd.DataFrame) -> tuple[IntArray, IntArray, pd.DataFrame]:
        keys_a = pd.MultiIndex.from_arrays([frame["source_a"], frame["record_a"]])
        keys_b = pd.MultiIndex.from_arrays([frame["source_b"], frame["record_b"]])
        a = position.reindex(keys_a).to_numpy(np.float64, na_value=np.nan)
        b = position.reindex(keys_b).to_numpy(np.float64, na_value=np.nan)
        ok = ~np.isnan(a) & ~np.isnan(b) & (a != b)
        return a[ok].astype(np.int64), b[ok].astype(np.int64), frame[ok].reset_index(drop=True)

    pairs = pairs.reindex(columns=[*PAIR_KEYS, "match_probability"]).astype(
        {k: str for k in PAIR_KEYS}
    )
    li, ri, kept = located(pairs)
    prob = kept["match_probability"].to_numpy(np.float64)
    decided = decided.reindex(columns=[*PAIR_KEYS, "decision"]).astype({k: str for k in PAIR_KEYS})
    must_l, must_r, _ = located(decided[decided["decision"] == "match"])
    apart_l, apart_r, _ = located(decided[decided["decision"] == "non_match"])
    # decisions override the scores: pairs keyed low..high so a pair is found whichever way
    prob = _override(li, ri, prob, must_l, must_r, 1.0)
    prob = _override(li, ri, prob, apart_l, apart_r, 0.0)
    li = np.concatenate([li, must_l])
    ri = np.concatenate([ri, must_r])
    prob = np.concatenate([prob, np.ones(len(must_l))])

    same = base[li] == base[ri]
    inside_l, inside_r, inside_p = li[same], ri[same], prob[same]
    # between persons: the mean of their pairs, zero when a non-match lies between them
    across = pd.DataFrame(
        {
            "a": np.minimum(base[li[~same]], base[ri[~same]]),
            "b": np.maximum(base[li[~same]], base[ri[~same]]),
            "l": li[~same],
            "r": ri[~same],
            "p": prob[~same],
        }
    )
    banned = pd.MultiIndex.from_arrays(
        [np.minimum(base[apart_l], base[apart_r]), np.maximum(base[apart_l], base[apart_r])]
    )
    strongest = across.sort_values("p", ascending=False, kind="stable").drop_duplicates(["a", "b"])
    mean = across.groupby(["a", "b"])["p"].mean()
    strongest = strongest.set_index(["a", "b"])
    strongest["m"] = mean.reindex(strongest.index)
    strongest.loc[strongest.index.isin(banned), "m"] = 0.0
    strongest = strongest[strongest["m"] > 0.0]
    return Linkage(
        records=records,
        base=base,
        inside_l=inside_l,
        inside_r=inside_r,
        inside_p=inside_p,
        join_l=strongest["l"].to_numpy(np.int64),
        join_r=strongest["r"].to_numpy(np.int64),
        join_p=strongest["m"].to_numpy(np.float64),
        apart_l=apart_l,
        apart_r=apart_r,
    )


def _override(
    li: IntArray, ri: IntArray, prob: FloatArray, dl: IntArray, dr: IntArray, value: float
) -> FloatArray:
    if not len(dl):
        return prob
    n = int(max(li.max(initial=0), ri.max(initial=0), dl.max(), dr.max())) + 1
    pair_key = np.minimum(li, ri) * n + np.maximum(li, ri)
    decided_key = np.minimum(dl, dr) * n + np.maximum(dl, dr)
    out = prob.copy()
    out[np.isin(pair_key, decided_key)] = value
    return out


def read_linkage(case: Case) -> Linkage:
    """The draw structure of the case's last link run."""
    from reckon.link.events import read_object

    with case.engine.connect() as conn:
        records = captures.read_capture_records(conn)
        run = person_store.last_run(conn)
        decided = decision_store.read_decisions(conn)
    objects = ((run or {}).get("settings") or {}).get("objects") or {}
    if "pairs" not in objects:
        raise EstimateError(
            "the last link run kept no scored pairs to draw linkages from: run "
            "`reckon link DIR` again, or estimate on its one clustering with linkage_draws=0"
        )
    return build_linkage(records, read_object(case, objects["pairs"]), decided)


def estimate_case(
    case: Case,
    method: str,
    *,
    draws: int,
    by: str | None = None,
    seed: int | None = None,
    **options: Any,
) -> LinkageResult:
    """Estimate on ``draws`` plausible linkages of the case and pool them
    (``reckon.estimate.linkage``); the run's own clustering is estimated too, for
    comparison."""
    from reckon.estimate.linkage import estimate_over_linkages

    linkage = read_linkage(case)
    with case.engine.connect() as conn:
        names = captures.source_names(conn)
    single = captures.per_person(linkage.records)
    drawn = (linkage.histories(labels) for labels in linkage.draws(draws, seed))
    alternatives = {  # the same clustering at other plausible thresholds
        f"link threshold {t:g}": linkage.histories(linkage.at_threshold(t))
        for t in SENSITIVITY_THRESHOLDS
    }
    return estimate_over_linkages(
        single, drawn, method, draws=draws, lists=names, by=by, seed=seed,
        alternatives=alternatives, **options,
    )  # fmt: skip

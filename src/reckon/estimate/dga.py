"""Bayesian model averaging over decomposable graphical models (Madigan and York 1997).

Madigan, D. and York, J. C. (1997), "Bayesian methods for estimation of the
size of a closed population", Biometrika 84(1), 19-31; as implemented in R's
dga (Johndrow, Lum and Ball): for 3 to 5 lists, every decomposable graph on the
lists is a model of their dependence; cell probabilities get the
hyper-Dirichlet prior with ``delta`` prior observations per cell of the full
2^k table (dga's suggested default delta = 2^-k); the prior on N is
proportional to 1/N and the prior over graphs uniform. The posterior over
(graph, number unobserved n0) is computed exactly over a grid of n0 values:

    log p(g, n0 | y) = sum_C logML_C(n0) - sum_S logML_S(n0)
                       + log N! - log n0! - sum_cells log y! + log prior(N) + const

where C runs over the cliques and S over the (non-empty) separators of g, and
logML_A is the Dirichlet-multinomial marginal likelihood of the table
collapsed onto the lists in A, each of its 2^|A| cells with prior weight
delta * 2^(k - |A|), the "on none of A" cell holding n0 more people. These are
the definitions of dga's ``bma.cr`` / ``MakeCompMatrix`` / ``CompLogML``.

The result depends strongly on delta: at delta = 1 the saturated model takes
nearly all the weight and the estimate collapses towards the observed count.

When the data cannot carry a number, no number. Under the saturated graph
(all lists in one clique: an interaction among every list at once) the cell
of people on no list has no data of its own, so its posterior of n0 is the
prior's: with delta < 1 and p(N) ~ 1/N it piles at n0 = 0, and the "estimate"
is the observed count with a zero-width interval. R's dga averages it in all
the same; here, when the saturated graph carries more than half the posterior
weight (``SATURATED_LIMIT``), or more than 2.5% of the posterior lies near the
cap of n0 (the data do not bound the total from above), the result is not
identified (``EstimateResult.identified`` False, no estimate, a reason in
plain words). A smaller but material share on the saturated graph is a
warning: the lower end of the interval then rests on the prior.
"""

from __future__ import annotations

import functools
import itertools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import special

from reckon.errors import EstimateError, SparseDataWarning
from reckon.estimate.checks import check_table
from reckon.estimate.histories import CaptureTable
from reckon.estimate.results import EstimateResult

__all__ = ["ASSUMPTIONS", "Graph", "decomposable_graphs", "fit_dga", "posterior_weights"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

ASSUMPTIONS = (
    "Bayesian model averaging over decomposable graphical models (Madigan and York 1997, "
    "as in R's dga) assumes the population was closed over the period and records were "
    "linked correctly. Each model says which lists depend on each other directly; every "
    "model that fits the overlaps contributes, weighted by how well it explains them, so "
    "the interval includes the uncertainty about which model is right. It assumes that the "
    "dependence seen among the observed people holds for the undocumented too (no "
    "interaction among all the lists at once). The result depends on the prior weight "
    "delta given to each cell; the default is dga's, delta = 2^-k. The interval is the "
    "central 95% of the posterior distribution of the total."
)

MIN_LISTS, MAX_LISTS = 3, 5
_FINE_GRID_POINTS = 20_000  # the fine grid of n0 is strided beyond this many points
_COARSE_GRID_POINTS = 800
_TAIL_MASS = 1e-10  # posterior mass left out of the fine grid at each end
_CAP_MASS = 1e-3  # a warning when this much mass lies between half the cap and the cap
CAP_LIMIT = 0.025  # no number when this much: the upper end of the interval is the cap's
SATURATED_LIMIT = 0.5  # no number when the saturated graph carries more posterior weight
SATURATED_WARN = 0.025  # a warning above this: the interval's lower end is the prior's


@dataclass(frozen=True)
class Graph:
    """A decomposable graph on lists 0..k-1: its maximal cliques and separators."""

    cliques: tuple[tuple[int, ...], ...]
    separators: tuple[tuple[int, ...], ...]

    def notation(self) -> str:
        """Rcapture-style notation, lists numbered from 1: ``[12,3]``."""
        return "[" + ",".join("".join(str(i + 1) for i in c) for c in self.cliques) + "]"


def _mcs_order(adj: list[set[int]]) -> list[int]:
    """A maximum cardinality search ordering of the vertices."""
    k = len(adj)
    numbered: list[int] = []
    weight = [0] * k
    left = set(range(k))
    while left:
        v = max(sorted(left), key=lambda u: weight[u])
        numbered.append(v)
        left.remove(v)
        for u in adj[v] & left:
            weight[u] += 1
    return numbered


def _decompose(k: int, edges: Sequence[tuple[int, int]]) -> Graph | None:
    """Cliques and separators if the graph is chordal (decomposable), else None."""
    adj: list[set[int]] = [set() for _ in range(k)]
    for a, b in edges:
        adj[a].add(b)
        adj[b].add(a)
    order = _mcs_order(adj)
    pos = {v: i for i, v in enumerate(order)}
    candidates: list[frozenset[int]] = []
    for v in order:
        earlier = {u for u in adj[v] if pos[u] < pos[v]}
        # chordal iff each vertex's earlier neighbours are pairwise adjacent
        if any(b not in adj[a] for a, b in itertools.combinations(sorted(earlier), 2)):
            return None
        candidates.append(frozenset(earlier | {v}))
    # maximal cliques in the order they are completed satisfy running intersection
    cliques = [c for c in candidates if not any(c < d for d in candidates)]
    unique: list[frozenset[int]] = []
    for c in cliques:
        if c not in unique:
            unique.append(c)
    separators: list[tuple[int, ...]] = []
    seen: set[int] = set()
    for c in unique:
        s = c & seen
        if seen and s:
            separators.append(tuple(sorted(s)))
        seen |= c
    return Graph(tuple(tuple(sorted(c)) for c in unique), tuple(separators))


@functools.cache
def decomposable_graphs(k: int) -> tuple[Graph, ...]:
    """All decomposable graphs on k labelled lists (8, 61 and 822 for k = 3, 4, 5)."""
    pairs = list(itertools.combinations(range(k), 2))
    graphs = []
    for mask in range(1 << len(pairs)):
        edges = [p for i, p in enumerate(pairs) if mask >> i & 1]
        g = _decompose(k, edges)
        if g is not None:
            graphs.append(g)
    return tuple(graphs)


def _subset_id(members: Sequence[int]) -> int:
    return sum(1 << j for j in members)


def _coefficients(graphs: Sequence[Graph], k: int) -> FloatArray:
    """+1 per clique, -1 per separator, as a (graphs, 2^k) matrix over list subsets."""
    coef = np.zeros((len(graphs), 1 << k))
    for i, g in enumerate(graphs):
        for c in g.cliques:
            coef[i, _subset_id(c)] += 1.0
        for s in g.separators:
            coef[i, _subset_id(s)] -= 1.0
    return coef


def _subset_log_ml(full: IntArray, k: int, delta: float, n0: FloatArray) -> FloatArray:
    """logML of every list subset (rows, by bitmask; row 0 unused) at each n0 value."""
    cells = np.concatenate([[0], full]).astype(np.float64)  # cell r: list j in bit j
    n_obs = cells.sum()
    total_alpha = delta * (1 << k)
    denom = special.gammaln(total_alpha) - special.gammaln(n_obs + n0 + total_alpha)
    out = np.zeros((1 << k, n0.size))
    r = np.arange(1 << k)
    for subset in range(1, 1 << k):
        size = subset.bit_count()
        a = delta * (1 << (k - size))
        marginal = np.bincount(r & subset, weights=cells, minlength=1 << k)
        keys = np.unique(r & subset)
        counts = marginal[keys]  # keys[0] == 0: the "on none of these lists" cell
        fixed = float(np.sum(special.gammaln(counts[1:] + a)))
        fixed -= keys.size * special.gammaln(a)
        out[subset] = fixed + special.gammaln(counts[0] + n0 + a) + denom
    return out


def posterior_weights(
    table: CaptureTable, n0_values: npt.ArrayLike, *, delta: float | None = None
) -> tuple[tuple[Graph, ...], FloatArray]:
    """dga's ``bma.cr``: the posterior over (graph, n0) on the given grid of n0 values.

    Returns the graphs and a (graphs, len(n0_values)) matrix of probabilities
    summing to 1; the prior on N is 1/N and the prior over graphs uniform.
    """
    k = table.k
    if not MIN_LISTS <= k <= MAX_LISTS:
        raise EstimateError(f"dga handles {MIN_LISTS} to {MAX_LISTS} lists; this table has {k}")
    d = 2.0**-k if delta is None else float(delta)
    if d <= 0.0:
        raise EstimateError(f"dga: delta must be positive, got {d}")
    n0 = np.asarray(n0_values, dtype=np.float64)
    log_post = _log_joint(table, n0, d)
    log_post -= log_post.max()
    weights = np.exp(log_post)
    weights /= weights.sum()
    return decomposable_graphs(k), weights


def _log_joint(table: CaptureTable, n0: FloatArray, delta: float) -> FloatArray:
    """Unnormalised log posterior over (graph, n0)."""
    k = table.k
    graphs = decomposable_graphs(k)
    full = table.full_cells()
    big_n = table.observed + n0
    log_ml = _subset_log_ml(full, k, delta, n0)
    per_n0 = (
        special.gammaln(big_n + 1.0)
        - special.gammaln(n0 + 1.0)
        - float(np.sum(special.gammaln(full + 1.0)))
        - np.log(big_n)  # the prior on N, proportional to 1/N
    )
    return np.asarray(_coefficients(graphs, k) @ log_ml + per_n0[None, :], dtype=np.float64)


def _grid(table: CaptureTable, delta: float, n0_max: int) -> tuple[IntArray, int, float]:
    """The n0 grid holding the posterior: (values, stride, mass in the top half below the cap).

    A geometric coarse grid up to the cap locates where the posterior mass
    lies (density times spacing); the fine grid covers all but 1e-10 of it.
    """
    coarse = np.unique(np.round(np.geomspace(1.0, n0_max + 1.0, _COARSE_GRID_POINTS)) - 1.0)
    spacing = np.gradient(coarse) if coarse.size > 1 else np.ones(1)
    lp = special.logsumexp(_log_joint(table, coarse, delta), axis=0) + np.log(spacing)
    mass = np.exp(lp - special.logsumexp(lp))
    cum = np.cumsum(mass)
    first = int(np.searchsorted(cum, _TAIL_MASS))
    last = int(np.searchsorted(cum, 1.0 - _TAIL_MASS))
    lo = int(coarse[max(first - 1, 0)])
    hi = int(coarse[min(last + 1, coarse.size - 1)])
    stride = max(1, math.ceil((hi - lo + 1) / _FINE_GRID_POINTS))
    upper_half = float(mass[coarse > n0_max / 2].sum())
    return np.arange(lo, hi + 1, stride, dtype=np.int64), stride, upper_half


def fit_dga(
    table: CaptureTable,
    *,
    seed: int | np.random.Generator | None = None,
    delta: float | None = None,
    n0_max: int | None = None,
    n_draws: int = 4_000,
    top_models: int = 5,
) -> EstimateResult:
    """Model-averaged posterior of the total N; ``draws`` are sampled from it.

    ``delta`` defaults to 2^-k. The posterior is computed on a grid of n0 up to
    ``n0_max`` (default 100 times the number observed, at least 10,000),
    integer by integer where it has mass (strided when that range is wider
    than 20,000). A warning says when the posterior still has mass at the cap.
    """
    notes = check_table(table, "dga", min_lists=MIN_LISTS, max_lists=MAX_LISTS)
    k = table.k
    d = 2.0**-k if delta is None else float(delta)
    if d <= 0.0:
        raise EstimateError(f"dga: delta must be positive, got {d}")
    if n_draws < 1:
        raise EstimateError(f"dga: n_draws must be at least 1, got {n_draws}")
    cap = max(10_000, 100 * table.observed) if n0_max is None else int(n0_max)
    if cap < 1:
        raise EstimateError(f"dga: n0_max must be at least 1, got {cap}")
    grid, stride, near_cap = _grid(table, d, cap)
    graphs, weights = posterior_weights(table, grid, delta=d)
    if _CAP_MASS < near_cap <= CAP_LIMIT:
        notes.append(
            f"{100 * near_cap:.1f}% of the posterior of the number undocumented lies near the "
            f"cap of the grid (n0 = {cap:,}): the data barely bound the total, and the "
            "estimate depends on that cap"
        )
    model_prob = weights.sum(axis=1)
    best = np.argsort(-model_prob)[:top_models]
    saturated = float(model_prob[_saturated_index(graphs)])
    diagnostics: dict[str, Any] = {
        "delta": d,
        "models": len(graphs),
        "top_models": [
            {"model": graphs[i].notation(), "probability": float(model_prob[i])} for i in best
        ],
        "saturated_probability": saturated,
        "near_cap_mass": near_cap,
        "n0_grid": [int(grid[0]), int(grid[-1]), stride],
    }
    reason = _unidentified(saturated, near_cap, cap)
    if reason:
        notes.append(f"no estimate: {reason}")
    elif saturated > SATURATED_WARN:
        notes.append(
            f"{100 * saturated:.0f}% of the posterior weight is on the saturated graph, which "
            "says nothing about the people on no list: the lower end of the interval rests on "
            "the prior, not on the data"
        )
    for note in notes:
        warnings.warn(note, SparseDataWarning, stacklevel=2)
    if reason:
        return EstimateResult.not_identified(
            "dga",
            table.observed,
            reason,
            model=f"average over {len(graphs)} decomposable graphs",
            lists=table.lists,
            diagnostics=diagnostics,
            warnings=notes,
            assumptions=ASSUMPTIONS,
        )
    marginal = weights.sum(axis=0)
    cdf = np.cumsum(marginal)
    total = table.observed + grid
    lo, mid, hi = (float(total[np.searchsorted(cdf, q)]) for q in (0.025, 0.5, 0.975))
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    picks = rng.choice(grid.size, size=n_draws, p=marginal)
    draws = total[picks] + (rng.integers(0, stride, size=n_draws) if stride > 1 else 0)
    diagnostics["posterior_mean"] = float(total @ marginal)
    return EstimateResult(
        method="dga",
        observed=table.observed,
        estimate=mid,
        ci=(lo, hi),
        model=f"average over {len(graphs)} decomposable graphs; most probable "
        f"{graphs[best[0]].notation()} ({model_prob[best[0]]:.2f})",
        lists=table.lists,
        draws=np.asarray(draws, dtype=np.float64),
        chains=1,
        diagnostics=diagnostics,
        warnings=notes,
        assumptions=ASSUMPTIONS,
    )


def _saturated_index(graphs: Sequence[Graph]) -> int:
    """The complete graph: one clique holding every list."""
    return next(i for i, g in enumerate(graphs) if len(g.cliques) == 1 and len(g.cliques[0]) > 1)


def _unidentified(saturated: float, near_cap: float, cap: int) -> str:
    """Why the data cannot carry a number, in plain words; empty when they can."""
    if saturated > SATURATED_LIMIT:
        return (
            f"the model in which all the lists depend on each other at once takes "
            f"{100 * saturated:.0f}% of the posterior weight, and under it the overlaps say "
            "nothing about the people on no list (its answer is the prior's: the observed "
            "count); the data cannot identify the undocumented. Try lcmcr, which allows "
            "people to differ in how visible they are"
        )
    if near_cap > CAP_LIMIT:
        return (
            f"{100 * near_cap:.1f}% of the posterior of the number undocumented lies near the "
            f"cap of the grid (n0 = {cap:,}): the data do not bound the total from above, so "
            "any upper end would be the cap's, not the data's"
        )
    return ""

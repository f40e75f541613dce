"""Hierarchical log-linear models for k lists, chosen by AIC or BIC (Fienberg 1972; Rcapture).

Models are named in Rcapture's notation (``closedpMS.t``): lists are numbered
1..k by column order, a term is the digits of its lists, and a model is the list
of its highest terms: ``[1,2,3,4]`` is independence, ``[12,13,14,23,24,34]`` all
two-way interactions, ``[123,14,34]`` one three-way term (its two-way and main
effect sub-terms are implied). Main effects are always in. The k-way term is
never allowed: with it the model is saturated and says nothing about the
unobserved cell.

Selection (``fit_loglinear`` with no ``model``): every hierarchical model from
independence up to all (k-1)-way interactions is fitted (113 models for 4
lists, 6,893 for 5); from 6 lists on, where that number explodes, a forward
stepwise search from independence adds one term at a time while the criterion
improves, with terms up to three-way unless ``max_order`` says otherwise. The
criterion is AIC by default (R's glm AIC, comparable with
Rcapture), or BIC with the number of people observed as its sample size.
Models whose maximum likelihood estimate does not exist (a zero cell they
cannot fit) are left out of the choice. The interval is the profile-likelihood
interval of the chosen model (see ``reckon.estimate.poisson``); it does not
account for the uncertainty of the choice itself, which the report says.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from reckon.errors import EstimateError
from reckon.estimate.checks import check_table
from reckon.estimate.fitted import Criterion, result_from_fit
from reckon.estimate.heterogeneity import HETEROGENEITY_MODELS, fit_heterogeneity
from reckon.estimate.histories import CaptureTable, all_patterns
from reckon.estimate.poisson import CaptureFit, fit_capture_model, single_thread_blas
from reckon.estimate.results import EstimateResult

__all__ = [
    "Criterion",
    "Model",
    "all_hierarchical_models",
    "design_matrix",
    "fit_loglinear",
    "fit_model",
    "model_name",
    "parse_model",
]

log = logging.getLogger("reckon.estimate.loglinear")

Term = frozenset[int]
Model = frozenset[Term]  # the interaction terms (order >= 2) of a hierarchical model
FloatArray = npt.NDArray[np.float64]

EXHAUSTIVE_MAX_K = 5
STEPWISE_MAX_ORDER = 3  # from 6 lists on, unless max_order says otherwise
RIVAL_MARGIN = 2.0  # criterion points within which a model "fits nearly as well"
ASSUMPTIONS = (
    "This estimate assumes that the population was closed over the period the lists cover, "
    "that records were linked correctly across lists, and that the dependence between lists "
    "and the differences in how likely people were to be recorded are captured by the chosen "
    "log-linear model's interaction terms. The interval is a 95% profile-likelihood interval "
    "for that one model; it does not include the uncertainty of choosing the model, so it is "
    "narrower than the real uncertainty when other models fit nearly as well."
)


def _term_label(term: Iterable[int], k: int) -> str:
    idx = sorted(term)
    return "".join(str(i + 1) for i in idx) if k <= 9 else ".".join(str(i + 1) for i in idx)


def model_name(model: Model, k: int) -> str:
    """Rcapture's name of a model: its highest terms, e.g. ``[12,13,4]``."""
    terms = [set(t) for t in model]
    top = [t for t in terms if not any(t < other for other in terms)]
    covered = set().union(*top) if top else set()
    top += [{i} for i in range(k) if i not in covered]
    top.sort(key=lambda t: (sorted(t)[0], -len(t), sorted(t)))
    return "[" + ",".join(_term_label(t, k) for t in top) + "]"


def _closure(generators: Iterable[Term]) -> Model:
    terms: set[Term] = set()
    for g in generators:
        for r in range(2, len(g) + 1):
            terms.update(frozenset(c) for c in itertools.combinations(sorted(g), r))
    return frozenset(terms)


def parse_model(text: str, k: int) -> Model:
    """Parse ``"[12,13,4]"`` (lists numbered 1..k by column order) into a model."""
    body = text.strip()
    if body.startswith("[") and body.endswith("]"):
        body = body[1:-1]
    if k > 9:
        raise EstimateError("model names use one digit per list: at most 9 lists")
    gens: list[Term] = []
    for raw in body.replace(" ", "").split(","):
        if not raw:
            continue
        if not raw.isdigit() or len(set(raw)) != len(raw):
            raise EstimateError(f"bad term {raw!r} in model {text!r}: digits 1..{k}, each once")
        term = frozenset(int(c) - 1 for c in raw)
        if any(not 0 <= i < k for i in term):
            raise EstimateError(f"term {raw!r} in model {text!r} names a list beyond 1..{k}")
        gens.append(term)
    model = _closure(gens)
    if any(len(t) >= k for t in model):
        raise EstimateError(
            f"model {text!r} holds the {k}-way interaction: it is saturated and cannot "
            "estimate the people on no list"
        )
    return model


def design_matrix(model: Model, patterns: npt.NDArray[np.int8]) -> FloatArray:
    """Intercept, main effects, then interaction columns (products), in a fixed order."""
    p = patterns.astype(np.float64)
    cols = [np.ones(len(p)), *(p[:, j] for j in range(p.shape[1]))]
    for term in _ordered_terms(model):
        cols.append(np.prod(p[:, sorted(term)], axis=1))
    return np.column_stack(cols)


def all_hierarchical_models(k: int, max_order: int | None = None) -> list[Model]:
    """Every hierarchical model with main effects and terms up to ``max_order`` (<= k - 1)."""
    top = k - 1 if max_order is None else min(max_order, k - 1)
    models: list[set[Term]] = [set()]
    for order in range(2, top + 1):
        candidates = [frozenset(c) for c in itertools.combinations(range(k), order)]
        grown: list[set[Term]] = []
        for m in models:
            allowed = [
                c
                for c in candidates
                if order == 2
                or all(frozenset(s) in m for s in itertools.combinations(sorted(c), order - 1))
            ]
            for r in range(len(allowed) + 1):
                for subset in itertools.combinations(allowed, r):
                    grown.append(m | set(subset))
        models = grown
    return [frozenset(m) for m in models]


def _ordered_terms(model: Model) -> list[Term]:
    return sorted(model, key=lambda t: (len(t), sorted(t)))


def fit_model(
    table: CaptureTable, model: Model, warm: tuple[Model, FloatArray] | None = None
) -> CaptureFit:
    """Fit one hierarchical model to the 2^k - 1 observed cells (zeros included).

    ``warm`` is a fitted sub-model and its coefficients: the fit starts from them (new
    terms at zero), which saves most iterations in a stepwise search.
    """
    y = table.full_cells().astype(np.float64)
    start = None
    if warm is not None:
        parent, beta = warm
        known = dict(zip(_ordered_terms(parent), beta[1 + table.k :], strict=True))
        start = np.concatenate(
            [beta[: 1 + table.k], [known.get(t, 0.0) for t in _ordered_terms(model)]]
        )
    return fit_capture_model(model_name(model, table.k), _design(model, table.k), y, start)


@functools.lru_cache(maxsize=8192)
def _design(model: Model, k: int) -> FloatArray:
    """The design over all observable cells, cached: strata refit the same models."""
    x = design_matrix(model, all_patterns(k))
    x.flags.writeable = False
    return x


def _score(fit: CaptureFit, criterion: Criterion) -> float:
    return fit.aic if criterion == "aic" else fit.bic


def _stepwise(table: CaptureTable, criterion: Criterion, max_order: int) -> list[CaptureFit]:
    """Forward selection from independence, one hierarchical term at a time."""
    k = table.k
    current: Model = frozenset()
    fits = {current: fit_model(table, current)}
    best = fits[current]
    while True:
        additions = []
        for order in range(2, max_order + 1):
            for c in itertools.combinations(range(k), order):
                term = frozenset(c)
                if term in current:
                    continue
                subs = (frozenset(s) for s in itertools.combinations(c, order - 1))
                if order == 2 or all(s in current for s in subs):
                    additions.append(current | {term})
        warm = (current, best.fit.beta)
        for m in additions:
            if m not in fits:
                fits[m] = fit_model(table, m, warm)
        usable = [fits[m] for m in additions if fits[m].usable]
        if not usable:
            break
        cand = min(usable, key=lambda f: _score(f, criterion))
        if _score(cand, criterion) >= _score(best, criterion):
            break
        best = cand
        current = next(m for m in additions if fits[m] is cand)
    return list(fits.values())


def fit_loglinear(
    table: CaptureTable,
    *,
    model: str | None = None,
    criterion: Criterion = "aic",
    alpha: float = 0.05,
    max_order: int | None = None,
) -> EstimateResult:
    """Estimate N with one named model, or the best hierarchical model by ``criterion``."""
    with single_thread_blas():
        return _fit_loglinear(table, model, criterion, alpha, max_order)


def _fit_loglinear(
    table: CaptureTable,
    model: str | None,
    criterion: Criterion,
    alpha: float,
    max_order: int | None,
) -> EstimateResult:
    notes = check_table(table, "loglinear", min_lists=2)
    if criterion not in ("aic", "bic"):
        raise EstimateError(f"criterion= must be aic or bic, got {criterion!r}")
    k = table.k
    ranked: list[CaptureFit] = []
    if model is not None:
        if model.strip().lower().replace(" ", "-") in HETEROGENEITY_MODELS:
            return fit_heterogeneity(table, model, alpha=alpha)
        chosen = fit_model(table, parse_model(model, k))
        how = f"model {chosen.name} as asked"
    else:
        if k <= EXHAUSTIVE_MAX_K:
            independence = fit_model(table, frozenset())
            warm: tuple[Model, FloatArray] = (frozenset(), independence.fit.beta)
            fits = [
                fit_model(table, m, warm) if m else independence
                for m in all_hierarchical_models(k, max_order)
            ]
            how = f"best of {len(fits)} hierarchical models by {criterion.upper()}"
        else:
            order = min(k - 1, STEPWISE_MAX_ORDER if max_order is None else max_order)
            fits = _stepwise(table, criterion, order)
            how = (
                f"forward stepwise search by {criterion.upper()}, terms up to {order}-way "
                f"({len(fits)} models fitted)"
            )
        ranked = sorted((f for f in fits if f.usable), key=lambda f: _score(f, criterion))
        dropped = len(fits) - len(ranked)
        if dropped:
            log.info(
                "%d models left out: their maximum likelihood estimate does not exist", dropped
            )
        if not ranked:
            raise EstimateError(
                "no log-linear model has a finite estimate for this table: the lists overlap "
                "too little (check the zero cells)"
            )
        chosen = ranked[0]
        notes += _close_rivals(ranked, criterion)
    if k == 2:
        notes.append(
            "with two lists only the independence model can be fitted and its fit cannot be "
            "checked: the estimate rests on the lists being independent"
        )
    return result_from_fit(table, chosen, ranked, how, criterion, alpha, notes, ASSUMPTIONS)


def _close_rivals(ranked: Sequence[CaptureFit], criterion: Criterion) -> list[str]:
    """Say so when models nearly as good as the chosen one estimate very different totals."""
    best = _score(ranked[0], criterion)
    close = [f for f in ranked[1:] if _score(f, criterion) - best <= RIVAL_MARGIN]
    if not close:
        return []
    estimates = [ranked[0].estimate, *(f.estimate for f in close)]
    lo, hi = min(estimates), max(estimates)
    if hi - lo <= 2.0 * ranked[0].std_err:
        return []
    return [
        f"{len(close)} other model(s) fit nearly as well (within {RIVAL_MARGIN:g} of the best "
        f"{criterion.upper()}) and estimate from {lo:,.0f} to {hi:,.0f}: the choice of model "
        "matters more than the interval shows"
    ]

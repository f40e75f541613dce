"""The LCMCR Gibbs sampler, compiled with numba.

One sweep updates, in the order of Manrique-Vallier's sampler (R package LCMCR):

1. the class counts of each observed pattern: the people showing pattern m are
   split across the K latent classes by one multinomial draw with probabilities
   proportional to nu_k * prod_j lambda_jk^x_mj (1 - lambda_jk)^(1 - x_mj);
2. lambda_jk ~ Beta(1 + #{in class k, on list j}, 1 + #{in class k, not on j}),
   counting the imputed never-listed people too;
3. the stick-breaking weights V_k ~ Beta(1 + n_k, alpha + n_{>k}), V_K = 1;
4. n0, the number of people on no list, ~ NegBin(n, 1 - p0) with p0 the
   probability of the all-zero pattern (this is the full conditional under the
   prior p(N) proportional to 1/N);
5. the class counts of those n0 people, one multinomial draw;
6. alpha ~ Gamma(a + K - 1, rate b - log nu_K).

Working on aggregated pattern counts makes a sweep cost O(patterns * K * J)
whatever the number of people; every draw is exact (no approximation).

Random numbers come from a small xoshiro256+ generator whose state is an
array threaded through every call: ``run_chain`` seeds it from the integer the
caller derives from its own seed (one SeedSequence child per chain), so a
chain is reproducible and neither NumPy's global state nor numba's own
per-thread generator (what ``np.random.seed`` inside a jitted function would
seed) is touched.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

# Below this count a pattern's people are allocated one by one (one uniform
# each); above it by sequential conditional binomials. Both are exact draws
# from the same multinomial; the switch is only for speed.
_SMALL_COUNT = 12

# --- random numbers -------------------------------------------------------------
# xoshiro256+ (Blackman and Vigna 2018) on a 4-word uint64 state array, seeded
# by splitmix64. Drawing through our own small generator rather than numba's
# np.random functions makes a sweep several times faster (numba's gamma and
# binomial cost ~100 ns each; these ~10-20 ns).

_M53 = 1.0 / 9007199254740992.0  # 2^-53


@njit(cache=True)
def seed_state(seed: int) -> np.ndarray:
    """A xoshiro256+ state from an integer seed, expanded by splitmix64."""
    state = np.empty(4, dtype=np.uint64)
    x = np.uint64(seed)
    for i in range(4):
        x = x + np.uint64(0x9E3779B97F4A7C15)
        z = x
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        state[i] = z ^ (z >> np.uint64(31))
    return state


@njit(cache=True)
def _uniform(s: np.ndarray) -> float:
    """A uniform draw on [0, 1)."""
    result = s[0] + s[3]
    t = s[1] << np.uint64(17)
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = (s[3] << np.uint64(45)) | (s[3] >> np.uint64(19))
    return float(result >> np.uint64(11)) * _M53


@njit(cache=True)
def _uniform_pos(s: np.ndarray) -> float:
    """A uniform draw on (0, 1)."""
    u = _uniform(s)
    while u == 0.0:
        u = _uniform(s)
    return u


def _ziggurat_tables(
    layers: int = 128, r: float = 3.442619855899, v: float = 9.91256303526217e-3
) -> tuple[np.ndarray, np.ndarray]:
    """Layer edges x_i and ratios x_{i+1}/x_i of the normal ziggurat (Doornik 2005).

    128 layers of equal area v under exp(-x^2/2); x_0 = v / f(r) is the width
    of the base strip (which carries the tail beyond r), x_1 = r, x_128 = 0.
    """
    x = np.zeros(layers + 1)
    f = math.exp(-0.5 * r * r)
    x[0] = v / f
    x[1] = r
    for i in range(2, layers):
        x[i] = math.sqrt(-2.0 * math.log(v / x[i - 1] + f))
        f = math.exp(-0.5 * x[i] * x[i])
    return x, x[1:] / x[:-1]


_ZIG_X, _ZIG_RATIO = _ziggurat_tables()
_ZIG_R = 3.442619855899


@njit(cache=True)
def _normal(s: np.ndarray) -> float:
    """A standard normal draw: Marsaglia and Tsang's ziggurat in Doornik's (2005) form."""
    while True:
        u = 2.0 * _uniform(s) - 1.0
        i = int(_uniform(s) * 128.0)
        if abs(u) < _ZIG_RATIO[i]:  # inside a layer's rectangle: most draws end here
            return float(u * _ZIG_X[i])
        if i == 0:  # the base strip: a draw from the tail beyond r
            while True:
                x = math.log(_uniform_pos(s)) / _ZIG_R
                y = math.log(_uniform_pos(s))
                if -2.0 * y >= x * x:
                    return x - _ZIG_R if u < 0.0 else _ZIG_R - x
        x = float(u * _ZIG_X[i])
        f0 = math.exp(-0.5 * (_ZIG_X[i] * _ZIG_X[i] - x * x))
        f1 = math.exp(-0.5 * (_ZIG_X[i + 1] * _ZIG_X[i + 1] - x * x))
        if f1 + _uniform(s) * (f0 - f1) < 1.0:  # under the density in the wedge
            return x


@njit(cache=True)
def _gamma(s: np.ndarray, shape: float) -> float:
    """A Gamma(shape, 1) draw (Marsaglia and Tsang 2000); shape > 0."""
    boost = 1.0
    if shape < 1.0:  # Gamma(a) = Gamma(a + 1) * U^(1/a)
        boost = _uniform_pos(s) ** (1.0 / shape)
        shape += 1.0
    d = shape - 1.0 / 3.0
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        x = _normal(s)
        v = 1.0 + c * x
        if v <= 0.0:
            continue
        v = v * v * v
        u = _uniform_pos(s)
        x2 = x * x
        if u < 1.0 - 0.0331 * x2 * x2:
            return d * v * boost
        if math.log(u) < 0.5 * x2 + d * (1.0 - v + math.log(v)):
            return d * v * boost


@njit(cache=True)
def _log_gamma(s: np.ndarray, shape: float) -> float:
    """log of a Gamma(shape, 1) draw, safe for tiny shapes (no underflow to log 0)."""
    if shape == 1.0:  # an exponential draw (the weight of an empty class)
        return math.log(-math.log(_uniform_pos(s)))
    if shape >= 1.0:
        return math.log(_gamma(s, shape))
    # Gamma(a) = Gamma(a + 1) * U^(1/a)
    return math.log(_gamma(s, shape + 1.0)) + math.log(_uniform_pos(s)) / shape


@njit(cache=True)
def _beta(s: np.ndarray, a: float, b: float) -> float:
    """A Beta(a, b) draw: by inversion when a or b is 1 (empty latent classes give
    Beta(1, 1) and nearly empty ones Beta(1, b) or Beta(a, 1)), else from two gammas."""
    if a == 1.0:
        if b == 1.0:
            return _uniform(s)
        return 1.0 - math.pow(_uniform_pos(s), 1.0 / b)
    if b == 1.0:
        return math.pow(_uniform_pos(s), 1.0 / a)
    x = _gamma(s, a)
    y = _gamma(s, b)
    return x / (x + y)


@njit(cache=True)
def _binomial(s: np.ndarray, n: int, p: float) -> int:
    """An exact Binomial(n, p) draw.

    Inversion when n * min(p, 1-p) < 10; otherwise Hormann's (1993) BTRS
    transformed rejection with squeeze, exact for n * p >= 10.
    """
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    flip = p > 0.5
    pp = 1.0 - p if flip else p
    q = 1.0 - pp
    if n * pp < 10.0:
        ratio = pp / q
        a = (n + 1) * ratio
        r = q**n
        u = _uniform(s)
        x = 0
        while u > r:
            u -= r
            x += 1
            if x > n:  # rounding left a sliver of mass: retry
                x = 0
                u = _uniform(s)
                r = q**n
                continue
            r *= a / x - ratio
        k = x
    else:
        spq = math.sqrt(n * pp * q)
        b = 1.15 + 2.53 * spq
        a = -0.0873 + 0.0248 * b + 0.01 * pp
        c = n * pp + 0.5
        v_r = 0.92 - 4.2 / b
        alpha = (2.83 + 5.1 / b) * spq
        m = math.floor((n + 1) * pp)
        h = math.nan  # the exact test's constants, computed only if it is reached
        lpq = 0.0
        while True:
            u = _uniform(s) - 0.5
            v = _uniform_pos(s)
            us = 0.5 - abs(u)
            kf = math.floor((2.0 * a / us + b) * u + c)
            if kf < 0.0 or kf > n:
                continue
            if us >= 0.07 and v <= v_r:
                break
            lv = math.log(v * alpha / (a / (us * us) + b))
            if math.isnan(h):
                h = math.lgamma(m + 1.0) + math.lgamma(n - m + 1.0)
                lpq = math.log(pp / q)
            if lv <= h - math.lgamma(kf + 1.0) - math.lgamma(n - kf + 1.0) + (kf - m) * lpq:
                break
        k = int(kf)
    return n - k if flip else k


@njit(cache=True)
def _poisson(s: np.ndarray, lam: float) -> int:
    """An exact Poisson(lam) draw: multiplication below 10, else Hormann's PTRS."""
    if lam <= 0.0:
        return 0
    if lam < 10.0:
        limit = math.exp(-lam)
        x = 0
        prod = _uniform(s)
        while prod > limit:
            x += 1
            prod *= _uniform(s)
        return x
    slam = math.sqrt(lam)
    loglam = math.log(lam)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    invalpha = 1.1239 + 1.1328 / (b - 3.4)
    v_r = 0.9277 - 3.6224 / (b - 2.0)
    while True:
        u = _uniform(s) - 0.5
        v = _uniform_pos(s)
        us = 0.5 - abs(u)
        kf = math.floor((2.0 * a / us + b) * u + lam + 0.43)
        if us >= 0.07 and v <= v_r:
            return int(kf)
        if kf < 0.0 or (us < 0.013 and v > us):
            continue
        lhs = math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b)
        if lhs <= -lam + kf * loglam - math.lgamma(kf + 1.0):
            return int(kf)


@njit(cache=True)
def _negative_binomial(s: np.ndarray, r: int, p: float) -> int:
    """Failures before the r-th success with success probability p (gamma-Poisson mixture)."""
    if p >= 1.0 or r <= 0:
        return 0
    return _poisson(s, _gamma(s, float(r)) * (1.0 - p) / p)


@njit(cache=True)
def _multinomial(
    s: np.ndarray, n: int, probs: np.ndarray, order: np.ndarray, out: np.ndarray
) -> None:
    """Exact multinomial(n, probs / sum(probs)) into ``out``.

    ``order`` is any fixed ordering of the classes (largest first ends the
    sequential conditional binomials early); ``probs`` need not be normalised.
    """
    k = probs.shape[0]
    for i in range(k):
        out[i] = 0
    if n == 0:
        return
    total = 0.0
    for i in range(k):
        total += probs[i]
    if n <= _SMALL_COUNT:
        for _ in range(n):
            u = _uniform(s) * total
            acc = 0.0
            chosen = order[k - 1]
            for r in range(k):
                c = order[r]
                acc += probs[c]
                if u < acc:
                    chosen = c
                    break
            out[chosen] += 1
        return
    left = n
    rest = total
    for r in range(k - 1):
        c = order[r]
        if left == 0:
            return
        p = probs[c] / rest if rest > 0.0 else 1.0
        if p >= 1.0:
            out[c] = left
            return
        if p > 0.0:
            draw = _binomial(s, left, p)
            out[c] = draw
            left -= draw
        rest -= probs[c]
    out[order[k - 1]] += left


@njit(cache=True)
def _argsort_desc(x: np.ndarray, order: np.ndarray) -> None:
    """Insertion sort of indices by decreasing x (K is small)."""
    k = x.shape[0]
    for i in range(k):
        order[i] = i
    for i in range(1, k):
        key = order[i]
        j = i - 1
        while j >= 0 and x[order[j]] < x[key]:
            order[j + 1] = order[j]
            j -= 1
        order[j + 1] = key


@njit(cache=True)
def _pattern_table(lam: np.ndarray, nu: np.ndarray, table: np.ndarray) -> None:
    """table[r, k] = nu_k * P(pattern r | class k) for all 2^J patterns.

    Pattern r has list j's bit at (r >> j) & 1 (the cell order of
    ``histories``); r = 0 is "on no list". Built list by list, doubling the
    filled rows each time: 2 * 2^J * K products instead of M * J * K.
    """
    n_lists, k_cls = lam.shape
    for k in range(k_cls):
        table[0, k] = nu[k]
    filled = 1
    for j in range(n_lists):
        for r in range(filled):
            for k in range(k_cls):
                v = table[r, k]
                table[r + filled, k] = v * lam[j, k]
                table[r, k] = v * (1.0 - lam[j, k])
        filled *= 2


@njit(cache=True)
def _sweep(
    rs: np.ndarray,
    cells: np.ndarray,
    cell_idx: np.ndarray,
    table: np.ndarray,
    freq: np.ndarray,
    n_obs: int,
    lam: np.ndarray,
    log_nu: np.ndarray,
    nu: np.ndarray,
    count_mk: np.ndarray,
    count0: np.ndarray,
    state: np.ndarray,
    prior: np.ndarray,
    update_alpha: bool,
    work: np.ndarray,
    order: np.ndarray,
    on_list: np.ndarray,
    class_n: np.ndarray,
) -> None:
    """One Gibbs sweep. ``state`` holds [alpha, n0, k_star]; ``prior`` [a_alpha, b_alpha]."""
    m_cells, n_lists = cells.shape
    k_cls = lam.shape[1]
    alpha = state[0]
    probs = work[0]
    miss = work[1]

    # 1. class counts of the observed patterns. Classes are visited largest
    # first (one ordering per sweep) so the conditional binomials end early.
    _argsort_desc(nu, order)
    for k in range(k_cls):
        class_n[k] = count0[k]
        for j in range(n_lists):
            on_list[j, k] = 0
    use_table = table.shape[0] > 1
    for m in range(m_cells):
        if use_table:
            row = table[cell_idx[m]]
            for k in range(k_cls):
                probs[k] = row[k]
        else:
            for k in range(k_cls):
                prod = nu[k]
                for j in range(n_lists):
                    if cells[m, j] == 1:
                        prod *= lam[j, k]
                    else:
                        prod *= 1.0 - lam[j, k]
                probs[k] = prod
        _multinomial(rs, freq[m], probs, order, count_mk[m])
        for k in range(k_cls):
            c = count_mk[m, k]
            if c > 0:
                class_n[k] += c
                for j in range(n_lists):
                    if cells[m, j] == 1:
                        on_list[j, k] += c
    k_star = 0
    for k in range(k_cls):
        if class_n[k] > 0:
            k_star += 1

    # 2. list capture probabilities per class (the imputed people count as "not on j")
    for j in range(n_lists):
        for k in range(k_cls):
            lam[j, k] = _beta(rs, 1.0 + on_list[j, k], 1.0 + class_n[k] - on_list[j, k])

    # 3. stick-breaking weights on the log scale (tiny alpha must not underflow)
    n_total = n_obs + int(state[1])
    acc = 0
    log_rest = 0.0
    for k in range(k_cls - 1):
        acc += class_n[k]
        g1 = _log_gamma(rs, 1.0 + class_n[k])
        g2 = _log_gamma(rs, alpha + (n_total - acc))
        hi = max(g1, g2)
        lsum = hi + math.log(math.exp(g1 - hi) + math.exp(g2 - hi))
        log_nu[k] = g1 - lsum + log_rest
        log_rest += g2 - lsum
        nu[k] = math.exp(log_nu[k])
    log_nu[k_cls - 1] = log_rest
    nu[k_cls - 1] = math.exp(log_rest)

    # 4. the never-listed count, NegBin(n, 1 - p0)
    # (the table, rebuilt here from the new lambda and nu, also serves step 1
    # of the next sweep)
    p0 = 0.0
    if use_table:
        _pattern_table(lam, nu, table)
        for k in range(k_cls):
            miss[k] = table[0, k]
            p0 += miss[k]
    else:
        for k in range(k_cls):
            prod = nu[k]
            for j in range(n_lists):
                prod *= 1.0 - lam[j, k]
            miss[k] = prod
            p0 += prod
    p0 = min(p0, 1.0 - 1e-15)
    n0 = _negative_binomial(rs, n_obs, 1.0 - p0) if p0 > 0.0 else 0

    # 5. their classes
    _multinomial(rs, n0, miss, order, count0)

    # 6. concentration of the stick-breaking prior
    if update_alpha:
        alpha = _gamma(rs, prior[0] + k_cls - 1.0) / (prior[1] - log_nu[k_cls - 1])
    state[0] = alpha
    state[1] = n0
    state[2] = k_star


@njit(cache=True)
def start_chain(
    cells: np.ndarray, freq: np.ndarray, k_cls: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A chain's starting state: (generator, lambda, nu, log nu, count0, [alpha, n0, k_star]).

    The start is dispersed at random around the lists' marginal capture rates
    so that several chains test convergence.
    """
    rs = seed_state(seed)
    m_cells, n_lists = cells.shape
    n_obs = 0
    for m in range(m_cells):
        n_obs += freq[m]
    lam = np.empty((n_lists, k_cls))
    for j in range(n_lists):
        on = 0
        for m in range(m_cells):
            if cells[m, j] == 1:
                on += freq[m]
        p = on / max(n_obs, 1)
        for k in range(k_cls):
            lam[j, k] = min(max(p * (0.5 + _uniform(rs)), 0.01), 0.99)
    nu = np.empty(k_cls)
    log_nu = np.empty(k_cls)
    log_rest = 0.0
    for k in range(k_cls - 1):
        v = min(max(_uniform(rs), 1e-6), 1.0 - 1e-6)
        log_nu[k] = math.log(v) + log_rest
        log_rest += math.log(1.0 - v)
        nu[k] = math.exp(log_nu[k])
    log_nu[k_cls - 1] = log_rest
    nu[k_cls - 1] = math.exp(log_rest)
    count0 = np.zeros(k_cls, dtype=np.int64)
    state = np.array([1.0, 0.0, 0.0])
    return rs, lam, nu, log_nu, count0, state


@njit(cache=True, nogil=True)
def continue_chain(
    cells: np.ndarray,
    freq: np.ndarray,
    chain: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    a_alpha: float,
    b_alpha: float,
    warmup: int,
    burnin: int,
    samples: int,
    thin: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Advance a chain from ``chain`` (``start_chain``'s state, updated in place).

    ``warmup`` sweeps with alpha held at 1 (LCMCR also warms up with alpha
    fixed) come before ``burnin`` full sweeps; then ``samples`` draws of (n0,
    k_star, alpha) are kept, one every ``thin`` sweeps. Everything a sweep
    carries to the next lives in ``chain`` (the pattern table is a function of
    lambda and nu), so a chain continued in several calls draws exactly what
    one long call would.
    """
    rs, lam, nu, log_nu, count0, state = chain
    m_cells, n_lists = cells.shape
    k_cls = lam.shape[1]
    n_obs = 0
    for m in range(m_cells):
        n_obs += freq[m]
    count_mk = np.zeros((m_cells, k_cls), dtype=np.int64)
    prior = np.array([a_alpha, b_alpha])
    work = np.empty((2, k_cls))
    order = np.empty(k_cls, dtype=np.int64)
    on_list = np.zeros((n_lists, k_cls), dtype=np.int64)
    class_n = np.zeros(k_cls, dtype=np.int64)
    # the all-pattern table pays off when it is not much bigger than the data
    if n_lists <= 16 and 2**n_lists <= 4 * m_cells * n_lists:
        table = np.empty((2**n_lists, k_cls))
        _pattern_table(lam, nu, table)
    else:
        table = np.empty((1, k_cls))
    cell_idx = np.zeros(m_cells, dtype=np.int64)
    for m in range(m_cells):
        for j in range(n_lists):
            if cells[m, j] == 1:
                cell_idx[m] += 1 << j
    args = (cells, cell_idx, table, freq, n_obs, lam, log_nu, nu, count_mk, count0, state, prior)
    tail = (work, order, on_list, class_n)

    for _ in range(warmup):
        _sweep(rs, *args, False, *tail)
    for _ in range(burnin):
        _sweep(rs, *args, True, *tail)
    n0_draws = np.empty(samples, dtype=np.int64)
    kstar_draws = np.empty(samples, dtype=np.int64)
    alpha_draws = np.empty(samples)
    for i in range(samples):
        for _ in range(thin):
            _sweep(rs, *args, True, *tail)
        n0_draws[i] = int(state[1])
        kstar_draws[i] = int(state[2])
        alpha_draws[i] = state[0]
    return n0_draws, kstar_draws, alpha_draws


def run_chain(
    cells: np.ndarray,
    freq: np.ndarray,
    k_cls: int,
    a_alpha: float,
    b_alpha: float,
    warmup: int,
    burnin: int,
    samples: int,
    thin: int,
    seed: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run one chain of fixed length from its start; return the saved (n0, k_star, alpha)."""
    chain = start_chain(cells, freq, k_cls, seed)
    return continue_chain(cells, freq, chain, a_alpha, b_alpha, warmup, burnin, samples, thin)


# --- checking the generators -------------------------------------------------------

DISTRIBUTIONS = ("normal", "gamma", "beta", "binomial", "poisson", "negative_binomial")


@njit(cache=True)
def sample(kind: int, a: float, b: float, n: int, seed: int) -> np.ndarray:
    """``n`` draws of DISTRIBUTIONS[kind] with parameters (a, b), for tests and checks."""
    s = seed_state(seed)
    out = np.empty(n)
    for i in range(n):
        if kind == 0:
            out[i] = _normal(s)
        elif kind == 1:
            out[i] = _gamma(s, a)
        elif kind == 2:
            out[i] = _beta(s, a, b)
        elif kind == 3:
            out[i] = _binomial(s, int(a), b)
        elif kind == 4:
            out[i] = _poisson(s, a)
        else:
            out[i] = _negative_binomial(s, int(a), b)
    return out


@njit(cache=True)
def sample_multinomial(n: int, probs: np.ndarray, reps: int, seed: int) -> np.ndarray:
    """``reps`` multinomial(n, probs) draws as rows, through the sampler's own routine."""
    s = seed_state(seed)
    order = np.empty(probs.size, dtype=np.int64)
    _argsort_desc(probs, order)
    out = np.zeros((reps, probs.size), dtype=np.int64)
    for r in range(reps):
        _multinomial(s, n, probs, order, out[r])
    return out

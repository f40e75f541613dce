"""Simulation study and timings for the frequentist estimators (chapman, loglinear, Rcapture's
heterogeneity models). Figures go to bench/README.md, section "estimate (log-linear)".

    .venv/bin/python bench/estimate_loglinear.py study [--reps 200] [--seed 2026]
    .venv/bin/python bench/estimate_loglinear.py strata [--seed 7]
    .venv/bin/python bench/estimate_loglinear.py eight [--seed 3]

study: populations of N = 2,000 with 4 lists, in three scenarios:
  * independent  -- one capture probability per list, the same for everyone (all assumptions
                    of independence hold: the control);
  * dependent    -- as above, but being on list 1 triples the odds of being on list 2;
  * hetero+dep   -- two latent classes (25% "visible" people with capture probabilities
                    0.50, 0.45, 0.40, 0.30; 75% "hidden" ones with 0.12, 0.10, 0.08, 0.05),
                    and the list 1 -> list 2 dependence within each class.
For each method: coverage of the 95% interval, relative bias of the point estimate (mean of
(estimate - N) / N), median relative width of the interval, and failures (EstimateError).

strata: a stratified log-linear estimate over 31 provinces x 8 weeks (248 strata) with 4
lists, about 47,000 people observed, timed end to end (selection by AIC in every stratum).

eight: one table of 8 lists (N = 50,000; 30% visible people with capture probabilities
0.3-0.6, 70% hidden ones with 0.05-0.2), 255 observed patterns: forward stepwise selection
(terms up to three-way) by AIC and by BIC, timed.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections import defaultdict
from collections.abc import Callable

import numpy as np
import pandas as pd

from reckon.errors import EstimateError, ReckonWarning
from reckon.estimate import CaptureTable, EstimateResult, estimate_table
from reckon.estimate.strata import estimate_histories

N = 2000
LISTS = ("A", "B", "C", "D")
HOMOGENEOUS = np.array([0.30, 0.25, 0.20, 0.15])
VISIBLE = np.array([0.50, 0.45, 0.40, 0.30])
HIDDEN = np.array([0.12, 0.10, 0.08, 0.05])
LIFT = 3.0  # odds ratio of list B given list A


def _lift(p: float) -> float:
    return p * LIFT / (1 - p + p * LIFT)


def simulate(rng: np.random.Generator, scenario: str) -> CaptureTable:
    if scenario == "hetero+dep":
        visible = rng.random(N) < 0.25
        probs = np.where(visible[:, None], VISIBLE, HIDDEN)
    else:
        probs = np.tile(HOMOGENEOUS, (N, 1))
    caught = rng.random((N, 4)) < probs
    if scenario != "independent":
        p_b = np.array([_lift(p) for p in probs[:, 1]])
        caught[:, 1] = np.where(caught[:, 0], rng.random(N) < p_b, caught[:, 1])
    return CaptureTable.from_memberships(
        ({LISTS[j] for j in np.flatnonzero(row)} for row in caught), LISTS
    )


METHODS: dict[str, Callable[[CaptureTable], EstimateResult]] = {
    "chapman (A,B)": lambda t: estimate_table(t, "chapman", lists=["A", "B"]),
    "chapman (A,C)": lambda t: estimate_table(t, "chapman", lists=["A", "C"]),
    "loglinear AIC": lambda t: estimate_table(t, "loglinear", criterion="aic"),
    "loglinear BIC": lambda t: estimate_table(t, "loglinear", criterion="bic"),
    "Mth Chao (LB)": lambda t: estimate_table(t, "loglinear", model="Mth Chao"),
    "Mth Poisson2": lambda t: estimate_table(t, "loglinear", model="Mth Poisson2"),
    "Mth Darroch": lambda t: estimate_table(t, "loglinear", model="Mth Darroch"),
}


def study(reps: int, seed: int) -> None:
    rows = []
    started = time.perf_counter()
    for scenario in ("independent", "dependent", "hetero+dep"):
        stats: dict[str, list[tuple[bool, float, float]]] = defaultdict(list)
        failures: dict[str, int] = defaultdict(int)
        observed = []
        for ss in np.random.SeedSequence([seed, len(scenario)]).spawn(reps):
            table = simulate(np.random.default_rng(ss), scenario)
            observed.append(table.observed)
            for name, fit in METHODS.items():
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", ReckonWarning)
                        r = fit(table)
                except EstimateError:
                    failures[name] += 1
                    continue
                lo, hi = r.ci
                stats[name].append((lo <= N <= hi, (r.estimate - N) / N, (hi - lo) / N))
        for name in METHODS:
            got = np.array(stats[name], dtype=float).reshape(-1, 3)
            rows.append(
                {
                    "scenario": scenario,
                    "method": name,
                    "coverage": got[:, 0].mean() if len(got) else np.nan,
                    "rel. bias": got[:, 1].mean() if len(got) else np.nan,
                    "median rel. width": np.median(got[:, 2]) if len(got) else np.nan,
                    "failures": failures[name],
                }
            )
        print(f"{scenario}: mean observed {np.mean(observed):.0f} of {N}", flush=True)
    frame = pd.DataFrame(rows)
    print("| " + " | ".join(frame.columns) + " |")
    print("|" + "---|" * len(frame.columns))
    for rec in frame.itertuples(index=False):
        cells = [f"{v:.3f}" if isinstance(v, float) else str(v) for v in rec]
        print("| " + " | ".join(cells) + " |")
    print(f"{reps} populations per scenario, {time.perf_counter() - started:.0f} s")


def strata(seed: int) -> None:
    rng = np.random.default_rng(seed)
    rows = []
    truth = 0
    for province in range(31):
        for week in range(8):
            size = int(rng.integers(150, 450))
            truth += size
            shift = rng.normal(0.0, 0.3)
            probs = 1 / (1 + np.exp(-(np.log(HOMOGENEOUS / (1 - HOMOGENEOUS)) + shift)))
            caught = rng.random((size, 4)) < probs
            for row in caught:
                if row.any():
                    rows.append(
                        {
                            "sources": frozenset(LISTS[j] for j in np.flatnonzero(row)),
                            "stratum": f"{province:02d}-w{week}",
                        }
                    )
    people = pd.DataFrame(rows).rename(columns={"stratum": "province"})
    started, cpu = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReckonWarning)
        result = estimate_histories(people, "loglinear", lists=LISTS, by="province")
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"{len(result.strata)} strata, {result.observed} observed: estimate "
        f"{result.estimate:,.0f} ({result.ci[0]:,.0f} - {result.ci[1]:,.0f}), true total "
        f"{truth:,}, in {elapsed:.1f} s wall, {cpu:.1f} s CPU"
    )


def eight(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 50_000
    visible = rng.random(n) < 0.3
    probs = np.where(visible[:, None], rng.uniform(0.3, 0.6, 8), rng.uniform(0.05, 0.2, 8))
    caught = rng.random((n, 8)) < probs
    names = [f"L{i + 1}" for i in range(8)]
    table = CaptureTable.from_memberships(
        ({names[j] for j in np.flatnonzero(row)} for row in caught), names
    )
    print(f"{table.observed:,} observed of {n:,}, {len(table.counts)} patterns")
    for criterion in ("aic", "bic"):
        wall, cpu = time.perf_counter(), time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ReckonWarning)
            r = estimate_table(table, "loglinear", criterion=criterion)
        print(
            f"{criterion}: {r.estimate:,.0f} ({r.ci[0]:,.0f} - {r.ci[1]:,.0f}), "
            f"{r.diagnostics['selection']}; {time.perf_counter() - wall:.1f} s wall, "
            f"{time.process_time() - cpu:.1f} s CPU"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["study", "strata", "eight"])
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if args.what == "study":
        study(args.reps, args.seed)
    elif args.what == "strata":
        strata(args.seed)
    else:
        eight(args.seed)


if __name__ == "__main__":
    main()

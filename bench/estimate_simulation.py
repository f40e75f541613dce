"""Simulation study: coverage of the 95% intervals and bias of each estimator.

``--populations`` simulated populations (default 200), each of N people (N drawn
between 1,000 and 5,000) seen by four lists, alternating two scenarios:

* ``classes``: two latent classes, a hard-to-reach majority (60-80% of people,
  capture probabilities 0.04-0.20 per list) and a visible minority (0.25-0.60);
  lists independent within a class. Heterogeneity of this kind makes lists
  look positively dependent overall (the setting of Manrique-Vallier 2016).
* ``dependent``: the same classes, plus direct list dependence within each
  class: being on list 1 multiplies the chance of list 2 by 2.5 (referral),
  being on list 3 divides the chance of list 4 by 3 (one source avoids
  another's cases). This violates LCMCR's local independence on purpose.
* ``mv-sim1`` .. ``mv-sim5`` (30% of the populations): the five designs of the
  simulation in Manrique-Vallier (2016), N = 2,000 over five lists, two or
  three strata of very different visibility, as transcribed in HRDAG's
  StanLCMCR repository (import/hand/simulations.yaml).

Every method sees the same table: lcmcr (2 chains, burn-in 5,000, 1,000 draws
thinned by 10, K = 10; shorter than the default 4 chains so the study stays
bounded), dga (delta = 2^-4), the frequentist engineer's loglinear (AIC) and
chapman on lists 1 and 2 through ``reckon.estimate.estimate_table``. For each:
coverage of the 95% interval, median and mean relative error (estimate - N)/N,
median relative interval width, and how often it warned. Runs on 2 worker
processes.

    .venv/bin/python bench/estimate_simulation.py [--populations 200] [--workers 2]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import time
import warnings
from typing import Any

import numpy as np

from reckon.errors import EstimateError
from reckon.estimate import CaptureTable, estimate_table
from reckon.estimate.histories import all_patterns

LISTS = 4
METHODS: dict[str, dict[str, Any]] = {
    "lcmcr": {"burnin": 5_000, "samples": 1_000, "thin": 10, "chains": 2, "K": 10},
    "dga": {},
    "loglinear": {"criterion": "aic"},
    "chapman": {"lists": [0, 1]},
}


MV2016 = {  # (people, capture probability on each of the five lists) per stratum
    "mv-sim1": [
        (1800, [0.033, 0.033, 0.099, 0.132, 0.033]),
        (200, [0.66, 0.825, 0.759, 0.99, 0.693]),
    ],
    "mv-sim2": [
        (1600, [0.013, 0.013, 0.099, 0.132, 0.033]),
        (400, [0.56, 0.825, 0.759, 0.99, 0.593]),
    ],
    "mv-sim3": [
        (1600, [0.113, 0.113, 0.199, 0.232, 0.133]),
        (400, [0.86, 0.925, 0.859, 0.99, 0.793]),
    ],
    "mv-sim4": [
        (1600, [0.1, 0.05, 0.15, 0.2, 0.1]),
        (200, [0.5, 0.4, 0.6, 0.4, 0.5]),
        (200, [0.8, 0.9, 0.6, 0.7, 0.7]),
    ],
    "mv-sim5": [
        (1600, [0.113, 0.113, 0.199, 0.832, 0.733]),
        (400, [0.86, 0.925, 0.859, 0.19, 0.193]),
    ],
}


def _table(x: np.ndarray) -> CaptureTable:
    lists = x.shape[1]
    seen = x[x.any(axis=1)].astype(np.int64)
    full = np.bincount(seen @ (1 << np.arange(lists)) - 1, minlength=2**lists - 1)
    keep = full > 0
    names = tuple(f"L{j + 1}" for j in range(lists))
    return CaptureTable(names, all_patterns(lists)[keep], full[keep])


def simulate(seed: int, scenario: str) -> tuple[CaptureTable, int]:
    """One population's capture table and its true size."""
    rng = np.random.default_rng(seed)
    if scenario in MV2016:
        strata = MV2016[scenario]
        x = np.concatenate([rng.random((n, 5)) < np.array(p) for n, p in strata])
        return _table(x), sum(n for n, _ in strata)
    n = int(rng.integers(1_000, 5_001))
    hard = rng.uniform(0.6, 0.8)
    p = np.stack([rng.uniform(0.04, 0.20, LISTS), rng.uniform(0.25, 0.60, LISTS)], axis=1)
    z = (rng.random(n) >= hard).astype(np.int64)
    probs = p[:, z].T  # (n, lists)
    x = np.zeros((n, LISTS), dtype=bool)
    x[:, 0] = rng.random(n) < probs[:, 0]
    x[:, 2] = rng.random(n) < probs[:, 2]
    if scenario == "dependent":
        p1 = np.where(x[:, 0], np.minimum(0.95, 2.5 * probs[:, 1]), probs[:, 1])
        p3 = np.where(x[:, 2], probs[:, 3] / 3.0, probs[:, 3])
    else:
        p1, p3 = probs[:, 1], probs[:, 3]
    x[:, 1] = rng.random(n) < p1
    x[:, 3] = rng.random(n) < p3
    return _table(x), n


def scenarios(populations: int) -> list[str]:
    """70% alternating classes / dependent, then 30% cycling through the MV2016 designs."""
    mv = round(0.3 * populations)
    first = ["classes" if i % 2 == 0 else "dependent" for i in range(populations - mv)]
    return first + [list(MV2016)[i % len(MV2016)] for i in range(mv)]


def run_one(task: tuple[int, str]) -> list[dict[str, Any]]:
    index, scenario = task
    table, truth = simulate(1_000 + index, scenario)
    rows = []
    for method, options in METHODS.items():
        row: dict[str, Any] = {"i": index, "scenario": scenario, "method": method, "N": truth}
        start = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                r = estimate_table(table, method, seed=index, **options)
            except EstimateError as exc:
                row.update(error=str(exc))
                rows.append(row)
                continue
        row.update(
            estimate=r.estimate,
            lo=r.ci[0],
            hi=r.ci[1],
            observed=table.observed,
            warned=bool(caught),
            seconds=time.perf_counter() - start,
        )
        rows.append(row)
    return rows


def _in(group: str, scenario: str) -> bool:
    return group in ("all", scenario) or (group == "mv2016" and scenario in MV2016)


def summarise(rows: list[dict[str, Any]]) -> str:
    out = [
        "| scenario | method | fits | coverage of 95% CI | median rel. error | mean rel. error "
        "| median rel. CI width | warned | s per fit |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for scenario in ("classes", "dependent", *MV2016, "mv2016", "all"):
        for method in METHODS:
            sel = [
                r
                for r in rows
                if r["method"] == method and _in(scenario, r["scenario"]) and "estimate" in r
            ]
            if not sel:
                continue
            n = np.array([r["N"] for r in sel], dtype=float)
            est = np.array([r["estimate"] for r in sel])
            lo = np.array([r["lo"] for r in sel])
            hi = np.array([r["hi"] for r in sel])
            rel = (est - n) / n
            cover = np.mean((lo <= n) & (n <= hi))
            failed = sum(
                1
                for r in rows
                if r["method"] == method and _in(scenario, r["scenario"]) and "error" in r
            )
            fits = f"{len(sel)}" + (f" (+{failed} refused)" if failed else "")
            width = np.median((hi - lo) / n)
            warned = np.mean([r["warned"] for r in sel])
            secs = np.mean([r["seconds"] for r in sel])
            out.append(
                f"| {scenario} | {method} | {fits} | {100 * cover:.1f}% "
                f"| {100 * np.median(rel):+.1f}% | {100 * rel.mean():+.1f}% "
                f"| {100 * width:.0f}% | {100 * warned:.0f}% | {secs:.2f} |"
            )
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--populations", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    start = time.perf_counter()
    with mp.get_context("spawn").Pool(args.workers) as pool:
        tasks = list(enumerate(scenarios(args.populations)))
        rows = [r for chunk in pool.imap_unordered(run_one, tasks) for r in chunk]
    print(
        f"{args.populations} populations, {args.workers} workers, "
        f"{time.perf_counter() - start:.0f} s wall"
    )
    print(summarise(rows))


if __name__ == "__main__":
    main()

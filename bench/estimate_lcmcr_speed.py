"""Sweeps per second of the LCMCR Gibbs sampler, against R's LCMCR.

R's LCMCR (C++) was measured on this kind of 2-core machine at about 44,000
sweeps/s on the Kosovo data at K = 10 and 5,000-5,600 sweeps/s on an 8-list
table of 255 observed patterns (34,371 observed of a true 50,000) (issue 5).
Our 8-list table is generated here (seeded): 50,000 people in three latent
classes of very different visibility, 255 observed patterns; it has the same
shape as R's table, not the same counts.

Each figure is one chain (one core): ``reps`` runs of ``sweeps`` sweeps, the
median of the sweeps per second measured on process CPU time (the machine is
shared; CPU time is what the sampler used) and on wall time. Then the full
default ``fit_lcmcr`` (4 chains, threads on the 2 cores), wall time.

    .venv/bin/python bench/estimate_lcmcr_speed.py [--sweeps 40000] [--reps 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from pathlib import Path

import numpy as np

from reckon.errors import ConvergenceWarning
from reckon.estimate import CaptureTable
from reckon.estimate._lcmcr_kernels import run_chain
from reckon.estimate.histories import all_patterns
from reckon.estimate.lcmcr import fit_lcmcr

KOSOVO = Path(__file__).parents[1] / "tests" / "data" / "kosovo_aggregate.csv"
R_LCMCR = {"kosovo": 44_000, "eight lists": 5_600}


def eight_list_table(seed: int = 4, people: int = 50_000) -> CaptureTable:
    """Eight lists over 50,000 people in three latent classes (seed 4: 255 patterns)."""
    rng = np.random.default_rng(seed)
    lists = 8
    weights = np.array([0.55, 0.35, 0.10])
    base = np.array([0.16, 0.07, 0.45])
    p = np.clip(base[None, :] * rng.uniform(0.7, 1.3, size=(lists, 3)), 0.01, 0.95)
    z = rng.choice(3, size=people, p=weights)
    x = rng.random((people, lists)) < p[:, z].T
    x = x[x.sum(axis=1) > 0].astype(np.int64)
    full = np.bincount(x @ (1 << np.arange(lists)) - 1, minlength=2**lists - 1)
    keep = full > 0
    names = tuple(f"list{j + 1}" for j in range(lists))
    return CaptureTable(names, all_patterns(lists)[keep], full[keep])


def sweeps_per_second(table: CaptureTable, sweeps: int, reps: int, k: int = 10) -> dict[str, float]:
    cells = np.ascontiguousarray(table.patterns, dtype=np.int8)
    freq = np.ascontiguousarray(table.counts, dtype=np.int64)
    run_chain(cells, freq, k, 0.25, 0.25, 0, 0, 4, 1, 0)  # compile / load the cache
    cpu, wall = [], []
    for rep in range(reps):
        c0, w0 = time.process_time(), time.perf_counter()
        run_chain(cells, freq, k, 0.25, 0.25, 0, sweeps, 1, 1, rep + 1)
        cpu.append(sweeps / (time.process_time() - c0))
        wall.append(sweeps / (time.perf_counter() - w0))
    return {"cpu": statistics.median(cpu), "wall": statistics.median(wall)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sweeps", type=int, default=40_000)
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    tables = {"kosovo": CaptureTable.from_csv(KOSOVO), "eight lists": eight_list_table()}
    for name, table in tables.items():
        s = sweeps_per_second(table, args.sweeps, args.reps)
        print(
            f"{name}: {table.k} lists, {len(table.counts)} patterns, {table.observed:,} "
            f"observed; K=10: {s['cpu']:,.0f} sweeps/s (CPU), {s['wall']:,.0f} (wall); "
            f"{s['cpu'] / R_LCMCR[name]:.2f}x R's LCMCR"
        )
        w0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            r = fit_lcmcr(table, seed=1)
        print(
            f"  fit_lcmcr defaults (4 chains x 20,500 sweeps, threads): "
            f"{time.perf_counter() - w0:.1f} s wall; median {r.estimate:,.0f} "
            f"({r.ci[0]:,.0f}-{r.ci[1]:,.0f}), R-hat {r.diagnostics['rhat']:.3f}, "
            f"ESS {r.diagnostics['ess_bulk']:.0f}"
        )


if __name__ == "__main__":
    main()

"""A stratified estimate over 31 provinces x 8 weeks with 4 lists (issue 5: under 2 minutes).

Synthetic victims (seeded): ``--people`` in total (default 60,000), spread over
31 provinces (log-normal sizes) and 8 weeks; each province has its own mix of
a hard-to-reach and a visible latent class, and four lists capture them. Each
of the 248 province-week strata gets its own capture table, and
``reckon.estimate.strata.estimate_strata`` estimates them all with the method's
defaults (lcmcr: 4 chains that decide their own length within a shared budget of
6 minutes, K from 10, chains threaded on the 2 cores) and pools the total by summing
posterior draws.

    .venv/bin/python bench/estimate_strata_speed.py [--method lcmcr] [--people 60000]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np

from reckon.errors import ReckonWarning
from reckon.estimate import CaptureTable
from reckon.estimate.histories import all_patterns
from reckon.estimate.strata import estimate_strata

PROVINCES, WEEKS, LISTS = 31, 8, 4


def stratified_tables(people: int, seed: int = 7) -> dict[str, CaptureTable]:
    rng = np.random.default_rng(seed)
    size = rng.lognormal(0.0, 0.8, PROVINCES)
    province = rng.choice(PROVINCES, size=people, p=size / size.sum())
    week = rng.choice(WEEKS, size=people, p=np.linspace(1.5, 0.5, WEEKS) / 8.0)
    hard_share = rng.uniform(0.5, 0.85, PROVINCES)
    p_hard = rng.uniform(0.05, 0.25, (PROVINCES, LISTS))
    p_easy = rng.uniform(0.3, 0.7, (PROVINCES, LISTS))
    hard = rng.random(people) < hard_share[province]
    p = np.where(hard[:, None], p_hard[province], p_easy[province])
    x = (rng.random((people, LISTS)) < p).astype(np.int64)
    cell = x @ (1 << np.arange(LISTS)) - 1
    names = ("morgue", "hospital", "family", "ngo")
    tables = {}
    for prov in range(PROVINCES):
        for w in range(WEEKS):
            sel = (province == prov) & (week == w) & (cell >= 0)
            full = np.bincount(cell[sel], minlength=2**LISTS - 1)
            keep = full > 0
            key = f"IR-{prov + 1:02d} week {w + 1}"
            tables[key] = CaptureTable(names, all_patterns(LISTS)[keep], full[keep])
    return tables


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--method", default="lcmcr")
    ap.add_argument("--people", type=int, default=60_000)
    args = ap.parse_args()
    tables = stratified_tables(args.people)
    observed = sum(t.observed for t in tables.values())
    sizes = sorted(t.observed for t in tables.values())
    print(
        f"{len(tables)} strata, {observed:,} observed of {args.people:,}; stratum sizes "
        f"min {sizes[0]}, median {sizes[len(sizes) // 2]}, max {sizes[-1]}"
    )
    c0, w0 = time.process_time(), time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReckonWarning)
        result = estimate_strata(tables, args.method, by="province x week", seed=1)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    print(
        f"{args.method}: {wall:.1f} s wall, {cpu:.1f} s CPU (main process, all threads); "
        f"{len(result.strata)} strata estimated; total {result.estimate:,.0f} "
        f"({result.ci[0]:,.0f}-{result.ci[1]:,.0f}) for a true {args.people:,}; "
        f"{len(caught)} warnings"
    )
    stopped = [str(r.diagnostics.get("stopped", "-")) for r in result.strata.values()]
    print(
        "strata by how their run ended: "
        + ", ".join(f"{s} {stopped.count(s)}" for s in sorted(set(stopped)))
        + f"; the total is a finding: {result.finding}"
    )


if __name__ == "__main__":
    main()

"""Linkage draws in the toll: how long they take, and whether they cover the truth.

    python bench/estimate_linkage_draws.py time --people 60000 --workdir /tmp/eld-100k
    python bench/estimate_linkage_draws.py coverage --people 3000 --seeds 1 2 3 \\
        --thresholds 0.4 0.95 --workdir /tmp/eld-cov

``time``: `reckon synth` (5 sources), `reckon init` + `reckon import` of every
list, `reckon link`, then `reckon estimate --method M --json` with the default
number of linkage draws and with `--linkage-draws 0`, each timed in a child
process (wall seconds). Steps are reused when their output is in --workdir.

``coverage``: for each seed a synthetic case (4 sources), linked at each
threshold (a high one mimics under-linking: too many persons), estimated with
and without linkage draws; prints one JSON line per (seed, threshold, method,
draws) with the estimate, the interval, whether it covers the true total (the
``--people`` of the generator) and the persons after linkage beside the true
number of documented people (truth.csv). Results go to bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd

# the synthetic bench cases' passphrase: strong enough for the key check, guards nothing real
BENCH_PASSPHRASE = "synthetic bench case, tidal mango quarry lantern 74"

HERE = Path(__file__).resolve().parent
RECKON = str(Path(sys.executable).with_name("reckon"))


def run(cmd: list[str], env: dict[str, str]) -> tuple[str, float]:
    started = time.monotonic()
    done = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
    return done.stdout, time.monotonic() - started


def prepare(workdir: Path, people: int, sources: int, seed: int, env: dict[str, str]) -> Path:
    lists, case = workdir / "lists", workdir / "case"
    if not (lists / "truth.csv").exists():
        run([RECKON, "synth", "-o", str(lists), "--people", str(people),
             "--sources", str(sources), "--seed", str(seed)], env)  # fmt: skip
    if not (case / "reckon.toml").exists():
        run([RECKON, "init", str(case)], env)
        for row in pd.read_csv(lists / "sources.csv").itertuples():
            run([RECKON, "import", str(case), str(lists / str(row.file)),
                 "--source", str(row.name), "--kind", str(row.kind)], env)  # fmt: skip
    return case


def link_at(case: Path, threshold: float, env: dict[str, str]) -> float:
    """Link the case at ``threshold`` (the model trained once is reused)."""
    toml = case / "reckon.toml"
    text = re.sub(r"(?m)^link_threshold = .*$", f"link_threshold = {threshold}", toml.read_text())
    toml.write_text(text)
    _, seconds = run([RECKON, "link", str(case)], env)
    return seconds


def estimate(case: Path, method: str, draws: int | None, env: dict[str, str]) -> dict[str, Any]:
    cmd = [RECKON, "estimate", str(case), "--method", method, "--json", "--seed", "1"]
    if draws is not None:
        cmd += ["--linkage-draws", str(draws)]
    out, seconds = run(cmd, env)
    result: dict[str, Any] = json.loads(out)
    result["seconds"] = round(seconds, 1)
    return result


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def time_cmd(args: argparse.Namespace, env: dict[str, str]) -> None:
    case = prepare(args.workdir, args.people, 5, args.seed, env)
    records = sum(1 for _ in (args.workdir / "lists" / "truth.csv").open()) - 1
    link_seconds = link_at(case, args.threshold, env) if args.relink else None
    rows = []
    for method in args.methods:
        for draws in (None, 0):
            before = load()
            r = estimate(case, method, draws, env)
            row = {
                "method": method,
                "linkage_draws": "default" if draws is None else draws,
                "seconds": r["seconds"],
                "estimate": round(r["estimate"]),
                "ci": [round(x) for x in r["ci"]],
                "between_share": r.get("linkage", {}).get("between_share"),
                "load_before": before,
                "load_after": load(),
            }
            print(json.dumps(row), flush=True)
            rows.append(row)
    out = HERE / "results" / f"estimate-linkage-draws-{records}.json"
    summary = {"people": args.people, "records": records, "link_seconds": link_seconds}
    out.write_text(json.dumps({**summary, "runs": rows}, indent=1) + "\n")


def true_linkage(case: Path, lists: Path, method: str) -> dict[str, Any]:
    """The estimate on the generator's own linkage (truth.csv): what linkage alone can
    get right, so a method's own bias is not counted against the linkage."""
    import warnings

    from reckon.case import Case
    from reckon.estimate.strata import estimate_histories
    from reckon.store.captures import per_person, read_capture_records, source_names

    with Case.open(case) as opened, opened.engine.connect() as conn:
        records = read_capture_records(conn)
        names = source_names(conn)
    truth = pd.read_csv(lists / "truth.csv", dtype=str)
    person = truth.set_index(["source", "source_record_id"])["person_id"]
    keys = pd.MultiIndex.from_arrays(
        [records["source"].astype(str), records["source_record_id"].astype(str)]
    )
    records["person"] = person.reindex(keys).to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = estimate_histories(per_person(records), method, lists=names, seed=1)
    return {"estimate": round(r.estimate), "ci": [round(x) for x in r.ci]}


def coverage_cmd(args: argparse.Namespace, env: dict[str, str]) -> None:
    out = HERE / "results" / f"estimate-linkage-coverage-{args.people}.jsonl"
    with out.open("a", encoding="utf-8") as fh:
        for seed in args.seeds:
            work = args.workdir / f"seed{seed}"
            case = prepare(work, args.people, args.sources, seed, env)
            truth = pd.read_csv(work / "lists" / "truth.csv", dtype=str)
            documented = truth["person_id"].nunique()
            reference: dict[str, dict[str, Any]] = {}
            for threshold in args.thresholds:
                link_at(case, threshold, env)
                for method in args.methods:
                    if method not in reference:
                        reference[method] = true_linkage(case, work / "lists", method)
                    ref = reference[method]["estimate"]
                    for draws in (0, args.draws):
                        r = estimate(case, method, draws, env)
                        lo, hi = r["ci"]
                        row = {
                            "seed": seed,
                            "threshold": threshold,
                            "method": method,
                            "linkage_draws": draws,
                            "truth": args.people,
                            "documented": documented,
                            "persons": r["observed"],
                            "estimate": round(r["estimate"]),
                            "ci": [round(lo), round(hi)],
                            "covers": bool(lo <= args.people <= hi),
                            "true_linkage": reference[method],
                            "covers_true_linkage": bool(lo <= ref <= hi),
                            "between_share": r.get("linkage", {}).get("between_share"),
                            "seconds": r["seconds"],
                            "load": load(),
                        }
                        line = json.dumps(row)
                        print(line, flush=True)
                        fh.write(line + "\n")
                        fh.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    t = sub.add_parser("time")
    t.add_argument("--people", type=int, default=60_000)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--threshold", type=float, default=0.4)
    t.add_argument("--relink", action="store_true", help="link again even if linked")
    t.add_argument("--methods", nargs="+", default=["lcmcr"])
    t.add_argument("--workdir", type=Path, required=True)
    c = sub.add_parser("coverage")
    c.add_argument("--people", type=int, default=3_000)
    c.add_argument("--sources", type=int, default=4)
    c.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    c.add_argument("--thresholds", type=float, nargs="+", default=[0.4, 0.95])
    c.add_argument("--methods", nargs="+", default=["lcmcr", "loglinear"])
    c.add_argument("--draws", type=int, default=20)
    c.add_argument("--workdir", type=Path, required=True)
    args = parser.parse_args()
    env = {**os.environ, "RECKON_PASSPHRASE": os.environ.get("RECKON_PASSPHRASE", BENCH_PASSPHRASE)}
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.mode == "time":
        if not (args.workdir / "case" / "reckon.db").exists():
            args.relink = True
        time_cmd(args, env)
    else:
        coverage_cmd(args, env)


if __name__ == "__main__":
    main()

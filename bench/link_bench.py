"""Benchmark of `reckon link` on the generator's data, beside a plain Splink baseline.

    python bench/link_bench.py --people 60000 --workdir /tmp/linkbench-100k
    python bench/link_bench.py --people 600000 --workdir /tmp/linkbench-1m

Steps (each reused when its output exists in --workdir): `reckon synth` with 5
sources; `reckon init` and `reckon import` of every list (the real path); then
`reckon link --retrain` in a child process under /usr/bin/time (wall time and
peak memory of training + blocking + scoring + clustering + writing persons);
the accuracy from `link-eval`; and the plain Splink baseline (standard name
comparisons on the raw name columns) on the same records, also in a child
process. Results go to bench/results/link-<records>.json.
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

import pandas as pd

# the synthetic bench cases' passphrase: strong enough for the key check, guards nothing real
BENCH_PASSPHRASE = "synthetic bench case, tidal mango quarry lantern 74"

HERE = Path(__file__).resolve().parent
RECKON = str(Path(sys.executable).with_name("reckon"))


def timed(cmd: list[str], env: dict[str, str]) -> tuple[str, float, float, float]:
    """Run ``cmd``; its stdout, wall seconds, CPU seconds and peak resident memory in GB."""
    proc = subprocess.run(
        ["/usr/bin/time", "-v", *cmd], env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}")
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)[1])
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", proc.stderr)[1]
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60**i for i, p in enumerate(reversed(parts)))
    cpu = sum(
        float(re.search(rf"{what} time \(seconds\): ([\d.]+)", proc.stderr)[1])
        for what in ("User", "System")
    )
    return proc.stdout, seconds, cpu, peak_kb / 1024**2


def prepare(args: argparse.Namespace, env: dict[str, str]) -> tuple[Path, Path, float | None]:
    lists, case = args.workdir / "lists", args.workdir / "case"
    if not (lists / "truth.csv").exists():
        subprocess.run(
            [RECKON, "synth", "-o", str(lists), "--people", str(args.people),
             "--sources", "5", "--seed", str(args.seed)],
            env=env, check=True,
        )  # fmt: skip
    import_seconds = None
    if not (case / "reckon.toml").exists():
        subprocess.run([RECKON, "init", str(case)], env=env, check=True, capture_output=True)
        started = time.monotonic()
        for row in pd.read_csv(lists / "sources.csv").itertuples():
            subprocess.run(
                [RECKON, "import", str(case), str(lists / str(row.file)),
                 "--source", str(row.name), "--kind", str(row.kind)],
                env=env, check=True, capture_output=True,
            )  # fmt: skip
        import_seconds = time.monotonic() - started
    return lists, case, import_seconds


BASELINE = """
import json, sys
import pandas as pd
from reckon.case import Case
from reckon.link.baseline import link_baseline
from reckon.link.evaluation import evaluate
from reckon.link.model import TrainingPlan
from reckon.store import persons
case = Case.open(sys.argv[1])
with case.engine.connect() as conn:
    records = persons.read_records(conn)
threshold = case.settings.link_threshold
linked, n_pairs = link_baseline(records, threshold=threshold, plan=TrainingPlan())
linked = linked.assign(script=records["script"].to_numpy())
truth = pd.read_csv(sys.argv[2], dtype=str)
print(json.dumps({"comparisons": n_pairs, **evaluate(linked, truth).to_dict()}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--threshold", type=float, default=None, help="Case link threshold.")
    parser.add_argument(
        "--exclude-source", default="", help="Sources left out of evaluation (comma list)."
    )
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "RECKON_PASSPHRASE": os.environ.get("RECKON_PASSPHRASE", BENCH_PASSPHRASE)}
    args.workdir.mkdir(parents=True, exist_ok=True)
    lists, case, import_seconds = prepare(args, env)
    if args.threshold is not None:
        from reckon.settings import CaseSettings

        CaseSettings.load(case).with_changes(link_threshold=args.threshold).save(case)
    link_cmd = [RECKON, "link", str(case), "--retrain", "--json"]
    out, link_seconds, link_cpu, link_gb = timed(link_cmd, env)
    run = json.loads(out)
    truth = pd.read_csv(lists / "truth.csv", dtype=str)
    skip = {s for s in args.exclude_source.split(",") if s}
    truth = truth[~truth["source"].isin(skip)]
    truth_file = args.workdir / "truth-evaluated.csv"
    truth.to_csv(truth_file, index=False)
    scores = json.loads(
        subprocess.run(
            [RECKON, "link-eval", str(case), "--truth", str(truth_file), "--json"],
            env=env, check=True, capture_output=True, text=True,
        ).stdout
    )  # fmt: skip
    result = {
        "machine": f"{os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 1024**3:.0f} GB",
        "people": args.people,
        "records": run["records"],
        "import_seconds": import_seconds,
        "link_seconds": round(link_seconds, 1),
        "link_cpu_seconds": round(link_cpu, 1),
        "link_peak_gb": round(link_gb, 2),
        "load_average": os.getloadavg(),
        "link": run,
        "excluded_from_evaluation": sorted(skip),
        "scores": scores,
    }
    if not args.no_baseline:
        out, base_seconds, base_cpu, base_gb = timed(
            [sys.executable, "-c", BASELINE, str(case), str(truth_file)], env
        )
        result["baseline"] = {
            "seconds": round(base_seconds, 1),
            "cpu_seconds": round(base_cpu, 1),
            "peak_gb": round(base_gb, 2),
            **json.loads(out.strip().splitlines()[-1]),
        }
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    target = results / f"link-{run['records']}.json"
    target.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

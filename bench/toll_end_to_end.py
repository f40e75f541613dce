"""The death toll end to end: generate, import, link and estimate with the CLI's defaults.

    python bench/toll_end_to_end.py --grid quick --workdir /tmp/toll
    python bench/toll_end_to_end.py --grid full --replicates 3 --workdir /tmp/toll

Each cell of the grid is one synthetic case written by one of two independent
generators (`reckon synth`, and the hold-out generator in ``bench/holdout/``
when it is there), imported list by list with `reckon import`, linked with
`reckon link` and estimated with `reckon estimate --method M --json`, all with
the CLI's defaults, exactly as a documenter would run them. The same capture
table built from the generator's truth (the correct linkage) is estimated with
`reckon estimate-table`, so the error of the chain splits into what linkage
adds and what the estimator adds.

Per cell and method it records the estimate, the 95% interval, whether the
interval covers the true total, the relative error, and whether reckon warned
or declined to give a number. The summary (``--summarise``) groups cells by
generator, visibility and linkage difficulty: coverage of the 95% interval,
the median relative error, and the share of runs that warned. Results are
JSON Lines in ``bench/results/toll/`` (one file per grid), appended as cells
finish, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

# the synthetic bench cases' passphrase: strong enough for the key check, guards nothing real
BENCH_PASSPHRASE = "synthetic bench case, tidal mango quarry lantern 74"

HERE = Path(__file__).resolve().parent
RECKON = str(Path(sys.executable).with_name("reckon"))
RESULTS = HERE / "results" / "toll"
METHODS = ("lcmcr", "loglinear", "dga", "chapman")  # `--method all`


@dataclass(frozen=True)
class Cell:
    generator: str  # synth or holdout
    people: int
    lists: int
    visibility: str  # homogeneous, mixed or hard (hold-out only; synth has its own mix)
    linkage: str  # easy or hard (hold-out only)
    seed: int

    @property
    def name(self) -> str:
        return (
            f"{self.generator}-n{self.people}-k{self.lists}-{self.visibility}-"
            f"{self.linkage}-s{self.seed}"
        )


def grid(kind: str, replicates: int) -> Iterator[Cell]:
    seeds = range(1, replicates + 1)
    people: tuple[int, ...]
    lists: tuple[int, ...]
    if kind == "smoke":
        people, lists = (1_000,), (4,)
    elif kind == "quick":
        people, lists = (3_000,), (5,)
    elif kind == "medium":
        people, lists = (2_000, 10_000), (3, 5, 8)
    else:
        people, lists = (2_000, 10_000, 50_000), (3, 5, 8)
    for n, k, seed in itertools.product(people, lists, seeds):
        yield Cell("synth", n, k, "mixed", "easy", seed)
    if not (HERE / "holdout" / "generate.py").exists():
        return
    for n, k, vis, link, seed in itertools.product(
        people, lists, ("homogeneous", "mixed", "hard"), ("easy", "hard"), seeds
    ):
        yield Cell("holdout", n, k, vis, link, seed)


# --- the generators ---------------------------------------------------------------


@dataclass(frozen=True)
class Lists:
    files: list[tuple[Path, str, str]]  # file, source name, kind
    truth: pd.DataFrame  # source, source_record_id, person_id
    total: int  # the true number of victims, documented or not


def _run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd[:3])} exited {proc.returncode}: {proc.stderr[-2000:]}")
    return proc


def generate(cell: Cell, out: Path, env: dict[str, str]) -> Lists:
    if not (out / "truth.csv").exists():
        if cell.generator == "synth":
            cmd = [RECKON, "synth", "-o", str(out), "--people", str(cell.people),
                   "--sources", str(cell.lists), "--seed", str(cell.seed)]  # fmt: skip
        else:
            cmd = [sys.executable, str(HERE / "holdout" / "generate.py"), "-o", str(out),
                   "--people", str(cell.people), "--lists", str(cell.lists),
                   "--visibility", cell.visibility, "--linkage", cell.linkage,
                   "--seed", str(cell.seed)]  # fmt: skip
        proc = _run(cmd, env)
        if proc.returncode:
            raise RuntimeError(f"generator failed: {proc.stderr[-2000:]}")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    if (out / "sources.csv").exists():  # reckon synth
        sources = pd.read_csv(out / "sources.csv")
        files = [(out / str(r.file), str(r.name), str(r.kind)) for r in sources.itertuples()]
    else:  # the hold-out generator lists its files in the manifest
        files = [(out / e["file"], str(e["source"]), str(e["kind"])) for e in manifest["lists"]]
    truth = pd.read_csv(out / "truth.csv", dtype=str)
    total = int(manifest.get("total", manifest.get("people", cell.people)))
    return Lists(files, truth, total)


# --- the chain, as a user runs it ----------------------------------------------------


def _estimate(cmd: list[str], env: dict[str, str]) -> dict[str, dict[str, object]]:
    """One `--method all --json` run: per method, what a user would read."""
    started = time.monotonic()
    proc = _run(cmd, env)
    seconds = round(time.monotonic() - started, 1)
    if proc.returncode:
        error = proc.stderr.strip().splitlines()[-1:]
        return {m: {"error": error, "seconds": seconds} for m in METHODS}
    data = json.loads(proc.stdout)
    agreement = data.get("agreement") or {}
    found: dict[str, dict[str, object]] = {}
    for result in data.get("results") or []:
        warned = list(result.get("warnings") or [])
        found[str(result["method"])] = {
            "estimate": result.get("estimate"),
            "ci": result.get("ci"),
            "observed": result.get("observed"),
            "warnings": warned,  # its own (stderr mixes every method's)
            "identified": result.get("identified", result.get("estimate") is not None),
            "converged": result.get("converged"),
            "finding": result.get("finding"),
            "reason": result.get("reason"),
            "linkage_uncertainty": result.get("linkage"),
            "agreement": agreement.get("statement"),
            "disagree": agreement.get("disagree"),
            "seconds": seconds,
        }
    for method, message in (data.get("errors") or {}).items():
        found[method] = {"error": message, "identified": False, "seconds": seconds}
    return found


def truth_table(lists: Lists, out: Path) -> Path:
    """The capture table of the correct linkage, in `estimate-table`'s CSV shape."""
    names = [name for _, name, _ in lists.files]
    seen = lists.truth.assign(hit=1).pivot_table(
        index="person_id", columns="source", values="hit", aggfunc="max", fill_value=0
    )
    seen = seen.reindex(columns=names, fill_value=0)
    table = seen.value_counts().rename("count").reset_index()
    path = out / "truth_capture_table.csv"
    table.to_csv(path, index=False)
    return path


def run_cell(
    cell: Cell, workdir: Path, env: dict[str, str], *, reuse: bool = False
) -> list[dict[str, object]]:
    lists_dir, case = workdir / cell.name / "lists", workdir / cell.name / "case"
    lists = generate(cell, lists_dir, env)
    started = time.monotonic()
    if not (case / "reckon.toml").exists():
        _run([RECKON, "init", str(case)], env)
        for path, source, kind in lists.files:
            proc = _run([RECKON, "import", str(case), str(path), "--source", source,
                         "--kind", kind], env)  # fmt: skip
            if proc.returncode:
                raise RuntimeError(f"import of {path.name} failed: {proc.stderr[-1000:]}")
    linked = case / ".toll-linked"
    link = _run([RECKON, "link", str(case)], env) if not (reuse and linked.exists()) else None
    if link is not None and not link.returncode:
        linked.write_text("", encoding="utf-8")
    link_seconds = round(time.monotonic() - started, 1)
    rows: list[dict[str, object]] = []
    base = {
        **asdict(cell),
        "total": lists.total,
        "documented": int(lists.truth.person_id.nunique()),
    }
    if link is not None and link.returncode:
        error = link.stderr.strip().splitlines()[-1:]
        return [{**base, "method": m, "linkage_input": "reckon", "error": error} for m in METHODS]
    table = truth_table(lists, lists_dir)
    found = _estimate([RECKON, "estimate", str(case), "--method", "all", "--seed", "1",
                       "--json"], env)  # fmt: skip
    oracle = _estimate([RECKON, "estimate-table", str(table), "--method", "all",
                        "--seed", "1", "--json"], env)  # fmt: skip
    for method in METHODS:
        rows.append({**base, "method": method, "linkage_input": "reckon",
                     "link_seconds": link_seconds, **found.get(method, {})})  # fmt: skip
        rows.append({**base, "method": method, "linkage_input": "truth",
                     **oracle.get(method, {})})  # fmt: skip
    for row in rows:
        _score(row)
    return rows


def _score(row: dict[str, object]) -> None:
    total, est, ci = row["total"], row.get("estimate"), row.get("ci")
    assert isinstance(total, int)
    if isinstance(est, (int, float)) and isinstance(ci, list) and len(ci) == 2:
        row["covered"] = bool(ci[0] <= total <= ci[1])
        row["relative_error"] = round((float(est) - total) / total, 4)
    row["warned"] = (
        bool(row.get("warnings"))
        or row.get("identified") is False
        or row.get("converged") is False
        or row.get("finding") is False
        or "error" in row
    )


# --- the summary --------------------------------------------------------------------


def summarise(path: Path) -> str:
    """Per setting, then per method over every setting (chapman, which declines on more than
    two lists without --lists, is left out of the second table)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    frame = pd.DataFrame(rows)
    frame = frame[frame["method"] != "-"]  # a cell whose generation or import failed
    setting = ["generator", "visibility", "linkage", "linkage_input", "method"]
    overall = frame[frame["method"] != "chapman"]
    return (
        _table(frame, setting, "| generator | visibility | linkage | linked by | method ")
        + "\n\n"
        + _table(overall, ["linkage_input", "method"], "| linked by | method ")
    )


def _table(frame: pd.DataFrame, keys: list[str], head: str) -> str:
    lines = [
        head + "| cases | coverage, all | coverage, unwarned | median rel. error "
        "| warned or no number | methods disagree | confident misses |",
        "| --- " * len(keys) + "| ---: " * 7 + "|",
    ]
    for key, group in frame.groupby(keys, sort=True):
        scored = group.dropna(subset=["relative_error"]) if "relative_error" in group else group
        warned_rows = scored["warned"].fillna(True).astype(bool)
        confident = scored[~warned_rows] if len(scored) else scored
        coverage = confident["covered"].mean() if len(confident) else float("nan")
        coverage_all = scored["covered"].mean() if len(scored) else float("nan")
        error = statistics.median(scored["relative_error"]) if len(scored) else float("nan")
        warned = group["warned"].fillna(True).astype(bool).mean()
        disagree = group["disagree"].fillna(False).astype(bool).mean() if "disagree" in group else 0
        misses = int((~confident["covered"].astype(bool)).sum()) if len(confident) else 0
        lines.append(
            f"| {' | '.join(map(str, key))} | {len(group)} | {coverage_all:.0%} | {coverage:.0%} "
            f"| {error:+.1%} | {warned:.0%} | {disagree:.0%} | {misses} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--grid", choices=("smoke", "quick", "medium", "full"), default="quick")
    parser.add_argument("--replicates", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/reckon-toll"))
    parser.add_argument("--only", help="run only cells whose name contains this text")
    parser.add_argument(
        "--reuse-links",
        action="store_true",
        help="keep a case's last link run when the workdir has one (to re-run the estimates)",
    )
    parser.add_argument("--out", type=Path, help="results file (default: results/toll/GRID.jsonl)")
    parser.add_argument("--summarise", action="store_true", help="only print the summary table")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = args.out or RESULTS / f"{args.grid}.jsonl"
    if not args.summarise:
        env = {
            **os.environ,
            "RECKON_PASSPHRASE": os.environ.get("RECKON_PASSPHRASE", BENCH_PASSPHRASE),
        }
        lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
        done = {_cell_name(json.loads(line)) for line in lines if line}
        for cell in grid(args.grid, args.replicates):
            if cell.name in done or (args.only and args.only not in cell.name):
                continue
            started = time.monotonic()
            try:
                rows = run_cell(cell, args.workdir, env, reuse=args.reuse_links)
            except RuntimeError as exc:
                rows = [{**asdict(cell), "method": "-", "error": str(exc)[-500:], "warned": True}]
            with out.open("a", encoding="utf-8") as fh:
                for row in rows:
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            print(f"{cell.name}: {time.monotonic() - started:.0f} s", flush=True)
    print(summarise(out))


def _cell_name(row: dict[str, object]) -> str:
    fields = {k: row[k] for k in ("generator", "people", "lists", "visibility", "linkage", "seed")}
    return Cell(**fields).name  # type: ignore[arg-type]


if __name__ == "__main__":
    main()

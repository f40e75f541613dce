"""Linkage measured on the holdout generator, beside a ceiling trained on the truth.

    python bench/link_holdout.py --workdir /tmp/holdout-study            # the sweep
    python bench/link_holdout.py --workdir /tmp/h --people 3000 --lists 5 \
        --visibility hard --linkage hard                                 # one setting

For each setting: `python bench/holdout/generate.py`, then `reckon init`,
`reckon import` of every list and `reckon link` with the CLI's defaults (child
processes, as a documenter runs them), then `reckon export --persons`. Measured:

* pairwise and B-cubed precision/recall/F1 of the CLI's persons against
  truth.csv, overall and by script pair (``reckon.link.evaluation``);
* blocking recall: the share of true pairs among the pairs the link run's
  blocking rules compare (the rules and model are the case's, read-only);
* the ceiling: logistic regression on the same comparison vectors (one-hot
  levels of every comparison the model has, and how common the two names are)
  of the same candidate pairs, trained on the truth with 2-fold cross-fitting,
  clustered by the same ``reckon.link.clusters.cluster`` at the same threshold;
* where the linker loses: true pairs never compared (blocking), compared but
  scored below the threshold (scoring), scored above but split, or false pairs
  joined (clustering), by script pair, with the comparison levels of the missed
  pairs.

Results: bench/results/link-holdout-<people>-<lists>-<visibility>-<linkage>-s<seed>.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

# the synthetic bench cases' passphrase: strong enough for the key check, guards nothing real
BENCH_PASSPHRASE = "synthetic bench case, tidal mango quarry lantern 74"

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
RECKON = str(Path(sys.executable).with_name("reckon"))
SWEEP = [
    # people, lists, visibility, linkage
    *((3000, k, "mixed", lk) for k in (3, 5, 8) for lk in ("easy", "hard")),
    (3000, 5, "homogeneous", "hard"),
    (3000, 5, "hard", "hard"),
    (10000, 5, "hard", "easy"),
    (10000, 5, "hard", "hard"),
    (10000, 8, "mixed", "hard"),
]


def run(cmd: list[str], env: dict[str, str]) -> tuple[str, float]:
    started = time.monotonic()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}")
    return proc.stdout, time.monotonic() - started


def prepare(
    work: Path, setting: tuple[int, int, str, str], seed: int, env: dict[str, str]
) -> dict[str, Any]:
    """Generate, import and link (each step skipped when its output exists)."""
    people, k, visibility, linkage = setting
    lists, case = work / "lists", work / "case"
    timings: dict[str, float] = {}
    if not (lists / "manifest.json").exists():
        _, timings["generate"] = run(
            [sys.executable, str(HERE / "holdout" / "generate.py"), "-o", str(lists),
             "--people", str(people), "--lists", str(k), "--visibility", visibility,
             "--linkage", linkage, "--seed", str(seed)], env,
        )  # fmt: skip
    manifest = json.loads((lists / "manifest.json").read_text(encoding="utf-8"))
    if not (case / "linked.csv").exists():
        if case.exists():
            subprocess.run(["rm", "-rf", str(case)], check=True)
        run([RECKON, "init", str(case)], env)
        started = time.monotonic()
        for entry in manifest["lists"]:
            out, _ = run(
                [RECKON, "import", str(case), str(lists / entry["file"]),
                 "--source", entry["source"], "--kind", entry["kind"]], env,
            )  # fmt: skip
            if " 0 rejected, 0 problem(s)" not in out:
                print(f"  note: {out.strip().splitlines()[-1]}")
        timings["import"] = time.monotonic() - started
        out, timings["link"] = run([RECKON, "link", str(case)], env)
        print("  " + out.strip().splitlines()[-1])
        run([RECKON, "export", str(case), "--persons", str(case / "linked.csv")], env)
    return {"manifest": manifest, "timings": {k: round(v, 1) for k, v in timings.items()}}


def candidate_pairs(case_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any], float]:
    """Every pair the case's blocking compares, with its comparison vector and the
    case's model probability; the records; the model; the case's threshold."""
    from reckon.case import Case
    from reckon.link import backends, features, model
    from reckon.store import persons as person_store

    with Case.open(case_dir) as case:
        with case.engine.connect() as conn:
            records = person_store.read_records(conn)
        threshold = float(case.settings.link_threshold)
        saved = model.load(case.path / case.settings.link_model)
    frame = features.link_frame(records)
    db_api = backends.database_api("duckdb")
    table = backends.register(db_api, frame, "holdout_records")
    fresh = model.settings().create_settings_dict(str(db_api.sql_dialect.sql_dialect_str))
    # the comparison vectors are kept for this measurement only: the scores are the same
    scored_with = {
        **model.with_parameters(fresh, saved),
        "retain_intermediate_calculation_columns": True,
    }
    linker = model.new_linker(table, scored_with)
    pairs = linker.inference.predict().as_pandas_dataframe()
    keep = ["unique_id_l", "unique_id_r", "match_probability"]
    pairs = pairs[keep + [c for c in pairs.columns if c.startswith("mw_tf_adj_")]]
    # Splink 5 gives each comparison's weight (mw_<name>), not its level. A second
    # scoring of the same pairs by a model whose levels all have distinct weights
    # tells the levels apart; its probabilities are not used.
    labelling = labelling_settings(scored_with)
    levels = model.new_linker(table, labelling).inference.predict().as_pandas_dataframe()
    for comp in labelling["comparisons"]:
        name = comp["output_column_name"]
        weights = np.array([_level_weight(lv) for lv in comp["comparison_levels"]])
        mw = levels[f"mw_{name}"].to_numpy(float)
        levels[f"gamma_{name}"] = np.abs(mw[:, None] - weights[None, :]).argmin(axis=1)
    gammas = [c for c in levels.columns if c.startswith("gamma_")]
    pairs = pairs.merge(levels[["unique_id_l", "unique_id_r", *gammas]], on=keep[:2])
    return pairs, frame, saved, threshold


def labelling_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The same comparisons with level k (from the top) weighted 100 - k, null 0."""
    comparisons = []
    for comp in settings["comparisons"]:
        levels = []
        for k, level in enumerate(comp["comparison_levels"]):
            lv = {x: y for x, y in level.items() if not x.startswith("tf_")}
            lv.pop("fix_m_probability", None)
            lv.pop("fix_u_probability", None)
            if not lv.get("is_null_level"):
                lv["m_probability"] = 2.0 ** (-k)
                lv["u_probability"] = 2.0 ** (-100)
            levels.append(lv)
        comparisons.append({**comp, "comparison_levels": levels})
    return {**settings, "comparisons": comparisons}


def _level_weight(level: dict[str, Any]) -> float:
    if level.get("is_null_level") or level.get("m_probability") is None:
        return 0.0
    return float(np.log2(float(level["m_probability"]) / float(level["u_probability"])))


def level_labels(saved: dict[str, Any]) -> dict[str, dict[int, str]]:
    """level index (as ``candidate_pairs`` numbers them) -> label, per comparison."""
    return {
        f"gamma_{comp['output_column_name']}": {
            i: str(lv.get("label_for_charts") or lv.get("sql_condition"))
            for i, lv in enumerate(comp["comparison_levels"])
        }
        for comp in saved["comparisons"]
    }


def _design(pairs: pd.DataFrame) -> np.ndarray:
    """One-hot comparison levels and the term-frequency adjustments of the same fields."""
    cols = []
    for g in [c for c in pairs.columns if c.startswith("gamma_")]:
        for value in sorted(pairs[g].unique())[1:]:
            cols.append((pairs[g] == value).to_numpy(float))
    cols += [pairs[c].to_numpy(float) for c in pairs.columns if c.startswith("mw_tf_adj_")]
    return np.column_stack([np.ones(len(pairs)), *cols])


def ceiling_probability(pairs: pd.DataFrame, y: np.ndarray, seed: int) -> np.ndarray:
    """Out-of-fold match probabilities of a ridge logistic regression on the truth."""
    import statsmodels.api as sm

    x = np.nan_to_num(_design(pairs))
    keep = np.r_[True, x[:, 1:].std(axis=0) > 0]  # constant columns would not be identified
    x = x[:, keep]
    fold = np.random.default_rng(seed).integers(0, 2, size=len(y))
    prob = np.empty(len(y))
    for f in (0, 1):
        train = fold != f
        fit = sm.GLM(y[train], x[train], family=sm.families.Binomial()).fit_regularized(
            alpha=1e-6, L1_wt=0.0
        )
        prob[~train] = 1 / (1 + np.exp(-x[~train] @ fit.params))
    return prob


def _script_pair(a: pd.Series, b: pd.Series) -> np.ndarray:
    from reckon.link.evaluation import script_class

    ca, cb = script_class(a).to_numpy(), script_class(b).to_numpy()
    both = np.where(ca == cb, ca, "across")
    return np.where((ca == "other") | (cb == "other"), "other", both)


def _evaluate(frame: pd.DataFrame, labels: np.ndarray, truth: pd.DataFrame) -> dict[str, Any]:
    from reckon.link.evaluation import evaluate

    linked = pd.DataFrame(
        {
            "source": frame["source"].astype(str),
            "source_record_id": frame["source_record_id"].astype(str),
            "person_id": labels,
            "script": frame["script"],
        }
    )
    return evaluate(linked, truth).to_dict()


def measure(work: Path, seed: int) -> dict[str, Any]:
    from reckon.link import clusters
    from reckon.link import run as link_run
    from reckon.link.evaluation import evaluate

    case = work / "case"
    truth = pd.read_csv(work / "lists" / "truth.csv", dtype=str)
    linked = pd.read_csv(case / "linked.csv", dtype=str)
    pairs, frame, saved, threshold = candidate_pairs(case)
    linked = linked.merge(
        frame[["source", "source_record_id", "script"]].astype({"source_record_id": str}),
        on=["source", "source_record_id"],
    )
    cli = evaluate(linked, truth).to_dict()

    # truth for every record and every candidate pair
    person = (
        frame[["unique_id", "source", "source_record_id"]]
        .merge(truth, on=["source", "source_record_id"], how="left")
        .set_index("unique_id")["person_id"]
    )
    script = frame.set_index("unique_id")["script"]
    pl = person.reindex(pairs["unique_id_l"]).to_numpy()
    pr = person.reindex(pairs["unique_id_r"]).to_numpy()
    y = (pl == pr).astype(float)
    pairs["script_pair"] = _script_pair(
        script.reindex(pairs["unique_id_l"]).reset_index(drop=True),
        script.reindex(pairs["unique_id_r"]).reset_index(drop=True),
    )

    # every true pair, with its script pair: the denominator of blocking recall
    rec = pd.DataFrame(
        {
            "uid": person.index,
            "pid": person.to_numpy(),
            "script": script.reindex(person.index).to_numpy(),
        }
    )
    true_pairs = rec.merge(rec, on="pid", suffixes=("_l", "_r"))
    true_pairs = true_pairs[true_pairs["uid_l"] < true_pairs["uid_r"]]
    true_pairs = true_pairs.assign(
        script_pair=_script_pair(true_pairs["script_l"].reset_index(drop=True),
                                 true_pairs["script_r"].reset_index(drop=True))
    )  # fmt: skip
    compared_true = pairs[y == 1]
    blocking = {"all": round(len(compared_true) / max(len(true_pairs), 1), 4)}
    for sp in ("persian", "latin", "across"):
        denominator = int((true_pairs["script_pair"] == sp).sum())
        if denominator:
            blocking[sp] = round(int((compared_true["script_pair"] == sp).sum()) / denominator, 4)

    # the linker's own probabilities through the same clustering, and the ceiling
    ids = frame["unique_id"].to_numpy()
    edges = pairs[["unique_id_l", "unique_id_r", "match_probability"]]
    apart = link_run.unlike_in_one_list(frame, edges)
    model_labels = clusters.cluster(ids, edges, threshold, cannot_link=apart)
    ceiling_p = ceiling_probability(pairs, y, seed)
    ceiling_edges = edges.assign(match_probability=ceiling_p)
    ceiling_apart = link_run.unlike_in_one_list(frame, ceiling_edges)
    ceiling_labels = clusters.cluster(ids, ceiling_edges, threshold, cannot_link=ceiling_apart)

    # where the linker loses
    label_of = pd.Series(model_labels, index=ids)
    together = (
        label_of.reindex(pairs["unique_id_l"]).to_numpy()
        == label_of.reindex(pairs["unique_id_r"]).to_numpy()
    )
    above = pairs["match_probability"].to_numpy() >= threshold
    ceiling_above = ceiling_p >= threshold
    losses: dict[str, Any] = {}
    for sp in ("all", "persian", "latin", "across"):
        sel = np.ones(len(pairs), bool) if sp == "all" else (pairs["script_pair"] == sp).to_numpy()
        n_true = len(true_pairs) if sp == "all" else int((true_pairs["script_pair"] == sp).sum())
        t = sel & (y == 1)
        f = sel & (y == 0)
        losses[sp] = {
            "true_pairs": n_true,
            "never_compared": n_true - int(t.sum()),
            "compared_scored_below": int((t & ~above).sum()),
            "scored_above_but_split": int((t & above & ~together).sum()),
            "false_scored_above": int((f & above).sum()),
            "false_joined": int((f & together).sum()),
            "ceiling_true_scored_below": int((t & ~ceiling_above).sum()),
            "ceiling_false_scored_above": int((f & ceiling_above).sum()),
        }
    by_error = _losses_by_error(
        work / "lists" / "errors.csv", frame, true_pairs, pairs, y, above, together
    )
    labels = level_labels(saved)
    missed = pairs[(y == 1) & ~above]
    found = pairs[(y == 1) & above]
    levels: dict[str, Any] = {}
    for g, names_of in labels.items():
        if g not in pairs.columns:
            continue
        share_missed = missed[g].map(names_of).value_counts(normalize=True).round(3)
        share_found = found[g].map(names_of).value_counts(normalize=True).round(3)
        levels[g.removeprefix("gamma_")] = {
            "missed_true_pairs": share_missed.to_dict(),
            "linked_true_pairs": share_found.to_dict(),
        }
    return {
        "records": len(frame),
        "threshold": threshold,
        "candidate_pairs": len(pairs),
        "cli": cli,
        "model_reclustered": _evaluate(frame, model_labels, truth),
        "ceiling": _evaluate(frame, ceiling_labels, truth),
        "blocking_recall": blocking,
        "losses": losses,
        "levels_of_missed_pairs": levels,
        "losses_by_error": by_error,
    }


def _losses_by_error(
    errors_csv: Path,
    frame: pd.DataFrame,
    true_pairs: pd.DataFrame,
    pairs: pd.DataFrame,
    y: np.ndarray,
    above: np.ndarray,
    together: np.ndarray,
) -> dict[str, Any]:
    """For each thing the generator did to a record (and each pair of lists): how many
    true pairs have it on either side, and what share of those the linker missed,
    by stage (never compared, scored below the threshold, split by clustering)."""
    if not errors_csv.exists():
        return {}
    tags = pd.read_csv(errors_csv, dtype=str).fillna("")
    keyed = frame[["unique_id", "source", "source_record_id"]].astype({"source_record_id": str})
    tag_of = keyed.merge(tags, on=["source", "source_record_id"]).set_index("unique_id")["tags"]
    source_of = frame.set_index("unique_id")["source"]
    tp = true_pairs[["uid_l", "uid_r"]].rename(
        columns={"uid_l": "unique_id_l", "uid_r": "unique_id_r"}
    )
    state = pairs.loc[y == 1, ["unique_id_l", "unique_id_r"]].assign(
        stage=np.where(
            ~above[y == 1], "scored_below", np.where(together[y == 1], "linked", "split")
        )
    )
    tp = tp.merge(state, on=["unique_id_l", "unique_id_r"], how="left").fillna(
        {"stage": "never_compared"}
    )
    left = tag_of.reindex(tp["unique_id_l"]).fillna("").to_numpy()
    right = tag_of.reindex(tp["unique_id_r"]).fillna("").to_numpy()
    both = [set(a.split()) | set(b.split()) for a, b in zip(left, right, strict=True)]
    names = sorted({t for s in both for t in s} - {"persian", "latin"})
    out: dict[str, Any] = {}
    stages = ("never_compared", "scored_below", "split")
    for name in ["(none)", *names]:
        has = np.array(
            [(not (s - {"persian", "latin"})) if name == "(none)" else name in s for s in both]
        )
        n = int(has.sum())
        if n:
            out[name] = {
                "true_pairs": n,
                **{st: round(float((tp["stage"][has] == st).mean()), 3) for st in stages},
            }
    sl = source_of.reindex(tp["unique_id_l"]).to_numpy()
    sr = source_of.reindex(tp["unique_id_r"]).to_numpy()
    pair_names = np.array([" + ".join(sorted((a, b))) for a, b in zip(sl, sr, strict=True)])
    by_lists: dict[str, Any] = {}
    for name in sorted(set(pair_names)):
        has = pair_names == name
        by_lists[name] = {
            "true_pairs": int(has.sum()),
            **{st: round(float((tp["stage"][has] == st).mean()), 3) for st in stages},
        }
    return {"by_error": out, "by_lists": by_lists}


def _summary_line(tag: str, r: dict[str, Any]) -> str:
    cli, ceil = r["cli"], r["ceiling"]
    pw, cp = cli["pairwise"], ceil["pairwise"]
    return (
        f"{tag}: records {r['records']}, persons true {cli['true_persons']} linked "
        f"{cli['predicted_persons']}; pairwise F1 {pw['all']['f1']:.3f} "
        f"(P {pw['all']['precision']:.3f} / R {pw['all']['recall']:.3f}), B3 F1 "
        f"{cli['bcubed']['all']['f1']:.3f}; ceiling F1 {cp['all']['f1']:.3f}; "
        f"across F1 {pw['across']['f1']:.3f} (ceiling {cp['across']['f1']:.3f}); "
        f"blocking {r['blocking_recall']['all']:.3f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--people", type=int)
    ap.add_argument("--lists", type=int, default=5)
    ap.add_argument("--visibility", default="hard")
    ap.add_argument("--linkage", default="hard")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    settings = SWEEP if a.people is None else [(a.people, a.lists, a.visibility, a.linkage)]
    env = {**os.environ, "RECKON_PASSPHRASE": os.environ.get("RECKON_PASSPHRASE", BENCH_PASSPHRASE)}
    RESULTS.mkdir(exist_ok=True)
    for setting in settings:
        tag = "-".join(map(str, setting)) + f"-s{a.seed}"
        work = a.workdir / tag
        print(f"{tag} ...", flush=True)
        prepared = prepare(work, setting, a.seed, env)
        started = time.monotonic()
        result = measure(work, a.seed)
        people, k, visibility, linkage = setting
        out = {
            "setting": {
                "people": people,
                "lists": k,
                "visibility": visibility,
                "linkage": linkage,
                "seed": a.seed,
            },
            "documented": prepared["manifest"]["documented"],
            "timings_seconds": {
                **prepared["timings"],
                "measure": round(time.monotonic() - started, 1),
            },
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "load_1min": round(os.getloadavg()[0], 2),
            },
            "command": "python bench/link_holdout.py --workdir W "
            f"--people {people} --lists {k} --visibility {visibility} --linkage {linkage} "
            f"--seed {a.seed}",
            **result,
        }
        path = RESULTS / f"link-holdout-{tag}.json"
        path.write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")
        print("  " + _summary_line(tag, result), flush=True)


if __name__ == "__main__":
    main()

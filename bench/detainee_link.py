"""Detainee-to-morgue linking on the generator's lists: is a detainee who later appears in
a morgue list found?

Writes a synthetic case (``reckon synth --detainees``), imports the morgue list and the
detainee list (and, with ``--all-lists``, every other list too) into a fresh case through
the library, links it with the default settings, and scores the pairs across the two
lists against the truth: a (detainee record, morgue record) pair is a true pair when both
name the same person. Also the pairwise and B-cubed scores of all records
(``link.evaluation``). Prints one JSON object, and writes it to
``bench/results/detainee-link-N-sS[-all].json``.

    .venv/bin/python bench/detainee_link.py --people 5000 --seed 1
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd


def cross_pairs(frame: pd.DataFrame, a: str, b: str, column: str) -> set[tuple[str, str]]:
    """The (record of ``a``, record of ``b``) pairs that share a value of ``column``."""
    left = frame[frame["source"] == a][["source_record_id", column]]
    right = frame[frame["source"] == b][["source_record_id", column]]
    joined = left.merge(right, on=column, suffixes=("_a", "_b"))
    return set(zip(joined["source_record_id_a"], joined["source_record_id_b"], strict=True))


def scores(found: set[Any], true: set[Any]) -> dict[str, float | int]:
    both = len(found & true)
    p = both / len(found) if found else 1.0
    r = both / len(true) if true else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
            "true_pairs": len(true), "found_pairs": len(found), "both": both}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--sources", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--all-lists", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("RECKON_PASSPHRASE", "bench")

    from sqlalchemy import select

    from reckon.case import Case
    from reckon.ingest.importer import import_file
    from reckon.link.evaluation import evaluate
    from reckon.link.run import link_case
    from reckon.store.schema import records, sources
    from reckon.synth import generate
    from reckon.synth.detainees import write_detainee_list

    with tempfile.TemporaryDirectory() as tmp:
        lists = Path(tmp) / "lists"
        manifest = generate(lists, people=args.people, sources=args.sources, seed=args.seed)
        counts = write_detainee_list(lists)
        case = Case.create(Path(tmp) / "case", passphrase="bench", synthetic=True)
        chosen = [s for s in manifest.sources if args.all_lists or s.kind == "morgue"]
        started = time.monotonic()
        for s in chosen:
            import_file(case, lists / s.file, source=s.name, kind=s.kind, id_column=s.id_column)
        import_file(case, lists / "detainees.csv", source="detainees", kind="detainee",
                    id_column="id")  # fmt: skip
        imported = time.monotonic() - started
        link_case(case)
        linked_s = time.monotonic() - started - imported
        query = (
            select(sources.c.name.label("source"), records.c.source_record_id,
                   records.c.person_id, records.c.script)
            .join(sources, sources.c.id == records.c.source_id)
            .where(records.c.is_incident.is_(False))
        )  # fmt: skip
        with case.engine.connect() as conn:
            rows = pd.DataFrame(conn.execute(query).mappings().all())
        truth = pd.concat(
            [pd.read_csv(lists / "truth.csv", dtype={"source_record_id": str}),
             pd.read_csv(lists / "detainees_truth.csv", dtype={"source_record_id": str})],
            ignore_index=True,
        )  # fmt: skip
        linked = rows.astype({"source_record_id": str})
        morgue = next(s.name for s in manifest.sources if s.kind == "morgue")
        found = cross_pairs(linked.dropna(subset=["person_id"]), "detainees", morgue, "person_id")
        true = cross_pairs(truth, "detainees", morgue, "person_id")
        overall = evaluate(linked, truth)
        load = os.getloadavg()
        result = {
            "people": args.people,
            "sources": [s.name for s in chosen] + ["detainees"],
            "seed": args.seed,
            "detainee_list": counts,
            "detainee_to_morgue": scores(found, true),
            "all_pairwise_f1": round(overall.pairwise["all"].f1, 4),
            "all_bcubed_f1": round(overall.bcubed["all"].f1, 4),
            "import_s": round(imported, 1),
            "link_s": round(linked_s, 1),
            "load_average": [round(x, 1) for x in load],
            "at": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
        }
        case.close()
    line = json.dumps(result, ensure_ascii=False)
    print(line)
    lists = "-all" if args.all_lists else ""
    name = f"detainee-link-{args.people}-s{args.seed}{lists}.json"
    out = Path(__file__).with_name("results") / name
    out.write_text(line + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

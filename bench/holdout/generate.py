"""The holdout generator: lists of the dead as documenters receive them, with the truth.

    python bench/holdout/generate.py -o DIR --people N --lists K \
        --visibility {homogeneous,mixed,hard} --linkage {easy,hard} --seed S

Written independently of ``reckon.synth`` (which it never imports) so that a
linker tuned on one generator can be measured on the other. Writes one CSV per
list (``<source>.csv``, headers in the list's language), ``truth.csv`` (source,
source_record_id, person_id for every row), ``errors.csv`` (each row's script and
what was done to it: typo_given, day_offset, missing_date...), ``people.csv``
(everyone, named or not, with one 0/1 column per list), ``capture_histories.csv`` and
``manifest.json`` (settings and, per list, its kind, file and counts).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

if __package__ in (None, ""):  # run as a script: make ``holdout`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from holdout import capture, distort, lists, names, places, population


@dataclass(frozen=True)
class Settings:
    people: int = 3000
    lists: int = 5
    visibility: str = "hard"
    linkage: str = "hard"
    seed: int = 1
    capture_shift: float = 0.0  # added to every list's log-odds of naming a person


def _check(s: Settings) -> None:
    if not 3 <= s.lists <= len(lists.ORDER):
        raise ValueError(f"lists must be 3 to {len(lists.ORDER)}, not {s.lists}")
    if s.visibility not in lists.VISIBILITY:
        raise ValueError(f"visibility must be one of {', '.join(lists.VISIBILITY)}")
    if s.linkage not in ("easy", "hard"):
        raise ValueError("linkage must be easy or hard")
    if s.people < 1:
        raise ValueError("people must be at least 1")


def generate(out_dir: Path, settings: Settings) -> dict[str, Any]:
    """Write the case's lists and truth into ``out_dir``; the manifest it wrote."""
    _check(settings)
    out_dir.mkdir(parents=True, exist_ok=True)
    streams = np.random.SeedSequence(settings.seed).spawn(3)
    rng_people, rng_capture, rng_rows = (np.random.default_rng(s) for s in streams)
    classes = lists.VISIBILITY[settings.visibility]
    people = population.draw(rng_people, settings.people, classes)
    styles = [lists.STYLES[name] for name in lists.ORDER[: settings.lists]]
    on, reaches = capture.capture(rng_capture, people, styles, classes, settings.capture_shift)
    factor = 1.0 if settings.linkage == "hard" else lists.EASY
    truth: list[tuple[str, str, str, str]] = []
    described = []
    for k, style in enumerate(styles):
        errors = style.errors.scaled(factor)
        rows: list[tuple[str, dict[str, str], bool, list[str]]] = []
        for i in np.flatnonzero(on[:, k]):
            person = people[int(i)]
            copies = 2 if rng_rows.random() < errors.duplicate else 1
            for copy in range(copies):
                cells, latin, tags = distort.write_record(person, style, errors, rng_rows)
                rows.append((person.pid, cells, latin, tags + ["duplicate"] * copy))
        order = rng_rows.permutation(len(rows))
        path = out_dir / f"{style.name}.csv"
        id_header = style.headers["id"]
        headers = list(style.headers.values())
        latin_rows = 0
        # Persian lists saved from Excel carry a byte-order mark
        encoding = "utf-8-sig" if style.kind == "hospital" else "utf-8"
        with path.open("w", encoding=encoding, newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers)
            for n, j in enumerate(order, start=1):
                pid, cells, latin, tags = rows[int(j)]
                rid = f"{style.id_prefix}-{n:05d}"
                latin_rows += latin
                writer.writerow([rid if f == "id" else cells.get(f, "") for f in style.headers])
                truth.append(
                    (style.name, rid, pid, " ".join(["latin" if latin else "persian", *tags]))
                )
        described.append(
            {
                "source": style.name,
                "kind": style.kind,
                "file": path.name,
                "id_column": id_header,
                "headers": headers,
                "script": style.script,
                "records": len(rows),
                "people": int(on[:, k].sum()),
                "latin_records": latin_rows,
                "regional_provinces": reaches.get(style.name),
            }
        )
    _write_truth(out_dir, truth)
    _write_people(out_dir, people, styles, on)
    _write_histories(out_dir, styles, on)
    manifest = {
        "generator": "bench/holdout",
        "settings": asdict(settings),
        "people": settings.people,
        "documented": int((on.sum(axis=1) > 0).sum()),
        "records": len(truth),
        "lists": described,
    }
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    return manifest


def _write_truth(out_dir: Path, truth: list[tuple[str, str, str, str]]) -> None:
    """truth.csv, and errors.csv: the script and what was done to each record."""
    with (out_dir / "truth.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["source", "source_record_id", "person_id"])
        writer.writerows(t[:3] for t in truth)
    with (out_dir / "errors.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["source", "source_record_id", "tags"])
        writer.writerows((t[0], t[1], t[3]) for t in truth)


def _write_people(
    out_dir: Path, people: list[population.Person], styles: list[lists.Style], on: np.ndarray
) -> None:
    with (out_dir / "people.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            ["person_id", "given_name", "family_name", "father_name", "seyyed", "sex", "age",
             "date", "province_code", "city", "latent_class", *(s.name for s in styles)]
        )  # fmt: skip
        for i, p in enumerate(people):
            prov = places.PROVINCES[p.province]
            family = names.FAMILIES[p.family].part
            writer.writerow(
                [
                    p.pid,
                    names.ZWNJ.join(p.given.fa),
                    names.ZWNJ.join(family.fa),
                    names.ZWNJ.join(p.father.fa),
                    int(p.seyyed),
                    p.sex,
                    p.age,
                    p.day.isoformat(),
                    prov.code,
                    prov.cities[p.city][1],
                    p.latent,
                    *(int(x) for x in on[i]),
                ]
            )


def _write_histories(out_dir: Path, styles: list[lists.Style], on: np.ndarray) -> None:
    seen = on[on.sum(axis=1) > 0]
    patterns, counts = np.unique(seen, axis=0, return_counts=True)
    with (out_dir / "capture_histories.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*(s.name for s in styles), "count"])
        for row, count in zip(patterns, counts, strict=True):
            writer.writerow([*(int(x) for x in row), int(count)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--out", type=Path, required=True)
    ap.add_argument("--people", type=int, default=3000)
    ap.add_argument("--lists", type=int, default=5)
    ap.add_argument("--visibility", choices=list(lists.VISIBILITY), default="hard")
    ap.add_argument("--linkage", choices=["easy", "hard"], default="hard")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--capture-shift", type=float, default=0.0)
    a = ap.parse_args(argv)
    try:
        m = generate(
            a.out,
            Settings(a.people, a.lists, a.visibility, a.linkage, a.seed, a.capture_shift),
        )
    except ValueError as exc:
        ap.error(str(exc))
    print(
        f"{m['people']} people, {m['documented']} on some list, {m['records']} records in "
        f"{len(m['lists'])} lists -> {a.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

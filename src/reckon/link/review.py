"""Review: the uncertain pairs out to a spreadsheet, reviewers' decisions back in.

The export puts both records of a pair side by side (names, father's name, sex,
age, date, place, source) with the model's probability, most uncertain first, and
empty ``decision``, ``reviewer`` and ``reason`` columns. Filling ``decision`` with
``match``, ``non_match`` or ``unsure`` and importing the file back logs every
decision as evidence; the next link run obeys them (a match joins, a non-match
splits), and the match pairs feed the model's m-probabilities when it is
retrained. Rows left blank are skipped, so a reviewer can stop anywhere.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from reckon.errors import BadRows, InputError, LinkError
from reckon.exports import safe_cell
from reckon.link.events import read_object
from reckon.store import decisions as decision_store
from reckon.store import persons as person_store
from reckon.store.schema import DECISIONS, PAIR_KEYS

if TYPE_CHECKING:
    from reckon.case import Case

SHOWN = (
    "full_name",
    "father_name",
    "sex",
    "age",
    "birth_year",
    "date_start",
    "province_code",
    "city",
)
PAIR = list(PAIR_KEYS)
SPELLINGS = {"non-match": "non_match", "nonmatch": "non_match", "no": "non_match", "yes": "match"}


@dataclass(frozen=True)
class ReviewImport:
    accepted: int
    skipped: int
    counts: dict[str, int]
    evaluation: bool = False  # labels of an evaluation sample, not decisions

    def to_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "skipped": self.skipped,
            "counts": self.counts,
            "evaluation_sample": self.evaluation,
        }


def uncertain_pairs(case: Case) -> pd.DataFrame:
    """The undecided pairs of the last link run's uncertain band."""
    with case.engine.connect() as conn:
        run = person_store.last_run(conn)
    if run is None or not run.get("settings"):
        raise LinkError("no link run yet: run `reckon link` first")
    return read_object(case, run["settings"]["objects"]["review"])


def export_review(case: Case, path: Path, *, limit: int | None = None) -> int:
    """Write the uncertain pairs to ``path`` (CSV); returns how many."""
    pairs = uncertain_pairs(case)
    if limit is not None:
        pairs = pairs.head(limit)
    _write_pairs(case, path, pairs)
    return len(pairs)


# Probability bands the evaluation sample is stratified on: most scored pairs are
# near 0 or 1, and a plain random sample would hardly ever show the middle.
BANDS = (0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1.0)


def sample_for_evaluation(case: Case, n: int, *, seed: int = 1) -> pd.DataFrame:
    """A random sample of the last run's scored pairs, stratified by probability
    band, each with the ``weight`` (pairs of its band it stands for) that makes
    precision and recall estimated from its labels unbiased for the scored pairs.
    Pairs already labelled are left out."""
    if n < 1:
        raise InputError("sample= takes a number of pairs above 0", value=str(n))
    with case.engine.connect() as conn:
        run = person_store.last_run(conn)
        labelled = decision_store.read_labels(conn)
    if run is None or not run.get("settings") or "pairs" not in run["settings"]["objects"]:
        raise LinkError("no link run with its scored pairs yet: run `reckon link` first")
    pairs = read_object(case, run["settings"]["objects"]["pairs"])
    if not labelled.empty:
        done = labelled.set_index(PAIR).index
        pairs = pairs[~pairs.set_index(PAIR).index.isin(done)]
    band = pd.cut(pairs["match_probability"], BANDS, right=False, include_lowest=True)
    pairs = pairs.assign(stratum=band.astype(str).where(band.notna(), f"[{BANDS[-1]}, 1]"))
    groups = {str(name): group for name, group in pairs.groupby("stratum", sort=True)}
    takes = allocate(n, {name: len(group) for name, group in groups.items()})
    rng = np.random.default_rng(seed)
    chosen = []
    for name, group in groups.items():
        take = takes[name]
        if take == 0:
            continue
        picked = group.iloc[np.sort(rng.choice(len(group), size=take, replace=False))]
        chosen.append(picked.assign(weight=len(group) / take))
    if not chosen:
        raise LinkError("the last link run scored no pairs to sample")
    return pd.concat(chosen, ignore_index=True)


def allocate(n: int, sizes: dict[str, int]) -> dict[str, int]:
    """Pairs to draw from each band: an equal share, and what a small band cannot give
    goes to the others, so the sample has ``min(n, all pairs)`` pairs. The weights
    (band size / pairs drawn) keep the estimates unbiased whatever the shares."""
    takes = dict.fromkeys(sizes, 0)
    left = n
    order = sorted(sizes, key=lambda name: sizes[name])
    for i, name in enumerate(order):
        share = -(-left // (len(order) - i))  # ceiling: the remainder is not lost
        takes[name] = min(sizes[name], share)
        left -= takes[name]
    return takes


def export_sample(case: Case, path: Path, n: int, *, seed: int = 1) -> int:
    """Write an evaluation sample to ``path`` (CSV) for clerical labelling."""
    sample = sample_for_evaluation(case, n, seed=seed)
    _write_pairs(case, path, sample, extra=("stratum", "weight"))
    return len(sample)


def _write_pairs(case: Case, path: Path, pairs: pd.DataFrame, extra: tuple[str, ...] = ()) -> None:
    with case.engine.connect() as conn:
        records = person_store.read_records(conn)
    info = records.set_index(["source", "source_record_id"])[list(SHOWN)]
    a = info.reindex(pd.MultiIndex.from_arrays([pairs["source_a"], pairs["record_a"]]))
    b = info.reindex(pd.MultiIndex.from_arrays([pairs["source_b"], pairs["record_b"]]))
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        header = [*PAIR, "match_probability"]
        for field in SHOWN:
            header += [f"a_{field}", f"b_{field}"]
        writer.writerow([*header, *extra, "decision", "reviewer", "reason"])
        a_rows = a.itertuples(index=False, name=None)
        b_rows = b.itertuples(index=False, name=None)
        kept = pairs[[*PAIR, "match_probability", *extra]].itertuples(index=False, name=None)
        for pair, ra, rb in zip(kept, a_rows, b_rows, strict=True):
            cells: list[Any] = [*pair[:4], f"{pair[4]:.4f}"]
            for va, vb in zip(ra, rb, strict=True):
                cells += [_shown(va), _shown(vb)]
            cells += [f"{v:.6g}" if isinstance(v, float) else v for v in pair[5:]]
            writer.writerow([safe_cell(c) for c in [*cells, "", "", ""]])


def _shown(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return value


def read_review_file(
    path: Path, *, reviewer: str | None = None
) -> tuple[list[dict[str, Any]], int]:
    """Decided rows of a review file as logged decisions; and how many rows were blank."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read the review file: {exc.strerror}", file=str(path)) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = {*PAIR, "decision"} - set(reader.fieldnames or [])
    if missing:
        raise InputError(
            f"a review file needs the column(s) {', '.join(sorted(missing))}", file=str(path)
        )
    now = datetime.now(UTC).isoformat()
    decided: list[dict[str, Any]] = []
    bad: list[InputError] = []
    skipped = 0
    for number, row in enumerate(reader, start=2):
        raw = (row.get("decision") or "").strip().lower()
        if not raw:
            skipped += 1
            continue
        decision = SPELLINGS.get(raw, raw)
        who = (row.get("reviewer") or "").strip() or reviewer
        found = _row_faults(row, decision, raw, who, path, number)
        if found:
            bad.extend(found)
            continue
        a = (row["source_a"].strip(), _record(row["record_a"]))
        b = (row["source_b"].strip(), _record(row["record_b"]))
        (sa, ra), (sb, rb) = (a, b) if a <= b else (b, a)
        prob = (row.get("match_probability") or "").strip()
        decided.append(
            {
                "source_a": sa,
                "record_a": ra,
                "source_b": sb,
                "record_b": rb,
                "decision": decision,
                "reviewer": who,
                "decided_at": (row.get("decided_at") or "").strip() or now,
                "reason": (row.get("reason") or "").strip() or None,
                "match_probability": prob or None,  # kept as text: the log takes no floats
            }
        )
        if "weight" in (reader.fieldnames or []):
            try:
                decided[-1]["weight"] = _weight(row.get("weight"), path, number)
            except InputError as exc:
                bad.append(exc)
            decided[-1]["stratum"] = (row.get("stratum") or "").strip() or None
    if bad:
        rows = len({e.row for e in bad})
        raise BadRows(
            f"{rows} row(s) cannot be read; nothing was recorded (mend them and --accept again)",
            file=str(path),
            errors=tuple(bad),
        )
    return decided, skipped


def _row_faults(
    row: dict[str, Any], decision: str, raw: str, who: str | None, path: Path, number: int
) -> list[InputError]:
    """What is wrong with one decided row of a review file (all of it, not the first)."""
    faults = []
    if decision not in DECISIONS:
        faults.append(
            InputError(
                f"decision must be one of {', '.join(DECISIONS)}",
                file=str(path),
                row=number,
                column="decision",
                value=raw,
            )
        )
    if not who:
        faults.append(
            InputError(
                "who decided? fill the reviewer column or pass reviewer=",
                file=str(path),
                row=number,
                column="reviewer",
            )
        )
    for column in PAIR:
        if not (row.get(column) or "").strip():
            faults.append(
                InputError(
                    "a decided pair names both records", file=str(path), row=number, column=column
                )
            )
    return faults


def _weight(cell: str | None, path: Path, row: int) -> str:
    text = (cell or "").strip()
    try:
        if float(text) > 0:
            return text  # kept as text: the log takes no floats
    except ValueError:
        pass
    raise InputError(
        "weight must be a number above 0 (as exported with sample=)",
        file=str(path),
        row=row,
        column="weight",
        value=text,
    )


def _record(cell: str) -> str:
    """A record id as exported; a spreadsheet's formula guard (') is taken off."""
    cell = cell.strip()
    return cell[1:] if cell.startswith("'") else cell


def accept_review(case: Case, path: Path, *, reviewer: str | None = None) -> ReviewImport:
    """``case.review.accept(path, ...)``, for callers written before the facade."""
    result: ReviewImport = case.review.accept(path, reviewer=reviewer)
    return result

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

import pandas as pd

from reckon.errors import InputError, LinkError
from reckon.exports import safe_cell
from reckon.link.events import DECISIONS_EVENT, apply_decisions, read_object
from reckon.store import persons as person_store
from reckon.store.schema import DECISIONS

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
PAIR = ["source_a", "record_a", "source_b", "record_b"]
SPELLINGS = {"non-match": "non_match", "nonmatch": "non_match", "no": "non_match", "yes": "match"}


@dataclass(frozen=True)
class ReviewImport:
    accepted: int
    skipped: int
    counts: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "skipped": self.skipped, "counts": self.counts}


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
        writer.writerow([*header, "decision", "reviewer", "reason"])
        a_rows = a.itertuples(index=False, name=None)
        b_rows = b.itertuples(index=False, name=None)
        for pair, ra, rb in zip(
            pairs.itertuples(index=False, name=None), a_rows, b_rows, strict=True
        ):
            cells: list[Any] = [*pair[:4], f"{pair[4]:.4f}"]
            for va, vb in zip(ra, rb, strict=True):
                cells += [_shown(va), _shown(vb)]
            writer.writerow([safe_cell(c) for c in [*cells, "", "", ""]])
    return len(pairs)


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
    skipped = 0
    for number, row in enumerate(reader, start=2):
        raw = (row.get("decision") or "").strip().lower()
        if not raw:
            skipped += 1
            continue
        decision = SPELLINGS.get(raw, raw)
        if decision not in DECISIONS:
            raise InputError(
                f"decision must be one of {', '.join(DECISIONS)}",
                file=str(path),
                row=number,
                column="decision",
                value=raw,
            )
        who = (row.get("reviewer") or "").strip() or reviewer
        if not who:
            raise InputError(
                "who decided? fill the reviewer column or pass --reviewer",
                file=str(path),
                row=number,
                column="reviewer",
            )
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
    return decided, skipped


def _record(cell: str) -> str:
    """A record id as exported; a spreadsheet's formula guard (') is taken off."""
    cell = cell.strip()
    return cell[1:] if cell.startswith("'") else cell


def accept_review(case: Case, path: Path, *, reviewer: str | None = None) -> ReviewImport:
    """Log the decisions of a filled-in review file; they apply from the next run."""
    decided, skipped = read_review_file(path, reviewer=reviewer)
    if decided:
        payload = {"file": path.name, "decisions": decided}
        case.record(DECISIONS_EVENT, payload, lambda conn: apply_decisions(case, conn, payload))
    counts = {d: sum(1 for x in decided if x["decision"] == d) for d in DECISIONS}
    return ReviewImport(accepted=len(decided), skipped=skipped, counts=counts)

"""``case.review``: the uncertain pairs out, reviewers' decisions back in as events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import select

from reckon.errors import InputError
from reckon.events.kinds import LinkDecisions, LinkLabels
from reckon.link import review
from reckon.store.schema import DECISIONS, records, sources

if TYPE_CHECKING:
    from reckon.case import Case


class Review:
    """Clerical review: which pairs are in doubt, and what reviewers decided."""

    def __init__(self, case: Case) -> None:
        self._case = case

    def pairs(self) -> pd.DataFrame:
        """The undecided pairs of the last link run's uncertain band."""
        return review.uncertain_pairs(self._case)

    def export(self, path: Path, *, limit: int | None = None) -> int:
        """The uncertain pairs side by side in a CSV to fill in; how many."""
        return review.export_review(self._case, Path(path), limit=limit)

    def sample(self, path: Path, n: int, *, seed: int = 1) -> int:
        """A random sample of ``n`` scored pairs, stratified by probability, in a CSV to
        label; its labels measure the linkage (``case.link.evaluate``), never steer it."""
        return review.export_sample(self._case, Path(path), n, seed=seed)

    def accept(self, path: Path, *, reviewer: str | None = None) -> review.ReviewImport:
        """Log the decisions of a filled-in review file (or the labels of a filled-in
        sample); decisions apply from the next link run."""
        path = Path(path)
        decided, skipped = review.read_review_file(path, reviewer=reviewer)
        sample = any("weight" in d for d in decided)
        self._log(decided, file=path.name, labels=sample)
        return review.ReviewImport(
            accepted=len(decided), skipped=skipped, counts=_counts(decided), evaluation=sample
        )

    def decide(
        self,
        a: tuple[str, str],
        b: tuple[str, str],
        decision: str,
        *,
        reviewer: str,
        reason: str | None = None,
    ) -> review.ReviewImport:
        """One decision on the pair of records ``a`` and ``b``, each (source, record id):
        ``match``, ``non_match`` or ``unsure``; it applies from the next link run."""
        return self.decide_many([(a, b, decision)], reviewer=reviewer, reason=reason)

    def decide_many(
        self,
        pairs: Sequence[tuple[tuple[str, str], tuple[str, str], str]],
        *,
        reviewer: str,
        reason: str | None = None,
    ) -> review.ReviewImport:
        """Several decisions as one logged event (see ``decide``)."""
        if not reviewer.strip():
            raise InputError("reviewer= must say who decided")
        now = datetime.now(UTC).isoformat()
        decided: list[dict[str, Any]] = []
        for a, b, decision in pairs:
            decision = review.SPELLINGS.get(decision.strip().lower(), decision.strip().lower())
            if decision not in DECISIONS:
                raise InputError(
                    f"decision= must be one of {', '.join(DECISIONS)}", value=str(decision)
                )
            (sa, ra), (sb, rb) = sorted((_pair_end(a), _pair_end(b)))
            if (sa, ra) == (sb, rb):
                raise InputError("a decision needs two different records", value=f"{sa}:{ra}")
            decided.append(
                {
                    "source_a": sa,
                    "record_a": ra,
                    "source_b": sb,
                    "record_b": rb,
                    "decision": decision,
                    "reviewer": reviewer.strip(),
                    "decided_at": now,
                    "reason": reason,
                    "match_probability": None,
                }
            )
        self._check_records(decided)
        self._log(decided, file="", labels=False)
        return review.ReviewImport(accepted=len(decided), skipped=0, counts=_counts(decided))

    def _check_records(self, decided: list[dict[str, Any]]) -> None:
        wanted = {(d[f"source_{s}"], d[f"record_{s}"]) for d in decided for s in "ab"}
        with self._case.engine.connect() as conn:
            found = {
                (str(row.name), str(row.source_record_id))
                for row in conn.execute(
                    select(sources.c.name, records.c.source_record_id)
                    .select_from(records.join(sources))
                    .where(records.c.source_record_id.in_({r for _, r in wanted}))
                )
            }
        missing = sorted(wanted - found)
        if missing:
            shown = ", ".join(f"{s}:{r}" for s, r in missing[:5])
            raise InputError(
                f"no record {shown} in this case; nothing was recorded",
                hint="a record is (source name, its id in that source), as case.review.pairs shows",
            )

    def _log(self, decided: list[dict[str, Any]], *, file: str, labels: bool) -> None:
        if not decided:
            return
        case = self._case
        if labels:
            # an evaluation sample: labels that measure the linkage and never steer it
            case.record(LinkLabels(**case.stamp(), labels=tuple(decided), file=file))
        else:
            case.record(LinkDecisions(**case.stamp(), decisions=tuple(decided), file=file))


def _pair_end(end: tuple[str, str]) -> tuple[str, str]:
    source, record_id = (str(x).strip() for x in end)
    if not source or not record_id:
        raise InputError(
            "a record is named by its source and its id", value=f"{source}:{record_id}"
        )
    return source, record_id


def _counts(decided: list[dict[str, Any]]) -> dict[str, int]:
    return {d: sum(1 for x in decided if x["decision"] == d) for d in DECISIONS}

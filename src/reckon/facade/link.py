"""``case.link``: records linked into persons, each run logged with its result."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from reckon.events import faults
from reckon.events.kinds import LinkRun
from reckon.link.model import TrainingPlan
from reckon.link.run import LinkResult, Progress, compute_link, link_result, to_parquet

if TYPE_CHECKING:
    from reckon.case import Case
    from reckon.link.evaluation import LinkEvaluation


class Link:
    """Linking a case's records into persons, and measuring the linkage."""

    def __init__(self, case: Case) -> None:
        self._case = case

    def run(
        self,
        *,
        backend: str = "duckdb",
        retrain: bool = False,
        seed: int | None = None,
        plan: TrainingPlan | None = None,
        progress: Progress | None = None,
    ) -> LinkResult:
        """Link the records into persons (reviewers' decisions override the model); the
        run's persons, pairs and model go into the vault and one ``link.run`` event.

        ``seed`` seeds training's samples (or give a whole ``plan``); ``retrain``
        trains again instead of reusing the case's saved model."""
        if plan is None:
            plan = TrainingPlan() if seed is None else TrainingPlan(seed=seed)
        case = self._case
        done = compute_link(
            case.engine,
            case.path,
            case.settings,
            backend=backend,
            retrain=retrain,
            plan=plan,
            progress=progress,
        )
        objects = {name: case.vault.put_bytes(to_parquet(t)) for name, t in done.tables.items()}
        model_sha = case.vault.put_bytes(done.model_path.read_bytes())
        faults.reach(faults.BEFORE_EVENT)
        event = LinkRun(
            **case.stamp(),
            backend=backend,
            threshold=repr(done.threshold),  # the log takes no floats
            started_at=done.started_at,
            results=objects,
            model=model_sha,
            model_path=case.settings.link_model,
            trained=done.scored.trained,
            seed=done.seed,
            comparisons=done.scored.comparisons,
            records=done.records,
            decisions_applied=done.decisions_applied,
        )
        outcome = case.record(event).outcome
        return link_result(done, backend, outcome.count)

    def evaluate(self, truth: Path) -> LinkEvaluation:
        """Pairwise and B-cubed precision, recall and F1 of the persons against a truth
        file (CSV: source, source_record_id, person_id)."""
        from reckon.link.export import evaluate_case

        return evaluate_case(self._case, Path(truth))

    def evaluate_labelled(self) -> dict[str, Any]:
        """Precision, recall and F1 estimated from the labelled evaluation sample
        (``case.review.sample``, then ``accept``), else from the reviewers' decisions."""
        from reckon.link.export import evaluate_decisions

        return evaluate_decisions(self._case)

    def export_records(self, path: Path) -> int:
        """One row per record with its person (.csv or .xlsx); how many rows."""
        from reckon.link.export import export_records

        return export_records(self._case, path)

    def export_persons(self, path: Path) -> int:
        """One row per person (.csv or .xlsx); how many rows."""
        from reckon.link.export import export_person_list

        return export_person_list(self._case, path)

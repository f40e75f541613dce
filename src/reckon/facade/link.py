"""``case.link``: records linked into persons, each run logged with its result."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from reckon.errors import LinkError
from reckon.events import faults
from reckon.events.kinds import LinkRun
from reckon.link.model import TrainingPlan
from reckon.link.run import LinkResult, Progress, compute_link, link_result, to_parquet
from reckon.store import persons as person_store

if TYPE_CHECKING:
    from reckon.case import Case
    from reckon.link.evaluation import LinkEvaluation


def saved_model(case: Case, loose: Path) -> tuple[bytes | None, list[str]]:
    """The model to reuse, as stored: the last run's, read from the vault by its hash.

    The loose ``models/link_model.json`` is only read for a case's first run (a model
    brought from another case); after that, editing it changes nothing, and says so."""
    with case.engine.connect() as conn:
        run = person_store.last_run(conn)
    settings = (run or {}).get("settings") or {}
    sha = settings.get("model") if isinstance(settings, dict) else None
    if not isinstance(sha, str):
        return (loose.read_bytes() if loose.is_file() else None), []
    if not case.vault.has_object(sha):
        raise LinkError(
            f"the last link run's model (object {sha[:12]}) is missing from the vault: "
            "run `reckon verify`, or `reckon link --retrain`"
        )
    data = case.vault.object_path(sha).read_bytes()
    notes = []
    if loose.exists() and loose.read_bytes() != data:
        notes.append(
            f"{loose.name} differs from the model the last link run logged: the logged model "
            f"({sha[:12]}) was used; `reckon link --retrain` trains a new one"
        )
    return data, notes


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
        loose = case.path / case.settings.link_model
        done = compute_link(
            case.engine,
            case.path,
            case.settings,
            backend=backend,
            retrain=retrain,
            plan=plan,
            progress=progress,
            saved_model=(None, []) if retrain else saved_model(case, loose),
        )
        stamp = case.stamp()  # the signing key is unlocked (or refused) before anything is stored
        objects = {name: case.vault.put_bytes(to_parquet(t)) for name, t in done.tables.items()}
        # the model lives in the vault, named by the run; the loose file is a copy to read
        model_sha = case.vault.put_bytes(done.model_bytes)
        faults.reach(faults.BEFORE_EVENT)
        event = LinkRun(
            **stamp,
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

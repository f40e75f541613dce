"""The link model: Splink settings, training by EM with fixed seeds, and its JSON.

A trained model is saved in the case (``models/link_model.json`` by default) and
reused by later runs, so a re-link after new imports scores pairs the same way
unless someone asks for retraining. Pairs labelled by reviewers as matches feed
the m-probabilities after EM.
"""

from __future__ import annotations

import json
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from splink import Linker, SettingsCreator

from reckon.errors import ConvergenceWarning, LinkError
from reckon.link import blocking, comparisons

log = logging.getLogger("reckon.link.model")


@dataclass(frozen=True)
class TrainingPlan:
    """How the model is trained; every random choice comes from ``seed``."""

    seed: int = 20260108
    u_max_pairs: float = 2e6
    em_max_pairs: float = 2e6
    prior_recall: float = 0.6
    # Train on at most this many records (a seeded sample): the parameters are
    # proportions, so a sample gives them as well as a million records do, at a
    # fraction of the time and memory; every record is still scored.
    max_training_records: int = 250_000


def settings(probability_two_random_records_match: float = 1e-5) -> SettingsCreator:
    """The untrained model: one table of all sources, deduplicated as a whole so
    duplicates inside a source and matches across sources are found together."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons.persian_comparisons(),
        blocking_rules_to_generate_predictions=blocking.prediction_rules(),
        probability_two_random_records_match=probability_two_random_records_match,
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
        additional_columns_to_retain=["source", "source_record_id", "script"],
        max_iterations=20,
    )


def new_linker(table: Any, model: SettingsCreator | dict[str, Any]) -> Linker:
    return Linker(table, model, log_level=None)


def train(linker: Linker, plan: TrainingPlan, labels: Any | None = None) -> None:
    """Prior from near-certain rules, u by random sampling, m by EM, then labels."""
    training = linker.training
    training.estimate_probability_two_random_records_match(
        blocking.deterministic_rules(), recall=plan.prior_recall
    )
    training.estimate_u_using_random_sampling(max_pairs=plan.u_max_pairs, seed=plan.seed)
    for rule in blocking.training_rules():
        try:
            training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=plan.em_max_pairs
            )
        except ValueError as exc:
            # On a small case EM can push a probability to exactly zero, which Splink
            # refuses; the other sessions and the u estimates still make a model.
            warnings.warn(
                f"one EM training session did not converge and was skipped ({exc})",
                ConvergenceWarning,
                stacklevel=2,
            )
    if labels is not None:
        training.estimate_m_from_pairwise_labels(labels)  # type: ignore[no-untyped-call]


def model_json(linker: Linker) -> dict[str, Any]:
    """The trained model as Splink's JSON settings dictionary."""
    model: dict[str, Any] = linker.misc.save_model_to_json()
    return model


def save(model: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model, indent=1, sort_keys=True), encoding="utf-8")


def load(path: Path) -> dict[str, Any]:
    try:
        model: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise LinkError(
            f"{path}: cannot read the link model ({exc}); delete it to retrain"
        ) from None
    if "comparisons" not in model:
        raise LinkError(f"{path}: not a Splink model; delete it to retrain")
    return model


def labels_frame(pairs: pd.DataFrame) -> pd.DataFrame:
    """Reviewers' match pairs as Splink's labels table (unique ids of both sides)."""
    return pd.DataFrame(
        {
            "unique_id_l": pairs["unique_id_l"].astype("int64"),
            "unique_id_r": pairs["unique_id_r"].astype("int64"),
            "clerical_match_score": 1.0,
        }
    )

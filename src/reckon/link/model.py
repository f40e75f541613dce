"""The link model: Splink settings, the training plan, and the model's JSON.

A trained model is saved in the case (``models/link_model.json`` by default) and
reused by later runs, so a re-link after new imports scores pairs the same way
unless someone asks for retraining, or the model does not fit the case
(``scoring.unfit_reason``). Training itself, and what it does when the case
cannot train a parameter, is ``training``. The saved JSON is Splink's settings
with one key of ours beside them, the training's record
(``training.TRAINING_KEY``).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from splink import Linker, SettingsCreator

from reckon.errors import LinkError
from reckon.link import blocking, comparisons

log = logging.getLogger("reckon.link.model")

_PARAMS = ("m_probability", "u_probability")
_SMALLEST = 1e-300


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


def structure(settings: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """Each comparison's name with its levels' labels (the same on every dialect)."""
    return [
        (
            str(c.get("output_column_name")),
            [str(level.get("label_for_charts")) for level in c["comparison_levels"]],
        )
        for c in settings["comparisons"]
    ]


def with_parameters(fresh: dict[str, Any], trained: dict[str, Any]) -> dict[str, Any]:
    """``fresh`` (settings for this backend) carrying ``trained``'s parameters."""
    if structure(fresh) != structure(trained):
        raise LinkError("the saved link model has other comparisons than this version; retrain it")
    out = dict(fresh)
    out["probability_two_random_records_match"] = trained["probability_two_random_records_match"]
    comparisons = []
    for new, old in zip(fresh["comparisons"], trained["comparisons"], strict=True):
        levels = []
        for lvl_new, lvl_old in zip(
            new["comparison_levels"], old["comparison_levels"], strict=True
        ):
            lvl = dict(lvl_new)
            for key in _PARAMS:
                if lvl_old.get(key) is not None:
                    # EM can drive a probability to exactly 0, which Splink refuses on load
                    lvl[key] = max(float(lvl_old[key]), _SMALLEST)
            levels.append(lvl)
        comparisons.append({**new, "comparison_levels": levels})
    out["comparisons"] = comparisons
    return out


def model_json(linker: Linker) -> dict[str, Any]:
    """The trained model as Splink's JSON settings dictionary."""
    model: dict[str, Any] = linker.misc.save_model_to_json()
    return model


def to_bytes(model: dict[str, Any]) -> bytes:
    """The model as stored: in the vault (named by its link run) and as the loose copy."""
    return json.dumps(model, indent=1, sort_keys=True).encode("utf-8")


def from_bytes(data: bytes, where: str) -> dict[str, Any]:
    try:
        model = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LinkError(
            f"{where}: cannot read the link model ({exc}); delete it to retrain"
        ) from None
    if not isinstance(model, dict) or "comparisons" not in model:
        raise LinkError(f"{where}: not a Splink model; delete it to retrain")
    return model


def save(model: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_bytes(model))


def load(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LinkError(
            f"{path}: cannot read the link model ({exc}); delete it to retrain"
        ) from None
    return from_bytes(data, str(path))


def labels_frame(pairs: pd.DataFrame) -> pd.DataFrame:
    """Reviewers' match pairs as Splink's labels table (unique ids of both sides)."""
    return pd.DataFrame(
        {
            "unique_id_l": pairs["unique_id_l"].astype("int64"),
            "unique_id_r": pairs["unique_id_r"].astype("int64"),
            "clerical_match_score": 1.0,
        }
    )

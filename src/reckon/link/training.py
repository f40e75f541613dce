"""Training the link model on whatever a case holds, with a note for what it could not.

Real lists differ: three of them may have no father's-name column, another no
dates, and a new case may hold ten records. Training adapts instead of failing:

* a comparison whose field no record has weighs nothing (every pair falls in its
  null level) and the run says so;
* the prior probability that two records match comes from near-certain pairs,
  or, when there are none, from ``priors.probability_two_random_records_match``;
* u (how non-matches agree) comes from random pairs, pulled towards the stated
  priors as far as the pairs are few (``priors.smoothed_u``);
* each EM session (``blocking.TRAINING_SESSIONS``) runs on the first of its
  alternatives that gives at least ``MIN_SESSION_PAIRS`` pairs, or is skipped;
* an m no session could estimate keeps its stated prior (``priors.PRIORS``).

The trained model records, under ``TRAINING_KEY``, which fields it saw, which
sessions ran and on how many records, so a later run can tell whether it fits
the case it is asked to score (``scoring``).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd
from splink import block_on

from reckon.link import blocking, comparisons, model, priors

log = logging.getLogger("reckon.link")

# An EM session on fewer pairs than this would fit some forty m-probabilities
# and the match share to a handful of pairs: the stated priors are better.
MIN_SESSION_PAIRS = 50
# Below this many random pairs the u estimates lean visibly on the priors (the
# priors weigh ``priors.U_PRIOR_PAIRS``), and the run says so.
FEW_U_PAIRS = 1_000
TRAINING_KEY = "reckon_training"
# Bumped when the record below changes shape.
TRAINING_VERSION = 1

_COLUMN_WORDS = {
    "given_skel": "given name",
    "family_skel": "family name",
    "father_skel": "father's name",
    "date_lo": "date",
    "birth_year": "birth year",
    "province": "province",
}


@dataclass(frozen=True)
class Session:
    """One EM session as it went: the columns it blocked on, its pairs, whether it ran."""

    columns: tuple[str, ...]
    pairs: int
    ran: bool


@dataclass
class TrainingRecord:
    """What a training could estimate and what kept a stated prior."""

    records: int
    fields: list[str]
    sessions: list[Session] = field(default_factory=list)
    prior_m: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        log.info("%s", text)
        self.notes.append(text)

    @property
    def all_sessions_ran(self) -> bool:
        return len(self.sessions) == len(blocking.TRAINING_SESSIONS) and all(
            s.ran and s.columns == alternatives[0]
            for s, alternatives in zip(self.sessions, blocking.TRAINING_SESSIONS, strict=True)
        )

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["version"] = TRAINING_VERSION
        return out


def present_fields(frame: pd.DataFrame) -> list[str]:
    """The comparisons (by output column) whose field at least two records have."""
    return [
        name
        for name, (column, _) in comparisons.FIELDS.items()
        if column in frame and int(frame[column].notna().sum()) >= 2
    ]


def field_words(names: list[str]) -> str:
    """``['father_name', 'event_date']`` → ``"fathers' names or dates"``."""
    words = [comparisons.FIELDS[n][1] for n in names]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _on(columns: tuple[str, ...]) -> str:
    words = [_COLUMN_WORDS.get(c, c) for c in columns]
    joined = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return f"the same {joined}"


def train(
    table: Any,
    sample: pd.DataFrame,
    fresh: dict[str, Any],
    plan: model.TrainingPlan,
    labels: Any | None = None,
) -> tuple[dict[str, Any], TrainingRecord]:
    """Train on ``sample`` (registered as ``table``); the model as JSON and its record.

    ``fresh`` is the untrained settings dictionary for the backend at hand.
    """
    n = len(sample)
    record = TrainingRecord(records=n, fields=present_fields(sample))
    absent = [name for name in comparisons.FIELDS if name not in record.fields]
    if absent:
        those = "that comparison weighs" if len(absent) == 1 else "those comparisons weigh"
        record.note(f"no two records have {field_words(absent)}: {those} nothing in the score")
    skipped: list[str] = []
    if n < 2:
        record.note("one record: nothing to train on; the model keeps its stated priors")
        trained = dict(fresh)
        u_pairs = 0.0
    else:
        linker = _linker_with_prior(table, fresh, plan, record)
        u_pairs = _estimate_u(linker, plan, n)
        for alternatives in blocking.TRAINING_SESSIONS:
            linker, passed = _run_session(linker, table, sample, alternatives, plan, record)
            if passed is not None:
                skipped.append(passed)
        if labels is not None:
            linker.training.estimate_m_from_pairwise_labels(labels)
        trained = model.model_json(linker)
        _drop_tables(linker)
    trained = with_priors(trained, u_pairs, record)
    if n >= 2:
        _session_notes(record, skipped, u_pairs)
    trained[TRAINING_KEY] = record.to_dict()
    return trained, record


def _linker_with_prior(
    table: Any, fresh: dict[str, Any], plan: model.TrainingPlan, record: TrainingRecord
) -> Any:
    """A linker whose prior match probability is estimated, or stated when it cannot be."""
    linker = model.new_linker(table, fresh)
    try:
        linker.training.estimate_probability_two_random_records_match(
            blocking.deterministic_rules(), recall=plan.prior_recall
        )
        estimated = float(model.model_json(linker)["probability_two_random_records_match"])
    except ValueError:
        # more near-certain pairs than the recall allows: a tiny case of close copies
        estimated = 0.0
    if 0.0 < estimated < 1.0:
        return linker
    _drop_tables(linker)
    stated = priors.probability_two_random_records_match(record.records)
    record.note(
        "no near-certain pairs to estimate how often two records match: "
        f"the stated prior, 1 in {1 / stated:,.0f} pairs, is used"
    )
    return model.new_linker(table, {**fresh, "probability_two_random_records_match": stated})


def _drop_tables(linker: Any) -> None:
    """Drop the tables Splink made for training (on Spark they would outlive the run).

    Splink's cache of intermediate tables is cleared with them: after a failed EM
    session the next one would otherwise look up a term-frequency table that is gone.
    """
    linker.table_management.delete_tables_created_by_splink_from_db()
    linker.table_management.invalidate_cache()


def _estimate_u(linker: Any, plan: model.TrainingPlan, records: int) -> float:
    """u by random sampling; the number of pairs it could draw from (an upper bound)."""
    linker.training.estimate_u_using_random_sampling(max_pairs=plan.u_max_pairs, seed=plan.seed)
    return float(min(plan.u_max_pairs, records * (records - 1) / 2))


def _run_session(
    linker: Any,
    table: Any,
    sample: pd.DataFrame,
    alternatives: tuple[tuple[str, ...], ...],
    plan: model.TrainingPlan,
    record: TrainingRecord,
) -> tuple[Any, str | None]:
    """Train on the first alternative with enough pairs.

    The linker to go on with, and what was passed over when nothing trained.
    """
    passed: list[str] = []
    for columns in alternatives:
        pairs = blocking.pairs_blocked_on(sample, columns)
        if pairs < MIN_SESSION_PAIRS:
            passed.append(f"{_on(columns)} ({pairs:,} pairs)")
            continue
        # A session that fails leaves Splink's settings without the comparisons it
        # blocked on (it takes them out while it trains): go on from a copy.
        before = model.model_json(linker)
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*columns),
                estimate_without_term_frequencies=True,
                max_pairs=plan.em_max_pairs,
            )
        except ValueError as exc:
            # EM can push a probability to exactly zero on few pairs, which Splink
            # refuses; the next alternative, or the priors, stand in.
            log.debug("EM session on %s failed", columns, exc_info=True)
            passed.append(f"{_on(columns)} (EM failed: {str(exc).splitlines()[0]})")
            _drop_tables(linker)
            linker = model.new_linker(table, model.with_parameters(before, before))
            continue
        record.sessions.append(Session(columns, pairs, True))
        if passed:
            record.note(
                f"trained on pairs with {_on(columns)} ({pairs:,} pairs); "
                f"passed over: {'; '.join(passed)}"
            )
        return linker, None
    record.sessions.append(Session(alternatives[0], 0, False))
    return linker, "; ".join(passed)


def _session_notes(record: TrainingRecord, skipped: list[str], u_pairs: float) -> None:
    if skipped and not any(s.ran for s in record.sessions):
        record.note(
            f"no training session had the {MIN_SESSION_PAIRS} pairs it needs "
            f"({record.records:,} records): matches are judged by the model's stated priors, "
            "and it trains again by itself once the case has twice as many records"
        )
        return
    for passed in skipped:
        record.note(
            f"a training session was skipped, no rule of it giving the {MIN_SESSION_PAIRS} "
            f"pairs it needs: {passed}"
        )
    if u_pairs < FEW_U_PAIRS:
        record.note(
            f"only {u_pairs:,.0f} pairs of records to learn how different people agree: "
            "those estimates lean on the model's stated priors"
        )
    if record.prior_m:
        record.note(
            f"no training session could estimate how matches agree on "
            f"{field_words(record.prior_m)}: the model keeps its stated priors for them"
        )


def with_priors(trained: dict[str, Any], u_pairs: float, record: TrainingRecord) -> dict[str, Any]:
    """``trained`` with every parameter it lacks from the priors, and u smoothed.

    An m that no session estimated takes its prior; a comparison all of whose m
    came so, with a field the case has, is listed in ``record.prior_m``. Fixed
    levels (the neutral swap levels) keep their values.
    """
    out = dict(trained)
    out_comparisons = []
    for comparison in trained["comparisons"]:
        name = comparison["output_column_name"]
        levels = [dict(level) for level in comparison["comparison_levels"]]
        stated = iter(priors.PRIORS[name])
        from_prior = []
        for level in levels:
            if level.get("is_null_level"):
                continue
            m_prior, u_prior = next(stated)
            if not level.get("fix_m_probability"):
                if level.get("m_probability") is None:
                    level["m_probability"] = m_prior
                    from_prior.append(True)
                else:
                    from_prior.append(False)
            if not level.get("fix_u_probability"):
                level["u_probability"] = priors.smoothed_u(
                    level.get("u_probability"), u_prior, u_pairs
                )
        if from_prior and all(from_prior) and name in record.fields:
            record.prior_m.append(name)
        out_comparisons.append({**comparison, "comparison_levels": levels})
    out["comparisons"] = out_comparisons
    return out

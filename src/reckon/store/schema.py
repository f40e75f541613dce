"""The tables of a case (SQLAlchemy Core; the same on SQLite and PostgreSQL).

The event log in the vault is the source of truth for what happened; these
tables are the queryable state derived from it. Every table that later work
needs (detainee timelines, officials' statements) has its place here already
so that it arrives without a rewrite:

* ``sources`` and ``imports``: who sent which list, and each file imported.
* ``records``: one row of one list, its raw row verbatim beside the fields read
  from it. A record names a person *or* describes an incident with a minimum
  and maximum count ("14 bodies, unnamed").
* ``problems``: every field that could not be read, with row, column, value.
* ``persons``: clusters of records (filled in by linkage), with corroboration.
* ``link_decisions``: reviewers' decisions on pairs; they override the model.
* ``link_runs``: each linkage run and its settings.
* ``evidence`` and ``evidence_links``: vault objects and what they support.
* ``timeline``: dated steps in a person's story (arrest, transfer, sentence,
  execution, release) for detainees at risk; a record with event type
  ``detained`` opens one.
* ``custody_registers`` and ``custody_steps``: facilities, courts and judges, and
  each detainee's custody timeline (``reckon.detainees``).
* ``statements``: officials' statements archived as evidence of intent.
* ``estimates``: each estimate the user ran (``estimate.run``): its settings, its
  headline figures and the vault object holding its whole result.
* ``applied_events`` and ``meta``: bookkeeping local to this database (which
  log events it applied; its id); the log's state digests cover every other table.
* ``users`` and ``edit_proposals``: the web app's accounts and the edits of
  another's record waiting for review: local server state, never in the log
  (a password hash has no place in a log carried out of the country).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

SOURCE_KINDS = (
    "morgue",
    "hospital",
    "family",
    "ngo",
    "media",
    "social",
    "official",
    "detainee",
    "other",
)
EVENT_TYPES = ("killed", "died_in_custody", "executed", "detained", "disappeared", "injured")
CORROBORATION = ("confirmed", "under_investigation")
DECISIONS = ("match", "non_match", "unsure")

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("description", Text),
    Column("collected_by", Text),
    Column("period_start", Date),
    Column("period_end", Date),
    Column("reliability", String(20)),
    Column("default_calendar", String(10)),
    # Sources that are not independent of each other (one copies the other)
    # share a group; corroboration needs two different groups.
    Column("independence_group", String(200)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("object_sha256", String(64), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("file_format", String(10), nullable=False),
    Column("encoding", String(40)),
    Column("mapping", JSON, nullable=False),
    Column("rows_read", Integer, nullable=False),
    Column("records_imported", Integer, nullable=False),
    Column("rows_rejected", Integer, nullable=False),
    Column("problem_count", Integer, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("event_hash", String(64)),
    # 1 for the first reading of the file; each re-read (``import.reread``) adds one
    Column("version", Integer, nullable=False, default=1, server_default="1"),
    UniqueConstraint("source_id", "object_sha256", name="uq_import_source_object"),
)

records = Table(
    "records",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("import_id", Integer, ForeignKey("imports.id"), nullable=False),
    Column("source_record_id", String(200), nullable=False),
    Column("row_number", Integer, nullable=False),
    Column("raw", JSON, nullable=False),
    # names as written, and as read
    Column("full_name", Text),
    Column("given_name", Text),
    Column("family_name", Text),
    Column("father_name", Text),
    Column("honorifics", Text),
    Column("name_canonical", Text),
    Column("name_key", Text),
    Column("given_key", Text),
    Column("family_key", Text),
    Column("father_key", Text),
    Column("script", String(10)),
    # who
    Column("sex", String(10)),
    Column("sex_inferred", Boolean),
    Column("age", Integer),
    Column("age_min", Integer),
    Column("age_max", Integer),
    Column("birth_year", Integer),
    # what, when, where
    Column("event_type", String(20)),
    Column("date_text", Text),
    Column("date_calendar", String(10)),
    Column("date_precision", String(10)),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("place_text", Text),
    Column("province_code", String(10)),
    Column("county", Text),
    Column("city", Text),
    Column("cause", Text),
    Column("notes", Text),
    # an incident rather than a named person
    Column("is_incident", Boolean, nullable=False, default=False),
    Column("count_min", Integer),
    Column("count_max", Integer),
    # filled in by linkage
    Column("person_id", Integer, ForeignKey("persons.id")),
    Column("match_probability", Float),
    UniqueConstraint("source_id", "source_record_id", name="uq_record_source_id"),
)
Index("ix_records_person", records.c.person_id)
Index("ix_records_import", records.c.import_id)
# the web app's name search: one word is looked up by its cross-script key (migration 0004)
Index("ix_records_family_key", records.c.family_key)
Index("ix_records_given_key", records.c.given_key)
Index("ix_records_name_key", records.c.name_key)

problems = Table(
    "problems",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("import_id", Integer, ForeignKey("imports.id"), nullable=False),
    Column("row_number", Integer),
    Column("column_name", Text),
    Column("value", Text),
    Column("reason", Text, nullable=False),
    # "field": the row was imported with this field left empty;
    # "rejected": the row could not form a record and went to the rejects file.
    Column("severity", String(10), nullable=False),
)

persons = Table(
    "persons",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("status", String(30), nullable=False, default="under_investigation"),
    Column("full_name", Text),
    Column("given_name", Text),
    Column("family_name", Text),
    Column("father_name", Text),
    Column("name_key", Text),
    Column("sex", String(10)),
    Column("age", Integer),
    Column("birth_year", Integer),
    Column("event_type", String(20)),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("date_precision", String(10)),
    Column("province_code", String(10)),
    Column("county", Text),
    Column("city", Text),
    Column("n_records", Integer, nullable=False, default=0),
    Column("n_sources", Integer, nullable=False, default=0),
    Column("is_incident", Boolean, nullable=False, default=False),
    Column("count_min", Integer),
    Column("count_max", Integer),
    Column("link_run_id", Integer),
)

link_runs = Table(
    "link_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("backend", String(20), nullable=False),
    Column("threshold", Float, nullable=False),
    Column("model_path", Text),
    Column("comparisons", Integer),
    Column("persons", Integer),
    Column("settings", JSON),
)


# The columns that name a pair of records in decisions, labels and review files.
PAIR_KEYS = ("source_a", "record_a", "source_b", "record_b")


def _pair_columns() -> list[Column[Any]]:
    """A pair of records named by stable keys, not row ids, so a re-import or a
    rebuild from the log keeps every decision and label."""
    return [Column(name, String(200), nullable=False) for name in PAIR_KEYS]


link_decisions = Table(
    "link_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *_pair_columns(),
    Column("decision", String(20), nullable=False),
    Column("reviewer", Text, nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("reason", Text),
    Column("match_probability", Float),
)
Index("ix_decisions_pair", link_decisions.c.source_a, link_decisions.c.record_a)

# Clerical labels on a random sample of pairs, for measuring the linkage on real
# lists (which have no truth file). Kept apart from decisions on purpose: they
# never steer the clustering or the model, so the measure stays honest.
link_labels = Table(
    "link_labels",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *_pair_columns(),
    Column("decision", String(20), nullable=False),
    Column("weight", Float, nullable=False),  # scored pairs this sampled pair stands for
    Column("stratum", String(40)),
    Column("reviewer", Text, nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("reason", Text),
    Column("match_probability", Float),
)

evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("object_sha256", String(64), nullable=False, unique=True),
    Column("file_name", Text),
    Column("media_type", String(100)),
    Column("size", Integer),
    Column("sensitive", Boolean, nullable=False, default=False),
    Column("custody", JSON, nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("event_hash", String(64)),
)

evidence_links = Table(
    "evidence_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("evidence_id", Integer, ForeignKey("evidence.id"), nullable=False),
    Column("record_id", Integer, ForeignKey("records.id")),
    Column("person_id", Integer, ForeignKey("persons.id")),
)

timeline = Table(
    "timeline",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", Integer, ForeignKey("persons.id")),
    Column("record_id", Integer, ForeignKey("records.id")),
    Column("step", String(30), nullable=False),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("place_text", Text),
    Column("province_code", String(10)),
    Column("facility", Text),
    Column("notes", Text),
)

# Detainees at risk (``reckon.detainees``): three registers (facilities, courts,
# judges; one table, told apart by ``register``) and each person's custody steps.
# A step names its detainee by a record (``source:record_id``), which survives every
# re-link; the person is found through ``records.person_id``.
custody_registers = Table(
    "custody_registers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("register", String(10), nullable=False),  # facility, court or judge
    Column("code", String(100), nullable=False),
    Column("name_fa", Text),
    Column("name_latin", Text),
    Column("place_text", Text),
    Column("province_code", String(10)),
    Column("county", Text),
    Column("city", Text),
    Column("court_code", String(100)),  # a judge's court
    Column("executions", Boolean, nullable=False, default=False),  # a facility known for them
    Column("notes", Text),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("register", "code", name="uq_custody_register_code"),
)

custody_steps = Table(
    "custody_steps",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("step_id", String(40), nullable=False, unique=True),
    Column("subject", String(401), nullable=False),  # source:record_id
    Column("step", String(30), nullable=False),
    Column("date_text", Text, nullable=False),
    Column("date_calendar", String(10)),
    Column("date_precision", String(10)),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("source", Text, nullable=False),  # who says so
    Column("source_url", Text),
    Column("reliability", String(10), nullable=False),
    Column("facility_code", String(100)),
    Column("court_code", String(100)),
    Column("judge_code", String(100)),
    Column("court_branch", Text),
    Column("force", Text),  # who arrested
    Column("charges", JSON, nullable=False),
    Column("sentence", Text),
    Column("capital", Boolean),  # a capital charge or a death sentence
    Column("lawyer", String(20)),
    Column("age_text", Text),  # age or birth date as stated at this step
    Column("place_text", Text),
    Column("province_code", String(10)),
    Column("county", Text),
    Column("city", Text),
    Column("notes", Text),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)
Index("ix_custody_steps_subject", custody_steps.c.subject)

# Officials' statements archived as evidence of intent (``reckon.statements``).
# ``search_terms`` is the text as the search reads it (``statements.text``):
# SQLite's FTS5 and PostgreSQL both match on it, so both give the same hits.
statements = Table(
    "statements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("statement_id", String(40), nullable=False, unique=True),
    Column("speaker", Text, nullable=False),
    Column("office", Text),  # the office held on that date
    Column("date_text", Text, nullable=False),
    Column("date_calendar", String(10)),
    Column("date_precision", String(10)),
    Column("said_on", Date),
    Column("said_until", Date),
    Column("venue", Text),
    Column("audience", Text),
    Column("medium", String(40)),
    Column("language", String(10)),
    Column("text", Text, nullable=False),
    Column("search_terms", Text, nullable=False),
    Column("translations", JSON, nullable=False),
    Column("url", Text),
    Column("evidence_id", Integer, ForeignKey("evidence.id")),  # the saved copy
    Column("tags", JSON, nullable=False),
    Column("links", JSON, nullable=False),  # detainees, incidents, periods it names
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

estimates = Table(
    "estimates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_at", DateTime(timezone=True), nullable=False),
    Column("author", String(100), nullable=False),
    Column("method", String(40), nullable=False),
    Column("stratified_by", String(40)),  # None: one estimate for the whole case
    Column("seed", BigInteger),
    Column("linkage_draws", Integer, nullable=False),
    Column("options", JSON),
    Column("observed", Integer, nullable=False),
    Column("estimate", Float),  # None when the data carry no number
    Column("ci_low", Float),
    Column("ci_high", Float),
    Column("finding", Boolean, nullable=False),  # the method's verdict (identified, converged)
    Column("warnings", JSON),
    Column("result_object", String(64), nullable=False),  # the whole result, JSON in the vault
    Column("batch", String(40)),  # methods run by one command share it
)

# Which log events the database has applied: replaying the log onto a fresh
# database, or after a crash between the log and the database, starts here.
applied_events = Table(
    "applied_events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("event_hash", String(64), nullable=False, unique=True),
    Column("kind", String(40), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

# Facts about this database itself, not derived from the log: its random id
# (``database_id``), which tells apart the databases one log has vouched for (the
# first, a rebuild, a PostgreSQL copy), and where the log's last digest of it is
# (``last_digest``: a hint to find it without reading the whole log). Neither is
# digested: the log's ``state.digest`` events name the id, and the hint is checked.
meta = Table(
    "meta",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)


# The web app's accounts (``reckon user``, ``reckon serve``). Local to this server:
# the log says who did what through each user's own signing key (``key_id``, added
# by ``key.added``); the password hash, TOTP secret and lockout count stay here.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("password_hash", Text, nullable=False),  # argon2id, PHC string
    Column("key_id", String(16), nullable=False),
    Column("totp_secret", Text),
    Column("lang", String(10), nullable=False, default="en"),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# A documenter's change to a record someone else entered, held until a reviewer
# accepts it (then it is a ``record.edited`` event signed by the reviewer) or refuses it.
edit_proposals = Table(
    "edit_proposals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("target", String(401), nullable=False),  # source:record_id
    Column("field", String(40), nullable=False),
    Column("value", Text),
    Column("proposed_by", String(100), nullable=False),
    Column("proposed_at", DateTime(timezone=True), nullable=False),
    Column("status", String(20), nullable=False, default="pending"),
    Column("decided_by", String(100)),
)

"""The schema of reckon 0.1.0, the first release with migrations.

Cases written before migrations existed have no ``alembic_version`` and may
lack tables that later 0.1.0 commits added: each table is created only when
missing, so such a case comes to this revision without losing a row.

Revision ID: 0001_initial
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "applied_events" not in existing:
        op.create_table(
            "applied_events",
            sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
            sa.Column("event_hash", sa.String(length=64), nullable=False),
            sa.Column("kind", sa.String(length=40), nullable=False),
            sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("seq"),
            sa.UniqueConstraint("event_hash"),
        )
    if "evidence" not in existing:
        op.create_table(
            "evidence",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("object_sha256", sa.String(length=64), nullable=False),
            sa.Column("file_name", sa.Text(), nullable=True),
            sa.Column("media_type", sa.String(length=100), nullable=True),
            sa.Column("size", sa.Integer(), nullable=True),
            sa.Column("sensitive", sa.Boolean(), nullable=False),
            sa.Column("custody", sa.JSON(), nullable=False),
            sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("event_hash", sa.String(length=64), nullable=True),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("object_sha256"),
        )
    if "link_decisions" not in existing:
        op.create_table(
            "link_decisions",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("source_a", sa.String(length=200), nullable=False),
            sa.Column("record_a", sa.String(length=200), nullable=False),
            sa.Column("source_b", sa.String(length=200), nullable=False),
            sa.Column("record_b", sa.String(length=200), nullable=False),
            sa.Column("decision", sa.String(length=20), nullable=False),
            sa.Column("reviewer", sa.Text(), nullable=False),
            sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("reason", sa.Text(), nullable=True),
            sa.Column("match_probability", sa.Float(), nullable=True),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("link_decisions", schema=None) as batch_op:
            batch_op.create_index("ix_decisions_pair", ["source_a", "record_a"], unique=False)

    if "link_labels" not in existing:
        op.create_table(
            "link_labels",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("source_a", sa.String(length=200), nullable=False),
            sa.Column("record_a", sa.String(length=200), nullable=False),
            sa.Column("source_b", sa.String(length=200), nullable=False),
            sa.Column("record_b", sa.String(length=200), nullable=False),
            sa.Column("decision", sa.String(length=20), nullable=False),
            sa.Column("weight", sa.Float(), nullable=False),
            sa.Column("stratum", sa.String(length=40), nullable=True),
            sa.Column("reviewer", sa.Text(), nullable=False),
            sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("reason", sa.Text(), nullable=True),
            sa.Column("match_probability", sa.Float(), nullable=True),
            sa.PrimaryKeyConstraint("id"),
        )
    if "link_runs" not in existing:
        op.create_table(
            "link_runs",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("backend", sa.String(length=20), nullable=False),
            sa.Column("threshold", sa.Float(), nullable=False),
            sa.Column("model_path", sa.Text(), nullable=True),
            sa.Column("comparisons", sa.Integer(), nullable=True),
            sa.Column("persons", sa.Integer(), nullable=True),
            sa.Column("settings", sa.JSON(), nullable=True),
            sa.PrimaryKeyConstraint("id"),
        )
    if "persons" not in existing:
        op.create_table(
            "persons",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("status", sa.String(length=30), nullable=False),
            sa.Column("full_name", sa.Text(), nullable=True),
            sa.Column("given_name", sa.Text(), nullable=True),
            sa.Column("family_name", sa.Text(), nullable=True),
            sa.Column("father_name", sa.Text(), nullable=True),
            sa.Column("name_key", sa.Text(), nullable=True),
            sa.Column("sex", sa.String(length=10), nullable=True),
            sa.Column("age", sa.Integer(), nullable=True),
            sa.Column("birth_year", sa.Integer(), nullable=True),
            sa.Column("event_type", sa.String(length=20), nullable=True),
            sa.Column("date_start", sa.Date(), nullable=True),
            sa.Column("date_end", sa.Date(), nullable=True),
            sa.Column("date_precision", sa.String(length=10), nullable=True),
            sa.Column("province_code", sa.String(length=10), nullable=True),
            sa.Column("county", sa.Text(), nullable=True),
            sa.Column("city", sa.Text(), nullable=True),
            sa.Column("n_records", sa.Integer(), nullable=False),
            sa.Column("n_sources", sa.Integer(), nullable=False),
            sa.Column("is_incident", sa.Boolean(), nullable=False),
            sa.Column("count_min", sa.Integer(), nullable=True),
            sa.Column("count_max", sa.Integer(), nullable=True),
            sa.Column("link_run_id", sa.Integer(), nullable=True),
            sa.PrimaryKeyConstraint("id"),
        )
    if "sources" not in existing:
        op.create_table(
            "sources",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("name", sa.String(length=200), nullable=False),
            sa.Column("kind", sa.String(length=20), nullable=False),
            sa.Column("description", sa.Text(), nullable=True),
            sa.Column("collected_by", sa.Text(), nullable=True),
            sa.Column("period_start", sa.Date(), nullable=True),
            sa.Column("period_end", sa.Date(), nullable=True),
            sa.Column("reliability", sa.String(length=20), nullable=True),
            sa.Column("default_calendar", sa.String(length=10), nullable=True),
            sa.Column("independence_group", sa.String(length=200), nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("name"),
        )
    if "imports" not in existing:
        op.create_table(
            "imports",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("source_id", sa.Integer(), nullable=False),
            sa.Column("object_sha256", sa.String(length=64), nullable=False),
            sa.Column("file_name", sa.Text(), nullable=False),
            sa.Column("file_format", sa.String(length=10), nullable=False),
            sa.Column("encoding", sa.String(length=40), nullable=True),
            sa.Column("mapping", sa.JSON(), nullable=False),
            sa.Column("rows_read", sa.Integer(), nullable=False),
            sa.Column("records_imported", sa.Integer(), nullable=False),
            sa.Column("rows_rejected", sa.Integer(), nullable=False),
            sa.Column("problem_count", sa.Integer(), nullable=False),
            sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("event_hash", sa.String(length=64), nullable=True),
            sa.ForeignKeyConstraint(
                ["source_id"],
                ["sources.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("source_id", "object_sha256", name="uq_import_source_object"),
        )
    if "statements" not in existing:
        op.create_table(
            "statements",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("official", sa.Text(), nullable=False),
            sa.Column("office", sa.Text(), nullable=True),
            sa.Column("said_on", sa.Date(), nullable=True),
            sa.Column("language", sa.String(length=10), nullable=True),
            sa.Column("text", sa.Text(), nullable=True),
            sa.Column("evidence_id", sa.Integer(), nullable=True),
            sa.Column("url", sa.Text(), nullable=True),
            sa.ForeignKeyConstraint(
                ["evidence_id"],
                ["evidence.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
        )
    if "problems" not in existing:
        op.create_table(
            "problems",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("import_id", sa.Integer(), nullable=False),
            sa.Column("row_number", sa.Integer(), nullable=True),
            sa.Column("column_name", sa.Text(), nullable=True),
            sa.Column("value", sa.Text(), nullable=True),
            sa.Column("reason", sa.Text(), nullable=False),
            sa.Column("severity", sa.String(length=10), nullable=False),
            sa.ForeignKeyConstraint(
                ["import_id"],
                ["imports.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
        )
    if "records" not in existing:
        op.create_table(
            "records",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("source_id", sa.Integer(), nullable=False),
            sa.Column("import_id", sa.Integer(), nullable=False),
            sa.Column("source_record_id", sa.String(length=200), nullable=False),
            sa.Column("row_number", sa.Integer(), nullable=False),
            sa.Column("raw", sa.JSON(), nullable=False),
            sa.Column("full_name", sa.Text(), nullable=True),
            sa.Column("given_name", sa.Text(), nullable=True),
            sa.Column("family_name", sa.Text(), nullable=True),
            sa.Column("father_name", sa.Text(), nullable=True),
            sa.Column("honorifics", sa.Text(), nullable=True),
            sa.Column("name_canonical", sa.Text(), nullable=True),
            sa.Column("name_key", sa.Text(), nullable=True),
            sa.Column("given_key", sa.Text(), nullable=True),
            sa.Column("family_key", sa.Text(), nullable=True),
            sa.Column("father_key", sa.Text(), nullable=True),
            sa.Column("script", sa.String(length=10), nullable=True),
            sa.Column("sex", sa.String(length=10), nullable=True),
            sa.Column("sex_inferred", sa.Boolean(), nullable=True),
            sa.Column("age", sa.Integer(), nullable=True),
            sa.Column("age_min", sa.Integer(), nullable=True),
            sa.Column("age_max", sa.Integer(), nullable=True),
            sa.Column("birth_year", sa.Integer(), nullable=True),
            sa.Column("event_type", sa.String(length=20), nullable=True),
            sa.Column("date_text", sa.Text(), nullable=True),
            sa.Column("date_calendar", sa.String(length=10), nullable=True),
            sa.Column("date_precision", sa.String(length=10), nullable=True),
            sa.Column("date_start", sa.Date(), nullable=True),
            sa.Column("date_end", sa.Date(), nullable=True),
            sa.Column("place_text", sa.Text(), nullable=True),
            sa.Column("province_code", sa.String(length=10), nullable=True),
            sa.Column("county", sa.Text(), nullable=True),
            sa.Column("city", sa.Text(), nullable=True),
            sa.Column("cause", sa.Text(), nullable=True),
            sa.Column("notes", sa.Text(), nullable=True),
            sa.Column("is_incident", sa.Boolean(), nullable=False),
            sa.Column("count_min", sa.Integer(), nullable=True),
            sa.Column("count_max", sa.Integer(), nullable=True),
            sa.Column("person_id", sa.Integer(), nullable=True),
            sa.Column("match_probability", sa.Float(), nullable=True),
            sa.ForeignKeyConstraint(
                ["import_id"],
                ["imports.id"],
            ),
            sa.ForeignKeyConstraint(
                ["person_id"],
                ["persons.id"],
            ),
            sa.ForeignKeyConstraint(
                ["source_id"],
                ["sources.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("source_id", "source_record_id", name="uq_record_source_id"),
        )
        with op.batch_alter_table("records", schema=None) as batch_op:
            batch_op.create_index("ix_records_import", ["import_id"], unique=False)
            batch_op.create_index("ix_records_person", ["person_id"], unique=False)

    if "evidence_links" not in existing:
        op.create_table(
            "evidence_links",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("evidence_id", sa.Integer(), nullable=False),
            sa.Column("record_id", sa.Integer(), nullable=True),
            sa.Column("person_id", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(
                ["evidence_id"],
                ["evidence.id"],
            ),
            sa.ForeignKeyConstraint(
                ["person_id"],
                ["persons.id"],
            ),
            sa.ForeignKeyConstraint(
                ["record_id"],
                ["records.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
        )
    if "timeline" not in existing:
        op.create_table(
            "timeline",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("person_id", sa.Integer(), nullable=True),
            sa.Column("record_id", sa.Integer(), nullable=True),
            sa.Column("step", sa.String(length=30), nullable=False),
            sa.Column("date_start", sa.Date(), nullable=True),
            sa.Column("date_end", sa.Date(), nullable=True),
            sa.Column("place_text", sa.Text(), nullable=True),
            sa.Column("province_code", sa.String(length=10), nullable=True),
            sa.Column("facility", sa.Text(), nullable=True),
            sa.Column("notes", sa.Text(), nullable=True),
            sa.ForeignKeyConstraint(
                ["person_id"],
                ["persons.id"],
            ),
            sa.ForeignKeyConstraint(
                ["record_id"],
                ["records.id"],
            ),
            sa.PrimaryKeyConstraint("id"),
        )


def downgrade() -> None:
    op.drop_table("timeline")
    op.drop_table("evidence_links")
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_index("ix_records_person")
        batch_op.drop_index("ix_records_import")

    op.drop_table("records")
    op.drop_table("problems")
    op.drop_table("statements")
    op.drop_table("imports")
    op.drop_table("sources")
    op.drop_table("persons")
    op.drop_table("link_runs")
    op.drop_table("link_labels")
    with op.batch_alter_table("link_decisions", schema=None) as batch_op:
        batch_op.drop_index("ix_decisions_pair")

    op.drop_table("link_decisions")
    op.drop_table("evidence")
    op.drop_table("applied_events")

"""custody and statements: the registers, custody steps, and statements in full.

The ``statements`` table of 0001 was a placeholder no version of reckon wrote to;
it is replaced by the archive's shape (``reckon.statements``).

Revision ID: 0005_custody_statements
Revises: 0004_users
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_custody_statements"
down_revision = "0004_users"
branch_labels = None
depends_on = None


def _place() -> list[sa.Column[object]]:
    return [
        sa.Column("place_text", sa.Text(), nullable=True),
        sa.Column("province_code", sa.String(length=10), nullable=True),
        sa.Column("county", sa.Text(), nullable=True),
        sa.Column("city", sa.Text(), nullable=True),
    ]


def upgrade() -> None:
    # like 0001 and 0002, creates only what is missing: a case whose version stamp was
    # lost runs every revision again over the tables it has
    inspector = sa.inspect(op.get_bind())
    existing = set(inspector.get_table_names())
    if "statements" in existing:
        columns = {c["name"] for c in inspector.get_columns("statements")}
        if "official" in columns:  # the placeholder's shape
            op.drop_table("statements")
            existing.discard("statements")
    if "custody_registers" not in existing:
        _registers()
    if "custody_steps" not in existing:
        _steps()
    if "statements" not in existing:
        _statements()


def _registers() -> None:
    op.create_table(
        "custody_registers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("register", sa.String(length=10), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("name_fa", sa.Text(), nullable=True),
        sa.Column("name_latin", sa.Text(), nullable=True),
        *_place(),
        sa.Column("court_code", sa.String(length=100), nullable=True),
        sa.Column("executions", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("register", "code", name="uq_custody_register_code"),
    )


def _steps() -> None:
    op.create_table(
        "custody_steps",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("step_id", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=401), nullable=False),
        sa.Column("step", sa.String(length=30), nullable=False),
        sa.Column("date_text", sa.Text(), nullable=False),
        sa.Column("date_calendar", sa.String(length=10), nullable=True),
        sa.Column("date_precision", sa.String(length=10), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("reliability", sa.String(length=10), nullable=False),
        sa.Column("facility_code", sa.String(length=100), nullable=True),
        sa.Column("court_code", sa.String(length=100), nullable=True),
        sa.Column("judge_code", sa.String(length=100), nullable=True),
        sa.Column("court_branch", sa.Text(), nullable=True),
        sa.Column("force", sa.Text(), nullable=True),
        sa.Column("charges", sa.JSON(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=True),
        sa.Column("capital", sa.Boolean(), nullable=True),
        sa.Column("lawyer", sa.String(length=20), nullable=True),
        sa.Column("age_text", sa.Text(), nullable=True),
        *_place(),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("step_id"),
    )
    op.create_index("ix_custody_steps_subject", "custody_steps", ["subject"])


def _statements() -> None:
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("statement_id", sa.String(length=40), nullable=False),
        sa.Column("speaker", sa.Text(), nullable=False),
        sa.Column("office", sa.Text(), nullable=True),
        sa.Column("date_text", sa.Text(), nullable=False),
        sa.Column("date_calendar", sa.String(length=10), nullable=True),
        sa.Column("date_precision", sa.String(length=10), nullable=True),
        sa.Column("said_on", sa.Date(), nullable=True),
        sa.Column("said_until", sa.Date(), nullable=True),
        sa.Column("venue", sa.Text(), nullable=True),
        sa.Column("audience", sa.Text(), nullable=True),
        sa.Column("medium", sa.String(length=40), nullable=True),
        sa.Column("language", sa.String(length=10), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("search_terms", sa.Text(), nullable=False),
        sa.Column("translations", sa.JSON(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("statement_id"),
    )


def downgrade() -> None:
    op.drop_table("statements")
    op.drop_index("ix_custody_steps_subject", table_name="custody_steps")
    op.drop_table("custody_steps")
    op.drop_table("custody_registers")
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
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"]),
        sa.PrimaryKeyConstraint("id"),
    )

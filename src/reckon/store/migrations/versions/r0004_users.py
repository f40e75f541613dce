"""users, edit_proposals: the web app's accounts and pending edits (local server state);
indexes on the records' name keys for the web app's search.

Revision ID: 0004_users
Revises: 0003_estimates
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_users"
down_revision = "0003_estimates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    have = set(sa.inspect(op.get_bind()).get_table_names())
    if "users" not in have:
        op.create_table(
            "users",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("username", sa.String(length=100), nullable=False),
            sa.Column("role", sa.String(length=20), nullable=False),
            sa.Column("password_hash", sa.Text(), nullable=False),
            sa.Column("key_id", sa.String(length=16), nullable=False),
            sa.Column("totp_secret", sa.Text(), nullable=True),
            sa.Column("lang", sa.String(length=10), nullable=False),
            sa.Column("disabled", sa.Boolean(), nullable=False),
            sa.Column("failed_logins", sa.Integer(), nullable=False),
            sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("username"),
        )
    if "edit_proposals" not in have:
        op.create_table(
            "edit_proposals",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("target", sa.String(length=401), nullable=False),
            sa.Column("field", sa.String(length=40), nullable=False),
            sa.Column("value", sa.Text(), nullable=True),
            sa.Column("proposed_by", sa.String(length=100), nullable=False),
            sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("status", sa.String(length=20), nullable=False),
            sa.Column("decided_by", sa.String(length=100), nullable=True),
            sa.PrimaryKeyConstraint("id"),
        )

    have_indexes = {i["name"] for i in sa.inspect(op.get_bind()).get_indexes("records")}
    for column in ("family_key", "given_key", "name_key"):
        if f"ix_records_{column}" not in have_indexes:
            op.create_index(f"ix_records_{column}", "records", [column])


def downgrade() -> None:
    for column in ("family_key", "given_key", "name_key"):
        op.drop_index(f"ix_records_{column}", table_name="records")
    op.drop_table("edit_proposals")
    op.drop_table("users")

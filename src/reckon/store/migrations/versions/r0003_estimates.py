"""estimates: each estimate the user ran (the ``estimate.run`` event).

Revision ID: 0003_estimates
Revises: 0002_meta
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_estimates"
down_revision = "0002_meta"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "estimates" in sa.inspect(op.get_bind()).get_table_names():
        return  # a database without its version stamp (copied table by table) has it already
    op.create_table(
        "estimates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("method", sa.String(length=40), nullable=False),
        sa.Column("stratified_by", sa.String(length=40), nullable=True),
        sa.Column("seed", sa.BigInteger(), nullable=True),
        sa.Column("linkage_draws", sa.Integer(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=True),
        sa.Column("observed", sa.Integer(), nullable=False),
        sa.Column("estimate", sa.Float(), nullable=True),
        sa.Column("ci_low", sa.Float(), nullable=True),
        sa.Column("ci_high", sa.Float(), nullable=True),
        sa.Column("finding", sa.Boolean(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=True),
        sa.Column("result_object", sa.String(length=64), nullable=False),
        sa.Column("batch", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("estimates")

"""imports.version: which reading of its file an import holds (``import.reread``).

Revision ID: 0006_reread
Revises: 0005_custody_statements
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_reread"
down_revision = "0005_custody_statements"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("imports")}
    if "version" in columns:
        return  # made by create_all on a case from before migrations
    op.add_column("imports", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("imports") as batch:
        batch.drop_column("version")

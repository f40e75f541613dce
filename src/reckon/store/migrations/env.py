"""Alembic's entry: migrations always run on a connection that ``store.migrate`` passes in."""

from __future__ import annotations

from alembic import context

from reckon.store.schema import metadata

connection = context.config.attributes["connection"]
# SQLite cannot ALTER most things in place: batch mode copies the table instead.
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

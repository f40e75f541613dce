"""Bring a case's database to the schema of this version of reckon (Alembic).

``upgrade`` is the only way a schema comes to be: a fresh database is built by
running every migration, a case from an older reckon runs the ones it lacks,
and a case written before migrations existed (no ``alembic_version``) starts
from the first revision, which creates only the tables it is missing. Opening
a case whose schema is already current costs one query (``HEAD`` below, which a
test holds equal to the newest revision).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, inspect, text

# The newest revision in migrations/versions (tests/store/test_migrations.py checks it).
HEAD = "0004_users"
MIGRATIONS = Path(__file__).with_name("migrations")


def config(conn: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    with engine.begin() as conn:
        current = current_revision(conn)
        if current is not None and not inspect(conn).has_table("applied_events"):
            # the case's tables were dropped but not the version stamp: build afresh
            conn.execute(text("DELETE FROM alembic_version"))
            current = None
        if current == HEAD:
            return
        command.upgrade(config(conn), "head")

"""Alembic migrations of a case's database (SQLite and PostgreSQL); run by ``store.migrate``."""

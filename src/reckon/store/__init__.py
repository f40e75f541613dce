"""reckon.store: tables and queries (SQLAlchemy Core; SQLite and PostgreSQL).

Only this package writes SQL.
"""

from reckon.store.engine import create_schema, make_engine
from reckon.store.schema import metadata

__all__ = ["create_schema", "make_engine", "metadata"]
